"""One telephone call's conversation: pure, no SIP and no sound.

A call opens with the choice of language, each offered in its own words and voice; then it is a
session of the one `Navigator`, as the loop and the navigate API are: the same command gives the
same lines. What is the phone's own is said here: the keys in the help (a caller has a keypad,
not a keyboard), the offer to end the call, and the goodbyes of a line left silent too long or
a call at its time limit. Each input gives a `Turn`: the lines to say, each in its language.
"""

from __future__ import annotations

from dataclasses import dataclass

from voiceinfo.commands import NOT_UNDERSTOOD, Command, CommandName
from voiceinfo.content import MENU_NUMBERS
from voiceinfo.guide import Guide
from voiceinfo.i18n import Localizer, _
from voiceinfo.navigator import Reply, State
from voiceinfo.phone.keys import PhoneKeys

#: How the keys that are not digits are said.
SPOKEN_KEYS = {"#": _("hash"), "*": _("star")}
#: Silences in a row at the opening menu before it goes on in the first language: the menu is
#: said again once, and a caller who presses nothing still hears the guide.
OPENING_REPEATS = 1


@dataclass(frozen=True)
class Line:
    """One line to say, in its language's voice."""

    text: str
    lang: str
    rate: int = State.rate


@dataclass(frozen=True)
class Turn:
    """What the call says after one input."""

    lines: tuple[Line, ...]
    #: Hang up once the lines are said.
    hang_up: bool = False
    #: The turn ends with the offer to end the call: the quit key, pressed once the turn has
    #: been said whole (and nothing else since), says goodbye.
    offers_quit: bool = False


class Conversation:
    """One caller's way through the guide; one thread drives it."""

    def __init__(self, guide: Guide, keys: PhoneKeys) -> None:
        self.guide, self.keys = guide, keys
        #: None until a language is chosen.
        self.state: State | None = None
        self._opening_silences = 0

    @property
    def lang(self) -> str:
        """The language of this moment, to hear speech in (the first offered, before a choice)."""
        return self.state.lang if self.state else self.keys.languages[0]

    @property
    def awaiting_question(self) -> bool:
        return bool(self.state and self.state.awaiting_question)

    def opening(self) -> Turn:
        """"For English, press 1. Para español, oprima 2. …", each in its own voice: each
        catalog words its own language's line ("For English" is the English one's)."""
        return Turn(tuple(
            Line(self._local(lang).gettext(_("For English, press %(key)s."),
                                           key=self.keys.language_key(lang)), lang)
            for lang in self.keys.languages))

    def key(self, key: str, quit_offered: bool = False) -> Turn:
        if self.state is None:
            lang = self.keys.language(key)
            return self._begin(lang) if lang else self.opening()
        command = self.keys.command(key, self.guide.navigator, self.state, quit_offered)
        return self.command(command or NOT_UNDERSTOOD, quit_offered)

    def command(self, command: Command, quit_offered: bool = False) -> Turn:
        """A command heard or pressed. Quit ends the call only once the help has offered it
        (`quit_offered`), said or pressed: before that it is the help, which offers it. A
        misheard word must not hang up on a caller ("next" over G.722 was once heard as
        "exit"), and one who meant it hears how to leave, and hangs up or says it again."""
        if self.state is None:
            if command.name is CommandName.LANGUAGE and command.argument in self.keys.languages:
                return self._begin(str(command.argument))
            return self.opening()
        if command.name is CommandName.HELP or (
                command.name is CommandName.QUIT and not quit_offered):
            return self._help()
        return self._turn(self.guide.navigator.handle(self.state, command))

    def no_input(self) -> Turn:
        """Silence after a turn (VoiceXML's noinput): at the opening, the menu again, then the
        first language; after that the navigator's prompt, and then with the keys too."""
        if self.state is None:
            self._opening_silences += 1
            if self._opening_silences > OPENING_REPEATS:
                return self._begin(self.keys.languages[0])
            return self.opening()
        reply = self.guide.navigator.no_input(self.state)
        turn = self._turn(reply)
        if len(reply.said) > 1:  # the second silence: what can be said, and pressed
            turn = Turn((*turn.lines, self._line(self._keypad_help())))
        return turn

    def idle_goodbye(self) -> Turn:
        return self._goodbye(_("We have not heard from you for a while. Goodbye."))

    def time_up(self) -> Turn:
        return self._goodbye(_("This call has reached its time limit. Goodbye."))

    def _goodbye(self, message: str) -> Turn:
        return Turn((self._line(self._local(self.lang).gettext(message)),), hang_up=True)

    def _begin(self, lang: str) -> Turn:
        return self._turn(self.guide.navigator.start(State(lang=lang)))

    def _help(self) -> Turn:
        """The keypad first (the caller has one in hand), then the offer to end the call; the
        navigator's help lists a keyboard's keys, which a caller has not got."""
        local = self._local(self.lang)
        offer = local.gettext(_("To end the call, press %(key)s again."), key=self.keys.quit)
        return Turn((self._line(f"{self._keypad_help()} {offer}"),), offers_quit=True)

    def _keypad_help(self) -> str:
        local = self._local(self.lang)

        def said(name: CommandName) -> str:
            key = self.keys.key_for(name)
            return local.gettext(SPOKEN_KEYS[key]) if key in SPOKEN_KEYS else key

        return local.gettext(
            # a pause after each key, so that each is heard with its own command
            _("On the keypad: 1 to %(last)s, choose from the menu; %(next)s, next; "
              "%(previous)s, back; %(repeat)s, repeat; %(up)s, the menu; %(help)s, help."),
            last=MENU_NUMBERS[-1], next=said(CommandName.NEXT),
            previous=said(CommandName.PREVIOUS), repeat=said(CommandName.REPEAT),
            up=said(CommandName.UP), help=said(CommandName.HELP))

    def _turn(self, reply: Reply) -> Turn:
        self.state = reply.state
        return Turn(tuple(Line(text, reply.state.lang, reply.state.rate) for text in reply.said),
                    hang_up=reply.finished)

    def _line(self, text: str) -> Line:
        state = self.state or State(lang=self.lang)
        return Line(text, state.lang, state.rate)

    def _local(self, lang: str) -> Localizer:
        return self.guide.localizer(lang)
