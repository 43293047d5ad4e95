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
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.common import print_table, record  # noqa: E402
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


@dataclass
class Book:
    """One language's talking book, and the seconds it took to build."""

    lang: str
    bytes: int
    audio_files: int
    segments_synchronised: int
    segments: int
    cold_seconds: float
    opus_cached_seconds: float
    warm_seconds: float


def build(guide, cache: AudioCache, folder: Path, lang: str) -> Book:
    segments = [segment.id for _topic, segment in guide.tree.segments()]
    plan = book_plan(guide, lang)
    cold, cold_s = timed(lambda: book_bytes(plan, cache))
    for mp3 in (folder / lang).glob(f"*{MP3_SUFFIX}"):
        mp3.unlink()
    opus, opus_s = timed(lambda: book_bytes(plan, cache))
    warm, warm_s = timed(lambda: book_bytes(plan, cache))
    assert cold == opus == warm, f"{lang}: the same content gave different bytes"
    synced = set(synchronised_segments(warm)) & set(segments)
    return Book(lang, len(warm), len(plan.blocks), len(synced), len(segments),
                round(cold_s, 1), round(opus_s, 1), round(warm_s, 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="+", choices=LOCALES, default=list(LOCALES))
    args = parser.parse_args()
    guide = load_guide()
    books: list[Book] = []
    with tempfile.TemporaryDirectory(prefix="voiceinfo-epub-bench-") as folder:
        cache = AudioCache(Path(folder))

        def rows():  # each book printed once built
            for lang in args.lang:
                books.append(build(guide, cache, Path(folder), lang))
                yield books[-1]

        print_table(["language", "book", "audio files", "segments synchronised", "cold s",
                     "Opus cached s", "warm s"],
                    ([b.lang, f"{b.bytes / 1e6:.2f} MB", b.audio_files,
                      f"{b.segments_synchronised} of {b.segments}", f"{b.cold_seconds:.1f}",
                      f"{b.opus_cached_seconds:.1f}", f"{b.warm_seconds:.1f}"] for b in rows()))
    largest = max(b.bytes for b in books)
    totals = [sum(getattr(b, name) for b in books)
              for name in ("cold_seconds", "opus_cached_seconds", "warm_seconds")]
    print(f"all {len(args.lang)}: cold {totals[0]:.0f} s, Opus cached {totals[1]:.0f} s, "
          f"warm {totals[2]:.0f} s; largest book {largest / 1e6:.2f} MB "
          f"(target at most {TARGET_BYTES / 1e6:.0f} MB); the same bytes every time")
    record("epub_books", {"books": books, "largest_bytes": largest,
                          "target_bytes": TARGET_BYTES})


if __name__ == "__main__":
    main()
