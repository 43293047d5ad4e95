"""How long the spoken greeting lasts: the title, the safety message and the menu (and the offer
to go back, when there is one), as eSpeak NG says them at the default rate, in every language.
Target: at most 25 s without the offer. Then, for Arabic (eSpeak NG's Arabic voice is the
slowest), what other forms of the greeting would take: the shipped wording less the menu's
"Topics:", the safety message's "please consult" said as a plain imperative, the menu without
the pauses between items, and the shipped greeting one step faster.

    .venv/bin/python benchmarks/greeting_length.py
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.common import print_table, record  # noqa: E402
from voiceinfo.guide import load_guide  # noqa: E402
from voiceinfo.navigator import Place, State  # noqa: E402
from voiceinfo.pace import PACE_STEP  # noqa: E402
from voiceinfo.speech.synthesis import synthesizer  # noqa: E402

TARGET_SECONDS = 25


def seconds(lines: tuple[str, ...], lang: str, rate: int) -> list[float]:
    voice = synthesizer()
    return [voice.synthesize(line, lang, rate).seconds for line in lines]


@dataclass
class Greeting:
    """Seconds each part of a language's greeting lasts."""

    lang: str
    title: float
    safety_message: float
    menu: float
    greeting: float
    with_the_offer: float


def measure(guide, lang: str) -> Greeting:
    plain = guide.navigator.start(State(lang=lang))
    offered = guide.navigator.start(State(place=Place("fatigue", 1), lang=lang))
    parts = seconds(plain.said, lang, plain.state.rate)
    return Greeting(lang, *(round(s, 1) for s in parts), greeting=round(sum(parts), 1),
                    with_the_offer=round(sum(seconds(offered.said, lang, offered.state.rate)), 1))


def main() -> None:
    guide = load_guide()
    greetings = []

    def rows():
        for lang in guide.localizers:
            g = measure(guide, lang)
            greetings.append(g)
            mark = "" if g.greeting <= TARGET_SECONDS else " (over)"
            yield [lang, f"{g.title:.1f} s", f"{g.safety_message:.1f} s", f"{g.menu:.1f} s",
                   f"{g.greeting:.1f} s{mark}", f"{g.with_the_offer:.1f} s"]

    print_table(["language", "title", "safety message", "menu", "greeting",
                 "with the offer to go back"], rows())
    print(f"target: the greeting at most {TARGET_SECONDS} s at the default rate")
    record("greeting_length", {"target_seconds": TARGET_SECONDS, "languages": greetings,
                               "arabic_variants": arabic_variants(guide)})


def arabic_variants(guide) -> dict[str, float]:
    """Seconds each form of the Arabic greeting lasts."""
    greeting = guide.navigator.start(State(lang="ar"))
    title, safety, menu = greeting.said
    items = menu.removeprefix("المواضيع: ")
    imperative = safety.replace("يُرجى استشارة", "استشر")
    variants = {
        "shipped": (title, safety, menu),
        "menu without 'Topics:'": (title, safety, items),
        "safety message with the imperative استشر": (title, imperative, menu),
        "both": (title, imperative, items),
        "menu without pauses between items": (title, safety, menu.replace("،", "")),
    }
    rate = greeting.state.rate
    faster = round(rate * PACE_STEP)
    lasts = {name: round(sum(seconds(lines, "ar", rate)), 1) for name, lines in variants.items()}
    lasts[f"shipped, one step faster ({faster} words a minute)"] = round(
        sum(seconds(greeting.said, "ar", faster)), 1)
    print()
    print_table(["Arabic greeting", "seconds"], ([name, f"{s:.1f} s"] for name, s in lasts.items()))
    return lasts


if __name__ == "__main__":
    main()
