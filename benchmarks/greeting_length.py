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
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from voiceinfo.guide import load_guide  # noqa: E402
from voiceinfo.navigator import Place, State  # noqa: E402
from voiceinfo.pace import PACE_STEP  # noqa: E402
from voiceinfo.speech.synthesis import synthesizer  # noqa: E402

TARGET_SECONDS = 25


def seconds(lines: tuple[str, ...], lang: str, rate: int) -> list[float]:
    voice = synthesizer()
    return [voice.synthesize(line, lang, rate).seconds for line in lines]


def main() -> None:
    guide = load_guide()
    print("| language | title | safety message | menu | greeting | with the offer to go back |")
    print("|---|---|---|---|---|---|")
    for lang in guide.localizers:
        plain = guide.navigator.start(State(lang=lang))
        offered = guide.navigator.start(State(place=Place("fatigue", 1), lang=lang))
        parts = seconds(plain.said, lang, plain.state.rate)
        total = sum(parts)
        with_offer = sum(seconds(offered.said, lang, offered.state.rate))
        mark = "" if total <= TARGET_SECONDS else " (over)"
        print(f"| {lang} | {parts[0]:.1f} s | {parts[1]:.1f} s | {parts[2]:.1f} s "
              f"| {total:.1f} s{mark} | {with_offer:.1f} s |")
    print(f"target: the greeting at most {TARGET_SECONDS} s at the default rate")
    arabic_variants(guide)


def arabic_variants(guide) -> None:
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
    print("\n| Arabic greeting | seconds |\n|---|---|")
    for name, lines in variants.items():
        print(f"| {name} | {sum(seconds(lines, 'ar', rate)):.1f} s |")
    faster = round(rate * PACE_STEP)
    print(f"| shipped, one step faster ({faster} words a minute) "
          f"| {sum(seconds(greeting.said, 'ar', faster)):.1f} s |")


if __name__ == "__main__":
    main()
