"""Read Slurm accounting as ``sacct -a -P`` writes it: one allocation per row, streamed in blocks with pyarrow.

A ``|``-separated export with a header. Each job allocation is one row; its steps (``123.batch``, ``123.0``,
``123.extern``) repeat a share of it and are skipped, so nothing is counted twice. Array tasks (``123_4``) and
the components of a heterogeneous job (``123+1``) are allocations of their own; a heterogeneous job counts as
one job. ``State`` is read by its first word (``CANCELLED by 1234`` is CANCELLED). GPUs come from ``AllocTRES``:
``gres/gpu=N``, else the typed ``gres/gpu:a100=N``. A damaged line (a wrong number of fields, a duration that
is not a number) is dropped with a warning naming it, as other logs are.

Memory stays bounded: the file is read in blocks of BLOCK_BYTES, and each block is handed on as columns of
plain numbers and codes before the next is read. User names never leave this module: they are counted per
account, as a set of distinct names per account, and nothing else.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pv

from ..errors import InputError, Problem

log = logging.getLogger(__name__)

BLOCK_BYTES = 16 << 20  # a block of the export read at once: about 150,000 rows
REQUIRED = ("JobID", "Account", "User", "Partition", "State", "Start", "ElapsedRaw", "AllocTRES")
OPTIONAL = ("End", "NNodes", "ConsumedEnergyRaw")
# States of a job whose hours were spent without the result it was run for.
FAILED_STATES = ("FAILED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL")
SHOWN_LINES = 10  # damaged lines named one by one in a warning; the rest are counted


@dataclass
class Reading:
    """What reading exports gathered beside the blocks: distinct users per account, damaged lines, states."""

    users: dict[str, set[str]] = field(default_factory=dict)
    damaged: int = 0
    rows: int = 0
    steps: int = 0


def read_blocks(path: Path, reading: Reading) -> Iterator[pd.DataFrame]:
    """Yield the allocations of one ``sacct -P`` export, a block at a time, as columns the core computes with.

    Columns: account, partition, month ("YYYY-MM", or "" where the job never started), state, failed (bool),
    job (1 for a job that ran, 0 for one that never started or a further component of a heterogeneous job),
    hours (elapsed), gpus, cores, nodes, consumed_j (NaN where unknown) and line (the line of the export).
    """
    columns = _header(path)
    skipped: list[int] = []

    def invalid(row: pv.InvalidRow) -> str:
        skipped.append(row.number)  # the line in the file, the header being line 1
        _damaged(path, reading, row.number, f"{row.actual_columns} fields where the header has "
                 f"{row.expected_columns}")
        return "skip"

    wanted = [c for c in (*REQUIRED, *OPTIONAL) if c in columns]
    options = pv.ReadOptions(block_size=BLOCK_BYTES, use_threads=False)
    parse = pv.ParseOptions(delimiter="|", quote_char=False, invalid_row_handler=invalid, ignore_empty_lines=False)
    convert = pv.ConvertOptions(include_columns=wanted, column_types={c: pa.string() for c in wanted},
                                strings_can_be_null=False, quoted_strings_can_be_null=False)
    try:
        reader = pv.open_csv(path, read_options=options, parse_options=parse, convert_options=convert)
        kept = 0
        for batch in reader:
            lines = _lines(kept, batch.num_rows, skipped)
            kept += batch.num_rows
            reading.rows += batch.num_rows
            block = _allocations(batch, lines, path, reading)
            if len(block):
                yield block
    except (pa.ArrowInvalid, OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot be read as a sacct -P export: {exc}") from None


def _header(path: Path) -> list[str]:
    """Return the export's column names; raise InputError naming a required column it lacks."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            first = handle.readline().rstrip("\r\n")
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror}") from None
    columns = first.split("|")
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        names = ", ".join(missing)
        raise InputError(path, Problem(f"the header lacks {names}: export with sacct -a -P --format="
                                       f"{','.join((*REQUIRED, *OPTIONAL))}", line=1, field=missing[0]))
    return columns


def _lines(kept: int, rows: int, skipped: list[int]) -> np.ndarray:
    """Return the line of the export of each of ``rows`` rows kept after ``kept`` earlier ones.

    ``skipped`` holds the row numbers (1 = the header) the reader dropped; a kept row's line is its place among
    the rows kept plus the dropped rows before it.
    """
    index = np.arange(kept, kept + rows)
    dropped = np.sort(np.asarray(skipped, dtype=np.int64)) - 2  # as 0-based data rows
    thresholds = dropped - np.arange(len(dropped))  # a kept row at or after this index lies past that dropped row
    return index + np.searchsorted(thresholds, index, side="right") + 2


def _damaged(path: Path, reading: Reading, line: int, why: str) -> None:
    """Count a damaged line and name it in a warning (the first few only)."""
    reading.damaged += 1
    if reading.damaged <= SHOWN_LINES:
        log.warning("%s:%d: damaged line dropped (%s)", path, line, why)
    elif reading.damaged == SHOWN_LINES + 1:
        log.warning("%s: more damaged lines dropped; the total is given at the end", path)


def _allocations(batch: pa.RecordBatch, lines: np.ndarray, path: Path, reading: Reading) -> pd.DataFrame:
    """Return a block's job allocations (its steps left out) as plain columns, damaged rows dropped."""
    job_id = pc.utf8_trim_whitespace(batch.column("JobID"))
    step = pc.or_(pc.match_substring(job_id, "."), pc.equal(job_id, ""))  # a step, or a blank line
    reading.steps += int(pc.sum(pc.match_substring(job_id, ".")).as_py() or 0)
    table = pa.Table.from_batches([batch]).filter(pc.invert(step))
    lines = lines[~step.to_numpy(zero_copy_only=False)]
    elapsed = _number(table.column("ElapsedRaw"))
    bad = np.isnan(elapsed) | (elapsed < 0)
    for line in lines[bad]:
        _damaged(path, reading, int(line), "ElapsedRaw is not a number of seconds")
    if bad.any():
        keep = pa.array(~bad)
        table, lines, elapsed = table.filter(keep), lines[~bad], elapsed[~bad]
    # AllocTRES repeats a few hundred distinct values: each is parsed once, and each job takes its value's counts.
    tres = pc.dictionary_encode(table.column("AllocTRES")).combine_chunks()
    distinct, which = tres.dictionary, tres.indices.to_numpy(zero_copy_only=False)
    state = pc.utf8_upper(pc.utf8_trim_whitespace(_first_word(table.column("State"))))
    component = pc.struct_field(pc.extract_regex(table.column("JobID"), r"\+(?P<n>\d+)$"), "n")
    nodes = _tres(distinct, "node")[which]
    if "NNodes" in table.column_names:
        nodes = np.where(np.isnan(nodes), _number(table.column("NNodes")), nodes)
    frame = pd.DataFrame({
        "account": _codes(table.column("Account")),
        "partition": _codes(_first_word(table.column("Partition"), ",")),
        "month": _codes(_month(table.column("Start"), table.column("End") if "End" in table.column_names else None)),
        "state": _codes(state),
        "failed": pc.is_in(state, pa.array(FAILED_STATES)).to_numpy(zero_copy_only=False),
        "job": (pc.fill_null(pc.equal(component, "0"), True).to_numpy(zero_copy_only=False) & (elapsed > 0)).astype(
            np.int64),
        "hours": elapsed / 3600.0,
        "gpus": _gpus(distinct)[which],
        "cores": np.nan_to_num(_tres(distinct, "cpu"))[which],
        "nodes": np.where(np.isnan(nodes), 1.0, nodes),
        "consumed_j": _number(table.column("ConsumedEnergyRaw")) if "ConsumedEnergyRaw" in table.column_names
        else np.full(table.num_rows, np.nan),
        "line": lines,
    })
    _count_users(table, reading)
    return frame


def _number(column: pa.ChunkedArray) -> np.ndarray:
    """Return a text column as floats, NaN where a value is empty or not a number."""
    try:  # the common case: every value a number
        return np.asarray(pc.cast(column, pa.float64()).to_numpy(zero_copy_only=False), dtype=float)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        pass
    text = pc.utf8_trim_whitespace(column)
    numeric = pc.match_substring_regex(text, r"^\d+(\.\d+)?$")
    values = pc.cast(pc.if_else(numeric, text, pa.scalar(None, pa.string())), pa.float64())
    return np.asarray(pc.fill_null(values, np.nan).to_numpy(zero_copy_only=False), dtype=float)


def _first_word(column: pa.ChunkedArray, separator: str = " ") -> pa.ChunkedArray:
    """Return the part of each value before ``separator`` (``CANCELLED by 1234`` -> ``CANCELLED``)."""
    return pc.list_element(pc.split_pattern(column, separator, max_splits=1), 0)


def _month(start: pa.ChunkedArray, end: pa.ChunkedArray | None) -> pa.ChunkedArray:
    """Return the month a job started in ("YYYY-MM"), else the month it ended, else "" (it never ran)."""
    def month_of(column: pa.ChunkedArray) -> pa.ChunkedArray:
        head = pc.utf8_slice_codeunits(column, 0, 7)
        found = pc.match_substring_regex(head, r"^\d{4}-\d{2}$")
        return pc.if_else(found, head, pa.scalar(None, pa.string()))

    month = month_of(start)
    if end is not None:
        month = pc.coalesce(month, month_of(end))
    return pc.fill_null(month, "")


def _tres(tres: pa.Array, name: str) -> np.ndarray:
    """Return the count of one kind of resource in ``AllocTRES`` (``cpu=8``), NaN where it is not listed."""
    found = pc.struct_field(pc.extract_regex(tres, rf"(?:^|,){name}=(?P<n>\d+)(?:,|$)"), "n")
    return np.asarray(pc.fill_null(pc.cast(found, pa.float64()), np.nan).to_numpy(zero_copy_only=False),
                      dtype=float)


def _gpus(tres: pa.Array) -> np.ndarray:
    """Return the GPUs of each allocation: ``gres/gpu=N``, else a typed ``gres/gpu:a100=N``, else none.

    Slurm lists the typed count beside the untyped one when both are tracked; the untyped one is the total.
    """
    untyped = _tres(tres, "gres/gpu")
    typed = _tres(tres, r"gres/gpu:[^=,]+")
    return np.where(np.isnan(untyped), np.nan_to_num(typed), untyped)


def _codes(column: pa.ChunkedArray) -> pd.Categorical:
    """Return a text column as a pandas categorical (its values once, each row a code)."""
    encoded = pc.dictionary_encode(column).combine_chunks()
    return pd.Categorical.from_codes(encoded.indices.to_numpy(zero_copy_only=False),
                                     categories=encoded.dictionary.to_pylist())


def _count_users(table: pa.Table, reading: Reading) -> None:
    """Add each account's distinct users in this block to ``reading.users`` (names are kept nowhere else)."""
    pairs = table.select(["Account", "User"]).group_by(["Account", "User"]).aggregate([])
    for account, user in zip(pairs.column("Account").to_pylist(), pairs.column("User").to_pylist(), strict=True):
        if user:
            reading.users.setdefault(account, set()).add(user)
