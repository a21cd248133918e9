"""Resolve a scenario's inputs against data/: the power per device, the PUE and the grid intensity.

Pure: DataFrames in, DataFrames out. The rule that picks a scenario's PUE provider lives here once;
the point estimate and the uncertainty ranges both ask ``pue_provider``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..measure import measured_kinds
from ..reference import ON_PREMISE, Reference
from .footprint import DEFAULT_LIFETIME_YEARS, embodied_rates
from .formula import compute_hours
from .utilisation import precision_and_peak, utilisation_quantiles

SCENARIO_SOURCE = "scenario"
DEFAULT_SOURCE = "default"  # a PUE the scenario does not state in any way: the on-premises survey average
GIVEN_BASIS = "given"  # an intensity the scenario file states: its basis is whatever its author used
MEASURED_BASIS = "measured"  # a power the scenario file gives as measured, without a log
RESEARCH_PROVIDER = "hpc"  # research systems in cloud_regions.csv (LUMI, Hortense, Snellius): no commercial cloud
PUBLISHED_BASIS = "published"  # a published average draw of hardware without a TDP: an estimate, never "measured"


def resolve_inputs(inputs: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return the inputs with device power, PUE and grid intensity looked up in the reference tables."""
    out = inputs.copy()
    out["count"] = out["count"].astype("float64")
    out["runs"] = out["runs"].astype("float64")
    provider = pue_provider(out, ref)  # the datacentre's operator: its PUE and its WUE
    out = _with_compute(out, ref)
    out = _with_device_power(out, ref)
    out = _with_intensity(out, ref)
    out = _with_market(out, ref)
    out = _with_embodied(out, ref)
    out = _with_pue(out, ref, provider)
    out = _with_inference(out, ref)
    return _with_water(out, ref, provider)


def pue_provider(inputs: pd.DataFrame, ref: Reference) -> pd.Series:
    """Return each scenario's PUE provider: named in the file, else its cloud region's, else on-premise."""
    region_provider = inputs["location"].map(ref.cloud_regions["provider"])
    provider = inputs["pue_provider"].fillna(region_provider.where(region_provider.isin(ref.pue.index)))
    return provider.fillna(ON_PREMISE)


def _with_device_power(frame: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return ``frame`` with the power per device used and its basis: a log, measured, derived, the TDP, or,
    for hardware without a TDP (Google's TPUs from v4 on), the average draw a source publishes for it."""
    tdp_w = frame["hardware"].map(ref.hardware["tdp_w"]).astype("float64")
    draw_w = frame["hardware"].map(ref.hardware["draw_w"]).astype("float64")
    stated = frame["device_power_w"].notna()
    published = ~stated & tdp_w.isna() & draw_w.notna()
    catalogue = (tdp_w * frame["utilisation"]).where(~published, draw_w)
    frame["device_power_w"] = frame["device_power_w"].astype("float64").where(stated, catalogue)
    basis = np.where(stated, frame["device_power_source"].fillna("measured"),
                     np.where(published, PUBLISHED_BASIS, "tdp"))
    if "measurement" in frame:
        basis = np.where(frame["measurement"].notna(), frame["measurement"], basis)
    # A scenario that only serves a model trains nothing: no power of training has a basis.
    frame["power_basis"] = pd.Series(basis, index=frame.index).where(frame["hours"].notna())
    return frame


def _with_intensity(frame: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return ``frame`` with each scenario's country, grid intensity, its source, year and basis.

    A scenario measured in several places (a location mix from its log) gets the energy-weighted mean of
    their intensities: each part of the energy is charged at its own place's grid.
    """
    looked_up = intensity_of(frame["location"], ref)
    frame["country"] = looked_up["country"]
    frame["hosting"] = hosting_of(frame["location"], ref)
    if "location_mix" in frame and frame["location_mix"].notna().any():
        looked_up = _with_mixes(looked_up, frame["location_mix"], ref)
    given = frame["carbon_intensity_g_per_kwh"].notna().to_numpy()
    frame["carbon_intensity_g_per_kwh"] = np.where(given, frame["carbon_intensity_g_per_kwh"],
                                                   looked_up["g_per_kwh"]).astype(float)
    frame["intensity_source"] = np.where(given, SCENARIO_SOURCE, looked_up["source_id"])
    frame["intensity_year"] = pd.array(np.where(given, np.nan, looked_up["year"]).astype(float)).astype("Int64")
    frame["intensity_basis"] = np.where(given, GIVEN_BASIS, looked_up["basis"])
    return frame


def hosting_of(location: pd.Series, ref: Reference) -> pd.Series:
    """Return, per location key, who hosts the training: "cloud" (a commercial cloud region), "research" (a
    research system such as LUMI) or "own" (a country: the scenario's own or an unnamed data centre)."""
    provider = location.map(ref.cloud_regions["provider"])
    kind = np.where(provider.isna(), "own", np.where(provider.eq(RESEARCH_PROVIDER).fillna(False), "research", "cloud"))
    return pd.Series(kind, index=location.index, dtype=object)


def intensity_of(location: pd.Series, ref: Reference) -> pd.DataFrame:
    """Return, per location key, its country and its grid intensity with source, year and basis.

    A cloud region with a value of its own uses it; any other region, and a country, the country's value.
    """
    region = location.map(ref.cloud_regions["country"])
    country = region.fillna(location.where(location.isin(ref.grid_default.index)))
    by_country = ref.grid_default.reindex(country.fillna(""))
    by_region = ref.cloud_regions.reindex(location.fillna(""))
    own = by_region["g_per_kwh"].notna().to_numpy()
    return pd.DataFrame({
        "country": country.to_numpy(),
        **{c: np.where(own, by_region[c], by_country[c]) for c in ("g_per_kwh", "source_id", "year", "basis")},
    }, index=location.index)


def _with_mixes(looked_up: pd.DataFrame, mixes: pd.Series, ref: Reference) -> pd.DataFrame:
    """Return the look-ups with each mixed scenario's intensity weighted by the energy used in each place."""
    out = looked_up.copy()
    for index, mix in mixes.dropna().items():
        places = intensity_of(pd.Series([location for location, _ in mix]), ref)
        shares = np.array([share for _, share in mix])
        out.at[index, "g_per_kwh"] = float(np.dot(shares, places["g_per_kwh"].astype(float)))
        out.at[index, "source_id"] = ";".join(sorted(set(places["source_id"].astype(str))))
        out.at[index, "year"] = float(places["year"].astype(float).max())
        bases = set(places["basis"].astype(str))
        out.at[index, "basis"] = bases.pop() if len(bases) == 1 else "mixed"
    return out


def _with_market(frame: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return ``frame`` with what the market-based figure rests on: the carbon-free share or intensity bought.

    Given in the file, else Google's carbon-free share for a Google Cloud region whose own grid value is used;
    else nothing, and the market-based figure stays unknown.
    """
    market = frame["market_intensity_g_per_kwh"].astype("float64")
    given = frame["cfe_share"].astype("float64")
    own_grid = frame["intensity_source"].eq(frame["location"].map(ref.cloud_regions["source_id"]))
    region_cfe = frame["location"].map(ref.cloud_regions["cfe"]).astype("float64").where(own_grid & market.isna())
    frame["market_intensity_g_per_kwh"] = market
    frame["cfe_share"] = given.where(given.notna(), region_cfe)
    stated = market.notna() | given.notna()
    region_source = frame["location"].map(ref.cloud_regions["source_id"]).where(region_cfe.notna())
    frame["market_source"] = region_source.mask(stated, SCENARIO_SOURCE)
    return frame


def _with_embodied(frame: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return ``frame`` with each device's manufacturing CO2e per device-hour, its range and its sources.

    A figure the file gives keeps its own life and use share (5 years in calendar time where it states none);
    else the device's published ends give the rate (see footprint.embodied_rates), and mass, life and use share
    stay as the file gives them: no single published figure stands for the range.
    """
    frame = frame.assign(**embodied_rates(frame, ref))
    frame["embodied_kg_per_device"] = frame["embodied_kg_per_device"].astype("float64")
    stated = frame["embodied_kg_per_device"].notna()
    frame["embodied_source"] = frame["embodied_source"].mask(stated, SCENARIO_SOURCE)
    frame["lifetime_years"] = frame["lifetime_years"].astype("float64").mask(
        stated & frame["lifetime_years"].isna(), DEFAULT_LIFETIME_YEARS)
    frame["use_share"] = frame["use_share"].astype("float64").mask(stated & frame["use_share"].isna(), 1.0)
    return frame


def _with_pue(frame: pd.DataFrame, ref: Reference, provider: pd.Series) -> pd.DataFrame:
    """Return ``frame`` with the PUE used: given, else the default of its provider."""
    given = frame["pue_value"].notna()
    frame["pue"] = frame["pue_value"].astype("float64").where(given, provider.map(ref.pue["pue"]))
    # Neither a PUE, nor an operator, nor a cloud region whose operator publishes one: the survey average.
    assumed = ~given & frame["pue_provider"].isna() & ~frame["location"].map(ref.cloud_regions["provider"]).isin(
        ref.pue.index)
    frame["pue_source"] = np.where(given, SCENARIO_SOURCE,
                                   np.where(assumed, DEFAULT_SOURCE, provider.map(ref.pue["source_id"])))
    return frame


def _with_water(frame: pd.DataFrame, ref: Reference, provider: pd.Series) -> pd.DataFrame:
    """Return ``frame`` with the water factors used, each with its source and year: given, else data/'s, else none.

    On site: the WUE its datacentre's operator publishes (the provider whose PUE the scenario uses). Off site:
    the water consumed per kWh generated in its country. Where no source gives one, it stays unknown.
    """
    for factor, table, key in (("wue", ref.wue, provider), ("ewif", ref.ewif, frame["country"])):
        name = f"{factor}_l_per_kwh"
        rows = table.index.get_indexer(pd.Index(key))  # one look-up per factor; -1 where data/ has no row
        found = rows >= 0
        given = frame[name].astype("float64")
        default = np.where(found, table["l_per_kwh"].to_numpy(float)[rows], np.nan)
        value = given.fillna(pd.Series(default, index=frame.index))
        frame[name] = value
        source = pd.Series(table["source_id"].to_numpy(object)[rows], index=frame.index).where(found)
        frame[f"{factor}_source"] = source.where(value.notna()).mask(given.notna(), SCENARIO_SOURCE)
        year = np.where(found & given.isna().to_numpy(), table["year"].to_numpy(float)[rows], np.nan)
        frame[f"{factor}_year"] = pd.Series(year, index=frame.index).astype("Int64")
    return frame


def measured_bases() -> frozenset[str]:
    """Return the power bases that are measurements: a measured power in the file, and the measuring log formats."""
    return measured_kinds() | {MEASURED_BASIS}


def utilisation_size(frame: pd.DataFrame) -> pd.Series:
    """Return the parameters that set a scenario's size for its utilisation: the active ones of a mixture of experts."""
    parameters = frame["parameters"].astype("float64")
    if "active_parameters" in frame:
        return frame["active_parameters"].astype("float64").fillna(parameters)
    return parameters


def _with_compute(frame: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return ``frame`` with the hours of scenarios given by compute: FLOPs over the devices' delivered throughput.

    The utilisation is the scenario's, else the median effective utilisation of published trainings of its
    hardware's generation and its size (core/utilisation.py).
    """
    flops = frame["flops"].astype("float64")
    if flops.isna().all():  # hours given or measured everywhere: nothing to derive
        frame["mfu"], frame["peak_tflops"] = np.nan, np.nan
        frame["precision"] = pd.array([pd.NA] * len(frame), dtype="Int64")
        return frame
    log_mean, _, _, _ = utilisation_quantiles(ref, frame["hardware"], utilisation_size(frame))
    frame["mfu"] = frame["mfu"].astype("float64").where(frame["mfu"].notna() | flops.isna(), np.exp(log_mean))
    frame["precision"], frame["peak_tflops"] = _peak(frame, flops, ref)
    derived = compute_hours(flops, frame["count"], frame["peak_tflops"], frame["mfu"])
    frame["hours"] = frame["hours"].astype("float64").where(flops.isna(), derived)
    return frame


def _peak(frame: pd.DataFrame, flops: pd.Series, ref: Reference) -> tuple[pd.Series, pd.Series]:
    """Return the precision (bits) and dense peak (TFLOP/s) that turn each scenario's FLOPs into hours.

    The precision named in the file, else the 16-bit peak where the catalogue has one, else the 32-bit one;
    NaN for scenarios whose hours are given or measured.
    """
    precision, peak = precision_and_peak(ref, frame["hardware"], frame["precision"])
    by_compute = flops.notna()
    return precision.where(by_compute).astype("Int64"), peak.where(by_compute)  # bits are whole: 16, not 16.0


def _with_inference(frame: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return ``frame`` with the energy per request of serving: given, else its task's published default."""
    if frame["inference_requests"].isna().all():  # no scenario is served: nothing to look up
        frame["inference_source"] = np.nan
        return frame
    task = frame["inference_task"]
    default = task.map(ref.inference["wh_per_request"]).astype("float64")
    given = frame["inference_wh_per_request"].astype("float64")
    frame["inference_wh_per_request"] = given.fillna(default)
    source = task.map(ref.inference["source_id"]).where(default.notna())
    frame["inference_source"] = source.mask(given.notna(), SCENARIO_SOURCE)
    return frame
