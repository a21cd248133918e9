"""The energy of a power log's samples: split into segments of samples that belong together, then integrated.

A GPU's samples are taken in the order the logger wrote them. A gap far longer than the log's own sampling
interval, a step of the clock backwards or forwards (an NTP correction, a daylight-saving change in
nvidia-smi's zone-less local time) or a repeated header (a restarted logger) ends a segment: each segment is
integrated on its own (trapezoid rule) and nothing is bridged between them. A lone sample stamped far from
both its neighbours, while they lie close together, is dropped as stamped out of order. Small steps back
(samples written a little out of order) are sorted within their segment. Everything is vectorised: a log of a
million GPUs is a few array operations, not a loop per GPU.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from .log import MeasuredRun

log = logging.getLogger(__name__)

GAP_INTERVALS = 10.0  # a step longer than this many sampling intervals ends a segment ...
MIN_GAP_S = 5.0       # ... and never one shorter than this (nvidia-smi stalls for a second or two under load)
IDLE_SHARE_OF_LIMIT = 0.25
HOW_TO_LOG = "log with nvidia-smi --query-gpu=timestamp,index,power.draw --format=csv -lms 200"


@dataclass(frozen=True)
class _Steps:
    """A log's samples, one GPU after another in the order they were written, and where segments break."""

    device: np.ndarray  # integer code per sample
    t: np.ndarray
    power: np.ndarray
    limit: np.ndarray
    part: np.ndarray    # which stretch of the file, between repeated headers
    breaks: np.ndarray  # breaks[i]: the samples i and i + 1 do not belong together (length n - 1)
    limit_s: float      # the largest step within a segment


def segmented(frame: pd.DataFrame, labels: np.ndarray, path: Path) -> pd.DataFrame:
    """Return the samples (device: the GPU's number, t, power_w, limit_w, part; in file order) with the GPU's
    name (device) and number (gpu) and a segment number, sorted by GPU, segment and time; samples stamped out of
    order are dropped and counted in attrs["skipped"]. ``labels`` names the GPUs by number."""
    present, device = np.unique(frame["device"].to_numpy(), return_inverse=True)  # numbered 0, 1, ... again
    labels = labels[present]
    steps = _steps(device, frame["t"].to_numpy(float), frame["power_w"].to_numpy(float),
                   frame["limit_w"].to_numpy(float), frame["part"].to_numpy())
    stray = _strays(steps)
    if stray.any():
        log.warning("%s: %d sample(s) stamped far from both their neighbours (out of time order) were left out",
                    path, int(stray.sum()))
        keep = ~stray
        steps = _steps(steps.device[keep], steps.t[keep], steps.power[keep], steps.limit[keep], steps.part[keep])
    segment = np.concatenate(([0], np.cumsum(steps.breaks)))
    order = np.lexsort((steps.t, segment))
    back = int(np.sum((np.diff(steps.t) < 0) & ~steps.breaks))
    if back:
        log.warning("%s: %d samples were out of time order; they were sorted by time", path, back)
    out = pd.DataFrame({"device": labels[steps.device[order]], "gpu": steps.device[order],
                        "segment": segment[order], "t": steps.t[order],
                        "power_w": steps.power[order], "limit_w": steps.limit[order]})
    out.attrs = {**frame.attrs, "skipped": int(frame.attrs.get("skipped", 0)) + int(stray.sum())}
    return out


def _steps(device: np.ndarray, t: np.ndarray, power: np.ndarray, limit: np.ndarray, part: np.ndarray) -> _Steps:
    """Return the samples grouped by GPU (file order kept), runs of one timestamp merged, and the breaks."""
    order = np.argsort(device, kind="stable")
    device, t, power, limit, part = device[order], t[order], power[order], limit[order], part[order]
    new = np.ones(len(t), dtype=bool)
    new[1:] = (device[1:] != device[:-1]) | (t[1:] != t[:-1]) | (part[1:] != part[:-1])
    if not new.all():  # sampled faster than the timestamps resolve: one sample per timestamp, at the mean power
        group = np.cumsum(new) - 1
        power = np.bincount(group, power) / np.bincount(group)
        device, t, limit, part = device[new], t[new], limit[new], part[new]
    same = (device[1:] == device[:-1]) & (part[1:] == part[:-1])
    dt = np.diff(t)
    forward = dt[same & (dt > 0)]
    interval = float(np.median(forward)) if len(forward) else 0.0
    limit_s = max(GAP_INTERVALS * interval, MIN_GAP_S)
    breaks = ~same | (np.abs(dt) > limit_s)
    return _Steps(device, t, power, limit, part, breaks, limit_s)


def _strays(steps: _Steps) -> np.ndarray:
    """Return the samples stamped far from both neighbours while the neighbours lie close together."""
    stray = np.zeros(len(steps.t), dtype=bool)
    if len(steps.t) < 3:
        return stray
    d, part, t = steps.device, steps.part, steps.t
    inner = (d[:-2] == d[1:-1]) & (d[1:-1] == d[2:]) & (part[:-2] == part[2:])
    bridged = t[2:] - t[:-2]
    stray[1:-1] = inner & steps.breaks[:-1] & steps.breaks[1:] & (bridged >= 0) & (bridged <= steps.limit_s)
    return stray


def summarise(frame: pd.DataFrame, path: Path) -> MeasuredRun:
    """Return the measured run of segmented samples: energy per GPU, time covered, segments and gaps, idle share."""
    device = frame["gpu"].to_numpy()  # 0, 1, ... in order, as segmented() numbers the GPUs
    labels = frame["device"].to_numpy()[np.flatnonzero(np.concatenate(([True], device[1:] != device[:-1])))]
    segment = frame["segment"].to_numpy()
    t, p = frame["t"].to_numpy(float), frame["power_w"].to_numpy(float)
    within = segment[1:] == segment[:-1]
    dt = np.where(within, np.diff(t), 0.0)
    mean_w = (p[1:] + p[:-1]) * 0.5
    n = len(labels)
    energy_j = np.bincount(device[1:], mean_w * dt, minlength=n)
    covered_s = np.bincount(device[1:], dt, minlength=n)
    idle_s = np.bincount(device[1:], dt * (mean_w < _idle_thresholds(frame, device, n)[device[1:]]), minlength=n)
    pairs = np.bincount(device[1:], within, minlength=n)
    firsts = np.flatnonzero(np.concatenate(([True], ~within)))
    segments = np.bincount(device[firsts], minlength=n)
    gaps = _gaps_s(t, device, firsts, n)
    kept = pairs > 0
    for label in labels[~kept][:10]:
        log.warning("%s: GPU %s has a single usable sample and no energy; it was left out", path, label)
    if not kept.any():
        raise InputError(path, f"no GPU in the log has two or more usable samples; {HOW_TO_LOG}")
    most = int(segments[kept].max())
    gap_s = float(gaps[kept].max())
    if most > 1:
        log.warning("%s: the log falls into %d segments (a pause, a restart of the logger or a clock step); "
                    "%.0f s between them were not measured and are not in the energy", path, most, gap_s)
    steps = np.diff(t)[within & (np.diff(t) > 0)]
    covered = float(covered_s[kept].max())
    return MeasuredRun(
        kind="nvidia-smi", path=str(path), devices=int(kept.sum()), duration_s=covered,
        energy_kwh=float(energy_j[kept].sum()) / 3.6e6, samples=len(frame),
        interval_s=float(np.median(steps)) if len(steps) else None,
        idle_share=float(idle_s[kept].sum() / covered_s[kept].sum()) if covered > 0 else None,
        skipped=int(frame.attrs.get("skipped", 0)), per_device_kwh=tuple((energy_j[kept] / 3.6e6).tolist()),
        segments=most, gap_s=gap_s,
    )


def _gaps_s(t: np.ndarray, device: np.ndarray, firsts: np.ndarray, n: int) -> np.ndarray:
    """Return per GPU the time its timestamps skip between one segment's last sample and the next one's first."""
    lasts = np.concatenate((firsts[1:] - 1, [len(t) - 1]))
    same = device[firsts[1:]] == device[lasts[:-1]]
    skipped = np.clip(t[firsts[1:]] - t[lasts[:-1]], 0.0, None) * same
    return np.bincount(device[firsts[1:]], skipped, minlength=n)


def _idle_thresholds(frame: pd.DataFrame, device: np.ndarray, n: int) -> np.ndarray:
    """Return per GPU the power under which it counts as near idle: a quarter of its limit, or of its peak."""
    starts = np.flatnonzero(np.concatenate(([True], device[1:] != device[:-1])))  # the frame is sorted by GPU
    peak = np.maximum.reduceat(frame["power_w"].to_numpy(float), starts)
    if frame["limit_w"].isna().all():
        return IDLE_SHARE_OF_LIMIT * peak
    limit = frame["limit_w"].groupby(device).median().reindex(range(n)).to_numpy(float)
    return IDLE_SHARE_OF_LIMIT * np.where(np.isnan(limit), peak, limit)


def energy_between(frame: pd.DataFrame, start: float, end: float) -> float:
    """Return the energy in joules of all GPUs between two times (s since the epoch), interpolating the edges."""
    total = 0.0
    for _, samples in frame.groupby(["device", "segment"], sort=True):
        t = samples["t"].to_numpy()
        p = samples["power_w"].to_numpy()
        lo, hi = max(start, t[0]), min(end, t[-1])
        if hi <= lo:
            continue
        inside = (t > lo) & (t < hi)
        grid = np.concatenate(([lo], t[inside], [hi]))
        values = np.interp(grid, t, p)
        total += float(np.sum((values[1:] + values[:-1]) * 0.5 * np.diff(grid)))
    return total
