"""The Python API: results and what-ifs of a scenario file as DataFrames (``reportgen.estimate`` and friends)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .core import FileResults
from .errors import DataError, InputError, RenderError, ReportgenError, ScenarioError, TranslationError
from .inputs import Scenario, ScenarioFile, load_scenarios
from .pipeline import compute, load, results
from .reference import Reference, load_reference

__all__ = [
    "DataError", "InputError", "Reference", "RenderError", "ReportgenError", "Scenario", "ScenarioError",
    "ScenarioFile", "TranslationError", "estimate", "load_reference", "load_scenarios", "what_if_frame",
]


def _computed(scenario_file: str | Path | ScenarioFile) -> FileResults:
    """Return what the core computes for a scenario file (loading it where a path is given), as the pipeline does."""
    ref = load_reference()
    loaded = [scenario_file] if isinstance(scenario_file, ScenarioFile) else load([scenario_file], ref)
    return compute(loaded, ref)[0]


def estimate(scenario_file: str | Path | ScenarioFile) -> pd.DataFrame:
    """Return the results table (one row per scenario) for a scenario file or a loaded one."""
    ref = load_reference()
    loaded = [scenario_file] if isinstance(scenario_file, ScenarioFile) else load([scenario_file], ref)
    return results(loaded, ref)[0]


def what_if_frame(scenario_file: str | Path | ScenarioFile) -> pd.DataFrame:
    """Return, for every scenario, what each change (and all together) would save, ranked by saving."""
    computed = _computed(scenario_file)
    changes = computed.what_ifs_frame
    position = {r.id: i for i, r in enumerate(computed.results)}  # the file's order, as calc keeps it
    order = changes["id"].map(position)
    return changes.assign(_position=order).sort_values(["_position", "rank"], kind="stable").drop(
        columns="_position").reset_index(drop=True)
