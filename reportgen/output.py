"""The pipeline from a scenario file to a brief on disk, and the one writer that owns the disk.

Everything is computed and rendered before anything is written, and every file is written atomically
(a temporary file in the same folder, then a rename), so an error never leaves half a file behind.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from .brief import build_view
from .errors import InputError, ReportgenError
from .i18n import parse_language
from .reference import load_reference
from .render import render_brief_html, render_pdf_bytes
from .resources import templates_dir
from .scenario import ScenarioFile, load_scenarios

FORMATS = ("pdf", "html")


def build_date(scenario_file: ScenarioFile | None = None) -> dt.date:
    """Return the date a build stamps on its output: SOURCE_DATE_EPOCH, else the file's date, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise InputError(None, f"SOURCE_DATE_EPOCH must be a whole number of seconds, not '{epoch}'") from None
    if scenario_file is not None and scenario_file.brief.date is not None:
        return scenario_file.brief.date
    return dt.datetime.now(tz=dt.UTC).date()


def render_brief(path: str | Path, lang: str, fmt: str) -> tuple[ScenarioFile, bytes]:
    """Return the loaded scenario file and the bytes of its brief in ``lang`` and ``fmt``."""
    if fmt not in FORMATS:
        raise InputError(None, f"unknown format '{fmt}': use {' or '.join(FORMATS)}")
    parse_language(lang)
    ref = load_reference()
    scenario_file = load_scenarios(path, ref)
    view = build_view(scenario_file, lang, ref, build_date(scenario_file))
    html = render_brief_html(view)
    data = render_pdf_bytes(html) if fmt == "pdf" else html.encode("utf-8")
    return scenario_file, data


def build_brief(path: str | Path, lang: str, fmt: str, out_dir: str | Path) -> Path:
    """Write the brief of one scenario file to ``out_dir/<stem>.<lang>.<fmt>`` and return its path."""
    scenario_file, data = render_brief(path, lang, fmt)
    out = Path(out_dir)
    target = out / f"{scenario_file.stem}.{lang}.{fmt}"
    if fmt == "html":
        copy_static(out / "static")
    if target.parent.is_dir():
        remove_stale_temporaries(target)
    write_atomic(target, data)
    return target


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


def remove_stale_temporaries(path: Path) -> None:
    """Remove temporary files that a killed writer of ``path`` left behind (their process is gone)."""
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        pid = leftover.name[len(path.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            leftover.unlink(missing_ok=True)


def process_alive(pid: int) -> bool:
    """Return whether a process with this id is running."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def copy_static(target: Path) -> None:
    """Copy the stylesheet and fonts that HTML output links to into ``target``."""
    source = templates_dir() / "static"
    for file in sorted(source.rglob("*")):
        if file.is_file():
            destination = target / file.relative_to(source)
            if not destination.exists() or destination.read_bytes() != file.read_bytes():
                write_atomic(destination, file.read_bytes())
