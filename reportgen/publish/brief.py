"""The ``brief`` and ``export`` commands' output: files written into a folder, with their assets when HTML."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .. import routes
from ..errors import InputError
from ..files import Document, Output
from ..pipeline import brief_document, export_documents, static_documents
from .writer import Writer


def publish_brief(path: str | Path, lang: str, fmt: str, out: str | Path) -> Path:
    """Write the brief of one scenario file to ``out/<stem>.<lang>.<fmt>``, or to ``out`` itself where it names
    a file of the format (``brief.pdf``), and return its path."""
    target = Path(out)
    named = target.suffix.lower() in (".pdf", ".html")
    if named and target.suffix.lower() != f".{fmt}":
        raise InputError(None, f"--out: '{target.name}' names a {target.suffix[1:].upper()} file, but the "
                         f"format is {fmt}; use --format {target.suffix[1:].lower()} or another name")
    document = brief_document(path, lang, fmt)
    writer = Writer(target.parent if named else target)
    if fmt == "html":
        _write_static(writer, static_documents())
    return writer.write(Document(Output.at(target.name), document.data) if named else document)


def publish_export(path: str | Path, to: str, lang: str, scenario_id: str | None, out_dir: str | Path) -> list[Path]:
    """Write one scenario's disclosure files into ``out_dir`` and return their paths."""
    documents = export_documents(path, to, lang, scenario_id)
    writer = Writer(Path(out_dir))
    if any(d.output.parts[-1].endswith(".html") for d in documents):
        _write_static(writer, static_documents())
    return [writer.write(document) for document in documents]


def _write_static(writer: Writer, documents: list[Document]) -> None:
    """Write the stylesheets and fonts an HTML brief links to: all of them, or none if the disk fails midway.

    A first brief assembles static/ in a hidden folder beside it and renames it into place; a later one
    updates only the files that changed, each atomically.
    """
    folder = writer.target(routes.static())
    if folder.is_dir():
        for document in documents:
            if not _same(writer, document.output, document.data):
                writer.write(document)
        return
    staging = folder.with_name(f".{routes.STATIC}-{os.getpid()}")
    try:
        Writer(staging).write_all(Document(Output.at(*d.output.parts[1:]), d.data) for d in documents)
        os.rename(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _same(writer: Writer, output: Output, data: bytes) -> bool:
    """Return whether the folder already holds exactly this asset (it is then left alone)."""
    target = output.path(writer.root)
    return bool(target.is_file() and target.read_bytes() == data)
