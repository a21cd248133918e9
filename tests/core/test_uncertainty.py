"""Ranges: inputs given as ranges, default ranges from data/, the Monte Carlo and the sensitivity table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reportgen import estimate, load_scenarios
from reportgen.core import compute_emissions, estimate_with_ranges, resolve_inputs
from reportgen.core.uncertainty import input_ranges, sensitivity
from reportgen.inputs import scenarios_frame
from reportgen.reference import Reference

from ..conftest import EXAMPLES


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


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_the_interval_always_holds_the_point_estimate(example: Path) -> None:
    results = estimate(example)
    assert (results["co2e_low_kg"] <= results["co2e_kg"]).all()
    assert (results["co2e_kg"] <= results["co2e_high_kg"]).all()
    assert (results["energy_low_kwh"] <= results["energy_kwh"]).all()
    assert (results["energy_kwh"] <= results["energy_high_kwh"]).all()
    assert (results["co2e_low_kg"] <= results["co2e_median_kg"]).all()
    assert (results["co2e_median_kg"] <= results["co2e_high_kg"]).all()


def test_the_same_seed_gives_the_same_numbers(ref: Reference) -> None:
    inputs = scenarios_frame(load_scenarios(EXAMPLES / "pretrain-nl-cloud.yaml", ref))
    first = estimate_with_ranges(inputs, ref, seed=7)
    again = estimate_with_ranges(inputs, ref, seed=7)
    other = estimate_with_ranges(inputs, ref, seed=8)
    pd.testing.assert_frame_equal(first, again)
    assert not np.allclose(first["co2e_median_kg"], other["co2e_median_kg"], rtol=1e-9, atol=0)


def test_the_netherlands_intensity_range_spans_the_documented_sources(ref: Reference) -> None:
    ranges, resolved = ranges_of(EXAMPLES / "pretrain-nl-cloud.yaml", ref)
    row = resolved.index[resolved["id"] == "pretrain-7b-on-premise-nl"][0]
    nl = ref.grid.loc["NL"]["g_per_kwh"]
    assert len(nl) >= 2
    assert ranges.at[row, "carbon_intensity_g_per_kwh_low"] == pytest.approx(nl.min())
    assert ranges.at[row, "carbon_intensity_g_per_kwh_high"] == pytest.approx(nl.max())


def test_a_cloud_region_range_includes_its_own_value_and_its_country_sources(ref: Reference) -> None:
    ranges, resolved = ranges_of(EXAMPLES / "pretrain-nl-cloud.yaml", ref)
    row = resolved.index[resolved["id"] == "pretrain-7b"][0]
    region = ref.cloud_regions.at["gcp:europe-west4", "g_per_kwh"]
    assert ranges.at[row, "carbon_intensity_g_per_kwh_low"] == pytest.approx(min(region, ref.grid.loc["NL"]["g_per_kwh"].min()))
    assert ranges.at[row, "carbon_intensity_g_per_kwh_high"] == pytest.approx(ref.grid.loc["NL"]["g_per_kwh"].max())


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
