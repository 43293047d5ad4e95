"""The sound system's chatter kept off the person's screen.

Whenever PyAudio opens or lists a device, ALSA and JACK print pages of probing noise straight
onto file descriptor 2, beneath Python; the person needs none of it. Both the speakers (speech
out) and the microphone (speech in) open devices, so both use `quiet_stderr`; the local front
end points the same descriptor at a log for a whole session (`stderr_to`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator


@contextlib.contextmanager
def stderr_to(target: int) -> Iterator[int]:
    """File descriptor 2 points at the open descriptor `target` while the block runs, and comes
    back after; the block gets a copy of what it pointed at before."""
    saved = os.dup(2)
    os.dup2(target, 2)
    try:
        yield saved
    finally:
        os.dup2(saved, 2)
        os.close(saved)


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """File descriptor 2 goes to /dev/null while the block runs, and comes back after."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        with stderr_to(devnull):
            yield
    finally:
        os.close(devnull)
