"""Rendered briefs: PDF text in each locale, tagging, fonts, reproducibility and safety."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from reportgen.pipeline import brief_document
from reportgen.publish import publish_brief
from reportgen.render import AssetFetcher, Assets
from reportgen.render import pdf as render_module
from reportgen.resources import languages

from ..conftest import EXAMPLES

STRUBELL = EXAMPLES / "strubell2019.yaml"
EPOCH = "1795737600"  # 2026-11-27


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return {lang: brief_document(STRUBELL, lang, "pdf").data for lang in languages()}


def pdf_text(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    return re.sub(r"[ \u00a0\u202f]+", " ", "\n".join(page.extract_text() for page in reader.pages))


@pytest.mark.parametrize(
    ("lang", "benchmarks", "case_study", "results"),
    [
        # Table 1 as printed; Table 4's models, hours and pounds; Table 3 and the case study in the annex,
        # exact: kWh·PUE of the architecture search and of BERT, kg CO2e of the search and of the project.
        ("nl", ["0,90 t", "5,00 t", "16,40 t", "57,15 t", "284,02 t"], ["4.789", "239.942", "78.468"],
         ["656.347", "1.507", "284.019", "35.592"]),
        ("en", ["0.90 t", "5.00 t", "16.40 t", "57.15 t", "284.02 t"], ["4,789", "239,942", "78,468"],
         ["656,347", "1,507", "284,019", "35,592"]),
    ],
)
def test_pdf_text_has_benchmarks_case_study_and_results_in_the_locale_format(
        pdfs: dict[str, bytes], lang: str, benchmarks: list[str], case_study: list[str], results: list[str]) -> None:
    text = pdf_text(pdfs[lang])
    for value in benchmarks + case_study + results:
        assert value in text, f"{value} missing from the {lang} PDF"


def test_pdf_speaks_its_language(pdfs: dict[str, bytes]) -> None:
    assert "Kernboodschappen" in pdf_text(pdfs["nl"]) and "Aanbevelingen" in pdf_text(pdfs["nl"])
    assert "Key messages" in pdf_text(pdfs["en"]) and "Recommendations" in pdf_text(pdfs["en"])


@pytest.mark.parametrize("lang", languages())
def test_pdf_is_tagged_with_its_language_and_metadata(pdfs: dict[str, bytes], lang: str) -> None:
    reader = PdfReader(BytesIO(pdfs[lang]))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == lang
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in root
    assert reader.metadata.title.startswith({"nl": "Strubell e.a. (2019) herberekend", "en": "Strubell et al. (2019) recomputed"}[lang])
    assert reader.metadata.author == "reportgen"
    assert 4 <= len(reader.pages) <= 10  # eight scenarios with the whole footprint; issue 17 shortens the genre


def test_pdf_pages_are_a4(pdfs: dict[str, bytes]) -> None:
    box = PdfReader(BytesIO(pdfs["en"])).pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)


def fonts_of(data: bytes) -> list[dict]:
    fonts = []
    for page in PdfReader(BytesIO(data)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                fonts.append(descendant.get_object())
    return fonts


def test_all_fonts_are_embedded_subsets_of_the_shipped_font(pdfs: dict[str, bytes]) -> None:
    fonts = fonts_of(pdfs["nl"])
    assert fonts
    for font in fonts:
        descriptor = font["/FontDescriptor"]
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
        assert re.match(r"/[A-Z]{6}\+Inter", str(font["/BaseFont"])), font["/BaseFont"]


def test_two_builds_are_byte_identical(pdfs: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    again = brief_document(STRUBELL, "nl", "pdf").data
    assert again == pdfs["nl"]


def test_chart_text_stays_text(pdfs: dict[str, bytes]) -> None:
    text = pdf_text(pdfs["en"])
    assert "Architecture search (2019 estimate)" in text
    assert "280 t" in text


HOSTILE = """
brief:
  title: "<b>bold</b> & co"
scenarios:
  - id: xss
    name: "<script>alert(1)</script>"
    hardware: nvidia-p100
    hours: 10
    location: BE
  - id: img
    name: '<img src="file:///etc/passwd">'
    description: '<link rel=attachment href="file:///etc/passwd"> url(http://127.0.0.1:9/x.png)'
    hardware: nvidia-p100
    hours: 20
    location: NL
"""


def test_hostile_names_are_literal_text_in_html(write_file) -> None:
    data = brief_document(write_file(HOSTILE), "en", "html").data
    html = data.decode()
    assert "<script>" not in html and "<img src" not in html and "<link rel=attachment" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html


def test_hostile_names_are_literal_text_in_pdf_and_nothing_is_fetched(write_file,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    fetched: list[str] = []
    original = AssetFetcher.__call__

    def recording(self: AssetFetcher, url: str, *args: object, **kwargs: object) -> object:
        fetched.append(url)
        return original(self, url, *args, **kwargs)

    monkeypatch.setattr(render_module.AssetFetcher, "__call__", recording)
    path = write_file(HOSTILE)
    data = brief_document(path, "en", "pdf").data  # a new build: its stylesheet's fonts are fetched
    text = pdf_text(data)
    assert "<script>alert(1)</script>" in text
    assert '<img src="file:///etc/passwd">' in text
    static = (Path(render_module.templates_dir()) / "static").resolve().as_uri()
    assert fetched and all(url.startswith(static) for url in fetched)
    # The brief carries its own data (the file, calc's JSON, the disclosures) and nothing else.
    assert all(name.startswith(path.stem + ".") for name in PdfReader(BytesIO(data)).attachments)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://127.0.0.1:9/x.png", "https://example.org/a.css",
                                 "data:text/css,body{}", "file:///{static}/../brief.html", "ftp://x/y"])
def test_fetcher_refuses_everything_outside_the_assets(url: str) -> None:
    fetcher = AssetFetcher()
    with pytest.raises(ValueError, match="refused"):
        fetcher(url.replace("{static}", str(fetcher.root).lstrip("/")))
    assert fetcher.refused


def test_fetcher_serves_the_shipped_font() -> None:
    fetcher = AssetFetcher()
    response = fetcher((fetcher.root / "fonts" / "Inter-Regular.otf").as_uri())
    assert response.read(4) == b"OTTO"


def test_brief_command_writes_the_named_file(tmp_path: Path, cli) -> None:
    result = cli("brief", str(EXAMPLES / "finetune-be-university.yaml"), "--lang", "nl", "--format", "html",
                 "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    target = tmp_path / "finetune-be-university.nl.html"
    assert result.output.strip() == str(target)
    html = target.read_text(encoding="utf-8")
    assert '<html lang="nl">' in html
    assert (tmp_path / "static" / "brief.css").is_file()


def test_brief_bad_input_writes_nothing(tmp_path: Path, cli, write_file) -> None:
    bad = write_file("scenarios:\n  - {id: a, name: A, hardware: nvidia-p100, hours: -1, location: BE}\n")
    out = tmp_path / "out"
    result = cli("brief", str(bad), "--lang", "en", "--out", str(out))
    assert result.exit_code == 2
    assert "scenarios[0].hours" in result.stderr
    assert not out.exists()


def test_build_brief_leaves_no_temporary_files(tmp_path: Path) -> None:
    publish_brief(EXAMPLES / "pretrain-nl-cloud.yaml", "en", "pdf", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pretrain-nl-cloud.en.pdf"]


def test_unknown_language_is_a_usage_error(cli) -> None:
    result = cli("brief", str(STRUBELL), "--lang", "fr")
    assert result.exit_code == 2



def test_print_stylesheet_is_parsed_once_per_build_and_again_for_the_next(write_file,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[Path] = []
    original = render_module.PdfRenderer.style

    def counting(self: render_module.PdfRenderer) -> object:
        if self._style is None:
            parsed.append(self.templates)
        return original(self)

    monkeypatch.setattr(render_module.PdfRenderer, "style", counting)
    path = write_file(HOSTILE)
    assets = Assets()
    brief_document(path, "en", "pdf", assets)
    brief_document(path, "nl", "pdf", assets)
    assert len(parsed) == 1
    brief_document(path, "en", "pdf", Assets())  # a preview's next build reads an edited stylesheet
    assert len(parsed) == 2


def test_pdf_source_html_leaves_the_print_stylesheet_to_the_renderer(write_file) -> None:
    from reportgen.pipeline import compute, load, views
    from reportgen.reference import load_reference
    from reportgen.render import render_brief_html

    ref = load_reference()
    files = load([write_file(HOSTILE)], ref)
    view = views(files[0], compute(files, ref)[0], ref, ("en",))["en"]
    env = Assets().env("en")
    assert "brief.css" in render_brief_html(view, env)
    assert "brief.css" not in render_brief_html(view, env, for_pdf=True)
