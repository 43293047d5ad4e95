"""`voiceinfo export --epub FILE --lang LANG`, and `--epub DIR` for every language: the guide as
EPUB 3 talking books, built through the shelf in the audio cache (so a second export is a copy)."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import click

from voiceinfo.environment import Environment, ExitStatus
from voiceinfo.guide import Guide
from voiceinfo.i18n import LOCALES


def add_epub_option(export: argparse.ArgumentParser) -> None:
    export.add_argument("--epub", metavar="FILE|DIR",
                        help="write the guide as an EPUB 3 talking book (text with synchronised "
                             "speech) to FILE.epub, in --lang; or one book a language into DIR")


def run_epub_export(args: argparse.Namespace, env: Environment, guide: Guide) -> ExitStatus:
    from voiceinfo.audiocache import AudioCache
    from voiceinfo.book.plan import book_plan
    from voiceinfo.book.shelf import Bookshelf, download_name
    from voiceinfo.speech.synthesis import SpeechUnavailable

    target = Path(args.epub)
    # a name ending in .epub is the book; anything else is a folder for one book a language
    into_folder = target.suffix.lower() != ".epub"
    langs = list(LOCALES) if into_folder else [args.lang]
    try:  # before minutes of building, whether it can be written at all
        (target if into_folder else target.parent).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        env.warn(f"the book cannot be written: {error}")
        return ExitStatus.ERROR
    shelf = Bookshelf(AudioCache(env.audio_dir))
    clips = sum(len(book_plan(guide, lang).blocks) for lang in langs)
    written = []
    try:
        with click.progressbar(length=clips, label="Making the talking book",
                               file=env.stderr) as bar:
            for lang in langs:
                book = shelf.get(guide, lang, progress=lambda clip: bar.update(1))
                path = target / download_name(lang) if into_folder else target
                shutil.copyfile(book, path)
                written.append(path)
    except SpeechUnavailable as error:
        env.warn(f"no audio can be made here, so no talking book either: {error}")
        return ExitStatus.ERROR
    except OSError as error:
        env.warn(f"the book cannot be written: {error}")
        return ExitStatus.ERROR
    for path in written:
        env.say(f"Talking book written to {path} ({path.stat().st_size / 1e6:.1f} MB).")
    return ExitStatus.SUCCESS
