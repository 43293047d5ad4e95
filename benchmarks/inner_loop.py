"""How long the inner test loop takes: `make test-fast`, wall time, run a few times (target:
under 30 s). The set-up step is done first, once, and not timed, as a developer has it.

    .venv/bin/python benchmarks/inner_loop.py [--runs 3]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.common import record  # noqa: E402

TARGET_SECONDS = 30


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    subprocess.run(["make", "-s", "setup"], cwd=REPO, check=True, capture_output=True)
    seconds, summary = [], ""
    for _ in range(args.runs):
        started = time.perf_counter()
        done = subprocess.run(["make", "-s", "test-fast"], cwd=REPO, capture_output=True,
                              text=True)
        seconds.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(f"make test-fast failed:\n{done.stdout[-2000:]}")
        summary = re.findall(r"^=*\s*(\d+ passed.*?)\s*=*$", done.stdout, re.MULTILINE)[-1]
    print(f"make test-fast: {summary}")
    print(f"wall seconds over {args.runs} runs: median {statistics.median(seconds):.1f}, "
          f"slowest {max(seconds):.1f} (target under {TARGET_SECONDS})")
    record("inner_loop", {"summary": summary, "run_seconds": [round(s, 1) for s in seconds],
                          "median_seconds": round(statistics.median(seconds), 1),
                          "target_seconds": TARGET_SECONDS})


if __name__ == "__main__":
    main()
