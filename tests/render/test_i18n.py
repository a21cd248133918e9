"""Catalogs, locale-aware formatting, and no visible text outside the catalogs."""

from __future__ import annotations

import datetime as dt
import gettext
import html as html_lib
import re
from io import BytesIO

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from reportgen import load_scenarios
from reportgen.brief import build_view
from reportgen.errors import InputError
from reportgen.pipeline import compute
from reportgen.reference import Reference
from reportgen.render import make_env, render_brief_html
from reportgen.render.html import wrapped_lines
from reportgen.render.i18n import parse_language, read_catalog
from reportgen.render.numbers import formatters
from reportgen.resources import languages

from ..conftest import ROOT, SCENARIO_EXAMPLES

OPEN, CLOSE = "⟦", "⟧"
LANGUAGES = languages()
KEYWORDS = {**DEFAULT_KEYWORDS, "Nn_": (1, 2)}  # as scripts/update-catalogs.sh extracts: a message and its plural


def extracted_ids() -> set[str]:
    """Return the message ids that the code and templates use now."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    ids = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(ROOT), method_map, options_map, keywords=KEYWORDS):
        ids.add(message if isinstance(message, str) else message[0])
    return ids


def catalog_ids(catalog: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def missing_translations(lang: str) -> list[str]:
    """Return the message ids of ``lang``'s catalog that are untranslated or fuzzy."""
    return [str(m.id) for m in read_catalog(lang) if m.id and (not translated(m.string) or m.fuzzy)]


def translated(string: object) -> bool:
    """Return whether a catalog msgstr (a string or plural tuple) is filled in."""
    return all(string) if isinstance(string, tuple | list) else bool(string)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_is_complete_and_has_no_fuzzy_entries(lang: str) -> None:
    assert missing_translations(lang) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_holds_every_message_the_templates_and_code_use(lang: str) -> None:
    assert extracted_ids() - catalog_ids(read_catalog(lang)) == set()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_of_the_catalog_is_used_by_the_templates_or_code(lang: str) -> None:
    assert catalog_ids(read_catalog(lang)) - extracted_ids() == set()


def test_committed_template_catalog_is_up_to_date() -> None:
    with (ROOT / "locales" / "messages.pot").open("rb") as handle:
        pot = read_po(handle)
    assert catalog_ids(pot) == extracted_ids()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_their_placeholders(lang: str) -> None:
    for message in read_catalog(lang):
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if not message.id:
            continue
        # A singular may leave out the count its plural names ("the smallest scenario", "the %(n)s smallest
        # scenarios"): each form uses only the message's placeholders, and the forms together use them all.
        wanted = {p for msgid in ids for p in re.findall(r"%\(\w+\)s", msgid)}
        used = [set(re.findall(r"%\(\w+\)s", msgstr)) for msgstr in strings]
        assert all(u <= wanted for u in used) and set().union(*used) == wanted, message.id


def test_unknown_language_is_refused() -> None:
    with pytest.raises(InputError, match="unsupported language 'fr'"):
        parse_language("fr")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("nl", ["0,90 t", "5,00 t", "16,40 t", "57,15 t", "284,02 t", "4.789", "31%", "USD 1.200", "27 november 2026"]),
     ("en", ["0.90 t", "5.00 t", "16.40 t", "57.15 t", "284.02 t", "4,789", "31%", "USD 1,200", "November 27, 2026"])],
)
def test_numbers_money_and_dates_follow_the_locale(lang: str, expected: list[str]) -> None:
    f = formatters(Locale.parse(lang))
    shown = [f["tonnes"](v * 1000) for v in (0.8999, 4.99995, 16.4001, 57.1527, 284.019)]
    shown += [f["integer"](4789), f["percent"](0.31), f["money"](1238.4, "USD"), f["date"](dt.date(2026, 11, 27))]
    assert [s.replace("\xa0", " ") for s in shown] == expected


def test_significant_figures_for_prose() -> None:
    f = formatters(Locale.parse("en"))
    assert [f["sig"](v) for v in (284.019, 0.0871, 35.59, 1234.5)] == ["280", "0.087", "36", "1,200"]
    assert [f["amount"](v) for v in (239942.0, 79.2, 12.0, 0.5, 216.96, 3.0)] == ["239,942", "79.2", "12", "0.5", "217", "3"]


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["16 t", "200 kg", "14 kg", "1.0 t", "0.59 kg", "5.9 kg", "280 t", "0.0059 t"]),
    ("nl", ["16 t", "200 kg", "14 kg", "1,0 t", "0,59 kg", "5,9 kg", "280 t", "0,0059 t"]),
])
def test_masses_read_in_tonnes_from_one_tonne_and_in_kilograms_below(lang: str, expected: list[str]) -> None:
    mass = formatters(Locale.parse(lang))["mass"]
    shown = [mass(16294.2), mass(199.6), mass(14.04), mass(999.9), mass(0.5912), mass(5.93), mass(284019.0),
             mass(5.93, like=16000.0)]
    assert [s.replace("\xa0", " ") for s in shown] == expected


def pseudo_translations(catalog: Catalog) -> gettext.NullTranslations:
    """Return translations that wrap every message in marks, so unmarked visible text stands out."""
    pseudo = Catalog(locale="en")
    for message in catalog:
        if isinstance(message.id, str) and message.id:
            pseudo.add(message.id, f"{OPEN}{message.id}{CLOSE}", flags=message.flags)
        elif message.id:
            pseudo.add(message.id, tuple(f"{OPEN}{form}{CLOSE}" for form in message.id), flags=message.flags)
    buffer = BytesIO()
    write_mo(buffer, pseudo)
    buffer.seek(0)
    return Translations(fp=buffer)


def visible_text(html: str) -> str:
    """Return the text a reader sees: tag contents and alt/title text, without markup or styles."""
    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    html = re.sub(r"<head>.*?</head>", " ", html, flags=re.S)
    html = html.replace("<wbr>", "")  # a line-break opportunity inside a word, not a space
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("example", SCENARIO_EXAMPLES, ids=lambda p: p.name)
def test_brief_shows_no_text_outside_the_catalogs(example, ref: Reference) -> None:
    scenario_file = load_scenarios(example, ref)
    view = build_view(scenario_file, "en", ref, dt.date(2026, 11, 27), compute([scenario_file], ref)[0])
    with (ROOT / "locales" / "messages.pot").open("rb") as handle:
        env = make_env("en", catalog=pseudo_translations(read_po(handle)))
    text = visible_text(render_brief_html(view, env=env))
    while re.search(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", text):
        text = re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", text)
    data_strings = [view.title, view.author, view.summary, formatters(parse_language("en"))["date"](view.date)]
    data_strings += ["USD"]  # a currency other than the euro, by its ISO code as EU style writes it
    data_strings += [line for chart in (view.chart, view.chart_narrow) for s in view.scenarios
                     for line in wrapped_lines(s.name, chart.layout.label_characters)]
    data_strings += [a.examples for a in view.advice]  # names of institutions (FWO, SURF)
    data_strings += [x for s in view.scenarios for x in (s.name, s.description, s.hardware, s.provider, s.region)]
    data_strings += [x for src in view.sources for x in (src.citation, src.licence, src.url)]
    territories = Locale.parse("en").territories
    data_strings += [territories.get(s.country, "") for s in view.scenarios]
    changes = [c for g in view.savings for c in g.cells if c] + [a.change for a in view.advice if a.change]
    data_strings += [x for w in changes for x in (territories.get(w.detail_country, ""), w.detail_provider,
                                                  w.detail_region, w.detail_hardware)]
    data_strings += [territories.get(view.reader.region, "")]
    for known in sorted(filter(None, data_strings), key=len, reverse=True):
        text = text.replace(known, " ")
    leftovers = re.findall(r"[A-Za-z]{2,}", text)
    assert leftovers == [], f"text outside the catalogs: {leftovers}"


def test_no_message_without_placeholders_holds_a_percent_sign() -> None:
    # Jinja looks up such a message with "%%" while the extractor stores "%": its translation would never be
    # found. A message that needs a percent sign takes the percentage as a placeholder instead.
    with (ROOT / "locales" / "messages.pot").open("rb") as handle:
        catalog = read_po(handle)
    literal = [m.id for m in catalog for text in ([m.id] if isinstance(m.id, str) else m.id)
               if text and "%(" not in text and "%" in text]
    assert literal == []
