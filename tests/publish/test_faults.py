"""Faults and reproducibility: killed builds, concurrent builds, unwritable output, byte-identical output."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportgen.publish import SiteConfig, build_site
from reportgen.resources import languages

from ..conftest import EXAMPLES

EPOCH = "1795737600"  # 2026-11-27


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(parent: Path) -> list[str]:
    found = [p.name for p in parent.iterdir() if p.name.startswith(".reportgen-")]
    found += [str(p) for p in parent.rglob("*.tmp")]
    return found


@pytest.fixture
def inputs(site_inputs: Path) -> Path:
    return site_inputs


def site_command(inputs: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "reportgen", "site", str(inputs), "--out", str(out), "--jobs", "1", *extra]


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_the_previous_site_or_the_new_one(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(SiteConfig(inputs=(inputs,), out=out, pdf=True, jobs=1))
    previous = snapshot(out)
    moments = random.Random(11).sample([0.3, 0.8, 1.5, 2.5, 4.0, 6.0], 3)
    for attempt, moment in enumerate(moments):
        target = inputs / "pretrain-nl-cloud.yaml"
        target.write_text(target.read_text(encoding="utf-8").replace("hours: 504", f"hours: {505 + attempt}", 1),
                          encoding="utf-8")
        process = subprocess.Popen(site_command(inputs, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(moment)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = snapshot(out)
        complete = all(f"{lang}/{stem}.{ext}" in now for lang in languages() for ext in ("html", "pdf")
                       for stem in ("finetune-be-university", "pretrain-nl-cloud"))
        assert now == previous or complete, f"killed after {moment} s: the site is half written"
        assert not [p for p in now if p.endswith(".tmp")]
        build_site(SiteConfig(inputs=(inputs,), out=out, pdf=True, jobs=1))
        assert leftovers(tmp_path) == []
        previous = snapshot(out)


def test_two_builds_into_the_same_folder_at_once_do_not_corrupt_it(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    processes = [subprocess.Popen(site_command(inputs, out, "--no-pdf"), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE) for _ in range(2)]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    files = snapshot(out)
    for lang in languages():
        for page in ("index.html", "finetune-be-university.html", "pretrain-nl-cloud.html", "method.html"):
            assert f"{lang}/{page}" in files
    assert leftovers(tmp_path) == []


def test_a_read_only_output_folder_is_a_clear_error(inputs: Path, tmp_path: Path, unprivileged) -> None:
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0o555)
    result = unprivileged("site", str(inputs), "--out", str(parent / "site"), "--no-pdf")
    assert result.returncode == 2, result.stderr
    assert "cannot write" in result.stderr
    assert list(parent.iterdir()) == []


def test_an_output_folder_inside_a_file_is_a_clear_error(inputs: Path, tmp_path: Path, cli) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    result = cli("site", str(inputs), "--out", str(blocker / "site"), "--no-pdf")
    assert result.exit_code == 2
    assert str(blocker) in result.stderr
    result = cli("brief", str(inputs / "pretrain-nl-cloud.yaml"), "--lang", "en", "--out", str(blocker / "x"))
    assert result.exit_code == 2 and "cannot write" in result.stderr


def test_a_killed_brief_leaves_the_previous_pdf_and_its_temporary_file_is_cleaned(inputs: Path,
                                                                                    tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "reportgen", "brief", str(inputs / "pretrain-nl-cloud.yaml"), "--lang", "nl",
               "--out", str(out)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    pdf = out / "pretrain-nl-cloud.nl.pdf"
    before = pdf.read_bytes()
    stale = out / f".{pdf.name}.999999999.abcd.tmp"  # what a writer killed mid-write leaves
    stale.write_bytes(b"%PDF half")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    time.sleep(0.5)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert pdf.read_bytes() == before
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    assert sorted(p.name for p in out.iterdir()) == [pdf.name]


@pytest.mark.slow
def test_two_site_builds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "finetune-be-university.yaml", folder)
    undated = folder / "undated.yaml"
    undated.write_text("scenarios:\n  - {id: a, name: A, hardware: nvidia-l4, hours: 3, location: FR}\n",
                       encoding="utf-8")
    first, second = tmp_path / "one", tmp_path / "two"
    build_site(SiteConfig(inputs=(folder,), out=first, pdf=True, jobs=2))
    build_site(SiteConfig(inputs=(folder,), out=second, pdf=True, jobs=1))
    assert snapshot(first) == snapshot(second)
    assert "27 november 2026" in (first / "nl" / "undated.html").read_text(encoding="utf-8")
