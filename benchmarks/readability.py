"""How readable the spoken text is in each language: the median of the readability measure that
`voiceinfo check` reviews (content/review.toml) over the segments, and sentence lengths in words.
Targets: the limits in review.toml (English: Flesch-Kincaid grade at most 8).

    .venv/bin/python benchmarks/readability.py
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from voiceinfo.content import SOURCES_TOPIC_ID  # noqa: E402
from voiceinfo.guide import load_guide  # noqa: E402
from voiceinfo.review import load_review_rules, readability_scores, sentences, words  # noqa: E402


def main() -> None:
    guide = load_guide()
    rules = load_review_rules()
    print("| language | measure | median | limit | sentence words, median / longest |")
    print("|---|---|---|---|---|")
    for lang in guide.localizers:
        language = rules.languages[lang]
        texts = [guide.localizer(lang).segment_text(segment)
                 for topic, segment in guide.tree.segments() if topic.id != SOURCES_TOPIC_ID]
        median = statistics.median(readability_scores(language, lang, texts))
        limit = (f"at most {language.at_most}" if language.at_most is not None
                 else f"at least {language.at_least}")
        lengths = [len(words(sentence)) for text in texts for sentence in sentences(text)]
        print(f"| {lang} | {language.readability} | {median:.1f} | {limit} "
              f"| {statistics.median(lengths):g} / {max(lengths)} |")


if __name__ == "__main__":
    main()
