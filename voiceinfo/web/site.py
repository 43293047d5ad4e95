"""Static export: the whole web site (every language, page and audio file) as plain files that
any static host or CDN can serve, for more people than one machine can.

Every file is fetched from the real application through Flask's test client, so the export and
the live service can never differ. URLs end in `/`, so each page is a folder's `index.html`, which
every static host serves. Security headers go into `_headers` (the format Netlify and Cloudflare
Pages read); other hosts need them set by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from voiceinfo.audiocache import guide_clips
from voiceinfo.book.epub import MEDIA_TYPE
from voiceinfo.book.shelf import Bookshelf, download_name
from voiceinfo.content import ROOT_TOPIC_ID
from voiceinfo.guide import Guide
from voiceinfo.i18n import LOCALES, SOURCE_LOCALE
from voiceinfo.web import create_app
from voiceinfo.web.errors import SECURITY_HEADERS
from voiceinfo.web.state import current_site

#: A path that is no topic, to render each language's "page not found".
MISSING = "page-not-found"


class ExportError(Exception):
    """A page could not be exported; the message says which and why."""


@dataclass(frozen=True)
class ExportedSite:
    directory: Path
    pages: int
    audio_files: int
    bytes: int
    #: The talking books (EPUB), one a language, made with the audio.
    books: int = 0


def page_urls(guide: Guide, langs: Iterable[str]) -> Iterator[str]:
    tree = guide.tree
    for lang in langs:
        yield f"/{lang}/"
        for topic_id in tree.reading_order:
            if topic_id != ROOT_TOPIC_ID:
                yield f"/{lang}/{topic_id}/"
            for number in range(1, len(tree.topics[topic_id].segments) + 1):
                yield f"/{lang}/{topic_id}/{number}/"
            yield f"/{lang}/{topic_id}/end/"


def audio_urls(guide: Guide, langs: Iterable[str]) -> Iterator[str]:
    for lang in langs:
        for topic_id in guide.tree.reading_order:
            topic = guide.tree.topics[topic_id]
            yield from (f"/audio/{lang}/segments/{s.id}.opus" for s in topic.segments)
            yield f"/audio/{lang}/topics/{topic_id}.opus"


def book_urls(langs: Iterable[str]) -> Iterator[str]:
    return (f"/books/{download_name(lang)}" for lang in langs)


def file_for(directory: Path, url: str) -> Path:
    relative = url.strip("/")
    return directory / relative / "index.html" if url.endswith("/") else directory / relative


def export_site(directory: Path, guide: Guide, audio_dir: Path, langs: Iterable[str] = LOCALES,
                audio: bool = True,
                progress: Callable[[object], None] = lambda clip: None) -> ExportedSite:
    """Writes the site into `directory`; audio is built first into `audio_dir` (a cache that
    `voiceinfo audio` shares), reporting each file to `progress`."""
    langs = tuple(langs)
    app = create_app({"GUIDE": guide, "AUDIO_DIR": str(audio_dir), "AUDIO": audio,
                      "QUESTIONS": False})
    if audio:
        with app.app_context():
            site = current_site()
            site.audio_cache.build(guide_clips(guide, langs, site.rate), progress)
            # before any page, so that each home page offers its book
            for lang in langs:
                Bookshelf(site.audio_cache).get(guide, lang, site.rate)
    client = app.test_client()
    written = [_fetch(client, url, file_for(directory, url))
               for url in ["/static/style.css", *page_urls(guide, langs)]]
    home = SOURCE_LOCALE if SOURCE_LOCALE in langs else langs[0]
    written.append(_fetch(client, f"/{home}/", directory / "index.html"))
    for lang in langs:
        written.append(_fetch(client, f"/{lang}/{MISSING}/",
                              directory / lang / "404.html", status=404))
    written.append(_fetch(client, f"/{home}/{MISSING}/", directory / "404.html",
                          status=404))
    sounds = [_fetch(client, url, file_for(directory, url))
              for url in (audio_urls(guide, langs) if audio else ())]
    books = [_fetch(client, url, file_for(directory, url))
             for url in (book_urls(langs) if audio else ())]
    headers = directory / "_headers"
    headers.write_text("/*\n" + "".join(f"  {name}: {value}\n"
                                        for name, value in SECURITY_HEADERS.items())
                       + f"/books/*\n  Content-Type: {MEDIA_TYPE}\n")
    return ExportedSite(directory, len(written), len(sounds),
                        sum(p.stat().st_size for p in [*written, *sounds, *books, headers]),
                        len(books))


def _fetch(client, url: str, path: Path, status: int = 200) -> Path:
    response = client.get(url)
    if response.status_code != status:
        raise ExportError(f"{url} answered {response.status_code}, not {status}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(response.get_data())
    return path
