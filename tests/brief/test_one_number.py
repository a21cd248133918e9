"""One official number: the median is the figure of `calc`'s table, the API, the brief and its rows; a row
multiplies out by hand; serving joins the headline where a file has it; page 1 gives a sense of scale."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel import Locale

from reportgen import estimate
from reportgen.pipeline import brief_document, compute, load, views
from reportgen.reference import Reference
from reportgen.render.numbers import formatters

from ..conftest import EXAMPLES, SCENARIO_EXAMPLES

EXAMPLE_FILES = SCENARIO_EXAMPLES
SERVING = EXAMPLES / "pretrain-be-compute.yaml"


def page_text(path: Path, lang: str) -> str:
    """Return the visible text of a brief's HTML, on one line."""
    page = brief_document(path, lang, "html").data.decode("utf-8")
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).replace("\xa0", " ").replace("&#34;", '"')


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_scenario_row_multiplies_out_within_rounding(path: Path, ref: Reference) -> None:
    scenario_file = load([path], ref)[0]
    view = views(scenario_file, compute([scenario_file], ref)[0], ref, ["en"])["en"]
    for s in (s for s in view.scenarios if s.trains):
        power_w = s.count * s.device_power_median_w + s.host_power_median_w
        energy_kwh = power_w * s.hours_median * s.runs * s.pue_median / 1000.0
        assert energy_kwh == pytest.approx(s.energy_median_kwh, rel=0.05), s.id
        assert s.energy_median_kwh * s.intensity_median_g_per_kwh / 1000.0 == pytest.approx(s.median_kg, rel=0.05), s.id


def test_a_row_shows_the_medians_it_multiplies_out_of() -> None:
    text = page_text(EXAMPLES / "finetune-be-university.yaml", "en")
    # Belgium's grid: the middle of 100-160 g/kWh (2023 and 2024 with the spread between sources), not 2024's 118
    row = text[text.index("Grid search over 32 hyperparameter settings 4 ×"):][:400]
    assert "80% of rated power (TDP); plus 600 W for the servers" in row
    assert "32 × 18 h" in row and "1.60 1.40–1.80" in row and "129 100–160; 2024, life-cycle" in row
    assert "in the catalogue" not in text


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_calc_the_api_and_the_brief_give_the_same_headline_figure(path: Path, cli, ref: Reference) -> None:
    results = estimate(path).set_index("id")
    scenario_file = load([path], ref)[0]
    headline = views(scenario_file, compute([scenario_file], ref)[0], ref, ["en"])["en"].headline
    median = results.at[headline.id, "co2e_median_kg"]
    assert headline.median_kg == median
    row = next(line for line in cli("calc", str(path)).output.splitlines() if line.startswith(headline.id + " "))
    assert f"{median:,.0f}" in row.split() or f"{median:,.2f}" in row.split() or f"{median:,.1f}" in row.split()
    shown = formatters(Locale.parse("en"))["mass"](
        headline.with_serving_median_kg if headline.with_serving_median_kg is not None else median)
    assert shown.replace("\xa0", " ") in page_text(path, "en").split("Key messages")[1][:600]


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["24 t CO₂e", "training 21 t and serving 2.9 t",
            "comes to about 24 t of CO₂e: 21 t to train the model and 2.9 t to serve 50 million requests",
            "After 350 million requests, serving has used as much energy as training."]),
    ("nl", ["24 t CO₂e", "21 t voor de training en 2,9 t voor het gebruik", "50 miljoen vragen te beantwoorden",
            "Na 350 miljoen vragen heeft het gebruik evenveel energie gekost als de training."]),
])
def test_the_headline_of_a_file_with_serving_includes_it(lang: str, expected: list[str]) -> None:
    first = page_text(SERVING, lang).split("Recommendations" if lang == "en" else "Aanbevelingen")[0]
    for phrase in expected:
        assert phrase in first
    assert "serving the model are not included" not in first


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", r"For scale: Belgium's power stations generate the 160 MWh of this training in about \d+ seconds "
           r"\(82 TWh in 2023\); the EU's data centres used 76\.8 TWh in 2018\."),
    ("nl", r"Ter vergelijking: de Belgische centrales wekken de 160 MWh van deze training op in ongeveer \d+ seconden "
           r"\(82 TWh in 2023\); de datacenters in de EU verbruikten in 2018 samen 76,8 TWh\."),
])
def test_page_one_sets_the_energy_against_the_countrys_electricity(lang: str, expected: str) -> None:
    assert re.search(expected, page_text(SERVING, lang))


def test_calc_and_whatif_show_serving_beside_training(cli) -> None:
    calc = cli("calc", str(SERVING)).output.splitlines()
    assert "serving kg" in calc[0] and "with serving kg" in calc[0]
    row = estimate(SERVING).set_index("id").loc["pretrain-7b-2t"]
    line = next(x for x in calc if x.startswith("pretrain-7b-2t "))
    assert f"{row['inference_co2e_median_kg']:,.0f}" in line and f"{row['co2e_with_serving_median_kg']:,.0f}" in line
    whatif = cli("whatif", str(SERVING)).output
    assert f"serving {row['inference_co2e_median_kg']:,.0f} kg" in whatif


def test_a_training_smaller_than_a_seconds_generation_says_so() -> None:
    text = page_text(EXAMPLES / "measured-h200.yaml", "en")
    assert "the Dutch power stations generate the 43 kWh of this training in less than a second" in text
    assert "about 1 second" not in text


def test_the_case_study_and_the_cost_table_give_one_model_the_same_electricity_cost() -> None:
    text = page_text(EXAMPLES / "strubell2019.yaml", "en")
    case = text[text.index("Case study: what one research paper"):]
    assert "1 120 18 kg 52–180 4.9" in case  # recomputed as the scenarios are, at 2 significant figures
    costs = text[text.index("Costs, where the scenario file gives prices"):]
    assert re.search(r"LISA: one model (USD [\d.,]+ ){2}USD 4\.9", costs)
    assert "USD 5.0" not in text and "52–175" not in case


MEASURED = EXAMPLES / "measured-h200.yaml"


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_measured_brief_leads_with_how_much_more_the_rated_power_counts(lang: str, ref: Reference) -> None:
    scenario_file = load([MEASURED], ref)[0]
    computed = compute([scenario_file], ref)[0]
    view = views(scenario_file, computed, ref, [lang])[lang]
    check = view.measurement_check
    assert check is not None and view.headline.id == "measured-log-repeated"
    rows = {r.id: r for r in computed.results}
    # The 2019 method against the measurement: one point figure over the other, the same PUE and grid in both.
    assert check.paper_excess == pytest.approx(rows["tdp-estimate"].co2e_kg / rows["measured-log-repeated"].co2e_kg - 1)
    assert 0.2 < check.paper_excess < 0.5 and check.estimate_holds
    assert view.advice[0].key == "measure-energy" and view.top_advice[0].key == "measure-energy"
    text = page_text(MEASURED, lang)
    excess = formatters(Locale.parse(lang))["percent"](check.paper_excess)
    what_to_do = {"en": "What to do: meter the energy of every job.", "nl": "Belangrijkste aanbeveling:"}[lang]
    assert what_to_do in text and excess in text[:text.index("Key messages" if lang == "en" else "Kernboodschappen")]


def test_a_brief_without_a_measurement_has_no_measurement_check(ref: Reference) -> None:
    scenario_file = load([SERVING], ref)[0]
    assert views(scenario_file, compute([scenario_file], ref)[0], ref, ["en"])["en"].measurement_check is None
