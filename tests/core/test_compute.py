"""Before the run: hours from model size and tokens (LLMCarbon's route), checked against published trainings."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from reportgen import estimate
from reportgen.core.formula import compute_hours
from reportgen.core.utilisation import utilisation_quantiles
from reportgen.reference import load_reference

# Openly documented dense trainings: (id, parameters, tokens, hardware, published GPU hours, source).
PUBLISHED = [
    # Touvron et al. 2023, "LLaMA: Open and Efficient Foundation Language Models", arXiv:2302.13971, Tables 2, 15.
    ("llama-7b", 6.7e9, 1.0e12, "nvidia-a100-80gb-sxm4", 82_432),
    ("llama-65b", 65.2e9, 1.4e12, "nvidia-a100-80gb-sxm4", 1_022_362),
    # Touvron et al. 2023, "Llama 2: Open Foundation and Fine-Tuned Chat Models", arXiv:2307.09288, Table 2.
    ("llama2-7b", 7e9, 2.0e12, "nvidia-a100-80gb-sxm4", 184_320),
    ("llama2-13b", 13e9, 2.0e12, "nvidia-a100-80gb-sxm4", 368_640),
    ("llama2-70b", 70e9, 2.0e12, "nvidia-a100-80gb-sxm4", 1_720_320),
    # BigScience, BLOOM (176,247M parameters, 366B tokens); Luccioni et al. 2023: 1,082,990 GPU hours.
    ("bloom-176b", 176.247e9, 366e9, "nvidia-a100-80gb-sxm4", 1_082_990),
    # TII, "Spread Your Wings: Falcon 180B is here" (Hugging Face blog, 2023): 3.5T tokens, ~7,000,000 GPU hours.
    ("falcon-180b", 180e9, 3.5e12, "nvidia-a100-40gb-sxm4", 7_000_000),
]


def test_flops_are_six_times_parameters_times_tokens_and_hours_follow_from_peak_and_mfu(write_file) -> None:
    path = write_file("""
        scenarios:
          - {id: run, name: R, hardware: nvidia-h100-sxm, count: 256, location: BE, mfu: 0.4,
             compute: {parameters: 7.0e+9, tokens: 2.0e+12}}
          - {id: given, name: G, hardware: nvidia-h100-sxm, count: 256, location: BE, mfu: 0.4,
             compute: {flops: 8.4e+22}}
    """)
    rows = estimate(path).set_index("id")
    assert rows.at["run", "flops"] == 6 * 7.0e9 * 2.0e12 == 8.4e22
    hours = 8.4e22 / (256 * 989e12 * 0.4) / 3600
    assert rows.at["run", "hours"] == pytest.approx(hours)
    assert rows.at["given", "hours"] == pytest.approx(hours)
    assert rows.at["run", "device_hours"] == pytest.approx(256 * hours)
    # A given utilisation is fixed: the device hours have no spread.
    assert rows.at["run", "device_hours_low"] == pytest.approx(rows.at["run", "device_hours_high"])
    assert compute_hours(8.4e22, 256, 989.0, 0.4) == pytest.approx(hours)


def test_without_a_stated_utilisation_the_fitted_effective_utilisation_gives_device_hours_percentiles(
        write_file) -> None:
    path = write_file("""
        scenarios:
          - {id: run, name: R, hardware: nvidia-h100-sxm, count: 256, location: BE,
             compute: {parameters: 7.0e+9, tokens: 2.0e+12}}
    """)
    row = estimate(path).set_index("id").loc["run"]
    ref = load_reference()
    log_mean, _log_sd, low, high = utilisation_quantiles(ref, pd.Series(["nvidia-h100-sxm"]), pd.Series([7.0e9]))
    assert row["mfu"] == pytest.approx(math.exp(log_mean[0]))  # the median of the fitted log-normal
    device_hours = 8.4e22 / (989e12 * 3600)
    # ln(mfu) normal: device hours at its 95th, 50th and 5th percentile (20,000 draws: within 2%).
    assert row["device_hours_low"] == pytest.approx(device_hours / high[0], rel=0.02)
    assert row["device_hours_median"] == pytest.approx(device_hours / math.exp(log_mean[0]), rel=0.02)
    assert row["device_hours_high"] == pytest.approx(device_hours / low[0], rel=0.02)
    assert row["co2e_low_kg"] < row["co2e_median_kg"] < row["co2e_high_kg"]


@pytest.mark.parametrize(("key", "parameters", "tokens", "hardware", "published"), PUBLISHED,
                         ids=[p[0] for p in PUBLISHED])
def test_published_gpu_hours_fall_inside_the_reported_range(write_file, key: str, parameters: float, tokens: float,
                                                            hardware: str, published: float) -> None:
    path = write_file(f"""
        scenarios:
          - {{id: {key}, name: N, hardware: {hardware}, count: 1024, location: US,
             compute: {{parameters: {parameters!r}, tokens: {tokens!r}}}}}
    """)
    row = estimate(path).set_index("id").loc[key]
    assert row["device_hours_low"] <= published <= row["device_hours_high"]


@pytest.mark.parametrize("text", [
    "compute: {parameters: 7.0e+9}",
    "compute: {flops: 1.0e+22, parameters: 7.0e+9, tokens: 1.0e+12}",
    "compute: {flops: 1.0e+22}\n    hours: 10",
    "mfu: 0.4\n    hours: 10",
])
def test_contradictory_or_incomplete_compute_is_refused(write_file, cli, text: str) -> None:
    path = write_file(f"""
scenarios:
  - id: run
    name: R
    hardware: nvidia-h100-sxm
    location: BE
    {text}
""")
    result = cli("calc", str(path))
    assert result.exit_code == 2
    assert "scenarios.yaml" in result.output + (result.stderr or "")


def test_hardware_without_a_peak_throughput_cannot_be_given_by_compute(write_file, cli) -> None:
    path = write_file("""
        scenarios:
          - {id: run, name: R, hardware: amd-epyc-7763, count: 8, location: BE, compute: {flops: 1.0e+20}}
    """)
    result = cli("calc", str(path))
    assert result.exit_code == 2
    assert "peak throughput" in result.output + (result.stderr or "")


def test_the_utilisation_range_reaches_the_sensitivity_table_through_the_hours(write_file, ref) -> None:
    from reportgen.core.middles import sensitivity
    from reportgen.core.resolve import resolve_inputs
    from reportgen.core.uncertainty import input_ranges
    from reportgen.inputs import load_scenarios, scenarios_frame

    path = write_file("""
        scenarios:
          - {id: run, name: R, hardware: nvidia-h100-sxm, count: 256, location: BE, pue: 1.2,
             compute: {parameters: 7.0e+9, tokens: 2.0e+12}}
    """)
    inputs = scenarios_frame(load_scenarios(path, ref))
    resolved = resolve_inputs(inputs, ref)
    swings = sensitivity(input_ranges(inputs, resolved, ref), resolved).set_index("input")
    hours = 8.4e22 / (256 * 989e12) / 3600
    _, _, low, high = utilisation_quantiles(ref, pd.Series(["nvidia-h100-sxm"]), pd.Series([7.0e9]))
    assert swings.at["hours", "low"] == pytest.approx(hours / high[0])   # at the 95th percentile of utilisation
    assert swings.at["hours", "high"] == pytest.approx(hours / low[0])
