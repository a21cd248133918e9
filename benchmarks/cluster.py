"""Time and peak memory of reading a centre's year: reportgen against pyarrow's own read of the same export.

Writes a year of ``sacct -a -P`` accounting (benchmarks/sacct_year.py; each job with its steps, about 3.5 lines
a job) and measures, each in a fresh process so that its peak memory is its own:

- pyarrow's own streaming read of the file (``pyarrow.csv.open_csv``, every column as text, nothing computed),
- pyarrow's own whole-file read (``pyarrow.csv.read_csv``), the engine's fastest way to the same columns,
- ``reportgen``'s read and computation (``compute_year``: every job's device-hours and energy, the sums per
  group, partition and month, and their ranges), as ``reportgen calc`` runs it.

    python benchmarks/cluster.py [--jobs 1000000] [--big 10000000] [--folder /tmp/reportgen-bench] [--big-only]

The large export is ten copies of the first's jobs where it has ten times as many.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from sacct_year import groups_csv, write_year  # noqa: E402

CLUSTER = """cluster:
  name: Benchmark centre
  location: BE
  pue: [1.3, 1.5]
  accounting: [{accounting}]
  groups: accounts.csv
  group_by: department
  partitions:
    gpu: {{hardware: nvidia-a100-80gb-sxm4, gpus_per_node: 4, host_power_w: 800}}
    gpu-v100: {{hardware: nvidia-v100-sxm2, gpus_per_node: 4, host_power_w: 600}}
    cpu: {{hardware: amd-epyc-7763, cpus_per_node: 2, cores_per_node: 128, host_power_w: 250}}
"""

STREAM = """
import pyarrow as pa, pyarrow.csv as pv, sys
names = open(sys.argv[1]).readline().rstrip("\\n").split("|")
reader = pv.open_csv(sys.argv[1], read_options=pv.ReadOptions(block_size=16 << 20, use_threads=False),
                     parse_options=pv.ParseOptions(delimiter="|", quote_char=False),
                     convert_options=pv.ConvertOptions(column_types={c: pa.string() for c in names}))
rows = sum(batch.num_rows for batch in reader)
print(rows)
"""
WHOLE = """
import pyarrow as pa, pyarrow.csv as pv, sys
names = open(sys.argv[1]).readline().rstrip("\\n").split("|")
table = pv.read_csv(sys.argv[1], parse_options=pv.ParseOptions(delimiter="|", quote_char=False),
                    convert_options=pv.ConvertOptions(column_types={c: pa.string() for c in names}))
print(table.num_rows)
"""
REPORTGEN = """
import sys
from reportgen.cluster_path import compute_year, load_cluster
from reportgen.reference import load_reference
ref = load_reference()
year = compute_year(load_cluster(sys.argv[1], ref), ref)
print(int(year.total["jobs"]))
"""


def measured(code: str, argument: Path) -> dict[str, float]:
    """Return the wall time (s) and peak resident memory (MiB) of running ``code`` in a fresh Python."""
    command = [sys.executable, "-c", "import resource, runpy, sys, time\n"
               "start = time.perf_counter()\n"
               f"exec(compile({code!r}, 'bench', 'exec'))\n"
               "sys.stderr.write(f'@@ {time.perf_counter() - start} "
               "{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}\\n')\n", str(argument)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds, peak = done.stderr.strip().splitlines()[-1].split()[1:]
    return {"seconds": round(float(seconds), 2), "peak_mib": round(float(peak), 1),
            "result": int(done.stdout.split()[-1])}


def year_file(folder: Path, jobs: int, copies_of: Path | None = None) -> tuple[Path, Path]:
    """Return an export of ``jobs`` jobs and a cluster file that reads it, writing them where missing.

    With ``copies_of`` (an export of a tenth as many jobs) the export is ten copies of its jobs: a centre ten times
    the size, written in the time it takes to copy the file.
    """
    folder.mkdir(parents=True, exist_ok=True)
    accounting = folder / f"sacct-{jobs}.txt"
    if not accounting.exists():
        start = time.perf_counter()
        lines = (_copies(copies_of, accounting.with_suffix(".part"), 10) if copies_of
                 else write_year(accounting.with_suffix(".part"), jobs))
        accounting.with_suffix(".part").rename(accounting)
        print(f"wrote {accounting} ({lines:,} lines, {accounting.stat().st_size / 2**20:,.0f} MiB) in "
              f"{time.perf_counter() - start:.0f} s", file=sys.stderr)
    (folder / "accounts.csv").write_text(groups_csv(), encoding="utf-8")
    cluster = folder / f"centre-{jobs}.yaml"
    cluster.write_text(CLUSTER.format(accounting=accounting.name), encoding="utf-8")
    return accounting, cluster


def _copies(source: Path, out: Path, times: int) -> int:
    """Write ``times`` copies of an export's lines under its one header; return the lines written."""
    with source.open("rb") as handle:
        header, body = handle.readline(), handle.read()
    with out.open("wb") as target:
        target.write(header)
        for _ in range(times):
            target.write(body)
    return 1 + times * body.count(b"\n")


def main() -> None:
    """Measure the read of a year of 10^6 jobs three ways and reportgen's read of 10^7; print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--jobs", type=int, default=1_000_000)
    parser.add_argument("--big", type=int, default=10_000_000, help="0 skips the large run")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/reportgen-bench"))
    parser.add_argument("--big-only", action="store_true", help="measure the large run only")
    args = parser.parse_args()
    accounting, cluster = year_file(args.folder, args.jobs)
    report: dict[str, object] = {"jobs": args.jobs, "lines": sum(1 for _ in accounting.open("rb")),
                                 "mib": round(accounting.stat().st_size / 2**20, 1), "cores": _cores()}
    if not args.big_only:
        report["pyarrow_stream"] = measured(STREAM, accounting)
        report["pyarrow_whole"] = measured(WHOLE, accounting)
        report["reportgen"] = measured(REPORTGEN, cluster)
        print(json.dumps(report), flush=True)
    if args.big:
        copies = accounting if args.big == 10 * args.jobs else None
        accounting, cluster = year_file(args.folder, args.big, copies)
        big = {"jobs": args.big, "mib": round(accounting.stat().st_size / 2**20, 1),
               "pyarrow_stream": measured(STREAM, accounting), "reportgen": measured(REPORTGEN, cluster)}
        print(json.dumps(big), flush=True)


def _cores() -> int:
    """Return the cores this process may run on."""
    import os

    return len(os.sched_getaffinity(0))


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
