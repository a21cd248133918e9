"""The parts of the footprint beside the paper's figure, drawn in the Monte Carlo: market-based CO2e,
embodied CO2e, water, and serving the model (its energy, CO2e both ways and water).

Embodied CO2e is drawn per device-hour, since published figures come with lives of their own: uniformly between
the device's two amortized ends in data/embodied.csv (a die-only lower bound and a server-level figure), or, where
the file gives a figure, from its mass, life and use share.

Each draw of the location-based figure gets its own draw of the carbon-free share or intensity bought, of
a device's manufacturing CO2e, life and use share, and of the water factors. These come from streams of
their own (one per part and scenario), so the location-based percentiles stay what they were. Serving is drawn
with the training's own draws of PUE, grid intensity, contract and water factors: one data centre, one grid.
A part that is not known stays NaN.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..reference import Reference
from .columns import PART_COLUMNS, spread_columns
from .formula import co2e_from_energy, embodied_at_rate, embodied_rate, inference_energy, market_based, water

DEFAULT_LIFETIME_YEARS = 5.0  # LLMCarbon's amortization period, for a figure the scenario gives without a life
# The ends of the manufacturing CO2e per device-hour a scenario without a figure of its own draws between.
RATE_ENDS = ("embodied_low_kg_per_device_hour", "embodied_high_kg_per_device_hour")
MARKET = ("cfe_share", "market_intensity_g_per_kwh")
EMBODIED = ("embodied_kg_per_device", "lifetime_years", "use_share")
WATER = ("wue_l_per_kwh", "ewif_l_per_kwh")
_MARKET_STREAM, _EMBODIED_STREAM, _WATER_STREAM, _INFERENCE_STREAM = 1, 2, 3, 4


def part_quantiles(ranges: pd.DataFrame, keys: list[int], draws: dict[str, np.ndarray], seed: int,
                   quantiles: tuple[float, ...]) -> dict[str, np.ndarray]:
    """Return, for a block of scenarios, the percentiles of market-based, embodied and total CO2e, water, the
    energy, CO2e (location- and market-based) and water of serving, and training and serving together, by column.

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
            put("energy_with_serving", "_kwh", i, draws["energy_kwh"][i] + served_kwh)
            put("co2e_with_serving", "_kg", i, draws["co2e_kg"][i] + served_kg)
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
    rate_low, rate_high = (ranges[name].to_numpy(float) for name in RATE_ENDS)
    for j in np.flatnonzero(~np.isnan(rate_low)):
        rng = np.random.default_rng([seed, keys[j], _EMBODIED_STREAM])
        if np.isnan(ends["embodied_kg_per_device_low"][j]):  # the published ends: a rate per device-hour between them
            rate = rate_low[j] + (rate_high[j] - rate_low[j]) * rng.random(size[1])
        else:  # a figure the file gives: its mass, life and use share, each across its own range
            part = _part_draws(ends, EMBODIED, j, rng, size[1])
            rate = embodied_rate(part["embodied_kg_per_device"], part["lifetime_years"], part["use_share"])
        made = embodied_at_rate(count=count[j], kg_per_device_hour=rate, hours=hours[j], runs=runs[j])
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


def embodied_rates(frame: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return, per scenario, manufacturing CO2e per device-hour (central, low and high end) and its sources.

    A figure the file gives is amortized over its own life and use share (LLMCarbon's 5 years in calendar time
    where it states none) and has no range here: its inputs' ranges are drawn each. Else the device's two
    published ends in data/embodied.csv, each over its own life and use share unless the file gives those (its
    longest life and busiest use then make the low end). The central value is the middle of the two ends: neither
    is more likely from what is published. Hardware without ends and without a figure stays NaN.
    """
    given = frame["embodied_kg_per_device"].astype("float64").to_numpy()
    life, use = (frame[name].astype("float64") for name in ("lifetime_years", "use_share"))
    own = embodied_rate(given, life.fillna(DEFAULT_LIFETIME_YEARS).to_numpy(), use.fillna(1.0).to_numpy())
    stated = ~np.isnan(given)
    rates, sources = {}, []
    for end, widest in (("low", "high"), ("high", "low")):
        table = ref.embodied.xs(end, level="end").reindex(frame["hardware"].fillna(""))
        ended = {}
        for name, central in (("lifetime_years", life), ("use_share", use)):
            stated_end = frame[f"{name}_{widest}"].astype("float64").fillna(central).to_numpy()
            ended[name] = np.where(np.isnan(stated_end), table[name].to_numpy(float), stated_end)
        published = embodied_rate(table["kg_per_device"].to_numpy(float), ended["lifetime_years"], ended["use_share"])
        rates[end] = np.where(stated, own, published)
        sources.append(table["source_id"].to_numpy(object))
    pairs = zip(*sources, strict=True)
    joined = pd.Series([f"{low};{high}" if isinstance(low, str) else np.nan for low, high in pairs],
                       index=frame.index, dtype=object)
    return pd.DataFrame({
        "embodied_kg_per_device_hour": np.where(stated, own, (rates["low"] + rates["high"]) / 2),
        RATE_ENDS[0]: rates["low"], RATE_ENDS[1]: rates["high"],
        "embodied_source": joined,  # the file's own figure is labelled where the other sources are
    }, index=frame.index)


def embodied_rate_ends(resolved: pd.DataFrame) -> dict[str, np.ndarray]:
    """Return the ends of each scenario's manufacturing CO2e per device-hour, as the Monte Carlo draws them."""
    return {name: resolved[name].to_numpy(float) for name in RATE_ENDS}
