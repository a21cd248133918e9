"""The ``reportgen calc`` command: formats, exit codes and messages."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from reportgen.core.columns import FILE_RESULT_COLUMNS

from .conftest import EXAMPLES

STRUBELL = str(EXAMPLES / "strubell2019.yaml")


def test_calc_prints_an_aligned_table_with_units(cli) -> None:
    result = cli("calc", STRUBELL, "--paper-method")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "kWh·PUE" in lines[0] and "CO2e kg" in lines[0] and "CO2e lbs" in lines[0]
    nas = next(line for line in lines if line.startswith("transformer-big-nas"))
    assert "656,347" in nas and "626,155" in nas
    widths = {len(line) for line in lines[1:10]}
    assert len(lines[0]) >= max(widths) - 2


def test_calc_table_leads_with_the_median_the_api_gives(cli) -> None:
    from reportgen import estimate

    path = str(EXAMPLES / "finetune-be-university.yaml")
    lines = cli("calc", path).output.splitlines()
    assert "lbs" not in lines[0] and "kWh·PUE" not in lines[0]
    row = next(line for line in lines if line.startswith("finetune-grid-search")).split()
    results = estimate(path).set_index("id")
    median, point = (results.at["finetune-grid-search", c] for c in ("co2e_median_kg", "co2e_kg"))
    assert f"{median:,.0f}" in row and f"{point:,.0f}" not in row


def test_calc_json_has_the_design_fields_unrounded(cli) -> None:
    result = cli("calc", STRUBELL, "--format", "json")
    scenarios = {s["id"]: s for s in json.loads(result.output)["scenarios"]}
    nas = scenarios["transformer-big-nas"]
    for field in ("id", "name", "device_hours", "it_energy_kwh", "energy_kwh", "pue", "carbon_intensity_g_per_kwh",
                  "intensity_source", "intensity_year", "co2e_kg", "co2e_t", "co2e_lbs", "cloud_cost_low",
                  "cloud_cost_high", "electricity_cost", "currency"):
        assert field in nas
    assert nas["energy_kwh"] == pytest.approx(656_347.3, abs=0.1)
    assert nas["energy_kwh"] != round(nas["energy_kwh"])
    assert scenarios["lisa-all-rnd"]["electricity_cost"] == pytest.approx(9870.2, abs=0.5)


def test_calc_csv_round_trips_numbers(cli) -> None:
    result = cli("calc", STRUBELL, "--format", "csv")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.output))}
    assert float(rows["transformer-big"]["co2e_lbs"]) == pytest.approx(191.9, abs=0.05)


def test_calc_csv_writes_the_shortest_text_that_reads_back_as_the_json_float(cli) -> None:
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(cli("calc", STRUBELL, "--format", "csv").output))}
    records = {r["id"]: r for r in json.loads(cli("calc", STRUBELL, "--format", "json").output)["scenarios"]}
    for scenario_id, record in records.items():
        for field in ("co2e_kg", "energy_kwh", "co2e_median_kg", "pue", "carbon_intensity_g_per_kwh"):
            text = rows[scenario_id][field]
            assert float(text) == record[field] and text == repr(float(text)).removesuffix(".0")
    assert rows["transformer-big"]["count"] == "8" and rows["transformer-big"]["pue"] == "1.58"


def test_calc_json_has_the_columns_of_the_one_specification(cli) -> None:
    records = json.loads(cli("calc", STRUBELL, "--format", "json").output)["scenarios"]
    assert records and all(tuple(record) == FILE_RESULT_COLUMNS for record in records)


def test_bad_input_exits_2_with_one_message_and_no_traceback(cli, write_file) -> None:
    path = write_file("scenarios:\n  - id: a\n    name: A\n    hardware: nvidia-p100\n    hours: 0\n    location: BE\n")
    result = cli("calc", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == f"error: {path}:5: scenarios[0].hours: input should be greater than 0"


def test_missing_file_exits_2(cli, tmp_path) -> None:
    result = cli("calc", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "no such scenario file" in result.stderr


def test_module_entry_point_runs_as_a_real_process() -> None:
    done = subprocess.run([sys.executable, "-m", "reportgen", "calc", STRUBELL, "--format", "json"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["scenarios"]) == 8


def test_bad_input_in_a_real_process_has_no_traceback(tmp_path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("scenarios: [\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "reportgen", "calc", str(path)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert str(path) in done.stderr and "YAML syntax error" in done.stderr


def test_strict_turns_warnings_into_a_failure(cli, tmp_path) -> None:
    log = (tmp_path / "run.csv")
    rows = (EXAMPLES / "logs" / "h200-gpt2-2026-11-27.csv").read_text(encoding="utf-8").splitlines()
    cells = rows[5].split(",")
    cells[3] = " [N/A]"
    rows[5] = ",".join(cells)
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text("scenarios:\n  - id: a\n    name: A\n    location: BE\n    measurement: {nvidia_smi_csv: run.csv}\n",
                    encoding="utf-8")
    assert cli("calc", str(path)).exit_code == 0
    result = cli("--strict", "calc", str(path))
    assert result.exit_code == 1
    assert "1 warning(s) and --strict is on" in result.stderr
