"""`voiceinfo export`: the whole tree as JSON in one language (the API's `tree`); or, with
`--site DIR`, the whole web site as static files, every language and audio file; or, with
`--epub`, the guide as EPUB 3 talking books (`--epub FILE.epub` in `--lang`, `--epub DIR` one
a language), built through the shelf in the audio cache, so a second export is a copy.

`--site` and `--epub` are one or the other: argparse refuses both with a usage line.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from voiceinfo.cli.options import add_lang_option, lang
from voiceinfo.cli.progress import ProgressBar
from voiceinfo.environment import Environment, ExitStatus
from voiceinfo.guide import Guide
from voiceinfo.i18n import LOCALES

NAME = "export"


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser(NAME, help="print the whole tree as JSON")
    add_lang_option(export, help="the language (default: English)")
    instead = export.add_mutually_exclusive_group()
    instead.add_argument("--site", metavar="DIR",
                         help="write the whole web site, every language and audio file, "
                              "as static files into DIR instead")
    instead.add_argument("--epub", metavar="FILE|DIR",
                         help="write the guide as an EPUB 3 talking book (text with "
                              "synchronised speech) to FILE.epub, in --lang; or one book a "
                              "language into DIR")


def run(args: argparse.Namespace, env: Environment, guide: Guide) -> ExitStatus:
    if args.site:
        return _site(Path(args.site), env, guide)
    if args.epub:
        return _epub(Path(args.epub), lang(args), env, guide)
    from voiceinfo.export import tree_data
    json.dump(tree_data(guide, lang(args)), env.stdout, ensure_ascii=False, indent=2)
    env.stdout.write("\n")
    return ExitStatus.SUCCESS


def _site(directory: Path, env: Environment, guide: Guide) -> ExitStatus:
    from voiceinfo.audiocache import guide_clips
    from voiceinfo.speech.synthesis import SpeechUnavailable
    from voiceinfo.web.site import ExportError, export_site

    if directory.exists() and not directory.is_dir():
        env.warn(f"{directory} is a file, not a folder.")
        return ExitStatus.ERROR
    clips = sum(1 for _ in guide_clips(guide, LOCALES))
    try:
        with ProgressBar("Making audio", clips, env.stderr) as bar:
            site = export_site(directory, guide, env.audio_dir,
                               progress=lambda clip: bar.advance())
    except SpeechUnavailable as error:
        env.warn(f"no audio can be made here, so the site is not complete: {error}")
        return ExitStatus.ERROR
    except (ExportError, OSError) as error:
        env.warn(f"the site cannot be written: {error}")
        return ExitStatus.ERROR
    env.say(f"Site written to {site.directory}: {site.pages} pages, {site.audio_files} audio "
            f"files, {site.books} talking books, {site.bytes / 1e6:.1f} MB.")
    return ExitStatus.SUCCESS


def _epub(target: Path, book_lang: str, env: Environment, guide: Guide) -> ExitStatus:
    from voiceinfo.audiocache import AudioCache
    from voiceinfo.book.plan import book_plan
    from voiceinfo.book.shelf import Bookshelf, download_name
    from voiceinfo.speech.synthesis import SpeechUnavailable

    # a name ending in .epub is the book; anything else is a folder for one book a language
    into_folder = target.suffix.lower() != ".epub"
    langs = list(LOCALES) if into_folder else [book_lang]
    try:  # before minutes of building, whether it can be written at all
        (target if into_folder else target.parent).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        env.warn(f"the book cannot be written: {error}")
        return ExitStatus.ERROR
    shelf = Bookshelf(AudioCache(env.audio_dir))
    clips = sum(len(book_plan(guide, each).blocks) for each in langs)
    written = []
    try:
        with ProgressBar("Making the talking book", clips, env.stderr) as bar:
            for each in langs:
                book = shelf.get(guide, each, progress=lambda clip: bar.advance())
                path = target / download_name(each) if into_folder else target
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
