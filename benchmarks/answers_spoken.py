"""Spoken questions: the English questions of the test set said by every offline voice here,
heard with the question model made from the guide (`voiceinfo.speech.question_model`) and, as
the floor to beat, with pocketsphinx's generic English model, then answered as typed questions
are. Prints, for each model: the first answer right (top-1) and any of the three (top-3) on the
questions the article answers, the share of the ones it does not answer that are refused, and
the time from the audio to the answers (decode plus answer, median and p95).

The questions are `tests/core/data/asked.toml`'s English ones, the reporting half (odd) by
default, never tuned on; its unanswerable questions (empty `answers`) give the refused share.
The audio is made on first use by flite's voices (kal, kal16, slt, rms, awb) and eSpeak NG's
American and British voices into build/test-audio/ (gitignored) and reused.

    .venv/bin/python benchmarks/answers_spoken.py                 # both models, every voice
    .venv/bin/python benchmarks/answers_spoken.py --models ours   # the guide's model alone
    .venv/bin/python benchmarks/answers_spoken.py --half tuning --misses
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from answers import Score, half, is_right, load_test_set  # noqa: E402
from tests.speech.testaudio import Utterance, render  # noqa: E402
from voiceinfo.guide import load_guide  # noqa: E402
from voiceinfo.speech.capture import read_audio  # noqa: E402
from voiceinfo.speech.question_model import QuestionTranscriber, generic_model  # noqa: E402

VOICES = ("kal", "kal16", "slt", "rms", "awb", "espeak:en-us", "espeak:en-gb-x-rp")
#: The issue's targets for spoken questions.
TARGETS = "targets: top-1 >= 75 %, top-3 >= 85 %, refused >= 70 %, p95 <= 1000 ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", choices=("ours", "generic"),
                        default=["ours", "generic"])
    parser.add_argument("--voices", nargs="+", default=list(VOICES))
    parser.add_argument("--half", choices=("reporting", "tuning"), default="reporting")
    parser.add_argument("--misses", action="store_true", help="list what was heard wrong")
    args = parser.parse_args()
    guide = load_guide()
    asked = [a for a in half(load_test_set(), tuning=args.half == "tuning") if a.lang == "en"]
    spoken = [(item, voice, render(Utterance(item.question, "ask", voice, "clean", ())))
              for voice in args.voices for item in asked]
    index = guide.answers("en")
    print(f"{args.half} half: {len(asked)} English questions x {len(args.voices)} voices "
          f"({', '.join(args.voices)}) = {len(spoken)} recordings; {TARGETS}")
    for name in args.models:
        transcriber = QuestionTranscriber(guide, None if name == "ours" else generic_model())
        transcriber.load()
        score, times, by_voice, misses = Score(), [], {v: Score() for v in args.voices}, []
        for item, voice, path in spoken:
            start = time.perf_counter()
            heard = transcriber.transcribe(read_audio(path)).words
            answers = index.ask(heard) if heard else []
            times.append(1000 * (time.perf_counter() - start))
            for tally in (score, by_voice[voice]):
                if item.answers:
                    tally.answerable += 1
                    tally.top1 += bool(answers) and is_right(answers[0], item.answers)
                    tally.top3 += any(is_right(a, item.answers) for a in answers)
                else:
                    tally.unanswerable += 1
                    tally.refused += not answers
            right = (not answers if not item.answers
                     else bool(answers) and is_right(answers[0], item.answers))
            if not right:
                misses.append(f"[{voice}] {item.question!r} heard {heard!r}: wanted "
                              f"{list(item.answers)}, got {[a.segment for a in answers]}")
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"{name} model (load {transcriber.load_ms:.0f} ms): {score.line()}; decode + "
              f"answer median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms")
        for voice, tally in by_voice.items():
            print(f"    {voice:18} {tally.line()}")
        if args.misses:
            print("\n".join(f"  miss {line}" for line in misses))


if __name__ == "__main__":
    main()
