"""Time the Monte Carlo on 1,000 scenarios x 20,000 draws against a hand-written numpy version; peak memory.

Both draw every uncertain input uniformly between its ends and take the 5th, 50th and 95th percentile of
energy and CO2e. Run: ``python benchmarks/uncertainty.py [SCENARIOS] [DRAWS]``.
"""

from __future__ import annotations

import resource
import sys
import time

import numpy as np
import pandas as pd

from reportgen.core import compute_emissions, resolve_inputs
from reportgen.core.uncertainty import DRAWS, UNCERTAIN, input_ranges, monte_carlo
from reportgen.reference import load_reference

sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
from calc import generated_inputs


def with_range_columns(inputs: pd.DataFrame) -> pd.DataFrame:
    """Return generated inputs with the range columns a scenario file gives (some ranges, mostly none)."""
    out = inputs.copy()
    rng = np.random.default_rng(5)
    for name in ("count", "hours", "device_power_w", "utilisation", "host_power_w", "pue_value",
                 "carbon_intensity_g_per_kwh", "runs"):
        out[f"{name}_low"] = np.nan
        out[f"{name}_high"] = np.nan
    ranged = rng.random(len(out)) < 0.3
    out.loc[ranged, "hours_low"] = out.loc[ranged, "hours"] * 0.8
    out.loc[ranged, "hours_high"] = out.loc[ranged, "hours"] * 1.2
    out["utilisation_given"] = False
    out["measurement"] = None
    return out


def numpy_monte_carlo(low: dict[str, np.ndarray], high: dict[str, np.ndarray], draws: int, seed: int) -> np.ndarray:
    """Return (n, 6) percentiles of energy and CO2e, written directly in numpy over all scenarios at once."""
    rng = np.random.default_rng(seed)
    n = len(low["hours"])
    v = {k: low[k][:, None] + (high[k] - low[k])[:, None] * rng.random((n, draws)) for k in UNCERTAIN}
    energy = (v["count"] * v["device_power_w"] + v["host_power_w"]) * v["hours"] * v["runs"] / 1000 * v["pue"]
    co2e = energy * v["carbon_intensity_g_per_kwh"] / 1000
    return np.concatenate([np.quantile(energy, (0.05, 0.5, 0.95), axis=1).T,
                           np.quantile(co2e, (0.05, 0.5, 0.95), axis=1).T], axis=1)


def main(n: int, draws: int) -> None:
    ref = load_reference()
    inputs = with_range_columns(generated_inputs(n, ref))
    resolved = compute_emissions(resolve_inputs(inputs, ref))
    start = time.perf_counter()
    ranges = input_ranges(inputs, resolved, ref)
    ours = monte_carlo(ranges, resolved["id"], draws)
    t_ours = time.perf_counter() - start
    peak_ours = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    low = {k: ranges[f"{k}_low"].to_numpy(float) for k in UNCERTAIN}
    high = {k: ranges[f"{k}_high"].to_numpy(float) for k in UNCERTAIN}
    start = time.perf_counter()
    theirs = numpy_monte_carlo(low, high, draws, 1)
    t_numpy = time.perf_counter() - start
    peak_all = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    a, b = ours["co2e_median_kg"].to_numpy(), theirs[:, 4]
    positive = b > 0
    gap = np.median(np.abs(a[positive] / b[positive] - 1))
    print(f"{n:,} scenarios x {draws:,} draws: reportgen {t_ours:.2f} s (target < 3 s), peak {peak_ours:.0f} MB "
          f"(target < 1 GB); hand-written numpy, all at once, {t_numpy:.2f} s, peak {peak_all:.0f} MB; "
          f"ratio {t_ours / t_numpy:.2f}x (target <= 2x); median CO2e of the two differ by {gap:.2%} "
          f"(median over scenarios: sampling noise, the draws differ)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000, int(sys.argv[2]) if len(sys.argv) > 2 else DRAWS)
