"""The program's surroundings, injected (as httpie does) so tests can drive it without a terminal:
standard streams, whether they are terminals, and where the person's place is kept."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import TextIO

from voiceinfo.bookmark import default_state_dir


class ExitStatus(IntEnum):
    SUCCESS = 0
    ERROR = 1
    USAGE = 2
    #: Ctrl-C, as a shell reports it (128 + SIGINT).
    INTERRUPTED = 130


@dataclass
class Environment:
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    state_dir: Path = field(default_factory=default_state_dir)

    @property
    def stdin_isatty(self) -> bool:
        return _isatty(self.stdin)

    def say(self, line: str) -> None:
        """One plain line on standard output: what a screen reader reads."""
        print(line, file=self.stdout, flush=True)

    def warn(self, line: str) -> None:
        """One short line on standard error: never a traceback."""
        print(f"voiceinfo: {line}", file=self.stderr, flush=True)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
