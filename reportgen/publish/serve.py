"""The live preview: the site built into a temporary folder, served on 127.0.0.1, rebuilt on every change.

An edit to a scenario file, a template, a catalog or data/ rebuilds the site in two passes, each incremental
(content keys): HTML first, so the open page reloads within moments, then with PDFs. Each pass has its own
folder, and the server shows the newest complete one. A served page gets a small script that asks for the
build number and reloads when it changes; the files themselves stay free of JavaScript, as the published
site is. A build that fails keeps the last good site on show, with its error in the page.
"""

from __future__ import annotations

import logging
import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import routes
from ..errors import ReportgenError
from ..inputs import SUFFIXES
from ..resources import data_dir, locales_dir, templates_dir
from .preview import PreviewState, start_server
from .site import SiteConfig, build_site, collect_inputs

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
PASSES = (("html", False), ("full", True))  # folder below the preview's root, and whether it has PDFs


@dataclass(frozen=True)
class ServeConfig:
    """What to preview, and where to serve it."""

    inputs: tuple[Path, ...]
    port: int = 8000
    pdf: bool = True
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)


def serve_preview(config: ServeConfig, ready: Callable[[str, list[str]], None]) -> None:
    """Build, serve and rebuild on change until interrupted; call ``ready`` with the address and the brief
    pages once the server listens."""
    files = collect_inputs(config.inputs)  # a missing input is a mistake to report now, not a page to show
    state = PreviewState()
    with tempfile.TemporaryDirectory(prefix="reportgen-preview-") as tmp:
        root = Path(tmp)
        server = start_server(HOST, config.port, state)
        stop = threading.Event()
        previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            address = f"http://{HOST}:{server.server_address[1]}/"
            ready(address, [address + routes.brief_page("en", path.stem).url for path in files])
            rebuild(config, root, state)
            assets = _asset_folders()
            for changes in _changes(config, root, assets, stop):
                log.info("changed: %s", ", ".join(sorted(changes)))
                rebuild(config, root, state)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            server.shutdown()
            server.server_close()


def rebuild(config: ServeConfig, root: Path, state: PreviewState) -> None:
    """Build the site again, HTML first and then with PDFs, and show each pass once it is complete."""
    state.set_busy(True)
    try:
        for name, pdf in PASSES[: 2 if config.pdf else 1]:
            folder = root / name
            try:
                build_site(SiteConfig(inputs=config.inputs, out=folder, pdf=pdf, jobs=config.jobs))
            except ReportgenError as exc:
                state.failed(str(exc))
                log.warning("the page shows this mistake, beside the last good build:\n%s", exc)
                return
            except Exception as exc:  # a bug, not the author's mistake: keep the preview running and say so
                log.exception("the preview could not be built")
                state.failed(f"internal error: {type(exc).__name__}: {exc}")
                return
            state.built(folder)
            log.info("rebuilt: %s", "the pages with their PDFs" if pdf else "the pages")
    finally:
        state.set_busy(False)


def _changes(config: ServeConfig, root: Path, assets: tuple[Path, ...],
             stop: threading.Event) -> Iterator[set[str]]:
    """Yield the sets of changed paths that matter: scenario files among the inputs, templates, catalogs, data."""
    from watchfiles import watch

    inputs = [path.resolve() for path in config.inputs]
    folders = [p if p.is_dir() else p.parent for p in inputs] + list(assets)
    named = {p for p in inputs if not p.is_dir()}
    watched = {p for p in inputs if p.is_dir()}

    def matters(_change: Any, name: str) -> bool:
        path = Path(name).resolve()
        if path.is_relative_to(root) or path.name.startswith("."):
            return False
        if _inside(name, assets):
            return True
        return path in named or (path.parent in watched and path.suffix.lower() in SUFFIXES)

    # A file is watched through its folder: editors save by writing a new file and renaming it over the old.
    for changes in watch(*sorted(set(folders)), watch_filter=matters, stop_event=stop, debounce=200,
                         raise_interrupt=False):
        yield {path for _, path in changes}


def _asset_folders() -> tuple[Path, ...]:
    """Return the folders of the templates, catalogs and reference tables, resolved once."""
    return tuple(folder.resolve() for folder in (templates_dir(), locales_dir(), data_dir()))


def _inside(name: str, folders: tuple[Path, ...]) -> bool:
    """Return whether a changed path lies in one of ``folders``."""
    path = Path(name).resolve()
    return any(path.is_relative_to(folder) for folder in folders)
