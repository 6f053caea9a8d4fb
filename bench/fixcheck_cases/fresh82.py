"""The eighty-fourth fresh half (fresh82, held out from all tuning):
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


def levit_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 orientation pairs of the two strokes")
    knobs.setdefault("meta", {"model": "LeViT-like hybrid: a stem of 3 stride-2 convs 1-8-16-32 with BatchNorm and Hardswish to a 3x3 token map, an attention block of 2 heads with a learned attention bias over the relative offsets and a BatchNorm MLP block, a shrinking attention block (queries subsampled by 2) to 2x2 and 48 channels, a BatchNorm MLP block, an attention and an MLP block of 48, mean pooling, a ReLU layer 48-32 and a head",
                              "image_size": fd.LEVIT_SIZE, "classes": fd.LEVIT_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.levit_images(), knobs.pop("model", None) or fd.LeViT,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def dcrnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.dcrnn_mae)
    knobs.setdefault("loss_name", "mean absolute error of the 6 forecast steps of the 14 sensors' standardised speeds (mean over the windows, steps and sensors)")  # fmt: skip
    knobs.setdefault("meta", {"model": "DCRNN-like seq2seq: an encoder and a decoder GRU of 16 per sensor whose gates and candidate are diffusion convolutions (K = 2 random-walk steps forward and backward over the directed road graph), the decoder fed its own forecasts, a ReLU layer 16-16 and a head per sensor",
                              "sensors": fd.DCRNN_NODES, "history": fd.DCRNN_HISTORY, "horizon": fd.DCRNN_HORIZON,
                              "held_out": "the mean absolute error on new windows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dcrnn_windows(), knobs.pop("model", None) or fd.DCRNN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def ffm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.ffm_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the click (mean over the rows)")
    knobs.setdefault("meta", {"model": "field-aware factorization machine: a bias, a linear weight per feature and a latent vector of 4 per feature and field, the pairwise term summing <v_(i, field j), v_(j, field i)> over the 28 field pairs",
                              "fields": len(fd.FFM_CARDS), "latent": fd.FFM_K,
                              "held_out": "BCE on new impressions"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.ffm_rows(), knobs.pop("model", None) or fd.FFM,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def zinb_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.zinb_nll)
    knobs.setdefault("loss_name", "zero-inflated negative binomial negative log-likelihood of the counts (mean over the rows)")  # fmt: skip
    knobs.setdefault("meta", {"model": "ReLU MLP 8-64-64, a ReLU layer 64-32, a head to log mu (the mean), log theta (the dispersion) and the logit of the structural-zero probability",
                              "features": fd.ZINB_FEATURES,
                              "held_out": "the zero-inflated negative binomial negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.zinb_rows(), knobs.pop("model", None) or fd.ZINBMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


LEVIT0, DCRNN0 = LN(fd.LEVIT_CLASSES), fd.dcrnn_at_zero()
FFM0, ZINB0 = LN(2), fd.zinb_at_zero()
"""Where the families start: the LeViT at ln 4, the DCRNN at the mean absolute error of forecasts of 0 (the
standardised mean), the FFM at the BCE of logits of 0 (ln 2), the ZINB MLP at its NLL of raw outputs of 0 (mu = theta
= 1, pi = 1/2)."""


# levit: a LeViT-like hybrid (a stem of 3 stride-2 convolutions with BatchNorm and Hardswish to a 3x3 token map, an
# attention block of 2 heads with a learned attention bias over the query-key offsets and a BatchNorm MLP block, a
# shrinking attention block subsampling the queries to 2x2, an attention and an MLP block of 48, mean pooling, a ReLU
# layer and a head) naming the orientations ('\' or '/') of a stroke in the left half and one in the right half of
# noisy 24x24 images with a horizontal and a vertical decoy stroke, 5% random labels held out too, cross-entropy over
# 4 (1.38 at step 1, ln 4 = 1.39, ending near 0.3-0.7 held out); works at Adam 3e-3 (best: 0.30 constant, 0.50-0.66
# with cosine), Adagrad 0.03 (0.47), SGDm 0.03-0.1 (0.32-0.42 with one-cycle); slow at Adam 1e-3 (0.66 constant, 1.14
# with cosine), hardly moving at Adam 1e-4 (1.39); Adam 0.01 learns then falls back (best 0.98, 1.61 at the end; 1.11
# with cosine), at chance at Adam 0.03-1 (with or without a 60-step warmup) and SGDm 0.3, non-finite at SGDm 3


@case("levit-sgdm-summed-ce", "levit", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, LEVIT0, "ln 4"))
def _() -> Setup:
    return levit_family("sgdm", 0.03, loss_fn=fd.levit_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("levit-adam-head-x1000", "levit", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LeViT), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LEVIT0, "ln 4"))
def _() -> Setup:
    return levit_family("adam", 3e-3, model=lambda: scaled_head(fd.LeViT(), 1000))


@case("levit-adam-fc-dead-at-init", "levit", "dead-units",
      cf=lambda s: replace(s, model=fd.LeViT), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return levit_family("adam", 3e-3, model=lambda: fd.LeViT(dead_bias=-30.0), track_zero_grads=True)


@case("levit-adam-missing-pixel-nan", "levit", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return levit_family("adam", 3e-3, data=fd.levit_images(nan_rows=0.003))


# dcrnn: a DCRNN-like sequence-to-sequence forecaster (an encoder and a decoder GRU of 16 per sensor whose gates and
# candidate are diffusion convolutions, K = 2 random-walk steps forward and backward over a directed road graph of 14
# sensors, the decoder fed its own forecasts, a ReLU layer and a head per sensor) of the next 6 standardised speeds
# from 12 past steps of synthetic traffic with two daily rush hours and congestion that propagates along the edges, the
# mean absolute error (0.76 at step 1, 0.77 for forecasts of 0, ending near 0.38-0.40 held out); works at Adam 1e-3-
# 0.03 (best 0.01-0.03: 0.385-0.388), RMSprop 3e-3 (0.387), Adagrad 0.1 (0.396), SGDm 0.1 (0.40); slow at Adam 1e-4
# (0.61); 0.75 at Adam 0.1 and SGDm 1, diverging at Adam 1 and SGDm 10


@case("dcrnn-sgdm-summed-mae", "dcrnn", "summed",
      cf=lambda s: replace(s, loss_fn=fd.dcrnn_mae, loss_name="mean absolute error (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DCRNN0, "the mean absolute error of forecasts of 0"))
def _() -> Setup:
    return dcrnn_family("sgdm", 0.1, loss_fn=fd.dcrnn_mae_summed, loss_name="absolute error summed over the batch's windows (reduction='sum')",
                        val_loss_fn=fd.dcrnn_mae, mean_loss_fn=fd.dcrnn_mae)  # fmt: skip


@case("dcrnn-adam-head-x1000-log2", "dcrnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DCRNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DCRNN0, "the mean absolute error of forecasts of 0"))
def _() -> Setup:
    return dcrnn_family("adam", 0.01, log_every=2, model=lambda: scaled_head(fd.DCRNN(), 1000))


@case("dcrnn-rmsprop-fc-dead-at-init", "dcrnn", "dead-units",
      cf=lambda s: replace(s, model=fd.DCRNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dcrnn_family("rmsprop", 3e-3, model=lambda: fd.DCRNN(dead_bias=-30.0), track_zero_grads=True)


# ffm: a field-aware factorization machine (a bias, a linear weight per feature, a latent vector of 4 per feature and
# field, <v_(i, field j), v_(j, field i)> summed over the 28 field pairs) on synthetic impressions of 8 categorical
# fields with 5 planted field-pair interactions, BCE with logits of the click (0.695 at step 1, ln 2 = 0.693, ending
# near 0.38-0.40 held out); works at Adam 3e-3-0.03 (best 0.01: 0.393-0.395, 0.377 with cosine), NAdam 0.01 (0.392),
# RAdam 0.03-0.1 with a warmup and cosine (0.39-0.41; 0.49 at 0.01), Adagrad 0.03-0.1 (0.39-0.43), SGD 1 and SGDm 0.1
# (0.47); slow at Adam 1e-3 (0.51) and RMSprop 1e-3 (0.49), hardly moving at Adam 1e-4 (0.64) and 3e-5 (0.67); 0.49 at
# Adam 0.05 (no better after a 60-step warmup), 0.72-0.75 at Adam 0.1 (with or without it), 2.8-2.9 at Adagrad 3 and
# RMSprop 0.3, 45 at Adam 1; SGDm 3 diverges unclipped (0.59 clipped at 0.1), SGD 10 0.64 (0.41 clipped); Adam 0.01
# recreated every 2 steps 0.425-0.433; 2000 training rows overfit from the third evaluation (0.46 -> 0.99), 1024
# within a few epochs


@case("ffm-adam-lr-1-log2", "ffm", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ffm_family("adam", 1.0, log_every=2)


@case("ffm-adagrad-lr-3-30x-log2", "ffm", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ffm_family("adagrad", 3.0, log_every=2)


@case("ffm-rmsprop-lr-0p3-300x", "ffm", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ffm_family("rmsprop", 0.3)


@case("ffm-sgdm-lr-10-100x", "ffm", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ffm_family("sgdm", 10.0)


@case("ffm-adamw-warmup-cosine-peak-1", "ffm", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ffm_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("ffm-nadam-warmup-cosine-peak-1", "ffm", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ffm_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("ffm-adam-exponential-gamma-1p02", "ffm", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ffm_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("ffm-adam-lr-1e-4-100x-low-log2", "ffm", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ffm_family("adam", 1e-4, log_every=2)


@case("ffm-nadam-lr-1e-4-100x-low", "ffm", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ffm_family("nadam", 1e-4)


@case("ffm-adamw-lr-1e-4-100x-low-log3", "ffm", "lr-low-adam", cf=lr_to(0.01), cf_what="AdamW lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ffm_family("adamw", 1e-4, log_every=3)


@case("ffm-sgdm-summed-bce", "ffm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.ffm_bce, loss_name="binary_cross_entropy_with_logits (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, FFM0, "ln 2"))
def _() -> Setup:
    return ffm_family("sgdm", 0.1, loss_fn=fd.ffm_bce_summed, loss_name="binary_cross_entropy_with_logits summed over the batch's rows (reduction='sum')",
                      val_loss_fn=fd.ffm_bce, mean_loss_fn=fd.ffm_bce)  # fmt: skip


@case("ffm-adam-multistep-x0p1-at-5pct", "ffm", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return ffm_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("ffm-adam-exponential-1000x-in-40-steps-log2", "ffm", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return ffm_family("adam", 0.01, log_every=2, schedule=exponential_to(1e-3, 0.1),
                      schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("ffm-adam-missing-field-nan", "ffm", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) field value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return ffm_family("adam", 0.01, data=fd.ffm_rows(nan_rows=0.003))


@case("ffm-sgdm-lr-3-no-clip", "ffm", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return ffm_family("sgdm", 3.0)


@case("ffm-sgd-lr-10-no-clip-log2", "ffm", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return ffm_family("sgd", 10.0, log_every=2)


@case("ffm-adam-lr-0p01-recreated-every-2-steps", "ffm", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return ffm_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("ffm-adam-2000-rows-overfits", "ffm", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return ffm_family("adam", 0.01, steps=600, eval_every=30, data=fd.ffm_rows(train_rows=2000))


# zinb: a ReLU MLP (8-64-64, a ReLU layer and a head) of the log mean, the log dispersion and the logit of the
# structural-zero probability of a zero-inflated negative binomial law of species-count-like targets (55% zeros, mean
# 2.8, up to ~100) whose three parameters depend on the features, the negative log-likelihood per row (2.6-3.4 at step
# 1, 2.70 at raw outputs of 0, ending near 1.80-1.84 held out, a flat optimum); works at Adam 1e-3-0.03 (best 3e-3-0.01:
# 1.80-1.84), RMSprop 1e-3 (1.81), Adagrad 0.03 (1.80-1.82), SGDm 0.01-0.1 (1.82-1.83), SGD 0.1-1 (1.82-1.84); slow
# at Adam 1e-4 (1.99), hardly moving at Adam 3e-5 (2.40-2.60), 1e-5 (2.90) and SGDm 1e-4 (2.31-2.33); 2.0 at Adam 0.1
# and SGDm 1 (clipping at 1 changes nothing); from Adam 0.2, Adagrad 0.3 and RMSprop 0.3 on stuck near 6.3 (log theta
# at its clamp; Adam 0.2-0.3 1.97-2.03 and Adagrad 0.3 1.80-1.82 after a 60-step warmup); 256 training rows overfit
# from the second evaluation (1.89 -> 4.9)


@case("zinb-adam-lr-1", "zinb", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return zinb_family("adam", 1.0)


@case("zinb-sgdm-lr-1-100x-log2", "zinb", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return zinb_family("sgdm", 1.0, log_every=2)


@case("zinb-rmsprop-lr-0p3-300x", "zinb", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return zinb_family("rmsprop", 0.3)


@case("zinb-adagrad-lr-1-30x-log2", "zinb", "lr-high-step1", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return zinb_family("adagrad", 1.0, log_every=2)


@case("zinb-adamw-warmup-cosine-peak-1", "zinb", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return zinb_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("zinb-adam-cyclic-peak-1", "zinb", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return zinb_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("zinb-rmsprop-exponential-gamma-1p02", "zinb", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return zinb_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("zinb-adam-lr-3e-5-100x-low", "zinb", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return zinb_family("adam", 3e-5)


@case("zinb-nadam-lr-3e-5-100x-low-log2", "zinb", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return zinb_family("nadam", 3e-5, log_every=2)


@case("zinb-sgdm-lr-1e-4-100x-low-log2", "zinb", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return zinb_family("sgdm", 1e-4, log_every=2)


@case("zinb-sgdm-summed-nll", "zinb", "summed",
      cf=lambda s: replace(s, loss_fn=fd.zinb_nll, loss_name="zero-inflated negative binomial negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ZINB0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return zinb_family("sgdm", 0.03, loss_fn=fd.zinb_nll_summed, loss_name="zero-inflated negative binomial negative log-likelihood summed over the batch's rows (reduction='sum')",
                       val_loss_fn=fd.zinb_nll, mean_loss_fn=fd.zinb_nll)  # fmt: skip


@case("zinb-adam-head-x1000", "zinb", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ZINBMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, ZINB0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return zinb_family("adam", 3e-3, model=lambda: scaled_head(fd.ZINBMLP(), 1000))


@case("zinb-adam-fc-dead-at-init", "zinb", "dead-units",
      cf=lambda s: replace(s, model=fd.ZINBMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return zinb_family("adam", 3e-3, model=lambda: fd.ZINBMLP(dead_bias=-30.0), track_zero_grads=True)


@case("zinb-adam-missing-feature-nan", "zinb", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return zinb_family("adam", 3e-3, data=fd.zinb_rows(nan_rows=0.003))


@case("zinb-adagrad-lr-0p3-no-warmup", "zinb", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return zinb_family("adagrad", 0.3)


@case("zinb-adam-lr-0p2-no-warmup-log2", "zinb", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return zinb_family("adam", 0.2, log_every=2)


@case("zinb-adam-multistep-x0p1-at-5pct", "zinb", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return zinb_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("zinb-adam-exponential-1000x-in-40-steps", "zinb", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return zinb_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                       schedule_name="ExponentialLR per batch, x0.001 by step 40")


# fresh82 half: healthy look-alikes


@case("levit-adam-cosine-log2", "levit", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.LEVIT_CLASSES, fall=0.6))
def _() -> Setup:
    return levit_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dcrnn-adam-cosine-eval25", "dcrnn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return dcrnn_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("ffm-adam-cosine-log2", "ffm", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return ffm_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("ffm-adagrad-cosine-eval25", "ffm", "healthy", like=("plateau", "lr-too-high"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return ffm_family("adagrad", 0.1, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("ffm-nadam-step-decay-log3", "ffm", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return ffm_family("nadam", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3), schedule_name="MultiStepLR")


@case("ffm-radam-warmup-cosine-log4", "ffm", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return ffm_family("radam", 0.03, log_every=4, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine")


@case("ffm-adam-constant-eval50", "ffm", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return ffm_family("adam", 0.01, eval_every=50)


@case("ffm-adamw-sgdr-log5", "ffm", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return ffm_family("adamw", 0.01, log_every=5, schedule=warm_restarts(0.25),
                      schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("ffm-adam-resumed-with-state", "ffm", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return ffm_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                      schedule=cosine_after(0.0), schedule_name="cosine")


@case("zinb-adam-cosine-eval25", "zinb", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return zinb_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("zinb-sgd-cosine-log2", "zinb", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return zinb_family("sgd", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("zinb-rmsprop-step-decay-log3", "zinb", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return zinb_family("rmsprop", 1e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                       schedule_name="MultiStepLR")


@case("zinb-adagrad-on-plateau-log4", "zinb", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return zinb_family("adagrad", 0.03, log_every=4, schedule=on_plateau(),
                       schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("zinb-nesterov-cosine-eval60", "zinb", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return zinb_family("nesterov", 0.01, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


@case("zinb-adamw-warmup-linear-avg10", "zinb", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return zinb_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                       schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("zinb-sgdm-one-cycle", "zinb", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return zinb_family("sgdm", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("zinb-nadam-sgdr-log5", "zinb", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return zinb_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                       schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


# fresh82 half, logged once per epoch


@case("ffm-adam-1024-rows-overfits-per-epoch", "ffm", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return ffm_family("adam", 0.01, steps=16 * 25, log_per_epoch=True, data=fd.ffm_rows(train_rows=1024))


@case("zinb-adam-lr-1-per-epoch", "zinb", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return zinb_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.zinb_rows(n=3200))


@case("ffm-adam-cosine-per-epoch", "ffm", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return ffm_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.ffm_rows(n=12800, batch_size=256),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("zinb-adam-cosine-per-epoch", "zinb", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return zinb_family("adam", 1e-3, steps=50 * 8, log_per_epoch=True, data=fd.zinb_rows(n=6400, batch_size=128),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
