"""The glossary's terms, each with its explanation and the words a brief's text uses for it in each language.

A brief's glossary explains the terms its own text uses and no others: the template renders the brief's text
first and asks ``glossary_terms`` which terms it holds. A form is found at the start of a word, whatever its
case, so that "median" also finds "medians" and "ablatie" the Dutch compound "ablatieruns".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markupsafe import Markup

from ..choices import N_


@dataclass(frozen=True)
class Term:
    """A term of the glossary: its name and explanation (catalog messages) and its forms in each language."""

    key: str
    term: str
    explanation: str
    forms: Mapping[str, tuple[str, ...]]

    def pattern(self, lang: str) -> re.Pattern[str] | None:
        """Return the pattern that finds the term in a text in ``lang``, or None where it has no forms there."""
        forms = self.forms.get(lang, ())
        if not forms:
            return None
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + ")", re.IGNORECASE)


# A name holds the interval's share as a placeholder, as every message with a percentage does (``share``).
TERMS = (
    Term("co2e", N_("CO₂e"), N_("All greenhouse gases, expressed as the CO₂ that warms as much."),
         {"en": ("CO₂e", "CO2e"), "nl": ("CO₂e", "CO2e")}),
    Term("kwh", N_("kWh"), N_("The energy of 1,000 watts over one hour."),
         {"en": ("kWh",), "nl": ("kWh",)}),
    Term("pue", N_("PUE (power usage effectiveness)"),
         N_("A data centre's energy per unit its computers use; what lies above 1.0 is overhead."),
         {"en": ("PUE",), "nl": ("PUE",)}),
    Term("grid-intensity", N_("Grid carbon intensity"),
         N_("CO₂e per kWh of electricity where it is used, as a yearly average."),
         {"en": ("intensity", "intensities"), "nl": ("intensiteit",)}),
    Term("location-based", N_("Location-based emissions"),
         N_("Counted at the local grid's average intensity, whatever the contracts."),
         {"en": ("location-based", "grid average"), "nl": ("locatiegebaseerd", "netgemiddelde")}),
    Term("market-based", N_("Market-based emissions"),
         N_("Counted at the electricity bought under contracts and certificates."),
         {"en": ("market-based",), "nl": ("marktgebaseerd",)}),
    Term("embodied", N_("Manufacturing (embodied emissions)"),
         N_("Making the chips and servers, for the share of their life a training uses."),
         {"en": ("manufacturing", "embodied"), "nl": ("productie van", "ingebedde uitstoot")}),
    Term("water", N_("Water consumption (WUE)"),
         N_("Water evaporated in cooling the data centre (WUE: litres per kWh) and at power plants."),
         {"en": ("water",), "nl": ("water",)}),
    Term("median", N_("Median"), N_("The middle value: half the outcomes lie below it."),
         {"en": ("median",), "nl": ("mediaan", "medianen")}),
    Term("interval", N_("%(share)s interval"),
         N_("The middle 90 of every 100 plausible outcomes."),
         {"en": ("90% interval", "90% range"), "nl": ("90%-interval",)}),
    Term("tdp", N_("TDP (rated power)"),
         N_("The most power a chip is designed to draw under sustained load."),
         {"en": ("TDP", "rated power"), "nl": ("TDP", "nominaal vermogen", "nominale vermogen")}),
    Term("gpu-hour", N_("GPU hour"), N_("One graphics processor busy for one hour."),
         {"en": ("GPU hour", "GPU-hour"), "nl": ("GPU-uur", "GPU-uren")}),
    Term("flop", N_("FLOP (floating-point operations)"),
         N_("Arithmetic steps on decimal numbers; the AI Act measures trainings in FLOP."),
         {"en": ("FLOP", "floating-point"), "nl": ("FLOP", "zwevendekomma", "floating-point")}),
    Term("mfu", N_("MFU (model FLOP utilisation)"),
         N_("The share of the chips' peak throughput that a training uses."),
         {"en": ("MFU", "FLOP utilisation", "peak throughput", "share of the peak"),
          "nl": ("MFU", "piekprestatie", "piekrekenkracht")}),
    Term("hyperparameter", N_("Hyperparameter"),
         N_("A setting chosen before training, not learned from the data."),
         {"en": ("hyperparameter",), "nl": ("hyperparameter",)}),
    Term("grid-search", N_("Grid search"), N_("Trying every combination of candidate hyperparameter values."),
         {"en": ("grid search",), "nl": ("grid search", "rasterzoek")}),
    Term("random-search", N_("Random search"),
         N_("Trying a set number of combinations drawn at random."),
         {"en": ("random search",), "nl": ("random search", "willekeurig zoeken")}),
    Term("ablation", N_("Ablation"), N_("A run without one part of a model, to measure what it adds."),
         {"en": ("ablation",), "nl": ("ablatie",)}),
    Term("tuning-run", N_("Tuning run"), N_("One training with one choice of hyperparameters."),
         {"en": ("tuning run",), "nl": ("tuningrun",)}),
    Term("monte-carlo", N_("Monte Carlo draws"),
         N_("The calculation run many times, each with inputs drawn at random."),
         {"en": ("Monte Carlo",), "nl": ("Monte-Carlo", "Monte Carlo")}),
)


def sort_key(name: str) -> str:
    """Return how ``name`` sorts in a glossary: letters without accents, case aside ("CO₂e" as "co2e")."""
    plain = unicodedata.normalize("NFKD", name)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold()


def glossary_terms(html: str, lang: str, translate: Callable[[str], str]) -> list[Term]:
    """Return the terms that ``html`` (a brief's text in ``lang``) uses, in the order of their names there."""
    flat = Markup(html).striptags()  # the text a reader sees, its spaces (no-break ones too) as single spaces
    used = [t for t in TERMS if (p := t.pattern(lang)) is not None and p.search(flat)]
    # A placeholder sorts before any letter, as the number it stands for does.
    return sorted(used, key=lambda t: sort_key(translate(t.term)))
