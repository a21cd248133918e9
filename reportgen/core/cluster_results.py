"""A centre's year, computed: its totals per group, partition and month, and what each change would save.

The what-ifs are the training briefs' own options (whatif.py's registry) applied to the year's rows, one per
partition, plus one of the accounting's own: half the GPU-hours of failed jobs. Like the training briefs', a
saving is the difference of two point estimates of one formula.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..inputs.cluster import Cluster
from ..reference import Reference
from .cluster import OTHER, Partitions, Usage
from .cluster_year import centre_inputs, measuring_margin, partition_inputs, shared_uniforms, year_rows, year_table
from .uncertainty import DRAWS
from .whatif import what_ifs

FAILED_CUT = 0.5      # the share of failed jobs' hours a what-if avoids: an illustration, as the training briefs' half
MOVED_SHARE = 0.5     # the share of the year's work a what-if moves to a low-carbon research system
YEAR_OPTIONS = ("hardware", "pue", "location")  # the training briefs' options that apply to a whole centre


@dataclass(frozen=True)
class YearWhatIf:
    """One change to the centre's year and what it would save (point estimates, kg CO2e)."""

    key: str          # "failed", or a key of whatif.OPTIONS
    saving_kg: float
    saving_share: float
    detail: str = ""  # the place, the hardware or the PUE it changes to
    partition: str = ""  # the partition changed, for a change of hardware
    share: float = 1.0  # the share of the year it applies to


@dataclass(frozen=True)
class ClusterYear:
    """Everything the calc table and the brief of a centre's year say, computed."""

    total: pd.Series          # the centre: RESULT_COLUMNS
    groups: pd.DataFrame      # per group (``unit``), the largest first and "other" last
    partitions: pd.DataFrame  # per partition
    months: pd.DataFrame      # per month, in order
    inputs: pd.DataFrame      # per partition: hardware, power per device, PUE and grid with their ranges
    cells: pd.DataFrame       # the sums per account, partition, month and failure, with the published group
    base: pd.DataFrame        # partition_inputs: one device for one hour per partition, as scenario inputs
    parts: Partitions         # what each partition contributes per job
    merged_groups: int        # groups of fewer than ``min_users`` users merged into "other"
    users_total: int          # distinct users of the whole centre (a count; no name leaves the reader)
    year: str                 # "2025", or "2024–2025" where the accounting spans more than one
    key: str = ""             # what the shared draws are seeded by (the file's stem)
    damaged_lines: int = 0    # lines of the accounting dropped as damaged
    unknown_partitions: tuple[str, ...] = ()  # partitions in the accounting that the cluster file does not describe


def year_results(usage: Usage, published: dict[str, str], merged: int, users_total: int, parts: Partitions,
                 cluster_key: str, cluster: Cluster, ref: Reference, draws: int = DRAWS) -> ClusterYear:
    """Return the year's tables, with accounts under their published groups and shared inputs drawn once."""
    cells = usage.cells.copy()
    cells["group"] = cells["account"].map(published).fillna(OTHER)
    months = sorted(m for m in cells["month"].unique() if m)
    years = sorted({m[:4] for m in months})
    as_of = float(years[-1]) if years else float("nan")
    base = partition_inputs(cluster, ref).assign(as_of_year=as_of)
    uniforms = shared_uniforms(cluster_key, draws)
    centre = centre_inputs(parts, base, ref)
    fixed = (parts, base, centre, measuring_margin(ref), uniforms)
    total = year_table(cells, None, *fixed).iloc[0] if len(cells) else _empty_total()
    groups = year_table(cells, "group", *fixed)
    groups = groups.assign(_other=groups["unit"].eq(OTHER)).sort_values(
        ["_other", "co2e_median_kg", "unit"], ascending=[True, False, True]).drop(columns="_other")
    months_table = year_table(cells[cells["month"] != ""], "month", *fixed)
    return ClusterYear(total=total, groups=groups.reset_index(drop=True),
                       partitions=year_table(cells, "partition", *fixed),
                       months=months_table.sort_values("unit").reset_index(drop=True),
                       inputs=centre, cells=cells, base=base, parts=parts, merged_groups=merged,
                       users_total=users_total, key=cluster_key,
                       year="–".join(dict.fromkeys((years[0], years[-1]))) if years else "")


def group_months(year: ClusterYear, ref: Reference, draws: int = DRAWS) -> dict[str, pd.DataFrame]:
    """Return each published group's months (as ``year.months``), with the same shared draws as the year's."""
    fixed = (year.parts, year.base, year.inputs, measuring_margin(ref), shared_uniforms(year.key, draws))
    cells = year.cells[year.cells["month"] != ""]
    return {str(group): year_table(part, "month", *fixed).sort_values("unit").reset_index(drop=True)
            for group, part in cells.groupby("group", sort=True)}


def _empty_total() -> pd.Series:
    """Return the totals of a year without jobs."""
    from .cluster_year import RESULT_COLUMNS

    return pd.Series({"unit": "", **{c: 0.0 for c in RESULT_COLUMNS}, "failed_share": float("nan")})


def year_what_ifs(year: ClusterYear, ref: Reference) -> tuple[YearWhatIf, ...]:
    """Return the year's what-ifs that save something, the largest saving first."""
    cells, base, parts, before_kg = year.cells, year.base, year.parts, float(year.total["co2e_kg"])
    if not before_kg > 0:
        return ()
    accelerator = cells["partition"].map(parts.table["accelerator"]).fillna(False).astype(bool)
    failed_kg = float(cells.loc[cells["failed"].astype(bool) & accelerator, "co2e_kg"].sum())
    found = [YearWhatIf("failed", FAILED_CUT * failed_kg, FAILED_CUT * failed_kg / before_kg, share=FAILED_CUT)]
    rows = year_rows(cells, None, parts, base)
    rows = rows[~parts.table.loc[rows["partition"], "consumed"].to_numpy(bool)].reset_index(drop=True)
    if len(rows):
        changes = what_ifs(rows.drop(columns=["unit", "partition"]), ref)
        partition_of = dict(zip(rows["id"], rows["partition"], strict=True))
        for key in YEAR_OPTIONS:
            found += _option(changes[changes["change"] == key], key, before_kg, partition_of)
    return tuple(sorted((w for w in found if w.saving_kg > 1e-9), key=lambda w: -w.saving_kg))


def _option(changes: pd.DataFrame, key: str, before_kg: float, partition_of: dict[str, str]) -> list[YearWhatIf]:
    """Return one option's saving for the year: summed over partitions, or the best partition's for hardware."""
    if changes.empty:
        return []
    if key == "hardware":  # one partition's hardware replaced: the one that saves the most
        best = changes.sort_values("saving_kg", ascending=False).iloc[0]
        return [YearWhatIf(key, float(best["saving_kg"]), float(best["saving_kg"]) / before_kg,
                           str(best["detail"]), partition_of.get(str(best["id"]), str(best["id"])))]
    share = MOVED_SHARE if key == "location" else 1.0
    saving = share * float(np.nansum(changes["saving_kg"].to_numpy(float)))
    details = [d for d in changes["detail"].astype(str) if d]
    return [YearWhatIf(key, saving, saving / before_kg, details[0] if details else "", share=share)]
