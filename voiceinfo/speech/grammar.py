"""The spoken command grammar: JSGF text made from a language's vocabulary. Pure: strings in,
a string out.

The grammar accepts the phrases the typed parser accepts, with optional words ("please",
"go to") around them, so saying and typing never drift apart. Beside the commands runs a garbage
loop of everyday words: speech that is not a command matches a string of those better than any
command and comes back as garbage, instead of being forced onto the nearest command. Garbage
words that sound like a command word (one phone apart: "when" and "one") are left out, or they
would steal that command.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

#: The English acoustic model's phones (CMU), which every lexicon spells its words in.
PHONES = ("AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH "
          "UH UW V W Y Z ZH").split()
GARBAGE_PREFIX = "garbage_"
#: How many everyday words make the garbage loop: more reject more, and cost decode time.
GARBAGE_SIZE = 150
#: The fewest phones (edits) a garbage word must differ by from every command word.
MIN_PHONE_DISTANCE = 2
#: Prior odds of garbage against a command: lower accepts more commands and rejects less other
#: speech. These defaults serve the languages without a tuning of their own; English sets both
#: in `recognition.ENGLISH`.
GARBAGE_WEIGHT = 1e-10

Pronunciations = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Grammar:
    jsgf: str
    #: The command and optional words the grammar uses.
    words: frozenset[str]
    #: Each garbage word's dictionary name ("garbage_water") and the word it sounds like.
    garbage: Mapping[str, str]
    #: Phrases left out because a word has no pronunciation.
    unpronounceable: tuple[str, ...]


def build_grammar(phrases: Iterable[str], leading: Iterable[str], trailing: Iterable[str],
                  pronunciations: Pronunciations, garbage: Iterable[str] = (),
                  garbage_size: int = GARBAGE_SIZE,
                  garbage_weight: float = GARBAGE_WEIGHT) -> Grammar:
    """JSGF for `phrases` (normalized, lower case), with one optional word or phrase from
    `leading` before and from `trailing` after, and a loop of `garbage` words beside them."""
    spoken, left_out = _pronounceable(phrases, pronunciations)
    before, _ = _pronounceable(leading, pronunciations)
    after, _ = _pronounceable(trailing, pronunciations)
    if not spoken:
        raise ValueError("no command phrase can be pronounced")
    words = frozenset(w for phrase in (*spoken, *before, *after) for w in phrase.split())
    loop = {f"{GARBAGE_PREFIX}{w}": w
            for w in distinct_words(garbage, words, pronunciations)[:garbage_size]}
    rules = ["#JSGF V1.0;", "grammar voiceinfo;", f"<command> = {_alternatives(spoken)};"]
    body = "<command>"
    if before:
        rules.append(f"<before> = {_alternatives(before)};")
        body = "[<before>] " + body
    if after:
        rules.append(f"<after> = {_alternatives(after)};")
        body += " [<after>]"
    if loop:
        rules.append(f"<garbage> = {_alternatives(sorted(loop))};")
        body = f"/1/ {body} | /{garbage_weight:g}/ <garbage>+"
    rules.append(f"public <utterance> = {body};")
    return Grammar("\n".join(rules) + "\n", words, loop, tuple(left_out))


def distinct_words(candidates: Iterable[str], commands: Iterable[str],
                   pronunciations: Pronunciations,
                   min_distance: int = MIN_PHONE_DISTANCE) -> list[str]:
    """The candidates that sound unlike every command word, in their given order."""
    command_phones = [p.split() for w in commands for p in pronunciations.get(w, ())]
    command_set = set(commands)
    return [w for w in dict.fromkeys(candidates)
            if w not in command_set and pronunciations.get(w)
            and all(Levenshtein.distance(p.split(), c) >= min_distance
                    for p in pronunciations[w] for c in command_phones)]


def is_garbage(word: str) -> bool:
    return word.startswith(GARBAGE_PREFIX)


def _pronounceable(phrases: Iterable[str], pronunciations: Pronunciations):
    kept, left_out = [], []
    for phrase in sorted(set(phrases)):
        (kept if all(pronunciations.get(w) for w in phrase.split()) else left_out).append(phrase)
    return kept, left_out


def _alternatives(phrases: Iterable[str]) -> str:
    return " | ".join(f"( {phrase} )" if " " in phrase else phrase for phrase in phrases)
