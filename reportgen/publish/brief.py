"""The ``brief`` and ``export`` commands' output: files written into a folder, with their assets when HTML."""

from __future__ import annotations

import shutil
from contextlib import nullcontext
from pathlib import Path

from .. import routes
from ..cluster_path import cluster_brief_document, is_cluster_file
from ..errors import InputError
from ..files import Document, Output
from ..pipeline import brief_document, export_documents, static_documents
from ..render import Assets
from ..resources import languages
from .manifest import digest, manifest_document, read_manifest, refuse_foreign_files
from .staging import exclusive_lock, make_staging, recover_interrupted, swap_in
from .writer import Writer


def publish_brief(path: str | Path, lang: str | None, fmt: str | None, out: str | Path) -> list[Path]:
    """Write the brief of one scenario file to ``out/<stem>.<lang>.<fmt>`` in ``lang`` (default: every
    language), or to ``out`` itself where it names a file (``brief.pdf``), and return the paths written.

    The format defaults to the named file's (``brief.html``), else PDF.
    """
    target = Path(out)
    suffix = target.suffix.lower()
    named = suffix in (".pdf", ".html")
    fmt = fmt or (suffix[1:] if named else "pdf")
    if named and suffix != f".{fmt}":
        raise InputError(None, f"--out: '{target.name}' names a {suffix[1:].upper()} file, but the format is "
                         f"{fmt}; use --format {suffix[1:]} or another name")
    if named and lang is None:
        raise InputError(None, f"--out: '{target.name}' is one file, for one language: give --lang "
                         f"({' or '.join(languages())}), or name a folder to write every language into")
    assets = Assets()
    written = []
    made = cluster_brief_document if is_cluster_file(path) else brief_document
    for code in (lang,) if lang else assets.languages:
        document = made(path, code, fmt, assets)
        writer = Writer(target.parent if named else target)
        if fmt == "html":
            _write_static(writer, static_documents(assets))
        written.append(writer.write(Document(Output.at(target.name), document.data) if named else document))
    return written


def publish_export(path: str | Path, to: str, lang: str, scenario_id: str | None, out_dir: str | Path,
                   force: bool = False) -> list[Path]:
    """Write one scenario's disclosure files into ``out_dir`` and return their paths.

    A file already there is replaced only where reportgen wrote it and nobody changed it since (the folder's
    manifest holds its digest), or with ``force``; otherwise nothing is written.
    """
    assets = Assets()
    documents = export_documents(path, to, lang, scenario_id, assets=assets)
    writer = Writer(Path(out_dir))
    with exclusive_lock(writer.root):
        manifest = read_manifest(writer.root)
        if not force:
            refuse_foreign_files(writer.root, documents, manifest)
        if any(d.output.parts[-1].endswith(".html") for d in documents):
            _write_static(writer, static_documents(assets), locked=True)
        paths = [writer.write(document) for document in documents]
        manifest.update({d.output.relpath: digest(d.data) for d in documents})
        writer.write(manifest_document(manifest))
    return paths


def _write_static(writer: Writer, documents: list[Document], locked: bool = False) -> None:
    """Write the stylesheets and fonts an HTML brief links to: all of them, or none if the disk fails midway.

    A first brief stages static/ as the site stages itself (publish/staging.py) and swaps it in; a later one
    updates only the files that changed, each atomically.
    """
    folder = writer.target(routes.static())
    with nullcontext() if locked else exclusive_lock(writer.root):  # two briefs at once stage static/ once
        if folder.is_dir():
            for document in documents:
                if not _same(writer, document.output, document.data):
                    writer.write(document)
            return
        recover_interrupted(folder)
        staging = make_staging(folder)
        try:
            Writer(staging).write_all(Document(Output.at(*d.output.parts[1:]), d.data) for d in documents)
            swap_in(staging, folder)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def _same(writer: Writer, output: Output, data: bytes) -> bool:
    """Return whether the folder already holds exactly this asset (it is then left alone)."""
    target = output.path(writer.root)
    return bool(target.is_file() and target.read_bytes() == data)
