"""non-finite-loss: the training loss became NaN or infinite, and what made it so."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrdoctor.advice import DIVISOR, LAST_GOOD
from lrdoctor.checks.lr_too_high import (
    BLOWUP_STEPS, aimed_if_lower, loss_blew_up, nan_divisor, never_stable, step_thrown_before, thrown_before_nan,
    thrown_text,
)
from lrdoctor.checks.wrong_initial_loss import states_sum
from lrdoctor.findings import Hit, LrAdvice
from lrdoctor.signals import Signals, exp_factor, from_orders, rise_text

GRAD_CAUSE_ORDERS = 1.0
"""A gradient norm this many orders of magnitude above the run's median just before the failure is named as a cause."""
LR_DIVISOR = 3.0
"""The suggested lr: the smaller of the lr before the failure and the run's median lr, divided by this."""
CLIMB_NOISES = 4.0
"""The smoothed loss before the failure stood this many noise units above its lowest level: it was climbing."""
MIN_CLIMB = 0.1
"""...and at least this much in log-loss (x1.1)."""
ADVICE_LOSS = ("Make the loss numerically safe: use F.cross_entropy / BCEWithLogitsLoss on logits instead of a "
               "hand-written log(softmax) or log(sigmoid), clamp what goes into log() and sqrt() (eps), and guard "
               "divisions; torch.autograd.set_detect_anomaly(True) names the operation that made the first NaN.")
ADVICE_LOSS_AFTER = ADVICE_LOSS[0].lower() + ADVICE_LOSS[1:]
"""``ADVICE_LOSS`` after other advice, in the same sentence."""


@dataclass(frozen=True, slots=True)
class Params:
    context_points: int
    lr_jump_factor: float


def _before(steps: np.ndarray, values: np.ndarray, step: int, points: int) -> np.ndarray:
    """The last ``points`` values logged before ``step``."""
    end = int(np.searchsorted(steps, step))
    return values[max(0, end - points) : end]


def climbing_before(s: Signals, step: int) -> float:
    """How far the smoothed loss stood above its lowest level just before ``step`` (0 with too few points)."""
    idx = s.window(s.first_step, step)
    if idx.size == 0:
        return 0.0
    smooth = s.smooth[idx]
    return float(smooth[-1] - smooth.min())


def best_step_before(s: Signals, step: int) -> int:
    """The step of the lowest smoothed loss before ``step``."""
    idx = s.window(s.first_step, step)
    return int(s.ts[idx[int(np.argmin(s.smooth[idx]))]]) if idx.size else s.first_step


def check(s: Signals, p: Params) -> list[Hit]:
    bad = s.nonfinite_loss
    if not bad.any():
        return []
    bad_steps = s.all_steps[bad]
    first = int(bad_steps[0])
    later = s.all_steps > first
    recovered = bool(np.isfinite(s.raw_loss[later]).any() and np.isfinite(s.raw_loss[-1]))
    finite_before = int(np.isfinite(s.raw_loss[s.all_steps < first]).sum())
    evidence: dict[str, float] = {"first_bad_step": first, "bad_points": int(bad.sum()), "recovered": float(recovered)}
    cause: list[str] = []
    g_steps, g_log = s.grad_norm
    recent = _before(g_steps, g_log, first + 1, p.context_points)
    if recent.size:
        typical = float(np.median(g_log))
        evidence["grad_norm_before"] = from_orders(float(recent.max()))
        evidence["grad_norm_median"] = from_orders(typical)
        if recent.max() - typical >= GRAD_CAUSE_ORDERS:
            cause.append(f"the gradient norm reached {from_orders(float(recent.max())):.3g} (run median {from_orders(typical):.3g})")
    lr_failed = lr_median = float("nan")
    if s.has_lr:
        lr_steps, lr = s.column("lr")
        recent_lr = _before(lr_steps, lr, first + 1, p.context_points)
        if recent_lr.size and (lr > 0).any():
            with np.errstate(over="ignore"):  # the median of two lrs near the float limit is inf
                lr_failed, lr_median = float(recent_lr[-1]), float(np.median(lr[lr > 0]))
            evidence.update(lr_before=lr_failed, lr_median=lr_median)
            growth = s.lr_growth_cause(first)
            if growth:
                cause.append(f"the lr had risen to {lr_failed:.3g} ({growth})")
            elif lr_failed > p.lr_jump_factor * lr_median:
                cause.append(f"the lr had risen to {lr_failed:.3g} ({lr_failed / lr_median:.1f}x its median)")
    climb = climbing_before(s, first)
    if first - int(s.all_steps[0]) < BLOWUP_STEPS and s.log_scale and not loss_blew_up(1.0, exp_factor(climb)):
        climb = 0.0  # a few batch losses before an early NaN: a climb short of a blow-up is their noise (a NaN in the data)
    if climb >= max(CLIMB_NOISES * s.noise, MIN_CLIMB):
        evidence["climb_before"] = climb
        cause.append(f"the loss had been climbing ({rise_text(s.log_scale, climb)} above its lowest level)")
    thrown = step_thrown_before(s, first) if thrown_before_nan(s, first) else None
    if thrown is not None:
        # an update threw the weights far beyond where a first step of the family lands: the lr, not the data (a
        # Sinkhorn set decoder at Adam 1 moved its weights 13.9x their norm in its first step and was NaN by its third;
        # read as "stable until then", a batch's data, it was told to make its loss safe; fresh25)
        at_first = thrown[0] == s.first_step
        evidence["first_update_ratio" if at_first else "thrown_update_ratio"] = (
            s.first_update_ratio if at_first else thrown[1])
        cause.append(("the first update" if at_first else f"the update at step {thrown[0]}")
                     + f" moved the weights by {thrown[1]:.3g} of their norm"
                     + (" as an Adam step" if at_first and s.first_step_as_adam != s.first_update_ratio else "")
                     + f" ({thrown_text(s, thrown)})")
    if finite_before == 0 and s.meta.get("step_is_epoch") is True:
        # a row per epoch: the first row is the mean over a whole epoch of updates, so the updates may have made it
        what = (f"The training loss is NaN/inf from the first epoch logged ({first})"
                + (", at every epoch" if not recovered and bad.all() else "")
                + ": it went non-finite within that epoch, and a log of epoch means cannot tell whether the data, the "
                  "loss computation or an lr that blew the model up in its first steps made it so")
        suggestion = ("Log the loss of every step for the first epoch to see when it went NaN; check the inputs and "
                      "targets for NaN/inf; if the loss was finite for some steps and rose before it, lower the lr (10x); "
                      + ADVICE_LOSS_AFTER)
        return [Hit(step_start=first, step_end=int(bad_steps[-1]), message=what + ".", evidence=evidence,
                    suggestion=suggestion, fix={"stable_loss": True})]
    if finite_before == 0:
        what = (f"The training loss is NaN/inf from the first logged step ({first})"
                + (", at every step" if not recovered and bad.all() else "")
                + ": it was not finite before any update could have made it so")
        suggestion = ("Check the inputs and targets for NaN/inf and the initial weights; " + ADVICE_LOSS_AFTER)
        return [Hit(step_start=first, step_end=int(bad_steps[-1]), message=what + ".", evidence=evidence,
                    suggestion=suggestion, fix={"stable_loss": True})]
    if recovered:
        count = int(bad.sum())
        where = (f"{count} training losses were NaN/inf from step {first} on" if count > 1
                 else f"The training loss was NaN/inf at step {first}")
        what = f"{where}; training produced finite losses again afterwards"
    elif np.isfinite(s.raw_loss[later]).any():  # finite losses between the bad ones, the last one bad
        what = (f"The training loss became NaN/inf at step {first} and was NaN/inf at the end ({int(bad.sum())} of the "
                f"{int(np.count_nonzero(s.all_steps >= first))} losses logged from there on)")
    else:
        what = f"The training loss became NaN/inf at step {first} and never recovered ({int(bad.sum())} bad points)"
    if not cause:
        what += (": training was stable until then (no lr increase, no gradient growth, the loss was not climbing), "
                 "so the loss computation itself or a batch's data produced it")
        return [Hit(step_start=first, step_end=int(bad_steps[-1]), message=what + ".", evidence=evidence,
                    suggestion="Check the batch at that step for NaN/inf inputs or targets; " + ADVICE_LOSS_AFTER,
                    fix={"stable_loss": True})]
    advice = None
    growth = s.lr_growth_cause(first) if s.has_lr else None
    if not growth and states_sum(s.meta.get("loss_fn")):
        # the metadata says the loss is summed (reduction='sum'): every step is the lr times the terms summed, so the
        # mean is the fix; lr advice read off the summed run (1/10 of it) still blew up a summed flow NLL and noise MSE
        return [Hit(
            step_start=first,
            step_end=int(bad_steps[-1]),
            message=what + f" just after {' and '.join(cause)}; the loss is summed (loss_fn {s.meta.get('loss_fn')!r}), so "
                    "each step is the lr times the number of terms summed.",
            evidence=evidence,
            suggestion="Use reduction='mean' in the loss (or divide the lr by the number of terms summed), and clip gradients "
                       "(torch.nn.utils.clip_grad_norm_).",
            fix={"reduction": "mean"},
        )]
    if growth:
        best = best_step_before(s, first)
        advice = LrAdvice(s.lr_at(best), f"the lr at the loss's best point (step {best}), before {growth}", LAST_GOOD,
                          failed_lr=lr_failed)
        suggestion = "Stop the lr from growing: hold it at about {lr}, where the loss was still improving,"
    else:
        if np.isfinite(lr_failed) and lr_failed > 0:
            steps_stable = first - int(s.all_steps[0])
            unstable = never_stable(s, first)
            divisor = nan_divisor(s, first) if unstable else LR_DIVISOR
            advice = LrAdvice(min(lr_failed, lr_median) / divisor,
                              f"1/{divisor:g} of the lr before the loss turned NaN ({min(lr_failed, lr_median):.2g})"
                              + (f", {steps_stable} steps in, no step stable" if unstable else ""),
                              DIVISOR, failed_lr=lr_failed)
            advice = aimed_if_lower(s, advice, lr_failed, unstable=unstable)
        suggestion = "Lower the learning rate to about {lr}" if advice else "Lower the learning rate"
    suggestion += (" and clip gradients (torch.nn.utils.clip_grad_norm_). If the loss is hand-written, also guard its "
                   "log() and divisions.")
    return [
        Hit(
            step_start=first,
            step_end=int(bad_steps[-1]),
            message=what + f" just after {' and '.join(cause)}.",
            evidence=evidence,
            suggestion=suggestion,
            lr=advice,
        )
    ]
