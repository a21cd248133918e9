"""The mistakes a newcomer makes in a first scenario file (tests/fixtures/newcomer/, from the newcomer review):
each reported once, in the file's line order, in the words of the file, all in one pass."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from reportgen import ScenarioError, load_scenarios

NEWCOMER = Path(__file__).parent.parent / "fixtures" / "newcomer"


def messages(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenarios(path)
    return [f"{p.field}: {p.message}" if p.field else p.message for p in info.value.problems]


def test_a_family_name_of_hardware_suggests_its_variants_first() -> None:
    found = messages(NEWCOMER / "mistakes.yaml")
    line = next(m for m in found if "unknown hardware 'nvidia-a100'" in m)
    assert "did you mean 'nvidia-a100-40gb' or 'nvidia-a100-80gb'" in line and "v100" not in line


def test_a_mistake_in_defaults_is_reported_once_however_many_scenarios_share_it() -> None:
    found = messages(NEWCOMER / "mistakes.yaml")
    assert sum("defaults.location" in m for m in found) == 1
    assert sum("defaults.pue: unknown PUE provider 'on-premises'" in m for m in found) == 1


def test_problems_come_in_the_order_of_the_files_lines() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenarios(NEWCOMER / "mistakes.yaml")
    lines = [p.line or 0 for p in info.value.problems]
    assert lines == sorted(lines)


def test_a_country_as_three_letters_or_a_name_suggests_its_two_letter_code(write_file) -> None:
    assert "did you mean 'BE'?" in " ".join(messages(NEWCOMER / "mistakes.yaml"))
    path = write_file("""
        scenarios:
          - {id: a, name: A, hardware: nvidia-v100, hours: 1, location: Netherlands}
    """)
    assert "did you mean 'NL'?" in messages(path)[0]


def test_a_duplicate_id_is_found_in_the_first_pass_beside_other_mistakes() -> None:
    found = messages(NEWCOMER / "mistakes.yaml")  # scenarios[1], which scenarios[2] repeats, is itself wrong
    assert any("scenarios[2].id: duplicate id 'sweep' (first used by scenarios[1])" in m for m in found)


def test_a_missing_duration_is_found_in_the_first_pass_beside_wrong_fields(write_file) -> None:
    path = write_file("""
        scenarios:
          - {id: a, name: A, hardware: nvidia-v100, count: -1, location: BE}
          - {id: b, name: B, hardware: nvidia-v100, hourss: 3, location: BE}
          - {id: c, name: C, hardware: nvidia-v100, hours: 0, location: BE}
    """)
    found = messages(path)
    assert any(m.startswith("scenarios[0]: give 'hours'") for m in found)
    assert any("scenarios[0].count" in m for m in found)
    # A misspelt or wrong duration says so itself; "give 'hours'" beside it would say it twice.
    assert not any(m.startswith(("scenarios[1]: give", "scenarios[2]: give")) for m in found)
    assert any("did you mean 'hours'" in m for m in found) and any("scenarios[2].hours" in m for m in found)


def test_a_wrong_end_of_a_range_is_named_in_yaml_terms_without_python_tuples() -> None:
    found = messages(NEWCOMER / "mistakes4.yaml")
    assert "scenarios[0].hours: the low end of the range: input should be greater than 0" in found
    assert "scenarios[1].count: the high end of the range: input should be a valid integer, not 8.5" in found
    assert not any("(-5, 10)" in m or "hours[0]" in m or "(4, 8.5)" in m for m in found)
    assert len([m for m in found if "scenarios[0].hours" in m]) == 1


def test_a_range_of_the_wrong_shape_is_shown_as_the_file_wrote_it(write_file) -> None:
    path = write_file("""
        scenarios:
          - {id: a, name: A, hardware: nvidia-v100, hours: [1, 2, 3], location: BE}
    """)
    assert not any("(1, 2, 3)" in m for m in messages(path))


@pytest.mark.parametrize(("field", "written"), [("id", "no"), ("location", "NO"), ("name", "yes"), ("id", "On")])
def test_a_word_yaml_reads_as_true_or_false_gets_a_hint_to_quote_it(write_file, field: str, written: str) -> None:
    values = {"id": "a", "name": "A", "location": "BE"} | {field: written}
    path = write_file(f"""
        scenarios:
          - id: {values['id']}
            name: {values['name']}
            hardware: nvidia-v100
            hours: 1
            location: {values['location']}
    """)
    assert f'YAML reads {written} without quotes as' in messages(path)[0]
    assert f'write it in quotes: "{written}"' in messages(path)[0]


def test_a_quoted_number_is_asked_for_without_quotes() -> None:
    found = messages(NEWCOMER / "mistakes2.yaml")
    assert "scenarios[3].hours: input should be a valid number, not '72': write numbers without quotes" in found


def test_the_newcomers_own_files_are_valid() -> None:
    for name in ("ugent-finetune.yaml", "pretrain-azure-nl.yaml"):
        assert load_scenarios(NEWCOMER / name).scenarios


def test_a_log_two_scenarios_share_is_read_and_reported_once(caplog: pytest.LogCaptureFixture) -> None:
    example = NEWCOMER.parent.parent.parent / "examples" / "measured-h200.yaml"
    with caplog.at_level(logging.INFO, logger="reportgen"):
        loaded = load_scenarios(example)
    assert sum(s.measurement is not None for s in loaded.scenarios) >= 2
    assert len([r for r in caplog.records if "told apart by" in r.getMessage()]) == 1
