"""The web page's audio: the time to build every file from nothing (what `voiceinfo audio` does),
and how many bytes a second of speech takes once compressed (target: at most 5 KB a second).

    .venv/bin/python benchmarks/web_audio.py [--lang en ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import soundfile

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.common import print_table, record  # noqa: E402
from voiceinfo.audiocache import AudioCache, guide_clips  # noqa: E402
from voiceinfo.guide import load_guide  # noqa: E402
from voiceinfo.i18n import LOCALES  # noqa: E402

TARGET = 5000


@dataclass
class Audio:
    """One language's audio files, built from nothing."""

    lang: str
    files: int
    speech_seconds: float
    bytes: int
    bytes_a_second: float
    worst_file_bytes_a_second: float
    build_seconds: float


def build(cache: AudioCache, guide, lang: str) -> Audio:
    clips = list(guide_clips(guide, [lang]))
    started = time.perf_counter()
    paths = cache.build(clips)
    seconds = time.perf_counter() - started
    speech = [soundfile.info(path).duration for path in paths]
    sizes = [path.stat().st_size for path in paths]
    worst = max(size / length for size, length in zip(sizes, speech, strict=True))
    return Audio(lang, len(paths), round(sum(speech), 1), sum(sizes),
                 round(sum(sizes) / sum(speech)), round(worst), round(seconds, 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="+", choices=LOCALES, default=list(LOCALES))
    args = parser.parse_args()
    guide = load_guide()
    built: list[Audio] = []
    with tempfile.TemporaryDirectory(prefix="voiceinfo-audio-bench-") as folder:
        cache = AudioCache(Path(folder))

        def rows():  # each language printed once built
            for lang in args.lang:
                built.append(build(cache, guide, lang))
                yield built[-1]

        print_table(["language", "files", "speech s", "bytes", "bytes per s of speech",
                     "worst file, bytes/s", "build s"],
                    ([a.lang, a.files, f"{a.speech_seconds:.0f}", a.bytes,
                      f"{a.bytes_a_second:.0f}", f"{a.worst_file_bytes_a_second:.0f}",
                      f"{a.build_seconds:.1f}"] for a in rows()))
    files = sum(a.files for a in built)
    speech = sum(a.speech_seconds for a in built)
    size = sum(a.bytes for a in built)
    seconds = sum(a.build_seconds for a in built)
    worst = max(a.worst_file_bytes_a_second for a in built)
    print(f"all: {files} files, {speech / 60:.1f} minutes of speech, {size / 1e6:.2f} MB, "
          f"{size / speech:.0f} bytes a second (worst file {worst:.0f}; target at most {TARGET}), "
          f"built in {seconds:.0f} s")
    record("web_audio", {"languages": built, "bytes_a_second": round(size / speech),
                         "worst_file_bytes_a_second": worst, "target_bytes_a_second": TARGET,
                         "build_seconds": round(seconds, 1)})


if __name__ == "__main__":
    main()
