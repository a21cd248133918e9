"""Read and validate scenario files (YAML or JSON) against the contract of DESIGN.md.

Every problem in a file is collected and reported at once, each with its file, line and field.
"""

from __future__ import annotations

import difflib
import unicodedata
import re
from dataclasses import dataclass, field
import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from babel.numbers import list_currencies
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from .errors import InputError, Problem, ScenarioError
from .measure.log import MeasuredRun
from .reference import Reference, load_reference
from .yamlsource import Document, PathKey, read_document

LANGUAGES = ("nl", "en")
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
COUNTRY_PATTERN = re.compile(r"^[A-Za-z]{2}$|^WORLD$", re.IGNORECASE)
REGION_PATTERN = re.compile(r"^(?P<provider>[a-z]+):(?P<region>[a-z0-9-]+)$")

# Generous limits that still catch typos such as hours given in seconds, and keep every product finite.
MAX_HOURS = 10_000_000.0
MAX_COUNT = 10_000_000
MAX_RUNS = 10_000_000
MAX_WATTS = 1_000_000.0
MAX_PUE = 5.0
MAX_INTENSITY = 2_000.0


def _list_as_tuple(value: Any) -> Any:
    """Return a YAML/JSON list as a tuple, so that a strict model accepts [low, high]."""
    return tuple(value) if isinstance(value, list) else value


def _ordered(value: Any) -> Any:
    """Refuse a range whose low end is above its high end."""
    if isinstance(value, tuple) and value[0] > value[1]:
        raise ValueError("give a range as [low, high], the low end first")
    return value


# Numeric inputs: one number, or a range [low, high] whose ends keep the same bounds.
_AsRange = (BeforeValidator(_list_as_tuple), AfterValidator(_ordered))
_Count = Annotated[int, Field(ge=1, le=MAX_COUNT)]
_Runs = Annotated[int, Field(ge=1, le=MAX_RUNS)]
_Hours = Annotated[float, Field(gt=0, le=MAX_HOURS)]
_Watts = Annotated[float, Field(gt=0, le=MAX_WATTS)]
_HostWatts = Annotated[float, Field(ge=0, le=MAX_WATTS)]
_Share = Annotated[float, Field(gt=0, le=1)]
_Pue = Annotated[float, Field(ge=1.0, le=MAX_PUE)]
_Intensity = Annotated[float, Field(ge=0, le=MAX_INTENSITY)]
CountInput = Annotated[_Count | tuple[_Count, _Count], *_AsRange]
RunsInput = Annotated[_Runs | tuple[_Runs, _Runs], *_AsRange]
HoursInput = Annotated[_Hours | tuple[_Hours, _Hours], *_AsRange]
WattsInput = Annotated[_Watts | tuple[_Watts, _Watts], *_AsRange]
HostWattsInput = Annotated[_HostWatts | tuple[_HostWatts, _HostWatts], *_AsRange]
ShareInput = Annotated[_Share | tuple[_Share, _Share], *_AsRange]
PueInput = Annotated[_Pue | tuple[_Pue, _Pue], *_AsRange]
IntensityInput = Annotated[_Intensity | tuple[_Intensity, _Intensity], *_AsRange]


Number = float | tuple[float, float]


def central(value: Number | None) -> float | None:
    """Return the value of a single number, or the middle of a range."""
    if value is None:
        return None
    return (value[0] + value[1]) / 2 if isinstance(value, tuple) else float(value)


def bounds(value: Number | None) -> tuple[float | None, float | None]:
    """Return the (low, high) of a range, or (None, None) for a single number."""
    return (float(value[0]), float(value[1])) if isinstance(value, tuple) else (None, None)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


LocalizedText = Annotated[str | dict[str, str], Field(union_mode="left_to_right")]


def _check_text(value: str | dict[str, str]) -> dict[str, str]:
    """Return a text field as a mapping per language; refuse unknown languages and blank text."""
    mapping = {"": value} if isinstance(value, str) else dict(value)
    if not mapping:
        raise ValueError("give at least one language")
    unknown = sorted(set(mapping) - {"", *LANGUAGES})
    if unknown:
        raise ValueError(f"unknown language {', '.join(unknown)}; use {' or '.join(LANGUAGES)}")
    if any(not text.strip() for text in mapping.values()):
        raise ValueError("must not be blank")
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n" for text in mapping.values() for c in text):
        raise ValueError("must not contain control characters")
    return mapping


def _iso_date(value: Any) -> Any:
    """Return an ISO date string (as JSON gives it) as a date."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a date in the form YYYY-MM-DD") from None
    return value


class Price(_Strict):
    """Prices to turn device hours and energy into money."""

    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "USD"
    cloud_per_device_hour: Annotated[tuple[float, float] | float | None, BeforeValidator(_list_as_tuple)] = None
    electricity_per_kwh: Annotated[float, Field(ge=0, le=100)] | None = None

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        if value not in list_currencies():
            raise ValueError(f"'{value}' is not an ISO 4217 currency code")
        return value

    @field_validator("cloud_per_device_hour")
    @classmethod
    def _price_range(cls, value: tuple[float, float] | float | None) -> tuple[float, float] | float | None:
        bounds = value if isinstance(value, tuple) else (value, value) if value is not None else None
        if bounds is not None:
            low, high = bounds
            if low < 0 or high < 0 or high > 1e6:
                raise ValueError("prices must be between 0 and 1,000,000 per device hour")
            if low > high:
                raise ValueError("give the low price first, then the high price")
        return value

    def cloud_bounds(self) -> tuple[float, float] | None:
        """Return the (low, high) cloud price per device hour, if given."""
        value = self.cloud_per_device_hour
        if value is None:
            return None
        return value if isinstance(value, tuple) else (value, value)


class Measurement(_Strict):
    """Where a scenario's energy was measured: one log, relative to the scenario file."""

    nvidia_smi_csv: Annotated[str, Field(min_length=1)] | None = None
    codecarbon_csv: Annotated[str, Field(min_length=1)] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Measurement:
        if (self.nvidia_smi_csv is None) == (self.codecarbon_csv is None):
            raise ValueError("give exactly one of 'nvidia_smi_csv' or 'codecarbon_csv'")
        return self

    @property
    def kind(self) -> str:
        """Return which tool wrote the log."""
        return "nvidia-smi" if self.nvidia_smi_csv is not None else "codecarbon"

    @property
    def file(self) -> str:
        """Return the log's path as written in the scenario file."""
        return self.nvidia_smi_csv or self.codecarbon_csv or ""


# Fields a measurement gives itself; a scenario that sets them beside a measurement contradicts it.
MEASURED_FIELDS = {"hours": "the duration", "device_power_w": "the power draw", "count": "the number of devices"}


class Scenario(_Strict):
    """One training scenario, after defaults are merged in."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    name: LocalizedText
    description: LocalizedText | None = None
    hardware: str | None = None
    count: CountInput = 1
    hours: HoursInput | None = None
    device_power_w: WattsInput | None = None
    utilisation: ShareInput | None = None
    host_power_w: HostWattsInput = 0.0
    pue: PueInput | str | None = None
    location: str | None = None
    carbon_intensity_g_per_kwh: IntensityInput | None = None
    runs: RunsInput = 1
    price: Price | None = None
    measurement: Measurement | None = None

    @field_validator("name", "description")
    @classmethod
    def _texts(cls, value: str | dict[str, str] | None) -> dict[str, str] | None:
        return None if value is None else _check_text(value)

    @field_validator("location")
    @classmethod
    def _location_form(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if COUNTRY_PATTERN.match(value):
            return value.upper()
        if REGION_PATTERN.match(value.lower()):
            return value.lower()
        raise ValueError("give an ISO 3166-1 alpha-2 country code (BE, NL, …) or a cloud region such as "
                         "'gcp:europe-west4'")

    @field_validator("pue")
    @classmethod
    def _pue_key(cls, value: float | str | None) -> float | str | None:
        return value.lower() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _enough_to_compute(self) -> Scenario:
        if self.measurement is not None:
            if self.location is None and self.carbon_intensity_g_per_kwh is None \
                    and self.measurement.kind != "codecarbon":
                raise ValueError("give 'location' (country or cloud region) or 'carbon_intensity_g_per_kwh'")
            return self
        if self.hours is None:
            raise ValueError("give 'hours' (wall-clock hours of one run) or a 'measurement'")
        if self.hardware is None and self.device_power_w is None:
            raise ValueError("give 'hardware' (a catalogue id) or 'device_power_w' (measured W per device)")
        if self.location is None and self.carbon_intensity_g_per_kwh is None:
            raise ValueError("give 'location' (country or cloud region) or 'carbon_intensity_g_per_kwh'")
        return self

    def cloud_price_bounds(self) -> tuple[float | None, float | None]:
        """Return the (low, high) cloud price per device hour, if the scenario gives one."""
        bounds = self.price.cloud_bounds() if self.price else None
        return bounds if bounds else (None, None)

    def text(self, field: str, lang: str) -> str:
        """Return a text field in ``lang``, falling back to the text given without a language."""
        return localized(getattr(self, field), lang)


class BriefMeta(_Strict):
    """Metadata of the brief made from a scenario file."""

    title: LocalizedText | None = None
    author: LocalizedText | None = None
    date: Annotated[dt.date | None, BeforeValidator(_iso_date)] = None
    summary: LocalizedText | None = None

    @field_validator("title", "author", "summary")
    @classmethod
    def _texts(cls, value: str | dict[str, str] | None) -> dict[str, str] | None:
        return None if value is None else _check_text(value)


class _FileModel(_Strict):
    brief: BriefMeta = BriefMeta()
    defaults: dict[str, Any] = {}
    scenarios: Annotated[list[dict[str, Any]], Field(min_length=1)]


def localized(value: str | dict[str, str] | None, lang: str) -> str:
    """Return the text for ``lang`` from a checked text field, or the best other language."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    for key in (lang, "", "en", *LANGUAGES):
        if key in value:
            return value[key]
    return next(iter(value.values()))


@dataclass(frozen=True)
class ScenarioFile:
    """A validated scenario file: its metadata, its scenarios and the document they came from."""

    path: Path
    brief: BriefMeta
    scenarios: tuple[Scenario, ...]
    document: Document
    measurements: dict[str, MeasuredRun] = field(default_factory=dict)

    @property
    def stem(self) -> str:
        """Return the name used for outputs made from this file."""
        return self.path.stem


def load_scenarios(path: str | Path, reference: Reference | None = None) -> ScenarioFile:
    """Return the validated scenarios of a YAML or JSON file; raise ScenarioError on any problem."""
    path = Path(path)
    document = read_document(path)
    ref = reference if reference is not None else load_reference()
    file_model = _validate_file(document)
    scenarios = _validate_scenarios(document, file_model, ref)
    scenarios, measurements = _with_measurements(document, scenarios, ref)
    return ScenarioFile(path=path, brief=file_model.brief, scenarios=scenarios, document=document,
                        measurements=measurements)


def _with_measurements(doc: Document, scenarios: tuple[Scenario, ...],
                       ref: Reference) -> tuple[tuple[Scenario, ...], dict[str, MeasuredRun]]:
    """Return the scenarios with count, hours and power taken from their logs, and the runs measured."""
    out, measured = [], {}
    for index, s in enumerate(scenarios):
        if s.measurement is None:
            out.append(s)
            continue
        key = ("scenarios", index, "measurement")
        try:
            run = read_measurement(doc.path.parent / s.measurement.file, s.measurement.kind)
        except InputError as exc:
            # Name the scenario file and field first, then what is wrong with the log.
            raise ScenarioError(doc.path, Problem(str(exc), line=doc.line_of(key), field=_dotted(key))) from None
        update: dict[str, Any] = {"count": run.devices, "hours": run.hours, "device_power_w": run.device_power_w}
        if s.location is None and s.carbon_intensity_g_per_kwh is None:
            update["location"] = _country_of(doc, index, run, ref)
        if run.duration_s <= 0 or run.energy_kwh <= 0:
            raise ScenarioError(doc.path, Problem(f"{run.path}: the log covers no time or no energy",
                                                  line=doc.line_of(key), field=_dotted(key)))
        out.append(s.model_copy(update=update))
        measured[s.id] = run
    return tuple(out), measured


def read_measurement(path: Path, kind: str) -> MeasuredRun:
    """Return the measured run of a log of the given kind."""
    from .measure import read_codecarbon_csv, read_nvidia_smi_csv

    return read_nvidia_smi_csv(path) if kind == "nvidia-smi" else read_codecarbon_csv(path)


def _country_of(doc: Document, index: int, run: MeasuredRun, ref: Reference) -> str:
    """Return the alpha-2 country a CodeCarbon log names; raise ScenarioError where it names none we know."""
    code = (run.country or "").upper()
    if code in ref.country_codes.index:
        return str(ref.country_codes.at[code, "alpha2"])
    if code in ref.grid_default.index:
        return code
    key = ("scenarios", index, "measurement")
    raise ScenarioError(doc.path, Problem(f"the log names no known country ('{code}'); give 'location'",
                                          line=doc.line_of(key), field=_dotted(key)))


def _validate_file(doc: Document) -> _FileModel:
    """Return the file's top level, checked; raise ScenarioError with every problem."""
    if not isinstance(doc.data, dict):
        raise ScenarioError(doc.path, Problem("the top level must be a mapping with a 'scenarios' list", line=1))
    try:
        return _FileModel.model_validate(doc.data)
    except ValidationError as exc:
        problems = [_problem(doc, err, loc, _FileModel) for loc, err in _distinct_errors(exc)]
        raise ScenarioError(doc.path, problems) from None


def _validate_scenarios(doc: Document, file_model: _FileModel, ref: Reference) -> tuple[Scenario, ...]:
    """Return every scenario with defaults merged, checked against the contract and data/."""
    problems: list[Problem] = []
    scenarios: list[Scenario] = []
    seen_ids: dict[str, int] = {}
    for index, raw in enumerate(file_model.scenarios):
        merged = {**file_model.defaults, **raw}
        origin: dict[str, PathKey] = {k: ("defaults", k) for k in file_model.defaults}
        origin |= {k: ("scenarios", index, k) for k in raw}
        if "measurement" in merged:
            conflicts = [k for k in MEASURED_FIELDS if k in raw]
            for k in conflicts:
                problems.append(Problem(f"remove '{k}': the measurement gives {MEASURED_FIELDS[k]}",
                                        line=doc.line_of(origin[k]), field=_dotted(origin[k])))
            if conflicts:
                continue
            # Defaults for hours, power or count do not apply to a measured scenario.
            merged = {k: v for k, v in merged.items() if k not in MEASURED_FIELDS or k in raw}

        def where(loc: tuple[Any, ...]) -> PathKey:
            if loc and loc[0] in origin:
                return (*origin[loc[0]], *loc[1:])
            return ("scenarios", index, *loc)

        try:
            scenario = Scenario.model_validate(merged)
        except ValidationError as exc:
            problems += [_problem(doc, err, where(loc), Scenario) for loc, err in _distinct_errors(exc)]
            continue
        problems += _reference_problems(doc, scenario, where, ref)
        if scenario.id in seen_ids:
            problems.append(Problem(f"duplicate id '{scenario.id}' (first used by scenarios[{seen_ids[scenario.id]}])",
                                    line=doc.line_of(where(("id",))), field=_dotted(where(("id",)))))
        seen_ids.setdefault(scenario.id, index)
        scenarios.append(scenario)
    if problems:
        raise ScenarioError(doc.path, problems)
    return tuple(scenarios)


def _reference_problems(doc: Document, s: Scenario, where: Any, ref: Reference) -> list[Problem]:
    """Return the problems of names that data/ does not know, with close matches suggested."""
    checks: list[tuple[str, str | None, list[str], str]] = [
        ("hardware", s.hardware, ref.hardware_ids(), "hardware"),
        ("location", s.location, ref.location_keys(), "location"),
    ]
    if isinstance(s.pue, str):
        checks.append(("pue", s.pue, ref.pue_keys(), "PUE provider"))
    problems = []
    for name, value, known, what in checks:
        if value is not None and value not in known:
            key = where((name,))
            problems.append(Problem(f"unknown {what} '{value}'{_suggestion(value, known)}",
                                    line=doc.line_of(key), field=_dotted(key)))
    return problems


_UNION_TAGS = {"str", "float", "int", "bool", "none"}
_TYPE_ERRORS = {"int_type", "float_type", "string_type", "bool_type", "dict_type", "list_type", "tuple_type",
                "int_from_float", "date_type", "model_type", "model_attributes_type"}


def _distinct_errors(exc: ValidationError) -> list[tuple[tuple[Any, ...], ErrorDetails]]:
    """Return one error per field: union members folded, a range error preferred over a type error."""
    by_loc: dict[tuple[Any, ...], list[ErrorDetails]] = {}
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and (p in _UNION_TAGS or any(
            c in p for c in "[]-,"))))
        by_loc.setdefault(loc, []).append(err)
    chosen = []
    for loc, errs in by_loc.items():
        if errs[0]["type"] == "missing" and _misspelt_elsewhere(loc, by_loc):
            continue  # the unknown key beside it says "did you mean …"; one message is enough
        specific = [e for e in errs if e["type"] not in _TYPE_ERRORS]
        chosen.append((loc, specific[0] if specific else errs[0]))
    return chosen


def _misspelt_elsewhere(loc: tuple[Any, ...], by_loc: dict[tuple[Any, ...], list[ErrorDetails]]) -> bool:
    """Return whether an unknown key at the same level is a near miss of the missing field ``loc``."""
    for other, errs in by_loc.items():
        if errs[0]["type"] == "extra_forbidden" and other[:-1] == loc[:-1]:
            if difflib.get_close_matches(str(other[-1]).lower(), [str(loc[-1])], n=1, cutoff=0.6):
                return True
    return False


def _problem(doc: Document, err: ErrorDetails, key: PathKey, model: type[BaseModel]) -> Problem:
    """Return a readable Problem for one pydantic error at document position ``key``."""
    message = _message(err)
    if err["type"] == "extra_forbidden":
        known = list(model.model_fields)
        message = f"unknown field '{key[-1]}'{_suggestion(str(key[-1]), known)}"
    elif err["type"] == "missing":
        message = "is required"
    return Problem(message, line=doc.line_of(key), field=_dotted(key))


def _message(err: ErrorDetails) -> str:
    """Return pydantic's message in the words of this tool."""
    msg = err["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    if err["type"] == "finite_number":
        return "must be a finite number (not NaN or infinity)"
    if err["type"] in {"int_type", "float_type", "string_type", "bool_type", "dict_type", "list_type"}:
        return f"{msg[0].lower()}{msg[1:]}, not {_shown(err.get('input'))}"
    return f"{msg[0].lower()}{msg[1:]}" if msg else "is not valid"


def _shown(value: Any) -> str:
    """Return a short description of a wrong value for a message."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _suggestion(value: str, known: list[str]) -> str:
    """Return a "did you mean" hint for ``value`` among ``known``, or nothing."""
    matches = difflib.get_close_matches(value.lower(), [k.lower() for k in known], n=3, cutoff=0.6)
    if not matches:
        return ""
    originals = [next(k for k in known if k.lower() == m) for m in matches]
    return "; did you mean " + " or ".join(f"'{m}'" for m in originals) + "?"


def _dotted(key: PathKey) -> str:
    """Return a document position as ``scenarios[0].price.currency``."""
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def scenarios_frame(scenario_file: ScenarioFile) -> pd.DataFrame:
    """Return the scenarios as a table of plain inputs, one row per scenario, for the calculation core."""
    return inputs_frame(scenario_rows(scenario_file))


def scenario_rows(scenario_file: ScenarioFile) -> list[dict[str, Any]]:
    """Return the scenarios as flat rows of inputs."""
    return [_row(s) for s in scenario_file.scenarios]


def inputs_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Return rows of inputs (from one file or many) as the input table of the calculation core."""
    return pd.DataFrame(rows, columns=list(_INPUT_COLUMNS))


RANGED_INPUTS = ("count", "hours", "device_power_w", "utilisation", "host_power_w", "pue_value",
                 "carbon_intensity_g_per_kwh", "runs")
_INPUT_COLUMNS = ("id", "name", "hardware", "count", "hours", "device_power_w", "utilisation", "host_power_w",
                  "pue_value", "pue_provider", "location", "carbon_intensity_g_per_kwh", "runs", "currency",
                  "cloud_price_low", "cloud_price_high", "electricity_price_per_kwh", "measurement",
                  "utilisation_given", *(f"{n}_{end}" for n in RANGED_INPUTS for end in ("low", "high")))


def _row(s: Scenario) -> dict[str, Any]:
    """Return one scenario as a flat row of inputs: central values, and the ends of any range given."""
    price = s.cloud_price_bounds()
    row: dict[str, Any] = {
        "id": s.id, "name": s.text("name", "en"), "hardware": s.hardware,
        "pue_provider": s.pue if isinstance(s.pue, str) else None,
        "location": s.location, "currency": s.price.currency if s.price else None,
        "cloud_price_low": price[0], "cloud_price_high": price[1],
        "electricity_price_per_kwh": s.price.electricity_per_kwh if s.price else None,
        "measurement": s.measurement.kind if s.measurement else None,
    }
    numbers = {"count": s.count, "hours": s.hours, "device_power_w": s.device_power_w,
               "utilisation": s.utilisation if s.utilisation is not None else 1.0, "host_power_w": s.host_power_w,
               "pue_value": None if isinstance(s.pue, str) else s.pue,
               "carbon_intensity_g_per_kwh": s.carbon_intensity_g_per_kwh, "runs": s.runs}
    for name, value in numbers.items():
        row[name] = central(value)
        row[f"{name}_low"], row[f"{name}_high"] = bounds(value)
    row["utilisation_given"] = s.utilisation is not None
    return row
