"""exploding-gradients: the gradient norm jumps or grows by orders of magnitude."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrdoctor.findings import Hit
from lrdoctor.signals import GradJump, Signals, from_orders, prefix_medians

CLIP_QUANTILE = 0.9
"""The suggested clipping threshold is this quantile of the run's healthy gradient norms."""
WRECK_CLIP_QUANTILE = 0.5
"""...and, before an explosion early in the run, their median: of the few norms logged before it, the
highest are already the explosion building up (an RNN's: 0.7, 0.9, 1.2, 3.6, 3.2, then 41)."""
MIN_POINTS_AFTER_HISTORY = 3
"""Logged norms needed beyond ``history_points`` before the rule judges anything."""
SINGLE_JUMP_MULTIPLE = 2
"""One jump of this many times ``jump_orders`` counts on its own (fewer than ``min_jumps`` otherwise)."""
MIN_CLIP_HISTORY = 3
"""Norms before the first jump needed to read a clipping threshold off them (else: the whole run)."""
EARLY_HISTORY = 1
"""An early explosion is judged against the median of every norm before it from the second norm on: an RNN at a
high lr can blow up within two or three steps, before ``MIN_CLIP_HISTORY`` norms exist (0.58, 5.9, 58 at SGD 3;
0.29, 5.7, 9.1 ... at SGD 5, logged every 2nd step); the loss must blow up with it and stay up."""
MIN_TREND_POINTS = 5
"""Points of the running median needed to judge sustained growth."""
MIN_END_POINTS = 3
"""Norms at the end of the run whose median must stay up: at least this many..."""
END_WINDOW_SHARE = 0.5
"""...or this share of a running-median window."""
EARLY_SHARE = 0.05
"""An explosion that wrecks the run is looked for in this first share of it."""
END_GROWTH_SHARE = 0.7
"""Sustained growth: the norms at the end still hold this share of the growth (not a passing bulge)."""
SHARP_END_SHARE = 0.25
"""A gradient norm that grew while the loss kept falling: the loss's trend over this last share of the run did not rise."""
FELT_LOSS_Z = 3.0
"""A gradient jump is harmful only when the loss feels it: it stands this many local-noise units above its level at
the jump (corrupted batches: 4 to 170; a Poisson loss's harmless jumps under Adam: at most 1.6). Adam-family
optimizers normalise each step; under SGD a jump makes the step as large, yet one the loss did not feel did no harm
either: a TabNet under Nesterov one-cycle to 0.1, healthy, its norm jumping twice to 11-16x its running median while
its loss stayed in its noise, clipped at 1.8 retrained 8% better at one seed and 54% worse at the other (fresh24).
Any jump counts in a run whose loss then turned non-finite for good (an E(n)-equivariant network at SGD-momentum
0.1 without clipping: its jumps come before the NaN, which the loss felt last)."""
FELT_POINTS = 3
"""...within this many logged points from the jump on."""
REPEATED_SHARE = 0.75
"""Under plain SGD (with or without momentum) a jump makes the step as large, so smaller jumps count when they
repeat: ``REPEATED_JUMPS`` or more, each at least this share of ``jump_orders`` (and of ``min_run_orders``) above
the running level (0.75 order: 5.6x), the loss feeling every one. Three runs at SGD 1-3 without clipping (two of
them GRUs) whose norm jumped 6-19x, their loss with it each time, retrained 2.5-32x better clipped (fresh25, fresh28,
fresh29); a FiLM CNN at SGD 1 whose three felt jumps were 5.9-9.5x (the largest short of a full ``jump_orders``, once
asked for too) retrained 66% better clipped at 1 (fresh44); no healthy run of any half has even two such jumps, and no
Adam-family run counts (Adam normalises each step)."""
REPEATED_JUMPS = 2
"""...this many of them. Two are enough: an SE-net, a Huber regressor and a CoordConv CNN at SGD 1 without clipping
whose two felt jumps were 9.4x and 8.6x, 7.0x and 7.9x, 8.2x and 23x (fresh35, fresh42, fresh46) retrained 75%, 40%
and 67% better clipped at 1 (their counterfactuals); of the labelled runs of every half, the only other plain-SGD runs
with two such jumps are faults whose label allows the finding (summed losses, lrs 30-1000x too high)."""
BLOWN_ORDERS = 2.0
"""An explosion that ends the run in its first steps: the norm grows this many times ``jump_orders`` above the
first logged one before the loss turns non-finite (the tabular residual net at SGD 0.5: 26, 2125, 6e8, NaN)."""
MIN_BLOWN_NORMS = 2
"""...read off at least this many finite norms (the first one and a later one)."""
THROWN_ORDERS = 1.0
"""An explosion threw the weights away when the weight norm after it stays this many orders of magnitude
(10x) above its level before it: the model lands where its units saturate, and the loss may fall again from
there, but far above where the run was heading."""

FIRST_STEP_THROWN = 1.0
"""Clipping cannot save a run whose first step, clipped at the advised threshold, still moved the weights by this
share of their norm or more (SGD's step is the lr times the gradient, clipped or not: a first gradient already under
the threshold makes the same step): the lr threw the model before any gradient jumped, and lr-too-high's lower lr is
the fix. A focal-loss MLP at SGD-momentum 100 whose first step moved its weights by 4.5 of their norm (gradient
norm 0.26), told to clip at 0.72, retrained worse (2.54 -> 4.18); lowered to 0.13, it trained (1.07x its grid's
best). A run whose first step moved less than that can be saved by clipping (a temporal point process at SGD 3,
0.84: clipped at 1, its counterfactual, 0.017/0.049 from 3.1e4/2.39 at seeds 0/1)."""
CLIMB_LOSS_JUMP = 1.0
"""A climb of the norm from the first one throws the weights (as a jump does) only when the loss jumped with it,
this far above its first level in log-loss (2.7x) within ``FELT_POINTS`` points of the climb: an RNN CRF tagger at
SGD 0.5, norm 17.6 -> 317 in two steps, loss 28 -> 590, weight norm 27 -> 280 for good (clipped at 1: +70%); weights
that grow through a climb while the loss falls are learning from a small init (skip-gram embeddings: 1.1 -> 15)..."""
ABRUPT_SHARE = 0.5
"""...and only when the weights were thrown at once: this share of their growth (log) or more within ``FELT_POINTS``
rows of the climb (the CRF tagger's: 27 -> 163 in one row, 77%); weights that grow smoothly from a small init over the
run after a start-up spike were not thrown."""


@dataclass(frozen=True, slots=True)
class Params:
    jump_orders: float
    jump_z: float
    min_run_orders: float
    min_jumps: int
    growth_orders: float
    history_points: int


def clip_value(g: np.ndarray, quantile: float = CLIP_QUANTILE) -> float:
    """A clipping threshold from the run's own healthy log10 norms: their ``quantile``, 2 significant digits."""
    return float(f"{from_orders(float(np.quantile(g, quantile))):.2g}")


def explosions(s: Signals, p: Params) -> list[GradJump]:
    """Jumps of the gradient norm that this rule counts: far above the running level, far above the
    run's own typical norm (a converged model's rare big-batch gradient is not an explosion), and not
    right after an lr increase or an optimizer reset (the schedule's doing)."""
    steps, g, peak = s.grad_norm_reduced
    if g.size < p.history_points + MIN_POINTS_AFTER_HISTORY:
        return []
    typical = float(np.median(g))
    return [
        j for j in s.grad_jumps(p.jump_orders, p.jump_z, p.history_points)
        if not s.schedule_explains(j.step) and peak[np.searchsorted(steps, j.step)] - typical >= p.min_run_orders
    ]


@dataclass(frozen=True, slots=True)
class Wreck:
    """A gradient explosion early in the run after which the loss never came back, or that threw the
    weights far from where they were."""

    step: int
    orders: float
    norm_before: float
    norm_at: float
    loss_before: float
    loss_after: float
    clip: float
    weights_thrown: float = float("nan")  # the weight norm after the explosion / before it, when it is thrown
    from_first: bool = False  # the norm climbed from the first one over a few steps (norm_before is the first)


def weights_thrown(s: Signals, step: int, from_first: bool = False) -> float:
    """How many times larger the weight norm stays after ``step`` than before it (the median of the norms
    after, against the last before; ``from_first``: against the first, before a climb, and only when most of that
    growth came at once, ``ABRUPT_SHARE``), when that is at least ``THROWN_ORDERS``; NaN otherwise or unlogged."""
    steps, w = s.column("weight_norm")
    keep = w > 0
    steps, w = steps[keep], np.log10(w[keep])
    before, after = w[steps < step], w[steps > step]
    if before.size == 0 or after.size < MIN_TREND_POINTS:
        return float("nan")
    reference = float(before[0] if from_first else before[-1])
    ratio = float(np.median(after)) - reference
    if from_first and float(w[steps >= step][:FELT_POINTS].max()) - reference < ABRUPT_SHARE * ratio:
        return float("nan")  # grown over the run, not thrown at the climb
    return from_orders(ratio) if ratio >= THROWN_ORDERS else float("nan")


def early_explosion(s: Signals, p: Params) -> Wreck | None:
    """The first gradient norm, within the first ``EARLY_SHARE`` of the run and after at least
    ``EARLY_HISTORY`` norms, that jumps ``jump_orders`` above the median of the norms before it, when
    the loss jumped with it and its smoothed level never came back below where it was before the jump:
    one explosion that wrecked the run (the classic fate of an RNN trained without clipping). When the
    weight norm is logged, an explosion after which it stays ``THROWN_ORDERS`` higher wrecked the run
    too, even if the loss fell again from where it landed. Failing that, the first norm that climbed
    ``jump_orders`` above the first one (on a long bucketed log, the first bucket's median), when the
    loss never came back below its first level, or the loss jumped with it and the weights were thrown at once
    (``CLIMB_LOSS_JUMP``, ``ABRUPT_SHARE``): a norm that doubles each step (an RNN at SGD 3-10: 15-22x in 7-10 steps)
    never stands 10x above the median of the norms before it."""
    steps, g, peak = s.grad_norm_reduced
    early = int(np.searchsorted(steps, s.first_step + EARLY_SHARE * s.span_steps, side="right"))
    if early <= MIN_CLIP_HISTORY or not s.log_scale or s.n == 0:
        return None
    running = prefix_medians(g, EARLY_HISTORY, early)  # the median of the norms before each
    excess = peak[EARLY_HISTORY:early] - running
    jumped = np.flatnonzero(excess >= p.jump_orders)
    if jumped.size:
        wreck = wrecked_at(s, EARLY_HISTORY + int(jumped[0]), float(excess[jumped[0]]), running[jumped[0]],
                           clip_value(g[: EARLY_HISTORY + int(jumped[0])], WRECK_CLIP_QUANTILE), from_first=False)
        if wreck is not None:
            return wreck
    climbed = np.flatnonzero(peak[EARLY_HISTORY:early] - g[0] >= p.jump_orders)
    if climbed.size == 0:
        return None
    i = EARLY_HISTORY + int(climbed[0])
    # measured from the first norm, and clipped there: the norms before the climbed one were already growing
    return wrecked_at(s, i, float(peak[i] - g[0]), float(g[0]), float(f"{from_orders(float(g[0])):.2g}"), from_first=True)


def wrecked_at(s: Signals, i: int, orders: float, reference: float, clip: float, from_first: bool) -> Wreck | None:
    """The wreck at position ``i`` of the reduced gradient norms (``orders`` above ``reference``, a log10 norm),
    if the loss never came back below its level before it (the median of the last levels; after a climb from
    the first norm, the first level: the loss was climbing too) or the weights were thrown (after a jump; after a
    climb, when the loss jumped with it and the weights at once)."""
    steps, _, peak = s.grad_norm_reduced
    step = int(steps[i])
    before = s.level[s.steps < step]
    if before.size == 0:
        return None
    loss_before = float(before[0]) if from_first else float(np.median(before[-MIN_CLIP_HISTORY:]))
    after = s.smooth[s.ts > step]
    if after.size < MIN_TREND_POINTS:
        return None
    # weights thrown by a jump wreck a run even if its loss falls again; weights that grow through a climb of the
    # norm while the loss falls are learning from a small init (skip-gram embeddings at SGD 10: norm 1.1 -> 15)
    if from_first:  # a climb throws the weights only with the loss jumping at it (``CLIMB_LOSS_JUMP``)
        felt = s.level[s.steps >= step][:FELT_POINTS]
        jumped = felt.size > 0 and float(felt.max()) - float(before[0]) >= CLIMB_LOSS_JUMP
        thrown = weights_thrown(s, step, from_first=True) if jumped else float("nan")
    else:
        thrown = weights_thrown(s, step)
    if float(after.min()) < loss_before and not np.isfinite(thrown):
        return None  # the loss came back and the weights were not thrown: a passing jump, not a wreck
    return Wreck(step, orders, from_orders(reference), from_orders(float(peak[i])), s.to_loss(loss_before),
                 s.to_loss(float(np.median(after))), clip, thrown, from_first=from_first)


def blown_to_nan(s: Signals, p: Params) -> Hit | None:
    """The loss turned non-finite for good within the first ``EARLY_SHARE`` of the run, and the finite gradient
    norms logged up to then grew ``BLOWN_ORDERS`` x ``jump_orders`` orders of magnitude above the first one: an
    explosion that ended the run early (a deep net without normalisation or clipping), often before a running
    median of the norms exists. The clipping threshold is the first norm, taken before the growth: a running
    level read off norms that were already growing gives one far above a healthy step's norm (5,600 and 1,800
    from the jump test on two fix-check runs, whose first norms, 0.54 and 21, trained when retrained)."""
    if not s.died or s.optimizer_family == "adaptive":
        return None
    first_bad = int(s.all_steps[s.nonfinite_loss][0])
    logged = float(s.all_steps[-1] - s.all_steps[0])  # the whole log: the finite loss spans only the start
    if first_bad > s.all_steps[0] + EARLY_SHARE * logged:
        return None
    steps, g = s.grad_norm
    g, steps = g[steps <= first_bad], steps[steps <= first_bad]
    if g.size < MIN_BLOWN_NORMS or float(g.max() - g[0]) < BLOWN_ORDERS * p.jump_orders:
        return None
    top = int(np.argmax(g))
    clip = float(f"{from_orders(float(g[0])):.2g}")
    growth = from_orders(float(g[top] - g[0]))
    return Hit(
        step_start=int(steps[0]),
        step_end=first_bad,
        message=(f"A gradient explosion ended the run: the gradient norm grew from {from_orders(float(g[0])):.3g} at step "
                 f"{int(steps[0])} to {from_orders(float(g[top])):.3g} at step {int(steps[top])} ({growth:.3g}x in "
                 f"{int(steps[top] - steps[0])} steps), and the loss turned non-finite at step {first_bad}."),
        evidence={"first_norm": from_orders(float(g[0])), "peak_norm": from_orders(float(g[top])), "growth_factor": growth,
                  "first_bad_step": first_bad},
        suggestion=(f"Clip gradients at max_norm={clip:g} (the first norm, before the explosion): "
                    "torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm) before optimizer.step(); "
                    "normalisation layers or a smaller initialisation keep a deep net's gradients from growing."),
        fix={"max_grad_norm": clip},
    )


def wreck_hit(s: Signals, w: Wreck) -> Hit:
    thrown = np.isfinite(w.weights_thrown)
    evidence = {"jump_factor": from_orders(w.orders), ("first_norm" if w.from_first else "norm_before"): w.norm_before,
                "norm_at_jump": w.norm_at, "loss_before": w.loss_before, "loss_after": w.loss_after}
    if thrown:
        evidence["weight_norm_factor"] = w.weights_thrown
    aftermath = (f"the weight norm stayed {w.weights_thrown:.3g}x higher after it: the weights were thrown far from "
                 f"where they were, and the loss (about {w.loss_before:.4g} before) sat around {w.loss_after:.4g} after."
                 if thrown else
                 f"the loss jumped with it, from about {w.loss_before:.4g} to {w.loss_after:.4g}, and never came back "
                 "below its level before the jump.")
    return Hit(
        step_start=w.step,
        step_end=s.last_step,
        message=(f"A gradient explosion wrecked the run: at step {w.step} the gradient norm "
                 + (f"had climbed to {w.norm_at:.3g}, {from_orders(w.orders):.3g}x the first one ({w.norm_before:.3g})"
                    if w.from_first else
                    f"jumped to {w.norm_at:.3g}, {from_orders(w.orders):.3g}x the median of the norms before it "
                    f"({w.norm_before:.3g})")
                 + f", and {aftermath}"),
        evidence=evidence,
        suggestion=(f"Clip gradients at max_norm={w.clip:g} (the "
                    + ("first norm, before the climb" if w.from_first else "median of the norms before the explosion")
                    + "): torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm) before optimizer.step()."),
        fix={"max_grad_norm": w.clip},
        # not lr-too-high: an lr that blew the run up at its start is the other half of the story (retrained, both
        # the clipping and the lower lr do better on RNNs at SGD 3-6), and its lr is the run's recommendation
        explains=("plateau", "missing-warmup", "lr-too-low"),
    )


def repeated_jumps(s: Signals, p: Params) -> list[GradJump]:
    """Under a non-adaptive optimizer, ``REPEATED_JUMPS`` or more jumps of ``REPEATED_SHARE`` x the thresholds that
    the loss felt (none when fewer); none of them need reach a full ``jump_orders``."""
    if s.optimizer_family != "sgd" or s.died:  # a run that died: its jumps count unfelt, above
        return []
    share = Params(p.jump_orders * REPEATED_SHARE, p.jump_z, p.min_run_orders * REPEATED_SHARE, p.min_jumps,
                   p.growth_orders, p.history_points)
    jumps = [j for j in explosions(s, share) if loss_felt(s, j.step)]
    if len(jumps) < REPEATED_JUMPS:
        return []
    return jumps


def jumps_hit(s: Signals, p: Params, jumps: list[GradJump], repeated: bool = False) -> Hit:
    """Jumps of the gradient norm, clipped at the ``CLIP_QUANTILE`` of the norms before the first one; ``repeated``
    (``repeated_jumps``): of the norms before the last one, the jumps left out. A model stuck at first and learning
    later works at larger norms than the stuck ones: a keyword-spotting CRNN at SGD 1, clipped at 0.47 (the norms
    before its first jump), ended where it did unclipped at one seed (0.23); at 0.74 it ended 0.09 and 0.10."""
    steps, g, peak = s.grad_norm_reduced
    biggest = max(j.orders for j in jumps)
    first = jumps[0]
    i = int(np.searchsorted(steps, first.step))
    before = g[:i]
    if repeated:
        last = int(np.searchsorted(steps, jumps[-1].step))
        before = np.delete(g[:last], np.searchsorted(steps, [j.step for j in jumps[:-1]]))
    clip = clip_value(before if before.size >= MIN_CLIP_HISTORY else g)
    level = from_orders(float(s.grad_level[i]))
    return Hit(
        step_start=first.step,
        step_end=jumps[-1].step_end,
        message=(
            f"The gradient norm jumped {len(jumps)} time(s) to up to {from_orders(biggest):.3g}x its running median "
            f"(first at step {first.step}: {from_orders(float(peak[i])):.3g} vs {level:.3g})."
        ),
        evidence={"jumps": len(jumps), "max_jump_factor": from_orders(biggest), "first_jump_norm": from_orders(float(peak[i])),
                  "running_median_before": level, "noise_log10": s.grad_noise},
        suggestion=(f"Clip gradients at max_norm={clip:g} (the {CLIP_QUANTILE:.0%} quantile of this run's norms before "
                    + ("the last jump, the jumps left out" if repeated else "the first jump")
                    + "); lower the lr if jumps persist."),
        fix={"max_grad_norm": clip},
        # a run whose gradient jumped 10x, its loss with it, is at or past the lr it can take: its small median steps
        # or its flat loss are not a call to raise the lr (a contrastive coder at SGD 1 without clipping, at chance
        # with its norm jumping 26x, was told to raise the lr 38x by lr-too-low and plateau: NaN; clipped, it trained)
        explains=("plateau", "lr-too-low"),
    )


def sharpening(s: Signals, since: int) -> bool:
    """The loss kept falling while the gradient norm grew: significantly from ``since`` to the end, and over the
    last ``SHARP_END_SHARE`` of the run too. A model sharpening its fit grows its gradients as it gets better (a
    mixture density network's scales shrink, its log-likelihood's gradients grow 35-50x in healthy runs); an
    explosion does not make the loss better."""
    if s.died:
        return False
    end = s.last_step + 1
    late = s.last_step - SHARP_END_SHARE * s.span_steps
    return s.loss_trend(since, end).falling and not s.loss_trend(late, end).rising


def growth_hit(s: Signals, p: Params) -> Hit | None:
    """The running median of the norm grew by ``growth_orders`` above its lowest level and stayed up; under plain SGD
    (with or without momentum, whose step grows with the gradient) by ``REPEATED_SHARE`` x that when the loss climbed
    significantly from where the growth began to the end. A mixture-of-softmaxes LSTM LM at SGD-momentum 10 without
    clipping (fresh71, labelled exploding-gradients: clipped at 0.25 it ends 83% lower) grew its norm 22x (1.35 orders)
    while its loss climbed 3.6 -> 21; nothing but lr-too-high's divergence was said. Clipped where this says (0.53) it
    retrained 16.5 -> 6.2 (a skip-gram at plain SGD 30, diverging after a dip, 4.40 -> 2.69). Healthy SGD runs whose
    norm grew as much (a skip-gram decayed linearly to zero, 1.2 orders) got better as it grew. Growth that never came
    back within dead-units' ``dead_orders`` of the highest norm before it is a collapsed gradient's float noise, not an
    explosion: a Levy-law MLP at SGD-momentum 1 whose units died by step 101 (norm 6.2 at step 1, 1e-31 by step 294),
    its norm then "growing" 2e5x to 3e-26, was told to clip at 3.7e-18, which retrained 43% worse (fresh113, read
    after its measurement)."""
    steps, g, _ = s.grad_norm_reduced
    trend, window = s.grad_trend, s.grad_trend_window
    valid = np.isfinite(trend)
    if valid.sum() < MIN_TREND_POINTS:
        return None
    i_low = int(np.argmin(np.where(valid, trend, np.inf)))
    after = np.where(valid[i_low:], trend[i_low:], -np.inf)
    growth = float(after.max() - trend[i_low])
    end_growth = float(np.nanmedian(g[-max(MIN_END_POINTS, int(END_WINDOW_SHARE * window)) :]) - trend[i_low])
    orders = p.growth_orders
    if s.optimizer_family == "sgd" and not s.died and s.loss_trend(int(steps[i_low]), s.last_step + 1).rising:
        orders *= REPEATED_SHARE  # under plain SGD, growth the loss climbed with (the step grows as the gradient)
    if growth < orders or end_growth < orders * END_GROWTH_SHARE:
        return None
    i_high = i_low + int(np.argmax(after))
    if float(after.max()) <= float(g[: i_low + 1].max()) - s.rule_params("dead-units").dead_orders:
        return None  # grown within a collapse: still dead-units' orders below where the norm had been, no explosion
    if sharpening(s, int(steps[i_low])):
        return None
    clip = clip_value(g[: i_low + 1] if i_low >= MIN_CLIP_HISTORY else g[:window])
    low, high = from_orders(float(trend[i_low])), from_orders(float(after.max()))
    return Hit(
        step_start=int(steps[i_low]),
        step_end=int(steps[i_high]),
        message=(
            f"The gradient norm grew steadily {from_orders(growth):.3g}x, from a running median of {low:.3g} "
            f"at step {int(steps[i_low])} to {high:.3g} at step {int(steps[i_high])}, and stayed up."
        ),
        evidence={"growth_factor": from_orders(growth), "norm_low": low, "norm_high": high},
        suggestion=f"Clip gradients at max_norm={clip:g} and lower the lr; steady growth usually ends in divergence.",
        fix={"max_grad_norm": clip},
    )


def loss_felt(s: Signals, step: int) -> bool:
    """Whether the loss spiked with a gradient jump at ``step``: ``FELT_LOSS_Z`` local-noise units above its
    level within a point before and ``FELT_POINTS`` after it. Under an adaptive optimizer, within the ``FELT_POINTS``
    after it, not at it: the loss logged with a jump is the batch whose gradient jumped (a hard batch's loss is high and
    its gradient large), and Adam divides that gradient by its own running size, so the step it makes is about the lr
    whatever the jump; a jump that threw an Adam run shows in the losses after it. A GEV regressor at Adam 1e-3 on
    heavy-tailed data, healthy, its norm jumping 30x and 13x with its batch's loss and back at the next point, was
    warned and told to clip at 1.6 (retrained: unchanged; fresh61)."""
    i = int(np.searchsorted(s.ts, step))
    after = s.optimizer_family == "adaptive"
    z = s.spike_z[i + 1 : i + 1 + FELT_POINTS] if after else s.spike_z[max(0, i - 1) : i + FELT_POINTS]
    return bool(z.size and float(np.nanmax(z)) >= FELT_LOSS_Z)


def first_step_clipped(s: Signals, clip: float) -> float:
    """The first logged update ratio as clipping at ``clip`` would have made it under a non-adaptive optimizer (the
    ratio scaled by clip / the first gradient norm when that is below 1), NaN when either is not logged on the first
    row or the optimizer is adaptive (clipping does not shrink an adaptive optimizer's first step)."""
    g_steps, g = s.grad_norm
    u_steps, u = s.update_ratio
    if s.optimizer_family == "adaptive" or not g.size or not u.size:
        return float("nan")
    if g_steps[0] != u_steps[0] or g_steps[0] != s.first_step:
        return float("nan")
    return from_orders(float(u[0]) + min(0.0, float(np.log10(clip)) - float(g[0])))


def check(s: Signals, p: Params) -> list[Hit]:
    hits = readings(s, p)
    clips = [float(h.fix["max_grad_norm"]) for h in hits if "max_grad_norm" in h.fix]
    if any(first_step_clipped(s, clip) >= FIRST_STEP_THROWN for clip in clips):
        return []  # the lr threw the model with a first step the advised clipping would not have changed: lr-too-high
    return hits


def readings(s: Signals, p: Params) -> list[Hit]:
    blown = blown_to_nan(s, p)
    if blown is not None:
        return [blown]
    wreck = early_explosion(s, p)
    if wreck is not None and s.optimizer_family != "adaptive":
        return [wreck_hit(s, wreck)]
    if s.grad_norm_reduced[1].size < p.history_points + MIN_POINTS_AFTER_HISTORY:
        return []
    jumps = explosions(s, p)
    if not s.died:  # a run that died felt its explosion at the end
        jumps = [j for j in jumps if loss_felt(s, j.step)]
    if len(jumps) >= p.min_jumps or max((j.orders for j in jumps), default=0.0) >= SINGLE_JUMP_MULTIPLE * p.jump_orders:
        return [jumps_hit(s, p, jumps)]
    hit = growth_hit(s, p)
    if hit is not None:
        return [hit]
    again = repeated_jumps(s, p)
    return [jumps_hit(s, p, again, repeated=True)] if again else []
