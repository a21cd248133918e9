"""Chart geometry for SVG charts: positions and sizes only; the template draws them with text kept as text.

The geometry is computed here so that templates do no arithmetic; labels and numbers are formatted and
translated by the template, so a chart reads in the brief's language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Bar colours per kind of row; the user's scenarios stand out, with text contrast of at least 4.5:1.
COLOURS = {"scenario": "#0b5d4b", "activity": "#9fb8ae", "model": "#c9a227"}
LABEL_COLOURS = {"scenario": "#0b5d4b"}
INK = "#1b2421"


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: what it stands for, its value, and where it is drawn."""

    key: str
    label: str
    kind: str
    value: float
    y: float
    width: float
    text_y: float
    value_x: float
    colour: str
    label_colour: str
    range_x1: float | None = None
    range_x2: float | None = None
    range_y: float | None = None


@dataclass(frozen=True)
class Tick:
    """One gridline of the value axis."""

    value: float
    x: float


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


def log_bar_chart(items: list[tuple[str, str, str, float, float | None, float | None]], width: float = 640,
                  label_width: float = 250,
                  bar_height: float = 16, gap: float = 8, top: float = 8) -> BarChart:
    """Return the geometry of a horizontal log-scale bar chart of ``(key, label, kind, value)`` items."""
    positive = [v for _, _, _, v, _, _ in items if v > 0] + [h for *_, h in items if h]
    low_exp = math.floor(math.log10(min(positive))) if positive else -2
    high_exp = math.ceil(math.log10(max(positive))) if positive else 3
    high_exp = max(high_exp, low_exp + 1)
    plot_width = width - label_width - 60  # room on the right for the value label

    def x_of(value: float) -> float:
        return plot_width * (math.log10(value) - low_exp) / (high_exp - low_exp)

    bars = []
    for i, (key, label, kind, value, low, high) in enumerate(items):
        y = top + i * (bar_height + gap)
        bar_width = max(x_of(value), 1.5) if value > 0 else 0.0
        has_range = low is not None and high is not None and low > 0 and high > low
        error_bar = {"range_x1": x_of(low), "range_x2": x_of(high), "range_y": y + bar_height / 2} \
            if has_range and low is not None and high is not None else {}
        value_x = max(bar_width, error_bar.get("range_x2", 0.0)) + 4
        bars.append(Bar(key=key, label=label, kind=kind, value=value, y=y, width=bar_width,
                        text_y=y + bar_height - 4, value_x=value_x, colour=COLOURS.get(kind, INK),
                        label_colour=LABEL_COLOURS.get(kind, INK), **error_bar))
    ticks = tuple(Tick(value=10.0 ** e, x=x_of(10.0 ** e)) for e in range(low_exp, high_exp + 1))
    height = top + len(items) * (bar_height + gap) + 24
    return BarChart(bars=tuple(bars), ticks=ticks, width=width, height=height, label_width=label_width,
                    plot_width=plot_width, bar_height=bar_height, top=top, grid_bottom=height - 20,
                    tick_label_y=height - 6)
