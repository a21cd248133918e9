"""A disclosure of ``reportgen export --to``: its name, the files it makes (named by routes) and how they render.

A new disclosure is one module with one ``ExportTarget`` and one line in registry.py: the command line, the
``export`` command, the site's files and a brief page's attachment block all read the registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import jinja2

from .. import routes
from ..brief.disclosure import DisclosureView
from ..brief.site import PageLinks, file_links
from ..files import Document, Output

PDF = "pdf"


@dataclass(frozen=True)
class ExportFile:
    """A file a disclosure makes: its extension, how a brief page labels it, and whether its name holds the
    language (a statement is written in one; a model card's metadata is in English)."""

    ext: str
    label: str        # catalog message
    format: str       # the format's name beside the label ("Markdown")
    media_type: str
    localized: bool = False


# Renders a disclosure's files other than its PDF, by extension; the third argument holds the links of its HTML
# (the stylesheets from the folder it is written to; on the site, its address and the same file in each language).
Render = Callable[[DisclosureView, jinja2.Environment, PageLinks], dict[str, bytes]]
# Renders the HTML a disclosure's PDF is made from (without the print stylesheet, which render_pdf supplies).
PdfHtml = Callable[[DisclosureView, jinja2.Environment], str]


@dataclass(frozen=True)
class ExportTarget:
    """A disclosure: its name on the command line, its files in the order a brief page offers them, how they
    render, and (where it has a PDF) the HTML its PDF is made from."""

    name: str
    files: tuple[ExportFile, ...]
    render: Render
    pdf_html: PdfHtml | None = None

    @property
    def has_pdf(self) -> bool:
        """Return whether the disclosure has a PDF (rendered with the briefs' PDFs on the site)."""
        return self.pdf_html is not None

    def output(self, file: ExportFile, stem: str, lang: str, folder: str | None = None) -> Output:
        """Return where one of its files goes, in ``folder`` or at the top."""
        return routes.disclosure(stem, self.name, lang if file.localized else None, file.ext, folder)

    def outputs(self, stem: str, lang: str, folder: str | None = None, pdf: bool = True) -> tuple[Output, ...]:
        """Return where its files go (its PDF only with ``pdf``)."""
        return tuple(self.output(f, stem, lang, folder) for f in self.files if pdf or f.ext != PDF)

    def documents(self, view: DisclosureView, env: jinja2.Environment, folder: str | None = None,
                  stem: str | None = None, languages: tuple[str, ...] = (),
                  base_url: str | None = None) -> list[Document]:
        """Return its files other than the PDF, rendered, in ``folder`` or at the top, their names starting with
        ``stem`` (default: the scenario file's); on the site (a ``folder`` per language of ``languages``) its HTML
        names its address and the same file in each language."""
        stem = stem or view.stem
        page = routes.disclosure(stem, self.name, view.lang, "html", folder)
        same = tuple((code, routes.disclosure(stem, self.name, code, "html", code if folder else None))
                     for code in languages)
        rendered = self.render(view, env, file_links(page, same, base_url))
        return [Document(self.output(f, stem, view.lang, folder), rendered[f.ext])
                for f in self.files if f.ext != PDF]

    def pdf_output(self, stem: str, lang: str, folder: str | None = None) -> Output:
        """Return where its PDF goes."""
        return next(self.output(f, stem, lang, folder) for f in self.files if f.ext == PDF)
