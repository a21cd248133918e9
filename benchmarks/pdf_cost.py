"""What a PDF costs, before and after: one brief as a command, and the site's PDFs on two worker processes.

"Before" is the code of a git revision (default: the last one before the PDF work), extracted with
``git archive`` into a temporary folder; "after" is this working tree. Both run as fresh commands, turn
about, in one run, on the same examples, so the ratio does not depend on how busy the machine is.
With ``--profile`` it also prints where the time of one render goes in this tree.

Run: ``python benchmarks/pdf_cost.py [--baseline REV] [--repeats N] [--profile]``.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "8887073"  # main before the PDF work: CSS columns, automatic table layouts, a stylesheet per document
BRIEF = ROOT / "examples" / "strubell2019.yaml"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1795737600"}
# Where a render spends its time: WeasyPrint's functions, named by a part of their qualified name.
PHASES = {
    "multi-column layout (CSS columns)": "layout/column.py:9(columns_layout)",
    "automatic table layout": "layout/table.py:712(auto_table_layout)",
    "line breaking (Pango)": "text/line_break.py:242(split_first_line)",
    "drawing the pages": "weasyprint/document.py:83(paint)",
    "writing the PDF": "weasyprint/document.py:303(write_pdf)",
    "style cascade": "css/__init__.py:1866(get_all_computed_styles)",
}


def extract(revision: str, into: Path) -> Path:
    """Return a folder holding the tree of ``revision``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def brief_seconds(tree: Path, out: Path) -> float:
    """Return the wall-clock seconds of ``reportgen brief`` (Dutch PDF) run from ``tree``."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reportgen", "brief", str(BRIEF), "--lang", "nl", "--out", str(out)],
                   cwd=tree, env=ENV, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def site_pdfs_per_second(tree: Path, out: Path) -> tuple[float, int]:
    """Return the PDFs per second of a first site build of the examples on two workers, and how many."""
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reportgen", "site", str(ROOT / "examples"), "--out", str(out),
                    "--jobs", "2"], cwd=tree, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    pdfs = len(list(out.rglob("*.pdf")))
    return pdfs / seconds, pdfs


def profile(tree: Path, label: str) -> None:
    """Print the share of one render's time that each phase takes, with the code of ``tree``."""
    sys.path.insert(0, str(tree))
    from reportgen.pipeline import brief_document

    brief_document(BRIEF, "nl", "pdf")  # imports, fonts and the stylesheet, once
    profiler = cProfile.Profile()
    profiler.enable()
    brief_document(BRIEF, "nl", "pdf")
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = max(cumulative for _, _, _, cumulative, _ in stats.values())
    print(f"\nOne render of {BRIEF.name} (nl), {label}, in one process after a first one, under the profiler: "
          f"{total:.2f} s")
    for phase, name in PHASES.items():
        seconds = sum(v[3] for (file, line, func), v in stats.items() if name in f"{file}:{line}({func})")
        print(f"  {phase:<36} {seconds:6.2f} s  {seconds / total:5.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-tree", nargs=2, help=argparse.SUPPRESS)  # internal: TREE LABEL
    args = parser.parse_args()
    if args.profile_tree:
        profile(Path(args.profile_tree[0]), args.profile_tree[1])
        return
    with tempfile.TemporaryDirectory() as tmp:
        before = extract(args.baseline, Path(tmp) / "before")
        trees = {"before": before, "after": ROOT}
        times: dict[str, list[float]] = {name: [] for name in trees}
        for name, tree in trees.items():  # a first run of each warms the disk cache and the font cache
            brief_seconds(tree, Path(tmp) / name)
        for _ in range(args.repeats):
            for name, tree in trees.items():
                times[name].append(brief_seconds(tree, Path(tmp) / name))
        b, a = statistics.median(times["before"]), statistics.median(times["after"])
        print(f"`reportgen brief {BRIEF.name} --lang nl` (PDF), fresh commands, median of {args.repeats}:")
        print(f"  before ({args.baseline}) {b:.2f} s, after {a:.2f} s, ratio {a / b:.2f} (target <= 0.7)")
        rates = {name: site_pdfs_per_second(tree, Path(tmp) / f"site-{name}") for name, tree in trees.items()}
        (rb, nb), (ra, na) = rates["before"], rates["after"]
        print(f"`reportgen site examples --jobs 2`, first build: before {rb:.2f} PDFs/s ({nb} PDFs), "
              f"after {ra:.2f} PDFs/s ({na} PDFs), {ra / rb:.2f}x")
        if args.profile:  # each tree in a process of its own, importing its own code
            for name, tree in trees.items():
                label = f"before ({args.baseline})" if name == "before" else "after"
                subprocess.run([sys.executable, __file__, "--profile-tree", str(tree), label], cwd=tree, env=ENV,
                               check=True)


if __name__ == "__main__":
    main()
