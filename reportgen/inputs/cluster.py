"""Load a cluster file: a computing centre's partitions, its Slurm accounting exports and its groups.

The contract is DESIGN.md's "Cluster files". Every problem in a file is collected and reported at once, each with
its file, line and field, as for scenario files. Paths are relative to the file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from ..errors import InputError, Problem, ScenarioError
from ..files import read_bounded
from ..reference import Reference
from .document import ParsedFile, PathKey, dotted
from .numeric import EmbodiedInput, HostWattsInput, IntensityInput, PueInput, ShareInput, YearsInput
from .problems import distinct_errors, problem, suggestion
from .schema import COUNTRY_PATTERN, REGION_PATTERN, BriefMeta, LocalizedText, _check_text, localized

MAX_GROUPS_BYTES = 16 << 20
DEFAULT_MIN_USERS = 5
ACCELERATORS = ("gpu", "tpu")  # hardware kinds whose devices are counted in AllocTRES's gres/gpu


def _as_list(value: Any) -> Any:
    """Return one path as a list of one path."""
    return [value] if isinstance(value, str) else value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


class Partition(_Strict):
    """One Slurm partition: the hardware of its nodes and how its energy is counted."""

    hardware: str
    gpus_per_node: Annotated[int, Field(ge=1, le=64)] | None = None
    cpus_per_node: Annotated[int, Field(ge=1, le=16)] = 1  # processors (sockets) per node
    cores_per_node: Annotated[int, Field(ge=1, le=4096)] | None = None
    host_power_w: HostWattsInput = 0.0  # per node
    nodes: Annotated[int, Field(ge=1, le=1_000_000)] | None = None  # installed: for the EED's threshold
    utilisation: ShareInput | None = None  # share of TDP drawn, where the centre knows it
    use_consumed_energy: bool = False
    embodied_kg_per_device: EmbodiedInput | None = None
    lifetime_years: YearsInput | None = None
    use_share: ShareInput | None = None


class Cluster(_Strict):
    """The centre: its name and place, its data centre, its accounting and its groups."""

    name: LocalizedText
    location: str
    pue: PueInput | str | None = None
    carbon_intensity_g_per_kwh: IntensityInput | None = None
    accounting: Annotated[list[str], BeforeValidator(_as_list), Field(min_length=1)]
    groups: str | None = None
    group_by: str = "account"
    min_users: Annotated[int, Field(ge=1, le=1000)] = DEFAULT_MIN_USERS
    partitions: Annotated[dict[str, Partition], Field(min_length=1)]

    @field_validator("name")
    @classmethod
    def _text(cls, value: str | dict[str, str]) -> dict[str, str]:
        return _check_text(value)

    @field_validator("location")
    @classmethod
    def _location_form(cls, value: str) -> str:
        if COUNTRY_PATTERN.match(value):
            return value.upper()
        if REGION_PATTERN.match(value.lower()):
            return value.lower()
        raise ValueError("give an ISO 3166-1 alpha-2 country code (BE, NL, …) or a region such as 'hpc:hortense'")

    @field_validator("pue")
    @classmethod
    def _pue_key(cls, value: float | str | None) -> float | str | None:
        return value.lower() if isinstance(value, str) else value


class ClusterModel(_Strict):
    brief: BriefMeta = BriefMeta()
    cluster: Cluster


@dataclass(frozen=True)
class ClusterFile:
    """A validated cluster file: the centre, its exports and its table of groups (account -> its columns)."""

    path: Path
    brief: BriefMeta
    cluster: Cluster
    accounting: tuple[Path, ...]
    groups: dict[str, dict[str, str]]
    document: ParsedFile

    @property
    def stem(self) -> str:
        """Return the name used for outputs made from this file."""
        return self.path.stem

    def name(self, lang: str) -> str:
        """Return the centre's name in ``lang``."""
        return localized(self.cluster.name, lang)


def cluster_file_from(document: ParsedFile, ref: Reference) -> ClusterFile:
    """Return the validated cluster file of a parsed document; raise ScenarioError with every problem."""
    try:
        model = ClusterModel.model_validate(document.data)
    except ValidationError as exc:
        raise ScenarioError(document.path, [problem(document, err, loc, _model_at(loc))
                                            for loc, err in distinct_errors(exc, document.data)]) from None
    cluster = model.cluster
    problems = _reference_problems(document, cluster, ref)
    folder = document.path.parent
    accounting = []
    for index, name in enumerate(cluster.accounting):
        accounting.append(folder / name)
        if not (folder / name).is_file():
            problems.append(_at(document, ("cluster", "accounting", index), f"no such file: {folder / name}"))
    groups: dict[str, dict[str, str]] = {}
    if cluster.groups is not None:
        groups = _groups(folder / cluster.groups, document, cluster.group_by, problems)
    elif cluster.group_by != "account":
        problems.append(_at(document, ("cluster", "group_by"), "groups other than 'account' need a 'groups' table"))
    if problems:
        raise ScenarioError(document.path, problems)
    return ClusterFile(path=document.path, brief=model.brief, cluster=cluster, accounting=tuple(accounting),
                       groups=groups, document=document)


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel]:
    """Return the model whose fields an error's position names, for "did you mean" hints."""
    if len(loc) >= 3 and loc[:2] == ("cluster", "partitions"):
        return Partition
    return Cluster if loc[:1] == ("cluster",) else ClusterModel


def _at(document: ParsedFile, key: PathKey, message: str) -> Problem:
    """Return a problem at a position of the document."""
    return Problem(message, line=document.line_of(key), field=dotted(key))


def _reference_problems(document: ParsedFile, cluster: Cluster, ref: Reference) -> list[Problem]:
    """Return the problems of names data/ does not know and of partitions that lack what their kind needs."""
    problems = []
    names = ref.known_names
    if cluster.location not in names["location"]:
        hint = suggestion(cluster.location, sorted(names["location"]), "locations")
        problems.append(_at(document, ("cluster", "location"), f"unknown location '{cluster.location}'{hint}"))
    if isinstance(cluster.pue, str) and cluster.pue not in names["pue"]:
        hint = suggestion(cluster.pue, sorted(names["pue"]), "pue")
        problems.append(_at(document, ("cluster", "pue"), f"unknown PUE provider '{cluster.pue}'{hint}"))
    for name, partition in cluster.partitions.items():
        key: PathKey = ("cluster", "partitions", name)
        if partition.hardware not in names["hardware"]:
            hint = suggestion(partition.hardware, sorted(names["hardware"]), "hardware")
            problems.append(_at(document, (*key, "hardware"), f"unknown hardware '{partition.hardware}'{hint}"))
            continue
        kind = str(ref.hardware["kind"].get(partition.hardware, "gpu"))
        if kind in ACCELERATORS and partition.gpus_per_node is None:
            problems.append(_at(document, key, f"'{partition.hardware}' is an accelerator: give 'gpus_per_node'"))
        if kind not in ACCELERATORS and partition.cores_per_node is None:
            problems.append(_at(document, key, f"'{partition.hardware}' is a processor: give 'cores_per_node', "
                                               "so that a job's cores take their share of its power"))
    return problems


def _groups(path: Path, document: ParsedFile, group_by: str,
            problems: list[Problem]) -> dict[str, dict[str, str]]:
    """Return the groups table (account -> its columns); add its problems, each with its own line, to ``problems``."""
    key: PathKey = ("cluster", "groups")
    if not path.is_file():
        problems.append(_at(document, key, f"no such file: {path}"))
        return {}
    try:
        text = read_bounded(path, MAX_GROUPS_BYTES, "groups table").decode("utf-8-sig")
    except (InputError, UnicodeDecodeError) as exc:
        problems.append(_at(document, key, f"{path}: cannot be read as UTF-8 CSV ({exc})"))
        return {}
    rows = list(csv.reader(io.StringIO(text)))
    header = [c.strip() for c in rows[0]] if rows else []
    for needed, where in (("account", key), (group_by, ("cluster", "group_by"))):
        if needed not in header:
            problems.append(_at(document, where, f"{path.name}: the header has no column '{needed}' "
                                                 f"(it has {', '.join(header) or 'none'})"))
    if problems:
        return {}
    table: dict[str, dict[str, str]] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InputError(path, Problem(f"{len(row)} fields where the header has {len(header)}", line=line))
        record = dict(zip(header, (cell.strip() for cell in row), strict=True))
        if record["account"] in table:
            raise InputError(path, Problem(f"account '{record['account']}' appears twice", line=line,
                                           field="account"))
        table[record["account"]] = record
    return table
