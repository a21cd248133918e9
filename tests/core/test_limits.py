"""Computed quantities stay finite and within their limits, or the file is told which scenario leaves them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from babel import Locale

from reportgen.exports.tables import rounded
from reportgen.render.numbers import formatters

BASE = """scenarios:
  - id: a
    name: x
    hardware: nvidia-h100
    count: 1
    location: BE
"""


def _file(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "s.yaml"
    count = "10000000" if "runs:" in extra else "1"  # the largest fleet, where a product is to reach its limit
    path.write_text(BASE.replace("count: 1", f"count: {count}") + extra, encoding="utf-8")
    return path


@pytest.mark.parametrize("extra, quantity", [
    ("    compute: {flops: 1e30}\n    mfu: 1e-300\n", "hours is infinite"),
    ("    compute: {parameters: 1e15, tokens: 1e17}\n", "hours is"),
    ("    hours: 1e7\n    runs: 10000000\n    embodied_kg_per_device: 1e5\n    lifetime_years: 1e-6\n"
     "    use_share: 1e-6\n", "embodied_co2e_kg is"),
])
def test_a_result_beyond_its_limit_is_the_files_mistake_in_every_command(tmp_path: Path, cli, extra: str,
                                                                        quantity: str) -> None:
    path = _file(tmp_path, extra)
    for command in (("calc", str(path), "--format", "json"), ("brief", str(path), "--lang", "en", "--format",
                                                              "html", "--out", str(tmp_path / "b")),
                    ("export", str(path), "--to", "model-card", "--out", str(tmp_path / "e"))):
        result = cli(*command)
        assert result.exit_code == 2, (command, result.stderr)
        assert f"{path}:2: scenarios[0]: the computed {quantity}" in result.stderr
        assert "Infinity" not in result.stdout


def test_results_inside_the_limits_are_written_as_json_numbers(tmp_path: Path, cli) -> None:
    result = cli("calc", str(_file(tmp_path, "    hours: 1e-300\n    device_power_w: 1e-300\n")), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["scenarios"][0]["hours"] == 1e-300


@pytest.mark.parametrize("value", [1.1e31, 1e300, -1e300, 1e-300, 5e-324])
def test_numbers_of_any_magnitude_format(value: float) -> None:
    for lang in ("en", "nl"):
        f = formatters(Locale.parse(lang))
        for name in ("decimal", "integer", "sig", "amount", "mass", "volume", "energy", "mwh", "scientific",
                     "tonnes", "percent", "count_words"):
            text = f[name](value)
            assert len(text) < 40, (name, text)
        assert len(f["money"](value, "EUR")) < 40
    assert "10³¹" in formatters(Locale.parse("en"))["sig"](1.1e31)


def test_a_span_longer_than_a_timedelta_holds_is_said_to_be_longer(tmp_path: Path) -> None:
    assert formatters(Locale.parse("en"))["duration"](1e31).startswith("more than")


def test_a_huge_computed_embodied_figure_renders_a_brief(tmp_path: Path, cli) -> None:
    path = _file(tmp_path, "    hours: 1e7\n    embodied_kg_per_device: 1e5\n    lifetime_years: 50\n"
                           "    use_share: 1e-6\n")
    result = cli("brief", str(path), "--lang", "en", "--format", "html", "--out", str(tmp_path / "b"))
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("value", [1e-300, 5e-324, 1e300, float("inf")])
def test_the_calc_table_never_prints_hundreds_of_digits(value: float) -> None:
    assert len(rounded(value)) <= 12


def test_the_calc_table_keeps_everyday_numbers_as_they_were() -> None:
    assert [rounded(v) for v in (0.0, 0.5, 12.345, 1234.5)] == ["0", "0.500", "12.3", "1,234"]
