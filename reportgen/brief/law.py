"""What a reader compares with, and what the law asks: the core's AI Act conclusion for the headline scenario,
its numbers as the technical documentation gives them, and the rules of data/law.csv they rest on."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from ..core import PUBLISHED_BASIS, ScenarioResult, measured_bases
from ..reference import Reference
from .footprint import Spread, float_or_none

NEAR = 3.0  # below the criterion by less than this factor: the section says it may still be general-purpose


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
    generation_kwh: float = 0.0     # electricity generated in the region in a year
    generation_year: int = 0
    datacentre_kwh: float = 0.0     # the EU's data centres' electricity in a year
    datacentre_year: int = 0


@dataclass(frozen=True)
class LawFacts:
    """The thresholds and dates of data/law.csv that the law section states."""

    gpai_flop: float             # the Commission's indicative criterion of a general-purpose model
    systemic_flop: float         # the AI Act's presumption of systemic risk
    modifier_share: float        # a modifier becomes a provider above this share of the original's compute
    obligations_from: dt.date    # Article 113(b)
    legacy_deadline: dt.date     # Article 111(3)
    enforcement_from: dt.date    # the Commission's enforcement powers
    eed_kw: float                # the Energy Efficiency Directive's reporting threshold for data centres


@dataclass(frozen=True)
class OtherClass:
    """Another scenario of the brief whose conclusion differs from the headline's."""

    name: str
    flops: float
    model_class: str


@dataclass(frozen=True)
class LawView:
    """One scenario's AI Act conclusion and its numbers as the documentation asks for them (Annex XI, 1.2(d), (e))."""

    name: str
    flops: float | None          # one run's training compute; None where neither the file nor the hardware gives it
    flops_low: float | None
    flops_high: float | None
    flops_method: str            # "compute" (the file's), "hardware" (the Commission's method) or "unknown"
    model_class: str             # "unknown", "below", "below-near", "general-purpose" or "systemic"
    modifier: str                # "": not a modification; "within-third", "above-third"; "fine-tune": base unstated
    base_flops: float | None
    modifier_limit: float | None  # a third of the base's compute; for a fine-tune without one, the base it would take
    duty: str                    # what follows (labels.LAW_DUTIES), "" where nothing more is to be said
    legacy: bool                 # the Article 111(3) date applies
    released: dt.date | None     # when the model was placed on the market, where the file states it
    research_open: bool          # a modification whose file leaves open that it serves research alone
    near_exemptions: bool        # below but near the criterion, with an exemption the file leaves open
    others: tuple[OtherClass, ...]
    hardware: str
    count: float
    runs: float                  # the documentation's hours and energy are of every run, the compute of one
    device_hours: float
    energy_kwh: Spread
    energy_basis: str            # "measured", "compute" (hours from FLOPs), "compute-published", "derived", "tdp"
                                 # or "published" (a published average draw of hardware without a TDP)
    pue: float
    pue_clause: str              # "measured" (only the devices measured), "included" or "none" (PUE 1)
    location_kg: Spread
    market_kg: Spread | None
    market_basis: str            # "cfe": net of a carbon-free share matched hour by hour; "intensity": market-based
    facts: LawFacts


def reader_view(comparisons: list[dict[str, Any]], region: str) -> ReaderView:
    """Return the comparisons of ``region`` from the core's table of them."""
    row = next(r for r in comparisons if r["region"] == region)
    return ReaderView(region=region, person_year_kg=float(row["person_year_kg"]),
                      person_year_year=int(row["person_year_year"]), household_kwh=float(row["household_kwh"]),
                      household_year=int(row["household_year"]), flight_origin=str(row["flight_origin"]),
                      flight_destination=str(row["flight_destination"]), flight_km=float(row["flight_km"]),
                      flight_kg=float(row["flight_kg"]), flight_factor_year=int(row["flight_factor_year"]),
                      generation_kwh=float(row["generation_kwh"]), generation_year=int(row["generation_year"]),
                      datacentre_kwh=float(row["datacentre_kwh"]), datacentre_year=int(row["datacentre_year"]))


def law_facts(ref: Reference) -> LawFacts:
    """Return the thresholds and dates of data/law.csv that the law section states."""
    return LawFacts(gpai_flop=ref.law_number("gpai_indicative_flop"),
                    systemic_flop=ref.law_number("systemic_risk_flop"),
                    modifier_share=ref.law_number("modifier_compute_share"),
                    obligations_from=ref.law_date("obligations_from"), legacy_deadline=ref.law_date("legacy_deadline"),
                    enforcement_from=ref.law_date("enforcement_from"), eed_kw=ref.law_number("eed_datacentre_it_kw"))


def law_view(name: str, hardware: str, row: ScenarioResult, facts: LawFacts, market_kg: Spread | None,
             training_type: str = "", others: tuple[OtherClass, ...] = ()) -> LawView:
    """Return the AI Act conclusion and figures of one results row of the core."""
    flops = float_or_none(row.training_flops)
    basis = str(row.power_basis)
    measured = basis in measured_bases()
    modifier = _modifier(row, training_type)
    return LawView(
        name=name, flops=flops, flops_low=float_or_none(row.training_flops_low),
        flops_high=float_or_none(row.training_flops_high), flops_method=row.training_flops_method or "unknown",
        model_class=_class(row, facts), modifier=modifier,
        base_flops=float_or_none(row.base_model_flops), modifier_limit=_modifier_limit(row, facts),
        duty=_duty(row), legacy=row.ai_act_legacy_deadline is not None,
        released=dt.date.fromisoformat(row.released) if row.released else None,
        research_open=modifier != "" and row.research_only is None,
        near_exemptions=_near_exemptions(row, facts),
        others=others, hardware=hardware, count=row.count, runs=row.runs, device_hours=row.device_hours,
        energy_kwh=_spread(row.energy_low_kwh, row.energy_median_kwh, row.energy_high_kwh),
        energy_basis=_energy_basis(basis, measured, float_or_none(row.flops)), pue=row.pue_median,
        pue_clause="measured" if measured and row.pue > 1 else "included" if row.pue > 1 else "none",
        location_kg=_spread(row.co2e_low_kg, row.co2e_median_kg, row.co2e_high_kg), market_kg=market_kg,
        market_basis="cfe" if not math.isnan(row.cfe_share) else "intensity", facts=facts,
    )


def other_classes(rows: list[tuple[str, ScenarioResult]], headline: ScenarioResult) -> tuple[OtherClass, ...]:
    """Return the other trainings whose class differs from the headline's, named as the brief names them.

    A modification is classed by its original model, so it is compared with none: the one-third rule decides it.
    """
    if not math.isnan(headline.base_model_flops):
        return ()
    return tuple(OtherClass(name=name, flops=row.training_flops, model_class=str(row.ai_act_class))
                 for name, row in rows
                 if row.id != headline.id and row.ai_act_class != headline.ai_act_class
                 and row.ai_act_class not in (None, "unknown") and math.isnan(row.base_model_flops))


def _class(row: ScenarioResult, facts: LawFacts) -> str:
    """Return the class as the section words it: below the criterion, and near it, read apart."""
    model_class = row.ai_act_class or "unknown"
    if model_class == "below" and row.training_flops * NEAR >= facts.gpai_flop:
        return "below-near"
    return model_class


def _modifier(row: ScenarioResult, training_type: str) -> str:
    """Return how the one-third rule for modifiers applies: measured against the base, or stated as a condition."""
    if not math.isnan(row.base_model_flops):
        return "above-third" if row.ai_act_new_provider else "within-third"
    return "fine-tune" if training_type == "fine-tuning" and not math.isnan(row.training_flops) else ""


def _modifier_limit(row: ScenarioResult, facts: LawFacts) -> float | None:
    """Return the compute the one-third rule turns on: a third of the base's, or the base that this is a third of."""
    if not math.isnan(row.base_model_flops):
        return row.base_model_flops * facts.modifier_share
    return float_or_none(row.training_flops / facts.modifier_share)


def _duty(row: ScenarioResult) -> str:
    """Return the key of the sentence on what follows for the maker ("" where the class says it all)."""
    duty = row.ai_act_duty or "unknown"
    if duty in ("none", "unknown"):
        return ""
    if duty == "applies-unless-exempt":
        if row.open_weights == "restricted":
            return "unless-licence" if row.research_only is False else "unless-licence-or-research"
        open_open = row.open_weights is None and row.ai_act_class != "systemic"
        return "unless-both" if open_open and row.research_only is None else "unless-open" if open_open \
            else "unless-research"
    return duty


def _near_exemptions(row: ScenarioResult, facts: LawFacts) -> bool:
    """Return whether a model near the criterion has an exemption the file leaves open (or states)."""
    near = row.ai_act_class == "below" and row.training_flops * NEAR >= facts.gpai_flop
    return near and math.isnan(row.base_model_flops) and (row.open_weights is not False or
                                                           row.research_only is not False)


def _energy_basis(basis: str, measured: bool, flops: float | None) -> str:
    """Return how the energy was found: measured, from the computation, or from the hours and a power."""
    if measured:
        return "measured"
    if flops is not None:
        return "compute-published" if basis == PUBLISHED_BASIS else "compute"
    return basis


def _spread(low: float, median: float, high: float) -> Spread:
    """Return the median and percentiles of a figure that every result has."""
    return Spread(median=median, low=low, high=high, varies=low < high)
