"""Site build time per brief from 10 to 3,000 briefs: a build must be linear in the number of briefs.

Each size is a fresh folder of generated scenario files (those of ``benchmarks/site.py``) built once, HTML only,
in a fresh process (the real ``build_site``: load, compute, render, write, swap in). The time per brief from
100 briefs up must stay flat within 1.5x: as the build's total over the briefs, and as the added time per added
brief between sizes (the first counts the fixed cost of a build, reading data/ and writing the shared pages).
``--writer`` measures the part that was quadratic alone: the writer putting 1,000 to 30,000 files into one
folder (a site of 3,000 briefs holds about that many per language), time per file.
On a shared machine other jobs inflate wall time, so each build also records the CPU time of its process
(user + system, its worker processes included: the delta of ``RUSAGE_CHILDREN`` around the fresh process), its
peak memory and the load average before and after; flatness is judged on CPU seconds per brief.
Run: ``python benchmarks/site_scale.py [SIZES...]`` (default 10 100 300 1000 3000), ``... --writer``.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import resource
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
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "briefs": report.briefs, "pages": report.pages, "peak_mb": peak}))


def cpu_seconds() -> float:
    """Return the user + system CPU time of this process's finished (waited-for) children and theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(n: int) -> dict[str, float]:
    """Return the wall and CPU time of a first HTML-only build of ``n`` generated briefs, in a fresh process.

    The CPU time covers the whole process (start-up and imports too); the wall time is the build alone.
    """
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        _generate()(inputs, n)  # type: ignore[operator]
        load_before, cpu_before, wall_before = os.getloadavg()[0], cpu_seconds(), time.perf_counter()
        done = subprocess.run([sys.executable, __file__, "--one", str(inputs), str(Path(tmp) / "site")],
                              capture_output=True, text=True, check=True,
                              env={**os.environ, "SOURCE_DATE_EPOCH": "1795737600"})
        result = dict(json.loads(done.stdout.strip().splitlines()[-1]))
        result.update(cpu=cpu_seconds() - cpu_before, process_seconds=time.perf_counter() - wall_before,
                      load_before=load_before, load_after=os.getloadavg()[0])
        return result


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
        r = measure(n)
        rows.append((n, r["seconds"], r["cpu"]))
        print(f"{n:>6,} briefs: wall {r['seconds']:8.1f} s ({r['seconds'] / n * 1000:6.1f} ms per brief; process "
              f"{r['process_seconds']:.1f} s), CPU {r['cpu']:8.1f} s ({r['cpu'] / n * 1000:6.1f} ms per brief), "
              f"peak memory {r['peak_mb']:.0f} MB, load average {r['load_before']:.1f} -> {r['load_after']:.1f}, "
              f"{r['pages']:,} pages", flush=True)
    for (n1, w1, c1), (n2, w2, c2) in itertools.pairwise(rows):
        print(f"{n1:>6,} -> {n2:,} briefs: wall {(w2 - w1) / (n2 - n1) * 1000:6.1f} ms, "
              f"CPU {(c2 - c1) / (n2 - n1) * 1000:6.1f} ms per added brief")
    for label, column in (("CPU", 2), ("wall", 1)):
        per_brief = [row[column] / row[0] * 1000 for row in rows if row[0] >= 100]
        if len(per_brief) >= 2:
            ratio = max(per_brief) / min(per_brief)
            verdict = "flat" if ratio <= TARGET else "NOT flat"
            print(f"{label} time per brief from 100 briefs up: {min(per_brief):.1f} to {max(per_brief):.1f} ms, "
                  f"{ratio:.2f}x ({verdict}; target at most {TARGET}x{', judged on CPU' if label == 'CPU' else ''})")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        one(sys.argv[2], sys.argv[3])
    elif sys.argv[1:] == ["--writer"]:
        writer()
    else:
        main([int(a) for a in sys.argv[1:]] or list(SIZES))
