"""What-ifs: the same training with one change at a time, and all changes together, ranked by saving.

Pure: each option is a modified copy of the scenario inputs, computed by the same vectorized core, so a
saving is always the difference of two results of one formula. The options are one registry, ``OPTIONS``:
what each changes, the numbers its messages need (parameters from data/whatif_options.csv) and its
messages. The terminal table, the brief's table, key message and notes all loop over the registry, so a
new option is one entry here, its catalog messages and a test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..choices import N_, Message, Nn_
from ..reference import Reference
from .changes import (
    HISTORICAL_AGE_YEARS,
    at_cleanest_location,
    at_middle_draw,
    best_pue,
    on_next_generation,
    runs_factor,
    with_best_pue,
    with_fewer_runs,
    with_measured_draw,
)
from .columns import SCENARIO_KEY, WHAT_IF_COLUMNS
from .emissions import compute_emissions, estimate_frame
from .resolve import resolve_inputs

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
    bound: bool = False  # its saving is an optimistic bound, which a title calls one ("up to")
    # The inputs its saving is measured against where the point estimate would overstate it (None: the scenario's).
    baseline: Apply | None = None
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
        saving = _saving(inputs, _against_baseline(option, rows, inputs, resolved, ref, base)
                         + np.where(np.isnan(made), 0.0, made), detail,
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


def _against_baseline(option: WhatIfOption, after: pd.DataFrame, inputs: pd.DataFrame, resolved: pd.DataFrame,
                      ref: Reference, base: np.ndarray) -> np.ndarray:
    """Return the CO2e after the change, scaled so its share of the scenario's is its share of the option's
    baseline: a measured draw is compared with the share of TDP the median is drawn at, not with the full TDP."""
    if option.baseline is None:
        return after["co2e_kg"].to_numpy(float)
    against = estimate_frame(option.baseline(inputs, resolved, ref)[0], ref)["co2e_kg"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return after["co2e_kg"].to_numpy(float) * np.where(against > 0, base / against, 1.0)


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


OPTIONS: dict[str, WhatIfOption] = {o.key: o for o in (
    WhatIfOption(
        "location", at_cleanest_location, "cleaner location", N_("Cleaner location"),
        short=N_("training on %(place)s"),
        note=N_("Cleaner location: the same training on the research system or cloud region (same provider) with "
                "the cleanest electricity in the reference data. It uses annual average grid intensities, not the "
                "marginal emissions of one more job, so it is an upper bound of what moving one job saves; where the "
                "operator's purchases are known, the market-based figure is shown beside it."),
        detail="place", detail_text=N_("%(place)s"), changes_training=True, shows_market=True),
    WhatIfOption(
        "hardware", on_next_generation, "next hardware generation", N_("Next-generation hardware"),
        short=N_("the same work on new %(hardware)s with their manufacturing counted"),
        note=N_("Next-generation hardware: the same work on the successor chip, assuming training speeds up as much "
                "as peak half-precision throughput (an optimistic bound), less the emissions of manufacturing the new "
                "chips, for the share of their life this work takes. Not offered for hardware released more than "
                "%(years)s years before this brief's date, which no reader can still choose."),
        detail="hardware", detail_text=N_("%(hardware)s; manufacturing %(made)s"), changes_training=True,
        nets_embodied=True, bound=True, parameters=lambda ref: {"years": float(HISTORICAL_AGE_YEARS)}),
    WhatIfOption(
        "pue", with_best_pue, "efficient data centre", N_("A data centre with a PUE of %(pue)s"),
        short=N_("a data centre with a PUE of %(pue)s"),
        note=N_("A data centre with a PUE of %(pue)s: the lowest provider PUE in the reference data, where that is "
                "clearly better than the scenario's."),
        detail="pue", changes_training=True, parameters=best_pue),
    WhatIfOption(
        "runs", with_fewer_runs, "half the runs", N_("Half the runs"),
        short=Nn_("running %(runs)s of the %(before)s run", "running %(runs)s of the %(before)s runs"),
        note=N_("Half the runs: half as many runs, rounded up, for a search over settings or runs of unstated "
                "purpose; runs with other seeds, ablations and reruns are kept."),
        detail="runs", detail_text=Nn_("%(runs)s of %(before)s run", "%(runs)s of %(before)s runs"),
        changes_training=True, parameters=runs_factor),
    WhatIfOption(
        "measured_draw", with_measured_draw, "measured draw instead of TDP", N_("Measured draw instead of TDP"),
        short=N_("counting the chips' measured draw instead of their rated power"),
        note=N_("Measured draw instead of TDP: the chip's measured average draw under training instead of its "
                "rated power, where the reference data has one."), baseline=at_middle_draw),
)}

# Every option together: not an option of its own, but named like one wherever the options are listed.
ALL_TOGETHER = WhatIfOption(COMBINED, lambda inputs, resolved, ref: (inputs, pd.Series("", index=inputs.index)),
                            "all together", N_("All together"), short=N_("all of these changes together"))
