"""Question answering (`voiceinfo.answers`): a question in, parts of the guide out, in every
language, and nothing when the article does not answer it. The figures (how often, how fast)
are `benchmarks/answers.py`'s; these tests hold the behaviour."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from voiceinfo.answers import MOST_ANSWERS, AnswerIndex
from voiceinfo.content import Cues, cue_problems, load_cues

TEST_SET = Path(__file__).parent / "data" / "asked.toml"


@pytest.mark.parametrize(("lang", "question", "part"), [
    # the issue's own example, and the words people use for its terms
    ("en", "Is acupuncture safe if I take warfarin?", "who-should-avoid-3"),
    ("en", "can I have acupuncture if I'm on blood thinners?", "who-should-avoid-3"),
    ("en", "heart device", "who-should-avoid-4"),
    ("en", "tight muscles", "spasticity-1"),
    ("en", "I feel exhausted", "fatigue-1"),
    ("en", "how many sessions will it take", "treatment-course-1"),
    # stopping or replacing MS treatment reaches the safety message
    ("en", "can I stop my MS medicine and just have acupuncture", "home-2"),
    ("es", "¿puedo dejar mi medicación y hacer solo acupuntura?", "home-2"),
    ("fr", "je prends des anticoagulants, est-ce possible ?", "who-should-avoid-3"),
    ("de", "ich nehme Blutverdünner", "who-should-avoid-3"),
    ("ar", "أتناول مميعات الدم", "who-should-avoid-3"),
    ("es", "tengo los músculos rígidos", "spasticity-1"),
    # typing errors
    ("en", "pacemakr", "who-should-avoid-4"),
    ("fr", "vesie", "bladder-1"),
])
def test_a_question_is_answered_first_by_the_part_that_answers_it(guide, lang, question, part):
    answers = guide.answers(lang).ask(question)
    assert answers and answers[0].segment == part
    topic = guide.tree.topics[answers[0].topic]
    assert topic.segments[answers[0].part].id == part
    assert answers[0].text == guide.localizer(lang).segment_text(topic.segments[answers[0].part])


@pytest.mark.parametrize(("lang", "question"), [
    ("en", "what's the weather tomorrow"),
    ("en", "play some music"),
    ("en", "is acupuncture covered by insurance"),
    ("en", "   "),
    ("en", "?!"),
    ("es", "pon música"),
    ("de", "wie wird das Wetter morgen?"),
    ("ar", "شغل موسيقى"),
])
def test_a_question_the_article_does_not_answer_gets_no_answer(guide, lang, question):
    assert guide.answers(lang).ask(question) == []


def test_answers_are_few_best_first_and_distinct(guide):
    for question in ("acupuncture", "is it safe", "how long does it take", "pain study"):
        answers = guide.answers("en").ask(question)
        assert len(answers) <= MOST_ANSWERS
        assert [a.score for a in answers] == sorted((a.score for a in answers), reverse=True)
        assert len({a.segment for a in answers}) == len(answers)


def test_every_cue_is_translated_and_changes_what_is_found(guide):
    """The catalogs carry the cues: in Spanish, 'agotada' (exhausted; in no segment's text)
    finds fatigue only through the translated everyday words."""
    spanish = guide.localizer("es")
    for cue in guide.cues.values():
        assert spanish.cue_phrases(cue) != [p.strip() for p in (cue.questions + "|" + cue.words)
                                           .split("|") if p.strip()]
    without_cues = AnswerIndex(guide.tree, spanish, {})
    assert without_cues.ask("estoy agotada") == []
    assert guide.answers("es").ask("estoy agotada")[0].topic == "fatigue"


@pytest.mark.parametrize(("cues", "problem"), [
    ({"no-such-part": Cues("no-such-part", "Why?")}, "'no-such-part', which is no topic"),
    ({"fatigue": Cues("fatigue")}, "'fatigue' has neither questions nor words"),
])
def test_check_names_a_cue_that_leads_nowhere(guide, cues, problem):
    assert any(problem in p for p in cue_problems(guide.tree, cues))


def test_the_shipped_cues_are_sound(guide):
    assert cue_problems(guide.tree, load_cues()) == []


def test_the_test_set_names_only_real_places(guide):
    """A misspelt id in the test set would count a right answer as wrong."""
    data = tomllib.loads(TEST_SET.read_text(encoding="utf-8"))
    asked = [entry["answers"] for entry in data["en"]] + [
        answers for entries in data["other"].values() for _, answers in entries]
    known = set(guide.tree.topics) | {s.id for _, s in guide.tree.segments()}
    assert {place for answers in asked for place in answers} <= known
    assert len(data["en"]) >= 5 * len(guide.tree.topics)


def test_ask_prints_one_json_line_a_question(run_cli):
    result = run_cli("ask", "--lang", "en",
                     stdin="Is acupuncture safe if I take warfarin?\n\nplay some music\n")
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["question"] == "Is acupuncture safe if I take warfarin?"
    assert first["answers"][0]["topic"] == "who-should-avoid"
    assert set(first["answers"][0]) == {"topic", "segment", "text", "score"}
    assert first["ms"] >= 0
    assert second["answers"] == []


def test_ask_takes_the_question_from_its_arguments(run_cli):
    result = run_cli("ask", "--lang", "de", "ich", "habe", "einen", "Herzschrittmacher")
    answer = json.loads(result.stdout)
    assert answer["question"] == "ich habe einen Herzschrittmacher"
    assert answer["answers"][0]["segment"] == "who-should-avoid-4"
