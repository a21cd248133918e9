"""A CycloneDX 1.6 ML-BOM: one machine-learning model whose model card lists the energy of each activity
(training or fine-tuning, and inference where the file serves the model) with its CO2e.

cyclonedx-python-lib has no model cards yet, so the document is built here and checked against the CycloneDX 1.6
JSON schema that the library ships, before it is written.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import jinja2

from ..brief.disclosure import DisclosureView
from ..brief.site import PageLinks
from ..choices import N_
from ..errors import RenderError
from .figures import KG_PER_TONNE, json_bytes, known, name_uuid
from .target import ExportFile, ExportTarget

if TYPE_CHECKING:
    from cyclonedx.validation.json import JsonValidator

SPEC_VERSION = "1.6"


def energy_consumption(activity: str, kwh: float, co2e_kg: float, organization: str) -> dict[str, Any]:
    """Return one activity's energy (kWh) and CO2e (tonnes, as the schema asks), from the grid of ``organization``."""
    energy = {"value": kwh, "unit": "kWh"}
    return {"activity": activity,
            "energyProviders": [{"organization": {"name": organization}, "energySource": "unknown",
                                 "energyProvided": dict(energy)}],
            "activityEnergyCost": energy,
            "co2CostEquivalent": {"value": co2e_kg / KG_PER_TONNE, "unit": "tCO2eq"}}


def ml_bom(view: DisclosureView) -> dict[str, Any]:
    """Return the ML-BOM of the scenario's model: the medians of calc, per activity."""
    r, s = view.result, view.scenario
    grid = f"{s.provider} {s.region}".strip() if s.region else f"electricity grid {r.country or 'unknown'}"
    activity = "fine-tuning" if s.training_type == "fine-tuning" else "training"
    consumptions = [energy_consumption(activity, float(r.energy_median_kwh), float(r.co2e_median_kg), grid)]
    serving_kwh, serving_kg = known(r.inference_energy_median_kwh), known(r.inference_co2e_median_kg)
    if serving_kwh is not None and serving_kg is not None:
        consumptions.append(energy_consumption("inference", serving_kwh, serving_kg, grid))
    tool = {"type": "application", "name": "reportgen", "version": view.version}
    return {
        "bomFormat": "CycloneDX",
        "specVersion": SPEC_VERSION,
        "serialNumber": f"urn:uuid:{name_uuid(view, 'cyclonedx')}",
        "version": 1,
        "metadata": {"timestamp": f"{view.date.isoformat()}T00:00:00Z", "tools": {"components": [tool]}},
        "components": [{
            "type": "machine-learning-model",
            "bom-ref": f"model-{s.id}",
            "name": s.name,
            "description": f"{s.id}: estimated by reportgen {view.version}; medians of the uncertain inputs",
            "modelCard": {"considerations": {"environmentalConsiderations": {"energyConsumptions": consumptions}}},
        }],
    }


@functools.cache
def schema_validator() -> JsonValidator:
    """Return the CycloneDX 1.6 validator, built once per process: building one loads and compiles the schema."""
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonValidator

    return JsonValidator(SchemaVersion.V1_6)


def validated(document: dict[str, Any]) -> bytes:
    """Return the document as JSON; raise RenderError where the CycloneDX 1.6 schema refuses it."""
    data = json_bytes(document)
    error = schema_validator().validate_str(data.decode("utf-8"))
    if error is not None:
        raise RenderError(f"the CycloneDX document does not follow the 1.6 schema: {error}")
    return data


def _files(d: DisclosureView, env: jinja2.Environment, links: PageLinks) -> dict[str, bytes]:
    """Return the ML-BOM, by extension."""
    return {"json": validated(ml_bom(d))}


CYCLONEDX = ExportTarget(
    name="cyclonedx",
    files=(ExportFile("json", N_("CycloneDX 1.6 ML-BOM with the model's energy"), "JSON",
                      "application/vnd.cyclonedx+json"),),
    render=_files)
