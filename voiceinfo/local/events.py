"""Every input of the local front end as a `Heard` event, in the order it came.

From WAV files (`--audio-in`), one after another; or live, from the keyboard and the microphone
on threads of their own, feeding one queue that the main thread takes from. The threads start
before the greeting, so a key works at any moment; a key or a spoken command cuts the speech off
as it is put on the queue (barge-in), before its turn comes. When nothing is heard for
`NOINPUT_SECONDS` after a reply has ended, a noinput event comes instead: twice at most (the
navigator escalates the second), then quiet until the person says or presses something.

Speech in is imported only when it is listened to: the key thread alone needs none of it.
"""

from __future__ import annotations

import concurrent.futures
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from voiceinfo.commands import NOT_UNDERSTOOD, Command, CommandName
from voiceinfo.environment import Environment
from voiceinfo.i18n import _
from voiceinfo.local.devices import log_reason
from voiceinfo.local.keys import CTRL_C, CTRL_D, cbreak, typed_line
from voiceinfo.local.session import Output, Session
from voiceinfo.speech import timeline

if TYPE_CHECKING:
    import speech_recognition as sr

    from voiceinfo.speech.recognition import Recognition, Recognizers

#: Seconds of silence after a reply has ended before the noinput prompt.
NOINPUT_SECONDS = 10.0
#: Noinput prompts in a row at most: "I didn't hear anything", then the same with what can be
#: said; after that a silent room stays silent.
NOINPUT_PROMPTS = 2
#: Push to talk: how long after the press a command may take to begin.
PUSH_TO_TALK_SECONDS = 5.0
#: How often a lost microphone is tried again.
REOPEN_SECONDS = 2.0


@dataclass(frozen=True)
class Heard:
    """One input: a command, or None when nothing was said (noinput)."""

    command: Command | None
    #: When the input ended (key pressed, end of the spoken command), for latency figures.
    at: float = field(default_factory=time.perf_counter)
    #: A typed line, parsed when its turn comes, in the language of that moment.
    typed: str | None = None
    #: A line about the front end itself ("No microphone was found"), said in its turn in the
    #: language of that moment.
    notice: str | None = None


@dataclass(frozen=True)
class Closed:
    """On the queue: an input has ended (the keyboard at the end of piped input, or the
    microphone when it cannot be used); the events end when every input has."""

    input: str


#: On the queue: Ctrl-C on the key thread, raised again in the main thread.
INTERRUPTED = object()


def heard_question(recognizers: Recognizers, lang: str, audio, ended: float) -> Heard:
    """After the cue for a spoken question: the words heard, parsed in their turn as a typed line
    is (a command said instead, such as "go back", still works; other words are the question),
    or noinput when nothing was said."""
    transcript = recognizers.question_transcriber(lang).transcribe(audio)
    timeline.mark("decoded", "QUESTION")
    return Heard(None, ended, typed=transcript.words) if transcript.heard_speech else Heard(
        None, ended)


def file_events(paths: Iterable[Path], session: Session, recognizers: Recognizers,
                warn: Callable[[str], None]) -> Iterator[Heard]:
    """Each file as one spoken command (or, after the cue, a question), in order; a file that
    cannot be read is skipped."""
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
            if session.state.awaiting_question:
                yield heard_question(recognizers, session.lang, audio, ended)
                continue
            result = recognizers(session.lang).recognize(audio)
        except RecognitionUnavailable as error:  # an online engine that went away
            warn(str(error))
            return
        yield Heard(None if result.outcome is Outcome.NOINPUT else result.command, ended)


class DecodingAhead:
    """Decodes a command's audio on a thread of its own as soon as the microphone guesses that
    the command has ended (`capture.GUESS_QUIET_FRAMES`), so that when the end is sure the
    words are ready or nearly; a guess that did not hold is decoded for nothing."""

    def __init__(self, decode: Callable[[sr.AudioData], Recognition]) -> None:
        self._decode = decode
        self._worker = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="decoding")
        self._audio: sr.AudioData | None = None
        self._decoding: concurrent.futures.Future | None = None

    def start(self, audio: sr.AudioData) -> None:
        self._audio, self._decoding = audio, self._worker.submit(self._decode, audio)

    def result(self, audio: sr.AudioData) -> Recognition:
        if self._decoding is not None and audio is self._audio:
            return self._decoding.result()
        return self._decode(audio)


class LiveInput:
    """Keys and the microphone on their own threads, feeding one queue.

    The threads share only thread-safe things with the main thread: the queue, the push-to-talk
    event, the output's `interrupt()` and `speaking`, and the session's language (read under its
    lock); the recognizers make each language's recognizer under a lock of their own.
    """

    def __init__(self, env: Environment, session: Session, output: Output,
                 push_to_talk: bool = False) -> None:
        self.env, self.session, self.output = env, session, output
        self.push_to_talk = push_to_talk
        #: Made by the microphone's thread, when the microphone is listened to.
        self.recognizers: Recognizers | None = None
        self._load_recognizers: Callable[[], Recognizers] | None = None
        self.events: queue.Queue = queue.Queue()
        #: Push to talk: Enter was pressed, so listen for one command.
        self.talk = threading.Event()
        #: The microphone is open and listening (not lost, not yet opened).
        self.hearing = threading.Event()
        #: Whether there is a microphone is known (or none is wanted): piped lines, a script,
        #: wait for it, so that what is said about the microphone comes before their replies.
        self.settled = threading.Event()
        self.settled.set()
        #: The microphone failed and has not come back yet (only the microphone thread uses it).
        self._lost = False
        self._open = {"keys"}

    def start_keys(self) -> None:
        """Before anything is said, so that a key works during the greeting too."""
        threading.Thread(target=self._keys, daemon=True, name="keys").start()

    def start_microphone(self, load_recognizers: Callable[[], Recognizers]) -> None:
        """Listens on a thread of its own, which makes the recognizers first: importing speech
        recognition takes a third of a second that the greeting need not wait for."""
        self._load_recognizers = load_recognizers
        self.settled.clear()
        self._open.add("microphone")
        threading.Thread(target=self._microphone, daemon=True, name="microphone").start()

    def events_until_done(self) -> Iterator[Heard]:
        prompts = 0
        while self._open:
            event = self._next_event(prompts < NOINPUT_PROMPTS)
            if event is None:
                prompts += 1
                yield Heard(None)
                continue
            if event is INTERRUPTED:
                raise KeyboardInterrupt
            if isinstance(event, Exception):
                raise event
            if isinstance(event, Closed):
                self._open.discard(event.input)
                continue
            if event.notice is None:
                prompts = 0
            yield event

    def _next_event(self, may_prompt: bool) -> object | None:
        """The next input, or None when the hands-free silence after a reply has lasted
        `NOINPUT_SECONDS`; the wait starts here, once the reply has been said."""
        hands_free = self.hearing.is_set() and not self.push_to_talk
        try:
            return self.events.get(timeout=NOINPUT_SECONDS if hands_free and may_prompt else None)
        except queue.Empty:
            return None

    def _put(self, event: Heard) -> None:
        """A command that cuts the speech off at once, then waits for its turn."""
        self.output.interrupt()
        self.events.put(event)
        if (event.command is not None and event.command.name is CommandName.QUESTION
                and self.recognizers is not None):
            # the question model loads while the cue is said, not after the question
            threading.Thread(target=self._load_questions, daemon=True,
                             name="questions").start()

    def _load_questions(self) -> None:
        from voiceinfo.speech.recognition import RecognitionUnavailable
        try:
            self.recognizers.question_transcriber(self.session.lang)
        except RecognitionUnavailable as error:
            self.session.report(str(error))

    def _keys(self) -> None:
        try:
            if self.env.stdin_isatty:
                self._read_keys()
            else:
                self.settled.wait()
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
                timeline.mark("key", key)
                if key == CTRL_C:
                    raise KeyboardInterrupt
                if key == CTRL_D:
                    self._put(Heard(Command(CommandName.QUIT)))
                    return
                if key == "ENTER" and self._load_recognizers is not None:
                    self.output.interrupt()  # push to talk: quiet, then listen for one command
                    self.talk.set()
                    continue
                vocabulary = self.session.guide.vocabulary(self.session.lang)
                command = vocabulary.parse_key(key) or NOT_UNDERSTOOD
                # the question key when nothing listens: the question is typed, where it works
                # in every language
                if command.name is CommandName.GOTO or (
                        command.name is CommandName.QUESTION and not self.hearing.is_set()):
                    self.output.interrupt()
                    self.events.put(Heard(typed_line(self.env, self.session)))
                    continue
                self._put(Heard(command))

    def _microphone(self) -> None:
        """Listens until the program ends; a microphone that fails is said once and tried again,
        and the keys carry on meanwhile. One that cannot be opened at all is said once, and
        the keys carry on alone."""
        from voiceinfo.speech.capture import NoMicrophone
        from voiceinfo.speech.recognition import RecognitionUnavailable
        try:
            self.recognizers = self._load_recognizers()
            if not self.env.devices.microphone():
                self._no_microphone()
                return
            while True:
                try:
                    self._listen()
                except NoMicrophone as error:
                    if not self._lost:  # none at the start: the keys alone, as with none found
                        self._no_microphone(error)
                        return
                    time.sleep(REOPEN_SECONDS)
                except OSError as error:
                    self.hearing.clear()
                    if not self._lost:
                        log_reason(error)
                        self.env.warn(self.session.localized(_(
                            "The microphone stopped working. Keys still work; listening again "
                            "when it comes back.")))
                    self._lost = True
                    time.sleep(REOPEN_SECONDS)
        except RecognitionUnavailable as error:  # English cannot be heard, or an online
            self.session.report(str(error))      # engine went away: keys carry on alone
            self.events.put(Closed("microphone"))
        except Exception as error:  # raised again in the loop, which reports it in one line
            self.events.put(error)
        finally:
            self.settled.set()

    def _question_awaited(self) -> bool:
        """The cue for a spoken question has been said, and has ended: while it is said, the
        microphone hears the cue itself."""
        return self.session.state.awaiting_question and not self.output.speaking.is_set()

    def _no_microphone(self, error: Exception | None = None) -> None:
        """Said in its turn, and the keys carry on alone."""
        if error is not None:
            log_reason(error)
        self.events.put(Heard(None, notice=_(
            "No microphone was found. Use the keys: press the question mark for help.")))
        self.events.put(Closed("microphone"))

    def _listen(self) -> None:
        from voiceinfo.speech.capture import MicrophoneListener
        from voiceinfo.speech.recognition import Outcome
        listener = MicrophoneListener()
        listener.open()
        ahead = DecodingAhead(lambda audio: self.recognizers(self.session.lang).recognize(audio))
        self.hearing.set()
        self.settled.set()
        if self._lost:
            self._lost = False  # so that a second loss is said too
            self.env.warn(self.session.localized(_("The microphone is back.")))
        while True:
            if self.push_to_talk:
                listener.pause()  # nothing said before the press may count
                self.talk.wait()
                self.talk.clear()
                listener.resume()
            audio = listener.listen(timeout=PUSH_TO_TALK_SECONDS if self.push_to_talk else None,
                                    guessed=ahead.start, free_speech=self._question_awaited)
            if audio is None:
                self.events.put(Heard(None))  # pressed, then nothing said
                continue
            ended = time.perf_counter()
            if self._question_awaited():
                self._put(heard_question(self.recognizers, self.session.lang, audio, ended))
                continue
            result = ahead.result(audio)
            timeline.mark("decoded", result.outcome.name)
            if result.outcome is Outcome.COMMAND:
                self._put(Heard(result.command, ended))
            elif result.outcome is Outcome.NOMATCH and not self.output.speaking.is_set():
                # while it talks, the microphone hears the speakers: only commands count then
                self.events.put(Heard(NOT_UNDERSTOOD, ended))
