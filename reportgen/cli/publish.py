"""The commands that publish: ``brief``, ``export``, ``site`` and ``serve``."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from ..choices import BRIEF_FORMATS
from .app import LazyChoice, main, reports_errors

PROGRESS_THRESHOLD = 3
PREVIEW_PAGES_LISTED = 5


@main.command(short_help="Write the policy brief of FILE as PDF or HTML.")
@click.argument("file")
@click.option("--lang", type=LazyChoice("reportgen.resources:languages"), default=None,
              help="Language of the brief (default: one brief per language).")
@click.option("--format", "fmt", type=click.Choice(list(BRIEF_FORMATS)), default=None,
              help="PDF (A4, tagged) or HTML (default: the suffix of a file --out names, else pdf).")
@click.option("--out", "out_dir", default="out", show_default=True, metavar="DIR|FILE.pdf",
              help="Folder to write the brief into, or the file to write (ending in .pdf or .html).")
@reports_errors
def brief(file: str, lang: str | None, fmt: str | None, out_dir: str) -> None:
    """Write the policy brief of FILE to OUT/<file stem>.<lang>.<format>, or to OUT where it names a file."""
    from ..publish import publish_brief

    for path in publish_brief(file, lang, fmt, out_dir):
        click.echo(str(path))


@main.command(short_help="Write a disclosure of one scenario in a format others read (model card, SPDX, the Form).")
@click.argument("file")
@click.option("--to", "to", type=LazyChoice("reportgen.exports.registry:target_names"), required=True,
              help="The disclosure to write (the README describes each).")
@click.option("--lang", type=LazyChoice("reportgen.resources:languages"), default="en", show_default=True,
              help="Language of the model card's section and of the statement.")
@click.option("--scenario", "scenario_id", default=None,
              help="The scenario the disclosure is about (needed when FILE has several).")
@click.option("--out", "out_dir", default="out", show_default=True, metavar="DIR",
              help="Folder to write the files into.")
@click.option("--force", is_flag=True, help="Replace files of the same name that reportgen did not write as they are.")
@reports_errors
def export(file: str, to: str, lang: str, scenario_id: str | None, out_dir: str, force: bool) -> None:
    """Write a disclosure of one scenario of FILE to OUT/<file stem>.<scenario>.<target>[.<lang>].<ext>: a
    model card, an SPDX document, the energy figures for the AI Act technical documentation (Annex XI), the Code
    of Practice's Model Documentation Form items, a BoAmps report, an SCI score or a CycloneDX ML-BOM."""
    from ..publish import publish_export

    for path in publish_export(file, to, lang, scenario_id, out_dir, force):
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
    from ..publish import SiteConfig, build_site

    config = SiteConfig(inputs=tuple(Path(i) for i in inputs), out=Path(out_dir), base_url=base_url,
                        pdf=not no_pdf, **({"jobs": jobs} if jobs else {}))
    with _progress() as progress:
        report = build_site(config, progress)
    pdfs = report.pdfs_rendered
    click.echo(f"{config.out}: {_counted(report.briefs, 'brief')} ({report.rendered} rendered, {report.reused} "
               f"unchanged), {_counted(pdfs, 'PDF')} rendered" + (
                   f" ({report.brief_pdfs_rendered:,} of briefs, {pdfs - report.brief_pdfs_rendered:,} of "
                   "disclosures; one per language)" if pdfs else ""), err=True)


def _counted(count: int, noun: str) -> str:
    """Return "1 brief" or "2 briefs"."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


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
    from ..publish.serve import ServeConfig, serve_preview

    config = ServeConfig(inputs=tuple(Path(i) for i in inputs), port=port, pdf=not no_pdf,
                         **({"jobs": jobs} if jobs else {}))

    # The terminal says what the preview does: a line per change, rebuild and mistake, without -v.
    logging.getLogger("reportgen.publish.serve").setLevel(logging.INFO)

    def ready(address: str, pages: list[str]) -> None:
        click.echo(f"Previewing at {address} (Ctrl-C to stop)")
        for page in pages[:PREVIEW_PAGES_LISTED]:
            click.echo(f"  {page}")
        sys.stdout.flush()

    serve_preview(config, ready)


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
