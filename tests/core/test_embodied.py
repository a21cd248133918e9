"""Embodied emissions: the devices' manufacturing CO2e amortized over their busy life, as DESIGN.md writes it."""

from __future__ import annotations

import pytest

from reportgen import estimate
from reportgen.core.formula import embodied
from reportgen.reference import Reference

SCENARIOS = """
    scenarios:
      - {id: default, name: D, hardware: nvidia-h100, count: 8, hours: 100, runs: 2, location: NL}
      - {id: given, name: G, hardware: nvidia-l40s, count: 8, hours: 100, location: NL,
         embodied_kg_per_device: 200, lifetime_years: 4, use_share: 0.8}
      - {id: unknown, name: U, hardware: nvidia-l40s, count: 8, hours: 100, location: NL}
"""


def test_the_embodied_formula_amortizes_over_the_busy_hours_of_a_devices_life() -> None:
    # 8 devices x 150 kg, 876 h of a 5-year life busy half the time: 1,200 x 876 / 21,900 = 48 kg.
    assert embodied(8, 150.0, 438.0, 2, 5.0, 0.5) == pytest.approx(48.0)


def test_catalogue_hardware_with_a_default_gets_it_with_its_source(write_file, ref: Reference) -> None:
    rows = estimate(write_file(SCENARIOS)).set_index("id")
    row = rows.loc["default"]
    assert row["embodied_kg_per_device"] == ref.embodied.at["nvidia-h100-sxm", "kg_per_device"] == 118.16
    assert row["embodied_source"] == "llmcarbon-2024" and "llmcarbon-2024" in ref.sources.index
    assert row["embodied_co2e_kg"] == pytest.approx(8 * 118.16 * 200 / (5 * 8760))
    assert row["co2e_total_kg"] == pytest.approx(row["co2e_kg"] + row["embodied_co2e_kg"])
    given = rows.loc["given"]
    assert given["embodied_source"] == "scenario"
    assert given["embodied_co2e_kg"] == pytest.approx(8 * 200 * 100 / (4 * 8760 * 0.8))


def test_hardware_without_a_sourced_figure_has_no_embodied_part_and_no_total(write_file) -> None:
    row = estimate(write_file(SCENARIOS)).set_index("id").loc["unknown"]
    assert row[["embodied_kg_per_device", "embodied_source", "embodied_co2e_kg", "co2e_total_kg"]].isna().all()


def test_every_embodied_default_names_its_source_and_what_it_leaves_out(ref: Reference) -> None:
    table = ref.embodied
    assert set(table["source_id"]) <= set(ref.sources.index)
    assert table["kg_per_device"].round(2).eq((table["device_kg"] + table["host_share_kg"]).round(2)).all()
    llmcarbon = table[table["source_id"] == "llmcarbon-2024"]
    assert llmcarbon["note"].str.contains("lower bound").all()  # the die and a share of the node, no HBM or board
    bloom = table[table["source_id"] == "luccioni-2023-bloom"]
    assert set(bloom.index) == {"nvidia-a100-40gb-sxm4", "nvidia-a100-80gb-sxm4"}
    assert (bloom["device_kg"] == 150).all() and (bloom["host_share_kg"] == 2500 / 8).all()
    assert (bloom["lifetime_years"] == 6).all() and (bloom["use_share"] == 0.85).all()


def test_the_embodied_part_and_the_total_have_percentiles_of_their_own_draws(write_file) -> None:
    path = write_file("""
        scenarios:
          - {id: fixed, name: F, hardware: nvidia-h100, count: 8, hours: 100, location: NL}
          - {id: ranged, name: R, hardware: nvidia-h100, count: 8, hours: 100, location: NL,
             embodied_kg_per_device: [100, 300], lifetime_years: [4, 6]}
          - {id: unknown, name: U, hardware: nvidia-l40s, count: 8, hours: 100, location: NL}
    """)
    rows = estimate(path).set_index("id")
    fixed = rows.loc["fixed"]  # count, hours and runs fixed, and the default one figure: no spread
    assert fixed["embodied_low_kg"] == pytest.approx(fixed["embodied_co2e_kg"])
    assert fixed["embodied_high_kg"] == pytest.approx(fixed["embodied_co2e_kg"])
    assert fixed["co2e_total_median_kg"] == pytest.approx(fixed["co2e_median_kg"] + fixed["embodied_co2e_kg"])
    ranged = rows.loc["ranged"]
    assert ranged["embodied_low_kg"] < ranged["embodied_median_kg"] < ranged["embodied_high_kg"]
    assert ranged["embodied_median_kg"] == pytest.approx(8 * 200 * 100 / (5 * 8760), rel=0.05)
    assert ranged["co2e_total_low_kg"] < ranged["co2e_total_median_kg"] < ranged["co2e_total_high_kg"]
    columns = ["embodied_low_kg", "embodied_median_kg", "embodied_high_kg", "co2e_total_median_kg"]
    assert rows.loc["unknown", columns].isna().all()
