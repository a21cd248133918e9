"""The whole footprint of each scenario, as the brief shows it beside the paper's operational figure."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..core.scenario_result import ScenarioResult


@dataclass(frozen=True)
class Spread:
    """A central estimate (the median) with the 5th and 95th percentile of its draws."""

    median: float
    low: float
    high: float
    varies: bool  # whether the ends differ (else the figure has no range)


@dataclass(frozen=True)
class ServingView:
    """Serving a scenario's model after its training: energy, CO2e both ways and water, each from one set of draws."""

    requests: float
    energy_kwh: Spread              # with the data centre's overhead
    co2e_kg: Spread                 # location-based, at the training's grid
    market_kg: Spread | None        # net of the carbon-free electricity bought, where known
    water_l: Spread | None          # on site + off site, where both factors are known
    water_onsite_l: float | None    # point estimates of each part, where known
    water_offsite_l: float | None


@dataclass(frozen=True)
class FootprintView:
    """One scenario's footprint, part by part; a part no source gives is None (the brief says "not known")."""

    id: str                         # the scenario's id: names need not be unique
    name: str
    operational_kg: Spread          # location-based electricity, the paper's method: the brief's headline figure
    market_kg: Spread | None        # market-based: net of the carbon-free electricity bought
    embodied_kg: Spread | None      # manufacturing, amortized over the devices' busy life
    total_kg: Spread | None         # operational + embodied
    water_l: Spread | None          # on site + off site
    water_onsite_l: float | None    # point estimates of each part, where known
    water_offsite_l: float | None
    serving: ServingView | None = None  # where the file says how often the model is used


def footprint_view(name: str, row: ScenarioResult) -> FootprintView:
    """Return the footprint of one results row of the core."""
    return FootprintView(
        id=row.id, name=name,
        operational_kg=_spread(row.co2e_low_kg, row.co2e_median_kg, row.co2e_high_kg)
        or Spread(math.nan, math.nan, math.nan, False),
        market_kg=_spread(row.co2e_market_low_kg, row.co2e_market_median_kg, row.co2e_market_high_kg),
        embodied_kg=_spread(row.embodied_low_kg, row.embodied_median_kg, row.embodied_high_kg),
        total_kg=_spread(row.co2e_total_low_kg, row.co2e_total_median_kg, row.co2e_total_high_kg),
        water_l=_spread(row.water_low_l, row.water_median_l, row.water_high_l),
        water_onsite_l=float_or_none(row.water_onsite_l),
        water_offsite_l=float_or_none(row.water_offsite_l),
        serving=_serving_view(row),
    )


def _serving_view(row: ScenarioResult) -> ServingView | None:
    """Return the footprint of serving one scenario's model, or None where the file gives no requests."""
    energy = _spread(row.inference_energy_low_kwh, row.inference_energy_median_kwh, row.inference_energy_high_kwh)
    co2e = _spread(row.inference_co2e_low_kg, row.inference_co2e_median_kg, row.inference_co2e_high_kg)
    if energy is None or co2e is None:
        return None
    return ServingView(
        requests=row.inference_requests, energy_kwh=energy, co2e_kg=co2e,
        market_kg=_spread(row.inference_co2e_market_low_kg, row.inference_co2e_market_median_kg,
                          row.inference_co2e_market_high_kg),
        water_l=_spread(row.inference_water_low_l, row.inference_water_median_l, row.inference_water_high_l),
        water_onsite_l=float_or_none(row.inference_water_onsite_l),
        water_offsite_l=float_or_none(row.inference_water_offsite_l),
    )


PARTS = ("market", "embodied", "total", "water")  # the columns beside the operational figure, in order


def known_parts(views: tuple[FootprintView, ...]) -> tuple[str, ...]:
    """Return the parts at least one scenario has a figure for: the brief's table leaves out columns of blanks."""
    served = [v.serving for v in views if v.serving is not None]
    known = {
        "market": any(v.market_kg for v in views) or any(s.market_kg for s in served),
        "embodied": any(v.embodied_kg for v in views), "total": any(v.total_kg for v in views),
        "water": any(v.water_l or v.water_onsite_l is not None or v.water_offsite_l is not None for v in views)
        or any(s.water_l or s.water_onsite_l is not None or s.water_offsite_l is not None for s in served),
    }
    return tuple(part for part in PARTS if known[part])


def _spread(*ends: float) -> Spread | None:
    """Return the median and percentiles of a figure (low, median, high), or None where they are unknown."""
    low, median, high = (float_or_none(end) for end in ends)
    if low is None or median is None or high is None:
        return None
    return Spread(median=median, low=low, high=high, varies=low < high)


def float_or_none(value: Any) -> float | None:
    """Return a float, or None for a value that is missing or NaN."""
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number
