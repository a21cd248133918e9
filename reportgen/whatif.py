"""What-ifs: the same training with one change at a time, and all changes together.

Pure, like emissions.py: each alternative is a modified copy of the scenario inputs, computed by the same
vectorized core, so a saving is always the difference of two results of one formula.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .emissions import estimate_frame, resolve_inputs
from .reference import Reference

CHANGES = ("location", "runs", "pue")
HALF = 0.5
MATERIAL_PUE_GAIN = 0.05
HISTORICAL_PUE = "uptime-2018"  # the 2018 average Strubell et al. used, not an option today


def what_ifs(inputs: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return one row per scenario and change that would cut its CO2e, with the saving in kg and percent.

    Columns: id, change, detail, co2e_kg_before, co2e_kg_after, saving_kg, saving_share.
    """
    base = estimate_frame(inputs, ref).set_index("id")
    variants = {
        "location": _at_cleanest_location(inputs, ref),
        "runs": _with_half_the_runs(inputs),
        "pue": _with_best_pue(inputs, ref),
    }
    combined = inputs.copy()
    for change, (frame, _) in variants.items():
        combined[_COLUMNS_CHANGED[change]] = frame[_COLUMNS_CHANGED[change]]
    variants["all"] = (combined, pd.Series("", index=inputs.index))
    rows = []
    for change, (frame, detail) in variants.items():
        after = estimate_frame(frame, ref).set_index("id")["co2e_kg"]
        before = base["co2e_kg"]
        out = pd.DataFrame({
            "id": base.index, "change": change, "detail": detail.to_numpy(),
            "co2e_kg_before": before.to_numpy(), "co2e_kg_after": after.reindex(base.index).to_numpy(),
        })
        rows.append(out)
    result = pd.concat(rows, ignore_index=True)
    result["saving_kg"] = result["co2e_kg_before"] - result["co2e_kg_after"]
    with np.errstate(divide="ignore", invalid="ignore"):
        result["saving_share"] = np.where(result["co2e_kg_before"] > 0,
                                          result["saving_kg"] / result["co2e_kg_before"], 0.0)
    return result[result["saving_kg"] > 1e-9].reset_index(drop=True)


_COLUMNS_CHANGED = {
    "location": ["location", "carbon_intensity_g_per_kwh"],
    "runs": ["runs"],
    "pue": ["pue_value", "pue_provider"],
}


def _at_cleanest_location(inputs: pd.DataFrame, ref: Reference) -> tuple[pd.DataFrame, pd.Series]:
    """Return the inputs moved to the cleanest alternative location, and that location per row.

    A cloud region moves to the same provider's cleanest region; anything else to the cleanest of the
    alternatives listed in data/whatif_locations.csv. A scenario whose intensity was given keeps it.
    """
    regions = ref.cloud_regions
    region_g = regions["g_per_kwh"].fillna(regions["country"].map(ref.grid_default["g_per_kwh"]))
    alternatives_g = ref.grid_default["g_per_kwh"].reindex(ref.whatif_locations.index)
    alternatives_g = alternatives_g.fillna(region_g.reindex(ref.whatif_locations.index)).dropna()
    cleanest_per_provider = region_g.groupby(regions["provider"]).idxmin()
    provider = inputs["location"].map(regions["provider"])
    target = provider.map(cleanest_per_provider).fillna(str(alternatives_g.idxmin()))
    movable = inputs["carbon_intensity_g_per_kwh"].isna()
    out = inputs.copy()
    out["location"] = inputs["location"].where(~movable, target)
    detail = out["location"].where(movable, "")
    return out, detail


def _with_half_the_runs(inputs: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Return the inputs with half as many runs (rounded up), for scenarios of more than one run."""
    out = inputs.copy()
    out["runs"] = [max(1, math.ceil(r * HALF)) for r in inputs["runs"]]
    return out, out["runs"].astype(str)


def best_pue_provider(ref: Reference) -> str:
    """Return the provider key with the lowest current PUE in data/pue.csv."""
    current = ref.pue[ref.pue["provider"] != HISTORICAL_PUE]
    return str(current["pue"].idxmin())


def _with_best_pue(inputs: pd.DataFrame, ref: Reference) -> tuple[pd.DataFrame, pd.Series]:
    """Return the inputs with the best provider PUE in data/pue.csv where that is lower than theirs."""
    best_provider = best_pue_provider(ref)
    current = resolve_inputs(inputs, ref)["pue"].to_numpy()
    # Only where the gain is material: a cloud region at 1.12 is not "improved" by moving to 1.09.
    better = ref.number("pue", best_provider, "pue") < current - MATERIAL_PUE_GAIN
    out = inputs.copy()
    out["pue_value"] = np.where(better, np.nan, inputs["pue_value"].astype(float))
    out["pue_provider"] = np.where(better, best_provider, inputs["pue_provider"].astype(object))
    detail = pd.Series(np.where(better, best_provider, ""), index=inputs.index)
    return out, detail
