"""What speech in costs in memory and load time: the process's resident size (VmRSS) after each
step of loading what the spoken loop can use at once — the guide, the English grammar, Whisper
tiny.en (English commands and questions), Whisper base (the other languages), the answers with
the semantic model — and one decoding through each, since a model's buffers grow on first use.

Target (issue 23): the whole program at most 500 MB resident with both models loaded.

    .venv/bin/python benchmarks/speech_memory.py
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.common import print_table, record  # noqa: E402
from tests.support.testaudio import Utterance, render  # noqa: E402
from voiceinfo.environment import Environment  # noqa: E402
from voiceinfo.guide import load_guide  # noqa: E402
from voiceinfo.speech import OFFLINE_ENGINE  # noqa: E402
from voiceinfo.speech.capture import read_audio  # noqa: E402
from voiceinfo.speech.recognition import Recognizers  # noqa: E402

TARGET_MB = 500


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Step:
    name: str
    resident_mb: float
    ms: float


def main() -> None:
    rows: list[Step] = []
    started = time.perf_counter()

    def step(name: str) -> None:
        nonlocal started
        rows.append(Step(name, round(resident_mb()), round((time.perf_counter() - started) * 1000)))
        started = time.perf_counter()

    step("python, voiceinfo's speech modules imported")
    guide = load_guide()
    step("the guide")
    env = Environment()
    recognizers = Recognizers(guide.vocabulary, OFFLINE_ENGINE, print,
                              models=env.whisper_models(), wait=True,
                              prompts=guide.question_prompt)
    english = recognizers("en")
    step("English grammar and Whisper tiny.en loaded")
    audio = read_audio(render(Utterance("next", "next", "rms", "narrowband", ("rate", "8000"))))
    english.recognize(audio)
    step("a narrowband English command (grammar, then tiny.en)")
    spanish = recognizers("es")
    step("Whisper base loaded (Spanish commands)")
    spanish.recognize(audio)
    step("a Spanish decoding")
    question = recognizers.question_transcriber("fr")
    question.transcribe(audio)
    step("a French question decoding (base, shared)")
    guide.answers("en").ask("is acupuncture safe with warfarin")
    step("answers in English with the semantic model")
    print_table(["step", "resident MB", "ms"], ([r.name, r.resident_mb, r.ms] for r in rows))
    peak = max(r.resident_mb for r in rows)
    print(f"\npeak resident {peak:.0f} MB (target <= {TARGET_MB} MB): "
          f"{'met' if peak <= TARGET_MB else 'missed'}")
    record("speech_memory", {"steps": rows, "peak_resident_mb": peak, "target_mb": TARGET_MB})


if __name__ == "__main__":
    main()
