"""A plain (non-editable) install carries data/, templates/ and locales/ inside the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import ROOT


def test_wheel_ships_data_templates_and_locales(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("reportgen-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("reportgen/_assets/data/hardware.csv", "reportgen/_assets/data/SOURCES.md",
                     "reportgen/_assets/templates/static/fonts/Inter-Regular.otf", "reportgen/cli/__init__.py"):
        assert required in names
    assert any(n.startswith("reportgen/_assets/locales/") for n in names)


def _fake_commands(folder: Path, apt_fails: bool) -> dict[str, str]:
    """Return an environment whose dpkg-query finds nothing installed, whose id says root, and whose apt-get
    succeeds or fails, so that the install script can run here without touching the system."""
    folder.mkdir()
    scripts = {"dpkg-query": "exit 1", "id": "echo 0", "apt-get": "exit 1" if apt_fails else "exit 0"}
    for name, body in scripts.items():
        (folder / name).write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        (folder / name).chmod(0o755)
    return {"PATH": f"{folder}:/usr/bin:/bin"}


def test_the_system_package_warning_names_pdf_rendering_not_tests(tmp_path: Path) -> None:
    script = ROOT / "scripts" / "install-system-deps.sh"
    env = _fake_commands(tmp_path / "bin", apt_fails=True)
    result = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr  # a busy apt does not stop make demo
    assert "rendering PDFs (reportgen brief, site, make demo) needs them" in result.stderr
    assert "tests" not in result.stderr
    browser = subprocess.run(["bash", str(script), "browser"], env=env, capture_output=True, text=True, check=False)
    assert "the browser tests will be skipped" in browser.stderr
