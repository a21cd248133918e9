"""Build the view model of one brief from what the core computed: pick, arrange and translate, never compute."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any

import pandas as pd

from ..choices import Message
from ..core import (
    ALL_TOGETHER,
    DEFAULT_SOURCE,
    DRAWS,
    OPTIONS,
    FileResults,
    ScenarioResult,
    WhatIfOption,
    WhatIfResult,
    lbs_to_kg,
)
from ..errors import InputError
from ..inputs import ScenarioFile, localized
from ..reference import ON_PREMISE, Reference
from .advice import MEASURED_LEAD, advice_views, page_one
from .chart import NARROW, log_bar_chart
from .differences import measurement_check, scenario_differences
from .footprint import float_or_none, footprint_view, known_parts
from .law import law_facts, law_view, other_classes, reader_view
from .model import BriefView, OptionView, SavingGroup, ScenarioView, SensitivityRow, SourceView, WhatIfView
from .rows import NAS_KEY, benchmark_rows, case_study_rows, charted_rows, intensity_margin, source_views


def place_name(location: str, ref: Reference) -> tuple[str, str]:
    """Return how a brief names a cloud region or research system: (provider, region).

    A research system is shown by name ("LUMI, Kajaani"), not as provider and region code (data/providers.csv).
    """
    key, _, region = location.partition(":")
    provider = ref.providers.loc[key]
    if provider["shown_as"] == "city":
        return "", str(ref.cloud_regions.at[location, "city"])
    return str(provider["name"]), region


TOP_ADVICE = 4  # recommendations on page 1: what fits beside the key messages
CITED_ALWAYS = {"strubell-2019", "patterson-2022", "ai-act-2024", "ec-gpai-guidelines-2025",
                "gpai-code-of-practice-2025", "eed-2023", "eed-rating-2024", "ourairports"}


def build_view(scenario_file: ScenarioFile, lang: str, ref: Reference, build_date: dt.date,
               computed: FileResults) -> BriefView:
    """Return the view model of the brief of ``scenario_file`` in ``lang``."""
    comparisons = {str(e["id"]): e for e in computed.equivalents}
    every = tuple(_scenario_view(scenario_file, row, comparisons[row.id], lang, ref) for row in computed.results)
    # The brief is about training; a scenario that only serves a model is shown with the serving figures alone.
    trained = [(s, row) for s, row in zip(every, computed.results, strict=True) if s.trains]
    if not trained:
        raise InputError(scenario_file.path, "no scenario trains a model (each gives 'inference' alone): a brief "
                         "compares trainings; `reportgen calc` gives the serving figures")
    scenarios = tuple(s for s, _ in trained)
    results = tuple(row for _, row in trained)
    by_size = sorted(scenarios, key=lambda s: s.median_kg)
    meta = scenario_file.brief
    # By default the page leads with the largest footprint the file states, serving included where it has one.
    headline = next((s for s in scenarios if s.id == meta.headline),
                    sorted(scenarios, key=lambda s: s.lead_kg[1])[-1])
    smallest = by_size[0]
    options = option_views(ref)
    changes = _what_if_views(tuple(w for w in computed.what_ifs if w.id in {s.id for s in scenarios}),
                             {s.id: s for s in scenarios}, options, ref)
    benchmarks = benchmark_rows([(s.id, s.name, s.median_kg, s.low_kg, s.high_kg) for s in scenarios], ref,
                                (comparisons[headline.id]["region"],), computed.comparisons)
    runs = [s for s in scenarios if s.runs > 1]
    corrected = {"patterson-2021"} if any(s.id == NAS_KEY for s in scenarios) else set()  # its recalculated search
    footprint = tuple(footprint_view(s.name, row) for s, row in trained)
    facts = {str(k): float(v) for k, v in ref.followups["value"].items()}
    region = comparisons[headline.id]["region"]
    reader = reader_view(computed.comparisons, region)
    at_headline = next(i for i, s in enumerate(scenarios) if s is headline)
    check = measurement_check(list(zip(scenarios, results, strict=True)), headline)
    advice = advice_views(computed.advice, changes, headline.id, region, ref, lang,
                          lead=MEASURED_LEAD if check else "")
    charted = charted_rows(benchmarks)
    bars = [(b.key, b.label, b.kind, b.kg, b.low_kg, b.high_kg) for b in charted]
    return BriefView(
        lang=lang,
        title=localized(meta.title, lang),  # empty: the brief states its finding as its title
        author=localized(meta.author, lang),
        date=meta.date or build_date,
        summary=localized(meta.summary, lang),
        headline=headline,
        headline_is_largest=headline is by_size[-1],
        smallest=smallest,
        largest=by_size[-1],
        scenarios=scenarios,
        serving=tuple(s for s in every if not s.trains),
        benchmarks=benchmarks,
        reader=reader,
        chart=log_bar_chart(bars, named=charted),
        chart_narrow=log_bar_chart(bars, named=charted, layout=NARROW),
        chart_left_out=len(benchmarks) - len(charted),
        case_study=case_study_rows(computed.case_study),
        case_facts={str(k): float(v) for k, v in ref.case_study_facts["value"].items()},
        options=options,
        savings=saving_groups(changes, scenarios),
        best_what_if=max((w for w in changes if w.option.key != ALL_TOGETHER.key), key=lambda w: w.saving_kg,
                         default=None),
        headline_change=max((w for w in changes if w.scenario_id == headline.id and w.option.changes_training),
                             key=lambda w: w.saving_kg, default=None),
        most_runs=max(runs, key=lambda s: s.runs) if runs else None,
        corrected_search=next((s for s in scenarios if s.id == NAS_KEY), None),
        advice=advice,
        top_advice=page_one(advice, TOP_ADVICE),
        law=law_view(headline.name, headline.hardware, results[at_headline], law_facts(ref),
                     footprint[at_headline].market_kg, headline.training_type,
                     other_classes([(s.name, row) for s, row in trained], results[at_headline])),
        facts=facts,
        sources=_sources(computed.results, ref, _reader_sources(computed.comparisons, region) | corrected, lang),
        intensity_years=tuple(sorted({s.intensity_year for s in scenarios if s.intensity_year})),
        measured=_measured(scenarios),
        measurement_check=check,
        differences=scenario_differences([r for r in computed.results if r.id in {s.id for s in scenarios}]),
        sensitivity=tuple(SensitivityRow(input=r["input"], low=r["low"], high=r["high"],
                                         co2e_low_kg=r["co2e_low_kg"], co2e_high_kg=r["co2e_high_kg"])
                          for r in computed.sensitivity if r["id"] == headline.id),
        footprint=footprint,
        headline_footprint=next(f for f in footprint if f.id == headline.id),
        footprint_parts=known_parts(footprint),
        nas_kg=lbs_to_kg(ref.number("benchmarks", "transformer-big-nas", "co2e_lbs")),
        price_notes=tuple(dict.fromkeys(s.price_note for s in scenarios if s.price_note)),
        draws=DRAWS,
        calibration=computed.calibration,
        default_pue=_default_pue(ref) if any(s.pue_default for s in scenarios) else None,
        intensity_margin=intensity_margin(ref),
    )


def _scenario_view(sf: ScenarioFile, row: ScenarioResult, eq: dict[str, Any], lang: str,
                   ref: Reference) -> ScenarioView:
    """Return one results row as a ScenarioView in ``lang``."""
    scenario = next(s for s in sf.scenarios if s.id == row.id)
    location = row.location or ""
    provider, region = place_name(location, ref) if ":" in location else ("", "")
    return ScenarioView(
        id=row.id, name=scenario.text("name", lang), description=localized(scenario.description, lang),
        hardware=ref.hardware_names[row.hardware] if row.hardware is not None else "",
        count=row.count, hours=row.hours, runs=row.runs, power_basis=str(row.power_basis),
        device_power_w=row.device_power_w, utilisation=row.utilisation, pue=row.pue,
        country=row.country or "", region=region, provider=provider,
        intensity_g_per_kwh=row.carbon_intensity_g_per_kwh, intensity_year=row.intensity_year,
        intensity_basis=str(row.intensity_basis),
        energy_kwh=row.energy_kwh, energy_median_kwh=row.energy_median_kwh,
        co2e_kg=row.co2e_kg, median_kg=row.co2e_median_kg, low_kg=row.co2e_low_kg,
        high_kg=row.co2e_high_kg, varies=row.co2e_low_kg < row.co2e_high_kg,
        point_outside=not row.co2e_low_kg <= row.co2e_kg <= row.co2e_high_kg,
        currency=row.currency,
        cloud_cost_low=float_or_none(row.cloud_cost_low), cloud_cost_high=float_or_none(row.cloud_cost_high),
        electricity_cost=float_or_none(row.electricity_cost),
        price_note=localized(scenario.price.note, lang) if scenario.price else "",
        flights=float(eq["flights"]), person_years=float(eq["person_years"]),
        car_lifetimes=float(eq["car_lifetimes"]), car_km=float(eq["car_km"]), comparison=str(eq["comparison"]),
        measurement=sf.measurements.get(row.id),
        measured_places=int(row.measured_places) if pd.notna(row.measured_places) else 0,
        flops=float_or_none(row.flops), mfu=float_or_none(row.mfu),
        mfu_given=scenario.mfu is not None, pue_default=row.pue_source == DEFAULT_SOURCE,
        peak_tflops=float_or_none(row.peak_tflops), precision=row.precision,
        active_parameters=float_or_none(row.active_parameters),
        inference_requests=float_or_none(row.inference_requests),
        inference_wh_per_request=float_or_none(row.inference_wh_per_request),
        inference_median_kg=float_or_none(row.inference_co2e_median_kg),
        inference_energy_median_kwh=float_or_none(row.inference_energy_median_kwh),
        inference_energy_low_kwh=float_or_none(row.inference_energy_low_kwh),
        inference_energy_high_kwh=float_or_none(row.inference_energy_high_kwh),
        inference_breakeven_requests=float_or_none(row.inference_breakeven_median_requests),
        local_person_years=float(eq["local_person_years"]),
        households=float(eq["households"]),
        household_days=float(eq["household_days"]), generation_hours=float(eq["generation_hours"]),
        training_type=scenario.training_type or "",
        trains=not math.isnan(row.hours), hours_median=row.hours_median,
        device_power_median_w=row.device_power_median_w, host_power_median_w=row.host_power_median_w,
        utilisation_median=row.utilisation_median, utilisation_low=row.utilisation_low,
        utilisation_high=row.utilisation_high, pue_median=row.pue_median, pue_low=row.pue_low, pue_high=row.pue_high,
        intensity_median_g_per_kwh=row.carbon_intensity_median_g_per_kwh,
        intensity_low_g_per_kwh=row.carbon_intensity_low_g_per_kwh,
        intensity_high_g_per_kwh=row.carbon_intensity_high_g_per_kwh,
        with_serving_median_kg=float_or_none(row.co2e_with_serving_median_kg),
        with_serving_low_kg=float_or_none(row.co2e_with_serving_low_kg),
        with_serving_high_kg=float_or_none(row.co2e_with_serving_high_kg),
    )


def option_views(ref: Reference) -> tuple[OptionView, ...]:
    """Return every what-if option of the registry, then all together, as the brief names them."""
    return tuple(_option_view(o, ref) for o in (*OPTIONS.values(), ALL_TOGETHER))


def _option_view(option: WhatIfOption, ref: Reference) -> OptionView:
    """Return one option's messages and the numbers they hold."""
    parameters = option.parameters(ref)
    return OptionView(key=option.key, header=option.header, short=as_message(option.short), note=option.note,
                      detail_text=as_message(option.detail_text),
                      detail=option.detail, changes_training=option.changes_training,
                      combined=option.key == ALL_TOGETHER.key, factor=parameters.get("factor"),
                      pue=parameters.get("pue"), years=parameters.get("years"),
                      shows_market=option.shows_market, bound=option.bound)


def as_message(message: str | Message) -> Message:
    """Return a message as one with an optional plural, so that a template renders every message alike."""
    return Message(message) if isinstance(message, str) else message


def _what_if_views(rows: tuple[WhatIfResult, ...], scenarios: dict[str, ScenarioView], options: tuple[OptionView, ...],
                   ref: Reference) -> list[WhatIfView]:
    """Return the what-ifs in tonnes, in the order given (largest saving first)."""
    by_key = {o.key: o for o in options}
    views = []
    for row in rows:
        option, detail = by_key[row.change], row.detail
        country = provider = region = ""
        if option.detail == "place":
            country = str(ref.cloud_regions.at[detail, "country"]) if ":" in detail else detail
            if ":" in detail:
                provider, region = place_name(detail, ref)
        views.append(WhatIfView(
            scenario_id=row.id, scenario_name=scenarios[row.id].name, option=option,
            detail_country=country, detail_provider=provider, detail_region=region,
            runs_after=int(detail) if option.detail == "runs" else 0, runs_before=scenarios[row.id].runs,
            detail_hardware=ref.hardware_names.get(detail, "") if option.detail == "hardware" else "",
            before_kg=row.co2e_median_kg_before, saving_kg=row.saving_median_kg, saving_share=row.saving_share,
            made_kg=row.embodied_kg_after, market_before_kg=row.co2e_market_median_kg_before,
            market_after_kg=_as_median(row.co2e_market_kg_after, row.co2e_market_kg_before,
                                       row.co2e_market_median_kg_before),
        ))
    return views


def _as_median(after: float, before: float, median_before: float) -> float:
    """Return a point estimate after a change on the scale of the median before it, as the brief's savings are."""
    return after * median_before / before if before > 0 else after


def saving_groups(changes: list[WhatIfView], scenarios: tuple[ScenarioView, ...]) -> tuple[SavingGroup, ...]:
    """Return the options that cut any scenario's CO2e, the one with the largest saving first, each with one
    cell per scenario that any option helps (largest emitter first); all changes together come last."""
    helped = {w.scenario_id for w in changes}
    columns = [s for s in sorted(scenarios, key=lambda s: -s.median_kg) if s.id in helped]
    groups: dict[str, dict[str, WhatIfView]] = {}
    for w in sorted(changes, key=lambda w: -w.saving_kg):
        groups.setdefault(w.option.key, {})[w.scenario_id] = w
    together = groups.pop(ALL_TOGETHER.key, {})
    ordered = [*groups.values(), together] if together else list(groups.values())
    return tuple(SavingGroup(option=next(iter(by_id.values())).option,
                             cells=tuple(by_id.get(s.id) for s in columns),
                             names=tuple(s.name for s in columns)) for by_id in ordered)


def _reader_sources(comparisons: list[dict[str, Any]], region: str) -> set[str]:
    """Return the sources of the comparisons a reader of ``region`` gets."""
    row = next(r for r in comparisons if r["region"] == region)
    return {str(row[c]) for c in ("person_year_source", "household_source", "flight_factor_source",
                                  "generation_source", "datacentre_source")}


def _sources(results: tuple[ScenarioResult, ...], ref: Reference, extra: set[str],
             lang: str) -> tuple[SourceView, ...]:
    """Return the references behind this brief's numbers, in a stable order."""
    used = set(CITED_ALWAYS) | extra
    used |= {s for r in results for s in str(r.intensity_source).split(";")}
    # A PUE assumed by default is the on-premises survey average: cite that survey.
    used |= {str(ref.pue.at[ON_PREMISE, "source_id"]) if r.pue_source == DEFAULT_SOURCE else str(r.pue_source)
             for r in results}
    used |= {s for r in results for s in (r.market_source, r.wue_source, r.ewif_source) if s is not None}
    used |= {s for r in results if r.embodied_source is not None for s in r.embodied_source.split(";")}
    hardware = {r.hardware for r in results if r.hardware is not None}
    used |= {str(ref.hardware.at[h, column]) for h in hardware for column in ("tdp_source_id", "draw_source_id")}
    used |= set(ref.equivalences["source_id"])
    return source_views(ref, used, lang)


def _default_pue(ref: Reference) -> tuple[float, float, float]:
    """Return the PUE a scenario gets when its file states none, with its documented range."""
    spread: Any = ref.uncertainty.loc[("pue", ON_PREMISE)]
    pue: Any = ref.pue.at[ON_PREMISE, "pue"]
    return float(pue), float(spread["low"]), float(spread["high"])


def _measured(scenarios: tuple[ScenarioView, ...]) -> tuple[ScenarioView, ...]:
    """Return the measured scenarios, one per log: scenarios that share a log are named together once."""
    by_log: dict[tuple[str, float, int], list[ScenarioView]] = {}
    for s in scenarios:
        if s.measurement is not None:
            by_log.setdefault((s.measurement.path, s.measurement.energy_kwh, s.measurement.devices), []).append(s)
    return tuple(dataclasses.replace(group[0], sharing=tuple(s.name for s in group)) for group in by_log.values())
