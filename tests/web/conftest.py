"""Fixtures of the web tests: the Flask app and its test client (as in Flask's tutorial); the
app under gunicorn, started from the Procfile's own command on a free loopback port; a real
Chromium (Debian's, driven by Playwright) with axe-core ready to inject; and a tiny content
folder for the tests that make every audio file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import marks
from tests.support.webserver import serve
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


#: One page of each kind the pages' blueprint serves (voiceinfo/web/pages.py and errors.py):
#: home, a menu, a leaf, the sources, the ends of a leaf and of a menu, a part, a page not found,
#: and the answers to a question: some, none, and no question.
KINDS = ["/{lang}/", "/{lang}/evidence/", "/{lang}/who-should-avoid/", "/{lang}/sources/",
         "/{lang}/fatigue/end/", "/{lang}/evidence/end/",
         "/{lang}/fatigue/2/", "/{lang}/nowhere/",
         "/{lang}/ask/?q=warfarin", "/{lang}/ask/?q=weather", "/{lang}/ask/"]


def kinds(langs=LOCALES) -> list[str]:
    """One URL of each kind of page, in each of `langs`."""
    return [kind.format(lang=lang) for lang in langs for kind in KINDS]


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.fixture
def app(tmp_path: Path, guide: Guide):
    return create_app({"TESTING": True, "GUIDE": guide, "AUDIO_DIR": str(tmp_path / "audio")})


@pytest.fixture
def client(app):
    return app.test_client()


# -- gunicorn -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
@marks("server")
def server(tmp_path_factory) -> Iterator[str]:
    """The base URL of the app under gunicorn with the Procfile's settings."""
    with serve(folder=tmp_path_factory.mktemp("gunicorn")) as url:
        yield url


# -- the browser ----------------------------------------------------------------------------

@pytest.fixture(scope="session")
@marks("browser")
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
