"""Formats that are not the brief: the terminal table, CSV and JSON of the results and what-ifs."""

from __future__ import annotations

from .tables import as_csv, as_json, as_records, as_table, what_if_table

__all__ = ["as_csv", "as_json", "as_records", "as_table", "what_if_table"]
