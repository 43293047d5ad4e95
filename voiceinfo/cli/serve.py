"""`voiceinfo serve [--host HOST] [--port PORT]`: the web page and the JSON API on this
computer, through Werkzeug's server, until Ctrl+C. (gunicorn runs `voiceinfo.web:create_app`
for more than one person; see the Procfile.)"""

from __future__ import annotations

import argparse

from voiceinfo.environment import Environment, ExitStatus
from voiceinfo.guide import Guide

NAME = "serve"


def port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError("choose a port from 1 to 65535")
    return number


def register(subparsers: argparse._SubParsersAction) -> None:
    serve = subparsers.add_parser(NAME, help="the web page and JSON API, on this computer")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1: this computer only)")
    serve.add_argument("--port", type=port, default=8000, help="port (default 8000)")


def run(args: argparse.Namespace, env: Environment, guide: Guide) -> ExitStatus:
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


def _reason(error: BaseException) -> str:
    if isinstance(error, SystemExit):
        return "the port may be in use"
    return getattr(error, "strerror", None) or str(error) or type(error).__name__
