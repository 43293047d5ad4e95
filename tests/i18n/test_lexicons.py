"""The shipped pronunciation lexicons (voiceinfo/speech/lexicon/<lang>.dict): they cover every
word each locale's vocabulary can say, use only the English acoustic model's phones, and are
what scripts/make-lexicon makes from eSpeak NG's readings through the documented phone table."""

from __future__ import annotations

import re

import pytest

from voiceinfo.speech import lexicon_maker
from voiceinfo.speech.grammar import PHONES
from voiceinfo.speech.lexicon import lexicon_path
from voiceinfo.speech.lexicon_maker import (
    LEXICON_LOCALES, PHONES as IPA_TABLE, LexiconError, espeak_ipa, pronunciations, to_phones,
    word_language, written_forms,
)

LINE = re.compile(r"^(\S+?)(\((\d+)\))? ([A-Z]+(?: [A-Z]+)*)$")


def shipped(lang: str) -> dict[str, list[str]]:
    entries: dict[str, list[str]] = {}
    for line in lexicon_path(lang).read_text(encoding="utf-8").splitlines():
        match = LINE.match(line)
        assert match, f"{lang}.dict: malformed line {line!r}"
        entries.setdefault(match.group(1), []).append(match.group(4))
    return entries


@pytest.mark.parametrize("lang", LEXICON_LOCALES)
def test_the_lexicon_covers_every_word_that_can_be_said(guide, lang):
    words = lexicon_maker.spoken_words(guide.vocabulary(lang).words)
    missing = sorted(set(words) - set(shipped(lang)))
    assert not missing, (
        f"voiceinfo/speech/lexicon/{lang}.dict has no pronunciation for {missing}: the "
        f"command words changed; run scripts/make-lexicon {lang} and commit the result")


@pytest.mark.parametrize("lang", LEXICON_LOCALES)
def test_the_lexicon_uses_only_the_english_model_phones_and_is_sorted(lang):
    text = lexicon_path(lang).read_text(encoding="utf-8")
    phones = {phone for line in text.splitlines() for phone in line.split()[1:]}
    assert phones <= set(PHONES), sorted(phones - set(PHONES))
    words = [LINE.match(line).group(1) for line in text.splitlines()]
    assert words == sorted(words)


@pytest.mark.parametrize("lang, word", [
    ("es", "siguiente"), ("es", "atras"), ("es", "cinco"), ("es", "deutsch"),
    ("fr", "suivant"), ("fr", "ou"), ("fr", "sep"), ("fr", "english"),
    ("de", "zuruck"), ("de", "mudigkeit"), ("de", "kurz"), ("de", "العربية"),
])
def test_the_shipped_pronunciations_are_what_the_generator_makes(guide, lang, word):
    if any("\u0600" <= char <= "\u06ff" for char in word):
        # Arabic words need Mishkal (the optional `lexicon` extra) for their short vowels
        pytest.importorskip("mishkal")
    forms = written_forms(guide.localizer(lang)).get(word, set())
    assert list(pronunciations(word, forms, lang)) == shipped(lang)[word]


@pytest.mark.parametrize("ipa, lang, phones", [
    ("siɣjˈɛnte", "es", "S IY G Y EH N T EY"),      # ɣ is G, stress marks are dropped
    ("atɾˈas", "es", "AA T R AA S"),                 # the tap is R
    ("θˈinko", "es", "TH IY N K OW"),
    ("aʝˈuða", "es", "AA Y UW DH AA"),
    ("syivˈɑ̃", "fr", "S UW IY V AA N"),              # nasal vowel: vowel + N; y is UW
    ("dulˈœʁ", "fr", "D UW L ER R"),                 # uvular r is R
    ("lˈə-", "fr", "L AH"),                          # eSpeak NG's liaison hyphen
    ("vˈaɪtɜ", "de", "V AY T AH"),                   # German final -er is AH
    ("mˈyːdɪçkˌaɪt", "de", "M UW D IH HH K AY T"),   # ç is HH
    ("kˈ??ts", "de", "K UH R T S"),                  # eSpeak NG's UR has no IPA
    ("(en)ˌɛmˈɛs(de)", "de", "EH M EH S"),           # language switch markers are dropped
    ("ʔattːˈaːliː", "ar", "AE T AA L IY"),           # hamza silent, double t is one T
    ("ħˈatːaː", "ar", "HH AE T AA"),                 # ħ is HH
    ("ʔˈaɣlaq", "ar", "AE G L AE K"),                # ɣ is G, q is K
    ("ʔalʔˈaʕlaː", "ar", "AE L AE L AA"),            # ʕ has no English phone
    ("t̪a.ˈi.ːib", "ar", "T AY IH B"),               # dental and syllable marks dropped
])
def test_ipa_maps_onto_the_english_phones(ipa, lang, phones):
    assert to_phones(ipa, lang) == phones


@pytest.mark.parametrize("ipa, lang, phones", [
    ("siɣjˈɛnte", "es", "S IY G Y EH N T EH"),
    ("mˈyːdɪçkˌaɪt", "de", "M IY D IH SH K AY T"),
    ("dˈø", "fr", "D AH"),
])
def test_the_second_choice_reads_close_calls_the_other_way(ipa, lang, phones):
    assert to_phones(ipa, lang, second_choice=True) == phones


@pytest.mark.parametrize("ipa", ["ʘa", "ǂ", "ˈˌ"])
def test_a_symbol_without_a_phone_is_an_error_not_a_silent_gap(ipa):
    with pytest.raises(LexiconError):
        to_phones(ipa, "es")


def test_every_table_entry_is_english_model_phones():
    for table in (IPA_TABLE, *lexicon_maker.OVERRIDES.values(), lexicon_maker.SECOND_CHOICE):
        for symbol, phones in table.items():
            assert set(phones.split()) <= set(PHONES), symbol


@pytest.mark.parametrize("word, lang, spoken_in", [
    ("deutsch", "es", "de"), ("english", "fr", "en"), ("francais", "ar", "fr"),
    ("العربية", "de", "ar"), ("siguiente", "es", "es"), ("التالي", "ar", "ar"),
])
def test_a_language_name_is_said_in_its_own_language(word, lang, spoken_in):
    assert word_language(word, lang) == spoken_in


@pytest.mark.parametrize("lang, word, written", [
    ("es", "atras", "atrás"), ("fr", "precedent", "précédent"), ("de", "zuruck", "zurück"),
    ("ar", "الرييسية", "الرئيسية"), ("fr", "l", "l"),
])
def test_words_keep_the_accents_and_hamza_that_espeak_needs(guide, lang, word, written):
    assert written in written_forms(guide.localizer(lang))[word]


@pytest.mark.parametrize("text, pausal", [
    # case ending gone, ta marbuta said "a": sitta
    ("سِتَّةٌ", "\u0633\u0650\u062a\u0651\u064e"),
    # shadda before its vowel, as eSpeak NG reads it: khaffif
    ("خَفِّفْ", "\u062e\u064e\u0641\u0651\u0650\u0641\u0652"),
    # the vowel a hamza carries, written in: as'ila, inha'
    ("أسْئِلَة", "\u0623\u064e\u0633\u0652\u0626\u0650\u0644\u064e"),
    ("إنْهَاء", "\u0625\u0650\u0646\u0652\u0647\u064e\u0627\u0621"),
])
def test_arabic_words_are_put_in_the_pausal_form_espeak_reads(text, pausal):
    assert lexicon_maker._pausal(text) == pausal


def test_espeak_reads_a_vocalized_word_with_its_vowels():
    assert to_phones(espeak_ipa(lexicon_maker._pausal("سِتَّةٌ"), "ar"), "ar") == "S IH T AE"
