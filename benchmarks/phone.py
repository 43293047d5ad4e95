"""The phone line's figures, measured from a real second SIP endpoint over loopback (the test
suite's caller, `tests/phone/caller.py`), against a real `voiceinfo phone` process:

- call answered (200 OK confirmed) → first sound of the opening menu (target ≤ 1 s);
- key pressed in the middle of a part → the part's sound stopped (≤ 200 ms);
- key → first sound of its reply, p95 (≤ 0.5 s);
- spoken command (a flite voice saying "repeat", played into the call while a part is read) →
  first sound of its reply, p95 (≤ 1.5 s);
- calls at once with no gap in any reply (≥ 8): every call presses keys through the guide and
  the line counts the frames that went out empty in the middle of a reply; four calls a
  process (the most PJSIP's wheel takes), so 8 calls are two processes on these two cores;
- crashes under malformed SIP (0): thousands of mangled SIP messages over UDP, then a call.

Times are taken from the caller's side, on the sound as it arrives: `time.perf_counter()` is the
same clock in every process. A frame (20 ms) is sound when its RMS is over the caller's
threshold; the prompt has stopped at the first frame after the key that begins a run of quiet
frames, and the reply has begun at the first sound after that.

    .venv/bin/python benchmarks/phone.py [--keys 20] [--spoken 8] [--calls 8] [--fuzz 3000]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.common import percentile, print_table, record  # noqa: E402
from tests.phone.caller import Caller  # noqa: E402
# the calls one `voiceinfo phone` takes at once
from voiceinfo.cli.phone import MOST_CALLS as PER_LINE  # noqa: E402

#: Quiet frames in a row that mean the prompt has stopped (not a pause between two words).
STOPPED_FRAMES = 3
#: The spoken command, and the command it is: "repeat" rather than "next", which flite's slt
#: voice over G.722 was heard as "exit" (quit) 3 times in 6.
SPOKEN_COMMAND, SPOKEN_AS = "repeat", "repeat"
#: How long into a reply a key is pressed: in the middle of it, past its first words.
PRESS_AFTER_SECONDS = 1.0
#: How long after the fuzzing a call is tried, until one is answered.
RECOVERY_SECONDS = 150
#: A valid INVITE, mangled by the fuzzer.
INVITE = (
    "INVITE sip:voiceinfo@127.0.0.1:{port} SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK{n}\r\n"
    "Max-Forwards: 70\r\nFrom: <sip:fuzz@127.0.0.1>;tag={n}\r\n"
    "To: <sip:voiceinfo@127.0.0.1>\r\nCall-ID: fuzz{n}@127.0.0.1\r\nCSeq: 1 INVITE\r\n"
    "Contact: <sip:fuzz@127.0.0.1:5999>\r\nContent-Type: application/sdp\r\n"
    "Content-Length: {length}\r\n\r\n{sdp}")
SDP = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
       "m=audio 5998 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
       "a=rtpmap:101 telephone-event/8000\r\n")


class Line:
    """`voiceinfo phone` in a process of its own, its log kept."""

    def __init__(self, *args: str) -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.state = tempfile.TemporaryDirectory()
        self.log: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "voiceinfo", "phone", "--listen", f"127.0.0.1:{self.port}",
             *args], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "VOICEINFO_STATE_DIR": self.state.name})
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + 60
        while not any("listening on" in text for text in self.log):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit("voiceinfo phone did not start:\n" + "\n".join(self.log))
            time.sleep(0.05)

    @property
    def uri(self) -> str:
        return f"sip:voiceinfo@127.0.0.1:{self.port}"

    def _read(self) -> None:
        for text in self.process.stderr:
            self.log.append(text.rstrip("\n"))

    def stop(self) -> int | None:
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return None


def stop_and_reply(frames: list[tuple[float, bool]], pressed: float
                   ) -> tuple[float | None, float | None]:
    """Seconds from the key to the prompt's stop, and to the reply's first sound."""
    after = [(at, loud) for at, loud in frames if at >= pressed]
    stopped = None
    for index in range(len(after) - STOPPED_FRAMES):
        if not any(loud for _, loud in after[index:index + STOPPED_FRAMES]):
            stopped = index
            break
    if stopped is None:
        return None, None
    reply = next((at for at, loud in after[stopped:] if loud), None)
    return after[stopped][0] - pressed, None if reply is None else reply - pressed


def answered_and_keys(line: Line, presses: int) -> dict:
    """The first sound after answering, then keys pressed in the middle of parts."""
    with Caller() as caller:
        answer = caller.call(line.uri)
        first = caller.wait_speech()["at"]
        caller.press("1")  # English, in the middle of the opening menu
        caller.wait_speech()
        stops, replies = [], []
        for _ in range(presses):
            time.sleep(PRESS_AFTER_SECONDS)
            caller.listen()
            pressed = caller.press("#")["at"]
            caller.wait_speech()
            time.sleep(0.3)
            stop, reply = stop_and_reply(caller.frames(), pressed)
            if stop is not None:
                stops.append(stop)
            if reply is not None:
                replies.append(reply)
        caller.hang_up()
    return {"answered_to_first_sound": first - answer["connected_at"],
            "key_to_stop": stops, "key_to_reply": replies}


def spoken(line: Line, times: int, work: Path) -> list[float]:
    """A spoken command played into the call in the middle of each part: from the end of the
    command to the reply's first sound."""
    if not shutil.which("flite"):
        print("flite is not installed: no spoken commands measured", file=sys.stderr)
        return []
    from tests.support.testaudio import speak
    command = work / "command.wav"
    speak(SPOKEN_COMMAND, "slt", command)
    # the reply is timed from the end of the word, not of the file's silence after it
    import numpy as np
    import soundfile
    samples, rate = soundfile.read(str(command), dtype="int16")
    frame = rate // 50
    loud = [i for i in range(0, len(samples) - frame, frame)
            if np.sqrt(np.mean(samples[i:i + frame].astype(float) ** 2)) > 300]
    after_word = (len(samples) - (loud[-1] + frame)) / rate if loud else 0.0
    latencies = []
    with Caller() as caller:
        answer = caller.call(line.uri, codecs=("G722",))
        if not answer["connected"]:
            raise SystemExit(f"the spoken commands' call was not answered: {answer}")
        caller.wait_speech()
        caller.press("1")
        caller.wait_speech()
        for _ in range(times):
            time.sleep(PRESS_AFTER_SECONDS)
            caller.listen()
            # play() returns 0.1 s after the file has gone out
            ended = caller.play(command)["ended_at"] - 0.1 - after_word
            heard = caller.wait_speech(timeout=10)
            time.sleep(0.3)
            _, reply = stop_and_reply(caller.frames(), ended)
            if heard["heard"] and reply is not None:
                latencies.append(reply)
        caller.hang_up()
    print(f"spoken commands: {len(latencies)} replies to {times} commands "
          f"({sum(f'heard {SPOKEN_AS}' in text for text in line.log)} heard as {SPOKEN_AS})",
          file=sys.stderr)
    return latencies


def one_busy_call(uri: str, seconds: float) -> dict:
    """One caller's minute: English, then a key every 2 s (next, or the menu's first item)."""
    with Caller() as caller:
        answer = caller.call(uri)
        if not answer["connected"]:
            return {"connected": False}
        first = caller.wait_speech()["at"]
        caller.press("1")
        deadline = time.monotonic() + seconds
        keys = "#1#2#3#8*#9"
        n = 0
        while time.monotonic() < deadline:
            time.sleep(2.0)
            caller.press(keys[n % len(keys)])
            n += 1
        caller.hang_up()
    return {"connected": True, "answered_to_first_sound": first - answer["connected_at"]}


def concurrent(calls: int, seconds: float) -> dict:
    """`calls` callers at once, spread over as many lines as it takes at `PER_LINE` calls a
    line, as a PBX spreads them (docs/phone.md)."""
    lines = [Line("--max-calls", str(PER_LINE)) for _ in range(-(-calls // PER_LINE))]
    try:
        with ThreadPoolExecutor(calls) as pool:
            results = list(pool.map(lambda n: one_busy_call(lines[n % len(lines)].uri, seconds),
                                    range(calls)))
        time.sleep(1.0)
    finally:
        statuses = [line.stop() for line in lines]
    gaps = [int(text.rsplit("(", 1)[1].split()[0]) for line in lines for text in line.log
            if "gaps)" in text]
    return {"calls": calls, "lines": len(lines), "connected": sum(r["connected"] for r in results),
            "gaps": sum(gaps), "calls_ended": len(gaps), "exits": statuses,
            "answered_to_first_sound": [r["answered_to_first_sound"] for r in results
                                        if r["connected"]]}


def fuzz(line: Line, count: int, seed: int = 25) -> dict:
    """Mangled INVITEs and noise at the SIP port; then whether the line lives and answers."""
    chance = random.Random(seed)
    sdp = SDP
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as raw:
        for n in range(count):
            message = bytearray(INVITE.format(port=line.port, n=n, length=len(sdp),
                                              sdp=sdp).encode())
            kind = n % 4
            if kind == 0:  # bytes flipped
                for _ in range(chance.randint(1, 20)):
                    message[chance.randrange(len(message))] = chance.randrange(256)
            elif kind == 1:  # cut short
                message = message[:chance.randrange(len(message))]
            elif kind == 2:  # a header said again with rubbish in it
                cut = message.index(b"\r\n") + 2
                rubbish = bytes(chance.randrange(32, 127) for _ in range(chance.randint(1, 300)))
                message[cut:cut] = b"CSeq: " + rubbish + b"\r\n"
            else:  # noise
                message = bytearray(chance.randbytes(chance.randint(1, 1400)))
            raw.sendto(bytes(message), ("127.0.0.1", line.port))
            if n % 200 == 0:
                time.sleep(0.05)  # a burst at a time, as a scanner sends
    sent = time.monotonic()
    alive = line.process.poll() is None
    # mangling leaves some INVITEs whole: each is answered, its 200 OK is never acknowledged,
    # and PJSIP holds its slot until the INVITE times out; how long until a call is answered
    recovered = None
    while alive and time.monotonic() - sent < RECOVERY_SECONDS:
        with Caller() as caller:
            answered = caller.call(line.uri)["connected"]
            caller.hang_up()
        if answered:
            recovered = time.monotonic() - sent
            break
        time.sleep(5)
        alive = line.process.poll() is None
    return {"messages": count, "crashes": 0 if alive else 1,
            "answered_again_after_seconds": recovered}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keys", type=int, default=20)
    parser.add_argument("--spoken", type=int, default=8)
    parser.add_argument("--calls", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0, help="each concurrent call")
    parser.add_argument("--fuzz", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        line = Line()
        try:
            keys = answered_and_keys(line, args.keys)
            spoken_replies = spoken(line, args.spoken, Path(work))
            fuzzed = fuzz(line, args.fuzz)
        finally:
            line.stop()
        load = concurrent(args.calls, args.seconds)

    def ms(values, q=None) -> str:
        if not values:
            return "–"
        value = values if isinstance(values, float) else percentile(values, q)
        return f"{value * 1000:.0f} ms"

    rows = [
        ("call answered → first sound", ms(keys["answered_to_first_sound"]),
         f"p95 {ms(load['answered_to_first_sound'], 95)} with {load['calls']} calls", "≤ 1 s"),
        ("key → prompt stopped", f"p50 {ms(keys['key_to_stop'], 50)}",
         f"p95 {ms(keys['key_to_stop'], 95)} (n={len(keys['key_to_stop'])})", "≤ 200 ms"),
        ("key → first sound of the reply", f"p50 {ms(keys['key_to_reply'], 50)}",
         f"p95 {ms(keys['key_to_reply'], 95)} (n={len(keys['key_to_reply'])})", "≤ 0.5 s p95"),
        ("spoken command → reply", f"p50 {ms(spoken_replies, 50)}",
         f"p95 {ms(spoken_replies, 95)} (n={len(spoken_replies)})", "≤ 1.5 s p95"),
        ("calls at once, no gap", f"{load['connected']} of {load['calls']}",
         f"{load['gaps']} gaps in {load['calls_ended']} calls, {load['lines']} processes",
         "≥ 8"),
        ("crashes under malformed SIP", str(fuzzed["crashes"]),
         f"{fuzzed['messages']} messages; answered again after "
         f"{fuzzed['answered_again_after_seconds'] or '–'} s",
         "0"),
    ]
    print_table(("figure", "measured", "detail", "target"), rows)
    record("phone", {"keys": keys, "spoken": spoken_replies, "concurrent": load,
                     "fuzz": fuzzed})


if __name__ == "__main__":
    main()
