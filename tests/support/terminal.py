"""`voiceinfo` on a real pseudo-terminal, read and typed at as a person at a keyboard would."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import subprocess
import sys
import termios
import time


def ctrl_c_heard() -> None:
    """In the child: Ctrl-C as a person's shell gives it. A test run started in the background
    (`make test &`) ignores SIGINT, its children inherit that, and Python then never turns
    Ctrl-C into KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def take_terminal() -> None:
    """In the child: make the pseudo-terminal its controlling terminal, so Ctrl-C is SIGINT."""
    ctrl_c_heard()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """`voiceinfo` running on a pseudo-terminal, as a person at a keyboard would see it."""

    def __init__(self, state_dir, *args: str, env: dict[str, str] | None = None) -> None:
        self.master, slave = pty.openpty()
        env = {**os.environ, **(env or {}), "VOICEINFO_STATE_DIR": str(state_dir)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "voiceinfo", *args], stdin=slave, stdout=slave, stderr=slave,
            env=env, start_new_session=True, preexec_fn=take_terminal)
        os.close(slave)
        self.screen = ""

    def read_until(self, text: str, timeout: float = 20, since: int = 0) -> str:
        """The screen once `text` is on it (after its first `since` characters)."""
        deadline = time.monotonic() + timeout
        while text not in self.screen[since:] and time.monotonic() < deadline:
            if select.select([self.master], [], [], 0.1)[0]:
                try:
                    self.screen += os.read(self.master, 4096).decode("utf-8", "replace")
                except OSError:
                    break
        assert text in self.screen[since:], self.screen[-2000:]
        return self.screen

    def press(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> int:
        try:
            return self.process.wait(timeout=20)
        finally:
            os.close(self.master)
