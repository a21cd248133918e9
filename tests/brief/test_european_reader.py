"""Briefs for European policy readers, read from the PDFs: local comparisons, the law, page one, length."""

from __future__ import annotations

import pytest
import yaml

from reportgen.pipeline import brief_document

from ..conftest import EXAMPLES, SCENARIO_EXAMPLES
from ..pdftext import pdf_page_texts

SHORT_EXAMPLES = sorted(p for p in SCENARIO_EXAMPLES
                        if 1 <= len(yaml.safe_load(p.read_text(encoding="utf-8"))["scenarios"]) <= 3)


def pages_text(path, lang: str) -> list[str]:
    """Return the text of each page of a brief's PDF, spaces normalised."""
    return pdf_page_texts(brief_document(path, lang, "pdf").data)


@pytest.fixture(scope="module")
def pdf_pages() -> dict[tuple[str, str], list[str]]:
    return {(p.stem, lang): pages_text(p, lang) for p in SHORT_EXAMPLES for lang in ("nl", "en")}


def test_every_short_example_is_one_of_the_briefs_checked() -> None:
    assert len(SHORT_EXAMPLES) >= 5 and not any(p.stem == "strubell2019" for p in SHORT_EXAMPLES)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_brief_of_one_to_three_scenarios_is_at_most_five_pages(pdf_pages, lang: str) -> None:
    for path in SHORT_EXAMPLES:
        assert len(pdf_pages[(path.stem, lang)]) <= 5, path.name


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_last_page_is_not_nearly_empty(pdf_pages, lang: str) -> None:
    for path in SHORT_EXAMPLES:
        pages = pdf_pages[(path.stem, lang)]
        assert len(pages[-1]) > 0.25 * len(pages[-2]), path.name


@pytest.mark.parametrize(("example", "lang", "person"), [
    ("finetune-be-university", "en", "of what an inhabitant of Belgium emits in a year on average"),
    ("finetune-be-university", "nl", "Uitstoot per inwoner van België"),
    ("pretrain-be-compute", "nl", "inwoner van België"),
    ("pretrain-nl-cloud", "en", "as much as an inhabitant of the Netherlands emits in 2.4 years on average"),
    ("pretrain-nl-cloud", "nl", "evenveel als een inwoner van Nederland gemiddeld in 2,4 jaar uitstoot"),
    ("measured-h200", "en", "Emissions per inhabitant of the Netherlands"),
])
def test_a_brief_compares_with_a_person_of_its_scenarios_country_on_pages_one_and_two(
        pdf_pages, example: str, lang: str, person: str) -> None:
    assert person in " ".join(pdf_pages[(example, lang)][:2])


@pytest.mark.parametrize(("example", "lang", "household", "flight"), [
    ("pretrain-be-compute", "en", "Flemish households take from the grid in a year", "Return flight Brussels–New York"),
    ("pretrain-nl-cloud", "nl", "Nederlandse woningen in een jaar verbruiken", "Retourvlucht Amsterdam–New York"),
])
def test_households_and_a_flight_from_home_stand_beside_the_papers_rows(
        pdf_pages, example: str, lang: str, household: str, flight: str) -> None:
    first_two = " ".join(pdf_pages[(example, lang)][:2])
    assert household in first_two and flight in first_two
    assert "57.15 t" in first_two or "57,15 t" in first_two  # the paper's car, as printed


def test_a_brief_elsewhere_compares_with_the_eu_average() -> None:
    text = " ".join(pages_text(EXAMPLES / "strubell2019.yaml", "en")[:2])
    assert "Emissions per inhabitant of the EU, one year (2023)" in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_ai_act_and_the_energy_efficiency_directive_are_named(pdf_pages, lang: str) -> None:
    names = {"nl": ("AI-verordening", "Energie-efficiëntierichtlijn"),
             "en": ("AI Act", "Energy Efficiency Directive")}[lang]
    for path in SHORT_EXAMPLES:
        text = " ".join(pdf_pages[(path.stem, lang)])
        assert all(name in text for name in names), path.name


def test_page_one_states_the_finding_what_to_do_and_that_training_is_a_lower_bound(pdf_pages) -> None:
    first = pdf_pages[("finetune-be-university", "en")][0]
    assert "About 220 kg of CO₂e for “Grid search over 32 hyperparameter settings”;" in first
    assert "What to do: fund fewer tuning runs." in first
    assert "likely between 170 kg and 280 kg (90% interval)" in first
    assert "a lower bound of the model's footprint" in first
    nl = pdf_pages[("finetune-be-university", "nl")][0]
    assert "Belangrijkste aanbeveling:" in nl and "ondergrens" in nl


def test_recommendations_name_actors_of_the_readers_country_with_a_saving(pdf_pages) -> None:
    be = pdf_pages[("finetune-be-university", "en")][0]
    assert "Universities and computing centres (such as the Vlaams Supercomputer Centrum (VSC)" in be
    assert "Research funders (such as the Research Foundation – Flanders (FWO) and the F.R.S.-FNRS):" in be
    assert "Running 16 of the 32 runs: 110 kg of CO₂e less (50%)." in be
    nl = " ".join(pdf_pages[("pretrain-nl-cloud", "en")][:2])
    assert "(such as SURF)" in nl and "(such as the Ministry of Education, Culture and Science (OCW)" in nl


def test_money_is_in_euros_where_the_file_gives_euros(pdf_pages) -> None:
    text = " ".join(pdf_pages[("finetune-be-university", "en")])
    assert "€370" in text and "$" not in text.split("Costs, where")[1].split("How sure")[0]
