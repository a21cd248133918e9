"""The columns of the results table, specified once: the point estimates, then each figure's Monte Carlo range."""

from __future__ import annotations

ENDS = ("low", "median", "high")  # the names of the Monte Carlo's quantiles, in the order it takes them


def spread_columns(name: str, unit: str) -> tuple[str, ...]:
    """Return the columns of one figure's range (``co2e`` and ``_kg``: ``co2e_low_kg`` …), low end first."""
    return tuple(f"{name}_{end}{unit}" for end in ENDS)


# A scenario is known by its file's place in the batch and its id, which is unique within its file only.
SCENARIO_KEY = ("file", "id")
POINT_COLUMNS = (
    "file", "id", "name", "hardware", "count", "hours", "runs", "run_purpose", "device_hours", "parameters",
    "active_parameters",
    "tokens", "flops", "mfu", "precision", "peak_tflops", "power_basis", "device_power_w",
    "utilisation", "host_power_w", "it_power_w", "it_energy_kwh", "pue", "pue_source", "energy_kwh", "location",
    "hosting", "country", "carbon_intensity_g_per_kwh", "intensity_source", "intensity_year", "intensity_basis",
    "co2e_kg",
    "co2e_t", "co2e_lbs", "currency", "cloud_cost_low", "cloud_cost_high", "electricity_cost",
    "measured_devices", "measured_runs", "measured_places", "measured_segments",
    "measured_gap_hours", "cfe_share", "market_intensity_g_per_kwh",
    "market_source", "co2e_market_kg", "embodied_kg_per_device", "lifetime_years", "use_share",
    "embodied_kg_per_device_hour", "embodied_source",
    "embodied_co2e_kg", "co2e_total_kg", "wue_l_per_kwh", "wue_source", "wue_year", "ewif_l_per_kwh", "ewif_source",
    "ewif_year", "water_onsite_l", "water_offsite_l", "water_l", "inference_requests", "inference_task",
    "inference_wh_per_request", "inference_source", "inference_energy_kwh", "inference_co2e_kg",
    "inference_co2e_market_kg", "inference_water_onsite_l", "inference_water_offsite_l", "inference_water_l",
    "inference_breakeven_requests",
)
# The figures drawn in the Monte Carlo, with their units: the paper's own, then the rest of the footprint.
OPERATIONAL_SPREADS = (("energy", "_kwh"), ("co2e", "_kg"), ("device_hours", ""))
PART_SPREADS = (("co2e_market", "_kg"), ("embodied", "_kg"), ("co2e_total", "_kg"), ("water", "_l"),
                ("inference_energy", "_kwh"), ("inference_co2e", "_kg"), ("inference_co2e_market", "_kg"),
                ("inference_water", "_l"), ("energy_with_serving", "_kwh"), ("co2e_with_serving", "_kg"))
PART_COLUMNS = tuple(column for name, unit in PART_SPREADS for column in spread_columns(name, unit))
SPREAD_COLUMNS = tuple(column for name, unit in OPERATIONAL_SPREADS + PART_SPREADS
                       for column in spread_columns(name, unit))
# The median of each uncertain input as drawn, and the ends of those a table row shows with their range: the values
# a row shows, so that a reader can multiply it out.
MEDIAN_INPUT_COLUMNS = (
    "count_median", "hours_median", "runs_median", "device_power_median_w", "utilisation_median",
    "host_power_median_w", "pue_median", "carbon_intensity_median_g_per_kwh",
    "utilisation_low", "utilisation_high", "pue_low", "pue_high", "carbon_intensity_low_g_per_kwh",
    "carbon_intensity_high_g_per_kwh", "inference_breakeven_median_requests",
)
# What the AI Act makes of each training (core/law.py): one run's compute, how it was found, its class, whether its
# maker becomes a provider, the duty that follows (or the exemption), and the Article 111(3) date where it applies.
LAW_COLUMNS = ("training_flops", "training_flops_low", "training_flops_high", "training_flops_method",
               "base_model_flops", "modification_compute_share", "open_weights", "research_only", "released",
               "ai_act_class", "ai_act_new_provider", "ai_act_duty", "ai_act_documentation_due",
               "ai_act_legacy_deadline")
# The results table of a batch of files.
RESULT_COLUMNS = POINT_COLUMNS + SPREAD_COLUMNS + LAW_COLUMNS + MEDIAN_INPUT_COLUMNS
FILE_RESULT_COLUMNS = tuple(c for c in RESULT_COLUMNS if c != "file")  # one file's, as `calc` writes them

# The columns of the what-if table: each option's point estimates and rank, then the savings taken from the
# median (the brief's figure) and the rest of the footprint as it stands now.
WHAT_IF_COLUMNS = (
    "file", "id", "change", "detail", "co2e_kg_before", "co2e_kg_after", "saving_kg", "saving_share", "rank",
    "embodied_kg_after", "co2e_market_kg_before", "co2e_market_kg_after",
    "co2e_median_kg_before", "saving_median_kg", "co2e_median_kg_after", "co2e_market_median_kg_before",
    "embodied_median_kg_before", "water_median_l_before", "inference_co2e_median_kg_before",
)
FILE_WHAT_IF_COLUMNS = tuple(c for c in WHAT_IF_COLUMNS if c != "file")  # one file's, as `whatif` writes them
