"""The numeric inputs of a scenario file: one number or a range [low, high], each with the bounds it must keep."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field

# Generous limits that still catch typos such as hours given in seconds, and keep every product finite.
MAX_HOURS = 10_000_000.0
MAX_COUNT = 10_000_000
MAX_RUNS = 10_000_000
MAX_WATTS = 1_000_000.0
MAX_PUE = 5.0
MAX_INTENSITY = 2_000.0
MAX_EMBODIED_KG = 100_000.0  # manufacturing CO2e of one device, host share included
MAX_LIFETIME_YEARS = 50.0
MAX_FLOPS = 1e30         # a thousand times the largest training published so far
MAX_PARAMETERS = 1e15
MAX_TOKENS = 1e17
MAX_REQUESTS = 1e16
MAX_WH_PER_REQUEST = 1e5
MAX_WATER_L_PER_KWH = 100.0  # litres per kWh: above any published on-site or off-site factor


def list_as_tuple(value: Any) -> Any:
    """Return a YAML/JSON list as a tuple, so that a strict model accepts [low, high]."""
    return tuple(value) if isinstance(value, list) else value


# How a file may name a precision: its bits, or the number formats of that width.
PRECISION_NAMES = {"fp8": 8, "fp16": 16, "bf16": 16, "fp32": 32}


def precision_bits(value: Any) -> Any:
    """Return a precision named as a number format (fp8, bf16, fp16, fp32) as its bits; bits stay as they are."""
    return PRECISION_NAMES.get(value.lower(), value) if isinstance(value, str) else value


def _ordered(value: Any) -> Any:
    """Refuse a range whose low end is above its high end."""
    if isinstance(value, tuple) and value[0] > value[1]:
        raise ValueError("give a range as [low, high], the low end first")
    return value


# Numeric inputs: one number, or a range [low, high] whose ends keep the same bounds.
_AsRange = (BeforeValidator(list_as_tuple), AfterValidator(_ordered))
_Count = Annotated[int, Field(ge=1, le=MAX_COUNT)]
_Runs = Annotated[int, Field(ge=1, le=MAX_RUNS)]
_Hours = Annotated[float, Field(gt=0, le=MAX_HOURS)]
_Watts = Annotated[float, Field(gt=0, le=MAX_WATTS)]
_HostWatts = Annotated[float, Field(ge=0, le=MAX_WATTS)]
_Share = Annotated[float, Field(gt=0, le=1)]
_Fraction = Annotated[float, Field(ge=0, le=1)]
_Pue = Annotated[float, Field(ge=1.0, le=MAX_PUE)]
_Intensity = Annotated[float, Field(ge=0, le=MAX_INTENSITY)]
_Embodied = Annotated[float, Field(ge=0, le=MAX_EMBODIED_KG)]
_Years = Annotated[float, Field(gt=0, le=MAX_LIFETIME_YEARS)]
_Water = Annotated[float, Field(ge=0, le=MAX_WATER_L_PER_KWH)]
CountInput = Annotated[_Count | tuple[_Count, _Count], *_AsRange]
RunsInput = Annotated[_Runs | tuple[_Runs, _Runs], *_AsRange]
HoursInput = Annotated[_Hours | tuple[_Hours, _Hours], *_AsRange]
WattsInput = Annotated[_Watts | tuple[_Watts, _Watts], *_AsRange]
HostWattsInput = Annotated[_HostWatts | tuple[_HostWatts, _HostWatts], *_AsRange]
ShareInput = Annotated[_Share | tuple[_Share, _Share], *_AsRange]
FractionInput = Annotated[_Fraction | tuple[_Fraction, _Fraction], *_AsRange]
PueInput = Annotated[_Pue | tuple[_Pue, _Pue], *_AsRange]
IntensityInput = Annotated[_Intensity | tuple[_Intensity, _Intensity], *_AsRange]
EmbodiedInput = Annotated[_Embodied | tuple[_Embodied, _Embodied], *_AsRange]
YearsInput = Annotated[_Years | tuple[_Years, _Years], *_AsRange]
WaterInput = Annotated[_Water | tuple[_Water, _Water], *_AsRange]
_WhPerRequest = Annotated[float, Field(gt=0, le=MAX_WH_PER_REQUEST)]
WhPerRequestInput = Annotated[_WhPerRequest | tuple[_WhPerRequest, _WhPerRequest], *_AsRange]
Flops = Annotated[float, Field(gt=0, le=MAX_FLOPS)]
Parameters = Annotated[float, Field(gt=0, le=MAX_PARAMETERS)]
Tokens = Annotated[float, Field(gt=0, le=MAX_TOKENS)]
Requests = Annotated[float, Field(ge=0, le=MAX_REQUESTS)]


Number = float | tuple[float, float]


def central(value: Number | None) -> float | None:
    """Return the value of a single number, or the middle of a range."""
    if value is None:
        return None
    return (value[0] + value[1]) / 2 if isinstance(value, tuple) else float(value)


def bounds(value: Number | None) -> tuple[float | None, float | None]:
    """Return the (low, high) of a range, or (None, None) for a single number."""
    return (float(value[0]), float(value[1])) if isinstance(value, tuple) else (None, None)


def _licence_state(value: object) -> object:
    """Return a stated licence state as it is; anything but true, false or 'restricted' is refused."""
    if value is None or isinstance(value, bool) or value == "restricted":
        return value
    raise ValueError("give true (a free and open-source licence), false, or 'restricted' (public weights under a "
                     "licence that restricts some uses)")


# Whether a model's weights are public under a free and open-source licence: true, false, or "restricted" for public
# weights under a licence that restricts some uses (such as a RAIL licence), which the exemption may not cover.
LicenceState = Annotated[bool | Literal["restricted"], BeforeValidator(_licence_state)]

# What a scenario's runs are, as the advice on them needs to know: tuning (a search over hyperparameters), seeds
# (the same training with other random starts), ablations (variants that leave parts out), an architecture search,
# or repeats (the same training again). Unstated, the results say "unknown".
RunPurpose = Literal["tuning", "seeds", "ablations", "architecture-search", "repeats"]
