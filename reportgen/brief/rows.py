"""Rows the brief and the site share: the benchmark table, the case study and the references."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..core import SCENARIO_SOURCE, lbs_to_kg
from ..reference import Reference
from .model import BenchmarkRow, CaseStudyRow, SourceView

NAS_KEY = "transformer-big-nas"  # the 2019 architecture-search estimate, corrected by Patterson et al. (2021)
CHART_SCENARIOS = 15
ARTICLE_BENCHMARKS = ("flight-ny-sf", "human-life-year", "american-life-year", "car-lifetime", NAS_KEY)


def benchmark_rows(entries: list[tuple[str, str, float, float | None, float | None]],
                   ref: Reference) -> tuple[BenchmarkRow, ...]:
    """Return the article's benchmark rows and ``(key, label, kg, low_kg, high_kg)`` entries, smallest first.

    A scenario with the id of one of the article's rows recomputes that row: the article's printed row
    stands for both, so the table and the chart show it once.
    """
    rows = [BenchmarkRow(key=k, kind=str(ref.benchmarks.at[k, "kind"]), label="",
                         kg=lbs_to_kg(ref.number("benchmarks", k, "co2e_lbs"))) for k in ARTICLE_BENCHMARKS]
    rows += [BenchmarkRow(key=key, kind="scenario", label=label, kg=kg, low_kg=low, high_kg=high)
             for key, label, kg, low, high in entries if key not in ARTICLE_BENCHMARKS]
    return tuple(sorted(rows, key=lambda r: r.kg))


def charted_rows(rows: tuple[BenchmarkRow, ...], largest: int = CHART_SCENARIOS) -> list[BenchmarkRow]:
    """Return the rows a chart shows: every activity and model, and only the largest scenarios (a chart of
    hundreds of bars would not fit a page; the table lists them all)."""
    kept = set(sorted((b.kg, b.key) for b in rows if b.kind == "scenario")[-largest:])
    return [b for b in rows if b.kind != "scenario" or (b.kg, b.key) in kept]


def case_study_rows(records: list[dict[str, Any]]) -> tuple[CaseStudyRow, ...]:
    """Return the case study's rows as computed by the core."""
    return tuple(CaseStudyRow(models=int(r["models"]), hours=float(r["hours"]), co2e_kg=float(r["co2e_kg"]),
                              co2e_lbs=float(r["co2e_lbs"]), cloud_cost_low=float(r["cloud_cost_low"]),
                              cloud_cost_high=float(r["cloud_cost_high"]),
                              electricity_cost=float(r["electricity_cost"]))
                 for r in records)


def source_views(ref: Reference, used: set[str] | None = None) -> tuple[SourceView, ...]:
    """Return the references with the given ids (default: every source in data/), in a stable order."""
    used = set(ref.sources.index) if used is None else used - {SCENARIO_SOURCE}
    records = ref.source_records
    return tuple(
        SourceView(citation=str(r["citation"]), year=None if pd.isna(r["year"]) else int(r["year"]),
                   licence=_licence(str(r["licence"])), url=str(r["url"]))
        for key in sorted(s for s in used if s in records) for r in (records[key],)
    )


def _licence(text: str) -> str:
    """Return the licence to show: none for published facts, which carry no licence."""
    return "" if text.startswith(("fact", "free to use")) else text
