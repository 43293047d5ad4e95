"""Five languages end to end: every catalog complete and faithful to the figures, a real
translated string on the terminal, switching language in the loop, and `check` catching a
broken catalog."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po, write_po

from voiceinfo.content import PLACEHOLDER
from voiceinfo.environment import ExitStatus
from voiceinfo.i18n import LOCALES, format_figure, load_translations, locales_dir

TRANSLATED = ("es", "fr", "de", "ar")
#: As in the Makefile's `extract`: folders pybabel must not walk.
EXTRACT_IGNORE = ".* ._ node_modules __pycache__"
GOODBYE = {"en": "Goodbye.", "es": "Adiós.", "fr": "Au revoir.", "de": "Auf Wiedersehen.",
           "ar": "مع السلامة."}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_segment_is_translated_with_the_same_figures(guide, lang):
    english, local = guide.localizer("en"), guide.localizer(lang)
    assert lang not in guide.localizers.problems
    for topic, segment in guide.tree.segments():
        text = local.segment_text(segment)
        if segment.reference is None:
            assert text != english.segment_text(segment), segment.id
        for name in PLACEHOLDER.findall(segment.text):
            assert format_figure(guide.tree.figures[name], lang) in text, (segment.id, name)
        assert local.title(topic)


@pytest.mark.parametrize("lang, figure, expected", [
    ("en", "people_with_ms", "2.8 million"), ("es", "people_with_ms", "2,8 millones"),
    ("fr", "people_with_ms", "2,8 millions"), ("de", "people_with_ms", "2,8 Millionen"),
    ("en", "gait_improvement_acupuncture", "95%"),
    ("fr", "gait_improvement_acupuncture", "95\u00a0%"),
    ("de", "gait_improvement_acupuncture", "95\u00a0%"),
    ("de", "gait_study_year", "2017"),
])
def test_figures_are_formatted_for_the_locale(guide, lang, figure, expected):
    assert format_figure(guide.tree.figures[figure], lang) == expected


@pytest.mark.parametrize("lang", LOCALES)
def test_export_of_each_locale_is_complete(run_cli, lang, guide):
    import json

    tree = json.loads(run_cli("export", "--lang", lang).stdout)
    count, stack = 0, [tree]
    while stack:
        topic = stack.pop()
        count += len(topic["segments"])
        stack.extend(topic["children"])
    assert count == sum(1 for _ in guide.tree.segments())
    assert tree["dir"] == ("rtl" if lang == "ar" else "ltr")


@pytest.mark.parametrize("lang", LOCALES)
def test_the_terminal_speaks_the_language(run_cli, lang):
    result = run_cli("--text", "--lang", lang, stdin="q\n")
    assert result.lines[-1] == GOODBYE[lang]
    assert result.stderr == ""


@pytest.mark.parametrize("spoken, lang", [
    ("spanish", "es"), ("switch to French", "fr"), ("Deutsch", "de"), ("العربية", "ar"),
    ("l", "es"),
])
def test_switching_language_in_the_loop(run_cli, spoken, lang):
    result = run_cli("--text", stdin=f"pain\n{spoken}\nquit\n")
    assert result.lines[-1] == GOODBYE[lang]


@pytest.mark.parametrize("lang, words", [
    ("es", "inglés"), ("fr", "anglais"), ("de", "englisch"), ("ar", "الإنجليزية"),
])
def test_each_language_names_the_others_in_its_own_words(run_cli, lang, words):
    result = run_cli("--text", "--lang", lang, stdin=f"{words}\nquit\n")
    assert result.lines[-1] == GOODBYE["en"]


@pytest.fixture
def locales_copy(tmp_path, monkeypatch):
    copy = tmp_path / "locales"
    shutil.copytree(locales_dir(), copy, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setenv("VOICEINFO_LOCALES", str(copy))
    return copy


def rewrite_catalog(copy, lang, change):
    path = copy / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        catalog = read_po(file, locale=lang)
    change(catalog)
    with path.open("wb") as file:
        write_po(file, catalog)


def make_fuzzy(catalog):
    catalog.get("Goodbye.").flags.add("fuzzy")


def untranslate(catalog):
    catalog.get("Slower.").string = ""


def rename_placeholder(catalog):
    message = catalog.get("You are at %(place)s.")
    message.string = message.string.replace("%(place)s", "%(lieu)s")


def drop_segment(catalog):
    catalog.delete("Sessions are usually once or twice a week.", "treatment-course-2")


@pytest.mark.parametrize("change, problem", [
    (make_fuzzy, "fr: message 'Goodbye.' is marked fuzzy"),
    (untranslate, "fr: message 'Slower.' is not translated"),
    (rename_placeholder, "has placeholders ['lieu'], not ['place']"),
    (drop_segment, "fr: segment 'treatment-course-2' is missing"),
])
def test_check_catches_a_broken_catalog(run_cli, locales_copy, change, problem):
    rewrite_catalog(locales_copy, "fr", change)
    result = run_cli("check")
    assert result.status == ExitStatus.ERROR
    assert problem in result.stderr


def test_check_catches_an_unreadable_catalog(run_cli, locales_copy):
    (locales_copy / "de" / "LC_MESSAGES" / "messages.po").write_bytes(b'msgid "a\n\xff\xfe')
    result = run_cli("check")
    assert result.status == ExitStatus.ERROR
    assert "de: the catalog" in result.stderr


def test_a_missing_catalog_falls_back_to_english_with_one_line(run_cli, locales_copy):
    shutil.rmtree(locales_copy / "es")
    result = run_cli("--text", "--lang", "es", stdin="where\nq\n")
    assert result.status == ExitStatus.SUCCESS
    assert result.lines[-1] == "Goodbye."
    assert result.stderr.count("\n") == 1 and "no catalog for Español" in result.stderr


def test_a_stale_compiled_catalog_is_not_used(locales_copy):
    # no .mo in the copy: the .po is compiled in memory
    assert load_translations("fr", locales_copy).gettext("Goodbye.") == "Au revoir."


def test_the_template_is_up_to_date_with_code_and_content(tmp_path):
    """Every message in code and content is in locales/messages.pot: `make extract` was run."""
    fresh = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F",
                    "babel.cfg", "--ignore-dirs", EXTRACT_IGNORE, "--no-location", "-o",
                    str(fresh), "."], check=True, cwd=locales_dir().parent)
    with fresh.open("rb") as new, (locales_dir() / "messages.pot").open("rb") as old:
        wanted = {(m.context, m.id) for m in read_po(new) if m.id}
        shipped = {(m.context, m.id) for m in read_po(old) if m.id}
    assert (None, "Goodbye.") in wanted and "fatigue-2" in {c for c, _ in wanted}
    assert wanted - shipped == set(), "run `make extract` and translate the new messages"
