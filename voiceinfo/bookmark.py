"""The person's place between runs: topic, segment, speaking rate and language.

Kept as a small JSON file in the state folder it is given (`Environment.state_dir`). Reading
never fails the program: a missing file means a first visit, a corrupt one is reported in one
line and ignored. Writes go to a temporary file first, so a crash or Ctrl-C mid-write never
leaves a broken bookmark.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from voiceinfo.navigator import Place, State
from voiceinfo.pace import FASTEST_WORDS_A_MINUTE, SLOWEST_WORDS_A_MINUTE

FILE_NAME = "place.json"


@dataclass(frozen=True)
class LoadedBookmark:
    state: State | None
    #: Why the bookmark was ignored, in one line for the person; None when all went well.
    problem: str | None = None


class Bookmark:
    def __init__(self, directory: Path, locales: tuple[str, ...]) -> None:
        self.path = directory / FILE_NAME
        self.locales = locales

    def load(self) -> LoadedBookmark:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return LoadedBookmark(self._state_from(data))
        except FileNotFoundError:
            return LoadedBookmark(None)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return LoadedBookmark(None, f"Your saved place in {self.path} could not be read, "
                                        "so we start from the beginning.")

    def save(self, state: State) -> str | None:
        """Store the place; returns a one-line reason when it cannot be stored."""
        data = {"topic": state.place.topic, "segment": state.place.segment,
                "lang": state.lang, "rate": state.rate}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.path.parent,
                                             prefix=".place-", delete=False) as file:
                json.dump(data, file)
            os.replace(file.name, self.path)
        except OSError as error:
            return f"Your place cannot be saved in {self.path}: {error.strerror or error}."
        return None

    def _state_from(self, data: dict) -> State:
        lang = data["lang"] if data.get("lang") in self.locales else self.locales[0]
        rate = int(data["rate"])
        segment = int(data["segment"])
        if not (isinstance(data["topic"], str) and segment >= 0
                and SLOWEST_WORDS_A_MINUTE <= rate <= FASTEST_WORDS_A_MINUTE):
            raise ValueError("out of range")
        return State(place=Place(data["topic"], segment), lang=lang, rate=rate)
