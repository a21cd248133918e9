"""Rendering: the Jinja2 environment, HTML from a view model, and tagged PDF through WeasyPrint.

WeasyPrint only ever sees the project's own assets: its URL fetcher serves files under templates/static
and refuses everything else (other files, the network), so no user text can make it fetch anything.
"""

from __future__ import annotations

import gettext
import hashlib
import logging
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
import jinja2.bccache
from babel import Locale

from .brief import BriefView
from .errors import RenderError, TranslationError
from .i18n import formatters, parse_language, translations
from .resources import templates_dir

log = logging.getLogger(__name__)

STATIC_PREFIX = "static/"


class _SharedBytecode(jinja2.BytecodeCache):
    """Compiled templates kept in memory and shared by the environments of all languages (compiled once)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill the bucket from memory, where this template was compiled before."""
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep a freshly compiled template."""
        self.code[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _SharedBytecode()


def make_env(lang: str, catalog: gettext.NullTranslations | None = None) -> jinja2.Environment:
    """Return a Jinja2 environment for ``lang``: autoescaping, i18n with the language's catalog, filters."""
    locale = parse_language(lang)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates do not change during a run; skip a stat() per include
        bytecode_cache=_BYTECODE,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(catalog or translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(formatters(locale))
    env.filters["territory"] = _territory_filter(locale)
    env.filters["language_name"] = _language_name
    return env


def _territory_filter(locale: Locale) -> Any:
    """Return a filter that names a country code in the locale's language."""

    def territory(code: str) -> str:
        key = "001" if code == "WORLD" else code
        return str(locale.territories.get(key, code))

    return territory


def _language_name(code: str) -> str:
    """Return a language's own name for itself ("Nederlands", "English"), as a language switch shows it."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def render_brief_html(view: BriefView, env: jinja2.Environment | None = None, static: str = STATIC_PREFIX) -> str:
    """Return the brief as an HTML document."""
    env = env or make_env(view.lang)
    try:
        template = env.get_template("brief.html")
        return template.render(v=view, lang=view.lang, static=static)
    except jinja2.TemplateError as exc:
        raise RenderError(f"cannot render the brief template: {exc}") from exc
    except KeyError as exc:
        raise TranslationError(f"a translation has a placeholder the template does not give: {exc}") from exc


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


def render_pdf_bytes(html: str) -> bytes:
    """Return the PDF (A4, tagged PDF/UA-1, fonts embedded and subset) of an HTML document."""
    try:
        from weasyprint import HTML
    except OSError as exc:  # Pango or its friends are missing
        raise RenderError(f"WeasyPrint cannot start: {exc}. Install Pango (see README).") from None
    fetcher = AssetFetcher()
    base_url = (templates_dir().resolve()).as_uri() + "/"
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()
        pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier, custom_metadata=True)
    except Exception as exc:  # WeasyPrint raises many kinds; none is the user's mistake
        raise RenderError(f"cannot render the PDF: {exc}") from exc
    if not isinstance(pdf, bytes):
        raise RenderError("WeasyPrint returned no PDF")
    return pdf
