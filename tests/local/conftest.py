"""Fixtures of the local front end's tests: voiceinfo on a real pseudo-terminal."""

from __future__ import annotations

import pytest

from tests.conftest import marks
from tests.support.terminal import Terminal


@pytest.fixture
@marks("pty")
def terminal(state_dir):
    """terminal(*args, env=None) -> voiceinfo running on a pseudo-terminal; killed after."""
    opened = []

    def open_terminal(*args: str, env: dict[str, str] | None = None) -> Terminal:
        opened.append(Terminal(state_dir, *args, env=env))
        return opened[-1]

    yield open_terminal
    for term in opened:
        if term.process.poll() is None:
            term.process.kill()
