"""The reference tables of data/, loaded once; inputs use them to check names, the core to look values up."""

from __future__ import annotations

from .load import load_reference
from .tables import DEFAULT_INTENSITY_SOURCE, LB_KG, ON_PREMISE, PEAK_COLUMNS, Reference

__all__ = ["DEFAULT_INTENSITY_SOURCE", "LB_KG", "ON_PREMISE", "PEAK_COLUMNS", "Reference", "load_reference"]
