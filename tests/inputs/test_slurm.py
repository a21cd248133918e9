"""Reading sacct -P exports: every JobID and State form, GPU counts typed and untyped, damaged lines named."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest

from reportgen.errors import InputError
from reportgen.inputs.slurm import Reading, read_blocks

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cluster"


def allocations(path: Path) -> tuple[pd.DataFrame, Reading]:
    reading = Reading()
    frame = pd.concat(list(read_blocks(path, reading)), ignore_index=True)
    return frame.assign(**{c: frame[c].astype(str) for c in ("account", "partition", "month", "state")}), reading


def test_steps_are_not_counted_beside_their_job() -> None:
    frame, reading = allocations(FIXTURES / "sacct.txt")
    assert reading.steps == 6
    assert sorted(frame["line"]) == [2, 6, 8, 9, 10, 12, 13, 14, 15, 16, 20]  # allocations only, at their lines


def test_array_tasks_are_jobs_and_a_heterogeneous_job_counts_once() -> None:
    frame, _ = allocations(FIXTURES / "sacct.txt")
    by_line = frame.set_index("line")
    assert by_line.loc[[6, 8], "job"].tolist() == [1, 1]  # 101_3 and 101_4
    assert by_line.loc[[9, 10], "job"].tolist() == [1, 0]  # 102+0 and 102+1
    assert by_line.loc[[9, 10], "hours"].tolist() == [10.0, 10.0]  # each component's hours count


def test_state_is_read_by_its_first_word_and_failures_are_marked() -> None:
    frame, _ = allocations(FIXTURES / "sacct.txt")
    by_line = frame.set_index("line")
    assert by_line.at[12, "state"] == "CANCELLED"
    assert not by_line.at[12, "failed"]
    assert by_line.loc[[6, 8, 13, 14], "state"].tolist() == ["FAILED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL"]
    assert by_line.loc[[6, 8, 13, 14], "failed"].all()


def test_gpus_come_from_typed_or_untyped_tres_without_counting_both() -> None:
    frame, _ = allocations(FIXTURES / "sacct.txt")
    by_line = frame.set_index("line")
    assert by_line.at[2, "gpus"] == 2  # gres/gpu=2
    assert by_line.at[6, "gpus"] == 1  # gres/gpu:a100=1 only
    assert by_line.at[8, "gpus"] == 1  # gres/gpu:a100=1 and gres/gpu=1: one GPU
    assert by_line.at[9, "gpus"] == 0 and by_line.at[9, "cores"] == 64  # a CPU-only job


def test_a_running_job_without_an_end_counts_its_hours_so_far_in_the_month_it_started() -> None:
    frame, _ = allocations(FIXTURES / "sacct.txt")
    running = frame.set_index("line").loc[15]
    assert running["state"] == "RUNNING"
    assert running["hours"] == 4.0
    assert running["month"] == "2025-12"


def test_a_job_that_never_started_is_no_job_and_has_no_month() -> None:
    frame, _ = allocations(FIXTURES / "sacct.txt")
    pending = frame.set_index("line").loc[16]
    assert (pending["job"], pending["hours"], pending["month"]) == (0, 0.0, "")


def test_damaged_lines_are_dropped_with_a_warning_naming_them(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        _, reading = allocations(FIXTURES / "sacct.txt")
    path = FIXTURES / "sacct.txt"
    assert reading.damaged == 2
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}:17: damaged line dropped (6 fields where the header has 12)",
        f"{path}:18: damaged line dropped (ElapsedRaw is not a number of seconds)",
    ]


def test_user_names_are_only_counted_per_account() -> None:
    frame, reading = allocations(FIXTURES / "sacct.txt")
    assert "User" not in frame and "user" not in frame
    assert {a: len(u) for a, u in reading.users.items()} == {"acct-a": 2, "acct-b": 2, "acct-c": 2}


def test_an_export_without_a_required_column_names_it_at_line_1(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("JobID|User|Account|Partition|State|Start|ElapsedRaw\n1|a|b|gpu|COMPLETED|x|10\n")
    with pytest.raises(InputError) as info:
        list(read_blocks(path, Reading()))
    assert info.value.line == 1 and info.value.field == "AllocTRES"
    assert info.value.exit_code == 2
