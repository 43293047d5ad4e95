"""The microphone's voice activity detector (pocketsphinx's `Endpointer`, WebRTC's detector):
which decision window and agreement keep one-syllable commands over steady noise without
starting on the noise itself. Each command, said by flite's voices, is put 2 s into white
noise at -61, -50 and -40 dBFS (a quiet room, a fan, a loud room) and fed frame by frame, as
`MicrophoneListener.listen` does.

    .venv/bin/python benchmarks/speech_endpointer.py
"""

from __future__ import annotations

import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.local.soundcard import RATE, spoken  # noqa: E402
from voiceinfo.speech.capture import ENDPOINT_AGREEMENT, ENDPOINT_WINDOW_SECONDS  # noqa: E402

#: The set the shipped setting was chosen on.
COMMANDS = ["up", "next", "quit", "back", "one", "home", "skip", "where am I"]
VOICES = ["slt", "kal", "awb", "rms"]
#: Words and a voice it was not chosen on, to check it.
HELD_OUT_COMMANDS = ["pause", "help", "four", "six", "pain", "risks", "go up", "number one"]
HELD_OUT_VOICES = ["kal16"]
FLOORS_DBFS = [-61, -50, -40]
#: (window seconds, agreement): pocketsphinx's default, the shipped one, and two around it.
SETTINGS = [(0.3, 0.9), (ENDPOINT_WINDOW_SECONDS, ENDPOINT_AGREEMENT), (0.2, 0.7), (0.15, 0.6)]
SPEECH_STARTS = 2.0


def samples(path: Path) -> np.ndarray:
    with wave.open(str(path)) as file:
        return np.frombuffer(file.readframes(file.getnframes()), dtype=np.int16).astype(float)


def starts(pcm: bytes, window: float, agreement: float) -> list[float]:
    """When the detector decided that speech began, in seconds."""
    import pocketsphinx
    detector = pocketsphinx.Endpointer(window=window, ratio=agreement,
                                       vad_mode=pocketsphinx.Vad.LOOSE, sample_rate=RATE)
    size, found, was = detector.frame_bytes, [], False
    for index in range(0, len(pcm) - size, size):
        detector.process(pcm[index:index + size])
        if detector.in_speech and not was:
            found.append(detector.speech_start)
        was = detector.in_speech
    return found


def measure(folder: Path, voices: list[str], commands: list[str], title: str) -> None:
    rng = np.random.default_rng(0)
    results = {setting: [0, 0] for setting in SETTINGS}  # heard, false starts
    trials = 0
    for voice in voices:
        for text in commands:
            word = samples(spoken(folder / f"{voice}-{text.replace(' ', '-')}.wav", text, voice))
            for floor in FLOORS_DBFS:
                signal = np.concatenate([np.zeros(int(SPEECH_STARTS * RATE)), word,
                                         np.zeros(int(1.5 * RATE))])
                noise = rng.normal(0, 1, len(signal)) * 32768 * 10 ** (floor / 20)
                pcm = np.clip(signal + noise, -32768, 32767).astype(np.int16).tobytes()
                trials += 1
                for setting in SETTINGS:
                    found = starts(pcm, *setting)
                    on_word = [t for t in found if t >= SPEECH_STARTS - 0.5]
                    results[setting][0] += bool(on_word)
                    results[setting][1] += len(found) > len(on_word)
    print(f"{title}: {trials} utterances, {len(commands)} commands x {', '.join(voices)} x "
          f"noise at {', '.join(map(str, FLOORS_DBFS))} dBFS")
    print("| window s | agreement | commands kept | started on the noise |")
    print("|---|---|---|---|")
    for (window, agreement), (heard, false_starts) in results.items():
        shipped = " (shipped)" if (window, agreement) == (ENDPOINT_WINDOW_SECONDS,
                                                           ENDPOINT_AGREEMENT) else ""
        print(f"| {window}{shipped} | {agreement} | {heard}/{trials} | {false_starts} |")


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="voiceinfo-endpointer-"))
    measure(folder, VOICES, COMMANDS, "chosen on")
    measure(folder, HELD_OUT_VOICES, HELD_OUT_COMMANDS, "held out")


if __name__ == "__main__":
    main()
