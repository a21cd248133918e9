"""The path of a cluster file, written once: load -> read the accounting -> compute the year -> view -> render.

Like pipeline.py for scenario files, it returns text and documents and never writes them; ``calc``, ``brief`` and
the site call it for files whose top-level key is ``cluster``.
"""

from __future__ import annotations

import itertools
import logging
from pathlib import Path
from typing import Any

from .core.cluster import Partitions, group_names, merged_groups, usage
from .core.cluster_results import ClusterYear, year_results
from .errors import InputError
from .inputs.cluster import ClusterFile
from .inputs.document import read_document
from .inputs.kinds import load_input
from .inputs.slurm import Reading, read_blocks
from .reference import Reference, load_reference

log = logging.getLogger(__name__)


def is_cluster_file(path: str | Path) -> bool:
    """Return whether a file is a cluster file (its top level has a ``cluster`` key); False where unreadable."""
    try:
        data = read_document(Path(path)).data
    except InputError:
        return False
    return isinstance(data, dict) and "cluster" in data and "scenarios" not in data


def load_cluster(path: str | Path, ref: Reference) -> ClusterFile:
    """Return a validated cluster file; raise InputError where the file is another kind or has problems."""
    loaded = load_input(path, ref)
    if not isinstance(loaded, ClusterFile):
        raise InputError(path, "is not a cluster file: its top level needs a 'cluster' key")
    return loaded


def compute_year(cluster_file: ClusterFile, ref: Reference) -> ClusterYear:
    """Return the centre's year: every export read in blocks, summed, and its totals computed."""
    cluster = cluster_file.cluster
    parts = Partitions.of(cluster, ref)
    reading = Reading()
    blocks = itertools.chain.from_iterable(read_blocks(path, reading) for path in cluster_file.accounting)
    used = usage(blocks, parts)
    _report(cluster_file, reading, used.unknown_partitions, used.metered_without_energy)
    accounts = sorted(set(used.cells["account"].astype(str)) | set(reading.users))
    names = group_names(accounts, cluster_file.groups, cluster.group_by)
    unlisted = [a for a in accounts if names[a] == ""]
    if unlisted:
        log.warning("%s: %d account(s) are not in the groups table; their jobs count under 'other'",
                    cluster_file.path, len(unlisted))
    published, merged = merged_groups(reading.users, names, cluster.min_users)
    everyone = len(set().union(*reading.users.values())) if reading.users else 0
    return year_results(used, published, merged, everyone, parts, cluster_file.stem, cluster, ref)


def _report(cluster_file: ClusterFile, reading: Reading, unknown: dict[str, int], unmetered: int) -> None:
    """Log what reading left out or stood in for: damaged lines, jobs in undescribed partitions, missing meters."""
    if reading.damaged:
        log.warning("%s: %d damaged line(s) of the accounting were dropped", cluster_file.path, reading.damaged)
    for partition, jobs in sorted(unknown.items()):
        log.warning("%s: partition '%s' is not in the cluster file: its %d job(s) are left out",
                    cluster_file.path, partition, jobs)
    if unmetered:
        log.warning("%s: %d job(s) of a metered partition have no ConsumedEnergyRaw; their rated energy stands in",
                    cluster_file.path, unmetered)


def about(cluster_file: ClusterFile, year: ClusterYear) -> dict[str, Any]:
    """Return what the JSON says of the centre: its name, place, year, partitions and how groups were formed."""
    cluster = cluster_file.cluster
    inputs = year.inputs
    return {
        "name": cluster_file.name("en"), "location": cluster.location, "year": year.year,
        "group_by": cluster.group_by, "min_users": cluster.min_users, "merged_groups": year.merged_groups,
        "partitions": [{"partition": name, "hardware": str(row["hardware"]),
                        "use_consumed_energy": bool(row["consumed"]),
                        "device_power_w": float(row["device_power_w"]), "pue": float(row["pue"]),
                        "carbon_intensity_g_per_kwh": float(row["carbon_intensity_g_per_kwh"])}
                       for name, row in inputs.iterrows()],
    }


def calc_text(path: str | Path, fmt: str) -> str:
    """Return ``reportgen calc`` of a cluster file: a table, CSV or JSON per group and in total."""
    from .exports.cluster import cluster_csv, cluster_json, cluster_table

    ref = load_reference()
    cluster_file = load_cluster(path, ref)
    year = compute_year(cluster_file, ref)
    if fmt == "json":
        return cluster_json(year, about(cluster_file, year))
    return cluster_csv(year) if fmt == "csv" else cluster_table(year)
