"""PDF through WeasyPrint: A4, tagged PDF/UA-1, fonts embedded, with a URL fetcher that serves only our assets; a
PDF that carries files (a brief with its scenario file, calc's JSON and its disclosures) is tagged PDF/A-3a, the
archival variant made for embedded files, each with its relationship to the document.

WeasyPrint only ever sees the project's own assets: its URL fetcher serves files under templates/static
and refuses everything else (other files, the network), so no user text can make it fetch anything.

The print stylesheet and its fonts are parsed once per build (a ``PdfRenderer``) and handed to every document,
as a site build or a preview renders many; the HTML given to render_pdf leaves its link to the stylesheet out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import mimetypes
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..errors import RenderError
from ..resources import templates_dir

PRINT_STYLESHEET = "brief.css"
WITH_FILES = "pdf/a-3a"  # PDF/A-3, level A (tagged): the archival variant that may embed files of any kind
WITHOUT_FILES = "pdf/ua-1"


@dataclass(frozen=True)
class PdfAttachment:
    """A file a PDF carries: its name, bytes, description, its relationship to the document (PDF/A-3's
    AFRelationship: Source, Data or Supplement) and its date."""

    name: str
    data: bytes
    description: str
    relationship: str
    date: dt.date


# A PDF to render: its HTML and the files it carries.
PdfInput = tuple[str, tuple[PdfAttachment, ...]]

log = logging.getLogger(__name__)


class AssetFetcher:
    """A WeasyPrint URL fetcher that serves only files under templates/static and refuses all else.

    It has the interface of WeasyPrint's ``URLFetcher`` (a call, ``fetch`` and ``_fail_on_errors``) without
    inheriting its network handlers: a refused URL raises, WeasyPrint logs it and skips the resource.
    """

    _fail_on_errors = False  # WeasyPrint reads this to decide whether a failed fetch stops the rendering

    def __init__(self, root: Path | None = None) -> None:
        self.root = (root or templates_dir() / "static").resolve()
        self.refused: list[str] = []

    def __call__(self, url: str, *args: Any, **kwargs: Any) -> Any:
        """Return the asset at ``url``; raise ValueError (WeasyPrint skips the resource) otherwise."""
        from weasyprint.urls import URLFetcherResponse

        path = self._local_path(url)
        if path is None:
            self.refused.append(url)
            log.warning("refused to fetch %s: only the project's own assets are served", url[:200])
            raise ValueError(f"refused: {url[:200]}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})

    fetch = __call__

    def _local_path(self, url: str) -> Path | None:
        """Return the file an allowed URL names, or None when it is outside the assets."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path


class PdfRenderer:
    """Renders HTML documents to PDF with the print stylesheet and fonts of one templates folder, parsed once.

    It travels to worker processes without its parsed style, which each worker parses once for its share.
    """

    def __init__(self, templates: Path | None = None) -> None:
        self.templates = (templates or templates_dir()).resolve()
        self._style: tuple[Any, Any] | None = None

    def __getstate__(self) -> dict[str, Any]:
        """Return what a worker process needs: the folder, not the parsed style (WeasyPrint objects)."""
        return {"templates": self.templates, "_style": None}

    def carrying(self, job: PdfInput) -> tuple[bytes, int]:
        """Return the PDF of ``job``'s HTML carrying its files (PDF/A-3a where it has any), and its pages."""
        return self(job[0], job[1])

    def __call__(self, html: str, attachments: tuple[PdfAttachment, ...] = ()) -> tuple[bytes, int]:
        """Return the PDF (A4, tagged PDF/UA-1, or PDF/A-3a with ``attachments``, fonts embedded and subset) of an
        HTML document, and its pages."""
        try:
            from weasyprint import HTML, Attachment
        except OSError as exc:  # Pango or its friends are missing
            raise RenderError(f"WeasyPrint cannot start: {exc}. Install Pango (see README).") from None
        fetcher = AssetFetcher(self.templates / "static")
        identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
        try:
            font_config, stylesheet = self.style()
            document = HTML(string=html, base_url=self.templates.as_uri() + "/", url_fetcher=fetcher).render(
                stylesheets=[stylesheet], font_config=font_config)
            files = [Attachment(file_obj=io.BytesIO(a.data), name=a.name, description=a.description,
                                relationship=a.relationship, created=_moment(a.date), modified=_moment(a.date),
                                url_fetcher=fetcher) for a in attachments]
            with warnings.catch_warnings():  # PDF/A's colour profile is a file WeasyPrint opens and never closes
                warnings.simplefilter("ignore", ResourceWarning)
                pdf = document.write_pdf(pdf_variant=WITH_FILES if files else WITHOUT_FILES,
                                         pdf_identifier=identifier, custom_metadata=True, attachments=files)
        except Exception as exc:  # WeasyPrint raises many kinds; none is the user's mistake
            raise RenderError(f"cannot render the PDF: {exc}") from exc
        if not isinstance(pdf, bytes):
            raise RenderError("WeasyPrint returned no PDF")
        return pdf, len(document.pages)

    def style(self) -> tuple[Any, Any]:
        """Return the font configuration and the parsed print stylesheet, parsed on first use."""
        if self._style is None:
            from weasyprint import CSS
            from weasyprint.text.fonts import FontConfiguration

            static = self.templates / "static"
            font_config = FontConfiguration()
            css = (static / PRINT_STYLESHEET).read_text(encoding="utf-8")
            self._style = font_config, CSS(string=css, base_url=static.as_uri() + "/",
                                           url_fetcher=AssetFetcher(static), font_config=font_config,
                                           media_type="print")
        return self._style


def _moment(date: dt.date) -> dt.datetime:
    """Return midnight of ``date`` in UTC: an attachment's dates are the build's, so that one input gives one PDF."""
    return dt.datetime.combine(date, dt.time(), tzinfo=dt.UTC)


def render_pdf_bytes(html: str) -> bytes:
    """Return the PDF of an HTML document, with the print style read for it alone."""
    return PdfRenderer()(html)[0]


def render_pdf(html: str) -> tuple[bytes, int]:
    """Return the PDF of an HTML document and its number of pages, with the print style read for it alone."""
    return PdfRenderer()(html)
