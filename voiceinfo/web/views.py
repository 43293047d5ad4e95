"""What each page shows, as small dataclasses built from the tree: the templates only lay them
out. Text comes from the Localizer exactly as it returns it; interface words are the templates'.

Moving is the navigator's (`Navigator.moves`): this module only turns the places it names into
URLs. A part page (`/<lang>/<topic>/<n>/`) is one place, and so is a topic's end page
(`/<lang>/<topic>/end/`, its menu or its way on); a topic page, with all its parts, is the
topic taken whole (`Navigator.topic_moves`). Home always opens the home page, since home is the
greeting: the introduction, the safety message and the menu.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from babel import Locale
from flask import request, url_for

from voiceinfo.commands import CommandName
from voiceinfo.content import ROOT_TOPIC_ID, SOURCES_TOPIC_ID, Segment, Topic
from voiceinfo.i18n import AUTONYMS, LOCALES
from voiceinfo.navigator import Move, Place
from voiceinfo.questions import LONGEST_QUESTION, TOO_LONG, too_long
from voiceinfo.web.book import book_link
from voiceinfo.web.state import Site


@dataclass(frozen=True)
class Link:
    href: str
    text: str


@dataclass(frozen=True)
class LanguageLink:
    href: str
    lang: str
    #: The language's name for itself.
    name: str
    dir: str
    current: bool


@dataclass(frozen=True)
class Source:
    number: int
    href: str


@dataclass(frozen=True)
class Part:
    """One segment: its text, the references it rests on, and its audio (on its own page only:
    a topic page has one player for the whole topic, behind a disclosure, since Orca reads every
    player's dozen controls aloud; see benchmarks/screenreader_chrome.py)."""

    anchor: str
    number: int
    text: str
    sources: tuple[Source, ...]
    audio: str | None
    #: On the sources topic: the reference this part reads out, with its DOI.
    doi: str | None = None
    doi_url: str | None = None


@dataclass(frozen=True)
class MoveLink:
    """A Previous, Next, Up or Home control, and where it leads."""

    kind: str
    href: str
    title: str
    #: The part it leads to, in one-part-at-a-time mode.
    part: int | None = None
    #: Whether it leads to a topic's end page.
    end: bool = False


@dataclass(frozen=True)
class BookLink:
    """The language's talking book (EPUB) and its size, in that language's words."""

    href: str
    size: str


@dataclass(frozen=True)
class PageView:
    lang: str
    dir: str
    site_title: str
    #: The topic's title: the page's one h1.
    title: str
    #: From home down to the page above this one.
    breadcrumb: tuple[Link, ...]
    languages: tuple[LanguageLink, ...]
    parts: tuple[Part, ...]
    #: Which part, and of how many, in one-part-at-a-time mode.
    part: int | None
    count: int
    menu: tuple[Link, ...]
    moves: tuple[MoveLink, ...]
    #: The other way to read this topic: one part at a time, or all on one page.
    switch_mode: str
    topic_audio: str | None
    home: str
    #: The safety message, which opens the home page, reachable from every page.
    safety: str
    sources: Link
    #: Where the question form sends its question; None where no server can answer it.
    ask: str | None = None
    #: On the home page, once the book is built.
    book: BookLink | None = None


@dataclass(frozen=True)
class AnswerLink:
    """One answer to a question: the part it is, and its text."""

    href: str
    topic: str
    part: int
    text: str


@dataclass(frozen=True)
class Frame:
    """The frame of a page that is no place in the tree (an answers page, an error page): the
    languages, home, the safety message, the sources and the question form."""

    lang: str
    dir: str
    site_title: str
    languages: tuple[LanguageLink, ...]
    home: str
    safety: str
    sources: Link
    ask: str | None


@dataclass(frozen=True)
class AskView(Frame):
    """The answers page: the frame, the question and what answers it."""

    question: str
    answers: tuple[AnswerLink, ...]
    #: What is said when the article does not answer the question.
    doesnt_say: str
    #: Why the question was not asked at all (`voiceinfo.questions.TOO_LONG`), or None.
    too_long: str | None = None


@dataclass(frozen=True)
class ErrorView(Frame):
    """What an error page needs: the frame, and the status."""

    status: int


def direction(lang: str) -> str:
    """"rtl" or "ltr", as Babel knows the language's script."""
    return "rtl" if Locale.parse(lang).character_order == "right-to-left" else "ltr"


def topic_url(lang: str, topic_id: str) -> str:
    if topic_id == ROOT_TOPIC_ID:
        return url_for("pages.home", lang=lang)
    return url_for("pages.topic", lang=lang, topic_id=topic_id)


def part_url(lang: str, topic_id: str, number: int) -> str:
    return url_for("pages.part", lang=lang, topic_id=topic_id, number=number)


def end_url(lang: str, topic_id: str) -> str:
    return url_for("pages.end", lang=lang, topic_id=topic_id)


def language_links(lang: str, same_page: bool = True) -> tuple[LanguageLink, ...]:
    """This same page in each language, or else each language's home page."""
    args = dict(request.view_args or {})
    endpoint = request.endpoint if same_page and "lang" in args else None
    return tuple(
        LanguageLink(url_for(endpoint, **{**args, "lang": code}) if endpoint
                     else url_for("pages.home", lang=code),
                     code, AUTONYMS[code], direction(code), code == lang)
        for code in LOCALES)


def topic_page(site: Site, lang: str, topic: Topic) -> PageView:
    moves = site.guide.navigator.topic_moves(topic.id, lang)
    links = tuple(_move_link(lang, move, whole_topics=True) for move in moves.values()
                  if move.to.topic != topic.id)
    book = book_link(site, lang) if topic.id == ROOT_TOPIC_ID else None
    parts = tuple(replace(part, audio=None) for part in _parts(site, lang, topic))
    return _page(site, lang, topic, whole=True, parts=parts, part=None,
                 menu=_menu(site, lang, topic), moves=links,
                 switch_mode=part_url(lang, topic.id, 1), book=BookLink(*book) if book else None)


def part_page(site: Site, lang: str, topic: Topic, number: int) -> PageView:
    parts = _parts(site, lang, topic)
    return _page(site, lang, topic, whole=False, parts=(parts[number - 1],), part=number,
                 menu=(),
                 moves=_place_moves(site, lang, Place(topic.id, number - 1)),
                 switch_mode=f"{topic_url(lang, topic.id)}#{parts[number - 1].anchor}")


def end_page(site: Site, lang: str, topic: Topic) -> PageView:
    """A topic's end, as the navigator says it: its menu, or else the way on."""
    return _page(site, lang, topic, whole=False, parts=(), part=None,
                 menu=_menu(site, lang, topic),
                 moves=_place_moves(site, lang, site.guide.navigator.end_place(topic.id)),
                 switch_mode=topic_url(lang, topic.id))


def _menu(site: Site, lang: str, topic: Topic) -> tuple[Link, ...]:
    local = site.guide.localizer(lang)
    return tuple(Link(topic_url(lang, child.id), local.title(child))
                 for child in site.guide.tree.children(topic.id))


def _place_moves(site: Site, lang: str, place: Place) -> tuple[MoveLink, ...]:
    return tuple(_move_link(lang, move)
                 for move in site.guide.navigator.moves(place, lang).values())


def _move_link(lang: str, move: Move, whole_topics: bool = False) -> MoveLink:
    """Where a move leads, as a link: a whole topic's page, or one place's page."""
    kind, to = move.command.value, move.to
    if whole_topics or move.command is CommandName.HOME:
        return MoveLink(kind, topic_url(lang, to.topic), move.title)
    if move.to_end:
        # up always leads to a menu, and its title alone says so
        return MoveLink(kind, end_url(lang, to.topic), move.title,
                        end=move.command is not CommandName.UP)
    return MoveLink(kind, part_url(lang, to.topic, to.segment + 1), move.title, to.segment + 1)


def _page(site: Site, lang: str, topic: Topic, whole: bool, **fields) -> PageView:
    """`whole`: the page is the whole topic, so the breadcrumb ends above it."""
    local = site.guide.localizer(lang)
    tree = site.guide.tree
    above = tree.path(topic.id)[:-1] if whole else tree.path(topic.id)
    return PageView(
        lang=lang, dir=local.direction, site_title=local.title(tree.root),
        title=local.title(topic),
        breadcrumb=tuple(Link(topic_url(lang, t.id), local.title(t)) for t in above),
        languages=language_links(lang), count=len(topic.segments),
        topic_audio=url_for("audio.topic", lang=lang, topic_id=topic.id) if site.audio else None,
        home=topic_url(lang, ROOT_TOPIC_ID),
        safety=_safety_url(site, lang),
        sources=_sources_link(site, lang), ask=_ask_url(site, lang), **fields)


def _frame(site: Site, lang: str) -> dict:
    """The fields of a `Frame` in `lang`; its language links lead to each language's home."""
    local = site.guide.localizer(lang)
    return dict(lang=lang, dir=local.direction, site_title=local.title(site.guide.tree.root),
                languages=language_links(lang, same_page=False),
                home=topic_url(lang, ROOT_TOPIC_ID), safety=_safety_url(site, lang),
                sources=_sources_link(site, lang), ask=_ask_url(site, lang))


def error_page(site: Site, lang: str, status: int) -> ErrorView:
    return ErrorView(**_frame(site, lang), status=status)


def ask_page(site: Site, lang: str, question: str) -> AskView:
    local = site.guide.localizer(lang)
    if too_long(question):  # said before any ranking, and neither shown again nor kept
        return AskView(**_frame(site, lang), question="", answers=(),
                       doesnt_say=site.guide.navigator.doesnt_say(lang),
                       too_long=local.gettext(TOO_LONG, most=LONGEST_QUESTION))
    answers = site.guide.answers(lang).ask(question) if question else []
    tree = site.guide.tree
    return AskView(
        **_frame(site, lang), question=question,
        answers=tuple(AnswerLink(part_url(lang, a.topic, a.part + 1),
                                 local.title(tree.topics[a.topic]), a.part + 1, a.text)
                      for a in answers),
        doesnt_say=site.guide.navigator.doesnt_say(lang))


def _ask_url(site: Site, lang: str) -> str | None:
    return url_for("pages.ask", lang=lang) if site.questions else None


def _safety_url(site: Site, lang: str) -> str:
    return f"{topic_url(lang, ROOT_TOPIC_ID)}#{site.guide.tree.root.segments[-1].id}"


def _sources_link(site: Site, lang: str) -> Link:
    topic = site.guide.tree.topics[SOURCES_TOPIC_ID]
    return Link(topic_url(lang, topic.id), site.guide.localizer(lang).title(topic))


def _parts(site: Site, lang: str, topic: Topic) -> tuple[Part, ...]:
    return tuple(_part(site, lang, segment, number)
                 for number, segment in enumerate(topic.segments, start=1))


def _part(site: Site, lang: str, segment: Segment, number: int) -> Part:
    local = site.guide.localizer(lang)
    sources_page = topic_url(lang, SOURCES_TOPIC_ID)
    reference = site.guide.tree.references.get(segment.reference) if segment.reference else None
    return Part(
        anchor=reference_anchor(reference.number) if reference else segment.id,
        number=number,
        text=local.segment_text(segment),
        sources=() if reference else tuple(
            Source(n, f"{sources_page}#{reference_anchor(n)}") for n in segment.sources),
        audio=url_for("audio.segment", lang=lang, segment_id=segment.id) if site.audio else None,
        doi=reference.doi if reference else None,
        doi_url=reference.doi_url if reference else None,
    )


def reference_anchor(number: int) -> str:
    return f"ref-{number}"
