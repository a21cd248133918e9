"""Resolve a scenario's inputs against data/: the power per device, the PUE and the grid intensity.

Pure: DataFrames in, DataFrames out. The rule that picks a scenario's PUE provider lives here once;
the point estimate and the uncertainty ranges both ask ``pue_provider``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..reference import ON_PREMISE, Reference

SCENARIO_SOURCE = "scenario"
GIVEN_BASIS = "given"  # an intensity the scenario file states: its basis is whatever its author used
MEASURED_KINDS = ("measured", "nvidia-smi", "codecarbon")  # power bases that are measurements


def resolve_inputs(inputs: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return the inputs with device power, PUE and grid intensity looked up in the reference tables."""
    out = inputs.copy()
    out["count"] = out["count"].astype("float64")
    out["runs"] = out["runs"].astype("float64")
    out = _with_device_power(out, ref)
    out = _with_intensity(out, ref)
    return _with_pue(out, ref)


def pue_provider(inputs: pd.DataFrame, ref: Reference) -> pd.Series:
    """Return each scenario's PUE provider: named in the file, else its cloud region's, else on-premise."""
    region_provider = inputs["location"].map(ref.cloud_regions["provider"])
    provider = inputs["pue_provider"].fillna(region_provider.where(region_provider.isin(ref.pue.index)))
    return provider.fillna(ON_PREMISE)


def _with_device_power(frame: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return ``frame`` with the power per device used and its basis: a log, measured, derived, or the TDP."""
    tdp_w = frame["hardware"].map(ref.hardware["tdp_w"]).astype("float64")
    stated = frame["device_power_w"].notna()
    frame["device_power_w"] = frame["device_power_w"].astype("float64").where(stated, tdp_w * frame["utilisation"])
    basis = np.where(stated, frame["device_power_source"].fillna("measured"), "tdp")
    if "measurement" in frame:
        basis = np.where(frame["measurement"].notna(), frame["measurement"], basis)
    frame["power_basis"] = basis
    return frame


def _with_intensity(frame: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return ``frame`` with each scenario's country, grid intensity, its source and its year."""
    location = frame["location"]
    region = location.map(ref.cloud_regions["country"])
    frame["country"] = region.fillna(location.where(location.isin(ref.grid_default.index)))
    by_country = ref.grid_default.reindex(frame["country"].fillna(""))
    by_region = ref.cloud_regions.reindex(location.fillna(""))
    has_region_value = by_region["g_per_kwh"].notna().to_numpy()
    lookup_g = np.where(has_region_value, by_region["g_per_kwh"], by_country["g_per_kwh"])
    lookup_source = np.where(has_region_value, by_region["source_id"], by_country["source_id"])
    lookup_year = np.where(has_region_value, by_region["year"], by_country["year"])
    lookup_basis = np.where(has_region_value, by_region["basis"], by_country["basis"])
    given = frame["carbon_intensity_g_per_kwh"].notna().to_numpy()
    frame["carbon_intensity_g_per_kwh"] = np.where(given, frame["carbon_intensity_g_per_kwh"], lookup_g).astype(float)
    frame["intensity_source"] = np.where(given, SCENARIO_SOURCE, lookup_source)
    frame["intensity_year"] = pd.array(np.where(given, np.nan, lookup_year).astype(float)).astype("Int64")
    frame["intensity_basis"] = np.where(given, GIVEN_BASIS, lookup_basis)
    return frame


def _with_pue(frame: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return ``frame`` with the PUE used: given, else the default of its provider."""
    provider = pue_provider(frame, ref)
    given = frame["pue_value"].notna()
    frame["pue"] = frame["pue_value"].astype("float64").where(given, provider.map(ref.pue["pue"]))
    frame["pue_source"] = np.where(given, SCENARIO_SOURCE, provider.map(ref.pue["source_id"]))
    return frame
