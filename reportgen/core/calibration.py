"""Calibration: how often the 90% intervals held the figures published for real trainings, and how wide they were.

Pure: the results of the calibration scenarios and the published values in, one row per comparison and a
summary out. A published figure is printed to some precision (390 t is 385 to 395 t): it is inside when
that printed span meets the interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .columns import spread_columns

HELD_OUT = "compute, held out"  # the kind of a compute-based estimate made with its training out of the fit
QUANTITIES = {"device_hours": spread_columns("device_hours", ""), "energy_kwh": spread_columns("energy", "_kwh"),
              "co2e_kg": spread_columns("co2e", "_kg")}
SCALE = {"device_hours": 1.0, "energy_kwh": 1000.0, "co2e_kg": 1000.0}  # from the table's units (h, MWh, t)


def printed_half_unit(value: float) -> float:
    """Return half a unit of the last non-zero digit a figure is printed with (390 -> 5, 31.22 -> 0.005)."""
    if not math.isfinite(value) or value == 0:
        return 0.0
    digits = f"{abs(value):.10f}".rstrip("0").rstrip(".")
    if "." in digits:
        return 0.5 * 10.0 ** -len(digits.split(".")[1])
    stripped = digits.rstrip("0")
    return 0.5 * 10.0 ** (len(digits) - len(stripped))


def comparisons(results: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """Return one row per published figure: its interval, whether the interval held it, the ratio of the median
    to it, and the width of the training's CO2e interval (95th over 5th percentile), the figure a brief leads with.

    ``results`` and ``published`` have one row per training, in the same order.
    """
    rows = []
    for quantity, (low, median, high) in QUANTITIES.items():
        value = published[quantity].to_numpy(float)
        half = np.array([printed_half_unit(v / SCALE[quantity]) * SCALE[quantity] for v in value])
        lows, medians, highs = (results[c].to_numpy(float) for c in (low, median, high))
        headline_width = results["co2e_high_kg"].to_numpy(float) / results["co2e_low_kg"].to_numpy(float)
        rows.append(pd.DataFrame({
            "id": published["id"].to_numpy(), "kind": published["kind"].to_numpy(),
            "model": published["model"].to_numpy(), "source_id": published["source_id"].to_numpy(),
            "quantity": quantity, "published": value, "low": lows, "median": medians, "high": highs,
            "inside": (value + half >= lows) & (value - half <= highs),
            "ratio": medians / value, "width": headline_width,
        }))
    table = pd.concat(rows, ignore_index=True)
    return table[table["published"].notna()].reset_index(drop=True)


@dataclass(frozen=True)
class CalibrationSummary:
    """What the briefs say of their ranges: how often such intervals held the published figures, how wide."""

    trainings: int       # published trainings estimated
    figures: int         # published figures compared (device-hours, energy, CO2e)
    inside: int          # of which inside the 90% interval
    hours_width: float   # median 95th-over-5th percentile of CO2e, estimated from device-hours
    compute_width: float  # the same, estimated from parameters x tokens

    @property
    def coverage(self) -> float:
        """Return the share of published figures the intervals held."""
        return self.inside / self.figures if self.figures else float("nan")


def summary_record(summary: pd.DataFrame) -> CalibrationSummary:
    """Return the summary table's figures as the record the briefs read."""
    rows: dict[str, Any] = {str(r["kind"]): r for r in summary.to_dict("records")}
    return CalibrationSummary(trainings=int(rows["all"]["trainings"]), figures=int(rows["all"]["figures"]),
                              inside=int(rows["all"]["inside"]), hours_width=float(rows["hours"]["median_width"]),
                              compute_width=float(rows["compute"]["median_width"]))


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """Return, per kind of estimate and over all, the count, the share inside, the median ratio and width."""
    groups = [(kind, table[table["kind"] == kind]) for kind in table["kind"].unique()]
    groups.append(("all", table[table["kind"] != HELD_OUT]))  # each estimate once: in-sample and held out repeat
    return pd.DataFrame([{
        "kind": kind, "trainings": part["id"].nunique(), "figures": len(part), "inside": int(part["inside"].sum()),
        "coverage": float(part["inside"].mean()) if len(part) else float("nan"),
        "median_ratio": float(part["ratio"].median()),
        "device_hours_ratio": float(part.loc[part["quantity"] == "device_hours", "ratio"].median()),
        "median_width": float(part.drop_duplicates(["id", "kind"])["width"].median()),
    } for kind, part in groups])
