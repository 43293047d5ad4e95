"""The test speech itself: Piper's neural voice renders as every other voice does (16 kHz mono
16-bit, speech in it, the same sound for the same text), the 8 kHz renderings have nothing above
4 kHz, and spoken questions in the other languages render clean and narrowband.

Few files, each made into a private cache so that the renderers themselves run."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from tests.support import spokenaudio
from tests.support.testaudio import (PIPER_VOICES, Utterance, load_manifest, render, select,
                                    speak_piper)

pytestmark = pytest.mark.audio

TEXT = "what can I say"


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("test-audio")


@pytest.fixture(scope="module")
def piper(cache):
    """piper("narrowband") -> the manifest's TEXT said by Piper's voice, so perturbed."""
    manifest = load_manifest()

    def make(perturbation: str = "clean") -> Path:
        found = select(manifest, voices=["piper:joe"], perturbations=[perturbation],
                       texts=[TEXT])
        assert found, f"no piper:joe {perturbation} {TEXT!r} in the manifest"
        return render(found[0], cache)

    return make


def samples(path: Path) -> tuple[np.ndarray, int]:
    info = soundfile.info(str(path))
    assert (info.samplerate, info.channels, info.subtype) == (16000, 1, "PCM_16"), info
    audio, rate = soundfile.read(str(path), dtype="float64")
    return audio, rate


def share_above(audio: np.ndarray, rate: int, hertz: float) -> float:
    """The share of the sound's energy above `hertz`."""
    power = np.abs(np.fft.rfft(audio)) ** 2
    frequencies = np.fft.rfftfreq(len(audio), 1 / rate)
    return float(power[frequencies > hertz].sum() / power.sum())


def rms(audio: np.ndarray) -> float:
    return float(np.sqrt(np.mean(audio ** 2)))


def test_the_manifest_speaks_with_the_neural_voice_in_every_condition():
    manifest = load_manifest()
    assert "piper:joe" in {u.voice for u in manifest}
    assert {"clean", "noise", "narrowband", "phone"} <= {u.perturbation for u in manifest}
    assert set(PIPER_VOICES) == {"joe"}


def test_piper_speaks_16_khz_mono_16_bit_speech(piper):
    audio, rate = samples(piper("clean"))
    seconds = len(audio) / rate
    assert 0.8 < seconds < 3.0, seconds
    lead = audio[: int(0.2 * rate)]
    middle = audio[int(0.3 * rate): -int(0.4 * rate)]
    assert rms(lead) < 1e-3, "the padding before the speech is silent"
    assert rms(middle) > 0.03, "there is speech, and loud enough"
    # speech, not a tone or a click: its energy spread over the voice's band
    assert 0.01 < share_above(middle, rate, 1000) < 0.9


def test_piper_says_the_same_text_the_same_way(tmp_path, piper):
    """Piper's noise is seeded from the text: a second synthesis, in a fresh cache and after
    other texts, is the same sound to the byte."""
    first = speak_piper(TEXT, "piper:joe", tmp_path / "a")
    speak_piper("go home", "piper:joe", tmp_path / "b")
    again = speak_piper(TEXT, "piper:joe", tmp_path / "b")
    assert first.name == again.name
    assert first.read_bytes() == again.read_bytes()
    assert render(Utterance(TEXT, "help", "piper:joe", "clean", ()), tmp_path / "b").read_bytes() \
        == piper("clean").read_bytes()


def test_the_same_text_always_has_the_same_file_name():
    made = [Utterance(TEXT, "help", voice, perturbation, effects)
            for voice in ("rms", "piper:joe", "espeak:en-us")
            for perturbation, effects in (("clean", ()), ("narrowband", ("rate", "8000")))]
    names = [u.name for u in made]
    assert names == [Utterance(u.text, u.expect, u.voice, u.perturbation, u.effects).name
                     for u in made]
    assert len(set(names)) == len(names), "voice and perturbation change the name"
    # names from before the neural voice keep their files
    assert Utterance("next", "next", "rms", "clean", ()).name == "rms-clean-next-eceebbf5.wav"
    assert spokenaudio.Utterance("es", "siguiente", "next", "es+klatt", "normal", 160,
                                 50).name == "es-es_klatt-normal-638d2c7def.wav"


def test_narrowband_and_phone_have_nothing_above_4_khz(piper):
    clean, rate = samples(piper("clean"))
    narrowband, _ = samples(piper("narrowband"))
    phone, _ = samples(piper("phone"))
    assert share_above(clean, rate, 4000) > 0.002
    assert share_above(narrowband, rate, 4000) < 1e-5
    assert share_above(phone, rate, 3600) < 1e-4
    # the telephone band starts at 300 Hz
    power = np.abs(np.fft.rfft(phone)) ** 2
    low = np.fft.rfftfreq(len(phone), 1 / rate) < 200
    assert power[low].sum() / power.sum() < 0.01
    assert rms(phone[int(0.3 * rate): -int(0.4 * rate)]) > 0.01, "still speech"


def test_noise_is_heard_under_the_speech(piper):
    clean, rate = samples(piper("clean"))
    noisy, _ = samples(piper("noise"))
    lead = slice(0, int(0.2 * rate))
    assert rms(clean[lead]) < 1e-3
    # white noise of peak 0.01: about -45 dBFS, 20-30 dB under the speech
    assert 0.003 < rms(noisy[lead]) < 0.01
    speech = slice(int(0.3 * rate), -int(0.4 * rate))
    assert 15 < 20 * np.log10(rms(noisy[speech]) / rms(noisy[lead])) < 35


def test_every_language_comes_band_limited_and_with_noise():
    for lang in spokenaudio.LOCALES:
        renderings = {u.rendering for u in spokenaudio.load_manifest(lang)}
        assert {"normal", "slow", "narrowband", "noise", "phone"} <= renderings, lang


@pytest.mark.parametrize("lang, question", [("es", "¿qué es la electroacupuntura?"),
                                            ("fr", "qu'est-ce que l'acupuncture ?")])
def test_a_question_in_another_language_renders_clean_and_narrowband(cache, lang, question):
    voices = spokenaudio.installed_voices(lang)
    mbrola = [v for v in voices if v.startswith(spokenaudio.MBROLA)]
    utterances = spokenaudio.question_utterances(lang, question, voices=[voices[0], *mbrola[:1]])
    assert {u.rendering for u in utterances} == {"normal", "narrowband"}
    assert all(u.expect == "ask" and not u.is_command for u in utterances)
    for utterance in utterances:
        audio, rate = samples(spokenaudio.render(utterance, cache))
        assert rms(audio) > 0.02, utterance
        above = share_above(audio, rate, 4000)
        if utterance.rendering == "narrowband":
            assert above < 1e-5, utterance
        else:
            assert above > 1e-3, utterance
