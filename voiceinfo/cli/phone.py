"""`voiceinfo phone [--listen HOST:PORT] [--register SIP-URI --password-file FILE]
[--max-calls N]`: a SIP line that answers every call and reads the guide to the caller, driven
by the keypad or the caller's voice (`voiceinfo.phone`).

The password comes from a file, never the command line (which any user of the machine can read
in the process list). PJSIP (`pjsua2`), speech and the line itself load only here, when the
line opens.
"""

from __future__ import annotations

import argparse
import signal
from pathlib import Path

from voiceinfo.environment import Environment, ExitStatus
from voiceinfo.guide import Guide

NAME = "phone"
DEFAULT_LISTEN = "127.0.0.1:5062"
#: The most calls one process takes: pjsua2-python 2.15.1's wheel answers the fifth call at once
#: 486 Busy Here itself, whatever `UaConfig.maxCalls` asks (measured: 5, 12 and 32 all took 4),
#: so more calls at once take more processes behind a PBX (docs/phone.md).
MOST_CALLS = 4
DEFAULT_MAX_CALLS = MOST_CALLS
DEFAULT_IDLE_MINUTES, DEFAULT_LONGEST_MINUTES = 3.0, 30.0


def listen_address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"{value!r}: give HOST:PORT, such as {DEFAULT_LISTEN}")
    return host.strip("[]"), int(port)


def sip_uri(value: str) -> str:
    if not value.startswith(("sip:", "sips:")) or "@" not in value:
        raise argparse.ArgumentTypeError(f"{value!r}: give sip:USER@HOST")
    return value


def max_calls(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= MOST_CALLS:
        raise argparse.ArgumentTypeError(f"choose from 1 to {MOST_CALLS} calls")
    return int(value)


def minutes(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of minutes") from None
    if not number > 0:
        raise argparse.ArgumentTypeError("give more than 0 minutes")
    return number


def register(subparsers: argparse._SubParsersAction) -> None:
    phone = subparsers.add_parser(
        NAME, help="answer SIP phone calls and read the guide to callers",
        description="A SIP line: answers every call, offers the languages by key, then reads "
                    "the guide, driven by the keypad (menu numbers, and the keys that the help "
                    "says on the call: content/commands.toml, docs/phone.md) or by spoken "
                    "commands. Nothing the caller says is kept; the log names calls by "
                    "number, never by caller.")
    phone.add_argument("--listen", type=listen_address, default=listen_address(DEFAULT_LISTEN),
                       metavar="HOST:PORT",
                       help=f"where to take SIP calls over UDP (default {DEFAULT_LISTEN}; "
                            "0.0.0.0:5060 takes them from the network)")
    phone.add_argument("--register", type=sip_uri, metavar="SIP-URI",
                       help="register with a SIP server or provider as sip:USER@HOST, so calls "
                            "to that account come here (needs --password-file)")
    phone.add_argument("--password-file", type=Path, metavar="FILE",
                       help="a file whose first line is the password for --register (never "
                            "give a password on the command line)")
    phone.add_argument("--max-calls", type=max_calls, default=DEFAULT_MAX_CALLS, metavar="N",
                       help=f"calls taken at once (default {DEFAULT_MAX_CALLS}); one more is "
                            "answered 486 Busy Here")
    phone.add_argument("--idle-minutes", type=minutes, default=DEFAULT_IDLE_MINUTES,
                       metavar="M", help="with no key or speech for this long, say goodbye "
                                         f"and hang up (default {DEFAULT_IDLE_MINUTES:g})")
    phone.add_argument("--longest-minutes", type=minutes, default=DEFAULT_LONGEST_MINUTES,
                       metavar="M", help="the longest a call may last before goodbye "
                                         f"(default {DEFAULT_LONGEST_MINUTES:g})")


def run(args: argparse.Namespace, env: Environment, guide: Guide) -> ExitStatus:
    password = None
    if args.register:
        if args.password_file is None:
            env.warn("--register needs --password-file FILE (never a password on the "
                     "command line)")
            return ExitStatus.USAGE
        try:
            password = args.password_file.read_text(encoding="utf-8").splitlines()[0]
        except (OSError, UnicodeDecodeError, IndexError) as error:
            env.warn(f"the password file cannot be read ({type(error).__name__})")
            return ExitStatus.ERROR
    try:
        from voiceinfo.phone.service import PhoneService, ServiceSettings
    except ImportError as error:
        env.warn(f"the phone line needs PJSIP's Python binding: pip install "
                 f"'voiceinfo[phone]' ({error})")
        return ExitStatus.ERROR
    from voiceinfo.phone.line import LineSettings, LineUnavailable
    from voiceinfo.phone.session import Limits
    from voiceinfo.speech.synthesis import SpeechUnavailable
    host, port = args.listen
    settings = ServiceSettings(
        LineSettings(host, port, args.max_calls, args.register, password),
        Limits(idle_seconds=args.idle_minutes * 60, longest_seconds=args.longest_minutes * 60))
    try:
        service = PhoneService(settings, env, guide)
    except SpeechUnavailable as error:
        env.warn(f"the phone line cannot speak: {error}")
        return ExitStatus.ERROR
    try:
        service.open()
    except LineUnavailable as error:
        env.warn(str(error))
        return ExitStatus.ERROR
    signal.signal(signal.SIGTERM, lambda number, frame: service.stop())
    try:
        service.serve()
    except KeyboardInterrupt:
        pass
    finally:
        service.close()
    return ExitStatus.SUCCESS
