"""lr-too-high: divergence after a minimum, or repeated loss spikes far above the run's noise."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrdoctor.advice import DIVISOR, UPDATE_BAND
from lrdoctor.findings import Hit, LrAdvice
from lrdoctor.optim import family_label
from lrdoctor.signals import Signals, Spike, eval_noise

LR_DIVISOR = 3.0
"""Without a logged update ratio to scale by, the suggested lr is the troubled lr divided by this."""
MIN_POINTS = 12
"""Divergence: logged points needed at all."""
MIN_TAIL_POINTS = 10
"""Divergence: at least this many points at the end and around the minimum, so the rank test has power."""
MIN_TAILS = 3
"""Divergence: the run holds at least this many tails' worth of points."""
AROUND_SHARE = 0.5
"""Divergence: the points around the minimum reach this share of a tail on either side of it."""
MIN_CLIMB_SHARE = 0.03
"""Divergence: the climb from the minimum to the end spans at least this share of the run."""
SAME_LR = 1.05
"""Two lrs within this factor are the same lr (a warm restart back to an lr the run handled)."""
MIN_EARLY_EVALS = 4
"""Held-out check: evaluations up to the training minimum needed to know the validation noise."""
MIN_LATE_EVALS = 2
"""Held-out check: evaluations after the training minimum needed."""
END_EVALS = 3
"""Held-out check: the last this many evaluations stand for the end of the run."""
STEADY_NOISES = 3.0
"""Held-out check: the validation loss stayed level if it ended within this many of its noise units..."""
MIN_STEADY_BAND = 0.05
"""...or within this much in log-loss (5%), whichever is larger."""
SPIKE_SKIP_SHARE = 0.05
"""Spikes in the first share of the run (at least its warmup) are the start's business (missing-warmup)."""
MIN_BOUNCE_POINTS = 50
"""Oscillation: logged points needed at all."""


@dataclass(frozen=True, slots=True)
class Params:
    min_rise: float
    min_rise_frac: float
    max_p_value: float
    end_frac: float
    spike_z: float
    spike_height: float
    min_spikes: int
    spike_spread_frac: float
    spike_descent_frac: float
    bounce_window_frac: float
    min_bounce_noise: float


def lower_lr(s: Signals, lr_at_trouble: float, what: str) -> tuple[LrAdvice | None, dict[str, float]]:
    """Advice to lower the lr that failed (``what`` happened at it): scaled so the median update ratio
    reaches the top of its band when the ratio is logged and above it, else divided by ``LR_DIVISOR``."""
    evidence: dict[str, float] = {}
    if not np.isfinite(lr_at_trouble) or lr_at_trouble <= 0:
        return None, evidence
    median = s.update_ratio_median
    low, high = s.update_band
    if np.isfinite(median):
        evidence.update(update_ratio_median=median, update_band_low=low, update_band_high=high)
        if median > high:
            return LrAdvice(lr_at_trouble * high / median, f"the median update-to-weight ratio {median:.2g} scaled to the "
                            f"top of the {family_label(s.optimizer_family)} band ({high:g})", UPDATE_BAND,
                            failed_lr=lr_at_trouble), evidence
    return LrAdvice(lr_at_trouble / LR_DIVISOR, f"1/{LR_DIVISOR:g} of the lr {lr_at_trouble:.2g} at which {what}", DIVISOR,
                    failed_lr=lr_at_trouble), evidence


def divergence(s: Signals, p: Params) -> Hit | None:
    """The loss at the end of the run is significantly and substantially above its best stretch:
    a one-sided rank test (Mann-Whitney U) of the last points against those around the minimum."""
    ys, ts = s.ys, s.ts
    if ys.size < MIN_POINTS:
        return None
    tail = max(MIN_TAIL_POINTS, int(round(p.end_frac * ys.size)))
    if ys.size < MIN_TAILS * tail:
        return None
    i_min = int(np.argmin(s.smooth[:-tail]))
    half = int(AROUND_SHARE * tail)
    stop = i_min + half + 1
    jumps = [c.step for c in s.lr_changes if c.step > ts[i_min]]
    if jumps:  # the points after an lr change right after the minimum belong to the next regime
        stop = min(stop, int(np.searchsorted(ts, jumps[0])))
    around = ys[max(0, i_min - half) : stop]
    end = ys[-tail:]
    # the best level: the median of the points around the minimum, or the smoothed minimum itself when
    # the dip is too narrow for that median (a V-shaped minimum a few points wide, then a climb back)
    best, final = min(float(np.median(around)), float(s.smooth[i_min])), float(np.median(end))
    rise = final - best
    descent = max(s.initial_level - best, 0.0)
    if rise < p.min_rise or rise < p.min_rise_frac * descent:
        return None
    from scipy import stats  # only here: the effect-size gates above let few runs this far

    p_value = float(stats.mannwhitneyu(end, around, alternative="greater").pvalue)
    if p_value > p.max_p_value:
        return None
    step_min, step_end = int(ts[i_min]), int(ts[-1])
    if step_end - step_min < MIN_CLIMB_SHARE * s.span_steps:
        return None
    if held_out_steady(s, step_min):
        return None  # the training loss rose but the validation loss did not: easier batches at the minimum, not divergence
    lr_min, lr_end = s.lr_at(step_min), s.lr_at(step_end)
    if s.lr_near_zero(lr_end):
        return None  # at a nearly-zero lr the lr cannot be what pushes the loss up
    if s.has_lr and s.lr_rising_between(step_min, step_end):
        earlier_max = float(np.nanmax(s.lr[: max(1, int(np.searchsorted(s.steps, step_min)))]))
        if lr_end <= earlier_max * SAME_LR and lr_end <= lr_min * SAME_LR:
            return None  # a warm restart / cycle back to an lr the run handled before
    lr, extra = lower_lr(s, lr_min, "the loss diverged")
    lr_text = f" while the lr went {lr_min:.3g} -> {lr_end:.3g}" if s.has_lr else ""
    factor = f"x{np.exp(rise):.3g}" if s.log_scale else f"+{rise:.3g}"
    return Hit(
        step_start=step_min,
        step_end=step_end,
        message=(
            f"The loss diverged: it was around {s.to_loss(best):.4g} near step {step_min}, then climbed to "
            f"{s.to_loss(final):.4g} by the end ({factor}, rank test p={p_value:.1g}){lr_text}."
        ),
        evidence={"best_loss": s.to_loss(best), "end_loss": s.to_loss(final), "rise": rise, "p_value": p_value,
                  "lr_at_best": lr_min, "lr_at_end": lr_end, **extra},
        suggestion=(
            ("Lower the lr to about {lr}" if lr is not None else f"Lower the lr by {LR_DIVISOR:g}-10x")
            + f"; the best weights were around step {step_min}. If the climb starts as the lr ramps up, "
            "warm up to a smaller peak."
        ),
        fix={"early_stop_step": step_min},
        lr=lr,
    )


def held_out_steady(s: Signals, step_min: int) -> bool:
    """Whether the validation loss stayed level from ``step_min`` to the end while the training loss
    rose: the end is within 3 noise units (of the evaluations up to ``step_min``, at least 4 of them)
    of the last evaluation before ``step_min``. A model that diverges gets worse on held-out data too;
    a non-finite evaluation after ``step_min`` or evaluations that never vary say nothing either way."""
    steps, raw = s.val_logged
    early = steps <= step_min
    if early.sum() < MIN_EARLY_EVALS or (~early).sum() < MIN_LATE_EVALS or not np.isfinite(raw).all() or raw.min() <= 0:
        return False
    v = np.log(raw)
    if np.ptp(v[early]) == 0:
        return False
    band = max(STEADY_NOISES * eval_noise(v[early]), MIN_STEADY_BAND)
    return float(np.median(v[~early][-END_EVALS:])) - float(v[early][-1]) <= band


def repeated_spikes(s: Signals, p: Params) -> Hit | None:
    """Tall spikes, spread over the run, outside warmup and scheduled lr increases."""
    skip_until = max(float(s.warmup_end_step or s.first_step), s.first_step + SPIKE_SKIP_SHARE * s.span_steps)
    spikes: list[Spike] = [
        sp for sp in s.spikes(p.spike_z, p.spike_height)
        if sp.step > skip_until
        and not s.lr_rising_between(sp.step, sp.step)
        and sp.height >= p.spike_descent_frac * max(s.initial_level - s.level_at(sp.step), 0.0)
        and not s.lr_near_zero(s.lr_at(sp.step))
    ]
    if len(spikes) < p.min_spikes:
        return None
    spread = (spikes[-1].step - spikes[0].step) / s.span_steps
    if spread < p.spike_spread_frac:
        return None
    heights = np.array([sp.height for sp in spikes])
    lr_here = float(np.nanmedian([s.lr_at(sp.step) for sp in spikes])) if s.has_lr else float("nan")
    lr, extra = lower_lr(s, lr_here, "the loss kept spiking")
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
            ("Lower the lr to about {lr}" if lr is not None else f"Lower the lr by about {LR_DIVISOR:g}x")
            + ", or clip gradients if the spikes come with gradient-norm spikes."
        ),
        lr=lr,
    )


def bouncing(s: Signals, p: Params) -> Hit | None:
    """Oscillation: over the last stretch of the run, at a constant and undecayed lr, the loss makes
    no significant progress while jumping by a large factor from one logged point to the next."""
    if s.n < MIN_BOUNCE_POINTS or s.died:
        return None
    start = s.last_step - p.bounce_window_frac * s.span_steps
    lr_now = s.lr_at(s.last_step) if s.has_lr else float("nan")
    if s.has_lr and (not s.lr_steady_since(start) or not s.at_full_lr(float(s.lr_since(start).max()))):
        return None  # a schedule is moving or has decayed the lr: not a constant-lr bounce
    trend = s.loss_trend(start, s.last_step + 1)
    noise = float(np.median(s.local_noise[s.window(start, s.last_step + 1)]))
    if trend.falling or noise < p.min_bounce_noise or not s.log_scale:
        return None
    level = float(np.median(s.ys[s.window(start, s.last_step + 1)]))
    best_before = float(s.smooth[: max(1, int(np.searchsorted(s.ts, start)))].min())
    descent = max(s.initial_level - best_before, 0.0)
    if level - best_before < max(p.min_rise, p.min_rise_frac * descent):
        return None  # hovering at (or a crumb above) the best level it reached: converged at this lr's noise floor
    lr, extra = lower_lr(s, lr_now, "the loss bounced without progress")
    return Hit(
        step_start=int(start),
        step_end=s.last_step,
        message=(
            f"Since step {int(start)} ({p.bounce_window_frac:.0%} of the run) the loss has not improved"
            + (f" at a constant lr {lr_now:.3g}" if s.has_lr else "")
            + f" while jumping about x{np.exp(noise):.2g} from one logged point to the next, hovering "
            f"x{np.exp(level - best_before):.2g} above the best level it reached before: the steps are too large to "
            "settle into the valley."
        ),
        evidence={"log_noise": noise, "trend_rate": trend.rate, "above_best": level - best_before, "lr": lr_now, **extra},
        suggestion=("Lower the lr to about {lr}" if lr is not None else f"Lower the lr by about {LR_DIVISOR:g}x")
        + ", or decay it (cosine, ReduceLROnPlateau).",
        lr=lr,
    )


def check(s: Signals, p: Params) -> list[Hit]:
    return [hit for hit in (divergence(s, p), repeated_spikes(s, p), bouncing(s, p)) if hit is not None]
