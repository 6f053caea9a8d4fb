"""The fifty-fourth fresh half (fresh52, held out from all tuning):
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
    LN, Setup, cosine_after, cross_entropy, cyclic, exponential, exponential_to, linear_decay_after, multistep,
    one_cycle, scaled_head, warm_restarts,
)


def hyena_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes")
    knobs.setdefault("meta", {"model": "Hyena-like: token embeddings 16, 2 pre-LN residual blocks of an order-2 Hyena operator (projections to 3 branches with short depthwise convolutions, an implicit long causal convolution by FFT whose kernel an MLP over positions makes, times a decay window, multiplicative gating) and a GELU MLP 16-32-16, the mean over positions through a ReLU layer 16-32, a head",
                              "length": fd.HYENA_LENGTH, "vocab": fd.HYENA_VOCAB, "classes": fd.HYENA_CLASSES,
                              "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.hyena_tokens(), knobs.pop("model", None) or fd.HyenaNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def edgeconv_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 shape classes")
    knobs.setdefault("meta", {"model": "DGCNN-like: 2 EdgeConv layers 3-16-32 (a k-nearest-neighbour graph rebuilt in feature space, an edge MLP over (x_i, x_j - x_i), max over the neighbours), both concatenated and max-pooled over the points, a ReLU layer 48-32, a head",
                              "points": fd.EDGECONV_POINTS, "k": fd.EDGECONV_K, "classes": fd.EDGECONV_CLASSES,
                              "held_out": "cross-entropy on new point clouds"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.edgeconv_clouds(), knobs.pop("model", None) or fd.EdgeConvNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def poolformer_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 orientations")
    knobs.setdefault("meta", {"model": "PoolFormer-like MetaFormer: a 4x4 patch embedding 1-24, 2 blocks of an average-pooling token mixer (pool(GN(x)) - GN(x)) and a 1x1-convolution GELU MLP 24-48-24 with group norms, a group norm, the mean over the tokens through a ReLU layer 24-32, a head",
                              "image_size": fd.POOLFORMER_SIZE, "patch": fd.POOLFORMER_PATCH,
                              "classes": fd.POOLFORMER_CLASSES, "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.poolformer_images(), knobs.pop("model", None) or fd.PoolFormerNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def expectile_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.expectile_loss)
    knobs.setdefault("loss_name", "expectile loss at tau = 0.8 (asymmetric squared error, mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 8-64-64, a ReLU layer 64-32, a head to the 0.8-expectile",
                              "features": fd.EXPECTILE_FEATURES, "tau": fd.EXPECTILE_TAU,
                              "held_out": "expectile loss on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.expectile_rows(), knobs.pop("model", None) or fd.ExpectileMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


HYENA0, EDGECONV0, POOLFORMER0, EXPECTILE0 = LN(fd.HYENA_CLASSES), LN(fd.EDGECONV_CLASSES), LN(fd.POOLFORMER_CLASSES), fd.expectile_at_zero()
"""Where the families start: the Hyena, EdgeConv and PoolFormer classifiers at ln 4; the expectile MLP at the
expectile loss of a prediction of 0 (~1.17), not ln C."""


# hyena: a Hyena-like classifier (an implicit long convolution, its kernel from an MLP over positions, with
# multiplicative gating) naming the signal token that recurs 16-32 steps later in sequences of 48 tokens,
# cross-entropy over 4 (1.40 at step 1, ln 4 = 1.39); works at Adam 1e-3-0.01, fails from Adam 0.03


@case("hyena-adam-lr-1-log4", "hyena", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return hyena_family("adam", 1.0, log_every=4)


@case("hyena-adamw-warmup-cosine-peak-1", "hyena", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hyena_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("hyena-adam-lr-3e-5-100x-low", "hyena", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hyena_family("adam", 3e-5)


@case("hyena-radam-lr-3e-5-100x-low-log3", "hyena", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hyena_family("radam", 3e-5, log_every=3)


@case("hyena-sgdm-summed-ce", "hyena", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, HYENA0, "ln 4"))
def _() -> Setup:
    return hyena_family("sgdm", 0.03, loss_fn=fd.hyena_ce_summed, loss_name="cross_entropy summed over the batch's sequences (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("hyena-adam-head-x1000", "hyena", "last-layer-init",
      cf=lambda s: replace(s, model=fd.HyenaNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, HYENA0, "ln 4"))
def _() -> Setup:
    return hyena_family("adam", 3e-3, model=lambda: scaled_head(fd.HyenaNet(), 1000))


@case("hyena-adam-multistep-x0p1-at-5pct", "hyena", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return hyena_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("hyena-adam-fc-dead-at-init", "hyena", "dead-units",
      cf=lambda s: replace(s, model=fd.HyenaNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return hyena_family("adam", 3e-3, model=lambda: fd.HyenaNet(dead_bias=-30.0), track_zero_grads=True)


# edgeconv: a DGCNN-like point-cloud classifier (EdgeConv over k-nearest-neighbour graphs rebuilt in feature space, max
# aggregation) naming the shape (circle, square, cross, helix) of 32 jittered 3-D points, cross-entropy over 4 (1.37 at
# step 1, ln 4 = 1.39); works at Adam 3e-3-0.03, SGDm 0.03, plain SGD 0.3


@case("edgeconv-adam-lr-1", "edgeconv", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return edgeconv_family("adam", 1.0)


@case("edgeconv-sgdm-lr-30-1000x", "edgeconv", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return edgeconv_family("sgdm", 30.0)


@case("edgeconv-adamw-warmup-cosine-peak-1", "edgeconv", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return edgeconv_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("edgeconv-adam-exponential-gamma-1p02", "edgeconv", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return edgeconv_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("edgeconv-adam-lr-1e-4-100x-low", "edgeconv", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return edgeconv_family("adam", 1e-4)


@case("edgeconv-sgdm-summed-ce", "edgeconv", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, EDGECONV0, "ln 4"))
def _() -> Setup:
    return edgeconv_family("sgdm", 0.03, loss_fn=fd.edgeconv_ce_summed, loss_name="cross_entropy summed over the batch's clouds (reduction='sum')",
                           val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("edgeconv-adam-multistep-x0p1-at-5pct", "edgeconv", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return edgeconv_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("edgeconv-adam-missing-coordinate-nan", "edgeconv", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the clouds with a missing (NaN) coordinate dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return edgeconv_family("adam", 0.01, data=fd.edgeconv_clouds(nan_rows=0.003))


@case("edgeconv-adam-fc-dead-at-init", "edgeconv", "dead-units",
      cf=lambda s: replace(s, model=fd.EdgeConvNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return edgeconv_family("adam", 0.01, model=lambda: fd.EdgeConvNet(dead_bias=-30.0), track_zero_grads=True)


# poolformer: a PoolFormer-like MetaFormer (patch embedding, average pooling minus identity as the token mixer, channel
# MLPs, group norms) naming the orientation of a noisy grating in 16x16 images, cross-entropy over 4 (~1.39 at step 1,
# ln 4 = 1.39); works at Adam 1e-3-0.01, SGDm 0.03, fails from Adam 0.03 (Adam and NAdam 0.05 without a warmup)


@case("poolformer-adam-lr-1-log2", "poolformer", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return poolformer_family("adam", 1.0, log_every=2)


@case("poolformer-sgdm-lr-30-1000x", "poolformer", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return poolformer_family("sgdm", 30.0)


@case("poolformer-nadam-cyclic-peak-1", "poolformer", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return poolformer_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("poolformer-adam-lr-3e-5-100x-low", "poolformer", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return poolformer_family("adam", 3e-5)


@case("poolformer-nesterov-summed-ce", "poolformer", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, POOLFORMER0, "ln 4"))
def _() -> Setup:
    return poolformer_family("nesterov", 0.03, loss_fn=fd.poolformer_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                             val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("poolformer-adam-head-x1000", "poolformer", "last-layer-init",
      cf=lambda s: replace(s, model=fd.PoolFormerNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, POOLFORMER0, "ln 4"))
def _() -> Setup:
    return poolformer_family("adam", 3e-3, model=lambda: scaled_head(fd.PoolFormerNet(), 1000))


@case("poolformer-adam-exponential-1000x-in-40-steps", "poolformer", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return poolformer_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("poolformer-adam-missing-pixel-nan", "poolformer", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return poolformer_family("adam", 3e-3, data=fd.poolformer_images(nan_rows=0.003))


@case("poolformer-adam-fc-dead-at-init", "poolformer", "dead-units",
      cf=lambda s: replace(s, model=fd.PoolFormerNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return poolformer_family("adam", 3e-3, model=lambda: fd.PoolFormerNet(dead_bias=-30.0), track_zero_grads=True)


@case("poolformer-nadam-lr-0p05-no-warmup", "poolformer", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return poolformer_family("nadam", 0.05)


@case("poolformer-adam-lr-0p05-no-warmup", "poolformer", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return poolformer_family("adam", 0.05)


@case("poolformer-sgd-lr-1-no-clip", "poolformer", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return poolformer_family("sgd", 1.0)


# expectile: a ReLU MLP regressor of the 0.8-expectile of targets whose noise scale depends on the input, the
# asymmetric squared (expectile) loss (1.58 at step 1, 1.17 at a prediction of 0); works at Adam 3e-3-0.03, SGDm 0.03-0.1


@case("expectile-adam-lr-1-log2", "expectile", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return expectile_family("adam", 1.0, log_every=2)


@case("expectile-sgdm-lr-30-1000x", "expectile", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return expectile_family("sgdm", 30.0)


@case("expectile-adamw-warmup-cosine-peak-1", "expectile", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return expectile_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("expectile-rmsprop-exponential-gamma-1p02", "expectile", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return expectile_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("expectile-adam-lr-1e-4-100x-low", "expectile", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return expectile_family("adam", 1e-4)


@case("expectile-sgdm-lr-3e-4-100x-low-log3", "expectile", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return expectile_family("sgdm", 3e-4, log_every=3)


@case("expectile-sgdm-summed", "expectile", "summed",
      cf=lambda s: replace(s, loss_fn=fd.expectile_loss, loss_name="expectile loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, EXPECTILE0, "the expectile loss of a prediction of 0"))
def _() -> Setup:
    return expectile_family("sgdm", 0.03, loss_fn=fd.expectile_summed, loss_name="expectile loss summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.expectile_loss, mean_loss_fn=fd.expectile_loss)  # fmt: skip


@case("expectile-adam-head-x1000", "expectile", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ExpectileMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, EXPECTILE0, "the expectile loss of a prediction of 0"))
def _() -> Setup:
    return expectile_family("adam", 0.01, model=lambda: scaled_head(fd.ExpectileMLP(), 1000))


@case("expectile-adam-exponential-1000x-in-40-steps", "expectile", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return expectile_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("expectile-adam-missing-feature-nan", "expectile", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return expectile_family("adam", 0.01, data=fd.expectile_rows(nan_rows=0.003))


@case("expectile-adam-lr-0p01-recreated-every-4-steps", "expectile", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return expectile_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("expectile-adam-256-rows-overfits", "expectile", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return expectile_family("adam", 0.01, steps=600, eval_every=30, data=fd.expectile_rows(train_rows=256))


@case("expectile-sgd-lr-1-no-clip", "expectile", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return expectile_family("sgd", 1.0)


# fresh52 half: healthy look-alikes


@case("hyena-adam-cosine-log2", "hyena", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.HYENA_CLASSES))
def _() -> Setup:
    return hyena_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("edgeconv-adam-cosine", "edgeconv", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.EDGECONV_CLASSES))
def _() -> Setup:
    return edgeconv_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("hyena-nadam-sgdr-log4", "hyena", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fd.HYENA_CLASSES))
def _() -> Setup:
    return hyena_family("nadam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("expectile-adagrad-step-decay", "expectile", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return expectile_family("adagrad", 0.1, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("edgeconv-radam-step-decay-log3", "edgeconv", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.EDGECONV_CLASSES))
def _() -> Setup:
    return edgeconv_family("radam", 0.01, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("expectile-sgdm-cyclic-triangular2", "expectile", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return expectile_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("poolformer-sgdm-one-cycle", "poolformer", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.POOLFORMER_CLASSES))
def _() -> Setup:
    return poolformer_family("sgdm", 0.05, schedule=one_cycle, schedule_name="OneCycleLR")


@case("expectile-nesterov-one-cycle", "expectile", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return expectile_family("nesterov", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("expectile-adamw-warmup-linear-avg10", "expectile", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return expectile_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                            schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("poolformer-adamw-warmup-cosine", "poolformer", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.POOLFORMER_CLASSES))
def _() -> Setup:
    return poolformer_family("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("edgeconv-adam-warmup-cosine", "edgeconv", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.EDGECONV_CLASSES))
def _() -> Setup:
    return edgeconv_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("hyena-adam-resumed-with-state", "hyena", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.HYENA_CLASSES))
def _() -> Setup:
    return hyena_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("expectile-adam-resumed-with-state", "expectile", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return expectile_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("poolformer-rmsprop-reduce-on-plateau-log4", "poolformer", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.POOLFORMER_CLASSES))
def _() -> Setup:
    return poolformer_family("rmsprop", 1e-3, log_every=4, schedule=on_plateau(0.3, 1),
                             schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("edgeconv-rmsprop-constant-log5", "edgeconv", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.EDGECONV_CLASSES))
def _() -> Setup:
    return edgeconv_family("rmsprop", 1e-3, log_every=5)


@case("poolformer-adam-constant-log5", "poolformer", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.POOLFORMER_CLASSES))
def _() -> Setup:
    return poolformer_family("adam", 3e-3, log_every=5)


@case("edgeconv-sgd-lr-0p3-cosine", "edgeconv", "healthy", like=("lr-too-low", "plateau"),
      shape=healthy_shape(fd.EDGECONV_CLASSES))
def _() -> Setup:
    return edgeconv_family("sgd", 0.3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("expectile-adam-finetune-lr-1e-4", "expectile", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return expectile_family("adam", 1e-4, steps=300, eval_every=30, model=fd.pretrained_expectile,
                            meta={"features": fd.EXPECTILE_FEATURES, "tau": fd.EXPECTILE_TAU, "pretrained": True})  # fmt: skip


# fresh52 half, logged once per epoch


@case("expectile-adam-256-rows-overfits-per-epoch", "expectile", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return expectile_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.expectile_rows(train_rows=256, batch_size=64))


@case("hyena-adam-lr-1-per-epoch", "hyena", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return hyena_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.hyena_tokens(n=2944, batch_size=64))


@case("poolformer-adam-lr-1-per-epoch", "poolformer", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return poolformer_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.poolformer_images(n=2944, batch_size=64))


@case("expectile-adam-cosine-per-epoch", "expectile", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return expectile_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.expectile_rows(n=2944, batch_size=64),
                            schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("hyena-adam-cosine-per-epoch", "hyena", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.HYENA_CLASSES))
def _() -> Setup:
    return hyena_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.hyena_tokens(n=2944, batch_size=64),
                        schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
