"""The energy figures for the AI Act technical documentation (Annex XI): Markdown, HTML and PDF, in the brief's
language, with the same conclusion on the law as the brief."""

from __future__ import annotations

import jinja2

from ..brief.disclosure import DisclosureView
from ..brief.site import PageLinks
from ..choices import N_
from ..render import STATIC_PREFIX, render_page
from .markdown import markdown_view
from .target import ExportFile, ExportTarget

LABEL = N_("Energy figures for the AI Act technical documentation (Annex XI)")


def statement_html(d: DisclosureView, env: jinja2.Environment, links: PageLinks | None = None,
                   for_pdf: bool = False) -> str:
    """Return the AI Act figures as HTML, with the links of ``links`` (its stylesheet, and on the site its address
    and the same file in each language); ``for_pdf`` leaves out the print stylesheet, which render_pdf supplies."""
    return render_page(env, "exports/ai_act.html", d=d, lang=d.lang, links=links,
                       static=links.static if links else STATIC_PREFIX, for_pdf=for_pdf)


def _files(d: DisclosureView, env: jinja2.Environment, links: PageLinks) -> dict[str, bytes]:
    """Return the statement's Markdown and HTML, by extension."""
    return {"md": render_page(env, "exports/ai_act.md", d=markdown_view(d)).encode("utf-8"),
            "html": statement_html(d, env, links).encode("utf-8")}


def _pdf_html(d: DisclosureView, env: jinja2.Environment) -> str:
    """Return the HTML the statement's PDF is made from."""
    return statement_html(d, env, for_pdf=True)


AI_ACT = ExportTarget(
    name="ai-act",
    files=(ExportFile("pdf", LABEL, "PDF", "application/pdf", localized=True),
           ExportFile("html", LABEL, "HTML", "text/html", localized=True),
           ExportFile("md", LABEL, "Markdown", "text/markdown", localized=True)),
    render=_files, pdf_html=_pdf_html)
