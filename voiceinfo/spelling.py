"""Whether a typed word is a word of its language at all, so that a question's typing errors
("fatique", "sceince") can be mended more freely than its real words: "music" is not a
mistyped "muscle", and a real word the guide does not use is a sign of a question it does
not answer (`voiceinfo.answers` refuses such a question).

The word lists are pyspellchecker's (from the OpenSubtitles frequency lists), for all five
languages, inside its wheel: nothing is downloaded. A language's list is loaded the first time
a question holds a word the guide does not use (60-330 ms on a quiet machine, up to about 2 s
on a busy one, once a process), and never raises: without it every word is taken as real for
mending (which mends as before) and as unknown for refusing (which refuses as before).
"""

from __future__ import annotations

from collections import Counter
from functools import cache


@cache
def word_counts(lang: str) -> Counter[str]:
    """The language's words, in lower case with their accents, each with how often the
    subtitles use it; empty when there is no list."""
    try:
        from spellchecker import SpellChecker

        return SpellChecker(language=lang).word_frequency.dictionary
    except Exception:  # not installed, a language it lacks, or a broken list
        return Counter()


def language_words(lang: str) -> Counter[str]:
    """The language's words (a container: `word in language_words(lang)`)."""
    return word_counts(lang)


@cache
def commonest_words(lang: str, count: int) -> frozenset[str]:
    """The language's `count` commonest words ("know", "want", "really" in English)."""
    return frozenset(word for word, _ in word_counts(lang).most_common(count)) if count else (
        frozenset())


def is_misspelt(spellings: tuple[str, ...], lang: str) -> bool:
    """Whether none of a word's spellings (as typed, and with accents dropped) is a word of
    the language. Never, when the language has no list: a real word must not be mended."""
    words = language_words(lang)
    return bool(words) and not any(spelling in words for spelling in spellings)


def is_word(spellings: tuple[str, ...], lang: str) -> bool:
    """Whether any of a word's spellings is a word of the language. Never, when the language
    has no list: a typing error must not be taken for a real word."""
    words = language_words(lang)
    return any(spelling in words for spelling in spellings)
