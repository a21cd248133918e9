"""The AI Act's view of a training in the core: one run's compute, its class, the one-third rule, the exemptions."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from reportgen.core.law import LawRules, classify, hardware_method, law_rules
from reportgen.core.results import compute_files
from reportgen.core.utilisation import utilisation_quantiles
from reportgen.inputs import files_frame, load_scenarios
from reportgen.reference import Reference

from ..conftest import EXAMPLES

RULES = LawRules(gpai_flop=1e23, systemic_flop=1e25, modifier_share=1 / 3, legacy_deadline="2027-08-02",
                 obligations_from="2025-08-02")


def results(path, ref: Reference) -> pd.DataFrame:
    return compute_files(files_frame([load_scenarios(path, ref)]), ref, 1)[0].results_frame.set_index("id")


def test_the_hardware_method_multiplies_devices_seconds_peak_and_utilisation() -> None:
    # 64 devices x 504 h x 3600 s x 989 TFLOP/s x 0.45 (the review's hand estimate for pretrain-nl-cloud)
    assert float(hardware_method(pd.Series([64.0]), pd.Series([504.0]), pd.Series([989.0]), pd.Series([0.45]))[0]) \
        == pytest.approx(64 * 504 * 3600 * 989e12 * 0.45) == pytest.approx(5.17e22, rel=1e-3)


def test_a_file_given_by_hours_gets_the_hardware_methods_compute_at_the_cores_utilisation(ref: Reference) -> None:
    row = results(EXAMPLES / "pretrain-nl-cloud.yaml", ref).loc["pretrain-7b"]
    peak = float(ref.hardware.at["nvidia-h100-sxm", "peak_tflops_16"])
    log_mean, _, low, high = utilisation_quantiles(ref, pd.Series(["nvidia-h100-sxm"]), pd.Series([float("nan")]))
    by_hand = 64 * 504 * 3600 * peak * 1e12
    assert row["training_flops_method"] == "hardware"
    assert row["training_flops"] == pytest.approx(by_hand * math.exp(log_mean[0]))
    assert (row["training_flops_low"], row["training_flops_high"]) == pytest.approx((by_hand * low[0], by_hand * high[0]))
    assert row["ai_act_class"] == "below" and row["ai_act_duty"] == "none" and not row["ai_act_documentation_due"]


def test_a_file_given_by_compute_keeps_its_own_flops(ref: Reference) -> None:
    row = results(EXAMPLES / "pretrain-be-compute.yaml", ref).loc["pretrain-7b-2t"]
    assert row["training_flops_method"] == "compute"
    assert row["training_flops"] == row["training_flops_low"] == row["training_flops_high"] == pytest.approx(8.4e22)


def test_bloom_by_the_hardware_method_is_above_the_criterion_and_due_by_2027(ref: Reference) -> None:
    row = results(EXAMPLES / "bloom-whole-footprint.yaml", ref).loc["bloom-with-idle"]
    assert 2e23 < row["training_flops_low"] < row["training_flops"] < row["training_flops_high"] < 1e24
    assert row["ai_act_class"] == "general-purpose" and row["ai_act_duty"] == "applies-unless-exempt"
    assert row["ai_act_documentation_due"] and row["ai_act_legacy_deadline"] == "2027-08-02"
    assert row["released"] == "2022-07-12" and row["open_weights"] == "restricted"


def frame(flops: float, base: float | None = None, open_weights: bool | str | None = None,
          research: bool | None = None, released: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    compute = pd.DataFrame({"training_flops": [flops]})
    inputs = pd.DataFrame({"base_model_flops": [base], "open_weights": [open_weights], "research_only": [research],
                           "released": [released], "hours": [10.0]})
    return compute, inputs


def conclude(*args: object, **kwargs: object) -> dict[str, object]:
    return classify(*frame(*args, **kwargs), RULES).iloc[0].to_dict()  # type: ignore[arg-type]


@pytest.mark.parametrize(("flops", "expected"), [
    (8.4e22, "below"), (1e23, "below"), (3e23, "general-purpose"), (1e25, "general-purpose"), (5e25, "systemic")])
def test_one_runs_compute_is_classed_against_the_criterion_and_the_presumption(flops: float, expected: str) -> None:
    assert conclude(flops)["ai_act_class"] == expected


def test_a_fine_tune_within_a_third_of_its_base_does_not_make_its_maker_a_provider() -> None:
    row = conclude(1e24, base=3.8e24)  # 26% of the base: a large fine-tune, still not a new model
    assert row["modification_compute_share"] == pytest.approx(1e24 / 3.8e24)
    assert row["ai_act_class"] == "general-purpose" and not row["ai_act_new_provider"]
    assert row["ai_act_duty"] == "none" and not row["ai_act_documentation_due"]


def test_a_fine_tune_above_a_third_of_its_base_makes_its_maker_the_provider_of_the_modified_model() -> None:
    row = conclude(2e24, base=3.8e24, open_weights=False, research=False)
    assert row["ai_act_new_provider"] and row["ai_act_duty"] == "applies" and row["ai_act_documentation_due"]


def test_open_weights_lift_the_documentation_duty_only_without_systemic_risk() -> None:
    assert conclude(4e23, open_weights=True, research=False)["ai_act_duty"] == "exempt-open-source"
    assert not conclude(4e23, open_weights=True, research=False)["ai_act_documentation_due"]
    systemic = conclude(5e25, open_weights=True, research=False)
    assert systemic["ai_act_duty"] == "applies" and systemic["ai_act_documentation_due"]


def test_a_model_for_research_alone_is_outside_the_act_whatever_its_size() -> None:
    for flops in (4e23, 5e25):
        row = conclude(flops, research=True)
        assert row["ai_act_duty"] == "outside-scope-research" and not row["ai_act_documentation_due"]
        assert row["ai_act_legacy_deadline"] is None


def test_what_the_file_leaves_unstated_leaves_the_duty_conditional() -> None:
    row = conclude(4e23)
    assert row["open_weights"] is None and row["research_only"] is None
    assert row["ai_act_duty"] == "applies-unless-exempt" and row["ai_act_documentation_due"]
    assert row["ai_act_legacy_deadline"] == "2027-08-02"
    assert conclude(4e23, open_weights=False)["ai_act_duty"] == "applies-unless-exempt"  # research still open
    assert conclude(5e25, research=False)["ai_act_duty"] == "applies"  # public weights change nothing here


def test_a_training_whose_compute_cannot_be_estimated_is_unknown_not_below() -> None:
    row = conclude(float("nan"), base=3e24)
    assert row["ai_act_class"] == "unknown" and row["ai_act_duty"] == "unknown" and not row["ai_act_new_provider"]


def test_public_weights_under_a_restrictive_licence_leave_the_exemption_open() -> None:
    assert conclude(4e23, open_weights="restricted", research=False)["ai_act_duty"] == "applies-unless-exempt"
    assert conclude(4e23, open_weights=True, research=False)["ai_act_duty"] == "exempt-open-source"


def test_a_release_before_the_obligations_keeps_article_111_3_and_a_later_one_drops_it() -> None:
    assert conclude(4e23, released="2022-07-12")["ai_act_legacy_deadline"] == "2027-08-02"
    later = conclude(4e23, released="2025-09-01")
    assert later["ai_act_documentation_due"] and later["ai_act_legacy_deadline"] is None


def test_the_rules_are_read_from_data_law_csv(ref: Reference) -> None:
    assert law_rules(ref) == LawRules(1e23, 1e25, pytest.approx(1 / 3), "2027-08-02",  # type: ignore[arg-type]
                                      "2025-08-02")
    assert set(ref.law["source_id"]) <= set(ref.sources.index)
    assert (ref.law["article"] != "").all()


def test_calc_json_carries_the_law_columns(cli, write_file) -> None:
    path = write_file("scenarios:\n  - {id: tune, name: Tune, hardware: nvidia-h100-sxm, count: 8, hours: 48, "
                      "location: NL, base_model_flops: 3.8e+24, open_weights: true}\n")
    (row,) = json.loads(cli("calc", str(path), "--format", "json").output)["scenarios"]
    assert row["training_flops_method"] == "hardware" and row["base_model_flops"] == 3.8e24
    assert row["open_weights"] is True and row["research_only"] is None
    assert row["ai_act_new_provider"] is False and row["ai_act_duty"] == "none"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("base_model_flops", "-3.0e+24", "base_model_flops: input should be greater than 0"),
    ("base_model_flops", ".inf", "base_model_flops: must be a finite number"),
    ("open_weights", "maybe", "open_weights: give true (a free and open-source licence), false, or 'restricted'"),
    ("released", "'2022-13-01'", "released: input should be a valid date"),
    ("research_only", "1.5", "research_only: input should be a valid boolean"),
])
def test_a_bad_law_field_is_refused_with_its_line(cli, write_file, field: str, value: str, message: str) -> None:
    path = write_file(f"scenarios:\n  - {{id: a, name: A, hardware: nvidia-l40s, count: 2, hours: 10, "
                      f"location: NL, {field}: {value}}}\n")
    result = cli("calc", str(path))
    assert result.exit_code == 2 and f"scenarios.yaml:2: scenarios[0].{message}" in result.output
