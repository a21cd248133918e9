"""sitemap.xml and robots.txt: every page and PDF of the site, with each page's other language.

The sitemap protocol wants absolute addresses, so a site gets a sitemap only when it has a base URL.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from ..brief import SITE_PAGES, SiteEntry
from ..brief.site import ROOT_PAGE, SITEMAP, brief_outputs, page_output
from ..files import Output
from ..pipeline import Document
from ..resources import languages

ROBOTS = Output.at("robots.txt")


def sitemap_document(entries: list[SiteEntry], base_url: str) -> Document:
    """Return sitemap.xml: every page with its alternates in the other language, then every PDF."""
    base = base_url.rstrip("/") + "/"
    stems = sorted(e.stem for e in entries if e.pdf)
    names = [p.name for p in SITE_PAGES] + [f"{e.stem}.html" for e in sorted(entries, key=lambda e: e.stem)]
    urls: list[tuple[str, list[tuple[str, str]]]] = [(base + ROOT_PAGE.url, [])]
    codes = languages()
    for lang in codes:
        for name in names:
            alternates = [(code, base + page_output(code, name).url) for code in codes]
            urls.append((base + page_output(lang, name).url, [*alternates, ("x-default", base + ROOT_PAGE.url)]))
        urls += [(base + brief_outputs(lang, stem)[1].url, []) for stem in stems]
    return Document(SITEMAP, sitemap_xml(urls))


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
        lines.append(f"Sitemap: {base_url.rstrip('/')}/{SITEMAP.url}")
    return Document(ROBOTS, ("\n".join(lines) + "\n").encode("utf-8"))
