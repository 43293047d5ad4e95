"""The spoken loop's live path, on the virtual sound card the tests use (tests/local/soundcard):
commands heard over steady noise floors of about -60, -50 and -40 dBFS, each command word spoken
by flite's voices into the card's microphone and taken through the same capture (PortAudio,
the voice activity detector) and recognizer as `voiceinfo`. Target: every word, one-syllable
ones included, heard at least 97 % of the time over -50 dBFS.

    .venv/bin/python benchmarks/speech_live.py [--voices kal rms slt awb] [--floors -60 -50 -40]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.local.soundcard import VirtualSoundCard, noise, spoken  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", nargs="+", default=["kal", "rms", "slt", "awb"])
    parser.add_argument("--floors", nargs="+", type=float, default=[-60, -50, -40])
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="voiceinfo-live-"))
    card = VirtualSoundCard(folder / "card")
    card.start()
    os.environ.update(card.env)
    try:
        heard_over_noise(card, folder, args.voices, args.floors)
    finally:
        card.stop()
        subprocess.run(["rm", "-rf", str(folder)], check=False)


if __name__ == "__main__":
    main()
