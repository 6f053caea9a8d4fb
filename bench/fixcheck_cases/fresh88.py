"""The ninetieth fresh half (fresh88, held out from all tuning):
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


def twins_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 texture-blob relations")
    knobs.setdefault("meta", {"model": "Twins-SVT: a 2x2 conv patch embedding of stride 2 (1-12) to an 8x8 token map, a locally-grouped self-attention block (4x4 windows, 2 heads), a positional encoding generator (3x3 depthwise conv, residual), a global sub-sampled attention block (keys and values from a 2x2 strided-conv summary, 4x4), each with a ReLU feed-forward 12-24-12, a LayerNorm, mean pooling, a ReLU layer 12-32 and a head",
                              "image_size": fd.TWINS_SIZE, "token_map": fd.TWINS_SIZE // 2, "classes": fd.TWINS_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.twins_images(), knobs.pop("model", None) or fd.TwinsSVT,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def esrnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the 12 horizon steps on the log scale (mean over the windows and steps)")
    knobs.setdefault("meta", {"model": "ES-RNN: per-series learned smoothing parameters (sigmoid-squashed alpha and gamma) and 12 initial seasonal coefficients, additive Holt-Winters smoothing over the 24 input steps that deseasonalises and normalises the window by its last level, an LSTM of 16 units on the normalised window, a ReLU layer 16-32 and a head 32-12 re-seasonalised and re-levelled",
                              "series": fd.ESRNN_SERIES, "input_steps": fd.ESRNN_INPUT, "horizon": fd.ESRNN_HORIZON,
                              "period": fd.ESRNN_PERIOD, "held_out": "MSE on new windows (later steps)"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.esrnn_windows(), knobs.pop("model", None) or fd.ESRNN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def dcap_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.dcap_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the click (mean over the rows)")
    knobs.setdefault("meta", {"model": "DCAP: 10 field embeddings of 8, 2 stacked layers of multi-head self-attention over the fields (2 heads, residual) each followed by a product layer (the 45 pairwise inner products of the attended and the original embeddings, and their sums per field), concatenated across the layers (110) into a ReLU MLP 110-64, a ReLU layer 64-32 and a head",
                              "fields": len(fd.DCAP_CARDS), "embedding": fd.DCAP_K, "layers": fd.DCAP_LAYERS,
                              "held_out": "BCE on new impressions"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dcap_rows(), knobs.pop("model", None) or fd.DCAP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def gumbelmax_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.gumbelmax_nll)
    knobs.setdefault("loss_name", "Gumbel-min (reverse Gumbel) negative log-likelihood (mean over the rows)")
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to mu (the location) and log b (the scale)",
                              "features": fd.GUMBELMAX_FEATURES,
                              "held_out": "the Gumbel-min negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gumbelmax_rows(), knobs.pop("model", None) or fd.GumbelMaxMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


TWINS0, ESRNN0 = LN(fd.TWINS_CLASSES), fd.esrnn_at_zero()
DCAP0, GUMBELMAX0 = LN(2), fd.gumbelmax_at_zero()
"""Where the families start: the Twins at ln 4, the ES-RNN near its smoothing forecast (a summed loss is checked
against the MSE of forecasts of 0), the DCAP at the BCE of logits of 0 (ln 2), the Gumbel-min MLP at its NLL of raw
outputs of 0 (mu = 0, b = 1)."""


# twins: a Twins-SVT-like classifier (a 2x2 conv patch embedding of stride 2 to an 8x8 token map of width 12, a block
# of locally-grouped self-attention within 4x4 windows, a positional encoding generator (a depthwise conv), a block of
# global sub-sampled attention whose keys and values come from a 2x2 strided-conv summary of the map, mean pooling, a
# ReLU layer and a head) naming the relation between a striped 4x4 texture (horizontal or vertical) and a distant blob
# (above or below it, on the other side of the image) in noisy 16x16 images, 5% random labels held out too,
# cross-entropy over 4 (1.36-1.42 at step 1, ln 4 = 1.39, a plateau near ln 4 whose length varies with the seed, ending
# near 0.89-1.18 held out); works at Adam 3e-3 (best: 0.89-0.92 by seed, 0.89 with cosine, with or without a warmup),
# RMSprop 3e-3 (0.99-1.26); slow at Adam 1e-3 with cosine (1.26-1.36), Adam 6e-3 (1.19; 0.87 after a 60-step warmup),
# Adam 0.01 (1.24); at chance at Adam and RMSprop 0.3-1 and after a warmup + cosine to a peak of 1, 1.9-2.3 with an lr
# growing x1.02 a step; 1.36-2.28 with its head initialised 1000x
# (a 400-step run: 4-6 s on one shared core)

@case("twins-adam-lr-1", "twins", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return twins_family("adam", 1.0)


@case("twins-rmsprop-lr-0p3-100x-log2", "twins", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return twins_family("rmsprop", 0.3, log_every=2)


@case("twins-adamw-warmup-cosine-peak-1", "twins", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return twins_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("twins-adam-exponential-gamma-1p02", "twins", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return twins_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("twins-adam-head-x1000", "twins", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TwinsSVT), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, TWINS0, "ln 4"))
def _() -> Setup:
    return twins_family("adam", 3e-3, model=lambda: scaled_head(fd.TwinsSVT(), 1000))


@case("twins-adam-missing-pixel-nan", "twins", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return twins_family("adam", 3e-3, data=fd.twins_images(nan_rows=0.005))


@case("twins-adam-fc-dead-at-init", "twins", "dead-units",
      cf=lambda s: replace(s, model=fd.TwinsSVT), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return twins_family("adam", 3e-3, model=lambda: fd.TwinsSVT(dead_bias=-30.0), track_zero_grads=True)


# esrnn: an ES-RNN-like hybrid forecaster (per-series learned, sigmoid-squashed smoothing parameters and initial
# seasonal coefficients, additive Holt-Winters smoothing on the log scale that deseasonalises and normalises each
# window by its last level, an LSTM of 16 units on the normalised window, a ReLU layer and a head to 12 steps,
# re-seasonalised and re-levelled) of 48 synthetic seasonal series with level shifts (period 12, 24 input steps), MSE
# on the log scale (0.13 at step 1, the smoothing forecast, ending near 0.020-0.025 held out on later windows); works
# at Adam 3e-3-0.1 (best 0.01-0.03: 0.020-0.022; 0.025 at 3e-3), RMSprop 3e-3 (0.023), SGDm 0.3 (0.025); slow at SGDm
# 0.03 (0.077), Adam 1e-4 (0.084) and 3e-5 (0.093), 0.032-0.033 after a x0.1 cut of Adam 3e-3 at step 20; Adam 0.1
# 0.023-0.024 (0.021-0.023 after a 60-step warmup); 13-16 at Adam 1, 4.8-5.1 at RMSprop 0.3, 13-400 with an lr growing
# x1.02 a step; its fc cannot die alone (the smoothing parameters keep learning), so the dead-units case is elsewhere;
# a summed loss starts below 10x the MSE of forecasts of 0 (the smoothing forecast is already good)

@case("esrnn-adam-lr-1-log2", "esrnn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return esrnn_family("adam", 1.0, log_every=2)


@case("esrnn-rmsprop-lr-0p3-100x", "esrnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return esrnn_family("rmsprop", 0.3)


@case("esrnn-nadam-warmup-cosine-peak-1", "esrnn", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return esrnn_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("esrnn-rmsprop-exponential-gamma-1p02", "esrnn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return esrnn_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("esrnn-adam-lr-1e-4-100x-low-log2", "esrnn", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return esrnn_family("adam", 1e-4, log_every=2)


@case("esrnn-adam-lr-0p1-no-warmup-log2", "esrnn", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return esrnn_family("adam", 0.1, log_every=2)


@case("esrnn-adam-head-x1000-log2", "esrnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ESRNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, ESRNN0, "the MSE of forecasts of 0"))
def _() -> Setup:
    return esrnn_family("adam", 0.01, log_every=2, model=lambda: scaled_head(fd.ESRNN(), 1000))


@case("esrnn-adam-multistep-x0p1-at-5pct", "esrnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return esrnn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("esrnn-adam-missing-value-nan", "esrnn", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the windows with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return esrnn_family("adam", 0.01, data=fd.esrnn_windows(nan_rows=0.003))


# dcap: a DCAP-like click model (embeddings of 8 for 10 fields, 2 stacked layers of multi-head self-attention over the
# fields, each followed by a product layer of the pairwise inner products of the attended and the original
# embeddings, concatenated across the layers into a ReLU MLP, a ReLU layer and a head) on synthetic impressions whose
# click comes from 4 planted field-pair interactions and a third-order bump, BCE with logits (0.69 at step 1, ln 2 =
# 0.693, ending near 0.41-0.44 held out); works at Adam 3e-3-0.03 (best 0.01-0.03: 0.41-0.43), NAdam 0.01 (0.41-0.43),
# Adagrad 0.1 (0.43), RAdam 0.03 with a warmup and cosine; slow at RAdam 0.01 with it (0.52), SGDm 0.1 and SGD 0.3
# (0.55-0.59), Adam and NAdam 1e-4 (0.61-0.62), 0.50-0.53 after a x0.1 cut of Adam 0.01 at step 20; at chance-like
# 0.63-0.66 at Adam 1 and after a warmup + cosine to a peak of 1, diverging at Adagrad 10; Adam 0.01 recreated every 2
# steps 0.45-0.46 (0.43-0.44 created once: too little to count), Adam 0.03 recreated every 2 steps 0.58 (0.45-0.48
# created once); 2000 training rows overfit from step ~90 (0.56 -> 1.7)

@case("dcap-adam-lr-1", "dcap", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dcap_family("adam", 1.0)


@case("dcap-adagrad-lr-10-100x-log2", "dcap", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dcap_family("adagrad", 10.0, log_every=2)


@case("dcap-adamw-warmup-cosine-peak-1", "dcap", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dcap_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("dcap-adam-lr-1e-4-100x-low", "dcap", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dcap_family("adam", 1e-4)


@case("dcap-nadam-lr-1e-4-100x-low-log3", "dcap", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dcap_family("nadam", 1e-4, log_every=3)


@case("dcap-sgdm-summed-bce", "dcap", "summed",
      cf=lambda s: replace(s, loss_fn=fd.dcap_bce, loss_name="binary_cross_entropy_with_logits (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DCAP0, "ln 2"))
def _() -> Setup:
    return dcap_family("sgdm", 0.1, loss_fn=fd.dcap_bce_summed, loss_name="binary_cross_entropy_with_logits summed over the batch's rows (reduction='sum')",
                       val_loss_fn=fd.dcap_bce, mean_loss_fn=fd.dcap_bce)  # fmt: skip


@case("dcap-sgd-summed-bce-log2", "dcap", "summed",
      cf=lambda s: replace(s, loss_fn=fd.dcap_bce, loss_name="binary_cross_entropy_with_logits (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DCAP0, "ln 2"))
def _() -> Setup:
    return dcap_family("sgd", 0.3, log_every=2, loss_fn=fd.dcap_bce_summed, loss_name="binary_cross_entropy_with_logits summed over the batch's rows (reduction='sum')",
                       val_loss_fn=fd.dcap_bce, mean_loss_fn=fd.dcap_bce)  # fmt: skip


@case("dcap-adam-fc-dead-at-init", "dcap", "dead-units",
      cf=lambda s: replace(s, model=fd.DCAP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dcap_family("adam", 0.01, model=lambda: fd.DCAP(dead_bias=-30.0), track_zero_grads=True)


@case("dcap-adam-multistep-x0p1-at-5pct", "dcap", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return dcap_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("dcap-adam-exponential-1000x-in-40-steps-log2", "dcap", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return dcap_family("adam", 0.01, log_every=2, schedule=exponential_to(1e-3, 0.1),
                       schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("dcap-adam-missing-field-nan", "dcap", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) field value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return dcap_family("adam", 0.01, data=fd.dcap_rows(nan_rows=0.003))


@case("dcap-adam-lr-0p03-recreated-every-2-steps", "dcap", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return dcap_family("adam", 0.03, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("dcap-adam-2000-rows-overfits", "dcap", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return dcap_family("adam", 0.01, steps=600, eval_every=30, data=fd.dcap_rows(train_rows=2000))


# gumbelmax: a ReLU MLP (6-64-64, a ReLU layer and a head) of the location and the log scale of a reverse-Gumbel
# (Gumbel-min) law of minima whose parameters depend on the features (scale 0.33-0.75), the negative log-likelihood
# per row log b - (y - mu) / b + exp((y - mu) / b) (1.80-1.92 at step 1, ending near 1.03-1.06 held out, noisy); works
# at Adam 1e-3-0.01 (best 3e-3: 1.03-1.06), NAdam 3e-3 (1.02-1.04), RMSprop 1e-3 (1.04-1.06), Adagrad 0.03 (1.05),
# SGDm and Nesterov 0.01 (1.03-1.09), SGD 0.1 (1.06); slow at SGD 0.01 (1.19), Adam and NAdam 3e-5 (1.51-1.60), SGDm
# 1e-4 (1.52-1.55), 1.44-1.49 after a x0.001 decay of Adam 3e-3 in 40 steps; 1.08 at Adam 0.03, 1.32 at Adam 0.05
# (1.11 after a 60-step warmup), 1.49 to non-finite at Adam 0.1 (1.47-1.53 after it), SGDm 0.1 1.32 to non-finite
# (1.07-1.13 clipped at 0.1); non-finite from Adam 0.3, SGDm 1 and SGD 1 on; 256 training rows overfit from epoch
# ~10

@case("gumbelmax-adam-lr-0p3-100x-log2", "gumbelmax", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gumbelmax_family("adam", 0.3, log_every=2)


@case("gumbelmax-sgdm-lr-1-100x", "gumbelmax", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gumbelmax_family("sgdm", 1.0)


@case("gumbelmax-adam-cyclic-peak-1", "gumbelmax", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gumbelmax_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("gumbelmax-adam-lr-3e-5-100x-low-log2", "gumbelmax", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gumbelmax_family("adam", 3e-5, log_every=2)


@case("gumbelmax-nadam-lr-3e-5-100x-low-log3", "gumbelmax", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gumbelmax_family("nadam", 3e-5, log_every=3)


@case("gumbelmax-sgdm-lr-1e-4-100x-low", "gumbelmax", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gumbelmax_family("sgdm", 1e-4)


@case("gumbelmax-adam-lr-0p1-no-warmup", "gumbelmax", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return gumbelmax_family("adam", 0.1)


@case("gumbelmax-sgdm-summed-nll", "gumbelmax", "summed",
      cf=lambda s: replace(s, loss_fn=fd.gumbelmax_nll, loss_name="Gumbel-min negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GUMBELMAX0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return gumbelmax_family("sgdm", 0.01, loss_fn=fd.gumbelmax_nll_summed, loss_name="Gumbel-min negative log-likelihood summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.gumbelmax_nll, mean_loss_fn=fd.gumbelmax_nll)  # fmt: skip


@case("gumbelmax-sgd-summed-nll-log2", "gumbelmax", "summed",
      cf=lambda s: replace(s, loss_fn=fd.gumbelmax_nll, loss_name="Gumbel-min negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GUMBELMAX0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return gumbelmax_family("sgd", 0.03, log_every=2, loss_fn=fd.gumbelmax_nll_summed, loss_name="Gumbel-min negative log-likelihood summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.gumbelmax_nll, mean_loss_fn=fd.gumbelmax_nll)  # fmt: skip


@case("gumbelmax-adam-head-x1000", "gumbelmax", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GumbelMaxMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients", "non-finite-loss"),  # fmt: skip
      tol=20, shape=first_loss_above(10, GUMBELMAX0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return gumbelmax_family("adam", 3e-3, model=lambda: scaled_head(fd.GumbelMaxMLP(), 1000))


@case("gumbelmax-adam-exponential-1000x-in-40-steps", "gumbelmax", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return gumbelmax_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                            schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("gumbelmax-adam-fc-dead-at-init", "gumbelmax", "dead-units",
      cf=lambda s: replace(s, model=fd.GumbelMaxMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return gumbelmax_family("adam", 3e-3, model=lambda: fd.GumbelMaxMLP(dead_bias=-30.0), track_zero_grads=True)


@case("gumbelmax-sgdm-lr-0p1-no-clip", "gumbelmax", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return gumbelmax_family("sgdm", 0.1)


@case("gumbelmax-sgd-lr-1-no-clip-log2", "gumbelmax", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return gumbelmax_family("sgd", 1.0, log_every=2)


# fresh88 half: healthy look-alikes


@case("twins-adam-cosine-log2", "twins", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.TWINS_CLASSES, fall=0.8))
def _() -> Setup:
    return twins_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("twins-adam-warmup-cosine-eval25", "twins", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.TWINS_CLASSES, fall=0.8))
def _() -> Setup:
    return twins_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.1),
                        schedule_name="linear warmup 10% + cosine")


@case("esrnn-adam-cosine-eval25", "esrnn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return esrnn_family("adam", 0.03, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("esrnn-adamw-step-decay-log3", "esrnn", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return esrnn_family("adamw", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                        schedule_name="MultiStepLR")


@case("dcap-adam-cosine-log2", "dcap", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return dcap_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dcap-nadam-step-decay-log3", "dcap", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return dcap_family("nadam", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                       schedule_name="MultiStepLR")


@case("dcap-radam-warmup-cosine-log4", "dcap", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return dcap_family("radam", 0.03, log_every=4, schedule=cosine_after(0.1),
                       schedule_name="linear warmup 10% + cosine")


@case("dcap-adam-constant-eval50", "dcap", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return dcap_family("adam", 0.01, eval_every=50)


@case("dcap-adam-resumed-with-state", "dcap", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return dcap_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                       schedule=cosine_after(0.0), schedule_name="cosine")


@case("gumbelmax-adam-cosine-eval25", "gumbelmax", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return gumbelmax_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gumbelmax-rmsprop-step-decay-log3", "gumbelmax", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return gumbelmax_family("rmsprop", 1e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                            schedule_name="MultiStepLR")


@case("gumbelmax-adagrad-on-plateau-log4", "gumbelmax", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return gumbelmax_family("adagrad", 0.03, log_every=4, schedule=on_plateau(),
                            schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("gumbelmax-nesterov-cosine-eval60", "gumbelmax", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return gumbelmax_family("nesterov", 0.01, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gumbelmax-adamw-warmup-linear-avg10", "gumbelmax", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return gumbelmax_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                            schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("gumbelmax-sgdm-one-cycle", "gumbelmax", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return gumbelmax_family("sgdm", 0.01, schedule=one_cycle, schedule_name="OneCycleLR")


@case("gumbelmax-nadam-sgdr-log5", "gumbelmax", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return gumbelmax_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                            schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("gumbelmax-sgd-cosine-log2", "gumbelmax", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return gumbelmax_family("sgd", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


# fresh88 half, logged once per epoch


@case("gumbelmax-adam-256-rows-overfits-per-epoch", "gumbelmax", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gumbelmax_family("adam", 3e-3, steps=4 * 100, log_per_epoch=True, data=fd.gumbelmax_rows(train_rows=256))


@case("gumbelmax-adam-lr-1-per-epoch", "gumbelmax", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return gumbelmax_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.gumbelmax_rows(n=3200))


@case("dcap-adam-cosine-per-epoch", "dcap", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return dcap_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.dcap_rows(n=12800, batch_size=256),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("esrnn-adam-warmup-cosine-per-epoch", "esrnn", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return esrnn_family("adam", 0.03, steps=50 * 8, log_per_epoch=True, data=fd.esrnn_windows(n=1600),
                        schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip
