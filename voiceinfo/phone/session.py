"""One call from answer to hang-up, on threads of its own: its conversation, its sound, and its
limits. No SIP here: the SIP line (`voiceinfo.phone.line`) makes a `CallSession` when it
answers, tells it of keys, frames and the caller hanging up, and hangs up when it asks.

A key or a recognised command cuts the prompt off at once (barge-in), then waits for its turn
on the session's queue. Silence is handled as the loop handles it (`local.events`: a prompt
after `NOINPUT_SECONDS`, then the same with what can be said), then quiet; after
`Limits.idle_seconds` with no input the call says goodbye and hangs up, and so it does at
`Limits.longest_seconds` whatever happens. The caller hanging up stops everything at once: the
sound is dropped, the threads end, nothing of what was said is kept.
"""

from __future__ import annotations

import concurrent.futures
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from voiceinfo.commands import NOT_UNDERSTOOD
from voiceinfo.guide import Guide
from voiceinfo.local.events import NOINPUT_PROMPTS, NOINPUT_SECONDS, Heard
from voiceinfo.phone.audio import Listener, Speaker, Voice
from voiceinfo.phone.conversation import Conversation, Turn
from voiceinfo.phone.keys import PhoneKeys

if TYPE_CHECKING:
    from voiceinfo.speech.recognition import Recognition, Recognizers

#: How often the session looks at the clock while it waits (silence, limits).
TICK_SECONDS = 0.1


@dataclass(frozen=True)
class Limits:
    #: With no key and no speech for this long, goodbye.
    idle_seconds: float = 180.0
    #: No call goes on longer than this.
    longest_seconds: float = 1800.0


@dataclass(frozen=True)
class KeyPressed:
    key: str
    at: float


#: On the queue: the caller has hung up.
ENDED = object()


class CallSession:
    def __init__(self, number: int, guide: Guide, keys: PhoneKeys, voice: Voice,
                 recognizers: Recognizers | None, limits: Limits,
                 hang_up: Callable[[], None], log: Callable[[str], None]) -> None:
        self.number, self.guide, self.voice = number, guide, voice
        self.recognizers, self.limits = recognizers, limits
        self._hang_up, self._log = hang_up, log
        self.conversation = Conversation(guide, keys)
        self.speaker = Speaker()
        self.listener = Listener(self._heard_audio, free_speech=self._question_awaited,
                                 guessed=self._decode_ahead,
                                 talking=lambda: self.speaker.speaking)
        self.events: queue.Queue = queue.Queue()
        self._ended = threading.Event()
        self._decoding = concurrent.futures.ThreadPoolExecutor(
            1, thread_name_prefix=f"call{number}-decoding")
        self._ahead: tuple[bytes, concurrent.futures.Future] | None = None

    def log(self, message: str) -> None:
        """Call numbers only: never the caller's number or address, never what was said."""
        self._log(f"call {self.number}: {message}")

    # -- from the SIP line (any thread) -------------------------------------------------------

    def start(self) -> None:
        threading.Thread(target=self._run, daemon=True, name=f"call{self.number}").start()
        if self.recognizers is not None:
            self.listener.start(f"call{self.number}-listening")

    def key(self, key: str) -> None:
        self.speaker.interrupt()
        self.events.put(KeyPressed(key, time.perf_counter()))

    def frame_out(self) -> bytes:
        return self.speaker.frame()

    def frame_in(self, frame: bytes) -> None:
        if self.recognizers is not None and not self._ended.is_set():
            self.listener.feed(frame)

    def ended(self) -> None:
        """The caller hung up (or the line did): everything stops now."""
        if self._ended.is_set():
            return
        self._ended.set()
        self.speaker.interrupt()
        self.listener.stop()
        self.events.put(ENDED)
        self._decoding.shutdown(wait=False, cancel_futures=True)

    # -- the session's own thread -------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._converse()
        except Exception as error:  # one call's fault never takes the line down
            self.log(f"stopped by an error ({type(error).__name__})")
            if not self._ended.is_set():
                self._hang_up()

    def _converse(self) -> None:
        started = time.monotonic()
        last_input = started
        silences = 0
        quit_offered = False
        turn = self.conversation.opening()
        while not self._ended.is_set():
            generation = self._say(turn)
            if turn.hang_up:
                self._finish()
                return
            drained_at = None
            while True:
                if self._ended.is_set():
                    return
                now = time.monotonic()
                if now - started >= self.limits.longest_seconds:
                    self.log("time limit")
                    self.speaker.interrupt()  # whatever it was saying
                    turn = self.conversation.time_up()
                    break
                if drained_at is None and not self.speaker.speaking:
                    drained_at = now
                    # said whole, not cut off: the offer to end the call has been heard
                    quit_offered = turn.offers_quit and self.speaker.played_whole(generation)
                if drained_at is not None:
                    if now - last_input >= self.limits.idle_seconds:
                        self.log("no input: goodbye")
                        turn = self.conversation.idle_goodbye()
                        break
                    if silences < NOINPUT_PROMPTS and now - drained_at >= NOINPUT_SECONDS:
                        silences += 1
                        turn = self.conversation.no_input()
                        break
                try:
                    event = self.events.get(timeout=TICK_SECONDS)
                except queue.Empty:
                    continue
                if event is ENDED:
                    return
                last_input, silences = now, 0
                turn = self._answer(event, quit_offered)
                quit_offered = False
                break

    def _answer(self, event: KeyPressed | Heard, quit_offered: bool) -> Turn:
        if isinstance(event, KeyPressed):
            self.log(f"key {event.key}")
            return self.conversation.key(event.key, quit_offered)
        if event.typed is not None:  # a spoken question, in its turn
            self.log("question")
            return self.conversation.command(
                self.guide.parse_typed(event.typed, self.conversation.lang))
        if event.command is None:
            return self.conversation.no_input()
        self.log(f"heard {event.command.name.value}")
        return self.conversation.command(event.command, quit_offered)

    def _say(self, turn: Turn) -> int:
        """Queues the turn's lines; each is made while the one before it is heard."""
        generation = self.speaker.begin()
        for line in turn.lines:
            for samples in self.voice.pieces(line):
                if not self.speaker.add(samples, generation):
                    break  # cut off: nothing more of this turn
            if not self.speaker.current(generation):
                break
        self.speaker.end(generation)
        return generation

    def _finish(self) -> None:
        """The goodbye is heard to its end, then the line hangs up."""
        while self.speaker.speaking and not self._ended.is_set():
            self.speaker.drained.wait(TICK_SECONDS)
        if not self._ended.is_set():
            self.log("goodbye")
            self._hang_up()

    # -- the listening thread -----------------------------------------------------------------

    def _question_awaited(self) -> bool:
        return self.conversation.awaiting_question and not self.speaker.speaking

    def _decode_ahead(self, pcm: bytes) -> None:
        """The command's audio as it will be if it has just ended: decoded while the end is
        still waited for (as the loop does, `local.events.DecodingAhead`)."""
        if self._question_awaited() or self._ended.is_set():
            return
        try:
            self._ahead = (pcm, self._decoding.submit(self._recognize, pcm))
        except RuntimeError:  # the call has ended
            self._ahead = None

    def _recognize(self, pcm: bytes) -> Recognition:
        import speech_recognition as sr
        from voiceinfo.speech.capture import SAMPLE_RATE
        return self.recognizers(self.conversation.lang).recognize(sr.AudioData(pcm, SAMPLE_RATE, 2))

    def _heard_audio(self, pcm: bytes, ended: float) -> None:
        from voiceinfo.speech.recognition import Outcome, RecognitionUnavailable
        if self._ended.is_set():
            return
        try:
            if self._question_awaited():
                import speech_recognition as sr
                from voiceinfo.local.events import heard_question
                from voiceinfo.speech.capture import SAMPLE_RATE
                heard = heard_question(self.recognizers, self.conversation.lang,
                                       sr.AudioData(pcm, SAMPLE_RATE, 2), ended)
                self.speaker.interrupt()
                self.events.put(heard)
                return
            ahead, self._ahead = self._ahead, None
            result = ahead[1].result() if ahead and ahead[0] is pcm else self._recognize(pcm)
        except (RecognitionUnavailable, concurrent.futures.CancelledError, RuntimeError) as error:
            if not self._ended.is_set():
                self.log(f"speech not heard ({type(error).__name__})")
            return
        if result.outcome is Outcome.COMMAND:
            self.speaker.interrupt()
            self.events.put(Heard(result.command, ended))
        elif result.outcome is Outcome.NOMATCH and not self.speaker.speaking:
            # while it talks, only commands count, as in the loop
            self.events.put(Heard(NOT_UNDERSTOOD, ended))
