"""The JSON API, so other front ends (a phone line, a smart speaker) can walk the same tree:
the tree, a topic, a segment and the commands, in each language, described by OpenAPI at
`/api/openapi.json`. The tree is exactly what `voiceinfo export --lang` prints.

`navigate` is the navigator itself over HTTP (`voiceinfo.web.navigation`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from flask import Blueprint, Response, abort, jsonify, request, url_for

from voiceinfo.commands import CommandName, wordings
from voiceinfo.content import Topic
from voiceinfo.export import references_data, segment_data, topic_data, tree_data
from voiceinfo.i18n import AUTONYMS, LOCALES
from voiceinfo.questions import LONGEST_QUESTION, too_long
from voiceinfo.web.cache import cached_response
from voiceinfo.web.navigation import navigation_json, navigation_request
from voiceinfo.web.openapi import openapi_description
from voiceinfo.web.state import Site, current_site
from voiceinfo.web.views import direction, topic_url

bp = Blueprint("api", __name__, url_prefix="/api")
JSON = "application/json"


@dataclass(frozen=True)
class CommandInfo:
    """A command, the words for it in one language, and its keys in the terminal."""

    name: str
    phrases: list[str]
    keys: list[str]
    #: For language, goto and choose: each argument (a locale, a topic id, a number) and the
    #: words that name it.
    arguments: dict[str, list[str]] | None = None


def _json(build) -> Response:
    return cached_response(lambda: json.dumps(build(), ensure_ascii=False), mimetype=JSON)


@bp.get("/openapi.json")
def openapi() -> Response:
    return _json(lambda: openapi_description(current_site().guide))


@bp.get("/v1/")
def index() -> Response:
    return _json(lambda: {"locales": [
        {"code": code, "name": AUTONYMS[code], "dir": direction(code),
         "tree": url_for(".tree", lang=code)} for code in LOCALES]})


@bp.get("/v1/<lang:lang>/tree")
def tree(lang: str) -> Response:
    return _json(lambda: tree_data(current_site().guide, lang))


@bp.get("/v1/<lang:lang>/topics/<topic:topic_id>")
def topic(lang: str, topic_id: str) -> Response:
    site = current_site()
    found = site.guide.tree.topics.get(topic_id) or abort(404)
    return _json(lambda: topic_json(site, lang, found))


@bp.get("/v1/<lang:lang>/segments/<topic:segment_id>")
def segment(lang: str, segment_id: str) -> Response:
    site = current_site()
    if segment_id not in site.segments:
        abort(404)
    return _json(lambda: segment_json(site, lang, segment_id))


@bp.get("/v1/<lang:lang>/commands")
def commands(lang: str) -> Response:
    return _json(lambda: {"lang": lang, "commands": [
        asdict(command) for command in command_infos(current_site(), lang)]})


@bp.get("/v1/<lang:lang>/navigate")
def navigate(lang: str) -> Response | tuple[Response, int]:
    site = current_site()
    try:
        state, command = navigation_request(site.guide.navigator, lang, request.args)
    except ValueError as error:
        return jsonify(error={"status": 400, "message": str(error)}), 400
    navigator = site.guide.navigator
    reply = navigator.start(state) if command is None else navigator.handle(state, command)
    return jsonify(navigation_json(site, reply))


@bp.get("/v1/<lang:lang>/ask")
def ask(lang: str) -> Response | tuple[Response, int]:
    question = request.args.get("q", "").strip()
    if not question or too_long(question):
        return jsonify(error={"status": 400, "message": (
            f"give a question as q, of 1 to {LONGEST_QUESTION} characters")}), 400
    answers = current_site().guide.answers(lang).ask(question)
    return jsonify({"lang": lang, "question": question,
                    "answers": [answer.to_json() for answer in answers]})


def topic_json(site: Site, lang: str, topic: Topic) -> dict:
    tree, local = site.guide.tree, site.guide.localizer(lang)
    data = topic_data(site.guide, local, topic, recursive=False)
    for entry, segment in zip(data["segments"], topic.segments, strict=True):
        entry["audio"] = _audio(site, "audio.segment", lang, segment_id=segment.id)
    moves = site.guide.navigator.topic_moves(topic.id, lang)
    neighbours = {name: moves.get(CommandName(name)) for name in ("previous", "next")}
    return {"lang": lang, "dir": local.direction, **data,
            "parent": topic.parent,
            "path": [t.id for t in tree.path(topic.id)],
            **{name: move.to.topic if move else None for name, move in neighbours.items()},
            "page": topic_url(lang, topic.id),
            "audio": _audio(site, "audio.topic", lang, topic_id=topic.id)}


def segment_json(site: Site, lang: str, segment_id: str) -> dict:
    topic, segment, number = site.segments[segment_id]
    local = site.guide.localizer(lang)
    cited = [r for r in references_data(site.guide) if r["number"] in segment.sources]
    return {"lang": lang, "dir": local.direction, **segment_data(local, segment),
            "topic": topic.id, "number": number, "count": len(topic.segments),
            "references": cited,
            "page": url_for("pages.part", lang=lang, topic_id=topic.id, number=number),
            "audio": _audio(site, "audio.segment", lang, segment_id=segment.id)}


def command_infos(site: Site, lang: str) -> list[CommandInfo]:
    """Each command with its words, its keys, and the words for each of its arguments."""
    keys: dict[str, list[str]] = {}
    for key, command in site.guide.vocabulary(lang).keys.items():
        keys.setdefault(command.name.value, []).append(key)
    phrases: dict[str, list[str]] = {}
    arguments: dict[str, dict[str, list[str]]] = {}
    for wording in wordings(site.guide.localizer(lang)):
        name, argument = wording.command.name.value, wording.command.argument
        if argument is None:
            phrases[name] = list(wording.phrases)
        else:
            arguments.setdefault(name, {})[str(argument)] = list(wording.phrases)
    return [CommandInfo(name.value, phrases.get(name.value, []), keys.get(name.value, []),
                        arguments.get(name.value))
            for name in CommandName if name is not CommandName.NONE]


def _audio(site: Site, endpoint: str, lang: str, **args: str) -> str | None:
    return url_for(endpoint, lang=lang, **args) if site.audio else None
