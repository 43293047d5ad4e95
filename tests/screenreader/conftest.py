"""One Orca session (Xvfb, D-Bus, AT-SPI, Orca) shared by every scenario, since starting it is
most of a scenario's cost; each scenario opens its own Chromium. The site is the app under
gunicorn (the `server` fixture of the web tests)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import marks
from tests.support.orca import OrcaSession, missing_programs
from tests.support.pages import PageServer
from tests.web.conftest import server  # noqa: F401 (the fixture)


@pytest.fixture(scope="session")
@marks("screenreader", group="orca")
def orca(tmp_path_factory) -> Iterator[OrcaSession]:
    missing = missing_programs()
    assert not missing, f"install them with scripts/install-system-deps: {missing}"
    with OrcaSession(tmp_path_factory.mktemp("orca")) as session:
        yield session


@pytest.fixture(scope="session")
def broken_pages(server) -> Iterator[PageServer]:  # noqa: F811
    """Where a scenario's deliberately broken page is served."""
    with PageServer(server) as pages:
        yield pages
