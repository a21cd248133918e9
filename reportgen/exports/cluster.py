"""A centre's year in the terminal and as data: per group and in total (``reportgen calc CLUSTER.yaml``)."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from ..core.cluster_results import ClusterYear
from .tables import as_records, rounded

COLUMNS = ("jobs", "gpu_hours", "failed_gpu_hours", "cpu_core_hours", "energy_kwh", "energy_low_kwh",
           "energy_median_kwh", "energy_high_kwh", "co2e_kg", "co2e_low_kg", "co2e_median_kg", "co2e_high_kg",
           "embodied_co2e_kg", "embodied_low_kg", "embodied_median_kg", "embodied_high_kg", "failed_share")
TABLE = (("group", "group"), ("jobs", "jobs"), ("gpu_hours", "GPU h"), ("failed_share", "failed"),
         ("energy_median_kwh", "kWh"), ("co2e_median_kg", "CO2e kg"), ("co2e_low_kg", "5% kg"),
         ("co2e_high_kg", "95% kg"))
NOTE = ("medians of 20,000 draws, the inputs every job shares drawn once per draw; 5% and 95%: the 90% interval; "
        "energy includes the PUE")


def _frame(table: pd.DataFrame, key: str) -> pd.DataFrame:
    """Return a table of units with its unit column named ``key`` and the documented columns."""
    return table.rename(columns={"unit": key}).reindex(columns=[key, *COLUMNS])


def cluster_json(year: ClusterYear, about: dict[str, Any]) -> str:
    """Return the year as ``{"cluster": {…}, "groups": […], "partitions": […], "months": […], "total": {…}}``."""
    total = as_records(pd.DataFrame([year.total]).reindex(columns=list(COLUMNS)))[0]
    document = {"cluster": about, "groups": as_records(_frame(year.groups, "group")),
                "partitions": as_records(_frame(year.partitions, "partition")),
                "months": as_records(_frame(year.months, "month")), "total": total}
    return json.dumps(document, ensure_ascii=False, indent=2)


def cluster_csv(year: ClusterYear) -> str:
    """Return one CSV row per group and a last row, ``total``, for the whole centre; full precision."""
    total = pd.DataFrame([year.total]).assign(unit="total")
    frame = _frame(pd.concat([year.groups, total], ignore_index=True), "group")
    return frame.to_csv(index=False, lineterminator="\n", float_format=_shortest)


def _shortest(value: object) -> str:
    """Return the shortest text that reads back as the same float (8, not 8.0)."""
    text = repr(float(value))  # type: ignore[arg-type]  # pandas passes only floats here
    return text[:-2] if text.endswith(".0") else text


def cluster_table(year: ClusterYear) -> str:
    """Return the groups and the total as an aligned text table, units in the headers."""
    total = pd.DataFrame([year.total]).assign(unit="total")
    frame = _frame(pd.concat([year.groups, total], ignore_index=True), "group")
    cells = [[_shown(c, v) for v in frame[c]] for c, _ in TABLE]
    widths = [max(len(h), *(len(x) for x in col)) for (_, h), col in zip(TABLE, cells, strict=True)]

    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(values, widths,
                                                                                          strict=True))).rstrip()

    body = [line([col[i] for col in cells]) for i in range(len(frame))]
    return "\n".join([line([h for _, h in TABLE]), line(["-" * w for w in widths]), *body, NOTE])


def _shown(column: str, value: Any) -> str:
    """Return a cell: a share as a percentage, anything else rounded for reading."""
    if column == "failed_share" and isinstance(value, float) and value == value:
        return f"{value:.0%}"
    return rounded(value)
