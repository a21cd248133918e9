"""The path of a cluster file, written once: load -> read the accounting -> compute the year -> view -> render.

Like pipeline.py for scenario files, it returns text and documents and never writes them; ``calc``, ``brief`` and
the site call it for files whose top-level key is ``cluster``.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from . import routes
from .brief.cluster import ClusterView, cluster_view
from .brief.cluster_site import cluster_entry, group_page, group_slugs, group_views
from .brief.site import SiteEntry, page_links
from .choices import BRIEF_FORMATS
from .core.cluster import Partitions, group_names, merged_groups, usage
from .core.cluster_results import ClusterYear, group_months, year_results, year_what_ifs
from .errors import InputError
from .files import Document
from .inputs.cluster import ClusterFile
from .inputs.document import read_document
from .inputs.kinds import load_input
from .pipeline import Mapper, calibration_record
from .reference import Reference, load_reference
from .render import Assets, render_page
from .render.html import STATIC_PREFIX

if TYPE_CHECKING:
    from .inputs.slurm import Reading

log = logging.getLogger(__name__)


def is_cluster_file(path: str | Path) -> bool:
    """Return whether a file is a cluster file (its top level has a ``cluster`` key); False where unreadable."""
    try:
        data = read_document(Path(path)).data
    except InputError:
        return False
    return isinstance(data, dict) and "cluster" in data and "scenarios" not in data


def load_cluster(path: str | Path, ref: Reference) -> ClusterFile:
    """Return a validated cluster file; raise InputError where the file is another kind or has problems."""
    loaded = load_input(path, ref)
    if not isinstance(loaded, ClusterFile):
        raise InputError(path, "is not a cluster file: its top level needs a 'cluster' key")
    return loaded


def compute_year(cluster_file: ClusterFile, ref: Reference) -> ClusterYear:
    """Return the centre's year: every export read in blocks, summed, and its totals computed."""
    # The accounting reader brings pyarrow in only for a centre's year: scenario files never import it.
    from .inputs.slurm import Reading, read_blocks

    cluster = cluster_file.cluster
    parts = Partitions.of(cluster, ref)
    reading = Reading()
    blocks = itertools.chain.from_iterable(read_blocks(path, reading) for path in cluster_file.accounting)
    used = usage(blocks, parts)
    _report(cluster_file, reading, used.unknown_partitions, used.metered_without_energy)
    accounts = sorted(set(used.cells["account"].astype(str)) | set(reading.users))
    names = group_names(accounts, cluster_file.groups, cluster.group_by)
    unlisted = [a for a in accounts if names[a] == ""]
    if unlisted:
        log.warning("%s: %d account(s) are not in the groups table; their jobs count under 'other'",
                    cluster_file.path, len(unlisted))
    published, merged = merged_groups(reading.users, names, cluster.min_users)
    everyone = len(set().union(*reading.users.values())) if reading.users else 0
    year = year_results(used, published, merged, everyone, parts, cluster_file.stem, cluster, ref)
    return dataclasses.replace(year, damaged_lines=reading.damaged, unknown_partitions=tuple(sorted(
        used.unknown_partitions)))


def _report(cluster_file: ClusterFile, reading: Reading, unknown: dict[str, int], unmetered: int) -> None:
    """Log what reading left out or stood in for: damaged lines, jobs in undescribed partitions, missing meters."""
    if reading.damaged:
        log.warning("%s: %d damaged line(s) of the accounting were dropped", cluster_file.path, reading.damaged)
    for partition, jobs in sorted(unknown.items()):
        log.warning("%s: partition '%s' is not in the cluster file: its %d job(s) are left out",
                    cluster_file.path, partition, jobs)
    if unmetered:
        log.warning("%s: %d job(s) of a metered partition have no ConsumedEnergyRaw; their rated energy stands in",
                    cluster_file.path, unmetered)


def about(cluster_file: ClusterFile, year: ClusterYear) -> dict[str, Any]:
    """Return what the JSON says of the centre: its name, place, year, partitions and how groups were formed."""
    cluster = cluster_file.cluster
    inputs = year.inputs
    return {
        "name": cluster_file.name("en"), "location": cluster.location, "year": year.year,
        "group_by": cluster.group_by, "min_users": cluster.min_users, "merged_groups": year.merged_groups,
        "partitions": [{"partition": name, "hardware": str(row["hardware"]),
                        "use_consumed_energy": bool(row["consumed"]),
                        "device_power_w": float(row["device_power_w"]), "pue": float(row["pue"]),
                        "carbon_intensity_g_per_kwh": float(row["carbon_intensity_g_per_kwh"])}
                       for name, row in inputs.iterrows()],
    }


def cluster_view_of(path: str | Path, lang: str, assets: Assets) -> ClusterView:
    """Return the view of a cluster file's brief in ``lang``: the year computed, its what-ifs, its yardsticks."""
    ref = assets.reference
    cluster_file = load_cluster(path, ref)
    year = compute_year(cluster_file, ref)
    date = assets.epoch_date or cluster_file.brief.date or assets.build_date()
    return cluster_view(cluster_file, year, year_what_ifs(year, ref), ref, lang, date, calibration_record(ref))


def render_cluster_html(view: ClusterView, assets: Assets, for_pdf: bool = False) -> str:
    """Return a centre's brief as an HTML document; ``for_pdf`` leaves out the print stylesheet."""
    return render_page(assets.env(view.lang), "cluster.html", v=view, lang=view.lang, static=STATIC_PREFIX,
                       for_pdf=for_pdf)


def cluster_brief_document(path: str | Path, lang: str, fmt: str, assets: Assets | None = None) -> Document:
    """Return the brief of a cluster file's year in ``lang`` and ``fmt``, as ``<stem>.<lang>.<fmt>``."""
    if fmt not in BRIEF_FORMATS:
        raise InputError(None, f"unknown format '{fmt}': use {' or '.join(BRIEF_FORMATS)}")
    assets = assets or Assets()
    assets.check_language(lang)
    view = cluster_view_of(path, lang, assets)
    html = render_cluster_html(view, assets, for_pdf=fmt == "pdf")
    data = assets.pdf(html)[0] if fmt == "pdf" else html.encode("utf-8")
    return Document(routes.brief_file(view.stem, lang, fmt), data)


@dataclass(frozen=True)
class ClusterSite:
    """A centre's pages on the site: its brief's page and PDF per language, a page per group, its entry."""

    documents: tuple[Document, ...]
    entry: SiteEntry
    pdfs: int
    reads: tuple[Path, ...] = ()  # the accounting files and the groups table it read


def cluster_site(path: Path, key: str, pdf: bool, base_url: str | None, assets: Assets,
                 pdf_map: Mapper = map) -> ClusterSite:
    """Return a cluster file's site documents in every language, its PDFs rendered through ``pdf_map``."""
    ref = assets.reference
    cluster_file = load_cluster(path, ref)
    year = compute_year(cluster_file, ref)
    changes, months = year_what_ifs(year, ref), group_months(year, ref)
    date = assets.epoch_date or cluster_file.brief.date or assets.build_date()
    calibration = calibration_record(ref)
    views = {lang: cluster_view(cluster_file, year, changes, ref, lang, date, calibration) for lang in assets.languages}
    stem, codes = cluster_file.stem, assets.languages
    documents: list[Document] = []
    if pdf:
        rendered = pdf_map(assets.pdf.carrying, [(render_cluster_html(v, assets, for_pdf=True), ())
                                                 for v in views.values()])
        documents += [Document(routes.brief_pdf(lang, stem), data) for lang, (data, _) in zip(views, rendered,
                                                                                             strict=True)]
    slugs = group_slugs([g.name for g in next(iter(views.values())).groups])
    for lang, view in views.items():
        env, page = assets.env(lang), routes.brief_page(lang, stem)
        groups = [(group_page(lang, stem, slugs[g.group.name]), g) for g in group_views(view, months)]
        links = page_links(page, codes, routes.brief_pdf(lang, stem) if pdf else None, (), base_url)
        html = render_page(env, "site/cluster.html", v=view, lang=lang, links=links,
                           group_links=[(out.url_from(page), g.group) for out, g in groups])
        documents.append(Document(page, html.encode("utf-8")))
        for out, group in groups:
            html = render_page(env, "site/cluster_group.html", v=group, lang=lang, back=page.url_from(out),
                               links=page_links(out, codes, None, (), base_url))
            documents.append(Document(out, html.encode("utf-8")))
    titles = {lang: _plain_title(view, assets) for lang, view in views.items()}
    table = cluster_file.cluster.groups
    reads = (*cluster_file.accounting, *([cluster_file.path.parent / table] if table else []))
    entry = cluster_entry(stem, key, views, titles, pdf, tuple(slugs.values()))
    return ClusterSite(tuple(documents), entry, len(views) if pdf else 0, reads)


def _plain_title(view: ClusterView, assets: Assets) -> str:
    """Return a centre's brief's title as plain text."""
    macro = assets.env(view.lang).get_template("partials/cluster_title.html").module.title  # type: ignore[attr-defined]
    return str(Markup(macro(view)).unescape()).strip()


def calc_text(path: str | Path, fmt: str) -> str:
    """Return ``reportgen calc`` of a cluster file: a table, CSV or JSON per group and in total."""
    from .exports.cluster import cluster_csv, cluster_json, cluster_table

    ref = load_reference()
    cluster_file = load_cluster(path, ref)
    year = compute_year(cluster_file, ref)
    if fmt == "json":
        return cluster_json(year, about(cluster_file, year))
    return cluster_csv(year) if fmt == "csv" else cluster_table(year)
