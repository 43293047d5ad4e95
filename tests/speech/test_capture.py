"""A command cut out of the microphone's frames (`CommandCutter`, what `MicrophoneListener`
feeds each frame to): it begins before the voice, with the room's sound the recognizer needs,
ends after it, whole, over a steady noise floor, and is recognised; the noise alone starts
nothing."""

from __future__ import annotations

import numpy as np
import pytest
import speech_recognition as sr

from tests.support.sound import in_noise
from voiceinfo.speech import recognition
from voiceinfo.speech.capture import SAMPLE_RATE, CommandCutter, pcm16k, read_audio

#: Steady white noise under the command (dBFS, RMS): a quiet room with a computer fan.
FLOOR_DBFS = -50
#: Seconds of the noise alone before the command is said.
NOISE_BEFORE = 1.5


def in_room_noise(voice: np.ndarray, seconds_after: float = 1.0) -> bytes:
    return in_noise(voice, FLOOR_DBFS, NOISE_BEFORE, seconds_after, np.random.default_rng(0))


def cut(pcm: bytes) -> list[tuple[bytes, float]]:
    """Every command cut out, with the time (seconds) its last frame ended."""
    cutter, found = CommandCutter(), []
    size = cutter.frame_bytes
    for index in range(0, len(pcm) - size + 1, size):
        command = cutter.feed(pcm[index:index + size])
        if command is not None:
            found.append((command, (index + size) / 2 / SAMPLE_RATE))
            cutter = CommandCutter()
    return found


def voice_bounds(voice: np.ndarray) -> tuple[float, float]:
    """Where the voice is loud (within 40 dB of its loudest 10 ms), in seconds."""
    block = SAMPLE_RATE // 100
    levels = 20 * np.log10(np.sqrt(np.mean(
        voice[:len(voice) // block * block].astype(float).reshape(-1, block) ** 2, axis=1)) + 1)
    loud = np.nonzero(levels > levels.max() - 40)[0]
    return loud[0] / 100, (loud[-1] + 1) / 100


@pytest.fixture(scope="module")
def english(guide):
    vocabulary = guide.vocabulary("en")
    return recognition.CommandRecognizer(recognition.SphinxTranscriber(vocabulary), vocabulary)


@pytest.mark.parametrize("text", ["next", "quit", "up", "where am I", "number one"])
def test_a_command_is_cut_out_whole_and_recognised(spoken, english, text):
    voice = np.frombuffer(pcm16k(read_audio(spoken(text))), dtype=np.int16)
    starts, ends = voice_bounds(voice)
    pcm = in_room_noise(voice)
    [(command, ended)] = cut(pcm)
    began = ended - len(command) / 2 / SAMPLE_RATE
    assert began < NOISE_BEFORE + starts - 0.2, "too little of the room's sound before it"
    assert ended > NOISE_BEFORE + ends, "cut off before the voice ended"
    result = english.recognize(sr.AudioData(command, SAMPLE_RATE, 2))
    assert result.command == english.vocabulary.parse(text, forgiving=False)


def test_the_room_alone_starts_no_command():
    assert cut(in_room_noise(np.zeros(0), seconds_after=5)) == []


def test_a_guessed_end_is_dropped_when_the_voice_comes_back_and_kept_when_it_holds(spoken):
    word = np.frombuffer(pcm16k(read_audio(spoken("next"))), dtype=np.int16)
    starts, ends = voice_bounds(word)
    voice = word[int(starts * SAMPLE_RATE):int(ends * SAMPLE_RATE)]
    # a pause of three frames: long enough for a guess (two), too short to end it (four)
    pause = np.zeros(int(3 * 0.03 * SAMPLE_RATE), dtype=np.int16)
    pcm = in_room_noise(np.concatenate([voice, pause, voice]))
    cutter, guesses, size = CommandCutter(), [], 960
    for index in range(0, len(pcm) - size + 1, size):
        command = cutter.feed(pcm[index:index + size])
        if cutter.guess is not None and (not guesses or cutter.guess is not guesses[-1]):
            guesses.append(cutter.guess)
        if command is not None:
            break
    assert len(guesses) >= 2, "the pause was not guessed to be the end"
    assert command is guesses[-1], "the guess that held is not what was cut out"
    assert len(command) >= len(guesses[0]) + voice.nbytes, "the second word was left out"


def test_a_question_is_cut_out_whole_across_a_pause_between_its_words(spoken):
    """After the cue for a spoken question, a short pause between two words (the test audio's
    quiet after one and before the other, cut to 0.2 s) does not end it; the same pause ends a
    command."""
    first, second = (np.frombuffer(pcm16k(read_audio(spoken(text))), dtype=np.int16)
                     for text in ("fatigue", "pain"))
    first, second = first[:-SAMPLE_RATE // 4], second[SAMPLE_RATE * 3 // 20:]
    pcm = in_room_noise(np.concatenate([first, second]), seconds_after=2.0)
    size = CommandCutter().frame_bytes

    def pieces(free_speech: bool) -> list[bytes]:
        cutter, found = CommandCutter(free_speech=lambda: free_speech), []
        for index in range(0, len(pcm) - size + 1, size):
            piece = cutter.feed(pcm[index:index + size])
            if piece is not None:
                found.append(piece)
                cutter = CommandCutter(free_speech=lambda: free_speech)
        return found

    assert len(pieces(free_speech=False)) == 2
    [question] = pieces(free_speech=True)
    assert len(question) / 2 / SAMPLE_RATE > (len(first) + len(second)) / SAMPLE_RATE
