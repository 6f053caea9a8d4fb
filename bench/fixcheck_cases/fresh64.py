"""The sixty-sixth fresh half (fresh64, held out from all tuning):
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
    LN, Setup, constant_after, cosine_after, cross_entropy, cyclic, exponential, exponential_to, linear_decay_after,
    multistep, one_cycle, scaled_head, warm_restarts,
)


def linformer_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes")
    knobs.setdefault("meta", {"model": "Linformer-like encoder: token and learned position embeddings (d 32), 2 pre-LN blocks of self-attention whose keys and values are projected along the sequence (32 -> rank 8) by learned matrices, 2 heads, GELU MLPs 32-64-32, a final LayerNorm, mean pooling, a ReLU layer 32-32, a head",
                              "vocab_size": fd.LINFORMER_VOCAB, "seq_len": fd.LINFORMER_LENGTH, "rank": fd.LINFORMER_RANK,
                              "classes": fd.LINFORMER_CLASSES, "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.linformer_tokens(), knobs.pop("model", None) or fd.LinformerNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def unet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy per pixel over the 4 classes")
    knobs.setdefault("meta", {"model": "U-Net: double 3x3 convs with BN and ReLU 1-8, max-pool, 8-16, max-pool, a bottleneck 16-32, 2x2 transposed convs up 32-16 and 16-8 with skip concatenations and double convs, a per-pixel ReLU layer 8-16, a head",
                              "image": fd.UNET_SIZE, "classes": fd.UNET_CLASSES,
                              "held_out": "per-pixel cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.unet_images(), knobs.pop("model", None) or fd.UNetSmall,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def xdeepfm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.xdeepfm_bce)
    knobs.setdefault("loss_name", "BCEWithLogitsLoss of the click (mean)")
    knobs.setdefault("meta", {"model": "xDeepFM-like: field embeddings (d 8), a linear part, a compressed interaction network of 2 layers of 16 maps (outer products with the base fields, 1x1 compressions, sum pooling), a deep ReLU MLP 80-64, a ReLU layer 64-32 and a head, the three logits summed",
                              "fields": fd.XDEEPFM_FIELDS, "values_per_field": fd.XDEEPFM_VOCAB,
                              "held_out": "BCE on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.xdeepfm_clicks(), knobs.pop("model", None) or fd.XDeepFMNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def loglogistic_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.loglogistic_nll)
    knobs.setdefault("loss_name", "log-logistic negative log-likelihood (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 8-64-64, a ReLU layer 64-32, a head to the log-logistic's scale alpha and shape beta (softplus)",
                              "features": fd.LOGLOG_FEATURES, "held_out": "log-logistic negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.loglogistic_rows(), knobs.pop("model", None) or fd.LogLogisticMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


LINF0, UNET0, XDFM0, LLOG0 = LN(fd.LINFORMER_CLASSES), LN(fd.UNET_CLASSES), fd.xdeepfm_at_rate(), fd.loglogistic_at_zero()
"""Where the families start: the Linformer-like classifier at ln 4, the U-Net at ln 4 per pixel, the xDeepFM-like click
model near the BCE of the click rate (~0.68; ln 2 at a logit of 0), the log-logistic regressor at the NLL of raw outputs
of 0 (~1.9, not ln C)."""


# linformer: a Linformer-like encoder (keys and values projected along the sequence to rank 8, pre-LN, GELU MLPs, mean
# pooling) naming the class of 32-token sequences from two key tokens far apart, cross-entropy over 4 (1.39 at step 1,
# ln 4); works at Adam 1e-3-0.03 (best 3e-3 at a constant lr, 0.01 under a schedule), SGDm 0.03-0.05 (0.1 stays at
# chance at some seeds); stuck at chance at
# Adam 0.1 without a warmup (0.48 with a 60-step one), NaN at SGDm 30


@case("linformer-adam-lr-1", "linformer", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return linformer_family("adam", 1.0)


@case("linformer-sgdm-lr-30-1000x", "linformer", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return linformer_family("sgdm", 30.0)


@case("linformer-nadam-cyclic-peak-1", "linformer", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return linformer_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("linformer-adam-lr-3e-5-100x-low", "linformer", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return linformer_family("adam", 3e-5)


@case("linformer-sgdm-lr-3e-4-100x-low-log2", "linformer", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return linformer_family("sgdm", 3e-4, log_every=2)


@case("linformer-sgdm-summed-ce", "linformer", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, LINF0, "ln 4"))
def _() -> Setup:
    return linformer_family("sgdm", 0.03, loss_fn=fd.linformer_ce_summed, loss_name="cross_entropy summed over the batch's sequences (reduction='sum')",
                            val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("linformer-adam-multistep-x0p1-at-5pct", "linformer", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return linformer_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("linformer-adam-corrupt-token-nan", "linformer", "nan-early", cf=lambda s: replace(s, data=fd.without_corrupt_tokens(s.data)),
      cf_what="the sequences with a corrupt token id dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return linformer_family("adam", 3e-3, data=fd.linformer_tokens(nan_rows=0.003))


@case("linformer-adam-fc-dead-at-init", "linformer", "dead-units",
      cf=lambda s: replace(s, model=fd.LinformerNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return linformer_family("adam", 3e-3, model=lambda: fd.LinformerNet(dead_bias=-30.0), track_zero_grads=True)


@case("linformer-adam-head-x1000", "linformer", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LinformerNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LINF0, "ln 4"))
def _() -> Setup:
    return linformer_family("adam", 3e-3, model=lambda: scaled_head(fd.LinformerNet(), 1000))


@case("linformer-adam-lr-0p1-no-warmup", "linformer", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60, shape=anything)
def _() -> Setup:
    return linformer_family("adam", 0.1)


# unet: a small U-Net (two max-pool levels, a bottleneck, transposed-conv up levels with skip concatenations, BN, ReLU)
# segmenting 12x12 images of two noisy shapes per pixel, cross-entropy over 4 (1.53 at step 1, ln 4 = 1.39); works at
# Adam 1e-3-0.03 (best 3e-3-0.01), SGDm 0.03-0.3, Adagrad 0.03-0.1; Adam 1 ends near 0.8, well above the 0.36 of the
# working range (a warmup to a peak of 1 then a cosine recovers: batch norm)


@case("unet-adam-lr-1", "unet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return unet_family("adam", 1.0)


@case("unet-sgdm-lr-30-1000x-log2", "unet", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return unet_family("sgdm", 30.0, log_every=2)


@case("unet-adamw-warmup-constant-peak-1", "unet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return unet_family("adamw", 1.0, schedule=constant_after(0.2), schedule_name="linear warmup 20% + constant")


@case("unet-adam-lr-3e-5-100x-low", "unet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return unet_family("adam", 3e-5)


@case("unet-sgdm-summed-ce", "unet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, UNET0, "ln 4"))
def _() -> Setup:
    return unet_family("sgdm", 0.03, loss_fn=fd.unet_ce_summed, loss_name="per-pixel cross_entropy summed over the batch's pixels (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("unet-adam-head-x1000", "unet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.UNetSmall), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, UNET0, "ln 4"))
def _() -> Setup:
    return unet_family("adam", 3e-3, model=lambda: scaled_head(fd.UNetSmall(), 1000))


@case("unet-adam-exponential-1000x-in-40-steps", "unet", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return unet_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("unet-adam-missing-pixel-nan", "unet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return unet_family("adam", 3e-3, data=fd.unet_images(nan_rows=0.003))


@case("unet-adam-fc-dead-at-init", "unet", "dead-units",
      cf=lambda s: replace(s, model=fd.UNetSmall), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return unet_family("adam", 3e-3, model=lambda: fd.UNetSmall(dead_bias=-30.0), track_zero_grads=True)


@case("unet-adam-64-images-overfits", "unet", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return unet_family("adam", 3e-3, steps=600, eval_every=30, data=fd.unet_images(train_rows=64))


# xdeepfm: an xDeepFM-like click model (field embeddings, a CIN of outer products with 1x1 compressions, a deep MLP, a
# linear part) of clicks with planted pairwise and third-order field interactions, BCE (0.70 at step 1, the click rate's
# BCE 0.68); works at Adam 3e-3-0.01 (best 0.01), RMSprop 3e-3, Adagrad 0.03-0.1 (SGDm 0.03-0.1 only to 0.61); Adam 1
# blows the logits up to a BCE in the thousands, SGD 1 without clipping goes NaN


@case("xdeepfm-adam-lr-1", "xdeepfm", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return xdeepfm_family("adam", 1.0)


@case("xdeepfm-rmsprop-lr-1-300x-log2", "xdeepfm", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return xdeepfm_family("rmsprop", 1.0, log_every=2)


@case("xdeepfm-adamw-warmup-cosine-peak-1", "xdeepfm", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return xdeepfm_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("xdeepfm-rmsprop-exponential-gamma-1p02", "xdeepfm", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return xdeepfm_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("xdeepfm-radam-lr-1e-4-100x-low-log2", "xdeepfm", "lr-low-adam", cf=lr_to(0.01), cf_what="RAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return xdeepfm_family("radam", 1e-4, log_every=2)


@case("xdeepfm-nadam-lr-1e-4-100x-low-log5", "xdeepfm", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return xdeepfm_family("nadam", 1e-4, log_every=5)


@case("xdeepfm-sgdm-summed-bce", "xdeepfm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.xdeepfm_bce, loss_name="BCEWithLogitsLoss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, XDFM0, "the BCE of the click rate"))
def _() -> Setup:
    return xdeepfm_family("sgdm", 0.03, loss_fn=fd.xdeepfm_bce_summed, loss_name="BCEWithLogitsLoss summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.xdeepfm_bce, mean_loss_fn=fd.xdeepfm_bce)  # fmt: skip


@case("xdeepfm-adam-multistep-x0p1-at-5pct", "xdeepfm", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return xdeepfm_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("xdeepfm-adam-lr-0p1-no-warmup", "xdeepfm", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60, shape=anything)
def _() -> Setup:
    return xdeepfm_family("adam", 0.1)


@case("xdeepfm-sgd-lr-1-no-clip", "xdeepfm", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return xdeepfm_family("sgd", 1.0)


@case("xdeepfm-sgdm-lr-0p3-no-clip-log2", "xdeepfm", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return xdeepfm_family("sgdm", 0.3, log_every=2)


@case("xdeepfm-adam-missing-field-nan", "xdeepfm", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) field dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return xdeepfm_family("adam", 0.01, data=fd.xdeepfm_clicks(nan_rows=0.003))


# loglogistic: an MLP regressor of positive heavy-tailed targets, the log-logistic negative log-likelihood (softplus
# scale and shape; 1.76 at step 1, ending near 1.09); works at Adam 1e-3-0.03 (best 3e-3-0.01), SGDm 0.01-0.1, SGD
# 0.1-0.3; Adam 1 ends near 1.55, SGDm 10 blows up to a constant NLL of 8.2


@case("loglogistic-adam-lr-1-log2", "loglogistic", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return loglogistic_family("adam", 1.0, log_every=2)


@case("loglogistic-sgdm-lr-10-300x", "loglogistic", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return loglogistic_family("sgdm", 10.0)


@case("loglogistic-adamw-warmup-cosine-peak-1", "loglogistic", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return loglogistic_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("loglogistic-adam-exponential-gamma-1p02", "loglogistic", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return loglogistic_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("loglogistic-nadam-lr-3e-5-100x-low-log3", "loglogistic", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return loglogistic_family("nadam", 3e-5, log_every=3)


@case("loglogistic-sgdm-summed-nll", "loglogistic", "summed",
      cf=lambda s: replace(s, loss_fn=fd.loglogistic_nll, loss_name="log-logistic negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, LLOG0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return loglogistic_family("sgdm", 0.03, loss_fn=fd.loglogistic_nll_summed, loss_name="log-logistic negative log-likelihood summed over the batch's rows (reduction='sum')",
                              val_loss_fn=fd.loglogistic_nll, mean_loss_fn=fd.loglogistic_nll)  # fmt: skip


@case("loglogistic-adam-head-x1000", "loglogistic", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LogLogisticMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LLOG0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return loglogistic_family("adam", 3e-3, model=lambda: scaled_head(fd.LogLogisticMLP(), 1000))


@case("loglogistic-adam-exponential-1000x-in-40-steps", "loglogistic", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return loglogistic_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("loglogistic-adam-fc-dead-at-init", "loglogistic", "dead-units",
      cf=lambda s: replace(s, model=fd.LogLogisticMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return loglogistic_family("adam", 3e-3, model=lambda: fd.LogLogisticMLP(dead_bias=-30.0), track_zero_grads=True)


@case("loglogistic-adam-lr-0p01-recreated-every-step", "loglogistic", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return loglogistic_family("adam", 0.01, recreate_optimizer_at=frozenset(range(1, 400)))


@case("loglogistic-sgdm-lr-3e-4-100x-low-log2", "loglogistic", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return loglogistic_family("sgdm", 3e-4, log_every=2)


# fresh64 half: healthy look-alikes


@case("xdeepfm-adam-cosine-log2", "xdeepfm", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return xdeepfm_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("loglogistic-adamw-cosine-eval25", "loglogistic", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return loglogistic_family("adamw", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("unet-adagrad-step-decay", "unet", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.UNET_CLASSES))
def _() -> Setup:
    return unet_family("adagrad", 0.03, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("loglogistic-sgdm-cyclic-triangular2", "loglogistic", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return loglogistic_family("sgdm", 0.03, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("unet-adam-one-cycle", "unet", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.UNET_CLASSES))
def _() -> Setup:
    return unet_family("adam", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("linformer-adamw-warmup-linear-avg10", "linformer", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.LINFORMER_CLASSES))
def _() -> Setup:
    return linformer_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                            schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("linformer-adam-warmup-cosine", "linformer", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.LINFORMER_CLASSES))
def _() -> Setup:
    return linformer_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("xdeepfm-nadam-sgdr-log4", "xdeepfm", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return xdeepfm_family("nadam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("unet-adam-resumed-with-state", "unet", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.UNET_CLASSES))
def _() -> Setup:
    return unet_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("loglogistic-adam-resumed-with-state", "loglogistic", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return loglogistic_family("adam", 3e-3, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)


@case("linformer-nesterov-lr-0p05-cosine", "linformer", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fd.LINFORMER_CLASSES))
def _() -> Setup:
    return linformer_family("nesterov", 0.05, schedule=cosine_after(0.0), schedule_name="cosine")


@case("loglogistic-adam-reduce-on-plateau-log4", "loglogistic", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return loglogistic_family("adam", 3e-3, log_every=4, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("loglogistic-sgd-constant-eval50", "loglogistic", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return loglogistic_family("sgd", 0.3, steps=500, eval_every=50)


@case("loglogistic-radam-cosine", "loglogistic", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return loglogistic_family("radam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("xdeepfm-adagrad-constant-600-steps-log3", "xdeepfm", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return xdeepfm_family("adagrad", 0.1, steps=600, eval_every=60, log_every=3)


@case("unet-rmsprop-warmup-cosine-log3", "unet", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.UNET_CLASSES))
def _() -> Setup:
    return unet_family("rmsprop", 0.01, log_every=3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


# fresh64 half, logged once per epoch


@case("loglogistic-adam-256-rows-overfits-per-epoch", "loglogistic", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return loglogistic_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.loglogistic_rows(train_rows=256, batch_size=64))


@case("xdeepfm-adam-lr-1-per-epoch", "xdeepfm", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return xdeepfm_family("adam", 1.0, steps=62 * 7, log_per_epoch=True, data=fd.xdeepfm_clicks(n=4000, batch_size=64))


@case("xdeepfm-adam-cosine-per-epoch", "xdeepfm", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return xdeepfm_family("adam", 0.01, steps=125 * 4, log_per_epoch=True, data=fd.xdeepfm_clicks(batch_size=64),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("unet-sgdm-cosine-per-epoch", "unet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.UNET_CLASSES))
def _() -> Setup:
    return unet_family("sgdm", 0.1, steps=31 * 12, log_per_epoch=True, data=fd.unet_images(batch_size=64),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
