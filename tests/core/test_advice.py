"""Recommendations as data: which apply to a scenario, and the saving each brings there."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from reportgen.brief.advice import ACTIONS, ACTORS
from reportgen.core import OPTIONS
from reportgen.core.advice import applies, parse_conditions, recommendations
from reportgen.core.results import compute_files
from reportgen.errors import DataError
from reportgen.inputs import files_frame, load_scenarios
from reportgen.reference import Reference

from ..conftest import EXAMPLES


def computed(path, ref: Reference):
    return compute_files(files_frame([load_scenarios(path, ref)]), ref, 1)[0]


def test_every_recommendation_in_the_data_has_an_actor_a_lever_a_condition_and_messages(ref: Reference) -> None:
    results = computed(EXAMPLES / "pretrain-be-compute.yaml", ref).results_frame
    for key, rec in ref.recommendations.iterrows():
        assert rec["actor"] in ACTORS and key in ACTIONS
        assert rec["lever"] == "" or rec["lever"] in OPTIONS
        applies(results, str(rec["applies_when"]))  # every condition names a result column and reads


def test_a_condition_holds_only_where_every_part_holds() -> None:
    results = pd.DataFrame({"runs": [1, 4, 8], "power_basis": ["tdp", "tdp", "nvidia-smi"], "flops": [None, 2e23, 5e22]})
    assert applies(results, "runs>1").tolist() == [False, True, True]
    assert applies(results, "runs>1;power_basis=tdp").tolist() == [False, True, False]
    assert applies(results, "flops>=1e23").tolist() == [False, True, False]  # unknown compute meets no threshold
    assert applies(results, "").tolist() == [True, True, True]


@pytest.mark.parametrize("condition", ["runs >> 1", "runs", "=1"])
def test_an_unreadable_condition_is_a_data_error(condition: str) -> None:
    with pytest.raises(DataError, match="cannot read the condition"):
        parse_conditions(condition)


def test_a_condition_on_an_unknown_column_is_a_data_error() -> None:
    with pytest.raises(DataError, match="no result has"):
        applies(pd.DataFrame({"runs": [1]}), "gpus>1")


def test_a_recommendation_with_a_lever_brings_exactly_its_options_saving(ref: Reference) -> None:
    c = computed(EXAMPLES / "finetune-be-university.yaml", ref)
    advice = pd.DataFrame(c.advice)
    changes = c.what_ifs_frame
    runs = advice[advice["recommendation"] == "fewer-runs"].set_index("id")
    # Only the repeated trainings: one fine-tuning run has no runs to cut.
    assert set(runs.index) == {"finetune-grid-search", "finetune-random-search"}
    option = changes[changes["change"] == "runs"].set_index("id")
    for scenario, row in runs.iterrows():
        assert row["saving_median_kg"] == pytest.approx(option.at[scenario, "saving_median_kg"], rel=1e-12)
        assert row["saving_share"] == pytest.approx(0.5)


def test_measuring_is_recommended_only_where_the_energy_is_an_estimate(ref: Reference) -> None:
    advice = pd.DataFrame(computed(EXAMPLES / "measured-h200.yaml", ref).advice)
    measure = set(advice.loc[advice["recommendation"] == "measure-energy", "id"])
    assert measure == {"tdp-estimate"}


def test_the_ai_act_recommendation_applies_only_where_the_documentation_duty_plausibly_does(ref: Reference) -> None:
    # below the criterion; above it with nothing stated; above it with open weights (Art. 53(2)); above it but
    # for research alone (Art. 2(6)): the core's law columns decide (core/law.py)
    results = pd.DataFrame({"file": [0] * 4, "id": ["small", "large", "open", "research"],
                            "ai_act_documentation_due": [False, True, False, False], "runs": [1] * 4,
                            "run_purpose": ["unknown"] * 4, "hosting": ["own"] * 4,
                            "power_basis": ["tdp"] * 4})
    advice = recommendations(results, pd.DataFrame(columns=["file", "id", "change", "detail", "saving_median_kg",
                                                            "saving_share"]), ref)
    assert set(advice.loc[advice["recommendation"] == "document-energy", "id"]) == {"large"}


@pytest.mark.parametrize(("example", "scenario"), [("pretrain-be-compute.yaml", "pretrain-7b-2t-three-seeds"),
                                                   ("pretrain-nl-cloud.yaml", "pretrain-7b-with-ablations")])
def test_seeds_and_ablations_get_no_advice_to_cut_their_runs(ref: Reference, example: str, scenario: str) -> None:
    c = computed(EXAMPLES / example, ref)
    advice = pd.DataFrame(c.advice)
    assert not advice[(advice["id"] == scenario) & advice["lever"].eq("runs")].size
    assert {"fewer-runs", "budget-runs"}.isdisjoint(advice.loc[advice["id"] == scenario, "recommendation"])
    changes = c.what_ifs_frame
    assert changes[(changes["id"] == scenario) & (changes["change"] == "runs")].empty


def test_runs_of_unstated_purpose_get_the_neutral_budget_advice_only(write_file, ref: Reference) -> None:
    path = write_file("scenarios:\n  - {id: a, name: A, hardware: nvidia-h100-sxm, hours: 10, runs: 4, location: BE}\n")
    advice = set(pd.DataFrame(computed(path, ref).advice)["recommendation"])
    assert "budget-runs" in advice and "fewer-runs" not in advice


def test_an_architecture_search_gets_the_advice_to_search_on_stand_in_tasks(ref: Reference) -> None:
    c = computed(EXAMPLES / "strubell2019.yaml", ref)
    advice = pd.DataFrame(c.advice)
    assert set(advice.loc[advice["recommendation"] == "proxy-search", "id"]) == {"transformer-big-nas"}
    assert c.results_frame.set_index("id").at["transformer-big-nas", "run_purpose"] == "architecture-search"


def test_the_runs_purpose_is_unknown_where_the_file_does_not_state_it(ref: Reference) -> None:
    purposes = computed(EXAMPLES / "finetune-be-university.yaml", ref).results_frame.set_index("id")["run_purpose"]
    assert purposes.to_dict() == {"finetune-single": "unknown", "finetune-grid-search": "tuning",
                                  "finetune-random-search": "tuning"}


def test_calc_json_carries_the_runs_purpose(cli) -> None:
    result = cli("calc", str(EXAMPLES / "pretrain-be-compute.yaml"), "--format", "json")
    assert result.exit_code == 0
    purposes = {s["id"]: s["run_purpose"] for s in json.loads(result.output)["scenarios"]}
    assert purposes == {"pretrain-7b-2t": "unknown", "pretrain-7b-2t-three-seeds": "seeds"}


def test_an_unknown_runs_purpose_is_refused_with_the_field_named(write_file, cli) -> None:
    path = write_file("scenarios:\n  - {id: a, name: A, hardware: nvidia-h100-sxm, hours: 10, runs: 4, "
                      "run_purpose: grid}\n")
    result = cli("calc", str(path))
    assert result.exit_code == 2 and "run_purpose" in result.output


def test_a_scenario_is_hosted_in_a_cloud_on_a_research_system_or_in_its_own_data_centre(write_file, ref) -> None:
    path = write_file("""
        scenarios:
          - {id: cloud, name: C, hardware: nvidia-h100-sxm, hours: 10, location: "gcp:europe-west4"}
          - {id: lumi, name: L, hardware: nvidia-h100-sxm, hours: 10, location: "hpc:lumi"}
          - {id: own, name: O, hardware: nvidia-h100-sxm, hours: 10, location: NL}
    """)
    c = computed(path, ref)
    assert c.results_frame.set_index("id")["hosting"].to_dict() == {"cloud": "cloud", "lumi": "research", "own": "own"}
    advice = pd.DataFrame(c.advice)
    assert set(advice.loc[advice["recommendation"] == "cleaner-region", "id"]) == {"cloud"}
    assert "cloud" not in set(advice.loc[advice["recommendation"] == "cleaner-location", "id"])


def test_the_ai_act_recommendation_fires_for_bloom_and_not_for_a_7b_model(ref: Reference) -> None:
    fired = {path: set(computed(EXAMPLES / path, ref).results_frame.loc[
        lambda r: r["ai_act_documentation_due"], "id"]) for path in ("bloom-whole-footprint.yaml",
                                                                      "pretrain-be-compute.yaml")}
    assert fired == {"bloom-whole-footprint.yaml": {"bloom-dynamic", "bloom-with-idle", "bloom-tool-defaults"},
                     "pretrain-be-compute.yaml": set()}
