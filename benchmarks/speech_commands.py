"""Spoken command recognition on the test audio (flite's voices, clean and perturbed) with one
tuning: commands recognised by voice and by perturbation, non-commands wrongly accepted, decode
time, grammar load time, and beside it SpeechRecognition's `recognize_sphinx` with its defaults
on the same audio, the baseline a user would get. For voices the tuning was not chosen on, see
benchmarks/speech_heldout.py (leave one voice out).

    .venv/bin/python benchmarks/speech_commands.py [--voices slt,rms,awb] [--every N]
        [--baseline-every N]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import speech_recognition as sr  # noqa: E402

from benchmarks.common import percentile, print_table, record  # noqa: E402
from tests.support.testaudio import as_expect, load_manifest, render  # noqa: E402
from voiceinfo.commands import NOT_UNDERSTOOD  # noqa: E402
from voiceinfo.guide import load_guide  # noqa: E402
from voiceinfo.speech import recognition  # noqa: E402
from voiceinfo.speech.capture import read_audio  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=1, help="use every Nth utterance")
    parser.add_argument("--baseline-every", type=int, default=4,
                        help="run the slow recognize_sphinx baseline on every Nth of those")
    english = recognition.ENGLISH
    parser.add_argument("--garbage-weight", type=float, default=english.garbage_weight)
    parser.add_argument("--garbage-size", type=int, default=english.garbage_size)
    parser.add_argument("--least-match", type=float, default=english.least_match)
    parser.add_argument("--least-short-match", type=float, default=english.least_short_match,
                        help="the least match of a single short word on its own frames")
    parser.add_argument("--narrowband-allowance", type=float,
                        default=english.narrowband_allowance)
    parser.add_argument("--voices", help="only these voices, comma-separated (default: all)")
    parser.add_argument("--long-speech", type=float, default=english.long_speech,
                        help="seconds beyond which speech is scored coarsely; 0 for never")
    parser.add_argument("--errors", action="store_true", help="list every error")
    parser.add_argument("--only", help="only these perturbations, comma-separated")
    parser.add_argument("--decoder", default="{}",
                        help="decoder settings as JSON, over the English ones, for tuning")
    args = parser.parse_args()
    tuning = dataclasses.replace(english, garbage_weight=args.garbage_weight,
                                 garbage_size=args.garbage_size, least_match=args.least_match,
                                 least_short_match=args.least_short_match,
                                 narrowband_allowance=args.narrowband_allowance,
                                 long_speech=args.long_speech or None,
                                 decoder={**english.decoder, **json.loads(args.decoder)})

    guide = load_guide()
    vocabulary = guide.vocabulary("en")
    utterances = load_manifest()
    if args.voices:
        utterances = [u for u in utterances if u.voice in args.voices.split(",")]
    if args.only:
        utterances = [u for u in utterances if u.perturbation in args.only.split(",")]
    utterances = utterances[::args.every]
    paths = [render(u) for u in utterances]

    transcriber = recognition.SphinxTranscriber(vocabulary, tuning)
    transcriber.load()
    recognizer = recognition.CommandRecognizer(transcriber, vocabulary)

    right: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    decode_ms: list[float] = []
    baseline: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    baseline_ms: list[float] = []
    plain = sr.Recognizer()
    for n, (utterance, path) in enumerate(zip(utterances, paths, strict=True)):
        audio = read_audio(path)
        result = recognizer.recognize(audio)
        decode_ms.append(result.decode_ms)
        ok = as_expect(result.command) == utterance.expect
        kind = "command" if utterance.is_command else "non-command"
        for key in ((kind, "all"), (kind, f"voice {utterance.voice}"),
                    (kind, f"perturbation {utterance.perturbation}")):
            right[key][0] += ok
            right[key][1] += 1
        if args.errors and not ok:
            print(f"  error: {utterance.voice}/{utterance.perturbation} {utterance.text!r} -> "
                  f"{as_expect(result.command)} ({result.heard!r})")
        if n % args.baseline_every == 0:
            started = time.perf_counter()
            try:
                heard = plain.recognize_sphinx(audio)
            except sr.UnknownValueError:
                heard = ""
            baseline_ms.append((time.perf_counter() - started) * 1000)
            command = vocabulary.parse(heard) if heard else NOT_UNDERSTOOD
            baseline[kind][0] += as_expect(command) == utterance.expect
            baseline[kind][1] += 1

    def rate(counts: list[int]) -> str:
        if not counts[1]:
            return "-"
        return f"{100 * counts[0] / counts[1]:5.1f} % ({counts[0]}/{counts[1]})"

    print(f"Spoken commands, {len(utterances)} utterances "
          f"(garbage weight {tuning.garbage_weight:g}, {tuning.garbage_size} garbage words, "
          f"least acoustic match {tuning.least_match}, short words {tuning.least_short_match}, "
          f"narrowband allowance {tuning.narrowband_allowance}, "
          f"coarse beyond {tuning.long_speech} s, "
          f"decoder {tuning.decoder})")
    groups = sorted({key for _, key in right}, key=lambda k: (k != "all", k))
    rows = [[group, *(rate(right[(kind, group)]) if right[(kind, group)][1] else "-"
                      for kind in ("command", "non-command"))] for group in groups]
    if baseline_ms:
        rows.append(["baseline: recognize_sphinx defaults", rate(baseline["command"]),
                     rate(baseline["non-command"])])
    print_table(["audio", "commands recognised", "non-commands rejected"], rows)
    p95 = percentile(decode_ms, 95)
    print(f"decode time: median {statistics.median(decode_ms):.1f} ms, "
          f"p95 {p95:.1f} ms, max {max(decode_ms):.1f} ms "
          f"(baseline median {statistics.median(baseline_ms or [0]):.0f} ms)")
    print(f"grammar and model load: {transcriber.load_ms:.0f} ms")
    record("speech_commands", {
        "utterances": len(utterances), "tuning": tuning,
        "right": {f"{kind}, {group}": {"right": counts[0], "of": counts[1]}
                  for (kind, group), counts in sorted(right.items())},
        "baseline": {kind: {"right": counts[0], "of": counts[1]}
                     for kind, counts in baseline.items()},
        "decode_ms_median": round(statistics.median(decode_ms), 1),
        "decode_ms_p95": round(p95, 1), "decode_ms_max": round(max(decode_ms), 1),
        "baseline_ms_median": round(statistics.median(baseline_ms or [0])),
        "load_ms": round(transcriber.load_ms)})


if __name__ == "__main__":
    main()
