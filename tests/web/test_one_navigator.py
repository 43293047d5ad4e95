"""One navigator behind every door: the same walk through the spoken loop (typed, as `--text
--no-listen` reads piped lines), the navigate endpoint and the web pages' Next links gives the
same places and the same words, the stop at a topic's end included."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import soup
from voiceinfo.commands import CommandName
from voiceinfo.navigator import MOVE_COMMANDS, Place
from voiceinfo.web.navigation import parse_place, place_text

#: From home into key facts, then next through its parts, its end, and into the next topic.
TOPIC = "key-facts"


def navigate(client, lang: str = "en", **query) -> dict:
    response = client.get(f"/api/v1/{lang}/navigate", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def api_walk(client, commands: list[tuple[str, str | None]]) -> list[dict]:
    """The greeting, then each (command, argument) from where the last answer left off."""
    answers = [navigate(client)]
    for command, argument in commands:
        query = {"at": answers[-1]["at"], "command": command}
        if argument is not None:
            query["argument"] = argument
        answers.append(navigate(client, **query))
    return answers


def page_place(url: str) -> str:
    """The navigator's place that a one-part-at-a-time page shows: /en/pain/2/ -> pain/2."""
    match = re.fullmatch(r"/en/([a-z-]+)/(\d+|end)/", url)
    assert match, url
    return f"{match[1]}/{match[2]}"


@pytest.fixture
def walk(guide):
    """key facts, then next until one step past the topic's end."""
    nexts = len(guide.tree.topics[TOPIC].segments) + 1
    return [("goto", TOPIC)] + [("next", None)] * nexts


def test_the_loop_the_api_and_the_pages_walk_the_same_path(client, run_cli, walk):
    answers = api_walk(client, walk)
    places = [answer["at"] for answer in answers[1:]]
    segments = len(walk) - 2
    assert places == [f"{TOPIC}/{n}" for n in range(1, segments + 1)] + [
        f"{TOPIC}/end", "about-ms/1"]

    # the loop says exactly what the endpoint says, command for command
    typed = "".join(f"{TOPIC.replace('-', ' ')}\n" if c == "goto" else f"{c}\n"
                    for c, _ in walk)
    loop = run_cli("--text", "--no-listen", stdin=typed + "where am i\n")
    assert loop.status == 0, loop.stderr
    said = [line for answer in answers for line in answer["said"]]
    assert loop.lines[:len(said)] == said
    assert loop.lines[len(said)] == "You are at About MS, part 1 of 5."

    # the pages' Next links go through the same places, the end page included
    url, seen = f"/en/{TOPIC}/1/", []
    for _ in places:
        seen.append(page_place(url))
        html = soup(client.get(url))
        url = html.find("a", rel="next")["href"]
    assert seen == places


def test_the_end_of_a_topic_is_the_same_stop_at_every_door(client, run_cli, guide):
    last = len(guide.tree.topics["fatigue"].segments)
    answer = navigate(client, at=f"fatigue/{last}", command="next")
    assert answer["at"] == "fatigue/end"
    assert answer["said"] == [
        "That is the end of Fatigue. Say next for Pain, or up for Does it help with MS."]
    assert {name: move["at"] for name, move in answer["moves"].items()} == {
        "previous": f"fatigue/{last}", "next": "pain/1", "up": "evidence/end",
        "home": "home/end"}

    loop = run_cli("--text", "--no-listen", stdin="fatigue\n" + "next\n" * last)
    assert answer["said"][0] in loop.lines

    page = soup(client.get(f"/en/fatigue/{last}/"))
    assert page.find("a", rel="next")["href"] == "/en/fatigue/end/"
    end = soup(client.get("/en/fatigue/end/"))
    links = {a.find(class_="key").get_text(): a["href"]
             for a in end.find("nav", class_="moves").find_all("a")}
    assert links == {"Previous": f"/en/fatigue/{last}/", "Next": "/en/pain/1/",
                     "Up": "/en/evidence/end/", "Home": "/en/"}


def test_a_topic_with_children_ends_in_its_menu_at_every_door(client, guide):
    answer = navigate(client, at="safety/end", command="repeat")
    assert answer["said"][0] == "Is it safe for people with MS?"
    menu = soup(client.get("/en/safety/end/")).find("ol", class_="menu")
    titles = [guide.localizer("en").title(child) for child in guide.tree.children("safety")]
    assert [a.get_text() for a in menu.find_all("a")] == titles
    chosen = navigate(client, at="safety/end", command="choose", argument="2")
    assert chosen["at"] == "risks/1"


@pytest.mark.parametrize("place", [
    Place("home", 0), Place("fatigue", 1), Place("fatigue", 3), Place("sources", 11),
    Place("evidence", 4),
])
def test_the_endpoint_s_moves_are_the_navigator_s(client, guide, place):
    text = place_text(guide.navigator, place)
    assert parse_place(guide.navigator, text) == place
    moves = guide.navigator.moves(place, "de")
    answer = navigate(client, "de", at=text, command="where")
    assert answer["at"] == text
    for command in MOVE_COMMANDS:
        expected = moves.get(command)
        given = answer["moves"][command.value]
        assert given == (None if expected is None else {
            "at": place_text(guide.navigator, expected.to), "title": expected.title})


@pytest.mark.parametrize("command, rate, expected", [
    ("slower", 160, 145), ("faster", 160, 176), ("faster", 400, 400),
])
def test_slower_and_faster_give_the_client_its_new_rate(client, command, rate, expected):
    answer = navigate(client, at="pain/1", command=command, rate=str(rate))
    assert answer["rate"] == expected and answer["at"] == "pain/1"


def test_not_understood_escalates_when_the_client_passes_misses_back(client):
    first = navigate(client, at="pain/1", command="none")
    second = navigate(client, at="pain/1", command="none", misses=str(first["misses"]))
    assert first["said"] == ["Sorry, I didn't catch that."]
    assert second["said"][1].startswith("You can say next, go back")


def test_language_answers_in_the_new_language(client, guide):
    answer = navigate(client, at="pain/1", command="language", argument="ar")
    assert answer["lang"] == "ar"
    assert answer["said"][0] == "العربية."
    assert answer["moves"]["up"]["title"] == guide.localizer("ar").title(
        guide.tree.topics["evidence"])


def test_a_place_alone_is_read_again_and_a_choice_with_no_number_is_not_understood(client):
    assert navigate(client, at="pain/1")["said"][0] == "Pain"
    assert navigate(client, command="choose", argument="three")["said"] == [
        "Sorry, I didn't catch that."]


def test_quit_finishes(client):
    assert navigate(client, at="pain/1", command=CommandName.QUIT.value)["finished"] is True


@pytest.mark.parametrize("query, reason", [
    ({"at": "nowhere/1", "command": "next"}, "at: no topic"),
    ({"at": "pain/0", "command": "next"}, "at: 'pain' has parts"),
    ({"at": "pain/99", "command": "next"}, "at: 'pain' has parts"),
    ({"at": "pain", "command": "next"}, "at: 'pain' has parts"),
    ({"at": "pain/1", "command": "fly"}, "command: one of"),
    ({"command": "next", "rate": "9000"}, "rate: a whole number from 80 to 400"),
    ({"command": "none", "misses": "-1"}, "misses: a whole number"),
])
def test_a_call_that_cannot_be_read_is_a_json_400_that_says_why(client, query, reason):
    response = client.get("/api/v1/en/navigate", query_string=query)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].startswith(reason)
