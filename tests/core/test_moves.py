"""Where previous, next, up and home lead, on a small tree that tests the navigator's moves apart
from the article's wording: the moves it names are the places its replies go to."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from voiceinfo.commands import Command, CommandName as C
from voiceinfo.guide import load_guide
from voiceinfo.navigator import MOVE_COMMANDS, Place, State

SMALL_TREE = Path(__file__).resolve().parent / "data" / "small-tree"
CONTENT = Path(__file__).resolve().parents[2] / "content"


def small_guide(folder: Path, commands: str | None = None):
    """The small tree, with the real command words or `commands` instead."""
    shutil.copytree(SMALL_TREE, folder)
    (folder / "commands.toml").write_text(
        commands or (CONTENT / "commands.toml").read_text(encoding="utf-8"), encoding="utf-8")
    return load_guide(folder)


@pytest.fixture(scope="module")
def nav(tmp_path_factory):
    return small_guide(tmp_path_factory.mktemp("small") / "content").navigator


def places(nav, place: Place) -> dict[str, Place]:
    return {move.command.value: move.to for move in nav.moves(place).values()}


END_OF = {"home": 2, "first": 2, "first-a": 1, "first-b": 2, "second": 1, "sources": 1}


def end(topic: str) -> Place:
    return Place(topic, END_OF[topic])


@pytest.mark.parametrize("place, previous, following, up", [
    (Place("home", 0), None, Place("home", 1), end("home")),
    (end("home"), Place("home", 1), Place("first", 0), end("home")),
    (Place("first", 1), Place("first", 0), end("first"), end("home")),
    (end("first"), Place("first", 1), Place("first-a", 0), end("home")),
    (Place("first-a", 0), Place("first", 1), end("first-a"), end("first")),
    (end("first-a"), Place("first-a", 0), Place("first-b", 0), end("first")),
    (Place("first-b", 0), Place("first-a", 0), Place("first-b", 1), end("first")),
    (Place("second", 0), Place("first-b", 1), end("second"), end("home")),
    (end("sources"), Place("sources", 0), None, end("home")),
])
def test_moves_from_each_kind_of_place(nav, place, previous, following, up):
    assert places(nav, place) == {name: to for name, to in [
        ("previous", previous), ("next", following), ("up", up), ("home", end("home"))] if to}


def test_the_replies_go_where_the_moves_say(nav):
    for place in [end("home"), Place("first", 0), Place("first", 1), end("first"),
                  Place("first-a", 0), end("first-a"), Place("first-b", 1), end("sources")]:
        state = State(place=place)
        for command, move in nav.moves(place).items():
            assert nav.handle(state, Command(command)).state.place == move.to, (place, command)


def test_next_alone_visits_every_part_and_every_end_in_reading_order(nav):
    state, visited = nav.start().state, []
    while (reply := nav.handle(state, Command(C.NEXT))).state.place != state.place:
        state = reply.state
        visited.append(state.place)
    assert visited == [Place("first", 0), Place("first", 1), end("first"),
                       Place("first-a", 0), end("first-a"), Place("first-b", 0),
                       Place("first-b", 1), end("first-b"), Place("second", 0), end("second"),
                       Place("sources", 0), end("sources")]
    assert reply.said == ("That is the end of the article. Say home for the main menu.",)


@pytest.mark.parametrize("place, said", [
    (Place("first", 1), ("Topics: First A 1, First B 2.",)),
    (Place("first-b", 1), ("That is the end of First B. Say next for Second, or up for First.",)),
    (Place("sources", 0), ("That is the end of Sources, and of the article. "
                           "Say home for the main menu.",)),
])
def test_a_topic_s_end_offers_its_menu_or_the_way_on(nav, place, said):
    assert nav.handle(State(place=place), Command(C.NEXT)).said == said


def test_a_topic_taken_whole_goes_back_from_its_start_and_on_from_its_end(nav):
    moves = nav.topic_moves("first-b")
    assert {c.value: m.to for c, m in moves.items()} == {
        "previous": Place("first-a", 0), "next": Place("second", 0), "up": end("first"),
        "home": end("home")}
    assert [c for c in moves] == list(MOVE_COMMANDS)


def test_numbers_choose_from_a_topic_s_children_or_a_leaf_s_siblings(nav):
    assert [t.id for t in nav.menu(end("first"))] == ["first-a", "first-b"]
    assert [t.id for t in nav.menu(Place("first-a", 0))] == ["first-a", "first-b"]
    chosen = nav.handle(State(place=Place("first-a", 0)), Command(C.CHOOSE, 2))
    assert chosen.state.place == Place("first-b", 0)


def test_the_help_names_the_keys_that_commands_toml_binds(tmp_path):
    words = (CONTENT / "commands.toml").read_text(encoding="utf-8")
    rebound = words.replace('keys = ["n", "RIGHT"]', 'keys = ["x", "RIGHT"]').replace(
        'keys = ["-"]', 'keys = ["/"]').replace('keys = ["/"]\n\n[commands.quit]',
                                                 'keys = ["g"]\n\n[commands.quit]')
    guide = small_guide(tmp_path / "content", rebound)
    keys = guide.navigator.handle(State(), Command(C.HELP)).said[1]
    assert keys.startswith("On the keyboard: x next, b back, r repeat, u menu, h home, "
                           "w where, space pause, slash slower, plus faster, l language, "
                           "g to type a topic, q quit.")
    assert guide.vocabulary("en").parse_key("x") == Command(C.NEXT)
