"""Build a site of generated scenario files and record time and peak memory.

Measures, each in a fresh process so that peak memory is its own: HTML only (first build and no-change
rebuild), and with PDFs on 1 and on 2 worker processes (first build) plus the no-change rebuild.
Run: ``python benchmarks/site.py [N_FILES]`` (default 100).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

REGIONS = ("BE", "NL", "DE", "FR", "SE", "US", "gcp:europe-west4", "gcp:europe-west1", "aws:eu-west-1",
           "azure:westeurope")
LOAD_FILES = 1000
HARDWARE = ("nvidia-a100-80gb", "nvidia-h100", "nvidia-v100", "nvidia-l4", "nvidia-p100", "google-tpu-v3")


def generate(folder: Path, n: int, seed: int = 7) -> None:
    """Write ``n`` valid scenario files of one to five scenarios each into ``folder``."""
    rng = np.random.default_rng(seed)
    for i in range(n):
        scenarios = [{
            "id": f"run-{j}", "name": {"en": f"Training run {j}", "nl": f"Trainingsrun {j}"},
            "hardware": str(rng.choice(HARDWARE)), "count": int(rng.integers(1, 257)),
            "hours": float(round(rng.uniform(1, 800), 1)), "utilisation": float(round(rng.uniform(0.5, 1), 2)),
            "location": str(rng.choice(REGIONS)), "runs": int(rng.integers(1, 30)),
        } for j in range(int(rng.integers(1, 6)))]
        doc = {"brief": {"title": {"en": f"Generated brief {i}", "nl": f"Gegenereerde nota {i}"},
                         "date": "2026-11-27"}, "scenarios": scenarios}
        (folder / f"brief-{i:03d}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")


def one(inputs: str, out: str, pdf: bool, jobs: int) -> None:
    """Build once in this process and print the timing and peak memory as JSON."""
    from reportgen.publish import SiteConfig, build_site

    start = time.perf_counter()
    report = build_site(SiteConfig(inputs=(Path(inputs),), out=Path(out), pdf=pdf, jobs=jobs))
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "pages": report.pages, "rendered": report.rendered,
                      "pdfs": report.pdfs_rendered, "peak_mb": own / 1024, "worker_peak_mb": children / 1024}))


def run(inputs: Path, out: Path, pdf: bool, jobs: int) -> dict[str, float]:
    """Return the measurements of one build in a fresh process."""
    done = subprocess.run([sys.executable, __file__, "--one", str(inputs), str(out), str(int(pdf)), str(jobs)],
                          capture_output=True, text=True, check=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1795737600"})
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        inputs, root = Path(tmp) / "in", Path(tmp)
        inputs.mkdir()
        generate(inputs, n)
        rows = []
        html = run(inputs, root / "html", False, 1)
        html_again = run(inputs, root / "html", False, 1)
        rows.append(("HTML only, first build", html))
        rows.append(("HTML only, no-change rebuild", html_again))
        pdf1 = run(inputs, root / "pdf1", True, 1)
        rows.append(("with PDFs, 1 process", pdf1))
        pdf2 = run(inputs, root / "pdf2", True, 2)
        rows.append(("with PDFs, 2 processes", pdf2))
        pdf_again = run(inputs, root / "pdf2", True, 2)
        rows.append(("with PDFs, no-change rebuild", pdf_again))
        shutil.rmtree(root / "html", ignore_errors=True)
        load_inputs = Path(tmp) / "load"
        load_inputs.mkdir()
        generate(load_inputs, LOAD_FILES, seed=11)
        load = run(load_inputs, root / "load-site", False, 1)
    print(f"{n} scenario files, 2 languages, on {os.cpu_count()} cores")
    print(f"{'build':32} {'time':>9} {'pages':>6} {'PDFs':>5} {'peak MB':>8} {'worker MB':>10}")
    for label, r in rows:
        print(f"{label:32} {r['seconds']:8.2f}s {r['pages']:6.0f} {r['pdfs']:5.0f} {r['peak_mb']:8.0f} "
              f"{r['worker_peak_mb']:10.0f}")
    print(f"{'load: ' + str(LOAD_FILES) + ' files, HTML only':32} {load['seconds']:8.2f}s {load['pages']:6.0f} "
          f"{load['pdfs']:5.0f} {load['peak_mb']:8.0f} {load['worker_peak_mb']:10.0f}")
    print(f"HTML pages per second (first build): {html['pages'] / html['seconds']:.0f} (target >= 100)")
    print(f"PDF speed-up on 2 processes: {pdf1['seconds'] / pdf2['seconds']:.2f}x (target >= 1.7x)")
    print(f"no-change rebuild: {100 * html_again['seconds'] / html['seconds']:.1f}% of the HTML build, "
          f"{100 * pdf_again['seconds'] / pdf2['seconds']:.1f}% of the PDF build (target < 5%)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        one(sys.argv[2], sys.argv[3], sys.argv[4] == "1", int(sys.argv[5]))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
