"""Each language's talking book (EPUB 3 with synchronised speech) for download, once built by
`voiceinfo audio`, `voiceinfo export --site` or `--epub`: building one takes too long for a
request, so a book not on the shelf yet is simply not offered."""

from __future__ import annotations

from babel.units import format_unit
from flask import Blueprint, Response, abort, send_file, url_for

from voiceinfo.book.epub import MEDIA_TYPE
from voiceinfo.book.plan import book_plan
from voiceinfo.book.shelf import Bookshelf, download_name
from voiceinfo.web.audio import AUDIO_MAX_AGE
from voiceinfo.web.state import Site, current_site

bp = Blueprint("book", __name__)


@bp.get(f"/books/{download_name('<lang:lang>')}")
def download(lang: str) -> Response:
    site = current_site()
    plan = book_plan(site.guide, lang, site.rate)
    path = Bookshelf(site.audio_cache).path(plan)
    if not path.exists():
        abort(404)
    return send_file(path, mimetype=MEDIA_TYPE, etag=plan.key, max_age=AUDIO_MAX_AGE,
                     conditional=True)


def book_link(site: Site, lang: str) -> tuple[str, str] | None:
    """The book's URL and its size in the language's own words ("3,9 MB"), when it is built."""
    path = Bookshelf(site.audio_cache).find(site.guide, lang, site.rate)
    if path is None:
        return None
    megabytes = round(path.stat().st_size / 1e6, 1)
    return (url_for("book.download", lang=lang),
            format_unit(megabytes, "digital-megabyte", length="short", locale=lang))
