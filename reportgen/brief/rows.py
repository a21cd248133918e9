"""Rows the brief and the site share: the benchmark table, the case study and the references."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..core import SCENARIO_SOURCE, lbs_to_t
from ..reference import Reference
from .model import BenchmarkRow, CaseStudyRow, SourceView

ARTICLE_BENCHMARKS = ("flight-ny-sf", "human-life-year", "american-life-year", "car-lifetime",
                      "transformer-big-nas")


def benchmark_rows(entries: list[tuple[str, str, float, float | None, float | None]],
                   ref: Reference) -> tuple[BenchmarkRow, ...]:
    """Return the article's benchmark rows and ``(key, label, tonnes, low, high)`` entries, smallest first."""
    rows = [BenchmarkRow(key=k, kind=str(ref.benchmarks.at[k, "kind"]), label="",
                         tonnes=lbs_to_t(ref.number("benchmarks", k, "co2e_lbs"))) for k in ARTICLE_BENCHMARKS]
    rows += [BenchmarkRow(key=key, kind="scenario", label=label, tonnes=t, low=low, high=high)
             for key, label, t, low, high in entries]
    return tuple(sorted(rows, key=lambda r: r.tonnes))


def case_study_rows(records: list[dict[str, Any]]) -> tuple[CaseStudyRow, ...]:
    """Return the case study's rows as computed by the core."""
    return tuple(CaseStudyRow(models=int(r["models"]), hours=float(r["hours"]), co2e_t=float(r["co2e_t"]),
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
