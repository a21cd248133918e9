"""What a scenario file may name: the catalogue's hardware, locations and PUE providers (``reportgen list``)."""

from __future__ import annotations

import json

import pandas as pd

from ..reference import Reference
from .tables import as_records, rounded

YEARS = ("year", "release_year")


def catalogue(kind: str, ref: Reference) -> pd.DataFrame:
    """Return the ids of one kind a scenario file may use, with what each stands for, sorted by id."""
    if kind == "hardware":
        frame = ref.hardware[["id", "name", "kind", "tdp_w", "draw_w", "peak_tflops_8", "peak_tflops_16",
                              "peak_tflops_32", "release_year"]]
        aliases = ref.hardware_aliases[["alias", "id"]].rename(columns={"id": "alias_of", "alias": "id"})
        frame = pd.concat([frame, aliases], ignore_index=True)
    elif kind == "locations":
        countries = ref.grid_default.rename(columns={"country": "id", "country_name": "name"})
        countries = countries[["id", "name", "g_per_kwh", "year", "basis"]].assign(kind="country")
        regions = ref.cloud_regions.assign(id=ref.cloud_regions.index, name=ref.cloud_regions["city"],
                                           g_per_kwh=ref.cloud_regions["g_per_kwh"].fillna(
                                               ref.cloud_regions["country"].map(ref.grid_default["g_per_kwh"])),
                                           basis=ref.region_basis, kind="cloud region")
        frame = pd.concat([countries, regions[["id", "name", "g_per_kwh", "year", "basis", "kind", "country"]]],
                          ignore_index=True)
    else:
        frame = ref.pue[["provider", "pue", "year", "source_id"]].rename(columns={"provider": "id"})
    years = {c: "Int64" for c in YEARS if c in frame}  # a year is a whole number, not 2,024.0
    return frame.astype(years).sort_values("id", kind="stable").reset_index(drop=True)


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
