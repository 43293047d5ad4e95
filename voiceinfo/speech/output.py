"""Speech out, as the local front end's `Output` (`voiceinfo.local.session.Output`): each line
of a reply spoken in the reply's language and rate, into a sink (the speakers, numbered WAV
files, or nothing), and shown as text.

Speaking can be cut off at once (barge-in): `interrupt()` from any thread stops the sound within
a few milliseconds, dropping what is queued for the speakers, and drops the rest of the reply. A sound device that fails (the sound server
gone, the headset pulled out) costs the person nothing: the text goes on being shown, the
failure is said once, and the device is tried again now and then.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from voiceinfo.navigator import Reply
from voiceinfo.speech import timeline
from voiceinfo.speech.quiet import quiet_stderr
from voiceinfo.speech.synthesis import Sound, Synthesizer, write_wav

#: Samples handed to the speakers at a time: 20 ms at eSpeak NG's rate.
BLOCK = 441
#: How often room in the output buffer is looked for, and so the longest a key waits.
ROOM_WAIT_SECONDS = 0.005


#: Samples PortAudio's output buffer is made of (two of these, about 0.19 s at eSpeak NG's
#: rate). PortAudio's low default (9 ms) ran dry whenever another program took the processor
#: for a moment, and each time the sound server started the stream again, so that a line of
#: 2 s took 15 s to play on a busy machine. A larger buffer costs no delay here: a line is
#: made whole before it is played, so the buffer fills at once; and speech cut off by a key
#: is dropped from it, not played out.
OUTPUT_FRAMES = 2048


class NoSpeakers(RuntimeError):
    """No audio output device can be opened."""


class Sink(Protocol):
    def play(self, sound: Sound, stop: threading.Event) -> None:
        """Blocks until the sound is out or `stop` is set."""


class WavFiles:
    """Every utterance into its own numbered WAV file: 0001.wav, 0002.wav, ..."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.count = len(list(self.directory.glob("[0-9][0-9][0-9][0-9].wav")))

    def play(self, sound: Sound, stop: threading.Event) -> None:
        self.count += 1
        write_wav(self.directory / f"{self.count:04d}.wav", sound)


class Discard:
    """Makes the sound and drops it: for timing the path to the first sample."""

    def play(self, sound: Sound, stop: threading.Event) -> None:
        return None


class Speakers:
    """The default output device, through PyAudio, a block at a time so it can stop at once."""

    def __init__(self) -> None:
        try:
            import pyaudio
            with quiet_stderr():
                self._audio = pyaudio.PyAudio()
                self._audio.get_default_output_device_info()
        except (ImportError, OSError, IOError) as error:
            raise NoSpeakers(str(error) or "no output device") from None
        self._pyaudio = pyaudio

    def play(self, sound: Sound, stop: threading.Event) -> None:
        with quiet_stderr():
            stream = self._audio.open(format=self._pyaudio.paInt16, channels=1,
                                      rate=sound.sample_rate, output=True,
                                      frames_per_buffer=OUTPUT_FRAMES)
        timeline.mark("stream-opened")
        cut_off = False
        try:
            step = BLOCK * 2
            for start in range(0, len(sound.samples), step):
                # waits for room a little at a time, not inside PortAudio (which waits for a
                # whole buffer's half, 0.09 s), so that a key stops the speech at once
                while stream.get_write_available() < BLOCK and not stop.wait(ROOM_WAIT_SECONDS):
                    pass
                if stop.is_set():
                    cut_off = True
                    break
                stream.write(sound.samples[start:start + step])
                if not start:
                    timeline.mark("first-block-written")
        finally:
            if not cut_off:
                stream.stop_stream()  # lets what is queued play out
            stream.close()  # drops what is still queued: cut off means silent now
            timeline.mark("stream-closed")


#: How often a lost sound device is tried again, at the start of a reply.
REOPEN_SECONDS = 5.0


class SpokenOutput:
    """Says each reply aloud and shows it.

    `show` prints a line (`Environment.say`): all that speech out needs of the program's
    surroundings, so this module does not depend on them. `reopen` makes the sink again after
    it failed; `lost` and `back` are told of the failure (with the error) and of the recovery,
    to tell the person in their language.
    """

    def __init__(self, show: Callable[[str], None], synthesizer: Synthesizer, sink: Sink,
                 reopen: Callable[[], Sink] | None = None,
                 lost: Callable[[Exception], None] = lambda error: None,
                 back: Callable[[], None] = lambda: None) -> None:
        self.show, self.synthesizer, self.sink = show, synthesizer, sink
        self.reopen, self.lost, self.back = reopen, lost, back
        self._lost_at: float | None = None
        self.stop = threading.Event()
        #: Set while a reply is being said: the microphone hears the speakers then.
        self.speaking = threading.Event()
        #: When the last reply's first sample went to the sink (`time.perf_counter()`), or None
        #: before any reply and when nothing of it was spoken.
        self.first_sample_at: float | None = None

    def say(self, reply: Reply) -> None:
        self.stop.clear()
        self.first_sample_at = None
        self._try_again()
        self.speaking.set()
        try:
            for line in reply.said:
                self.show(line)
                if self.stop.is_set() or self._lost_at is not None:
                    continue
                sound = self.synthesizer.synthesize(line, reply.state.lang, reply.state.rate)
                timeline.mark("synthesized", f"{sound.seconds:.3f}")
                if self.first_sample_at is None:
                    self.first_sample_at = time.perf_counter()
                try:
                    self.sink.play(sound, self.stop)
                except OSError as error:  # PortAudio's way of saying the device has gone
                    self._lost_at = time.monotonic()
                    self.lost(error)
        finally:
            self.speaking.clear()

    def _try_again(self) -> None:
        if self._lost_at is None or self.reopen is None or (
                time.monotonic() - self._lost_at < REOPEN_SECONDS):
            return
        try:
            self.sink = self.reopen()
        except (NoSpeakers, OSError):
            self._lost_at = time.monotonic()
            return
        self._lost_at = None
        self.back()

    def interrupt(self) -> None:
        """Barge-in: stop talking now."""
        timeline.mark("interrupted")
        self.stop.set()
