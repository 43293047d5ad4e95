"""Test audio for speech recognition: the manifest's utterances spoken by flite's voices, then
perturbed with sox (slower, faster, quieter, with noise, narrowband). The manifest's
`check_voices` (eSpeak NG's English voices, named "espeak:<voice>") are a harder set kept apart:
benchmarks/speech_heldout.py measures on them settings chosen on the flite voices.

Rendered on first use into a cache (build/test-audio/ by default, gitignored) and reused; the
same text, voice and perturbation always give the same file name, and sox runs in repeatable
mode, so the noise is the same on every machine.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

from voiceinfo.commands import Command

REPO = Path(__file__).resolve().parents[2]
MANIFEST = Path(__file__).resolve().parent / "audio" / "manifest.toml"
CACHE = REPO / "build" / "test-audio"
#: Silence around each utterance, as a microphone's endpointer would leave it (seconds).
LEAD, TAIL = "0.25", "0.35"
#: A voice named "espeak:en-us+m3" is eSpeak NG's, not flite's.
ESPEAK = "espeak:"


class ToolMissing(RuntimeError):
    """flite or sox is not installed."""


@dataclass(frozen=True)
class Utterance:
    text: str
    #: "next", "goto fatigue", "choose 3" or "none".
    expect: str
    voice: str
    perturbation: str
    effects: tuple[str, ...]

    @property
    def is_command(self) -> bool:
        return self.expect != "none"

    @property
    def name(self) -> str:
        digest = hashlib.sha1(f"{self.text}|{self.voice}|{self.effects}".encode()).hexdigest()
        slug = "-".join(self.text.lower().split())[:32]
        voice = self.voice.replace(":", "-").replace("+", "_")
        return f"{voice}-{self.perturbation}-{slug}-{digest[:8]}.wav"


def as_expect(command: Command) -> str:
    """A command spelled as a manifest's `expect`: "next", "goto fatigue", "choose 3", "none"."""
    return command.name.value + ("" if command.argument is None else f" {command.argument}")


def load_manifest(path: Path = MANIFEST, voices: str = "voices") -> list[Utterance]:
    """The utterances of the manifest's `voices` (or of another list of voices it names)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    phrases = {**data["commands"], **data["non_commands"]}
    return [Utterance(text, expect, voice, name, tuple(effects))
            for name, effects in data["perturbations"].items()
            for voice in data[voices]
            for text, expect in phrases.items()]


def select(utterances: list[Utterance], voices=None, perturbations=None,
           texts=None) -> list[Utterance]:
    return [u for u in utterances
            if (voices is None or u.voice in voices)
            and (perturbations is None or u.perturbation in perturbations)
            and (texts is None or u.text in texts)]


def render(utterance: Utterance, cache: Path = CACHE) -> Path:
    """The utterance's WAV file (16 kHz mono 16-bit), made once."""
    path = cache / utterance.name
    if path.exists():
        return path
    espeak = utterance.voice.removeprefix(ESPEAK) if utterance.voice.startswith(ESPEAK) else None
    for tool in ("espeak-ng" if espeak else "flite", "sox"):
        if shutil.which(tool) is None:
            raise ToolMissing(f"{tool} is not installed (scripts/install-system-deps adds it)")
    cache.mkdir(parents=True, exist_ok=True)
    # each process its own scratch files: test workers may make the same file at once, and the
    # last to finish replaces it with the same sound
    clean = cache / f".clean-{os.getpid()}-{utterance.name}"
    partial = cache / f".partial-{os.getpid()}-{utterance.name}"
    speak = (["espeak-ng", "-v", espeak, "-w", str(clean), utterance.text] if espeak else
             ["flite", "-voice", utterance.voice, "-t", utterance.text, "-o", str(clean)])
    subprocess.run(speak, check=True, capture_output=True)
    padded = ["pad", LEAD, TAIL]
    effects = list(utterance.effects)
    if effects and effects[0] == "noise":
        _add_noise(clean, partial, effects[1], padded)
    else:
        subprocess.run(["sox", "-R", str(clean), "-r", "16000", "-b", "16", "-c", "1",
                        str(partial), *padded, *effects], check=True, capture_output=True)
    clean.unlink()
    partial.replace(path)
    return path


def _add_noise(clean: Path, out: Path, level: str, padded: list[str]) -> None:
    """White noise at a fixed amplitude mixed under the padded speech."""
    speech = clean.with_name(clean.name + ".speech.wav")
    noise = clean.with_name(clean.name + ".noise.wav")
    subprocess.run(["sox", "-R", str(clean), "-r", "16000", "-b", "16", "-c", "1", str(speech),
                    *padded], check=True, capture_output=True)
    subprocess.run(["sox", "-R", str(speech), str(noise), "synth", "whitenoise", "vol", level],
                   check=True, capture_output=True)
    subprocess.run(["sox", "-R", "-m", "-v", "1", str(speech), "-v", "1", str(noise), str(out)],
                   check=True, capture_output=True)
    speech.unlink()
    noise.unlink()


def render_all(utterances: list[Utterance], cache: Path = CACHE) -> list[Path]:
    return [render(u, cache) for u in utterances]


def main() -> None:
    utterances = load_manifest()
    paths = render_all(utterances)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} test utterances in {CACHE} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
