"""The `voiceinfo` command: the spoken loop by default, and its subcommands, one a module.

`main(argv, env)` takes its streams, folders and devices from an injected `Environment`, so tests
run it without a terminal. Whatever goes wrong, the person sees one short line, never a
traceback (`--debug` shows it), and the exit status says what happened
(`voiceinfo.environment.ExitStatus`; a wrong option is argparse's usage line and status 2).

The pattern. Each subcommand is a module of this package that has:
- `NAME`, the word typed after `voiceinfo`;
- `register(subparsers)`, which adds its parser and its options, and imports nothing heavy;
- `run(args, env, guide) -> ExitStatus`, which imports what it needs (Flask, speech, numpy) only
  when it runs, so that the others start fast (`tests/local/test_imports.py` checks this).
`SUBCOMMANDS` below lists them, in the order `--help` shows them: adding a subcommand is one
new module, named in the import below and in `SUBCOMMANDS`. With no subcommand, `loop` runs;
its `register(parser)` adds the root command's own options. An option that the root shares
with a subcommand (`--lang`, `--engine`) is declared through `options`, so it works before or
after the subcommand. Progress bars are `progress.ProgressBar`.
"""

from __future__ import annotations

import argparse
import traceback
from collections.abc import Sequence

from voiceinfo import __version__
from voiceinfo.cli import ask, audio, check, export, loop, phone, recognize, serve
from voiceinfo.cli.options import add_engine_option, add_lang_option
from voiceinfo.content import ContentError
from voiceinfo.environment import Environment, ExitStatus
from voiceinfo.guide import load_guide

#: Every subcommand's module.
SUBCOMMANDS = (export, check, serve, audio, ask, recognize, phone)


def build_parser() -> argparse.ArgumentParser:
    # no abbreviations: `voiceinfo ask --audio` would otherwise be taken for the loop's own
    # --audio-in or --audio-out, and refused as ambiguous
    parser = argparse.ArgumentParser(
        prog="voiceinfo", allow_abbrev=False,
        description="Acupuncture and MS, as short spoken pieces you move through by voice or keys.")
    parser.add_argument("--version", action="version", version=f"voiceinfo {__version__}")
    parser.add_argument("--debug", action="store_true", help="show full errors, for developers")
    add_lang_option(parser, root=True,
                    help="language to start in, or of a subcommand (before or after it)")
    add_engine_option(parser, root=True)
    loop.register(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for subcommand in SUBCOMMANDS:
        subcommand.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> int:
    env = env or Environment()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse has already printed a short usage message
        return int(exit_.code or 0)
    command = {subcommand.NAME: subcommand for subcommand in SUBCOMMANDS}.get(args.command, loop)
    try:
        guide = load_guide(env.content_dir, env.locales_dir, env.ranking, env.embeddings_dir)
        return int(command.run(args, env, guide))
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
