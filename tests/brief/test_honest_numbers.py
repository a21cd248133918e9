"""Honest numbers in the briefs: the median leads, with its interval; labels say what the data is."""

from __future__ import annotations

import html as html_lib
import re
from functools import cache
from io import BytesIO
from pathlib import Path

import pandas as pd
import pytest
from babel import Locale
from pypdf import PdfReader

from reportgen import estimate
from reportgen.pipeline import brief_document
from reportgen.render.numbers import formatters

from ..conftest import EXAMPLES, SCENARIO_EXAMPLES

EPOCH = "1795737600"
EXAMPLE_FILES = SCENARIO_EXAMPLES
HEADLINES = {"strubell2019": "lisa-all-rnd", "measured-h200": "measured-log-repeated",
             "bloom-whole-footprint": "bloom-with-idle", "pretrain-be-compute": "pretrain-7b-2t"}


@cache
def rendered(path: Path, lang: str, fmt: str) -> bytes:
    """Return a brief, rendered once per test run with a fixed date."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return brief_document(path, lang, fmt).data


def visible(path: Path, lang: str) -> str:
    """Return the visible text of a brief's HTML, with spaces normalised."""
    page = rendered(path, lang, "html").decode("utf-8")
    page = re.sub(r"<head>.*?</head>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", page))).replace("\xa0", " ")


def first_page(path: Path, lang: str) -> str:
    """Return the text of page 1 of a brief's PDF."""
    text = PdfReader(BytesIO(rendered(path, lang, "pdf"))).pages[0].extract_text()
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_page_one_shows_the_median_and_both_ends_of_its_interval(path: Path, lang: str) -> None:
    results = estimate(path).set_index("id")
    default = results["co2e_median_kg"].idxmax()
    row = results.loc[HEADLINES.get(path.stem, default)]
    f = formatters(Locale.parse(lang))
    text = first_page(path, lang)
    # A scenario with serving leads with training and serving together, drawn as one figure.
    figure = "co2e_with_serving" if pd.notna(row["co2e_with_serving_median_kg"]) else "co2e"
    median = f["mass"](row[f"{figure}_median_kg"]).replace("\xa0", " ")
    assert re.match(r"^[\d.,]+ (t|kg)$", median)
    assert median in text
    if row[f"{figure}_low_kg"] < row[f"{figure}_high_kg"]:
        low, high = (e.replace("\xa0", " ") for e in f["mass_range"](
            row[f"{figure}_low_kg"], row[f"{figure}_high_kg"], row[f"{figure}_median_kg"]))
        assert f"{low} {'en' if lang == 'nl' else 'and'} {high}" in text
    else:
        assert ("geen bandbreedte" if lang == "nl" else "no range") in text


def test_the_headline_is_the_scenario_the_file_names() -> None:
    text = visible(EXAMPLES / "measured-h200.yaml", "en")
    box = text[text.index("Key messages"):text.index("Recommendations")]
    assert "The scenario “The same run done 1,000 times (a hyperparameter sweep)” comes to about" in box
    assert "the highest emissions in this brief" not in box


def test_only_a_largest_headline_among_several_is_called_the_largest(write_file) -> None:
    single = write_file("scenarios:\n  - {id: a, name: Alone, hardware: nvidia-a100-80gb, hours: 10, location: BE}\n")
    assert "the highest emissions" not in visible(single, "en")
    assert "the scenario with the highest emissions in this brief" in visible(
        EXAMPLES / "finetune-be-university.yaml", "en")


def test_the_strubell_brief_leads_with_the_correction_and_shows_the_search_once() -> None:
    text = visible(EXAMPLES / "strubell2019.yaml", "en")
    messages = text[text.index("Key messages"):text.index("Recommendations")]
    first = messages[messages.index("The 2019 study's largest figure"):]
    assert first.index("3.2 t") < first.index("comes to about")
    assert "recalculated in 2021" in first and "measured" not in first.split("not a measurement")[1]
    page = rendered(EXAMPLES / "strubell2019.yaml", "en", "html").decode("utf-8")
    table = page[page.index('<table class="bench stack">'):page.index("</table>", page.index('<table class="bench stack">'))]
    assert table.count("architecture search") == 1 and "284.02" in table
    assert "June 5, 2019" not in text


def test_power_labels_say_whether_a_draw_was_measured_derived_or_taken_from_the_catalogue() -> None:
    strubell = visible(EXAMPLES / "strubell2019.yaml", "en")
    assert "217 W each, derived from published totals" in strubell
    assert "189 W each, measured" in strubell
    assert "216.96" not in strubell
    assert "85% of rated power (TDP)" in visible(EXAMPLES / "pretrain-nl-cloud.yaml", "en")
    assert "60% to 100% of rated power (TDP), 80% in the middle" in visible(
        EXAMPLES / "pretrain-be-compute.yaml", "en")
    assert "W each, measured with nvidia-smi" in visible(EXAMPLES / "measured-h200.yaml", "en")


def test_every_intensity_says_its_year_and_what_it_counts() -> None:
    text = visible(EXAMPLES / "pretrain-nl-cloud.yaml", "nl")
    assert "2024, directe uitstoot" in text and "2024, levenscyclus" in text
    assert "as given in the file" in visible(EXAMPLES / "strubell2019.yaml", "en")


def test_runs_are_counted_as_runs() -> None:
    text = visible(EXAMPLES / "strubell2019.yaml", "en")
    assert "repeat" not in text
    assert "4,789 × 50.1 h" in text  # jobs times hours each, not one GPU for 27 years


def test_costs_only_where_prices_apply_with_their_note() -> None:
    page = rendered(EXAMPLES / "pretrain-nl-cloud.yaml", "en", "html").decode("utf-8")
    costs = page[page.index('<table class="costs stack">'):page.index("</table>", page.index('<table class="costs stack">'))]
    assert "on-premise" not in costs and "Pre-training run, 21 days" in costs
    assert "Prices: illustrative list prices per GPU hour, not a negotiated contract" in visible(
        EXAMPLES / "pretrain-nl-cloud.yaml", "en")


def test_one_value_per_quantity_across_the_brief() -> None:
    text = visible(EXAMPLES / "strubell2019.yaml", "en")
    # The case study's cloud cost, as printed (103,000-350,000) and as computed (103,175-350,315), reads the same.
    assert "USD 100,000 USD 350,000" in text.split("Costs, where")[1] and "100,000–350,000" in text
    assert "103,175" not in text and "350,315" not in text


def test_no_false_precision_in_the_text() -> None:
    text = visible(EXAMPLES / "strubell2019.yaml", "en")
    assert "1 × 12 h" in text and "12.0 h" not in text
    assert not re.search(r"\d\.0 to", text)  # "3.0 to 10 times"
    assert not re.search(r"−\d+\.\d\d t", text)  # savings in tonnes with two decimals
    measured = visible(EXAMPLES / "measured-h200.yaml", "en")
    energy = measured[measured.index("Energy (kWh)"):measured.index("CO₂e: median, with the")]
    assert not re.search(r"(?<![\d.,])0 ", energy)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_co2_has_its_subscript_and_dutch_prose_has_no_lbs(lang: str) -> None:
    text = visible(EXAMPLES / "strubell2019.yaml", lang)
    assert "CO₂e" in text and "CO2e" not in text.replace("CO2 emissions", "")
    assert "CO₂e" in first_page(EXAMPLES / "strubell2019.yaml", lang)
    if lang == "nl":
        assert " lbs" not in text


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_prose_quotes_with_typographic_quotation_marks_only(path: Path, lang: str) -> None:
    text = visible(path, lang)
    assert '"' not in text, text[max(text.index('"') - 60, 0):text.index('"') + 60]
    if lang == "nl":  # Dutch quotes a name as ‘…’, as the catalog does, never with English marks
        assert "“" not in text and "”" not in text, text[max(text.find("“") - 60, 0):text.find("“") + 60]


def test_scenarios_with_and_without_catalogue_hardware_share_a_brief(write_file) -> None:
    path = write_file("scenarios:\n  - {id: a, name: Catalogue, hardware: nvidia-a100-40gb, hours: 10, location: NL}\n"
                      "  - {id: b, name: Stated, device_power_w: 300, hours: 10, location: NL}\n")
    text = visible(path, "en")
    assert "1 × NVIDIA" in text and "1 device" in text


def test_a_saving_that_leaves_something_never_reads_a_hundred_percent(write_file) -> None:
    path = write_file("scenarios:\n  - {id: m, name: Mumbai, hardware: nvidia-a100-80gb, count: 8, hours: 100, "
                      "location: 'gcp:asia-south1'}\n")
    text = visible(path, "en")
    assert "(99%" in text and "(100%" not in text


def test_a_brief_of_many_scenarios_charts_the_largest_and_says_so(write_file) -> None:
    rows = "".join(f"  - {{id: s{i}, name: Scenario {i}, hardware: nvidia-a100-80gb, hours: {i + 1}, location: BE}}\n"
                   for i in range(60))
    page = rendered(write_file("scenarios:\n" + rows), "en", "html").decode("utf-8")
    chart = page[page.index('<svg class="chart chart-wide"'):page.index("</svg>")]
    assert chart.count('class="bar bar-scenario"') == 15
    assert "The chart leaves out the 45 smallest scenarios to fit the page" in page
    table = page[page.index('<table class="bench stack">'):page.index("</table>", page.index('<table class="bench stack">'))]
    assert table.count("scenario in this brief") == 60


def test_a_clean_grid_keeps_its_own_digits_instead_of_rounding_to_a_whole_gram(write_file) -> None:
    path = write_file("scenarios:\n  - {id: a, name: A, hardware: nvidia-l40s, count: 8, hours: 48, "
                      "location: 'ovhcloud:bhs'}\n")
    page = brief_document(path, "nl", "html").data.decode("utf-8")
    # Québec's grid: Google's 2024 value for its Montréal region, the newest published for Beauharnois
    assert re.search(r'<td class="num" data-label="g CO₂e/kWh">\d,\d\d<span class="desc">\d,\d+–\d,\d+; '
                     r'2024, directe uitstoot</span>', page)
    assert "OVHcloud bhs (Canada)" in page


def test_the_annex_never_says_full_rated_power_where_the_file_states_a_share_of_it() -> None:
    page = brief_document(EXAMPLES / "finetune-be-university.yaml", "en", "html").data.decode("utf-8")
    assert "chips at the share of rated power the file states" in page
    assert "chips at their full rated power" not in page


def test_a_figure_without_a_range_does_not_claim_nothing_is_uncertain() -> None:
    page = brief_document(EXAMPLES / "strubell2019.yaml", "en", "html").data.decode("utf-8")
    assert "no range: every input of this scenario is given as one figure" in page
    assert "no uncertain input" not in page


def test_names_that_share_a_log_are_each_quoted_in_the_measured_scenarios() -> None:
    assert "‘De gemeten run (3 minuten, inclusief inactieve periodes)’ en ‘Dezelfde run" in visible(
        EXAMPLES / "measured-h200.yaml", "nl")
    assert "“The logged run (3 minutes, idle periods included)” and “The same run" in visible(
        EXAMPLES / "measured-h200.yaml", "en")
