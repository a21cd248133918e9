"""A scenario that serves a model without training it, beside one that trains: the brief, the site and the
disclosures show its serving figures, and nothing reads as a training of 0 kg."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from reportgen.brief.law import law_view
from reportgen.errors import InputError, ScenarioError
from reportgen.pipeline import brief_document, export_documents
from reportgen.reference import Reference

from .test_law import FACTS, row

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "serving-only.yaml"
NOTE = {"en": "which the file gives without a training, so it is not in the table",
        "nl": "dat het bestand zonder training geeft en dat daarom niet in de tabel staat"}


def _text(page: str) -> str:
    """Return the visible text of an HTML page, on one line."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).replace("\u00a0", " ")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_brief_leads_with_the_training_and_notes_the_serving_alone(lang: str) -> None:
    page = brief_document(FIXTURE, lang, "html").data.decode("utf-8")
    text = _text(page)
    assert NOTE[lang] in text
    assert re.search(r"(A year of serving|Een jaar aanbieden)\S* ?\S*[^.]*50 (million|miljoen)", text)
    assert not re.search(r"(?<![\d.,])0 kg\b|\bnan\b|\bNaN\b|None", text)
    # The serving scenario is in no table, chart or what-if: only the training is compared.
    tables = " ".join(re.findall(r"<table\b.*?</table>", page, flags=re.S))
    assert "A year of serving" not in tables and "Een jaar aanbieden" not in tables
    assert "A year of serving" not in "".join(re.findall(r"<svg\b.*?</svg>", page, flags=re.S))


def test_the_site_builds_a_file_with_a_serving_only_scenario(tmp_path: Path, cli) -> None:
    folder = tmp_path / "briefs"
    folder.mkdir()
    shutil.copy(FIXTURE, folder / FIXTURE.name)
    result = cli("site", str(folder), "--out", str(tmp_path / "site"), "--no-pdf")
    assert result.exit_code == 0, result.output
    for lang in ("en", "nl"):
        text = _text((tmp_path / "site" / lang / "serving-only.html").read_text(encoding="utf-8"))
        assert NOTE[lang] in text and not re.search(r"(?<![\d.,])0 kg\b|\bnan\b", text)


def test_a_disclosure_of_a_serving_only_scenario_is_refused() -> None:
    with pytest.raises(InputError, match="'serve-year' only serves a model"):
        export_documents(FIXTURE, "ai-act", "en", "serve-year")


def test_a_file_that_only_serves_has_no_brief(write_file) -> None:
    path = write_file("scenarios:\n  - {id: serve, name: S, location: BE, "
                      "inference: {requests: 1.0e+6, task: chat-prompt}}\n")
    with pytest.raises(InputError, match="no scenario trains a model"):
        brief_document(path, "en", "html")


def test_the_headline_cannot_be_a_scenario_that_only_serves(write_file, ref: Reference) -> None:
    from reportgen import load_scenarios

    path = write_file(FIXTURE.read_text(encoding="utf-8").replace("  date: 2026-12-05\n",
                                                                   "  date: 2026-12-05\n  headline: serve-year\n"))
    with pytest.raises(ScenarioError, match=r"brief\.headline: 'serve-year' only serves a model"):
        load_scenarios(path, ref)


def test_a_published_draw_is_stated_as_such_in_the_law_section() -> None:
    assert law_view("x", "TPU v4", row(None, "published"), FACTS, None).energy_basis == "published"
    assert law_view("x", "TPU v4", row(1e22, "published"), FACTS, None).energy_basis == "compute-published"
