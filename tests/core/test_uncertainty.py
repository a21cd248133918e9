"""Ranges: inputs given as ranges, default ranges from data/, the Monte Carlo and the sensitivity table."""

from __future__ import annotations

import inspect
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reportgen import estimate, load_scenarios
from reportgen.core import compute_emissions, estimate_with_ranges, resolve_inputs
from reportgen.core.formula import OPERATIONAL_INPUTS, operational
from reportgen.core.middles import sensitivity
from reportgen.core.uncertainty import UNCERTAIN, input_ranges
from reportgen.inputs import scenarios_frame
from reportgen.reference import Reference
from reportgen.reference.tables import MAX_RANGE_AGE

from ..conftest import EXAMPLES, SCENARIO_EXAMPLES


def ranges_of(path: Path, ref: Reference) -> tuple[pd.DataFrame, pd.DataFrame]:
    inputs = scenarios_frame(load_scenarios(path, ref))
    resolved = compute_emissions(resolve_inputs(inputs, ref))
    return input_ranges(inputs, resolved, ref), resolved


def test_collapsed_ranges_give_the_point_estimate(write_file) -> None:
    path = write_file("""
        scenarios:
          - id: fixed
            name: Fixed
            count: [8, 8]
            hours: [84, 84]
            device_power_w: [189.4, 189.4]
            host_power_w: [100, 100]
            runs: [3, 3]
            pue: [1.58, 1.58]
            carbon_intensity_g_per_kwh: [432.7, 432.7]
    """)
    row = estimate(path).iloc[0]
    assert row["co2e_low_kg"] == pytest.approx(row["co2e_kg"], rel=1e-12)
    assert row["co2e_median_kg"] == pytest.approx(row["co2e_kg"], rel=1e-12)
    assert row["co2e_high_kg"] == pytest.approx(row["co2e_kg"], rel=1e-12)
    assert row["energy_low_kwh"] == pytest.approx(row["energy_high_kwh"], rel=1e-12)


@pytest.mark.parametrize("example", SCENARIO_EXAMPLES, ids=lambda p: p.name)
def test_percentiles_are_ordered_and_open_wherever_an_input_varies(example: Path, ref: Reference) -> None:
    results = estimate(example)
    ranges, _ = ranges_of(example, ref)
    varies = np.zeros(len(ranges), dtype=bool)
    for column in ranges.columns[ranges.columns.str.endswith("_low")]:
        varies |= ranges[column].to_numpy() < ranges[column.removesuffix("_low") + "_high"].to_numpy()
    low, median, high = (results[f"co2e_{q}_kg"].to_numpy() for q in ("low", "median", "high"))
    assert (low <= median).all() and (median <= high).all()
    assert varies.any()
    assert ((low < median) & (median < high))[varies].all()
    # The low end is a percentile of the draws, not the point estimate put there by construction.
    assert (low != results["co2e_kg"].to_numpy())[varies].all()
    assert (results["energy_low_kwh"] < results["energy_high_kwh"])[varies].all()


def test_percentiles_match_an_independent_monte_carlo_of_explicit_ranges(write_file) -> None:
    path = write_file("""
        scenarios:
          - id: ranged
            name: Ranged
            count: [6, 10]
            device_power_w: [150, 300]
            host_power_w: [0, 400]
            hours: [50, 90]
            runs: [2, 6]
            pue: [1.1, 1.6]
            carbon_intensity_g_per_kwh: [100, 450]
    """)
    row = estimate(path).iloc[0]
    rng = np.random.default_rng(12345)
    n = 2_000_000  # near the true percentiles; reportgen's 20,000 draws carry about 1.5% noise at the 5th
    count, power, host = rng.integers(6, 10, n, endpoint=True), rng.uniform(150, 300, n), rng.uniform(0, 400, n)
    hours, runs = rng.uniform(50, 90, n), rng.integers(2, 6, n, endpoint=True)  # whole devices and runs
    pue, grid = rng.uniform(1.1, 1.6, n), rng.uniform(100, 450, n)
    co2e = (count * power + host) * hours * runs / 1000 * pue * grid / 1000
    for name, q in (("low", 5), ("median", 50), ("high", 95)):
        assert row[f"co2e_{name}_kg"] == pytest.approx(np.percentile(co2e, q), rel=0.025 if q != 50 else 0.015), name


def test_a_scenarios_range_does_not_depend_on_the_scenarios_computed_with_it(ref: Reference) -> None:
    inputs = scenarios_frame(load_scenarios(EXAMPLES / "finetune-be-university.yaml", ref))
    together = estimate_with_ranges(inputs, ref).set_index("id")
    for scenario_id in inputs["id"]:
        alone = estimate_with_ranges(inputs[inputs["id"] == scenario_id], ref).set_index("id")
        for column in ("co2e_low_kg", "co2e_median_kg", "co2e_high_kg"):
            assert alone.at[scenario_id, column] == together.at[scenario_id, column]


def test_the_same_seed_gives_the_same_numbers(ref: Reference) -> None:
    inputs = scenarios_frame(load_scenarios(EXAMPLES / "pretrain-nl-cloud.yaml", ref))
    first = estimate_with_ranges(inputs, ref, seed=7)
    again = estimate_with_ranges(inputs, ref, seed=7)
    other = estimate_with_ranges(inputs, ref, seed=8)
    pd.testing.assert_frame_equal(first, again)
    assert not np.allclose(first["co2e_median_kg"], other["co2e_median_kg"], rtol=1e-9, atol=0)


def test_a_country_intensity_range_spans_its_recent_sources_of_one_basis(ref: Reference) -> None:
    ranges, resolved = ranges_of(EXAMPLES / "pretrain-nl-cloud.yaml", ref)
    row = resolved.index[resolved["id"] == "pretrain-7b-on-premise-nl"][0]
    nl = ref.grid.loc["NL"]
    recent = nl[(nl["basis"] == "life-cycle") & (nl["year"] >= nl["year"].max() - MAX_RANGE_AGE)]["g_per_kwh"]
    assert len(recent) == 2 and set(nl["basis"]) == {"life-cycle", "direct"}
    between = ref.uncertainty.loc[("intensity", "between-sources")]
    assert ranges.at[row, "carbon_intensity_g_per_kwh_low"] == pytest.approx(recent.min() * between["low"])
    assert ranges.at[row, "carbon_intensity_g_per_kwh_high"] == pytest.approx(recent.max() * between["high"])
    direct = nl[nl["basis"] == "direct"]["g_per_kwh"].iloc[0]
    assert ranges.at[row, "carbon_intensity_g_per_kwh_high"] < direct  # the 2020 direct factor is no range end


def test_a_cloud_region_with_its_own_value_spans_its_own_sources_and_never_has_a_zero_width_range(
        ref: Reference) -> None:
    ranges, resolved = ranges_of(EXAMPLES / "pretrain-nl-cloud.yaml", ref)
    row = resolved.index[resolved["id"] == "pretrain-7b"][0]
    spread = ref.region_spread.loc["gcp:europe-west4"]
    between = ref.uncertainty.loc[("intensity", "between-sources")]
    assert resolved.at[row, "intensity_basis"] == ref.cloud_regions.at["gcp:europe-west4", "basis"]
    assert ranges.at[row, "carbon_intensity_g_per_kwh_low"] == pytest.approx(spread["low"] * between["low"])
    assert ranges.at[row, "carbon_intensity_g_per_kwh_high"] == pytest.approx(spread["high"] * between["high"])
    # The Netherlands' life-cycle values are no end of a Google region's range: its ends are Google's own direct
    # figures for the region (2021 to 2024 in region_intensity.csv).
    rows = ref.region_intensity
    own = rows[(rows["region"] == "gcp:europe-west4") & (rows["basis"] == "direct")]["g_per_kwh"]
    assert {spread["low"], spread["high"]} <= set(own)
    assert not {spread["low"], spread["high"]} & set(ref.grid.loc["NL"]["g_per_kwh"])


def test_a_power_derived_from_published_totals_gets_no_measurement_margin(write_file, ref: Reference) -> None:
    path = write_file("""
        scenarios:
          - {id: derived, name: D, device_power_w: 216.96, device_power_source: derived, hours: 10, location: BE, pue: 1.58}
          - {id: measured, name: M, device_power_w: 216.96, hours: 10, location: BE, pue: 1.58}
    """)
    ranges, resolved = ranges_of(path, ref)
    assert resolved["power_basis"].tolist() == ["derived", "measured"]
    assert ranges.loc[0, ["device_power_w_low", "device_power_w_high"]].tolist() == [216.96, 216.96]
    assert ranges.loc[1, "device_power_w_low"] < 216.96 < ranges.loc[1, "device_power_w_high"]


def test_default_ranges_come_from_data(write_file, ref: Reference) -> None:
    path = write_file("""
        scenarios:
          - {id: tdp, name: TDP, hardware: nvidia-h100, hours: 10, location: BE}
          - {id: measured, name: Measured, device_power_w: 500, hours: 10, location: BE, pue: 1.3}
          - {id: given, name: Given, hardware: nvidia-h100, utilisation: [0.5, 0.7], hours: [8, 12], location: BE}
    """)
    ranges, _ = ranges_of(path, ref)
    share = ref.uncertainty.loc[("utilisation", "gpu")]
    assert ranges.loc[0, ["device_power_w_low", "device_power_w_high"]].tolist() == pytest.approx(
        [700 * share["low"], 700 * share["high"]])
    margin = ref.uncertainty.loc[("measured", "any")]
    assert ranges.loc[1, ["device_power_w_low", "device_power_w_high"]].tolist() == pytest.approx(
        [500 * margin["low"], 500 * margin["high"]])
    assert ranges.loc[1, ["pue_low", "pue_high"]].tolist() == [1.3, 1.3]
    on_premise = ref.uncertainty.loc[("pue", "on-premise")]
    assert ranges.loc[0, ["pue_low", "pue_high"]].tolist() == pytest.approx([on_premise["low"], on_premise["high"]])
    assert ranges.loc[2, ["device_power_w_low", "device_power_w_high"]].tolist() == pytest.approx([350, 490])
    assert ranges.loc[2, ["hours_low", "hours_high"]].tolist() == [8, 12]


def test_a_range_with_its_ends_reversed_is_refused(write_file) -> None:
    from reportgen.errors import ScenarioError

    path = write_file("scenarios:\n  - {id: a, name: A, hardware: nvidia-p100, hours: [84, 70], location: BE}\n")
    with pytest.raises(ScenarioError, match="low end first"):
        load_scenarios(path)


def test_sensitivity_ranks_the_input_that_moves_the_result_most(write_file, ref: Reference) -> None:
    path = write_file("""
        scenarios:
          - {id: a, name: A, device_power_w: 300, hours: 10, runs: [10, 40], pue: 1.2, location: NL}
    """)
    ranges, resolved = ranges_of(path, ref)
    table = sensitivity(ranges, resolved)
    assert table.iloc[0]["input"] == "runs"
    assert table.iloc[0]["rank"] == 1 and table.iloc[0]["share"] == 1.0
    assert set(table["input"]) == {"runs", "carbon_intensity_g_per_kwh", "device_power_w"}


def test_a_range_of_runs_or_devices_is_drawn_in_whole_numbers(write_file) -> None:
    path = write_file("""
        scenarios:
          - {id: tune, name: Tuning, hardware: nvidia-a100-80gb, count: [4, 8], hours: 24, runs: [5, 10], location: BE}
    """)
    row = estimate(load_scenarios(path)).iloc[0]
    assert row["runs"] == 7.5 and row["count"] == 6  # the paper's method: the ranges' expected values
    for end in ("low", "median", "high"):
        device_hours = row[f"device_hours_{end}"]
        assert device_hours / 24 == pytest.approx(round(device_hours / 24))  # whole devices × whole runs
    assert row["device_hours_low"] >= 4 * 5 * 24 and row["device_hours_high"] <= 8 * 10 * 24


def test_the_formula_names_its_inputs_as_the_monte_carlo_draws_them() -> None:
    assert tuple(inspect.signature(operational).parameters) == OPERATIONAL_INPUTS
    assert set(UNCERTAIN) == set(OPERATIONAL_INPUTS)
