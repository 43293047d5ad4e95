"""Fixtures of the web tests: the Flask app and its test client (as in Flask's tutorial); the
app under gunicorn, started from the Procfile's own command on a free loopback port; a real
Chromium (Debian's, driven by Playwright) with axe-core ready to inject; and a tiny content
folder for the tests that make every audio file.
"""

from __future__ import annotations

import http.client
import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from voiceinfo.guide import Guide
from voiceinfo.i18n import LOCALES
from voiceinfo.web import create_app

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
#: The machine's network is closed: nothing in the browser may try to reach out.
CHROMIUM_FLAGS = ["--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
TINY_CONTENT = Path(__file__).resolve().parent / "data" / "content"


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """The fuzzing module needs schemathesis's pytest plugin, which `make test-fast` does not
    load (`-p no:schemathesis`: it costs every pytest process seconds to start)."""
    if collection_path.name == "test_api_fuzz.py" and not config.pluginmanager.hasplugin(
            "schemathesis"):
        return True
    return None


def page_urls(guide: Guide, langs=LOCALES) -> list[str]:
    from voiceinfo.web.site import page_urls as urls
    return list(urls(guide, langs))


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.fixture
def app(tmp_path: Path, guide: Guide):
    return create_app({"TESTING": True, "GUIDE": guide, "AUDIO_DIR": str(tmp_path / "audio")})


@pytest.fixture
def client(app):
    return app.test_client()


# -- gunicorn -------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def procfile_command(port: int) -> list[str]:
    """The Procfile's `web:` command, its variables filled in, bound to loopback only."""
    line = next(line for line in (REPO / "Procfile").read_text().splitlines()
                if line.startswith("web:"))
    words = shlex.split(line.removeprefix("web:").replace("${WEB_CONCURRENCY:-2}", "2")
                        .replace("${PORT:-8000}", str(port)))
    bind = words.index("--bind")
    words[bind + 1] = f"127.0.0.1:{port}"
    assert words[0] == "gunicorn"
    # gunicorn's control socket has one fixed path: two servers on one machine would share it
    return [sys.executable, "-m", "gunicorn", *words[1:], "--no-control-socket"]


def wait_until_up(port: int, process: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at once, with status {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/en/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer in time")


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[str]:
    """The base URL of the app under gunicorn with the Procfile's settings."""
    port = free_port()
    folder = tmp_path_factory.mktemp("gunicorn")
    env = {**os.environ, "VOICEINFO_AUDIO_DIR": str(folder / "audio")}
    with (folder / "log").open("wb") as log:
        process = subprocess.Popen(procfile_command(port), cwd=REPO, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
    try:
        wait_until_up(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


# -- the browser ----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    """A fresh browser profile; it bypasses the page's CSP only so that axe can be injected
    (the policy still governs the page's own resources)."""
    context = browser.new_context(bypass_csp=True)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


# -- a tiny tree, for making every audio file quickly -----------------------------------------

@pytest.fixture
def tiny_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A three-topic tree (home, one child, sources) that `load_guide` reads instead."""
    folder = tmp_path / "content"
    shutil.copytree(TINY_CONTENT, folder)
    shutil.copy(REPO / "content" / "commands.toml", folder / "commands.toml")
    monkeypatch.setenv("VOICEINFO_CONTENT", str(folder))
    return folder
