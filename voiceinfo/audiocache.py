"""Spoken audio for the web page: every segment, and each topic as one file, rendered by the
speech-out module, compressed to Ogg Opus and kept on disk.

A file's name is a hash of what it says (language, rate, words, encoding), so a changed sentence
or catalog never serves stale audio, and the hash doubles as the HTTP ETag. Files are written
under a temporary name and renamed, one writer at a time (a lock file), so several server
processes can share one folder.
`voiceinfo audio` builds them all ahead; the web front end builds a missing one when asked.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile

from voiceinfo.content import Segment, Topic
from voiceinfo.guide import Guide
from voiceinfo.pace import DEFAULT_WORDS_A_MINUTE

#: Opus takes only 8, 12, 16, 24 or 48 kHz; eSpeak NG writes 22.05 kHz, so it is resampled up.
SAMPLE_RATE = 24000
#: libsndfile's 0 (largest) to 1 (smallest); 0.93 is about 24 kbit/s, clear for speech at about
#: 3 KB a second (the target is at most 5).
COMPRESSION_LEVEL = 0.93
#: Silence between the title and the parts of a whole topic, so they do not run together.
GAP_BETWEEN_PARTS_SECONDS = 0.6
MIMETYPE = "audio/ogg"
SUFFIX = ".opus"
#: Part of every file's hash: change it when the encoding changes, to retire old files.
ENCODING = f"opus-{SAMPLE_RATE}-{COMPRESSION_LEVEL}-{GAP_BETWEEN_PARTS_SECONDS}"

#: The talking book's copy of a clip (`voiceinfo.book`): MP3, the one audio format that every
#: EPUB 3 reading system plays. libsndfile's 0.8 is 40 kbit/s at a constant rate (mono 24 kHz).
MP3_COMPRESSION_LEVEL = 0.8
MP3_MIMETYPE = "audio/mpeg"
MP3_SUFFIX = ".mp3"
MP3_ENCODING = f"mp3-{MP3_COMPRESSION_LEVEL}-constant"


@dataclass(frozen=True)
class Clip:
    """One audio file: the pieces of text it speaks, in order, with a pause between them."""

    lang: str
    pieces: tuple[str, ...]
    rate: int = DEFAULT_WORDS_A_MINUTE

    @property
    def key(self) -> str:
        text = "\x1f".join((ENCODING, self.lang, str(self.rate), *self.pieces))
        return hashlib.sha256(text.encode()).hexdigest()[:24]


def segment_clip(guide: Guide, lang: str, segment: Segment,
                 rate: int = DEFAULT_WORDS_A_MINUTE) -> Clip:
    return Clip(lang, (guide.localizer(lang).segment_text(segment),), rate)


def topic_clip(guide: Guide, lang: str, topic: Topic,
               rate: int = DEFAULT_WORDS_A_MINUTE) -> Clip:
    """The topic's title, then each of its segments."""
    local = guide.localizer(lang)
    return Clip(lang, (local.title(topic), *(local.segment_text(s) for s in topic.segments)),
                rate)


def guide_clips(guide: Guide, langs: Iterable[str],
                rate: int = DEFAULT_WORDS_A_MINUTE) -> Iterator[Clip]:
    """Every file of the web site: per language and topic, its segments, then the whole topic
    (which reuses the segments' speech while building)."""
    for lang in langs:
        for topic_id in guide.tree.reading_order:
            topic = guide.tree.topics[topic_id]
            for segment in topic.segments:
                yield segment_clip(guide, lang, segment, rate)
            yield topic_clip(guide, lang, topic, rate)


@dataclass(frozen=True)
class Transcoded:
    """A clip's MP3 copy and how long its speech lasts, which is never past the MP3's end."""

    path: Path
    seconds: float


class AudioCache:
    """Compressed clips in a folder (`Environment.audio_dir`), one subfolder a language."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        #: Speech of recently rendered pieces, so a whole topic reuses its segments' speech.
        self._recent: dict[tuple[str, int, str], np.ndarray] = {}

    def path(self, clip: Clip) -> Path:
        return self.directory / clip.lang / f"{clip.key}{SUFFIX}"

    def get(self, clip: Clip) -> Path:
        """The clip's file, rendered and compressed first when it is not there yet.

        Raises `voiceinfo.speech.synthesis.SpeechUnavailable` when speech cannot be made here.
        """
        path = self.path(clip)
        if not path.exists():
            # one writer at a time, across threads and server processes, so that everyone who
            # asked gets the same bytes under the same ETag
            self.directory.mkdir(parents=True, exist_ok=True)
            with (self.directory / ".lock").open("w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                if not path.exists():
                    self._write(clip, path)
        return path

    def mp3(self, clip: Clip) -> Transcoded:
        """The clip as MP3, transcoded from its Ogg Opus file (made first if missing) by
        libsndfile and LAME, and kept beside it."""
        source = self.get(clip)
        key = hashlib.sha256(f"{clip.key}\x1f{MP3_ENCODING}".encode()).hexdigest()[:24]
        path = source.with_name(f"{key}{MP3_SUFFIX}")
        if not path.exists():
            with (self.directory / ".lock").open("w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                if not path.exists():
                    samples, rate = soundfile.read(source, dtype="float32")
                    self.write_atomically(path, lambda file: soundfile.write(
                        file, samples, rate, format="MP3", subtype="MPEG_LAYER_III",
                        compression_level=MP3_COMPRESSION_LEVEL, bitrate_mode="CONSTANT"))
        # the MP3 may be padded to whole frames, and a decoder may not trim them: the speech
        # is as long as the source, and at most as long as the MP3 decodes
        speech, encoded = soundfile.info(source), soundfile.info(path)
        return Transcoded(path, min(speech.frames / speech.samplerate,
                                    encoded.frames / encoded.samplerate))

    def build(self, clips: Iterable[Clip],
              progress: Callable[[Clip], None] = lambda clip: None) -> list[Path]:
        paths = []
        for clip in clips:
            paths.append(self.get(clip))
            progress(clip)
        self._recent.clear()
        return paths

    def _write(self, clip: Clip, path: Path) -> None:
        gap = np.zeros(int(SAMPLE_RATE * GAP_BETWEEN_PARTS_SECONDS), dtype=np.float32)
        speech = [self._speech(clip.lang, clip.rate, piece) for piece in clip.pieces]
        joined = [part for spoken in speech for part in (gap, spoken)][1:]
        samples = np.concatenate(joined) if joined else gap
        self.write_atomically(path, lambda file: soundfile.write(
            file, samples, SAMPLE_RATE, format="OGG", subtype="OPUS",
            compression_level=COMPRESSION_LEVEL))

    @staticmethod
    def write_atomically(path: Path, write: Callable) -> None:
        """`write(file)` into a temporary file renamed to `path`, so no reader sees half."""
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as file:
                write(file)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _speech(self, lang: str, rate: int, text: str) -> np.ndarray:
        key = (lang, rate, text)
        if key not in self._recent:
            if len(self._recent) > 32:  # a topic's pieces are all that is ever reused
                self._recent.clear()
            self._recent[key] = render_samples(text, lang, rate)
        return self._recent[key]


def render_samples(text: str, lang: str, rate: int) -> np.ndarray:
    """`text` spoken by the speech-out module, as float samples at `SAMPLE_RATE`."""
    # pyttsx3 is loaded only when audio is made
    from voiceinfo.speech.synthesis import synthesizer
    sound = synthesizer().synthesize(text, lang, rate)
    samples = np.frombuffer(sound.samples, dtype="<i2").astype(np.float32) / 32768
    return resample(samples, sound.sample_rate, SAMPLE_RATE)


def resample(samples: np.ndarray, rate_in: int, rate_out: int) -> np.ndarray:
    """Linear interpolation: enough going up from 22.05 to 24 kHz, where nothing aliases."""
    if rate_in == rate_out or samples.size == 0:
        return samples.astype(np.float32)
    times = np.arange(0, samples.size, rate_in / rate_out)
    return np.interp(times, np.arange(samples.size), samples).astype(np.float32)
