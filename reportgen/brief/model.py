"""The view model of a policy brief: plain frozen records of already computed results, for the templates.

Numbers stay numbers (the templates format them through the render package's filters); user text is
already picked in the brief's language. Everything a template shows is a field here.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from ..choices import Message
from ..core import INTERVAL
from ..core.case_study import CASE_STUDY_POWER_W, PAPER_G_PER_KWH, PAPER_PUE
from ..measure import MeasuredRun
from ..reference import LB_KG
from .chart import BarChart
from .footprint import FootprintView
from .law import LawView, ReaderView


@dataclass(frozen=True)
class ScenarioView:
    """One scenario's inputs and results, in the brief's language."""

    id: str
    name: str
    description: str
    hardware: str
    count: float              # the central value: a range's middle may fall between whole numbers
    hours: float
    runs: float
    power_basis: str          # "tdp", "measured", "derived", "published", "nvidia-smi" or "codecarbon"
    device_power_w: float
    utilisation: float
    pue: float
    country: str
    region: str
    provider: str
    intensity_g_per_kwh: float
    intensity_year: int | None
    intensity_basis: str      # "life-cycle", "direct" or "given"
    energy_kwh: float         # point estimate (the paper's method), for the annex
    energy_median_kwh: float
    co2e_kg: float            # point estimate (the paper's method), for the annex
    median_kg: float          # the central estimate every page leads with
    low_kg: float             # 5th percentile
    high_kg: float            # 95th percentile
    varies: bool              # whether any input has a range (else low = median = high)
    point_outside: bool       # whether the point estimate lies outside the 90% interval
    currency: str | None
    cloud_cost_low: float | None
    cloud_cost_high: float | None
    electricity_cost: float | None
    price_note: str
    flights: float
    person_years: float
    car_lifetimes: float
    car_km: float
    comparison: str
    measurement: MeasuredRun | None
    measured_places: int      # the places a log's energy was used in (0 where not from a log)
    flops: float | None = None          # one run's FLOPs, where the hours were derived from compute
    mfu: float | None = None
    mfu_given: bool = False       # the file states the utilisation; else it is fitted to published trainings
    pue_default: bool = False     # the file states no PUE, operator or cloud region: the survey average
    sharing: tuple[str, ...] = ()  # the names of the scenarios that share this one's log, itself first
    peak_tflops: float | None = None
    precision: int | None = None        # the bits of the peak those hours were derived at
    active_parameters: float | None = None  # a mixture of experts: the parameters each token passes through
    inference_requests: float | None = None
    inference_wh_per_request: float | None = None
    inference_median_kg: float | None = None
    inference_energy_median_kwh: float | None = None  # serving's energy with the data centre's overhead
    inference_energy_low_kwh: float | None = None
    inference_energy_high_kwh: float | None = None
    inference_breakeven_requests: float | None = None
    local_person_years: float = math.nan  # years of one inhabitant's emissions in the reader's region
    households: float = math.nan          # households' yearly electricity
    household_days: float = math.nan
    generation_hours: float = math.nan    # how long the region's power stations take to generate the energy
    training_type: str = ""               # "pre-training" or "fine-tuning", where the file says
    trains: bool = True                   # False for a scenario that only serves a model: no training figures
    # The medians of the inputs as drawn, and the ends of the ranges a row shows: what its median multiplies out of.
    hours_median: float = math.nan
    device_power_median_w: float = math.nan
    host_power_median_w: float = math.nan
    utilisation_median: float = math.nan  # the share of the rated power (TDP) drawn; NaN without a TDP
    utilisation_low: float = math.nan
    utilisation_high: float = math.nan
    pue_median: float = math.nan
    pue_low: float = math.nan
    pue_high: float = math.nan
    intensity_median_g_per_kwh: float = math.nan
    intensity_low_g_per_kwh: float = math.nan
    intensity_high_g_per_kwh: float = math.nan
    with_serving_median_kg: float | None = None  # training and serving, drawn together, where the file serves
    with_serving_low_kg: float | None = None
    with_serving_high_kg: float | None = None

    @property
    def lead_kg(self) -> tuple[float, float, float]:
        """Return the figure a page leads with, low end, median and high end: training and serving together where
        the file serves the model, else training."""
        if self.with_serving_median_kg is not None and self.with_serving_low_kg is not None \
                and self.with_serving_high_kg is not None:
            return self.with_serving_low_kg, self.with_serving_median_kg, self.with_serving_high_kg
        return self.low_kg, self.median_kg, self.high_kg


@dataclass(frozen=True)
class BenchmarkRow:
    """A row of the benchmark table: an everyday activity, a model from the paper, or a user's scenario."""

    key: str
    kind: str
    label: str
    kg: float
    low_kg: float | None = None
    high_kg: float | None = None
    printed: bool = False     # a row of the article, shown with the value it prints (two decimals in tonnes)
    region: str = ""          # a reader's comparison: the region it is of (BE, NL or EU)
    year: int | None = None
    origin: str = ""          # a flight's airports
    destination: str = ""


@dataclass(frozen=True)
class CaseStudyRow:
    """One row of the case study (Strubell Table 4), with CO2e computed by the core."""

    models: int
    hours: float
    co2e_kg: float
    co2e_lbs: float
    cloud_cost_low: float
    cloud_cost_high: float
    electricity_cost: float


@dataclass(frozen=True)
class OptionView:
    """A kind of change, as the brief names it: catalog messages and the numbers they hold."""

    key: str
    header: str
    short: Message
    note: str
    detail_text: Message  # empty where the option names no change for one scenario
    detail: str
    changes_training: bool
    combined: bool  # all the options together, not one of them
    factor: float | None
    pue: float | None
    years: float | None = None  # the age from which hardware counts as historical
    shows_market: bool = False  # the market-based figures go beside its saving, where known
    bound: bool = False  # its saving is an optimistic bound, which the title calls one


@dataclass(frozen=True)
class WhatIfView:
    """One way to cut a scenario's emissions and what it saves."""

    scenario_id: str
    scenario_name: str
    option: OptionView
    detail_country: str
    detail_provider: str
    detail_region: str
    runs_after: int
    runs_before: float
    detail_hardware: str
    before_kg: float
    saving_kg: float
    saving_share: float
    made_kg: float = float("nan")  # the new hardware's manufacturing netted into the saving
    market_before_kg: float = float("nan")  # the market-based figures before and after, where known
    market_after_kg: float = float("nan")


@dataclass(frozen=True)
class SavingGroup:
    """One option and what it saves, one cell per scenario that any option helps (None where this one does not)."""

    option: OptionView
    cells: tuple[WhatIfView | None, ...]
    names: tuple[str, ...]  # the scenarios of the cells, the same for every group


@dataclass(frozen=True)
class AdviceView:
    """One recommendation as the brief gives it: actor, action and, where it has a lever, its saving."""

    key: str
    actor: str        # the kind of actor's key in data/actors.csv
    actor_label: str  # catalog message
    examples: str     # proper names a reader of the region knows ("FWO"), in the brief's language, or ""
    short: str        # catalog message: the action in a few words, for the one line on what to do
    action: str       # catalog message
    change: WhatIfView | None  # the saving it brings for one scenario of the brief, where it has a lever
    capacity: str = ""  # low-carbon computing a reader of the region can use, for an action that names it


@dataclass(frozen=True)
class SensitivityRow:
    """How much one uncertain input moves a scenario's CO2e, from its low to its high end."""

    input: str
    low: float
    high: float
    co2e_low_kg: float
    co2e_high_kg: float


@dataclass(frozen=True)
class SourceView:
    """A reference in the method annex."""

    citation: str
    year: int | None
    licence: str
    url: str


@dataclass(frozen=True)
class MeasurementCheck:
    """A measured headline beside an estimate of the same work from rated power: how far the estimates miss."""

    measured_kg: float        # the measured scenario's median
    estimate_name: str
    estimate_kg: float        # the estimate's median, with its 90% interval
    estimate_low_kg: float
    estimate_high_kg: float
    paper_excess: float       # how much more the 2019 method (every chip at its full rated power) counts, as a share

    @property
    def estimate_holds(self) -> bool:
        """Return whether the estimate's 90% interval holds the measured median."""
        return self.estimate_low_kg <= self.measured_kg <= self.estimate_high_kg


@dataclass(frozen=True)
class BriefView:
    """Everything the brief template shows, for one scenario file and one language."""

    lang: str
    title: str
    author: str
    date: dt.date
    summary: str
    headline: ScenarioView
    headline_is_largest: bool
    smallest: ScenarioView
    largest: ScenarioView
    scenarios: tuple[ScenarioView, ...]   # the scenarios that train a model, in the file's order
    serving: tuple[ScenarioView, ...]     # those that only serve one: shown with their serving figures alone
    benchmarks: tuple[BenchmarkRow, ...]
    reader: ReaderView                     # the comparisons of the reader's region: BE, NL or EU
    chart: BarChart
    chart_narrow: BarChart  # the same chart laid out for a phone's screen
    chart_left_out: int  # scenarios in the table that the chart leaves out, to fit the page
    case_study: tuple[CaseStudyRow, ...]
    case_facts: dict[str, float]
    options: tuple[OptionView, ...]
    savings: tuple[SavingGroup, ...]     # the options, the largest saving first; all together last
    best_what_if: WhatIfView | None
    headline_change: WhatIfView | None     # the headline scenario's largest real saving, for the title
    most_runs: ScenarioView | None
    corrected_search: ScenarioView | None  # a scenario that recomputes the 2019 architecture-search estimate
    advice: tuple[AdviceView, ...]         # the recommendations, the largest saving first
    top_advice: tuple[AdviceView, ...]     # the ones page 1 lists
    law: LawView
    facts: dict[str, float]
    sources: tuple[SourceView, ...]
    intensity_years: tuple[int, ...]
    measured: tuple[ScenarioView, ...]
    sensitivity: tuple[SensitivityRow, ...]
    footprint: tuple[FootprintView, ...]  # per scenario, in the file's order
    headline_footprint: FootprintView     # the headline scenario's, found by id
    footprint_parts: tuple[str, ...]      # the parts any scenario has a figure for (market, embodied, total, water)
    nas_kg: float
    price_notes: tuple[str, ...]
    draws: int
    calibration: Any = None  # CalibrationSummary: how often such ranges held published figures
    differences: tuple[str, ...] = ()  # what the scenarios differ in (keys of labels.DIFFERENCES), in that order
    measurement_check: MeasurementCheck | None = None  # a measured headline against its estimate from rated power
    default_pue: tuple[float, float, float] | None = None  # the survey PUE and its range, where a file states none
    intensity_margin: float = 0.0  # how far a place's grid range reaches past its sources
    interval: float = INTERVAL
    lb_kg: float = LB_KG
    paper_pue: float = PAPER_PUE
    paper_g_per_kwh: float = PAPER_G_PER_KWH
    case_power_w: float = CASE_STUDY_POWER_W
