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

from .columns import PART_COLUMNS, spread_columns
from .formula import co2e_from_energy, embodied, inference_energy, market_based, water

MARKET = ("cfe_share", "market_intensity_g_per_kwh")
EMBODIED = ("embodied_kg_per_device", "lifetime_years", "use_share")
WATER = ("wue_l_per_kwh", "ewif_l_per_kwh")
_MARKET_STREAM, _EMBODIED_STREAM, _WATER_STREAM, _INFERENCE_STREAM = 1, 2, 3, 4


def part_quantiles(ranges: pd.DataFrame, keys: list[int], draws: dict[str, np.ndarray], seed: int,
                   quantiles: tuple[float, ...]) -> dict[str, np.ndarray]:
    """Return, for a block of scenarios, the percentiles of market-based, embodied and total CO2e, water and
    the CO2e of serving, by column.

    ``draws`` holds the block's draws by name, one row per scenario: the inputs of ``operational`` and its
    ``it_energy_kwh``, ``energy_kwh`` and ``co2e_kg``. A part that is not known stays NaN.
    """
    out = {column: np.full(len(ranges), np.nan) for column in PART_COLUMNS}
    ends = {f"{k}_{e}": ranges[f"{k}_{e}"].to_numpy(float)
            for k in MARKET + EMBODIED + WATER for e in ("low", "high")}
    size = draws["energy_kwh"].shape
    count, hours, runs, pue, intensity = (np.broadcast_to(draws[k], size) for k in (
        "count", "hours", "runs", "pue", "carbon_intensity_g_per_kwh"))

    def put(name: str, unit: str, i: int | np.integer, values: np.ndarray) -> None:
        """Store the percentiles of one scenario's draws of one part."""
        for column, value in zip(spread_columns(name, unit), np.quantile(values, quantiles), strict=True):
            out[column][i] = value

    for i in np.flatnonzero(~np.isnan(ends["cfe_share_low"]) | ~np.isnan(ends["market_intensity_g_per_kwh_low"])):
        part = _part_draws(ends, MARKET, i, np.random.default_rng([seed, keys[i], _MARKET_STREAM]), size[1])
        put("co2e_market", "_kg", i, market_based(co2e_kg=draws["co2e_kg"][i], energy_kwh=draws["energy_kwh"][i],
                                                  cfe_share=part["cfe_share"],
                                                  market_g_per_kwh=part["market_intensity_g_per_kwh"]))
    for i in np.flatnonzero(~np.isnan(ends["embodied_kg_per_device_low"])):
        part = _part_draws(ends, EMBODIED, i, np.random.default_rng([seed, keys[i], _EMBODIED_STREAM]), size[1])
        made = embodied(count=count[i], kg_per_device=part["embodied_kg_per_device"], hours=hours[i], runs=runs[i],
                        lifetime_years=part["lifetime_years"], use_share=part["use_share"])
        put("embodied", "_kg", i, made)
        put("co2e_total", "_kg", i, draws["co2e_kg"][i] + made)
    for i in np.flatnonzero(~np.isnan(ends["wue_l_per_kwh_low"]) & ~np.isnan(ends["ewif_l_per_kwh_low"])):
        part = _part_draws(ends, WATER, i, np.random.default_rng([seed, keys[i], _WATER_STREAM]), size[1])
        put("water", "_l", i, water(it_energy_kwh=draws["it_energy_kwh"][i], energy_kwh=draws["energy_kwh"][i],
                                    wue_l_per_kwh=part["wue_l_per_kwh"], ewif_l_per_kwh=part["ewif_l_per_kwh"]).total_l)
    requests = ranges["inference_requests"].to_numpy(float)
    wh_low, wh_high = ranges["inference_wh_low"].to_numpy(float), ranges["inference_wh_high"].to_numpy(float)
    for i in np.flatnonzero(~np.isnan(requests) & ~np.isnan(wh_low)):
        uniform = np.random.default_rng([seed, keys[i], _INFERENCE_STREAM]).random(size[1])
        wh = wh_low[i] + (wh_high[i] - wh_low[i]) * uniform
        served_kwh = inference_energy(requests=requests[i], wh_per_request=wh, pue=pue[i])
        put("inference_co2e", "_kg", i, co2e_from_energy(energy_kwh=served_kwh, g_per_kwh=intensity[i]))
    return out


def _part_draws(ends: dict[str, np.ndarray], names: tuple[str, ...], i: int | np.integer, rng: np.random.Generator,
                draws: int) -> dict[str, np.ndarray]:
    """Return the draws of one part's inputs for scenario ``i`` by name: each uniform between its ends."""
    uniform = rng.random((len(names), draws))  # one row per input, in the order of ``names``
    drawn = {}
    for row, name in zip(uniform, names, strict=True):
        low, high = float(ends[f"{name}_low"][i]), float(ends[f"{name}_high"][i])
        drawn[name] = low + (high - low) * row
    return drawn
