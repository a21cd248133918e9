"""Chart geometry for SVG charts: positions and sizes only; the template draws them with text kept as text.

The geometry is computed here so that templates do no arithmetic; labels and numbers are formatted and
translated by the template, so a chart reads in the brief's language.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..core import INTERVAL

# Bar colours per kind of row: each at least 3:1 against the white page (WCAG 2.1, 1.4.11), told apart by hue;
# the user's scenarios in the darkest, with label text of at least 4.5:1.
COLOURS = {"scenario": "#0b5d4b", "activity": "#6f7f8a", "model": "#a3780b"}
LABEL_COLOURS = {"scenario": "#0b5d4b"}
INK = "#1b2421"
INTERVAL_COLOUR = "#8a1c5b"  # the 90% interval: a colour of its own, drawn on a white halo so it shows on any bar
LEGEND = ("scenario", "model", "activity", "interval")
TONNE_KG = 1000.0
MAX_TICK_LABELS = 7
# A page's chart is drawn 640 units wide on a 516 pt text column: 10 units of type print at 8 pt, the least.
LINE_GAP = 10.0  # between the baselines of a two-line label, at the labels' 10-unit type
LABEL_CHARACTERS = 48  # per line of a label, so that two lines fit the label column of the chart


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: what it stands for, its value, and where it is drawn."""

    key: str
    label: str
    kind: str
    value: float  # kg CO2e
    y: float
    width: float
    text_y: float     # the label's baseline where it takes one line
    wrapped_y: float  # the first line's baseline where a label takes two lines
    value_x: float
    value_y: float
    colour: str
    label_colour: str
    range_x1: float | None = None
    range_x2: float | None = None
    range_y: float | None = None
    range_bottom: float | None = None  # where the whiskers end, at the bar's foot
    item: Any = None  # what the bar stands for (a benchmark row), from which the template names it


@dataclass(frozen=True)
class Tick:
    """One gridline of the value axis."""

    value: float
    x: float
    labelled: bool = True  # with many decades, only every few gridlines carry a label, so labels never collide


@dataclass(frozen=True)
class LegendItem:
    """One entry of the legend: what it stands for, its colour, and where it is drawn."""

    kind: str
    colour: str
    x: float
    y: float
    text_x: float
    text_y: float
    path: str = ""  # the interval's sample: two whiskers and the line between them


@dataclass(frozen=True)
class Layout:
    """How a chart sets its text: beside the bars on a page or desk, above them on a phone."""

    name: str                # "wide" or "narrow"
    label_size: float        # type sizes, in the chart's units
    value_size: float
    tick_size: float
    label_x: float           # where labels end (wide, right-aligned) or start (narrow)
    label_anchor: str
    line_gap: float          # between the baselines of a two-line label
    label_characters: int    # per line of a label
    title_characters: int    # per line of the axis title


WIDE = Layout("wide", 10.0, 10.0, 10.0, -6.0, "end", LINE_GAP, LABEL_CHARACTERS, 62)
# Drawn 360 units wide, the phone's chart shows its units at about their size in CSS pixels at 390 px.
NARROW = Layout("narrow", 12.0, 11.5, 11.5, -16.0, "start", 14.0, 48, 52)


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart on a log scale, ready for the SVG template."""

    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    width: float
    height: float
    label_width: float
    plot_width: float
    bar_height: float
    top: float
    grid_bottom: float
    tick_label_y: float
    axis_title_y: float
    legend: tuple[LegendItem, ...]
    layout: Layout
    interval_colour: str = INTERVAL_COLOUR
    interval: float = INTERVAL


SMALLEST_KG = 1e-9  # a microgram: twelve powers of ten below the axis' tonne


def log_bar_chart(items: list[tuple[str, str, str, float, float | None, float | None]], width: float = 640,
                  label_width: float = 290, bar_height: float = 12, gap: float = 8, top: float = 8,
                  named: Sequence[Any] | None = None, layout: Layout = WIDE) -> BarChart:
    """Return the geometry of a horizontal log-scale bar chart of ``(key, label, kind, kg, low_kg, high_kg)`` items.

    Values come in kilograms; the axis is in tonnes, one gridline per power of ten. ``named`` holds, per
    item, what its bar stands for, which the template names it by. The narrow layout sets each label on up to
    two lines above its bar, across the whole width.
    """
    narrow = layout is NARROW
    if narrow:
        width, label_width, bar_height, gap = 360.0, 16.0, 10.0, 2 * layout.line_gap + 10.0
    # Whiskers stay inside the plot; under a microgram there is no bar (a logarithm of nothing is no width).
    positive = [t / TONNE_KG for _, _, _, v, low, high in items for t in (v, low, high)
                if t is not None and t >= SMALLEST_KG]
    low_exp = math.floor(math.log10(min(positive))) if positive else -2
    high_exp = math.ceil(math.log10(max(positive))) if positive else 3
    high_exp = max(high_exp, low_exp + 1)
    plot_width = width - label_width - (52 if narrow else 60)  # room on the right for the value label

    def x_of(kg: float) -> float:
        return plot_width * (math.log10(kg / TONNE_KG) - low_exp) / (high_exp - low_exp)

    bars = []
    first = top + (2 * layout.line_gap if narrow else 0.0)  # the narrow layout's labels stand above the bars
    for i, (key, label, kind, value, low, high) in enumerate(items):
        y = first + i * (bar_height + gap)
        bar_width = max(x_of(value), 1.5) if value >= SMALLEST_KG else 0.0
        has_range = low is not None and high is not None and low >= SMALLEST_KG and high > low
        error_bar = {"range_x1": x_of(low), "range_x2": x_of(high), "range_y": y + bar_height / 2,
                     "range_bottom": y + bar_height} \
            if has_range and low is not None and high is not None else {}
        value_x = max(bar_width, error_bar.get("range_x2", 0.0)) + 4
        bars.append(Bar(key=key, label=label, kind=kind, value=value, y=y, width=bar_width,
                        text_y=y - 4 if narrow else y + bar_height - 3,
                        wrapped_y=y - 4 - layout.line_gap if narrow else y + bar_height / 2 - layout.line_gap / 2 + 3,
                        value_x=value_x, value_y=y + bar_height - (1 if narrow else 3), colour=COLOURS.get(kind, INK),
                        label_colour=LABEL_COLOURS.get(kind, INK), item=named[i] if named else None,
                        **error_bar))
    every = math.ceil((high_exp - low_exp + 1) / MAX_TICK_LABELS)
    ticks = tuple(Tick(value=10.0 ** e, x=x_of(10.0 ** e * TONNE_KG), labelled=(high_exp - e) % every == 0)
                  for e in range(low_exp, high_exp + 1))
    grid_bottom = first + len(items) * (bar_height + gap) - (gap - 4 if narrow else -4)
    step = 2 * layout.tick_size  # tick labels, then the axis title: a line each, two on a phone
    legend_top = grid_bottom + 3 * step + 4  # the axis title takes two lines
    shown = [kind for kind in LEGEND if (kind == "interval" and any(b.range_x1 is not None for b in bars))
             or any(b.kind == kind for b in bars)]
    columns, row = (1, layout.value_size + 8) if narrow else (2, 16.0)
    legend = tuple(_legend_item(kind, (i % columns) * width / 2, legend_top + (i // columns) * row)
                   for i, kind in enumerate(shown))
    height = legend_top + math.ceil(len(shown) / columns) * row + 2
    return BarChart(bars=tuple(bars), ticks=ticks, width=width, height=height, label_width=label_width,
                    plot_width=plot_width, bar_height=bar_height, top=top, grid_bottom=grid_bottom,
                    tick_label_y=grid_bottom + step * 0.75, axis_title_y=grid_bottom + step * 1.6, legend=legend,
                    layout=layout)


def _legend_item(kind: str, x: float, y: float) -> LegendItem:
    """Return one legend entry at (x, y): a swatch, or for the interval a sample of its whiskers."""
    if kind == "interval":
        return LegendItem(kind=kind, colour=INTERVAL_COLOUR, x=x, y=y, text_x=x + 24, text_y=y + 9,
                          path=f"M{x + 1} {y}v10M{x + 1} {y + 5}h16M{x + 17} {y}v10")
    return LegendItem(kind=kind, colour=COLOURS[kind], x=x, y=y, text_x=x + 24, text_y=y + 9)
