"""Read power logs written by ``nvidia-smi --query-gpu=... --format=csv[,nounits]``.

Any column order; one or many GPUs; values with or without units. Each GPU's energy is the trapezoid
integral of ``power.draw`` over time. Samples that cannot be used ([N/A], [Not Supported], unknown units,
a truncated last line) are skipped and counted in a warning; a log that cannot give an energy is an error.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from .log import MeasuredRun

log = logging.getLogger(__name__)

POWER_COLUMNS = ("power.draw", "power.draw.average", "power.draw.instant")
DEVICE_COLUMNS = ("index", "uuid", "pci.bus_id")
TIME_FORMATS = ("%Y/%m/%d %H:%M:%S.%f", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S.%f")
UNIT_FACTORS = {"w": 1.0, "mw": 1e-3, "kw": 1e3, "": 1.0}
IDLE_SHARE_OF_LIMIT = 0.25
_VALUE = re.compile(r"^\s*([-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)\s*([mkMK]?[wW])?\s*$")


def read_nvidia_smi_csv(path: Path) -> MeasuredRun:
    """Return the measured run of an nvidia-smi CSV log; raise InputError when it gives no energy."""
    frame = power_samples(path)
    return summarise(frame, path)


def power_samples(path: Path) -> pd.DataFrame:
    """Return the usable samples of a log: columns device, t (s since the epoch), power_w, limit_w."""
    raw = _read_bytes(path)
    header, body_start, raw, truncated = _split_header(path, raw)
    columns = [_column_name(c) for c in header.split(",")]
    time_col = _find(path, columns, ("timestamp",), "timestamp")
    power_col = _find(path, columns, POWER_COLUMNS, "power.draw")
    device_col = next((c for c in DEVICE_COLUMNS if c in columns), None)
    limit_col = next((c for c in ("power.limit", "enforced.power.limit") if c in columns), None)
    wanted = [c for c in (time_col, power_col, device_col, limit_col) if c]
    handle = io.BytesIO(raw)  # shares the bytes: the log is held in memory once
    handle.seek(body_start)
    try:
        table = pd.read_csv(handle, header=None, names=columns, usecols=wanted, dtype=str, encoding="utf-8",
                          encoding_errors="replace", skipinitialspace=True, na_filter=False, on_bad_lines="skip",
                          engine="c")
    except (ValueError, pd.errors.ParserError) as exc:
        raise InputError(path, f"cannot read the log as CSV: {exc}") from None
    times = _parse_times(table[time_col])
    power = _parse_power(table[power_col])
    limit = _parse_power(table[limit_col]) if limit_col else pd.Series(np.nan, index=table.index)
    device = table[device_col].str.strip() if device_col else pd.Series("0", index=table.index)
    usable = times.notna() & power.notna() & (power >= 0)
    skipped = int((~usable).sum()) + truncated
    if skipped:
        log.warning("%s: skipped %d of %d samples that had no usable time or power value", path, skipped,
                    len(table) + truncated)
    frame = pd.DataFrame({"device": device[usable].to_numpy(), "t": times[usable].to_numpy(),
                          "power_w": power[usable].to_numpy(), "limit_w": limit[usable].to_numpy()})
    if len(frame) < 2:
        raise InputError(path, Problem("the log has fewer than two usable power samples", field=power_col))
    frame.attrs["skipped"] = skipped
    return _in_time_order(frame, path)


def summarise(frame: pd.DataFrame, path: Path) -> MeasuredRun:
    """Return the measured run of a table of samples: energy per device, duration, interval, idle share."""
    energies, idle_s, total_s, intervals = [], 0.0, 0.0, []
    for _, samples in frame.groupby("device", sort=True):
        t = samples["t"].to_numpy()
        p = samples["power_w"].to_numpy()
        if len(t) < 2:
            continue
        dt = np.diff(t)
        energies.append(float(np.sum((p[1:] + p[:-1]) * 0.5 * dt)))
        intervals.append(float(np.median(dt)))
        threshold = _idle_threshold(samples)
        idle_s += float(np.sum(dt * (((p[1:] + p[:-1]) * 0.5) < threshold)))
        total_s += float(t[-1] - t[0])
    if not energies:
        raise InputError(path, "no GPU in the log has two or more usable samples")
    duration = float(frame["t"].max() - frame["t"].min())
    return MeasuredRun(
        kind="nvidia-smi", path=str(path), devices=len(energies), duration_s=duration,
        energy_kwh=sum(energies) / 3.6e6, samples=len(frame), interval_s=float(np.median(intervals)),
        idle_share=idle_s / total_s if total_s > 0 else None, skipped=int(frame.attrs.get("skipped", 0)),
        per_device_kwh=tuple(e / 3.6e6 for e in energies),
    )


def energy_between(frame: pd.DataFrame, start: float, end: float) -> float:
    """Return the energy in joules of all devices between two times (s since the epoch), interpolating the edges."""
    total = 0.0
    for _, samples in frame.groupby("device", sort=True):
        t = samples["t"].to_numpy()
        p = samples["power_w"].to_numpy()
        inside = (t > start) & (t < end)
        grid = np.concatenate(([start], t[inside], [end]))
        values = np.interp(grid, t, p)
        total += float(np.sum((values[1:] + values[:-1]) * 0.5 * np.diff(grid)))
    return total


def _read_bytes(path: Path) -> bytes:
    """Return the log's bytes; raise InputError for a missing, empty or binary file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such log file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a log file") from None
    except OSError as exc:
        raise InputError(path, f"cannot read the log: {exc.strerror or exc}") from None
    if not raw.strip():
        raise InputError(path, "the log is empty")
    if b"\x00" in raw[:65536]:
        raise InputError(path, "this is a binary file, not an nvidia-smi CSV log")
    return raw


def _split_header(path: Path, raw: bytes) -> tuple[str, int, bytes, int]:
    """Return the header, where the samples start, the bytes (without an incomplete last line), and 1 if one was cut."""
    end = raw.find(b"\n")
    header = raw[: end if end >= 0 else len(raw)].decode("utf-8", errors="replace").lstrip("\ufeff")
    if end < 0 or not raw[end + 1:].strip():
        raise InputError(path, Problem("the log has a header but no samples", line=1))
    truncated = 0
    if not raw.endswith(b"\n"):
        last_start = raw.rfind(b"\n") + 1
        if raw[last_start:].count(b",") < header.count(","):  # a line cut off while it was being written
            raw = raw[:last_start]
            truncated = 1
    return header, end + 1, raw, truncated


def _column_name(name: str) -> str:
    """Return a header name without its unit: ' power.draw [W]' -> 'power.draw'."""
    return re.sub(r"\s*\[.*?\]\s*$", "", name.strip()).lower()


def _find(path: Path, columns: list[str], candidates: tuple[str, ...], what: str) -> str:
    """Return the first of ``candidates`` among the columns; raise InputError naming what is there."""
    for candidate in candidates:
        if candidate in columns:
            return candidate
    raise InputError(path, Problem(f"the log has no {what} column (it has: {', '.join(columns)}); log with "
                                   f"nvidia-smi --query-gpu=timestamp,index,power.draw --format=csv",
                                   line=1, field=what))


def _parse_times(values: pd.Series) -> pd.Series:
    """Return timestamps as seconds since the epoch (UTC), NaN where a value is not a time."""
    text = values.str.strip()
    for fmt in TIME_FORMATS:
        parsed = pd.to_datetime(text, format=fmt, errors="coerce", utc=True)
        if parsed.notna().mean() > 0.5:
            break
    seconds = (parsed - pd.Timestamp("1970-01-01", tz="UTC")).dt.total_seconds()
    return seconds


def _parse_power(values: pd.Series) -> pd.Series:
    """Return power in watts from values with or without units; NaN for [N/A], [Not Supported] and the like."""
    fast = pd.to_numeric(values.str.replace(" W", "", regex=False).str.strip(), errors="coerce")
    odd = fast.isna() & values.str.strip().ne("")
    if odd.any():
        parts = values[odd].str.extract(_VALUE)
        factor = parts[1].fillna("").str.lower().map(UNIT_FACTORS)
        fast.loc[odd] = pd.to_numeric(parts[0], errors="coerce") * factor
    return fast.astype(float)


def _in_time_order(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Return the samples sorted by device and time, warning when the log was out of order."""
    backwards = frame.groupby("device", sort=False)["t"].diff().lt(0).sum()
    if backwards:
        log.warning("%s: %d samples were out of time order; they were sorted by time", path, int(backwards))
    ordered = frame.sort_values(["device", "t"], kind="stable").reset_index(drop=True)
    ordered.attrs = frame.attrs
    return ordered


def _idle_threshold(samples: pd.DataFrame) -> float:
    """Return the power under which a GPU counts as near idle: a quarter of its limit, or of its peak."""
    limit = samples["limit_w"].dropna()
    reference = float(limit.median()) if len(limit) else float(samples["power_w"].max())
    return IDLE_SHARE_OF_LIMIT * reference
