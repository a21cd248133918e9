"""The site on hostile folders: bounded reads, logs in the cache key, linear writes, nothing planted survives."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import threading
import time
from pathlib import Path

import pytest

from reportgen.errors import InputError
from reportgen.files import Document, Output
from reportgen.publish import SiteConfig, build_site
from reportgen.publish import writer as writer_module
from reportgen.publish.staging import MANIFEST
from reportgen.publish.writer import Writer

from ..conftest import EXAMPLES, ROOT

LOG = ROOT / "tests" / "fixtures" / "h200-gpt2-2026-11-27" / "nvidia-smi-power.csv"
MEASURED = """brief:
  date: 2026-11-27
scenarios:
  - id: measured
    name: Measured run
    hardware: nvidia-h200-sxm
    location: NL
    measurement:
      nvidia_smi_csv: power.csv
"""


def _measured(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "power.csv").write_bytes(LOG.read_bytes())
    path = folder / "measured.yaml"
    path.write_text(MEASURED, encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_pipe_or_device_named_as_input_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "x.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    start = time.monotonic()
    with pytest.raises(InputError, match="not a regular file") as raised:
        build_site(SiteConfig(inputs=(path,), out=tmp_path / "site", pdf=False))
    assert raised.value.exit_code == 2 and time.monotonic() - start < 30


def test_a_huge_sparse_file_in_a_folder_is_refused_by_its_size_unread(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.yaml").write_bytes((EXAMPLES / "finetune-be-university.yaml").read_bytes())
    with (folder / "b.yaml").open("wb") as handle:
        handle.truncate(4 << 30)
    start = time.monotonic()
    with pytest.raises(InputError, match="the limit is"):
        build_site(SiteConfig(inputs=(folder,), out=tmp_path / "site", pdf=False))
    assert time.monotonic() - start < 30


def test_a_changed_log_renders_its_brief_again(tmp_path: Path) -> None:
    scenario = _measured(tmp_path / "in")
    out = tmp_path / "site"
    build_site(SiteConfig(inputs=(scenario,), out=out, pdf=False))
    before = (out / "en" / "measured.html").read_text(encoding="utf-8")
    assert build_site(SiteConfig(inputs=(scenario,), out=out, pdf=False)).reused == 1
    log = scenario.parent / "power.csv"
    more = re.sub(r", 0, ([0-9.]+) W", lambda m: f", 0, {float(m[1]) * 1.5:.2f} W", log.read_text(encoding="utf-8"))
    log.write_text(more, encoding="utf-8")
    report = build_site(SiteConfig(inputs=(scenario,), out=out, pdf=False))
    assert report.rendered == 1 and log in report.reads
    assert (out / "en" / "measured.html").read_text(encoding="utf-8") != before


def test_an_unlistable_input_folder_is_a_clear_error(tmp_path: Path, unprivileged) -> None:
    folder = tmp_path / "noread"
    folder.mkdir()
    folder.chmod(0o300)
    tmp_path.chmod(0o755)
    result = unprivileged("site", str(folder), "--no-pdf", "--out", str(tmp_path / "site"))
    assert result.returncode == 2, result.stderr
    assert "cannot list the folder" in result.stderr and "Traceback" not in result.stderr


def test_inputs_whose_outputs_clash_are_named_before_the_build(tmp_path: Path, cli) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("x.yaml", "x.ai-act.en.yaml"):
        (folder / name).write_bytes((EXAMPLES / "finetune-be-university.yaml").read_bytes())
    result = cli("site", str(folder), "--no-pdf", "--out", str(tmp_path / "site"))
    assert result.exit_code == 2
    assert "x.ai-act.en.yaml" in result.stderr and "x.yaml" in result.stderr
    assert not (tmp_path / "site").exists()


def test_writing_many_files_lists_each_folder_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listings: list[Path] = []
    real = writer_module.stale_temporaries
    monkeypatch.setattr(writer_module, "stale_temporaries", lambda folder: listings.append(folder) or real(folder))
    dead = tmp_path / ".page-7.html.999999999.abcd1234.tmp"  # a killed writer's leftover (no such process)
    dead.write_bytes(b"half")
    writer = Writer(tmp_path)
    for i in range(200):
        writer.write(Document(Output.at(f"page-{i}.html"), b"x"))
    assert listings == [tmp_path.resolve()]
    assert not dead.exists()


def test_an_unchanged_rebuild_links_the_static_files_instead_of_writing_them(tmp_path: Path) -> None:
    out = tmp_path / "site"
    source = EXAMPLES / "finetune-be-university.yaml"
    build_site(SiteConfig(inputs=(source,), out=out, pdf=False))
    fonts = sorted((out / "static").rglob("*.otf")) + sorted((out / "static").rglob("*.css"))
    before = {path: path.stat().st_ino for path in fonts}
    build_site(SiteConfig(inputs=(source,), out=out, pdf=False))
    assert fonts and {path: path.stat().st_ino for path in fonts} == before


def test_a_symlink_planted_in_the_output_does_not_survive_a_rebuild(tmp_path: Path) -> None:
    out = tmp_path / "site"
    source = EXAMPLES / "finetune-be-university.yaml"
    build_site(SiteConfig(inputs=(source,), out=out, pdf=False))
    planted = out / "en" / f"{source.stem}.html"
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the site", encoding="utf-8")
    planted.unlink()
    planted.symlink_to(secret)
    (out / "index.html").unlink()
    (out / "index.html").symlink_to(secret)
    build_site(SiteConfig(inputs=(source,), out=out, pdf=False))
    links = [p for p in out.rglob("*") if p.is_symlink()]
    assert links == [] and "not for the site" not in planted.read_text(encoding="utf-8")


def test_waiting_for_another_builds_lock_is_said(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    fd = os.open(tmp_path, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    errors: list[BaseException] = []

    def build() -> None:
        try:
            build_site(SiteConfig(inputs=(EXAMPLES / "finetune-be-university.yaml",), out=tmp_path / "site",
                                  pdf=False))
        except BaseException as exc:
            errors.append(exc)

    with caplog.at_level(logging.WARNING, logger="reportgen"):
        thread = threading.Thread(target=build)
        thread.start()
        deadline = time.monotonic() + 30
        while "another reportgen build" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.05)
        os.close(fd)  # releases the lock
        thread.join(120)
    assert "another reportgen build is writing into this folder; waiting" in caplog.text
    assert not errors and (tmp_path / "site" / "index.html").is_file()


def test_a_centres_cache_key_holds_its_accounting_and_groups_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "cluster").mkdir(parents=True)
    for name in ("university-cluster.yaml", "cluster/accounting-2025.txt", "cluster/accounts.csv"):
        (folder / name).write_bytes((EXAMPLES / name).read_bytes())
    out, scenario = tmp_path / "site", folder / "university-cluster.yaml"

    def key() -> str:
        return str(json.loads((out / MANIFEST).read_text(encoding="utf-8"))["entries"][0]["key"])

    first = build_site(SiteConfig(inputs=(scenario,), out=out, pdf=False))
    assert {folder / "cluster" / "accounting-2025.txt", folder / "cluster" / "accounts.csv"} <= first.reads
    before = key()
    table = folder / "cluster" / "accounts.csv"
    table.write_bytes(table.read_bytes() + b"\n")
    build_site(SiteConfig(inputs=(scenario,), out=out, pdf=False))
    assert key() != before
