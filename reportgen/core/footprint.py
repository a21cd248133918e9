"""The parts of the footprint beside the paper's figure, drawn in the Monte Carlo: market-based CO2e,
embodied CO2e and water.

Each draw of the location-based figure gets its own draw of the carbon-free share or intensity bought, of
a device's manufacturing CO2e, life and use share, and of the water factors. These come from streams of
their own (one per part and scenario), so the location-based percentiles stay what they were. A part that is
not known stays NaN.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .formula import HOURS_PER_YEAR, inference_energy

MARKET = ("cfe_share", "market_intensity_g_per_kwh")
EMBODIED = ("embodied_kg_per_device", "lifetime_years", "use_share")
WATER = ("wue_l_per_kwh", "ewif_l_per_kwh")
PART_COLUMNS = (
    "co2e_market_low_kg", "co2e_market_median_kg", "co2e_market_high_kg",
    "embodied_low_kg", "embodied_median_kg", "embodied_high_kg",
    "co2e_total_low_kg", "co2e_total_median_kg", "co2e_total_high_kg",
    "water_low_l", "water_median_l", "water_high_l",
    "inference_co2e_low_kg", "inference_co2e_median_kg", "inference_co2e_high_kg",
)
_MARKET_STREAM, _EMBODIED_STREAM, _WATER_STREAM, _INFERENCE_STREAM = 1, 2, 3, 4


def part_quantiles(ranges: pd.DataFrame, keys: list[int], draws_of: dict[str, np.ndarray], seed: int,
                   quantiles: tuple[float, ...]) -> np.ndarray:
    """Return, for a block of scenarios, the percentiles of market-based, embodied and total CO2e and of water.

    ``draws_of`` holds the block's draws of energy, it_energy, co2e and device_hours, one row per scenario.
    A part that is not known stays NaN.
    """
    energy, co2e, device_hours = draws_of["energy"], draws_of["co2e"], draws_of["device_hours"]
    out = np.full((len(ranges), len(PART_COLUMNS)), np.nan)
    ends = {f"{k}_{e}": ranges[f"{k}_{e}"].to_numpy(float)
            for k in MARKET + EMBODIED + WATER for e in ("low", "high")}
    draws = energy.shape[1]
    for i in np.flatnonzero(~np.isnan(ends["cfe_share_low"]) | ~np.isnan(ends["market_intensity_g_per_kwh_low"])):
        u = np.random.default_rng([seed, keys[i], _MARKET_STREAM]).random((2, draws))
        share, market = (_drawn(ends, k, i, u[j]) for j, k in enumerate(MARKET))
        figure = co2e[i] * (1.0 - share) if np.isnan(ends["market_intensity_g_per_kwh_low"][i]) \
            else energy[i] * market / 1000.0
        out[i, 0:3] = np.quantile(figure, quantiles)
    for i in np.flatnonzero(~np.isnan(ends["embodied_kg_per_device_low"])):
        u = np.random.default_rng([seed, keys[i], _EMBODIED_STREAM]).random((3, draws))
        kg, life, use = (_drawn(ends, k, i, u[j]) for j, k in enumerate(EMBODIED))
        embodied = device_hours[i] * kg / (life * HOURS_PER_YEAR * use)
        out[i, 3:6] = np.quantile(embodied, quantiles)
        out[i, 6:9] = np.quantile(co2e[i] + embodied, quantiles)
    for i in np.flatnonzero(~np.isnan(ends["wue_l_per_kwh_low"]) & ~np.isnan(ends["ewif_l_per_kwh_low"])):
        u = np.random.default_rng([seed, keys[i], _WATER_STREAM]).random((2, draws))
        wue, ewif = (_drawn(ends, k, i, u[j]) for j, k in enumerate(WATER))
        out[i, 9:12] = np.quantile(draws_of["it_energy"][i] * wue + energy[i] * ewif, quantiles)
    requests = ranges["inference_requests"].to_numpy(float)
    wh_low, wh_high = ranges["inference_wh_low"].to_numpy(float), ranges["inference_wh_high"].to_numpy(float)
    pue, intensity = (np.broadcast_to(draws_of[k], energy.shape) for k in ("pue", "intensity"))
    for i in np.flatnonzero(~np.isnan(requests) & ~np.isnan(wh_low)):
        uniform = np.random.default_rng([seed, keys[i], _INFERENCE_STREAM]).random(draws)
        wh = wh_low[i] + (wh_high[i] - wh_low[i]) * uniform
        served_kwh = inference_energy(requests[i], wh, pue[i])
        out[i, 12:15] = np.quantile(served_kwh * intensity[i] / 1000.0, quantiles)
    return out


def _drawn(ends: dict[str, np.ndarray], name: str, i: int | np.integer, uniform: np.ndarray) -> np.ndarray:
    """Return the draws of one input of scenario ``i``: uniform between its ends."""
    low, high = float(ends[f"{name}_low"][i]), float(ends[f"{name}_high"][i])
    drawn: np.ndarray = low + (high - low) * uniform
    return drawn
