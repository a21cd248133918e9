"""Property-based tests: generated scenario files, valid and invalid."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen import estimate
from reportgen.cli import main
from reportgen.reference import load_reference

REF = load_reference()
HARDWARE = sorted(REF.hardware.index[REF.hardware["tdp_w"].notna()])  # a chip without a rating needs a stated power
LOCATIONS = sorted(REF.grid_default.index)[:60] + sorted(REF.cloud_regions.index)[:60]
PROVIDERS = sorted(REF.pue.index)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def positive(high: float) -> st.SearchStrategy[float]:
    return st.floats(min_value=1e-3, max_value=high, allow_nan=False, allow_infinity=False)


def number_or_range(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(values, st.tuples(values, values).map(lambda t: sorted(t)))


@st.composite
def scenario(draw: st.DrawFn, index: int) -> dict[str, Any]:
    name = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cf")), min_size=1, max_size=40).filter(str.strip)
    s: dict[str, Any] = {"id": f"s{index}", "name": draw(name)}
    if draw(st.booleans()):
        s["hardware"] = draw(st.sampled_from(HARDWARE))
        if draw(st.booleans()):
            s["utilisation"] = draw(number_or_range(st.floats(min_value=0.01, max_value=1.0)))
    else:
        s["device_power_w"] = draw(number_or_range(positive(5000)))
    s["hours"] = draw(number_or_range(positive(100_000)))
    s["count"] = draw(number_or_range(st.integers(min_value=1, max_value=100_000)))
    s["runs"] = draw(number_or_range(st.integers(min_value=1, max_value=10_000)))
    if draw(st.booleans()):
        s["location"] = draw(st.sampled_from(LOCATIONS))
    else:
        s["carbon_intensity_g_per_kwh"] = draw(number_or_range(st.floats(min_value=0, max_value=2000)))
    s["pue"] = draw(st.one_of(st.sampled_from(PROVIDERS), number_or_range(st.floats(min_value=1, max_value=5))))
    if draw(st.booleans()):
        s["host_power_w"] = draw(number_or_range(st.floats(min_value=0, max_value=10_000)))
    return s


@st.composite
def scenario_file(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(min_value=1, max_value=4))
    return {"scenarios": [draw(scenario(i)) for i in range(n)]}


class QuotingDumper(yaml.SafeDumper):
    """Writes every string in double quotes: PyYAML leaves a text such as ``0E0`` or ``0o7`` bare, which the
    YAML 1.2 reader of scenario files rightly reads as a number."""


QuotingDumper.add_representer(str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text,
                                                                                  style='"'))


def dump(doc: dict[str, Any]) -> str:
    """Return ``doc`` as YAML whose strings stay strings for any YAML reader."""
    return yaml.dump(doc, Dumper=QuotingDumper, allow_unicode=True)


def write(tmp_path: Path, doc: dict[str, Any]) -> Path:
    path = tmp_path / "generated.yaml"
    path.write_text(dump(doc), encoding="utf-8")
    return path


@SETTINGS
@given(doc=scenario_file())
def test_valid_files_never_crash_and_give_finite_non_negative_numbers(tmp_path: Path, doc: dict[str, Any]) -> None:
    results = estimate(write(tmp_path, doc))
    assert len(results) == len(doc["scenarios"])
    for column in ("device_hours", "it_energy_kwh", "energy_kwh", "co2e_kg", "co2e_t", "co2e_lbs",
                   "energy_low_kwh", "energy_high_kwh", "co2e_low_kg", "co2e_high_kg"):
        for value in results[column]:
            assert math.isfinite(value) and value >= 0, (column, value)
    low, median, high = (results[f"co2e_{q}_kg"] for q in ("low", "median", "high"))
    assert (low <= median).all() and (median <= high).all()


BREAKERS: list[tuple[str, st.SearchStrategy[Any]]] = [
    ("hours", st.one_of(st.floats(max_value=0), st.just(float("nan")), st.just(float("inf")), st.text(max_size=5),
                        st.just(1e308))),
    ("count", st.one_of(st.integers(max_value=0), st.floats(min_value=0.1, max_value=0.9), st.booleans())),
    ("runs", st.integers(max_value=0)),
    ("utilisation", st.one_of(st.floats(min_value=1.0001, max_value=1e6), st.floats(max_value=0))),
    ("pue", st.one_of(st.floats(max_value=0.999), st.text(alphabet="xyzq", min_size=3, max_size=8))),
    ("hardware", st.text(alphabet="qwxz", min_size=3, max_size=10)),
    ("location", st.text(alphabet="QWXZ", min_size=2, max_size=2).filter(lambda c: c not in REF.grid_default.index)),
    ("id", st.text(alphabet="ABC /.", min_size=1, max_size=5)),
    ("surprise", st.integers()),
    ("name", st.sampled_from(["bell\x07", "nul\x00byte", "esc\x1b[31m"])),
]


@SETTINGS
@given(doc=scenario_file(), breaker=st.sampled_from(range(len(BREAKERS))), data=st.data())
def test_invalid_files_always_exit_2_with_a_message(tmp_path: Path, doc: dict[str, Any], breaker: int,
                                                   data: st.DataObject) -> None:
    field, values = BREAKERS[breaker]
    doc["scenarios"][0][field] = data.draw(values)
    if field == "hardware":
        doc["scenarios"][0].pop("device_power_w", None)
    if field == "location":
        doc["scenarios"][0].pop("carbon_intensity_g_per_kwh", None)
    path = write(tmp_path, doc)
    result = CliRunner().invoke(main, ["calc", str(path)], catch_exceptions=False)
    assert result.exit_code == 2, (field, doc["scenarios"][0][field], result.output)
    assert result.stderr.startswith(f"error: {path}")
    assert "Traceback" not in result.stderr
