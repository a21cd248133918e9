"""Recommendations: which apply to each scenario, who should act on them, and what each saves there.

The recommendations are data (data/recommendations.csv): the kind of actor, the what-if option whose
saving the recommendation brings (its lever, where it has one), and the conditions on a scenario's
results under which it applies. A recommendation with a lever applies where its option would cut that
scenario's CO2e; its saving is the option's, computed by the same formula as everything else.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError
from ..reference import Reference
from .columns import SCENARIO_KEY

_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    ">=": operator.ge, "<=": operator.le, "!=": operator.ne, ">": operator.gt, "<": operator.lt, "=": operator.eq}
_CONDITION = re.compile(r"^\s*([a-z0-9_]+)\s*(>=|<=|!=|>|<|=)\s*(\S+)\s*$")


def parse_conditions(text: str) -> list[tuple[str, str, str]]:
    """Return the ``field op value`` conditions of an ``applies_when`` cell (separated by ``;``)."""
    parsed = []
    for part in filter(str.strip, text.split(";")):
        match = _CONDITION.match(part)
        if not match:
            raise DataError(f"recommendations.csv: cannot read the condition '{part.strip()}': use field op value")
        parsed.append((match[1], match[2], match[3]))
    return parsed


def applies(results: pd.DataFrame, text: str) -> np.ndarray:
    """Return, per scenario, whether every condition of ``text`` holds (a missing value holds none)."""
    holds = np.ones(len(results), dtype=bool)
    for column, op, value in parse_conditions(text):
        if column not in results.columns:
            raise DataError(f"recommendations.csv: the condition names '{column}', which no result has")
        cells = results[column]
        number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
        target: float | str = value
        known = np.ones(len(results), dtype=bool)
        if pd.notna(number):
            cells, target = pd.to_numeric(cells, errors="coerce"), float(number)
            known = cells.notna().to_numpy()
        holds &= known & np.asarray(_COMPARE[op](cells, target), dtype=bool)
    return holds


def recommendations(results: pd.DataFrame, changes: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return one row per scenario and recommendation that applies to it, in the order of the data.

    Columns: file, id, recommendation, actor, lever, source_id, detail, saving_median_kg, saving_share (the
    last three from the lever's what-if; empty and NaN for a recommendation without one).
    """
    frames = []
    for key in ref.recommendations.index:
        rec = ref.recommendations.loc[key]
        rows = results.loc[applies(results, str(rec["applies_when"])), list(SCENARIO_KEY)]
        lever = str(rec["lever"])
        if lever:
            lever_savings = changes.loc[changes["change"] == lever,
                                        [*SCENARIO_KEY, "detail", "saving_median_kg", "saving_share"]]
            rows = rows.merge(lever_savings, on=list(SCENARIO_KEY), how="inner")
        else:
            rows = rows.assign(detail="", saving_median_kg=np.nan, saving_share=np.nan)
        frames.append(rows.assign(recommendation=str(key), actor=rec["actor"], lever=lever, source_id=rec["source_id"]))
    columns = [*SCENARIO_KEY, "recommendation", "actor", "lever", "source_id", "detail", "saving_median_kg",
               "saving_share"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)
