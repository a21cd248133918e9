"""The static site: every brief in both languages, as pages and PDFs, built incrementally and atomically.

Layout of ``--out DIR``::

    index.html                 language choice
    static/                    stylesheets and fonts
    sitemap.xml
    nl/ and en/                index.html (overview), <stem>.html and <stem>.pdf per brief,
                               benchmark.html, case-study.html, method.html

A brief is rendered again only when its content key changes: the hash of its scenario file, the language,
and a fingerprint of the code, templates, catalogs and data. The new site is assembled in a staging folder
beside DIR (unchanged files are hard-linked from the previous build) and swapped in with renames, so a
failed build leaves the previous site as it was.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .brief import BriefView, build_view, compute_many
from .errors import InputError, ReportgenError
from .i18n import LANGUAGES
from .output import build_date, process_alive, write_atomic
from .reference import load_reference
from .render import make_env, render_brief_html, render_pdf_bytes
from .resources import asset_root, templates_dir
from .scenario import ScenarioFile, load_scenarios
from .sitepages import SHARED_PAGES, SiteEntry, render_site_pages

log = logging.getLogger(__name__)

SCENARIO_SUFFIXES = (".yaml", ".yml", ".json")
BATCH = 64  # briefs computed and rendered together: large enough to vectorize, small enough to bound memory
MANIFEST = ".reportgen-manifest.json"
STAGING_MARK = ".reportgen-staging-"
RETIRED_MARK = ".reportgen-retired-"

Progress = Callable[[int, int, str], None]
SHARED_FILES = ("index.html", "sitemap.xml", *(f"{lang}/{page}" for lang in LANGUAGES for page in SHARED_PAGES))


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
    pdfs_rendered: int = 0


def build_site(config: SiteConfig, progress: Progress | None = None) -> SiteReport:
    """Build the site into ``config.out`` and return what was done; on error the old site stays."""
    files = collect_inputs(config.inputs)
    out = config.out.resolve()
    with exclusive_lock(out.parent):
        return _build_locked(files, out, config, progress)


@contextmanager
def exclusive_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (no lock file is left behind), so builds into it take turns."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise InputError(folder, f"cannot use this folder: {exc.strerror or exc}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _build_locked(files: list[Path], out: Path, config: SiteConfig, progress: Progress | None) -> SiteReport:
    """Build the site while holding the lock on its parent folder."""
    recover_interrupted(out)
    fingerprint = assets_fingerprint()
    manifest = read_manifest(out)
    previous = {e["stem"]: e for e in manifest.get("entries", [])}
    keys = {path: content_key(path, fingerprint, config.pdf) for path in files}
    report = SiteReport(briefs=len(files))
    staging = make_staging(out)
    try:
        entries = _render_briefs(files, keys, previous, out, staging, config, report, progress)
        shared_key = _shared_key(fingerprint, config.base_url, entries)
        if manifest.get("shared_key") == shared_key and _reuse_files(SHARED_FILES, out, staging):
            report.pages += len(SHARED_FILES) - 1
        else:
            report.pages += render_site_pages(entries, staging, load_reference(), config.base_url, _write)
        _copy_static(staging / "static")
        _write(staging / MANIFEST, json.dumps({"version": __version__, "shared_key": shared_key,
                                               "entries": [asdict(e) for e in entries]},
                                              ensure_ascii=False, indent=1, sort_keys=True).encode())
        swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return report


def collect_inputs(paths: Iterable[Path]) -> list[Path]:
    """Return the scenario files named or found (one level) in folders, sorted; refuse clashing names."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() in SCENARIO_SUFFIXES and p.is_file())
        elif path.exists():
            found.append(path)
        else:
            raise InputError(path, "no such file or folder")
    if not found:
        raise InputError(None, "no scenario files (*.yaml, *.yml, *.json) among the inputs")
    by_stem: dict[str, Path] = {}
    for path in found:
        if path.stem in by_stem and by_stem[path.stem].resolve() != path.resolve():
            raise InputError(path, f"has the same name as {by_stem[path.stem]}; the site needs unique file names")
        by_stem[path.stem] = path
    return sorted(by_stem.values(), key=lambda p: p.stem)


def assets_fingerprint() -> str:
    """Return a hash of everything besides the scenario file that shapes a brief: code, templates, catalogs, data."""
    digest = hashlib.sha256(__version__.encode())
    roots = [Path(__file__).resolve().parent] + [asset_root() / n for n in ("templates", "locales", "data")]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix not in (".pyc",) and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def content_key(path: Path, fingerprint: str, pdf: bool) -> str:
    """Return the cache key of one scenario file's briefs."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc.strerror or exc}") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return hashlib.sha256(b"\0".join([fingerprint.encode(), data, epoch.encode(), b"pdf" if pdf else b""])).hexdigest()


def read_manifest(out: Path) -> dict[str, Any]:
    """Return the previous build's manifest, or an empty one if there is none that can be used."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("entries"), list):
            return data
    except (OSError, ValueError):
        pass
    return {}


def _shared_key(fingerprint: str, base_url: str | None, entries: list[SiteEntry]) -> str:
    """Return the cache key of the pages shared by all briefs: they change when any entry changes."""
    parts = [fingerprint, base_url or "", os.environ.get("SOURCE_DATE_EPOCH", "")]
    parts += [f"{e.stem}={e.key}" for e in entries]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _reuse_files(names: Iterable[str], out: Path, staging: Path) -> bool:
    """Link the named files of the previous build into ``staging``; return False if any is missing."""
    names = list(names)
    if not all((out / n).is_file() for n in names):
        return False
    for name in names:
        _link_or_copy(out / name, staging / name)
    return True


def _render_briefs(files: list[Path], keys: dict[Path, str], previous: dict[str, dict[str, Any]], out: Path,
                   staging: Path, config: SiteConfig, report: SiteReport,
                   progress: Progress | None) -> list[SiteEntry]:
    """Return the site entries of all briefs, writing their pages and PDFs into ``staging``."""
    entries: dict[str, SiteEntry] = {}
    changed: list[Path] = []
    for path in files:
        old = previous.get(path.stem)
        if old is not None and old.get("key") == keys[path] and _reuse_files(_brief_files(old["stem"], config.pdf),
                                                                             out, staging):
            entries[path.stem] = SiteEntry(**old)
            report.reused += 1
        else:
            changed.append(path)
    if not changed:
        report.pages += len(LANGUAGES) * len(files)
        return [entries[path.stem] for path in files]
    # Validate every changed file before rendering any; then compute and render in batches, so that memory
    # stays bounded however many briefs there are, each batch computed in one vectorized pass.
    ref = load_reference()
    loaded = [load_scenarios(path, ref) for path in changed]
    keys_by_stem = {path.stem: keys[path] for path in changed}
    envs = {lang: make_env(lang) for lang in LANGUAGES}
    done = 0
    with _pdf_pool(config) as pool:
        for start in range(0, len(loaded), BATCH):
            batch = loaded[start:start + BATCH]
            pdf_jobs: list[tuple[Path, BriefView]] = []
            for scenario_file, computed in zip(batch, compute_many(batch, ref), strict=True):
                date = build_date(scenario_file)
                views = {lang: build_view(scenario_file, lang, ref, date, computed) for lang in LANGUAGES}
                for lang, view in views.items():
                    html = render_site_brief(view, envs[lang], scenario_file.stem)
                    _write(staging / lang / f"{scenario_file.stem}.html", html.encode("utf-8"))
                    if config.pdf:
                        pdf_jobs.append((staging / lang / f"{scenario_file.stem}.pdf", view))
                entries[scenario_file.stem] = _entry(scenario_file, keys_by_stem[scenario_file.stem], views)
                report.rendered += 1
                done += 1
                if progress:
                    progress(done, len(loaded), scenario_file.path.name)
            report.pdfs_rendered += _render_pdfs(pdf_jobs, pool, envs)
    report.pages += len(LANGUAGES) * len(files)
    return [entries[path.stem] for path in files]


@contextmanager
def _pdf_pool(config: SiteConfig) -> Iterator[ProcessPoolExecutor | None]:
    """Yield a pool of worker processes for PDFs, or None to render them in this process."""
    if not config.pdf or config.jobs <= 1:
        yield None
        return
    with ProcessPoolExecutor(max_workers=config.jobs) as pool:
        yield pool


def render_site_brief(view: BriefView, env: Any, stem: str) -> str:
    """Return the site page of one brief."""
    template = env.get_template("site/brief.html")
    return str(template.render(v=view, lang=view.lang, static="../static/", page=f"{stem}.html", stem=stem,
                               languages=LANGUAGES))


def _entry(scenario_file: ScenarioFile, key: str, views: dict[str, BriefView]) -> SiteEntry:
    """Return what the overview pages need to know of one brief, per language."""
    head = next(iter(views.values())).headline
    return SiteEntry(
        stem=scenario_file.stem, key=key,
        titles={lang: v.title for lang, v in views.items()},
        headline_names={lang: v.headline.name for lang, v in views.items()},
        headline_t=head.co2e_t, headline_low_t=head.co2e_low_t, headline_high_t=head.co2e_high_t, date=next(iter(views.values())).date.isoformat(),
        scenarios=len(scenario_file.scenarios),
    )


def _brief_files(stem: str, pdf: bool) -> list[str]:
    """Return the site's files of one brief, relative to the site's root."""
    return [f"{lang}/{stem}.{ext}" for lang in LANGUAGES for ext in (("html", "pdf") if pdf else ("html",))]


def _render_pdfs(jobs: list[tuple[Path, BriefView]], pool: ProcessPoolExecutor | None, envs: dict[str, Any]) -> int:
    """Render the PDFs of the given briefs (in the pool's workers where there is one); return how many."""
    tasks = [render_brief_html(view, envs[view.lang]) for _, view in jobs]
    results: Iterable[bytes] = pool.map(render_pdf_bytes, tasks) if pool else map(render_pdf_bytes, tasks)
    for (target, _), data in zip(jobs, results, strict=True):
        _write(target, data)
    return len(jobs)


def _write(path: Path, data: bytes) -> None:
    """Write one file of the site into the staging folder."""
    write_atomic(path, data)


def _link_or_copy(source: Path, target: Path) -> None:
    """Hard-link ``source`` to ``target`` (same file system), else copy it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _copy_static(target: Path) -> None:
    """Copy the site's stylesheets and fonts."""
    shutil.copytree(templates_dir() / "static", target, dirs_exist_ok=True)


def make_staging(out: Path) -> Path:
    """Return a fresh staging folder beside ``out``; refuse an output folder that cannot be written."""
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = parent / f"{STAGING_MARK}{out.name}-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
    except OSError as exc:
        raise InputError(out, f"cannot write the site here: {exc.strerror or exc}") from None
    if out.exists() and not os.access(out, os.W_OK):
        shutil.rmtree(staging, ignore_errors=True)
        raise InputError(out, "the output folder is read-only")
    return staging


def swap_in(staging: Path, out: Path) -> None:
    """Replace ``out`` with ``staging`` by renames; the previous site is removed only once the new one is in."""
    retired = out.parent / f"{RETIRED_MARK}{out.name}-{os.getpid()}"
    if out.exists():
        if not (out / MANIFEST).exists() and any(out.iterdir()):
            raise ReportgenError(f"{out} exists and was not made by reportgen site; refusing to replace it")
        os.rename(out, retired)
    os.rename(staging, out)
    shutil.rmtree(retired, ignore_errors=True)


def recover_interrupted(out: Path) -> None:
    """Clean up after a build that was killed: restore a retired site if it was never replaced, drop staging."""
    parent = out.parent
    if not parent.is_dir():
        return
    for leftover in sorted(parent.glob(f"{RETIRED_MARK}{out.name}-*")):
        if not out.exists():
            os.rename(leftover, out)
        else:
            shutil.rmtree(leftover, ignore_errors=True)
    for leftover in parent.glob(f"{STAGING_MARK}{out.name}-*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if not (pid.isdigit() and _alive(int(pid))):
            shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    """Return whether another process with this id runs (a concurrent build's staging folder must stay)."""
    return pid != os.getpid() and process_alive(pid)
