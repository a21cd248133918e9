"""Everyday comparisons of a mass of CO2e and an amount of energy, the paper's and a European reader's.

The paper's (American) comparisons stand beside those of the reader's region: the emissions of one
inhabitant of Belgium, the Netherlands or the EU in a year, a household's yearly electricity, and a return
flight from Brussels or Amsterdam. The region follows a scenario's country; any other country reads as EU.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..reference import Reference

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG), for great-circle distances between airports
OTHER_REGION = "EU"
DAYS_PER_YEAR = 365.25
KWH_PER_TWH = 1e9


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in km between two points given in degrees (haversine)."""
    p1, p2, dp, dl = np.radians([lat1, lat2, lat2 - lat1, lon2 - lon1])
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return float(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a)))


def reader_comparisons(ref: Reference) -> pd.DataFrame:
    """Return, per region, what a reader there compares with: person-year and return flight in kg, and a
    household's yearly kWh, each with its source and year.

    Columns: region, person_year_kg, person_year_year, person_year_source, household_kwh, household_year,
    household_source, flight_origin, flight_destination, flight_km (one way), flight_kg (there and back),
    flight_factor_source, flight_factor_year, generation_kwh (the region's electricity generated in a year),
    generation_year, generation_source, and the EU's data centres' yearly electricity: datacentre_kwh,
    datacentre_year, datacentre_source.
    """
    factor = _rows(ref.equivalences, "id")["flight-economy-per-pkm"]
    comparisons = {(r["id"], r["region"]): r for r in _rows(ref.comparisons, "id", "region").values()}
    airports = _rows(ref.airports, "code")
    sector = comparisons[("datacentre-electricity", OTHER_REGION)]
    rows = []
    for region, flight in _rows(ref.flights, "region").items():
        person, household = comparisons[("person-year", region)], comparisons[("household-electricity", region)]
        generated = comparisons[("electricity-generation", region)]
        origin, destination = airports[flight["origin"]], airports[flight["destination"]]
        km = great_circle_km(origin["latitude"], origin["longitude"], destination["latitude"],
                             destination["longitude"])
        rows.append({
            "region": region, "person_year_kg": float(person["value"]) * 1000.0,
            "person_year_year": int(person["year"]), "person_year_source": person["source_id"],
            "household_kwh": float(household["value"]), "household_year": int(household["year"]),
            "household_source": household["source_id"],
            "flight_origin": flight["origin"], "flight_destination": flight["destination"], "flight_km": km,
            "flight_kg": 2 * km * float(factor["value"]) / 1000.0,
            "flight_factor_source": factor["source_id"], "flight_factor_year": int(factor["year"]),
            "generation_kwh": float(generated["value"]) * KWH_PER_TWH, "generation_year": int(generated["year"]),
            "generation_source": generated["source_id"],
            "datacentre_kwh": float(sector["value"]) * KWH_PER_TWH, "datacentre_year": int(sector["year"]),
            "datacentre_source": sector["source_id"],
        })
    return pd.DataFrame(rows)


def equivalents(results: pd.DataFrame, ref: Reference, comparisons: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return, per scenario, its central CO2e and energy (the medians) in everyday units.

    Columns: file, id, flights, person_years, car_lifetimes, car_km, comparison ("cars", "flights" or "car_km"),
    and for the reader's region (region: BE, NL or EU): local_person_years, households
    (a household's yearly electricity, in units), household_days and generation_hours (how long the region's
    power stations take to generate the energy, at their yearly average). ``comparisons`` is ``reader_comparisons``'s
    table where the caller has it already.
    """
    eq = ref.equivalents_t
    co2e_kg = results["co2e_median_kg"].to_numpy(float)
    co2e_t = co2e_kg / 1000.0
    comparison = np.where(co2e_t >= eq["car-lifetime"], "cars",
                          np.where(co2e_t >= eq["flight-ny-sf"], "flights", "car_km"))
    local = (reader_comparisons(ref) if comparisons is None else comparisons).set_index("region")
    region = results["country"].where(results["country"].isin(local.index), OTHER_REGION)
    households = results["energy_median_kwh"].to_numpy(float) / region.map(local["household_kwh"]).to_numpy(float)
    return pd.DataFrame({
        "file": results["file"].to_numpy(),
        "id": results["id"].to_numpy(),
        "flights": co2e_t / eq["flight-ny-sf"],
        "person_years": co2e_t / eq["person-year-world"],
        "car_lifetimes": co2e_t / eq["car-lifetime"],
        "car_km": co2e_t * 1e6 / ref.number("equivalences", "car-km-eu-new"),
        "comparison": comparison,
        "region": region.to_numpy(),
        "local_person_years": co2e_kg / region.map(local["person_year_kg"]).to_numpy(float),
        "households": households,
        "household_days": households * DAYS_PER_YEAR,
        "generation_hours": results["energy_median_kwh"].to_numpy(float)
        / (region.map(local["generation_kwh"]).to_numpy(float) / (DAYS_PER_YEAR * 24.0)),
    })


def _rows(table: pd.DataFrame, *key: str) -> dict[Any, dict[str, Any]]:
    """Return a reference table's rows as plain dicts, by the value of ``key`` (one column or a tuple)."""
    found: list[dict[str, Any]] = table.to_dict(orient="records")  # type: ignore[assignment]
    return {(r[key[0]] if len(key) == 1 else tuple(r[k] for k in key)): r for r in found}
