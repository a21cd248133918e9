"""Read a 24-hour, 8-GPU nvidia-smi log sampled at 1 Hz (691,200 rows) and record time and peak memory.

The log is generated in nvidia-smi's CSV format (units in the values). The reading runs in a fresh process,
so the peak memory is the reader's own. Run: ``python benchmarks/measure.py [HOURS] [GPUS]``.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd


def generate(path: Path, hours: float, gpus: int, seed: int = 3) -> int:
    """Write a log of ``hours`` at 1 Hz for ``gpus`` GPUs; return the number of rows."""
    rng = np.random.default_rng(seed)
    seconds = int(hours * 3600)
    start = pd.Timestamp("2026-11-27 00:00:00")
    stamps = (start + pd.to_timedelta(np.arange(seconds), unit="s")).strftime("%Y/%m/%d %H:%M:%S.000")
    frames = []
    for gpu in range(gpus):
        power = np.clip(rng.normal(560, 40, seconds), 60, 700)
        frames.append(pd.DataFrame({"timestamp": stamps, "name": "NVIDIA H100 80GB HBM3", "index": gpu,
                                    "power": [f"{p:.2f} W" for p in power], "limit": "700.00 W"}))
    table = pd.concat(frames).sort_values(["timestamp", "index"], kind="stable")
    with path.open("w", encoding="utf-8") as handle:
        handle.write("timestamp, name, index, power.draw [W], power.limit [W]\n")
        table.to_csv(handle, header=False, index=False, sep=",", lineterminator="\n")
    return len(table)


def read_once(path: str) -> None:
    """Read the log in this process and print time, energy and peak memory as JSON."""
    from reportgen.measure import read_nvidia_smi_csv

    start, cpu_start = time.perf_counter(), time.process_time()
    run = read_nvidia_smi_csv(Path(path))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak, "samples": run.samples,
                      "devices": run.devices, "energy_kwh": run.energy_kwh}))


def pandas_once(path: str) -> None:
    """Read the same CSV with pandas alone (all columns as text, no parsing of times or power); print the time."""
    start, cpu_start = time.perf_counter(), time.process_time()
    pd.read_csv(path, dtype=str, skipinitialspace=True)
    print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu_start}))


def main(hours: float, gpus: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "log.csv"
        rows = generate(path, hours, gpus)
        size = path.stat().st_size / 1e6
        baseline = subprocess.run([sys.executable, "-c", "import resource, reportgen.measure; print("
                                   "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"],
                                  capture_output=True, text=True, check=True)
        done = subprocess.run([sys.executable, __file__, "--read", str(path)], capture_output=True, text=True,
                              check=True)
        alone = subprocess.run([sys.executable, __file__, "--pandas", str(path)], capture_output=True, text=True,
                               check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    floor = json.loads(alone.stdout.strip().splitlines()[-1])["seconds"]
    print(f"{rows:,} rows ({gpus} GPUs x {hours:g} h at 1 Hz, {size:.0f} MB): read in {result['seconds']:.2f} s "
          f"(target < 2 s), peak memory {result['peak_mb']:.0f} MB (target < 500 MB; "
          f"{float(baseline.stdout):.0f} MB after imports alone); {result['energy_kwh']:.1f} kWh; pandas alone "
          f"reading the same CSV as text: {floor:.2f} s, ratio {result['seconds'] / floor:.2f}x")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--read":
        read_once(sys.argv[2])
    elif len(sys.argv) > 2 and sys.argv[1] == "--pandas":
        pandas_once(sys.argv[2])
    else:
        main(float(sys.argv[1]) if len(sys.argv) > 1 else 24, int(sys.argv[2]) if len(sys.argv) > 2 else 8)
