"""The sound devices' side of a spoken session: what the sound libraries print goes to a log in
the state folder rather than to the person's terminal, and why a device failed is written
there too.

The devices themselves (`voiceinfo.environment.Devices`) are part of the injected
`Environment`, so that a test can say one is missing without mocking a sound card.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from voiceinfo.speech import timeline
from voiceinfo.speech.quiet import stderr_to

if TYPE_CHECKING:
    from voiceinfo.environment import Environment

#: In the state folder: what the sound libraries said during the last audio session.
AUDIO_LOG = "audio.log"


@contextlib.contextmanager
def audio_library_messages_logged(env: Environment, sound: bool) -> Iterator[Path | None]:
    """For a session with sound, what ALSA, JACK and PortAudio print (underruns, device probing,
    failed polls) goes to `AUDIO_LOG` in the state folder, not to the person's terminal, where a
    screen reader would read it out between the guide's lines. They write to file descriptor 2
    from C whenever they like, so descriptor 2 is pointed at the log for the whole session, and
    the program's own messages go to the terminal through a copy of it. The spoken loop's
    stages are timed into the same log (`voiceinfo.speech.timeline`)."""
    try:
        is_terminal_stderr = env.stderr.fileno() == 2
    except (AttributeError, OSError, ValueError):  # a test's in-memory stream
        is_terminal_stderr = False
    if not sound or not is_terminal_stderr:
        yield None
        return
    path = env.state_dir / AUDIO_LOG
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        log = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError:
        yield None
        return
    env.stderr.flush()
    try:
        with stderr_to(log) as terminal:
            own_messages, env.stderr = env.stderr, os.fdopen(os.dup(terminal), "w", buffering=1)
            try:
                with _timeline_logged():
                    yield path
            finally:
                env.stderr.close()
                env.stderr = own_messages
    finally:
        os.close(log)


@contextlib.contextmanager
def _timeline_logged() -> Iterator[None]:
    """The stages' lines into file descriptor 2 (the log) through a copy of it, which shares its
    place in the file, so they fall between the libraries' lines rather than over them."""
    handler = logging.StreamHandler(os.fdopen(os.dup(2), "w", buffering=1))
    timeline.log.addHandler(handler)
    timeline.log.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        timeline.log.setLevel(logging.NOTSET)
        timeline.log.removeHandler(handler)
        handler.close()
        handler.stream.close()


def log_reason(error: Exception) -> None:
    """Why a device failed, for the audio log (file descriptor 2 during a session with sound),
    not for the person, who is told in plain words."""
    os.write(2, f"voiceinfo: {type(error).__name__}: {error}\n".encode(errors="replace"))
