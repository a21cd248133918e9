"""Scenario files: reading YAML/JSON with line numbers, the schema, messages for problems, the core's input table."""

from __future__ import annotations

from .loader import ScenarioFile, load_scenarios
from .schema import Scenario, localized
from .table import files_frame, inputs_frame, scenario_rows, scenarios_frame

__all__ = ["Scenario", "ScenarioFile", "files_frame", "inputs_frame", "load_scenarios",
           "localized", "scenario_rows", "scenarios_frame"]
