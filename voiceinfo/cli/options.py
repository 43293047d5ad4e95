"""The options that the root command shares with its subcommands (`--lang`, `--engine`),
declared once.

argparse sets an option that both the root parser and a subparser declare twice: whatever the
subparser holds, even its default, overwrites what was given before the subcommand, so
`voiceinfo --lang es export` once printed English. So the root alone holds each shared
option's default, and a subcommand declares the option with no default at all
(`argparse.SUPPRESS`): given after the subcommand it wins; left out, the root's value stands.
"""

from __future__ import annotations

import argparse

from voiceinfo.i18n import LOCALES, SOURCE_LOCALE
from voiceinfo.speech import OFFLINE_ENGINE

ENGINE_HELP = ("speech recognition engine: offline (the default: pocketsphinx's grammar for "
               "English commands, Whisper when it is unsure and for other languages and "
               "questions), sphinx or whisper alone, or an online one SpeechRecognition offers, "
               "such as google; online engines send your voice away")


def add_lang_option(parser: argparse.ArgumentParser, help: str, root: bool = False) -> None:
    # the root's default is None, not English: the loop then starts in the saved language
    parser.add_argument("--lang", choices=LOCALES, help=help,
                        default=None if root else argparse.SUPPRESS)


def add_engine_option(parser: argparse.ArgumentParser, root: bool = False) -> None:
    parser.add_argument("--engine", help=ENGINE_HELP,
                        default=OFFLINE_ENGINE if root else argparse.SUPPRESS)


def lang(args: argparse.Namespace) -> str:
    """The language asked for, before or after the subcommand, else the source language."""
    return args.lang or SOURCE_LOCALE
