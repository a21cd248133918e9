"""The briefs and catalogs use one term per concept (locales/terms.csv), and Dutch text writes Dutch numbers."""
from __future__ import annotations

import csv
import datetime as dt
import html as html_lib
import re

import pytest

from reportgen import load_scenarios
from reportgen.brief import build_view
from reportgen.pipeline import compute
from reportgen.reference import Reference
from reportgen.render import make_env, render_brief_html
from reportgen.render.i18n import read_catalog

from ..conftest import ROOT, SCENARIO_EXAMPLES

TERMS = list(csv.DictReader((ROOT / "locales" / "terms.csv").read_text(encoding="utf-8").splitlines()))
# English number format: a comma between digit groups (3,305 kWh; 1,082,990) or a decimal point before a unit.
ENGLISH_NUMBER = re.compile(r"(?<![\d.,/])[1-9]\d{0,2}(?:,\d{3})+(?![\d,])|(?<![\d.,/v])\d+\.(?!\d{3}(?!\d))\d+\s?(?:t|kg|g|kWh|MWh|GWh|TWh|W|kW|L|m³|%)(?!\w)")


def forbidden(lang: str) -> list[str]:
    """Return the variants that locales/terms.csv rules out in ``lang``."""
    return [v for row in TERMS for v in row[f"forbidden_{lang}"].split(";") if v]


def visible_text(html: str) -> str:
    """Return the text a reader sees, each element apart, without URLs (whose digits are not numbers)."""
    html = re.sub(r"<(style|script|head)\b.*?</\1>", " ", html, flags=re.S)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", html))
    return re.sub(r"https?://\S+", " ", text)


@pytest.fixture(scope="module")
def briefs(ref: Reference) -> dict[tuple[str, str], str]:
    """Return the visible text of every example brief in both languages."""
    texts = {}
    for path in SCENARIO_EXAMPLES:
        scenario_file = load_scenarios(path, ref)
        computed = compute([scenario_file], ref)[0]
        for lang in ("en", "nl"):
            view = build_view(scenario_file, lang, ref, dt.date(2026, 11, 27), computed)
            texts[(path.stem, lang)] = visible_text(render_brief_html(view, env=make_env(lang)))
    return texts


def test_every_term_names_both_languages() -> None:
    assert TERMS and all(row["en"] and row["nl"] for row in TERMS)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_catalog_uses_no_ruled_out_variant(lang: str) -> None:
    found = [(variant, str(m.string)[:80]) for m in read_catalog(lang) if m.id
             for variant in forbidden(lang) if variant.lower() in str(m.string).lower()]
    assert found == []


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_briefs_use_no_ruled_out_variant(briefs: dict[tuple[str, str], str], lang: str) -> None:
    found = [(name, variant) for (name, text_lang), text in briefs.items() if text_lang == lang
             for variant in forbidden(lang) if variant.lower() in text.lower()]
    assert found == []


def test_dutch_briefs_write_no_english_numbers(briefs: dict[tuple[str, str], str]) -> None:
    found = [(name, m.group(0), text[max(0, m.start() - 40):m.end() + 10])
             for (name, lang), text in briefs.items() if lang == "nl" for m in ENGLISH_NUMBER.finditer(text)]
    assert found == []


@pytest.mark.parametrize(("text", "english"), [
    ("3,305 kWh", True), ("1,082,990 gpu-uren", True), ("24.7 t", True), ("3.6 MWh", True),
    ("3.305 kWh", False), ("24,7 t", False), ("SPDX 3.0.1", False), ("artikel 53, lid 1", False),
    ("Verordening (EU) 2024/1689", False), ("10²³ FLOP", False), ("1,60 1,40–1,80", False), ("v2.1", False),
])
def test_english_number_format_is_told_from_dutch(text: str, english: bool) -> None:
    assert bool(ENGLISH_NUMBER.search(text)) is english


SOURCES = list(csv.DictReader((ROOT / "data" / "sources.csv").read_text(encoding="utf-8").splitlines()))
# A quoted title stays as published, in its own language; an apostrophe inside a word (regio’s) closes none.
QUOTED = re.compile(r"‘.*?’(?!\w)")
# A number as English writes it (3,305; 1,082,990; 0.34; 2.664M), not part of an identifier (arXiv:2304.01373,
# v2.1, Phi-3.5, section 3.2.3).
SOURCE_NUMBER = re.compile(r"(?<![\w.,:/-])(?:\d{1,3}(?:,\d{3})+|\d+\.\d+)(?![\d.,])")


def english_numbers(citation: str) -> set[str]:
    """Return the English-format numbers of a citation outside its quoted titles."""
    return set(SOURCE_NUMBER.findall(QUOTED.sub(" ", citation)))


def test_every_source_has_a_dutch_note() -> None:
    assert [s["source_id"] for s in SOURCES if not s["citation_nl"].strip()] == []


def test_dutch_source_notes_keep_no_number_as_english_writes_it() -> None:
    # "3,305" is 3,305 in Dutch: a token the English note writes the same way was copied, not converted.
    found = [(s["source_id"], n) for s in SOURCES
             for n in sorted(english_numbers(s["citation"]) & english_numbers(s["citation_nl"]))]
    assert found == []


@pytest.mark.parametrize(("column", "lang"), [("citation", "en"), ("citation_nl", "nl")])
def test_source_notes_use_no_ruled_out_variant(column: str, lang: str) -> None:
    found = [(s["source_id"], v) for s in SOURCES for v in forbidden(lang) if v.lower() in s[column].lower()]
    assert found == []


@pytest.mark.parametrize(("english", "dutch", "copied"), [
    ("3,305 kWh", "3.305 kWh", set()), ("3,305 kWh", "3,305 kWh", {"3,305"}), ("24.7 t", "24,7 t", set()),
    ("2.664M GPU hours", "2,664 miljoen gpu-uren", set()), ("0.34 Wh", "0.34 Wh", {"0.34"}),
    ("arXiv:2304.01373, Section 3.2.3", "arXiv:2304.01373, paragraaf 3.2.3", set()),
    ("‘PUE of 1.15 in 2023’: 1.18", "‘PUE of 1.15 in 2023’: 1,18", set()),
    ("‘woningtype en regio’s’: 2,550 kWh", "‘woningtype en regio’s’: 2.550 kWh", set()),
])
def test_a_copied_english_number_is_told_from_a_converted_one(english: str, dutch: str, copied: set[str]) -> None:
    assert english_numbers(english) & english_numbers(dutch) == copied


@pytest.mark.parametrize("column", ["citation", "citation_nl", "licence", "licence_nl"])
def test_source_notes_quote_with_typographic_marks_as_the_text_does(column: str) -> None:
    assert [s["source_id"] for s in SOURCES if "'" in s[column] or '"' in s[column]] == []
