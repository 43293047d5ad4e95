"""`voiceinfo ask [--lang LANG] [QUESTION ...]`: questions in a person's own words, answered
from the guide, one JSON object a line.

With no question on the command line it reads one question a line from standard input, so a
front end can keep it open and ask as it goes. Each line printed is
`{"question": …, "answers": [{"topic", "segment", "text", "score"}, …], "ms": …}`: at most three
answers, best first, `[]` when the article does not answer it, and `ms` the time taken to answer
(the index is built before the first question and not counted). Standard error says once which
ranking is in use (BM25 fused with the semantic model, or BM25 alone and why).
"""

from __future__ import annotations

import argparse
import json
import time

from voiceinfo.environment import Environment, ExitStatus
from voiceinfo.guide import Guide
from voiceinfo.i18n import LOCALES
from voiceinfo.semantic import describe


def register_ask_command(subparsers) -> None:
    ask = subparsers.add_parser(
        "ask", help="answer questions from the guide, as JSON lines (reads stdin without any)")
    ask.add_argument("--lang", choices=LOCALES, default="en")
    ask.add_argument("question", nargs="*", metavar="QUESTION",
                     help="a question; give several, each quoted, or none to read standard input")
    ask.set_defaults(handler=run_ask)


def run_ask(args: argparse.Namespace, env: Environment, guide: Guide) -> ExitStatus:
    index = guide.answers(args.lang)
    env.warn(describe(guide.semantic_model()))
    questions = [" ".join(args.question)] if args.question else env.stdin
    for line in questions:
        question = line.strip()
        if not question:
            continue
        start = time.perf_counter()
        answers = index.ask(question)
        elapsed_ms = round(1000 * (time.perf_counter() - start), 3)
        env.stdout.write(json.dumps({"question": question,
                                     "answers": [answer.to_json() for answer in answers],
                                     "ms": elapsed_ms}, ensure_ascii=False) + "\n")
        env.stdout.flush()
    return ExitStatus.SUCCESS
