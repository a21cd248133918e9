"""The brief's recommendations: who should act, how, and what it saves for this brief's scenarios.

Which recommendations apply, and their savings, come from the core (data/recommendations.csv and the
what-ifs); the messages are here, marked for the catalogs, one per recommendation and kind of actor.
"""

from __future__ import annotations

from typing import Any

from ..choices import N_
from ..reference import Reference
from .model import AdviceView, WhatIfView

ACTORS = {
    "funders": N_("Research funders"),
    "computing-centres": N_("Universities and computing centres"),
    "journals": N_("Journals and conferences"),
    "governments": N_("Governments"),
}

# Per recommendation: a short imperative for the one line on what to do, and the whole action for the list.
ACTIONS = {
    "fewer-runs": (
        N_("fund fewer tuning runs"),
        N_("Ask applicants to budget and report their tuning runs, and favour methods that need fewer, such as "
           "random or Bayesian search instead of a full grid.")),
    "cleaner-location": (
        N_("train on a low-carbon grid"),
        N_("Offer researchers capacity on low-carbon grids, at home or in shared European systems, and make it "
           "the default for large jobs.")),
    "efficient-datacentre": (
        N_("train in an efficient data centre"),
        N_("Host training in efficient data centres rather than in server rooms, and publish the PUE of each.")),
    "efficient-hardware": (
        N_("choose hardware for the energy it needs per unit of work"),
        N_("Plan hardware renewal and joint purchases around the energy a chip needs for the same work.")),
    "measure-energy": (
        N_("meter the energy of every job"),
        N_("Meter the energy of every job and give researchers the figure, so that measurements replace "
           "estimates from rated power.")),
    "report-numbers": (
        N_("ask for energy figures with every paper"),
        N_("Ask for the hardware, training time, energy and number of runs behind every paper and published "
           "model.")),
    "document-energy": (
        N_("document measured energy, not only estimates"),
        N_("Ask providers of general-purpose models to document measured energy with its boundary (data centre "
           "overhead, every run) in the documentation the AI Act requires.")),
    "shared-computing": (
        N_("fund shared public computing"),
        N_("Fund shared public computing, so that smaller groups have equal access without every lab buying or "
           "renting its own.")),
}


def advice_views(rows: list[dict[str, Any]], changes: list[WhatIfView], headline_id: str, region: str,
                 ref: Reference) -> tuple[AdviceView, ...]:
    """Return the recommendations that apply to any scenario of the brief: first those that save on the
    headline scenario, then those that save on another, each the largest saving first, then the others in the
    order of the data.

    A recommendation's saving is the headline scenario's where it applies there, else the largest among
    the brief's other scenarios.
    """
    order = {key: i for i, key in enumerate(ref.recommendations.index)}
    by_option = {(w.scenario_id, w.option.key): w for w in changes}
    chosen: dict[str, WhatIfView | None] = {}
    for row in rows:
        key, lever = str(row["recommendation"]), str(row["lever"])
        change = by_option.get((row["id"], lever))
        best = chosen.get(key)
        if key not in chosen or _better(change, best, headline_id):
            chosen[key] = change
    views = [AdviceView(key=key, actor=ACTORS[str(ref.recommendations.at[key, "actor"])],
                        examples=str(ref.actors.at[(ref.recommendations.at[key, "actor"], region), "examples"]),
                        short=ACTIONS[key][0], action=ACTIONS[key][1], change=change) for key, change in chosen.items()]
    def rank(a: AdviceView) -> tuple[int, float, int]:
        if a.change is None:
            return (2, 0.0, order[a.key])
        return (0 if a.change.scenario_id == headline_id else 1, -a.change.saving_kg, order[a.key])

    return tuple(sorted(views, key=rank))


def _better(change: WhatIfView | None, best: WhatIfView | None, headline_id: str) -> bool:
    """Return whether ``change`` is the saving to show rather than ``best``: the headline's, else the larger."""
    if change is None:
        return False
    if best is None or change.scenario_id == headline_id:
        return True
    return best.scenario_id != headline_id and change.saving_kg > best.saving_kg
