"""Embodied emissions: the devices' manufacturing CO2e amortized over their busy life, as DESIGN.md writes it,
and, where the file gives no figure, drawn per device-hour between the published ends for the device."""

from __future__ import annotations

import pytest

from reportgen import estimate
from reportgen.core.formula import HOURS_PER_YEAR, embodied, embodied_rate
from reportgen.reference import Reference

SCENARIOS = """
    scenarios:
      - {id: default, name: D, hardware: nvidia-h100, count: 8, hours: 100, runs: 2, location: NL}
      - {id: given, name: G, hardware: nvidia-l40s, count: 8, hours: 100, location: NL,
         embodied_kg_per_device: 200, lifetime_years: 4, use_share: 0.8}
      - {id: unknown, name: U, hardware: nvidia-l40s, count: 8, hours: 100, location: NL}
"""
# The published ends for the H100 and H200, each with its source and the year of its data.
H100_LOW = ("llmcarbon-2024", 2024, 118.16, 5, 1)           # die and a share of the node, over 5 years: a lower bound
H100_HIGH = ("morrison-2025-holistic", 2025, 462.5, 4, 1)   # the server-level figure, over 4 years


def _per_hour(end: tuple[str, int, float, float, float]) -> float:
    """Return the kg per device-hour of a published end."""
    return end[2] / (end[3] * HOURS_PER_YEAR * end[4])


def test_the_embodied_formula_amortizes_over_the_busy_hours_of_a_devices_life() -> None:
    # 8 devices x 150 kg, 876 h of a 5-year life busy half the time: 1,200 x 876 / 21,900 = 48 kg.
    assert embodied(8, 150.0, 438.0, 2, 5.0, 0.5) == pytest.approx(48.0)
    assert embodied_rate(150.0, 5.0, 0.5) == pytest.approx(150.0 / 21_900)


@pytest.mark.parametrize("hardware", ["nvidia-h100-sxm", "nvidia-h100-pcie", "nvidia-h100-nvl", "nvidia-h200-sxm",
                                      "nvidia-h200-nvl"])
def test_each_end_of_an_h100_or_h200_names_its_source_and_year(ref: Reference, hardware: str) -> None:
    for end, (source, year, kg, life, use) in (("low", H100_LOW), ("high", H100_HIGH)):
        row = ref.embodied.loc[(hardware, end)]
        assert (row["source_id"], row["year"]) == (source, year)
        assert (row["kg_per_device"], row["lifetime_years"], row["use_share"]) == (kg, life, use)
        assert ref.sources.at[source, "year"] == year


def test_every_device_has_a_low_and_a_high_end_with_a_source_a_year_and_what_it_counts(ref: Reference) -> None:
    table = ref.embodied.reset_index(drop=True)
    assert set(table["source_id"]) <= set(ref.sources.index)
    assert all(sorted(ends) == ["high", "low"] for _, ends in table.groupby("hardware_id")["end"])
    assert table["year"].between(2023, 2025).all()
    assert table["kg_per_device"].round(2).eq((table["device_kg"] + table["host_share_kg"]).round(2)).all()
    low = table[table["end"] == "low"].set_index("hardware_id")
    high = table[table["end"] == "high"].set_index("hardware_id")
    assert low["note"].str.contains("lower bound").all()  # the die and a share of the node, no HBM or board
    per_hour = {name: t["kg_per_device"] / (t["lifetime_years"] * HOURS_PER_YEAR * t["use_share"])
                for name, t in (("low", low), ("high", high))}
    assert (per_hour["low"] < per_hour["high"]).all()


def test_a_default_is_the_middle_of_its_ends_per_device_hour_with_both_sources(write_file) -> None:
    rows = estimate(write_file(SCENARIOS)).set_index("id")
    row = rows.loc["default"]
    middle = (_per_hour(H100_LOW) + _per_hour(H100_HIGH)) / 2
    assert row["embodied_kg_per_device_hour"] == pytest.approx(middle)
    assert row["embodied_source"] == "llmcarbon-2024;morrison-2025-holistic"
    assert row["embodied_co2e_kg"] == pytest.approx(8 * middle * 200)
    assert row["co2e_total_kg"] == pytest.approx(row["co2e_kg"] + row["embodied_co2e_kg"])
    given = rows.loc["given"]
    assert given["embodied_source"] == "scenario"
    assert given["embodied_co2e_kg"] == pytest.approx(8 * 200 * 100 / (4 * 8760 * 0.8))


def test_the_drawn_percentiles_of_an_h100_lie_between_the_two_amortized_ends(write_file) -> None:
    row = estimate(write_file(SCENARIOS)).set_index("id").loc["default"]
    device_hours = 8 * 100 * 2
    low_end, high_end = device_hours * _per_hour(H100_LOW), device_hours * _per_hour(H100_HIGH)
    assert low_end < row["embodied_low_kg"] < row["embodied_median_kg"] < row["embodied_high_kg"] < high_end
    # Uniform per device-hour: the 5th and 95th percentile sit a twentieth inside each end.
    assert row["embodied_low_kg"] == pytest.approx(low_end + 0.05 * (high_end - low_end), rel=0.02)
    assert row["embodied_high_kg"] == pytest.approx(low_end + 0.95 * (high_end - low_end), rel=0.02)


def test_a_life_given_without_a_figure_amortizes_both_published_ends(write_file) -> None:
    row = estimate(write_file("""
        scenarios:
          - {id: short, name: S, hardware: nvidia-h100-sxm, count: 8, hours: 100, location: NL, lifetime_years: 2}
    """)).set_index("id").loc["short"]
    middle = (118.16 + 462.5) / 2 / (2 * HOURS_PER_YEAR)
    assert row["embodied_kg_per_device_hour"] == pytest.approx(middle)
    assert row["embodied_high_kg"] < 8 * 100 * 462.5 / (2 * HOURS_PER_YEAR)


def test_hardware_without_a_sourced_figure_has_no_embodied_part_and_no_total(write_file) -> None:
    row = estimate(write_file(SCENARIOS)).set_index("id").loc["unknown"]
    columns = ["embodied_kg_per_device", "embodied_kg_per_device_hour", "embodied_source", "embodied_co2e_kg",
               "co2e_total_kg", "embodied_median_kg"]
    assert row[columns].isna().all()


def test_a_figure_the_file_gives_has_percentiles_of_its_own_draws(write_file) -> None:
    path = write_file("""
        scenarios:
          - {id: fixed, name: F, hardware: nvidia-h100, count: 8, hours: 100, location: NL,
             embodied_kg_per_device: 200}
          - {id: ranged, name: R, hardware: nvidia-h100, count: 8, hours: 100, location: NL,
             embodied_kg_per_device: [100, 300], lifetime_years: [4, 6]}
    """)
    rows = estimate(path).set_index("id")
    fixed = rows.loc["fixed"]  # count, hours and runs fixed, and one figure given: no spread
    assert fixed["embodied_low_kg"] == pytest.approx(fixed["embodied_co2e_kg"])
    assert fixed["embodied_high_kg"] == pytest.approx(fixed["embodied_co2e_kg"])
    assert fixed["embodied_co2e_kg"] == pytest.approx(8 * 200 * 100 / (5 * 8760))  # LLMCarbon's 5 years
    assert fixed["co2e_total_median_kg"] == pytest.approx(fixed["co2e_median_kg"] + fixed["embodied_co2e_kg"])
    ranged = rows.loc["ranged"]
    assert ranged["embodied_low_kg"] < ranged["embodied_median_kg"] < ranged["embodied_high_kg"]
    assert ranged["embodied_median_kg"] == pytest.approx(8 * 200 * 100 / (5 * 8760), rel=0.05)
    assert ranged["co2e_total_low_kg"] < ranged["co2e_total_median_kg"] < ranged["co2e_total_high_kg"]
