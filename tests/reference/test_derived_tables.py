"""The derived tables in data/ are exactly what scripts/derive_data.py makes of the public sources.

The sources lie beside the checkout (../shared/data-sources). Outside CI a missing folder skips this test with a
reason; with CI set, it fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT

SOURCES = ROOT.parent / "shared" / "data-sources"
DERIVED = ("grid_intensity.csv", "cloud_regions.csv", "region_intensity.csv", "pue.csv", "country_codes.csv")

if not SOURCES.is_dir():
    if os.environ.get("CI"):
        raise RuntimeError(f"{SOURCES} is missing: the derived tables cannot be checked in CI without it")
    pytest.skip(f"{SOURCES} is not beside the checkout; the derivation check needs it", allow_module_level=True)


def test_derive_data_regenerates_every_derived_table_byte_for_byte(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "derive_data.py"), "--sources", str(SOURCES),
                    "--out", str(tmp_path)], check=True, capture_output=True)
    for name in DERIVED:
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name
