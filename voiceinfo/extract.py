"""A Babel extractor for the content files, so `pybabel extract` puts the article and the command
words into the same catalogs as the interface strings.

Each message carries the context that `voiceinfo.i18n.Localizer` asks for (made by the same
functions of `voiceinfo.i18n`): a segment's id, a topic's title or names, a command's words, a
menu number's, a language's name, the optional words around a command, or the questions a topic
or part answers and everyday words for it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator

from voiceinfo.content import SOURCES_TOPIC_ID
from voiceinfo.i18n import (FILLERS_CONTEXT, QUESTION_FILLERS_CONTEXT, choice_context,
                            command_context, language_context, names_context, questions_context,
                            title_context, words_context)

Extracted = tuple[int, str, tuple[str, str], list[str]]


def extract_content(fileobj, keywords, comment_tags, options) -> Iterator[Extracted]:
    text = fileobj.read().decode("utf-8")
    data = tomllib.loads(text)
    lines = text.splitlines()

    def message(context: str, value: str, comment: str | None = None) -> Extracted:
        return (_line_of(lines, value), "pgettext", (context, value), [comment] if comment else [])

    for topic in data.get("topics", []):
        yield message(title_context(topic["id"]), topic["title"], "A topic's title.")
        yield message(names_context(topic["id"]), topic.get("names", topic["title"]),
                      "What a person can say or type to go to this topic, separated by |.")
        for segment in topic.get("segments", []):
            yield message(segment["id"], segment["text"], _segment_comment(topic, segment))
    for name, command in data.get("commands", {}).items():
        if command.get("phrases"):
            yield message(command_context(name), command["phrases"],
                          f"Words for the command '{name}', separated by |.")
    if "fillers" in data:
        yield message(FILLERS_CONTEXT, data["fillers"]["phrases"],
                      "Optional words around a command, separated by |.")
        if data["fillers"].get("questions"):
            yield message(QUESTION_FILLERS_CONTEXT, data["fillers"]["questions"],
                          "Words around a question that say nothing of what is asked, "
                          "separated by |. Give your language's own (as typed, without "
                          "apostrophes too); never a word a topic is about.")
    for number, words in data.get("choices", {}).items():
        yield message(choice_context(number), words, f"Ways to say menu number {number}.")
    for code, words in data.get("languages", {}).items():
        yield message(language_context(code), words, f"The name of the language '{code}'.")
    for place_id, cues in data.get("cues", {}).items():
        if cues.get("questions"):
            yield message(questions_context(place_id), cues["questions"],
                          f"Questions that '{place_id}' answers, as people ask them, separated "
                          "by |. Translate them as people would ask in your language.")
        if cues.get("words"):
            yield message(words_context(place_id), cues["words"],
                          f"Everyday words for what '{place_id}' is about, separated by |. "
                          "Give the words people really use; they need not match the English.")


def _segment_comment(topic: dict, segment: dict) -> str:
    kind = "The sources topic's introduction." if topic["id"] == SOURCES_TOPIC_ID else (
        f"Spoken segment of '{topic['id']}', at most 30 words.")
    references = ("none: it is about this guide" if segment.get("about_guide")
                  else segment.get("sources"))
    return f"{kind} Keep every %(figure)s placeholder. References: {references}"


def _line_of(lines: list[str], value: str) -> int:
    first = value.splitlines()[0] if value else value
    for number, line in enumerate(lines, start=1):
        if first and first in line:
            return number
    return 0
