"""exploding-gradients: the gradient norm jumps or grows by orders of magnitude."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lrdoctor.findings import Hit
from lrdoctor.signals import Signals


@dataclass(frozen=True, slots=True)
class Params:
    jump_orders: float
    jump_z: float
    min_run_orders: float
    min_jumps: int
    growth_orders: float
    history_points: int


def clip_value(g: np.ndarray) -> float:
    """A clipping threshold from the run's own healthy norms: their 90th percentile, 2 significant digits."""
    value = float(10 ** np.quantile(g, 0.9))
    return float(f"{value:.2g}")


def check(s: Signals, p: Params) -> list[Hit]:
    steps, g, peak = s.grad_norm_reduced
    if g.size < p.history_points + 3:
        return []
    typical = float(np.median(g))
    jumps = [
        j for j in s.grad_jumps(p.jump_orders, p.jump_z, p.history_points)
        if not s.schedule_explains(j.step) and peak[np.searchsorted(steps, j.step)] - typical >= p.min_run_orders
    ]  # also far above the run's own typical norm: a converged model's rare big batch gradient is not an explosion
    hits: list[Hit] = []
    biggest = max((j.height for j in jumps), default=0.0)
    if len(jumps) >= p.min_jumps or biggest >= 2 * p.jump_orders:
        first = jumps[0]
        i = int(np.searchsorted(steps, first.step))
        before = g[:i] if i >= 3 else g
        clip = clip_value(before)
        level = float(10 ** s.grad_level[i])
        hits.append(Hit(
            step_start=first.step,
            step_end=jumps[-1].step_end,
            message=(
                f"The gradient norm jumped {len(jumps)} time(s) to up to {10 ** biggest:.3g}x its running median "
                f"(first at step {first.step}: {10 ** peak[i]:.3g} vs {level:.3g})."
            ),
            evidence={"jumps": len(jumps), "max_jump_factor": float(10**biggest), "first_jump_norm": float(10 ** peak[i]),
                      "running_median_before": level, "noise_log10": s.grad_noise},
            suggestion=f"Clip gradients at max_norm={clip:g} (the 90th percentile of this run's norms before the first jump); lower the lr if jumps persist.",
            fix={"max_grad_norm": clip},
        ))
        return hits
    smooth_window = int(np.clip(g.size // 20, 5, 2001))
    trend = pd.Series(g).rolling(smooth_window, center=True, min_periods=max(3, smooth_window // 2)).median().to_numpy()
    valid = np.isfinite(trend)
    if valid.sum() < 5:
        return hits
    i_low = int(np.argmin(np.where(valid, trend, np.inf)))
    after = np.where(valid[i_low:], trend[i_low:], -np.inf)
    growth = float(after.max() - trend[i_low])
    end_growth = float(np.nanmedian(g[-max(3, smooth_window // 2) :]) - trend[i_low])
    if growth >= p.growth_orders and end_growth >= p.growth_orders * 0.7:
        i_high = i_low + int(np.argmax(after))
        clip = clip_value(g[: i_low + 1] if i_low >= 3 else g[:smooth_window])
        hits.append(Hit(
            step_start=int(steps[i_low]),
            step_end=int(steps[i_high]),
            message=(
                f"The gradient norm grew steadily {10 ** growth:.3g}x, from a running median of {10 ** trend[i_low]:.3g} "
                f"at step {int(steps[i_low])} to {10 ** after.max():.3g} at step {int(steps[i_high])}, and stayed up."
            ),
            evidence={"growth_factor": float(10**growth), "norm_low": float(10 ** trend[i_low]),
                      "norm_high": float(10 ** after.max())},
            suggestion=f"Clip gradients at max_norm={clip:g} and lower the lr; steady growth usually ends in divergence.",
            fix={"max_grad_norm": clip},
        ))
    return hits
