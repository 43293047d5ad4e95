"""How readable the spoken text is in each language: the median of the readability measure that
`voiceinfo check` reviews (content/review.toml) over the segments, and sentence lengths in words.
Targets: the limits in review.toml (English: Flesch-Kincaid grade at most 8).

    .venv/bin/python benchmarks/readability.py
"""

from __future__ import annotations

import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.common import print_table, record  # noqa: E402
from voiceinfo.content import SOURCES_TOPIC_ID  # noqa: E402
from voiceinfo.guide import load_guide  # noqa: E402
from voiceinfo.review import load_review_rules, readability_scores, sentences, words  # noqa: E402


@dataclass
class Readability:
    lang: str
    measure: str
    median: float
    limit: str
    sentence_words_median: float
    sentence_words_longest: int


def measure(guide, rules, lang: str) -> Readability:
    language = rules.languages[lang]
    texts = [guide.localizer(lang).segment_text(segment)
             for topic, segment in guide.tree.segments() if topic.id != SOURCES_TOPIC_ID]
    limit = (f"at most {language.at_most}" if language.at_most is not None
             else f"at least {language.at_least}")
    lengths = [len(words(sentence)) for text in texts for sentence in sentences(text)]
    return Readability(lang, language.readability,
                       round(statistics.median(readability_scores(language, lang, texts)), 1),
                       limit, statistics.median(lengths), max(lengths))


def main() -> None:
    guide = load_guide()
    rules = load_review_rules()
    rows = [measure(guide, rules, lang) for lang in guide.localizers]
    print_table(["language", "measure", "median", "limit", "sentence words, median / longest"],
                ([r.lang, r.measure, f"{r.median:.1f}", r.limit,
                  f"{r.sentence_words_median:g} / {r.sentence_words_longest}"] for r in rows))
    record("readability", {"languages": rows})


if __name__ == "__main__":
    main()
