"""The view model of a centre's brief of the year: plain frozen records of the computed year, for the templates.

It computes nothing the core has not: it picks the language's text, orders the rows, lays out the charts and
sets each total beside the reader's yardsticks (equivalents.py). Numbers stay numbers.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..core import INTERVAL
from ..core.calibration import CalibrationSummary
from ..core.cluster import OTHER
from ..core.cluster_results import ClusterYear, YearWhatIf
from ..core.equivalents import equivalents, reader_comparisons
from ..inputs.cluster import ClusterFile
from ..inputs.schema import localized
from ..reference import Reference
from .build import place_name
from .cluster_chart import Chart, group_chart, month_chart
from .law import ReaderView, reader_view
from .model import SourceView
from .rows import source_views

GROUP_KINDS = ("account", "department", "project", "funder", "faculty")  # the groupings the brief names
HOURS_PER_MONTH = 8760.0 / 12


@dataclass(frozen=True)
class UnitView:
    """One group, month or partition (or the whole centre): its use and its footprint."""

    name: str
    jobs: int
    gpu_hours: float
    failed_gpu_hours: float
    failed_share: float
    cpu_core_hours: float
    energy_median_kwh: float
    energy_low_kwh: float
    energy_high_kwh: float
    median_kg: float
    low_kg: float
    high_kg: float
    embodied_median_kg: float
    share: float  # of the centre's median CO2e
    other: bool = False
    month: dt.date | None = None
    # Yardsticks of the reader's region, for the labels.comparison and labels.households macros.
    local_person_years: float = math.nan
    households: float = math.nan
    household_days: float = math.nan
    car_km: float = math.nan
    generation_hours: float = math.nan


@dataclass(frozen=True)
class PartitionView:
    """One partition: its hardware and how its energy is counted, and its year."""

    name: str
    hardware: str
    accelerator: bool
    devices_per_node: float
    cores_per_node: float
    nodes: int | None
    host_power_w: float
    metered: bool
    power_low_w: float
    power_high_w: float
    unit: UnitView


@dataclass(frozen=True)
class ChangeView:
    """One what-if of the year: what changes, where to, and what it would save."""

    key: str
    saving_kg: float
    saving_share: float
    detail: str  # a place or a hardware name, or a PUE as text-free number (see ``pue``)
    partition: str
    share: float
    pue: float = math.nan


@dataclass(frozen=True)
class ClusterView:
    """Everything a centre's brief shows, in one language."""

    lang: str
    stem: str
    centre: str
    title: str
    author: str
    date: dt.date
    year: str
    country: str
    reader: ReaderView
    total: UnitView
    groups: tuple[UnitView, ...]
    months: tuple[UnitView, ...]
    partitions: tuple[PartitionView, ...]
    group_kind: str
    group_column: str
    merged_groups: int
    min_users: int
    group_chart: Chart
    month_chart: Chart
    changes: tuple[ChangeView, ...]
    pue_median: float
    pue_low: float
    pue_high: float
    intensity_median: float
    intensity_low: float
    intensity_high: float
    intensity_year: int | None
    intensity_basis: str
    installed_kw: float | None
    average_kw: float
    eed_kw: float
    damaged_lines: int
    unknown_partitions: tuple[str, ...]
    calibration: CalibrationSummary | None
    sources: tuple[SourceView, ...]
    interval: float = INTERVAL

    @property
    def headline(self) -> UnitView:
        """Return the centre's total, which the first page leads with (as a training brief's headline)."""
        return self.total


def units_of(table: pd.DataFrame, total_kg: float, yardsticks: pd.DataFrame | None = None) -> list[UnitView]:
    """Return the rows of a table of units as views, with the reader's yardsticks where given."""
    views = []
    for i, row in enumerate(table.to_dict("records")):
        extra: dict[str, Any] = {}
        if yardsticks is not None:
            eq = yardsticks.iloc[i]
            extra = {k: float(eq[k]) for k in ("local_person_years", "households", "household_days", "car_km",
                                                "generation_hours")}
        name = str(row["unit"])
        month = dt.date.fromisoformat(name + "-01") if len(name) == 7 and name[4] == "-" else None
        views.append(UnitView(
            name=name, jobs=int(row["jobs"]), gpu_hours=float(row["gpu_hours"]),
            failed_gpu_hours=float(row["failed_gpu_hours"]), failed_share=float(row["failed_share"]),
            cpu_core_hours=float(row["cpu_core_hours"]), energy_median_kwh=float(row["energy_median_kwh"]),
            energy_low_kwh=float(row["energy_low_kwh"]), energy_high_kwh=float(row["energy_high_kwh"]),
            median_kg=float(row["co2e_median_kg"]), low_kg=float(row["co2e_low_kg"]),
            high_kg=float(row["co2e_high_kg"]), embodied_median_kg=float(row["embodied_median_kg"]),
            share=float(row["co2e_median_kg"]) / total_kg if total_kg > 0 else math.nan, other=name == OTHER,
            month=month, **extra))
    return views


def _changes(changes: tuple[YearWhatIf, ...], ref: Reference) -> tuple[ChangeView, ...]:
    """Return the what-ifs with their places and hardware named as a reader knows them."""
    views = []
    for c in changes:
        detail, pue = c.detail, math.nan
        if c.key == "location" and ":" in detail:
            provider, region = place_name(detail, ref)
            detail = f"{provider} {region}".strip()
        elif c.key == "hardware" and detail in ref.hardware.index:
            detail = str(ref.hardware.at[detail, "name"])
        elif c.key == "pue" and detail in ref.pue.index:
            pue = float(ref.number("pue", detail, "pue"))
        views.append(ChangeView(c.key, c.saving_kg, c.saving_share, detail, c.partition, c.share, pue))
    return tuple(views)


def cluster_view(cluster_file: ClusterFile, year: ClusterYear, changes: tuple[YearWhatIf, ...], ref: Reference,
                 lang: str, date: dt.date, calibration: CalibrationSummary | None) -> ClusterView:
    """Return the view of a centre's brief of the year in ``lang``."""
    cluster = cluster_file.cluster
    inputs = year.inputs
    country = str(inputs["country"].iloc[0])
    comparisons = reader_comparisons(ref)
    total_frame = pd.DataFrame([year.total]).assign(file=0, id="total", country=country)
    yardsticks = equivalents(total_frame, ref, comparisons)
    total = units_of(total_frame.assign(unit=""), float(year.total["co2e_median_kg"]), yardsticks)[0]
    region = str(yardsticks["region"].iloc[0])
    total_kg = total.median_kg
    groups = units_of(year.groups, total_kg)
    months = units_of(year.months, total_kg)
    by_partition = {u.name: u for u in units_of(year.partitions, total_kg)}
    partitions = tuple(_partition(name, p, inputs.loc[name], by_partition.get(name), ref)
                       for name, p in cluster.partitions.items() if name in by_partition)
    tdp = {p.name: ref.number("hardware", cluster.partitions[p.name].hardware, "tdp_w") for p in partitions}
    installed = [p.nodes * (p.devices_per_node * tdp[p.name] + p.host_power_w) / 1000.0
                 for p in partitions if p.nodes is not None]
    column = cluster.group_by
    return ClusterView(
        lang=lang, stem=cluster_file.stem, centre=cluster_file.name(lang),
        title=localized(cluster_file.brief.title, lang),
        author=localized(cluster_file.brief.author, lang), date=date, year=year.year, country=country,
        reader=reader_view([{str(k): v for k, v in r.items()} for r in comparisons.to_dict("records")], region),
        total=total,
        groups=tuple(groups), months=tuple(months), partitions=partitions,
        group_kind=column if column in GROUP_KINDS else "group", group_column=column,
        merged_groups=year.merged_groups, min_users=cluster.min_users,
        group_chart=group_chart([g.name for g in groups], [g.median_kg for g in groups], [g.low_kg for g in groups],
                                [g.high_kg for g in groups], [g.other for g in groups]),
        month_chart=month_chart([m.month or date for m in months], [m.median_kg for m in months]),
        changes=_changes(changes, ref), pue_median=float(inputs["pue"].iloc[0]),
        pue_low=float(inputs["pue_low"].iloc[0]), pue_high=float(inputs["pue_high"].iloc[0]),
        intensity_median=float((inputs["carbon_intensity_g_per_kwh_low"].iloc[0]
                                + inputs["carbon_intensity_g_per_kwh_high"].iloc[0]) / 2),
        intensity_low=float(inputs["carbon_intensity_g_per_kwh_low"].iloc[0]),
        intensity_high=float(inputs["carbon_intensity_g_per_kwh_high"].iloc[0]),
        intensity_year=_year(inputs["intensity_year"].iloc[0]), intensity_basis=str(inputs["intensity_basis"].iloc[0]),
        installed_kw=sum(installed) if installed and len(installed) == len(partitions) else None,
        average_kw=total.energy_median_kwh / (max(len(months), 1) * HOURS_PER_MONTH),
        eed_kw=ref.law_number("eed_datacentre_it_kw"), damaged_lines=year.damaged_lines,
        unknown_partitions=year.unknown_partitions, calibration=calibration, sources=_sources(year, ref, lang))


def _sources(year: ClusterYear, ref: Reference, lang: str) -> tuple[SourceView, ...]:
    """Return the references behind the brief's numbers (grid, PUE, hardware, manufacturing, law, yardsticks),
    their notes in ``lang``."""
    inputs = year.inputs
    used = {s for v in inputs["intensity_source"].astype(str) for s in v.split(";")}
    used |= {str(ref.hardware.at[h, "tdp_source_id"]) for h in inputs["hardware"]}
    used |= {s for v in inputs["embodied_source"].dropna().astype(str) for s in v.split(";")}
    used |= set(ref.equivalences["source_id"]) | {"eed-2023"}
    comparisons = reader_comparisons(ref)
    used |= {str(s) for column in ("person_year_source", "household_source", "generation_source",
                                   "datacentre_source") for s in comparisons[column]}
    return source_views(ref, {s for s in used if s in ref.sources.index}, lang)


def _year(value: Any) -> int | None:
    """Return a data year, or None where unknown."""
    return None if value is None or pd.isna(value) else int(value)


def _partition(name: str, p: Any, row: Any, unit: UnitView | None, ref: Reference) -> PartitionView:
    """Return a partition's view: its hardware by name, its nodes and how its energy is counted."""
    assert unit is not None
    return PartitionView(
        name=name, hardware=str(ref.hardware.at[p.hardware, "name"]), accelerator=bool(row["accelerator"]),
        devices_per_node=float(row["devices_per_node"]), cores_per_node=float(row["cores_per_node"]),
        nodes=p.nodes, host_power_w=float(row["host_power_w"]), metered=bool(row["consumed"]),
        power_low_w=float(row["device_power_w_low"]), power_high_w=float(row["device_power_w_high"]), unit=unit)
