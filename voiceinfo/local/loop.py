"""`voiceinfo` on the person's own machine: it says each reply, then takes the next input, and
keys keep working throughout.

`run_local` chooses the output from the devices (speech when it can be had, else printed text
after one line that says why), makes the session, and feeds it events: from WAV files
(`--audio-in`), or live from the keys and the microphone. Nothing here decides what to say: the
`Session` and its navigator do, the same whether the reply is spoken or printed.
"""

from __future__ import annotations

import argparse
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from voiceinfo.environment import Environment, ExitStatus
from voiceinfo.guide import Guide
from voiceinfo.i18n import SOURCE_LOCALE, Localizer, _
from voiceinfo.local.events import Heard, LiveInput, file_events
from voiceinfo.local.devices import audio_library_messages_logged, log_reason
from voiceinfo.local.keys import terminal_restored
from voiceinfo.local.session import Output, PrintedOutput, Session
from voiceinfo.navigator import Reply
from voiceinfo.questions import LONGEST_QUESTION, TOO_LONG, too_long
from voiceinfo.speech import timeline
from voiceinfo.speech.output import NoSpeakers, SpokenOutput, WavFiles
from voiceinfo.speech.synthesis import SpeechUnavailable

if TYPE_CHECKING:
    from voiceinfo.speech.recognition import Recognizers


class CommandLoop:
    """Each input to the session, in turn, until one of them finishes it."""

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
        timeline.mark("answering")
        if event.notice is not None:
            return _prompt(self.session, event.notice)
        if event.typed is not None and too_long(event.typed):
            # no command is that long, so it is a question, refused before any parsing
            return _prompt(self.session, TOO_LONG, most=LONGEST_QUESTION)
        if event.typed is not None:
            reply = self.session.handle(self.session.parse_typed(event.typed))
        elif event.command is None:
            reply = self.session.no_input()
        else:
            reply = self.session.handle(event.command)
        if self.output.first_sample_at is not None:
            self.latencies.append(self.output.first_sample_at - event.at)
        return reply


def choose_output(args: argparse.Namespace, env: Environment, localizer: Localizer) -> Output:
    """Speech when it can be had, else text after one line that says why."""

    def warn(message: str, logged: Exception | None = None, **values: str) -> None:
        env.warn(localizer.gettext(message, **values))
        if logged is not None:
            log_reason(logged)

    if args.text:
        return PrintedOutput(env)
    try:
        voice = env.devices.synthesizer()
    except SpeechUnavailable as error:
        warn(_("Speech output is not available (%(reason)s); showing text instead."),
             reason=str(error))
        return PrintedOutput(env)
    if args.audio_out:
        return SpokenOutput(env.say, voice, WavFiles(Path(args.audio_out)))
    try:
        speakers = env.devices.speakers()
    except NoSpeakers:
        warn(_("No audio output device was found; showing text instead."))
        return PrintedOutput(env)
    return SpokenOutput(
        env.say, voice, speakers, reopen=env.devices.speakers,
        lost=lambda error: warn(_("The speakers stopped working; showing text instead. "
                                  "Keys still work."), logged=error),
        back=lambda: warn(_("The speakers are back.")))


def run_local(args: argparse.Namespace, env: Environment, guide: Guide) -> ExitStatus:
    lang = args.lang or SOURCE_LOCALE
    output = choose_output(args, env, guide.localizer(lang))
    session = Session(guide, env, output, lang=args.lang, rate=args.rate)
    loop = CommandLoop(session, output)
    if args.audio_in:
        # speech in is loaded only for spoken input, never for printed output without listening
        from voiceinfo.speech.recognition import RecognitionUnavailable
        recognizers = _recognizers(args, session, wait=True)
        try:
            recognizers(lang)
        except RecognitionUnavailable as error:
            env.warn(str(error))
            return ExitStatus.ERROR
        session.start()
        return loop.run(file_events(args.audio_in, session, recognizers, env.warn))
    sound = not (isinstance(output, PrintedOutput) and args.no_listen)
    with terminal_restored(env), audio_library_messages_logged(env, sound):
        live = LiveInput(env, session, output, push_to_talk=args.push_to_talk)
        # keys and the microphone first, so that either cuts the greeting short
        if not args.no_listen:
            live.start_microphone(lambda: _recognizers_loading(args, session))
        live.start_keys()
        timeline.mark("greeting")
        session.start()
        if env.stdin_isatty and live.events.empty():
            _prompt(session, _("Press a key: question mark for help, q to quit."))
        return loop.run(live.events_until_done())


def _recognizers_loading(args: argparse.Namespace, session: Session) -> Recognizers:
    """The recognizers, the one for the session's language loading on a thread of its own
    while the first prompt is said and the microphone opens."""
    from voiceinfo.speech.recognition import RecognitionUnavailable
    recognizers = _recognizers(args, session)

    def load() -> None:
        try:
            recognizers(session.lang)
        except RecognitionUnavailable as error:
            session.report(str(error))

    threading.Thread(target=load, daemon=True, name="recognizer").start()
    return recognizers


def _recognizers(args: argparse.Namespace, session: Session, wait: bool = False) -> Recognizers:
    """Commands in each language, and spoken questions; problems said in the session's turn.
    From files (`wait`), Whisper loads before the first is heard, so each is heard the same
    way; live, it loads while the person listens, and the grammar hears alone until then."""
    from voiceinfo.speech.commandline import recognizers
    return recognizers(args, session.env, session.guide, warn=session.report, wait=wait)


def _prompt(session: Session, message: str, **values) -> Reply:
    """A line about the front end itself, in the language of the moment: said, but not a move
    in the guide."""
    reply = Reply(session.state, (session.localized(message, **values),))
    session.output.say(reply)
    return reply
