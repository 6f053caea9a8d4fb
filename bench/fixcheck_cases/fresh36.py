"""The thirty-sixth fresh half (fresh36, held out from all tuning):
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


def lenet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 10 digits")
    knobs.setdefault("meta", {"model": "LeNet-5-like CNN: two tanh conv + average-pooling stages, two ReLU layers, a head",
                              "image_size": fd.LENET_SIZE, "classes": fd.LENET_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.lenet_digits(), knobs.pop("model", None) or fd.LeNetSmall,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def rbfnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.rbfnet_mse)
    knobs.setdefault("loss_name", "mse of the standardised target (mean)")
    knobs.setdefault("meta", {"model": "radial basis function network: 32 Gaussian units (learned centres and widths), a ReLU layer, a head",
                              "features": fd.RBFNET_FEATURES, "held_out": "mse on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.rbfnet_rows(), knobs.pop("model", None) or fd.RBFNetwork,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def cheb_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 graph generators")
    knobs.setdefault("meta", {"model": "Chebyshev spectral graph convolutions (order 3), mean and max pooling, a ReLU layer, a head",
                              "nodes": fd.CHEB_NODES, "classes": fd.CHEB_CLASSES,
                              "held_out": "cross-entropy on new graphs"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.cheb_graphs(), knobs.pop("model", None) or fd.ChebNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def wrn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 6 textures")
    knobs.setdefault("meta", {"model": "tiny wide ResNet: a stem, two pre-activation blocks with BatchNorm, a ReLU layer, a head",
                              "image_size": fd.WRN_SIZE, "classes": fd.WRN_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.wrn_textures(), knobs.pop("model", None) or fd.TinyWideResNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


LENET0, RBFNET0, CHEB0, WRN0 = LN(fd.LENET_CLASSES), fd.rbfnet_at_zero(), LN(fd.CHEB_CLASSES), LN(fd.WRN_CLASSES)
"""Where the families start: the LeNet at ln 10, the Chebyshev net at ln 4, the wide ResNet at ln 6; the RBF network's squared
error at that of a regressor predicting 0 (~1.1), not ln C."""


# lenet: a LeNet-5-like CNN classifying 16 x 16 seven-segment stroke digits (10), cross-entropy (2.3 at step 1, ln 10); works at
# Adam 3e-3-0.01


@case("lenet-adam-lr-1-log2", "lenet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return lenet_family("adam", 1.0, log_every=2)


@case("lenet-adamw-warmup-cosine-peak-1", "lenet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lenet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("lenet-adam-lr-3e-5-100x-low", "lenet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lenet_family("adam", 3e-5)


@case("lenet-radam-lr-3e-5-100x-low-log3", "lenet", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lenet_family("radam", 3e-5, log_every=3)


@case("lenet-sgdm-summed-ce", "lenet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, LENET0, "ln 10"))
def _() -> Setup:
    return lenet_family("sgdm", 0.05, loss_fn=fd.lenet_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("lenet-adam-head-x1000", "lenet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LeNetSmall), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LENET0, "ln 10"))
def _() -> Setup:
    return lenet_family("adam", 3e-3, model=lambda: scaled_head(fd.LeNetSmall(), 1000))


@case("lenet-adam-fc-dead-at-init", "lenet", "dead-units",
      cf=lambda s: replace(s, model=fd.LeNetSmall), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return lenet_family("adam", 3e-3, model=lambda: fd.LeNetSmall(dead_bias=-30.0), track_zero_grads=True)


@case("lenet-adam-multistep-x0p1-at-5pct", "lenet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return lenet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("lenet-adam-missing-pixel-nan", "lenet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return lenet_family("adam", 3e-3, data=fd.lenet_digits(nan_rows=0.003))


@case("lenet-adam-lr-0p01-recreated-every-4-steps", "lenet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return lenet_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("lenet-adam-lr-0p05-no-warmup", "lenet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return lenet_family("adam", 0.05)


@case("lenet-sgd-lr-1-no-clip", "lenet", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return lenet_family("sgd", 1.0)


# rbfnet: a radial basis function network (32 Gaussian units, learned centres and widths) regressing a sum of bumps of 6
# features, the squared error (~1.0 at step 1, its floor ~0.09); works at Adam 3e-3-0.03


@case("rbfnet-adam-lr-1", "rbfnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return rbfnet_family("adam", 1.0)


@case("rbfnet-sgdm-lr-100-1000x", "rbfnet", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return rbfnet_family("sgdm", 100.0)


@case("rbfnet-adamw-warmup-cosine-peak-1", "rbfnet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return rbfnet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("rbfnet-rmsprop-exponential-gamma-1p02", "rbfnet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return rbfnet_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("rbfnet-adam-lr-3e-5-100x-low", "rbfnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return rbfnet_family("adam", 3e-5)


@case("rbfnet-sgdm-summed", "rbfnet", "summed",
      cf=lambda s: replace(s, loss_fn=fd.rbfnet_mse, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, RBFNET0, "the squared error of predicting 0"))
def _() -> Setup:
    return rbfnet_family("sgdm", 0.1, loss_fn=fd.rbfnet_mse_summed, loss_name="mse summed over the batch (reduction='sum')",
                         val_loss_fn=fd.rbfnet_mse, mean_loss_fn=fd.rbfnet_mse)  # fmt: skip


@case("rbfnet-adam-head-x300", "rbfnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.RBFNetwork), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, RBFNET0, "the squared error of predicting 0"))
def _() -> Setup:
    return rbfnet_family("adam", 3e-3, model=lambda: scaled_head(fd.RBFNetwork(), 300))


@case("rbfnet-adam-fc-dead-at-init", "rbfnet", "dead-units",
      cf=lambda s: replace(s, model=fd.RBFNetwork), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return rbfnet_family("adam", 3e-3, model=lambda: fd.RBFNetwork(dead_bias=-30.0), track_zero_grads=True)


@case("rbfnet-adam-exponential-1000x-in-40-steps", "rbfnet", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return rbfnet_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("rbfnet-adam-missing-feature-nan", "rbfnet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return rbfnet_family("adam", 3e-3, data=fd.rbfnet_rows(nan_rows=0.003))


@case("rbfnet-sgd-lr-3-no-clip", "rbfnet", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return rbfnet_family("sgd", 3.0)


# cheb: a Chebyshev spectral graph convolution net naming the generator of a 12-node graph (4 classes), cross-entropy (1.38 at
# step 1, ln 4 = 1.39); works at Adam 3e-3-0.01


@case("cheb-adam-lr-1-log4", "cheb", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cheb_family("adam", 1.0, log_every=4)


@case("cheb-sgdm-lr-100-1000x", "cheb", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cheb_family("sgdm", 100.0)


@case("cheb-adamw-warmup-cosine-peak-1", "cheb", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cheb_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("cheb-adam-exponential-gamma-1p02", "cheb", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cheb_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("cheb-sgdm-summed-ce", "cheb", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, CHEB0, "ln 4"))
def _() -> Setup:
    return cheb_family("sgdm", 0.1, loss_fn=fd.cheb_ce_summed, loss_name="cross_entropy summed over the batch's graphs (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("cheb-adam-head-x1000", "cheb", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ChebNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CHEB0, "ln 4"))
def _() -> Setup:
    return cheb_family("adam", 3e-3, model=lambda: scaled_head(fd.ChebNet(), 1000))


@case("cheb-adam-fc-dead-at-init", "cheb", "dead-units",
      cf=lambda s: replace(s, model=fd.ChebNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return cheb_family("adam", 3e-3, model=lambda: fd.ChebNet(dead_bias=-30.0), track_zero_grads=True)


@case("cheb-adam-multistep-x0p1-at-5pct", "cheb", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return cheb_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("cheb-adam-128-graphs-overfits", "cheb", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return cheb_family("adam", 0.01, steps=600, eval_every=30, data=fd.cheb_graphs(train_rows=128))


# wrn: a tiny wide ResNet with BatchNorm classifying 12 x 12 grating textures by orientation and period (6), cross-entropy
# (1.8 at step 1, ln 6 = 1.79); works at Adam 3e-3-0.01


@case("wrn-adam-lr-1-log2", "wrn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return wrn_family("adam", 1.0, log_every=2)


@case("wrn-sgdm-lr-100-1000x", "wrn", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return wrn_family("sgdm", 100.0)


@case("wrn-nadam-cyclic-peak-1", "wrn", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return wrn_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("wrn-adam-lr-3e-5-100x-low", "wrn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return wrn_family("adam", 3e-5)


@case("wrn-adam-head-x1000", "wrn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TinyWideResNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, WRN0, "ln 6"))
def _() -> Setup:
    return wrn_family("adam", 3e-3, model=lambda: scaled_head(fd.TinyWideResNet(), 1000))


@case("wrn-adam-fc-dead-at-init", "wrn", "dead-units",
      cf=lambda s: replace(s, model=fd.TinyWideResNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return wrn_family("adam", 3e-3, model=lambda: fd.TinyWideResNet(dead_bias=-30.0), track_zero_grads=True)


@case("wrn-adam-exponential-1000x-in-40-steps", "wrn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return wrn_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("wrn-adam-missing-pixel-nan", "wrn", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return wrn_family("adam", 3e-3, data=fd.wrn_textures(nan_rows=0.003))


@case("wrn-adam-lr-3e-3-recreated-every-4-steps", "wrn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return wrn_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("wrn-adam-lr-0p1-no-warmup", "wrn", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return wrn_family("adam", 0.1)


@case("lenet-rmsprop-lr-3e-5-100x-low-log2", "lenet", "lr-low-rmsprop", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lenet_family("rmsprop", 3e-5, log_every=2)


@case("wrn-rmsprop-lr-3e-5-100x-low-log2", "wrn", "lr-low-rmsprop", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return wrn_family("rmsprop", 3e-5, log_every=2)


@case("wrn-sgdm-lr-1e-3-100x-low-log4", "wrn", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return wrn_family("sgdm", 1e-3, log_every=4)


@case("rbfnet-adam-lr-0p01-recreated-every-4-steps", "rbfnet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return rbfnet_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# fresh36 half: healthy look-alikes


@case("rbfnet-adam-warmup-cosine", "rbfnet", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return rbfnet_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("lenet-adam-cosine-log2", "lenet", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.LENET_CLASSES))
def _() -> Setup:
    return lenet_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("wrn-adam-cosine", "wrn", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.WRN_CLASSES))
def _() -> Setup:
    return wrn_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("lenet-nadam-sgdr-log4", "lenet", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.LENET_CLASSES))
def _() -> Setup:
    return lenet_family("nadam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("wrn-radam-step-decay-log3", "wrn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.WRN_CLASSES))
def _() -> Setup:
    return wrn_family("radam", 0.01, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("cheb-adagrad-step-decay", "cheb", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.CHEB_CLASSES))
def _() -> Setup:
    return cheb_family("adagrad", 0.03, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("wrn-sgdm-cyclic-triangular2", "wrn", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(fd.WRN_CLASSES))
def _() -> Setup:
    return wrn_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("rbfnet-sgdm-one-cycle", "rbfnet", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return rbfnet_family("sgdm", 0.3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("cheb-nesterov-one-cycle", "cheb", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.CHEB_CLASSES))
def _() -> Setup:
    return cheb_family("sgdm", 0.1, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("lenet-adamw-warmup-linear-avg10", "lenet", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.LENET_CLASSES))
def _() -> Setup:
    return lenet_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                        schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("rbfnet-adam-resumed-with-state", "rbfnet", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return rbfnet_family("adam", 0.03, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("cheb-adam-resumed-with-state", "cheb", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.CHEB_CLASSES))
def _() -> Setup:
    return cheb_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("rbfnet-adagrad-cosine-log20", "rbfnet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return rbfnet_family("adagrad", 0.1, log_every=20, schedule=cosine_after(0.0), schedule_name="cosine")


@case("lenet-rmsprop-constant-log5", "lenet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.LENET_CLASSES))
def _() -> Setup:
    return lenet_family("rmsprop", 3e-3, log_every=5)


@case("cheb-adam-constant-log5", "cheb", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.CHEB_CLASSES))
def _() -> Setup:
    return cheb_family("adam", 3e-3, log_every=5)


# fresh36 half, logged once per epoch


@case("cheb-adam-128-graphs-overfits-per-epoch", "cheb", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return cheb_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.cheb_graphs(train_rows=128, batch_size=32))


@case("lenet-adam-lr-1-per-epoch", "lenet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return lenet_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.lenet_digits(n=2944, batch_size=64))


@case("cheb-adam-lr-1-per-epoch", "cheb", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return cheb_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.cheb_graphs(n=2944, batch_size=64))


@case("lenet-adam-cosine-per-epoch", "lenet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.LENET_CLASSES))
def _() -> Setup:
    return lenet_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.lenet_digits(n=2944, batch_size=64),
                        schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("rbfnet-adam-cosine-per-epoch", "rbfnet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return rbfnet_family("adam", 0.03, steps=46 * 9, log_per_epoch=True, data=fd.rbfnet_rows(n=2944),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("wrn-adam-cosine-per-epoch", "wrn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.WRN_CLASSES))
def _() -> Setup:
    return wrn_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.wrn_textures(n=2944, batch_size=64),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("cheb-adam-cosine-per-epoch", "cheb", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.CHEB_CLASSES))
def _() -> Setup:
    return cheb_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.cheb_graphs(n=2944, batch_size=64),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
