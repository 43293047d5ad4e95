"""Spoken commands in Spanish, French, German and Arabic, offline: how many in-grammar commands
come back as the right command, how much other speech is rejected, and how long a decode takes.

The speakers are eSpeak NG's voices (tests/i18n/audio/<lang>.toml), heard by pocketsphinx's
English acoustic model through each locale's lexicon (voiceinfo/speech/lexicon/<lang>.dict), the
same path `voiceinfo recognize --lang LANG` takes.

    .venv/bin/python benchmarks/speech_locales.py [--lang es ...] [--every N] [--errors]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.common import percentile, print_table, record  # noqa: E402
from tests.support.spokenaudio import LOCALES, Utterance, load_manifest, render  # noqa: E402
from tests.support.testaudio import as_expect  # noqa: E402
from voiceinfo.guide import load_guide  # noqa: E402
from voiceinfo.speech.recognition import CommandRecognizer, SphinxTranscriber  # noqa: E402


@dataclass
class Score:
    lang: str
    commands: int = 0
    commands_right: int = 0
    others: int = 0
    others_rejected: int = 0
    decode_ms: list[float] = field(default_factory=list)
    load_ms: float = 0.0
    errors: list[str] = field(default_factory=list)

    def percent(self, part: int, whole: int) -> str:
        return f"{part}/{whole} ({100 * part / whole:.1f} %)" if whole else "-"

    def row(self) -> list[str]:
        return [self.lang, self.percent(self.commands_right, self.commands),
                self.percent(self.others_rejected, self.others),
                f"{statistics.median(self.decode_ms):.0f}", f"{percentile(self.decode_ms, 95):.0f}",
                f"{self.load_ms:.0f}"]

    def figures(self) -> dict:
        return {"commands": self.commands, "commands_right": self.commands_right,
                "others": self.others, "others_rejected": self.others_rejected,
                "decode_ms_median": round(statistics.median(self.decode_ms), 1),
                "decode_ms_p95": round(percentile(self.decode_ms, 95), 1),
                "load_ms": round(self.load_ms)}


def score_locale(lang: str, utterances: list[Utterance]) -> Score:
    vocabulary = load_guide().vocabulary(lang)
    transcriber = SphinxTranscriber(vocabulary)
    transcriber.load()
    recognizer = CommandRecognizer(transcriber, vocabulary)
    score = Score(lang, load_ms=transcriber.load_ms or 0.0)
    for utterance in utterances:
        result = recognizer.recognize_file(render(utterance))
        got = as_expect(result.command)
        score.decode_ms.append(result.decode_ms)
        if utterance.is_command:
            score.commands += 1
            score.commands_right += got == utterance.expect
        else:
            score.others += 1
            score.others_rejected += got == "none"
        if got != utterance.expect:
            score.errors.append(f"{lang} {utterance.voice:>14} {utterance.rendering:<6} "
                                f"{utterance.text!r}: expected {utterance.expect}, "
                                f"got {got} (heard {result.heard!r})")
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="+", choices=LOCALES, default=list(LOCALES))
    parser.add_argument("--errors", action="store_true", help="list every wrong answer")
    parser.add_argument("--every", type=int, default=1, help="use every Nth utterance")
    args = parser.parse_args(argv)
    scores = [score_locale(lang, load_manifest(lang)[::args.every]) for lang in args.lang]
    if args.errors:
        for score in scores:
            print("\n".join(score.errors))
        print()
    print_table(["locale", "commands recognised", "non-commands rejected", "decode median ms",
                 "decode p95 ms", "grammar load ms"], (score.row() for score in scores))
    record("speech_locales", {score.lang: score.figures() for score in scores})
    return 0


if __name__ == "__main__":
    sys.exit(main())
