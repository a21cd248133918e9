"""The limits every computed quantity stays within: a result that is not finite, or beyond what reportgen can
state, is the input file's mistake, named with its scenario's line, never an ``inf`` in a brief.

The inputs have limits of their own (inputs/numeric.py); products of inputs inside them can still leave these
(a tiny ``mfu``, a lifetime of a millionth of a year), so the results are checked once more.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from ..errors import InputError, Problem
from ..inputs import ScenarioFile
from ..inputs.numeric import MAX_FLOPS, MAX_HOURS

MAX_RESULT = 1e30  # any computed amount (kWh, kg, litres, money): far above every training's
LIMITS = {"hours": MAX_HOURS, "flops": MAX_FLOPS}  # quantities with a limit of their own


def check_limits(scenario_files: Sequence[ScenarioFile], frames: Sequence[pd.DataFrame]) -> None:
    """Raise InputError for the first file whose results hold a value that is not finite or beyond its limit."""
    for scenario_file, frame in zip(scenario_files, frames, strict=True):
        problems = _problems(scenario_file, frame)
        if problems:
            raise InputError(scenario_file.path, problems)


def _problems(scenario_file: ScenarioFile, frame: pd.DataFrame) -> list[Problem]:
    """Return one problem per scenario whose results leave the limits, naming the first quantity that does."""
    numbers = frame.select_dtypes(include="number", exclude="bool")
    values = numbers.to_numpy(dtype=float, na_value=math.nan)
    bounds = [LIMITS.get(str(column), MAX_RESULT) for column in numbers.columns]
    ids = [s.id for s in scenario_file.scenarios]
    problems = []
    for row, scenario_id in enumerate(frame["id"]):
        for column, value, bound in zip(numbers.columns, values[row], bounds, strict=True):
            if math.isnan(value) or abs(value) <= bound:
                continue
            index = ids.index(scenario_id) if scenario_id in ids else row
            key = ("scenarios", index)
            what = "is infinite" if math.isinf(value) else f"is {value:.2g}, beyond the limit of {bound:.0e}"
            problems.append(Problem(f"the computed {column} {what}: check the inputs it comes from (a tiny mfu, "
                                    "lifetime_years or use_share, or a huge value in a log)",
                                    line=scenario_file.document.line_of(key), field=f"scenarios[{index}]"))
            break
    return problems
