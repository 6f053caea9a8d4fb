"""missing-warmup: full lr from step 0 with an Adam-family optimizer, and an unstable start."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lrdoctor.checks import dead_units, exploding_gradients, lr_too_high
from lrdoctor.findings import Hit, NotApplicable
from lrdoctor.optim import steps_shrink
from lrdoctor.signals import TAMABLE_STEP, GradJump, Signals, Spike

MIN_POINTS = 20
"""Logged losses needed at all."""
START_SHARE = 0.01
"""The first logged step must be within this share of the run to see the start..."""
START_INTERVALS = 2
"""...or within this many logging intervals."""
MIN_EARLY_POINTS = 5
"""Points of the early stretch needed to measure its climb."""
SETBACK_NOISES = 3.0
"""One early spike counts if it set the loss back above its start by a spike's height and this many noise units."""
MIN_EARLY_SPIKES = 2
"""Two or more early spikes count whatever their height."""
RISE_NOISES = 4.0
"""An early climb counts when it is at least ``min_rise`` and this many noise units."""
LATE_RATE_SHARE = 0.5
"""Spikes later in the run at this share of the early rate (per share of the run) or more: the whole run is unstable."""
SPIKE_CHANCE = 0.05
"""Early spikes alone count when that many would fall in the early stretch by chance at most this often, given the
spikes later."""
END_SHARE = 0.05
"""The end level is the median of this share of the run's points..."""
MIN_END_POINTS = 3
"""...and of at least this many."""
MIN_WARMUP_SHARE = 0.15
"""The suggested warmup covers at least this share of the run. Retrained with warmups over 10% and 15% of their runs,
28 labelled missing-warmup runs of the fix-check halves (their counterfactuals: warmups of 60 steps in 400) ended better
in 24 (3 worse) and 27 (none worse) cases; with the 2% this rule once advised (7-11 steps of 400) some ended worse (a
ShuffleNet at Adam 0.3: 1.09 -> 1.15; over 15%: 0.81)."""
FIRST_STEP_GAP = 2
"""The first update's effect is read when the second logged loss comes at most this many steps after the first."""
RECOVERY_SHARE = 0.5
"""A first update that threw the loss was absorbed when the loss sat clearly below its start within this share of the
early stretch."""
FIRST_PAIR = 2
"""The first update's effect needs the first two logged losses and gradient norms."""
THROW_HELD_POINTS = 2
"""Under Adagrad, the logged losses after the first that must all hold the first update's throw (``throw_held``)."""
HARD_THROW = 2.0
"""A first update that threw the loss this many spike heights (``spike_height``) above the first loss (0.6 in log:
x1.8) with a step beyond the family's first-step band counts even when the run absorbed it: a 1-D U-Net at Adam 0.05
(first step 0.74 of the weights' norm, the loss x2.6) and a NeRF-like renderer at Adam 0.1 (1.1, x1.9) fell below
their starts within 20 steps, and a 60-step warmup ended 29% and 44% lower (fresh21); the healthy Fourier operator
whose throw was absorbed rose x1.55 (0.44 in log)."""


@dataclass(frozen=True, slots=True)
class Params:
    early_frac: float
    spike_z: float
    spike_height: float
    min_rise: float
    full_lr_frac: float


def later_grad_jumps(s: Signals) -> list[GradJump]:
    """Gradient-norm jumps as exploding-gradients defines them (its configured thresholds), if logged."""
    if not s.run.has("grad_norm"):
        return []
    return exploding_gradients.explosions(s, s.rule_params("exploding-gradients"))


def units_died(s: Signals) -> bool:
    """Whether weight gradients collapsed to zero during training and stayed there, as dead-units defines it (its
    configured thresholds): the unstable start did not settle, it killed units (retrained with the short warmup this
    rule advised, two such runs stayed dead; with the lower lr of lr-too-high they trained). Units dead from the first
    step are the init's doing, not the start's."""
    return dead_units.died_in_training(s) is not None


def shrugged_off(s: Signals, spike: Spike) -> bool:
    """A one-point spike that the loss left at once: the next logged loss is already at or below the first. A hard
    batch or a hard first step, not an unstable start: an RMSprop first step, ten Adam steps, throws the loss 1.5x for
    one step (retrained with the warmup this rule advised, a healthy cellular automaton resumed with its optimizer state
    ended the same, fresh15, session 20), and a healthy Fourier operator at Adam 0.03 spiked to 5x its start at step 5,
    back below it at step 6 (with the warmup advised it ended 3x worse, fresh19, session 24: read so only where the log
    kept every other step). A first step that also threw the gradient norm is ``first_update_wrecked``; a setback that
    lasts two logged points or more still counts."""
    if s.n <= FIRST_PAIR or spike.step_end != spike.step or spike.step >= s.steps[-1]:
        return False
    next_loss = s.level[s.steps > spike.step][0]  # the loss logged after the spike's
    return bool(next_loss <= s.level[0])


def first_update_wrecked(s: Signals, p: Params, hard: bool = True) -> bool:
    """The very first full-lr update threw the model: the loss right after it rose a spike's height
    (``spike_height``) above the first loss while the gradient norm rose exploding-gradients' ``jump_orders``
    above its first value, and the run did not absorb it at once (``RECOVERY_SHARE``: a healthy Fourier operator at Adam
    0.03 rose 0.44 in log after its first step, its gradient norm 22x, and within 20 steps sat 1.5 below its start; with
    the warmup this rule advised it ended 3x worse, fresh19; a graph network thrown to chance by its first step sat
    there for 40, and a warmup helped it 33%). Adam's first step moves every weight by the whole lr; a warmup keeps it
    small. A single point, but the one a warmup changes. A throw ``HARD_THROW`` spike heights high by a first step
    beyond the family's first-step band counts whatever the gradient norm did and however soon the run absorbed it
    (unless ``hard`` is False: under Adagrad, whose first step at a good lr is beyond that band and may throw one
    batch's loss 12x, undone at the next step)."""
    if s.n < FIRST_PAIR or s.steps[1] - s.steps[0] > FIRST_STEP_GAP or not s.log_scale:
        return False
    if hard and s.level[1] - s.level[0] >= HARD_THROW * p.spike_height and s.first_step_beyond_band:
        return True  # thrown hard by a step beyond the first-step band: a warmup helps even a run that absorbed it
    g_steps, g = s.grad_norm
    if g.size < FIRST_PAIR or g_steps[0] != s.steps[0] or g_steps[1] != s.steps[1]:
        return False
    jump = s.rule_params("exploding-gradients").jump_orders
    if not (s.level[1] - s.level[0] >= p.spike_height and g[1] - g[0] >= jump):
        return False
    # a throw the run absorbed at once: within the first half of the early stretch the smoothed loss already sat clearly
    # below where it started (a spike's height and SETBACK_NOISES noise units)
    idx = s.window(s.first_step, s.first_step + RECOVERY_SHARE * p.early_frac * s.span_steps)
    margin = max(p.spike_height, SETBACK_NOISES * s.noise)
    return not (idx.size and float(np.min(s.smooth[idx])) < float(s.level[0]) - margin)


def throw_held(s: Signals, p: Params) -> bool:
    """Whether the first update's throw held for two logged losses in a row (each a spike's height, ``spike_height``,
    above the first): Adagrad's first step, its largest by design, may throw one batch's loss alone (a healthy Burr XII
    MLP at Adagrad 0.1, its lr its grid's best: NLL 2.91, 34.6, then 2.94; fresh71), where a mixture-of-softmaxes LM
    at Adagrad 1 went 4.17, 11.9, 12.9, 13.1 and sat above its start for 20 steps (a 60-step warmup ends 19% lower)."""
    return s.n > THROW_HELD_POINTS and float(np.min(s.level[1 : 1 + THROW_HELD_POINTS]) - s.level[0]) >= p.spike_height


def early_share_chance(early: int, total: int, share: float) -> float:
    """The chance that ``early`` or more of ``total`` spikes fall in the first ``share`` of the run when spikes strike
    anywhere alike (a binomial tail): two early and one late are 6% likely in the first 15%, no sign of an unstable
    start (a healthy Fourier operator at RMSprop whose batch losses jump 0.34 in log spiked at steps 17, 49 and 65 of
    400; retrained with the warmup this rule advised it ended 27% worse, fresh19)."""
    return sum(math.comb(total, k) * share**k * (1.0 - share) ** (total - k) for k in range(early, total + 1))


def warmup_steps(s: Signals, settle: float) -> int:
    """The warmup to advise: to the step where the start settled, and over ``MIN_WARMUP_SHARE`` of the run at least
    (2 significant digits; the run's logged steps, its finite losses' or beyond: a loss that died at step 9 of 400)."""
    warmup = int(max(settle - s.first_step, MIN_WARMUP_SHARE * max(s.span_steps, s.last_step - s.first_step)))
    return int(float(f"{warmup:.2g}"))


def thrown_start(s: Signals) -> Hit | None:
    """The first full-lr step was one a warmup tames (``Signals.first_step_tamable``: larger than the family's usual
    step, short of the weights' whole norm; under Adagrad, beyond their whole norm and short of ten times it) and
    lr-too-high finds the lr too high: the first Adam steps moved every weight by the whole lr before its second-moment
    estimates meant anything. Such runs sat at chance, killed units or stalled high; retrained with a warmup over 15% of
    the run, at the same peak lr, they trained (a SqueezeNet at Adam 0.03, units dead from step 101: 1.39 -> 0.92; a
    DenseNet at Adam 0.05: 1.80 -> 0.57; an MMoE and a Burr XII MLP at Adagrad 0.5: 0.857 -> 0.588, 2.72 -> 2.36), as
    did their lr-too-high fix, the lower lr (the recommendation carries both). lr-too-high's reading need not start in
    the early stretch: a Mamba-like LM at Adam 0.1 (first step 0.30 of the weights' norm) diverged from step 260 of 400,
    and its warmup counterfactual beat it (fresh60); an MLP at Adam 0.03 on easy data (0.46), stalled and jumping from
    step 687 of 1,500, retrained with the warmup at its lr ended 9% lower (two seeds), with the lower lr and the warmup
    49% lower. A start the run took in its stride (no lr-too-high finding) is no fault: a healthy Fourier operator at
    Adam 0.03 whose first step moved its weights by 0.68 of their norm."""
    if not s.first_step_tamable:
        return None
    readings = lr_too_high.configured_readings(s)
    if not readings:
        return None
    first = s.first_update_ratio
    optimizer = s.meta.get("optimizer")
    if steps_shrink(optimizer):
        usual = f"where an Adagrad first step at a good lr moves them by about their whole norm ({TAMABLE_STEP:g})"
        top = TAMABLE_STEP
    else:
        top = s.update_band[1]
        usual = f"where the family's steps take at most about {top:g}"
    warmup = warmup_steps(s, s.first_step)
    family = s.optimizer_family or "unknown"
    return Hit(
        step_start=s.first_step,
        step_end=int(min(s.first_step + warmup, s.last_step)),
        message=(
            f"The run starts at full lr {s.lr[0]:.3g} with no warmup (optimizer: {s.meta.get('optimizer', family)}), and "
            f"its first update moved the weights by {first:.2g} of their norm, {usual}; lr-too-high finds the lr too "
            f"high (from step {readings[0].step_start})."
        ),
        evidence={"lr_start": float(s.lr[0]), "lr_peak": s.lr_max, "first_update_ratio": first, "band_top": top},
        suggestion=(f"Warm the lr up linearly over the first ~{warmup} steps (e.g. LinearLR(start_factor=0.01, "
                    f"total_iters={warmup})), so that the first steps are small while Adam's estimates settle."),
        fix={"warmup_steps": warmup},
    )


def check(s: Signals, p: Params) -> list[Hit]:
    if s.optimizer_family == "sgd":
        raise NotApplicable(f"optimizer is {s.meta.get('optimizer')}: warmup is checked for Adam-family optimizers")
    if not s.n or not np.isfinite(s.lr_max):
        return []
    if s.first_step > max(START_SHARE * s.span_steps, START_INTERVALS * s.step_interval) + 1:
        raise NotApplicable(f"the first logged step is {s.first_step}: too late to see the start of training")
    if s.n < MIN_POINTS:
        # too few finite losses to read the start's shape; a loss that the first update threw to NaN within them
        # (``lr_too_high.thrown_before_nan``; not a NaN in the data after a calm start) leaves that step to read (a
        # Gompertz survival MLP at Adam 0.07, first step 0.74 of the weights' norm, NaN from step 9 of 400: a 60-step
        # warmup at the same lr trained to 1.52, fresh77)
        died_thrown = s.died and lr_too_high.thrown_before_nan(s, int(s.all_steps[s.nonfinite_loss][0]))
        thrown = thrown_start(s) if died_thrown else None
        return [] if thrown is None else [thrown]
    if s.lr[0] < p.full_lr_frac * s.lr_max:
        return []  # the run warms up
    if s.first_step_as_adam < s.update_band[1]:
        # its first full-lr step moved the weights no more than a regular step of the family does (NaN, unlogged,
        # compares False): a warmup shrinks nothing that was large, and an unsettled start is the batches' noise
        # (Barlow Twins at Adam 1e-4, 100x too low, first step 0.0012 of the weights' norm, its batch loss jumping
        # 4.6 -> 7.6: a 7-step warmup retrained 1.80 -> 1.82; the faults this rule finds moved them 0.3-4x)
        return []
    early_end = s.first_step + p.early_frac * s.span_steps
    if lr_too_high.lr_spent_early(s, s.steps <= early_end, early_end):
        # a schedule took the lr to a tenth of its peak within the start and kept it there: what settled the start is
        # the lr's cut, premature-decay's finding (a DINO-like self-distillation at Adam 3e-3 cut tenfold at step 21 of
        # 400, its loss rising from the first step as its teacher sharpened: the warmup this rule advised beside the later
        # decay retrained 10% worse, fresh68)
        return []
    thrown = thrown_start(s)
    if thrown is not None:
        return [thrown]
    adagrad = steps_shrink(s.meta.get("optimizer"))
    if adagrad and not (s.first_step_tamable and first_update_wrecked(s, p, hard=False) and throw_held(s, p)):
        # a healthy memory network at Adagrad 0.1 (fresh16) jolted at step 3 and recovered at once; its 11-step warmup,
        # retrained, ended 3.7x worse: Adagrad's steps shrink after the first. Its start is unstable only when a first
        # step a warmup tames threw the model, two logged losses in a row held the throw, and the run did not absorb
        # it at once
        raise NotApplicable(f"optimizer is {s.meta.get('optimizer')}: its steps shrink from the first on, a warmup's "
                            "own work")
    spikes = s.spikes(p.spike_z, p.spike_height)
    early_spikes = [sp for sp in spikes if sp.step <= early_end]
    late_spikes = [sp for sp in spikes if sp.step > early_end and not s.lr_rising_between(sp.step, sp.step)]
    idx = s.window(s.first_step, early_end)
    rise, i_peak = 0.0, 0
    if idx.size >= MIN_EARLY_POINTS:
        sm = s.smooth[idx]
        drawup = sm - np.minimum.accumulate(sm)  # the climb above the lowest level reached so far
        i_peak = int(np.argmax(drawup))
        rise = float(drawup[i_peak])
    # one early spike is a hard batch unless it set the run back clearly above where it started (by a
    # spike's height and 3 noise units); two or more count
    margin = max(p.spike_height, SETBACK_NOISES * s.noise)
    setback = any(s.level_at(sp.step) + sp.height > s.initial_level + margin and not shrugged_off(s, sp)
                  for sp in early_spikes)
    wrecked = first_update_wrecked(s, p, hard=not adagrad)
    unstable = (len(early_spikes) >= MIN_EARLY_SPIKES or setback or wrecked
                or rise >= max(p.min_rise, RISE_NOISES * s.noise))
    if not unstable:
        return []
    if late_spikes and any(j.step > early_end for j in later_grad_jumps(s)):
        return []  # loss spikes and gradient-norm jumps later too: the trouble is not confined to the start
    if units_died(s):
        return []  # the start killed units: it did not settle, and the lr that did it is too high (dead-units says so)
    late_rate = len(late_spikes) / (1.0 - p.early_frac)
    early_rate = len(early_spikes) / p.early_frac
    if late_spikes and late_rate >= LATE_RATE_SHARE * early_rate:
        return []  # spikes everywhere: the lr is too high for the whole run, not just the start
    # spikes alone (how many, or a setback) with spikes later: count only when chance rarely puts that many early
    if late_spikes and not (wrecked or rise >= max(p.min_rise, RISE_NOISES * s.noise)):
        if early_share_chance(len(early_spikes), len(early_spikes) + len(late_spikes), p.early_frac) > SPIKE_CHANCE:
            return []  # as many early spikes as chance puts there: the batches' noise, not the start
    end_level = float(np.median(s.ys[-max(MIN_END_POINTS, int(END_SHARE * s.ys.size)):]))
    if end_level >= float(np.max(s.smooth[idx])) or end_level >= min(s.initial_level, float(s.level[0])):
        # it never settled below its unstable start, or never got below where it started (its first loss, before any
        # update, or its first points): the lr is too high for the whole run (an RMSprop triplet MLP 30x too high)
        return []
    settle = max([sp.step_end for sp in early_spikes] + ([int(s.ts[idx[i_peak]])] if rise > 0 else []))
    throw = ""
    if wrecked:  # settled where the smoothed loss came back to its first level
        back = np.flatnonzero((s.ts > s.first_step) & (s.smooth <= s.level[0]))
        settle = max(settle, int(s.ts[back[0]]) if back.size else settle)
        throw = (f"its first update threw the loss x{math.exp(float(s.level[1] - s.level[0])):.3g}, back at its first "
                 f"level at step {int(settle)}; ")
    warmup = warmup_steps(s, settle)
    family = s.optimizer_family or "unknown"
    return [
        Hit(
            step_start=s.first_step,
            step_end=int(settle),
            message=(
                f"The run starts at full lr {s.lr[0]:.3g} with no warmup (optimizer: {s.meta.get('optimizer', family)}) and "
                f"the start is unstable: {throw}{len(early_spikes)} spike(s) and a climb of {rise:.2f} in log-loss "
                f"before step {int(settle)}, then it settles ({len(late_spikes)} spike(s) later)."
            ),
            evidence={"lr_start": float(s.lr[0]), "lr_peak": s.lr_max, "early_spikes": len(early_spikes),
                      "early_rise": rise, "late_spikes": len(late_spikes), "settled_step": int(settle)},
            suggestion=f"Warm the lr up linearly over the first ~{warmup} steps (e.g. LinearLR(start_factor=0.01, total_iters={warmup})).",
            fix={"warmup_steps": warmup},
        )
    ]
