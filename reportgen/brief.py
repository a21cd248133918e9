"""The view model of a policy brief: results and reference data, arranged for the templates.

Numbers stay numbers (the templates format them through i18n's filters); user text is picked in the
brief's language. Everything a template shows is a field here: templates do no arithmetic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .charts import BarChart, log_bar_chart
from .emissions import SCENARIO_SOURCE, estimate_frame, ranged_results
from .measure.log import MeasuredRun
from .reference import LB_KG, Reference
from .scenario import ScenarioFile, inputs_frame, localized, scenario_rows
from .uncertainty import DRAWS, sensitivity
from .whatif import best_pue_provider, what_ifs

ARTICLE_BENCHMARKS = ("flight-ny-sf", "human-life-year", "american-life-year", "car-lifetime",
                      "transformer-big-nas")
CASE_STUDY_POWER_W = 216.96  # per GPU, implied by the paper's own totals (see examples/strubell2019.yaml)
PAPER_PUE = 1.58
PAPER_G_PER_KWH = 0.954 * 453.59237  # 0.954 lbs/kWh
PROVIDERS = {"gcp": "Google Cloud", "aws": "Amazon Web Services", "azure": "Microsoft Azure"}


@dataclass(frozen=True)
class ScenarioView:
    """One scenario's inputs and results, in the brief's language."""

    id: str
    name: str
    description: str
    hardware: str
    count: int
    hours: float
    runs: int
    device_hours: float
    measured: bool
    device_power_w: float
    utilisation: float
    host_power_w: float
    pue: float
    pue_source: str
    country: str
    region: str
    provider: str
    intensity_g_per_kwh: float
    intensity_source: str
    intensity_year: int | None
    energy_kwh: float
    co2e_t: float
    co2e_kg: float
    co2e_low_t: float
    co2e_high_t: float
    co2e_low_kg: float
    co2e_high_kg: float
    currency: str | None
    cloud_cost_low: float | None
    cloud_cost_high: float | None
    electricity_cost: float | None
    flights: float
    person_years: float
    car_lifetimes: float
    car_km: float
    comparison: str
    measurement: MeasuredRun | None


@dataclass(frozen=True)
class BenchmarkRow:
    """A row of the benchmark table: an everyday activity, a model from the paper, or a user's scenario."""

    key: str
    kind: str
    label: str
    tonnes: float
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class CaseStudyRow:
    """One row of the case study (Strubell Table 4), with CO2e computed by the core."""

    models: int
    hours: float
    co2e_t: float
    co2e_lbs: float
    cloud_cost_low: float
    cloud_cost_high: float
    electricity_cost: float


@dataclass(frozen=True)
class WhatIfView:
    """One way to cut a scenario's emissions and what it saves."""

    scenario_id: str
    scenario_name: str
    change: str
    detail: str
    detail_country: str
    detail_provider: str
    detail_region: str
    runs_after: int
    detail_hardware: str
    before_t: float
    after_t: float
    saving_t: float
    saving_share: float


@dataclass(frozen=True)
class WhatIfRow:
    """All options for one scenario, one per kind of change (None where a change would not help)."""

    scenario_id: str
    scenario_name: str
    before_t: float
    location: WhatIfView | None
    hardware: WhatIfView | None
    pue: WhatIfView | None
    runs: WhatIfView | None
    measured_draw: WhatIfView | None
    all: WhatIfView | None


@dataclass(frozen=True)
class SensitivityRow:
    """How much one uncertain input moves a scenario's CO2e, from its low to its high end."""

    input: str
    low: float
    high: float
    co2e_low_t: float
    co2e_high_t: float
    share: float


@dataclass(frozen=True)
class SourceView:
    """A reference in the method annex."""

    id: str
    citation: str
    year: int | None
    licence: str
    url: str


@dataclass(frozen=True)
class BriefView:
    """Everything the brief template shows, for one scenario file and one language."""

    lang: str
    title: str
    author: str
    date: dt.date
    summary: str
    headline: ScenarioView
    smallest: ScenarioView
    scenarios: tuple[ScenarioView, ...]
    benchmarks: tuple[BenchmarkRow, ...]
    chart: BarChart
    case_study: tuple[CaseStudyRow, ...]
    case_facts: dict[str, float]
    what_ifs: tuple[WhatIfView, ...]
    what_if_rows: tuple[WhatIfRow, ...]
    best_what_if: WhatIfView | None
    most_runs: ScenarioView | None
    four_ms: tuple[dict[str, Any], ...]
    facts: dict[str, float]
    equivalents_t: dict[str, float]
    sources: tuple[SourceView, ...]
    intensity_years: tuple[int, ...]
    measured: tuple[ScenarioView, ...]
    sensitivity: tuple[SensitivityRow, ...]
    top_inputs: dict[str, str]
    nas_t: float
    best_pue: float
    draws: int
    lb_kg: float = LB_KG
    paper_pue: float = PAPER_PUE
    paper_g_per_kwh: float = PAPER_G_PER_KWH
    case_power_w: float = CASE_STUDY_POWER_W


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return a table's rows as dicts keyed by column name (the columns are all strings)."""
    records: list[dict[str, Any]] = frame.to_dict(orient="records")  # type: ignore[assignment]
    return records


def lbs_to_t(lbs: float) -> float:
    """Return metric tonnes for a mass in pounds (1 lb = 0.45359237 kg)."""
    return lbs * LB_KG / 1000.0


@dataclass(frozen=True)
class Computed:
    """What the core computes for one scenario file, whatever the language of the brief, as plain records."""

    results: list[dict[str, Any]]
    what_ifs: list[dict[str, Any]]  # largest saving first
    sensitivity: list[dict[str, Any]]  # per scenario, the input that moves CO2e most first
    case_study: tuple[CaseStudyRow, ...]
    best_pue: float


def compute(scenario_file: ScenarioFile, ref: Reference) -> Computed:
    """Return the results and what-ifs of a scenario file."""
    return compute_many([scenario_file], ref)[0]


def compute_many(scenario_files: list[ScenarioFile], ref: Reference) -> list[Computed]:
    """Return the results and what-ifs of many scenario files, computed in one vectorized pass."""
    if not scenario_files:
        return []
    rows = []
    for i, sf in enumerate(scenario_files):
        for row in scenario_rows(sf):
            row["id"] = f"{i}:{row['id']}"  # ids are unique within a file only
            rows.append(row)
    inputs = inputs_frame(rows)
    resolved, ranges, results = ranged_results(inputs, ref)
    changes = what_ifs(inputs, ref, resolved).sort_values("saving_kg", ascending=False, kind="stable")
    swings = sensitivity(ranges, resolved)
    per_file_results: list[list[dict[str, Any]]] = [[] for _ in scenario_files]
    per_file_changes: list[list[dict[str, Any]]] = [[] for _ in scenario_files]
    per_file_swings: list[list[dict[str, Any]]] = [[] for _ in scenario_files]
    for target, records in ((per_file_results, _records(results)), (per_file_changes, _records(changes)),
                            (per_file_swings, _records(swings))):
        for record in records:
            index, _, record["id"] = str(record["id"]).partition(":")
            target[int(index)].append(record)
    case_rows = case_study_rows(ref)
    best_pue = ref.number("pue", best_pue_provider(ref), "pue")
    return [Computed(results=r, what_ifs=w, sensitivity=sw, case_study=case_rows, best_pue=best_pue)
            for r, w, sw in zip(per_file_results, per_file_changes, per_file_swings, strict=True)]


def build_view(scenario_file: ScenarioFile, lang: str, ref: Reference, build_date: dt.date,
               computed: Computed | None = None) -> BriefView:
    """Return the view model of the brief of ``scenario_file`` in ``lang``."""
    computed = computed or compute(scenario_file, ref)
    equivalents_t = ref.equivalents_t
    scenarios = tuple(_scenario_view(scenario_file, row, lang, ref, equivalents_t) for row in computed.results)
    by_size = sorted(scenarios, key=lambda s: s.co2e_t)
    headline, smallest = by_size[-1], by_size[0]
    names = {s.id: s.name for s in scenarios}
    changes = tuple(_what_if_views(computed.what_ifs, names, ref))
    benchmarks = _benchmark_rows(scenarios, ref)
    runs = [s for s in scenarios if s.runs > 1]
    meta = scenario_file.brief
    return BriefView(
        lang=lang,
        title=localized(meta.title, lang) or scenario_file.stem,
        author=localized(meta.author, lang),
        date=meta.date or build_date,
        summary=localized(meta.summary, lang),
        headline=headline,
        smallest=smallest,
        scenarios=scenarios,
        benchmarks=benchmarks,
        chart=log_bar_chart([(b.key, b.label, b.kind, b.tonnes, b.low, b.high) for b in benchmarks]),
        case_study=computed.case_study,
        case_facts={str(k): float(v) for k, v in ref.case_study_facts["value"].items()},
        what_ifs=changes,
        what_if_rows=_what_if_rows(scenarios, changes),
        best_what_if=max((w for w in changes if w.change != "all"), key=lambda w: w.saving_t, default=None),
        most_runs=max(runs, key=lambda s: s.runs) if runs else None,
        four_ms=tuple(_records(ref.four_ms)),
        facts={str(k): float(v) for k, v in ref.followups["value"].items()},
        equivalents_t=equivalents_t,
        sources=_sources(computed.results, ref),
        intensity_years=tuple(sorted({s.intensity_year for s in scenarios if s.intensity_year})),
        measured=tuple(s for s in scenarios if s.measurement is not None),
        sensitivity=tuple(SensitivityRow(input=r["input"], low=r["low"], high=r["high"],
                                         co2e_low_t=r["co2e_low_kg"] / 1000, co2e_high_t=r["co2e_high_kg"] / 1000,
                                         share=r["share"])
                          for r in computed.sensitivity if r["id"] == headline.id),
        top_inputs={r["id"]: r["input"] for r in computed.sensitivity if r["rank"] == 1},
        nas_t=lbs_to_t(ref.number("benchmarks", "transformer-big-nas", "co2e_lbs")),
        best_pue=computed.best_pue,
        draws=DRAWS,
    )


def _scenario_view(sf: ScenarioFile, row: dict[str, Any], lang: str, ref: Reference,
                   eq: dict[str, float]) -> ScenarioView:
    """Return one results row as a ScenarioView in ``lang``."""
    scenario = next(s for s in sf.scenarios if s.id == row["id"])
    location = str(row["location"] or "")
    provider, _, region = location.partition(":") if ":" in location else ("", "", "")
    hardware = ref.hardware_names[row["hardware"]] if row["hardware"] else ""
    co2e_t = float(row["co2e_t"])
    return ScenarioView(
        id=row["id"], name=scenario.text("name", lang), description=localized(scenario.description, lang),
        hardware=hardware, count=int(row["count"]), hours=float(row["hours"]), runs=int(row["runs"]),
        device_hours=float(row["device_hours"]), measured=row["power_basis"] != "tdp",
        device_power_w=float(row["device_power_w"]), utilisation=float(row["utilisation"]),
        host_power_w=float(row["host_power_w"]), pue=float(row["pue"]), pue_source=str(row["pue_source"]),
        country=str(row["country"]) if isinstance(row["country"], str) else "",
        region=region, provider=PROVIDERS.get(provider, provider),
        intensity_g_per_kwh=float(row["carbon_intensity_g_per_kwh"]), intensity_source=str(row["intensity_source"]),
        intensity_year=None if pd.isna(row["intensity_year"]) else int(row["intensity_year"]),
        energy_kwh=float(row["energy_kwh"]), co2e_t=co2e_t, co2e_kg=float(row["co2e_kg"]),
        co2e_low_t=float(row["co2e_low_kg"]) / 1000, co2e_high_t=float(row["co2e_high_kg"]) / 1000,
        co2e_low_kg=float(row["co2e_low_kg"]), co2e_high_kg=float(row["co2e_high_kg"]),
        currency=row["currency"] if isinstance(row["currency"], str) else None,
        cloud_cost_low=_number(row["cloud_cost_low"]), cloud_cost_high=_number(row["cloud_cost_high"]),
        electricity_cost=_number(row["electricity_cost"]),
        flights=co2e_t / eq["flight-ny-sf-return"], person_years=co2e_t / eq["person-year-world"],
        car_lifetimes=co2e_t / eq["car-lifetime"], car_km=co2e_t * 1e6 / ref.number("equivalences", "car-km-eu-new"),
        comparison=_comparison(co2e_t, eq), measurement=sf.measurements.get(row["id"]),
    )


def _comparison(co2e_t: float, eq: dict[str, float]) -> str:
    """Return the everyday comparison that suits a mass: car lifetimes, flights, or kilometres driven."""
    if co2e_t >= eq["car-lifetime"]:
        return "cars"
    if co2e_t >= eq["flight-ny-sf-return"]:
        return "flights"
    return "car_km"


def _number(value: Any) -> float | None:
    """Return a float, or None for a missing value."""
    return None if value is None or pd.isna(value) else float(value)


def _benchmark_rows(scenarios: tuple[ScenarioView, ...], ref: Reference) -> tuple[BenchmarkRow, ...]:
    """Return the article's benchmark rows and the user's scenarios, smallest first."""
    return benchmark_rows([(s.id, s.name, s.co2e_t, s.co2e_low_t, s.co2e_high_t) for s in scenarios], ref)


def benchmark_rows(entries: list[tuple[str, str, float, float | None, float | None]],
                   ref: Reference) -> tuple[BenchmarkRow, ...]:
    """Return the article's benchmark rows with ``(key, label, tonnes, low, high)`` entries among them, smallest first."""
    rows = [BenchmarkRow(key=k, kind=str(ref.benchmarks.at[k, "kind"]), label="",
                         tonnes=lbs_to_t(ref.number("benchmarks", k, "co2e_lbs"))) for k in ARTICLE_BENCHMARKS]
    rows += [BenchmarkRow(key=key, kind="scenario", label=label, tonnes=t, low=low, high=high)
             for key, label, t, low, high in entries]
    return tuple(sorted(rows, key=lambda r: r.tonnes))


def case_study_rows(ref: Reference) -> tuple[CaseStudyRow, ...]:
    """Return the case study's rows, CO2e computed by the core from the paper's constants."""
    table = ref.case_study
    inputs = pd.DataFrame({
        "id": [f"case-{m}" for m in table["models"]], "name": "", "hardware": None, "count": 1,
        "hours": table["hours"].astype(float).to_numpy(), "device_power_w": CASE_STUDY_POWER_W,
        "utilisation": 1.0, "host_power_w": 0.0, "pue_value": PAPER_PUE, "pue_provider": None, "location": None,
        "carbon_intensity_g_per_kwh": PAPER_G_PER_KWH, "runs": 1, "currency": "USD", "cloud_price_low": None,
        "cloud_price_high": None, "electricity_price_per_kwh": None,
    })
    results = estimate_frame(inputs, ref)
    return tuple(
        CaseStudyRow(models=int(t["models"]), hours=float(t["hours"]), co2e_t=float(r["co2e_t"]),
                     co2e_lbs=float(r["co2e_lbs"]), cloud_cost_low=float(t["cloud_cost_low"]),
                     cloud_cost_high=float(t["cloud_cost_high"]), electricity_cost=float(t["electricity_cost"]))
        for (_, t), (_, r) in zip(table.iterrows(), results.iterrows(), strict=True)
    )


def _what_if_views(records: list[dict[str, Any]], names: dict[str, str], ref: Reference) -> list[WhatIfView]:
    """Return the what-ifs in tonnes, in the order given (largest saving first)."""
    views = []
    for row in records:
        detail = str(row["detail"])
        country = provider = region = ""
        if row["change"] == "location":
            country = str(ref.cloud_regions.at[detail, "country"]) if ":" in detail else detail
            if ":" in detail:
                key, _, region = detail.partition(":")
                provider = PROVIDERS.get(key, key)
        views.append(WhatIfView(
            scenario_id=row["id"], scenario_name=names[row["id"]], change=row["change"], detail=detail,
            detail_country=country, detail_provider=provider, detail_region=region,
            runs_after=int(detail) if row["change"] == "runs" else 0,
            detail_hardware=ref.hardware_names.get(detail, "") if row["change"] in ("hardware", "measured_draw") else "",
            before_t=row["co2e_kg_before"] / 1000, after_t=row["co2e_kg_after"] / 1000,
            saving_t=row["saving_kg"] / 1000, saving_share=row["saving_share"],
        ))
    return views


def _what_if_rows(scenarios: tuple[ScenarioView, ...], changes: tuple[WhatIfView, ...]) -> tuple[WhatIfRow, ...]:
    """Return one row of options per scenario that has any, largest emitter first."""
    rows = []
    for s in sorted(scenarios, key=lambda s: -s.co2e_t):
        mine = {w.change: w for w in changes if w.scenario_id == s.id}
        if mine:
            rows.append(WhatIfRow(scenario_id=s.id, scenario_name=s.name, before_t=s.co2e_t,
                                  location=mine.get("location"), hardware=mine.get("hardware"), pue=mine.get("pue"),
                                  runs=mine.get("runs"), measured_draw=mine.get("measured_draw"),
                                  all=mine.get("all")))
    return tuple(rows)


def _sources(results: list[dict[str, Any]], ref: Reference) -> tuple[SourceView, ...]:
    """Return the references behind this brief's numbers, in a stable order."""
    used = {"strubell-2019", "patterson-2021", "patterson-2022", "mlco2-impact"}
    used |= {str(r["intensity_source"]) for r in results} | {str(r["pue_source"]) for r in results}
    used |= {str(ref.hardware.at[r["hardware"], "tdp_source_id"]) for r in results if isinstance(r["hardware"], str)}
    used |= set(ref.equivalences["source_id"])
    return source_views(ref, used)


def source_views(ref: Reference, used: set[str] | None = None) -> tuple[SourceView, ...]:
    """Return the references with the given ids (default: every source in data/), in a stable order."""
    used = set(ref.sources.index) if used is None else used - {SCENARIO_SOURCE}
    records = ref.source_records
    return tuple(
        SourceView(id=key, citation=str(r["citation"]), year=None if pd.isna(r["year"]) else int(r["year"]),
                   licence=_licence(str(r["licence"])), url=str(r["url"]))
        for key in sorted(s for s in used if s in records) for r in (records[key],)
    )


def _licence(text: str) -> str:
    """Return the licence to show: none for published facts, which carry no licence."""
    return "" if text.startswith(("fact", "free to use")) else text
