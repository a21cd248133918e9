"""The AI Act's view of each training: its compute, which thresholds it passes, and what follows for its maker.

Pure: the resolved scenarios and the reference tables in, one column per conclusion out. The thresholds,
exemptions and dates are data (data/law.csv). One run's training compute is

    the file's computation (FLOPs, or 6 x parameters x tokens), or else
    the Commission's hardware method: devices x hours x 3600 x peak FLOP/s x utilisation

with the peak of the catalogue at the scenario's precision and the effective utilisation that turns compute into
hours elsewhere in the core (core/utilisation.py): its median, and its 90% range as the estimate's range.
Repeated runs train other models, not this one further: the compute is one run's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..reference import Reference
from .columns import LAW_COLUMNS
from .formula import SECONDS_PER_HOUR, TERA
from .resolve import utilisation_size
from .utilisation import precision_and_peak, utilisation_quantiles

FROM_COMPUTE = "compute"    # the file's FLOPs, or 6 x parameters x tokens
FROM_HARDWARE = "hardware"  # the Commission's hardware method
# Classes of a model by its compute; a modifier's by its original model's.
UNKNOWN, BELOW, GENERAL_PURPOSE, SYSTEMIC = "unknown", "below", "general-purpose", "systemic"
# What follows for the maker: the documentation duty of Article 53(1)(a), an exemption from it, or none.
APPLIES, UNLESS_EXEMPT, OPEN_SOURCE, RESEARCH, NONE = (
    "applies", "applies-unless-exempt", "exempt-open-source", "outside-scope-research", "none")


@dataclass(frozen=True)
class LawRules:
    """The numbers and dates of data/law.csv that classify a training."""

    gpai_flop: float        # the indicative criterion of a general-purpose model (guidelines, paragraph 17)
    systemic_flop: float    # the presumption of systemic risk (Article 51(2))
    modifier_share: float   # the share of the original's compute above which a modifier becomes a provider
    legacy_deadline: str    # ISO date by which a model placed on the market before the obligations complies
    obligations_from: str   # ISO date from which the obligations apply (Article 113(b))


def law_rules(ref: Reference) -> LawRules:
    """Return the thresholds and the Article 111(3) date of data/law.csv."""
    return LawRules(gpai_flop=ref.law_number("gpai_indicative_flop"),
                    systemic_flop=ref.law_number("systemic_risk_flop"),
                    modifier_share=ref.law_number("modifier_compute_share"),
                    legacy_deadline=ref.law_date("legacy_deadline").isoformat(),
                    obligations_from=ref.law_date("obligations_from").isoformat())


def hardware_method(count: pd.Series, hours: pd.Series, peak_tflops: pd.Series,
                    mfu: pd.Series | np.ndarray) -> pd.Series:
    """Return one run's training compute in FLOP by the hardware method: devices x seconds x peak x utilisation."""
    result: pd.Series = count * hours * SECONDS_PER_HOUR * peak_tflops * TERA * mfu
    return result


def training_compute(frame: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return one run's training compute, its 90% range and how it was found, per resolved scenario.

    From the file's computation where it gives one (a single value), else by the hardware method; NaN and no
    method where neither is possible (no hardware with a published peak, or no training at all).
    """
    given = frame["flops"].astype("float64")
    _, peak = precision_and_peak(ref, frame["hardware"], frame["precision"])
    log_mean, _, low_mfu, high_mfu = utilisation_quantiles(ref, frame["hardware"], utilisation_size(frame))
    count, hours = frame["count"].astype("float64"), frame["hours"].astype("float64")
    estimates = [hardware_method(count, hours, peak, mfu) for mfu in (np.exp(log_mean), low_mfu, high_mfu)]
    by_compute = given.notna()
    central, low, high = (given.where(by_compute, e) for e in estimates)
    method = pd.Series([FROM_COMPUTE if stated else FROM_HARDWARE if known else None
                        for stated, known in zip(by_compute, central.notna(), strict=True)], index=frame.index,
                       dtype="object")
    return pd.DataFrame({"training_flops": central, "training_flops_low": low, "training_flops_high": high,
                         "training_flops_method": method}, index=frame.index)


def _flag(values: pd.Series) -> pd.Series:
    """Return a stated yes or no (or a stated word, such as "restricted") per scenario, None where unstated."""
    return values.astype(object).where(values.notna(), None).map(
        lambda v: None if v is None else v if isinstance(v, str) else bool(v))


def classify(compute: pd.DataFrame, frame: pd.DataFrame, rules: LawRules) -> pd.DataFrame:
    """Return, per scenario, its class under the AI Act, whether its maker becomes a provider, and what follows."""
    flops = compute["training_flops"]
    base = frame["base_model_flops"].astype("float64")
    share = flops / base
    # A modification counts by its original model's compute; its maker is a provider only above the share.
    decisive = base.where(base.notna() & flops.notna(), flops)
    model_class = pd.Series(np.select([decisive > rules.systemic_flop, decisive > rules.gpai_flop, decisive.notna()],
                                      [SYSTEMIC, GENERAL_PURPOSE, BELOW], UNKNOWN), index=frame.index, dtype=object)
    new_provider = pd.Series(np.where(base.notna(), share > rules.modifier_share, flops.notna()), index=frame.index)
    new_provider = new_provider.where(flops.notna() | base.isna(), False)
    open_weights, research = _flag(frame["open_weights"]), _flag(frame["research_only"])
    duty = [_duty(c, bool(p), o, r)
            for c, p, o, r in zip(model_class, new_provider, open_weights, research, strict=True)]
    due = pd.Series([d in (APPLIES, UNLESS_EXEMPT) for d in duty], index=frame.index)
    trains = frame["hours"].notna()
    released = frame["released"].astype(object).where(frame["released"].notna(), None)
    # Article 111(3) gives a model placed on the market before the obligations applied until the later date; a
    # model released since has owed them from its release, and one without a date may be either.
    legacy = due & released.map(lambda d: d is None or str(d) < rules.obligations_from).astype(bool)
    return pd.DataFrame({
        "base_model_flops": base, "modification_compute_share": share, "open_weights": open_weights,
        "research_only": research, "released": released, "ai_act_class": model_class.where(trains, None),
        "ai_act_new_provider": new_provider.where(trains, False).astype(bool),
        "ai_act_duty": pd.Series(duty, index=frame.index, dtype=object).where(trains, None),
        "ai_act_documentation_due": due & trains,
        "ai_act_legacy_deadline": pd.Series(rules.legacy_deadline, index=frame.index, dtype=object).where(legacy, None),
    }, index=frame.index)


def _duty(model_class: str, new_provider: bool, open_weights: bool | str | None, research: bool | None) -> str:
    """Return what the AI Act asks of one training's maker, from its class and the file's statements."""
    if model_class == UNKNOWN:
        return UNKNOWN
    if model_class == BELOW or not new_provider:
        return NONE
    if research:
        return RESEARCH  # Article 2(6): outside the Act while it serves research and development alone
    if open_weights is True and model_class != SYSTEMIC:
        return OPEN_SOURCE  # Article 53(2): 53(1)(a) and (b) do not apply
    # Public weights under a licence that restricts use may not be free and open-source (recital 102): unsettled.
    open_settled = open_weights is False or model_class == SYSTEMIC
    return APPLIES if research is False and open_settled else UNLESS_EXEMPT


def ai_act_columns(frame: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Return the law columns of the results table (LAW_COLUMNS) for resolved scenarios."""
    compute = training_compute(frame, ref)
    return pd.concat([compute, classify(compute, frame, law_rules(ref))], axis=1)[list(LAW_COLUMNS)]
