"""Quantities the rules share, each computed once on first use (``functools.cached_property``).

The loss is analysed in log space when it is positive (so "a rise of 0.3" means x1.35 whatever the
loss scale) and as-is otherwise; all thresholds are expressed against the run's own noise and span.
Long runs are reduced to at most ``MAX_POINTS`` bucket medians (with each bucket's upper quantile for
spikes and jumps), so every quantity costs O(rows) once and the rest works on a bounded series, and a run
is read at the same resolution whatever its length: a threshold that a longer run would cross by chance
alone (a count of spikes among ever more points of heavy-tailed batch noise) cannot be crossed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

import bisect
import math
import re

import numpy as np
import pandas as pd

from lrdoctor.frame import EVAL_COLUMNS, TRAIN_COLUMNS
from lrdoctor.optim import (
    FIRST_STEP_MARGIN,
    Family,
    family_of,
    first_step_band,
    first_step_scale,
    healthy_target,
    steps_shrink,
    update_band,
    warms_itself,
)

if TYPE_CHECKING:
    from lrdoctor.frame import RunFrame

MAX_POINTS = 2_000
"""Points a series is read at, at most: the resolution the rules were tuned at (sample runs of 200-1,500
logged points). Longer logs are read as bucket medians of ``ceil(rows / MAX_POINTS)`` rows."""
PEAK_QUANTILE = 0.9
"""A bucket's peak, for spikes and jumps: this quantile of its rows (its maximum when it holds one row). A
spike must cover about a tenth of a bucket to raise it; one heavy-tailed batch among hundreds does not."""
MAD_TO_SIGMA = 1.4826  # a normal distribution's standard deviation per unit of median absolute deviation
Z_95 = 1.959963984540054  # two-sided 95% normal quantile
TREND_POINTS = 200
NOISE_FLOOR_FRAC = 1e-6
"""The noise of a series is at least this share of its spread (of its level, on a flat series)."""
FULL_LR_FRAC = 0.5
"""An lr at or above this share of the run's peak is "full"; below it the schedule has decayed it (or
not yet warmed it up)."""
NEAR_ZERO_LR_FRAC = 0.1
"""An lr below this share of the run's peak is nearly zero: it cannot push the loss anywhere."""
STEADY_LR_RATIO = 1.3
"""An lr whose largest value over a stretch is within this factor of its smallest is steady there."""
LR_GROWTH_FACTOR = 3.0
"""An lr at least this many times its starting value, and at its highest so far, was grown by the schedule."""
RAMP_FACTOR = 2.0
"""An lr ramp rises by at least this factor (a warmup, the rising half of a cycle or a one-cycle)."""
RAMP_POINTS = 5
"""...over at least this many logged points, never falling on the way (a jump is a restart, not a ramp)."""
START_SHARE = 0.05
"""The start of a run: its first this share of steps."""
TAMABLE_STEP = 1.0
"""A first step that moved the weights by this share of their norm or more threw the model: a warmup does not tame
the lr that took it (``first_step_tamable``)."""
VAL_PART = re.compile(r"^(val|valid|validation|eval|test)[/_].*loss$", re.IGNORECASE)
"""Column names of validation losses besides ``val_loss`` (``val/box_loss``, ``eval_ce_loss``)."""
MIN_GRAD_NOISE = 0.02
"""The log10 gradient norm's point-to-point noise is taken as at least this (x1.05)."""


@dataclass(frozen=True, slots=True)
class Trend:
    """Theil–Sen trend of the (log) loss over a step range. ``rate`` is the drop per step."""

    rate: float
    low: float
    high: float
    points: int
    start_level: float
    end_level: float

    @property
    def falling(self) -> bool:
        """The loss fell significantly (the whole 95% interval of the drop rate is above zero)."""
        return self.points >= 4 and self.low > 0

    @property
    def rising(self) -> bool:
        return self.points >= 4 and self.high < 0


@dataclass(frozen=True, slots=True)
class LrChange:
    """A step change of the learning rate between two logged rows: a cut (factor > 1) or a jump."""

    step: int
    step_before: int
    factor: float
    lr_before: float
    lr_after: float


@dataclass(frozen=True, slots=True)
class Spike:
    """A run of consecutive points far above the local level of the loss; ``height`` in level units
    (natural log of the loss when it is analysed in log space)."""

    step: int
    step_end: int
    height: float
    z: float


@dataclass(frozen=True, slots=True)
class GradJump:
    """A run of consecutive gradient norms far above their running level; ``orders`` of magnitude
    (log10) above it, ``z`` in units of the log10 norm's noise."""

    step: int
    step_end: int
    orders: float
    z: float


@dataclass(frozen=True, slots=True)
class Ramp:
    """A stretch where the lr rose steadily: reduced-series positions ``start`` to ``end`` (inclusive),
    the lrs there, and ``hold``: the last position after it where the lr is still near its top."""

    start: int
    end: int
    lr_start: float
    lr_end: float
    hold: int


@dataclass(frozen=True, slots=True)
class Reset:
    """The optimizer's state was thrown away: its own step counter went back, or an event said so."""

    step: int
    opt_step_before: float
    opt_step_after: float
    how: str


def from_orders(orders: float) -> float:
    """A factor from orders of magnitude (log10 units): 1.0 -> 10x; inf beyond the float range."""
    with np.errstate(over="ignore"):
        return float(np.power(10.0, orders))


ORDERS_OF_MAGNITUDE = 6.9
"""A rise of this much in log-loss (x1000) or more is said as 'orders of magnitude' (``rise_text``)."""


def rise_text(log_scale: bool, rise: float) -> str:
    """A rise of a smoothed level as a reader says it: a factor for a loss read in logs ('x3.2', 'by orders of
    magnitude' from x1000), else in the loss's own units ('by 3.27': a negative SI-SNR's climb of 3.27 dB read as a
    factor would be x26)."""
    if not log_scale:
        return f"by {rise:.3g}"
    return f"x{exp_factor(rise):.2g}" if rise < ORDERS_OF_MAGNITUDE else "by orders of magnitude"


def exp_factor(log_units: float) -> float:
    """A factor from natural-log units (a rise of 0.3 -> x1.35); inf beyond the float range, without a warning."""
    with np.errstate(over="ignore"):
        return float(np.exp(log_units))


def median_of(values: np.ndarray) -> float:
    """``np.median`` of a 1-D array of numbers, the same value at a third of its cost on a short one:
    one partition at the middle (np.median partitions at the middle two and at the end, with a fixed cost of some
    15 us a call that a short run's rules pay dozens of times); NaN when a value is NaN, as np.median gives."""
    work = np.array(values, dtype=float)  # a copy: the caller's array is not reordered
    if not work.size:
        return float("nan")  # np.median's value for nothing (with a warning)
    middle = work.size // 2
    work.partition(middle)
    if np.isnan(work).any():
        return float("nan")
    if work.size % 2:
        return float(work[middle])
    with np.errstate(over="ignore", invalid="ignore"):  # near the float limit: inf, as np.median's mean gives
        return float((work[:middle].max() + work[middle]) / 2)


def order_statistics(values: np.ndarray, ranks: list[int]) -> np.ndarray:
    """``np.sort(values)[ranks]`` for a few ranks of a long array, reordering ``values`` in place: one partition at
    the middle rank, then each side's ranks within that side alone. numpy's partition at several ranks at once, two
    of them adjacent (an even count's middle pair), costs 2-4.5 times as much (Theil–Sen's 19,900 slopes: 150-290 us
    against 65)."""
    wanted = sorted(set(ranks))

    def select(start: int, stop: int, among: list[int]) -> None:
        if not among:
            return
        pivot = among[len(among) // 2]
        values[start:stop].partition(pivot - start)  # a view: partitioned in place
        select(start, pivot, [r for r in among if r < pivot])
        select(pivot + 1, stop, [r for r in among if r > pivot])

    select(0, values.size, wanted)
    return values[ranks]


def robust_noise(y: np.ndarray) -> float:
    """Point-to-point noise of a series, robust to trends and spikes: MAD of 2nd differences / sqrt(6)."""
    y = y[np.isfinite(y)]
    if y.size < 4:
        return float("nan")
    with np.errstate(over="ignore", invalid="ignore"):  # values near the float limit: inf or nan, no warning
        d2 = np.diff(y, 2)
        return float(MAD_TO_SIGMA * median_of(np.abs(d2 - median_of(d2))) / np.sqrt(6.0))


MEDIAN_EFFICIENCY = 1.2533
"""Standard error of a median per unit of standard error of a mean (sqrt(pi/2)) for normal noise."""
MIN_NOISE_POINTS = 5
"""An evaluation series needs this many points for its robust noise; fewer fall back to the median step."""
MIN_EVAL_NOISE = 1e-12
"""The evaluation noise of a series that never changes: tiny, never zero."""


SCHEDULER_BOOKKEEPING = ("base_lrs", "last_epoch", "verbose", "_step_count", "_get_lr_called_within_step", "_last_lr")


def scheduler_text(meta: dict[str, Any]) -> str | None:
    """The sidecar's scheduler as code would name it, 'ExponentialLR(gamma=1.02)'; None if not stated."""
    name = meta.get("scheduler")
    if not isinstance(name, str) or name in ("", "constant"):
        return None
    params = meta.get("scheduler_params")
    if "(" in name or not isinstance(params, dict):
        return name
    shown = [f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in params.items()
             if k not in SCHEDULER_BOOKKEEPING and isinstance(v, (int, float, str)) and not isinstance(v, bool)]
    return f"{name}({', '.join(shown)})"


def eval_noise(v: np.ndarray) -> float:
    """Noise of an evaluation series (few, sparse points): ``robust_noise`` with ``MIN_NOISE_POINTS``
    points or more, else half the median change between evaluations; never zero."""
    noise = robust_noise(v) if v.size >= MIN_NOISE_POINTS else float("nan")
    if not np.isfinite(noise) or noise <= 0:
        noise = median_of(np.abs(np.diff(v))) / 2 if v.size > 1 else 0.0
    return noise if np.isfinite(noise) and noise > 0 else MIN_EVAL_NOISE


START_NOISES = 3.0
"""The first logged loss is the start when it stands this many noise units above the first points' median."""
UNEVEN_SPANS = 2.0
"""A series whose points stand for spans of steps differing this many times or more is read over its steps, not its
points (a median of the recorder's budgeted log, 50 dense rows then every Nth, would read its start as half the run)."""
CHANGE_NET = 1.4
"""``lr_changes`` first takes the consecutive rows whose lr moved by this factor, a net wider than the 1.5x a change
must reach (products, not quotients: no division over a long log's every row), then tests those exactly."""
CHANGE_BLOCK = 4096
"""``change_candidates`` reads a long lr series in blocks of this many values."""
GAP_SLAB = 1 << 20
"""``evenly_spaced`` takes the gaps of a long series this many at a time."""
MIN_RATIOS = 5
"""Update ratios needed for their median."""
LATE_RATIO_SHARE = 0.5
"""``update_ratio_late`` reads the ratios of this last share of the run's steps."""
RANK_FILTER_AFTER = 500
"""Rolling medians and minima a process takes from pandas before it imports scipy.ndimage for them:
its rank filters are ten times as fast on a run's series, but the import costs about 0.2 s, what the
rolling medians of some 150 runs cost; a sweep pays it once, the analysis of one run never (both give
the same numbers)."""
_pandas_rollings = 0


def rank_filters_pay() -> bool:
    """Whether the next rolling median or minimum comes from scipy.ndimage (see ``RANK_FILTER_AFTER``)."""
    global _pandas_rollings
    if _pandas_rollings >= RANK_FILTER_AFTER:
        return True
    _pandas_rollings += 1
    return False


ROLLINGS_PER_RUN = 4
"""Rolling medians and minima the analysis of a typical run makes (a run logged every step, with gradient norms)."""


def expect_runs(runs: int) -> None:
    """This process is about to analyse ``runs`` runs (a sweep): when their rolling medians are many enough to pay for
    the rank filters' import (``RANK_FILTER_AFTER``), import scipy.ndimage now and use it from the first run (local
    worker processes forked after this inherit it) instead of after some hundred runs."""
    global _pandas_rollings
    if runs * ROLLINGS_PER_RUN >= RANK_FILTER_AFTER:
        import scipy.ndimage  # noqa: F401

        _pandas_rollings = max(_pandas_rollings, RANK_FILTER_AFTER)


def plain_values(y: np.ndarray) -> bool:
    """Whether a series holds only finite numbers and no negative zero: where a rank filter's medians are
    pandas' (pandas' rolling windows skip NaN and inf, and which of 0.0 and -0.0 a tie returns is its own)."""
    return bool(np.isfinite(y).all()) and not bool(np.signbit(y[y == 0]).any())


def full_window_medians(y: np.ndarray, window: int) -> np.ndarray:
    """``median(y[s : s + window])`` for every whole window (``s`` from 0 to ``len(y) - window``) of a
    series of ``plain_values``, an even window's the mean of its middle two (as ``np.median`` and pandas
    give). scipy's rank filter keeps the window sorted as it slides: on a run's few thousand points it
    is ten times as fast as pandas' rolling median."""
    from scipy.ndimage import rank_filter

    middle = window // 2
    if window % 2:
        centred = rank_filter(y, middle, size=window, mode="nearest")
    else:
        low, high = (rank_filter(y, rank, size=window, mode="nearest") for rank in (middle - 1, middle))
        with np.errstate(over="ignore"):  # values near the float limit: their mean is inf, as pandas' is
            centred = (low + high) / 2
    return np.asarray(centred[middle : y.size - window + middle + 1], dtype=float)


def running_median(
    y: np.ndarray, window: int, lead: int, min_count: int, whole: np.ndarray | None = None
) -> np.ndarray:
    """pandas' rolling median of ``y`` (``Series(y).rolling(window, min_periods=min_count).median()``, with
    ``center=True`` when ``lead`` is ``window // 2``; ``lead`` is ``window - 1`` for the default trailing
    window): at position ``i`` the median of ``y[i - lead : i - lead + window]`` cut at the ends of ``y``,
    NaN where that keeps fewer than ``min_count`` values. The same numbers, from ``full_window_medians``
    and, where the window is cut, ``prefix_medians`` (from pandas itself for a series it treats apart,
    and until ``rank_filters_pay``). ``whole``: ``full_window_medians(y, window)`` when already known (those
    of a longer series that ``y`` begins: the first ``len(y) - window + 1`` are ``y``'s)."""
    assert lead in (window - 1, window // 2)
    n = y.size
    if window > n or not plain_values(y) or not rank_filters_pay():
        series = pd.Series(y, dtype=float).rolling(window, center=lead != window - 1, min_periods=min_count)
        return np.asarray(series.median().to_numpy(), dtype=float)
    out = np.empty(n)
    out[lead : n - window + lead + 1] = full_window_medians(y, window) if whole is None else whole[: n - window + 1]
    out[:lead] = prefix_medians(y, window - lead, window)  # the first windows, cut at the start
    out[n - window + lead + 1 :] = prefix_medians(y[::-1], lead + 1, window)[::-1]  # and the last ones
    i = np.arange(n)
    kept = np.minimum(np.minimum(i - lead + window, n - i + lead), window)
    out[kept < min_count] = np.nan
    return out


def trailing_min(y: np.ndarray, window: int) -> np.ndarray:
    """``Series(y).rolling(window, min_periods=1).min()``: the least of each value and the ``window - 1``
    before it (fewer at the start); scipy's minimum filter for a series of ``plain_values``."""
    if not plain_values(y) or not rank_filters_pay():
        return np.asarray(pd.Series(y, dtype=float).rolling(window, min_periods=1).min().to_numpy(), dtype=float)
    from scipy.ndimage import minimum_filter1d

    # the window ends at each point (the largest origin); the first point repeated before the start changes no minimum
    return np.asarray(minimum_filter1d(y, window, mode="nearest", origin=(window - 1) // 2), dtype=float)


def rolling_median(y: np.ndarray, window: int) -> np.ndarray:
    """Centred rolling median whose window shrinks symmetrically at the edges (so the first and last
    points of a steep curve are not read as outliers of a one-sided window)."""
    half = min(window // 2, (y.size - 1) // 2)
    if window % 2 and half == window // 2 and plain_values(y) and rank_filters_pay():  # whole windows but the edges
        out = np.empty(y.size)
        out[half : y.size - half] = full_window_medians(y, window)
    else:
        out = np.array(pd.Series(y).rolling(window, center=True, min_periods=1).median().to_numpy(), dtype=float)
    if half <= 0:
        return out
    if np.isnan(y[: 2 * half]).any() or np.isnan(y[y.size - 2 * half :]).any():
        for i in range(half):  # a NaN makes np.median NaN: keep its exact behaviour
            out[i] = np.median(y[: 2 * i + 1])
            out[-1 - i] = np.median(y[y.size - 1 - 2 * i :])
        return out
    out[:half] = growing_medians(y[: 2 * half - 1])
    out[y.size - half :] = growing_medians(y[: y.size - 2 * half : -1])[::-1]
    return out


def growing_medians(y: np.ndarray) -> np.ndarray:
    """``median(y[:2i+1])`` for every ``i`` with ``2i+1 <= len(y)``: the medians of the odd-length
    prefixes, each an element of ``y`` (what ``np.median`` gives for an odd count), kept in one sorted
    list as the prefix grows instead of a median call per prefix. ``y`` must hold no NaN."""
    values = y.tolist()
    if not values:
        return np.empty(0)
    ordered = values[:1]
    found = values[:1]
    insort = bisect.insort
    for i in range(1, (len(values) + 1) // 2):  # plain lists and floats: numpy's per-item access costs more here
        insort(ordered, values[2 * i - 1])
        insort(ordered, values[2 * i])
        found.append(ordered[i])
    return np.array(found, dtype=float)


def prefix_medians(y: np.ndarray, start: int, stop: int) -> np.ndarray:
    """``median(y[:i])`` for every ``i`` in ``range(start, stop)`` (``start >= 1``): one sorted list that
    grows with the prefix instead of a median call per prefix, with ``np.median``'s numbers (an even
    count's median is the mean of the middle two; a prefix with a NaN has a NaN median)."""
    out = np.empty(max(stop - start, 0))
    if not out.size:
        return out
    nan = np.isnan(y[: stop - 1])
    first_nan = int(np.argmax(nan)) if nan.any() else stop
    values = y[: stop - 1].tolist()
    ordered = sorted(values[: start - 1])
    found: list[float] = []
    insort = bisect.insort
    for i in range(start, min(stop, first_nan + 1)):  # a prefix past the first NaN: NaN
        insort(ordered, values[i - 1])
        mid = i // 2
        found.append(ordered[mid] if i % 2 else (ordered[mid - 1] + ordered[mid]) / 2)
    out[: len(found)] = found
    out[len(found) :] = np.nan
    return out


def step_spans(steps: np.ndarray) -> np.ndarray:
    """The steps each of a sorted series' points stands for: from halfway to the point before it to halfway to the
    one after it; the first and last points the whole gap to their one neighbour (a series that stops, a run that
    blew up to NaN, does not stand for the steps after it)."""
    if steps.size < 2:
        return np.ones(steps.size)
    gaps = np.diff(steps)
    return np.asarray(np.r_[gaps[0], (gaps[:-1] + gaps[1:]) / 2, gaps[-1]], dtype=float)


def evenly_spaced(steps: np.ndarray) -> bool:
    """Whether a sorted series' steps rise with no gap ``UNEVEN_SPANS`` times another: then every subset of its
    ``step_spans`` is even too (each span lies between the smallest and the largest gap), and a step-weighted
    median is the plain one, without the spans of a long log's every point."""
    if steps.size < 2:
        return True
    low, high = gap_range(steps)
    return bool(low > 0 and high <= UNEVEN_SPANS * low)


def gap_range(steps: np.ndarray) -> tuple[float, float]:
    """The smallest and the largest gap between consecutive values of a series of 2 or more, taken ``GAP_SLAB`` at a
    time into one buffer (a 10M-step log's ``np.diff`` is 80 MB of fresh memory, whose first touch costs more than the
    subtraction)."""
    low, high = np.inf, -np.inf
    gaps = np.empty(min(GAP_SLAB, steps.size - 1), dtype=np.result_type(steps.dtype, np.int64))
    for start in range(0, steps.size - 1, GAP_SLAB):
        stop = min(start + GAP_SLAB, steps.size - 1)
        part = gaps[: stop - start]
        np.subtract(steps[start + 1 : stop + 1], steps[start:stop], out=part)
        low, high = float(np.minimum(low, part.min())), float(np.maximum(high, part.max()))  # a NaN gap carries on
    return low, high


def step_weighted_median(values: np.ndarray, spans: np.ndarray) -> float:
    """The median of ``values`` over the steps they stand for (``spans``); ``np.median`` itself when the points are
    about evenly spaced (no span ``UNEVEN_SPANS`` times another), so an evenly logged series reads as before."""
    positive = spans[spans > 0]
    if not positive.size or float(positive.max()) <= UNEVEN_SPANS * float(positive.min()):
        return median_of(values)
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(np.maximum(spans[order], 0.0))
    return float(values[order][int(np.searchsorted(cumulative, cumulative[-1] / 2))])


def positive_logs(steps: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The steps and log10 of the positive ``values`` (zeros and negatives left out; no copy of the steps
    when every value is positive, as in the usual log)."""
    keep = values > 0
    if keep.all():
        return steps, np.log10(values)
    return steps[keep], np.log10(values[keep])


def rises_again(lr: np.ndarray) -> bool:
    """Whether some value stands ``STEADY_LR_RATIO`` times above the lowest one before it (a warm restart, a cycle):
    read block by block with the running minimum carried over (``CHANGE_BLOCK`` values at a time, no full-length
    temporaries), stopping at the first rise."""
    lowest = np.inf
    for start in range(0, lr.size, CHANGE_BLOCK):
        block = lr[start : start + CHANGE_BLOCK]
        running = np.minimum(np.minimum.accumulate(block), lowest)  # NaN carries on, as in one accumulate
        before = np.concatenate(([lowest], running[:-1]))
        with np.errstate(over="ignore", invalid="ignore"):  # an lr near the float limit: its multiple is inf
            if (block > STEADY_LR_RATIO * before).any():
                return True
        lowest = float(running[-1])
    return False


def moved_by_net(prev: np.ndarray, cur: np.ndarray) -> np.ndarray:
    """Positions where one value is ``CHANGE_NET`` times the other or more, either way (NaN compares False)."""
    with np.errstate(over="ignore", invalid="ignore"):
        return np.flatnonzero((prev >= CHANGE_NET * cur) | (cur >= CHANGE_NET * prev))


def change_candidates(lr: np.ndarray) -> np.ndarray:
    """``moved_by_net`` over consecutive values (the index of the first of each pair), read block by block on a long
    series: a block whose largest value is under ``CHANGE_NET`` times its smallest holds no such pair, so only the
    blocks that move that much (a schedule's cuts, a ramp's start) and the pairs across blocks are tested (the same
    positions, without four full-length temporaries over a 10M-row log's every lr)."""
    size = CHANGE_BLOCK
    if lr.size < 2 * size:
        return moved_by_net(lr[:-1], lr[1:])
    full = lr.size // size * size
    blocks = lr[:full].reshape(-1, size)
    with np.errstate(over="ignore", invalid="ignore"):
        moving = np.flatnonzero(np.fmax.reduce(blocks, axis=1) >= CHANGE_NET * np.fmin.reduce(blocks, axis=1))
    found = [moved_by_net(lr[k * size : (k + 1) * size - 1], lr[k * size + 1 : (k + 1) * size]) + k * size for k in moving]
    across = np.arange(size - 1, full - 1, size)  # the last of a block and the first of the next
    found.append(across[moved_by_net(lr[across], lr[across + 1])])
    found.append(moved_by_net(lr[full - 1 : -1], lr[full:]) + full - 1)  # into and within the tail
    return np.unique(np.concatenate(found))


def rows_of(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``values[rows]`` for sorted row positions; ``values`` itself when they are all of its rows (no copy of a
    long log's column: the usual log has no evaluation-only rows and a finite loss throughout)."""
    if rows.size == values.size:
        return values
    return np.asarray(values[rows])


def event_steps(run: RunFrame, pattern: str) -> np.ndarray:
    """Steps of the rows whose ``event`` text matches ``pattern`` (a regular expression), looking only
    at the rows that hold an event at all (a healthy run has none)."""
    text = run.values("event")
    rows = np.flatnonzero(text != "") if text.dtype == object else np.flatnonzero(pd.notna(text))
    if not rows.size:
        return np.array([], dtype=np.int64)
    hits = pd.Series(text[rows]).astype(str).str.contains(pattern, na=False).to_numpy()
    return np.asarray(run.values("step")[rows[hits]])


def any_logged(run: RunFrame, columns: list[str]) -> np.ndarray:
    """Mask of the rows where at least one of ``columns`` holds a value (``notna().any(axis=1)``,
    column by column: no copy of the table)."""
    logged = np.zeros(len(run.df), bool)
    for column in columns:
        values = run.values(column)
        logged |= ~np.isnan(values) if values.dtype == np.float64 else pd.notna(values)
    return logged


def carried(values: np.ndarray) -> np.ndarray:
    """A series with each missing value (NaN) replaced by the last value before it, and those before the
    first value by that first value (``ffill().bfill()``); all NaN stays all NaN."""
    logged = ~np.isnan(values)
    if logged.all() or not logged.any():
        return values
    last = np.maximum.accumulate(np.where(logged, np.arange(values.size), 0))
    last[: int(np.argmax(logged))] = np.argmax(logged)
    return np.asarray(values[last])


def trailing_window(points: int) -> int:
    """Values in the window of ``trailing_level`` for a series of ``points``: a twentieth of them, 10 to 500."""
    return int(np.clip(points // 20, 10, 500))


def trailing_level(g: np.ndarray, whole: np.ndarray | None = None) -> np.ndarray:
    """Each value's running level: the median of the ``trailing_window`` values before it; NaN with too little
    history. ``whole``: ``full_window_medians(g, trailing_window(g.size))`` when already known."""
    window = trailing_window(g.size)
    level = np.full(g.size, np.nan)
    level[1:] = running_median(g[:-1], window, window - 1, max(3, window // 2), whole)
    return level


def bucket_size(rows: int) -> int:
    """Rows a bucket of the reduced series holds: 1 up to ``MAX_POINTS`` rows, then enough for ``MAX_POINTS`` buckets."""
    return int(np.ceil(rows / MAX_POINTS)) if rows > MAX_POINTS else 1


def bucket_reduce(x: np.ndarray, y: np.ndarray, size: int, peaks: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Medians of ``x`` and ``y`` and the ``PEAK_QUANTILE`` of ``y`` over consecutive buckets of ``size`` points
    (``peaks=False``: the medians of ``y`` again in its place, for a caller that reads no peaks). ``x`` may be
    integers (steps): its medians are floats either way, and only they are converted."""
    if size <= 1:
        return np.asarray(x, dtype=float), y, y
    n_full = (x.size // size) * size
    xs = [sorted_medians(x[:n_full].reshape(-1, size))]
    if peaks:
        middle, top = medians_and_peaks(y[:n_full].reshape(-1, size))
        ys, tops = [middle], [top]
    else:
        ys, tops = [np.median(y[:n_full].reshape(-1, size), axis=1)], []
    if n_full < x.size:
        xs.append(np.array([median_of(x[n_full:])]))
        ys.append(np.array([median_of(y[n_full:])]))
        if peaks:
            tops.append(np.array([np.quantile(y[n_full:], PEAK_QUANTILE)]))
    medians = np.concatenate(ys)
    return np.concatenate(xs), medians, np.concatenate(tops) if peaks else medians


SORT_SLAB_VALUES = 1 << 20
"""``medians_and_peaks`` sorts its buckets this many values at a time (8 MB of float64), in one buffer."""


def medians_and_peaks(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.median(rows, axis=1)`` and ``np.quantile(rows, PEAK_QUANTILE, axis=1)`` (the same numbers, numpy's
    linear interpolation) from one sort of each row, not two partitions: a 1,000,000-row series is two such passes, and
    numpy's vectorised sort of short rows is 5-10x faster than a partition at four positions (the order statistics are
    the same values either way)."""
    size = rows.shape[1]
    if size < 2 or not np.isfinite(rows).all():
        return np.median(rows, axis=1), np.quantile(rows, PEAK_QUANTILE, axis=1)
    mid = size // 2
    index = (size - 1) * PEAK_QUANTILE
    below = int(np.floor(index))
    above = min(below + 1, size - 1)
    picks = sorted({mid - 1, mid, below, above})  # size >= 2: mid - 1 >= 0
    taken = np.empty((rows.shape[0], len(picks)), dtype=rows.dtype)
    # the buckets sorted a slab at a time in one reused buffer: a sorted copy of a 10M-value series is 80 MB of fresh
    # memory whose first touch costs more than the sort (0.13 s of page faults against 0.03 s of sorting)
    per_slab = max(1, SORT_SLAB_VALUES // size)
    buffer = np.empty((min(per_slab, rows.shape[0]), size), dtype=rows.dtype)
    for start in range(0, rows.shape[0], per_slab):
        slab = rows[start : start + per_slab]
        work = buffer[: slab.shape[0]]
        work[...] = slab
        work.sort(axis=1)
        taken[start : start + slab.shape[0]] = work[:, picks]
    ordered = dict(zip(picks, taken.T))
    middle = ordered[mid].astype(np.float64) if size % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    gamma = index - below
    low, high = ordered[below], ordered[above]
    step = high - low
    top = low + step * gamma if gamma < 0.5 else high - step * (1 - gamma)
    return middle, top


def sorted_medians(rows: np.ndarray) -> np.ndarray:
    """``np.median(rows, axis=1)``; when ``rows`` is sorted (steps are) its middle elements, without
    partitioning every row (the same numbers: an even count's median is the mean of the middle two)."""
    flat = rows.reshape(-1)
    if rows.shape[1] < 2 or not np.isfinite(flat).all() or (flat[1:] < flat[:-1]).any():
        return np.asarray(np.median(rows, axis=1))
    mid = rows.shape[1] // 2
    if rows.shape[1] % 2:
        return rows[:, mid].astype(np.float64)
    return np.asarray(np.mean(rows[:, mid - 1 : mid + 1], axis=1))


def true_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Each stretch of consecutive True values of ``mask`` as ``(first, stop)``: ``mask[first:stop]``."""
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist()))


def tie_term(values: np.ndarray) -> float:
    """Sum of t(t-1)(2t+5) over groups of t tied values (Kendall's variance correction)."""
    _, counts = np.unique(values, return_counts=True)
    t = counts[counts > 1].astype(float)
    return float(np.sum(t * (t - 1) * (2 * t + 5)))


@lru_cache(maxsize=64)
def below_diagonal(n: int) -> np.ndarray:
    """Mask of the positions ``i > j`` of an ``n`` x ``n`` matrix (picked row by row, as ``dx > 0`` picks
    them when x rises), made once for each of the few sizes the trends use."""
    return np.tri(n, k=-1, dtype=bool)


def theil_sen(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Theil–Sen slope and its 95% interval, on at most ``TREND_POINTS`` points (bucket medians beyond).

    The estimator and the interval (from the variance of Kendall's tau, with ties corrected) are
    those of ``scipy.stats.theilslopes``, computed here in numpy: importing scipy.stats costs about a
    second, more than the whole analysis of most logs. ``tests/test_signals.py`` checks they agree.
    """
    if x.size > TREND_POINTS:
        size = int(np.ceil(x.size / TREND_POINTS))
        x, y, _ = bucket_reduce(x, y, size, peaks=False)
    if x.size < 3 or np.ptp(x) == 0:
        return 0.0, -np.inf, np.inf
    increasing = bool((x[1:] > x[:-1]).all())  # steps: the pairs i > j are those that rise, and x has no ties
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # near the float limit: inf (or nan) slopes
        if increasing:  # every pair's slope, kept below the diagonal: fewer operations than selecting dx and dy
            slopes = ((y[:, None] - y[None, :]) / (x[:, None] - x[None, :]))[below_diagonal(x.size)]
        else:
            dx = x[:, None] - x[None, :]
            dy = y[:, None] - y[None, :]
            rising = dx > 0
            slopes = dy[rising] / dx[rising]
    n, nt = y.size, slopes.size
    sigma = math.sqrt((n * (n - 1) * (2 * n + 5) - (0.0 if increasing else tie_term(x)) - tie_term(y)) / 18.0)
    low = max(int(np.round((nt - Z_95 * sigma) / 2.0)) - 1, 0)
    high = min(int(np.round((nt + Z_95 * sigma) / 2.0)), nt - 1)
    middle = sorted({(nt - 1) // 2, nt // 2})
    found = order_statistics(slopes, [*middle, low, high])  # the order statistics needed, not a whole sort
    return float(np.mean(found[: len(middle)])), float(found[-2]), float(found[-1])


class Signals:
    """The shared, lazily computed view of one run that every check reads."""

    def __init__(self, run: RunFrame, meta: dict[str, Any] | None = None,
                 params_of: Callable[[str], Any] | None = None) -> None:
        self.run = run
        self.df = run.df
        self.meta: dict[str, Any] = {**run.meta, **(meta or {})}
        self._params_of = params_of
        self._params: dict[str, Any] = {}
        self._shared: dict[Any, tuple[Any, Exception | None]] = {}

    def shared(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()``, once per run for ``key``: a rule's reading that other rules consult (dead-units' findings,
        which lr-too-high and missing-warmup read too). An exception it raised (a NotApplicable) is raised again."""
        if key not in self._shared:
            try:
                self._shared[key] = (compute(), None)
            except Exception as e:  # noqa: BLE001 - kept and raised again on every call, as compute() would
                self._shared[key] = (None, e)
        value, error = self._shared[key]
        if error is not None:
            raise error
        return value

    def rule_params(self, rule: str) -> Any:
        """A rule's thresholds as configured for this analysis (catalogue defaults unless the engine
        says otherwise): a check that reuses another rule's definition asks for that rule's."""
        if rule not in self._params:
            if self._params_of is not None:
                self._params[rule] = self._params_of(rule)
            else:
                from lrdoctor.catalogue import load_catalogue

                self._params[rule] = load_catalogue()[rule].params()
        return self._params[rule]

    # ---- rows -------------------------------------------------------------------------------
    @cached_property
    def train_rows(self) -> np.ndarray:
        """Row positions that carry training values (not evaluation-only rows); every row where the log wrote each
        non-finite loss it holds (``loss_logged_non_finite``), or where it wrote one of them (``loss_written_rows``)."""
        df = self.df
        if self.loss_logged_non_finite:
            return np.arange(len(df))
        names = self.run.names()
        train_cols = [c for c in TRAIN_COLUMNS if c in names]
        has_train = any_logged(self.run, train_cols)
        if has_train.all():  # every row trained (the usual log): the other columns cannot change that
            return np.arange(len(df))
        if self.loss_written_rows is not None:  # a loss the log wrote as NaN is a row that trained, whatever else it carries
            has_train = has_train | self.loss_written_rows
        if "event" in names:  # a log with an event column writes one on every row (empty where nothing happened)
            return np.flatnonzero(has_train)
        other_cols = [c for c in df.columns if c not in (*train_cols, "step", "epoch")]
        return np.flatnonzero(has_train | ~any_logged(self.run, other_cols))

    @cached_property
    def loss_logged_non_finite(self) -> bool:
        """Whether every non-finite value of the loss column is a NaN or inf the log wrote, none an empty cell, so that
        no row lacks a training loss (``io.base.LOSS_NON_FINITE_WRITTEN``, which the CSV reader sets on a log of one row
        per epoch, one whose loss holds no finite number, or one with a finite gradient norm where the loss is not). A
        Keras-style log whose loss and validation loss were NaN from the first epoch, its accuracies still logged, had
        passed as a log without a loss: its rows, carrying evaluation values, were read as evaluation rows."""
        from lrdoctor.io.base import LOSS_NON_FINITE_WRITTEN

        return self.meta.get(LOSS_NON_FINITE_WRITTEN) is True

    @cached_property
    def loss_written_rows(self) -> np.ndarray | None:
        """Mask over the log's rows whose loss cell a log of epochs wrote as NaN or inf while it left other loss cells
        empty (``io.base.LOSS_NON_FINITE_STEPS``, the steps of those cells); None on any other log."""
        from lrdoctor.io.base import LOSS_NON_FINITE_STEPS

        steps = self.meta.get(LOSS_NON_FINITE_STEPS)
        if not steps:
            return None
        return np.isin(np.asarray(self.run.values("step"), dtype=np.float64), np.asarray(steps, dtype=np.float64))

    @cached_property
    def loss_written_nan(self) -> np.ndarray:
        """Mask over train rows of the NaN losses that the log wrote as such (``loss_written_rows``): its loss was NaN
        there, though the row carries evaluation values. A Keras-style log whose loss turned NaN at its seventh epoch, an
        earlier epoch's loss cell left empty, had been read as a log whose loss was never non-finite."""
        if self.loss_written_rows is None:
            return np.zeros(self.train_rows.size, bool)
        return np.asarray(rows_of(self.loss_written_rows, self.train_rows) & np.isnan(self.raw_loss))

    @cached_property
    def eval_on_train_row(self) -> np.ndarray:
        """Mask over train rows that also carry evaluation values (a sparse log's eval rows may have
        an lr or grad norm but no training loss: that is "not logged", not NaN)."""
        eval_cols = [c for c in (*EVAL_COLUMNS, "train_acc") if c in self.df.columns]
        if not eval_cols:
            return np.zeros(self.train_rows.size, bool)
        return np.asarray(any_logged(self.run, eval_cols)[self.train_rows])

    @cached_property
    def all_steps(self) -> np.ndarray:
        return np.asarray(rows_of(self.run.values("step"), self.train_rows), dtype=np.int64)

    @cached_property
    def raw_loss(self) -> np.ndarray:
        return rows_of(np.asarray(self.run.values("loss"), dtype=float), self.train_rows)

    @cached_property
    def nonfinite_loss(self) -> np.ndarray:
        """Mask over train rows of losses that were really NaN/inf (not merely not logged there).

        A missing value counts as NaN only where the loss was logged densely before it (or no loss is
        finite from there on): in a log whose loss is sparse from the start, an empty cell just means
        "not logged on this row". A row that carries evaluation values is an eval row whose empty loss cell was not
        logged, unless the log wrote its missing losses as NaN (``loss_logged_non_finite``: then each counts,
        wherever it is). A NaN the log wrote (``loss_written_nan``) counts wherever it is.
        """
        y = self.raw_loss
        if self.loss_logged_non_finite:  # every one written as NaN or inf: each is one, wherever it is
            return np.asarray(~np.isfinite(y))
        inf = np.isinf(y) | self.loss_written_nan
        nan = np.isnan(y) & ~self.eval_on_train_row & ~inf
        if not nan.any():
            return np.asarray(inf)
        first = int(np.argmax(nan))
        before = y[:first]
        # A loss that never comes back after its first gap died there; a sparse log's loss does come back.
        # (three rows at least: a closing summary row without a loss is not a death).
        died_here = y.size - first >= 3 and not np.isfinite(y[first:]).any()
        dense = (first >= 2 and np.isfinite(before).mean() >= 0.9) or died_here or not np.isfinite(y).any()
        return np.asarray(inf | (nan & dense)) if dense else np.asarray(inf)

    @cached_property
    def died(self) -> bool:
        """The loss turned non-finite and never came back: later rules judge a broken run."""
        bad = self.nonfinite_loss  # rows whose loss counts (not eval-only rows) are these and the finite ones
        if not bad.any():
            return False
        last_bad = bad.size - 1 - int(np.argmax(bad[::-1]))
        return not self.finite.size or last_bad > int(self.finite[-1])

    @cached_property
    def finite(self) -> np.ndarray:
        return np.flatnonzero(np.isfinite(self.raw_loss))

    @cached_property
    def steps(self) -> np.ndarray:
        """Steps of the finite training losses."""
        return rows_of(self.all_steps, self.finite)

    def step_index(self, key: float, side: Literal["left", "right"] = "left") -> int:
        """``np.searchsorted(self.steps, key, side)`` for one key, searched with a whole key: among whole steps a
        key's ceiling (``left``) or floor (``right``) lands where the key does, and a float key would convert the
        whole int64 array on every search. Keys beyond the steps (inf, NaN: after every step) need no search."""
        if not self.n or not key <= self.steps[-1]:
            return self.n
        if key < self.steps[0]:
            return 0
        whole = math.floor(key) if side == "right" else math.ceil(key)
        return int(np.searchsorted(self.steps, whole, side=side))

    def step_positions(self, keys: np.ndarray, side: Literal["left", "right"] = "left") -> np.ndarray:
        """``step_index`` of every key at once (keys beyond the steps clipped to one step past them)."""
        k = np.asarray(keys, dtype=np.float64)
        if not self.n:
            return np.zeros(k.shape, np.int64)
        whole = np.floor(k) if side == "right" else np.ceil(k)
        past = float(self.steps[-1]) + 1
        whole = np.where(np.isnan(whole), past, np.clip(whole, float(self.steps[0]) - 1, past))
        return np.searchsorted(self.steps, whole.astype(np.int64), side=side)

    @cached_property
    def loss(self) -> np.ndarray:
        """Finite training losses, in their own units."""
        return rows_of(self.raw_loss, self.finite)

    @cached_property
    def log_scale(self) -> bool:
        """Whether the loss is analysed in log space (it is positive throughout)."""
        return bool(self.loss.size and self.loss.min() > 0)

    @cached_property
    def level(self) -> np.ndarray:
        """The loss as analysed: log(loss) when positive, else the loss itself."""
        return np.log(self.loss) if self.log_scale else self.loss

    @property
    def n(self) -> int:
        return int(self.loss.size)

    @cached_property
    def first_step(self) -> int:
        return int(self.run.values("step")[0])

    @cached_property
    def last_step(self) -> int:
        return int(self.run.values("step")[-1])

    @cached_property
    def span_steps(self) -> int:
        return max(1, int(self.steps[-1] - self.steps[0])) if self.n else 1

    @cached_property
    def step_interval(self) -> float:
        """Median number of steps between logged training losses."""
        if self.n < 2:
            return 1.0
        smallest, largest = gap_range(self.steps)
        return smallest if smallest == largest else median_of(np.diff(self.steps))  # evenly logged: no partition

    @cached_property
    def min_window_steps(self) -> int:
        """The shortest window a trend is measured over: 8 logged points."""
        return int(8 * self.step_interval)

    # ---- the reduced series ---------------------------------------------------------------
    @cached_property
    def _reduced(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return bucket_reduce(self.steps, self.level, bucket_size(self.n))

    @property
    def bucketed(self) -> bool:
        """Whether the loss is read as buckets of several rows (a log longer than ``MAX_POINTS``)."""
        return bucket_size(self.n) > 1

    @property
    def ts(self) -> np.ndarray:
        """Steps of the reduced series (at most MAX_POINTS)."""
        return self._reduced[0]

    @property
    def ys(self) -> np.ndarray:
        """Level of the reduced series (bucket medians)."""
        return self._reduced[1]

    @cached_property
    def smooth_points(self) -> int:
        """Window of the robust smoother, in points of the reduced series."""
        return int(np.clip(self.ys.size // 25, 5, 301)) | 1

    @cached_property
    def smooth(self) -> np.ndarray:
        """Robustly smoothed level (rolling median)."""
        return rolling_median(self.ys, self.smooth_points)

    @cached_property
    def noise(self) -> float:
        """Point-to-point noise of the level (robust); floors at a tiny share of its spread."""
        value = robust_noise(self.ys)
        with np.errstate(over="ignore"):  # a range beyond the float limit is inf
            scale = float(np.ptp(self.ys)) if self.ys.size else 0.0
        if scale == 0.0:  # a flat series: its own level sets the scale
            scale = abs(median_of(self.ys)) if self.ys.size else 0.0
        floor = NOISE_FLOOR_FRAC * (scale or 1.0)
        return max(value, floor) if np.isfinite(value) else floor

    def median_error(self, points: int) -> float:
        """Standard error of the median of ``points`` of the loss's points (a median's standard error is sqrt(pi/2)
        times a mean's); for fewer than two, one point's: ``noise`` (the median of one point is that point)."""
        if points < 2:
            return self.noise
        return float(MEDIAN_EFFICIENCY * self.noise / np.sqrt(points))

    @cached_property
    def smooth_noise(self) -> float:
        """Standard error of a point of the smoothed level: the noise over the smoother's window."""
        return self.median_error(self.smooth_points)

    def smooth_noise_at(self, i: int) -> float:
        """Standard error of the smoothed level at position ``i``: ``smooth_noise`` inside the run; near its ends the
        smoother's window shrinks symmetrically (``rolling_median``), so the first and last points are medians of fewer
        points, the very first and last a single point of the series (one logged loss, or a bucket's median, or an
        epoch's mean), as noisy as any (``noise``). On a run shorter than the window, pandas' uneven windows take more
        points than this counts: the noise is overstated there, the cautious side."""
        support = min(self.smooth_points, 2 * min(i, self.ys.size - 1 - i) + 1)
        return self.median_error(support)

    @cached_property
    def local_noise(self) -> np.ndarray:
        """Noise around the smoothed level, point by point (rolling MAD of the residuals)."""
        resid = np.abs(self.ys - self.smooth)
        window = max(4 * self.smooth_points, 21) | 1
        scale = rolling_median(resid, window) * 1.4826
        return np.maximum(scale, 0.25 * self.noise)

    @cached_property
    def _peak_height(self) -> np.ndarray:
        """How far each point stands above the local level; on a bucketed run, how far each bucket's peak stands
        above the level of the peaks around it (a peak is always above its own bucket's median)."""
        peaks = self._reduced[2]
        if not self.bucketed:
            return np.asarray(peaks - self.smooth)
        return np.asarray(peaks - rolling_median(peaks, self.smooth_points))

    @cached_property
    def spike_z(self) -> np.ndarray:
        """``_peak_height`` in local-noise units (of the points, or on a bucketed run of the peaks)."""
        height = self._peak_height
        if self.bucketed:
            window = max(4 * self.smooth_points, 21) | 1
            noise = np.maximum(rolling_median(np.abs(height), window) * MAD_TO_SIGMA, 0.25 * self.peak_noise)
        else:
            noise = self.local_noise
        with np.errstate(divide="ignore", invalid="ignore"):  # no noise at all (one point, a flat loss): a point above
            return np.asarray(height / noise)  # it is infinitely far (inf), one on it nowhere (0/0: NaN, no spike)

    @cached_property
    def peak_noise(self) -> float:
        """Point-to-point noise of the buckets' peaks (robust), at least the level's noise."""
        value = robust_noise(self._reduced[2])
        return max(value, self.noise) if np.isfinite(value) else self.noise

    def spikes(self, min_z: float, min_height: float) -> list[Spike]:
        """Runs of consecutive points at least ``min_z`` local-noise units and ``min_height`` level
        units above the smoothed level, as one spike each (buckets' peaks on a bucketed run)."""
        height = self._peak_height
        hot = (self.spike_z >= min_z) & (height >= min_height)
        if not hot.any():
            return []
        idx = np.flatnonzero(hot)
        groups = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
        return [
            Spike(
                step=int(self.ts[g[0]]),
                step_end=int(self.ts[g[-1]]),
                height=float(height[g].max()),
                z=float(self.spike_z[g].max()),
            )
            for g in groups
        ]

    @cached_property
    def initial_level(self) -> float:
        """Median level of the first 2% of the run (at least 3 points)."""
        return median_of(self.ys[: max(3, self.ys.size // 50)]) if self.ys.size else float("nan")

    @cached_property
    def start_level(self) -> float:
        """Where the loss started: ``initial_level``, or the first logged loss when that stands more than
        ``START_NOISES`` noise units above it (a fall faster than the logging: every 5th step of a loss
        that halves in 5 steps)."""
        first = float(self.level[0]) if self.level.size else float("nan")  # the logged row, not its bucket's median
        return first if first > self.initial_level + START_NOISES * self.noise else self.initial_level

    @cached_property
    def descent(self) -> float:
        """How far the smoothed level fell from its start to its lowest point (>= 0)."""
        return max(self.initial_level - float(self.smooth.min()), 0.0) if self.ys.size else 0.0

    @cached_property
    def update_band(self) -> tuple[float, float]:
        """The usual range of the update-to-weight ratio at full lr for this optimizer family."""
        return update_band(self.optimizer_family)

    @cached_property
    def healthy_ratio(self) -> float:
        """Where a healthy run of this optimizer sits in its family's band (``optim.healthy_target``, Adagrad higher)."""
        return healthy_target(self.optimizer_family, str(self.meta.get("optimizer") or "") or None)

    @cached_property
    def update_ratio_median(self) -> float:
        """Median update-to-weight ratio where the lr is at least half its peak (NaN if not logged), over the steps:
        on a log whose cadence changes (the recorder's budget takes the first 50 steps densely, then every Nth) each
        ratio counts for the steps around it (``step_weighted_median``)."""
        return self.update_ratio_median_since(-np.inf)

    @cached_property
    def update_ratio_late(self) -> float:
        """``update_ratio_median`` over the last ``LATE_RATIO_SHARE`` of the run's steps (NaN with fewer than 5 ratios
        there): the size of the steps the run ended with, which an lr raise scales."""
        return self.update_ratio_median_since(self.last_step - LATE_RATIO_SHARE * (self.last_step - self.first_step))

    def update_ratio_median_since(self, since: float) -> float:
        """``update_ratio_median`` over the steps from ``since`` on (NaN with fewer than 5 ratios there)."""
        steps, log_u = self.update_ratio
        keep = None if since == -np.inf else steps >= since  # the whole run: no mask over a long log's every ratio
        if (log_u.size if keep is None else int(keep.sum())) < MIN_RATIOS:
            return float("nan")
        spans = None if evenly_spaced(steps) else step_spans(steps.astype(float))
        if self.has_lr:
            values = np.asarray(self.run.values("lr"), dtype=float)
            logged = np.isfinite(values)
            if logged.all():  # the usual log: the lr on every row, so at each update ratio's own
                lr = values
                # a ratio on every row too: the rows are all of them (no index array over a long log's every row)
                lr_at = lr if log_u.size == lr.size else rows_of(lr, self.update_ratio_rows)
            else:  # column("lr"); the lr at each update ratio's step is the last one logged at or before it
                lr = values[logged]
                lr_at = lr[np.clip(np.cumsum(logged)[self.update_ratio_rows] - 1, 0, max(lr.size - 1, 0))]
            full = lr_at >= FULL_LR_FRAC * np.nanmax(lr) if lr.size else np.ones(steps.size, bool)
            both = full if keep is None else full & keep
            if both.sum() >= MIN_RATIOS:
                keep = both
        if keep is not None:
            log_u = log_u[keep]  # a copy of its own: the median may partition it in place
            spans = None if spans is None else spans[keep]
        middle = np.median(log_u, overwrite_input=keep is not None) if spans is None else step_weighted_median(log_u, spans)
        return float(10 ** middle)

    def level_at(self, step: float) -> float:
        """Smoothed level at a step (nearest point)."""
        i = int(np.clip(np.searchsorted(self.ts, step), 0, self.ts.size - 1))
        return float(self.smooth[i])

    def window(self, start: float, end: float) -> np.ndarray:
        """Positions of the reduced series with start <= step < end."""
        return np.arange(np.searchsorted(self.ts, start), np.searchsorted(self.ts, end))

    def loss_trend(self, start: float, end: float, linear: bool = False) -> Trend:
        """Theil–Sen trend of the level (or, ``linear``, of the loss in its own units) between two steps."""
        idx = self.window(start, end)
        if idx.size < 3:
            return Trend(0.0, -np.inf, np.inf, int(idx.size), np.nan, np.nan)
        y = np.exp(self.ys[idx]) if linear and self.log_scale else self.ys[idx]
        slope, low, high = theil_sen(self.ts[idx], y)
        return Trend(
            rate=-slope,
            low=-high,
            high=-low,
            points=int(idx.size),
            start_level=median_of(y[: max(3, idx.size // 5)]),
            end_level=median_of(y[-max(3, idx.size // 5) :]),
        )

    def to_loss(self, level: float) -> float:
        """A level back in the loss's own units."""
        return float(np.exp(level)) if self.log_scale else float(level)

    # ---- learning rate ----------------------------------------------------------------------
    @cached_property
    def has_lr(self) -> bool:
        return self.run.has("lr")

    @cached_property
    def lr(self) -> np.ndarray:
        """Learning rate of group 0 at each finite-loss row (carried forward between logged values)."""
        if not self.has_lr:
            return np.full(self.n, np.nan)
        lr = carried(np.asarray(self.run.values("lr"), dtype=float))
        return rows_of(rows_of(lr, self.train_rows), self.finite)

    @cached_property
    def lr_max(self) -> float:
        return float(np.nanmax(self.lr)) if self.has_lr and np.isfinite(self.lr).any() else float("nan")

    def lr_at(self, step: float) -> float:
        i = int(np.clip(self.step_index(step, "right") - 1, 0, self.n - 1))
        return float(self.lr[i])

    def lrs_at(self, steps: np.ndarray) -> np.ndarray:
        """``lr_at`` of every step in ``steps``, at once."""
        return np.asarray(self.lr[np.clip(self.step_positions(steps, "right") - 1, 0, self.n - 1)])

    def lr_since(self, step: float) -> np.ndarray:
        """The lr at every finite-loss row from ``step`` on."""
        return np.asarray(self.lr[self.step_index(step) :])

    def lr_steady_since(self, step: float) -> bool:
        """Whether the lr stayed within ``STEADY_LR_RATIO`` of itself from ``step`` to the end (no lr
        logged: taken as steady)."""
        if not self.has_lr:
            return True
        lr = self.lr_since(step)
        return bool(lr.size) and float(lr.max()) <= STEADY_LR_RATIO * float(lr.min())

    def at_full_lr(self, lr: float) -> bool:
        """Whether ``lr`` is at least ``FULL_LR_FRAC`` of the run's peak (no lr logged: yes)."""
        return not self.has_lr or not lr < FULL_LR_FRAC * self.lr_max

    def lr_growth_cause(self, step: float) -> str | None:
        """'<the schedule> grew it from a to b' when the lr at ``step`` is ``LR_GROWTH_FACTOR`` times its
        start or more and at (about) its highest so far: a warmup, or a schedule that keeps growing (an
        ExponentialLR with gamma > 1) named from the sidecar when it says; None otherwise."""
        if not self.has_lr:
            return None
        lr = self.lr[self.steps <= step]
        lr = lr[np.isfinite(lr) & (lr > 0)]
        with np.errstate(over="ignore"):  # an lr near the float limit: its multiple is inf
            flat = lr.size < 2 or lr[-1] < LR_GROWTH_FACTOR * lr[0] or lr[-1] * STEADY_LR_RATIO < lr.max()
        if flat:
            return None
        scheduler = scheduler_text(self.meta)
        name = f"the schedule {scheduler}" if scheduler else "the lr schedule"
        return f"{name} grew it from {lr[0]:.2g} to {lr[-1]:.2g}"

    def lr_near_zero(self, lr: float) -> bool:
        """Whether ``lr`` is below ``NEAR_ZERO_LR_FRAC`` of the run's peak (no lr logged: no)."""
        return self.has_lr and lr < NEAR_ZERO_LR_FRAC * self.lr_max

    @cached_property
    def lr_changes(self) -> list[LrChange]:
        """Abrupt changes of the lr by 1.5x or more between consecutive logged rows, after a stretch
        where it was steady (a step schedule or a plateau cut; not the glide of cosine or a ramp)."""
        if not self.has_lr or self.n < 3:
            return []
        lr = self.lr
        prev_all, cur_all = lr[:-1], lr[1:]
        candidates = change_candidates(lr)  # candidates first (a wider net, no division), then exact
        prev, cur = prev_all[candidates], cur_all[candidates]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # a ratio beyond the float range is inf
            ratio = np.where((prev > 0) & (cur > 0), prev / cur, np.nan)
        changes: list[LrChange] = []
        for k in np.flatnonzero((ratio >= 1.5) | (ratio <= 1 / 1.5)):
            j = int(candidates[k])
            i = j + 1
            lo = max(0, j - 4)
            before = lr[lo : j + 1]
            with np.errstate(over="ignore", invalid="ignore"):  # lrs near the float limit: inf / inf is NaN, no glide
                gliding = before.size >= 2 and before.max() / max(before.min(), 1e-300) > 1.2
            if gliding:
                continue  # the lr was already gliding: part of a smooth schedule
            changes.append(
                LrChange(
                    step=int(self.steps[i]),
                    step_before=int(self.steps[j]),
                    factor=float(ratio[k]),
                    lr_before=float(prev[k]),
                    lr_after=float(cur[k]),
                )
            )
        return changes

    @cached_property
    def lr_cuts(self) -> list[LrChange]:
        return [c for c in self.lr_changes if c.factor > 1]

    def lr_decay_over(self, window: float, level: float = FULL_LR_FRAC) -> LrChange | None:
        """A continuous decay (a per-step exponential, a short cosine) read as one cut: where the lr first
        falls to ``level`` of its peak (half, by default) after the peak, for good, with the factor it
        fell by from ``window`` steps before that point to ``window`` steps after it; None when the lr
        never gets that low, comes back up later (restarts, cycles), or an abrupt cut does it."""
        if not self.has_lr or self.n < 3 or not np.isfinite(self.lr_max) or self.lr_max <= 0:
            return None
        peak = int(np.argmax(self.lr >= self.lr_max / STEADY_LR_RATIO))
        below = self.lr[peak:] <= level * self.lr_max
        if not below.any():
            return None
        i = peak + int(np.argmax(below))
        step = int(self.steps[i])
        if any(abs(c.step - step) <= window for c in self.lr_cuts):
            return None  # an abrupt cut: lr_cuts has it
        if rises_again(self.lr[i:]):
            return None  # the lr rises again later (a warm restart, a cycle): a decay within a cycle is by design
        lr_before, lr_after = self.lr_at(step - window), self.lr_at(step + window)
        if lr_after <= 0:
            return None
        return LrChange(step=step, step_before=int(self.steps[max(i - 1, 0)]), factor=lr_before / lr_after,
                        lr_before=lr_before, lr_after=lr_after)

    @cached_property
    def lr_rising(self) -> np.ndarray:
        """Mask over finite-loss rows where the lr is higher than some while before (ramps, restarts,
        cycles), so a loss bump there is the schedule's doing."""
        if not self.has_lr:
            return np.zeros(self.n, bool)
        lr = self.lr
        lag = max(1, int(round(self.smooth_points * max(self.n / max(self.ys.size, 1), 1))))
        earlier = np.concatenate([np.full(min(lag, lr.size), lr[0]), lr[:-lag]]) if lr.size > lag else np.full(lr.size, lr[0])
        rolling_min = trailing_min(lr, lag + 1)
        with np.errstate(over="ignore"):  # an lr near the float limit: its 1.05x is inf, and not exceeded
            return np.asarray((lr > earlier * 1.05) | (lr > rolling_min * 1.3))

    def lr_rising_between(self, start: float, end: float) -> bool:
        lo, hi = self.step_index(start), self.step_index(end, "right")
        return bool(self.lr_rising[lo:hi].any())

    def schedule_explains(self, step: float) -> bool:
        """Whether an lr increase (warmup, restart, cycle) or an optimizer reset happened just before
        ``step``: a jump there is the schedule's or the reset's doing, not a problem of its own."""
        lookback = max(3 * self.step_interval, 0.01 * self.span_steps)
        if self.has_lr and self.lr_rising_between(step - lookback, step):
            return True
        return any(step - lookback <= r.step <= step for r in self.resets)

    @cached_property
    def lr_reduced(self) -> np.ndarray:
        """The lr at each point of the reduced series (carried over from the nearest logged row before)."""
        if not self.has_lr:
            return np.full(self.ts.size, np.nan)
        i = np.clip(self.step_positions(self.ts, "right") - 1, 0, max(self.n - 1, 0))
        return np.asarray(self.lr[i])

    @cached_property
    def lr_ramps(self) -> list[Ramp]:
        """Stretches of the reduced series where the lr rose by ``RAMP_FACTOR`` or more without falling,
        over ``RAMP_POINTS`` points or more: warmups, the rising halves of cycles, growing schedules."""
        lr = self.lr_reduced
        if not self.has_lr or lr.size < RAMP_POINTS or not np.isfinite(lr).all():
            return []
        ramps: list[Ramp] = []
        with np.errstate(over="ignore"):  # lrs of opposite signs near the float limit: their difference is +-inf
            rising = np.diff(lr) >= 0
        for start, end in true_runs(rising):  # positions: lr[start] .. lr[end] non-decreasing
            rises = np.flatnonzero(lr[start + 1 : end + 1] > lr[start:end]) + start + 1
            if rises.size:
                end = int(rises[-1])  # the ramp ends where the lr last went up
            with np.errstate(over="ignore"):  # an lr near the float limit: its multiple is inf
                grew = bool(lr[end] >= RAMP_FACTOR * lr[start])
            if end - start + 1 >= RAMP_POINTS and lr[start] > 0 and grew:
                near_top = lr[end:] >= lr[end] / STEADY_LR_RATIO
                hold = end + (int(np.argmin(near_top)) - 1 if not near_top.all() else near_top.size - 1)
                ramps.append(Ramp(start, end, float(lr[start]), float(lr[end]), hold))
        return ramps

    @cached_property
    def first_update_ratio(self) -> float:
        """The first update ratio logged at full lr, in the first ``START_SHARE`` of the run (NaN if
        none): the size of a full step before the steps could change the weights' scale. An adaptive
        optimizer's first step moves every weight by the whole lr, so compare it with the first-step band."""
        steps, log_u = self.update_ratio
        last = int(np.floor(self.first_step + START_SHARE * self.span_steps))  # an integer key: no float copy of the steps
        early = int(np.searchsorted(steps, last, side="right"))  # steps are sorted
        steps, log_u = steps[:early], log_u[:early]
        if not steps.size:
            return float("nan")
        lr = self.lrs_at(steps)
        full = ~(lr < FULL_LR_FRAC * self.lr_max) if self.has_lr else np.ones(steps.size, bool)  # at_full_lr
        if not full.any():
            return float("nan")
        return from_orders(float(log_u[int(np.argmax(full))]))

    @cached_property
    def adam_step_scale(self) -> float:
        """How many Adam first steps this run's first step is at the same lr: an adaptive optimizer's
        ``first_step_scale`` (RMSprop's first step is ten of them), 1 for any other optimizer."""
        if self.optimizer_family != "adaptive":
            return 1.0
        return first_step_scale(self.meta.get("optimizer"), self.meta.get("optimizer_params"))

    @cached_property
    def first_step_as_adam(self) -> float:
        """``first_update_ratio`` read as an Adam step would be at the same lr (over ``adam_step_scale``; NaN if none)."""
        return self.first_update_ratio / self.adam_step_scale

    @cached_property
    def first_step_beyond_band(self) -> bool:
        """Whether the first full-lr update, read as an Adam step (``first_step_as_adam``), moved the weights by more
        than the top of the optimizer family's first-step band: an lr that large has shown itself too large."""
        first = self.first_step_as_adam
        return bool(np.isfinite(first) and first > first_step_band(self.optimizer_family)[1])

    @cached_property
    def first_step_tamable(self) -> bool:
        """Whether the run's first step is one a warmup tames: the run starts at full lr under an Adam-family optimizer
        whose first step is an Adam step (bias-corrected: not RMSprop, whose first step is ten of its later ones; not
        RAdam, which warms itself up; Adagrad below), and that step moved the weights by more than the top of the
        family's usual band but by less than ``TAMABLE_STEP`` of their norm. Retrained with a warmup over 15% of the run
        at the same peak lr, 17 of 19 labelled runs of the fix-check halves with such a start, which lr-too-high read as
        thrown by the lr, ended better (a LeNet and a Koopman autoencoder ended worse with warmups of 59 and 74 steps
        and better with 60 and 75: that far above their best lr a warmup alone is a lottery; with the lower lr beside
        it, the recommendation, both trained). At Adam 1, first steps of 1.2-16 of the weights' norm, 19 of 29 such runs
        ended the same with that warmup and 4 worse: no warmup makes an lr that large right. RMSprop's starts are a
        lottery too: at RMSprop 0.03, first steps of 0.28-0.33 read as Adam's, a memory network retrained with that
        warmup 1.80 -> 0.023 and a TimesNet-like forecaster 0.161 -> 0.112, but a conditional neural process 0.84 ->
        12.0.

        Adagrad's steps shrink from the first, so its healthy lrs are far higher and its first step, about the lr for
        every weight, is about the weights' whole norm at its best lr (0.23-1.03 over the labelled healthy Adagrad runs
        of the fix-check halves): its tamable first steps run from ``TAMABLE_STEP`` to ``FIRST_STEP_MARGIN`` times it.
        An MMoE and a Burr XII MLP at Adagrad 0.5 (first steps 3.5 and 5.1) retrained with the warmup 0.857 -> 0.588
        and 2.72 -> 2.36 (fresh69, fresh71); its runs 30-100x above their best lr took first steps of 11-122."""
        name = str(self.meta.get("optimizer") or "").lower()
        if self.optimizer_family != "adaptive" or first_step_scale(name) != 1.0 or warms_itself(name):
            return False
        if not self.has_lr or self.n == 0 or not self.at_full_lr(float(self.lr[0])):
            return False
        first = self.first_step_as_adam
        if steps_shrink(name):
            return bool(np.isfinite(first) and TAMABLE_STEP <= first < FIRST_STEP_MARGIN * TAMABLE_STEP)
        return bool(np.isfinite(first) and self.update_band[1] <= first < TAMABLE_STEP)

    @cached_property
    def warmup_end_step(self) -> int | None:
        """Where an initial lr ramp reaches 90% of its first peak, if the run starts with one."""
        if not self.has_lr or self.n < 3 or not np.isfinite(self.lr_max):
            return None
        lr = self.lr
        if self.at_full_lr(float(lr[0])):
            return None
        peak_i = int(np.argmax(lr >= 0.9 * self.lr_max))
        return int(self.steps[peak_i])

    @cached_property
    def optimizer_family(self) -> Family | None:
        return family_of(str(self.meta.get("optimizer") or "") or None)

    # ---- other columns ---------------------------------------------------------------------
    def column(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Steps and finite values of a column (any rows where it was logged)."""
        if name not in self.df.columns:
            return np.array([], dtype=np.int64), np.array([])
        values = np.asarray(self.run.values(name), dtype=float)
        keep = np.isfinite(values)
        steps = self.run.values("step")
        if keep.all():  # a dense column: the arrays themselves (read-only), no copies of a long log's rows
            return np.asarray(steps), values
        return np.asarray(steps[keep]), values[keep]

    @cached_property
    def grad_norm(self) -> tuple[np.ndarray, np.ndarray]:
        """Steps and log10 of the finite, positive global gradient norms (inf on skipped AMP steps
        and NaN are dropped: they are the loss scaler's business, not a finding)."""
        steps, g = self.column("grad_norm")
        return positive_logs(steps, g)

    @cached_property
    def grad_norm_reduced(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The log10 grad norm as at most MAX_POINTS bucket medians, with bucket peaks for jumps."""
        steps, g = self.grad_norm
        return bucket_reduce(steps, g, bucket_size(g.size))

    @cached_property
    def grad_level(self) -> np.ndarray:
        """Running level of the log10 grad norm: median of the previous values (NaN with too little history)."""
        g = self.grad_norm_reduced[1]
        return trailing_level(g, self.grad_windows if trailing_window(g.size) == self.grad_trend_window else None)

    @cached_property
    def grad_windows(self) -> np.ndarray | None:
        """``full_window_medians`` of the log10 grad norm over ``grad_trend_window`` points, which ``grad_trend``
        and (over the same window, as on runs of 200 to 10,000 points) ``grad_level`` share: one rank filter for
        both; None where ``running_median`` would not use it."""
        g, window = self.grad_norm_reduced[1], self.grad_trend_window
        return full_window_medians(g, window) if window <= g.size and plain_values(g) and rank_filters_pay() else None

    @cached_property
    def grad_noise(self) -> float:
        """Point-to-point noise of the log10 grad norm (robust), at least 0.02."""
        return max(robust_noise(self.grad_norm_reduced[1]), MIN_GRAD_NOISE)

    @cached_property
    def grad_trend_window(self) -> int:
        """Points in the window of ``grad_trend``: about a twentieth of the norms."""
        return int(np.clip(self.grad_norm_reduced[1].size // 20, 5, 2001))

    @cached_property
    def grad_trend(self) -> np.ndarray:
        """Centred running median of the log10 grad norm over ``grad_trend_window`` points (NaN where
        the window holds too few): its slow level, for sustained growth."""
        window = self.grad_trend_window
        return running_median(self.grad_norm_reduced[1], window, window // 2, max(3, window // 2), self.grad_windows)

    @cached_property
    def grad_peak_level(self) -> np.ndarray:
        """``grad_level``, or on a bucketed run the running median of the previous buckets' peaks."""
        g = self.grad_norm_reduced[2]
        return trailing_level(g) if bucket_size(self.grad_norm[1].size) > 1 else self.grad_level

    def grad_jumps(self, min_orders: float, min_z: float, history_points: int) -> list[GradJump]:
        """Runs of grad-norm values (bucket peaks on a bucketed run) at least ``min_orders`` orders of magnitude
        and ``min_z`` noise units above their running level, after ``history_points`` values of history."""
        steps, _, peak = self.grad_norm_reduced
        excess = peak - self.grad_peak_level
        hot = np.isfinite(excess) & (excess >= min_orders) & (excess >= min_z * self.grad_noise)
        hot[:history_points] = False
        if not hot.any():
            return []
        idx = np.flatnonzero(hot)
        groups = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
        return [
            GradJump(int(steps[g[0]]), int(steps[g[-1]]), float(excess[g].max()), float(excess[g].max() / self.grad_noise))
            for g in groups
        ]

    @cached_property
    def update_ratio(self) -> tuple[np.ndarray, np.ndarray]:
        steps, u = self.column("update_ratio")
        return positive_logs(steps, u)

    @cached_property
    def update_ratio_rows(self) -> np.ndarray:
        """Row positions of ``update_ratio``'s values."""
        if "update_ratio" not in self.df.columns:
            return np.array([], dtype=np.int64)
        u = np.asarray(self.run.values("update_ratio"), dtype=float)
        return np.flatnonzero(np.isfinite(u) & (u > 0))

    def step_potential(self, start: float) -> float:
        """The median first-order change of the loss one step could make from ``start`` on:
        grad_norm x update_ratio x weight_norm (= |g| |delta theta|), NaN when not all three are logged. The
        weight norm changes slowly and the recorder takes it less often than the ratio: its last value stands
        until the next."""
        columns = ["grad_norm", "update_ratio", "weight_norm"]
        if not all(self.run.has(c) for c in columns):
            return float("nan")
        rows = self.df[columns].astype(float)
        rows["weight_norm"] = rows["weight_norm"].ffill()
        rows = rows[self.df["step"].to_numpy() >= start].to_numpy()
        with np.errstate(invalid="ignore", over="ignore"):  # 0 x inf (a dead layer's ratio): not a number, dropped
            product = rows[:, 0] * rows[:, 1] * rows[:, 2]
        product = product[np.isfinite(product)]
        return median_of(product) if product.size else float("nan")

    @cached_property
    def resets(self) -> list[Reset]:
        """Optimizer resets: the optimizer's own step counter went back, or an ``event`` said so."""
        found: dict[int, Reset] = {}
        steps, opt = self.column("opt_step")
        if opt.size > 1:
            for i in np.flatnonzero(np.diff(opt) < 0) + 1:
                found[int(steps[i])] = Reset(int(steps[i]), float(opt[i - 1]), float(opt[i]), "opt_step")
        if "event" in self.df.columns:
            for step in event_steps(self.run, "optimizer_reset|optimizer_recreated"):
                found.setdefault(int(step), Reset(int(step), float("nan"), float("nan"), "event"))
        return [found[k] for k in sorted(found)]

    @cached_property
    def val_logged(self) -> tuple[np.ndarray, np.ndarray]:
        """Steps and values of every logged validation loss, non-finite ones included."""
        if "val_loss" not in self.df.columns:
            return np.array([], dtype=np.int64), np.array([])
        values = np.asarray(self.run.values("val_loss"), dtype=float)
        rows = ~np.isnan(values)
        return np.asarray(self.run.values("step")[rows]), values[rows]

    @cached_property
    def val_finite(self) -> tuple[np.ndarray, np.ndarray]:
        """Steps and values of the finite validation losses."""
        steps, values = self.val_logged
        keep = np.isfinite(values)
        return steps[keep], values[keep]

    @cached_property
    def val_parts(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Other validation losses the log keeps beside ``val_loss`` (the parts YOLO sums, a second
        evaluation set), by column name: steps and finite values."""
        parts: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for name in self.run.names():
            if name != "val_loss" and VAL_PART.match(name):
                steps, values = self.column(name)
                if values.size:
                    parts[name] = (steps, values)
        return parts

    @cached_property
    def val_level(self) -> tuple[np.ndarray, np.ndarray, bool]:
        """Steps and level of the finite validation losses (their log when all are positive, as the
        training loss is analysed), and whether the level is a log."""
        steps, values = self.val_finite
        log_scale = bool(values.size and values.min() > 0)
        return steps, (np.log(values) if log_scale else values), log_scale

    @cached_property
    def val_trend(self) -> Trend:
        """Theil–Sen trend of the validation level over all evaluations (``rate``: drop per step)."""
        steps, v, _ = self.val_level
        if steps.size < 3:
            return Trend(0.0, -np.inf, np.inf, int(steps.size), np.nan, np.nan)
        slope, low, high = theil_sen(steps.astype(float), v)
        edge = max(3, steps.size // 5)
        return Trend(-slope, -high, -low, int(steps.size), median_of(v[:edge]), median_of(v[-edge:]))

    @cached_property
    def evals(self) -> pd.DataFrame:
        """Evaluation rows: step and the eval columns, rows where val_loss is finite."""
        if "val_loss" not in self.df.columns:
            return pd.DataFrame({"step": [], "val_loss": []})
        cols = ["step", *(c for c in (*EVAL_COLUMNS, "train_acc") if c in self.df.columns)]
        ev = self.df.loc[np.isfinite(self.df["val_loss"].to_numpy(dtype=float)), cols]
        return ev.reset_index(drop=True)
