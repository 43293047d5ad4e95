"""Spoken commands in Spanish, French, German and Arabic, heard offline by pocketsphinx alone
(`--engine sphinx`: what every machine without Whisper's models uses): real eSpeak NG speech
(tests/i18n/audio/<lang>.toml) through `voiceinfo recognize --lang LANG` comes back as the
right command, other speech as none, and a short Spanish session runs by voice. Whisper, the
default for these languages, is tested in tests/speech/test_whisper.py.

Only utterances that benchmarks/speech_locales.py shows recognised in every voice and speed are
asserted here (how well each language works as a whole is the benchmark's job, and the README's).
"""

from __future__ import annotations

import json

import pytest

from tests.support.spokenaudio import LOCALES, load_manifest, render, select
from voiceinfo.environment import ExitStatus

pytestmark = pytest.mark.audio

#: Per locale, commands recognised in all six renderings (three voices, two speeds) by the
#: benchmark: next, fatigue and a topic in Spanish and German with a language name in German;
#: next and a language in French (its "ou" for where and "fatigue" are not reliable); help,
#: a language and fatigue in Arabic (its next and where words are not). Then speech rejected
#: in all six.
RELIABLE = {
    "es": ("siguiente", "cansancio", "salud mental", "menú principal",
           "sistema inmunitario"),
    "fr": ("suivant, s'il vous plaît", "passer en espagnol", "répéter", "santé mentale",
           "plus lentement"),
    "de": ("weiter", "Müdigkeit", "Französisch", "Was kann ich sagen?", "Blase"),
    "ar": ("التَّعَب", "الإِسْبَانِيَّة", "مُسَاعَدَة", "المَثَانَة", "سَبْعَة"),
}
REJECTED = {
    "es": ("necesito un vaso de agua", "hola"),
    "fr": ("le chat dort sur le canapé", "le journal"),
    "de": ("Wo ist meine Brille?", "hallo"),
    "ar": ("أُرِيدُ كُوبَ مَاء", "عَصِيرُ بُرْتُقَال"),
}
#: One voice per locale keeps the folder fast; the benchmark covers the others.
VOICE = {"es": "es+klatt", "fr": "fr+klatt", "de": "de+klatt", "ar": "ar+klatt"}


@pytest.fixture(scope="module")
def spoken():
    manifests = {lang: load_manifest(lang) for lang in LOCALES}

    def make(lang: str, text: str):
        found = select(manifests[lang], voices=[VOICE[lang]], renderings=["normal"],
                       texts=[text])
        assert found, f"{text!r} is not in tests/i18n/audio/{lang}.toml"
        return found[0], render(found[0])

    return make


def recognized(run_cli, lang: str, paths) -> list[dict]:
    """What `voiceinfo recognize` heard in each file. The first decode of a process is heard
    differently (pocketsphinx starts each utterance from the cepstral means the last one left,
    and has only its defaults at first), so a first file warms the decoder and its answer is not
    used."""
    paths = [paths[0], *paths]
    result = run_cli("recognize", "--engine", "sphinx", "--lang", lang, *map(str, paths))
    assert result.status == ExitStatus.SUCCESS, result.stderr
    return [json.loads(line) for line in result.lines][1:]


def as_expect(line: dict) -> str:
    return line["command"] + ("" if line["argument"] is None else f" {line['argument']}")


@pytest.mark.parametrize("lang", LOCALES)
def test_the_locales_own_command_words_are_heard(run_cli, spoken, lang):
    utterances = [spoken(lang, text) for text in (*RELIABLE[lang], *REJECTED[lang])]
    lines = recognized(run_cli, lang, [path for _, path in utterances])
    assert [(u.text, as_expect(line)) for (u, _), line in zip(utterances, lines, strict=True)] == [
        (u.text, u.expect) for u, _ in utterances]
    assert all(line["decode_ms"] > 0 for line in lines)


def test_a_short_voice_session_in_spanish(run_cli, guide, spoken, tmp_path):
    texts = ("cansancio", "siguiente", "menú principal", "adiós")
    out = tmp_path / "said"
    result = run_cli("--engine", "sphinx", "--lang", "es", "--audio-in", *(str(spoken("es", t)[1]) for t in texts),
                     "--audio-out", str(out))
    assert result.status == ExitStatus.SUCCESS, result.stderr
    spanish = guide.localizer("es")
    fatigue = [spanish.segment_text(s) for s in guide.tree.topics["fatigue"].segments]
    lines = result.lines
    home = lines[0]
    # fatigue, its next part, home again, goodbye
    assert lines.index(fatigue[0]) < lines.index(fatigue[1]) < len(lines) - 1 - lines[::-1].index(
        home)
    assert lines[-1] == "Adiós."
    assert len(list(out.glob("*.wav"))) == len(lines)
