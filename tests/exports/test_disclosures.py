"""Disclosure files read back by the tools that own their formats carry calc's numbers."""

from __future__ import annotations

import json
import re
from io import BytesIO
from pathlib import Path

import pytest
from huggingface_hub import ModelCard
from pypdf import PdfReader
from spdx_python_model import v3_0_1 as spdx

from ..conftest import EXAMPLES

COMPUTE = EXAMPLES / "pretrain-be-compute.yaml"
HEADLINE = "pretrain-7b-2t"


@pytest.fixture(scope="module")
def calc() -> dict[str, dict]:
    from click.testing import CliRunner

    from reportgen.cli import main

    output = CliRunner().invoke(main, ["calc", str(COMPUTE), "--format", "json"], catch_exceptions=False).output
    return {r["id"]: r for r in json.loads(output)["scenarios"]}


def export(cli, tmp_path: Path, to: str, *args: str) -> list[Path]:
    result = cli("export", str(COMPUTE), "--to", to, "--scenario", HEADLINE, "--out", str(tmp_path), *args)
    assert result.exit_code == 0, result.output
    return [Path(line) for line in result.output.split()]


def test_the_model_card_read_back_by_huggingface_hub_carries_the_median_in_grams(cli, tmp_path, calc) -> None:
    (path,) = export(cli, tmp_path, "model-card")
    assert path.name == "pretrain-be-compute.pretrain-7b-2t.model-card.md"
    card = ModelCard.load(path)
    emissions = card.data.co2_eq_emissions
    assert emissions["emissions"] == round(calc[HEADLINE]["co2e_median_kg"] * 1000)
    assert emissions["source"].startswith("reportgen ")
    assert emissions["geographical_location"] == "Belgium"
    assert emissions["hardware_used"] == "256 x NVIDIA H100 SXM"
    assert "## Environmental impact" in card.text and f"{_mwh(calc)}\u00a0MWh" in card.text


def test_the_model_card_section_speaks_the_chosen_language(cli, tmp_path, calc) -> None:
    (path,) = export(cli, tmp_path, "model-card", "--lang", "nl")
    card = ModelCard.load(path)
    assert "## Milieu-impact" in card.text and f"{_mwh(calc)}\u00a0MWh" in card.text and "België" in card.text


def test_the_spdx_document_read_back_by_spdx_python_model_carries_the_median_in_kwh(cli, tmp_path, calc) -> None:
    (path,) = export(cli, tmp_path, "spdx")
    objects = spdx.SHACLObjectSet()
    with path.open("rb") as handle:
        spdx.JSONLDDeserializer().read(handle, objects)
    (package,) = list(objects.foreach_type(spdx.ai_AIPackage))
    (training,) = package.ai_energyConsumption.ai_trainingEnergyConsumption
    assert training.ai_energyQuantity == pytest.approx(calc[HEADLINE]["energy_median_kwh"], rel=1e-12)
    assert training.ai_energyUnit == spdx.ai_EnergyUnitType.kilowattHour
    (serving,) = package.ai_energyConsumption.ai_inferenceEnergyConsumption
    assert serving.ai_energyQuantity == pytest.approx(calc[HEADLINE]["inference_energy_kwh"], rel=1e-12)
    (document,) = list(objects.foreach_type(spdx.SpdxDocument))
    assert document.creationInfo.specVersion == "3.0.1" and document.rootElement[0] is package
    low = two_figures(calc[HEADLINE]["energy_low_kwh"], ".")
    assert f"{low} MWh" in package.comment.replace("\u00a0", " ")  # the interval, where the format has no field


def test_the_same_input_gives_the_same_spdx_file(cli, tmp_path) -> None:
    first = export(cli, tmp_path / "a", "spdx")[0].read_bytes()
    assert export(cli, tmp_path / "b", "spdx")[0].read_bytes() == first


def two_figures(kwh: float, decimal: str) -> str:
    return f"{float(f'{kwh / 1000:.2g}'):g}".replace(".", decimal)


@pytest.mark.parametrize(("lang", "decimal", "words"), [
    ("en", ".", ["Energy figures for the AI Act technical documentation (Annex XI)", "on request",
                 "Model Documentation Form", "not legal advice", "90% interval", "below the indicative criterion"]),
    ("nl", ",", ["Energiegegevens voor de technische documentatie (AI-verordening, bijlage XI)", "op verzoek",
                 "modeldocumentatieformulier", "geen juridisch advies", "90%-interval", "indicatieve criterium"]),
])
def test_the_ai_act_statement_states_calcs_numbers_in_both_languages(cli, tmp_path, calc, lang: str, decimal: str,
                                                                      words: list[str]) -> None:
    paths = export(cli, tmp_path, "ai-act", "--lang", lang)
    assert sorted(p.name for p in paths) == [f"pretrain-be-compute.pretrain-7b-2t.ai-act.{lang}.{ext}" for ext in ("html", "md", "pdf")]
    row = calc[HEADLINE]
    expected = [f"{two_figures(row[f'energy_{q}_kwh'], decimal)} MWh" for q in ("median", "low", "high")]
    device_hours = f"{row['device_hours']:,.0f}".replace(",", "." if lang == "nl" else ",")  # exact, as documented
    expected += [f"8{decimal}4 × 10²²", device_hours]
    markdown = next(p for p in paths if p.suffix == ".md").read_text(encoding="utf-8").replace("\u00a0", " ")
    pdf = " ".join(page.extract_text() for page in PdfReader(BytesIO(
        next(p for p in paths if p.suffix == ".pdf").read_bytes())).pages)
    pdf = re.sub(r"\s+", " ", pdf.replace("\u00a0", " "))
    for text in (markdown, pdf):
        for value in expected + words:
            assert value.lower() in text.lower(), (lang, value)  # the PDF sets its kicker in capitals


def test_a_file_of_several_scenarios_needs_the_one_the_disclosure_is_about(cli, tmp_path) -> None:
    result = cli("export", str(COMPUTE), "--to", "spdx", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "pretrain-be-compute.yaml" in result.output and "--scenario" in result.output
    assert "pretrain-7b-2t, pretrain-7b-2t-three-seeds" in result.output
    unknown = cli("export", str(COMPUTE), "--to", "spdx", "--scenario", "nope", "--out", str(tmp_path))
    assert unknown.exit_code == 2 and "no scenario 'nope'" in unknown.output
    assert not any(tmp_path.iterdir())


def test_a_file_of_one_scenario_needs_no_choice(cli, tmp_path, write_file) -> None:
    path = write_file("scenarios:\n  - {id: only, name: Only, hardware: nvidia-l40s, count: 2, hours: 10, "
                      "location: NL, training_type: fine-tuning}\n")
    result = cli("export", str(path), "--to", "model-card", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    card = ModelCard.load(tmp_path / "out" / "scenarios.only.model-card.md")
    assert card.data.co2_eq_emissions["training_type"] == "fine-tuning"


@pytest.mark.parametrize(("runs", "en", "nl"), [(1, "for the single run in the file", "voor de enige run in het bestand"),
                                               (3, "for all three runs in the file", "voor alle drie runs in het bestand")])
def test_the_statement_names_a_single_run_in_words_not_as_one_run_of_many(cli, tmp_path, write_file, runs: int,
                                                                       en: str, nl: str) -> None:
    path = write_file(f"scenarios:\n  - {{id: only, name: Only, hardware: nvidia-l40s, count: 2, hours: 10, "
                      f"runs: {runs}, location: NL}}\n")
    for lang, words in (("en", en), ("nl", nl)):
        result = cli("export", str(path), "--to", "ai-act", "--lang", lang, "--out", str(tmp_path / lang))
        assert result.exit_code == 0, result.output
        markdown = next((tmp_path / lang).glob("*.md")).read_text(encoding="utf-8")
        assert words in re.sub(r"\s+", " ", markdown) and "de 1 run" not in markdown and "the 1 run" not in markdown


def _mwh(calc) -> str:
    """Return the headline's median energy in MWh as the card prints it: two significant figures."""
    mwh = calc[HEADLINE]["energy_median_kwh"] / 1000
    return f"{float(f'{mwh:.2g}'):g}"


def test_exports_of_several_scenarios_share_a_folder_each_under_its_own_name(cli, tmp_path) -> None:
    first = export(cli, tmp_path, "spdx")
    result = cli("export", str(COMPUTE), "--to", "spdx", "--scenario", "pretrain-7b-2t-three-seeds", "--out",
                 str(tmp_path))
    assert result.exit_code == 0, result.output
    assert {p.name for p in tmp_path.glob("*.spdx.json")} == {
        "pretrain-be-compute.pretrain-7b-2t.spdx.json", "pretrain-be-compute.pretrain-7b-2t-three-seeds.spdx.json"}
    assert first[0].read_bytes() != Path(result.output.strip()).read_bytes()


def test_a_second_export_replaces_reportgens_own_file_and_refuses_a_changed_one_unless_forced(cli, tmp_path) -> None:
    (path,) = export(cli, tmp_path, "sci")
    assert export(cli, tmp_path, "sci") == [path]  # reportgen's own, unchanged: replaced
    path.write_text("{}\n", encoding="utf-8")
    refused = cli("export", str(COMPUTE), "--to", "sci", "--scenario", HEADLINE, "--out", str(tmp_path))
    assert refused.exit_code == 2 and path.name in refused.output and "--force" in refused.output
    assert path.read_text(encoding="utf-8") == "{}\n"
    assert export(cli, tmp_path, "sci", "--force") == [path]
    assert json.loads(path.read_text(encoding="utf-8"))["standard"] == "ISO/IEC 21031:2024"


def test_a_file_reportgen_did_not_write_is_never_replaced_without_force(cli, tmp_path) -> None:
    theirs = tmp_path / "pretrain-be-compute.pretrain-7b-2t.model-card.md"
    theirs.write_text("# my own card\n", encoding="utf-8")
    refused = cli("export", str(COMPUTE), "--to", "model-card", "--scenario", HEADLINE, "--out", str(tmp_path))
    assert refused.exit_code == 2 and theirs.read_text(encoding="utf-8") == "# my own card\n"
