"""Read power logs written by ``nvidia-smi --query-gpu=... --format=csv[,noheader][,nounits]``.

Any column order; one or many GPUs, told apart by ``index``, ``uuid``, ``pci.bus_id`` or a ``gpu`` column,
or, without any of these, by the rows that share a timestamp (one per GPU, in GPU order). Timestamps in
nvidia-smi's format, ISO 8601 (with ``Z`` or an offset) or epoch seconds; power in W, mW, kW or MW. Each
GPU's energy is the trapezoid integral of ``power.draw`` over time. Unusable samples are skipped and counted
in a warning; damaged lines are dropped with a warning that names them; a log that gives no energy is an
error that says why.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from .log import MeasuredRun
from .text import SKIPPED_LINE, read_log_text

log = logging.getLogger(__name__)

POWER_COLUMNS = ("power.draw", "power.draw.average", "power.draw.instant")
DEVICE_COLUMNS = ("index", "uuid", "pci.bus_id", "gpu")
LIMIT_COLUMNS = ("power.limit", "enforced.power.limit")
TIME_FORMATS = ("%Y/%m/%d %H:%M:%S.%f", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "ISO8601")
UNIT_FACTORS = {"W": 1.0, "w": 1.0, "mW": 1e-3, "mw": 1e-3, "kW": 1e3, "KW": 1e3, "kw": 1e3, "MW": 1e6, "": 1.0}
MAX_DEVICE_W = 5000.0  # no accelerator draws more; a larger value is a unit or a logging error
IDLE_SHARE_OF_LIMIT = 0.25
HOW_TO_LOG = "log with nvidia-smi --query-gpu=timestamp,index,power.draw --format=csv -lms 200"
_VALUE = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|[-+]?inf(?:inity)?|nan)\s*([mkMK]?[wW])?\s*$",
                    re.IGNORECASE)


def read_nvidia_smi_csv(path: Path) -> MeasuredRun:
    """Return the measured run of an nvidia-smi CSV log; raise InputError when it gives no energy."""
    return summarise(power_samples(path), path)


def power_samples(path: Path) -> pd.DataFrame:
    """Return the usable samples of a log: columns device, t (s since the epoch), power_w, limit_w."""
    text = read_log_text(path, "log file").text
    header, body = _split_header(path, text)
    names = [c.strip() for c in header.split(",")]
    columns = [_column_name(c) for c in names]
    time_col = _find(path, columns, ("timestamp",), "timestamp")
    power_col = _find(path, columns, POWER_COLUMNS, "power.draw")
    device_cols = [c for c in DEVICE_COLUMNS if c in columns]
    limit_col = next((c for c in LIMIT_COLUMNS if c in columns), None)
    table, damaged = _read_table(path, body, columns, [time_col, power_col, *device_cols, *filter(None, [limit_col])])
    unit = _header_unit(names[columns.index(power_col)])
    times = _parse_times(table[time_col])
    power = _parse_power(table[power_col], unit)
    limit = _parse_power(table[limit_col], _header_unit(names[columns.index(limit_col)])) if limit_col \
        else pd.Series(np.nan, index=table.index)
    _check_ceiling(path, text, table, power, power_col)
    device = _devices(path, table, device_cols, time_col)
    usable = times.notna() & power.notna() & (power >= 0)
    skipped = int((~usable).sum()) + damaged
    if skipped:
        log.warning("%s: skipped %d of %d samples that had no usable time or power value", path, skipped,
                    len(table) + damaged)
    frame = pd.DataFrame({"device": device[usable].to_numpy(), "t": times[usable].to_numpy(),
                          "power_w": power[usable].to_numpy(), "limit_w": limit[usable].to_numpy()})
    if len(frame) < 2:
        no_times = times.notna().sum() < 2 <= len(table)
        reason = "no usable timestamps" if no_times else "fewer than two usable power samples"
        raise InputError(path, Problem(f"the log has {reason}; {HOW_TO_LOG}", field=power_col))
    frame.attrs["skipped"] = skipped
    return _in_time_order(frame, path)


def _split_header(path: Path, text: str) -> tuple[str, str]:
    """Return the header line and the samples; refuse a log without a header (noheader) or without samples."""
    header, _, body = text.partition("\n")
    if not re.search(r"[A-Za-z]", header.replace("W", "").replace("w", "")):
        raise InputError(path, Problem(f"the log has no header line, so its columns are unknown and it has no "
                                       f"timestamps: {HOW_TO_LOG} (without 'noheader')", line=1))
    if not body.strip():
        raise InputError(path, Problem("the log has a header but no samples", line=1))
    return header, body


def _read_table(path: Path, body: str, columns: list[str], wanted: list[str]) -> tuple[pd.DataFrame, int]:
    """Return the wanted columns as text, and how many damaged lines (torn, or two run together) were dropped."""
    fields = len(columns) - 1
    damaged = 0
    body = body.rstrip("\r\n")
    last = body[body.rfind("\n") + 1:]
    if last.strip() and last.count(",") < fields:  # a last line cut off mid-write
        log.warning("%s: line %d is cut off (the logger stopped while writing it); it was dropped",
                    path, body.count("\n") + 2)
        body = body[:body.rfind("\n") + 1]
        damaged = 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            table = pd.read_csv(io.StringIO(body), header=None, names=columns, usecols=list(dict.fromkeys(wanted)),
                                dtype=str, skipinitialspace=True, na_filter=False, on_bad_lines="warn",
                                engine="c")
        except (ValueError, pd.errors.ParserError) as exc:
            raise InputError(path, f"cannot read the log as CSV ({type(exc).__name__})") from None
    bad = [int(n) + 1 for w in caught for n in SKIPPED_LINE.findall(str(w.message))]
    if bad:
        log.warning("%s: %d damaged line(s) with more values than the header has columns were dropped "
                    "(line %s)", path, len(bad), ", ".join(map(str, bad[:10])))
    return table, damaged + len(bad)


def _column_name(name: str) -> str:
    """Return a header name without its unit: ' power.draw [W]' -> 'power.draw'."""
    return re.sub(r"\s*\[.*?\]\s*$", "", name.strip()).lower()


def _header_unit(name: str) -> str:
    """Return the unit a header names for values written without one ('power.draw [mW]' -> 'mW')."""
    match = re.search(r"\[\s*([mkMK]?[wW])\s*\]", name)
    return match.group(1) if match else "W"


def _find(path: Path, columns: list[str], candidates: tuple[str, ...], what: str) -> str:
    """Return the first of ``candidates`` among the columns; raise InputError naming what is there."""
    for candidate in candidates:
        if candidate in columns:
            return candidate
    raise InputError(path, Problem(f"the log has no {what} column in its header; {HOW_TO_LOG}", line=1, field=what))


def _devices(path: Path, table: pd.DataFrame, device_cols: list[str], time_col: str) -> pd.Series:
    """Return each sample's GPU: by the column that tells most GPUs apart, else by rows sharing a timestamp."""
    counts = {c: table[c].nunique() for c in device_cols}  # leading spaces are gone (skipinitialspace)
    best = max(counts, key=lambda c: counts[c], default=None)
    if best is not None and counts[best] > 1:
        log.info("%s: %d GPU(s), told apart by the %s column", path, counts[best], best)
        return table[best]
    per_time = int(table.groupby(time_col, sort=False).size().max())
    if best is not None and per_time == 1:
        log.info("%s: %d GPU(s), told apart by the %s column", path, counts[best], best)
        return table[best].str.strip()
    device = table.groupby(time_col, sort=False).cumcount().astype(str)
    log.info("%s: %d GPU(s), told apart by the rows that share a timestamp (the log has no index column)",
             path, per_time)
    return device


def _parse_times(values: pd.Series) -> pd.Series:
    """Return timestamps as seconds since the epoch (UTC), NaN where a value is not a time."""
    text = values
    if pd.to_numeric(text.iloc[:100], errors="coerce").notna().mean() > 0.5:  # epoch seconds
        return pd.to_numeric(text, errors="coerce").astype(float)
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns, UTC]")
    for fmt in TIME_FORMATS:
        todo = parsed.isna()
        if not todo.any():
            break
        parsed[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce", utc=True)
    return (parsed - pd.Timestamp("1970-01-01", tz="UTC")).dt.total_seconds()


def _parse_power(values: pd.Series, unit: str = "W") -> pd.Series:
    """Return power in watts from values with or without units; NaN for [N/A], [Not Supported] and the like."""
    factor = UNIT_FACTORS.get(unit, 1.0)
    fast = pd.to_numeric(values.str.replace(" W", "", regex=False), errors="coerce")
    odd = fast.isna() & values.ne("")
    if factor != 1.0:  # values without a unit are in the header's; those that name one keep theirs
        fast = fast * factor
        odd |= values.str.endswith("W") | values.str.endswith("w")
    if odd.any():
        parts = values[odd].str.extract(_VALUE)
        units = parts[1].fillna("").map(lambda u: u if u in UNIT_FACTORS else u.lower())
        fast.loc[odd] = pd.to_numeric(parts[0], errors="coerce") * units.map(
            lambda u: UNIT_FACTORS.get(u, np.nan) if u else factor)
    return fast.astype(float)


def _check_ceiling(path: Path, text: str, table: pd.DataFrame, power: pd.Series, column: str) -> None:
    """Raise InputError, naming the line, for a power that is not finite or above a GPU's possible draw."""
    impossible = ~np.isfinite(power.fillna(0.0)) | (power > MAX_DEVICE_W)
    if not impossible.any():
        return
    row = int(np.flatnonzero(impossible.to_numpy())[0])
    raise InputError(path, Problem(f"the value is not a power one GPU can draw (at most {MAX_DEVICE_W:,.0f} W); "
                                   "check the unit", line=_line_of_row(text, row), field=column))


def _line_of_row(text: str, row: int) -> int | None:
    """Return the file line of the row-th sample (1-based; the header is line 1), skipping blank lines."""
    seen = -1
    for number, line in enumerate(text.split("\n"), start=1):
        if number > 1 and line.strip():
            seen += 1
            if seen == row:
                return number
    return None


def summarise(frame: pd.DataFrame, path: Path) -> MeasuredRun:
    """Return the measured run of a table of samples: energy per device, duration, interval, idle share."""
    energies, idle_s, total_s, intervals = [], 0.0, 0.0, []
    for device, samples in frame.groupby("device", sort=True):
        t = samples["t"].to_numpy()
        p = samples["power_w"].to_numpy()
        if len(t) < 2:
            log.warning("%s: GPU %s has a single usable sample and no energy; it was left out", path, device)
            continue
        dt = np.diff(t)
        energies.append(float(np.sum((p[1:] + p[:-1]) * 0.5 * dt)))
        intervals.append(float(np.median(dt)))
        threshold = _idle_threshold(samples)
        idle_s += float(np.sum(dt * (((p[1:] + p[:-1]) * 0.5) < threshold)))
        total_s += float(t[-1] - t[0])
    if not energies:
        raise InputError(path, f"no GPU in the log has two or more usable samples; {HOW_TO_LOG}")
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
