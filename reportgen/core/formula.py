"""The formula of Strubell et al. (2019), generalized: written once, on arrays or columns alike.

    it_power_w     = count x device_power_w + host_power_w
    it_energy_kwh  = it_power_w x hours x runs / 1000
    energy_kwh     = it_energy_kwh x PUE                     (Strubell's "kWh·PUE")
    co2e_kg        = energy_kwh x carbon_intensity_g_per_kwh / 1000
    co2e_market_kg = energy_kwh x market_intensity_g_per_kwh / 1000, or co2e_kg x (1 - cfe_share)
    embodied_kg    = count x kg_per_device_hour x hours x runs,
                     kg_per_device_hour = embodied_kg_per_device / (lifetime_years x 8760 x use_share)
    water_l        = it_energy_kwh x wue_l_per_kwh  +  energy_kwh x ewif_l_per_kwh   (on site + off site)
    flops          = 6 x parameters x tokens                  (one run of dense training, or given)
    hours          = flops / (count x peak_flops x mfu) / 3600 (wall-clock hours of one run)
    inference_kwh  = requests x wh_per_request / 1000 x PUE

The point estimate, the Monte Carlo and the sensitivity table all call ``operational``; it works on
NumPy arrays and pandas Series, broadcasting a column of scenarios against a row of draws.
"""

from __future__ import annotations

from typing import Any, NamedTuple, TypeVar

import numpy as np
import pandas as pd

from ..reference import LB_KG

Values = TypeVar("Values", np.ndarray, pd.Series, float)
HOURS_PER_YEAR = 8760  # a device's life in hours, as DESIGN.md amortizes it


class Operational(NamedTuple):
    """Operational power, energy and emissions of training, location-based."""

    it_power_w: Any      # the same type as the inputs: arrays, columns or floats
    it_energy_kwh: Any
    energy_kwh: Any
    co2e_kg: Any


# The inputs of ``operational`` by name, as the results table and the Monte Carlo's draws call them.
OPERATIONAL_INPUTS = ("count", "device_power_w", "host_power_w", "hours", "runs", "pue", "carbon_intensity_g_per_kwh")


def operational(count: Values, device_power_w: Values, host_power_w: Values, hours: Values, runs: Values,
                pue: Values, carbon_intensity_g_per_kwh: Values) -> Operational:
    """Return IT power, IT energy, energy with the datacentre's overhead (PUE) and CO2e."""
    it_power_w = count * device_power_w + host_power_w
    it_energy_kwh = it_power_w * hours * runs / 1000.0
    energy_kwh = it_energy_kwh * pue
    return Operational(it_power_w, it_energy_kwh, energy_kwh, co2e_from_energy(energy_kwh, carbon_intensity_g_per_kwh))


def co2e_from_energy(energy_kwh: Values, g_per_kwh: Values) -> Any:
    """Return the CO2e in kg of ``energy_kwh`` drawn at an intensity of ``g_per_kwh``."""
    return energy_kwh * g_per_kwh / 1000.0


def market_based(co2e_kg: Values, energy_kwh: Values, cfe_share: Values, market_g_per_kwh: Values) -> Values:
    """Return market-based CO2e: at the intensity of the electricity bought, else net of its carbon-free share.

    Where neither is known the result is NaN: a market-based figure is never the location-based one relabelled.
    """
    by_intensity = co2e_from_energy(energy_kwh, market_g_per_kwh)
    by_share = co2e_kg * (1.0 - cfe_share)
    return np.where(np.isnan(np.asarray(market_g_per_kwh, dtype=float)), by_share, by_intensity)  # type: ignore[return-value]


def embodied_rate(kg_per_device: Values, lifetime_years: Values, use_share: Values) -> Any:
    """Return a device's manufacturing CO2e per hour it is busy: its whole over its busy life."""
    return kg_per_device / (lifetime_years * HOURS_PER_YEAR * use_share)


def embodied_at_rate(count: Values, kg_per_device_hour: Values, hours: Values, runs: Values) -> Any:
    """Return the manufacturing CO2e that falls to a training keeping ``count`` devices busy at a rate per hour."""
    return count * kg_per_device_hour * hours * runs


def embodied(count: Values, kg_per_device: Values, hours: Values, runs: Values, lifetime_years: Values,
             use_share: Values) -> Any:
    """Return the devices' manufacturing CO2e that falls to this training: their busy life's share of it."""
    return embodied_at_rate(count, embodied_rate(kg_per_device, lifetime_years, use_share), hours, runs)


class Water(NamedTuple):
    """Water consumed: on site (cooling, per kWh of IT energy) and off site (generating the electricity)."""

    onsite_l: Any
    offsite_l: Any
    total_l: Any  # NaN where either part is unknown: a total never leaves a part out silently


def water(it_energy_kwh: Values, energy_kwh: Values, wue_l_per_kwh: Values, ewif_l_per_kwh: Values) -> Water:
    """Return the water consumed on site (WUE x IT energy), off site (EWIF x energy drawn) and both together."""
    onsite = it_energy_kwh * wue_l_per_kwh
    offsite = energy_kwh * ewif_l_per_kwh
    return Water(onsite, offsite, onsite + offsite)


SECONDS_PER_HOUR = 3600.0
TERA = 1e12  # the catalogue gives peak throughput in TFLOP/s


def compute_hours(flops: Values, count: Values, peak_tflops: Values, mfu: Values) -> Any:
    """Return the wall-clock hours of one training run of ``flops`` on ``count`` devices at ``mfu`` of their peak."""
    return flops / (count * peak_tflops * TERA * mfu) / SECONDS_PER_HOUR


def inference_energy(requests: Values, wh_per_request: Values, pue: Values) -> Any:
    """Return the energy of serving ``requests``, datacentre overhead included, in kWh."""
    return requests * wh_per_request / 1000.0 * pue


def kg_to_lbs(kg: Values) -> Values:
    """Return pounds for a mass in kilograms (1 lb = 0.45359237 kg exactly)."""
    return kg / LB_KG


def lbs_to_kg(lbs: float) -> float:
    """Return kilograms for a mass in pounds (1 lb = 0.45359237 kg exactly)."""
    return lbs * LB_KG
