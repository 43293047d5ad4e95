"""The navigator: where the person is in the tree, and what to say after each command.

Pure: `Navigator.handle(state, command)` returns a `Reply` with the new state and the lines to
say; nothing here speaks, prints, listens or stores. The spoken loop, the text loop and any
other front end all drive this one object, so they behave the same.

A place is a topic and a segment index; the index one past the last segment is the topic's end,
where a topic with children offers its menu and a leaf says what comes next.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from voiceinfo.commands import Command, CommandName
from voiceinfo.content import ROOT_TOPIC_ID, Topic, Tree
from voiceinfo.i18n import SOURCE_LOCALE, Localizer, _

DEFAULT_RATE = 160
MIN_RATE, MAX_RATE = 80, 400
RATE_STEP = 1.1


@dataclass(frozen=True)
class Place:
    topic: str
    segment: int = 0


@dataclass(frozen=True)
class State:
    place: Place = Place(ROOT_TOPIC_ID)
    lang: str = SOURCE_LOCALE
    rate: int = DEFAULT_RATE
    paused: bool = False
    #: Where the person was last time, offered once after the greeting ("say continue").
    resume_offer: Place | None = None
    #: Commands not understood in a row, for escalating prompts.
    misses: int = 0
    #: What was said last, for `repeat`.
    last_said: tuple[str, ...] = ()


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

    def __init__(self, tree: Tree, localizers: Mapping[str, Localizer]) -> None:
        self.tree = tree
        self.localizers = localizers
        self._handlers: dict[CommandName, Callable[[State, Command], Reply]] = {
            CommandName.NEXT: self._next, CommandName.PREVIOUS: self._previous,
            CommandName.REPEAT: self._repeat, CommandName.UP: self._up,
            CommandName.HOME: lambda state, _: self.greet(state),
            CommandName.HELP: self._help, CommandName.WHERE: self._where,
            CommandName.PAUSE: self._pause, CommandName.RESUME: self._resume,
            CommandName.SLOWER: self._slower, CommandName.FASTER: self._faster,
            CommandName.LANGUAGE: self._language, CommandName.GOTO: self._goto,
            CommandName.CHOOSE: self._choose, CommandName.QUIT: self._quit,
        }

    # -- entry points -------------------------------------------------------------------------

    def start(self, saved: State | None = None) -> Reply:
        """The greeting; a saved place away from home is offered, never asked about."""
        state = State() if saved is None else replace(
            State(lang=saved.lang, rate=saved.rate), resume_offer=self._offerable(saved.place))
        return self.greet(state)

    def handle(self, state: State, command: Command) -> Reply:
        if command.name is CommandName.NONE:
            return self.not_understood(state)
        if command.name is not CommandName.RESUME:
            state = replace(state, resume_offer=None)
        state = replace(state, misses=0)
        return self._handlers[command.name](state, command)

    def not_understood(self, state: State) -> Reply:
        """VoiceXML's nomatch: a short apology, then the list of what can be said."""
        return self._escalate(state, _("Sorry, I didn't catch that."))

    def no_input(self, state: State) -> Reply:
        """VoiceXML's noinput: nothing was heard; the second time, what can be said."""
        return self._escalate(state, _("I didn't hear anything."))

    def _escalate(self, state: State, apology: str) -> Reply:
        local = self._local(state)
        lines = [local.gettext(apology)]
        if state.misses >= 1:
            lines.append(self._short_help(local))
        return self._say(replace(state, misses=state.misses + 1), lines, remember=False)

    def greet(self, state: State) -> Reply:
        local = self._local(state)
        home = self.tree.root
        lines = [local.title(home), *(local.segment_text(s) for s in home.segments)]
        lines.append(self._menu(local, home))
        if state.resume_offer:
            offer = state.resume_offer
            lines.append(local.gettext(
                _("Say continue to go back to %(topic)s, part %(part)s."),
                topic=bare(local.title(self.tree.topics[offer.topic])), part=offer.segment + 1))
        place = Place(ROOT_TOPIC_ID, len(home.segments))
        return self._say(replace(state, place=place, paused=False), lines)

    # -- moving -------------------------------------------------------------------------------

    def _next(self, state: State, _command: Command) -> Reply:
        topic, index = self._topic(state), state.place.segment
        if index + 1 < len(topic.segments):
            return self._read(state, Place(topic.id, index + 1))
        if index + 1 == len(topic.segments):
            return self._end_of_topic(state, topic)
        following = self.tree.following(topic.id)
        if following is None:
            return self._say(state, [self._local(state).gettext(
                _("That is the end of the article. Say home for the main menu."))])
        return self._enter(state, following)

    def _previous(self, state: State, _command: Command) -> Reply:
        topic, index = self._topic(state), state.place.segment
        if index > 0:
            return self._read(state, Place(topic.id, min(index, len(topic.segments)) - 1))
        preceding = self.tree.preceding(topic.id)
        if preceding is None:
            return self._say(state, [self._local(state).gettext(
                _("This is the beginning. Say next to go on."))])
        return self._read(state, Place(preceding.id, len(preceding.segments) - 1), title=True)

    def _up(self, state: State, _command: Command) -> Reply:
        parent_id = self._topic(state).parent or ROOT_TOPIC_ID
        parent = self.tree.topics[parent_id]
        if parent_id == ROOT_TOPIC_ID:
            local = self._local(state)
            return self._say(replace(state, place=Place(ROOT_TOPIC_ID, len(parent.segments))),
                             [local.title(parent), self._menu(local, parent)])
        return self._end_of_topic(state, parent, title=True)

    def _goto(self, state: State, command: Command) -> Reply:
        topic = self.tree.topics.get(str(command.argument))
        if topic is None:
            return self.not_understood(state)
        if topic.id == ROOT_TOPIC_ID:
            return self.greet(state)
        return self._enter(state, topic)

    def _choose(self, state: State, command: Command) -> Reply:
        current = self._topic(state)
        menu_topic = current if current.children else self.tree.topics[
            current.parent or ROOT_TOPIC_ID]
        children = self.tree.children(menu_topic.id)
        number = int(command.argument or 0)
        if not 1 <= number <= len(children):
            local = self._local(state)
            return self._say(state, [local.gettext(
                _("There is no number %(number)s here. Say a number from 1 to %(count)s."),
                number=number, count=len(children))])
        return self._enter(state, children[number - 1])

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
        if topic.children:
            lines.append(self._menu(local, topic))
        else:
            lines.append(self._what_next(local, topic))
        place = Place(topic.id, len(topic.segments))
        return self._say(replace(state, place=place, paused=False), lines)

    def _what_next(self, local: Localizer, topic: Topic) -> str:
        following = self.tree.following(topic.id)
        parent = self.tree.topics[topic.parent or ROOT_TOPIC_ID]
        if following is None:
            return local.gettext(_("That is the end of %(topic)s, and of the article. "
                                   "Say home for the main menu."), topic=bare(local.title(topic)))
        return local.gettext(
            _("That is the end of %(topic)s. Say next for %(next)s, or up for %(up)s."),
            topic=bare(local.title(topic)), next=bare(local.title(following)),
            up=bare(local.title(parent)))

    def _menu(self, local: Localizer, topic: Topic) -> str:
        items = " ".join(local.gettext(_("%(number)s, %(title)s."), number=n,
                                       title=bare(local.title(child)))
                         for n, child in enumerate(self.tree.children(topic.id), start=1))
        return local.gettext(_("Choose a number or say a name. %(items)s"), items=items)

    # -- saying again, asking -----------------------------------------------------------------

    def _repeat(self, state: State, _command: Command) -> Reply:
        if not state.last_said:
            return self._read(state, self._readable(state.place), title=True)
        return Reply(state, state.last_said)

    def _help(self, state: State, _command: Command) -> Reply:
        local = self._local(state)
        return self._say(state, [
            local.gettext(_("You can say: next, back, repeat, menu, home, where am I, pause, "
                            "continue, slower, faster, a language, a number from the menu, "
                            "a topic's name, or quit.")),
            local.gettext(_("On the keyboard: n next, b back, r repeat, u menu, h home, "
                            "w where, space pause, minus slower, plus faster, l language, "
                            "slash to type a topic, q quit.")),
        ])

    def _short_help(self, local: Localizer) -> str:
        return local.gettext(_("You can say next, back, repeat, menu, home, help, "
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

    # -- pace, pause, language, quit ----------------------------------------------------------

    def _pause(self, state: State, _command: Command) -> Reply:
        return self._say(replace(state, paused=True), [self._local(state).gettext(
            _("Paused. Say continue when you are ready."))], remember=False)

    def _resume(self, state: State, _command: Command) -> Reply:
        target = state.resume_offer or self._readable(state.place)
        return self._read(replace(state, resume_offer=None), target,
                          title=state.resume_offer is not None)

    def _slower(self, state: State, _command: Command) -> Reply:
        return self._change_rate(state, max(MIN_RATE, round(state.rate / RATE_STEP)),
                                 _("Slower."), _("This is the slowest speed."))

    def _faster(self, state: State, _command: Command) -> Reply:
        return self._change_rate(state, min(MAX_RATE, round(state.rate * RATE_STEP)),
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

    def _topic(self, state: State) -> Topic:
        return self.tree.topics[state.place.topic]

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
