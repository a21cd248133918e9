"""On a machine with an NVIDIA GPU: compare `reportgen measure` with NVML's own energy counter.

Runs a short training workload (matrix multiplications in PyTorch, or a busy loop without it) under
``reportgen measure``, and prints the energy from the integrated samples next to the NVML cumulative
energy counter over the same window; the issue's target is agreement within 2%. Needs an NVIDIA driver,
``pip install 'reportgen[measure]'`` and, for a real load, PyTorch with CUDA.
Run: ``python benchmarks/gpu_check.py [SECONDS]``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from reportgen.errors import ReportgenError
from reportgen.measure.sampler import measure_command

WORKLOAD = """
import sys, time
seconds = float(sys.argv[1])
try:
    import torch
    a = torch.randn(8192, 8192, device="cuda", dtype=torch.bfloat16)
    end = time.time() + seconds
    while time.time() < end:
        for _ in range(20):
            a = torch.tanh(a @ a)
        torch.cuda.synchronize()
except ImportError:
    time.sleep(seconds)
"""


def main(seconds: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "run.csv"
        result = measure_command([sys.executable, "-c", WORKLOAD, str(seconds)], log, 0.1)
    run = result.run
    integrated = run.energy_kwh * 3.6e6
    print(f"{run.devices} GPU(s), {run.duration_s:.1f} s, {run.samples} samples: integrated {integrated:,.0f} J")
    if result.counter_energy_j:
        gap = integrated / result.counter_energy_j - 1
        print(f"NVML energy counter: {result.counter_energy_j:,.0f} J; difference {gap:+.2%} (target within 2%)")


if __name__ == "__main__":
    try:
        main(float(sys.argv[1]) if len(sys.argv) > 1 else 60)
    except ReportgenError as exc:  # no GPU, no driver, or NVML not installed: say so, without a traceback
        sys.exit(f"gpu_check: {exc}")
