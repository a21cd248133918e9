"""What the ``export`` command wrote into a folder: each file's SHA-256, so that a later export replaces only
reportgen's own files, unchanged since, and refuses any other file of the same name."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from .. import routes
from ..errors import InputError
from ..files import Document

MANIFEST_LIMIT = 4 * 1024 * 1024


def digest(data: bytes) -> str:
    """Return the SHA-256 of ``data`` in hexadecimal."""
    return hashlib.sha256(data).hexdigest()


def read_manifest(root: Path) -> dict[str, str]:
    """Return the folder's record of reportgen's exports (path -> digest); empty where there is none or it is
    unreadable (then no file counts as reportgen's own)."""
    path = routes.export_manifest().path(root)
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > MANIFEST_LIMIT:
            return {}
        files = json.loads(path.read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def refuse_foreign_files(root: Path, documents: Sequence[Document], manifest: dict[str, str]) -> None:
    """Raise InputError, before anything is written, where a file of the export is already in the folder and is
    not reportgen's own as it left it."""
    foreign = []
    for document in documents:
        path = document.output.path(root)
        if path.is_symlink() or (path.exists() and not _own(path, manifest.get(document.output.relpath))):
            foreign.append(document.output.relpath)
    if foreign:
        raise InputError(root, f"--out: {', '.join(foreign)} already there and not as reportgen wrote it; "
                               "use --force to replace it, or another folder")


def manifest_document(manifest: dict[str, str]) -> Document:
    """Return the manifest as a document, its paths sorted."""
    data = json.dumps({"files": dict(sorted(manifest.items()))}, indent=2) + "\n"
    return Document(routes.export_manifest(), data.encode("utf-8"))


def _own(path: Path, recorded: str | None) -> bool:
    """Return whether the file at ``path`` is the one reportgen recorded."""
    if recorded is None or not path.is_file():
        return False
    try:
        return digest(path.read_bytes()) == recorded
    except OSError:
        return False
