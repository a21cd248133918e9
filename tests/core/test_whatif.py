"""What-ifs: each option of the registry, ranked savings, and a new option added through the registry alone."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from reportgen import what_if_frame
from reportgen.core import OPTIONS, WhatIfOption
from reportgen.pipeline import brief_document
from reportgen.reference import Reference

from ..conftest import EXAMPLES


def test_whatif_ranks_every_option_and_all_together(cli) -> None:
    result = cli("whatif", str(EXAMPLES / "strubell2019.yaml"), "--format", "json")
    assert result.exit_code == 0
    rows = [r for r in json.loads(result.output)["what_ifs"] if r["id"] == "lisa-one-tuning"]
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0]["change"] == "all"
    assert {"pue", "runs"} <= {r["change"] for r in rows}
    assert "hardware" not in {r["change"] for r in rows}  # a 2015 GPU in a brief of 2026 is historical
    savings = [r["saving_kg"] for r in rows]
    assert savings == sorted(savings, reverse=True)
    runs = next(r for r in rows if r["change"] == "runs")
    assert runs["detail"] == "12" and runs["saving_share"] == pytest.approx(0.5)


def test_whatif_next_generation_nets_the_new_hardwares_manufacturing(write_file, ref: Reference) -> None:
    path = write_file("brief: {date: 2024-06-01}\nscenarios:\n  - {id: a, name: A, hardware: nvidia-a100-80gb-sxm4, "
                      "count: 8, hours: 100, location: BE, pue: 1.2}\n")
    row = what_if_frame(path).set_index("change").loc["hardware"]
    assert row["detail"] == "nvidia-h100-sxm"
    # By hand: the H100 SXM does the work in 100 h x 312 / 989 TFLOP/s = 31.55 h at 700 W instead of 400 W; its
    # manufacturing is the middle of data/embodied.csv's ends, 118.16 kg over 5 years and 462.5 kg over 4 years.
    hours = 100 * 312 / 989
    rate = (118.16 / (5 * 8760) + 462.5 / (4 * 8760)) / 2
    made = 8 * rate * hours
    assert made == pytest.approx(2.006, abs=1e-3)
    assert row["embodied_kg_after"] == pytest.approx(made)
    operational = row["co2e_kg_before"] * (700 * hours) / (400 * 100)
    assert row["co2e_kg_after"] == pytest.approx(operational + made)
    assert row["saving_kg"] == pytest.approx(row["co2e_kg_before"] - operational - made)


def test_no_hardware_renewal_for_hardware_older_than_the_cut_off(write_file) -> None:
    # Released in 2020: five years before a brief of 2025 it is current, six years before one of 2026 historical.
    scenario = "scenarios:\n  - {id: a, name: A, hardware: nvidia-a100-80gb-sxm4, count: 8, hours: 100, location: BE}\n"
    assert "hardware" in set(what_if_frame(write_file("brief: {date: 2025-12-31}\n" + scenario))["change"])
    assert "hardware" not in set(what_if_frame(write_file("brief: {date: 2026-01-01}\n" + scenario))["change"])
    strubell = what_if_frame(EXAMPLES / "strubell2019.yaml")
    bloom = what_if_frame(EXAMPLES / "bloom-whole-footprint.yaml")
    assert "hardware" not in set(strubell["change"]) | set(bloom["change"])


def test_half_the_runs_are_whole_runs_whose_label_and_saving_agree(write_file) -> None:
    path = write_file("""
        scenarios:
          - {id: three, name: Three, hardware: nvidia-h100-sxm, hours: 10, runs: 3, run_purpose: tuning, location: BE}
          - {id: one, name: One, hardware: nvidia-h100-sxm, hours: 10, location: BE}
    """)
    rows = what_if_frame(path).set_index(["id", "change"])
    assert rows.at[("three", "runs"), "detail"] == "2"
    assert rows.at[("three", "runs"), "saving_share"] == pytest.approx(1 / 3)
    assert ("one", "runs") not in rows.index  # a single run has no runs to cut
    html = brief_document(path, "en", "html").data.decode("utf-8")
    assert "<th scope=\"row\">Half the runs</th>" in html and "(33%)" in html and "2 of 3 runs" in html
    assert "50% of the runs" not in html
    assert "2 van 3 runs" in brief_document(path, "nl", "html").data.decode("utf-8")


def test_measured_draw_saves_against_the_share_of_tdp_the_median_draws_not_the_full_tdp(
        write_file, ref: Reference) -> None:
    path = write_file("scenarios:\n  - {id: a, name: A, hardware: google-tpu-v3, hours: 10, location: BE}\n")
    row = what_if_frame(path).set_index("change").loc["measured_draw"]
    tpu = ref.hardware.loc["google-tpu-v3"]
    share = ref.uncertainty.loc["utilisation"].loc[tpu["kind"]]
    middle = (share["low"] + share["high"]) / 2
    assert row["saving_share"] == pytest.approx(1 - tpu["draw_w"] / (tpu["tdp_w"] * middle))
    assert row["saving_share"] < 1 - tpu["draw_w"] / tpu["tdp_w"]


def _shorter_training(inputs: pd.DataFrame, resolved: pd.DataFrame, ref: Reference) -> tuple[pd.DataFrame, pd.Series]:
    """Return the inputs with almost all hours cut: an option that exists only in this test."""
    out = inputs.copy()
    out["hours"] = inputs["hours"] * 0.01
    return out, pd.Series("", index=inputs.index)


def test_an_option_added_to_the_registry_appears_in_whatif_and_in_the_brief(
        monkeypatch: pytest.MonkeyPatch, cli) -> None:
    option = WhatIfOption(
        "early_stop", _shorter_training, "stopping early", "Stopping early", short="stopping once it stops improving",
        note="Stopping early: almost all hours saved, where the validation loss has stopped improving.",
        changes_training=True)
    monkeypatch.setitem(OPTIONS, option.key, option)
    path = EXAMPLES / "finetune-be-university.yaml"

    table = cli("whatif", str(path))
    assert table.exit_code == 0 and "stopping early" in table.output
    rows = [r for r in json.loads(cli("whatif", str(path), "--format", "json").output)["what_ifs"]
            if r["change"] == "early_stop"]
    assert rows and all(r["saving_share"] == pytest.approx(0.99) for r in rows)

    html = brief_document(path, "en", "html").data.decode("utf-8")
    assert '<th scope="row">Stopping early</th>' in html
    assert "Stopping early: almost all hours saved" in html
    # The largest saving that changes the training leads the title, in the option's own words.
    assert "stopping once it stops improving would cut that by 99%" in html
    assert "changes together" not in html.split("</h1>")[0]


def test_a_cleaner_location_compares_intensities_of_one_basis(write_file, ref: Reference) -> None:
    path = write_file("""
        scenarios:
          - {id: gcp, name: G, hardware: nvidia-h100, hours: 10, location: "gcp:europe-west4"}
          - {id: aws, name: A, hardware: nvidia-h100, hours: 10, location: "aws:eu-central-1"}
          - {id: own, name: O, hardware: nvidia-h100, hours: 10, location: NL}
    """)
    moves = what_if_frame(path).set_index(["id", "change"])["detail"]
    basis = ref.region_basis
    assert basis[moves[("gcp", "location")]] == basis["gcp:europe-west4"] == "direct"
    assert basis[moves[("aws", "location")]] == basis["aws:eu-central-1"] == "life-cycle"
    assert moves[("own", "location")] in ref.whatif_locations.index


def test_all_together_leaves_out_an_option_that_would_make_a_scenario_worse(write_file) -> None:
    # Paraguay's grid is cleaner than every alternative in the list: moving would add emissions.
    path = write_file("scenarios:\n  - {id: a, name: A, hardware: nvidia-l4, count: 4, hours: 100, runs: 2, "
                      "pue: 1.1, location: PY}\n")
    rows = what_if_frame(path).set_index("change")
    assert "location" not in rows.index
    assert rows.at["all", "saving_kg"] >= rows.drop(index="all")["saving_kg"].max()


def test_a_country_moves_only_to_a_country_of_the_same_basis(write_file, ref: Reference) -> None:
    path = write_file("scenarios:\n  - {id: p, name: P, hardware: nvidia-h100, hours: 10, location: PL}\n")
    rows = what_if_frame(path).set_index("change")
    assert "location" in rows.index  # Poland's grid is among the dirtiest of its basis: it moves
    assert rows.at["location", "detail"] == "hpc:lumi"  # to a research system a European researcher can use
    assert ref.region_basis[rows.at["location", "detail"]] == ref.grid_default.at["PL", "basis"]


def test_no_cleaner_location_compares_intensities_of_two_bases(tmp_path: Path, ref: Reference) -> None:
    locations = [*ref.cloud_regions.index, "BE", "NL", "US", "WORLD", "SE"]
    path = tmp_path / "everywhere.yaml"
    path.write_text("scenarios:\n" + "".join(
        f"  - {{id: s{i}, name: S, hardware: nvidia-h100-sxm, hours: 10, location: '{loc}'}}\n"
        for i, loc in enumerate(locations)), encoding="utf-8")
    moves = what_if_frame(path)
    moves = moves[moves["change"] == "location"]
    basis = pd.concat([ref.region_basis, ref.grid_default["basis"]])
    for _, row in moves.iterrows():
        origin = locations[int(str(row["id"])[1:])]
        assert basis[row["detail"]] == basis[origin], (origin, row["detail"])
    assert len(moves) > 50


def test_a_file_without_a_date_is_advised_as_of_the_briefs_date(write_file, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_file("scenarios:\n  - {id: a, name: A, hardware: nvidia-a100-80gb-sxm4, count: 8, hours: 100, "
                      "location: BE}\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01: the A100 of 2020 is current
    assert "hardware" in set(what_if_frame(path)["change"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # 2027-01-01: it is historical
    assert "hardware" not in set(what_if_frame(path)["change"])


def test_the_brief_names_the_new_hardware_and_its_manufacturing_netted(write_file) -> None:
    path = write_file("brief: {date: 2024-06-01}\nscenarios:\n  - {id: a, name: A, hardware: nvidia-a100-80gb-sxm4, "
                      "count: 8, hours: 100, location: BE, pue: 1.2}\n")
    html = brief_document(path, "en", "html").data.decode("utf-8")
    assert '<th scope="row">Next-generation hardware</th>' in html
    assert "(NVIDIA H100 SXM; manufacturing 2.0\xa0kg)" in html
    assert "less the emissions of manufacturing the new chips" in html
    nl = brief_document(path, "nl", "html").data.decode("utf-8")
    assert '<th scope="row">Hardware van de volgende generatie</th>' in nl and "productie 2,0\xa0kg" in nl


def test_a_title_led_by_new_hardware_calls_its_saving_a_bound(write_file) -> None:
    # On LUMI no place is cleaner, so the newer hardware's saving, an optimistic bound, leads the title.
    path = write_file("brief: {date: 2024-06-01}\nscenarios:\n  - {id: a, name: A, hardware: nvidia-a100-80gb-sxm4, "
                      "count: 8, hours: 100, location: hpc:lumi}\n")
    titles = {lang: re.search(r"<h1[^>]*>([^<]*)", brief_document(path, lang, "html").data.decode("utf-8"))
              for lang in ("en", "nl")}
    assert titles["en"] and "NVIDIA H100 SXM with their manufacturing counted would cut that by up to" in titles["en"][1]
    assert titles["nl"] and "inclusief hun productie zou dat tot" in titles["nl"][1]


def test_no_measured_draw_option_where_the_published_draw_is_above_the_median_share_of_tdp() -> None:
    from reportgen import what_if_frame

    from ..conftest import EXAMPLES

    # The H200's published training draw (584.7 W) is above the 560 W (80% of 700 W) its median is drawn at.
    changes = what_if_frame(EXAMPLES / "measured-h200.yaml")
    assert not (changes["change"] == "measured_draw").any()
