"""The talking book as EPUB 3 bytes, written by ebooklib from a `BookPlan` and the MP3 of each of
its clips: XHTML content documents, the navigation document and an NCX, one Media Overlay (SMIL)
per content document with one `<par>` per heading and paragraph, and the accessibility metadata
of EPUB Accessibility 1.1.

What ebooklib does not do is done here: the NCX item, the overlays' durations, the active class,
`xml:lang` and `dir` on `<package>`, and fixed timestamps in the ZIP, so the same plan and audio
give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from datetime import datetime

from ebooklib import epub
from markupsafe import Markup, escape

from voiceinfo.audiocache import MP3_MIMETYPE, Transcoded
from voiceinfo.book.plan import BOOK_DATE, HEADING, Block, BookPlan, Document

MEDIA_TYPE = "application/epub+zip"
#: The class a reading system puts on the element being read aloud (`media:active-class`).
ACTIVE_CLASS = "-epub-media-overlay-active"
STYLESHEET = f"""\
body {{ line-height: 1.5; margin: 0 1em; }}
h1, h2 {{ line-height: 1.25; }}
p {{ margin: 0 0 1em 0; }}
a {{ text-decoration: underline; }}
/* the part being read aloud: black on bright yellow, and a frame for those who see no colour */
.{ACTIVE_CLASS} {{ background-color: #ffff00; color: #000000; outline: 2px solid #000000; }}
"""
#: EPUB Accessibility 1.1: how the book can be read, and what it offers.
ACCESS_MODES = ("textual", "auditory")
ACCESS_MODES_SUFFICIENT = ("textual", "auditory")
ACCESSIBILITY_FEATURES = ("synchronizedAudioText", "structuralNavigation", "tableOfContents",
                          "readingOrder")
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
#: The ZIP's one timestamp for every file (the earliest a ZIP can hold).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def epub_bytes(plan: BookPlan, sounds: Mapping[str, Transcoded]) -> bytes:
    """The book; `sounds` holds the MP3 of each block, by block id."""
    book = epub.EpubBook()
    book.set_identifier(plan.identifier)
    book.set_title(plan.title)
    book.set_language(plan.lang)
    book.set_direction(plan.dir)
    if plan.source:
        book.add_metadata("DC", "source", plan.source)
    style = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css",
                          content=STYLESHEET.encode())
    book.add_item(style)
    total = 0
    documents = []
    for document in plan.documents:
        clips = [(block, _millis(sounds[block.id].seconds)) for block in document.blocks]
        duration = sum(millis for _block, millis in clips)
        total += duration
        overlay = f"{document.id}-overlay"
        page = epub.EpubHtml(uid=document.id, file_name=document.file_name, title=document.title,
                             lang=plan.lang, direction=plan.dir, media_overlay=overlay)
        page.content = _body(document)
        page.add_item(style)
        book.add_item(page)
        book.add_item(epub.EpubSMIL(uid=overlay, file_name=f"{document.id}.smil",
                                    content=_smil(document, clips)))
        book.add_metadata("OPF", "meta", _clock(duration),
                          {"property": "media:duration", "refines": f"#{overlay}"})
        documents.append(page)
    for block in plan.blocks:
        book.add_item(epub.EpubItem(uid=f"audio-{_audio_stem(block)}",
                                    file_name=_audio_name(block),
                                    media_type=MP3_MIMETYPE,
                                    content=sounds[block.id].path.read_bytes()))
    book.add_metadata("OPF", "meta", _clock(total), {"property": "media:duration"})
    book.add_metadata("OPF", "meta", ACTIVE_CLASS, {"property": "media:active-class"})
    book.add_metadata("OPF", "meta", "eSpeak NG", {"property": "media:narrator"})
    _accessibility(book, plan)

    book.toc = [_toc_entry(document) for document in plan.documents]
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title=plan.contents, direction=plan.dir)
    book.add_item(nav)
    # in the spine, out of the reading order, so that the landmarks may point to it
    book.spine = [documents[0], (nav, "no"), *documents[1:]]
    book.guide = [{"type": "toc", "href": "nav.xhtml", "title": plan.contents},
                  {"type": "text", "href": plan.documents[0].file_name, "title": plan.start}]
    buffer = io.BytesIO()
    _Writer(buffer, book, {"mtime": datetime.strptime(BOOK_DATE, "%Y-%m-%dT%H:%M:%SZ"),
                           "package_direction": True, "epub3_pages": False,
                           "landmark_title": plan.landmarks, "raise_exceptions": True}).write()
    return _fixed_zip(buffer.getvalue())


def _accessibility(book: epub.EpubBook, plan: BookPlan) -> None:
    def meta(name: str, value: str) -> None:
        book.add_metadata("OPF", "meta", value, {"property": name})

    for mode in ACCESS_MODES:
        meta("schema:accessMode", mode)
    for modes in ACCESS_MODES_SUFFICIENT:
        meta("schema:accessModeSufficient", modes)
    for feature in ACCESSIBILITY_FEATURES:
        meta("schema:accessibilityFeature", feature)
    meta("schema:accessibilityHazard", "none")
    meta("schema:accessibilitySummary", plan.summary)
    meta("dcterms:conformsTo", CONFORMS_TO)


def _toc_entry(document: Document):
    link = epub.Link(document.file_name, document.title, f"toc-{document.id}")
    if not document.sections:
        return link
    return (link, [epub.Link(f"{document.file_name}#{section}", title, f"toc-{section}")
                   for section, title in document.sections])


def _body(document: Document) -> str:
    """The document's body: its heading and paragraphs, each child topic a section."""
    parts: list[Markup] = []
    open_section = False
    for block in document.blocks:
        if block.kind == HEADING:
            if block.level > 1:
                parts.append(Markup("</section>\n<section>") if open_section
                             else Markup("<section>"))
                open_section = True
            parts.append(Markup('<h{0} id="{1}">{2}</h{0}>').format(block.level, block.id,
                                                                    block.html))
        else:
            parts.append(Markup('<p id="{}">{}</p>').format(block.id, block.html))
    if open_section:
        parts.append(Markup("</section>"))
    return str(Markup("<html><body>\n{}\n</body></html>").format(Markup("\n").join(parts)))


def _smil(document: Document, clips: list[tuple[Block, int]]) -> bytes:
    pars = "\n".join(
        f'<par id="par-{block.id}"><text src="{document.file_name}#{block.id}"/>'
        f'<audio src="{escape(_audio_name(block))}" clipBegin="0s" '
        f'clipEnd="{_seconds(millis)}"/></par>'
        for block, millis in clips)
    return (f'<?xml version="1.0" encoding="utf-8"?>\n'
            f'<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" '
            f'version="3.0">\n<body>\n'
            f'<seq id="seq-{document.id}" epub:textref="{document.file_name}">\n{pars}\n</seq>\n'
            f'</body>\n</smil>\n').encode()


def _audio_stem(block: Block) -> str:
    return f"{block.id}-title" if block.kind == HEADING else block.id


def _audio_name(block: Block) -> str:
    return f"audio/{_audio_stem(block)}.mp3"


def _millis(seconds: float) -> int:
    """Whole milliseconds, rounded down: a clip never ends after its audio does."""
    return int(seconds * 1000)


def _seconds(millis: int) -> str:
    return f"{millis // 1000}.{millis % 1000:03d}s"


def _clock(millis: int) -> str:
    """A SMIL clock value, as `media:duration` takes it: 0:01:02.345."""
    seconds, millis = divmod(millis, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}.{millis:03d}"


class _Writer(epub.EpubWriter):
    """ebooklib's writer, with the book's language on `<package>` and without redeclaring the
    `rendition:` prefix, which EPUB 3 reserves."""

    def _write_opf_file(self, root) -> None:
        root.set(XML_LANG, self.book.language)
        root.attrib.pop("prefix", None)
        super()._write_opf_file(root)


def _fixed_zip(data: bytes) -> bytes:
    """The same ZIP with one timestamp and one set of attributes for every file; the MP3s are
    stored, not deflated again (they do not shrink)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_DATE)
            fixed.external_attr = 0o644 << 16
            fixed.compress_type = (zipfile.ZIP_STORED if info.filename == "mimetype"
                                   or info.filename.endswith(".mp3") else zipfile.ZIP_DEFLATED)
            target.writestr(fixed, source.read(info.filename), compresslevel=9)
    return out.getvalue()
