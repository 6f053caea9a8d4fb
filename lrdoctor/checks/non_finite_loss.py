"""non-finite-loss: the training loss became NaN or infinite."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrdoctor.findings import Hit
from lrdoctor.signals import Signals, from_orders

GRAD_CAUSE_ORDERS = 1.0
"""A gradient norm this many orders of magnitude above the run's median just before the failure is named as a cause."""
LR_DIVISOR = 3.0
"""The suggested lr: the smaller of the lr before the failure and the run's median lr, divided by this."""


@dataclass(frozen=True, slots=True)
class Params:
    context_points: int
    lr_jump_factor: float


def _before(steps: np.ndarray, values: np.ndarray, step: int, points: int) -> np.ndarray:
    """The last ``points`` values logged before ``step``."""
    end = int(np.searchsorted(steps, step))
    return values[max(0, end - points) : end]


def check(s: Signals, p: Params) -> list[Hit]:
    bad = s.nonfinite_loss
    if not bad.any():
        return []
    bad_steps = s.all_steps[bad]
    first = int(bad_steps[0])
    later = s.all_steps > first
    recovered = bool(np.isfinite(s.raw_loss[later]).any() and np.isfinite(s.raw_loss[-1]))
    evidence: dict[str, float] = {"first_bad_step": first, "bad_points": int(bad.sum()), "recovered": float(recovered)}
    cause = []
    g_steps, g_log = s.grad_norm
    if g_log.size:
        recent = _before(g_steps, g_log, first, p.context_points)
        if recent.size:
            typical = float(np.median(g_log))
            evidence["grad_norm_before"] = from_orders(float(recent.max()))
            evidence["grad_norm_median"] = from_orders(typical)
            if recent.max() - typical >= GRAD_CAUSE_ORDERS:
                cause.append(f"the gradient norm reached {from_orders(float(recent.max())):.3g} (run median {from_orders(typical):.3g})")
    fix: dict[str, float] = {}
    if s.has_lr:
        lr_steps, lr = s.column("lr")
        recent_lr = _before(lr_steps, lr, first + 1, p.context_points)
        if recent_lr.size:
            median_lr = float(np.median(lr[lr > 0])) if (lr > 0).any() else float("nan")
            evidence["lr_before"] = float(recent_lr[-1])
            evidence["lr_median"] = median_lr
            if recent_lr[-1] > p.lr_jump_factor * median_lr:
                cause.append(f"the lr had risen to {recent_lr[-1]:.3g} ({recent_lr[-1] / median_lr:.1f}x its median)")
            fix["lr"] = float(min(recent_lr[-1], median_lr) / LR_DIVISOR)
    why = f" just after {' and '.join(cause)}" if cause else ""
    if recovered:
        what = f"{int(bad.sum())} training losses were NaN/inf from step {first} on; training produced finite losses again afterwards"
    else:
        what = f"The training loss became NaN/inf at step {first} and never recovered ({int(bad.sum())} bad points)"
    suggestion = "Lower the learning rate"
    suggestion += f" to about {fix['lr']:.2g}" if "lr" in fix else ""
    suggestion += ", clip gradients (torch.nn.utils.clip_grad_norm_) and look for log(0) or a division by zero in the loss."
    if not recovered and "lr" not in fix:
        suggestion += " Rerun with torch.autograd.set_detect_anomaly(True) to find the operation that made the first NaN."
    return [
        Hit(
            step_start=first,
            step_end=int(bad_steps[-1]),
            message=what + why + ".",
            evidence=evidence,
            suggestion=suggestion,
            fix=fix,
        )
    ]
