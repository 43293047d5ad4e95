"""The spoken grammar and its pronunciations: made from the same vocabulary as typed commands,
loadable by pocketsphinx, and with a garbage loop that cannot steal a command."""

from __future__ import annotations

import pytest

from voiceinfo.speech.grammar import GARBAGE_PREFIX, build_grammar, distinct_words, is_garbage
from voiceinfo.speech.lexicon import (
    LexiconMissing, garbage_words, lexicon_path, load_lexicon, read_dict,
)
from voiceinfo.speech.recognition import SphinxTranscriber, spoken_fillers

PRONUNCIATIONS = {"next": ["N EH K S T"], "one": ["W AH N"], "when": ["W EH N"],
                  "water": ["W AO T ER"], "please": ["P L IY Z"], "go": ["G OW"],
                  "to": ["T UW"], "so": ["S OW"], "slow": ["S L OW"]}


def test_the_grammar_holds_every_phrase_with_optional_words_around_it():
    grammar = build_grammar(["next", "one"], ["please", "go to"], ["please"], PRONUNCIATIONS,
                            garbage=["water", "when"])
    assert "<command> = next | one;" in grammar.jsgf
    assert "<before> = ( go to ) | please;" in grammar.jsgf
    assert "[<before>] <command> [<after>]" in grammar.jsgf
    assert "<garbage>+" in grammar.jsgf
    assert grammar.words == {"next", "one", "please", "go", "to"}


def test_garbage_words_that_sound_like_a_command_word_are_left_out():
    grammar = build_grammar(["next", "one", "slow"], [], [], PRONUNCIATIONS,
                            garbage=["when", "water", "so", "next"])
    assert grammar.garbage == {f"{GARBAGE_PREFIX}water": "water"}
    assert distinct_words(["when", "water"], ["one"], PRONUNCIATIONS) == ["water"]
    assert is_garbage(f"{GARBAGE_PREFIX}water") and not is_garbage("water")


def test_phrases_without_a_pronunciation_are_listed_not_fatal():
    grammar = build_grammar(["next", "1", "العربية"], [], [], PRONUNCIATIONS)
    assert grammar.unpronounceable == ("1", "العربية")
    with pytest.raises(ValueError):
        build_grammar(["1"], [], [], PRONUNCIATIONS)


def test_spoken_optional_words_are_phrases_and_long_words_only(guide):
    before, after = spoken_fillers(guide.vocabulary("en").fillers)
    assert {"please", "go to", "tell me about", "read the"} <= set(before)
    assert "the" not in before and "now" not in before
    assert after == [f for f in before if " " not in f]


def test_every_english_word_that_can_be_said_has_a_pronunciation(guide):
    vocabulary = guide.vocabulary("en")
    lexicon = load_lexicon("en", vocabulary.words)
    missing = {w for w in vocabulary.words if w not in lexicon}
    # digits are typed, not said ("one" is said); Arabic's own name is said in Arabic
    assert missing == {"1", "2", "3", "4", "5", "6", "7", "العربية"}


def test_the_shipped_english_lexicon_adds_what_the_dictionary_lacks():
    shipped = dict(read_dict(lexicon_path("en"), {"spasticity", "electroacupuncture", "ms"}))
    assert set(shipped) == {"spasticity", "electroacupuncture", "ms"}
    lexicon = load_lexicon("en", ["ms"])
    assert "EH M EH S" in lexicon.pronunciations["ms"]  # "M S", as people say it
    assert len(lexicon.pronunciations["ms"]) == 2  # and the dictionary's "Ms"


def test_a_language_without_a_lexicon_file_cannot_be_recognised():
    with pytest.raises(LexiconMissing):
        load_lexicon("xx", ["word"])


def test_the_garbage_words_all_have_pronunciations():
    words = garbage_words()
    assert len(words) >= 300
    assert set(load_lexicon("en", [], english=words).pronunciations) == set(words)


def test_pocketsphinx_loads_the_real_grammar(guide):
    transcriber = SphinxTranscriber(guide.vocabulary("en"))
    transcriber.load()
    assert transcriber.grammar is not None
    assert len(transcriber.grammar.garbage) > 50
    assert "spasticity" in transcriber.grammar.jsgf


GRAPH = build_grammar(["next", "one", "go on", "go on reading", "go up"], ["please", "go to"],
                      ["please"], {**PRONUNCIATIONS, "on": ["AA N"], "up": ["AH P"],
                                   "reading": ["R IY D IH NG"]},
                      garbage=["water"], garbage_weight=1e-10)


@pytest.mark.parametrize("said, probability", [
    # each of the 5 phrases alike; even odds of each optional part, as JSGF's [ ] gives, and
    # each of its 2 words before or 1 word after alike
    ("next", 1 / 2 * 1 / 5 * 1 / 2),
    ("go on reading", 1 / 2 * 1 / 5 * 1 / 2),
    ("go up please", 1 / 2 * 1 / 5 * 1 / 2),
    ("go to next please", 1 / 2 / 2 * 1 / 5 * 1 / 2),
    ("please go on", 1 / 2 / 2 * 1 / 5 * 1 / 2),
    # the garbage loop: its odds, then each word and even odds of another
    ("garbage_water", 1e-10 / 2),
    ("garbage_water garbage_water", 1e-10 / 4),
    ("go", 0.0), ("next next", 0.0), ("please", 0.0), ("go to", 0.0), ("next garbage_water", 0.0),
])
def test_the_graph_gives_each_sentence_the_jsgf_probability(said, probability):
    assert GRAPH.graph.probability(said.split()) == pytest.approx(probability, rel=1e-9)


def test_phrases_that_share_a_beginning_or_an_end_share_states():
    shared = build_grammar([f"{verb} {language}" for verb in ("speak", "change to", "in")
                            for language in ("french", "german", "spanish")], [], [],
                           {w: ["AH"] for w in "speak change to in french german spanish".split()})
    readings = [arc for arc in shared.graph.arcs if arc.word]
    # speak, change, to, in; then french, german and spanish once, not three times each
    assert sorted(arc.word for arc in readings) == sorted(
        "speak change to in french german spanish".split())


def test_pocketsphinx_reads_the_graph_and_the_jsgf_alike(guide, tmp_path):
    """The decoder searches the graph; the JSGF says the same, and pocketsphinx compiles it."""
    transcriber = SphinxTranscriber(guide.vocabulary("en"))
    transcriber.load()
    grammar, decoder = transcriber.grammar, transcriber._decoder
    graph = grammar.graph
    searched = decoder.create_fsg("graph", graph.start, graph.final, graph.transitions())
    compiled = decoder.parse_jsgf(grammar.jsgf)
    garbage = sorted(grammar.garbage)
    sentences = [*guide.vocabulary("en").phrases, "tell me about safety please",
                 "go to number two thanks", "please please next", "next next", "go to",
                 " ".join(garbage[:3]), f"next {garbage[0]}", "thanks"]
    for sentence in sentences:
        assert searched.accept(sentence) == compiled.accept(sentence), sentence
    assert searched.accept("go to number two thanks") and not searched.accept("next next")
    compiled.writefile(str(tmp_path / "compiled.fsg"))
    header = (tmp_path / "compiled.fsg").read_text().splitlines()[1]
    assert graph.size < 100 < int(header.removeprefix("NUM_STATES "))
