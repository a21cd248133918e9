"""Locales, message catalogs and locale-aware formatting of numbers, money, dates and percentages.

Catalogs are read from the committed .po files at run time (no compiled .mo files). Only this module
formats numbers for people; templates receive numbers and format them through the filters made here.
"""

from __future__ import annotations

import datetime as dt
import gettext
import math
from collections.abc import Callable
from functools import cache
from io import BytesIO
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import NumberPattern, parse_pattern
from babel.support import Translations

from ..errors import InputError, TranslationError
from ..resources import locales_dir

LANGUAGES = ("nl", "en")
SOURCE_LANGUAGE = "en"


def parse_language(code: str) -> Locale:
    """Return the Babel locale for a supported language code; raise InputError for any other."""
    if code not in LANGUAGES:
        raise InputError(None, f"unsupported language '{code}': use {' or '.join(LANGUAGES)}")
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError) as exc:
        raise InputError(None, f"unknown locale '{code}': {exc}") from None


@cache
def read_catalog(lang: str) -> Catalog:
    """Return the parsed .po catalog of ``lang``; raise TranslationError if it is missing or unreadable."""
    path = locales_dir() / lang / "LC_MESSAGES" / "messages.po"
    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=lang)
    except OSError as exc:
        raise TranslationError(f"missing message catalog for '{lang}': {path} ({exc.strerror})") from None
    except Exception as exc:  # babel raises several types for a malformed .po
        raise TranslationError(f"cannot read message catalog {path}: {exc}") from None


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """Return the gettext translations of ``lang``, compiled in memory from its .po catalog."""
    buffer = BytesIO()
    write_mo(buffer, read_catalog(lang), use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer)


def missing_translations(lang: str) -> list[str]:
    """Return the message ids of ``lang``'s catalog that are untranslated or fuzzy."""
    catalog = read_catalog(lang)
    return [str(m.id) for m in catalog if m.id and (not _translated(m.string) or m.fuzzy)]


def _translated(string: Any) -> bool:
    """Return whether a catalog msgstr (a string or plural tuple) is filled in."""
    return all(string) if isinstance(string, tuple | list) else bool(string)


def significant(value: float, digits: int = 2) -> float:
    """Return ``value`` rounded to ``digits`` significant figures, as prose needs it."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def decimals_for_significant(value: float, digits: int = 2) -> int:
    """Return how many decimals show ``digits`` significant figures of ``value`` (never negative)."""
    if value == 0 or not math.isfinite(value):
        return 0
    return max(0, digits - 1 - math.floor(math.log10(abs(value))))


@cache
def _pattern(pattern: str) -> NumberPattern:
    """Return a parsed Babel number pattern; parsing is the costly part of formatting, so it is done once."""
    return parse_pattern(pattern)


def formatters(locale: Locale) -> dict[str, Callable[..., str]]:
    """Return the Jinja filters that format values for ``locale``."""

    currency_pattern = str(locale.currency_formats["standard"].pattern).split(";")[0]

    def decimal(value: float | None, digits: int = 2) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
        return str(_pattern(pattern).apply(value, locale))

    def integer(value: float | None) -> str:
        return decimal(value, 0)

    def sig(value: float | None, digits: int = 2) -> str:
        """Format with ``digits`` significant figures but never hide whole units (12,345 stays 12,345)."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        rounded = significant(value, digits)
        return decimal(rounded, decimals_for_significant(rounded, digits))

    def amount(value: float | None) -> str:
        """Format an exact table value: whole units from 100 up, three significant figures below."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        if abs(value) >= 100:
            return decimal(value, 0)
        return decimal(value, decimals_for_significant(value, 3))

    def tonnes(value: float | None) -> str:
        """Format tonnes with two decimals, or two significant figures below 0.01 t so that none shows as 0."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        return decimal(value, 2) if abs(value) >= 0.01 or value == 0 else sig(value, 2)

    def percent(value: float | None, digits: int = 0) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
        return str(_pattern(pattern).apply(value, locale))

    def money(value: float | None, currency: str, digits: int = 0) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        pattern = currency_pattern.replace(".00", "." + "0" * digits if digits else "")
        return str(_pattern(pattern).apply(value, locale, currency=currency, currency_digits=False))

    def long_date(value: dt.date | None) -> str:
        return format_date(value, format="long", locale=locale) if value is not None else ""

    return {"decimal": decimal, "integer": integer, "sig": sig, "amount": amount, "tonnes": tonnes,
            "percent": percent, "money": money, "date": long_date}
