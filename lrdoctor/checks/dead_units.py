"""dead-units: weight tensors whose gradients collapsed to zero and stayed there (dead ReLUs)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrdoctor.advice import DIVISOR
from lrdoctor.checks import wrong_initial_loss
from lrdoctor.findings import Hit, LrAdvice, NotApplicable
from lrdoctor.signals import Signals, from_orders

LR_DIVISOR = 10.0
"""Units killed by a too-large step: the recommended lr is at least this many times lower."""
THROW_ORDERS = 0.5
"""``largest_gradient_at``: the largest gradient norm of the stretch the units died in stands this many orders of
magnitude (3.2x) above the median of the norms before it..."""
THROW_HISTORY = 3
"""...of at least this many norms."""
FEW_DEAD_SHARE = 0.25
"""Units that died in training in fewer than this share of the weight tensors (one layer or two of many) are no sign
of an lr too high: the rest of the model still learns (a healthy Res2Net at Adam 0.01, its grid's best within 4%, lost
one convolution of 13 by step 101, told a tenth of its lr it retrained 21% worse; an mLSTM at AdamW 0.1 whose warmup
did not help lost 2 of 17). Where a fault killed units it killed them in nearly a third of the tensors or more (of the
76 labelled runs whose units died under a fault other than the output layer's init, the fewest 4 of 13, 2 of 6 and 2 of
5); the finding is then an info, with no lr advice."""
LISTED_LAYERS = 4
"""The message names at most this many dead layers."""
BIAS_SUFFIXES = ("bias", "bias_ih", "bias_hh", "bias_ih_l0", "bias_hh_l0")
"""Parameter names of biases: a bias still moves when every unit behind it is dead."""
TAIL_POINTS = 64
"""``alive_at_end`` looks for a column's last finite value among this many last rows first (doubling)."""
SPARSE_DEAD_POINTS = 2
"""A column logged more sparsely than the loss (the recorder's per-layer norms, every ``layers_every`` steps: 3 values
over a 300-step run) stays dead over at least this many of its values, when they span ``min_dead_points`` of the loss's
logged intervals and ``min_dead_frac`` of the run (a TCN at SGD-momentum 0.3: every weight gradient exactly 0 at steps
101 and 201, the loss at ln 6 from step 69; its grid's best lr is 10x lower)."""


@dataclass(frozen=True, slots=True)
class Params:
    dead_orders: float
    min_dead_points: int
    min_dead_frac: float


def alive_at_end(values: np.ndarray, p: Params) -> bool:
    """Whether the last finite norm of a column (NaN where it was not logged) is neither zero nor ``dead_orders``
    below the column's peak: then ``dead_since`` finds nothing (its last value is alive), read without a copy of
    the column (a 1,000,000-row log's per-layer columns cost more than the rest of the rule)."""
    size = TAIL_POINTS
    while True:
        tail = values[-size:]
        finite = np.flatnonzero(np.isfinite(tail))
        if finite.size or size >= values.size:
            break
        size += size  # doubling
    if not finite.size:
        return False
    with np.errstate(invalid="ignore"):
        peak = np.fmax.reduce(values)
    return not bool(gone(tail[finite[-1]], peak, p))


def gone(norms: np.ndarray, peaks: np.ndarray, p: Params) -> np.ndarray:
    """Which gradient norms are dead: exactly zero, or ``dead_orders`` below the peak before them."""
    return np.asarray((norms == 0) | (norms <= peaks * from_orders(-p.dead_orders)))


def dead_since(s: Signals, steps: np.ndarray, norms: np.ndarray, p: Params) -> int | None:
    """The step from which a series of gradient norms is zero or ``dead_orders`` below its earlier peak
    to the end, if that stretch is long enough; None otherwise."""
    needed = p.min_dead_points
    if steps.size > 1 and float(np.median(np.diff(steps))) > s.step_interval:
        needed = min(needed, SPARSE_DEAD_POINTS)  # logged sparsely: fewer values span the same stretch of steps
    if norms.size < needed:
        return None
    alive = np.flatnonzero(~gone(norms, np.maximum.accumulate(norms), p))
    first = int(alive[-1]) + 1 if alive.size else 0
    if norms.size - first < needed:
        return None
    since = int(steps[first])
    if needed < p.min_dead_points and s.last_step - since < p.min_dead_points * s.step_interval:
        return None  # the few sparse values must still span as many of the loss's intervals as a dense column would
    if s.last_step - since < p.min_dead_frac * s.span_steps:
        return None
    return since


def is_bias(name: str) -> bool:
    return name.rsplit(".", 1)[-1] in BIAS_SUFFIXES or name.endswith("bias")


def check(s: Signals, p: Params) -> list[Hit]:
    """Computed once per run and thresholds: lr-too-high and missing-warmup read these findings too."""
    hits: list[Hit] = s.shared(("dead-units", p), lambda: readings(s, p))
    return hits


def configured_readings(s: Signals) -> tuple[list[Hit], Params]:
    """dead-units' findings with its configured thresholds (none where it does not apply), for the rules that read them."""
    p = s.rule_params("dead-units")
    try:
        return check(s, p), p
    except NotApplicable:
        return [], p


def lr_that_killed(s: Signals, first: int, columns: list[str]) -> float:
    """The largest lr the run had used by ``first``, the first logged step its units were dead: they died somewhere
    since their last reading alive, and the largest step up to then is the likeliest to have thrown them (per-layer
    norms read every 100 steps: a cyclic schedule to a peak of 1 killed an N-BEATS' units, found dead at step 101 in
    its cycle's trough at lr 0.05, and a tenth of that was advised, 40x below its grid's best). Where the log shows
    the throw between that last reading alive and ``first`` (``thrown_at``), the largest lr up to the throw: a
    warmup to AdamW 1 whose byte-level CNN's units were found dead at step 101 had its gradient norm jump 13x above its
    running level at step 19, lr 0.24; a tenth of the peak, 0.1, retrained at chance (3.3x its grid's best), a tenth of 0.24 trains.
    ``thrown_at`` also reads the stretch's largest gradient norm and the norm's collapse, where no jump or spike shows."""
    thrown = thrown_at(s, last_reading_before(s, first, columns), first)
    lr = s.lr[s.steps <= (first if thrown is None else thrown)]
    lr = lr[np.isfinite(lr)]
    return float(lr.max()) if lr.size else s.lr_at(first)


def last_reading_before(s: Signals, step: int, columns: list[str]) -> int:
    """The last step before ``step`` at which any of ``columns`` was logged (the first logged step if none was)."""
    steps = s.run.values("step")
    before = [steps[np.isfinite(s.run.values(c)) & (steps < step)] for c in columns]
    return max((int(b.max()) for b in before if b.size), default=s.first_step)


def thrown_at(s: Signals, after: int, until: int) -> int | None:
    """The first step in (``after``, ``until``] where the model was thrown: a gradient-norm jump as exploding-gradients
    counts one (its thresholds), or, where the norm shows none there, a loss spike as lr-too-high counts one (its
    thresholds), else the stretch's largest gradient norm standing out (``largest_gradient_at``), else the last step
    before the norm collapsed for good (``collapse_at``), else the first of a row of update ratios above the band
    (``steps_past_band_at``). The norm is the direct reading: a 1-D U-Net under a cyclic NAdam schedule to 0.3 spiked its loss at
    step 4 (lr 0.032) on its way up, and its gradient norm jumped at step 14 (lr 0.089) and again at 38; its grid's
    best is 0.0095."""
    eg, lh = s.rule_params("exploding-gradients"), s.rule_params("lr-too-high")
    jumps = [j.step for j in s.grad_jumps(eg.jump_orders, eg.jump_z, eg.history_points)] if s.run.has("grad_norm") else []
    for steps in (jumps, [sp.step for sp in s.spikes(lh.spike_z, lh.spike_height)]):
        inside = [step for step in steps if after < step <= until]
        if inside:
            return min(inside)
    peak = largest_gradient_at(s, after, until)
    if peak is not None:
        return peak
    collapse = collapse_at(s, after, until)
    return collapse if collapse is not None else steps_past_band_at(s, after, until)


def steps_past_band_at(s: Signals, after: int, until: int) -> int | None:
    """The first step in (``after``, ``until``], after the run's first, from which ``THROW_HISTORY`` logged update
    ratios in a row stood above the top of the optimizer family's band: steps that large throw units wherever the
    gradient norm shows no throw (a graph transformer under a warmup to AdamW 1, found dead at step 101, its update
    ratio 0.10-0.14 from step 2 on, lr 0.025 there; the band's top is 0.03: told a tenth of its peak, 0.1, it retrained
    at chance, 2.4x its grid's best, which is 0.032; fresh55)."""
    steps, log_u = s.update_ratio
    inside = np.flatnonzero((steps > max(after, s.first_step)) & (steps <= until))
    if inside.size < THROW_HISTORY:
        return None
    above = log_u[inside] > np.log10(s.update_band[1])  # the ratios are log10s
    runs = np.convolve(above.astype(int), np.ones(THROW_HISTORY, dtype=int), mode="valid") == THROW_HISTORY
    first = np.flatnonzero(runs)
    return int(steps[inside[first[0]]]) if first.size else None


def largest_gradient_at(s: Signals, after: int, until: int) -> int | None:
    """The step of the largest global gradient norm in (``after``, ``until``] when it stood ``THROW_ORDERS`` above the
    median of the norms before it there (``THROW_HISTORY`` of them at least): the largest step of the stretch the units
    died in, where neither a jump nor a loss spike cleared their rules' thresholds (a Maxout MLP under a warmup to AdamW
    1, its units found dead at step 101: its gradient norm rose to 8.5x its early level at step 18, lr 0.23, and
    collapsed after it; a tenth of the peak, 0.1, retrained at chance, 2x its grid's best, which is 0.01)."""
    if not s.run.has("grad_norm"):
        return None
    steps, g = s.grad_norm
    inside = np.flatnonzero((steps > after) & (steps <= until))
    if inside.size <= THROW_HISTORY:
        return None
    top = int(inside[np.argmax(g[inside])])
    before = g[inside[0] : top]
    if before.size < THROW_HISTORY or float(g[top]) < float(np.median(before)) + THROW_ORDERS:
        return None
    return int(steps[top])


def collapse_at(s: Signals, after: int, until: int) -> int | None:
    """The last step before the global gradient norm fell ``THROW_ORDERS`` below its level at the start of [``after``,
    ``until``] (the median of its first ``THROW_HISTORY`` norms, from the last reading alive on) and stayed there to
    ``until``: the
    units died there, whatever the step that threw them looked like (an IndRNN under a warmup to AdamW 1, its gradient
    norm 3.2-8.8 over its first 4 steps and 0.08-0.6 from step 5 on, lr 0.05 at step 4, found dead at step 101: a tenth
    of the peak, 0.1, retrained at chance, 2x its grid's best, which is 0.01 or lower)."""
    if not s.run.has("grad_norm"):
        return None
    steps, g = s.grad_norm
    inside = np.flatnonzero((steps >= after) & (steps <= until))
    if inside.size <= THROW_HISTORY:
        return None  # no level to fall from and nothing after it (a collapse needs as many norms on each side, below)
    norms = g[inside]
    level = float(np.median(norms[:THROW_HISTORY]))
    highest_after = np.maximum.accumulate(norms[::-1])[::-1]  # the largest norm from each point to ``until``
    low = np.flatnonzero(highest_after <= level - THROW_ORDERS)
    if not low.size or low[0] < THROW_HISTORY or norms.size - low[0] < THROW_HISTORY:
        return None
    return int(steps[inside[low[0] - 1]])


def died_in_training(s: Signals) -> Hit | None:
    """dead-units' finding (its configured thresholds) when its units died during training, not dead from the first
    logged steps (the init's doing), in ``FEW_DEAD_SHARE`` of the weight tensors or more: the reading lr-too-high and
    missing-warmup take as a too-large step's."""
    hits, p = configured_readings(s)
    return next((h for h in hits if not from_start(s, int(h.evidence["dead_since_step"]), p)
                 and not few_dead(h.evidence["dead_tensors"], h.evidence["weight_tensors"])), None)


def few_dead(dead: float, tensors: float) -> bool:
    """Whether ``dead`` weight tensors of ``tensors`` are fewer than ``FEW_DEAD_SHARE`` of them."""
    return dead < FEW_DEAD_SHARE * tensors


def dead_at_init(s: Signals) -> bool:
    """Whether dead-units' finding (its configured thresholds) has every weight tensor's gradient zero from the first
    logged row to the end: the init's doing, which no lr caused (units an lr kills die after the first step, and some
    tensors usually live on)."""
    hits, _ = configured_readings(s)
    return any(int(h.evidence["dead_since_step"]) == s.first_step and h.evidence["dead_tensors"] >= h.evidence["weight_tensors"]
               for h in hits)


def from_start(s: Signals, first: int, p: Params) -> bool:
    """Whether gradients that are zero from step ``first`` on were so from the first logged steps."""
    return first <= s.first_step + s.step_interval * p.min_dead_points


def readings(s: Signals, p: Params) -> list[Hit]:
    layers = [c for c in s.run.columns_like("grad_norm") if s.run.has(c)]
    dead: dict[str, int] = {}
    if layers:
        for column in layers:
            name = column[len("grad_norm/") :]
            if is_bias(name):
                continue
            if alive_at_end(s.run.values(column), p):
                continue
            steps, norms = s.column(column)
            since = dead_since(s, steps, norms, p)
            if since is not None:
                dead[name] = since
        weights = [c for c in layers if not is_bias(c[len("grad_norm/") :])]
        if not weights:
            raise NotApplicable("no per-layer gradient norm of a weight tensor")
        tensors = len(weights)
    elif s.run.has("grad_norm"):
        tensors = 1  # the global norm: all of them as one
        if alive_at_end(s.run.values("grad_norm"), p):
            return []
        steps, norms = s.column("grad_norm")
        since = dead_since(s, steps, norms, p)
        if since is not None:
            dead["all parameters (global grad_norm)"] = since
    else:
        raise NotApplicable("no 'grad_norm' or per-layer 'grad_norm/<param>' columns")
    if not dead:
        return []
    first = min(dead.values())
    stretch = s.loss[s.steps >= first]
    with np.errstate(over="ignore"):  # losses near the float limit: the mean of the middle two is inf, not zero
        at_zero = bool(stretch.size) and float(np.median(np.abs(stretch))) == 0.0
    if at_zero:
        return []  # the loss itself is exactly zero there (a triplet or hinge loss every example satisfies): no gradient
    names = sorted(dead, key=dead.__getitem__)
    listed = ", ".join(names[:LISTED_LAYERS]) + (f" and {len(names) - LISTED_LAYERS} more" if len(names) > LISTED_LAYERS else "")
    # tensors that flowed at first and then died are training's doing, whatever else was zero from the start (a spatial
    # transformer's localisation layer has no gradient until the zero-initialised layer after it moves: told "dead from
    # the first step, fix the init" when its other 5 tensors died by step 101 under a warmup to AdamW 1)
    in_training = [since for since in dead.values() if not from_start(s, since, p)]
    at_init = not in_training
    columns = [f"grad_norm/{name}" for name in dead] if layers else ["grad_norm"]
    lr = lr_that_killed(s, min(in_training, default=first), columns) if s.has_lr else float("nan")
    advice = None
    head = not at_init and wrong_initial_loss.head_far_too_large(s)
    # a few tensors without a gradient from the first step while the rest learn are most likely a module whose output
    # never reaches the loss: every labelled run dead at init had all its weight tensors dead (or 3 of 4); a
    # Pyraformer-like forecaster, healthy, had 1 of 12 (the coarsest level of its pyramid, masked off from the head; fresh89)
    few = few_dead(len(dead), tensors)
    cut_off = at_init and few
    if not at_init and not head and not few and np.isfinite(lr) and lr > 0:
        advice = LrAdvice(lr / LR_DIVISOR, f"at least {LR_DIVISOR:g}x below the lr {lr:.2g} that killed the units", DIVISOR,
                          failed_lr=lr)
    cause = (f"Only {len(dead)} of the {tensors} weight tensors had none from the first logged step while the rest "
             "learn: a module whose output never reaches the loss (left out of the forward pass, or masked off) gets no "
             "gradient at all, and units dead at init in a layer or two of many cost the model little." if cut_off
             else "They were dead from the first logged step: the init leaves them no gradient (all-zero weights, large "
             "negative biases, or inputs on a scale the first layer cannot handle)." if at_init else
             "They died during training, in a run whose output layer was initialised far too large (wrong-initial-loss): "
             "its huge first outputs and gradients throw the layers before it." if head else
             f"Units are dead in {len(dead)} of the {tensors} weight tensors only: the rest of the model still "
             "learns, and units dead in a layer or two are no sign of an lr too high (lowering it made such runs worse)."
             if few else
             ("They died during training" if len(in_training) == len(dead) else
              f"{len(in_training)} of them flowed at first and died during training")
             + ": a step too large pushed them where they output zero for every input.")
    suggestion = ("Fix the init (a variance-preserving Kaiming/He init, no large negative biases) "
                  if at_init else "Fix the output layer's init first (a lower lr retrained worse on such runs) "
                  if head else "Lower the lr to about {lr} (or warm up) ")
    suggestion += "and use LeakyReLU/GELU or a normalisation layer so a gradient keeps flowing; a plateau's lr advice will not revive them."
    if cut_off:
        suggestion = ("If those layers should learn, check that their output reaches the loss (a module left out of the "
                      "forward pass, or cut off by a mask, gets no gradient); if they hold dead units, use LeakyReLU/GELU "
                      "or a normalisation layer.")
    elif few:
        suggestion = "If those layers matter, use LeakyReLU/GELU or a normalisation layer so a gradient keeps flowing."
    return [Hit(
        step_start=first,
        step_end=s.last_step,
        message=(f"The gradients of {len(dead)} weight tensor(s) ({listed}) are zero from step {first} to the end: "
                 + ("those layers do not learn. " if cut_off else
                    "their units are dead and those layers no longer learn; only biases still move. ") + cause),
        evidence={"dead_tensors": len(dead), "weight_tensors": tensors, "dead_since_step": first, "lr_at_death": lr},
        suggestion=suggestion,
        fix={} if cut_off else {"activation": "leaky_relu"},
        lr=advice,
        explains=() if few else ("plateau", "lr-too-low"),  # a few dead tensors do not stop the rest learning
        severity="info" if few else None,
    )]
