"""The disclosure files of one scenario, rendered: a model card, an SPDX document, an AI Act statement."""

from __future__ import annotations

import jinja2
from babel import Locale
from markupsafe import Markup

from ..brief.disclosure import DisclosureView
from ..choices import EXPORT_TARGETS
from ..render import STATIC_PREFIX, render_page, render_pdf_bytes
from .model_card import model_card_text
from .spdx import spdx_json

TARGETS = EXPORT_TARGETS


def disclosure_files(d: DisclosureView, to: str, env: jinja2.Environment, pdf: bool = True,
                     static: str = STATIC_PREFIX) -> list[tuple[str, bytes]]:
    """Return the files of one disclosure as (file name, bytes): ``<stem>.model-card.md``,
    ``<stem>.spdx.json``, or ``<stem>.ai-act.<lang>.md``, ``.html`` and (with ``pdf``) ``.pdf``.

    ``static`` is where the statement's HTML finds its stylesheet, from the folder it is written to.
    """
    if to == "model-card":
        body = render_page(env, "exports/model_card.md", d=d)
        return [(f"{d.stem}.model-card.md", model_card_text(d, place_in_english(d), body).encode("utf-8"))]
    if to == "spdx":
        comment = Markup(render_page(env, "exports/spdx_comment.md", d=d)).unescape().strip()
        return [(f"{d.stem}.spdx.json", spdx_json(d, comment))]
    name = f"{d.stem}.ai-act.{d.lang}"
    files = [(f"{name}.md", render_page(env, "exports/ai_act.md", d=d).encode("utf-8")),
             (f"{name}.html", statement_html(d, env, static).encode("utf-8"))]
    return [*files, (f"{name}.pdf", render_pdf_bytes(statement_html(d, env, for_pdf=True)))] if pdf else files


def statement_html(d: DisclosureView, env: jinja2.Environment, static: str = STATIC_PREFIX,
                   for_pdf: bool = False) -> str:
    """Return the AI Act statement as HTML, its stylesheet at ``static``; ``for_pdf`` leaves out the print
    stylesheet, which render_pdf supplies."""
    return render_page(env, "exports/ai_act.html", d=d, lang=d.lang, static=static, for_pdf=for_pdf)


def place_in_english(d: DisclosureView) -> str:
    """Return where the training ran, in English as the Hub's metadata is ("Google Cloud europe-west4, Netherlands")."""
    s = d.scenario
    country = str(Locale.parse("en").territories.get(s.country, s.country)) if s.country else ""
    if s.region:
        place = f"{s.provider} {s.region}".strip()
        return f"{place}, {country}" if country else place
    return country
