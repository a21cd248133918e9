"""Page 1's key message on the spread of a brief's scenarios names only what actually differs between them."""

from __future__ import annotations

import html
import re

import pytest

from reportgen.pipeline import brief_document

from ..conftest import EXAMPLES


def key_message(path, lang: str) -> str:
    """Return page 1's key message on the spread of the scenarios, as text."""
    page = brief_document(path, lang, "html").data.decode("utf-8")
    marker = "scenarios in this brief range" if lang == "en" else "scenario’s in deze notitie variëren"
    start = page.index(marker)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page[start:page.index("</li>", start)]))).strip()


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "they differ in the number of runs."),
    ("nl", "ze verschillen in het aantal runs."),
])
def test_scenarios_that_differ_only_in_runs_are_said_to_differ_in_runs_alone(write_file, lang: str,
                                                                             expected: str) -> None:
    path = write_file("""
        scenarios:
          - {id: once, name: Once, hardware: nvidia-h100-sxm, count: 8, hours: 24, location: BE}
          - {id: ten, name: Ten times, hardware: nvidia-h100-sxm, count: 8, hours: 24, location: BE, runs: 10}
    """)
    message = key_message(path, lang)
    assert message.endswith(expected)
    assert "hardware" not in message and "locatie" not in message and "location" not in message


def test_scenarios_that_differ_in_what_the_table_does_not_name_get_no_cause(write_file) -> None:
    path = write_file("""
        scenarios:
          - {id: low, name: Low, hardware: nvidia-h100-sxm, count: 8, location: BE, mfu: 0.3,
             compute: {parameters: 1.0e+9, tokens: 1.0e+11}}
          - {id: high, name: High, hardware: nvidia-h100-sxm, count: 8, location: BE, mfu: 0.3,
             compute: {parameters: 1.0e+9, tokens: 1.0e+11}, embodied_kg_per_device: 200}
    """)
    message = key_message(path, "en")
    assert message.endswith("of CO₂e.") and "differ" not in message


def test_another_place_is_one_difference_not_two(write_file) -> None:
    path = write_file("""
        scenarios:
          - {id: be, name: Belgium, hardware: nvidia-h100-sxm, count: 8, hours: 24, location: BE, pue: 1.2}
          - {id: norway, name: Norway, hardware: nvidia-h100-sxm, count: 8, hours: 24, location: "NO", pue: 1.2}
    """)
    assert key_message(path, "en").endswith("they differ in the location.")


def test_the_five_cars_correction_appears_only_in_a_brief_about_the_architecture_search(write_file) -> None:
    plain = write_file("""
        scenarios:
          - {id: once, name: Once, hardware: nvidia-h100-sxm, count: 8, hours: 24, location: BE}
    """)
    assert "architecture search" not in brief_document(plain, "en", "html").data.decode("utf-8").split("</section>")[0]
    search = brief_document(EXAMPLES / "strubell2019.yaml", "en", "html").data.decode("utf-8").split("</section>")[0]
    assert "architecture search" in search or "architecture-search" in search


def test_a_file_that_serves_a_model_leads_with_its_largest_footprint_serving_included() -> None:
    # The newcomer's file: a training of 1.1 t, and a smaller training (350 kg) with a year of serving (1.7 t).
    path = EXAMPLES.parent / "tests" / "fixtures" / "newcomer" / "pretrain-azure-nl.yaml"
    page = brief_document(path, "en", "html").data.decode("utf-8")
    cover = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page[:page.index("Recommendations")])))
    assert "Same model, plus a year of serving a public chatbot: training 350 kg and serving 1.7 t" in cover
    assert key_message(path, "en").endswith("they differ in the training time and the serving of the model.")


@pytest.mark.parametrize(("lang", "sentence"), [("nl", "De drie scenario’s in deze notitie variëren"),
                                                ("en", "The three scenarios in this brief range")])
def test_a_small_count_in_running_text_is_written_in_words(lang: str, sentence: str) -> None:
    page = brief_document(EXAMPLES / "finetune-be-university.yaml", lang, "html").data.decode("utf-8")
    assert sentence in page
