"""lr-range-test: a learning-rate range test log, read: the suggested lr and why."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrdoctor.advice import RAMP_TURN
from lrdoctor.findings import Hit, LrAdvice, NotApplicable
from lrdoctor.range_test import suggest_lr
from lrdoctor.signals import Signals


@dataclass(frozen=True, slots=True)
class Params:
    smooth: float
    diverge_factor: float


def check(s: Signals, p: Params) -> list[Hit]:
    if s.meta.get("range_test") is not True:
        return []
    settings = s.meta.get("range_test_settings")
    settings = settings if isinstance(settings, dict) else {}
    smooth = float(settings.get("smooth", p.smooth))
    diverge_factor = float(settings.get("diverge_factor", p.diverge_factor))
    usable = np.isfinite(s.lr) & (s.lr > 0)
    try:
        found = suggest_lr(s.lr[usable], s.loss[usable], smooth, diverge_factor)
    except ValueError as error:
        raise NotApplicable(str(error)) from None
    steps = s.steps[usable]
    edge = int(np.searchsorted(s.lr[usable], found.min_loss_lr))
    return [Hit(
        step_start=int(steps[0]), step_end=int(steps[min(edge, len(steps) - 1)]),
        message=(f"Range test over lr {float(s.lr[usable][0]):.2g} -> {float(s.lr[usable][-1]):.2g}: the smoothed loss "
                 f"held its minimum {found.min_loss:.4g} up to lr {found.min_loss_lr:.2g}; suggested lr "
                 f"{found.suggested_lr:.2g} (minimum / 10), steepest descent at lr {found.steepest_lr:.2g}"
                 + ("" if found.reliable else " (unreliable, see the suggestion)") + "."),
        evidence={"suggested_lr": found.suggested_lr, "min_loss_lr": found.min_loss_lr, "min_loss": found.min_loss,
                  "steepest_lr": found.steepest_lr, "reliable": float(found.reliable)},
        suggestion=f"Train with lr {{lr}}: {found.reason}.",
        lr=LrAdvice(found.suggested_lr, "the range test's reading: the end of the loss's minimum / 10", RAMP_TURN),
    )]
