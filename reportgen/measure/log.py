"""What a measurement gives a scenario: device count, duration, energy, and how it was measured."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class MeasuredRun:
    """The energy of one measured training run and how it was obtained."""

    kind: str                   # "nvidia-smi" or "codecarbon"
    path: str
    devices: int
    duration_s: float
    energy_kwh: float           # IT energy of the run (no PUE)
    samples: int = 0
    interval_s: float | None = None
    idle_share: float | None = None
    skipped: int = 0
    per_device_kwh: tuple[float, ...] = field(default_factory=tuple)
    country: str | None = None  # alpha-2, where the log names one
    region: str | None = None
    method: str = "trapezoid"

    @property
    def hours(self) -> float:
        """Return the duration in hours."""
        return self.duration_s / 3600.0

    @property
    def minutes(self) -> float:
        """Return the duration in minutes."""
        return self.duration_s / 60.0

    @property
    def device_power_w(self) -> float:
        """Return the average power per device over the run."""
        return self.energy_kwh * 1000.0 / self.hours / self.devices if self.duration_s > 0 else 0.0
