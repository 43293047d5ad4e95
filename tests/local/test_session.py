"""The session that every local input shares: the place and language it keeps, read safely by
the key and microphone threads while the main thread moves on, and each problem said once."""

from __future__ import annotations

import io
import threading

from voiceinfo.commands import Command, CommandName
from voiceinfo.environment import Environment
from voiceinfo.i18n import LOCALES
from voiceinfo.local.session import PrintedOutput, Session


def new_session(guide, state_dir, **asked) -> Session:
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(),
                      state_dir=state_dir)
    return Session(guide, env, PrintedOutput(env), **asked)


def test_the_language_asked_for_wins_over_the_saved_one(guide, state_dir):
    first = new_session(guide, state_dir)
    first.start()
    first.handle(Command(CommandName.LANGUAGE, "de"))
    assert first.lang == "de"
    again = new_session(guide, state_dir, lang="fr", rate=200)
    again.start()
    assert (again.lang, again.state.rate) == ("fr", 200)
    assert again.parse_typed("suivant") == Command(CommandName.NEXT)


def test_other_threads_read_the_language_while_it_changes(guide, state_dir):
    session = new_session(guide, state_dir)
    session.start()
    seen, done = set(), threading.Event()

    def read_keys() -> None:
        while not done.is_set():
            seen.add(session.lang)
            session.guide.vocabulary(session.lang).parse_key("n")

    reader = threading.Thread(target=read_keys)
    reader.start()
    for _ in range(4):
        for lang in LOCALES:
            session.handle(Command(CommandName.LANGUAGE, lang))
    done.set()
    reader.join(timeout=10)
    assert seen <= set(LOCALES) and session.lang == LOCALES[-1]


def test_each_problem_is_said_once_whichever_thread_reports_it(guide, state_dir):
    session = new_session(guide, state_dir)
    threads = [threading.Thread(target=session.report, args=("the microphone stopped",))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    session.report(None)
    assert session.env.stderr.getvalue() == "voiceinfo: the microphone stopped\n"
