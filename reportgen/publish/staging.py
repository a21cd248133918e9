"""Builds as transactions: a lock per output folder, a staging folder beside it, a swap by renames.

A failed build leaves the previous site as it was; a killed one is cleaned up by the next build.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError
from ..files import process_alive

log = logging.getLogger(__name__)

MANIFEST = ".reportgen-manifest.json"
STAGING_MARK = ".reportgen-staging-"
RETIRED_MARK = ".reportgen-retired-"


@contextmanager
def exclusive_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (no lock file is left behind), so builds into it take turns."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise InputError(folder, f"cannot use this folder: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # say why nothing happens rather than wait in silence
            log.warning("%s: another reportgen build is writing into this folder; waiting for it to finish "
                        "(Ctrl-C stops)", folder, extra={"transient": True})
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


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
            raise InputError(out, "exists and was not made by reportgen site; refusing to replace it")
        os.rename(out, retired)
    os.rename(staging, out)
    shutil.rmtree(retired, ignore_errors=True)


def recover_interrupted(out: Path) -> None:
    """Clean up after a build that was killed: restore a retired site if it was never replaced, drop staging."""
    parent = out.parent
    if not parent.is_dir():
        return
    for leftover in _leftovers(parent, RETIRED_MARK, out.name):
        if not out.exists():
            os.rename(leftover, out)
        else:
            shutil.rmtree(leftover, ignore_errors=True)
    for leftover in _leftovers(parent, STAGING_MARK, out.name):
        if not _alive(int(leftover.name.rsplit("-", 1)[-1])):
            shutil.rmtree(leftover, ignore_errors=True)


def _leftovers(parent: Path, mark: str, name: str) -> list[Path]:
    """Return the folders a build of ``name`` left, exactly: never those of a sibling such as ``name-b``."""
    pattern = re.compile(re.escape(f"{mark}{name}-") + r"(\d+)$")
    return sorted(p for p in parent.iterdir() if pattern.match(p.name))


def _alive(pid: int) -> bool:
    """Return whether another process with this id runs (a concurrent build's staging folder must stay)."""
    return pid != os.getpid() and process_alive(pid)
