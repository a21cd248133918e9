"""Measured runs: nvidia-smi and CodeCarbon logs, scenario files that use them, and `reportgen measure`."""

from __future__ import annotations

import datetime as dt_module
import json
import logging
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from reportgen import estimate, load_scenarios
from reportgen.errors import InputError, ScenarioError
from reportgen.measure import read_codecarbon_csv, read_nvidia_smi_csv
from reportgen.measure.nvidia_smi import energy_between, power_samples
from reportgen.measure.sampler import measure_command
from reportgen.reference import Reference

FIXTURES = Path(__file__).parents[1] / "fixtures" / "h200-gpt2-2026-11-27"
LOG = FIXTURES / "nvidia-smi-power.csv"
PHASES = json.loads((FIXTURES / "phases.json").read_text(encoding="utf-8"))["phases"]


def lines() -> list[str]:
    return LOG.read_text(encoding="utf-8").splitlines()


def write_log(tmp_path: Path, rows: list[str], name: str = "log.csv", newline: bool = True) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(rows) + ("\n" if newline else ""), encoding="utf-8")
    return path


@pytest.mark.parametrize("phase", [p for p in PHASES if p["name"].startswith("gpt2")], ids=lambda p: p["name"])
def test_training_phase_energy_is_within_one_percent_of_nvml(phase: dict) -> None:
    samples = power_samples(LOG)
    energy = energy_between(samples, phase["start_unix"], phase["end_unix"])
    assert energy == pytest.approx(phase["nvml_energy_j"], rel=0.01)


def test_whole_log_energy_duration_and_idle_share() -> None:
    run = read_nvidia_smi_csv(LOG)
    nvml_total = sum(p["nvml_energy_j"] for p in PHASES)
    assert run.devices == 1 and run.samples == len(lines()) - 1 and run.skipped == 0
    assert run.duration_s == pytest.approx(184.9, abs=0.1)
    assert run.interval_s == pytest.approx(0.2, abs=0.01)
    # The log runs a few seconds longer than the four phases, at idle power.
    assert nvml_total < run.energy_kwh * 3.6e6 < nvml_total * 1.03
    assert 0.1 < run.idle_share < 0.3


def test_units_may_be_left_out(tmp_path: Path) -> None:
    rows = lines()
    nounits = [rows[0].replace(" [W]", "")] + [r.replace(" W", "").replace(" %", "").replace(" MiB", "")
                                              .replace(" MHz", "") for r in rows[1:]]
    assert read_nvidia_smi_csv(write_log(tmp_path, nounits)).energy_kwh == pytest.approx(
        read_nvidia_smi_csv(LOG).energy_kwh)


def test_any_column_order_and_many_gpus(tmp_path: Path) -> None:
    header, *body = lines()
    columns = [c.strip() for c in header.split(",")]
    order = [3, 0, 2, 1, 4]  # power.draw, timestamp, index, name, power.limit
    out = [", ".join(columns[i] for i in order)]
    for row in body:
        cells = [c.strip() for c in row.split(",")]
        out.append(", ".join(cells[i] for i in order))
        second = cells.copy()
        second[2] = "1"
        second[3] = f"{float(cells[3].split()[0]) / 2:.2f} W"
        out.append(", ".join(second[i] for i in order))
    run = read_nvidia_smi_csv(write_log(tmp_path, out))
    single = read_nvidia_smi_csv(LOG).energy_kwh
    assert run.devices == 2
    assert run.energy_kwh == pytest.approx(single * 1.5, rel=1e-3)
    assert run.per_device_kwh[0] == pytest.approx(single, rel=1e-6)


def test_a_truncated_last_line_is_skipped_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    rows = lines()
    cut = rows[-1][: rows[-1].index(" W,") - 2]  # "… 0, 12" of "… 0, 127.08 W, …"
    with caplog.at_level(logging.WARNING):
        run = read_nvidia_smi_csv(write_log(tmp_path, [*rows[:-1], cut], newline=False))
    assert run.skipped == 1
    assert "skipped 1 of" in caplog.text
    assert run.energy_kwh == pytest.approx(read_nvidia_smi_csv(write_log(tmp_path, rows[:-1], "b.csv")).energy_kwh)


def test_a_log_without_power_column_is_an_error(tmp_path: Path) -> None:
    rows = [", ".join(c for i, c in enumerate(r.split(",")) if i != 3) for r in lines()]
    with pytest.raises(InputError, match=r"no power\.draw column") as info:
        read_nvidia_smi_csv(write_log(tmp_path, rows))
    assert info.value.line == 1 and info.value.exit_code == 2


@pytest.mark.parametrize("marker", ["[N/A]", "[Not Supported]", "[Unknown Error]"])
def test_unavailable_values_are_skipped_and_counted(tmp_path: Path, marker: str,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    rows = lines()
    for i in (5, 6, 7):
        cells = rows[i].split(",")
        cells[3] = f" {marker}"
        rows[i] = ",".join(cells)
    with caplog.at_level(logging.WARNING):
        run = read_nvidia_smi_csv(write_log(tmp_path, rows))
    assert run.skipped == 3
    assert "skipped 3 of 922 samples" in caplog.text


def test_unsorted_timestamps_are_sorted_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    header, *body = lines()
    # Neighbours swapped: written a little out of order (a jump far back would be a clock step: a new segment).
    shuffled = [row for pair in zip(body[1::2], body[::2], strict=False) for row in pair] + body[len(body) // 2 * 2:]
    with caplog.at_level(logging.WARNING):
        run = read_nvidia_smi_csv(write_log(tmp_path, [header, *shuffled]))
    assert "out of time order" in caplog.text
    assert run.energy_kwh == pytest.approx(read_nvidia_smi_csv(LOG).energy_kwh)


def test_mixed_units_are_converted_not_misread(tmp_path: Path) -> None:
    rows = lines()
    for i in range(1, len(rows), 3):
        cells = rows[i].split(",")
        cells[3] = f" {float(cells[3].split()[0]) * 1000:.0f} mW"
        rows[i] = ",".join(cells)
    assert read_nvidia_smi_csv(write_log(tmp_path, rows)).energy_kwh == pytest.approx(
        read_nvidia_smi_csv(LOG).energy_kwh, rel=1e-4)


@pytest.mark.parametrize(("content", "message"), [("", "empty"), ("timestamp, index, power.draw [W]\n", "no samples"),
                                                  ("timestamp, index, power.draw [W]\n2026/11/27 07:15:13.783, 0, "
                                                   "80 W\n", "fewer than two")])
def test_logs_that_give_no_energy_are_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "log.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_nvidia_smi_csv(path)


CODECARBON = """timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,\
cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,country_iso_code,region,gpu_count,pue
2026-11-20T10:00:00,lab,run-a,1800.0,0.1,0.0,42.5,250.0,10.0,0.02,0.10,0.005,0.125,Netherlands,NLD,groningen,2,1.0
2026-11-20T11:00:00,lab,run-a,3600.0,0.2,0.0,42.5,250.0,10.0,0.04,0.20,0.010,0.250,Netherlands,NLD,groningen,2,1.0
2026-11-21T10:00:00,lab,run-b,3600.0,0.2,0.0,42.5,250.0,10.0,0.04,0.20,0.010,0.250,Netherlands,NLD,groningen,2,1.0
"""


def test_codecarbon_rows_of_one_run_are_cumulative_and_runs_add_up(tmp_path: Path) -> None:
    path = tmp_path / "emissions.csv"
    path.write_text(CODECARBON, encoding="utf-8")
    run = read_codecarbon_csv(path)
    assert run.energy_kwh == pytest.approx(0.5)
    assert run.duration_s == pytest.approx(7200)
    assert (run.devices, run.runs, [p.country for p in run.places]) == (2, 2, ["NLD"])
    assert run.per_device_kwh == pytest.approx((0.08, 0.40, 0.02))
    assert run.host_kwh == pytest.approx(0.10)  # CPU and memory: the host's, not divided over the GPUs


def test_codecarbon_without_energy_column_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "emissions.csv"
    path.write_text("timestamp,duration\n2026-01-01,10\n", encoding="utf-8")
    with pytest.raises(InputError, match="no energy_consumed column"):
        read_codecarbon_csv(path)


def scenario_with(tmp_path: Path, measurement: str, extra: str = "", location: str = "    location: BE\n") -> Path:
    (tmp_path / "logs").mkdir(exist_ok=True)
    (tmp_path / "logs" / "run.csv").write_bytes(LOG.read_bytes())
    (tmp_path / "logs" / "emissions.csv").write_text(CODECARBON, encoding="utf-8")
    path = tmp_path / "measured.yaml"
    path.write_text("defaults:\n  hours: 99\nscenarios:\n  - id: m\n    name: M\n    pue: 1.2\n    runs: 10\n"
                    + location + extra + f"    measurement:\n      {measurement}\n", encoding="utf-8")
    return path


def test_a_measured_scenario_takes_energy_from_its_log_and_keeps_pue_location_and_runs(tmp_path: Path) -> None:
    row = estimate(scenario_with(tmp_path, "nvidia_smi_csv: logs/run.csv")).iloc[0]
    run = read_nvidia_smi_csv(LOG)
    assert row["power_basis"] == "nvidia-smi"
    assert row["it_energy_kwh"] == pytest.approx(run.energy_kwh * 10)
    assert row["energy_kwh"] == pytest.approx(run.energy_kwh * 10 * 1.2)
    assert row["country"] == "BE" and row["count"] == 1


def test_a_codecarbon_scenario_takes_its_country_from_the_log(tmp_path: Path) -> None:
    row = estimate(scenario_with(tmp_path, "codecarbon_csv: logs/emissions.csv", location="")).iloc[0]
    assert row["power_basis"] == "codecarbon"
    assert row["country"] == "NL"
    assert row["it_energy_kwh"] == pytest.approx(0.5 * 10)


@pytest.mark.parametrize("field", ["hours: 3", "count: 8", "device_power_w: 300"])
def test_a_measurement_beside_a_conflicting_field_says_which_to_remove(tmp_path: Path, field: str) -> None:
    path = scenario_with(tmp_path, "nvidia_smi_csv: logs/run.csv", extra=f"    {field}\n")
    with pytest.raises(ScenarioError) as info:
        load_scenarios(path)
    name = field.split(":")[0]
    assert f"remove '{name}': the measurement gives" in str(info.value)
    assert info.value.field == f"scenarios[0].{name}"


def test_a_missing_log_names_the_log(tmp_path: Path, cli) -> None:
    path = scenario_with(tmp_path, "nvidia_smi_csv: logs/absent.csv")
    result = cli("calc", str(path))
    assert result.exit_code == 2
    assert "logs/absent.csv: no such log file" in result.stderr


def test_calc_marks_measured_scenarios(cli) -> None:
    result = cli("calc", str(Path(__file__).parents[2] / "examples" / "measured-h200.yaml"))
    assert result.exit_code == 0
    assert "nvidia-smi" in result.output.splitlines()[2]


class FakeNVML:
    """Two GPUs drawing 300 W and 150 W, with a cumulative energy counter like NVML's."""

    class NVMLError(Exception):
        pass

    def __init__(self, broken: bool = False) -> None:
        self.broken = broken
        self.start = time.monotonic()
        self.lock = threading.Lock()

    def nvmlInit(self) -> None:
        if self.broken:
            raise self.NVMLError("Driver Not Loaded")

    def nvmlShutdown(self) -> None:
        pass

    def nvmlDeviceGetCount(self) -> int:
        return 2

    def nvmlDeviceGetHandleByIndex(self, index: int) -> int:
        return index

    def nvmlDeviceGetName(self, handle: int) -> bytes:
        return b"NVIDIA Fake"

    def nvmlDeviceGetPowerUsage(self, handle: int) -> int:
        return 300_000 if handle == 0 else 150_000

    def nvmlDeviceGetEnforcedPowerLimit(self, handle: int) -> int:
        return 700_000

    def nvmlDeviceGetTotalEnergyConsumption(self, handle: int) -> int:
        watts = 300 if handle == 0 else 150
        return int((time.monotonic() - self.start) * watts * 1000)  # mJ


def test_measure_writes_a_log_that_the_reader_takes_back(tmp_path: Path) -> None:
    out = tmp_path / "run.csv"
    result = measure_command([sys.executable, "-c", "import time; time.sleep(1.0)"], out, 0.05, nvml=FakeNVML())
    assert result.returncode == 0
    again = read_nvidia_smi_csv(out)
    assert again == result.run
    assert again.devices == 2
    assert again.device_power_w == pytest.approx(225, rel=1e-6)
    assert again.energy_kwh * 3.6e6 == pytest.approx(450 * again.duration_s, rel=1e-6)
    assert again.energy_kwh * 3.6e6 == pytest.approx(result.counter_energy_j, rel=0.05)
    assert out.read_text(encoding="utf-8").startswith("timestamp, name, index, power.draw [W], power.limit [W]\n")


def test_measure_without_a_driver_starts_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pynvml", FakeNVML(broken=True))
    marker = tmp_path / "started"
    with pytest.raises(InputError, match="no NVIDIA driver") as info:
        measure_command([sys.executable, "-c", f"open({str(marker)!r}, 'w')"], tmp_path / "run.csv")
    assert info.value.exit_code == 2
    assert not marker.exists() and not (tmp_path / "run.csv").exists()


def test_measure_command_without_nvml_exits_2(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pynvml", None)
    marker = tmp_path / "started"
    result = cli("measure", "--out", str(tmp_path / "run.csv"), "--", sys.executable, "-c",
                 f"open({str(marker)!r}, 'w')")
    assert result.exit_code == 2
    assert "NVML is not installed" in result.stderr
    assert not marker.exists()


def four_gpu_rows(seconds: float = 120.0, step: float = 0.2) -> tuple[list[str], float]:
    """Return a four-GPU log without an index column (rows sharing a timestamp, in GPU order), and its energy in J."""
    rows = ["timestamp, power.draw [W]"]
    start = dt_module.datetime(2026, 11, 27, 7, 0, 0)
    times = np.arange(0.0, seconds + step / 2, step)
    watts = [lambda t, g=g: 300 + 100 * g + 50 * np.sin(t / 7 + g) for g in range(4)]
    for t in times:
        stamp = (start + dt_module.timedelta(seconds=float(t))).strftime("%Y/%m/%d %H:%M:%S.%f")[:-3]
        rows += [f"{stamp}, {watts[g](t):.2f} W" for g in range(4)]
    fine = np.linspace(0.0, times[-1], 200_001)
    true_j = sum(float(np.trapezoid(w(fine), fine)) for w in watts)
    return rows, true_j


def test_gpus_without_an_index_column_are_told_apart_by_shared_timestamps(tmp_path: Path,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    rows, true_j = four_gpu_rows()
    with caplog.at_level(logging.INFO):
        run = read_nvidia_smi_csv(write_log(tmp_path, rows))
    assert run.devices == 4
    assert run.energy_kwh * 3.6e6 == pytest.approx(true_j, rel=0.01)
    assert "4 GPU(s), told apart by the rows that share a timestamp" in caplog.text


@pytest.mark.parametrize("form", ["Z", "+02:00", "epoch"])
def test_iso_8601_and_epoch_timestamps_are_read(tmp_path: Path, form: str) -> None:
    base = dt_module.datetime(2026, 11, 27, 7, 0, 0, tzinfo=dt_module.UTC)
    rows = ["timestamp, index, power.draw [W]"]
    for i in range(11):
        moment = base + dt_module.timedelta(seconds=i)
        stamp = {"Z": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                 "+02:00": moment.astimezone(dt_module.timezone(dt_module.timedelta(hours=2))).isoformat(),
                 "epoch": f"{moment.timestamp():.1f}"}[form]
        rows.append(f"{stamp}, 0, 200.00 W")
    run = read_nvidia_smi_csv(write_log(tmp_path, rows))
    assert run.duration_s == pytest.approx(10.0) and run.energy_kwh * 3.6e6 == pytest.approx(2000.0)


def test_megawatts_are_not_milliwatts_and_an_impossible_draw_names_its_line(tmp_path: Path) -> None:
    rows = ["timestamp, index, power.draw"] + [f"2026/11/27 07:00:0{i}.000, 0, 0.0002 MW" for i in range(5)]
    assert read_nvidia_smi_csv(write_log(tmp_path, rows)).energy_kwh * 3.6e6 == pytest.approx(800.0)
    rows[3] = "2026/11/27 07:00:02.000, 0, 1e9 W"
    with pytest.raises(InputError) as raised:
        read_nvidia_smi_csv(write_log(tmp_path, rows))
    assert raised.value.line == 4 and "at most 5,000 W" in str(raised.value)
    rows[3] = "2026/11/27 07:00:02.000, 0, inf"
    with pytest.raises(InputError, match="not a power one GPU can draw"):
        read_nvidia_smi_csv(write_log(tmp_path, rows))


def test_a_log_cut_off_with_a_nul_padded_tail_is_salvaged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    text = "\n".join(lines()) + "\n"
    path = tmp_path / "killed.csv"
    path.write_bytes(text.encode("utf-8") + b"2026/11/27 07:18:1" + b"\x00" * 4096)
    with caplog.at_level(logging.WARNING):
        run = read_nvidia_smi_csv(path)
    assert run.energy_kwh == pytest.approx(read_nvidia_smi_csv(LOG).energy_kwh)
    assert "NUL bytes" in caplog.text and "is cut off" in caplog.text


def test_a_utf16_log_is_read(tmp_path: Path) -> None:
    path = tmp_path / "powershell.csv"
    path.write_bytes(("\n".join(lines()) + "\n").encode("utf-16"))
    assert read_nvidia_smi_csv(path).energy_kwh == pytest.approx(read_nvidia_smi_csv(LOG).energy_kwh)


def test_a_gpu_with_a_single_sample_is_left_out_with_a_warning(tmp_path: Path,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    rows = ["timestamp, index, power.draw [W]"] + [f"2026/11/27 07:00:0{i}.000, 0, 100 W" for i in range(3)]
    rows.append("2026/11/27 07:00:01.000, 1, 100 W")
    with caplog.at_level(logging.WARNING):
        run = read_nvidia_smi_csv(write_log(tmp_path, rows))
    assert run.devices == 1 and "GPU 1 has a single usable sample" in caplog.text


def test_a_codecarbon_file_with_runs_in_two_countries_gives_the_sum_of_its_parts(tmp_path: Path,
                                                                              ref: Reference) -> None:
    rows = ("timestamp,run_id,duration,energy_consumed,country_iso_code\n"
            "2026-11-20T10:00:00,a,3600,2.0,BEL\n2026-11-21T10:00:00,b,1800,1.0,FRA\n")
    (tmp_path / "emissions.csv").write_text(rows, encoding="utf-8")
    both = tmp_path / "both.yaml"
    both.write_text("scenarios:\n  - {id: x, name: X, pue: 1.0, measurement: {codecarbon_csv: emissions.csv}}\n",
                    encoding="utf-8")
    result = estimate(both).iloc[0]
    expected = 2.0 * ref.grid_default.at["BE", "g_per_kwh"] / 1000 + 1.0 * ref.grid_default.at["FR", "g_per_kwh"] / 1000
    assert result["co2e_kg"] == pytest.approx(expected, rel=1e-12)
    assert (result["measured_runs"], result["measured_places"]) == (2, 2)
