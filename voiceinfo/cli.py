"""The `voiceinfo` command: the spoken loop by default, and its subcommands.

`main(argv, env)` takes its streams, folders and devices from an injected `Environment`, so tests
run it without a terminal. Whatever goes wrong, the person sees one short line, never a
traceback (`--debug` shows it), and the exit status says what happened.
"""

from __future__ import annotations

import argparse
import json
import traceback
from collections.abc import Sequence

from voiceinfo import __version__
from voiceinfo.askcli import register_ask_command
from voiceinfo.book.commandline import add_epub_option, run_epub_export
from voiceinfo.check import all_problems, shipped_locales
from voiceinfo.content import ContentError
from voiceinfo.environment import Environment, ExitStatus
from voiceinfo.export import tree_data
from voiceinfo.guide import Guide, load_guide
from voiceinfo.i18n import LOCALES
from voiceinfo.local.loop import run_local
from voiceinfo.pace import FASTEST_WORDS_A_MINUTE, SLOWEST_WORDS_A_MINUTE
from voiceinfo.semantic import describe
from voiceinfo.speech.commandline import add_engine_option, register as register_speech_commands
from voiceinfo.webcli import add_site_option, register_web_commands, run_site_export


def rate(value: str) -> int:
    try:
        words_a_minute = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not SLOWEST_WORDS_A_MINUTE <= words_a_minute <= FASTEST_WORDS_A_MINUTE:
        raise argparse.ArgumentTypeError(
            f"choose a rate from {SLOWEST_WORDS_A_MINUTE} to {FASTEST_WORDS_A_MINUTE}")
    return words_a_minute


def build_parser() -> argparse.ArgumentParser:
    # no abbreviations: `voiceinfo ask --audio` would otherwise be taken for the loop's own
    # --audio-in or --audio-out, and refused as ambiguous
    parser = argparse.ArgumentParser(
        prog="voiceinfo", allow_abbrev=False,
        description="Acupuncture and MS, as short spoken pieces you move through by voice or keys.")
    parser.add_argument("--version", action="version", version=f"voiceinfo {__version__}")
    parser.add_argument("--debug", action="store_true", help="show full errors, for developers")
    parser.add_argument("--text", action="store_true", help="print instead of speaking")
    parser.add_argument("--no-listen", action="store_true",
                        help="take keys and typed commands only, no microphone")
    parser.add_argument("--lang", choices=LOCALES, help="language to start in")
    parser.add_argument("--rate", type=rate, help=f"words a minute, {SLOWEST_WORDS_A_MINUTE} "
                                                  f"to {FASTEST_WORDS_A_MINUTE}")
    parser.add_argument("--audio-in", nargs="+", metavar="FILE",
                        help="take spoken commands from these WAV files instead of a microphone")
    parser.add_argument("--audio-out", metavar="DIR",
                        help="write what is said to numbered WAV files instead of the speakers")
    add_engine_option(parser)
    parser.add_argument("--push-to-talk", action="store_true",
                        help="listen only after Enter is pressed, not all the time")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    export = commands.add_parser("export", help="print the whole tree as JSON")
    export.add_argument("--lang", choices=LOCALES, default="en")
    add_site_option(export)
    add_epub_option(export)
    export.set_defaults(handler=run_export)

    check = commands.add_parser("check", help="validate the content and the catalogs")
    check.set_defaults(handler=run_check)
    register_web_commands(commands)
    register_ask_command(commands)
    register_speech_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> int:
    env = env or Environment()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse has already printed a short usage message
        return int(exit_.code or 0)
    try:
        guide = load_guide(env.content_dir, env.locales_dir, env.ranking, env.embeddings_dir)
        return int(getattr(args, "handler", run_local)(args, env, guide))
    except ContentError as error:
        env.warn(f"the content cannot be loaded: {error}")
        return ExitStatus.ERROR
    except KeyboardInterrupt:
        env.say("Goodbye.")
        return ExitStatus.INTERRUPTED
    except BrokenPipeError:
        return ExitStatus.SUCCESS
    except Exception as error:  # the last line of defence: a sentence, not a traceback
        if args.debug:
            traceback.print_exc(file=env.stderr)
        env.warn(f"something went wrong ({type(error).__name__}: {error}). "
                 "Your place is saved; please start voiceinfo again.")
        return ExitStatus.ERROR


def run_export(args: argparse.Namespace, env: Environment, guide: Guide) -> ExitStatus:
    if args.site:
        return run_site_export(args, env, guide)
    if args.epub:
        return run_epub_export(args, env, guide)
    json.dump(tree_data(guide, args.lang), env.stdout, ensure_ascii=False, indent=2)
    env.stdout.write("\n")
    return ExitStatus.SUCCESS


def run_check(args: argparse.Namespace, env: Environment, guide: Guide) -> ExitStatus:
    problems = all_problems(guide, env.locales_dir, env.content_dir)
    for problem in problems:
        env.warn(problem)
    if problems:
        env.warn(f"{len(problems)} problems found.")
        return ExitStatus.ERROR
    segments = sum(1 for _ in guide.tree.segments())
    env.say(f"All good: {len(guide.tree.topics)} topics, {segments} segments, "
            f"languages: en {' '.join(shipped_locales(env.locales_dir))}.".replace("  ", " "))
    ranked = describe(guide.semantic_model())
    env.say(f"{ranked[0].upper()}{ranked[1:]}.")
    return ExitStatus.SUCCESS
