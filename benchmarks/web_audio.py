"""The web page's audio: the time to build every file from nothing (what `voiceinfo audio` does),
and how many bytes a second of speech takes once compressed (target: at most 5 KB a second).

    .venv/bin/python benchmarks/web_audio.py [--lang en ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import soundfile

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from voiceinfo.audiocache import AudioCache, guide_clips  # noqa: E402
from voiceinfo.guide import load_guide  # noqa: E402
from voiceinfo.i18n import LOCALES  # noqa: E402

TARGET = 5000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="+", choices=LOCALES, default=list(LOCALES))
    args = parser.parse_args()
    guide = load_guide()
    print("| language | files | speech s | bytes | bytes per s of speech | worst file, bytes/s "
          "| build s |")
    print("|---|---|---|---|---|---|---|")
    totals = [0, 0.0, 0, 0.0, 0.0]
    with tempfile.TemporaryDirectory(prefix="voiceinfo-audio-bench-") as folder:
        cache = AudioCache(Path(folder))
        for lang in args.lang:
            clips = list(guide_clips(guide, [lang]))
            started = time.perf_counter()
            paths = cache.build(clips)
            seconds = time.perf_counter() - started
            speech = [soundfile.info(path).duration for path in paths]
            sizes = [path.stat().st_size for path in paths]
            worst = max(size / length for size, length in zip(sizes, speech, strict=True))
            print(f"| {lang} | {len(paths)} | {sum(speech):.0f} | {sum(sizes)} "
                  f"| {sum(sizes) / sum(speech):.0f} | {worst:.0f} | {seconds:.1f} |", flush=True)
            for index, value in enumerate((len(paths), sum(speech), sum(sizes), seconds)):
                totals[index] += value
            totals[4] = max(totals[4], worst)
    files, speech, size, seconds, worst = totals
    print(f"all: {files} files, {speech / 60:.1f} minutes of speech, {size / 1e6:.2f} MB, "
          f"{size / speech:.0f} bytes a second (worst file {worst:.0f}; target at most {TARGET}), "
          f"built in {seconds:.0f} s")


if __name__ == "__main__":
    main()
