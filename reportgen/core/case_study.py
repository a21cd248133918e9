"""The case study of Strubell et al. (2019, Table 4): CO2e of the models one paper took, computed by the core."""

from __future__ import annotations

import pandas as pd

from ..inputs.table import INPUT_COLUMNS
from ..reference import Reference
from .emissions import estimate_frame

CASE_STUDY_POWER_W = 216.96  # per GPU, implied by the paper's own totals (see examples/strubell2019.yaml)
PAPER_PUE = 1.58
PAPER_G_PER_KWH = 0.954 * 453.59237  # 0.954 lbs/kWh


def case_study_results(ref: Reference) -> pd.DataFrame:
    """Return the case study's rows with CO2e and costs computed from the paper's constants, beside its printed
    costs.

    Columns: models, hours, co2e_kg, co2e_lbs, cloud_cost_low and cloud_cost_high (the hours at the P100 prices of
    its footnote 8), electricity_cost (the energy with PUE at the price of its footnote 9), and the same three as
    printed (``*_printed``), which its figures round.
    """
    table = ref.case_study
    inputs = pd.DataFrame({
        "id": [f"case-{m}" for m in table["models"]], "name": "", "hardware": None, "count": 1,
        "hours": table["hours"].astype(float).to_numpy(), "device_power_w": CASE_STUDY_POWER_W,
        "device_power_source": "derived",
        "utilisation": 1.0, "host_power_w": 0.0, "pue_value": PAPER_PUE, "pue_provider": None, "location": None,
        "carbon_intensity_g_per_kwh": PAPER_G_PER_KWH, "runs": 1, "currency": "USD", "cloud_price_low": None,
        "cloud_price_high": None, "electricity_price_per_kwh": None,
    }).reindex(columns=list(INPUT_COLUMNS))  # the core's whole input table; what the paper gives no value for is empty
    results = estimate_frame(inputs, ref)
    hours = table["hours"].astype(float).to_numpy()
    return pd.DataFrame({
        "models": table["models"].astype(int).to_numpy(), "hours": table["hours"].astype(float).to_numpy(),
        "co2e_kg": results["co2e_kg"].to_numpy(float), "co2e_lbs": results["co2e_lbs"].to_numpy(float),
        "cloud_cost_low": hours * ref.number("case_study_facts", "cloud_price_usd_per_gpu_hour_low"),
        "cloud_cost_high": hours * ref.number("case_study_facts", "cloud_price_usd_per_gpu_hour_high"),
        "electricity_cost": results["energy_kwh"].to_numpy(float)
        * ref.number("case_study_facts", "electricity_price_usd_per_kwh"),
        "cloud_cost_low_printed": table["cloud_cost_low"].astype(float).to_numpy(),
        "cloud_cost_high_printed": table["cloud_cost_high"].astype(float).to_numpy(),
        "electricity_cost_printed": table["electricity_cost"].astype(float).to_numpy(),
    })
