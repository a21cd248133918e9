"""HTML: the filters the Jinja2 environments share, and rendering a template with its context into a page."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

import jinja2
from babel import Locale
from markupsafe import Markup

from ..brief import BriefView
from ..choices import N_
from ..errors import RenderError, TranslationError

STATIC_PREFIX = "static/"
QUOTED = N_("“%(name)s”")  # a name quoted in running text, in the marks of the language


def sentence_start(text: str) -> Markup:
    """Return ``text`` with its first letter in capitals, to open a sentence (the rest stays as it is)."""
    markup = text if isinstance(text, Markup) else Markup.escape(text)
    return Markup(markup[:1].upper() + markup[1:])


def quoted(text: str, gettext: Callable[[str], str]) -> str:
    """Return ``text`` (a name) in the quotation marks of the catalog's language: “…” in English, ‘…’ in Dutch."""
    return gettext(QUOTED) % {"name": text}


def bound_tail(text: str) -> Markup:
    """Return ``text`` with a short last word (two letters at most: "GTX TITAN X", "A100 80 GB") bound to the word
    before it by a no-break space, so that a line never ends before it."""
    markup = text if isinstance(text, Markup) else Markup.escape(text)
    head, space, tail = markup.rpartition(" ")
    return Markup(head + "\u00a0" + tail) if space and head and len(tail) <= 2 else Markup(markup)


def wrapped_lines(text: str, width: int, most: int = 2) -> list[str]:
    """Return ``text`` broken into at most ``most`` lines of about ``width`` characters, the last cut with "…"."""
    plain = text.unescape() if isinstance(text, Markup) else str(text)  # wrapped as text, escaped again on output
    lines = textwrap.wrap(plain, width) or [""]
    if len(lines) > most:
        rest = " ".join(lines[most - 1:])
        lines = [*lines[:most - 1], rest[:width - 1].rstrip() + "…"]
    return lines


def url_breaks(url: str) -> Markup:
    """Return ``url`` escaped, with a break opportunity after each slash of its path: a long address then
    wraps at a slash, never inside a word or after its scheme's first letter."""
    scheme, sep, rest = str(url).partition("://")
    if not sep:
        scheme, rest = "", scheme
    head = Markup.escape(scheme + sep)
    return head + Markup("/<wbr>").join(Markup.escape(part) for part in rest.split("/"))


def text_width(text: str, size: float) -> float:
    """Return the width of ``text`` set at ``size`` in a chart, estimated at 0.62 em a character (Inter's figures
    and units) and a little room: enough for the white ground laid under a value."""
    return (len(str(text)) * 0.62 + 0.4) * size


def territory_filter(locale: Locale) -> Any:
    """Return a filter that names a country code in the locale's language."""

    def territory(code: str) -> str:
        key = "001" if code == "WORLD" else code
        name = str(locale.territories.get(key, code))
        return name[:1].upper() + name[1:]  # CLDR writes "world" in lower case; it stands alone in a table cell

    return territory


def language_name(code: str) -> str:
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


def render_brief_html(view: BriefView, env: jinja2.Environment, static: str = STATIC_PREFIX,
                      for_pdf: bool = False) -> str:
    """Return the brief as an HTML document; ``for_pdf`` leaves out the print stylesheet render_pdf supplies."""
    return render_page(env, "brief.html", v=view, lang=view.lang, static=static,
                       for_pdf=for_pdf)
