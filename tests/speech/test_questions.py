"""Spoken questions: `voiceinfo ask --audio` and the loop's question command, with real flite
audio through the real recognizers (Whisper by default), and pocketsphinx's question model made
from the guide, which hears English questions where Whisper's models are missing."""

from __future__ import annotations

import json

import pytest

from tests.support.testaudio import Utterance, render
from voiceinfo.environment import ExitStatus
from voiceinfo.speech.question_model import (HeardQuestion, HeardWord, QuestionTuning,
                                             build_question_model, content_sentences)

WARFARIN = "Is acupuncture safe if I take warfarin?"


@pytest.fixture(scope="session")
def said():
    """said("a question", voice="slt") -> a WAV file of flite saying it (made once)."""
    return lambda text, voice="slt": render(Utterance(text, "ask", voice, "clean", ()))


def test_the_model_is_made_again_identically_from_the_content(guide):
    first, second = build_question_model(guide), build_question_model(guide)
    assert (first.arpa, first.dictionary) == (second.arpa, second.dictionary)
    assert first.arpa.startswith("Corpus:") and "\\data\\" in first.arpa


def test_every_word_of_the_model_has_a_pronunciation(guide):
    """A word pocketsphinx's dictionary lacks needs one in en-questions.dict: when the content
    brings a new one, run scripts/make-lexicon en-questions and commit the result."""
    model = build_question_model(guide)
    assert model.unpronounced == ()
    unigrams = model.arpa.split("\\1-grams:")[1].split("\\2-grams:")[0].split()
    spelled = {line.split()[0] for line in model.dictionary.splitlines()}
    for word in ("warfarin", "thinners", "spasticity", "tiredness", "pacemaker"):
        assert word in unigrams and word in spelled


def test_the_model_says_what_the_guide_says_and_how_people_ask(guide):
    sentences = content_sentences(guide)
    # a part's text, a topic's cue question and an everyday word for a term
    assert any("blood thinning medicine" in s for s in sentences)
    assert "can acupuncture replace my treatment" in sentences
    assert not any(ch.isdigit() for s in sentences for ch in s)


@pytest.mark.audio
@pytest.mark.parametrize("engine", ["offline", "sphinx"])
def test_a_spoken_question_is_answered_from_the_part_that_answers_it(run_cli, said, engine):
    path = said(WARFARIN)
    result = run_cli("ask", "--engine", engine, "--lang", "en", "--audio", str(path))
    assert result.status == ExitStatus.SUCCESS, result.stderr
    line = json.loads(result.stdout)
    assert line["file"] == str(path)
    assert "warfarin" in line["heard"].lower()
    assert line["question"] == line["heard"]
    assert line["answers"][0]["topic"] == "who-should-avoid"
    assert "warfarin" in line["answers"][0]["text"]
    assert line["ms"] > 0


@pytest.mark.audio
def test_a_file_that_cannot_be_heard_is_one_line_and_the_next_is_heard(run_cli, said,
                                                                        tmp_path):
    not_audio = tmp_path / "notes.wav"
    not_audio.write_text("not sound at all")
    missing = tmp_path / "missing.wav"
    result = run_cli("ask", "--lang", "en", "--audio", str(missing), str(not_audio),
                     str(said("Can acupuncture help with tiredness?")))
    assert result.status == ExitStatus.ERROR
    errors = result.stderr.splitlines()
    assert len(errors) == 2 and "Traceback" not in result.stderr
    assert "missing.wav: no such file" in errors[0]
    assert "notes.wav: not a WAV file" in errors[1]
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 1 and lines[0]["answers"][0]["topic"] == "fatigue"


def test_questions_and_audio_together_are_a_usage_error(run_cli, tmp_path):
    result = run_cli("ask", "--audio", str(tmp_path / "q.wav"), "--", "what is it")
    assert result.status == ExitStatus.USAGE and "not both" in result.stderr


@pytest.mark.audio
def test_the_loop_says_the_cue_then_answers_the_spoken_question(run_cli, guide, said,
                                                                 tmp_path):
    """Said, not typed: "ask a question", the question, then next and where am I carry on from
    the answer's part."""
    files = [said("ask a question"), said(WARFARIN), said("next"), said("where am I")]
    result = run_cli("--audio-in", *map(str, files), "--audio-out", str(tmp_path / "out"))
    assert result.status == ExitStatus.SUCCESS, result.stderr
    lines = result.lines
    cue = lines.index("Ask your question.")
    answer = lines[cue + 1]
    assert answer.startswith("From Who should avoid it: ") and "warfarin" in answer
    english = guide.localizer("en")
    parts = guide.tree.topics["who-should-avoid"].segments
    index = next(n for n, s in enumerate(parts) if english.segment_text(s) in answer)
    assert lines[cue + 2] == english.segment_text(parts[index + 1])
    assert lines[cue + 3].startswith("You are at Is it safe for people with MS, then Who "
                                     f"should avoid it, part {index + 2} of")


SURE, DOUBTFUL = HeardWord("needles", 0.9), HeardWord("about", 0.05)


@pytest.mark.parametrize(("words", "share", "taken"), [
    ((SURE,) * 5, 0.0, True),
    # doubtful: fewer than a tenth of the lattice's paths pass through the word
    ((HeardWord("is", 0.1), HeardWord("it", 0.5), SURE), 0.0, True),
    ((SURE,) * 6 + (DOUBTFUL,), 1 / 7, False),
    ((DOUBTFUL,), 1.0, False),
    ((), 0.0, True),
])
def test_a_question_with_too_many_doubtful_words_is_not_taken_as_heard(words, share, taken):
    heard = HeardQuestion(words, heard_speech=True, decode_ms=1.0)
    tuning = QuestionTuning()
    assert heard.doubtful_share(tuning) == pytest.approx(share)
    assert (heard.doubtful_share(tuning) <= tuning.most_doubtful) is taken


@pytest.mark.audio
def test_a_question_forced_into_the_guides_words_is_asked_again_not_answered(run_cli, said,
                                                                              tmp_path):
    """flite's kal saying "is cannabis good for MS" (no word of the guide's) is heard as "it
    can about good for ms", which as typed would be answered from the evidence; but few of the
    lattice's paths pass through "it", so it is not answered, and the loop says so and lets it
    be asked again."""
    cannabis = said("is cannabis good for MS", voice="kal")
    result = run_cli("ask", "--engine", "sphinx", "--lang", "en", "--audio", str(cannabis))
    assert json.loads(result.stdout)["answers"] == []
    files = [said("ask a question"), cannabis, said("ask a question"), said(WARFARIN)]
    result = run_cli("--engine", "sphinx", "--audio-in", *map(str, files), "--audio-out",
                     str(tmp_path / "out"))
    assert result.status == ExitStatus.SUCCESS, result.stderr
    lines = result.lines
    cue = lines.index("Ask your question.")
    assert lines[cue + 1] == "Sorry, I didn't catch your question. You can ask it again."
    assert any(line.startswith("From Who should avoid it: ") for line in lines[cue + 2:])


def test_typed_question_command_gives_the_cue_and_the_next_line_is_the_question(run_cli):
    result = run_cli("--text", "--no-listen",
                     stdin=f"question\n{WARFARIN}\nnext answer\nquit\n")
    lines = result.lines
    assert "Ask your question." in lines
    assert lines[lines.index("Ask your question.") + 1].startswith("From Who should avoid it: ")


@pytest.mark.parametrize("lang, word, cue", [
    ("es", "pregunta", "Haga su pregunta."),
    ("fr", "poser une question", "Posez votre question."),
    ("de", "frage", "Stellen Sie Ihre Frage."),
    ("ar", "سؤال", "يمكنك طرح سؤالك الآن."),
])
def test_in_every_language_the_question_command_cues_a_question(run_cli, lang, word, cue):
    result = run_cli("--text", "--no-listen", "--lang", lang, stdin=f"{word}\nquit\n")
    assert result.status == ExitStatus.SUCCESS, result.stderr
    assert cue in result.lines, result.lines
