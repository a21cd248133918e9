"""A centre's year on the site: its entry in the overview, and a page per group with its months.

Group pages sit beside the centre's page in the language folder, as ``<stem>--<group>.html``; the group's name
in the address is made of lowercase letters, digits and hyphens, and stays unique within the centre.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from .. import routes
from ..core import INTERVAL
from ..files import Output
from .cluster import ClusterView, UnitView, units_of
from .cluster_chart import Chart, month_chart
from .site import SITE_PAGES, SiteEntry

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")  # what group_slugs makes of a group's name
KIND = "cluster"  # a site entry's kind: a centre's year, which the benchmarks of trainings leave out


@dataclass(frozen=True)
class GroupPageView:
    """One group's page: its year, its months and where it stands in the centre."""

    lang: str
    centre: str
    year: str
    group: UnitView
    months: tuple[UnitView, ...]
    month_chart: Chart
    min_users: int
    stem: str
    interval: float = INTERVAL


def group_slugs(names: list[str]) -> dict[str, str]:
    """Return each group's part of its page's address: ASCII letters, digits and hyphens, unique."""
    slugs: dict[str, str] = {}
    for name in names:
        plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
        slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:48] or "group"
        candidate, n = slug, 2
        while candidate in slugs.values():
            candidate, n = f"{slug}-{n}", n + 1
        slugs[name] = candidate
    return slugs


def group_page(lang: str, stem: str, slug: str) -> Output:
    """Return where a group's page goes: beside its centre's page."""
    return routes.brief_page(lang, f"{stem}--{slug}")


def centre_files(stem: str, slugs: Iterable[str], pdf: bool, languages: tuple[str, ...]) -> list[Output] | None:
    """Return the site's files of a centre's year (its page, its PDF, a page per group, per language); None
    where a slug is no group's part of an address, as in a manifest edited by hand."""
    slugs = list(slugs)
    if not all(isinstance(s, str) and SLUG.fullmatch(s) for s in slugs):
        return None
    return [o for lang in languages
            for o in (routes.brief_page(lang, stem), *([routes.brief_pdf(lang, stem)] if pdf else []),
                      *(group_page(lang, stem, slug) for slug in slugs))]


def group_views(view: ClusterView, months: dict[str, pd.DataFrame]) -> list[GroupPageView]:
    """Return the page of every group of a centre's view, with the group's months."""
    pages = []
    for group in view.groups:
        units = units_of(months.get(group.name, pd.DataFrame()), view.total.median_kg)
        pages.append(GroupPageView(
            lang=view.lang, centre=view.centre, year=view.year, group=group, months=tuple(units),
            month_chart=month_chart([u.month for u in units if u.month], [u.median_kg for u in units if u.month]),
            min_users=view.min_users, stem=view.stem))
    return pages


def cluster_entry(stem: str, key: str, views: dict[str, ClusterView], titles: dict[str, str],
                  pdf: bool, slugs: tuple[str, ...] = ()) -> SiteEntry:
    """Return what the overview needs of a centre's brief, per language."""
    first = next(iter(views.values()))
    page, pdf_file = routes.brief_page(first.lang, stem), routes.brief_pdf(first.lang, stem)
    index = routes.site_page(first.lang, SITE_PAGES[0].name)
    t = first.total
    names = {lang: v.centre for lang, v in views.items()}
    return SiteEntry(stem=stem, key=key, titles=dict(titles), headline_names=names,
                     headline_kg=t.median_kg, headline_low_kg=t.low_kg, headline_high_kg=t.high_kg,
                     lead_kg=(t.low_kg, t.median_kg, t.high_kg), date=first.date.isoformat(), scenarios=0,
                     page=page.url_from(index), pdf=pdf_file.url_from(index) if pdf else "",
                     intensity_years=(first.intensity_year,) if first.intensity_year else (), kind=KIND,
                     groups=slugs)
