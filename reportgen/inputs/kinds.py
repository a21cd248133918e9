"""The kinds of input file reportgen reads, one registry entry each: how a file is recognised and loaded.

A file's kind is told by its top-level key (``scenarios:`` for a scenario file), never by its other fields.
Every command reads its inputs through ``load_input``, so a new kind of file (a computing centre's Slurm
accounting, say) is one entry here with its loader. ``InputFile`` is the union of what the loaders return:
when a kind is added, mypy points at every place that must handle it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem
from ..reference import Reference, load_reference
from .cluster import ClusterFile, cluster_file_from
from .document import ParsedFile, read_document
from .loader import ScenarioFile, scenario_file_from

SUFFIXES = (".yaml", ".yml", ".json")  # what a folder of inputs is searched for

InputFile = ScenarioFile | ClusterFile  # the union of every kind's loaded file


@dataclass(frozen=True)
class InputKind:
    """One kind of input file: the top-level key that marks it, what it is called, and its loader."""

    name: str
    key: str  # the top-level key that marks a file of this kind
    description: str  # how a message names a file of this kind
    load: Callable[[ParsedFile, Reference], InputFile]


INPUT_KINDS: tuple[InputKind, ...] = (
    InputKind(name="scenarios", key="scenarios", description="a scenario file", load=scenario_file_from),
    InputKind(name="cluster", key="cluster", description="a cluster file", load=cluster_file_from),
)


def kind_of(document: ParsedFile, kinds: tuple[InputKind, ...] = INPUT_KINDS) -> InputKind:
    """Return the kind of a parsed file by its top-level key; raise InputError naming the kinds there are."""
    expected = " or ".join(f"a '{k.key}' key ({k.description})" for k in kinds)
    if not isinstance(document.data, dict):
        raise InputError(document.path, Problem(f"the top level must be a mapping with {expected}", line=1))
    found = [k for k in kinds if k.key in document.data]
    if len(found) == 1:
        return found[0]
    if not found:
        keys = [key for key in document.data if isinstance(key, str) and len(key) < 40]
        close = [k.key for k in kinds if difflib.get_close_matches(k.key, keys, n=1, cutoff=0.75)]
        hint = "; did you mean " + " or ".join(f"'{key}'" for key in close) + "?" if close else ""
        message = f"not a kind of file reportgen reads: the top level needs {expected}{hint}"
        raise InputError(document.path, Problem(message, line=1))
    named = " and ".join(f"'{k.key}'" for k in found)
    raise InputError(document.path, Problem(f"the top level has both {named}: one file holds one kind", line=1))


def load_input(path: str | Path, reference: Reference | None = None,
               kinds: tuple[InputKind, ...] = INPUT_KINDS) -> InputFile:
    """Return an input file read, recognised by its kind and validated; raise InputError on any problem."""
    document = read_document(Path(path))
    kind = kind_of(document, kinds)
    return kind.load(document, reference if reference is not None else load_reference())


def load_scenario_file(path: str | Path, reference: Reference | None = None) -> ScenarioFile:
    """Return a scenario file read and validated; raise InputError where it is a file of another kind."""
    loaded = load_input(path, reference)
    if not isinstance(loaded, ScenarioFile):
        raise InputError(path, "is a cluster file: calc, brief and site read it; this command reads scenarios")
    return loaded
