"""What a person says, types or presses, turned into one of the brief's commands.

Pure: a `Vocabulary` is built from a language's command words and topic names and maps text or a
key to a `Command`. It forgives the brief's optional words ("please", "go to", "tell me about")
and small typing errors (RapidFuzz, not a hand-written matcher). The speech recogniser builds its
grammar from the same vocabulary, so what can be typed and what can be said never drift apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from voiceinfo.content import MENU_NUMBERS, ROOT_TOPIC_ID, WORDED_COMMANDS, CommandName
from voiceinfo.i18n import LOCALES, Localizer

#: How alike (0-100) typed text must be to a known phrase to be taken for it.
FUZZY_CUTOFF = 80
#: Shorter words are not corrected: "on", "one" and "up" are too close to each other.
FUZZY_MIN_LENGTH = 4


@dataclass(frozen=True)
class Command:
    name: CommandName
    #: The locale code for `language`, the topic id for `goto`, the number for `choose`.
    argument: str | int | None = None


NOT_UNDERSTOOD = Command(CommandName.NONE)


def normalize(text: str) -> str:
    """Lower case, no accents or Arabic short vowels, punctuation as spaces, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    words = re.sub(r"[^\w]+", " ", unicodedata.normalize("NFKC", bare))
    return " ".join(words.replace("_", " ").split())


@dataclass(frozen=True)
class Vocabulary:
    """Everything that can be said or typed in one language, and the keys."""

    lang: str
    phrases: Mapping[str, Command]
    fillers: tuple[str, ...]
    keys: Mapping[str, Command]
    #: The phrases as they are written, accents and capitals kept ("Atrás"), for a recognizer
    #: that writes what it hears (Whisper keeps to the vocabulary's own spellings).
    written: tuple[str, ...] = ()

    @classmethod
    def for_locale(cls, localizer: Localizer) -> Vocabulary:
        return cls(
            lang=localizer.lang,
            phrases=_phrase_table(localizer),
            fillers=tuple(sorted({normalize(f) for f in localizer.filler_phrases()} - {""},
                                 key=len, reverse=True)),
            keys=_key_table(localizer),
            written=tuple(dict.fromkeys(phrase for wording in wordings(localizer)
                                        for phrase in wording.phrases)),
        )

    @property
    def words(self) -> set[str]:
        return {word for phrase in (*self.phrases, *self.fillers) for word in phrase.split()}

    def parse(self, text: str, forgiving: bool = True) -> Command:
        """The command that `text` most plausibly is, or `NOT_UNDERSTOOD`.

        `forgiving` also takes small typing errors; quitting is never guessed from a typo.
        """
        heard = normalize(text)
        command = self._exact(heard) if heard else None
        if command or not forgiving or not heard:
            return command or NOT_UNDERSTOOD
        guess = self._exact(self._corrected(heard)) or self._closest_phrase(heard)
        return guess if guess and guess.name is not CommandName.QUIT else NOT_UNDERSTOOD

    def _closest_phrase(self, heard: str) -> Command | None:
        if len(heard) < FUZZY_MIN_LENGTH:
            return None
        match = process.extractOne(heard, self.phrases.keys(), scorer=fuzz.ratio,
                                   score_cutoff=FUZZY_CUTOFF)
        return self.phrases[match[0]] if match else None

    def parse_key(self, key: str) -> Command | None:
        """The command bound to a key ('n', 'RIGHT', '3'), or None for an unbound key."""
        return self.keys.get(key) or self.keys.get(key.lower())

    def _exact(self, heard: str) -> Command | None:
        """Match, peeling optional words off the front and back until something matches."""
        seen = set()
        while heard and heard not in seen:
            seen.add(heard)
            if heard in self.phrases:
                return self.phrases[heard]
            heard = self._without_filler(heard)
        return None

    def _without_filler(self, heard: str) -> str:
        for filler in self.fillers:
            if heard.startswith(filler + " "):
                return heard[len(filler) + 1:]
            if heard.endswith(" " + filler):
                return heard[: -len(filler) - 1]
        return heard

    def _corrected(self, heard: str) -> str:
        """Each unknown word replaced by the closest known word, where one is close enough."""
        known = self.words
        corrected = []
        for word in heard.split():
            if word not in known and len(word) >= FUZZY_MIN_LENGTH:
                # a typo is a letter or two wrong, missing, extra or swapped ("nxet")
                edits = 1 if len(word) <= 5 else 2
                match = process.extractOne(word, known, scorer=DamerauLevenshtein.distance,
                                           score_cutoff=edits)
                word = match[0] if match else word
            corrected.append(word)
        return " ".join(corrected)


@dataclass(frozen=True)
class Wording:
    """The words for one command (with its argument, if any) in one language, as written."""

    command: Command
    phrases: tuple[str, ...]


def wordings(localizer: Localizer) -> list[Wording]:
    """Every phrase that names a command in this language: the one list that typing, the speech
    grammar's lexicon and the API's list of commands are all made from.

    In the order that settles a phrase with two meanings, the first winning: command words,
    menu numbers, languages, then topic names, so "home" is the command and not the topic.
    The language command's own words ("switch to") come before a language's name.
    """
    tree = localizer.tree
    found = [Wording(Command(name), tuple(localizer.command_phrases(name)))
             for name in WORDED_COMMANDS if name is not CommandName.GOTO]
    found += [Wording(Command(CommandName.CHOOSE, number), tuple(localizer.choice_phrases(number)))
              for number in MENU_NUMBERS]
    found += [Wording(Command(CommandName.LANGUAGE, code), tuple(localizer.language_phrases(code)))
              for code in LOCALES]
    found += [Wording(Command(CommandName.GOTO, topic.id),
                      tuple(dict.fromkeys([*localizer.topic_names(topic), localizer.title(topic)])))
              for topic in tree.topics.values() if topic.id != ROOT_TOPIC_ID]
    return found


def _phrase_table(localizer: Localizer) -> dict[str, Command]:
    table: dict[str, Command] = {}

    def add(phrase: str, command: Command) -> None:
        table.setdefault(normalize(phrase), command)  # the first meaning wins

    every = wordings(localizer)
    switch_to = next(w.phrases for w in every if w.command == Command(CommandName.LANGUAGE))
    for wording in every:
        command = wording.command
        if command == Command(CommandName.LANGUAGE):
            continue  # "switch to" alone names no language
        if command.name is CommandName.CHOOSE:
            add(str(command.argument), command)  # typed as a digit
        for phrase in wording.phrases:
            add(phrase, command)
            if command.name is CommandName.LANGUAGE:
                for prefix in switch_to:
                    add(f"{prefix} {phrase}", command)
    table.pop("", None)
    return table


def _key_table(localizer: Localizer) -> dict[str, Command]:
    keys = {str(n): Command(CommandName.CHOOSE, n) for n in MENU_NUMBERS}
    for name, bound in localizer.words.keys.items():
        for key in bound:
            keys[key] = Command(CommandName(name))
    return keys
