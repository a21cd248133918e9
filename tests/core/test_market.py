"""Market-based CO2e beside the location-based figure: the formula of DESIGN.md, its defaults and its absence."""

from __future__ import annotations

import json

import pytest

from reportgen import estimate
from reportgen.core.formula import market_based
from reportgen.reference import Reference

SCENARIOS = """
    scenarios:
      - {id: region, name: R, hardware: nvidia-h100-sxm, count: 8, hours: 10, location: 'gcp:europe-west4'}
      - {id: share, name: S, hardware: nvidia-h100-sxm, count: 8, hours: 10, location: NL, cfe_share: 0.6}
      - {id: bought, name: B, hardware: nvidia-h100-sxm, count: 8, hours: 10, location: NL,
         market_intensity_g_per_kwh: 50}
      - {id: none, name: N, hardware: nvidia-h100-sxm, count: 8, hours: 10, location: NL}
      - {id: given, name: G, hardware: nvidia-h100-sxm, count: 8, hours: 10, location: 'gcp:europe-west4',
         carbon_intensity_g_per_kwh: 300}
"""


def test_the_market_formula_is_the_intensity_bought_or_the_share_not_carbon_free() -> None:
    assert market_based(100.0, 400.0, 0.25, float("nan")) == pytest.approx(75.0)
    assert market_based(100.0, 400.0, float("nan"), 50.0) == pytest.approx(20.0)


def test_each_scenario_gets_a_market_figure_only_where_one_is_known(write_file, ref: Reference) -> None:
    rows = estimate(write_file(SCENARIOS)).set_index("id")
    cfe = ref.cloud_regions.at["gcp:europe-west4", "cfe"]
    assert rows.at["region", "cfe_share"] == cfe == 0.83
    assert rows.at["region", "co2e_market_kg"] == pytest.approx(rows.at["region", "co2e_kg"] * (1 - cfe))
    assert rows.at["region", "market_source"] == "google-region-carbon-2024"
    assert rows.at["share", "co2e_market_kg"] == pytest.approx(rows.at["share", "co2e_kg"] * 0.4)
    assert rows.at["bought", "co2e_market_kg"] == pytest.approx(rows.at["bought", "energy_kwh"] * 50 / 1000)
    assert rows.at["share", "market_source"] == rows.at["bought", "market_source"] == "scenario"
    # No market figure is ever the location-based one relabelled, nor Google's share on someone else's grid value.
    assert rows[["co2e_market_kg", "cfe_share"]].loc[["none", "given"]].isna().all().all()


def test_the_market_figure_sits_beside_the_location_based_one_in_json(write_file, cli) -> None:
    result = cli("calc", str(write_file(SCENARIOS)), "--format", "json")
    rows = {r["id"]: r for r in json.loads(result.output)["scenarios"]}
    assert rows["none"]["co2e_market_kg"] is None and rows["none"]["co2e_kg"] > 0
    assert rows["share"]["co2e_market_kg"] < rows["share"]["co2e_kg"]


def test_a_share_and_an_intensity_together_are_refused_with_the_field(write_file, cli) -> None:
    path = write_file("scenarios:\n  - {id: a, name: A, hardware: nvidia-h100-sxm, hours: 10, location: NL,\n"
                      "     cfe_share: 0.5, market_intensity_g_per_kwh: 40}\n")
    result = cli("calc", str(path))
    assert result.exit_code == 2
    assert "cfe_share" in result.output and "not both" in result.output


def test_the_market_figure_has_percentiles_of_its_own_draws(write_file) -> None:
    path = write_file("""
        scenarios:
          - {id: region, name: R, hardware: nvidia-h100-sxm, count: 8, hours: 10, location: 'gcp:europe-west4'}
          - {id: spread, name: S, hardware: nvidia-h100-sxm, count: 8, hours: 10, location: NL,
             cfe_share: [0.4, 0.8]}
          - {id: none, name: N, hardware: nvidia-h100-sxm, count: 8, hours: 10, location: NL}
    """)
    rows = estimate(path).set_index("id")
    # A fixed share scales every draw alike: the percentiles are the location-based ones times (1 - share).
    for end in ("low", "median", "high"):
        assert rows.at["region", f"co2e_market_{end}_kg"] == pytest.approx(rows.at["region", f"co2e_{end}_kg"] * 0.17)
    spread = rows.loc["spread"]
    assert spread["co2e_market_low_kg"] < spread["co2e_market_median_kg"] < spread["co2e_market_high_kg"]
    assert spread["co2e_market_median_kg"] == pytest.approx(spread["co2e_median_kg"] * 0.4, rel=0.05)
    assert rows.loc["none", ["co2e_market_low_kg", "co2e_market_median_kg", "co2e_market_high_kg"]].isna().all()
