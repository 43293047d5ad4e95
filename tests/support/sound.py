"""Sound as samples, for tests and benchmarks: WAV files read and written, white noise at a level,
a voice put into a noisy room, and loudness. The recognisers take 16 kHz mono 16-bit (`RATE`),
so that is what these make; levels are in dB below full scale (dBFS, RMS).

(`voiceinfo.speech.capture.read_audio` is the product's reader of any WAV for recognition; this
one gives the samples themselves, for measuring.)"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile

RATE = 16000
#: Full scale of a 16-bit sample.
FULL_SCALE = 32768
#: Where a voice ends: its last 10 ms within this many dB of its loudest 10 ms.
VOICE_RANGE_DB = 40


def read_wav(path: Path, rate: int | None = RATE) -> np.ndarray:
    """The samples of a WAV file as 16-bit integers, a stereo file's channels averaged. The file
    must be at `rate` Hz (ValueError otherwise); `rate=None` takes any rate."""
    samples, found = soundfile.read(str(path), dtype="int16")
    if rate is not None and found != rate:
        raise ValueError(f"{path} is at {found} Hz, not {rate} Hz")
    if samples.ndim == 2:
        samples = samples.mean(axis=1).astype(np.int16)
    return samples


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> Path:
    """Samples (any numbers, in 16-bit units) written as a mono 16-bit WAV file, clipped."""
    soundfile.write(str(path), as_int16(samples), rate, subtype="PCM_16")
    return path


def as_int16(samples: np.ndarray) -> np.ndarray:
    return np.clip(samples, -FULL_SCALE, FULL_SCALE - 1).astype(np.int16)


def white_noise(count: int, dbfs: float, rng: np.random.Generator) -> np.ndarray:
    """`count` samples of steady white noise whose RMS level is `dbfs`: a fan, a quiet room."""
    return rng.normal(0, 1, count) * FULL_SCALE * 10 ** (dbfs / 20)


def in_noise(voice: np.ndarray, dbfs: float, before: float, after: float,
             rng: np.random.Generator, rate: int = RATE) -> bytes:
    """`voice` with `before` and `after` seconds of quiet around it, all of it over white noise
    at `dbfs`: 16-bit PCM, as a microphone in a room gives it."""
    signal = np.concatenate([np.zeros(int(before * rate)), voice, np.zeros(int(after * rate))])
    return as_int16(signal + white_noise(len(signal), dbfs, rng)).tobytes()


def loudness(samples: np.ndarray, rate: int = RATE) -> np.ndarray:
    """The level (dBFS) of each 10 ms block."""
    block = rate // 100
    blocks = samples[:len(samples) // block * block].astype(float).reshape(-1, block)
    return 20 * np.log10(np.sqrt(np.mean(blocks ** 2, axis=1)) / FULL_SCALE + 1e-12)


def voice_end(samples: np.ndarray, rate: int = RATE) -> float:
    """Seconds into the samples where the voice ends: its last 10 ms within VOICE_RANGE_DB of
    its loudest."""
    levels = loudness(samples, rate)
    return (np.nonzero(levels > levels.max() - VOICE_RANGE_DB)[0][-1] + 1) / 100


def level_dbfs(path: Path) -> float:
    """The RMS level of a recording, in dBFS; -inf for silence."""
    samples = read_wav(path, rate=None)
    if not samples.size or not samples.any():
        return float("-inf")
    return float(20 * np.log10(np.sqrt(np.mean(samples.astype(float) ** 2)) / FULL_SCALE))
