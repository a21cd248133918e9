"""The site as an unlucky user or an attacker meets it: nothing deleted, nothing leaked, nothing hung."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportgen.errors import InputError
from reportgen.publish import SiteConfig, build_site

from ..conftest import EXAMPLES, ROOT


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "reportgen", *args]


def children(pid: int) -> list[int]:
    """Return the ids of the running processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def test_an_input_inside_the_output_folder_is_refused_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "site"
    shutil.copy(EXAMPLES / "finetune-be-university.yaml", tmp_path / "mine.yaml")
    build_site(SiteConfig(inputs=(tmp_path / "mine.yaml",), out=out, pdf=False))
    shutil.copy(tmp_path / "mine.yaml", out / "mine.yaml")
    with pytest.raises(InputError, match="inside the output folder") as raised:
        build_site(SiteConfig(inputs=(out / "mine.yaml",), out=out, pdf=False))
    assert raised.value.exit_code == 2 and (out / "mine.yaml").is_file()


def test_an_output_that_is_a_file_or_the_root_is_a_usage_error(tmp_path: Path, cli) -> None:
    occupied = tmp_path / "taken.txt"
    occupied.write_text("keep", encoding="utf-8")
    example = str(EXAMPLES / "finetune-be-university.yaml")
    for args in (("site", example, "--out", str(occupied), "--no-pdf"), ("site", example, "--out", "/", "--no-pdf"),
                 ("brief", example, "--lang", "en", "--format", "html", "--out", str(occupied))):
        result = cli(*args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.stderr
    assert occupied.read_text(encoding="utf-8") == "keep"


def test_hidden_files_in_an_input_folder_are_not_scenarios(site_inputs: Path, tmp_path: Path) -> None:
    (site_inputs / ".reportgen-manifest.json").write_text("{not a scenario", encoding="utf-8")
    (site_inputs / ".draft.yaml").write_text("scenarios: broken: [", encoding="utf-8")
    report = build_site(SiteConfig(inputs=(site_inputs,), out=tmp_path / "site", pdf=False))
    assert report.briefs == 2


def test_a_siblings_leftovers_are_never_touched(site_inputs: Path, tmp_path: Path) -> None:
    sibling = tmp_path / ".reportgen-retired-a-b-4242"
    sibling.mkdir()
    (sibling / "index.html").write_text("a-b's previous site", encoding="utf-8")
    build_site(SiteConfig(inputs=(site_inputs,), out=tmp_path / "a", pdf=False))
    assert (sibling / "index.html").read_text(encoding="utf-8") == "a-b's previous site"


def test_a_hostile_file_name_becomes_an_encoded_link(site_inputs: Path, tmp_path: Path) -> None:
    shutil.copy(site_inputs / "finetune-be-university.yaml", site_inputs / "javascript:alert(document.domain).yaml")
    out = tmp_path / "site"
    build_site(SiteConfig(inputs=(site_inputs,), out=out, pdf=False))
    overview = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert 'href="javascript%3Aalert%28document.domain%29.html"' in overview
    assert 'href="javascript:' not in overview


def test_a_terminal_that_cannot_show_every_character_still_gets_the_table(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "latin-1", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command("calc", str(EXAMPLES / "strubell2019.yaml")), capture_output=True, env=env,
                          timeout=120, check=False)
    assert done.returncode == 0 and b"Traceback" not in done.stderr


def test_numeric_warnings_do_not_reach_the_user(tmp_path: Path) -> None:
    path = tmp_path / "zero.yaml"
    path.write_text("scenarios:\n  - {id: z, name: Z, hardware: nvidia-h100, hours: 1, carbon_intensity_g_per_kwh: 0}\n",
                    encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command("calc", str(path), "--format", "json"), capture_output=True, text=True, env=env,
                          timeout=120, check=False)
    assert done.returncode == 0 and done.stderr == ""


@pytest.mark.slow
def test_a_build_killed_at_any_moment_never_blocks_the_next(site_inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(7)
    for attempt in range(3):
        build = subprocess.Popen(command("site", str(site_inputs), "--out", str(out), "--jobs", "2"), env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        workers: list[int] = []
        if attempt == 0:  # once, after its PDF workers have started
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and len(workers) < 2 and build.poll() is None:
                workers = children(build.pid)
                time.sleep(0.1)
            assert len(workers) >= 2 and build.poll() is None, "the build's PDF workers never started"
        else:
            time.sleep(rng.uniform(0.0, 3.0))
            workers = children(build.pid)
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=30)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and any(alive(pid) for pid in workers):
            time.sleep(0.2)
        assert not any(alive(pid) for pid in workers), "a worker outlived its killed build"
        after = subprocess.run(command("site", str(site_inputs), "--out", str(out), "--no-pdf"), env=env,
                               capture_output=True, text=True, timeout=120, check=False)
        assert after.returncode == 0, after.stderr
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".reportgen-")]
    assert leftovers == []
