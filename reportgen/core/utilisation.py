"""Effective model FLOPs utilisation: the share of the devices' peak a whole training job turns into model FLOPs.

Published device-hours count the whole job (restarts, failed nodes, evaluation, data loading, a small model on a
large cluster), not the steady-state utilisation that training reports quote. So a scenario given by compute
takes its utilisation from the published trainings of data/calibration.csv: for each, the effective utilisation
is 6 x (active) parameters x tokens over device-hours x 3600 x peak FLOP/s, and the model fitted to them is

    ln(mfu) = b0 + b1 x newer + b2 x size + b3 x newer x size + e,   e ~ Normal(0, sigma)

where ``newer`` is 1 for hardware released from 2022 on (Hopper, Ada, MI300X, TPU v5 and later, whose higher
peaks few jobs reach) and ``size`` is log10(active parameters) - 10, clipped to the sizes the set covers. A
scenario draws from the predictive distribution: the residual spread and the uncertainty of the fit itself.
Fitted by least squares on every published training that gives parameters, tokens and device-hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from ..reference import PEAK_COLUMNS, Reference
from .formula import compute_hours

NEWER_FROM_YEAR = 2022  # hardware released from this year on forms the newer generation
Z_90 = 1.6448536269514722  # the standard normal's 95th percentile: a 90% interval spans +/- this many sd


@dataclass(frozen=True)
class UtilisationModel:
    """The fitted model of effective utilisation, and the trainings it was fitted to."""

    coefficients: np.ndarray   # b0..b3
    covariance: np.ndarray     # (X'X)^-1, for the uncertainty of the fit at a new point
    sigma: float               # residual standard deviation of ln(mfu)
    size_range: tuple[float, float]
    trainings: pd.DataFrame    # id, hardware, effective mfu, features and residual of each training fitted

    def log_mean(self, newer: np.ndarray, size: np.ndarray) -> np.ndarray:
        """Return the fitted mean of ln(mfu) at each point."""
        mean: np.ndarray = self._design(newer, size) @ self.coefficients
        return mean

    def log_sd(self, newer: np.ndarray, size: np.ndarray) -> np.ndarray:
        """Return the predictive standard deviation of ln(mfu) at each point (residual and fit together)."""
        x = self._design(newer, size)
        leverage = np.einsum("ij,jk,ik->i", x, self.covariance, x)
        sd: np.ndarray = self.sigma * np.sqrt(1.0 + leverage)
        return sd

    def _design(self, newer: np.ndarray, size: np.ndarray) -> np.ndarray:
        """Return the design matrix of points, with sizes clipped to those the trainings cover."""
        newer = np.asarray(newer, dtype=float)
        size = np.clip(np.asarray(size, dtype=float), *self.size_range)
        return np.column_stack([np.ones_like(size), newer, size, newer * size])


def precision_and_peak(ref: Reference, hardware: pd.Series, precision: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return each device's precision in bits (as given, else its default: 16-bit where the catalogue has a
    16-bit peak, else 32-bit) and its dense peak TFLOP/s at that precision (NaN where none is published)."""
    bits = precision.astype("float64").fillna(hardware.map(ref.default_precision))
    peak = pd.Series(np.nan, index=hardware.index)
    for width, column in PEAK_COLUMNS.items():
        peak = peak.mask(bits.eq(width), hardware.map(ref.hardware[column]).astype("float64"))
    return bits, peak


def features(ref: Reference, hardware: pd.Series, active_parameters: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Return each scenario's features: whether its hardware is of the newer generation, and its size."""
    year = hardware.map(ref.hardware["release_year"]).astype(float).to_numpy()
    newer = (year >= NEWER_FROM_YEAR).astype(float)
    size = np.log10(active_parameters.astype(float).to_numpy()) - 10.0
    return newer, size


def effective_utilisation(ref: Reference) -> pd.DataFrame:
    """Return the published trainings that give parameters, tokens and device-hours, with their effective mfu."""
    table = ref.calibration
    active = table["active_parameters"].fillna(table["parameters"]).astype(float)
    _, peak = precision_and_peak(ref, table["hardware"], table["precision"])
    usable = active.notna() & table["tokens"].notna() & table["device_hours"].notna() & peak.notna()
    rows = table[usable]
    # The share of peak at which one device would take the published device-hours for these FLOPs.
    flops = (6.0 * active[usable] * rows["tokens"].astype("float64")).to_numpy(float)
    one = np.ones_like(flops)
    mfu = compute_hours(flops, one, peak[usable].to_numpy(float), one) / rows["device_hours"].to_numpy(float)
    newer, size = features(ref, rows["hardware"], active[usable])
    return pd.DataFrame({"id": rows["id"], "hardware": rows["hardware"], "mfu": mfu,
                         "newer": newer, "size": size}).reset_index(drop=True)


def fit_utilisation(trainings: pd.DataFrame) -> UtilisationModel:
    """Return the least-squares fit of ln(mfu) to the trainings' features."""
    newer, size = trainings["newer"].to_numpy(float), trainings["size"].to_numpy(float)
    x = np.column_stack([np.ones_like(size), newer, size, newer * size])
    y = np.log(trainings["mfu"].to_numpy(float))
    coefficients, *_ = np.linalg.lstsq(x, y, rcond=None)
    residuals = y - x @ coefficients
    dof = max(len(y) - x.shape[1], 1)
    sigma = float(np.sqrt(residuals @ residuals / dof))
    covariance = np.linalg.pinv(x.T @ x)
    fitted = trainings.assign(residual=residuals)
    return UtilisationModel(coefficients, covariance, sigma, (float(size.min()), float(size.max())), fitted)


@lru_cache(maxsize=8)  # a loaded Reference is one key (compared by identity): a brief's what-ifs fit once
def utilisation_model(ref: Reference) -> UtilisationModel:
    """Return the model of effective utilisation fitted to the reference's published trainings."""
    return fit_utilisation(effective_utilisation(ref))


def utilisation_quantiles(ref: Reference, hardware: pd.Series, active_parameters: pd.Series
                          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return each scenario's ln(mfu) mean and sd, and its 5th and 95th percentile of mfu."""
    model = utilisation_model(ref)
    newer, size = features(ref, hardware, active_parameters)
    size = np.where(np.isnan(size), float(np.median(model.trainings["size"])), size)  # FLOPs given without a size
    mean, sd = model.log_mean(newer, size), model.log_sd(newer, size)
    return mean, sd, np.exp(mean - Z_90 * sd), np.exp(mean + Z_90 * sd)
