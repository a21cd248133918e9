"""The log formats a scenario's energy can be measured from: one registry, ``FORMATS``.

Each entry carries what the layers above ask of a format: the scenario file's key that names a log of it,
the reader, whether its power is a measurement, whether the log says where it ran, and the brief's messages.
A new format is one reader module, its entry here, its catalog messages and a test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..choices import N_, Message
from ..errors import InputError
from .codecarbon import read_codecarbon_csv
from .log import MeasuredRun
from .nvidia_smi import read_nvidia_smi_csv


@dataclass(frozen=True)
class LogFormat:
    """One kind of energy log: how it is named, read and described.

    ``power_label`` names where the power per device comes from (placeholders %(watts)s, %(share)s).
    ``method`` is the method section's sentence; its plural is chosen by the number of devices (one or more). Its
    placeholders: %(name)s, %(samples)s, %(interval)s, %(minutes)s, %(devices)s, %(kwh)s, %(idle)s,
    %(runs)s and %(places)s.
    """

    kind: str  # the scenario's power basis and MeasuredRun.kind
    schema_key: str  # the key under a scenario's 'measurement' that gives a log of this format
    read: Callable[[Path], MeasuredRun]
    power_label: str
    method: Message
    names_places: bool = False  # the log says where it ran: the scenario needs no location
    is_measured: bool = True  # its power is a measurement, not an estimate


FORMATS: dict[str, LogFormat] = {f.kind: f for f in (
    LogFormat(
        "nvidia-smi", "nvidia_smi_csv", read_nvidia_smi_csv,
        power_label=N_("%(watts)s W each, measured with nvidia-smi"),
        # Two sentences rather than a gettext plural: the one for a single GPU says "one", not "1".
        method=Message(N_("%(name)s: an nvidia-smi log of %(samples)s power samples, one every %(interval)s s "
                          "over %(minutes)s minutes, on one GPU. The energy of one run, %(kwh)s kWh, is the "
                          "integral of the logged power over time (trapezoid rule); the GPU was near idle %(idle)s "
                          "of the time."),
                       N_("%(name)s: an nvidia-smi log of %(samples)s power samples, one every %(interval)s s "
                          "over %(minutes)s minutes, on %(devices)s GPUs. The energy of one run, %(kwh)s kWh, is "
                          "the integral of the logged power over time (trapezoid rule); the GPUs were near idle "
                          "%(idle)s of the time."))),
    LogFormat(
        "codecarbon", "codecarbon_csv", read_codecarbon_csv,
        power_label=N_("measured with CodeCarbon"),
        method=Message(N_("%(name)s: a CodeCarbon log of %(runs)s run(s) covering %(minutes)s minutes in all, on "
                          "%(devices)s device(s), in %(places)s place(s), each charged at its own grid. Its energy, "
                          "%(kwh)s kWh, is CodeCarbon's measured or estimated energy of the processors, GPUs and "
                          "memory; the processors and memory count as the host, beside the GPUs.")),
        names_places=True),
)}


def log_format(kind: str) -> LogFormat:
    """Return the registered format of ``kind``; an unknown kind is refused."""
    try:
        return FORMATS[kind]
    except KeyError:
        raise InputError(None, f"unknown log format {kind!r}: known are {', '.join(sorted(FORMATS))}") from None


def measured_kinds() -> frozenset[str]:
    """Return the kinds of log whose power is a measurement."""
    return frozenset(f.kind for f in FORMATS.values() if f.is_measured)
