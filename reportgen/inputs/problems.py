"""Validation problems in the words of this tool: one message per field, with its line and a "did you mean"."""

from __future__ import annotations

import difflib
from typing import Any, get_args

from babel.core import Locale, get_global
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import Problem
from .document import ParsedFile, PathKey, dotted

_UNION_TAGS = {"str", "float", "int", "bool", "none"}
MAX_LISTED = 12  # a list of valid names this short is shown in full with the message
MAX_NAME = 64  # longer names are not compared with the valid ones
_TYPE_ERRORS = {"int_type", "float_type", "string_type", "bool_type", "dict_type", "list_type", "tuple_type",
                "int_from_float", "date_type", "model_type", "model_attributes_type"}


def distinct_errors(exc: ValidationError, data: Any) -> list[tuple[tuple[Any, ...], ErrorDetails]]:
    """Return one error per field: union members folded, a range error preferred over a type error.

    A location's parts are the keys of ``data`` it walks through, then a missing or unknown field, with pydantic's
    names of union members in between; only those names are dropped (a user's key may hold a hyphen).
    """
    by_loc: dict[tuple[Any, ...], list[ErrorDetails]] = {}
    for err in exc.errors():
        loc = _user_location(err["loc"], data)
        by_loc.setdefault(loc, []).append(err)
    chosen = []
    for loc, errs in by_loc.items():
        if errs[0]["type"] == "missing" and _misspelt_elsewhere(loc, by_loc):
            continue  # the unknown key beside it says "did you mean …"; one message is enough
        if all(e["type"] in _TYPE_ERRORS for e in errs) and any(o[:len(loc)] == loc and len(o) > len(loc)
                                                                for o in by_loc):
            continue  # a range whose end is wrong: "not one number" says less than the end's own message
        specific = [e for e in errs if e["type"] not in _TYPE_ERRORS]
        chosen.append((loc, specific[0] if specific else errs[0]))
    return chosen


def _user_location(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """Return the parts of a pydantic location that name keys and items of the document, not union members."""
    kept: list[Any] = []
    here = data
    for part in loc:
        item = isinstance(here, list | tuple) and isinstance(part, int) and 0 <= part < len(here)
        if (isinstance(here, dict) and part in here) or item:
            here = here[part]
        elif isinstance(part, str) and (part in _UNION_TAGS or any(c in part for c in "[]-,")):
            continue
        else:
            here = None
        kept.append(part)
    return tuple(kept)


def _misspelt_elsewhere(loc: tuple[Any, ...], by_loc: dict[tuple[Any, ...], list[ErrorDetails]]) -> bool:
    """Return whether an unknown key at the same level is a near miss of the missing field ``loc``."""
    for other, errs in by_loc.items():
        if errs[0]["type"] == "extra_forbidden" and loc and other and other[:-1] == loc[:-1] and \
                difflib.get_close_matches(str(other[-1]).lower(), [str(loc[-1])], n=1, cutoff=0.6):
            return True
    return False


def problem(doc: ParsedFile, err: ErrorDetails, key: PathKey, model: type[BaseModel],
            loc: tuple[Any, ...] = ()) -> Problem:
    """Return a readable Problem for one pydantic error at document position ``key`` (``loc`` in ``model``)."""
    message = _message(err)
    if err["type"] == "extra_forbidden":
        known = list(_model_at(model, loc[:-1]).model_fields)
        name = str(key[-1]) if key else ""
        message = f"unknown field {_shown(name)}{suggestion(name[:MAX_NAME], known)}"
    elif err["type"] == "missing":
        message = "is required"
    elif err["type"] == "string_type" and key in doc.bool_texts:  # YAML 1.1 reads no, yes, on, off as booleans
        text = doc.bool_texts[key]
        message = (f"YAML reads {text} without quotes as {str(err.get('input')).lower()}; write it in quotes: "
                   f'"{text}"')
    if _range_end(doc, key):
        end = "low" if key[-1] == 0 else "high"
        return Problem(f"the {end} end of the range: {message}", line=doc.line_of(key), field=dotted(key[:-1]))
    return Problem(message, line=doc.line_of(key), field=dotted(key))


def _range_end(doc: ParsedFile, key: PathKey) -> bool:
    """Return whether ``key`` is an end of a range [low, high] in the document, not an item of another list."""
    if len(key) < 2 or key[-1] not in (0, 1) or key[-2] == "scenarios":
        return False
    parent: Any = doc.data
    for part in key[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(parent, list) and len(parent) == 2


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    """Return the model of the mapping at ``loc`` inside ``model`` (``brief`` in a file: BriefMeta), else
    ``model`` itself."""
    for part in loc:
        field = model.model_fields.get(part) if isinstance(part, str) else None
        if field is None:
            continue
        found = [t for t in _types_in(field.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
        if not found:
            return model
        model = found[0]
    return model


def _types_in(annotation: Any) -> list[Any]:
    """Return the types an annotation is made of (unions and lists unwrapped)."""
    args = get_args(annotation)
    return [t for arg in args for t in _types_in(arg)] if args else [annotation]


def _message(err: ErrorDetails) -> str:
    """Return pydantic's message in the words of this tool."""
    msg = err["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    if err["type"] == "finite_number":
        return "must be a finite number (not NaN or infinity)"
    if err["type"] == "string_pattern_mismatch":  # ids: said in words, not as the regular expression
        return ("is not an id: use lowercase letters, digits and hyphens, starting with a letter or digit, at "
                "most 64 characters (for example 'grid-search')")
    if err["type"] in {"int_type", "float_type", "string_type", "bool_type", "dict_type", "list_type"}:
        quoted = err["type"] in {"int_type", "float_type"} and _is_number(err.get("input"))
        return f"{msg[0].lower()}{msg[1:]}, not {_shown(err.get('input'))}" + (
            ": write numbers without quotes" if quoted else "")
    return f"{msg[0].lower()}{msg[1:]}" if msg else "is not valid"


def _is_number(value: Any) -> bool:
    """Return whether ``value`` is text that reads as a number ("72")."""
    try:
        return isinstance(value, str) and float(value) == float(value)
    except ValueError:
        return False


def _shown(value: Any) -> str:
    """Return a short description of a wrong value for a message."""
    text = f"[{', '.join(map(repr, value))}]" if isinstance(value, tuple | list) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def suggestion(value: str, known: list[str], listing: str = "") -> str:
    """Return a "did you mean" hint for ``value`` among ``known``: the ids it begins ("nvidia-a100" for
    "nvidia-a100-80gb"), shortest first, and close spellings; else the ids that hold it ("H100" in
    "nvidia-h100-sxm"); else, for a short list, the list itself, or else where to find it."""
    lowered = [k.lower() for k in known]
    longer = sorted((k for k in lowered if k.startswith(value.lower()) and k != value.lower()),
                    key=lambda k: (len(k), k)) if len(value) >= 3 else []
    close = difflib.get_close_matches(value.lower(), lowered, n=3, cutoff=0.6)
    matches = list(dict.fromkeys([*longer, *close]))[:3]
    if not matches and len(value) >= 3:
        matches = [k for k in lowered if value.lower() in k][:3]
    if matches:
        originals = [next(k for k in known if k.lower() == m) for m in matches]
        return "; did you mean " + " or ".join(f"'{m}'" for m in originals) + "?"
    if len(known) <= MAX_LISTED:
        return "; use one of " + ", ".join(known)
    return f"; see `reportgen list {listing}`" if listing else ""


def country_hint(value: str) -> str:
    """Return "; did you mean 'BE'?" for a country written as its three-letter code (BEL) or its English name."""
    aliases = get_global("territory_aliases").get(value.upper(), [])
    names = {name.lower(): code for code, name in Locale("en").territories.items() if len(code) == 2}
    code = aliases[0] if len(aliases) == 1 and len(aliases[0]) == 2 else names.get(value.strip().lower())
    return f"; did you mean '{code}'?" if code else ""
