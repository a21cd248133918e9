"""THE path from scenario files to documents, written once: load -> compute -> view -> render.

It returns documents (bytes with where they go) and never writes them: the ``brief`` command and the
site hand them to the writer in publish/. Everything is computed, for all files of a batch in one
vectorized pass, before any view is built.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import __version__, routes
from .brief import SITE_PAGES, BriefView, SiteEntry, build_view, section_view
from .brief.disclosure import disclosure_view
from .brief.site import attachments, page_links, root_labels, root_links
from .choices import BRIEF_FORMATS
from .core import FileResults, compute_files, results_of_files
from .core.calibration import CalibrationSummary, summary_record
from .core.calibration import comparisons as calibration_comparisons
from .core.calibration import summary as calibration_summary
from .core.case_study import case_study_results
from .core.emissions import ranged_results
from .core.equivalents import reader_comparisons
from .core.limits import check_limits
from .core.scenario_result import records
from .errors import InputError
from .exports.bundle import carried, disclosed_row, hardware_kind, offers, source_documents
from .exports.registry import TARGETS, export_target
from .files import Document, Output
from .inputs import ScenarioFile, files_frame, load_scenario_file, untranslated
from .inputs.calibration import HELD_OUT, calibration_inputs
from .inputs.calibration import KINDS as CALIBRATION_KINDS
from .reference import Reference
from .render import Assets, brief_title, render_brief_html, render_page
from .render.pdf import PdfAttachment, PdfInput
from .resources import SOURCE_LANGUAGE

log = logging.getLogger(__name__)
Mapper = Callable[[Callable[[PdfInput], tuple[bytes, int]], Iterable[PdfInput]], Iterable[tuple[bytes, int]]]


@dataclass(frozen=True)
class SiteBrief:
    """A scenario file's briefs for the site: its views per language and its documents."""

    scenario_file: ScenarioFile
    views: dict[str, BriefView]
    documents: tuple[Document, ...]
    titles: dict[str, str]  # per language, as the brief's first page states it
    pdfs: int = 0           # the PDFs among its documents


def load(paths: Sequence[str | Path], ref: Reference) -> list[ScenarioFile]:
    """Return every scenario file, recognised by its kind and validated; the first bad file raises its InputError."""
    return [load_scenario_file(path, ref) for path in paths]


def compute(scenario_files: list[ScenarioFile], ref: Reference) -> list[FileResults]:
    """Return what the core computes for each file, all files in one vectorized pass."""
    if not scenario_files:
        return []
    frame = files_frame(scenario_files)
    # A file without a date of its own is advised as of the brief's date: the build's (SOURCE_DATE_EPOCH or today).
    frame["as_of_year"] = pd.to_numeric(frame["as_of_year"], errors="coerce").fillna(Assets().build_date().year)
    computed = compute_files(frame, ref, len(scenario_files))
    check_limits(scenario_files, [c.results_frame for c in computed])
    return [dataclasses.replace(c, calibration=calibration_record(ref)) for c in computed]


def results(scenario_files: list[ScenarioFile], ref: Reference) -> list[pd.DataFrame]:
    """Return each file's results table alone, without the what-ifs and the rest a brief needs."""
    if not scenario_files:
        return []
    tables = results_of_files(files_frame(scenario_files), ref, len(scenario_files))
    check_limits(scenario_files, tables)
    return tables


def views(scenario_file: ScenarioFile, computed: FileResults, ref: Reference,
          languages: Sequence[str] | None = None, assets: Assets | None = None) -> dict[str, BriefView]:
    """Return the view model of a file's brief in each language (default: every language)."""
    assets = assets or Assets()
    date = assets.build_date(scenario_file)
    for problem in (p for lang in languages or assets.languages for p in untranslated(scenario_file, lang)):
        log.warning("%s", problem.describe(scenario_file.path))
    return {lang: build_view(scenario_file, lang, ref, date, computed) for lang in languages or assets.languages}


def brief_document(path: str | Path, lang: str, fmt: str, assets: Assets | None = None) -> Document:
    """Return the brief of one scenario file in ``lang`` and ``fmt``, as ``<stem>.<lang>.<fmt>``."""
    if fmt not in BRIEF_FORMATS:
        raise InputError(None, f"unknown format '{fmt}': use {' or '.join(BRIEF_FORMATS)}")
    assets = assets or Assets()
    ref = assets.reference
    assets.check_language(lang)
    scenario_files = load([path], ref)
    computed = compute(scenario_files, ref)[0]
    view = views(scenario_files[0], computed, ref, (lang,), assets)[lang]
    html = render_brief_html(view, assets.env(lang), for_pdf=fmt == "pdf")
    if fmt == "pdf":
        headline = next(r for r in computed.results if r.id == view.headline.id)
        disclosure = disclosure_view(view, headline, scenario_files[0].stem, __version__, hardware_kind(headline, ref))
        data = assets.pdf(html, carried(scenario_files[0], computed, disclosure, assets))[0]
    else:
        data = html.encode("utf-8")
    return Document(routes.brief_file(scenario_files[0].stem, lang, fmt), data)


def export_documents(path: str | Path, to: str, lang: str, scenario_id: str | None,
                     pdf: bool = True, assets: Assets | None = None) -> list[Document]:
    """Return the disclosure files of one scenario of a file, named ``<stem>.<scenario>.<target>...``."""
    target = export_target(to)
    assets = assets or Assets()
    ref = assets.reference
    assets.check_language(lang)
    scenario_files = load([path], ref)
    scenario_file, computed = scenario_files[0], compute(scenario_files, ref)[0]
    row = disclosed_row(scenario_file, computed, scenario_id)
    view = views(scenario_file, computed, ref, (lang,), assets)[lang]
    disclosure = disclosure_view(view, row, scenario_file.stem, __version__, hardware_kind(row, ref))
    env = assets.env(lang)
    stem = routes.export_stem(scenario_file.stem, row.id)
    documents = target.documents(disclosure, env, stem=stem)
    if pdf and target.pdf_html:
        html = target.pdf_html(disclosure, env)
        documents.append(Document(target.pdf_output(stem, lang), assets.pdf(html)[0]))
    return documents


def static_documents(assets: Assets | None = None) -> list[Document]:
    """Return the stylesheets and fonts that HTML output links to, under ``static/``."""
    source = (assets or Assets()).root / "templates" / "static"
    return [Document(routes.static(*file.relative_to(source).parts), file.read_bytes())
            for file in sorted(source.rglob("*")) if file.is_file()]


@dataclass(frozen=True)
class PdfJob:
    """A PDF to render: where it goes and the HTML it is made from."""

    output: Output
    html: str
    attachments: tuple[PdfAttachment, ...] = ()  # the files the PDF carries


@dataclass(frozen=True)
class Prepared:
    """A scenario file's site output before its PDFs are rendered: views, documents and PDF jobs."""

    scenario_file: ScenarioFile
    views: dict[str, BriefView]
    documents: tuple[Document, ...]
    jobs: tuple[PdfJob, ...]


def site_briefs(scenario_files: list[ScenarioFile], ref: Reference, pdf: bool, pdf_map: Mapper = map,
                base_url: str | None = None, assets: Assets | None = None) -> list[SiteBrief]:
    """Return the site's pages (and PDFs) of every file's brief in every language.

    ``pdf_map`` renders the PDFs (``map``, or a process pool's ``map``).
    """
    assets = assets or Assets()
    envs = {lang: assets.env(lang) for lang in assets.languages}
    prepared = [site_documents(scenario_file, computed, ref, envs, pdf, assets, base_url)
                for scenario_file, computed in zip(scenario_files, compute(scenario_files, ref), strict=True)]
    # PDFs first, so that a brief's page can say how large its files are and how many pages they have.
    rendered = render_pdfs([job for p in prepared for job in p.jobs], assets, pdf_map)
    return [brief_pages(p, rendered, envs, pdf, base_url) for p in prepared]


def site_documents(scenario_file: ScenarioFile, computed: FileResults, ref: Reference,
                   envs: dict[str, Any], pdf: bool, assets: Assets, base_url: str | None = None) -> Prepared:
    """Return a file's views per language, its disclosures' documents and (with ``pdf``) its PDF jobs."""
    by_lang = views(scenario_file, computed, ref, assets=assets)
    stem, documents, jobs = scenario_file.stem, [], []
    for lang, view in by_lang.items():
        headline = next(r for r in computed.results if r.id == view.headline.id)
        disclosure = disclosure_view(view, headline, stem, __version__, hardware_kind(headline, ref))
        for target in TARGETS.values():
            documents += target.documents(disclosure, envs[lang], folder=lang, languages=tuple(envs),
                                          base_url=base_url)
            if pdf and target.pdf_html:
                jobs.append(PdfJob(target.pdf_output(stem, lang, lang), target.pdf_html(disclosure, envs[lang])))
        attached = carried(scenario_file, computed, disclosure, assets)
        documents += source_documents(lang, stem, attached[0].name, attached[0].data, attached[1].data)
        if pdf:
            jobs.append(PdfJob(routes.brief_pdf(lang, stem), render_brief_html(view, envs[lang], for_pdf=True),
                               attached))
    return Prepared(scenario_file, by_lang, tuple(documents), tuple(jobs))


def render_pdfs(jobs: list[PdfJob], assets: Assets, pdf_map: Mapper = map) -> dict[Output, tuple[bytes, int]]:
    """Return every job's PDF and its page count, by where it goes."""
    rendered = pdf_map(assets.pdf.carrying, [(job.html, job.attachments) for job in jobs])
    return dict(zip((job.output for job in jobs), rendered, strict=True))




def brief_pages(prepared: Prepared, rendered: dict[Output, tuple[bytes, int]], envs: dict[str, Any], pdf: bool,
                base_url: str | None) -> SiteBrief:
    """Return a file's brief with its pages, each offering the files made with their sizes and page counts."""
    stem = prepared.scenario_file.stem
    pdfs = [Document(job.output, rendered[job.output][0]) for job in prepared.jobs]
    documents = [*prepared.documents, *pdfs]
    sizes = {d.output: len(d.data) for d in documents}
    pages = {job.output: rendered[job.output][1] for job in prepared.jobs}
    for lang, view in prepared.views.items():
        page, pdf_file = routes.brief_page(lang, stem), routes.brief_pdf(lang, stem)
        files = attachments(page, offers(stem, lang, prepared.scenario_file.path.suffix), sizes, pages)
        html = render_page(envs[lang], "site/brief.html", v=view, lang=lang,
                           links=page_links(page, tuple(envs), pdf_file if pdf else None, files, base_url))
        documents.append(Document(page, html.encode("utf-8")))
    titles = {lang: brief_title(view, envs[lang]) for lang, view in prepared.views.items()}
    return SiteBrief(prepared.scenario_file, prepared.views, tuple(documents), titles, len(pdfs))


def site_pages(entries: list[SiteEntry], ref: Reference, base_url: str | None = None,
               assets: Assets | None = None) -> list[Document]:
    """Return the language choice and, per language, the overview and the shared pages."""
    case_study = records(case_study_results(ref))
    comparisons = records(reader_comparisons(ref))
    ordered = sorted(entries, key=lambda e: (e.date, e.stem), reverse=True)
    documents = []
    assets = assets or Assets()
    codes = assets.languages
    for lang in codes:
        env = assets.env(lang)
        view = section_view(lang, ordered, case_study, comparisons, ref, calibration_record(ref))
        for page in SITE_PAGES:
            output = routes.site_page(lang, page.name)
            html = render_page(env, page.template, v=view, entries=ordered, lang=lang,
                               links=page_links(output, codes, base_url=base_url))
            documents.append(Document(output, html.encode("utf-8")))
    labels = root_labels({lang: assets.translations(lang).gettext for lang in codes})
    html = render_page(assets.env(SOURCE_LANGUAGE), "site/root.html", lang=SOURCE_LANGUAGE,
                       links=root_links(codes, base_url), labels=labels)
    documents.append(Document(routes.root(), html.encode("utf-8")))
    return documents


def calibration(ref: Reference, held_out: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return how the intervals of every published training compared with its published figures, and a summary.

    Compute-based estimates are also made with each training held out of the utilisation fit, as a training
    that is not in the set would be ("compute, held out"), unless ``held_out`` is False.
    """
    tables = []
    for kind in CALIBRATION_KINDS:
        inputs, published = calibration_inputs(ref, kind)
        tables.append(calibration_comparisons(_calibration_results(inputs, ref), published))
    inputs, published = calibration_inputs(ref, "compute")
    estimates = []
    for i, training in enumerate(published["id"] if held_out else ()):
        without = dataclasses.replace(ref, calibration=ref.calibration.drop(index=training))
        estimates.append(_calibration_results(inputs.iloc[[i]], without))
    if estimates:
        tables.append(calibration_comparisons(pd.concat(estimates, ignore_index=True),
                                              published.assign(kind=HELD_OUT)))
    table = pd.concat(tables, ignore_index=True)
    return table, calibration_summary(table)


def _calibration_results(inputs: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return the results of calibration scenarios, with CALIBRATION_DRAWS draws each."""
    with np.errstate(all="ignore"):
        return ranged_results(inputs, ref, CALIBRATION_DRAWS)[2].reset_index(drop=True)


# Enough draws to place each training's 5th and 95th percentiles within a fraction of a percent, at a fifth of
# the cost: every brief states the calibration, so every brief computes it (once per process).
CALIBRATION_DRAWS = 4_000


@lru_cache(maxsize=4)
def calibration_record(ref: Reference) -> CalibrationSummary:
    """Return what the briefs say of their ranges, computed once per loaded reference."""
    return summary_record(calibration(ref, held_out=False)[1])
