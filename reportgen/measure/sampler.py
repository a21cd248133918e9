"""Measure a command: sample every GPU's power through NVML while it runs, and write an nvidia-smi CSV log.

The log has the columns and formats of ``nvidia-smi --query-gpu=timestamp,name,index,power.draw,power.limit
--format=csv``, so the reader that takes nvidia-smi logs reads it back. NVML comes from the optional
dependency ``nvidia-ml-py`` (``pip install reportgen[measure]``).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..files import write_atomic
from .log import MeasuredRun
from .nvidia_smi import read_nvidia_smi_csv

HEADER = "timestamp, name, index, power.draw [W], power.limit [W]"


@dataclass(frozen=True)
class SampledCommand:
    """A measured command: its exit code, the run read back from the log, and NVML's own energy counter."""

    returncode: int
    run: MeasuredRun
    counter_energy_j: float | None


def load_nvml() -> Any:
    """Return the initialised NVML bindings; raise InputError where there is no NVIDIA driver or library."""
    try:
        import pynvml
    except ImportError:
        raise InputError(None, "NVML is not installed: pip install 'reportgen[measure]' (nvidia-ml-py)") from None
    try:
        pynvml.nvmlInit()
    except Exception as exc:  # pynvml raises NVMLError subclasses for a missing driver or library
        raise InputError(None, f"no NVIDIA driver could be reached through NVML ({exc}); "
                               "nothing was started") from None
    return pynvml


def measure_command(command: list[str], out: Path, interval_s: float = 0.2, nvml: Any = None) -> SampledCommand:
    """Run ``command`` while sampling every GPU's power; write the log to ``out`` and return the measurement."""
    if not command:
        raise InputError(None, "give the command to measure after --")
    if not 0.01 <= interval_s <= 60:
        raise InputError(None, f"--interval must be between 0.01 and 60 seconds, not {interval_s}")
    nvml = nvml or load_nvml()
    try:
        devices = _devices(nvml)
        if not devices:
            raise InputError(None, "NVML reports no GPU; nothing was started")
        counter_start = _counters(nvml, devices)
        sampler = _Sampler(nvml, devices, interval_s)
        sampler.start()
        try:
            returncode = subprocess.run(command, check=False).returncode
        except OSError as exc:
            raise InputError(None, f"cannot start {command[0]}: {exc.strerror or exc}") from None
        finally:
            sampler.stop()
        counter_end = _counters(nvml, devices)
    finally:
        nvml.nvmlShutdown()
    write_atomic(out, sampler.csv().encode("utf-8"))
    counter = None
    if counter_start is not None and counter_end is not None:
        counter = sum(e - s for s, e in zip(counter_start, counter_end, strict=True)) / 1000.0
    return SampledCommand(returncode=returncode, run=read_nvidia_smi_csv(out), counter_energy_j=counter)


def _devices(nvml: Any) -> list[tuple[int, Any, str]]:
    """Return (index, handle, name) for every GPU NVML sees."""
    out = []
    for index in range(nvml.nvmlDeviceGetCount()):
        handle = nvml.nvmlDeviceGetHandleByIndex(index)
        name = nvml.nvmlDeviceGetName(handle)
        out.append((index, handle, name.decode() if isinstance(name, bytes) else str(name)))
    return out


def _counters(nvml: Any, devices: list[tuple[int, Any, str]]) -> list[float] | None:
    """Return each GPU's cumulative energy counter in mJ, or None where a GPU has none (before Volta)."""
    try:
        return [float(nvml.nvmlDeviceGetTotalEnergyConsumption(handle)) for _, handle, _ in devices]
    except Exception:  # NVMLError_NotSupported on older GPUs
        return None


class _Sampler:
    """A background thread that reads every GPU's power every interval."""

    def __init__(self, nvml: Any, devices: list[tuple[int, Any, str]], interval_s: float) -> None:
        self.nvml, self.devices, self.interval_s = nvml, devices, interval_s
        self.rows: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="reportgen-nvml-sampler", daemon=True)

    def start(self) -> None:
        """Take a first sample now and keep sampling in the background."""
        self._sample()
        self._thread.start()

    def stop(self) -> None:
        """Stop sampling, with a last sample at the end of the command."""
        self._stop.set()
        self._thread.join()
        self._sample()

    def _run(self) -> None:
        next_at = time.monotonic() + self.interval_s
        while not self._stop.wait(max(0.0, next_at - time.monotonic())):
            self._sample()
            next_at += self.interval_s

    def _sample(self) -> None:
        now = dt.datetime.now(tz=dt.UTC).strftime("%Y/%m/%d %H:%M:%S.%f")[:-3]
        for index, handle, name in self.devices:
            try:
                power = self.nvml.nvmlDeviceGetPowerUsage(handle) / 1000.0
                limit = f"{self.nvml.nvmlDeviceGetEnforcedPowerLimit(handle) / 1000.0:.2f} W"
            except Exception:  # a GPU that cannot report power now: log it as nvidia-smi does
                power, limit = None, "[N/A]"
            value = f"{power:.2f} W" if power is not None else "[N/A]"
            self.rows.append(f"{now}, {name}, {index}, {value}, {limit}")

    def csv(self) -> str:
        """Return the log in nvidia-smi's CSV format."""
        return "\n".join([HEADER, *self.rows]) + "\n"
