"""The calculation core against the numbers Strubell et al. (2019) print, and hand-worked cases."""

from __future__ import annotations

import pandas as pd
import pytest

from reportgen import estimate
from reportgen.core import compute_emissions
from reportgen.core.equivalents import equivalents, great_circle_km, reader_comparisons
from reportgen.reference import LB_KG, Reference

from ..conftest import EXAMPLES

TABLE3_SCENARIOS = {"transformer-base-p100": "transformer-base", "transformer-big-p100": "transformer-big",
                    "elmo-p100": "elmo", "bert-base-v100": "bert-base-v100", "nas-p100": "transformer-big-nas"}


@pytest.fixture(scope="module")
def strubell() -> pd.DataFrame:
    return estimate(EXAMPLES / "strubell2019.yaml").set_index("id")


@pytest.mark.parametrize(
    ("scenario", "kwh_pue", "lbs"),
    [
        ("transformer-base", 27, 26),
        ("transformer-big", 201, 192),
        ("elmo", 275, 262),
        ("bert-base-v100", 1507, 1438),
        ("transformer-big-nas", 656_347, 626_155),
    ],
)
def test_table3_gpu_rows_reproduce_printed_kwh_and_lbs(strubell: pd.DataFrame, scenario: str, kwh_pue: int,
                                                         lbs: int) -> None:
    row = strubell.loc[scenario]
    assert round(row["energy_kwh"]) == kwh_pue
    assert round(row["co2e_lbs"]) == lbs


def test_table3_rows_match_the_reference_table(strubell: pd.DataFrame, ref: Reference) -> None:
    gpu_rows = ref.table3.dropna(subset=["kwh_pue"])
    assert len(gpu_rows) == 5
    for _, printed in gpu_rows.iterrows():
        scenario_id = TABLE3_SCENARIOS[printed["id"]]
        row = strubell.loc[scenario_id]
        assert round(row["energy_kwh"]) == printed["kwh_pue"]
        assert round(row["co2e_lbs"]) == printed["co2e_lbs"]
        assert round(row["cloud_cost_low"]) == printed["cloud_cost_low"]
        assert round(row["cloud_cost_high"]) == printed["cloud_cost_high"]


@pytest.mark.parametrize(
    ("scenario", "low", "high"),
    [
        ("transformer-base", 41, 140),
        ("transformer-big", 289, 981),
        ("elmo", 433, 1472),
        ("bert-base-v100", 3751, 12_571),
        ("transformer-big-nas", 942_973, 3_201_722),
    ],
)
def test_table3_cloud_costs_match_to_the_dollar(strubell: pd.DataFrame, scenario: str, low: int, high: int) -> None:
    row = strubell.loc[scenario]
    assert (round(row["cloud_cost_low"]), round(row["cloud_cost_high"])) == (low, high)


@pytest.mark.parametrize(
    ("scenario", "low", "high", "electricity"),
    [
        ("lisa-one-model", 52, 175, 5),
        ("lisa-one-tuning", 1238, 4205, 118),
    ],
)
def test_table4_costs_match_to_the_dollar(strubell: pd.DataFrame, scenario: str, low: int, high: int,
                                          electricity: int) -> None:
    row = strubell.loc[scenario]
    assert (round(row["cloud_cost_low"]), round(row["cloud_cost_high"])) == (low, high)
    assert round(row["electricity_cost"]) == electricity


def test_table4_all_rnd_matches_printed_thousands_and_dollars(strubell: pd.DataFrame) -> None:
    row = strubell.loc["lisa-all-rnd"]
    assert (round(row["cloud_cost_low"], -3), round(row["cloud_cost_high"], -3)) == (103_000, 350_000)
    assert round(row["electricity_cost"]) == 9870
    assert round(row["co2e_lbs"]) == 78_468
    assert row["co2e_t"] == pytest.approx(35.59, abs=0.005)


def test_case_study_one_model_matches_table1(strubell: pd.DataFrame) -> None:
    assert round(strubell.loc["lisa-one-model", "co2e_lbs"]) == 39


def test_table4_reference_rows_agree_with_the_scenarios(strubell: pd.DataFrame, ref: Reference) -> None:
    for models, scenario in [(1, "lisa-one-model"), (24, "lisa-one-tuning"), (4789, "lisa-all-rnd")]:
        printed = ref.case_study.loc[models]
        row = strubell.loc[scenario]
        assert row["device_hours"] == printed["hours"]
        assert round(row["electricity_cost"]) == printed["electricity_cost"]


def test_table1_activities_in_tonnes_match_the_source_article(ref: Reference) -> None:
    activities = ref.benchmarks[ref.benchmarks["kind"] == "activity"]
    tonnes = [round(lbs * LB_KG / 1000, 2) for lbs in activities["co2e_lbs"]]
    nas = round(ref.benchmarks.at["transformer-big-nas", "co2e_lbs"] * LB_KG / 1000, 2)
    assert [*tonnes, nas] == [0.90, 5.00, 16.40, 57.15, 284.02]


def test_formula_on_a_hand_worked_case() -> None:
    frame = pd.DataFrame([{
        "count": 4.0, "hours": 10.0, "runs": 3.0, "device_power_w": 300.0, "host_power_w": 200.0, "pue": 1.5,
        "carbon_intensity_g_per_kwh": 100.0, "cloud_price_low": 1.0, "cloud_price_high": 2.0,
        "electricity_price_per_kwh": 0.2,
    }])
    row = compute_emissions(frame).iloc[0]
    # (4 x 300 + 200) W x 10 h x 3 runs = 42 kWh; x 1.5 = 63 kWh; x 100 g = 6.3 kg
    assert row["it_energy_kwh"] == pytest.approx(42.0)
    assert row["energy_kwh"] == pytest.approx(63.0)
    assert row["co2e_kg"] == pytest.approx(6.3)
    assert row["co2e_lbs"] == pytest.approx(6.3 / 0.45359237)
    assert row["device_hours"] == pytest.approx(120.0)
    assert (row["cloud_cost_low"], row["cloud_cost_high"]) == pytest.approx((120.0, 240.0))
    assert row["electricity_cost"] == pytest.approx(12.6)


def test_tdp_times_utilisation_is_used_without_a_measured_draw(write_file, ref: Reference) -> None:
    path = write_file("""
        scenarios:
          - {id: a, name: A, hardware: nvidia-h100, count: 2, hours: 10, utilisation: 0.5, location: BE, pue: 1.0}
    """)
    row = estimate(path).iloc[0]
    tdp = ref.hardware.at["nvidia-h100-sxm", "tdp_w"]
    assert row["power_basis"] == "tdp"
    assert row["device_power_w"] == pytest.approx(tdp * 0.5)
    assert row["it_energy_kwh"] == pytest.approx(2 * tdp * 0.5 * 10 / 1000)


def test_country_intensity_comes_from_the_default_source_with_its_year(write_file, ref: Reference) -> None:
    path = write_file("""
        scenarios:
          - {id: a, name: A, hardware: nvidia-h100, hours: 1, location: nl, pue: 1.0}
    """)
    row = estimate(path).iloc[0]
    default = ref.grid_default.loc["NL"]
    assert row["carbon_intensity_g_per_kwh"] == pytest.approx(default["g_per_kwh"])
    assert row["intensity_source"] == "owid"
    assert row["intensity_year"] == default["year"]
    assert row["country"] == "NL"


def test_cloud_region_uses_its_own_intensity_and_provider_pue(write_file, ref: Reference) -> None:
    path = write_file("""
        scenarios:
          - {id: a, name: A, hardware: nvidia-h100, hours: 1, location: "gcp:europe-west4"}
    """)
    row = estimate(path).iloc[0]
    region = ref.cloud_regions.loc["gcp:europe-west4"]
    assert row["carbon_intensity_g_per_kwh"] == pytest.approx(region["g_per_kwh"])
    assert row["intensity_year"] == 2024
    assert row["country"] == "NL"
    assert row["pue"] == pytest.approx(ref.pue.at["gcp", "pue"])


def test_region_without_own_intensity_falls_back_to_its_country(write_file, ref: Reference) -> None:
    region_key = ref.cloud_regions[ref.cloud_regions["g_per_kwh"].isna()].index[0]
    country = ref.cloud_regions.at[region_key, "country"]
    path = write_file(f"""
        scenarios:
          - {{id: a, name: A, hardware: nvidia-h100, hours: 1, location: "{region_key}"}}
    """)
    row = estimate(path).iloc[0]
    assert row["carbon_intensity_g_per_kwh"] == pytest.approx(ref.grid_default.at[country, "g_per_kwh"])


def test_on_premise_pue_is_the_default_outside_the_cloud_and_says_it_is_a_default(write_file, ref: Reference) -> None:
    path = write_file("""
        scenarios:
          - {id: bare, name: A, hardware: nvidia-h100, hours: 1, location: BE}
          - {id: named, name: B, hardware: nvidia-h100, hours: 1, location: BE, pue: on-premise}
          - {id: cloud, name: C, hardware: nvidia-h100, hours: 1, location: "gcp:europe-west4"}
    """)
    rows = estimate(path).set_index("id")
    assert rows.at["bare", "pue"] == pytest.approx(ref.pue.at["on-premise", "pue"])
    assert rows.at["bare", "pue_source"] == "default"  # the file says nothing of its datacentre
    assert rows.at["named", "pue_source"] == ref.pue.at["on-premise", "source_id"]
    assert rows.at["cloud", "pue_source"] == ref.pue.at["gcp", "source_id"]


def test_defaults_merge_into_every_scenario_and_scenarios_override_them(write_file) -> None:
    path = write_file("""
        defaults: {hardware: nvidia-v100, count: 2, location: FR, pue: 1.2}
        scenarios:
          - {id: a, name: A, hours: 1}
          - {id: b, name: B, hours: 1, count: 5}
    """)
    results = estimate(path).set_index("id")
    assert list(results["count"]) == [2, 5]
    assert list(results["pue"]) == [1.2, 1.2]


def test_computing_leaves_the_callers_table_as_it_was(ref: Reference) -> None:
    from reportgen.core import resolve_inputs
    from reportgen.inputs import load_scenarios, scenarios_frame

    resolved = resolve_inputs(scenarios_frame(load_scenarios(EXAMPLES / "strubell2019.yaml", ref)), ref)
    before = resolved.copy()
    compute_emissions(resolved)
    pd.testing.assert_frame_equal(resolved, before)


def test_a_return_flight_is_twice_the_great_circle_distance_at_the_economy_factor(ref: Reference) -> None:
    # Brussels-New York JFK, from OurAirports coordinates: about 5,886 km one way.
    assert great_circle_km(50.901389, 4.484444, 40.639801, -73.7789) == pytest.approx(5886, abs=2)
    assert great_circle_km(0, 0, 0, 90) == pytest.approx(6371.0088 * 3.141592653589793 / 2)
    rows = reader_comparisons(ref).set_index("region")
    assert rows.at["BE", "flight_kg"] == pytest.approx(2 * rows.at["BE", "flight_km"] * 0.171)
    assert rows.at["NL", "flight_origin"] == "AMS" and rows.at["EU", "flight_origin"] == "BRU"
    assert rows.at["BE", "person_year_kg"] == 8170 and rows.at["NL", "person_year_kg"] == 7340
    assert rows.at["BE", "household_kwh"] == 3305 and rows.at["NL", "household_kwh"] == 2550


def test_a_scenarios_readers_are_those_of_its_country_or_of_the_eu(ref: Reference) -> None:
    results = pd.DataFrame({"file": 0, "id": ["be", "nl", "us", "given"], "country": ["BE", "NL", "US", None],
                            "co2e_median_kg": [8170.0, 7340.0, 6274.0, 1.0],
                            "energy_median_kwh": [3305.0, 2550.0, 1800.0, 1.0]})
    eq = equivalents(results, ref).set_index("id")
    assert eq["region"].tolist() == ["BE", "NL", "EU", "EU"]
    assert eq.loc[["be", "nl", "us"], "local_person_years"].tolist() == pytest.approx([1.0, 1.0, 1.0])
    assert eq.at["be", "households"] == pytest.approx(1.0) and eq.at["us", "household_days"] == pytest.approx(182.625)


def test_the_case_studys_recomputed_costs_round_to_the_ones_table_4_prints(ref: Reference) -> None:
    from reportgen.core.case_study import case_study_results

    rows = case_study_results(ref).set_index("models")
    for models, row in rows.iterrows():
        for cost in ("cloud_cost_low", "cloud_cost_high", "electricity_cost"):
            printed = row[f"{cost}_printed"]
            assert row[cost] == pytest.approx(printed, rel=0.02, abs=0.5), (models, cost)
