"""The forty-seventh fresh half (fresh45, held out from all tuning):
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


def sgc_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 communities")
    knobs.setdefault("meta", {"model": "SGC: the features propagated 2 hops by the normalised adjacency (S^2 X, no parameters), a linear map 12-32, a ReLU layer 32-32, a head",
                              "nodes": fd.SGC_NODES, "hops": fd.SGC_HOPS, "classes": fd.SGC_BLOCKS,
                              "held_out": "cross-entropy on the unlabelled nodes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.sgc_nodes(), knobs.pop("model", None) or fd.SGCNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def qrnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 pulse counts")
    knobs.setdefault("meta", {"model": "QRNN: two quasi-recurrent layers of 32 units (causal convolutions of width 2 giving z, f, o; fo-pooling), the last state to a ReLU layer and a head",
                              "sequence_steps": fd.QRNN_STEPS, "classes": fd.QRNN_CLASSES,
                              "held_out": "cross-entropy on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.qrnn_pulses(), knobs.pop("model", None) or fd.QRNNClassifier,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def gammareg_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.gammareg_deviance)
    knobs.setdefault("loss_name", "Gamma deviance of the log-mean (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP of the log-mean, 8-64-64-32-1", "features": fd.GAMMAREG_FEATURES,
                              "gamma_shape": fd.GAMMAREG_SHAPE, "held_out": "Gamma deviance on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gammareg_rows(), knobs.pop("model", None) or fd.GammaRegMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def ghostnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 motifs")
    knobs.setdefault("meta", {"model": "GhostNet-like CNN: a stem convolution, ghost modules (a few primary convolution channels plus cheap depthwise ghost features, BatchNorm), a ghost bottleneck with a residual connection, global average pooling, a ReLU layer, a head",
                              "image_size": fd.GHOSTNET_SIZE, "classes": fd.GHOSTNET_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.ghostnet_motifs(), knobs.pop("model", None) or fd.GhostNetCNN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


GHOSTNET0, QRNN0, SGC0, GAMMAREG0 = (LN(fd.GHOSTNET_CLASSES), LN(fd.QRNN_CLASSES), LN(fd.SGC_BLOCKS), fd.gammareg_at_zero())
"""Where the families start: the GhostNet-like CNN at ln 5, the QRNN and SGC at ln 4; the Gamma deviance at that of a
log-mean of 0 (~8.2), not ln C."""


# ghostnet: a GhostNet-like CNN (ghost modules: a few primary convolution channels plus cheap depthwise ghost features)
# naming one of 5 signed motifs in 12 x 12 images, cross-entropy (~1.7 at step 1, ln 5 = 1.61); works at Adam 3e-3-0.01


@case("ghostnet-adam-lr-1-log4", "ghostnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ghostnet_family("adam", 1.0, log_every=4)


@case("ghostnet-adamw-warmup-cosine-peak-1", "ghostnet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ghostnet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("ghostnet-adam-lr-3e-5-100x-low", "ghostnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ghostnet_family("adam", 3e-5)


@case("ghostnet-radam-lr-3e-5-100x-low-log3", "ghostnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ghostnet_family("radam", 3e-5, log_every=3)


@case("ghostnet-adam-head-x1000", "ghostnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GhostNetCNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GHOSTNET0, "ln 5"))
def _() -> Setup:
    return ghostnet_family("adam", 3e-3, model=lambda: scaled_head(fd.GhostNetCNN(), 1000))


@case("ghostnet-adam-multistep-x0p1-at-5pct", "ghostnet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return ghostnet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("ghostnet-adam-missing-pixel-nan", "ghostnet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return ghostnet_family("adam", 3e-3, data=fd.ghostnet_motifs(nan_rows=0.003))


@case("ghostnet-adam-fc-dead-at-init", "ghostnet", "dead-units",
      cf=lambda s: replace(s, model=fd.GhostNetCNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return ghostnet_family("adam", 3e-3, model=lambda: fd.GhostNetCNN(dead_bias=-30.0), track_zero_grads=True)


@case("ghostnet-adam-lr-0p01-recreated-every-4-steps", "ghostnet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return ghostnet_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("ghostnet-adam-lr-0p05-no-warmup", "ghostnet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return ghostnet_family("adam", 0.05)


# qrnn: a quasi-recurrent network (causal convolutions giving a candidate and forget and output gates, fo-pooling)
# counting the pulses of noisy series, cross-entropy over 4 counts (~1.40 at step 1, ln 4 = 1.39); works at Adam
# 3e-3-0.01


@case("qrnn-adam-lr-1", "qrnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return qrnn_family("adam", 1.0)


@case("qrnn-sgdm-lr-30-1000x", "qrnn", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return qrnn_family("sgdm", 30.0)


@case("qrnn-adamw-warmup-cosine-peak-1", "qrnn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return qrnn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("qrnn-adam-exponential-gamma-1p02", "qrnn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return qrnn_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("qrnn-adam-lr-3e-5-100x-low", "qrnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return qrnn_family("adam", 3e-5)


@case("qrnn-rmsprop-lr-1e-5-100x-low-log4", "qrnn", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return qrnn_family("rmsprop", 1e-5, log_every=4)


@case("qrnn-sgdm-summed-ce", "qrnn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, QRNN0, "ln 4"))
def _() -> Setup:
    return qrnn_family("sgdm", 0.03, loss_fn=fd.qrnn_ce_summed, loss_name="cross_entropy summed over the batch's series (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("qrnn-adam-head-x1000", "qrnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.QRNNClassifier), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, QRNN0, "ln 4"))
def _() -> Setup:
    return qrnn_family("adam", 3e-3, model=lambda: scaled_head(fd.QRNNClassifier(), 1000))


@case("qrnn-adam-multistep-x0p1-at-5pct", "qrnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return qrnn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("qrnn-adam-fc-dead-at-init", "qrnn", "dead-units",
      cf=lambda s: replace(s, model=fd.QRNNClassifier), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return qrnn_family("adam", 3e-3, model=lambda: fd.QRNNClassifier(dead_bias=-30.0), track_zero_grads=True)


@case("qrnn-adam-lr-0p01-recreated-every-4-steps", "qrnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return qrnn_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# sgc: a simplified graph convolution (the features propagated 2 hops once, a linear map, a ReLU layer) naming the
# community of a node of a stochastic block model graph, cross-entropy over 4 (1.39 at step 1, ln 4 = 1.39); works at
# Adam 3e-3-0.01


@case("sgc-adam-lr-1-log2", "sgc", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return sgc_family("adam", 1.0, log_every=2)


@case("sgc-sgdm-lr-30-1000x", "sgc", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sgc_family("sgdm", 30.0)


@case("sgc-adamw-warmup-cosine-peak-1", "sgc", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sgc_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("sgc-rmsprop-exponential-gamma-1p02", "sgc", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sgc_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("sgc-adam-lr-1e-4-100x-low", "sgc", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sgc_family("adam", 1e-4)


@case("sgc-rmsprop-lr-1e-5-100x-low-log2", "sgc", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sgc_family("rmsprop", 1e-5, log_every=2)


@case("sgc-sgdm-summed-ce", "sgc", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SGC0, "ln 4"))
def _() -> Setup:
    return sgc_family("sgdm", 0.03, loss_fn=fd.sgc_ce_summed, loss_name="cross_entropy summed over the batch's nodes (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("sgc-adam-head-x1000", "sgc", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SGCNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SGC0, "ln 4"))
def _() -> Setup:
    return sgc_family("adam", 0.01, model=lambda: scaled_head(fd.SGCNet(), 1000))


@case("sgc-adam-exponential-1000x-in-40-steps", "sgc", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return sgc_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("sgc-adam-missing-feature-nan", "sgc", "nan-early", cf=lambda s: replace(s, model=fd.SGCNet),
      cf_what="the nodes' features without the missing (NaN) values", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return sgc_family("adam", 0.01, model=lambda: fd.SGCNet(nan_nodes=0.003))


@case("sgc-adam-fc-dead-at-init", "sgc", "dead-units",
      cf=lambda s: replace(s, model=fd.SGCNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return sgc_family("adam", 0.01, model=lambda: fd.SGCNet(dead_bias=-30.0), track_zero_grads=True)


@case("sgc-adam-lr-0p01-recreated-every-4-steps", "sgc", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return sgc_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# gammareg: a ReLU MLP of the log-mean of positive, right-skewed targets (Gamma, shape 2), the Gamma deviance (7.5 at
# step 1; its floor ~0.55); works at Adam 3e-3-0.01


@case("gammareg-adam-lr-1-log2", "gammareg", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gammareg_family("adam", 1.0, log_every=2)


@case("gammareg-sgdm-lr-10-1000x", "gammareg", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gammareg_family("sgdm", 10.0)


@case("gammareg-nadam-cyclic-peak-1", "gammareg", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gammareg_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("gammareg-adam-lr-1e-4-100x-low", "gammareg", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gammareg_family("adam", 1e-4)


@case("gammareg-sgdm-summed", "gammareg", "summed",
      cf=lambda s: replace(s, loss_fn=fd.gammareg_deviance, loss_name="Gamma deviance (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GAMMAREG0, "the Gamma deviance of a log-mean of 0"))
def _() -> Setup:
    return gammareg_family("sgdm", 0.01, loss_fn=fd.gammareg_summed, loss_name="Gamma deviance summed over the batch's rows",
                          val_loss_fn=fd.gammareg_deviance, mean_loss_fn=fd.gammareg_deviance)  # fmt: skip


@case("gammareg-adam-head-x300", "gammareg", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GammaRegMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GAMMAREG0, "the Gamma deviance of a log-mean of 0"))
def _() -> Setup:
    return gammareg_family("adam", 3e-3, model=lambda: scaled_head(fd.GammaRegMLP(), 300))


@case("gammareg-adam-exponential-1000x-in-40-steps", "gammareg", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return gammareg_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("gammareg-adam-missing-feature-nan", "gammareg", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return gammareg_family("adam", 3e-3, data=fd.gammareg_rows(nan_rows=0.003))


@case("gammareg-adam-256-rows-overfits", "gammareg", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gammareg_family("adam", 0.01, steps=600, eval_every=30, data=fd.gammareg_rows(train_rows=256))


@case("gammareg-adam-fc-dead-at-init", "gammareg", "dead-units",
      cf=lambda s: replace(s, model=fd.GammaRegMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return gammareg_family("adam", 3e-3, model=lambda: fd.GammaRegMLP(dead_bias=-30.0), track_zero_grads=True)


# fresh45 half: healthy look-alikes


@case("gammareg-adam-warmup-cosine", "gammareg", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return gammareg_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("ghostnet-adam-cosine-log2", "ghostnet", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.GHOSTNET_CLASSES))
def _() -> Setup:
    return ghostnet_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("qrnn-adam-cosine", "qrnn", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.QRNN_CLASSES))
def _() -> Setup:
    return qrnn_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gammareg-adagrad-cosine-log20", "gammareg", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return gammareg_family("adagrad", 0.1, log_every=20, schedule=cosine_after(0.0), schedule_name="cosine")


@case("ghostnet-nadam-sgdr-log4", "ghostnet", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fd.GHOSTNET_CLASSES))
def _() -> Setup:
    return ghostnet_family("nadam", 0.03, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("qrnn-radam-step-decay-log3", "qrnn", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.QRNN_CLASSES))
def _() -> Setup:
    return qrnn_family("radam", 0.03, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("sgc-adagrad-step-decay", "sgc", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.SGC_BLOCKS))
def _() -> Setup:
    return sgc_family("adagrad", 0.1, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("sgc-sgdm-cyclic-triangular2", "sgc", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(fd.SGC_BLOCKS))
def _() -> Setup:
    return sgc_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("gammareg-sgdm-one-cycle", "gammareg", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return gammareg_family("sgdm", 0.01, schedule=one_cycle, schedule_name="OneCycleLR")


@case("sgc-nesterov-one-cycle", "sgc", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.SGC_BLOCKS))
def _() -> Setup:
    return sgc_family("nesterov", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("sgc-adamw-warmup-linear-avg10", "sgc", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.SGC_BLOCKS))
def _() -> Setup:
    return sgc_family("adamw", 0.03, log_every=10, average=True, schedule=linear_decay_after(0.05),
                       schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("gammareg-adam-resumed-with-state", "gammareg", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return gammareg_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("qrnn-adam-resumed-with-state", "qrnn", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.QRNN_CLASSES))
def _() -> Setup:
    return qrnn_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("ghostnet-rmsprop-constant-log5", "ghostnet", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.GHOSTNET_CLASSES))
def _() -> Setup:
    return ghostnet_family("rmsprop", 0.01, log_every=5)


@case("gammareg-adam-constant-log5", "gammareg", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return gammareg_family("adam", 3e-3, log_every=5)


# fresh45 half, logged once per epoch


@case("gammareg-adam-256-rows-overfits-per-epoch", "gammareg", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gammareg_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.gammareg_rows(train_rows=256, batch_size=64))


@case("ghostnet-adam-lr-1-per-epoch", "ghostnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return ghostnet_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.ghostnet_motifs(n=2944, batch_size=64))


@case("qrnn-adam-lr-1-per-epoch", "qrnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return qrnn_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.qrnn_pulses(n=5888, batch_size=128))


@case("ghostnet-adam-cosine-per-epoch", "ghostnet", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.GHOSTNET_CLASSES))
def _() -> Setup:
    return ghostnet_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.ghostnet_motifs(n=5888, batch_size=128),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("gammareg-adam-cosine-per-epoch", "gammareg", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return gammareg_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.gammareg_rows(n=2944, batch_size=64),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("qrnn-adam-cosine-per-epoch", "qrnn", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.QRNN_CLASSES))
def _() -> Setup:
    return qrnn_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.qrnn_pulses(n=5888, batch_size=128),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("sgc-adam-cosine-per-epoch", "sgc", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.SGC_BLOCKS))
def _() -> Setup:
    return sgc_family("adam", 0.01, steps=25 * 16, log_per_epoch=True,
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
