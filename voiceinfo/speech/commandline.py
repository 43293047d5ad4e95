"""The speech parts of the command line: `voiceinfo recognize`, and the choice of recognition
engine that it shares with the local front end (`--engine`).

`voiceinfo recognize [--lang LANG] FILE.wav...` prints one JSON object a line for each file, as
the brief's contract says; a file that cannot be read still gets its line (command "none"),
with the reason on standard error and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import json

from voiceinfo.commands import NOT_UNDERSTOOD
from voiceinfo.environment import Environment, ExitStatus
from voiceinfo.guide import Guide
from voiceinfo.i18n import LOCALES
from voiceinfo.speech import OFFLINE_ENGINE

ENGINE_HELP = ("speech recognition engine: offline (the default: pocketsphinx's grammar for "
               "English commands, Whisper when it is unsure and for other languages and "
               "questions), sphinx or whisper alone, or an online one SpeechRecognition offers, "
               "such as google; online engines send your voice away")


def add_engine_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", default=OFFLINE_ENGINE, help=ENGINE_HELP)


def register(subparsers) -> None:
    recognize = subparsers.add_parser(
        "recognize", help="print the command heard in each WAV file, as JSON lines")
    recognize.add_argument("--lang", choices=LOCALES, default="en")
    add_engine_option(recognize)
    recognize.add_argument("files", nargs="+", metavar="FILE.wav")
    recognize.set_defaults(handler=run_recognize)


def run_recognize(args: argparse.Namespace, env: Environment, guide: Guide) -> ExitStatus:
    from voiceinfo.speech.capture import AudioUnreadable
    from voiceinfo.speech.recognition import RecognitionUnavailable
    try:
        recognizer = recognizers(args, env, guide, wait=True)(args.lang)
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


def recognizers(args: argparse.Namespace, env: Environment, guide: Guide, warn=None,
                wait: bool = False):
    """Every door's speech in: commands in each language, and spoken questions, with the
    engine chosen (`--engine`) and Whisper's models where the person's machine has them;
    `wait` loads Whisper before the first decoding rather than beside it."""
    from voiceinfo.speech.question_model import QuestionTranscriber
    from voiceinfo.speech.recognition import Recognizers
    return Recognizers(guide.vocabulary, args.engine, warn or env.warn,
                       questions=lambda: QuestionTranscriber(guide),
                       models=env.whisper_models(), wait=wait,
                       prompts=guide.question_prompt)
