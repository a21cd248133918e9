"""What one build reads of data/, templates/ and locales/: read on first use, then shared by all its documents.

A command makes one ``Assets`` and passes it down; the preview makes a new one for every rebuild, so an
edited catalog, template or reference table is read again. Nothing is kept between builds.
"""

from __future__ import annotations

import datetime as dt
import gettext
import os
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import jinja2.bccache
from babel import Locale
from babel.lists import format_list
from babel.messages.catalog import Catalog

from ..brief.labels import label
from ..errors import InputError
from ..reference import Reference, load_reference
from ..resources import asset_root, languages
from .glossary import glossary_terms
from .html import (
    bound_tail,
    language_name,
    quoted,
    sentence_start,
    territory_filter,
    text_width,
    url_breaks,
    wrapped_lines,
)
from .i18n import compiled, format_locale, og_locale, read_catalog
from .numbers import formatters
from .pdf import PdfRenderer

if TYPE_CHECKING:
    from ..inputs import ScenarioFile


class SharedBytecode(jinja2.BytecodeCache):
    """Compiled templates kept in memory and shared by the environments of all languages (compiled once)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill the bucket from memory, where this template was compiled before."""
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep a freshly compiled template."""
        self.code[bucket.key] = bucket.bytecode_to_string()


class Assets:
    """The reference tables, catalogs, Jinja environments, print style and build date of one build."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or asset_root()
        self.bytecode = SharedBytecode()
        self._catalogs: dict[str, Catalog] = {}
        self._translations: dict[str, gettext.NullTranslations] = {}
        self._envs: dict[str, jinja2.Environment] = {}

    @cached_property
    def languages(self) -> tuple[str, ...]:
        """Return the languages with a catalog, in the order outputs list them."""
        return languages(self.root / "locales")

    @cached_property
    def reference(self) -> Reference:
        """Return the reference tables, read and checked once for this build."""
        return load_reference(self.root / "data")

    @cached_property
    def pdf(self) -> PdfRenderer:
        """Return the PDF renderer, whose print stylesheet and fonts are parsed once for this build."""
        return PdfRenderer(self.root / "templates")

    @cached_property
    def epoch_date(self) -> dt.date | None:
        """Return the date SOURCE_DATE_EPOCH sets for reproducible output, or None where it is not set."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if not epoch:
            return None
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise InputError(None, f"SOURCE_DATE_EPOCH must be a whole number of seconds, not '{epoch}'") from None

    def build_date(self, scenario_file: ScenarioFile | None = None) -> dt.date:
        """Return the date a build stamps on its output: SOURCE_DATE_EPOCH, else the file's date, else today."""
        if self.epoch_date is not None:
            return self.epoch_date
        if scenario_file is not None and scenario_file.brief.date is not None:
            return scenario_file.brief.date
        return dt.datetime.now(tz=dt.UTC).date()

    def check_language(self, lang: str) -> str:
        """Return ``lang`` where it has a catalog; raise InputError for any other language."""
        if lang not in self.languages:
            raise InputError(None, f"unsupported language '{lang}': use {' or '.join(self.languages)}")
        return lang

    def catalog(self, lang: str) -> Catalog:
        """Return the parsed catalog of a supported language."""
        if lang not in self._catalogs:
            self._catalogs[lang] = read_catalog(self.check_language(lang), self.root / "locales")
        return self._catalogs[lang]

    def locale(self, lang: str) -> Locale:
        """Return the Babel locale that formats a language's numbers and dates."""
        return format_locale(self.catalog(lang), lang)

    def og_locale(self, lang: str) -> str:
        """Return how Open Graph names a language ("nl_NL")."""
        return og_locale(self.locale(lang))

    def translations(self, lang: str) -> gettext.NullTranslations:
        """Return the gettext translations of a language, compiled from its catalog."""
        if lang not in self._translations:
            self._translations[lang] = compiled(self.catalog(lang))
        return self._translations[lang]

    def env(self, lang: str) -> jinja2.Environment:
        """Return the Jinja2 environment of a language, made once for this build."""
        if lang not in self._envs:
            self._envs[lang] = make_env(lang, assets=self)
        return self._envs[lang]


def make_env(lang: str, catalog: gettext.NullTranslations | None = None,
             assets: Assets | None = None) -> jinja2.Environment:
    """Return a Jinja2 environment for ``lang``: autoescaping, i18n with the language's catalog, filters."""
    assets = assets or Assets()
    locale = assets.locale(lang)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(assets.root / "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates do not change during a build; skip a stat() per include
        bytecode_cache=assets.bytecode,
    )
    env.policies["ext.i18n.trimmed"] = True
    catalog = catalog or assets.translations(lang)
    env.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(formatters(locale, catalog.gettext))
    env.filters["territory"] = territory_filter(locale)
    env.filters["label"] = label
    env.filters["language_name"] = language_name
    env.filters["lines"] = wrapped_lines
    env.filters["url_breaks"] = url_breaks
    env.filters["bound_tail"] = bound_tail
    env.filters["quoted"] = partial(quoted, gettext=catalog.gettext)
    env.filters["text_width"] = text_width
    env.filters["sentence"] = sentence_start
    env.filters["og_locale"] = assets.og_locale
    env.filters["and_list"] = lambda items: format_list([str(i) for i in items], locale=locale)
    env.globals["glossary_terms"] = partial(glossary_terms, lang=lang, translate=catalog.gettext)
    return env
