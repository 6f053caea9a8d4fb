"""The sixty-fifth fresh half (fresh63, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from torch.nn import functional as F

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


def efficientnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes")
    knobs.setdefault("meta", {"model": "EfficientNet-like: a conv stem 1-16 (BN, SiLU), MBConv blocks 16-16, 16-24 (stride 2), 24-24 (a 1x1 expansion x4, a depthwise 3x3, squeeze-and-excitation, a 1x1 projection, BN, SiLU, residual where the shapes match), a 1x1 conv 24-48, mean pooling, a ReLU layer 48-32, a head",
                              "image": fd.EFFNET_SIZE, "classes": fd.EFFNET_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.effnet_images(), knobs.pop("model", None) or fd.EfficientNetSmall,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def autoformer_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse over the 12 forecast steps")
    knobs.setdefault("meta", {"model": "Autoformer-like: series decomposition by a moving average of 13, a circular conv embedding 1-24, an encoder layer and a decoder layer of auto-correlation (FFT lags, top 3 aggregated), decomposition after each sublayer, GELU MLPs 24-48-24, the trend accumulated, the seasonal output through a ReLU layer 24-32 and a head",
                              "lookback": fd.AUTOFORMER_LOOKBACK, "label_len": fd.AUTOFORMER_LABEL,
                              "horizon": fd.AUTOFORMER_HORIZON, "held_out": "mse on new windows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.autoformer_series(), knobs.pop("model", None) or fd.AutoformerNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def moco_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.moco_nce)
    knobs.setdefault("val_loss_fn", fd.moco_held_out)
    knobs.setdefault("loss_name", "MoCo InfoNCE: the query's own key against a queue of 1024 past keys, temperature 0.2 (mean over the batch)")
    knobs.setdefault("meta", {"model": "MoCo-like: a query encoder (ReLU MLP 32-64-64, a ReLU layer 64-32, a head to 16, L2-normalised), a key encoder its momentum average (0.99), a queue of 1024 keys, views by noise and masking",
                              "queue": fd.MOCO_QUEUE, "momentum": fd.MOCO_MOMENTUM, "temperature": fd.MOCO_TEMPERATURE,
                              "held_out": "symmetric InfoNCE of two views of new items against in-batch negatives (blocks of 64)"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.moco_items(), knobs.pop("model", None) or fd.MoCoNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def kumaraswamy_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.kuma_nll)
    knobs.setdefault("loss_name", "Kumaraswamy negative log-likelihood (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to the Kumaraswamy's shapes a and b (softplus)",
                              "features": fd.KUMA_FEATURES, "target_clamp": [fd.KUMA_EPS, 1 - fd.KUMA_EPS],
                              "held_out": "Kumaraswamy negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.kuma_rows(), knobs.pop("model", None) or fd.KumaMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


EFF0, AUTO0, MOCO0, KUMA0 = LN(fd.EFFNET_CLASSES), fd.autoformer_at_mean(), LN(1 + fd.MOCO_QUEUE), fd.kuma_at_zero()
"""Where the families start: the EfficientNet-like CNN at ln 4, the Autoformer-like forecaster near the MSE of forecasting
the lookback's mean (~0.8), the MoCo-like encoder at ln 1025 (its own key among the queue's 1024), the Kumaraswamy
regressor at the NLL of raw outputs of 0 (~0.13, not ln C)."""


# efficientnet: an EfficientNet-like CNN (a conv stem, MBConv blocks with a 1x1 expansion, a depthwise 3x3,
# squeeze-and-excitation and a 1x1 projection, SiLU, BN, residuals) naming a shape in noisy 12x12 images, cross-entropy
# over 4 (1.40 at step 1, ln 4 = 1.39); works at Adam 1e-3-0.01 (best 3e-3 at a constant lr, 0.01 under a schedule),
# SGDm 0.03-0.1; at chance at Adam 1, SGDm 1


@case("efficientnet-adam-lr-1", "efficientnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return efficientnet_family("adam", 1.0)


@case("efficientnet-sgdm-lr-30-1000x", "efficientnet", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return efficientnet_family("sgdm", 30.0)


@case("efficientnet-nadam-cyclic-peak-1", "efficientnet", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return efficientnet_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("efficientnet-adam-lr-3e-5-100x-low", "efficientnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return efficientnet_family("adam", 3e-5)


@case("efficientnet-sgdm-summed-ce", "efficientnet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, EFF0, "ln 4"))
def _() -> Setup:
    return efficientnet_family("sgdm", 0.03, loss_fn=fd.effnet_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                               val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("efficientnet-adam-multistep-x0p1-at-5pct", "efficientnet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return efficientnet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("efficientnet-adam-missing-pixel-nan", "efficientnet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return efficientnet_family("adam", 3e-3, data=fd.effnet_images(nan_rows=0.003))


@case("efficientnet-adam-fc-dead-at-init", "efficientnet", "dead-units",
      cf=lambda s: replace(s, model=fd.EfficientNetSmall), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return efficientnet_family("adam", 3e-3, model=lambda: fd.EfficientNetSmall(dead_bias=-30.0), track_zero_grads=True)


@case("efficientnet-adam-head-x1000", "efficientnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.EfficientNetSmall), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, EFF0, "ln 4"))
def _() -> Setup:
    return efficientnet_family("adam", 3e-3, model=lambda: scaled_head(fd.EfficientNetSmall(), 1000))


# autoformer: an Autoformer-like forecaster (moving-average series decomposition, auto-correlation over the top 3 FFT
# lags, an encoder and a decoder layer, the trend accumulated) of multi-seasonal series with a trend and AR noise, MSE
# over 12 steps (0.76 at step 1); works at Adam 3e-4-0.01 (best 3e-3 at a constant lr, 0.01 under a schedule), RMSprop
# 1e-3-3e-3, SGDm 0.01-0.1; SGDm 0.3 goes NaN; its held-out loss varies much with the seed (0.23-0.38 at Adam 3e-3)


@case("autoformer-adam-lr-1-log4", "autoformer", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return autoformer_family("adam", 1.0, log_every=4)


@case("autoformer-rmsprop-lr-0p3-300x", "autoformer", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return autoformer_family("rmsprop", 0.3, log_every=2)


@case("autoformer-adamw-warmup-cosine-peak-1", "autoformer", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return autoformer_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("autoformer-adam-exponential-gamma-1p02", "autoformer", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return autoformer_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("autoformer-adam-lr-3e-5-100x-low", "autoformer", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return autoformer_family("adam", 3e-5)


@case("autoformer-sgdm-summed-mse", "autoformer", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, AUTO0, "the MSE of forecasting the lookback's mean"))
def _() -> Setup:
    return autoformer_family("sgdm", 0.03, loss_fn=fd.autoformer_mse_summed, loss_name="mse summed over the batch's windows (reduction='sum')",
                             val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("autoformer-adam-head-x1000", "autoformer", "last-layer-init",
      cf=lambda s: replace(s, model=fd.AutoformerNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, AUTO0, "the MSE of forecasting the lookback's mean"))
def _() -> Setup:
    return autoformer_family("adam", 3e-3, model=lambda: scaled_head(fd.AutoformerNet(), 1000))


@case("autoformer-adam-exponential-1000x-in-40-steps", "autoformer", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return autoformer_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("autoformer-adam-missing-value-nan", "autoformer", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the windows with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return autoformer_family("adam", 3e-3, data=fd.autoformer_series(nan_rows=0.003))


@case("autoformer-adam-lr-0p03-no-warmup", "autoformer", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60, shape=anything)
def _() -> Setup:
    return autoformer_family("adam", 0.03)


@case("autoformer-sgd-lr-1-no-clip", "autoformer", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return autoformer_family("sgd", 1.0)


@case("autoformer-adam-128-windows-overfits", "autoformer", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return autoformer_family("adam", 3e-3, steps=600, eval_every=30, data=fd.autoformer_series(train_rows=128))


# moco: a MoCo-like contrastive encoder (a query encoder trained by gradient, a key encoder its momentum average, a
# queue of 1024 past keys as negatives, InfoNCE at a temperature of 0.2) of synthetic items seen through noisy, masked
# views; the training loss starts at ln 1025 (6.88 at step 1), the held-out loss is InfoNCE against in-batch negatives
# (ln 64 = 4.16 at chance); works at Adam 1e-3-3e-3 (best 3e-3), SGDm 0.01-0.03; at chance at Adam 1


@case("moco-adam-lr-1", "moco", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return moco_family("adam", 1.0)


@case("moco-sgdm-lr-30-1000x", "moco", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return moco_family("sgdm", 30.0)


@case("moco-adamw-warmup-cosine-peak-1", "moco", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return moco_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("moco-rmsprop-exponential-gamma-1p02", "moco", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return moco_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("moco-radam-lr-3e-5-100x-low-log2", "moco", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return moco_family("radam", 3e-5, log_every=2)


@case("moco-nadam-lr-3e-5-100x-low-log5", "moco", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return moco_family("nadam", 3e-5, log_every=5)


@case("moco-sgdm-lr-3e-4-100x-low-log2", "moco", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return moco_family("sgdm", 3e-4, log_every=2)


@case("moco-sgdm-summed-nce", "moco", "summed",
      cf=lambda s: replace(s, loss_fn=fd.moco_nce, loss_name="MoCo InfoNCE (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, MOCO0, "ln 1025"))
def _() -> Setup:
    return moco_family("sgdm", 0.03, loss_fn=fd.moco_nce_summed, loss_name="MoCo InfoNCE summed over the batch's queries (reduction='sum')",
                       mean_loss_fn=fd.moco_nce)  # fmt: skip


@case("moco-adam-multistep-x0p1-at-5pct", "moco", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return moco_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("moco-adam-lr-0p1-no-warmup", "moco", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60, shape=anything)
def _() -> Setup:
    return moco_family("adam", 0.1)


@case("moco-adam-fc-dead-at-init", "moco", "dead-units",
      cf=lambda s: replace(s, model=fd.MoCoNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return moco_family("adam", 3e-3, model=lambda: fd.MoCoNet(dead_bias=-30.0), track_zero_grads=True)


# kumaraswamy: an MLP regressor of targets in (0, 1), the Kumaraswamy negative log-likelihood (softplus shapes a and b,
# targets clamped into [1e-4, 1 - 1e-4]; 0.15 at step 1, the NLL of raw outputs of 0, ending near -0.55); works at Adam
# 3e-4-0.03 (best 3e-3), SGDm 0.01-0.1, SGD 0.1-1; Adam 1 and SGD 3 blow up to a constant NLL of 5.5


@case("kumaraswamy-adam-lr-1-log2", "kumaraswamy", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return kumaraswamy_family("adam", 1.0, log_every=2)


@case("kumaraswamy-sgdm-lr-10-300x", "kumaraswamy", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return kumaraswamy_family("sgdm", 10.0)


@case("kumaraswamy-adamw-warmup-cosine-peak-1", "kumaraswamy", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return kumaraswamy_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("kumaraswamy-nadam-lr-3e-5-100x-low-log3", "kumaraswamy", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return kumaraswamy_family("nadam", 3e-5, log_every=3)


@case("kumaraswamy-sgdm-summed-nll", "kumaraswamy", "summed",
      cf=lambda s: replace(s, loss_fn=fd.kuma_nll, loss_name="Kumaraswamy negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, KUMA0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return kumaraswamy_family("sgdm", 0.03, loss_fn=fd.kuma_nll_summed, loss_name="Kumaraswamy negative log-likelihood summed over the batch's rows (reduction='sum')",
                              val_loss_fn=fd.kuma_nll, mean_loss_fn=fd.kuma_nll)  # fmt: skip


@case("kumaraswamy-adam-head-x1000", "kumaraswamy", "last-layer-init",
      cf=lambda s: replace(s, model=fd.KumaMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, KUMA0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return kumaraswamy_family("adam", 3e-3, model=lambda: scaled_head(fd.KumaMLP(), 1000))


@case("kumaraswamy-adam-exponential-1000x-in-40-steps", "kumaraswamy", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return kumaraswamy_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("kumaraswamy-adam-missing-feature-nan", "kumaraswamy", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return kumaraswamy_family("adam", 3e-3, data=fd.kuma_rows(nan_rows=0.003))


@case("kumaraswamy-adam-fc-dead-at-init", "kumaraswamy", "dead-units",
      cf=lambda s: replace(s, model=fd.KumaMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return kumaraswamy_family("adam", 3e-3, model=lambda: fd.KumaMLP(dead_bias=-30.0), track_zero_grads=True)


@case("kumaraswamy-adam-lr-0p01-recreated-every-2-steps", "kumaraswamy", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return kumaraswamy_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("kumaraswamy-sgd-lr-3-no-clip", "kumaraswamy", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return kumaraswamy_family("sgd", 3.0)


# fresh63 half: healthy look-alikes


@case("moco-adam-cosine-log2", "moco", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return moco_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("kumaraswamy-adamw-cosine-eval25", "kumaraswamy", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return kumaraswamy_family("adamw", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("efficientnet-adagrad-step-decay", "efficientnet", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.EFFNET_CLASSES))
def _() -> Setup:
    return efficientnet_family("adagrad", 0.1, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("moco-sgdm-cyclic-triangular2", "moco", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return moco_family("sgdm", 0.03, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("efficientnet-adam-one-cycle", "efficientnet", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.EFFNET_CLASSES))
def _() -> Setup:
    return efficientnet_family("adam", 0.01, schedule=one_cycle, schedule_name="OneCycleLR")


@case("autoformer-adamw-warmup-linear-avg10", "autoformer", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return autoformer_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                             schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("efficientnet-adam-warmup-cosine", "efficientnet", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.EFFNET_CLASSES))
def _() -> Setup:
    return efficientnet_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("moco-nadam-sgdr-log4", "moco", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return moco_family("nadam", 3e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("moco-adam-resumed-with-state", "moco", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return moco_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("kumaraswamy-adam-resumed-with-state", "kumaraswamy", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return kumaraswamy_family("adam", 3e-3, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)


@case("efficientnet-nesterov-lr-0p1-cosine", "efficientnet", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fd.EFFNET_CLASSES))
def _() -> Setup:
    return efficientnet_family("nesterov", 0.1, schedule=cosine_after(0.0), schedule_name="cosine")


@case("autoformer-adam-cosine", "autoformer", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return autoformer_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("kumaraswamy-sgd-constant-eval50", "kumaraswamy", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return kumaraswamy_family("sgd", 0.1, steps=500, eval_every=50)


@case("kumaraswamy-radam-cosine", "kumaraswamy", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return kumaraswamy_family("radam", 3e-3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("moco-adam-constant-600-steps-log3", "moco", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return moco_family("adam", 3e-3, steps=600, eval_every=60, log_every=3)


# fresh63 half, logged once per epoch


@case("kumaraswamy-adam-256-rows-overfits-per-epoch", "kumaraswamy", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return kumaraswamy_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.kuma_rows(train_rows=256, batch_size=64))


@case("efficientnet-adam-lr-1-per-epoch", "efficientnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return efficientnet_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.effnet_images(n=3200, batch_size=64))


@case("kumaraswamy-adam-cosine-per-epoch", "kumaraswamy", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return kumaraswamy_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.kuma_rows(n=2944, batch_size=64),
                              schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("efficientnet-sgdm-cosine-per-epoch", "efficientnet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.EFFNET_CLASSES))
def _() -> Setup:
    return efficientnet_family("sgdm", 0.1, steps=50 * 8, log_per_epoch=True, data=fd.effnet_images(n=3200, batch_size=64),
                               schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
