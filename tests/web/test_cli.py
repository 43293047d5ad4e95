"""`voiceinfo serve` and the arguments of the web subcommands."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

import pytest

from tests.support.terminal import ctrl_c_heard
from tests.support.webserver import REPO, free_port, wait_until_up


@pytest.mark.server
def test_serve_answers_and_stops_cleanly_on_ctrl_c(tmp_path):
    port = free_port()
    env = {**os.environ, "VOICEINFO_AUDIO_DIR": str(tmp_path)}
    process = subprocess.Popen([sys.executable, "-m", "voiceinfo", "serve", "--port", str(port)],
                               cwd=REPO, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, preexec_fn=ctrl_c_heard)
    try:
        wait_until_up(port, process)
    finally:
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert f"voiceinfo is at http://127.0.0.1:{port}/" in stdout
    assert stdout.rstrip().endswith("Stopped.")
    assert "Traceback" not in stderr


def test_serve_says_so_when_the_port_is_taken(run_cli):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = run_cli("serve", "--port", str(taken.getsockname()[1]))
    assert result.status == 1
    assert "cannot listen on 127.0.0.1" in result.stderr and "--port" in result.stderr


@pytest.mark.parametrize("args", [
    ["serve", "--port", "0"],
    ["serve", "--port", "65536"],
    ["serve", "--port", "eighty"],
    ["audio", "--lang", "xx"],
    ["export", "--site"],
])
def test_wrong_arguments_get_a_usage_message(run_cli, capsys, args):
    assert run_cli(*args).status == 2
    assert "usage: voiceinfo" in capsys.readouterr().err
