"""`voiceinfo recognize`: real pocketsphinx on real flite speech, one JSON line a file, as the
brief's contract says; non-commands, silence and noise come back as none; any WAV flavour
works; a bad file or language gets one clear line, never a traceback; long speech, scored
coarsely, is still heard right."""

from __future__ import annotations

import json

import pytest

from tests.speech.conftest import convert
from tests.support.testaudio import as_expect
from voiceinfo.environment import ExitStatus
from voiceinfo.speech import recognition
from voiceinfo.speech.capture import SAMPLE_RATE, pcm16k, read_audio
from voiceinfo.speech.denoise import suppress_noise

COMMANDS = [
    ("next", "next", None), ("go back", "previous", None), ("repeat", "repeat", None),
    ("menu", "up", None), ("main menu", "home", None), ("what can I say", "help", None),
    ("where am I", "where", None), ("pause", "pause", None), ("continue", "resume", None),
    ("slow down", "slower", None), ("speed up", "faster", None), ("goodbye", "quit", None),
    ("switch to Spanish", "language", "es"), ("French", "language", "fr"),
    ("key facts", "goto", "key-facts"), ("spasticity", "goto", "spasticity"),
    ("electroacupuncture", "goto", "electroacupuncture"), ("tell me about pain", "goto", "pain"),
    ("can it make MS worse", "goto", "immune-system"), ("depression", "goto", "mental-health"),
    ("two", "choose", 2), ("number three", "choose", 3),
]
NON_COMMANDS = ["I had toast for breakfast", "banana", "chocolate cake", "telephone", "hello",
                "turn on the television"]


@pytest.fixture(scope="module")
def recognized(spoken, silence, noise, state_dir_module):
    """Every file of the tables through one `voiceinfo recognize` run: {path: JSON object}."""
    import io

    from voiceinfo.cli import main
    from voiceinfo.environment import Environment

    files = [str(spoken(text)) for text, *_ in COMMANDS]
    files += [str(spoken(text, voice)) for text in NON_COMMANDS for voice in ("rms", "awb")]
    files += [str(silence), str(noise)]
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(),
                      state_dir=state_dir_module)
    status = main(["recognize", *files], env)
    lines = [json.loads(line) for line in env.stdout.getvalue().splitlines()]
    assert status == ExitStatus.SUCCESS, env.stderr.getvalue()
    assert [line["file"] for line in lines] == files
    return {line["file"]: line for line in lines}


@pytest.fixture(scope="module")
def state_dir_module(tmp_path_factory):
    return tmp_path_factory.mktemp("state")


@pytest.mark.parametrize("text, command, argument", COMMANDS)
def test_commands_are_recognised(recognized, spoken, text, command, argument):
    result = recognized[str(spoken(text))]
    assert (result["command"], result["argument"]) == (command, argument), result
    assert result["heard"]
    assert result["decode_ms"] > 0


@pytest.mark.parametrize("voice", ["rms", "awb"])
@pytest.mark.parametrize("text", NON_COMMANDS)
def test_speech_that_is_not_a_command_is_rejected(recognized, spoken, text, voice):
    result = recognized[str(spoken(text, voice))]
    assert (result["command"], result["argument"]) == ("none", None), result


@pytest.mark.parametrize("which", ["silence", "noise"])
def test_silence_and_noise_are_none(recognized, silence, noise, which):
    result = recognized[str({"silence": silence, "noise": noise}[which])]
    assert (result["command"], result["heard"]) == ("none", "")


@pytest.mark.parametrize("name, options", [
    ("stereo.wav", ["-c", "2"]),
    ("8-bit.wav", ["-b", "8", "-e", "unsigned-integer"]),
    ("44k.wav", ["-r", "44100"]),
    ("8k.wav", ["-r", "8000"]),
    ("24-bit-48k.wav", ["-b", "24", "-r", "48000"]),
    ("float.wav", ["-e", "floating-point", "-b", "32"]),
    ("stereo-22k-32bit.wav", ["-c", "2", "-r", "22050", "-b", "32"]),
])
def test_any_sample_rate_and_bit_depth_of_mono_or_stereo_wav(run_cli, spoken, tmp_path, name,
                                                            options):
    path = convert(spoken("where am I"), tmp_path / name, *options)
    result = run_cli("recognize", str(path))
    assert result.status == ExitStatus.SUCCESS, result.stderr
    assert json.loads(result.stdout)["command"] == "where"


@pytest.mark.parametrize("content, reason", [
    (b"", "not a WAV file"),
    (b"RIFF\x00\x00\x00\x00WAVEjunk", "not a WAV file"),
    (b"this is text, not sound\n" * 20, "not a WAV file"),
])
def test_an_unreadable_file_gets_its_line_and_one_clear_message(run_cli, spoken, tmp_path,
                                                               content, reason):
    bad = tmp_path / "bad.wav"
    bad.write_bytes(content)
    good = spoken("next")
    result = run_cli("recognize", str(bad), str(good))
    assert result.status == ExitStatus.ERROR
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["command"] for line in lines] == ["none", "next"]
    assert reason in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_a_missing_file_is_named(run_cli, tmp_path):
    result = run_cli("recognize", str(tmp_path / "nowhere.wav"))
    assert result.status == ExitStatus.ERROR
    assert "nowhere.wav: no such file" in result.stderr


def test_an_unknown_engine_is_a_clear_message(run_cli, spoken):
    result = run_cli("recognize", "--engine", "nosuch", str(spoken("next")))
    assert result.status == ExitStatus.ERROR
    assert "no speech engine called 'nosuch'" in result.stderr
    assert result.stdout == ""


#: Speech longer than English's `long_speech`, so scored by the coarse decoder: slowed long
#: commands are still heard, long other speech still rejected.
LONG_SPEECH = [
    ("rms", "slower", "can it make MS worse", "goto immune-system"),
    ("slt", "slower", "electroacupuncture", "goto electroacupuncture"),
    ("rms", "slower", "tell me about pain", "goto pain"),
    ("rms", "clean", "let us go for a walk in the park", "none"),
    ("awb", "slower", "book an appointment with the doctor", "none"),
]


@pytest.fixture(scope="module")
def english(guide):
    transcriber = recognition.SphinxTranscriber(guide.vocabulary("en"))
    return recognition.CommandRecognizer(transcriber, guide.vocabulary("en"))


@pytest.mark.parametrize("voice, perturbation, text, expected", LONG_SPEECH)
def test_long_speech_is_scored_coarsely_and_still_heard_right(english, spoken, voice,
                                                              perturbation, text, expected):
    path = spoken(text, voice, perturbation)
    speech = recognition.speech_part(suppress_noise(pcm16k(read_audio(path))).pcm)
    assert len(speech) / (2 * SAMPLE_RATE) > recognition.ENGLISH.long_speech
    result = english.recognize_file(path)
    assert as_expect(result.command) == expected, result


def test_only_english_has_a_coarse_decoder_for_long_speech(english, guide):
    english.transcriber.load()
    assert english.transcriber._coarse_decoder.config["ds"] == recognition.COARSE_STEP
    assert english.transcriber._decoder.config["ds"] == 1
    spanish = recognition.SphinxTranscriber(guide.vocabulary("es"))
    spanish.load()
    assert spanish._coarse_decoder is None
