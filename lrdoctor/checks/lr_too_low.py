"""lr-too-low: the loss creeps down at a nearly constant rate, achieving little."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrdoctor.findings import Hit
from lrdoctor.signals import Signals

UPDATE_LOW = {"adam": 1e-4, "sgd": 1e-5, None: 1e-5}


@dataclass(frozen=True, slots=True)
class Params:
    phase_frac: float
    min_kept_rate: float
    max_total_drop: float
    min_points: int


def check(s: Signals, p: Params) -> list[Hit]:
    if s.n < p.min_points or not s.log_scale or s.nonfinite_loss.any():
        return []
    start = max(s.first_step, s.warmup_end_step or s.first_step)
    span = s.last_step - start
    if span < 0.5 * s.span_steps:
        return []
    window = p.phase_frac * span
    early = s.loss_trend(start, start + window)
    late = s.loss_trend(s.last_step - window, s.last_step + 1)
    if not (early.falling and late.falling):
        return []
    kept = late.rate / early.rate
    total = float(np.median(s.ys[:5]) - np.median(s.ys[-5:]))
    if kept < p.min_kept_rate or total >= p.max_total_drop:
        return []
    if s.has_lr and s.lr_at(s.last_step) < 0.5 * s.lr_max:
        return []  # the schedule decayed the lr: a slow end is what it asked for
    lr_now = s.lr_at(s.last_step) if s.has_lr else float("nan")
    factor = 10.0 if kept >= 0.8 else 3.0
    evidence: dict[str, float] = {
        "rate_start": early.rate, "rate_end": late.rate, "kept_rate": kept,
        "total_log_drop": total, "noise": s.noise, "drop_per_point_over_noise": late.rate * s.step_interval / s.noise,
    }
    steps, log_u = s.update_ratio
    if log_u.size >= 5:
        median = float(10 ** np.median(log_u))
        evidence["update_ratio_median"] = median
        low = UPDATE_LOW[s.optimizer_family]
        evidence["update_band_low"] = low
        if median < low:
            factor = float(np.clip(low * 10 / median, factor, 100.0))
    fix = {"lr": lr_now * factor} if np.isfinite(lr_now) and lr_now > 0 else {}
    return [
        Hit(
            step_start=int(start),
            step_end=s.last_step,
            message=(
                f"The loss crept from {s.to_loss(early.start_level):.4g} to {s.to_loss(late.end_level):.4g} "
                f"(x{np.exp(-total):.2f}) and is still falling at {kept:.0%} of its initial rate: the curve "
                "never bends, so the optimizer is crawling"
                + (f" at lr {lr_now:.3g}." if np.isfinite(lr_now) else ".")
            ),
            evidence=evidence,
            suggestion=(
                (f"Raise the lr to about {fix['lr']:.2g} ({factor:.0f}x)" if fix else f"Raise the lr about {factor:.0f}x")
                + ", or run `lrdoctor find-lr` to pick one."
            ),
            fix=fix,
        )
    ]
