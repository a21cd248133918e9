"""The geometry of a centre's two charts: CO2e per group (bars with their intervals) and per month (columns).

Numbers in, coordinates out; the template draws them and formats every label. A linear scale from zero, so that
the length of a bar is its share of the whole: groups of a centre differ by factors of ten at most.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

WIDTH = 520.0
LABEL_WIDTH = 150.0
BAR_HEIGHT = 13.0
BAR_GAP = 7.0
AXIS_HEIGHT = 30.0
COLUMN_HEIGHT = 120.0


@dataclass(frozen=True)
class Tick:
    """A gridline at ``x`` (bars) or ``y`` (columns), labelled with its value in the chart's unit."""

    position: float
    value: float


@dataclass(frozen=True)
class Bar:
    """One group's bar: its median's length, its interval's ends, where its label and value go."""

    name: str
    y: float
    width: float
    low_x: float
    high_x: float
    value: float  # the median, in kg
    other: bool


@dataclass(frozen=True)
class Column:
    """One month's column: where it stands, how high it is, and the month it stands for."""

    month: dt.date
    x: float
    y: float
    height: float
    value: float  # the median, in kg


@dataclass(frozen=True)
class Chart:
    """A chart's size, its scale's unit (1 for kg, 1000 for tonnes), its ticks, and its bars or columns."""

    width: float
    height: float
    unit_kg: float
    ticks: tuple[Tick, ...]
    bars: tuple[Bar, ...] = ()
    columns: tuple[Column, ...] = ()
    column_width: float = 0.0
    plot_width: float = WIDTH - LABEL_WIDTH
    label_width: float = LABEL_WIDTH


def nice_ticks(top: float, most: int = 5) -> list[float]:
    """Return round tick values from zero that reach ``top``: steps of 1, 2 or 5 times a power of ten."""
    if not top > 0 or not math.isfinite(top):
        return [0.0, 1.0]
    raw = top / most
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)]


def _unit(top_kg: float) -> float:
    """Return the chart's unit: tonnes from ten tonnes up, else kilograms."""
    return 1000.0 if top_kg >= 10_000 else 1.0


def group_chart(names: list[str], medians: list[float], lows: list[float], highs: list[float],
                others: list[bool]) -> Chart:
    """Return the bars of each group's median CO2e, with its 90% interval, on one linear scale."""
    unit = _unit(max(highs, default=0.0))
    ticks = nice_ticks(max(highs, default=0.0) / unit)
    scale = (WIDTH - LABEL_WIDTH - 40.0) / ticks[-1]
    bars = tuple(Bar(name, i * (BAR_HEIGHT + BAR_GAP), m / unit * scale, lo / unit * scale, hi / unit * scale, m, o)
                 for i, (name, m, lo, hi, o) in enumerate(zip(names, medians, lows, highs, others, strict=True)))
    height = len(bars) * (BAR_HEIGHT + BAR_GAP) + AXIS_HEIGHT
    return Chart(WIDTH, height, unit, tuple(Tick(t * scale, t) for t in ticks), bars=bars)


def month_chart(months: list[dt.date], medians: list[float]) -> Chart:
    """Return a column per month of its median CO2e, on one linear scale from zero."""
    unit = _unit(max(medians, default=0.0))
    ticks = nice_ticks(max(medians, default=0.0) / unit, 4)
    scale = COLUMN_HEIGHT / ticks[-1]
    plot = WIDTH - 50.0
    slot = plot / max(len(months), 1)
    columns = tuple(Column(month, 50.0 + i * slot + slot * 0.15, 10.0 + COLUMN_HEIGHT - m / unit * scale,
                           m / unit * scale, m) for i, (month, m) in enumerate(zip(months, medians, strict=True)))
    return Chart(WIDTH, COLUMN_HEIGHT + 10.0 + AXIS_HEIGHT, unit,
                 tuple(Tick(10.0 + COLUMN_HEIGHT - t * scale, t) for t in ticks), columns=columns,
                 column_width=slot * 0.7, plot_width=plot, label_width=50.0)
