"""Load a scenario file: read it, check it against the contract and data/, and take in its measurements.

Every problem in a file is collected and reported at once, each with its file, line and field.
"""

from __future__ import annotations

import difflib
import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import Problem, ScenarioError
from ..measure import MeasuredRun
from ..reference import PEAK_COLUMNS, Reference, load_reference
from .document import ParsedFile, PathKey, dotted, read_document
from .measured import LocationMix, with_measurements
from .problems import distinct_errors, problem, suggestion
from .schema import MEASURED_FIELDS, BriefMeta, FileModel, Scenario, localized

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScenarioFile:
    """A validated scenario file: its metadata, its scenarios and the document they came from."""

    path: Path
    brief: BriefMeta
    scenarios: tuple[Scenario, ...]
    document: ParsedFile
    measurements: dict[str, MeasuredRun] = field(default_factory=dict)
    location_mixes: dict[str, LocationMix] = field(default_factory=dict)  # where a log ran in several places

    @property
    def stem(self) -> str:
        """Return the name used for outputs made from this file."""
        return self.path.stem


def untranslated(scenario_file: ScenarioFile, lang: str) -> list[Problem]:
    """Return a problem for each text of the file given in other languages but not in ``lang``: a brief in
    ``lang`` would show it in another language without a word."""
    texts: list[tuple[PathKey, str | dict[str, str] | None]] = [
        (("brief", name), getattr(scenario_file.brief, name)) for name in ("title", "author", "summary")]
    for index, s in enumerate(scenario_file.scenarios):
        texts += [(("scenarios", index, "name"), s.name), (("scenarios", index, "description"), s.description),
                  (("scenarios", index, "price", "note"), s.price.note if s.price else None)]
    problems = []
    for key, text in texts:
        if isinstance(text, dict) and lang not in text and "" not in text:
            shown = next(k for k in text if text[k] == localized(text, lang))
            problems.append(Problem(f"has no '{lang}' text: the {lang} brief shows the '{shown}' text instead",
                                    line=scenario_file.document.line_of(key), field=dotted(key)))
    return problems


def load_scenarios(path: str | Path, reference: Reference | None = None) -> ScenarioFile:
    """Return the validated scenarios of a YAML or JSON file; raise ScenarioError on any problem."""
    return scenario_file_from(read_document(Path(path)), reference if reference is not None else load_reference())


def scenario_file_from(document: ParsedFile, ref: Reference) -> ScenarioFile:
    """Return the validated scenarios of a parsed file; raise ScenarioError on any problem."""
    file_model = _validate_file(document)
    scenarios = _validate_scenarios(document, file_model, ref)
    scenarios, measurements, mixes = with_measurements(document, scenarios, ref)
    return ScenarioFile(path=document.path, brief=file_model.brief, scenarios=scenarios, document=document,
                        measurements=measurements, location_mixes=mixes)


def _validate_file(doc: ParsedFile) -> FileModel:
    """Return the file's top level, checked; raise ScenarioError with every problem."""
    if not isinstance(doc.data, dict):
        raise ScenarioError(doc.path, Problem("the top level must be a mapping with a 'scenarios' list", line=1))
    try:
        return FileModel.model_validate(doc.data)
    except ValidationError as exc:
        problems = [problem(doc, err, loc, FileModel, loc) for loc, err in distinct_errors(exc, doc.data)]
        raise ScenarioError(doc.path, problems) from None


def _validate_scenarios(doc: ParsedFile, file_model: FileModel, ref: Reference) -> tuple[Scenario, ...]:
    """Return every scenario with defaults merged, checked against the contract and data/."""
    problems, seen_ids = _duplicate_ids(doc, file_model)
    scenarios: list[Scenario] = []
    for index, raw in enumerate(file_model.scenarios):
        merged = {**file_model.defaults, **raw}
        origin: dict[str, PathKey] = {k: ("defaults", k) for k in file_model.defaults}
        origin |= {k: ("scenarios", index, k) for k in raw}
        if "measurement" in merged:
            conflicts = [k for k in MEASURED_FIELDS if k in raw]
            for k in conflicts:
                problems.append(Problem(f"remove '{k}': the measurement gives {MEASURED_FIELDS[k]}",
                                        line=doc.line_of(origin[k]), field=dotted(origin[k])))
            if conflicts:
                continue
            # Defaults for hours, power or count do not apply to a measured scenario.
            merged = {k: v for k, v in merged.items() if k not in MEASURED_FIELDS or k in raw}

        def where(loc: tuple[Any, ...], origin: dict[str, PathKey] = origin, index: int = index) -> PathKey:
            if loc and loc[0] in origin:
                return (*origin[loc[0]], *loc[1:])
            return ("scenarios", index, *loc)

        try:
            scenario = Scenario.model_validate(merged)
        except ValidationError as exc:
            problems += [problem(doc, err, where(loc), Scenario, loc) for loc, err in distinct_errors(exc, merged)]
            named = {field for loc, _ in distinct_errors(exc, merged) for field in loc[:1]}
            problems += _unknown_names(doc, {k: v for k, v in _names_of(merged).items() if k not in named}, where,
                                       ref)  # every mistake of the file at once, names included
            problems += _whole_scenario_problems(doc, merged, named, where)
            continue
        scenario = _without_alias(doc, scenario, ref)
        problems += _reference_problems(doc, scenario, where, ref)
        scenarios.append(scenario)
    headline = file_model.brief.headline
    if headline is not None and headline not in seen_ids and not problems:
        key = ("brief", "headline")
        problems.append(Problem(f"no scenario has the id '{headline}'{suggestion(headline, list(seen_ids))}",
                                line=doc.line_of(key), field=dotted(key)))
    serving = [s.id for s in scenarios if s.hours is None and s.compute is None and s.measurement is None]
    if headline in serving and not problems:
        key = ("brief", "headline")
        problems.append(Problem(f"'{headline}' only serves a model: the brief leads with a training, so name a "
                                "scenario that trains", line=doc.line_of(key), field=dotted(key)))
    if problems:  # in the order of the file's lines, a mistake in defaults once however many scenarios share it
        raise ScenarioError(doc.path, sorted(dict.fromkeys(problems), key=lambda p: p.line or 0))
    return tuple(scenarios)


def _duplicate_ids(doc: ParsedFile, file_model: FileModel) -> tuple[list[Problem], dict[str, int]]:
    """Return a problem for each id used twice, found before any scenario is checked, and each id's first use."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(file_model.scenarios):
        scenario_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(scenario_id, str):
            continue
        if scenario_id in seen:
            key = ("scenarios", index, "id")
            problems.append(Problem(f"duplicate id '{scenario_id}' (first used by scenarios[{seen[scenario_id]}])",
                                    line=doc.line_of(key), field=dotted(key)))
        seen.setdefault(scenario_id, index)
    return problems, seen


def _whole_scenario_problems(doc: ParsedFile, merged: dict[str, Any], wrong: set[Any], where: Any) -> list[Problem]:
    """Return what the scenario lacks as a whole ("give 'hours' …"), checked with its wrong fields left out, so
    that every mistake shows in one pass; a message about a field that is wrong, or misspelt, is left to it."""
    kept = {k: v for k, v in merged.items() if k not in wrong}
    try:
        Scenario.model_validate(kept)
    except ValidationError as exc:
        found = []
        for loc, err in distinct_errors(exc, kept):
            named = re.findall(r"'([a-z_]+)'", err["msg"])
            if loc or any(difflib.get_close_matches(str(w), named, n=1, cutoff=0.8) for w in wrong):
                continue
            found.append(problem(doc, err, where(()), Scenario))
        return found
    return []


def _without_alias(doc: ParsedFile, s: Scenario, ref: Reference) -> Scenario:
    """Return the scenario with an older hardware id (one that names no variant) replaced by the id it means."""
    if s.hardware is None or s.hardware not in ref.hardware_aliases.index:
        return s
    target = str(ref.hardware_aliases.at[s.hardware, "id"])
    log.info("%s: %s: hardware '%s' stands for '%s', %s", doc.path, s.id, s.hardware, target,
             ref.hardware_aliases.at[s.hardware, "note"])
    return s.model_copy(update={"hardware": target})


NAMED = {"hardware": ("hardware", "hardware"), "location": ("location", "locations"),
         "pue": ("PUE provider", "pue"), "task": ("inference task", "")}  # what each name is, and its list


def _names_of(values: dict[str, Any]) -> dict[str, str]:
    """Return the names among a scenario's raw values that data/ must know: hardware, location, PUE, task."""
    inference = values.get("inference")
    found = {"hardware": values.get("hardware"), "location": values.get("location"), "pue": values.get("pue"),
             "task": inference.get("task") if isinstance(inference, dict) else None}
    return {k: v for k, v in found.items() if isinstance(v, str)}


def _unknown_names(doc: ParsedFile, names: dict[str, str], where: Any, ref: Reference) -> list[Problem]:
    """Return a problem for each name data/ does not know, with close matches or the valid names."""
    problems = []
    for name, value in names.items():
        if value not in ref.known_names[name]:
            what, listing = NAMED[name]
            key = where(("inference", "task") if name == "task" else (name,))
            hint = suggestion(value, sorted(ref.known_names[name]), listing)
            problems.append(Problem(f"unknown {what} '{value}'{hint}", line=doc.line_of(key), field=dotted(key)))
    return problems


def _reference_problems(doc: ParsedFile, s: Scenario, where: Any, ref: Reference) -> list[Problem]:
    """Return the problems of names that data/ does not know, with close matches suggested."""
    names = _names_of({"hardware": s.hardware, "location": s.location, "pue": s.pue,
                       "inference": {"task": s.inference.task} if s.inference is not None else None})
    problems = _unknown_names(doc, names, where, ref)
    if _needs_stated_power(s, ref):
        key = where(("hardware",))
        problems.append(Problem(f"'{s.hardware}' has no published power rating and no published average draw: give "
                                "'device_power_w' (a measured average draw per device) or a 'measurement'",
                                line=doc.line_of(key), field=dotted(key)))
    elif _uses_published_draw(s, ref) and s.utilisation is not None:
        key = where(("utilisation",))
        draw: Any = ref.hardware.at[s.hardware, "draw_w"]
        problems.append(Problem(f"'utilisation' is a share of the rated power (TDP), and '{s.hardware}' has none: "
                                f"its published average draw ({float(draw):g} W) is used as it is; leave out "
                                "'utilisation' or give 'device_power_w'", line=doc.line_of(key), field=dotted(key)))
    return problems + _peak_problems(doc, s, where, ref)


def _peak_problems(doc: ParsedFile, s: Scenario, where: Any, ref: Reference) -> list[Problem]:
    """Return the problem of a scenario given by compute whose hardware has no peak at the precision it uses."""
    hardware = s.hardware
    if s.compute is None or hardware is None or hardware not in ref.hardware.index:
        return []
    if s.precision is None and math.isnan(float(ref.default_precision[hardware])):
        key = where(("hardware",))
        return [Problem(f"'{s.hardware}' has no published dense 16-bit or 32-bit peak throughput, which 'compute' "
                        "needs to turn FLOPs into hours: give 'hours' instead", line=doc.line_of(key),
                        field=dotted(key))]
    if s.precision is None or not math.isnan(ref.peak_tflops(hardware, s.precision)):
        return []
    key = where(("precision",))
    known = [str(bits) for bits in PEAK_COLUMNS if not math.isnan(ref.peak_tflops(hardware, bits))]
    offer = f"give precision {' or '.join(known)}" if known else "give 'hours' instead"
    return [Problem(f"'{s.hardware}' has no published {s.precision}-bit peak throughput to turn FLOPs into hours: "
                    f"{offer}", line=doc.line_of(key), field=dotted(key))]


def _needs_stated_power(s: Scenario, ref: Reference) -> bool:
    """Return whether the scenario's hardware has neither a TDP nor a published average draw in data/ while the
    scenario gives no power of its own."""
    if s.hardware is None or s.device_power_w is not None or s.measurement is not None:
        return False
    return s.hardware in ref.hardware.index[ref.hardware["tdp_w"].isna() & ref.hardware["draw_w"].isna()]


def _uses_published_draw(s: Scenario, ref: Reference) -> bool:
    """Return whether the scenario takes its power from the published average draw of hardware without a TDP."""
    if s.hardware is None or s.device_power_w is not None or s.measurement is not None:
        return False
    return s.hardware in ref.hardware.index[ref.hardware["tdp_w"].isna() & ref.hardware["draw_w"].notna()]
