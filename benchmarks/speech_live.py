"""The spoken loop's live path, on the virtual sound card the tests use (tests/local/soundcard):

- commands heard over steady noise floors of about -60, -50 and -40 dBFS, each command word
  spoken by flite's voices into the card's microphone and taken through the same capture
  (PortAudio, the voice activity detector) and recognizer as `voiceinfo` (target: every word,
  one-syllable ones included, heard at least 97 % of the time over -50 dBFS);
- `voiceinfo` itself in a pseudo-terminal: start-up to its first sound (target at most 1 s),
  and the end of a spoken command to the first sound of its reply (target at most 0.4 s at
  p95, the silence that ends the command included). Both are read off one stereo recording:
  the microphone's feed looped into its left channel, the speakers into its right, so that
  both have one clock. Start-up is timed from a click played into the microphone as the
  program is launched (the two processes' own start-up differ by a few tens of ms).

    .venv/bin/python benchmarks/speech_live.py [--voices kal rms slt awb] [--floors -60 -50 -40]
                                               [--skip-heard] [--skip-timings]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import wave
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.local.soundcard import RATE, VirtualSoundCard, noise, spoken, write_wav  # noqa: E402
from tests.local.terminal import Terminal  # noqa: E402

#: Commands with short replies, timed from the end of the voice to the reply's first sound.
TIMED = ["where am I", "slower", "faster", "pause", "where am I", "slower", "faster",
         "where am I", "pause", "where am I"]
#: Louder than this (dBFS, over 10 ms) is sound; a pause longer than GAP_SECONDS ends it.
SOUND_DBFS, GAP_SECONDS = -45, 0.15
LOOPBACK = [
    ["module-null-sink", "sink_name=both", "channels=2"],
    ["module-remap-sink", "sink_name=to_left", "master=both", "channels=1", "channel_map=mono",
     "master_channel_map=front-left"],
    ["module-remap-sink", "sink_name=to_right", "master=both", "channels=1", "channel_map=mono",
     "master_channel_map=front-right"],
    ["module-loopback", "source=mic_feed.monitor", "sink=to_left", "latency_msec=20"],
    ["module-loopback", "source=speakers.monitor", "sink=to_right", "latency_msec=20"],
]

#: The commands of the brief, the one-syllable ones among them.
COMMANDS = ["next", "back", "up", "home", "quit", "skip", "one", "pause", "repeat", "help",
            "where am I", "fatigue", "go up", "go home", "number one", "slower"]


def heard_over_noise(card: VirtualSoundCard, folder: Path, voices: list[str],
                     floors: list[float]) -> None:
    from voiceinfo.guide import load_guide
    from voiceinfo.speech.capture import MicrophoneListener
    from voiceinfo.speech.recognition import Outcome, Recognizers
    guide = load_guide()
    vocabulary = guide.vocabulary("en")
    recognizer = Recognizers(guide.vocabulary, "sphinx", print)("en")
    listener = MicrophoneListener()
    listener.open()
    print("| floor | voice | heard | misses |")
    print("|---|---|---|---|")
    totals: dict[float, list[int]] = {}
    for floor in floors:
        room = card.play_into_microphone(noise(folder / f"room{floor}.wav", floor, 600),
                                         wait=False)
        time.sleep(1)
        for voice in voices:
            heard, misses = 0, []
            for text in COMMANDS:
                path = spoken(folder / f"{voice}-{text.replace(' ', '-')}.wav", text, voice)
                player = threading.Thread(target=card.play_into_microphone, args=(path,))
                player.start()
                audio = listener.listen(timeout=5)
                player.join()
                result = recognizer.recognize(audio) if audio else None
                expected = vocabulary.parse(text, forgiving=False)
                if result and result.outcome is Outcome.COMMAND and result.command == expected:
                    heard += 1
                else:
                    misses.append(f"{text} as {result.heard if result else 'nothing'!r}")
                time.sleep(0.3)
            totals.setdefault(floor, [0, 0])
            totals[floor][0] += heard
            totals[floor][1] += len(COMMANDS)
            print(f"| {floor:.0f} dBFS | {voice} | {heard}/{len(COMMANDS)} "
                  f"| {'; '.join(misses) or '-'} |", flush=True)
        room.kill()
    for floor, (heard, count) in totals.items():
        print(f"over {floor:.0f} dBFS: {heard}/{count} = {100 * heard / count:.1f} % heard")


def sounds(samples: np.ndarray) -> list[tuple[float, float]]:
    """(start, end) in seconds of each stretch of sound in one channel."""
    block = RATE // 100
    found: list[tuple[float, float]] = []
    for index in range(0, len(samples) - block, block):
        chunk = samples[index:index + block].astype(float)
        if 20 * np.log10(np.sqrt(np.mean(chunk ** 2)) / 32768 + 1e-12) <= SOUND_DBFS:
            continue
        at = index / RATE
        if found and at - found[-1][1] <= GAP_SECONDS:
            found[-1] = (found[-1][0], at + 0.01)
        else:
            found.append((at, at + 0.01))
    return found


def live_timings(card: VirtualSoundCard, folder: Path) -> None:
    for module in LOOPBACK:
        subprocess.run(["pactl", "load-module", *module], env={**os.environ, **card.env},
                       check=True, capture_output=True)
    card.play_into_microphone(noise(folder / "quiet-room.wav", -65, 300), wait=False)
    stereo = folder / "both.wav"
    recorder = subprocess.Popen(
        ["parec", "--device=both.monitor", "--file-format=wav", "--channels=2",
         f"--rate={RATE}", "--format=s16le", str(stereo)], env={**os.environ, **card.env})
    time.sleep(3)  # an idle null sink delivers only after about 2 s
    click = write_wav(folder / "click.wav", np.sin(np.arange(RATE // 50) * 0.3) * 16000)
    card.play_into_microphone(click, wait=False)
    term = Terminal(folder / "state", env=card.env)
    term.read_until("Topics:", timeout=30)
    time.sleep(30)  # the greeting, said whole
    for text in TIMED:
        card.play_into_microphone(spoken(folder / f"timed-{text.replace(' ', '-')}.wav", text,
                                         "rms"))
        time.sleep(6)
    term.press("q")
    term.read_until("Goodbye.", timeout=20)
    term.close()
    recorder.terminate()
    recorder.wait(timeout=10)
    with wave.open(str(stereo)) as file:
        both = np.frombuffer(file.readframes(file.getnframes()), dtype=np.int16).reshape(-1, 2)
    heard, said = sounds(both[:, 0]), sounds(both[:, 1])
    launched = heard[0][0]
    print(f"start-up to the first sound: {said[0][0] - launched:.2f} s (target at most 1 s)")
    replies = [next(start for start, _ in said if start > end) - end for _, end in heard[1:]]
    p95 = statistics.quantiles(replies, n=20)[-1] if len(replies) > 1 else replies[0]
    print(f"end of a spoken command to the first sound of its reply, {len(replies)} commands: "
          f"median {statistics.median(replies):.2f} s, p95 {p95:.2f} s (target p95 at most "
          f"0.4 s); each: {', '.join(f'{r:.2f}' for r in replies)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", nargs="+", default=["kal", "rms", "slt", "awb"])
    parser.add_argument("--floors", nargs="+", type=float, default=[-60, -50, -40])
    parser.add_argument("--skip-heard", action="store_true")
    parser.add_argument("--skip-timings", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="voiceinfo-live-"))
    card = VirtualSoundCard(folder / "card")
    card.start()
    os.environ.update(card.env)
    try:
        if not args.skip_heard:
            heard_over_noise(card, folder, args.voices, args.floors)
        if not args.skip_timings:
            live_timings(card, folder)
    finally:
        card.stop()
        subprocess.run(["rm", "-rf", str(folder)], check=False)


if __name__ == "__main__":
    main()
