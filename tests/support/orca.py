"""A real screen reader for the tests: Orca reading pages in Debian's Chromium, with no screen and
no sound card.

One `OrcaSession` is an X server (Xvfb), a private D-Bus session (`dbus-run-session`) carrying the
AT-SPI accessibility bus, and Orca (`--replace --debug-file`); each `open` starts a fresh Chromium
with its renderer's accessibility on, and `press` sends keys with xdotool as a person would. What
Orca spoke comes back from its debug log (`orcalog`): speech-dispatcher cannot speak here, and Orca
logs every utterance anyway.
"""

from __future__ import annotations

import os
import pty
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import tty
from pathlib import Path

from tests.support.orcalog import Utterance, utterances

CHROMIUM = "/usr/bin/chromium"
#: No network, no first-run dialog, no translation bubble stealing focus on the Arabic pages.
CHROMIUM_FLAGS = ["--force-renderer-accessibility", "--no-first-run", "--no-default-browser-check",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-features=Translate", "--password-store=basic",
                  "--disable-session-crashed-bubble", "--start-maximized",
                  "--window-size=1280,1024"]
PROGRAMS = ("Xvfb", "dbus-run-session", "orca", "xdotool", CHROMIUM,
            "/usr/libexec/at-spi-bus-launcher")
#: Orca has finished reading a page once it has written nothing new for this long...
QUIET = 2.0
#: ... and with a key (it answers one in a tenth of a second) after this long.
KEY_QUIET = 0.8
#: The longest Orca may take to answer a key.
ANSWER = 10


class OrcaError(RuntimeError):
    """The screen reader could not be started or did not answer; the message says which part."""


def missing_programs() -> list[str]:
    return [program for program in PROGRAMS if not shutil.which(program)]


class OrcaSession:
    """Xvfb, a D-Bus session with the AT-SPI bus, and Orca; Chromium opened on demand."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.log = folder / "orca.log"
        self._processes: list[subprocess.Popen] = []
        self._browser: subprocess.Popen | None = None
        home = folder / "home"
        runtime = folder / "run"
        for path in (home, runtime):
            path.mkdir(parents=True, exist_ok=True)
        runtime.chmod(0o700)
        # A private home: Orca's default settings, never the machine user's.
        self.env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
                    "XDG_DATA_HOME": str(home / ".local" / "share"),
                    "XDG_CACHE_HOME": str(home / ".cache"), "XDG_RUNTIME_DIR": str(runtime),
                    "GTK_A11Y": "atspi", "NO_AT_BRIDGE": "0", "LANG": "C.UTF-8"}
        for name in ("DBUS_SESSION_BUS_ADDRESS", "WAYLAND_DISPLAY", "LANGUAGE", "LC_ALL"):
            self.env.pop(name, None)
        # Orca kills itself (SIGKILL) when one event takes over 10 s, as it may on 2 cores busy
        # with pytest-xdist's other worker: its hang check is off (Orca loads this file from
        # its settings folder at start).
        settings = home / ".local" / "share" / "orca"
        settings.mkdir(parents=True, exist_ok=True)
        (settings / "orca-customizations.py").write_text(
            "import orca.settings\norca.settings.timeoutTime = 0\n")

    # -- the session ----------------------------------------------------------------------------

    def start(self) -> OrcaSession:
        try:
            self.env["DISPLAY"] = self._start_x()
            self.env["DBUS_SESSION_BUS_ADDRESS"] = self._start_bus()
            self._spawn(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"], "at-spi")
            time.sleep(0.5)
            # --replace SIGKILLs every other Orca of this user, and one would not start beside
            # another: `make test` runs the Orca scenarios after the rest, on their own
            self._spawn(["orca", "--replace", f"--debug-file={self._debug_terminal()}"], "orca")
            self._wait_for(lambda said: any(u.text == "Screen reader on." for u in said), 60,
                           "Orca did not start")
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        self._close_browser()
        for process in reversed(self._processes):
            _stop(process)
        self._processes.clear()

    def __enter__(self) -> OrcaSession:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    # -- what a person does ---------------------------------------------------------------------

    def open(self, url: str, timeout: float = 60) -> list[Utterance]:
        """Starts a fresh Chromium on `url`; returns what Orca said until it fell quiet (by default
        Orca reads a newly loaded page from the top: its Say All)."""
        self._close_browser()
        profile = tempfile.mkdtemp(prefix="chromium-", dir=self.folder)
        # Chromium offers to translate an Arabic page in a bubble that Orca reads out
        (Path(profile) / "Default").mkdir()
        (Path(profile) / "Default" / "Preferences").write_text('{"translate": {"enabled": false}}')
        flags = [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
        if os.geteuid() == 0:  # Chromium will not start as root with its sandbox
            flags.append("--no-sandbox")
        start = self.mark()
        self._browser = self._spawn([CHROMIUM, *flags, url], "chromium", keep=False)
        self._wait_for(lambda said: any(u.text.startswith("Finished loading") for u in said),
                       timeout, f"Orca never said it had loaded {url}", start)
        return self._said_all(start)

    def press(self, *keys: str) -> list[Utterance]:
        """Sends each key (xdotool's names: "h", "Tab", "Return", "KP_Add") as a person would,
        one after the other, and returns what Orca said for all of them."""
        start = self.mark()
        for key in keys:
            before = self.mark()
            subprocess.run(["xdotool", "key", "--clearmodifiers", key], env=self.env, check=True,
                           timeout=10)
            # Orca echoes the key, then answers it: wait for both (on a busy machine the answer
            # can lag well behind the echo), then for quiet
            try:
                self._wait_for(lambda said: len(said) >= 2, ANSWER, "", before)
            except OrcaError:
                pass  # a key Orca has nothing to say about: quiet is enough
            self._wait_quiet(KEY_QUIET)
        return self.said(start)

    def type_text(self, text: str) -> list[Utterance]:
        """Types `text` into the focused field, a key at a time as a person would."""
        start = self.mark()
        subprocess.run(["xdotool", "type", "--delay", "40", text], env=self.env, check=True,
                       timeout=60)
        self._wait_quiet(KEY_QUIET)
        return self.said(start)

    def follow(self, key: str, loaded: str, timeout: float = 60) -> list[Utterance]:
        """Presses `key` on a link and waits until Orca says a page called `loaded` has loaded."""
        start = self.mark()
        subprocess.run(["xdotool", "key", key], env=self.env, check=True, timeout=10)
        self._wait_for(lambda said: any(u.text.startswith("Finished loading")
                                        and loaded in u.text for u in said),
                       timeout, f"Orca never said {loaded!r} had loaded", start)
        return self._said_all(start)

    # -- the log --------------------------------------------------------------------------------

    def mark(self) -> int:
        """Where the log ends now: what Orca says from here on is `said(mark)`."""
        return self.log.stat().st_size if self.log.exists() else 0

    def said(self, since: int = 0) -> list[Utterance]:
        with self.log.open("rb") as log:
            log.seek(since)
            return utterances(log.read().decode("utf-8", "replace"))

    def _said_all(self, since: int) -> list[Utterance]:
        """Once a page has loaded: waits for Orca's Say All to start (on a busy machine it can
        start seconds after "Finished loading"), then for quiet."""
        try:
            self._wait_for(lambda said: any(u.role for u in said), ANSWER, "", since)
        except OrcaError:
            pass  # a page with nothing to read: quiet is enough
        return self.quiet_since(since)

    def quiet_since(self, since: int) -> list[Utterance]:
        self._wait_quiet(QUIET)
        return self.said(since)

    def _wait_quiet(self, quiet: float, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        size, changed = self.mark(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.1)
            now = self.mark()
            if now != size:
                size, changed = now, time.monotonic()
            elif time.monotonic() - changed >= quiet:
                return
        raise OrcaError(f"Orca did not fall quiet in {timeout:.0f} s")

    def _wait_for(self, done, timeout: float, failure: str, since: int = 0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.log.exists() and done(self.said(since)):
                return
            for process in self._processes:
                if process.poll() is not None:
                    raise OrcaError(f"{failure}: {process.args[0]} stopped "
                                    f"with status {process.returncode}; see {self.folder}")
            time.sleep(0.3)
        raise OrcaError(f"{failure} in {timeout:.0f} s; see {self.log}")

    # -- processes ------------------------------------------------------------------------------

    def _spawn(self, command: list[str], name: str, keep: bool = True, **kwargs) -> subprocess.Popen:
        with (self.folder / f"{name}.out").open("ab") as output:
            process = subprocess.Popen(command, env=self.env, stdout=kwargs.pop("stdout", output),
                                       stderr=output, start_new_session=True, **kwargs)
        if keep:
            self._processes.append(process)
        return process

    def _start_x(self) -> str:
        """Xvfb on the first free display, which it reports itself (`-displayfd`)."""
        read, write = os.pipe()
        self._spawn(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24",
                     "-nolisten", "tcp"], "xvfb", pass_fds=(write,))
        os.close(write)
        with os.fdopen(read) as pipe:
            display = pipe.readline().strip()
        if not display:
            raise OrcaError(f"Xvfb did not start; see {self.folder / 'xvfb.out'}")
        return f":{display}"

    def _start_bus(self) -> str:
        """A D-Bus session that lives as long as this session; its address."""
        process = self._spawn(["dbus-run-session", "--", "sh", "-c",
                               'echo "$DBUS_SESSION_BUS_ADDRESS"; exec sleep infinity'],
                              "dbus", stdout=subprocess.PIPE)
        address = process.stdout.readline().decode().strip()
        if not address:
            raise OrcaError(f"dbus-run-session did not start; see {self.folder / 'dbus.out'}")
        return address

    def _debug_terminal(self) -> str:
        """A pseudo-terminal for Orca's debug file, copied line by line into `self.log`.

        Orca opens its debug file with Python's `open` and never flushes it: a regular file would
        hold back the last few kilobytes until Orca exits. A terminal makes Python buffer by line.
        """
        master, slave = pty.openpty()
        tty.setraw(slave)  # no echo, and "\n" stays "\n"
        self._terminal = slave
        self.log.touch()

        def copy() -> None:
            with self.log.open("ab") as log:
                while True:
                    try:
                        chunk = os.read(master, 65536)
                    except OSError:  # Orca is gone and the terminal closed
                        return
                    if not chunk:
                        return
                    log.write(chunk)
                    log.flush()

        threading.Thread(target=copy, name="orca-log", daemon=True).start()
        return os.ttyname(slave)

    def _close_browser(self) -> None:
        if self._browser:
            _stop(self._browser)
        self._browser = None


def _stop(process: subprocess.Popen) -> None:
    """Ends a process and everything it started (each runs in a session of its own)."""
    for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue
