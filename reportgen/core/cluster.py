"""A computing centre's year from its accounting: each job's device-hours and energy, summed per group and month.

Pure: blocks of allocations (inputs/slurm.py) and the centre's partitions in, sums out. Each job's energy is the
formula of formula.py with its partition's power per device and per node; a GPU job takes its GPUs' share of its
nodes' host power, a CPU job its cores' share. A processor's devices are its sockets: a CPU job's device-hours are
its core-hours over the cores per processor, so its cores draw their share of the processor's rated power.
A partition whose Slurm energy plugin is trusted counts ``ConsumedEnergyRaw`` instead.

Sums are kept per account, partition, month and whether the job failed: small enough for any number of jobs, and
enough for every table of the brief, since energy is linear in device-hours and node-hours.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..inputs.cluster import ACCELERATORS, Cluster
from ..inputs.numeric import bounds, central
from ..inputs.table import INPUT_COLUMNS, inputs_frame
from ..reference import Reference
from .emissions import compute_emissions
from .formula import embodied_at_rate, operational
from .resolve import resolve_inputs

log = logging.getLogger(__name__)

CELL = ["account", "partition", "month", "failed"]
SUMS = ["jobs", "allocations", "hours", "gpu_hours", "core_hours", "device_hours", "node_hours", "measured_wh",
        "energy_kwh", "co2e_kg", "embodied_co2e_kg"]
OTHER = "other"  # the group that groups of too few users are merged into
COMPACT_EVERY = 32  # blocks of sums gathered before they are summed again, so memory stays bounded
ONE, ZERO = np.asarray(1.0), np.asarray(0.0)  # an hour, one run, no host power: arrays, as the formula takes


def partition_inputs(cluster: Cluster, ref: Reference, location: str | None = None,
                     hardware: dict[str, str] | None = None) -> pd.DataFrame:
    """Return one scenario-like input row per partition: one device for one hour, in the centre's data centre.

    ``location`` and ``hardware`` (partition -> id) put the partitions elsewhere or on other hardware, for what-ifs.
    """
    rows = []
    for name, p in cluster.partitions.items():
        pue = None if location is not None else cluster.pue
        row = {"file": 0, "id": name, "name": name, "hardware": (hardware or {}).get(name, p.hardware),
               "location": location or cluster.location, "run_purpose": "unknown", "as_of_year": None,
               "pue_provider": pue if isinstance(pue, str) else None, "utilisation_given": p.utilisation is not None}
        numbers = {"count": 1.0, "hours": 1.0, "runs": 1.0, "host_power_w": 0.0,
                   "utilisation": p.utilisation if p.utilisation is not None else 1.0,
                   "pue_value": None if isinstance(pue, str) else pue,
                   "carbon_intensity_g_per_kwh": None if location is not None else cluster.carbon_intensity_g_per_kwh,
                   "embodied_kg_per_device": None if hardware else p.embodied_kg_per_device,
                   "lifetime_years": p.lifetime_years, "use_share": p.use_share}
        for key, value in numbers.items():
            row[key] = central(value)
            row[f"{key}_low"], row[f"{key}_high"] = bounds(value)
        rows.append(dict.fromkeys(INPUT_COLUMNS) | row)  # every other input unknown, as a scenario file leaves it
    return inputs_frame(rows)


@dataclass(frozen=True)
class Partitions:
    """What each partition contributes per job: its power per device and per node, at the central values."""

    # By partition: hardware, accelerator, devices_per_node, cores_per_node, host_power_w, consumed, and the
    # central device_power_w, pue, carbon_intensity_g_per_kwh and embodied_kg_per_device_hour.
    table: pd.DataFrame
    resolved: pd.DataFrame  # the partitions' inputs resolved against data/, one row each, as the core resolves them

    @classmethod
    def of(cls, cluster: Cluster, ref: Reference) -> Partitions:
        """Return the partitions of a centre, resolved against data/."""
        rows = compute_emissions(resolve_inputs(partition_inputs(cluster, ref), ref))
        resolved = rows.set_index("id")
        table = pd.DataFrame(index=list(cluster.partitions))
        kinds = resolved["hardware"].map(ref.hardware["kind"]).fillna("gpu")
        table["hardware"] = resolved["hardware"]
        table["accelerator"] = kinds.isin(ACCELERATORS)
        ps = cluster.partitions
        table["devices_per_node"] = [float((p.gpus_per_node or 1) if table.at[n, "accelerator"] else p.cpus_per_node)
                                     for n, p in ps.items()]
        table["cores_per_node"] = [float(p.cores_per_node or np.nan) for p in ps.values()]
        table["host_power_w"] = [float(central(p.host_power_w) or 0.0) for p in ps.values()]
        table["consumed"] = [p.use_consumed_energy for p in ps.values()]
        for column in ("device_power_w", "pue", "carbon_intensity_g_per_kwh", "embodied_kg_per_device_hour"):
            table[column] = resolved[column].astype(float)
        return cls(table, rows)


def job_usage(block: pd.DataFrame, parts: Partitions) -> pd.DataFrame:
    """Return each job's device-hours, node-hours, energy and CO2e (central values), beside its block's columns.

    A GPU partition's devices are its GPUs; a CPU partition's are its processors, of which a job uses its cores'
    share. A job takes its devices' share of its nodes (all of them where it has no GPU on a GPU partition).
    """
    t = parts.table
    row = _partition_rows(block["partition"], t)  # each job's row of the table, -1 where unknown
    known = row >= 0
    look = {c: np.append(t[c].to_numpy(float), np.nan)[row] for c in
            ("devices_per_node", "cores_per_node", "host_power_w", "device_power_w", "pue",
             "carbon_intensity_g_per_kwh", "embodied_kg_per_device_hour")}
    accelerator = np.append(t["accelerator"].to_numpy(bool), False)[row]
    consumed = np.append(t["consumed"].to_numpy(bool), False)[row]
    hours, gpus, cores = (block[c].to_numpy(float) for c in ("hours", "gpus", "cores"))
    cores_per_device = look["cores_per_node"] / look["devices_per_node"]
    devices = np.where(accelerator, gpus, cores / cores_per_device)
    node_share = np.where(accelerator & (gpus > 0), gpus / look["devices_per_node"],
                          np.where(np.isnan(look["cores_per_node"]), block["nodes"].to_numpy(float),
                                   cores / look["cores_per_node"]))
    out = block.assign(metered=consumed, gpu_hours=np.where(accelerator, gpus * hours, 0.0), core_hours=cores * hours,
                       device_hours=devices * hours, node_hours=node_share * hours, allocations=1)
    rated = operational(out["device_hours"].to_numpy(), look["device_power_w"], out["node_hours"].to_numpy() *
                        look["host_power_w"], ONE, ONE, look["pue"], look["carbon_intensity_g_per_kwh"])
    # A metered job without its energy (the plugin missed it) stands in with its rated energy, counted in a warning.
    consumed_wh = block["consumed_j"].to_numpy(float) / 3600.0
    out["measured_wh"] = np.where(consumed, np.where(np.isnan(consumed_wh), rated.it_energy_kwh * 1000.0,
                                                     consumed_wh), 0.0)
    metered = operational(ONE, out["measured_wh"].to_numpy(), ZERO, ONE, ONE, look["pue"],
                          look["carbon_intensity_g_per_kwh"])
    out["energy_kwh"] = np.where(consumed, metered.energy_kwh, rated.energy_kwh)
    out["co2e_kg"] = np.where(consumed, metered.co2e_kg, rated.co2e_kg)
    out["embodied_co2e_kg"] = embodied_at_rate(out["device_hours"].to_numpy(), look["embodied_kg_per_device_hour"],
                                               ONE, ONE)
    return out[known]


def _partition_rows(partition: pd.Series, table: pd.DataFrame) -> np.ndarray:
    """Return each job's row in the partitions' table, -1 where the table has no such partition.

    A block's partitions are a categorical: its few names are looked up once, and each job by its code.
    """
    categorical = partition.astype("category")
    per_name = table.index.get_indexer(categorical.cat.categories.astype(str))
    codes = categorical.cat.codes.to_numpy()
    return np.where(codes >= 0, np.append(per_name, -1)[codes], -1)


@dataclass
class Usage:
    """The year's sums per account, partition, month and failure, and what reading left out."""

    cells: pd.DataFrame
    unknown_partitions: dict[str, int]  # partition -> jobs in it that the cluster file does not describe
    metered_without_energy: int = 0  # jobs of a metered partition without ConsumedEnergyRaw: rated power used


def usage(blocks: Iterable[pd.DataFrame], parts: Partitions) -> Usage:
    """Return the sums of every job of the blocks, gathered as they stream by."""
    gathered: list[pd.DataFrame] = []
    unknown: dict[str, int] = {}
    unmetered = 0
    for block in blocks:
        counts = block["partition"].value_counts()
        for name, count in counts[~counts.index.astype(str).isin(parts.table.index) & (counts > 0)].items():
            unknown[str(name)] = unknown.get(str(name), 0) + int(count)
        jobs = job_usage(block, parts)
        unmetered += int((jobs["metered"].to_numpy(bool) & np.isnan(jobs["consumed_j"].to_numpy(float))).sum())
        gathered.append(_summed(jobs))
        if len(gathered) >= COMPACT_EVERY:
            gathered = [_summed(pd.concat(gathered, ignore_index=True))]
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in CELL} | {s: pd.Series(dtype=float) for s in SUMS})
    cells = _summed(pd.concat(gathered, ignore_index=True)) if gathered else empty
    return Usage(cells, unknown, unmetered)


def _summed(jobs: pd.DataFrame) -> pd.DataFrame:
    """Return jobs (or sums of them) summed per cell."""
    summed = jobs[CELL + [c for c in SUMS if c != "jobs"] + ["job" if "job" in jobs else "jobs"]].rename(
        columns={"job": "jobs"})
    cells = summed.groupby(CELL, observed=True, sort=False).sum().reset_index()
    # A block's categories are its own: the few cells take plain text, so that blocks concatenate.
    return cells.astype({"account": str, "partition": str, "month": str})


def group_names(accounts: Iterable[str], groups: dict[str, dict[str, str]], group_by: str) -> dict[str, str]:
    """Return each account's group: its row's ``group_by`` column, the account itself, or "" where unlisted."""
    if group_by == "account":
        return {a: a for a in accounts}
    return {a: groups[a][group_by] if a in groups and groups[a][group_by] else "" for a in accounts}


def merged_groups(users: dict[str, set[str]], names: dict[str, str], min_users: int) -> tuple[dict[str, str], int]:
    """Return each account's group as published (one of fewer than ``min_users`` distinct users merged into
    OTHER), and how many groups were merged. Only counts of users are taken from ``users``."""
    members: dict[str, set[str]] = {}
    for account, group in names.items():
        members.setdefault(group, set()).update(users.get(account, set()))
    small = {g for g, people in members.items() if len(people) < min_users or g == ""}
    published = {account: OTHER if group in small else group for account, group in names.items()}
    return published, len(small - {""})

