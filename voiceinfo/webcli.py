"""The web front end's subcommands: `voiceinfo serve`, `voiceinfo audio` and
`voiceinfo export --site DIR`.

Flask, numpy and the speech engine are imported only when one of these runs, so the spoken loop
starts as fast as before.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import click

from voiceinfo.environment import Environment, ExitStatus
from voiceinfo.guide import Guide
from voiceinfo.i18n import LOCALES


def port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError("choose a port from 1 to 65535")
    return number


def register_web_commands(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser("serve", help="the web page and JSON API, on this computer")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1: this computer only)")
    serve.add_argument("--port", type=port, default=8000, help="port (default 8000)")
    serve.set_defaults(handler=run_serve)

    audio = commands.add_parser("audio", help="make the web page's audio files ahead of time")
    audio.add_argument("--lang", choices=LOCALES, help="only this language (default: all)")
    audio.set_defaults(handler=run_audio)


def add_site_option(export: argparse.ArgumentParser) -> None:
    export.add_argument("--site", metavar="DIR",
                        help="write the whole web site, every language and audio file, "
                             "as static files into DIR instead")


def run_serve(args: argparse.Namespace, env: Environment, guide: Guide) -> ExitStatus:
    from werkzeug.serving import make_server

    from voiceinfo.web import create_app
    try:
        server = make_server(args.host, args.port, create_app({"GUIDE": guide}), threaded=True)
    except (OSError, SystemExit) as error:  # Werkzeug exits when the port is taken
        env.warn(f"cannot listen on {args.host}:{args.port} ({_reason(error)}); "
                 "try another --port.")
        return ExitStatus.ERROR
    host = f"[{args.host}]" if ":" in args.host else args.host
    env.say(f"voiceinfo is at http://{host}:{args.port}/ - press Ctrl+C to stop.")
    try:
        server.serve_forever()  # Werkzeug's returns on Ctrl+C
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    env.say("Stopped.")
    return ExitStatus.SUCCESS


def run_audio(args: argparse.Namespace, env: Environment, guide: Guide) -> ExitStatus:
    from voiceinfo.audiocache import AudioCache, guide_clips
    from voiceinfo.book.shelf import Bookshelf
    from voiceinfo.speech.synthesis import SpeechUnavailable

    langs = [args.lang] if args.lang else list(LOCALES)
    cache = AudioCache(env.audio_dir)
    clips = list(guide_clips(guide, langs))
    try:
        with click.progressbar(length=len(clips), label="Making audio",
                               file=env.stderr) as bar:
            paths = cache.build(clips, progress=lambda clip: bar.update(1))
        # the talking books reuse this speech, so they take little more
        books = [Bookshelf(cache).get(guide, lang) for lang in langs]
    except SpeechUnavailable as error:
        env.warn(f"no audio can be made here: {error}")
        return ExitStatus.ERROR
    size = sum(path.stat().st_size for path in set(paths))
    env.say(f"Audio ready: {len(paths)} files, {size / 1e6:.1f} MB, and {len(books)} talking "
            f"books, in {cache.directory}")
    return ExitStatus.SUCCESS


def run_site_export(args: argparse.Namespace, env: Environment, guide: Guide) -> ExitStatus:
    from voiceinfo.audiocache import guide_clips
    from voiceinfo.speech.synthesis import SpeechUnavailable
    from voiceinfo.web.site import ExportError, export_site

    directory = Path(args.site)
    if directory.exists() and not directory.is_dir():
        env.warn(f"{directory} is a file, not a folder.")
        return ExitStatus.ERROR
    clips = sum(1 for _ in guide_clips(guide, LOCALES))
    try:
        with click.progressbar(length=clips, label="Making audio", file=env.stderr) as bar:
            site = export_site(directory, guide, env.audio_dir,
                               progress=lambda clip: bar.update(1))
    except SpeechUnavailable as error:
        env.warn(f"no audio can be made here, so the site is not complete: {error}")
        return ExitStatus.ERROR
    except (ExportError, OSError) as error:
        env.warn(f"the site cannot be written: {error}")
        return ExitStatus.ERROR
    env.say(f"Site written to {site.directory}: {site.pages} pages, {site.audio_files} audio "
            f"files, {site.books} talking books, {site.bytes / 1e6:.1f} MB.")
    return ExitStatus.SUCCESS


def _reason(error: BaseException) -> str:
    if isinstance(error, SystemExit):
        return "the port may be in use"
    return getattr(error, "strerror", None) or str(error) or type(error).__name__
