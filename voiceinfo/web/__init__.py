"""The web front end: plain, accessible pages, a JSON API and spoken audio, in every language.

`create_app()` is the Flask application factory that gunicorn runs (see the Procfile). It is
stateless: the language and the place live in the URL, no cookies are set, and what is kept
in memory (pages rendered from content that never changes while the process runs) is the same
in every process, so any number of instances can run behind a load balancer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, g, request
from flask_babel import Babel
from jinja2 import BytecodeCache
from werkzeug.routing import BaseConverter

from voiceinfo.audiocache import AudioCache
from voiceinfo.environment import Environment
from voiceinfo.guide import load_guide
from voiceinfo.i18n import DOMAIN, LOCALES, SOURCE_LOCALE
from voiceinfo.navigator import bare
from voiceinfo.pace import DEFAULT_WORDS_A_MINUTE
from voiceinfo.questions import LONGEST_QUESTION
from voiceinfo.web.cache import ResponseCache
from voiceinfo.web.state import Site


class LangConverter(BaseConverter):
    """Only the five languages match; any other code is simply a page that does not exist."""

    regex = "|".join(LOCALES)


class TopicConverter(BaseConverter):
    """The shape of a topic id; whether the topic exists is the view's question."""

    regex = "[a-z][a-z0-9-]{0,63}"


class CompiledTemplates(BytecodeCache):
    """Each template compiled once in a process, not once for each app made in it (the tests
    make one for each test); a template whose source changed is compiled again, as Jinja checks
    the source's checksum against what is kept."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


def select_locale() -> str:
    """Flask-Babel's locale: the URL's language, or the one an error page chose."""
    return g.get("lang") or (request.view_args or {}).get("lang") or SOURCE_LOCALE


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.jinja_options = {**app.jinja_options, "bytecode_cache": COMPILED_TEMPLATES}
    env = Environment()
    app.config.from_mapping(
        AUDIO=True,
        AUDIO_DIR=str(env.audio_dir),
        AUDIO_RATE=DEFAULT_WORDS_A_MINUTE,
        # the question form on every page; a static copy has no server to answer it
        QUESTIONS=True,
        BABEL_TRANSLATION_DIRECTORIES=str(env.locales_dir),
        BABEL_DOMAIN=DOMAIN,
        BABEL_DEFAULT_LOCALE=SOURCE_LOCALE,
        SEND_FILE_MAX_AGE_DEFAULT=86400,
        # nothing here takes a request body
        MAX_CONTENT_LENGTH=16 * 1024,
    )
    app.config.from_mapping(env.web_settings())
    if test_config:
        app.config.from_mapping(test_config)

    guide = app.config.get("GUIDE") or load_guide(env.content_dir, env.locales_dir, env.ranking, env.embeddings_dir)
    app.extensions["voiceinfo"] = Site(guide, AudioCache(app.config["AUDIO_DIR"]),
                                       audio=bool(app.config["AUDIO"]),
                                       rate=int(app.config["AUDIO_RATE"]),
                                       questions=bool(app.config["QUESTIONS"]))
    app.url_map.converters.update(lang=LangConverter, topic=TopicConverter)
    app.wsgi_app = ResponseCache(app.wsgi_app)
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    # a title inside a sentence ("Is it safe?, part 2") loses its question mark, as when spoken
    app.jinja_env.filters["bare"] = bare
    # the question form's own limit, the same as every door's
    app.jinja_env.globals["longest_question"] = LONGEST_QUESTION
    # in the stylesheet's URL, so that browsers may keep it a day and still get a new one at once
    stylesheet = Path(app.static_folder or "") / "style.css"
    app.jinja_env.globals["style_version"] = hashlib.sha256(stylesheet.read_bytes()).hexdigest()[:8]
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    Babel().init_app(app, locale_selector=select_locale)

    from voiceinfo.web import api, audio, book, errors, pages
    for module in (pages, api, audio, book, errors):
        app.register_blueprint(module.bp)
    return app
