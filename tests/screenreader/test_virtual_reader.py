"""The virtual screen reader (@guidepup/virtual-screen-reader, over jsdom, no browser) reads one
page of every kind in every language from top to bottom: the spoken order, the roles and the
names. Quicker than Orca, and over every language; Orca (test_orca) is the slower proof."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from bs4 import BeautifulSoup

from tests.conftest import REPO
from tests.web.test_browser import kinds

pytestmark = pytest.mark.screenreader

READER = REPO / "tests" / "screenreader" / "virtual_reader.mjs"
NAMED_ROLES = ("link", "button", "heading", "navigation")


@pytest.fixture(scope="module")
def readings(tmp_path_factory, guide):
    """Each page's URL, its HTML and what the virtual reader said, read by one node process."""
    from voiceinfo.web import create_app
    folder = tmp_path_factory.mktemp("virtual-reader")
    client = create_app({"GUIDE": guide, "AUDIO_DIR": str(folder / "audio")}).test_client()
    pages = {}
    for number, url in enumerate(kinds()):
        path = folder / f"{number}.html"
        path.write_bytes(client.get(url).get_data())
        pages[str(path)] = url
    run = subprocess.run(["node", str(READER)], input="\n".join(pages), capture_output=True,
                         text=True, cwd=REPO, timeout=600, check=True)
    found = {}
    for line in run.stdout.splitlines():
        reading = json.loads(line)
        path = reading["page"]
        found[pages[path]] = (BeautifulSoup(open(path, encoding="utf-8").read(), "html.parser"),
                              reading["said"])
    assert sorted(found) == sorted(kinds())
    return found


@pytest.mark.parametrize("url", kinds())
def test_the_reader_hears_skip_link_landmarks_and_title_in_order(readings, url):
    page, said = readings[url]
    assert said[:2] == ["document", f"link, {page.find('a', class_='skip').get_text()}"]
    landmarks = [said.index(role) for role in ("banner", "main", "contentinfo")]
    assert landmarks == sorted(landmarks)
    main = said.index("main")
    assert said[main + 1] == f"heading, {page.h1.get_text()}, level 1"


@pytest.mark.parametrize("url", kinds())
def test_every_control_and_landmark_is_spoken_with_a_name(readings, url):
    page, said = readings[url]
    for role in NAMED_ROLES:
        spoken = [phrase for phrase in said if phrase.split(",")[0] == role]
        nameless = [phrase for phrase in spoken
                    if not re.search(r"\w", phrase.removeprefix(role).split(", level")[0])]
        assert nameless == [], role
    links = [" ".join(a.stripped_strings) for a in page.find_all("a", href=True)]
    assert [phrase.removeprefix("link, ").removesuffix(", current item")
            for phrase in said if phrase.startswith("link, ")] == links
    for player in page.find_all("audio"):
        assert player["aria-label"] in said


#: The pages with parts of the guide on them (not a topic's end, nor a page not found).
WITH_PARTS = [url for url in kinds() if not url.endswith(("/end/", "/nowhere/"))]


@pytest.mark.parametrize("url", WITH_PARTS)
def test_the_guide_is_spoken_in_its_order(readings, url, guide):
    page, said = readings[url]
    lang, *rest = url.strip("/").split("/")
    topic = guide.tree.topics[rest[0] if rest else "home"]
    local = guide.localizer(lang)
    segments = topic.segments[int(rest[1]) - 1:int(rest[1])] if rest[1:] else topic.segments
    spoken = " ".join(said)
    places = [spoken.find(local.segment_text(segment)) for segment in segments]
    assert -1 not in places and places == sorted(places)
