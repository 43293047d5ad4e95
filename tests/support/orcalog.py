"""Orca's debug log, read back as what Orca spoke: the one place that knows its format.

Orca (43, `--debug-file`) writes a line `HH:MM:SS.ffffff - SPEECH OUTPUT: 'text'` for every
utterance it sends to the synthesizer, whether or not a synthesizer is there to speak it (the
speech-dispatcher backend fails with no sound card, and Orca still logs). Before each utterance of
a Say All it writes `WEB SAY ALL: [role | name] 'text'`, which says what object the words belong
to; and when a voice changes it writes `voice requested with language='xx'`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SPEECH = re.compile(r"^[\d:.]+ - SPEECH OUTPUT: '(?P<text>.*)", re.S)
#: An utterance may run over several lines (a line break in the page); its last ends so.
END = re.compile(r"'\s*(\{[^{}]*\})?\s*$")
SAY_ALL = re.compile(r"^[\d:.]+ - WEB SAY ALL: \[(?P<role>[^|\]]*)\|(?P<name>[^\]]*)\] '")
LANGUAGE = re.compile(r"voice requested with language='(?P<lang>[^']*)'")


@dataclass(frozen=True)
class Utterance:
    """One thing Orca said."""

    text: str
    #: The role of the object Say All was reading when Orca said it ("heading", "push button",
    #: "slider"...), or "" outside Say All.
    role: str = ""
    #: The language of the voice last asked for ("" for the default voice).
    lang: str = ""

    def __str__(self) -> str:
        return self.text


def utterances(log: str) -> list[Utterance]:
    """Every non-empty utterance in a stretch of Orca's debug log, in order; an utterance over
    several lines is one, its line breaks spoken as spaces."""
    said: list[Utterance] = []
    role, lang = "", ""
    lines = iter(log.splitlines())
    for line in lines:
        if found := LANGUAGE.search(line):
            lang = "" if found["lang"] == "None" else found["lang"]
        elif found := SAY_ALL.match(line):
            role = found["role"].strip()
        elif found := SPEECH.match(line):
            parts = [found["text"]]
            while not END.search(parts[-1]) and (more := next(lines, None)) is not None:
                parts.append(more)
            text = " ".join(END.sub("", " ".join(parts)).split())
            if text:
                said.append(Utterance(text, role, lang))
            role = ""
    return said
