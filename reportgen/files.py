"""Files: bounded reading of one input, where each output goes (its path and its URL), atomic writing.

Every file reportgen writes goes through ``write_atomic``: a temporary file in the same folder, then a
rename, so an error or a kill never leaves half a file behind. Where a file goes is an ``Output``: its
path below the output folder and its URL-encoded address, built in one place.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .errors import InputError, ReportgenError


@dataclass(frozen=True, order=True)
class Output:
    """One output file, by its path segments below the output folder."""

    parts: tuple[str, ...]

    @classmethod
    def at(cls, *parts: str) -> Output:
        """Return the output at the given path segments (no segment may climb out or be empty)."""
        if not parts or any(p in ("", ".", "..") or "/" in p or "\\" in p or "\0" in p for p in parts):
            raise InputError(None, f"cannot name an output file {'/'.join(parts)[:80]!r}: a name may not hold "
                                   "a slash, a backslash or a NUL, nor be '.' or '..'")
        return cls(tuple(parts))

    @property
    def relpath(self) -> str:
        """Return the path below the output folder, with forward slashes."""
        return "/".join(self.parts)

    @property
    def url(self) -> str:
        """Return the address of the file from the output folder's root, URL-encoded."""
        return "/".join(quote(p, safe="") for p in self.parts)

    def path(self, root: Path) -> Path:
        """Return the file's path below ``root``."""
        return root.joinpath(*self.parts)

    def url_from(self, page: Output) -> str:
        """Return the relative, URL-encoded address of this file as seen from ``page``."""
        here = posixpath.dirname(page.relpath) or "."
        relative = posixpath.relpath(self.relpath, here)
        return "/".join(p if p == ".." else quote(p, safe="") for p in relative.split("/"))


@dataclass(frozen=True)
class Document:
    """One rendered file and where it goes below the output folder."""

    output: Output
    data: bytes


def read_bounded(path: Path, limit: int, what: str, hint: str = "") -> bytes:
    """Return the bytes of a regular file of at most ``limit`` bytes; refuse anything else with InputError.

    A pipe, a device or a socket is never opened (reading one could hang or never end), and a file's size is
    checked before it is read, so a sparse or growing file cannot take all memory.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(path, f"no such {what}") from None
    except OSError as exc:
        raise InputError(path, f"cannot read the {what}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, f"is a directory, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(path, f"is not a regular file (a pipe, a device or a socket), not a {what}")
    if info.st_size > limit:
        raise InputError(path, f"the {what} is {info.st_size:,} bytes; the limit is {limit:,}{hint}")
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(path, f"cannot read the {what}: {exc.strerror or exc}") from None
    if len(data) > limit:  # it grew while being read
        raise InputError(path, f"the {what} is more than {limit:,} bytes{hint}")
    return data


def digest_bounded(path: Path, limit: int) -> str | None:
    """Return the SHA-256 of a regular file of at most ``limit`` bytes, read in chunks; None for anything else.

    Like ``read_bounded``, a pipe or a device is never opened and the size is checked first; the reader that
    loads the file later reports why it is unusable.
    """
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        digest = hashlib.sha256()
        left = limit + 1
        with path.open("rb") as handle:
            while left > 0 and (chunk := handle.read(min(left, 1 << 20))):
                digest.update(chunk)
                left -= len(chunk)
    except OSError:
        return None
    return digest.hexdigest() if left > 0 else None


def regular_file(path: Path) -> bool:
    """Return whether ``path`` is a regular file itself, not a symbolic link to one."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename; refuse an unusable folder."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise InputError(path.parent, f"cannot write to this folder: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ReportgenError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise


def stale_temporaries(folder: Path) -> dict[str, list[Path]]:
    """Return the temporary files that killed writers left in ``folder`` (their process is gone), by the name of
    the file each was to become: one listing of the folder, however many files are then written into it."""
    found: dict[str, list[Path]] = {}
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.name.startswith(".")
                 and entry.name.endswith(".tmp")]
    except OSError:
        return found
    for name in names:
        parts = name[1:-len(".tmp")].rsplit(".", 2)  # mkstemp's name: .<file>.<pid>.<random>.tmp
        if len(parts) == 3 and parts[1].isdigit() and not process_alive(int(parts[1])):
            found.setdefault(parts[0], []).append(folder / name)
    return found


def process_alive(pid: int) -> bool:
    """Return whether a process with this id is running."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
