"""The calculation core: pure functions of DataFrames, from scenario inputs and reference tables to results.

formula      the formula of Strubell et al. (2019), once, on arrays
resolve      inputs looked up in data/: power per device, PUE (one provider rule), grid intensity
emissions    results table: energy, CO2e, cost; with Monte Carlo ranges
uncertainty  input ranges, the seeded Monte Carlo, sensitivity
whatif       the registry of options and what each saves
case_study   Strubell et al.'s Table 4, computed
columns      the columns of the results table, once
results      all of it for many files at once, before any view is built
scenario_result  one scenario's results as the typed record the view reads
law          the AI Act's reading of each training: one run's compute, its class, the one-third rule, exemptions
"""

from __future__ import annotations

from .changes import best_pue_provider
from .columns import RESULT_COLUMNS
from .emissions import compute_emissions, estimate_frame, estimate_with_ranges, ranged_results
from .formula import lbs_to_kg, operational
from .resolve import DEFAULT_SOURCE, PUBLISHED_BASIS, SCENARIO_SOURCE, measured_bases, pue_provider, resolve_inputs
from .results import FileResults, compute_files, results_of_files, with_medians
from .scenario_result import ScenarioResult, WhatIfResult
from .uncertainty import DRAWS, INTERVAL, SEED
from .whatif import ALL_TOGETHER, OPTIONS, WhatIfOption, what_ifs

__all__ = [
    "ALL_TOGETHER",
    "DEFAULT_SOURCE",
    "DRAWS",
    "INTERVAL",
    "OPTIONS",
    "PUBLISHED_BASIS",
    "RESULT_COLUMNS",
    "SCENARIO_SOURCE",
    "SEED",
    "FileResults",
    "ScenarioResult",
    "WhatIfOption",
    "WhatIfResult",
    "best_pue_provider",
    "compute_emissions",
    "compute_files",
    "estimate_frame",
    "estimate_with_ranges",
    "lbs_to_kg",
    "measured_bases",
    "operational",
    "pue_provider",
    "ranged_results",
    "resolve_inputs",
    "results_of_files",
    "what_ifs",
    "with_medians",
]
