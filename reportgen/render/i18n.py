"""Locales and message catalogs, read from the committed .po files at run time (no compiled .mo files).

A language is a folder ``locales/<code>/LC_MESSAGES/messages.po``; its ``Language`` header names the Babel
locale that formats its numbers and dates (``en_GB``: English as written in Europe, "27 November 2026").
"""

from __future__ import annotations

import gettext
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from ..errors import InputError, TranslationError
from ..resources import catalog_path, languages


def parse_language(code: str) -> Locale:
    """Return the Babel locale that formats a supported language's numbers and dates; raise InputError for any
    other language."""
    offered = languages()
    if code not in offered:
        raise InputError(None, f"unsupported language '{code}': use {' or '.join(offered)}")
    return format_locale(read_catalog(code), code)


def format_locale(catalog: Catalog, code: str) -> Locale:
    """Return the Babel locale a catalog's ``Language`` header names (the code itself where it names none)."""
    if isinstance(catalog.locale, Locale):
        return catalog.locale
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError) as exc:
        raise InputError(None, f"unknown locale '{code}': {exc}") from None


def og_locale(locale: Locale) -> str:
    """Return how Open Graph names a locale: language and country, the likeliest country where none is given."""
    if locale.territory:
        return f"{locale.language}_{locale.territory}"
    likely = Locale.parse(get_global("likely_subtags").get(locale.language, locale.language))
    return f"{likely.language}_{likely.territory}" if likely.territory else locale.language


def read_catalog(lang: str, locales: Path | None = None) -> Catalog:
    """Return the parsed .po catalog of ``lang``; raise TranslationError if it is missing or unreadable."""
    path = catalog_path(lang, locales)
    try:
        with path.open("rb") as handle:
            return read_po(handle)
    except OSError as exc:
        raise TranslationError(f"missing message catalog for '{lang}': {path} ({exc.strerror})") from None
    except Exception as exc:  # babel raises several types for a malformed .po
        raise TranslationError(f"cannot read message catalog {path}: {exc}") from None


def translations(lang: str) -> gettext.NullTranslations:
    """Return the gettext translations of ``lang``, compiled in memory from its .po catalog."""
    return compiled(read_catalog(lang))


def compiled(catalog: Catalog) -> gettext.NullTranslations:
    """Return the gettext translations of a parsed catalog, compiled in memory (no .mo file)."""
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer)
