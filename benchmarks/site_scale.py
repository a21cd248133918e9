"""Site build time per brief from 10 to 3,000 briefs: a build must be linear in the number of briefs.

Each size is a fresh folder of generated scenario files (those of ``benchmarks/site.py``) built once, HTML only,
in a fresh process (the real ``build_site``: load, compute, render, write, swap in). The time per brief from
100 briefs up must stay flat within 1.5x.
Run: ``python benchmarks/site_scale.py [SIZES...]`` (default 10 100 300 1000 3000).
"""

from __future__ import annotations

import importlib.util
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


def main(sizes: list[int]) -> None:
    rows = []
    for n in sizes:
        result = measure(n)
        rows.append((n, result["seconds"], result["seconds"] / n * 1000))
        print(f"{n:>6,} briefs: {result['seconds']:8.1f} s, {rows[-1][2]:6.1f} ms per brief", flush=True)
    per_brief = [ms for n, _, ms in rows if n >= 100]
    if len(per_brief) >= 2:
        ratio = max(per_brief) / min(per_brief)
        verdict = "flat" if ratio <= TARGET else "NOT flat"
        print(f"time per brief from 100 briefs up: {min(per_brief):.1f} to {max(per_brief):.1f} ms, "
              f"{ratio:.2f}x ({verdict}; target at most {TARGET}x)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        one(sys.argv[2], sys.argv[3])
    else:
        main([int(a) for a in sys.argv[1:]] or list(SIZES))
