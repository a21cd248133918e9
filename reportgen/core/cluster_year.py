"""A centre's year as totals with honest ranges: per group, partition and month, and in all.

Each total is a set of scenario-like rows, one per partition it used: its device-hours as the device count of
one hour, its share of nodes' host power, the centre's PUE and grid. The point estimate is the formula of
formula.py on those rows; the range of every input comes from uncertainty.py as for any scenario. The Monte
Carlo then differs in one way only: the inputs every job shares (the share of TDP drawn, the PUE, the grid's
intensity, the manufacturing per device-hour, a meter's error) are drawn once per draw for the whole centre, not
per job or per row, so the interval of a sum of many jobs is as wide, relatively, as that of one of them.
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np
import pandas as pd

from ..reference import Reference
from .cluster import ONE, SUMS, Partitions, partition_inputs
from .columns import spread_columns
from .footprint import RATE_ENDS
from .formula import embodied_at_rate, operational
from .uncertainty import DRAWS, QUANTILES, SEED, input_ranges

SHARED = ("device_power_w", "pue", "carbon_intensity_g_per_kwh", "embodied")  # one draw each for the centre
RESULT_COLUMNS = ("jobs", "gpu_hours", "failed_gpu_hours", "cpu_core_hours", "device_hours", "energy_kwh",
                  *spread_columns("energy", "_kwh"), "co2e_kg", *spread_columns("co2e", "_kg"),
                  "embodied_co2e_kg", *spread_columns("embodied", "_kg"), "failed_share")


def year_rows(cells: pd.DataFrame, by: str | None, parts: Partitions, base: pd.DataFrame) -> pd.DataFrame:
    """Return one input row per unit (a value of ``by``, or the whole centre) and partition it used.

    ``base`` is ``partition_inputs``: one device for one hour per partition. A row's device count is its
    device-hours; its host power, its node-hours' share of the nodes' host power; a metered partition's rows take
    their measured energy as the draw of their devices. Columns ``unit`` and ``partition`` name each row.
    """
    keys = list(dict.fromkeys(([by] if by else []) + ["partition"]))
    summed = cells.groupby(keys, observed=True)[SUMS].sum().reset_index()
    summed["unit"] = summed[by].astype(str) if by else ""
    rows = base.set_index("id").loc[summed["partition"]].reset_index()
    t = parts.table.loc[summed["partition"]]
    device_hours = summed["device_hours"].to_numpy(float)
    metered = t["consumed"].to_numpy(bool) & (summed["measured_wh"].to_numpy(float) > 0)
    rows["count"] = np.where(metered, 1.0, device_hours)
    rows["host_power_w"] = np.where(metered, 0.0, summed["node_hours"].to_numpy(float) *
                                    t["host_power_w"].to_numpy(float))
    rows["device_power_w"] = np.where(metered, summed["measured_wh"].to_numpy(float), np.nan)
    rows["device_power_source"] = pd.Series(metered, dtype=bool).map({True: "measured", False: None}).to_numpy()
    for end in ("low", "high"):
        rows[f"count_{end}"] = rows["count"]
        rows[f"host_power_w_{end}"] = rows["host_power_w"]
    rows["unit"], rows["partition"] = summed["unit"].to_numpy(), summed["partition"].to_numpy()
    rows["device_hours_used"] = device_hours
    return rows


def shared_uniforms(key: str, draws: int = DRAWS, seed: int = SEED) -> dict[str, np.ndarray]:
    """Return one row of uniforms per shared input, from a generator seeded by the centre's name."""
    rng = np.random.default_rng([seed, zlib.crc32(key.encode("utf-8"))])
    return {name: rng.random(draws) for name in SHARED}


def totals(rows: pd.DataFrame, centre: pd.DataFrame, margin: tuple[float, float],
           uniforms: dict[str, np.ndarray]) -> pd.DataFrame:
    """Return, per unit, the point estimates and the 5th percentile, median and 95th percentile of its energy,
    CO2e and manufacturing CO2e, with the shared inputs drawn once per draw for all of its rows.

    ``centre`` is ``centre_inputs``: each partition's inputs with their ranges, resolved once; a metered row's
    power is its measured energy, within the measuring ``margin`` (low and high factor).
    """
    at = centre.loc[rows["partition"]]
    metered = rows["device_power_source"].eq("measured").to_numpy()
    measured = rows["device_power_w"].to_numpy(float)
    ends = {name: (at[f"{name}_low"].to_numpy(float), at[f"{name}_high"].to_numpy(float))
            for name in ("pue", "carbon_intensity_g_per_kwh")}
    ends["device_power_w"] = (np.where(metered, measured * margin[0], at["device_power_w_low"].to_numpy(float)),
                              np.where(metered, measured * margin[1], at["device_power_w_high"].to_numpy(float)))
    ends["embodied"] = (at["embodied_low_kg_per_device_hour"].to_numpy(float),
                        at["embodied_high_kg_per_device_hour"].to_numpy(float))

    def drawn(name: str, uniform: np.ndarray) -> np.ndarray:
        low, high = (end[:, None] for end in ends[name])
        return np.asarray(low + (high - low) * uniform[None, :])

    count, host = rows["count"].to_numpy(float), rows["host_power_w"].to_numpy(float)
    device_hours = rows["device_hours_used"].to_numpy(float)
    result = operational(count[:, None], drawn("device_power_w", uniforms["device_power_w"]), host[:, None], ONE,
                         ONE, drawn("pue", uniforms["pue"]),
                         drawn("carbon_intensity_g_per_kwh", uniforms["carbon_intensity_g_per_kwh"]))
    made = embodied_at_rate(device_hours[:, None], drawn("embodied", uniforms["embodied"]), ONE, ONE)
    point = operational(count, np.where(metered, measured, at["device_power_w"].to_numpy(float)), host, ONE, ONE,
                        at["pue"].to_numpy(float), at["carbon_intensity_g_per_kwh"].to_numpy(float))
    units = pd.Index(rows["unit"].unique())
    where = units.get_indexer(rows["unit"])
    out = pd.DataFrame(index=units)
    for name, values in (("energy", result.energy_kwh), ("co2e", result.co2e_kg), ("embodied", made)):
        per_unit = np.zeros((len(units), values.shape[1]))
        np.add.at(per_unit, where, np.nan_to_num(values))
        unit = "_kwh" if name == "energy" else "_kg"
        for column, row in zip(spread_columns(name, unit), np.quantile(per_unit, QUANTILES, axis=1), strict=True):
            out[column] = row
    central_made = embodied_at_rate(device_hours, at["embodied_kg_per_device_hour"].to_numpy(float), ONE, ONE)
    for name, values in (("energy_kwh", point.energy_kwh), ("co2e_kg", point.co2e_kg),
                         ("embodied_co2e_kg", central_made)):
        out[name] = np.bincount(where, weights=np.nan_to_num(values), minlength=len(units))
    return out


def year_table(cells: pd.DataFrame, by: str | None, parts: Partitions, base: pd.DataFrame, centre: pd.DataFrame,
               margin: tuple[float, float], uniforms: dict[str, np.ndarray]) -> pd.DataFrame:
    """Return one row per unit of ``by`` (or the centre): jobs, GPU-hours, failed GPU-hours, energy and CO2e."""
    if cells.empty:
        return pd.DataFrame(columns=["unit", *RESULT_COLUMNS])
    keys = [by] if by else []
    counts = cells.assign(failed_gpu_hours=cells["gpu_hours"].where(cells["failed"].astype(bool), 0.0),
                          unit=cells[by].astype(str) if by else "")
    counted = counts.groupby("unit")[["jobs", "gpu_hours", "failed_gpu_hours", "core_hours", "device_hours"]].sum()
    counted = counted.rename(columns={"core_hours": "cpu_core_hours"})
    ranged = totals(year_rows(cells, by if keys else None, parts, base), centre, margin, uniforms)
    table = counted.join(ranged)
    table["failed_share"] = table["failed_gpu_hours"] / table["gpu_hours"].where(table["gpu_hours"] > 0)
    table["jobs"] = table["jobs"].astype("int64")
    return table.reset_index().reindex(columns=["unit", *RESULT_COLUMNS])


def measuring_margin(ref: Reference) -> tuple[float, float]:
    """Return the factors a measured energy may be off by, low and high (data/uncertainty.csv)."""
    margin: Any = ref.uncertainty.loc[("measured", "any")]
    return float(margin["low"]), float(margin["high"])


def centre_inputs(cluster_parts: Partitions, base: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return the centre's shared inputs per partition: hardware, power per device, PUE and grid, with ranges."""
    rows = base.copy()
    resolved = cluster_parts.resolved  # the same rows, resolved once when the partitions were read
    ranges = input_ranges(rows, resolved, ref)
    table = resolved.set_index("id")[["hardware", "device_power_w", "pue", "carbon_intensity_g_per_kwh",
                                      "intensity_source", "intensity_year", "intensity_basis", "country",
                                      "embodied_kg_per_device_hour", "embodied_source", *RATE_ENDS]].copy()
    for name in ("device_power_w", "pue", "carbon_intensity_g_per_kwh"):
        for end in ("low", "high"):
            table[f"{name}_{end}"] = ranges[f"{name}_{end}"].to_numpy(float)
    return table.join(cluster_parts.table[["accelerator", "devices_per_node", "cores_per_node", "host_power_w",
                                           "consumed"]])


__all__ = ["centre_inputs", "measuring_margin", "partition_inputs", "shared_uniforms", "totals", "year_rows",
           "year_table"]
