"""The OpenAPI 3.1 description of the JSON API, made from the tree so that its lists of
languages, topics and segments are always the real ones."""

from __future__ import annotations

from voiceinfo import __version__
from voiceinfo.answers import MOST_ANSWERS
from voiceinfo.commands import CommandName
from voiceinfo.guide import Guide
from voiceinfo.i18n import LOCALES
from voiceinfo.navigator import MOVE_COMMANDS
from voiceinfo.pace import FASTEST_WORDS_A_MINUTE, SLOWEST_WORDS_A_MINUTE
from voiceinfo.questions import LONGEST_QUESTION
from voiceinfo.web.navigation import MOST_MISSES, place_texts


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema_type: str) -> dict:
    return {"type": [schema_type, "null"]}


def _get(summary: str, schema: str, parameters: list[str], description: str = "") -> dict:
    responses = {"200": {"description": "OK",
                         "content": {"application/json": {"schema": _ref(schema)}}}}
    if parameters:
        responses["404"] = {"description": "No such language, topic or segment",
                            "content": {"application/json": {"schema": _ref("Error")}}}
    return {"get": {
        "summary": summary, "description": description or summary,
        "operationId": summary.lower().replace(" ", "_").replace(",", ""),
        "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in parameters],
        "responses": responses}}


def _schemas() -> dict:
    text = {"type": "string"}
    text_list = {"type": "array", "items": text}
    segment = {"type": "object", "required": ["id", "text", "sources"], "properties": {
        "id": text, "text": text,
        "sources": {"type": "array", "items": {"type": "integer", "minimum": 1}},
        "audio": _nullable("string")}}
    tree_topic = {"type": "object", "required": ["id", "title", "segments", "children"],
                  "properties": {"id": text, "title": text,
                                 "segments": {"type": "array", "items": _ref("Segment")},
                                 "children": {"type": "array", "items": _ref("TreeTopic")}}}
    reference = {"type": "object", "required": ["number", "citation", "doi", "doi_url"],
                 "properties": {"number": {"type": "integer"}, "citation": text,
                                "doi": _nullable("string"), "doi_url": _nullable("string")}}
    place = {"lang": {"enum": list(LOCALES)}, "dir": {"enum": ["ltr", "rtl"]}}
    return {
        "Segment": segment,
        "TreeTopic": tree_topic,
        "Reference": reference,
        "Tree": {"allOf": [_ref("TreeTopic"), {
            "type": "object", "required": ["lang", "dir", "references"],
            "properties": {**place,
                           "references": {"type": "array", "items": _ref("Reference")}}}]},
        "Topic": {"type": "object",
                  "required": ["lang", "dir", "id", "title", "segments", "children", "parent",
                               "path", "previous", "next", "page", "audio"],
                  "properties": {**place, "id": text, "title": text,
                                 "segments": {"type": "array", "items": _ref("Segment")},
                                 "children": text_list, "parent": _nullable("string"),
                                 "path": text_list, "previous": _nullable("string"),
                                 "next": _nullable("string"), "page": text,
                                 "audio": _nullable("string")}},
        "SegmentDetail": {"allOf": [_ref("Segment"), {
            "type": "object",
            "required": ["lang", "dir", "topic", "number", "count", "references", "page"],
            "properties": {**place, "topic": text, "number": {"type": "integer", "minimum": 1},
                           "count": {"type": "integer", "minimum": 1},
                           "references": {"type": "array", "items": _ref("Reference")},
                           "page": text}}]},
        "Commands": {"type": "object", "required": ["lang", "commands"], "properties": {
            "lang": {"enum": list(LOCALES)},
            "commands": {"type": "array", "items": {
                "type": "object", "required": ["name", "phrases", "keys", "arguments"],
                "properties": {
                    "name": text, "phrases": text_list, "keys": text_list,
                    "arguments": {"type": ["object", "null"],
                                  "additionalProperties": text_list}}}}}},
        "Locales": {"type": "object", "required": ["locales"], "properties": {
            "locales": {"type": "array", "items": {
                "type": "object", "required": ["code", "name", "dir", "tree"],
                "properties": {"code": {"enum": list(LOCALES)}, "name": text,
                               "dir": {"enum": ["ltr", "rtl"]}, "tree": text}}}}},
        "Navigation": {
            "type": "object",
            "required": ["lang", "at", "said", "finished", "rate", "misses", "moves"],
            "properties": {
                "lang": {"enum": list(LOCALES)}, "at": text, "said": text_list,
                "finished": {"type": "boolean"},
                "rate": {"type": "integer", "minimum": SLOWEST_WORDS_A_MINUTE,
                         "maximum": FASTEST_WORDS_A_MINUTE},
                "misses": {"type": "integer", "minimum": 0},
                "moves": {"type": "object", "required": [c.value for c in MOVE_COMMANDS],
                          "properties": {c.value: {"oneOf": [_ref("Move"), {"type": "null"}]}
                                         for c in MOVE_COMMANDS}}}},
        "Answers": {"type": "object", "required": ["lang", "question", "answers"], "properties": {
            "lang": {"enum": list(LOCALES)}, "question": text,
            "answers": {"type": "array", "maxItems": MOST_ANSWERS, "items": {
                "type": "object", "required": ["topic", "segment", "text", "score"],
                "properties": {"topic": text, "segment": text, "text": text,
                               "score": {"type": "number"}}}}}},
        "Move": {"type": "object", "required": ["at", "title"],
                 "properties": {"at": text, "title": text}},
        "Error": {"type": "object", "required": ["error"], "properties": {
            "error": {"type": "object", "required": ["status", "message"], "properties": {
                "status": {"type": "integer"}, "message": text}}}},
    }


def _navigate(guide: Guide) -> dict:
    operation = _get("Navigate", "Navigation", ["lang"], (
        "The navigator, stateless: what the spoken loop says for `command` at the place `at`, "
        "the new place and the moves from there. Without `at` and `command` it starts at home "
        "with the greeting, as the loop does; with a command and no `at`, it is at home after "
        "the greeting; with `at` and no command, it reads that place again (`repeat`). Pass "
        "`at`, `lang`, `rate` and `misses` back unchanged on the next call. `slower` and "
        "`faster` return the new `rate` for the client to apply; `none` is what the client did "
        "not understand, and `choose` with no number is taken the same way."))
    operation["get"]["responses"]["400"] = {
        "description": "A place, command or argument that cannot be read",
        "content": {"application/json": {"schema": _ref("Error")}}}

    def query(name: str, schema: dict, description: str) -> dict:
        return {"name": name, "in": "query", "required": False, "description": description,
                "schema": schema}

    operation["get"]["parameters"] += [
        query("at", {"enum": list(place_texts(guide.navigator))},
              "Where the person is: `<topic>/<part>` or `<topic>/end`, as given back."),
        query("command", {"enum": [c.value for c in CommandName]}, "The command."),
        query("argument", {"type": "string"},
              "A language code for `language`, a topic id for `goto`, a number for `choose`, "
              f"the question for `ask` (at most {LONGEST_QUESTION} characters)."),
        query("rate", {"type": "integer", "minimum": SLOWEST_WORDS_A_MINUTE,
                       "maximum": FASTEST_WORDS_A_MINUTE}, "Words a minute."),
        query("misses", {"type": "integer", "minimum": 0, "maximum": MOST_MISSES},
              "Commands not understood in a row, as given back."),
    ]
    return operation


def _ask() -> dict:
    operation = _get("Ask", "Answers", ["lang"], (
        "A question in the person's own words, answered from the guide: at most "
        f"{MOST_ANSWERS} parts, best first, each a place to carry on from; none when the "
        "article does not answer it."))
    operation["get"]["responses"]["400"] = {
        "description": "No question, or one too long",
        "content": {"application/json": {"schema": _ref("Error")}}}
    operation["get"]["parameters"].append({
        "name": "q", "in": "query", "required": True, "description": "The question.",
        "schema": {"type": "string", "minLength": 1, "maxLength": LONGEST_QUESTION}})
    return operation


def openapi_description(guide: Guide) -> dict:
    tree = guide.tree
    segment_ids = [segment.id for _, segment in tree.segments()]

    def parameter(name: str, values: list[str], description: str) -> dict:
        return {"name": name, "in": "path", "required": True, "description": description,
                "schema": {"type": "string", "enum": values}}

    return {
        "openapi": "3.1.0",
        "info": {"title": "voiceinfo", "version": __version__, "description": (
            "The article 'How Acupuncture Is Helpful for MS' as a tree of short spoken "
            "segments, in five languages, for front ends that walk it by voice or keys.")},
        "paths": {
            "/api/v1/": _get("List languages", "Locales", []),
            "/api/v1/{lang}/tree": _get(
                "Get tree", "Tree", ["lang"],
                "The whole tree from home, as `voiceinfo export --lang` prints it."),
            "/api/v1/{lang}/topics/{topic_id}": _get(
                "Get topic", "Topic", ["lang", "topic_id"],
                "One topic: its segments, the ids of its children, and where it sits."),
            "/api/v1/{lang}/segments/{segment_id}": _get(
                "Get segment", "SegmentDetail", ["lang", "segment_id"],
                "One segment, with the references it rests on."),
            "/api/v1/{lang}/commands": _get(
                "Get commands", "Commands", ["lang"],
                "The commands and the words for them in this language."),
            "/api/v1/{lang}/navigate": _navigate(guide),
            "/api/v1/{lang}/ask": _ask(),
        },
        "components": {
            "parameters": {
                "lang": parameter("lang", list(LOCALES), "A language code."),
                "topic_id": parameter("topic_id", list(tree.reading_order), "A topic id."),
                "segment_id": parameter("segment_id", segment_ids, "A segment id."),
            },
            "schemas": _schemas(),
        },
    }
