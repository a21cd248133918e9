"""What the new scenario inputs compute: the peak of the precision used, the FLOPs of a mixture of experts, the
published average draw of hardware without a TDP, and serving without training."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from reportgen import estimate
from reportgen.core.formula import compute_hours
from reportgen.reference import Reference

COMPUTE = "scenarios:\n  - {{id: a, name: A, hardware: {hw}, count: 8, location: BE, mfu: 0.4, {extra}\n" \
          "     compute: {{flops: 1.0e+21}}}}\n"


@pytest.mark.parametrize(("hardware", "extra", "bits", "peak"), [
    ("nvidia-h100-sxm", "", 16, 989), ("nvidia-h100-sxm", "precision: 8,", 8, 1979),
    ("nvidia-h100-sxm", "precision: 32,", 32, 67), ("nvidia-titan-x", "", 32, 6.7),
    ("nvidia-h800-sxm", "precision: fp8,", 8, 1979), ("nvidia-h20", "", 16, 148)])
def test_hours_from_compute_use_the_peak_of_the_precision_and_say_which(write_file, hardware: str, extra: str,
                                                                        bits: int, peak: float) -> None:
    row = estimate(write_file(COMPUTE.format(hw=hardware, extra=extra))).iloc[0]
    assert (row["precision"], row["peak_tflops"]) == (bits, peak)
    assert row["hours"] == pytest.approx(1.0e21 / (8 * peak * 1e12 * 0.4) / 3600)


def test_scenarios_given_by_hours_have_no_precision_or_peak(write_file) -> None:
    row = estimate(write_file("scenarios:\n  - {id: a, name: A, hardware: nvidia-h100-sxm, hours: 5, "
                              "location: BE}\n")).iloc[0]
    assert pd.isna(row["precision"]) and math.isnan(row["peak_tflops"])


DEEPSEEK_V3 = """scenarios:
  - id: deepseek-v3
    name: DeepSeek-V3 pre-training
    hardware: nvidia-h800
    count: 2048
    location: CN
    compute: {parameters: 671.0e+9, active_parameters: 37.0e+9, tokens: 14.8e+12}
"""


def test_a_mixture_of_experts_counts_6_x_active_parameters_x_tokens_and_keeps_both(write_file, cli) -> None:
    path = write_file(DEEPSEEK_V3)
    row = estimate(path).iloc[0]
    assert row["flops"] == pytest.approx(6 * 37e9 * 14.8e12)
    assert (row["parameters"], row["active_parameters"]) == (671e9, 37e9)
    record = json.loads(cli("calc", str(path), "--format", "json").output)["scenarios"][0]
    assert (record["parameters"], record["active_parameters"], record["precision"]) == (671e9, 37e9, 16)


@pytest.mark.parametrize(("precision", "mfu"), [("16", 0.3464), ("8", 0.1731)])
def test_deepseek_v3s_published_h800_hours_follow_from_its_active_parameters(write_file, precision: str,
                                                                            mfu: float) -> None:
    """DeepSeek-V3's report gives 2,664K H800 GPU hours of pre-training in FP8 mixed precision: 6 x 37B active
    parameters x 14.8T tokens at 35% of the 16-bit peak, or at 17% of the FP8 peak (FP8 for the matrix products
    only), not the 671B parameters in all."""
    row = estimate(write_file(DEEPSEEK_V3 + f"    precision: {precision}\n    mfu: {mfu}\n")).iloc[0]
    assert row["device_hours"] == pytest.approx(2.664e6, rel=1e-3)


def test_a_tpu_without_a_tdp_draws_its_published_average_labelled_as_published(write_file, ref: Reference) -> None:
    row = estimate(write_file("scenarios:\n  - {id: a, name: A, hardware: google-tpu-v4, count: 8, hours: 10, "
                              "pue: 1.1, location: 'gcp:europe-west4'}\n")).iloc[0]
    assert (row["power_basis"], row["device_power_w"]) == ("published", 170)
    assert row["energy_kwh"] == pytest.approx(8 * 170 * 10 / 1000 * 1.1)
    # Its source gives no standard deviation, so the draw stays fixed: only PUE and grid vary.
    assert row["energy_low_kwh"] == row["energy_median_kwh"] == row["energy_high_kwh"]


def test_a_published_draw_varies_by_its_sources_standard_deviation(write_file, ref: Reference) -> None:
    import dataclasses

    from reportgen import load_scenarios
    from reportgen.core import resolve_inputs
    from reportgen.core.uncertainty import input_ranges
    from reportgen.inputs.table import scenarios_frame

    hardware = ref.hardware.copy()
    hardware.loc["google-tpu-v4", "draw_sd_pct"] = 10.0
    spread = dataclasses.replace(ref, hardware=hardware)
    path = write_file("scenarios:\n  - {id: a, name: A, hardware: google-tpu-v4, count: 8, hours: 10, "
                      "pue: 1.1, carbon_intensity_g_per_kwh: 300}\n")
    inputs = scenarios_frame(load_scenarios(path, spread))
    ranges = input_ranges(inputs, resolve_inputs(inputs, spread), spread)
    half = 0.10 * 3 ** 0.5
    assert (ranges.at[0, "device_power_w_low"], ranges.at[0, "device_power_w_high"]) == \
        (pytest.approx(170 * (1 - half)), pytest.approx(170 * (1 + half)))


def test_a_serving_only_scenario_has_no_training_figures_and_its_serving_ones(write_file, cli) -> None:
    path = write_file("scenarios:\n  - {id: train, name: T, hardware: nvidia-h100-sxm, count: 8, hours: 48, "
                      "location: BE}\n  - {id: serve, name: S, location: BE, "
                      "inference: {requests: 1.0e+6, wh_per_request: 0.3}}\n")
    rows = estimate(path).set_index("id")
    serve = rows.loc["serve"]
    for column in ("hours", "device_hours", "energy_kwh", "co2e_kg", "co2e_median_kg", "co2e_total_kg",
                   "embodied_co2e_kg", "inference_breakeven_requests"):
        assert math.isnan(serve[column]), column
    assert serve["power_basis"] is None or serve["power_basis"] != serve["power_basis"]
    assert serve["inference_energy_kwh"] == pytest.approx(1e6 * 0.3 / 1000 * serve["pue"])
    assert serve["inference_co2e_median_kg"] > 0
    assert rows.loc["train", "co2e_kg"] > 0
    table = cli("calc", str(path)).output
    assert "serve" in table and "nan" not in table.lower()
    record = json.loads(cli("calc", str(path), "--format", "json").output)["scenarios"][1]
    assert record["co2e_kg"] is None and record["energy_kwh"] is None and record["inference_co2e_kg"] > 0
    csv = cli("calc", str(path), "--format", "csv").output
    assert "nan" not in csv.lower()


def test_compute_hours_is_flops_over_the_devices_peak_at_the_utilisation() -> None:
    assert compute_hours(3.6e15 * 1000, 1, 1000.0, 1.0) == pytest.approx(1.0)
