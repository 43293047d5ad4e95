"""How long the spoken greeting lasts: the title, the safety message and the menu (and the offer
to go back, when there is one), as eSpeak NG says them at the default rate, in every language.
Target: at most 25 s without the offer.

    .venv/bin/python benchmarks/greeting_length.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from voiceinfo.guide import load_guide  # noqa: E402
from voiceinfo.navigator import Place, State  # noqa: E402
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


if __name__ == "__main__":
    main()
