"""Messages for hostile scenario files: the right line and field, no traceback, nothing of a file echoed."""

from __future__ import annotations

from pathlib import Path

import pytest

GOOD = """scenarios:
  - id: a
    name: x
    hardware: nvidia-h100
    hours: 10
    count: 1
    location: BE
"""


def _file(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_hyphenated_top_level_key_is_named_without_a_traceback(tmp_path: Path, cli) -> None:
    path = _file(tmp_path, "my-key: 1\n" + GOOD)
    result = cli("calc", str(path))
    assert result.exit_code == 2
    assert f"{path}:1: my-key: unknown field 'my-key'" in result.stderr


def test_a_file_with_only_a_hyphenated_key_is_not_a_scenario_file(tmp_path: Path, cli) -> None:
    result = cli("calc", str(_file(tmp_path, "my-key: SECRET-VALUE\n")))
    assert result.exit_code == 2 and "SECRET-VALUE" not in result.stderr


def test_a_hyphenated_scenario_key_is_named_at_its_line_with_a_suggestion(tmp_path: Path, cli) -> None:
    path = _file(tmp_path, GOOD + "    device-power-w: 300\n")
    result = cli("calc", str(path))
    assert result.exit_code == 2
    assert f"{path}:8: scenarios[0].device-power-w: unknown field 'device-power-w'; did you mean " \
           "'device_power_w'" in result.stderr
    assert "unknown field '0'" not in result.stderr


def test_a_hyphenated_key_in_a_nested_mapping_is_compared_with_that_mappings_fields(tmp_path: Path, cli) -> None:
    path = _file(tmp_path, "brief:\n  sub-title: x\n" + GOOD)
    result = cli("calc", str(path))
    assert result.exit_code == 2
    assert f"{path}:2: brief.sub-title: unknown field 'sub-title'; did you mean 'title'?" in result.stderr


def test_a_symlinked_shadow_file_has_none_of_its_lines_echoed(tmp_path: Path, cli) -> None:
    shadow = tmp_path / "shadow"
    shadow.write_text("root:$6$SALTSALT$FAKEHASHFAKEHASH:19000:0:99999:7:::\n"
                      "systemd-network:*:19000:0:99999:7:::\n"
                      "alice: $6$ALICESALT$ALICEHASH:19000:0:99999:7:::\n", encoding="utf-8")
    link = tmp_path / "shadow.yaml"
    link.symlink_to(shadow)
    for command in (("calc", str(link)), ("site", str(link), "--no-pdf", "--out", str(tmp_path / "o"))):
        result = cli(*command)
        assert result.exit_code == 2
        assert "HASH" not in result.stderr and "systemd" not in result.stderr and "alice" not in result.stderr


@pytest.mark.parametrize("tag, what", [("!!timestamp", "a date"), ("!!int", "a whole number"),
                                       ("!!float", "a number"), ("!!bool", "true or false")])
def test_a_tagged_value_that_is_not_of_its_tag_is_named_at_its_line(tmp_path: Path, cli, tag: str,
                                                                    what: str) -> None:
    path = _file(tmp_path, GOOD.replace("hours: 10", f'hours: {tag} "SECRET-TOKEN-abc123"'))
    result = cli("calc", str(path))
    assert result.exit_code == 2
    assert f"{path}:5: scenarios[0].hours: is not {what}" in result.stderr
    assert "SECRET" not in result.stderr


def test_tagged_values_of_their_tag_still_read(tmp_path: Path, cli) -> None:
    path = _file(tmp_path, GOOD.replace("hours: 10", 'hours: !!float "10"').replace("count: 1", "count: !!int 1"))
    assert cli("calc", str(path)).exit_code == 0


def test_a_huge_value_is_cut_in_the_message(tmp_path: Path, cli) -> None:
    path = _file(tmp_path, GOOD.replace("nvidia-h100", "x" * 2_000_000))
    result = cli("calc", str(path))
    assert result.exit_code == 2 and "unknown hardware" in result.stderr
    assert len(result.stderr) < 2000


def test_a_huge_unknown_key_is_cut_in_the_message(tmp_path: Path, cli) -> None:
    path = _file(tmp_path, GOOD + f"    {'k' * 1000}: 1\n")  # YAML allows keys up to 1,024 characters
    result = cli("calc", str(path))
    assert result.exit_code == 2 and "unknown field" in result.stderr and len(result.stderr) < 400


@pytest.mark.parametrize("date", ["0999-12-31", "0001-01-01"])
def test_a_brief_date_before_the_year_1000_is_named_not_a_traceback(tmp_path: Path, cli, date: str) -> None:
    path = _file(tmp_path, f"brief:\n  date: {date}\n" + GOOD)
    for command in (("export", str(path), "--to", "spdx", "--out", str(tmp_path / "o")),
                    ("site", str(path), "--no-pdf", "--out", str(tmp_path / "site"))):
        result = cli(*command)
        assert result.exit_code == 2, result.stderr
        assert f"{path}:2: brief.date: the year" in result.stderr
