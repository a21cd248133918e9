"""A brief's glossary explains exactly the terms its own text uses, alphabetically in the brief's language."""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from pathlib import Path

import pytest

from reportgen.cluster_path import cluster_brief_document
from reportgen.core import INTERVAL
from reportgen.pipeline import brief_document
from reportgen.render import Assets
from reportgen.render.glossary import TERMS, Term, glossary_terms
from reportgen.resources import languages

from ..conftest import EXAMPLES, SCENARIO_EXAMPLES

GLOSSARY = re.compile(r'<aside class="glossary".*?</aside>', re.S)
BRIEFS = [*SCENARIO_EXAMPLES, EXAMPLES / "university-cluster.yaml"]
CASES = [(path, lang) for path in BRIEFS for lang in languages()]


def text_of(html: str) -> str:
    """Return the words of an HTML fragment as a reader sees them, one space between words."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def uses(text: str, term: Term, lang: str) -> bool:
    """Return whether ``text`` writes one of the term's forms in ``lang`` at the start of a word."""
    return any(re.search(r"\b" + re.escape(form), text, re.IGNORECASE) for form in term.forms[lang])


def alphabetical(name: str) -> str:
    """Return a name as a reader's alphabet orders it: accents and case aside."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


@pytest.fixture(scope="module")
def assets() -> Assets:
    return Assets()


@pytest.mark.parametrize(("path", "lang"), CASES, ids=[f"{p.stem}-{lang}" for p, lang in CASES])
def test_the_glossary_explains_exactly_the_terms_the_brief_uses(path: Path, lang: str, assets: Assets) -> None:
    if path in SCENARIO_EXAMPLES:
        page = brief_document(path, lang, "html", assets).data.decode("utf-8")
    else:
        page = cluster_brief_document(path, lang, "html", assets).data.decode("utf-8")
    main = page[page.index("<main"):page.index("</main>")]
    glossary = GLOSSARY.findall(main)
    assert len(glossary) == 1
    body = text_of(GLOSSARY.sub(" ", main))
    shown = [html_lib.unescape(name) for name in re.findall(r"<dt>(.*?)</dt>", glossary[0])]
    env = assets.env(lang)
    name = {t.key: env.from_string("{{ _(t.term, share=share|percent) }}").render(t=t, share=INTERVAL)
            for t in TERMS}
    used = {t.key for t in TERMS if uses(body, t, lang)}
    assert sorted(shown) == sorted(name[key] for key in used)
    assert shown == sorted(shown, key=alphabetical)


def test_a_term_the_text_does_not_use_is_left_out() -> None:
    found = glossary_terms("<p>The <b>median</b> assumes a PUE of 1.2.</p>", "en", str)
    assert [t.key for t in found] == ["median", "pue"]


def test_a_form_is_found_in_plurals_and_dutch_compounds_but_not_inside_a_word() -> None:
    found = glossary_terms("<p>Medianen van de voortraining plus ablatieruns, bij stroomproductie van kolen.</p>",
                           "nl", str)
    assert [t.key for t in found] == ["ablation", "median"]


def test_the_terms_are_ordered_by_their_names_in_the_brief_s_language() -> None:
    dutch = {"Water consumption (WUE)": "Waterverbruik (WUE)", "Grid carbon intensity": "CO₂-intensiteit van de stroom"}
    found = glossary_terms("<p>water, CO₂e and intensity</p>", "en", str)
    assert [t.key for t in found] == ["co2e", "grid-intensity", "water"]
    found = glossary_terms("<p>water, CO₂e en CO₂-intensiteit</p>", "nl", lambda m: dutch.get(m, m))
    assert [t.key for t in found] == ["grid-intensity", "co2e", "water"]


@pytest.mark.parametrize("lang", languages())
def test_every_term_has_forms_in_every_language(lang: str) -> None:
    assert [t.key for t in TERMS if not t.forms.get(lang)] == []
    assert len({t.key for t in TERMS}) == len(TERMS)
