"""An SPDX 3.0.1 document with one ``ai_AIPackage`` whose ``ai_energyConsumption`` holds the energy.

Written with the SPDX project's own bindings (spdx-python-model, v3_0_1), which check every property's type.
Identifiers are name-based UUIDs of the file, scenario and version, so the same input gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from typing import Any

import jinja2
from markupsafe import Markup

from ..brief.disclosure import DisclosureView
from ..brief.site import PageLinks
from ..choices import N_
from ..render import render_page
from .target import ExportFile, ExportTarget

NAMESPACE = uuid.UUID("6f1c7d2e-6c55-4a4f-9d0b-8a9f1f0e5b21")  # this project's namespace for name-based UUIDs


def spdx_json(view: DisclosureView, comment: str) -> bytes:
    """Return the SPDX 3.0.1 JSON-LD of the scenario's model: training (and serving) energy in kWh."""
    from spdx_python_model import v3_0_1 as spdx  # imported here: only a disclosure needs it

    key = f"{view.stem}/{view.scenario.id}/{view.version}"

    def spdx_id(kind: str) -> str:
        return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{key}/{kind}')}"

    created = dt.datetime.combine(view.date, dt.time(), tzinfo=dt.UTC)
    info = spdx.CreationInfo(specVersion="3.0.1", created=created)
    tool = spdx.Tool(_id=spdx_id("tool"), name=f"reportgen {view.version}", creationInfo=info)
    author = spdx.Organization(_id=spdx_id("author"), name=view.author or f"reportgen {view.version}",
                               creationInfo=info)
    info.createdBy.append(author)
    info.createdUsing.append(tool)
    energy = spdx.ai_EnergyConsumption()
    energy.ai_trainingEnergyConsumption.append(_kwh(spdx, view.law.energy_kwh.median))
    if view.inference_energy_kwh is not None:
        energy.ai_inferenceEnergyConsumption.append(_kwh(spdx, view.inference_energy_kwh))
    package = spdx.ai_AIPackage(_id=spdx_id("package"), name=view.scenario.name, creationInfo=info,
                                software_primaryPurpose=spdx.software_SoftwarePurpose.model,
                                ai_energyConsumption=energy, comment=comment, suppliedBy=author)
    document = spdx.SpdxDocument(_id=spdx_id("document"), name=view.scenario.name, creationInfo=info)
    document.rootElement.append(package)
    document.element.extend([package, author, tool])
    document.profileConformance.extend([spdx.ProfileIdentifierType.core, spdx.ProfileIdentifierType.software,
                                        spdx.ProfileIdentifierType.ai])
    objects = spdx.SHACLObjectSet()
    for element in (document, package, author, tool):
        objects.add(element)
    buffer = io.BytesIO()
    spdx.JSONLDSerializer().write(objects, buffer, indent=2)
    return buffer.getvalue()


def _kwh(spdx: Any, amount: float) -> Any:
    """Return an energy description in kilowatt-hours."""
    return spdx.ai_EnergyConsumptionDescription(ai_energyQuantity=amount,
                                                ai_energyUnit=spdx.ai_EnergyUnitType.kilowattHour)


def _files(d: DisclosureView, env: jinja2.Environment, links: PageLinks) -> dict[str, bytes]:
    """Return the SPDX document, by extension; its comment is the scenario's summary as plain text."""
    comment = Markup(render_page(env, "exports/spdx_comment.md", d=d)).unescape().strip()
    return {"json": spdx_json(d, comment)}


SPDX = ExportTarget(
    name="spdx",
    files=(ExportFile("json", N_("SPDX 3.0.1 AI package"), "JSON-LD", "application/ld+json"),),
    render=_files)
