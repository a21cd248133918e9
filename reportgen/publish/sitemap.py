"""sitemap.xml and robots.txt: every page and PDF of the site, with each page's other language.

The sitemap protocol wants absolute addresses, so a site gets a sitemap only when it has a base URL.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from .. import routes
from ..brief import SITE_PAGES, SiteEntry
from ..files import Document
from ..resources import languages


def sitemap_document(entries: list[SiteEntry], base_url: str) -> Document:
    """Return sitemap.xml: every page with its alternates in the other language, then every PDF."""
    base = base_url.rstrip("/") + "/"
    stems = sorted(e.stem for e in entries if e.pdf)
    root = base + routes.root().url
    urls: list[tuple[str, list[tuple[str, str]]]] = [(root, [])]
    codes = languages()
    for lang in codes:
        pages = [routes.site_page(lang, p.name) for p in SITE_PAGES]
        pages += [routes.brief_page(lang, e.stem) for e in sorted(entries, key=lambda e: e.stem)]
        for page in pages:
            alternates = [(code, base + other.url) for code, other in routes.alternates(page.parts[-1], codes)]
            urls.append((base + page.url, [*alternates, ("x-default", root)]))
        urls += [(base + routes.brief_pdf(lang, stem).url, []) for stem in stems]
    return Document(routes.sitemap(), sitemap_xml(urls))


def sitemap_xml(urls: list[tuple[str, list[tuple[str, str]]]]) -> bytes:
    """Return a sitemap of the given addresses, each with its (hreflang, address) alternates."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for url, alternates in urls:
        links = "".join(f'<xhtml:link rel="alternate" hreflang={quoteattr(code)} href={quoteattr(href)}/>'
                        for code, href in alternates)
        lines.append(f"  <url><loc>{xml_escape(url)}</loc>{links}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_document(base_url: str | None) -> Document:
    """Return robots.txt: every page may be read; the sitemap's address where the site has one."""
    lines = ["User-agent: *", "Allow: /"]
    if base_url:
        lines.append(f"Sitemap: {routes.address(routes.robots(), routes.sitemap(), base_url)}")
    return Document(routes.robots(), ("\n".join(lines) + "\n").encode("utf-8"))
