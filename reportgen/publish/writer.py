"""The one writer that owns the disk: each file atomically, each path once per build, never outside its root."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from ..errors import ReportgenError
from ..files import Document, Output, regular_file, stale_temporaries, write_atomic


class Writer:
    """Writes the files of one build below ``root``; refuses a second write to a path and any path outside."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.written: set[Output] = set()
        self._leftovers: dict[Path, dict[str, list[Path]]] = {}  # each folder listed once per build

    def target(self, output: Output) -> Path:
        """Return the path ``output`` goes to, claiming it for this build; refuse a claimed or escaping path."""
        if output in self.written:
            raise ReportgenError(f"{output.relpath}: two outputs of this build go to the same file")
        path = output.path(self.root)
        parent = path.parent.resolve() if path.parent.exists() else path.parent
        if not parent.is_relative_to(self.root) or path.is_symlink():
            raise ReportgenError(f"{path}: refusing to write outside the output folder {self.root}")
        self.written.add(output)
        return path

    def write(self, document: Document) -> Path:
        """Write one document atomically and return its path."""
        path = self.target(document.output)
        if path.parent not in self._leftovers:
            self._leftovers[path.parent] = stale_temporaries(path.parent)
        for leftover in self._leftovers[path.parent].pop(path.name, []):
            leftover.unlink(missing_ok=True)
        write_atomic(path, document.data)
        return path

    def write_all(self, documents: Iterable[Document]) -> list[Path]:
        """Write every document; return their paths."""
        return [self.write(d) for d in documents]

    def reuse(self, output: Output, previous_root: Path) -> bool:
        """Hard-link (or copy) ``output`` from a previous build's folder; return False where it is missing or
        is not a regular file of its own (a symbolic link planted there is never carried over)."""
        source = output.path(previous_root)
        if not regular_file(source):
            return False
        target = self.target(output)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target, follow_symlinks=False)
        return True

    def write_or_reuse(self, document: Document, previous_root: Path) -> Path:
        """Write ``document``, or hard-link the previous build's identical file (an unchanged rebuild of a site
        then needs no room on the disk for its stylesheets and fonts)."""
        source = document.output.path(previous_root)
        if regular_file(source) and source.stat().st_size == len(document.data) and source.read_bytes() == \
                document.data and self.reuse(document.output, previous_root):
            return document.output.path(self.root)
        return self.write(document)
