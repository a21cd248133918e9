"""Everything the core computes for scenario files before any view is built.

Results with their ranges, what-ifs, sensitivity, everyday comparisons and the case study, for many
files in one vectorized pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..inputs.table import FILE_SEPARATOR
from ..reference import Reference
from .advice import recommendations
from .case_study import case_study_results
from .emissions import ranged_results
from .equivalents import equivalents, reader_comparisons
from .uncertainty import sensitivity
from .whatif import what_ifs


@dataclass(frozen=True)
class Computed:
    """What the core computes for one scenario file, whatever the language of the brief, as plain records."""

    results: list[dict[str, Any]]
    what_ifs: list[dict[str, Any]]  # largest saving first
    sensitivity: list[dict[str, Any]]  # per scenario, the input that moves CO2e most first
    equivalents: list[dict[str, Any]]
    case_study: list[dict[str, Any]]
    advice: list[dict[str, Any]]        # per scenario, the recommendations that apply, with their savings
    comparisons: list[dict[str, Any]]   # per region of readers: a person's year, a household, a flight


FOOTPRINT_NOW = ("co2e_market_median_kg", "embodied_median_kg", "water_median_l")


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return a table's rows as dicts keyed by column name (the columns are all strings)."""
    rows: list[dict[str, Any]] = frame.to_dict(orient="records")  # type: ignore[assignment]
    return rows


def with_medians(changes: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    """Return the what-ifs with each saving also taken from the median, the figure the brief leads with.

    A what-if compares two point estimates of one formula; its share applies to the median as well.
    """
    by_id = results.set_index("id")
    median = changes["id"].map(by_id["co2e_median_kg"])
    saving = median * changes["saving_share"]
    # The rest of the footprint as it stands now, beside the options (they change the electricity's CO2e only).
    parts = {f"{column}_before": changes["id"].map(by_id[column]) for column in FOOTPRINT_NOW}
    changes = changes.assign(co2e_median_kg_before=median, saving_median_kg=saving,
                             co2e_median_kg_after=median - saving, **parts)
    return changes.sort_values("saving_kg", ascending=False, kind="stable")


def compute_files(inputs: pd.DataFrame, ref: Reference, files: int) -> list[Computed]:
    """Return, per file, the results, what-ifs and sensitivity of an input table of ``files`` files."""
    with np.errstate(all="ignore"):  # zero or tiny values are valid inputs; their warnings are noise to a user
        resolved, ranges, results = ranged_results(inputs, ref)
    changes = with_medians(what_ifs(inputs, ref, resolved), results)
    swings = sensitivity(ranges, resolved)
    case_study = records(case_study_results(ref))
    local = reader_comparisons(ref)
    comparisons = records(local)
    per_file: dict[str, list[list[dict[str, Any]]]] = {}
    tables = {"results": results, "what_ifs": changes, "sensitivity": swings,
              "equivalents": equivalents(results, ref, local), "advice": recommendations(results, changes, ref)}
    for name, frame in tables.items():
        split: list[list[dict[str, Any]]] = [[] for _ in range(files)]
        for record in records(frame):
            index, _, record["id"] = str(record["id"]).partition(FILE_SEPARATOR)
            split[int(index)].append(record)
        per_file[name] = split
    return [Computed(results=per_file["results"][i], what_ifs=per_file["what_ifs"][i],
                     sensitivity=per_file["sensitivity"][i], equivalents=per_file["equivalents"][i],
                     case_study=case_study, advice=per_file["advice"][i], comparisons=comparisons)
            for i in range(files)]
