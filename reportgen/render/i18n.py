"""Locales and message catalogs, read from the committed .po files at run time (no compiled .mo files)."""

from __future__ import annotations

import gettext
from functools import cache
from io import BytesIO
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from ..choices import LANGUAGES as CHOICES
from ..errors import InputError, TranslationError
from ..resources import locales_dir

LANGUAGES = CHOICES
SOURCE_LANGUAGE = "en"
# How numbers and dates read: English as written in Europe ("27 November 2026"), not as in the US.
FORMAT_LOCALES = {"nl": "nl", "en": "en_GB"}


def parse_language(code: str) -> Locale:
    """Return the Babel locale that formats a supported language's numbers and dates; raise InputError for any
    other language."""
    if code not in LANGUAGES:
        raise InputError(None, f"unsupported language '{code}': use {' or '.join(LANGUAGES)}")
    try:
        return Locale.parse(FORMAT_LOCALES[code])
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
