"""Spoken audio of every segment and of each whole topic, as Ogg Opus files.

A file is found by looking its language and id up in the tree, never by turning the URL into a
path; a file not built yet by `voiceinfo audio` is rendered on first request. The ETag is the
hash of what the file says, so it changes exactly when the words do.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, send_file

from voiceinfo.audiocache import MIMETYPE, Clip, segment_clip, topic_clip
from voiceinfo.speech.synthesis import SpeechUnavailable
from voiceinfo.web.state import Site, current_site

bp = Blueprint("audio", __name__, url_prefix="/audio")

#: Seconds a browser may keep a file; the URL stays the same when the words change, so not long.
AUDIO_MAX_AGE = 3600


@bp.get("/<lang:lang>/segments/<topic:segment_id>.opus")
def segment(lang: str, segment_id: str) -> Response:
    site = _site_with_audio()
    if segment_id not in site.segments:
        abort(404)
    _topic, found, _number = site.segments[segment_id]
    return _send(site, segment_clip(site.guide, lang, found, site.rate))


@bp.get("/<lang:lang>/topics/<topic:topic_id>.opus")
def topic(lang: str, topic_id: str) -> Response:
    site = _site_with_audio()
    found = site.guide.tree.topics.get(topic_id) or abort(404)
    return _send(site, topic_clip(site.guide, lang, found, site.rate))


def _site_with_audio() -> Site:
    site = current_site()
    if not site.audio:
        abort(404)
    return site


def _send(site: Site, clip: Clip) -> Response:
    try:
        path = site.audio_cache.get(clip)
    except SpeechUnavailable as error:
        current_app.logger.warning("audio cannot be made: %s", error)
        abort(503)
    return send_file(path, mimetype=MIMETYPE, etag=clip.key, max_age=AUDIO_MAX_AGE,
                     conditional=True)
