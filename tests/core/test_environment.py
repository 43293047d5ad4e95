"""The injected environment: every folder has a plain default and a VOICEINFO_* variable over
it, read when an `Environment` is made; nothing else in voiceinfo reads the process
environment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO
from voiceinfo.environment import Environment

VARIABLES = {"content_dir": "VOICEINFO_CONTENT", "locales_dir": "VOICEINFO_LOCALES",
             "state_dir": "VOICEINFO_STATE_DIR", "audio_dir": "VOICEINFO_AUDIO_DIR",
             "embeddings_dir": "VOICEINFO_EMBEDDINGS_DIR"}


def test_the_defaults_are_the_shipped_folders_and_the_persons_own(monkeypatch):
    for variable in VARIABLES.values():
        monkeypatch.delenv(variable, raising=False)
    env = Environment()
    assert env.content_dir == REPO / "content" and env.locales_dir == REPO / "locales"
    assert env.state_dir.name == "voiceinfo" and env.audio_dir.name == "audio"
    assert not env.state_dir.is_relative_to(REPO) and not env.audio_dir.is_relative_to(REPO)


@pytest.mark.parametrize("folder, variable", VARIABLES.items())
def test_each_variable_moves_its_folder_when_an_environment_is_made(monkeypatch, tmp_path,
                                                                    folder, variable):
    before = Environment()
    monkeypatch.setenv(variable, str(tmp_path / "elsewhere"))
    assert getattr(Environment(), folder) == tmp_path / "elsewhere"
    assert getattr(before, folder) != tmp_path / "elsewhere"
    monkeypatch.setenv(variable, "")  # empty is unset, as in most programs
    assert getattr(Environment(), folder) == getattr(before, folder)


def test_only_the_environment_reads_the_process_environment():
    readers = [path.relative_to(REPO).as_posix()
               for path in sorted((REPO / "voiceinfo").rglob("*.py"))
               if re.search(r"\bos\.(environ|getenv)\b|\bgetenv\(", path.read_text())]
    assert readers == ["voiceinfo/environment.py"]


def test_main_loads_the_content_the_environment_names(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("VOICEINFO_CONTENT", str(tmp_path / "nothing-here"))
    result = run_cli("export")
    assert result.status == 1
    assert result.stderr.startswith("voiceinfo: the content cannot be loaded:")
    assert str(Path(tmp_path / "nothing-here")) in result.stderr
