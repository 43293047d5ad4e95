"""The app under gunicorn, started from the Procfile's own command on a free loopback port and
waited for until it answers: the one way the web tests (the `server` fixture) and the benchmarks
(`benchmarks.common.serve`) start it."""

from __future__ import annotations

import http.client
import os
import shlex
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
#: The app factory the Procfile names; `serve` can put another in its place.
APP = "voiceinfo.web:create_app()"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def procfile_command(port: int, app: str = APP) -> list[str]:
    """The Procfile's `web:` command, its variables filled in, bound to loopback only, serving
    `app` (by default the Procfile's own factory)."""
    line = next(line for line in (REPO / "Procfile").read_text().splitlines()
                if line.startswith("web:"))
    words = shlex.split(line.removeprefix("web:").replace("${WEB_CONCURRENCY:-2}", "2")
                        .replace("${PORT:-8000}", str(port)))
    bind = words.index("--bind")
    words[bind + 1] = f"127.0.0.1:{port}"
    assert words[0] == "gunicorn"
    words[words.index(APP)] = app
    # gunicorn's control socket has one fixed path: two servers on one machine would share it
    return [sys.executable, "-m", "gunicorn", *words[1:], "--no-control-socket"]


def wait_until_up(port: int, process: subprocess.Popen, path: str = "/en/",
                  seconds: float = 20) -> None:
    """Returns once `path` on the loopback port answers 200; fails if the process stops first
    or nothing answers in `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at once, with status {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not answer {path} in time")


@contextmanager
def serve(app: str = APP, folder: Path | None = None, ready: str = "/en/") -> Iterator[str]:
    """`app` (a gunicorn app spec) under gunicorn with the Procfile's settings; yields the base
    URL ("http://127.0.0.1:PORT") once `ready` answers, and stops the server after. Its audio
    cache and its log (`gunicorn.log`) go in `folder`, by default a temporary one."""
    with tempfile.TemporaryDirectory(prefix="voiceinfo-server-") as scratch:
        folder = Path(folder or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        port = free_port()
        env = {**os.environ, "VOICEINFO_AUDIO_DIR": str(folder / "audio")}
        with (folder / "gunicorn.log").open("wb") as log:
            process = subprocess.Popen(procfile_command(port, app), cwd=REPO, env=env,
                                       stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_up(port, process, ready)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=30)
