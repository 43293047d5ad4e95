"""Stand-ins for a person's standard input, for tests that drive `voiceinfo` in-process."""

from __future__ import annotations


class InterruptedInput:
    """Standard input on which the person presses Ctrl-C after some lines."""

    def __init__(self, lines):
        self.lines = list(lines)

    def __iter__(self):
        yield from self.lines
        raise KeyboardInterrupt

    def isatty(self):
        return False
