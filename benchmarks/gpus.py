"""Read nvidia-smi logs of 10^4 to 10^6 GPUs with two samples each, and compare with pandas reading the same file.

Each log holds, per GPU, two samples two seconds apart (an index column tells the GPUs apart), so the time goes
into telling GPUs apart and integrating each one, not into the number of samples. The reading and pandas' own
read of the same CSV (all columns as text) run in fresh processes, one after the other, so their ratio holds on
a loaded machine too. On a shared machine other jobs inflate wall time, so each read also records CPU time:
the read's own (``time.process_time`` around it) and the whole fresh process's (start-up and imports too: the
delta of ``RUSAGE_CHILDREN`` around it), with the load average before and after. Run: ``python benchmarks/gpus.py [GPUS ...]`` (default 10000 100000 1000000).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

MEASURE = Path(__file__).with_name("measure.py")  # its --read and --pandas modes time one read in a fresh process


def generate(path: Path, gpus: int) -> None:
    """Write a log of ``gpus`` GPUs, each sampled at 07:00:00 and 07:00:02 at a steady 100 to 106 W."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write("timestamp, index, power.draw [W]\n")
        for second in (0, 2):
            handle.write("".join(f"2026/11/27 07:00:0{second}.000, {g}, {100 + g % 7}.00 W\n" for g in range(gpus)))


def cpu_seconds() -> float:
    """Return the user + system CPU time of this process's finished (waited-for) children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(mode: str, path: Path) -> dict[str, float]:
    """Return what measure.py prints for one read of ``path`` in a fresh process, with the process's CPU time
    (process_cpu) and the load average before and after."""
    load, cpu = os.getloadavg()[0], cpu_seconds()
    done = subprocess.run([sys.executable, str(MEASURE), mode, str(path)], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    result.update(process_cpu=cpu_seconds() - cpu, load_before=load, load_after=os.getloadavg()[0])
    return result


def main(counts: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for gpus in counts:
            path = Path(tmp) / f"gpus-{gpus}.csv"
            generate(path, gpus)
            size = path.stat().st_size / 1e6
            read = timed("--read", path)
            alone = timed("--pandas", path)
            expected_kwh = 2 * sum(100 + g % 7 for g in range(gpus)) / 3.6e6
            assert read["devices"] == gpus and abs(read["energy_kwh"] - expected_kwh) < 1e-9 * expected_kwh
            print(f"{gpus:,} GPUs x 2 samples ({size:.0f} MB): read in {read['seconds']:.2f} s wall, "
                  f"{read['cpu']:.2f} s CPU (target < 20 s for 10^6; the whole process {read['process_cpu']:.2f} s "
                  f"CPU), peak memory {read['peak_mb']:.0f} MB; pandas alone reading the same CSV as text: "
                  f"{alone['seconds']:.2f} s wall, {alone['cpu']:.2f} s CPU; ratio {read['seconds'] / alone['seconds']:.1f}x "
                  f"wall, {read['cpu'] / alone['cpu']:.1f}x CPU; load average {read['load_before']:.1f} -> "
                  f"{alone['load_after']:.1f}; energy right", flush=True)
            path.unlink()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
