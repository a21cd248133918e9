"""The one path: load -> compute -> view -> render, shared by the brief command and the site."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from reportgen.pipeline import brief_document, compute, load, site_briefs
from reportgen.reference import Reference
from reportgen.resources import languages

from .conftest import EXAMPLES, SCENARIO_EXAMPLES

EPOCH = "1795737600"


def brief_body(html: str) -> str:
    """Return the brief's own content: from its cover to its last reference."""
    start = html.index('<div class="cover">')
    body = html[start:html.index("</main>", start)].strip()
    # The site's page adds what it offers: its files and a list of contents, after the recommendations.
    # Blank lines left where the two templates include it or not carry no content.
    body = re.sub(r'<section class="attachments".*?</nav>', "", body, flags=re.S)
    return re.sub(r"\n\s*\n", "\n", body)


def test_the_brief_command_and_the_site_render_the_same_brief(ref: Reference,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    path = EXAMPLES / "pretrain-nl-cloud.yaml"
    [site_brief] = site_briefs(load([path], ref), ref, pdf=False)
    pages = {d.output.relpath: d.data.decode("utf-8") for d in site_brief.documents}
    assert sorted(p for p in pages if p.count(".") == 1 and p.endswith(".html")) == sorted(
        f"{lang}/pretrain-nl-cloud.html" for lang in languages())
    for lang in languages():
        alone = brief_document(path, lang, "html").data.decode("utf-8")
        assert brief_body(pages[f"{lang}/pretrain-nl-cloud.html"]) == brief_body(alone)


def test_many_files_computed_in_one_pass_give_what_each_gives_alone(ref: Reference) -> None:
    paths = SCENARIO_EXAMPLES
    files = load(paths, ref)
    together = compute(files, ref)
    for scenario_file, computed in zip(files, together, strict=True):
        [alone] = compute([scenario_file], ref)
        assert [r.id for r in computed.results] == [s.id for s in scenario_file.scenarios]
        assert [r.co2e_kg for r in computed.results] == [r.co2e_kg for r in alone.results]
        assert [(w.id, w.change, w.saving_kg) for w in computed.what_ifs] == \
            [(w.id, w.change, w.saving_kg) for w in alone.what_ifs]


def test_site_briefs_render_a_pdf_per_language_when_asked(ref: Reference, tmp_path: Path) -> None:
    [site_brief] = site_briefs(load([EXAMPLES / "finetune-be-university.yaml"], ref), ref, pdf=True)
    outputs = sorted(d.output.relpath for d in site_brief.documents)
    stems = ["finetune-be-university" + end for end in (".html", ".pdf", ".model-card.md", ".spdx.json", ".boamps.json",
                                                   ".sci.json", ".cyclonedx.json")]
    assert outputs == sorted(f"{lang}/{name}" for lang in languages() for name in
                             [*stems, "finetune-be-university.yaml", "finetune-be-university.calc.json",
                              *(f"finetune-be-university.{to}.{lang}.{ext}" for ext in ("html", "md", "pdf")
                                for to in ("ai-act", "model-documentation"))])
    pdfs = [d.data for d in site_brief.documents if d.output.relpath.endswith(".pdf")]
    assert all(re.match(rb"%PDF-", data) for data in pdfs)


def test_a_text_missing_in_the_briefs_language_is_a_warning_naming_its_line(write_file, cli,
                                                                           caplog: pytest.LogCaptureFixture) -> None:
    path = write_file("""
        brief:
          title: {nl: "Alleen een Nederlandse titel"}
          author: "Vakgroep, in one language for both"
        scenarios:
          - id: b
            name: {nl: "alleen nl"}
            hardware: nvidia-a100-80gb
            location: NL
            hours: 10
    """)
    with caplog.at_level(logging.WARNING, logger="reportgen"):
        brief_document(path, "en", "html")
    assert [r.getMessage().split("scenarios.yaml:", 1)[1] for r in caplog.records] == [
        "2: brief.title: has no 'en' text: the en brief shows the 'nl' text instead",
        "6: scenarios[0].name: has no 'en' text: the en brief shows the 'nl' text instead"]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="reportgen"):
        brief_document(path, "nl", "html")
    assert not caplog.records
    result = cli("--strict", "brief", str(path), "--lang", "en", "--format", "html", "--out",
                 str(path.parent / "out"))
    assert result.exit_code == 1 and "--strict" in result.output
