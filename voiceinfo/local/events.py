"""Every input of the local front end as a `Heard` event, in the order it came.

From WAV files (`--audio-in`), one after another; or live, from the keyboard and the microphone
on threads of their own, feeding one queue that the main thread takes from. A key or a spoken
command cuts the speech off as it is put on the queue (barge-in), before its turn comes.

Speech in is imported only when it is listened to: the key thread alone needs none of it.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from voiceinfo.commands import NOT_UNDERSTOOD, Command, CommandName
from voiceinfo.environment import Environment
from voiceinfo.local.keys import CTRL_C, CTRL_D, cbreak, typed_line
from voiceinfo.local.session import Output, Session

if TYPE_CHECKING:
    from voiceinfo.speech.recognition import Recognizers

#: Seconds of silence after a reply before the noinput prompt, once per reply.
NOINPUT_SECONDS = 10.0


@dataclass(frozen=True)
class Heard:
    """One input: a command, or None when nothing was said (noinput)."""

    command: Command | None
    #: When the input ended (key pressed, end of the spoken command), for latency figures.
    at: float = field(default_factory=time.perf_counter)
    #: A typed line, parsed when its turn comes, in the language of that moment.
    typed: str | None = None


@dataclass(frozen=True)
class Closed:
    """On the queue: an input has ended (the keyboard at the end of piped input, or the
    microphone when it cannot be used); the events end when every input has."""

    input: str


#: On the queue: Ctrl-C on the key thread, raised again in the main thread.
INTERRUPTED = object()


def file_events(paths: Iterable[Path], session: Session, recognizers: Recognizers,
                warn: Callable[[str], None]) -> Iterator[Heard]:
    """Each file as one spoken command, in order; a file that cannot be read is skipped."""
    from voiceinfo.speech.capture import AudioUnreadable, read_audio
    from voiceinfo.speech.recognition import Outcome, RecognitionUnavailable
    for path in paths:
        try:
            audio = read_audio(Path(path))
        except AudioUnreadable as error:
            warn(str(error))
            continue
        ended = time.perf_counter()
        try:
            result = recognizers(session.lang).recognize(audio)
        except RecognitionUnavailable as error:  # an online engine that went away
            warn(str(error))
            return
        yield Heard(None if result.outcome is Outcome.NOINPUT else result.command, ended)


class LiveInput:
    """Keys and the microphone on their own threads, feeding one queue.

    The threads share only thread-safe things with the main thread: the queue, the events
    below, the output's `interrupt()` and `speaking`, and the session's language (read under
    its lock); the recognizers make each language's recognizer under a lock of their own.
    """

    def __init__(self, env: Environment, session: Session, output: Output,
                 recognizers: Recognizers | None, push_to_talk: bool) -> None:
        self.env, self.session, self.output = env, session, output
        self.recognizers, self.push_to_talk = recognizers, push_to_talk
        self.events: queue.Queue = queue.Queue()
        #: Push to talk: Enter was pressed, so listen for one command.
        self.talk = threading.Event()
        #: A reply was given since the last noinput prompt, so silence may prompt again.
        self.replied = threading.Event()

    def events_until_done(self) -> Iterator[Heard]:
        threading.Thread(target=self._keys, daemon=True, name="keys").start()
        still_open = {"keys"}
        if self.recognizers is not None:
            threading.Thread(target=self._microphone, daemon=True, name="microphone").start()
            still_open.add("microphone")
        while still_open:
            event = self.events.get()
            if event is INTERRUPTED:
                raise KeyboardInterrupt
            if isinstance(event, Exception):
                raise event
            if isinstance(event, Closed):
                still_open.discard(event.input)
                continue
            yield event
            self.replied.set()

    def _put(self, event: Heard) -> None:
        """A command that cuts the speech off at once, then waits for its turn."""
        self.output.interrupt()
        self.events.put(event)

    def _keys(self) -> None:
        try:
            if self.env.stdin_isatty:
                self._read_keys()
            else:
                for line in self.env.stdin:  # piped lines are a script: no barge-in
                    if line.strip():
                        self.events.put(Heard(None, typed=line))
        except KeyboardInterrupt:
            self.events.put(INTERRUPTED)
            return
        except (OSError, ValueError):  # the terminal went away
            pass
        except Exception as error:  # raised again in the loop, which reports it in one line
            self.events.put(error)
            return
        self.events.put(Closed("keys"))  # end of piped input; a terminal's Ctrl-D is a quit

    def _read_keys(self) -> None:
        with cbreak(self.env.stdin) as read_key:
            for key in iter(read_key, None):
                if key == CTRL_C:
                    raise KeyboardInterrupt
                if key == CTRL_D:
                    self._put(Heard(Command(CommandName.QUIT)))
                    return
                if key == "ENTER" and self.recognizers is not None:
                    self.output.interrupt()  # push to talk: quiet, then listen for one command
                    self.talk.set()
                    continue
                if key == "/":
                    self.output.interrupt()
                    self.events.put(Heard(typed_line(self.env, self.session)))
                    continue
                vocabulary = self.session.guide.vocabulary(self.session.lang)
                self._put(Heard(vocabulary.parse_key(key) or NOT_UNDERSTOOD))

    def _microphone(self) -> None:
        from voiceinfo.speech.recognition import RecognitionUnavailable
        try:
            self._listen()
        except RecognitionUnavailable as error:  # English cannot be heard, or an online
            self.session.report(str(error))      # engine went away: keys carry on alone
        except OSError as error:  # the device failed mid-run
            self.session.report(f"the microphone stopped ({error}); keys still work")
        except Exception as error:  # raised again in the loop, which reports it in one line
            self.events.put(error)
            return
        self.events.put(Closed("microphone"))

    def _listen(self) -> None:
        from voiceinfo.speech.capture import MicrophoneListener, NoMicrophone
        from voiceinfo.speech.recognition import Outcome
        listener = MicrophoneListener()
        try:
            listener.open()
        except NoMicrophone:
            return
        speaking = self.output.speaking
        while True:
            if self.push_to_talk:
                self.talk.wait()
            self.talk.clear()
            audio = listener.listen(timeout=NOINPUT_SECONDS)
            if audio is None:
                if self.replied.is_set() and not speaking.is_set():
                    self.replied.clear()  # the noinput prompt once a reply, not every 10 s
                    self.events.put(Heard(None))
                continue
            ended = time.perf_counter()
            result = self.recognizers(self.session.lang).recognize(audio)
            if result.outcome is Outcome.COMMAND:
                self._put(Heard(result.command, ended))
            elif result.outcome is Outcome.NOMATCH and not speaking.is_set():
                # while it talks, the microphone hears the speakers: only commands count then
                self.events.put(Heard(NOT_UNDERSTOOD, ended))
