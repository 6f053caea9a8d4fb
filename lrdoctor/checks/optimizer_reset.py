"""optimizer-reset: the optimizer's state was thrown away mid-run."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrdoctor.findings import Hit, NotApplicable
from lrdoctor.optim import stateless
from lrdoctor.signals import Reset, Signals

LISTED_RESETS = 5
"""The message lists the steps of at most this many resets."""
SKIP_SHARE = 0.05
"""Without opt_step: loss jumps in the first share of the run are the start's business."""
MIN_SPREAD_SHARE = 0.3
"""Without opt_step: recurring jumps must spread over at least this share of the run."""

EXPLAINS = ("lr-too-low", "plateau", "lr-too-high", "missing-warmup")
"""A reset restarts the optimizer's statistics: the slow progress, the restarts' loss jumps and their
unstable first steps are its doing, and lr advice would not help."""
ADAPTIVE_EXPLAINS = ("exploding-gradients",)
"""...and, for an adaptive optimizer (Adam, RMSprop), the gradient jumps after its restarts: its first steps after each
are as large as the lr in every coordinate, which throws the weights (a GIN re-created at RMSprop 3e-3 each epoch: its
gradient norm jumped 245x after a restart; clipping made the run 38% worse, creating the optimizer once 5% better)."""
FIX = {"create_optimizer_once": True, "checkpoint_optimizer_state": True}


ADVICE = (
    "Create the optimizer once, before the epoch loop, and save/load optimizer.state_dict() "
    "(and the scheduler's) with every checkpoint."
)


def explained(s: Signals) -> tuple[str, ...]:
    """What a reset explains in this run (``EXPLAINS``, and ``ADAPTIVE_EXPLAINS`` for an adaptive optimizer)."""
    return EXPLAINS + (ADAPTIVE_EXPLAINS if s.optimizer_family == "adaptive" else ())


@dataclass(frozen=True, slots=True)
class Params:
    spike_z: float
    spike_height: float
    min_jumps: int
    max_interval_cv: float


def from_counter(s: Signals, resets: list[Reset]) -> Hit:
    """Resets proven by the optimizer's own step counter or the recorder's events."""
    steps = np.array([r.step for r in resets])
    jumps = [s.level_at(r.step + s.step_interval) - s.level_at(r.step - s.step_interval) for r in resets] if s.n else []
    evidence: dict[str, float] = {"resets": len(resets), "first_reset_step": int(steps[0])}
    if len(resets) > 1:
        evidence["median_interval_steps"] = float(np.median(np.diff(steps)))
    if jumps:
        evidence["median_loss_jump"] = float(np.median(jumps))
    counters = [r for r in resets if r.how == "opt_step"]
    how = (
        f"the optimizer's step counter went back (e.g. {counters[0].opt_step_before:.0f} -> {counters[0].opt_step_after:.0f} "
        f"at step {counters[0].step})" if counters else "the recorder saw a new optimizer state"
    )
    if len(resets) == 1:
        what = f"The optimizer's state was thrown away at step {resets[0].step}: {how}. A resume without optimizer state does this."
    else:
        what = (
            f"The optimizer's state was thrown away {len(resets)} times (steps {', '.join(map(str, steps[:LISTED_RESETS]))}"
            f"{', ...' if len(resets) > LISTED_RESETS else ''}, every ~{evidence['median_interval_steps']:.0f} steps): {how}. "
            "The optimizer is re-created inside the training loop."
        )
    return Hit(step_start=int(steps[0]), step_end=int(steps[-1]), message=what, evidence=evidence, suggestion=ADVICE,
               fix=dict(FIX), explains=explained(s))


def from_loss_jumps(s: Signals, p: Params) -> Hit | None:
    """Loss jumps that recur at regular intervals with no lr increase to explain them."""
    skip = s.first_step + SKIP_SHARE * s.span_steps
    jumps = [sp for sp in s.spikes(p.spike_z, p.spike_height) if sp.step > skip and not s.lr_rising_between(sp.step - s.step_interval, sp.step)]
    if len(jumps) < p.min_jumps:
        return None
    steps = np.array([j.step for j in jumps])
    intervals = np.diff(steps)
    cv = float(np.std(intervals) / np.mean(intervals))
    if cv > p.max_interval_cv or steps[-1] - steps[0] < MIN_SPREAD_SHARE * s.span_steps:
        return None
    interval = float(np.median(intervals))
    return Hit(
        step_start=int(steps[0]),
        step_end=int(steps[-1]),
        message=(
            f"The loss jumps {len(jumps)} times at regular intervals of ~{interval:.0f} steps (spread {cv:.0%}) with no lr "
            "increase to explain it: the signature of an optimizer re-created every epoch (no opt_step column to confirm)."
        ),
        evidence={"jumps": len(jumps), "median_interval_steps": interval, "interval_cv": cv,
                  "median_jump_z": float(np.median([j.z for j in jumps]))},
        suggestion=ADVICE + " Log opt_step (lrdoctor's recorder does) to confirm.",
        fix=dict(FIX),
        explains=explained(s),
    )


def check(s: Signals, p: Params) -> list[Hit]:
    if stateless(s.meta.get("optimizer"), s.meta.get("optimizer_params")):
        # a Relation Network at plain SGD 0.1 whose loss jumped at regular intervals (an lr too high) was told, as an
        # error, that its optimizer was re-created: creating it once changed nothing (fresh27)
        raise NotApplicable("the optimizer is SGD without momentum: it keeps no state, and re-creating it loses nothing")
    if s.resets:
        return [from_counter(s, s.resets)]
    if not s.has_lr and not s.run.has("opt_step"):
        raise NotApplicable("no 'opt_step' column, and no 'lr' column to tell resets from warm restarts")
    if s.run.has("opt_step"):
        return []  # the counter never went back: no reset
    hit = from_loss_jumps(s, p)
    return [hit] if hit is not None else []
