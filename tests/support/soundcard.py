"""A virtual sound card for the tests: a private PulseAudio daemon with two null sinks, driven
through the same PortAudio and ALSA path a laptop uses.

- `speakers` is the default output: what voiceinfo says goes there, and its monitor is recorded
  with `parec`;
- `mic_feed` is where the test plays what the person says (`paplay`), and its monitor, remapped
  by `module-remap-source`, is the default input, `microphone`;
- ALSA's default device is PulseAudio (`pcm.!default { type pulse }` in the private HOME's
  `.asoundrc`), so PortAudio, and through it voiceinfo, finds both.

Without `--disable-shm` PulseAudio 16 aborted mid-session here. An idle null sink delivers only
after about 2 s, so a steady noise floor plays into the microphone for the whole scenario, as a
quiet room would.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import numpy as np

from tests.support.sound import RATE, white_noise, write_wav
from tests.support.testaudio import speak

DAEMON_CONFIG = """
load-module module-native-protocol-unix auth-anonymous=1 socket={socket}
load-module module-null-sink sink_name=speakers
load-module module-null-sink sink_name=mic_feed
load-module module-remap-source source_name=microphone master=mic_feed.monitor
set-default-sink speakers
set-default-source microphone
"""
ALSA_CONFIG = "pcm.!default { type pulse }\nctl.!default { type pulse }\n"


def available() -> bool:
    return all(shutil.which(tool) for tool in ("pulseaudio", "paplay", "parec", "pactl"))


def noise(path: Path, dbfs: float, seconds: float, seed: int = 0) -> Path:
    """Steady white noise whose level (RMS) is `dbfs` below full scale: a fan, a quiet room."""
    return write_wav(path, white_noise(int(seconds * RATE), dbfs, np.random.default_rng(seed)))


def spoken(path: Path, text: str, voice: str = "kal") -> Path:
    """`text` said by one of flite's voices, at the card's rate, with no silence added."""
    raw = path.with_suffix(".raw.wav")
    speak(text, voice, raw)
    subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(path)],
                   check=True)
    raw.unlink()
    return path


def band_limited(source: Path, path: Path) -> Path:
    """The recording with nothing above 4 kHz (sampled at 8 kHz and back, as a telephone line or
    a headset's hands-free link gives it), still at the card's rate."""
    subprocess.run(["sox", str(source), "-r", "8000", str(path.with_suffix(".8k.wav"))],
                   check=True)
    subprocess.run(["sox", str(path.with_suffix(".8k.wav")), "-r", str(RATE), str(path)],
                   check=True)
    path.with_suffix(".8k.wav").unlink()
    return path


class VirtualSoundCard:
    """The daemon and its tools, all in `folder`, touching nothing of the machine's own sound."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.socket = self.folder / "native"
        self.daemon: subprocess.Popen | None = None
        self._players: list[subprocess.Popen] = []

    @property
    def env(self) -> dict[str, str]:
        """What a program needs to find this card, and nothing else, as its sound."""
        return {"HOME": str(self.folder), "XDG_RUNTIME_DIR": str(self.folder),
                "PULSE_SERVER": f"unix:{self.socket}", "PULSE_COOKIE": str(self.folder / "cookie")}

    def start(self, seconds: float = 10) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / ".asoundrc").write_text(ALSA_CONFIG)
        config = self.folder / "daemon.pa"
        config.write_text(DAEMON_CONFIG.format(socket=self.socket))
        with (self.folder / "daemon.log").open("ab") as log:
            self.daemon = subprocess.Popen(
                ["pulseaudio", "-n", "-F", str(config), "--daemonize=no",
                 "--exit-idle-time=-1", "--disable-shm=yes", "--log-target=stderr"],
                env={**os.environ, **self.env}, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + seconds
        while self._tool("pactl", "info").returncode != 0:
            if time.monotonic() > deadline or self.daemon.poll() is not None:
                raise RuntimeError(f"PulseAudio did not start: see {self.folder / 'daemon.log'}")
            time.sleep(0.1)

    def stop(self) -> None:
        """The sound server gone, as when it crashes: killed, not asked to leave."""
        for player in self._players:
            player.kill()
        self._players.clear()
        if self.daemon and self.daemon.poll() is None:
            self.daemon.send_signal(signal.SIGKILL)
            self.daemon.wait(timeout=10)

    def play_into_microphone(self, wav: Path, wait: bool = True) -> subprocess.Popen:
        player = subprocess.Popen(["paplay", "--device=mic_feed", str(wav)],
                                  env={**os.environ, **self.env}, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        if wait:
            player.wait(timeout=60)
        else:
            self._players.append(player)
        return player

    def record_speakers(self, wav: Path) -> subprocess.Popen:
        """Records what the program says until the recorder is stopped (`terminate()`)."""
        recorder = subprocess.Popen(
            ["parec", "--device=speakers.monitor", "--file-format=wav", "--channels=1",
             f"--rate={RATE}", "--format=s16le", str(wav)],
            env={**os.environ, **self.env}, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        self._players.append(recorder)
        return recorder

    def _tool(self, *command: str) -> subprocess.CompletedProcess:
        return subprocess.run(command, env={**os.environ, **self.env}, capture_output=True,
                              timeout=10, check=False)
