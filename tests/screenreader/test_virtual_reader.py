"""The virtual screen reader (@guidepup/virtual-screen-reader, over jsdom, no browser) reads
every page of every language from top to bottom: the spoken order, the roles and the names.
Quicker than Orca, and over everything; Orca (test_orca) is the slower proof."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import REPO, marks
from tests.web.conftest import page_urls
from voiceinfo.i18n import LOCALES

pytestmark = [pytest.mark.screenreader, pytest.mark.sweep]

READER = REPO / "tests" / "screenreader" / "virtual_reader.mjs"
NAMED_ROLES = ("link", "button", "heading", "navigation")
#: The reader mostly waits between steps, so several run at once.
READERS = 2 * (os.cpu_count() or 1)


def read_all(paths: list[Path]) -> dict[Path, list[str]]:
    """What the virtual reader says on each page, read by several node processes at once."""
    chunks = [paths[start::READERS] for start in range(READERS)]
    readers = [subprocess.Popen(["node", str(READER)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, cwd=REPO)
               for chunk in chunks if chunk]
    for reader, chunk in zip(readers, chunks):
        reader.stdin.write("\n".join(map(str, chunk)) + "\n")
        reader.stdin.close()
    said = {}
    for reader in readers:
        for line in reader.stdout:
            reading = json.loads(line)
            said[Path(reading["page"])] = reading["said"]
        assert reader.wait(timeout=900) == 0
    return said


@pytest.fixture(scope="module")
@marks(group="virtual-reader")
def readings(tmp_path_factory, guide) -> dict[str, tuple[BeautifulSoup, list[str]]]:
    """Every page (and each language's page not found): its HTML and what the reader said."""
    from voiceinfo.web import create_app
    folder = tmp_path_factory.mktemp("virtual-reader")
    client = create_app({"GUIDE": guide, "AUDIO_DIR": str(folder / "audio")}).test_client()
    urls = [*page_urls(guide), *(f"/{lang}/nowhere/" for lang in LOCALES)]
    pages = {}
    for number, url in enumerate(urls):
        path = folder / f"{number}.html"
        path.write_bytes(client.get(url).get_data())
        pages[path] = url
    said = read_all(list(pages))
    assert len(said) == len(pages)
    return {url: (BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"), said[path])
            for path, url in pages.items()}


def of_language(readings, lang: str):
    return {url: reading for url, reading in readings.items() if url.startswith(f"/{lang}/")}


def skip_landmarks_and_title(page: BeautifulSoup, said: list[str]) -> list[str]:
    problems = []
    if said[:2] != ["document", f"link, {page.find('a', class_='skip').get_text()}"]:
        problems.append(f"starts {said[:2]}")
    landmarks = [said.index(role) for role in ("banner", "main", "contentinfo") if role in said]
    if len(landmarks) != 3 or landmarks != sorted(landmarks):
        problems.append("banner, main, contentinfo out of order or missing")
    elif said[landmarks[1] + 1] != f"heading, {page.h1.get_text()}, level 1":
        problems.append(f"main opens with {said[landmarks[1] + 1]}")
    return problems


def names(page: BeautifulSoup, said: list[str]) -> list[str]:
    problems = []
    for role in NAMED_ROLES:
        problems += [f"{phrase!r} has no name" for phrase in said if phrase.split(",")[0] == role
                     and not re.search(r"\w", phrase.removeprefix(role).split(", level")[0])]
    links = [" ".join(a.stripped_strings) for a in page.find_all("a", href=True)]
    spoken = [phrase.removeprefix("link, ").removesuffix(", current item")
              for phrase in said if phrase.startswith("link, ")]
    if spoken != links:
        problems.append(f"links spoken {spoken}, not {links}")
    problems += [f"player {player['aria-label']!r} unnamed" for player in page.find_all("audio")
                 if player["aria-label"] not in said]
    return problems


@pytest.mark.parametrize("lang", LOCALES)
@pytest.mark.parametrize("check", [skip_landmarks_and_title, names])
def test_every_page_is_spoken_in_order_with_every_control_named(readings, lang, check):
    problems = {url: found for url, (page, said) in of_language(readings, lang).items()
                if (found := check(page, said))}
    assert problems == {}


@pytest.mark.parametrize("lang", LOCALES)
def test_the_guide_is_spoken_in_its_order_on_every_page(readings, lang, guide):
    local, checked, problems = guide.localizer(lang), 0, {}
    for url, (page, said) in of_language(readings, lang).items():
        _, *rest = url.strip("/").split("/")
        topic = guide.tree.topics.get(rest[0] if rest else "home")
        if topic is None or rest[1:] == ["end"]:
            continue  # a page not found, or a topic's end: no part of the guide on it
        segments = topic.segments[int(rest[1]) - 1:int(rest[1])] if rest[1:] else topic.segments
        # the reader speaks a no-break space ("95 %") as a space
        spoken = " ".join(" ".join(said).split())
        places = [spoken.find(" ".join(local.segment_text(segment).split()))
                  for segment in segments]
        checked += 1
        if -1 in places or places != sorted(places):
            problems[url] = places
    assert checked > 0 and problems == {}
