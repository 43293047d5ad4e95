"""The spoken loop (`voiceinfo`): it speaks, then listens, and keys keep working throughout.

Input comes as `Heard` events from WAV files (`--audio-in`, one after another), or live from
the keyboard and the microphone on their own threads, so a key or a spoken command can cut the
speech off (barge-in). Output is spoken (speakers or `--audio-out` files) or, when there is no
audio device or no eSpeak NG, printed, after one line that says so. Nothing here decides what to
say: the `Session` and its navigator do, exactly as in the text loop.
"""

from __future__ import annotations

import argparse
import queue
import termios
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from voiceinfo.commands import NOT_UNDERSTOOD, Command, CommandName
from voiceinfo.environment import Environment, ExitStatus
from voiceinfo.guide import Guide
from voiceinfo.i18n import SOURCE_LOCALE, _
from voiceinfo.navigator import Reply
from voiceinfo.speech.capture import AudioUnreadable, read_audio
from voiceinfo.speech.output import NoSpeakers, Speakers, SpokenOutput, WavFiles
from voiceinfo.speech.recognition import (
    OFFLINE_ENGINE, CommandRecognizer, Outcome, RecognitionUnavailable, transcriber,
)
from voiceinfo.speech.synthesis import SpeechUnavailable, synthesizer
from voiceinfo.terminal import CTRL_C, CTRL_D, Output, PrintedOutput, Session, cbreak, typed_line

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


#: The keyboard has closed (end of piped input); the tty's Ctrl-D is a quit instead.
KEYS_CLOSED = object()
INTERRUPTED = object()


@dataclass
class Devices:
    """What this machine can do; probed for real unless a test says otherwise."""

    speakers: Callable[[], object] = Speakers
    synthesizer: Callable[[], object] = synthesizer
    microphone: Callable[[], bool] | None = None

    def has_microphone(self) -> bool:
        if self.microphone is None:
            from voiceinfo.speech.capture import microphone_available
            return microphone_available()
        return self.microphone()


class Recognizers:
    """A recognizer per language, made on first use; a language that cannot be recognised
    falls back to English, said once."""

    def __init__(self, guide: Guide, engine: str, warn: Callable[[str], None]) -> None:
        self.guide, self.engine, self.warn = guide, engine, warn
        self._made: dict[str, CommandRecognizer] = {}

    def __call__(self, lang: str) -> CommandRecognizer:
        if lang not in self._made:
            vocabulary = self.guide.vocabulary(lang)
            recognizer = CommandRecognizer(transcriber(vocabulary, self.engine), vocabulary)
            try:
                recognizer.transcriber.load()
            except RecognitionUnavailable as error:
                if lang == SOURCE_LOCALE:
                    raise
                self.warn(str(error))
                recognizer = self(SOURCE_LOCALE)
            self._made[lang] = recognizer
        return self._made[lang]


class SpokenLoop:
    def __init__(self, session: Session, output: Output) -> None:
        self.session, self.output = session, output
        #: Seconds from each input's end to the first sample of its reply (spoken output only).
        self.latencies: list[float] = []

    def run(self, events: Iterable[Heard]) -> ExitStatus:
        for event in events:
            if self.handle(event).finished:
                break
        return ExitStatus.SUCCESS

    def handle(self, event: Heard) -> Reply:
        if event.typed is not None:
            reply = self.session.handle(self.session.parse_typed(event.typed))
        elif event.command is None:
            reply = self.session.no_input()
        else:
            reply = self.session.handle(event.command)
        first = getattr(self.output, "first_sample_at", None)
        if first is not None:
            self.latencies.append(first - event.at)
        return reply


def file_events(paths: Iterable[Path], session: Session, recognizers: Recognizers,
                warn: Callable[[str], None]) -> Iterator[Heard]:
    """Each file as one spoken command, in order; a file that cannot be read is skipped."""
    for path in paths:
        try:
            audio = read_audio(Path(path))
        except AudioUnreadable as error:
            warn(str(error))
            continue
        ended = time.perf_counter()
        try:
            result = recognizers(session.state.lang).recognize(audio)
        except RecognitionUnavailable as error:  # an online engine that went away
            warn(str(error))
            return
        yield Heard(None if result.outcome is Outcome.NOINPUT else result.command, ended)


class LiveInput:
    """Keys and the microphone on their own threads, feeding one queue."""

    def __init__(self, env: Environment, session: Session, output: Output,
                 recognizers: Recognizers | None, push_to_talk: bool) -> None:
        self.env, self.session, self.output = env, session, output
        self.recognizers, self.push_to_talk = recognizers, push_to_talk
        self.events: queue.Queue = queue.Queue()
        self.talk = threading.Event()
        self.replied = threading.Event()

    def events_until_done(self) -> Iterator[Heard]:
        listening = self.recognizers is not None
        threading.Thread(target=self._keys, daemon=True, name="keys").start()
        if listening:
            threading.Thread(target=self._microphone, daemon=True, name="microphone").start()
        while True:
            event = self.events.get()
            if event is INTERRUPTED:
                raise KeyboardInterrupt
            if isinstance(event, Exception):
                raise event
            if event is KEYS_CLOSED:
                if listening:
                    continue
                return
            yield event
            self.replied.set()

    def _put(self, event: Heard) -> None:
        self._interrupt()
        self.events.put(event)

    def _interrupt(self) -> None:
        interrupt = getattr(self.output, "interrupt", None)
        if interrupt:
            interrupt()

    def _keys(self) -> None:
        try:
            if self.env.stdin_isatty:
                self._read_keys()
            else:
                for line in self.env.stdin:  # piped lines are a script: no barge-in
                    if line.strip():
                        self.events.put(Heard(None, typed=line))
            self.events.put(KEYS_CLOSED)
        except KeyboardInterrupt:
            self.events.put(INTERRUPTED)
        except (OSError, ValueError):  # the terminal went away
            self.events.put(KEYS_CLOSED)
        except Exception as error:  # raised again in the loop, which reports it in one line
            self.events.put(error)

    def _read_keys(self) -> None:
        with cbreak(self.env.stdin) as read_key:
            for key in iter(read_key, None):
                if key == CTRL_C:
                    raise KeyboardInterrupt
                if key == CTRL_D:
                    self._put(Heard(Command(CommandName.QUIT)))
                    return
                if key == "ENTER" and self.recognizers is not None:
                    self._interrupt()  # push to talk: quiet, then listen for one command
                    self.talk.set()
                    continue
                if key == "/":
                    self._interrupt()
                    self.events.put(Heard(typed_line(self.env, self.session)))
                    continue
                vocabulary = self.session.guide.vocabulary(self.session.state.lang)
                self._put(Heard(vocabulary.parse_key(key) or NOT_UNDERSTOOD))

    def _microphone(self) -> None:
        from voiceinfo.speech.capture import MicrophoneListener, NoMicrophone
        listener = MicrophoneListener()
        try:
            listener.open()
        except NoMicrophone:
            return
        speaking = getattr(self.output, "speaking", threading.Event())
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
            result = self.recognizers(self.session.state.lang).recognize(audio)
            if result.outcome is Outcome.COMMAND:
                self._put(Heard(result.command, ended))
            elif result.outcome is Outcome.NOMATCH and not speaking.is_set():
                # while it talks, the microphone hears the speakers: only commands count then
                self.events.put(Heard(NOT_UNDERSTOOD, ended))


def choose_output(args: argparse.Namespace, env: Environment, devices: Devices,
                  warn: Callable[[str], None]) -> Output:
    """Speech when it can be had, else text after one line that says why."""
    if args.text:
        return PrintedOutput(env)
    try:
        voice = devices.synthesizer()
    except SpeechUnavailable as error:
        warn(_("Speech output is not available (%(reason)s); showing text instead."),
             reason=str(error))
        return PrintedOutput(env)
    if args.audio_out:
        return SpokenOutput(env, voice, WavFiles(Path(args.audio_out)))
    try:
        return SpokenOutput(env, voice, devices.speakers())
    except NoSpeakers:
        warn(_("No audio output device was found; showing text instead."))
        return PrintedOutput(env)


def run_spoken(args: argparse.Namespace, env: Environment, guide: Guide,
               devices: Devices | None = None) -> ExitStatus:
    devices = devices or Devices()
    lang = args.lang or SOURCE_LOCALE

    def warn(message: str, **values) -> None:
        env.warn(guide.localizer(session.state.lang if session else lang).gettext(message,
                                                                                  **values))

    session = None
    output = choose_output(args, env, devices, warn)
    session = Session(guide, env, output, lang=args.lang, rate=args.rate)
    loop = SpokenLoop(session, output)
    recognizers = Recognizers(guide, getattr(args, "engine", None) or OFFLINE_ENGINE, env.warn)
    if args.audio_in:
        try:
            recognizers(session.lang or SOURCE_LOCALE)
        except RecognitionUnavailable as error:
            env.warn(str(error))
            return ExitStatus.ERROR
        session.start()
        return loop.run(file_events(args.audio_in, session, recognizers, env.warn))
    saved = _terminal_state(env)
    try:
        session.start()  # first the greeting; probing for a microphone takes a moment
        listening = not args.no_listen and _microphone_ready(devices, recognizers, session)
        if not args.no_listen and not listening:
            _say_once(session, output, _("No microphone was found. Use the keys: press the "
                                         "question mark for help."))
        elif env.stdin_isatty:
            _say_once(session, output, _("Press a key: question mark for help, q to quit."))
        live = LiveInput(env, session, output, recognizers if listening else None,
                         push_to_talk=getattr(args, "push_to_talk", False))
        return loop.run(live.events_until_done())
    finally:
        _restore_terminal(env, saved)


def _microphone_ready(devices: Devices, recognizers: Recognizers, session: Session) -> bool:
    if not devices.has_microphone():
        return False

    def load() -> None:
        try:
            recognizers(session.lang or SOURCE_LOCALE)
        except RecognitionUnavailable as error:
            session.env.warn(str(error))

    threading.Thread(target=load, daemon=True).start()  # loads while the greeting is spoken
    return True


def _say_once(session: Session, output: Output, message: str) -> None:
    text = session.guide.localizer(session.state.lang).gettext(message)
    output.say(Reply(session.state, (text,)))


def _terminal_state(env: Environment):
    if not env.stdin_isatty:
        return None
    try:
        return termios.tcgetattr(env.stdin.fileno())
    except (termios.error, OSError, ValueError):
        return None


def _restore_terminal(env: Environment, saved) -> None:
    """The key thread may still hold the terminal in cbreak mode when the loop ends."""
    if saved is not None:
        try:
            termios.tcsetattr(env.stdin.fileno(), termios.TCSADRAIN, saved)
        except (termios.error, OSError, ValueError):
            pass
