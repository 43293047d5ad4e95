"""Built books, kept in the audio cache's folder under the hash of everything they say, so the
web page, the static site and `voiceinfo export --epub` build each one once."""

from __future__ import annotations

import fcntl
from collections.abc import Callable
from pathlib import Path

from voiceinfo.audiocache import AudioCache, Clip, Transcoded
from voiceinfo.book.epub import epub_bytes
from voiceinfo.book.plan import BookPlan, book_plan
from voiceinfo.guide import Guide
from voiceinfo.pace import DEFAULT_WORDS_A_MINUTE


def download_name(lang: str) -> str:
    """The book's file name, the same on the web, in the static site and in `--epub DIR`."""
    return f"acupuncture-and-ms-{lang}.epub"


def book_bytes(plan: BookPlan, cache: AudioCache,
               progress: Callable[[Clip], None] = lambda clip: None) -> bytes:
    """The book, its MP3s made from the cache's Opus files (made first when missing).

    Raises `voiceinfo.speech.synthesis.SpeechUnavailable` when speech cannot be made here.
    """
    sounds: dict[str, Transcoded] = {}
    for block in plan.blocks:
        sounds[block.id] = cache.mp3(block.clip)
        progress(block.clip)
    return epub_bytes(plan, sounds)


class Bookshelf:
    """Built books in the audio cache's folder, `books/<lang>-<key>.epub`."""

    def __init__(self, cache: AudioCache) -> None:
        self.cache = cache

    def path(self, plan: BookPlan) -> Path:
        return self.cache.directory / "books" / f"{plan.lang}-{plan.key}.epub"

    def find(self, guide: Guide, lang: str, rate: int = DEFAULT_WORDS_A_MINUTE) -> Path | None:
        """The book of the content as it is now, if it has been built."""
        path = self.path(book_plan(guide, lang, rate))
        return path if path.exists() else None

    def get(self, guide: Guide, lang: str, rate: int = DEFAULT_WORDS_A_MINUTE,
            progress: Callable[[Clip], None] = lambda clip: None) -> Path:
        """The book, built first when it is not on the shelf."""
        plan = book_plan(guide, lang, rate)
        path = self.path(plan)
        if not path.exists():
            data = book_bytes(plan, self.cache, progress)
            with (self.cache.directory / ".lock").open("w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                self.cache.write_atomically(path, lambda file: file.write(data))
        return path
