"""Derive reportgen's generated reference tables from the copied public data.

Reads the files in ``../shared/data-sources`` (provenance and licences in its
SOURCES.md) and writes these tables into ``data/``:

- ``grid_intensity.csv``: grid carbon intensity per country (OWID via
  carbontracker, the latest year; OWID via CodeCarbon, the year before;
  Green Algorithms) plus one world average, each with its basis.
- ``cloud_regions.csv``: cloud region -> country, and where the region's grid has
  published values of its own, the most current of them as the region's default
  (with Google's CFE share for GCP regions).
- ``region_intensity.csv``: every published grid intensity of a cloud region, one
  row per region and source (Google's yearly files, EPA eGRID subregions, Green
  Algorithms' state and province values), each with its year and basis.
- ``pue.csv``: PUE per provider (Green Algorithms defaults) plus the 2018
  Uptime average that Strubell et al. (2019) used.

The hand-curated tables in ``data/`` (sources, hardware, benchmarks, ...) are
committed as they are and are not touched here. Output is deterministic: rows
are sorted and numbers are written without float noise.

Usage (from the repository root)::

    python scripts/derive_data.py [--sources DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = REPO_ROOT / ".." / "shared" / "data-sources"
DEFAULT_OUT = REPO_ROOT / "data"

Row = dict[str, object]

GRID_COLUMNS = ["country", "country_name", "source_id", "year", "g_per_kwh", "basis"]
CLOUD_COLUMNS = ["provider", "region", "country", "city", "g_per_kwh", "year", "source_id", "cfe", "basis"]

# What each intensity counts. Our World in Data (Ember) uses life-cycle emission factors per fuel;
# Green Algorithms' country rows are production-mix factors of direct emissions (AIB 2020 and others),
# and Google's region values are "average operational gross emissions" of the grid: direct.
LIFE_CYCLE, DIRECT = "life-cycle", "direct"
# The world averages (the IEA's, which Green Algorithms and CodeCarbon carry too) count the CO2 of generation only:
# direct, and without the other greenhouse gases. No copied source holds a life-cycle CO2e value for the world
# (carbon-intensities.csv and global_energy_mix.json have countries only), so the brief says what they count.
DIRECT_CO2 = "direct-co2"
PUE_COLUMNS = ["provider", "pue", "year", "source_id", "note", "whatif"]

# The providers' own reports replace the second-hand figures of defaults_PUE.csv (a 2023 blog post).
PROVIDER_PUE_REPORTS = {
    "gcp": ("1.09", 2024, "google-environmental-2025",
            "fleet-wide annual average of Google's data centres, 2025 Environmental Report (2024 data)"),
    "aws": ("1.14", 2025, "aws-sustainability-2025",
            "global annual average of AWS data centres in 2025 (1.15 in 2024)"),
    "azure": ("1.18", 2024, "dcd-2024-pue",
              "global fleet average reported by Microsoft (1.12 is the design PUE of its newest sites)"),
    "ovhcloud": ("1.2", 2021, "ovhcloud-2021",
                 "midpoint of the 1.1-1.3 range OVHcloud reports across its data centres (fiscal year 2021)"),
}
# The world's average after the IEA 2019 figure the upstream tables carry: IEA, Electricity 2025 (CO2 per kWh
# generated, 2024). Added by hand: no copied source holds a newer world value.
WORLD_2024 = {"country": "WORLD", "country_name": "World", "source_id": "iea-electricity-2025", "year": 2024,
              "g_per_kwh": "445", "basis": DIRECT_CO2}
# Figures that are no provider-reported fleet average (a blog's, a range's midpoint) are kept, but never offered
# as the best PUE in the what-ifs.
UNVERIFIED_PUE = {"oracle", "ovhcloud"}

# Year of Green Algorithms' CI_aggregated.csv rows when neither column names one
# (SOURCES.md: most rows are 2020 data).
GREEN_ALGORITHMS_DEFAULT_YEAR = 2020
GREEN_ALGORITHMS_YEAR_PATTERNS = [
    re.compile(r"data from (?:[a-z]+ )?(\d{4})", re.IGNORECASE),  # "Data from April 2022"
    re.compile(r"based on (\d{4})", re.IGNORECASE),  # "based on 2019 data"
    re.compile(r"using (\d{4})/\d{2} data", re.IGNORECASE),  # "using 2019/20 data"
]

# GCP regions outside the US -> ISO 3166-1 alpha-2 of the Location in 2024.csv.
GCP_REGION_COUNTRY = {
    "africa-south1": "ZA",  # Johannesburg
    "asia-east1": "TW",  # Taiwan (Changhua County)
    "asia-east2": "HK",  # Hong Kong
    "asia-northeast1": "JP",  # Tokyo
    "asia-northeast2": "JP",  # Osaka
    "asia-northeast3": "KR",  # Seoul
    "asia-south1": "IN",  # Mumbai
    "asia-south2": "IN",  # Delhi
    "asia-southeast1": "SG",  # Singapore
    "asia-southeast2": "ID",  # Jakarta
    "australia-southeast1": "AU",  # Sydney
    "australia-southeast2": "AU",  # Melbourne
    "europe-central2": "PL",  # Warsaw
    "europe-north1": "FI",  # Finland (Hamina)
    "europe-north2": "SE",  # Stockholm
    "europe-southwest1": "ES",  # Madrid
    "europe-west1": "BE",  # Belgium (St. Ghislain)
    "europe-west2": "GB",  # London
    "europe-west3": "DE",  # Frankfurt
    "europe-west4": "NL",  # Eemshaven
    "europe-west6": "CH",  # Zürich
    "europe-west8": "IT",  # Milan
    "europe-west9": "FR",  # Paris
    "europe-west10": "DE",  # Berlin
    "europe-west12": "IT",  # Turin
    "me-central1": "QA",  # Doha
    "me-central2": "SA",  # Dammam
    "me-west1": "IL",  # Tel Aviv
    "northamerica-northeast1": "CA",  # Montréal
    "northamerica-northeast2": "CA",  # Toronto
    "northamerica-south1": "MX",  # Mexico (Querétaro)
    "southamerica-east1": "BR",  # São Paulo
    "southamerica-west1": "CL",  # Santiago
}
GCP_US_PREFIX = "us-"

# Spelling fixes to Google's Location column (the source has "Sāo Paulo").
GCP_CITY_CORRECTIONS = {"Sāo Paulo": "São Paulo"}

# Country names used by mlco2/impact impact.csv (aws and azure rows) -> alpha-2.
IMPACT_COUNTRY_CODES = {
    "Australia": "AU",
    "Brazil": "BR",
    "Canada": "CA",
    "China": "CN",
    "France": "FR",
    "Germany": "DE",
    "Hong Kong": "HK",
    "India": "IN",
    "Ireland": "IE",
    "Japan": "JP",
    "Netherlands": "NL",
    "Singapore": "SG",
    "South Africa": "ZA",
    "South Korea": "KR",
    "Sweden": "SE",
    "United Kingdom": "GB",
    "USA": "US",
}
# impact.csv files Hong Kong under "China"; the grid tables list HK separately.
IMPACT_CITY_COUNTRY_OVERRIDES = {"Hong Kong": "HK"}

# Green Algorithms cloudProviders_datacenters.csv: fixes for its Azure rows.
AZURE_NAME_TYPOS = {"Northeastt": "Northeast"}
GREEN_ALGORITHMS_LOCATION_COUNTRY = {"CN-HK": "HK"}  # Hong Kong, not mainland China
AZURE_EMPTY_LOCATION_COUNTRY = {"qatarcentral": "QA"}  # location empty; Doha
# Regions that no longer exist (Microsoft closed its German "sovereign cloud" regions in October 2021).
CLOSED_REGIONS = {("azure", "germanycentral"), ("azure", "germanynortheast")}
# European regions the upstream tables lack, from the providers' own region lists: (provider, region, country,
# city, source_id). Their intensity is their country's.
EXTRA_REGIONS = [
    ("aws", "eu-central-2", "CH", "Zurich", "aws-regions"),
    ("aws", "eu-south-1", "IT", "Milan", "aws-regions"),
    ("aws", "eu-south-2", "ES", "Aragón", "aws-regions"),
    ("azure", "belgiumcentral", "BE", "Brussels", "azure-regions"),
    ("azure", "swedencentral", "SE", "Gävle and Sandviken", "azure-regions"),
    ("ovhcloud", "bhs", "CA", "Beauharnois, Québec", "ovhcloud-regions"),
    ("ovhcloud", "de", "DE", "Frankfurt (Limburg)", "ovhcloud-regions"),
    ("ovhcloud", "eu-south-mil", "IT", "Milan", "ovhcloud-regions"),
    ("ovhcloud", "eu-west-par", "FR", "Paris", "ovhcloud-regions"),
    ("ovhcloud", "gra", "FR", "Gravelines", "ovhcloud-regions"),
    ("ovhcloud", "rbx", "FR", "Roubaix", "ovhcloud-regions"),
    ("ovhcloud", "sbg", "FR", "Strasbourg", "ovhcloud-regions"),
    ("ovhcloud", "uk", "GB", "London (Erith)", "ovhcloud-regions"),
    ("ovhcloud", "waw", "PL", "Warsaw (Ożarów Mazowiecki)", "ovhcloud-regions"),
    # National research systems our readers train on, as locations of their own ("hpc:<system>").
    ("hpc", "hortense", "BE", "Hortense (VSC Tier-1), Ghent", "vsc-hortense"),
    ("hpc", "lumi", "FI", "LUMI, Kajaani", "lumi"),
    ("hpc", "snellius", "NL", "Snellius (SURF), Amsterdam", "surf-snellius"),
]
# AWS, Azure and OVHcloud regions that sit in a state or province with a grid of its own: Green Algorithms' value
# for it (direct, 2019 or 2020) is one of their rows in region_intensity.csv, an older one where a current source
# exists (Québec's hydro grid is not Canada's).
REGION_SUBNATIONAL = {
    ("aws", "ap-southeast-2"): "AU-NSW", ("aws", "ca-central-1"): "CA-QC", ("aws", "us-east-1"): "US-VA",
    ("aws", "us-east-2"): "US-OH", ("aws", "us-gov-east-1"): "US-OH",
    ("aws", "us-gov-west-1"): "US-WA", ("aws", "us-west-1"): "US-CA", ("aws", "us-west-2"): "US-OR",
    ("azure", "australiacentral"): "AU-ACT", ("azure", "australiacentral2"): "AU-ACT",
    ("azure", "australiaeast"): "AU-NSW", ("azure", "australiasoutheast"): "AU-VIC",
    ("azure", "canadacentral"): "CA-ON", ("azure", "canadaeast"): "CA-QC", ("azure", "centralus"): "US-IA",
    ("azure", "eastus"): "US-VA", ("azure", "eastus2"): "US-VA", ("azure", "northcentralus"): "US-IL",
    ("azure", "southcentralus"): "US-TX", ("azure", "westcentralus"): "US-WY", ("azure", "westus"): "US-CA",
    ("azure", "westus2"): "US-WA", ("azure", "westus3"): "US-AZ", ("ovhcloud", "bhs"): "CA-QC",
}
# Cities the upstream tables have wrong: Azure West Central US is in Wyoming (Cheyenne), not Mountain View.
CITY_CORRECTIONS = {("azure", "westcentralus"): "Cheyenne, Wyoming"}

REGION_COLUMNS = ["region", "source_id", "year", "g_per_kwh", "basis", "note"]

# One pound is 0.45359237 kg (exact, by definition), so x lb/MWh = x * 0.45359237 g/kWh.
LB_TO_KG = 0.45359237

# EPA eGRID2023 (data year 2023; released January 2025, revision 2 of June 2025), summary tables, "Subregion
# Output Emission Rates": the annual total output emission rate of CO2 equivalent (SRC2ERTA), lb/MWh. eGRID
# counts emissions at the plants only (combustion), so these are direct factors. Only the subregions in which
# cloud regions sit are typed in.
EGRID_SOURCE, EGRID_YEAR = "epa-egrid-2023", 2023
EGRID2023_CO2E_LB_PER_MWH = {
    "AZNM": ("WECC Southwest", "706.189"),
    "CAMX": ("WECC California", "429.983"),
    "ERCT": ("ERCOT All", "736.629"),
    "MROW": ("MRO West", "926.552"),
    "NWPP": ("WECC Northwest", "635.267"),
    "RFCW": ("RFC West", "916.054"),
    "RMPA": ("WECC Rockies", "1042.539"),
    "SPSO": ("SPP South", "875.567"),
    "SRSO": ("SERC South", "846.007"),
    "SRVC": ("SERC Virginia/Carolina", "596.326"),
}
# The eGRID subregion each US cloud region's data centres are in, from the region's city or state in
# cloud_regions.csv (the utility that serves it decides the subregion, not the state line).
REGION_EGRID_SUBREGION = {
    ("aws", "us-east-1"): "SRVC",  # Northern Virginia (Ashburn)
    ("aws", "us-east-2"): "RFCW",  # Ohio (Columbus)
    ("aws", "us-gov-east-1"): "RFCW",  # Dublin, Ohio, as impact.csv gives it
    ("aws", "us-gov-west-1"): "NWPP",  # Seattle, as impact.csv gives it
    ("aws", "us-west-1"): "CAMX",  # Northern California
    ("aws", "us-west-2"): "NWPP",  # Oregon
    ("azure", "centralus"): "MROW",  # Des Moines, Iowa
    ("azure", "eastus"): "SRVC",  # Virginia
    ("azure", "eastus2"): "SRVC",  # Boydton, Virginia
    ("azure", "northcentralus"): "RFCW",  # Chicago, Illinois (PJM)
    ("azure", "southcentralus"): "ERCT",  # San Antonio, Texas
    ("azure", "westcentralus"): "RMPA",  # Cheyenne, Wyoming
    ("azure", "westus"): "CAMX",  # California
    ("azure", "westus2"): "NWPP",  # Quincy, Washington
    ("azure", "westus3"): "AZNM",  # Arizona
    ("gcp", "us-central1"): "MROW",  # Iowa (Council Bluffs)
    ("gcp", "us-central2"): "SPSO",  # Oklahoma (Pryor)
    ("gcp", "us-east1"): "SRVC",  # South Carolina (Berkeley County)
    ("gcp", "us-east2"): "SRSO",  # Georgia
    ("gcp", "us-east4"): "SRVC",  # Northern Virginia
    ("gcp", "us-east5"): "RFCW",  # Columbus, Ohio
    ("gcp", "us-south1"): "ERCT",  # Dallas, Texas
    ("gcp", "us-west1"): "NWPP",  # Oregon (The Dalles)
    ("gcp", "us-west2"): "CAMX",  # Los Angeles
    ("gcp", "us-west3"): "NWPP",  # Salt Lake City, Utah
    ("gcp", "us-west4"): "NWPP",  # Las Vegas, Nevada
}

# Google's earlier yearly files (GoogleCloudPlatform/region-carbon-info, data/yearly/<year>.csv): the grid
# intensity per GCP region, g/kWh as published. The 2019 and 2020 files publish life-cycle intensity ("Lifecycle
# grid carbon intensity"); from 2021 on the files publish the grid's average operational emissions (direct).
GOOGLE_EARLIER_YEARS = {
    2019: (LIFE_CYCLE, {
        "asia-east1": "541", "asia-east2": "506", "asia-northeast1": "569", "asia-northeast2": "414",
        "asia-northeast3": "490", "asia-south1": "752", "asia-southeast1": "493", "asia-southeast2": "647",
        "australia-southeast1": "725", "europe-north1": "181", "europe-west1": "196", "europe-west2": "257",
        "europe-west3": "319", "europe-west4": "474", "europe-west6": "87", "northamerica-northeast1": "27",
        "southamerica-east1": "109", "us-central1": "479", "us-east1": "500", "us-east4": "383",
        "us-west1": "117", "us-west2": "248", "us-west3": "561", "us-west4": "491"}),
    2020: (LIFE_CYCLE, {
        "asia-east1": "540", "asia-east2": "453", "asia-northeast1": "554", "asia-northeast2": "442",
        "asia-northeast3": "457", "asia-south1": "721", "asia-south2": "657", "asia-southeast1": "493",
        "asia-southeast2": "647", "australia-southeast1": "727", "australia-southeast2": "691",
        "europe-central2": "622", "europe-north1": "133", "europe-west1": "212", "europe-west2": "231",
        "europe-west3": "293", "europe-west4": "410", "europe-west6": "87", "northamerica-northeast1": "27",
        "southamerica-east1": "103", "us-central1": "454", "us-east1": "480", "us-east4": "361",
        "us-west1": "78", "us-west2": "253", "us-west3": "533", "us-west4": "455"}),
    2021: (DIRECT, {
        "asia-east1": "456", "asia-east2": "360", "asia-northeast1": "464", "asia-northeast2": "384",
        "asia-northeast3": "425", "asia-south1": "670", "asia-south2": "671", "asia-southeast1": "372",
        "asia-southeast2": "580", "australia-southeast1": "598", "australia-southeast2": "521",
        "europe-central2": "576", "europe-north1": "127", "europe-southwest1": "121", "europe-west1": "110",
        "europe-west2": "172", "europe-west3": "269", "europe-west4": "283", "europe-west6": "86",
        "europe-west8": "298", "europe-west9": "59", "northamerica-northeast1": "0",
        "northamerica-northeast2": "29", "southamerica-east1": "129", "southamerica-west1": "190",
        "us-central1": "394", "us-east1": "434", "us-east4": "309", "us-east5": "309", "us-south1": "296",
        "us-west1": "60", "us-west2": "190", "us-west3": "448", "us-west4": "365"}),
    2022: (DIRECT, {
        "asia-east1": "453", "asia-east2": "360", "asia-northeast1": "463", "asia-northeast2": "383",
        "asia-northeast3": "425", "asia-south1": "555", "asia-south2": "632", "asia-southeast1": "372",
        "asia-southeast2": "580", "australia-southeast1": "538", "australia-southeast2": "490",
        "europe-central2": "738", "europe-north1": "112", "europe-southwest1": "160", "europe-west1": "123",
        "europe-west2": "166", "europe-west3": "413", "europe-west4": "317", "europe-west6": "118",
        "europe-west8": "323", "europe-west9": "71", "europe-west12": "323", "me-west1": "476",
        "northamerica-northeast1": "0", "northamerica-northeast2": "36", "southamerica-east1": "65",
        "southamerica-west1": "165", "us-central1": "460", "us-east1": "532", "us-east4": "354",
        "us-east5": "354", "us-south1": "342", "us-west1": "67", "us-west2": "202", "us-west3": "606",
        "us-west4": "396"}),
    2023: (DIRECT, {
        "africa-south1": "646", "asia-east1": "451", "asia-east2": "360", "asia-northeast1": "459",
        "asia-northeast2": "385", "asia-northeast3": "378", "asia-south1": "648", "asia-south2": "529",
        "asia-southeast1": "369", "asia-southeast2": "580", "australia-southeast1": "501",
        "australia-southeast2": "456", "europe-central2": "723", "europe-north1": "46",
        "europe-southwest1": "131", "europe-west1": "122", "europe-west2": "136", "europe-west3": "345",
        "europe-west4": "236", "europe-west6": "59", "europe-west8": "249", "europe-west9": "34",
        "europe-west10": "345", "europe-west12": "249", "me-central1": "575", "me-central2": "569",
        "me-west1": "463", "northamerica-northeast1": "2", "northamerica-northeast2": "47",
        "southamerica-east1": "56", "southamerica-west1": "138", "us-central1": "430", "us-east1": "560",
        "us-east4": "322", "us-east5": "322", "us-south1": "321", "us-west1": "94", "us-west2": "198",
        "us-west3": "588", "us-west4": "373"}),
}

# Regions of other providers in the same city or on the same provincial or state grid as a GCP region outside
# the US (where no eGRID subregion gives a second value): Google's 2024 value for that grid is a second,
# current source for them. Québec's and Ontario's grids are each one provincial system; the ACT is part of the
# New South Wales region of Australia's National Electricity Market.
SAME_GRID_GCP_REGION = {
    ("aws", "ap-southeast-2"): "australia-southeast1",  # Sydney
    ("aws", "ca-central-1"): "northamerica-northeast1",  # Montréal
    ("azure", "australiacentral"): "australia-southeast1",  # Canberra (ACT), NSW region of the NEM
    ("azure", "australiacentral2"): "australia-southeast1",  # Canberra (ACT), NSW region of the NEM
    ("azure", "australiaeast"): "australia-southeast1",  # Sydney (NSW)
    ("azure", "australiasoutheast"): "australia-southeast2",  # Melbourne (Victoria)
    ("azure", "canadacentral"): "northamerica-northeast2",  # Toronto (Ontario)
    ("azure", "canadaeast"): "northamerica-northeast1",  # Québec City, Hydro-Québec's grid
    ("ovhcloud", "bhs"): "northamerica-northeast1",  # Beauharnois, Hydro-Québec's grid
}
# Which row is a region's default when two rows are of the same year: the region's own provider first, then
# eGRID, then the other rows. Otherwise the most recent direct row is the default.
DEFAULT_SOURCE_ORDER = ("google-region-carbon-2024", EGRID_SOURCE, "green-algorithms")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the parsed command-line arguments."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES,
                        help="folder with the copied data sources "
                        "(default: ../shared/data-sources)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="folder to write the derived tables to (default: data/)")
    return parser.parse_args(argv)


def read_table(path: Path, *, skip_unit_line: bool = False) -> pd.DataFrame:
    """Return a CSV file as strings, stripped, with empty cells as ''."""
    # keep_default_na=False: "NA" is Namibia, not a missing value.
    frame = pd.read_csv(path, dtype=str, keep_default_na=False,
                        skiprows=1 if skip_unit_line else 0, encoding="utf-8")
    frame.columns = [column.strip() for column in frame.columns]
    for column in frame.columns:
        frame[column] = frame[column].str.strip()
    return frame


def format_number(value: float, ndigits: int = 2) -> str:
    """Return value rounded to ndigits, without float noise or a trailing '.0'."""
    if math.isnan(value):
        raise ValueError("NaN cannot be written")
    rounded = round(value, ndigits)
    if rounded == int(rounded):
        return str(int(rounded))
    return repr(rounded)


def owid_grid_rows(sources: Path) -> list[Row]:
    """Return one OWID row per country of carbontracker's carbon-intensities.csv."""
    frame = read_table(sources / "carbon-intensities.csv")
    value_column = "Carbon intensity of electricity (gCO2eq/kWh)"
    rows: list[Row] = []
    for record in frame.to_dict("records"):
        if not record["alpha-2"]:
            continue
        rows.append({
            "country": record["alpha-2"].upper(),
            "country_name": record["Entity"],
            "source_id": "owid",
            "year": int(record["Year"]),
            "g_per_kwh": format_number(float(record[value_column])),
            "basis": LIFE_CYCLE,
        })
    return rows


def owid_energy_mix_rows(sources: Path) -> list[Row]:
    """Return the earlier OWID vintage of CodeCarbon's global_energy_mix.json, one row per country.

    Only countries whose value there is of an earlier year than in carbon-intensities.csv are kept:
    they give each country a second, same-basis value, one or two years older.
    """
    data = json.loads((sources / "global_energy_mix.json").read_text(encoding="utf-8"))
    codes = {r["Code"].upper(): r for r in read_table(sources / "carbon-intensities.csv").to_dict("records")
             if r["Code"] and r["alpha-2"]}
    rows: list[Row] = []
    for iso3, entry in sorted(data.items()):
        latest = codes.get(iso3.upper())
        if latest is None or int(entry["year"]) >= int(latest["Year"]):
            continue
        rows.append({
            "country": latest["alpha-2"].upper(),
            "country_name": latest["Entity"],
            "source_id": "owid-energy-mix",
            "year": int(entry["year"]),
            "g_per_kwh": format_number(float(entry["carbon_intensity"])),
            "basis": LIFE_CYCLE,
        })
    return rows


def country_code_rows(sources: Path) -> list[Row]:
    """Return the alpha-2 and alpha-3 code of every country in carbon-intensities.csv (for CodeCarbon logs)."""
    frame = read_table(sources / "carbon-intensities.csv")
    return sorted(({"alpha2": r["alpha-2"].upper(), "alpha3": r["Code"].upper(), "name": r["Entity"]}
                   for r in frame.to_dict("records") if r["alpha-2"] and r["Code"]), key=lambda r: r["alpha2"])


def green_algorithms_year(comments: str, source: str) -> int:
    """Return the data year named in a CI_aggregated.csv row (comments first, then source)."""
    for text in (comments, source):
        for pattern in GREEN_ALGORITHMS_YEAR_PATTERNS:
            match = pattern.search(text)
            if match:
                return int(match.group(1))
    return GREEN_ALGORITHMS_DEFAULT_YEAR


def green_algorithms_grid_rows(sources: Path) -> list[Row]:
    """Return Green Algorithms' country rows and its world row from CI_aggregated.csv."""
    frame = read_table(sources / "CI_aggregated.csv", skip_unit_line=True)
    rows: list[Row] = []
    for record in frame.to_dict("records"):
        if record["Type"] == "Country":
            country, name = record["location"].upper(), record["countryName"]
        elif record["Type"] == "World":
            country, name = "WORLD", "World"
        else:
            continue  # sub-national regions are not country rows
        rows.append({
            "country": country,
            "country_name": name,
            "source_id": "green-algorithms",
            "year": green_algorithms_year(record["comments"], record["source"]),
            "g_per_kwh": format_number(float(record["carbonIntensity"])),
            "basis": DIRECT_CO2 if country == "WORLD" else DIRECT,  # the world row is the IEA's CO2 figure
        })
    return rows


def codecarbon_world_rows(sources: Path, existing: Iterable[Row]) -> list[Row]:
    """Return CodeCarbon's world average as a row, or nothing when it repeats an existing one."""
    data = json.loads((sources / "carbon_intensity_per_source.json").read_text(encoding="utf-8"))
    value = format_number(float(data["world_average"]))
    if any(row["country"] == "WORLD" and row["g_per_kwh"] == value for row in existing):
        return []
    print(f"note: CodeCarbon world average {value} differs; add 'codecarbon' to data/sources.csv",
          file=sys.stderr)
    return [{"country": "WORLD", "country_name": "World", "source_id": "codecarbon",
             "year": 2019, "g_per_kwh": value, "basis": DIRECT_CO2}]


def grid_intensity_rows(sources: Path) -> list[Row]:
    """Return all grid-intensity rows, sorted by country and source."""
    rows = owid_grid_rows(sources) + owid_energy_mix_rows(sources) + green_algorithms_grid_rows(sources)
    rows += codecarbon_world_rows(sources, rows)
    rows += [dict(WORLD_2024)]
    return sorted(rows, key=lambda row: (str(row["country"]), str(row["source_id"])))


def gcp_country(region: str) -> str:
    """Return the alpha-2 country of a GCP region, failing on an unmapped region."""
    if region.startswith(GCP_US_PREFIX):
        return "US"
    try:
        return GCP_REGION_COUNTRY[region]
    except KeyError:
        raise SystemExit(f"2024.csv: GCP region {region!r} has no country; add it to "
                         "GCP_REGION_COUNTRY") from None


def gcp_region_rows(sources: Path) -> list[Row]:
    """Return Google's 2024 grid intensity and CFE share per GCP region."""
    frame = read_table(sources / "2024.csv")
    rows: list[Row] = []
    for record in frame.to_dict("records"):
        region = record["Google Cloud Region"]
        rows.append({
            "provider": "gcp",
            "region": region,
            "country": gcp_country(region),
            "city": GCP_CITY_CORRECTIONS.get(record["Location"], record["Location"]),
            "g_per_kwh": format_number(float(record["Grid carbon intensity (gCO2eq / kWh)"])),
            "year": 2024,
            "source_id": "google-region-carbon-2024",
            "cfe": format_number(float(record["Google CFE"])),
            "basis": DIRECT,
        })
    return rows


def impact_country(country: str, city: str) -> str:
    """Return the alpha-2 code of an impact.csv country name, failing on an unknown one."""
    if city in IMPACT_CITY_COUNTRY_OVERRIDES:
        return IMPACT_CITY_COUNTRY_OVERRIDES[city]
    try:
        return IMPACT_COUNTRY_CODES[country]
    except KeyError:
        raise SystemExit(f"impact.csv: country {country!r} has no code; add it to "
                         "IMPACT_COUNTRY_CODES") from None


def region_mapping_row(provider: str, region: str, country: str, city: str, source_id: str) -> Row:
    """Return a cloud-region row that maps a region to its country only (its intensity is the country's)."""
    return {"provider": provider, "region": region, "country": country, "city": city,
            "g_per_kwh": "", "year": "", "source_id": source_id, "cfe": "", "basis": ""}


def impact_region_rows(sources: Path) -> list[Row]:
    """Return AWS and Azure region -> country/city rows from mlco2/impact's impact.csv."""
    frame = read_table(sources / "impact.csv")
    rows: list[Row] = []
    for record in frame.to_dict("records"):
        if record["provider"] not in ("aws", "azure"):
            continue
        city = record["city"].rstrip(",").strip()
        rows.append(region_mapping_row(record["provider"], record["region"],
                                       impact_country(record["country"], city), city,
                                       "mlco2-impact"))
    return rows


def azure_region_code(display_name: str) -> str:
    """Return Azure's region code for a display name such as 'Germany North (Public)'."""
    name = re.sub(r"\(.*?\)", "", display_name)
    for typo, fix in AZURE_NAME_TYPOS.items():
        name = name.replace(typo, fix)
    return re.sub(r"\s+", "", name).lower()


def green_algorithms_azure_country(location: str, region: str) -> str:
    """Return the alpha-2 country of a Green Algorithms location code such as 'US-VA'."""
    if location in GREEN_ALGORITHMS_LOCATION_COUNTRY:
        return GREEN_ALGORITHMS_LOCATION_COUNTRY[location]
    if location:
        return location[:2].upper()
    try:
        return AZURE_EMPTY_LOCATION_COUNTRY[region]
    except KeyError:
        raise SystemExit(f"cloudProviders_datacenters.csv: azure {region!r} "
                         "has no location") from None


def green_algorithms_azure_rows(sources: Path, known_regions: set[str]) -> list[Row]:
    """Return Azure regions of cloudProviders_datacenters.csv that impact.csv lacks."""
    frame = read_table(sources / "cloudProviders_datacenters.csv", skip_unit_line=True)
    rows: list[Row] = []
    for record in frame.to_dict("records"):
        if record["provider"] != "azure":
            continue
        region = azure_region_code(record["Name"])
        if region in known_regions:
            continue
        country = green_algorithms_azure_country(record["location"], region)
        rows.append(region_mapping_row("azure", region, country, record["location_freeForm"],
                                       "green-algorithms"))
    return rows


def subnational_values(sources: Path) -> dict[str, tuple[str, int, str]]:
    """Return Green Algorithms' value, year and name for each state or province (US-VA, CA-QC, AU-NSW, ...)."""
    frame = read_table(sources / "CI_aggregated.csv", skip_unit_line=True)
    return {r["location"].upper(): (format_number(float(r["carbonIntensity"])),
                                    green_algorithms_year(r["comments"], r["source"]), r["regionName"])
            for r in frame.to_dict("records") if r["Type"] == "Region"}


def egrid_g_per_kwh(lb_per_mwh: str) -> str:
    """Return an eGRID rate in lb/MWh as g/kWh (1 lb = 0.45359237 kg)."""
    return format_number(float(lb_per_mwh) * LB_TO_KG)


def region_key(provider: object, region: object) -> str:
    """Return the "provider:region" key under which the reference tables know a cloud region."""
    return f"{provider}:{region}"


def google_region_intensity_rows(sources: Path) -> list[Row]:
    """Return Google's own value of each GCP region for 2024 (2024.csv) and the earlier years it publishes."""
    rows: list[Row] = []
    for record in read_table(sources / "2024.csv").to_dict("records"):
        rows.append({"region": region_key("gcp", record["Google Cloud Region"]),
                     "source_id": "google-region-carbon-2024", "year": 2024,
                     "g_per_kwh": format_number(float(record["Grid carbon intensity (gCO2eq / kWh)"])),
                     "basis": DIRECT, "note": "Google's grid carbon intensity for the region, 2024 file"})
    known = {row["region"] for row in rows}
    for year, (basis, values) in GOOGLE_EARLIER_YEARS.items():
        what = "life-cycle grid intensity" if basis == LIFE_CYCLE else "grid carbon intensity"
        for region, value in values.items():
            key = region_key("gcp", region)
            if key not in known:
                raise SystemExit(f"GOOGLE_EARLIER_YEARS {year}: {region!r} is not a region of 2024.csv")
            rows.append({"region": key, "source_id": f"google-region-carbon-{year}", "year": year,
                         "g_per_kwh": format_number(float(value)), "basis": basis,
                         "note": f"Google's {what} for the region, {year} file"})
    return rows


def egrid_region_intensity_rows() -> list[Row]:
    """Return the eGRID2023 subregion rate of every US cloud region in REGION_EGRID_SUBREGION."""
    rows: list[Row] = []
    for (provider, region), subregion in REGION_EGRID_SUBREGION.items():
        name, rate = EGRID2023_CO2E_LB_PER_MWH[subregion]
        rows.append({"region": region_key(provider, region), "source_id": EGRID_SOURCE, "year": EGRID_YEAR,
                     "g_per_kwh": egrid_g_per_kwh(rate), "basis": DIRECT,
                     "note": f"eGRID subregion {subregion} ({name}): CO2e total output emission rate "
                             f"{rate} lb/MWh x 0.45359237"})
    return rows


def green_algorithms_region_intensity_rows(sources: Path) -> list[Row]:
    """Return Green Algorithms' state or province value of every region in REGION_SUBNATIONAL."""
    values = subnational_values(sources)
    rows: list[Row] = []
    for (provider, region), code in REGION_SUBNATIONAL.items():
        if code not in values:
            raise SystemExit(f"CI_aggregated.csv has no region {code!r}")
        value, year, name = values[code]
        rows.append({"region": region_key(provider, region), "source_id": "green-algorithms", "year": year,
                     "g_per_kwh": value, "basis": DIRECT,
                     "note": f"Green Algorithms' value for {name} ({code}), state or province level"})
    return rows


def same_grid_region_intensity_rows(google_rows: list[Row]) -> list[Row]:
    """Return Google's 2024 value of a GCP region for the other providers' regions on the same grid."""
    google_2024 = {row["region"]: row for row in google_rows if row["source_id"] == "google-region-carbon-2024"}
    rows: list[Row] = []
    for (provider, region), gcp_region in SAME_GRID_GCP_REGION.items():
        source = google_2024[region_key("gcp", gcp_region)]
        rows.append({**source, "region": region_key(provider, region),
                     "note": f"Google's 2024 grid carbon intensity for its {gcp_region} region, on the same grid"})
    return rows


def region_intensity_rows(sources: Path) -> list[Row]:
    """Return every published intensity of a cloud region, sorted by region and source."""
    google = google_region_intensity_rows(sources)
    rows = (google + egrid_region_intensity_rows() + green_algorithms_region_intensity_rows(sources)
            + same_grid_region_intensity_rows(google))
    keys = [(row["region"], row["source_id"]) for row in rows]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise SystemExit(f"duplicate region intensities: {duplicates}")
    return sorted(rows, key=lambda row: (str(row["region"]), str(row["source_id"])))


def default_intensity(rows: list[Row]) -> Row | None:
    """Return a region's default row: the most recent direct one, ties broken by DEFAULT_SOURCE_ORDER."""
    direct = [row for row in rows if row["basis"] == DIRECT]
    if not direct:
        return None

    def rank(row: Row) -> tuple[int, int]:
        source = str(row["source_id"])
        order = DEFAULT_SOURCE_ORDER.index(source) if source in DEFAULT_SOURCE_ORDER else len(DEFAULT_SOURCE_ORDER)
        return int(row["year"]), -order

    return max(direct, key=rank)


def with_region_defaults(rows: list[Row], intensities: list[Row]) -> list[Row]:
    """Return the cloud-region rows with the most current published intensity of each as its default."""
    by_region: dict[str, list[Row]] = {}
    for row in intensities:
        by_region.setdefault(str(row["region"]), []).append(row)
    unknown = sorted(set(by_region) - {region_key(row["provider"], row["region"]) for row in rows})
    if unknown:
        raise SystemExit(f"region intensities for unknown cloud regions: {unknown}")
    for row in rows:
        default = default_intensity(by_region.get(region_key(row["provider"], row["region"]), []))
        if default is not None:
            row["g_per_kwh"], row["year"] = default["g_per_kwh"], default["year"]
            row["source_id"], row["basis"] = default["source_id"], default["basis"]
    return rows


def cloud_region_rows(sources: Path) -> list[Row]:
    """Return all cloud-region rows, sorted by provider and region, without duplicates."""
    rows = gcp_region_rows(sources) + impact_region_rows(sources)
    azure_known = {str(row["region"]) for row in rows if row["provider"] == "azure"}
    rows += green_algorithms_azure_rows(sources, azure_known)
    known = {(str(row["provider"]), str(row["region"])) for row in rows}
    rows += [region_mapping_row(p, r, country, city, source) for p, r, country, city, source in EXTRA_REGIONS
             if (p, r) not in known]
    rows = [row for row in rows if (row["provider"], row["region"]) not in CLOSED_REGIONS]
    for row in rows:
        row["city"] = CITY_CORRECTIONS.get((str(row["provider"]), str(row["region"])), row["city"])
    keys = [(row["provider"], row["region"]) for row in rows]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise SystemExit(f"duplicate cloud regions: {duplicates}")
    rows = with_region_defaults(rows, region_intensity_rows(sources))
    return sorted(rows, key=lambda row: (str(row["provider"]), str(row["region"])))


def pue_source(source: str) -> tuple[str, int, str]:
    """Return (source_id, year, note) for the source text of a defaults_PUE.csv row."""
    if "uptimeinstitute.com" in source and source.startswith("2024"):
        return "uptime-2024", 2024, "global average, Uptime Institute 2024 survey"
    if "nutanix.dev/2023/" in source:
        return "nutanix-2023", 2023, "provider-wide average, Nutanix blog 2023"
    raise SystemExit(f"defaults_PUE.csv: unknown PUE source {source!r}")


def pue_rows(sources: Path) -> list[Row]:
    """Return PUE per provider key (Green Algorithms defaults plus Uptime 2018), sorted."""
    frame = read_table(sources / "defaults_PUE.csv", skip_unit_line=True)
    rows: list[Row] = []
    for record in frame.to_dict("records"):
        provider = record["provider"].lower()
        source_id, year, note = pue_source(record["source"])
        key = "on-premise" if provider == "unknown" else provider
        if key == "on-premise":
            note = ("Uptime Institute 2024 survey: average of operators' largest data centres "
                    "(IDC puts on-premises enterprise rooms near 1.63, idc-2025)")
        row = {"provider": key, "pue": format_number(float(record["PUE"])), "year": year,
               "source_id": source_id, "note": note, "whatif": "no" if key in UNVERIFIED_PUE else "yes"}
        if key in PROVIDER_PUE_REPORTS:
            pue, year, source_id, note = PROVIDER_PUE_REPORTS[key]
            row.update(pue=pue, year=year, source_id=source_id, note=note)
        rows.append(row)
    rows.append({"provider": "uptime-2018", "pue": "1.58", "year": 2018, "source_id": "uptime-2018",
                 "note": "2018 global average (Ascierto 2018), the PUE Strubell et al. 2019 used", "whatif": "no"})
    return sorted(rows, key=lambda row: str(row["provider"]))


def write_table(path: Path, columns: list[str], rows: Iterable[Mapping[str, object]]) -> int:
    """Write rows as CSV with exactly the given columns; return the number of rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n",
                                extrasaction="raise")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    """Derive every generated table; return the process exit code."""
    args = parse_args(argv)
    sources, out = args.sources.resolve(), args.out.resolve()
    if not sources.is_dir():
        print(f"error: no data sources at {sources}. This script rebuilds the derived tables of data/ from the "
              "public sources listed in data/SOURCES.md, kept in the folder 'shared/data-sources' beside the "
              "project's checkout; name another copy with --sources DIR. reportgen itself does not need them: "
              "the derived tables are committed.", file=sys.stderr)
        return 2
    try:
        tables = [
            ("grid_intensity.csv", GRID_COLUMNS, grid_intensity_rows(sources)),
            ("cloud_regions.csv", CLOUD_COLUMNS, cloud_region_rows(sources)),
            ("region_intensity.csv", REGION_COLUMNS, region_intensity_rows(sources)),
            ("pue.csv", PUE_COLUMNS, pue_rows(sources)),
            ("country_codes.csv", ["alpha2", "alpha3", "name"], country_code_rows(sources)),
        ]
    except FileNotFoundError as exc:
        print(f"error: {exc.filename} is missing: it is one of the public sources the derived tables are made "
              "from (see data/SOURCES.md)", file=sys.stderr)
        return 2
    for name, columns, rows in tables:  # all tables are built before any is written
        count = write_table(out / name, columns, rows)
        print(f"wrote {out / name} ({count} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
