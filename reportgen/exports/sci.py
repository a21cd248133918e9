"""The Software Carbon Intensity (ISO/IEC 21031:2024) of a scenario: SCI = (E x I + M) per R, with its boundary.

E x I is the operational carbon (the core's median CO2e of the energy at the grid's intensity), M the embodied
carbon of the hardware's share; R the functional unit. The units are those of the Green Software Foundation's SCI for
AI: for the provider, per floating-point operation, per billion parameters and per training token; for the
consumer, per request where the file serves the model. A unit the file gives no number for is null with a reason.
"""

from __future__ import annotations

from typing import Any

import jinja2

from ..brief.disclosure import DisclosureView
from ..brief.site import PageLinks
from ..choices import N_
from .figures import GRAMS_PER_KG, json_bytes, known, runs_done
from .target import ExportFile, ExportTarget

STANDARD = "ISO/IEC 21031:2024"
BILLION = 1e9
TRAINING_BOUNDARY = {
    "included": ["the accelerators and their host servers for every run the file counts",
                 "the data centre's overhead (PUE)",
                 "the manufacturing of the accelerators, this training's share of their lifetime (M)"],
    "excluded": ["storage and networking outside the servers", "preparing the data", "serving the model"],
}
SERVING_BOUNDARY = {
    "included": ["the serving hardware's electricity per request, with the data centre's overhead (PUE)"],
    "excluded": ["the manufacturing of the serving hardware (M is not estimated)", "the user's device and network"],
}


def unit(name: str, carbon_g: float, amount: float | None, reason: str) -> dict[str, Any]:
    """Return one functional unit's score (grams CO2e per unit), or null with ``reason`` where R is unknown."""
    if amount is None or amount <= 0:
        return {"functional_unit": name, "r": None, "sci_g_per_unit": None, "reason": reason}
    return {"functional_unit": name, "r": amount, "sci_g_per_unit": carbon_g / amount, "reason": None}


def provider_sci(view: DisclosureView) -> dict[str, Any]:
    """Return the provider's SCI of the training: E, I, M and the score per FLOP, billion parameters and token."""
    r = view.result
    operational_g = float(r.co2e_median_kg) * GRAMS_PER_KG
    embodied_kg = known(r.embodied_median_kg)
    embodied_g = None if embodied_kg is None else embodied_kg * GRAMS_PER_KG
    carbon_g = operational_g + (embodied_g or 0.0)
    runs = runs_done(view)
    flops, parameters, tokens = known(r.training_flops), known(r.parameters), known(r.tokens)
    boundary = dict(TRAINING_BOUNDARY)
    if embodied_g is None:
        boundary = {"included": TRAINING_BOUNDARY["included"][:2],
                    "excluded": [*TRAINING_BOUNDARY["excluded"], "the hardware's manufacturing: not known for it"]}
    return {
        "boundary": boundary,
        "e_kwh": float(r.energy_median_kwh),
        "i_g_per_kwh": float(r.carbon_intensity_median_g_per_kwh),
        "operational_g": operational_g,
        "m_g": embodied_g,
        "m_reason": None if embodied_g is not None else "no manufacturing footprint is known for this hardware",
        "carbon_g": carbon_g,
        "units": [
            unit("FLOP", carbon_g, None if flops is None else flops * runs,
                 "neither the file's computation nor the hardware's peak throughput is known"),
            unit("billion parameters", carbon_g, None if parameters is None else parameters / BILLION,
                 "the scenario file states no parameter count"),
            unit("training token", carbon_g, None if tokens is None else tokens * runs,
                 "the scenario file states no training tokens"),
        ],
    }


def consumer_sci(view: DisclosureView) -> dict[str, Any]:
    """Return the consumer's SCI per request of the serving the file describes, or null units with a reason."""
    r = view.result
    requests = known(r.inference_requests)
    operational_kg = known(r.inference_co2e_median_kg)
    if requests is None or operational_kg is None:
        reason = "the scenario file describes no serving of the model"
        return {"boundary": None, "units": [unit("request", 0.0, None, reason), unit("token", 0.0, None, reason)]}
    carbon_g = operational_kg * GRAMS_PER_KG
    return {
        "boundary": SERVING_BOUNDARY,
        "task": r.inference_task,
        "e_kwh": known(r.inference_energy_median_kwh),
        "i_g_per_kwh": float(r.carbon_intensity_median_g_per_kwh),
        "operational_g": carbon_g,
        "m_g": None,
        "m_reason": "the serving hardware's manufacturing is not estimated",
        "carbon_g": carbon_g,
        "units": [unit("request", carbon_g, requests, ""),
                  unit("token", carbon_g, None, "the scenario file counts requests, not tokens")],
    }


def sci_document(view: DisclosureView) -> dict[str, Any]:
    """Return the SCI document of one scenario: the standard, the scenario, the provider's and consumer's scores."""
    return {
        "standard": STANDARD,
        "formula": "SCI = (E x I + M) per R",
        "profile": "Green Software Foundation, SCI for AI: provider and consumer functional units",
        "source": f"reportgen {view.version}",
        "date": view.date.isoformat(),
        "scenario": {"id": view.scenario.id, "name": view.scenario.name, "runs": runs_done(view)},
        "note": "medians of the uncertain inputs; operational carbon at the grid's average (location-based) intensity",
        "provider": provider_sci(view),
        "consumer": consumer_sci(view),
    }


def _files(d: DisclosureView, env: jinja2.Environment, links: PageLinks) -> dict[str, bytes]:
    """Return the SCI document, by extension."""
    return {"json": json_bytes(sci_document(d))}


SCI = ExportTarget(
    name="sci",
    files=(ExportFile("json", N_("Software Carbon Intensity (ISO/IEC 21031:2024)"), "JSON", "application/json"),),
    render=_files)
