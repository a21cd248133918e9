"""The contract of a scenario file as pydantic models: what each field may hold, and what must go together."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal

from babel.numbers import list_currencies
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from ..measure import log_format
from ..resources import SOURCE_LANGUAGE, languages
from .measurement import Measurement
from .numeric import (
    CountInput,
    EmbodiedInput,
    Flops,
    FractionInput,
    HostWattsInput,
    HoursInput,
    IntensityInput,
    LicenceState,
    Parameters,
    PueInput,
    Requests,
    RunPurpose,
    RunsInput,
    ShareInput,
    Tokens,
    WaterInput,
    WattsInput,
    WhPerRequestInput,
    YearsInput,
    list_as_tuple,
    precision_bits,
)
from .problems import country_hint

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
COUNTRY_PATTERN = re.compile(r"^[A-Za-z]{2}$|^WORLD$", re.IGNORECASE)
REGION_PATTERN = re.compile(r"^(?P<provider>[a-z]+):(?P<region>[a-z0-9-]+)$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


LocalizedText = Annotated[str | dict[str, str], Field(union_mode="left_to_right")]


def _check_text(value: str | dict[str, str]) -> dict[str, str]:
    """Return a text field as a mapping per language; refuse unknown languages and blank text."""
    mapping = {"": value} if isinstance(value, str) else dict(value)
    if not mapping:
        raise ValueError("give at least one language")
    offered = languages() if set(mapping) - {""} else ()  # the folders are listed only for a text per language
    unknown = sorted(set(mapping) - {"", *offered})
    if unknown:
        raise ValueError(f"unknown language {', '.join(unknown)}; use {' or '.join(offered)}")
    if any(not text.strip() for text in mapping.values()):
        raise ValueError("must not be blank")
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n" for text in mapping.values() for c in text):
        raise ValueError("must not contain control characters")
    return mapping


def _iso_date(value: Any) -> Any:
    """Return an ISO date string (as JSON gives it) as a date, of a year with four digits (as SPDX writes it)."""
    try:
        value = dt.date.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        raise ValueError(f"{value[:40]!r} is not a date in the form YYYY-MM-DD") from None
    if isinstance(value, dt.date) and value.year < 1000:
        raise ValueError(f"the year {value.year} is not one a brief is written in: give a date from the year 1000 on")
    return value


class Price(_Strict):
    """Prices to turn device hours and energy into money."""

    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "USD"
    cloud_per_device_hour: Annotated[tuple[float, float] | float | None, BeforeValidator(list_as_tuple)] = None
    electricity_per_kwh: Annotated[float, Field(ge=0, le=100)] | None = None
    note: LocalizedText | None = None

    @field_validator("note")
    @classmethod
    def _note(cls, value: str | dict[str, str] | None) -> dict[str, str] | None:
        return None if value is None else _check_text(value)

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
        return value if value is None or isinstance(value, tuple) else (value, value)


class Compute(_Strict):
    """The computation of one training run, instead of its hours: parameters and tokens, or FLOPs.

    A mixture of experts also gives ``active_parameters``, the parameters each token passes through.
    """

    parameters: Parameters | None = None
    active_parameters: Parameters | None = None
    tokens: Tokens | None = None
    flops: Flops | None = None

    @model_validator(mode="after")
    def _one_way(self) -> Compute:
        if self.flops is not None and (self.parameters is not None or self.tokens is not None
                                       or self.active_parameters is not None):
            raise ValueError("give 'flops', or 'parameters' and 'tokens', not both")
        if self.flops is None and (self.parameters is None or self.tokens is None):
            raise ValueError("give 'parameters' and 'tokens' (dense training: 6 x parameters x tokens), or 'flops'")
        if self.active_parameters is not None and self.parameters is not None \
                and self.active_parameters > self.parameters:
            raise ValueError(f"'active_parameters' ({self.active_parameters:g}) cannot exceed 'parameters' "
                             f"({self.parameters:g}): a mixture of experts activates a part of its parameters")
        return self


class Inference(_Strict):
    """Serving the model: how many requests, at what energy each (given, or a task's published default)."""

    requests: Requests
    wh_per_request: WhPerRequestInput | None = None
    task: Annotated[str, Field(pattern=ID_PATTERN)] | None = None

    @model_validator(mode="after")
    def _one_energy(self) -> Inference:
        if (self.wh_per_request is None) == (self.task is None):
            raise ValueError("give exactly one of 'wh_per_request' or 'task' (a task from data/inference.csv)")
        return self


# Fields a measurement gives itself; a scenario that sets them beside a measurement contradicts it.
MEASURED_FIELDS = {"hours": "the duration", "device_power_w": "the power draw", "count": "the number of devices",
                   "device_power_source": "how the power was obtained"}


class Scenario(_Strict):
    """One training scenario, after defaults are merged in."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    name: LocalizedText
    description: LocalizedText | None = None
    hardware: str | None = None
    count: CountInput = 1
    hours: HoursInput | None = None
    compute: Compute | None = None
    mfu: ShareInput | None = None
    precision: Annotated[Literal[8, 16, 32] | None, BeforeValidator(precision_bits)] = None
    device_power_w: WattsInput | None = None
    device_power_source: Literal["measured", "derived"] | None = None
    utilisation: ShareInput | None = None
    host_power_w: HostWattsInput = 0.0
    pue: PueInput | str | None = None
    location: str | None = None
    carbon_intensity_g_per_kwh: IntensityInput | None = None
    runs: RunsInput = 1
    run_purpose: RunPurpose | None = None  # what the runs are: the advice on them depends on it
    cfe_share: FractionInput | None = None
    market_intensity_g_per_kwh: IntensityInput | None = None
    embodied_kg_per_device: EmbodiedInput | None = None
    lifetime_years: YearsInput | None = None
    use_share: ShareInput | None = None
    wue_l_per_kwh: WaterInput | None = None
    ewif_l_per_kwh: WaterInput | None = None
    inference: Inference | None = None
    open_weights: LicenceState | None = None  # public under a free and open-source licence (AI Act Art. 53(2))
    released: dt.date | None = None        # when the model was placed on the market (AI Act Art. 111(3))
    research_only: bool | None = None      # used for research and development alone (AI Act Art. 2(6))
    base_model_flops: Flops | None = None  # a fine-tune's base model's training compute (one-third rule)
    training_type: Literal["pre-training", "fine-tuning"] | None = None  # named in the disclosure files
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
                         f"'gcp:europe-west4'{country_hint(value)}")

    @field_validator("pue")
    @classmethod
    def _pue_key(cls, value: float | str | None) -> float | str | None:
        return value.lower() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _enough_to_compute(self) -> Scenario:
        if self.cfe_share is not None and self.market_intensity_g_per_kwh is not None:
            raise ValueError("give 'cfe_share' or 'market_intensity_g_per_kwh' for the market-based figure, not both")
        if self.mfu is not None and self.compute is None:
            raise ValueError("'mfu' (model FLOPs utilisation) goes with 'compute': give 'compute' or leave out 'mfu'")
        if self.precision is not None and self.compute is None:
            raise ValueError("'precision' picks the peak that turns 'compute' into hours: give 'compute' or leave "
                             "out 'precision'")
        if self.compute is not None and (self.hours is not None or self.measurement is not None):
            raise ValueError("give 'hours', 'compute' or a 'measurement' for the duration, only one of them")
        if self.compute is not None and self.hardware is None:
            raise ValueError("'compute' needs 'hardware': its peak throughput turns FLOPs into hours")
        if self.device_power_source is not None and self.device_power_w is None:
            raise ValueError("'device_power_source' says how 'device_power_w' was obtained: give 'device_power_w'")
        if self.measurement is not None:
            if self.location is None and self.carbon_intensity_g_per_kwh is None \
                    and not log_format(self.measurement.kind).names_places:
                raise ValueError("give 'location' (country or cloud region) or 'carbon_intensity_g_per_kwh'")
            return self
        if self.hours is None and self.compute is None:
            if self.inference is None:
                raise ValueError("give 'hours' (wall-clock hours of one run), 'compute', a 'measurement', or "
                                 "'inference' (serving alone)")
            if self.location is None and self.carbon_intensity_g_per_kwh is None:
                raise ValueError("give 'location' (country or cloud region) or 'carbon_intensity_g_per_kwh'")
            return self  # serving alone: no training, so nothing that powers one is needed
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
    headline: Annotated[str, Field(pattern=ID_PATTERN)] | None = None

    @field_validator("title", "author", "summary")
    @classmethod
    def _texts(cls, value: str | dict[str, str] | None) -> dict[str, str] | None:
        return None if value is None else _check_text(value)


class FileModel(_Strict):
    brief: BriefMeta = BriefMeta()
    defaults: dict[str, Any] = {}
    scenarios: Annotated[list[dict[str, Any]], Field(min_length=1)]


def localized(value: str | dict[str, str] | None, lang: str) -> str:
    """Return the text for ``lang`` from a checked text field, or the best other language."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    for key in (lang, "", SOURCE_LANGUAGE):
        if key in value:
            return value[key]
    return value[min(value)]  # the same choice whatever order the file gives
