"""The sixty-first fresh half (fresh59, held out from all tuning):
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


def tft_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.tft_pinball)
    knobs.setdefault("loss_name", "pinball (quantile) loss over the quantiles 0.1, 0.5, 0.9 of the 6 forecast steps (mean)")
    knobs.setdefault("meta", {"model": "TFT-like: 5 variables embedded to 16, a variable selection network (a GRN onto softmax weights over the variables, a GRN per variable), an LSTM encoder 16, gated skips, interpretable multi-head attention (2 heads, shared values, causal), a GRN, a ReLU layer 16-32, a head onto 6 steps x 3 quantiles",
                              "lookback": fd.TFT_LOOKBACK, "horizon": fd.TFT_HORIZON, "variables": fd.TFT_VARIABLES,
                              "quantiles": list(fd.TFT_QUANTILES), "held_out": "pinball loss on new windows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.tft_series(), knobs.pop("model", None) or fd.TFTNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def octconv_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes")
    knobs.setdefault("meta", {"model": "Octave-Convolution CNN: a first octave layer 1-8 high (16x16) + 8 low (8x8), 2 octave convolutions (high/low 3x3 paths exchanging by average pooling and nearest upsampling, the second at 8x8/4x4), global average pooling of both, a ReLU layer 16-32, a head",
                              "image": fd.OCTCONV_SIZE, "classes": fd.OCTCONV_CLASSES, "alpha": 0.5,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.octconv_images(), knobs.pop("model", None) or fd.OctConvNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def sign_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 communities")
    knobs.setdefault("meta", {"model": "SIGN: node features propagated 0-3 hops over D^-1/2 (A + I) D^-1/2 (precomputed), a ReLU layer 12-16 per hop, concatenated, a ReLU layer 64-32, a head",
                              "nodes": fd.SIGN_NODES, "hops": fd.SIGN_HOPS, "classes": fd.SIGN_BLOCKS,
                              "held_out": "cross-entropy on held-out nodes of the same graph"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.sign_nodes(), knobs.pop("model", None) or fd.SIGNNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def mixlogistic_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.mixlogistic_nll)
    knobs.setdefault("loss_name", "discretised mixture-of-logistics negative log-likelihood of the 8-bit targets (nats, mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 8-64-64, a ReLU layer 64-32, a head to 3 mixture logits, 3 means, 3 log-scales (PixelCNN++'s discretised logistic mixture, 256 levels)",
                              "features": fd.MIXLOG_FEATURES, "components": fd.MIXLOG_K, "levels": 256,
                              "held_out": "negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.mixlogistic_rows(), knobs.pop("model", None) or fd.MixLogisticMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


TFT0, OCTCONV0, SIGN0, MIXLOG0 = fd.tft_at_zero(), LN(fd.OCTCONV_CLASSES), LN(fd.SIGN_BLOCKS), fd.mixlogistic_at_zero()
"""Where the families start: the TFT-like forecaster at the pinball loss of forecasts of 0, the Octave-Convolution CNN
and SIGN at ln 4, the mixture-of-logistics regressor at the NLL of raw outputs of 0."""


# tft: a Temporal-Fusion-Transformer-like quantile forecaster (a variable selection network over 5 inputs, an LSTM
# encoder, interpretable multi-head attention, GRNs) of 6 steps of a target driven by a leading covariate and a
# regime, pinball loss over 3 quantiles (0.37 at step 1); works at Adam 1e-3-0.01 (best 3e-3), SGDm 0.03-0.1


@case("tft-adam-lr-1-log4", "tft", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return tft_family("adam", 1.0, log_every=4)


@case("tft-adam-lr-3e-5-100x-low", "tft", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tft_family("adam", 3e-5)


@case("tft-sgdm-summed-pinball", "tft", "summed",
      cf=lambda s: replace(s, loss_fn=fd.tft_pinball, loss_name="pinball loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TFT0, "the pinball loss of forecasts of 0"))
def _() -> Setup:
    return tft_family("sgdm", 0.1, loss_fn=fd.tft_pinball_summed, loss_name="pinball loss summed over the batch's windows (reduction='sum')",
                      val_loss_fn=fd.tft_pinball, mean_loss_fn=fd.tft_pinball)  # fmt: skip


@case("tft-adam-multistep-x0p1-at-5pct", "tft", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return tft_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("tft-adam-missing-covariate-nan", "tft", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the windows with a missing (NaN) covariate dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return tft_family("adam", 3e-3, data=fd.tft_series(nan_rows=0.003))


@case("tft-adam-fc-dead-at-init", "tft", "dead-units",
      cf=lambda s: replace(s, model=fd.TFTNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return tft_family("adam", 3e-3, model=lambda: fd.TFTNet(dead_bias=-30.0), track_zero_grads=True)


# octconv: an Octave-Convolution CNN (high-frequency maps at full and low-frequency ones at half resolution exchanging
# by pooling and upsampling) naming a blob's side and a stripe texture's direction in 16x16 images, cross-entropy over
# 4 (1.38 at step 1, ln 4 = 1.39); works at Adam 1e-3-0.01 (best 3e-3; at chance from 0.03), SGDm 0.1 (slow)


@case("octconv-adam-lr-1", "octconv", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return octconv_family("adam", 1.0)


@case("octconv-nadam-cyclic-peak-1", "octconv", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return octconv_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("octconv-adam-lr-3e-5-100x-low", "octconv", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return octconv_family("adam", 3e-5)


@case("octconv-sgdm-summed-ce", "octconv", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, OCTCONV0, "ln 4"))
def _() -> Setup:
    return octconv_family("sgdm", 0.1, loss_fn=fd.octconv_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                          val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("octconv-adam-multistep-x0p1-at-5pct", "octconv", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return octconv_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("octconv-adam-lr-0p01-recreated-every-4-steps", "octconv", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return octconv_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("octconv-adam-fc-dead-at-init", "octconv", "dead-units",
      cf=lambda s: replace(s, model=fd.OctConvNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return octconv_family("adam", 3e-3, model=lambda: fd.OctConvNet(dead_bias=-30.0), track_zero_grads=True)


# sign: SIGN (node features propagated 0-3 hops over the normalised adjacency, precomputed; an MLP per hop,
# concatenated, an MLP) naming the community of a node of a 2400-node stochastic block model graph, cross-entropy over
# 4 (1.38 at step 1, ln 4 = 1.39); works at Adam 3e-3-0.03 (best 0.01-0.03), SGDm 0.03-0.3 (best 0.1)


@case("sign-adam-lr-1", "sign", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return sign_family("adam", 1.0)


@case("sign-sgdm-lr-30-300x", "sign", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sign_family("sgdm", 30.0)


@case("sign-adamw-warmup-cosine-peak-1", "sign", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sign_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("sign-adam-exponential-gamma-1p02", "sign", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sign_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("sign-radam-lr-1e-4-100x-low-log2", "sign", "lr-low-adam", cf=lr_to(0.01), cf_what="RAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sign_family("radam", 1e-4, log_every=2)


@case("sign-sgdm-lr-1e-3-100x-low-log2", "sign", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sign_family("sgdm", 1e-3, log_every=2)


@case("sign-sgdm-summed-ce", "sign", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SIGN0, "ln 4"))
def _() -> Setup:
    return sign_family("sgdm", 0.1, loss_fn=fd.sign_ce_summed, loss_name="cross_entropy summed over the batch's nodes (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("sign-adam-head-x1000", "sign", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SIGNNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SIGN0, "ln 4"))
def _() -> Setup:
    return sign_family("adam", 0.01, model=lambda: scaled_head(fd.SIGNNet(), 1000))


@case("sign-adam-exponential-1000x-in-40-steps", "sign", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return sign_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("sign-sgd-lr-10-no-clip", "sign", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return sign_family("sgd", 10.0)


@case("sign-adam-256-nodes-overfits", "sign", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return sign_family("adam", 0.01, steps=600, eval_every=30, data=fd.sign_nodes(train_rows=256))


# mixlogistic: an MLP regressor of 8-bit targets to a discretised mixture of 3 logistics (PixelCNN++'s output), its
# negative log-likelihood in nats (5.99 at step 1, the level of raw outputs of 0); works at Adam 3e-3-0.01 (best 0.01),
# SGDm 0.01-0.03; SGDm at 1 blows up


@case("mixlogistic-adam-lr-1-log2", "mixlogistic", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return mixlogistic_family("adam", 1.0, log_every=2)


@case("mixlogistic-sgdm-lr-3-100x", "mixlogistic", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mixlogistic_family("sgdm", 3.0)


@case("mixlogistic-adamw-warmup-cosine-peak-1", "mixlogistic", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mixlogistic_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("mixlogistic-rmsprop-exponential-gamma-1p02", "mixlogistic", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mixlogistic_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("mixlogistic-nadam-lr-1e-4-100x-low-log3", "mixlogistic", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return mixlogistic_family("nadam", 1e-4, log_every=3)


@case("mixlogistic-adam-head-x1000", "mixlogistic", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MixLogisticMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, MIXLOG0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return mixlogistic_family("adam", 0.01, model=lambda: scaled_head(fd.MixLogisticMLP(), 1000))


@case("mixlogistic-adam-exponential-1000x-in-40-steps", "mixlogistic", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return mixlogistic_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("mixlogistic-adam-missing-feature-nan", "mixlogistic", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return mixlogistic_family("adam", 3e-3, data=fd.mixlogistic_rows(nan_rows=0.003))


@case("mixlogistic-adam-fc-dead-at-init", "mixlogistic", "dead-units",
      cf=lambda s: replace(s, model=fd.MixLogisticMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return mixlogistic_family("adam", 0.01, model=lambda: fd.MixLogisticMLP(dead_bias=-30.0), track_zero_grads=True)


@case("mixlogistic-adam-lr-0p1-no-warmup", "mixlogistic", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return mixlogistic_family("adam", 0.1)


@case("mixlogistic-sgd-lr-1-no-clip", "mixlogistic", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return mixlogistic_family("sgd", 1.0)


# fresh59 half: healthy look-alikes


@case("sign-adam-cosine-log2", "sign", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.SIGN_BLOCKS))
def _() -> Setup:
    return sign_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("mixlogistic-adamw-cosine-eval25", "mixlogistic", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return mixlogistic_family("adamw", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("sign-nadam-sgdr-log4", "sign", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.SIGN_BLOCKS))
def _() -> Setup:
    return sign_family("nadam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("sign-adagrad-step-decay", "sign", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.SIGN_BLOCKS))
def _() -> Setup:
    return sign_family("adagrad", 0.03, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("mixlogistic-sgdm-cyclic-triangular2", "mixlogistic", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return mixlogistic_family("sgdm", 0.03, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("sign-adam-one-cycle", "sign", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.SIGN_BLOCKS))
def _() -> Setup:
    return sign_family("adam", 0.01, schedule=one_cycle, schedule_name="OneCycleLR")


@case("tft-adamw-warmup-linear-avg10", "tft", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return tft_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                      schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("octconv-adam-warmup-cosine", "octconv", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.OCTCONV_CLASSES))
def _() -> Setup:
    return octconv_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("sign-adam-resumed-with-state", "sign", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.SIGN_BLOCKS))
def _() -> Setup:
    return sign_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("mixlogistic-adam-resumed-with-state", "mixlogistic", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return mixlogistic_family("adam", 0.01, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)


@case("sign-rmsprop-constant-log5", "sign", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.SIGN_BLOCKS))
def _() -> Setup:
    return sign_family("rmsprop", 3e-3, log_every=5)


@case("mixlogistic-adam-reduce-on-plateau-log4", "mixlogistic", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return mixlogistic_family("adam", 0.01, log_every=4, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("sign-nesterov-lr-0p1-cosine", "sign", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fd.SIGN_BLOCKS))
def _() -> Setup:
    return sign_family("nesterov", 0.1, schedule=cosine_after(0.0), schedule_name="cosine")


@case("tft-adam-cosine", "tft", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return tft_family("adam", 3e-3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("sign-adam-constant-600-steps-log3", "sign", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.SIGN_BLOCKS))
def _() -> Setup:
    return sign_family("adam", 0.01, steps=600, eval_every=60, log_every=3)


# fresh59 half, logged once per epoch


@case("mixlogistic-adam-256-rows-overfits-per-epoch", "mixlogistic", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return mixlogistic_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.mixlogistic_rows(train_rows=256, batch_size=64))


@case("sign-adam-lr-1-per-epoch", "sign", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return sign_family("adam", 1.0, steps=25 * 16, log_per_epoch=True, data=fd.sign_nodes(batch_size=64))


@case("mixlogistic-adam-cosine-per-epoch", "mixlogistic", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return mixlogistic_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.mixlogistic_rows(n=2944, batch_size=64),
                              schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("sign-adam-cosine-per-epoch", "sign", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.SIGN_BLOCKS))
def _() -> Setup:
    return sign_family("adam", 0.01, steps=25 * 16, log_per_epoch=True, data=fd.sign_nodes(batch_size=64),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
