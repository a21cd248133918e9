"""nvidia-smi logs with gaps, clock steps, restarts, repeated lines and odd timestamps: never bridged, never
counted twice, GPUs never invented (the log cases of ../shared/reviews/adversarial.md, D2, D3, D15, D30, D31)."""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import re
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pytest

from reportgen.measure import read_nvidia_smi_csv
from reportgen.pipeline import brief_document

START = dt.datetime(2026, 3, 29, 1, 30, 0)  # local time, 30 minutes before the spring daylight-saving change
ONE_GPU_J = 300.0 * 600  # 300 W for 600 s: 0.05 kWh


def stamp(seconds: float, start: dt.datetime = START) -> str:
    return (start + dt.timedelta(seconds=seconds)).strftime("%Y/%m/%d %H:%M:%S.%f")[:-3]


def write(tmp_path: Path, rows: Iterable[str], header: str = "timestamp, index, power.draw [W]") -> Path:
    path = tmp_path / "log.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def steady(seconds: Iterable[float], watts: float = 300.0, gpu: int = 0) -> list[str]:
    return [f"{stamp(s)}, {gpu}, {watts:.2f} W" for s in seconds]


def test_one_sample_stamped_hours_out_of_order_is_left_out_not_bridged(tmp_path: Path,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    rows = steady(range(601))
    rows[300] = f"{stamp(300 - 3 * 3600)}, 0, 300.00 W"  # L02: +1800% when bridged
    with caplog.at_level(logging.WARNING):
        run = read_nvidia_smi_csv(write(tmp_path, rows))
    assert run.energy_kwh * 3.6e6 == pytest.approx(ONE_GPU_J)
    assert run.segments == 1 and run.duration_s == pytest.approx(600) and run.skipped == 1
    assert "1 sample(s) stamped far from both their neighbours" in caplog.text


def test_a_clock_step_forward_starts_a_new_segment_and_the_skipped_time_is_reported(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    seconds = [s if s <= 300 else s + 7200 for s in range(601)]  # L03: NTP steps the clock 2 h forward
    with caplog.at_level(logging.WARNING):
        run = read_nvidia_smi_csv(write(tmp_path, steady(seconds)))
    assert run.energy_kwh * 3.6e6 == pytest.approx(300.0 * (300 + 299))  # the segments' own energy, no bridge
    assert (run.segments, run.gap_s, run.duration_s) == (2, pytest.approx(7201), pytest.approx(599))
    assert "the log falls into 2 segments" in caplog.text


def test_the_spring_daylight_saving_change_in_local_time_is_not_integrated_as_an_hour(tmp_path: Path) -> None:
    # L04: a 1-hour run at 1 Hz; at 02:00 local time the clock jumps to 03:00.
    rows = [f"{stamp(s if s < 1800 else s + 3600)}, 0, 300.00 W" for s in range(3601)]
    run = read_nvidia_smi_csv(write(tmp_path, rows))
    assert run.energy_kwh == pytest.approx(300.0 * 3599 / 3.6e6)
    assert run.segments == 2 and run.hours == pytest.approx(3599 / 3600)


def test_the_autumn_clock_going_back_keeps_one_gpu_and_both_hours(tmp_path: Path) -> None:
    # L05: index column present; after an hour the local clock goes back an hour and logging goes on.
    rng = np.random.default_rng(5)
    rows = [f"{stamp(s if s < 3600 else s - 3600)}, 0, {300 + rng.normal(0, 5):.2f} W" for s in range(7200)]
    run = read_nvidia_smi_csv(write(tmp_path, rows))
    watts = np.array([float(r.split(", ")[2].split()[0]) for r in rows])
    expected = np.sum((watts[1:3600] + watts[:3599]) / 2) + np.sum((watts[3601:] + watts[3600:-1]) / 2)
    assert run.devices == 1 and run.segments == 2
    assert run.energy_kwh * 3.6e6 == pytest.approx(expected)


def test_a_restarted_logger_appending_with_its_header_is_two_segments(tmp_path: Path) -> None:
    # L19: nvidia-smi stopped and started again 2 h later, writing its header again into the same file.
    header = "timestamp, index, power.draw [W]"
    rows = [*steady(range(601)), header, *steady(range(7800, 8401))]
    run = read_nvidia_smi_csv(write(tmp_path, rows, header))
    assert run.energy_kwh * 3.6e6 == pytest.approx(2 * ONE_GPU_J)
    assert (run.segments, run.gap_s, run.skipped) == (2, pytest.approx(7200), 0)


def test_a_header_repeated_without_a_pause_still_ends_a_segment(tmp_path: Path) -> None:
    header = "timestamp, index, power.draw [W]"
    run = read_nvidia_smi_csv(write(tmp_path, [*steady(range(301)), header, *steady(range(301, 601))], header))
    assert run.segments == 2 and run.energy_kwh * 3.6e6 == pytest.approx(300.0 * 599)


def test_an_index_column_of_one_gpu_wins_over_rows_sharing_whole_second_timestamps(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # L06: 5 Hz sampling, epoch timestamps in whole seconds, index 0 on every row: one GPU, not five.
    base = 1_790_000_000
    rows = [f"{base + i // 5}, 0, 300.00 W" for i in range(5 * 601)]
    with caplog.at_level(logging.INFO):
        run = read_nvidia_smi_csv(write(tmp_path, rows))
    assert run.devices == 1 and run.energy_kwh * 3.6e6 == pytest.approx(ONE_GPU_J)
    assert "1 GPU(s), told apart by the index column" in caplog.text and "no index column" not in caplog.text


@pytest.mark.parametrize("copy", ["every line twice", "the whole log twice"])
def test_exact_duplicate_lines_count_once_with_a_warning(tmp_path: Path, copy: str,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    rows = steady(range(601))  # L07
    doubled = [r for r in rows for _ in range(2)] if copy == "every line twice" else rows + rows
    with caplog.at_level(logging.WARNING):
        run = read_nvidia_smi_csv(write(tmp_path, doubled))
    assert run.devices == 1 and run.energy_kwh * 3.6e6 == pytest.approx(ONE_GPU_J)
    assert "601 line(s) repeat an earlier line exactly" in caplog.text


def test_two_idle_gpus_logging_the_same_line_without_an_index_are_not_duplicates(tmp_path: Path) -> None:
    rows = [f"{stamp(s)}, 60.00 W" for s in range(601) for _ in range(2)]
    run = read_nvidia_smi_csv(write(tmp_path, rows, "timestamp, power.draw [W]"))
    assert run.devices == 2 and run.energy_kwh * 3.6e6 == pytest.approx(2 * 60.0 * 600)


@pytest.mark.parametrize(("unit", "factor"), [("s", 1), ("ms", 10**3), ("us", 10**6), ("ns", 10**9)])
def test_epoch_timestamps_are_read_in_the_unit_their_size_shows(tmp_path: Path, unit: str, factor: int) -> None:
    base = 1_790_000_000  # L11: milliseconds read as seconds gave x1000
    rows = [f"{(base + s) * factor}, 0, 300.00 W" for s in range(601)]
    run = read_nvidia_smi_csv(write(tmp_path, rows))
    assert run.energy_kwh * 3.6e6 == pytest.approx(ONE_GPU_J) and run.duration_s == pytest.approx(600)


def test_a_gpu_that_drops_rows_without_an_index_column_does_not_shift_the_others(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # L14: two GPUs without an index column (300 W and 100 W); GPU 0 logs nothing for 60 s.
    rows = []
    for s in range(601):
        if not 200 <= s < 260:
            rows.append(f"{stamp(s)}, 300.00 W")
        rows.append(f"{stamp(s)}, 100.00 W")
    with caplog.at_level(logging.WARNING):
        run = read_nvidia_smi_csv(write(tmp_path, rows, "timestamp, power.draw [W]"))
    # The 60 timestamps with one row cannot be placed: left out for both GPUs, never given to GPU 0.
    assert run.devices == 2 and run.segments == 2
    assert run.per_device_kwh[0] * 3.6e6 == pytest.approx(300.0 * (199 + 340))
    assert run.per_device_kwh[1] * 3.6e6 == pytest.approx(100.0 * (199 + 340))
    assert "60 of 601 timestamps have not one row for each of the log's 2 GPUs" in caplog.text


@pytest.mark.slow
def test_a_log_of_a_hundred_thousand_gpus_is_integrated_without_a_loop_per_gpu(tmp_path: Path) -> None:
    gpus = 100_000  # D31: a Python loop per GPU took 19.9 s for this
    lines = [f"2026/11/27 07:00:0{s}.000, {g}, {100 + g % 7}.00 W" for s in (0, 2) for g in range(gpus)]
    path = write(tmp_path, lines)
    started = time.perf_counter()
    run = read_nvidia_smi_csv(path)
    elapsed = time.perf_counter() - started
    assert run.devices == gpus and run.samples == 2 * gpus
    assert run.energy_kwh * 3.6e6 == pytest.approx(2 * sum(100 + g % 7 for g in range(gpus)))
    assert elapsed < 15  # about 1 s alone on the reference machine; generous for a shared one


def gapped_scenario(tmp_path: Path, pause_s: int = 7200) -> Path:
    """Return a scenario measured by a log whose logger was restarted after a pause (negative: the clock went
    back)."""
    header = "timestamp, index, power.draw [W]"
    write(tmp_path, [*steady(range(601)), header, *steady(range(600 + pause_s, 1201 + pause_s))], header)
    path = tmp_path / "gapped.yaml"
    path.write_text("scenarios:\n  - id: gapped\n    name: Gapped\n    location: BE\n    pue: 1.0\n"
                    "    measurement: {nvidia_smi_csv: log.csv}\n", encoding="utf-8")
    return path


def test_calc_says_how_many_segments_and_how_much_time_was_not_measured(tmp_path: Path, cli) -> None:
    path = gapped_scenario(tmp_path)
    row = json.loads(cli("calc", str(path), "--format", "json").output)["scenarios"][0]
    assert (row["measured_segments"], row["measured_gap_hours"]) == (2, pytest.approx(2.0))
    assert row["it_energy_kwh"] == pytest.approx(2 * ONE_GPU_J / 3.6e6) and row["hours"] == pytest.approx(1200 / 3600)
    table = cli("calc", str(path)).output
    assert "gapped: its log falls into 2 segments, integrated apart; 2.00 h between them" in table


@pytest.mark.parametrize(("lang", "sentence"), [
    ("en", "The log falls into 2 segments, each integrated on its own: between them its timestamps skip about 2 "
           "hours"),
    ("nl", "Het logbestand valt uiteen in 2 delen, die elk afzonderlijk zijn geïntegreerd: daartussen springen de "
           "tijdstempels ongeveer 2 uur vooruit")])
def test_the_brief_says_the_log_was_integrated_in_segments_and_the_time_not_measured(tmp_path: Path, lang: str,
                                                                                     sentence: str) -> None:
    page = brief_document(gapped_scenario(tmp_path), lang, "html").data.decode("utf-8")
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).replace("\xa0", " ")
    assert sentence in text


def test_the_brief_says_when_segments_follow_each_other_without_missing_time(tmp_path: Path) -> None:
    page = brief_document(gapped_scenario(tmp_path, pause_s=-3600), "en", "html").data.decode("utf-8")
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    assert "The log falls into 2 segments, each integrated on its own: its logger was restarted or its clock was " \
           "set back, with no time missing between them." in text
