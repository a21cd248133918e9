"""The parts of the footprint beside the paper's figure, drawn in the Monte Carlo: market-based CO2e,
embodied CO2e, water, and serving the model (its energy, CO2e both ways and water).

Each draw of the location-based figure gets its own draw of the carbon-free share or intensity bought, of
a device's manufacturing CO2e, life and use share, and of the water factors. These come from streams of
their own (one per part and scenario), so the location-based percentiles stay what they were. Serving is drawn
with the training's own draws of PUE, grid intensity, contract and water factors: one data centre, one grid.
A part that is not known stays NaN.
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
    the energy, CO2e (location- and market-based) and water of serving, by column.

    ``draws`` holds the block's draws by name, one row per scenario: the inputs of ``operational`` and its
    ``it_energy_kwh``, ``energy_kwh`` and ``co2e_kg``. A part that is not known stays NaN.
    """
    out = {column: np.full(len(ranges), np.nan) for column in PART_COLUMNS}
    ends = {f"{k}_{e}": ranges[f"{k}_{e}"].to_numpy(float)
            for k in MARKET + EMBODIED + WATER for e in ("low", "high")}
    size = draws["energy_kwh"].shape
    count, hours, runs, pue, intensity = (np.broadcast_to(draws[k], size) for k in (
        "count", "hours", "runs", "pue", "carbon_intensity_g_per_kwh"))
    requests = ranges["inference_requests"].to_numpy(float)
    wh_low, wh_high = ranges["inference_wh_low"].to_numpy(float), ranges["inference_wh_high"].to_numpy(float)
    served = ~np.isnan(requests) & ~np.isnan(wh_low)
    bought = ~np.isnan(ends["cfe_share_low"]) | ~np.isnan(ends["market_intensity_g_per_kwh_low"])
    watered = ~np.isnan(ends["wue_l_per_kwh_low"]) & ~np.isnan(ends["ewif_l_per_kwh_low"])

    def put(name: str, unit: str, i: int | np.integer, values: np.ndarray) -> None:
        """Store the percentiles of one scenario's draws of one part."""
        for column, value in zip(spread_columns(name, unit), np.quantile(values, quantiles), strict=True):
            out[column][i] = value

    for i in range(len(ranges)):
        # Serving shares the training's data centre, grid, contract and water factors: the same draws of each.
        if served[i]:
            uniform = np.random.default_rng([seed, keys[i], _INFERENCE_STREAM]).random(size[1])
            wh = wh_low[i] + (wh_high[i] - wh_low[i]) * uniform
            served_it_kwh = inference_energy(requests=requests[i], wh_per_request=wh, pue=1.0)
            served_kwh = inference_energy(requests=requests[i], wh_per_request=wh, pue=pue[i])
            served_kg = co2e_from_energy(energy_kwh=served_kwh, g_per_kwh=intensity[i])
            put("inference_energy", "_kwh", i, served_kwh)
            put("inference_co2e", "_kg", i, served_kg)
        if bought[i]:
            part = _part_draws(ends, MARKET, i, np.random.default_rng([seed, keys[i], _MARKET_STREAM]), size[1])
            put("co2e_market", "_kg", i, market_based(co2e_kg=draws["co2e_kg"][i], energy_kwh=draws["energy_kwh"][i],
                                                      cfe_share=part["cfe_share"],
                                                      market_g_per_kwh=part["market_intensity_g_per_kwh"]))
            if served[i]:
                put("inference_co2e_market", "_kg", i, market_based(
                    co2e_kg=served_kg, energy_kwh=served_kwh, cfe_share=part["cfe_share"],
                    market_g_per_kwh=part["market_intensity_g_per_kwh"]))
        if watered[i]:
            part = _part_draws(ends, WATER, i, np.random.default_rng([seed, keys[i], _WATER_STREAM]), size[1])
            put("water", "_l", i, water(it_energy_kwh=draws["it_energy_kwh"][i], energy_kwh=draws["energy_kwh"][i],
                                        wue_l_per_kwh=part["wue_l_per_kwh"],
                                        ewif_l_per_kwh=part["ewif_l_per_kwh"]).total_l)
            if served[i]:
                put("inference_water", "_l", i, water(it_energy_kwh=served_it_kwh, energy_kwh=served_kwh,
                                                      wue_l_per_kwh=part["wue_l_per_kwh"],
                                                      ewif_l_per_kwh=part["ewif_l_per_kwh"]).total_l)
    for j in np.flatnonzero(~np.isnan(ends["embodied_kg_per_device_low"])):
        part = _part_draws(ends, EMBODIED, j, np.random.default_rng([seed, keys[j], _EMBODIED_STREAM]), size[1])
        made = embodied(count=count[j], kg_per_device=part["embodied_kg_per_device"], hours=hours[j], runs=runs[j],
                        lifetime_years=part["lifetime_years"], use_share=part["use_share"])
        put("embodied", "_kg", j, made)
        put("co2e_total", "_kg", j, draws["co2e_kg"][j] + made)
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
