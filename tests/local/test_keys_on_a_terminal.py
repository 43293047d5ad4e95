"""Single keys on a real pseudo-terminal: arrows, letters, '/' to type a topic, Ctrl-C."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import subprocess
import sys
import termios
import time

import pytest

from voiceinfo.environment import ExitStatus

pytestmark = pytest.mark.pty


def take_terminal() -> None:
    """In the child: make the pseudo-terminal its controlling terminal, so Ctrl-C is SIGINT."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """`voiceinfo` running on a pseudo-terminal, as a person at a keyboard would see it."""

    def __init__(self, state_dir, *args: str) -> None:
        self.master, slave = pty.openpty()
        env = {**os.environ, "VOICEINFO_STATE_DIR": str(state_dir)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "voiceinfo", *args], stdin=slave, stdout=slave, stderr=slave,
            env=env, start_new_session=True, preexec_fn=take_terminal)
        os.close(slave)
        self.screen = ""

    def read_until(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.screen and time.monotonic() < deadline:
            if select.select([self.master], [], [], 0.1)[0]:
                try:
                    self.screen += os.read(self.master, 4096).decode("utf-8", "replace")
                except OSError:
                    break
        assert text in self.screen, self.screen[-2000:]
        return self.screen

    def press(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> int:
        try:
            return self.process.wait(timeout=20)
        finally:
            os.close(self.master)


@pytest.fixture
def terminal(state_dir):
    opened = []

    def open_terminal(*args: str) -> Terminal:
        opened.append(Terminal(state_dir, *args))
        return opened[-1]

    yield open_terminal
    for term in opened:
        if term.process.poll() is None:
            term.process.kill()


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
    term.read_until("7, Sources.")
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
