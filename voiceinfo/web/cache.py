"""Pages kept once rendered. The content cannot change while a process runs, so a page is the
same for everyone: it is rendered once, and then answered from memory, by `ResponseCache`
before Flask even routes the request, which makes a topic page as cheap as a "hello world".
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import Response, current_app, request, url_for

from voiceinfo.web.state import Rendered, current_site

#: Browsers and proxies may reuse a page this long (seconds) before asking again with its ETag.
PAGE_MAX_AGE = 300
#: Set by `cached_response` to the page's one true path, so that only that path is kept (and
#: "/en/fatigue/01/" and its like cannot fill memory).
CANONICAL = "voiceinfo.canonical_path"


def cached_response(render: Callable[[], str | bytes], mimetype: str = "text/html") -> Response:
    """The response for this URL, rendered the first time and kept; answers 304 to a matching
    If-None-Match."""
    site = current_site()
    key = (request.endpoint, tuple(sorted((request.view_args or {}).items())))
    page = site.rendered.get(key)
    if page is None:
        body = render()
        body = body.encode() if isinstance(body, str) else body
        etag = hashlib.sha256(body).hexdigest()[:24]
        charset = "; charset=utf-8" if mimetype.startswith("text/") else ""
        page = site.rendered.setdefault(key, Rendered(body, etag, (
            ("Content-Type", mimetype + charset), ("ETag", f'"{etag}"'),
            ("Cache-Control", f"public, max-age={PAGE_MAX_AGE}"))))
    if url_for(request.endpoint, **(request.view_args or {})) == request.path:
        request.environ[CANONICAL] = request.environ.get("PATH_INFO")
    if "If-None-Match" in request.headers and request.if_none_match.contains(page.etag):
        return current_app.response_class(status=304, headers=page.headers[1:])
    return current_app.response_class(page.body, headers=page.headers)


class ResponseCache:
    """WSGI middleware: a plain GET or HEAD of a page already rendered is answered from memory,
    headers and all, before Flask routes it; anything conditional, ranged or with a query string
    goes to Flask. At most one entry per page, since only canonical paths are kept."""

    def __init__(self, app) -> None:
        self.app = app
        self.responses: dict[str, tuple[str, tuple[tuple[str, str], ...], bytes]] = {}

    def __call__(self, environ: dict, start_response):
        method, path = environ.get("REQUEST_METHOD"), environ.get("PATH_INFO", "")
        plain = method in ("GET", "HEAD") and not environ.get("QUERY_STRING") and not any(
            name in environ for name in ("HTTP_IF_NONE_MATCH", "HTTP_RANGE",
                                         "HTTP_IF_MODIFIED_SINCE"))
        if plain and path in self.responses:
            status, headers, body = self.responses[path]
            start_response(status, list(headers))
            return [body] if method == "GET" else []
        if not plain or method != "GET":
            return self.app(environ, start_response)
        answer: dict = {}

        def capture(status, headers, exc_info=None):
            answer.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        chunks = self.app(environ, capture)
        if environ.get(CANONICAL) != path or not answer.get("status", "").startswith("200"):
            return chunks
        try:
            body = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        self.responses[path] = (answer["status"], tuple(answer["headers"]), body)
        return [body]
