"""The view of one scenario's disclosure files: a model card, an SPDX 3 AI package, the energy figures for the
AI Act documentation.

Every number is one the brief shows for the same scenario, so a disclosure and its brief never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core import ScenarioResult
from .footprint import FootprintView, float_or_none
from .law import LawView, law_view
from .model import BriefView, ScenarioView


@dataclass(frozen=True)
class DisclosureView:
    """What the disclosure files of one scenario state, in one language."""

    lang: str
    stem: str
    version: str                     # reportgen's, the tool named as the source of the figures
    author: str
    date: dt.date
    scenario: ScenarioView
    law: LawView
    footprint: FootprintView
    runs: float
    hours: float                     # one run's wall-clock hours
    inference_energy_kwh: float | None
    draws: int
    interval: float
    result: ScenarioResult           # the core's row, as ``calc --format json`` prints it, for machine formats
    hardware_kind: str = ""          # "gpu", "tpu" or "cpu" (data/hardware.csv), "" where the file names none


def disclosure_view(view: BriefView, row: ScenarioResult, stem: str, version: str,
                    hardware_kind: str = "") -> DisclosureView:
    """Return the disclosure of the scenario of results ``row``, from the brief's view in one language."""
    at = next(i for i, s in enumerate(view.scenarios) if s.id == row.id)
    scenario = view.scenarios[at]
    return DisclosureView(
        lang=view.lang, stem=stem, version=version, author=view.author, date=view.date, scenario=scenario,
        law=law_view(scenario.name, scenario.hardware, row, view.law.facts, view.footprint[at].market_kg,
                     scenario.training_type),
        footprint=view.footprint[at], runs=scenario.runs, hours=scenario.hours,
        inference_energy_kwh=float_or_none(row.inference_energy_kwh), draws=view.draws,
        interval=view.interval, result=row, hardware_kind=hardware_kind,
    )
