"""Test audio for spoken commands in Spanish, French, German and Arabic: each manifest's
utterances (tests/i18n/audio/<lang>.toml) spoken by eSpeak NG's voices for the language, at
several speeds.

There is no offline flite voice for these languages, so eSpeak NG speaks, in voice variants
(male, female, its Klatt synthesizer). Rendered on first use into a gitignored cache
(build/test-audio/locales/) and reused: the same text, voice and speed always give the same file
name, and eSpeak NG's output is deterministic.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MANIFESTS = Path(__file__).resolve().parent / "audio"
CACHE = REPO / "build" / "test-audio" / "locales"
LOCALES = ("es", "fr", "de", "ar")
#: Silence around each utterance, as a microphone's endpointer would leave it (seconds).
LEAD, TAIL = "0.25", "0.35"


class ToolMissing(RuntimeError):
    """espeak-ng or sox is not installed."""


@dataclass(frozen=True)
class Utterance:
    lang: str
    #: What is said, as a person would say it (Arabic with its short vowels written in, so
    #: that eSpeak NG says it as people do).
    text: str
    #: "next", "goto fatigue", "choose 3", "language de" or "none".
    expect: str
    #: eSpeak NG voice with its variant, e.g. "es+f3".
    voice: str
    #: Name of the rendering (a speed and a pitch).
    rendering: str
    speed: int
    pitch: int

    @property
    def is_command(self) -> bool:
        return self.expect != "none"

    @property
    def name(self) -> str:
        key = f"{self.text}|{self.voice}|{self.speed}|{self.pitch}"
        digest = hashlib.sha1(key.encode()).hexdigest()[:10]
        return f"{self.lang}-{self.voice.replace('+', '_')}-{self.rendering}-{digest}.wav"


def load_manifest(lang: str) -> list[Utterance]:
    data = tomllib.loads((MANIFESTS / f"{lang}.toml").read_text(encoding="utf-8"))
    phrases = {**data["commands"], **data["non_commands"]}
    return [Utterance(lang, text, expect, voice, name, int(setting["speed"]),
                      int(setting["pitch"]))
            for name, setting in data["renderings"].items()
            for voice in data["voices"]
            for text, expect in phrases.items()]


def select(utterances: list[Utterance], voices=None, renderings=None,
           texts=None) -> list[Utterance]:
    return [u for u in utterances
            if (voices is None or u.voice in voices)
            and (renderings is None or u.rendering in renderings)
            and (texts is None or u.text in texts)]


def render(utterance: Utterance, cache: Path = CACHE) -> Path:
    """The utterance's WAV file (16 kHz mono 16-bit), made once."""
    path = cache / utterance.name
    if path.exists():
        return path
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            raise ToolMissing(f"{tool} is not installed (scripts/install-system-deps adds it)")
    cache.mkdir(parents=True, exist_ok=True)
    spoken = cache / f".spoken-{utterance.name}"
    partial = cache / f".partial-{utterance.name}"
    subprocess.run(["espeak-ng", "-v", utterance.voice, "-s", str(utterance.speed),
                    "-p", str(utterance.pitch), "-w", str(spoken), "--", utterance.text],
                   check=True, capture_output=True)
    subprocess.run(["sox", "-R", str(spoken), "-r", "16000", "-b", "16", "-c", "1",
                    str(partial), "pad", LEAD, TAIL], check=True, capture_output=True)
    spoken.unlink()
    partial.replace(path)
    return path


def render_all(utterances: list[Utterance], cache: Path = CACHE) -> list[Path]:
    return [render(u, cache) for u in utterances]


def main() -> None:
    paths = [path for lang in LOCALES for path in render_all(load_manifest(lang))]
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} test utterances in {CACHE} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
