"""The terminal: the session shared by every local front end, and keyboard input.

A `Session` drives the navigator for one person and keeps their place after every command; what
it says goes to an `Output` (plain lines here; the speech module adds a voice). The spoken loop
(`voiceinfo.speech.loop`) feeds it keys read here, typed lines and spoken commands.
"""

from __future__ import annotations

import os
import select
import termios
import tty
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Protocol

from voiceinfo.bookmark import Bookmark
from voiceinfo.commands import NOT_UNDERSTOOD, Command
from voiceinfo.environment import Environment
from voiceinfo.guide import Guide
from voiceinfo.i18n import _
from voiceinfo.navigator import Reply, State

#: Escape sequences of the arrow keys, as terminals send them.
ARROWS = {"[A": "UP", "[B": "DOWN", "[C": "RIGHT", "[D": "LEFT", "OA": "UP", "OB": "DOWN",
          "OC": "RIGHT", "OD": "LEFT"}
NAMED_KEYS = {" ": "SPACE", "\r": "ENTER", "\n": "ENTER", "\x7f": "BACKSPACE"}
CTRL_C, CTRL_D, ESCAPE = "\x03", "\x04", "\x1b"


class Output(Protocol):
    def say(self, reply: Reply) -> None: ...


class PrintedOutput:
    """Each utterance as one plain line: no colour, no cursor tricks, for screen readers."""

    def __init__(self, env: Environment) -> None:
        self.env = env

    def say(self, reply: Reply) -> None:
        for line in reply.said:
            self.env.say(line)


class Session:
    """One person's run through the guide."""

    def __init__(self, guide: Guide, env: Environment, output: Output,
                 lang: str | None = None, rate: int | None = None) -> None:
        self.guide, self.env, self.output = guide, env, output
        self.bookmark = Bookmark(env.state_dir, tuple(guide.localizers))
        self.lang, self.rate = lang, rate
        self.state = State()
        self._reported: set[str] = set()

    def start(self) -> Reply:
        loaded = self.bookmark.load()
        self._report(loaded.problem)
        saved = loaded.state
        if saved and (self.lang or self.rate):
            saved = replace(saved, lang=self.lang or saved.lang, rate=self.rate or saved.rate)
        elif saved is None and (self.lang or self.rate):
            saved = State(lang=self.lang or State.lang, rate=self.rate or State.rate)
        return self._said(self.guide.navigator.start(saved), save=False)

    def handle(self, command: Command) -> Reply:
        return self._said(self.guide.navigator.handle(self.state, command))

    def no_input(self) -> Reply:
        return self._said(self.guide.navigator.no_input(self.state), save=False)

    def parse_typed(self, text: str) -> Command:
        return self.guide.parse_typed(text, self.state.lang)

    def _said(self, reply: Reply, save: bool = True) -> Reply:
        self.state = reply.state
        self._report(self.guide.localizers.problems.get(self.state.lang))
        self.output.say(reply)
        if save:
            self._report(self.bookmark.save(self.state))
        return reply

    def _report(self, problem: str | None) -> None:
        """Each problem once, in one line, and the program carries on."""
        if problem and problem not in self._reported:
            self._reported.add(problem)
            self.env.warn(problem)


def typed_line(env: Environment, session: Session) -> Command:
    """After '/': a topic or command typed in full, with the terminal back in line mode."""
    env.say(session.guide.localizer(session.state.lang).gettext(
        _("Type a topic or a command, then press Enter.")))
    with canonical(env.stdin):
        line = env.stdin.readline()
    return session.parse_typed(line) if line.strip() else NOT_UNDERSTOOD


@contextmanager
def cbreak(stream) -> Iterator[Callable[[], str | None]]:
    """Keys one at a time, without waiting for Enter; the terminal is restored on the way out."""
    fd = stream.fileno()
    saved = termios.tcgetattr(fd)
    tty.setcbreak(fd, termios.TCSANOW)  # not TCSAFLUSH: keys pressed early must count
    try:
        yield lambda: read_key(fd)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


@contextmanager
def canonical(stream) -> Iterator[None]:
    fd = stream.fileno()
    cooked = termios.tcgetattr(fd)
    cooked[3] |= termios.ICANON | termios.ECHO
    raw = termios.tcgetattr(fd)
    termios.tcsetattr(fd, termios.TCSADRAIN, cooked)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, raw)


def read_key(fd: int) -> str | None:
    """One key press: a character, or a name (UP, LEFT, SPACE, ENTER); None at end of input."""
    data = os.read(fd, 1)
    if not data:
        return None
    char = data.decode("utf-8", errors="replace")
    if char == ESCAPE:
        sequence = ""
        while len(sequence) < 2 and select.select([fd], [], [], 0.05)[0]:
            sequence += os.read(fd, 1).decode("ascii", errors="replace")
        return ARROWS.get(sequence, "ESCAPE")
    return NAMED_KEYS.get(char, char)

