"""What-ifs: the same training with one change at a time, and all changes together, ranked by saving.

Pure: each option is a modified copy of the scenario inputs, computed by the same vectorized core, so a
saving is always the difference of two results of one formula. The options are one registry, ``OPTIONS``:
what each changes, the numbers its messages need (parameters from data/whatif_options.csv) and its
messages. The terminal table, the brief's table, key message and notes all loop over the registry, so a
new option is one entry here, its catalog messages and a test.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..choices import N_, Message, Nn_
from ..reference import Reference
from .columns import SCENARIO_KEY, WHAT_IF_COLUMNS
from .emissions import compute_emissions, estimate_frame
from .footprint import DEFAULT_LIFETIME_YEARS
from .resolve import RESEARCH_PROVIDER, resolve_inputs

MATERIAL_PUE_GAIN = 0.05
# Hardware released more than LLMCarbon's five-year amortization life (footprint.DEFAULT_LIFETIME_YEARS) before the
# brief's date is written off: a brief on it describes a past training (Strubell et al.'s 2016-17 GPUs, BLOOM's 2020
# A100s in 2026) whose hardware no reader can still choose, so it gets no advice to renew it.
HISTORICAL_AGE_YEARS = DEFAULT_LIFETIME_YEARS
# Runs whose number is a choice: a search over settings, or runs of unstated purpose. Seeds and repeats serve
# reproducibility, ablations and searches a question of their own: halving them is no saving to suggest.
HALVABLE_PURPOSES = ("tuning", "unknown")
HISTORICAL_PUE = "uptime-2018"  # the 2018 average Strubell et al. used, not an option today
COMBINED = "all"

Apply = Callable[[pd.DataFrame, pd.DataFrame, Reference], tuple[pd.DataFrame, pd.Series]]


def _no_parameters(ref: Reference) -> dict[str, float]:
    """Return no parameters: an option whose messages need no number."""
    return {}


@dataclass(frozen=True)
class WhatIfOption:
    """One way to change a training: how it changes the inputs, and how it is named.

    ``header``, ``short``, ``note`` and ``detail_text`` are catalog messages. Their placeholders: %(factor)s,
    %(pue)s and %(years)s (the option's parameters), and for one scenario %(place)s, %(hardware)s, %(made)s (the
    new hardware's manufacturing), %(runs)s and %(number)s (the runs after the change) and %(before)s (the runs
    before, which choose a plural). ``detail`` says what the core's detail column names: "place", "runs",
    "hardware", "pue" or nothing. ``changes_training``: the option changes the training itself, not only
    how its energy is counted, so it can lead the brief's title.
    """

    key: str
    apply: Apply
    label: str  # English, for the terminal
    header: str
    short: str | Message  # a phrase inside a sentence, for one scenario
    note: str = ""
    detail_text: str | Message = ""  # below one scenario's saving, in parentheses
    detail: str = ""
    changes_training: bool = False
    nets_embodied: bool = False  # its saving nets the manufacturing of the new hardware it brings
    shows_market: bool = False  # the brief shows the market-based figures beside its saving, where known
    parameters: Callable[[Reference], dict[str, float]] = field(default=_no_parameters)


def what_ifs(inputs: pd.DataFrame, ref: Reference, resolved: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one row per scenario and change that would cut its CO2e, with the saving in kg and share.

    Columns: file, id, change, detail, co2e_kg_before, co2e_kg_after, saving_kg, saving_share, rank,
    embodied_kg_after (the new hardware's manufacturing for this work, netted into the saving of an option that
    replaces the hardware; NaN for any other), co2e_market_kg_before and co2e_market_kg_after (the market-based
    figures, where the core has them).
    """
    resolved = resolve_inputs(inputs, ref) if resolved is None else resolved
    now = compute_emissions(resolved)
    base = now["co2e_kg"].to_numpy()
    changes = [option.apply(inputs, resolved, ref) for option in OPTIONS.values()]
    # Every option's changed table in one frame, so the core computes them all in one vectorized pass.
    after = estimate_frame(pd.concat([changed for changed, _ in changes], ignore_index=True), ref)
    frames, combined = [], inputs.copy()
    for i, (option, (_, detail)) in enumerate(zip(OPTIONS.values(), changes, strict=True)):
        rows = after.iloc[i * len(inputs):(i + 1) * len(inputs)].reset_index(drop=True)
        made = _netted(rows, detail.ne("").to_numpy(), option.nets_embodied)
        saving = _saving(inputs, rows["co2e_kg"].to_numpy() + np.where(np.isnan(made), 0.0, made), detail,
                         option.key, base, made,
                         (now["co2e_market_kg"].to_numpy(), rows["co2e_market_kg"].to_numpy()))
        frames.append(saving)
        # Together means every option that helps on its own: one that would make a scenario worse is left out.
        helps = saving["saving_kg"].gt(1e-9).to_numpy()  # a scenario that trains nothing saves nothing (NaN)
        applied, _ = option.apply(combined, resolve_inputs(combined, ref), ref)
        combined = applied.where(pd.Series(helps, index=combined.index), combined, axis=0)
    together = estimate_frame(combined, ref)
    made = _netted(together, (combined["hardware"].fillna("") != inputs["hardware"].fillna("")).to_numpy(), True)
    frames.append(_saving(inputs, together["co2e_kg"].to_numpy() + np.where(np.isnan(made), 0.0, made),
                          pd.Series("", index=inputs.index), COMBINED, base, made,
                          (now["co2e_market_kg"].to_numpy(), together["co2e_market_kg"].to_numpy())))
    result = pd.concat(frames, ignore_index=True)
    result = result[result["saving_kg"] > 1e-9]
    result = result.sort_values([*SCENARIO_KEY, "saving_kg"], ascending=[True, True, False], kind="stable")
    result["rank"] = result.groupby(list(SCENARIO_KEY), dropna=False).cumcount() + 1
    return result.reset_index(drop=True)[[c for c in WHAT_IF_COLUMNS if c in result.columns]]


def _netted(after: pd.DataFrame, changed: np.ndarray, nets: bool) -> np.ndarray:
    """Return the manufacturing CO2e of new hardware for this work where an option that nets it changed the
    hardware, else NaN (nothing to net). New hardware of unknown manufacturing has no saving to claim: its figure
    is infinite, so the option is left out."""
    made = after["embodied_co2e_kg"].to_numpy(float)
    return np.where(changed & nets, np.where(np.isnan(made), np.inf, made), np.nan)


def _saving(inputs: pd.DataFrame, after: np.ndarray, detail: pd.Series, change: str, base: np.ndarray,
            made: np.ndarray, market: tuple[np.ndarray, np.ndarray]) -> pd.DataFrame:
    """Return the saving of one option for every scenario, from the CO2e before and after the change."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        share = np.where(base > 0, (base - after) / base, 0.0)
    return pd.DataFrame({"file": inputs["file"].to_numpy(), "id": inputs["id"].to_numpy(), "change": change,
                         "detail": detail.to_numpy(),
                         "co2e_kg_before": base, "co2e_kg_after": after, "saving_kg": base - after,
                         "saving_share": share, "embodied_kg_after": made,
                         "co2e_market_kg_before": market[0], "co2e_market_kg_after": market[1]})


def _at_cleanest_location(inputs: pd.DataFrame, resolved: pd.DataFrame,
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


def _on_next_generation(inputs: pd.DataFrame, resolved: pd.DataFrame,
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


def _with_best_pue(inputs: pd.DataFrame, resolved: pd.DataFrame, ref: Reference) -> tuple[pd.DataFrame, pd.Series]:
    """Return the inputs with the best provider PUE in data/pue.csv where that is clearly lower than theirs."""
    best_provider = best_pue_provider(ref)
    # Only where the gain is material: a cloud region at 1.12 is not "improved" by moving to 1.09.
    better = ref.number("pue", best_provider, "pue") < resolved["pue"].to_numpy() - MATERIAL_PUE_GAIN
    out = inputs.copy()
    out["pue_value"] = np.where(better, np.nan, inputs["pue_value"].astype(float))
    out["pue_provider"] = np.where(better, best_provider, inputs["pue_provider"].astype(object))
    return out, pd.Series(np.where(better, best_provider, ""), index=inputs.index)


def _with_fewer_runs(inputs: pd.DataFrame, resolved: pd.DataFrame, ref: Reference) -> tuple[pd.DataFrame, pd.Series]:
    """Return the inputs with fewer whole runs (the factor in whatif_options.csv, rounded up), for runs whose purpose
    makes their number a choice (HALVABLE_PURPOSES); the detail is the runs kept, empty where none are cut."""
    factor = _runs_factor(ref)["factor"]
    halvable = inputs["run_purpose"].fillna("unknown").isin(HALVABLE_PURPOSES).to_numpy()
    out = inputs.copy()
    out["runs"] = [max(1, math.ceil(r * factor)) if h else r for r, h in zip(inputs["runs"], halvable, strict=True)]
    cut = out["runs"].astype(float) < inputs["runs"].astype(float)
    return out, out["runs"].astype(int).astype(str).where(cut, "")


def _with_measured_draw(inputs: pd.DataFrame, resolved: pd.DataFrame,
                        ref: Reference) -> tuple[pd.DataFrame, pd.Series]:
    """Return the inputs with the hardware's measured training draw instead of its TDP, where data/ has one."""
    draw = inputs["hardware"].map(ref.hardware["draw_w"])
    usable = draw.notna() & resolved["power_basis"].eq("tdp") & ~inputs["utilisation_given"].astype(bool)
    # The median is drawn at the middle of the share of TDP a chip draws: a published draw above it is no saving.
    spread: Any = ref.uncertainty.loc["utilisation"]
    middle = inputs["hardware"].map(ref.hardware["kind"]).map((spread["low"] + spread["high"]) / 2.0)
    usable &= draw < inputs["hardware"].map(ref.hardware["tdp_w"]) * middle
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


def _runs_factor(ref: Reference) -> dict[str, float]:
    """Return the share of the runs that the fewer-runs option keeps."""
    return {"factor": float(str(ref.whatif_options.at["runs", "value"]))}


def _best_pue(ref: Reference) -> dict[str, float]:
    """Return the best provider PUE that the efficient-datacentre option moves to."""
    return {"pue": ref.number("pue", best_pue_provider(ref), "pue")}


OPTIONS: dict[str, WhatIfOption] = {o.key: o for o in (
    WhatIfOption(
        "location", _at_cleanest_location, "cleaner location", N_("Cleaner location"),
        short=N_("training on %(place)s"),
        note=N_("Cleaner location: the same training on the research system or cloud region (of the same provider) "
                "with the cleanest electricity in the reference data. The saving uses annual average intensities of "
                "the grids, not the marginal emissions that one more job causes, so it is an upper bound of what "
                "moving one job saves; where the operator's electricity purchases are known, the market-based "
                "figure is shown beside it."),
        detail="place", detail_text=N_("%(place)s"), changes_training=True, shows_market=True),
    WhatIfOption(
        "hardware", _on_next_generation, "next hardware generation", N_("Next-generation hardware"),
        short=N_("the same work on new %(hardware)s, their manufacturing counted"),
        note=N_("Next-generation hardware: the same work on the successor chip, assuming training speeds up as much "
                "as peak half-precision throughput (an optimistic bound), less the emissions of manufacturing the new "
                "chips, for the share of their life this work takes. Not offered for hardware released more than "
                "%(years)s years before this brief's date, which no reader can still choose."),
        detail="hardware", detail_text=N_("%(hardware)s; manufacturing %(made)s"), changes_training=True,
        nets_embodied=True, parameters=lambda ref: {"years": float(HISTORICAL_AGE_YEARS)}),
    WhatIfOption(
        "pue", _with_best_pue, "efficient data centre", N_("A data centre with a PUE of %(pue)s"),
        short=N_("a data centre with a PUE of %(pue)s"),
        note=N_("A data centre with a PUE of %(pue)s: the lowest provider PUE in the reference data, where that is "
                "clearly better than the scenario's."),
        detail="pue", changes_training=True, parameters=_best_pue),
    WhatIfOption(
        "runs", _with_fewer_runs, "half the runs", N_("Half the runs"),
        short=Nn_("running %(runs)s of the %(before)s run", "running %(runs)s of the %(before)s runs"),
        note=N_("Half the runs: half as many training runs, rounded up to whole runs, for a search over settings or "
                "runs whose purpose the file does not state; runs with other seeds, ablations and reruns are left "
                "as they are."),
        detail="runs", detail_text=Nn_("%(runs)s of %(before)s run", "%(runs)s of %(before)s runs"),
        changes_training=True, parameters=_runs_factor),
    WhatIfOption(
        "measured_draw", _with_measured_draw, "measured draw instead of TDP", N_("Measured draw instead of TDP"),
        short=N_("counting the chips' measured draw instead of their rated power"),
        note=N_("Measured draw instead of TDP: the chip's measured average draw under training instead of its "
                "rated power, where the reference data has one.")),
)}

# Every option together: not an option of its own, but named like one wherever the options are listed.
ALL_TOGETHER = WhatIfOption(COMBINED, lambda inputs, resolved, ref: (inputs, pd.Series("", index=inputs.index)),
                            "all together", N_("All together"), short=N_("all of these changes together"))
