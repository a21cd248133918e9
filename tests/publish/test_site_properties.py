"""Generated site inputs: several files mixing every kind of scenario, built together into one site."""

from __future__ import annotations

import shutil
from typing import Any
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.publish import SiteConfig, build_site

from ..conftest import ROOT
from ..inputs.test_properties import dump, scenario

LOG = ROOT / "tests" / "fixtures" / "h200-gpt2-2026-11-27" / "nvidia-smi-power.csv"
SITE_SETTINGS = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
STEMS = st.text(st.characters(whitelist_categories=("Ll", "Lu", "Nd"), whitelist_characters=" -_#?"),
                min_size=1, max_size=12).filter(lambda s: s.strip() and not s.startswith(("-", " "))
                                                and s.lower() not in {"index", "benchmark", "case-study", "method"})


@st.composite
def any_scenario(draw: st.DrawFn, index: int) -> dict[str, Any]:
    """Return a scenario of any kind: catalogue or stated power, hours or a measurement, ranges or numbers."""
    s = draw(scenario(index))
    if draw(st.integers(min_value=0, max_value=3)) == 0:  # measured: the log gives hours, count and power
        for key in ("hours", "count", "device_power_w", "utilisation"):
            s.pop(key, None)
        s["measurement"] = {"nvidia_smi_csv": "run.csv"}
        if "location" not in s and "carbon_intensity_g_per_kwh" not in s:
            s["location"] = "BE"
    return s


@st.composite
def site_inputs(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    stems = draw(st.lists(STEMS, min_size=1, max_size=4, unique_by=str.lower))
    return {stem: {"scenarios": [draw(any_scenario(i)) for i in range(draw(st.integers(1, 3)))]} for stem in stems}


@SITE_SETTINGS
@given(files=site_inputs())
def test_any_mix_of_scenario_files_builds_into_one_site(tmp_path_factory, files: dict[str, dict[str, Any]]) -> None:
    folder = tmp_path_factory.mktemp("in")
    shutil.copy(LOG, folder / "run.csv")
    for stem, doc in files.items():
        (folder / f"{stem}.yaml").write_text(dump(doc), encoding="utf-8")
    out = tmp_path_factory.mktemp("out") / "site"
    report = build_site(SiteConfig(inputs=(folder,), out=out, pdf=False))
    assert report.briefs == len(files)
    overview = (out / "en" / "index.html").read_text(encoding="utf-8")
    for stem in files:
        assert (out / "nl" / f"{stem}.html").is_file() and (out / "en" / f"{stem}.html").is_file()
        assert f'href="{quote(stem, safe="")}.html"' in overview
