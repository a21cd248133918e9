"""Reading a log's bytes as text: bounded, any of the encodings loggers write, and a damaged tail salvaged.

A logger that is killed leaves a torn last line or a tail of NUL bytes (the file was extended before the
data reached it); both are dropped with a warning. UTF-16 (Windows PowerShell's redirection) and a UTF-8
byte-order mark are read; a file with NUL bytes elsewhere is not a text log.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..files import read_bounded

log = logging.getLogger(__name__)

SKIPPED_LINE = re.compile(r"Skipping line (\d+)")  # how pandas warns of a line it could not parse
MAX_LOG_BYTES = 1 << 30  # 1 GiB: a day of 8 GPUs sampled every 200 ms is about 230 MB


@dataclass(frozen=True)
class LogText:
    """A log's text, and the number of NUL bytes cut from its end."""

    text: str
    nul_tail: int


def read_log_text(path: Path, what: str) -> LogText:
    """Return a log file's text; raise InputError for a missing, special, oversized, empty or binary file."""
    return decode_log(path, read_bounded(path, MAX_LOG_BYTES, what), what)


def decode_log(path: Path, raw: bytes, what: str) -> LogText:
    """Return the text of a log's bytes, with a NUL-padded tail cut off."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16", errors="replace")
        nul_tail = len(text) - len(text.rstrip("\x00"))
        text = text.rstrip("\x00")
    else:
        stripped = raw.rstrip(b"\x00")
        nul_tail = len(raw) - len(stripped)
        if b"\x00" in stripped[:1 << 20]:
            raise InputError(path, f"this is a binary file, not a {what}")
        text = stripped.decode("utf-8", errors="replace").removeprefix("\ufeff")
    if nul_tail:
        log.warning("%s: the log ends in %d NUL bytes (its logger was stopped while writing); they were dropped",
                    path, nul_tail)
    if not text.strip():
        raise InputError(path, f"the {what} is empty")
    return LogText(text=text, nul_tail=nul_tail)
