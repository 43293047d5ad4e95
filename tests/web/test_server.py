"""The app under gunicorn, started with the Procfile's own settings: it serves, every process
answers the same, audio is made safely by concurrent requests, and a short load brings no
5xx. (The one-minute load at 64 connections is `benchmarks/web_throughput.py`.)"""

from __future__ import annotations

import http.client
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from tests.support.webserver import procfile_command

pytestmark = pytest.mark.server

LOAD_SECONDS = 3
LOAD_CONNECTIONS = 16
MIX = ["/en/", "/ar/fatigue/", "/de/pain/2/", "/api/v1/es/tree", "/api/v1/fr/commands",
       "/static/style.css", "/en/nowhere/", "/", "/en/fatigue", "/api/v1/en/topics/nowhere"]


def get(base: str, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_procfile_runs_the_app_factory_on_port():
    command = procfile_command(4321)
    assert "voiceinfo.web:create_app()" in command
    assert command[command.index("--bind") + 1] == "127.0.0.1:4321"


def test_gunicorn_serves_pages_api_and_stylesheet(server):
    for path, kind in [("/en/", "text/html"), ("/api/v1/en/tree", "application/json"),
                       ("/static/style.css", "text/css")]:
        status, headers, body = get(server, path)
        assert status == 200 and headers["Content-Type"].startswith(kind) and body


def test_every_process_answers_alike(server):
    """Stateless: whichever worker answers, the page and its ETag are the same."""
    answers = {get(server, "/fr/walking/")[1]["ETag"] for _ in range(12)}
    assert len(answers) == 1


def test_concurrent_requests_for_new_audio_all_get_the_same_file(server):
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: get(server, "/audio/en/segments/bladder-1.opus"),
                                range(4)))
    assert {status for status, _, _ in answers} == {200}
    assert len({body for _, _, body in answers}) == 1
    assert answers[0][2].startswith(b"OggS")


def _hammer(base: str, until: float, offset: int) -> Counter:
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    statuses: Counter = Counter()
    index = offset
    while time.monotonic() < until:
        connection.request("GET", MIX[index % len(MIX)])
        response = connection.getresponse()
        response.read()
        statuses[response.status] += 1
        index += 1
    connection.close()
    return statuses


def test_a_short_load_brings_no_server_error(server):
    until = time.monotonic() + LOAD_SECONDS
    with ThreadPoolExecutor(LOAD_CONNECTIONS) as pool:
        results = list(pool.map(lambda n: _hammer(server, until, n), range(LOAD_CONNECTIONS)))
    statuses = sum(results, Counter())
    assert sum(statuses.values()) >= LOAD_CONNECTIONS
    assert not [status for status in statuses if status >= 500], statuses
    assert set(statuses) <= {200, 302, 308, 404}, statuses
