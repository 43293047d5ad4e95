"""The HTML pages: home, each topic with all its parts, one part at a time, each topic's end
(its menu, or the way on), where one part at a time leads after the last part, and the answers
to a question asked in the form that every page carries.

`/` sends a person to the home page in the language their browser asks for (Babel's
`negotiate_locale`); every other URL names its language, so pages can be cached anywhere.
"""

from __future__ import annotations

from babel import negotiate_locale
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from voiceinfo.content import ROOT_TOPIC_ID
from voiceinfo.i18n import LOCALES, SOURCE_LOCALE
from voiceinfo.web.cache import cached_response
from voiceinfo.web.state import current_site
from voiceinfo.web.views import ask_page, end_page, part_page, topic_page

bp = Blueprint("pages", __name__)


def negotiated_lang() -> str:
    """The first of the browser's languages that we have, else English."""
    wanted = [value.replace("_", "-") for value, quality in request.accept_languages
              if quality > 0 and value != "*"]
    try:
        found = negotiate_locale(wanted, LOCALES, sep="-") or SOURCE_LOCALE
    except ValueError:  # a header Babel cannot read is a header we ignore
        return SOURCE_LOCALE
    # Babel answers in the browser's spelling ("FR"); the URL needs ours ("fr")
    return {code.lower(): code for code in LOCALES}.get(found.lower(), SOURCE_LOCALE)


@bp.get("/")
def index() -> Response:
    response = redirect(url_for(".home", lang=negotiated_lang()), code=302)
    response.vary.add("Accept-Language")
    return response


@bp.get("/<lang:lang>/")
def home(lang: str) -> Response:
    site = current_site()
    return cached_response(lambda: render_template(
        "topic.html", page=topic_page(site, lang, site.guide.tree.root)))


@bp.get("/<lang:lang>/ask/")
def ask(lang: str) -> str:
    """The answers to the question form's question; not cached, since any words may come."""
    site = current_site()
    if not site.questions:
        abort(404)
    question = request.args.get("q", "").strip()
    return render_template("ask.html", page=ask_page(site, lang, question))


@bp.get("/<lang:lang>/<topic:topic_id>/")
def topic(lang: str, topic_id: str) -> Response:
    site = current_site()
    if topic_id == ROOT_TOPIC_ID:
        return redirect(url_for(".home", lang=lang), code=308)
    found = site.guide.tree.topics.get(topic_id) or abort(404)
    return cached_response(lambda: render_template(
        "topic.html", page=topic_page(site, lang, found)))


@bp.get("/<lang:lang>/<topic:topic_id>/<int:number>/")
def part(lang: str, topic_id: str, number: int) -> Response:
    site = current_site()
    found = site.guide.tree.topics.get(topic_id) or abort(404)
    if not 1 <= number <= len(found.segments):
        abort(404)
    return cached_response(lambda: render_template(
        "part.html", page=part_page(site, lang, found, number)))


@bp.get("/<lang:lang>/<topic:topic_id>/end/")
def end(lang: str, topic_id: str) -> Response:
    site = current_site()
    found = site.guide.tree.topics.get(topic_id) or abort(404)
    return cached_response(lambda: render_template("end.html", page=end_page(site, lang, found)))
