"""The brief's recommendations: who should act, how, and what it saves for this brief's scenarios.

Which recommendations apply, and their savings, come from the core (data/recommendations.csv and the
what-ifs); the messages are here, marked for the catalogs, one per recommendation and kind of actor. The
actors' examples and the low-carbon capacity a reader can use come from data/ (actors.csv,
low_carbon_capacity.csv), in the brief's language where the table has a column for it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..choices import N_
from ..reference import Reference
from .model import AdviceView, WhatIfView

ACTORS = {
    "funders": N_("Research funders"),
    "computing-centres": N_("Universities and computing centres"),
    "shared-computing": N_("Funders and buyers of shared supercomputers"),
    "cloud-buyers": N_("Whoever signs a cloud contract for training"),
    "journals": N_("Journals and conferences"),
    "governments": N_("Governments and ministries"),
}
MOST_PER_ACTOR = 2  # page 1 gives no actor more than two of its recommendations where others apply

# Per recommendation: a short imperative for the one line on what to do, and the whole action for the list.
# %(capacity)s: computing on low-carbon electricity that a reader of the brief's region can use (data/).
ACTIONS = {
    "fewer-runs": (
        N_("fund fewer tuning runs"),
        N_("ask applicants to budget and report their tuning runs, and favour methods that need fewer, such as "
           "random search (trying settings at random) or Bayesian search (choosing each next setting from the "
           "results so far) instead of a full grid of every combination.")),
    "budget-runs": (
        N_("budget and report the training runs"),
        N_("ask applicants to budget the training runs a project needs and to report the runs they did, with "
           "what each was for.")),
    "proxy-search": (
        N_("ask for architecture searches on small stand-in tasks"),
        N_("ask that architecture searches run on small stand-in tasks first and train only the best candidates "
           "in full, as the search the 2019 study estimated did.")),
    "cleaner-region": (
        N_("choose a cloud region with low-carbon electricity"),
        N_("choose the provider's region whose electricity is low-carbon, and ask the provider "
           "for the market-based figures of the electricity it buys there.")),
    "cleaner-location": (
        N_("steer large jobs to data centres with low-carbon electricity"),
        N_("offer researchers computing capacity in data centres that use low-carbon electricity, such as "
           "%(capacity)s, and make it the default for large jobs.")),
    "efficient-datacentre": (
        N_("host training in efficient data centres"),
        N_("host training in efficient data centres rather than in server rooms, and publish the PUE of each.")),
    "efficient-hardware": (
        N_("choose hardware for the energy it needs per unit of work"),
        N_("plan hardware renewal and joint purchases around the energy a chip needs for the same work, counting "
           "the emissions of manufacturing the new hardware.")),
    "measure-energy": (
        N_("meter the energy of every job"),
        N_("meter the energy of every job and give researchers the figure, so that measurements replace "
           "estimates from rated power.")),
    "report-numbers": (
        N_("ask for energy figures with every paper"),
        N_("ask for the hardware, training time, energy and number of runs behind every paper and published "
           "model.")),
    "document-energy": (
        N_("document measured energy, not only estimates"),
        N_("ask providers of general-purpose models to document measured energy with its boundary (data centre "
           "overhead, every run) in the documentation the AI Act requires.")),
    "shared-computing": (
        N_("fund shared public computing"),
        N_("fund shared public computing, such as a country's share of EuroHPC supercomputers, so that smaller "
           "groups have equal access without every lab buying or renting its own.")),
}


# A brief that measures its headline beside an estimate of the same work is about that difference: it leads with
# metering, whatever else would save on an amount that small.
MEASURED_LEAD = "measure-energy"


def localized_cell(table: Any, key: Any, column: str, lang: str) -> str:
    """Return a cell of a data table in ``lang``: its ``<column>_<lang>`` where filled, else the English one."""
    own = f"{column}_{lang}"
    if own in table.columns and str(table.at[key, own]):
        return str(table.at[key, own])
    return str(table.at[key, column])


def advice_views(rows: list[dict[str, Any]], changes: list[WhatIfView], headline_id: str, region: str,
                 ref: Reference, lang: str = "en", lead: str = "") -> tuple[AdviceView, ...]:
    """Return the recommendations that apply to any scenario of the brief: first ``lead`` (the one the brief's
    finding is about), then those that save on the headline scenario (the largest saving first), then those
    without a saving that apply to it, then those that save on another scenario, then the others, each group in
    the order of the data.

    A recommendation's saving is the headline scenario's where it applies there, else the largest among
    the brief's other scenarios.
    """
    order = {key: i for i, key in enumerate(ref.recommendations.index)}
    by_option = {(w.scenario_id, w.option.key): w for w in changes}
    chosen: dict[str, WhatIfView | None] = {}
    for row in rows:
        key, lever = str(row["recommendation"]), str(row["lever"])
        change = by_option.get((row["id"], lever))
        if lever and change is None:
            continue  # the option the recommendation rests on offers this scenario nothing
        best = chosen.get(key)
        if key not in chosen or _better(change, best, headline_id):
            chosen[key] = change
    capacity = localized_cell(ref.low_carbon_capacity, region, "capacity", lang)
    views = [_view(key, change, region, capacity, ref, lang) for key, change in chosen.items()]
    # A recommendation without a saving that applies to the headline scenario fits the brief's finding better than
    # a saving on another scenario: BLOOM's lesson is its boundary, not a PUE of a tool-default variant.
    on_headline = {str(r["recommendation"]) for r in rows if r["id"] == headline_id and not str(r["lever"])}

    def rank(a: AdviceView) -> tuple[int, float, int]:
        if a.key == lead:
            return (-1, 0.0, 0)
        if a.change is None:
            return (1 if a.key in on_headline else 3, 0.0, order[a.key])
        return (0 if a.change.scenario_id == headline_id else 2, -a.change.saving_kg, order[a.key])

    return tuple(sorted(views, key=rank))


def _view(key: str, change: WhatIfView | None, region: str, capacity: str, ref: Reference,
          lang: str) -> AdviceView:
    """Return one recommendation as the brief gives it, its actor's examples in the brief's language."""
    actor = str(ref.recommendations.at[key, "actor"])
    return AdviceView(key=key, actor=actor, actor_label=ACTORS[actor],
                      examples=localized_cell(ref.actors, (actor, region), "examples", lang),
                      short=ACTIONS[key][0], action=ACTIONS[key][1], change=change, capacity=capacity)


def page_one(advice: tuple[AdviceView, ...], size: int) -> tuple[AdviceView, ...]:
    """Return the recommendations page 1 lists: the first ``size`` in order, giving no actor more than
    MOST_PER_ACTOR of them while recommendations to other actors remain; the order is kept."""
    picked: list[AdviceView] = []
    held: list[AdviceView] = []
    counts: Counter[str] = Counter()
    for a in advice:
        if len(picked) == size:
            break
        if counts[a.actor] < MOST_PER_ACTOR:
            picked.append(a)
            counts[a.actor] += 1
        else:
            held.append(a)
    picked += held[:size - len(picked)]  # no other actor is left: the rest go to those already named
    return tuple(sorted(picked, key=advice.index))


def _better(change: WhatIfView | None, best: WhatIfView | None, headline_id: str) -> bool:
    """Return whether ``change`` is the saving to show rather than ``best``: the headline's, else the larger."""
    if change is None:
        return False
    if best is None or change.scenario_id == headline_id:
        return True
    return best.scenario_id != headline_id and change.saving_kg > best.saving_kg
