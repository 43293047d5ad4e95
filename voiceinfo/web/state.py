"""What one web process holds: the guide, the audio cache, and pages already rendered."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app

from voiceinfo.audiocache import AudioCache
from voiceinfo.content import Segment, Topic
from voiceinfo.guide import Guide
from voiceinfo.pace import DEFAULT_WORDS_A_MINUTE


@dataclass(frozen=True)
class Rendered:
    """A page, its ETag, and all its own headers."""

    body: bytes
    etag: str
    #: Built once: setting headers one by one costs more than the whole page lookup.
    headers: tuple[tuple[str, str], ...]


@dataclass
class Site:
    guide: Guide
    audio_cache: AudioCache
    audio: bool = True
    rate: int = DEFAULT_WORDS_A_MINUTE
    #: Whether pages offer the question form: only a live service can answer it.
    questions: bool = True
    rendered: dict[tuple, Rendered] = field(default_factory=dict, repr=False)
    #: Each segment id with its topic and its number (from 1) within the topic.
    segments: dict[str, tuple[Topic, Segment, int]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.segments = {segment.id: (topic, segment, number)
                         for topic in self.guide.tree.topics.values()
                         for number, segment in enumerate(topic.segments, start=1)}


def current_site() -> Site:
    return current_app.extensions["voiceinfo"]
