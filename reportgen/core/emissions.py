"""Energy, CO2e and cost for every scenario at once, vectorized with pandas.

Pure: it takes DataFrames (scenario inputs and reference tables) and returns DataFrames. It opens no
files and reads no clock, locale or environment. The formula itself is in formula.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..reference import Reference
from .formula import embodied, inference_energy, kg_to_lbs, market_based, operational, water
from .resolve import resolve_inputs
from .uncertainty import DRAWS, SEED, input_ranges, monte_carlo

RESULT_COLUMNS = (
    "id", "name", "hardware", "count", "hours", "runs", "device_hours", "parameters", "tokens", "flops", "mfu",
    "peak_tflops_16", "power_basis", "device_power_w",
    "utilisation", "host_power_w", "it_power_w", "it_energy_kwh", "pue", "pue_source", "energy_kwh", "location",
    "country", "carbon_intensity_g_per_kwh", "intensity_source", "intensity_year", "intensity_basis", "co2e_kg",
    "co2e_t", "co2e_lbs", "currency", "cloud_cost_low", "cloud_cost_high", "electricity_cost",
    "measured_devices", "measured_runs", "measured_places", "cfe_share", "market_intensity_g_per_kwh",
    "market_source", "co2e_market_kg", "embodied_kg_per_device", "lifetime_years", "use_share", "embodied_source",
    "embodied_co2e_kg", "co2e_total_kg", "wue_l_per_kwh", "wue_source", "wue_year", "ewif_l_per_kwh", "ewif_source",
    "ewif_year", "water_onsite_l", "water_offsite_l", "water_l", "inference_requests", "inference_task",
    "inference_wh_per_request", "inference_source", "inference_energy_kwh", "inference_co2e_kg",
    "inference_breakeven_requests",
)


def estimate_frame(inputs: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return the results table (point estimates) for a table of scenario inputs: one row per scenario."""
    return compute_emissions(resolve_inputs(inputs, ref)).reindex(columns=list(RESULT_COLUMNS))


def ranged_results(inputs: pd.DataFrame, ref: Reference, draws: int = DRAWS,
                   seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Return the resolved inputs, each input's range, and the results table with its Monte Carlo ranges."""
    resolved = compute_emissions(resolve_inputs(inputs, ref))
    ranges = input_ranges(inputs, resolved, ref)
    spread = monte_carlo(ranges, resolved["id"], draws, seed)
    return resolved, ranges, pd.concat([resolved.reindex(columns=list(RESULT_COLUMNS)), spread], axis=1)


def estimate_with_ranges(inputs: pd.DataFrame, ref: Reference, draws: int = DRAWS, seed: int = SEED) -> pd.DataFrame:
    """Return the results table with the Monte Carlo range of energy and CO2e of every scenario."""
    return ranged_results(inputs, ref, draws, seed)[2]


def compute_emissions(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with energy, CO2e and cost columns computed from resolved inputs."""
    out = frame.copy(deep=False)  # pandas copies on write: assigning columns never touches the caller's frame
    result = operational(out["count"], out["device_power_w"], out["host_power_w"], out["hours"], out["runs"],
                         out["pue"], out["carbon_intensity_g_per_kwh"])
    out["device_hours"] = out["count"] * out["hours"] * out["runs"]
    out["it_power_w"] = result.it_power_w
    out["it_energy_kwh"] = result.it_energy_kwh
    out["energy_kwh"] = result.energy_kwh
    out["co2e_kg"] = result.co2e_kg
    unknown = pd.Series(np.nan, index=out.index)  # frames resolved without market inputs have no market figure
    out["co2e_market_kg"] = market_based(out["co2e_kg"], out["energy_kwh"], out.get("cfe_share", unknown),
                                         out.get("market_intensity_g_per_kwh", unknown))
    out["embodied_co2e_kg"] = embodied(out["count"], out.get("embodied_kg_per_device", unknown), out["hours"],
                                       out["runs"], out.get("lifetime_years", unknown), out.get("use_share", unknown))
    out["co2e_total_kg"] = out["co2e_kg"] + out["embodied_co2e_kg"]  # unknown where the embodied part is
    drunk = water(out["it_energy_kwh"], out["energy_kwh"], out.get("wue_l_per_kwh", unknown),
                  out.get("ewif_l_per_kwh", unknown))
    out["water_onsite_l"], out["water_offsite_l"], out["water_l"] = drunk.onsite_l, drunk.offsite_l, drunk.total_l
    out = _with_inference(out, unknown)
    out["co2e_t"] = out["co2e_kg"] / 1000.0
    out["co2e_lbs"] = kg_to_lbs(out["co2e_kg"])
    out["cloud_cost_low"] = out["device_hours"] * out["cloud_price_low"]
    out["cloud_cost_high"] = out["device_hours"] * out["cloud_price_high"]
    out["electricity_cost"] = out["energy_kwh"] * out["electricity_price_per_kwh"]
    return out


def _with_inference(out: pd.DataFrame, unknown: pd.Series) -> pd.DataFrame:
    """Return ``out`` with the energy and CO2e of serving, and the requests after which serving overtakes training."""
    requests = out.get("inference_requests", unknown).astype("float64")
    if requests.isna().all():  # nothing served: the columns stay unknown without a pass over every row
        return out.assign(inference_energy_kwh=np.nan, inference_co2e_kg=np.nan, inference_breakeven_requests=np.nan)
    per_request = out.get("inference_wh_per_request", unknown).astype("float64")
    out["inference_energy_kwh"] = inference_energy(requests, per_request, out["pue"])
    out["inference_co2e_kg"] = out["inference_energy_kwh"] * out["carbon_intensity_g_per_kwh"] / 1000.0
    # Serving overtakes training after the requests whose energy equals the training's.
    one_request = inference_energy(pd.Series(1.0, index=out.index), per_request, out["pue"])
    out["inference_breakeven_requests"] = out["energy_kwh"] / one_request
    return out
