"""Measured energy: readers for nvidia-smi and CodeCarbon logs, and live sampling through NVML."""

from __future__ import annotations

from .codecarbon import read_codecarbon_csv
from .formats import FORMATS, LogFormat, log_format, measured_kinds
from .log import MeasuredRun, Place
from .nvidia_smi import read_nvidia_smi_csv

__all__ = ["FORMATS", "LogFormat", "MeasuredRun", "Place", "log_format", "measured_kinds", "read_codecarbon_csv",
           "read_nvidia_smi_csv"]
