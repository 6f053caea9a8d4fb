"""The ninety-second fresh half (fresh90, held out from all tuning):
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
    LN, Setup, cosine_after, cyclic, exponential, exponential_to, linear_decay_after, multistep, one_cycle,
    scaled_head, warm_restarts,
)


def davit_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 colour-and-place classes")
    knobs.setdefault("meta", {"model": "DaViT: a 2x2 conv patch embedding of stride 2 (3-16) to an 8x8 token map, a dual attention pair (spatial window attention within 4x4 windows, 2 heads; channel group attention, 4 groups of 4 channels attending across all 64 tokens), each followed by a ReLU feed-forward 16-32-16, a LayerNorm, mean pooling, a ReLU layer 16-32 and a head",
                              "image_size": fd.DAVIT_SIZE, "token_map": fd.DAVIT_SIZE // 2, "classes": fd.DAVIT_CLASSES,
                              "channel_groups": fd.DAVIT_GROUPS, "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.davit_images(), knobs.pop("model", None) or fd.DavitNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def segrnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name",
                     "mse of the 16 horizon steps of 2 channels (mean over the windows, steps and channels)")
    knobs.setdefault("meta", {"model": "SegRNN: channel-independent, the window less its last value cut into 6 segments of 8 steps, each projected 8-32 (ReLU), a GRU of 32 units over the segments, then parallel decoding: one more GRU step per output segment from the last hidden state with a learned position embedding (16) and channel embedding (16), a ReLU layer 32-32 and a head 32-8 per segment",
                              "channels": fd.SEGRNN_CHANNELS, "input_steps": fd.SEGRNN_INPUT,
                              "horizon": fd.SEGRNN_HORIZON, "segment": fd.SEGRNN_SEG, "held_out": "the same loss on new windows (later steps)"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.segrnn_windows(), knobs.pop("model", None) or fd.SegRNN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def finalmlp_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.finalmlp_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the click (mean over the rows)")
    knobs.setdefault("meta", {"model": "FinalMLP: 10 field embeddings of 8 concatenated (80), two MLP streams each with its own feature gating (a gate network 8-16-80 of field 0's, resp. field 1's, embedding, 2 sigmoid), 80-64-32 (ReLU) and 80-32 (ReLU), fused by a 4-head bilinear interaction (x1 W x2 + linear terms per head) and a head 4-1",
                              "fields": len(fd.FINALMLP_CARDS), "embedding": fd.FINALMLP_K,
                              "fusion_heads": fd.FINALMLP_HEADS, "held_out": "BCE on new impressions"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.finalmlp_rows(), knobs.pop("model", None) or fd.FinalMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def nig_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.nig_nll)
    knobs.setdefault("loss_name", "normal-inverse-Gaussian negative log-likelihood (mean over the rows)")
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to mu (the location), log delta (the scale), log alpha (the tail) and the raw skew (beta = 0.95 alpha tanh(raw))",
                              "features": fd.NIG_FEATURES,
                              "held_out": "the NIG negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.nig_rows(), knobs.pop("model", None) or fd.NigMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


DAVIT0, SEGRNN0 = LN(fd.DAVIT_CLASSES), fd.segrnn_at_zero()
FINALMLP0, NIG0 = LN(2), fd.nig_at_zero()
"""Where the families start: the DaViT at ln 4, the SegRNN near its last-value forecast (a summed loss is checked
against the MSE of forecasts of 0), the FinalMLP near the BCE of logits of 0 (ln 2), the NIG MLP at its NLL of raw
outputs of 0 (mu = 0, delta = alpha = 1, beta = 0)."""


# davit: a DaViT-like classifier (a 2x2 conv patch embedding of stride 2 to an 8x8 token map of width 16, a dual
# attention pair: spatial window attention within 4x4 windows and channel group attention over the transposed token
# matrix in 4 groups of 4 channels, each followed by a ReLU feed-forward, mean pooling, a ReLU layer and a head) naming
# which colour channels (red alone, or green and blue together) carry a checkered 4x4 patch and in which half, with a
# distractor square, in noisy 16x16 colour images, 5% random labels held out too, cross-entropy over 4 (1.41 at step
# 1, ln 4 = 1.39, ending near 0.78-0.81 held out); works at Adam 1e-3-3e-3 (best 1e-3: 0.79-0.81; 0.78-0.79 with
# cosine, with or without a warmup; 0.80 at 3e-3), RMSprop 1e-3 (0.78-0.79); slow at Adam 0.01 (1.18-1.38, 1.18-1.24
# after a 60-step warmup: too little to count) and Adam 3e-4 with cosine (1.13); at chance (1.38-1.41) at Adam 1,
# RMSprop 0.3, Adam 1e-5 and after a warmup + cosine to a peak of 1, 1.48-1.60 with an lr growing x1.02 a step;
# 3.4 with its head initialised 1000x; Adam 3e-3 recreated every 2 steps 0.80 (no worse than created once)
# (a 400-step run: 4-6 s on one shared core)

@case("davit-adam-lr-1", "davit", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return davit_family("adam", 1.0)


@case("davit-rmsprop-lr-0p3-300x-log2", "davit", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return davit_family("rmsprop", 0.3, log_every=2)


@case("davit-adamw-warmup-cosine-peak-1", "davit", "lr-high-ramp", cf=lr_to(1e-3),
      cf_what="peak lr 1e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return davit_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("davit-adam-exponential-gamma-1p02", "davit", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return davit_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("davit-adam-lr-1e-5-100x-low-log3", "davit", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return davit_family("adam", 1e-5, log_every=3)


@case("davit-adam-head-x1000", "davit", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DavitNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DAVIT0, "ln 4"))
def _() -> Setup:
    return davit_family("adam", 1e-3, model=lambda: scaled_head(fd.DavitNet(), 1000))


@case("davit-adam-missing-pixel-nan", "davit", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return davit_family("adam", 1e-3, data=fd.davit_images(nan_rows=0.005))


@case("davit-adam-fc-dead-at-init", "davit", "dead-units",
      cf=lambda s: replace(s, model=fd.DavitNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return davit_family("adam", 1e-3, model=lambda: fd.DavitNet(dead_bias=-30.0), track_zero_grads=True)


# segrnn: a SegRNN-like forecaster (channel-independent; the window less its last value cut into 6 segments of 8
# steps, each projected to 32, a GRU over the segments, then parallel decoding: one more GRU step per output segment
# from the last hidden state with learned position and channel embeddings, a ReLU layer and a head to the segment's 8
# values) of 32 synthetic two-channel series with trends and two seasons (periods 12 and 40), 48 input steps, 16
# forecast, MSE (1.00 at step 1, the last-value forecast, ending near 0.040-0.047 held out on later windows); works
# at Adam 3e-3-0.03 (best 0.01-0.03: 0.040-0.047), RMSprop 3e-3 (0.054-0.056), SGDm 0.3 (0.046-0.095 by seed), AdamW
# 0.01 with step decay and an MAE loss (0.16 MAE); slow at Adam 1e-4 (0.48-0.51) and 3e-5 (0.77), 0.35 after a x0.1
# cut of Adam 3e-3 at step 20; Adam 0.1 0.067-0.084 (0.052-0.056 after a 60-step warmup); 0.37-0.86 at Adam 0.3-1
# and after a warmup + cosine to a peak of 1, 0.77-0.99 at RMSprop 0.3, 7-9 with an lr growing x1.02 a step; Adam
# 0.03 recreated every 2 steps 0.15-0.16 (0.045-0.046 created once); a dead fc leaves the last-value forecast (0.86)

@case("segrnn-adam-lr-1-log2", "segrnn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return segrnn_family("adam", 1.0, log_every=2)


@case("segrnn-rmsprop-lr-0p3-100x", "segrnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return segrnn_family("rmsprop", 0.3)


@case("segrnn-nadam-warmup-cosine-peak-1", "segrnn", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return segrnn_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("segrnn-rmsprop-exponential-gamma-1p02", "segrnn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return segrnn_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("segrnn-adam-lr-1e-4-100x-low-log2", "segrnn", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return segrnn_family("adam", 1e-4, log_every=2)


@case("segrnn-adam-lr-0p1-no-warmup-log2", "segrnn", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return segrnn_family("adam", 0.1, log_every=2)


@case("segrnn-adam-head-x1000-log2", "segrnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SegRNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SEGRNN0, "the MSE of forecasts of 0"))
def _() -> Setup:
    return segrnn_family("adam", 0.01, log_every=2, model=lambda: scaled_head(fd.SegRNN(), 1000))


@case("segrnn-adam-multistep-x0p1-at-5pct", "segrnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return segrnn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("segrnn-adam-missing-value-nan", "segrnn", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the windows with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return segrnn_family("adam", 0.01, data=fd.segrnn_windows(nan_rows=0.003))


@case("segrnn-adam-fc-dead-at-init", "segrnn", "dead-units",
      cf=lambda s: replace(s, model=fd.SegRNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return segrnn_family("adam", 0.01, model=lambda: fd.SegRNN(dead_bias=-30.0), track_zero_grads=True)


@case("segrnn-adam-lr-0p03-recreated-every-2-steps", "segrnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return segrnn_family("adam", 0.03, recreate_optimizer_at=frozenset(range(2, 400, 2)))


# finalmlp: a FinalMLP-like click model (embeddings of 8 for 10 fields concatenated, two MLP streams each with its own
# feature gating from one field's embedding, fused by a 4-head bilinear interaction and a head summing the heads'
# logits) on synthetic impressions whose click comes from 5 planted field-pair interactions and a third-order bump,
# BCE with logits (0.70-0.76 at step 1, ln 2 = 0.693, ending near 0.51-0.53 held out); works at Adam 0.01 (0.52-0.53),
# NAdam 0.01 (0.51-0.52), Adagrad 0.1 (0.51-0.52); slow at Adam and NAdam 1e-4 (0.69), RAdam 0.01-0.03 with a
# warmup and cosine (0.59-0.63), 0.62 after a x0.1 cut of Adam 0.01 at step 20, 0.69 after a x0.001 decay in 40
# steps; Adam 0.05 0.62-0.64 (0.58-0.62 after a 60-step warmup: too little to count); chance-like 0.69 after a
# warmup + cosine to a peak of 1, 1.3-6.4 at Adam 1, diverging at Adagrad 10; Adam 0.03 recreated every 2 steps
# 0.60-0.62 (0.59-0.60 created once: too little to count); its fc cannot die alone (the second stream and the linear
# terms carry the logit), so the dead-units case is elsewhere; 2000 training rows overfit from step ~150 (0.64 -> 2.0)

@case("finalmlp-adam-lr-1", "finalmlp", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return finalmlp_family("adam", 1.0)


@case("finalmlp-adagrad-lr-10-100x-log2", "finalmlp", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return finalmlp_family("adagrad", 10.0, log_every=2)


@case("finalmlp-adamw-warmup-cosine-peak-1", "finalmlp", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return finalmlp_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("finalmlp-adam-lr-1e-4-100x-low", "finalmlp", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return finalmlp_family("adam", 1e-4)


@case("finalmlp-nadam-lr-1e-4-100x-low-log3", "finalmlp", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return finalmlp_family("nadam", 1e-4, log_every=3)


@case("finalmlp-sgdm-summed-bce", "finalmlp", "summed",
      cf=lambda s: replace(s, loss_fn=fd.finalmlp_bce, loss_name="binary_cross_entropy_with_logits (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, FINALMLP0, "ln 2"))
def _() -> Setup:
    return finalmlp_family("sgdm", 0.1, loss_fn=fd.finalmlp_bce_summed,
                           loss_name="binary_cross_entropy_with_logits summed over the batch's rows (reduction='sum')",
                           val_loss_fn=fd.finalmlp_bce, mean_loss_fn=fd.finalmlp_bce)


@case("finalmlp-sgd-summed-bce-log2", "finalmlp", "summed",
      cf=lambda s: replace(s, loss_fn=fd.finalmlp_bce, loss_name="binary_cross_entropy_with_logits (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, FINALMLP0, "ln 2"))
def _() -> Setup:
    return finalmlp_family("sgd", 0.3, log_every=2, loss_fn=fd.finalmlp_bce_summed,
                           loss_name="binary_cross_entropy_with_logits summed over the batch's rows (reduction='sum')",
                           val_loss_fn=fd.finalmlp_bce, mean_loss_fn=fd.finalmlp_bce)


@case("finalmlp-adam-multistep-x0p1-at-5pct", "finalmlp", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return finalmlp_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("finalmlp-adam-exponential-1000x-in-40-steps-log2", "finalmlp", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return finalmlp_family("adam", 0.01, log_every=2, schedule=exponential_to(1e-3, 0.1),
                           schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("finalmlp-adam-missing-field-nan", "finalmlp", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) field value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return finalmlp_family("adam", 0.01, data=fd.finalmlp_rows(nan_rows=0.003))


@case("finalmlp-adam-2000-rows-overfits", "finalmlp", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return finalmlp_family("adam", 0.01, steps=600, eval_every=30, data=fd.finalmlp_rows(train_rows=2000))


# nig: a ReLU MLP (6-64-64, a ReLU layer and a head) of the location, the log scale, the log tail and the bounded skew
# of a normal-inverse-Gaussian law of heavy-tailed, skewed returns whose parameters depend on the features, the
# negative log-likelihood per row through the scaled Bessel K1, log delta and log alpha clamped to +-6 (2.27-2.39 at
# step 1, ending near 1.21-1.29 held out); works at Adam 3e-3 (1.22-1.23), RAdam 3e-3-0.1 (1.23-1.27), NAdam 3e-3
# (1.21), RMSprop 1e-3 (1.25), Adagrad 0.03 (1.23), SGDm and Nesterov 0.01 (1.24-1.27), SGD 0.03 (1.27-1.29); slow
# at Adam 3e-5 (1.72-1.85), SGDm 1e-4 (1.60), 1.64-1.72 after a x0.001 decay of Adam 3e-3 in 40 steps; stuck at 7.16
# (log delta at its clamp) at Adam 0.1 (1.29-1.35 after a 60-step warmup), 0.3 and 1; SGDm 0.3 1.47-1.57 (1.22-1.24
# clipped at 0.1), SGD 1 1.37-1.55 (1.23-1.25 clipped), SGDm 1 1.65-1.80; 256 training rows overfit from epoch ~14

@case("nig-adam-lr-0p3-100x-log2", "nig", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return nig_family("adam", 0.3, log_every=2)


@case("nig-sgdm-lr-1-100x", "nig", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nig_family("sgdm", 1.0)


@case("nig-adam-cyclic-peak-1", "nig", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nig_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("nig-adam-lr-3e-5-100x-low-log2", "nig", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nig_family("adam", 3e-5, log_every=2)


@case("nig-sgdm-lr-1e-4-100x-low", "nig", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nig_family("sgdm", 1e-4)


@case("nig-adam-lr-0p1-no-warmup", "nig", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return nig_family("adam", 0.1)


@case("nig-sgdm-summed-nll", "nig", "summed",
      cf=lambda s: replace(s, loss_fn=fd.nig_nll, loss_name="NIG negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, NIG0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return nig_family("sgdm", 0.01, loss_fn=fd.nig_nll_summed,
                      loss_name="NIG negative log-likelihood summed over the batch's rows (reduction='sum')",
                      val_loss_fn=fd.nig_nll, mean_loss_fn=fd.nig_nll)


@case("nig-sgd-summed-nll-log2", "nig", "summed",
      cf=lambda s: replace(s, loss_fn=fd.nig_nll, loss_name="NIG negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, NIG0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return nig_family("sgd", 0.03, log_every=2, loss_fn=fd.nig_nll_summed,
                      loss_name="NIG negative log-likelihood summed over the batch's rows (reduction='sum')",
                      val_loss_fn=fd.nig_nll, mean_loss_fn=fd.nig_nll)


@case("nig-adam-head-x1000", "nig", "last-layer-init",
      cf=lambda s: replace(s, model=fd.NigMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients", "non-finite-loss"),  # fmt: skip
      tol=20, shape=first_loss_above(10, NIG0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return nig_family("adam", 3e-3, model=lambda: scaled_head(fd.NigMLP(), 1000))


@case("nig-adam-exponential-1000x-in-40-steps", "nig", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return nig_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                      schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("nig-adam-fc-dead-at-init", "nig", "dead-units",
      cf=lambda s: replace(s, model=fd.NigMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return nig_family("adam", 3e-3, model=lambda: fd.NigMLP(dead_bias=-30.0), track_zero_grads=True)


@case("nig-sgdm-lr-0p3-no-clip", "nig", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return nig_family("sgdm", 0.3)


@case("nig-sgd-lr-1-no-clip-log2", "nig", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return nig_family("sgd", 1.0, log_every=2)


# fresh90 half: healthy look-alikes


@case("davit-adam-cosine-log2", "davit", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.DAVIT_CLASSES, fall=0.8))
def _() -> Setup:
    return davit_family("adam", 1e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("davit-adam-warmup-cosine-eval25", "davit", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.DAVIT_CLASSES, fall=0.8))
def _() -> Setup:
    return davit_family("adam", 2e-3, eval_every=25, schedule=cosine_after(0.1),
                        schedule_name="linear warmup 10% + cosine")


@case("segrnn-adam-cosine-eval25", "segrnn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return segrnn_family("adam", 0.03, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("segrnn-adamw-mae-step-decay-log3", "segrnn", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return segrnn_family("adamw", 0.01, log_every=3, loss_fn=fd.segrnn_mae,
                         loss_name="mae of the 16 horizon steps of 2 channels (mean)",
                         schedule=multistep(0.6, 0.8, gamma=0.3), schedule_name="MultiStepLR")


@case("finalmlp-adam-cosine-log2", "finalmlp", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return finalmlp_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("finalmlp-nadam-step-decay-log3", "finalmlp", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return finalmlp_family("nadam", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                           schedule_name="MultiStepLR")


@case("finalmlp-adam-constant-eval50", "finalmlp", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return finalmlp_family("adam", 0.01, eval_every=50)


@case("finalmlp-adam-resumed-with-state", "finalmlp", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return finalmlp_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                           schedule=cosine_after(0.0), schedule_name="cosine")


@case("nig-adam-cosine-eval25", "nig", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return nig_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("nig-rmsprop-step-decay-log3", "nig", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return nig_family("rmsprop", 1e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                      schedule_name="MultiStepLR")


@case("nig-adagrad-on-plateau-log4", "nig", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return nig_family("adagrad", 0.03, log_every=4, schedule=on_plateau(),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("nig-nesterov-cosine-eval60", "nig", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return nig_family("nesterov", 0.01, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


@case("nig-adamw-warmup-linear-avg10", "nig", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return nig_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                      schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("nig-sgdm-one-cycle", "nig", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return nig_family("sgdm", 0.01, schedule=one_cycle, schedule_name="OneCycleLR")


@case("nig-nadam-sgdr-log5", "nig", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return nig_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                      schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("nig-sgd-cosine-log2", "nig", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return nig_family("sgd", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("nig-radam-warmup-cosine-log4", "nig", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return nig_family("radam", 0.01, log_every=4, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine")


# fresh90 half, logged once per epoch


@case("nig-adam-256-rows-overfits-per-epoch", "nig", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return nig_family("adam", 3e-3, steps=4 * 100, log_per_epoch=True, data=fd.nig_rows(train_rows=256))


@case("nig-adam-lr-1-per-epoch", "nig", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return nig_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.nig_rows(n=3200))


@case("finalmlp-adam-cosine-per-epoch", "finalmlp", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return finalmlp_family("adam", 0.01, steps=50 * 8, log_per_epoch=True,
                           data=fd.finalmlp_rows(n=12800, batch_size=256), schedule=cosine_after(0.0),
                           schedule_name="cosine")


@case("segrnn-adam-warmup-cosine-per-epoch", "segrnn", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return segrnn_family("adam", 0.03, steps=50 * 8, log_per_epoch=True, data=fd.segrnn_windows(n=1600),
                         schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip
