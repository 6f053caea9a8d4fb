"""lr-too-high: the lr is too high, in every form that takes: a blow-up at the start that leaves the model
at chance, steps far larger than the optimizer's band, a loss that turned upward as the lr ramped up,
divergence after a minimum, repeated spikes, or oscillation at a constant lr."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from lrdoctor.advice import DIVISOR, LAST_GOOD, RAMP_TURN, UPDATE_BAND
from lrdoctor.checks import dead_units, exploding_gradients, lr_too_low, overfitting, plateau, wrong_initial_loss
from lrdoctor.findings import Hit, LrAdvice, NotApplicable
from lrdoctor.optim import (family_label, first_step_band, healthy_target, steps_shrink, takes_adam_steps,
                            with_momentum)
from lrdoctor.signals import (Ramp, Signals, Spike, eval_noise, exp_factor, from_orders, rise_text,
                              rolling_median)

LR_DIVISOR = 3.0
"""Without a logged update ratio to scale by, the suggested lr is the troubled lr divided by this."""
MIN_POINTS = 12
"""Divergence: logged points needed at all."""
MIN_TAIL_POINTS = 10
"""Divergence: at least this many points at the end and around the minimum, so the rank test has power."""
MIN_TAILS = 3
"""Divergence: the run holds at least this many tails' worth of points."""
AROUND_SHARE = 0.5
"""Divergence: the points around the minimum reach this share of a tail on either side of it."""
MIN_CLIMB_SHARE = 0.03
"""Divergence: the climb from the minimum to the end spans at least this share of the run."""
SAME_LR = 1.05
"""Two lrs within this factor are the same lr (a warm restart back to an lr the run handled)."""
STEADY_LR = 1.3
"""Too-large steps last as long as the lr stays within this factor of the lr they started at."""
MIN_EARLY_EVALS = 4
"""Held-out check: evaluations up to the training minimum needed to know the validation noise."""
MIN_LATE_EVALS = 2
"""Held-out check: evaluations after the training minimum needed."""
END_EVALS = 3
"""Held-out check: the last this many evaluations stand for the end of the run."""
STEADY_NOISES = 3.0
"""Held-out check: the validation loss stayed level if it ended within this many of its noise units..."""
MIN_STEADY_BAND = 0.05
"""...or within this much in log-loss (5%), whichever is larger."""
FIRST_STEPS_AFTER = 3
"""A first step as large as the weights hurt when one of the losses logged in this many rows after it is higher."""
MIN_PLATEAU_EVALS = 8
"""A stalled stretch's validation jitter is read off at least this many evaluations (fewer give too noisy a noise)."""
MIN_EVALS_RECOVERED = 4
"""Evaluations needed to say a climb on a ramp was undone by the end (``recovered_below_turn``)."""
NEAR_BEST_RATIO = 1.05
"""A run ends at its best when its last evaluation is within the noise of its best, or (a positive validation loss) within
this factor of it: a Poisson regression under one-cycle to SGD-momentum 0.1, its grid's best, held-out 0.614 before its
climb, 0.462 at its best and 0.473 at the end (x1.024; its evaluations fall so steadily that their noise is smaller);
told a third of the lr at the turn, it retrained 4% worse (fresh33). A run stuck at chance after a blow-up ends further
from its best (an InceptionTime-like net warmed up to AdamW 1: 1.32 at its best, 1.61 at the end, x1.22)."""
EVAL_HALVES = 2
"""A run's evaluations read in halves: the later half settles after a climb, a stretch's second half after its first."""
PLATEAU_EVAL_JITTER = 0.1
"""The validation loss on a stalled stretch varying this much (robust noise, log-loss) between evaluations: the
lr throws the weights around (labelled healthy runs at most 0.055; runs 3-30x above a grid's best 0.10-0.20)."""
SPIKE_SKIP_SHARE = 0.05
"""Spikes in the first share of the run (at least its warmup) are the start's business (missing-warmup)."""
MIN_BOUNCE_POINTS = 50
"""Oscillation: logged points needed at all."""
MIN_EARLY_POINTS = 5
"""Points of the early stretch (or of a ramp) needed to read a climb in it."""
CLIMB_NOISES = 4.0
"""A climb counts only when it is also this many units of the loss's point-to-point noise."""
CLEAR_BLOWUP = 1.0
"""An early rise this large (log-loss: x2.7) is a blow-up whatever the held-out loss did after it; a smaller one
followed by a model that barely learned must also have stopped the held-out loss's progress (``barely_below``)."""
SPARSE_TRAIN_POINTS = 25
"""A training loss logged fewer times than this is too sparse to show a turn: the validation loss is read."""
MIN_LR_POINTS = 3
"""Logged lrs needed to see a ramp in the validation loss's reading."""
RAMP_FACTOR = 2.0
"""A ramp read off the logged lr rises to at least this many times its first value."""
GIVEBACK_SHARE = 0.5
"""A climb on a ramp below ``min_rise`` counts when it gave back this share of the descent before it..."""
GIVEBACK_RISE_SHARE = 0.5
"""...and is at least this share of ``min_rise``, when the validation loss rose with it."""
NO_DESCENT_NOISES = 1.0
"""A ramp's loss that turned upward less than this many noise units below where it started had learned nothing on the way
(``first_step_aimed_if_lower``). Of the 26 runs at hand (tuning runs and fresh115's, fresh116's) whose ramp's turn was
read with less than ``CLIMB_NOISES`` units of descent and whose first step aimed lower, each retrained with both lrs:
the five below one unit moved from 1.08x, 63.6x, 1.00x, 1.04x, 1.00x their grids' best to 1.18x (a VICReg), 1.32x (a
Volterra-like identifier), 1.04x, 1.04x, 1.01x; aimed by the first step at up to ``CLIMB_NOISES`` units, all 26 would
move, median 1.02x -> 1.04x, nine above 1.1x instead of two: a loss that came down by a few noise units had learned on
the ramp, and the lr at its turn speaks."""
MIN_CLIMB_POINTS = 2
"""A climb on a ramp lasts at least this many points of the reduced series (not a single spike)."""
MIN_LATE_RISE_EVALS = 3
"""A validation loss climbing out of its valley: at least this many evaluations after its best (one last jump is not a climb)."""
PLATEAU_CLIMB_SHARE = 0.5
"""A divergence explains the plateau when its climb starts within this share of the plateau's stretch."""
HUGE_FIRST_STEP = 3.0
"""An adaptive optimizer's first full-lr step this many times the top of its first-step band (30x the band's
top: the lr as large as the weights themselves) is too large even when the run recovers from its early climb
to learn something: the lr stays too high for the rest of the run (a warmup to it would not make it right)."""
MIN_RAMP_RATIOS = 3
"""Update ratios logged on an lr ramp up to the loss's turn needed to aim the lr by them."""
MIN_RATIO_POINTS = 20
"""Update ratios at full lr needed before their median says the steps are too large for the whole run."""
ZERO_FLOOR_SHARE = 1e-6
"""A loss with exact zeros (a triplet or hinge loss) is read on a log scale with its zeros raised to this share of its
first value: a blow-up and a stall after it are ratios (a triplet MLP at RMSprop 0.1 leapt from 0.93 to 1,648 and sat
above its start)."""
STALL_GROWTH = 30.0
"""Under a schedule that grows the lr to the end of the run (an ExponentialLR with gamma > 1), a loss that gained almost
nothing while the lr grew this much more to the end stalled on the growth: a Deep-Interest-Network under Adam with gamma
1.02 per batch, from 1e-3 to 2.7, stopped improving near lr 0.002 and hovered for the rest of the growth, never climbing
far enough to read as a turn; at the constant lr 1e-3 it ended 7% lower (fresh60). A MoCo encoder under RMSprop with the
same schedule whose training loss stalled too but whose held-out loss fell 8% over the stall (2.47 -> 2.27) is left
alone, though its constant lr ended 23% lower (fresh63): its held-out loss says the growth still bought progress."""
STALL_GAIN_SHARE = 0.1
"""...almost nothing: the median of the smoothed loss over the second half of that stretch came less than this share of
the descent before the stretch below the best level before it."""
FINE_TUNE_START_POINTS = 5
"""A fine-tune's start is the median of this many first losses when above its first (a ranking fine-tune's first batch
scored 1.26, its next four 1.72-1.96, and it converged at 1.75: a blow-up read from its first loss alone)."""
FINE_TUNE_START_SHARE = 0.01
"""...or of the losses of this first share of the run when they are more (a long fine-tune logged every step: its first
five batches are five draws of millions, three of which may score as low as the first)."""
NEAR_CHANCE = 0.7
"""A classifier whose loss ended at or above this share of chance (ln C) learned almost nothing (a binarized CNN and a
ViT whose lr was too high ended at 0.77 and 0.93 of it; no labelled healthy SGD run above 0.6)."""
LARGE_STEPS_FACTOR = 2.0
"""...with a median update ratio this many times where healthy runs of the family sit or more: large steps."""
END_PARTS = 4
"""A run sitting untrained after its start: the last of this many equal parts of the rest stands for its end."""
CHANCE_MATCH = 0.01
"""A log of one row per epoch sits at chance when every epoch's mean after the first is within this share of ln k..."""
CHANCE_COME_DOWN = 0.03
"""...or, when the training accuracy was at chance in every epoch, the later half of them (3 at least) within this share
and none of the epochs before below it (a blow-up that took a few epochs to come down to chance)..."""
CHANCE_TAIL = 3
"""...the fewest epochs of that later half..."""
CHANCE_PINNED = 0.1
"""...or, when the training accuracy and the validation accuracy were at chance in every epoch, the first too, the
median of the epochs after the first within this share of ln k and none of them below it (a model pinned at chance, its
loss a little above uniform predictions: a BoTNet-like CNN at Adam 1 over 4 classes, epoch means 80.3, 1.47, 2.45, then
1.43-1.45, 3-4.5% above ln 4, accuracy 0.22-0.26 and validation accuracy 0.23-0.27 in every epoch, fresh73)..."""
CHANCE_BLOWUP = 0.5
"""...after a first epoch whose mean stood this far above it (log-loss: x1.65)..."""
CHANCE_ACCURACY = 1.5
"""...and the training accuracy stayed at most this many times 1/k..."""
CHANCE_ACCURACY_SHARE = 0.1
"""...and at most this share of the way from 1/k to 1: with two classes 1.5/k is 0.75, three in four right (an SGC
node classifier over 4 classes whose epoch means came down to 0.68-0.69, ln 2 by coincidence, at an accuracy of 0.74,
was told it sat at chance and to lower its lr 100x, which retrained 62% worse; fresh45)."""
BOUNCE_BLOCKS = 4
"""A bounce's level, the median over its stretch, is compared with the best level held before it: the lowest rolling
median over this many-th of the stretch's points (``settled_best_before``)."""
BEST_NOISES = 2.0
"""...that lowest median taken ``BEST_NOISES`` standard errors of a median higher before a bounce's level is compared with
it: the lowest of a run of noisy medians is biased low."""
HELD_OUT_RISE_SHARE = 0.1
"""A bounce at steps no larger than a healthy run's is the batches' where the held-out loss ended above its best by at
most this share of its fall to that best, on a log scale (``settled_at_modest_steps``: a healthy Nystromformer-like
encoder 5%; its look-alikes with later evaluations raised 30-50%, 21-29%, warned)."""
MIN_CHANCE_CLASSES = 2
"""The fewest classes a chance level ln k is read for..."""
MAX_CHANCE_CLASSES = 1_000_000
"""...and the most (a vocabulary's)."""
AT_CHANCE_DIVISOR = 100.0
"""A log of one row per epoch with no lr, whose first epoch blew the model up to chance: lower the lr this many times.
Nothing in such a log says how far too high the lr was; a model thrown onto uniform predictions in one epoch was far
above it (a TCN at Adam 0.3 and a mixup CNN at SGD-momentum 3, retrained at a tenth of their lr, still sat near chance).
Of ten such runs of the fix-check halves (at Adam 0.1 to 1 and SGD-momentum 3), a thirtieth retrained a median 1.25x
their grids' best and up to 811x (a spatial transformer and a keyword spotter at Adam 1 still at chance, 7.6x and
811x), a hundredth a median 1.03x and at most 1.45x (a detection CNN at Adam 0.1, told 0.001 where 0.0032 is best)."""
MIN_FROZEN_EVALS = 4
"""A frozen validation loss: at least this many last evaluations..."""
FROZEN_SPREAD = 2e-4
"""...within this much of the last in log-loss (0.02%)..."""
FROZEN_BEFORE = 2
"""...after at least this many earlier ones..."""
FROZEN_MOVED = 0.05
"""...that spanned at least this much in log-loss (5%): the model had been learning."""
MIN_EPOCHS_AFTER = 3
"""A log of one row per epoch: epochs after the second needed to say the loss stopped moving after the first."""
CONFIDENT_FACTOR = 5.0
"""A log of one row per epoch whose training accuracy stayed at chance is confidently wrong when every epoch's mean loss
stood this many times above -ln of its best accuracy (the loss of uniform guessing among as many classes as that
accuracy is the chance of)..."""
FLAT_ACCURACY = 0.05
"""...its training accuracy never spreading more than this (absolute) over the run..."""
MAX_CHANCE_ACCURACY = 0.5
"""...nor above this, the chance of a coin (an accuracy higher is some learning, or labels mostly of one class)."""
FIRST_EPOCHS = 2
"""The first epoch and the second, whose losses the later epochs are measured against."""
EPOCH_STALL_SHARE = 0.03
"""...it did when, after the second epoch, neither the training nor the validation loss got lower than at the
second by this share of the first epoch's drop (labelled runs stuck at chance after a blow-up in their first
epoch: at most 0.007; healthy runs, whose epochs keep improving a little, 0.18 and more)."""
EPOCH_JUMP = 0.5
"""An epoch whose mean training loss stands this far (log-loss: 1.65x) above the epoch before it jumped..."""
MIN_EPOCH_JUMPS = 2
"""...and this many such epochs, the validation loss rising with each, are an lr the model cannot settle at (a latent
ODE at Adam 0.1: epoch means 3.5, 6.5, 0.85, 15, 0.53, ...; its working lr ends 60x lower). A healthy run's epoch
means fall nearly every epoch; a warm restart's bump is a fraction of this..."""
EPOCH_JUMP_START_SHARE = 0.2
"""An epoch's jump counts only when the loss rose by at least this share of the first epoch's mean loss, in the loss's
own units: a model memorising its data sits near zero, where batches it has not yet fitted move an epoch's mean 2-3x
and back (soft decision trees overfitting 300 rows at Adam 3e-3: 0.022 -> 0.060, 3% of the first epoch's 1.16, the
validation loss rising with every epoch anyway). The jumps of the lrs that blew up took the loss back up by 80-400% of
its first epoch's mean."""
EPOCH_BLOWUP = 1.5
"""...or one epoch whose mean stands this far above the epoch before (4.5x), the validation loss rising with it: a
Keras CNN at Adam 1e-3 whose epoch mean went 0.13 -> 1.42 and validation loss 0.09 -> 789 in one epoch, then recovered
(a real log: the transient blow-up of ``shared/real_logs_more``'s keras-imgcls-spike)."""
EPOCH_FIRST_BLOWN = float(np.log(1e5))
"""A log of one row per epoch whose first epoch's mean loss stood this far (log-loss: 100,000x) above the second's: the
loss went orders of magnitude above its level inside the first epoch and came back down. No start explains that: the
healthy per-epoch runs of the fix-check halves at hand and the shared real logs stand at most 26x (a Hamiltonian network
under a cosine decay, still falling through its first epoch), the per-epoch versions of 76 healthy runs of the tuning
halves at most 31x, and those of 39 runs whose last layer was initialised 200-1000x too large at most 2,600x
(``bench/epoch_versions.py``); the tuning halves' per-epoch runs at too-high lrs and the per-epoch versions of their
runs at too-high lrs (Adam and RMSprop at 0.1-1) stood up to 8e11x, and a hundredth of their lr (what a log without one
is told) retrained five past this threshold 6x to 2e7x better (a GIN and a MAML regressor of the halves' per-epoch runs;
a conditional VAE, a mixture density network and an E(n)-equivariant network of the versions; summed losses, which
blow up the same way, stood up to 8e18x). Between the init's 2,600x and this stand five of the 75 versions of too-high
lrs (6,100x to 66,000x): other readings find three, and two (47,000x and 56,000x) are missed. The advice is a
hundredth of the lr (``AT_CHANCE_DIVISOR``) whether the log says the lr or not: retrained at a tenth, those five ended
1.1x to 6e6x better, at a hundredth better still in four and about the same in the fifth (the conditional VAE, 24.9
against 24.7); at a tenth the GIN ended 0.90 against its 1.01, at a hundredth 0.175."""
ACC_FALL = 0.25
"""A log of one row per epoch whose training accuracy ended this share below its best, every epoch after the best that
far below it (3+ epochs), the training loss never back at its level there: the lr threw the model out of what it had
learned (a MobileNet-like CNN at SGD-momentum 3 reached 29% on 6 classes in 3 epochs, then sat at 17-18%, chance, its
loss up 7% at ln 6; at 0.1 it trains to 0.77). A healthy run's training accuracy rises, or dips for an epoch after a
restart; a log of several runs appended (a Keras ``CSVLogger`` in append mode) falls back where the lr was raised."""
MIN_CYCLES = 2
"""A cyclic schedule's peak is read as too high from the loss's climbs in this many of its rising halves or more."""
CLIMB_START_SHARE = 0.1
"""A per-epoch climb counts only when the loss rose by at least this share of the first epoch's mean loss, in the
loss's own units, as an epoch's jump must (``EPOCH_JUMP_START_SHARE``): an LSTM language model memorising a short text
(fresh19) sat at 0.013-0.2 after its first 3.6, and from its lowest epoch to its last rose x8, 0.09, 2.6% of the first
(its validation loss had been climbing for 88 epochs: overfitting); a mixture of experts at Adam 0.1 whose lr was too
high climbed 0.40, 22%."""
MIN_CLIMB_EPOCHS = 3
"""A per-epoch log's training loss climbed for this many epochs or more after its best (a mixture of experts at Adam
0.1, 30x its lr: four; a healthy run's epoch means fall, or bump for one epoch after a restart)."""
BLOWUP_STEPS = 20
"""A loss that turned NaN within this many optimizer steps of the first logged one blew up from the start (counted
in steps, not logged rows: a run logged every 50 steps that lasted 8 rows was stable for 400 steps): no step of
the run was stable at that lr (a Koopman autoencoder at SGD 0.3 bounced 0.6-1.3 for 10 steps and overflowed at the
12th; its grid's best lr is a tenth)."""
START_JUMP = 30.0
"""A loss that jumped this many times above its first value within its first ``START_JUMP_STEPS`` optimizer steps, at a
constant lr whose first step (as an Adam step) was beyond the family's first-step band, was thrown by the lr itself, not
only by the start: a warmup helps an lr that the start alone could not take (the missing warmups of the labelled runs
jumped 1.2-6.5x), while a Koopman autoencoder at Adam 0.1, 30x its best lr, jumped 1,190x at step 2, recovered and ended
47x worse than at its best lr; a 9-step warmup, advised for it, retrained 18% worse."""
START_JUMP_STEPS = 10
"""...within this many optimizer steps of the first logged one."""
FAST_NAN_STEPS = 10
"""A loss that turned NaN within this many optimizer steps of the first logged one gets ``NAN_BLOWUP_DIVISOR``."""
LATE_PRE_NAN_SHARE = 0.5
"""``steps_grew_past_band`` reads the update ratios of the steps before a NaN from this share of the way to it on (the
second half)..."""
MIN_LATE_RATIOS = 5
"""...when at least this many were logged there."""
NAN_SMOOTH_POINTS = 5
"""``never_learned_before`` reads the losses before a NaN through a running median of this many points (a batch's
dip is not learning)."""
NAN_UNLEARNED_DROP = 0.5
"""...and calls a model unlearned when that median never got this far below the first loss in log-loss (0.5: it stayed
above 60% of it; lr-too-high's ``stuck_drop`` default, the same reading of a blow-up the run never recovered from)."""
NAN_BLOWUP_ORDERS = 1.0
"""A loss that turned NaN within ``BLOWUP_STEPS`` is the lr's doing when the gradient norm grew this many orders of
magnitude over the steps before (from its first logged value), or the loss itself rose ``NAN_LOSS_RISE`` times before
it: a loss computation that makes a NaN (a log of 0, a division) or a NaN in the data does it without either."""
NAN_LOSS_RISE = 10.0
"""...or the loss itself rose this many times (an lr that overflows a model multiplies its loss by 1e4-1e23 in those
steps; a batch loss at Adam 1e-3 went 0.037 -> 0.042 before a NaN reward made it NaN: noise, and no lr's doing)."""
MIN_EARLY_RATIOS = 5
"""Update ratios logged in the early stretch needed before their size can say that no step blew the model up."""
MOMENTUM_FIRST_SHARE = 0.5
"""A first step of SGD with momentum sits lower than the steps after it, whose buffer holds more than one gradient: the
lr aimed by a failed run's first step puts it where healthy momentum runs' first steps sit, this share of the ratio
where their steps sit over the run (``optim.healthy_target``). Nine labelled healthy runs at SGD-momentum or Nesterov
0.9, their first step at full lr, took first steps of 0.001-0.008 of their weights (median 0.0031, 0.54 of the family's
0.0057); aimed at 0.0057, a DIN click model and a dual-path CNN blown up to NaN at SGD-momentum 30 and 10 were told 0.97
and 0.33, NaN again (their grids' best 0.3 and 0.1, the next lr up NaN); aimed here, 0.49 and 0.17 retrained 1.00x and
1.20x the grids' best. Over the 32 runs of fresh50 to fresh61 whose lr it (or the aim of a NaN with no stable step,
``first_step_aimed``) changed, retrained: the median held-out loss against the grid's best 1.00x -> 0.80x, above 2x 6 ->
2 (a DLinear forecaster and a Weibull MLP whose grids are not monotone: 2.9-3.0x at both lrs). Runs of earlier halves
kept only as samples were not retrained at their new lrs (a DeepFM at SGD-momentum 10, 0.12 -> 0.058)."""
NAN_BLOWUP_DIVISOR = 30.0
"""A loss that turned NaN within ``FAST_NAN_STEPS`` of the start at a constant lr: lower the lr this many times (or
into the band by its first step, when that is lower). An lr that overflows a model within a few steps may be far above
the stability edge or just past it, and the log cannot tell: of six runs blown up to NaN within 8 steps at SGD 0.02-1
(a DnCNN, two Deep Sets, a residual MLP, a sparse autoencoder, a VAE), a thirtieth of the lr retrained 1.01-1.84x the
held-out loss of the best of a 4-decade grid (median 1.04), a tenth 1.00-2.79x (two above 2). A loss that held out
longer, with steps above the band (``never_stable``'s other reading), gets ``NAN_LATER_DIVISOR``."""
NAN_LATER_DIVISOR = 10.0
"""...and a loss that turned NaN later with no step stable (within ``BLOWUP_STEPS``, or steps above the band all along)
this many (fastText at SGD 30, NaN after 230 steps: its grid's best is a third of the lr, a thirtieth ends 13x worse;
the Koopman autoencoder NaN at step 12: a tenth is its grid's best, a thirtieth 1.95x)."""


@dataclass(frozen=True, slots=True)
class Params:
    min_rise: float
    min_rise_frac: float
    max_p_value: float
    end_frac: float
    spike_z: float
    spike_height: float
    min_spikes: int
    spike_spread_frac: float
    spike_descent_frac: float
    bounce_window_frac: float
    min_bounce_noise: float
    early_frac: float
    blowup_rise: float
    stuck_margin: float
    stuck_drop: float
    blowup_divisor: float
    ramp_divisor: float


def divided(lr: float, p: Params, what: str, divisor: float | None = None) -> LrAdvice:
    """The lr ``divisor`` (default ``blowup_divisor``) times below ``lr``, the lr at which ``what`` happened (a model
    left at chance, stalled or frozen by it)."""
    by = p.blowup_divisor if divisor is None else divisor
    return LrAdvice(lr / by, f"at least {by:g}x below the lr {lr:.2g} {what}", DIVISOR, failed_lr=lr)


def read_per_epoch(s: Signals) -> bool:
    """Whether the per-epoch readings read the run: a log of one row per epoch (the epoch is its step), its loss on a log
    scale, not dead (a loss non-finite for good is non-finite-loss's)."""
    return s.meta.get("step_is_epoch") is True and bool(s.log_scale) and not s.died


def divided_at(s: Signals, p: Params, step: float, what: str,
               divisor: float | None = None) -> tuple[float, LrAdvice | None]:
    """The lr at ``step`` (NaN without an lr column) and ``divided``'s advice from it, None where no lr is known: the
    per-epoch readings' advice, a relative one (``lower_by_chance_divisor``) without it."""
    lr = s.lr_at(step) if s.has_lr else float("nan")
    return lr, divided(lr, p, what, divisor) if np.isfinite(lr) and lr > 0 else None


def frozen_tail(values: np.ndarray) -> int:
    """How many of the last ``values`` (log-loss, in order) lie within ``FROZEN_SPREAD`` of the last one."""
    within = np.abs(values - values[-1]) <= FROZEN_SPREAD
    return values.size if within.all() else int(np.argmin(within[::-1]))


def lower_lr(s: Signals, lr_at_trouble: float, what: str, divisor: float = LR_DIVISOR) -> tuple[LrAdvice | None, dict[str, float]]:
    """Advice to lower the lr that failed (``what`` happened at it): scaled so the median update ratio
    reaches the top of its band when the ratio is logged and above it, else divided by ``divisor``."""
    evidence: dict[str, float] = {}
    if not np.isfinite(lr_at_trouble) or lr_at_trouble <= 0:
        return None, evidence
    median = s.update_ratio_median
    low, high = s.update_band
    divided = LrAdvice(lr_at_trouble / divisor, f"1/{divisor:g} of the lr {lr_at_trouble:.2g} at which {what}", DIVISOR,
                       failed_lr=lr_at_trouble)
    if np.isfinite(median):
        evidence.update(update_ratio_median=median, update_band_low=low, update_band_high=high)
        scaled = lr_at_trouble * high / median
        if median > high and scaled < divided.lr:  # the band asks for more than the divisor: the stronger evidence
            return LrAdvice(scaled, f"the median update-to-weight ratio {median:.2g} scaled to the top of the "
                            f"{family_label(s.optimizer_family)} band ({high:g})", UPDATE_BAND, failed_lr=lr_at_trouble), evidence
    big = first_steps_too_large(s) if s.has_lr and s.lr_at(s.first_step) == lr_at_trouble else None
    by_first_step = scaled_into_band(s, lr_at_trouble, big[0]) if big is not None else None
    if by_first_step is not None and by_first_step.lr is not None and divided.lr is not None and by_first_step.lr < divided.lr:
        # the same lr's first step was far beyond the first-step band: the run showed it far too high from the start,
        # whatever it did later (a hypernetwork at Adam 0.1, first step 1.6x its weights' norm, loss x150 at step 2, then
        # a late climb: a third of the lr retrained 4.4x its grid's best, the first step aimed into the band 1.3x)
        return by_first_step, evidence
    return divided, evidence


def divergence(s: Signals, p: Params) -> Hit | None:
    """The loss at the end of the run is significantly and substantially above its best stretch:
    a one-sided rank test (Mann-Whitney U) of the last points against those around the minimum."""
    ys, ts = s.ys, s.ts
    if ys.size < MIN_POINTS:
        return None
    tail = max(MIN_TAIL_POINTS, int(round(p.end_frac * ys.size)))
    if ys.size < MIN_TAILS * tail:
        return None
    i_min = int(np.argmin(s.smooth[:-tail]))
    half = int(AROUND_SHARE * tail)
    stop = i_min + half + 1
    jumps = [c.step for c in s.lr_changes if c.step > ts[i_min]]
    if jumps:  # the points after an lr change right after the minimum belong to the next regime
        stop = min(stop, int(np.searchsorted(ts, jumps[0])))
    around = ys[max(0, i_min - half) : stop]
    end = ys[-tail:]
    # the best level: the median of the points around the minimum, or the smoothed minimum itself when
    # the dip is too narrow for that median (a V-shaped minimum a few points wide, then a climb back)
    best, final = min(float(np.median(around)), float(s.smooth[i_min])), float(np.median(end))
    rise = final - best
    descent = max(s.initial_level - best, 0.0)
    if rise < p.min_rise or rise < p.min_rise_frac * descent:
        return None
    from scipy import stats  # only here: the effect-size gates above let few runs this far

    p_value = float(stats.mannwhitneyu(end, around, alternative="greater").pvalue)
    if p_value > p.max_p_value:
        return None
    step_min, step_end = int(ts[i_min]), int(ts[-1])
    if step_end - step_min < MIN_CLIMB_SHARE * s.span_steps:
        return None
    if held_out_steady(s, step_min):
        return None  # the training loss rose but the validation loss did not: easier batches at the minimum, not divergence
    if climbed_at_small_steps(s, step_min):
        return None  # steps bounded by the lr and far smaller than a healthy run's push no loss up
    lr_min, lr_end = s.lr_at(step_min), s.lr_at(step_end)
    if s.lr_near_zero(lr_end):
        return None  # at a nearly-zero lr the lr cannot be what pushes the loss up
    if s.has_lr and s.lr_rising_between(step_min, step_end):
        earlier_max = float(np.nanmax(s.lr[: max(1, int(np.searchsorted(s.steps, step_min)))]))
        if lr_end <= earlier_max * SAME_LR and lr_end <= lr_min * SAME_LR:
            return None  # a warm restart / cycle back to an lr the run handled before
    growth = s.lr_growth_cause(step_end)
    if growth:
        lr: LrAdvice | None = LrAdvice(lr_min, f"the lr at the loss's best point (step {step_min}), before {growth}",
                                       LAST_GOOD, failed_lr=lr_end)
        extra: dict[str, float] = {}
        lr_text = f" while {growth}"
    else:
        lr, extra = lower_lr(s, lr_min, "the loss diverged")
        lr_text = f" while the lr went {lr_min:.3g} -> {lr_end:.3g}" if s.has_lr else ""
    factor = f"x{exp_factor(rise):.3g}" if s.log_scale else f"+{rise:.3g}"
    stop = not held_out_best_at_end(s)
    return Hit(
        step_start=step_min,
        step_end=step_end,
        message=(
            f"The loss diverged: it was around {s.to_loss(best):.4g} near step {step_min}, then climbed to "
            f"{s.to_loss(final):.4g} by the end ({factor}, rank test p={p_value:.1g}){lr_text}."
        ),
        evidence={"best_loss": s.to_loss(best), "end_loss": s.to_loss(final), "rise": rise, "p_value": p_value,
                  "lr_at_best": lr_min, "lr_at_end": lr_end, **extra},
        suggestion=(
            ("Stop the lr from growing: hold it at about {lr}" if growth else
             "Lower the lr to about {lr}" if lr is not None else f"Lower the lr by {LR_DIVISOR:g}-10x")
            + (f"; the best weights were around step {step_min}." if stop else
               "; the validation loss ended at its best, so keep the last weights rather than those of that step.")
            + ("" if growth else " If the climb starts as the lr ramps up, warm up to a smaller peak.")
        ),
        fix={"early_stop_step": step_min} if stop else {},
        lr=lr,
        explains=(("plateau",) if climb_is_the_plateau(s, step_min) else ()) + (("exploding-gradients",) if growth else ()),
    )


def climbed_at_small_steps(s: Signals, step_min: int) -> bool:
    """Whether an adaptive optimizer at an lr that never rose above its first took steps far below where healthy runs of
    its family sit (``healthy_ratio``), by lr-too-low's ``SMALL_STEPS_FACTOR``, both at its first step (read as an Adam
    step: the lr against the weights as they were) and over the climb from ``step_min`` (the median ratio; NaN, too few
    ratios logged, compares False). Its steps are bounded by the lr, and steps that small push no loss up: then the climb
    is no divergence. A DINO-like self-distillation at Adam 3e-5, 100x below its best lr (a median ratio of 2.8e-4 over
    the climb, 18x below a healthy 0.0052), its loss rising from 3.86 at step 1 to 5.3 by step 60 as its teacher
    sharpened and falling back to 4.5 while the validation loss fell at each of its 10 evaluations, was told a third of
    its lr, which retrained 4.9x its grid's best (fresh68). The first step too: weights a too-high lr inflated make its
    later steps look small against them (a hypernetwork at Adam 0.1, first step 1.6 of its weights' norm; sparse
    autoencoders under a growing ExponentialLR)."""
    if s.optimizer_family != "adaptive" or not s.has_lr:
        return False
    if not s.lr_max <= SAME_LR * s.lr_at(s.first_step):
        return False  # the lr rose: its first step does not measure it
    first, median = s.first_step_as_adam, s.update_ratio_median_since(step_min)
    if not (np.isfinite(first) and np.isfinite(median)):
        return False  # both must be logged to say the steps were small
    return bool(max(first, median) * lr_too_low.SMALL_STEPS_FACTOR <= s.healthy_ratio)


def climb_is_the_plateau(s: Signals, step_min: int) -> bool:
    """Whether the flat stretch plateau reports is mostly this climb: a loss that fell briefly and climbed
    back reads as flat over the whole stretch. A climb late in a long flat stretch leaves a stuck plateau its own (its
    advice is for the stall), but not a converged one: "converged at this lr, no fault" beside a divergence at that lr
    contradicts it (an Adam CNN at 0.03: flat from step 70, climbing x4.7 from step 462)."""
    found = plateau.stuck(s, s.rule_params("plateau"))
    return found is not None and (step_min >= found.start and found.converged
                                  or step_min - found.start <= PLATEAU_CLIMB_SHARE * (s.last_step - found.start))


def held_out_steady(s: Signals, step_min: int) -> bool:
    """Whether the validation loss stayed level from ``step_min`` to the end while the training loss
    rose: the end is within 3 noise units (of the evaluations up to ``step_min``, at least 4 of them)
    of the last evaluation before ``step_min``. A model that diverges gets worse on held-out data too;
    a non-finite evaluation after ``step_min`` or evaluations that never vary say nothing either way."""
    steps, raw = s.val_logged
    early = steps <= step_min
    if early.sum() < MIN_EARLY_EVALS or (~early).sum() < MIN_LATE_EVALS or not np.isfinite(raw).all() or raw.min() <= 0:
        return False
    v = np.log(raw)
    if np.ptp(v[early]) == 0:
        return False
    return float(np.median(v[~early][-END_EVALS:])) - float(v[early][-1]) <= held_out_band(v[early])


def held_out_best_at_end(s: Signals) -> bool:
    """Whether the validation loss, evaluated ``MIN_EARLY_EVALS`` times or more (all finite), ended within its noise of
    its best evaluation, having fallen below its first by more than that noise: the held-out loss says the last weights
    are the best the run saw, whatever the training loss did, and stopping at the training loss's best would throw them
    away (a held-out loss frozen at one value says nothing: a Kumaraswamy MLP blown up at SGD 3 to a constant NLL of
    5.54 at every evaluation, stopped at step 2, retrained to -0.23). MoCo-like encoders at Adam 1 and 0.1 and
    SGD-momentum 30, their InfoNCE against a queue of keys lowest at steps 3-10 and climbing from there as the queue
    filled with better keys, their held-out loss lowest at the last of 10 evaluations: told to stop at steps 3, 4 and
    10, they retrained 9%, 3% and 41% worse (fresh63); their lr fixes 55%, 43% and 33% better."""
    _, raw = s.val_logged
    if raw.size < MIN_EARLY_EVALS or not np.isfinite(raw).all():
        return False
    v = np.log(raw) if bool((raw > 0).all()) else raw
    noise = eval_noise(v)
    return float(v[-1]) <= float(v.min()) + noise and float(v.min()) < float(v[0]) - noise


def held_out_band(v: np.ndarray) -> float:
    """How far a validation level must move to have moved: ``STEADY_NOISES`` of its noise units, at least
    ``MIN_STEADY_BAND`` in log-loss."""
    return max(STEADY_NOISES * eval_noise(v), MIN_STEADY_BAND)


def held_out_fell_since(s: Signals, start: float) -> bool:
    """Whether the validation loss fell significantly from its last evaluation at or before ``start`` to the end (the
    median of the last ``END_EVALS`` of at least ``MIN_LATE_EVALS`` later evaluations), by more than ``STEADY_NOISES`` of
    its noise units (or ``MIN_STEADY_BAND`` in log-loss). A batch loss that bounces with no progress while the held-out
    loss keeps falling is progress the noise of the batches hides (fitted Q-iteration at RMSprop 1e-3, whose TD loss
    jumps at each refresh of its target network: the held-out error fell 2.8x over the stretch; a third of the lr ended
    2.2x worse). A held-out loss that is not read in log-loss (one that goes below 0) is read in its own units,
    ``STEADY_NOISES`` of its noise units."""
    steps, v, log_scale = s.val_level
    before, after = steps <= start, steps > start
    if not before.any() or after.sum() < MIN_LATE_EVALS:
        return False
    band = held_out_band(v) if log_scale else STEADY_NOISES * eval_noise(v)
    return float(v[before][-1]) - float(np.median(v[after][-END_EVALS:])) > band


def repeated_spikes(s: Signals, p: Params) -> Hit | None:
    """Tall spikes, spread over the run, outside warmup and scheduled lr increases."""
    skip_until = max(float(s.warmup_end_step or s.first_step), s.first_step + SPIKE_SKIP_SHARE * s.span_steps)
    spikes: list[Spike] = [
        sp for sp in s.spikes(p.spike_z, p.spike_height)
        if sp.step > skip_until
        and not s.lr_rising_between(sp.step, sp.step)
        and sp.height >= p.spike_descent_frac * max(s.initial_level - s.level_at(sp.step), 0.0)
        and not s.lr_near_zero(s.lr_at(sp.step))
    ]
    if len(spikes) < p.min_spikes:
        return None
    spread = (spikes[-1].step - spikes[0].step) / s.span_steps
    if spread < p.spike_spread_frac:
        return None
    heights = np.array([sp.height for sp in spikes])
    lr_here = float(np.nanmedian([s.lr_at(sp.step) for sp in spikes])) if s.has_lr else float("nan")
    lr, extra = lower_lr(s, lr_here, "the loss kept spiking")
    factor = exp_factor(float(np.median(heights))) if s.log_scale else float(np.median(heights))
    return Hit(
        step_start=spikes[0].step,
        step_end=spikes[-1].step_end,
        message=(
            f"{len(spikes)} loss spikes between steps {spikes[0].step} and {spikes[-1].step_end}, typically "
            f"x{factor:.3g} the local level and {np.median([sp.z for sp in spikes]):.0f}x the local noise"
            + (f", at lr {lr_here:.3g}" if s.has_lr else "") + "."
        ),
        evidence={"spikes": len(spikes), "median_spike_factor": factor,
                  "median_spike_z": float(np.median([sp.z for sp in spikes])), "lr": lr_here, **extra},
        suggestion=(
            ("Lower the lr to about {lr}" if lr is not None else f"Lower the lr by about {LR_DIVISOR:g}x")
            + ", or clip gradients if the spikes come with gradient-norm spikes."
        ),
        lr=lr,
    )


def best_block(s: Signals, window: np.ndarray) -> int:
    """The points of the rolling median ``settled_best_before`` takes: a ``BOUNCE_BLOCKS``-th of ``window``, at least the
    smoother's window, odd."""
    return max(s.smooth_points, window.size // BOUNCE_BLOCKS) | 1


def settled_best_before(s: Signals, end: int, window: np.ndarray) -> float:
    """The best level the loss held before point ``end``: the lowest of its rolling medians over ``BOUNCE_BLOCKS``-th of
    the ``window`` whose level it is compared with (at least the smoother's window). The smoother's few points are too
    few where the loss jumps x2-3 from one logged point to the next: the lowest of a hundred such medians sits far below
    any level the loss held (a Lightning Fashion-MNIST CNN logging single batches every 50 steps: its smoothed minimum
    0.0097 against epoch medians falling 0.12 -> 0.026, read as hovering x3.6 above its best)."""
    block = best_block(s, window)
    before = s.ys[: max(1, end)]
    if block <= s.smooth_points or before.size <= block:
        return float(s.smooth[: max(1, end)].min())
    edge = block >> 1  # (block is odd) whole windows only: at the edges a rolling median shrinks to a few points
    return float(rolling_median(before, block)[edge: before.size - edge].min())


def bouncing(s: Signals, p: Params) -> Hit | None:
    """Oscillation: over the last stretch of the run, at a constant and undecayed lr, the loss makes
    no significant progress while jumping by a large factor from one logged point to the next. Not where the validation
    loss held its level over the stretch (``held_out_steady``) and ended at its best (``held_out_best_at_end``), or near
    it at steps no larger than a healthy run's (``settled_at_modest_steps``): weights
    that settled score a fixed held-out set the same each time, and a batch loss that jumps between two levels is the
    data's (a Universal-Transformer-like encoder at a constant RAdam 1e-3, converged by step 210 to batches of
    either 0.025 or 0.26, its held-out loss 0.1115-0.1149 at the last seven evaluations, was told a third of its lr:
    retrained, unchanged, 0.1122 -> 0.1119; fresh65)."""
    if s.n < MIN_BOUNCE_POINTS or s.died:
        return None
    start = s.last_step - p.bounce_window_frac * s.span_steps
    lr_now = s.lr_at(s.last_step) if s.has_lr else float("nan")
    if s.has_lr and (not s.lr_steady_since(start) or not s.at_full_lr(float(s.lr_since(start).max()))):
        return None  # a schedule is moving or has decayed the lr: not a constant-lr bounce
    trend = s.loss_trend(start, s.last_step + 1)
    noise = float(np.median(s.local_noise[s.window(start, s.last_step + 1)]))
    if trend.falling or noise < p.min_bounce_noise or not s.log_scale:
        return None
    window = s.window(start, s.last_step + 1)
    level = float(np.median(s.ys[window]))
    best_before = settled_best_before(s, int(np.searchsorted(s.ts, start)), window)
    descent = max(s.initial_level - best_before, 0.0)
    # the lowest of many rolling medians sits below the level the loss held by the noise of one: ``BEST_NOISES`` of its
    # standard errors on top (a healthy SGD run logged per step with jumps of x2.7 read x1.3 above its best otherwise)
    chance_low = BEST_NOISES * s.median_error(best_block(s, window))
    if level - best_before < max(p.min_rise, p.min_rise_frac * descent) + chance_low:
        return None  # hovering at (or a crumb above) the best level it reached: converged at this lr's noise floor
    if held_out_fell_since(s, start):
        return None  # the model kept improving on held-out data: the batch losses bounce, the lr still makes progress
    if held_out_steady(s, int(start)) and (held_out_best_at_end(s) or settled_at_modest_steps(s, start)):
        return None  # the held-out loss held its level, at its best or at modest steps: the batches jump
    lr, extra = lower_lr(s, lr_now, "the loss bounced without progress")
    return Hit(
        step_start=int(start),
        step_end=s.last_step,
        message=(
            f"Since step {int(start)} ({p.bounce_window_frac:.0%} of the run) the loss has not improved"
            + (f" at a constant lr {lr_now:.3g}" if s.has_lr else "")
            + f" while jumping about x{exp_factor(noise):.2g} from one logged point to the next, hovering "
            f"x{exp_factor(level - best_before):.2g} above the best level it reached before: the steps are too large to "
            "settle into the valley."
        ),
        evidence={"log_noise": noise, "trend_rate": trend.rate, "above_best": level - best_before, "lr": lr_now, **extra},
        suggestion=("Lower the lr to about {lr}" if lr is not None else f"Lower the lr by about {LR_DIVISOR:g}x")
        + ", or decay it (cosine, ReduceLROnPlateau).",
        lr=lr,
        explains=("plateau",),
    )


def settled_at_modest_steps(s: Signals, start: float) -> bool:
    """Whether, from ``start`` on, the steps were no larger than a healthy run's (the median update-to-weight ratio,
    logged, no higher than where a healthy run of the optimizer sits in its family's band: ``Signals.healthy_ratio``)
    and the held-out loss (positive, evaluated ``MIN_EARLY_EVALS`` times or more) ended above its best by no more than
    ``HELD_OUT_RISE_SHARE`` of its fall to it: steps no larger than a healthy run's cannot be what keeps a loss from
    settling, and the weights did settle. A Nystromformer-like encoder under ReduceLROnPlateau at Adam 1e-3 (fresh67,
    healthy), converged to held-out accuracy 0.96 and batch losses between 0.04 and 0.56, its held-out loss 0.22-0.24
    over the stretch and its update ratios there at a median 0.00084 (a healthy Adam run's 0.0052), was told a third of
    its lr: retrained 6% worse."""
    ratio = s.update_ratio_median_since(start)
    if not np.isfinite(ratio) or ratio > s.healthy_ratio:
        return False
    _, raw = s.val_logged
    if raw.size < MIN_EARLY_EVALS or not np.isfinite(raw).all() or raw.min() <= 0:
        return False
    v = np.log(raw)
    best = float(v.min())
    return float(v[-1]) - best <= HELD_OUT_RISE_SHARE * (float(v[0]) - best)


def sits_untrained(s: Signals, p: Params, early_end: float) -> bool:
    """After the start, the loss sat at the level of a model that learned nothing (``untrained_level``): the
    smoothed loss's median and its last quarter's, and the validation loss's median when evaluated ``END_EVALS``
    times or more, none ``stuck_margin`` below it, in a run that started near that level at an lr that did not
    rise over the start. (The smoothed minimum of a noisy loss at chance dips below by its noise alone: a
    MobileNet at SGD 3 sat at ln 6 with its best smoothed point 6% under.)"""
    known = wrong_initial_loss.untrained_level(s)
    if known is None or known[0] <= 0:
        return False
    if lr_rose_early(s, early_end):
        return False  # the lr rose over the start (a warmup): its turn is ramp_turn's, the first lr is not the culprit
    bar = float(np.log(known[0])) - p.stuck_margin
    if float(s.level[0]) > bar + p.stuck_margin + p.blowup_rise:
        return False  # it started far above that level (a head initialised too large: wrong-initial-loss's)
    rest = s.smooth[s.ts > early_end]
    if rest.size < MIN_POINTS:
        return False
    last = rest[-max(1, rest.size // END_PARTS):]
    if float(np.median(rest)) < bar or float(np.median(last)) < bar:
        return False
    steps, v, log_scale = s.val_level
    later = v[steps > early_end]
    return not (log_scale and later.size >= END_EVALS and float(np.median(later)) < bar)


def lr_rose_early(s: Signals, early_end: float) -> bool:
    """Whether the lr rose over its first value (``SAME_LR``) by step ``early_end``: a warmup, whose turn is ramp_turn's."""
    if not s.has_lr:
        return False
    early = s.lr[: s.step_index(early_end, "right")]
    return bool(early.size) and float(early.max()) > SAME_LR * s.lr_at(s.first_step)


def barely_below(s: Signals, p: Params, rest: np.ndarray, reference: float, early_end: float, peak: float,
                 rise: float) -> bool:
    """After an early blow-up that peaked at step ``peak``, ``rise`` above the start, the run never got ``stuck_drop``
    below its start: the smoothed loss's lowest point (``rest``) and, when evaluated ``END_EVALS`` times or more, the
    lowest validation loss (both in log-loss), at an lr that had not risen over the start by the update that logged the
    peak (a loss logged at a step comes from the updates before it; a warmup's turn is ramp_turn's). A cyclic schedule's
    first rising half does not excuse a blow-up its base lr made: a binarized CNN at a cyclic Adamax (0.05 to a peak of
    1) jumped from 2.09 to 11.1 at step 2, after one update at 0.05, and sat near chance (ln 8) for the rest of the run
    (fresh19: a peak of 0.01 ends 3.3x lower). A rise short of ``CLEAR_BLOWUP`` after which the validation loss kept
    falling significantly to the end (``held_out_fell_since`` its first evaluation after the start) is a noisy start
    of a model that is learning, whose loss cannot fall far: log-series likelihood MLPs at Adam 3e-3 and Nesterov 0.03
    under cosine decays, healthy, their heavy-tailed batch NLLs x1.73-1.84 above a low first batch within 5 steps, the
    held-out NLL falling 18% and 9% evaluation after evaluation, were told to lower the lr 10x and retrained 19-20%
    worse (fresh105). The runs this reading finds with a smaller rise sit still after it (a skew-normal MLP at
    SGD-momentum 0.1, x1.68, and a Burr MLP at SGD 3, x2.24, without clipping: their held-out losses flat within 2%)."""
    logged_before = s.steps[s.steps < peak]
    before = float(logged_before[-1]) if logged_before.size else float(s.first_step)
    if rest.size < MIN_POINTS or float(rest.min()) < reference - p.stuck_drop or lr_rose_early(s, before):
        return False
    steps, v, log_scale = s.val_level
    after_start = steps[steps >= early_end]  # from the first evaluation after the start on
    if rise < CLEAR_BLOWUP and after_start.size and held_out_fell_since(s, float(after_start[0])):
        return False
    later = v[steps > early_end]
    return not (log_scale and later.size >= END_EVALS and float(later.min()) < reference - p.stuck_drop)


def first_steps_too_large(s: Signals) -> tuple[float, float] | None:
    """(first full-lr update ratio, top of the first-step band) when the ratio is above the band."""
    ratio = s.first_update_ratio
    top = first_step_band(s.optimizer_family)[1]
    return (ratio, top) if np.isfinite(ratio) and ratio > top else None


def sgd_first_step_aimed(s: Signals, lr: float) -> LrAdvice | None:
    """For an SGD-family run, ``lr`` (the lr of its first step, which failed) scaled so that first step lands where
    healthy SGD runs' steps sit in the band: an SGD step is the lr times the gradient. On the runs blown up at SGD 3-20
    this lands within 1.02x of a 4-decade grid's best where lr / 10 was up to 6x off. None for another family or
    without a first update ratio."""
    first = s.first_update_ratio
    if s.optimizer_family != "sgd" or not np.isfinite(first) or first <= 0:
        return None
    momentum = with_momentum(s.meta.get("optimizer"), s.meta.get("optimizer_params"))
    target = (MOMENTUM_FIRST_SHARE if momentum else 1.0) * healthy_target("sgd")
    where = "SGD-with-momentum runs' first steps sit" if momentum else "SGD-family runs sit in the band"
    return LrAdvice(lr * target / first, f"the first update-to-weight ratio {first:.2g} scaled to where healthy {where} "
                    f"({target:.2g})", UPDATE_BAND, failed_lr=lr)


def scaled_into_band(s: Signals, lr: float, ratio: float) -> LrAdvice | None:
    """The lr whose first update ratio would sit at the top of the family's usual band; an adaptive optimizer's first
    step read as an Adam step (``first_step_scale``): RMSprop's first is 10 of the steps it takes after it, and aimed by
    its own size a memory network at RMSprop 0.03 was told 3.3e-4, where its grid's best is 3e-3 (a graph attention
    network at RMSprop 0.03 likewise told 3e-4, best 3e-3). Adagrad's first step is aimed at the top of the family's
    first-step band instead (``first_step_band``, ten times the band's top): its steps shrink about as one over the root of
    their count (``steps_shrink``), so a first step there takes steps at the band's top by its hundredth. Healthy Adagrad
    runs at their grids' best lrs take first steps of 0.2-1.0 of the weights' norm (fresh68, fresh69), and aimed at the
    band's top a DINO-like student at Adagrad 1 and a multi-gate mixture of experts at Adagrad 0.5 and 3 were told 0.0027
    and 0.0043, 3-37x below their grids' best lrs (0.03, 0.05-0.16 and 0.03-0.09); aimed at the first-step band's top,
    0.027 and 0.043. None for an adaptive optimizer's first step from weights that start tiny
    (``adam_step_from_tiny_weights``): it measures the init, not the lr, and the reading's divisor stands."""
    if adam_step_from_tiny_weights(s):
        return None
    adaptive = s.optimizer_family == "adaptive"
    shrinks = adaptive and steps_shrink(s.meta.get("optimizer"))
    high = first_step_band(s.optimizer_family)[1] if shrinks else s.update_band[1]
    scale = s.adam_step_scale
    shown = f"{ratio:.2g}" + (f" ({ratio / scale:.2g} as an Adam step)" if scale != 1.0 else "")
    band = "first-step band of Adagrad, whose steps shrink after it" if shrinks else f"{family_label(s.optimizer_family)} band"
    return LrAdvice(lr * high * scale / ratio, f"the first update-to-weight ratio {shown} scaled to the top of the "
                    f"{band} ({high:g})", UPDATE_BAND, failed_lr=lr)


def explained_by_lr(s: Signals) -> tuple[str, ...]:
    """What a too-high lr explains: the flat loss after it (plateau), its unstable start (missing-warmup)
    and, for an adaptive optimizer whose steps clipping barely changes, its gradient jumps."""
    return ("plateau", "missing-warmup", "lr-too-low") + (("exploding-gradients",) if s.optimizer_family == "adaptive" else ())


SPENT_SHARE = 0.1
"""An lr at or below this share of its peak within the start of the run, never back above it, is spent (``lr_spent_early``)."""


def lr_spent_early(s: Signals, early: np.ndarray, early_end: float) -> bool:
    """Whether the lr fell to ``SPENT_SHARE`` of its peak within the start of the run (the rows ``early``, up to
    ``early_end``) and stayed there: a model that never recovered from a blow-up there had no lr left to recover with,
    whatever blew it up (a Tweedie MLP whose per-batch ExponentialLR took Adam 3e-3 x0.001 in 40 steps, its deviance
    jumping 2.76 -> 7.36 as it went, was told a tenth of the lr at the jump, 1.6e-5, which retrained 14% worse; the
    decay spread over the run, its counterfactual, ends 45% better)."""
    spent = SPENT_SHARE * s.lr_max
    # the finite lr values logged (an lr first logged late is carried from there), read without a copy of the run's
    # rows, and the later ones only when the early ones fell that far
    lowest = finite_extreme(s.lr[early], np.fmin)
    if not lowest <= spent:
        return False
    return not finite_extreme(s.lr_since(early_end), np.fmax) > spent


def finite_extreme(values: np.ndarray, pick: np.ufunc) -> float:
    """The smallest (``pick`` ``np.fmin``) or largest (``np.fmax``) finite value, NaN when there is none: one reduction
    that passes over NaN, and a filtered copy only where an infinite value took the place."""
    if not values.size:
        return float("nan")
    found = float(pick.reduce(values))
    if np.isinf(found):
        finite = values[np.isfinite(values)]
        found = float(pick.reduce(finite)) if finite.size else float("nan")
    return found


def blew_up(s: Signals, p: Params, untrained_level_ok: bool = False) -> Hit | None:
    """The model blew up at the start and never recovered: early on the loss rose ``blowup_rise`` above
    its start (or the first steps were far larger than the family's first-step band), and for the rest
    of the run the smoothed loss never got ``stuck_margin`` below its start (or below chance, ln C).
    ``untrained_level_ok``: or, after any clear early rise, the loss sat at the level of a model that learned
    nothing (``sits_untrained``: medians, not the minimum that a noisy loss dips below by chance); or, after a
    blow-up at an lr that did not rise (and ``CLIMB_NOISES`` noise units high: a noisy loss that improves little has
    batches 1.65x above its first), neither the smoothed loss nor the validation loss ever got ``stuck_drop`` below the
    start (``barely_below``: a CRF tagger at SGD 0.3 spiked x7 and came back to 0.75x its untrained start, where its
    lr / 10 ends 6x lower; a loss whose untrained level no rule can know).
    Not under an adaptive optimizer whose first full-lr step moved the weights by less than where healthy runs of its
    family sit in the band (``healthy_ratio``): its steps are bounded by the lr, not the gradient, so steps no larger than
    a healthy run's blow nothing up and an early rise is the batches' noise (a Deep Sets regressor at Adam 1e-5, 1000x
    below its best lr, first step 1e-4 of its weights' norm, its batch MSE 8 -> 38 -> 9: told to lower the lr to 1e-6; a
    message-passing graph regressor at Adam 3e-5, 100x below its best, first step 2.6e-4, just above the band's bottom,
    its first batch MSE 0.61 a low draw of batches spread 0.6-1.8, told 3e-6 and retrained 64% worse, fresh39; every
    adaptive blow-up labelled in the halves moved its weights by 0.38 of their norm or more at its first step). An SGD
    step grows with the gradient: a small first one proves nothing. Under Adagrad the early rise is the one two logged
    losses in a row held (``held_climb``): its first step, its largest by design, may throw one batch's loss."""
    if s.n < MIN_POINTS or s.died:
        return None
    if s.optimizer_family == "adaptive" and s.first_update_ratio < s.healthy_ratio:
        return None  # NaN (no ratio logged) compares False: the rule reads the loss alone
    early_end = s.first_step + p.early_frac * s.span_steps
    if s.optimizer_family != "adaptive" and early_steps_small(s, early_end):
        return None
    if s.log_scale:
        levels, smooth, to_loss = s.level, s.smooth, s.to_loss
    elif float(s.loss.min()) >= 0 and float(s.loss[0]) > 0:
        # a loss with exact zeros (a triplet or hinge loss every example of a batch satisfies) is read on a log scale
        # too, its zeros floored: a blow-up and a stall are ratios whatever the loss
        floor = ZERO_FLOOR_SHARE * float(s.loss[0])
        levels, smooth = np.log(np.maximum(s.level, floor)), np.log(np.maximum(s.smooth, floor))

        def to_loss(level: float) -> float:
            return float(np.exp(level))
    else:
        return None
    start = float(levels[0])
    if s.meta.get("pretrained") is True:  # a trained model's batch losses vary: its first is one draw of many
        first = max(FINE_TUNE_START_POINTS, int(np.count_nonzero(s.steps <= s.first_step + FINE_TUNE_START_SHARE * s.span_steps)))
        start = max(start, float(np.median(levels[:first])))
    chance = wrong_initial_loss.chance_level(s)
    reference = min(start, float(np.log(chance))) if chance is not None else start
    early_levels = levels[s.steps <= early_end]
    rise = (held_climb(early_levels) if steps_shrink(s.meta.get("optimizer")) else float(early_levels.max())) - start
    big = first_steps_too_large(s) if s.log_scale else None  # the climb test below is in the loss's own noise units
    untrained = untrained_level_ok and s.log_scale and sits_untrained(s, p, early_end)
    climbed = rise >= max(p.min_rise, CLIMB_NOISES * s.noise)
    if rise < p.blowup_rise and not ((big is not None or untrained) and climbed):
        return None  # no blow-up: large first steps alone may be tiny weights (a zero init), not a large lr
    if big is None and dead_units.dead_at_init(s):
        return None  # every weight gradient zero from the first logged row (dead-units' init reading): a noisy loss of a
        # model that cannot learn "rises" above a low first batch; steps within the band blew nothing up (a Fourier-feature
        # MLP at Adam 1e-3, first update ratio 2e-5)
    rest = smooth[s.ts > early_end]
    never_below = rest.size >= MIN_POINTS and float(rest.min()) >= reference - p.stuck_margin
    early = s.steps <= early_end
    if s.has_lr and lr_spent_early(s, early, early_end):
        return None  # a schedule took the lr away within the start: the run could not recover (premature-decay's finding)
    peak = float(s.steps[early][int(np.argmax(levels[early]))])
    barely = (untrained_level_ok and not (never_below or untrained) and rise >= max(p.blowup_rise, CLIMB_NOISES * s.noise)
              and barely_below(s, p, rest, reference, early_end, peak, rise))
    if not (never_below or untrained or barely):
        return None  # it learned something after the start: not stuck
    # a sudden gradient explosion that wrecked the run is exploding-gradients' finding too (clipping at the norms
    # before it); both fixes retrain better (RNNs at SGD 3-6: clipping +47-92%, the lr / 10 more), so both speak
    # the lr at the top of the early rise: on a warmup the lr that blew the model up is the one it had reached (an EGNN
    # warmed up over 120 steps to RAdam 0.3 blew up at step 36, lr 0.09: a tenth of its first lr, 0.0025, was 46x the
    # grid's best held-out loss; the best lr, 0.03, is a third of 0.09)
    lr = s.lr_at(peak) if s.has_lr else float("nan")
    advice = None
    if np.isfinite(lr) and lr > 0:
        advice = divided(lr, p, "that blew the model up")
        banded = scaled_into_band(s, lr, big[0]) if big is not None else None
        if banded is not None and banded.lr < advice.lr:
            advice = banded
        aimed = sgd_first_step_aimed(s, lr)
        if aimed is not None and aimed.lr < advice.lr:
            advice = aimed
        warmed = warmup_ratios_aimed(s, int(peak), lr)
        if warmed is not None and warmed.lr < advice.lr:
            advice = warmed
    level = to_loss(float(np.median(rest)))
    at_chance = f" (chance level ln {s.meta.get('num_classes')} = {chance:.4g})" if chance is not None else ""
    known = wrong_initial_loss.untrained_level(s)
    where = (f"never below its start{at_chance}: the model sits at chance" if never_below
             else f"never below {np.exp(-p.stuck_drop):.0%} of {'its start' if reference == start else 'chance level'}: it "
             "barely learned" if barely or known is None
             else f"at the level of a model that learned nothing ({known[1]})")
    evidence: dict[str, float] = {"start_loss": to_loss(start), "early_peak_loss": to_loss(start + rise),
                                  "level_after": level, "lr": lr}
    if big is not None:
        evidence.update(first_update_ratio=big[0], first_step_band_high=big[1])
    how = f"the loss rose to {to_loss(start + rise):.4g} from {to_loss(start):.4g}"
    if big is not None:
        how += (f" as its first step moved the weights by {big[0]:.2g} of their norm (more than the {big[1]:g} a first step "
                f"of an {family_label(s.optimizer_family)} optimizer takes)")
    return Hit(
        step_start=s.first_step,
        step_end=s.last_step,
        message=(f"The lr blew the model up at the start and it never recovered: {how}, and for the rest of the run the "
                 f"loss stayed around {level:.4g}, {where}."),
        evidence=evidence,
        suggestion=("Lower the lr to about {lr}" if advice else f"Lower the lr at least {p.blowup_divisor:g}x")
        + " (retrained, runs stuck at chance after a blow-up stayed there with clipping or a short warmup to the same lr; "
        "a lower lr trained them).",
        lr=advice,
        # and its validation loss rising after the blow-up is not overfitting: a model whose training loss never got
        # below its start has fitted nothing (a text CNN warmed up to AdamW 1, at chance from step ~100 with its units
        # dead, was also told to stop at step 40 "while the training loss kept falling": it had fallen from the blow-up)
        explains=explained_by_lr(s) + ("overfitting",),
    )


def warmup_ratios_aimed(s: Signals, step_peak: int, lr_peak: float) -> LrAdvice | None:
    """On a warmup that blew the model up at ``step_peak`` (lr ``lr_peak``), when the update ratios logged on the ramp
    before it (``MIN_RAMP_RATIOS`` or more, from the first step, at lrs below the blow-up's) had a median above the top of
    the family's band: the lr the first of them aims at the band's top (its lr scaled by the top over its ratio, as a
    run's first step is aimed; the first, at the ramp's lowest lr: no single noisy ratio of a long warmup logged every
    step picks the lr). Steps beyond the band from the warmup's first
    say the lr that blew the model up was far past the edge, and a tenth of it may still be: two transformers warmed up
    to AdamW 1 over 80 steps, a span-prediction encoder and a Funnel-like classifier, took first steps of 0.048 and 0.049
    of their weights' norm at lr 0.0125 and 0.07-0.1 after, blew up at lr 0.36-0.42 and were told 0.035-0.042, where
    their grids fall to chance above 0.01 (2.8x and 4.3x their grids' best held-out loss, fresh73, fresh75); aimed by
    their first steps, 0.0076-0.0078."""
    steps, ratios = s.column("update_ratio")
    on = (steps >= s.first_step) & (steps < step_peak) & np.isfinite(ratios) & (ratios > 0)
    if int(on.sum()) < MIN_RAMP_RATIOS or steps[on][0] != s.first_step:
        return None
    lrs = s.lrs_at(steps[on])
    if not bool(np.all(lrs > 0)):
        return None  # a warmup from zero: no step there aims an lr
    if not float(lrs[0]) * SAME_LR < lr_peak or not float(np.median(ratios[on])) > s.update_band[1]:
        return None  # not on a ramp, or steps within the band on the way: the blow-up's lr speaks
    first, lr_first = float(ratios[on][0]), float(lrs[0])
    return LrAdvice(lr_first * s.update_band[1] / first, f"the update-to-weight ratio {first:.2g} at lr {lr_first:.2g}, the "
                    f"warmup's first step, scaled to the top of the {family_label(s.optimizer_family)} band "
                    f"({s.update_band[1]:g})", UPDATE_BAND, failed_lr=lr_peak)


def early_steps_small(s: Signals, early_end: float) -> bool:
    """Whether every update ratio logged in the early stretch (``MIN_EARLY_RATIOS`` or more) sat below where healthy
    runs of the family sit in its band (``healthy_ratio``): steps that small blow nothing up, and an early rise of the
    loss is a batch's draw. An SGD step grows with the gradient, so its first step alone proves nothing, but the steps
    taken through the rise do: an inverse-Gaussian MLP at SGD-momentum 3e-4, 100x below its best lr, its steps 6e-5 to
    7.7e-4 of the weights' norm in its first 60 steps (the SGD band's healthy 5.7e-3), one batch's NLL at 5.5 against a
    first of 2.6, was read as blown up and told 3e-5, which retrained 20% worse (fresh62); its counterfactual, lr 0.03,
    ends 25% better. No ratio logged: the rule reads the loss alone."""
    steps, ratios = s.column("update_ratio")
    early = ratios[steps <= early_end]
    early = early[np.isfinite(early)]
    return early.size >= MIN_EARLY_RATIOS and float(early.max()) < s.healthy_ratio


def unstable_after(s: Signals, p: Params, step: float) -> bool:
    """Whether the loss stays unstable after ``step``: loss spikes as this rule counts them, or fewer
    spikes that come with gradient-norm jumps as exploding-gradients counts them (gradient jumps under
    a calm loss are no sign of a too-high lr)."""
    spikes = [sp for sp in s.spikes(p.spike_z, p.spike_height) if sp.step > step]
    if len(spikes) >= p.min_spikes:
        return True
    if not spikes or not s.run.has("grad_norm"):
        return False
    ep = s.rule_params("exploding-gradients")
    return bool(len([j for j in exploding_gradients.explosions(s, ep) if j.step > step]) >= ep.min_jumps)


def steps_too_large(s: Signals, p: Params, recovered: bool = False) -> Hit | None:
    """The first full-lr steps were far larger than the family's first-step band, the loss climbed above
    its start in the first stretch of the run, and the run stayed unstable after it (then it may have
    recovered, to a worse end). Trouble confined to the start is a missing warmup, unless (``recovered``)
    an adaptive optimizer's first step was ``HUGE_FIRST_STEP`` times the band's top and the loss after it was
    no lower than before: with or without a climb, an lr as large as the weights stays too large after the start.
    Under Adagrad, whose first step is its largest by design (``steps_shrink``), the climb is the one two logged losses
    in a row held (``held_climb``): a throw the next step undid is that first step's, not the lr's."""
    big = first_steps_too_large(s)
    if big is None or s.n < MIN_POINTS or not s.log_scale:
        return None
    early = s.window(s.first_step, s.first_step + p.early_frac * s.span_steps + 1)
    if early.size < MIN_EARLY_POINTS:
        return None
    start = float(s.level[0])
    early_end = s.first_step + p.early_frac * s.span_steps
    levels = s.level[s.steps <= early_end]
    climb = (held_climb(levels) if steps_shrink(s.meta.get("optimizer")) else float(levels.max())) - start
    rest = s.smooth[s.ts > early_end]
    best_after = float(rest.min()) if rest.size else start
    stayed_high = rest.size >= MIN_POINTS and best_after > start - p.stuck_drop
    climbed = climb >= max(p.min_rise, CLIMB_NOISES * s.noise)
    # as large as the weights and no better for it: a loss logged just after the first step is above the first one
    # (a step that size from tiny weights, skip-gram embeddings at 1/100 of a unit, lowers the loss from the start)
    hurt = bool(s.level[1 : 1 + FIRST_STEPS_AFTER].max() > s.level[0])
    huge = adam_like_first_step(s) >= HUGE_FIRST_STEP * big[1] and (climbed or hurt)
    huge = huge and not steps_shrink(s.meta.get("optimizer"))  # Adagrad's first step is its largest by far
    throughout = climbed and (stayed_high or unstable_after(s, p, early_end))
    if not (throughout or (recovered and huge)):
        return None  # no climb, or trouble confined to the start: a warmup's business (missing-warmup), not the lr's
    lr = s.lr_at(s.first_step) if s.has_lr else float("nan")
    advice = None
    if np.isfinite(lr) and lr > 0:
        advice = scaled_into_band(s, lr, big[0]) or divided(lr, p, "whose first steps were far too large")
    held = s.steps[s.lr >= lr / STEADY_LR] if s.has_lr and np.isfinite(lr) else s.steps
    return Hit(
        step_start=s.first_step,
        step_end=int(held[-1]),  # the steps stay too large as long as the lr does
        message=(f"The steps are far too large: the first full-lr update moved the weights by {big[0]:.2g} of their norm "
                 f"(an {family_label(s.optimizer_family)} first step takes at most about {big[1]:g})"
                 + (f" at lr {lr:.3g}" if np.isfinite(lr) else "")
                 + (f", and the loss climbed x{exp_factor(climb):.2g} above its start" if climbed else "")
                 + (f"; afterwards it never got far below its start (best {s.to_loss(best_after):.4g} against "
                    f"{s.to_loss(start):.4g})." if throughout and stayed_high else "; it stayed unstable afterwards."
                    if throughout else f". A first step over {HUGE_FIRST_STEP * big[1]:g} of the weights' norm is as large "
                    "as the weights themselves: the lr is too high for the rest of the run as well, though the loss still "
                    "came down.")),
        evidence={"first_update_ratio": big[0], "first_step_band_high": big[1], "early_climb": climb, "lr": lr,
                  "best_after": s.to_loss(best_after)},
        suggestion="Lower the lr to about {lr}" + ("" if advice else " (10x or more)") + "; a warmup alone does not make steps this large safe.",
        lr=advice,
        # a run that recovered from its climb may also want the warmup that missing-warmup proposes: let it speak
        explains=explained_by_lr(s) if throughout else tuple(r for r in explained_by_lr(s) if r != "missing-warmup"),
    )


def held_climb(levels: np.ndarray) -> float:
    """The highest level two logged points in a row reached (the lower of each neighbouring pair): a one-point throw
    the next logged loss undid does not count. A healthy Burr XII MLP at Adagrad 0.1 under cosine (fresh71), its first
    step 1.0 of the weights' norm as Adagrad's first steps at their grids' best lrs are (0.7-1.0), its NLL 2.91 at
    step 1, 34.6 at step 2 and 2.94 at step 3, was told its steps were far too large; the runs that Adagrad's lr threw
    (at 0.5 and 1, 5-10x their best) held their climbs for several logged points (18,699 then 7.1, 24, 7.2; 106 then
    494, 37, 21). A single point is its own level."""
    if levels.size <= 1:
        return float(levels.max())
    return float(np.fmin(levels[:-1], levels[1:]).max())


def adam_like_first_step(s: Signals) -> float:
    """The first full-lr update ratio of an adaptive optimizer, as an Adam step would be at the same lr
    (``first_step_scale``: RMSprop's first step is 10 of them); an SGD-family optimizer's own (lr x gradient: a TransE
    at SGD 1000, 30x its lr, moved its embeddings 2.5x their norm and the loss doubled); 0 for an unknown family."""
    if s.optimizer_family is None or not np.isfinite(s.first_update_ratio):
        return 0.0
    return s.first_step_as_adam


def start_jumped(s: Signals, p: Params) -> Hit | None:
    """Last resort: the loss jumped ``START_JUMP`` times above its first value within ``START_JUMP_STEPS`` steps, at a constant
    lr from the first step (no warmup) whose first step, read as an Adam step, was beyond the family's first-step band:
    the lr threw the model, and the run that recovered from it still trains at an lr that large (missing-warmup's
    reading of the same start is explained by it). The lr advised aims that first step at the top of the family's band
    (an adaptive optimizer's from weights that start tiny, ``adam_step_from_tiny_weights``: ``blowup_divisor`` times
    lower instead)."""
    if not s.has_lr or not s.log_scale or s.n < MIN_POINTS or s.died or s.warmup_end_step is not None:
        return None
    lr = s.lr_at(s.first_step)
    if not (np.isfinite(lr) and lr > 0) or not s.lr_steady_since(s.first_step):
        return None
    first = adam_like_first_step(s)
    if not first > first_step_band(s.optimizer_family)[1]:
        return None
    early = np.isfinite(s.raw_loss) & (s.all_steps <= s.all_steps[0] + START_JUMP_STEPS)
    losses, steps = s.raw_loss[early], s.all_steps[early]
    if losses.size <= 1 or not float(losses[0]) > 0 or float(losses.max()) < START_JUMP * float(losses[0]):
        return None
    jump = float(losses.max()) / float(losses[0])
    advice = scaled_into_band(s, lr, float(s.first_update_ratio)) or divided(lr, p, "that threw the model")
    return Hit(
        step_start=s.first_step,
        step_end=int(steps[int(np.argmax(losses))]),
        message=(f"The lr {lr:.3g} threw the model at the start: its first step moved the weights by {first:.2g} of their norm "
                 f"(as an Adam step), beyond the {first_step_band(s.optimizer_family)[1]:g} a sane lr's first step takes, and "
                 f"the loss jumped {jump:.3g}x above its first value within {START_JUMP_STEPS} steps. A warmup only delays "
                 "an lr this large: the run that recovered still trains at it."),
        evidence={"lr": lr, "first_update_ratio": first, "start_jump": jump},
        suggestion="Lower the lr to about {lr}.",
        lr=advice,
        explains=explained_by_lr(s),
    )


INFLATED_WEIGHTS = 10.0
"""Last resort (``weights_inflated``): the weights' norm this many times its first reading within the run's first
``INFLATED_BY_SHARE``..."""
STUCK_INFLATED_WEIGHTS = 3.0
"""Last resort (``inflated_and_stuck``): under SGD, the weights' norm this many times its first reading in a run whose
loss never got below its start (``ADAM_STUCK_INFLATED_WEIGHTS`` under an Adam-family optimizer). Over the labelled runs
of the fix-check halves whose loss never got clearly below its start, no healthy run's weights grew 1.5x; the SGD runs
labelled lr-too-high or exploding-gradients grew 2.9x to 1e18x (skip-gram embeddings that start tiny, labelled
lr-too-low, 2.9x: not read)."""
ADAM_STUCK_INFLATED_WEIGHTS = 1.5
"""...and under an Adam-family optimizer whose first step is an Adam step (not Adagrad, whose first step is its largest
by design, nor RAdam, which warms itself up) and went beyond the family's first-step band, this many times: over the
labelled runs of the fix-check halves whose loss never got clearly below its start under such an optimizer at a
constant lr, none healthy; the runs labelled lr-too-low or dead at init 1.00-1.01x (first steps far inside the band);
those labelled lr-too-high or missing-warmup (a warmup at the same lr trains them) 1.63-62x. A CoAtNet-like hybrid at
Adam 0.05, 17x its grid's best lr (fresh80): first step 0.33 of the weights' norm, their norm 20.9 -> 47.0, the loss
at chance (ln 4) for all 400 steps; plateau read its steps as moderate and told it to raise the lr 3x, which retrained
9x worse than its grid's best."""
PEAK_FIRST_STEPS = 2.0
"""``ramp_start_beyond_band`` under an Adam-family optimizer: the first step of a schedule that starts below its peak,
scaled by how far below (an Adam step is the lr for every weight), this many times the top of the family's first-step
band. Over the 120 labelled runs of the fix-check halves and samples that start below their peak under an adaptive
optimizer, the healthy ones' first steps scaled so come to 0-0.63 of that top (a transformer warmed up to a high peak
that trains, 0.63), those labelled lr-too-high to 3.8-774 (a warmup to a peak of 1 that an AFM click model cannot train
at, 3.8; a Proxy-Anchor embedding under a cyclic Adam to 1, 14.3, its weights' norm 24.6 -> 467, nothing said, fresh77).
Not RAdam, which warms itself up: its first steps are not Adam's (an EGNN at RAdam 0.3, 0.09)."""
MAX_RAMP_SCALE = 1000.0
"""...read only where the schedule starts at most this many times below its peak: a first step from an lr near 0 is too
small for the weights' float32 precision to measure it well, and the scale would multiply its error."""
ADAGRAD_INFLATED_STEP = 10.0
"""Last resort (``weights_inflated``) under Adagrad, whose first step is its largest by design and moves every weight by
about the lr: that first step this many times the weights' norm, the top of the window a warmup tames
(``Signals.first_step_tamable``), and the weights' norm grown ``INFLATED_WEIGHTS`` times as for any optimizer. Over the
labelled runs of the fix-check halves, healthy Adagrad runs' first steps are 0.03-1.06 of the weights' norm (4.05 from
GloVe vectors that start tiny, not read), the starts a warmup tames 2.1-10.6, a fastText classifier whose Adagrad was
re-created every epoch at lr 1 11.6 (its optimizer kept once at that lr trains: its weights grew 34x by step 21 and
this reading is made, but optimizer-reset, whose resets repeat that first step every epoch, explains it), and runs
30-100x above their grids' best lr 10.2-122. Set at 20 (session 47), it left a Proxy-Anchor embedding at Adagrad 3, 30x
its grid's best lr, unread: first step 12.9, the weights' norm 24.6 -> 342 by step 21, its loss falling 18 -> 2.7
where Adagrad 0.1 reached 1.86 (fresh77)."""
SGD_INFLATED_WEIGHTS = 3.0
"""Last resort (``weights_inflated``) under an SGD-family optimizer whose first step stayed inside the first-step band
(an SGD step grows as the momentum buffer fills and as the gradient grows with the weights): the update ratios logged by
the end of the early window at a median above the top of the family's band and the weights' norm grown this many times
there. Over the labelled runs of the fix-check halves and the samples at a constant full lr from the first step, the
healthy ones' weights grew 1.45x at most over that window; those labelled lr-too-high, exploding-gradients or summed
losses 2.0-1e16x, all but one with another reading of this rule or another rule already: an MQ-RNN-like forecaster at
SGD-momentum 30, 30x its grid's best lr (fresh81), first step 0.28 of the weights' norm, steps of 0.1-0.4 of it for
its first 20, the weights' norm 8.9 -> 56 by step 21; its loss converged 1.7x down at 0.30, where its grid's best ends
at 0.19, and nothing was said but a plateau's info."""
INFLATED_BY_SHARE = 0.05
"""...(or by its second reading, when that comes later but within ``INFLATED_LATEST_SHARE``)..."""
INFLATED_LATEST_SHARE = 0.1
"""...(each share capped at ``INFLATED_STEPS`` and ``INFLATED_LATEST_STEPS``: a long run's weights drift further by 5%
of it at any lr; an lr as large as the weights inflates them within its first tens of steps, SimSiam's 345x by step
11)..."""
INFLATED_STEPS = 50
"""..."""
INFLATED_LATEST_STEPS = 100
"""...after a first full-lr step beyond the family's first-step band. Only a growth far beyond a healthy run's: over the
labelled logs (644 with a weight norm, session 27) a healthy Fourier operator at Adam 0.03, its grid's best lr, first
step 0.68 of the weights' norm, grew them 2.4x by 2.75% of the run and 3.2x by 5.25% (4.1x by 18%), as a ConvNeXt at
Adam 0.1, 30x its best lr, did (3.2x by 5.25%, then converged at 1.36 where its best lr ends at 0.02) and a Hamiltonian
network at 30x (4.2x): growth of a few times is no evidence. Runs at lr 100-1000x their best grew them 10-345x (SimSiam
at Adam 10, 345x, whose negative loss no other reading can read); no healthy run whose first step was beyond the band
grew them more than that Fourier operator did."""


MIN_INIT_RMS = 0.02
"""...from weights whose root mean square at the first reading (the weight norm over the square root of the sidecar's
``num_params``) is at least this: an Adam step moves each weight by about the lr, so weights initialised tiny by design
(skip-gram embeddings at 0.01: 0.0095, labelled a plateau at Adam 0.03, its weights 40x in 5% of the run; a zero init)
take first steps beyond the band and grow many times over at an lr that suits them. Without ``num_params`` the weights'
scale is unknown and the reading is not made."""


def norms_from_init(s: Signals) -> tuple[np.ndarray, np.ndarray] | None:
    """The steps and values of the logged weight norms when the first of them was read at the first step (the weights
    at init), else None (none logged, or the first reading came later)."""
    if not s.run.has("weight_norm"):
        return None
    norms, steps = s.run.values("weight_norm"), s.run.values("step")
    logged = np.isfinite(norms)
    if not (logged.any() and steps[logged][0] <= s.first_step):
        return None
    return steps[logged], norms[logged]


def stuck_from_start(s: Signals, p: Params) -> plateau.Stuck | None:
    """At a constant lr from the first step (no warmup, not a fine-tune), plateau's stuck stretch after a drop short
    of ``min_rise`` or none: a loss that never got below where it started (None otherwise, or when it learned before
    it stalled)."""
    if s.meta.get("pretrained") is True or s.warmup_end_step is not None or not s.lr_steady_since(s.first_step):
        return None
    found = plateau.stuck(s, s.rule_params("plateau"))
    return None if found is None or found.prior_drop >= p.min_rise else found


def inflated_and_stuck(s: Signals, p: Params) -> Hit | None:
    """Last resort, under plain SGD (with or without momentum) at a constant lr from the start: the loss never got
    ``min_rise`` below where it started (plateau's stuck stretch, however small its steps there, after a drop short of
    ``min_rise`` or none) while the weights' norm grew ``STUCK_INFLATED_WEIGHTS`` times its reading at the first step:
    the early steps re-scaled the weights instead of training them, their units saturated and the gradients died away,
    so the late steps look small. An LSTM LM with an adaptive softmax at SGD-momentum 3 (fresh73; its grid's best 0.95):
    its early update ratios 0.06-0.08, above the band, its weights' norm 99 -> 352, every gradient near zero from step
    300, the loss 4.8 at the start and at the end; plateau told it to raise the lr 3x, which overflowed. An ARMA graph
    network at SGD-momentum 3 (fresh75; its grid's best 0.095): update ratios of 0.09-0.18 over its first 10 steps, its
    weights' norm 18.8 -> 116, its loss 1.41 -> 1.385 (ln 4) by step 35 and there to the end, its last update ratios
    1e-8; lr-too-low read the median ratio, 1.7e-6, as a crawl and told it 300. Under an Adam-family optimizer whose
    first step is an Adam step the same holds from ``ADAM_STUCK_INFLATED_WEIGHTS`` when that first step went beyond
    the family's first-step band (a warmup may tame such a start: missing-warmup reads it too). Runs whose weights
    start tiny (embeddings meant to grow) are not read. The advice: the lr over ``blowup_divisor``."""
    adam = takes_adam_steps(s.optimizer_family, s.meta.get("optimizer")) and s.first_step_beyond_band
    if not (s.optimizer_family == "sgd" or adam) or not s.has_lr or s.died or s.n < MIN_POINTS:
        return None
    found = stuck_from_start(s, p) if s.run.has("weight_norm") else None
    if found is None:
        return None
    read = norms_from_init(s)
    if read is None or read[1].size <= 1 or read[1][0] <= 0 or weights_start_tiny(s):
        return None  # the first reading must be the weights at init; weights that start tiny are meant to grow
    norms = read[1]
    growth = float(np.max(norms) / norms[0])
    if growth < (ADAM_STUCK_INFLATED_WEIGHTS if adam else STUCK_INFLATED_WEIGHTS):
        return None
    first = (f"; its first step moved them by {s.first_step_as_adam:.2g} of their norm, beyond the "
             f"{first_step_band(s.optimizer_family)[1]:g} a sane lr's first step takes" if adam else "")
    return learned_nothing(
        s, p, found,
        f", while the weights' norm grew {growth:.3g}x ({norms[0]:.4g} -> {np.max(norms):.4g}){first}. Steps that "
        "inflate the weights without lowering the loss re-scale them instead of training them; once their units "
        "saturate the gradients die away and the later steps look small, but the lr is too high.",
        {"weight_norm_growth": growth, **({"first_update_ratio": float(s.first_update_ratio)} if adam else {})},
        warmup_too=adam)


def learned_nothing(s: Signals, p: Params, found: plateau.Stuck, how: str, evidence: dict[str, float],
                    warmup_too: bool) -> Hit:
    """The finding of a last resort on a run that never got below its start (``stuck_from_start``'s ``found``): the
    model learned nothing at the lr it ends at, ``how`` says why that lr is too high; the advice is that lr over
    ``blowup_divisor``. ``warmup_too``: the start is one a warmup may tame, so missing-warmup is left to speak too (the
    recommendation carries both)."""
    lr, advice, extra = lowered_from_end(s, p, "the model learned nothing")
    return Hit(
        step_start=s.first_step,
        step_end=s.last_step,
        message=(f"The model learned nothing at lr {lr:.3g}: the loss never got below where it started (around "
                 f"{found.level:.4g}){how}"),
        evidence={"lr": lr, "level": found.level, **evidence, **extra},
        suggestion=("Lower the lr to about {lr}" if advice else f"Lower the lr about {p.blowup_divisor:g}x") + ".",
        lr=advice,
        explains=tuple(r for r in explained_by_lr(s) if not (warmup_too and r == "missing-warmup")),
    )


EARLY_RATIO_POINTS = 3
"""Last resort (``large_first_steps_stuck``): the update ratios logged at the run's first steps whose median is read."""


def large_first_steps_stuck(s: Signals, p: Params) -> Hit | None:
    """Last resort, under an Adam-family optimizer other than Adagrad and RAdam at a constant lr from the start: the
    median of the first ``EARLY_RATIO_POINTS`` update ratios logged, read as Adam steps (RMSprop's first steps are
    several of its later ones: ``Signals.adam_step_scale``), above the top of the family's band, and a loss that never
    got ``min_rise`` below where it started (``stuck_from_start``). Over the labelled runs of the fix-check halves whose
    loss never got clearly below its start under such an optimizer, those first steps sat at 2.3-29x the band's top in
    every Adam run labelled lr-too-high or missing-warmup (a warmup at the same lr trains it; an RMSprop run labelled
    lr-too-high, 0.22x read as Adam steps, is found by other readings) and at 0.03x or less in every other (an lr too
    low, units dead at init); none healthy. A Neighborhood-Attention-Transformer-like classifier at AdamW 0.03 (fresh85,
    10x its grid's best): first steps of 0.18, 0.10 and 0.07 of the weights' norm, its loss at ln 5 all run, its later
    steps 0.0007 as its units died; read by lr-too-low as a crawl, it was told to raise its lr 20x. The advice: the lr
    over ``blowup_divisor``; a warmup may tame the start (missing-warmup reads it too)."""
    if not takes_adam_steps(s.optimizer_family, s.meta.get("optimizer")) or not s.has_lr or s.died or s.n < MIN_POINTS:
        return None
    steps, log_u = s.update_ratio
    if log_u.size <= EARLY_RATIO_POINTS or steps[0] != s.first_step:
        return None
    # read as Adam steps (RMSprop's first steps are several of its later ones: ``Signals.adam_step_scale``)
    early = from_orders(float(np.median(log_u[:EARLY_RATIO_POINTS]))) / s.adam_step_scale
    if not early > s.update_band[1]:
        return None
    found = stuck_from_start(s, p)
    if found is None:
        return None
    return learned_nothing(
        s, p, found,
        f", though its first steps moved the weights by a median {early:.2g} of their norm, above the "
        f"{s.update_band[1]:g} at the top of the {family_label(s.optimizer_family)} band. Steps that large at the start "
        "throw the model where its units saturate or die; the steps after shrink with their gradients and look small, "
        "but the lr is too high.",
        {"early_update_ratio": early}, warmup_too=True)


GRADIENT_DIED_ORDERS = 3.0
"""Last resort (``gradients_died``): the global gradient norm this many orders of magnitude (1000x) below the median of
its first ``min_dead_points`` values (dead-units' threshold: the gradient flowed that long first), from some step to
the end, in a run whose loss never got below its start. Over the labelled runs of the fix-check halves and the logs at
hand whose loss never got clearly below its start at a constant lr from the first step, such a collapse came only under
an lr too high (a CLIP-style dual encoder at SGD-momentum 3, 21 orders; a Burr XII MLP at Adam 1, 19; an ARMA graph
network at SGD-momentum 3, 5.6; a DeepSDF-like auto-decoder at SGD-momentum 1, 4.2), under a summed loss's gradient
100x too large (4.3) and under a head dead at init, whose gradients fade over a hundred steps (5.6-5.9: dead-units'
finding, not read here); no healthy run."""


def gradients_died(s: Signals, p: Params) -> Hit | None:
    """Last resort, at a constant lr from the start: the global gradient norm flowed for dead-units'
    ``min_dead_points`` logged values, then fell ``GRADIENT_DIED_ORDERS`` below their median (or to exactly 0) and
    stayed there to the end, over dead-units' ``min_dead_frac`` of the run, while the loss never got ``min_rise`` below
    where it started (plateau's stuck stretch after a drop short of ``min_rise`` or none): a step threw the model where
    it has no gradient (saturated units, predictions past a clamp, ReLUs dead for every input) and it sits there,
    learning nothing. The per-layer columns may be logged too sparsely to name the dead layers (dead-units needs two
    dead values of each). A DeepSDF-like auto-decoder at SGD-momentum 1 (fresh80; its grid's best 0.1, every lr from
    0.32 stuck the same): its gradient norm 0.03 for 14 steps, 0.53 at step 15, 2e-6 from step 17 to the end, the
    clamped L1 at its start all along; lr-too-low read the tiny late steps as a crawl and told it 100, which changed
    nothing. Not a run dead at init (dead-units' ``dead_at_init``: the init's doing, its gradients fading slowly). The
    advice: the lr over ``blowup_divisor``."""
    if not s.has_lr or s.died or s.n < MIN_POINTS or not s.run.has("grad_norm"):
        return None
    found = stuck_from_start(s, p)
    if found is None:
        return None
    dp = s.rule_params("dead-units")
    steps, g = s.column("grad_norm")
    finite = np.isfinite(g) & (g >= 0)
    steps, g = steps[finite], g[finite]
    if g.size <= dp.min_dead_points or steps[0] != s.first_step:
        return None
    head = float(np.median(g[: dp.min_dead_points]))
    if not head > 0:
        return None
    gone = (g == 0) | (g <= head * from_orders(-GRADIENT_DIED_ORDERS))
    alive = np.flatnonzero(~gone)
    since = int(alive[-1]) + 1 if alive.size else 0
    if since < dp.min_dead_points or since >= g.size:
        return None  # it never flowed first, or it flows at the end
    died = int(steps[since])
    if (s.last_step - died) < dp.min_dead_frac * s.span_steps or dead_units.dead_at_init(s):
        return None
    lr, advice, extra = lowered_from_end(s, p, "the gradients died")
    after = float(np.median(g[since:]))
    return Hit(
        step_start=died,
        step_end=s.last_step,
        message=(f"The gradients died at lr {lr:.3g}: the gradient norm, {head:.2g} over the first steps, is "
                 f"{after:.2g} from step {died} to the end ({GRADIENT_DIED_ORDERS:g} orders of magnitude or more "
                 f"below), while the loss never got below where it started (around {found.level:.4g}). A step threw the "
                 "model where it has no gradient (saturated units, outputs past a clamp, units dead for every input) "
                 "and it learns nothing there; the tiny steps that follow are not an lr too low."),
        evidence={"lr": lr, "grad_norm_start": head, "grad_norm_after": after, "died_step": float(died),
                  "level": found.level, **extra},
        suggestion=("Lower the lr to about {lr}" if advice else f"Lower the lr about {p.blowup_divisor:g}x") + ".",
        lr=advice,
        explains=explained_by_lr(s),
    )


def weights_start_tiny(s: Signals) -> bool:
    """Whether the weights started tiny by design: their root mean square at the first reading (the weight norm logged
    at the first step over the square root of the sidecar's ``num_params``) below ``MIN_INIT_RMS``. Their first steps
    are large against weights that are meant to grow many times over, so the first update ratio does not measure the
    lr: aimed by it into the band, GloVe vectors (a root mean square of 0.018) blown up at Adam 1, Adagrad 3 and Adam
    0.3 were told 0.00074, 53-106x their grids' best held-out loss (best lrs 0.01-0.1), where the divisors of the rule
    give 0.1, 0.3 and 0.1, which retrain 1.41x, 1.21x and 1.40x (fresh67); skip-gram embeddings (0.0095) at Adam 0.3
    were told 0.00036, below their grid, and a tenth, 0.03, retrains 1.05x its best (fresh4). False without
    ``num_params`` or a weight norm at the first step."""
    params = s.meta.get("num_params")
    read = norms_from_init(s)
    if not (isinstance(params, int) and params > 0 and read is not None):
        return False
    return bool(read[1][0] / np.sqrt(params) < MIN_INIT_RMS)


def adam_step_from_tiny_weights(s: Signals) -> bool:
    """An adaptive optimizer's first step, which moves every weight by about the lr, against weights that start tiny
    (``weights_start_tiny``): its ratio to their norm is the lr over their tiny scale, and aims no lr. An SGD step, the
    lr times the gradient, still does: a softmax regression initialised at zero, blown up at SGD 20 and SGD-momentum 3,
    aimed by its first steps, was told 0.15 and 0.0041, at or below its grids' lowest and best lrs (0.2 and 0.03), where
    a tenth of the lr would retrain 1.62x and 1.37x their best (holdout)."""
    return s.optimizer_family == "adaptive" and weights_start_tiny(s)


def weights_inflated(s: Signals) -> Hit | None:
    """Last resort: at full lr from the first step (no warmup), the first update, read as an Adam step, went
    beyond the family's first-step band and the weights' norm grew ``INFLATED_WEIGHTS`` times within the first
    ``INFLATED_BY_SHARE`` of the run: steps as large as the weights re-scaled them, whatever the loss did after (it may
    come down some way: a network whose weights grew 3x has its adaptive steps shrunk 3x relative to them, and settles
    where the lr left it). The loss's scale plays no part: a negative loss (SimSiam's cosine) is read too. Adagrad,
    whose first step is its largest by design, only from a first step ``ADAGRAD_INFLATED_STEP`` times the weights' norm
    (a Circle Loss embedding at Adagrad 3, 100x its grid's best lr: a first step of 37 of the weights' norm, their norm
    8.4 -> 375 by step 21; its loss fell 33 -> 11 from step 5 on and nothing was said, fresh75). The lr advised aims that
    first step at the top of the band (Adagrad's at the top of its first-step band)."""
    if not s.has_lr or s.n < MIN_POINTS or s.died or s.warmup_end_step is not None or not s.run.has("weight_norm"):
        return None
    shrinks = steps_shrink(s.meta.get("optimizer"))
    if s.meta.get("pretrained") is True or (shrinks and not s.first_update_ratio >= ADAGRAD_INFLATED_STEP):
        return None
    lr = s.lr_at(s.first_step)
    sgd_steps = s.optimizer_family == "sgd" and not s.first_step_beyond_band  # the later steps grew instead
    if not (np.isfinite(lr) and lr > 0 and s.at_full_lr(lr) and s.optimizer_family is not None
            and (s.first_step_beyond_band or sgd_steps)):
        return None
    read = norms_from_init(s)
    if read is None:
        return None  # the first reading is the weights at init
    steps, norms = read
    params = s.meta.get("num_params")
    if not (isinstance(params, int) and params > 0) or weights_start_tiny(s):
        return None  # weights that start tiny (embeddings at 0.01, a zero init) are meant to grow from there
    early = steps <= s.first_step + min(INFLATED_BY_SHARE * s.span_steps, INFLATED_STEPS)
    if np.count_nonzero(early) <= 1 < steps.size:  # a norm logged every 10th logged row of a log every 2-3 steps
        latest = s.first_step + min(INFLATED_LATEST_SHARE * s.span_steps, INFLATED_LATEST_STEPS)
        early = steps <= min(steps[1], latest)  # its second reading
    if np.count_nonzero(early) <= 1:
        return None
    growth = float(norms[early][-1] / norms[0])
    grown_by = int(steps[early][-1])
    if sgd_steps:
        return sgd_steps_inflated(s, lr, growth, float(norms[0]), float(norms[early][-1]), grown_by)
    if not growth >= INFLATED_WEIGHTS:
        return None
    advice = scaled_into_band(s, lr, float(s.first_update_ratio))
    return Hit(
        step_start=s.first_step,
        step_end=s.last_step,
        message=(f"The lr {lr:.3g} inflated the weights: its first step moved them by {s.first_step_as_adam:.2g} of "
                 + (f"their norm, beyond the {ADAGRAD_INFLATED_STEP:g} past which an Adagrad first step (about the "
                    "weights' whole norm at a sane lr) only comes from an lr far too high" if shrinks else
                    f"their norm (as an Adam step), beyond the {first_step_band(s.optimizer_family)[1]:g} a sane lr's "
                    "first step takes")
                 + f", and by step {grown_by} "
                 f"their norm had grown {growth:.3g}x ({norms[0]:.4g} -> {norms[early][-1]:.4g}). Steps that size re-scale "
                 "the weights instead of training them; whatever the loss did after, the run trains at an lr far above "
                 "one that suits the model."),
        evidence={"lr": lr, "first_update_ratio": float(s.first_update_ratio), "weight_norm_growth": growth,
                  "grown_by_step": grown_by},
        suggestion="Lower the lr to about {lr}.",
        lr=advice,
        # a warmup would not make an lr this large right, but missing-warmup may read the start too: let it speak
        explains=tuple(r for r in explained_by_lr(s) if r != "missing-warmup"),
    )


def sgd_steps_inflated(s: Signals, lr: float, growth: float, start: float, end: float, grown_by: int) -> Hit | None:
    """``weights_inflated``'s reading under an SGD-family optimizer whose first step stayed inside the first-step band:
    the update ratios logged up to ``grown_by`` at a median above the top of the family's band, and the weights' norm
    grown ``SGD_INFLATED_WEIGHTS`` times by then (``start`` -> ``end``). The lr advised puts that median where healthy
    runs of the family sit in the band (``healthy_target``), as ``ratios_above_band`` does: the evidence is the early
    steps, not the first (aimed by its first step, 0.33 of the weights' norm where the CRF's gradient at init is large,
    a BiGRU-CRF tagger at SGD 0.5 that works at SGD-momentum 0.03-0.1 would be told 0.0086; by the median, 0.043)."""
    steps, log_u = s.update_ratio
    early = log_u[steps <= grown_by]
    median = from_orders(float(np.median(early))) if early.size else float("nan")
    if not (growth >= SGD_INFLATED_WEIGHTS and median > s.update_band[1]):
        return None
    return Hit(
        step_start=s.first_step,
        step_end=s.last_step,
        message=(f"The lr {lr:.3g} inflated the weights: by step {grown_by} its updates had moved them by a median "
                 f"{median:.2g} of their norm, above the {s.update_band[1]:g} at the top of the "
                 f"{family_label(s.optimizer_family)} band, and their norm had grown {growth:.3g}x ({start:.4g} -> "
                 f"{end:.4g}). Steps that size re-scale the weights instead of training them; whatever the loss did "
                 "after, the run trains at an lr far above one that suits the model."),
        evidence={"lr": lr, "early_update_ratio": median, "weight_norm_growth": growth, "grown_by_step": grown_by},
        suggestion="Lower the lr to about {lr}.",
        lr=median_into_band(s, lr, median, f" of the steps up to step {grown_by}"),
        explains=explained_by_lr(s),
    )


def median_into_band(s: Signals, lr: float, median: float, which: str = "") -> LrAdvice:
    """``lr`` scaled so that a median update ratio of ``median`` (the steps ``which`` names) lands where healthy runs of
    the optimizer family sit in its band (``healthy_target``): an lr whose steps sat above the band, read off them."""
    target = healthy_target(s.optimizer_family)
    return LrAdvice(lr * target / median, f"the median update-to-weight ratio {median:.2g}{which} scaled to where "
                    f"healthy {family_label(s.optimizer_family)} runs sit in its band ({target:.2g})", UPDATE_BAND,
                    failed_lr=lr)


def ramp_start_beyond_band(s: Signals) -> Hit | None:
    """Last resort, under a schedule that starts the lr below its peak (a warmup, a cycle, a growth): the very first
    update, at that lower lr, already moved the weights beyond the family's first-step band (read as an Adam step). A
    step grows with the lr, so at the peak the steps are larger still: the peak is too high, however the loss came down
    between the peaks. Over the labelled runs of the fix-check halves that start below their peak lr (123), the 11 whose
    first step was beyond the band (1.1-6.8x its top) are all labelled lr-too-high; no healthy one's is above 0.3 of it
    (GloVe and skip-gram vectors that start tiny, whose first steps measure the init, are not read). A Circle Loss
    embedding under a cyclic Adam schedule peaking at 1, its first step at 0.05 moving the weights 0.61 of their norm:
    its weights' norm 8.4 -> 543 over the run and its loss 30 -> 13 where a peak of 0.01 ends at 6.2; nothing was said
    (fresh75). Under an Adam-family optimizer, whose first step moves every weight by the lr, also when that first step
    scaled to the peak lr (``PEAK_FIRST_STEPS``) is beyond the band. Not for Adagrad, whose first step is its largest by
    design, nor a fine-tune. The lr advised aims that first step at the top of the band, for the peak. The lr the run
    failed at is the start's when its first step was already beyond the band, else the peak's: a start whose step sat
    in the band did not fail, and kept as a failed lr it held the advice under half the start lr. Of the 4,806 logs at
    hand that changes the lr told to two: a CRF-BiGRU tagger warmed up to AdamW 1 from 0.0083 (0.0042 -> 0.01,
    retrained at two seeds 1.25x and 1.29x -> 1.16x and 1.17x the grid's best) and a healthy regressor under a
    one-cycle Adam to 0.05 (0.001 -> 0.0021, still a false alarm; fresh110, held out). Of the 64 tuning runs whose
    advice from this reading the start lr held so (warmups and cycles from 1/450-1/20 of their peak under Adam, AdamW
    and NAdam; for all but that tagger, other readings set the lr told), it retrains lower on 38, higher on 3, within 2%
    on 23."""
    if not s.has_lr or s.n < MIN_POINTS or s.died or s.optimizer_family is None or s.meta.get("pretrained") is True:
        return None
    if steps_shrink(s.meta.get("optimizer")) or weights_start_tiny(s):
        return None
    lr = s.lr_at(s.first_step)
    steps, log_u = s.update_ratio
    if not (np.isfinite(lr) and lr > 0) or s.at_full_lr(lr) or not steps.size or int(steps[0]) != s.first_step:
        return None
    first = from_orders(float(log_u[0]))
    scale = s.adam_step_scale
    high = first_step_band(s.optimizer_family)[1]
    below = s.lr_max / lr
    # an Adam-family first step is the lr for every weight: at the peak it would have been ``below`` times larger
    adam_steps = takes_adam_steps(s.optimizer_family, s.meta.get("optimizer"))
    at_peak = first / scale * below if adam_steps and below <= MAX_RAMP_SCALE else float("nan")
    if not (first / scale > high or at_peak > PEAK_FIRST_STEPS * high):
        return None
    advice = scaled_into_band(s, lr, first)
    if advice is not None and first / scale <= high:
        advice = replace(advice, failed_lr=s.lr_max)
    moved = f"moved the weights by {first / scale:.2g} of their norm" + (" (as an Adam step)" if scale != 1.0 else "")
    if first / scale > high:
        why = (f"already {moved}, beyond the {high:g} a sane lr's first step takes. A step grows with the lr: at the peak "
               "the steps are far larger still")
    else:
        why = (f"{moved}: an Adam-family step grows with the lr, so at the peak that first step would have been "
               f"{at_peak:.2g}, over {PEAK_FIRST_STEPS:g}x the {high:g} a sane lr's first step takes")
    return Hit(
        step_start=s.first_step,
        step_end=s.last_step,
        message=(f"The schedule starts the lr at {lr:.3g}, {below:.3g}x below its peak {s.lr_max:.3g}, and the first step "
                 f"there {why}, and the run trains at an lr far above one that suits the model."),
        evidence={"lr": lr, "peak_lr": s.lr_max, "first_update_ratio": first, "first_step_band_high": high}
        | ({"first_step_at_peak": at_peak} if np.isfinite(at_peak) else {}),
        suggestion="Lower the peak lr to about {lr}." if advice else "Lower the peak lr.",
        lr=advice,
        explains=explained_by_lr(s),
    )


def ratios_above_band(s: Signals) -> Hit | None:
    """An SGD-family run at a constant lr whose median update ratio sits above the top of the family's band: every
    step moves the weights further than a healthy run's does, for the whole run, whatever the loss shows.
    The lr advised puts the median where healthy runs sit in the band (``healthy_target``). Not for adaptive
    optimizers, whose ratio is the lr over the weights' scale (a tiny init reads high) and whose band's top
    healthy runs reach."""
    if s.optimizer_family != "sgd" or not s.has_lr or s.n < MIN_POINTS or s.died:
        return None
    if not s.lr_steady_since(float(s.warmup_end_step or s.first_step)):
        return None  # a schedule after any warmup: a cyclic or one-cycle peak is meant to sit high in the band a while
    median, high = s.update_ratio_median, s.update_band[1]
    if not np.isfinite(median) or median <= high or s.update_ratio[0].size < MIN_RATIO_POINTS:
        return None
    lr = s.lr_max
    advice = median_into_band(s, lr, median, " at full lr")
    return Hit(
        step_start=s.first_step,
        step_end=s.last_step,
        message=(f"The steps are too large for the whole run: at full lr ({lr:.3g}) the median update moved the weights "
                 f"by {median:.2g} of their norm, above the {high:g} that healthy {family_label(s.optimizer_family)} runs "
                 "take at most: every step moves the weights further than theirs."),
        evidence={"update_ratio_median": median, "update_band_high": high, "lr": lr},
        suggestion="Lower the lr to about {lr}.",
        lr=advice,
        explains=explained_by_lr(s),
    )


def large_steps_near_chance(s: Signals, p: Params) -> Hit | None:
    """An SGD-family classifier at a constant lr from its first step, started near chance, whose loss at the end (the
    median of the last of ``END_PARTS`` parts of the run) and validation loss (the median of its last ``END_EVALS``
    evaluations) still sat within ``NEAR_CHANCE`` of chance (ln C), while its median update ratio was
    ``LARGE_STEPS_FACTOR`` or more times where healthy runs of the family sit in its band: steps that large and a model
    that learned almost nothing are an lr too high to learn at, though nothing blew up (a binarized CNN at SGD-momentum
    0.3, its loss 2.09 -> 1.6 against ln 8 = 2.08, ratios 0.015, fresh19; a ViT at SGD-momentum 0.3, 2.05 -> 1.7
    against ln 6 = 1.79, ratios 0.017, fresh20: a tenth of their lr ends 3x and 7x lower). Where healthy SGD runs sit
    the labelled runs that learned this little had ratios at most 0.0062 (an lr too low among them 0.0082, 1.4x). The lr
    advised puts the median where healthy runs sit, or is ``blowup_divisor`` times lower than the run's when that is
    lower, as for every run left at chance (aimed by the ratio alone, 0.12 and 0.1 retrained 1.8x and 1.5x their grids'
    best; a tenth, 0.03, is the binarized CNN's best and 1.13x the ViT's). Read last, where no other reading of the
    rule saw trouble."""
    if s.optimizer_family != "sgd" or not s.has_lr or not s.log_scale or s.n < MIN_POINTS or s.died:
        return None
    chance = wrong_initial_loss.chance_level(s)
    if chance is None or not s.lr_steady_since(s.first_step) or not s.at_full_lr(s.lr_at(s.last_step)):
        return None
    median, target = s.update_ratio_median, healthy_target(s.optimizer_family)
    if not (np.isfinite(median) and median >= LARGE_STEPS_FACTOR * target):
        return None
    near = float(np.log(NEAR_CHANCE * chance))
    if float(s.level[0]) > float(np.log(chance)) + p.blowup_rise:
        return None  # it started far above chance (a head initialised too large: wrong-initial-loss's)
    end = float(np.median(s.ys[-max(1, s.ys.size // END_PARTS):]))
    _, v, v_log = s.val_level
    held_out = float(np.median(v[-END_EVALS:])) if v_log and v.size >= END_EVALS else float("nan")
    if end < near or held_out < near:  # NaN (too few evaluations) compares False: the training loss alone
        return None
    lr = s.lr_at(s.last_step)
    advice = median_into_band(s, lr, median)
    if advice.lr is not None and lr / p.blowup_divisor < advice.lr:  # at chance: at least blowup_divisor times lower
        advice = divided(lr, p, "at which the model learned almost nothing")
    shown = f", the validation loss {np.exp(held_out):.4g}" if np.isfinite(held_out) else ""
    return Hit(
        step_start=s.first_step,
        step_end=s.last_step,
        message=(f"The model learned almost nothing with steps this large: at a constant lr {lr:.3g} its loss ended at "
                 f"{s.to_loss(end):.4g}{shown}, near chance (ln {s.meta.get('num_classes')} = {chance:.4g}), while the "
                 f"median update moved the weights by {median:.2g} of their norm, {median / target:.1f}x where healthy "
                 f"{family_label(s.optimizer_family)} runs sit: the steps throw the weights around instead of fitting."),
        evidence={"end_loss": s.to_loss(end), "chance_loss": chance, "update_ratio_median": median,
                  "healthy_ratio": target, "lr": lr},
        suggestion="Lower the lr to about {lr}.",
        lr=advice,
        explains=explained_by_lr(s),
    )


def lowered_from_end(s: Signals, p: Params, what: str) -> tuple[float, LrAdvice | None, dict[str, float]]:
    """The lr the run ends at (NaN unlogged), that lr lowered ``blowup_divisor`` times (or into the update band) as
    the advice of a stall ``what`` describes, and its evidence."""
    lr = s.lr_at(s.last_step) if s.has_lr else float("nan")
    advice, extra = lower_lr(s, lr, what, divisor=p.blowup_divisor)
    return lr, advice, extra


def bouncing_from_start(s: Signals, p: Params) -> Hit | None:
    """The loss never got ``min_rise`` below its start and made no significant progress at a constant lr
    although its steps were large enough to move it many times over (plateau's reading of the steps):
    it bounces between the walls of the valley from the start."""
    found = plateau.stuck(s, s.rule_params("plateau"))
    if found is None or found.kind != "large" or found.prior_drop >= p.min_rise:
        return None  # it made progress before it stalled: a plateau to decay out of (plateau), not this
    if s.has_lr and not s.lr_steady_since(found.start):
        # a schedule moved the lr over the stretch (a warmup to a peak, then a decay): the lr the loss could not settle
        # at is the highest it held, not the decayed one it ended at (a fastText warmed up to NAdam 3 and annealed to
        # 6e-5 was told a tenth of the end, 6e-6: 370x below its grid's best)
        lr = float(np.nanmax(s.lr_since(found.start)))
        advice, extra = lower_lr(s, lr, "the loss never settled", divisor=p.blowup_divisor)
        at = f" at lrs up to {lr:.3g}"
        # a validation loss at its best before the lr reached its peak turned with the lr, not from memorising
        # (held_out_best_by: the same fastText's validation loss 1.8 at step 50 of a warmup to step 150, then 18)
        ramped = held_out_best_by(s, int(s.steps[int(np.nanargmax(s.lr))]))
    else:
        lr, advice, extra = lowered_from_end(s, p, "the loss never settled")
        at = f" at a constant lr {lr:.3g}" if s.has_lr else ""
        ramped = False
    return Hit(
        step_start=found.start,
        step_end=s.last_step,
        message=(f"The loss never settled: from step {found.start} it made no significant progress, staying around "
                 f"{found.level:.4g}" + at
                 + ", although its steps were large enough to have moved it many times over: it bounces between the walls "
                 "of the valley from the start."),
        evidence={**found.evidence, "lr": lr, **extra},
        suggestion=("Lower the lr to about {lr}" if advice else f"Lower the lr about {p.blowup_divisor:g}x")
        + "; if the loss still does not move, check that the labels match the inputs.",
        lr=advice,
        explains=explained_by_lr(s) + (("overfitting",) if ramped else ()),
    )


def jumpy_held_out_plateau(s: Signals, p: Params) -> Hit | None:
    """The loss fell, then stalled at a constant lr (plateau's reading), and on that stretch the validation
    loss varies ``PLATEAU_EVAL_JITTER`` or more (robust noise, log-loss) between evaluations. A held-out set
    that is the same at each evaluation changes only as the weights do: a model whose lr suits it settles
    (labelled healthy runs: at most 0.055), one whose steps are too large keeps being thrown around its
    valley (runs 3-30x above the best lr of a grid: 0.10-0.20), and a decay or a lower lr ends lower. A
    validation loss taken on random batches each time varies by sampling too: that is why the bar is
    twice the healthy runs' highest, over at least ``MIN_PLATEAU_EVALS`` evaluations."""
    if not s.log_scale:
        return None  # the threshold is in log-loss
    found = plateau.stuck(s, s.rule_params("plateau"))
    if found is None or found.never or found.prior_drop < p.min_rise:
        return None  # no plateau, or one with no progress before it (bouncing_from_start's)
    steps, v, _ = s.val_level
    on = v[steps >= found.start]
    if on.size < MIN_PLATEAU_EVALS:
        return None
    jitter = eval_noise(on)
    if jitter < PLATEAU_EVAL_JITTER:
        return None
    first, second = np.array_split(on, EVAL_HALVES)
    if float(on[-1]) <= float(on.min()) and float(np.median(second)) <= float(np.median(first)):
        return None  # the held-out loss ends at its best, lower over the stretch's second half: it settles between its
        # jumps (a Deep SVDD at Adam 0.01, healthy, its held-out distance 0.00108 -> 0.00099 with two jumps to 0.0014 and
        # 0.0012 on the way: told a tenth of its lr, it retrained 28% worse; fresh25)
    lr, advice, extra = lowered_from_end(s, p, "the held-out loss kept jumping")
    return Hit(
        step_start=found.start,
        step_end=s.last_step,
        message=(f"The loss stalled from step {found.start} ({found.share:.0%} of the run), staying around {found.level:.4g}"
                 + (f" at a constant lr {lr:.3g}" if s.has_lr else "")
                 + f", and there the validation loss varied about x{exp_factor(jitter):.3g} between evaluations (robust noise "
                 f"of {on.size} evaluations): when the held-out set is the same each time, only the weights change between "
                 "evaluations, so the steps keep throwing the model around its valley instead of settling it."),
        evidence={**found.evidence, "val_jitter": jitter, "plateau_evals": float(on.size), "lr": lr, **extra},
        suggestion=("Lower the lr to about {lr}" if advice else f"Lower the lr about {p.blowup_divisor:g}x")
        + ", or decay it once the loss stalls (cosine, ReduceLROnPlateau).",
        lr=advice,
        explains=("plateau",),
    )


def held_out_frozen(s: Signals, p: Params) -> Hit | None:
    """The validation loss froze after it had moved: its last ``MIN_FROZEN_EVALS`` evaluations or more within
    ``FROZEN_SPREAD`` of each other (log-loss) after earlier ones ``FROZEN_MOVED`` apart, while the steps were not small
    (the median update ratio over that stretch at least the bottom of the family's band) at an lr not decayed there. A
    held-out set that is the same each time scores the same only when the model's outputs no longer change as its weights
    do: its units died or saturated, which steps this large did (a DnCNN on a cyclic AdamW peak of 0.3: its held-out MSE
    fixed at the noise's variance, 0.04305, for 8 evaluations while its weights moved 1e-3 a step; a peak of 0.01 ends 9x
    lower). The advice: the run's peak lr over ``blowup_divisor``."""
    steps, v, log_scale = s.val_level
    if not log_scale or v.size < MIN_FROZEN_EVALS + FROZEN_BEFORE or not s.has_lr:
        return None
    frozen = frozen_tail(v)
    if frozen < MIN_FROZEN_EVALS or v.size - frozen < FROZEN_BEFORE or float(np.ptp(v[: v.size - frozen])) < FROZEN_MOVED:
        return None  # not frozen at the end, or frozen from the start (an init, not a collapse)
    since = int(steps[v.size - frozen])
    lrs = s.lr_since(since)
    if not lrs.size or not s.at_full_lr(lr_there := float(lrs.max())):
        return None  # a schedule took the lr away: a model at rest, not a dead one
    ratio_steps, ratios = s.column("update_ratio")
    on = ratios[ratio_steps >= since]
    ratio = float(np.median(on)) if on.size else float("nan")
    if not ratio >= s.update_band[0]:
        return None  # steps too small to move the outputs (or not logged): no collapse to read
    lr, extra = lower_lr(s, s.lr_max, "the held-out loss froze", divisor=p.blowup_divisor)
    return Hit(
        step_start=since,
        step_end=s.last_step,
        message=(f"The validation loss froze at {float(np.exp(v[-1])):.5g}: its last {frozen} evaluations, from step {since}, "
                 f"are within {FROZEN_SPREAD:.0e} of each other in log-loss, after earlier ones that moved, while the weights "
                 f"still moved by a median update ratio of {ratio:.2g} a step at lr up to {lr_there:.3g}. A model scores a fixed held-out set the same each time only when its "
                 "outputs no longer follow its weights: its units died or saturated, and steps this large did it."),
        evidence={"frozen_evals": float(frozen), "frozen_since": float(since), "val_loss": float(np.exp(v[-1])),
                  "update_ratio_median": ratio, "lr": s.lr_max, **extra},
        suggestion=("Lower the lr to about {lr}" if lr is not None else f"Lower the lr about {p.blowup_divisor:g}x")
        + ", and check for dead or saturated units (LeakyReLU/GELU, normalisation).",
        lr=lr,
        explains=("plateau", "dead-units", "overfitting"),
    )


def killed_units(s: Signals) -> Hit | None:
    """Units that died during training (dead-units' reading, with its thresholds: weight gradients that flowed, then
    are exactly zero to the end): a step too large pushed them where they output zero for every input, so the lr is
    too high for the model, whatever the loss did (a CNN at SGD 1 whose loss fell to the class prior and sat there;
    retrained at dead-units' lr it trains, clipping at the norms before did not help). Its advice is dead-units' own."""
    hit = dead_units.died_in_training(s)
    if hit is None or hit.lr is None:
        return None  # none died in training, or the log does not say the lr they died at
    since, lr = int(hit.evidence["dead_since_step"]), float(hit.evidence["lr_at_death"])
    return Hit(
        step_start=s.first_step,
        step_end=s.last_step,
        message=(f"The lr {lr:.3g} killed units: the gradients of {int(hit.evidence['dead_tensors'])} weight tensor(s) flowed "
                 f"at first and are exactly zero from step {since} to the end (dead-units names them): a step too large "
                 "pushed those units where they output zero for every input, and they never come back."),
        evidence={"dead_since_step": float(since), "dead_tensors": float(hit.evidence["dead_tensors"]), "lr": lr},
        suggestion="Lower the lr to about {lr}.",
        # a first step far beyond the band aims lower than a tenth (a CLIP-style dual encoder at SGD-momentum 3, its first
        # update 3.3x its weights' norm, stuck at ln 64 from step 2: a tenth of its lr, 0.3, changed nothing; its grid's
        # best is 0.03; fresh25)
        lr=aimed_if_lower(s, hit.lr, lr),
        explains=("plateau", "lr-too-low"),
    )


def below_killing_lr(s: Signals, hits: list[Hit]) -> list[Hit]:
    """``hits`` with their lr advice lowered to ``killed_units``' where units died during training and the advice is
    above it: an lr that killed units is at least 10x too high, whatever the reading that found the trouble (a
    linear-attention LM under a cyclic NAdam schedule to 0.82 turned upward at lr 0.59 and its units died at 0.42; a
    third of the turn, 0.2, changed nothing, its grid's best sits at 0.01; fresh27)."""
    killed = killed_units(s) if any(hit.lr is not None for hit in hits) else None
    if killed is None or killed.lr is None:
        return hits
    floor = killed.lr
    # the floor bounds the reading's answer and keeps its standing: a weaker basis elsewhere must not win over it (a
    # MIL network under ExponentialLR(gamma=1.02) whose ramp turn, floored at a tenth of the killing lr, lost to the lr
    # at its best point, 3x higher)
    return [replace(hit, lr=replace(floor, strength=max(floor.strength, hit.lr.strength)))
            if hit.lr is not None and hit.lr.lr > floor.lr else hit for hit in hits]


def lower_by_chance_divisor(advice: LrAdvice | None) -> str:
    """The start of a per-epoch reading's suggestion: the advised lr, or, for a log without one, ``AT_CHANCE_DIVISOR``."""
    return "Lower the lr to about {lr}" if advice else f"Lower the lr about {AT_CHANCE_DIVISOR:g}x"


def chance_divisor_fix(advice: LrAdvice | None) -> dict[str, float]:
    """The machine-readable fix beside ``lower_by_chance_divisor``: none besides the advised lr, or ``lr_factor``."""
    return {} if advice else {"lr_factor": 1.0 / AT_CHANCE_DIVISOR}


def stalled_after_first_epoch(s: Signals, p: Params) -> Hit | None:
    """A log of one row per epoch whose loss dropped in the first epoch (or, after a first epoch whose mean stood
    ``EPOCH_BLOWUP`` above where the loss then sat, in the first two) and then stopped moving: from there on neither the
    training nor the validation loss got lower by ``EPOCH_STALL_SHARE`` of that first drop. A model that still learns
    keeps improving a little every epoch (the training loss at least); one whose first epoch blew it up sits at chance,
    where each epoch's mean is the same. A blow-up can take two epochs to come back down (a DeepAR forecaster at Adam 1:
    epoch means 28.0, 3.07, then 1.593, 1.590, 1.592, 1.592, 1.599, its validation loss 1.581 +- 0.001, the level of its
    init; at 3e-3 it ends at 0.30, fresh26). (A schedule that took the lr to zero after one epoch would look alike: the
    message names it.)"""
    if not read_per_epoch(s):
        return None
    y = s.level
    for first in range(1, FIRST_EPOCHS + 1):
        if y.size < MIN_EPOCHS_AFTER + first + 1:
            return None
        if first > 1 and float(y[0] - np.median(y[first:])) < EPOCH_BLOWUP:
            return None  # no blow-up in the first epoch: a model still settling in its second epoch is learning
        hit = stalled_after(s, p, first)
        if hit is not None:
            return hit
    return None


def stalled_after(s: Signals, p: Params, first: int) -> Hit | None:
    """``stalled_after_first_epoch`` with the drop over the first ``first`` epochs."""
    y = s.level
    first_drop = float(y[0] - y[first])
    if first_drop <= 0:
        return None  # no first drop to measure a stall against
    bar = EPOCH_STALL_SHARE * first_drop
    if float(y[first] - y[first + 1:].min()) > bar:
        return None
    v_steps, v, v_log = s.val_level
    later = v[v_steps > s.steps[first]]
    second = v[v_steps == s.steps[first]]
    if v_log and second.size and later.size and float(second[0] - later.min()) > bar:
        return None  # the held-out loss still improved
    lr, advice = divided_at(s, p, s.steps[first], "at which the model stopped learning")
    level = s.to_loss(float(np.median(y[first:])))
    epochs = int(y.size - first)
    after = "the first epoch" if first == 1 else f"the first {first} epochs"
    return Hit(
        step_start=int(s.steps[first]),
        step_end=s.last_step,
        message=(f"The loss stopped moving after {after}: it fell from {s.to_loss(float(y[0])):.4g} (the first "
                 f"epoch's mean) to {s.to_loss(float(y[first])):.4g} by epoch {int(s.steps[first])}, and for the {epochs} "
                 f"epochs from there on it stayed around {level:.4g}, never lower by {EPOCH_STALL_SHARE:.0%} of that drop"
                 + (", the validation loss with it" if later.size else "")
                 + ". A model that still learns keeps improving every epoch; one that a too-high lr blew up in its first "
                 "epoch sits at chance, where every epoch's mean loss is the same."),
        evidence={"first_epoch_loss": s.to_loss(float(y[0])), "second_epoch_loss": s.to_loss(float(y[first])),
                  "level_after": level, "epochs_after": float(epochs), "lr": lr},
        suggestion=lower_by_chance_divisor(advice)
        + " (if instead a schedule took the lr to about zero after the first epoch, fix the schedule).",
        lr=advice,
        explains=explained_by_lr(s),
        fix=chance_divisor_fix(advice),
    )


def chance_classes(level: float) -> int | None:
    """The number of classes k whose chance level ln k a loss ``level`` (in the loss's units) is nearest, when it
    reads as one."""
    if not np.log(MIN_CHANCE_CLASSES) / (1 + CHANCE_MATCH) <= level <= np.log(MAX_CHANCE_CLASSES):
        return None
    k = int(np.round(np.exp(level)))
    return k if k >= MIN_CHANCE_CLASSES else None


def at_chance_accuracy(acc: np.ndarray, k: int) -> bool:
    """No accuracy in ``acc`` better than chance among ``k`` classes: at most ``CHANCE_ACCURACY`` / k and
    ``CHANCE_ACCURACY_SHARE`` of the way from 1/k to 1 (true of an empty ``acc``)."""
    return float(np.max(acc, initial=0)) <= min(CHANCE_ACCURACY / k, 1 / k + CHANCE_ACCURACY_SHARE * (1 - 1 / k))


def epochs_at_chance(s: Signals, p: Params) -> Hit | None:
    """A log of one row per epoch, too short for ``stalled_after_first_epoch``, whose first epoch's mean stood
    ``CHANCE_BLOWUP`` above a level it then sat at: every later epoch's mean within ``CHANCE_MATCH`` of ln k for one
    number of classes k (the loss of uniform predictions over k classes), the training accuracy logged every epoch and no
    better than ``CHANCE_ACCURACY`` / k (without it a loss near ln k may be a coincidence). A model that learns leaves
    chance; one whose first epoch blew it up sits there exactly (a mixup CNN at SGD-momentum 3: its first epoch's mean
    10.7, then 2.314 and 2.301, ln 10 = 2.303, accuracy 0.12). Or it comes down to it: epoch means falling to within
    ``CHANCE_COME_DOWN`` of ln k for the later half of the epochs, the accuracy at chance all along (a hierarchical
    attention network at Adam 1: 7.09, 2.50, 2.10, then 1.81 +- 0.02 for 10 epochs, ln 6 = 1.79, accuracy 0.16-0.18;
    nothing was said, and a hundredth of its lr trains it, fresh29). Or it is still coming down: its last epoch's
    mean its lowest and within ``CHANCE_COME_DOWN`` of ln k, the training accuracy at chance in every epoch, the first
    too, and the validation accuracy when logged (a Legendre Memory Unit at Adam 1: 20.0, 19.4, 24.2, 11.9, 5.66, 1.72,
    1.61, 1.46, 1.41, ln 4 = 1.386, accuracy 0.24-0.26 and validation accuracy 0.24-0.28 in every epoch; a hundredth of
    its lr is its grid's best, fresh54)."""
    if not read_per_epoch(s):
        return None
    y = s.level
    if y.size < FIRST_EPOCHS + 1:
        return None
    later = np.exp(y[1:])
    _, acc = s.column("train_acc")
    if acc.size < y.size - 1:
        return None  # no accuracy to vouch for chance
    for level in (float(np.median(later)), float(later[-1])):
        k = chance_classes(level)
        if k is None:
            continue
        off = np.abs(later / np.log(k) - 1)
        tail = off[-max(CHANCE_TAIL, off.size >> 1) :]
        # no epoch below chance (a model that learned and fell back), the accuracy checked below
        above = float(later.min()) >= np.log(k) * (1 - CHANCE_COME_DOWN)
        # the later half at chance; or still coming down, the last epoch the lowest and at chance, every epoch's
        # accuracy at chance, the validation accuracy too
        came_down = above and bool(np.all(tail <= CHANCE_COME_DOWN))
        settling = (above and float(off[-1]) <= CHANCE_COME_DOWN and float(later[-1]) <= float(later.min())
                    and at_chance_accuracy(acc, k) and at_chance_accuracy(s.column("val_acc")[1], k))
        # pinned there: both accuracies at chance in every epoch, the loss a little above ln k
        val_acc = s.column("val_acc")[1]
        pinned = (above and float(np.median(off)) <= CHANCE_PINNED and at_chance_accuracy(acc, k)
                  and val_acc.size >= y.size and at_chance_accuracy(val_acc, k))
        if ((np.all(off <= CHANCE_MATCH) or came_down or settling or pinned) and at_chance_accuracy(acc[1:], k)
                and float(y[0]) - float(np.log(np.log(k))) >= CHANCE_BLOWUP):
            break  # (a first epoch not above chance blew nothing up: a model that never learned, or no data)
    else:
        return None
    lr = s.lr_at(s.steps[1]) if s.has_lr else float("nan")
    advice, extra = lower_lr(s, lr, "the model blew up to chance", divisor=p.blowup_divisor)
    return Hit(
        step_start=int(s.steps[0]),
        step_end=s.last_step,
        message=(f"The model blew up in its first epoch and sits at chance: the first epoch's mean loss was "
                 f"{s.to_loss(float(y[0])):.4g}, and " + (f"every epoch since has been within {CHANCE_MATCH:.0%}"
                 if np.all(off <= CHANCE_MATCH) else f"it came down to within {CHANCE_COME_DOWN:.0%} for its last "
                 f"{tail.size} epochs" if came_down else f"it came down, its last epoch the lowest, to within "
                 f"{CHANCE_COME_DOWN:.0%}" if settling else f"its epochs since have sat within {CHANCE_PINNED:.0%}")
                 + f" of ln {k} = {np.log(k):.4g}, the loss of uniform predictions over {k} "
                 "classes, its accuracy at most "
                 f"{float(np.max(acc[1:])):.3g}"
                 + (f" and its validation accuracy at most {float(np.max(val_acc)):.3g} in every epoch" if pinned and not
                    (np.all(off <= CHANCE_MATCH) or came_down or settling) else "")
                 + ". A model that learns leaves chance; steps too large threw this one onto "
                 "uniform predictions."),
        evidence={"first_epoch_loss": s.to_loss(float(y[0])), "chance_level": float(np.log(k)), "classes": float(k),
                  "best_accuracy_after": float(np.max(acc[1:])), "lr": lr, **extra},
        suggestion=lower_by_chance_divisor(advice) + ".",
        fix=chance_divisor_fix(advice),
        lr=advice,
        explains=explained_by_lr(s),
    )


def epochs_frozen(s: Signals, p: Params) -> Hit | None:
    """A log of one row per epoch whose training loss froze: its last ``MIN_FROZEN_EVALS`` epoch means or more within
    ``FROZEN_SPREAD`` of each other (log-loss), after an epoch outside that spread, at a level no lower than its best
    before the freeze, the validation loss (when logged) frozen over the same epochs too, at an lr (when logged) not
    decayed there. An epoch's mean over the same examples in a new order comes out the same only when the model's
    outputs no longer follow its weights: a step too large killed or saturated its units (a NeRF-like renderer at Adam
    0.3: its first epoch's mean 0.2966, then 0.310853 for 49 epochs, its validation loss fixed at 0.314673; a tenth of
    the lr is its grid's best, fresh21). A model that converged freezes, if ever, at its best. The advice is
    ``stalled_after_first_epoch``'s: the lr over ``blowup_divisor``, or ``AT_CHANCE_DIVISOR`` times lower when the log
    has no lr (an lr schedule at zero looks alike: the message names it)."""
    if not read_per_epoch(s):
        return None
    y = s.level
    if y.size <= MIN_FROZEN_EVALS:
        return None
    frozen = frozen_tail(y)
    if frozen == y.size:
        return None  # frozen from the first epoch: nothing ever moved (an init or a detached output, not a collapse)
    since = y.size - frozen
    if frozen < MIN_FROZEN_EVALS or float(y[-1]) < float(y[:since].min()):
        return None  # not frozen, or frozen at its best: a converged model (or one whose lr went to zero)
    v_steps, v, v_log = s.val_level
    on = v[v_steps >= s.steps[since]]
    if v_log and on.size and float(np.ptp(on)) > FROZEN_SPREAD:
        return None  # the held-out loss still moves: the outputs follow the weights
    lr, advice = divided_at(s, p, s.steps[since], "at which the model's outputs froze")
    if np.isfinite(lr) and not s.at_full_lr(lr):
        return None  # a schedule took the lr away: a model at rest, not a dead one
    level = s.to_loss(float(y[-1]))
    return Hit(
        step_start=int(s.steps[since]),
        step_end=s.last_step,
        message=(f"The model froze: from epoch {int(s.steps[since])} on, every epoch's mean loss is {level:.6g} to within "
                 f"{FROZEN_SPREAD:.0e} in log-loss ({frozen} epochs), no better than its best before "
                 f"({s.to_loss(float(y[:since].min())):.6g})" + (", the validation loss frozen with it" if on.size else "")
                 + ". An epoch's mean over the same examples comes out the same only when the outputs no longer follow "
                 "the weights: a step too large killed or saturated the units."),
        evidence={"frozen_epochs": float(frozen), "frozen_since": float(s.steps[since]), "frozen_loss": level,
                  "best_before": s.to_loss(float(y[:since].min())), "lr": lr},
        suggestion=lower_by_chance_divisor(advice)
        + " (if instead a schedule took the lr to zero there, fix the schedule), and check for dead or saturated units.",
        lr=advice,
        explains=("plateau", "dead-units", "overfitting"),
        fix=chance_divisor_fix(advice),
    )


def epochs_held_out_frozen(s: Signals, p: Params) -> Hit | None:
    """A log of one row per epoch whose validation loss was the same at every epoch, ``MIN_FROZEN_EVALS`` + 1 of them or
    more within ``FROZEN_SPREAD`` (log-loss) of each other from the first on, after a first epoch whose mean training
    loss stood ``EPOCH_BLOWUP`` or more above the second's: the model's outputs on the held-out set stopped following its
    weights within the first epoch, and the loss was enormous on the way. A step too large killed or saturated its units
    (a REINFORCE bandit policy at Adam 1: its first epoch's mean 62,059, then 9.8 falling to 0.64 as its value baseline
    learned, while the policy's expected regret held out was 0.458506 at all 7 epochs, a fixed arm; at 3e-3 it ends at
    0.11, fresh25). ``epochs_frozen`` reads the training loss frozen too; without the first epoch's blow-up a held-out
    loss frozen from the start is an output detached from the weights or an init, not the lr's. The advice is
    ``epochs_frozen``'s."""
    if not read_per_epoch(s) or s.level.size < FIRST_EPOCHS:
        return None
    v_steps, v, v_log = s.val_level
    if not v_log or v.size <= MIN_FROZEN_EVALS or frozen_tail(v) < v.size:
        return None  # the held-out loss moved (or was not logged every epoch long enough to say)
    y = s.level
    if float(y[0] - y[1]) < EPOCH_BLOWUP:
        return None  # no blow-up in the first epoch: frozen by something else than the steps
    lr, advice = divided_at(s, p, s.steps[0], "at which the model's outputs froze")
    return Hit(
        step_start=int(s.steps[0]),
        step_end=s.last_step,
        message=(f"The model froze in its first epoch: the validation loss is {float(np.exp(v[-1])):.6g} at every one of "
                 f"the {v.size} evaluations, to within {FROZEN_SPREAD:.0e} in log-loss, while the first epoch's mean "
                 f"training loss was {s.to_loss(float(y[0])):.4g}, {exp_factor(float(y[0] - y[1])):.3g}x the second's. A "
                 "model scores a fixed held-out set the same each time only when its outputs no longer follow its weights: "
                 "steps too large in the first epoch killed or saturated its units."),
        evidence={"frozen_evals": float(v.size), "val_loss": float(np.exp(v[-1])),
                  "first_epoch_loss": s.to_loss(float(y[0])), "second_epoch_loss": s.to_loss(float(y[1])), "lr": lr},
        suggestion=lower_by_chance_divisor(advice) + ", and check for dead or saturated units.",
        lr=advice,
        explains=("plateau", "dead-units", "overfitting"),
        fix=chance_divisor_fix(advice),
    )


def epochs_first_blown(s: Signals, p: Params) -> Hit | None:
    """A log of one row per epoch whose first epoch's mean loss stood ``EPOCH_FIRST_BLOWN`` or more above the second's:
    the loss blew up by orders of magnitude inside the first epoch, whatever it did after (a conditional VAE at Adam
    0.3: epoch means 4.7e15, 6,883, 611, 305; at a hundredth of that lr it ends 12x lower)."""
    if not read_per_epoch(s) or s.level.size < FIRST_EPOCHS + 1:
        return None
    if not np.array_equal(s.steps[:FIRST_EPOCHS], s.all_steps[:FIRST_EPOCHS]):
        return None  # the first or the second epoch's loss is not finite: they are not the two compared
    y = s.level
    if float(y[0] - y[1]) < EPOCH_FIRST_BLOWN:
        return None
    lr, advice = divided_at(s, p, s.steps[0], "at which the loss blew up in the first epoch", divisor=AT_CHANCE_DIVISOR)
    return Hit(
        step_start=int(s.steps[0]),
        step_end=int(s.steps[1]),
        message=(f"The loss blew up in the first epoch: its mean loss was {s.to_loss(float(y[0])):.4g}, "
                 f"{exp_factor(float(y[0] - y[1])):.3g}x the second epoch's ({s.to_loss(float(y[1])):.4g}). For its mean to "
                 "stand that high the loss went orders of magnitude above where it then sat, and no initialisation starts "
                 "that far above it: steps too large threw the weights in the first epoch."),
        evidence={"first_epoch_loss": s.to_loss(float(y[0])), "second_epoch_loss": s.to_loss(float(y[1])),
                  "factor": exp_factor(float(y[0] - y[1])), "lr": lr},
        suggestion=lower_by_chance_divisor(advice) + ".",
        lr=advice,
        explains=explained_by_lr(s),
        fix=chance_divisor_fix(advice),
    )


def epochs_jump(s: Signals, p: Params) -> Hit | None:
    """A log of one row per epoch whose training loss, an epoch's mean, jumped ``EPOCH_JUMP`` above the epoch before
    it in ``MIN_EPOCH_JUMPS`` epochs or more (or ``EPOCH_BLOWUP`` in one), the validation loss rising at each (when
    logged), at an lr that did not rise there: the loss blew up inside those epochs, whatever it did after."""
    if not read_per_epoch(s):
        return None
    y = s.level
    v_steps, v, v_log = s.val_level
    jumps = []
    for i in np.flatnonzero(np.diff(y) >= EPOCH_JUMP) + 1:
        step, before = int(s.steps[i]), int(s.steps[i - 1])
        if s.to_loss(float(y[i])) - s.to_loss(float(y[i - 1])) < EPOCH_JUMP_START_SHARE * s.to_loss(float(y[0])):
            continue  # a jump near zero: a memorising model's batches, not a loss blowing up
        if s.has_lr and s.lr_at(step) > SAME_LR * s.lr_at(before):
            continue  # the schedule raised the lr there (a restart, a cycle): its turn is the ramp readings'
        now, prev = v[v_steps == step], v[v_steps == before]
        if v_log and v.size and not (now.size and prev.size and float(now[0]) > float(prev[0])):
            continue  # the held-out loss did not rise with it
        jumps.append(i)
    if len(jumps) < MIN_EPOCH_JUMPS and not any(float(y[i] - y[i - 1]) >= EPOCH_BLOWUP for i in jumps):
        return None
    first = jumps[0]
    lr = s.lr_at(s.steps[first - 1]) if s.has_lr else float("nan")
    advice, extra = lower_lr(s, lr, "the loss jumped", divisor=p.blowup_divisor)  # blow-ups inside epochs: a blow-up's cut
    sizes = ", ".join(f"x{exp_factor(float(y[i] - y[i - 1])):.2g} in epoch {int(s.steps[i])}" for i in jumps)
    return Hit(
        step_start=int(s.steps[first - 1]),
        step_end=int(s.steps[jumps[-1]]),
        message=(f"The training loss's epoch mean jumped up {'once' if len(jumps) == 1 else f'{len(jumps)} times'} ({sizes})"
                 + (", the validation loss with it" if v.size else "")
                 + ": a healthy run's epoch means fall nearly every epoch; means that jump are a loss blowing up inside "
                 "those epochs, steps too large for the model to settle."),
        evidence={"jumps": float(len(jumps)), "largest_jump": exp_factor(float(max(y[i] - y[i - 1] for i in jumps))),
                  "lr": lr, **extra},
        suggestion=("Lower the lr to about {lr}" if advice else f"Lower the lr about {p.blowup_divisor:g}x") + ".",
        fix={} if advice else {"lr_factor": 1.0 / p.blowup_divisor},
        lr=advice,
        explains=explained_by_lr(s),
    )


def epochs_climb(s: Signals, p: Params) -> Hit | None:
    """A log of one row per epoch whose training loss, an epoch's mean, climbed for ``MIN_CLIMB_EPOCHS`` epochs or
    more after its best to end ``min_rise`` above it (and ``CLIMB_NOISES`` of its epoch-to-epoch noise, and
    ``CLIMB_START_SHARE`` of the first epoch's loss in the loss's own units), the validation
    loss, when logged, ending above its own best too, and above where it was at the training loss's best epoch (beyond
    its noise): an MLP overfitting 256 rows at Adam 0.01, 150 epochs logged, its noisy epoch mean 2.87 at epoch 145 and
    3.58 at the last while its validation loss fell 8.8 -> 5.7, was told "the validation loss with it" and a third of its
    lr, 60% worse (its grid's best lr 3x higher). Memorising lowers the training loss; an epoch mean that keeps
    rising is a step size the model cannot settle at. Read where ``divergence`` found nothing: its rank test needs 30
    points or more, more epochs than most per-epoch logs have."""
    if not read_per_epoch(s):
        return None
    y = s.level
    best = int(np.argmin(y))
    climb = float(y[-1] - y[best])
    if y.size - 1 - best < MIN_CLIMB_EPOCHS or climb < max(p.min_rise, CLIMB_NOISES * s.noise):
        return None
    if float(y[-1]) < float(y[best + 1 :].max()) - s.noise:
        return None  # it climbed and came back down: no climb to the end
    if s.to_loss(float(y[-1])) - s.to_loss(float(y[best])) < CLIMB_START_SHARE * s.to_loss(float(y[0])):
        return None  # a climb near zero: a memorising model's batches, not a step size it cannot settle at
    v_steps, v, v_log = s.val_level
    if v_log and v.size and float(v[-1]) <= float(v.min()) + eval_noise(v):
        return None  # the held-out loss ends at its best
    at_best = v[v_steps <= s.steps[best]]
    if at_best.size and float(v[-1]) <= float(at_best[-1]) + eval_noise(v):
        return None  # the held-out loss did not climb with it: the batches' noise, not a step size
    lr = s.lr_at(s.steps[best]) if s.has_lr else float("nan")
    advice, extra = lower_lr(s, lr, "the loss climbed")
    return Hit(
        step_start=int(s.steps[best]),
        step_end=s.last_step,
        message=(f"The training loss climbed: its epoch mean was lowest ({s.to_loss(float(y[best])):.4g}) in epoch "
                 f"{int(s.steps[best])} and rose to {s.to_loss(float(y[-1])):.4g} by the last (x{exp_factor(climb):.2g}, "
                 f"{y.size - 1 - best} epochs)" + (", the validation loss with it" if v.size else "")
                 + ". Memorising lowers the training loss; an epoch mean that keeps rising is a step size the model "
                 "cannot settle at."),
        evidence={"best_epoch_loss": s.to_loss(float(y[best])), "last_epoch_loss": s.to_loss(float(y[-1])),
                  "epochs_after_best": float(y.size - 1 - best), "lr": lr, **extra},
        suggestion=("Lower the lr to about {lr}" if advice else f"Lower the lr {LR_DIVISOR:g}-10x")
        + f"; the best weights were around epoch {int(s.steps[best])}.",
        fix={"early_stop_step": int(s.steps[best]), **({} if advice else {"lr_factor": 1.0 / LR_DIVISOR})},
        lr=advice,
        explains=("overfitting", "plateau"),
    )


def ramp_turn(s: Signals, p: Params) -> Hit | None:
    """On an lr ramp (a warmup, the rising half of a cycle, a growing schedule) the smoothed loss reached
    a minimum and then climbed while the lr kept rising or stayed near its top: the lr at the minimum is
    about the largest this model tolerates, as in a range test. The climb must be ``min_rise``, a
    ``min_rise_frac`` share of the descent before it, and well above the noise. A loss that goes below 0 is read as it
    is (a negative log-likelihood in nats: its climb and descent are differences, ``min_rise`` nats); one that sits at
    exactly 0 (batches memorised: a fastText at a cyclic peak of 1) is left to ``cycles_climb``'s reading."""
    if not s.log_scale and not bool((s.loss < 0).any()):
        return None
    for ramp in s.lr_ramps:
        window = s.smooth[ramp.start : ramp.hold + 1]
        if window.size < MIN_EARLY_POINTS:
            continue
        if ramp.start > 0 and ramp.lr_end <= SAME_LR * float(np.nanmax(s.lr_reduced[: ramp.start])):
            continue  # a cycle back up to an lr the run handled before: its bump is the schedule's design
        i_min, i_top, climb, noise = ramp_climb(s, ramp)
        after = s.smooth[i_min : ramp.hold + 1]
        descent = max(s.initial_level - float(s.smooth[i_min]), 0.0)
        step_turn, step_top = int(s.ts[i_min]), int(s.ts[i_top])
        rise = held_out_rise(s, step_turn, step_top, float(s.ts[ramp.hold]))
        growing = ramp.end >= s.ts.size - 1 and s.lr_growth_cause(step_top) is not None
        if not climbed(s, p, climb, descent, rise, growing, noise) or i_top - i_min < MIN_CLIMB_POINTS:
            continue
        if rise is not None and rise <= eval_noise(s.val_level[1]):
            continue  # the model got no worse on held-out data across the climb: the batches' noise, not the lr
        if recovered_below_turn(s, step_turn):
            continue  # the climb did no lasting harm: the schedule brought the lr down and the model ended at its best
        turn_lr, top_lr = float(s.lr_reduced[i_min]), float(s.lr_reduced[i_top])
        growth = s.lr_growth_cause(step_top)
        advice = LrAdvice(turn_lr / p.ramp_divisor, f"1/{p.ramp_divisor:g} of the lr {turn_lr:.2g} at which the loss turned "
                          f"upward as the lr rose", RAMP_TURN, failed_lr=top_lr)
        advice = ratios_aimed_if_lower(s, advice, int(s.ts[ramp.start]), step_turn, top_lr)
        if descent < NO_DESCENT_NOISES * noise:
            advice = first_step_aimed_if_lower(s, advice, step_turn, top_lr)
        hold_fix, hold_words = held_lr(ramp_warmup(s, ramp, advice.lr, float(s.smooth[i_min]))) if growing else ({}, "")
        return Hit(
            step_start=step_turn,
            step_end=step_top,
            message=(f"The loss turned upward as the lr rose: it was lowest ({s.to_loss(float(s.smooth[i_min])):.4g}) at step "
                     f"{step_turn}, lr {turn_lr:.3g}, then climbed {rise_text(s.log_scale, climb)} to {s.to_loss(float(after.max())):.4g} "
                     f"by step {step_top} as the lr reached {top_lr:.3g}" + (f" ({growth})" if growth else "")
                     + ": past about lr " + f"{turn_lr:.2g} the steps are too large for this model."),
            evidence={"turn_lr": turn_lr, "top_lr": top_lr, "climb": climb, "descent_before": descent,
                      "loss_at_turn": s.to_loss(float(s.smooth[i_min])), "loss_at_top": s.to_loss(float(after.max()))},
            suggestion=("Stop the lr from growing: hold it constant at about {lr}, below where the loss turned upward"
                        + hold_words + "." if growing
                        else "Lower the peak lr to about {lr}, below where the loss turned upward."),
            # a schedule that grows the lr to the end: lowering its peak keeps the growth, and most of the run at an lr
            # far below the turn (a separator under ExponentialLR(gamma=1.02) per batch, its peak lowered to a third of
            # the turn, ended 43% worse than it; its constant lr, the counterfactual, 43% better)
            fix=hold_fix,
            lr=advice,
            # past the turn the growing lr also kills units: the lr is the fault, not the activation; and a schedule that
            # grows the lr grows the steps and the gradients with them: clipping them leaves the cause (three runs under
            # ExponentialLR(gamma=1.01) per batch, retrained with the clipping advised: one better, one unchanged, one worse)
            explains=("missing-warmup", "plateau", "lr-too-low", "dead-units") + (("exploding-gradients",) if growth else ())
            + (("overfitting",) if held_out_best_by(s, step_top) else ()),
        )
    return None


def growth_stalled(s: Signals, p: Params) -> Hit | None:
    """Under a schedule that grows the lr to the end of the run, the loss had descended (``CLIMB_NOISES`` noise units)
    and then gained less than ``STALL_GAIN_SHARE`` of that descent while the lr grew its last ``STALL_GROWTH`` times:
    every step of that growth was wasted, and nothing will bring the lr back down. The lr at which the loss first came
    down to the level it then sat at is read as a ramp's turn (over ``ramp_divisor``, or the update ratios on the way
    scaled into the band when lower), held constant: read off the stall's level, not off the lowest point before it (a
    minimum of a noisy smoothed loss, which moved from step 52 to 109 as the DIN's log was thinned to every third row).
    A validation loss that fell significantly over the stretch (``held_out_fell_since``) says the growth still bought
    progress the batches' noise hides."""
    ramps = s.lr_ramps
    growth = s.lr_growth_cause(s.last_step)
    if len(ramps) != 1 or growth is None or ramps[-1].end < s.ts.size - 1:
        return None  # one ramp to the end: a cyclic schedule logged up to a peak rises and falls by design
    ramp, lr = ramps[-1], s.lr_reduced
    if not ramp.lr_end >= STALL_GROWTH * ramp.lr_start:
        return None
    i_stall = ramp.start + int(np.argmax(lr[ramp.start :] >= ramp.lr_end / STALL_GROWTH))
    if i_stall < MIN_EARLY_POINTS or s.ts.size - i_stall < EVAL_HALVES * MIN_EARLY_POINTS:
        return None
    i_best = int(np.argmin(s.smooth[: i_stall + 1]))
    best, level = float(s.smooth[i_best]), float(np.median(s.smooth[(i_stall + s.ts.size) // EVAL_HALVES :]))
    descent = s.initial_level - best
    if descent < CLIMB_NOISES * s.smooth_noise_at(i_best) or best - level >= STALL_GAIN_SHARE * descent:
        return None
    if held_out_fell_since(s, float(s.ts[i_stall])):
        return None  # the held-out loss kept falling through the growth: the batches' noise hides the progress
    i_turn = int(np.argmax(s.smooth[: i_stall + 1] <= max(level, best)))  # where it first came down to where it sat
    step_turn, turn_lr, top_lr = int(s.ts[i_turn]), float(lr[i_turn]), float(lr[-1])
    advice = LrAdvice(turn_lr / p.ramp_divisor, f"1/{p.ramp_divisor:g} of the lr {turn_lr:.2g} at which the loss came down "
                      "to the level it then stalled at as the lr grew", RAMP_TURN, failed_lr=top_lr)
    advice = ratios_aimed_if_lower(s, advice, int(s.ts[ramp.start]), step_turn, top_lr)
    hold_fix, hold_words = held_lr(ramp_warmup(s, ramp, advice.lr, best))
    return Hit(
        step_start=step_turn,
        step_end=s.last_step,
        message=(f"The loss stopped improving as the lr grew ({growth}): by step {step_turn}, lr {turn_lr:.3g}, it had "
                 f"come down to {s.to_loss(float(s.smooth[i_turn])):.4g} from "
                 f"{s.to_loss(s.initial_level):.4g}, and while the lr grew {ramp.lr_end / float(lr[i_stall]):.3g}x more to "
                 f"{top_lr:.3g} it sat around {s.to_loss(level):.4g}: the larger steps bought nothing."),
        evidence={"turn_lr": turn_lr, "top_lr": top_lr, "descent_before": descent, "gain_while_growing": best - level,
                  "loss_at_turn": s.to_loss(float(s.smooth[i_turn])), "loss_at_end": s.to_loss(level)},
        suggestion="Stop the lr from growing: hold it constant at about {lr}, where the loss was still improving"
        + hold_words + ".",
        fix=hold_fix,
        lr=advice,
        explains=("missing-warmup", "plateau", "lr-too-low", "dead-units", "exploding-gradients"),
    )


WARMUP_DESCENT_SHARE = 0.5
"""A schedule's climb to the lr to be held was the run's warmup (``ramp_warmup``) while the loss had made less than this
share of its descent (to its lowest point before the lr grew too large) by the time the lr got there."""


def ramp_warmup(s: Signals, ramp: Ramp, lr: float | None, best_level: float) -> int | None:
    """The steps a schedule that grew the lr took to bring it from its start up to ``lr``, the lr to be held instead, when
    the model was still getting going on the way (the smoothed loss short of ``WARMUP_DESCENT_SHARE`` of its descent to
    ``best_level``): held from the first step, that lr skips the climb the model started to learn on, and the climb was its
    warmup. A bilinear-pooling CNN under ExponentialLR(gamma=1.02) per batch from Adam 3e-3, at ln 4 until the lr passed
    0.009, told to hold 0.013: retrained so, stuck at chance at one seed of two (1.39 and 0.99, against 0.31 for its
    constant 3e-3); with a warmup over the 73 steps its lr took to get there, 0.40 and 0.30. Over the 19 tuning runs
    under a growing lr given a held lr, retrained at two seeds with and without that warmup: of the 11 whose loss had made
    less than half its descent when the lr got there, six gained with it (a VoVNet-like CNN 0.84 -> 0.41 at one seed, an
    attention MIL model 0.69 -> 0.40), three moved within noise, a mixture of experts lost 5% and an EGNN at an lr too
    large either way diverged at both seeds instead of one; of the 8 past half, three lost with it (a Koopman autoencoder
    +45%, an FSMN +11%, a DnCNN +3%: a model that learned most of what it did on the climb does not need it again), the
    others moved within noise. None when the lr started at or above ``lr``, or for a per-epoch log, whose steps are
    epochs."""
    if lr is None or s.meta.get("step_is_epoch") is True:
        return None
    lrs = s.lr_reduced[ramp.start : ramp.end + 1]
    there = lrs >= lr
    reach = int(np.argmax(there)) if there.any() else lrs.size - 1
    steps = int(s.ts[ramp.start + reach] - s.ts[ramp.start])
    descent = s.initial_level - best_level
    made = s.initial_level - float(s.smooth[ramp.start + reach])
    if not descent > 0 or made >= WARMUP_DESCENT_SHARE * descent:
        return None
    return steps if steps > 0 else None


def held_lr(warmup: int | None) -> tuple[dict[str, Any], str]:
    """The fix of an lr held instead of a growing schedule, after ``ramp_warmup``'s warmup when there is one, and the
    words the suggestion adds for that warmup."""
    if not warmup:
        return {"schedule": "constant"}, ""
    return ({"schedule": "constant", "warmup_steps": warmup},
            f", after a warmup over the first {warmup} steps (as long as the schedule took to raise the lr that far)")


def lower_advice(advice: LrAdvice, aimed: LrAdvice | None) -> LrAdvice:
    """``aimed`` when it names an lr lower than ``advice``'s, else ``advice``."""
    if aimed is not None and aimed.lr is not None and advice.lr is not None and aimed.lr < advice.lr:
        return aimed
    return advice


def ratios_aimed_if_lower(s: Signals, advice: LrAdvice, step_start: int, step_turn: int, top_lr: float) -> LrAdvice:
    """``advice`` (the lr at a ramp's turn over ``ramp_divisor``), or ``ramp_ratios_aimed``'s when that is lower."""
    return lower_advice(advice, ramp_ratios_aimed(s, step_start, step_turn, top_lr))


def first_step_aimed_if_lower(s: Signals, advice: LrAdvice, step_turn: int, top_lr: float) -> LrAdvice:
    """``advice``, or ``warmup_ratios_aimed``'s (the ramp's first step aimed at the top of the family's band) when that is
    lower, for a ramp whose loss turned upward before it had come down beyond its noise (less than ``NO_DESCENT_NOISES``
    noise units below where it started): no lr on the way was shown to train, so the lr at the turn is no edge, and the ratios
    on the way, taken against weights the too-large steps had already inflated, understate the steps. A Volterra-like
    identifier warmed up linearly to NAdam 1 spiked from lr 0.125 on, its weights' norm 4 -> 50 by the ramp's top, its
    loss lowest at 0.975 (from 1.04) at lr 0.82: told 0.19 (the ratios on the way, 0.069 at a median lr 0.42, scaled into
    the band), 64x its grid's best (0.03); its first step, 0.18 of the weights at lr 0.025, aims at 0.004 (fresh116)."""
    return lower_advice(advice, warmup_ratios_aimed(s, step_turn, top_lr))


def ramp_ratios_aimed(s: Signals, step_start: int, step_turn: int, top_lr: float) -> LrAdvice | None:
    """The lr that puts the update ratios logged on an lr ramp up to its turn at the top of the family's band, when
    their median sat above it (``MIN_RAMP_RATIOS`` of them or more): their median lr scaled by the band's top over their
    median ratio, as ``lower_lr`` aims a run's lr. Steps already beyond the band before the loss turned say the turn
    came late: a ConvNeXt warmed up to AdamW 0.3 turned at lr 0.071 with ratios of 0.06-0.09 on the way (the Adam band's
    top 0.03); a third of the turn, 0.024, retrained 21x its grid's best, which sits at 0.0095 before a cliff at 0.03
    (fresh22)."""
    steps, ratios = s.column("update_ratio")
    on = (steps >= step_start) & (steps <= step_turn)
    if int(on.sum()) < MIN_RAMP_RATIOS:
        return None
    median, high = float(np.median(ratios[on])), s.update_band[1]
    if not median > high:
        return None
    lr = float(np.median(s.lrs_at(steps[on])))
    return LrAdvice(lr * high / median, f"the median update-to-weight ratio {median:.2g} on the ramp before the loss turned "
                    f"(at a median lr {lr:.2g}) scaled to the top of the {family_label(s.optimizer_family)} band ({high:g})",
                    UPDATE_BAND, failed_lr=top_lr)


def held_out_rise(s: Signals, step_turn: int, step_top: int, step_hold: float) -> float | None:
    """How far the validation loss rose across a climb on a ramp (log-loss): from its best evaluation before the climb's
    top to its first after it while the lr was still near the ramp's top; None without evaluations on both sides, or,
    on the run's only ramp (a warmup, a growing schedule), without one by the climb's turn: evaluated only after the
    turn, the held-out loss has no word on the climb (a point process warmed up to AdamW 1 collapsed from 0.19 to 2.3
    nats by step 20, its first evaluation at step 40: read from there to step 80, the held-out loss "did not rise"; a
    cyclic schedule's later cycles give it its word, which ``cycles_climb`` reads). No rise
    beyond its noise is a climb of the batch losses the held-out loss did not share (a neural additive model warmed up to
    Adam 0.01: its noisy batch BCE climbed x1.17 past the warmup while its validation loss went 0.521 -> 0.518, and fell
    on to the end; a third of the lr changed nothing)."""
    steps, v, _ = s.val_level
    before, after = v[steps < step_top], v[(steps >= step_top) & (steps <= step_hold)]
    if not before.size or not after.size or (len(s.lr_ramps) == 1 and not steps[0] <= step_turn):
        return None
    return float(after[0]) - float(before.min())


def recovered_below_turn(s: Signals, step_turn: int) -> bool:
    """Whether the validation loss, evaluated ``MIN_EVALS_RECOVERED`` times or more, ended at its best (within the noise
    of its later half, or ``NEAR_BEST_RATIO`` of it) and below its last evaluation at or before the turn (by more than
    that noise): a climb at the top of a one-cycle ramp that the decay after it undid, the model better at the end than
    where the loss turned (a Deep SVDD under Nesterov one-cycle to a peak of 1, healthy: its distance 0.0016 at the turn,
    x3.7 on the climb, its held-out distance 0.0018 before it and 0.00098 at the end, its best; told a third of the lr
    at the turn, 0.11, it retrained 32% worse; fresh25)."""
    steps, v, log_scale = s.val_level
    before = v[steps <= step_turn]
    if v.size < MIN_EVALS_RECOVERED or not before.size:
        return False
    settled = v[v.size // EVAL_HALVES :]  # the noise of the evaluations after the climb: the climb's own is no noise
    noise = eval_noise(settled)
    near = max(noise, float(np.log(NEAR_BEST_RATIO))) if log_scale else noise
    return bool(float(v[-1]) <= float(v.min()) + near and float(v[-1]) < float(before[-1]) - noise)


def climbed(s: Signals, p: Params, climb: float, descent: float, rise: float | None, growing: bool, noise: float) -> bool:
    """Whether a climb on a ramp is one: ``min_rise``, a ``min_rise_frac`` share of the descent before it and
    ``CLIMB_NOISES`` of the smoothed level's noise; or a smaller climb that gave back ``GIVEBACK_SHARE`` of the descent
    and is at least ``GIVEBACK_RISE_SHARE`` of ``min_rise``, which the validation loss shared (``rise``, its rise across
    the climb by ``held_out_rise``: ``STEADY_NOISES`` of its noise units and ``MIN_STEADY_BAND`` or more). A tiny GPT
    warmed up to AdamW 0.3, its loss 1.64 -> 1.16 and back up x1.16 as the lr rose, its validation loss 1.155 -> 1.40,
    ended at 1.25 where a peak of 0.01 ends at 0.84. Without the held-out loss's word a climb that small is too often the
    batches' noise (a healthy cyclic NAM stretched to 1M steps climbed x1.1 on its first ramp, half of a descent its
    stretched start made small).

    ``growing``: the ramp is a schedule that grows the lr to the end of the run (an ExponentialLR with gamma > 1, not a
    warmup to a peak it then holds or decays from). There a climb of ``min_rise`` and ``CLIMB_NOISES`` noise units that
    the validation loss shared counts whatever the descent before it: the lr only grows from the turn on, so nothing
    will bring the loss back down (a separator under NAdam with gamma 1.02 per batch, its negative SI-SNR -9.2 dB at
    lr 0.05 and up 3.3 dB by the end at lr 2.7, its validation loss up 2.4 dB from its best, was read against a
    descent of 25 dB from an untrained model's +23.6 and told nothing; the constant lr ends 1.3-1.9 dB lower).

    ``noise``: the standard error of the climb's ends (``ramp_climb``'s, from ``Signals.smooth_noise_at``). A
    turn at the run's first point is one batch's loss, not a level: a healthy log-normal MLP under a triangular2 cycle
    at SGD-momentum, its first batch's negative log-likelihood a low draw (1.72, the next twelve 1.67-3.03), read as a
    climb of x1.3 "as the lr rose" from step 1, was told a third of its base lr and retrained 55% worse (fresh54)."""
    if climb >= max(p.min_rise, p.min_rise_frac * descent, CLIMB_NOISES * noise):
        return True
    _, v, _ = s.val_level
    confirmed = rise is not None and rise >= held_out_band(v)
    if confirmed and growing and climb >= max(p.min_rise, CLIMB_NOISES * noise):
        return True
    return confirmed and climb >= max(GIVEBACK_RISE_SHARE * p.min_rise, GIVEBACK_SHARE * descent)


def ramp_climb(s: Signals, ramp: Ramp) -> tuple[int, int, float, float]:
    """(position of the smoothed loss's minimum on a ramp, position of its top after that while the lr is near the
    ramp's top, the climb between them in log-loss, the standard error of the level at those two points: larger at the
    run's ends, where the smoother's window shrinks, ``Signals.smooth_noise_at``)."""
    i_min = ramp.start + int(np.argmin(s.smooth[ramp.start : ramp.end + 1]))
    after = s.smooth[i_min : ramp.hold + 1]
    i_top = i_min + int(np.argmax(after))
    noise = max(s.smooth_noise_at(i_min), s.smooth_noise_at(i_top))
    return i_min, i_top, float(after.max()) - float(s.smooth[i_min]), noise


def held_out_best_by(s: Signals, step: int) -> bool:
    """Whether the validation loss, evaluated ``MIN_EARLY_EVALS`` times or more, was at its best by ``step`` (the top of
    a ramp the training loss climbed on): a held-out loss that turned upward while the lr still rose turned with the
    training loss, the lr's doing, not memorising (a mixture of experts warmed up to 0.3, its validation loss lowest at
    step 80 of a climb to step 134: read as overfitting too, whose early stop ends 7x worse than the lr advised)."""
    steps, v, _ = s.val_level
    return bool(v.size >= MIN_EARLY_EVALS and steps[int(np.argmin(v))] <= step)


def cycles_climb(s: Signals, p: Params) -> Hit | None:
    """A cyclic schedule whose peak is too high: in ``MIN_CYCLES`` or more of its rising halves the smoothed loss
    climbed (by ``CLIMB_NOISES`` of its noise and ``min_rise_frac`` of the descent before it) as the lr rose to the
    same peak, and across the cycles the run lost ground: its last cycle's lowest loss is a noise unit or more above
    an earlier cycle's, or the validation loss ends ``STEADY_NOISES`` of its noise (and ``MIN_STEADY_BAND``) above its
    best (a fastText at Adam peaking at 1 memorised its batches, its training loss at 0 in every trough, while its
    validation loss went 0.44 -> 2.66; a peak of 0.01 ends at 0.19); the validation loss, when evaluated, ends above its
    best either way. ``ramp_turn`` reads one ramp and takes a later cycle's bump as the schedule's design; a healthy
    cyclic run's troughs keep falling from cycle to cycle, and its validation loss with them. A loss with zeros or
    negative values is read in its own units.
    The advice: the median lr at which the climbs began, over ``ramp_divisor``."""
    ramps = [r for r in s.lr_ramps if r.lr_end >= s.lr_max / SAME_LR and r.hold - r.start + 1 >= MIN_EARLY_POINTS]
    if len(ramps) < MIN_CYCLES:
        return None
    climbs = []
    for ramp in ramps:
        i_min, i_top, climb, noise = ramp_climb(s, ramp)
        descent = max(s.initial_level - float(s.smooth[i_min]), 0.0)
        if climb >= max(p.min_rise_frac * descent, CLIMB_NOISES * noise) and i_top - i_min >= MIN_CLIMB_POINTS:
            climbs.append((i_min, i_top, climb))
    if len(climbs) < MIN_CYCLES or len(climbs) + len(climbs) < len(ramps):  # in half the cycles or more
        return None
    starts = [r.start for r in ramps[1:]] + [s.smooth.size]
    troughs = [float(s.smooth[a:b].min()) for a, b in zip([0, *starts[:-1]], starts)]
    _, v, _ = s.val_level
    evaluated = v.size >= MIN_EARLY_EVALS
    if evaluated and float(np.median(v[-END_EVALS:])) <= float(v.min()) + eval_noise(v):
        return None  # the held-out loss ends at its best: the bumps cost nothing (a CLIP-style dual encoder under cyclic
        # NAdam to a peak of 1, 300x its grid's best, climbed x1.6-2.7 in three of four cycles and ended at its best:
        # missed, left so: a healthy VQ-VAE under cyclic RMSprop climbs x1.8 in two, its held-out loss swinging as much
        # and its update ratios at the peaks as high, 0.06; fresh25)
    held_out_lost = evaluated and float(np.median(v[-END_EVALS:])) - float(v.min()) >= held_out_band(v)
    troughs_lost = troughs[-1] >= min(troughs[:-1]) + s.smooth_noise
    if not (troughs_lost or held_out_lost):
        return None  # the last cycle went about as low as any before it, or lower: the cycles make progress or hold it
    turn_lr = float(np.median([s.lr_reduced[i] for i, _, _ in climbs]))
    _, i_worst, largest = max(climbs, key=lambda c: c[-1])
    advice = LrAdvice(turn_lr / p.ramp_divisor, f"1/{p.ramp_divisor:g} of the median lr {turn_lr:.2g} at which the loss "
                      "turned upward as the lr rose in each cycle", RAMP_TURN, failed_lr=s.lr_max)
    return Hit(
        step_start=int(s.ts[climbs[0][0]]),
        step_end=s.last_step,
        message=(f"The loss climbed as the lr rose to its peak {s.lr_max:.3g} in {len(climbs)} of {len(ramps)} cycles (up to "
                 + (f"x{exp_factor(largest):.2g}" if s.log_scale else f"+{largest:.3g}")
                 + f", by step {int(s.ts[i_worst])}), and across the cycles it lost ground: "
                 + (f"the last cycle's lowest loss ({s.to_loss(troughs[-1]):.4g}) is above an earlier one's "
                    f"({s.to_loss(min(troughs[:-1])):.4g})" if troughs_lost else
                    f"the validation loss ended at {float(np.median(s.val_finite[1][-END_EVALS:])):.4g}, up from its best "
                    f"{float(s.val_finite[1].min()):.4g}")
                 + ": the peak of the cycle is too high for this model."),
        evidence={"cycles": float(len(ramps)), "climbing_cycles": float(len(climbs)), "turn_lr": turn_lr,
                  "peak_lr": s.lr_max, "largest_climb": largest, "last_trough": s.to_loss(troughs[-1]),
                  "best_earlier_trough": s.to_loss(min(troughs[:-1]))},
        suggestion="Lower the cycle's peak lr to about {lr}, below where the loss turned upward.",
        lr=advice,
        explains=("missing-warmup", "plateau", "lr-too-low", "dead-units") + (("overfitting",) if held_out_lost else ()),
    )


def ramp_turn_in_evals(s: Signals, p: Params) -> Hit | None:
    """The same turn read off the validation loss, for a log whose training loss is too sparse to show it
    (a fine-tune logged a handful of times, evaluated often): the validation loss was lowest while the
    lr still rose to its peak and then climbed while the lr stayed near its top."""
    lr_steps, lr = s.column("lr")
    steps, v, log_scale = s.val_level
    if lr.size < MIN_LR_POINTS or steps.size < MIN_EARLY_POINTS or not log_scale:
        return None
    if s.ys.size >= SPARSE_TRAIN_POINTS:
        return None  # the training loss is dense enough: ramp_turn reads it
    i_peak = int(np.argmax(lr))
    if i_peak == 0 or lr[i_peak] < RAMP_FACTOR * lr[0]:
        return None  # no ramp up to the peak
    peak_step = int(lr_steps[i_peak])
    lr_at = np.array([lr[max(int(np.searchsorted(lr_steps, step, side="right")) - 1, 0)] for step in steps])
    on_ramp = np.flatnonzero(steps <= peak_step)
    if on_ramp.size < MIN_CLIMB_POINTS:
        return None
    i_min = int(on_ramp[np.argmin(v[on_ramp])])
    near_top = np.flatnonzero((np.arange(steps.size) > i_min) & (lr_at >= lr[i_peak] / STEADY_LR))
    if near_top.size < MIN_CLIMB_POINTS:
        return None
    i_top = int(near_top[np.argmax(v[near_top])])
    climb = float(v[i_top] - v[i_min])
    descent = max(float(v[0] - v[i_min]), 0.0)
    if climb < max(p.min_rise, p.min_rise_frac * descent, CLIMB_NOISES * eval_noise(v)):
        return None
    turn_lr, top_lr = float(lr_at[i_min]), float(lr_at[i_top])
    advice = LrAdvice(turn_lr / p.ramp_divisor, f"1/{p.ramp_divisor:g} of the lr {turn_lr:.2g} at which the validation "
                      "loss turned upward as the lr rose", RAMP_TURN, failed_lr=top_lr)
    raw = np.exp(v)
    return Hit(
        step_start=int(steps[i_min]),
        step_end=int(steps[i_top]),
        message=(f"The validation loss turned upward as the lr rose: it was lowest ({raw[i_min]:.4g}) at step "
                 f"{int(steps[i_min])}, lr {turn_lr:.3g}, then climbed x{exp_factor(climb):.2g} to {raw[i_top]:.4g} by step "
                 f"{int(steps[i_top])} with the lr near its peak {top_lr:.3g} (the training loss is logged too sparsely "
                 "to show it): past about lr " + f"{turn_lr:.2g} the steps are too large for this model."),
        evidence={"turn_lr": turn_lr, "top_lr": top_lr, "climb": climb, "val_at_turn": float(raw[i_min]),
                  "val_at_top": float(raw[i_top])},
        suggestion="Lower the peak lr to about {lr}, below where the validation loss turned upward.",
        lr=advice,
        explains=("overfitting", "missing-warmup", "plateau"),
    )


RISE_WINDOW_SHARE = 0.1
"""``training_rose`` compares the training loss over this share of the run's steps either side of the best evaluation
with the same share at the end."""


def training_rose(s: Signals, best_step: int) -> bool:
    """Whether the median training loss over the last ``RISE_WINDOW_SHARE`` of the run stands above its median around
    ``best_step`` (as far either side): the training loss rose with the validation loss, read on the raw losses of two
    stretches of steps whatever the run's length (two points of the smoothed level move with its window: a QRNN resumed
    with its optimizer state at a constant Adam 0.01, its validation loss 0.776 -> 0.820, its training loss 8% lower at
    the end than around the best evaluation, read x1.001 between two smoothed points, and x1.01 stretched to 1,000,000
    steps; told "both losses climbed" and a third of its lr, where its grid's best lr is 3x higher, fresh45)."""
    width = RISE_WINDOW_SHARE * s.span_steps
    around = s.loss[(s.steps >= best_step - width) & (s.steps <= best_step + width)]
    end = s.loss[s.steps >= s.last_step - width]
    return bool(around.size and end.size and float(np.median(end)) > float(np.median(around)))


def held_out_divergence(s: Signals) -> Hit | None:
    """The validation loss fell, bottomed out and rose persistently (overfitting's own test of a rise) while the
    training loss, too noisy for ``divergence``'s rank test, rose with it (its trend from the best evaluation
    to the end not falling, its smoothed level higher at the end, and its median over the end higher than around the
    best evaluation: ``training_rose``), at a constant lr that had not decayed. Memorising
    lowers the training loss; both losses climbing at a steady lr is a step size the model cannot settle at."""
    if s.died or not s.log_scale or not s.has_lr:
        return None
    steps, raw = s.val_finite
    if raw.size == 0 or raw.min() <= 0:
        return None  # a validation loss that is not positive throughout: its climb cannot be read in ratios
    rise = overfitting.risen(s.rule_params("overfitting"), "validation loss", steps, raw)
    if rise is None or rise.later < MIN_LATE_RISE_EVALS or overfitting.memorising(s, rise):
        return None
    if np.log(raw[0] / rise.best) <= overfitting.IMPROVED_NOISES * rise.noise:
        return None  # no descent before the "best" evaluation: a level series's dip, not a climb out of a valley
    train_rise = s.level_at(rise.end_step) - s.level_at(rise.best_step)
    if train_rise <= 0 or not training_rose(s, rise.best_step) or s.loss_trend(rise.best_step, rise.end_step + 1).falling:
        return None
    lr_now = s.lr_at(s.last_step)
    if not s.lr_steady_since(rise.best_step) or not s.at_full_lr(lr_now) or s.lr_near_zero(lr_now):
        return None  # a schedule moved the lr: a ramp reads in ramp_turn_in_evals, a decay is not this
    lr, extra = lower_lr(s, lr_now, "both losses climbed")
    return Hit(
        step_start=rise.best_step,
        step_end=rise.end_step,
        message=(f"The validation loss bottomed out at {rise.best:.4g} (step {rise.best_step}) and rose to "
                 f"{rise.end:.4g} by step {rise.end_step} ({rise.rise / rise.noise:.1f}x its evaluation noise) while "
                 f"the training loss rose with it (its level x{exp_factor(train_rise):.3g}) at a constant lr "
                 f"{lr_now:.3g}: both losses climbing is an lr too high to settle at, not overfitting."),
        evidence={"best_val_loss": rise.best, "best_step": rise.best_step, "end_val_loss": rise.end,
                  "rise_over_noise": rise.rise / rise.noise, "train_log_rise": train_rise, "lr": lr_now, **extra},
        suggestion=(("Lower the lr to about {lr}" if lr is not None else f"Lower the lr by {LR_DIVISOR:g}-10x")
                    + f"; the best weights were around step {rise.best_step}."),
        fix={"early_stop_step": rise.best_step},
        lr=lr,
        explains=("overfitting", "plateau"),
    )


def first_step_aimed(s: Signals, lr_failed: float, unstable: bool = False) -> LrAdvice | None:
    """For a run whose first update moved the weights beyond the family's first-step band at the lr that failed (or,
    under SGD with momentum and a loss NaN with no stable step before it, ``unstable``, beyond the band's top):
    lr-too-high's aim of that lr by its first step (``sgd_first_step_aimed``; an adaptive optimizer's scaled into the band,
    ``scaled_into_band``). A ranking MLP at SGD 30, 300x its best lr, took a first step of 2.8 times its weights' norm
    and was NaN six steps in: a tenth of its lr was still NaN, the aimed lr 0.06 trains."""
    lr_first = s.lr_at(s.first_step) if s.has_lr else float("nan")
    # with the loss NaN and no step stable before it (``unstable``: within BLOWUP_STEPS, or later with the model never
    # learning, the steps above the band...), a first step of SGD with momentum above the band's top was
    # too large already: the steps grow after it as the momentum buffer fills (the first-step margin is for an adaptive
    # optimizer's sign step; a DeepFM at SGD-momentum 10, first step 0.49 of its weights, NaN at step 15, was told a
    # tenth of its lr, 2.3x its grid's best; aimed, 0.12, retrained 0.94x; five more at SGD-momentum 3-30, NaN within
    # 12 steps, by their grids' interpolation: 1.42-inf -> 1.10-2.77x; a GEV regressor at SGD-momentum 1, its loss never
    # far below its first value before the NaN at step 40, was told a tenth, 16x its grid's best). Plain SGD's first
    # step is as large as the next; a run that kept going longer had steps it could take (fastText at SGD 30, NaN after
    # 230 steps: its best lr is a third)
    momentum = with_momentum(s.meta.get("optimizer"), s.meta.get("optimizer_params"))
    sgd_bar = unstable and s.optimizer_family == "sgd" and momentum
    bar = s.update_band[1] if sgd_bar else first_step_band(s.optimizer_family)[1]
    if not s.first_update_ratio > bar:
        return None
    if not (np.isfinite(lr_first) and lr_first > 0 and max(lr_first, lr_failed) <= SAME_LR * min(lr_first, lr_failed)):
        return None  # the lr changed between the first step and the failure: the first step does not measure it
    if s.optimizer_family == "adaptive":
        # an adaptive optimizer's first step is the lr itself per weight: scaled into the band as blew_up scales it (a
        # Sinkhorn set decoder at Adam 1, first step 13.9x its weights' norm, NaN by its third step: a thirtieth of the
        # lr, 0.033, is 10x its grid's best, 3e-3; aimed, 0.0022)
        return scaled_into_band(s, lr_failed, s.first_update_ratio) if s.first_step_beyond_band else None
    return sgd_first_step_aimed(s, lr_failed)


def aimed_if_lower(s: Signals, advice: LrAdvice, lr_failed: float, unstable: bool = False) -> LrAdvice:
    """``advice``, or the lr aimed by the first step (``first_step_aimed``) when that is lower."""
    return lower_advice(advice, first_step_aimed(s, lr_failed, unstable))


def loss_blew_up(first: float, last: float) -> bool:
    """Whether a loss went from ``first`` to ``last`` by blowing up: ``NAN_LOSS_RISE`` times or more (a loss that is not
    positive at first: any rise)."""
    return last >= NAN_LOSS_RISE * first if first > 0 else last > first


def nan_divisor(s: Signals, first_bad: int) -> float:
    """How many times to lower an lr under which the loss turned NaN with no stable step before it (``never_stable``):
    ``NAN_BLOWUP_DIVISOR`` within ``FAST_NAN_STEPS`` of the first logged step, else ``NAN_LATER_DIVISOR``."""
    return NAN_BLOWUP_DIVISOR if first_bad - int(s.all_steps[0]) < FAST_NAN_STEPS else NAN_LATER_DIVISOR


def never_stable(s: Signals, first_bad: int) -> bool:
    """Whether no step before the loss's first NaN at ``first_bad`` was stable: it came within ``BLOWUP_STEPS``
    optimizer steps of the first logged one, or later with the median update ratio before it above the top of the
    optimizer family's band (a TCN at SGD 3, ratios of 0.07-0.15 against the band's 0.05, sat at ln 6 for 18 steps and
    overflowed at step 23: a third of its lr still ends at chance, the grid's best is 30x lower), or with the steps
    grown past the band before it (``steps_grew_past_band``), or with the model unlearned (``never_learned_before``), or
    with the first update beyond the first-step band and no finite loss logged after it (however many steps that was: a
    log every 100 steps sees the first loss and then NaN)."""
    return unstable_reason(s, first_bad) is not None


def unstable_reason(s: Signals, first_bad: int) -> str | None:
    """``never_stable``'s reading: "" within ``BLOWUP_STEPS``, later what showed no step was stable (for the message),
    None when some step was."""
    if first_bad - int(s.all_steps[0]) < BLOWUP_STEPS:
        return ""
    band = f"{family_label(s.optimizer_family)} band's top, {s.update_band[1]:g}"
    median = s.update_ratio_median
    if np.isfinite(median) and median > s.update_band[1]:
        return f"its median update-to-weight ratio {median:.2g} was above the {band}"
    if steps_grew_past_band(s, first_bad):
        return f"its update-to-weight ratios had grown above the {band}, before the NaN"
    if never_learned_before(s, first_bad):
        return "its loss never got far below its first value before the NaN"
    if thrown_before_nan(s, first_bad):
        return "an update threw the weights, and no later loss was finite"
    return None


def thrown_before_nan(s: Signals, first_bad: int) -> bool:
    """Whether an update before the loss's first NaN moved the weights beyond the family's first-step band
    (``step_thrown_before``) and the loss turned NaN before the run showed a stable step: within ``BLOWUP_STEPS``, or
    with no finite loss logged after the first (however many steps that was: a log every 100 steps sees the first loss
    and then NaN). The lr's doing, for this rule and for non-finite-loss alike (a Sinkhorn set decoder at Adam 1, its
    first update 13.9x its weights' norm, NaN by step 3; fresh25)."""
    if step_thrown_before(s, first_bad) is None:
        return False
    early = first_bad - int(s.all_steps[0]) < BLOWUP_STEPS
    return early or int(np.count_nonzero(np.isfinite(s.raw_loss[s.all_steps < first_bad]))) <= 1


def update_text(s: Signals, thrown: tuple[int, float]) -> str:
    """How a message names the update ``step_thrown_before`` found: the first, or the one at its step."""
    return "its first update" if thrown[0] == s.first_step else f"its update at step {thrown[0]}"


LAST_THROW_BAND_FACTOR = 5.0
"""An update logged right before the loss's first NaN, not the first, at least this many times the top of the optimizer
family's band and larger than every update before it threw the weights as well, inside the first-step band or not: a
Frechet MLP at SGD-momentum 1, 100x its grid's best lr (fresh84), moved its weights by 0.10 of their norm at step 1 and
0.30 (6x SGD's 0.05) at step 3, and its loss was inf at step 5. Of the runs of the fix-check halves whose loss turned
non-finite, the data's and the loss's NaNs included, no other had such an update right before its NaN without a
reading of the lr already (a summed loss's are wrong-initial-loss's)."""


def step_thrown_before(s: Signals, first_bad: int) -> tuple[int, float] | None:
    """The step and size (over the weights' norm) of the first update logged before the loss's first NaN at
    ``first_bad`` that moved the weights beyond the family's first-step band: the first update read as an Adam step
    (``Signals.first_step_beyond_band``), a later one as it is (none is larger at a sane lr than the first step a sane
    lr takes); else the last update logged before the NaN when it is a later one, ``LAST_THROW_BAND_FACTOR`` times the
    band's top or more and the largest yet. None when no update did. A generalized-gamma MLP at SGD-momentum 1, 100x its
    grid's best lr (fresh81): its first update 0.16 of the weights' norm, inside SGD's first-step band, threw the
    gradient norm 10x and the loss x3.1; its second moved the weights by 1.46 of their norm, and the loss was inf at
    step 3. Read as a stable run hit by a bad batch, it was told to check its data."""
    if s.first_step_beyond_band:
        return s.first_step, float(s.first_step_as_adam)
    steps, log_u = s.update_ratio
    before = steps < first_bad
    later = (steps > s.first_step) & before
    beyond = np.flatnonzero(later & (log_u > np.log10(first_step_band(s.optimizer_family)[1])))
    if beyond.size:
        return int(steps[beyond[0]]), from_orders(float(log_u[beyond[0]]))
    last = np.flatnonzero(before)
    if last.size <= 1 or not later[last[-1]]:
        return None
    size = float(log_u[last[-1]])
    if size < np.log10(LAST_THROW_BAND_FACTOR * s.update_band[1]) or size <= float(log_u[last[:-1]].max()):
        return None
    return int(steps[last[-1]]), from_orders(size)


def thrown_text(s: Signals, thrown: tuple[int, float]) -> str:
    """How far the update ``step_thrown_before`` found went, for a message: beyond the family's first-step band, or
    that many times its band's top."""
    band_top = first_step_band(s.optimizer_family)[1]
    if thrown[1] > band_top:
        return f"the first step of an {family_label(s.optimizer_family)} optimizer moves them by {band_top:g} at most"
    return (f"{thrown[1] / s.update_band[1]:.3g}x the top of the {family_label(s.optimizer_family)} band, "
            f"{s.update_band[1]:g}, and larger than any update before it")


def steps_grew_past_band(s: Signals, first_bad: int) -> bool:
    """Whether over the second half of the steps before the loss's first NaN the median update ratio sat above the top
    of the optimizer family's band: the steps had outgrown the band before the overflow (an N-BEATS forecaster at SGDm
    1, ratios of 0.02-0.05 for 12 steps, then 0.13-0.25 from a first jump of the loss on, NaN at step 21; its grid's
    best lr is a tenth)."""
    steps, log_u = s.update_ratio
    first = float(s.all_steps[0])
    late = log_u[(steps >= first + LATE_PRE_NAN_SHARE * (first_bad - first)) & (steps < first_bad)]
    return late.size >= MIN_LATE_RATIOS and from_orders(float(np.median(late))) > s.update_band[1]


def never_learned_before(s: Signals, first_bad: int) -> bool:
    """Whether before the loss's first NaN its running median (``NAN_SMOOTH_POINTS`` points) never got
    ``NAN_UNLEARNED_DROP`` below its first value (in log-loss, a positive loss): the model learned nothing at that lr
    before it overflowed (a masked autoencoder at SGDm 1 bounced 0.77-1.17 around its untrained 1.03 for 20 steps and
    overflowed at step 22; its grid's best lr is a tenth)."""
    before = np.isfinite(s.raw_loss) & (s.all_steps < first_bad)
    losses = s.raw_loss[before]
    if losses.size < NAN_SMOOTH_POINTS or float(losses.min()) <= 0:
        return False
    smooth = np.log(rolling_median(losses, NAN_SMOOTH_POINTS))
    return float(smooth.min()) > float(np.log(losses[0])) - NAN_UNLEARNED_DROP


def blew_up_to_nan(s: Signals, p: Params) -> Hit | None:
    """The loss turned NaN with no stable step before it (``never_stable``), and never came back, at an lr that did
    not grow, after the gradient norm grew ``NAN_BLOWUP_ORDERS`` or the loss rose, or after a first update beyond the
    family's first-step band (a Sinkhorn set decoder at Adam 1: 13.9x its weights' norm, NaN by step 3, one finite loss
    logged; fresh25): no step of the run was stable at that lr. non-finite-loss names the NaN; this names the lr (a
    stated sum is wrong-initial-loss's cause instead)."""
    if not s.died or wrong_initial_loss.states_sum(s.meta.get("loss_fn")):
        return None
    bad = s.nonfinite_loss
    first_bad = int(s.all_steps[bad][0])
    before = np.isfinite(s.raw_loss) & (s.all_steps < first_bad)
    reason = unstable_reason(s, first_bad)
    if not before.any() or reason is None:
        return None
    lr = s.lr_at(s.first_step) if s.has_lr else float("nan")
    if not (np.isfinite(lr) and lr > 0) or s.lr_growth_cause(first_bad) is not None:
        return None
    losses = s.raw_loss[before]
    g_steps, g_log = s.grad_norm
    grown = g_log[g_steps < first_bad]
    growth = float(grown.max() - grown[0]) if grown.size else 0.0
    thrown = step_thrown_before(s, first_bad)  # an update threw the weights: the NaN follows too soon for a climb to show
    if growth < NAN_BLOWUP_ORDERS and not loss_blew_up(float(losses[0]), float(losses[-1])) and thrown is None:
        return None
    divisor = nan_divisor(s, first_bad)
    advice = aimed_if_lower(s, LrAdvice(lr / divisor, f"{divisor:g}x below the lr {lr:.2g} that blew the model up", DIVISOR,
                                        failed_lr=lr), lr, unstable=True)
    how = (f"its gradient norm grew {from_orders(growth):.3g}x" if growth >= NAN_BLOWUP_ORDERS
           else f"its loss rose from {float(losses[0]):.4g} to {float(losses[-1]):.4g}"
           if loss_blew_up(float(losses[0]), float(losses[-1])) else
           f"{update_text(s, thrown)} moved the weights by {thrown[1]:.3g} of their norm ({thrown_text(s, thrown)})"
           if thrown is not None else "")
    return Hit(
        step_start=s.first_step,
        step_end=first_bad,
        message=(f"The lr {lr:.3g} blew the model up from the start: within {first_bad - int(s.all_steps[0])} steps {how} "
                 f"and the loss turned NaN at step {first_bad}, never to recover; no step of the run was stable at that lr"
                 + (f" ({reason})" if reason else "") + "."),
        evidence={"lr": lr, "first_bad_step": first_bad, "grad_norm_growth": from_orders(growth)},
        suggestion="Lower the lr to about {lr} (clipping alone keeps the steps of an lr this high too large to train).",
        lr=advice,
        explains=explained_by_lr(s),
    )


def epochs_confidently_wrong(s: Signals, p: Params) -> Hit | None:
    """A log of one row per epoch of a classifier that learned nothing, its training accuracy at chance every epoch (flat
    within ``FLAT_ACCURACY`` and at most ``MAX_CHANCE_ACCURACY``), yet every epoch's mean loss ``CONFIDENT_FACTOR`` times
    -ln of its best accuracy or more: uniform guessing at that accuracy costs ln k, so a loss many times that is made of
    confident wrong answers, logits blown far apart by steps too large (a spiking network at Adam 1: its accuracy
    0.18-0.21 among 5 classes for 7 epochs, its loss 58 -> 26 against ln 5 = 1.6; at Adam 3e-3 it ends at 0.44, fresh24).
    A model at chance whose loss sits near ln k is another story (``epochs_at_chance``, dead units, no signal)."""
    if not read_per_epoch(s):
        return None
    y = s.level
    _, acc = s.column("train_acc")
    if y.size < FIRST_EPOCHS + 1 or acc.size < y.size or not np.all(acc > 0):
        return None
    best = float(acc.max())
    if best > MAX_CHANCE_ACCURACY or best - float(acc.min()) > FLAT_ACCURACY:
        return None
    guessing = float(-np.log(best))
    losses = np.exp(y)
    if float(losses.min()) < CONFIDENT_FACTOR * guessing:
        return None
    lr = s.lr_at(s.steps[0]) if s.has_lr else float("nan")
    advice, extra = lower_lr(s, lr, "the model stayed confidently wrong", divisor=p.blowup_divisor)
    return Hit(
        step_start=int(s.steps[0]),
        step_end=s.last_step,
        message=(f"The model learned nothing and is confidently wrong: its training accuracy stayed at "
                 f"{float(acc.min()):.3g}-{best:.3g} for all {y.size} epochs, chance, while every epoch's mean loss was "
                 f"{float(losses.min()):.4g} or more, {float(losses.min()) / guessing:.0f}x the {guessing:.3g} that uniform "
                 "guessing at that accuracy costs. Wrong answers that confident are outputs blown far apart: steps too "
                 "large threw the weights off from the first epoch."),
        evidence={"best_accuracy": best, "least_epoch_loss": float(losses.min()), "guessing_loss": guessing, "lr": lr,
                  **extra},
        suggestion=lower_by_chance_divisor(advice) + ".",
        fix=chance_divisor_fix(advice),
        lr=advice,
        explains=("plateau",),
    )


def epochs_accuracy_fell(s: Signals, p: Params) -> Hit | None:
    """A log of one row per epoch whose training accuracy fell ``ACC_FALL`` below its best for ``MIN_CLIMB_EPOCHS``
    epochs or more to the end, the training loss never back down to its level at the best epoch and the validation
    accuracy, when logged, ending below its own best, at an lr that did not rise after the best: the lr threw the
    model out of what it had learned, though its loss (at chance, a few percent above its best) may have barely
    moved."""
    if s.meta.get("step_is_epoch") is not True or s.died:
        return None
    acc_steps, acc = s.column("train_acc")
    if acc.size < MIN_CLIMB_EPOCHS + 1 or s.steps.size < MIN_CLIMB_EPOCHS + 1:
        return None
    best = int(np.argmax(acc))
    after = acc[best + 1 :]
    if after.size < MIN_CLIMB_EPOCHS or not acc[best] > 0 or float(after.max()) > (1 - ACC_FALL) * float(acc[best]):
        return None
    best_step = int(acc_steps[best])
    y = s.level
    at_best = s.steps <= best_step
    if not at_best.any() or at_best.all() or float(y[~at_best].min()) <= float(y[at_best][-1]):
        return None  # the training loss got back to where it was: the accuracy's fall is no lost learning
    _, val_acc = s.column("val_acc")
    if val_acc.size and float(val_acc[-1]) >= float(val_acc.max()):
        return None
    lr = s.lr_at(best_step) if s.has_lr else float("nan")
    if s.has_lr and float(np.nanmax(s.lr_since(best_step))) > SAME_LR * lr:
        return None  # the lr was raised after the best epoch: a restart, or another run appended to the log
    advice, extra = lower_lr(s, lr, "the accuracy fell", divisor=p.blowup_divisor)
    stop = best_held_out_by(s, best_step)
    return Hit(
        step_start=best_step,
        step_end=s.last_step,
        message=(f"The training accuracy fell from its best, {float(acc[best]):.3g} in epoch {best_step}, to "
                 f"{float(acc[-1]):.3g} by the last ({after.size} epochs, every one of them {ACC_FALL:.0%} or more below "
                 f"it), and the training loss never got back to its level there"
                 + (", the validation accuracy falling too" if val_acc.size else "")
                 + ". A model that keeps training on the same data does not unlearn it: steps this large threw it out of "
                 "what it had learned."),
        evidence={"best_accuracy": float(acc[best]), "last_accuracy": float(acc[-1]), "epochs_after_best": float(after.size),
                  "lr": lr, **extra},
        suggestion=("Lower the lr to about {lr}" if advice else f"Lower the lr about {p.blowup_divisor:g}x")
        + f"; the best weights were around epoch {stop}"
        + (" (the best validation loss before the fall)." if stop != best_step else "."),
        fix={"early_stop_step": stop, **({} if advice else {"lr_factor": 1.0 / p.blowup_divisor})},
        lr=advice,
        explains=("overfitting", "plateau"),
    )


def best_held_out_by(s: Signals, step: int) -> int:
    """The step of the lowest validation loss evaluated at or before ``step``, or ``step`` when none was: the weights
    to keep from before a fall (a per-epoch ConvNeXt at Adam 0.1 whose training accuracy peaked in epoch 1 had its
    validation loss rise 1.37 -> 2.07 in that epoch: stopped after epoch 1 it ended worse than at the end, fresh22)."""
    v_steps, v, _ = s.val_level
    before = v_steps <= step
    return int(v_steps[before][int(np.argmin(v[before]))]) if before.any() else step


def one_climb(turn: Hit, diverged: Hit) -> Hit:
    """A climb from the best step at which the loss turned up on an lr ramp, read both as that turn and as a divergence
    to the end of the run: one finding, the turn's account (the lr where it turned), to the divergence's end, with its
    early stop too (a public Hugging Face fine-tune warmed up past 2.2e-5: two warnings from step 220 before)."""
    return replace(turn, step_end=max(turn.step_end, diverged.step_end), fix={**diverged.fix, **turn.fix},
                   evidence={**diverged.evidence, **turn.evidence},
                   explains=tuple(dict.fromkeys(turn.explains + diverged.explains)),
                   suggestion=turn.suggestion.rstrip(".") + f"; the best weights were around step {turn.step_start}.")


def check(s: Signals, p: Params) -> list[Hit]:
    """Computed once per run and thresholds: missing-warmup reads these findings too. On a start a warmup tames
    (``Signals.first_step_tamable``) the findings leave missing-warmup to speak beside them: the lower lr and the warmup
    are both fixes there, and the run's recommendation carries both."""
    hits: list[Hit] = s.shared(("lr-too-high", p), lambda: readings(s, p))
    if s.first_step_tamable:
        return [replace(h, explains=tuple(r for r in h.explains if r != "missing-warmup")) for h in hits]
    return hits


def configured_readings(s: Signals) -> list[Hit]:
    """lr-too-high's findings with its configured thresholds (none where it does not apply), for the rules that read
    them."""
    try:
        return check(s, s.rule_params("lr-too-high"))
    except NotApplicable:
        return []


def readings(s: Signals, p: Params) -> list[Hit]:
    start = (blew_up(s, p) or blew_up_to_nan(s, p) or steps_too_large(s, p) or stalled_after_first_epoch(s, p)
             or epochs_at_chance(s, p) or epochs_confidently_wrong(s, p) or epochs_frozen(s, p)
             or epochs_held_out_frozen(s, p) or epochs_first_blown(s, p))
    diverged = (divergence(s, p) or epochs_climb(s, p) or epochs_jump(s, p) or epochs_accuracy_fell(s, p)
                if start is None else None)
    # A loss that fell to a best stretch and climbed back is a divergence, even when the run as a
    # whole ends about where it started (which bouncing_from_start would read as never settling).
    start = start or (bouncing_from_start(s, p) if diverged is None else None)
    turn = (ramp_turn(s, p) or ramp_turn_in_evals(s, p) or cycles_climb(s, p)) if start is None else None
    # a blow-up after which the loss sat at the level of a model that learned nothing, read off medians: after the
    # readings that name a dip and a climb back (their best step is the better evidence)
    start = start or (blew_up(s, p, untrained_level_ok=True) if diverged is None and turn is None else None)
    diverged = diverged or (held_out_divergence(s) if start is None and turn is None else None)
    if turn is not None and diverged is not None and turn.step_start == diverged.step_start:
        turn, diverged = one_climb(turn, diverged), None
    hits = [hit for hit in (start, turn, diverged, repeated_spikes(s, p), bouncing(s, p) if start is None else None)
            if hit is not None]
    if hits:
        hits = below_killing_lr(s, hits)
    # the last resorts, in a run that still learned (no other reading of this rule saw trouble, whose lr advice
    # reads the trouble itself): first steps as large as the weights, ratios above the band all along (their lr
    # comes from the update ratio: the stronger evidence), a stall on which the held-out loss keeps jumping, units
    # the lr killed during training (dead-units' advice), or a loss that stalled while a schedule grew the lr
    return hits or [hit for hit in (steps_too_large(s, p, recovered=True) or ratios_above_band(s)
                                    or large_steps_near_chance(s, p)
                                    or jumpy_held_out_plateau(s, p) or killed_units(s) or held_out_frozen(s, p)
                                    or start_jumped(s, p) or weights_inflated(s) or ramp_start_beyond_band(s)
                                    or growth_stalled(s, p)
                                    or inflated_and_stuck(s, p) or large_first_steps_stuck(s, p)
                                    or gradients_died(s, p),)
                    if hit is not None]
