"""Scenarios measured by a log: count, hours and power from the log, and where its energy was used.

A log that names where it ran (CodeCarbon's country and cloud columns) charges each part of its energy at
that place's grid: one place becomes the scenario's location, several become a mix of locations weighted
by energy. A location given in the scenario file wins over the log's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError, Problem, ScenarioError
from ..measure import MeasuredRun, Place, log_format
from ..reference import Reference
from .document import ParsedFile, dotted
from .schema import Scenario

LocationMix = tuple[tuple[str, float], ...]  # (location key, share of the energy), shares adding up to 1


def with_measurements(doc: ParsedFile, scenarios: tuple[Scenario, ...], ref: Reference
                      ) -> tuple[tuple[Scenario, ...], dict[str, MeasuredRun], dict[str, LocationMix]]:
    """Return the scenarios with count, hours and power taken from their logs, the runs, and location mixes."""
    out, measured, mixes = [], {}, {}
    read: dict[tuple[Path, str], MeasuredRun] = {}  # a log two scenarios share is read (and reported on) once
    for index, s in enumerate(scenarios):
        if s.measurement is None:
            out.append(s)
            continue
        key = ("scenarios", index, "measurement")

        def problem(message: str, key: tuple[Any, ...] = key) -> ScenarioError:
            return ScenarioError(doc.path, Problem(message, line=doc.line_of(key), field=dotted(key)))

        try:
            log_key = (doc.path.parent / s.measurement.file, s.measurement.kind)
            run = read[log_key] if log_key in read else read.setdefault(log_key, read_measurement(*log_key))
        except InputError as exc:
            # Name the scenario file and field first, then what is wrong with the log.
            raise problem(str(exc)) from None
        if run.duration_s <= 0 or run.energy_kwh <= 0:
            raise problem(f"{run.path}: the log covers no time or no energy")
        update: dict[str, Any] = {"count": run.devices, "hours": run.hours, "device_power_w": run.device_power_w}
        if run.host_kwh > 0:
            if "host_power_w" in s.model_fields_set:
                raise problem("remove 'host_power_w': the CodeCarbon log measures the CPU and memory itself")
            update["host_power_w"] = run.host_power_w
        if s.location is None and s.carbon_intensity_g_per_kwh is None:
            mix = _location_mix(run, ref, problem)
            if len(mix) == 1:
                update["location"] = mix[0][0]
            else:
                mixes[s.id] = mix
        out.append(s.model_copy(update=update))
        measured[s.id] = run
    return tuple(out), measured, mixes


def read_measurement(path: Path, kind: str) -> MeasuredRun:
    """Return the measured run of a log of the given kind."""
    return log_format(kind).read(path)


def _location_mix(run: MeasuredRun, ref: Reference, problem: Any) -> LocationMix:
    """Return where the log's energy was used, as location keys with their share of the energy."""
    if not run.places:
        raise problem("the log names no country or cloud region; give 'location'")
    energy: dict[str, float] = {}
    for place in run.places:
        location = location_of(place, ref)
        if location is None:
            raise problem("the log names a country or cloud region that reportgen does not know; give 'location'")
        energy[location] = energy.get(location, 0.0) + place.energy_kwh
    total = sum(energy.values())
    if total <= 0:
        return ((next(iter(energy)), 1.0),)
    return tuple((location, kwh / total) for location, kwh in sorted(energy.items()))


def location_of(place: Place, ref: Reference) -> str | None:
    """Return the location key of a place a log names: its cloud region if known, else its country."""
    region = f"{place.cloud_provider}:{place.cloud_region}"
    if region in ref.cloud_regions.index:
        return region
    code = place.country.strip().upper()
    if code in ref.grid_default.index:
        return code
    if code in ref.country_codes.index:
        return str(ref.country_codes.at[code, "alpha2"])
    by_name = ref.country_codes[ref.country_codes["name"].str.lower() == place.country.strip().lower()]
    return str(by_name["alpha2"].iloc[0]) if len(by_name) else None
