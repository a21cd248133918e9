"""CodeCarbon logs that used to be misread: PUE-scaled parts, one run_id in two places, restarted or doubled runs,
and values no machine has (the CodeCarbon cases of ../shared/reviews/adversarial.md: D13, D14, D28, D29)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from reportgen import estimate
from reportgen.errors import InputError
from reportgen.measure import read_codecarbon_csv

HEADER = "timestamp,run_id,duration,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_iso_code,gpu_count,pue"


def write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "emissions.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_every_part_of_the_energy_is_divided_by_the_logs_pue(tmp_path: Path) -> None:
    # C16: 800 W of GPUs and 200 W of host for an hour, written by CodeCarbon with pue=1.5 (every part times 1.5).
    path = write(tmp_path, "2026-01-01T11:00:00,r,3600,0.15,1.2,0.15,1.5,BEL,1,1.5")
    run = read_codecarbon_csv(path)
    assert run.energy_kwh == pytest.approx(1.0)
    assert run.host_kwh == pytest.approx(0.2) and run.device_power_w == pytest.approx(800.0)
    assert run.per_device_kwh == pytest.approx((0.1, 0.8, 0.1))


def test_a_gpu_energy_above_the_total_names_its_line(tmp_path: Path) -> None:
    # C04: gpu_energy 5.0 with energy_consumed 1.0 was taken at 5 kWh.
    path = write(tmp_path, "2026-01-01T10:00:00,a,1800,0.1,0.4,0.0,0.5,BEL,1,1.0",
                 "2026-01-01T11:00:00,b,3600,0.1,5.0,0.0,1.0,BEL,1,1.0")
    with pytest.raises(InputError) as raised:
        read_codecarbon_csv(path)
    assert (raised.value.line, raised.value.field, raised.value.exit_code) == (3, "gpu_energy", 2)
    assert "larger than energy_consumed" in str(raised.value)


def test_one_run_id_in_two_countries_is_two_runs_each_at_its_own_grid(tmp_path: Path) -> None:
    # C02: two runs sharing a run_id, one in Belgium and one in Norway, their flushes interleaved.
    rows = [f"2026-01-01T10:{m:02d}:00,same,{60 * m},,,,{e:.2f},{c},1,1.0"
            for m, e, c in ((1, 0.06, "BEL"), (1, 0.04, "NOR"), (2, 0.12, "BEL"), (2, 0.08, "NOR"),
                            (3, 0.36, "BEL"), (3, 0.24, "NOR"))]
    run = read_codecarbon_csv(write(tmp_path, *rows))
    assert run.runs == 2 and run.energy_kwh == pytest.approx(0.60)
    assert {p.country: p.energy_kwh for p in run.places} == pytest.approx({"BEL": 0.36, "NOR": 0.24})


def test_a_cumulative_run_whose_duration_falls_back_is_two_stretches(tmp_path: Path,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    # C15: durations 60, 120, 30, 90: the run was started again after 120 s.
    rows = ["2026-01-01T10:01:00,r,60,,,,0.12,BEL,1,1.0", "2026-01-01T10:02:00,r,120,,,,0.24,BEL,1,1.0",
            "2026-01-01T10:03:00,r,30,,,,0.06,BEL,1,1.0", "2026-01-01T10:04:00,r,90,,,,0.18,BEL,1,1.0"]
    with caplog.at_level(logging.WARNING):
        run = read_codecarbon_csv(write(tmp_path, *rows))
    assert run.energy_kwh == pytest.approx(0.42) and run.duration_s == pytest.approx(210)
    assert "1 run(s) started again" in caplog.text


def test_a_cumulative_run_appended_to_itself_counts_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # C13: one run's flushes concatenated twice were added up as intervals (x3).
    rows = [f"2026-01-01T10:0{m}:00,r,{60 * m},,,,{0.08 * m:.2f},BEL,1,1.0" for m in (1, 2, 3)]
    with caplog.at_level(logging.WARNING):
        run = read_codecarbon_csv(write(tmp_path, *rows, *rows))
    assert run.energy_kwh == pytest.approx(0.24) and run.duration_s == pytest.approx(180)
    assert "3 line(s) repeat an earlier line exactly" in caplog.text


def test_an_export_of_intervals_still_adds_up(tmp_path: Path) -> None:
    rows = [f"2026-01-01T10:{m:02d}:30,r,{d},,,,0.01,BEL,1,1.0" for m, d in ((0, 29), (1, 30), (2, 29), (3, 30))]
    run = read_codecarbon_csv(write(tmp_path, *rows))
    assert run.energy_kwh == pytest.approx(0.04) and run.duration_s == pytest.approx(118)


@pytest.mark.parametrize(("field", "value"), [("pue", "inf"), ("pue", "0"), ("pue", "0.5"), ("gpu_count", "1e12"),
                                              ("gpu_count", "-4"), ("energy_consumed", "-0.1"),
                                              ("energy_consumed", "inf"), ("gpu_energy", "-1"),
                                              ("gpu_energy", "inf"), ("duration", "inf"), ("duration", "-60")])
def test_a_value_outside_physical_limits_is_an_error_naming_file_line_and_field(tmp_path: Path, field: str,
                                                                                value: str) -> None:
    # C08 (pue inf), C11 (gpu_count 1e12) and C05 (gpu_energy inf) were taken without a word.
    good = {"timestamp": "2026-01-01T10:00:00", "run_id": "r", "duration": "3600", "cpu_energy": "0.1",
            "gpu_energy": "0.8", "ram_energy": "0.1", "energy_consumed": "1.0", "country_iso_code": "BEL",
            "gpu_count": "1", "pue": "1.0"}
    bad = {**good, "run_id": "s", field: value}
    path = write(tmp_path, ",".join(good.values()), ",".join(bad.values()))
    with pytest.raises(InputError) as raised:
        read_codecarbon_csv(path)
    assert (raised.value.line, raised.value.field, raised.value.exit_code) == (3, field, 2)
    assert raised.value.path == path


def test_calc_refuses_an_infinite_pue_in_the_log_with_exit_2(tmp_path: Path, cli) -> None:
    write(tmp_path, "2026-01-01T10:00:00,r,3600,0.1,0.8,0.1,1.0,BEL,1,inf")
    scenario = tmp_path / "s.yaml"
    scenario.write_text("scenarios:\n  - {id: x, name: X, pue: 1.0, measurement: {codecarbon_csv: emissions.csv}}\n",
                        encoding="utf-8")
    result = cli("calc", str(scenario))
    assert result.exit_code == 2 and "Traceback" not in result.output + result.stderr
    assert "emissions.csv:2: pue" in result.stderr


def test_a_pue_scaled_log_gives_the_it_energy_in_calc(tmp_path: Path) -> None:
    write(tmp_path, "2026-01-01T11:00:00,r,3600,0.15,1.2,0.15,1.5,BEL,1,1.5")
    scenario = tmp_path / "s.yaml"
    scenario.write_text("scenarios:\n  - {id: x, name: X, pue: 1.0, measurement: {codecarbon_csv: emissions.csv}}\n",
                        encoding="utf-8")
    row = estimate(scenario).iloc[0]
    assert row["it_energy_kwh"] == pytest.approx(1.0)  # was 1.2
