"""What a measurement gives a scenario: device count, duration, energy, where it was used, and how it was measured."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Place:
    """Where part of a logged energy was used, as the log names it: a country, or a cloud region."""

    energy_kwh: float
    country: str = ""          # an ISO code (alpha-2 or alpha-3) or a country name, as the log writes it
    cloud_provider: str = ""
    cloud_region: str = ""


@dataclass(frozen=True)
class MeasuredRun:
    """The energy of one measured training run and how it was obtained."""

    kind: str                   # "nvidia-smi" or "codecarbon"
    path: str
    devices: int
    duration_s: float           # time covered by the samples (the segments), gaps left out
    energy_kwh: float           # IT energy of the run (no PUE): devices and host together
    samples: int = 0
    interval_s: float | None = None
    idle_share: float | None = None
    skipped: int = 0
    per_device_kwh: tuple[float, ...] = field(default_factory=tuple)
    host_kwh: float = 0.0       # energy of the rest of the machine (CPU, memory), where the log tells it apart
    runs: int = 1               # runs the log holds
    places: tuple[Place, ...] = ()  # where the energy was used, where the log says so
    method: str = "trapezoid"
    segments: int = 1           # stretches of samples integrated apart (a gap, a restart or a clock step between)
    gap_s: float = 0.0          # time the timestamps skip between segments: not measured, not in the energy

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
        """Return the average power per device over the run, the host's share left out."""
        device_kwh = self.energy_kwh - self.host_kwh
        return device_kwh * 1000.0 / self.hours / self.devices if self.duration_s > 0 else 0.0

    @property
    def host_power_w(self) -> float:
        """Return the average power of the rest of the machine over the run."""
        return self.host_kwh * 1000.0 / self.hours if self.duration_s > 0 else 0.0
