"""`voiceinfo audio [--lang LANG]`: the web page's audio files and the talking books made
ahead of time, in one language or all, so that no visitor waits for them."""

from __future__ import annotations

import argparse

from voiceinfo.cli.options import add_lang_option
from voiceinfo.cli.progress import ProgressBar
from voiceinfo.environment import Environment, ExitStatus
from voiceinfo.guide import Guide
from voiceinfo.i18n import LOCALES

NAME = "audio"


def register(subparsers: argparse._SubParsersAction) -> None:
    audio = subparsers.add_parser(NAME, help="make the web page's audio files ahead of time")
    add_lang_option(audio, help="only this language (default: all)")


def run(args: argparse.Namespace, env: Environment, guide: Guide) -> ExitStatus:
    from voiceinfo.audiocache import AudioCache, guide_clips
    from voiceinfo.book.shelf import Bookshelf
    from voiceinfo.speech.synthesis import SpeechUnavailable

    # unlike the other subcommands, no language means every one
    langs = [args.lang] if args.lang else list(LOCALES)
    cache = AudioCache(env.audio_dir)
    clips = list(guide_clips(guide, langs))
    try:
        with ProgressBar("Making audio", len(clips), env.stderr) as bar:
            paths = cache.build(clips, progress=lambda clip: bar.advance())
        # the talking books reuse this speech, so they take little more
        books = [Bookshelf(cache).get(guide, lang) for lang in langs]
    except SpeechUnavailable as error:
        env.warn(f"no audio can be made here: {error}")
        return ExitStatus.ERROR
    size = sum(path.stat().st_size for path in set(paths))
    env.say(f"Audio ready: {len(paths)} files, {size / 1e6:.1f} MB, and {len(books)} talking "
            f"books, in {cache.directory}")
    return ExitStatus.SUCCESS
