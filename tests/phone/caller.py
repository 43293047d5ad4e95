"""A real second SIP endpoint for the phone line's tests and benchmark: PJSIP (`pjsua2`) in a
process of its own (PJSIP allows one endpoint a process), driven line by line.

`Caller` starts `python tests/phone/caller.py` and sends it one JSON request a line on standard
input; the process answers each with one JSON line on standard output. It calls, presses keys
(RFC 4733 or SIP INFO), plays a WAV file into the call, keeps what it hears in memory (saved to a
WAV file when asked) and tells when the far end starts and stops talking, so a test waits for
what happens, not for a number of seconds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
#: The rate what is heard is kept at: the recognizers' own.
RATE = 16000
#: A frame is speech when its RMS is above this (16-bit samples): the line sends true silence
#: between prompts, and its quietest speech is far above it.
SPEECH_RMS = 300


class CallerError(RuntimeError):
    pass


class Caller:
    """The test's side of the caller process."""

    def __init__(self, timeout: float = 120.0) -> None:
        self.timeout = timeout
        self.process = subprocess.Popen(
            [sys.executable, str(HERE)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, bufsize=1)
        self.ask("hello")

    def ask(self, do: str, **values) -> dict:
        self.process.stdin.write(json.dumps({"do": do, **values}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise CallerError(f"the caller process ended: {self.process.stderr.read()[-2000:]}")
        answer = json.loads(line)
        if "error" in answer:
            raise CallerError(answer["error"])
        return answer

    def call(self, uri: str, codecs: tuple[str, ...] = ("PCMU",)) -> dict:
        """Waits until the call is answered (or refused): {"code": ..., "connected": ...}."""
        return self.ask("call", uri=uri, codecs=list(codecs), timeout=30)

    def press(self, digits: str, method: str = "rfc4733") -> dict:
        return self.ask("press", digits=digits, method=method)

    def play(self, wav: Path) -> dict:
        return self.ask("play", file=str(wav))

    def listen(self) -> dict:
        """Keep what is heard from now on (dropping what was kept before)."""
        return self.ask("listen")

    def save(self, wav: Path) -> dict:
        """What was heard since `listen`, as a WAV file."""
        return self.ask("save", file=str(wav))

    def wait_speech(self, timeout: float = 30.0) -> dict:
        """Until the line talks (since `listen` or the last key): {"heard": true, "at":
        <perf_counter>}, or heard false."""
        return self.ask("wait_speech", timeout=timeout)

    def wait_quiet(self, quiet: float = 1.5, timeout: float = 90.0) -> dict:
        """Until the line has talked and then been quiet for `quiet` seconds."""
        return self.ask("wait_quiet", quiet=quiet, timeout=timeout)

    def frames(self) -> list[tuple[float, bool]]:
        """Each frame heard since `listen`: when (`time.perf_counter()`), and whether loud."""
        return [tuple(frame) for frame in self.ask("frames")["frames"]]

    def wait_end(self, timeout: float = 30.0) -> dict:
        return self.ask("wait_end", timeout=timeout)

    def hang_up(self) -> dict:
        return self.ask("hang_up")

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.ask("bye")
            except (CallerError, OSError, ValueError):
                pass
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Caller:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# -- the caller process -------------------------------------------------------------------------

def main() -> None:
    import os
    import queue
    import threading

    import numpy as np
    import pjsua2 as pj
    import soundfile

    class Hearing(pj.AudioMediaPort):
        """Everything the line sends, kept in memory, and when it last talked."""

        def __init__(self) -> None:
            super().__init__()
            self.lock = threading.Lock()
            self.kept: list[bytes] = []
            #: (perf_counter, loud) for each frame kept
            self.frames: list[tuple[float, bool]] = []
            self.spoke_at: float | None = None
            self.first_speech_at: float | None = None
            self.silence = pj.ByteVector(bytes(640))

        def onFrameRequested(self, frame) -> None:
            frame.type = pj.PJMEDIA_FRAME_TYPE_AUDIO
            frame.buf = self.silence

        def onFrameReceived(self, frame) -> None:
            data = bytes(frame.buf)
            samples = np.frombuffer(data, dtype="<i2").astype(np.float32)
            loud = samples.size and float(np.sqrt(np.mean(samples ** 2))) > SPEECH_RMS
            now = time.perf_counter()
            with self.lock:
                self.kept.append(data)
                self.frames.append((now, bool(loud)))
                if loud:
                    self.spoke_at = now
                    if self.first_speech_at is None:
                        self.first_speech_at = now

    class Call(pj.Call):
        def __init__(self, account) -> None:
            super().__init__(account)
            self.state, self.code, self.media = None, None, None
            self.connected_at = None

        def onCallState(self, prm) -> None:
            info = self.getInfo()
            self.state, self.code = info.state, info.lastStatusCode
            self.reason = info.lastReason
            if info.state == pj.PJSIP_INV_STATE_CONFIRMED:
                self.connected_at = time.perf_counter()

        def onCallMediaState(self, prm) -> None:
            info = self.getInfo()
            for index, media in enumerate(info.media):
                if (media.type == pj.PJMEDIA_TYPE_AUDIO
                        and media.status == pj.PJSUA_CALL_MEDIA_ACTIVE and self.media is None):
                    self.media = self.getAudioMedia(index)
                    self.codec = self.getStreamInfo(index).codecName
                    self.media.startTransmit(hearing)
                    hearing.startTransmit(self.media)

    # PJSIP prints its start on standard output: answers go out on a copy of it, and it on
    # standard error
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    requests: queue.Queue = queue.Queue()

    def read_requests() -> None:
        for line in sys.stdin:
            if line.strip():
                requests.put(json.loads(line))
        requests.put({"do": "bye"})

    endpoint = pj.Endpoint()
    endpoint.libCreate()
    config = pj.EpConfig()
    config.uaConfig.threadCnt = 0
    config.uaConfig.mainThreadOnly = True
    config.logConfig.level = config.logConfig.consoleLevel = 1
    config.medConfig.noVad = True
    endpoint.libInit(config)
    endpoint.audDevManager().setNullDev()
    transport = pj.TransportConfig()
    transport.port, transport.boundAddress = 0, "127.0.0.1"
    endpoint.transportCreate(pj.PJSIP_TRANSPORT_UDP, transport)
    endpoint.libStart()
    account_config = pj.AccountConfig()
    account_config.idUri = "sip:caller@127.0.0.1"
    account_config.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
    account_config.mediaConfig.transportConfig.port = 0  # the system's pick: see the line's
    account = pj.Account()
    account.create(account_config)
    hearing = Hearing()
    fmt = pj.MediaFormatAudio()
    fmt.type = pj.PJMEDIA_TYPE_AUDIO
    fmt.clockRate, fmt.channelCount, fmt.bitsPerSample, fmt.frameTimeUsec = RATE, 1, 16, 20000
    hearing.createPort("hearing", fmt)
    threading.Thread(target=read_requests, daemon=True).start()
    state = {"call": None, "player": None}

    def pump(until, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if until():
                return True
            endpoint.libHandleEvents(10)
        return until()

    def answer(value: dict) -> None:
        answers.write(json.dumps(value) + "\n")
        answers.flush()

    def handle(request: dict) -> dict | None:
        do = request["do"]
        call = state["call"]
        if do == "hello":
            return {"ok": True}
        if do == "call":
            for codec in endpoint.codecEnum2():
                wanted = any(codec.codecId.startswith(name + "/") for name in request["codecs"])
                endpoint.codecSetPriority(codec.codecId, 200 if wanted else 0)
            call = state["call"] = Call(account)
            with hearing.lock:  # what is heard from now on, the first sound of the call too
                hearing.kept, hearing.frames = [], []
                hearing.spoke_at, hearing.first_speech_at = None, None
            started = time.perf_counter()
            call.makeCall(request["uri"], pj.CallOpParam(True))
            pump(lambda: call.state in (pj.PJSIP_INV_STATE_CONFIRMED,
                                        pj.PJSIP_INV_STATE_DISCONNECTED), request["timeout"])
            pump(lambda: call.media is not None or call.state == pj.PJSIP_INV_STATE_DISCONNECTED,
                 2)
            return {"code": call.code, "connected": call.state == pj.PJSIP_INV_STATE_CONFIRMED,
                    "codec": getattr(call, "codec", None), "started": started,
                    "connected_at": call.connected_at}
        if call is None:
            return {"error": f"{do}: no call"}
        if do == "press":
            with hearing.lock:
                hearing.first_speech_at = None
            at = time.perf_counter()
            if request["method"] == "info":
                param = pj.CallSendDtmfParam()
                param.digits, param.method = request["digits"], pj.PJSUA_DTMF_METHOD_SIP_INFO
                call.sendDtmf(param)
            else:
                call.dialDtmf(request["digits"])
            return {"at": at}
        if do == "play":
            if call.state != pj.PJSIP_INV_STATE_CONFIRMED or call.media is None:
                return {"error": f"play: the call is not up (state {call.state}: "
                                 f"{call.code} {getattr(call, 'reason', '')})"}
            player = pj.AudioMediaPlayer()
            player.createPlayer(request["file"], pj.PJMEDIA_FILE_NO_LOOP)
            info = soundfile.info(request["file"])
            player.startTransmit(call.media)
            pump(lambda: False, info.frames / info.samplerate + 0.1)
            player.stopTransmit(call.media)
            del player  # the player leaves the bridge here, on this thread
            return {"ended_at": time.perf_counter()}
        if do == "listen":
            with hearing.lock:
                hearing.kept, hearing.frames = [], []
                hearing.spoke_at, hearing.first_speech_at = None, None
            return {"ok": True}
        if do == "save":
            with hearing.lock:
                data = b"".join(hearing.kept)
            soundfile.write(request["file"], np.frombuffer(data, dtype="<i2"), RATE,
                            subtype="PCM_16")
            return {"seconds": len(data) / 2 / RATE}
        if do == "wait_speech":
            heard = pump(lambda: hearing.first_speech_at is not None, request["timeout"])
            return {"heard": heard, "at": hearing.first_speech_at}
        if do == "wait_quiet":
            quiet = request["quiet"]
            done = pump(lambda: hearing.spoke_at is not None
                        and time.perf_counter() - hearing.spoke_at >= quiet, request["timeout"])
            return {"quiet": done, "last_sound_at": hearing.spoke_at}
        if do == "frames":
            with hearing.lock:
                return {"frames": list(hearing.frames)}
        if do == "wait_end":
            ended = pump(lambda: call.state == pj.PJSIP_INV_STATE_DISCONNECTED,
                         request["timeout"])
            return {"ended": ended, "code": call.code}
        if do == "hang_up":
            try:
                call.hangup(pj.CallOpParam())
            except pj.Error:
                pass
            pump(lambda: call.state == pj.PJSIP_INV_STATE_DISCONNECTED, 5)
            return {"ended": call.state == pj.PJSIP_INV_STATE_DISCONNECTED}
        return {"error": f"unknown request {do!r}"}

    while True:
        try:
            request = requests.get_nowait()
        except queue.Empty:
            endpoint.libHandleEvents(10)
            continue
        if request["do"] == "bye":
            answer({"ok": True})
            break
        try:
            answer(handle(request))
        except pj.Error as error:
            answer({"error": f"{request['do']}: {error.reason} in {error.title}"})
    call = state["call"]
    if call is not None and call.state != pj.PJSIP_INV_STATE_DISCONNECTED:
        try:
            call.hangup(pj.CallOpParam())
        except pj.Error:
            pass
        pump(lambda: call.state == pj.PJSIP_INV_STATE_DISCONNECTED, 2)
    state.clear()
    del call
    import gc
    gc.collect()  # PJSIP's call objects go before PJSIP does
    endpoint.libDestroy()


if __name__ == "__main__":
    main()
