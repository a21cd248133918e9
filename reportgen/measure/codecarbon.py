"""Read a CodeCarbon ``emissions.csv`` of any version since 2020, or an export of the CodeCarbon API.

A run is a ``run_id`` in one place (country, cloud provider and region): the same id in two places is two
runs. Each run counts once: a row continues the run's row before it when its duration grows (by at least a
quarter of the time between their timestamps, where both have one) and its energy does not fall; the last
row of such a stretch counts (CodeCarbon's flushes are cumulative). A duration that falls back starts a new
stretch (a restarted run), and rows that continue nothing are intervals that add up (an export of the
CodeCarbon API). Rows without a ``run_id`` are runs of their own. Each run keeps where it ran, so that it is
charged at its own grid. CodeCarbon multiplies every part of the energy by its PUE: each part is divided by
it, so the GPUs' share and the total stay on one basis; GPU energy is kept apart from the CPU and memory,
which are the host's. A value no machine can have (a PUE below 1 or not finite, a negative energy, a GPU
count beyond any cluster) is an error naming its line and field; a damaged line or an exact copy of an
earlier line is dropped with a warning.
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
ENERGY = ("energy_consumed", "cpu_energy", "gpu_energy", "ram_energy")  # kWh, each multiplied by the log's PUE
NUMERIC = ("duration", *ENERGY, "gpu_count", "pue")
TEXT = ("run_id", "timestamp", "country_iso_code", "country_name", "country", "cloud_provider", "cloud_region")
PLACE = ("country_iso_code", "country_name", "country", "cloud_provider", "cloud_region")
# What no run can have: (lowest, highest) per column, the ends allowed. The highest energy is a thousand times
# the largest training published so far; durations and GPU counts match the scenario file's limits.
LIMITS = {"duration": (0.0, 3.6e10), "gpu_count": (0.0, 1e7), "pue": (1.0, 5.0),
          **dict.fromkeys(ENERGY, (0.0, 1e10))}
GROWTH_PER_SECOND = 0.25  # a flush's duration grows with the time between flushes; an interval's does not


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
    """Return the CSV as text columns with each row's line in ``_line``, damaged lines and exact copies of
    earlier lines dropped with a warning; raise InputError if unreadable."""
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
    lines = np.setdiff1d(np.arange(2, 2 + len(frame) + len(bad)), bad)[:len(frame)]
    torn = _torn_rows(frame)
    if bad or torn.any():
        damaged = sorted(bad + [int(n) for n in lines[torn.to_numpy()]])
        log.warning("%s: %d damaged line(s) (a record cut off or two run together) were dropped: line %s",
                    path, len(damaged), ", ".join(map(str, damaged[:10])))
    copies = frame.duplicated() & ~torn
    if copies.any():
        log.warning("%s: %d line(s) repeat an earlier line exactly (the log appended to itself); each counts once: "
                    "line %s", path, int(copies.sum()), ", ".join(map(str, lines[copies.to_numpy()][:10])))
    keep = ~(torn | copies)
    frame = frame.assign(_line=lines)[keep.to_numpy()].reset_index(drop=True)
    if frame.empty:
        raise InputError(path, Problem("the file has a header but no usable rows", line=1))
    frame.attrs["skipped"] = len(bad) + int((~keep).sum())
    return frame


def _torn_rows(frame: pd.DataFrame) -> pd.Series:
    """Return the rows whose last column is empty while the header promises it: lines cut short."""
    if frame.empty:
        return pd.Series(dtype=bool)
    values = frame.apply(lambda column: column.str.strip())
    filled = values.ne("").sum(axis=1)
    return pd.Series(filled < max(2, int(filled.median()) // 2), index=frame.index)


def _usable_rows(path: Path, frame: pd.DataFrame) -> pd.DataFrame:
    """Return the rows with a usable duration and energy, numbers parsed and every energy taken back to the IT
    energy (no PUE); raise InputError for a value out of its limits, or if no row is usable."""
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InputError(path, Problem(f"not a CodeCarbon emissions.csv: no {', '.join(missing)} column",
                                       line=1, field=missing[0]))
    for column in NUMERIC:
        if column in frame.columns:
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
            _check_limits(path, frame, column)
    for column in TEXT:
        if column in frame.columns:
            frame[column] = frame[column].str.strip().str.strip('"')
    bad = frame["duration"].isna() | frame["energy_consumed"].isna()
    if bad.all():
        raise InputError(path, Problem("no row has a usable duration and energy_consumed", field="energy_consumed"))
    if bad.any():
        log.warning("%s: skipped %d of %d rows without a usable duration or energy_consumed", path,
                    int(bad.sum()), len(frame))
    usable: pd.DataFrame = frame.loc[~bad].copy()
    usable.attrs["skipped"] = int(frame.attrs.get("skipped", 0)) + int(bad.sum())
    if "pue" in usable and usable["pue"].fillna(1.0).gt(1.0).any():
        # CodeCarbon multiplies each part and the total by its PUE; undo it for all, the scenario applies its own.
        for column in ENERGY:
            if column in usable:
                usable[column] = usable[column] / usable["pue"].fillna(1.0)
        log.warning("%s: the energies include a PUE; it was divided out, the scenario's PUE applies", path)
    if "gpu_energy" in usable:
        over = usable["gpu_energy"] > usable["energy_consumed"] * (1 + 1e-6) + 1e-12
        if over.any():
            raise InputError(path, Problem("gpu_energy is larger than energy_consumed, of which it is a part",
                                           line=int(usable.loc[over, "_line"].iloc[0]), field="gpu_energy"))
    return usable


def _check_limits(path: Path, frame: pd.DataFrame, column: str) -> None:
    """Raise InputError naming the first line whose value in ``column`` no real run can have."""
    low, high = LIMITS[column]
    values = frame[column]
    wrong = values.notna() & ~values.between(low, high)
    if wrong.any():
        first = int(np.flatnonzero(wrong.to_numpy())[0])
        value = float(values.iloc[first])
        raise InputError(path, Problem(f"{value:.6g} is not a possible value: it must lie between {low:g} and "
                                       f"{high:g}", line=int(frame["_line"].iloc[first]), field=column))


def _runs(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Return one row per run (a run_id in one place): the sum of its stretches' last flushes, or of its intervals."""
    run_id = frame["run_id"] if "run_id" in frame else pd.Series("", index=frame.index)
    own = pd.Series([f"row-{i}" for i in range(len(frame))], index=frame.index)
    key = run_id.where(run_id.ne(""), own) + "\x1f" + _place_key(frame)
    stamp = pd.to_datetime(frame["timestamp"], errors="coerce", format="mixed", utc=True) if "timestamp" in frame \
        else pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns, UTC]")
    seconds = (stamp - pd.Timestamp("1970-01-01", tz="UTC")).dt.total_seconds()
    frame = frame.assign(_key=key, _t=seconds).sort_values(["_key", "_t"], kind="stable", na_position="first")
    same = frame["_key"].eq(frame["_key"].shift())
    grows = frame["duration"].diff() > 0
    kept = frame["energy_consumed"].diff() >= -1e-12
    elapsed = frame["_t"].diff()
    in_step = elapsed.isna() | (elapsed <= 0) | (frame["duration"].diff() >= GROWTH_PER_SECOND * elapsed)
    continues = same & grows & kept & in_step
    last = ~continues.shift(-1, fill_value=False).astype(bool)
    counted = frame[last.to_numpy()]
    stretches = counted.groupby("_key", sort=False).size()
    cumulative = continues.groupby(frame["_key"], sort=False).any()
    restarted = int(((stretches > 1) & cumulative.reindex(stretches.index)).sum())
    intervals = int(((stretches > 1) & ~cumulative.reindex(stretches.index)).sum())
    if restarted:
        log.warning("%s: %d run(s) started again (their duration fell back): each stretch counts once", path,
                    restarted)
    if intervals:
        log.info("%s: %d run(s) logged per interval (durations that do not grow): their rows were added up",
                 path, intervals)
    sums = [c for c in ("duration", *ENERGY) if c in counted]
    totals = counted.groupby("_key", sort=False).last()
    totals[sums] = counted.groupby("_key", sort=False)[sums].sum()
    return totals.reset_index(drop=True)


def _place_key(frame: pd.DataFrame) -> pd.Series:
    """Return each row's place as one text: its country columns, cloud provider and region."""
    parts = [frame[c].fillna("").astype(str).str.strip().str.lower() for c in PLACE if c in frame]
    key = pd.Series("", index=frame.index)
    for part in parts:
        key = key + "|" + part
    return key


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
