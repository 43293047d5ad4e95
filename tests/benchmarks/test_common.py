"""The benchmarks' shared helper (`benchmarks/common.py`): its one percentile, and the record
each run leaves behind."""

from __future__ import annotations

import dataclasses
import json
import math
import statistics

import numpy as np
import pytest

from benchmarks.common import percentile, plain, print_table, record

TEN = [15, 20, 35, 40, 50, 60, 70, 80, 90, 100]


@pytest.mark.parametrize("values, q, expected", [
    (TEN, 0, 15), (TEN, 100, 100), (TEN, 50, 55), (TEN, 25, 36.25), (TEN, 95, 95.5),
    (TEN, 90, 91), ([3, 1, 2], 50, 2), ([7], 95, 7), ([1, 2], 95, 1.95),
])
def test_percentile_interpolates_between_the_nearest_ranks(values, q, expected):
    assert percentile(values, q) == pytest.approx(expected)


def test_percentile_is_the_inclusive_quantile_and_never_beyond_the_values():
    values = [float(v) for v in np.random.default_rng(1).exponential(100, 41)]
    fifths = statistics.quantiles(values, n=20, method="inclusive")
    assert [percentile(values, 5 * i) for i in range(1, 20)] == pytest.approx(fifths)
    assert min(values) <= percentile(values, 99) <= max(values)


def test_percentile_of_nothing_is_nan():
    assert math.isnan(percentile([], 95))


def test_print_table_is_markdown(capsys):
    print_table(["voice", "ms"], ([voice, f"{ms:.1f}"] for voice, ms in [("slt", 31.25)]))
    assert capsys.readouterr().out.splitlines() == ["| voice | ms |", "|---|---|",
                                                   "| slt | 31.2 |"]


@dataclasses.dataclass
class Row:
    name: str
    p95_ms: float


def test_record_keeps_figures_with_date_commit_machine_and_command(tmp_path):
    path = record("example", {"rows": [Row("slt", 31.5)], "ratio": np.float64(0.8),
                              "missing": math.nan, "voices": ("slt", "awb")},
                  ["benchmarks/example.py", "--quick"], folder=tmp_path)
    assert path == tmp_path / "example.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"benchmark", "date", "seconds", "commit", "machine", "command",
                         "figures"}
    assert data["benchmark"] == "example"
    assert data["date"].endswith("+00:00")
    assert len(data["commit"].removesuffix("+dirty")) == 40
    assert data["machine"]["cores"] >= 1 and len(data["machine"]["load"]) == 3
    assert data["command"] == "benchmarks/example.py --quick"
    assert data["figures"] == {"rows": [{"name": "slt", "p95_ms": 31.5}], "ratio": 0.8,
                               "missing": None, "voices": ["slt", "awb"]}
    assert list(tmp_path.iterdir()) == [path]


def test_plain_turns_numpy_and_sets_into_json():
    assert plain({1: {np.int64(2), np.int64(1)}, "a": np.array([0.5, 1.5])}) == {
        "1": [1, 2], "a": [0.5, 1.5]}
