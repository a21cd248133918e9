"""A centre's brief of the year: short, in both languages, and without a user name anywhere."""

from __future__ import annotations

import difflib
import io
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from reportgen.cluster_path import cluster_brief_document, cluster_site, cluster_view_of
from reportgen.publish import SiteConfig, build_site
from reportgen.render import Assets

from ..conftest import EXAMPLES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cluster"
USERS = ("alice", "bob", "carol", "dave", "erin", "frank")


def _example_users() -> set[str]:
    """Return the user names in the example's accounting."""
    lines = (EXAMPLES / "cluster" / "accounting-2025.txt").read_text().splitlines()[1:]
    return {line.split("|")[2] for line in lines if line.split("|")[2]}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_example_brief_fits_five_pages_and_names_no_user(lang: str) -> None:
    document = cluster_brief_document(EXAMPLES / "university-cluster.yaml", lang, "pdf", Assets())
    reader = PdfReader(io.BytesIO(document.data))
    assert len(reader.pages) <= 5
    text = " ".join(page.extract_text() for page in reader.pages)
    assert not any(user in text for user in _example_users())
    assert ("Kernboodschappen" if lang == "nl" else "Key messages") in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_brief_says_small_groups_are_merged_and_names_no_user(lang: str) -> None:
    html = cluster_brief_document(FIXTURES / "centre.yaml", lang, "html", Assets()).data.decode("utf-8")
    assert not any(re.search(rf"\b{user}\b", html) for user in USERS)
    merged = "telt mee onder ‘overige’" if lang == "nl" else "is counted under “other”"
    assert merged in html
    assert "Dept X" in html and "Dept Y" not in html


@pytest.mark.parametrize(("lang", "counts"), [("nl", "acht departementen. Twee groepen met minder dan vijf gebruikers"),
                                              ("en", "eight departments. Two groups with fewer than five users")])
def test_the_brief_counts_its_groups_in_words(lang: str, counts: str) -> None:
    html = cluster_brief_document(EXAMPLES / "university-cluster.yaml", lang, "html", Assets()).data.decode("utf-8")
    assert counts in html


def test_the_dutch_brief_gives_its_references_in_dutch() -> None:
    assets = Assets()
    view = cluster_view_of(FIXTURES / "centre.yaml", "nl", assets)
    dutch = {str(r["citation_nl"]) for r in assets.reference.source_records.values()}
    assert view.sources and all(source.citation in dutch for source in view.sources)


def test_the_site_gives_a_centre_a_page_per_group_and_names_no_user(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(FIXTURES, inputs)
    build_site(SiteConfig(inputs=(inputs / "centre.yaml",), out=tmp_path / "site", pdf=False))
    for lang in ("nl", "en"):
        pages = sorted(p.name for p in (tmp_path / "site" / lang).glob("centre*.html"))
        assert pages == ["centre--dept-x.html", "centre--other.html", "centre.html"]
    text = " ".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html"))
    assert not any(re.search(rf"\b{user}\b", text) for user in USERS)


GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "cluster"  # a folder deeper than the scenario goldens


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_example_centres_brief_html_matches_its_golden_file(lang: str, update_golden: bool,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")  # 2026-11-27
    html = cluster_brief_document(EXAMPLES / "university-cluster.yaml", lang, "html", Assets()).data.decode("utf-8")
    golden = GOLDEN / lang / "university-cluster.html"
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(html, encoding="utf-8")
        return
    assert golden.is_file(), f"no golden file {golden}; create it with `make golden`"
    if html != golden.read_text(encoding="utf-8"):
        diff = "".join(list(difflib.unified_diff(golden.read_text(encoding="utf-8").splitlines(keepends=True),
                                                 html.splitlines(keepends=True), str(golden), "rendered"))[:60])
        pytest.fail(f"the centre's brief differs from its golden file (if intended: make golden):\n{diff}")


@pytest.fixture(scope="module")
def example_site_pages() -> dict[str, str]:
    """Return the example centre's site pages (its page and a page per group, per language), by their path."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1795737600")  # 2026-11-27
        made = cluster_site(EXAMPLES / "university-cluster.yaml", "key", False, None, Assets())
    return {d.output.relpath: d.data.decode("utf-8") for d in made.documents}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_example_centres_group_pages_match_their_golden_files(lang: str, update_golden: bool,
                                                                  example_site_pages: dict[str, str]) -> None:
    folder = GOLDEN / lang / "groups"
    pages = {path.split("/")[-1]: html for path, html in example_site_pages.items()
             if path.startswith(f"{lang}/university-cluster--")}
    assert len(pages) == 7  # six departments and "other"
    if update_golden:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, html in pages.items():
            (folder / name).write_text(html, encoding="utf-8")
        return
    assert sorted(p.name for p in folder.glob("*.html")) == sorted(pages), "the groups changed (if intended: make golden)"
    for name, html in sorted(pages.items()):
        expected = (folder / name).read_text(encoding="utf-8")
        if html != expected:
            diff = "".join(list(difflib.unified_diff(expected.splitlines(keepends=True), html.splitlines(keepends=True),
                                                     f"golden/cluster/{lang}/groups/{name}", "rendered"))[:60])
            pytest.fail(f"a group's page differs from its golden file (if intended: make golden):\n{diff}")


def test_the_example_centres_site_pages_name_no_user(example_site_pages: dict[str, str]) -> None:
    users = _example_users()
    assert len(example_site_pages) == 2 * 8 and len(users) > 50
    for path, html in example_site_pages.items():
        assert not [user for user in users if re.search(rf"\b{re.escape(user)}\b", html)], path
