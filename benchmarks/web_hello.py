"""The baseline of `web_throughput.py`: a bare Flask "hello world", run by gunicorn with the
Procfile's settings, so the topic page's throughput can be read as a fraction of Flask's own.

    gunicorn ... "benchmarks.web_hello:create_app()"
"""

from __future__ import annotations

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def hello() -> str:
        return "Hello, World!"

    return app
