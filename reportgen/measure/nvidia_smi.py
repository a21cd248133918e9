"""Read power logs written by ``nvidia-smi --query-gpu=... --format=csv[,noheader][,nounits]``.

Any column order; one or many GPUs, told apart by ``index``, ``uuid``, ``pci.bus_id`` or a ``gpu`` column,
or, only without any of these, by the rows that share a timestamp (one per GPU, in GPU order), where every
timestamp has as many rows. Timestamps in nvidia-smi's format, ISO 8601 (with ``Z`` or an offset) or epoch
numbers in s, ms, µs or ns (told by their size); power in W, mW, kW or MW. A line that repeats an earlier one
exactly counts once; a repeated header marks a restarted logger. Each GPU's energy is the trapezoid integral of
``power.draw`` over the segments of samples that belong together (segments.py). Unusable samples are skipped
and counted in a warning; damaged lines are dropped with a warning that names them; a log that gives no
energy is an error that says why.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from .log import MeasuredRun
from .segments import HOW_TO_LOG, energy_between, segmented, summarise
from .text import SKIPPED_LINE, read_log_text

__all__ = ["energy_between", "power_samples", "read_nvidia_smi_csv"]

log = logging.getLogger(__name__)

POWER_COLUMNS = ("power.draw", "power.draw.average", "power.draw.instant")
DEVICE_COLUMNS = ("index", "uuid", "pci.bus_id", "gpu")
LIMIT_COLUMNS = ("power.limit", "enforced.power.limit")
TIME_FORMATS = ("%Y/%m/%d %H:%M:%S.%f", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "ISO8601")
UNIT_FACTORS = {"W": 1.0, "w": 1.0, "mW": 1e-3, "mw": 1e-3, "kW": 1e3, "KW": 1e3, "kw": 1e3, "MW": 1e6, "": 1.0}
# Epoch numbers by size: seconds since 1970 stay below 1e11 until the year 5138; the same moments in ms, µs, ns.
EPOCH_UNITS = (("s", 1.0, 1e11), ("ms", 1e3, 1e14), ("µs", 1e6, 1e17), ("ns", 1e9, float("inf")))
MAX_DEVICE_W = 5000.0  # no accelerator draws more; a larger value is a unit or a logging error
_VALUE = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|[-+]?inf(?:inity)?|nan)\s*([mkMK]?[wW])?\s*$",
                    re.IGNORECASE)


def read_nvidia_smi_csv(path: Path) -> MeasuredRun:
    """Return the measured run of an nvidia-smi CSV log; raise InputError when it gives no energy."""
    return summarise(power_samples(path), path)


def power_samples(path: Path) -> pd.DataFrame:
    """Return the usable samples of a log, split into segments: columns device, segment, t (s since the epoch),
    power_w and limit_w."""
    frame, labels = _samples(path)  # the text and its table are freed before the segments are found
    return segmented(frame, labels, path)


def _samples(path: Path) -> tuple[pd.DataFrame, np.ndarray]:
    """Return the usable samples in file order (device as a number, t, power_w, limit_w, part) and the GPUs' names."""
    text = read_log_text(path, "log file").text
    header, body = _split_header(path, text)
    names = [c.strip() for c in header.split(",")]
    columns = [_column_name(c) for c in names]
    time_col = _find(path, columns, ("timestamp",), "timestamp")
    power_col = _find(path, columns, POWER_COLUMNS, "power.draw")
    device_cols = [c for c in DEVICE_COLUMNS if c in columns]
    limit_col = next((c for c in LIMIT_COLUMNS if c in columns), None)
    wanted = list(dict.fromkeys([time_col, power_col, *device_cols, *filter(None, [limit_col])]))
    table, damaged = _read_table(path, body, columns, wanted)
    # Each distinct text is parsed once: a log repeats its timestamps (one per GPU) and its readings.
    factorized = {c: pd.factorize(table[c]) for c in wanted}
    codes = pd.DataFrame({c: f[0] for c, f in factorized.items()}, index=table.index)

    def parsed(column: str, parse: Callable[[pd.Series], pd.Series]) -> pd.Series:
        values = parse(pd.Series(factorized[column][1])).to_numpy(float)
        return pd.Series(values[factorized[column][0]], index=table.index)

    all_power = parsed(power_col, lambda v: _parse_power(v, _header_unit(names[columns.index(power_col)])))
    _check_ceiling(path, text, table, all_power, power_col)
    restart = table[time_col].isin([time_col, names[columns.index(time_col)]])  # the header again: a restart
    part = restart.cumsum()
    rows = _without_copies(path, table[~restart], codes[~restart], bool(device_cols), time_col)
    times = parsed(time_col, lambda v: _parse_times(path, v))[rows.index]
    power = all_power[rows.index]
    limit = parsed(limit_col, lambda v: _parse_power(v, _header_unit(names[columns.index(limit_col)])))[
        rows.index] if limit_col else pd.Series(np.nan, index=rows.index)
    device, labels = devices(path, rows, {c: factorized[c][1] for c in device_cols}, codes.loc[rows.index],
                             time_col)
    valued = times.notna() & power.notna() & (power >= 0)
    usable = valued & (device >= 0)
    unusable = int((~valued).sum()) + damaged
    if unusable:
        log.warning("%s: skipped %d of %d samples that had no usable time or power value", path, unusable,
                    len(table) - int(restart.sum()) + damaged)
    skipped = int((~usable).sum()) + damaged + len(table) - int(restart.sum()) - len(rows)
    frame = pd.DataFrame({"device": device[usable].to_numpy(), "t": times[usable].to_numpy(),
                          "power_w": power[usable].to_numpy(), "limit_w": limit[usable].to_numpy(),
                          "part": part[rows.index][usable].to_numpy()})
    if len(frame) < 2:
        no_times = times.notna().sum() < 2 <= len(rows)
        reason = "no usable timestamps" if no_times else "fewer than two usable power samples"
        raise InputError(path, Problem(f"the log has {reason}; {HOW_TO_LOG}", field=power_col))
    frame.attrs["skipped"] = skipped
    return frame, labels


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
    # nvidia-smi's " W" after each power: cut once from the text, so that the values parse as numbers in C
    body = (body + "\n").replace(" W,", ",").replace(" W\n", "\n").replace(" W\r", "\r")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            # Bytes, not StringIO, which holds four bytes a character (4 GiB for a log at the 1 GiB limit).
            table = pd.read_csv(io.BytesIO(body.encode("utf-8")), header=None, names=columns,
                                usecols=list(dict.fromkeys(wanted)), dtype=str, skipinitialspace=True,
                                na_filter=False, on_bad_lines="warn", engine="c")
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


def devices(path: Path, rows: pd.DataFrame, names: dict[str, pd.Index], codes: pd.DataFrame, time_col: str
            ) -> tuple[pd.Series, np.ndarray]:
    """Return each sample's GPU as a number (-1 where a row cannot be placed) and the GPUs' names: by the column
    that tells most GPUs apart (``names`` holds each GPU column's distinct values, ``codes`` each row's);
    without one, by its place among the rows that share a timestamp, where each timestamp has as many rows."""
    counts = {c: codes[c].nunique() for c in names}
    best = max(counts, key=lambda c: counts[c], default=None)
    if best is not None:
        log.info("%s: %d GPU(s), told apart by the %s column", path, counts[best], best)
        return codes[best], np.asarray(names[best], dtype=object)
    block = rows[time_col].ne(rows[time_col].shift()).cumsum()
    per_block = block.map(block.value_counts())
    gpus = int(str(per_block.value_counts().idxmax())) if len(rows) else 1
    labels = np.array([str(g) for g in range(gpus)], dtype=object)
    if gpus == 1:
        return pd.Series(0, index=rows.index), labels
    log.info("%s: %d GPU(s), told apart by the rows that share a timestamp (the log has no index column)",
             path, gpus)
    device = rows.groupby(block, sort=False).cumcount()
    odd = per_block.ne(gpus)
    if odd.any():
        log.warning("%s: %d of %d timestamps have not one row for each of the log's %d GPUs, and without an index "
                    "column their rows cannot be told apart; they were left out", path,
                    int(block[odd].nunique()), int(block.nunique()), gpus)
    return device.where(~odd, -1), labels


def _without_copies(path: Path, rows: pd.DataFrame, key: pd.DataFrame, by_column: bool, time_col: str
                    ) -> pd.DataFrame:
    """Return the rows without copies of earlier rows: a line written twice in a row, or a stretch of lines
    written again (a log appended to itself). A lone line that happens to equal an earlier one (the clock set
    back an hour, the same reading) stays. Without a GPU column, two GPUs may log the same line, so only a
    row's n-th copy at its timestamp counts as a copy of an earlier n-th one. ``key`` holds each value's code."""
    if rows.empty:
        return rows
    if not by_column:
        block = rows[time_col].ne(rows[time_col].shift()).cumsum()
        key = key.assign(_nth=key.groupby([block, *[key[c] for c in key.columns]], sort=False).cumcount())
    sizes = [int(key[c].max()) + 2 for c in key.columns]
    if float(np.prod(sizes, dtype=float)) < 2.0 ** 62:  # one integer per row: hashed far faster than a row
        single = np.zeros(len(key), dtype=np.int64)
        for column, size in zip(key.columns, sizes, strict=True):
            single = single * size + key[column].to_numpy(np.int64) + 1
        seen = pd.Series(single).duplicated().to_numpy()
    else:
        seen = key.duplicated().to_numpy()
    again = np.zeros(len(key), dtype=bool)
    codes = key.to_numpy()
    again[1:] = (codes[1:] == codes[:-1]).all(axis=1)
    stretch = seen & (np.concatenate(([False], seen[:-1])) | np.concatenate((seen[1:], [False])))
    copies = again | stretch
    if copies.any():
        log.warning("%s: %d line(s) repeat an earlier line exactly (written twice, or the log appended to itself); "
                    "each counts once", path, int(copies.sum()))
    return rows[~copies]


def _parse_times(path: Path, values: pd.Series) -> pd.Series:
    """Return timestamps as seconds since the epoch (UTC), NaN where a value is not a time; epoch numbers are
    read in the unit their size shows (s, ms, µs or ns)."""
    if pd.to_numeric(values.iloc[:100], errors="coerce").notna().mean() > 0.5:
        numbers = pd.to_numeric(values, errors="coerce")
        size = float(numbers.abs().median())
        unit, divisor = next((u, d) for u, d, below in EPOCH_UNITS if size < below)
        if divisor != 1.0:
            log.info("%s: epoch timestamps in %s, as their size shows", path, unit)
        return (numbers / divisor).astype(float)
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]")
    for fmt in TIME_FORMATS:
        todo = parsed.isna()
        if not todo.any():
            break
        parsed[todo] = pd.to_datetime(values[todo], format=fmt, errors="coerce", utc=True)
    return (parsed - pd.Timestamp("1970-01-01", tz="UTC")).dt.total_seconds()


def _parse_power(values: pd.Series, unit: str = "W") -> pd.Series:
    """Return power in watts from values with or without units; NaN for [N/A], [Not Supported] and the like."""
    factor = UNIT_FACTORS.get(unit, 1.0)
    fast = pd.to_numeric(values, errors="coerce")
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
