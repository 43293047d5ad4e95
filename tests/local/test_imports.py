"""Printed output without listening (`--text --no-listen`) loads no speech recognition: none of
SpeechRecognition, pocketsphinx or PyAudio, nor voiceinfo's speech-in modules. Checked in a
fresh interpreter, since this test run has long since loaded them all."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

SPEECH_IN = ("speech_recognition", "pocketsphinx", "pyaudio", "voiceinfo.speech.recognition",
             "voiceinfo.speech.capture")

#: Runs `voiceinfo ARGS` in-process, then writes the names of every module it loaded.
RUN_AND_LIST_MODULES = """
import json, sys
from voiceinfo.cli import main
status = main(sys.argv[2:])
with open(sys.argv[1], "w") as file:
    json.dump({"status": status, "modules": sorted(sys.modules)}, file)
"""


def modules_loaded(tmp_path, *args: str) -> set[str]:
    listing = tmp_path / "modules.json"
    env = {**os.environ, "VOICEINFO_STATE_DIR": str(tmp_path / "state")}
    subprocess.run([sys.executable, "-c", RUN_AND_LIST_MODULES, str(listing), *args],
                   input="where\nquit\n", capture_output=True, text=True, check=True, cwd=REPO,
                   env=env, timeout=60)
    result = json.loads(listing.read_text())
    assert result["status"] == 0
    return set(result["modules"])


def test_text_without_listening_loads_no_speech_recognition(tmp_path):
    loaded = modules_loaded(tmp_path, "--text", "--no-listen")
    assert "voiceinfo.local.loop" in loaded
    assert not {name for name in loaded if name.split(".")[0] in SPEECH_IN or name in SPEECH_IN}


@pytest.mark.parametrize("args", [["export", "--lang", "en"], ["check"]])
def test_the_other_text_commands_load_none_either(tmp_path, args):
    loaded = modules_loaded(tmp_path, *args)
    assert not {name for name in loaded if name.split(".")[0] in SPEECH_IN or name in SPEECH_IN}


#: What no subcommand may load just to register its options: each loads its own in `run`.
HEAVY = ("flask", "werkzeug", "numpy", "bm25s", "ebooklib", "pyttsx3", "faster_whisper",
         *SPEECH_IN)


def test_registering_every_subcommand_loads_nothing_heavy():
    code = ("import json, sys\nfrom voiceinfo.cli import build_parser\nbuild_parser()\n"
            "print(json.dumps(sorted(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=REPO, timeout=60)
    loaded = set(json.loads(result.stdout))
    assert "voiceinfo.cli.export" in loaded
    assert not {name for name in loaded if name.split(".")[0] in HEAVY or name in HEAVY}
