"""Rendering: catalogs and Babel formatting (the only place numbers are formatted), HTML with Jinja2, PDF."""

from __future__ import annotations

from .assets import Assets, make_env
from .html import STATIC_PREFIX, brief_title, render_brief_html, render_page
from .i18n import parse_language, translations
from .pdf import AssetFetcher, render_pdf, render_pdf_bytes

__all__ = [
           "STATIC_PREFIX",
           "AssetFetcher",
           "Assets",
           "brief_title",
           "make_env",
           "parse_language",
           "render_brief_html",
           "render_page",
           "render_pdf",
           "render_pdf_bytes",
           "translations",
]
