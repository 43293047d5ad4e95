"""Page weight: the bytes of every HTML page in every language (as sent, and gzipped as a CDN
would), and of the stylesheet. Targets: every page at most 14 KB, the stylesheet at most 4 KB.

    .venv/bin/python benchmarks/web_page_weight.py
"""

from __future__ import annotations

import gzip
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.common import print_table, record  # noqa: E402
from voiceinfo.guide import load_guide  # noqa: E402
from voiceinfo.i18n import LOCALES  # noqa: E402
from voiceinfo.web import create_app  # noqa: E402
from voiceinfo.web.site import page_urls  # noqa: E402

PAGE_LIMIT = 14 * 1024
STYLESHEET_LIMIT = 4 * 1024


def kind(url: str) -> str:
    if url.endswith("/end/"):
        return "a topic's end"
    depth = url.strip("/").count("/")
    return ("home", "topic", "one part")[depth]


@dataclass
class Pages:
    """The bytes of one kind of page in one language."""

    pages: str
    count: int
    median_bytes: float
    largest_bytes: int
    largest_gzipped: int
    largest_page: str


def main() -> None:
    guide = load_guide()
    client = create_app({"GUIDE": guide, "AUDIO_DIR": tempfile.mkdtemp()}).test_client()
    sizes = {}
    for url in [*page_urls(guide, LOCALES), *(f"/{lang}/nowhere/" for lang in LOCALES)]:
        body = client.get(url).data
        sizes[url] = (len(body), len(gzip.compress(body)))
    groups: dict[str, list[str]] = {}
    for url in sizes:
        group = "404" if "nowhere" in url else kind(url)
        groups.setdefault(f"{group}, {url.split('/')[1]}", []).append(url)
    rows = []
    for name, urls in sorted(groups.items()):
        raw = [sizes[url][0] for url in urls]
        biggest = max(urls, key=lambda url: sizes[url][0])
        rows.append(Pages(name, len(urls), statistics.median(raw), max(raw), sizes[biggest][1],
                          biggest))
    print_table(["pages", "count", "median bytes", "largest bytes", "largest gzipped",
                 "largest page"],
                ([r.pages, r.count, f"{r.median_bytes:.0f}", r.largest_bytes, r.largest_gzipped,
                  r.largest_page] for r in rows))
    largest = max(sizes, key=lambda url: sizes[url][0])
    over = [url for url, (raw, _) in sizes.items() if raw > PAGE_LIMIT]
    stylesheet = len(client.get("/static/style.css").data)
    median = statistics.median(s[0] for s in sizes.values())
    print(f"all {len(sizes)} pages: median {median:.0f} "
          f"bytes, largest {sizes[largest][0]} bytes ({largest}), "
          f"{len(over)} over {PAGE_LIMIT} bytes")
    print(f"stylesheet: {stylesheet} bytes (limit {STYLESHEET_LIMIT})")
    record("web_page_weight", {
        "kinds": rows, "pages": len(sizes), "median_bytes": median,
        "largest_bytes": sizes[largest][0], "largest_page": largest, "over_limit": over,
        "page_limit_bytes": PAGE_LIMIT, "stylesheet_bytes": stylesheet,
        "stylesheet_limit_bytes": STYLESHEET_LIMIT})


if __name__ == "__main__":
    main()
