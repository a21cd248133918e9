"""Serving: energy per request times requests, with the datacentre's overhead, at the scenario's grid."""

from __future__ import annotations

import pytest

from reportgen import estimate
from reportgen.core.formula import inference_energy
from reportgen.reference import Reference


def test_inference_energy_is_requests_times_energy_per_request_with_pue() -> None:
    assert inference_energy(1.0e6, 0.3, 1.2) == pytest.approx(1.0e6 * 0.3 / 1000 * 1.2)


def test_a_given_energy_per_request_follows_design_exactly(write_file) -> None:
    path = write_file("""
        scenarios:
          - {id: serve, name: S, hardware: nvidia-h100-sxm, count: 8, hours: 100, location: BE, pue: 1.2,
             utilisation: 1.0, carbon_intensity_g_per_kwh: 100,
             inference: {requests: 1.0e+6, wh_per_request: 0.3}}
    """)
    row = estimate(path).set_index("id").loc["serve"]
    assert row["inference_energy_kwh"] == pytest.approx(360.0)
    assert row["inference_co2e_kg"] == pytest.approx(36.0)
    assert row["inference_source"] == "scenario"
    # Training drew 8 x 700 W x 100 h x 1.2 = 672 kWh: serving overtakes it after 672 / 0.00036 requests.
    assert row["inference_breakeven_requests"] == pytest.approx(672 / (0.3 / 1000 * 1.2))
    assert row["inference_co2e_low_kg"] == row["inference_co2e_high_kg"] == pytest.approx(36.0)


def test_a_task_takes_its_published_default_and_range(write_file, ref: Reference) -> None:
    path = write_file("""
        scenarios:
          - {id: serve, name: S, hardware: nvidia-h100-sxm, count: 8, hours: 100, location: BE, pue: 1.2,
             carbon_intensity_g_per_kwh: 100, inference: {requests: 1.0e+6, task: text-generation}}
    """)
    row = estimate(path).set_index("id").loc["serve"]
    task = ref.inference.loc["text-generation"]
    assert row["inference_wh_per_request"] == task["wh_per_request"] == 0.047
    assert row["inference_source"] == task["source_id"] == "luccioni-2024-power"
    per_kg = 1.0e6 / 1000 * 1.2 * 100 / 1000  # kg CO2e per Wh per request
    assert row["inference_co2e_low_kg"] == pytest.approx(per_kg * (0.017 + 0.06 * 0.05), rel=0.01)
    assert row["inference_co2e_high_kg"] == pytest.approx(per_kg * (0.017 + 0.06 * 0.95), rel=0.01)


def test_every_task_default_lies_inside_its_range_and_names_its_source(ref: Reference) -> None:
    table = ref.inference
    assert (table["low"] <= table["wh_per_request"]).all() and (table["wh_per_request"] <= table["high"]).all()
    assert (table["low"] > 0).all()
    assert set(table["source_id"]) <= set(ref.sources.index)


def test_an_unknown_task_is_refused_with_a_suggestion(write_file, cli) -> None:
    path = write_file("""
        scenarios:
          - {id: serve, name: S, hardware: nvidia-h100-sxm, count: 8, hours: 100, location: BE,
             inference: {requests: 1000, task: text-generaton}}
    """)
    result = cli("calc", str(path))
    assert result.exit_code == 2
    out = result.output + (result.stderr or "")
    assert "text-generation" in out and "inference.task" in out
