"""The eighty-sixth fresh half (fresh84, held out from all tuning):
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


def cait_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 layouts of the two blobs")
    knobs.setdefault("meta", {"model": "CaiT: a 4x4 patch embedding 1-32 with learned positions, 2 pre-LN self-attention blocks (2 heads, a GELU feed-forward 32-64-32) with LayerScale (per-channel residual scales from 0.1), a CLS token and a class-attention block (only the CLS attends to the frozen patch tokens, LayerScale too), a LayerNorm, a ReLU layer 32-32 and a head on the CLS",
                              "image_size": fd.CAIT_SIZE, "patch": fd.CAIT_PATCH, "classes": fd.CAIT_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.cait_images(), knobs.pop("model", None) or fd.CaiT,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def scinet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the 12 horizon steps of the 3 channels (mean over the windows, steps and channels)")  # fmt: skip
    knobs.setdefault("meta", {"model": "SCINet: a binary tree of depth 2 (3 SCI-blocks: even/odd split, Conv1d 3-8-3 + LeakyReLU + Tanh modules, x_even * exp(phi(x_odd)) and x_odd * exp(psi(x_even)), then additive updates, re-interleaved), a residual to the input, then per channel a ReLU layer 48-32 and a head 32-12 over time",
                              "input_steps": fd.SCINET_INPUT, "horizon": fd.SCINET_HORIZON,
                              "channels": fd.SCINET_CHANNELS, "held_out": "MSE on new windows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.scinet_windows(), knobs.pop("model", None) or fd.SCINet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def ipnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.ipnn_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the click (mean over the rows)")
    knobs.setdefault("meta", {"model": "IPNN: an embedding of 6 per feature of 10 fields, a product layer of the flattened embeddings (the linear signal, 60) and the 45 pairwise inner products, a ReLU MLP 105-64, a ReLU layer 64-32 and a head",
                              "fields": len(fd.IPNN_CARDS), "embedding": fd.IPNN_K,
                              "held_out": "BCE on new impressions"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.ipnn_rows(), knobs.pop("model", None) or fd.IPNN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def frechet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.frechet_nll)
    knobs.setdefault("loss_name", "Frechet (inverse Weibull) negative log-likelihood (mean over the rows)")
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to log s (the scale) and log alpha (the shape)",
                              "features": fd.FRECHET_FEATURES,
                              "held_out": "the Frechet negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.frechet_rows(), knobs.pop("model", None) or fd.FrechetMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


CAIT0, SCINET0 = LN(fd.CAIT_CLASSES), fd.scinet_at_zero()
IPNN0, FRECHET0 = LN(2), fd.frechet_at_zero()
"""Where the families start: the CaiT at ln 4, the SCINet at the MSE of forecasts of 0, the IPNN at the BCE of logits
of 0 (ln 2), the Frechet MLP at its NLL of raw outputs of 0 (s = alpha = 1: 2 log y + 1 / y on average)."""


# cait: a CaiT-like classifier (a 4x4 patch embedding of width 32 with learned positions, 2 self-attention blocks with
# LayerScale from 0.1, a CLS token and a class-attention block where only the CLS attends to the frozen patch tokens, a
# ReLU layer and a head on the CLS) naming the quadrant of a textured (checkerboard) blob in noisy 16x16 images with a
# plain decoy blob, 5% random labels held out too, cross-entropy over 4 (1.44 at step 1, ln 4 = 1.39, ending near 0.34-
# 0.42 held out, after a plateau near ln 4 whose length varies with the seed: 0.85 at seed 0); works at Adam 1e-3
# (best: 0.39-0.85, 1.02-1.08 with cosine at seed 0), Adagrad 0.01 (0.88); slow at Adam 3e-4 (1.11-1.29), flat at
# Adam 1e-5 (1.39-1.42: still on the plateau, so no lr-too-low case here); Adam 3e-3 0.90-1.02 (0.41-0.81 after a
# 60-step warmup); at chance at Adam 0.1-1 (with or without a warmup) and SGDm 0.03

@case("cait-adam-lr-1", "cait", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cait_family("adam", 1.0)


@case("cait-adamw-warmup-cosine-peak-1", "cait", "lr-high-ramp", cf=lr_to(1e-3),
      cf_what="peak lr 1e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cait_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("cait-adam-lr-0p3-300x-log2", "cait", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cait_family("adam", 0.3, log_every=2)


@case("cait-adam-lr-3e-3-no-warmup", "cait", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return cait_family("adam", 3e-3)


@case("cait-adam-head-x1000", "cait", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CaiT), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CAIT0, "ln 4"))
def _() -> Setup:
    return cait_family("adam", 1e-3, model=lambda: scaled_head(fd.CaiT(), 1000))


@case("cait-adam-missing-pixel-nan", "cait", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return cait_family("adam", 1e-3, data=fd.cait_images(nan_rows=0.003))


# scinet: a SCINet-like forecaster (a binary tree of depth 2 of SCI-blocks: the even and odd steps split, each through
# Conv1d + LeakyReLU + Conv1d + Tanh modules, x_even * exp(phi(x_odd)) and x_odd * exp(psi(x_even)), then additive
# updates, re-interleaved; a residual to the input, then per channel a ReLU layer and a head over time) of the next 12
# steps of 3 channels from 48 past steps of synthetic multi-seasonal series (periods 12, 5 and 8, a lagged channel
# coupling, N(0, 0.15^2) noise), MSE (1.26 at step 1, ending near 0.03 held out); works at Adam 1e-3-0.03 (best
# 0.01-0.03 with cosine: 0.027-0.029, 0.031 at 3e-3 constant), SGDm 0.1 (0.029), SGD 0.3 with cosine (0.034); slow at
# Adam 1e-4 (0.26) and 3e-5 (0.75-0.91), 0.15-0.18 after a x0.1 cut of Adam 1e-3 at step 20; 0.96-0.99 at Adam 1,
# 1.5-1.6 cycling to a peak of 1, non-finite at SGD 1 and SGDm 0.1 on a summed loss; Adam 3e-3 recreated every 2 steps
# 0.033-0.034


@case("scinet-adam-lr-1-log2", "scinet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return scinet_family("adam", 1.0, log_every=2)


@case("scinet-adam-cyclic-peak-1", "scinet", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return scinet_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("scinet-rmsprop-exponential-gamma-1p02", "scinet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return scinet_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("scinet-adam-lr-3e-5-100x-low-log2", "scinet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return scinet_family("adam", 3e-5, log_every=2)


@case("scinet-sgdm-summed-mse", "scinet", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SCINET0, "the MSE of forecasts of 0"))
def _() -> Setup:
    return scinet_family("sgdm", 0.1, loss_fn=fd.scinet_mse_summed, loss_name="squared error summed over the batch's windows (reduction='sum')",
                         val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("scinet-adam-head-x1000-log2", "scinet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SCINet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SCINET0, "the MSE of forecasts of 0"))
def _() -> Setup:
    return scinet_family("adam", 3e-3, log_every=2, model=lambda: scaled_head(fd.SCINet(), 1000))


@case("scinet-adam-fc-dead-at-init", "scinet", "dead-units",
      cf=lambda s: replace(s, model=fd.SCINet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return scinet_family("adam", 3e-3, model=lambda: fd.SCINet(dead_bias=-30.0), track_zero_grads=True)


@case("scinet-adam-multistep-x0p1-at-5pct", "scinet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return scinet_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


# ipnn: an inner-product-based neural network (an embedding of 6 per feature of 10 categorical fields, a product layer
# of the flattened embeddings and their 45 pairwise inner products, a ReLU MLP, a ReLU layer and a head) on synthetic
# impressions with 6 planted field-pair interactions, BCE with logits of the click (0.683 at step 1, ln 2 = 0.693,
# ending near 0.41-0.43 held out); works at Adam 0.01-0.03 (best 0.01: 0.42-0.43), NAdam 0.01 (0.41-0.42), Adagrad 0.1
# (0.41-0.42); slow at Adam 1e-3 (0.57), RMSprop 1e-3 (0.52-0.56) and SGDm 0.1 (0.61), hardly moving at Adam 1e-4
# (0.665); RMSprop 0.03 0.49-0.54 (0.46-0.47 after a 60-step warmup), Adam 0.05 0.47-0.57 (no better after it), at
# chance at Adam 0.1 and RMSprop 0.05-0.1 (with or without it), 0.70 at SGDm 1, 0.67-1.9 at Adagrad 3, 0.83-8.8 at
# RMSprop 0.3, 24 at Adam 1 for 150 steps then at chance; SGD 10 0.7-1.2 (no better clipped at 0.1); Adam recreated
# every 2 steps 0.43-0.45 at 0.01 (0.42-0.43 created once), 0.52-0.53 at 0.03 (0.44-0.46)

@case("ipnn-adam-lr-1-log2", "ipnn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ipnn_family("adam", 1.0, log_every=2)


@case("ipnn-rmsprop-lr-0p3-300x-log2", "ipnn", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ipnn_family("rmsprop", 0.3, log_every=2)


@case("ipnn-nadam-warmup-cosine-peak-1", "ipnn", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ipnn_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("ipnn-adam-exponential-gamma-1p02", "ipnn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ipnn_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("ipnn-adam-lr-1e-4-100x-low", "ipnn", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ipnn_family("adam", 1e-4)


@case("ipnn-nadam-lr-1e-4-100x-low-log3", "ipnn", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ipnn_family("nadam", 1e-4, log_every=3)


@case("ipnn-sgdm-summed-bce", "ipnn", "summed",
      cf=lambda s: replace(s, loss_fn=fd.ipnn_bce, loss_name="binary_cross_entropy_with_logits (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, IPNN0, "ln 2"))
def _() -> Setup:
    return ipnn_family("sgdm", 0.1, loss_fn=fd.ipnn_bce_summed, loss_name="binary_cross_entropy_with_logits summed over the batch's rows (reduction='sum')",
                       val_loss_fn=fd.ipnn_bce, mean_loss_fn=fd.ipnn_bce)  # fmt: skip


@case("ipnn-adam-head-x1000", "ipnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.IPNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, IPNN0, "ln 2"))
def _() -> Setup:
    return ipnn_family("adam", 0.01, model=lambda: scaled_head(fd.IPNN(), 1000))


@case("ipnn-rmsprop-fc-dead-at-init", "ipnn", "dead-units",
      cf=lambda s: replace(s, model=fd.IPNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return ipnn_family("rmsprop", 1e-3, model=lambda: fd.IPNN(dead_bias=-30.0), track_zero_grads=True)


@case("ipnn-adam-multistep-x0p1-at-5pct", "ipnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return ipnn_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("ipnn-adam-exponential-1000x-in-40-steps-log2", "ipnn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return ipnn_family("adam", 0.01, log_every=2, schedule=exponential_to(1e-3, 0.1),
                       schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("ipnn-adam-missing-field-nan", "ipnn", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) field value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return ipnn_family("adam", 0.01, data=fd.ipnn_rows(nan_rows=0.003))


@case("ipnn-rmsprop-lr-0p03-no-warmup-log2", "ipnn", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return ipnn_family("rmsprop", 0.03, log_every=2)


@case("ipnn-adam-lr-0p03-recreated-every-2-steps", "ipnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return ipnn_family("adam", 0.03, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("ipnn-adam-2000-rows-overfits", "ipnn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return ipnn_family("adam", 0.01, steps=600, eval_every=30, data=fd.ipnn_rows(train_rows=2000))


# frechet: a ReLU MLP (6-64-64, a ReLU layer and a head) of the log scale and the log shape of a Frechet (inverse
# Weibull) law of heavy-tailed maxima (shape 2-4) whose two parameters depend on the features, the negative
# log-likelihood per row (2.47-2.67 at step 1, 2.67 at raw outputs of 0, ending near 1.64-1.73 held out, noisy); works
# at Adam 1e-3-0.01 (best 3e-3: 1.64-1.65), RMSprop 1e-3-3e-3 (1.67-1.74), Adagrad 0.03 (1.66-1.72), SGDm 0.01
# (1.68-1.72), SGD 0.03 (1.76-1.80); slow at Adam 1e-4 (2.02), hardly moving at Adam 3e-5 and SGDm 1e-4 (2.29-2.37);
# Adam 0.02 1.73-1.74, 0.03 1.82, 0.04-0.05 1.73-5.7 or non-finite, by seed, with or without a 60-step warmup (so no
# missing-warmup case here); non-finite from Adam 0.1, RMSprop 0.3, Adagrad 1 and SGDm 0.1 on (SGDm 0.1 and SGD 1
# 1.65-1.75 clipped at 0.1)


@case("frechet-adam-lr-1", "frechet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return frechet_family("adam", 1.0)


@case("frechet-sgdm-lr-1-100x-log2", "frechet", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return frechet_family("sgdm", 1.0, log_every=2)


@case("frechet-rmsprop-lr-0p3-300x", "frechet", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return frechet_family("rmsprop", 0.3)


@case("frechet-adamw-warmup-cosine-peak-1", "frechet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return frechet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("frechet-adam-lr-3e-5-100x-low-log2", "frechet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return frechet_family("adam", 3e-5, log_every=2)


@case("frechet-nadam-lr-3e-5-100x-low-log3", "frechet", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return frechet_family("nadam", 3e-5, log_every=3)


@case("frechet-sgdm-lr-1e-4-100x-low", "frechet", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return frechet_family("sgdm", 1e-4)


@case("frechet-sgdm-summed-nll", "frechet", "summed",
      cf=lambda s: replace(s, loss_fn=fd.frechet_nll, loss_name="Frechet negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, FRECHET0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return frechet_family("sgdm", 0.01, loss_fn=fd.frechet_nll_summed, loss_name="Frechet negative log-likelihood summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.frechet_nll, mean_loss_fn=fd.frechet_nll)  # fmt: skip


@case("frechet-sgd-summed-nll-log2", "frechet", "summed",
      cf=lambda s: replace(s, loss_fn=fd.frechet_nll, loss_name="Frechet negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, FRECHET0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return frechet_family("sgd", 0.03, log_every=2, loss_fn=fd.frechet_nll_summed, loss_name="Frechet negative log-likelihood summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.frechet_nll, mean_loss_fn=fd.frechet_nll)  # fmt: skip


@case("frechet-adam-exponential-1000x-in-40-steps", "frechet", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return frechet_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                          schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("frechet-adam-fc-dead-at-init", "frechet", "dead-units",
      cf=lambda s: replace(s, model=fd.FrechetMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return frechet_family("adam", 3e-3, model=lambda: fd.FrechetMLP(dead_bias=-30.0), track_zero_grads=True)


@case("frechet-adam-missing-feature-nan", "frechet", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return frechet_family("adam", 3e-3, data=fd.frechet_rows(nan_rows=0.003))


@case("frechet-sgdm-lr-0p1-no-clip", "frechet", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return frechet_family("sgdm", 0.1)


@case("frechet-sgd-lr-1-no-clip-log2", "frechet", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return frechet_family("sgd", 1.0, log_every=2)


# fresh84 half: healthy look-alikes


@case("cait-adam-cosine-log2", "cait", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.CAIT_CLASSES, fall=0.8))
def _() -> Setup:
    return cait_family("adam", 1e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("cait-adam-warmup-cosine-eval25", "cait", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.CAIT_CLASSES, fall=0.8))
def _() -> Setup:
    return cait_family("adam", 1e-3, eval_every=25, schedule=cosine_after(0.1),
                       schedule_name="linear warmup 10% + cosine")


@case("scinet-adam-cosine-eval25", "scinet", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return scinet_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("scinet-sgd-cosine-log2", "scinet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return scinet_family("sgd", 0.3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("ipnn-adam-cosine-log2", "ipnn", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return ipnn_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("ipnn-adagrad-cosine-eval25", "ipnn", "healthy", like=("plateau", "lr-too-high"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return ipnn_family("adagrad", 0.1, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("ipnn-nadam-step-decay-log3", "ipnn", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return ipnn_family("nadam", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3), schedule_name="MultiStepLR")


@case("ipnn-radam-warmup-cosine-log4", "ipnn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return ipnn_family("radam", 0.03, log_every=4, schedule=cosine_after(0.1),
                       schedule_name="linear warmup 10% + cosine")


@case("ipnn-adam-constant-eval50", "ipnn", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return ipnn_family("adam", 0.01, eval_every=50)


@case("ipnn-adam-resumed-with-state", "ipnn", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return ipnn_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                       schedule=cosine_after(0.0), schedule_name="cosine")


@case("frechet-adam-cosine-eval25", "frechet", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return frechet_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("frechet-rmsprop-step-decay-log3", "frechet", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return frechet_family("rmsprop", 1e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                          schedule_name="MultiStepLR")


@case("frechet-adagrad-on-plateau-log4", "frechet", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return frechet_family("adagrad", 0.03, log_every=4, schedule=on_plateau(),
                          schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("frechet-nesterov-cosine-eval60", "frechet", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return frechet_family("nesterov", 0.01, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


@case("frechet-adamw-warmup-linear-avg10", "frechet", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return frechet_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                          schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("frechet-sgdm-one-cycle", "frechet", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return frechet_family("sgdm", 0.01, schedule=one_cycle, schedule_name="OneCycleLR")


@case("frechet-nadam-sgdr-log5", "frechet", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return frechet_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                          schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


# fresh84 half, logged once per epoch


@case("ipnn-adam-1024-rows-overfits-per-epoch", "ipnn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return ipnn_family("adam", 0.01, steps=16 * 25, log_per_epoch=True, data=fd.ipnn_rows(train_rows=1024))


@case("frechet-adam-lr-1-per-epoch", "frechet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return frechet_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.frechet_rows(n=3200))


@case("ipnn-adam-cosine-per-epoch", "ipnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return ipnn_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.ipnn_rows(n=12800, batch_size=256),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("scinet-adam-warmup-cosine-per-epoch", "scinet", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return scinet_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.scinet_windows(n=1600),
                         schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip
