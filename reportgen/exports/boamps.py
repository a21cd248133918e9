"""A BoAmps report (Boavizta's JSON format for the energy of an AI task, the reporting side of AFNOR Spec 2314):
the training's energy as one measure, its devices as the infrastructure's components, the grid's intensity, and a
quality grade from the width of the energy's interval.

The format's schemas (draft-04, in the publisher's repository) are what the tests validate every report against.
"""

from __future__ import annotations

from typing import Any

import jinja2

from ..brief.disclosure import DisclosureView
from ..brief.site import PageLinks
from ..choices import N_
from .figures import json_bytes as as_json
from .figures import known, measured, name_uuid, runs_done
from .model_card import place_in_english
from .target import ExportFile, ExportTarget

FORMAT_VERSION = "1.1.0"
SPECIFICATION_URI = "https://github.com/Boavizta/BoAmps/tree/3bfefec/model"
SECONDS_PER_HOUR = 3600.0
BILLION = 1e9
# The format's grades: the largest relative error each allows (high: +/-10 %, medium: +/-25 %, low: beyond).
QUALITY = ((0.10, "high"), (0.25, "medium"))
INFRA_TYPES = {"cloud": "publicCloud", "own": "onPremise", "research": "other"}


def quality(low: float, median: float, high: float) -> str:
    """Return the format's quality grade of an estimate whose interval is ``low`` to ``high``."""
    error = max(high / median - 1, 1 - low / median) if median > 0 else float("inf")
    return next((grade for limit, grade in QUALITY if error <= limit), "low")


def boamps_report(view: DisclosureView) -> dict[str, Any]:
    """Return the BoAmps report of the scenario's training, every figure calc's."""
    r, s = view.result, view.scenario
    report: dict[str, Any] = {
        "header": {
            "formatVersion": FORMAT_VERSION,
            "formatVersionSpecificationUri": SPECIFICATION_URI,
            "reportId": str(name_uuid(view, "boamps")),
            "reportDatetime": f"{view.date.isoformat()} 00:00:00",
            "reportStatus": "final",
            "publisher": {"name": view.author or f"reportgen {view.version}", "confidentialityLevel": "public"},
        },
        "task": {
            "taskStage": "finetuning" if s.training_type == "fine-tuning" else "training",
            "taskFamily": "unknown",  # a scenario file says what is trained on what, not for which task
            "algorithms": [_algorithm(view)],
            "dataset": [_dataset(view)],
            "taskDescription": f"{s.name} ({s.id}): {runs_done(view):g} run(s), estimated by reportgen {view.version}",
        },
        "measures": [_measure(view)],
        "infrastructure": _infrastructure(view),
        "environment": _environment(view),
        "quality": quality(r.energy_low_kwh, r.energy_median_kwh, r.energy_high_kwh),
    }
    return report


def _algorithm(view: DisclosureView) -> dict[str, Any]:
    """Return the task's algorithm: a neural network, with its size where the file gives it."""
    algorithm: dict[str, Any] = {"algorithmType": "neural network"}
    if view.scenario.training_type:
        algorithm["trainingType"] = view.scenario.training_type
    parameters = known(view.result.parameters)
    if parameters is not None:
        algorithm["parametersNumber"] = parameters / BILLION
    if view.result.precision is not None:
        algorithm["quantization"] = f"fp{view.result.precision}"
    return algorithm


def _dataset(view: DisclosureView) -> dict[str, Any]:
    """Return the data the training read: its tokens where the file gives them, else of unknown kind."""
    tokens = known(view.result.tokens)
    if tokens is None:
        return {"dataUsage": "input", "dataType": "other"}
    return {"dataUsage": "input", "dataType": "token", "dataQuantity": tokens}


def _measure(view: DisclosureView) -> dict[str, Any]:
    """Return the training's energy (the median, kWh, the data centre's overhead included) and its duration."""
    r = view.result
    method = str(r.power_basis) if measured(view) else f"reportgen estimate ({r.power_basis})"
    measure: dict[str, Any] = {"measurementMethod": method, "version": view.version,
                               "powerConsumption": float(r.energy_median_kwh)}
    hours = known(r.hours)
    if hours is not None:
        measure["measurementDuration"] = hours * runs_done(view) * SECONDS_PER_HOUR
    utilisation = known(r.utilisation_median)
    if utilisation is not None and 0 <= utilisation <= 1:
        measure["averageUtilizationGpu" if view.hardware_kind == "gpu" else "averageUtilizationCpu"] = utilisation
    return measure


def _infrastructure(view: DisclosureView) -> dict[str, Any]:
    """Return where the training ran and on what devices."""
    r, s = view.result, view.scenario
    infrastructure: dict[str, Any] = {"infraType": INFRA_TYPES.get(r.hosting, "other")}
    if r.hosting == "cloud" and s.provider:
        infrastructure["cloudProvider"] = s.provider
    component: dict[str, Any] = {"componentType": view.hardware_kind or "other",
                                 "nbComponent": round(float(r.count)), "share": 1}
    if s.hardware:
        component["componentName"] = f"{float(r.count):g} x {s.hardware}"
    infrastructure["components"] = [component]
    return infrastructure


def _environment(view: DisclosureView) -> dict[str, Any]:
    """Return the country, the place and the grid's carbon intensity (the median drawn, g CO2e per kWh)."""
    s = view.scenario
    environment: dict[str, Any] = {"country": place_in_english(view).rsplit(", ", 1)[-1] or "unknown",
                                   "powerSupplierType": "public",
                                   "powerSourceCarbonIntensity": float(view.result.carbon_intensity_median_g_per_kwh)}
    if s.region:
        environment["location"] = f"{s.provider} {s.region}".strip()
    return environment


def _files(d: DisclosureView, env: jinja2.Environment, links: PageLinks) -> dict[str, bytes]:
    """Return the report, by extension."""
    return {"json": as_json(boamps_report(d))}


BOAMPS = ExportTarget(
    name="boamps",
    files=(ExportFile("json", N_("BoAmps energy report"), "JSON", "application/json"),),
    render=_files)
