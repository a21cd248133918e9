"""What the scenarios of a brief differ in, for the key message that names it (and nothing that is the same)."""

from __future__ import annotations

import math
from collections.abc import Callable

from ..core import ScenarioResult, measured_bases
from .labels import DIFFERENCES
from .model import MeasurementCheck, ScenarioView


def scenario_differences(rows: list[ScenarioResult]) -> tuple[str, ...]:
    """Return what the scenarios' results rows differ in, as keys of the brief's table of differences, in its order."""
    def rounded(value: float | None) -> float | None:
        return None if value is None or math.isnan(value) else float(f"{value:.6g}")

    aspects: dict[str, Callable[[ScenarioResult], object]] = {
        "hardware": lambda r: r.hardware, "count": lambda r: rounded(r.count), "compute": lambda r: rounded(r.flops),
        "hours": lambda r: rounded(r.hours), "runs": lambda r: rounded(r.runs),
        "power": lambda r: (r.power_basis, rounded(r.device_power_w), rounded(r.host_power_w)),
        "location": lambda r: r.location, "intensity": lambda r: rounded(r.carbon_intensity_g_per_kwh),
        "pue": lambda r: rounded(r.pue), "serving": lambda r: rounded(r.inference_requests)}
    differing = [key for key in DIFFERENCES.labels if len({aspects[key](r) for r in rows}) > 1]
    if "location" in differing and "intensity" in differing:  # another place has another grid: one difference
        differing.remove("intensity")
    return tuple(differing)


def measurement_check(pairs: list[tuple[ScenarioView, ScenarioResult]],
                      headline: ScenarioView) -> MeasurementCheck | None:
    """Return how an estimate from rated power compares with the measured headline, where the brief has one of
    the same work (the same hardware, runs and place, its power from the TDP); else None."""
    measured = next((row for s, row in pairs if s is headline), None)
    if measured is None or measured.power_basis not in measured_bases():
        return None
    same = [(s, row) for s, row in pairs if row.power_basis == "tdp" and row.hardware == measured.hardware
            and row.runs == measured.runs and row.location == measured.location]
    if not same:
        return None
    view, row = same[0]
    return MeasurementCheck(measured_kg=headline.median_kg, estimate_name=view.name, estimate_kg=view.median_kg,
                            estimate_low_kg=view.low_kg, estimate_high_kg=view.high_kg,
                            # Both points count the same PUE and grid: their ratio is that of the chips' energy.
                            paper_excess=row.co2e_kg / measured.co2e_kg - 1.0)
