"""Many files in one batch: each scenario is known by its file and its id, never by a prefix on its id."""

from __future__ import annotations

import pandas as pd
import pytest

from reportgen import api
from reportgen.core.results import compute_files
from reportgen.inputs import files_frame, load_scenarios
from reportgen.reference import Reference

from ..conftest import EXAMPLES


def test_two_files_with_one_id_keep_their_own_results(write_file, ref: Reference) -> None:
    scenario = "scenarios:\n  - {{id: same, name: Same, hardware: nvidia-h100, hours: {hours}, location: PL}}\n"
    paths = [write_file(scenario.format(hours=hours), f"{hours}.yaml") for hours in (10, 1000)]
    inputs = files_frame([load_scenarios(path, ref) for path in paths])
    assert inputs["file"].tolist() == [0, 1] and inputs["id"].tolist() == ["same", "same"]
    small, large = compute_files(inputs, ref, 2)
    assert [r.id for r in small.results] == [r.id for r in large.results] == ["same"]
    assert large.results[0].co2e_kg == pytest.approx(100 * small.results[0].co2e_kg)
    for computed in (small, large):
        before = {r.co2e_median_kg_before for r in computed.what_ifs}
        assert before == {computed.results[0].co2e_median_kg}  # each what-if of its own file's scenario
        assert "file" not in computed.results_frame.columns


def test_calc_results_alone_equal_the_results_a_brief_is_built_from() -> None:
    for example in ("bloom-whole-footprint.yaml", "strubell2019.yaml"):
        alone = api.estimate(EXAMPLES / example)
        pd.testing.assert_frame_equal(alone, api._computed(EXAMPLES / example).results_frame)
