"""Water: on site (WUE x IT energy) and off site (EWIF x energy drawn), as DESIGN.md writes it."""

from __future__ import annotations

import math

import pytest

from reportgen import estimate
from reportgen.core.formula import water
from reportgen.reference import Reference


def test_the_water_formula_charges_cooling_on_it_energy_and_generation_on_energy_drawn() -> None:
    # 1,000 kWh of IT energy at PUE 1.2: 1,000 x 0.2 L on site, 1,200 x 1.5 L off site.
    result = water(1000.0, 1200.0, 0.2, 1.5)
    assert result.onsite_l == pytest.approx(200.0)
    assert result.offsite_l == pytest.approx(1800.0)
    assert result.total_l == pytest.approx(2000.0)


def test_a_total_is_unknown_where_either_part_is() -> None:
    assert math.isnan(water(1000.0, 1200.0, math.nan, 1.5).total_l)
    assert math.isnan(water(1000.0, 1200.0, 0.2, math.nan).total_l)


def test_factors_given_in_the_file_are_used_and_labelled_as_the_scenarios(write_file) -> None:
    path = write_file("""
        scenarios:
          - {id: given, name: G, hardware: nvidia-h100, count: 8, hours: 100, location: NL, pue: 1.25,
             utilisation: 1.0, wue_l_per_kwh: 0.5, ewif_l_per_kwh: 2.0}
    """)
    row = estimate(path).set_index("id").loc["given"]
    it_kwh = 8 * 700 * 100 / 1000
    assert row["it_energy_kwh"] == pytest.approx(it_kwh)
    assert row["water_onsite_l"] == pytest.approx(it_kwh * 0.5)
    assert row["water_offsite_l"] == pytest.approx(it_kwh * 1.25 * 2.0)
    assert row["water_l"] == pytest.approx(it_kwh * 0.5 + it_kwh * 1.25 * 2.0)
    assert row["wue_source"] == row["ewif_source"] == "scenario"
    assert row["water_low_l"] == row["water_median_l"] == row["water_high_l"] == pytest.approx(row["water_l"])


def test_a_range_of_water_factors_gives_percentiles_of_their_own_draws(write_file) -> None:
    path = write_file("""
        scenarios:
          - {id: ranged, name: R, hardware: nvidia-h100, count: 8, hours: 100, location: NL, pue: 1.2,
             utilisation: 1.0, wue_l_per_kwh: [0.1, 0.9], ewif_l_per_kwh: 1.0}
    """)
    dry = write_file("""
        scenarios:
          - {id: ranged, name: R, hardware: nvidia-h100, count: 8, hours: 100, location: NL, pue: 1.2, utilisation: 1.0}
    """, "dry.yaml")
    row = estimate(path).set_index("id").loc["ranged"]
    it_kwh = 560.0
    # WUE uniform on [0.1, 0.9]: its 5th and 95th percentiles are 0.14 and 0.86.
    assert row["water_low_l"] == pytest.approx(it_kwh * 0.14 + it_kwh * 1.2, rel=0.01)
    assert row["water_median_l"] == pytest.approx(it_kwh * 0.5 + it_kwh * 1.2, rel=0.01)
    assert row["water_high_l"] == pytest.approx(it_kwh * 0.86 + it_kwh * 1.2, rel=0.01)
    # The water draws come from a stream of their own: the CO2e percentiles are those of the same scenario without them.
    dry = estimate(dry).set_index("id").loc["ranged"]
    assert [row[f"co2e_{q}_kg"] for q in ("low", "median", "high")] == \
        [dry[f"co2e_{q}_kg"] for q in ("low", "median", "high")]


def test_defaults_come_from_data_with_source_and_year(write_file, ref: Reference) -> None:
    provider = sorted(ref.wue.index)[0]
    country = sorted(ref.ewif.index)[0]
    path = write_file(f"""
        scenarios:
          - {{id: defaults, name: D, hardware: nvidia-h100, count: 8, hours: 100, location: {country},
             pue: {provider}}}
    """)
    row = estimate(path).set_index("id").loc["defaults"]
    assert row["wue_l_per_kwh"] == ref.wue.at[provider, "l_per_kwh"]
    assert row["wue_source"] == ref.wue.at[provider, "source_id"] and row["wue_year"] == ref.wue.at[provider, "year"]
    assert row["ewif_l_per_kwh"] == ref.ewif.at[country, "l_per_kwh"]
    assert row["ewif_source"] == ref.ewif.at[country, "source_id"]
    assert row["water_l"] == pytest.approx(row["it_energy_kwh"] * row["wue_l_per_kwh"]
                                          + row["energy_kwh"] * row["ewif_l_per_kwh"])


def test_an_operator_without_a_published_wue_leaves_water_unknown(write_file, ref: Reference) -> None:
    assert "on-premise" not in ref.wue.index
    path = write_file("""
        scenarios:
          - {id: local, name: L, hardware: nvidia-h100, count: 8, hours: 100, location: BE, pue: on-premise}
    """)
    row = estimate(path).set_index("id").loc["local"]
    assert row[["wue_l_per_kwh", "wue_source", "water_onsite_l", "water_l", "water_median_l"]].isna().all()


def test_every_water_factor_names_a_source_a_year_and_what_it_counts(ref: Reference) -> None:
    for table in (ref.wue, ref.ewif):
        assert set(table["source_id"]) <= set(ref.sources.index)
        assert table["year"].notna().all()
        assert set(table["scope"]) <= {"consumption", "withdrawal", "unspecified"}
    assert set(ref.ewif["scope"]) == {"consumption"}  # off site: what the plants evaporate, never what they return
