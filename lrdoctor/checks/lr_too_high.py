"""lr-too-high: divergence after a minimum, or repeated loss spikes far above the run's noise."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrdoctor.findings import Hit
from lrdoctor.signals import Signals, Spike

UPDATE_BAND = {"adam": (1e-4, 1e-2), "sgd": (1e-5, 1e-2), None: (1e-5, 1e-2)}


@dataclass(frozen=True, slots=True)
class Params:
    min_rise: float
    min_rise_frac: float
    rise_noise: float
    end_frac: float
    spike_z: float
    spike_height: float
    min_spikes: int
    spike_spread_frac: float
    spike_descent_frac: float


def suggested_lr(s: Signals, lr_at_trouble: float, divisor: float) -> tuple[float | None, dict[str, float]]:
    """A smaller lr: scaled so the median update ratio reaches the top of its band when the ratio
    is logged and above it, else the troubled lr divided by ``divisor``."""
    evidence: dict[str, float] = {}
    if not np.isfinite(lr_at_trouble) or lr_at_trouble <= 0:
        return None, evidence
    steps, log_u = s.update_ratio
    low, high = UPDATE_BAND[s.optimizer_family]
    if log_u.size >= 5:
        median = float(10 ** np.median(log_u))
        evidence.update(update_ratio_median=median, update_band_low=low, update_band_high=high)
        if median > high:
            return lr_at_trouble * high / median, evidence
    return lr_at_trouble / divisor, evidence


def divergence(s: Signals, p: Params) -> Hit | None:
    """The smoothed loss climbed well above its minimum and stayed there until the end."""
    sm, ys, ts = s.smooth, s.ys, s.ts
    if ys.size < 12:
        return None
    tail = max(5, int(round(p.end_frac * ys.size)))
    i_min = int(np.argmin(sm[:-tail])) if ys.size > tail + 3 else int(np.argmin(sm))
    best = float(sm[i_min])
    end = float(np.median(ys[-tail:]))
    start = float(np.median(ys[: max(3, tail)]))
    rise = end - best
    descent = max(start - best, 0.0)
    noise = float(np.median(s.local_noise[-tail:]))
    if rise < p.min_rise or rise < p.min_rise_frac * descent or rise < p.rise_noise * noise:
        return None
    if np.mean(ys[-tail:] > best + rise / 2) < 0.8:
        return None  # not persistent: a bump the run was recovering from
    step_min, step_end = int(ts[i_min]), int(ts[-1])
    if step_end - step_min < 0.03 * s.span_steps:
        return None
    lr_min, lr_end = s.lr_at(step_min), s.lr_at(step_end)
    if s.has_lr and s.lr_rising_between(step_min, step_end):
        earlier_max = float(np.nanmax(s.lr[: max(1, int(np.searchsorted(s.steps, step_min)))]))
        if lr_end <= earlier_max * 1.05 and lr_end <= lr_min * 1.05:
            return None  # a warm restart / cycle back to an lr the run handled before
    fix: dict[str, float] = {"early_stop_step": step_min}
    lr, extra = suggested_lr(s, lr_min, 3.0)
    if lr is not None:
        fix["lr"] = lr
    lr_text = f" while the lr went {lr_min:.3g} -> {lr_end:.3g}" if s.has_lr else ""
    return Hit(
        step_start=step_min,
        step_end=step_end,
        message=(
            f"The loss diverged: its smoothed value reached its best {s.to_loss(best):.4g} at step {step_min}, "
            f"then climbed to {s.to_loss(end):.4g} by the end (x{np.exp(rise) if s.log_scale else rise:.3g}, "
            f"{rise / noise:.0f}x the noise){lr_text}."
        ),
        evidence={"best_loss": s.to_loss(best), "end_loss": s.to_loss(end), "rise": rise, "noise": noise,
                  "rise_over_noise": rise / noise, "lr_at_best": lr_min, "lr_at_end": lr_end, **extra},
        suggestion=(
            (f"Lower the lr to about {lr:.2g}" if lr is not None else "Lower the lr by 3-10x")
            + f"; the best weights were around step {step_min}. If the climb starts as the lr ramps up, "
            "warm up to a smaller peak."
        ),
        fix=fix,
    )


def repeated_spikes(s: Signals, p: Params) -> Hit | None:
    """Tall spikes, spread over the run, outside warmup and scheduled lr increases."""
    skip_until = s.warmup_end_step or s.first_step
    skip_until = max(skip_until, s.first_step + 0.05 * s.span_steps)
    initial = float(np.median(s.ys[: max(3, s.ys.size // 50)]))
    spikes: list[Spike] = [
        sp for sp in s.spikes(p.spike_z, p.spike_height)
        if sp.step > skip_until
        and not s.lr_rising_between(sp.step, sp.step)
        and sp.height >= p.spike_descent_frac * max(initial - s.level_at(sp.step), 0.0)
        and not (s.has_lr and s.lr_at(sp.step) < 0.1 * s.lr_max)
    ]
    if len(spikes) < p.min_spikes:
        return None
    spread = (spikes[-1].step - spikes[0].step) / s.span_steps
    if spread < p.spike_spread_frac:
        return None
    heights = np.array([sp.height for sp in spikes])
    lr_here = float(np.nanmedian([s.lr_at(sp.step) for sp in spikes])) if s.has_lr else float("nan")
    lr, extra = suggested_lr(s, lr_here, 3.0)
    factor = float(np.exp(np.median(heights))) if s.log_scale else float(np.median(heights))
    return Hit(
        step_start=spikes[0].step,
        step_end=spikes[-1].step_end,
        message=(
            f"{len(spikes)} loss spikes between steps {spikes[0].step} and {spikes[-1].step_end}, typically "
            f"x{factor:.3g} the local level and {np.median([sp.z for sp in spikes]):.0f}x the local noise"
            + (f", at lr {lr_here:.3g}" if s.has_lr else "") + "."
        ),
        evidence={"spikes": len(spikes), "median_spike_factor": factor,
                  "median_spike_z": float(np.median([sp.z for sp in spikes])), "lr": lr_here, **extra},
        suggestion=(
            (f"Lower the lr to about {lr:.2g}" if lr is not None else "Lower the lr by about 3x")
            + ", or clip gradients if the spikes come with gradient-norm spikes."
        ),
        fix={"lr": lr} if lr is not None else {},
    )


def check(s: Signals, p: Params) -> list[Hit]:
    return [hit for hit in (divergence(s, p), repeated_spikes(s, p)) if hit is not None]
