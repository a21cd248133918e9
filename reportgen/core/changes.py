"""The changes a what-if makes to a scenario's inputs: each returns the changed inputs and, per scenario, what
it changed to (a place, a hardware, a number of runs), empty where it leaves the scenario as it is."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..reference import Reference
from .footprint import DEFAULT_LIFETIME_YEARS
from .resolve import RESEARCH_PROVIDER

MATERIAL_PUE_GAIN = 0.05
# Hardware released more than LLMCarbon's five-year amortization life (footprint.DEFAULT_LIFETIME_YEARS) before the
# brief's date is written off: a brief on it describes a past training (Strubell et al.'s 2016-17 GPUs, BLOOM's 2020
# A100s in 2026) whose hardware no reader can still choose, so it gets no advice to renew it.
HISTORICAL_AGE_YEARS = DEFAULT_LIFETIME_YEARS
# Runs whose number is a choice: a search over settings, or runs of unstated purpose. Seeds and repeats serve
# reproducibility, ablations and searches a question of their own: halving them is no saving to suggest.
HALVABLE_PURPOSES = ("tuning", "unknown")
HISTORICAL_PUE = "uptime-2018"  # the 2018 average Strubell et al. used, not an option today


def at_cleanest_location(inputs: pd.DataFrame, resolved: pd.DataFrame,
                          ref: Reference) -> tuple[pd.DataFrame, pd.Series]:
    """Return the inputs moved to the cleanest alternative location, and that location per row.

    A cloud region moves to the same provider's cleanest region whose intensity has the same basis (life-cycle
    or direct) as its own, so that a saving compares like with like; anything else to the cleanest of the
    research systems listed in data/whatif_locations.csv with the same basis: capacity a European researcher can
    apply for, not a country no reader can move a job to. A scenario whose intensity was given keeps it.
    """
    regions = ref.cloud_regions
    region_g = regions["g_per_kwh"].fillna(regions["country"].map(ref.grid_default["g_per_kwh"]))
    candidates = ref.whatif_locations.index.to_series()
    candidate_g = candidates.map(region_g).fillna(candidates.map(ref.grid_default["g_per_kwh"])).dropna()
    candidate_basis = candidates.map(ref.region_basis).fillna(candidates.map(ref.grid_default["basis"]))
    cleanest_candidate = candidate_g.groupby(candidate_basis.reindex(candidate_g.index)).idxmin()  # one per basis
    group = regions["provider"] + "/" + ref.region_basis.fillna("")
    cleanest_per_group = region_g.groupby(group).idxmin()
    scenario_group = inputs["location"].map(group)
    scenario_basis = inputs["location"].map(ref.region_basis).fillna(inputs["location"].map(ref.grid_default["basis"]))
    research = inputs["location"].map(regions["provider"]).eq(RESEARCH_PROVIDER)
    by_provider = scenario_group.map(cleanest_per_group).where(~research)
    target = by_provider.fillna(scenario_basis.map(cleanest_candidate))
    target = target.fillna(inputs["location"])  # no alternative of the same basis: stay
    movable = inputs["carbon_intensity_g_per_kwh"].isna()
    out = inputs.copy()
    out["location"] = inputs["location"].where(~movable, target)
    return out, out["location"].where(movable, "")


def on_next_generation(inputs: pd.DataFrame, resolved: pd.DataFrame,
                        ref: Reference) -> tuple[pd.DataFrame, pd.Series]:
    """Return the inputs on the successor hardware at equal work: time scaled by peak throughput, power by TDP.

    Hardware the brief treats as historical (``historical_hardware``) stays. The new hardware's manufacturing is
    its own published figure: a figure the file gives for its own hardware does not carry over.
    """
    hw = ref.hardware
    successor = inputs["hardware"].map(hw["successor"]).replace("", np.nan).where(~historical_hardware(inputs, ref))
    # Each chip's peak at its default precision (16-bit, else 32-bit): the one training at equal work would use.
    perf_now = inputs["hardware"].map(_default_peak(ref)).astype("float64")  # float64: not pyarrow's NA
    perf_next = successor.map(_default_peak(ref)).astype("float64")
    tdp_now = inputs["hardware"].map(hw["tdp_w"]).astype("float64")
    tdp_next = successor.map(hw["tdp_w"]).astype("float64")
    usable = (perf_now.notna() & perf_next.notna() & tdp_now.notna() & tdp_next.notna()).to_numpy()
    out = inputs.copy()
    speedup = (perf_next / perf_now).where(usable, 1.0)
    out["hours"] = inputs["hours"] / speedup
    out["device_power_w"] = (resolved["device_power_w"] * tdp_next / tdp_now).where(usable, inputs["device_power_w"])
    out["hardware"] = successor.where(usable, inputs["hardware"])
    for name in ("embodied_kg_per_device", "embodied_kg_per_device_low", "embodied_kg_per_device_high"):
        out[name] = inputs[name].where(~usable, np.nan)
    return out, successor.where(usable, "").fillna("")


def historical_hardware(inputs: pd.DataFrame, ref: Reference) -> pd.Series:
    """Return, per scenario, whether its hardware was released more than HISTORICAL_AGE_YEARS before the brief's
    own date; a file without a date is taken as current."""
    released = inputs["hardware"].map(ref.hardware["release_year"]).astype("float64")
    as_of = pd.to_numeric(inputs["as_of_year"], errors="coerce").astype("float64")
    return (as_of - released > HISTORICAL_AGE_YEARS).fillna(False).astype(bool)


def _default_peak(ref: Reference) -> pd.Series:
    """Return, per hardware id, its dense peak at the precision a scenario naming none is computed at."""
    return ref.hardware["peak_tflops_16"].fillna(ref.hardware["peak_tflops_32"])


def best_pue_provider(ref: Reference) -> str:
    """Return the provider key with the lowest current PUE in data/pue.csv."""
    current = ref.pue[(ref.pue["provider"] != HISTORICAL_PUE) & (ref.pue["whatif"] == "yes")]
    return str(current["pue"].idxmin())


def with_best_pue(inputs: pd.DataFrame, resolved: pd.DataFrame, ref: Reference) -> tuple[pd.DataFrame, pd.Series]:
    """Return the inputs with the best provider PUE in data/pue.csv where that is clearly lower than theirs."""
    best_provider = best_pue_provider(ref)
    # Only where the gain is material: a cloud region at 1.12 is not "improved" by moving to 1.09.
    better = ref.number("pue", best_provider, "pue") < resolved["pue"].to_numpy() - MATERIAL_PUE_GAIN
    out = inputs.copy()
    out["pue_value"] = np.where(better, np.nan, inputs["pue_value"].astype(float))
    out["pue_provider"] = np.where(better, best_provider, inputs["pue_provider"].astype(object))
    return out, pd.Series(np.where(better, best_provider, ""), index=inputs.index)


def with_fewer_runs(inputs: pd.DataFrame, resolved: pd.DataFrame, ref: Reference) -> tuple[pd.DataFrame, pd.Series]:
    """Return the inputs with fewer whole runs (the factor in whatif_options.csv, rounded up), for runs whose purpose
    makes their number a choice (HALVABLE_PURPOSES); the detail is the runs kept, empty where none are cut."""
    factor = runs_factor(ref)["factor"]
    halvable = inputs["run_purpose"].fillna("unknown").isin(HALVABLE_PURPOSES).to_numpy()
    out = inputs.copy()
    out["runs"] = [max(1, math.ceil(r * factor)) if h else r for r, h in zip(inputs["runs"], halvable, strict=True)]
    cut = out["runs"].astype(float) < inputs["runs"].astype(float)
    return out, out["runs"].astype(int).astype(str).where(cut, "")


def _measured_draw_usable(inputs: pd.DataFrame, resolved: pd.DataFrame,
                          ref: Reference) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Return the hardware's measured training draw, whether it replaces a TDP, and the middle share of TDP."""
    draw = inputs["hardware"].map(ref.hardware["draw_w"])
    usable = draw.notna() & resolved["power_basis"].eq("tdp") & ~inputs["utilisation_given"].astype(bool)
    # The median is drawn at the middle of the share of TDP a chip draws: a published draw above it is no saving.
    spread: Any = ref.uncertainty.loc["utilisation"]
    middle = inputs["hardware"].map(ref.hardware["kind"]).map((spread["low"] + spread["high"]) / 2.0)
    return draw, usable & (draw < inputs["hardware"].map(ref.hardware["tdp_w"]) * middle), middle


def at_middle_draw(inputs: pd.DataFrame, resolved: pd.DataFrame,
                    ref: Reference) -> tuple[pd.DataFrame, pd.Series]:
    """Return the inputs drawing the middle share of TDP where a measured draw would replace it: the baseline of
    that option, as the median counts the chips' power."""
    _, usable, middle = _measured_draw_usable(inputs, resolved, ref)
    out = inputs.copy()
    out["device_power_w"] = (inputs["hardware"].map(ref.hardware["tdp_w"]) * middle).where(usable,
                                                                                             inputs["device_power_w"])
    return out, pd.Series("", index=inputs.index)


def with_measured_draw(inputs: pd.DataFrame, resolved: pd.DataFrame,
                        ref: Reference) -> tuple[pd.DataFrame, pd.Series]:
    """Return the inputs with the hardware's measured training draw instead of its TDP, where data/ has one."""
    draw, usable, _ = _measured_draw_usable(inputs, resolved, ref)
    # A system draw per processor (Patterson et al.) holds the host's share already: it replaces the host power.
    system = inputs["hardware"].map(ref.hardware["draw_scope"]).eq("system") & usable
    # A published standard deviation becomes a uniform range of the same spread (half-width sqrt(3) sd).
    half_width = inputs["hardware"].map(ref.hardware["draw_sd_pct"]) * math.sqrt(3) / 100.0
    spread = usable & half_width.notna()
    out = inputs.copy()
    out["device_power_w"] = draw.where(usable, inputs["device_power_w"])
    out["device_power_w_low"] = (draw * (1 - half_width)).where(spread, inputs["device_power_w_low"])
    out["device_power_w_high"] = (draw * (1 + half_width)).where(spread, inputs["device_power_w_high"])
    out["host_power_w"] = inputs["host_power_w"].where(~system, 0.0)
    return out, inputs["hardware"].where(usable, "").fillna("")


def runs_factor(ref: Reference) -> dict[str, float]:
    """Return the share of the runs that the fewer-runs option keeps."""
    return {"factor": float(str(ref.whatif_options.at["runs", "value"]))}


def best_pue(ref: Reference) -> dict[str, float]:
    """Return the best provider PUE that the efficient-datacentre option moves to."""
    return {"pue": ref.number("pue", best_pue_provider(ref), "pue")}
