"""Speech out and the ways a machine can lack it: eSpeak NG through pyttsx3 into WAV files, the
voice and pace per language, barge-in, and text with one clear line when there is no audio
device, no eSpeak NG or no microphone."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
import wave

import pytest

from tests.streams import InterruptedInput
from voiceinfo.cli import build_parser
from voiceinfo.environment import Environment, ExitStatus
from voiceinfo.navigator import DEFAULT_RATE, Reply, State
from voiceinfo.speech.loop import Devices, run_spoken
from voiceinfo.speech.output import NoSpeakers, SpokenOutput, WavFiles
from voiceinfo.speech.synthesis import (
    SpeechUnavailable,
    render_wav,
    spoken_rate,
    synthesizer,
    voice_for,
)


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
    render_wav(text, lang, DEFAULT_RATE, path)
    assert 0.5 < seconds(path) < 6


def test_the_rate_sets_the_pace_from_80_to_400_words_a_minute(tmp_path):
    text = "Acupuncture is only ever a complementary treatment beside your usual care."
    lengths = {}
    for rate in (80, 160, 400):
        render_wav(text, "en", rate, tmp_path / f"{rate}.wav")
        lengths[rate] = seconds(tmp_path / f"{rate}.wav")
    assert lengths[80] > 1.6 * lengths[160] > 1.6 * 1.6 * lengths[400]


@pytest.mark.parametrize("lang, voice, rate, spoken", [
    ("en", "gmw/en-us", 160, 160), ("de", "gmw/de", 160, 150), ("ar", "sem/ar", 160, 150),
    ("fr", "roa/fr", 400, 388), ("es", "roa/es", 80, 80), ("de", "gmw/de", 80, 80),
    ("pt", "gmw/en-us", 160, 160),
])
def test_each_language_has_its_voice_and_pace(lang, voice, rate, spoken):
    assert voice_for(lang).id == voice
    assert spoken_rate(lang, rate) == spoken


def test_every_utterance_is_one_numbered_file(tmp_path):
    sink = WavFiles(tmp_path / "said")
    output = SpokenOutput(Environment(stdout=io.StringIO()), synthesizer(), sink)
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
    output = SpokenOutput(env, synthesizer(), speakers)
    lines = ("A long first sentence that takes several seconds to say out loud, at least.",
             "A second sentence.", "A third sentence.")
    speaking = threading.Thread(target=output.say, args=(Reply(State(), lines),))
    speaking.start()
    assert speakers.started.wait(timeout=10)
    output.interrupt()
    speaking.join(timeout=2)
    assert not speaking.is_alive()
    assert speakers.played == 1
    assert env.stdout.getvalue().splitlines() == list(lines)


def test_without_pyttsx3_speech_is_unavailable_with_a_reason():
    code = ("import sys; sys.modules['pyttsx3'] = None\n"
            "from voiceinfo.speech.synthesis import SpeechUnavailable, render_wav\n"
            "try:\n    render_wav('hello', 'en', 160, 'x.wav')\n"
            "except SpeechUnavailable as error:\n    print('unavailable:', error)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.startswith("unavailable: eSpeak NG cannot be used")


def no_speakers():
    raise NoSpeakers("no output device")


def no_espeak():
    raise SpeechUnavailable("eSpeak NG cannot be used (libespeak-ng.so.1 not found)")


def run(guide, state_dir, args, stdin="", devices=None):
    env = Environment(stdin=io.StringIO(stdin), stdout=io.StringIO(), stderr=io.StringIO(),
                      state_dir=state_dir)
    status = run_spoken(build_parser().parse_args(args), env, guide, devices)
    return status, env.stdout.getvalue().splitlines(), env.stderr.getvalue()


@pytest.mark.parametrize("devices, message", [
    (Devices(speakers=no_speakers, microphone=lambda: False),
     "voiceinfo: No audio output device was found; showing text instead.\n"),
    (Devices(synthesizer=no_espeak, microphone=lambda: False),
     "voiceinfo: Speech output is not available (eSpeak NG cannot be used "
     "(libespeak-ng.so.1 not found)); showing text instead.\n"),
])
def test_no_speakers_or_no_espeak_means_text_after_one_clear_line(guide, state_dir, devices,
                                                                  message):
    status, lines, errors = run(guide, state_dir, ["--no-listen"], "pain\nquit\n", devices)
    assert status == ExitStatus.SUCCESS
    assert errors == message
    assert lines[0] == "Acupuncture and MS" and "Pain" in lines and lines[-1] == "Goodbye."


def test_no_microphone_means_keys_only_said_once(guide, state_dir, tmp_path):
    devices = Devices(microphone=lambda: False)
    status, lines, errors = run(guide, state_dir, ["--audio-out", str(tmp_path / "said")],
                                "risks\nnext\nquit\n", devices)
    assert status == ExitStatus.SUCCESS and errors == ""
    said = "No microphone was found. Use the keys: press the question mark for help."
    assert lines.count(said) == 1
    assert lines[-1] == "Goodbye."
    assert len(list((tmp_path / "said").glob("*.wav"))) == len(lines)


def test_neither_microphone_nor_speakers(guide, state_dir):
    devices = Devices(speakers=no_speakers, microphone=lambda: False)
    status, lines, errors = run(guide, state_dir, [], "where\nquit\n", devices)
    assert status == ExitStatus.SUCCESS
    assert errors.count("\n") == 1 and "No audio output device" in errors
    assert "You are at Acupuncture and MS, the end." in lines


def test_text_mode_never_touches_speech(guide, state_dir):
    devices = Devices(synthesizer=no_espeak, speakers=no_speakers, microphone=lambda: False)
    status, lines, errors = run(guide, state_dir, ["--text", "--no-listen"], "quit\n", devices)
    assert (status, errors, lines[-1]) == (ExitStatus.SUCCESS, "", "Goodbye.")


def test_ctrl_c_while_speaking_exits_130_with_the_place_kept(state_dir, tmp_path):
    import json

    from voiceinfo.cli import main
    env = Environment(stdin=InterruptedInput(["bladder\n"]), stdout=io.StringIO(),
                      stderr=io.StringIO(), state_dir=state_dir)
    status = main(["--no-listen", "--audio-out", str(tmp_path / "said")], env)
    assert status == ExitStatus.INTERRUPTED
    assert env.stdout.getvalue().splitlines()[-1] == "Goodbye."
    assert "Traceback" not in env.stderr.getvalue()
    assert json.loads((state_dir / "place.json").read_text())["topic"] == "bladder"
