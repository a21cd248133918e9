"""reportgen: energy, CO2e and cost of training AI models, and policy briefs about them in Dutch and English.

The API (``estimate``, ``what_if_frame``, ``load_scenarios``, the errors) is imported when first used, so that
``reportgen --help`` does not wait for pandas.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"
__all__ = [
    "DataError", "InputError", "Reference", "RenderError", "ReportgenError", "Scenario", "ScenarioError",
    "ScenarioFile", "TranslationError", "estimate", "load_reference", "load_scenarios", "what_if_frame",
]


def __getattr__(name: str) -> Any:
    """Return a name of the API, importing it on first use."""
    if name in __all__:
        return getattr(import_module(".api", __name__), name)
    raise AttributeError(f"module 'reportgen' has no attribute '{name}'")
