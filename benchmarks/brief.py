"""Time ``reportgen brief`` for one example against WeasyPrint alone rendering the same final HTML.

The floor is what the engine needs for this very document: the same HTML string, the same base URL,
fetcher and PDF options. The ratio says what reportgen adds (loading, validating, computing, templating).
Run: ``python benchmarks/brief.py [EXAMPLE] [REPEATS]``.
"""

from __future__ import annotations

import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from weasyprint import HTML

from reportgen.pipeline import brief_document, compute, load, views
from reportgen.reference import load_reference
from reportgen.render import AssetFetcher, make_env, render_brief_html
from reportgen.resources import templates_dir

ROOT = Path(__file__).resolve().parents[1]


def final_html(example: Path, lang: str) -> str:
    """Return the exact HTML that reportgen hands to WeasyPrint for this example."""
    ref = load_reference()
    scenario_files = load([example], ref)
    return render_brief_html(views(scenario_files[0], compute(scenario_files, ref)[0], ref, (lang,))[lang],
                             make_env(lang))


def weasyprint_only(html: str) -> bytes:
    """Return the PDF of ``html`` rendered by WeasyPrint alone, with reportgen's options."""
    base_url = templates_dir().resolve().as_uri() + "/"
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    document = HTML(string=html, base_url=base_url, url_fetcher=AssetFetcher()).render()
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier, custom_metadata=True)


def timed(fn, repeats: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Return the wall-clock seconds of ``repeats`` calls of ``fn``."""
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main(example: Path, repeats: int) -> None:
    os.environ["SOURCE_DATE_EPOCH"] = "1795737600"
    html = final_html(example, "nl")
    weasyprint_only(html)  # warm both paths: fonts, caches, imports
    brief_document(example, "nl", "pdf")
    floor = timed(lambda: weasyprint_only(html), repeats)
    ours = timed(lambda: brief_document(example, "nl", "pdf"), repeats)
    f, o = statistics.median(floor), statistics.median(ours)
    print(f"{example.name} (nl, PDF), in one process, median of {repeats}: reportgen {o:.2f} s, "
          f"WeasyPrint alone on the same HTML {f:.2f} s, ratio {o / f:.2f}x (target <= 1.3x)")
    with tempfile.TemporaryDirectory() as tmp:
        html_file = Path(tmp) / "brief.html"
        html_file.write_text(html, encoding="utf-8")
        base_url = templates_dir().resolve().as_uri() + "/"
        floor_cmd = [sys.executable, "-c", _FLOOR_SCRIPT, str(html_file), str(Path(tmp) / "floor.pdf"), base_url]
        ours_cmd = [sys.executable, "-m", "reportgen", "brief", str(example), "--lang", "nl", "--out", tmp]
        floor = timed(lambda: subprocess.run(floor_cmd, check=True), repeats)
        ours = timed(lambda: subprocess.run(ours_cmd, check=True, stdout=subprocess.DEVNULL), repeats)
    f, o = statistics.median(floor), statistics.median(ours)
    print(f"{example.name} (nl, PDF), as commands, median of {repeats}: `reportgen brief` {o:.2f} s, "
          f"a WeasyPrint-only script on the same HTML {f:.2f} s, ratio {o / f:.2f}x")


# The engine's floor as a command: start Python, import WeasyPrint only, render the saved HTML with the
# same base URL and PDF options (WeasyPrint's own fetcher: it finds the same local fonts and stylesheet).
_FLOOR_SCRIPT = """
import hashlib, sys
from pathlib import Path
from weasyprint import HTML
html = Path(sys.argv[1]).read_text(encoding="utf-8")
ident = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
HTML(string=html, base_url=sys.argv[3]).render().write_pdf(
    sys.argv[2], pdf_variant="pdf/ua-1", pdf_identifier=ident, custom_metadata=True)
"""


if __name__ == "__main__":
    arg = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples" / "strubell2019.yaml"
    main(arg, int(sys.argv[2]) if len(sys.argv) > 2 else 5)
