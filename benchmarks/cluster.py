"""Time and peak memory of reading a centre's year: reportgen against pyarrow's own read of the same export.

Writes a year of ``sacct -a -P`` accounting (benchmarks/sacct_year.py; each job with its steps, about 3.5 lines
a job) and measures, each in a fresh process so that its peak memory is its own:

- pyarrow's own streaming read of the file (``pyarrow.csv.open_csv``, every column as text, nothing computed),
- pyarrow's own whole-file read (``pyarrow.csv.read_csv``), the engine's fastest way to the same columns,
- ``reportgen``'s read and computation (``compute_year``: every job's device-hours and energy, the sums per
  group, partition and month, and their ranges), as ``reportgen calc`` runs it;
- with ``--engines PYTHON`` (a Python with pyarrow, Polars and DuckDB), the core of that work in each engine
  alone: steps left out, GPUs parsed from ``AllocTRES``, GPU-hours summed per account, partition and month.

    python benchmarks/cluster.py [--jobs 1000000] [--big 10000000] [--folder /tmp/reportgen-bench] [--big-only]
                                 [--engines /path/to/python]

The large export is ten copies of the first's jobs where it has ten times as many. Each measurement gives its
wall time, the CPU time (user and system) of its process from ``getrusage(RUSAGE_CHILDREN)``, its peak resident
memory, and the machine's load average before and after: on a shared machine the wall time grows with the
others' work, the CPU time much less. Run it under ``flock /work/bench.lock`` where others benchmark too.
"""

from __future__ import annotations

import argparse
import json
import os
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
# The same sums in each engine: allocations only, GPUs from AllocTRES (untyped, else typed), GPU-hours per
# account, partition and month; each prints the allocations it counted.
SUMS = {
    "pyarrow": r"""
import pyarrow as pa, pyarrow.csv as pv, pyarrow.compute as pc, sys
cols = ["JobID", "Account", "Partition", "Start", "ElapsedRaw", "AllocTRES"]
reader = pv.open_csv(sys.argv[1], read_options=pv.ReadOptions(block_size=16 << 20, use_threads=False),
                     parse_options=pv.ParseOptions(delimiter="|", quote_char=False),
                     convert_options=pv.ConvertOptions(include_columns=cols, column_types={c: pa.string() for c in cols}))
def gpus(tres, pattern):
    return pc.cast(pc.struct_field(pc.extract_regex(tres, pattern), [0]), pa.int64())
sums = []
for batch in reader:
    t = pa.Table.from_batches([batch])
    t = t.filter(pc.invert(pc.match_substring(t["JobID"], ".")))
    n = pc.coalesce(gpus(t["AllocTRES"], r"gres/gpu=(?P<n>\d+)"), gpus(t["AllocTRES"], r"gres/gpu:[^=,]+=(?P<n>\d+)"), 0)
    hours = pc.multiply(pc.cast(n, pa.float64()), pc.divide(pc.cast(t["ElapsedRaw"], pa.float64()), 3600))
    t = pa.table({"a": t["Account"], "p": t["Partition"], "m": pc.utf8_slice_codeunits(t["Start"], 0, 7), "h": hours})
    sums.append(t.group_by(["a", "p", "m"]).aggregate([("h", "sum"), ("h", "count")]))
total = pa.concat_tables(sums).group_by(["a", "p", "m"]).aggregate([("h_sum", "sum"), ("h_count", "sum")])
print(pc.sum(total["h_count_sum"]).as_py())
""",
    "polars": r"""
import polars as pl, sys
tres = pl.col("AllocTRES")
query = (pl.scan_csv(sys.argv[1], separator="|", quote_char=None, infer_schema=False)
         .filter(~pl.col("JobID").str.contains(".", literal=True))
         .select(pl.col("Account"), pl.col("Partition"), pl.col("Start").str.slice(0, 7).alias("m"),
                 (pl.coalesce(tres.str.extract(r"gres/gpu=(\d+)").cast(pl.Int64),
                              tres.str.extract(r"gres/gpu:[^=,]+=(\d+)").cast(pl.Int64), pl.lit(0))
                  * pl.col("ElapsedRaw").cast(pl.Float64) / 3600).alias("h"))
         .group_by("Account", "Partition", "m").agg(pl.col("h").sum(), pl.len().alias("jobs")))
print(int(query.collect(engine="streaming")["jobs"].sum()))
""",
    "duckdb": r'''
import duckdb, sys
rows = duckdb.sql(r"""
SELECT Account, Partition, substr(Start, 1, 7) AS m, count(*) AS jobs,
  sum(coalesce(try_cast(regexp_extract(AllocTRES, 'gres/gpu=(\d+)', 1) AS BIGINT),
               try_cast(regexp_extract(AllocTRES, 'gres/gpu:[^=,]+=(\d+)', 1) AS BIGINT), 0)
      * CAST(ElapsedRaw AS DOUBLE) / 3600) AS h
FROM read_csv($path, delim = '|', quote = '', escape = '', header = true, all_varchar = true)
WHERE NOT contains(JobID, '.')
GROUP BY ALL""", params={"path": sys.argv[1]}).fetchall()
print(sum(r[3] for r in rows))
''',
}
REPORTGEN = """
import sys
from reportgen.cluster_path import compute_year, load_cluster
from reportgen.reference import load_reference
ref = load_reference()
year = compute_year(load_cluster(sys.argv[1], ref), ref)
print(int(year.total["jobs"]))
"""


# The child's peak resident memory is its VmHWM: after a fork, ru_maxrss starts at the parent's peak.
PEAK = """def _peak_kib():
    with open('/proc/self/status') as status:
        return next(int(line.split()[1]) for line in status if line.startswith('VmHWM:'))"""


def measured(code: str, argument: Path, python: str = sys.executable) -> dict[str, float]:
    """Return the wall time (s), CPU time (s), peak resident memory (MiB) and load averages of running ``code``
    in a fresh Python; the wall time is the child's own, from its start to its end."""
    command = [python, "-c", "import sys, time\n"
               f"{PEAK}\n"
               "start = time.perf_counter()\n"
               f"exec(compile({code!r}, 'bench', 'exec'))\n"
               "sys.stderr.write(f'@@ {time.perf_counter() - start} "
               "{_peak_kib() / 1024}\\n')\n", str(argument)]
    load_before, before = os.getloadavg()[0], resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    after, load_after = resource.getrusage(resource.RUSAGE_CHILDREN), os.getloadavg()[0]
    seconds, peak = done.stderr.strip().splitlines()[-1].split()[1:]
    return {"seconds": round(float(seconds), 2),
            "cpu_user_s": round(after.ru_utime - before.ru_utime, 2),
            "cpu_system_s": round(after.ru_stime - before.ru_stime, 2),
            "peak_mib": round(float(peak), 1), "load_before": round(load_before, 2),
            "load_after": round(load_after, 2), "result": int(done.stdout.split()[-1])}


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
    lines = 1
    with source.open("rb") as handle, out.open("wb") as target:
        target.write(handle.readline())
        body = handle.tell()
        for _ in range(times):  # in blocks: this process's memory stays small, as its children's peaks are read
            handle.seek(body)
            while block := handle.read(16 << 20):
                target.write(block)
                lines += block.count(b"\n")
    return lines


def main() -> None:
    """Measure the read of a year of 10^6 jobs three ways and reportgen's read of 10^7; print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--jobs", type=int, default=1_000_000)
    parser.add_argument("--big", type=int, default=10_000_000, help="0 skips the large run")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/reportgen-bench"))
    parser.add_argument("--big-only", action="store_true", help="measure the large run only")
    parser.add_argument("--engines", default=None, help="a Python with pyarrow, polars and duckdb: time the sums "
                        "in each engine alone on the smaller export")
    args = parser.parse_args()
    accounting, cluster = year_file(args.folder, args.jobs)
    report: dict[str, object] = {"jobs": args.jobs, "lines": sum(1 for _ in accounting.open("rb")),
                                 "mib": round(accounting.stat().st_size / 2**20, 1), "cores": _cores(),
                                 "load_average": [round(x, 2) for x in os.getloadavg()]}
    if not args.big_only:
        report["pyarrow_stream"] = measured(STREAM, accounting)
        report["pyarrow_whole"] = measured(WHOLE, accounting)
        report["reportgen"] = measured(REPORTGEN, cluster)
        for engine, code in SUMS.items() if args.engines else ():
            report[f"{engine}_sums"] = measured(code, accounting, args.engines)
        print(json.dumps(report), flush=True)
    if args.big:
        copies = accounting if args.big == 10 * args.jobs else None
        accounting, cluster = year_file(args.folder, args.big, copies)
        big = {"jobs": args.big, "mib": round(accounting.stat().st_size / 2**20, 1),
               "pyarrow_stream": measured(STREAM, accounting), "reportgen": measured(REPORTGEN, cluster)}
        print(json.dumps(big), flush=True)


def _cores() -> int:
    """Return the cores this process may run on."""
    return len(os.sched_getaffinity(0))


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
