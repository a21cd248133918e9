"""A Hugging Face model card: the Hub's own ModelCardData writes the ``co2_eq_emissions`` metadata."""

from __future__ import annotations

import jinja2
from babel import Locale

from ..brief.disclosure import DisclosureView
from ..brief.site import PageLinks
from ..choices import N_
from ..errors import RenderError
from ..render import render_page
from .markdown import markdown_view
from .target import ExportFile, ExportTarget

G_PER_KG = 1000.0


def co2_eq_emissions(view: DisclosureView, location: str) -> dict[str, object]:
    """Return the card's ``co2_eq_emissions`` metadata: the median in grams, its source, where and on what."""
    hardware = f"{view.scenario.count:g} x {view.scenario.hardware}" if view.scenario.hardware else ""
    fields: dict[str, object] = {
        "emissions": round(view.law.location_kg.median * G_PER_KG),  # whole grams: the Hub's unit
        "source": f"reportgen {view.version}",
        "training_type": view.scenario.training_type,
        "geographical_location": location,
        "hardware_used": hardware,
    }
    return {key: value for key, value in fields.items() if value not in ("", None)}


def model_card_text(view: DisclosureView, location: str, body: str) -> str:
    """Return a model card: metadata written and read back by huggingface_hub, then ``body`` (Markdown)."""
    from huggingface_hub import ModelCard, ModelCardData  # imported here: a tenth of a second a brief never needs

    data = ModelCardData(co2_eq_emissions=co2_eq_emissions(view, location))
    try:
        card = ModelCard(f"---\n{data.to_yaml()}\n---\n\n{body.strip()}\n")
    except ValueError as exc:  # the Hub's parser refused the metadata it wrote
        raise RenderError(f"cannot write the model card's metadata: {exc}") from exc
    return str(card)


def place_in_english(d: DisclosureView) -> str:
    """Return where the training ran, in English as the Hub's metadata is ("Google Cloud europe-west4, Netherlands")."""
    s = d.scenario
    country = str(Locale.parse("en").territories.get(s.country, s.country)) if s.country else ""
    if s.region:
        place = f"{s.provider} {s.region}".strip()
        return f"{place}, {country}" if country else place
    return country


def _files(d: DisclosureView, env: jinja2.Environment, links: PageLinks) -> dict[str, bytes]:
    """Return the model card, by extension (it links to no stylesheet)."""
    body = render_page(env, "exports/model_card.md", d=markdown_view(d))
    return {"md": model_card_text(d, place_in_english(d), body).encode("utf-8")}


MODEL_CARD = ExportTarget(
    name="model-card",
    files=(ExportFile("md", N_("Model card for the Hugging Face Hub"), "Markdown", "text/markdown"),),
    render=_files)
