"""A centre's year: totals that match a hand computation, small groups merged, shared inputs drawn once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reportgen.cluster_path import calc_text, compute_year, load_cluster
from reportgen.reference import Reference

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cluster"
# By hand, at the central values (TDP, PUE 1.5, 100 g/kWh): GPU jobs take 400 W per A100 and their GPUs' share of
# the node's 800 W; CPU jobs 280 W per processor of 64 cores, for each 64 cores, and their cores' share of 256 W.
HAND_KWH = {"Dept X": (2 * 2 * 400 + 1 * 800 + 1 * 400 + 0.25 * 800 + 24 * 400 + 6 * 800 + 8 * 400 + 2 * 800  # acct-a
                       + 10 * 280 + 5 * 256 + 5 * 280 + 2.5 * 256 + 2 * 400 + 0.5 * 800 + 2 * 280 + 1 * 256)  # acct-b
            / 1000 * 1.5,
            "other": (2 * 400 + 0.5 * 800 + 1 * 400 + 0.25 * 800) / 1000 * 1.5}  # acct-c: Dept Y, two users


def test_totals_match_a_hand_computation(ref: Reference) -> None:
    year = compute_year(load_cluster(FIXTURES / "centre.yaml", ref), ref)
    groups = year.groups.set_index("unit")
    for group, kwh in HAND_KWH.items():
        assert groups.at[group, "energy_kwh"] == pytest.approx(kwh)
        assert groups.at[group, "co2e_kg"] == pytest.approx(kwh * 100 / 1000)
    assert year.total["energy_kwh"] == pytest.approx(48.204)
    assert year.total["jobs"] == 9
    assert year.total["gpu_hours"] == pytest.approx(42.0)
    assert year.total["failed_gpu_hours"] == pytest.approx(28.0)  # FAILED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL
    assert year.total["cpu_core_hours"] == pytest.approx(640 + 320 + 128 + 2 * 8 + 4 + 4 * 24 + 4 * 0.5 + 4 * 2
                                                         + 4 + 8 * 4)


def test_a_range_holds_the_median_and_the_point_estimate_is_the_rated_power(ref: Reference) -> None:
    total = compute_year(load_cluster(FIXTURES / "centre.yaml", ref), ref).total
    assert total["energy_low_kwh"] < total["energy_median_kwh"] < total["energy_high_kwh"] <= total["energy_kwh"]
    # Only the share of TDP drawn is uncertain here (PUE and intensity are given): 60% to 100% of the rated power.
    device_share = total["energy_high_kwh"] / total["energy_kwh"]
    assert 0.95 < device_share <= 1.0


def test_groups_with_fewer_users_than_the_minimum_are_merged_into_other(ref: Reference) -> None:
    year = compute_year(load_cluster(FIXTURES / "centre.yaml", ref), ref)
    assert list(year.groups["unit"]) == ["Dept X", "other"]
    assert year.merged_groups == 1


def test_no_user_name_appears_in_any_output_of_calc(ref: Reference) -> None:
    outputs = [calc_text(FIXTURES / "centre.yaml", fmt) for fmt in ("json", "csv", "table")]
    for name in ("alice", "bob", "carol", "dave", "erin", "frank"):
        assert not any(name in text for text in outputs)
    document = json.loads(outputs[0])
    assert {g["group"] for g in document["groups"]} == {"Dept X", "other"}
    for key in ("jobs", "gpu_hours", "energy_kwh", "energy_low_kwh", "energy_median_kwh", "energy_high_kwh",
                "co2e_low_kg", "co2e_median_kg", "co2e_high_kg", "failed_gpu_hours"):
        assert key in document["total"] and all(key in g for g in document["groups"])


def _repeated(tmp_path: Path, copies: int) -> Path:
    """Return a cluster file whose accounting holds ``copies`` identical one-GPU jobs."""
    shutil.copy(FIXTURES / "centre.yaml", tmp_path / "centre.yaml")
    shutil.copy(FIXTURES / "accounts.csv", tmp_path / "accounts.csv")
    text = (FIXTURES / "sacct.txt").read_text().splitlines()[0] + "\n"
    text += "".join(f"{i}|j|alice|acct-a|gpu|COMPLETED|2025-05-01T00:00:00|2025-05-01T01:00:00|3600|"
                    f"cpu=4,gres/gpu=1,node=1|1|\n" for i in range(copies))
    (tmp_path / "sacct.txt").write_text(text)
    return tmp_path / "centre.yaml"


def test_the_interval_of_many_identical_jobs_is_as_wide_relatively_as_one_jobs(ref: Reference,
                                                                              tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "many").mkdir()
    one = compute_year(load_cluster(_repeated(tmp_path / "one", 1), ref), ref).total
    many = compute_year(load_cluster(_repeated(tmp_path / "many", 500), ref), ref).total
    for low, high in (("energy_low_kwh", "energy_high_kwh"), ("co2e_low_kg", "co2e_high_kg")):
        assert many[high] / many[low] == pytest.approx(one[high] / one[low], rel=1e-9)
        assert many[low] == pytest.approx(500 * one[low], rel=1e-9)
    assert one["co2e_high_kg"] / one["co2e_low_kg"] > 1.3  # a real range, not a point


def test_a_metered_partition_counts_slurms_consumed_energy(ref: Reference, tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "accounts.csv", tmp_path / "accounts.csv")
    centre = (FIXTURES / "centre.yaml").read_text().replace("      host_power_w: 800\n",
                                                            "      host_power_w: 800\n      use_consumed_energy: true\n")
    (tmp_path / "centre.yaml").write_text(centre)
    header = (FIXTURES / "sacct.txt").read_text().splitlines()[0]
    (tmp_path / "sacct.txt").write_text(
        header + "\n" + "1|j|alice|acct-a|gpu|COMPLETED|2025-05-01T00:00:00|2025-05-01T01:00:00|3600|"
        "cpu=4,gres/gpu=1,node=1|1|7200000\n")  # 7.2 MJ = 2 kWh measured
    total = compute_year(load_cluster(tmp_path / "centre.yaml", ref), ref).total
    assert total["energy_kwh"] == pytest.approx(2.0 * 1.5)
    assert total["energy_low_kwh"] == pytest.approx(2.0 * 1.5 * 0.982, rel=1e-3)  # 5th percentile of a meter's ±2%
    assert total["gpu_hours"] == pytest.approx(1.0)
