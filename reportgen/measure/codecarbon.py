"""Read a CodeCarbon ``emissions.csv``: energy (kWh), duration (s), CPU/GPU/RAM energy, country and region.

CodeCarbon appends one row per tracked run. Rows of the same ``run_id`` are successive flushes of one run
(cumulative), so the last one counts; different runs add up.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem
from .log import MeasuredRun

log = logging.getLogger(__name__)

REQUIRED = ("duration", "energy_consumed")


def read_codecarbon_csv(path: Path) -> MeasuredRun:
    """Return the measured run of a CodeCarbon emissions.csv; raise InputError when it gives no energy."""
    frame = _read(path)
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InputError(path, Problem(f"not a CodeCarbon emissions.csv: no {', '.join(missing)} column "
                                       f"(it has: {', '.join(frame.columns)})", line=1, field=missing[0]))
    for column in ("duration", "energy_consumed", "cpu_energy", "gpu_energy", "ram_energy", "gpu_count", "pue"):
        if column in frame.columns:
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
    bad = frame["duration"].isna() | frame["energy_consumed"].isna() | (frame["duration"] < 0) | \
        (frame["energy_consumed"] < 0)
    if bad.all():
        raise InputError(path, Problem("no row has a usable duration and energy_consumed", field="energy_consumed"))
    if bad.any():
        log.warning("%s: skipped %d of %d rows without a usable duration or energy_consumed", path,
                    int(bad.sum()), len(frame))
    frame = frame[~bad]
    if "run_id" in frame.columns:
        frame = frame.groupby("run_id", sort=False).tail(1)
    energy = float(frame["energy_consumed"].sum())
    if "pue" in frame.columns and frame["pue"].fillna(1.0).gt(1.0).any():
        # CodeCarbon can scale energy by a PUE; undo it, since the scenario applies its own.
        energy = float((frame["energy_consumed"] / frame["pue"].fillna(1.0).clip(lower=1.0)).sum())
        log.warning("%s: energy_consumed includes a PUE; it was divided out, the scenario's PUE applies", path)
    devices = int(frame["gpu_count"].max()) if "gpu_count" in frame.columns and frame["gpu_count"].max() > 0 else 1
    return MeasuredRun(
        kind="codecarbon", path=str(path), devices=devices, duration_s=float(frame["duration"].sum()),
        energy_kwh=energy, samples=len(frame), skipped=int(bad.sum()),
        country=_text(frame, "country_iso_code"), region=_text(frame, "region"), method="codecarbon",
        per_device_kwh=tuple(float(frame[c].sum()) for c in ("cpu_energy", "gpu_energy", "ram_energy")
                             if c in frame.columns),
    )


def _read(path: Path) -> pd.DataFrame:
    """Return the CSV as text columns; raise InputError for a missing, empty or unreadable file."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise InputError(path, "no such CodeCarbon file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a CodeCarbon file") from None
    except pd.errors.EmptyDataError:
        raise InputError(path, "the file is empty") from None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, ValueError) as exc:
        raise InputError(path, f"cannot read the file as CSV: {exc}") from None
    if frame.empty:
        raise InputError(path, Problem("the file has a header but no rows", line=1))
    frame.columns = [c.strip() for c in frame.columns]
    return frame


def _text(frame: pd.DataFrame, column: str) -> str | None:
    """Return the last non-empty value of a text column, if any."""
    if column not in frame.columns:
        return None
    values = [v.strip() for v in frame[column] if isinstance(v, str) and v.strip()]
    return values[-1] if values else None
