"""Speech in as the command line chooses it: the recognizers for the engine named by
`--engine` (`voiceinfo.cli.options`), one copy for every door that listens: the spoken loop
(`voiceinfo.local.loop`), `voiceinfo ask --audio` and `voiceinfo recognize` (`voiceinfo.cli`).
"""

from __future__ import annotations

import argparse

from voiceinfo.environment import Environment
from voiceinfo.guide import Guide


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
