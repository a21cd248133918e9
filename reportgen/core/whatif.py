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

import numpy as np
import pandas as pd

from ..choices import N_, Message, Nn_
from ..reference import Reference
from .columns import SCENARIO_KEY
from .emissions import compute_emissions, estimate_frame
from .resolve import resolve_inputs

MATERIAL_PUE_GAIN = 0.05
HISTORICAL_PUE = "uptime-2018"  # the 2018 average Strubell et al. used, not an option today
COMBINED = "all"

Apply = Callable[[pd.DataFrame, pd.DataFrame, Reference], tuple[pd.DataFrame, pd.Series]]


def _no_parameters(ref: Reference) -> dict[str, float]:
    """Return no parameters: an option whose messages need no number."""
    return {}


@dataclass(frozen=True)
class WhatIfOption:
    """One way to change a training: how it changes the inputs, and how it is named.

    ``header``, ``short``, ``note``, ``header_detail`` and ``detail_text`` are catalog messages. Their
    placeholders: %(factor)s and %(pue)s (the option's parameters), and for one scenario %(place)s,
    %(hardware)s, %(runs)s and %(number)s (the runs after the change, which also choose a plural) and
    %(before)s (the runs before). ``detail`` says what the core's detail column names: "place", "runs",
    "hardware", "pue" or nothing. ``changes_training``: the option changes the training itself, not only
    how its energy is counted, so it can lead the brief's title.
    """

    key: str
    apply: Apply
    label: str  # English, for the terminal
    header: str
    short: str | Message  # a phrase inside a sentence, for one scenario
    note: str = ""
    header_detail: str = ""  # after the header in the brief's table
    detail_text: str | Message = ""  # below one scenario's saving, in parentheses
    detail: str = ""
    changes_training: bool = False
    parameters: Callable[[Reference], dict[str, float]] = field(default=_no_parameters)


def what_ifs(inputs: pd.DataFrame, ref: Reference, resolved: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one row per scenario and change that would cut its CO2e, with the saving in kg and share.

    Columns: file, id, change, detail, co2e_kg_before, co2e_kg_after, saving_kg, saving_share, rank.
    """
    resolved = resolve_inputs(inputs, ref) if resolved is None else resolved
    base = compute_emissions(resolved)["co2e_kg"].to_numpy()
    changes = [option.apply(inputs, resolved, ref) for option in OPTIONS.values()]
    # Every option's changed table in one frame, so the core computes them all in one vectorized pass.
    after = estimate_frame(pd.concat([changed for changed, _ in changes], ignore_index=True), ref)["co2e_kg"]
    frames, combined = [], inputs.copy()
    for i, (option, (_, detail)) in enumerate(zip(OPTIONS.values(), changes, strict=True)):
        saving = _saving(inputs, after.to_numpy()[i * len(inputs):(i + 1) * len(inputs)], detail, option.key, base)
        frames.append(saving)
        # Together means every option that helps on its own: one that would make a scenario worse is left out.
        helps = saving["saving_kg"].gt(1e-9).to_numpy()  # a scenario that trains nothing saves nothing (NaN)
        applied, _ = option.apply(combined, resolve_inputs(combined, ref), ref)
        combined = applied.where(pd.Series(helps, index=combined.index), combined, axis=0)
    frames.append(_saving(inputs, estimate_frame(combined, ref)["co2e_kg"].to_numpy(),
                          pd.Series("", index=inputs.index), COMBINED, base))
    result = pd.concat(frames, ignore_index=True)
    result = result[result["saving_kg"] > 1e-9]
    result = result.sort_values([*SCENARIO_KEY, "saving_kg"], ascending=[True, True, False], kind="stable")
    result["rank"] = result.groupby(list(SCENARIO_KEY), dropna=False).cumcount() + 1
    return result.reset_index(drop=True)


def _saving(inputs: pd.DataFrame, after: np.ndarray, detail: pd.Series, change: str,
            base: np.ndarray) -> pd.DataFrame:
    """Return the saving of one option for every scenario, from the CO2e before and after the change."""
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(base > 0, (base - after) / base, 0.0)
    return pd.DataFrame({"file": inputs["file"].to_numpy(), "id": inputs["id"].to_numpy(), "change": change,
                         "detail": detail.to_numpy(),
                         "co2e_kg_before": base, "co2e_kg_after": after, "saving_kg": base - after,
                         "saving_share": share})


def _at_cleanest_location(inputs: pd.DataFrame, resolved: pd.DataFrame,
                          ref: Reference) -> tuple[pd.DataFrame, pd.Series]:
    """Return the inputs moved to the cleanest alternative location, and that location per row.

    A cloud region moves to the same provider's cleanest region whose intensity has the same basis (life-cycle
    or direct) as its own, so that a saving compares like with like; anything else to the cleanest of the
    alternatives listed in data/whatif_locations.csv with the same basis. A scenario whose intensity was given
    keeps it.
    """
    regions = ref.cloud_regions
    region_g = regions["g_per_kwh"].fillna(regions["country"].map(ref.grid_default["g_per_kwh"]))
    alternatives = ref.grid_default.reindex(ref.whatif_locations.index).dropna(subset=["g_per_kwh"])
    cleanest_country = alternatives.groupby("basis")["g_per_kwh"].idxmin()  # one per basis
    group = regions["provider"] + "/" + ref.region_basis.fillna("")
    cleanest_per_group = region_g.groupby(group).idxmin()
    scenario_group = inputs["location"].map(group)
    country_basis = inputs["location"].map(ref.grid_default["basis"])
    target = scenario_group.map(cleanest_per_group).fillna(country_basis.map(cleanest_country))
    target = target.fillna(inputs["location"])  # no alternative of the same basis: stay
    movable = inputs["carbon_intensity_g_per_kwh"].isna()
    out = inputs.copy()
    out["location"] = inputs["location"].where(~movable, target)
    return out, out["location"].where(movable, "")


def _on_next_generation(inputs: pd.DataFrame, resolved: pd.DataFrame,
                        ref: Reference) -> tuple[pd.DataFrame, pd.Series]:
    """Return the inputs on the successor hardware at equal work: time scaled by peak throughput, power by TDP."""
    hw = ref.hardware
    successor = inputs["hardware"].map(hw["successor"]).replace("", np.nan)
    # Each chip's peak at its default precision (16-bit, else 32-bit): the one training at equal work would use.
    perf_now = inputs["hardware"].map(_default_peak(ref))
    perf_next = successor.map(_default_peak(ref))
    tdp_now = inputs["hardware"].map(hw["tdp_w"])
    tdp_next = successor.map(hw["tdp_w"])
    usable = (perf_now.notna() & perf_next.notna() & tdp_now.notna() & tdp_next.notna()).to_numpy()
    out = inputs.copy()
    speedup = (perf_next / perf_now).where(usable, 1.0)
    out["hours"] = inputs["hours"] / speedup
    out["device_power_w"] = (resolved["device_power_w"] * tdp_next / tdp_now).where(usable, inputs["device_power_w"])
    out["hardware"] = successor.where(usable, inputs["hardware"])
    return out, successor.where(usable, "").fillna("")


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
    """Return the inputs with fewer runs (the factor in whatif_options.csv, rounded up), for repeated training runs."""
    factor = _runs_factor(ref)["factor"]
    out = inputs.copy()
    out["runs"] = [max(1, math.ceil(r * factor)) for r in inputs["runs"]]
    return out, out["runs"].astype(int).astype(str)


def _with_measured_draw(inputs: pd.DataFrame, resolved: pd.DataFrame,
                        ref: Reference) -> tuple[pd.DataFrame, pd.Series]:
    """Return the inputs with the hardware's measured training draw instead of its TDP, where data/ has one.

    A draw of the GPU alone adds to the host power; a system draw per processor includes its share of it.
    """
    draw = inputs["hardware"].map(ref.hardware["draw_w"])
    usable = draw.notna() & resolved["power_basis"].eq("tdp") & ~inputs["utilisation_given"].astype(bool)
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
        short=N_("training in %(place)s"),
        note=N_("Cleaner location: the same training where generating electricity emits least, among the same "
                "cloud provider's regions or a list of European countries in the reference data."),
        detail="place", detail_text=N_("%(place)s"), changes_training=True),
    WhatIfOption(
        "hardware", _on_next_generation, "next hardware generation", N_("Next hardware generation"),
        short=N_("the same work on %(hardware)s"),
        note=N_("Next hardware generation: the same work on the successor chip, assuming training speeds up as "
                "much as peak half-precision throughput (an optimistic bound)."),
        detail="hardware", detail_text=N_("%(hardware)s"), changes_training=True),
    WhatIfOption(
        "pue", _with_best_pue, "efficient data centre", N_("Efficient data centre"),
        short=N_("a data centre with a PUE of %(pue)s"),
        note=N_("Efficient data centre: the lowest provider PUE in the reference data (%(pue)s), where that is "
                "clearly better than the scenario's."),
        detail="pue", header_detail=N_("(PUE %(pue)s)"), changes_training=True, parameters=_best_pue),
    WhatIfOption(
        "runs", _with_fewer_runs, "fewer runs", N_("%(factor)s of the runs"),
        short=Nn_("%(runs)s run instead of %(before)s", "%(runs)s runs instead of %(before)s"),
        note=N_("%(factor)s of the runs (rounded up): for instance random search instead of a full grid."),
        detail="runs", detail_text=Nn_("%(number)s run", "%(number)s runs"), changes_training=True,
        parameters=_runs_factor),
    WhatIfOption(
        "measured_draw", _with_measured_draw, "measured draw instead of TDP", N_("Measured draw instead of TDP"),
        short=N_("counting the chips' measured draw instead of their rated power"),
        note=N_("Measured draw instead of TDP: the chip's measured average draw under training instead of its "
                "rated power, where the reference data has one.")),
)}

# Every option together: not an option of its own, but named like one wherever the options are listed.
ALL_TOGETHER = WhatIfOption(COMBINED, lambda inputs, resolved, ref: (inputs, pd.Series("", index=inputs.index)),
                            "all together", N_("All together"), short=N_("all of these changes together"))
