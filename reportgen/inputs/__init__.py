"""Scenario files: reading YAML/JSON with line numbers, the schema, messages for problems, the core's input table."""

from __future__ import annotations

from .loader import ScenarioFile, load_scenarios
from .schema import Scenario, localized
from .table import FILE_SEPARATOR, files_frame, inputs_frame, scenario_rows, scenarios_frame

__all__ = ["FILE_SEPARATOR", "Scenario", "ScenarioFile", "files_frame", "inputs_frame", "load_scenarios",
           "localized", "scenario_rows", "scenarios_frame"]
