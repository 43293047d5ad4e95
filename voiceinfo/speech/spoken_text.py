"""Free transcription turned into the words a command is made of (pure: strings in, strings out).

Whisper writes what it hears as a person would write it: "Go back.", "Number 3!", "Next. Next."
Before the vocabulary matches it (`Vocabulary.parse`, with RapidFuzz for near misses) the text is
put into the vocabulary's own form: punctuation gone, numbers written as the language's words
for them (only the menu numbers matter: a command never holds another number), and a word or
phrase said twice over said once ("next next" is "next"; a decoder that loops on "where am I"
is "where am I").
"""

from __future__ import annotations

import re

from voiceinfo.commands import Command, CommandName, Vocabulary, normalize

#: The longest phrase (in words) looked for when collapsing repeats: the longest command.
LONGEST_REPEAT = 6


def command_words(text: str, vocabulary: Vocabulary) -> str:
    """`text` in the vocabulary's words: normalised, digits as number words, repeats collapsed."""
    words = [number_word(word, vocabulary) for word in normalize(text).split()]
    return " ".join(collapse_repeats(words))


def number_word(word: str, vocabulary: Vocabulary) -> str:
    """A written menu number ("3", "٣", "3rd") as the language's word for it ("three", "tres");
    any other word as it is."""
    match = re.fullmatch(r"(\d+)(?:st|nd|rd|th|º|ª|e|er|re|ème)?", word)
    if match is None:
        return word
    wanted = Command(CommandName.CHOOSE, int(match.group(1)))
    return number_words(vocabulary).get(wanted, word)


def number_words(vocabulary: Vocabulary) -> dict[Command, str]:
    """Each `choose` command's shortest single word in this language ("one", "uno", "واحد")."""
    found: dict[Command, str] = {}
    for phrase, command in vocabulary.phrases.items():
        if command.name == CommandName.CHOOSE and " " not in phrase and not phrase.isdigit():
            if command not in found or len(phrase) < len(found[command]):
                found[command] = phrase
    return found


def collapse_repeats(words: list[str]) -> list[str]:
    """Words with each run of a repeated word or phrase kept once: "next next" -> "next",
    "where am i where am i where am" -> "where am i" (a loop cut off mid-phrase included)."""
    kept = list(words)
    for size in range(1, LONGEST_REPEAT + 1):
        index = 0
        while index + size <= len(kept):
            phrase = kept[index:index + size]
            end = index + size
            while kept[end:end + size] == phrase:
                end += size
            tail = kept[end:end + size]
            if end > index + size and tail and phrase[:len(tail)] == tail:
                end += len(tail)  # the loop's last, unfinished turn
            if end > index + size:
                del kept[index + size:end]
            index += 1
    return kept
