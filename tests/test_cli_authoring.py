"""The command line as a newcomer meets it: listing the catalogue, a brief written to a named file, clean CSV."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES


@pytest.mark.parametrize(("kind", "ids"), [
    ("hardware", ["nvidia-h100-sxm", "nvidia-a100-80gb-sxm4"]),
    ("locations", ["BE", "NL", "gcp:europe-west4"]),
    ("pue", ["on-premise", "gcp", "aws"]),
])
def test_list_shows_every_id_a_scenario_file_may_use_in_three_formats(cli, ref, kind: str, ids: list[str]) -> None:
    table = cli("list", kind)
    assert table.exit_code == 0 and all(i in table.output for i in ids)
    rows = list(csv.DictReader(io.StringIO(cli("list", kind, "--format", "csv").output)))
    records = json.loads(cli("list", kind, "--format", "json").output)[kind]
    assert [r["id"] for r in rows] == [r["id"] for r in records] == sorted(r["id"] for r in records)
    expected = {"hardware": set(ref.hardware.index) | set(ref.hardware_aliases.index),
                "locations": set(ref.grid_default.index) | set(ref.cloud_regions.index),
                "pue": set(ref.pue.index)}[kind]
    assert {r["id"] for r in records} == expected


def test_a_year_in_the_list_is_a_year(cli) -> None:
    output = cli("list", "pue").output
    assert " 2024 " in output and "2,024" not in output


def test_a_brief_written_to_a_named_pdf_is_that_file(cli, tmp_path: Path) -> None:
    target = tmp_path / "mybrief.pdf"
    result = cli("brief", str(EXAMPLES / "finetune-be-university.yaml"), "--lang", "en", "--out", str(target))
    assert result.exit_code == 0 and target.is_file() and target.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mybrief.pdf"]


def test_a_named_file_of_another_format_is_refused(cli, tmp_path: Path) -> None:
    result = cli("brief", str(EXAMPLES / "finetune-be-university.yaml"), "--lang", "en", "--format", "pdf", "--out",
                 str(tmp_path / "brief.html"))
    assert result.exit_code == 2 and "--format html" in result.output and not list(tmp_path.iterdir())


def test_a_brief_takes_its_format_from_the_named_files_suffix(cli, tmp_path: Path) -> None:
    target = tmp_path / "x.html"
    result = cli("brief", str(EXAMPLES / "finetune-be-university.yaml"), "--lang", "en", "--out", str(target))
    assert result.exit_code == 0 and target.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_a_brief_without_lang_is_written_in_every_language(cli, tmp_path: Path) -> None:
    result = cli("brief", str(EXAMPLES / "finetune-be-university.yaml"), "--format", "html", "--out", str(tmp_path))
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.glob("*.html")) == ["finetune-be-university.en.html",
                                                               "finetune-be-university.nl.html"]
    assert result.output.split() == [str(tmp_path / "finetune-be-university.nl.html"),
                                     str(tmp_path / "finetune-be-university.en.html")]


def test_a_named_file_without_lang_asks_for_one(cli, tmp_path: Path) -> None:
    result = cli("brief", str(EXAMPLES / "finetune-be-university.yaml"), "--out", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2 and "give --lang" in result.output and not list(tmp_path.iterdir())


@pytest.mark.parametrize("command", ["calc", "whatif"])
def test_csv_shows_the_numbers_json_shows(cli, command: str) -> None:
    path = str(EXAMPLES / "strubell2019.yaml")
    key = {"calc": "scenarios", "whatif": "what_ifs"}[command]
    records = json.loads(cli(command, path, "--format", "json").output)[key]
    rows = list(csv.DictReader(io.StringIO(cli(command, path, "--format", "csv").output)))
    for record, row in zip(records, rows, strict=True):
        for column, value in record.items():
            if isinstance(value, float):
                assert row[column] == repr(value).removesuffix(".0"), (column, row[column], value)


def test_the_command_list_shows_each_summary_whole(cli) -> None:
    output = cli("--help").output
    commands = output[output.index("Commands:"):]
    assert "..." not in commands and "Write a disclosure of one scenario in a format others read" in commands


def test_every_mistake_of_a_file_is_reported_at_once_in_words(cli, write_file) -> None:
    path = write_file("""
        scenarios:
          - id: Bad_Id
            name: one
            hardware: H100
            hours: 10
            pue: google
            location: BE
          - id: b
            name: two
            hardware: nvidia-h100-sxm
            hours: -1
            location: XX
    """)
    result = cli("calc", str(path))
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 5 and lines[0].startswith("error: ")
    assert "scenarios.yaml:2: scenarios[0].id: is not an id: use lowercase letters" in lines[0] and "^" not in lines[0]
    assert "unknown hardware 'H100'; did you mean 'nvidia-h100'" in result.output
    assert "unknown PUE provider 'google'; use one of aws, azure, gcp, on-premise" in result.output
    assert "scenarios.yaml:12: scenarios[1].location: unknown location 'XX'; see `reportgen list locations`" \
        in result.output


def test_whatif_keeps_the_files_order_as_calc_does(cli) -> None:
    path = str(EXAMPLES / "strubell2019.yaml")
    calc = [r["id"] for r in json.loads(cli("calc", path, "--format", "json").output)["scenarios"]]
    changes = json.loads(cli("whatif", path, "--format", "json").output)["what_ifs"]
    seen = list(dict.fromkeys(r["id"] for r in changes))
    assert seen == [i for i in calc if i in seen]


def test_click_usage_errors_and_ours_share_one_prefix(tmp_path: Path) -> None:
    def stderr(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "reportgen", *args], capture_output=True, text=True,
                              cwd=tmp_path)
        assert done.returncode == 2, done.stderr
        return done.stderr

    usage = stderr("calc", "--format", "xml", "x.yaml")
    assert usage.startswith("Usage: python -m reportgen calc [OPTIONS] FILE\nTry 'python -m reportgen calc -h' for help.\n")
    assert "\nerror: Invalid value for '--format'" in usage and "Error:" not in usage
    assert stderr("calc", "missing.yaml") == "error: missing.yaml: no such scenario file\n"
    assert "error: No such command 'bogus'." in stderr("bogus")


def test_output_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    done = subprocess.run(f"'{sys.executable}' -m reportgen list hardware | head -1", shell=True,
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.stdout.startswith("id") or done.stdout.strip(), done.stdout
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr


@pytest.mark.parametrize("make_sources", [False, True], ids=["no folder", "empty folder"])
def test_derive_data_says_where_the_sources_belong(tmp_path: Path, make_sources: bool) -> None:
    sources, out = tmp_path / "sources", tmp_path / "out"
    if make_sources:
        sources.mkdir()
    done = subprocess.run([sys.executable, str(EXAMPLES.parent / "scripts" / "derive_data.py"), "--sources",
                           str(sources), "--out", str(out)], capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert ("is missing" in done.stderr) if make_sources else ("--sources DIR" in done.stderr and
                                                               "shared/data-sources" in done.stderr)
    assert not out.exists()


def test_the_calc_table_explains_its_power_and_cost_columns(cli) -> None:
    output = cli("calc", str(EXAMPLES / "finetune-be-university.yaml")).output
    assert "power: tdp (the rated power times the share drawn)" in output
    assert "electricity: kWh at its price; costs in EUR" in output
    assert "serving:" not in output  # no scenario of this file serves a model


def test_counts_of_devices_and_runs_are_whole_numbers_in_json(cli, write_file) -> None:
    records = json.loads(cli("calc", str(EXAMPLES / "finetune-be-university.yaml"), "--format", "json").output)
    first = records["scenarios"][0]
    assert first["count"] == 4 and isinstance(first["count"], int) and isinstance(first["runs_median"], int)
    path = write_file("""
        scenarios:
          - {id: a, name: A, hardware: nvidia-v100, hours: 1, runs: [5, 10], location: BE}
    """)
    ranged = json.loads(cli("calc", str(path), "--format", "json").output)["scenarios"][0]
    assert ranged["runs"] == 7.5  # the 2019 method's expected number of runs stays as it is


def test_list_locations_filters_by_country_and_names_research_systems(cli) -> None:
    rows = json.loads(cli("list", "locations", "--country", "be", "--format", "json").output)["locations"]
    assert {r["id"] for r in rows} >= {"BE", "hpc:hortense", "gcp:europe-west1"}
    assert all(r["id"] == "BE" or r["country"] == "BE" for r in rows)
    hortense = next(r for r in rows if r["id"] == "hpc:hortense")
    assert hortense["kind"] == "research system" and hortense["year"] is not None
    assert "did you mean 'BE'?" in cli("list", "locations", "--country", "BEL").output
    assert cli("list", "hardware", "--country", "BE").exit_code == 2


def test_an_alias_in_the_hardware_list_shows_what_it_stands_for(cli) -> None:
    rows = {r["id"]: r for r in json.loads(cli("list", "hardware", "--format", "json").output)["hardware"]}
    alias = rows["nvidia-a100-80gb"]
    assert alias["alias_of"] == "nvidia-a100-80gb-sxm4"
    assert (alias["name"], alias["tdp_w"]) == (rows["nvidia-a100-80gb-sxm4"]["name"], 400)
