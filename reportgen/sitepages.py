"""The site's pages that belong to no single brief: language choice, overviews, shared sections, sitemap."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from .brief import CASE_STUDY_POWER_W, PAPER_G_PER_KWH, PAPER_PUE, benchmark_rows, case_study_rows, source_views
from .charts import log_bar_chart
from .i18n import LANGUAGES, translations
from .reference import LB_KG, Reference
from .render import make_env
from .uncertainty import DRAWS

CHART_BRIEFS = 15
SHARED_PAGES = ("index.html", "benchmark.html", "case-study.html", "method.html")

Writer = Callable[[Path, bytes], None]


@dataclass(frozen=True)
class SiteEntry:
    """What the overview needs of one brief: names per language, headline figure, date."""

    stem: str
    key: str
    titles: dict[str, str]
    headline_names: dict[str, str]
    headline_t: float
    headline_low_t: float
    headline_high_t: float
    date: str
    scenarios: int

    @property
    def day(self) -> dt.date:
        """Return the brief's date."""
        return dt.date.fromisoformat(self.date)


@dataclass(frozen=True)
class SectionView:
    """The fields the shared section templates read, for the site as a whole."""

    lang: str
    benchmarks: tuple[Any, ...]
    chart: Any
    case_study: tuple[Any, ...]
    case_facts: dict[str, float]
    sources: tuple[Any, ...]
    intensity_years: tuple[int, ...]
    case_power_w: float = CASE_STUDY_POWER_W
    lb_kg: float = LB_KG
    paper_pue: float = PAPER_PUE
    paper_g_per_kwh: float = PAPER_G_PER_KWH
    draws: int = DRAWS


def render_site_pages(entries: list[SiteEntry], root: Path, ref: Reference, base_url: str | None,
                      write: Writer) -> int:
    """Write the language choice, each language's overview and shared pages, and the sitemap; return the count."""
    pages = 0
    ordered = sorted(entries, key=lambda e: (e.date, e.stem), reverse=True)
    for lang in LANGUAGES:
        env = make_env(lang)
        view = _section_view(lang, ordered, ref)
        for page, template in (("index.html", "site/overview.html"), ("benchmark.html", "site/benchmark.html"),
                               ("case-study.html", "site/case.html"), ("method.html", "site/method.html")):
            html = env.get_template(template).render(v=view, entries=ordered, lang=lang, static="../static/",
                                                     page=page, languages=LANGUAGES)
            write(root / lang / page, html.encode("utf-8"))
            pages += 1
    root_env = make_env("en")
    write(root / "index.html", root_env.get_template("site/root.html").render(
        lang="en", static="static/", languages=LANGUAGES, labels=_root_labels()).encode("utf-8"))
    pages += 1
    write(root / "sitemap.xml", _sitemap(entries, base_url))
    return pages


def _section_view(lang: str, entries: list[SiteEntry], ref: Reference) -> SectionView:
    """Return the shared sections' view for one language: every brief's headline among the benchmarks."""
    rows = benchmark_rows([(e.stem, e.titles[lang], e.headline_t, e.headline_low_t, e.headline_high_t)
                           for e in entries], ref)
    # The chart stays readable with many briefs: the activities and the largest briefs only; the table has all.
    largest = set(sorted((b.tonnes, b.key) for b in rows if b.kind == "scenario")[-CHART_BRIEFS:])
    charted = [b for b in rows if b.kind != "scenario" or (b.tonnes, b.key) in largest]
    return SectionView(
        lang=lang, benchmarks=rows,
        chart=log_bar_chart([(b.key, b.label, b.kind, b.tonnes, b.low, b.high) for b in charted]),
        case_study=case_study_rows(ref), case_facts={str(k): float(v) for k, v in ref.case_study_facts["value"].items()},
        sources=source_views(ref), intensity_years=tuple(sorted({int(y) for y in ref.grid_default["year"].dropna()})),
    )


def _root_labels() -> dict[str, dict[str, str]]:
    """Return the site's name and the word "language" in each language, for the bilingual language choice."""
    return {lang: {"title": translations(lang).gettext("Climate cost of training AI models"),
                   "language": translations(lang).gettext("Language")} for lang in LANGUAGES}


def _sitemap(entries: list[SiteEntry], base_url: str | None) -> bytes:
    """Return sitemap.xml for every page, absolute where a base URL is given."""
    base = (base_url or "").rstrip("/") + "/" if base_url else ""
    paths = ["index.html"]
    for lang in LANGUAGES:
        paths += [f"{lang}/{p}" for p in SHARED_PAGES] + [f"{lang}/{e.stem}.html" for e in sorted(entries, key=lambda e: e.stem)]
    return sitemap_xml([base + p for p in paths])


def sitemap_xml(urls: list[str]) -> bytes:
    """Return a sitemap of the given page addresses."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{xml_escape(u)}</loc></url>" for u in urls]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
