"""The tree in one language as plain data: what `voiceinfo export` prints and the API serves."""

from __future__ import annotations

from voiceinfo.content import Segment, Topic
from voiceinfo.guide import Guide
from voiceinfo.i18n import Localizer


def segment_data(local: Localizer, segment: Segment) -> dict:
    return {"id": segment.id, "text": local.segment_text(segment), "sources": list(segment.sources)}


def topic_data(guide: Guide, local: Localizer, topic: Topic, recursive: bool = True) -> dict:
    children = guide.tree.children(topic.id)
    return {
        "id": topic.id,
        "title": local.title(topic),
        "segments": [segment_data(local, segment) for segment in topic.segments],
        "children": [topic_data(guide, local, child) if recursive else child.id
                     for child in children],
    }


def references_data(guide: Guide) -> list[dict]:
    return [{"number": r.number, "citation": r.citation, "doi": r.doi, "doi_url": r.doi_url}
            for r in guide.tree.references.values()]


def tree_data(guide: Guide, lang: str) -> dict:
    """The whole tree from home, with the language and the article's references."""
    local = guide.localizer(lang)
    return {"lang": lang, "dir": local.direction, **topic_data(guide, local, guide.tree.root),
            "references": references_data(guide)}
