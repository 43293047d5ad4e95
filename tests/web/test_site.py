"""`voiceinfo export --site DIR`: the whole site as static files, the same bytes as the live
service (less the question form, which only a server can answer), every link leading to a file
that exists."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from voiceinfo.book.shelf import download_name
from voiceinfo.guide import load_guide
from voiceinfo.i18n import LOCALES
from voiceinfo.web import create_app
from voiceinfo.web.errors import SECURITY_HEADERS
from voiceinfo.web.site import export_site, file_for, page_urls


@pytest.fixture(scope="module")
def exported(tmp_path_factory, guide):
    """The real tree in every language, without audio (which `test_site_with_audio` makes)."""
    folder = tmp_path_factory.mktemp("site")
    return export_site(folder, guide, folder / "no-audio", audio=False)


def local_links(html: str) -> set[str]:
    page = BeautifulSoup(html, "html.parser")
    found = {tag.get("href") or tag.get("src") for tag in page.find_all(["a", "link", "audio"])}
    return {urlsplit(address).path for address in found if address.startswith("/")}


@pytest.mark.sweep
def test_every_page_of_every_language_is_a_file_with_the_live_bytes(exported, guide, tmp_path):
    client = create_app({"GUIDE": guide, "AUDIO": False, "AUDIO_DIR": str(tmp_path),
                         "QUESTIONS": False}).test_client()
    for url in page_urls(guide, LOCALES):
        path = file_for(exported.directory, url)
        assert path.read_bytes() == client.get(url).data, url
    assert exported.pages == sum(1 for _ in page_urls(guide, LOCALES)) + 1 + 1 + len(LOCALES) + 1


@pytest.mark.sweep
def test_a_static_page_has_no_question_form_a_live_one_has(exported, client):
    static = BeautifulSoup((exported.directory / "en" / "index.html").read_text(), "html.parser")
    live = BeautifulSoup(client.get("/en/").data, "html.parser")
    assert static.find("form") is None and not (exported.directory / "en" / "ask").exists()
    assert live.find("form", role="search")["action"] == "/en/ask/"


@pytest.mark.sweep
def test_every_link_in_the_site_leads_to_an_exported_file(exported):
    missing = set()
    for page in exported.directory.rglob("*.html"):
        for address in local_links(page.read_text()):
            if not file_for(exported.directory, address).is_file():
                missing.add((page.relative_to(exported.directory).as_posix(), address))
    assert missing == set()


@pytest.mark.sweep
def test_site_has_a_front_page_a_404_page_and_its_headers(exported):
    root = exported.directory
    assert (root / "index.html").read_bytes() == (root / "en" / "index.html").read_bytes()
    for folder in [root, *(root / lang for lang in LOCALES)]:
        assert "<h1>" in (folder / "404.html").read_text()
    assert 'lang="ar"' in (root / "ar" / "404.html").read_text()
    headers = (root / "_headers").read_text()
    assert all(f"{name}: {value}" in headers for name, value in SECURITY_HEADERS.items())
    assert (root / "static" / "style.css").is_file()


@pytest.mark.audio
def test_site_with_audio(tiny_content, run_cli, tmp_path, monkeypatch):
    """The command, on a tiny tree: every page and every audio file of every language."""
    monkeypatch.setenv("VOICEINFO_AUDIO_DIR", str(tmp_path / "audio"))
    site = tmp_path / "site"
    result = run_cli("export", "--site", str(site))
    assert result.status == 0, result.stderr
    guide = load_guide(tiny_content)
    for lang in LOCALES:
        for topic in guide.tree.topics.values():
            whole = site / "audio" / lang / "topics" / f"{topic.id}.opus"
            assert whole.read_bytes()[:4] == b"OggS"
            for segment in topic.segments:
                assert (site / "audio" / lang / "segments" / f"{segment.id}.opus").is_file()
    missing = [address for page in site.rglob("*.html")
               for address in local_links(page.read_text())
               if not file_for(site, address).is_file()]
    assert missing == []
    assert result.stdout.startswith(f"Site written to {site}")
    for lang in LOCALES:
        book = site / "books" / download_name(lang)
        assert book.read_bytes()[30:58] == b"mimetypeapplication/epub+zip"
        assert f'href="/books/{book.name}"' in (site / lang / "index.html").read_text()
    assert "/books/*\n  Content-Type: application/epub+zip" in (site / "_headers").read_text()


def test_site_refuses_a_file_in_the_way(run_cli, tmp_path):
    in_the_way = tmp_path / "file"
    in_the_way.write_text("x")
    result = run_cli("export", "--site", str(in_the_way))
    assert result.status == 1
    assert "is a file" in result.stderr and "Traceback" not in result.stderr


def test_plain_export_still_prints_json(run_cli):
    result = run_cli("export", "--lang", "de")
    assert result.status == 0 and result.stdout.startswith("{")
