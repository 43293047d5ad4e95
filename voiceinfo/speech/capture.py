"""Speech in, as audio: WAV files and the microphone, through SpeechRecognition.

Everything comes out as SpeechRecognition's `AudioData`; `pcm16k` turns it into what
pocketsphinx hears (16 kHz, 16-bit, mono). The microphone's endpointing is tuned for short
commands: a command is a second or two, and a short pause ends it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import speech_recognition as sr

from voiceinfo.speech.quiet import quiet_stderr

SAMPLE_RATE = 16000
#: Seconds of quiet that end a command; longer waits feel slow after "next".
END_OF_COMMAND_SILENCE_SECONDS = 0.4
#: Seconds of quiet kept on both sides of the speech, so its first and last sounds are whole
#: (SpeechRecognition takes no more than the silence that ends a command).
QUIET_KEPT_SECONDS = min(END_OF_COMMAND_SILENCE_SECONDS, 0.3)
#: The longest a command may go on (SpeechRecognition's phrase_time_limit, which counts the
#: silence that ends it), so a conversation in the room cannot hold the loop. Longer than the
#: speech recognition decodes (`recognition.LONGEST_COMMAND_SECONDS`, 3 s) plus that silence,
#: so the longest command is never cut off here; longer speech is rejected there, undecoded.
LONGEST_RECORDING_SECONDS = 4.0


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


@dataclass
class MicrophoneListener:
    """Hands-free listening: one short command at a time, energy-based endpointing."""

    device_index: int | None = None

    def __post_init__(self) -> None:
        self.recognizer = sr.Recognizer()
        self.recognizer.pause_threshold = END_OF_COMMAND_SILENCE_SECONDS
        self.recognizer.non_speaking_duration = QUIET_KEPT_SECONDS
        self.recognizer.dynamic_energy_threshold = True
        self._source = None

    def open(self) -> None:
        try:
            with quiet_stderr():
                # kept open for the rest of the run: the microphone thread listens until exit
                microphone = sr.Microphone(device_index=self.device_index,
                                           sample_rate=SAMPLE_RATE)
                self._source = microphone.__enter__()
        except (OSError, AttributeError, AssertionError) as error:
            raise NoMicrophone(str(error) or "no input device") from None
        if self._source.stream is None:  # SpeechRecognition swallows the device's refusal
            raise NoMicrophone("the input device cannot be opened")
        self.recognizer.adjust_for_ambient_noise(self._source, duration=0.5)

    def listen(self, timeout: float) -> sr.AudioData | None:
        """The next command, or None when nobody spoke for `timeout` seconds."""
        try:
            return self.recognizer.listen(self._source, timeout=timeout,
                                          phrase_time_limit=LONGEST_RECORDING_SECONDS)
        except sr.WaitTimeoutError:
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
