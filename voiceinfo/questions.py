"""The one limit on a question in a person's own words, at every door: at most
`LONGEST_QUESTION` characters, spaces at either end not counted.

A question, not a document: ranking 100,000 characters kept a web worker busy for 0.3 to
0.45 s and answered no better. Each door refuses a longer one in its own way, before any
ranking: the API with a 400, the web page and the spoken loop with `TOO_LONG` in the person's
language, `voiceinfo ask` with one line and a non-zero exit status.

Here rather than in `voiceinfo.answers` because every door checks before it asks, and that
module loads bm25s and numpy, which the loop puts off until the first question.
"""

from __future__ import annotations

from voiceinfo.i18n import _

#: The most characters a question may have.
LONGEST_QUESTION = 500
#: What the page and the loop say of a longer one (with `most=LONGEST_QUESTION`).
TOO_LONG = _("That question is too long. Please ask it in at most %(most)s characters.")


def too_long(question: str) -> bool:
    return len(question.strip()) > LONGEST_QUESTION
