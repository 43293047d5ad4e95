"""`voiceinfo` with no subcommand: the guide on the person's own machine, spoken or printed,
by voice, keys or typed lines (`voiceinfo.local`). Its `register` adds the root command's own
options, since they belong to no subcommand.
"""

from __future__ import annotations

import argparse

from voiceinfo.environment import Environment, ExitStatus
from voiceinfo.guide import Guide
from voiceinfo.pace import FASTEST_WORDS_A_MINUTE, SLOWEST_WORDS_A_MINUTE


def rate(value: str) -> int:
    try:
        words_a_minute = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not SLOWEST_WORDS_A_MINUTE <= words_a_minute <= FASTEST_WORDS_A_MINUTE:
        raise argparse.ArgumentTypeError(
            f"choose a rate from {SLOWEST_WORDS_A_MINUTE} to {FASTEST_WORDS_A_MINUTE}")
    return words_a_minute


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--text", action="store_true", help="print instead of speaking")
    parser.add_argument("--no-listen", action="store_true",
                        help="take keys and typed commands only, no microphone")
    parser.add_argument("--rate", type=rate, help=f"words a minute, {SLOWEST_WORDS_A_MINUTE} "
                                                  f"to {FASTEST_WORDS_A_MINUTE}")
    parser.add_argument("--audio-in", nargs="+", metavar="FILE",
                        help="take spoken commands from these WAV files instead of a microphone")
    parser.add_argument("--audio-out", metavar="DIR",
                        help="write what is said to numbered WAV files instead of the speakers")
    parser.add_argument("--push-to-talk", action="store_true",
                        help="listen only after Enter is pressed, not all the time")


def run(args: argparse.Namespace, env: Environment, guide: Guide) -> ExitStatus:
    from voiceinfo.local.loop import run_local
    return run_local(args, env, guide)
