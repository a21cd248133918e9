"""The typed results the view reads: one field per column of the results table, holding calc's figures."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from reportgen import api
from reportgen.core.columns import FILE_RESULT_COLUMNS, FILE_WHAT_IF_COLUMNS
from reportgen.core.scenario_result import ScenarioResult, WhatIfResult

from ..conftest import EXAMPLES


def test_the_record_has_one_field_per_column_of_a_files_results_in_their_order() -> None:
    assert tuple(f.name for f in dataclasses.fields(ScenarioResult)) == FILE_RESULT_COLUMNS
    assert tuple(f.name for f in dataclasses.fields(WhatIfResult)) == FILE_WHAT_IF_COLUMNS


def test_the_what_if_table_has_the_columns_of_its_specification() -> None:
    computed = api._computed(EXAMPLES / "strubell2019.yaml")
    assert tuple(computed.what_ifs_frame.columns) == FILE_WHAT_IF_COLUMNS
    assert [(w.id, w.change, w.rank) for w in computed.what_ifs] == \
        list(computed.what_ifs_frame[["id", "change", "rank"]].itertuples(index=False, name=None))
    assert all(isinstance(w.rank, int) for w in computed.what_ifs)


def test_a_record_is_frozen() -> None:
    [result] = api._computed(EXAMPLES / "pretrain-be-compute.yaml").results[:1]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.co2e_kg = 0.0  # type: ignore[misc]


@pytest.mark.parametrize("example", ["bloom-whole-footprint.yaml", "strubell2019.yaml", "measured-h200.yaml"])
def test_every_field_holds_the_figure_of_calcs_table(example: str) -> None:
    computed = api._computed(EXAMPLES / example)
    assert [r.id for r in computed.results] == computed.results_frame["id"].tolist()
    for result, (_, row) in zip(computed.results, computed.results_frame.iterrows(), strict=True):
        for column in FILE_RESULT_COLUMNS:
            field, cell = getattr(result, column), row[column]
            if pd.isna(cell):
                assert field is None or (isinstance(field, float) and math.isnan(field)), column
            else:
                assert field == cell, column


def test_a_missing_column_is_an_error_not_a_blank() -> None:
    row = {column: 1.0 for column in FILE_RESULT_COLUMNS if column != "co2e_kg"}
    with pytest.raises(KeyError, match="co2e_kg"):
        ScenarioResult.from_row(row)
