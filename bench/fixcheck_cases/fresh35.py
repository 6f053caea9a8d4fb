"""The thirty-fifth fresh half (fresh35, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

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


def senet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 6 directions")
    knobs.setdefault("meta", {"model": "squeeze-and-excitation CNN: two conv + SE blocks, global max pooling, a ReLU layer, a head",
                              "image_size": fd.SENET_SIZE, "classes": fd.SENET_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.senet_images(), knobs.pop("model", None) or fd.SENetSmall,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def sumgru_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.sumgru_huber)
    knobs.setdefault("loss_name", "smooth_l1_loss (beta 1) of the standardised gated sum (mean)")
    knobs.setdefault("meta", {"model": "bidirectional GRU regressor, final states to a ReLU layer and a head",
                              "length": fd.SUMGRU_LENGTH, "held_out": "smooth L1 loss on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.sumgru_series(), knobs.pop("model", None) or fd.BiGRUSumRegressor,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def attnpool_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 bag classes")
    knobs.setdefault("meta", {"model": "multi-head attention pooling of a bag (a learned query, 4 heads), a ReLU layer, a head",
                              "bag_size": fd.ATTNPOOL_BAG, "classes": fd.ATTNPOOL_TYPES,
                              "held_out": "cross-entropy on new bags"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.attnpool_bags(), knobs.pop("model", None) or fd.AttnPoolClassifier,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def highway_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes")
    knobs.setdefault("meta", {"model": "highway network: 3 gated highway layers, a ReLU layer, a head",
                              "features": fd.HIGHWAY_FEATURES, "classes": fd.HIGHWAY_CLASSES,
                              "held_out": "cross-entropy on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.highway_rows(), knobs.pop("model", None) or fd.HighwayNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


SENET0, SUMGRU0, ATTNPOOL0, HIGHWAY0 = (LN(fd.SENET_CLASSES), fd.sumgru_at_zero(), LN(fd.ATTNPOOL_TYPES),
                                        LN(fd.HIGHWAY_CLASSES))
"""Where the families start: the SE CNN at ln 6, the attention pooling at ln 5, the highway network at ln 4; the bidirectional
GRU's smooth L1 loss at that of a regressor predicting 0 (~0.45), not ln C."""


# senet: a squeeze-and-excitation CNN classifying 12 x 12 two-channel images by the direction from one spot to the other (6),
# cross-entropy (1.79 at step 1, ln 6); works at Adam 3e-3-0.01


@case("senet-adam-lr-1-log2", "senet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return senet_family("adam", 1.0, log_every=2)


@case("senet-adamw-warmup-cosine-peak-1", "senet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return senet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("senet-adam-lr-3e-5-100x-low", "senet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return senet_family("adam", 3e-5)


@case("senet-sgdm-summed-ce", "senet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SENET0, "ln 6"))
def _() -> Setup:
    return senet_family("sgdm", 0.05, loss_fn=fd.senet_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("senet-adam-head-x1000", "senet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SENetSmall), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SENET0, "ln 6"))
def _() -> Setup:
    return senet_family("adam", 3e-3, model=lambda: scaled_head(fd.SENetSmall(), 1000))


@case("senet-adam-fc-dead-at-init", "senet", "dead-units",
      cf=lambda s: replace(s, model=fd.SENetSmall), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return senet_family("adam", 3e-3, model=lambda: fd.SENetSmall(dead_bias=-30.0), track_zero_grads=True)


@case("senet-adam-multistep-x0p1-at-5pct", "senet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return senet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("senet-adam-missing-pixel-nan", "senet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return senet_family("adam", 3e-3, data=fd.senet_images(nan_rows=0.003))


@case("senet-adam-lr-0p01-recreated-every-4-steps", "senet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return senet_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("senet-adam-lr-0p05-no-warmup", "senet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return senet_family("adam", 0.05)


# sumgru: a bidirectional GRU regressing the gated sum (plus half the largest value) of 16-step sequences, the smooth L1
# loss (~0.46 at step 1, its floor ~0.045); works at Adam 3e-3-0.03


@case("sumgru-adam-lr-1", "sumgru", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return sumgru_family("adam", 1.0)


@case("sumgru-sgdm-lr-100-1000x", "sumgru", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sumgru_family("sgdm", 100.0)


@case("sumgru-adamw-warmup-cosine-peak-1", "sumgru", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sumgru_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("sumgru-rmsprop-exponential-gamma-1p02", "sumgru", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sumgru_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("sumgru-adam-lr-3e-5-100x-low", "sumgru", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sumgru_family("adam", 3e-5)


@case("sumgru-sgdm-summed", "sumgru", "summed",
      cf=lambda s: replace(s, loss_fn=fd.sumgru_huber, loss_name="smooth_l1_loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SUMGRU0, "the smooth L1 loss of predicting 0"))
def _() -> Setup:
    return sumgru_family("sgdm", 0.1, loss_fn=fd.sumgru_huber_summed, loss_name="smooth_l1_loss summed over the batch (reduction='sum')",
                         val_loss_fn=fd.sumgru_huber, mean_loss_fn=fd.sumgru_huber)  # fmt: skip


@case("sumgru-adam-head-x300", "sumgru", "last-layer-init",
      cf=lambda s: replace(s, model=fd.BiGRUSumRegressor), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SUMGRU0, "the smooth L1 loss of predicting 0"))
def _() -> Setup:
    return sumgru_family("adam", 3e-3, model=lambda: scaled_head(fd.BiGRUSumRegressor(), 300))


@case("sumgru-adam-fc-dead-at-init", "sumgru", "dead-units",
      cf=lambda s: replace(s, model=fd.BiGRUSumRegressor), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return sumgru_family("adam", 3e-3, model=lambda: fd.BiGRUSumRegressor(dead_bias=-30.0), track_zero_grads=True)


@case("sumgru-adam-exponential-1000x-in-40-steps", "sumgru", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return sumgru_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("sumgru-adam-missing-value-nan", "sumgru", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sequences with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return sumgru_family("adam", 3e-3, data=fd.sumgru_series(nan_rows=0.003))


@case("senet-sgd-lr-1-no-clip", "senet", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return senet_family("sgd", 1.0)


# attnpool: multi-head attention pooling (a learned query, 4 heads) of bags of 12 feature vectors, naming the type that
# holds 4 of them (5 classes), cross-entropy (1.6 at step 1, ln 5 = 1.61); works at Adam 3e-3-0.01


@case("attnpool-adam-lr-1-log4", "attnpool", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return attnpool_family("adam", 1.0, log_every=4)


@case("attnpool-sgdm-lr-100-1000x", "attnpool", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return attnpool_family("sgdm", 100.0)


@case("attnpool-adamw-warmup-cosine-peak-1", "attnpool", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return attnpool_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("attnpool-adam-exponential-gamma-1p02", "attnpool", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return attnpool_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("attnpool-adam-lr-3e-5-100x-low", "attnpool", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return attnpool_family("adam", 3e-5)


@case("attnpool-rmsprop-lr-3e-5-100x-low-log2", "attnpool", "lr-low-rmsprop", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return attnpool_family("rmsprop", 3e-5, log_every=2)


@case("attnpool-sgdm-lr-1e-3-100x-low-log4", "attnpool", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return attnpool_family("sgdm", 1e-3, log_every=4)


@case("attnpool-sgdm-summed-ce", "attnpool", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ATTNPOOL0, "ln 5"))
def _() -> Setup:
    return attnpool_family("sgdm", 0.1, loss_fn=fd.attnpool_ce_summed, loss_name="cross_entropy summed over the batch's bags (reduction='sum')",
                           val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("attnpool-adam-head-x1000", "attnpool", "last-layer-init",
      cf=lambda s: replace(s, model=fd.AttnPoolClassifier), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, ATTNPOOL0, "ln 5"))
def _() -> Setup:
    return attnpool_family("adam", 3e-3, model=lambda: scaled_head(fd.AttnPoolClassifier(), 1000))


@case("attnpool-adam-fc-dead-at-init", "attnpool", "dead-units",
      cf=lambda s: replace(s, model=fd.AttnPoolClassifier), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return attnpool_family("adam", 3e-3, model=lambda: fd.AttnPoolClassifier(dead_bias=-30.0), track_zero_grads=True)


@case("attnpool-adam-multistep-x0p1-at-5pct", "attnpool", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return attnpool_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("attnpool-adam-256-bags-overfits", "attnpool", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return attnpool_family("adam", 0.01, steps=600, eval_every=30, data=fd.attnpool_bags(train_rows=256))


@case("attnpool-adam-lr-3e-3-recreated-every-4-steps", "attnpool", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return attnpool_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# highway: a highway network (3 gated layers) classifying rows of 20 features into 4 classes, cross-entropy (1.4 at step 1,
# ln 4 = 1.39); works at Adam 3e-3-0.01


@case("highway-adam-lr-1-log2", "highway", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return highway_family("adam", 1.0, log_every=2)


@case("highway-sgdm-lr-100-1000x", "highway", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return highway_family("sgdm", 100.0)


@case("highway-nadam-cyclic-peak-1", "highway", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return highway_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("highway-adam-lr-3e-5-100x-low", "highway", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return highway_family("adam", 3e-5)


@case("senet-radam-lr-3e-5-100x-low-log3", "senet", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return senet_family("radam", 3e-5, log_every=3)


@case("highway-adam-head-x1000", "highway", "last-layer-init",
      cf=lambda s: replace(s, model=fd.HighwayNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, HIGHWAY0, "ln 4"))
def _() -> Setup:
    return highway_family("adam", 3e-3, model=lambda: scaled_head(fd.HighwayNet(), 1000))


@case("highway-adam-fc-dead-at-init", "highway", "dead-units",
      cf=lambda s: replace(s, model=fd.HighwayNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return highway_family("adam", 3e-3, model=lambda: fd.HighwayNet(dead_bias=-30.0), track_zero_grads=True)


@case("highway-adam-exponential-1000x-in-40-steps", "highway", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return highway_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("highway-adam-missing-feature-nan", "highway", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return highway_family("adam", 3e-3, data=fd.highway_rows(nan_rows=0.003))


@case("highway-adam-lr-3e-3-recreated-every-4-steps", "highway", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return highway_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("highway-adam-lr-0p1-no-warmup", "highway", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return highway_family("adam", 0.1)


# fresh35 half: healthy look-alikes


@case("sumgru-adam-warmup-cosine", "sumgru", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return sumgru_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("senet-adam-cosine-log2", "senet", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.SENET_CLASSES))
def _() -> Setup:
    return senet_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("highway-adam-cosine", "highway", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.HIGHWAY_CLASSES))
def _() -> Setup:
    return highway_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("senet-nadam-sgdr-log4", "senet", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.SENET_CLASSES))
def _() -> Setup:
    return senet_family("nadam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("highway-radam-step-decay-log3", "highway", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.HIGHWAY_CLASSES))
def _() -> Setup:
    return highway_family("radam", 0.03, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("attnpool-adagrad-step-decay", "attnpool", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.ATTNPOOL_TYPES))
def _() -> Setup:
    return attnpool_family("adagrad", 0.03, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("highway-sgdm-cyclic-triangular2", "highway", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape(fd.HIGHWAY_CLASSES))
def _() -> Setup:
    return highway_family("sgdm", 0.3, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("sumgru-sgdm-one-cycle", "sumgru", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return sumgru_family("sgdm", 0.3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("attnpool-nesterov-one-cycle", "attnpool", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.ATTNPOOL_TYPES))
def _() -> Setup:
    return attnpool_family("sgdm", 0.1, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("senet-adamw-warmup-linear-avg10", "senet", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.SENET_CLASSES))
def _() -> Setup:
    return senet_family("adamw", 0.03, log_every=10, average=True, schedule=linear_decay_after(0.05),
                        schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("sumgru-adam-resumed-with-state", "sumgru", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return sumgru_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("attnpool-adam-resumed-with-state", "attnpool", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.ATTNPOOL_TYPES))
def _() -> Setup:
    return attnpool_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("sumgru-adagrad-cosine-log20", "sumgru", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return sumgru_family("adagrad", 0.1, log_every=20, schedule=cosine_after(0.0), schedule_name="cosine")


@case("senet-rmsprop-constant-log5", "senet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.SENET_CLASSES))
def _() -> Setup:
    return senet_family("rmsprop", 3e-3, log_every=5)


@case("attnpool-adam-constant-log5", "attnpool", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.ATTNPOOL_TYPES))
def _() -> Setup:
    return attnpool_family("adam", 3e-3, log_every=5)


# fresh35 half, logged once per epoch


@case("attnpool-adam-256-bags-overfits-per-epoch", "attnpool", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return attnpool_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.attnpool_bags(train_rows=256, batch_size=64))


@case("senet-adam-lr-1-per-epoch", "senet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return senet_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.senet_images(n=2944, batch_size=64))


@case("attnpool-adam-lr-1-per-epoch", "attnpool", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return attnpool_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.attnpool_bags(n=5888, batch_size=128))


@case("senet-adam-cosine-per-epoch", "senet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.SENET_CLASSES))
def _() -> Setup:
    return senet_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.senet_images(n=2944, batch_size=64),
                        schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("sumgru-adam-cosine-per-epoch", "sumgru", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return sumgru_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.sumgru_series(n=2944),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("highway-adam-cosine-per-epoch", "highway", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.HIGHWAY_CLASSES))
def _() -> Setup:
    return highway_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.highway_rows(n=2944),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("attnpool-adam-cosine-per-epoch", "attnpool", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.ATTNPOOL_TYPES))
def _() -> Setup:
    return attnpool_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.attnpool_bags(n=5888, batch_size=128),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
