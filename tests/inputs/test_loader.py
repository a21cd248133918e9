"""Scenario files: the contract, and one clear message for each kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgen import ScenarioError, load_scenarios

from ..conftest import SCENARIO_EXAMPLES

VALID = """
scenarios:
  - id: run
    name: Run
    hardware: nvidia-v100
    count: 8
    hours: 12
    location: BE
"""


def error_for(path: Path) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_scenarios(path)
    return info.value


@pytest.mark.parametrize("example", SCENARIO_EXAMPLES, ids=lambda p: p.name)
def test_every_example_is_valid(example: Path) -> None:
    assert load_scenarios(example).scenarios


def test_json_files_follow_the_same_contract(write_file) -> None:
    path = write_file(json.dumps({"scenarios": [{"id": "a", "name": "A", "hardware": "nvidia-p100", "hours": 2,
                                                 "location": "US"}]}), "s.json")
    assert load_scenarios(path).scenarios[0].hours == 2


def test_text_fields_take_a_string_or_one_per_language(write_file) -> None:
    path = write_file("""
        brief: {title: {nl: "Titel", en: "Title"}}
        scenarios:
          - {id: a, name: {nl: "Naam", en: "Name"}, hardware: nvidia-p100, hours: 1, location: BE}
    """)
    loaded = load_scenarios(path)
    assert loaded.scenarios[0].text("name", "nl") == "Naam"
    assert loaded.scenarios[0].text("name", "en") == "Name"


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        ("scenarios:\n  - id: a\n    name: [unclosed\n", 4, None, "YAML syntax error"),
        ("scenarios:\n  - id: a\n    hardware: nvidia-p100\n    hours: 1\n    location: BE\n", 2, "scenarios[0].name",
         "is required"),
        ("scenarios:\n  - id: a\n    name: A\n    hardware: nvidia-p100\n    hours: twelve\n    location: BE\n", 5,
         "scenarios[0].hours", "valid number"),
        ("scenarios:\n  - id: a\n    name: A\n    hardware: nvidia-p100\n    hours: 0\n    location: BE\n", 5,
         "scenarios[0].hours", "greater than 0"),
        ("scenarios:\n  - id: a\n    name: A\n    hardware: nvidia-p100\n    hours: -3\n    location: BE\n", 5,
         "scenarios[0].hours", "greater than 0"),
        ("scenarios:\n  - id: a\n    name: A\n    hardware: nvidia-p100\n    count: 0\n    hours: 1\n    location: BE\n",
         5, "scenarios[0].count", "greater than or equal to 1"),
        ("scenarios:\n  - id: a\n    name: A\n    hardware: nvidia-p100\n    count: -2\n    hours: 1\n    location: BE\n",
         5, "scenarios[0].count", "greater than or equal to 1"),
        ("scenarios:\n  - id: a\n    name: A\n    hardware: nvidia-p100\n    hours: .nan\n    location: BE\n", 5,
         "scenarios[0].hours", "finite number"),
        ("scenarios:\n  - id: a\n    name: A\n    hardware: nvidia-p100\n    hours: .inf\n    location: BE\n", 5,
         "scenarios[0].hours", "finite number"),
        ("scenarios:\n  - id: a\n    name: A\n    hardware: nvidia-p999\n    hours: 1\n    location: BE\n", 4,
         "scenarios[0].hardware", "did you mean 'nvidia-p100'"),
        ("scenarios:\n  - id: a\n    name: A\n    hardware: nvidia-p100\n    hours: 1\n    location: BX\n", 6,
         "scenarios[0].location", "unknown location 'BX'"),
        ("scenarios:\n  - id: a\n    name: A\n    hardware: nvidia-p100\n    hours: 1\n    location: gcp:europe-wst4\n", 6,
         "scenarios[0].location", "did you mean 'gcp:europe-west4'"),
        ("scenarios:\n  - id: a\n    name: A\n    hardware: nvidia-p100\n    hours: 1\n    location: BE\n    pue: amazon\n",
         7, "scenarios[0].pue", "unknown PUE provider 'amazon'"),
        ("scenarios:\n  - {id: a, name: A, hardware: nvidia-p100, hours: 1, location: BE}\n"
         "  - {id: a, name: B, hardware: nvidia-p100, hours: 1, location: BE}\n", 3, "scenarios[1].id", "duplicate id"),
        ("scenarios:\n  - id: a\n    name: A\n    hardware: nvidia-p100\n    hours: 1\n    location: BE\n"
         "    utilisation: 1.2\n", 7, "scenarios[0].utilisation", "less than or equal to 1"),
        ("scenarios:\n  - id: a\n    name: A\n    hardware: nvidia-p100\n    hours: 1\n    location: BE\n    hous: 3\n",
         7, "scenarios[0].hous", "did you mean 'hours'"),
        ("scenarios:\n  - id: a\n    name: A\n    hardware: nvidia-p100\n    hours: 1\n    location: BE\n"
         "    pue: 0.9\n", 7, "scenarios[0].pue", "greater than or equal to 1"),
        ("scenarios:\n  - id: A B\n    name: A\n    hardware: nvidia-p100\n    hours: 1\n    location: BE\n", 2,
         "scenarios[0].id", "is not an id: use lowercase letters"),
        ("defaults:\n  hours: -1\nscenarios:\n  - {id: a, name: A, hardware: nvidia-p100, location: BE}\n", 2,
         "defaults.hours", "greater than 0"),
        ("scenarios: []\n", 1, "scenarios", "at least 1 item"),
        ("scenario:\n  - {id: a}\n", 1, "scenario", "did you mean 'scenarios'"),
        ("scenarios:\n  - id: a\n    id: b\n", 3, "id", "appears twice"),
        ("- just\n- a list\n", 1, None, "top level must be a mapping"),
    ],
    ids=["yaml-syntax", "missing-name", "wrong-type", "zero-hours", "negative-hours", "zero-count",
         "negative-count", "nan", "infinity", "unknown-hardware", "unknown-country", "unknown-region",
         "unknown-provider", "duplicate-id", "utilisation-above-1", "unknown-key", "pue-below-1", "bad-id",
         "bad-default", "no-scenarios", "misspelt-top-level", "duplicate-key", "not-a-mapping"],
)
def test_bad_input_names_file_line_and_field(write_file, text: str, line: int, field: str | None,
                                             message: str) -> None:
    path = write_file(text)
    error = error_for(path)
    assert error.exit_code == 2
    assert error.line == line
    if field is not None:
        assert error.field == field
    assert message in str(error)
    assert str(error).startswith(f"{path}:{line}:")


def test_every_problem_in_a_file_is_reported_at_once(write_file) -> None:
    path = write_file("""
        scenarios:
          - {id: a, name: A, hardware: nvidia-p100, hours: 0, location: BE}
          - {id: b, name: B, hardware: nvidia-pXXX, hours: 1, location: BE}
    """)
    error = error_for(path)
    assert [p.field for p in error.problems] == ["scenarios[0].hours", "scenarios[1].hardware"]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "the file is empty"), (b"   \n\n", "the file is empty"), (b"# only a comment\n", "holds no data"),
     (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"), (b"scenarios: caf\xe9\n", "not valid UTF-8")],
    ids=["empty", "whitespace", "comment-only", "binary", "latin-1"],
)
def test_unreadable_content_is_refused_clearly(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes(content)
    error = error_for(path)
    assert message in str(error)
    assert str(error).startswith(str(path))


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    assert "no such scenario file" in str(error_for(tmp_path / "absent.yaml"))


def test_a_directory_is_refused(tmp_path: Path) -> None:
    assert "is a directory" in str(error_for(tmp_path))


def test_an_unreadable_file_is_refused(write_file, unprivileged) -> None:
    path = write_file(VALID)
    path.chmod(0)
    result = unprivileged("calc", str(path))
    assert result.returncode == 2, result.stderr
    assert f"{path}: cannot read the scenario file" in result.stderr


def test_an_alias_bomb_is_refused_before_it_expands(write_file) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    lines.append("scenarios: [*i]")
    error = error_for(write_file("\n".join(lines) + "\n"))
    assert "alias bomb" in str(error)


def test_invalid_json_reports_its_line(write_file) -> None:
    path = write_file('{\n  "scenarios": [\n    {"id": "a",}\n  ]\n}\n', "s.json")
    error = error_for(path)
    assert error.line == 3
    assert "invalid JSON" in str(error)


def test_a_headline_that_names_no_scenario_is_reported_at_its_line(write_file) -> None:
    path = write_file("""
        brief:
          headline: pretrian
        scenarios:
          - {id: pretrain, name: P, hardware: nvidia-h100, hours: 10, location: NL}
    """)
    with pytest.raises(ScenarioError) as raised:
        load_scenarios(path)
    assert str(raised.value) == (f"{path}:2: brief.headline: no scenario has the id 'pretrian'; "
                                 "did you mean 'pretrain'?")


def test_a_power_source_needs_a_power(write_file) -> None:
    path = write_file("scenarios:\n  - {id: a, name: A, hardware: nvidia-h100, device_power_source: derived, "
                      "hours: 10, location: NL}\n")
    with pytest.raises(ScenarioError, match="device_power_source"):
        load_scenarios(path)
