"""Each language's talking book on the web: offered on its home page, with its size, once built,
and served as application/epub+zip; a book not built is not offered and is a 404."""

from __future__ import annotations

import pytest

from tests.web.conftest import soup
from voiceinfo.audiocache import AudioCache
from voiceinfo.book.epub import MEDIA_TYPE
from voiceinfo.book.shelf import Bookshelf, download_name
from voiceinfo.guide import load_guide
from voiceinfo.web import create_app


def book_link(client, lang: str):
    return soup(client.get(f"/{lang}/")).find("a", attrs={"type": MEDIA_TYPE})


@pytest.mark.parametrize("url", [f"/books/{download_name('es')}", "/books/guide-xx.epub",
                                 "/books/acupuncture-and-ms-xx.epub"])
def test_a_book_not_built_is_not_offered_and_not_found(client, url):
    assert client.get(url).status_code == 404
    assert book_link(client, "es") is None


@pytest.mark.audio
def test_the_home_page_offers_the_built_book_with_its_size_and_serves_it(tiny_content, tmp_path):
    guide = load_guide(tiny_content)
    audio = tmp_path / "audio"
    book = Bookshelf(AudioCache(audio)).get(guide, "es")
    client = create_app({"TESTING": True, "GUIDE": guide, "AUDIO_DIR": str(audio)}).test_client()
    link = book_link(client, "es")
    size = f"{round(book.stat().st_size / 1e6, 1)}".replace(".", ",")
    assert link.get_text() == f"Descargar esta guía como libro hablado (EPUB, {size} MB)"
    assert link["href"] == f"/books/{download_name('es')}"
    response = client.get(link["href"])
    assert (response.status_code, response.mimetype) == (200, MEDIA_TYPE)
    assert response.data == book.read_bytes()
    assert client.get(link["href"], headers={"If-None-Match": response.headers["ETag"]}
                      ).status_code == 304
    # only the topic pages' list of links changed, and only on home
    assert book_link(client, "fr") is None
    assert soup(client.get("/es/key-facts/")).find("a", attrs={"type": MEDIA_TYPE}) is None
