"""Audio: real speech from eSpeak NG (through the speech-out module), compressed to Ogg Opus,
cached on disk under the hash of its words, served with ETags, and built ahead by
`voiceinfo audio`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import soundfile

from tests.web.conftest import soup
from voiceinfo.audiocache import (
    AudioCache, Clip, guide_clips, segment_clip, topic_clip,
)

pytestmark = pytest.mark.audio

#: The target: compressed speech at most 5 KB a second.
MAX_BYTES_A_SECOND = 5000


def duration(data: bytes) -> float:
    return soundfile.info(io.BytesIO(data)).duration


def test_a_segment_is_served_as_ogg_opus_speech(client, guide):
    response = client.get("/audio/en/segments/fatigue-1.opus")
    assert response.status_code == 200
    assert response.mimetype == "audio/ogg"
    assert response.data.startswith(b"OggS") and b"OpusHead" in response.data[:100]
    seconds = duration(response.data)
    words = len(guide.localizer("en").segment_text(guide.tree.topics["fatigue"].segments[0])
                .split())
    # eSpeak NG at 160 words a minute: the file holds the whole sentence, not a stub
    assert seconds > words / 160 * 60 * 0.6
    assert len(response.data) / seconds <= MAX_BYTES_A_SECOND


def test_a_whole_topic_is_one_file_as_long_as_its_parts(client, guide):
    topic = client.get("/audio/de/topics/fatigue.opus")
    assert topic.status_code == 200
    parts = [duration(client.get(f"/audio/de/segments/{s.id}.opus").data)
             for s in guide.tree.topics["fatigue"].segments]
    assert duration(topic.data) > sum(parts)


def test_audio_has_an_etag_from_its_words_and_answers_304_and_ranges(client, guide):
    first = client.get("/audio/es/segments/pain-1.opus")
    clip = segment_clip(guide, "es", guide.tree.topics["pain"].segments[0])
    assert first.headers["ETag"] == f'"{clip.key}"'
    assert "max-age" in first.headers["Cache-Control"]
    again = client.get("/audio/es/segments/pain-1.opus", headers={"If-None-Match": clip.key})
    assert again.status_code == 304
    part = client.get("/audio/es/segments/pain-1.opus", headers={"Range": "bytes=0-99"})
    assert part.status_code == 206
    assert part.data == first.data[:100]


def test_audio_is_kept_on_disk_under_the_hash_of_its_words(app, client, guide):
    client.get("/audio/fr/segments/risks-1.opus")
    clip = segment_clip(guide, "fr", guide.tree.topics["risks"].segments[0])
    kept = Path(app.config["AUDIO_DIR"]) / "fr" / f"{clip.key}.opus"
    assert kept.is_file()
    assert client.get("/audio/fr/segments/risks-1.opus").data == kept.read_bytes()


@pytest.mark.parametrize("other", [
    Clip("es", ("Hello.",)),
    Clip("en", ("Hello!",)),
    Clip("en", ("Hello.",), rate=200),
    Clip("en", ("Hello.", "Again.")),
])
def test_different_words_language_or_rate_make_a_different_file(other):
    assert Clip("en", ("Hello.",)).key != other.key


@pytest.mark.parametrize("url, lang", [
    ("/audio/en/segments/no-such-segment.opus", "en"),
    ("/audio/ar/topics/no-such-topic.opus", "ar"),
    ("/audio/xx/segments/fatigue-1.opus", "en"),
    ("/audio/en/segments/fatigue-1.mp3", "en"),
    ("/audio/en/segments/..%2f..%2fetc%2fpasswd.opus", "en"),
    ("/audio/en/segments/fatigue-1.opus/", "en"),
])
def test_unknown_audio_gets_a_localised_404_page(client, url, lang):
    response = client.get(url)
    assert response.status_code == 404
    assert soup(response).html["lang"] == lang


def test_voiceinfo_audio_builds_every_file_with_a_progress_bar(tiny_content, run_cli, tmp_path,
                                                               monkeypatch):
    from voiceinfo.guide import load_guide
    monkeypatch.setenv("VOICEINFO_AUDIO_DIR", str(tmp_path / "audio"))
    result = run_cli("audio", "--lang", "en")
    assert result.status == 0, result.stderr
    clips = list(guide_clips(load_guide(tiny_content), ["en"]))
    assert "Making audio" in result.stderr
    assert result.stdout.startswith(f"Audio ready: {len(clips)} files")
    cache = AudioCache(tmp_path / "audio")
    files = sorted(cache.path(clip) for clip in clips)
    assert all(soundfile.info(path).duration > 1 for path in files)
    built = {path: path.stat().st_mtime_ns for path in files}
    assert run_cli("audio", "--lang", "en").status == 0
    assert {path: path.stat().st_mtime_ns for path in files} == built


def test_compressed_speech_is_at_most_5_kb_a_second(tiny_content, tmp_path):
    from voiceinfo.guide import load_guide
    guide = load_guide(tiny_content)
    cache = AudioCache(tmp_path)
    clips = [topic_clip(guide, lang, guide.tree.root) for lang in ("en", "ar")]
    for path in cache.build(clips):
        assert path.stat().st_size / soundfile.info(path).duration <= MAX_BYTES_A_SECOND
