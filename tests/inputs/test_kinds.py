"""Input kinds: a file is recognised by its top-level key, and every command reads it through the registry."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from reportgen.errors import InputError
from reportgen.inputs import INPUT_KINDS, InputKind, ScenarioFile, kind_of, load_input
from reportgen.inputs.document import ParsedFile, read_document
from reportgen.reference import Reference

from ..conftest import EXAMPLES


@dataclass(frozen=True)
class Notes:
    """What the test kind loads: the file it came from and its notes."""

    path: Path
    notes: tuple[str, ...]


def load_notes(document: ParsedFile, ref: Reference) -> Notes:
    return Notes(document.path, tuple(document.data["notes"]))


NOTES = InputKind(name="notes", key="notes", description="a file of notes", load=load_notes)  # type: ignore[arg-type]


def test_a_scenario_file_is_recognised_by_its_scenarios_key() -> None:
    document = read_document(EXAMPLES / "strubell2019.yaml")
    assert kind_of(document).name == "scenarios"
    assert isinstance(load_input(EXAMPLES / "strubell2019.yaml"), ScenarioFile)


def test_a_kind_registered_beside_scenario_files_gets_its_own_loader(write_file) -> None:
    path = write_file("notes:\n  - first\n  - second\n", "notes.yaml")
    loaded = load_input(path, kinds=(*INPUT_KINDS, NOTES))
    assert loaded == Notes(path, ("first", "second"))
    scenarios = load_input(EXAMPLES / "strubell2019.yaml", kinds=(*INPUT_KINDS, NOTES))
    assert isinstance(scenarios, ScenarioFile)


def test_a_file_of_no_known_kind_names_the_kinds_there_are(write_file) -> None:
    path = write_file("brief:\n  title: Untitled\n", "odd.yaml")
    with pytest.raises(InputError) as info:
        load_input(path, kinds=(*INPUT_KINDS, NOTES))
    message = str(info.value)
    assert message.startswith(f"{path}:1: ")
    assert "'scenarios' key (a scenario file)" in message and "'notes' key (a file of notes)" in message


def test_a_misspelt_kind_key_is_pointed_out(write_file) -> None:
    path = write_file("scenario:\n  - id: a\n", "typo.yaml")
    with pytest.raises(InputError, match="; did you mean 'scenarios'\\?"):
        load_input(path)


def test_a_file_that_claims_two_kinds_is_refused(write_file) -> None:
    path = write_file("notes: [a]\nscenarios: []\n", "both.yaml")
    with pytest.raises(InputError, match="has both 'scenarios' and 'notes'"):
        load_input(path, kinds=(*INPUT_KINDS, NOTES))


@pytest.mark.parametrize("command", [("calc",), ("brief", "--lang", "en", "--out", "OUT"), ("whatif",), ("site", "--out", "OUT")])
def test_every_command_reads_its_input_through_the_kinds(cli, write_file, tmp_path: Path,
                                                         command: tuple[str, ...]) -> None:
    path = write_file("defaults:\n  hours: 2\n", "nothing.yaml")
    args = [a.replace("OUT", str(tmp_path / "out")) for a in command]
    result = cli(args[0], str(path), *args[1:])
    assert result.exit_code == 2
    assert "not a kind of file reportgen reads: the top level needs a 'scenarios' key (a scenario file)" in result.output
    assert not (tmp_path / "out").exists()
