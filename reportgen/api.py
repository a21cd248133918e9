"""The Python API: results and what-ifs of a scenario file as DataFrames (``reportgen.estimate`` and friends)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .core import estimate_with_ranges, what_ifs, with_medians
from .errors import DataError, InputError, RenderError, ReportgenError, ScenarioError, TranslationError
from .inputs import Scenario, ScenarioFile, load_scenarios, scenarios_frame
from .reference import Reference, load_reference

__all__ = [
    "DataError", "InputError", "Reference", "RenderError", "ReportgenError", "Scenario", "ScenarioError",
    "ScenarioFile", "TranslationError", "estimate", "load_reference", "load_scenarios", "what_if_frame",
]


def _loaded(scenario_file: str | Path | ScenarioFile, ref: Reference) -> ScenarioFile:
    """Return a scenario file, loading it where a path is given."""
    return scenario_file if isinstance(scenario_file, ScenarioFile) else load_scenarios(scenario_file, ref)


def estimate(scenario_file: str | Path | ScenarioFile) -> pd.DataFrame:
    """Return the results table (one row per scenario) for a scenario file or a loaded one."""
    ref = load_reference()
    with np.errstate(all="ignore"):  # zero or tiny values are valid inputs; their warnings are noise to a user
        return estimate_with_ranges(scenarios_frame(_loaded(scenario_file, ref)), ref)


def what_if_frame(scenario_file: str | Path | ScenarioFile) -> pd.DataFrame:
    """Return, for every scenario, what each change (and all together) would save, ranked by saving."""
    ref = load_reference()
    inputs = scenarios_frame(_loaded(scenario_file, ref))
    with np.errstate(all="ignore"):
        changes = with_medians(what_ifs(inputs, ref), estimate_with_ranges(inputs, ref))
    position = {scenario: i for i, scenario in enumerate(inputs["id"])}  # the file's order, as calc keeps it
    order = changes["id"].map(position)
    return changes.assign(_position=order).sort_values(["_position", "rank"], kind="stable").drop(
        columns="_position").reset_index(drop=True)
