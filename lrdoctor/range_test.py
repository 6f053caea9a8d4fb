"""From a learning-rate range test's (lr, loss) curve to a suggested lr, with the reasoning.

numpy only, on the analysis side: the ``lr-range-test`` rule reads range-test logs with it, and
``lrdoctor.guards.find_lr`` (torch) reads its own curve with it.

Two curves are read. The bias-corrected EMA of the loss (weight ``smooth``) decides when the test
stops, as in fastai; it lags, so the suggestion reads a centred running median instead (no lag,
robust to the spikes of a rising lr). Window and band were chosen on ``bench/find_lr.py``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

LEVEL_WINDOW = 11  # points in the centred running median
BAND_NOISES = 3.0  # "still at its minimum": within this many standard errors of the level


@dataclass(frozen=True, slots=True)
class LrSuggestion:
    """The classic readings of a range test and the one lrdoctor picks.

    ``steepest_lr``: where the smoothed loss falls fastest per decade of lr. ``min_loss_lr``: the
    largest lr at which the smoothed loss is still at its minimum (within noise); past it the loss
    rises. ``suggested_lr`` = ``min_loss_lr / 10``; ``reliable`` is False when the loss did not fall
    clearly during the test or never rose again, and ``reason`` says why either way.
    """

    suggested_lr: float
    method: str
    steepest_lr: float
    min_loss_lr: float
    min_loss: float
    reliable: bool
    reason: str

    @property
    def min_div10_lr(self) -> float:
        return self.min_loss_lr / 10


def smooth_losses(losses: np.ndarray, smooth: float) -> np.ndarray:
    """Bias-corrected exponential moving average (``smooth`` = weight of the past).

    A non-finite loss makes the rest of the curve non-finite: past it the run has diverged.
    """
    import numpy as np

    out = np.empty(len(losses))
    avg = 0.0
    for i, loss in enumerate(losses):
        avg = smooth * avg + (1 - smooth) * float(loss)
        out[i] = avg / (1 - smooth ** (i + 1))
    return out


def diverged_at(smoothed: np.ndarray, diverge_factor: float) -> int | None:
    """The first row where the smoothed loss is non-finite or above ``diverge_factor`` x its minimum so far."""
    import numpy as np

    best = np.fmin.accumulate(np.where(np.isfinite(smoothed), smoothed, np.inf))
    bad = ~np.isfinite(smoothed) | (smoothed > diverge_factor * best)
    hits = np.flatnonzero(bad)
    return int(hits[0]) if len(hits) else None


def running_median(x: np.ndarray, window: int) -> np.ndarray:
    """Centred running median of an odd ``window``; near the ends it covers the points that exist."""
    import numpy as np

    half = window // 2
    padded = np.concatenate([np.full(half, np.nan), x, np.full(half, np.nan)])
    return np.asarray(np.nanmedian(np.lib.stride_tricks.sliding_window_view(padded, window), axis=1))


def step_noise(x: np.ndarray) -> float:
    """Step-to-step noise of a series, robust to spikes: MAD of first differences x 1.4826 / sqrt(2)."""
    import numpy as np

    d = np.diff(x)
    return float(np.median(np.abs(d - np.median(d))) * 1.4826 / math.sqrt(2)) if len(d) else 0.0


def suggest_lr(lrs: np.ndarray, losses: np.ndarray, smooth: float = 0.98, diverge_factor: float = 4.0) -> LrSuggestion:
    """Read a range test: where the loss stops being at its minimum, / 10; and the steepest descent.

    ``lrs`` increase. Rows from the first divergence (EMA past ``diverge_factor`` x its minimum, or
    a non-finite loss) on are left out, as ``find_lr`` would have stopped there.
    """
    import numpy as np

    lrs = np.asarray(lrs, dtype=float)
    losses = np.asarray(losses, dtype=float)
    stop = diverged_at(smooth_losses(losses, smooth), diverge_factor)
    end = len(losses) if stop is None else max(stop, 1)
    lrs, losses = lrs[:end], losses[:end]
    if len(losses) < 3 or not np.isfinite(losses).all() or (lrs <= 0).any():
        raise ValueError("a range test needs at least 3 finite (lr, loss) rows with positive lrs before it diverges")
    window = min(LEVEL_WINDOW, len(losses) // 2 * 2 - 1)
    level = running_median(losses, window)
    low = int(np.argmin(level))
    band = BAND_NOISES * step_noise(losses) / math.sqrt(window)
    edge = int(np.flatnonzero(level <= level[low] + band)[-1])
    head = np.arange(low + 1)
    steepest = int(head[np.argmin(np.gradient(level[head], np.log10(lrs[head])))]) if len(head) >= 3 else 0
    start = float(np.median(losses[:window]))
    rose = stop is not None or edge < len(losses) - 1
    return pick(float(lrs[edge]), float(level[low]), float(lrs[steepest]), start, band, rose)


def pick(min_loss_lr: float, min_loss: float, steepest_lr: float, start: float, band: float, rose: bool) -> LrSuggestion:
    """Take a tenth of the last lr at the loss minimum, and say why (and when not to trust it)."""
    tenth = min_loss_lr / 10
    fell = start - min_loss > band
    if fell and rose:
        reason = (f"the smoothed loss fell from {start:.4g} to {min_loss:.4g} and stayed at its minimum up to lr "
                  f"{min_loss_lr:.2g}, then rose: that is about the largest stable lr, and a tenth of it ({tenth:.2g}) "
                  f"trains reliably. The steepest descent (lr {steepest_lr:.2g}) is reported but not picked: it reads "
                  "the slope of a noisy curve and was further from the best lr in bench/find_lr.py")
    elif not fell:
        reason = (f"UNRELIABLE: the loss did not fall clearly during the test ({start:.4g} -> {min_loss:.4g}, within "
                  f"its noise band {band:.2g}), so {tenth:.2g} only marks a tenth of the lr where training became "
                  "unstable; run a longer test (num_steps=1000 or more) on real batches (a DataLoader)")
    else:
        reason = (f"UNRELIABLE: the loss was still at its minimum ({min_loss:.4g}) at the end of the test (lr "
                  f"{min_loss_lr:.2g}), so the unstable region was never reached; {tenth:.2g} may be too high. Raise "
                  "end_lr, and use real batches (a DataLoader): one repeated batch is memorised at almost any lr")
    return LrSuggestion(tenth, "min/10", steepest_lr, min_loss_lr, min_loss, fell and rose, reason)
