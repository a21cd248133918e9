"""Inputs a scenario file can state: export variants of NVIDIA's GPUs, the precision of the peak, a mixture of
experts, hardware known only by a published average draw, and serving without training."""

from __future__ import annotations

import pytest

from reportgen import load_scenarios
from reportgen.errors import ScenarioError
from reportgen.reference import Reference

# (id, TDP in W, dense 8-, 16- and 32-bit peaks in TFLOPS): NVIDIA's datasheets of the export variants.
EXPORT_VARIANTS = [
    ("nvidia-h800-sxm", 700, 1979, 989, 67), ("nvidia-h800-pcie", 350, 1513, 756, 51),
    ("nvidia-a800-80gb-sxm4", 400, None, 312, 19.5), ("nvidia-a800-80gb-pcie", 300, None, 312, 19.5),
    ("nvidia-a800-40gb-pcie", 250, None, 312, 19.5), ("nvidia-h20", 400, 296, 148, None),
]


def _problem(write_file, ref: Reference, text: str) -> str:
    """Return the message the loader gives for a scenario file."""
    with pytest.raises(ScenarioError) as caught:
        load_scenarios(write_file(text), ref)
    return str(caught.value)


@pytest.mark.parametrize(("hardware", "tdp", "peak_8", "peak_16", "peak_32"), EXPORT_VARIANTS,
                         ids=[v[0] for v in EXPORT_VARIANTS])
def test_export_variants_have_their_datasheet_power_peaks_and_a_source(ref: Reference, hardware: str, tdp: float,
                                                                       peak_8: float | None, peak_16: float,
                                                                       peak_32: float | None) -> None:
    row = ref.hardware.loc[hardware]
    peaks = tuple(None if row[c] != row[c] else row[c] for c in ("peak_tflops_8", "peak_tflops_16", "peak_tflops_32"))
    assert (row["tdp_w"], *peaks) == (tdp, peak_8, peak_16, peak_32)
    assert row["release_year"] in (2022, 2023, 2024)
    assert row["tdp_source_id"] in ref.sources.index


@pytest.mark.parametrize(("alias", "variant"), [("nvidia-h800", "nvidia-h800-sxm"),
                                                ("nvidia-a800", "nvidia-a800-80gb-sxm4")])
def test_a_bare_export_name_stands_for_its_sxm_module(write_file, ref: Reference, alias: str, variant: str) -> None:
    path = write_file(f"scenarios:\n  - {{id: a, name: A, hardware: {alias}, hours: 10, location: CN}}\n")
    assert load_scenarios(path, ref).scenarios[0].hardware == variant


def test_fp8_peaks_are_twice_the_16_bit_ones_where_the_datasheets_say_so(ref: Reference) -> None:
    both = ref.hardware.dropna(subset=["peak_tflops_8", "peak_tflops_16"])
    assert {"nvidia-h100-sxm", "nvidia-h200-sxm", "nvidia-h800-sxm", "nvidia-b200", "amd-instinct-mi300x",
            "nvidia-l40s", "nvidia-h20"} <= set(both.index)
    ratio = both["peak_tflops_8"] / both["peak_tflops_16"]
    assert ratio.between(1.99, 2.03).all(), ratio[~ratio.between(1.99, 2.03)]


def test_cards_without_fast_half_precision_have_only_their_32_bit_peak(ref: Reference) -> None:
    old = ref.hardware.loc[["nvidia-gtx-1080-ti", "nvidia-titan-x", "nvidia-m40"]]
    assert old["peak_tflops_16"].isna().all()
    assert old["peak_tflops_32"].tolist() == [11.3, 6.7, 6.8]
    assert ref.default_precision.at["nvidia-titan-x"] == 32 and ref.default_precision.at["nvidia-h100-sxm"] == 16


@pytest.mark.parametrize(("given", "bits"), [("8", 8), ("fp8", 8), ("bf16", 16), ("32", 32), ("FP32", 32)])
def test_precision_is_named_by_its_bits_or_its_number_format(write_file, ref: Reference, given: str,
                                                             bits: int) -> None:
    path = write_file("scenarios:\n  - id: a\n    name: A\n    hardware: nvidia-h100-sxm\n"
                      f"    compute: {{flops: 1.0e+21}}\n    precision: {given}\n    location: BE\n")
    assert load_scenarios(path, ref).scenarios[0].precision == bits


def test_a_precision_the_hardware_has_no_peak_for_names_its_file_line_and_field(write_file, ref: Reference) -> None:
    message = _problem(write_file, ref, "scenarios:\n  - id: a\n    name: A\n    hardware: nvidia-a100-80gb-sxm4\n"
                                        "    compute: {flops: 1.0e+21}\n    precision: 8\n    location: BE\n")
    assert "scenarios.yaml:6: scenarios[0].precision: 'nvidia-a100-80gb-sxm4' has no published 8-bit peak" in message
    assert "give precision 16 or 32" in message


def test_precision_goes_with_compute_and_takes_only_known_widths(write_file, ref: Reference) -> None:
    message = _problem(write_file, ref, "scenarios:\n  - {id: a, name: A, hardware: nvidia-h100-sxm, hours: 10, "
                                        "precision: 8, location: BE}\n")
    assert "'precision' picks the peak that turns 'compute' into hours" in message
    message = _problem(write_file, ref, "scenarios:\n  - {id: a, name: A, hardware: nvidia-h100-sxm, "
                                        "compute: {flops: 1.0e+21}, precision: 4, location: BE}\n")
    assert "scenarios[0].precision" in message


def test_hardware_without_any_peak_cannot_turn_compute_into_hours(write_file, ref: Reference) -> None:
    message = _problem(write_file, ref, "scenarios:\n  - {id: a, name: A, hardware: nvidia-rtx-4090, "
                                        "compute: {flops: 1.0e+21}, location: BE}\n")
    assert "'nvidia-rtx-4090' has no published dense 16-bit or 32-bit peak" in message
    assert "scenarios[0].hardware" in message


def test_a_mixture_of_experts_states_its_active_parameters(write_file, ref: Reference) -> None:
    path = write_file("scenarios:\n  - {id: v3, name: V3, hardware: nvidia-h800, count: 2048, location: CN,\n"
                      "     compute: {parameters: 671.0e+9, active_parameters: 37.0e+9, tokens: 14.8e+12}}\n")
    compute = load_scenarios(path, ref).scenarios[0].compute
    assert compute is not None and (compute.parameters, compute.active_parameters) == (671e9, 37e9)


def test_more_active_parameters_than_parameters_is_an_input_error(write_file, ref: Reference) -> None:
    message = _problem(write_file, ref, "scenarios:\n  - id: a\n    name: A\n    hardware: nvidia-h100-sxm\n"
                                        "    compute: {parameters: 7.0e+9, active_parameters: 8.0e+9, tokens: 1.0e+12}\n"
                                        "    location: BE\n")
    assert "scenarios.yaml:5: scenarios[0].compute: 'active_parameters' (8e+09) cannot exceed 'parameters' (7e+09)" \
        in message
    message = _problem(write_file, ref, "scenarios:\n  - {id: a, name: A, hardware: nvidia-h100-sxm, location: BE, "
                                        "compute: {flops: 1.0e+21, active_parameters: 8.0e+9}}\n")
    assert "give 'flops', or 'parameters' and 'tokens', not both" in message


def test_a_tpu_with_a_published_average_draw_needs_no_stated_power(write_file, ref: Reference) -> None:
    path = write_file("scenarios:\n  - {id: a, name: A, hardware: google-tpu-v4, count: 8, hours: 10, "
                      "location: 'gcp:europe-west4'}\n")
    assert load_scenarios(path, ref).scenarios[0].hardware == "google-tpu-v4"


def test_a_share_of_a_tdp_the_hardware_lacks_is_refused(write_file, ref: Reference) -> None:
    message = _problem(write_file, ref, "scenarios:\n  - id: a\n    name: A\n    hardware: google-tpu-v4\n"
                                        "    hours: 10\n    utilisation: 0.8\n    location: BE\n")
    assert "scenarios.yaml:6: scenarios[0].utilisation: 'utilisation' is a share of the rated power (TDP)" in message
    assert "published average draw (170 W)" in message


@pytest.mark.parametrize("tpu", ["google-tpu-v5e", "google-tpu-v5p", "google-tpu-v6e"])
def test_hardware_with_neither_a_tdp_nor_a_draw_asks_for_a_stated_power(write_file, ref: Reference,
                                                                        tpu: str) -> None:
    message = _problem(write_file, ref, f"scenarios:\n  - {{id: a, name: A, hardware: {tpu}, hours: 10, "
                                        "location: BE}\n")
    assert f"scenarios.yaml:2: scenarios[0].hardware: '{tpu}' has no published power rating and no published " \
           "average draw: give 'device_power_w'" in message


def test_a_serving_only_scenario_needs_no_training(write_file, ref: Reference) -> None:
    path = write_file("scenarios:\n  - {id: serve, name: Serving, location: BE, "
                      "inference: {requests: 1.0e+6, task: chat-prompt}}\n")
    scenario = load_scenarios(path, ref).scenarios[0]
    assert scenario.hours is None and scenario.compute is None and scenario.hardware is None


def test_a_scenario_with_neither_training_nor_serving_is_still_refused(write_file, ref: Reference) -> None:
    message = _problem(write_file, ref, "scenarios:\n  - {id: a, name: A, hardware: nvidia-h100-sxm, location: BE}\n")
    assert "give 'hours' (wall-clock hours of one run), 'compute', a 'measurement', or 'inference'" in message
