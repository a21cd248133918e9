"""The chart: the axis holds every bar and whisker, labels never crowd, colours stand out, values read as printed."""

from __future__ import annotations

from reportgen.brief.chart import COLOURS, INTERVAL_COLOUR, LABEL_CHARACTERS, MAX_TICK_LABELS, log_bar_chart
from reportgen.pipeline import brief_document
from reportgen.render.html import wrapped_lines

from ..conftest import EXAMPLES


def test_whiskers_stay_inside_the_plot_and_labels_do_not_crowd() -> None:
    chart = log_bar_chart([("tiny", "Tiny", "scenario", 0.00044, 0.00033, 0.00059),
                           ("big", "Big", "model", 284_019.0, None, None)])
    for bar in chart.bars:
        assert bar.width >= 0
        if bar.range_x1 is not None:
            assert 0 <= bar.range_x1 <= bar.range_x2 <= chart.plot_width
    labelled = [t for t in chart.ticks if t.labelled]
    assert len(chart.ticks) > MAX_TICK_LABELS >= len(labelled) >= 2
    assert labelled[-1].value == chart.ticks[-1].value  # the largest gridline keeps its label


def test_the_legend_names_the_interval_only_where_a_bar_has_one() -> None:
    without = log_bar_chart([("a", "A", "activity", 900.0, None, None)])
    with_range = log_bar_chart([("s", "S", "scenario", 900.0, 800.0, 1000.0)])
    assert [item.kind for item in without.legend] == ["activity"]
    assert [item.kind for item in with_range.legend] == ["scenario", "interval"]


def contrast(colour: str, background: str = "#ffffff") -> float:
    """Return the WCAG contrast ratio of two sRGB colours."""
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(colour), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_bar_stands_out_from_the_page_and_the_interval_has_a_colour_of_its_own() -> None:
    assert all(contrast(c) >= 3.0 for c in COLOURS.values())
    assert INTERVAL_COLOUR not in COLOURS.values()
    assert len(set(COLOURS.values())) == len(COLOURS)


def test_a_long_label_is_wrapped_not_cut() -> None:
    name = "Pre-training plus ablation runs on sixty-four accelerators (three full-length equivalents)"
    lines = wrapped_lines(name, LABEL_CHARACTERS)
    assert len(lines) == 2 and " ".join(lines) == name
    assert wrapped_lines("x " * 80, 20)[-1].endswith("…")  # past two lines, the rest is cut with an ellipsis


def test_the_chart_prints_the_papers_rows_as_printed_and_labels_every_bar_in_full() -> None:
    page = brief_document(EXAMPLES / "pretrain-nl-cloud.yaml", "en", "html").data.decode("utf-8")
    chart = page[page.index('<svg class="chart chart-wide"'):page.index("</svg>")]
    assert ">16.40\u00a0t</text>" in chart and ">17\u00a0t</text>" in chart  # the 2019 row, and a scenario
    assert "…" not in chart and ">Return flight Amsterdam–New York, one passenger<" in chart and ">in economy<" in chart
    assert 'class="axis-title"' in chart and 'class="legend"' in chart


def test_a_value_too_small_to_show_in_tonnes_draws_no_bar_instead_of_failing() -> None:
    chart = log_bar_chart([("a", "A", "scenario", 5e-324, 5e-324, 1e-320), ("b", "B", "scenario", 2000.0, None, None)])
    tiny, large = chart.bars
    assert tiny.width == 0.0 and tiny.range_x1 is None and large.width > 0
