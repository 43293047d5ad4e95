"""Speech in, as audio: WAV files and the microphone, through SpeechRecognition.

Everything comes out as SpeechRecognition's `AudioData`; `pcm16k` turns it into what
pocketsphinx hears (16 kHz, 16-bit, mono). A command from the microphone starts and ends where
a voice activity detector says (pocketsphinx's `Endpointer`, WebRTC's detector), frame by frame,
not where the sound rises above an energy threshold: SpeechRecognition's `listen()` measured a
word against a threshold that rose during it and dropped phrases under 0.3 s, so "next", "back"
and "quit" were lost over an ordinary room's noise.
"""

from __future__ import annotations

import collections
import time
from collections.abc import Callable
from pathlib import Path

import speech_recognition as sr

from voiceinfo.speech import timeline
from voiceinfo.speech.quiet import quiet_stderr

SAMPLE_RATE = 16000
#: The voice activity detector's decision window (seconds) and the share of its frames that
#: must agree before speech starts. Measured with benchmarks/speech_endpointer.py on
#: one-syllable and longer commands of four flite voices over white noise at -61, -50 and
#: -40 dBFS: 0.24 and 0.75 kept every one with no false start on the noise; pocketsphinx's
#: default (0.3, 0.9) lost some one-syllable words, and a shorter window started on the noise.
ENDPOINT_WINDOW_SECONDS, ENDPOINT_AGREEMENT = 0.24, 0.75
#: A command ends sooner than the detector above would end it (it waited 0.33 s after the voice
#: on the median, 0.39 s at p95, most of it WebRTC's hangover in its loosest mode): after
#: `END_QUIET_FRAMES` frames in a row in which WebRTC's detector in its aggressive mode
#: (`END_VAD_MODE`) hears no voice, 0.18 s after the voice on the median, 0.22 s at p95, with
#: about as many commands recognised (benchmarks/speech_endpointer.py: 85 of 120 in two runs,
#: against 85 and 88). Fewer frames, or the very aggressive mode, cut off the end of "next",
#: "home" and "risks" in noise.
END_VAD_MODE, END_QUIET_FRAMES = 2, 4
#: Frames of the room's sound from before the command (0.18 s) put after it when it ends: with
#: only the 0.12 s of quiet the end is decided on, the recognizer heard more one-syllable words
#: as nothing (live at -60 dBFS, kal, slt and awb: 34 of 48 heard, against 38 with the loose
#: detector's later end, and 38 with this).
TRAILING_ROOM_FRAMES = 6
#: Decoding begins once a command has been voiceless this many frames (60 ms), on the guess that
#: it has ended, while the end is still waited for: what is decoded is the command to here, then
#: the room's sound, whether the guess holds (`END_QUIET_FRAMES` later) or not, so a right guess
#: takes the decoding out of the wait for the reply and a wrong one (the voice comes back) is
#: thrown away. Decoded from the guess at two frames, as many commands were recognised as from
#: the whole command (benchmarks/speech_endpointer.py: 68 and 20, against 66 and 19, of 96 and
#: 24); one frame did as well, but guesses wrong more often, and the next decoding waits
#: behind each wrong one.
GUESS_QUIET_FRAMES = 2
#: The room's sound kept before the speech (and, by the window, after it): the recognizer
#: measures the noise it takes out there, and without it heard one-syllable words as nothing.
QUIET_BEFORE_SECONDS = 0.3
#: The longest a command may go on, so a conversation in the room cannot hold the loop; longer
#: than the speech recognition decodes (`recognition.LONGEST_COMMAND_SECONDS`, 3 s), so the
#: longest command is never cut off here; longer speech is rejected there, undecoded.
LONGEST_RECORDING_SECONDS = 4.0
#: A spoken question (after the cue, `speech.question_model`) is free speech: people pause
#: between its words and think mid-sentence, so it ends only after this much quiet (not
#: measured live yet: a guess a little over a spoken comma) and may go on this long.
QUESTION_END_QUIET_SECONDS, LONGEST_QUESTION_SECONDS = 0.8, 12.0
#: Samples the sound system hands over at a time: one detector frame (30 ms). With
#: SpeechRecognition's 1024 (64 ms) a command's end reached the detector up to 64 ms late.
CAPTURE_FRAMES = 480


class AudioUnreadable(ValueError):
    """A file that is not readable audio; the message names the file and why, in one line."""


class NoMicrophone(RuntimeError):
    """No microphone can be opened here."""


def read_audio(path: Path) -> sr.AudioData:
    """A mono or stereo WAV (or AIFF, FLAC) file of any sample rate and bit depth."""
    path = Path(path)
    if not path.is_file():
        raise AudioUnreadable(f"{path}: no such file")
    try:
        with sr.AudioFile(str(path)) as source:
            return sr.Recognizer().record(source)
    except (ValueError, OSError, EOFError, AssertionError):
        return _read_with_soundfile(path)


def _read_with_soundfile(path: Path) -> sr.AudioData:
    """Float, 24-bit extensible and other WAV flavours Python's `wave` cannot open."""
    import numpy as np
    import soundfile
    try:
        # as floats: libsndfile turns float files into int16 unscaled, which is silence
        samples, rate = soundfile.read(str(path), dtype="float64", always_2d=True)
    except (soundfile.LibsndfileError, RuntimeError, ValueError) as error:
        raise AudioUnreadable(f"{path}: not a WAV file we can read ({_reason(error)})") from None
    if samples.shape[0] == 0:
        raise AudioUnreadable(f"{path}: the file holds no audio")
    mono = np.clip(samples.mean(axis=1) * 32767, -32768, 32767).astype(np.int16)
    return sr.AudioData(mono.tobytes(), rate, 2)


def _reason(error: Exception) -> str:
    return str(error).splitlines()[0][:80] if str(error) else type(error).__name__


def pcm16k(audio: sr.AudioData) -> bytes:
    return audio.get_raw_data(convert_rate=SAMPLE_RATE, convert_width=2)


class CommandCutter:
    """One command cut out of a stream of frames (`frame_bytes` each): it starts where the voice
    activity detector decides that speech began, with the room's sound before it, and ends
    after `END_QUIET_FRAMES` voiceless frames, or where the detector ends it, or at the longest
    a command may go on. When `free_speech()` says, as speech starts, that a question is
    awaited, only a longer quiet or the longest a question may go on ends it."""

    def __init__(self, end_quiet_frames: int | None = END_QUIET_FRAMES,
                 guess_quiet_frames: int | None = GUESS_QUIET_FRAMES,
                 free_speech: Callable[[], bool] = lambda: False) -> None:
        """`end_quiet_frames` None: the detector alone ends a command; `guess_quiet_frames`
        None: no guess, the command is all that came before its end (both for benchmarks)."""
        import pocketsphinx
        self.detector = pocketsphinx.Endpointer(
            window=ENDPOINT_WINDOW_SECONDS, ratio=ENDPOINT_AGREEMENT,
            vad_mode=pocketsphinx.Vad.LOOSE, sample_rate=SAMPLE_RATE)
        self.voice = pocketsphinx.Vad(END_VAD_MODE, SAMPLE_RATE, self.detector.frame_length)
        self.frame_bytes = self.detector.frame_bytes
        self.before: collections.deque[bytes] = collections.deque(maxlen=round(
            (ENDPOINT_WINDOW_SECONDS + QUIET_BEFORE_SECONDS) / self.detector.frame_length))
        self.longest = round(LONGEST_RECORDING_SECONDS / self.detector.frame_length)
        self.command: list[bytes] = []
        self.quiet, self.end_quiet_frames = 0, end_quiet_frames or self.longest
        self.guess_quiet_frames = guess_quiet_frames
        #: The command's audio as it will be if it has ended now (see `GUESS_QUIET_FRAMES`).
        self.guess: bytes | None = None
        self.free_speech, self.question = free_speech, False

    @property
    def started(self) -> bool:
        return bool(self.command)

    def feed(self, frame: bytes) -> bytes | None:
        """The command's audio, once this frame has ended it; else None."""
        self.detector.process(frame)
        # every frame, not only the command's: WebRTC's detector learns the room's noise
        voiced = self.voice.is_speech(frame)
        if self.command:
            self.command.append(frame)
            self.quiet = 0 if voiced else self.quiet + 1
            if self.quiet == 0:
                self.guess = None
            elif self.quiet == self.guess_quiet_frames:
                self.guess = self._with_room_after()
            if (self.quiet >= self.end_quiet_frames or len(self.command) >= self.longest
                    or not (self.question or self.detector.in_speech)):
                return self.guess or self._with_room_after()
        elif self.detector.in_speech:
            self.command = [*self.before, frame]
            if self.free_speech():
                frame_seconds = self.detector.frame_length
                self.question = True
                # a question is decoded whole with its own model: no guess ahead of its end
                self.guess_quiet_frames = None
                self.end_quiet_frames = round(QUESTION_END_QUIET_SECONDS / frame_seconds)
                self.longest = round(LONGEST_QUESTION_SECONDS / frame_seconds)
        else:
            self.before.append(frame)
        return None

    def _with_room_after(self) -> bytes:
        # the recognizer finishes a word better with quiet after it: the room's own sound from
        # before the command stands in for what was not waited for
        return b"".join(self.command + self.command[:TRAILING_ROOM_FRAMES])


class MicrophoneListener:
    """Hands-free listening: one command at a time, cut out of the microphone's sound by the
    voice activity detector. A device that fails while it listens raises OSError."""

    def __init__(self, device_index: int | None = None) -> None:
        self.device_index = device_index
        self._source = None

    def open(self) -> None:
        try:
            with quiet_stderr():
                # kept open for the rest of the run: the microphone thread listens until exit
                microphone = sr.Microphone(device_index=self.device_index,
                                           sample_rate=SAMPLE_RATE, chunk_size=CAPTURE_FRAMES)
                self._source = microphone.__enter__()
        except (OSError, AttributeError, AssertionError) as error:
            raise NoMicrophone(str(error) or "no input device") from None
        if self._source.stream is None:  # SpeechRecognition swallows the device's refusal
            raise NoMicrophone("the input device cannot be opened")

    def pause(self) -> None:
        """Stop taking sound in: push to talk, between presses, keeps none of it."""
        self._source.stream.pyaudio_stream.stop_stream()

    def resume(self) -> None:
        """Take sound in again, from now on only."""
        self._source.stream.pyaudio_stream.start_stream()

    def listen(self, timeout: float | None = None,
               guessed: Callable[[sr.AudioData], None] | None = None,
               free_speech: Callable[[], bool] = lambda: False) -> sr.AudioData | None:
        """The next command (or question, when `free_speech()`), with the quiet around it, or
        None when no speech began within `timeout` seconds. Each time a command seems to have
        ended, before that is sure, its audio goes to `guessed`; when the guess holds, the very
        same object is returned."""
        cutter = CommandCutter(free_speech=free_speech)
        samples = cutter.frame_bytes // 2
        deadline = None if timeout is None else time.monotonic() + timeout
        guess, guess_audio = None, None
        while True:
            frame = self._source.stream.read(samples)
            if len(frame) < cutter.frame_bytes:
                raise OSError("the microphone's stream ended")
            command = cutter.feed(frame)
            if cutter.guess is not None and cutter.guess is not guess:
                guess, guess_audio = cutter.guess, sr.AudioData(cutter.guess, SAMPLE_RATE, 2)
                if guessed is not None:
                    guessed(guess_audio)
            if command is not None:
                timeline.mark("speech-ended")
                return guess_audio if command is guess else sr.AudioData(command, SAMPLE_RATE, 2)
            if not cutter.started and deadline is not None and time.monotonic() > deadline:
                return None


def microphone_available() -> bool:
    """Whether any input device exists (PyAudio installed and a device with input channels)."""
    try:
        import pyaudio
    except ImportError:
        return False
    with quiet_stderr():
        audio = pyaudio.PyAudio()
        try:
            return any(audio.get_device_info_by_index(i).get("maxInputChannels", 0) > 0
                       for i in range(audio.get_device_count()))
        finally:
            audio.terminate()
