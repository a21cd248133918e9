"""Everyday comparisons of a mass of CO2e: flights, years of a person's footprint, car lifetimes, kilometres."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..reference import Reference


def equivalents(results: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return, per scenario, its central CO2e (the median) in everyday units and the comparison that suits it.

    Columns: id, flights, person_years, car_lifetimes, car_km, comparison ("cars", "flights" or "car_km").
    """
    eq = ref.equivalents_t
    co2e_t = results["co2e_median_kg"].to_numpy(float) / 1000.0
    comparison = np.where(co2e_t >= eq["car-lifetime"], "cars",
                          np.where(co2e_t >= eq["flight-ny-sf"], "flights", "car_km"))
    return pd.DataFrame({
        "id": results["id"].to_numpy(),
        "flights": co2e_t / eq["flight-ny-sf"],
        "person_years": co2e_t / eq["person-year-world"],
        "car_lifetimes": co2e_t / eq["car-lifetime"],
        "car_km": co2e_t * 1e6 / ref.number("equivalences", "car-km-eu-new"),
        "comparison": comparison,
    })
