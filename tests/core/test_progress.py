"""The subcommands' progress bar: redrawn on a terminal once a whole percent, and on anything
else (a pipe, a log) only its label, once."""

from __future__ import annotations

import io

import pytest

from voiceinfo.cli.progress import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("total, steps", [(1000, 1000), (7, 7), (3, 5), (0, 0)])
def test_on_a_terminal_one_redraw_a_percent_then_a_new_line(total, steps):
    stream = Terminal()
    with ProgressBar("Making audio", total, stream) as bar:
        for _ in range(steps):
            bar.advance()
    drawn = stream.getvalue()
    assert drawn.endswith("100%\n")
    redraws = drawn.count("\r")
    assert redraws == len(set(drawn.split("\r")[1:])) <= 101  # no percent drawn twice


def test_elsewhere_only_the_label_once():
    stream = io.StringIO()
    with ProgressBar("Making the talking book", 500, stream) as bar:
        for _ in range(500):
            bar.advance()
    assert stream.getvalue() == "Making the talking book\n"
