"""lr-too-low: the loss creeps down at a nearly constant rate, achieving little."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrdoctor.advice import DIVISOR, UPDATE_BAND
from lrdoctor.checks import wrong_initial_loss
from lrdoctor.findings import Hit, LrAdvice, NotApplicable
from lrdoctor.optim import family_label, steps_shrink
from lrdoctor.signals import Signals, eval_noise, theil_sen

QUARTERS = 4
"""The run (after warmup) is read in this many equal parts."""
EDGE_WINDOW_SHARE = 0.05
"""The level at each quarter boundary is the median over this share of the run on either side."""
MIN_CRAWL_SHARE = 0.5
"""The stretch after warmup must cover at least this share of the run."""
RELAPSE_SHARE = 0.1
"""A quarter whose level rose by this share of the total drop (beyond its noise) is a relapse, not a crawl."""
RELAPSE_NOISES = 3.0
"""...beyond this many standard errors of the two quarter medians."""
STALL_SHARE = 0.25
"""A quarter of a straight crawl makes at least this share of the smaller fall of the quarters either side of it
(fresh36's healthy Chebyshev graph net stalled in its third quarter: -0.017 in log-loss between 0.269 and 0.136;
stretched to 1,000,000 steps, 0.023 between 0.253 and 0.162, 14%)."""
FLAT_START_SHARE = 0.35
"""A first quarter that made at most this share of the progress suggests a 10x raise, else 3x."""
RAISE_FACTOR_FLAT = 10.0
"""The suggested lr raise when the curve is nearly straight from the start."""
RAISE_FACTOR = 3.0
"""The suggested lr raise otherwise."""
MAX_RAISE = 100.0
"""...but by no more than this factor."""
VAL_SMOOTH_POINTS = 3
"""The validation level is a running median of this many evaluations."""
MIN_VAL_EVALS = 8
"""Evaluations needed to read a crawl off the validation loss."""
MAX_VAL_DROP = 0.1
"""A crawl read off the validation loss achieved less than this in log-loss from the first evaluation to the last
(x1.105): from an evaluation made after training started, a straight fall in log-loss is also the steady
exponential convergence of a healthy regression, which achieves far more."""
MIN_VAL_CREEP = 0.01
"""...and at least this much (1% of the validation loss, in log-loss): a held-out loss that moved less over the whole
stretch has converged, whatever its trend's significance (a PixelCNN fine-tuned at Adam 1e-4: 0.1887 -> 0.1881, 0.3%,
labelled healthy; its grid's best lr, 100x, ends 2.3% lower)."""


STILL_MARGIN = 0.02
"""A loss that never got this far below its start (2% in log-loss; and ``STILL_NOISES`` standard errors of its smoothed
level) never moved..."""
STILL_NOISES = 3.0
"""...nor did a validation loss that never got below its first evaluation by this many of its noise units (and
``STILL_MARGIN``)."""
MIN_STILL_EVALS = 4
"""Evaluations needed for the validation loss to vouch either way."""


@dataclass(frozen=True, slots=True)
class Params:
    max_first_share: float
    min_last_share: float
    max_total_drop: float
    min_points: int


def quarter_levels(s: Signals, start: float) -> tuple[np.ndarray, np.ndarray]:
    """Median level at the start, at each quarter boundary and at the end of [start, last step], and
    the standard error of each median (1.2533 x noise / sqrt(points))."""
    edges = np.linspace(start, s.last_step, QUARTERS + 1)
    half = EDGE_WINDOW_SHARE * (s.last_step - start)
    windows = [s.ys[s.window(e - half, e + half + 1)] for e in edges]
    levels = np.array([np.median(w) if w.size else np.nan for w in windows])  # an empty window (steps far apart): none
    errors = np.array([s.median_error(w.size) for w in windows])
    return levels, errors


SMALL_STEPS_FACTOR = 6.0
"""Steps this many times below where healthy runs of the family sit in its band (``healthy_target``), with the loss
still falling at a constant lr, are too small even when the curve bends: over the labelled runs of all nine fix-check
halves and the samples (session 12), no healthy run that meets those conditions sits even 4x below, and runs 30-100x
below their best lr sit 4-180x below it (Adagrad's, whose steps shrink as its sums grow, 7.5-10x: at 15x they were
missed; a VAE at SGD 1e-3, 9x). Below 7, for margin: an Adagrad log of 128 rows whose ratios the recorder's budget
would thin to the first 50 rows and one or two later reads 6.5x. The margin below is thinner than it was: a healthy
sample MLP at Adam 5e-4 whose loss still falls at the end sits 4.5x below, and a Kolmogorov-Arnold network at
SGD-momentum 1e-3, 30x below its best lr (fresh19, session 24), 5.5x below, missed (left so: a factor between the two
would be tuned to one run each side). A fine-tune (``pretrained`` in the metadata) takes small steps on purpose and is
left out of this reading and of steps below the band (one sits 25x below, converged; a MobileNet fine-tune at Adam 1e-4
below the band, whose lr a 4-decade grid would raise for 6% at most), but not of the straight crawl."""
UNTRAINED_SHARE = 0.1
"""A loss within this much of the untrained level (log-loss: 10%) still sits there (``still_untrained``)."""
BLIND_MAX_DROP = 0.5
"""Without update ratios to show the steps are small, a straight crawl says the lr is low only while the loss fell
less than this in log-loss (x1.65): a loss still falling at the end is not by itself evidence of a low lr, and one that
fell far has learned at its pace. Every labelled too-low lr of the fix-check halves and the samples logs its update
ratios; the one run without them that the straight reading named was a healthy graph attention network at Adam 3e-3,
the best lr of its grid, logged every 20 steps, its loss 0.60 -> 0.21 (0.87 in log-loss; fresh15, session 20)."""
LATE_EVALS_SHARE = 0.5
"""The validation loss still falling at the end: read over this last share of the evaluations..."""
MIN_LATE_EVALS = 4
"""...when they hold at least this many."""


ADAPTIVE_RAISE_POWER = 1.5
"""An adaptive optimizer's update ratio grows slower than its lr (a larger lr meets noisier gradients, and Adam's step
per weight, lr x m / sqrt(v), shrinks with them): raised by target / median, the lr fell short. Over the 41 lr-too-low
runs of the fix-check halves aimed by an Adam-family ratio, raised by (target / median) ** 1.5 the lr lands nearer the
grid's best (the held-out loss read off each run's 9-point grid at the advised lr, over the grid's best, all 68
lr-too-low runs: 15 above 1.5 -> 9, median 1.08 -> 1.00; retrained on seven halves, every raise improved, the largest
1.43x; retrained, a memory network at Adam 1e-4, 30x low: 5.6x -> 1.05x). Not for Adagrad, whose steps shrink with
the run's length, not the lr alone (a Koopman autoencoder at Adagrad 1e-3, 30x low, read off its grid: 1.03x -> 4.1x),
nor SGD, whose step is the lr times the gradient (a PINN at SGD-momentum raised 42x instead of 20x lands, read off its
grid, between a diverging and a working lr)."""


def raise_for(s: Signals, gap: float) -> float:
    """The lr raise that takes the update ratio up by ``gap`` (target / median): ``gap`` ** ``ADAPTIVE_RAISE_POWER``
    for an adaptive optimizer other than Adagrad, ``gap`` otherwise."""
    adaptive = s.optimizer_family == "adaptive" and not steps_shrink(s.meta.get("optimizer"))
    return float(gap ** ADAPTIVE_RAISE_POWER) if adaptive and gap > 1 else gap


def raised_into_band(s: Signals, lr: float, least: float) -> LrAdvice:
    """``lr`` raised so the median update ratio lands where healthy runs of the optimizer family sit in its band
    (``healthy_target``): by ``raise_for`` target / median, at least ``least`` and at most ``MAX_RAISE`` times."""
    median, target = steps_now(s), s.healthy_ratio
    raised = raise_for(s, target / median)
    factor = float(np.clip(raised, least, MAX_RAISE))
    slower = raised > target / median
    reason = " (an adaptive optimizer's ratio grows slower than its lr)" if slower else ""
    return LrAdvice(lr * factor, f"the median update-to-weight ratio {median:.2g} raised {factor:.0f}x, to where healthy "
                    f"runs sit in the {family_label(s.optimizer_family)} band ({target:.1g}){reason}", UPDATE_BAND,
                    lower=False)


def steps_now(s: Signals) -> float:
    """The update ratio an lr raise scales: the run's median, or the median of its last half when that is larger (a
    pointer network at SGD 0.03, 3x below its best lr, sat at chance with ratios of 1e-5 for 300 steps, then learned
    with ratios 10x its median: aimed by the median the raise was 20x, into the lrs that blow it up)."""
    median, late = s.update_ratio_median, s.update_ratio_late
    return max(median, late) if np.isfinite(late) else median


MIN_STALLED_EVALS = 8
"""The validation loss stopped falling (``held_out_stalled``) is read only over this many evaluations in its last half
or more: over 4-5 the Theil–Sen interval spans every pairwise slope, and one evaluation not below the one before it
would silence a real crawl (a fastText at Adagrad 3e-3, 100x low, 10 evaluations in all)."""


def held_out_stalled(s: Signals) -> bool:
    """The validation loss has ``MIN_STALLED_EVALS`` evaluations in its last half and did not fall significantly
    over them (its Theil–Sen interval reaches zero): the training loss's crawl is its own, not the model's. A
    Bayes-by-backprop MLP at Adam 0.01, above its best lr, crawled straight (ELBO 2.2 -> 0.47, its KL term shrinking by a
    constant Adam step) while its held-out mse had flattened; at the 0.1 it was told, the same model's lr grid ends 24x
    above its best. Every labelled too-low lr of the shipped samples and of fresh17 that logs evaluations fell
    significantly over their last half, or its steps sat below the band, or had too few evaluations for the veto."""
    high = late_held_out_high(s, MIN_STALLED_EVALS)
    return high is not None and high >= 0


def late_held_out_high(s: Signals, least: int) -> float | None:
    """The upper end of the Theil–Sen interval of the validation level's slope over the last ``LATE_EVALS_SHARE`` of its
    evaluations, or None when they are fewer than ``least``."""
    steps, v, _ = s.val_level
    late = int(steps.size * (1 - LATE_EVALS_SHARE))
    if steps.size - late < least:
        return None
    _, _, high = theil_sen(steps[late:].astype(float), v[late:])
    return float(high)


def held_out_still_falling(s: Signals) -> bool:
    """The validation loss fell significantly over the last half of its evaluations (Theil–Sen, the whole 95%
    interval below zero): the model still improves at the end, read where a training loss logged every few steps
    is too noisy for its own trend to show it (a masked LM at SGD 0.01, 100x below its best lr, its last five
    evaluations each lower)."""
    high = late_held_out_high(s, MIN_LATE_EVALS)
    return high is not None and high < 0


def check(s: Signals, p: Params) -> list[Hit]:
    if not s.log_scale:
        return small_steps_below_zero(s, p)
    if not s.has_lr and not np.isfinite(s.update_ratio_median):
        raise NotApplicable("needs the lr (a crawl says the lr is low only at a constant lr) or the update ratio")
    if s.n < p.min_points or s.died:
        return []
    if first_step_beyond_band(s):
        return []  # the run's lr already proved too large for its weights at the start: raising it is not the advice
    # the validation loss still falling at the end stands in for the training loss's trend last: the readings
    # of a straight crawl name the stretch and its evidence better when they see it
    return (train_crawl(s, p) or held_out_crawl(s, p)
            or (train_crawl(s, p, held_out_late=True) if held_out_still_falling(s) else []) or never_moved(s)
            or tiny_steps_held_out_creep(s, p))


def small_steps_below_zero(s: Signals, p: Params) -> list[Hit]:
    """A loss that is not positive throughout (a negative log-likelihood below 0, a negative cosine similarity) has no
    ratio to measure progress in, nor a level at which a model learned little: the curve's shape (the quarter shares,
    ratios of drops) is read in the loss's own units, and the readings that need the update ratios speak: a straight
    crawl at a constant lr with steps not above where healthy runs sit, steps below the band, or ``SMALL_STEPS_FACTOR``
    below where healthy runs sit with the loss still falling at the end (until session 29 the rule stood down: a SimSiam
    at Adam 1e-4, 100x below its best lr, its negative cosine -0.02 -> -0.53 and still falling at ratios 17x below; at
    SGD-momentum 0.01, 13x below; a point process's NLL 1.03 -> -0.31 in a straight line at Adam 1e-4, 100x low, and at
    Adagrad 1e-3: each silent, fresh22 and fresh23; no healthy run of the seven families whose loss goes below 0 warned)."""
    if not s.has_lr or not np.isfinite(s.update_ratio_median):
        raise NotApplicable("the loss is not positive throughout: only the lr and the update ratios can say its steps are small")
    if s.n < p.min_points or s.died or first_step_beyond_band(s):
        return []
    return train_crawl(s, p) or (train_crawl(s, p, held_out_late=True) if held_out_still_falling(s) else [])


def first_step_beyond_band(s: Signals) -> bool:
    """Whether the run's first full-lr update moved the weights beyond the top of its optimizer family's first-step
    band (an adaptive optimizer's read as the Adam step it equals: RMSprop's first is ten of its later ones): an lr
    that large for the weights is not too low, whatever the crawl after it (an ESPCN at RMSprop 0.03, 30x above its
    best lr, moved its weights 5.3x their norm in its first step (0.53 as an Adam step, the band's top 0.3), collapsed
    to a blurred constant and crept from there; told to raise its lr 10x it retrained 36% worse, fresh20)."""
    return s.first_step_beyond_band


def never_moved(s: Signals) -> list[Hit]:
    """A loss that never got measurably below its start (nor the validation loss below its first evaluation) at a
    constant lr whose every step sat below the bottom of the optimizer family's band, or ``SMALL_STEPS_FACTOR`` below where
    healthy runs of the family sit in it: the steps were too small to move it (an attention MIL model at SGD-momentum
    1e-3, 30x below its best lr: ratios of 4e-5, the loss at 0.69 for 800 steps; plateau told it the model learned
    nothing; a Res2Net at SGD-momentum 3e-3, 30x below, ratios of 2.2e-4, in the band but 26x below where healthy SGD runs
    sit, at chance for 400 steps, was told by plateau to triple its lr, 5.2x its grid's best; fresh56). Not for a
    fine-tune, whose steps are small on purpose."""
    median, (low, _) = s.update_ratio_median, s.update_band
    if not (np.isfinite(median) and median < max(low, s.healthy_ratio / SMALL_STEPS_FACTOR)) or fine_tune(s):
        return []
    if not s.has_lr or not s.lr_steady_since(s.first_step) or not s.at_full_lr(s.lr_at(s.last_step)):
        return []
    margin = max(STILL_MARGIN, STILL_NOISES * s.smooth_noise)
    if float(s.smooth.min()) < s.initial_level - margin:
        return []  # the loss moved: a crawl's readings judge it
    _, v, _ = s.val_level
    if v.size >= MIN_STILL_EVALS and float(v.min()) < float(v[0]) - max(STILL_MARGIN, STILL_NOISES * eval_noise(v)):
        return []
    lr_now = s.lr_at(s.last_step)
    advice = raised_into_band(s, lr_now, RAISE_FACTOR) if lr_now > 0 else None
    return [
        Hit(
            step_start=s.first_step,
            step_end=s.last_step,
            message=(f"The loss never moved: it stayed around {s.to_loss(float(np.median(s.ys))):.4g} for the whole run at "
                     f"a constant lr {lr_now:.3g}, with every step tiny: the median update-to-weight ratio {median:.2g} "
                     + (f"sits below the bottom of the {family_label(s.optimizer_family)} band ({low:.0e})." if median < low
                        else f"sits {s.healthy_ratio / median:.0f}x below where healthy {family_label(s.optimizer_family)} "
                        f"runs sit in the band ({s.healthy_ratio:.1g}).")),
            evidence={"update_ratio_median": median, "update_band_low": low, "lr": lr_now},
            suggestion=("Raise the lr to about {lr}" if advice else "Raise the lr") + ", or run `lrdoctor find-lr` to pick one.",
            lr=advice,
            explains=("plateau",),
        )
    ]


def tiny_steps_held_out_creep(s: Signals, p: Params) -> list[Hit]:
    """Read last, where the training loss's own readings found no crawl (its batch losses too noisy to show one): every
    step below the bottom of the optimizer family's band at a constant lr, and a validation loss that fell at each of its
    ``MIN_STILL_EVALS`` or more evaluations yet achieved little (less than ``MAX_VAL_DROP`` and ``max_total_drop``): the
    model creeps, the steps too small to do more (fitted Q-iteration at RMSprop 1e-5, 100x below its best lr, its TD loss
    jumping at each refresh of the target network: ratios of 9e-5, the held-out error 0.176 -> 0.166 in 800 steps where
    lr 1e-3 ends at 0.003). ``held_out_crawl``
    wants more evaluations to call a curve straight; here the update ratios name the cause. Not for a fine-tune."""
    median, (low, _) = s.update_ratio_median, s.update_band
    if not (np.isfinite(median) and median < low) or fine_tune(s):
        return []
    if not s.has_lr or not s.lr_steady_since(s.first_step) or not s.at_full_lr(s.lr_at(s.last_step)):
        return []
    steps, v, log_scale = s.val_level
    if steps.size < MIN_STILL_EVALS or not log_scale or steps[-1] - steps[0] < MIN_CRAWL_SHARE * s.span_steps:
        return []
    total = float(v[0] - v[-1])
    if not (np.diff(v) < 0).all() or not MIN_VAL_CREEP <= total < min(p.max_total_drop, MAX_VAL_DROP):
        return []
    lr_now = s.lr_at(s.last_step)
    advice = raised_into_band(s, lr_now, RAISE_FACTOR) if lr_now > 0 else None
    first, last = float(np.exp(v[0])), float(np.exp(v[-1]))
    return [
        Hit(
            step_start=int(steps[0]),
            step_end=int(steps[-1]),
            message=(f"The validation loss crept from {first:.4g} to {last:.4g}, lower at each of its {steps.size} evaluations "
                     f"but by only {1 - last / first:.0%} in all, at a constant lr {lr_now:.3g} with every step tiny: the "
                     f"median update-to-weight ratio {median:.2g} sits below the bottom of the "
                     f"{family_label(s.optimizer_family)} band ({low:.0e}) (the training loss shows no crawl of its own)."),
            evidence={"update_ratio_median": median, "update_band_low": low, "lr": lr_now, "total_log_drop": total,
                      "evaluations": int(steps.size)},
            suggestion=("Raise the lr to about {lr}" if advice else "Raise the lr") + ", or run `lrdoctor find-lr` to pick one.",
            lr=advice,
            explains=("plateau",),
        )
    ]


def steps_not_small(s: Signals) -> bool:
    """Whether the median update ratio sits above where healthy runs of the family sit in its band (``healthy_ratio``):
    then a slow loss is not for want of step size, whatever its curve. (Until session 25 the line was the band's
    geometric middle, half as high: a fresh20 GraphSAGE at ASGD 0.03, 10x below its best lr, crawled straight, its last
    quarter 40% of its progress, with ratios of 0.0028, above the SGD band's middle 0.0022 and half where healthy SGD
    runs sit, 0.0057; raised 10x it ends 44% lower. No other finding of 1,671 logs changed with the line.)"""
    median = s.update_ratio_median
    return bool(np.isfinite(median) and median > s.healthy_ratio)


def fine_tune(s: Signals) -> bool:
    """A fine-tune, whose steps are small on purpose: ``pretrained`` in the metadata, unless its loss started at or above
    the level of a model that learned nothing (chance, ln C), within ``UNTRAINED_SHARE``: a new head on a trained body
    starts untrained, and that part of the run is no fine-tune (LoRA adapters at Adam 1e-5, 300x below their best lr,
    their new 6-class head's loss 2.06 -> 1.92 against ln 6 = 1.79)."""
    if s.meta.get("pretrained") is not True:
        return False
    known = wrong_initial_loss.untrained_level(s)
    if known is None or not s.log_scale or known[0] <= 0:
        return True
    return bool(s.initial_level < float(np.log(known[0])) - UNTRAINED_SHARE)


def still_untrained(s: Signals, end_level: float) -> tuple[float, str] | None:
    """The level of a model that learned nothing (chance, ln C, for a cross-entropy; ``wrong_initial_loss.untrained_level``)
    and its name, when the loss started there and ended within ``UNTRAINED_SHARE`` of it (None otherwise): a straight crawl that got nowhere is
    read whatever the update ratios say. The ratio of weights that need to move far (a fastText's embeddings, its
    output bias, whose norm is small) can sit high in the band while the loss crawls from ln 8 to 0.97 ln 8 in 500
    steps at Adagrad 3e-3 or SGD 1, 10-100x below their best lrs."""
    known = wrong_initial_loss.untrained_level(s)
    if known is None or not s.log_scale or known[0] <= 0:
        return None
    level = float(np.log(known[0]))
    return known if abs(s.initial_level - level) <= UNTRAINED_SHARE and end_level >= level - UNTRAINED_SHARE else None


def sat_untrained(s: Signals, levels: np.ndarray) -> tuple[float, str] | None:
    """The level of a model that learned nothing (chance, ln C) and its name, as ``still_untrained`` gives them, when the
    loss started there (within ``UNTRAINED_SHARE``) and still sat there at the end of the first quarter
    (``quarter_levels``); None otherwise. Leaving a plateau at chance takes a time
    that grows as the lr shrinks, and a loss that then fell and still fell clearly over the last quarter (its two levels
    ``RELAPSE_NOISES`` of their errors apart) is still falling where the trend of a noisy batch loss logged every few
    steps cannot show it: a VoVNet-like CNN, a Gabor-filter CNN and a Network-in-Network CNN at Adam 1e-3, 10x below
    their best lr, logged every 3 steps, at ln 4 for 100-200 steps, their last quarters falling by 4.6-39 noise units
    with trends whose intervals reach zero, were given nothing (fresh98, fresh99, fresh105). A healthy run that starts at
    chance leaves it within the first quarter (a Performer at Adagrad 0.01, fresh72)."""
    known = wrong_initial_loss.untrained_level(s)
    if known is None or not s.log_scale or known[0] <= 0:
        return None
    level = float(np.log(known[0]))
    return known if abs(levels[0] - level) <= UNTRAINED_SHARE and levels[1] >= level - UNTRAINED_SHARE else None


def val_quarter_levels(steps: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The validation level at the start, at each quarter boundary and at the end of its evaluations: a
    running median of ``VAL_SMOOTH_POINTS`` evaluations, read off linearly between them."""
    padded = np.r_[v[0], v, v[-1]]
    smooth = np.median(np.lib.stride_tricks.sliding_window_view(padded, VAL_SMOOTH_POINTS), axis=1)
    edge = VAL_SMOOTH_POINTS - 1  # the first and last evaluation: the median of it and its one neighbour
    smooth[0], smooth[-1] = np.median(v[:edge]), np.median(v[-edge:])
    return np.asarray(np.interp(np.linspace(steps[0], steps[-1], QUARTERS + 1), steps, smooth))


def held_out_crawl(s: Signals, p: Params) -> list[Hit]:
    """The same straight crawl read off the validation loss, for runs whose training loss is too noisy per batch
    to show it (a rating model's MSE, small batches): at least ``MIN_VAL_EVALS`` evaluations over at least half
    the run, at a constant lr never decayed, falling significantly and almost linearly from the first
    evaluation to the last, achieving little (``MAX_VAL_DROP``), with update ratios not in the upper half of the band.
    Not for a fine-tune, which starts near its optimum: its held-out loss creeps by a few percent at an lr kept small on
    purpose (a Perceiver fine-tuned at Adam 1e-4, 2.4% over 10 evaluations: the raise to 3.2e-3, retrained, ended 6.5%
    worse, and the best lr of a 4-decade grid only 2.3% better than the run's)."""
    steps, v, log_scale = s.val_level
    if steps.size < MIN_VAL_EVALS or not log_scale or not s.has_lr or fine_tune(s):
        return []
    if steps[-1] - steps[0] < MIN_CRAWL_SHARE * s.span_steps or not s.val_trend.falling:
        return []
    if not s.lr_steady_since(float(steps[0])) or not s.at_full_lr(s.lr_at(s.last_step)):
        return []
    if steps_not_small(s):
        return []
    median, (low, high) = s.update_ratio_median, s.update_band
    levels = val_quarter_levels(steps, v)
    total = float(levels[0] - levels[-1])
    if not total >= MIN_VAL_CREEP or total >= min(p.max_total_drop, MAX_VAL_DROP):
        return []
    first_share = float(levels[0] - levels[1]) / total
    last_share = float(levels[QUARTERS - 1] - levels[QUARTERS]) / total
    noise = eval_noise(v)
    relapse = bool(np.any((np.diff(levels) > RELAPSE_SHARE * total) & (np.diff(levels) > RELAPSE_NOISES * noise)))
    if first_share > p.max_first_share or last_share < p.min_last_share or relapse:
        return []
    lr_now = s.lr_at(s.last_step)
    factor = RAISE_FACTOR_FLAT if first_share <= FLAT_START_SHARE else RAISE_FACTOR
    evidence: dict[str, float] = {"first_quarter_share": first_share, "last_quarter_share": last_share,
                                  "total_log_drop": total, "evaluations": int(steps.size)}
    basis, kind = f"{factor:.0f}x the lr of a crawling validation loss", DIVISOR
    if np.isfinite(median):
        evidence.update(update_ratio_median=median, update_band_low=low)
        target = s.healthy_ratio
        if target / median > factor:  # steps low in the band: aim them where healthy runs' steps are
            factor = float(min(max(raise_for(s, target / median), factor), MAX_RAISE))
            basis, kind = (f"the median update-to-weight ratio {median:.2g} of a crawling validation loss raised "
                           f"{factor:.0f}x, to where healthy runs sit in the {family_label(s.optimizer_family)} band "
                           f"({target:.1g})", UPDATE_BAND)
    advice = LrAdvice(lr_now * factor, basis, kind, lower=False) if np.isfinite(lr_now) and lr_now > 0 else None
    first, last = np.exp(levels[0]), np.exp(levels[-1])
    return [
        Hit(
            step_start=int(steps[0]),
            step_end=int(steps[-1]),
            message=(
                f"The validation loss crept from {first:.4g} to {last:.4g} almost linearly over {steps.size} "
                f"evaluations: the first quarter made {max(first_share, 0.0):.0%} of the progress and the last "
                f"quarter still {last_share:.0%}, so the curve never bends; the optimizer is crawling at lr "
                f"{lr_now:.3g} (the training loss is too noisy per batch to show it)."
            ),
            evidence=evidence,
            suggestion=("Raise the lr to about {lr}" if advice else f"Raise the lr about {factor:.0f}x")
            + ", or run `lrdoctor find-lr` to pick one.",
            lr=advice,
            explains=("plateau",),
        )
    ]


def train_crawl(s: Signals, p: Params, held_out_late: bool = False) -> list[Hit]:
    """The straight crawl of the training loss, or a loss that fell little with every step below the band.
    ``held_out_late``: the validation loss is still falling at the end (``held_out_still_falling``): small steps
    count with it where the training loss's own trend does not show it."""
    start = float(max(s.first_step, s.warmup_end_step or s.first_step))
    if s.last_step - start < MIN_CRAWL_SHARE * s.span_steps:
        return []
    if not s.at_full_lr(s.lr_at(s.last_step)):
        return []  # the schedule decayed the lr: a slow end is what it asked for
    levels, errors = quarter_levels(s, start)
    total = float(levels[0] - levels[-1])
    if not np.isfinite(total) or total <= 0:
        return []
    first_share = float(levels[0] - levels[1]) / total
    last_share = float(levels[QUARTERS - 1] - levels[QUARTERS]) / total
    late = s.loss_trend(s.last_step - (s.last_step - start) / QUARTERS, s.last_step + 1)
    if s.log_scale and total >= p.max_total_drop:
        return []  # a drop in the loss's own units (a loss that is not positive throughout) says nothing of how much
    untrained = still_untrained(s, float(levels[-1]))
    if steps_not_small(s) and untrained is None:
        return []  # steps in the upper half of the usual band: the crawl is not for want of step size
    median, (low, high) = s.update_ratio_median, s.update_band
    target = s.healthy_ratio
    tuning = fine_tune(s)  # a fine-tune's steps are small on purpose
    tiny_steps = bool(np.isfinite(median) and median < low and not tuning)
    # steps far below where healthy runs of the family sit, at a constant lr, with the loss still falling at the end:
    # the curve may bend (a fast start), but it keeps falling at a pace larger steps would multiply
    still_falling = late.falling or held_out_late
    small_steps = bool(np.isfinite(median) and median * SMALL_STEPS_FACTOR <= target and still_falling and s.has_lr
                       and s.lr_steady_since(start) and not tuning)
    if last_share < p.min_last_share and not (tiny_steps or small_steps):
        return []  # the curve bends: only steps below the band say a flattened loss wanted a larger lr
    # a crawl, not a relapse: no quarter undid a tenth of the progress by more than its noise
    rises = np.diff(levels)
    noise = np.hypot(errors[1:], errors[:-1])
    steady = not bool(np.any((rises > RELAPSE_SHARE * total) & (rises > RELAPSE_NOISES * noise)))
    # nor a staircase: a quarter that fell less than ``STALL_SHARE`` of the smaller fall of the quarters either side of
    # it, both of which fell clearly (``RELAPSE_NOISES``), is a stall the loss came out of on its own, not a curve that
    # never bends (a healthy Chebyshev graph net resumed with its Adam state at its grid's best lr: quarters falling
    # 6.2, 8.9, -0.5 and 3.7 noise units, told to raise the lr 3x, which changed nothing, fresh36; no labelled too-low
    # lr's quarters fall by 3 noise units on both sides of a quarter that fell that little)
    falls = -rises
    clear = falls >= RELAPSE_NOISES * noise
    middle = falls[1:-1]
    before, after = slice(None, middle.size), slice(-middle.size, None)  # the quarters either side of each middle one
    staircase = bool(np.any(clear[before] & clear[after]
                            & (middle < STALL_SHARE * np.minimum(falls[before], falls[after]))))
    # still falling at the end: the trend of the last quarter's losses, or, after a start that sat at the untrained
    # level, a last quarter that fell clearly by its levels (``sat_untrained``)
    sat = sat_untrained(s, levels) if not late.falling and clear[-1] else None
    falling = late.falling or sat is not None
    # a crawl is evidence of a low lr only at a constant lr: a decaying schedule slows a healthy loss too
    straight = (first_share <= p.max_first_share and last_share >= p.min_last_share and falling and steady
                and not staircase
                and s.has_lr and s.lr_steady_since(start) and (np.isfinite(median) or total < BLIND_MAX_DROP))
    if not (straight or tiny_steps or small_steps):
        return []
    if not (tiny_steps or small_steps) and held_out_stalled(s):
        return []  # steps in the band and a held-out loss that stopped falling: raising the lr speeds the training loss only
    lr_now = s.lr_at(s.last_step) if s.has_lr else float("nan")
    factor = RAISE_FACTOR_FLAT if first_share <= FLAT_START_SHARE else RAISE_FACTOR
    evidence: dict[str, float] = {
        "first_quarter_share": first_share, "last_quarter_share": last_share,
        ("total_log_drop" if s.log_scale else "total_drop"): total,
        "end_rate": late.rate,
    }
    if np.isfinite(median):
        evidence.update(update_ratio_median=median, update_band_low=low)
    if sat is not None:
        evidence["untrained_level"] = sat[0]
    aimed = bool(np.isfinite(median) and (tiny_steps or small_steps or target / median > factor))
    advice = None
    if np.isfinite(lr_now) and lr_now > 0:  # steps below the band, or low in it: aimed where healthy runs' steps are
        advice = (raised_into_band(s, lr_now, factor) if aimed
                  else LrAdvice(lr_now * factor, f"{factor:.0f}x the lr of a crawling loss", DIVISOR, lower=False))
    if aimed:
        factor = float(np.clip(raise_for(s, target / steps_now(s)), factor, MAX_RAISE))
    return [
        Hit(
            step_start=int(start),
            step_end=s.last_step,
            message=(
                f"The loss sat at the {sat[1]} of a model that learned nothing through the first quarter of the run, "
                f"then fell to {s.to_loss(levels[-1]):.4g}, the last quarter still making {last_share:.0%} of the "
                f"progress: leaving that level takes longer the smaller the steps; the optimizer is crawling"
                + (f" at lr {lr_now:.3g}." if np.isfinite(lr_now) else ".")
                if straight and sat is not None else
                f"The loss crept from {s.to_loss(levels[0]):.4g} to {s.to_loss(levels[-1]):.4g} almost linearly: the "
                + (f"first quarter of the run made {first_share:.0%} of the progress" if first_share >= 0
                   else "first quarter of the run made no measurable progress")
                + " and the last quarter still "
                f"{last_share:.0%}, so the curve never bends; the optimizer is crawling"
                + (f" (median update-to-weight ratio {median:.2g}, below the usual {low:.0e})" if tiny_steps else "")
                + (f" at lr {lr_now:.3g}" if np.isfinite(lr_now) else "")
                + (f", still near the {untrained[1]} of a model that learned nothing." if untrained else ".")
                if straight else
                f"The loss fell only from {s.to_loss(levels[0]):.4g} to {s.to_loss(levels[-1]):.4g} with every step tiny: the "
                f"median update-to-weight ratio {median:.2g} is below the bottom of the {family_label(s.optimizer_family)} "
                f"band ({low:.0e}); the optimizer is crawling"
                + (f" at lr {lr_now:.3g}." if np.isfinite(lr_now) else ".")
                if tiny_steps else
                f"The {'loss' if late.falling else 'validation loss'} is still falling at the end at a constant lr "
                f"{lr_now:.3g} with small steps: the median "
                f"update-to-weight ratio {median:.2g} is {target / median:.0f}x below where healthy "
                f"{family_label(s.optimizer_family)} runs sit in the band ({target:.1g}): the loss fell from "
                f"{s.to_loss(levels[0]):.4g} to {s.to_loss(levels[-1]):.4g}, and larger steps would take it further."
            ),
            evidence=evidence,
            suggestion=(
                ("Raise the lr to about {lr}" if advice else f"Raise the lr about {factor:.0f}x")
                + ", or run `lrdoctor find-lr` to pick one."
            ),
            lr=advice,
            # steps below the band barely move the weights: a validation loss that rises meanwhile is not memorising (a
            # DnCNN at Adam 1e-6, 3000x low, its training loss 4% lower in 200 steps, its validation loss 2.3x higher as
            # BatchNorm's running statistics left their init; an overfitting early stop at step 20 is no fix)
            explains=("overfitting",) if tiny_steps else (),
        )
    ]
