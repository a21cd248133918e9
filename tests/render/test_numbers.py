"""Formatting for European readers: dates and energies."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from reportgen.render import parse_language
from reportgen.render.numbers import formatters, whole_percent_saved


@pytest.mark.parametrize(("lang", "expected"), [("en", "27 November 2026"), ("nl", "27 november 2026")])
def test_a_date_reads_day_month_year(lang: str, expected: str) -> None:
    assert formatters(parse_language(lang))["date"](dt.date(2026, 11, 27)) == expected


@pytest.mark.parametrize(("kwh", "expected"), [
    (43.2, "43\u00a0kWh"), (999.6, "1.0\u00a0MWh"), (37_500.0, "38\u00a0MWh"), (2_300_000.0, "2.3\u00a0GWh")])
def test_energy_reads_in_the_unit_that_suits_it(kwh: float, expected: str) -> None:
    assert formatters(parse_language("en"))["energy"](kwh) == expected


def test_the_ai_act_figure_is_always_in_mwh_at_two_significant_figures() -> None:
    assert formatters(parse_language("nl"))["mwh"](78_412.0) == "78\u00a0MWh"
    assert formatters(parse_language("en"))["mwh"](1_234.0) == "1.2\u00a0MWh"


def test_a_power_of_ten_reads_as_one() -> None:
    scientific = formatters(parse_language("en"))["scientific"]
    assert scientific(1e25) == "10²⁵" and scientific(8.4e22) == "8.4\u00a0×\u00a010²²"


@pytest.mark.parametrize(("share", "shown"), [(0.4999, 50), (0.735, 74), (0.7349, 73), (0.994, 99), (0.996, 99),
                                              (1.0, 100), (0.004, 0)])
def test_a_saved_share_rounds_to_the_nearest_percent_and_never_reads_100_while_something_is_left(
        share: float, shown: int) -> None:
    assert whole_percent_saved(share) == shown


def test_the_brief_and_the_command_line_show_a_saving_with_one_rule(write_file, cli) -> None:
    from reportgen.pipeline import brief_document

    path = write_file("""
        scenarios:
          - {id: grid, name: Grid search, hardware: nvidia-a100-80gb-sxm4, count: 1, hours: 10, location: BE,
             runs: 4789}
    """)
    table = cli("whatif", str(path)).output
    shown = re.search(r"saves .* kg \(\s*(\d+)%\)", table.splitlines()[1]).group(1)
    page = brief_document(path, "en", "html").data.decode("utf-8")
    assert f"({shown}%)" in page
