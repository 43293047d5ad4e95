"""Question answering (`voiceinfo.answers`): a question in, parts of the guide out, in every
language, and nothing when the article does not answer it. The figures (how often, how fast)
are `benchmarks/answers.py`'s; these tests hold the behaviour."""

from __future__ import annotations

import json
import time
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from voiceinfo.answers import MOST_ANSWERS, AnswerIndex
from voiceinfo.content import Cues, cue_problems, load_cues
from voiceinfo.guide import load_guide
from voiceinfo.semantic import BM25_ALONE, FUSED

TEST_SET = Path(__file__).parent / "data" / "asked.toml"
#: Where a question about stopping or replacing MS treatment must lead: the safety message, at
#: home, in the key facts, or in the evidence's own words.
SAFETY_MESSAGE = {"home-2", "key-facts-1", "evidence-4"}


@pytest.fixture(scope="module")
def bm25_guide():
    return load_guide(ranking=BM25_ALONE)


@pytest.fixture(params=[FUSED, BM25_ALONE])
def either_ranking(request, guide, bm25_guide):
    """The guide as shipped (fused with the semantic model when it loads), and BM25 alone."""
    return guide if request.param == FUSED else bm25_guide


@pytest.mark.parametrize(("lang", "question", "part"), [
    # the issue's own example, and the words people use for its terms
    ("en", "Is acupuncture safe if I take warfarin?", "who-should-avoid-3"),
    ("en", "can I have acupuncture if I'm on blood thinners?", "who-should-avoid-3"),
    ("en", "heart device", "who-should-avoid-4"),
    ("en", "tight muscles", "spasticity-1"),
    ("en", "I feel exhausted", "fatigue-1"),
    ("en", "how many sessions will it take", "treatment-course-1"),
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


@pytest.mark.parametrize(("lang", "question", "part"), [
    ("en", "my fatique", "fatigue-1"),
    ("en", "spastisity", "spasticity-1"),
    ("fr", "la fatiqué", "fatigue-1"),
    ("de", "Erschöpfnug", "fatigue-1"),
    ("ar", "التعبب", "fatigue-1"),
])
def test_a_word_that_is_no_word_at_all_is_read_as_the_closest_one_meant(bm25_guide, lang,
                                                                        question, part):
    """Each is further from the word meant than a real word may be ("music" is not read as
    "muscle"), but is not a word of its language, so it can only be a typing error."""
    answers = bm25_guide.answers(lang).ask(question)
    assert answers and answers[0].segment == part


def test_a_short_word_no_list_has_is_not_taken_for_a_typing_error(bm25_guide):
    """"sécu" (the French health insurance) is as alike to "seul" as "fatique" is to
    "fatigue", but in four letters that is one letter in four changed."""
    assert bm25_guide.answers("fr").ask("sécu") == []


@pytest.mark.parametrize(("lang", "question"), [
    ("en", "can I stop my MS medicine and just have acupuncture"),
    ("en", "could acupuncture replace my MS treatment"),
    ("en", "should I stop taking my injections and try needles instead"),
    ("en", "is acupuncture enough without my tablets"),
    ("es", "¿puedo dejar mi medicación y hacer solo acupuntura?"),
    ("es", "¿la acupuntura puede sustituir mis medicamentos?"),
    ("fr", "puis-je arrêter mon traitement et faire seulement de l'acupuncture ?"),
    ("de", "kann ich meine Medikamente absetzen und nur Akupunktur machen?"),
    ("de", "kann Akupunktur meine MS-Behandlung ersetzen?"),
    ("ar", "هل يمكنني ترك الدواء والاكتفاء بالوخز بالإبر؟"),
])
def test_stopping_or_replacing_ms_treatment_reaches_the_safety_message(either_ranking, lang,
                                                                      question):
    answers = either_ranking.answers(lang).ask(question)
    assert answers and answers[0].segment in SAFETY_MESSAGE


@pytest.mark.parametrize(("lang", "question"), [
    ("en", "what's the weather tomorrow"),
    ("en", "play some music"),
    ("en", "is acupuncture covered by insurance"),
    ("en", "set an alarm for seven"),
    ("en", "tell me a joke"),
    ("en", "   "),
    ("en", "?!"),
    ("es", "pon música"),
    ("es", "¿qué tiempo hará mañana?"),
    ("fr", "mets de la musique"),
    ("de", "wie wird das Wetter morgen?"),
    ("ar", "شغل موسيقى"),
])
def test_a_question_the_article_does_not_answer_gets_no_answer(either_ranking, lang, question):
    assert either_ranking.answers(lang).ask(question) == []


@pytest.mark.parametrize(("lang", "question"), [
    ("en", "how much does an acupuncture session cost"),
    ("es", "¿la acupuntura ayuda con la fatiga durante el embarazo?"),
    ("de", "hilft Akupunktur bei Erschöpfung in der Schwangerschaft?"),
])
def test_an_everyday_word_the_guide_never_uses_refuses_the_question(either_ranking, lang,
                                                                    question):
    """Every other word is the guide's, so without the veto the question is answered (cost by
    the course of treatment, pregnancy by fatigue): a wrong answer costs more than none."""
    index = either_ranking.answers(lang)
    assert index.ask(question) == []
    assert index.with_ranking(replace(index.ranking, veto_unknown_words=False)).ask(question)


def test_the_veto_leaves_a_question_in_the_guides_words_answered(either_ranking):
    answers = either_ranking.answers("en").ask("Is acupuncture safe if I take warfarin?")
    assert answers and answers[0].segment == "who-should-avoid-3"


def test_with_ranking_keeps_the_built_index_or_says_why_not(bm25_guide):
    index = bm25_guide.answers("en")
    assert index.with_ranking(replace(index.ranking, most_unknown=0.5)).ranking.most_unknown == 0.5
    with pytest.raises(ValueError):
        index.with_ranking(replace(index.ranking, length_weight=0.75))


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


@pytest.mark.parametrize(("lang", "question"), [
    ("en", "tell me about acupuncture"),
    ("es", "háblame de la acupuntura"),
    ("fr", "parle-moi de l'acupuncture"),
    ("de", "erzähl mir etwas über Akupunktur"),
    ("ar", "حدثني عن الوخز بالإبر"),
])
def test_a_question_that_only_names_a_topic_is_answered_where_it_begins(either_ranking, lang,
                                                                        question):
    """'acupuncture' is in nearly every part, so BM25 alone scores none of them high enough;
    but it is the topic's name, and the name would take the person there."""
    first = either_ranking.answers(lang).ask(question)[0]
    assert first.topic in {"about-acupuncture", "what-is-acupuncture"} and first.part == 0


@pytest.mark.parametrize(("lang", "bare", "wrapped"), [
    ("en", "does acupuncture help fatigue",
     "I was wondering whether acupuncture actually really helps fatigue"),
    ("es", "¿la acupuntura ayuda con la fatiga?",
     "me preguntaba si la acupuntura de verdad ayuda con la fatiga"),
    ("fr", "l'acupuncture aide-t-elle contre la fatigue ?",
     "je me demandais si l'acupuncture aide vraiment contre la fatigue"),
    ("de", "hilft Akupunktur bei Erschöpfung?",
     "ich wollte eigentlich wissen, ob Akupunktur wirklich bei Erschöpfung hilft"),
    ("ar", "هل يساعد الوخز بالإبر في علاج التعب؟",
     "كنت أتساءل فعلا هل يساعد الوخز بالإبر حقا في علاج التعب"),
])
def test_words_around_a_question_change_nothing(bm25_guide, lang, bare, wrapped):
    """The question fillers of `commands.toml` ("actually", "I was wondering whether"), in
    each language (without them, the English and German ones are mostly words the guide does
    not use, and are refused)."""
    index = bm25_guide.answers(lang)
    first = [a.segment for a in index.ask(bare)][:1]
    assert first and first == [a.segment for a in index.ask(wrapped)][:1]
    assert first[0].startswith("fatigue")


@pytest.mark.parametrize("path", [
    TEST_SET, *sorted((Path(__file__).parents[2] / "benchmarks" / "data").glob("unseen-*.toml"))])
def test_the_test_sets_name_only_real_places(guide, path):
    """A misspelt id in a test set would count a right answer as wrong."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    asked = [entry["answers"] for entry in data["en"]] + [
        answers for entries in data["other"].values() for _, answers in entries]
    known = set(guide.tree.topics) | {s.id for _, s in guide.tree.segments()}
    assert {place for answers in asked for place in answers} <= known
    assert len(data["en"]) >= 5 * len(guide.tree.topics)


def test_ask_prints_one_json_line_a_question(run_cli, monkeypatch):
    """`ms` is each question's own time in milliseconds: at least the time its answering took
    (made here to take at least `pause` more), and, all lines together, within the command's."""
    pause = 0.05
    ask = AnswerIndex.ask

    def slower_ask(self, question):
        time.sleep(pause)
        return ask(self, question)

    monkeypatch.setattr(AnswerIndex, "ask", slower_ask)
    started = time.perf_counter()
    result = run_cli("ask", "--lang", "en",
                     stdin="Is acupuncture safe if I take warfarin?\n\nplay some music\n")
    whole = 1000 * (time.perf_counter() - started)
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["question"] == "Is acupuncture safe if I take warfarin?"
    assert first["answers"][0]["topic"] == "who-should-avoid"
    assert set(first["answers"][0]) == {"topic", "segment", "text", "score"}
    assert second["answers"] == []
    assert first["ms"] >= 1000 * pause and second["ms"] >= 1000 * pause
    assert first["ms"] + second["ms"] <= whole


def test_ask_takes_the_question_from_its_arguments(run_cli):
    result = run_cli("ask", "--lang", "de", "ich", "habe", "einen", "Herzschrittmacher")
    answer = json.loads(result.stdout)
    assert answer["question"] == "ich habe einen Herzschrittmacher"
    assert answer["answers"][0]["segment"] == "who-should-avoid-4"
