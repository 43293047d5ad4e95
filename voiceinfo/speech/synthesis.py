"""Speech out: text to 16-bit mono samples with eSpeak NG, through pyttsx3.

pyttsx3 sets eSpeak NG up, chooses the voice and sets the rate; the samples are taken straight
from eSpeak NG as it makes them, into memory (`Synthesizer.synthesize`), or written to a WAV file
(`Synthesizer.render_wav`). pyttsx3's own way to a file waited in steps of 10 ms and went
through a temporary file, a third of the time a short reply took to make. The voice comes from
the locale, and the person's rate is scaled by the voice's own natural pace, so 160 words a
minute sounds like the same speed in every language.
"""

from __future__ import annotations

import atexit
import ctypes
import gc
import threading
import wave
from dataclasses import dataclass
from pathlib import Path

from voiceinfo.pace import DEFAULT_WORDS_A_MINUTE, within_limits

#: pyttsx3's eSpeak NG driver always writes this rate (see the brief's measured facts).
SAMPLE_RATE = 22050


class SpeechUnavailable(RuntimeError):
    """eSpeak NG or pyttsx3 cannot speak here; the message says why, in one line."""


@dataclass(frozen=True)
class Voice:
    #: eSpeak NG's voice identifier.
    id: str
    #: This voice's comfortable pace in words a minute, at the person's default rate.
    words_a_minute: int


#: Arabic is paced faster than the others: at 150 words a minute eSpeak NG's Arabic voice took
#: 46 % longer than English to say the same guide, and its greeting 27.3 s (target 25;
#: benchmarks/greeting_length.py). 165 is still under eSpeak NG's own default of 175 and gives
#: 24.9 s.
VOICES = {
    "en": Voice("gmw/en-us", 160),
    "es": Voice("roa/es", 160),
    "fr": Voice("roa/fr", 155),
    "de": Voice("gmw/de", 150),
    "ar": Voice("sem/ar", 165),
}


@dataclass(frozen=True)
class Sound:
    """Mono 16-bit little-endian samples."""

    samples: bytes
    sample_rate: int = SAMPLE_RATE

    @property
    def seconds(self) -> float:
        return len(self.samples) / 2 / self.sample_rate


def voice_for(lang: str) -> Voice:
    return VOICES.get(lang.split("-")[0].split("_")[0], VOICES["en"])


def spoken_rate(lang: str, rate: int) -> int:
    """The person's rate (80-400) as this voice's words a minute."""
    return within_limits(round(rate * voice_for(lang).words_a_minute / DEFAULT_WORDS_A_MINUTE))


class Synthesizer:
    """One pyttsx3 engine for the process (eSpeak NG can be initialised only once), used by one
    thread at a time."""

    _lock = threading.Lock()

    def __init__(self) -> None:
        self._engine = _engine()
        from pyttsx3.drivers import _espeak
        self._espeak = _espeak
        self._made: list[bytes] = []
        # kept here: eSpeak NG holds only a pointer to it
        self._callback = _espeak.t_espeak_callback(self._take)
        _espeak.cSetSynthCallback(self._callback)

    def render_wav(self, text: str, lang: str, rate: int, path: Path) -> None:
        """Speak `text` in `lang`'s voice at `rate` words a minute (80-400) into a WAV file."""
        write_wav(Path(path), self.synthesize(text, lang, rate))

    def synthesize(self, text: str, lang: str, rate: int) -> Sound:
        """`text` spoken in `lang`'s voice at `rate` words a minute (80-400)."""
        if not text.strip():
            return Sound(b"")
        with self._lock:
            # eSpeak NG queues a new rate behind work in hand: without Synchronize the rate of
            # an earlier utterance was used
            driver = self._engine.proxy._driver
            driver.setProperty("voice", voice_for(lang).id)
            driver.setProperty("rate", spoken_rate(lang, rate))
            self._espeak.Synchronize()
            self._made = []
            self._espeak.Synth(text, flags=self._espeak.ENDPAUSE | self._espeak.CHARS_UTF8)
            # eSpeak NG speaks on a thread of its own; this returns when it has finished
            self._espeak.Synchronize()
            samples = b"".join(self._made)
        if not samples:
            raise SpeechUnavailable(f"eSpeak NG made no audio for {text[:40]!r}")
        return Sound(samples)

    def _take(self, wav, count: int, events) -> int:
        """eSpeak NG's callback, on its thread: each block of samples as it is made."""
        if count > 0:
            self._made.append(ctypes.string_at(wav, count * ctypes.sizeof(ctypes.c_short)))
        return 0


_shared: Synthesizer | None = None
#: eSpeak NG crashes the process when two threads initialise it at once.
_creating = threading.Lock()


def synthesizer() -> Synthesizer:
    """The process's synthesizer; raises SpeechUnavailable when eSpeak NG cannot work here."""
    global _shared
    with _creating:
        if _shared is None:
            _shared = Synthesizer()
            atexit.register(_release)
    return _shared


def _release() -> None:
    """Let pyttsx3's driver go while Python is still whole: left to interpreter shutdown, its
    clean-up finds its own modules gone and prints a traceback."""
    global _shared
    _shared = None
    gc.collect()


def read_wav(path: Path) -> Sound:
    with wave.open(str(path), "rb") as file:
        return Sound(file.readframes(file.getnframes()), file.getframerate())


def write_wav(path: Path, sound: Sound) -> None:
    """The sound as a mono 16-bit WAV file."""
    with wave.open(str(path), "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(sound.sample_rate)
        file.writeframes(sound.samples)


def _engine():
    try:
        import pyttsx3
        engine = pyttsx3.init("espeak")
    except (ImportError, OSError, RuntimeError) as error:
        raise SpeechUnavailable(f"eSpeak NG cannot be used ({error})") from None
    return engine
