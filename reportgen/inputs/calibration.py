"""The published trainings of data/calibration.csv as scenarios, described the way a user would describe them.

Two kinds of estimate are checked, as users make them. ``hours``: the published device-hours with the power and
PUE the authors state (what they leave out takes reportgen's defaults), the grid intensity from data/ for the
place they name. ``compute``: the same without the hours, from parameters x tokens instead. A training whose
authors name no place keeps their intensity, and its CO2e is not compared (it would only echo their factor).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from pydantic import ValidationError

from ..errors import DataError
from ..reference import Reference
from .schema import Scenario
from .table import inputs_frame, scenario_row

KINDS = ("hours", "compute")
HELD_OUT = "compute, held out"  # compute-based, with the training left out of the utilisation fit (core's name)
UNSTATED_COUNT = 1000  # devices, where a source gives device-hours only
PUBLISHED = ("device_hours", "energy_kwh", "co2e_kg")  # what each kind is compared on, where it is published


def calibration_inputs(ref: Reference, kind: str, ids: list[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the input table of the published trainings that support ``kind``, and their published values."""
    table = ref.calibration if ids is None else ref.calibration.loc[ids]
    rows, published = [], []
    for record in (dict(zip(table.columns, values, strict=True)) for values in table.itertuples(index=False)):
        scenario = _scenario(record, kind)
        if scenario is None:
            continue
        try:
            validated = Scenario.model_validate(scenario)
        except ValidationError as exc:
            raise DataError(f"data/calibration.csv: training {record['id']}: {exc.errors()[0]['msg']} "
                            f"({'.'.join(str(p) for p in exc.errors()[0]['loc'])})") from None
        rows.append({"file": 0} | scenario_row(validated))
        published.append(_published(record, kind))
    return inputs_frame(rows), pd.DataFrame(published, columns=["id", "kind", "model", "source_id", *PUBLISHED])


def _scenario(record: dict[str, Any], kind: str) -> dict[str, Any] | None:
    """Return a training as a scenario of ``kind``, or None where its source lacks what that kind needs."""
    stated = {k: record[k] for k in ("parameters", "tokens", "device_hours") if pd.notna(record[k])}
    if "device_hours" not in stated or (kind == "compute" and len(stated) < 3):
        return None
    scenario: dict[str, Any] = {"id": str(record["id"]).replace(".", "-"), "name": record["model"],
                                "hardware": record["hardware"]}
    # Device-hours are what every figure rests on; an unpublished device count only splits them into hours.
    count = int(record["count"]) if pd.notna(record["count"]) else UNSTATED_COUNT
    scenario["count"] = count
    if kind == "hours":
        scenario["hours"] = float(record["device_hours"]) / count
    else:
        compute: dict[str, Any] = {"parameters": float(record["parameters"]), "tokens": float(record["tokens"])}
        if pd.notna(record["active_parameters"]):
            compute["active_parameters"] = float(record["active_parameters"])
        scenario["compute"] = compute
        if pd.notna(record["precision"]):
            scenario["precision"] = int(record["precision"])
    if pd.notna(record["power_w"]):
        scenario["device_power_w"] = float(record["power_w"])
    if pd.notna(record["pue"]):
        scenario["pue"] = float(record["pue"])
    if pd.notna(record["location"]) and record["location"]:
        scenario["location"] = str(record["location"])
    elif pd.notna(record["g_per_kwh"]):
        scenario["carbon_intensity_g_per_kwh"] = float(record["g_per_kwh"])
    else:  # neither place nor factor: its CO2e is not compared, so any grid will do for the energy
        scenario["location"] = "WORLD"
    return scenario


def _published(record: dict[str, Any], kind: str) -> dict[str, Any]:
    """Return what the authors published that ``kind`` is compared on (device-hours only where derived)."""
    named_place = pd.notna(record["location"]) and bool(record["location"])
    return {"id": record["id"], "kind": kind, "model": record["model"], "source_id": record["source_id"],
            "device_hours": record["device_hours"] if kind == "compute" else float("nan"),
            "energy_kwh": record["energy_mwh"] * 1000.0,
            "co2e_kg": record["co2e_t"] * 1000.0 if named_place else float("nan")}
