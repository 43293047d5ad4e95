"""Speech out: eSpeak NG through pyttsx3 into WAV files, the voice and pace per language,
barge-in, and a clear reason when eSpeak NG cannot be used. (What the local front end does
without speakers, eSpeak NG or a microphone is in tests/local/test_devices.py.)"""

from __future__ import annotations

import io
import subprocess
import sys
import threading
import wave

import pytest

from voiceinfo.environment import Environment
from voiceinfo.local.session import Output, PrintedOutput
from voiceinfo.navigator import Reply, State
from voiceinfo.pace import DEFAULT_WORDS_A_MINUTE
from voiceinfo.speech.output import SpokenOutput, WavFiles
from voiceinfo.speech.synthesis import spoken_rate, synthesizer, voice_for


def seconds(path) -> float:
    with wave.open(str(path)) as file:
        assert (file.getnchannels(), file.getsampwidth()) == (1, 2)
        return file.getnframes() / file.getframerate()


@pytest.mark.parametrize("lang, text", [
    ("en", "Acupuncture and MS"), ("es", "Acupuntura y esclerosis múltiple"),
    ("fr", "L'acupuncture et la SEP"), ("de", "Akupunktur und MS"),
    ("ar", "الوخز بالإبر والتصلب المتعدد"),
])
def test_render_wav_speaks_every_language_into_a_file(tmp_path, lang, text):
    path = tmp_path / f"{lang}.wav"
    synthesizer().render_wav(text, lang, DEFAULT_WORDS_A_MINUTE, path)
    assert 0.5 < seconds(path) < 6


def test_the_rate_sets_the_pace_from_80_to_400_words_a_minute(tmp_path):
    text = "Acupuncture is only ever a complementary treatment beside your usual care."
    lengths = {}
    for rate in (80, 160, 400):
        synthesizer().render_wav(text, "en", rate, tmp_path / f"{rate}.wav")
        lengths[rate] = seconds(tmp_path / f"{rate}.wav")
    assert lengths[80] > 1.6 * lengths[160] > 1.6 * 1.6 * lengths[400]


@pytest.mark.parametrize("lang, voice, rate, spoken", [
    ("en", "gmw/en-us", 160, 160), ("de", "gmw/de", 160, 150), ("ar", "sem/ar", 160, 165),
    ("fr", "roa/fr", 400, 388), ("es", "roa/es", 80, 80), ("de", "gmw/de", 80, 80),
    ("pt", "gmw/en-us", 160, 160),
])
def test_each_language_has_its_voice_and_pace(lang, voice, rate, spoken):
    assert voice_for(lang).id == voice
    assert spoken_rate(lang, rate) == spoken


def test_every_utterance_is_one_numbered_file(tmp_path):
    sink = WavFiles(tmp_path / "said")
    output = SpokenOutput(Environment(stdout=io.StringIO()).say, synthesizer(), sink)
    output.say(Reply(State(), ("One.", "Two.", "Three.")))
    output.say(Reply(State(lang="de"), ("Vier.",)))
    assert sorted(p.name for p in (tmp_path / "said").iterdir()) == [
        "0001.wav", "0002.wav", "0003.wav", "0004.wav"]
    assert all(seconds(p) > 0.2 for p in (tmp_path / "said").iterdir())


class HeldSpeakers:
    """Speakers that take as long as the sound lasts (none exist on a test machine)."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.played = 0

    def play(self, sound, stop) -> None:
        self.played += 1
        self.started.set()
        stop.wait(timeout=sound.seconds)


def test_barge_in_stops_speech_at_once_and_drops_the_rest_but_not_the_text():
    speakers = HeldSpeakers()
    env = Environment(stdout=io.StringIO())
    output = SpokenOutput(env.say, synthesizer(), speakers)
    lines = ("A long first sentence that takes several seconds to say out loud, at least.",
             "A second sentence.", "A third sentence.")
    speaking = threading.Thread(target=output.say, args=(Reply(State(), lines),))
    speaking.start()
    assert speakers.started.wait(timeout=10)
    assert output.speaking.is_set()
    output.interrupt()
    speaking.join(timeout=2)
    assert not speaking.is_alive()
    assert speakers.played == 1 and not output.speaking.is_set()
    assert env.stdout.getvalue().splitlines() == list(lines)


def test_without_pyttsx3_speech_is_unavailable_with_a_reason():
    code = ("import sys; sys.modules['pyttsx3'] = None\n"
            "from voiceinfo.speech.synthesis import SpeechUnavailable, synthesizer\n"
            "try:\n    synthesizer().render_wav('hello', 'en', 160, 'x.wav')\n"
            "except SpeechUnavailable as error:\n    print('unavailable:', error)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.startswith("unavailable: eSpeak NG cannot be used")


def test_spoken_and_printed_output_both_keep_the_whole_output_protocol(tmp_path):
    env = Environment(stdout=io.StringIO())
    spoken = SpokenOutput(env.say, synthesizer(), WavFiles(tmp_path))
    printed = PrintedOutput(env)
    for output in (spoken, printed):
        assert isinstance(output, Output)
        assert output.first_sample_at is None and not output.speaking.is_set()
        output.interrupt()  # before anything is said: nothing to stop, and no harm done
    spoken.say(Reply(State(), ("Hello.",)))
    printed.say(Reply(State(), ("Hello.",)))
    assert spoken.first_sample_at is not None and printed.first_sample_at is None
    assert not spoken.speaking.is_set()
