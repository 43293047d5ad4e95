"""Fixtures for the speech tests: real flite test audio (rendered once into build/test-audio/),
WAV files in other formats made from it with sox, and the CLI run in-process."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import marks
from tests.support.testaudio import Utterance, load_manifest, render, select


@pytest.fixture(scope="session")
@marks("audio")
def manifest() -> list[Utterance]:
    return load_manifest()


@pytest.fixture(scope="session")
def spoken(manifest):
    """spoken("next", voice="rms", perturbation="clean") -> the WAV file's path."""

    def make(text: str, voice: str = "rms", perturbation: str = "clean") -> Path:
        found = select(manifest, voices=[voice], perturbations=[perturbation], texts=[text])
        assert found, f"{text!r} is not in tests/speech/audio/manifest.toml"
        return render(found[0])

    return make


@pytest.fixture(scope="session")
@marks("audio")
def silence(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("audio") / "silence.wav"
    subprocess.run(["sox", "-n", "-r", "16000", "-b", "16", "-c", "1", str(path),
                    "trim", "0", "1.5"], check=True)
    return path


@pytest.fixture(scope="session")
@marks("audio")
def noise(tmp_path_factory) -> Path:
    """A second and a half of a hum and hiss: sound, but no speech."""
    path = tmp_path_factory.mktemp("audio") / "noise.wav"
    subprocess.run(["sox", "-R", "-n", "-r", "16000", "-b", "16", "-c", "1", str(path),
                    "synth", "1.5", "brownnoise", "vol", "0.3"], check=True)
    return path


def convert(source: Path, target: Path, *options: str) -> Path:
    subprocess.run(["sox", str(source), *options, str(target)], check=True)
    return target
