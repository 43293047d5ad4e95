"""Single keys on a real pseudo-terminal: arrows, letters, '/' to type a topic, Ctrl-C."""

from __future__ import annotations

import pytest

from voiceinfo.environment import ExitStatus

pytestmark = pytest.mark.pty


def test_keys_move_through_the_tree(terminal):
    term = terminal("--text", "--no-listen")
    term.read_until("Press a key")
    term.press("4")
    term.read_until("Small studies suggest acupuncture may help")
    term.press("\x1b[C")  # right arrow: next
    term.read_until("There are no large, good-quality studies")
    term.press("w")
    term.read_until("You are at Does it help with MS, part 2 of 4.")
    term.press("\x1b[A")  # up arrow: the menu above
    term.read_until("Sources 7.")
    term.press("q")
    term.read_until("Goodbye.")
    assert term.close() == ExitStatus.SUCCESS


def test_slash_lets_a_person_type_a_topic(terminal):
    term = terminal("--text", "--no-listen")
    term.read_until("Press a key")
    term.press("/")
    term.read_until("Type a topic or a command")
    term.press("who should avoid it\r")
    term.read_until("Some people should avoid acupuncture")
    term.press("q")
    assert term.close() == ExitStatus.SUCCESS


def test_ctrl_c_on_a_terminal_exits_130_without_a_traceback(terminal):
    term = terminal("--text", "--no-listen")
    term.read_until("Press a key")
    term.press("\x03")
    screen = term.read_until("Goodbye.")
    assert term.close() == ExitStatus.INTERRUPTED
    assert "Traceback" not in screen


def test_unbound_keys_are_not_understood_not_fatal(terminal):
    term = terminal("--text", "--no-listen")
    term.read_until("Press a key")
    term.press("x")
    term.read_until("Sorry, I didn't catch that.")
    term.press("q")
    assert term.close() == ExitStatus.SUCCESS
