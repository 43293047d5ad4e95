"""Making `lexicon/<lang>.dict`: each command word of a language spelled in the phones of the
English acoustic model, the only one pocketsphinx ships.

Generation time only (`scripts/make-lexicon`, run when translators change command words);
voiceinfo itself only reads the files this writes. eSpeak NG says how a word is pronounced in
its own language (as IPA), and `PHONES` maps every IPA symbol it uses onto the nearest English
phone. Arabic is written without short vowels, so eSpeak NG would guess them; Mishkal (the
`lexicon` extra) writes them in first.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from voiceinfo.commands import normalize, wordings
from voiceinfo.guide import Guide, load_guide
from voiceinfo.i18n import AUTONYMS, Localizer
from voiceinfo.speech.lexicon import lexicon_path, model_dictionary, read_dict

#: The languages that get a lexicon (English uses the model's own dictionary).
LEXICON_LOCALES = ("es", "fr", "de", "ar")
#: And the lexicon of the spoken questions' English words that the model's dictionary lacks.
LEXICONS = (*LEXICON_LOCALES, "en-questions")

#: eSpeak NG voices whose readings become pronunciations. Latin American Spanish adds the
#: "seseo" reading (cinco as S, not TH), which most Spanish speakers use.
ESPEAK_VOICES = {
    "en": ("en-us",),
    "es": ("es", "es-419"),
    "fr": ("fr-fr",),
    "de": ("de",),
    "ar": ("ar",),
}

#: How to make eSpeak NG say a written form as people say it, where it reads it otherwise.
SAY_AS = {
    # the abbreviation for esclerosis múltiple is spelled out: "e eme"
    "es": {"em": "e eme"},
    # "SEP" is said both ways: spelled out, and as a word
    "fr": {"sep": "S.E.P."},
    "de": {"ms": "M S"},
    "ar": {},
}

#: Arabic words as said in the commands, where Mishkal, vocalizing a word on its own, reads
#: another word with the same letters (a past tense for an imperative, a misplaced shadda) or
#: does not know it. A word can be said more than one way ("man" who, "min" from).
VOCALIZED: dict[str, tuple[str, ...]] = {
    "أبطئ": ("أَبْطِئْ",), "أثره": ("أَثَرُه",), "أخبرني": ("أَخْبِرْنِي",), "أرني": ("أَرِنِي",),
    "أعرف": ("أَعْرِف",), "أغلق": ("أَغْلِقْ",), "أكمل": ("أَكْمِلْ",), "ألماني": ("أَلْمانِي",),
    "أهم": ("أَهَمّ",), "اثنان": ("اِثْنان",), "اثنين": ("اِثْنَيْن",), "إسباني": ("إِسْبانِي",),
    "اعرض": ("اِعْرِضْ",), "الأمام": ("الأَمام",), "الأمان": ("الأَمان",),
    "الإسبانية": ("الإِسْبانِيَّة",), "الألمانية": ("الأَلْمانِيَّة",),
    "الإنجليزية": ("الإِنْجْلِيزِيَّة",), "الإنكليزية": ("الإِنْكْلِيزِيَّة",),
    "إنجليزي": ("إِنْجْلِيزِي",), "الجلسات": ("الجَلَسات",), "الخلاصة": ("الخُلاصَة",),
    "السابع": ("السَّابِع",), "السلامة": ("السَّلامَة",), "العلاج": ("العِلاج",),
    "اللويحي": ("اللُّوَيْحِي",), "المصادر": ("المَصادِر",), "انتظر": ("اِنْتَظِرْ",),
    "انتقل": ("اِنْتَقِلْ",), "إيقاف": ("إِيقاف",), "تقدم": ("تَقَدَّمْ",), "تيبس": ("تَيَبُّس",),
    "حدثني": ("حَدِّثْنِي",), "حسنا": ("حَسَنًا",), "خفف": ("خَفِّفْ",), "زد": ("زِدْ",),
    "ساعدني": ("ساعِدْنِي",), "سمحت": ("سَمَحْتَ",), "شكرا": ("شُكْرًا",), "عفوا": ("عَفْوًا",),
    "عمله": ("عَمَلِه",), "غير": ("غَيِّرْ",), "فضلك": ("فَضْلِك",), "كرر": ("كَرِّرْ",),
    "مؤقت": ("مُؤَقَّت",), "مشكلات": ("مُشْكِلات",), "مع": ("مَعَ",), "من": ("مَنْ", "مِنْ"),
    "هو": ("هُوَ",), "واصل": ("واصِلْ",),
}

#: eSpeak NG's IPA -> the English model's phones (CMU, without stress). Longest symbol first.
#: Sounds English lacks go to the phone an English ear hears in them.
PHONES: dict[str, str] = {
    # vowels; length is dropped except where a language tells long from short (OVERRIDES)
    "a": "AA", "aː": "AA", "ɑ": "AA", "ɑː": "AA", "ɒ": "AA", "ɐ": "AH", "æ": "AE",
    "e": "EY", "eː": "EY", "ɛ": "EH", "ɛː": "EH", "ə": "AH", "ɜ": "ER", "ɜː": "ER",
    "i": "IY", "iː": "IY", "ɪ": "IH",
    "o": "OW", "oː": "OW", "ɔ": "AO", "ɔː": "AO",
    "u": "UW", "uː": "UW", "ʊ": "UH",
    # front rounded vowels (German ü ö, French u eu): English has none; ü is heard as "oo",
    # ö and eu as the vowel of "her"
    "y": "UW", "yː": "UW", "ø": "ER", "øː": "ER", "œ": "ER",
    # French nasal vowels: the vowel, then N
    "ɑ̃": "AA N", "ɔ̃": "OW N", "ɛ̃": "AE N", "œ̃": "AH N",
    # diphthongs
    "aɪ": "AY", "aʊ": "AW", "ɔø": "OY", "ɔɪ": "OY", "oɪ": "OY", "eɪ": "EY", "ɛɪ": "EY",
    "oʊ": "OW", "əʊ": "OW", "eʊ": "EH UW",
    # consonants English has
    "p": "P", "b": "B", "t": "T", "d": "D", "k": "K", "ɡ": "G", "g": "G",
    "f": "F", "v": "V", "s": "S", "z": "Z", "ʃ": "SH", "ʒ": "ZH", "h": "HH",
    "tʃ": "CH", "dʒ": "JH", "θ": "TH", "ð": "DH",
    "m": "M", "n": "N", "ŋ": "NG", "l": "L", "ɫ": "L", "w": "W", "j": "Y",
    # German z and Spanish ñ are two English phones
    "ts": "T S", "ɲ": "N Y",
    # every r (Spanish tap and trill, French and German uvular, English) is R
    "r": "R", "ɾ": "R", "ʁ": "R", "ɹ": "R",
    # Spanish soft b, d, g and y: the nearest English consonant
    "β": "B", "ɣ": "G", "ʝ": "Y", "ʎ": "Y",
    # fricatives at the back of the mouth (Spanish j, German ach and ich, Arabic kh and h)
    "x": "HH", "χ": "HH", "ç": "HH", "ħ": "HH",
    # Arabic qaf: a k further back
    "q": "K",
    # the glottal stop (hamza) and the pharyngeal ʕ (ain) have no English phone
    "ʔ": "", "ʕ": "",
    # a long consonant is one English consonant
    "ː": "",
    # eSpeak NG's German vowel+r (its phoneme UR, as in "kurz") has no IPA and prints as ??
    "??": "UH R",
}

#: Where a language's sound is nearer another phone than the shared table says.
OVERRIDES: dict[str, dict[str, str]] = {
    # German final -er is an open schwa, nearer "uh" than "er"
    "de": {"ɜ": "AH"},
    # Arabic tells short vowels from long ones; short a is the vowel of "cat"; eSpeak NG
    # writes the diphthongs ay and aw as two vowels
    "ar": {"a": "AE", "i": "IH", "u": "UH", "aː": "AA", "iː": "IY", "uː": "UW",
           "ai": "AY", "au": "AW"},
    # American English (the spoken questions' words pocketsphinx's dictionary lacks): the
    # vowel of "cup", r-coloured schwa, eSpeak NG's reduced i, the flap of "remitting" (a T to
    # the dictionary), and "or" as in "mugwort"
    "en": {"ʌ": "AH", "ɚ": "ER", "ᵻ": "IH", "ɾ": "T", "oː": "AO"},
}

#: A second pronunciation, where the nearest phone is a close call: each of these symbols
#: read the other way.
SECOND_CHOICE: dict[str, str] = {
    "e": "EH", "y": "IY", "yː": "IY", "ø": "AH", "øː": "AH", "œ": "AH",
    "x": "K", "χ": "K", "ç": "SH", "β": "V", "ʝ": "JH", "ʎ": "L Y",
}

#: Marks that carry no phone: stress, syllable breaks, eSpeak NG's liaison hyphen, the dental
#: and pharyngealised diacritics (emphatic t d s are heard as plain t d s).
_IGNORED = re.compile("[ˈˌ.\\-\u032a\u02e4 ]")
#: eSpeak NG names the language it switched to, e.g. "(en)...(de)".
_SWITCH = re.compile(r"\([a-z-]+\)")
_ARABIC = re.compile("[\u0600-\u06ff]")
_PAUSAL = re.compile("[\u064b-\u0650]$")  # a case ending (short vowel, tanwin) at the end
FATHA = "\u064e"
_TA_MARBUTA = re.compile("\u064e?\u0629$")
_SHADDA_LAST = re.compile("([\u064b-\u0650\u0652])\u0651")
_HAMZA_ON = re.compile("\u0623(?![\u064b-\u0652])")
_HAMZA_UNDER = re.compile("\u0625(?!\u0650)")
_WORD_BREAK = re.compile("[^\\w\u0300-\u036f\u064b-\u065f\u0670]+")


class LexiconError(RuntimeError):
    """A tool is missing or a pronunciation cannot be made; the message says which, in a line."""


@dataclass(frozen=True)
class Entry:
    word: str
    #: Phones separated by spaces, best first.
    pronunciations: tuple[str, ...]


def needs_pronunciation(word: str) -> bool:
    """Digits ("3", "٣") are typed, never said: the number's word is the spoken form."""
    return not word.isdigit()


def spoken_words(vocabulary_words: Iterable[str]) -> list[str]:
    return sorted(w for w in set(vocabulary_words) if needs_pronunciation(w))


def written_forms(localizer: Localizer) -> dict[str, set[str]]:
    """Each normalized vocabulary word -> the spellings it comes from ("atras" -> {"atrás"}).

    eSpeak NG needs the accents and the hamza that normalizing removes."""
    forms: dict[str, set[str]] = {}
    for phrase in _raw_phrases(localizer):
        for token in _WORD_BREAK.split(unicodedata.normalize("NFD", phrase)):
            word = normalize(token)
            if word and " " not in word:
                forms.setdefault(word, set()).add(unicodedata.normalize("NFC", token))
    return forms


def _raw_phrases(localizer: Localizer) -> Iterator[str]:
    """Every phrase `Vocabulary.for_locale` is built from, before normalizing."""
    for wording in wordings(localizer):
        yield from wording.phrases
    yield from localizer.filler_phrases()


def word_language(word: str, lang: str) -> str:
    """The language a word is said in: a language's own name is said in that language
    ("deutsch" in a Spanish sentence), and Arabic script is Arabic."""
    for code, autonym in AUTONYMS.items():
        if normalize(autonym) == word:
            return code
    if _ARABIC.search(word):
        return "ar"
    return "en" if lang == "ar" else lang


def to_phones(ipa: str, lang: str, second_choice: bool = False) -> str:
    """eSpeak NG's IPA for one word as English model phones; identical neighbours (Arabic and
    Italian-style double consonants) merge, as the English model has no long consonants."""
    table = {**PHONES, **OVERRIDES.get(lang, {})}
    if second_choice:
        table.update(SECOND_CHOICE)
    text = _IGNORED.sub("", _SWITCH.sub("", ipa))
    longest = max(len(symbol) for symbol in table)
    phones: list[str] = []
    position = 0
    while position < len(text):
        for size in range(min(longest, len(text) - position), 0, -1):
            symbol = text[position:position + size]
            if symbol in table:
                phones.extend(table[symbol].split())
                position += size
                break
        else:
            raise LexiconError(f"no English phone for {text[position]!r} "
                               f"(U+{ord(text[position]):04X}) in {ipa!r}: add it to PHONES")
    merged = [p for i, p in enumerate(phones) if i == 0 or p != phones[i - 1]]
    if not merged:
        raise LexiconError(f"{ipa!r} has no phone the English model knows")
    return " ".join(merged)


@cache
def espeak_ipa(text: str, voice: str) -> str:
    if shutil.which("espeak-ng") is None:
        raise LexiconError("espeak-ng is not installed (scripts/install-system-deps adds it)")
    result = subprocess.run(["espeak-ng", "-v", voice, "-q", "--ipa", "--", text],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0 or not result.stdout.strip():
        raise LexiconError(f"espeak-ng could not read {text!r} with voice {voice}: "
                           f"{result.stderr.strip()[:80]}")
    return " ".join(result.stdout.split())


@cache
def _vocalizer():
    try:
        from mishkal.tashkeel import TashkeelClass
    except ImportError:
        raise LexiconError("Arabic needs Mishkal to write in the short vowels: "
                           ".venv/bin/pip install -e '.[lexicon]'") from None
    return TashkeelClass()


def vocalized(word: str) -> tuple[str, ...]:
    """An Arabic word with its short vowels, as said on its own."""
    forms = VOCALIZED.get(word) or (_vocalizer().tashkeel(word).strip(),)
    return tuple(_pausal(form) for form in forms)


def _pausal(text: str) -> str:
    """The word as said before a pause, in the order of marks eSpeak NG reads: no case ending;
    a final ta marbuta said "a" (eSpeak NG would say "at"); shadda before its vowel (eSpeak NG
    drops the vowel otherwise); and the vowel that a hamza on or under alif carries, which
    Mishkal sometimes leaves out."""
    text = _SHADDA_LAST.sub("\u0651\\1", unicodedata.normalize("NFC", text))
    text = _TA_MARBUTA.sub(FATHA, _PAUSAL.sub("", text))
    return _HAMZA_UNDER.sub("\u0625\u0650", _HAMZA_ON.sub("\u0623\u064e", text))


def say_as(form: str, lang: str) -> tuple[str, ...]:
    """The texts eSpeak NG reads for one written form of a word."""
    text = SAY_AS.get(lang, {}).get(form.casefold(), form)
    return vocalized(text) if lang == "ar" else (text,)


def pronunciations(word: str, forms: Iterable[str], lang: str) -> tuple[str, ...]:
    """A word's pronunciations, best first: each spelling, each voice, then second choices."""
    spoken_in = word_language(word, lang)
    if spoken_in == "en":
        english = _english(word)
        if english:
            return english
    readings = [espeak_ipa(text, voice)
                for form in sorted(forms or {word})
                for text in say_as(form, spoken_in)
                for voice in ESPEAK_VOICES[spoken_in]]
    found = [to_phones(ipa, spoken_in, second) for second in (False, True) for ipa in readings]
    return tuple(dict.fromkeys(found))


def _english(word: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(phones for _, phones in read_dict(model_dictionary(), {word})))


def build_lexicon(guide: Guide, lang: str) -> list[Entry]:
    forms = written_forms(guide.localizer(lang))
    return [Entry(word, pronunciations(word, forms.get(word, ()), lang))
            for word in spoken_words(guide.vocabulary(lang).words)]


def render(entries: Iterable[Entry]) -> str:
    """CMU dictionary lines, sorted by word: `word PH ON ES`, then `word(2) ...`."""
    lines = []
    for entry in sorted(entries, key=lambda e: e.word):
        for number, phones in enumerate(entry.pronunciations, start=1):
            label = entry.word if number == 1 else f"{entry.word}({number})"
            lines.append(f"{label} {phones}")
    return "\n".join(lines) + "\n"


def build_question_lexicon(guide: Guide) -> list[Entry]:
    """The words of the spoken questions' language model that neither pocketsphinx's
    dictionary nor `en.dict` has, read by eSpeak NG's American voice."""
    from voiceinfo.speech.question_model import (content_sentences, everyday_words,
                                                 pronunciations as known, spoken_words)
    words = spoken_words(content_sentences(guide), everyday_words())
    missing = sorted(words - known(words, lexicons=("en",)).keys())
    return [Entry(word, tuple(dict.fromkeys(to_phones(espeak_ipa(word, voice), "en")
                                            for voice in ESPEAK_VOICES["en"])))
            for word in missing]


def write_lexicon(guide: Guide, lang: str, folder: Path | None = None) -> Path:
    from voiceinfo.speech.question_model import QUESTION_LEXICON
    path = (folder / f"{lang}.dict") if folder else lexicon_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    entries = (build_question_lexicon(guide) if lang == QUESTION_LEXICON
               else build_lexicon(guide, lang))
    path.write_text(render(entries), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make-lexicon",
        description="Write voiceinfo/speech/lexicon/<lang>.dict from the catalogs' command words "
                    "(and en-questions.dict, the spoken questions' words pocketsphinx lacks).")
    parser.add_argument("langs", nargs="*", metavar="LANG",
                        help=f"languages (default: {' '.join(LEXICONS)})")
    parser.add_argument("--out", type=Path, help="write into this folder instead")
    args = parser.parse_args(argv)
    unknown = set(args.langs) - set(LEXICONS)
    if unknown:
        parser.error(f"no lexicon is made for {' '.join(sorted(unknown))}; "
                     f"choose from {' '.join(LEXICONS)}")
    guide = load_guide()
    try:
        for lang in args.langs or LEXICONS:
            path = write_lexicon(guide, lang, args.out)
            count = sum(1 for _ in path.open(encoding="utf-8"))
            print(f"{path}: {count} pronunciations")
    except LexiconError as error:
        print(f"make-lexicon: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
