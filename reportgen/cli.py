"""The ``reportgen`` command: parses arguments and calls one function per command."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from . import __version__, estimate
from .output import FORMATS, build_brief
from .errors import ReportgenError
from .tables import as_csv, as_json, as_table

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Return ``command`` wrapped so that a ReportgenError becomes a message and an exit code."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ReportgenError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportgen")
@click.option("-v", "--verbose", is_flag=True, help="Show informational messages.")
def main(verbose: bool) -> None:
    """Energy, CO2e and cost of training AI models, and policy briefs about them."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s: %(message)s")


@main.command()
@click.argument("file")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="Output format: a readable table, or CSV/JSON with unrounded numbers.")
@reports_errors
def calc(file: str, fmt: str) -> None:
    """Compute energy, CO2e and cost for the scenarios in FILE."""
    results = estimate(file)
    formatter = {"table": as_table, "csv": as_csv, "json": as_json}[fmt]
    click.echo(formatter(results))


@main.command()
@click.argument("file")
@click.option("--lang", type=click.Choice(["nl", "en"]), required=True, help="Language of the brief.")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="pdf", show_default=True,
              help="PDF (A4, tagged) or HTML.")
@click.option("--out", "out_dir", default="out", show_default=True, help="Folder to write the brief into.")
@reports_errors
def brief(file: str, lang: str, fmt: str, out_dir: str) -> None:
    """Write the policy brief of FILE to OUT/<file stem>.<lang>.<format>."""
    path = build_brief(file, lang, fmt, out_dir)
    click.echo(str(path))
