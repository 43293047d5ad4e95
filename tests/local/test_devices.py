"""The local front end on machines that lack something: text with one clear line when there is
no audio device or no eSpeak NG, keys alone when there is no microphone, and printed output
without listening that touches no device at all. Devices are swapped through the injected
`Environment`, never mocked."""

from __future__ import annotations

import io
import json

import pytest

from tests.support.streams import InterruptedInput
from voiceinfo.cli import build_parser, main
from voiceinfo.environment import Devices, Environment, ExitStatus
from voiceinfo.local.loop import run_local
from voiceinfo.speech.capture import microphone_available
from voiceinfo.speech.output import NoSpeakers
from voiceinfo.speech.synthesis import SpeechUnavailable

#: Most of these speak with eSpeak NG, or load pocketsphinx.
pytestmark = pytest.mark.audio


def no_speakers():
    raise NoSpeakers("no output device")


def no_espeak():
    raise SpeechUnavailable("eSpeak NG cannot be used (libespeak-ng.so.1 not found)")


def untouchable():
    raise AssertionError("this device should not have been asked for")


def run(guide, state_dir, args, stdin="", devices=None):
    env = Environment(stdin=io.StringIO(stdin), stdout=io.StringIO(), stderr=io.StringIO(),
                      state_dir=state_dir, devices=devices or Devices())
    status = run_local(build_parser().parse_args(args), env, guide)
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


def test_text_mode_never_touches_a_device(guide, state_dir):
    devices = Devices(synthesizer=untouchable, speakers=untouchable, microphone=untouchable)
    status, lines, errors = run(guide, state_dir, ["--text", "--no-listen"], "quit\n", devices)
    assert (status, errors, lines[-1]) == (ExitStatus.SUCCESS, "", "Goodbye.")


@pytest.mark.skipif(microphone_available(), reason="a real microphone would listen on")
def test_a_microphone_that_cannot_be_opened_leaves_the_keys(guide, state_dir):
    """The probe says there is one, but it cannot be opened: listening ends quietly, and the
    run ends with the piped input, as it does without a microphone."""
    devices = Devices(speakers=no_speakers, microphone=lambda: True)
    status, lines, errors = run(guide, state_dir, ["--text"], "where\n", devices)
    assert status == ExitStatus.SUCCESS
    assert "You are at Acupuncture and MS, the end." in lines
    assert "Traceback" not in errors


def test_ctrl_c_while_speaking_exits_130_with_the_place_kept(state_dir, tmp_path):
    env = Environment(stdin=InterruptedInput(["bladder\n"]), stdout=io.StringIO(),
                      stderr=io.StringIO(), state_dir=state_dir)
    status = main(["--no-listen", "--audio-out", str(tmp_path / "said")], env)
    assert status == ExitStatus.INTERRUPTED
    assert env.stdout.getvalue().splitlines()[-1] == "Goodbye."
    assert "Traceback" not in env.stderr.getvalue()
    assert json.loads((state_dir / "place.json").read_text())["topic"] == "bladder"


def test_a_session_with_sound_logs_the_libraries_lines_and_its_stages(state_dir, capfd):
    """What the sound libraries write to file descriptor 2, and the spoken loop's timed stages,
    go to the audio log during a session with sound; the program's own lines still reach the
    terminal; nothing is timed outside a session."""
    import os

    from voiceinfo.local.devices import audio_library_messages_logged
    from voiceinfo.speech import timeline

    terminal = open(2, "w", closefd=False)  # noqa: SIM115 - the real descriptor 2, kept open
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=terminal,
                      state_dir=state_dir)
    with audio_library_messages_logged(env, sound=True) as log:
        os.write(2, b"ALSA lib pcm.c:8570:(snd_pcm_recover) underrun occurred\n")
        timeline.mark("decoded", "COMMAND")
        env.warn("The speakers are back.")
    timeline.mark("after the session")
    logged = log.read_text().splitlines()
    assert logged[0].startswith("ALSA lib")
    assert [mark[1:] for mark in map(timeline.parse, logged) if mark] == [("decoded", "COMMAND")]
    assert capfd.readouterr().err == "voiceinfo: The speakers are back.\n"
