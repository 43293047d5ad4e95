"""A progress bar on standard error, for the subcommands that make audio for minutes.

The standard library's argparse reads the command line, so the bar is a few lines of the
standard library too, rather than a second command-line library (click was kept for its bar
alone). On a terminal it redraws one line when the whole percent changes, so a screen reader
that follows it hears at most a hundred updates; anywhere else (a pipe, a log, a test) it
writes its label once, and a log holds no carriage returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

#: The bar's width in characters, beside the label and the percentage.
WIDTH = 30


@dataclass
class ProgressBar:
    label: str
    total: int
    stream: TextIO
    done: int = 0
    _percent: int = -1

    def __enter__(self) -> ProgressBar:
        self.terminal = _isatty(self.stream)
        if self.terminal:
            self._draw()
        else:
            print(self.label, file=self.stream, flush=True)
        return self

    def __exit__(self, *exc_info) -> None:
        if self.terminal:
            print(file=self.stream, flush=True)

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        if self.terminal:
            self._draw()

    def _draw(self) -> None:
        percent = 100 * min(self.done, self.total) // self.total if self.total else 100
        if percent == self._percent:
            return
        self._percent = percent
        filled = WIDTH * percent // 100
        self.stream.write(f"\r{self.label} [{'#' * filled}{'-' * (WIDTH - filled)}] "
                          f"{percent:3d}%")
        self.stream.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
