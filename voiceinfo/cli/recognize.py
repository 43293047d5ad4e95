"""`voiceinfo recognize [--lang LANG] FILE.wav...`: the command heard in each file, one JSON
object a line, as the brief's contract says; a file that cannot be read still gets its line
(command "none"), with the reason on standard error and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import json

from voiceinfo.cli.options import add_engine_option, add_lang_option, lang
from voiceinfo.environment import Environment, ExitStatus
from voiceinfo.guide import Guide

NAME = "recognize"


def register(subparsers: argparse._SubParsersAction) -> None:
    recognize = subparsers.add_parser(
        NAME, help="print the command heard in each WAV file, as JSON lines")
    add_lang_option(recognize, help="the language spoken (default: English)")
    add_engine_option(recognize)
    recognize.add_argument("files", nargs="+", metavar="FILE.wav")


def run(args: argparse.Namespace, env: Environment, guide: Guide) -> ExitStatus:
    from voiceinfo.commands import NOT_UNDERSTOOD
    from voiceinfo.speech.capture import AudioUnreadable
    from voiceinfo.speech.commandline import recognizers
    from voiceinfo.speech.recognition import RecognitionUnavailable
    try:
        recognizer = recognizers(args, env, guide, wait=True)(lang(args))
    except RecognitionUnavailable as error:
        env.warn(str(error))
        return ExitStatus.ERROR
    status = ExitStatus.SUCCESS
    for name in args.files:
        try:
            result = recognizer.recognize_file(name)
            heard, command, decode_ms = result.heard, result.command, result.decode_ms
        except AudioUnreadable as error:
            env.warn(str(error))
            heard, command, decode_ms, status = "", NOT_UNDERSTOOD, 0.0, ExitStatus.ERROR
        except RecognitionUnavailable as error:
            env.warn(str(error))
            return ExitStatus.ERROR
        env.stdout.write(json.dumps({
            "file": name, "heard": heard, "command": command.name.value,
            "argument": command.argument, "decode_ms": round(decode_ms, 1),
        }, ensure_ascii=False) + "\n")
        env.stdout.flush()
    return status
