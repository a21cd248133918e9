"""What a reader compares with, and what the law asks: the headline scenario's numbers as an AI Act
statement would give them, beside the thresholds in data/ that decide whether the duty applies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core import PUBLISHED_BASIS, ScenarioResult, measured_bases
from .footprint import Spread, float_or_none


@dataclass(frozen=True)
class ReaderView:
    """The comparisons of the reader's region (BE, NL or EU), with their sources' years."""

    region: str
    person_year_kg: float
    person_year_year: int
    household_kwh: float
    household_year: int
    flight_origin: str
    flight_destination: str
    flight_km: float
    flight_kg: float
    flight_factor_year: int


@dataclass(frozen=True)
class LawView:
    """One scenario's numbers as the AI Act's documentation asks for them (Annex XI, 1.2(d) and (e))."""

    name: str
    flops: float | None          # one run: the model's training compute; None where the file gives hours
    compute_class: str           # "unknown", "below", "general-purpose" or "systemic"
    gpai_flop: float             # the Commission's indicative threshold of a general-purpose model
    systemic_flop: float         # the AI Act's presumption of systemic risk
    hardware: str
    count: float
    device_hours: float
    energy_kwh: Spread
    energy_basis: str            # "measured", "compute" (hours from FLOPs), "compute-published", "derived", "tdp"
                                 # or "published" (a published average draw of hardware without a TDP)
    location_kg: Spread
    market_kg: Spread | None
    eed_kw: float                # the Energy Efficiency Directive's reporting threshold for data centres


def reader_view(comparisons: list[dict[str, Any]], region: str) -> ReaderView:
    """Return the comparisons of ``region`` from the core's table of them."""
    row = next(r for r in comparisons if r["region"] == region)
    return ReaderView(region=region, person_year_kg=float(row["person_year_kg"]),
                      person_year_year=int(row["person_year_year"]), household_kwh=float(row["household_kwh"]),
                      household_year=int(row["household_year"]), flight_origin=str(row["flight_origin"]),
                      flight_destination=str(row["flight_destination"]), flight_km=float(row["flight_km"]),
                      flight_kg=float(row["flight_kg"]), flight_factor_year=int(row["flight_factor_year"]))


def law_view(name: str, hardware: str, row: ScenarioResult, facts: dict[str, float],
             market_kg: Spread | None) -> LawView:
    """Return the AI Act figures of one results row of the core, with the thresholds from ``facts``."""
    flops = float_or_none(row.flops)  # one run's: repeated runs train other models, not this one further
    gpai, systemic = facts["ai_act_gpai_indicative_flop"], facts["ai_act_systemic_risk_flop"]
    if flops is None:
        compute_class = "unknown"
    else:
        compute_class = "systemic" if flops > systemic else "general-purpose" if flops > gpai else "below"
    basis = str(row.power_basis)
    if basis in measured_bases():
        energy_basis = "measured"
    elif flops is not None:
        energy_basis = "compute-published" if basis == PUBLISHED_BASIS else "compute"
    else:
        energy_basis = basis
    return LawView(
        name=name, flops=flops, compute_class=compute_class, gpai_flop=gpai, systemic_flop=systemic,
        hardware=hardware, count=row.count, device_hours=row.device_hours,
        energy_kwh=_spread(row.energy_low_kwh, row.energy_median_kwh, row.energy_high_kwh), energy_basis=energy_basis,
        location_kg=_spread(row.co2e_low_kg, row.co2e_median_kg, row.co2e_high_kg), market_kg=market_kg,
        eed_kw=facts["eed_datacentre_it_kw"],
    )


def _spread(low: float, median: float, high: float) -> Spread:
    """Return the median and percentiles of a figure that every result has."""
    return Spread(median=median, low=low, high=high, varies=low < high)
