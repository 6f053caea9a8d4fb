"""What a report draws of a run: every series already decimated, so reporters get a few thousand
points per curve and never the run's table.

Long series keep the minimum and the maximum of each bucket of steps (a 1,000,000-step run becomes a
few thousand points and its spikes stay visible); smoothed series are thinned; per-layer columns are
averaged over buckets of rows for a heatmap. Computed by the engine only when a report will draw them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from lrdoctor.signals import Signals

MAX_BUCKETS = 1500
"""Per drawn series: at most 2 points (min, max) per bucket."""
COMPACT_BUCKETS = 100
"""The same in a report over many runs, where each run's page must stay small."""
INLINE_RUNS = 10
"""Up to this many runs share one HTML page (their curves drawn in full); a report over more is an index page and a
page per run (``COMPACT_BUCKETS``). Here, not in the HTML reporter: the command line reads it before the analysis,
and importing the reporter imports matplotlib."""
HEATMAP_BUCKETS = 300
"""Columns of a per-layer heatmap."""
HEATMAP_ROWS = 64
"""...each the mean of at most this many logged rows, evenly spaced: a cell's colour is a mean of logs, which a sample
of 64 rows gives as well as 3,000 (a per-layer column logged on every step of a 1,000,000-step run)."""
MAX_MARKED_STEPS = 400
"""Steps with a non-finite loss marked on the loss plot, at most."""
DRAW_LIMIT = 1e300
"""Finite values beyond this magnitude are drawn at it: an axis spanning -1.7e308 to 1.7e308 has a
width beyond the float range, and matplotlib's transforms become singular."""


def drawable(y: np.ndarray) -> np.ndarray:
    """``y`` with its finite values held within +-``DRAW_LIMIT`` (non-finite ones as they are)."""
    y = np.asarray(y, dtype=float)
    return np.where(np.isfinite(y), np.clip(y, -DRAW_LIMIT, DRAW_LIMIT), y)


@dataclass(frozen=True, slots=True)
class Series:
    """One drawable line: steps (or another x) and values, with its name."""

    x: np.ndarray
    y: np.ndarray
    name: str = ""


@dataclass(frozen=True, slots=True)
class Heatmap:
    """Per-layer values averaged over buckets of rows: bucket edges (steps, one more than buckets),
    ``values`` (buckets x layers, NaN where a bucket has none) and the layers' names."""

    edges: np.ndarray
    values: np.ndarray
    names: list[str]


@dataclass(frozen=True, slots=True)
class Curves:
    """Everything the report of one run draws, in the loss's own units. ``compact``: for a page of a
    report over many runs (fewer points; only the plots the findings are shaded on besides loss and lr)."""

    span: tuple[int, int]
    loss: Series
    smooth: Series
    spread: tuple[np.ndarray, np.ndarray]
    val_loss: Series | None = None
    nonfinite_steps: np.ndarray = field(default_factory=lambda: np.array([]))
    nonfinite_count: int = 0
    lr: list[Series] = field(default_factory=list)
    grad_norm: Series | None = None
    update_ratio: Series | None = None
    layers: dict[str, Heatmap] = field(default_factory=dict)
    accuracy: list[Series] = field(default_factory=list)
    range_test: Series | None = None
    compact: bool = False


def decimate(x: np.ndarray, y: np.ndarray, buckets: int = MAX_BUCKETS) -> tuple[np.ndarray, np.ndarray]:
    """The finite points of a series; beyond ``2 * buckets`` points, each bucket's minimum and
    maximum, in step order (so spikes and dips survive)."""
    keep = np.isfinite(y)
    x, y = x[keep], drawable(y[keep])
    n = y.size
    if n <= 2 * buckets:
        return x, y
    size = math.ceil(n / buckets)
    padded = np.concatenate([y, np.repeat(y[-1], (-n) % size)]).reshape(-1, size)
    base = np.arange(padded.shape[0]) * size
    idx = np.unique(np.concatenate([base + padded.argmin(axis=1), base + padded.argmax(axis=1)]))
    idx = idx[idx < n]
    return x[idx], y[idx]


def thin(n: int, limit: int = 2 * MAX_BUCKETS) -> slice:
    """Every k-th point of an already smoothed series of ``n`` points, so at most ``limit`` are kept."""
    return slice(None, None, max(1, math.ceil(n / limit)))


def bucket_columns(steps: np.ndarray, values: np.ndarray, buckets: int = HEATMAP_BUCKETS) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``values`` (rows x series) averaged over at most ``buckets`` consecutive row buckets,
    ignoring NaN (NaN where a bucket has no value), with each bucket's first step."""
    size = max(1, math.ceil(values.shape[0] / buckets))
    starts = np.arange(0, values.shape[0], size)
    finite = np.isfinite(values)
    sums = np.add.reduceat(np.where(finite, values, 0.0), starts, axis=0)
    counts = np.add.reduceat(finite.astype(np.int64), starts, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return steps[starts], np.where(counts > 0, sums / counts, np.nan)


def column_series(s: Signals, column: str, name: str | None = None, buckets: int = MAX_BUCKETS) -> Series | None:
    """A logged column, decimated, or None when it holds no finite value."""
    if not s.run.has(column):
        return None
    x, y = decimate(s.df["step"].to_numpy(dtype=float), s.df[column].to_numpy(dtype=float), buckets)
    return Series(x, y, name or column) if y.size else None


def layer_heatmap(s: Signals, prefix: str) -> Heatmap | None:
    """Per-layer ``<prefix>/<param>`` columns as log10 values averaged over buckets of rows."""
    columns = [c for c in s.run.columns_like(prefix) if s.run.has(c)]
    if not columns:
        return None
    arrays = [np.asarray(s.run.values(c), dtype=float) for c in columns]
    logged = np.zeros(arrays[0].size, dtype=bool)
    for a in arrays:  # per-layer columns are logged on a few rows (every 100th step by default): take only those
        logged |= ~np.isnan(a)
    rows = np.flatnonzero(logged)
    rows = rows[:: max(1, math.ceil(rows.size / (HEATMAP_BUCKETS * HEATMAP_ROWS)))]
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.log10(np.column_stack([a[rows] for a in arrays]))
    values[~np.isfinite(values)] = np.nan
    steps = np.asarray(s.run.values("step"), dtype=float)
    starts, means = bucket_columns(steps[rows], values)
    end = float(steps[-1])
    edges = np.append(starts, end if end > starts[-1] else starts[-1] + 1)
    return Heatmap(edges, means, [c[len(prefix) + 1 :] for c in columns])


def range_test_curve(s: Signals) -> Series | None:
    """A learning-rate range test's loss against its lr."""
    if s.meta.get("range_test") is not True or not s.has_lr:
        return None
    keep = np.isfinite(s.lr) & (s.lr > 0)
    return Series(drawable(s.lr[keep]), drawable(s.loss[keep]), "loss")


def curves_of(s: Signals, buckets: int = MAX_BUCKETS) -> Curves | None:
    """The curves of a run's report, each series in at most ``2 * buckets`` points (``COMPACT_BUCKETS``
    for a report over many runs: no per-layer heatmaps then), or None without a finite training loss."""
    if s.n == 0:
        return None
    keep = thin(s.ts.size, 2 * buckets)
    to_loss = np.exp if s.log_scale else (lambda v: v)
    with np.errstate(over="ignore", invalid="ignore"):  # a level or spread near the float limit: inf, drawn at the limit
        ts, level, spread = s.ts[keep], s.smooth[keep], 2 * s.local_noise[keep]
        smooth = drawable(to_loss(level))
        band = (drawable(to_loss(level - spread)), drawable(to_loss(level + spread)))
    x, y = decimate(s.steps.astype(float), s.loss, buckets)
    val_steps, val = s.val_finite
    bad = s.all_steps[s.nonfinite_loss]
    lr_columns = [c for c in ("lr", *s.run.columns_like("lr")) if s.run.has(c)]
    lr_names = {c: ("lr (group 0)" if c == "lr" and len(lr_columns) > 1 else c) for c in lr_columns}
    layers = {prefix: heat for prefix in ("update_ratio", "grad_norm")
              if buckets >= MAX_BUCKETS and (heat := layer_heatmap(s, prefix)) is not None}
    return Curves(
        span=(s.first_step, s.last_step),
        loss=Series(x, y, "training loss"),
        smooth=Series(ts, smooth, "smoothed"),
        spread=band,
        val_loss=Series(val_steps.astype(float), drawable(val), "validation loss") if val.size else None,
        nonfinite_steps=bad[:: max(1, bad.size // MAX_MARKED_STEPS)].astype(float),
        nonfinite_count=int(bad.size),
        lr=[series for c in lr_columns if (series := column_series(s, c, lr_names[c], buckets)) is not None],
        grad_norm=column_series(s, "grad_norm", buckets=buckets),
        update_ratio=column_series(s, "update_ratio", buckets=buckets),
        layers=layers,
        accuracy=[series for c in ("train_acc", "val_acc") if (series := column_series(s, c, buckets=buckets)) is not None],
        range_test=range_test_curve(s),
        compact=buckets < MAX_BUCKETS,
    )
