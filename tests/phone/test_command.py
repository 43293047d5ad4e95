"""`voiceinfo phone` as a command: its help, its refusals, and that no other command loads the
SIP line."""

from __future__ import annotations

import pytest

from tests.local.test_imports import modules_loaded

OPTIONS = ("--listen", "--register", "--password-file", "--max-calls", "--idle-minutes",
           "--longest-minutes")


def test_the_help_documents_every_option(run_cli, capsys):
    result = run_cli("phone", "--help")
    shown = capsys.readouterr().out + result.stdout
    assert result.status == 0
    assert all(option in shown for option in OPTIONS)


@pytest.mark.parametrize("args", [["--listen", "nowhere"], ["--max-calls", "0"],
                                  ["--register", "alice@example.org"],
                                  ["--longest-minutes", "-1"]])
def test_wrong_options_are_refused_with_the_usage(run_cli, args):
    assert run_cli("phone", *args).status == 2


def test_a_registration_needs_a_password_file(run_cli):
    result = run_cli("phone", "--register", "sip:alice@example.org")
    assert result.status == 2 and "--password-file" in result.stderr


def test_no_other_command_loads_the_sip_line(tmp_path):
    loaded = modules_loaded(tmp_path, "check")
    assert "pjsua2" not in loaded and "voiceinfo.phone.line" not in loaded
