"""What the scenarios of a brief differ in, for the key message that names it (and nothing that is the same)."""

from __future__ import annotations

import math
from collections.abc import Callable

from ..core import ScenarioResult
from .labels import DIFFERENCES


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
