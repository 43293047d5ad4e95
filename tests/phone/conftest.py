"""The phone line under test is a real `voiceinfo phone` process on a free loopback port; the
caller is a real second SIP endpoint (`caller.Caller`, PJSIP in a process of its own); what the
caller hears is written down by the project's own recognizer (Whisper through voiceinfo.speech)
and compared with the words the guide should have said."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from tests.conftest import REPO
from voiceinfo.commands import normalize

#: How alike (0-100) a heard word must be to a word of the text to count as it: Whisper spells
#: eSpeak NG's speech over a G.711 line a little differently ("formacion", "experiensia").
WORD_LIKENESS = 75
#: Words this long or longer are the ones a text is recognised by; short ones are too alike.
TELLING_WORD = 6


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class PhoneLine:
    process: subprocess.Popen
    port: int
    log: list[str] = field(default_factory=list)

    @property
    def uri(self) -> str:
        return f"sip:voiceinfo@127.0.0.1:{self.port}"

    def wait_for_log(self, text: str, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.log):
                return True
            time.sleep(0.05)
        return False


def start_line(tmp_path: Path, *args: str) -> PhoneLine:
    port = free_udp_port()
    env = {**os.environ, "VOICEINFO_STATE_DIR": str(tmp_path / "state")}
    process = subprocess.Popen(
        [sys.executable, "-m", "voiceinfo", "phone", "--listen", f"127.0.0.1:{port}", *args],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    line = PhoneLine(process, port)

    def read_log() -> None:
        for text in process.stderr:
            line.log.append(text.rstrip("\n"))

    threading.Thread(target=read_log, daemon=True).start()
    if not line.wait_for_log("listening on", timeout=60):
        process.kill()
        pytest.fail("voiceinfo phone did not start: " + "\n".join(line.log[-20:]))
    return line


def stop_line(line: PhoneLine) -> int:
    line.process.send_signal(signal.SIGTERM)
    try:
        return line.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        line.process.kill()
        line.process.wait()
        pytest.fail("voiceinfo phone did not stop on SIGTERM")


@pytest.fixture
def phone_line(tmp_path):
    """A line with the default settings; stopped cleanly after the test."""
    line = start_line(tmp_path)
    yield line
    assert stop_line(line) == 0
    assert not [text for text in line.log if "Traceback" in text], "\n".join(line.log)


@pytest.fixture
def line_with(tmp_path):
    """A line started with the options a test gives."""
    started = []

    def start(*args: str) -> PhoneLine:
        started.append(start_line(tmp_path, *args))
        return started[-1]

    yield start
    for line in started:
        assert stop_line(line) == 0
        assert not [text for text in line.log if "Traceback" in text], "\n".join(line.log)


@pytest.fixture(scope="session")
def transcribe():
    """What a WAV file says, written down by Whisper (base for every language but English,
    tiny.en for English) as a spoken question is, with no judging: the test compares the words
    itself. `guide_words` gives Whisper the guide's own words as its prompt, which helps with
    the guide's text and misleads it on anything else ("reached its time limit" came back as
    "Acupuncture and medical research")."""
    from voiceinfo.environment import Environment
    from voiceinfo.guide import load_guide
    from voiceinfo.speech.capture import pcm16k, read_audio
    from voiceinfo.speech.recognition import RecognitionUnavailable
    from voiceinfo.speech.transcribe_whisper import QUESTIONS, WhisperTranscriber
    models = Environment().whisper_models()
    guide = load_guide()
    made: dict[tuple[str, bool], WhisperTranscriber] = {}

    def written(path: Path, lang: str, guide_words: bool = True) -> str:
        key = (lang, guide_words)
        if key not in made:
            made[key] = WhisperTranscriber(lang, models, QUESTIONS,
                                           guide.question_prompt(lang) if guide_words else None)
            try:
                made[key].load()
            except RecognitionUnavailable as error:
                pytest.skip(f"Whisper cannot hear {lang} here: {error}")
        return made[key].decode(pcm16k(read_audio(path))).text

    return written


def telling_words(text: str) -> list[str]:
    """The long words of a text, or all of them when none is long ("Adiós")."""
    words = normalize(text).split()
    return [word for word in words if len(word) >= TELLING_WORD] or words


def share_heard(expected: str, heard: str) -> float:
    """The share of the expected text's telling words that are among the words heard."""
    wanted = telling_words(expected)
    # a single word may come back cut in two ("Adiós" as "¡A mi os!"): joined, it is heard too
    got = [*normalize(heard).split(), normalize(heard).replace(" ", "")]
    found = [w for w in wanted if any(fuzz.ratio(w, g) >= WORD_LIKENESS for g in got)]
    return len(found) / len(wanted) if wanted else 1.0
