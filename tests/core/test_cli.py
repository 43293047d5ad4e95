"""`voiceinfo` end to end through the injected environment: the text loop, the bookmark,
`export` and `check`, and the failures a person can meet."""

from __future__ import annotations

import json
import os
import shutil
import stat

import pytest

from tests.support.streams import InterruptedInput
from voiceinfo.content import FIXED_TOPIC_IDS, content_dir
from voiceinfo.environment import ExitStatus


def test_the_done_when_pipe(run_cli, guide):
    result = run_cli("--text", "--no-listen", stdin="fatigue\nnext\nwhere\nhome\nquit\n")
    english = guide.localizer("en")
    fatigue = [english.segment_text(s) for s in guide.tree.topics["fatigue"].segments]
    assert result.status == ExitStatus.SUCCESS
    assert result.lines[0] == "Acupuncture and MS"
    assert fatigue[0] in result.lines and fatigue[1] in result.lines
    assert "You are at Does it help with MS, then Fatigue, part 2 of 3." in result.lines
    assert result.lines.count("Acupuncture and MS") == 2
    assert result.lines[-1] == "Goodbye."
    assert result.stderr == ""


def test_single_key_lines_work_when_piped(run_cli):
    result = run_cli("--text", stdin="2\nn\nw\nq\n")
    assert "You are at About MS, part 2 of 5." in result.lines
    assert result.lines[-1] == "Goodbye."


def test_end_of_input_without_quit_exits_cleanly_and_keeps_the_place(run_cli):
    first = run_cli("--text", stdin="walking\nnext\n")
    assert first.status == ExitStatus.SUCCESS
    second = run_cli("--text", stdin="continue\nwhere\nquit\n")
    assert "Say continue to go back to Walking, part 2." in second.lines
    assert "You are at Does it help with MS, then Walking, part 2 of 4." in second.lines


def test_another_command_after_the_offer_starts_afresh(run_cli):
    run_cli("--text", stdin="walking\nnext\n")
    result = run_cli("--text", stdin="next\nwhere\nquit\n")
    assert "You are at Key facts, part 1 of 5." in result.lines


def test_language_and_rate_are_kept_between_runs(run_cli, state_dir):
    run_cli("--text", "--lang", "de", "--rate", "200", stdin="pain\n")
    saved = json.loads((state_dir / "place.json").read_text())
    assert saved == {"topic": "pain", "segment": 0, "lang": "de", "rate": 200}


def test_words_that_are_no_command_are_a_question(run_cli, guide):
    result = run_cli("--text", stdin="Is acupuncture safe if I take warfarin?\nnext\nwhere\nquit\n")
    warfarin, pacemaker = guide.tree.topics["who-should-avoid"].segments[2:4]
    english = guide.localizer("en")
    assert f"From Who should avoid it: {english.segment_text(warfarin)}" in result.lines
    assert english.segment_text(pacemaker) in result.lines
    assert "You are at Is it safe for people with MS, then Who should avoid it, part 4 of 6." \
        in result.lines


def test_a_question_the_article_does_not_answer_says_so_then_the_list(run_cli):
    result = run_cli("--text", stdin="banana\nplay some music\nquit\n")
    doesnt_say = [line for line in result.lines if line.startswith("The article doesn't say.")]
    assert len(doesnt_say) == 2 and "fatigue" in doesnt_say[0]
    assert any(line.startswith("You can say next, go back") for line in result.lines)
    assert result.status == ExitStatus.SUCCESS


def test_the_next_answer_then_none_left(run_cli):
    result = run_cli("--text", stdin="a\nheart valve or pacemaker\na\na\na\nquit\n")
    assert result.lines.count(
        "There are no more answers. Ask another question, or say next to go on.") >= 2
    froms = [line for line in result.lines if line.startswith("From ")]
    assert len(froms) >= 2 and len(set(froms)) == len(froms)


@pytest.mark.parametrize("content", ["{not json", '{"topic": 3}', "[]", '{"topic": "pain", '
                                     '"segment": -1, "lang": "en", "rate": 160}', "\x00\x01"])
def test_a_corrupt_bookmark_is_reported_in_one_line_and_ignored(run_cli, state_dir, content):
    state_dir.mkdir(parents=True)
    (state_dir / "place.json").write_text(content)
    result = run_cli("--text", stdin="where\nquit\n")
    assert result.status == ExitStatus.SUCCESS
    assert result.stderr.count("\n") == 1
    assert "could not be read" in result.stderr
    assert "You are at Acupuncture and MS, the end." in result.lines
    # the next save replaces the broken file with a good one
    assert json.loads((state_dir / "place.json").read_text())["topic"] == "home"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_an_unwritable_state_dir_is_reported_once(run_cli, state_dir):
    state_dir.mkdir(parents=True)
    state_dir.chmod(stat.S_IRUSR | stat.S_IXUSR)
    result = run_cli("--text", stdin="next\nnext\nquit\n")
    assert result.status == ExitStatus.SUCCESS
    assert result.stderr.count("cannot be saved") == 1


def test_a_state_dir_that_is_a_file_is_reported_once(run_cli, state_dir):
    state_dir.parent.mkdir(parents=True, exist_ok=True)
    state_dir.write_text("not a folder")
    result = run_cli("--text", stdin="next\nnext\nquit\n")
    assert result.status == ExitStatus.SUCCESS
    assert result.stderr.count("cannot be saved") == 1
    assert result.lines[-1] == "Goodbye."


def test_ctrl_c_exits_130_with_a_goodbye_and_the_place_kept(run_cli, state_dir, monkeypatch):
    import io

    from voiceinfo.cli import main
    from voiceinfo.environment import Environment

    env = Environment(stdin=InterruptedInput(["risks\n"]), stdout=io.StringIO(),
                      stderr=io.StringIO(), state_dir=state_dir)
    assert main(["--text"], env) == ExitStatus.INTERRUPTED
    assert env.stdout.getvalue().splitlines()[-1] == "Goodbye."
    assert env.stderr.getvalue() == ""
    assert json.loads((state_dir / "place.json").read_text())["topic"] == "risks"


@pytest.mark.parametrize("args, message", [
    (["--lang", "xx"], "invalid choice"),
    (["--rate", "fast"], "is not a whole number"),
    (["--rate", "1000"], "choose a rate from 80 to 400"),
    (["export", "--lang", "klingon"], "invalid choice"),
    (["no-such-command"], "invalid choice"),
])
def test_bad_arguments_give_a_usage_line_not_a_traceback(capsys, run_cli, args, message):
    result = run_cli(*args)
    assert result.status == ExitStatus.USAGE
    assert message in capsys.readouterr().err


def test_export_covers_every_topic(run_cli):
    result = run_cli("export", "--lang", "en")
    tree = json.loads(result.stdout)
    ids, stack = [], [tree]
    while stack:
        topic = stack.pop()
        ids.append(topic["id"])
        assert topic["title"] and topic["segments"]
        for segment in topic["segments"]:
            assert set(segment) == {"id", "text", "sources"}
        stack.extend(topic["children"])
    assert sorted(ids) == sorted(FIXED_TOPIC_IDS)
    assert tree["lang"] == "en" and tree["id"] == "home"
    assert [r["number"] for r in tree["references"]] == list(range(1, 11))


def test_check_passes_on_the_shipped_content(run_cli):
    result = run_cli("check")
    assert result.status == ExitStatus.SUCCESS, result.stderr
    assert result.stdout.startswith("All good: 21 topics")


@pytest.fixture
def broken_content(tmp_path, monkeypatch):
    copy = tmp_path / "content"
    shutil.copytree(content_dir(), copy)
    monkeypatch.setenv("VOICEINFO_CONTENT", str(copy))
    return copy


def test_check_fails_with_a_clear_message_on_broken_content(run_cli, broken_content):
    topics = broken_content / "topics.toml"
    topics.write_text(topics.read_text().replace("sources = [8]", "sources = [12]", 1))
    result = run_cli("check")
    assert result.status == ExitStatus.ERROR
    assert "segment 'walking-1' of topic 'walking' names references that do not exist: [12]" \
        in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["check"], ["--text"], ["export"]])
def test_unreadable_content_is_one_line_for_every_command(run_cli, broken_content, args):
    (broken_content / "topics.toml").write_text("[[topics]\n")
    result = run_cli(*args)
    assert result.status == ExitStatus.ERROR
    assert result.stderr.startswith("voiceinfo: the content cannot be loaded:")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("args, lang", [
    (["--lang", "es", "export"], "es"),
    (["export", "--lang", "es"], "es"),
    (["--lang", "de", "export", "--lang", "fr"], "fr"),
    (["export"], "en"),
])
def test_one_lang_option_before_or_after_the_subcommand(run_cli, args, lang):
    """A subcommand's own default once overrode the root's `--lang` (issue 24)."""
    result = run_cli(*args)
    assert result.status == ExitStatus.SUCCESS, result.stderr
    assert json.loads(result.stdout)["lang"] == lang


def test_one_engine_option_before_or_after_the_subcommand(run_cli, tmp_path):
    result = run_cli("--engine", "nosuch", "recognize", str(tmp_path / "nowhere.wav"))
    assert result.status == ExitStatus.ERROR
    assert "no speech engine called 'nosuch'" in result.stderr
