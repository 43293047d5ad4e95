"""`voiceinfo check`: the content and the catalogs validated, and which question ranking is in
use."""

from __future__ import annotations

import argparse

from voiceinfo.environment import Environment, ExitStatus
from voiceinfo.guide import Guide

NAME = "check"


def register(subparsers: argparse._SubParsersAction) -> None:
    subparsers.add_parser(NAME, help="validate the content and the catalogs")


def run(args: argparse.Namespace, env: Environment, guide: Guide) -> ExitStatus:
    from voiceinfo.check import all_problems, shipped_locales
    from voiceinfo.semantic import describe

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
