"""`voiceinfo export --epub` where nothing needs building: its mistakes are one short line, and
`voiceinfo export --lang` keeps its JSON contract."""

from __future__ import annotations

import json

import pytest

from voiceinfo.environment import ExitStatus


def test_a_book_that_cannot_be_written_is_one_short_line_before_any_building(run_cli, tmp_path):
    (tmp_path / "file").write_text("")
    result = run_cli("export", "--epub", str(tmp_path / "file" / "guide.epub"), "--lang", "es")
    assert result.status != 0
    assert result.stderr.startswith("voiceinfo: the book cannot be written")
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_export_without_epub_still_prints_the_tree_as_json(run_cli):
    result = run_cli("export", "--lang", "es")
    assert result.status == 0
    tree = json.loads(result.stdout)
    assert (tree["lang"], tree["id"]) == ("es", "home")
    assert {"id", "title", "segments", "children", "references"} <= tree.keys()


@pytest.mark.parametrize("options", [["--site", "SITE", "--epub", "BOOK"],
                                     ["--epub", "BOOK", "--site", "SITE"]])
def test_site_and_epub_together_are_refused_with_a_usage_line(run_cli, capsys, tmp_path,
                                                              options):
    """`--epub` was once silently ignored beside `--site` (issue 24)."""
    site, book = tmp_path / "site", tmp_path / "guide.epub"
    site.write_text("")  # were either built, it would fail at once rather than take minutes
    paths = {"SITE": str(site), "BOOK": str(book)}
    result = run_cli("export", *[paths.get(option, option) for option in options])
    assert result.status == ExitStatus.USAGE
    error = capsys.readouterr().err
    assert "not allowed with argument" in error and "Traceback" not in error
    assert not book.exists()
