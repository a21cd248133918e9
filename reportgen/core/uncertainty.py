"""Uncertainty: the range of every input, a seeded Monte Carlo over all of them, and which input matters most.

Pure, like the rest of the core. Each input is drawn uniformly between its low and high end: a range the
scenario gives; else a documented default range from data/uncertainty.csv (share of TDP drawn per hardware
kind, a measured draw +/-2%, a provider's PUE); else, for grid intensity, the spread between the recent
sources of one basis in data/. Inputs given as one number with no honest default stay fixed.

The result is the 5th percentile, the median and the 95th percentile of the draws, as they are: never
widened, clamped or moved toward the point estimate. Each scenario draws from its own generator, seeded by
its id, so its numbers do not depend on the other scenarios computed with it.
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np
import pandas as pd

from ..reference import Reference
from .columns import SPREAD_COLUMNS, spread_columns
from .footprint import EMBODIED, MARKET, WATER, embodied_rate_ends, part_quantiles
from .formula import OPERATIONAL_INPUTS, compute_hours, operational
from .resolve import PUBLISHED_BASIS, measured_bases, pue_provider, utilisation_size
from .utilisation import utilisation_quantiles

DRAWS = 20_000
SEED = 20190605  # fixed: the same file always gives the same numbers
CHUNK = 64       # scenarios per block, so memory stays bounded whatever the number of scenarios
QUANTILES = (0.05, 0.5, 0.95)
INTERVAL = round(QUANTILES[2] - QUANTILES[0], 6)  # the share of draws between the low and the high end
_MFU_STREAM = 9  # the draws of utilisation come from a stream of their own, beside the footprint's parts
UNCERTAIN = OPERATIONAL_INPUTS  # drawn by name; the order only fixes which row of a scenario's uniforms each gets
# Devices and runs come in whole numbers: a range of them is drawn as one of its whole numbers, each as likely
# (runs: [5, 10] is 5, 6, ... or 10 runs, 7.5 on average, which the paper's method takes as its central value).
WHOLE = ("count", "runs")


def input_ranges(inputs: pd.DataFrame, resolved: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return the low and high end of every uncertain input, one row per scenario (equal ends where fixed)."""
    out = pd.DataFrame(index=resolved.index)
    for name in ("count", "hours", "runs", "host_power_w"):
        out[f"{name}_low"] = inputs[f"{name}_low"].fillna(resolved[name]).astype(float).to_numpy()
        out[f"{name}_high"] = inputs[f"{name}_high"].fillna(resolved[name]).astype(float).to_numpy()
    out["device_power_w_low"], out["device_power_w_high"] = _device_power_range(inputs, resolved, ref)
    out["pue_low"], out["pue_high"] = _pue_range(inputs, resolved, ref)
    g_low, g_high = _intensity_range(inputs, resolved, ref)
    out["carbon_intensity_g_per_kwh_low"], out["carbon_intensity_g_per_kwh_high"] = g_low, g_high
    for name, values in _mfu_range(inputs, resolved, ref).items():
        out[name] = values
    out["flops"] = resolved["flops"].astype(float).to_numpy()
    out["peak_tflops"] = resolved["peak_tflops"].astype(float).to_numpy()
    # Hours given by compute span the utilisation's range (the most at its low end), so the sensitivity table
    # sees it; the Monte Carlo draws them from the utilisation itself.
    by_compute = ~np.isnan(out["flops"].to_numpy())
    count = resolved["count"].to_numpy(float)
    for end, mfu_end in (("low", "mfu_high"), ("high", "mfu_low")):
        derived = compute_hours(out["flops"].to_numpy(), count, out["peak_tflops"].to_numpy(),
                                out[mfu_end].to_numpy())
        out[f"hours_{end}"] = np.where(by_compute, derived, out[f"hours_{end}"].to_numpy())
    task_low = inputs["inference_task"].map(ref.inference["low"]).astype(float)
    task_high = inputs["inference_task"].map(ref.inference["high"]).astype(float)
    given = inputs["inference_wh_per_request"].notna()
    central = resolved["inference_wh_per_request"].astype(float)
    out["inference_wh_low"] = inputs["inference_wh_per_request_low"].astype(float).where(given, task_low) \
        .fillna(central).to_numpy()
    out["inference_wh_high"] = inputs["inference_wh_per_request_high"].astype(float).where(given, task_high) \
        .fillna(central).to_numpy()
    out["inference_requests"] = resolved["inference_requests"].astype(float).to_numpy()
    for name in MARKET + EMBODIED + WATER:  # a default (one published figure) stays fixed; a range given is drawn
        given = inputs[name].notna()
        for end in ("low", "high"):
            column = inputs[f"{name}_{end}"].astype(float)
            out[f"{name}_{end}"] = column.where(given).fillna(resolved[name]).to_numpy()
    return out.assign(**embodied_rate_ends(resolved))


def _mfu_range(inputs: pd.DataFrame, resolved: pd.DataFrame, ref: Reference) -> dict[str, np.ndarray]:
    """Return the model FLOPs utilisation of scenarios given by compute: its 5th and 95th percentile, and, where
    the scenario states none, the log-normal it is drawn from (fitted to published trainings); NaN elsewhere.
    """
    by_compute = resolved["flops"].notna().to_numpy()
    given = inputs["mfu"].notna().to_numpy()
    log_mean, log_sd, low, high = utilisation_quantiles(ref, resolved["hardware"], utilisation_size(resolved))
    central = resolved["mfu"].astype(float)
    stated_low = inputs["mfu_low"].astype(float).fillna(central).to_numpy(float)
    stated_high = inputs["mfu_high"].astype(float).fillna(central).to_numpy(float)
    fitted = by_compute & ~given
    return {"mfu_low": np.where(by_compute, np.where(given, stated_low, low), np.nan),
            "mfu_high": np.where(by_compute, np.where(given, stated_high, high), np.nan),
            "mfu_log_mean": np.where(fitted, log_mean, np.nan), "mfu_log_sd": np.where(fitted, log_sd, np.nan)}


def _device_power_range(inputs: pd.DataFrame, resolved: pd.DataFrame, ref: Reference) -> tuple[np.ndarray, np.ndarray]:
    """Return the range of the power per device: given, measured +/- a margin, or TDP x a share of it."""
    central = resolved["device_power_w"].to_numpy(float)
    tdp = resolved["hardware"].map(ref.hardware["tdp_w"]).to_numpy(float)
    kind = resolved["hardware"].map(ref.hardware["kind"]).fillna("gpu")
    share = ref.uncertainty.loc["utilisation"]
    default_low = kind.map(share["low"]).fillna(1.0).to_numpy(float)
    default_high = kind.map(share["high"]).fillna(1.0).to_numpy(float)
    u_low = inputs["utilisation_low"].to_numpy(float)
    u_high = inputs["utilisation_high"].to_numpy(float)
    given_share = inputs["utilisation_given"].to_numpy(bool)
    low = np.where(~np.isnan(u_low), tdp * u_low, np.where(given_share, central, tdp * default_low))
    high = np.where(~np.isnan(u_high), tdp * u_high, np.where(given_share, central, tdp * default_high))
    margin: Any = ref.uncertainty.loc[("measured", "any")]
    basis = resolved["power_basis"]
    measured = basis.isin(measured_bases()).to_numpy()
    stated = basis.ne("tdp").to_numpy()  # measured, or derived from published totals: no default margin
    given_low = inputs["device_power_w_low"].to_numpy(float)
    given_high = inputs["device_power_w_high"].to_numpy(float)
    stated_low = np.where(measured, central * float(margin["low"]), central)
    stated_high = np.where(measured, central * float(margin["high"]), central)
    low = np.where(stated, np.where(np.isnan(given_low), stated_low, given_low), low)
    high = np.where(stated, np.where(np.isnan(given_high), stated_high, given_high), high)
    # A published average draw varies by the standard deviation its source gives (a uniform range of the same
    # spread, half-width sqrt(3) sd), and stays fixed where the source gives none.
    half_width = resolved["hardware"].map(ref.hardware["draw_sd_pct"]).to_numpy(float) * np.sqrt(3) / 100.0
    spread = basis.eq(PUBLISHED_BASIS).to_numpy() & ~np.isnan(half_width)
    low = np.where(spread, central * (1 - half_width), low)
    high = np.where(spread, central * (1 + half_width), high)
    return low, high


def _pue_range(inputs: pd.DataFrame, resolved: pd.DataFrame, ref: Reference) -> tuple[np.ndarray, np.ndarray]:
    """Return the PUE range: given, the provider's documented spread, or none for a given number."""
    central = resolved["pue"].to_numpy(float)
    provider = pue_provider(inputs, ref).where(inputs["pue_value"].isna(), "")
    spread = ref.uncertainty.loc["pue"]
    low = provider.map(spread["low"]).to_numpy(float)
    high = provider.map(spread["high"]).to_numpy(float)
    low = np.where(np.isnan(low), central, low)
    high = np.where(np.isnan(high), central, high)
    low = np.where(inputs["pue_value_low"].notna(), inputs["pue_value_low"], low).astype(float)
    high = np.where(inputs["pue_value_high"].notna(), inputs["pue_value_high"], high).astype(float)
    return low, high


def _intensity_range(inputs: pd.DataFrame, resolved: pd.DataFrame, ref: Reference) -> tuple[np.ndarray, np.ndarray]:
    """Return the grid intensity range: given, else the span of the place's recent sources of one basis,
    widened by how much published factors for one place disagree (data/uncertainty.csv).

    A cloud region with a value of its own spans its own sources (region_intensity.csv); any other place spans
    its country's. A single source still gets the disagreement between sources: never a zero-width range.
    """
    central = resolved["carbon_intensity_g_per_kwh"].to_numpy(float)
    own_region_value = resolved["location"].map(ref.cloud_regions["g_per_kwh"]).notna().to_numpy()
    spans = {}
    for end in ("low", "high"):
        by_country = resolved["country"].map(ref.intensity_spread[end]).to_numpy(float)
        by_region = resolved["location"].map(ref.region_spread[end]).to_numpy(float)
        span = np.where(own_region_value, by_region, by_country)
        spans[end] = np.where(np.isnan(span), central, span)
    factor: Any = ref.uncertainty.loc[("intensity", "between-sources")]
    # A mix of places (from a log) is a weighted mean: its looked-up value is one point, spread like one source.
    mixed = resolved["intensity_basis"].eq("mixed").to_numpy()
    low = np.where(mixed, central, spans["low"]) * float(factor["low"])
    high = np.where(mixed, central, spans["high"]) * float(factor["high"])
    given = inputs["carbon_intensity_g_per_kwh"].notna().to_numpy()
    given_low = inputs["carbon_intensity_g_per_kwh_low"].to_numpy(float)
    given_high = inputs["carbon_intensity_g_per_kwh_high"].to_numpy(float)
    low = np.where(given, np.where(np.isnan(given_low), central, given_low), low)
    high = np.where(given, np.where(np.isnan(given_high), central, given_high), high)
    return low, high


def _seed_key(scenario_id: Any) -> int:
    """Return the part of a scenario's seed that comes from its own id (not from its file's position)."""
    return zlib.crc32(str(scenario_id).encode("utf-8"))


def monte_carlo(ranges: pd.DataFrame, ids: pd.Series, draws: int = DRAWS, seed: int = SEED) -> pd.DataFrame:
    """Return the 5th percentile, median and 95th percentile of energy, CO2e and every part of the footprint."""
    n = len(ranges)
    columns = {column: np.full(n, np.nan) for column in SPREAD_COLUMNS}
    lows = {k: ranges[f"{k}_low"].to_numpy(float) for k in UNCERTAIN}
    spans = {k: ranges[f"{k}_high"].to_numpy(float) - lows[k] for k in UNCERTAIN}
    keys = [_seed_key(i) for i in ids]
    for start in range(0, n, CHUNK):
        block = slice(start, min(start + CHUNK, n))
        drawn = _inputs_drawn(lows, spans, keys[block], block, seed, draws)
        drawn["hours"] = _hours_drawn(ranges.iloc[block], keys[block], drawn, seed, draws)
        result = operational(**{k: drawn[k] for k in OPERATIONAL_INPUTS})
        size = (block.stop - block.start, draws)
        drawn |= {name: np.broadcast_to(getattr(result, name), size)
                  for name in ("it_energy_kwh", "energy_kwh", "co2e_kg")}
        device_hours = drawn["count"] * drawn["hours"] * drawn["runs"]
        spreads = {"energy": drawn["energy_kwh"], "co2e": drawn["co2e_kg"]}
        for name, values in spreads.items():
            _store(columns, spread_columns(name, "_kwh" if name == "energy" else "_kg"), block,
                   np.quantile(values, QUANTILES, axis=1))
        # Device hours vary only where count, hours or runs do; a column of fixed values needs no sorting.
        _store(columns, spread_columns("device_hours", ""), block,
               np.quantile(np.broadcast_to(device_hours, size), QUANTILES, axis=1) if np.shape(device_hours)[1] > 1
               else np.repeat(device_hours, len(QUANTILES), axis=1).T)
        for column, values in part_quantiles(ranges.iloc[block], keys[block], drawn, seed, QUANTILES).items():
            columns[column][block] = values
    return pd.DataFrame(columns, index=ranges.index)


def _store(columns: dict[str, np.ndarray], names: tuple[str, ...], block: slice, quantiles: np.ndarray) -> None:
    """Store a block's quantiles (one row per quantile) in the columns they are named by."""
    for name, row in zip(names, quantiles, strict=True):
        columns[name][block] = row


def _inputs_drawn(lows: dict[str, np.ndarray], spans: dict[str, np.ndarray], keys: list[int], block: slice,
                  seed: int, draws: int) -> dict[str, np.ndarray]:
    """Return a block's draws of the uncertain inputs by name, one row per scenario (a column where fixed)."""
    # Each scenario's generator gives one row of uniforms per input, in UNCERTAIN's order.
    uniform = np.stack([np.random.default_rng([seed, key]).random((len(UNCERTAIN), draws)) for key in keys])
    drawn = {}
    for j, name in enumerate(UNCERTAIN):
        low, span = lows[name][block, None], spans[name][block, None]
        if not span.any():  # fixed in every scenario of the block: no draws are spent on it
            drawn[name] = low
        elif name in WHOLE:
            drawn[name] = low + np.floor((span + 1) * uniform[:, j, :])
        else:
            drawn[name] = low + span * uniform[:, j, :]
    return drawn


def _hours_drawn(block: pd.DataFrame, keys: list[int], drawn: dict[str, np.ndarray], seed: int,
                 draws: int) -> np.ndarray:
    """Return the block's draws of hours: as drawn, except for scenarios given by compute, whose hours follow
    from their FLOPs, the drawn device count and a draw of the model FLOPs utilisation (from a stream of its own).
    """
    flops = block["flops"].to_numpy(float)
    by_compute = np.flatnonzero(~np.isnan(flops))
    if not len(by_compute):
        return drawn["hours"]
    hours = np.array(np.broadcast_to(drawn["hours"], (len(block), draws)))
    count = np.broadcast_to(drawn["count"], (len(block), draws))
    for i in by_compute:
        rng = np.random.default_rng([seed, keys[i], _MFU_STREAM])
        log_mean, log_sd = float(block["mfu_log_mean"].iloc[i]), float(block["mfu_log_sd"].iloc[i])
        if np.isnan(log_sd):  # a range the scenario states: each value in it as likely
            low, high = float(block["mfu_low"].iloc[i]), float(block["mfu_high"].iloc[i])
            mfu = low + (high - low) * rng.random(draws)
        else:  # fitted to published trainings: log-normal
            mfu = np.exp(log_mean + log_sd * rng.standard_normal(draws))
        hours[i] = compute_hours(flops[i], count[i], float(block["peak_tflops"].iloc[i]), mfu)
    return hours
