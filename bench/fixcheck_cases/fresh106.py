"""The one hundred and eighth fresh half (fresh106, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import fixcheck_data as fd
from fixcheck_cases.fresh import on_plateau
from fixcheck_cases.fresh10 import without_corrupt_inputs
from fixcheck_cases.fresh6 import setup_more
from fixcheck_cases.tune import HIGH
from fixcheck_core import (
    anything, case, dead_from, first_dead, first_loss_above, first_nan, healthy_shape, lr_down_by, lr_to, nan_within,
    overfits, still_falling,
)
from harness import (
    LN, Setup, cosine_after, cyclic, exponential, exponential_to, linear_decay_after, multistep, one_cycle,
    scaled_head, warm_restarts,
)


def harmonic_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 glyphs")
    knobs.setdefault("meta", {"model": "harmonic CNN: 3x3 kernels as learned combinations of the 9 fixed DCT filters, 1-12 at 12x12 (ReLU), 2x2 max pooling, 12-16 at 6x6 (ReLU), global max and average pooling, a ReLU layer 32-32 and a head",
                              "image_size": fd.HARMONIC_SIZE, "classes": fd.HARMONIC_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.harmonic_images(), knobs.pop("model", None) or fd.HarmonicNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def lrunit_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes (oscillation pace x step sign)")
    knobs.setdefault("meta", {"model": "Linear Recurrent Unit: 2-16 linear, a diagonal complex recurrence of 24 states (lambda = exp(-exp(nu) + i exp(theta)), gamma-normalised input), Re(C h) + D u, GELU, the last and mean outputs through a ReLU layer 32-32 and a head",
                              "steps": fd.LRUNIT_STEPS, "channels": fd.LRUNIT_CHANNELS, "state": fd.LRUNIT_STATE,
                              "classes": fd.LRUNIT_CLASSES, "held_out": "cross-entropy on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.lrunit_series(), knobs.pop("model", None) or fd.LrunitNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def oblivious_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.oblivious_bce)
    knobs.setdefault("loss_name", "BCE with logits of the default")
    knobs.setdefault("meta", {"model": "neural oblivious decision ensembles: 16 soft oblivious trees of depth 4 (softmax feature choice, learned threshold and temperature per level), 4-d leaf responses, the 64 through a ReLU layer 64-32 and a head",
                              "features": fd.OBLIVIOUS_FEATURES, "trees": fd.OBLIVIOUS_TREES, "depth": fd.OBLIVIOUS_DEPTH,
                              "held_out": "BCE on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.oblivious_rows(), knobs.pop("model", None) or fd.ObliviousNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def borel_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.borel_nll)
    knobs.setdefault("loss_name", "Borel negative log-likelihood per row (logit of mu)")
    knobs.setdefault("meta", {"model": "MLP 6-64 (SiLU) -64 (SiLU), a ReLU layer 64-32, a head to the logit of mu (clamped to +-8) of a Borel law of counts",
                              "features": fd.BOREL_FEATURES, "held_out": "the NLL on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.borel_rows(), knobs.pop("model", None) or fd.BorelMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


HARMONIC0, LRUNIT0 = LN(fd.HARMONIC_CLASSES), LN(fd.LRUNIT_CLASSES)
OBLIVIOUS0, BOREL0 = LN(2), fd.borel_at_zero()
"""Where the families start: the harmonic CNN and the LRU at ln 4, the oblivious trees near ln 2 (a logit near 0),
the Borel MLP at the NLL of raw outputs of 0 (mu = 1/2)."""


# harmonic: a harmonic CNN (Ulicny et al.: every 3x3 kernel a learned combination of the 9 fixed 2-D DCT filters,
# 1-12 at 12x12, 2x2 max pooling, 12-16 at 6x6, global max and average pooling, a ReLU layer and a head) naming the
# 3x3 glyph (a plus, an X, a hollow square, an L) drawn at a random place beside a bright 2x2 blob in noisy 12x12
# images, 5% random labels held out too, cross-entropy over 4 (1.37-1.40 at step 1, ln 4, ending near 0.47-0.57 held
# out); works at Adam 0.01 (0.49-0.57; 0.56 with step decay), Adam 0.03 after a 10% warmup + cosine (0.48); slower
# at RMSprop 1e-3 (0.65-0.72), Adam 1e-3 (0.67-0.76); at chance (1.39-2.0) at Adam 1, RMSprop 0.3, after a warmup +
# cosine to a peak of 1, after a x0.001 decay of Adam 0.01 in 40 steps, with a dead fc; 9-10 with an lr growing
# x1.02 a step from 0.01. A first version's images (noise 0.55, glyphs of amplitude 0.7-1.3) were too hard: its
# healthy runs ended at 1.12-1.23 and fell by under 20%, and its x0.001 decay was harmless (+2%), so the noise is
# 0.4 and the glyphs 1.0-1.6 (a 400-step run: 2-4 s)


@case("harmonic-adam-lr-1", "harmonic", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return harmonic_family("adam", 1.0)


@case("harmonic-rmsprop-lr-0p3-300x-log2", "harmonic", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return harmonic_family("rmsprop", 0.3, log_every=2)


@case("harmonic-adamw-warmup-cosine-peak-1", "harmonic", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return harmonic_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("harmonic-adam-exponential-gamma-1p02", "harmonic", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return harmonic_family("adam", 0.01, schedule=exponential(1.02),
                           schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("harmonic-adam-lr-1e-3-10x-low-log3", "harmonic", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return harmonic_family("adam", 1e-3, log_every=3)


@case("harmonic-adam-missing-pixel-nan", "harmonic", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return harmonic_family("adam", 0.01, data=fd.harmonic_images(nan_rows=0.005))


@case("harmonic-adam-fc-dead-at-init", "harmonic", "dead-units",
      cf=lambda s: replace(s, model=fd.HarmonicNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return harmonic_family("adam", 0.01, model=lambda: fd.HarmonicNet(dead_bias=-30.0), track_zero_grads=True)


@case("harmonic-adam-exponential-1000x-in-40-steps-log2", "harmonic", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return harmonic_family("adam", 0.01, log_every=2, schedule=exponential_to(1e-3, 0.1),
                           schedule_name="ExponentialLR per batch, x0.001 by step 40")


# lrunit: a Linear Recurrent Unit (Orvieto et al.: a diagonal complex recurrence h <- lambda h + gamma B u of 24
# states, lambda = exp(-exp(nu) + i exp(theta)), read out as Re(C h) + D u, GELU, the last and mean outputs through a
# ReLU layer and a head) naming the pace (a period near 4 or near 9 steps) of channel 0's oscillation and the sign of
# channel 1's step, 24 steps, 5% random labels held out too, cross-entropy over 4 (1.12-1.40 at step 1, ln 4, ending
# near 0.25-0.33 held out); works at Adam 0.01 (0.28-0.30; 0.30 resumed with its state), Adam 0.03 under a cosine
# (0.27), RMSprop 3e-3 (0.29-0.34), RMSprop 0.01 under a cosine (0.29), AdamW 0.03 with a warmup and step decay
# (0.27); at chance or worse (1.39-1.90) at Adam 1, RMSprop 0.3, after a warmup + cosine to a peak of 1, with a dead
# fc; slow at Adam 1e-4 (0.88); 0.39-0.41 after a x0.1 cut of Adam 0.01 at step 20 (0.27-0.29 cut at 70%); Adam 0.03
# recreated every 2 steps 1.07-1.54; its head initialised 1000x 0.67-1.16 (86 at step 1); 12-13 with an lr growing
# x1.02 a step from 0.01; 64 training series overfit (1.17 at best, 2.0-2.8 at the end). A first version's healthy
# cosines lost to their neighbours (Adam 0.01: 0.33 against 0.28 at 0.03; RMSprop 0.03: 0.39 against 0.31 at 0.01),
# so they sit at Adam 0.03 and RMSprop 0.01; a missing value's NaN shows at step 1 (a 400-step run: 3-9 s)


@case("lrunit-adam-lr-1-log2", "lrunit", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return lrunit_family("adam", 1.0, log_every=2)


@case("lrunit-rmsprop-lr-0p3-100x", "lrunit", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return lrunit_family("rmsprop", 0.3)


@case("lrunit-nadam-warmup-cosine-peak-1", "lrunit", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lrunit_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("lrunit-adam-exponential-gamma-1p02", "lrunit", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lrunit_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("lrunit-adam-lr-1e-4-100x-low-log2", "lrunit", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lrunit_family("adam", 1e-4, log_every=2)


@case("lrunit-adam-head-x1000-log2", "lrunit", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LrunitNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LRUNIT0, "ln 4"))
def _() -> Setup:
    return lrunit_family("adam", 0.01, log_every=2, model=lambda: scaled_head(fd.LrunitNet(), 1000))


@case("lrunit-adam-lr-3e-3-head-x1000", "lrunit", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LrunitNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LRUNIT0, "ln 4"))
def _() -> Setup:
    return lrunit_family("adam", 3e-3, model=lambda: scaled_head(fd.LrunitNet(), 1000))


@case("lrunit-adam-multistep-x0p1-at-5pct", "lrunit", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return lrunit_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("lrunit-adam-missing-value-nan", "lrunit", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return lrunit_family("adam", 0.01, data=fd.lrunit_series(nan_rows=0.005))


@case("lrunit-adam-fc-dead-at-init", "lrunit", "dead-units",
      cf=lambda s: replace(s, model=fd.LrunitNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return lrunit_family("adam", 0.01, model=lambda: fd.LrunitNet(dead_bias=-30.0), track_zero_grads=True)


@case("lrunit-adam-lr-0p03-recreated-every-2-steps", "lrunit", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return lrunit_family("adam", 0.03, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("lrunit-adam-64-series-overfit", "lrunit", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return lrunit_family("adam", 0.01, steps=600, eval_every=30, data=fd.lrunit_series(train_rows=64))


# oblivious: neural oblivious decision ensembles (NODE, Popov et al., tiny: 16 soft oblivious trees of depth 4, each
# level a softmax choice of a feature split at a learned threshold and temperature, 4-d responses of the 16 leaves,
# the 64 through a ReLU layer and a head) predicting defaults drawn from a logit of axis-aligned conjunctions, a tanh,
# a product and a step of 8 features, BCE with logits (0.68-0.71 at step 1, ending near 0.52-0.56 held out); works at
# Adam 0.01 (0.52-0.54; 0.54 under a cosine, 0.53 under one-cycle at 0.03), NAdam 0.01 (0.52-0.54, 0.54 with step
# decay), Adagrad 0.1 (0.53-0.54, 0.54 on plateau), RAdam 0.03 with warmup + cosine (0.54), SGDm 0.3 and SGD 1
# (0.56); slow at Adam and NAdam 1e-4 (0.66); 0.68-0.69 at Adam 1, Adagrad 10 and after a warmup + cosine to a peak
# of 1; its head initialised 1000x 0.65-0.67 (18 at step 1); summed over the batch (x64) NaN at SGDm 0.3 and SGD 1;
# 0.60-0.61 after a x0.01 cut of Adam 0.01 at step 20; 256 training rows overfit (0.61 at best, 3.4-3.7 at the end)
# (a 400-step run: 1-3 s)


@case("oblivious-adam-lr-1", "oblivious", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return oblivious_family("adam", 1.0)


@case("oblivious-adagrad-lr-10-100x-log2", "oblivious", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return oblivious_family("adagrad", 10.0, log_every=2)


@case("oblivious-adamw-warmup-cosine-peak-1", "oblivious", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return oblivious_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("oblivious-adam-lr-1e-4-100x-low", "oblivious", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return oblivious_family("adam", 1e-4)


@case("oblivious-nadam-lr-1e-4-100x-low-log3", "oblivious", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return oblivious_family("nadam", 1e-4, log_every=3)


@case("oblivious-sgdm-lr-0p3-summed-bce", "oblivious", "summed",
      cf=lambda s: replace(s, loss_fn=fd.oblivious_bce, loss_name="BCE with logits (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, OBLIVIOUS0, "ln 2"))
def _() -> Setup:
    return oblivious_family("sgdm", 0.3, loss_fn=fd.oblivious_bce_summed,
                            loss_name="BCE with logits summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.oblivious_bce, mean_loss_fn=fd.oblivious_bce)


@case("oblivious-sgd-lr-1-summed-bce-log2", "oblivious", "summed",
      cf=lambda s: replace(s, loss_fn=fd.oblivious_bce, loss_name="BCE with logits (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, OBLIVIOUS0, "ln 2"))
def _() -> Setup:
    return oblivious_family("sgd", 1.0, log_every=2, loss_fn=fd.oblivious_bce_summed,
                            loss_name="BCE with logits summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.oblivious_bce, mean_loss_fn=fd.oblivious_bce)


@case("oblivious-adam-head-x1000", "oblivious", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ObliviousNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, OBLIVIOUS0, "ln 2"))
def _() -> Setup:
    return oblivious_family("adam", 0.01, model=lambda: scaled_head(fd.ObliviousNet(), 1000))


@case("oblivious-adam-multistep-x0p01-at-5pct", "oblivious", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.01)), cf_what="the same x0.01 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.011, 25))
def _() -> Setup:
    return oblivious_family("adam", 0.01, schedule=multistep(0.05, gamma=0.01), schedule_name="MultiStepLR at 5%")


# borel: a SiLU MLP (6-64-64, a ReLU layer and a head) of the logit of mu of a Borel law of counts k >= 1 (pmf
# exp(-mu k) (mu k)^(k - 1) / k!, the total progeny of a Poisson(mu) branching process, a power-law tail as mu nears
# 1) whose mu depends on the features, the negative log-likelihood per row, batches of 256 (1.6-2.0 at step 1 near
# mu = 1/2, ending near 1.45-1.58 held out); works at Adam 3e-3 (1.46-1.47 under a cosine, warm restarts, step decay
# or a warmup + linear decay), SGD 1 under a cosine (1.46), Nesterov 0.03 under a cosine (1.58), RMSprop 0.02-0.03
# after a 60-step warmup (1.47-1.56), SGDm 0.01 (1.67-1.68); slow at Adam 1e-4 (1.72-1.75), SGDm 1e-4 (1.98-2.00);
# 1.96-1.97 after a x0.001 decay of Adam 3e-3 in 40 steps; 1.82 (mu stuck at a clamp) at Adam 1, SGDm 1, RMSprop
# 0.03 without a warmup (RMSprop 0.02: 30 at one seed), summed over the batch (x256) at SGDm 0.01 and Nesterov 0.03,
# a cyclic lr to a peak of 1; SGDm 0.3 and SGD 3 unclipped on batches of 64 1.67-1.82 (1.52-1.69 clipped at 1); a
# dead fc 1.79 (a 400-step run: ~2 s)


@case("borel-adam-lr-1-log2", "borel", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return borel_family("adam", 1.0, log_every=2)


@case("borel-sgdm-lr-1-100x", "borel", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return borel_family("sgdm", 1.0)


@case("borel-adam-cyclic-peak-1", "borel", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return borel_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("borel-adam-lr-1e-4-30x-low-log2", "borel", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return borel_family("adam", 1e-4, log_every=2)


@case("borel-sgdm-lr-1e-4-100x-low", "borel", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return borel_family("sgdm", 1e-4)


@case("borel-rmsprop-lr-0p02-no-warmup", "borel", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return borel_family("rmsprop", 0.02)


@case("borel-rmsprop-lr-0p03-no-warmup-log2", "borel", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return borel_family("rmsprop", 0.03, log_every=2)


@case("borel-sgdm-summed-nll", "borel", "summed",
      cf=lambda s: replace(s, loss_fn=fd.borel_nll, loss_name="Borel NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BOREL0, "the NLL of raw outputs of 0 (p = 1/2)"))
def _() -> Setup:
    return borel_family("sgdm", 0.01, loss_fn=fd.borel_nll_summed,
                        loss_name="Borel NLL summed over the batch's rows (reduction='sum')",
                        val_loss_fn=fd.borel_nll, mean_loss_fn=fd.borel_nll)


@case("borel-nesterov-summed-nll-log2", "borel", "summed",
      cf=lambda s: replace(s, loss_fn=fd.borel_nll, loss_name="Borel NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BOREL0, "the NLL of raw outputs of 0 (p = 1/2)"))
def _() -> Setup:
    return borel_family("nesterov", 0.03, log_every=2, loss_fn=fd.borel_nll_summed,
                        loss_name="Borel NLL summed over the batch's rows (reduction='sum')",
                        val_loss_fn=fd.borel_nll, mean_loss_fn=fd.borel_nll)


@case("borel-adam-exponential-1000x-in-40-steps", "borel", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return borel_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                        schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("borel-adam-missing-feature-nan", "borel", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return borel_family("adam", 3e-3, data=fd.borel_rows(nan_rows=0.003))


@case("borel-adam-fc-dead-at-init", "borel", "dead-units",
      cf=lambda s: replace(s, model=fd.BorelMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return borel_family("adam", 3e-3, model=lambda: fd.BorelMLP(dead_bias=-30.0), track_zero_grads=True)


@case("borel-sgdm-lr-0p3-no-clip-batch64", "borel", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return borel_family("sgdm", 0.3, data=fd.borel_rows(batch_size=64))


@case("borel-sgd-lr-3-no-clip-batch64-log2", "borel", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return borel_family("sgd", 3.0, log_every=2, data=fd.borel_rows(batch_size=64))


# fresh106 half: healthy look-alikes


@case("harmonic-adam-warmup-cosine-eval25", "harmonic", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.HARMONIC_CLASSES, fall=0.8))
def _() -> Setup:
    return harmonic_family("adam", 0.03, eval_every=25, schedule=cosine_after(0.1),
                           schedule_name="linear warmup 10% + cosine")


@case("harmonic-adam-step-decay-eval50", "harmonic", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.HARMONIC_CLASSES, fall=0.8))
def _() -> Setup:
    return harmonic_family("adam", 0.01, eval_every=50, schedule=multistep(0.5, 0.75, gamma=0.3),
                           schedule_name="MultiStepLR")


@case("lrunit-rmsprop-cosine-log2", "lrunit", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.LRUNIT_CLASSES, fall=0.7))
def _() -> Setup:
    return lrunit_family("rmsprop", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("lrunit-adam-cosine-eval25", "lrunit", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.LRUNIT_CLASSES, fall=0.7))
def _() -> Setup:
    return lrunit_family("adam", 0.03, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("lrunit-adamw-warmup-step-decay-log3", "lrunit", "healthy", like=("premature-decay", "plateau", "missing-warmup"),
      shape=healthy_shape(fd.LRUNIT_CLASSES, fall=0.7))
def _() -> Setup:
    return lrunit_family("adamw", 0.03, log_every=3, warmup_steps=20, schedule=multistep(0.6, 0.8, gamma=0.3),
                         schedule_name="20-step linear warmup + MultiStepLR")


@case("lrunit-adam-resumed-with-state", "lrunit", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.LRUNIT_CLASSES, fall=0.7))
def _() -> Setup:
    return lrunit_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                         schedule=cosine_after(0.0), schedule_name="cosine")


@case("oblivious-adam-cosine-log2", "oblivious", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return oblivious_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("oblivious-nadam-step-decay-log3", "oblivious", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return oblivious_family("nadam", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                            schedule_name="MultiStepLR")


@case("oblivious-adagrad-on-plateau-log4", "oblivious", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return oblivious_family("adagrad", 0.1, log_every=4, schedule=on_plateau(),
                            schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("oblivious-adam-one-cycle", "oblivious", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return oblivious_family("adam", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("oblivious-radam-warmup-cosine-log4", "oblivious", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return oblivious_family("radam", 0.03, log_every=4, schedule=cosine_after(0.1),
                            schedule_name="linear warmup 10% + cosine")


@case("borel-adam-cosine-eval25", "borel", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return borel_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("borel-rmsprop-step-decay-log3", "borel", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return borel_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                        schedule_name="MultiStepLR")


@case("borel-nesterov-cosine-eval60", "borel", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return borel_family("nesterov", 0.03, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


@case("borel-adamw-warmup-linear-avg10", "borel", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return borel_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                        schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("borel-nadam-sgdr-log5", "borel", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return borel_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                        schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("borel-sgd-cosine-log2", "borel", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return borel_family("sgd", 1.0, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


# fresh106 half, logged once per epoch


@case("oblivious-adam-256-rows-overfit-per-epoch", "oblivious", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return oblivious_family("adam", 0.01, steps=4 * 100, log_per_epoch=True, data=fd.oblivious_rows(train_rows=256))


@case("borel-adam-lr-1-per-epoch", "borel", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return borel_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.borel_rows(n=3200, batch_size=64))


@case("borel-adam-cosine-per-epoch", "borel", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return borel_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True, data=fd.borel_rows(n=3200, batch_size=64),
                        schedule=cosine_after(0.0), schedule_name="cosine")


@case("lrunit-adam-warmup-cosine-per-epoch", "lrunit", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.LRUNIT_CLASSES, fall=0.7))
def _() -> Setup:
    return lrunit_family("adam", 0.03, steps=50 * 8, log_per_epoch=True, data=fd.lrunit_series(n=1600),
                         schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip
