"""The brief's recommendations: advice that fits what the runs are, the reader's own low-carbon capacity, and
actors balanced on page 1, in both languages."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape

import pytest

from reportgen.brief.advice import MOST_PER_ACTOR, page_one
from reportgen.brief.model import AdviceView
from reportgen.pipeline import brief_document

from ..conftest import EXAMPLES, SCENARIO_EXAMPLES

TUNING_WORDS = {"en": ("tuning runs", "random search", "Bayesian", "full grid"),
                "nl": ("tuningruns", "random search", "bayesiaanse", "grid search")}


def page_one_text(example: str, lang: str) -> str:
    """Return the text of a brief's page-1 recommendations and its line on what to do."""
    html = brief_document(EXAMPLES / example, lang, "html").data.decode("utf-8")
    parts = re.findall(r'<p class="todo">.*?</p>|<ol class="recs">.*?</ol>', html, re.S)
    return unescape(re.sub(r"<[^>]+>", "", " ".join(parts)))


def recommendations(example: str, lang: str) -> list[str]:
    """Return each page-1 recommendation's text."""
    html = brief_document(EXAMPLES / example, lang, "html").data.decode("utf-8")
    block = re.search(r'<ol class="recs">(.*?)</ol>', html, re.S)
    assert block
    return [unescape(re.sub(r"<[^>]+>", "", li)) for li in re.findall(r"<li>(.*?)</li>", block[1], re.S)]


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("example", ["pretrain-be-compute.yaml", "pretrain-nl-cloud.yaml"])
def test_a_brief_on_seeds_or_ablations_gives_no_tuning_advice(example: str, lang: str) -> None:
    text = page_one_text(example, lang)
    for word in TUNING_WORDS[lang]:
        assert word not in text, word


@pytest.mark.parametrize(("lang", "word"), [("en", "random search (trying settings at random)"),
                                            ("nl", "random search (willekeurig gekozen instellingen)")])
def test_a_tuning_brief_explains_the_search_methods_it_recommends(lang: str, word: str) -> None:
    assert word in page_one_text("finetune-be-university.yaml", lang)


@pytest.mark.parametrize(("example", "lang", "actor"), [
    ("finetune-be-university.yaml", "en", "Governments and ministries (such as the Flemish Department of Economy"),
    ("finetune-be-university.yaml", "nl", "Overheden en ministeries (zoals het Vlaamse Departement Economie"),
    ("pretrain-nl-cloud.yaml", "en", "Governments and ministries (such as the Ministry of Education, Culture and "
                                     "Science (OCW)"),
    ("pretrain-be-compute.yaml", "nl", "Overheden en ministeries (zoals het Vlaamse Departement Economie")])
def test_page_one_addresses_a_government_with_examples_of_the_readers_country(example: str, lang: str,
                                                                              actor: str) -> None:
    assert any(r.startswith(actor) for r in recommendations(example, lang))


@pytest.mark.parametrize(("example", "lang", "names"), [
    ("finetune-be-university.yaml", "en", "such as LUMI in Kajaani (Finland), a hydro-powered EuroHPC supercomputer "
                                          "in which Belgium has a share"),
    ("finetune-be-university.yaml", "nl", "in datacenters die koolstofarme stroom gebruiken, zoals LUMI in Kajaani "
                                          "(Finland)"),
    ("measured-h200.yaml", "en", "such as the hydro-powered LUMI in Kajaani (Finland) or the EuroHPC exascale "
                                 "system near Paris that the Netherlands co-funds")])
def test_the_location_advice_names_low_carbon_capacity_a_belgian_or_dutch_reader_can_use(
        example: str, lang: str, names: str) -> None:
    text = page_one_text(example, lang)
    assert names in text
    assert "Norway" not in text and "Noorwegen" not in text


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("example", sorted(p.name for p in SCENARIO_EXAMPLES))
def test_no_actor_heads_more_than_two_of_page_ones_recommendations(example: str, lang: str) -> None:
    actors = Counter(re.split(r" \(| ?:", r, maxsplit=1)[0] for r in recommendations(example, lang))
    assert max(actors.values()) <= MOST_PER_ACTOR, actors


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_recommendations_start_lower_case_after_the_actors_colon(lang: str) -> None:
    for r in recommendations("finetune-be-university.yaml", lang):
        action = r.split("): ", 1)[-1] if "): " in r else r.split(": ", 1)[1]
        assert action[0].islower(), r


def _advice(key: str, actor: str) -> AdviceView:
    return AdviceView(key=key, actor=actor, actor_label=actor, examples="", short="", action="", change=None)


def test_page_one_gives_a_third_place_of_one_actor_to_another_actor_and_keeps_the_order() -> None:
    advice = (_advice("a", "centres"), _advice("b", "centres"), _advice("c", "centres"), _advice("d", "journals"),
              _advice("e", "governments"))
    assert [a.key for a in page_one(advice, 4)] == ["a", "b", "d", "e"]


def test_page_one_fills_its_places_from_one_actor_where_no_other_applies() -> None:
    advice = (_advice("a", "centres"), _advice("b", "centres"), _advice("c", "centres"), _advice("d", "journals"))
    assert [a.key for a in page_one(advice, 4)] == ["a", "b", "c", "d"]


@pytest.mark.parametrize(("lang", "actor"), [("en", "Whoever signs a cloud contract for training:"),
                                             ("nl", "Wie een cloudcontract voor training afsluit:")])
def test_a_cloud_regions_saving_is_advised_to_whoever_signs_the_contract(lang: str, actor: str) -> None:
    cloud = [r for r in recommendations("pretrain-nl-cloud.yaml", lang) if "Google Cloud europe-north2" in r]
    assert cloud and all(r.startswith(actor) for r in cloud)


def test_a_headline_without_a_saving_leads_with_advice_that_fits_it_not_with_another_scenarios_saving() -> None:
    text = page_one_text("bloom-whole-footprint.yaml", "en")
    todo = text[text.index("What to do:"):text.index("Universities")]
    assert "reportgen's defaults" not in todo and "meter the energy of every job" in todo
