"""What a reading of one of our pages by Orca is made of: the stretch inside the main landmark,
and how much of it is player or control chrome rather than the guide's words, headings, links and
navigation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tests.support.orcalog import Utterance

#: What Orca says when Say All enters the main landmark.
MAIN = "main content"
#: The roles of the objects a media player is made of (and of any other form control): what
#: Orca says while reading them is chrome, not the guide.
CONTROL_ROLES = frozenset({"push button", "toggle button", "slider", "menu button", "spin button",
                           "combo box", "check box", "radio button", "entry"})


@dataclass(frozen=True)
class ChromeShare:
    chrome: int
    spoken: int

    @property
    def share(self) -> float:
        return self.chrome / self.spoken if self.spoken else 0.0

    def __str__(self) -> str:
        return f"{self.chrome} of {self.spoken} utterances ({self.share:.0%})"


def inside_main(said: Sequence[Utterance], after_main: str) -> list[Utterance]:
    """The utterances from entering `main` up to `after_main`, the first thing Orca says after
    it (Orca announces entering the landmark, not leaving it)."""
    texts = [u.text for u in said]
    start = texts.index(MAIN) + 1
    end = texts.index(after_main, start)
    return list(said[start:end])


def chrome_share(said: Sequence[Utterance], after_main: str) -> ChromeShare:
    main = inside_main(said, after_main)
    return ChromeShare(sum(u.role in CONTROL_ROLES for u in main), len(main))
