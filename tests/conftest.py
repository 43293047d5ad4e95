"""Fixtures shared by every test: the real content, and the `voiceinfo` command run in-process
through an injected environment (no terminal, a private state directory)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from voiceinfo.cli import main
from voiceinfo.environment import Environment
from voiceinfo.guide import Guide, load_guide

REPO = Path(__file__).resolve().parent.parent


@dataclass
class CliResult:
    status: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()


@pytest.fixture(scope="session")
def guide() -> Guide:
    return load_guide()


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def run_cli(state_dir: Path, monkeypatch: pytest.MonkeyPatch):
    """Runs `voiceinfo ARGS` with `stdin` piped in; returns status, stdout and stderr."""
    monkeypatch.setenv("VOICEINFO_STATE_DIR", str(state_dir))

    def run(*args: str, stdin: str = "") -> CliResult:
        env = Environment(stdin=io.StringIO(stdin), stdout=io.StringIO(),
                          stderr=io.StringIO(), state_dir=state_dir)
        status = main(list(args), env)
        return CliResult(status, env.stdout.getvalue(), env.stderr.getvalue())

    return run


#: The fixtures that make a test heavy, and the marker each gives it (see pyproject.toml);
#: modules whose every test is heavy say so themselves with `pytestmark`.
HEAVY_FIXTURES = {"browser": "browser", "context": "browser", "page": "browser",
                  "server": "server", "spoken": "audio", "manifest": "audio",
                  "silence": "audio", "noise": "audio", "orca": "screenreader"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for fixture in HEAVY_FIXTURES.keys() & set(getattr(item, "fixturenames", ())):
            item.add_marker(HEAVY_FIXTURES[fixture])
