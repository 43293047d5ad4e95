"""The navigator: where the person is in the tree, and what to say after each command.

Pure: `Navigator.handle(state, command)` returns a `Reply` with the new state and the lines to
say; nothing here speaks, prints, listens or stores. Every door (the spoken loop, the text loop,
the web pages, the static site and the JSON API) drives this one object, so they behave the same.

A place is a topic and a segment index; the index one past the last segment is the topic's end.
Where previous, next, up and home lead from a place is decided in one function, `moves`, and
both the spoken replies and the web's links are made from it.

At a topic's end, next does not go straight on: it first stops at the topic's end, where a topic
with children reads its menu and a leaf says what comes next ("That is the end of Fatigue. Say
next for Pain, or up for Does it help with MS."); the next `next` moves on. A listener cannot
see where a topic ends, and a topic's children follow it in reading order, so without that stop
a person would pass from the last part of "Does it help" into "Fatigue" without ever hearing
that there were choices, or that one topic had ended and another begun. The web follows the
same path: the last part's Next link leads to the topic's end page, with its menu or its way on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from babel.lists import format_list

from voiceinfo.commands import Command, CommandName
from voiceinfo.content import ROOT_TOPIC_ID, Topic, Tree
from voiceinfo.i18n import SOURCE_LOCALE, Localizer, _
from voiceinfo.pace import DEFAULT_WORDS_A_MINUTE, PACE_STEP, within_limits

if TYPE_CHECKING:
    # bm25s and numpy load when a question is first asked, not when the guide starts
    from voiceinfo.answers import Answer, AnswerIndex

#: How the keys that are not a letter or a digit are said in the help.
SPOKEN_KEY_NAMES = {"SPACE": _("space"), "-": _("minus"), "+": _("plus"), "/": _("slash")}
#: The commands that move through the tree in reading order, the web's links among them.
MOVE_COMMANDS = (CommandName.PREVIOUS, CommandName.NEXT, CommandName.UP, CommandName.HOME)
#: What "the article doesn't say" suggests asking about instead: the symptoms and the safety.
SUGGESTED_TOPICS = ("fatigue", "pain", "walking", "spasticity", "mental-health", "bladder",
                    "safety", "who-should-avoid")


@dataclass(frozen=True)
class Place:
    topic: str
    segment: int = 0


@dataclass(frozen=True)
class Move:
    """Where one of the moving commands leads from a place, and what that place is called."""

    command: CommandName
    to: Place
    #: The title of the topic it leads to, in the person's language.
    title: str
    #: Whether it leads to a topic's end (its menu, or the way on) rather than into a part.
    to_end: bool


@dataclass(frozen=True)
class State:
    place: Place = Place(ROOT_TOPIC_ID)
    lang: str = SOURCE_LOCALE
    rate: int = DEFAULT_WORDS_A_MINUTE
    paused: bool = False
    #: Where the person was last time, offered once after the greeting ("say continue").
    resume_offer: Place | None = None
    #: Commands not understood in a row, for escalating prompts.
    misses: int = 0
    #: What was said last, for `repeat`.
    last_said: tuple[str, ...] = ()
    #: The answers to the last question not yet read, for `next_answer`.
    answers: tuple[Answer, ...] = ()
    #: The cue for a spoken question has been said: a front end that listens hears the next
    #: utterance as a question in the person's own words, not as a command.
    awaiting_question: bool = False


@dataclass(frozen=True)
class Reply:
    state: State
    said: tuple[str, ...]
    finished: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.said)


def bare(title: str) -> str:
    """A title without its question or exclamation marks, to sit inside a sentence."""
    return title.strip("¿¡?.!؟ ")


class Navigator:
    """Turns commands into replies over one tree, in any of the loaded languages."""

    def __init__(self, tree: Tree, localizers: Mapping[str, Localizer],
                 answers: Callable[[str], AnswerIndex] | None = None) -> None:
        """`answers(lang)` gives the index that questions are asked of in that language."""
        self.tree = tree
        self.localizers = localizers
        self.answers = answers
        self._handlers: dict[CommandName, Callable[[State, Command], Reply]] = {
            CommandName.NEXT: self._next, CommandName.PREVIOUS: self._previous,
            CommandName.REPEAT: self._repeat, CommandName.UP: self._up,
            CommandName.HOME: lambda state, _: self.greet(state),
            CommandName.HELP: self._help, CommandName.WHERE: self._where,
            CommandName.PAUSE: self._pause, CommandName.RESUME: self._resume,
            CommandName.SLOWER: self._slower, CommandName.FASTER: self._faster,
            CommandName.LANGUAGE: self._language, CommandName.GOTO: self._goto,
            CommandName.CHOOSE: self._choose, CommandName.QUIT: self._quit,
            CommandName.ASK: self._ask, CommandName.NEXT_ANSWER: self._next_answer,
            CommandName.QUESTION: self._question,
        }

    # -- entry points -------------------------------------------------------------------------

    def start(self, saved: State | None = None) -> Reply:
        """The greeting; a saved place away from home is offered, never asked about."""
        state = State() if saved is None else replace(
            State(lang=saved.lang, rate=saved.rate), resume_offer=self._offerable(saved.place))
        return self.greet(state)

    def handle(self, state: State, command: Command) -> Reply:
        # whatever comes after the cue for a spoken question is that question's turn, heard or not
        question_missed = state.awaiting_question and command.name is CommandName.NONE
        state = replace(state, awaiting_question=False)
        if question_missed:
            # heard too doubtfully to answer: better asked again than answered wrongly
            return self._escalate(state, self._local(state).gettext(
                _("Sorry, I didn't catch your question. You can ask it again.")))
        if command.name is CommandName.NONE:
            return self.not_understood(state)
        if command.name is not CommandName.RESUME:
            state = replace(state, resume_offer=None)
        if command.name is not CommandName.ASK:
            state = replace(state, misses=0)
        return self._handlers[command.name](state, command)

    def not_understood(self, state: State) -> Reply:
        """VoiceXML's nomatch: a short apology, then the list of what can be said."""
        return self._escalate(state, self._local(state).gettext(_("Sorry, I didn't catch that.")))

    def no_input(self, state: State) -> Reply:
        """VoiceXML's noinput: nothing was heard; the second time, what can be said."""
        return self._escalate(state, self._local(state).gettext(_("I didn't hear anything.")))

    def _escalate(self, state: State, apology: str) -> Reply:
        local = self._local(state)
        lines = [apology]
        if state.misses >= 1:
            lines.append(self._short_help(local))
        return self._say(replace(state, misses=state.misses + 1), lines, remember=False)

    def greet(self, state: State) -> Reply:
        """Home, short (about 25 s at the default rate): the offer to go back, when there is
        one, first; the title; the safety message (home's last segment); the menu. Home's
        other parts (what this guide is) are there for previous, as on the home page."""
        local = self._local(state)
        home = self.tree.root
        lines = []
        if state.resume_offer:
            offer = state.resume_offer
            lines.append(local.gettext(
                _("Say continue to go back to %(topic)s, part %(part)s."),
                topic=bare(local.title(self.tree.topics[offer.topic])), part=offer.segment + 1))
        lines += [local.title(home), local.segment_text(home.segments[-1]),
                  self._menu(local, home)]
        return self._say(replace(state, place=self.end_place(ROOT_TOPIC_ID), paused=False), lines)

    # -- moving -------------------------------------------------------------------------------

    def moves(self, place: Place, lang: str = SOURCE_LOCALE) -> dict[CommandName, Move]:
        """Where previous, next, up and home lead from `place`; a move that leads nowhere (back
        from the very beginning, on from the end of the article) is left out."""
        targets = {CommandName.PREVIOUS: self._before(place), CommandName.NEXT: self._after(place),
                   CommandName.UP: self._above(place),
                   CommandName.HOME: self.end_place(ROOT_TOPIC_ID)}
        local = self.localizers[lang]
        return {command: self._move(command, target, local)
                for command, target in targets.items() if target is not None}

    def topic_moves(self, topic_id: str, lang: str = SOURCE_LOCALE) -> dict[CommandName, Move]:
        """The moves of a topic taken whole (a page with all its parts): back from its first
        part, and on, up and home from its end."""
        moves = self.moves(self.end_place(topic_id), lang)
        before = self.moves(Place(topic_id, 0), lang).get(CommandName.PREVIOUS)
        moves.pop(CommandName.PREVIOUS, None)
        return {CommandName.PREVIOUS: before, **moves} if before else moves

    def is_end(self, place: Place) -> bool:
        return place.segment >= len(self._topic_at(place).segments)

    def menu(self, place: Place) -> list[Topic]:
        """The choices that numbers pick from here: a topic's children, or a leaf's siblings."""
        current = self._topic_at(place)
        return self.tree.children(current.id if current.children else
                                  current.parent or ROOT_TOPIC_ID)

    def _after(self, place: Place) -> Place | None:
        if not self.is_end(place):
            return Place(place.topic, place.segment + 1)
        following = self._in_reading_order(place.topic, 1)
        return Place(following.id, 0) if following else None

    def _before(self, place: Place) -> Place | None:
        if place.segment > 0:
            return Place(place.topic, min(place.segment, len(self._topic_at(place).segments)) - 1)
        preceding = self._in_reading_order(place.topic, -1)
        return Place(preceding.id, len(preceding.segments) - 1) if preceding else None

    def _in_reading_order(self, topic_id: str, step: int) -> Topic | None:
        """The topic `step` places after (or before) this one, as a book would have them."""
        order = self.tree.reading_order
        index = order.index(topic_id) + step
        return self.tree.topics[order[index]] if 0 <= index < len(order) else None

    def _above(self, place: Place) -> Place:
        """Up is the menu of the topic above; at home, home's own menu."""
        return self.end_place(self._topic_at(place).parent or ROOT_TOPIC_ID)

    def end_place(self, topic_id: str) -> Place:
        """A topic's end: its menu, or the way on."""
        return Place(topic_id, len(self.tree.topics[topic_id].segments))

    def _move(self, command: CommandName, target: Place, local: Localizer) -> Move:
        return Move(command, target, local.title(self.tree.topics[target.topic]),
                    self.is_end(target))

    def _next(self, state: State, _command: Command) -> Reply:
        target = self._after(state.place)
        if target is None:
            return self._say(state, [self._local(state).gettext(
                _("That is the end of the article. Say home for the main menu."))])
        return self._arrive(state, target)

    def _previous(self, state: State, _command: Command) -> Reply:
        target = self._before(state.place)
        if target is None:
            return self._say(state, [self._local(state).gettext(
                _("This is the beginning. Say next to go on."))])
        return self._arrive(state, target)

    def _up(self, state: State, _command: Command) -> Reply:
        return self._end_of_topic(state, self._topic_at(self._above(state.place)), title=True)

    def _arrive(self, state: State, place: Place) -> Reply:
        """Read what is at `place`, with the topic's title when the topic changes."""
        topic = self.tree.topics[place.topic]
        title = place.topic != state.place.topic
        if self.is_end(place):
            return self._end_of_topic(state, topic, title=title)
        return self._read(state, place, title=title)

    def _goto(self, state: State, command: Command) -> Reply:
        topic = self.tree.topics.get(str(command.argument))
        if topic is None:
            return self.not_understood(state)
        if topic.id == ROOT_TOPIC_ID:
            return self.greet(state)
        return self._enter(state, topic)

    def _choose(self, state: State, command: Command) -> Reply:
        choices = self.menu(state.place)
        number = int(command.argument or 0)
        if not 1 <= number <= len(choices):
            local = self._local(state)
            return self._say(state, [local.gettext(
                _("There is no number %(number)s here. Say a number from 1 to %(count)s."),
                number=number, count=len(choices))])
        return self._enter(state, choices[number - 1])

    def _enter(self, state: State, topic: Topic) -> Reply:
        return self._read(state, Place(topic.id, 0), title=True)

    def _read(self, state: State, place: Place, title: bool = False) -> Reply:
        local = self._local(state)
        topic = self.tree.topics[place.topic]
        lines = [local.title(topic)] if title else []
        lines.append(local.segment_text(topic.segments[place.segment]))
        return self._say(replace(state, place=place, paused=False), lines)

    def _end_of_topic(self, state: State, topic: Topic, title: bool = False) -> Reply:
        local = self._local(state)
        lines = [local.title(topic)] if title else []
        place = self.end_place(topic.id)
        if topic.children:
            lines.append(self._menu(local, topic))
        else:
            lines.append(self._what_next(local, topic, self.moves(place, local.lang)))
        return self._say(replace(state, place=place, paused=False), lines)

    def _what_next(self, local: Localizer, topic: Topic, moves: dict[CommandName, Move]) -> str:
        following = moves.get(CommandName.NEXT)
        if following is None:
            return local.gettext(_("That is the end of %(topic)s, and of the article. "
                                   "Say home for the main menu."), topic=bare(local.title(topic)))
        return local.gettext(
            _("That is the end of %(topic)s. Say next for %(next)s, or up for %(up)s."),
            topic=bare(local.title(topic)), next=bare(following.title),
            up=bare(moves[CommandName.UP].title))

    def _menu(self, local: Localizer, topic: Topic) -> str:
        """"Topics: Fatigue 1, Pain 2, …": each name before its number, so a person can say it
        (or its number) as soon as they hear theirs."""
        items = local.gettext(_(", ")).join(
            local.gettext(_("%(title)s %(number)s"), title=bare(local.title(child)), number=n)
            for n, child in enumerate(self.tree.children(topic.id), start=1))
        return local.gettext(_("Topics: %(items)s."), items=items)

    # -- saying again, asking -----------------------------------------------------------------

    def _repeat(self, state: State, _command: Command) -> Reply:
        if not state.last_said:
            return self._read(state, self._readable(state.place), title=True)
        return Reply(state, state.last_said)

    def _help(self, state: State, _command: Command) -> Reply:
        local = self._local(state)
        return self._say(state, [
            # two-syllable words where they are as natural ("go back", "go home", "number
            # one", "goodbye"): the recognizer hears them far more surely than one syllable
            local.gettext(_("You can say: next, go back, repeat, menu, go home, where am I, "
                            "pause, continue, slower, faster, a language, a topic's name or its "
                            "number (number one, number two…), or goodbye.")),
            local.gettext(_("On the keyboard: %(next)s next, %(previous)s back, %(repeat)s repeat, "
                            "%(up)s menu, %(home)s home, %(where)s where, %(pause)s pause, "
                            "%(slower)s slower, %(faster)s faster, %(language)s language, "
                            "%(goto)s to type a topic, %(quit)s quit."),
                          **self._first_keys(local)),
            self._question_help(local),
        ])

    def _question_help(self, local: Localizer) -> str:
        keys = self._first_keys(local)
        return local.gettext(_("To ask in your own words, say question (or press "
                               "%(question)s), then ask it; or press %(goto)s and type it."),
                             question=keys["question"], goto=keys["goto"])

    @staticmethod
    def _first_keys(local: Localizer) -> dict[str, str]:
        """Each command's first key in `commands.toml`, as it is said: "n", "space"."""
        return {name: local.gettext(SPOKEN_KEY_NAMES.get(keys[0], keys[0]))
                for name, keys in local.words.keys.items() if keys}

    def _short_help(self, local: Localizer) -> str:
        return local.gettext(_("You can say next, go back, repeat, menu, go home, help, "
                               "or a topic's name."))

    def _where(self, state: State, _command: Command) -> Reply:
        local = self._local(state)
        return self._say(state, [local.gettext(_("You are at %(place)s."),
                                               place=self._place_name(local, state.place))])

    def _place_name(self, local: Localizer, place: Place) -> str:
        """'Evidence, then Fatigue, part 2 of 3', or the menu of a topic."""
        path = self.tree.path(place.topic)
        titles = [bare(local.title(t)) for t in path[1:]] or [local.title(path[0])]
        names = local.gettext(_(", then ")).join(titles)
        count = len(self.tree.topics[place.topic].segments)
        if place.segment >= count:
            return local.gettext(_("%(path)s, the end"), path=names)
        return local.gettext(_("%(path)s, part %(part)s of %(count)s"),
                             path=names, part=place.segment + 1, count=count)

    # -- questions ----------------------------------------------------------------------------

    def _ask(self, state: State, command: Command) -> Reply:
        """The best answer, read from where it is; the others wait for `next_answer`. When the
        article does not answer, it says so and what can be asked, and counts as a miss, so
        the second in a row also lists the commands."""
        question = str(command.argument or "")
        found = self.answers(state.lang).ask(question) if self.answers and question else []
        if not found:
            return self._escalate(replace(state, answers=()), self.doesnt_say(state.lang))
        return self._read_answer(replace(state, misses=0), found[0], found[1:])

    def _question(self, state: State, _command: Command) -> Reply:
        """The cue for a spoken question. The cue is not kept for `repeat`: repeating goes on
        saying where the person is."""
        return self._say(replace(state, awaiting_question=True),
                         [self._local(state).gettext(_("Ask your question."))], remember=False)

    def _next_answer(self, state: State, _command: Command) -> Reply:
        if not state.answers:
            return self._say(state, [self._local(state).gettext(
                _("There are no more answers. Ask another question, or say next to go on."))])
        return self._read_answer(state, state.answers[0], state.answers[1:])

    def _read_answer(self, state: State, answer: Answer, others: tuple[Answer, ...]) -> Reply:
        local = self._local(state)
        topic = self.tree.topics[answer.topic]
        line = local.gettext(_("From %(topic)s: %(text)s"), topic=bare(local.title(topic)),
                             text=answer.text)
        return self._say(replace(state, place=Place(topic.id, answer.part), paused=False,
                                 answers=tuple(others)), [line])

    def doesnt_say(self, lang: str) -> str:
        """What is said when the article does not answer a question: so, and what it does."""
        local = self.localizers[lang]
        names = [local.topic_names(self.tree.topics[t])[0] for t in SUGGESTED_TOPICS
                 if t in self.tree.topics]
        return local.gettext(_("The article doesn't say. You can ask about %(topics)s."),
                             topics=format_list(names, style="or", locale=local.lang))

    # -- pace, pause, language, quit ----------------------------------------------------------

    def _pause(self, state: State, _command: Command) -> Reply:
        return self._say(replace(state, paused=True), [self._local(state).gettext(
            _("Paused. Say continue when you are ready."))], remember=False)

    def _resume(self, state: State, _command: Command) -> Reply:
        target = state.resume_offer or self._readable(state.place)
        return self._read(replace(state, resume_offer=None), target,
                          title=state.resume_offer is not None)

    def _slower(self, state: State, _command: Command) -> Reply:
        return self._change_rate(state, within_limits(round(state.rate / PACE_STEP)),
                                 _("Slower."), _("This is the slowest speed."))

    def _faster(self, state: State, _command: Command) -> Reply:
        return self._change_rate(state, within_limits(round(state.rate * PACE_STEP)),
                                 _("Faster."), _("This is the fastest speed."))

    def _change_rate(self, state: State, rate: int, changed: str, at_limit: str) -> Reply:
        message = changed if rate != state.rate else at_limit
        return self._say(replace(state, rate=rate), [self._local(state).gettext(message)],
                         remember=False)

    def _language(self, state: State, command: Command) -> Reply:
        codes = list(self.localizers)
        lang = str(command.argument) if command.argument else codes[
            (codes.index(state.lang) + 1) % len(codes)]
        if lang not in self.localizers:
            return self.not_understood(state)
        state = replace(state, lang=lang)
        local = self._local(state)
        place = self._readable(state.place)
        topic = self.tree.topics[place.topic]
        segment = topic.segments[place.segment]
        return self._say(replace(state, place=place),
                         [local.autonym + ".", local.title(topic), local.segment_text(segment)])

    def _quit(self, state: State, _command: Command) -> Reply:
        return Reply(state, (self._local(state).gettext(_("Goodbye.")),), finished=True)

    # -- helpers ------------------------------------------------------------------------------

    def _local(self, state: State) -> Localizer:
        return self.localizers[state.lang]

    def _topic_at(self, place: Place) -> Topic:
        return self.tree.topics[place.topic]

    def _readable(self, place: Place) -> Place:
        """The same place, moved onto a segment when it is at a topic's end."""
        count = len(self.tree.topics[place.topic].segments)
        return Place(place.topic, min(place.segment, count - 1))

    def _offerable(self, place: Place) -> Place | None:
        """A saved place worth offering: one that still exists and is not the home menu."""
        topic = self.tree.topics.get(place.topic)
        if topic is None or topic.id == ROOT_TOPIC_ID or not 0 <= place.segment <= len(
                topic.segments):
            return None
        return self._readable(place)

    @staticmethod
    def _say(state: State, lines: list[str], remember: bool = True) -> Reply:
        said = tuple(lines)
        return Reply(replace(state, last_said=said) if remember else state, said)
