"""The middle of each uncertain input's range: what a results row shows beside its medians, and where the
sensitivity list holds the other inputs while it moves one across its range.

Pure, like the rest of the core.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .columns import MEDIAN_INPUT_COLUMNS, SCENARIO_KEY
from .formula import operational
from .uncertainty import UNCERTAIN


def sensitivity(ranges: pd.DataFrame, resolved: pd.DataFrame) -> pd.DataFrame:
    """Return, per scenario and uncertain input, CO2e with that input at its low and at its high end, the others at
    the middle of their ranges (their medians), so that the swings straddle the median the brief leads with.

    Columns: file, id, input, low, high, co2e_low_kg, co2e_high_kg, swing_kg, share (of the largest swing), rank.
    """
    central = {k: middle_of(ranges, k) for k in UNCERTAIN}
    rows = []
    for name in UNCERTAIN:
        low, high = ranges[f"{name}_low"].to_numpy(float), ranges[f"{name}_high"].to_numpy(float)
        at_low = operational(**(central | {name: low})).co2e_kg
        at_high = operational(**(central | {name: high})).co2e_kg
        rows.append(pd.DataFrame({"file": resolved["file"].to_numpy(), "id": resolved["id"].to_numpy(),
                                  "input": name, "low": low, "high": high,
                                  "co2e_low_kg": at_low, "co2e_high_kg": at_high,
                                  "swing_kg": np.abs(at_high - at_low)}))
    table = pd.concat(rows, ignore_index=True)
    table = table[table["swing_kg"] > 0]
    largest = table.groupby(list(SCENARIO_KEY), dropna=False)["swing_kg"].transform("max")
    table = table.assign(share=table["swing_kg"] / largest)
    table = table.sort_values([*SCENARIO_KEY, "swing_kg"], ascending=[True, True, False], kind="stable")
    table["rank"] = table.groupby(list(SCENARIO_KEY), dropna=False).cumcount() + 1
    return table.reset_index(drop=True)


def input_medians(ranges: pd.DataFrame, resolved: pd.DataFrame) -> pd.DataFrame:
    """Return the median of each uncertain input as drawn, the share of the rated power drawn (median and ends),
    and the ends of the PUE and the grid intensity."""
    medians = pd.DataFrame({column: middle_of(ranges, name) for name, column in MEDIAN_OF.items()}, index=ranges.index)
    rated = resolved["device_power_w"].to_numpy(float) / resolved["utilisation"].to_numpy(float)
    by_tdp = resolved["power_basis"].eq("tdp").to_numpy()
    for end, column in (("median", "device_power_median_w"), ("low", "device_power_w_low"),
                        ("high", "device_power_w_high")):
        source = medians[column] if end == "median" else ranges[column]
        medians[f"utilisation_{end}"] = np.where(by_tdp, source.to_numpy(float) / rated, np.nan)
    for end in ("low", "high"):
        medians[f"pue_{end}"] = ranges[f"pue_{end}"].to_numpy(float)
        medians[f"carbon_intensity_{end}_g_per_kwh"] = ranges[f"carbon_intensity_g_per_kwh_{end}"].to_numpy(float)
    return medians[[c for c in MEDIAN_INPUT_COLUMNS if c in medians]]


# The column that holds each uncertain input's median, its unit kept last.
MEDIAN_OF = {"count": "count_median", "hours": "hours_median", "runs": "runs_median",
             "device_power_w": "device_power_median_w", "host_power_w": "host_power_median_w", "pue": "pue_median",
             "carbon_intensity_g_per_kwh": "carbon_intensity_median_g_per_kwh"}


def middle_of(ranges: pd.DataFrame, name: str) -> np.ndarray:
    """Return the median of an input's draws: the middle of its range, or for hours that follow from a log-normal
    utilisation the geometric middle (the hours at the median utilisation)."""
    low, high = ranges[f"{name}_low"].to_numpy(float), ranges[f"{name}_high"].to_numpy(float)
    middle: np.ndarray = (low + high) / 2.0
    if name == "hours":
        log_normal = ~np.isnan(ranges["mfu_log_sd"].to_numpy(float))
        middle = np.where(log_normal, np.sqrt(low * high), middle)
    return middle
