"""overfitting: the validation loss bottomed out and rose persistently while training loss fell."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrdoctor.findings import Hit, NotApplicable
from lrdoctor.signals import Signals, eval_noise

END_EVALS = 3
"""The end of the run is the median of its last this many evaluations."""


@dataclass(frozen=True, slots=True)
class Params:
    min_evals: int
    min_after: int
    rise_noise: float
    min_rise: float
    min_after_frac: float
    persistent_frac: float


def check(s: Signals, p: Params) -> list[Hit]:
    steps, v, log_scale = s.val_level
    if steps.size < p.min_evals:
        raise NotApplicable(f"only {steps.size} evaluations (needs {p.min_evals})")
    raw = s.val_finite[1]
    i_min = int(np.argmin(v))
    after = v[i_min + 1 :]
    if after.size < p.min_after or steps[-1] - steps[i_min] < p.min_after_frac * (steps[-1] - steps[0]):
        return []
    noise = eval_noise(v)
    tail = after[-min(END_EVALS, after.size) :]
    rise = float(np.median(tail) - v[i_min])
    persistent = float(np.mean(after > v[i_min] + noise))
    if rise < p.min_rise or rise < p.rise_noise * noise or persistent < p.persistent_frac:
        return []
    best_step, end_step = int(steps[i_min]), int(steps[-1])
    train = s.loss_trend(best_step, end_step + 1)
    if not train.falling:
        return []  # the training loss is not falling: divergence or a stall, not memorisation
    if s.level_at(end_step) > s.level_at(best_step) + s.noise:
        return []  # training loss ends above where it was at the best evaluation: the run got worse, not memorised
    val = np.exp if log_scale else (lambda x: x)
    return [
        Hit(
            step_start=best_step,
            step_end=end_step,
            message=(
                f"The validation loss bottomed out at {raw[i_min]:.4g} (step {best_step}) and rose to "
                f"{float(val(np.median(tail))):.4g} by step {end_step} ({rise / noise:.1f}x its evaluation noise, "
                f"{persistent:.0%} of the {after.size} later evaluations above the best) while the training loss "
                + "kept falling."
            ),
            evidence={"best_val_loss": float(raw[i_min]), "best_step": best_step, "end_val_loss": float(val(np.median(tail))),
                      "rise": rise, "eval_noise": noise, "rise_over_noise": rise / noise, "persistent": persistent,
                      "train_rate_after_best": train.rate},
            suggestion=(
                f"Stop early at step {best_step} (keep that checkpoint: EarlyStopping / load_best_model_at_end), and "
                "add regularisation (weight decay, dropout, augmentation) or more data."
            ),
            fix={"early_stop_step": best_step},
        )
    ]
