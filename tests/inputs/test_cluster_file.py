"""Cluster files are checked like scenario files: every problem with its file, line and field, exit code 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reportgen.cluster_path import load_cluster
from reportgen.reference import Reference

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cluster"


def _centre(tmp_path: Path, old: str, new: str) -> Path:
    shutil.copytree(FIXTURES, tmp_path / "c")
    path = tmp_path / "c" / "centre.yaml"
    path.write_text(path.read_text().replace(old, new))
    return path


def test_a_valid_cluster_file_loads_with_its_groups(ref: Reference) -> None:
    cluster_file = load_cluster(FIXTURES / "centre.yaml", ref)
    assert cluster_file.groups["acct-c"]["department"] == "Dept Y"
    assert set(cluster_file.cluster.partitions) == {"gpu", "cpu"}


def test_an_unknown_hardware_is_named_with_its_line_and_a_suggestion(cli, tmp_path: Path) -> None:
    path = _centre(tmp_path, "nvidia-a100-80gb-sxm4", "nvidia-a100-80gb-sxm")
    result = cli("calc", str(path))
    assert result.exit_code == 2
    assert f"{path}:12: cluster.partitions.gpu.hardware: unknown hardware 'nvidia-a100-80gb-sxm'" in result.output
    assert "did you mean 'nvidia-a100-80gb-sxm4'" in result.output


def test_every_problem_is_reported_at_once(cli, tmp_path: Path) -> None:
    path = _centre(tmp_path, "      gpus_per_node: 4\n", "")
    path.write_text(path.read_text().replace("accounting: sacct.txt", "accounting: missing.txt").replace(
        "min_users: 3", "min_users: 0"))
    result = cli("calc", str(path))
    assert result.exit_code == 2
    assert f"{path}:9: cluster.min_users: input should be greater than or equal to 1" in result.output
    assert "Traceback" not in result.output


def test_a_missing_export_and_a_partition_without_its_gpus_are_named(cli, tmp_path: Path) -> None:
    path = _centre(tmp_path, "      gpus_per_node: 4\n", "")
    path.write_text(path.read_text().replace("accounting: sacct.txt", "accounting: missing.txt"))
    result = cli("calc", str(path))
    assert result.exit_code == 2
    assert f"{path}:6: cluster.accounting[0]: no such file" in result.output
    assert f"{path}:11: cluster.partitions.gpu: 'nvidia-a100-80gb-sxm4' is an accelerator: give 'gpus_per_node'" \
        in result.output


def test_a_groups_table_without_the_grouping_column_is_named(cli, tmp_path: Path) -> None:
    path = _centre(tmp_path, "group_by: department", "group_by: faculty")
    result = cli("calc", str(path))
    assert result.exit_code == 2
    assert "cluster.group_by: accounts.csv: the header has no column 'faculty'" in result.output


CALC_FIELDS = ("jobs", "gpu_hours", "failed_gpu_hours", "energy_kwh", "energy_low_kwh", "energy_median_kwh",
               "energy_high_kwh", "co2e_low_kg", "co2e_median_kg", "co2e_high_kg")


def test_calc_gives_json_per_group_and_in_total(cli) -> None:
    result = cli("calc", str(FIXTURES / "centre.yaml"), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [g["group"] for g in data["groups"]] == ["Dept X", "other"]
    for row in (*data["groups"], data["total"]):
        assert all(isinstance(row[field], int | float) for field in CALC_FIELDS), row
        assert row["energy_low_kwh"] <= row["energy_median_kwh"] <= row["energy_high_kwh"]
        assert row["co2e_low_kg"] <= row["co2e_median_kg"] <= row["co2e_high_kg"]
    for field in ("jobs", "gpu_hours", "failed_gpu_hours", "energy_kwh"):
        assert sum(g[field] for g in data["groups"]) == pytest.approx(data["total"][field]), field
    assert data["total"]["failed_gpu_hours"] == 28
