"""The Model Documentation Form's items on training time, computation and energy (the General-Purpose AI Code of
Practice, Transparency chapter): Markdown, HTML and PDF, in the brief's language.

Each figure is calc's, at the precision the Form asks: energy in MWh to two significant figures, computation as an
order of magnitude and to two significant figures, training time in months, wall-clock days and hardware-days;
an item the file cannot answer reads "N/A" with its reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import jinja2

from ..brief.disclosure import DisclosureView
from ..brief.site import PageLinks
from ..choices import N_
from ..render import STATIC_PREFIX, render_page
from ..render.numbers import significant
from .figures import known, measured
from .markdown import markdown_view
from .target import ExportFile, ExportTarget

LABEL = N_("Model Documentation Form: energy, computation and training time")
HOURS_PER_DAY = 24.0
DAYS_PER_MONTH = 365.25 / 12
FORWARD_FLOPS_PER_PARAMETER = 2.0  # a dense forward pass: one multiply and one add per parameter and token


@dataclass(frozen=True)
class FormFigures:
    """The Form's figures that are calc's in other units: days, months, an order of magnitude."""

    wall_days: float                 # one run, median
    months_low: float                # one run's wall-clock time, 5th and 95th percentile
    months_high: float
    hardware_days: float             # every run the file counts, median
    flops_magnitude: float | None    # the power of ten of one run's computation
    measured: bool
    forward_flops_per_token: float | None  # 2 x (active) parameters, an order of magnitude, not a benchmark


def form_figures(d: DisclosureView) -> FormFigures:
    """Return the Form's figures of one scenario, from calc's row."""
    r = d.result
    per_run = float(r.count) * float(r.runs)
    flops = known(r.training_flops)
    parameters = known(r.active_parameters) or known(r.parameters)
    return FormFigures(
        wall_days=float(r.hours_median) / HOURS_PER_DAY,
        months_low=float(r.device_hours_low) / per_run / HOURS_PER_DAY / DAYS_PER_MONTH,
        months_high=float(r.device_hours_high) / per_run / HOURS_PER_DAY / DAYS_PER_MONTH,
        hardware_days=float(r.device_hours_median) / HOURS_PER_DAY,
        flops_magnitude=None if flops is None else 10.0 ** math.floor(math.log10(significant(flops))),
        measured=measured(d),
        forward_flops_per_token=None if parameters is None else FORWARD_FLOPS_PER_PARAMETER * parameters,
    )


def form_html(d: DisclosureView, env: jinja2.Environment, links: PageLinks | None = None,
              for_pdf: bool = False) -> str:
    """Return the Form's items as HTML, with the links of ``links`` (its stylesheet, and on the site its address and
    the same file in each language); ``for_pdf`` leaves out the print stylesheet."""
    return render_page(env, "exports/model_documentation.html", d=d, f=form_figures(d), lang=d.lang, links=links,
                       static=links.static if links else STATIC_PREFIX, for_pdf=for_pdf)


def _files(d: DisclosureView, env: jinja2.Environment, links: PageLinks) -> dict[str, bytes]:
    """Return the Form's items as Markdown and HTML, by extension."""
    markdown = render_page(env, "exports/model_documentation.md", d=markdown_view(d), f=form_figures(d))
    return {"md": markdown.encode("utf-8"),
            "html": form_html(d, env, links).encode("utf-8")}


def _pdf_html(d: DisclosureView, env: jinja2.Environment) -> str:
    """Return the HTML the Form's PDF is made from."""
    return form_html(d, env, for_pdf=True)


MODEL_DOCUMENTATION = ExportTarget(
    name="model-documentation",
    files=(ExportFile("pdf", LABEL, "PDF", "application/pdf", localized=True),
           ExportFile("html", LABEL, "HTML", "text/html", localized=True),
           ExportFile("md", LABEL, "Markdown", "text/markdown", localized=True)),
    render=_files, pdf_html=_pdf_html)
