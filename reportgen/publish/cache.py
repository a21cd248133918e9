"""What a site build may reuse: content keys of briefs and shared pages, and the previous build's manifest.

A brief is rendered again only when its content key changes: the hash of its scenario file and of every log
it reads (a centre's: its cluster file, accounting exports and groups table), and a fingerprint of the code,
templates, catalogs and data.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .. import __version__
from ..brief import SiteEntry
from ..brief.cluster_site import KIND as CENTRE
from ..files import digest_bounded
from ..inputs.document import MAX_JSON_BYTES
from ..measure.text import MAX_LOG_BYTES
from ..resources import asset_root
from .staging import MANIFEST

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# A centre's accounting exports and groups table are hashed whole, in chunks: a national centre's year is several
# GB, and a changed export past a smaller bound would leave its pages as they were.
MAX_ACCOUNTING_BYTES = 1 << 40


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
    """Return the cache key of one scenario file's briefs (their pages name the site's base URL), read with a
    bound: a pipe, a device or an oversized file gets a key of its own, and loading it then says what is wrong."""
    data = digest_bounded(path, MAX_JSON_BYTES) or "unreadable"
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    parts = [fingerprint, data, epoch, "pdf" if pdf else "", base_url or ""]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def with_logs(key: str, path: Path, logs: Iterable[str], limit: int = MAX_LOG_BYTES) -> str:
    """Return a brief's key with the content of every log it reads (named relative to its scenario file; each
    of at most ``limit`` bytes), so that a changed log renders the brief again."""
    parts = [key] + [f"{log}={digest_bounded(path.parent / log, limit) or 'unreadable'}" for log in sorted(logs)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest() if len(parts) > 1 else key


def read_limit(kind: object) -> int:
    """Return how much of each file a site entry reads goes into its key: a centre's accounting whole."""
    return MAX_ACCOUNTING_BYTES if kind == CENTRE else MAX_LOG_BYTES


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
