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
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import routes
from ..errors import ReportgenError
from ..files import process_alive
from ..inputs import SUFFIXES
from ..resources import data_dir, locales_dir, templates_dir
from .preview import PreviewState, start_server
from .site import SiteConfig, build_site, collect_inputs

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
PASSES = (("html", False), ("full", True))  # folder below the preview's root, and whether it has PDFs
TEMP_PREFIX = "reportgen-preview-"  # then the server's process id: a killed preview's folder is found by it


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
    remove_abandoned_previews(Path(tempfile.gettempdir()))
    state = PreviewState()
    with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-") as tmp:
        root = Path(tmp)
        server = start_server(HOST, config.port, state)
        stop = threading.Event()
        previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            address = f"http://{HOST}:{server.server_address[1]}/"
            ready(address, [address + routes.brief_page("en", path.stem).url for path in files])
            watcher = Watcher(config, root, stop)
            watcher.follow(set(files))  # from here on no edit is lost, not even one made during the first build
            reads = rebuild(config, root, state)
            while (changes := watcher.follow(reads).next()) is not None:
                log.info("changed: %s", ", ".join(sorted(changes)))
                reads = rebuild(config, root, state) or reads
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            server.shutdown()
            server.server_close()


def rebuild(config: ServeConfig, root: Path, state: PreviewState) -> set[Path]:
    """Build the site again, HTML first and then with PDFs, and show each pass once it is complete; return
    the files the build read (none where it failed)."""
    state.set_busy(True)
    reads: set[Path] = set()
    try:
        for name, pdf in PASSES[: 2 if config.pdf else 1]:
            folder = root / name
            try:
                reads |= build_site(SiteConfig(inputs=config.inputs, out=folder, pdf=pdf, jobs=config.jobs)).reads
            except ReportgenError as exc:
                state.failed(str(exc))
                log.warning("the page shows this mistake, beside the last good build:\n%s", exc)
                return set()
            except Exception as exc:  # a bug, not the author's mistake: keep the preview running and say so
                log.exception("the preview could not be built")
                state.failed(f"internal error: {type(exc).__name__}: {str(exc)[:200]}")
                return set()
            state.built(folder)
            log.info("rebuilt: %s", "the pages with their PDFs" if pdf else "the pages")
    finally:
        state.set_busy(False)
    return reads


class Watcher:
    """The changes that matter: scenario files among the inputs, the logs they read, templates, catalogs, data.

    Changes are collected from the moment ``follow`` first returns, also while a build runs; when the files to
    watch change (a scenario file names a new log), the new watch starts before the old one stops, and one
    rebuild follows, so that nothing that changed in between is missed.
    """

    def __init__(self, config: ServeConfig, root: Path, stop: threading.Event) -> None:
        self.inputs = [path.resolve() for path in config.inputs]
        self.root, self.stop, self.assets = root, stop, _asset_folders()
        self.files: set[Path] = set()
        self.pending: set[str] = set()
        self.changes: Generator[set[tuple[Any, str]], None, None] | None = None

    def follow(self, reads: set[Path]) -> Watcher:
        """Watch the inputs and ``reads`` (the logs among them) from now on; return this watcher."""
        files = {path.resolve() for path in reads}
        if self.changes is not None and files <= self.files:
            return self
        from watchfiles import watch

        self.files |= files
        folders = {p if p.is_dir() else p.parent for p in [*self.inputs, *self.files]} | set(self.assets)
        changes = watch(*sorted(f for f in folders if f.is_dir()), watch_filter=self._matters, stop_event=self.stop,
                        debounce=200, raise_interrupt=False, yield_on_timeout=True, rust_timeout=200)
        self.pending |= {path for _, path in next(changes, set())}  # the watch runs once it first answered
        if self.changes is not None:
            self.changes.close()
            self.pending.add("(files to watch)")
        self.changes = changes
        return self

    def next(self) -> set[str] | None:
        """Return the next set of changed paths; None once the preview stops."""
        if self.pending:
            found, self.pending = self.pending, set()
            return found
        for changes in self.changes or ():
            if changes:
                return {path for _, path in changes}
        return None

    def _matters(self, _change: Any, name: str) -> bool:
        """Return whether a changed path is one a build reads."""
        path = Path(name).resolve()
        if path.is_relative_to(self.root) or path.name.startswith("."):
            return False
        if any(path.is_relative_to(folder) for folder in self.assets) or path in self.files or path in self.inputs:
            return True
        # A file is watched through its folder: editors save by writing a new file and renaming it over the old.
        return path.parent in self.inputs and path.suffix.lower() in SUFFIXES


def remove_abandoned_previews(temp: Path) -> None:
    """Remove the temporary folders of this user's previews that were killed (their process is gone)."""
    pattern = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)-")
    try:
        entries = list(os.scandir(temp))
    except OSError:
        return
    for entry in entries:
        match = pattern.match(entry.name)
        try:
            mine = entry.is_dir(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_uid == os.getuid()
        except OSError:
            continue
        if match and mine and int(match[1]) != os.getpid() and not process_alive(int(match[1])):
            shutil.rmtree(entry.path, ignore_errors=True)


def _asset_folders() -> tuple[Path, ...]:
    """Return the folders of the templates, catalogs and reference tables, resolved once."""
    return tuple(folder.resolve() for folder in (templates_dir(), locales_dir(), data_dir()))
