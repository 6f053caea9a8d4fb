"""plateau: no significant improvement over a long stretch at a constant, undecayed lr."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from lrdoctor.advice import DIVISOR
from lrdoctor.checks import lr_too_low
from lrdoctor.findings import Hit, LrAdvice
from lrdoctor.signals import Signals, eval_noise, exp_factor, from_orders, theil_sen

MAX_CANDIDATES = 40
"""Start steps tried for the flat stretch (evenly spaced over the constant-lr segment)."""
NEVER_MARGIN = 0.02
"""A loss that never got this far below its start (2% in log-loss) learned nothing, whatever the schedule."""
MIN_CLASSES = 2
"""A class count that gives a chance level ln C."""
STEADY_LR_RATIO = 1.3
"""An lr within this factor of itself over the run is constant."""
HALVES = 2
"""The flat stretch's evaluations are compared in two halves."""
MIN_EVALS = 4
"""Evaluations on the flat stretch needed before the validation loss can vouch that it still improves."""
IMPROVED_NOISES = 2.0
"""The validation loss still improves when its second half sits this many noise units below its first..."""
MIN_IMPROVEMENT = 0.015
"""...and this much in log-loss (1.5%). A Cox model converging slowly at a constant RMSprop lr improved its validation
loss 1.2% between the halves of its flat stretch and 2.0% along its significant trend, a decay there changed nothing
(+1.6%), and a neighbouring lr of a grid was not 10% better: at 2% it was read as stuck."""
QUIET_EVAL_NOISE = 0.01
"""A plateau whose steps are large (the optimizer said to bounce around the valley) with its validation loss, evaluated
``MIN_EVALS`` times or more on it, varying by less than this in log-loss (robust noise, 1%) has converged
(``held_out_quiet``): weights that bounce move a fixed held-out set's loss with them, so a decay has little to take (a
negative-binomial count regression at Adam 1e-3 fell 2.25 -> 1.85 to its NLL's floor, its held-out loss within 0.6%
over 7 evaluations: a decay, and the lr / or x sqrt(10), changed nothing; an MLP oscillating at SGD-momentum, which a
decay repairs, varied 2.5%)."""
HOLDING_EVAL_NOISE = 0.02
"""A plateau whose steps are large with its validation loss, evaluated ``MIN_EVALS`` times or more on it, varying by
less than this (robust noise, in log-loss: 2%), its second half no higher than its first by more than that noise and its
last evaluation within ``IMPROVED_NOISES`` of it of its best, has converged too (``held_out_holding``): a decay calms the
weights' bounce, and on a held-out loss that holds its level that bounce costs about its own variation, no more (two
Dagum likelihood MLPs for heavy-tailed incomes at Adagrad 0.03 and SGD 0.1, healthy, fresh87: their NLLs fell
1.75 -> 1.45 in the first tens of steps and then jumped point to point around that floor, their validation NLLs within
1.1% and 1.4% over 10 evaluations; told to decay the lr, retrained: 0.6% and 0.1% lower)."""
CREEP_SHARE = 1 / 3
"""A validation loss that still creeps down (``held_out_creeping``) fell along its trend by this share of ``MIN_IMPROVEMENT``
at least (0.5%): a run of a hundred evaluations makes a fall of a crumb significant."""
FLAT_NOISES = 3.0
"""A plateau starts where the smoothed loss came within this many of its standard errors of its plateau level."""
FLAT_DROP_CAP = 0.5
"""A significant fall over the stretch counts as flat below one unit of the loss's point-to-point noise, but never
when it is this much in log-loss (x1.65): a loss logged as single batches can jump x3.5 from one point to the next, and
a stretch whose epoch medians fell 0.12 -> 0.026 is no plateau (a public Lightning Fashion-MNIST CNN, its fall of x3.4
from step 599 on significant over 223 points)."""
MIN_LEVEL = 1e-12
"""The plateau's loss level is taken as at least this when steps are weighed against it."""
EARLY_SHARE = 0.1
"""Without update ratios: the gradient norm on the plateau is compared with its level over this first share of the run."""
MIN_GRAD_POINTS = 3
"""Gradient norms needed in each of the two stretches."""
LARGE_GRAD_RATIO = 0.5
"""A plateau's gradient norm at least this share of its early level: the steps are large."""
SMALL_GRAD_RATIO = 0.1
"""At most this share: the steps are small."""
RAISE_FACTOR = 3.0
"""Steps too small to move the loss: raise the lr this many times."""
FROZEN_EVALS = 5
"""A held-out accuracy the same at every one of at least this many evaluations (``frozen_accuracy``)..."""
FROZEN_MAX_ACCURACY = 0.5
"""...at or below this share of the held-out set right (a healthy classifier converged on a small held-out set repeats
its accuracy too: a ShuffleNet-like CNN at 0.94 over its last 8 evaluations, a Keras MLP at 0.671 over 12)."""
PERCENT = 100.0
"""An accuracy logged above 1 is in percent."""


@dataclass(frozen=True, slots=True)
class Params:
    window_frac: float
    min_points: int
    min_drop_frac: float
    max_prior_drop: float
    large_step_potential: float
    small_step_potential: float


def flat_suffix_start(s: Signals, start_step: float, p: Params) -> int | None:
    """The earliest step from which the loss is flat up to the end of the run, within the constant-lr
    segment starting at ``start_step``; None when the end of the run is still improving."""
    idx = s.window(start_step, s.last_step + 1)
    if idx.size < p.min_points:
        return None
    candidates = np.linspace(idx[0], idx[-1] - p.min_points, num=min(MAX_CANDIDATES, idx.size - p.min_points + 1)).astype(int)
    for i in candidates:
        step = float(s.ts[i])
        if s.last_step - step < p.window_frac * s.span_steps:
            return None
        trend = s.loss_trend(step, s.last_step + 1)
        descent = max(s.initial_level - float(s.smooth[i]), 0.0)
        drop = trend.rate * (s.last_step - step)
        if not trend.falling or drop < max(p.min_drop_frac * descent, min(s.noise, FLAT_DROP_CAP)):
            return reached_level(s, int(i), max(p.min_drop_frac * descent, FLAT_NOISES * s.smooth_noise), p)
    return None


def reached_level(s: Signals, i: int, band: float, p: Params) -> int | None:
    """The step from which the claim "has not improved since" is true: the first point at or after
    position ``i`` where the smoothed loss came within ``band`` of the level it stays at (a stretch
    that starts with the tail of a descent is flat only after it); None if that leaves too short a
    stretch."""
    level = float(np.median(s.ys[i:]))
    j = i + int(np.argmax(s.smooth[i:] <= level + band))
    step = int(s.ts[j])
    if s.last_step - step < p.window_frac * s.span_steps or s.ts.size - j < p.min_points:
        return None
    return step


KIND_TEXT = {
    "large": "big enough to have moved the loss many times over: it bounces around the valley",
    "small": "too small to move the loss: a flat region or saddle",
    "moderate": "neither clearly bouncing nor clearly stalled",
}


def plateau_kind(s: Signals, start: int, level: float, p: Params, evidence: dict[str, float]) -> str:
    """'large' when each step on the plateau could have moved the loss by a good share of its level (the
    optimizer bounces), 'small' when it could not (a flat region). The first-order change a step could
    make is ~ grad_norm x update_ratio x weight_norm (``Signals.step_potential``), per step, so the
    verdict does not grow with the length of the plateau; without those columns the gradient norm is
    compared with its early level."""
    potential = s.step_potential(start) / max(abs(level), MIN_LEVEL)
    if np.isfinite(potential):
        evidence["step_potential"] = potential
        return "large" if potential >= p.large_step_potential else "small" if potential <= p.small_step_potential else "moderate"
    g_steps, g_log = s.grad_norm
    early_end = s.first_step + EARLY_SHARE * s.span_steps
    early = g_log[g_steps <= early_end]
    flat_g = g_log[g_steps >= start]
    if early.size >= MIN_GRAD_POINTS and flat_g.size >= MIN_GRAD_POINTS and start > early_end:
        ratio = from_orders(float(np.median(flat_g) - np.median(early)))
        evidence["grad_norm_vs_early"] = ratio
        return "large" if ratio >= LARGE_GRAD_RATIO else "small" if ratio <= SMALL_GRAD_RATIO else "moderate"
    return "unknown"


@dataclass(frozen=True, slots=True)
class Stuck:
    """A run stuck on a plateau: flat from ``start`` to the end at a constant, undecayed lr, after a
    drop of less than ``max_prior_drop``; how big its steps were there (``kind``) and the evidence."""

    start: int
    level: float
    prior_drop: float
    kind: str
    evidence: dict[str, float]
    converged: bool = False
    never: bool = False

    @property
    def share(self) -> float:
        return float(self.evidence["share_of_run"])


def stuck(s: Signals, p: Params) -> Stuck | None:
    """The plateau this rule reports, if the run has one (shared with lr-too-high, which reports a run
    stuck with large steps from its start as an lr that is too high)."""
    if s.n < p.min_points or s.died:
        return None
    if never_learned(s, p):
        level = s.to_loss(float(np.median(s.ys)))
        evidence: dict[str, float] = {"plateau_steps": s.last_step - s.first_step, "share_of_run": 1.0,
                                      "plateau_loss": level, "drop_before_plateau": 0.0}
        return Stuck(s.first_step, level, 0.0, plateau_kind(s, s.first_step, level, p, evidence), evidence, never=True)
    cuts = [c for c in s.lr_changes]
    segment_start = float(cuts[-1].step) if cuts else float(s.first_step)
    if s.has_lr and s.lr_since(segment_start).size:
        if not s.lr_steady_since(segment_start):
            return None  # the lr is still moving (a schedule): flat loss there is not this rule's business
        if not s.at_full_lr(float(s.lr_since(segment_start).max())):
            return None  # a decayed end: convergence, not a plateau
    start = flat_suffix_start(s, segment_start, p)
    if start is None:
        return None
    if validation_improved(s, start):
        return None  # the held-out loss still improves: the training loss's flat stretch is no plateau
    flat_level = float(np.median(s.ys[s.window(start, s.last_step + 1)]))
    if not s.log_scale and flat_level == 0.0 and s.start_level > 0:
        return None  # a loss sitting at exactly 0 (a triplet or hinge loss every example satisfies): nothing left to lower
    prior_drop = s.start_level - flat_level
    level = s.to_loss(flat_level)
    evidence = {"plateau_steps": s.last_step - start, "share_of_run": (s.last_step - start) / max(s.last_step - s.first_step, 1),
                                  "plateau_loss": level, "drop_before_plateau": prior_drop}
    # a fine-tune starts near where it ends (pretrained weights): a flat loss after a fall of any size is convergence,
    # and one flat from its first step started converged (no stretch to decay in: a decay "at step 1" changes nothing),
    # whether its flat level sits a hair above or below its first point, unless it started where an untrained model
    # sits (a new head: lr_too_low.fine_tune). A skew-normal MLP fine-tuned at Adam 1e-4, its grid's best lr within 3x
    # and 0.7% better, was told "the loss never moved: raise the lr"
    fine_tune = s.meta.get("pretrained") is True and prior_drop > 0
    if start <= s.first_step and (fine_tune or lr_too_low.fine_tune(s)):
        return None
    kind = plateau_kind(s, start, level, p, evidence)
    return Stuck(start, level, prior_drop, kind, evidence, converged=prior_drop >= p.max_prior_drop or fine_tune)


UNSEEN_START_STEPS = 10
"""A log whose first training loss comes after this many steps (and after ``UNSEEN_START_SHARE`` of the run) did not see
the loss before the model learned: its first logged loss may already be a trained one..."""
UNSEEN_START_SHARE = 0.02
"""...(a public Fashion-MNIST classifier in Lightning, its loss logged every 50 steps, 0.87 at step 49 and noisy around
0.6 for the rest of its single epoch, validation accuracy 0.83 among 10 classes, was told it "learned nothing")."""


def never_learned(s: Signals, p: Params) -> bool:
    """Whether the loss never got meaningfully below where it started, whatever the schedule did: the
    smoothed training loss never ``NEVER_MARGIN`` (and ``FLAT_NOISES`` standard errors) below its start,
    and the validation loss, when evaluated, never below its first value by its noise either, nor falling along a
    significant trend while the training loss got ``NEVER_MARGIN`` below its start (never for a run marked
    pretrained)."""
    margin = max(NEVER_MARGIN, FLAT_NOISES * s.smooth_noise)
    if s.ys.size < p.min_points or float(s.smooth.min()) < s.initial_level - margin:
        return False
    if float(s.steps[0]) > max(UNSEEN_START_STEPS, UNSEEN_START_SHARE * s.last_step):
        return False  # the start of training is not in the log: what it learned before its first row, it cannot say
    if s.meta.get("pretrained") is True:
        return False  # a fine-tune may start at its optimum: a flat loss from its start is no failure to learn
    _, v, _ = s.val_level
    if v.size >= MIN_EVALS and s.val_trend.falling and float(s.smooth.min()) < s.initial_level - NEVER_MARGIN:
        # the held-out loss fell along a significant trend while the training loss got NEVER_MARGIN below its start,
        # within its noise: a loss with little to learn, learned (a Lomax likelihood MLP for heavy-tailed targets at
        # RMSprop 1e-3, its batch NLL jumping 8% point to point: smoothed 3.72 -> 3.27 at best, its validation NLL 3.69
        # -> 3.64 over 10 evaluations, falling at all but two, where the best lr of its grid reaches 3.60; told
        # it learned nothing, fresh78)
        return False
    return v.size < MIN_EVALS or float(v.min()) >= float(v[0]) - max(NEVER_MARGIN, IMPROVED_NOISES * eval_noise(v))


def validation_improved(s: Signals, start: int) -> bool:
    """Whether the validation loss, evaluated at least ``MIN_EVALS`` times from ``start`` on, fell by more
    than ``IMPROVED_NOISES`` of its noise units (and ``MIN_IMPROVEMENT``) over that stretch, from its first
    half to its second, or along a significant Theil–Sen trend by more than ``MIN_IMPROVEMENT``."""
    halves = held_out_halves(s, start)
    if halves is None:
        return False
    drop, noise, _ = halves
    if drop > max(IMPROVED_NOISES * noise, MIN_IMPROVEMENT):
        return True
    return trend_fall(s, start) > MIN_IMPROVEMENT  # a slow, steady fall: significant, and MIN_IMPROVEMENT over the stretch


def held_out_halves(s: Signals, start: int) -> tuple[float, float, np.ndarray] | None:
    """The validation loss evaluated ``MIN_EVALS`` times or more from ``start`` on: how far the median of the second half
    of those evaluations sits below the first's, its noise over the whole run (``eval_noise``: a stretch's own few points
    can alternate, and a split at an odd count then reads the parity as a fall), and the evaluations; None with fewer."""
    steps, v, _ = s.val_level
    on = v[steps >= start]
    if on.size < MIN_EVALS:
        return None
    first, second = np.array_split(on, HALVES)
    return float(np.median(first) - np.median(second)), eval_noise(v), on


def trend_fall(s: Signals, start: int) -> float:
    """How far the validation loss fell from ``start`` on along its Theil–Sen trend (log-loss over the stretch of its
    evaluations), when the trend is significant; 0 otherwise or with fewer than ``MIN_EVALS`` evaluations."""
    steps, v, _ = s.val_level
    on = steps >= start
    if on.sum() < MIN_EVALS:
        return 0.0
    x = steps[on].astype(float)
    slope, _, high = theil_sen(x, v[on])
    return -slope * float(x[-1] - x[0]) if high < 0 else 0.0


def held_out_creeping(s: Signals, start: int) -> bool:
    """Whether the validation loss, evaluated at least ``MIN_EVALS`` times from ``start`` on, still fell along a
    significant Theil–Sen trend over the stretch by ``CREEP_SHARE`` of ``MIN_IMPROVEMENT`` or more (``validation_improved``
    wants all of it), and ended within its noise of its best: the model converges slowly at this lr, which is no stuck plateau (a knowledge
    tracer at RMSprop 3e-3 whose BCE fell 0.70 -> 0.55 by step 25, the floor of its students' guesses and slips, its
    validation loss 1.4% lower over the rest; a decay at step 25 changed nothing, nor did an lr sqrt(10) lower or
    higher). Not where the steps were too small to move the loss: that creep is the lr's."""
    if trend_fall(s, start) < CREEP_SHARE * MIN_IMPROVEMENT:
        return False  # no trend, or one too small to matter: many evaluations make a crumb of a fall significant
    steps, v, _ = s.val_level
    on = v[steps >= start]
    return float(on[-1]) <= float(on.min()) + eval_noise(on)


def held_out_settling(s: Signals, start: int) -> bool:
    """Whether the validation loss, evaluated ``MIN_EVALS`` times or more from ``start`` on, sat lower in the second half
    of the stretch than in its first by one of its noise units (and ``MIN_IMPROVEMENT``; ``validation_improved`` wants
    ``IMPROVED_NOISES`` of them to call the stretch no plateau at all) and ended within its noise of its best there: a
    noisy held-out loss still settling at this lr, converged rather than stuck. A MobileViT-like CNN at RMSprop 1e-3
    (fresh50) fell from chance (ln 4) to 0.86 and flattened at step 91; its validation loss's halves there were 0.958
    and 0.916 (noise 2.4%), its last 0.9165 against a best of 0.909. Warned to decay the lr at step 91, retrained: 0.959,
    worse; the lr / or x sqrt(10): 0.927 / 0.912."""
    halves = held_out_halves(s, start)
    if halves is None:
        return False
    drop, noise, on = halves
    return drop > max(noise, MIN_IMPROVEMENT) and float(on[-1]) <= float(on.min()) + noise


def held_out_quiet(s: Signals, start: int) -> bool:
    """Whether the validation loss, evaluated ``MIN_EVALS`` times or more from ``start`` on, varied by less than
    ``QUIET_EVAL_NOISE`` there (``eval_noise``, in log-loss on a positive loss)."""
    steps, v, log_scale = s.val_level
    on = v[steps >= start]
    return log_scale and on.size >= MIN_EVALS and eval_noise(on) < QUIET_EVAL_NOISE


def held_out_holding(s: Signals, start: int) -> bool:
    """Whether the validation loss, evaluated ``MIN_EVALS`` times or more from ``start`` on, held its level there: its
    noise (``eval_noise`` over the run, in log-loss on a positive loss) under ``HOLDING_EVAL_NOISE``, the second half of
    the stretch no more than one noise unit above the first, and its last evaluation within ``IMPROVED_NOISES`` noise
    units of its best there."""
    halves = held_out_halves(s, start)
    _, _, log_scale = s.val_level
    if halves is None or not log_scale:
        return False
    drop, noise, on = halves
    return noise < HOLDING_EVAL_NOISE and drop >= -noise and float(on[-1] - on.min()) <= IMPROVED_NOISES * noise


def held_out_drifted_up(s: Signals, start: int) -> tuple[float, float] | None:
    """The validation loss's best and last values (in the loss's units) when, evaluated at least ``MIN_EVALS`` times from
    ``start`` on, it ended above its best there by more than ``IMPROVED_NOISES`` of its noise units (and
    ``MIN_IMPROVEMENT``), the second half of the stretch above the first: the held-out loss drifting up while the
    training loss sits flat at a constant lr. ``None`` otherwise."""
    steps, v, log_scale = s.val_level
    on = v[steps >= start]
    if on.size < MIN_EVALS:
        return None
    first, second = np.array_split(on, HALVES)
    if float(on[-1] - on.min()) <= max(IMPROVED_NOISES * eval_noise(on), MIN_IMPROVEMENT) or np.median(second) <= np.median(first):
        return None
    to_loss = np.exp if log_scale else (lambda x: x)
    return float(to_loss(on.min())), float(to_loss(on[-1]))


def converged_hit(s: Signals, found: Stuck) -> Hit:
    """A run that fell far and then flattened at a constant lr: no fault. A decay lowers the training loss's floor, but
    retrained with one at the start of the flat stretch the held-out loss of converged runs whose validation loss still
    fell or stayed flat did not improve (fresh25: 0 of 5, two 3-4% worse, three within 2%; earlier halves likewise): a
    machine-readable decay only where the validation loss drifted up over the flat stretch, the high lr's noise costing
    it (a skip-gram model at Adam 0.03: its validation loss 2.45 -> 2.53 while its training loss sat at 2.36; decayed x0.1
    at step 400 it ends 5% lower, fresh4)."""
    lr_now = s.lr_at(s.last_step) if s.has_lr else float("nan")
    fall = f"x{exp_factor(found.prior_drop):.3g}" if s.log_scale else f"by {found.prior_drop:.4g}"
    if found.start > s.first_step:
        since = ("" if found.prior_drop <= 0 else f"after falling {fall} ") + (
            f"it has not improved significantly since step {found.start}")
    elif found.prior_drop > 0:  # a flat stretch from the first step: the fall was within the batches' noise there
        since = f"it came down {fall} within the batches' noise in its first steps and has not improved significantly since"
    else:
        since = "it has not improved significantly since its first steps"
    drift = held_out_drifted_up(s, found.start)
    if drift is None:
        suggestion = (f"No fault. The steps after step {found.start} bought little: stop there if the validation loss is "
                      "flat too. A decay (x0.1 there, or a cosine / ReduceLROnPlateau schedule) lowers the training loss's "
                      "floor; on converged runs whose validation loss still falls or holds, it seldom lowers that.")
        fix: dict[str, float] = {}
    else:
        suggestion = (f"The validation loss drifted up from {drift[0]:.4g} to {drift[1]:.4g} over that stretch while the "
                      f"training loss sat flat: the lr's noise costs it. Decay the lr (x0.1) around step {found.start}, or "
                      "use a cosine / ReduceLROnPlateau schedule.")
        fix = {"decay_step": found.start}
    return Hit(
        step_start=found.start,
        step_end=s.last_step,
        message=(f"The loss converged at this lr: "
                 + since
                 + f" ({found.share:.0%} of the run), staying around {found.level:.4g}"
                 + (f" at a constant lr {lr_now:.3g}." if s.has_lr else ".")),
        evidence=dict(found.evidence),
        suggestion=suggestion,
        fix=fix,
        severity="info",
    )


def never_learned_hit(s: Signals, found: Stuck) -> Hit:
    """A run whose loss never got below its start, through whatever schedule it had."""
    lr_text = ""
    advice = None
    if s.has_lr:
        low, high = float(np.nanmin(s.lr)), s.lr_max
        lr_text = f" at a constant lr {high:.3g}" if high <= STEADY_LR_RATIO * low else f", through an lr schedule from {low:.3g} to {high:.3g}"
        if found.kind == "small":
            advice = LrAdvice(high * RAISE_FACTOR, f"{RAISE_FACTOR:g}x the peak lr, whose steps did not move the loss",
                              DIVISOR, lower=False)
            median = s.update_ratio_median
            if high <= STEADY_LR_RATIO * low and np.isfinite(median) and 0 < median < s.update_band[0]:
                # steps below the family's band at a constant lr: aim them where healthy runs' steps sit, as lr-too-low
                # does (a MIL model at SGD 1e-3, 145x below: 3x stayed stuck, the aimed 100x lands 1.06x from a
                # 4-decade grid's best)
                advice = lr_too_low.raised_into_band(s, high, RAISE_FACTOR)
    chance = ""
    c = s.meta.get("num_classes")
    if isinstance(c, int) and c >= MIN_CLASSES:
        chance = f" (ln {c} = {np.log(c):.4g}: chance)"
    return Hit(
        step_start=found.start,
        step_end=s.last_step,
        message=(f"The loss never got below where it started: it stayed around {found.level:.4g}{chance} for the whole "
                 f"run{lr_text}" + (f"; gradient steps {found.kind} ({KIND_TEXT[found.kind]})" if found.kind in KIND_TEXT
                                    else "") + ". The model learned nothing."),
        evidence=dict(found.evidence),
        suggestion=("Check that the targets reach the loss and match the inputs (a shuffled or constant label, a "
                    "detached output), then the init; " + ("raise the lr (to about {lr}): the steps were too small to "
                                                          "move the loss." if advice else
                                                          "if the steps were tiny, raise the lr; if the loss bounces, "
                                                          "lower it.")),
        lr=advice,
    )


def frozen_accuracy(s: Signals) -> Hit | None:
    """The held-out accuracy exactly the same at every evaluation of the run (``FROZEN_EVALS`` or more), at
    ``FROZEN_MAX_ACCURACY`` or below, while the training went on: what the model gets right on the held-out set never moved, most
    likely because it predicts one class (or one fixed answer) whatever it is fed, and whatever its loss did, it
    learned nothing (a public Keras plant-disease classifier at 0.4423, its majority class, for all 10 epochs while its
    loss fell 0.49 -> 0.37; another at 0.2000, chance for 5 classes, for all 8). Not a run that died (its NaN loss
    freezes its accuracy: non-finite-loss's finding)."""
    if s.died:
        return None
    steps, acc = s.column("val_acc")
    if acc.size < FROZEN_EVALS or not bool((acc == acc[0]).all()):
        return None
    share = float(acc[0]) / PERCENT if float(acc[0]) > 1.0 else float(acc[0])
    if not 0.0 <= share <= FROZEN_MAX_ACCURACY:
        return None
    loss = (f"its loss went {s.to_loss(s.start_level):.4g} -> {s.to_loss(float(s.smooth[-1])):.4g}"
            if s.ys.size else "its loss unread")
    return Hit(
        step_start=int(steps[0]),
        step_end=s.last_step,
        message=(f"The validation accuracy is exactly {float(acc[0]):.4g} at every one of its {acc.size} evaluations "
                 f"(steps {int(steps[0])}-{int(steps[-1])}), while {loss}: what it gets right on the held-out set never "
                 "moved. Most likely it predicts one class (or one fixed answer) whatever it is fed, and learned nothing "
                 "it can use."),
        evidence={"val_acc": float(acc[0]), "evaluations": float(acc.size)},
        suggestion=("Check what the model outputs for different inputs: a collapse to the majority class (weight or "
                    "resample the classes), units killed by a too-large lr or a bad init (dead-units), labels that do not "
                    "match the inputs, or inputs on a scale the first layer cannot use; then the lr."),
    )


def check(s: Signals, p: Params) -> list[Hit]:
    frozen = frozen_accuracy(s)
    found = stuck(s, p)
    if frozen is not None:
        if found is not None and found.never:  # the loss never got below its start either: its reading, and the accuracy
            hit = never_learned_hit(s, found)
            return [replace(hit, message=f"{hit.message} {frozen.message}", evidence={**hit.evidence, **frozen.evidence})]
        return [frozen]
    if found is None:
        return []
    if found.converged or (not found.never and found.kind != "small" and (
            held_out_creeping(s, found.start) or held_out_settling(s, found.start))) or (
            not found.never and found.kind == "large" and (
                held_out_quiet(s, found.start) or held_out_holding(s, found.start))):
        return [converged_hit(s, found)]
    if found.never:
        return [never_learned_hit(s, found)]
    start, level, kind, evidence = found.start, found.level, found.kind, dict(found.evidence)
    lr_now = s.lr_at(s.last_step) if s.has_lr else float("nan")
    never_moved = start <= s.first_step + s.step_interval
    fix: dict[str, float] = {}
    advice = None
    if never_moved and kind == "moderate":
        # steps neither small nor large and a loss flat from the first step: nothing says the lr is too low. Raised 3x,
        # such runs got worse: a CoAtNet at Adam 0.05 at chance from its start (9.1x its grid's best, fresh80), a
        # discrete-Weibull MLP at SGD-momentum 0.3 and at SGD 1 without clipping, its first steps 0.19 of its weights'
        # norm (5.3x, fresh98); an adaptive-softmax LM at SGD-momentum 3 stuck at its start overflowed (fresh73)
        text = ("The loss never moved, and its steps were not small: a larger lr is no cure. Check that the data and "
                "labels reach the model and that the init is sane; if the first steps were large (an lr too high or "
                "no clipping), they may have thrown the model where it has no gradient: lower the lr.")
    elif kind == "small" or (never_moved and kind != "large"):
        text = (
            "The loss never moved: " if kind != "small" else "The steps are too small to move the loss: the optimizer sits in a flat region. "
        ) + "Raise the lr (to about {lr}) or restart from a better init (check that the data and labels reach the model)."
        if np.isfinite(lr_now):
            advice = LrAdvice(lr_now * RAISE_FACTOR, f"{RAISE_FACTOR:g}x an lr whose steps did not move the loss", DIVISOR,
                              lower=False)
        else:
            fix = {"early_stop_step": start}
    else:
        text = (
            ("The steps are large: the optimizer bounces around the valley. " if kind == "large" else "")
            + f"Decay the lr (x0.1) around step {start}, or use a schedule such as cosine or ReduceLROnPlateau; "
            "if the validation loss is flat too, stop there."
        )
        fix = {"decay_step": start}
    advice_text = text if advice is not None else text.replace(" (to about {lr})", "")
    return [
        Hit(
            step_start=start,
            step_end=s.last_step,
            message=(
                f"The loss has not improved significantly since step {start} ({evidence['share_of_run']:.0%} of the run), "
                f"staying around {level:.4g}"
                + (f" at a constant lr {lr_now:.3g}" if s.has_lr else " (no lr logged)")
                + (f"; gradient steps {kind} ({KIND_TEXT[kind]})" if kind in KIND_TEXT else "")
                + "."
            ),
            evidence=evidence,
            suggestion=advice_text,
            fix=fix,
            lr=advice,
        )
    ]
