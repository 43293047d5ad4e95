"""A call's sound, in memory and never kept: the lines it says, made into samples, and what the
caller says, cut into commands. No SIP here: the SIP line (`voiceinfo.phone.line`) hands these
classes 20 ms frames from PJSIP's media thread and takes frames from them.

Out: each line is spoken by the same synthesis as the loop's (eSpeak NG, `speech.synthesis`),
or taken from the audio cache's pre-rendered file of that very text where one exists
(`audiocache`), at eSpeak NG's own rate; PJSIP's conference bridge resamples it to the call's
codec (8 kHz for G.711, 16 kHz for G.722) with its own filter. The lines of a reply queue one
behind another with no gap, and `interrupt()` silences them within one frame (barge-in).

In: the caller's sound at 16 kHz (PJSIP resamples the call's codec to it), cut into commands by
the loop's own endpointer (`speech.capture.CommandCutter`) and heard by the loop's recognizers.
"""

from __future__ import annotations

import collections
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from voiceinfo.phone.conversation import Line

#: The rate lines are made at: eSpeak NG's own (`speech.synthesis.SAMPLE_RATE`), so speech is
#: never resampled here; the conference bridge does it once, to the call's rate.
OUT_RATE = 22050
#: The rate the recognizers hear (`speech.capture.SAMPLE_RATE`).
IN_RATE = 16000
#: One frame of PJSIP's conference bridge.
FRAME_SECONDS = 0.02
#: A command whose loudest 30 ms is quieter than this (RMS of 16-bit samples, -50 dBFS) is the
#: line's own noise, not a voice, and is dropped before it is heard: G.722's idle noise over a
#: silent caller (about -79 dBFS RMS, peaks of 44) was cut as speech by the voice activity
#: detector, which listens for the shape of a voice at any loudness, and heard as "up", "choose"
#: and once "quit". A person speaking into a phone is far louder (-35 to -15 dBFS).
QUIETEST_VOICE_RMS = 100
#: The same while the line is talking (-40 dBFS): the line's own voice comes back from the far
#: end, faintly (in the tests' G.722 calls, up to 171 RMS for a frame), and must not be taken
#: for the caller's; a caller talking over a prompt (barge-in) speaks up anyway.
QUIETEST_VOICE_RMS_OVER_PROMPT = 320
#: Lines (or their sentences) made into sound and kept, shared by every call: the opening menu,
#: the greeting and the help are said on most calls. A sentence is a few seconds of sound,
#: about 100 KB; a whole line at most 40 s, 1.8 MB.
KEPT_LINES = 256
#: Where a line is cut into sentences, each made and queued in turn: the first is heard as
#: soon as it is made, not after the whole line (a part of 30 words took eSpeak NG long enough
#: that a key's reply began 0.6 s after the key at p95).
SENTENCE_END = re.compile(r"(?<=[.?!؟;:])\s+")


def frame_bytes(rate: int) -> int:
    return round(rate * FRAME_SECONDS) * 2


def loud_enough(pcm: bytes, frame: int, least: float = QUIETEST_VOICE_RMS) -> bool:
    """Whether any frame of the sound is as loud as a voice (`least` RMS)."""
    import numpy as np
    samples = np.frombuffer(pcm[:len(pcm) // 2 * 2], dtype="<i2").astype(np.float32)
    step = frame // 2
    return any(float(np.sqrt(np.mean(samples[i:i + step] ** 2))) >= least
               for i in range(0, len(samples) - step + 1, step))


class Voice:
    """Lines into 16-bit mono samples at `OUT_RATE`, shared by all calls (eSpeak NG makes one
    line at a time for the process)."""

    def __init__(self, synthesizer, audio_dir: Path | None = None) -> None:
        self.synthesizer = synthesizer
        self.audio_dir = audio_dir
        self._kept: collections.OrderedDict[Line, bytes] = collections.OrderedDict()
        self._lock = threading.Lock()

    def pieces(self, line: Line) -> Iterator[bytes]:
        """The line's sound, a sentence at a time unless it is kept or pre-rendered whole."""
        with self._lock:
            kept = self._kept.get(line)
        whole = kept or self._cached(line)
        sentences = SENTENCE_END.split(line.text.strip())
        if whole is not None or len(sentences) < 2:
            yield whole if whole is not None else self.samples(line)
            return
        for sentence in sentences:
            yield self.samples(Line(sentence, line.lang, line.rate))

    def samples(self, line: Line) -> bytes:
        with self._lock:
            if line in self._kept:
                self._kept.move_to_end(line)
                return self._kept[line]
        made = self._cached(line) or self.synthesizer.synthesize(
            line.text, line.lang, line.rate).samples
        with self._lock:
            self._kept[line] = made
            while len(self._kept) > KEPT_LINES:
                self._kept.popitem(last=False)
        return made

    def _cached(self, line: Line) -> bytes | None:
        """The audio cache's pre-rendered file of exactly this text, when there is one."""
        if self.audio_dir is None:
            return None
        from voiceinfo.audiocache import SAMPLE_RATE, AudioCache, Clip, resample
        path = AudioCache(self.audio_dir).path(Clip(line.lang, (line.text,), line.rate))
        if not path.is_file():
            return None
        import numpy as np
        import soundfile
        try:
            samples, rate = soundfile.read(str(path), dtype="float32")
        except (soundfile.LibsndfileError, RuntimeError, ValueError):
            return None  # half-written or damaged: spoken afresh instead
        mono = resample(samples if samples.ndim == 1 else samples.mean(axis=1),
                        rate or SAMPLE_RATE, OUT_RATE)
        return (np.clip(mono, -1, 1) * 32767).astype("<i2").tobytes()


class Speaker:
    """What the call says, queued line after line, taken a frame at a time by PJSIP's media
    thread; safe from any thread."""

    def __init__(self, rate: int = OUT_RATE) -> None:
        self.frame_bytes = frame_bytes(rate)
        self._silence = bytes(self.frame_bytes)
        self._chunks: collections.deque[bytes] = collections.deque()
        self._offset = 0
        self._lock = threading.Lock()
        #: Bumped by each interrupt: a turn still being made checks it and stops.
        self.generation = 0
        #: A turn is being made (lines may still come): an empty queue then is a gap.
        self._turn_open = False
        #: Set when everything queued has gone out and no turn is being made.
        self.drained = threading.Event()
        self.drained.set()
        #: When the first frame of the current turn went out (`time.perf_counter()`).
        self.first_sound_at: float | None = None
        #: When the last interrupt stopped sound that was playing.
        self.stopped_at: float | None = None
        #: Frames that went out empty in the middle of a turn: gaps the caller heard.
        self.underruns = 0
        self._played_any = False
        #: The last turn that went out to its end, not cut off.
        self._whole: int | None = None

    def begin(self) -> int:
        """A turn starts; returns its generation, to check with `current`."""
        with self._lock:
            self._turn_open = True
            self._played_any = False
            self.first_sound_at = None
            self.drained.clear()
            return self.generation

    def current(self, generation: int) -> bool:
        return generation == self.generation

    def played_whole(self, generation: int) -> bool:
        """Whether that turn went out to its end (a key after its end does not undo that)."""
        return self._whole == generation

    def add(self, samples: bytes, generation: int) -> bool:
        """Queue a line's samples; False (and nothing queued) when the turn was interrupted."""
        with self._lock:
            if generation != self.generation:
                return False
            self._chunks.append(samples)
            return True

    def end(self, generation: int) -> None:
        """No more lines in this turn."""
        with self._lock:
            if generation == self.generation:
                self._turn_open = False
                if not self._chunks:
                    self._whole = generation
                    self.drained.set()

    def interrupt(self) -> None:
        """Barge-in: silent from the next frame on, and the turn being made stops."""
        with self._lock:
            if self._chunks:
                self.stopped_at = time.perf_counter()
            self.generation += 1
            self._chunks.clear()
            self._offset = 0
            self._turn_open = False
            self.drained.set()

    @property
    def speaking(self) -> bool:
        return not self.drained.is_set()

    def frame(self) -> bytes:
        """The next frame to send (PJSIP's media thread)."""
        with self._lock:
            if not self._chunks:
                if self._turn_open and self._played_any:
                    self.underruns += 1
                return self._silence
            taken = bytearray()
            while self._chunks and len(taken) < self.frame_bytes:
                chunk = self._chunks[0]
                wanted = self.frame_bytes - len(taken)
                taken += chunk[self._offset:self._offset + wanted]
                self._offset += wanted
                if self._offset >= len(chunk):
                    self._chunks.popleft()
                    self._offset = 0
            if not self._played_any:
                self._played_any = True
                self.first_sound_at = time.perf_counter()
            if not self._chunks and not self._turn_open:
                self._whole = self.generation
                self.drained.set()
        return bytes(taken) + self._silence[len(taken):]


class Listener:
    """The caller's sound, a frame at a time from PJSIP's media thread, cut into commands on a
    thread of its own; each command's audio goes to `heard`. The sound is held only until its
    command is cut out and handed on, and dropped when the call ends."""

    def __init__(self, heard: Callable[[bytes, float], None],
                 free_speech: Callable[[], bool] = lambda: False,
                 guessed: Callable[[bytes], None] | None = None,
                 talking: Callable[[], bool] = lambda: False) -> None:
        """`talking()`: whether the line is saying something now (its echo may come back)."""
        self.heard, self.free_speech, self.guessed = heard, free_speech, guessed
        self.talking = talking
        self._frames: collections.deque[bytes] = collections.deque(maxlen=500)
        self._ready = threading.Condition()
        self._stopped = False
        self._thread: threading.Thread | None = None

    def start(self, name: str) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True, name=name)
        self._thread.start()

    def feed(self, frame: bytes) -> None:
        """PJSIP's media thread: never waits."""
        with self._ready:
            self._frames.append(frame)
            self._ready.notify()

    def stop(self) -> None:
        with self._ready:
            self._stopped = True
            self._frames.clear()
            self._ready.notify()

    def _run(self) -> None:
        from voiceinfo.speech.capture import CommandCutter
        cutter = CommandCutter(free_speech=self.free_speech)
        pending = bytearray()
        guess = None
        while True:
            with self._ready:
                while not self._frames and not self._stopped:
                    self._ready.wait()
                if self._stopped:
                    return
                while self._frames:
                    pending += self._frames.popleft()
            while len(pending) >= cutter.frame_bytes:
                frame, pending = bytes(pending[:cutter.frame_bytes]), pending[cutter.frame_bytes:]
                command = cutter.feed(frame)
                if cutter.guess is not None and cutter.guess is not guess:
                    guess = cutter.guess
                    if self.guessed is not None and self._voice(guess, cutter.frame_bytes):
                        self.guessed(guess)
                if command is not None and self._voice(command, cutter.frame_bytes):
                    self.heard(command, time.perf_counter())
                    cutter = CommandCutter(free_speech=self.free_speech)
                    guess = None

    def _voice(self, pcm: bytes, frame: int) -> bool:
        return loud_enough(pcm, frame, QUIETEST_VOICE_RMS_OVER_PROMPT if self.talking()
                           else QUIETEST_VOICE_RMS)
