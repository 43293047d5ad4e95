"""`voiceinfo ask [--lang LANG] [QUESTION ...]`: questions in a person's own words, answered
from the guide, one JSON object a line.

With no question on the command line it reads one question a line from standard input, so a
front end can keep it open and ask as it goes. Each line printed is
`{"question": …, "answers": [{"topic", "segment", "text", "score"}, …], "ms": …}`: at most three
answers, best first, `[]` when the article does not answer it, and `ms` the time taken to answer
(the index is built before the first question and not counted). Standard error says once which
ranking is in use (BM25 fused with the semantic model, or BM25 alone and why). A question
longer than `voiceinfo.questions.LONGEST_QUESTION` gets no line but one on standard error, the
next is answered, and the exit status is then non-zero.

`voiceinfo ask --lang LANG --audio FILE.wav ...` hears each file as a spoken question in that
language (Whisper, or without its models pocketsphinx's question model of
`speech.question_model` in English alone; loaded before the first file, not counted) and answers
what it heard: each line adds `"file"` and `"heard"`, and `ms` includes decoding. A file that
cannot be read is said in one line on standard error, the next file is heard, and the exit
status is then non-zero.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import TYPE_CHECKING

from voiceinfo.cli.options import add_engine_option, add_lang_option, lang
from voiceinfo.environment import Environment, ExitStatus
from voiceinfo.guide import Guide
from voiceinfo.questions import LONGEST_QUESTION, too_long

if TYPE_CHECKING:
    from voiceinfo.answers import AnswerIndex

NAME = "ask"


def register(subparsers: argparse._SubParsersAction) -> None:
    ask = subparsers.add_parser(
        NAME, help="answer questions from the guide, as JSON lines (reads stdin without any)")
    add_lang_option(ask, help="the questions' language (default: English)")
    ask.add_argument("--audio", nargs="+", metavar="FILE.wav",
                     help="hear each WAV file as a spoken question (in --lang)")
    add_engine_option(ask)
    ask.add_argument("question", nargs="*", metavar="QUESTION",
                     help="a question; give several, each quoted, or none to read standard input")


def run(args: argparse.Namespace, env: Environment, guide: Guide) -> ExitStatus:
    if args.audio:
        if args.question:
            env.warn("give either questions or --audio files, not both")
            return ExitStatus.USAGE
        return _spoken(args, env, guide)
    from voiceinfo.semantic import describe
    index = guide.answers(lang(args))
    env.warn(describe(guide.semantic_model()))
    questions = [" ".join(args.question)] if args.question else env.stdin
    status = ExitStatus.SUCCESS
    for line in questions:
        question = line.strip()
        if too_long(question):  # said, and the next question answered
            env.warn(f"a question of {len(question)} characters is too long; ask it in at "
                     f"most {LONGEST_QUESTION}")
            status = ExitStatus.ERROR
        elif question:
            start = time.perf_counter()
            _print(env, answered(index, question, start))
    return status


def _spoken(args: argparse.Namespace, env: Environment, guide: Guide) -> ExitStatus:
    from voiceinfo.speech.capture import AudioUnreadable, read_audio
    from voiceinfo.speech.commandline import recognizers
    from voiceinfo.speech.recognition import RecognitionUnavailable
    index = guide.answers(lang(args))
    try:
        transcriber = recognizers(args, env, guide, wait=True).question_transcriber(lang(args))
    except RecognitionUnavailable as error:
        env.warn(str(error))
        return ExitStatus.ERROR
    status = ExitStatus.SUCCESS
    for name in args.audio:
        start = time.perf_counter()
        try:
            heard = transcriber.transcribe(read_audio(name)).words
        except AudioUnreadable as error:
            env.warn(str(error))
            status = ExitStatus.ERROR
            continue
        _print(env, {"file": name, "heard": heard, **answered(index, heard, start)})
    return status


def answered(index: AnswerIndex, question: str, start: float) -> dict:
    """A question's line: its answers, and the milliseconds since `start`."""
    answers = index.ask(question) if question else []
    return {"question": question, "answers": [answer.to_json() for answer in answers],
            "ms": round(1000 * (time.perf_counter() - start), 3)}


def _print(env: Environment, line: dict) -> None:
    env.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    env.stdout.flush()
