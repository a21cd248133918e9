"""Plain-text and machine formats of the results table for the terminal (``reportgen calc``)."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pandas as pd

from ..core import ALL_TOGETHER, OPTIONS
from ..render.numbers import whole_percent_saved

# (column, header) pairs shown in the terminal table, units in the headers: the medians the brief leads with, then
# serving where a file has it, then costs.
TABLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "scenario"),
    ("power_basis", "power"),
    ("device_hours_median", "device h"),
    ("pue_median", "PUE"),
    ("energy_median_kwh", "kWh"),
    ("carbon_intensity_median_g_per_kwh", "g CO2e/kWh"),
    ("co2e_median_kg", "CO2e kg"),
    ("co2e_low_kg", "5% kg"),
    ("co2e_high_kg", "95% kg"),
    ("inference_co2e_median_kg", "serving kg"),
    ("co2e_with_serving_median_kg", "with serving kg"),
    ("cloud_cost_low", "cloud low"),
    ("cloud_cost_high", "cloud high"),
    ("electricity_cost", "electricity"),
)
# The 2019 study's method (every input at its stated or central value), which reproduces the paper's figures.
PAPER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "scenario"),
    ("power_basis", "power"),
    ("device_hours", "device h"),
    ("it_energy_kwh", "IT kWh"),
    ("pue", "PUE"),
    ("energy_kwh", "kWh·PUE"),
    ("carbon_intensity_g_per_kwh", "g CO2e/kWh"),
    ("co2e_kg", "CO2e kg"),
    ("co2e_lbs", "CO2e lbs"),
    ("inference_co2e_kg", "serving kg"),
    ("cloud_cost_low", "cloud low"),
    ("cloud_cost_high", "cloud high"),
    ("electricity_cost", "electricity"),
)
MEDIAN_NOTE = ("CO2e kg: the median over the inputs' uncertainty, with its 5th and 95th percentile; device h, PUE, "
               "kWh and g CO2e/kWh: the medians behind it; the 2019 study's method (every input at its central "
               "value): --paper-method")
POWER_NOTE = ("power: tdp (the rated power times the share drawn), measured or derived (the file's device_power_w), "
              "published (a source's average draw), or the log's kind")
SERVING_NOTE = "serving: the requests the file gives, in the same data centre"
COST_NOTE = "cloud low and high: device hours at the file's cloud prices; electricity: kWh at its price"
WHOLE = re.compile(r"^(count|runs)(_low|_median|_high)?$|^measured_(devices|runs|segments)$")  # counted, never measured
PAPER_NOTE = "the 2019 study's method: every input at its stated or central value, as the paper computed it"


def rounded(value: Any) -> str:
    """Return a number rounded for reading: whole numbers from 100, three significant figures below."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "–"
    if isinstance(value, str):
        return value
    magnitude = abs(float(value))
    if not math.isfinite(magnitude) or (magnitude != 0 and not 1e-4 <= magnitude < 1e15):
        return f"{float(value):.2e}"  # far from everyday sizes: a power of ten, never 300 digits
    if magnitude >= 100 or magnitude == 0:
        return f"{value:,.0f}"
    decimals = max(0, 2 - math.floor(math.log10(magnitude)))
    return f"{value:,.{decimals}f}"


def as_table(results: pd.DataFrame, paper_method: bool = False) -> str:
    """Return the results as an aligned text table with units in the headers: the medians, or with
    ``paper_method`` the 2019 study's point estimates."""
    wanted = PAPER_COLUMNS if paper_method else TABLE_COLUMNS
    columns = [(c, h) for c, h in wanted if c in results and results[c].notna().any()]
    cells = [[rounded(v) for v in results[c]] for c, _ in columns]
    widths = [max(len(h), *(len(x) for x in col)) for (_, h), col in zip(columns, cells, strict=True)]
    numeric = [c not in ("id", "power_basis") for c, _ in columns]

    def line(values: list[str]) -> str:
        parts = [v.rjust(w) if n else v.ljust(w) for v, w, n in zip(values, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    header = line([h for _, h in columns])
    rule = line(["-" * w for w in widths])
    body = [line([col[i] for col in cells]) for i in range(len(results))]
    currencies = sorted({c for c in results.get("currency", pd.Series(dtype=str)).dropna()})
    shown = {c for c, _ in columns}
    footer = [PAPER_NOTE if paper_method else MEDIAN_NOTE, POWER_NOTE] if len(results) else []
    footer += [SERVING_NOTE] if shown & {"inference_co2e_median_kg", "inference_co2e_kg"} else []
    footer += [COST_NOTE + (f"; costs in {', '.join(currencies)}" if currencies else "")] if shown & {
        "cloud_cost_low", "cloud_cost_high", "electricity_cost"} else []
    return "\n".join([header, rule, *body, *footer, *_log_gaps(results)])


def _log_gaps(results: pd.DataFrame) -> list[str]:
    """Return a line for each scenario whose log falls into segments: how many, and the time not measured."""
    if "measured_segments" not in results:
        return []
    split = results[results["measured_segments"].fillna(1) > 1]
    return [f"{scenario}: its log falls into {segments:.0f} segments, integrated apart; {rounded(gap)} h between "
            "them (a pause, a restart of the logger or a clock step) were not measured and are not in the energy"
            for scenario, segments, gap in zip(split["id"], split["measured_segments"], split["measured_gap_hours"],
                                               strict=True)]


def as_records(results: pd.DataFrame) -> list[dict[str, Any]]:
    """Return the results as JSON-ready records: unrounded floats, whole numbers of devices and runs as integers
    (8, not 8.0), None for missing values."""
    return [{str(k): _whole(v) if WHOLE.match(str(k)) else _plain(v) for k, v in row.items()}
            for row in results.to_dict(orient="records")]


def _whole(value: Any) -> Any:
    """Return a count as an integer where it is whole; a range's expected count (7.5 runs) stays as it is."""
    plain = _plain(value)
    return int(plain) if isinstance(plain, float) and plain.is_integer() else plain


def as_json(results: pd.DataFrame) -> str:
    """Return the results as the JSON document of DESIGN.md: ``{"scenarios": [...]}``."""
    return json.dumps({"scenarios": as_records(results)}, ensure_ascii=False, indent=2)


def as_csv(results: pd.DataFrame) -> str:
    """Return the results as CSV with full precision."""
    return results.to_csv(index=False, lineterminator="\n", float_format=_shortest)


def _shortest(value: object) -> str:
    """Return the shortest text that reads back as the same float, without a trailing ".0" (8, not 8.0)."""
    text = repr(float(value))  # type: ignore[arg-type]  # pandas passes only floats here
    return text[:-2] if text.endswith(".0") else text


def _plain(value: Any) -> Any:
    """Return a JSON-serialisable plain Python value."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return _plain(value.item())
    return value


def what_if_table(changes: pd.DataFrame) -> str:
    """Return the what-ifs as text: per scenario, its options ranked by saving."""
    blocks = []
    for scenario_id, rows in changes.groupby("id", sort=False):
        before = float(rows["co2e_median_kg_before"].iloc[0])
        lines = [f"{scenario_id}: {rounded(before)} kg CO2e now (median)" + _rest_of_footprint(rows.iloc[0])]
        labels = [f"  {int(r['rank'])}. {_label(r['change'])}"
                  + (f" ({r['detail']})" if r["detail"] else "") for _, r in rows.iterrows()]
        width = max(len(label) for label in labels)
        for label, (_, r) in zip(labels, rows.iterrows(), strict=True):
            share = f"{whole_percent_saved(r['saving_share']):3d}%"
            lines.append(f"{label.ljust(width)}  saves {rounded(r['saving_median_kg']):>9} kg ({share})"
                         f", leaving {rounded(r['co2e_median_kg_after'])} kg")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) if blocks else "no option would cut these scenarios' emissions"


def _rest_of_footprint(row: pd.Series) -> str:
    """Return the known parts of a scenario's footprint beside its electricity's CO2e, as a clause ("" if none)."""
    parts = [(label, row.get(f"{column}_before"), unit) for label, column, unit in (
        ("market-based", "co2e_market_median_kg", "kg"), ("embodied", "embodied_median_kg", "kg"),
        ("water", "water_median_l", "L"), ("serving", "inference_co2e_median_kg", "kg"))]
    known = [f"{label} {rounded(value)} {unit}" for label, value, unit in parts
             if value is not None and not pd.isna(value)]
    return f"; beside it: {', '.join(known)}" if known else ""


def _label(change: str) -> str:
    """Return the terminal label of a what-if option, from the registry."""
    option = OPTIONS.get(change) or (ALL_TOGETHER if change == ALL_TOGETHER.key else None)
    return option.label if option else change
