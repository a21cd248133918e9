"""Energy, CO2e and cost for every scenario at once, vectorized with pandas.

Pure: it takes DataFrames (scenario inputs and reference tables) and returns DataFrames. It opens no
files and reads no clock, locale or environment. The formula itself is in formula.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..reference import Reference
from .columns import POINT_COLUMNS
from .formula import (
    OPERATIONAL_INPUTS,
    co2e_from_energy,
    embodied_at_rate,
    inference_energy,
    kg_to_lbs,
    market_based,
    operational,
    water,
)
from .law import ai_act_columns
from .middles import input_medians
from .resolve import resolve_inputs
from .uncertainty import DRAWS, SEED, input_ranges, monte_carlo


def estimate_frame(inputs: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return the results table (point estimates) for a table of scenario inputs: one row per scenario."""
    return compute_emissions(resolve_inputs(inputs, ref)).reindex(columns=list(POINT_COLUMNS))


def ranged_results(inputs: pd.DataFrame, ref: Reference, draws: int = DRAWS,
                   seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Return the resolved inputs, each input's range, and the results table with its Monte Carlo ranges."""
    resolved = compute_emissions(resolve_inputs(inputs, ref))
    ranges = input_ranges(inputs, resolved, ref)
    spread = monte_carlo(ranges, resolved["id"], draws, seed)
    law = ai_act_columns(resolved, ref)
    medians = input_medians(ranges, resolved)
    # Serving overtakes training, by the medians a brief shows: the training's energy over serving's per request.
    medians["inference_breakeven_median_requests"] = spread["energy_median_kwh"] / (
        spread["inference_energy_median_kwh"] / resolved["inference_requests"].astype(float))
    return resolved, ranges, pd.concat([resolved.reindex(columns=list(POINT_COLUMNS)), spread, law, medians],
                                       axis=1)


def estimate_with_ranges(inputs: pd.DataFrame, ref: Reference, draws: int = DRAWS, seed: int = SEED) -> pd.DataFrame:
    """Return the results table with the Monte Carlo range of energy and CO2e of every scenario."""
    return ranged_results(inputs, ref, draws, seed)[2]


def compute_emissions(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with energy, CO2e and cost columns computed from resolved inputs."""
    out = frame.copy(deep=False)  # pandas copies on write: assigning columns never touches the caller's frame
    result = operational(**{name: out[name] for name in OPERATIONAL_INPUTS})
    out["device_hours"] = out["count"] * out["hours"] * out["runs"]
    out["it_power_w"] = result.it_power_w
    out["it_energy_kwh"] = result.it_energy_kwh
    out["energy_kwh"] = result.energy_kwh
    out["co2e_kg"] = result.co2e_kg
    unknown = pd.Series(np.nan, index=out.index)  # frames resolved without market inputs have no market figure
    out["co2e_market_kg"] = market_based(out["co2e_kg"], out["energy_kwh"], out.get("cfe_share", unknown),
                                         out.get("market_intensity_g_per_kwh", unknown))
    out["embodied_co2e_kg"] = embodied_at_rate(out["count"], out.get("embodied_kg_per_device_hour", unknown),
                                               out["hours"], out["runs"])
    out["co2e_total_kg"] = out["co2e_kg"] + out["embodied_co2e_kg"]  # unknown where the embodied part is
    water_l = water(out["it_energy_kwh"], out["energy_kwh"], out.get("wue_l_per_kwh", unknown),
                    out.get("ewif_l_per_kwh", unknown))
    out["water_onsite_l"], out["water_offsite_l"], out["water_l"] = water_l.onsite_l, water_l.offsite_l, water_l.total_l
    out = _with_inference(out, unknown)
    out["co2e_t"] = out["co2e_kg"] / 1000.0
    out["co2e_lbs"] = kg_to_lbs(out["co2e_kg"])
    out["cloud_cost_low"] = out["device_hours"] * out["cloud_price_low"]
    out["cloud_cost_high"] = out["device_hours"] * out["cloud_price_high"]
    out["electricity_cost"] = out["energy_kwh"] * out["electricity_price_per_kwh"]
    return out


def _with_inference(out: pd.DataFrame, unknown: pd.Series) -> pd.DataFrame:
    """Return ``out`` with the energy, CO2e (location- and market-based) and water of serving, and the requests
    after which serving overtakes training."""
    requests = out.get("inference_requests", unknown).astype("float64")
    if requests.isna().all():  # nothing served: the columns stay unknown without a pass over every row
        return out.assign(inference_energy_kwh=np.nan, inference_co2e_kg=np.nan, inference_co2e_market_kg=np.nan,
                          inference_water_onsite_l=np.nan, inference_water_offsite_l=np.nan, inference_water_l=np.nan,
                          inference_breakeven_requests=np.nan)
    per_request = out.get("inference_wh_per_request", unknown).astype("float64")
    it_kwh = inference_energy(requests, per_request, pd.Series(1.0, index=out.index))
    out["inference_energy_kwh"] = inference_energy(requests, per_request, out["pue"])
    out["inference_co2e_kg"] = co2e_from_energy(out["inference_energy_kwh"], out["carbon_intensity_g_per_kwh"])
    # Serving buys the same electricity and uses the same water as the training it follows.
    out["inference_co2e_market_kg"] = market_based(out["inference_co2e_kg"], out["inference_energy_kwh"],
                                                   out.get("cfe_share", unknown),
                                                   out.get("market_intensity_g_per_kwh", unknown))
    served_water = water(it_kwh, out["inference_energy_kwh"], out.get("wue_l_per_kwh", unknown),
                         out.get("ewif_l_per_kwh", unknown))
    out["inference_water_onsite_l"] = served_water.onsite_l
    out["inference_water_offsite_l"] = served_water.offsite_l
    out["inference_water_l"] = served_water.total_l
    # Serving overtakes training after the requests whose energy equals the training's.
    one_request = inference_energy(pd.Series(1.0, index=out.index), per_request, out["pue"])
    out["inference_breakeven_requests"] = out["energy_kwh"] / one_request
    return out
