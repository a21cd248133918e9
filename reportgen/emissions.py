"""The calculation core: energy, CO2e and cost for every scenario at once, vectorized with pandas.

Pure: it takes DataFrames (scenario inputs and reference tables) and returns DataFrames. It opens no
files and reads no clock, locale or environment. The formula is Strubell et al. (2019), generalized:

    device_power_w = measured average draw, or catalogue TDP x utilisation
    it_power_w     = count x device_power_w + host_power_w
    it_energy_kwh  = it_power_w x hours x runs / 1000
    energy_kwh     = it_energy_kwh x PUE
    co2e_kg        = energy_kwh x carbon_intensity_g_per_kwh / 1000
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .reference import LB_KG, ON_PREMISE, Reference
from .uncertainty import DRAWS, SEED, input_ranges, monte_carlo

SCENARIO_SOURCE = "scenario"

RESULT_COLUMNS = (
    "id", "name", "hardware", "count", "hours", "runs", "device_hours", "power_basis", "device_power_w",
    "utilisation", "host_power_w", "it_power_w", "it_energy_kwh", "pue", "pue_source", "energy_kwh", "location",
    "country", "carbon_intensity_g_per_kwh", "intensity_source", "intensity_year", "co2e_kg", "co2e_t",
    "co2e_lbs", "currency", "cloud_cost_low", "cloud_cost_high", "electricity_cost",
)


RANGE_COLUMNS = ("energy_low_kwh", "energy_median_kwh", "energy_high_kwh", "co2e_low_kg", "co2e_median_kg",
                 "co2e_high_kg")


def estimate_frame(inputs: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return the results table for a table of scenario inputs: one row per scenario."""
    resolved = resolve_inputs(inputs, ref)
    return compute_emissions(resolved)[list(RESULT_COLUMNS)]


def estimate_with_ranges(inputs: pd.DataFrame, ref: Reference, draws: int = DRAWS, seed: int = SEED) -> pd.DataFrame:
    """Return the results table with the Monte Carlo range of energy and CO2e of every scenario."""
    return ranged_results(inputs, ref, draws, seed)[2]


def ranged_results(inputs: pd.DataFrame, ref: Reference, draws: int = DRAWS,
                   seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Return the resolved inputs, each input's range, and the results table with its Monte Carlo ranges."""
    resolved = compute_emissions(resolve_inputs(inputs, ref))
    ranges = input_ranges(inputs, resolved, ref)
    spread = monte_carlo(ranges, resolved, draws, seed)
    return resolved, ranges, pd.concat([resolved[list(RESULT_COLUMNS)], spread], axis=1)


def resolve_inputs(inputs: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return the inputs with device power, PUE and grid intensity looked up in the reference tables."""
    out = inputs.copy()
    out["count"] = out["count"].astype("float64")
    out["runs"] = out["runs"].astype("float64")
    out = _with_device_power(out, ref)
    out = _with_intensity(out, ref)
    return _with_pue(out, ref)


def compute_emissions(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with energy, CO2e and cost columns computed from resolved inputs."""
    out = frame.copy()
    out["device_hours"] = out["count"] * out["hours"] * out["runs"]
    out["it_power_w"] = out["count"] * out["device_power_w"] + out["host_power_w"]
    out["it_energy_kwh"] = out["it_power_w"] * out["hours"] * out["runs"] / 1000.0
    out["energy_kwh"] = out["it_energy_kwh"] * out["pue"]
    out["co2e_kg"] = out["energy_kwh"] * out["carbon_intensity_g_per_kwh"] / 1000.0
    out["co2e_t"] = out["co2e_kg"] / 1000.0
    out["co2e_lbs"] = out["co2e_kg"] / LB_KG
    out["cloud_cost_low"] = out["device_hours"] * out["cloud_price_low"]
    out["cloud_cost_high"] = out["device_hours"] * out["cloud_price_high"]
    out["electricity_cost"] = out["energy_kwh"] * out["electricity_price_per_kwh"]
    return out


def _with_device_power(frame: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return ``frame`` with the per-device power used and whether it was measured or from the TDP."""
    tdp_w = frame["hardware"].map(ref.hardware["tdp_w"]).astype("float64")
    measured = frame["device_power_w"].notna()
    frame["device_power_w"] = frame["device_power_w"].astype("float64").where(measured, tdp_w * frame["utilisation"])
    basis = np.where(measured, "measured", "tdp")
    if "measurement" in frame:
        basis = np.where(frame["measurement"].notna(), frame["measurement"], basis)
    frame["power_basis"] = basis
    return frame


def _with_intensity(frame: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return ``frame`` with each scenario's country, grid intensity, its source and its year."""
    location = frame["location"]
    region = location.map(ref.cloud_regions["country"])
    frame["country"] = region.fillna(location.where(location.isin(ref.grid_default.index)))
    by_country = ref.grid_default.reindex(frame["country"].fillna(""))
    by_region = ref.cloud_regions.reindex(location.fillna(""))
    has_region_value = by_region["g_per_kwh"].notna().to_numpy()
    lookup_g = np.where(has_region_value, by_region["g_per_kwh"], by_country["g_per_kwh"])
    lookup_source = np.where(has_region_value, by_region["source_id"], by_country["source_id"])
    lookup_year = np.where(has_region_value, by_region["year"], by_country["year"])
    given = frame["carbon_intensity_g_per_kwh"].notna().to_numpy()
    frame["carbon_intensity_g_per_kwh"] = np.where(given, frame["carbon_intensity_g_per_kwh"], lookup_g).astype(float)
    frame["intensity_source"] = np.where(given, SCENARIO_SOURCE, lookup_source)
    frame["intensity_year"] = pd.array(np.where(given, np.nan, lookup_year).astype(float)).astype("Int64")
    return frame


def _with_pue(frame: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return ``frame`` with the PUE used: given, a provider's default, the cloud region's, or on-premise."""
    region_provider = frame["location"].map(ref.cloud_regions["provider"])
    provider = frame["pue_provider"].fillna(region_provider.where(region_provider.isin(ref.pue.index)))
    provider = provider.fillna(ON_PREMISE)
    given = frame["pue_value"].notna()
    frame["pue"] = frame["pue_value"].astype("float64").where(given, provider.map(ref.pue["pue"]))
    frame["pue_source"] = np.where(given, SCENARIO_SOURCE, provider.map(ref.pue["source_id"]))
    return frame
