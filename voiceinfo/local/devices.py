"""The machine's devices, as the local front end uses them: speakers, a voice (eSpeak NG) and a
microphone.

Each is opened or probed only when the front end first asks for it, so printed output without
listening touches none of them, and a test can say that one is missing by passing another
function (in `Environment.devices`) instead of mocking a sound card. Nothing of speech is
imported here until then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voiceinfo.speech.output import Sink
    from voiceinfo.speech.synthesis import Synthesizer


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
    """What this machine can do; probed for real unless a test says otherwise."""

    speakers: Callable[[], Sink] = open_speakers
    synthesizer: Callable[[], Synthesizer] = open_synthesizer
    microphone: Callable[[], bool] = microphone_present
