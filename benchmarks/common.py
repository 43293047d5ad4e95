"""What every benchmark shares: one percentile, one table printer, one record of each run, and
(from `tests.support`, which the tests use too) one way to start the web server and one WAV
reader.

Each benchmark prints its figures as a Markdown table and also keeps them, with when, where and
how they were measured, in `benchmarks/results/<name>.json`, which docs/benchmarks.md cites:

    {"benchmark": name, "date": ISO 8601 in UTC, "seconds": the run's wall time,
     "commit": `git rev-parse HEAD`, "+dirty" after it when the tree had changes,
     "machine": {"cores", "load" (os.getloadavg() at the end), "load_at_start", "platform"},
     "command": the command line, "figures": {...}}

A script uses it as

    sys.path.insert(0, str(REPO))
    from benchmarks.common import percentile, print_table, record
    ...
    record("web_audio", {"languages": [dataclasses.asdict(row) for row in rows]})
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import math
import os
import platform
import shlex
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from tests.support.sound import read_wav
from tests.support.webserver import serve

__all__ = ["RESULTS", "commit", "machine", "percentile", "plain", "print_table", "read_wav",
           "record", "serve"]

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
# When this module was first imported: near enough to when the benchmark started.
_STARTED = time.monotonic()
_LOAD_AT_START = os.getloadavg()


def percentile(values: Iterable[float], q: float) -> float:
    """The `q`th percentile (0 to 100) of `values`, interpolated linearly between the two
    nearest ranks: numpy's default ("linear", Hyndman and Fan's type 7), which is also
    `statistics.quantiles(method="inclusive")` and a spreadsheet's PERCENTILE. It never lies
    outside the values: the 100th is the largest. NaN when there are none."""
    values = list(values)
    if not values:
        return math.nan
    return float(np.percentile(values, q))


def print_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A Markdown table on standard output, each row printed as soon as it is made (so a slow
    benchmark shows its progress when `rows` is a generator). Cells are printed with `str`:
    format numbers before."""
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header), flush=True)
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |", flush=True)


def record(name: str, figures: object, argv: Sequence[str] | None = None,
           folder: Path = RESULTS) -> Path:
    """Keeps one run's `figures` (plain data or dataclasses) in `folder`/`name`.json, with the
    date, the commit, the machine and the command (`argv`, by default this process's), and
    returns the file's path. A later run of the same benchmark replaces it."""
    data = {
        "benchmark": name,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "seconds": round(time.monotonic() - _STARTED, 1),
        "commit": commit(),
        "machine": machine(),
        "command": shlex.join(sys.argv if argv is None else argv),
        "figures": plain(figures),
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    # written whole, then put in place: a run stopped half-way leaves the last one intact
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False) + "\n",
                       encoding="utf-8")
    partial.replace(path)
    print(f"figures kept in {_shown(path)}", file=sys.stderr)
    return path


def commit() -> str:
    """The commit checked out, with "+dirty" when the working tree differs from it."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True,
                              check=True).stdout.strip()
    try:
        head = git("rev-parse", "HEAD")
        return head + ("+dirty" if git("status", "--porcelain", "--untracked-files=no") else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine() -> dict:
    """What the figures were measured on: the cores, and how busy they were (the load
    averages over 1, 5 and 15 minutes, at the start and at the end of the run)."""
    return {"cores": os.cpu_count(), "load": _rounded(os.getloadavg()),
            "load_at_start": _rounded(_LOAD_AT_START), "platform": platform.platform()}


def plain(value: object) -> object:
    """`value` as plain JSON data: dataclasses as dicts, tuples and sets as lists, numpy
    numbers as Python's, paths as strings, dict keys as strings, NaN and infinities as null."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(plain(item) for item in value)
    if isinstance(value, np.generic | np.ndarray):
        return plain(value.tolist())
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Path):
        return str(value)
    return value


def _rounded(load: Sequence[float]) -> list[float]:
    return [round(x, 2) for x in load]


def _shown(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)
