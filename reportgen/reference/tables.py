"""The reference tables in data/: hardware, grid intensity, cloud regions, PUE, and the paper's numbers.

Loaded once per process with pandas and handed to the calculation core; nothing else reads data/.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import DataError

# pandas keeps text in pyarrow arrays wherever pyarrow is installed (reportgen reads Slurm accounting with it), and
# looking up such text gives pyarrow numbers with pandas.NA; the calculation is written for NumPy numbers with NaN,
# so text stays in pandas' own arrays, as it is without pyarrow. Every table is made after this module is imported.
pd.set_option("mode.string_storage", "python")

LB_KG = 0.45359237  # the international avoirdupois pound, exactly
ON_PREMISE = "on-premise"
# What a grid intensity counts: the plants' whole life, the chimney only, or the chimney's CO2 alone (the IEA's world
# average, which leaves out the other greenhouse gases).
BASES = ("life-cycle", "direct", "direct-co2")
DEFAULT_INTENSITY_SOURCE = "owid"
MAX_RANGE_AGE = 1  # years: a place's range spans its sources of the newest year and the year before; older vintages
# describe a grid that has changed since, and the disagreement between sources has a factor of its own
# The dense peak throughput of each precision a scenario may name (bits), as data/hardware.csv holds it.
PEAK_COLUMNS = {8: "peak_tflops_8", 16: "peak_tflops_16", 32: "peak_tflops_32"}
DEFAULT_PRECISIONS = (16, 32)  # with none named: the 16-bit peak where the catalogue has one, else the 32-bit

COLUMNS: dict[str, tuple[str, ...]] = {
    "hardware": ("id", "name", "kind", "tdp_w", "tdp_source_id", "draw_w", "draw_scope", "draw_source_id",
                 "draw_sd_pct", "release_year", "successor", "peak_tflops_16", "peak_tflops_8", "peak_tflops_32"),
    "hardware_aliases": ("alias", "id", "note"),
    "grid_intensity": ("country", "country_name", "source_id", "year", "g_per_kwh", "basis"),
    "cloud_regions": ("provider", "region", "country", "city", "g_per_kwh", "year", "source_id", "cfe", "basis"),
    "pue": ("provider", "pue", "year", "source_id", "note", "whatif"),
    "sources": ("source_id", "citation", "year", "licence", "url"),
    "benchmarks": ("id", "co2e_lbs", "kind", "source_id"),
    "strubell_table3": ("id", "model", "hardware_id", "count", "power_w", "hours_printed", "hours_used", "kwh_pue",
                        "co2e_lbs", "cloud_cost_low", "cloud_cost_high"),
    "case_study": ("models", "hours", "cloud_cost_low", "cloud_cost_high", "electricity_cost", "co2e_lbs",
                   "source_id"),
    "case_study_facts": ("key", "value", "unit", "source_id"),
    "equivalences": ("id", "value", "unit", "year", "source_id", "note"),
    "whatif_locations": ("location", "note"),
    "followups": ("key", "value", "unit", "source_id", "note"),
    "country_codes": ("alpha2", "alpha3", "name"),
    "uncertainty": ("input", "key", "low", "high", "source_id", "note"),
    "whatif_options": ("option", "parameter", "value", "source_id", "note"),
    "inference": ("task", "wh_per_request", "low", "high", "source_id", "note"),
    "water": ("factor", "key", "l_per_kwh", "year", "source_id", "scope", "note"),
    "embodied": ("hardware_id", "end", "kg_per_device", "device_kg", "host_share_kg", "lifetime_years", "use_share",
                 "source_id", "year", "note"),
    "comparisons": ("id", "region", "value", "unit", "year", "source_id", "note"),
    "flights": ("region", "origin", "destination", "note"),
    "airports": ("code", "name", "latitude", "longitude", "source_id"),
    "recommendations": ("id", "actor", "lever", "applies_when", "source_id", "note"),
    "actors": ("actor", "region", "examples", "examples_nl"),
    "low_carbon_capacity": ("region", "capacity", "capacity_nl", "source_id", "note"),
    "providers": ("provider", "name", "shown_as"),
    "calibration": ("id", "model", "year", "source_id", "reported_in", "hardware", "count", "device_hours",
                    "parameters", "active_parameters", "tokens", "precision", "power_w", "pue", "location",
                    "g_per_kwh", "energy_mwh", "co2e_t", "note"),
    "region_intensity": ("region", "source_id", "year", "g_per_kwh", "basis", "note"),
    "law": ("key", "value", "unit", "article", "source_id", "note"),
}

# How text cells are read: ids and codes must never become numbers or NaN.
_TEXT = {"id", "name", "kind", "tdp_source_id", "draw_scope", "draw_source_id", "successor", "alias", "country",
         "country_name", "source_id", "provider", "region", "city", "note", "citation", "licence", "url", "model",
         "hardware_id", "key", "unit", "m", "applies_to", "location", "alpha2", "alpha3", "input", "option",
         "parameter", "basis", "whatif", "factor", "scope", "task", "origin", "destination", "code",
         "actor", "lever", "applies_when", "examples", "examples_nl",
         "capacity", "capacity_nl", "shown_as", "reported_in", "hardware", "end"}
_ALL_TEXT = {"whatif_options", "law"}  # tables whose every column is text


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one loaded set of tables is one key
class Reference:
    """Every reference table, as pandas DataFrames indexed by their natural keys."""

    hardware: pd.DataFrame          # index: id
    hardware_aliases: pd.DataFrame  # index: alias (an older id that names no variant)
    grid: pd.DataFrame              # all sources; index: (country, source_id)
    grid_default: pd.DataFrame      # one row per country, the default source; index: country
    cloud_regions: pd.DataFrame     # index: key "provider:region"
    pue: pd.DataFrame               # index: provider
    sources: pd.DataFrame           # index: source_id
    benchmarks: pd.DataFrame        # index: id
    table3: pd.DataFrame            # index: id
    case_study: pd.DataFrame        # index: models
    case_study_facts: pd.DataFrame  # index: key
    equivalences: pd.DataFrame      # index: id
    whatif_locations: pd.DataFrame  # index: location
    followups: pd.DataFrame         # index: key
    country_codes: pd.DataFrame     # index: alpha3
    uncertainty: pd.DataFrame       # index: (input, key)
    whatif_options: pd.DataFrame    # index: option
    embodied: pd.DataFrame          # index: (hardware_id, end): the low and high end of manufacturing CO2e per device
    inference: pd.DataFrame         # index: task (energy per request of serving a model, with its range)
    wue: pd.DataFrame               # index: provider (on-site water per kWh of IT energy, where published)
    ewif: pd.DataFrame              # index: country (water consumed per kWh generated, where a source gives one)
    comparisons: pd.DataFrame       # index: (id, region): a person's yearly emissions, a household's electricity
    flights: pd.DataFrame           # index: region: the return flight a reader of that region knows
    airports: pd.DataFrame          # index: code
    recommendations: pd.DataFrame   # index: id, in the order a brief lists them when no saving ranks them
    actors: pd.DataFrame            # index: (actor, region): who acts, with examples a reader of the region knows
    low_carbon_capacity: pd.DataFrame  # index: region: computing on low-carbon electricity its researchers can use
    providers: pd.DataFrame         # index: provider: its display name, or shown by its systems' city
    calibration: pd.DataFrame       # index: id: published trainings, what their authors stated and reported
    region_intensity: pd.DataFrame  # every source's grid intensity for a cloud region; index: (region, source_id)
    law: pd.DataFrame               # index: key: the AI Act's and the EED's thresholds, exemptions and dates, as text

    def law_number(self, key: str) -> float:
        """Return a threshold of data/law.csv as a number (FLOP, kW, a share)."""
        return float(str(self.law.at[key, "value"]))

    def law_date(self, key: str) -> dt.date:
        """Return a date of data/law.csv."""
        return dt.date.fromisoformat(str(self.law.at[key, "value"]))

    @cached_property
    def source_records(self) -> dict[str, dict[str, Any]]:
        """Return every source as a plain record, by id (looked up for each brief)."""
        return {str(k): {str(c): v for c, v in row.items()} for k, row in self.sources.iterrows()}

    @cached_property
    def equivalents_t(self) -> dict[str, float]:
        """Return the everyday comparisons that are masses, in tonnes CO2e, by id."""
        factor = {"lbs": LB_KG / 1000.0, "t": 1.0}
        return {str(k): float(row["value"]) * factor[row["unit"]]
                for k, row in self.equivalences.iterrows() if row["unit"] in factor}

    @cached_property
    def intensity_spread(self) -> pd.DataFrame:
        """Return, per country, the lowest and highest grid intensity of its recent sources of one basis.

        Only rows of the basis of the country's default value count, and of those only the ones at most
        MAX_RANGE_AGE years older than the newest: a range never mixes life-cycle and direct factors, nor
        a vintage long gone with a recent one.
        """
        rows = self.grid.reset_index(drop=True)
        rows = rows[rows["basis"] == rows["country"].map(self.grid_default["basis"])]
        newest = rows.groupby("country")["year"].transform("max")
        grouped = rows[rows["year"] >= newest - MAX_RANGE_AGE].groupby("country")["g_per_kwh"]
        return pd.DataFrame({"low": grouped.min(), "high": grouped.max()})

    @cached_property
    def region_spread(self) -> pd.DataFrame:
        """Return, per cloud region with a value of its own, the lowest and highest of its recent sources.

        Its own value counts, and every row of region_intensity.csv of the same basis at most MAX_RANGE_AGE
        years older than the newest of them: a provider's figure is one source among others.
        """
        own = self.cloud_regions[self.cloud_regions["g_per_kwh"].notna()]
        rows = pd.concat([
            pd.DataFrame({"region": own.index, "year": own["year"].to_numpy(float),
                          "g_per_kwh": own["g_per_kwh"].to_numpy(float), "basis": own["basis"].to_numpy()}),
            self.region_intensity[["region", "year", "g_per_kwh", "basis"]].reset_index(drop=True)
            .astype({"year": float, "g_per_kwh": float}),
        ], ignore_index=True)
        rows = rows[rows["region"].isin(own.index)]
        rows = rows[rows["basis"] == rows["region"].map(own["basis"])]
        newest = rows.groupby("region")["year"].transform("max")
        grouped = rows[rows["year"] >= newest - MAX_RANGE_AGE].groupby("region")["g_per_kwh"]
        return pd.DataFrame({"low": grouped.min(), "high": grouped.max()})

    @cached_property
    def region_basis(self) -> pd.Series:
        """Return the basis of every cloud region's intensity: its own value's, else its country's."""
        country_basis = self.cloud_regions["country"].map(self.grid_default["basis"])
        own = self.cloud_regions["basis"].where(self.cloud_regions["g_per_kwh"].notna())
        return own.fillna(country_basis)

    @cached_property
    def default_precision(self) -> pd.Series:
        """Return, per hardware id, the precision a scenario that names none is computed at (NaN: no peak)."""
        found = pd.Series(float("nan"), index=self.hardware.index)
        for bits in reversed(DEFAULT_PRECISIONS):
            found = found.mask(self.hardware[PEAK_COLUMNS[bits]].notna(), float(bits))
        return found

    def peak_tflops(self, hardware: str, bits: int) -> float:
        """Return the dense peak throughput of ``hardware`` at ``bits`` of precision, NaN where none is published."""
        value: Any = self.hardware.at[hardware, PEAK_COLUMNS[bits]]
        return float(value)

    @cached_property
    def hardware_names(self) -> dict[str, str]:
        """Return the display name of every hardware id."""
        return {str(k): str(v) for k, v in self.hardware["name"].items()}

    @cached_property
    def _names(self) -> dict[str, list[str]]:
        """Return the names a scenario may use, per kind, sorted (computed once: files may hold a million)."""
        return {"hardware": sorted(str(k) for k in (*self.hardware.index, *self.hardware_aliases.index)),
                "location": sorted(str(k) for k in self.grid_default.index)
                + sorted(str(k) for k in self.cloud_regions.index),
                "pue": sorted(str(k) for k in self.pue.index),
                "task": sorted(str(k) for k in self.inference.index)}

    @cached_property
    def known_names(self) -> dict[str, frozenset[str]]:
        """Return the names a scenario may use, per kind, as sets for quick look-ups."""
        return {kind: frozenset(names) for kind, names in self._names.items()}

    def location_keys(self) -> list[str]:
        """Return every location a scenario may name: countries and cloud regions."""
        return self._names["location"]

    def number(self, table: str, key: str, column: str = "value") -> float:
        """Return one number from a reference table, by row key and column."""
        frame: pd.DataFrame = getattr(self, table)
        try:
            value: Any = frame.at[key, column]
        except KeyError:
            raise DataError(f"reference table {table} has no '{key}' with a '{column}'") from None
        return float(value)



def water_factor(water: pd.DataFrame, factor: str) -> pd.DataFrame:
    """Return the rows of data/water.csv for one factor (wue or ewif), indexed by provider or country."""
    return water[water["factor"] == factor].set_index("key", drop=False)


def read_table(root: Path, name: str) -> pd.DataFrame:
    """Return ``data/<name>.csv`` with its text columns as strings; raise DataError if it is unusable."""
    path = root / f"{name}.csv"
    expected = COLUMNS[name]
    try:
        header = pd.read_csv(path, nrows=0).columns
        dtypes = {c: "string" for c in header if c in _TEXT or name in _ALL_TEXT}
        frame = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values={
            c: [""] for c in header if c not in _TEXT and name not in _ALL_TEXT})
    except (OSError, pd.errors.ParserError, ValueError) as exc:
        raise DataError(f"{path}: cannot read reference table: {exc}") from None
    missing = [c for c in expected if c not in frame.columns]
    if missing:
        raise DataError(f"{path}: missing columns {', '.join(missing)}")
    return frame


def default_intensity_per_country(grid: pd.DataFrame) -> pd.DataFrame:
    """Return one intensity row per country: the default source where it has one, else the newest other."""
    preference = (grid["source_id"] != DEFAULT_INTENSITY_SOURCE).astype(int)
    ranked = grid.assign(_rank=preference).sort_values(["country", "_rank", "year", "source_id"],
                                                       ascending=[True, True, False, True], kind="stable")
    first = ranked.drop_duplicates("country").drop(columns="_rank")
    return first.set_index("country", drop=False)
