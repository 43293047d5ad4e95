"""The topic tree: loading, the fixed ids, the article's figures in their topics, validation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from voiceinfo.check import content_problems
from voiceinfo.content import (
    FIXED_TOPIC_IDS, MAX_SEGMENT_WORDS, ContentError, content_dir, count_words, load_tree,
    validate,
)
from voiceinfo.guide import load_guide


def test_every_fixed_topic_is_in_the_tree(guide):
    assert set(FIXED_TOPIC_IDS) <= set(guide.tree.topics)
    assert guide.tree.reading_order[0] == "home"
    assert set(guide.tree.reading_order) == set(guide.tree.topics)


def test_the_tree_has_the_shape_of_the_brief(guide):
    tree = guide.tree
    assert tree.root.children == ("key-facts", "about-ms", "about-acupuncture", "evidence",
                                  "safety", "questions", "sources")
    assert tree.topics["evidence"].children == (
        "fatigue", "pain", "walking", "spasticity", "mental-health", "bladder")
    assert tree.topics["safety"].children == ("immune-system", "risks", "who-should-avoid")
    assert [t.id for t in tree.path("fatigue")] == ["home", "evidence", "fatigue"]


def test_the_shipped_content_is_valid(guide):
    assert content_problems(guide) == []


def test_home_opens_with_the_safety_message(guide):
    english = guide.localizer("en")
    home = [english.segment_text(s) for s in guide.tree.root.segments]
    assert any("complementary" in text and "healthcare provider" in text for text in home)


@pytest.mark.parametrize("topic_id, figure", [
    ("about-ms", "2.8 million"),
    ("what-is-acupuncture", "400"),
    ("what-is-acupuncture", "4 to 12"),
    ("treatment-course", "6 to 10"),
    ("fatigue", "14"),
    ("fatigue", "20"),
    ("fatigue", "8"),
    ("fatigue", "12"),
    ("pain", "31"),
    ("pain", "3 months"),
    ("pain", "6 months"),
    ("walking", "2017"),
    ("walking", "20 people"),
    ("walking", "95%"),
    ("walking", "45%"),
    ("walking", "25 feet"),
    ("spasticity", "65"),
    ("spasticity", "1 of the 4"),
    ("mental-health", "2020"),
    ("mental-health", "60"),
    ("bladder", "41"),
    ("risks", "216"),
    ("risks", "20 years"),
    ("sources", "10"),
])
def test_each_figure_of_the_article_sits_in_its_topic(guide, topic_id, figure):
    english = guide.localizer("en")
    text = " ".join(english.segment_text(s) for s in guide.tree.topics[topic_id].segments)
    assert figure in text


def test_segments_are_short_and_name_their_references(guide):
    english = guide.localizer("en")
    for topic, segment in guide.tree.segments():
        assert set(segment.sources) <= set(range(1, 11))
        # only a sentence about the guide itself (home's introduction) rests on no reference
        assert bool(segment.sources) != segment.about_guide, segment.id
        if topic.id != "sources":
            assert count_words(english.segment_text(segment)) <= MAX_SEGMENT_WORDS


def test_the_sources_topic_reads_every_reference(guide):
    references = [s.reference for s in guide.tree.topics["sources"].segments if s.reference]
    assert references == list(range(1, 11))


def test_the_truncated_doi_is_kept_as_given_and_never_linked(guide):
    ninth = guide.tree.references[9]
    assert ninth.doi == "10.1016/"
    assert ninth.doi_url is None
    assert guide.tree.references[8].doi_url == "https://doi.org/10.1089/acm.2016.0355"


def test_no_segment_claims_acupuncture_treats_ms(guide):
    english = guide.localizer("en")
    for _, segment in guide.tree.segments():
        text = english.segment_text(segment).lower()
        assert "cures ms" not in text and "treats ms" not in text


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(content_dir(), copy)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("old, new, problem", [
    ('id = "fatigue"\n', 'id = "tiredness"\n', "topic 'fatigue' is missing"),
    ('sources = [7]', 'sources = [11]', "references that do not exist: [11]"),
    ('sources = [7]', 'sources = []', "names no reference"),
    ('sources = []\nabout_guide = true', 'sources = [1]\nabout_guide = true',
     "is about the guide, so it names no reference"),
    ('%(serious_complications)s serious', '%(serious_complicatons)s serious',
     "unknown figures: serious_complicatons"),
    ('%(serious_complications)s serious', '216 serious', "number outside a figure"),
    ('text = "Sessions are usually once or twice a week."',
     'text = "' + "word " * 31 + '"', "31 words"),
    ('parent = "evidence"', 'parent = "home"', "has 8 children"),
    ('id = "fatigue-2"', 'id = "fatigue-1"', "segment id 'fatigue-1' is used twice"),
])
def test_validation_names_the_fault(content_copy, old, new, problem):
    edit(content_copy / "topics.toml", old, new)
    problems = validate(load_tree(content_copy))
    assert any(problem in p for p in problems), problems


@pytest.mark.parametrize("file_name, old, new, message", [
    ("topics.toml", '[[topics]]\nid = "home"', '[[topics]\nid = "home"', "cannot be read"),
    ("topics.toml", 'id = "fatigue"\nparent = "evidence"', 'id = "fatigue"\nparent = "nowhere"',
     "unknown parent 'nowhere'"),
    ("sources.toml", "number = 1\n", "", "malformed"),
])
def test_broken_files_raise_a_clear_error(content_copy, file_name, old, new, message):
    edit(content_copy / file_name, old, new)
    with pytest.raises(ContentError, match=message):
        load_guide(content_copy)


def test_a_missing_file_is_named(content_copy):
    (content_copy / "sources.toml").unlink()
    with pytest.raises(ContentError, match="sources.toml is missing"):
        load_tree(content_copy)
