"""Rows the brief and the site share: the benchmark table, the case study and the references."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from ..core import SCENARIO_SOURCE, lbs_to_kg
from ..reference import Reference
from .model import BenchmarkRow, CaseStudyRow, SourceView

NAS_KEY = "transformer-big-nas"  # the 2019 architecture-search estimate, corrected by Patterson et al. (2021)
CHART_SCENARIOS = 15
READER_PERSON_YEAR, READER_FLIGHT = "reader-person-year", "reader-flight"
ARTICLE_BENCHMARKS = ("flight-ny-sf", "human-life-year", "american-life-year", "car-lifetime", NAS_KEY)


def benchmark_rows(entries: list[tuple[str, str, float, float | None, float | None]], ref: Reference,
                   regions: tuple[str, ...], comparisons: list[dict[str, Any]]) -> tuple[BenchmarkRow, ...]:
    """Return the article's benchmark rows, the readers' comparisons of ``regions`` and ``(key, label, kg,
    low_kg, high_kg)`` entries, smallest first.

    A scenario with the id of one of the article's rows recomputes that row: the article's printed row
    stands for both, so the table and the chart show it once.
    """
    rows = [BenchmarkRow(key=k, kind=str(ref.benchmarks.at[k, "kind"]), label="", printed=True,
                         kg=lbs_to_kg(ref.number("benchmarks", k, "co2e_lbs"))) for k in ARTICLE_BENCHMARKS]
    flights = set()
    for region in regions:
        person, flight = reader_rows(region, comparisons)
        rows.append(person)
        if (flight.origin, flight.destination) not in flights:  # Brussels serves Belgian and EU readers alike
            flights.add((flight.origin, flight.destination))
            rows.append(flight)
    rows += [BenchmarkRow(key=key, kind="scenario", label=label, kg=kg, low_kg=low, high_kg=high)
             for key, label, kg, low, high in entries if key not in ARTICLE_BENCHMARKS]
    return tuple(sorted(rows, key=lambda r: r.kg))


def reader_rows(region: str, comparisons: list[dict[str, Any]]) -> tuple[BenchmarkRow, BenchmarkRow]:
    """Return the comparisons a reader of ``region`` lives with: a person's year and a return flight."""
    local = next(r for r in comparisons if r["region"] == region)
    return (BenchmarkRow(key=f"{READER_PERSON_YEAR}-{region.lower()}", kind="activity", label="",
                         kg=float(local["person_year_kg"]), region=region, year=int(local["person_year_year"])),
            BenchmarkRow(key=f"{READER_FLIGHT}-{region.lower()}", kind="activity", label="",
                         kg=float(local["flight_kg"]), region=region,
                         year=int(local["flight_factor_year"]), origin=str(local["flight_origin"]),
                         destination=str(local["flight_destination"])))


def charted_rows(rows: tuple[BenchmarkRow, ...], largest: int = CHART_SCENARIOS) -> list[BenchmarkRow]:
    """Return the rows a chart shows: every activity and model, and only the largest scenarios (a chart of
    hundreds of bars would not fit a page; the table of scenarios lists them all)."""
    kept = set(sorted((b.kg, b.key) for b in rows if b.kind == "scenario")[-largest:])
    return [b for b in rows if b.kind != "scenario" or (b.kg, b.key) in kept]


def case_study_rows(records: list[dict[str, Any]]) -> tuple[CaseStudyRow, ...]:
    """Return the case study's rows as computed by the core."""
    return tuple(CaseStudyRow(models=int(r["models"]), hours=float(r["hours"]), co2e_kg=float(r["co2e_kg"]),
                              co2e_lbs=float(r["co2e_lbs"]), cloud_cost_low=float(r["cloud_cost_low"]),
                              cloud_cost_high=float(r["cloud_cost_high"]),
                              electricity_cost=float(r["electricity_cost"]))
                 for r in records)


def source_views(ref: Reference, used: set[str] | None = None, lang: str = "en") -> tuple[SourceView, ...]:
    """Return the references with the given ids (default: every source in data/), in a stable order, their
    notes in ``lang`` where data/sources.csv gives them (``citation_nl``, ``licence_nl``)."""
    used = set(ref.sources.index) if used is None else used - {SCENARIO_SOURCE}
    records = ref.source_records
    return tuple(
        SourceView(citation=citation, year=_year_to_add(citation, r["year"]),
                   licence=_licence(_in_language(r, "licence", lang)), url=str(r["url"]))
        for key in sorted(s for s in used if s in records) for r in (records[key],)
        for citation in (_in_language(r, "citation", lang),)
    )


def _year_to_add(citation: str, year: Any) -> int | None:
    """Return the year to print after a citation: none where the citation already names it, as a year of its
    own ("ACL 2019", "arXiv:…, 2021") rather than inside a number, a file name or an identifier."""
    if pd.isna(year):
        return None
    if re.search(rf"(?<![\d/.:_-]){int(year)}(?![\d/._-])", citation):
        return None
    return int(year)


def _in_language(record: dict[str, Any], column: str, lang: str) -> str:
    """Return a source's ``column`` in ``lang`` where the table fills ``<column>_<lang>``, else the English one."""
    own = record.get(f"{column}_{lang}")
    return str(own) if own is not None and not pd.isna(own) and str(own) else str(record[column])


def _licence(text: str) -> str:
    """Return the licence to show: none for published facts, which carry no licence."""
    return "" if text.startswith(("fact", "free to use")) else text


def intensity_margin(ref: Reference) -> float:
    """Return how far a place's grid-intensity range reaches beyond its highest source, as a share."""
    high: Any = ref.uncertainty.at[("intensity", "between-sources"), "high"]
    return float(high) - 1.0
