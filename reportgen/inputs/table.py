"""The core's input table: every scenario as one flat row of plain inputs, ranges as low and high ends."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..measure import MeasuredRun
from .loader import ScenarioFile
from .measured import LocationMix
from .numeric import bounds, central
from .schema import Scenario

UNKNOWN_PURPOSE = "unknown"  # the runs' purpose where the file does not state it


def scenarios_frame(scenario_file: ScenarioFile) -> pd.DataFrame:
    """Return the scenarios as a table of plain inputs, one row per scenario, for the calculation core."""
    return inputs_frame(scenario_rows(scenario_file))


def scenario_rows(scenario_file: ScenarioFile, file: int = 0) -> list[dict[str, Any]]:
    """Return the scenarios as flat rows of inputs, each marked with ``file``, its file's place in a batch, and
    ``as_of_year``, the year of the brief's own date (None where the file gives none: taken as current)."""
    date = scenario_file.brief.date
    return [{"file": file, "as_of_year": date.year if date else None}
            | scenario_row(s, scenario_file.measurements.get(s.id), scenario_file.location_mixes.get(s.id))
            for s in scenario_file.scenarios]


def files_frame(scenario_files: list[ScenarioFile]) -> pd.DataFrame:
    """Return the scenarios of many files as one input table; ids are unique within a file, so the file
    column tells two scenarios of one id apart."""
    return inputs_frame([row for index, scenario_file in enumerate(scenario_files)
                         for row in scenario_rows(scenario_file, index)])


def inputs_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Return rows of inputs (from one file or many) as the input table of the calculation core."""
    return pd.DataFrame(rows, columns=list(INPUT_COLUMNS))


RANGED_INPUTS = ("count", "hours", "device_power_w", "utilisation", "host_power_w", "pue_value",
                 "carbon_intensity_g_per_kwh", "runs", "cfe_share", "market_intensity_g_per_kwh",
                 "embodied_kg_per_device", "lifetime_years", "use_share", "wue_l_per_kwh", "ewif_l_per_kwh", "mfu",
                 "inference_wh_per_request")
INPUT_COLUMNS = ("file", "id", "name", "hardware", "count", "hours", "device_power_w", "device_power_source",
                 "utilisation", "host_power_w", "pue_value", "pue_provider", "location", "carbon_intensity_g_per_kwh",
                 "runs", "run_purpose", "as_of_year", "cfe_share", "market_intensity_g_per_kwh",
                 "embodied_kg_per_device", "lifetime_years", "use_share", "wue_l_per_kwh", "ewif_l_per_kwh", "currency",
                 "cloud_price_low", "cloud_price_high",
                 "electricity_price_per_kwh", "measurement", "parameters", "active_parameters", "tokens", "flops",
                 "mfu", "precision",
                 "inference_requests", "inference_wh_per_request", "inference_task",
                 "open_weights", "research_only", "base_model_flops", "released",
                 "utilisation_given", "location_mix", "measured_devices", "measured_runs", "measured_places",
                 "measured_segments", "measured_gap_hours",
                 *(f"{n}_{end}" for n in RANGED_INPUTS for end in ("low", "high")))


def scenario_row(s: Scenario, run: MeasuredRun | None = None, mix: LocationMix | None = None) -> dict[str, Any]:
    """Return one scenario as a flat row of inputs: central values, and the ends of any range given."""
    price = s.cloud_price_bounds()
    row: dict[str, Any] = {
        "id": s.id, "name": s.text("name", "en"), "hardware": s.hardware,
        "pue_provider": s.pue if isinstance(s.pue, str) else None,
        "location": s.location, "run_purpose": s.run_purpose or UNKNOWN_PURPOSE,
        "currency": s.price.currency if s.price else None,
        "cloud_price_low": price[0], "cloud_price_high": price[1],
        "electricity_price_per_kwh": s.price.electricity_per_kwh if s.price else None,
        "measurement": s.measurement.kind if s.measurement else None,
        "device_power_source": s.device_power_source,
        "parameters": s.compute.parameters if s.compute else None,
        "active_parameters": s.compute.active_parameters if s.compute else None,
        "tokens": s.compute.tokens if s.compute else None,
        "precision": s.precision,
        "flops": training_flops(s),
        "inference_requests": s.inference.requests if s.inference else None,
        "inference_task": s.inference.task if s.inference else None,
        "open_weights": s.open_weights, "research_only": s.research_only, "base_model_flops": s.base_model_flops,
        "released": s.released.isoformat() if s.released else None,
    }
    numbers = {"count": s.count, "hours": s.hours, "device_power_w": s.device_power_w,
               "utilisation": s.utilisation if s.utilisation is not None else 1.0, "host_power_w": s.host_power_w,
               "pue_value": None if isinstance(s.pue, str) else s.pue,
               "carbon_intensity_g_per_kwh": s.carbon_intensity_g_per_kwh, "runs": s.runs,
               "cfe_share": s.cfe_share, "market_intensity_g_per_kwh": s.market_intensity_g_per_kwh,
               "embodied_kg_per_device": s.embodied_kg_per_device, "lifetime_years": s.lifetime_years,
               "use_share": s.use_share, "wue_l_per_kwh": s.wue_l_per_kwh,
               "ewif_l_per_kwh": s.ewif_l_per_kwh, "mfu": s.mfu,
               "inference_wh_per_request": s.inference.wh_per_request if s.inference else None}
    for name, value in numbers.items():
        row[name] = central(value)
        row[f"{name}_low"], row[f"{name}_high"] = bounds(value)
    row["utilisation_given"] = s.utilisation is not None
    row["location_mix"] = mix
    row["measured_devices"] = run.devices if run else None
    row["measured_runs"] = run.runs if run else None
    row["measured_places"] = len(mix) if mix else (1 if run and s.location else None)
    row["measured_segments"] = run.segments if run else None  # stretches of a log integrated apart
    row["measured_gap_hours"] = run.gap_s / 3600.0 if run else None  # time between them, not measured
    return row


def training_flops(s: Scenario) -> float | None:
    """Return the FLOPs of one training run: given, or 6 x the parameters each token passes through x tokens
    (all of them for dense training, the active ones for a mixture of experts); None if unknown."""
    if s.compute is None:
        return None
    if s.compute.flops is not None:
        return float(s.compute.flops)
    active = s.compute.active_parameters if s.compute.active_parameters is not None else s.compute.parameters
    return 6.0 * float(active or 0) * float(s.compute.tokens or 0)
