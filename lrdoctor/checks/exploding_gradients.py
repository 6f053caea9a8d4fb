"""exploding-gradients: the gradient norm jumps or grows by orders of magnitude."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrdoctor.findings import Hit
from lrdoctor.signals import GradJump, Signals, from_orders

CLIP_QUANTILE = 0.9
"""The suggested clipping threshold is this quantile of the run's healthy gradient norms."""
MIN_POINTS_AFTER_HISTORY = 3
"""Logged norms needed beyond ``history_points`` before the rule judges anything."""
SINGLE_JUMP_MULTIPLE = 2
"""One jump of this many times ``jump_orders`` counts on its own (fewer than ``min_jumps`` otherwise)."""
MIN_CLIP_HISTORY = 3
"""Norms before the first jump needed to read a clipping threshold off them (else: the whole run)."""
MIN_TREND_POINTS = 5
"""Points of the running median needed to judge sustained growth."""
MIN_END_POINTS = 3
"""Norms at the end of the run whose median must stay up: at least this many..."""
END_WINDOW_SHARE = 0.5
"""...or this share of a running-median window."""
END_GROWTH_SHARE = 0.7
"""Sustained growth: the norms at the end still hold this share of the growth (not a passing bulge)."""


@dataclass(frozen=True, slots=True)
class Params:
    jump_orders: float
    jump_z: float
    min_run_orders: float
    min_jumps: int
    growth_orders: float
    history_points: int


def clip_value(g: np.ndarray) -> float:
    """A clipping threshold from the run's own healthy log10 norms: their ``CLIP_QUANTILE``, 2 significant digits."""
    return float(f"{from_orders(float(np.quantile(g, CLIP_QUANTILE))):.2g}")


def explosions(s: Signals, p: Params) -> list[GradJump]:
    """Jumps of the gradient norm that this rule counts: far above the running level, far above the
    run's own typical norm (a converged model's rare big-batch gradient is not an explosion), and not
    right after an lr increase or an optimizer reset (the schedule's doing)."""
    steps, g, peak = s.grad_norm_reduced
    if g.size < p.history_points + MIN_POINTS_AFTER_HISTORY:
        return []
    typical = float(np.median(g))
    return [
        j for j in s.grad_jumps(p.jump_orders, p.jump_z, p.history_points)
        if not s.schedule_explains(j.step) and peak[np.searchsorted(steps, j.step)] - typical >= p.min_run_orders
    ]


def jumps_hit(s: Signals, p: Params, jumps: list[GradJump]) -> Hit:
    steps, g, peak = s.grad_norm_reduced
    biggest = max(j.orders for j in jumps)
    first = jumps[0]
    i = int(np.searchsorted(steps, first.step))
    clip = clip_value(g[:i] if i >= MIN_CLIP_HISTORY else g)
    level = from_orders(float(s.grad_level[i]))
    return Hit(
        step_start=first.step,
        step_end=jumps[-1].step_end,
        message=(
            f"The gradient norm jumped {len(jumps)} time(s) to up to {from_orders(biggest):.3g}x its running median "
            f"(first at step {first.step}: {from_orders(float(peak[i])):.3g} vs {level:.3g})."
        ),
        evidence={"jumps": len(jumps), "max_jump_factor": from_orders(biggest), "first_jump_norm": from_orders(float(peak[i])),
                  "running_median_before": level, "noise_log10": s.grad_noise},
        suggestion=(f"Clip gradients at max_norm={clip:g} (the {CLIP_QUANTILE:.0%} quantile of this run's norms before "
                    "the first jump); lower the lr if jumps persist."),
        fix={"max_grad_norm": clip},
    )


def growth_hit(s: Signals, p: Params) -> Hit | None:
    """The running median of the norm grew by ``growth_orders`` above its lowest level and stayed up."""
    steps, g, _ = s.grad_norm_reduced
    trend, window = s.grad_trend, s.grad_trend_window
    valid = np.isfinite(trend)
    if valid.sum() < MIN_TREND_POINTS:
        return None
    i_low = int(np.argmin(np.where(valid, trend, np.inf)))
    after = np.where(valid[i_low:], trend[i_low:], -np.inf)
    growth = float(after.max() - trend[i_low])
    end_growth = float(np.nanmedian(g[-max(MIN_END_POINTS, int(END_WINDOW_SHARE * window)) :]) - trend[i_low])
    if growth < p.growth_orders or end_growth < p.growth_orders * END_GROWTH_SHARE:
        return None
    i_high = i_low + int(np.argmax(after))
    clip = clip_value(g[: i_low + 1] if i_low >= MIN_CLIP_HISTORY else g[:window])
    low, high = from_orders(float(trend[i_low])), from_orders(float(after.max()))
    return Hit(
        step_start=int(steps[i_low]),
        step_end=int(steps[i_high]),
        message=(
            f"The gradient norm grew steadily {from_orders(growth):.3g}x, from a running median of {low:.3g} "
            f"at step {int(steps[i_low])} to {high:.3g} at step {int(steps[i_high])}, and stayed up."
        ),
        evidence={"growth_factor": from_orders(growth), "norm_low": low, "norm_high": high},
        suggestion=f"Clip gradients at max_norm={clip:g} and lower the lr; steady growth usually ends in divergence.",
        fix={"max_grad_norm": clip},
    )


def check(s: Signals, p: Params) -> list[Hit]:
    if s.grad_norm_reduced[1].size < p.history_points + MIN_POINTS_AFTER_HISTORY:
        return []
    jumps = explosions(s, p)
    if len(jumps) >= p.min_jumps or max((j.orders for j in jumps), default=0.0) >= SINGLE_JUMP_MULTIPLE * p.jump_orders:
        return [jumps_hit(s, p, jumps)]
    hit = growth_hit(s, p)
    return [hit] if hit is not None else []
