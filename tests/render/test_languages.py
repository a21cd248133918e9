"""A language is its catalog folder: a copy of the English catalog under a new code gives a brief and /fr/."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.pipeline import brief_document
from reportgen.publish import SiteConfig, build_site
from reportgen.render import Assets
from reportgen.render.i18n import og_locale, parse_language
from reportgen.resources import ASSETS_VARIABLE, SOURCE_LANGUAGE, languages

from ..conftest import EXAMPLES, ROOT

EPOCH = "1795737600"  # 2026-11-27


@pytest.fixture
def french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a copy of the project's assets with a French catalog (the English text), and point reportgen at it."""
    root = tmp_path / "assets"
    for name in ("data", "templates", "locales"):
        shutil.copytree(ROOT / name, root / name)
    english = (root / "locales" / SOURCE_LANGUAGE / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    folder = root / "locales" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(re.sub(r'"Language: [^"]*\\n"', r'"Language: fr\\n"', english),
                                        encoding="utf-8")
    monkeypatch.setenv(ASSETS_VARIABLE, str(root))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return root


def test_languages_are_the_catalog_folders_with_the_source_language_last(french: Path) -> None:
    assert languages() == ("fr", "nl", "en")
    assert og_locale(parse_language("fr")) == "fr_FR"


def test_today_the_languages_are_dutch_then_english_formatted_as_before() -> None:
    assert languages() == ("nl", "en")
    assert [og_locale(parse_language(code)) for code in languages()] == ["nl_NL", "en_GB"]
    assert str(parse_language("en")) == "en_GB"


def test_a_new_catalog_folder_is_enough_for_a_brief(french: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["brief", str(EXAMPLES / "pretrain-nl-cloud.yaml"), "--lang", "fr",
                                       "--format", "html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = (out / "pretrain-nl-cloud.fr.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in html
    assert "Key messages" in html  # the text of the French catalog, here a copy of the English one
    assert "novembre 2026" in html  # dates and numbers formatted the French way
    assert re.search(r"\d,\d", html)


def test_a_new_catalog_folder_is_enough_for_the_site(french: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(SiteConfig(inputs=(EXAMPLES / "finetune-be-university.yaml",), out=out,
                          base_url="https://example.org/", pdf=False, jobs=1))
    for code in ("fr", "nl", "en"):
        assert (out / code / "index.html").is_file() and (out / code / "finetune-be-university.html").is_file()
    root = (out / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="fr"' in root and '<meta property="og:locale:alternate" content="fr_FR">' in root
    assert '<span lang="fr">' in root and "Français" in root
    page = (out / "nl" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" hreflang="fr" href="https://example.org/fr/index.html">' in page
    assert "https://example.org/fr/finetune-be-university.html" in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_each_build_reads_the_catalogs_again(french: Path, tmp_path: Path) -> None:
    path = EXAMPLES / "pretrain-nl-cloud.yaml"
    assert "Key messages" in brief_document(path, "fr", "html", Assets()).data.decode("utf-8")
    catalog = french / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('msgid "Key messages"\nmsgstr "Key messages"',
                                    'msgid "Key messages"\nmsgstr "Messages clés"'), encoding="utf-8")
    assert "Messages clés" in brief_document(path, "fr", "html", Assets()).data.decode("utf-8")
