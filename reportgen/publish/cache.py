"""What a site build may reuse: content keys of briefs and shared pages, and the previous build's manifest.

A brief is rendered again only when its content key changes: the hash of its scenario file, and a
fingerprint of the code, templates, catalogs and data.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .. import __version__
from ..brief import SiteEntry
from ..errors import InputError
from ..resources import asset_root
from .staging import MANIFEST

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def assets_fingerprint() -> str:
    """Return a hash of everything besides the scenario file that shapes a brief: code, templates, catalogs, data."""
    digest = hashlib.sha256(__version__.encode())
    roots = [PACKAGE_DIR] + [asset_root() / n for n in ("templates", "locales", "data")]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix not in (".pyc",) and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def content_key(path: Path, fingerprint: str, pdf: bool, base_url: str | None = None) -> str:
    """Return the cache key of one scenario file's briefs (their pages name the site's base URL)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc.strerror or exc}") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    parts = [fingerprint.encode(), data, epoch.encode(), b"pdf" if pdf else b"", (base_url or "").encode()]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def shared_key(fingerprint: str, base_url: str | None, entries: list[SiteEntry]) -> str:
    """Return the cache key of the pages shared by all briefs: they change when any entry changes."""
    parts = [fingerprint, base_url or "", os.environ.get("SOURCE_DATE_EPOCH", "")]
    parts += [f"{e.stem}={e.key}" for e in entries]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def read_manifest(out: Path) -> dict[str, Any]:
    """Return the previous build's manifest, or an empty one if there is none that can be used."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("entries"), list):
            return data
    except (OSError, ValueError):
        pass
    return {}


def manifest_bytes(key: str, entries: list[SiteEntry], languages: dict[str, str]) -> bytes:
    """Return the manifest of a build: the shared pages' key, every brief's entry and each page's language."""
    return json.dumps({"version": __version__, "shared_key": key, "entries": [asdict(e) for e in entries],
                       "languages": languages},
                      ensure_ascii=False, indent=1, sort_keys=True).encode()
