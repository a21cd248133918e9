"""Time how soon the command line answers, against a bare Python start and against importing click alone.

Each command runs in a fresh process, as a user types it; the medians of REPEATS runs are compared in one run,
so the ratios hold on any machine. Target: ``--help`` and a usage error within ten times a bare start.
Run: ``python benchmarks/cli_start.py [REPEATS]``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = {
    "bare Python": [sys.executable, "-c", "pass"],
    "import click": [sys.executable, "-c", "import click"],
    "reportgen --help": [sys.executable, "-m", "reportgen", "--help"],
    "usage error": [sys.executable, "-m", "reportgen", "brief"],
    "calc, small file": [sys.executable, "-m", "reportgen", "calc", str(ROOT / "examples" / "finetune-be-university.yaml")],
    "import pandas": [sys.executable, "-c", "import pandas"],
}


def median_seconds(command: list[str], repeats: int) -> float:
    """Return the median wall time of running ``command`` ``repeats`` times."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(repeats: int) -> None:
    """Print each command's median time and its ratio to a bare Python start."""
    times = {name: median_seconds(command, repeats) for name, command in COMMANDS.items()}
    bare = times["bare Python"]
    for name, seconds in times.items():
        print(f"{name:18} {seconds * 1000:8.1f} ms  {seconds / bare:6.1f} x bare")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
