"""HTML: the one Jinja2 environment factory, and rendering a template with its context into a page."""

from __future__ import annotations

import gettext
import textwrap
from typing import Any

import jinja2
import jinja2.bccache
from babel import Locale
from markupsafe import Markup

from ..brief import BriefView
from ..brief.labels import label
from ..errors import RenderError, TranslationError
from ..resources import templates_dir
from .i18n import og_locale, parse_language, translations
from .numbers import formatters

STATIC_PREFIX = "static/"


class _SharedBytecode(jinja2.BytecodeCache):
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


_BYTECODE = _SharedBytecode()


def make_env(lang: str, catalog: gettext.NullTranslations | None = None) -> jinja2.Environment:
    """Return a Jinja2 environment for ``lang``: autoescaping, i18n with the language's catalog, filters."""
    locale = parse_language(lang)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates do not change during a run; skip a stat() per include
        bytecode_cache=_BYTECODE,
    )
    env.policies["ext.i18n.trimmed"] = True
    catalog = catalog or translations(lang)
    env.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(formatters(locale, catalog.gettext))
    env.filters["territory"] = _territory_filter(locale)
    env.filters["label"] = label
    env.filters["language_name"] = _language_name
    env.filters["lines"] = wrapped_lines
    env.filters["sentence"] = sentence_start
    env.filters["og_locale"] = lambda code: og_locale(parse_language(code))
    return env


def sentence_start(text: str) -> Markup:
    """Return ``text`` with its first letter in capitals, to open a sentence (the rest stays as it is)."""
    markup = text if isinstance(text, Markup) else Markup.escape(text)
    return Markup(markup[:1].upper() + markup[1:])


def wrapped_lines(text: str, width: int, most: int = 2) -> list[str]:
    """Return ``text`` broken into at most ``most`` lines of about ``width`` characters, the last cut with "…"."""
    plain = text.unescape() if isinstance(text, Markup) else str(text)  # wrapped as text, escaped again on output
    lines = textwrap.wrap(plain, width) or [""]
    if len(lines) > most:
        rest = " ".join(lines[most - 1:])
        lines = [*lines[:most - 1], rest[:width - 1].rstrip() + "…"]
    return lines


def _territory_filter(locale: Locale) -> Any:
    """Return a filter that names a country code in the locale's language."""

    def territory(code: str) -> str:
        key = "001" if code == "WORLD" else code
        name = str(locale.territories.get(key, code))
        return name[:1].upper() + name[1:]  # CLDR writes "world" in lower case; it stands alone in a table cell

    return territory


def _language_name(code: str) -> str:
    """Return a language's own name for itself ("Nederlands", "English"), as a language switch shows it."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def brief_title(view: BriefView, env: jinja2.Environment) -> str:
    """Return a brief's title as plain text: the file's own, or the finding its results state."""
    macro = env.get_template("partials/title.html").module.brief_title  # type: ignore[attr-defined]
    return str(Markup(macro(view)).unescape()).strip()


def render_page(env: jinja2.Environment, template: str, **context: Any) -> str:
    """Return a template rendered with ``context``; raise RenderError or TranslationError where it cannot be."""
    try:
        return str(env.get_template(template).render(**context))
    except jinja2.TemplateError as exc:
        raise RenderError(f"cannot render the template {template}: {exc}") from exc
    except KeyError as exc:
        raise TranslationError(f"a translation has a placeholder the template does not give: {exc}") from exc


def render_brief_html(view: BriefView, env: jinja2.Environment | None = None, static: str = STATIC_PREFIX,
                      for_pdf: bool = False) -> str:
    """Return the brief as an HTML document; ``for_pdf`` leaves out the print stylesheet render_pdf supplies."""
    return render_page(env or make_env(view.lang), "brief.html", v=view, lang=view.lang, static=static,
                       for_pdf=for_pdf)
