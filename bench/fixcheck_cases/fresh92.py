"""The ninety-fourth fresh half (fresh92, held out from all tuning):
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


def focalnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 motif-and-context classes")
    knobs.setdefault("meta", {"model": "FocalNet: a 2x2 conv patch embedding of stride 2 (1-16) to an 8x8 token map, a block of pre-LN focal modulation (a linear layer to a query, a context and 3 per-token gates; 2 focal levels of depthwise convs of kernels 3 and 5 with GELU, each gated, plus a gated global-average level; a 1x1 conv modulator multiplied into the query; a projection) and a pre-LN GELU MLP 16-32-16, a LayerNorm, mean pooling, a ReLU layer 16-32 and a head",
                              "image_size": fd.FOCALNET_SIZE, "token_map": fd.FOCALNET_SIZE // 2,
                              "classes": fd.FOCALNET_CLASSES, "focal_levels": fd.FOCALNET_LEVELS,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.focalnet_images(), knobs.pop("model", None) or fd.FocalnetNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def lightts_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name",
                     "mse of the 16 horizon steps of 2 channels (mean over the windows, steps and channels)")
    knobs.setdefault("meta", {"model": "LightTS: channel-independent, the window less its last value down-sampled into 8 chunks of 8 two ways (continuous sampling: consecutive steps; interval sampling: every 8th step), each through an information-exchange block (an MLP 8-32-8 over each chunk's time axis, a residual linear layer across the 8 chunks, a linear layer collapsing the chunks), the two concatenated (16), a ReLU layer 16-32 and a head 32-16, the last value added back",
                              "channels": fd.LIGHTTS_CHANNELS, "input_steps": fd.LIGHTTS_INPUT,
                              "horizon": fd.LIGHTTS_HORIZON, "chunk": fd.LIGHTTS_CHUNK, "held_out": "the same loss on new windows (later steps)"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.lightts_windows(), knobs.pop("model", None) or fd.LighttsNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def fwfm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.fwfm_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the click (mean over the rows)")
    knobs.setdefault("meta", {"model": "FwFM: 10 field embeddings of 8, a first-order weight per value and a bias, the pairwise inner products of the fields' embeddings weighted by a learned scalar per pair of fields (45), plus a ReLU MLP 80-32-1 on the concatenated embeddings added to the logit",
                              "fields": len(fd.FWFM_CARDS), "embedding": fd.FWFM_K,
                              "held_out": "BCE on new impressions"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.fwfm_rows(), knobs.pop("model", None) or fd.FwfmNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def betanegbin_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.betanegbin_nll)
    knobs.setdefault("loss_name", "beta-negative-binomial negative log-likelihood (mean over the rows)")
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to log r, log alpha and log beta (clamped to +-6)",
                              "features": fd.BETANEGBIN_FEATURES, "cap": fd.BETANEGBIN_CAP,
                              "held_out": "the beta-negative-binomial negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.betanegbin_rows(), knobs.pop("model", None) or fd.BetanegbinMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


FOCALNET0, LIGHTTS0 = LN(fd.FOCALNET_CLASSES), fd.lightts_at_zero()
FWFM0, BETANEGBIN0 = LN(2), fd.betanegbin_at_zero()
"""Where the families start: the FocalNet at ln 4, the LightTS near its last-value forecast (a summed loss is checked
against the MSE of forecasts of 0), the FwFM near the BCE of logits of 0 (ln 2), the beta-negative-binomial MLP at its
NLL of raw outputs of 0 (r = alpha = beta = 1)."""


# focalnet: a FocalNet-like classifier (a 2x2 conv patch embedding of stride 2 to an 8x8 token map of width 16, a
# block of focal modulation: a linear layer to a query, a context and per-token gates, 2 focal levels of depthwise
# convs of kernels 3 and 5 each gated, plus a gated global-average level, a 1x1 conv modulator multiplied into the
# query; then a GELU MLP, mean pooling, a ReLU layer and a head) naming which 3x3 motif (a plus or a diagonal cross)
# lies in noisy 16x16 images and whether a square frame surrounds it, with a bright distractor, 5% random labels held
# out too, cross-entropy over 4 (1.38 at step 1, ln 4 = 1.39, ending near 0.86-0.90 held out); works at Adam
# 1e-3-0.03 (best 3e-3-0.01: 0.86-0.89; 0.88 with cosine at 3e-3, 0.88 after a warmup + cosine to 2e-3), RMSprop
# 1e-3-3e-3 (0.88-0.89); slow at Adam 3e-4 with cosine (1.01) and at Adam 3e-4-1e-5 (1.19-1.39); at chance
# (1.39-1.41) at Adam 0.1-1, RMSprop 0.1-0.3 and after a warmup + cosine to a peak of 0.3-1, NaN from Adam 3;
# 1.53-1.72 with an lr growing x1.02 a step; 2.3-4.6 with its head initialised 1000x; Adam 0.03-0.05 without a
# warmup 0.90-1.40, with a 60-step warmup 0.89-0.95 (too seed-dependent to count) (a 400-step run: 3-5 s on one
# shared core)

@case("focalnet-adam-lr-1", "focalnet", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return focalnet_family("adam", 1.0)


@case("focalnet-rmsprop-lr-0p3-300x-log2", "focalnet", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return focalnet_family("rmsprop", 0.3, log_every=2)


@case("focalnet-adamw-warmup-cosine-peak-1", "focalnet", "lr-high-ramp", cf=lr_to(1e-3),
      cf_what="peak lr 1e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return focalnet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("focalnet-adam-exponential-gamma-1p02", "focalnet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return focalnet_family("adam", 1e-3, schedule=exponential(1.02),
                           schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("focalnet-adam-lr-1e-5-100x-low-log3", "focalnet", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return focalnet_family("adam", 1e-5, log_every=3)


@case("focalnet-adam-head-x1000", "focalnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FocalnetNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, FOCALNET0, "ln 4"))
def _() -> Setup:
    return focalnet_family("adam", 1e-3, model=lambda: scaled_head(fd.FocalnetNet(), 1000))


@case("focalnet-adam-missing-pixel-nan", "focalnet", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return focalnet_family("adam", 1e-3, data=fd.focalnet_images(nan_rows=0.005))


@case("focalnet-adam-fc-dead-at-init", "focalnet", "dead-units",
      cf=lambda s: replace(s, model=fd.FocalnetNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return focalnet_family("adam", 1e-3, model=lambda: fd.FocalnetNet(dead_bias=-30.0), track_zero_grads=True)


# lightts: a LightTS-like forecaster (channel-independent; the window less its last value down-sampled into 8 chunks
# of 8 two ways, continuous and interval sampling, each through an information-exchange block: an MLP over each
# chunk's time axis with a bottleneck, a residual linear layer across the chunks, a linear layer collapsing them; the
# two concatenated, a ReLU layer and a head to 16 steps) of 32 synthetic two-channel series with trends and short and
# long cycles (periods 6 and 50), 64 input steps, MSE (0.67-0.73 at step 1, the last-value forecast, ending near
# 0.029-0.037 held out on later windows); works at Adam 3e-3-0.03 (best 0.01-0.03: 0.029-0.036), RMSprop 3e-3
# (0.033-0.035), NAdam 0.01 with a warmup + cosine (0.031-0.032), SGDm 0.3 (0.038), AdamW 0.01 with step decay and an
# MAE loss (0.14 MAE); slow at Adam 1e-4 (0.32-0.35), 0.05-0.06 after a x0.1 cut of Adam 0.01 at step 20; Adam 0.1
# 0.05 or 0.75 by seed, with a 60-step warmup no better (0.07/0.74), Adam 0.2 0.75-5 with or without one; 14-16 at
# Adam 1, 1e7-1e11 at RMSprop 0.3, 5-1e11 after a warmup + cosine to a peak of 1, 0.38-4.0 with an lr growing x1.02
# a step; Adam 0.03 recreated every 2 steps 0.08-0.12 (0.033-0.040 created once); a dead fc leaves the last-value
# forecast (0.74)

@case("lightts-adam-lr-1-log2", "lightts", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return lightts_family("adam", 1.0, log_every=2)


@case("lightts-rmsprop-lr-0p3-100x", "lightts", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return lightts_family("rmsprop", 0.3)


@case("lightts-nadam-warmup-cosine-peak-1", "lightts", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lightts_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("lightts-rmsprop-exponential-gamma-1p02", "lightts", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lightts_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("lightts-adam-lr-1e-4-100x-low-log2", "lightts", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lightts_family("adam", 1e-4, log_every=2)


@case("lightts-adam-head-x1000-log2", "lightts", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LighttsNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LIGHTTS0, "the MSE of forecasts of 0"))
def _() -> Setup:
    return lightts_family("adam", 0.01, log_every=2, model=lambda: scaled_head(fd.LighttsNet(), 1000))


@case("lightts-adam-multistep-x0p1-at-5pct", "lightts", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return lightts_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("lightts-adam-missing-value-nan", "lightts", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the windows with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return lightts_family("adam", 0.01, data=fd.lightts_windows(nan_rows=0.003))


@case("lightts-adam-fc-dead-at-init", "lightts", "dead-units",
      cf=lambda s: replace(s, model=fd.LighttsNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return lightts_family("adam", 0.01, model=lambda: fd.LighttsNet(dead_bias=-30.0), track_zero_grads=True)


@case("lightts-adam-lr-0p03-recreated-every-2-steps", "lightts", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return lightts_family("adam", 0.03, recreate_optimizer_at=frozenset(range(2, 400, 2)))


# fwfm: a field-weighted factorization machine click model (embeddings of 8 for 10 fields, a first-order weight per
# value, the pairwise inner products of every pair of fields weighted by a learned scalar per pair of fields, plus a
# small ReLU MLP on the concatenated embeddings added to the logit) on synthetic impressions whose click comes from 5
# planted field-pair interactions of strengths 1.0-0.2, BCE with logits (0.70-0.76 at step 1, ln 2 = 0.693, ending
# near 0.40-0.42 held out); works at Adam 3e-3-0.01 (best 0.01: 0.40-0.41), NAdam 0.01 (0.40-0.41), AdamW 0.01-0.03
# with a warmup + cosine (0.40-0.41), Adagrad 0.1-0.3 (0.41), SGDm 0.1 (0.42-0.43), SGD 0.3 (0.49-0.50); slow at Adam
# and NAdam 1e-4 (0.61-0.63), 0.50-0.51 after a x0.1 cut of Adam 0.01 at step 20, 0.60 after a x0.001 decay in 40
# steps; 0.47-0.48 after a warmup + cosine to a peak of 1; Adam 0.1 0.51-0.53, 0.3 3-16 (0.9-11 after a 60-step
# warmup: too seed-dependent to count), 2.7-66 at Adam 1, 75-82 at Adagrad 10; 2000 training rows overfit from step
# ~120 (0.51 -> 1.43)

@case("fwfm-adam-lr-1", "fwfm", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return fwfm_family("adam", 1.0)


@case("fwfm-adagrad-lr-10-100x-log2", "fwfm", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return fwfm_family("adagrad", 10.0, log_every=2)


@case("fwfm-adamw-warmup-cosine-peak-1", "fwfm", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return fwfm_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("fwfm-adam-lr-1e-4-100x-low", "fwfm", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return fwfm_family("adam", 1e-4)


@case("fwfm-nadam-lr-1e-4-100x-low-log3", "fwfm", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return fwfm_family("nadam", 1e-4, log_every=3)


@case("fwfm-sgdm-summed-bce", "fwfm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.fwfm_bce, loss_name="binary_cross_entropy_with_logits (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, FWFM0, "ln 2"))
def _() -> Setup:
    return fwfm_family("sgdm", 0.1, loss_fn=fd.fwfm_bce_summed,
                       loss_name="binary_cross_entropy_with_logits summed over the batch's rows (reduction='sum')",
                       val_loss_fn=fd.fwfm_bce, mean_loss_fn=fd.fwfm_bce)


@case("fwfm-sgd-summed-bce-log2", "fwfm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.fwfm_bce, loss_name="binary_cross_entropy_with_logits (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, FWFM0, "ln 2"))
def _() -> Setup:
    return fwfm_family("sgd", 0.3, log_every=2, loss_fn=fd.fwfm_bce_summed,
                       loss_name="binary_cross_entropy_with_logits summed over the batch's rows (reduction='sum')",
                       val_loss_fn=fd.fwfm_bce, mean_loss_fn=fd.fwfm_bce)


@case("fwfm-adam-multistep-x0p1-at-5pct", "fwfm", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return fwfm_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("fwfm-adam-exponential-1000x-in-40-steps-log2", "fwfm", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return fwfm_family("adam", 0.01, log_every=2, schedule=exponential_to(1e-3, 0.1),
                       schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("fwfm-adam-missing-field-nan", "fwfm", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) field value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return fwfm_family("adam", 0.01, data=fd.fwfm_rows(nan_rows=0.003))


@case("fwfm-adam-2000-rows-overfits", "fwfm", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return fwfm_family("adam", 0.01, steps=600, eval_every=30, data=fd.fwfm_rows(train_rows=2000))


# betanegbin: a ReLU MLP (6-64-64, a ReLU layer and a head) of log r, log alpha and log beta of a beta-negative-
# binomial law of heavy-tailed counts (p ~ Beta(alpha, beta), y ~ NegBin(r, p), capped at 3000) whose parameters
# depend on the features, the negative log-likelihood per row through torch.lgamma, the log parameters clamped to +-6
# (3.67-3.92 at step 1, ending near 3.02-3.07 held out); works at Adam 1e-3-0.03 (best 3e-3: 3.03-3.05), RMSprop
# 1e-3-3e-3 (3.03-3.05), NAdam and RAdam 3e-3-0.03 (3.03-3.05), Adagrad 0.03-0.1 (3.05), SGDm 0.01-0.1 (3.02-3.07),
# SGD 0.03-0.1 (3.06-3.07); slow at Adam 3e-5 (3.29-3.41), SGDm 1e-4 (3.32-3.40), 3.23-3.35 after a x0.001 decay of
# Adam 3e-3 in 40 steps; stuck at 532 (the parameters at their clamp) at Adam 0.2-1 and RMSprop 0.03-0.3 (3.04-3.09
# after a 60-step warmup at RMSprop 0.03, 3.28 at Adam 0.2 and 0.3); Adam 0.1 3.04-3.28 by seed, no better after a
# warmup; SGDm 0.3 3.13-3.27 (3.03 clipped at 0.1), SGD 1 3.28-3.29 (3.04 clipped), SGDm 1 6.6-56; a cyclic lr to a
# peak of 1 3.27-3.28; 256 training rows overfit from epoch ~7 (3.13 -> 5.7-7.3)

@case("betanegbin-adam-lr-0p3-100x-log2", "betanegbin", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return betanegbin_family("adam", 0.3, log_every=2)


@case("betanegbin-sgdm-lr-1-100x", "betanegbin", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return betanegbin_family("sgdm", 1.0)


@case("betanegbin-adam-cyclic-peak-1", "betanegbin", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return betanegbin_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("betanegbin-adam-lr-3e-5-100x-low-log2", "betanegbin", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return betanegbin_family("adam", 3e-5, log_every=2)


@case("betanegbin-sgdm-lr-1e-4-100x-low", "betanegbin", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return betanegbin_family("sgdm", 1e-4)


@case("betanegbin-rmsprop-lr-0p03-no-warmup", "betanegbin", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return betanegbin_family("rmsprop", 0.03)


@case("betanegbin-adam-lr-0p2-no-warmup-log2", "betanegbin", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return betanegbin_family("adam", 0.2, log_every=2)


@case("betanegbin-sgdm-summed-nll", "betanegbin", "summed",
      cf=lambda s: replace(s, loss_fn=fd.betanegbin_nll, loss_name="beta-negative-binomial negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BETANEGBIN0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return betanegbin_family("sgdm", 0.01, loss_fn=fd.betanegbin_nll_summed,
                             loss_name="beta-negative-binomial NLL summed over the batch's rows (reduction='sum')",
                             val_loss_fn=fd.betanegbin_nll, mean_loss_fn=fd.betanegbin_nll)


@case("betanegbin-sgd-summed-nll-log2", "betanegbin", "summed",
      cf=lambda s: replace(s, loss_fn=fd.betanegbin_nll, loss_name="beta-negative-binomial negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BETANEGBIN0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return betanegbin_family("sgd", 0.03, log_every=2, loss_fn=fd.betanegbin_nll_summed,
                             loss_name="beta-negative-binomial NLL summed over the batch's rows (reduction='sum')",
                             val_loss_fn=fd.betanegbin_nll, mean_loss_fn=fd.betanegbin_nll)


@case("betanegbin-adam-head-x1000", "betanegbin", "last-layer-init",
      cf=lambda s: replace(s, model=fd.BetanegbinMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients", "non-finite-loss"),  # fmt: skip
      tol=20, shape=first_loss_above(10, BETANEGBIN0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return betanegbin_family("adam", 3e-3, model=lambda: scaled_head(fd.BetanegbinMLP(), 1000))


@case("betanegbin-adam-exponential-1000x-in-40-steps", "betanegbin", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return betanegbin_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                             schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("betanegbin-adam-fc-dead-at-init", "betanegbin", "dead-units",
      cf=lambda s: replace(s, model=fd.BetanegbinMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return betanegbin_family("adam", 3e-3, model=lambda: fd.BetanegbinMLP(dead_bias=-30.0), track_zero_grads=True)


@case("betanegbin-sgdm-lr-0p3-no-clip", "betanegbin", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return betanegbin_family("sgdm", 0.3)


@case("betanegbin-sgd-lr-1-no-clip-log2", "betanegbin", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return betanegbin_family("sgd", 1.0, log_every=2)


# fresh92 half: healthy look-alikes


@case("focalnet-adam-cosine-log2", "focalnet", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.FOCALNET_CLASSES, fall=0.8))
def _() -> Setup:
    return focalnet_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("focalnet-adam-warmup-cosine-eval25", "focalnet", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.FOCALNET_CLASSES, fall=0.8))
def _() -> Setup:
    return focalnet_family("adam", 2e-3, eval_every=25, schedule=cosine_after(0.1),
                           schedule_name="linear warmup 10% + cosine")


@case("lightts-adam-cosine-eval25", "lightts", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return lightts_family("adam", 0.03, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("lightts-adamw-mae-step-decay-log3", "lightts", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return lightts_family("adamw", 0.01, log_every=3, loss_fn=fd.lightts_mae,
                          loss_name="mae of the 16 horizon steps of 2 channels (mean)",
                          schedule=multistep(0.6, 0.8, gamma=0.3), schedule_name="MultiStepLR")


@case("fwfm-adam-cosine-log2", "fwfm", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return fwfm_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("fwfm-nadam-step-decay-log3", "fwfm", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return fwfm_family("nadam", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                       schedule_name="MultiStepLR")


@case("fwfm-adam-constant-eval50", "fwfm", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return fwfm_family("adam", 0.01, eval_every=50)


@case("fwfm-adam-resumed-with-state", "fwfm", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return fwfm_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                       schedule=cosine_after(0.0), schedule_name="cosine")


@case("betanegbin-adam-cosine-eval25", "betanegbin", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betanegbin_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("betanegbin-rmsprop-step-decay-log3", "betanegbin", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betanegbin_family("rmsprop", 1e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                             schedule_name="MultiStepLR")


@case("betanegbin-adagrad-on-plateau-log4", "betanegbin", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betanegbin_family("adagrad", 0.03, log_every=4, schedule=on_plateau(),
                             schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("betanegbin-nesterov-cosine-eval60", "betanegbin", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betanegbin_family("nesterov", 0.01, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


@case("betanegbin-adamw-warmup-linear-avg10", "betanegbin", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betanegbin_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                             schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("betanegbin-sgdm-one-cycle", "betanegbin", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betanegbin_family("sgdm", 0.01, schedule=one_cycle, schedule_name="OneCycleLR")


@case("betanegbin-nadam-sgdr-log5", "betanegbin", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betanegbin_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                             schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("betanegbin-sgd-cosine-log2", "betanegbin", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betanegbin_family("sgd", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("betanegbin-radam-warmup-cosine-log4", "betanegbin", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betanegbin_family("radam", 0.01, log_every=4, schedule=cosine_after(0.1),
                             schedule_name="linear warmup 10% + cosine")


# fresh92 half, logged once per epoch


@case("betanegbin-adam-256-rows-overfits-per-epoch", "betanegbin", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return betanegbin_family("adam", 3e-3, steps=4 * 100, log_per_epoch=True, data=fd.betanegbin_rows(train_rows=256))


@case("betanegbin-adam-lr-1-per-epoch", "betanegbin", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return betanegbin_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.betanegbin_rows(n=3200))


@case("fwfm-adam-cosine-per-epoch", "fwfm", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return fwfm_family("adam", 0.01, steps=50 * 8, log_per_epoch=True,
                       data=fd.fwfm_rows(n=12800, batch_size=256), schedule=cosine_after(0.0),
                       schedule_name="cosine")


@case("lightts-adam-warmup-cosine-per-epoch", "lightts", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return lightts_family("adam", 0.03, steps=50 * 8, log_per_epoch=True, data=fd.lightts_windows(n=1600),
                          schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip
