"""Whether a typed word is a word of its language at all (`voiceinfo.spelling`), which lets a
question's typing errors be mended more freely than its real words."""

from __future__ import annotations

import pytest

from voiceinfo.i18n import LOCALES
from voiceinfo.spelling import is_misspelt, language_words


@pytest.mark.parametrize("lang", LOCALES)
def test_every_language_has_its_words(lang):
    assert len(language_words(lang)) > 50_000


@pytest.mark.parametrize(("lang", "spellings", "misspelt"), [
    ("en", ("fatique",), True),
    ("en", ("sceince",), True),
    ("en", ("music",), False),
    ("en", ("insurance",), False),
    # as typed with its accent, or without it: either being a word is enough
    ("fr", ("séance", "seance"), False),
    ("fr", ("fatiqué", "fatique"), True),
    ("es", ("cuesta", "cuesta"), False),
    ("de", ("krankenkasse", "krankenkasse"), False),
    ("de", ("erschöpfnug", "erschopfnug"), True),
    ("ar", ("التأمين", "التأمين"), False),
])
def test_a_word_is_misspelt_when_no_spelling_of_it_is_a_word(lang, spellings, misspelt):
    assert is_misspelt(spellings, lang) is misspelt


def test_without_a_word_list_nothing_is_misspelt():
    """A real word must never be mended as a typing error: with no list, all are real."""
    assert not language_words("xx")
    assert not is_misspelt(("fatique",), "xx")
