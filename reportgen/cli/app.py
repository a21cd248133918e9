"""The ``reportgen`` command group, its options and what every command shares: lazy choices, errors as exit codes."""

from __future__ import annotations

import importlib
import logging
import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from .. import __version__
from ..errors import ReportgenError

# Each command imports what it needs when it runs: --help and usage errors never wait for pandas or WeasyPrint.

F = TypeVar("F", bound=Callable[..., Any])


class LazyChoice(click.Choice[str]):
    """The names ``"module:function"`` returns, looked up only when needed: --help imports nothing heavy."""

    def __init__(self, source: str) -> None:
        super().__init__((), case_sensitive=True)
        self.source = source

    @property
    def choices(self) -> tuple[str, ...]:
        """Return the names as they are now."""
        module, function = self.source.split(":")
        return tuple(getattr(importlib.import_module(module), function)())

    @choices.setter
    def choices(self, _: Any) -> None:
        """Ignore the choices click.Choice sets: they are looked up."""


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


class WarningCounter(logging.Handler):
    """Counts the warnings reportgen logs, so that --strict can fail on them."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        """Count one warning (not a passing notice, such as waiting for another build's lock)."""
        if not getattr(record, "transient", False):
            self.count += 1


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="reportgen")
@click.option("-v", "--verbose", is_flag=True, help="Show informational messages.")
@click.option("--strict", is_flag=True, help="Fail (exit code 1) when anything was logged as a warning.")
@click.pass_context
def main(ctx: click.Context, verbose: bool, strict: bool) -> None:
    """Energy, CO2e and cost of training AI models, and policy briefs about them."""
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show CO₂ or · still gets the message
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s: %(message)s")
    if strict:
        counter = WarningCounter()
        logging.getLogger("reportgen").addHandler(counter)
        ctx.call_on_close(lambda: _fail_on_warnings(counter))


def run() -> None:
    """Run the command line (the console entry point), with Click's own errors worded as ours are."""
    try:
        code = main.main(standalone_mode=False)
    except click.UsageError as exc:
        if exc.ctx is not None:
            click.echo(f"{exc.ctx.get_usage()}\nTry '{exc.ctx.command_path} -h' for help.\n", err=True)
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except BrokenPipeError:  # the reader went away (a pipe into head): stop quietly, as Python's docs advise
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def _fail_on_warnings(counter: WarningCounter) -> None:
    """Exit with code 1 if --strict is on and warnings were logged."""
    logging.getLogger("reportgen").removeHandler(counter)
    if counter.count:
        click.echo(f"error: {counter.count} warning(s) and --strict is on", err=True)
        sys.exit(1)


def format_option(table: str) -> Callable[[F], F]:
    """Return the --format option of a command whose readable output is ``table``."""
    return click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
                        show_default=True, help=f"Output format: {table}, or CSV/JSON with unrounded numbers.")
