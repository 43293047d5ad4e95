"""Test audio for spoken commands and questions in Spanish, French, German and Arabic: each
manifest's utterances (tests/i18n/audio/<lang>.toml) spoken by the language's voices in each of
its renderings (two speeds, then band-limited to 8 kHz, with noise, and over a telephone line),
and any question text (`question_utterances`, e.g. tests/core/data/asked.toml's) likewise.

There is no offline flite or Piper voice for these languages. Two kinds speak:
- eSpeak NG's own voices in variants (male, female, its Klatt synthesizer), e.g. "es+klatt";
- MBROLA's diphone voices through eSpeak NG, e.g. "mb-fr1": eSpeak NG chooses the sounds and
  their timing, MBROLA joins recordings of a real person's diphones, so they sound far nearer a
  person. Debian's `mbrola` and `mbrola-<voice>` packages (contrib and non-free;
  scripts/install-system-deps adds them); a manifest's MBROLA voices that are not installed are
  left out with a warning. eSpeak NG 1.51 asks the Spanish voices for vowels they lack ("e/",
  "o/"), which MBROLA would replace with silence: those voices go through eSpeak NG's phonemes
  (`--pho`), mended, into `mbrola` (PHONEME_FIXES).

Rendered on first use into a gitignored cache (build/test-audio/locales/) and reused: the same
text, voice, speed and effects always give the same file name, and eSpeak NG, MBROLA and sox (in
repeatable mode) are deterministic.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tomllib
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Silence around each utterance (LEAD, TAIL), the sox effects and the missing tools are English's.
from tests.support.testaudio import LEAD, TAIL, ToolMissing, need, perturb  # noqa: F401

REPO = Path(__file__).resolve().parents[2]
MANIFESTS = REPO / "tests" / "i18n" / "audio"
CACHE = REPO / "build" / "test-audio" / "locales"
LOCALES = ("es", "fr", "de", "ar")
#: An eSpeak NG voice named "mb-<database>" speaks through MBROLA's diphone database.
MBROLA = "mb-"
MBROLA_DATABASES = Path("/usr/share/mbrola")
#: eSpeak NG's amplitude (0-200, 100 by default) for MBROLA voices: at 100 fr4 clips. Their
#: databases are recorded at levels far apart (es1 some 10 dB under fr4), so each rendering is
#: then brought to the same peak (dB below full scale), near eSpeak NG's own voices'.
MBROLA_AMPLITUDE, MBROLA_PEAK = 70, -3
#: Per MBROLA database, eSpeak NG phonemes it lacks, renamed to ones it has (in `--pho` lines).
PHONEME_FIXES = {db: ((re.compile(r"^([eo])/\t", re.MULTILINE), r"\1\t"),)
                 for db in ("es1", "es2")}
#: What a spoken question is said in, unless asked otherwise: as on a good microphone, and
#: band-limited to 8 kHz.
QUESTION_RENDERINGS = ("normal", "narrowband")


@dataclass(frozen=True)
class Utterance:
    lang: str
    #: What is said, as a person would say it (Arabic with its short vowels written in, so
    #: that eSpeak NG says it as people do).
    text: str
    #: "next", "goto fatigue", "choose 3", "language de", "none", or "ask" for a question.
    expect: str
    #: eSpeak NG voice with its variant, e.g. "es+f3", or an MBROLA voice, e.g. "mb-fr1".
    voice: str
    #: Name of the rendering (a speed and a pitch, then sox effects).
    rendering: str
    speed: int
    pitch: int
    #: sox effects after the clean rendering, as in tests/speech/audio/manifest.toml
    #: (["rate", "8000"], ["noise", "0.01"], ...); none for the clean renderings.
    effects: tuple[str, ...] = ()

    @property
    def is_command(self) -> bool:
        return self.expect not in ("none", "ask")

    @property
    def name(self) -> str:
        key = f"{self.text}|{self.voice}|{self.speed}|{self.pitch}"
        if self.effects:
            key += f"|{self.effects}"
        if _database(self.voice):
            key += f"|amplitude {MBROLA_AMPLITUDE}|peak {MBROLA_PEAK}"
        if _database(self.voice) in PHONEME_FIXES:
            key += "|phonemes mended"
        digest = hashlib.sha1(key.encode()).hexdigest()[:10]
        return f"{self.lang}-{self.voice.replace('+', '_')}-{self.rendering}-{digest}.wav"


def load_manifest(lang: str) -> list[Utterance]:
    """Every command and non-command of the language's manifest, in every rendering, by every
    voice installed here (an MBROLA voice that is not is left out, with a warning)."""
    data = _manifest(lang)
    phrases = {**data["commands"], **data["non_commands"]}
    return [Utterance(lang, text, expect, voice, name, int(setting["speed"]),
                      int(setting["pitch"]), tuple(setting.get("effects", ())))
            for name, setting in data["renderings"].items()
            for voice in installed_voices(lang)
            for text, expect in phrases.items()]


def _manifest(lang: str) -> dict:
    return tomllib.loads((MANIFESTS / f"{lang}.toml").read_text(encoding="utf-8"))


def voices(lang: str) -> list[str]:
    """The language's voices, as its manifest lists them."""
    return list(_manifest(lang)["voices"])


def installed_voices(lang: str) -> list[str]:
    """The language's voices that can speak here: every eSpeak NG voice, and the MBROLA voices
    whose databases are installed."""
    found, missing = [], []
    for voice in voices(lang):
        (missing if _database(voice) and not mbrola_installed(voice) else found).append(voice)
    if missing:
        warnings.warn(f"{lang}: MBROLA voices {', '.join(missing)} left out: not installed "
                      f"(scripts/install-system-deps adds them)", stacklevel=2)
    return found


def mbrola_installed(voice: str) -> bool:
    database = _database(voice)
    return bool(database) and shutil.which("mbrola") is not None and \
        (MBROLA_DATABASES / database / database).is_file()


def _database(voice: str) -> str | None:
    """The MBROLA database of a voice ("mb-fr1+f2" -> "fr1"), None for eSpeak NG's own."""
    if not voice.startswith(MBROLA):
        return None
    return voice.removeprefix(MBROLA).split("+")[0].split("-")[0]


def question_utterances(lang: str, text: str, voices: Iterable[str] | None = None,
                        renderings: Iterable[str] = QUESTION_RENDERINGS) -> list[Utterance]:
    """Any text (a spoken question, e.g. one of tests/core/data/asked.toml's) said in `lang` by
    each of `voices` (by default the language's voices installed here) in each of the manifest's
    `renderings` ("normal", "slow", "narrowband", "noise", "phone"), with `expect` "ask";
    `render` makes each file once. Arabic is said as written: write the short vowels in for
    eSpeak NG to say it as people do."""
    settings = _manifest(lang)["renderings"]
    return [Utterance(lang, text, "ask", voice, name, int(settings[name]["speed"]),
                      int(settings[name]["pitch"]), tuple(settings[name].get("effects", ())))
            for voice in (installed_voices(lang) if voices is None else voices)
            for name in renderings]


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
    need("espeak-ng", "sox")
    database = _database(utterance.voice)
    if database and not mbrola_installed(utterance.voice):
        raise ToolMissing(f"MBROLA voice {database} is not installed (scripts/install-system-deps "
                          f"adds it: mbrola and mbrola-{database})")
    cache.mkdir(parents=True, exist_ok=True)
    # each process its own scratch files: test workers may make the same file at once
    spoken = cache / f".spoken-{os.getpid()}-{utterance.name}"
    partial = cache / f".partial-{os.getpid()}-{utterance.name}"
    speed, pitch = ["-s", str(utterance.speed)], ["-p", str(utterance.pitch)]
    amplitude = ["-a", str(MBROLA_AMPLITUDE)] if database else []
    if database in PHONEME_FIXES:
        phonemes = subprocess.run(
            ["espeak-ng", "-v", utterance.voice, *speed, *pitch, "-q", "--pho", "--",
             utterance.text], check=True, capture_output=True, text=True).stdout
        for pattern, replacement in PHONEME_FIXES[database]:
            phonemes = pattern.sub(replacement, phonemes)
        pho = cache / f".phonemes-{os.getpid()}-{utterance.name}.pho"
        pho.write_text(phonemes, encoding="utf-8")
        # no -e: a diphone still missing fails here rather than becoming silence
        subprocess.run(["mbrola", "-v", str(MBROLA_AMPLITUDE / 100),
                        str(MBROLA_DATABASES / database / database), str(pho), str(spoken)],
                       check=True, capture_output=True)
        pho.unlink()
    else:
        subprocess.run(["espeak-ng", "-v", utterance.voice, *speed, *pitch, *amplitude,
                        "-w", str(spoken), "--", utterance.text], check=True, capture_output=True)
    if database:
        level = spoken.with_name(spoken.name + ".level.wav")
        subprocess.run(["sox", "-R", str(spoken), str(level), "gain", "-n", str(MBROLA_PEAK)],
                       check=True, capture_output=True)
        level.replace(spoken)
    perturb(spoken, partial, utterance.effects)
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
