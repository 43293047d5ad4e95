"""How quickly the spoken loop answers, through the real code paths: from the end of a spoken
command (its audio read) to the first sample of the spoken reply; from a key press to the first
sample of the reply; the grammar's load time; and start-up, from launching `voiceinfo` to its
first spoken word (the first WAV file of the greeting, with `--audio-out`).

Spoken commands are measured with each engine named by `--engines`: "sphinx" (the grammar alone)
and "offline" (the default: the grammar, and Whisper where the grammar is unsure, loaded before
measuring); for "offline" the replies are also split by the engine that decided. `--voices` and
`--conditions` choose the test audio (narrowband and the neural voice send more to Whisper).

    .venv/bin/python benchmarks/speech_latency.py [--runs N] [--engines sphinx offline]
        [--voices rms,awb] [--conditions clean]
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
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.common import percentile, record  # noqa: E402
from tests.support.testaudio import load_manifest, render, select  # noqa: E402
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


@dataclass
class Latency:
    median_ms: float
    p95_ms: float
    max_ms: float
    replies: int


def summary(figures: dict[str, Latency], name: str, seconds: list[float]) -> None:
    """Prints one latency's summary, and keeps it in `figures`."""
    ms = [s * 1000 for s in seconds]
    latency = Latency(round(statistics.median(ms), 1), round(percentile(ms, 95), 1),
                      round(max(ms), 1), len(ms))
    figures[name] = latency
    print(f"{name}: median {latency.median_ms:.1f} ms, p95 {latency.p95_ms:.1f} ms, "
          f"max {latency.max_ms:.1f} ms ({latency.replies} replies)")


def new_loop(guide, state_dir: Path) -> tuple[CommandLoop, Session]:
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(),
                      state_dir=state_dir)
    output = SpokenOutput(env.say, synthesizer(), Discard())
    session = Session(guide, env, output)
    session.start()
    return CommandLoop(session, output), session


def spoken_latency(guide, runs: int, state_dir: Path, engine: str = "sphinx",
                   voices: tuple[str, ...] = ("rms", "awb"),
                   conditions: tuple[str, ...] = ("clean",)) -> tuple[dict[str, list[float]],
                                                                   dict[str, float]]:
    """Seconds from each command's end to its reply's first sample, all of them ("all") and by
    the engine that decided; and the load times (ms) of the grammar and of Whisper."""
    loop, session = new_loop(guide, state_dir)
    models = Environment().whisper_models() if engine != "sphinx" else None
    recognizers = Recognizers(guide.vocabulary, engine, print, models=models, wait=True)
    recognizer = recognizers("en")
    deciders: list[str] = []
    recognize = recognizer.recognize

    def recognize_and_note(audio):
        result = recognize(audio)
        deciders.append(result.decided_by)
        return result

    recognizer.recognize = recognize_and_note
    files = [render(u) for u in select(load_manifest(), voices=list(voices),
                                       perturbations=list(conditions), texts=COMMANDS)]
    by_engine: dict[str, list[float]] = {"all": []}
    for _ in range(runs):
        for event in file_events(files, session, recognizers, print):
            before = len(loop.latencies)
            loop.handle(event)
            if len(loop.latencies) > before:
                latency = loop.latencies[-1]
                by_engine["all"].append(latency)
                by_engine.setdefault(f"decided by {deciders[-1]}", []).append(latency)
    loads = {"grammar": recognizer.transcriber.load_ms or 0.0}
    if recognizer.second is not None and getattr(recognizer.second, "load_ms", None):
        loads["Whisper"] = recognizer.second.load_ms
    return by_engine, loads


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
    parser.add_argument("--engines", nargs="+", default=["sphinx", "offline"],
                        choices=["sphinx", "offline"])
    parser.add_argument("--voices", default="rms,awb", help="comma-separated")
    parser.add_argument("--conditions", default="clean", help="comma-separated perturbations")
    args = parser.parse_args()
    guide = load_guide()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on "
          f"{os.cpu_count()} cores; voices {args.voices}, conditions {args.conditions}")
    figures: dict[str, Latency] = {}
    loaded: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for n, engine in enumerate(args.engines):
            spoken, loads = spoken_latency(guide, args.runs, Path(folder) / f"a{n}", engine,
                                           tuple(args.voices.split(",")),
                                           tuple(args.conditions.split(",")))
            for part, seconds in spoken.items():
                if part != "all" and len(spoken) == 2:
                    continue  # one engine decided everything: the same as "all"
                summary(figures, f"[{engine}] end of a spoken command to the first sample of "
                        f"the reply ({part})", seconds)
            print(f"[{engine}] load: " + ", ".join(f"{k} {v:.0f} ms" for k, v in loads.items()))
            loaded[engine] = {name: round(ms) for name, ms in loads.items()}
        keys = key_latency(guide, args.runs, Path(folder) / "b")
    summary(figures, "key press to the first sample of the reply", keys)
    summary(figures, "start-up to the first spoken word", startup(max(args.runs, 5)))
    record("speech_latency", {"latencies": figures, "load_ms": loaded, "voices": args.voices,
                              "conditions": args.conditions, "runs": args.runs})


if __name__ == "__main__":
    main()
