"""Real logs as users produce them (../shared/real-logs, see its README): each read or refused as it should be.

The files are read where they lie, never copied into the project. Outside CI a missing folder skips these
tests with a reason; with CI set, it fails them.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reportgen import estimate
from reportgen.errors import InputError
from reportgen.measure import read_codecarbon_csv, read_nvidia_smi_csv
from reportgen.reference import Reference

from ..conftest import ROOT

REAL = ROOT.parent / "shared" / "real-logs"

if not REAL.is_dir():
    if os.environ.get("CI"):
        raise RuntimeError(f"{REAL} is missing: the real-log tests cannot run in CI without it")
    pytest.skip(f"{REAL} is not beside the checkout; the real-log tests need it", allow_module_level=True)


def real(name: str) -> Path:
    return REAL / name


def test_the_earliest_codecarbon_format_is_read_with_its_index_column_and_country_names() -> None:
    path = real("2020-08-12_1af0333b_examples_emissions.csv")
    rows = pd.read_csv(path)
    run = read_codecarbon_csv(path)
    assert run.energy_kwh == pytest.approx(rows["energy_consumed"].sum())
    assert run.runs == len(rows)
    places = {(p.country, p.cloud_provider, p.cloud_region) for p in run.places}
    assert ("Canada", "gcp", "asia-east1") in places and ("Canada", "", "") in places


def test_each_run_of_a_file_of_several_countries_is_charged_at_its_own_grid(tmp_path: Path, ref: Reference) -> None:
    path = real("2020-12-01_316404fc_examples_emissions.csv")
    rows = pd.read_csv(path, encoding="utf-8-sig")
    scenario = tmp_path / "s.yaml"
    scenario.write_text(f"scenarios:\n  - id: cc\n    name: CC\n    pue: 1.0\n    measurement: {{codecarbon_csv: {path}}}\n",
                        encoding="utf-8")
    result = estimate(scenario).iloc[0]
    regions = ref.cloud_regions
    grid = ref.grid_default["g_per_kwh"]

    def intensity(row: pd.Series) -> float:
        key = f"{row['cloud_provider']}:{row['cloud_region']}"
        if isinstance(row["cloud_provider"], str) and key in regions.index:
            own = regions.at[key, "g_per_kwh"]
            return float(own) if pd.notna(own) else float(grid[regions.at[key, "country"]])
        return float(grid[ref.country_codes.at[row["country_iso_code"], "alpha2"]])

    expected_kg = sum(row["energy_consumed"] * intensity(row) / 1000 for _, row in rows.iterrows())
    assert result["it_energy_kwh"] == pytest.approx(496.0)
    assert result["co2e_kg"] == pytest.approx(expected_kg, rel=1e-9)
    assert result["measured_places"] == 5 and result["measured_runs"] == len(rows)
    assert result["intensity_basis"] == "mixed"


def test_an_export_of_the_codecarbon_api_adds_up_its_intervals() -> None:
    path = real("2021-07-13_dbfeedf6_dash_api_extract.csv")
    rows = pd.read_csv(path)
    run = read_codecarbon_csv(path)
    assert run.energy_kwh == pytest.approx(rows["energy_consumed"].sum())
    assert run.duration_s == pytest.approx(rows["duration"].sum())
    assert run.runs == rows["run_id"].nunique()


def test_a_line_holding_two_records_is_dropped_and_named(caplog: pytest.LogCaptureFixture) -> None:
    path = real("2021-07-14_833ca82a_examples_emissions.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    joined = next(i for i, line in enumerate(lines, start=1) if line.count(",") > lines[0].count(","))
    with caplog.at_level(logging.WARNING):
        run = read_codecarbon_csv(path)
    assert f"line {joined}" in caplog.text
    good = pd.read_csv(path, on_bad_lines="skip")
    assert run.energy_kwh == pytest.approx(good["energy_consumed"].sum()) and run.skipped == 1


def test_rows_with_an_empty_run_id_are_runs_of_their_own() -> None:
    path = real("2024-06-08_a4c8d302_examples_emissions.csv")
    rows = pd.read_csv(path, dtype={"run_id": str}, keep_default_na=False)
    rows["energy_consumed"] = pd.to_numeric(rows["energy_consumed"], errors="coerce")
    usable = rows.dropna(subset=["energy_consumed"])
    with_id = usable[usable["run_id"] != ""].groupby("run_id")["energy_consumed"].last()  # cumulative flushes
    without_id = usable[usable["run_id"] == ""]["energy_consumed"]
    run = read_codecarbon_csv(path)
    assert run.runs == len(with_id) + len(without_id)
    assert run.energy_kwh == pytest.approx(with_id.sum() + without_id.sum())


def test_the_newest_codecarbon_header_is_read() -> None:
    run = read_codecarbon_csv(real("2026-05-11_1dd67541_tests_test_data_emissions_valid_headers.csv"))
    assert run.energy_kwh == pytest.approx(0.00057442898176)
    assert [p.country for p in run.places] == ["MAR"]


def test_eight_gpus_told_apart_by_a_gpu_column_with_offset_timestamps() -> None:
    path = real("gpu_glasses__nvidia_smi.csv")
    rows = pd.read_csv(path, skipinitialspace=True)
    t = (pd.to_datetime(rows["timestamp"], utc=True) - pd.Timestamp("1970-01-01", tz="UTC")).dt.total_seconds()
    expected = 0.0
    for _, group in rows.assign(t=t).groupby("gpu"):
        expected += float(np.trapezoid(group["power.draw"], group["t"]))
    run = read_nvidia_smi_csv(path)
    assert run.devices == 8
    assert run.energy_kwh * 3.6e6 == pytest.approx(expected, rel=1e-9)


def test_a_log_without_header_or_timestamps_is_refused_with_what_to_add() -> None:
    with pytest.raises(InputError) as raised:
        read_nvidia_smi_csv(real("fast_llm_inference__power_log_noheader_nounits.csv"))
    message = str(raised.value)
    assert "no timestamps" in message and "--query-gpu=timestamp" in message and raised.value.exit_code == 2
