"""overfitting: a validation loss bottomed out and rose persistently while the training loss fell."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lrdoctor.findings import Hit, NotApplicable
from lrdoctor.signals import MIN_NOISE_POINTS, Signals, eval_noise, exp_factor, from_orders

ADAPTIVE_EXPLAINS = ("exploding-gradients",)
"""What memorising explains under an adaptive optimizer (Adam, RMSprop: each step normalised, so a gradient jump barely
moves the weights): as the training loss of a memorised set falls toward 0, the running median of the gradient norm falls
with it and the odd harder batch "jumps" 15-250x above it (a DCN memorising 3,000 rows at Adam: jumps of 30x from step
145, the best evaluation at 40; clipping changed nothing, stopping early made the held-out loss 4x lower). Under SGD a
jump is a step that size: exploding-gradients speaks for it."""
END_EVALS = 3
"""The end of the run is the median of its last this many evaluations."""
HALF = 0.5
"""A validation loss that never improved (its trend over the evaluations not falling by more than its noise)
must be evaluated over at least this share of the run..."""
MIN_TRAIN_FALL = 0.2
"""...while the training loss fell at least this much in log-loss (x1.22)."""
IMPROVED_NOISES = 3.0
"""A validation loss whose best evaluation is this many evaluation-noise units below its first, and further below
it than the end is above it, did improve: it fell and rose back, which the rise test reads (and a rise with the
training loss rising too is not overfitting)."""
MEMORISED_SHARE = 0.1
"""A training loss whose median after the best evaluation is at most this share of its first value, never below 0 and
not rising, has memorised its training set and sits at its floor (a TransE of 400 triples: 1.06 -> 0.011, flat, some
batches at exactly 0, while its validation loss rose 29%): no longer falling, yet not a stall that raises the
validation loss too. A tenth since session 51 (a twentieth before): a LINKX-like node classifier at Adam 3e-3 logged
per epoch, its epoch means 1.59 -> a median of 0.089 after its best epoch (5.6%), its training accuracy 0.95-0.99
against 0.82-0.88 on the held-out nodes, its validation loss 0.353 -> 0.547, was told only that the lr's noise cost it;
stopped at its best epoch it ends 47% lower (fresh91). No other log at hand changes but one that ``FLOOR_CLIMB_NOISES``
keeps out."""
FLOOR_CLIMB_NOISES = 3.0
"""...and not rising: besides its trend and its smoothed level, the median of the last 1/TAIL_PARTS of its values after
the best evaluation no higher than that of the first by this many standard errors of their difference (a CNN at Adam
0.03 whose batch losses jump 0.86 in log-loss around their level: 0.107 -> 0.239 from the first quarter after its best
evaluation to the last, the divergence lr-too-high reads, was called memorised at a tenth)..."""
FLOOR_CLIMB = 0.1
"""...nor by this much in log-loss (x1.1): on a run logged so often that its quarters' medians are exact, a drift of a
percent between them is still a floor (that CNN climbed 0.80)."""
TAIL_PARTS = 4
"""A training loss sits at exactly 0 when the median of the last 1/TAIL_PARTS of its values after the best evaluation is 0."""
MILD_RISES = 2.0
"""A rise in log-loss under this many ``min_rise`` in every rising series (x1.08 at the default) is mild: an info, keep
the best checkpoint, not a warning. The labelled overfitting runs at hand (the fix-check halves' small-data runs, whose
early stop beat the full run by 5% or more at two seeds, the samples, and the real YOLO, Keras, Hugging Face and LeNet
logs) rose 0.094 or more in log-loss (x1.10, a LeNet's real log); a healthy FAGCN-like node classifier under cosine
Adam, whose validation loss ended 4.4% above its best with its accuracy within an evaluation's noise, and two runs whose
fault was elsewhere (a head initialised 1000x too large; SGD-momentum 100x too high) rose 0.044-0.077 (fresh77,
fresh69)."""


@dataclass(frozen=True, slots=True)
class Params:
    min_evals: int
    min_after: int
    rise_noise: float
    min_rise: float
    min_after_frac: float
    persistent_frac: float


@dataclass(frozen=True, slots=True)
class Rise:
    """One validation loss series that bottomed out and rose: where, how much, how surely."""

    name: str
    best_step: int
    end_step: int
    best: float
    end: float
    rise: float
    noise: float
    persistent: float
    later: float
    far: bool = False


FAR_RISE_ORDERS = 2.0
"""A validation loss whose every later evaluation stands ``min_rise`` or more above its best, the last few this many
orders of magnitude above it (x100) or more, rose whatever its noise: a model that memorised 300 rows of lifetimes at
Adam 1e-3, its training NLL 0.40 -> -0.8, scored its validation rows 0.95 at its first evaluation and then 1.9 to
880,000, the median of its last three 160 (fresh93); its evaluations jumped so far from each other (a robust noise of
3.5 in log-loss) that the rise read as noise, and 14 of the 19 later ones above the best by a noise unit fell short of
``persistent_frac``. Stopped at its best evaluation it ends 100% lower. A validation loss that wild under a training
loss that falls is a model whose outputs run off on unseen rows; where the training loss climbs with it (the lr too
high), memorising says no."""
NOISE_QUANTILE = 0.25
"""``contaminated_noise`` reads the noise off this quantile of the evaluations' second differences' deviations..."""
HALF_NORMAL_Q25 = 0.3186
"""...which for normal noise is this many standard deviations (of the second differences' deviations)..."""
SECOND = 2
"""...of the second differences..."""
SECOND_DIFF_VARIANCE = 6.0
"""...whose variance is 6 times the points' own (1 + 4 + 1), as ``robust_noise`` divides it out."""


def contaminated_noise(v: np.ndarray) -> float:
    """The noise of an evaluation series most of whose points may be a wild rise (a loss below 0 read as it is, not in
    log-loss, where a blow-up of 60 nats swamps the median of the deviations ``eval_noise`` reads): the lower quartile
    of the second differences' absolute deviations, scaled to a standard deviation as ``robust_noise``'s median is.
    Robust to three quarters of the points being the rise, where the median is robust to half."""
    if v.size < MIN_NOISE_POINTS:
        return eval_noise(v)
    d2 = np.diff(v, SECOND)
    noise = float(np.quantile(np.abs(d2 - np.median(d2)), NOISE_QUANTILE)) / HALF_NORMAL_Q25 / np.sqrt(SECOND_DIFF_VARIANCE)
    return noise if np.isfinite(noise) and noise > 0 else eval_noise(v)


def risen(p: Params, name: str, steps: np.ndarray, raw: np.ndarray) -> Rise | None:
    """The series' minimum and its persistent rise after it, or None when it did not rise clearly."""
    finite = np.isfinite(raw)
    steps, raw = steps[finite], raw[finite]
    if steps.size < p.min_evals:
        return None
    v = np.log(raw) if raw.min() > 0 else raw
    i_min = int(np.argmin(v))
    after = v[i_min + 1 :]
    if after.size < p.min_after or steps[-1] - steps[i_min] < p.min_after_frac * (steps[-1] - steps[0]):
        return None
    noise = eval_noise(v) if raw.min() > 0 else min(eval_noise(v), contaminated_noise(v))
    tail = after[-min(END_EVALS, after.size) :]
    rise = float(np.median(tail) - v[i_min])
    persistent = float(np.mean(after > v[i_min] + noise))
    far = bool(raw.min() > 0 and float(after.min() - v[i_min]) >= p.min_rise
               and rise >= math.log(from_orders(FAR_RISE_ORDERS)))
    if not far and (rise < p.min_rise or rise < p.rise_noise * noise or persistent < p.persistent_frac):
        return None
    end = float(np.exp(np.median(tail))) if raw.min() > 0 else float(np.median(tail))
    return Rise(name, int(steps[i_min]), int(steps[-1]), float(raw[i_min]), end, rise, noise, persistent, after.size, far)


def never_improved(s: Signals, p: Params) -> Rise | None:
    """The validation loss, evaluated over at least half the run, never improved (its first evaluation is
    not ``MIN_TRAIN_FALL`` below where the training loss started, unless it rose significantly from there;
    its trend over the evaluations is not significantly falling, and falls less than its noise over the
    stretch) while the smoothed training loss fell at least ``MIN_TRAIN_FALL`` over the same stretch: the
    model fits the training data without generalising."""
    steps, v, log_scale = s.val_level
    if steps.size < p.min_evals or steps[-1] - steps[0] < HALF * s.span_steps or not s.log_scale:
        return None
    if log_scale and float(v[0]) < s.start_level - MIN_TRAIN_FALL and not s.val_trend.rising:
        return None  # it had generalised before its first evaluation and got no worse since: a flat series is no fault
    noise = eval_noise(v)
    if s.val_trend.falling or s.val_trend.rate * float(steps[-1] - steps[0]) > noise:
        return None  # it improved: significantly, or by more than its noise over the stretch
    improved, rose = float(v[0] - v.min()), float(np.median(v[-min(END_EVALS, v.size):]) - v.min())
    if improved > IMPROVED_NOISES * noise and improved > rose:
        return None  # it improved, then rose back by less: not "never improved"
    fall = s.level_at(float(steps[0])) - s.level_at(float(steps[-1]))
    if fall < MIN_TRAIN_FALL or not s.loss_trend(float(steps[0]), float(steps[-1]) + 1).falling:
        return None
    raw = s.val_finite[1]
    i_min = int(np.argmin(v))
    end = float(np.median(raw[-min(END_EVALS, raw.size) :]))
    return Rise("validation loss", int(steps[i_min]), int(steps[-1]), float(raw[i_min]), end,
                float(np.log(end / raw[i_min])) if log_scale else end - float(raw[i_min]), noise, float("nan"), fall)


def memorising(s: Signals, r: Rise) -> bool:
    """Whether the training loss kept falling from the best evaluation to the end (not a divergence
    or a stall, which raise the validation loss too), or fell to exactly 0 after it and sits there (a triplet
    or hinge loss every training example satisfies: the training set is fit perfectly), or sits at its floor far
    below its start (``at_its_floor``)."""
    train = s.loss_trend(r.best_step, r.end_step + 1)
    return ((train.falling and not s.level_at(r.end_step) > s.level_at(r.best_step) + s.noise) or fell_to_zero(s, r)
            or at_its_floor(s, r, train.low > 0))


def at_its_floor(s: Signals, r: Rise, rising: bool) -> bool:
    """Whether the training loss after the best evaluation sits at ``MEMORISED_SHARE`` of its first value or lower,
    never below 0, and is not rising (no significant trend up, no higher at the end than at the best evaluation, and not
    ``climbed_after`` it)."""
    after = s.loss[s.steps > r.best_step]
    first = float(s.loss[0]) if s.n else float("nan")
    if rising or s.level_at(r.end_step) > s.level_at(r.best_step) + s.noise or climbed_after(s, after):
        return False  # the training loss rose with the validation loss (a physics-informed MLP at Adam 0.03, 7e-5 ->
        # 9e-3; a sparse autoencoder oscillating at SGD 0.3): an lr the run cannot settle at, not memorising
    return bool(after.size and first > 0 and float(after.min()) >= 0 and float(np.median(after)) <= MEMORISED_SHARE * first)


def climbed_after(s: Signals, after: np.ndarray) -> bool:
    """Whether the median of the last 1/``TAIL_PARTS`` of the training losses ``after`` (those after the best evaluation)
    stands ``FLOOR_CLIMB_NOISES`` standard errors of the difference, and ``FLOOR_CLIMB``, above the median of their first
    1/``TAIL_PARTS``, in log-loss (a loss with zeros, or not read in logs, is not judged here)."""
    part = after.size // TAIL_PARTS
    if not s.log_scale or part < 1:
        return False
    head, tail = after[:part], after[-part:]
    if float(head.min()) <= 0 or float(tail.min()) <= 0:
        return False
    climb = float(np.log(np.median(tail)) - np.log(np.median(head)))
    return climb > max(FLOOR_CLIMB, FLOOR_CLIMB_NOISES * math.hypot(s.median_error(head.size), s.median_error(tail.size)))


def fell_to_zero(s: Signals, r: Rise) -> bool:
    """Whether the training loss, above 0 up to the best evaluation, sits at exactly 0 at the end."""
    after = s.loss[s.steps > r.best_step]
    end = after[-max(1, after.size // TAIL_PARTS) :]
    return bool(end.size and float(np.median(end)) == 0.0 and float(s.loss[s.steps <= r.best_step].min(initial=np.inf)) > 0)


def never_improved_hit(s: Signals, r: Rise) -> Hit:
    steps = s.val_level[0]
    return Hit(
        step_start=int(steps[0]),
        step_end=r.end_step,
        message=(f"The validation loss never improved over {steps.size} evaluations (best {r.best:.4g} at step "
                 f"{r.best_step}, {r.end:.4g} at the end) while the training loss fell x{exp_factor(r.later):.3g}: the "
                 "model fits the training data without generalising."),
        evidence={"best_val_loss": r.best, "best_step": r.best_step, "end_val_loss": r.end, "eval_noise": r.noise,
                  "train_log_fall": float(r.later), "evaluations": int(steps.size)},
        suggestion=(f"Keep the checkpoint of step {r.best_step} (the best evaluation) and add regularisation (weight "
                    "decay, dropout, augmentation) or more data; a smaller model may generalise better."),
        fix={"early_stop_step": r.best_step},
    )


def check(s: Signals, p: Params) -> list[Hit]:
    steps, _, _ = s.val_level
    if steps.size < p.min_evals:
        raise NotApplicable(f"only {steps.size} evaluations (needs {p.min_evals})")
    rises = [r for name, (st, raw) in [("validation loss", s.val_finite), *s.val_parts.items()]
             if (r := risen(p, name, st, raw)) is not None and memorising(s, r)]
    if not rises:
        flat = never_improved(s, p)
        return [] if flat is None else [never_improved_hit(s, flat)]
    main = rises[0]
    parts = [r for r in rises if r is not main]
    also = f" (so did {', '.join(r.name for r in parts)})" if parts and main.name == "validation loss" else ""
    named = main.name if main.name == "validation loss" else " and ".join(r.name for r in rises)
    first = min(rises, key=lambda r: r.best_step)
    earliest = first.best_step
    where = "" if earliest == main.best_step else f"where the {first.name} was lowest; "
    mild = all(r.best > 0 and r.rise < MILD_RISES * p.min_rise for r in rises)  # a loss above 0: the rise is in log-loss
    return [
        Hit(
            step_start=main.best_step,
            step_end=main.end_step,
            message=(
                f"The {named} bottomed out at {main.best:.4g} (step {main.best_step}) and rose to {main.end:.4g} (the median of "
                f"its last {min(END_EVALS, main.later)} evaluations, to step {main.end_step}; "
                + (f"x{exp_factor(main.rise):.3g}, every one of the {main.later} later evaluations above the best"
                   if main.far else f"{main.rise / main.noise:.1f}x its evaluation noise, {main.persistent:.0%} of the "
                   f"{main.later} later evaluations above the best")
                + f"){also} while the training loss "
                + ("fell to 0 and stayed there." if fell_to_zero(s, main) else "kept falling.")
                + (f" A mild rise (under x{np.exp(MILD_RISES * p.min_rise):.3g}): worth keeping the best checkpoint, not a "
                   "fault." if mild else "")
            ),
            evidence={"best_val_loss": main.best, "best_step": main.best_step, "end_val_loss": main.end,
                      "rise": main.rise, "eval_noise": main.noise, "rise_over_noise": main.rise / main.noise,
                      "persistent": main.persistent, "rising_series": len(rises)},
            suggestion=(
                f"Stop early at step {earliest} ({where}keep that checkpoint: EarlyStopping / load_best_model_at_end), and "
                "add regularisation (weight decay, dropout, augmentation) or more data."
            ),
            fix={"early_stop_step": earliest},
            explains=ADAPTIVE_EXPLAINS if s.optimizer_family == "adaptive" else (),
            severity="info" if mild else None,
        )
    ]
