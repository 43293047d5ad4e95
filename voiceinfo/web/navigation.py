"""The navigate endpoint's language: the navigator over HTTP, stateless.

The client sends the place it was given (`at`, passed back unchanged) and a command, and gets
what the spoken loop would say, the new place and the moves from there. A place is written as
on the web, `<topic>/<part>` with parts counted from 1, or `<topic>/end` for a topic's end.
Whatever the description allows is answered; anything else is a ValueError that says why.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from voiceinfo.commands import Command, CommandName
from voiceinfo.navigator import MOVE_COMMANDS, Move, Navigator, Place, Reply, State
from voiceinfo.pace import FASTEST_WORDS_A_MINUTE, SLOWEST_WORDS_A_MINUTE
from voiceinfo.questions import LONGEST_QUESTION, too_long
from voiceinfo.web.state import Site

END = "end"
#: Where a call with a command but no `at` is: home, after the greeting, as the loop is then.
AFTER_THE_GREETING = f"home/{END}"
#: More misses than this change nothing: the second one already lists what can be said.
MOST_MISSES = 1000


def place_text(navigator: Navigator, place: Place) -> str:
    """'fatigue/2' or 'fatigue/end'."""
    if navigator.is_end(place):
        return f"{place.topic}/{END}"
    return f"{place.topic}/{place.segment + 1}"


def place_texts(navigator: Navigator) -> Iterator[str]:
    """Every place there is, in reading order."""
    tree = navigator.tree
    for topic_id in tree.reading_order:
        for segment in range(len(tree.topics[topic_id].segments) + 1):
            yield place_text(navigator, Place(topic_id, segment))


def parse_place(navigator: Navigator, text: str) -> Place:
    topic_id, _, part = text.partition("/")
    topic = navigator.tree.topics.get(topic_id)
    if topic is None:
        raise ValueError(f"at: no topic {topic_id!r}; use <topic>/<part> as given back")
    count = len(topic.segments)
    if part == END:
        return navigator.end_place(topic.id)
    if not (part.isascii() and part.isdigit()) or not 1 <= int(part) <= count:
        raise ValueError(f"at: {topic.id!r} has parts 1 to {count}, and {END!r}")
    return Place(topic.id, int(part) - 1)


def navigation_request(navigator: Navigator, lang: str, args: Mapping[str, str]
                       ) -> tuple[State, Command | None]:
    """The state and the command a call names: no command at all means the greeting, and a
    place with no command reads that place again (`repeat`)."""
    rate = _whole_number(args, "rate", State.rate, SLOWEST_WORDS_A_MINUTE, FASTEST_WORDS_A_MINUTE)
    misses = _whole_number(args, "misses", 0, 0, MOST_MISSES)
    if "command" not in args and "at" not in args:
        return State(lang=lang, rate=rate), None
    try:
        name = CommandName(args.get("command", CommandName.REPEAT.value))
    except ValueError:
        raise ValueError(f"command: one of {', '.join(c.value for c in CommandName)}") from None
    place = parse_place(navigator, args.get("at", AFTER_THE_GREETING))
    argument = args.get("argument") or None
    if name is CommandName.ASK and argument and too_long(argument):
        raise ValueError(f"argument: a question of at most {LONGEST_QUESTION} characters")
    return State(place=place, lang=lang, rate=rate, misses=misses), _command(name, argument)


def _command(name: CommandName, argument: str | None) -> Command:
    if name is not CommandName.CHOOSE:
        return Command(name, argument)
    if argument is None or not (argument.isascii() and argument.isdigit()) or len(argument) > 3:
        return Command(CommandName.NONE)  # as the loop does with words it cannot read
    return Command(name, int(argument))


def _whole_number(args: Mapping[str, str], name: str, default: int, least: int,
                  most: int) -> int:
    value = args.get(name)
    if value is None:
        return default
    if not (value.isascii() and value.isdigit() and len(value) <= len(str(most))) or not (
            least <= int(value) <= most):
        raise ValueError(f"{name}: a whole number from {least} to {most}")
    return int(value)


def navigation_json(site: Site, reply: Reply) -> dict:
    navigator, state = site.guide.navigator, reply.state
    moves = navigator.moves(state.place, state.lang)

    def move_json(move: Move | None) -> dict | None:
        return {"at": place_text(navigator, move.to), "title": move.title} if move else None

    return {"lang": state.lang, "at": place_text(navigator, state.place),
            "said": list(reply.said),
            "finished": reply.finished, "rate": state.rate, "misses": state.misses,
            "moves": {command.value: move_json(moves.get(command)) for command in MOVE_COMMANDS}}
