"""What the law asks: the thresholds that decide the AI Act's duty, and the statement's numbers equal calc's."""

from __future__ import annotations

import json
import re

import pytest

from reportgen.brief.law import law_view
from reportgen.core.columns import FILE_RESULT_COLUMNS
from reportgen.core.scenario_result import ScenarioResult
from reportgen.pipeline import brief_document

from ..conftest import EXAMPLES

FACTS = {"ai_act_gpai_indicative_flop": 1e23, "ai_act_systemic_risk_flop": 1e25, "eed_datacentre_it_kw": 500.0}


def row(flops: float | None, basis: str = "tdp") -> ScenarioResult:
    return ScenarioResult.from_row({column: None for column in FILE_RESULT_COLUMNS} | {
        "id": "x", "name": "X", "flops": flops, "runs": 3.0, "power_basis": basis, "count": 8.0, "device_hours": 100.0,
            **{f"energy_{q}_kwh": v for q, v in (("low", 1.0), ("median", 2.0), ("high", 3.0))},
            **{f"co2e_{q}_kg": v for q, v in (("low", 1.0), ("median", 2.0), ("high", 3.0))}})


@pytest.mark.parametrize(("flops", "expected"), [
    (None, "unknown"), (8.4e22, "below"), (1e23, "below"), (3e23, "general-purpose"), (5e25, "systemic")])
def test_one_runs_compute_decides_against_the_thresholds(flops: float | None, expected: str) -> None:
    assert law_view("x", "H100", row(flops), FACTS, None).compute_class == expected


@pytest.mark.parametrize(("basis", "flops", "expected"), [
    ("nvidia-smi", None, "measured"), ("codecarbon", None, "measured"), ("tdp", 1e22, "compute"),
    ("tdp", None, "tdp"), ("derived", None, "derived")])
def test_the_statement_says_how_the_energy_was_found(basis: str, flops: float | None, expected: str) -> None:
    assert law_view("x", "H100", row(flops, basis), FACTS, None).energy_basis == expected


@pytest.mark.parametrize(("lang", "mwh", "words"), [
    ("en", "{median} MWh ({low} MWh to {high} MWh)", "estimated from the computation"),
    ("nl", "{median} MWh ({low} MWh tot {high} MWh)", "geschat uit het rekenwerk"),
])
def test_the_statements_energy_is_calcs_median_and_interval_in_mwh(cli, lang: str, mwh: str, words: str) -> None:
    path = EXAMPLES / "pretrain-be-compute.yaml"
    calc = {r["id"]: r for r in json.loads(cli("calc", str(path), "--format", "json").output)["scenarios"]}
    headline = calc["pretrain-7b-2t"]
    page = brief_document(path, lang, "html").data.decode("utf-8")
    section = re.sub(r"<[^>]+>", " ", page[page.index('id="law-title"'):page.index("</section>", page.index(
        'id="law-title"'))]).replace("\u00a0", " ")

    def two(kwh: float) -> str:
        text = f"{float(f'{kwh / 1000:.2g}'):g}"
        return text.replace(".", ",") if lang == "nl" else text
    expected = mwh.format(median=two(headline["energy_median_kwh"]), low=two(headline["energy_low_kwh"]),
                          high=two(headline["energy_high_kwh"]))
    assert expected in section and words in section
    assert "8.4 × 10²²" in section or "8,4 × 10²²" in section
