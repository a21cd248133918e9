"""The files a brief carries (in its PDF) and its page offers beside it: the scenario file it was made from,
``calc --format json`` of that file, and the disclosures of its headline scenario in the brief's language."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import jinja2
import pandas as pd

from .. import routes
from ..brief.disclosure import DisclosureView
from ..brief.site import BRIEF_PDF, Offer
from ..choices import N_
from ..core import FileResults, ScenarioResult
from ..errors import InputError
from ..files import Document
from ..inputs import ScenarioFile
from ..reference import Reference
from ..render import Assets
from ..render.pdf import PdfAttachment
from .registry import TARGETS
from .tables import as_json
from .target import PDF

SOURCE_LABEL = N_("The scenario file this brief was made from")
CALC_LABEL = N_("The results of this scenario file, as reportgen calc --format json prints them")
CARRIED = ("md", "json")  # disclosures a PDF carries: not their PDF, nor HTML, which needs the site's stylesheets


def calc_json(results: pd.DataFrame) -> bytes:
    """Return the results as ``reportgen calc --format json`` prints them, byte for byte."""
    return (as_json(results) + "\n").encode("utf-8")


def source_documents(lang: str, stem: str, source_name: str, source: bytes, calc_json: bytes) -> list[Document]:
    """Return the scenario file and calc's JSON as the site offers them beside a brief."""
    extension = source_name.rsplit(".", 1)[-1].lower()
    return [Document(routes.brief_source(lang, stem, extension), source),
            Document(routes.brief_data(lang, stem), calc_json)]


def brief_attachments(source_name: str, source: bytes, calc_json: bytes, disclosure: DisclosureView,
                      env: jinja2.Environment, gettext: Callable[[str], str],
                      date: dt.date) -> tuple[PdfAttachment, ...]:
    """Return the files a brief's PDF carries: its source, calc's JSON and its headline's disclosures."""
    carried = [PdfAttachment(source_name, source, gettext(SOURCE_LABEL), "Source", date),
               PdfAttachment(f"{disclosure.stem}.calc.json", calc_json, gettext(CALC_LABEL), "Data", date)]
    for target in TARGETS.values():
        labels = {f.ext: f.label for f in target.files if f.ext != PDF}
        for document in target.documents(disclosure, env):
            ext = document.output.parts[-1].rsplit(".", 1)[-1]
            if ext in CARRIED:
                carried.append(PdfAttachment(document.output.parts[-1], document.data, gettext(labels[ext]),
                                             "Supplement", date))
    return tuple(carried)


def carried(scenario_file: ScenarioFile, computed: FileResults, disclosure: DisclosureView,
            assets: Assets) -> tuple[PdfAttachment, ...]:
    """Return the files a brief's PDF carries: its scenario file, calc's JSON and its headline's disclosures."""
    lang = disclosure.lang
    return brief_attachments(scenario_file.path.name, scenario_file.document.text.encode("utf-8"),
                             calc_json(computed.results_frame), disclosure, assets.env(lang),
                             assets.translations(lang).gettext, disclosure.date)


def hardware_kind(row: ScenarioResult, ref: Reference) -> str:
    """Return the kind of device a scenario trains on ("gpu", "tpu", "cpu"), "" where it names none."""
    known = row.hardware is not None and row.hardware in ref.hardware.index
    return str(ref.hardware.at[row.hardware, "kind"]) if known else ""


def offers(stem: str, lang: str, suffix: str = ".yaml") -> tuple[Offer, ...]:
    """Return the files a brief page may offer: its PDF, its scenario file and calc's JSON, then every disclosure's
    files, as the registry orders them."""
    own = Offer(routes.brief_pdf(lang, stem), BRIEF_PDF, "PDF", "application/pdf")
    source = Offer(routes.brief_source(lang, stem, suffix[1:].lower()), SOURCE_LABEL, suffix[1:].upper(),
                   "application/json" if suffix.lower() == ".json" else "application/yaml")
    data = Offer(routes.brief_data(lang, stem), CALC_LABEL, "JSON", "application/json")
    return (own, source, data, *(Offer(target.output(f, stem, lang, lang), f.label, f.format, f.media_type)
                                 for target in TARGETS.values() for f in target.files))


def disclosed_row(scenario_file: ScenarioFile, computed: FileResults, scenario_id: str | None) -> ScenarioResult:
    """Return the results row of the scenario a disclosure is about: the one named, or the file's only one."""
    ids = [r.id for r in computed.results]
    if scenario_id is None and len(ids) > 1:
        raise InputError(scenario_file.path, f"--scenario: the file has {len(ids)} scenarios; name the one the "
                         f"disclosure is about: {', '.join(ids)}")
    wanted = scenario_id or ids[0]
    if wanted not in ids:
        raise InputError(scenario_file.path, f"--scenario: no scenario '{wanted}'; the file has {', '.join(ids)}")
    row = computed.results[ids.index(wanted)]
    if math.isnan(row.hours):
        raise InputError(scenario_file.path, f"--scenario: '{wanted}' only serves a model: a disclosure documents a "
                         "training's energy; name a scenario that trains")
    return row
