"""The seventy-second fresh half (fresh70, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from torch.nn import functional as F

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


def treelstm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "root cross_entropy over the 3 classes")
    knobs.setdefault("meta", {"model": "binary Tree-LSTM: token embeddings (15 -> 24), leaf LSTM cells, internal nodes gated by their two children's hidden states (a forget gate per child), batched level by level over complete binary trees of depth 3; the root's hidden state through a ReLU layer 24-32 and a head",
                              "leaves": fd.TREE_LEAVES, "vocab_size": len(fd.TREE_VALUES), "classes": fd.TREE_CLASSES,
                              "held_out": "root cross-entropy on new trees"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.treelstm_trees(), knobs.pop("model", None) or fd.TreeLSTM,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def cbam_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 classes")
    knobs.setdefault("meta", {"model": "CNN with CBAM: conv 3x3 1-8 (BatchNorm, ReLU), a CBAM block (channel attention from an avg- and a max-pooled shared MLP, spatial attention from a 7x7 conv of the channel mean and max), average pooling, conv 3x3 8-16 (BatchNorm, ReLU), a CBAM block, global average pooling, a ReLU layer 16-32 and a head",
                              "image_size": fd.CBAM_SIZE, "classes": fd.CBAM_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.cbam_images(), knobs.pop("model", None) or fd.CBAMNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def timesnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse_loss over the 16-step horizon")
    knobs.setdefault("meta", {"model": "TimesNet-like: the window less its mean embedded per step (1-8) with learned positions, extended over time to 64 + 16 steps; a TimesBlock (the FFT's 2 strongest periods, each folding the series into a 2D image through an inception block of 1x1, 3x3 and 5x5 convs and a 1x1 one, aggregated by softmaxed amplitudes, residual); a LayerNorm, a ReLU layer 8-32 and a head per step",
                              "lookback": fd.TIMES_LOOKBACK, "horizon": fd.TIMES_HORIZON, "top_k_periods": fd.TIMES_TOPK,
                              "held_out": "MSE on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.timesnet_series(), knobs.pop("model", None) or fd.TimesNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def nakagami_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.nakagami_nll)
    knobs.setdefault("loss_name", "Nakagami negative log-likelihood (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to the Nakagami shape m (0.5 + softplus) and spread omega (softplus)",
                              "features": fd.NAKA_FEATURES,
                              "held_out": "Nakagami negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.nakagami_rows(), knobs.pop("model", None) or fd.NakagamiMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


TREE0, CBAM0, TIMES0, NAKA0 = LN(fd.TREE_CLASSES), LN(fd.CBAM_CLASSES), fd.timesnet_at_mean(), fd.nakagami_at_zero()
"""Where the families start: the Tree-LSTM at ln 3, the CBAM classifier at ln 5, the TimesNet near the MSE of
forecasting each window's mean, the Nakagami regressor near its NLL of raw outputs of 0."""


# treelstm: a binary Tree-LSTM classifier (token embeddings of 24, leaf LSTM cells, internal nodes gated by their two
# children with a forget gate per child, batched level by level) over complete binary trees of 8 leaf tokens of 15,
# words of planted sentiment, two negations and an intensifier composed bottom-up, cross-entropy over the root's 3
# classes (1.10 at step 1, ln 3 = 1.10, ending near 0.27-0.35 held out); works at Adam 3e-3-0.03 (best 0.01), AdamW
# 0.01, Adagrad 0.05-0.1, SGDm 1; slow at Adam 1e-3 (0.72), RMSprop 1e-3 (0.60) and SGDm 0.1 (0.70), hardly off ln 3 at
# Adam 1e-4; Adam 0.15 ends near 0.86-1.10 (0.69-0.71 after a 60-step warmup), at chance from Adam 0.2 on (0.9 with a
# warmup) and at Adagrad 1 even warmed up; SGDm 3 and SGD 10 spike and end near 1.1-3.8 (SGD 10 clipped at 1: 2.8-3.4)


@case("treelstm-adam-lr-1", "treelstm", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return treelstm_family("adam", 1.0)


@case("treelstm-sgdm-lr-30-30x-log2", "treelstm", "lr-high-step1", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return treelstm_family("sgdm", 30.0, log_every=2)


@case("treelstm-adamw-warmup-cosine-peak-1", "treelstm", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return treelstm_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("treelstm-adam-exponential-gamma-1p02", "treelstm", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return treelstm_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("treelstm-adam-lr-1e-4-100x-low-log3", "treelstm", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return treelstm_family("adam", 1e-4, log_every=3)


@case("treelstm-sgdm-summed-ce", "treelstm", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TREE0, "ln 3"))
def _() -> Setup:
    return treelstm_family("sgdm", 1.0, loss_fn=fd.treelstm_ce_summed, loss_name="root cross_entropy summed over the batch's trees (reduction='sum')",
                           val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("treelstm-adam-head-x1000", "treelstm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TreeLSTM), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, TREE0, "ln 3"))
def _() -> Setup:
    return treelstm_family("adam", 0.01, model=lambda: scaled_head(fd.TreeLSTM(), 1000))


@case("treelstm-adam-multistep-x0p1-at-5pct", "treelstm", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return treelstm_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("treelstm-adam-fc-dead-at-init", "treelstm", "dead-units",
      cf=lambda s: replace(s, model=fd.TreeLSTM), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return treelstm_family("adam", 0.01, model=lambda: fd.TreeLSTM(dead_bias=-30.0), track_zero_grads=True)


@case("treelstm-sgd-lr-10-no-clip", "treelstm", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return treelstm_family("sgd", 10.0)


@case("treelstm-adam-lr-0p15-no-warmup", "treelstm", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60,
      shape=anything)
def _() -> Setup:
    return treelstm_family("adam", 0.15)


@case("treelstm-adam-lr-0p01-recreated-every-2-steps", "treelstm", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return treelstm_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("treelstm-adam-256-trees-overfits", "treelstm", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return treelstm_family("adam", 0.01, steps=600, eval_every=30, data=fd.treelstm_trees(train_rows=256))


# cbam: a small CNN with CBAM blocks (channel attention from an average- and a max-pooled shared MLP, then spatial
# attention from a 7x7 convolution of the channel mean and max maps) naming the pattern of 16x16 images (oriented bars,
# a blob or a checkerboard patch at a random place), cross-entropy over 5 (1.59-1.61 at step 1, ln 5 = 1.61, ending near
# 0.33-0.45 held out); works at Adam 3e-3-0.03 (best 0.01 under a cosine decay), NAdam 0.01, RMSprop 3e-3-0.01, RAdam
# 0.03-0.1 (slow below), SGDm 0.1; slow at Adam 1e-3 and RMSprop 1e-3 (0.51-0.58) and SGDm 0.03 (0.65), at chance at
# Adam 3e-5; SGDm 0.3 ends near 1.1-1.2 and RMSprop 0.03 at chance; at chance from Adam 1 and RMSprop 0.3 on


@case("cbam-adam-lr-1", "cbam", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cbam_family("adam", 1.0)


@case("cbam-rmsprop-lr-0p3-300x-log2", "cbam", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cbam_family("rmsprop", 0.3, log_every=2)


@case("cbam-adamw-warmup-cosine-peak-1", "cbam", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cbam_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("cbam-adam-lr-3e-5-100x-low", "cbam", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cbam_family("adam", 3e-5)


@case("cbam-sgdm-summed-ce", "cbam", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, CBAM0, "ln 5"))
def _() -> Setup:
    return cbam_family("sgdm", 0.1, loss_fn=fd.cbam_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("cbam-adam-head-x1000", "cbam", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CBAMNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CBAM0, "ln 5"))
def _() -> Setup:
    return cbam_family("adam", 3e-3, model=lambda: scaled_head(fd.CBAMNet(), 1000))


@case("cbam-adam-exponential-1000x-in-40-steps", "cbam", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return cbam_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")  # fmt: skip


@case("cbam-adam-fc-dead-at-init", "cbam", "dead-units",
      cf=lambda s: replace(s, model=fd.CBAMNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return cbam_family("adam", 3e-3, model=lambda: fd.CBAMNet(dead_bias=-30.0), track_zero_grads=True)


@case("cbam-adam-missing-pixel-nan", "cbam", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return cbam_family("adam", 3e-3, data=fd.cbam_images(nan_rows=0.003))


# timesnet: a TimesNet-like forecaster (the FFT's 2 strongest periods each fold the series into a 2D image for an
# inception block of 1x1, 3x3 and 5x5 convolutions, aggregated by softmaxed amplitudes), forecasting 16 steps of
# multi-periodic series from 64, MSE (1.13-1.29 at step 1, the MSE of forecasting the window's mean 1.19, ending near
# 0.08 held out, the noise's 0.06); works at Adam 1e-3-0.1 (best 3e-3), Adagrad 0.1, SGDm 0.01-0.1, Nesterov 0.03, SGD
# 0.1; slow at Adam 1e-5 (1.17), NAdam 3e-5 (~1.0) and SGDm 1e-4 (1.1); RMSprop 0.03 ends near 0.15-0.16 (0.10 after a
# 60-step warmup); at the window's mean (1.19) from Adam 0.3 and Adagrad 1 on (Adam 0.2 at one seed of two), Adagrad 3
# far above it; NaN at SGDm 1 and SGD 3 unclipped (SGDm 1 clipped at 1: 1.2-1.3)


@case("timesnet-adam-lr-1-log2", "timesnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return timesnet_family("adam", 1.0, log_every=2)


@case("timesnet-adagrad-lr-3-30x", "timesnet", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return timesnet_family("adagrad", 3.0)


@case("timesnet-adam-cyclic-peak-1", "timesnet", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return timesnet_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("timesnet-adam-lr-1e-5-100x-low", "timesnet", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return timesnet_family("adam", 1e-5)


@case("timesnet-nadam-lr-3e-5-100x-low-log2", "timesnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return timesnet_family("nadam", 3e-5, log_every=2)


@case("timesnet-sgdm-lr-1e-4-100x-low-log2", "timesnet", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return timesnet_family("sgdm", 1e-4, log_every=2)


@case("timesnet-sgdm-summed-mse", "timesnet", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse_loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TIMES0, "the MSE of forecasting the window's mean"))
def _() -> Setup:
    return timesnet_family("sgdm", 0.01, loss_fn=fd.timesnet_mse_summed, loss_name="squared error summed over the batch's series (reduction='sum')",
                           val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("timesnet-adam-multistep-x0p1-at-5pct", "timesnet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return timesnet_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("timesnet-adam-exponential-1000x-in-40-steps", "timesnet", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return timesnet_family("adam", 1e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")  # fmt: skip


@case("timesnet-adam-missing-value-nan", "timesnet", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return timesnet_family("adam", 3e-3, data=fd.timesnet_series(nan_rows=0.003))


@case("timesnet-rmsprop-lr-0p03-no-warmup", "timesnet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60,
      shape=anything)
def _() -> Setup:
    return timesnet_family("rmsprop", 0.03)


@case("timesnet-sgdm-lr-1-no-clip", "timesnet", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return timesnet_family("sgdm", 1.0)


# nakagami: a ReLU MLP regressor of positive amplitudes (a shape m, 0.5 + softplus, and a softplus spread omega
# depending on the features), the Nakagami negative log-likelihood (0.9-1.2 at step 1, 1.38 at raw outputs of 0, ending
# near 0.45-0.49 held out); works at Adam 1e-3-0.03 (best 0.01), NAdam 0.01, AdamW 0.01, RMSprop 3e-3, Adagrad 0.1, SGD
# 0.3-1, SGDm 0.1; slow at Adam 1e-4 (0.85) and SGDm 1e-3 (0.87); ends near 0.9 at Adam 0.1 (a 60-step warmup does not
# help) and at Adagrad 0.5 (0.64-0.90 after a warmup); collapses to a tiny spread (an NLL of ~805) from Adam 0.3,
# Adagrad 1 and SGDm 1 on


@case("nakagami-adam-lr-1-log2", "nakagami", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return nakagami_family("adam", 1.0, log_every=2)


@case("nakagami-sgdm-lr-3-30x", "nakagami", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nakagami_family("sgdm", 3.0)


@case("nakagami-adamw-warmup-cosine-peak-1", "nakagami", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nakagami_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("nakagami-rmsprop-exponential-gamma-1p02", "nakagami", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nakagami_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("nakagami-adam-lr-1e-4-100x-low", "nakagami", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nakagami_family("adam", 1e-4)


@case("nakagami-sgd-summed-nll-log2", "nakagami", "summed",
      cf=lambda s: replace(s, loss_fn=fd.nakagami_nll, loss_name="Nakagami negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, NAKA0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return nakagami_family("sgd", 0.3, log_every=2, loss_fn=fd.nakagami_nll_summed, loss_name="Nakagami negative log-likelihood summed over the batch's rows (reduction='sum')",
                           val_loss_fn=fd.nakagami_nll, mean_loss_fn=fd.nakagami_nll)  # fmt: skip


@case("nakagami-adam-head-and-bias-x1000", "nakagami", "last-layer-init",
      cf=lambda s: replace(s, model=fd.NakagamiMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, NAKA0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return nakagami_family("adam", 0.01, model=lambda: scaled_head(fd.NakagamiMLP(), 1000, bias=True))


@case("nakagami-adam-missing-feature-nan", "nakagami", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return nakagami_family("adam", 0.01, data=fd.nakagami_rows(nan_rows=0.003))


@case("nakagami-adam-fc-dead-at-init", "nakagami", "dead-units",
      cf=lambda s: replace(s, model=fd.NakagamiMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return nakagami_family("adam", 0.01, model=lambda: fd.NakagamiMLP(dead_bias=-30.0), track_zero_grads=True)


# fresh70 half: healthy look-alikes


@case("treelstm-adam-cosine-log2", "treelstm", "healthy",
      like=("plateau", "premature-decay"), shape=healthy_shape(fd.TREE_CLASSES))
def _() -> Setup:
    return treelstm_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("treelstm-adagrad-constant-eval50", "treelstm", "healthy",
      like=("plateau", "lr-too-low"), shape=healthy_shape(fd.TREE_CLASSES))
def _() -> Setup:
    return treelstm_family("adagrad", 0.05, steps=500, eval_every=50)


@case("treelstm-adamw-sgdr-log4", "treelstm", "healthy",
      like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.TREE_CLASSES))
def _() -> Setup:
    return treelstm_family("adamw", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("treelstm-adam-resumed-with-state", "treelstm", "healthy",
      like=("optimizer-reset",), shape=healthy_shape(fd.TREE_CLASSES))
def _() -> Setup:
    return treelstm_family("adam", 0.01, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)  # fmt: skip


@case("cbam-adam-cosine-log2", "cbam", "healthy",
      like=("plateau", "premature-decay"), shape=healthy_shape(fd.CBAM_CLASSES))
def _() -> Setup:
    return cbam_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("cbam-nadam-warmup-cosine", "cbam", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fd.CBAM_CLASSES))
def _() -> Setup:
    return cbam_family("nadam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("cbam-sgdm-one-cycle", "cbam", "healthy",
      like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.CBAM_CLASSES))
def _() -> Setup:
    return cbam_family("sgdm", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("cbam-radam-step-decay-log3", "cbam", "healthy",
      like=("premature-decay", "plateau"), shape=healthy_shape(fd.CBAM_CLASSES))
def _() -> Setup:
    return cbam_family("radam", 0.1, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("cbam-rmsprop-cosine-eval50", "cbam", "healthy",
      like=("plateau", "lr-too-low"), shape=healthy_shape(fd.CBAM_CLASSES))
def _() -> Setup:
    return cbam_family("rmsprop", 0.01, steps=500, eval_every=50, schedule=cosine_after(0.0), schedule_name="cosine")


@case("timesnet-adam-cosine-eval25", "timesnet", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return timesnet_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("timesnet-sgd-lr-0p1-constant-eval50", "timesnet", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape())
def _() -> Setup:
    return timesnet_family("sgd", 0.1, steps=500, eval_every=50)


@case("timesnet-nesterov-lr-0p03-cosine", "timesnet", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return timesnet_family("nesterov", 0.03, schedule=cosine_after(0.0), schedule_name="cosine")


@case("timesnet-adam-on-plateau-log5", "timesnet", "healthy",
      like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return timesnet_family("adam", 3e-3, log_every=5, schedule=on_plateau(), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("nakagami-adagrad-cosine-eval25", "nakagami", "healthy",
      like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return nakagami_family("adagrad", 0.1, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("nakagami-nadam-warmup-cosine", "nakagami", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return nakagami_family("nadam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("nakagami-adamw-warmup-linear-avg10", "nakagami", "healthy",
      like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return nakagami_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                           schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("nakagami-rmsprop-step-decay-log3", "nakagami", "healthy",
      like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return nakagami_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")  # fmt: skip


# fresh70 half, logged once per epoch


@case("nakagami-adam-256-rows-overfits-per-epoch", "nakagami", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return nakagami_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.nakagami_rows(train_rows=256, batch_size=64))  # fmt: skip


@case("timesnet-adam-lr-1-per-epoch", "timesnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return timesnet_family("adam", 1.0, steps=40 * 10, log_per_epoch=True, data=fd.timesnet_series(n=2560, batch_size=64))  # fmt: skip


@case("nakagami-adam-cosine-per-epoch", "nakagami", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return nakagami_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.nakagami_rows(n=3200, batch_size=64),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("timesnet-sgdm-cosine-per-epoch", "timesnet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return timesnet_family("sgdm", 0.03, steps=40 * 10, log_per_epoch=True, data=fd.timesnet_series(n=2560, batch_size=64),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
