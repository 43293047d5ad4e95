"""Typed and spoken words, and keys, to commands: the brief's phrase table, with its optional
words and small typing errors forgiven, and non-commands rejected."""

from __future__ import annotations

import pytest

from voiceinfo.commands import NOT_UNDERSTOOD, Command, CommandName as C, normalize


@pytest.fixture(scope="module")
def english(guide):
    return guide.vocabulary("en")


@pytest.mark.parametrize("text, expected", [
    ("next", Command(C.NEXT)), ("skip", Command(C.NEXT)), ("please next", Command(C.NEXT)),
    ("back", Command(C.PREVIOUS)), ("go back", Command(C.PREVIOUS)),
    ("previous", Command(C.PREVIOUS)),
    ("repeat", Command(C.REPEAT)), ("again", Command(C.REPEAT)),
    ("say that again", Command(C.REPEAT)), ("Say that again, please.", Command(C.REPEAT)),
    ("up", Command(C.UP)), ("menu", Command(C.UP)),
    ("home", Command(C.HOME)), ("main menu", Command(C.HOME)), ("start over", Command(C.HOME)),
    ("help", Command(C.HELP)), ("what can I say", Command(C.HELP)),
    ("where am I", Command(C.WHERE)), ("Where am I?", Command(C.WHERE)),
    ("pause", Command(C.PAUSE)), ("stop", Command(C.PAUSE)),
    ("continue", Command(C.RESUME)), ("resume", Command(C.RESUME)),
    ("slower", Command(C.SLOWER)), ("slow down", Command(C.SLOWER)),
    ("faster", Command(C.FASTER)), ("speed up", Command(C.FASTER)),
    ("English", Command(C.LANGUAGE, "en")), ("Spanish", Command(C.LANGUAGE, "es")),
    ("French", Command(C.LANGUAGE, "fr")), ("German", Command(C.LANGUAGE, "de")),
    ("Arabic", Command(C.LANGUAGE, "ar")), ("switch to German", Command(C.LANGUAGE, "de")),
    ("español", Command(C.LANGUAGE, "es")), ("Deutsch", Command(C.LANGUAGE, "de")),
    ("العربية", Command(C.LANGUAGE, "ar")),
    ("quit", Command(C.QUIT)), ("exit", Command(C.QUIT)), ("goodbye", Command(C.QUIT)),
    ("one", Command(C.CHOOSE, 1)), ("seven", Command(C.CHOOSE, 7)), ("3", Command(C.CHOOSE, 3)),
])
def test_the_brief_s_command_phrases(english, text, expected):
    assert english.parse(text) == expected


@pytest.mark.parametrize("text, topic_id", [
    ("key facts", "key-facts"), ("about MS", "about-ms"),
    ("about acupuncture", "about-acupuncture"), ("what is acupuncture", "what-is-acupuncture"),
    ("electroacupuncture", "electroacupuncture"), ("how does it work", "how-it-works"),
    ("how long does it take", "treatment-course"), ("evidence", "evidence"),
    ("does it help", "evidence"), ("fatigue", "fatigue"), ("pain", "pain"),
    ("walking", "walking"), ("spasticity", "spasticity"), ("depression", "mental-health"),
    ("mental health", "mental-health"), ("bladder", "bladder"), ("safety", "safety"),
    ("is it safe", "safety"), ("can it make MS worse", "immune-system"),
    ("immune system", "immune-system"), ("risks", "risks"),
    ("who should avoid it", "who-should-avoid"), ("questions", "questions"),
    ("sources", "sources"),
    ("go to fatigue", "fatigue"), ("tell me about pain", "pain"),
    ("please go to the sources", "sources"), ("read the key facts", "key-facts"),
    ("tell me about walking please", "walking"),
])
def test_every_topic_can_be_reached_by_name(english, text, topic_id):
    assert english.parse(text) == Command(C.GOTO, topic_id)


@pytest.mark.parametrize("typo, expected", [
    ("fatige", Command(C.GOTO, "fatigue")),
    ("spastisity", Command(C.GOTO, "spasticity")),
    ("electro acupuncture", Command(C.GOTO, "electroacupuncture")),
    ("nxet", Command(C.NEXT)),
    ("repaet", Command(C.REPEAT)),
    ("tell me abuot bladder", Command(C.GOTO, "bladder")),
    ("whre am i", Command(C.WHERE)),
])
def test_small_typing_errors_are_forgiven(english, typo, expected):
    assert english.parse(typo) == expected


@pytest.mark.parametrize("text", [
    "", "   ", "?!", "the weather is nice today", "banana", "xyz", "acupuncture cures everything",
])
def test_what_is_not_a_command_is_not_forced_onto_one(english, text):
    assert english.parse(text) == NOT_UNDERSTOOD


@pytest.mark.parametrize("key, expected", [
    ("n", Command(C.NEXT)), ("RIGHT", Command(C.NEXT)), ("b", Command(C.PREVIOUS)),
    ("LEFT", Command(C.PREVIOUS)), ("r", Command(C.REPEAT)), ("u", Command(C.UP)),
    ("UP", Command(C.UP)), ("h", Command(C.HOME)), ("?", Command(C.HELP)),
    ("w", Command(C.WHERE)), ("SPACE", Command(C.PAUSE)), ("-", Command(C.SLOWER)),
    ("+", Command(C.FASTER)), ("l", Command(C.LANGUAGE)), ("q", Command(C.QUIT)),
    ("1", Command(C.CHOOSE, 1)), ("7", Command(C.CHOOSE, 7)), ("N", Command(C.NEXT)),
    ("x", None), ("8", None),
])
def test_single_keys(english, key, expected):
    assert english.parse_key(key) == expected


@pytest.mark.parametrize("text, normalized", [
    ("  Where   am I? ", "where am i"),
    ("Atrás", "atras"),
    ("Éléctro-acupuncture!", "electro acupuncture"),
])
def test_normalize(text, normalized):
    assert normalize(text) == normalized


def test_typed_words_in_another_language_fall_back_to_english(guide):
    assert guide.parse_typed("fatigue", "de") == Command(C.GOTO, "fatigue")
    assert guide.parse_typed("q", "es") == Command(C.QUIT)


@pytest.mark.parametrize("text, lang", [("huit", "fr"), ("qiut", "en"), ("quite", "en")])
def test_quitting_is_never_guessed_from_a_near_miss(guide, text, lang):
    assert guide.parse_typed(text, lang).name is not C.QUIT
