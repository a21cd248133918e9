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
            "50 t", "off site only: on site not known", "Not counted anywhere"]),
    ("nl", ["De volledige voetafdruk", "Productie van de hardware", "Elektriciteit en productie", "25 t", "39 t",
            "11 t", "50 t", "alleen bij de stroomopwekking; in het datacenter niet bekend", "ondergrens"]),
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
    assert "Not known for any scenario in this brief: Electricity (as bought); Manufacturing." in text
    assert "Electricity and manufacturing" not in text
    assert "off site only" in text  # Belgium's off-site factor is known, the centre's own WUE is not


def test_a_cloud_region_shows_market_based_embodied_and_water(write_file) -> None:
    path = write_file("""
        scenarios:
          - {id: cloud, name: Cloud run, hardware: nvidia-h100, count: 8, hours: 100, location: gcp:europe-west4}
    """)
    text = section_text(path, "en")
    assert "Not known for any scenario" not in text
    assert "Electricity (as bought)" in text and "m³" in text
