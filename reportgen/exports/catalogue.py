"""What a scenario file may name: the catalogue's hardware, locations and PUE providers (``reportgen list``)."""

from __future__ import annotations

import json

import pandas as pd

from ..core.resolve import RESEARCH_PROVIDER
from ..errors import InputError
from ..inputs.problems import country_hint
from ..reference import Reference
from .tables import as_records, rounded

YEARS = ("year", "release_year")
RESEARCH = "research system"  # LUMI, Hortense, Snellius: applied for, not rented


def catalogue(kind: str, ref: Reference) -> pd.DataFrame:
    """Return the ids of one kind a scenario file may use, with what each stands for, sorted by id."""
    if kind == "hardware":
        frame = ref.hardware[["id", "name", "kind", "tdp_w", "draw_w", "peak_tflops_8", "peak_tflops_16",
                              "peak_tflops_32", "release_year"]]
        aliases = ref.hardware_aliases[["alias", "id"]].rename(columns={"id": "alias_of", "alias": "id"})
        # An alias row shows what it stands for: the name, kind and figures of the id it means.
        aliases = aliases.join(frame.drop(columns="id"), on="alias_of")
        frame = pd.concat([frame, aliases], ignore_index=True)
    elif kind == "locations":
        countries = ref.grid_default.rename(columns={"country": "id", "country_name": "name"})
        countries = countries[["id", "name", "g_per_kwh", "year", "basis"]].assign(kind="country")
        regions = ref.cloud_regions
        own = regions["g_per_kwh"].notna()  # a region without a value of its own takes its country's, and its year
        regions = regions.assign(id=regions.index, name=regions["city"],
                                 g_per_kwh=regions["g_per_kwh"].where(own, regions["country"].map(
                                     ref.grid_default["g_per_kwh"])),
                                 year=regions["year"].where(own, regions["country"].map(ref.grid_default["year"])),
                                 basis=ref.region_basis,
                                 kind=[RESEARCH if i.startswith(f"{RESEARCH_PROVIDER}:") else "cloud region"
                                       for i in regions.index])
        frame = pd.concat([countries, regions[["id", "name", "g_per_kwh", "year", "basis", "kind", "country"]]],
                          ignore_index=True)
    else:
        frame = ref.pue[["provider", "pue", "year", "source_id"]].rename(columns={"provider": "id"})
    years = {c: "Int64" for c in YEARS if c in frame}  # a year is a whole number, not 2,024.0
    return frame.astype(years).sort_values("id", kind="stable").reset_index(drop=True)


def in_country(frame: pd.DataFrame, kind: str, country: str) -> pd.DataFrame:
    """Return the locations of one country (its own row, its cloud regions and research systems); refuse a
    country filter on another kind of list, or a code no location has."""
    if kind != "locations":
        raise InputError(None, f"--country: filters the list of locations, not of {kind}")
    code = country.upper()
    rows = frame[(frame["id"] == code) | (frame["country"] == code)].reset_index(drop=True)
    if rows.empty:
        raise InputError(None, f"--country: no location in '{country}'"
                         + (country_hint(country) or "; give an ISO 3166-1 alpha-2 code such as BE or NL"))
    return rows


def catalogue_table(frame: pd.DataFrame) -> str:
    """Return a catalogue as an aligned text table."""
    columns = [c for c in frame.columns if frame[c].notna().any()]
    cells = [[str(v) if c in YEARS and pd.notna(v) else rounded(v) for v in frame[c]] for c in columns]
    widths = [max(len(c), *(len(x) for x in col)) for c, col in zip(columns, cells, strict=True)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(col[i].ljust(w) for col, w in zip(cells, widths, strict=True)).rstrip()
              for i in range(len(frame))]
    return "\n".join(lines)


def catalogue_json(kind: str, frame: pd.DataFrame) -> str:
    """Return a catalogue as JSON: ``{"<kind>": [...]}``."""
    return json.dumps({kind: as_records(frame)}, ensure_ascii=False, indent=2)
