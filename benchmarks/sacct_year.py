"""Write a realistic year of a university cluster as ``sacct -a -P`` would export it, for the example and the benchmark.

Departments with projects and users, GPU partitions of two generations and a CPU partition, array jobs, a few
heterogeneous jobs, steps (``.batch``, ``.extern``, ``.0``), failures, timeouts, jobs cancelled by a user, jobs
still running at the end of the year (End ``Unknown``), typed and untyped GPU counts. Seeded: the same arguments
always write the same file.

    python benchmarks/sacct_year.py OUT.txt --jobs 1000000 [--groups GROUPS.csv] [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import numpy as np

HEADER = "JobID|JobName|User|Account|Partition|State|Start|End|ElapsedRaw|AllocTRES|NNodes|ConsumedEnergyRaw"
# department, its accounts (projects), users per account, share of the GPU work, funder
DEPARTMENTS = (
    ("Computer Science", ("cs-nlp", "cs-vision", "cs-theory"), (9, 7, 3), 0.34, "FWO"),
    ("Physics", ("phys-astro", "phys-materials"), (6, 5), 0.18, "FWO"),
    ("Bioscience", ("bio-genomics", "bio-imaging"), (8, 4), 0.16, "ERC"),
    ("Engineering", ("eng-cfd", "eng-robotics"), (6, 5), 0.14, "VLAIO"),
    ("Medicine", ("med-imaging",), (7,), 0.10, "FWO"),
    ("Economics", ("econ-models",), (5,), 0.05, "BOF"),
    ("Linguistics", ("ling-corpus",), (3,), 0.02, "BOF"),  # three users: merged into "other" in every output
    ("Philosophy", ("phil-digital",), (2,), 0.01, "BOF"),  # two users: likewise
)
PARTITIONS = (("gpu", 4, "a100", 0.62), ("gpu-v100", 4, "v100", 0.23), ("cpu", 0, "", 0.15))
STATES = ("COMPLETED", "FAILED", "TIMEOUT", "OUT_OF_MEMORY", "CANCELLED", "NODE_FAIL")
STATE_P = (0.74, 0.09, 0.06, 0.03, 0.075, 0.005)
YEAR_START = dt.datetime(2025, 1, 1)
SECONDS = 365 * 24 * 3600


def groups_csv() -> str:
    """Return the account table: account, department, project, funder."""
    lines = ["account,department,project,funder"]
    for department, accounts, _users, _share, funder in DEPARTMENTS:
        lines += [f"{a},{department},{a.split('-', 1)[1]},{funder}" for a in accounts]
    return "\n".join(lines) + "\n"


def _accounts() -> tuple[list[str], list[list[str]], np.ndarray]:
    """Return the accounts, the users of each and each account's share of jobs."""
    names, users, shares = [], [], []
    for _department, accounts, counts, share, _funder in DEPARTMENTS:
        for account, count in zip(accounts, counts, strict=True):
            names.append(account)
            users.append([f"{account.split('-')[0]}{account[-3:]}u{i:02d}" for i in range(count)])
            shares.append(share / len(accounts))
    return names, users, np.asarray(shares) / sum(shares)


def _stamp(seconds: np.ndarray) -> np.ndarray:
    """Return Slurm timestamps (2025-03-01T12:00:00) for seconds after the start of the year."""
    base = np.datetime64(YEAR_START.isoformat(), "s")
    return np.datetime_as_string(base + seconds.astype("timedelta64[s]"), unit="s")


def write_year(path: Path, jobs: int, seed: int = 7, chunk: int = 200_000) -> int:
    """Write ``jobs`` jobs (with their steps) to ``path`` and return the number of lines written."""
    rng = np.random.default_rng(seed)
    accounts, users, shares = _accounts()
    written = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\n")
        written += 1
        next_id = 1_000_000
        for start in range(0, jobs, chunk):
            n = min(chunk, jobs - start)
            lines = _chunk(rng, n, next_id, accounts, users, shares)
            next_id += n
            out.write("\n".join(lines) + "\n")
            written += len(lines)
    return written


def _chunk(rng: np.random.Generator, n: int, first_id: int, accounts: list[str], users: list[list[str]],
           shares: np.ndarray) -> list[str]:
    """Return the lines of ``n`` jobs: each allocation followed by its steps."""
    account = rng.choice(len(accounts), n, p=shares)
    partition = rng.choice(len(PARTITIONS), n, p=[p[3] for p in PARTITIONS])
    state = rng.choice(len(STATES), n, p=STATE_P)
    month_weight = 1.0 + 0.25 * np.cos(np.arange(12) / 12 * 2 * np.pi)  # busier in winter, quieter in summer
    month = rng.choice(12, n, p=month_weight / month_weight.sum())
    start = (month * SECONDS / 12 + rng.random(n) * SECONDS / 12).astype(np.int64)
    elapsed = np.minimum(rng.lognormal(9.6, 1.3, n), 72 * 3600).astype(np.int64) + 30
    elapsed = np.where(STATES.index("FAILED") == state, elapsed // 6, elapsed)
    running = start + elapsed > SECONDS - 2 * 86400
    gpus = rng.choice([1, 1, 1, 2, 4, 4, 8], n)
    cores = rng.choice([1, 4, 8, 16, 32, 64, 128], n)
    starts, ends = _stamp(start), _stamp(start + elapsed)
    array = rng.random(n) < 0.2
    het = (rng.random(n) < 0.005) & (partition == 2)
    lines = []
    for i in range(n):
        job = first_id + i
        _, gpu_count, gpu_type, _ = PARTITIONS[partition[i]]
        acct = accounts[account[i]]
        user = users[account[i]][int(rng.integers(len(users[account[i]])))]
        job_id = f"{job // 10}_{job % 10}" if array[i] else str(job)
        state_text = STATES[state[i]] + (f" by {5000 + account[i]}" if STATES[state[i]] == "CANCELLED" else "")
        end = ends[i]
        if running[i]:
            state_text, end = "RUNNING", "Unknown"
        nodes = max(1, int(gpus[i]) // gpu_count) if gpu_count else 1
        if gpu_count:
            count = int(gpus[i])
            gres = (f"gres/gpu:{gpu_type}={count},gres/gpu={count}" if i % 3 else f"gres/gpu:{gpu_type}={count}")
            tres = f"billing={count * 8},cpu={count * 8},{gres},mem={count * 64}G,node={nodes}"
        else:
            tres = f"billing={cores[i]},cpu={cores[i]},mem={cores[i] * 4}G,node=1"
        fields = [acct, PARTITIONS[partition[i]][0]]
        if het[i]:
            for component in (0, 1):
                lines.append(f"{job}+{component}|het|{user}|{fields[0]}|{fields[1]}|{state_text}|{starts[i]}|{end}|"
                             f"{elapsed[i]}|{tres}|{nodes}|")
            continue
        lines.append(f"{job_id}|job{job % 97}|{user}|{fields[0]}|{fields[1]}|{state_text}|{starts[i]}|{end}|"
                     f"{elapsed[i]}|{tres}|{nodes}|")
        lines.append(f"{job_id}.batch|batch||{fields[0]}||{state_text}|{starts[i]}|{end}|{elapsed[i]}|"
                     f"cpu=8,mem=64G,node=1|1|")
        lines.append(f"{job_id}.extern|extern||{fields[0]}||COMPLETED|{starts[i]}|{end}|{elapsed[i]}|{tres}|{nodes}|")
        if i % 2:
            lines.append(f"{job_id}.0|python||{fields[0]}||{state_text}|{starts[i]}|{end}|{elapsed[i] - 10}|"
                         f"{tres}|{nodes}|")
    return lines


def main() -> None:
    """Write a year of accounting, and with --groups its account table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--groups", type=Path, default=None)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    lines = write_year(args.out, args.jobs, args.seed)
    if args.groups:
        args.groups.write_text(groups_csv(), encoding="utf-8")
    print(f"{args.out}: {args.jobs:,} jobs, {lines:,} lines")


if __name__ == "__main__":
    main()
