"""Orca reads our pages as a blind person would hear them: each scenario asserts on what Orca
says (its debug log), in Debian's Chromium with no screen and no sound card. Those that guard the
skip link, the `lang` attribute and the controls' names also run on a page deliberately broken
that way, and must fail there."""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup

from tests.support.orcalog import Utterance
from tests.support.reading import MAIN, chrome_share


#: What Orca says that is not the page: the keys it echoes, and its mode changes.
NOT_THE_PAGE = re.compile(r"^(tab|h|return|((left|right) )?control|home|browse mode|focus mode)$",
                          re.I)


def texts(said: list[Utterance]) -> list[str]:
    return [u.text for u in said if not NOT_THE_PAGE.match(u.text)]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def html_of(url: str) -> BeautifulSoup:
    with urllib.request.urlopen(url) as response:
        return BeautifulSoup(response.read().decode(), "html.parser")


def tab_until(orca, wanted: Callable[[str], bool], most: int = 30, start: str = "ctrl+Home"
              ) -> list[str]:
    """Tabs from the top of the page (or from wherever the key `start` leads: "h", the first
    heading) until a stop that Orca announces as `wanted`; what Orca said at each stop."""
    orca.press(start)
    stops = []
    for _ in range(most):
        stops.append(" ".join(texts(orca.press("Tab"))))
        if wanted(stops[-1]):
            return stops
    raise AssertionError(f"never reached by Tab; the stops were {stops}")


def names_in_order(page: BeautifulSoup) -> list[list[str]]:
    """The words of every control after the page's h1, in the order Tab reaches them."""
    controls = page.main.h1.find_all_next(["a", "summary"])
    return [words(" ".join(control.stripped_strings)) for control in controls
            if control.name == "summary" or control.get("href")]


# -- the home page ----------------------------------------------------------------------------

def test_home_says_its_title_and_the_safety_message_before_the_menu(orca, server, guide):
    local, root = guide.localizer("en"), guide.tree.root
    said = texts(orca.open(f"{server}/en/"))
    title = local.title(root)
    assert f"Finished loading {title}." in said
    assert any(re.fullmatch(r"Page has \d+ landmarks, \d+ headings, .*", t) for t in said)
    main = said.index(MAIN)
    assert said[main + 1:main + 3] == [title, "heading level 1"]
    safety = local.segment_text(root.segments[-1])
    menu = said.index("Choose a topic", main)
    spoken = [t for t in said[main:menu] if t in safety]
    assert " ".join(spoken) == safety, "the safety message, whole, before the menu"
    assert "heading level 2" in said[menu:]


# -- a topic page, by heading and by Tab ------------------------------------------------------

def test_a_topic_page_by_heading_then_by_tab(orca, server):
    url = f"{server}/en/fatigue/"
    page = html_of(url)
    said = orca.open(url)
    assert chrome_share(said, page.footer.a.get_text()).share <= 0.15
    assert f"{page.h1.get_text()} heading level 1." in texts(orca.press("h"))
    expected = names_in_order(page)
    stops = [words(" ".join(texts(orca.press("Tab")))) for _ in expected]
    # every part's sources, the player, Previous / Next / Up / Home: each named whole, alone
    assert [stop[:len(name)] for stop, name in zip(stops, expected)] == expected
    assert ["listen", "to", "the", "whole", "topic"] in expected
    assert sum(name[0] in {"previous", "next", "up", "home"} for name in expected) == 4


# -- the skip link ----------------------------------------------------------------------------

def no_skip_link(page: BeautifulSoup) -> None:
    page.find("a", class_="skip").decompose()


@pytest.mark.parametrize("broken", [None, no_skip_link], ids=["page", "without-skip-link"])
def test_the_first_tab_offers_to_skip_to_the_text(orca, server, broken_pages, broken):
    path = "/en/fatigue/"
    page = html_of(server + path)
    url = broken_pages.put(path, str(page), broken) if broken else server + path
    orca.open(url)

    def check() -> None:
        # the top of the page, where Orca starts a person who wants to find their way
        assert texts(orca.press("ctrl+Home"))[0].startswith("Skip to the text")
        orca.press("Return")
        first_in_main = " ".join(page.main.summary.stripped_strings)
        assert texts(orca.press("Tab"))[0].startswith(first_in_main)

    if broken:
        with pytest.raises(AssertionError):
            check()
    else:
        check()


# -- one part at a time, and a control's name ---------------------------------------------------

def nameless_next(page: BeautifulSoup) -> None:
    page.find("a", rel="next").clear()


@pytest.mark.parametrize("broken", [None, nameless_next], ids=["page", "without-a-name"])
def test_next_moves_on_and_the_new_part_is_spoken_at_once(orca, server, broken_pages, guide,
                                                          broken):
    """Tab to Next, which must be announced by its name (on the broken page it has none), and
    follow it: the new part is read out at once."""
    local, fatigue = guide.localizer("en"), guide.tree.topics["fatigue"]
    path = "/en/fatigue/1/"
    page = html_of(server + path)
    orca.open(broken_pages.put(path, str(page), broken) if broken else server + path)
    next_name = words(" ".join(page.find("a", rel="next").stripped_strings))
    # from the heading: the part's sources, its player (whose controls take Tab stops), Previous
    most = len(page.main.find_all("a")) + 4

    def reach_next() -> None:
        tab_until(orca, lambda stop: words(stop)[:len(next_name)] == next_name, most, start="h")

    if broken:
        with pytest.raises(AssertionError):
            reach_next()
        return
    reach_next()
    said = texts(orca.follow("Return", "Part 2 of 3"))
    main = said.index(MAIN)
    # the heading, where we are, then the part: nothing to hunt through first
    assert said[main + 1:main + 4] == [local.title(fatigue), "heading level 1", "Part 2 of 3"]
    first_sentence = said[main + 4]
    assert local.segment_text(fatigue.segments[1]).startswith(first_sentence)


# -- Arabic -----------------------------------------------------------------------------------

def assert_spoken_as_arabic(said: list[Utterance], guide) -> None:
    local, root = guide.localizer("ar"), guide.tree.root
    main = [u.text for u in said].index(MAIN)
    guide_words = [u for u in said[main:] if re.search(r"[\u0600-\u06ff]", u.text)]
    assert guide_words and {u.lang for u in guide_words} == {"ar"}
    # read in the page's order, right to left or not: title, introduction, safety, menu
    spoken = " ".join(u.text for u in guide_words)
    order = [spoken.find(local.title(root)),
             *(spoken.find(local.segment_text(s)[:20]) for s in root.segments),
             spoken.find(local.title(guide.tree.topics["key-facts"]))]
    assert -1 not in order and order == sorted(order)


def test_the_language_link_switches_to_arabic_and_orca_speaks_arabic(orca, server, guide):
    orca.open(f"{server}/en/")
    tab_until(orca, lambda stop: "العربية" in stop)
    said = orca.follow("Return", guide.localizer("ar").title(guide.tree.root))
    assert_spoken_as_arabic(said, guide)


def test_an_arabic_page_without_its_lang_is_not_spoken_as_arabic(orca, server, broken_pages,
                                                                 guide):
    page = html_of(f"{server}/ar/")
    said = orca.open(broken_pages.put("/ar/", str(page), lambda p: p.html.attrs.pop("lang")))
    with pytest.raises(AssertionError):
        assert_spoken_as_arabic(said, guide)


# -- the question form ------------------------------------------------------------------------

def test_a_question_typed_in_the_form_is_answered_and_the_answer_spoken(orca, server, guide):
    local = guide.localizer("en")
    pacemaker = local.segment_text(guide.tree.topics["who-should-avoid"].segments[3])
    orca.open(f"{server}/en/fatigue/")
    # the form is found by its label, from the top of the page, before the guide's text
    stops = tab_until(orca, lambda stop: "Ask a question" in stop)
    assert not any("Fatigue" in stop for stop in stops)
    orca.type_text("can I have it with a pacemaker")
    assert "Ask push button." in texts(orca.press("Tab"))
    said = texts(orca.follow("Return", "Answers"))
    main = said.index(MAIN)
    assert said[main + 1:main + 3] == ["Answers", "heading level 1"]
    spoken = " ".join(said[main:])
    assert "Who should avoid it, part 4" in spoken
    assert " ".join(words(pacemaker)[:8]) in " ".join(words(spoken))


# -- not found --------------------------------------------------------------------------------

def test_a_missing_page_says_so_and_offers_the_way_home(orca, server, guide):
    title = guide.localizer("en").title(guide.tree.root)
    said = texts(orca.open(f"{server}/en/no-such-topic/"))
    assert f"Finished loading Page not found – {title}." in said
    main = said.index(MAIN)
    assert said[main + 1:main + 3] == ["Page not found", "heading level 1"]
    assert f"Go to the start: {title}" in said[main:]
