"""The examples' briefs as HTML, compared with the golden files in tests/golden/<lang>/.

After an intended change to a brief, rewrite them with ``make golden`` (``pytest --update-golden``)
and review the diff before committing it.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from reportgen.pipeline import brief_document
from reportgen.resources import languages

from ..conftest import SCENARIO_EXAMPLES

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
EPOCH = "1795737600"  # 2026-11-27
CASES = [(path, lang) for path in SCENARIO_EXAMPLES for lang in languages()]


@pytest.mark.parametrize(("path", "lang"), CASES, ids=[f"{p.stem}-{lang}" for p, lang in CASES])
def test_brief_html_matches_its_golden_file(path: Path, lang: str, update_golden: bool,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    html = brief_document(path, lang, "html").data.decode("utf-8")
    golden = GOLDEN / lang / f"{path.stem}.html"
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(html, encoding="utf-8")
        return
    assert golden.is_file(), f"no golden file {golden}; create it with `make golden`"
    expected = golden.read_text(encoding="utf-8")
    if html != expected:
        diff = "".join(list(difflib.unified_diff(expected.splitlines(keepends=True), html.splitlines(keepends=True),
                                                 f"golden/{lang}/{golden.name}", "rendered"))[:60])
        pytest.fail(f"the brief differs from its golden file (if intended: make golden):\n{diff}")


def test_every_golden_file_belongs_to_an_example() -> None:
    expected = {f"{lang}/{path.stem}.html" for path, lang in CASES}
    found = {f"{p.parent.name}/{p.name}" for p in GOLDEN.glob("*/*.html")}
    assert found == expected
