"""The SIP line: PJSIP's user agent (through `pjsua2`) answering calls, each a `CallSession`.

No SIP is written here: PJSIP parses every message (and refuses a malformed one itself), offers
the codecs (G.722 first, then G.711 μ-law and A-law; the others are switched off, so a call
that offers none of these gets 488 Not Acceptable Here), carries the keys (RFC 4733 events and
SIP INFO both reach `onDtmfDigit`) and the sound. Each call's sound goes through two ports of
PJSIP's conference bridge: one the call's lines are taken from (at eSpeak NG's rate) and one
that hands the caller's sound on (at the recognizers' rate); the bridge resamples both.

PJSIP's work is done on the main thread (`mainThreadOnly`, polled by `PhoneLine.serve`); only
its media clock calls in from a thread of its own, for frames, which go straight to or from the
session's buffers. The sessions' threads never call PJSIP: they ask the main thread (hang up).

Logs say "call 3", never who called. PJSIP's own log is off: its lines name callers, and a
log writer in Python, called from whichever PJSIP thread logs while it holds PJSIP's locks,
waited for the interpreter's lock while the main thread, holding that, waited for PJSIP's.

For the same reason a call's ports are never deleted while the line runs: deleting one takes
the conference bridge's lock, which its media thread may hold while it waits to call the
port's Python code. They are kept, silent and unconnected, and given to the next call.
"""

from __future__ import annotations

import contextlib
import gc
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pjsua2 as pj

from voiceinfo.phone.audio import IN_RATE, OUT_RATE, FRAME_SECONDS
from voiceinfo.phone.session import CallSession

#: Codecs offered, best first: G.722 is wideband (the recognizers hear it best), G.711 is what
#: every phone and PBX has. The others PJSIP has are switched off.
CODECS = ("G722/16000", "PCMU/8000", "PCMA/8000")
#: PJSIP's own call slots beyond `--max-calls`, so a call over the limit can be answered busy
#: by the line rather than by PJSIP; PJSIP's header says 32 at most, but the wheel takes 4
#: calls whatever is asked, and answers the next busy itself (`cli.phone.MOST_CALLS`).
SPARE_SLOTS = 4
MOST_SLOTS = 32
#: How long PJSIP waits for work each time round the main loop.
POLL_MS = 10
#: SIP responses.
OK, BUSY_HERE = 200, 486


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    sys.stdout.flush()
    saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    try:
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


class LineUnavailable(RuntimeError):
    """The line cannot be opened (the port is taken, a bad address); says why in a line."""


@dataclass(frozen=True)
class LineSettings:
    host: str
    port: int
    max_calls: int
    #: `sip:USER@HOST` to register as, with its password, or None to take calls directly.
    register: str | None = None
    password: str | None = None


class _Port(pj.AudioMediaPort):
    """One direction of a call's sound, as a port of the conference bridge. PJSIP's media
    thread may call in while the port is being deleted (the binding lets go of the
    interpreter's lock as it deletes), when the instance's own attributes are already gone:
    the class's stand in, and the frame is silence."""

    _out: Callable[[], bytes] | None = None
    _into: Callable[[bytes], None] | None = None
    _silence = pj.ByteVector(bytes(round(OUT_RATE * FRAME_SECONDS) * 2))

    def __init__(self, name: str, rate: int) -> None:
        super().__init__()
        self.rate = rate
        self.createPort(name, _format(rate))

    def use(self, out: Callable[[], bytes] | None = None,
            into: Callable[[bytes], None] | None = None) -> None:
        self._out, self._into = out, into

    def release(self) -> None:
        """No more frames to or from the session."""
        self._out = self._into = None

    def onFrameRequested(self, frame) -> None:
        frame.type = pj.PJMEDIA_FRAME_TYPE_AUDIO
        out = self._out
        frame.buf = pj.ByteVector(out()) if out is not None else self._silence

    def onFrameReceived(self, frame) -> None:
        into = self._into
        if into is not None and frame.type == pj.PJMEDIA_FRAME_TYPE_AUDIO:
            into(bytes(frame.buf))


def _format(rate: int) -> pj.MediaFormatAudio:
    fmt = pj.MediaFormatAudio()
    fmt.type = pj.PJMEDIA_TYPE_AUDIO
    fmt.clockRate, fmt.channelCount, fmt.bitsPerSample = rate, 1, 16
    fmt.frameTimeUsec = round(FRAME_SECONDS * 1_000_000)
    return fmt


class _Call(pj.Call):
    def __init__(self, line: PhoneLine, account: pj.Account, call_id: int, number: int) -> None:
        super().__init__(account, call_id)
        self.line, self.number = line, number
        self.session: CallSession | None = None
        self.ports: list[_Port] = []
        self.busy = False

    def onCallState(self, prm) -> None:
        if self.getInfo().state == pj.PJSIP_INV_STATE_DISCONNECTED:
            self.line.call_ended(self)

    def onCallMediaState(self, prm) -> None:
        if self.session is None or self.ports:
            return
        info = self.getInfo()
        for index, media in enumerate(info.media):
            if (media.type == pj.PJMEDIA_TYPE_AUDIO
                    and media.status == pj.PJSUA_CALL_MEDIA_ACTIVE):
                audio = self.getAudioMedia(index)
                speaking, hearing = self.line.ports()
                speaking.use(out=self.session.frame_out)
                hearing.use(into=self.session.frame_in)
                speaking.startTransmit(audio)
                audio.startTransmit(hearing)
                self.ports = [speaking, hearing]
                codec = self.getStreamInfo(index).codecName
                self.session.log(f"answered ({codec})")
                self.session.start()
                return

    def onDtmfDigit(self, prm) -> None:
        if self.session is not None:
            self.session.key(str(prm.digit))


class _Account(pj.Account):
    def __init__(self, line: PhoneLine) -> None:
        super().__init__()
        self.line = line

    def onIncomingCall(self, prm) -> None:
        self.line.incoming(self, prm.callId)

    def onRegState(self, prm) -> None:
        self.line.log(f"registration: {prm.code} {prm.reason}")


class PhoneLine:
    """Answers calls until `stop()`; `make_session(number, hang_up)` makes each call's
    session."""

    def __init__(self, settings: LineSettings,
                 make_session: Callable[[int, Callable[[], None]], CallSession],
                 log: Callable[[str], None]) -> None:
        self.settings, self.make_session, self.log = settings, make_session, log
        self._calls: dict[int, _Call] = {}
        self._ended: list[_Call] = []
        self._requests: queue.Queue = queue.Queue()
        self._numbers = 0
        self._stopping = threading.Event()
        self.endpoint: pj.Endpoint | None = None
        self._account: _Account | None = None
        #: Ports of ended calls, unconnected, for the next call (see the module's docstring).
        self._spare_ports: list[_Port] = []
        self._made_ports = 0

    @property
    def active_calls(self) -> int:
        return sum(1 for call in self._calls.values() if not call.busy)

    def open(self) -> None:
        settings = self.settings
        endpoint = pj.Endpoint()
        with _quiet_stdout():  # PJSIP says it has started, before its log can be set
            endpoint.libCreate()
        config = pj.EpConfig()
        config.uaConfig.threadCnt = 0
        config.uaConfig.mainThreadOnly = True
        config.uaConfig.maxCalls = min(settings.max_calls + SPARE_SLOTS, MOST_SLOTS)
        config.uaConfig.userAgent = "voiceinfo"
        config.logConfig.level = config.logConfig.consoleLevel = 0
        config.logConfig.msgLogging = 0
        config.medConfig.noVad = True  # silence is sent as silence, so there is never a gap
        try:
            endpoint.libInit(config)
            endpoint.audDevManager().setNullDev()  # no sound card: calls only
            transport = pj.TransportConfig()
            transport.port, transport.boundAddress = settings.port, settings.host
            endpoint.transportCreate(pj.PJSIP_TRANSPORT_UDP, transport)
            endpoint.libStart()
            for codec in endpoint.codecEnum2():
                wanted = next((i for i, name in enumerate(CODECS)
                               if codec.codecId.startswith(name)), None)
                endpoint.codecSetPriority(codec.codecId,
                                          0 if wanted is None else 255 - wanted)
            account = _Account(self)
            account.create(self._account_config())
        except pj.Error as error:
            endpoint.libDestroy()
            raise LineUnavailable(f"the SIP line cannot be opened on {settings.host}:"
                                  f"{settings.port} ({error.reason})") from None
        self.endpoint, self._account = endpoint, account

    def _account_config(self) -> pj.AccountConfig:
        settings = self.settings
        config = pj.AccountConfig()
        config.idUri = settings.register or f"sip:voiceinfo@{settings.host}:{settings.port}"
        config.mediaConfig.transportConfig.boundAddress = settings.host
        # sound on ports the system picks, not PJSIP's fixed 4000 upwards: a softphone on the
        # same machine starts there too, and a port two sockets share let the line hear itself
        config.mediaConfig.transportConfig.port = 0
        if settings.register:
            host = settings.register.split("@", 1)[-1]
            user = settings.register.split(":", 1)[-1].split("@", 1)[0]
            config.regConfig.registrarUri = f"sip:{host}"
            config.sipConfig.authCreds.append(
                pj.AuthCredInfo("digest", "*", user, 0, settings.password or ""))
        return config

    def serve(self) -> None:
        """PJSIP's work and the sessions' requests, on this thread, until `stop()`."""
        self.log(f"listening on {self.settings.host}:{self.settings.port}")
        while not self._stopping.is_set():
            self.endpoint.libHandleEvents(POLL_MS)
            self._do_requests()
            self._forget_ended()

    def stop(self) -> None:
        """From any thread (a signal handler): `serve` returns soon after."""
        self._stopping.set()

    def close(self) -> None:
        """Every call hung up and PJSIP shut down, on the thread that served."""
        for call in list(self._calls.values()):
            self._hang_up(call)
        deadline = time.monotonic() + 1.0
        while self._calls and time.monotonic() < deadline:
            self.endpoint.libHandleEvents(POLL_MS)
            self._forget_ended()
        for call in list(self._calls.values()):
            if call.session is not None:
                call.session.ended()
            for port in call.ports:
                port.release()
        for call in self._ended:
            self._spare_ports.extend(call.ports)
        self._calls.clear()
        self._ended.clear()
        # no call is connected to them now, so the bridge calls none of them any more
        self._spare_ports.clear()
        self._account = None
        # every call object gone before PJSIP is: one deleted after asserts and aborts
        gc.collect()
        self.endpoint.libDestroy()
        self.endpoint = None

    # -- PJSIP's callbacks (main thread) ------------------------------------------------------

    def incoming(self, account: _Account, call_id: int) -> None:
        self._numbers += 1
        number = self._numbers
        call = _Call(self, account, call_id, number)
        self._calls[call_id] = call
        answer = pj.CallOpParam()
        if self.active_calls > self.settings.max_calls:
            call.busy = True
            self.log(f"call {number}: busy")
            answer.statusCode = BUSY_HERE
        else:
            # by number, not the call itself: a session must not keep its call alive (PJSIP's
            # call objects are let go of on the main thread, before PJSIP shuts down)
            call.session = self.make_session(number, lambda: self._requests.put(number))
            answer.statusCode = OK
        try:
            call.answer(answer)
        except pj.Error as error:
            self.log(f"call {number}: not answered ({error.reason})")

    def call_ended(self, call: _Call) -> None:
        if call.session is not None:
            call.session.ended()
            # a gap is a frame that went out empty in the middle of a reply
            call.session.log(f"ended ({call.session.speaker.underruns} gaps)")
        self._ended.append(call)

    # -- main thread --------------------------------------------------------------------------

    def ports(self) -> tuple[_Port, _Port]:
        """A call's two ports: to the caller (at eSpeak NG's rate) and from the caller (at the
        recognizers'), spare ones first."""
        speaking = next((p for p in self._spare_ports if p.rate == OUT_RATE), None)
        hearing = next((p for p in self._spare_ports if p.rate == IN_RATE), None)
        for port in (speaking, hearing):
            if port is not None:
                self._spare_ports.remove(port)
        self._made_ports += (speaking is None) + (hearing is None)
        return (speaking or _Port(f"out{self._made_ports}", OUT_RATE),
                hearing or _Port(f"in{self._made_ports}", IN_RATE))

    def _do_requests(self) -> None:
        while True:
            try:
                number = self._requests.get_nowait()
            except queue.Empty:
                return
            for call in list(self._calls.values()):
                if call.number == number:
                    self._hang_up(call)

    def _hang_up(self, call: _Call) -> None:
        try:
            call.hangup(pj.CallOpParam())
        except pj.Error:
            pass  # already gone

    def _forget_ended(self) -> None:
        """Let go of calls that have ended, outside their own callbacks (PJSIP must not see a
        call object deleted from inside its callback)."""
        while self._ended:
            call = self._ended.pop()
            for port in call.ports:
                port.release()
            # kept for the next call, never deleted while the line runs
            self._spare_ports.extend(call.ports)
            call.ports = []
            call.session = None
            for call_id, known in list(self._calls.items()):
                if known is call:
                    del self._calls[call_id]
