"""The brief's names for keys that come from data/ and the core: one table per kind of key.

Each value is a catalog message, translated where it is shown. A key no table names raises ``UnknownKey``
while the brief is built, as ``StrictUndefined`` does for a missing variable: a plausible sentence for the
wrong thing is worse than no brief.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..choices import N_
from ..errors import UnknownKey
from ..measure import FORMATS


@dataclass(frozen=True)
class InputLabel:
    """An uncertain input as the sensitivity list names it, and how its value is written."""

    name: str
    unit: str = ""  # a message holding the value (as %(watts)s, %(hours)s or %(g)s), or nothing: a bare number
    decimals: int | None = None  # fixed decimals, or None for the input as given


@dataclass(frozen=True)
class LabelTable:
    """The messages of one kind of key; a lookup of a key it does not name raises."""

    name: str
    labels: Mapping[str, object]
    # Labels that entries of a registry carry, read at each lookup: a registry may gain entries.
    registered: Callable[[], Mapping[str, object]] = dict

    def all(self) -> dict[str, object]:
        """Return every key's label: the table's own and the registry's."""
        return {**self.labels, **self.registered()}

    def __call__(self, key: str) -> object:
        """Return the label of ``key``, or raise ``UnknownKey``."""
        labels = self.all()
        try:
            return labels[key]
        except KeyError:
            raise UnknownKey(self.name, key, ", ".join(sorted(labels))) from None


BENCHMARKS = LabelTable("benchmark", {
    "flight-ny-sf": N_("Air travel New York↔San Francisco, one passenger"),
    "human-life-year": N_("One person's emissions, world average, one year"),
    "american-life-year": N_("One American's emissions, average, one year"),
    "car-lifetime": N_("Average American car including fuel, whole lifetime"),
    "transformer-big-nas": N_("Transformer (big) with neural architecture search, as estimated in 2019"),
    "transformer-big": N_("Transformer (big), one training"),
    "nlp-pipeline": N_("NLP pipeline (parsing, semantic roles), one training"),
    "nlp-pipeline-tuning": N_("The same pipeline with tuning and experiments"),
})
# Short labels for the chart, where a long one would not fit; the others are short enough already.
BENCHMARKS_SHORT = LabelTable("short benchmark", {**BENCHMARKS.labels,
    "flight-ny-sf": N_("Air travel New York↔San Francisco"),
    "human-life-year": N_("One person, world average, one year"),
    "american-life-year": N_("One American, one year"),
    "car-lifetime": N_("American car, lifetime"),
    "transformer-big-nas": N_("Architecture search (2019 estimate)"),
})
ROW_KINDS = LabelTable("benchmark kind", {
    "scenario": N_("scenario in this brief"), "activity": N_("reference point"), "model": N_("model in the 2019 study"),
})
LEGEND = LabelTable("chart legend", {
    "scenario": N_("Scenarios in this brief (median)"), "headline": N_("Headline scenarios of the briefs (median)"),
    "model": N_("Models in the 2019 study"),
    "activity": N_("Reference points"), "interval": N_("%(share)s interval (5th to 95th percentile)"),
})
CITIES = LabelTable("airport", {"BRU": N_("Brussels"), "AMS": N_("Amsterdam"), "JFK": N_("New York")})
PERSON_YEAR = LabelTable("region", {
    "BE": N_("Emissions per inhabitant of Belgium, one year (%(year)s)"),
    "NL": N_("Emissions per inhabitant of the Netherlands, one year (%(year)s)"),
    "EU": N_("Emissions per inhabitant of the EU, one year (%(year)s)"),
})
INHABITANT = LabelTable("region", {
    "BE": N_("an inhabitant of Belgium"), "NL": N_("an inhabitant of the Netherlands"),
    "EU": N_("an inhabitant of the EU"),
})
HOUSEHOLDS = LabelTable("region", {
    "BE": N_("what %(n)s Flemish households take from the grid in a year"),
    "NL": N_("what %(n)s Dutch homes use in a year"),
    "EU": N_("what %(n)s homes in the EU use in a year"),
})
HOUSEHOLD_DAYS = LabelTable("region", {
    "BE": N_("what a Flemish household takes from the grid in %(days)s days"),
    "NL": N_("what a Dutch home uses in %(days)s days"),
    "EU": N_("what a home in the EU uses in %(days)s days"),
})
# The reader's power stations, for the line on page 1 that gives a sense of scale.
GENERATION = LabelTable("region", {
    "BE": N_("Belgium's power stations generate the %(energy)s of this training in %(time)s (%(twh)s TWh in "
             "%(year)s)"),
    "NL": N_("the Dutch power stations generate the %(energy)s of this training in %(time)s (%(twh)s TWh in "
             "%(year)s)"),
    "EU": N_("the EU's power stations generate the %(energy)s of this training in %(time)s (%(twh)s TWh in "
             "%(year)s)"),
})
INTENSITY_BASES = LabelTable("intensity basis", {
    "life-cycle": N_("%(year)s, life-cycle"), "direct": N_("%(year)s, direct"),
    "direct-co2": N_("%(year)s, direct, CO₂ only"),
    "mixed": N_("up to %(year)s, mixed: several places"), "given": N_("as given in the file"),
})
INPUTS = LabelTable("uncertain input", {
    "count": InputLabel(N_("Number of devices")),
    "device_power_w": InputLabel(N_("Power per device"), N_("%(watts)s W")),
    "host_power_w": InputLabel(N_("Power of the rest of the server"), N_("%(watts)s W")),
    "hours": InputLabel(N_("Hours per run"), N_("%(hours)s h")),
    "runs": InputLabel(N_("Number of runs")),
    "pue": InputLabel(N_("Data centre efficiency (PUE)"), decimals=2),
    "carbon_intensity_g_per_kwh": InputLabel(N_("Grid carbon intensity"), N_("%(g)s g/kWh")),
})
# Where the power per device comes from; a log's own label comes with its format.
POWER_BASES = LabelTable("power basis", {
    "measured": N_("%(watts)s W each, measured"),
    "derived": N_("%(watts)s W each, derived from published totals"),
    "tdp": N_("%(share)s of rated power (TDP)"),
    "published": N_("%(watts)s W each, a published average draw"),
}, lambda: {f.kind: f.power_label for f in FORMATS.values()})
LOG_METHODS = LabelTable("log format", {}, lambda: {f.kind: f.method for f in FORMATS.values()})
# The AI Act's view of a training (core/law.py, brief/law.py): how its compute was found, what its class is,
# how the one-third rule for modifiers applies, and what follows for its maker.
TRAINING_COMPUTE = LabelTable("training compute method", {
    "compute": N_("One training run of “%(name)s” takes %(flops)s floating-point operations (FLOP), from the "
                  "computation the file gives."),
    "hardware": N_("By the Commission's hardware method (devices × hours × peak throughput × utilisation), one "
                   "training run of “%(name)s” takes about %(flops)s floating-point operations (FLOP; %(low)s to "
                   "%(high)s)."),
    "unknown": N_("The file names no hardware with a published peak throughput, so the computation of “%(name)s” is "
                  "not estimated here: give its hardware or its computation to place it against the thresholds."),
})
LAW_CLASSES = LabelTable("AI Act class", {
    "below": N_("That is below the indicative criterion of %(gpai)s FLOP (Commission guidelines, paragraph 17): the "
                "model is not presumed to be a general-purpose AI model, and the documentation duty is not presumed "
                "to apply."),
    "below-near": N_("That is below the indicative criterion of %(gpai)s FLOP (Commission guidelines, paragraph 17): "
                     "the model is not presumed to be a general-purpose AI model, but may be one if it shows "
                     "significant generality (paragraph 20)."),
    "general-purpose": N_("That is above the indicative criterion of %(gpai)s FLOP (Commission guidelines, "
                          "paragraphs 17 and 20): a model of this compute that generates language (text or audio), "
                          "images from text or video from text is taken to be a general-purpose AI model, unless it "
                          "lacks significant generality."),
    "systemic": N_("That is above %(systemic)s FLOP: a general-purpose AI model of this compute is presumed to have "
                   "high-impact capabilities, and so systemic risk (Article 51(2)); its provider notifies the "
                   "Commission within two weeks and has further duties (Articles 52 and 55)."),
})
# Each class in a few words, for the other scenarios of a brief that conclude otherwise.
LAW_CLASSES_SHORT = LabelTable("AI Act class, short", {
    "below": N_("below the indicative criterion"), "general-purpose": N_("above the indicative criterion"),
    "systemic": N_("above the threshold of systemic risk"),
})
MODIFIERS = LabelTable("modifier", {
    "within-third": N_("It modifies a model trained with %(base)s FLOP and uses no more than a third of that "
                       "(%(limit)s FLOP): its maker does not become the provider of a new general-purpose AI model "
                       "(Commission guidelines, downstream modifiers), and the original provider's documentation "
                       "stands."),
    "above-third": N_("It modifies a model trained with %(base)s FLOP and uses more than a third of that (%(limit)s "
                      "FLOP): its maker becomes the provider of the modified model (Commission guidelines, downstream "
                      "modifiers)."),
    "fine-tune": N_("If it adapts another provider's model, its maker becomes the provider of a new model only where "
                    "it uses more than a third of that model's training compute (Commission guidelines, downstream "
                    "modifiers): here, only for a base model trained with less than %(limit)s FLOP."),
    "fine-tune-small": N_("As a fine-tune of another provider's model, it is judged by that model's compute: its maker "
                          "becomes the provider of a new model only where it uses more than a third of it (Commission "
                          "guidelines, downstream modifiers), which would take a base model trained with less than "
                          "%(limit)s FLOP, far below the %(gpai)s FLOP from which a model is presumed general-purpose. "
                          "Its maker does not become a provider, and the base model's documentation stands."),
})
LAW_DUTIES = LabelTable("AI Act duty", {
    "applies": N_("Its provider must document the figures below."),
    "unless-both": N_("Its provider must document the figures below, unless the weights are public under a free and "
                      "open-source licence (Article 53(2)) or the model serves research and development alone "
                      "(Article 2(6)); the file states neither."),
    "unless-open": N_("Its provider must document the figures below, unless the weights are public under a free and "
                      "open-source licence (Article 53(2)), which the file does not state."),
    "unless-research": N_("Its provider must document the figures below, unless the model serves research and "
                          "development alone (Article 2(6)), which the file does not state."),
    "unless-licence": N_("Its weights are public, but under a licence that restricts some uses, while the open-source "
                         "exemption (Article 53(2)) is meant for licences that let anyone use, modify and "
                         "redistribute the model (recital 102): it may not apply, so its provider should be ready to "
                         "document the figures below."),
    "unless-licence-or-research": N_("Its weights are public, but under a licence that restricts some uses, while the "
                                     "open-source exemption (Article 53(2)) is meant for licences that let anyone "
                                     "use, modify and redistribute the model (recital 102): unless the model serves "
                                     "research and development alone (Article 2(6)), which the file does not state, "
                                     "its provider should be ready to document the figures below."),
    "exempt-open-source": N_("Its weights are public under a free and open-source licence, so the technical "
                             "documentation of Article 53(1)(a) and (b) is not required (Article 53(2)); a copyright "
                             "policy and a public summary of the training content still are."),
    "outside-scope-research": N_("The file states that the model serves research and development alone: while that "
                                 "holds, the AI Act does not apply to it (Article 2(6), Article 3(63)); once it is "
                                 "placed on the market, it does."),
})
# How a statement says its energy was obtained (brief/law.py's energy basis).
ENERGY_BASES = LabelTable("energy basis", {
    "measured": N_("%(power)s; the energy of the logged runs, scaled to the runs in the file."),
    "compute": N_("Estimated: the hours follow from the computation at %(mfu)s of the devices' %(bits)s-bit peak "
                  "of %(peak)s TFLOP/s, the power from the hardware's rated power."),
    "compute-published": N_("Estimated: the hours follow from the computation at %(mfu)s of the devices' %(bits)s-bit "
                            "peak of %(peak)s TFLOP/s, the power from the hardware's published average draw."),
    "derived": N_("Estimated from a power draw derived from published totals."),
    "tdp": N_("Estimated from the hardware's rated power (TDP) at %(share)s and the training time."),
    "published": N_("Estimated from the hardware's published average draw and the training time."),
})
# How the brief's law section says its energy figure was obtained, and what of the data centre's overhead it counts.
LAW_ENERGY_BASES = LabelTable("energy basis", {
    "measured": N_("the devices' own energy measured"),
    "compute": N_("estimated from the computation and the hardware's rated power"),
    "derived": N_("derived from published totals"),
    "tdp": N_("estimated from the hardware's rated power and the training time"),
    "compute-published": N_("estimated from the computation and the hardware's published average draw"),
    "published": N_("estimated from the hardware's published average draw and the training time"),
})
PUE_CLAUSES = LabelTable("overhead", {
    "measured": N_("the data centre's overhead not measured but assumed (PUE %(pue)s)"),
    "included": N_("data centre overhead (PUE %(pue)s) included"),
    "none": N_("no data centre overhead counted (PUE %(pue)s)"),
})
FOOTPRINT_PARTS = LabelTable("footprint part", {
    "market": N_("Electricity (market-based)"), "embodied": N_("Manufacturing"),
    "total": N_("Electricity and manufacturing"), "water": N_("Water"),
    "water-offsite": N_("Water (off site only)"),
})
# What two scenarios of a brief may differ in, as the key message names it (core inputs, in the brief's order).
DIFFERENCES = LabelTable("scenario difference", {
    "hardware": N_("the hardware"), "count": N_("the number of devices"), "compute": N_("the computation"),
    "hours": N_("the training time"), "runs": N_("the number of runs"), "power": N_("the power drawn"),
    "location": N_("the location"), "intensity": N_("the grid's carbon intensity"),
    "pue": N_("the data centre's efficiency (PUE)"), "serving": N_("the serving of the model"),
})
# The tables by the name templates use: ``key|label("city")``.
TABLES = {"benchmark": BENCHMARKS, "benchmark_short": BENCHMARKS_SHORT, "row_kind": ROW_KINDS, "legend": LEGEND,
          "city": CITIES, "person_year": PERSON_YEAR, "inhabitant": INHABITANT, "households": HOUSEHOLDS,
          "household_days": HOUSEHOLD_DAYS, "intensity_basis": INTENSITY_BASES, "input": INPUTS,
          "power_basis": POWER_BASES, "log_method": LOG_METHODS,
          "training_compute": TRAINING_COMPUTE, "law_class": LAW_CLASSES, "law_class_short": LAW_CLASSES_SHORT,
          "modifier": MODIFIERS, "law_duty": LAW_DUTIES, "energy_basis": ENERGY_BASES,
          "law_energy_basis": LAW_ENERGY_BASES, "pue_clause": PUE_CLAUSES, "footprint_part": FOOTPRINT_PARTS,
          "difference": DIFFERENCES, "generation": GENERATION}


def label(key: str, table: str) -> object:
    """Return the label that table ``table`` gives ``key``; an unknown key raises ``UnknownKey``."""
    return TABLES[table](key)
