"""What the law asks: the brief's law section concludes for its headline scenario, in both languages."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path

import pytest

from reportgen.brief.law import LawFacts, law_view
from reportgen.core.columns import FILE_RESULT_COLUMNS
from reportgen.core.scenario_result import ScenarioResult
from reportgen.pipeline import brief_document

from ..conftest import EXAMPLES, ROOT, SCENARIO_EXAMPLES
from ..pdftext import pdf_text
from .test_honest_numbers import rendered

FIXTURES = ROOT / "tests" / "fixtures"
FACTS = LawFacts(gpai_flop=1e23, systemic_flop=1e25, modifier_share=1 / 3, obligations_from=dt.date(2025, 8, 2),
                 legacy_deadline=dt.date(2027, 8, 2), enforcement_from=dt.date(2026, 8, 2), eed_kw=500.0)


def row(flops: float | None, basis: str = "tdp", **law: object) -> ScenarioResult:
    due = law.get("ai_act_duty") in ("applies", "applies-unless-exempt")
    return ScenarioResult.from_row({column: None for column in FILE_RESULT_COLUMNS} | {
        "id": "x", "name": "X", "flops": flops, "runs": 3.0, "power_basis": basis, "count": 8.0, "device_hours": 100.0,
        "pue": 1.5, "training_flops": flops, "training_flops_method": "compute" if flops else None,
        "ai_act_class": "unknown" if flops is None else "below", "ai_act_duty": "none",
        "ai_act_new_provider": True, "ai_act_documentation_due": due,
        **{f"energy_{q}_kwh": v for q, v in (("low", 1.0), ("median", 2.0), ("high", 3.0))},
        **{f"co2e_{q}_kg": v for q, v in (("low", 1.0), ("median", 2.0), ("high", 3.0))}} | law)


def view(flops: float | None, basis: str = "tdp", training_type: str = "", **law: object):
    return law_view("x", "H100", row(flops, basis, **law), FACTS, None, training_type)


@pytest.mark.parametrize(("basis", "flops", "expected"), [
    ("nvidia-smi", None, "measured"), ("codecarbon", None, "measured"), ("tdp", 1e22, "compute"),
    ("tdp", None, "tdp"), ("derived", None, "derived")])
def test_the_statement_says_how_the_energy_was_found(basis: str, flops: float | None, expected: str) -> None:
    assert view(flops, basis).energy_basis == expected


def test_a_measured_energy_says_only_the_devices_were_measured_and_the_pue_assumed() -> None:
    assert view(None, "nvidia-smi").pue_clause == "measured"
    assert view(None, "tdp").pue_clause == "included"
    assert view(None, "tdp", pue=1.0).pue_clause == "none"  # BLOOM's paper: no overhead on top


@pytest.mark.parametrize(("flops", "expected"), [(1e16, "below"), (2e22, "below"), (8.4e22, "below-near")])
def test_below_the_criterion_the_section_says_not_presumed_and_near_it_that_it_may_still_be_one(
        flops: float, expected: str) -> None:
    law = view(flops)
    assert law.model_class == expected and law.near_exemptions == (expected == "below-near")


def test_the_duty_sentence_names_only_the_exemptions_the_file_leaves_open() -> None:
    gpai = {"ai_act_class": "general-purpose", "ai_act_duty": "applies-unless-exempt"}
    assert view(4e23, **gpai).duty == "unless-both"
    assert view(4e23, **gpai, open_weights=False).duty == "unless-research"
    assert view(4e23, **gpai, research_only=False).duty == "unless-open"
    assert view(5e25, ai_act_class="systemic", ai_act_duty="applies-unless-exempt").duty == "unless-research"
    assert view(4e23, ai_act_class="general-purpose", ai_act_duty="exempt-open-source").duty == "exempt-open-source"
    assert view(4e23, **gpai, ai_act_legacy_deadline="2027-08-02").legacy and not view(8.4e22).legacy


def test_a_fine_tune_states_the_one_third_rule_with_or_without_its_base() -> None:
    within = view(2.5e20, base_model_flops=6.3e24, ai_act_new_provider=False)
    assert within.modifier == "within-third" and within.modifier_limit == pytest.approx(2.1e24)
    assert view(2.5e20, base_model_flops=1e20).modifier == "above-third"
    unstated = view(2.7e19, training_type="fine-tuning")
    assert unstated.modifier == "fine-tune" and unstated.modifier_limit == pytest.approx(8.1e19)
    assert view(2.7e19).modifier == ""


@pytest.mark.parametrize(("lang", "mwh", "words"), [
    ("en", "{median} MWh ({low} MWh to {high} MWh)", "estimated from the computation"),
    ("nl", "{median} MWh ({low} MWh tot {high} MWh)", "geschat uit het rekenwerk"),
])
def test_the_statements_energy_is_calcs_median_and_interval_in_mwh(cli, lang: str, mwh: str, words: str) -> None:
    path = EXAMPLES / "pretrain-be-compute.yaml"
    calc = {r["id"]: r for r in json.loads(cli("calc", str(path), "--format", "json").output)["scenarios"]}
    headline = calc["pretrain-7b-2t"]
    page = brief_document(path, lang, "html").data.decode("utf-8")
    section = re.sub(r"<[^>]+>", " ", page[page.index('id="law-title"'):page.index("</section>", page.index(
        'id="law-title"'))]).replace("\u00a0", " ")

    def two(kwh: float) -> str:
        text = f"{float(f'{kwh / 1000:.2g}'):g}"
        return text.replace(".", ",") if lang == "nl" else text
    expected = mwh.format(median=two(headline["energy_median_kwh"]), low=two(headline["energy_low_kwh"]),
                          high=two(headline["energy_high_kwh"]))
    assert expected in section and words in section
    assert "8.4 × 10²²" in section or "8,4 × 10²²" in section


def reads_in_order(phrase: str, text: str, gap: int = 40) -> bool:
    """Return whether the words of ``phrase`` occur in ``text`` in order, with at most ``gap`` other words between
    two of them: a page break puts the next page's running header and a table's labels inside a sentence of a PDF.
    The phrase's first word may end a word of the text and its last word begin one (a quote, a colon)."""
    words, wanted = text.split(), phrase.split()
    last = len(wanted) - 1

    def fits(i: int, word: str) -> bool:
        # A word hyphenated at the foot of a page ("pro‐") stands for the whole word; its rest follows the footer.
        split = word.endswith("\u2010") and len(word) > 3 and wanted[i].startswith(word[:-1])
        return word == wanted[i] or split or (i == 0 and word.endswith(wanted[i])) \
            or (i == last and word.startswith(wanted[i]))

    for start in (i for i, w in enumerate(words) if fits(0, w)):
        at, found = start, True
        for i in range(1, len(wanted)):
            ahead = [k for k in range(at + 1, min(at + 2 + gap, len(words))) if fits(i, words[k])]
            if not ahead:
                found = False
                break
            at = ahead[0]
        if found:
            return True
    return False


def law_text(path: Path, lang: str) -> str:
    """Return the law section of a brief's PDF, from its heading to the next section's, spaces normalised."""
    text = pdf_text(rendered(path, lang, "pdf"))
    start = text.index("Wat de wet vraagt" if lang == "nl" else "What the law asks")
    end = min(i for i in (text.find(m, start) for m in ("Casestudy", "Case study", "Begrippenlijst", "Glossary",
                                                         "Bijlage:", "Annex:")) if i > 0)
    return text[start:end]


# Per brief: what its law section must conclude, in English and in Dutch.
CONCLUSIONS = {
    EXAMPLES / "finetune-be-university.yaml": (
        ["Commission's hardware method", "2.7 × 10¹⁹", "judged by that model's compute", "more than a third of it",
         "8.0 × 10¹⁹", "Its maker does not become a provider", "research and development alone is outside the AI Act"],
        ["hardwaremethode van de Commissie", "2,7 × 10¹⁹", "naar het rekenwerk van dat model", "meer dan een derde",
         "8,0 × 10¹⁹", "De maker wordt dus geen aanbieder", "alleen voor onderzoek en ontwikkeling wordt gemaakt"]),
    EXAMPLES / "pretrain-nl-cloud.yaml": (
        ["Commission's hardware method", "2.1 × 10²²", "below the indicative criterion of 10²³ FLOP",
         "not presumed to be a general-purpose AI model", "matches hour by hour",
         "approximates the market-based figure"],
        ["hardwaremethode van de Commissie", "2,1 × 10²²", "minder dan het indicatieve criterium van 10²³ FLOP",
         "geen vermoeden", "uur per uur", "benadering van het marktgebaseerde cijfer"]),
    EXAMPLES / "pretrain-be-compute.yaml": (
        ["8.4 × 10²²", "from the computation the file gives", "may be one if it shows significant generality",
         "Article 53(2)", "Article 2(6)"],
        ["8,4 × 10²²", "volgens het rekenwerk in het bestand", "aanzienlijk algemeen karakter", "artikel 53, lid 2",
         "artikel 2, lid 6"]),
    EXAMPLES / "measured-h200.yaml": (
        ["3.3 × 10¹⁶", "not presumed to be a general-purpose AI model", "the devices' own energy measured",
         "not measured but assumed (PUE 1.60)"],
        ["3,3 × 10¹⁶", "geen vermoeden", "het verbruik van de chips zelf gemeten",
         "niet gemeten maar aangenomen (PUE 1,60)"]),
    EXAMPLES / "bloom-whole-footprint.yaml": (
        ["4.0 × 10²³", "above the indicative criterion", "licence that restricts some uses", "recital 102",
         "placed on the market on 12 July 2022, before 2 August 2025", "comply by 2 August 2027",
         "1,082,990 chip hours", "no data centre overhead counted (PUE 1.00)"],
        ["4,0 × 10²³", "meer dan het indicatieve criterium", "licentie die sommige toepassingen verbiedt",
         "overweging 102", "op 12 juli 2022 in de handel gebracht, vóór 2 augustus 2025",
         "uiterlijk op 2 augustus 2027", "1.082.990 chipuren", "zonder overhead van het datacenter (PUE 1,00)"]),
    EXAMPLES / "strubell2019.yaml": (
        ["Commission's hardware method", "4.0 × 10¹⁷", "not presumed to be a general-purpose AI model"],
        ["hardwaremethode van de Commissie", "4,0 × 10¹⁷", "geen vermoeden"]),
    FIXTURES / "law-open-weights.yaml": (
        ["above the indicative criterion", "free and open-source licence", "Article 53(1)(a) and (b) is not required"],
        ["meer dan het indicatieve criterium", "vrije en opensourcelicentie", "is niet verplicht (artikel 53, lid 2)"]),
    FIXTURES / "law-fine-tune.yaml": (
        ["6.3 × 10²⁴", "no more than a third of that (2.1 × 10²⁴ FLOP)",
         "does not become the provider of a new general-purpose AI model"],
        ["6,3 × 10²⁴", "niet meer dan een derde daarvan (2,1 × 10²⁴ FLOP)",
         "wordt geen aanbieder van een nieuw AI-model voor algemene doeleinden"]),
}
COMMON = (["on request", "national competent authorities", "Code of Practice", "Model Documentation Form",
           "Member States", "to publish their energy use", "trade secrets aside", "only in aggregate",
           "defence and civil protection are exempt"],
          ["op verzoek", "nationale bevoegde autoriteiten", "praktijkcode", "modeldocumentatieformulier", "lidstaten",
           "openbaar te maken", "bedrijfsgeheimen uitgezonderd", "alleen geaggregeerde cijfers",
           "defensie en civiele bescherming"])


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("path", list(CONCLUSIONS), ids=lambda p: p.stem)
def test_the_pdfs_law_section_concludes_for_the_headline_scenario(path: Path, lang: str) -> None:
    section = law_text(path, lang)
    at = 0 if lang == "en" else 1
    for phrase in CONCLUSIONS[path][at] + COMMON[at]:
        assert reads_in_order(phrase, section), (path.stem, lang, phrase)
    assert "cannot say" not in section and "kan dus niet zeggen" not in section
    assert "if it generates language or images, its provider must document" not in section


def test_every_example_is_concluded_on() -> None:
    assert set(SCENARIO_EXAMPLES) <= set(CONCLUSIONS)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_no_brief_says_it_cannot_say(lang: str) -> None:
    for path in CONCLUSIONS:
        text = rendered(path, lang, "html").decode("utf-8")
        assert "cannot say" not in text and "kan dus niet zeggen" not in text and "kan niet zeggen" not in text


def test_the_one_third_limit_is_three_times_one_runs_compute() -> None:
    assert view(3e19, training_type="fine-tuning").modifier_limit == pytest.approx(9e19)
    assert math.isclose(FACTS.modifier_share * 3, 1.0)


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["serves research and development alone", "the AI Act does not apply to it (Article 2(6), Article 3(63))"]),
    ("nl", ["uitsluitend voor onderzoek en ontwikkeling", "niet op van toepassing (artikel 2, lid 6, en artikel 3, punt 63)"]),
])
def test_a_model_kept_for_research_is_concluded_outside_the_act(write_file, lang: str, words: list[str]) -> None:
    text = (FIXTURES / "law-open-weights.yaml").read_text(encoding="utf-8")
    path = write_file(text.replace("headline: open-release", "headline: research-prototype"))
    page = brief_document(path, lang, "html").data.decode("utf-8")
    section = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page[page.index('id="law-title"'):]))
    for phrase in words:
        assert phrase in section, phrase
    assert "2 August 2027" not in section and "2 augustus 2027" not in section


def test_a_modification_without_research_stated_names_the_research_exclusion() -> None:
    assert view(2.7e19, training_type="fine-tuning").research_open
    assert not view(2.7e19, training_type="fine-tuning", research_only=False).research_open
    assert not view(4e23, ai_act_class="general-purpose", ai_act_duty="applies-unless-exempt").research_open


def test_public_weights_under_a_restrictive_licence_are_no_settled_exemption() -> None:
    gpai = {"ai_act_class": "general-purpose", "ai_act_duty": "applies-unless-exempt"}
    assert view(4e23, **gpai, open_weights="restricted", research_only=False).duty == "unless-licence"
    assert view(4e23, **gpai, open_weights="restricted").duty == "unless-licence-or-research"


def test_a_stated_release_date_settles_article_111_3() -> None:
    gpai = {"ai_act_class": "general-purpose", "ai_act_duty": "applies-unless-exempt"}
    before = view(4e23, **gpai, released="2022-07-12", ai_act_legacy_deadline="2027-08-02")
    assert before.legacy and before.released == dt.date(2022, 7, 12)
    assert not view(4e23, **gpai, released="2026-01-10", ai_act_legacy_deadline=None).legacy


def test_the_references_date_the_directive_and_its_delegated_regulation_each_by_its_own_year() -> None:
    page = rendered(EXAMPLES / "finetune-be-university.yaml", "en", "html").decode("utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert re.search(r"Directive \(EU\) 2023/1791 on energy efficiency, Article 12 \(?2023", text)
    assert re.search(r"Delegated Regulation \(EU\) 2024/1364 on the first phase[^()]*\(?2024", text)


@pytest.mark.parametrize(("lang", "labels"), [
    ("en", ["Training compute, one run", "Training time and hardware, all 32 runs", "Energy, all 32 runs"]),
    ("nl", ["Rekenwerk van de training, één run", "Trainingstijd en hardware, alle 32 runs", "Energie, alle 32 runs"]),
])
def test_the_law_table_labels_one_runs_compute_beside_every_runs_hours_and_energy(lang: str, labels: list[str]) -> None:
    page = rendered(EXAMPLES / "finetune-be-university.yaml", lang, "html").decode("utf-8")
    terms = [re.sub(r"\s+", " ", t).strip() for t in re.findall(r"<dt>(.*?)</dt>", page[page.index('id="law-title"'):], re.S)]
    assert terms[:3] == labels


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_compute_known_exactly_is_given_without_a_range_of_no_width(lang: str) -> None:
    page = rendered(EXAMPLES / "pretrain-be-compute.yaml", lang, "html").decode("utf-8")
    law = page[page.index('aria-labelledby="law-title"'):]
    figure = "8,4 × 10²² FLOP" if lang == "nl" else "8.4 × 10²² FLOP"
    assert f"{figure}</dd>" in law.replace("\u00a0", " ")
