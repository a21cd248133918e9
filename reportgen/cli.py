"""The ``reportgen`` command: parses arguments and calls one function per command."""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .choices import BRIEF_FORMATS, LIST_KINDS
from .errors import ReportgenError

# Each command imports what it needs when it runs: --help and usage errors never wait for pandas or WeasyPrint.

PROGRESS_THRESHOLD = 3
PREVIEW_PAGES_LISTED = 5

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
        """Count one warning."""
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


@main.command(short_help="Compute energy, CO2e and cost of the scenarios in FILE.")
@click.argument("file")
@format_option("a readable table")
@reports_errors
def calc(file: str, fmt: str) -> None:
    """Compute energy, CO2e and cost for the scenarios in FILE."""
    from .api import estimate
    from .exports import as_csv, as_json, as_table

    results = estimate(file)
    formatter = {"table": as_table, "csv": as_csv, "json": as_json}[fmt]
    click.echo(formatter(results))


@main.command(short_help="What each change would save, per scenario of FILE.")
@click.argument("file")
@format_option("ranked options per scenario")
@reports_errors
def whatif(file: str, fmt: str) -> None:
    """Show, for each scenario in FILE, what each change would save, ranked."""
    from .api import what_if_frame
    from .exports import as_csv, what_if_table

    changes = what_if_frame(file)
    formatter: dict[str, Callable[[Any], str]] = {"table": what_if_table, "csv": as_csv, "json": _what_if_json}
    click.echo(formatter[fmt](changes))


def _what_if_json(changes: Any) -> str:
    """Return the what-ifs as JSON, unrounded."""
    from .exports import as_records

    return json.dumps({"what_ifs": as_records(changes)}, ensure_ascii=False, indent=2)


@main.command(short_help="Write the policy brief of FILE as PDF or HTML.")
@click.argument("file")
@click.option("--lang", type=LazyChoice("reportgen.resources:languages"), required=True, help="Language of the brief.")
@click.option("--format", "fmt", type=click.Choice(list(BRIEF_FORMATS)), default="pdf", show_default=True,
              help="PDF (A4, tagged) or HTML.")
@click.option("--out", "out_dir", default="out", show_default=True, metavar="DIR|FILE.pdf",
              help="Folder to write the brief into, or the file to write (ending in .pdf or .html).")
@reports_errors
def brief(file: str, lang: str, fmt: str, out_dir: str) -> None:
    """Write the policy brief of FILE to OUT/<file stem>.<lang>.<format>, or to OUT where it names a file."""
    from .publish import publish_brief

    click.echo(str(publish_brief(file, lang, fmt, out_dir)))


@main.command(short_help="Write a model card, SPDX document or AI Act statement.")
@click.argument("file")
@click.option("--to", "to", type=LazyChoice("reportgen.exports.registry:target_names"), required=True,
              help="The disclosure to write (the README describes each).")
@click.option("--lang", type=LazyChoice("reportgen.resources:languages"), default="en", show_default=True,
              help="Language of the model card's section and of the statement.")
@click.option("--scenario", "scenario_id", default=None,
              help="The scenario the disclosure is about (needed when FILE has several).")
@click.option("--out", "out_dir", default="out", show_default=True, metavar="DIR",
              help="Folder to write the files into.")
@reports_errors
def export(file: str, to: str, lang: str, scenario_id: str | None, out_dir: str) -> None:
    """Write a disclosure of one scenario of FILE: a model card, an SPDX document or an AI Act statement."""
    from .publish import publish_export

    for path in publish_export(file, to, lang, scenario_id, out_dir):
        click.echo(str(path))


@main.command(short_help="Publish the briefs of files or folders as a static site.")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, metavar="DIR",
              help="Folder to publish the site into (replaced atomically).")
@click.option("--base-url", default=None, metavar="URL",
              help="Public address of the site, for absolute URLs in sitemap.xml.")
@click.option("--no-pdf", is_flag=True, help="Build the HTML pages only, without PDFs.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes for rendering PDFs (default: all cores).")
@reports_errors
def site(inputs: tuple[str, ...], out_dir: str, base_url: str | None, no_pdf: bool, jobs: int | None) -> None:
    """Publish every brief of the INPUTS (files or folders) in every language of locales/ as a static site."""
    from .publish import SiteConfig, build_site

    config = SiteConfig(inputs=tuple(Path(i) for i in inputs), out=Path(out_dir), base_url=base_url,
                        pdf=not no_pdf, **({"jobs": jobs} if jobs else {}))
    with _progress() as progress:
        report = build_site(config, progress)
    click.echo(f"{config.out}: {report.briefs} briefs ({report.rendered} rendered, {report.reused} unchanged), "
               f"{report.pdfs_rendered} PDFs rendered", err=True)


@main.command(short_help="Preview the site of files or folders, rebuilt whenever they change.")
@click.argument("inputs", nargs=-1, required=True, metavar="FILE_OR_DIR...")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 to serve on (0 picks a free one).")
@click.option("--no-pdf", is_flag=True, help="Preview the HTML pages only, without PDFs.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes for rendering PDFs (default: all cores).")
@reports_errors
def serve(inputs: tuple[str, ...], port: int, no_pdf: bool, jobs: int | None) -> None:
    """Build the site of the INPUTS into a temporary folder and serve it on 127.0.0.1; rebuild it and reload
    the open page whenever a scenario file, template, catalog or reference table changes. Ctrl-C stops."""
    from .publish.serve import ServeConfig, serve_preview

    config = ServeConfig(inputs=tuple(Path(i) for i in inputs), port=port, pdf=not no_pdf,
                         **({"jobs": jobs} if jobs else {}))

    def ready(address: str, pages: list[str]) -> None:
        click.echo(f"Previewing at {address} (Ctrl-C to stop)")
        for page in pages[:PREVIEW_PAGES_LISTED]:
            click.echo(f"  {page}")
        sys.stdout.flush()

    serve_preview(config, ready)


@main.command("list", short_help="List the hardware, location or PUE ids files may use.")
@click.argument("kind", type=click.Choice(list(LIST_KINDS)))
@format_option("an aligned table")
@reports_errors
def list_ids(kind: str, fmt: str) -> None:
    """List the hardware, location or PUE ids a scenario file may use, with what each stands for."""
    from .exports import as_csv
    from .exports.catalogue import catalogue, catalogue_json, catalogue_table
    from .reference import load_reference

    frame = catalogue(kind, load_reference())
    if fmt == "json":
        click.echo(catalogue_json(kind, frame))
    else:
        click.echo(catalogue_table(frame) if fmt == "table" else as_csv(frame))


@contextmanager
def _progress() -> Iterator[Callable[[int, int, str], None]]:
    """Yield a progress callback that draws a bar on a terminal once there are more than a few items."""
    bars: dict[str, Any] = {}

    def update(done: int, total: int, label: str) -> None:
        if total <= PROGRESS_THRESHOLD or not sys.stderr.isatty():
            return
        bar = bars.get("bar")
        if bar is None or bar.length != total:
            if bar is not None:
                bar.render_finish()
            bar = bars["bar"] = click.progressbar(length=total, label="building", file=sys.stderr)
        bar.update(done - bar.pos)

    yield update
    if "bar" in bars:
        bars["bar"].render_finish()


@main.command(short_help="Run a command and log every GPU's power through NVML.",
              context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@click.option("--out", "out_file", required=True, metavar="FILE", help="CSV log to write (nvidia-smi format).")
@click.option("--interval", type=float, default=0.2, show_default=True, help="Seconds between samples.")
@click.argument("command", nargs=-1, required=True, type=click.UNPROCESSED)
@reports_errors
def measure(out_file: str, interval: float, command: tuple[str, ...]) -> None:
    """Run COMMAND while sampling every GPU's power through NVML; write the log and print its energy."""
    from .measure.sampler import measure_command

    result = measure_command(list(command), Path(out_file), interval)
    run = result.run
    click.echo(f"{out_file}: {run.devices} GPU(s), {run.duration_s:.1f} s, {run.samples} samples, "
               f"energy {run.energy_kwh * 3.6e6:,.0f} J = {run.energy_kwh:.6f} kWh", err=True)
    if result.counter_energy_j is not None:
        click.echo(f"NVML energy counter over the same window: {result.counter_energy_j:,.0f} J", err=True)
    click.echo("# paste into a scenario file:\n"
               f"  - id: measured-run\n    name: \"Measured run\"\n    location: BE\n"
               f"    measurement:\n      nvidia_smi_csv: {out_file}")
    sys.exit(result.returncode)
