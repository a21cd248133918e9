"""The static site: layout, links between languages, incremental and atomic builds."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from reportgen import cluster_path, pipeline
from reportgen.errors import InputError, ScenarioError
from reportgen.publish import SiteConfig, build_site
from reportgen.publish import site as site_module
from reportgen.publish.staging import MANIFEST
from reportgen.resources import languages

from ..conftest import EXAMPLES

PAGES = ("index.html", "benchmark.html", "case-study.html", "method.html")


@pytest.fixture
def inputs(site_inputs: Path) -> Path:
    return site_inputs


def build(inputs: Path, out: Path, pdf: bool = False) -> site_module.SiteReport:
    return build_site(SiteConfig(inputs=(inputs,), out=out, pdf=pdf, jobs=1))


def test_site_has_every_page_in_both_languages(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    report = build(inputs, out, pdf=True)
    # a brief, its Annex XI figures and its Model Documentation Form, per language
    assert report.briefs == 2 and report.pdfs_rendered == 2 * 3 * len(languages())
    assert (out / "index.html").is_file() and (out / "robots.txt").is_file()
    assert not (out / "sitemap.xml").exists()  # the protocol wants absolute addresses: none without a base URL
    for lang in languages():
        for page in PAGES:
            assert (out / lang / page).is_file()
        for stem in ("finetune-be-university", "pretrain-nl-cloud"):
            assert (out / lang / f"{stem}.html").is_file()
            assert (out / lang / f"{stem}.pdf").read_bytes().startswith(b"%PDF")
    assert not list(tmp_path.glob(".reportgen-*"))


def test_the_summary_counts_every_pdf_the_build_wrote(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    report = build(inputs, out, pdf=True)
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert report.pdfs_rendered == len(written) == 2 * 3 * len(languages()), written
    briefs = [p for p in written if p.count("/") == 1 and p.split("/")[1].count(".") == 1]
    assert report.brief_pdfs_rendered == len(briefs) == 2 * len(languages()), written
    assert build(inputs, tmp_path / "bare").pdfs_rendered == 0


def test_the_summary_counts_the_pages_written_and_reused(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    pages = 1 + 2 * len(PAGES) + 2 * 2  # the language choice, the shared pages and two briefs, per language
    assert build(inputs, out).pages == pages
    assert build(inputs, out).pages == pages  # every page reused


def test_language_switch_and_alternates_point_at_the_same_page(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(inputs, out)
    for lang, other in ((lang, other) for lang in languages() for other in languages() if other != lang):
        for page in (*PAGES, "pretrain-nl-cloud.html"):
            html = (out / lang / page).read_text(encoding="utf-8")
            assert f'<html lang="{lang}">' in html
            assert f'<a href="../{other}/{page}" hreflang="{other}" lang="{other}">' in html
            assert f'<link rel="alternate" hreflang="{other}" href="../{other}/{page}">' in html


def test_pages_make_no_external_requests(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(inputs, out)
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        # References link out; nothing the page loads (images, styles, icons) comes from elsewhere.
        assert not re.search(r'src="(https?:)?//', html), page
        assert not re.search(r'<link rel="(stylesheet|icon)" href="(https?:)?//', html), page
        assert "<script" not in html, page


def test_overview_lists_each_brief_with_its_headline_figure(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(inputs, out)
    nl = (out / "nl" / "index.html").read_text(encoding="utf-8")
    assert "Zo’n 17\xa0t CO₂e voor ‘Voortraining plus ablatieruns" in nl
    assert "met training op Google Cloud europe-north2 (Zweden) zou dat" in nl
    assert 'href="pretrain-nl-cloud.html"' in nl
    assert re.search(r'<td class="num" data-label="CO₂e">17\xa0t<span class="desc">14\xa0t tot 21\xa0t</span></td>', nl)


def test_site_without_pdfs_links_to_no_pdf(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(inputs, out, pdf=False)
    for page in (out / "nl").glob("*.html"):
        assert not re.search(r'href="(?!https?:)[^"]*\.pdf"', page.read_text(encoding="utf-8")), page.name
    assert not list(out.rglob("*.pdf"))


def test_sitemap_lists_every_page_with_the_base_url(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(SiteConfig(inputs=(inputs,), out=out, pdf=False, base_url="https://example.org/briefs/"))
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert "https://example.org/briefs/index.html" in locations
    assert "https://example.org/briefs/nl/pretrain-nl-cloud.html" in locations
    assert len(locations) == 1 + len(languages()) * (len(PAGES) + 2)
    assert ('<xhtml:link rel="alternate" hreflang="en" href="https://example.org/briefs/en/pretrain-nl-cloud.html"/>'
            in sitemap)
    assert (out / "robots.txt").read_text(encoding="utf-8").endswith("Sitemap: https://example.org/briefs/sitemap.xml\n")


def test_every_page_says_what_it_is_to_search_engines_and_link_previews(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(SiteConfig(inputs=(inputs,), out=out, pdf=True, base_url="https://example.org/briefs"))
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/briefs/nl/pretrain-nl-cloud.pdf</loc>" in sitemap
    descriptions = set()
    for page in sorted(out.rglob("*.html")):  # the AI Act statements too: a link to one previews like any page
        html = page.read_text(encoding="utf-8")
        url = "https://example.org/briefs/" + page.relative_to(out).as_posix()
        assert f'<link rel="canonical" href="{url}">' in html, page
        assert re.search(r'<link rel="alternate" hreflang="x-default" href="https://example.org/briefs/index.html">',
                         html), page
        assert 'rel="icon"' in html and '<meta property="og:title"' in html and 'og:locale" content="' in html, page
        description = re.search(r'<meta name="description" content="([^"]+)">', html)
        assert description, page
        descriptions.add(description.group(1))
    assert len(descriptions) == len(list(out.rglob("*.html")))  # each its own
    statement = (out / "en" / "pretrain-nl-cloud.ai-act.en.html").read_text(encoding="utf-8")
    assert ('<link rel="alternate" hreflang="nl" href="https://example.org/briefs/nl/pretrain-nl-cloud.ai-act.nl.html">'
            in statement)
    assert '<link rel="icon" href="../static/favicon.svg"' in statement
    brief = (out / "nl" / "pretrain-nl-cloud.html").read_text(encoding="utf-8")
    assert '<meta property="og:locale" content="nl_NL">' in brief and 'og:locale:alternate" content="en_GB"' in brief
    assert '<meta property="og:url" content="https://example.org/briefs/nl/pretrain-nl-cloud.html">' in brief


def test_unchanged_briefs_are_not_rendered_again(inputs: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    build(inputs, out, pdf=True)
    rendered: list[Path] = []
    original = pipeline.load_scenario_file
    monkeypatch.setattr(pipeline, "load_scenario_file",
                        lambda path, *a: rendered.append(path) or original(path, *a))
    report = build(inputs, out, pdf=True)
    assert (report.rendered, report.reused, report.pdfs_rendered) == (0, 2, 0)
    (inputs / "pretrain-nl-cloud.yaml").write_text(
        (inputs / "pretrain-nl-cloud.yaml").read_text(encoding="utf-8").replace("hours: 504", "hours: 500", 1),
        encoding="utf-8")
    report = build(inputs, out, pdf=True)
    assert [p.name for p in rendered] == ["pretrain-nl-cloud.yaml"]
    assert (report.rendered, report.reused, report.pdfs_rendered) == (1, 1, 3 * len(languages()))


CLUSTER = Path(__file__).resolve().parents[1] / "fixtures" / "cluster"


def test_an_unchanged_centre_is_not_computed_again_and_a_changed_export_or_table_is(
        inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for source in CLUSTER.iterdir():
        shutil.copy(source, inputs / source.name)
    (inputs / "pretrain-nl-cloud.yaml").unlink()  # one training's brief beside the centre is enough
    out = tmp_path / "site"
    first = build(inputs, out, pdf=True)
    assert first.brief_pdfs_rendered == 2 * len(languages())  # the training's briefs and the centre's
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("centre*"))
    computed: list[Path] = []
    original = cluster_path.compute_year
    monkeypatch.setattr(cluster_path, "compute_year", lambda f, *a: computed.append(f.path) or original(f, *a))
    report = build(inputs, out, pdf=True)
    assert (report.rendered, report.reused, report.pdfs_rendered) == (0, 2, 0) and not computed
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("centre*")) == pages
    assert {inputs / "sacct.txt", inputs / "accounts.csv"} <= report.reads
    for name, edit in (("sacct.txt", ("|7200|", "|3600|")), ("accounts.csv", ("Dept X", "Dept Z"))):
        (inputs / name).write_text((inputs / name).read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
        report = build(inputs, out, pdf=True)
        assert (report.rendered, report.reused) == (1, 1), name
        assert build(inputs, out, pdf=True).rendered == 0, name
    assert len(computed) == 2
    assert (out / "en" / "centre--dept-z.html").is_file() and not (out / "en" / "centre--dept-x.html").exists()


@pytest.mark.parametrize("groups", [5, ["../index", None]])
def test_a_centre_whose_manifest_names_no_group_pages_is_computed_again(inputs: Path, tmp_path: Path,
                                                                        groups: object) -> None:
    for source in CLUSTER.iterdir():
        shutil.copy(source, inputs / source.name)
    (inputs / "pretrain-nl-cloud.yaml").unlink()
    out = tmp_path / "site"
    build(inputs, out)
    manifest = out / MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    for entry in data["entries"]:
        if entry["stem"] == "centre":
            entry["groups"] = groups
    manifest.write_text(json.dumps(data), encoding="utf-8")
    report = build(inputs, out)
    assert (report.rendered, report.reused) == (1, 1)
    assert (out / "en" / "centre--dept-x.html").is_file() and (out / "index.html").is_file()


def test_a_template_change_renders_everything_again(inputs: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    build(inputs, out)
    monkeypatch.setattr(site_module, "assets_fingerprint", lambda: "another template")
    assert build(inputs, out).rendered == 2


def test_a_failed_build_leaves_the_previous_site_intact(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(inputs, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (inputs / "zz-broken.yaml").write_text("scenarios:\n  - {id: a, name: A, hardware: nvidia-p100, hours: 0}\n",
                                           encoding="utf-8")
    with pytest.raises(ScenarioError):
        build(inputs, out)
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".reportgen-*"))


def test_files_with_the_same_name_are_refused(inputs: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(EXAMPLES / "strubell2019.yaml", other / "pretrain-nl-cloud.yaml")
    with pytest.raises(InputError, match="same name"):
        build_site(SiteConfig(inputs=(inputs, other), out=tmp_path / "site", pdf=False))


def test_a_folder_not_made_by_reportgen_is_not_replaced(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.tex").write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="not made by reportgen") as raised:
        build(inputs, out)
    assert raised.value.exit_code == 2
    assert (out / "thesis.tex").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in out.iterdir()) == ["thesis.tex"]


def test_site_command_reports_what_it_did(inputs: Path, tmp_path: Path, cli) -> None:
    result = cli("site", str(inputs), "--out", str(tmp_path / "site"), "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "2 briefs (2 rendered, 0 unchanged)" in result.stderr


def test_site_command_with_bad_input_exits_2(tmp_path: Path, cli) -> None:
    result = cli("site", str(tmp_path / "missing"), "--out", str(tmp_path / "site"))
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr


@pytest.mark.parametrize("name", ["index.yaml", "method.yaml", "case-study.yaml", "a\\b.yaml"])
def test_a_file_name_the_site_cannot_use_is_refused_before_anything_is_built(inputs: Path, tmp_path: Path,
                                                                              name: str) -> None:
    shutil.copy(inputs / "finetune-be-university.yaml", inputs / name)
    out = tmp_path / "site"
    with pytest.raises(InputError):
        build(inputs, out)
    assert not out.exists()


def test_the_root_page_says_in_each_language_what_the_site_holds(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(inputs, out)
    root = (out / "index.html").read_text(encoding="utf-8")
    for lang, about, link in (("nl", "Beleidsnotities over het energieverbruik", "Lees verder in het Nederlands"),
                              ("en", "Policy briefs on the energy use", "Read the briefs in English")):
        section = re.search(rf'<section lang="{lang}".*?</section>', root, re.S)
        assert section, lang
        assert about in section.group(0) and "AI" in section.group(0)
        assert f'<a href="{lang}/index.html" hreflang="{lang}">{link}</a>' in section.group(0)


def test_a_brief_page_leads_with_its_finding_and_offers_its_files_after(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(inputs, out)
    for lang in languages():
        html = (out / lang / "pretrain-nl-cloud.html").read_text(encoding="utf-8")
        order = [html.index(marker) for marker in ('<h1>', 'class="todo"', 'class="headline"', 'class="attachments"',
                                                   'class="contents"', 'id="bench-title"')]
        assert order == sorted(order), lang


def test_the_comparison_page_calls_its_rows_the_briefs_headlines_not_this_briefs_scenarios(
        inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(inputs, out)
    for lang, row, legend, wrong in (("en", "headline scenario of a brief", "Headline scenarios of the briefs (median)",
                                      "in this brief"),
                                     ("nl", "hoofdscenario van een notitie", "Hoofdscenario’s van de notities (mediaan)",
                                      "in deze notitie")):
        page = (out / lang / "benchmark.html").read_text(encoding="utf-8")
        assert page.count(row) == 2 and legend in page, lang  # a row per brief; the chart's legend
        assert wrong not in page, lang
