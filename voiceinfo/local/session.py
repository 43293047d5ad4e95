"""One person's session with the guide, shared by every input of the local front end.

A `Session` drives the navigator and keeps the place after every command. What it says goes to
an `Output`: printed lines (`PrintedOutput`, here) or speech (`voiceinfo.speech.output`).

The main thread handles one input at a time; the key and microphone threads read the session's
language, to parse what comes next, and report problems. So the state is replaced and read under
a lock (`Session.state`, `Session.lang`), and so are the problems already reported.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Protocol, runtime_checkable

from voiceinfo.bookmark import Bookmark
from voiceinfo.commands import Command
from voiceinfo.environment import Environment
from voiceinfo.guide import Guide
from voiceinfo.navigator import Reply, State


@runtime_checkable
class Output(Protocol):
    """Where replies go. The main thread says them; the input threads interrupt them and read
    `speaking`, so those two must be safe from any thread."""

    #: Set while a reply is being said aloud: the microphone hears the speakers then.
    speaking: threading.Event
    #: When the first sample of the last reply went out (`time.perf_counter()`), or None when
    #: that is unknown or nothing was spoken; for latency figures.
    first_sample_at: float | None

    def say(self, reply: Reply) -> None:
        """Returns when the reply has been said, or cut off."""

    def interrupt(self) -> None:
        """Barge-in: stop saying the current reply now."""


class PrintedOutput:
    """Each utterance as one plain line: no colour, no cursor tricks, for screen readers."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        #: Never set: a printed line is out at once, so the microphone never hears it.
        self.speaking = threading.Event()
        self.first_sample_at: float | None = None

    def say(self, reply: Reply) -> None:
        for line in reply.said:
            self.env.say(line)

    def interrupt(self) -> None:
        """Nothing to cut off: every line is printed whole, at once."""


class Session:
    """One person's run through the guide."""

    def __init__(self, guide: Guide, env: Environment, output: Output,
                 lang: str | None = None, rate: int | None = None) -> None:
        self.guide, self.env, self.output = guide, env, output
        self.bookmark = Bookmark(env.state_dir, tuple(guide.localizers))
        #: The language and rate asked for on the command line, if any, over the saved ones.
        self.asked_lang, self.asked_rate = lang, rate
        self._state = State()
        self._state_lock = threading.Lock()
        self._reported: set[str] = set()
        self._reported_lock = threading.Lock()

    @property
    def state(self) -> State:
        with self._state_lock:
            return self._state

    @property
    def lang(self) -> str:
        """The language of this moment, to parse the next key, line or spoken command in."""
        return self.state.lang

    def start(self) -> Reply:
        loaded = self.bookmark.load()
        self.report(loaded.problem)
        saved = loaded.state
        asked = self.asked_lang or self.asked_rate
        if saved and asked:
            saved = replace(saved, lang=self.asked_lang or saved.lang,
                            rate=self.asked_rate or saved.rate)
        elif saved is None and asked:
            saved = State(lang=self.asked_lang or State.lang, rate=self.asked_rate or State.rate)
        return self._said(self.guide.navigator.start(saved), save=False)

    def handle(self, command: Command) -> Reply:
        return self._said(self.guide.navigator.handle(self.state, command))

    def no_input(self) -> Reply:
        return self._said(self.guide.navigator.no_input(self.state), save=False)

    def parse_typed(self, text: str) -> Command:
        return self.guide.parse_typed(text, self.lang)

    def localized(self, message: str, **values) -> str:
        """An interface message in the language of this moment."""
        return self.guide.localizer(self.lang).gettext(message, **values)

    def _said(self, reply: Reply, save: bool = True) -> Reply:
        with self._state_lock:
            self._state = reply.state
        self.report(self.guide.localizers.problems.get(reply.state.lang))
        self.output.say(reply)
        if save:
            self.report(self.bookmark.save(reply.state))
        return reply

    def report(self, problem: str | None) -> None:
        """Each problem once, in one line, and the program carries on; from any thread."""
        if not problem:
            return
        with self._reported_lock:
            if problem in self._reported:
                return
            self._reported.add(problem)
        self.env.warn(problem)
