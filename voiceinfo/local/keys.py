"""Keyboard input on a terminal: one key at a time with no Enter (cbreak), a whole line after
'/', and the terminal put back as it was however the program ends.

Keys come as characters or names (UP, LEFT, SPACE, ENTER, ...); what each one means is the
command words' business (`Vocabulary.parse_key`), not this module's.
"""

from __future__ import annotations

import os
import select
import termios
import tty
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from voiceinfo.commands import NOT_UNDERSTOOD, Command
from voiceinfo.environment import Environment
from voiceinfo.i18n import _
from voiceinfo.local.session import Session

#: Escape sequences of the arrow keys, as terminals send them.
ARROWS = {"[A": "UP", "[B": "DOWN", "[C": "RIGHT", "[D": "LEFT", "OA": "UP", "OB": "DOWN",
          "OC": "RIGHT", "OD": "LEFT"}
NAMED_KEYS = {" ": "SPACE", "\r": "ENTER", "\n": "ENTER", "\x7f": "BACKSPACE"}
CTRL_C, CTRL_D, ESCAPE = "\x03", "\x04", "\x1b"
#: How long the rest of an escape sequence may take to arrive before ESCAPE is a key of its own.
ESCAPE_SECONDS = 0.05


@contextmanager
def cbreak(stream: TextIO) -> Iterator[Callable[[], str | None]]:
    """Keys one at a time, without waiting for Enter; the terminal is restored on the way out."""
    fd = stream.fileno()
    saved = termios.tcgetattr(fd)
    tty.setcbreak(fd, termios.TCSANOW)  # not TCSAFLUSH: keys pressed early must count
    try:
        yield lambda: read_key(fd)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


@contextmanager
def canonical(stream: TextIO) -> Iterator[None]:
    """Line mode with echo for a while, inside `cbreak`: the person sees what they type."""
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
        while len(sequence) < 2 and select.select([fd], [], [], ESCAPE_SECONDS)[0]:
            sequence += os.read(fd, 1).decode("ascii", errors="replace")
        return ARROWS.get(sequence, "ESCAPE")
    return NAMED_KEYS.get(char, char)


def typed_line(env: Environment, session: Session) -> Command:
    """After '/': a topic or command typed in full, with the terminal back in line mode."""
    env.say(session.localized(_("Type a topic or a command, then press Enter.")))
    with canonical(env.stdin):
        line = env.stdin.readline()
    return session.parse_typed(line) if line.strip() else NOT_UNDERSTOOD


@contextmanager
def terminal_restored(env: Environment) -> Iterator[None]:
    """On the way out, the terminal as it was on the way in: the key thread may still hold it in
    cbreak mode when the loop ends (it is a daemon, blocked reading a key)."""
    saved = _terminal_settings(env)
    try:
        yield
    finally:
        if saved is not None:
            try:
                termios.tcsetattr(env.stdin.fileno(), termios.TCSADRAIN, saved)
            except (termios.error, OSError, ValueError):
                pass  # the terminal has gone: nothing left to restore


def _terminal_settings(env: Environment) -> list | None:
    if not env.stdin_isatty:
        return None
    try:
        return termios.tcgetattr(env.stdin.fileno())
    except (termios.error, OSError, ValueError):
        return None
