"""Pages served as given: a deliberately changed copy of one of our pages (a layout to compare, a
page that has lost its skip link or its `lang`), for Orca to read. Links and the stylesheet still
lead to the real site, through `<base href>`."""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bs4 import BeautifulSoup


class PageServer:
    """A loopback HTTP server for pages made in the test; `put` returns a page's URL."""

    def __init__(self, site: str) -> None:
        self.site = site.rstrip("/")
        self.pages: dict[str, bytes] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                body = pages.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)

    def __enter__(self) -> PageServer:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def put(self, path: str, html: str, change: Callable[[BeautifulSoup], None]) -> str:
        """Serves `html` (a page of the site at `path`) at a new address once `change` has
        edited it; links in it still lead to the site."""
        page = BeautifulSoup(html, "html.parser")
        change(page)
        base = page.new_tag("base", href=self.site + path)
        page.head.insert(0, base)
        name = f"/{len(self.pages)}{path}"
        self.pages[name] = str(page).encode()
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{name}"
