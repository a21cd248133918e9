"""The one writer that owns the disk: each file atomically, each path once per build, never outside its root."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from ..errors import ReportgenError
from ..files import Document, Output, remove_stale_temporaries, write_atomic


class Writer:
    """Writes the files of one build below ``root``; refuses a second write to a path and any path outside."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.written: set[Output] = set()

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
        if path.parent.is_dir():
            remove_stale_temporaries(path)
        write_atomic(path, document.data)
        return path

    def write_all(self, documents: Iterable[Document]) -> list[Path]:
        """Write every document; return their paths."""
        return [self.write(d) for d in documents]

    def reuse(self, output: Output, previous_root: Path) -> bool:
        """Hard-link (or copy) ``output`` from a previous build's folder; return False where it is missing."""
        source = output.path(previous_root)
        if not source.is_file():
            return False
        target = self.target(output)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
        return True
