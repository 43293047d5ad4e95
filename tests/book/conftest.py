"""The talking books the EPUB tests check: the Spanish and the Arabic (right to left) guide,
built once a run by `voiceinfo export --epub` as a person would run it. Making their audio is
most of the cost (about 90 s cold), so every test that opens them shares one build, in one
pytest-xdist worker."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.conftest import marks
from voiceinfo.cli import main
from voiceinfo.environment import Environment

#: The languages built: one left to right, one right to left.
LANGS = ("es", "ar")


@pytest.fixture(scope="session")
@marks("audio", group="epub")
def audio_dir(tmp_path_factory) -> Path:
    """The books' audio cache, kept for the test that builds a book again from it."""
    return tmp_path_factory.mktemp("book-audio")


@pytest.fixture(scope="session")
@marks("audio", group="epub")
def books(tmp_path_factory, audio_dir) -> dict[str, Path]:
    """Each language's book, written by the command as a person would run it."""
    folder = tmp_path_factory.mktemp("books")
    written = {}
    for lang in LANGS:
        path = folder / f"guide-{lang}.epub"
        env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(),
                          state_dir=folder / "state", audio_dir=audio_dir)
        assert main(["export", "--epub", str(path), "--lang", lang], env) == 0, \
            env.stderr.getvalue()
        assert env.stdout.getvalue().startswith(f"Talking book written to {path}")
        written[lang] = path
    return written
