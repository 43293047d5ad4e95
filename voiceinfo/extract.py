"""A Babel extractor for the content files, so `pybabel extract` puts the article and the command
words into the same catalogs as the interface strings.

Each message carries a context: a segment's id, `<topic-id>:title`, `<topic-id>:names`,
`command:<name>`, `choice:<n>`, `language:<code>` or `fillers`, the same contexts that
`voiceinfo.i18n.Localizer` asks for.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator

from voiceinfo.content import SOURCES_TOPIC_ID

Extracted = tuple[int, str, tuple[str, str], list[str]]


def extract_content(fileobj, keywords, comment_tags, options) -> Iterator[Extracted]:
    text = fileobj.read().decode("utf-8")
    data = tomllib.loads(text)
    lines = text.splitlines()

    def message(context: str, value: str, comment: str | None = None) -> Extracted:
        return (_line_of(lines, value), "pgettext", (context, value), [comment] if comment else [])

    for topic in data.get("topics", []):
        yield message(f"{topic['id']}:title", topic["title"], "A topic's title.")
        yield message(f"{topic['id']}:names", topic.get("names", topic["title"]),
                      "What a person can say or type to go to this topic, separated by |.")
        for segment in topic.get("segments", []):
            yield message(segment["id"], segment["text"], _segment_comment(topic, segment))
    for name, command in data.get("commands", {}).items():
        if command.get("phrases"):
            yield message(f"command:{name}", command["phrases"],
                          f"Words for the command '{name}', separated by |.")
    if "fillers" in data:
        yield message("fillers", data["fillers"]["phrases"],
                      "Optional words around a command, separated by |.")
    for number, words in data.get("choices", {}).items():
        yield message(f"choice:{number}", words, f"Ways to say menu number {number}.")
    for code, words in data.get("languages", {}).items():
        yield message(f"language:{code}", words, f"The name of the language '{code}'.")


def _segment_comment(topic: dict, segment: dict) -> str:
    kind = "The sources topic's introduction." if topic["id"] == SOURCES_TOPIC_ID else (
        f"Spoken segment of '{topic['id']}', at most 30 words.")
    return f"{kind} Keep every %(figure)s placeholder. References: {segment.get('sources')}"


def _line_of(lines: list[str], value: str) -> int:
    first = value.splitlines()[0] if value else value
    for number, line in enumerate(lines, start=1):
        if first and first in line:
            return number
    return 0
