"""Everything the core computes for scenario files before any view is built.

Results with their ranges, what-ifs, sensitivity, everyday comparisons and the case study, for many
files in one vectorized pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..reference import Reference
from .advice import recommendations
from .calibration import CalibrationSummary
from .case_study import case_study_results
from .columns import SCENARIO_KEY
from .emissions import ranged_results
from .equivalents import equivalents, reader_comparisons
from .middles import sensitivity
from .scenario_result import ScenarioResult, WhatIfResult, records
from .whatif import what_ifs


@dataclass(frozen=True)
class FileResults:
    """What the core computes for one scenario file, whatever the language of the brief: typed results and
    what-ifs, the rest as plain records."""

    results: tuple[ScenarioResult, ...]  # in the file's order
    what_ifs: tuple[WhatIfResult, ...]  # largest saving first
    sensitivity: list[dict[str, Any]]  # per scenario, the input that moves CO2e most first
    equivalents: list[dict[str, Any]]
    case_study: list[dict[str, Any]]
    advice: list[dict[str, Any]]        # per scenario, the recommendations that apply, with their savings
    comparisons: list[dict[str, Any]]   # per region of readers: a person's year, a household, a flight
    results_frame: pd.DataFrame         # the results and the what-ifs as tables, for `calc`, `whatif` and the API
    what_ifs_frame: pd.DataFrame
    calibration: CalibrationSummary | None = None  # how often such ranges held published figures (the pipeline's)


FOOTPRINT_NOW = ("co2e_market_median_kg", "embodied_median_kg", "water_median_l", "inference_co2e_median_kg")


def with_medians(changes: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    """Return the what-ifs with each saving also taken from the median, the figure the brief leads with.

    A what-if compares two point estimates of one formula; its share applies to the median as well.
    """
    by_scenario = results.set_index(list(SCENARIO_KEY))
    scenarios = pd.MultiIndex.from_frame(changes[list(SCENARIO_KEY)])

    def of_scenario(column: str) -> pd.Series:
        """Return a results column for the scenario of each what-if."""
        return pd.Series(by_scenario[column].reindex(scenarios).to_numpy(), index=changes.index)

    median = of_scenario("co2e_median_kg")
    saving = median * changes["saving_share"]
    # The rest of the footprint as it stands now, beside the options (they change the electricity's CO2e only).
    parts = {f"{column}_before": of_scenario(column) for column in FOOTPRINT_NOW}
    changes = changes.assign(co2e_median_kg_before=median, saving_median_kg=saving,
                             co2e_median_kg_after=median - saving, **parts)
    return changes.sort_values("saving_kg", ascending=False, kind="stable")


def compute_files(inputs: pd.DataFrame, ref: Reference, files: int) -> list[FileResults]:
    """Return, per file, the results, what-ifs and sensitivity of an input table of ``files`` files."""
    with np.errstate(all="ignore"):  # zero, tiny or (refused later, with the file's line) infinite values
        resolved, ranges, results = ranged_results(inputs, ref)
        changes = with_medians(what_ifs(inputs, ref, resolved), results)
        swings = sensitivity(ranges, resolved)
    case_study = records(case_study_results(ref))
    local = reader_comparisons(ref)
    comparisons = records(local)
    tables = {"results": results, "what_ifs": changes, "sensitivity": swings,
              "equivalents": equivalents(results, ref, local), "advice": recommendations(results, changes, ref)}
    per_file = [{name: _of_file(frame, i) for name, frame in tables.items()} for i in range(files)]
    return [FileResults(results=ScenarioResult.from_frame(of_file["results"]),
                        what_ifs=WhatIfResult.from_frame(of_file["what_ifs"]),
                        sensitivity=records(of_file["sensitivity"]), equivalents=records(of_file["equivalents"]),
                        case_study=case_study, advice=records(of_file["advice"]), comparisons=comparisons,
                        results_frame=of_file["results"], what_ifs_frame=of_file["what_ifs"])
            for of_file in per_file]


def results_of_files(inputs: pd.DataFrame, ref: Reference, files: int) -> list[pd.DataFrame]:
    """Return, per file, only the results table of an input table of ``files`` files (what ``calc`` prints)."""
    with np.errstate(all="ignore"):
        _, _, results = ranged_results(inputs, ref)
    return [_of_file(results, i) for i in range(files)]


def _of_file(frame: pd.DataFrame, file: int) -> pd.DataFrame:
    """Return the rows of one file of a batch's table, without the file column, in the table's order."""
    rows: pd.DataFrame = frame[frame["file"].to_numpy() == file].drop(columns="file")
    return rows.reset_index(drop=True)
