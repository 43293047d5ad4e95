"""A recognizer per language, made once however many threads ask, and English's standing in,
said once, for a language that cannot be heard."""

from __future__ import annotations

import threading

import pytest

from voiceinfo.speech.recognition import OFFLINE_ENGINE, Recognizers

pytestmark = pytest.mark.audio


def ask_together(recognizers: Recognizers, lang: str, threads: int = 4) -> list:
    got, start = [], threading.Barrier(threads)

    def ask() -> None:
        start.wait()
        got.append(recognizers(lang))

    workers = [threading.Thread(target=ask) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    return got


def test_threads_asking_at_once_share_one_recognizer(guide):
    said = []
    recognizers = Recognizers(guide.vocabulary, OFFLINE_ENGINE, said.append)
    got = ask_together(recognizers, "en")
    assert len(got) == 4 and all(recognizer is got[0] for recognizer in got)
    assert got[0].vocabulary.lang == "en" and said == []


def test_a_language_that_cannot_be_heard_falls_back_to_english_said_once(guide, tmp_path,
                                                                         monkeypatch):
    from voiceinfo.speech import lexicon
    monkeypatch.setattr(lexicon, "lexicon_path", lambda lang: tmp_path / f"{lang}.dict")
    said = []
    recognizers = Recognizers(guide.vocabulary, OFFLINE_ENGINE, said.append)
    got = ask_together(recognizers, "fr")
    assert all(recognizer is recognizers("en") for recognizer in got)
    assert said == ["speech recognition is not available in this language (fr) yet; keys and "
                    "typed commands work"]
