"""The sound system's chatter kept off the person's screen.

Whenever PyAudio opens or lists a device, ALSA and JACK print pages of probing noise straight
onto file descriptor 2, beneath Python; the person needs none of it. Both the speakers (speech
out) and the microphone (speech in) open devices, so both use this.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """File descriptor 2 goes to /dev/null while the block runs, and comes back after."""
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
