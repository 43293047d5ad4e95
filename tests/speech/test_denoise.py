"""Noise suppression and the acoustic-match test, on real flite speech: white noise goes down
and speech stays; the signal-to-noise estimate tells a clean recording from a noisy one;
commands said over noise are heard; other speech that the garbage loop lets through is caught
by the acoustic match; and only English is tuned this way."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from tests.support.testaudio import LEAD
from voiceinfo.speech import recognition
from voiceinfo.speech.capture import SAMPLE_RATE, pcm16k, read_audio
from voiceinfo.speech.denoise import FRAME, suppress_noise

#: Commands over white noise that pocketsphinx mishears when the noise is left in (the English
#: tuning with `suppress_noise=False`): "skip" and "six" as "fifth", "go back" as "go to up",
#: "about MS" as "complications".
NOISY_COMMANDS = [
    ("awb", "skip", "next", None), ("rms", "go back", "previous", None),
    ("slt", "six", "choose", 6), ("awb", "about MS", "goto", "about-ms"),
]
#: Other speech that the garbage loop alone took for a command ("yesterday afternoon" as "yes",
#: "remind me to take my tablets" as "read the language English please"), which the acoustic
#: match rejects.
FORCED_ONTO_A_COMMAND = [
    ("rms", "clean", "yesterday afternoon"), ("rms", "clean", "remind me to take my tablets"),
    ("rms", "clean", "where did I put my glasses"), ("slt", "clean", "is the shop still open"),
    ("awb", "clean", "telephone"), ("slt", "noise", "can you call my daughter"),
]


def pcm(path) -> bytes:
    return pcm16k(read_audio(path))


def samples(pcm: bytes) -> np.ndarray:
    return np.frombuffer(pcm, dtype=np.int16).astype(np.float64)


def decibels(part: np.ndarray) -> float:
    return 10 * np.log10(np.mean(part ** 2) + 1e-9)


@pytest.fixture(scope="module")
def transcriber(guide):
    return recognition.SphinxTranscriber(guide.vocabulary("en"))


@pytest.fixture(scope="module")
def english(guide, transcriber):
    return recognition.CommandRecognizer(transcriber, guide.vocabulary("en"))


def test_white_noise_goes_down_and_speech_stays(spoken):
    noisy_pcm = pcm(spoken("fatigue", "rms", "noise"))
    noisy, cleaned = samples(noisy_pcm), samples(suppress_noise(noisy_pcm).pcm)
    assert len(cleaned) == len(noisy)
    lead = slice(0, int(float(LEAD) * SAMPLE_RATE) - FRAME)
    assert decibels(cleaned[lead]) < decibels(noisy[lead]) - 8
    peak = int(np.argmax(np.abs(noisy)))
    loudest = slice(peak - 800, peak + 800)
    assert abs(decibels(cleaned[loudest]) - decibels(noisy[loudest])) < 1.5


def test_the_signal_to_noise_estimate_tells_clean_from_noisy(spoken):
    clean = suppress_noise(pcm(spoken("fatigue")))
    noisy = suppress_noise(pcm(spoken("fatigue", "rms", "noise")))
    assert noisy.snr_db < recognition.CLEAR_SNR_DB < clean.snr_db


@pytest.mark.parametrize("length", [0, 2, FRAME, 4 * FRAME - 2])
def test_too_short_to_tell_comes_back_as_it_is(length):
    pcm = np.arange(length // 2, dtype=np.int16).tobytes()
    assert suppress_noise(pcm).pcm == pcm


@pytest.mark.parametrize("voice, text, command, argument", NOISY_COMMANDS)
def test_commands_over_noise_are_heard(english, spoken, voice, text, command, argument):
    result = english.recognize_file(spoken(text, voice, "noise"))
    assert (result.command.name.value, result.command.argument) == (command, argument), result


@pytest.mark.parametrize("voice, perturbation, text", FORCED_ONTO_A_COMMAND)
def test_speech_forced_onto_a_command_is_caught_by_the_acoustic_match(
        transcriber, spoken, voice, perturbation, text):
    transcript = transcriber.transcribe(read_audio(spoken(text, voice, perturbation)))
    assert (transcript.rejection, transcript.words) == (recognition.Rejection.POOR_MATCH, "")


def segment(word: str, start: int, end: int, ascore: float):
    return SimpleNamespace(word=word, start_frame=start, end_frame=end, ascore=ascore)


@pytest.mark.parametrize("segments, expected", [
    ([segment("next", 0, 9, 1.0)], 0.0),
    ([segment("<sil>", 0, 9, np.exp(-0.05)), segment("next", 10, 19, np.exp(-0.15))], -0.01),
    ([segment("(NULL)", -1, -1, 1.0), segment("up", 0, 3, np.exp(-0.04))], -0.01),
    ([segment("up", 0, 3, 0.0)], np.log(1e-300) / 4),
    ([], -np.inf),
])
def test_the_acoustic_match_is_the_mean_log_score_a_frame(segments, expected):
    assert recognition.acoustic_match(segments) == pytest.approx(expected)


@pytest.mark.parametrize("lang", ["es", "fr", "de", "ar"])
def test_only_english_is_tuned_on_its_own_test_audio(lang):
    assert recognition.tuning_for("en") == recognition.ENGLISH
    assert recognition.tuning_for(lang) == recognition.Tuning()
    assert recognition.tuning_for(lang).least_match is None
    assert not recognition.tuning_for(lang).suppress_noise
