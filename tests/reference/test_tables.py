"""The reference tables: hardware variants with their datasheet values, aliases, and what each draw covers."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from reportgen import estimate, load_scenarios, what_if_frame
from reportgen.errors import DataError
from reportgen.reference import Reference, load_reference
from reportgen.resources import data_dir

# (id, TDP in W, dense 16-bit peak in TFLOPS): the vendors' datasheets (Patterson et al. 2021 for the P100 SXM2).
VARIANTS = [
    ("nvidia-a100-40gb-sxm4", 400, 312), ("nvidia-a100-40gb-pcie", 250, 312),
    ("nvidia-a100-80gb-sxm4", 400, 312), ("nvidia-a100-80gb-pcie", 300, 312),
    ("nvidia-h100-sxm", 700, 989), ("nvidia-h100-pcie", 350, 756), ("nvidia-h100-nvl", 400, 835),
    ("nvidia-h200-sxm", 700, 989), ("nvidia-h200-nvl", 600, 835),
    ("nvidia-v100-sxm2", 300, 125), ("nvidia-v100-pcie", 250, 112),
    ("nvidia-p100-sxm2", 300, 21.2), ("nvidia-p100-pcie", 250, 18.7),
]
ALIASES = {"nvidia-a100-40gb": "nvidia-a100-40gb-sxm4", "nvidia-a100-80gb": "nvidia-a100-80gb-sxm4",
           "nvidia-h100": "nvidia-h100-sxm", "nvidia-h200": "nvidia-h200-sxm", "nvidia-v100": "nvidia-v100-sxm2",
           "nvidia-p100": "nvidia-p100-pcie", "nvidia-h800": "nvidia-h800-sxm", "nvidia-a800": "nvidia-a800-80gb-sxm4",
           "nvidia-a800-80gb": "nvidia-a800-80gb-sxm4"}


@pytest.mark.parametrize(("hardware", "tdp", "peak"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_each_variant_has_its_datasheet_power_and_peak(ref: Reference, hardware: str, tdp: float, peak: float) -> None:
    row = ref.hardware.loc[hardware]
    assert (row["tdp_w"], row["peak_tflops_16"]) == (tdp, peak)
    assert row["tdp_source_id"] != "measured-h200-2026"  # a TDP comes from a datasheet, never a measurement


def test_older_ids_are_aliases_that_say_which_variant_they_mean(write_file, ref: Reference,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    assert ref.hardware_aliases["id"].to_dict() == ALIASES
    path = write_file("scenarios:\n  - {id: a, name: A, hardware: nvidia-h100, hours: 10, location: NL}\n")
    with caplog.at_level(logging.INFO):
        scenario = load_scenarios(path, ref).scenarios[0]
    assert scenario.hardware == "nvidia-h100-sxm"
    assert "'nvidia-h100' stands for 'nvidia-h100-sxm'" in caplog.text and "nvidia-h100-pcie" in caplog.text


def test_each_draw_says_whether_it_is_the_gpu_alone_or_a_system_share(ref: Reference) -> None:
    draws = ref.hardware[ref.hardware["draw_w"].notna()]
    assert draws["draw_scope"].to_dict() == {
        "google-tpu-v2": "system", "google-tpu-v3": "system", "google-tpu-v4": "gpu", "nvidia-h200-sxm": "gpu",
        "nvidia-p100-sxm2": "system", "nvidia-v100-sxm2": "system"}


def test_a_system_draw_replaces_the_host_power_instead_of_adding_to_it(write_file, ref: Reference) -> None:
    path = write_file("scenarios:\n  - {id: a, name: A, hardware: google-tpu-v3, count: 8, hours: 10, "
                      "host_power_w: 800, pue: 1.2, location: BE}\n")
    row = what_if_frame(path).set_index("change").loc["measured_draw"]
    share = ref.uncertainty.loc["utilisation"].loc[ref.hardware.at["google-tpu-v3", "kind"]]
    before = (8 * 450 * (share["low"] + share["high"]) / 2 + 800) * 10 / 1000 * 1.2  # as the median draws it
    after = 8 * 283 * 10 / 1000 * 1.2
    assert row["co2e_kg_after"] / row["co2e_kg_before"] == pytest.approx(after / before)


def test_provider_pues_come_from_the_providers_and_unverified_ones_stay_out_of_the_what_ifs(ref: Reference) -> None:
    from reportgen.core import best_pue_provider

    pue = ref.pue
    assert (pue.at["gcp", "pue"], pue.at["gcp", "year"]) == (1.09, 2024)
    assert (pue.at["aws", "pue"], pue.at["aws", "year"]) == (1.14, 2025)
    assert (pue.at["azure", "pue"], pue.at["azure", "year"]) == (1.18, 2024)
    assert "largest" in pue.at["on-premise", "note"] and "1.63" in pue.at["on-premise", "note"]
    assert set(pue.index[pue["whatif"] == "no"]) == {"oracle", "ovhcloud", "uptime-2018"}
    assert best_pue_provider(ref) == "gcp"


def test_closed_regions_are_gone_and_cities_are_where_the_regions_are(ref: Reference) -> None:
    assert "azure:germanycentral" not in ref.cloud_regions.index
    assert "azure:germanynortheast" not in ref.cloud_regions.index
    assert ref.cloud_regions.at["azure:westcentralus", "city"] == "Cheyenne, Wyoming"


@pytest.mark.parametrize(("region", "country"), [("aws:eu-central-2", "CH"), ("aws:eu-south-1", "IT"),
                                                 ("aws:eu-south-2", "ES"), ("azure:belgiumcentral", "BE"),
                                                 ("azure:swedencentral", "SE")])
def test_the_european_regions_our_readers_use_are_known(ref: Reference, region: str, country: str) -> None:
    assert ref.cloud_regions.at[region, "country"] == country


@pytest.mark.parametrize(("hardware", "tdp"), [("nvidia-gtx-1080", 180), ("nvidia-rtx-a5000", 230),
                                               ("nvidia-rtx-a6000", 300)])
def test_the_workstation_cards_our_readers_use_are_known(ref: Reference, hardware: str, tdp: float) -> None:
    assert ref.hardware.at[hardware, "tdp_w"] == tdp


def test_regions_in_a_province_or_state_with_its_own_grid_use_it(ref: Reference) -> None:
    regions = ref.cloud_regions
    for region in ("aws:ca-central-1", "azure:canadaeast"):  # Québec's grid (Google's Montréal value), not Canada's
        assert (regions.at[region, "g_per_kwh"], regions.at[region, "basis"]) == (5.48, "direct")
    assert regions.at["azure:canadacentral", "g_per_kwh"] == 58.56  # Ontario (Google's Toronto value)
    assert regions.at["aws:us-east-1", "g_per_kwh"] == 270.49  # eGRID subregion SRVC (Virginia/Carolina)
    assert regions.at["aws:eu-west-1", "basis"] == ""  # a region without a value of its own: its country's


def test_national_research_systems_are_locations_named_in_the_brief(write_file) -> None:
    from reportgen.pipeline import brief_document

    path = write_file("scenarios:\n  - {id: s, name: S, hardware: nvidia-h100-sxm, count: 8, hours: 100, "
                      "location: 'hpc:snellius'}\n")
    page = brief_document(path, "en", "html").data.decode("utf-8")
    assert "Snellius (SURF), Amsterdam (Netherlands)" in page
    assert "training on LUMI, Kajaani (Finland)" in page


@pytest.mark.parametrize(("hardware", "tdp", "peak"), [
    ("amd-instinct-mi250x", 560, 383), ("amd-instinct-mi300x", 750, 1307), ("nvidia-b200", 1000, 2250),
    ("nvidia-a40", 300, 149.7), ("nvidia-l40", 300, 181.05), ("nvidia-l40s", 350, 362.05),
    ("nvidia-gh200", 1000, 989)])
def test_the_accelerators_of_current_systems_are_known(ref: Reference, hardware: str, tdp: float,
                                                      peak: float) -> None:
    assert (ref.hardware.at[hardware, "tdp_w"], ref.hardware.at[hardware, "peak_tflops_16"]) == (tdp, peak)


@pytest.mark.parametrize(("hardware", "tdp"), [("nvidia-rtx-6000-ada", 300), ("nvidia-gtx-1080", 180),
                                               ("amd-epyc-9654", 360), ("intel-xeon-platinum-8480c", 350)])
def test_workstation_cards_and_the_host_cpus_of_current_nodes_are_known(ref: Reference, hardware: str,
                                                                       tdp: float) -> None:
    assert ref.hardware.at[hardware, "tdp_w"] == tdp
    assert ref.sources.at[ref.hardware.at[hardware, "tdp_source_id"], "url"].startswith("https://")


def test_a_superchip_says_its_power_covers_the_cpu_as_well(ref: Reference) -> None:
    assert "CPU" in ref.hardware.at["nvidia-gh200", "name"]


def test_provider_pue_ranges_span_the_values_their_sources_publish(ref: Reference) -> None:
    spread = ref.uncertainty.loc["pue"]
    assert (spread.at["gcp", "low"], spread.at["gcp", "high"]) == (1.08, 1.15)
    assert (spread.at["aws", "low"], spread.at["aws", "high"]) == (1.04, 1.25)
    assert (spread.at["azure", "low"], spread.at["azure", "high"]) == (1.12, 1.25)
    for provider in ("gcp", "aws", "azure"):
        assert spread.at[provider, "low"] <= ref.pue.at[provider, "pue"] <= spread.at[provider, "high"]


def test_a_published_draw_keeps_its_own_standard_deviation(ref: Reference) -> None:
    sd = ref.hardware["draw_sd_pct"].dropna().to_dict()
    assert sd == {"google-tpu-v2": 5, "google-tpu-v3": 10, "nvidia-p100-sxm2": 11, "nvidia-v100-sxm2": 2}


def test_the_measured_draw_what_if_carries_the_draws_spread_into_its_inputs(write_file, ref: Reference) -> None:
    from reportgen.core import OPTIONS, resolve_inputs
    from reportgen.core.uncertainty import input_ranges
    from reportgen.inputs.table import scenarios_frame

    path = write_file("scenarios:\n  - {id: a, name: A, hardware: google-tpu-v3, count: 8, hours: 10, "
                      "pue: 1.2, carbon_intensity_g_per_kwh: 300}\n")
    inputs = scenarios_frame(load_scenarios(path, ref))
    changed, _ = OPTIONS["measured_draw"].apply(inputs, resolve_inputs(inputs, ref), ref)
    ranges = input_ranges(changed, resolve_inputs(changed, ref), ref)
    half = 0.10 * 3 ** 0.5
    assert ranges.at[0, "device_power_w_low"] == pytest.approx(283 * (1 - half))
    assert ranges.at[0, "device_power_w_high"] == pytest.approx(283 * (1 + half))


def test_ovhcloud_regions_are_locations_with_ovhclouds_own_pue_range(write_file, ref: Reference) -> None:
    regions = ref.cloud_regions[ref.cloud_regions["provider"] == "ovhcloud"]
    assert {"gra", "sbg", "rbx", "eu-west-par", "de", "uk", "waw", "eu-south-mil", "bhs"} == set(regions["region"])
    assert ref.cloud_regions.at["ovhcloud:bhs", "g_per_kwh"] == 5.48  # Québec's grid, not Canada's
    assert (ref.pue.at["ovhcloud", "pue"], ref.pue.at["ovhcloud", "whatif"]) == (1.2, "no")
    spread = ref.uncertainty.loc["pue"]
    assert (spread.at["ovhcloud", "low"], spread.at["ovhcloud", "high"]) == (1.1, 1.3)
    path = write_file("scenarios:\n  - {id: a, name: A, hardware: nvidia-l40s, hours: 10, location: 'ovhcloud:gra'}\n")
    result = estimate(path).iloc[0]
    assert result["pue"] == 1.2 and result["carbon_intensity_g_per_kwh"] == ref.grid_default.at["FR", "g_per_kwh"]


def test_the_world_average_is_the_iea_2024_value_not_the_2019_one(ref: Reference) -> None:
    world = ref.grid_default.loc["WORLD"]
    assert (world["g_per_kwh"], world["year"], world["basis"]) == (445, 2024, "direct-co2")
    assert ref.intensity_spread.at["WORLD", "low"] == ref.intensity_spread.at["WORLD", "high"] == 445


def test_tpus_without_a_published_rating_have_no_tdp_and_ask_for_a_stated_power(write_file, ref: Reference) -> None:
    from reportgen.errors import ScenarioError

    tpus = ref.hardware.loc[["google-tpu-v4", "google-tpu-v5e", "google-tpu-v5p", "google-tpu-v6e"]]
    assert tpus["tdp_w"].isna().all()
    assert tpus["peak_tflops_16"].tolist() == [275, 197, 459, 918]
    assert (tpus.at["google-tpu-v4", "draw_w"], tpus.at["google-tpu-v4", "draw_scope"]) == (170, "gpu")
    path = write_file("scenarios:\n  - {id: a, name: A, hardware: google-tpu-v5e, count: 8, hours: 10, "
                      "location: 'gcp:europe-west4'}\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenarios(path, ref)
    assert "has no published power rating" in str(caught.value) and "scenarios[0].hardware" in str(caught.value)
    stated = write_file("scenarios:\n  - {id: a, name: A, hardware: google-tpu-v5e, count: 8, hours: 10, "
                        "device_power_w: 200, location: 'gcp:europe-west4'}\n")
    assert estimate(stated).iloc[0]["device_power_w"] == 200


def test_the_papers_flight_is_named_as_the_paper_names_it_and_the_gpu_share_is_an_assumption(ref: Reference) -> None:
    flight = ref.equivalences.loc["flight-ny-sf"]
    assert "NY↔SF" in flight["note"] and "return" not in flight["note"]
    assert ref.uncertainty.loc[("utilisation", "gpu"), "note"].startswith("assumption")
    assert ref.uncertainty.loc[("utilisation", "gpu"), "source_id"] == ""


def test_every_cloud_provider_has_a_display_name(ref: Reference) -> None:
    assert set(ref.cloud_regions["provider"]) <= set(ref.providers.index)
    assert ref.providers.at["gcp", "name"] == "Google Cloud"


def test_a_provider_without_a_display_name_is_refused(tmp_path: Path) -> None:
    shutil.copytree(data_dir(), tmp_path, dirs_exist_ok=True)
    providers = tmp_path / "providers.csv"
    providers.write_text("".join(line for line in providers.read_text(encoding="utf-8").splitlines(keepends=True)
                                 if not line.startswith("ovhcloud,")), encoding="utf-8")
    with pytest.raises(DataError, match=r"providers\.csv lacks ovhcloud"):
        load_reference(tmp_path)
