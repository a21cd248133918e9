"""Inputs read within bounds: regular files only, size ceilings, no content echoed, no number read two ways."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from reportgen import estimate, load_scenarios
from reportgen.errors import ScenarioError

SCENARIO = "  - {id: a, name: A, hardware: nvidia-p100, hours: 10, location: BE}\n"


def refused_within(seconds: float, call) -> BaseException:  # type: ignore[no-untyped-def]
    """Return the exception ``call`` raises, failing the test if it takes longer than ``seconds``."""
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the call hung"
    assert outcome, "the call was not refused"
    return outcome[0]


def test_a_fifo_as_scenario_file_or_log_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    error = refused_within(10, lambda: load_scenarios(fifo))
    assert isinstance(error, ScenarioError) and "not a regular file" in str(error)
    os.mkfifo(tmp_path / "log.csv")
    scenario = tmp_path / "s.yaml"
    scenario.write_text("scenarios:\n  - {id: m, name: M, location: BE, measurement: {nvidia_smi_csv: log.csv}}\n",
                        encoding="utf-8")
    assert "not a regular file" in str(refused_within(10, lambda: load_scenarios(scenario)))


def test_a_device_or_a_huge_sparse_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text("scenarios:\n  - {id: m, name: M, location: BE, measurement: {nvidia_smi_csv: /dev/zero}}\n",
                        encoding="utf-8")
    assert "not a regular file" in str(refused_within(10, lambda: load_scenarios(scenario)))
    sparse = tmp_path / "sparse.yaml"
    with sparse.open("wb") as handle:
        handle.truncate(2 * 1024 ** 3)
    assert "the limit is" in str(refused_within(10, lambda: load_scenarios(sparse)))


def test_a_log_that_is_no_log_never_has_its_content_quoted(tmp_path: Path) -> None:
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$secretsalt$hashhashhash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n",
                      encoding="utf-8")
    scenario = tmp_path / "s.yaml"
    scenario.write_text(f"scenarios:\n  - {{id: m, name: M, location: BE, measurement: {{nvidia_smi_csv: {secret}}}}}\n",
                        encoding="utf-8")
    with pytest.raises(ScenarioError) as raised:
        load_scenarios(scenario)
    assert "secretsalt" not in str(raised.value) and "daemon" not in str(raised.value)


@pytest.mark.slow
def test_a_large_json_sweep_is_accepted_and_a_large_yaml_points_to_json(tmp_path: Path) -> None:
    count = 130_000  # about 12 MB of JSON: above the YAML ceiling
    doc = {"scenarios": [{"id": f"s{i}", "name": "S", "hardware": "nvidia-a100-80gb", "hours": 10, "location": "BE"}
                         for i in range(count)]}
    big = tmp_path / "sweep.json"
    big.write_text(json.dumps(doc), encoding="utf-8")
    assert big.stat().st_size > 10 * 1024 * 1024
    assert len(load_scenarios(big).scenarios) == count
    yaml_file = tmp_path / "sweep.yaml"
    yaml_file.write_text("scenarios:\n" + SCENARIO * (11 * 1024 * 1024 // len(SCENARIO)), encoding="utf-8")
    with pytest.raises(ScenarioError, match="write larger sweeps as JSON"):
        load_scenarios(yaml_file)


@pytest.mark.parametrize("value", ["1:30", "010", "0x10", "0b11"])
def test_numbers_that_yaml_versions_read_differently_are_refused(write_file, value: str) -> None:
    path = write_file(f"scenarios:\n  - {{id: a, name: A, hardware: nvidia-p100, hours: {value}, location: BE}}\n")
    with pytest.raises(ScenarioError) as raised:
        load_scenarios(path)
    assert raised.value.line == 2 and raised.value.field == "scenarios[0].hours"
    assert "YAML versions read differently" in str(raised.value)


@pytest.mark.parametrize("content", ["brief:\n  date: 2026-02-30\n", "brief:\n  date: !!timestamp 2026-02-30\n"])
def test_an_impossible_date_is_a_clear_error(write_file, content: str) -> None:
    with pytest.raises(ScenarioError, match="day is out of range"):
        load_scenarios(write_file(content + "scenarios:\n" + SCENARIO))


@pytest.mark.parametrize("text", ["\\ud800", "abc\\u202edef"])
def test_text_that_cannot_be_printed_or_reorders_itself_is_refused(tmp_path: Path, cli, text: str) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"scenarios": [{"id": "a", "name": "' + text + '", "hardware": "nvidia-p100", "hours": 1, '
                    '"location": "BE"}]}', encoding="utf-8")
    for command in (("calc", str(path)), ("brief", str(path), "--lang", "en", "--out", str(tmp_path / "o"))):
        result = cli(*command)
        assert result.exit_code == 2 and "scenarios[0].name" in result.stderr


@pytest.mark.slow
def test_a_hundred_thousand_unknown_keys_give_a_summary(tmp_path: Path, cli) -> None:
    keys = ", ".join(f"k{i}: 1" for i in range(100_000))
    path = tmp_path / "keys.yaml"
    path.write_text(f"scenarios:\n  - {{id: a, name: A, hardware: nvidia-p100, hours: 1, location: BE, {keys}}}\n",
                    encoding="utf-8")
    result = cli("calc", str(path))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) <= 52 and "more problems" in result.stderr


def test_codecarbon_gpu_counts_that_are_no_counts_give_no_traceback(tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text("scenarios:\n  - {id: m, name: M, measurement: {codecarbon_csv: e.csv}}\n", encoding="utf-8")
    for count in ("0.5", "inf"):
        (tmp_path / "e.csv").write_text("run_id,duration,energy_consumed,gpu_energy,gpu_count,country_iso_code\n"
                                        f"a,3600,1.0,0.5,{count},BEL\n", encoding="utf-8")
        if count == "inf":  # outside physical limits: the log's line and field, never a traceback
            with pytest.raises(ScenarioError, match=r"e\.csv:2: gpu_count: inf is not a possible value"):
                estimate(scenario)
        else:
            assert estimate(scenario).iloc[0]["it_energy_kwh"] == pytest.approx(1.0)
