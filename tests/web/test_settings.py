"""The web front end's `VOICEINFO_WEB_*` settings, which reach Flask through the injected
`Environment` (its one reader of the process environment), read as Flask reads its own."""

from __future__ import annotations

import pytest

from voiceinfo.environment import Environment
from voiceinfo.web import create_app


@pytest.mark.parametrize("variable, value, setting, expected", [
    ("VOICEINFO_WEB_AUDIO", "false", "AUDIO", False),
    ("VOICEINFO_WEB_QUESTIONS", "false", "QUESTIONS", False),
    ("VOICEINFO_WEB_AUDIO_RATE", "200", "AUDIO_RATE", 200),
    ("VOICEINFO_WEB_SERVER_NAME", "guide.example", "SERVER_NAME", "guide.example"),
])
def test_each_variable_is_a_setting(monkeypatch, variable, value, setting, expected):
    monkeypatch.setenv(variable, value)
    assert Environment().web_settings()[setting] == expected


@pytest.mark.parametrize("variable, url, status, absent", [
    ("VOICEINFO_WEB_AUDIO", "/en/fatigue/", 200, "<audio"),
    ("VOICEINFO_WEB_QUESTIONS", "/en/ask/?q=warfarin", 404, None),
])
def test_the_settings_reach_the_app(monkeypatch, tmp_path, guide, variable, url, status,
                                    absent):
    monkeypatch.setenv(variable, "false")
    client = create_app({"TESTING": True, "GUIDE": guide,
                         "AUDIO_DIR": str(tmp_path / "audio")}).test_client()
    response = client.get(url)
    assert response.status_code == status
    if absent:
        assert absent not in response.get_data(as_text=True)
