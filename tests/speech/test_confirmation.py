"""The tests after the search, on real flite speech where it can be: a command of one short word
must match on its own frames (the acoustic confirmation), narrowband sound is told from
full-band sound and given its allowance, and the two-syllable ways of saying a short command
("go home", "go up", "number one") are heard."""

from __future__ import annotations

import dataclasses

import pytest

from voiceinfo.speech import recognition
from voiceinfo.speech.capture import pcm16k, read_audio
from voiceinfo.speech.grammar import syllables
from voiceinfo.speech.recognition import ENGLISH, Hearing, Rejection, judge


@pytest.fixture(scope="module")
def transcriber(guide):
    transcriber = recognition.SphinxTranscriber(guide.vocabulary("en"))
    transcriber.load()
    return transcriber


@pytest.fixture(scope="module")
def english(guide, transcriber):
    return recognition.CommandRecognizer(transcriber, guide.vocabulary("en"))


def hearing(words: tuple[str, ...], word_match: float, short: str | None = None,
            high_band: float = 1e-3) -> Hearing:
    return Hearing(words, match=-0.0030, word_match=word_match, snr_db=None, short=short,
                   high_band=high_band, heard_speech=True, too_long=False, decode_ms=1.0)


@pytest.mark.parametrize("phones, count", [
    ("AH P", 1), ("W AH N", 1), ("HH OW M", 1), ("G OW HH OW M", 2), ("S L OW ER", 2),
    ("M EH N Y UW", 2),
])
def test_syllables_are_counted_by_their_vowels(phones, count):
    assert syllables(phones) == count


def test_the_short_words_are_the_one_syllable_commands(transcriber):
    short = transcriber.grammar.short_words
    assert {"up", "one", "home", "skip", "quit", "help", "pause", "four"} <= short
    assert not {"menu", "repeat", "seven", "goodbye", "exit"} & short


def test_a_short_word_must_match_on_its_own_frames():
    tuning = dataclasses.replace(ENGLISH, least_short_match=-0.0050)
    assert judge(hearing(("up",), -0.0060, short="up"), tuning) == ((), Rejection.UNCONFIRMED)
    assert judge(hearing(("up",), -0.0040, short="up"), tuning) == (("up",), None)
    # the same match is enough for two words: only a single short word is held to it
    assert judge(hearing(("go", "up"), -0.0060), tuning) == (("go", "up"), None)
    # and no confirmation at all without the setting
    no_test = dataclasses.replace(ENGLISH, least_short_match=None)
    assert judge(hearing(("up",), -0.0060, short="up"), no_test) == (("up",), None)


def test_narrowband_sound_gets_its_allowance():
    tuning = dataclasses.replace(ENGLISH, least_short_match=-0.0050,
                                 narrowband_allowance=0.0010)
    narrow = hearing(("up",), -0.0055, short="up", high_band=1e-8)
    full = dataclasses.replace(narrow, high_band=1e-4)
    assert judge(narrow, tuning) == (("up",), None)
    assert judge(full, tuning) == ((), Rejection.UNCONFIRMED)


def test_narrowband_speech_is_told_from_full_band_speech(spoken):
    def share(voice, perturbation="clean"):
        return recognition.high_band(pcm16k(read_audio(spoken("go home", voice, perturbation))))

    assert share("kal") < recognition.NARROW_SHARE  # flite's 8 kHz voice
    assert share("rms", "narrowband") < recognition.NARROW_SHARE
    for voice in ("rms", "awb", "slt", "kal16"):
        assert share(voice) > 10 * recognition.NARROW_SHARE
    # white noise fills the band above 4 kHz: noise's allowance applies, not this one
    assert share("kal", "noise") > recognition.NARROW_SHARE


def test_a_decode_reports_what_the_tests_need(transcriber, spoken):
    heard = transcriber.hear(read_audio(spoken("up", "rms")))
    assert heard.words == ("up",) and heard.short == "up"
    assert heard.word_match < heard.match < 0  # the silence around the word matched better
    two = transcriber.hear(read_audio(spoken("go up", "rms")))
    assert two.words == ("go", "up") and two.short is None


@pytest.mark.parametrize("voice", ["rms", "awb", "kal16"])
@pytest.mark.parametrize("text, command, argument", [
    ("go home", "home", None), ("go up", "up", None), ("number one", "choose", 1),
])
def test_two_syllable_ways_of_saying_a_short_command_are_heard(english, spoken, voice, text,
                                                               command, argument):
    result = english.recognize_file(spoken(text, voice))
    assert (result.command.name.value, result.command.argument) == (command, argument), result


def test_on_real_speech_the_confirmation_holds_only_single_short_words(guide, spoken):
    strict = recognition.SphinxTranscriber(
        guide.vocabulary("en"), dataclasses.replace(ENGLISH, least_short_match=-0.0030))
    up = strict.transcribe(read_audio(spoken("up", "rms")))
    go_up = strict.transcribe(read_audio(spoken("go up", "rms")))
    assert (up.words, up.rejection) == ("", Rejection.UNCONFIRMED)
    assert (go_up.words, go_up.rejection) == ("go up", None)


@pytest.mark.parametrize("text", ["help", "German"])
def test_narrowband_speech_that_matched_too_poorly_is_heard_with_the_allowance(
        guide, transcriber, spoken, text):
    """flite's 8 kHz voice: the right words, rejected for their match without the allowance."""
    audio = read_audio(spoken(text, "kal"))
    without = recognition.SphinxTranscriber(
        guide.vocabulary("en"), dataclasses.replace(ENGLISH, narrowband_allowance=0.0))
    assert without.transcribe(audio).rejection == Rejection.POOR_MATCH
    assert transcriber.transcribe(audio).words == text.lower()
