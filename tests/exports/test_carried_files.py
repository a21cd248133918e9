"""A brief carries its data: its PDF (PDF/A-3) embeds the scenario file, calc's JSON and the headline's
disclosures, each equal to the file it was made from, and the site offers the same files beside the brief."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from reportgen.publish import SiteConfig, build_site

from ..conftest import EXAMPLES

FILE = EXAMPLES / "pretrain-be-compute.yaml"
HEADLINE = "pretrain-7b-2t"


@pytest.fixture(scope="module")
def brief_pdf(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    from reportgen.cli import main

    out = tmp_path_factory.mktemp("brief")
    result = CliRunner().invoke(main, ["brief", str(FILE), "--lang", "nl", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out / "pretrain-be-compute.nl.pdf"


def test_the_brief_pdf_is_pdf_a_3_and_lists_its_attachments(brief_pdf) -> None:
    reader = PdfReader(brief_pdf)
    assert sorted(reader.attachments) == sorted([
        "pretrain-be-compute.yaml", "pretrain-be-compute.calc.json", "pretrain-be-compute.ai-act.nl.md",
        "pretrain-be-compute.model-documentation.nl.md", "pretrain-be-compute.model-card.md",
        "pretrain-be-compute.spdx.json", "pretrain-be-compute.boamps.json", "pretrain-be-compute.sci.json",
        "pretrain-be-compute.cyclonedx.json"])
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r'pdfaid:part="3"', metadata) and re.search(r'pdfaid:conformance="A"', metadata)
    assert reader.trailer["/Root"]["/Lang"] == "nl" and "/MarkInfo" in reader.trailer["/Root"]  # still tagged
    relationships = {str(spec.get_object()["/F"]): str(spec.get_object()["/AFRelationship"])
                     for spec in reader.trailer["/Root"]["/AF"]}
    assert relationships["pretrain-be-compute.yaml"] == "/Source"
    assert relationships["pretrain-be-compute.calc.json"] == "/Data"


def test_the_attachments_equal_the_scenario_file_calcs_json_and_the_exports(brief_pdf, cli, tmp_path) -> None:
    attached = {name: contents[0] for name, contents in PdfReader(brief_pdf).attachments.items()}
    assert attached["pretrain-be-compute.yaml"] == FILE.read_bytes()
    calc = cli("calc", str(FILE), "--format", "json")
    assert attached["pretrain-be-compute.calc.json"] == calc.output.encode("utf-8")
    for to, lang in (("spdx", "nl"), ("boamps", "nl"), ("sci", "nl"), ("cyclonedx", "nl"), ("model-card", "nl"),
                     ("ai-act", "nl"), ("model-documentation", "nl")):
        result = cli("export", str(FILE), "--to", to, "--scenario", HEADLINE, "--lang", lang, "--out", str(tmp_path))
        assert result.exit_code == 0, result.output
        for path in (Path(line) for line in result.output.split() if line.endswith((".md", ".json"))):
            assert attached[path.name.replace(f".{HEADLINE}.", ".")] == path.read_bytes(), path.name


def test_the_site_offers_the_scenario_file_and_calcs_json_beside_the_brief(cli, tmp_path) -> None:
    out = tmp_path / "site"
    build_site(SiteConfig(inputs=(FILE,), out=out, pdf=False, jobs=1))
    calc = cli("calc", str(FILE), "--format", "json").output.encode("utf-8")
    for lang in ("nl", "en"):
        assert (out / lang / "pretrain-be-compute.yaml").read_bytes() == FILE.read_bytes()
        assert (out / lang / "pretrain-be-compute.calc.json").read_bytes() == calc
        page = (out / lang / "pretrain-be-compute.html").read_text(encoding="utf-8")
        for name in ("pretrain-be-compute.yaml", "pretrain-be-compute.calc.json",
                     f"pretrain-be-compute.model-documentation.{lang}.html", "pretrain-be-compute.sci.json"):
            assert f'href="{name}"' in page, name
        assert {"en": "Energy figures for the AI Act technical documentation (Annex XI)",
                "nl": "Energiegegevens voor de technische documentatie (AI-verordening, bijlage XI)"}[lang] in page
        assert {"en": "Model Documentation Form", "nl": "Modeldocumentatieformulier"}[lang] in page
