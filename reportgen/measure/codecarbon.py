"""Read a CodeCarbon ``emissions.csv`` of any version since 2020, or an export of the CodeCarbon API.

Each run counts once: rows of one ``run_id`` are either successive flushes of that run (cumulative: the
duration grows from row to row, the last row counts) or the energy of successive intervals (an API export:
they add up). Rows without a ``run_id`` are runs of their own. Each run keeps where it ran (its cloud region,
or its country), so that it can be charged at its own grid. GPU energy is kept apart from the CPU and
memory, which are the host's. A damaged line is dropped with a warning that names it.
"""

from __future__ import annotations

import io
import logging
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from .log import MeasuredRun, Place
from .text import SKIPPED_LINE, read_log_text

log = logging.getLogger(__name__)

REQUIRED = ("duration", "energy_consumed")
NUMERIC = ("duration", "energy_consumed", "cpu_energy", "gpu_energy", "ram_energy", "gpu_count", "pue")
TEXT = ("run_id", "timestamp", "country_iso_code", "country_name", "country", "cloud_provider", "cloud_region")


def read_codecarbon_csv(path: Path) -> MeasuredRun:
    """Return the measured run of a CodeCarbon emissions.csv; raise InputError when it gives no energy."""
    frame = _usable_rows(path, _read(path))
    runs = _runs(frame, path)
    energy = float(runs["energy_consumed"].sum())
    gpu = float(runs["gpu_energy"].sum()) if "gpu_energy" in runs else 0.0
    counts = runs["gpu_count"][np.isfinite(runs["gpu_count"])] if "gpu_count" in runs else pd.Series(dtype=float)
    gpu_count = round(float(counts.max())) if len(counts) and counts.max() >= 1 else 0  # 0.5 or inf: none
    split = gpu > 0 and gpu_count > 0  # GPUs are the devices; CPU and memory are the host
    places = _places(runs)
    log.info("%s: %d run(s) in %d place(s)", path, len(runs), len(places))
    return MeasuredRun(
        kind="codecarbon", path=str(path), devices=gpu_count if split else 1,
        duration_s=float(runs["duration"].sum()), energy_kwh=energy, samples=len(frame),
        skipped=int(frame.attrs.get("skipped", 0)), host_kwh=energy - gpu if split else 0.0, runs=len(runs),
        places=places, method="codecarbon",
        per_device_kwh=tuple(float(runs[c].sum()) for c in ("cpu_energy", "gpu_energy", "ram_energy") if c in runs),
    )


def _read(path: Path) -> pd.DataFrame:
    """Return the CSV as text columns, damaged lines dropped with a warning; raise InputError if unreadable."""
    text = read_log_text(path, "log file").text
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, on_bad_lines="warn",
                                engine="c")
        except pd.errors.EmptyDataError:
            raise InputError(path, "the file is empty") from None
        except (ValueError, pd.errors.ParserError) as exc:
            raise InputError(path, f"cannot read the file as CSV ({type(exc).__name__})") from None
    bad = [int(n) for w in caught for n in SKIPPED_LINE.findall(str(w.message))]
    frame.columns = [c.strip().strip('"') for c in frame.columns]
    frame = frame.drop(columns=[c for c in frame.columns if c == "" or c.startswith("Unnamed:")])
    torn = _torn_rows(frame)
    if bad or torn.any():
        lines = sorted(bad + [int(i) + 2 for i in np.flatnonzero(torn)])
        log.warning("%s: %d damaged line(s) (a record cut off or two run together) were dropped: line %s",
                    path, len(lines), ", ".join(map(str, lines[:10])))
    frame = frame[~torn].reset_index(drop=True)
    if frame.empty:
        raise InputError(path, Problem("the file has a header but no usable rows", line=1))
    frame.attrs["skipped"] = len(bad) + int(torn.sum())
    return frame


def _torn_rows(frame: pd.DataFrame) -> pd.Series:
    """Return the rows whose last column is empty while the header promises it: lines cut short."""
    if frame.empty:
        return pd.Series(dtype=bool)
    values = frame.apply(lambda column: column.str.strip())
    filled = values.ne("").sum(axis=1)
    return pd.Series(filled < max(2, int(filled.median()) // 2), index=frame.index)


def _usable_rows(path: Path, frame: pd.DataFrame) -> pd.DataFrame:
    """Return the rows with a usable duration and energy, numbers parsed; raise InputError if there are none."""
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InputError(path, Problem(f"not a CodeCarbon emissions.csv: no {', '.join(missing)} column",
                                       line=1, field=missing[0]))
    for column in NUMERIC:
        if column in frame.columns:
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
    for column in TEXT:
        if column in frame.columns:
            frame[column] = frame[column].str.strip().str.strip('"')
    bad = ~(np.isfinite(frame["duration"]) & np.isfinite(frame["energy_consumed"])) | \
        (frame["duration"] < 0) | (frame["energy_consumed"] < 0)
    if bad.all():
        raise InputError(path, Problem("no row has a usable duration and energy_consumed", field="energy_consumed"))
    if bad.any():
        log.warning("%s: skipped %d of %d rows without a usable duration or energy_consumed", path,
                    int(bad.sum()), len(frame))
    usable: pd.DataFrame = frame.loc[~bad].copy()
    usable.attrs["skipped"] = int(frame.attrs.get("skipped", 0)) + int(bad.sum())
    if "pue" in usable and usable["pue"].fillna(1.0).gt(1.0).any():
        # CodeCarbon can scale energy by a PUE; undo it, since the scenario applies its own.
        usable["energy_consumed"] = usable["energy_consumed"] / usable["pue"].fillna(1.0).clip(lower=1.0)
        log.warning("%s: energy_consumed includes a PUE; it was divided out, the scenario's PUE applies", path)
    return usable


def _runs(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Return one row per run: the last flush of a cumulative run, or the sum of a run's intervals."""
    run_id = frame["run_id"] if "run_id" in frame else pd.Series("", index=frame.index)
    own = pd.Series([f"row-{i}" for i in range(len(frame))], index=frame.index)
    key = run_id.where(run_id.ne(""), own)  # no id: a run of its own
    if "timestamp" in frame:
        order = pd.to_datetime(frame["timestamp"], errors="coerce", format="mixed", utc=True)
        frame = frame.assign(_order=order).sort_values("_order", kind="stable", na_position="first")
        key = key.loc[frame.index]
    sums = [c for c in ("duration", "energy_consumed", "cpu_energy", "gpu_energy", "ram_energy") if c in frame]
    runs, intervals = [], 0
    for _, rows in frame.groupby(key, sort=False):
        if len(rows) > 1 and not (rows["duration"].diff().iloc[1:] > 0).all():
            totals = rows.iloc[-1].copy()  # durations that do not grow: each row is one interval
            totals[sums] = rows[sums].sum()
            runs.append(totals)
            intervals += 1
        else:
            runs.append(rows.iloc[-1])
    if intervals:
        log.info("%s: %d run(s) logged per interval (durations that do not grow): their rows were added up",
                 path, intervals)
    return pd.DataFrame(runs).reset_index(drop=True)


def _places(runs: pd.DataFrame) -> tuple[Place, ...]:
    """Return the energy per place the runs name: cloud region where given, else country; none if unnamed."""
    def column(name: str) -> pd.Series:
        return runs[name].fillna("").astype(str) if name in runs else pd.Series("", index=runs.index)

    country = column("country_iso_code").where(column("country_iso_code").ne(""), column("country_name"))
    country = country.where(country.ne(""), column("country"))
    keys = pd.DataFrame({"country": country, "provider": column("cloud_provider").str.lower(),
                         "region": column("cloud_region").str.lower(), "energy": runs["energy_consumed"]})
    if (keys[["country", "provider", "region"]] == "").all(axis=None):
        return ()
    grouped = keys.groupby(["country", "provider", "region"], sort=True, as_index=False)["energy"].sum()
    return tuple(Place(energy_kwh=float(row.energy), country=str(row.country), cloud_provider=str(row.provider),
                       cloud_region=str(row.region)) for row in grouped.itertuples())
