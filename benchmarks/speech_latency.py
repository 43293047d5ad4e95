"""How quickly the spoken loop answers, through the real code paths: from the end of a spoken
command (its audio read) to the first sample of the spoken reply; from a key press to the first
sample of the reply; the grammar's load time; and start-up, from launching `voiceinfo` to its
first spoken word (the first WAV file of the greeting, with `--audio-out`).

    .venv/bin/python benchmarks/speech_latency.py [--runs N]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.speech.testaudio import load_manifest, render, select  # noqa: E402
from voiceinfo.environment import Environment  # noqa: E402
from voiceinfo.guide import load_guide  # noqa: E402
from voiceinfo.local.events import Heard, file_events  # noqa: E402
from voiceinfo.local.loop import CommandLoop  # noqa: E402
from voiceinfo.local.session import Session  # noqa: E402
from voiceinfo.speech.output import Discard, SpokenOutput  # noqa: E402
from voiceinfo.speech.recognition import Recognizers  # noqa: E402
from voiceinfo.speech.synthesis import synthesizer  # noqa: E402

COMMANDS = ["next", "go back", "repeat", "where am I", "fatigue", "key facts", "two", "help",
            "slow down", "faster", "tell me about pain", "menu"]
KEYS = ["n", "b", "r", "w", "u", "3", "RIGHT", "LEFT", "?", "-", "+", "h"]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(name: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (f"{name}: median {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, "
            f"max {max(ms):.1f} ms ({len(ms)} replies)")


def new_loop(guide, state_dir: Path) -> tuple[CommandLoop, Session]:
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(),
                      state_dir=state_dir)
    output = SpokenOutput(env, synthesizer(), Discard())
    session = Session(guide, env, output)
    session.start()
    return CommandLoop(session, output), session


def spoken_latency(guide, runs: int, state_dir: Path) -> tuple[list[float], float]:
    loop, session = new_loop(guide, state_dir)
    recognizers = Recognizers(guide.vocabulary, "sphinx", print)
    recognizer = recognizers("en")
    files = [render(u) for u in select(load_manifest(), voices=["rms", "awb"],
                                       perturbations=["clean"], texts=COMMANDS)]
    for _ in range(runs):
        for event in file_events(files, session, recognizers, print):
            loop.handle(event)
    return loop.latencies, recognizer.transcriber.load_ms


def key_latency(guide, runs: int, state_dir: Path) -> list[float]:
    loop, session = new_loop(guide, state_dir)
    for _ in range(runs):
        for key in KEYS:
            pressed = time.perf_counter()
            command = session.guide.vocabulary(session.lang).parse_key(key)
            loop.handle(Heard(command, pressed))
    return loop.latencies


def startup(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "said"
            env = {**os.environ, "VOICEINFO_STATE_DIR": str(Path(folder) / "state")}
            started = time.perf_counter()
            process = subprocess.Popen(
                [sys.executable, "-m", "voiceinfo", "--no-listen", "--audio-out", str(out)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                env=env, cwd=REPO)
            first = out / "0001.wav"
            while not first.exists() and process.poll() is None:
                time.sleep(0.002)
            times.append(time.perf_counter() - started)
            process.wait()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    guide = load_guide()
    with tempfile.TemporaryDirectory() as folder:
        spoken, load_ms = spoken_latency(guide, args.runs, Path(folder) / "a")
        keys = key_latency(guide, args.runs, Path(folder) / "b")
    print(summary("end of a spoken command to the first sample of the reply", spoken))
    print(summary("key press to the first sample of the reply", keys))
    print(f"grammar and model load: {load_ms:.0f} ms")
    print(summary("start-up to the first spoken word", startup(max(args.runs, 5))))


if __name__ == "__main__":
    main()
