"""Pronunciations for the grammar's words, in CMU format (`word PH ON ES`, `word(2) ...` for a
second pronunciation).

English words come from the dictionary pocketsphinx ships, and from `lexicon/en.dict` here the
words it lacks and ways of saying a word that it does not list (the file's comments say why).
Another language is recognised when `lexicon/<lang>.dict` exists: its words spelled in the
English acoustic model's phones, which the English dictionary then no longer supplies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent / "lexicon"
_ALTERNATE = re.compile(r"\(\d+\)$")


class LexiconMissing(LookupError):
    """No pronunciations for a language, so it cannot be recognised yet."""


@dataclass(frozen=True)
class Lexicon:
    lang: str
    #: Each word's pronunciations, phones separated by spaces.
    pronunciations: dict[str, tuple[str, ...]]

    def __contains__(self, word: str) -> bool:
        return word in self.pronunciations


def model_dictionary() -> Path:
    import pocketsphinx
    return Path(pocketsphinx.get_model_path()) / "en-us" / "cmudict-en-us.dict"


def lexicon_path(lang: str) -> Path:
    return SHIPPED / f"{lang}.dict"


def load_lexicon(lang: str, words: Iterable[str], english: Iterable[str] = ()) -> Lexicon:
    """Pronunciations of `words` (those that have one) in `lang`, and of `english` words (the
    garbage loop's) from the English dictionary whatever the language."""
    wanted, english = set(words), set(english)
    own = lexicon_path(lang)
    if lang != "en" and not own.exists():
        raise LexiconMissing(lang)
    found: dict[str, list[str]] = {}
    for word, phones in read_dict(own, wanted) if own.exists() else ():
        found.setdefault(word, []).append(phones)
    from_model = english | (wanted if lang == "en" else set())
    for word, phones in read_dict(model_dictionary(), from_model):
        if lang == "en" or word in english:
            found.setdefault(word, []).append(phones)
    return Lexicon(lang, {word: tuple(dict.fromkeys(p)) for word, p in found.items()})


def garbage_words() -> list[str]:
    """Everyday English words for the garbage loop, most common first."""
    lines = (SHIPPED / "garbage.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def read_dict(path: Path, wanted: set[str]) -> Iterable[tuple[str, str]]:
    with path.open(encoding="utf-8") as file:
        for line in file:
            word, _, phones = line.partition(" ")
            word = _ALTERNATE.sub("", word)
            if word in wanted and phones.strip() and not line.startswith(";;;"):
                yield word, " ".join(phones.split("#")[0].split())
