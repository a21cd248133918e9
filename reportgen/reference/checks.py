"""Consistency of the reference tables: what one table names, another must hold."""

from __future__ import annotations

from ..errors import DataError
from .tables import BASES, ON_PREMISE, Reference


def check_consistency(ref: Reference) -> None:
    """Raise DataError where one table names what another lacks."""
    problems: list[str] = []
    used = set(ref.hardware["tdp_source_id"]) | set(ref.grid["source_id"]) | set(ref.pue["source_id"])
    used |= set(ref.cloud_regions["source_id"]) | set(ref.benchmarks["source_id"])
    used |= set(ref.equivalences["source_id"]) | set(ref.case_study["source_id"]) | set(ref.followups["source_id"])
    used |= {s for s in ref.hardware["draw_source_id"] if s} | set(ref.embodied["source_id"])
    used |= set(ref.wue["source_id"]) | set(ref.ewif["source_id"])
    used |= {s for ids in ref.inference["source_id"] for s in ids.split(";")}  # a task's range may rest on several
    used |= set(ref.uncertainty["source_id"].dropna()) - {""}
    used |= set(ref.comparisons["source_id"]) | set(ref.airports["source_id"]) | set(ref.recommendations["source_id"])
    used |= set(ref.calibration["source_id"]) | set(ref.region_intensity["source_id"]) | set(ref.law["source_id"])
    used |= {s for ids in ref.low_carbon_capacity["source_id"] for s in ids.split(";")}
    unknown_regions = sorted(set(ref.region_intensity["region"]) - set(ref.cloud_regions.index))
    if unknown_regions:
        problems.append(f"region_intensity.csv names unknown cloud regions {', '.join(unknown_regions)}")
    bad_aliases = sorted((set(ref.hardware_aliases["id"]) | set(ref.embodied["hardware_id"])
                          | set(ref.calibration["hardware"])) - set(ref.hardware.index))
    if bad_aliases:
        problems.append("hardware_aliases.csv, embodied.csv or calibration.csv names unknown hardware "
                        f"{', '.join(bad_aliases)}")
    ends = ref.embodied.reset_index(drop=True).groupby("hardware_id")["end"]
    one_sided = sorted(str(h) for h, named in ends if sorted(named) != ["high", "low"])
    if one_sided:
        problems.append(f"embodied.csv needs one low and one high end for {', '.join(one_sided)}")
    scopes = set(ref.hardware["draw_scope"]) - {"", "gpu", "system"}
    if scopes:
        problems.append(f"hardware.csv has unknown draw scopes {', '.join(sorted(scopes))}; use gpu or system")
    missing_sources = sorted(s for s in used if s and s not in ref.sources.index)
    if missing_sources:
        problems.append(f"sources.csv lacks {', '.join(missing_sources)}")
    bad_successors = sorted(s for s in ref.hardware["successor"] if s and s not in ref.hardware.index)
    if bad_successors:
        problems.append(f"hardware.csv names unknown successors {', '.join(bad_successors)}")
    orphans = sorted(set(ref.cloud_regions["country"]) - set(ref.grid_default.index))
    if orphans:
        problems.append(f"cloud_regions.csv names countries without an intensity: {', '.join(orphans)}")
    unknown_alternatives = sorted(set(ref.whatif_locations.index) - set(ref.location_keys()))
    if unknown_alternatives:
        problems.append(f"whatif_locations.csv names unknown locations {', '.join(unknown_alternatives)}")
    bases = set(ref.grid["basis"]) | set(ref.cloud_regions["basis"].dropna()) - {""}
    if not bases <= set(BASES):
        problems.append(f"unknown intensity basis {', '.join(sorted(bases - set(BASES)))}; use {' or '.join(BASES)}")
    unknown_water = sorted((set(ref.wue.index) - set(ref.pue.index))
                           | (set(ref.ewif.index) - set(ref.grid_default.index)))
    if unknown_water:
        problems.append(f"water.csv names unknown providers or countries {', '.join(unknown_water)}")
    problems += _reader_problems(ref)
    if ON_PREMISE not in ref.pue.index:
        problems.append(f"pue.csv lacks the '{ON_PREMISE}' default")
    if problems:
        raise DataError("inconsistent reference data: " + "; ".join(problems))


def _reader_problems(ref: Reference) -> list[str]:
    """Return what the tables of a reader's comparisons and recommendations lack: every region its
    comparisons, its flight and its actors."""
    problems = []
    regions = set(ref.flights.index)
    for kind in ("person-year", "household-electricity", "electricity-generation"):
        rows = ref.comparisons[ref.comparisons["id"] == kind]
        if set(rows["region"]) != regions:
            problems.append(f"comparisons.csv: '{kind}' must have one row for each region of flights.csv")
    if ("datacentre-electricity", "EU") not in ref.comparisons.index:
        problems.append("comparisons.csv: 'datacentre-electricity' must have a row for EU")
    airports = set(ref.flights["origin"]) | set(ref.flights["destination"])
    if not airports <= set(ref.airports.index):
        problems.append(f"flights.csv names unknown airports {', '.join(sorted(airports - set(ref.airports.index)))}")
    unnamed = set(ref.cloud_regions["provider"]) - set(ref.providers.index)
    if unnamed:
        problems.append(f"providers.csv lacks {', '.join(sorted(unnamed))}, a provider of cloud_regions.csv")
    wanted = {(actor, region) for actor in ref.recommendations["actor"] for region in regions}
    missing = sorted(f"{a} in {r}" for a, r in wanted - set(ref.actors.index))
    if missing:
        problems.append(f"actors.csv lacks {', '.join(missing)}")
    if set(ref.low_carbon_capacity.index) != regions:
        problems.append("low_carbon_capacity.csv must have one row for each region of flights.csv")
    return problems
