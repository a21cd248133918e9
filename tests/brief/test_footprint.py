"""The brief's whole-footprint section: each part beside the paper's figure, and "not known" where no source is."""

from __future__ import annotations

import html
import re

import pytest

from reportgen.pipeline import brief_document

from ..conftest import EXAMPLES


def section_text(path, lang: str) -> str:
    page = brief_document(path, lang, "html").data.decode("utf-8")
    start = page.index('id="whole-title"')
    section = page[start:page.index("</section>", start)]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", section))).replace("\u00a0", " ")


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["The whole footprint", "Manufacturing", "Electricity and manufacturing", "25 t", "39 t", "11 t",
            "51 t", "off site only", "Not counted anywhere"]),
    ("nl", ["De volledige voetafdruk", "Productie van de hardware", "Elektriciteit en productie", "25 t", "39 t",
            "11 t", "51 t", "alleen bij de stroomopwekking", "ondergrens"]),
])
def test_the_bloom_brief_shows_each_published_part_and_what_is_not_known(lang: str, expected: list[str]) -> None:
    text = section_text(EXAMPLES / "bloom-whole-footprint.yaml", lang)
    for fragment in expected:
        assert fragment in text


def test_a_part_no_scenario_knows_gets_no_column_but_a_sentence(write_file) -> None:
    path = write_file("""
        scenarios:
          - {id: local, name: Local run, hardware: nvidia-l40s, count: 2, hours: 10, location: BE, pue: on-premise}
    """)
    text = section_text(path, "en")
    assert "Electricity (market-based); Manufacturing: not known for any scenario in this brief." in text
    assert "Electricity and manufacturing" not in text
    # Belgium's off-site factor is known, the centre's own WUE is not: said once, in the column's header
    assert text.count("off site only") == 1 and "Water (off site only)" in text


def test_a_cloud_region_shows_market_based_embodied_and_water(write_file) -> None:
    path = write_file("""
        scenarios:
          - {id: cloud, name: Cloud run, hardware: nvidia-h100, count: 8, hours: 100, location: gcp:europe-west4}
    """)
    text = section_text(path, "en")
    assert "not known for any scenario" not in text
    assert "Electricity (market-based)" in text and "m³" in text


def manufacturing_phrase(path) -> str:
    """Return the figure page 1's key message gives for manufacturing the headline's hardware."""
    page = re.sub(r"\s+", " ", html.unescape(brief_document(path, "en", "html").data.decode("utf-8")))
    found = re.search(r"manufacturing the hardware adds about ([^,]+),", page.replace("\u00a0", " "))
    assert found, "the key message names no manufacturing figure"
    return found.group(1)


def test_two_scenarios_with_one_name_each_get_their_own_footprint_on_page_one(write_file) -> None:
    large = "- {id: large, name: Same name, hardware: nvidia-h100, count: 512, hours: 700, location: gcp:europe-west4}"
    small = "- {id: small, name: Same name, hardware: nvidia-h100, count: 1, hours: 1, location: gcp:europe-west4}"
    alone = manufacturing_phrase(write_file(f"scenarios:\n  {large}\n", "alone.yaml"))
    both = write_file(f"brief: {{headline: large}}\nscenarios:\n  {small}\n  {large}\n", "both.yaml")
    assert manufacturing_phrase(both) == alone
