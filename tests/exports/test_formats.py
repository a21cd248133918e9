"""BoAmps, SCI and CycloneDX exports, read back by their publishers' schemas and libraries, carry calc's numbers."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ..conftest import EXAMPLES, ROOT

STANDARDS = ROOT.parent / "shared" / "standards"
BOAMPS = STANDARDS / "boamps"
COMPUTE = EXAMPLES / "pretrain-be-compute.yaml"
HEADLINE = "pretrain-7b-2t"
# (file, scenario): every example's first training scenario, for the formats' checks on each of them
EXAMPLE_SCENARIOS = [("pretrain-be-compute.yaml", "pretrain-7b-2t"), ("pretrain-nl-cloud.yaml", "pretrain-7b"),
                     ("finetune-be-university.yaml", "finetune-grid-search"), ("measured-h200.yaml", "measured-log"),
                     ("bloom-whole-footprint.yaml", "bloom-tool-defaults"), ("strubell2019.yaml", "bert-base-v100")]


CALC: dict[Path, dict[str, dict]] = {}


def calc_rows(cli, path: Path) -> dict[str, dict]:
    if path not in CALC:
        result = cli("calc", str(path), "--format", "json")
        assert result.exit_code == 0, result.output
        CALC[path] = {r["id"]: r for r in json.loads(result.output)["scenarios"]}
    return CALC[path]


def exported(cli, path: Path, scenario: str, to: str, out: Path) -> dict:
    result = cli("export", str(path), "--to", to, "--scenario", scenario, "--out", str(out))
    assert result.exit_code == 0, result.output
    (written,) = [Path(line) for line in result.output.split()]
    assert written.name == f"{path.stem}.{scenario}.{to}.json"
    return json.loads(written.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def boamps_validator():
    if not BOAMPS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{BOAMPS} is missing: the BoAmps schemas are needed in CI")
        pytest.skip(f"{BOAMPS} is absent: the BoAmps schemas live in ../shared/standards/")
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in BOAMPS.glob("*_schema.json")}
    registry = Registry().with_resources(
        (schema["id"], Resource.from_contents(schema, default_specification=DRAFT4)) for schema in schemas.values())
    return Draft4Validator(schemas["report_schema.json"], registry=registry)


def test_the_boamps_validator_refuses_a_report_without_measures(boamps_validator) -> None:
    example = json.loads((BOAMPS / "energy-report-llm-inference.json").read_text(encoding="utf-8"))
    assert not list(boamps_validator.iter_errors(example))
    del example["measures"]
    assert list(boamps_validator.iter_errors(example))


@pytest.mark.parametrize(("name", "scenario"), EXAMPLE_SCENARIOS)
def test_every_boamps_report_follows_the_schemas_and_carries_calcs_energy(cli, tmp_path, boamps_validator, name,
                                                                          scenario) -> None:
    path = EXAMPLES / name
    report = exported(cli, path, scenario, "boamps", tmp_path)
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in boamps_validator.iter_errors(report)]
    assert not errors
    row = calc_rows(cli, path)[scenario]
    (measure,) = report["measures"]
    assert measure["powerConsumption"] == row["energy_median_kwh"]
    assert measure["measurementDuration"] == pytest.approx(row["hours"] * row["runs"] * 3600, rel=1e-12)
    assert report["environment"]["powerSourceCarbonIntensity"] == row["carbon_intensity_median_g_per_kwh"]
    (component,) = report["infrastructure"]["components"]
    assert component["nbComponent"] == row["count"]
    assert report["quality"] in ("high", "medium", "low")


def test_a_boamps_report_names_the_model_size_and_tokens_where_the_file_gives_them(cli, tmp_path) -> None:
    report = exported(cli, COMPUTE, HEADLINE, "boamps", tmp_path)
    row = calc_rows(cli, COMPUTE)[HEADLINE]
    (algorithm,) = report["task"]["algorithms"]
    assert algorithm["parametersNumber"] == row["parameters"] / 1e9
    assert report["task"]["dataset"] == [{"dataUsage": "input", "dataType": "token", "dataQuantity": row["tokens"]}]
    assert report["infrastructure"]["infraType"] == "onPremise" and report["environment"]["country"] == "Belgium"


def test_a_measured_run_is_a_measure_of_its_log_and_a_wide_estimate_is_of_low_quality(cli, tmp_path) -> None:
    measured = exported(cli, EXAMPLES / "measured-h200.yaml", "measured-log", "boamps", tmp_path)
    assert measured["measures"][0]["measurementMethod"] == "nvidia-smi"
    assert exported(cli, COMPUTE, HEADLINE, "boamps", tmp_path / "b")["quality"] == "low"
    assert exported(cli, EXAMPLES / "strubell2019.yaml", "bert-base-v100", "boamps", tmp_path / "c")[
        "quality"] == "high"


@pytest.mark.parametrize(("name", "scenario"), EXAMPLE_SCENARIOS)
def test_every_sci_is_operational_plus_embodied_carbon_per_unit(cli, tmp_path, name, scenario) -> None:
    path = EXAMPLES / name
    sci = exported(cli, path, scenario, "sci", tmp_path)
    row = calc_rows(cli, path)[scenario]
    provider = sci["provider"]
    assert sci["standard"] == "ISO/IEC 21031:2024" and provider["boundary"]["included"]
    assert provider["e_kwh"] == row["energy_median_kwh"]
    assert provider["i_g_per_kwh"] == row["carbon_intensity_median_g_per_kwh"]
    assert provider["operational_g"] == pytest.approx(row["co2e_median_kg"] * 1000, rel=1e-12)
    embodied = row["embodied_median_kg"]
    assert provider["m_g"] == (None if embodied is None else pytest.approx(embodied * 1000, rel=1e-12))
    assert provider["carbon_g"] == pytest.approx(provider["operational_g"] + (provider["m_g"] or 0), rel=1e-12)
    units = {u["functional_unit"]: u for u in provider["units"]}
    flop = units["FLOP"]
    assert flop["r"] == pytest.approx(row["training_flops"] * row["runs"], rel=1e-12)
    assert flop["sci_g_per_unit"] == pytest.approx(provider["carbon_g"] / flop["r"], rel=1e-12)
    for unit, column in (("billion parameters", "parameters"), ("training token", "tokens")):
        if row[column] is None:
            assert units[unit]["sci_g_per_unit"] is None and units[unit]["reason"]
        else:
            assert units[unit]["sci_g_per_unit"] > 0 and units[unit]["reason"] is None


def test_the_sci_of_a_served_model_counts_per_request_and_gives_no_per_token_score(cli, tmp_path) -> None:
    sci = exported(cli, COMPUTE, HEADLINE, "sci", tmp_path)
    row = calc_rows(cli, COMPUTE)[HEADLINE]
    units = {u["functional_unit"]: u for u in sci["consumer"]["units"]}
    assert units["request"]["r"] == row["inference_requests"]
    assert units["request"]["sci_g_per_unit"] == pytest.approx(
        row["inference_co2e_median_kg"] * 1000 / row["inference_requests"], rel=1e-12)
    assert units["token"]["sci_g_per_unit"] is None and "tokens" in units["token"]["reason"]
    provider = {u["functional_unit"]: u for u in sci["provider"]["units"]}
    assert provider["billion parameters"]["r"] == 7.0 and provider["training token"]["r"] == 2e12


def test_the_sci_of_a_training_without_serving_has_no_consumer_score(cli, tmp_path) -> None:
    sci = exported(cli, EXAMPLES / "pretrain-nl-cloud.yaml", "pretrain-7b", "sci", tmp_path)
    assert all(u["sci_g_per_unit"] is None and "no serving" in u["reason"] for u in sci["consumer"]["units"])


@pytest.mark.parametrize(("name", "scenario"), EXAMPLE_SCENARIOS)
def test_every_cyclonedx_bom_follows_the_libraries_schema_and_carries_calcs_medians(cli, tmp_path, name,
                                                                                    scenario) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonValidator

    path = EXAMPLES / name
    bom = exported(cli, path, scenario, "cyclonedx", tmp_path)
    assert JsonValidator(SchemaVersion.V1_6).validate_str(json.dumps(bom)) is None
    row = calc_rows(cli, path)[scenario]
    (model,) = bom["components"]
    assert bom["specVersion"] == "1.6" and model["type"] == "machine-learning-model"
    consumptions = model["modelCard"]["considerations"]["environmentalConsiderations"]["energyConsumptions"]
    training = consumptions[0]
    assert training["activity"] in ("training", "fine-tuning")
    assert training["activityEnergyCost"] == {"value": row["energy_median_kwh"], "unit": "kWh"}
    assert training["co2CostEquivalent"]["value"] == pytest.approx(row["co2e_median_kg"] / 1000, rel=1e-12)
    assert training["co2CostEquivalent"]["unit"] == "tCO2eq"
    if row["inference_energy_median_kwh"] is None:
        assert len(consumptions) == 1
    else:
        serving = consumptions[1]
        assert serving["activity"] == "inference"
        assert serving["activityEnergyCost"]["value"] == row["inference_energy_median_kwh"]
        assert serving["co2CostEquivalent"]["value"] == pytest.approx(row["inference_co2e_median_kg"] / 1000,
                                                                       rel=1e-12)


def test_the_cyclonedx_schema_refuses_an_energy_in_another_unit() -> None:
    from reportgen.errors import RenderError
    from reportgen.exports.cyclonedx import energy_consumption, validated

    wrong = energy_consumption("training", 1.0, 1.0, "grid")
    wrong["activityEnergyCost"]["unit"] = "MWh"
    bom = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
           "components": [{"type": "machine-learning-model", "name": "m", "modelCard": {
               "considerations": {"environmentalConsiderations": {"energyConsumptions": [wrong]}}}}]}
    with pytest.raises(RenderError, match=r"1\.6 schema"):
        validated(bom)
