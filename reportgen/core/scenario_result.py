"""A scenario's results and what-ifs as the core hands them to the view: typed records, a field per column.

The fields are the columns of core/columns.py in their order (a test holds the two together). A figure no
source gives is NaN, a text or a year none gives is None.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any, Self

import pandas as pd


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return a table's rows as dicts keyed by column name (the columns are all strings)."""
    rows: list[dict[str, Any]] = frame.to_dict(orient="records")  # type: ignore[assignment]
    return rows


class _TableRow:
    """A record of one row of one of the core's tables: its fields are the table's columns, by name."""

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Self:
        """Return the record of one row (its columns by name); a missing column is a KeyError."""
        return cls(**_fields_of(cls, row))

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> tuple[Self, ...]:
        """Return the records of a file's table, in its order."""
        return tuple(cls.from_row(row) for row in records(frame))


@dataclass(frozen=True)
class ScenarioResult(_TableRow):
    """One results row of one file: the point estimates, then each figure's Monte Carlo range."""

    id: str
    name: str
    hardware: str | None
    count: float
    hours: float
    runs: float
    run_purpose: str | None
    device_hours: float
    parameters: float
    active_parameters: float
    tokens: float
    flops: float
    mfu: float
    precision: int | None
    peak_tflops: float
    power_basis: str | None
    device_power_w: float
    utilisation: float
    host_power_w: float
    it_power_w: float
    it_energy_kwh: float
    pue: float
    pue_source: str | None
    energy_kwh: float
    location: str | None
    hosting: str
    country: str | None
    carbon_intensity_g_per_kwh: float
    intensity_source: str | None
    intensity_year: int | None
    intensity_basis: str | None
    co2e_kg: float
    co2e_t: float
    co2e_lbs: float
    currency: str | None
    cloud_cost_low: float
    cloud_cost_high: float
    electricity_cost: float
    measured_devices: float
    measured_runs: float
    measured_places: float
    measured_segments: float
    measured_gap_hours: float
    cfe_share: float
    market_intensity_g_per_kwh: float
    market_source: str | None
    co2e_market_kg: float
    embodied_kg_per_device: float
    lifetime_years: float
    use_share: float
    embodied_kg_per_device_hour: float
    embodied_source: str | None
    embodied_co2e_kg: float
    co2e_total_kg: float
    wue_l_per_kwh: float
    wue_source: str | None
    wue_year: int | None
    ewif_l_per_kwh: float
    ewif_source: str | None
    ewif_year: int | None
    water_onsite_l: float
    water_offsite_l: float
    water_l: float
    inference_requests: float
    inference_task: str | None
    inference_wh_per_request: float
    inference_source: str | None
    inference_energy_kwh: float
    inference_co2e_kg: float
    inference_co2e_market_kg: float
    inference_water_onsite_l: float
    inference_water_offsite_l: float
    inference_water_l: float
    inference_breakeven_requests: float
    energy_low_kwh: float
    energy_median_kwh: float
    energy_high_kwh: float
    co2e_low_kg: float
    co2e_median_kg: float
    co2e_high_kg: float
    device_hours_low: float
    device_hours_median: float
    device_hours_high: float
    co2e_market_low_kg: float
    co2e_market_median_kg: float
    co2e_market_high_kg: float
    embodied_low_kg: float
    embodied_median_kg: float
    embodied_high_kg: float
    co2e_total_low_kg: float
    co2e_total_median_kg: float
    co2e_total_high_kg: float
    water_low_l: float
    water_median_l: float
    water_high_l: float
    inference_energy_low_kwh: float
    inference_energy_median_kwh: float
    inference_energy_high_kwh: float
    inference_co2e_low_kg: float
    inference_co2e_median_kg: float
    inference_co2e_high_kg: float
    inference_co2e_market_low_kg: float
    inference_co2e_market_median_kg: float
    inference_co2e_market_high_kg: float
    inference_water_low_l: float
    inference_water_median_l: float
    inference_water_high_l: float
    energy_with_serving_low_kwh: float
    energy_with_serving_median_kwh: float
    energy_with_serving_high_kwh: float
    co2e_with_serving_low_kg: float
    co2e_with_serving_median_kg: float
    co2e_with_serving_high_kg: float
    training_flops: float                 # one run's training compute (FLOP): the file's, or the hardware method's
    training_flops_low: float
    training_flops_high: float
    training_flops_method: str | None     # "compute", "hardware", or None where neither is possible
    base_model_flops: float
    modification_compute_share: float
    open_weights: bool | str | None       # True, False, "restricted" (public under a licence restricting use)
    research_only: bool | None
    released: str | None                  # ISO date the model was placed on the market, where the file states it
    ai_act_class: str | None              # "unknown", "below", "general-purpose" or "systemic"
    ai_act_new_provider: bool             # whether its maker is the provider of a model (a modifier: above a third)
    ai_act_duty: str | None               # core/law.py: applies, applies-unless-exempt, an exemption, none, unknown
    ai_act_documentation_due: bool
    ai_act_legacy_deadline: str | None    # ISO date (Article 111(3)), where the duty applies
    count_median: float
    hours_median: float
    runs_median: float
    device_power_median_w: float
    utilisation_median: float             # the median share of the rated power (TDP) drawn; NaN without a TDP
    host_power_median_w: float
    pue_median: float
    carbon_intensity_median_g_per_kwh: float
    utilisation_low: float
    utilisation_high: float
    pue_low: float
    pue_high: float
    carbon_intensity_low_g_per_kwh: float
    carbon_intensity_high_g_per_kwh: float
    inference_breakeven_median_requests: float  # the requests after which serving has used the training's energy


@dataclass(frozen=True)
class WhatIfResult(_TableRow):
    """One option's saving for one scenario of a file (the scenario by its id), as the what-if table holds it."""

    id: str
    change: str                  # the option's key
    detail: str                  # what it changes to: a place, a PUE, hardware, a number of runs
    co2e_kg_before: float
    co2e_kg_after: float
    saving_kg: float
    saving_share: float
    rank: int                    # 1 for the option that saves the scenario most
    embodied_kg_after: float     # the new hardware's manufacturing, netted into a hardware option's saving
    co2e_market_kg_before: float  # market-based, before and after the change (point estimates; NaN where unknown)
    co2e_market_kg_after: float
    co2e_median_kg_before: float
    saving_median_kg: float
    co2e_median_kg_after: float
    co2e_market_median_kg_before: float
    embodied_median_kg_before: float
    water_median_l_before: float
    inference_co2e_median_kg_before: float  # serving the model, which no option here changes




def _fields_of(record: type, row: Mapping[str, Any]) -> dict[str, Any]:
    """Return a record's fields from a row, each converted to its field's type; a missing column is a KeyError."""
    return {f.name: _CONVERT[str(f.type)](row[f.name]) for f in fields(record)}


def _missing(value: Any) -> bool:
    """Return whether a cell holds no value (None, NaN or pandas' NA)."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _number(value: Any) -> float:
    """Return a cell as a float, NaN where it holds none."""
    return math.nan if _missing(value) else float(value)


def _year(value: Any) -> int | None:
    """Return a cell as a whole number, None where it holds none."""
    return None if _missing(value) else int(value)


def _text(value: Any) -> str | None:
    """Return a cell's text, None where it holds none."""
    return value if isinstance(value, str) else None


def _flag(value: Any) -> bool | None:
    """Return a cell's yes or no, None where it holds none."""
    return None if _missing(value) else bool(value)


def _flag_or_word(value: Any) -> bool | str | None:
    """Return a cell's yes or no, or the word it states instead (such as "restricted"), None where it holds none."""
    return value if isinstance(value, str) else _flag(value)


def _required_text(value: Any) -> str:
    """Return a cell's text, which every row has (an id, a name)."""
    return str(value)


_CONVERT: dict[str, Callable[[Any], Any]] = {
    "float": _number, "int": int, "int | None": _year, "str | None": _text, "str": _required_text,
    "bool | None": _flag, "bool": bool, "bool | str | None": _flag_or_word,
}
