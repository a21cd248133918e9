"""Locale-aware formatting of numbers, masses, money, dates and percentages: the only place numbers are formatted.

Templates receive numbers and format them through the filters made here. One rounding rule holds for
every figure a reader meets in prose, tables and charts: two significant figures (``sig``, ``mass``,
``money``). Exact inputs (hours, counts, factors) show as given, without trailing zeros (``amount``).
Masses come in kilograms and read in tonnes from one tonne up, in kilograms below.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from babel import Locale
from babel.dates import format_date, format_timedelta
from babel.numbers import NumberPattern, format_compact_decimal, parse_pattern

from ..choices import N_

TONNE_KG = 1000.0
PLAIN = (1e-6, 1e15)  # numbers outside this span read as a power of ten, never as 300 digits
MAX_SPAN_HOURS = 1e9  # about 114,000 years: longer spans are said to be longer than this
# Running text spells a whole count up to ten (EU and Dutch house style: "three scenarios", "drie scenario's").
NUMBER_WORDS = (N_("zero"), N_("one"), N_("two"), N_("three"), N_("four"), N_("five"), N_("six"), N_("seven"),
                N_("eight"), N_("nine"), N_("ten"))
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def significant(value: float, digits: int = 2) -> float:
    """Return ``value`` rounded to ``digits`` significant figures, halves away from zero (985 reads 990)."""
    if value == 0 or not math.isfinite(value):
        return value
    exponent = digits - 1 - math.floor(math.log10(abs(value)))
    quantum = Decimal(1).scaleb(-exponent)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def decimals_for_significant(value: float, digits: int = 2) -> int:
    """Return how many decimals show ``digits`` significant figures of ``value`` (never negative)."""
    if value == 0 or not math.isfinite(value):
        return 0
    return max(0, digits - 1 - math.floor(math.log10(abs(value))))


def trimmed_decimals(value: float, decimals: int) -> int:
    """Return the fewest decimals, at most ``decimals``, that show ``value`` rounded to ``decimals``."""
    rounded = round(value, decimals)
    while decimals > 0 and round(rounded, decimals - 1) == rounded:
        decimals -= 1
    return decimals


@cache
def _pattern(pattern: str) -> NumberPattern:
    """Return a parsed Babel number pattern; parsing is the costly part of formatting, so it is done once."""
    return parse_pattern(pattern)


def _missing(value: float | None) -> bool:
    """Return whether a value is absent (None or NaN)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _far(value: float) -> bool:
    """Return whether a finite, non-zero number lies outside the span that reads well in plain digits."""
    return math.isfinite(value) and value != 0 and not PLAIN[0] <= abs(value) < PLAIN[1]


def _untranslated(message: str) -> str:
    """Return a message as it is (the source language)."""
    return message


def whole_percent_saved(share: float) -> int:
    """Return a saved share as a whole percentage: to the nearest, but down from 99%, so that a saving that
    leaves something never reads 100%."""
    percent = share * 100.0
    return math.floor(percent + 1e-9) if percent >= 99.0 else math.floor(percent + 0.5)


def formatters(locale: Locale, gettext: Callable[[str], str] = _untranslated) -> dict[str, Callable[..., Any]]:
    """Return the Jinja filters that format values for ``locale``; units are translated with ``gettext``."""

    currency_pattern = str(locale.currency_formats["standard"].pattern).split(";")[0]

    def decimal(value: float | None, digits: int = 2) -> str:
        if value is None or _missing(value):
            return "–"
        if _far(value):
            return power_of_ten(value)
        pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
        return str(_pattern(pattern).apply(value, locale))

    def integer(value: float | None) -> str:
        return decimal(value, 0)

    def sig(value: float | None, digits: int = 2) -> str:
        """Format with ``digits`` significant figures (12,345 reads 12,000 at two)."""
        if value is None or _missing(value):
            return "–"
        rounded = significant(value, digits)
        return decimal(rounded, decimals_for_significant(rounded, digits))

    def amount(value: float | None) -> str:
        """Format an input as given: whole units from 100 up, at most three significant figures below, no 12.0."""
        if value is None or _missing(value):
            return "–"
        if abs(value) >= 100:
            return decimal(value, 0)
        return decimal(value, trimmed_decimals(value, decimals_for_significant(value, 3)))

    def mass(kg: float | None, like: float | None = None, digits: int = 2) -> str:
        """Format a mass of CO2e at two significant figures: in tonnes from one tonne up, else in kilograms.

        ``like`` picks the unit by another value, so that both ends of a range share the unit of its middle.
        """
        if kg is None or _missing(kg):
            return "–"
        in_tonnes = abs(significant(kg if like is None else like, 2)) >= TONNE_KG  # 999.9 kg reads 1.0 t
        if in_tonnes:
            return gettext("%(mass)s\u00a0t") % {"mass": sig(kg / TONNE_KG, digits)}
        return gettext("%(mass)s\u00a0kg") % {"mass": sig(kg, digits)}

    def mass_range(low: float, high: float, like: float) -> tuple[str, str]:
        """Format the ends of a range of masses in the unit of ``like``: two significant figures, or three
        where two would show both ends as the same number."""
        ends = (mass(low, like), mass(high, like))
        return ends if ends[0] != ends[1] or low == high else (mass(low, like, 3), mass(high, like, 3))

    def volume(litres: float | None, like: float | None = None) -> str:
        """Format a volume of water at two significant figures: in cubic metres from one m³ up, else in litres."""
        if litres is None or _missing(litres):
            return "–"
        if abs(significant(litres if like is None else like, 2)) >= 1000.0:
            return gettext("%(volume)s\u00a0m³") % {"volume": sig(litres / 1000.0)}
        return gettext("%(volume)s\u00a0L") % {"volume": sig(litres)}

    def energy(kwh: float | None, like: float | None = None) -> str:
        """Format an amount of energy at two significant figures: in kWh, MWh from 1,000 kWh, GWh from 10⁶ kWh.

        ``like`` picks the unit by another value, so that both ends of a range share the unit of its middle.
        """
        if kwh is None or _missing(kwh):
            return "–"
        size = abs(significant(kwh if like is None else like, 2))
        if size >= 1e6:
            return gettext("%(energy)s\u00a0GWh") % {"energy": sig(kwh / 1e6)}
        if size >= 1e3:
            return gettext("%(energy)s\u00a0MWh") % {"energy": sig(kwh / 1e3)}
        return gettext("%(energy)s\u00a0kWh") % {"energy": sig(kwh)}

    def mwh(kwh: float | None) -> str:
        """Format an amount of energy in MWh at two significant figures, as the AI Office's form asks."""
        if kwh is None or _missing(kwh):
            return "–"
        return gettext("%(energy)s\u00a0MWh") % {"energy": sig(kwh / 1e3)}

    def power_of_ten(value: float, digits: int = 2) -> str:
        """Format a number far from everyday sizes as a mantissa times a power of ten (1.1 × 10³¹)."""
        exponent = math.floor(math.log10(abs(significant(value, digits))))
        mantissa = significant(value / 10.0 ** exponent, digits) if exponent > -300 else significant(
            value * 1e300 / 10.0 ** (exponent + 300), digits)
        shown = str(_pattern("#,##0." + "0" * (digits - 1)).apply(mantissa, locale))
        return f"{shown}\u00a0×\u00a010{str(exponent).translate(_SUPERSCRIPT)}"

    def scientific(value: float | None) -> str:
        """Format a very large count (FLOPs) as a mantissa at two significant figures times a power of ten."""
        if value is None or _missing(value):
            return "–"
        if abs(value) < 1e6:
            return sig(value)
        exponent = math.floor(math.log10(abs(significant(value))))
        superscript = str(exponent).translate(_SUPERSCRIPT)
        if math.isclose(value, 10.0 ** exponent, rel_tol=1e-12):  # a threshold such as 10²⁵, a power of ten
            return f"10{superscript}"
        return f"{sig(value / 10 ** exponent)}\u00a0×\u00a010{superscript}"

    def tonnes(kg: float | None) -> str:
        """Format a mass in tonnes with two decimals, as the source article prints its table (0.90, 5.00)."""
        if kg is None or _missing(kg):
            return "–"
        value = kg / TONNE_KG
        shown = decimal(value, 2) if abs(value) >= 0.01 or value == 0 else sig(value, 2)
        return gettext("%(mass)s\u00a0t") % {"mass": shown}

    def saved_percent(value: float | None) -> str:
        """Format a saved share as whole_percent_saved rounds it, the rule the command line follows too."""
        if value is None or _missing(value):
            return "–"
        return percent(whole_percent_saved(value) / 100)

    def percent(value: float | None, digits: int = 0) -> str:
        if value is None or _missing(value):
            return "–"
        pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
        if _far(value * 100):
            return f"{power_of_ten(value * 100)}\u00a0%"
        return str(_pattern(pattern).apply(value, locale))

    def money(value: float | None, currency: str) -> str:
        """Format an amount of money at two significant figures (whole units from 100 up)."""
        if value is None or _missing(value):
            return "–"
        rounded = significant(value, 2)
        if _far(rounded):
            return f"{power_of_ten(rounded)}\u00a0{currency}"
        digits = decimals_for_significant(rounded, 2)
        if currency != "EUR":  # EU style writes other currencies as the ISO code before the amount: USD 52
            return f"{currency}\u00a0{decimal(rounded, digits)}"
        pattern = currency_pattern.replace(".00", "." + "0" * digits if digits else "")
        return str(_pattern(pattern).apply(rounded, locale, currency=currency, currency_digits=False))

    def filesize(size: int) -> str:
        """Format a file's size in kB or MB (powers of 1,000) at two significant figures, from 1 kB up."""
        if size >= 1_000_000:
            return gettext("%(size)s\u00a0MB") % {"size": sig(size / 1e6)}
        return gettext("%(size)s\u00a0kB") % {"size": sig(max(size, 1000) / 1e3)}

    def count_words(value: float | None) -> str:
        """Format a large count at two significant figures in words from a million up (50 million, 1.7 billion)."""
        if value is None or _missing(value):
            return "–"
        rounded = significant(value, 2)
        if abs(rounded) < 1e6 or _far(rounded):
            return sig(rounded)
        return str(format_compact_decimal(rounded, format_type="long", locale=locale, fraction_digits=1))

    def words(value: float | None) -> str:
        """Format a whole count in words from zero to ten, as running text writes it; other numbers as given."""
        if value is not None and not _missing(value) and float(value).is_integer() and 0 <= value < len(NUMBER_WORDS):
            return gettext(NUMBER_WORDS[int(value)])
        return amount(value)

    def duration(hours: float | None) -> str:
        """Format a span of time, rounded to the one unit that suits it (about 40 seconds, about 2 minutes, about
        3 weeks), or as less than a second."""
        if hours is None or _missing(hours):
            return "–"
        if hours * 3600.0 < 1.0:  # format_timedelta would round a tenth of a second up to "1 second"
            return gettext("less than a second")
        if hours > MAX_SPAN_HOURS:  # beyond what a timedelta holds
            span = format_timedelta(dt.timedelta(hours=MAX_SPAN_HOURS), threshold=1.5, locale=locale)
            return gettext("more than %(time)s") % {"time": span}
        rounded = format_timedelta(dt.timedelta(hours=hours), threshold=1.5, locale=locale)
        return gettext("about %(time)s") % {"time": rounded}

    def long_date(value: dt.date | None) -> str:
        return format_date(value, format="long", locale=locale) if value is not None else ""

    def month(value: dt.date | None, full: bool = False) -> str:
        # A chart's axis has room for "Jan"; a sentence names the month in full.
        return format_date(value, format="LLLL" if full else "LLL", locale=locale) if value is not None else ""

    return {"decimal": decimal, "integer": integer, "sig": sig, "amount": amount, "mass": mass,
            "mass_range": mass_range, "volume": volume, "energy": energy, "mwh": mwh, "scientific": scientific,
            "tonnes": tonnes, "saved_percent": saved_percent, "filesize": filesize,
            "percent": percent, "money": money, "date": long_date, "duration": duration,
            "count_words": count_words, "words": words, "month": month}
