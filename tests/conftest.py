"""Fixtures shared by every test: the real content, and the `voiceinfo` command run in-process
through an injected environment (no terminal, a private state directory)."""

from __future__ import annotations

import io
import tomllib
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


def marks(*names: str, group: str | None = None):
    """Decorates a fixture (under `@pytest.fixture`): every test that uses it, directly or through
    another fixture, gets these markers at collection, so `-m` can select by them. The markers
    themselves, and which are heavy, are declared once, in pyproject.toml.

    `group`: the fixture is costly and its tests should share one copy, or they must not run at
    once; pytest-xdist (`--dist loadgroup`) then runs all its tests in one worker, one at a time.
    A session fixture is otherwise built once in each worker that needs it."""
    def decorate(function):
        function.marks = names
        function.group = group
        return function
    return decorate


def heavy_kinds() -> set[str]:
    """The markers pyproject.toml declares, but `heavy`: each is a kind of heavy test."""
    with (REPO / "pyproject.toml").open("rb") as file:
        declared = tomllib.load(file)["tool"]["pytest"]["ini_options"]["markers"]
    return {line.split(":", 1)[0].strip() for line in declared} - {"heavy"}


# first, so that pytest-xdist, when it reads the groups, sees the ones added here
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    kinds = heavy_kinds()
    for item in items:
        fixtures = getattr(item, "_fixtureinfo", None)
        for definitions in (fixtures.name2fixturedefs.values() if fixtures else ()):
            # the last definition is the one the test gets (a nearer one overrides)
            fixture = definitions[-1].func
            for name in getattr(fixture, "marks", ()):
                item.add_marker(name)
            if getattr(fixture, "group", None):
                item.add_marker(pytest.mark.xdist_group(fixture.group))
        if kinds & {mark.name for mark in item.iter_markers()}:
            item.add_marker("heavy")
