"""The static site: every brief in both languages, as pages and PDFs, built incrementally and atomically.

Layout of ``--out DIR``::

    index.html                 language choice
    static/                    stylesheets and fonts
    sitemap.xml
    nl/ and en/                the pages of SITE_PAGES (overview, benchmark, case study, method),
                               <stem>.html and <stem>.pdf per brief

The new site is assembled in a staging folder beside DIR (unchanged files are hard-linked from the
previous build) and swapped in with renames, so a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import dataclasses
import logging
import math
import multiprocessing
import os
import shutil
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import routes
from ..brief import SITE_PAGES, SiteEntry, site_entry
from ..brief.cluster_site import KIND as CENTRE
from ..brief.cluster_site import centre_files
from ..cluster_path import cluster_site, is_cluster_file
from ..errors import InputError
from ..exports.registry import TARGETS
from ..files import Document, Output, regular_file
from ..inputs import SUFFIXES
from ..pipeline import Mapper, load, site_briefs, site_pages, static_documents
from ..render import Assets
from ..resources import SOURCE_LANGUAGE, languages
from .cache import assets_fingerprint, content_key, manifest_bytes, read_limit, read_manifest, shared_key, with_logs
from .sitemap import robots_document, sitemap_document
from .staging import MANIFEST, exclusive_lock, make_staging, recover_interrupted, swap_in
from .writer import Writer

log = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1  # prctl(2)
BATCH = 64  # briefs computed and rendered together: large enough to vectorize, small enough to bound memory

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class SiteConfig:
    """What to build and where."""

    inputs: tuple[Path, ...]
    out: Path
    base_url: str | None = None
    pdf: bool = True
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)


@dataclass
class SiteReport:
    """What a build did: how many briefs were rendered and how many reused."""

    briefs: int = 0
    rendered: int = 0
    reused: int = 0
    pages: int = 0
    pdfs_rendered: int = 0   # every PDF: the briefs' and the disclosures'
    brief_pdfs_rendered: int = 0
    reads: set[Path] = field(default_factory=set)  # every file the briefs read: scenario files and their logs


def build_site(config: SiteConfig, progress: Progress | None = None) -> SiteReport:
    """Build the site into ``config.out`` and return what was done; on error the old site stays."""
    files = collect_inputs(config.inputs)
    out = config.out.resolve()
    if out.parent == out:
        raise InputError(config.out, "cannot publish a site into the root of the file system; name a folder")
    if out.exists() and not out.is_dir():
        raise InputError(config.out, "is a file, not a folder to publish the site into")
    inside = [path for path in files if path.resolve().is_relative_to(out)]
    if inside:
        raise InputError(inside[0], f"lies inside the output folder {config.out}, which a build replaces; "
                                    "keep scenario files outside --out")
    with exclusive_lock(out.parent):
        return _build_locked(files, out, config, progress)


def collect_inputs(paths: Iterable[Path]) -> list[Path]:
    """Return the scenario files named or found (one level) in folders, sorted; refuse clashing names."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            try:
                found += sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()
                                and not p.name.startswith("."))  # hidden files, such as a site's own manifest
            except OSError as exc:
                raise InputError(path, f"cannot list the folder: {exc.strerror or exc}") from None
        elif path.exists():
            found.append(path)
        else:
            raise InputError(path, "no such file or folder")
    if not found:
        raise InputError(None, "no scenario files (*.yaml, *.yml, *.json) among the inputs")
    by_stem: dict[str, Path] = {}
    reserved = {Path(p.name).stem for p in SITE_PAGES}
    for path in found:
        if path.stem in reserved:
            raise InputError(path, f"the site has a page of its own called '{path.stem}'; rename the file")
        routes.brief_page(languages()[0], path.stem)  # refuses a name no output file can have
        if path.stem in by_stem and by_stem[path.stem].resolve() != path.resolve():
            raise InputError(path, f"has the same name as {by_stem[path.stem]}; the site needs unique file names")
        by_stem[path.stem] = path
    _refuse_shared_outputs(by_stem)
    return sorted(by_stem.values(), key=lambda p: p.stem)


def _refuse_shared_outputs(by_stem: dict[str, Path]) -> None:
    """Refuse two inputs whose outputs would go to the same file (x.yaml's statement and x.ai-act.en.yaml's
    page), naming both inputs."""
    owner: dict[Output, Path] = {}
    for stem, path in sorted(by_stem.items()):
        for output in _brief_files(stem, True, languages(), path.suffix):
            if output in owner:
                raise InputError(path, f"its brief would go to the same file as an output of {owner[output]} "
                                       f"({output.relpath}); rename one of the two files")
            owner[output] = path


def _build_locked(files: list[Path], out: Path, config: SiteConfig, progress: Progress | None) -> SiteReport:
    """Build the site while holding the lock on its parent folder."""
    recover_interrupted(out)
    assets = Assets()  # read once for this build; the next build reads data/, templates/ and locales/ again
    fingerprint = assets_fingerprint()
    manifest = read_manifest(out)
    previous = {e["stem"]: e for e in manifest.get("entries", [])}
    keys = {path: content_key(path, fingerprint, config.pdf, config.base_url) for path in files}
    report = SiteReport(briefs=len(files), reads=set(files))
    staging = make_staging(out)
    writer = Writer(staging)
    try:
        entries = _briefs(files, keys, previous, out, writer, config, report, progress, assets)
        key = shared_key(fingerprint, config.base_url, entries)
        pages = [routes.root(), *(routes.site_page(lang, p.name) for lang in assets.languages for p in SITE_PAGES)]
        shared = [*pages, routes.robots(), *([routes.sitemap()] if config.base_url else [])]
        if manifest.get("shared_key") == key and all(regular_file(o.path(out)) for o in shared):
            for output in shared:
                writer.reuse(output, out)
            report.pages += len(pages)
        else:
            documents = site_pages(entries, assets.reference, config.base_url, assets)
            maps = [sitemap_document(entries, config.base_url)] if config.base_url else []
            writer.write_all([*documents, robots_document(config.base_url), *maps])
            report.pages += len(documents)
        for document in static_documents(assets):
            writer.write_or_reuse(document, out)
        writer.write(Document(Output.at(MANIFEST), manifest_bytes(key, entries, page_languages(writer.written))))
        swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return report


def _briefs(files: list[Path], keys: dict[Path, str], previous: dict[str, dict[str, Any]], out: Path,
            writer: Writer, config: SiteConfig, report: SiteReport, progress: Progress | None,
            assets: Assets) -> list[SiteEntry]:
    """Return the site entries of all briefs: reused where unchanged, else rendered and written."""
    entries: dict[str, SiteEntry] = {}
    changed: list[Path] = []
    for path in files:
        old = previous.get(path.stem)
        outputs = _previous_files(old, config.pdf, assets.languages, path.suffix) if old is not None else None
        reusable = outputs is not None and all(regular_file(o.path(out)) for o in outputs)
        logs = [str(log) for log in old.get("logs", [])] if old is not None else []
        report.reads |= {path.parent / log for log in logs}
        if old is not None and outputs is not None and reusable and \
                old.get("key") == with_logs(keys[path], path, logs, read_limit(old.get("kind"))):
            for output in outputs:
                writer.reuse(output, out)
            entries[path.stem] = SiteEntry(**old)
            report.reused += 1
        else:
            changed.append(path)
    report.pages += len(assets.languages) * len(files)
    if not changed:
        return [entries[path.stem] for path in files]
    # Validate every changed file before rendering any; then compute and render in batches, so that memory
    # stays bounded however many briefs there are, each batch computed in one vectorized pass.
    ref = assets.reference
    clusters = [path for path in changed if is_cluster_file(path)]  # a centre's year: one file at a time
    loaded = load([path for path in changed if path not in clusters], ref)
    with _pdf_pool(config) as pdf_map:
        for path in clusters:
            made = cluster_site(path, keys[path], config.pdf, config.base_url, assets, pdf_map)
            writer.write_all(made.documents)
            logs = sorted(os.path.relpath(log, path.parent) for log in made.reads)
            report.reads |= set(made.reads)
            key = with_logs(keys[path], path, logs, read_limit(made.entry.kind))
            entries[path.stem] = dataclasses.replace(made.entry, key=key, logs=tuple(logs))
            report.rendered += 1
            report.pdfs_rendered += made.pdfs
            report.brief_pdfs_rendered += made.pdfs  # a centre's PDFs are its briefs: it has no disclosures
        for start in range(0, len(loaded), BATCH):
            for brief in site_briefs(loaded[start:start + BATCH], ref, config.pdf, pdf_map, config.base_url,
                                     assets):
                writer.write_all(brief.documents)
                stem, source = brief.scenario_file.stem, brief.scenario_file.path
                logs = sorted({s.measurement.file for s in brief.scenario_file.scenarios if s.measurement})
                report.reads |= {source.parent / log for log in logs}
                entry = site_entry(stem, with_logs(keys[source], source, logs), brief.views, brief.titles,
                                   len(brief.scenario_file.scenarios), config.pdf)
                entries[stem] = dataclasses.replace(entry, logs=tuple(logs))
                report.rendered += 1
                report.pdfs_rendered += brief.pdfs
                report.brief_pdfs_rendered += len(brief.views) if config.pdf else 0
                if progress:
                    progress(report.rendered, len(loaded), brief.scenario_file.path.name)
    return [entries[path.stem] for path in files]


def page_languages(outputs: Iterable[Output]) -> dict[str, str]:
    """Return the language of every HTML file written, by its path: its language folder's, else the root's."""
    codes = languages()
    return {o.relpath: o.parts[0] if len(o.parts) > 1 and o.parts[0] in codes else SOURCE_LANGUAGE
            for o in sorted(outputs) if o.parts[-1].endswith(".html")}


def _brief_files(stem: str, pdf: bool, languages: tuple[str, ...], suffix: str) -> list[Output]:
    """Return the site's files of one brief (``suffix``: its scenario file's, such as ".yaml")."""
    return [o for lang in languages
            for o in (routes.brief_page(lang, stem), *([routes.brief_pdf(lang, stem)] if pdf else []),
                      routes.brief_source(lang, stem, suffix[1:].lower()), routes.brief_data(lang, stem),
                      *(o for target in TARGETS.values() for o in target.outputs(stem, lang, lang, pdf)))]


def _previous_files(old: dict[str, Any], pdf: bool, languages: tuple[str, ...], suffix: str) -> list[Output] | None:
    """Return the files the previous build wrote for one entry of its manifest: a centre's page, PDF and group
    pages, or a brief's; None where the manifest cannot say."""
    if old.get("kind") == CENTRE:
        groups = old.get("groups") or []
        return centre_files(old["stem"], groups, pdf, languages) if isinstance(groups, list) else None
    return _brief_files(old["stem"], pdf, languages, suffix)


@contextmanager
def _pdf_pool(config: SiteConfig) -> Iterator[Mapper]:
    """Yield the map that renders PDFs: a pool of worker processes, or this process."""
    if not config.pdf or config.jobs <= 1:
        yield map
        return
    # Spawned, not forked, so that a worker never holds the build's lock; and bound to die with the build, so
    # that a killed build leaves no worker behind.
    with ProcessPoolExecutor(max_workers=config.jobs, mp_context=multiprocessing.get_context("spawn"),
                             initializer=die_with_parent, initargs=(os.getpid(),)) as pool:

        def spread(render: Any, documents: Iterable[Any]) -> Iterator[tuple[bytes, int]]:
            """Return the rendered PDFs, one share per worker: a worker parses the print style once per share."""
            jobs = list(documents)
            return pool.map(render, jobs, chunksize=max(1, math.ceil(len(jobs) / config.jobs)))

        yield spread


def die_with_parent(parent: int) -> None:
    """Have the kernel end this worker when the build that started it ends, however it ends (Linux)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: a worker then ends when its task pipe closes
        return
    if os.getppid() != parent:  # the build died before the request took hold
        os._exit(1)
