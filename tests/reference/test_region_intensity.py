"""Every published grid intensity of a cloud region: the default is the most current, and a second source is kept."""

from __future__ import annotations

import re

import pytest

from reportgen.reference import Reference

# Regions whose grid has one published value only: Google's 2024 file is the first to list them.
SINGLE_SOURCE = {"gcp:europe-north2", "gcp:northamerica-south1"}

# (region, source of the default, its year, g/kWh): EPA eGRID2023 for US regions, the subregion's CO2e total
# output emission rate in lb/MWh x 0.45359237; Google's 2024 value for GCP regions and for the other providers'
# regions on the same Canadian or Australian grid.
REFRESHED = [
    ("aws:us-east-1", "epa-egrid-2023", 2023, 270.49),  # SRVC 596.326 lb/MWh
    ("aws:us-east-2", "epa-egrid-2023", 2023, 415.52),  # RFCW 916.054
    ("aws:us-west-1", "epa-egrid-2023", 2023, 195.04),  # CAMX 429.983
    ("aws:us-west-2", "epa-egrid-2023", 2023, 288.15),  # NWPP 635.267
    ("azure:centralus", "epa-egrid-2023", 2023, 420.28),  # MROW 926.552
    ("azure:southcentralus", "epa-egrid-2023", 2023, 334.13),  # ERCT 736.629
    ("azure:westcentralus", "epa-egrid-2023", 2023, 472.89),  # RMPA 1042.539
    ("azure:westus3", "epa-egrid-2023", 2023, 320.32),  # AZNM 706.189
    ("aws:ca-central-1", "google-region-carbon-2024", 2024, 5.48),  # Google's Montréal region
    ("azure:canadacentral", "google-region-carbon-2024", 2024, 58.56),  # Google's Toronto region
    ("azure:australiasoutheast", "google-region-carbon-2024", 2024, 454.37),  # Google's Melbourne region
    ("gcp:us-west1", "google-region-carbon-2024", 2024, 79.23),
]


@pytest.mark.parametrize(("region", "source_id", "year", "value"), REFRESHED, ids=[r[0] for r in REFRESHED])
def test_a_refreshed_regions_default_names_its_current_source_and_year(ref: Reference, region: str, source_id: str,
                                                                        year: int, value: float) -> None:
    row = ref.cloud_regions.loc[region]
    assert (row["source_id"], row["year"], row["g_per_kwh"], row["basis"]) == (source_id, year, value, "direct")


def test_every_region_with_a_value_has_a_second_source_where_one_exists(ref: Reference) -> None:
    counts = ref.region_intensity["region"].value_counts()
    with_value = set(ref.cloud_regions.index[ref.cloud_regions["g_per_kwh"].notna()])
    single = {region for region in with_value if counts.get(region, 0) < 2}
    assert single == SINGLE_SOURCE
    assert set(counts.index) == with_value  # no row for a region without a value, no value without a row


def test_a_regions_default_is_its_most_recent_direct_row(ref: Reference) -> None:
    rows = ref.region_intensity
    for region, default in ref.cloud_regions[ref.cloud_regions["g_per_kwh"].notna()].iterrows():
        own = rows[rows["region"] == region]
        match = own[own["source_id"] == default["source_id"]]
        assert len(match) == 1, region
        assert (match["g_per_kwh"].iloc[0], match["year"].iloc[0], match["basis"].iloc[0]) == (
            default["g_per_kwh"], default["year"], default["basis"]), region
        assert default["year"] == own.loc[own["basis"] == "direct", "year"].max(), region


def test_egrid_rates_are_converted_from_pounds_with_the_exact_factor(ref: Reference) -> None:
    egrid = ref.region_intensity[ref.region_intensity["source_id"] == "epa-egrid-2023"]
    assert len(egrid) == 26  # 6 AWS, 9 Azure and 11 GCP regions in the US
    for _, row in egrid.iterrows():
        pounds = float(re.search(r"rate ([\d.]+) lb/MWh x 0\.45359237", row["note"]).group(1))
        assert row["g_per_kwh"] == pytest.approx(round(pounds * 0.45359237, 2), abs=1e-9)
        assert (row["year"], row["basis"]) == (2023, "direct")
    nwpp = egrid[egrid["region"] == "aws:us-west-2"].iloc[0]
    assert "NWPP" in nwpp["note"] and nwpp["g_per_kwh"] == 288.15  # 635.267 lb/MWh


def test_the_older_state_values_are_kept_as_older_rows(ref: Reference) -> None:
    rows = ref.region_intensity.set_index(["region", "source_id"])
    assert (rows.at[("aws:us-west-2", "green-algorithms"), "g_per_kwh"],
            rows.at[("aws:us-west-2", "green-algorithms"), "year"]) == (163.15, 2020)
    assert rows.at[("aws:ca-central-1", "green-algorithms"), "g_per_kwh"] == 1.5  # Québec, 2019
    assert rows.at[("gcp:us-west1", "epa-egrid-2023"), "g_per_kwh"] == 288.15  # Google's region, eGRID's NWPP


def test_googles_earlier_years_keep_the_basis_each_file_publishes(ref: Reference) -> None:
    rows = ref.region_intensity
    google = rows[rows["source_id"].str.startswith("google-region-carbon-")]
    years = dict(zip(google["source_id"], google["year"], strict=False))
    assert years == {f"google-region-carbon-{year}": year for year in range(2019, 2025)}
    assert set(google.loc[google["year"] <= 2020, "basis"]) == {"life-cycle"}
    assert set(google.loc[google["year"] >= 2021, "basis"]) == {"direct"}
    europe_west4 = rows[rows["region"] == "gcp:europe-west4"].set_index("source_id")["g_per_kwh"]
    assert europe_west4.to_dict() == {"google-region-carbon-2019": 474, "google-region-carbon-2020": 410,
                                      "google-region-carbon-2021": 283, "google-region-carbon-2022": 317,
                                      "google-region-carbon-2023": 236, "google-region-carbon-2024": 208.81}
