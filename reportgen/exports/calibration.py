"""The calibration report for the terminal, and as CSV and JSON (``reportgen calibrate``)."""

from __future__ import annotations

import json

import pandas as pd

from .tables import as_csv, as_records, rounded

QUANTITY_LABELS = {"device_hours": "device h", "energy_kwh": "kWh", "co2e_kg": "kg CO2e"}


def calibration_table(table: pd.DataFrame, summary: pd.DataFrame) -> str:
    """Return the summary per kind of estimate, then every published figure against its interval."""
    lines = ["kind of estimate    trainings  figures  inside  coverage  median ratio  device-h ratio  median width"]
    for _, row in summary.iterrows():
        lines.append(f"{row['kind']:<18}  {row['trainings']:>9}  {row['figures']:>7}  {row['inside']:>6}  "
                     f"{row['coverage'] * 100:>7.0f}%  {_ratio(row['median_ratio']):>12}  "
                     f"{_ratio(row['device_hours_ratio']):>14}  {_ratio(row['median_width']):>12}")
    lines += ["", "coverage: the share of published figures inside the 5-95% interval; ratio: the median estimate "
              "over the published figure; width: the 95th over the 5th percentile of each training's CO2e", ""]
    ids = max(len(str(i)) for i in table["id"]) if len(table) else 2
    lines.append(f"{'training'.ljust(ids)}  {'kind':<17}  {'figure':<8}  {'published':>12}  {'low':>12}  "
                 f"{'median':>12}  {'high':>12}  inside")
    for _, row in table.iterrows():
        lines.append(f"{str(row['id']).ljust(ids)}  {row['kind']:<17}  {QUANTITY_LABELS[row['quantity']]:<8}  "
                     + "  ".join(f"{rounded(row[c]):>12}" for c in ("published", "low", "median", "high"))
                     + f"  {'yes' if row['inside'] else 'NO'}")
    return "\n".join(lines)


def calibration_json(table: pd.DataFrame, summary: pd.DataFrame) -> str:
    """Return the summary and every comparison as JSON, unrounded."""
    return json.dumps({"summary": as_records(summary), "comparisons": as_records(table)}, ensure_ascii=False,
                      indent=2)


def calibration_csv(table: pd.DataFrame) -> str:
    """Return every comparison as CSV, unrounded."""
    return as_csv(table)


def _ratio(value: float) -> str:
    """Return a ratio with two decimals, or a dash where there is none."""
    return "–" if pd.isna(value) else f"{value:.2f}"
