"""How much of what Orca speaks inside a topic page's main landmark is player and control chrome
rather than the guide (target: at most 15 %), for the page as shipped and for the layouts it was
chosen against, each read by Orca 43 in Debian's Chromium from the top (Say All on load).

    .venv/bin/python benchmarks/screenreader_chrome.py [--page /en/how-it-works/ ...]

Layouts: "before" puts back what the pages had before issue 14 (a player beside every part, and one
for the whole topic after them); "open player" is one player for the topic, shown at once; the
shipped page has that one player behind a "Listen to the whole topic" disclosure.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.common import print_table, record, serve  # noqa: E402
from tests.support.orca import OrcaSession  # noqa: E402
from tests.support.pages import PageServer  # noqa: E402
from tests.support.reading import chrome_share  # noqa: E402

TARGET = 0.15
PAGES = ["/en/how-it-works/", "/en/fatigue/", "/ar/how-it-works/"]


def players_everywhere(page: BeautifulSoup) -> None:
    """The layout before issue 14: every part's own player, then the topic's after the parts."""
    lang = page.html["lang"]
    disclosure = page.find("details", class_="listen")
    for number, part in enumerate(page.find_all("div", class_="part"), start=1):
        part.append(page.new_tag("audio", controls="", preload="none",
                                 src=f"/audio/{lang}/segments/{part['id']}.opus",
                                 **{"aria-label": f"Listen to part {number}"}))
    whole = disclosure.audio.extract()
    disclosure.decompose()
    page.find_all("div", class_="part")[-1].insert_after(whole)


def open_player(page: BeautifulSoup) -> None:
    disclosure = page.find("details", class_="listen")
    disclosure.replace_with(disclosure.audio.extract())


LAYOUTS = {"before (a player per part)": players_everywhere, "one open player": open_player,
           "one player behind a disclosure (shipped)": lambda page: None}


@dataclass
class Reading:
    """What Orca said inside the main landmark of one page in one layout."""

    page: str
    layout: str
    chrome: int
    spoken: int
    share: float
    meets_target: bool


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", nargs="+", default=PAGES)
    args = parser.parse_args()
    readings: list[Reading] = []
    with tempfile.TemporaryDirectory() as folder, serve(folder=Path(folder) / "server") as site:
        with OrcaSession(Path(folder)) as orca, PageServer(site) as pages:

            def rows():  # each reading printed as Orca finishes it
                for path in args.page:
                    html = urllib.request.urlopen(site + path).read().decode()
                    after_main = BeautifulSoup(html, "html.parser").footer.a.get_text()
                    for name, change in LAYOUTS.items():
                        share = chrome_share(orca.open(pages.put(path, html, change)),
                                             after_main)
                        readings.append(Reading(path, name, share.chrome, share.spoken,
                                                round(share.share, 3), share.share <= TARGET))
                        yield path, name, share

            print_table(["page", "layout", "chrome inside main"],
                        ([path, name, f"{share} {'meets' if share.share <= TARGET else 'misses'}"
                          f" the {TARGET:.0%} target"] for path, name, share in rows()))
    record("screenreader_chrome", {"readings": readings, "target_share": TARGET})


if __name__ == "__main__":
    main()
