"""A printed brief a reader can read: type sizes, references with each year once, addresses broken only after a
slash, and a what-if table never wider than four scenarios."""
from __future__ import annotations

import itertools
import math
import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from reportgen.pipeline import brief_document

from ..conftest import EXAMPLES, SCENARIO_EXAMPLES
from ..pdftext import pdf_text
from .test_honest_numbers import rendered

ROOT = EXAMPLES.parent
EIGHT = ROOT / "tests" / "fixtures" / "site" / "acht-scenarios.yaml"
# Sentences of body paragraphs that every example brief prints, by language.
BODY = {"en": ["Every input is uncertain", "Since 2 August 2025"],
        "nl": ["Alle invoerwaarden zijn onzeker", "Sinds 2 augustus 2025"]}


def type_sizes(pdf: bytes) -> list[tuple[float, str]]:
    """Return each run of text in the PDF with its size on the page, in points."""
    runs: list[tuple[float, str]] = []
    for page in PdfReader(BytesIO(pdf)).pages:
        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
            if text.strip():
                runs.append((size * math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1]), text))
        page.extract_text(visitor_text=visit)
    return runs


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("example", SCENARIO_EXAMPLES, ids=lambda p: p.stem)
def test_body_text_is_ten_points_and_nothing_is_below_eight(example, lang: str) -> None:
    runs = type_sizes(rendered(example, lang, "pdf"))
    smallest = min(runs)
    assert smallest[0] >= 7.95, f"{example.name} {lang}: {smallest[1][:40]!r} at {smallest[0]:.2f} pt"
    for sentence in BODY[lang]:
        sizes = [size for size, text in runs if sentence in text]
        assert sizes and min(sizes) >= 9.95, (example.name, lang, sentence, sizes)


def reference_items(page: str) -> list[str]:
    """Return the text of each item of a brief's reference list, markup removed."""
    refs = page[page.index('<ol class="refs">'):]
    refs = refs[:refs.index("</ol>")]
    return [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li>(.*?)</li>", refs, flags=re.S)]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("example", SCENARIO_EXAMPLES, ids=lambda p: p.stem)
def test_a_reference_names_its_year_once(example, lang: str) -> None:
    for item in reference_items(rendered(example, lang, "html").decode("utf-8")):
        citation = item.split("http")[0]
        added = re.search(r" \(((?:19|20)\d\d)\)\.\s*$", citation)  # the year a reference gets at its end
        if added:  # ... only where the citation does not name it already ("2021 (2021)"); "2024/1689" is a number
            named = re.findall(r"(?<![\d/.:_-])(?:19|20)\d\d(?![\d/._-])", citation[:added.start()])
            assert added.group(1) not in named, item


@pytest.mark.parametrize("example", SCENARIO_EXAMPLES, ids=lambda p: p.stem)
def test_addresses_break_only_after_a_slash(example) -> None:
    page = rendered(example, "en", "html").decode("utf-8")
    links = re.findall(r'<a class="url" href="[^"]*">(.*?)</a>', page)
    assert links
    for link in links:
        assert all(before.endswith("/") for before in link.split("<wbr>")[:-1]), link
    text = pdf_text(rendered(example, "en", "pdf"))
    assert "ttps://" in text and not re.search(r"(?<!h)ttps://", text)


def test_eight_scenarios_give_what_if_tables_of_four_scenarios_each() -> None:
    page = brief_document(EIGHT, "en", "html").data.decode("utf-8")
    tables = re.findall(r'<table class="savings stack">(.*?)</table>', page, flags=re.S)
    heads = [re.findall(r'<th scope="col" class="num">', table) for table in tables]
    assert [len(h) for h in heads] == [4, 4]
    assert "CO₂e saved per option, continued" in tables[1]


FOOT, HEAD = 34.0, 31.0  # the page's bottom and top margins (12 mm, 11 mm), in points


def text_heights(page: object) -> list[float]:
    """Return the height above the paper's foot of each run of text on ``page``, in points."""
    heights: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            heights.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return heights


def empty_shares(pdf: bytes) -> list[float]:
    """Return, per page, the share of the type area below the page's lowest line of text (header and footer aside)."""
    shares = []
    for page in PdfReader(BytesIO(pdf)).pages:
        height = float(page.mediabox.height)
        body = [y for y in text_heights(page) if FOOT < y < height - HEAD] or [height - HEAD]
        shares.append((min(body) - FOOT) / (height - HEAD - FOOT))
    return shares


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("example", SCENARIO_EXAMPLES, ids=lambda p: p.stem)
def test_no_page_but_the_last_is_more_than_forty_percent_empty(example, lang: str) -> None:
    shares = empty_shares(rendered(example, lang, "pdf"))
    assert all(share <= 0.40 for share in shares[:-1]), (example.name, lang, [round(s, 2) for s in shares])


def words_split_without_hyphen(pdf: bytes) -> list[str]:
    """Return each word the PDF breaks across two lines without a hyphen ("O | ne"), found as a line that ends in
    a piece and a next line that starts with the rest, where the joined word is printed whole elsewhere and one
    piece is not a word of the document."""
    lines = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages).splitlines()
    words = re.findall(r"[^\W\d_]+", "\n".join(lines))
    counts = {word: words.count(word) for word in set(words)}
    split = []
    for line, following in itertools.pairwise(lines):
        end, start = re.search(r"([^\W\d_]+)$", line), re.match(r"([^\W\d_]+)", following)
        if end and start:
            head, tail = end.group(1), start.group(1)
            if counts.get(head + tail) and (counts[head] == 1 or counts[tail] == 1):
                split.append(f"{head}|{tail}")
    return split


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("example", SCENARIO_EXAMPLES, ids=lambda p: p.stem)
def test_no_word_is_broken_across_lines_without_a_hyphen(example, lang: str) -> None:
    assert words_split_without_hyphen(rendered(example, lang, "pdf")) == [], (example.name, lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("example", SCENARIO_EXAMPLES, ids=lambda p: p.stem)
def test_no_reference_leaves_its_number_with_a_single_word(example, lang: str) -> None:
    lines = "\n".join(page.extract_text() for page in PdfReader(BytesIO(rendered(example, lang, "pdf"))).pages)
    assert not re.findall(r"^\d{1,2}\. \S+$", lines, flags=re.M), (example.name, lang)
