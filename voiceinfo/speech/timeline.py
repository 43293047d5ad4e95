"""The spoken loop's stages, timed: when a command was heard to end, decoded, answered, its
reply made and its first sound handed to the speakers; when a key was read and the speech it cut
off stopped.

Each stage is one line in the session's audio log (`voiceinfo.local.devices.AUDIO_LOG`, where
`audio_library_messages_logged` turns this logger on), stamped with the machine's monotonic
clock (`time.monotonic()`, which every process on the machine shares), so that
benchmarks/speech_live.py can line the stages up with what it recorded from the microphone and
the speakers. Outside a session with sound nothing is written, at the cost of one check.
"""

from __future__ import annotations

import logging
import time

log = logging.getLogger("voiceinfo.timeline")
log.propagate = False
#: How a stage's line starts, to be found among the sound libraries' own lines.
PREFIX = "voiceinfo timeline"


def mark(stage: str, detail: str = "") -> None:
    """`stage` happened now."""
    if log.isEnabledFor(logging.DEBUG):
        log.debug("%s %.6f %s %s", PREFIX, time.monotonic(), stage, detail)


def parse(line: str) -> tuple[float, str, str] | None:
    """(time, stage, detail) of a stage's line in the audio log; None for any other line."""
    if not line.startswith(PREFIX + " "):
        return None
    at, stage, detail = (line[len(PREFIX) + 1:].rstrip("\n").split(" ", 2) + [""])[:3]
    return float(at), stage, detail
