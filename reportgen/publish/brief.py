"""The ``brief`` command's output: one brief written into a folder, with its assets when it is HTML."""

from __future__ import annotations

from pathlib import Path

from ..files import Output
from ..pipeline import brief_document, static_documents
from .writer import Writer


def publish_brief(path: str | Path, lang: str, fmt: str, out_dir: str | Path) -> Path:
    """Write the brief of one scenario file to ``out_dir/<stem>.<lang>.<fmt>`` and return its path."""
    document = brief_document(path, lang, fmt)
    writer = Writer(Path(out_dir))
    if fmt == "html":
        writer.write_all(d for d in static_documents() if not _same(writer, d.output, d.data))
    return writer.write(document)


def _same(writer: Writer, output: Output, data: bytes) -> bool:
    """Return whether the folder already holds exactly this asset (it is then left alone)."""
    target = output.path(writer.root)
    return bool(target.is_file() and target.read_bytes() == data)
