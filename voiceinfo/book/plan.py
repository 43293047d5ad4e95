"""What the talking book holds in one language, before any audio is made: its documents (one a
top-level topic, after a title page), their headings and paragraphs, each with its element id,
its text as XHTML, and the clip of speech that reads it out. Pure: no files, no audio.

The title page opens with the safety message, as the spoken greeting does.
Every heading and paragraph has a clip, so the whole book can be listened to; each segment is
one paragraph, with its references as links to the paragraph that reads that reference out.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from markupsafe import Markup, escape

from voiceinfo.audiocache import Clip, segment_clip
from voiceinfo.content import ROOT_TOPIC_ID, Segment, Topic
from voiceinfo.guide import Guide
from voiceinfo.i18n import _
from voiceinfo.pace import DEFAULT_WORDS_A_MINUTE

#: Part of every book's key: change it whenever the builder writes different bytes.
BOOK_FORMAT = "epub3-mo-1"
#: `dcterms:modified` of every book, so the same content gives the same bytes; a new edition
#: of the guide moves it on.
BOOK_DATE = "2026-12-02T00:00:00Z"
#: A stable namespace for each language's book identifier (`urn:uuid:`).
BOOK_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://voiceinfo.invalid/talking-book")
#: A block's kind; a heading's clip reads the topic's title, as the spoken loop does.
HEADING, PARAGRAPH = "heading", "paragraph"

CREDIT = _("This guide retells the article “%(title)s” by %(author)s, "
           "published by %(publisher)s.")
SUMMARY = _("The whole guide as text, with a computer voice (eSpeak NG) reading every heading "
            "and paragraph in time with the text, which is highlighted as it is read. Headings, "
            "a table of contents and landmarks let you move through it. Nothing flashes or "
            "moves.")
CONTENTS = _("Contents")
LANDMARKS = _("Landmarks")
START = _("Start of the guide")
# the web page's own words for these (templates/part_body.html), so not marked again here
SOURCE_LINK = "Source %(number)s"
CUT_DOI = "DOI: %(doi)s (cut short in the article, so it cannot be followed)"


@dataclass(frozen=True)
class Block:
    """A heading or a paragraph: what the Media Overlay's `<par>` points to and reads out."""

    id: str
    kind: str
    #: The heading's level (1 or 2); 0 for a paragraph.
    level: int
    html: Markup
    clip: Clip


@dataclass(frozen=True)
class Document:
    """One XHTML content document: a top-level topic with its children, or the title page."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    #: The children's headings, for the table of contents: (id, title).
    sections: tuple[tuple[str, str], ...] = ()

    @property
    def file_name(self) -> str:
        return f"{self.id}.xhtml"


@dataclass(frozen=True)
class BookPlan:
    lang: str
    dir: str
    title: str
    identifier: str
    #: The article, credited as the source (`dc:source`): author, title and publisher.
    source: str | None
    summary: str
    contents: str
    landmarks: str
    start: str
    documents: tuple[Document, ...]

    @property
    def key(self) -> str:
        """A hash of everything the book says and hears: the same key, the same bytes."""
        text = "\x1f".join((BOOK_FORMAT, BOOK_DATE, repr(self)))
        return hashlib.sha256(text.encode()).hexdigest()[:24]

    @property
    def blocks(self) -> tuple[Block, ...]:
        return tuple(block for document in self.documents for block in document.blocks)


def book_plan(guide: Guide, lang: str, rate: int = DEFAULT_WORDS_A_MINUTE) -> BookPlan:
    local = guide.localizer(lang)
    tree = guide.tree
    links = {segment.reference: segment.id for _topic, segment in tree.segments()
             if segment.reference is not None}
    sources_file = next((f"{topic.id}.xhtml" for topic, segment in tree.segments()
                         if segment.reference is not None), "")
    builder = _Builder(guide, lang, rate, {n: f"{sources_file}#{id_}" for n, id_ in links.items()})
    documents = [builder.title_page()]
    documents += [builder.topic_document(topic) for topic in tree.children(ROOT_TOPIC_ID)]
    article = tree.article
    return BookPlan(
        lang=lang, dir=local.direction, title=local.title(tree.root),
        identifier=f"urn:uuid:{uuid.uuid5(BOOK_NAMESPACE, lang)}",
        source=(f"{article.author}, “{article.title}”, {article.publisher}" if article else None),
        summary=local.gettext(SUMMARY), contents=local.gettext(CONTENTS),
        landmarks=local.gettext(LANDMARKS), start=local.gettext(START),
        documents=tuple(documents))


class _Builder:
    def __init__(self, guide: Guide, lang: str, rate: int, reference_hrefs: dict[int, str]):
        self.guide, self.lang, self.rate = guide, lang, rate
        self.local = guide.localizer(lang)
        self.reference_hrefs = reference_hrefs

    def title_page(self) -> Document:
        """The book's title, the safety message (home's last segment), then the rest of home
        and the credit to the article."""
        root = self.guide.tree.root
        segments = (root.segments[-1], *root.segments[:-1])
        blocks = [self.heading(root, 1), *(self.paragraph(s) for s in segments)]
        if self.guide.tree.article:
            blocks.append(self.credit())
        return Document(root.id, self.local.title(root), tuple(blocks))

    def topic_document(self, topic: Topic) -> Document:
        blocks = [self.heading(topic, 1), *(self.paragraph(s) for s in topic.segments)]
        children = self.guide.tree.children(topic.id)
        for child in children:
            blocks += [self.heading(child, 2), *(self.paragraph(s) for s in child.segments)]
        return Document(topic.id, self.local.title(topic), tuple(blocks),
                        tuple((child.id, self.local.title(child)) for child in children))

    def heading(self, topic: Topic, level: int) -> Block:
        title = self.local.title(topic)
        return Block(topic.id, HEADING, level, escape(title),
                     Clip(self.lang, (title,), self.rate))

    def paragraph(self, segment: Segment) -> Block:
        text = escape(self.local.segment_text(segment))
        reference = self.guide.tree.references.get(segment.reference) if segment.reference else None
        if reference and reference.doi_url:
            extra = Markup(' DOI: <a href="{}">{}</a>').format(reference.doi_url, reference.doi)
        elif reference and reference.doi:
            extra = Markup(" ") + self.local.gettext(CUT_DOI, doi=reference.doi)
        else:
            extra = Markup("").join(
                Markup(' <a href="{}">{}</a>').format(self.reference_hrefs[number],
                                                      self.local.gettext(SOURCE_LINK, number=number))
                for number in segment.sources if number in self.reference_hrefs)
        return Block(segment.id, PARAGRAPH, 0, text + extra,
                     segment_clip(self.guide, self.lang, segment, self.rate))

    def credit(self) -> Block:
        article = self.guide.tree.article
        template = self.local.gettext(CREDIT)
        spoken = template % {"title": article.title, "author": article.author,
                             "publisher": article.publisher}
        html = escape(template) % {
            "title": Markup('<cite lang="en" dir="ltr">{}</cite>').format(article.title),
            "author": article.author, "publisher": article.publisher}
        return Block("credit", PARAGRAPH, 0, html, Clip(self.lang, (spoken,), self.rate))
