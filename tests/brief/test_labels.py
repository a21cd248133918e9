"""Labels beside behaviour: every registry entry and lookup table is named in every language, and an unknown key
raises instead of reading as a plausible sentence."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest

from reportgen.brief import option_views
from reportgen.brief.labels import TABLES, InputLabel, label
from reportgen.brief.model import WhatIfView
from reportgen.choices import Message
from reportgen.core import OPTIONS, WhatIfOption
from reportgen.errors import InputError, UnknownKey
from reportgen.measure import FORMATS, log_format
from reportgen.pipeline import brief_document
from reportgen.reference import Reference
from reportgen.render import make_env
from reportgen.render.i18n import read_catalog

from ..conftest import EXAMPLES, ROOT

LOCALES = sorted(p.name for p in (ROOT / "locales").iterdir() if (p / "LC_MESSAGES" / "messages.po").is_file())


def messages_of(value: object) -> list[str]:
    """Return the catalog message ids a label holds."""
    if isinstance(value, Message):
        return [value.singular]
    if isinstance(value, InputLabel):
        return [m for m in (value.name, value.unit) if m]
    return [str(value)] if value else []


def registry_messages() -> list[str]:
    """Return every message of the what-if options, the log formats and the lookup tables."""
    found = []
    for option in OPTIONS.values():
        found += [option.header, option.note, *messages_of(option.short),
                  *messages_of(option.detail_text)]
    for log in FORMATS.values():
        found += [log.power_label, *messages_of(log.method)]
    for table in TABLES.values():
        found += [m for value in table.all().values() for m in messages_of(value)]
    return [m for m in found if m]


@pytest.mark.parametrize("lang", LOCALES)
def test_every_registry_entry_and_table_key_has_a_translation(lang: str) -> None:
    catalog = read_catalog(lang)
    missing = [m for m in registry_messages() if not (catalog.get(m) and catalog.get(m).string)]
    assert missing == []


def what_if(option, scenario: str = "a") -> WhatIfView:
    """Return a what-if of ``option`` for a scenario of 10 runs, cut to 5, moved to Belgium, on an H100."""
    return WhatIfView(scenario_id=scenario, scenario_name="Other", option=option, detail_country="BE",
                      detail_provider="", detail_region="", runs_after=5, runs_before=10.0,
                      detail_hardware="NVIDIA H100", before_kg=100.0, saving_kg=40.0, saving_share=0.4)


@pytest.mark.parametrize("lang", LOCALES)
def test_every_what_if_option_renders_its_phrases(lang: str, ref: Reference) -> None:
    labels = make_env(lang).get_template("partials/labels.html").module
    headline = SimpleNamespace(id="a")
    for option in option_views(ref):
        w = what_if(option, scenario="b")
        sentence = str(labels.saving_sentence(w, headline))
        assert str(labels.change_short(w))[1:] in sentence and "Other" in sentence
        if option.detail_text.singular:
            assert str(labels.option_text(w, option.detail_text)).strip()


def test_an_option_registered_in_a_test_names_itself_in_the_saving_sentence(
        monkeypatch: pytest.MonkeyPatch, ref: Reference) -> None:
    option = WhatIfOption("early_stop", OPTIONS["runs"].apply, "stopping early", "Stopping early",
                          short="stopping once the loss stops improving")
    monkeypatch.setitem(OPTIONS, option.key, option)
    view = next(o for o in option_views(ref) if o.key == "early_stop")
    labels = make_env("en").get_template("partials/labels.html").module
    w = what_if(view)
    assert str(labels.saving_sentence(w, SimpleNamespace(id="a"))) == "Stopping once the loss stops improving: 40\u00a0kg of CO₂e less (40%)."


@pytest.mark.parametrize("table", sorted(TABLES))
def test_an_unknown_key_raises_instead_of_reading_as_another(table: str) -> None:
    with pytest.raises(UnknownKey, match="no-such-key"):
        label("no-such-key", table)


def test_an_unknown_key_stops_the_render() -> None:
    labels = make_env("en").get_template("partials/labels.html").module
    with pytest.raises(UnknownKey, match="region"):
        labels.inhabitant("XX")


def test_a_log_format_brings_its_own_label_to_the_brief(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = dataclasses.replace(FORMATS["nvidia-smi"], power_label="%(watts)s W each, logged by a test format")
    monkeypatch.setitem(FORMATS, "nvidia-smi", entry)
    html = brief_document(EXAMPLES / "measured-h200.yaml", "en", "html").data.decode("utf-8")
    assert "W each, logged by a test format" in html
    assert "measured with nvidia-smi" not in html


def test_an_unknown_log_format_is_refused() -> None:
    with pytest.raises(InputError, match="unknown log format 'no-such-log'"):
        log_format("no-such-log")


PLACEHOLDERS = {name: "X" for name in ("name", "flops", "power", "mfu", "peak", "bits", "share", "watts", "hours", "g", "year",
                                       "n", "days", "samples", "interval", "minutes", "devices", "kwh", "idle",
                                       "runs", "places", "low", "high", "gpai", "systemic", "base", "limit", "pue", "twh", "time", "energy")}


@pytest.mark.parametrize("lang", LOCALES)
def test_every_label_renders_with_its_placeholders_filled(lang: str) -> None:
    template = make_env(lang).from_string(
        "{% if m.plural %}{{ ngettext(m.singular, m.plural, 2, **values) }}{% else %}{{ gettext(m.singular, **values) }}"
        "{% endif %}")
    labels = [value for table in TABLES.values() for value in table.all().values()]
    for message in [m for value in labels for m in messages_of(value)] + [f.method.plural for f in FORMATS.values() if f.method.plural]:
        shown = template.render(m=Message(message), values=PLACEHOLDERS)
        assert shown and "%(" not in shown, message
    for log in FORMATS.values():
        assert "%(" not in template.render(m=log.method, values=PLACEHOLDERS)
