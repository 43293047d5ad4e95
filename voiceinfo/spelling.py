"""Whether a typed word is a word of its language at all, so that a question's typing errors
("fatique", "sceince") can be mended more freely than its real words: "music" is not a
mistyped "muscle", and a real word the guide does not use is a sign of a question it does
not answer.

The word lists are pyspellchecker's (from the OpenSubtitles frequency lists), for all five
languages, inside its wheel: nothing is downloaded. A language's list is loaded the first time
a question holds a word the guide does not use but nearly does, too unlike it to be mended as a
real word could be (60-330 ms, once a process), and never raises: without it every word is taken
as real, which mends as before.
"""

from __future__ import annotations

from collections.abc import Container
from functools import cache


@cache
def language_words(lang: str) -> Container[str]:
    """The language's words, in lower case with their accents; empty when there is no list."""
    try:
        from spellchecker import SpellChecker

        return SpellChecker(language=lang).word_frequency.dictionary
    except Exception:  # not installed, a language it lacks, or a broken list
        return frozenset()


def is_misspelt(spellings: tuple[str, ...], lang: str) -> bool:
    """Whether none of a word's spellings (as typed, and with accents dropped) is a word of
    the language. Never, when the language has no list: a real word must not be mended."""
    words = language_words(lang)
    return bool(words) and not any(spelling in words for spelling in spellings)
