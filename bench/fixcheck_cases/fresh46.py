"""The forty-eighth fresh half (fresh46, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import fixcheck_data as fd
from fixcheck_cases.fresh10 import without_corrupt_inputs
from fixcheck_cases.fresh6 import setup_more
from fixcheck_cases.tune import HIGH
from fixcheck_core import (
    anything, case, dead_from, first_dead, first_loss_above, first_nan, healthy_shape, lr_down_by, lr_to, nan_within,
    overfits, still_falling,
)
from harness import (
    LN, Setup, cosine_after, cross_entropy, cyclic, exponential, exponential_to, linear_decay_after, multistep,
    one_cycle, scaled_head, warm_restarts,
)


def coordconv_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 9 cells")
    knobs.setdefault("meta", {"model": "CoordConv CNN: 2 coordinate channels appended to the image, two 3 x 3 convolutions, global max pooling, a ReLU layer, a head",
                              "image_size": fd.COORDCONV_SIZE, "classes": fd.COORDCONV_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.coordconv_dots(), knobs.pop("model", None) or fd.CoordConvNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def mingru_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 classes")
    knobs.setdefault("meta", {"model": "minGRU: gates and candidates from the input only (8 -> 32), the last state through a ReLU layer 32-32, a head",
                              "steps": fd.MINGRU_STEPS, "tokens": fd.MINGRU_TOKENS, "classes": fd.MINGRU_CLASSES,
                              "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.mingru_counts(), knobs.pop("model", None) or fd.MinGRUNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def widedeep_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.widedeep_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the clicks (mean)")
    knobs.setdefault("meta", {"model": "Wide & Deep: a linear part over the values and their 6 pairwise crosses, a deep ReLU part 18-64-32-1 over 4-d value embeddings",
                              "fields": fd.WIDEDEEP_FIELDS, "values_per_field": fd.WIDEDEEP_VALUES, "dense": fd.WIDEDEEP_DENSE,
                              "held_out": "BCE on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.widedeep_clicks(), knobs.pop("model", None) or fd.WideDeepNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def vonmises_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.vonmises_nll)
    knobs.setdefault("loss_name", "von Mises negative log-likelihood of the angle (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 8-64-64, a ReLU layer 64-32, a head to the von Mises natural parameters kappa (cos mu, sin mu)",
                              "features": fd.VONMISES_FEATURES, "held_out": "von Mises NLL on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.vonmises_angles(), knobs.pop("model", None) or fd.VonMisesNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


COORDCONV0, MINGRU0, WIDEDEEP0 = LN(fd.COORDCONV_CLASSES), LN(fd.MINGRU_CLASSES), LN(2)
VONMISES0 = LN(2 * math.pi)
"""Where the families start: the CoordConv CNN at ln 9, the minGRU at ln 5, Wide & Deep's BCE at ln 2 (a logit of 0),
the von Mises NLL at a concentration of 0 (a uniform angle): ln(2 pi) = 1.84."""


# coordconv: a CoordConv CNN (coordinate channels appended to the image, two convolutions, global max pooling) naming
# the cell of a 3 x 3 grid that holds a dot in 12 x 12 images, cross-entropy (2.21 at step 1, ln 9 = 2.20); works at
# Adam 3e-3-0.01


@case("coordconv-adam-lr-1-log4", "coordconv", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return coordconv_family("adam", 1.0, log_every=4)


@case("coordconv-adamw-warmup-cosine-peak-1", "coordconv", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return coordconv_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("coordconv-adam-lr-3e-5-100x-low", "coordconv", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return coordconv_family("adam", 3e-5)


@case("coordconv-nadam-lr-3e-5-100x-low-log3", "coordconv", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return coordconv_family("nadam", 3e-5, log_every=3)


@case("coordconv-sgdm-summed-ce", "coordconv", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, COORDCONV0, "ln 9"))
def _() -> Setup:
    return coordconv_family("sgdm", 0.03, loss_fn=fd.coordconv_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                            val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("coordconv-adam-head-x1000", "coordconv", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CoordConvNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, COORDCONV0, "ln 9"))
def _() -> Setup:
    return coordconv_family("adam", 3e-3, model=lambda: scaled_head(fd.CoordConvNet(), 1000))


@case("coordconv-adam-multistep-x0p1-at-5pct", "coordconv", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return coordconv_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("coordconv-adam-missing-pixel-nan", "coordconv", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return coordconv_family("adam", 3e-3, data=fd.coordconv_dots(nan_rows=0.003))


@case("coordconv-adam-fc-dead-at-init", "coordconv", "dead-units",
      cf=lambda s: replace(s, model=fd.CoordConvNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return coordconv_family("adam", 3e-3, model=lambda: fd.CoordConvNet(dead_bias=-30.0), track_zero_grads=True)


@case("coordconv-adam-lr-0p01-recreated-every-4-steps", "coordconv", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return coordconv_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("coordconv-adam-lr-0p05-no-warmup", "coordconv", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return coordconv_family("adam", 0.05)


@case("coordconv-sgd-lr-1-no-clip", "coordconv", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return coordconv_family("sgd", 1.0)


# mingru: a minGRU sequence classifier (gates and candidates from the input only) naming the token boosted in noisy
# one-hot sequences of 16 steps, cross-entropy over 5 classes (1.61 at step 1, ln 5 = 1.61); works at Adam 0.01-0.03


@case("mingru-adam-lr-1", "mingru", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return mingru_family("adam", 1.0)


@case("mingru-sgdm-lr-30-1000x", "mingru", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mingru_family("sgdm", 30.0)


@case("mingru-adamw-warmup-cosine-peak-1", "mingru", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mingru_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("mingru-adam-exponential-gamma-1p02", "mingru", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mingru_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("mingru-adam-lr-1e-4-100x-low", "mingru", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return mingru_family("adam", 1e-4)


@case("mingru-rmsprop-lr-1e-5-100x-low-log4", "mingru", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return mingru_family("rmsprop", 1e-5, log_every=4)


@case("mingru-sgdm-summed-ce", "mingru", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, MINGRU0, "ln 5"))
def _() -> Setup:
    return mingru_family("sgdm", 0.03, loss_fn=fd.mingru_ce_summed, loss_name="cross_entropy summed over the batch's sequences (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("mingru-adam-head-x1000", "mingru", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MinGRUNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MINGRU0, "ln 5"))
def _() -> Setup:
    return mingru_family("adam", 0.01, model=lambda: scaled_head(fd.MinGRUNet(), 1000))


@case("mingru-adam-multistep-x0p1-at-5pct", "mingru", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return mingru_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("mingru-adam-fc-dead-at-init", "mingru", "dead-units",
      cf=lambda s: replace(s, model=fd.MinGRUNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return mingru_family("adam", 0.01, model=lambda: fd.MinGRUNet(dead_bias=-30.0), track_zero_grads=True)


@case("mingru-adam-lr-0p01-recreated-every-4-steps", "mingru", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return mingru_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# vonmises: a circular regression MLP (a ReLU MLP and a ReLU layer, a head to the mean direction and the
# concentration) of an angle, the von Mises negative log-likelihood (~1.9 at step 1, ln(2 pi) = 1.84 at a concentration
# of 0); works at Adam 3e-3-0.01


@case("vonmises-adam-lr-1-log2", "vonmises", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return vonmises_family("adam", 1.0, log_every=2)


@case("vonmises-sgdm-lr-30-1000x", "vonmises", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return vonmises_family("sgdm", 30.0)


@case("vonmises-adamw-warmup-cosine-peak-1", "vonmises", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return vonmises_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("vonmises-rmsprop-exponential-gamma-1p02", "vonmises", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return vonmises_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("vonmises-adam-lr-1e-4-100x-low", "vonmises", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return vonmises_family("adam", 1e-4)


@case("vonmises-rmsprop-lr-1e-5-100x-low-log2", "vonmises", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return vonmises_family("rmsprop", 1e-5, log_every=2)


@case("vonmises-sgdm-summed-nll", "vonmises", "summed",
      cf=lambda s: replace(s, loss_fn=fd.vonmises_nll, loss_name="von Mises NLL (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, VONMISES0, "ln(2 pi)"))
def _() -> Setup:
    return vonmises_family("sgdm", 0.03, loss_fn=fd.vonmises_nll_summed, loss_name="von Mises NLL summed over the batch's rows (reduction='sum')",
                           val_loss_fn=fd.vonmises_nll, mean_loss_fn=fd.vonmises_nll)  # fmt: skip


@case("vonmises-adam-head-x1000", "vonmises", "last-layer-init",
      cf=lambda s: replace(s, model=fd.VonMisesNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, VONMISES0, "ln(2 pi)"))
def _() -> Setup:
    return vonmises_family("adam", 0.01, model=lambda: scaled_head(fd.VonMisesNet(), 1000))


@case("vonmises-adam-exponential-1000x-in-40-steps", "vonmises", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return vonmises_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("vonmises-adam-missing-feature-nan", "vonmises", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return vonmises_family("adam", 0.01, data=fd.vonmises_angles(nan_rows=0.003))


@case("vonmises-adam-fc-dead-at-init", "vonmises", "dead-units",
      cf=lambda s: replace(s, model=fd.VonMisesNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return vonmises_family("adam", 0.01, model=lambda: fd.VonMisesNet(dead_bias=-30.0), track_zero_grads=True)


@case("vonmises-adam-lr-0p01-recreated-every-4-steps", "vonmises", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return vonmises_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# widedeep: Wide & Deep (a linear part over the values and their pairwise crosses, an MLP over value embeddings) of a
# click log of 4 categorical fields and 2 dense features, BCE with logits (0.68 at step 1, ln 2 = 0.69); works at Adam
# 3e-3-0.01


@case("widedeep-adam-lr-1-log2", "widedeep", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return widedeep_family("adam", 1.0, log_every=2)


@case("widedeep-sgdm-lr-10-1000x", "widedeep", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return widedeep_family("sgdm", 10.0)


@case("widedeep-nadam-cyclic-peak-1", "widedeep", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return widedeep_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("widedeep-adam-lr-1e-4-100x-low", "widedeep", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return widedeep_family("adam", 1e-4)


@case("widedeep-adam-head-x3000", "widedeep", "last-layer-init",
      cf=lambda s: replace(s, model=fd.WideDeepNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, WIDEDEEP0, "ln 2"))
def _() -> Setup:
    return widedeep_family("adam", 3e-3, model=lambda: scaled_head(fd.WideDeepNet(), 3000))


@case("widedeep-adam-exponential-1000x-in-40-steps", "widedeep", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return widedeep_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("widedeep-adam-missing-feature-nan", "widedeep", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return widedeep_family("adam", 0.01, data=fd.widedeep_clicks(nan_rows=0.003))


@case("widedeep-adam-256-rows-overfits", "widedeep", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return widedeep_family("adam", 0.01, steps=600, eval_every=30, data=fd.widedeep_clicks(train_rows=256))


@case("widedeep-adam-lr-0p05-no-warmup", "widedeep", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return widedeep_family("adam", 0.05)


# fresh46 half: healthy look-alikes


@case("widedeep-adam-warmup-cosine", "widedeep", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return widedeep_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("coordconv-adam-cosine-log2", "coordconv", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.COORDCONV_CLASSES))
def _() -> Setup:
    return coordconv_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("mingru-adam-cosine", "mingru", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.MINGRU_CLASSES))
def _() -> Setup:
    return mingru_family("adam", 0.03, schedule=cosine_after(0.0), schedule_name="cosine")


@case("widedeep-adagrad-cosine-log20", "widedeep", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return widedeep_family("adagrad", 0.1, log_every=20, schedule=cosine_after(0.0), schedule_name="cosine")


@case("coordconv-nadam-sgdr-log4", "coordconv", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fd.COORDCONV_CLASSES))
def _() -> Setup:
    return coordconv_family("nadam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("mingru-radam-step-decay-log3", "mingru", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.MINGRU_CLASSES))
def _() -> Setup:
    return mingru_family("radam", 0.1, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("vonmises-adagrad-step-decay", "vonmises", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return vonmises_family("adagrad", 0.1, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("vonmises-sgdm-cyclic-triangular2", "vonmises", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return vonmises_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("widedeep-sgdm-one-cycle", "widedeep", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return widedeep_family("sgdm", 0.3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("vonmises-nesterov-one-cycle", "vonmises", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return vonmises_family("nesterov", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("vonmises-adamw-warmup-linear-avg10", "vonmises", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return vonmises_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                           schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("widedeep-adam-resumed-with-state", "widedeep", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return widedeep_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("mingru-adam-resumed-with-state", "mingru", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.MINGRU_CLASSES))
def _() -> Setup:
    return mingru_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("coordconv-rmsprop-constant-log5", "coordconv", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.COORDCONV_CLASSES))
def _() -> Setup:
    return coordconv_family("rmsprop", 3e-3, log_every=5)


@case("widedeep-adam-constant-log5", "widedeep", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return widedeep_family("adam", 0.01, log_every=5)


# fresh46 half, logged once per epoch


@case("widedeep-adam-256-rows-overfits-per-epoch", "widedeep", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return widedeep_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.widedeep_clicks(train_rows=256, batch_size=64))


@case("coordconv-adam-lr-1-per-epoch", "coordconv", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return coordconv_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.coordconv_dots(n=2944, batch_size=64))


@case("mingru-adam-lr-1-per-epoch", "mingru", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return mingru_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.mingru_counts(n=2944, batch_size=64))


@case("coordconv-adam-cosine-per-epoch", "coordconv", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.COORDCONV_CLASSES))
def _() -> Setup:
    return coordconv_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.coordconv_dots(n=5888, batch_size=128),
                            schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("widedeep-adam-cosine-per-epoch", "widedeep", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return widedeep_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.widedeep_clicks(n=2944, batch_size=64),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("mingru-adam-cosine-per-epoch", "mingru", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.MINGRU_CLASSES))
def _() -> Setup:
    return mingru_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.mingru_counts(n=2944, batch_size=64),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("vonmises-adam-cosine-per-epoch", "vonmises", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return vonmises_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.vonmises_angles(n=2944, batch_size=64),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
