"""Input files: their kinds (one registry), YAML/JSON read with line numbers, the schema, the core's input table."""

from __future__ import annotations

from .kinds import INPUT_KINDS, SUFFIXES, InputFile, InputKind, kind_of, load_input, load_scenario_file
from .loader import ScenarioFile, load_scenarios, untranslated
from .schema import Scenario, localized
from .table import files_frame, inputs_frame, scenario_rows, scenarios_frame

__all__ = ["INPUT_KINDS", "SUFFIXES", "InputFile", "InputKind", "Scenario", "ScenarioFile", "files_frame",
           "inputs_frame", "kind_of", "load_input", "load_scenario_file", "load_scenarios", "localized",
           "scenario_rows", "scenarios_frame", "untranslated"]
