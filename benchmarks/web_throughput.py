"""Requests a second and p99 latency of a topic page under gunicorn with the Procfile's settings,
beside a bare Flask "hello world" on the same settings in the same run; the ratio is the figure
(target: at least 0.8); and the navigate endpoint, which the navigator answers afresh every time
(a query string is never answered from memory). Each app gets the same load from wrk: 64 connections for a minute by
default, in rounds that alternate between the two apps so that whatever else the machine is doing
weighs on both alike. Any response that is not 2xx or 3xx, and any socket error, is counted.

    .venv/bin/python benchmarks/web_throughput.py [--seconds 60] [--rounds 3] [--connections 64]
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.common import print_table, record, serve  # noqa: E402
from tests.support.webserver import procfile_command  # noqa: E402

TOPIC_PAGE = "/en/fatigue/"
#: A step at a topic's end, the navigate endpoint's longest path through the navigator.
NAVIGATE = "/api/v1/en/navigate?at=fatigue/3&command=next"


@dataclass
class Load:
    app: str
    url: str
    requests_a_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    failed: int


def milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(url: str, seconds: int, connections: int) -> tuple[float, float, float, int, int]:
    command = ["wrk", "--latency", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = milliseconds(re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE).group(1))
    p99 = milliseconds(re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       output)
    failed = (int(bad.group(1)) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0)
    return rate, p50, p99, requests, failed


def measure(targets: dict[str, str], args: argparse.Namespace) -> dict[str, Load]:
    """Alternating rounds; the throughput over all rounds, and the worst round's latencies."""
    rounds: dict[str, list] = {name: [] for name in targets}
    for url in targets.values():
        run_wrk(url, 2, args.connections)  # warm up: every worker renders and keeps the page
    for _ in range(args.rounds):
        for name, url in targets.items():
            rounds[name].append(run_wrk(url, args.seconds // args.rounds, args.connections))
    loads = {}
    for name, results in rounds.items():
        requests = sum(r[3] for r in results)
        seconds = sum(r[3] / r[0] for r in results)
        address = urlsplit(targets[name])
        path = f"{address.path}?{address.query}" if address.query else address.path
        loads[name] = Load(name, path, requests / seconds,
                           max(r[1] for r in results), max(r[2] for r in results), requests,
                           sum(r[4] for r in results))
    return loads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: run scripts/install-system-deps")
    print(f"gunicorn as in the Procfile: {shlex.join(procfile_command(0)[3:])}")
    print(f"wrk: {args.connections} connections, {args.seconds} s for each app in "
          f"{args.rounds} alternating rounds, on {os.cpu_count()} cores", flush=True)
    with ExitStack() as servers:
        hello_url = servers.enter_context(serve("benchmarks.web_hello:create_app()", ready="/"))
        topic_url = servers.enter_context(serve(ready=TOPIC_PAGE))
        loads = measure({"hello world": hello_url + "/", "topic page": topic_url + TOPIC_PAGE,
                         "navigate": topic_url + NAVIGATE}, args)
    hello, topic, navigate = loads["hello world"], loads["topic page"], loads["navigate"]
    print_table(["app", "URL", "requests/s", "p50 ms (worst round)", "p99 ms (worst round)",
                 "requests", "not 2xx/3xx or errors"],
                ([load.app, load.url, f"{load.requests_a_second:.0f}", f"{load.p50_ms:.1f}",
                  f"{load.p99_ms:.1f}", load.requests, load.failed]
                 for load in (hello, topic, navigate)))
    ratio = topic.requests_a_second / hello.requests_a_second
    print(f"topic page / hello world throughput: {ratio:.2f} (target at least 0.80)")
    record("web_throughput", {"loads": [hello, topic, navigate], "ratio": round(ratio, 3),
                              "target_ratio": 0.8})


if __name__ == "__main__":
    main()
