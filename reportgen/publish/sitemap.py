"""sitemap.xml: every page of the site, from the one list of site pages and the briefs."""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

from ..brief import SITE_PAGES, SiteEntry
from ..brief.site import ROOT_PAGE, SITEMAP, brief_outputs, page_output
from ..pipeline import Document
from ..render import LANGUAGES


def sitemap_document(entries: list[SiteEntry], base_url: str | None) -> Document:
    """Return sitemap.xml for every page, absolute where a base URL is given."""
    base = (base_url or "").rstrip("/") + "/" if base_url else ""
    outputs = [ROOT_PAGE]
    for lang in LANGUAGES:
        outputs += [page_output(lang, p.name) for p in SITE_PAGES]
        outputs += [brief_outputs(lang, e.stem)[0] for e in sorted(entries, key=lambda e: e.stem)]
    return Document(SITEMAP, sitemap_xml([base + o.url for o in outputs]))


def sitemap_xml(urls: list[str]) -> bytes:
    """Return a sitemap of the given page addresses."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{xml_escape(u)}</loc></url>" for u in urls]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
