"""The mechanical content review (`voiceinfo.review`, run by `voiceinfo check`): the shipped text
passes it in every language, and each kind of fault a reviewer found is caught when put back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from voiceinfo.check import catalog_problems, review_problems
from voiceinfo.content import content_dir, load_tree
from voiceinfo.guide import load_guide
from voiceinfo.i18n import locales_dir
from voiceinfo.review import REVIEW_FILE, load_review_rules


@pytest.fixture(scope="module")
def english():
    return load_review_rules().languages["en"]


def test_the_shipped_text_passes_the_review_in_every_language(guide):
    assert review_problems(guide) == []


@pytest.mark.parametrize("sentence, has_verb", [
    ("People with a pacemaker should avoid acupuncture.", True),
    ("People with damaged or artificial heart valves, because of the risk of infection.", False),
    # a verb only in a clause that hangs from the fragment
    ("People with a pacemaker, because electroacupuncture could cause heart problems.", False),
    ("People with asthma, if moxibustion is used during the session.", False),
    ("If usual treatment alone does not help, acupuncture might be worth thinking about.", True),
    ("The group who had electroacupuncture had less pain.", True),
    ("That means it is used alongside your usual medical care.", True),
    ("There is no evidence that acupuncture slows MS.", True),
    ("Never as the main or only treatment.", False),
])
def test_a_sentence_needs_a_verb_in_a_main_clause(english, sentence, has_verb):
    assert english.has_main_verb(sentence) is has_verb


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(content_dir(), copy)
    return copy


@pytest.mark.parametrize("file_name, old, new, problem", [
    # a segment without a verb: heard alone (repeat, a part's link), it means nothing
    ("topics.toml", "People with damaged or artificial heart valves should avoid acupuncture, or "
     "check with their healthcare provider first, because of the risk of infection.",
     "People with damaged or artificial heart valves, because of the risk of infection.",
     "en: segment 'who-should-avoid-2': no verb in a main clause"),
    # a dropped hedge: the article says the early bladder study suggests it may help
    ("topics.toml", "An early study suggests acupuncture may help the bladder work better",
     "An early study shows acupuncture helps the bladder work better",
     "en: segment 'bladder-1': reports a hedged finding without a hedge word"),
    ("topics.toml", "Acupuncture comes from traditional Chinese medicine.",
     "It comes from traditional Chinese medicine.",
     "en: segment 'about-acupuncture-2': opens on 'it'"),
    ("topics.toml", "There is no evidence that acupuncture can slow MS down",
     "Nobody has shown that acupuncture can slow MS down",
     "en: topic 'key-facts' does not say 'no evidence'"),
    ("topics.toml", "Sessions are usually once or twice a week.",
     "Sessions are usually once or twice a week, and " + "then again " * 10 + "they go on.",
     "en: segment 'treatment-course-2': a sentence of 32 words, at most 25"),
    (REVIEW_FILE, "at_most = 8\nmax_sentence_words = 25\n\n[languages.es]",
     "at_most = 3\nmax_sentence_words = 25\n\n[languages.es]",
     "en: flesch kincaid grade median"),
    (REVIEW_FILE, '"key-facts-2",', '"key-facts-9",',
     "review.toml names a hedged segment that does not exist: 'key-facts-9'"),
])
def test_the_review_catches_in_english(content_copy, file_name, old, new, problem):
    edit(content_copy / file_name, old, new)
    guide = load_guide(content_copy)
    problems = review_problems(guide, content_copy)
    assert any(p.startswith(problem) for p in problems), problems


@pytest.fixture
def locales_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "locales"
    shutil.copytree(locales_dir(), copy, ignore=shutil.ignore_patterns("*.mo"))
    return copy


def retranslate(path: Path, old: str, new: str) -> None:
    """Changes a translation as a translator would (the file wraps long lines)."""
    with path.open("rb") as file:
        catalog = read_po(file)
    changed = [message for message in catalog if old in message.string]
    assert len(changed) == 1, f"{old!r} is in {len(changed)} translations"
    changed[0].string = changed[0].string.replace(old, new)
    with path.open("wb") as file:
        write_po(file, catalog)


@pytest.mark.parametrize("lang, old, new, problem", [
    # the translation drops the English "may": "helps" where the article says "may help"
    ("es", "Un estudio inicial sugiere que la acupuntura puede ayudar a que la vejiga funcione",
     "Un estudio inicial muestra que la acupuntura ayuda a que la vejiga funcione",
     "es: segment 'bladder-1': reports a hedged finding"),
    ("ar", "تشير دراسة أولية إلى أن الوخز بالإبر قد يساعد المثانة",
     "أظهرت دراسة أولية أن الوخز بالإبر يساعد المثانة",
     "ar: segment 'bladder-1': reports a hedged finding"),
    # the German key fact that once ended on a sentence without a verb
    ("de", "Sie ist nie die wichtigste oder einzige Behandlung.",
     "Nie als wichtigste oder einzige Behandlung.",
     "de: segment 'key-facts-1': no verb in a main clause"),
    ("fr", "Rien ne prouve que l'acupuncture puisse ralentir la SEP",
     "On ignore si l'acupuncture peut ralentir la SEP",
     "fr: topic 'key-facts' does not say 'rien ne prouve'"),
])
def test_the_review_catches_in_a_translation(locales_copy, lang, old, new, problem):
    retranslate(locales_copy / lang / "LC_MESSAGES" / "messages.po", old, new)
    guide = load_guide(locales_dir=locales_copy)
    problems = review_problems(guide)
    assert any(p.startswith(problem) for p in problems), problems


def test_a_translation_of_an_older_english_text_is_a_fault(content_copy):
    """After the English changes, the old translation would be spoken for the new English."""
    edit(content_copy / "topics.toml", "Sessions are usually once or twice a week.",
         "Sessions are usually once or twice a week, sometimes more.")
    problems = catalog_problems("es", load_tree(content_copy))
    assert ("es: segment 'treatment-course-2' translates an older English text; "
            "run `make extract` and translate it again") in problems
