"""The site's view: its pages as data, where each file goes, the links of a page, and what the overview shows.

``SITE_PAGES`` is the one list of the pages every language has besides the briefs: it drives their
rendering, the navigation and the sitemap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import routes
from ..choices import N_
from ..core import DRAWS, INTERVAL
from ..core.case_study import CASE_STUDY_POWER_W, PAPER_G_PER_KWH, PAPER_PUE
from ..files import Output
from ..reference import LB_KG, Reference
from .chart import NARROW, log_bar_chart
from .model import BriefView
from .rows import benchmark_rows, case_study_rows, charted_rows, intensity_margin, source_views


@dataclass(frozen=True)
class SitePage:
    """A page each language has besides the briefs: its file name, template and label in the navigation."""

    name: str
    template: str
    label: str


SITE_PAGES = (
    SitePage(routes.OVERVIEW, "site/overview.html", N_("All briefs")),
    SitePage(routes.BENCHMARK, "site/benchmark.html", N_("Comparisons")),
    SitePage(routes.CASE_STUDY, "site/case.html", N_("Case study")),
    SitePage(routes.METHOD, "site/method.html", N_("Method and sources")),
)

BRIEF_PDF = N_("This brief")  # how a brief page labels its own PDF


@dataclass(frozen=True)
class Offer:
    """A file a brief page may offer: where it goes, its label (a catalog message), format and media type."""

    output: Output
    label: str
    format: str
    media_type: str


@dataclass(frozen=True)
class Attachment:
    """A file a brief page offers: where it is, what it is, its format, size, pages and language."""

    url: str
    label: str      # catalog message
    format: str
    media_type: str
    size: int       # bytes
    pages: int      # 0 for a file without pages
    lang: str


def attachments(page: Output, offers: tuple[Offer, ...], sizes: dict[Output, int],
                pages: dict[Output, int]) -> tuple[Attachment, ...]:
    """Return the files a brief page offers that were made, with the sizes and page counts given."""
    return tuple(Attachment(o.output.url_from(page), o.label, o.format, o.media_type, sizes[o.output],
                            pages.get(o.output, 0), page.parts[0]) for o in offers if o.output in sizes)


@dataclass(frozen=True)
class Link:
    """A link of a page: its address from the page, its label, and whether it is the page itself."""

    url: str
    label: str
    lang: str = ""
    current: bool = False


@dataclass(frozen=True)
class PageLinks:
    """Every address a site page links to, relative to the page and URL-encoded."""

    static: str
    alternates: tuple[Link, ...]
    nav: tuple[Link, ...]
    pdf: str = ""
    attachments: tuple[Attachment, ...] = ()
    canonical: str = ""               # absolute where the site has a base URL
    hreflang: tuple[Link, ...] = ()   # the page in each language, then x-default: absolute with a base URL


def hreflang_links(page: Output, name: str, languages: tuple[str, ...], base_url: str | None) -> tuple[Link, ...]:
    """Return the hreflang links of a page: the same page in each language, and the language choice as x-default."""
    same = tuple(Link(routes.address(page, other, base_url), code, code)
                 for code, other in routes.alternates(name, languages))
    return (*same, Link(routes.address(page, routes.root(), base_url), "x-default", "x-default"))


def page_links(page: Output, languages: tuple[str, ...], pdf: Output | None = None,
               files: tuple[Attachment, ...] = (), base_url: str | None = None) -> PageLinks:
    """Return the links of a page in a language folder: the same page in each language, the menu, the PDF
    and the files it offers."""
    lang, name = page.parts[0], page.parts[-1]
    return PageLinks(
        canonical=routes.address(page, page, base_url), hreflang=hreflang_links(page, name, languages, base_url),
        static=routes.static_prefix(page),
        alternates=tuple(Link(other.url_from(page), code, code) for code, other in routes.alternates(name, languages)),
        nav=tuple(Link(routes.site_page(lang, p.name).url_from(page), p.label, current=p.name == name)
                  for p in SITE_PAGES),
        pdf=pdf.url_from(page) if pdf else "",
        attachments=files,
    )


def file_links(page: Output, same: tuple[tuple[str, Output], ...] = (), base_url: str | None = None) -> PageLinks:
    """Return the links of a page outside the site's menu (a disclosure's HTML): itself as canonical, the same
    file in each language of ``same`` and the site's language choice as x-default; none of those off the site."""
    hreflang = (*(Link(routes.address(page, o, base_url), code, code) for code, o in same),
                Link(routes.address(page, routes.root(), base_url), "x-default", "x-default")) if same else ()
    return PageLinks(static=routes.static_prefix(page), canonical=routes.address(page, page, base_url),
                     hreflang=hreflang, alternates=(), nav=())


def root_links(languages: tuple[str, ...], base_url: str | None = None) -> PageLinks:
    """Return the links of the site's root page: the stylesheets and each language's overview."""
    root = routes.root()
    overviews = routes.alternates(SITE_PAGES[0].name, languages)
    return PageLinks(static=routes.static_prefix(root), canonical=routes.address(root, root, base_url),
                     hreflang=(*(Link(routes.address(root, o, base_url), code, code) for code, o in overviews),
                               Link(routes.address(root, root, base_url), "x-default", "x-default")),
                     alternates=tuple(Link(o.url_from(root), code, code) for code, o in overviews), nav=())


@dataclass(frozen=True)
class RootLabel:
    """What the root page says in one language: the site's name, what it holds and the way in, side by side with
    the same in every other language."""

    lang: str
    title: str
    about: str   # what the briefs are
    holds: str   # what else the site holds
    enter: str   # the link to the language's overview


def root_labels(gettexts: dict[str, Callable[[str], str]]) -> tuple[RootLabel, ...]:
    """Return the root page's labels in each language, given each language's gettext."""
    return tuple(RootLabel(lang, gettext(N_("Climate cost of training AI models")),
                           gettext(N_("Policy briefs on the energy use and CO₂e emissions of training AI models, "
                                      "with what would cut them.")),
                           gettext(N_("Each brief is a web page and a PDF, with the energy figures for the AI Act's "
                                      "technical documentation; beside them, comparisons with familiar reference "
                                      "points, a case study, and the method and sources.")),
                           # The link to the briefs in the catalog's own language.
                           gettext(N_("Read the briefs in English")))
                 for lang, gettext in gettexts.items())


@dataclass(frozen=True)
class SiteEntry:
    """What the overview needs of one brief: names per language, headline figure, date, addresses."""

    stem: str
    key: str
    titles: dict[str, str]
    headline_names: dict[str, str]
    headline_kg: float       # the median of the brief's headline scenario
    headline_low_kg: float
    headline_high_kg: float
    date: str
    scenarios: int
    page: str  # the brief's page, from its language folder
    pdf: str   # its PDF, from its language folder; empty when the site has no PDFs
    intensity_years: tuple[int, ...] = ()  # the years of the grid intensities its scenarios use
    lead_kg: tuple[float, float, float] = (0.0, 0.0, 0.0)  # the figure its page leads with (low, median, high):
    # with serving where the file has it; the benchmarks compare the training alone (headline_kg)
    kind: str = "scenarios"  # the kind of its file: "cluster" (a centre's year) is no training to benchmark
    logs: tuple[str, ...] = ()  # the measured logs it reads, as its scenario file names them (part of its key)
    groups: tuple[str, ...] = ()  # a centre's group pages, by their part of the address (reused with its page)

    @property
    def day(self) -> dt.date:
        """Return the brief's date."""
        return dt.date.fromisoformat(self.date)


def site_entry(stem: str, key: str, views: dict[str, BriefView], titles: dict[str, str], scenarios: int,
               pdf: bool) -> SiteEntry:
    """Return what the overview pages need to know of one brief, per language."""
    first = next(iter(views.values()))
    page, pdf_file = routes.brief_page(first.lang, stem), routes.brief_pdf(first.lang, stem)
    index = routes.site_page(first.lang, SITE_PAGES[0].name)
    return SiteEntry(
        stem=stem, key=key,
        titles=dict(titles),
        headline_names={lang: v.headline.name for lang, v in views.items()},
        headline_kg=first.headline.median_kg, headline_low_kg=first.headline.low_kg,
        headline_high_kg=first.headline.high_kg, lead_kg=first.headline.lead_kg, date=first.date.isoformat(),
        scenarios=scenarios,
        page=page.url_from(index), pdf=pdf_file.url_from(index) if pdf else "",
        intensity_years=first.intensity_years,
    )


@dataclass(frozen=True)
class SectionView:
    """The fields the shared section templates read, for the site as a whole."""

    lang: str
    benchmarks: tuple[Any, ...]
    chart: Any
    chart_narrow: Any
    case_study: tuple[Any, ...]
    case_facts: dict[str, float]
    sources: tuple[Any, ...]
    intensity_years: tuple[int, ...]
    calibration: Any = None  # CalibrationSummary: how often such ranges held published figures
    intensity_margin: float = 0.0  # how far a place's grid range reaches beyond its sources
    case_power_w: float = CASE_STUDY_POWER_W
    lb_kg: float = LB_KG
    paper_pue: float = PAPER_PUE
    paper_g_per_kwh: float = PAPER_G_PER_KWH
    draws: int = DRAWS
    interval: float = INTERVAL


def section_view(lang: str, entries: list[SiteEntry], case_study: list[dict[str, Any]],
                 comparisons: list[dict[str, Any]], ref: Reference, calibration: Any = None) -> SectionView:
    """Return the shared sections' view for one language: every brief's headline among the benchmarks,
    beside the comparisons of every region of readers."""
    regions = tuple(str(r["region"]) for r in comparisons)
    rows = benchmark_rows([(e.stem, e.headline_names[lang], e.headline_kg, e.headline_low_kg, e.headline_high_kg)
                           for e in entries if e.kind == "scenarios"], ref, regions, comparisons)
    charted = charted_rows(rows)
    bars = [(b.key, b.label, b.kind, b.kg, b.low_kg, b.high_kg) for b in charted]
    return SectionView(
        lang=lang, benchmarks=rows,
        chart=log_bar_chart(bars, named=charted),
        chart_narrow=log_bar_chart(bars, named=charted, layout=NARROW),
        case_study=case_study_rows(case_study),
        case_facts={str(k): float(v) for k, v in ref.case_study_facts["value"].items()},
        sources=source_views(ref, lang=lang),
        intensity_years=tuple(sorted({y for e in entries for y in e.intensity_years})),
        calibration=calibration, intensity_margin=intensity_margin(ref),
    )
