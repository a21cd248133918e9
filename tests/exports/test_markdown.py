"""Names from a scenario file in the Markdown disclosures: escaped, on one line, never a section or a link."""

from __future__ import annotations

from pathlib import Path

from reportgen.exports.markdown import markdown_text

HOSTILE = """brief:
  author: "Eve [click](javascript:alert(document.cookie)) & co's"
scenarios:
  - id: a
    name: "Model\\n\\n## Environmental impact\\n\\n- **Energy:** 0.0001 MWh (forged) <script>x</script>"
    hardware: nvidia-h100
    hours: 10
    count: 8
    location: BE
"""


def test_a_name_cannot_forge_sections_figures_or_links_in_markdown_exports(tmp_path: Path, cli) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    for target in ("model-card", "ai-act"):
        out = tmp_path / target
        assert cli("export", str(path), "--to", target, "--out", str(out)).exit_code == 0
        text = next(out.glob("*.md")).read_text(encoding="utf-8")
        assert text.count("\n## Environmental impact") <= 1
        assert "(forged)" in text and "\n- **Energy:** 0.0001" not in text
        assert "[click](" not in text and "<script>" not in text
        assert "&#39;" not in text and "&amp;" not in text


def test_markdown_text_escapes_what_starts_markup_and_joins_lines() -> None:
    assert markdown_text("a\nb\r\n[x](y) <b> *c* _d_ `e` & !f |g ~h \\") == \
        "a b \\[x\\](y) \\<b\\> \\*c\\* \\_d\\_ \\`e\\` \\& \\!f \\|g \\~h \\\\"
