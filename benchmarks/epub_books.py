"""The talking books (`voiceinfo export --epub`): each language's book size (target: at most
10 MB), whether every segment has a Media Overlay `<par>`, and the time to build all five with
the audio cache cold (speech made, then MP3), with only the web's Opus files made (MP3 made from
them), and warm (everything cached: only the EPUB is written).

    .venv/bin/python benchmarks/epub_books.py [--lang es ...]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from voiceinfo.audiocache import MP3_SUFFIX, AudioCache  # noqa: E402
from voiceinfo.book.plan import book_plan  # noqa: E402
from voiceinfo.book.shelf import book_bytes  # noqa: E402
from voiceinfo.guide import load_guide  # noqa: E402
from voiceinfo.i18n import LOCALES  # noqa: E402

TARGET_BYTES = 10_000_000
SMIL = "{http://www.w3.org/ns/SMIL}"


def synchronised_segments(book: bytes) -> list[str]:
    """The element ids that the book's overlays read out."""
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        return [text.get("src").split("#")[1]
                for name in archive.namelist() if name.endswith(".smil")
                for text in etree.fromstring(archive.read(name)).iter(f"{SMIL}text")]


def timed(build) -> tuple[bytes, float]:
    started = time.perf_counter()
    result = build()
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="+", choices=LOCALES, default=list(LOCALES))
    args = parser.parse_args()
    guide = load_guide()
    segments = [segment.id for _topic, segment in guide.tree.segments()]
    print("| language | book | audio files | segments synchronised | cold s | Opus cached s "
          "| warm s |")
    print("|---|---|---|---|---|---|---|")
    totals = [0.0, 0.0, 0.0]
    largest = 0
    with tempfile.TemporaryDirectory(prefix="voiceinfo-epub-bench-") as folder:
        cache = AudioCache(Path(folder))
        for lang in args.lang:
            plan = book_plan(guide, lang)
            cold, cold_s = timed(lambda: book_bytes(plan, cache))
            for mp3 in (Path(folder) / lang).glob(f"*{MP3_SUFFIX}"):
                mp3.unlink()
            opus, opus_s = timed(lambda: book_bytes(plan, cache))
            warm, warm_s = timed(lambda: book_bytes(plan, cache))
            assert cold == opus == warm, f"{lang}: the same content gave different bytes"
            synced = set(synchronised_segments(warm)) & set(segments)
            print(f"| {lang} | {len(warm) / 1e6:.2f} MB | {len(plan.blocks)} "
                  f"| {len(synced)} of {len(segments)} | {cold_s:.1f} | {opus_s:.1f} "
                  f"| {warm_s:.1f} |", flush=True)
            for index, seconds in enumerate((cold_s, opus_s, warm_s)):
                totals[index] += seconds
            largest = max(largest, len(warm))
    print(f"all {len(args.lang)}: cold {totals[0]:.0f} s, Opus cached {totals[1]:.0f} s, "
          f"warm {totals[2]:.0f} s; largest book {largest / 1e6:.2f} MB "
          f"(target at most {TARGET_BYTES / 1e6:.0f} MB); the same bytes every time")


if __name__ == "__main__":
    main()
