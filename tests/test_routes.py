"""Where every output goes: one name per kind of file, the same for the site, the brief and the export commands."""

from __future__ import annotations

import pytest

from reportgen import routes
from reportgen.errors import InputError
from reportgen.files import Output


def test_the_site_shared_files_sit_at_the_top() -> None:
    assert (routes.root().relpath, routes.sitemap().relpath, routes.robots().relpath) == (
        "index.html", "sitemap.xml", "robots.txt")
    assert routes.static("fonts", "a b.woff2").url == "static/fonts/a%20b.woff2"


def test_a_brief_has_a_page_and_a_pdf_in_its_language_folder_and_its_own_name_from_the_brief_command() -> None:
    assert routes.brief_page("nl", "lab").relpath == "nl/lab.html"
    assert routes.brief_pdf("en", "lab").relpath == "en/lab.pdf"
    assert routes.brief_file("lab", "nl", "pdf").relpath == "lab.nl.pdf"
    assert routes.site_page("en", routes.METHOD).relpath == "en/method.html"


def test_a_disclosure_names_its_language_only_where_it_has_one() -> None:
    assert routes.disclosure("lab", "ai-act", "nl", "md").relpath == "lab.ai-act.nl.md"
    assert routes.disclosure("lab", "spdx", None, "json", "en").relpath == "en/lab.spdx.json"


def test_static_files_are_found_from_any_folder() -> None:
    assert routes.static_prefix(routes.root()) == "static/"
    assert routes.static_prefix(routes.brief_page("nl", "lab")) == "../static/"
    assert routes.static_prefix(routes.disclosure("lab", "ai-act", "nl", "html")) == "static/"


def test_an_address_is_absolute_under_a_base_url_and_relative_without() -> None:
    page = routes.brief_page("nl", "my lab")
    assert routes.address(page, routes.root(), None) == "../index.html"
    assert routes.address(page, page, "https://example.org/site/") == "https://example.org/site/nl/my%20lab.html"


def test_the_alternates_are_the_same_page_in_each_language() -> None:
    assert routes.alternates("lab.html", ("nl", "en")) == (("nl", Output.at("nl", "lab.html")),
                                                           ("en", Output.at("en", "lab.html")))


@pytest.mark.parametrize("stem", ["a/b", "a\\b", ""])
def test_a_stem_that_would_leave_its_folder_is_refused(stem: str) -> None:
    with pytest.raises(InputError):
        routes.brief_page("nl", stem) if stem else routes.site_page("nl", stem)
