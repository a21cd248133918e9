"""What the machine-readable disclosures (BoAmps, SCI, CycloneDX) share: calc's numbers as JSON values,
name-based identifiers, and how a scenario's energy was found."""

from __future__ import annotations

import json
import math
import uuid
from typing import Any

from ..brief.disclosure import DisclosureView
from ..core import measured_bases

NAMESPACE = uuid.UUID("6f1c7d2e-6c55-4a4f-9d0b-8a9f1f0e5b21")  # this project's namespace for name-based UUIDs
GRAMS_PER_KG = 1000.0
KG_PER_TONNE = 1000.0


def known(value: float | None) -> float | None:
    """Return a number as JSON holds it: None where it is missing (NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def name_uuid(view: DisclosureView, kind: str) -> uuid.UUID:
    """Return a UUID named by the scenario file, the scenario, reportgen's version and ``kind``: the same input
    gives the same identifier."""
    return uuid.uuid5(NAMESPACE, f"{view.stem}/{view.scenario.id}/{view.version}/{kind}")


def measured(view: DisclosureView) -> bool:
    """Return whether the scenario's energy comes from a measurement (a power log or published measured draw)."""
    return str(view.result.power_basis) in measured_bases()


def runs_done(view: DisclosureView) -> float:
    """Return how many runs the scenario's figures count (its repetitions included)."""
    return float(view.result.runs)


def json_bytes(document: dict[str, Any]) -> bytes:
    """Return a JSON document as UTF-8 bytes, indented, ending in a newline."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
