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
