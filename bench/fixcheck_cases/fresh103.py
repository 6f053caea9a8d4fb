"""The one hundred and fifth fresh half (fresh103, held out from all tuning):
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


def dla_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 shapes")
    knobs.setdefault("meta", {"model": "deep layer aggregation CNN: 3x3 convs 1-8-8 at 12x12 merged by a 1x1 aggregation node (16-12), 2x2 max pooling, a 3x3 conv 12-12, a second node (24-16), global average pooling, a ReLU layer 16-32 and a head",
                              "image_size": fd.DLA_SIZE, "classes": fd.DLA_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dla_images(), knobs.pop("model", None) or fd.DlaNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def scrn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 sign patterns")
    knobs.setdefault("meta", {"model": "structurally constrained RNN (SCRN): 8 slow context units (alpha 0.95) and 24 sigmoid hidden units over 20 steps, the last [h, s] through a ReLU layer 32-32 and a head",
                              "steps": fd.SCRN_STEPS, "channels": fd.SCRN_CHANNELS, "hidden": fd.SCRN_HIDDEN, "context": fd.SCRN_CONTEXT,
                              "classes": fd.SCRN_CLASSES, "held_out": "cross-entropy on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.scrn_series(), knobs.pop("model", None) or fd.ScrnNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def hofm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.hofm_bce)
    knobs.setdefault("loss_name", "BCE with logits of the click")
    knobs.setdefault("meta", {"model": "higher-order factorization machine: 8-d factors of 4 fields' values and 6 dense features, per dimension the first-order sum and the order-2 and order-3 ANOVA kernels (24), a ReLU layer 24-32 and a head",
                              "fields": fd.HOFM_FIELDS, "vocab": fd.HOFM_VOCAB, "dim": fd.HOFM_DIM, "dense": fd.HOFM_DENSE,
                              "held_out": "BCE on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.hofm_rows(), knobs.pop("model", None) or fd.HofmNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def invgamma_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.invgamma_nll)
    knobs.setdefault("loss_name", "inverse-gamma negative log-likelihood per row (shape 3, log scale)")
    knobs.setdefault("meta", {"model": "MLP 6-64 (SiLU) -64 (SiLU), a ReLU layer 64-32, a head to the log scale (clamped to +-6) of an inverse-gamma law of shape 3",
                              "features": fd.INVGAMMA_FEATURES, "shape": fd.INVGAMMA_SHAPE,
                              "held_out": "the NLL on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.invgamma_rows(), knobs.pop("model", None) or fd.InvgammaMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


DLA0, SCRN0 = LN(fd.DLA_CLASSES), LN(fd.SCRN_CLASSES)
HOFM0, INVGAMMA0 = LN(2), fd.invgamma_at_zero()
"""Where the families start: the DLA CNN and the SCRN at ln 4, the HOFM near ln 2 (a logit near
0), the inverse-gamma MLP at the NLL of raw outputs of 0 (b = 1)."""


# dla: a deep layer aggregation CNN (3x3 convolutions 1-8-8 at 12x12 merged by a 1x1 aggregation node, 2x2 max
# pooling, a 3x3 convolution and a second aggregation node, global average pooling, a ReLU layer and a head) naming
# a small shape (plus, square, diagonal, anti-diagonal) among 3 distractor pixels in noisy 12x12 images, 5% random
# labels held out too, cross-entropy over 4 (1.39-1.40 at step 1, ln 4, ending near 0.64-0.79 held out); works at
# Adam 0.01 (0.64-0.68; a missing-pixel-free rerun 0.38-1.01 by seed), Adam 0.03 after a 10% warmup + cosine (0.71)
# or with step decay (0.79); slower at Adam 1e-3 (0.95-1.00), RMSprop 1e-3 (0.92-0.93); at chance (1.39-1.48) at
# Adam 1, RMSprop 0.3, after a warmup + cosine to a peak of 1, with a dead fc; 12-18 with an lr growing x1.02 a step
# from 0.01 (a 400-step run: 2-3 s; 7 s when it blows up)

@case("dla-adam-lr-1", "dla", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dla_family("adam", 1.0)


@case("dla-rmsprop-lr-0p3-300x-log2", "dla", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dla_family("rmsprop", 0.3, log_every=2)


@case("dla-adamw-warmup-cosine-peak-1", "dla", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dla_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("dla-adam-exponential-gamma-1p02", "dla", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dla_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("dla-adam-lr-1e-3-10x-low-log3", "dla", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dla_family("adam", 1e-3, log_every=3)


@case("dla-adam-missing-pixel-nan", "dla", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return dla_family("adam", 0.01, data=fd.dla_images(nan_rows=0.005))


@case("dla-adam-fc-dead-at-init", "dla", "dead-units",
      cf=lambda s: replace(s, model=fd.DlaNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dla_family("adam", 0.01, model=lambda: fd.DlaNet(dead_bias=-30.0), track_zero_grads=True)


# scrn: a structurally constrained recurrent network (Mikolov et al.: 8 slow context units s <- 0.05 B x + 0.95 s, 24
# sigmoid hidden units h <- sigmoid(P s + A x + R h), over 20 steps of 2 channels, the last [h, s] through a ReLU layer
# and a head) naming the sign pattern of two bumps (one in each half) beside 0-3 decoy bumps on a second channel, 5%
# random labels held out too, cross-entropy over 4 (1.39-1.48 at step 1, ln 4, ending near 0.36-0.52 held out);
# works at Adam 0.01 (0.46-0.52), Adam 0.1 under a cosine (0.44-0.48), AdamW 0.03 with a warmup and step decay
# (0.44), RMSprop 0.03 under a cosine (0.36), RMSprop 3e-3 (0.66); at chance at Adam 1e-4 (1.37), Adam 1, RMSprop
# 0.3 (1.26-1.49), after a warmup + cosine to a peak of 1, with a dead fc; 0.70 after a x0.1 cut of Adam 0.01 at step
# 20 (0.62-0.64 cut at 70%); Adam 0.1 recreated every 2 steps 0.87-1.14 (0.63-0.70 created once); its head
# initialised 1000x 0.87-3.2 (220 at step 1); 13-1.9e5 with an lr growing x1.02 a step from 0.01; 64 training series
# overfit (0.52 at step 150, 0.97-1.6 at the end). A first version's Adam 0.03 recreated every 2 steps was harmless
# (-3%), 200 training series overfit too mildly (+6%), its healthy RMSprop cosine run at 0.01 lost to 0.03 by 38% and
# its resumed Adam 0.03 run rose at the end (0.52 -> 0.64), so they sit at 0.1, 64 series, 0.03 and 0.1 (a 400-step
# run: 2-3 s)

@case("scrn-adam-lr-1-log2", "scrn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return scrn_family("adam", 1.0, log_every=2)


@case("scrn-rmsprop-lr-0p3-100x", "scrn", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return scrn_family("rmsprop", 0.3)


@case("scrn-nadam-warmup-cosine-peak-1", "scrn", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return scrn_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("scrn-adam-exponential-gamma-1p02", "scrn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return scrn_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("scrn-adam-lr-1e-4-100x-low-log2", "scrn", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return scrn_family("adam", 1e-4, log_every=2)


@case("scrn-adam-head-x1000-log2", "scrn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ScrnNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SCRN0, "ln 4"))
def _() -> Setup:
    return scrn_family("adam", 0.01, log_every=2, model=lambda: scaled_head(fd.ScrnNet(), 1000))


@case("scrn-adam-lr-3e-3-head-x1000", "scrn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ScrnNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SCRN0, "ln 4"))
def _() -> Setup:
    return scrn_family("adam", 3e-3, model=lambda: scaled_head(fd.ScrnNet(), 1000))


@case("scrn-adam-multistep-x0p1-at-5pct", "scrn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return scrn_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("scrn-adam-missing-value-nan", "scrn", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return scrn_family("adam", 0.01, data=fd.scrn_series(nan_rows=0.005))


@case("scrn-adam-fc-dead-at-init", "scrn", "dead-units",
      cf=lambda s: replace(s, model=fd.ScrnNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return scrn_family("adam", 0.01, model=lambda: fd.ScrnNet(dead_bias=-30.0), track_zero_grads=True)


@case("scrn-adam-lr-0p1-recreated-every-2-steps", "scrn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return scrn_family("adam", 0.1, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("scrn-adam-64-series-overfit", "scrn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return scrn_family("adam", 0.01, steps=600, eval_every=30, data=fd.scrn_series(train_rows=64))


# hofm: a higher-order factorization machine (8-d factors of 4 categorical fields and 6 dense features scaled by
# their value, per dimension the first-order sum and the order-2 and order-3 ANOVA kernels, a ReLU layer and a head)
# predicting clicks drawn from a logit with second- and third-order crosses of the dense features and a
# field-dependent slope, BCE with logits (0.69-0.73 at step 1, ending near 0.48-0.51 held out); works at Adam 0.01
# (0.50-0.51; 0.49 under a cosine or one-cycle at 0.03), NAdam 0.01 with step decay (0.48), Adagrad 0.1 (0.49-0.51),
# RAdam 0.1 with warmup + cosine (0.49), SGDm 0.3 (0.57-0.58), SGD 1 (0.50-0.53); slow at SGDm 3e-3 (0.67-0.68),
# Adam and NAdam 1e-4 (0.69); 0.69-1.7e4 at Adam 1; 5e2-3e3 at Adagrad 10; 0.69 after a warmup + cosine to a peak of
# 1; its head initialised 1000x 0.67-1.19 (88 at step 1); summed over the batch (x64) NaN at SGDm 0.3 and SGD 1;
# 0.65-0.66 after a x0.01 cut of Adam 0.01 at step 20, 0.66-0.67 after a x0.001 decay of Adam 0.03 in 40 steps; 256
# training rows overfit (0.68 at epoch 1, 4.4-4.8 at the end) (a 400-step run: ~0.5 s)

@case("hofm-adam-lr-1", "hofm", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return hofm_family("adam", 1.0)


@case("hofm-adagrad-lr-10-100x-log2", "hofm", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hofm_family("adagrad", 10.0, log_every=2)


@case("hofm-adamw-warmup-cosine-peak-1", "hofm", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hofm_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("hofm-adam-lr-1e-4-100x-low", "hofm", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hofm_family("adam", 1e-4)


@case("hofm-nadam-lr-1e-4-100x-low-log3", "hofm", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hofm_family("nadam", 1e-4, log_every=3)


@case("hofm-sgdm-lr-3e-3-100x-low", "hofm", "lr-low-sgd", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hofm_family("sgdm", 3e-3)


@case("hofm-sgdm-lr-0p3-summed-bce", "hofm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.hofm_bce, loss_name="BCE with logits (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, HOFM0, "ln 2"))
def _() -> Setup:
    return hofm_family("sgdm", 0.3, loss_fn=fd.hofm_bce_summed,
                          loss_name="BCE with logits summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.hofm_bce, mean_loss_fn=fd.hofm_bce)


@case("hofm-sgd-lr-1-summed-bce-log2", "hofm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.hofm_bce, loss_name="BCE with logits (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, HOFM0, "ln 2"))
def _() -> Setup:
    return hofm_family("sgd", 1.0, log_every=2, loss_fn=fd.hofm_bce_summed,
                          loss_name="BCE with logits summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.hofm_bce, mean_loss_fn=fd.hofm_bce)


@case("hofm-adam-head-x1000", "hofm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.HofmNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, HOFM0, "ln 2"))
def _() -> Setup:
    return hofm_family("adam", 0.01, model=lambda: scaled_head(fd.HofmNet(), 1000))


@case("hofm-adam-multistep-x0p01-at-5pct", "hofm", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.01)), cf_what="the same x0.01 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.011, 25))
def _() -> Setup:
    return hofm_family("adam", 0.01, schedule=multistep(0.05, gamma=0.01), schedule_name="MultiStepLR at 5%")


@case("hofm-adam-exponential-1000x-in-40-steps-log2", "hofm", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return hofm_family("adam", 0.03, log_every=2, schedule=exponential_to(1e-3, 0.1),
                          schedule_name="ExponentialLR per batch, x0.001 by step 40")


# invgamma: a SiLU MLP (6-64-64, a ReLU layer and a head) of the log scale of an inverse-gamma law of shape 3 of a
# heavy-tailed positive target whose scale depends on the features, the negative log-likelihood per row (2.8 at
# step 1, 2.54 for raw outputs of 0, ending near 0.70-0.81 held out); works at Adam 3e-3 (0.77-0.81; 0.78 under a
# cosine, 0.79 under warm restarts or a warmup + linear decay), RMSprop 3e-3 with step decay (0.78), SGDm 0.01
# (0.79), Nesterov 0.01 and SGD 0.1 under a cosine (0.79-0.80), SGDm 0.3 and SGD 1 clipped at 0.1 (0.79-0.85),
# RMSprop 0.03-0.05 after a 60-step warmup (0.92-2.4); slow at Adam 1e-4 (2.06-2.14); 2.35-2.37 after a x0.001 decay
# in 40 steps; 17.7 (the log scale at its clamp) to 1e3 at Adam 1, SGDm 1, RMSprop 0.03-0.05 without a warmup, SGDm
# 0.3 and SGD 1 unclipped, summed over the batch (x64) at SGDm 0.01 and Nesterov 0.03, under a cyclic lr to a peak of
# 1; a dead fc 2.46. A first version's lr-low run at Adam 3e-5 (2.4) did not fall over its last quarter through the
# heavy tail's noise, so it sits at 1e-4 (a 400-step run: ~0.5 s)

@case("invgamma-adam-lr-1-log2", "invgamma", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return invgamma_family("adam", 1.0, log_every=2)


@case("invgamma-sgdm-lr-1-100x", "invgamma", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return invgamma_family("sgdm", 1.0)


@case("invgamma-adam-cyclic-peak-1", "invgamma", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return invgamma_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("invgamma-adam-lr-1e-4-30x-low-log2", "invgamma", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return invgamma_family("adam", 1e-4, log_every=2)


@case("invgamma-rmsprop-lr-0p05-no-warmup", "invgamma", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return invgamma_family("rmsprop", 0.05)


@case("invgamma-rmsprop-lr-0p03-no-warmup-log2", "invgamma", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return invgamma_family("rmsprop", 0.03, log_every=2)


@case("invgamma-sgdm-summed-nll", "invgamma", "summed",
      cf=lambda s: replace(s, loss_fn=fd.invgamma_nll, loss_name="inverse-gamma NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, INVGAMMA0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return invgamma_family("sgdm", 0.01, loss_fn=fd.invgamma_nll_summed,
                            loss_name="inverse-gamma NLL summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.invgamma_nll, mean_loss_fn=fd.invgamma_nll)


@case("invgamma-nesterov-summed-nll-log2", "invgamma", "summed",
      cf=lambda s: replace(s, loss_fn=fd.invgamma_nll, loss_name="inverse-gamma NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, INVGAMMA0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return invgamma_family("nesterov", 0.03, log_every=2, loss_fn=fd.invgamma_nll_summed,
                            loss_name="inverse-gamma NLL summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.invgamma_nll, mean_loss_fn=fd.invgamma_nll)


@case("invgamma-adam-exponential-1000x-in-40-steps", "invgamma", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return invgamma_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                            schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("invgamma-adam-missing-feature-nan", "invgamma", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return invgamma_family("adam", 3e-3, data=fd.invgamma_rows(nan_rows=0.003))


@case("invgamma-adam-fc-dead-at-init", "invgamma", "dead-units",
      cf=lambda s: replace(s, model=fd.InvgammaMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return invgamma_family("adam", 3e-3, model=lambda: fd.InvgammaMLP(dead_bias=-30.0), track_zero_grads=True)


@case("invgamma-sgdm-lr-0p3-no-clip", "invgamma", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return invgamma_family("sgdm", 0.3)


@case("invgamma-sgd-lr-1-no-clip-log2", "invgamma", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return invgamma_family("sgd", 1.0, log_every=2)


# fresh103 half: healthy look-alikes


@case("dla-adam-warmup-cosine-eval25", "dla", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.DLA_CLASSES, fall=0.8))
def _() -> Setup:
    return dla_family("adam", 0.03, eval_every=25, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine")


@case("dla-adam-step-decay-eval50", "dla", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.DLA_CLASSES, fall=0.8))
def _() -> Setup:
    return dla_family("adam", 0.03, eval_every=50, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("scrn-rmsprop-cosine-log2", "scrn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.SCRN_CLASSES, fall=0.7))
def _() -> Setup:
    return scrn_family("rmsprop", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("scrn-adam-cosine-eval25", "scrn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.SCRN_CLASSES, fall=0.7))
def _() -> Setup:
    return scrn_family("adam", 0.1, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("scrn-adamw-warmup-step-decay-log3", "scrn", "healthy", like=("premature-decay", "plateau", "missing-warmup"),
      shape=healthy_shape(fd.SCRN_CLASSES, fall=0.7))
def _() -> Setup:
    return scrn_family("adamw", 0.03, log_every=3, warmup_steps=20, schedule=multistep(0.6, 0.8, gamma=0.3),
                        schedule_name="20-step linear warmup + MultiStepLR")


@case("scrn-adam-resumed-with-state", "scrn", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.SCRN_CLASSES, fall=0.7))
def _() -> Setup:
    return scrn_family("adam", 0.1, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                        schedule=cosine_after(0.0), schedule_name="cosine")


@case("hofm-adam-cosine-log2", "hofm", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return hofm_family("adam", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("hofm-nadam-step-decay-log3", "hofm", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return hofm_family("nadam", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                          schedule_name="MultiStepLR")


@case("hofm-adagrad-on-plateau-log4", "hofm", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return hofm_family("adagrad", 0.1, log_every=4, schedule=on_plateau(),
                          schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("hofm-adam-one-cycle", "hofm", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return hofm_family("adam", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("hofm-radam-warmup-cosine-log4", "hofm", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return hofm_family("radam", 0.1, log_every=4, schedule=cosine_after(0.1),
                          schedule_name="linear warmup 10% + cosine")


@case("invgamma-adam-cosine-eval25", "invgamma", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return invgamma_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("invgamma-rmsprop-step-decay-log3", "invgamma", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return invgamma_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                            schedule_name="MultiStepLR")


@case("invgamma-nesterov-cosine-eval60", "invgamma", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return invgamma_family("nesterov", 0.01, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


@case("invgamma-adamw-warmup-linear-avg10", "invgamma", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return invgamma_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                            schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("invgamma-nadam-sgdr-log5", "invgamma", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return invgamma_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                            schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("invgamma-sgd-cosine-log2", "invgamma", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return invgamma_family("sgd", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


# fresh103 half, logged once per epoch


@case("hofm-adam-256-rows-overfit-per-epoch", "hofm", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return hofm_family("adam", 0.01, steps=4 * 100, log_per_epoch=True, data=fd.hofm_rows(train_rows=256))


@case("invgamma-adam-lr-1-per-epoch", "invgamma", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return invgamma_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.invgamma_rows(n=3200))


@case("invgamma-adam-cosine-per-epoch", "invgamma", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return invgamma_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True, data=fd.invgamma_rows(n=3200),
                           schedule=cosine_after(0.0), schedule_name="cosine")


@case("scrn-adam-warmup-cosine-per-epoch", "scrn", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.SCRN_CLASSES, fall=0.7))
def _() -> Setup:
    return scrn_family("adam", 0.03, steps=50 * 8, log_per_epoch=True, data=fd.scrn_series(n=1600),
                        schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip
