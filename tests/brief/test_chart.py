"""Chart geometry: the axis holds every bar and whisker, and its labels never crowd."""

from __future__ import annotations

from reportgen.brief.chart import MAX_TICK_LABELS, log_bar_chart


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
