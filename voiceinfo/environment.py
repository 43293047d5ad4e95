"""The program's surroundings, injected (as httpie does) so tests can drive it without a terminal,
a sound card or the person's own folders: the standard streams and whether they are terminals,
the folders it reads and writes, and the devices it may speak and listen with.

This is the one place that reads the process environment. Each folder has a plain default and a
variable that overrides it:

| folder        | variable              | default                                    |
|---------------|-----------------------|--------------------------------------------|
| `content_dir` | `VOICEINFO_CONTENT`   | `content/` beside the package              |
| `locales_dir` | `VOICEINFO_LOCALES`   | `locales/` beside the package              |
| `state_dir`   | `VOICEINFO_STATE_DIR` | the person's state folder (the bookmark)   |
| `audio_dir`   | `VOICEINFO_AUDIO_DIR` | the person's cache folder, `audio/` in it  |
| `embeddings_dir` | `VOICEINFO_EMBEDDINGS_DIR` | the person's cache folder, `embeddings/` in it |
| `models_dir`  | `VOICEINFO_MODELS_DIR` | the person's cache folder, `models/` in it (Whisper base, joined) |

`VOICEINFO_WHISPER_MODEL` names a CTranslate2 Whisper folder the person brings, used in place of
the pinned models (`whisper_model`; an English-only one for English alone), and
`VOICEINFO_RANKING=bm25` ranks questions by BM25 alone, without the semantic model
(`ranking`; the default, `fused`, uses the model when it is installed and loads).

The web front end's settings come from `VOICEINFO_WEB_*` (`VOICEINFO_WEB_AUDIO=false`: pages
without players), through `web_settings()`, read as Flask reads its own.

The variables are read when an `Environment` is made (the web settings, when they are asked
for), not when this module is imported, so a test that sets one and then makes an `Environment`
(or runs `main`) is obeyed.

`Devices` lives here too, rather than with the local front end that uses it, because it is
part of what is injected: a test says a device is missing by handing the `Environment` another
function, as it hands it other streams or folders. It imports nothing of speech until a device
is asked for, and speech imports nothing of this module, so the two never need each other.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from platformdirs import user_cache_path, user_state_path

from voiceinfo import content, i18n, semantic

if TYPE_CHECKING:
    from voiceinfo.speech.output import Sink
    from voiceinfo.speech.synthesis import Synthesizer

APP_NAME = "voiceinfo"
#: The web front end's settings: `VOICEINFO_WEB_AUDIO` is Flask's `AUDIO`, and so on.
WEB_SETTINGS_PREFIX = "VOICEINFO_WEB"


class ExitStatus(IntEnum):
    SUCCESS = 0
    ERROR = 1
    USAGE = 2
    #: Ctrl-C, as a shell reports it (128 + SIGINT).
    INTERRUPTED = 130


def _folder(variable: str, default: Callable[[], Path]) -> Callable[[], Path]:
    """A folder's default factory: $variable when it is set and not empty, else `default()`."""

    def folder() -> Path:
        override = os.environ.get(variable)
        return Path(override) if override else default()

    return folder


def _optional_path(variable: str) -> Path | None:
    value = os.environ.get(variable)
    return Path(value) if value else None


def open_speakers() -> Sink:
    """The default output device; raises `voiceinfo.speech.output.NoSpeakers` without one."""
    from voiceinfo.speech.output import Speakers
    return Speakers()


def open_synthesizer() -> Synthesizer:
    """eSpeak NG; raises `voiceinfo.speech.synthesis.SpeechUnavailable` when it cannot speak."""
    from voiceinfo.speech.synthesis import synthesizer
    return synthesizer()


def microphone_present() -> bool:
    from voiceinfo.speech.capture import microphone_available
    return microphone_available()


@dataclass
class Devices:
    """The machine's speakers, voice (eSpeak NG) and microphone, as the local front end uses
    them: each opened or probed only when the front end first asks for it, so printed output
    without listening touches none of them; probed for real unless a test says otherwise."""

    speakers: Callable[[], Sink] = open_speakers
    synthesizer: Callable[[], Synthesizer] = open_synthesizer
    microphone: Callable[[], bool] = microphone_present


@dataclass
class Environment:
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    #: The article as a topic tree, and the command words.
    content_dir: Path = field(default_factory=_folder("VOICEINFO_CONTENT", content.content_dir))
    #: The gettext catalogs.
    locales_dir: Path = field(default_factory=_folder("VOICEINFO_LOCALES", i18n.locales_dir))
    #: Where the person's place is kept between runs.
    state_dir: Path = field(default_factory=_folder(
        "VOICEINFO_STATE_DIR", lambda: user_state_path(APP_NAME)))
    #: The web page's compressed audio, made once and kept.
    audio_dir: Path = field(default_factory=_folder(
        "VOICEINFO_AUDIO_DIR", lambda: user_cache_path(APP_NAME) / "audio"))
    #: The semantic vectors of the guide's parts, worked out once and kept.
    embeddings_dir: Path = field(default_factory=_folder(
        "VOICEINFO_EMBEDDINGS_DIR", semantic.default_embeddings_dir))
    #: Where Whisper's split model is joined, once.
    models_dir: Path = field(default_factory=_folder(
        "VOICEINFO_MODELS_DIR", lambda: user_cache_path(APP_NAME) / "models"))
    #: A Whisper model folder the person brings, or None for the pinned ones.
    whisper_model: Path | None = field(default_factory=lambda: _optional_path(
        "VOICEINFO_WHISPER_MODEL"))
    #: How questions are ranked: `semantic.FUSED` or `semantic.BM25_ALONE`.
    ranking: str = field(default_factory=lambda: os.environ.get(
        "VOICEINFO_RANKING") or semantic.FUSED)
    #: Speakers, a voice and a microphone, each probed only when the local front end asks.
    devices: Devices = field(default_factory=Devices)

    def whisper_models(self):
        """Where Whisper's models are found (`speech.whisper_models`), imported only here."""
        from voiceinfo.speech.whisper_models import WhisperModels
        return WhisperModels(self.models_dir, self.whisper_model)

    def web_settings(self) -> dict[str, Any]:
        """The web front end's settings from the `VOICEINFO_WEB_*` variables, read by Flask's
        own rules (a value that is JSON is read as JSON, `false` as False; anything else is
        text), with Flask imported only here."""
        from flask import Config
        settings = Config(root_path=".")
        settings.from_prefixed_env(WEB_SETTINGS_PREFIX)
        return dict(settings)

    @property
    def stdin_isatty(self) -> bool:
        return _isatty(self.stdin)

    def say(self, line: str) -> None:
        """One plain line on standard output: what a screen reader reads."""
        _write_line(self.stdout, line)

    def warn(self, line: str) -> None:
        """One short line on standard error: never a traceback."""
        _write_line(self.stderr, f"voiceinfo: {line}")


#: The local front end's threads (keys, microphone, main) all write lines: each goes out whole.
_writing = threading.Lock()


def _write_line(stream: TextIO, line: str) -> None:
    with _writing:
        print(line, file=stream, flush=True)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
