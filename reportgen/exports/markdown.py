"""Names from a scenario file in Markdown: one line, with every character that could start a link, an image,
emphasis, code, a table cell or raw HTML escaped, so that a name never adds a section, a figure or a link."""

from __future__ import annotations

import dataclasses
import re

from markupsafe import Markup

from ..brief.disclosure import DisclosureView

_SPECIAL = re.compile(r"([\\`*_\[\]<>&!|~])")
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x85\u2028\u2029]+")


def markdown_text(text: str) -> Markup:
    """Return ``text`` as literal Markdown on one line (marked safe: the HTML escaping of the templates would
    only add entities that Markdown shows as they are)."""
    return Markup(_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", text)))


def markdown_view(d: DisclosureView) -> DisclosureView:
    """Return the disclosure with the names its file gives escaped for Markdown."""
    scenario = dataclasses.replace(d.scenario, name=markdown_text(d.scenario.name),
                                   description=markdown_text(d.scenario.description))
    law = dataclasses.replace(d.law, name=markdown_text(d.law.name))
    return dataclasses.replace(d, author=markdown_text(d.author), scenario=scenario, law=law)
