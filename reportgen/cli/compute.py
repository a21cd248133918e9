"""The commands that compute: ``calc``, ``whatif``, ``calibrate`` and ``list``."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click

from ..choices import LIST_KINDS
from .app import format_option, main, reports_errors


@main.command(short_help="Compute energy, CO2e and cost of the scenarios in FILE.")
@click.argument("file")
@format_option("a readable table")
@click.option("--paper-method", is_flag=True,
              help="Show the table by the 2019 study's method (every input at its central value, no ranges).")
@reports_errors
def calc(file: str, fmt: str, paper_method: bool) -> None:
    """Compute energy, CO2e and cost for the scenarios in FILE: the medians with their 90% interval (JSON and CSV
    also carry the 2019 study's point estimates)."""
    from ..api import estimate
    from ..cluster_path import calc_text, is_cluster_file
    from ..exports import as_csv, as_json, as_table

    if is_cluster_file(file):
        click.echo(calc_text(file, fmt))
        return
    results = estimate(file)
    if fmt == "table":
        click.echo(as_table(results, paper_method))
    else:
        click.echo({"csv": as_csv, "json": as_json}[fmt](results))


@main.command(short_help="What each change would save, per scenario of FILE.")
@click.argument("file")
@format_option("ranked options per scenario")
@reports_errors
def whatif(file: str, fmt: str) -> None:
    """Show, for each scenario in FILE, what each change would save, ranked."""
    from ..api import what_if_frame
    from ..exports import as_csv, what_if_table

    changes = what_if_frame(file)
    formatter: dict[str, Callable[[Any], str]] = {"table": what_if_table, "csv": as_csv, "json": _what_if_json}
    click.echo(formatter[fmt](changes))


def _what_if_json(changes: Any) -> str:
    """Return the what-ifs as JSON, unrounded."""
    from ..exports import as_records

    return json.dumps({"what_ifs": as_records(changes)}, ensure_ascii=False, indent=2)


@main.command("list", short_help="List the hardware, location or PUE ids files may use.")
@click.argument("kind", type=click.Choice(list(LIST_KINDS)))
@format_option("an aligned table")
@click.option("--country", default=None, metavar="CODE",
              help="With locations: only the country's own row and the cloud regions and research systems in it.")
@reports_errors
def list_ids(kind: str, fmt: str, country: str | None) -> None:
    """List the hardware, location or PUE ids a scenario file may use, with what each stands for."""
    from ..exports import as_csv
    from ..exports.catalogue import catalogue, catalogue_json, catalogue_table, in_country
    from ..reference import load_reference

    frame = catalogue(kind, load_reference())
    if country is not None:
        frame = in_country(frame, kind, country)
    if fmt == "json":
        click.echo(catalogue_json(kind, frame))
    else:
        click.echo(catalogue_table(frame) if fmt == "table" else as_csv(frame))


@main.command(short_help="How often the 90% intervals held the figures of published trainings.")
@format_option("a summary and one line per published figure")
@reports_errors
def calibrate(fmt: str) -> None:
    """Estimate every published training of data/calibration.csv as a user would (from its device-hours, and from
    parameters x tokens), and report how often the 90% interval held the published figure, the median ratio of
    estimate to published figure, and how wide the intervals were."""
    from ..exports.calibration import calibration_csv, calibration_json, calibration_table
    from ..pipeline import calibration
    from ..reference import load_reference

    table, summary = calibration(load_reference())
    if fmt == "json":
        click.echo(calibration_json(table, summary))
    else:
        click.echo(calibration_table(table, summary) if fmt == "table" else calibration_csv(table))
