"""Site build time per brief from 10 to 3,000 briefs: a build must be linear in the number of briefs.

Each size is a fresh folder of generated scenario files (those of ``benchmarks/site.py``) built once, HTML only,
in a fresh process (the real ``build_site``: load, compute, render, write, swap in). The time per brief from
100 briefs up must stay flat within 1.5x: as the build's total over the briefs, and as the added time per added
brief between sizes (the first counts the fixed cost of a build, reading data/ and writing the shared pages).
``--writer`` measures the part that was quadratic alone: the writer putting 1,000 to 30,000 files into one
folder (a site of 3,000 briefs holds about that many per language), time per file.
Run: ``python benchmarks/site_scale.py [SIZES...]`` (default 10 100 300 1000 3000), ``... --writer``.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = (10, 100, 300, 1000, 3000)
TARGET = 1.5  # the slowest time per brief from 100 briefs up, over the fastest


def _generate() -> object:
    """Return benchmarks/site.py's generator of scenario files (the module's name clashes with Python's site)."""
    spec = importlib.util.spec_from_file_location("site_benchmark", Path(__file__).with_name("site.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def one(inputs: str, out: str) -> None:
    """Build once in this process and print the timing as JSON."""
    from reportgen.publish import SiteConfig, build_site

    start = time.perf_counter()
    report = build_site(SiteConfig(inputs=(Path(inputs),), out=Path(out), pdf=False, jobs=1))
    print(json.dumps({"seconds": time.perf_counter() - start, "briefs": report.briefs, "pages": report.pages}))


def measure(n: int) -> dict[str, float]:
    """Return the time of a first HTML-only build of ``n`` generated briefs, in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        _generate()(inputs, n)  # type: ignore[operator]
        done = subprocess.run([sys.executable, __file__, "--one", str(inputs), str(Path(tmp) / "site")],
                              capture_output=True, text=True, check=True,
                              env={**os.environ, "SOURCE_DATE_EPOCH": "1795737600"})
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def writer(sizes: tuple[int, ...] = (1000, 3000, 10000, 30000)) -> None:
    """Print the writer's time per file for ever more files in one folder."""
    from reportgen.files import Document, Output
    from reportgen.publish.writer import Writer

    per_file = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            documents = [Document(Output.at("en", f"brief-{i:05d}.html"), b"<html></html>") for i in range(n)]
            start = time.perf_counter()
            Writer(Path(tmp)).write_all(documents)
            per_file.append((time.perf_counter() - start) / n * 1e6)
        print(f"{n:>6,} files in one folder: {per_file[-1]:6.0f} µs per file", flush=True)
    print(f"slowest over fastest: {max(per_file) / min(per_file):.2f}x (target at most {TARGET}x)")


def main(sizes: list[int]) -> None:
    rows = []
    for n in sizes:
        result = measure(n)
        rows.append((n, result["seconds"], result["seconds"] / n * 1000))
        print(f"{n:>6,} briefs: {result['seconds']:8.1f} s, {rows[-1][2]:6.1f} ms per brief", flush=True)
    for (n1, t1, _), (n2, t2, _) in itertools.pairwise(rows):
        print(f"{n1:>6,} -> {n2:,} briefs: {(t2 - t1) / (n2 - n1) * 1000:6.1f} ms per added brief")
    per_brief = [ms for n, _, ms in rows if n >= 100]
    if len(per_brief) >= 2:
        ratio = max(per_brief) / min(per_brief)
        verdict = "flat" if ratio <= TARGET else "NOT flat"
        print(f"time per brief from 100 briefs up: {min(per_brief):.1f} to {max(per_brief):.1f} ms, "
              f"{ratio:.2f}x ({verdict}; target at most {TARGET}x)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        one(sys.argv[2], sys.argv[3])
    elif sys.argv[1:] == ["--writer"]:
        writer()
    else:
        main([int(a) for a in sys.argv[1:]] or list(SIZES))
