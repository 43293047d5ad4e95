"""The spoken command grammar, made from a language's vocabulary. Pure: strings in, a
finite-state grammar (and its JSGF text) out.

The grammar accepts the phrases the typed parser accepts, with optional words ("please",
"go to") around them, so saying and typing never drift apart. Beside the commands runs a garbage
loop of everyday words: speech that is not a command matches a string of those better than any
command and comes back as garbage, instead of being forced onto the nearest command. Garbage
words that sound like a command word (one phone apart: "when" and "one") are left out, or they
would steal that command.

The same grammar comes in two forms. `jsgf` is the readable one. `graph` is what the decoder
searches: the same sentences with the same probabilities, with phrases that share a beginning or
an end sharing those states ("change to", "speak" and "in" lead to one set of language names).
pocketsphinx's JSGF compiler gives every word of every phrase states of its own, and its search
puts silence and noise loops on every state and visits each state every frame, so the graph's 75
states decode in about half the time of the JSGF's 757.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

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
class Arc:
    """A transition of the graph: it reads `word`, or nothing when `word` is None."""

    source: int
    target: int
    probability: float
    word: str | None = None


@dataclass(frozen=True)
class Graph:
    """A finite-state grammar whose empty transitions are already closed (each state has a
    direct empty arc to every state it reaches through empty arcs), as pocketsphinx needs."""

    start: int
    final: int
    arcs: tuple[Arc, ...]

    @property
    def size(self) -> int:
        return 1 + max(max(arc.source, arc.target) for arc in self.arcs)

    def transitions(self) -> list[tuple]:
        """The arcs as pocketsphinx's `Decoder.create_fsg` takes them."""
        return [(a.source, a.target, a.probability) + (() if a.word is None else (a.word,))
                for a in self.arcs]

    def probability(self, words: Iterable[str]) -> float:
        """The probability of the likeliest path that reads `words`; 0 when none does."""
        here = self._closed({self.start: 1.0})
        for word in words:
            step: dict[int, float] = {}
            for arc in self.arcs:
                if arc.word == word and arc.source in here:
                    step[arc.target] = max(step.get(arc.target, 0.0),
                                           here[arc.source] * arc.probability)
            here = self._closed(step)
        return here.get(self.final, 0.0)

    def _closed(self, here: dict[int, float]) -> dict[int, float]:
        reached = dict(here)
        for arc in self.arcs:
            if arc.word is None and arc.source in here:
                probability = here[arc.source] * arc.probability
                reached[arc.target] = max(reached.get(arc.target, 0.0), probability)
        return reached


@dataclass(frozen=True)
class Grammar:
    jsgf: str
    graph: Graph
    #: The command and optional words the grammar uses.
    words: frozenset[str]
    #: Each garbage word's dictionary name ("garbage_water") and the word it sounds like.
    garbage: Mapping[str, str]
    #: Phrases left out because a word has no pronunciation.
    unpronounceable: tuple[str, ...]
    #: The words of one syllable ("up", "one", "skip"): said alone, they give the search the
    #: fewest frames to tell them by.
    short_words: frozenset[str] = frozenset()


def build_grammar(phrases: Iterable[str], leading: Iterable[str], trailing: Iterable[str],
                  pronunciations: Pronunciations, garbage: Iterable[str] = (),
                  garbage_size: int = GARBAGE_SIZE,
                  garbage_weight: float = GARBAGE_WEIGHT) -> Grammar:
    """The grammar of `phrases` (normalized, lower case), with one optional word or phrase from
    `leading` before and from `trailing` after, and a loop of `garbage` words beside them."""
    spoken, left_out = _pronounceable(phrases, pronunciations)
    before, _ = _pronounceable(leading, pronunciations)
    after, _ = _pronounceable(trailing, pronunciations)
    if not spoken:
        raise ValueError("no command phrase can be pronounced")
    words = frozenset(w for phrase in (*spoken, *before, *after) for w in phrase.split())
    loop = {f"{GARBAGE_PREFIX}{w}": w
            for w in distinct_words(garbage, words, pronunciations)[:garbage_size]}
    jsgf = _jsgf(spoken, before, after, sorted(loop), garbage_weight)
    graph = _graph(spoken, before, after, sorted(loop), garbage_weight)
    short = frozenset(w for w in words if max(map(syllables, pronunciations[w])) <= 1)
    return Grammar(jsgf, graph, words, loop, tuple(left_out), short)


def syllables(phones: str) -> int:
    """The syllables of a pronunciation: its vowels (CMU vowels are the phones with a vowel
    letter first, ER among them)."""
    return sum(phone[0] in "AEIOU" for phone in phones.split())


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


def _jsgf(spoken: list[str], before: list[str], after: list[str], loop: list[str],
          garbage_weight: float) -> str:
    rules = ["#JSGF V1.0;", "grammar voiceinfo;", f"<command> = {_alternatives(spoken)};"]
    body = "<command>"
    if before:
        rules.append(f"<before> = {_alternatives(before)};")
        body = "[<before>] " + body
    if after:
        rules.append(f"<after> = {_alternatives(after)};")
        body += " [<after>]"
    if loop:
        rules.append(f"<garbage> = {_alternatives(loop)};")
        body = f"/1/ {body} | /{garbage_weight:g}/ <garbage>+"
    rules.append(f"public <utterance> = {body};")
    return "\n".join(rules) + "\n"


def _alternatives(phrases: Iterable[str]) -> str:
    return " | ".join(f"( {phrase} )" if " " in phrase else phrase for phrase in phrases)


@dataclass(frozen=True)
class _Tree:
    """Phrases as a tree of words, each phrase equally likely; equal trees are equal values,
    which is what lets phrases that end alike share states."""

    #: The share of this tree's phrases that end here.
    ending: Fraction
    #: (word, the share of phrases that go on with it, the tree after it)
    branches: tuple[tuple[str, Fraction, _Tree], ...]


_END = _Tree(Fraction(1), ())


def _tree(phrases: Sequence[Sequence[str]]) -> _Tree:
    rest: dict[str, list[Sequence[str]]] = defaultdict(list)
    for words in phrases:
        if words:
            rest[words[0]].append(words[1:])
    share = Fraction(1, len(phrases))
    return _Tree(share * sum(1 for words in phrases if not words),
                 tuple((word, share * len(after), _tree(after))
                       for word, after in sorted(rest.items())))


class _GraphMaker:
    """Builds a `Graph` a state and an arc at a time."""

    def __init__(self) -> None:
        self.arcs: list[Arc] = []
        self.states = 0

    def state(self) -> int:
        self.states += 1
        return self.states - 1

    def link(self, source: int, target: int, probability: float, word: str | None = None):
        self.arcs.append(Arc(source, target, probability, word))

    def spell(self, phrases: Iterable[str], start: int, end: int) -> None:
        """Arcs from `start` to `end` that read each of `phrases`, each as likely."""
        made: dict[_Tree, int] = {_END: end}

        def state_for(tree: _Tree, state: int | None = None) -> int:
            if state is None and tree in made:
                return made[tree]
            state = self.state() if state is None else state
            made[tree] = state
            if tree.ending:
                self.link(state, end, float(tree.ending))
            for word, share, after in tree.branches:
                self.link(state, state_for(after), float(share), word)
            return state

        state_for(_tree([phrase.split() for phrase in phrases]), start)

    def optional(self, phrases: list[str], start: int, end: int) -> None:
        """As JSGF's [ ]: even odds of saying one of `phrases` or nothing."""
        if not phrases:
            self.link(start, end, 1.0)
            return
        self.link(start, end, 0.5)
        inside = self.state()
        self.link(start, inside, 0.5)
        self.spell(phrases, inside, end)

    def closed(self, start: int, final: int) -> Graph:
        """The graph with every path of empty arcs also made one direct empty arc (the likeliest
        such path's probability): pocketsphinx's search takes a single empty step at a time."""
        empty: dict[int, list[Arc]] = defaultdict(list)
        for arc in self.arcs:
            if arc.word is None:
                empty[arc.source].append(arc)
        arcs = [arc for arc in self.arcs if arc.word is not None]
        for source in range(self.states):
            reached: dict[int, float] = {}
            pending = [(source, 1.0)]
            while pending:
                state, probability = pending.pop()
                for arc in empty[state]:
                    onward = probability * arc.probability
                    if onward > reached.get(arc.target, 0.0):
                        reached[arc.target] = onward
                        pending.append((arc.target, onward))
            arcs += [Arc(source, target, p) for target, p in sorted(reached.items())]
        return Graph(start, final, tuple(arcs))


def _graph(spoken: list[str], before: list[str], after: list[str], loop: list[str],
           garbage_weight: float) -> Graph:
    """The JSGF's language and probabilities, with its alternatives, optional words and
    garbage loop as pocketsphinx weighs them (each alternative alike, [x] and x+ at even
    odds of going on)."""
    maker = _GraphMaker()
    start, final, command, command_start, command_end = (maker.state() for _ in range(5))
    odds = 1.0 + (garbage_weight if loop else 0.0)
    maker.link(start, command, 1.0 / odds)
    maker.optional(before, command, command_start)
    maker.spell(spoken, command_start, command_end)
    maker.optional(after, command_end, final)
    if loop:
        garbage, said = maker.state(), maker.state()
        maker.link(start, garbage, garbage_weight / odds)
        for word in loop:
            maker.link(garbage, said, 1.0 / len(loop), word)
        maker.link(said, garbage, 0.5)
        maker.link(said, final, 0.5)
    return maker.closed(start, final)
