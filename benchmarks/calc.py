"""Time the calculation core on 100,000 generated scenarios against a hand-written numpy version.

Both compute the same thing from the same inputs: look up TDP, grid intensity and PUE, then apply the
formula of DESIGN.md. Also times ``reportgen.estimate()`` end to end on a generated YAML file (parsing and
validation included), for information. Run: ``python benchmarks/calc.py [N]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from reportgen import estimate
from reportgen.core import estimate_frame
from reportgen.inputs.table import INPUT_COLUMNS
from reportgen.reference import ON_PREMISE, Reference, load_reference


def generated_inputs(n: int, ref: Reference, seed: int = 1) -> pd.DataFrame:
    """Return ``n`` random but valid scenario input rows."""
    rng = np.random.default_rng(seed)
    hardware = rng.choice(sorted(ref.hardware.index[ref.hardware["tdp_w"].notna()]), n)
    locations = rng.choice(ref.location_keys(), n)
    return pd.DataFrame({
        "id": [f"s{i}" for i in range(n)], "name": "generated", "hardware": hardware,
        "count": rng.integers(1, 1025, n), "hours": rng.uniform(0.5, 2000, n),
        "device_power_w": np.where(rng.random(n) < 0.2, rng.uniform(50, 800, n), np.nan), "device_power_source": None,
        "utilisation": rng.uniform(0.3, 1.0, n), "host_power_w": rng.uniform(0, 5000, n),
        "pue_value": np.where(rng.random(n) < 0.5, rng.uniform(1.05, 1.8, n), np.nan),
        "pue_provider": None, "location": locations, "carbon_intensity_g_per_kwh": np.nan,
        "runs": rng.integers(1, 50, n), "currency": "USD", "cloud_price_low": 0.5, "cloud_price_high": 2.0,
        "electricity_price_per_kwh": 0.2, "utilisation_given": False,
    }).reindex(columns=list(INPUT_COLUMNS))  # the core's input table: every column, the unused ones empty


def numpy_estimate(inputs: pd.DataFrame, ref: Reference) -> np.ndarray:
    """Return CO2e in kg for every row, written directly with numpy arrays and dict lookups."""
    hw_index = {k: i for i, k in enumerate(ref.hardware.index)}
    tdp = ref.hardware["tdp_w"].to_numpy(float)
    country_g = ref.grid_default["g_per_kwh"]
    region_g = ref.cloud_regions["g_per_kwh"].fillna(ref.cloud_regions["country"].map(country_g))
    g_table = {**country_g.to_dict(), **region_g.to_dict()}
    providers = ref.cloud_regions["provider"].to_dict()
    pue_table = ref.pue["pue"].to_dict()
    locations = inputs["location"].to_numpy()
    keys, inverse = np.unique(locations, return_inverse=True)
    grid = np.array([g_table[k] for k in keys])[inverse]
    site_pue = np.array([pue_table.get(providers.get(k, ""), pue_table[ON_PREMISE]) for k in keys])[inverse]
    hw_keys, hw_inverse = np.unique(inputs["hardware"].to_numpy(), return_inverse=True)
    device_tdp = tdp[np.array([hw_index[k] for k in hw_keys])][hw_inverse]
    measured = inputs["device_power_w"].to_numpy(float)
    device_w = np.where(np.isnan(measured), device_tdp * inputs["utilisation"].to_numpy(float), measured)
    given_pue = inputs["pue_value"].to_numpy(float)
    pue = np.where(np.isnan(given_pue), site_pue, given_pue)
    count = inputs["count"].to_numpy(float)
    hours = inputs["hours"].to_numpy(float)
    runs = inputs["runs"].to_numpy(float)
    energy = (count * device_w + inputs["host_power_w"].to_numpy(float)) * hours * runs / 1000 * pue
    co2e_kg: np.ndarray = energy * grid / 1000
    return co2e_kg


def best_of(fn: Callable[[], object], repeat: int = 7) -> float:
    """Return the fastest of ``repeat`` timings of ``fn`` in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(n: int = 100_000) -> None:
    ref = load_reference()
    inputs = generated_inputs(n, ref)
    ours = estimate_frame(inputs, ref)["co2e_kg"].to_numpy()
    theirs = numpy_estimate(inputs, ref)
    assert np.allclose(ours, theirs, rtol=1e-12), "the two versions disagree"
    t_pandas = best_of(lambda: estimate_frame(inputs, ref))
    t_numpy = best_of(lambda: numpy_estimate(inputs, ref))
    print(f"{n:,} scenarios: estimate_frame (pandas) {t_pandas * 1000:.1f} ms, "
          f"numpy {t_numpy * 1000:.1f} ms, ratio {t_pandas / t_numpy:.2f}x (target <= 3x)")

    small = min(n, 10_000)
    doc = {"scenarios": [
        {k: v for k, v in row.items() if v is not None and not (isinstance(v, float) and np.isnan(v))
         and k in ("id", "name", "hardware", "count", "hours", "location", "runs", "utilisation")}
        for row in inputs.head(small).to_dict(orient="records")]}
    for s in doc["scenarios"]:
        s["count"], s["runs"] = int(s["count"]), int(s["runs"])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated.yaml"
        path.write_text(yaml.safe_dump(doc), encoding="utf-8")
        t_file = best_of(lambda: estimate(path), repeat=1)
    print(f"{small:,} scenarios from a YAML file, end to end (parse, validate, compute): {t_file:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
