"""The talking book's plan (pure, no audio): every segment once, in every language, the safety
message first, and the book's key following what it says."""

from __future__ import annotations

import pytest

from voiceinfo.book.epub import _clock, _seconds
from voiceinfo.book.plan import HEADING, PARAGRAPH, book_plan
from voiceinfo.i18n import LOCALES


@pytest.mark.parametrize("lang", LOCALES)
def test_every_segment_and_topic_is_in_the_book_once_with_its_own_clip(guide, lang):
    plan = book_plan(guide, lang)
    paragraphs = [block.id for block in plan.blocks if block.kind == PARAGRAPH]
    headings = [block.id for block in plan.blocks if block.kind == HEADING]
    segments = [segment.id for _topic, segment in guide.tree.segments()]
    assert sorted(paragraphs) == sorted([*segments, "credit"])
    assert sorted(headings) == sorted(guide.tree.topics)
    assert all(block.clip.lang == lang and block.clip.pieces for block in plan.blocks)
    assert len({block.id for block in plan.blocks}) == len(plan.blocks)


def test_one_document_a_top_level_topic_after_the_title_page_which_opens_with_safety(guide):
    plan = book_plan(guide, "es")
    top = [topic.id for topic in guide.tree.children("home")]
    assert [document.id for document in plan.documents] == ["home", *top]
    first = plan.documents[0].blocks
    assert (first[0].kind, first[1].id) == (HEADING, guide.tree.root.segments[-1].id)


@pytest.mark.parametrize("lang, direction", [("en", "ltr"), ("ar", "rtl")])
def test_direction_and_title_follow_the_language(guide, lang, direction):
    plan = book_plan(guide, lang)
    assert plan.dir == direction
    assert plan.title == guide.localizer(lang).title(guide.tree.root)


def test_references_link_to_the_paragraph_that_reads_them(guide):
    plan = book_plan(guide, "fr")
    block = next(block for block in plan.blocks if block.id == "fatigue-1")
    assert 'href="sources.xhtml#sources-ref-2"' in block.html
    assert "Source 2" in block.html


def test_the_credit_names_the_article_its_author_and_publisher(guide):
    credit = next(b for b in book_plan(guide, "de").blocks if b.id == "credit")
    article = guide.tree.article
    for part in (article.title, article.author, article.publisher):
        assert part in credit.html and part in credit.clip.pieces[0]
    assert '<cite lang="en" dir="ltr">' in credit.html


def test_the_key_is_stable_and_changes_with_the_words(guide):
    assert book_plan(guide, "es").key == book_plan(guide, "es").key
    assert book_plan(guide, "es").key != book_plan(guide, "fr").key
    assert book_plan(guide, "es").key != book_plan(guide, "es", rate=200).key


@pytest.mark.parametrize("millis, clock, seconds", [
    (0, "0:00:00.000", "0.000s"),
    (1234, "0:00:01.234", "1.234s"),
    (3_723_004, "1:02:03.004", "3723.004s"),
])
def test_clock_values(millis, clock, seconds):
    assert (_clock(millis), _seconds(millis)) == (clock, seconds)
