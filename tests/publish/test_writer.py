"""The one writer: each path once per build, never outside its folder, every file whole."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reportgen.errors import ReportgenError
from reportgen.files import Document, Output
from reportgen.publish import Writer


def test_the_writer_writes_documents_below_its_folder(tmp_path: Path) -> None:
    writer = Writer(tmp_path)
    path = writer.write(Document(Output.at("nl", "a.html"), b"<p>a</p>"))
    assert path == tmp_path.resolve() / "nl" / "a.html" and path.read_bytes() == b"<p>a</p>"


def test_a_second_write_to_the_same_path_in_one_build_is_refused(tmp_path: Path) -> None:
    writer = Writer(tmp_path)
    writer.write(Document(Output.at("index.html"), b"first"))
    with pytest.raises(ReportgenError, match="same file"):
        writer.write(Document(Output.at("index.html"), b"second"))
    assert (tmp_path / "index.html").read_bytes() == b"first"


def test_a_folder_that_links_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "out"
    root.mkdir()
    os.symlink(outside, root / "static")
    with pytest.raises(ReportgenError, match="outside the output folder"):
        Writer(root).write(Document(Output.at("static", "brief.css"), b"x"))
    assert list(outside.iterdir()) == []


def test_a_file_that_links_outside_is_not_overwritten(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep")
    root = tmp_path / "out"
    root.mkdir()
    os.symlink(victim, root / "brief.html")
    with pytest.raises(ReportgenError, match="outside the output folder"):
        Writer(root).write(Document(Output.at("brief.html"), b"x"))
    assert victim.read_bytes() == b"keep"


def test_reuse_links_a_previous_file_and_claims_its_path(tmp_path: Path) -> None:
    previous, root = tmp_path / "previous", tmp_path / "new"
    (previous / "nl").mkdir(parents=True)
    (previous / "nl" / "a.pdf").write_bytes(b"%PDF")
    writer = Writer(root)
    assert writer.reuse(Output.at("nl", "a.pdf"), previous)
    assert (root / "nl" / "a.pdf").read_bytes() == b"%PDF"
    assert not writer.reuse(Output.at("nl", "missing.pdf"), previous)
    with pytest.raises(ReportgenError, match="same file"):
        writer.write(Document(Output.at("nl", "a.pdf"), b"again"))


def test_an_html_brief_on_a_full_disk_leaves_no_half_copied_assets(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.files import write_atomic as real_write
    from reportgen.publish import brief as brief_module
    from reportgen.publish import writer as writer_module

    written: list[Path] = []

    def full_disk(path: Path, data: bytes) -> None:
        if len(written) == 2:
            raise ReportgenError(f"{path}: cannot write: No space left on device")
        real_write(path, data)
        written.append(path)

    monkeypatch.setattr(writer_module, "write_atomic", full_disk)
    example = Path(__file__).resolve().parents[2] / "examples" / "finetune-be-university.yaml"
    with pytest.raises(ReportgenError, match="No space left"):
        brief_module.publish_brief(example, "en", "html", tmp_path / "out")
    assert not (tmp_path / "out" / "static").exists()
    assert [p.name for p in (tmp_path / "out").iterdir()] == []
