"""The eightieth fresh half (fresh78, held out from all tuning):
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


def pvt_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes of where the square lies from the cross")
    knobs.setdefault("meta", {"model": "Pyramid Vision Transformer (tiny): a 4x4 patch embedding 1-16 (4x4 tokens) and position embeddings, a stage of one pre-LN block of spatial-reduction attention (keys and values from a stride-2 conv of the token map, 2 heads) and a ReLU MLP, patch merging 16-32 (2x2 tokens), a stage of one such block, mean pooling, a ReLU layer 32-32 and a head",
                              "image_size": fd.PVT_SIZE, "patch": fd.PVT_PATCH, "classes": fd.PVT_CLASSES,
                              "widths": [fd.PVT_WIDTH, 2 * fd.PVT_WIDTH], "reduction_ratio": 2,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.pvt_images(), knobs.pop("model", None) or fd.PVT,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def onlstm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 3 classes of the outermost span's opener")
    knobs.setdefault("meta", {"model": "ON-LSTM: token embeddings 12-16, an Ordered-Neurons LSTM cell of 32 units in 8 chunks with cumax master forget and input gates, the last hidden state into a ReLU layer 32-32 and a head",
                              "max_length": fd.ONLSTM_LENGTH, "vocab_size": fd.ONLSTM_VOCAB,
                              "classes": fd.ONLSTM_CLASSES, "chunk_size": fd.ONLSTM_CHUNK,
                              "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.onlstm_sequences(), knobs.pop("model", None) or fd.ONLSTM,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def nfm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.nfm_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the click (mean over the rows)")
    knobs.setdefault("meta", {"model": "NFM: an embedding (8) per field value, Bi-Interaction pooling 0.5 ((sum v)^2 - sum v^2), a ReLU MLP 8-32-16-1, plus a first-order weight per field value and a bias",
                              "fields": fd.NFM_FIELDS, "values_per_field": fd.NFM_CARD,
                              "held_out": "BCE on new impressions"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.nfm_rows(), knobs.pop("model", None) or fd.NFM,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def lomax_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.lomax_nll)
    knobs.setdefault("loss_name", "Lomax (Pareto type II) negative log-likelihood of the targets (mean over the rows)")  # fmt: skip
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to log alpha and log lambda",
                              "features": fd.LOMAX_FEATURES,
                              "held_out": "the Lomax negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.lomax_rows(), knobs.pop("model", None) or fd.LomaxMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


PVT0, ONLSTM0 = LN(fd.PVT_CLASSES), LN(fd.ONLSTM_CLASSES)
NFM0, LOMAX0 = LN(2), fd.lomax_at_zero()
"""Where the families start: the PVT at ln 4, the ON-LSTM at ln 3, the NFM at the BCE of logits of 0 (ln 2), the Lomax
regressor at its NLL of raw outputs of 0 (alpha = lambda = 1: 2 log(1 + y), ~4.3)."""


# pvt: a Pyramid-Vision-Transformer-like classifier (a 4x4 patch embedding of 16x16 images, a stage of one block of
# spatial-reduction attention at 4x4 tokens, keys and values from a stride-2 conv, patch merging to 2x2 tokens of twice
# the width, a second such stage, mean pooling, a ReLU layer and a head) naming where a planted square lies from a
# planted cross (left or right, above or below) in noisy images, 5% random labels held out too, cross-entropy over 4
# (1.40 at step 1, ln 4 = 1.39, ending near 0.80-0.83 held out); works at Adam 3e-3 (best: 0.80-0.82, 0.80 with
# cosine), Adam 1e-3 (0.83-0.86; 0.93 with cosine), SGDm 0.03-0.1 (0.83-0.86); slow at Adam 1e-5 (1.38); Adam 0.01
# 0.81 at one seed and at chance at another, with or without a 60-step warmup; at chance from Adam 0.03 on, at NAdam 0.3
# after a 20% warmup and at SGDm 3; Adam 3e-3 recreated every 2 steps 0.81-0.85 (as good as created once)


@case("pvt-adam-lr-0p3-log2", "pvt", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return pvt_family("adam", 0.3, log_every=2)


@case("pvt-sgdm-lr-3-100x", "pvt", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return pvt_family("sgdm", 3.0)


@case("pvt-nadam-warmup-cosine-peak-0p3", "pvt", "lr-high-ramp", cf=lr_to(1e-3), cf_what="peak lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return pvt_family("nadam", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("pvt-adam-exponential-gamma-1p02", "pvt", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return pvt_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("pvt-adam-lr-1e-5-100x-low-log2", "pvt", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return pvt_family("adam", 1e-5, log_every=2)


@case("pvt-sgdm-summed-ce", "pvt", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, PVT0, "ln 4"))
def _() -> Setup:
    return pvt_family("sgdm", 0.03, loss_fn=fd.pvt_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("pvt-adam-head-x1000", "pvt", "last-layer-init",
      cf=lambda s: replace(s, model=fd.PVT), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, PVT0, "ln 4"))
def _() -> Setup:
    return pvt_family("adam", 1e-3, model=lambda: scaled_head(fd.PVT(), 1000))


@case("pvt-adam-exponential-1000x-in-40-steps", "pvt", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return pvt_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")  # fmt: skip


@case("pvt-adam-missing-pixel-nan", "pvt", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return pvt_family("adam", 1e-3, data=fd.pvt_images(nan_rows=0.003))


@case("pvt-adam-fc-dead-at-init", "pvt", "dead-units",
      cf=lambda s: replace(s, model=fd.PVT), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return pvt_family("adam", 1e-3, model=lambda: fd.PVT(dead_bias=-30.0), track_zero_grads=True)


@case("pvt-adam-multistep-x0p1-at-5pct", "pvt", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return pvt_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


# onlstm: an Ordered-Neurons LSTM classifier (token embeddings, an ON-LSTM cell of 32 units in 8 chunks whose master
# forget and input gates are cumax over the chunks, the last hidden state into a ReLU layer and a head) naming the
# bracket that opened the outermost span of nested-bracket-like token sequences of 20-32 over 12 tokens, 5% random
# labels held out too, cross-entropy over 3 (1.11 at step 1, ln 3 = 1.10, ending near 0.27-0.30 held out); works at
# Adam 3e-3-0.1 (0.28-0.30), RMSprop 3e-3 (best: 0.27), SGDm and Nesterov 0.1 (0.28-0.29); slow at Adam 3e-5 (1.09 after
# 400 steps); 0.67 at Adam 0.3; RMSprop 0.1 0.65-0.75 unwarmed, 0.28-0.44 after a 60-step warmup; at chance at Adam 1
# and SGDm 1 (1.08-1.09, 0.48-0.79 clipped at 1); Adam 0.03 recreated every 2 steps 0.51-0.96


@case("onlstm-adam-lr-1-300x", "onlstm", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return onlstm_family("adam", 1.0)


@case("onlstm-adam-lr-3e-5-100x-low", "onlstm", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return onlstm_family("adam", 3e-5)


@case("onlstm-sgdm-summed-ce", "onlstm", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ONLSTM0, "ln 3"))
def _() -> Setup:
    return onlstm_family("sgdm", 0.1, loss_fn=fd.onlstm_ce_summed, loss_name="cross_entropy summed over the batch's sequences (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("onlstm-adam-head-x1000", "onlstm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ONLSTM), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, ONLSTM0, "ln 3"))
def _() -> Setup:
    return onlstm_family("adam", 3e-3, model=lambda: scaled_head(fd.ONLSTM(), 1000))


@case("onlstm-adam-missing-token-nan", "onlstm", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sequences with a missing (NaN) token dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return onlstm_family("adam", 3e-3, data=fd.onlstm_sequences(nan_rows=0.003))


@case("onlstm-adam-fc-dead-at-init", "onlstm", "dead-units",
      cf=lambda s: replace(s, model=fd.ONLSTM), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return onlstm_family("adam", 3e-3, model=lambda: fd.ONLSTM(dead_bias=-30.0), track_zero_grads=True)


@case("onlstm-adam-lr-0p03-recreated-every-2-steps", "onlstm", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return onlstm_family("adam", 0.03, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("onlstm-rmsprop-lr-0p1-no-warmup", "onlstm", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60,
      shape=anything)
def _() -> Setup:
    return onlstm_family("rmsprop", 0.1)


@case("onlstm-rmsprop-lr-0p1-no-warmup-log2", "onlstm", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60,
      shape=anything)
def _() -> Setup:
    return onlstm_family("rmsprop", 0.1, log_every=2)


@case("onlstm-sgdm-lr-1-no-clip", "onlstm", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return onlstm_family("sgdm", 1.0)


# nfm: a Neural Factorization Machine (an embedding per field value, Bi-Interaction pooling 0.5 ((sum v)^2 - sum v^2), a
# ReLU MLP, a first-order weight per field value and a bias) of clicks from 6 planted pairwise interactions of 10 fields
# of 8 values, BCE with logits (0.70 at step 1, ln 2 = 0.69, ending near 0.52-0.57 held out); works at Adam 0.01-0.03
# (best 0.01: 0.52-0.54), NAdam and RAdam 0.01-0.03, Adagrad 0.1 (0.52-0.53); slow at Adam 3e-3 (0.58), SGDm 0.1 (0.61),
# Adam 1e-4 (0.66) and 3e-5 (0.68); 0.63-0.65 at Adam 0.1, a 60-step warmup does not help; 1.0-1.2 at Adam 1, 0.71 at
# SGDm 1, up to thousands at Adagrad 10; 2000 training rows overfit


@case("nfm-adam-lr-1-100x", "nfm", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return nfm_family("adam", 1.0)


@case("nfm-adagrad-lr-10-100x-log2", "nfm", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return nfm_family("adagrad", 10.0, log_every=2)


@case("nfm-adamw-warmup-cosine-peak-1", "nfm", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nfm_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("nfm-adam-cyclic-peak-1", "nfm", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nfm_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("nfm-adam-lr-1e-4-100x-low-log3", "nfm", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nfm_family("adam", 1e-4, log_every=3)


@case("nfm-sgdm-lr-1e-3-100x-low-log2", "nfm", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nfm_family("sgdm", 1e-3, log_every=2)


@case("nfm-sgdm-summed-bce", "nfm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.nfm_bce, loss_name="binary_cross_entropy_with_logits (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, NFM0, "ln 2"))
def _() -> Setup:
    return nfm_family("sgdm", 0.1, loss_fn=fd.nfm_bce_summed, loss_name="binary_cross_entropy_with_logits summed over the batch's rows (reduction='sum')",
                      val_loss_fn=fd.nfm_bce, mean_loss_fn=fd.nfm_bce)  # fmt: skip


@case("nfm-adam-head-x1000", "nfm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.NFM), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, NFM0, "ln 2"))
def _() -> Setup:
    return nfm_family("adam", 0.01, model=lambda: scaled_head(fd.NFM(), 1000))


@case("nfm-adam-multistep-x0p1-at-5pct", "nfm", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return nfm_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("nfm-adam-exponential-1000x-in-40-steps", "nfm", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return nfm_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")  # fmt: skip


@case("nfm-adam-2000-rows-overfits", "nfm", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return nfm_family("adam", 0.01, steps=600, eval_every=30, data=fd.nfm_rows(train_rows=2000))


# lomax: a ReLU MLP regressor of heavy-tailed claim-size-like targets (tail index alpha 1.5-4 and scale lambda near e^3,
# both depending on the features) with the Lomax (Pareto type II) negative log-likelihood of log alpha and log lambda
# (3.7-4.3 at step 1, ending near 3.60-3.66 held out); works at Adam 1e-3-0.01 (3.60-3.63), RMSprop 1e-3, Adagrad 0.03
# (3.62), SGDm 0.01 (3.65-3.66), SGD 0.1 (3.65); slow at Adam and NAdam 3e-5 (3.94-4.00); 3.81 at Adam 0.1, AdamW 0.1
# 3.71 (3.70 after a 60-step warmup), SGDm 0.3 3.71-3.72 (3.61-3.64 clipped at 0.1), Adam 1e-3 cut x0.1 at step 20
# 3.69-3.72; non-finite at Adam 1, RMSprop 0.3 and SGDm 1 (3.67-3.68 clipped at 0.1)


@case("lomax-adam-lr-1-log2", "lomax", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return lomax_family("adam", 1.0, log_every=2)


@case("lomax-sgdm-lr-1-100x", "lomax", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lomax_family("sgdm", 1.0)


@case("lomax-rmsprop-lr-0p3-300x", "lomax", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return lomax_family("rmsprop", 0.3)


@case("lomax-adamw-warmup-cosine-peak-1", "lomax", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lomax_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("lomax-adam-exponential-gamma-1p02", "lomax", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lomax_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("lomax-adam-lr-3e-5-100x-low", "lomax", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lomax_family("adam", 3e-5)


@case("lomax-nadam-lr-3e-5-100x-low-log2", "lomax", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lomax_family("nadam", 3e-5, log_every=2)


@case("lomax-sgdm-summed-nll", "lomax", "summed",
      cf=lambda s: replace(s, loss_fn=fd.lomax_nll, loss_name="Lomax negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, LOMAX0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return lomax_family("sgdm", 0.01, loss_fn=fd.lomax_nll_summed, loss_name="Lomax negative log-likelihood summed over the batch's rows (reduction='sum')",
                        val_loss_fn=fd.lomax_nll, mean_loss_fn=fd.lomax_nll)  # fmt: skip


@case("lomax-adam-missing-feature-nan", "lomax", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return lomax_family("adam", 3e-3, data=fd.lomax_rows(nan_rows=0.003))


@case("lomax-adam-fc-dead-at-init", "lomax", "dead-units",
      cf=lambda s: replace(s, model=fd.LomaxMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return lomax_family("adam", 3e-3, model=lambda: fd.LomaxMLP(dead_bias=-30.0), track_zero_grads=True)


@case("lomax-sgdm-lr-1-no-clip", "lomax", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return lomax_family("sgdm", 1.0, log_every=2)


# fresh78 half: healthy look-alikes


@case("pvt-adam-cosine-log2", "pvt", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.PVT_CLASSES, fall=0.75))
def _() -> Setup:
    return pvt_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("pvt-adamw-warmup-cosine", "pvt", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.PVT_CLASSES, fall=0.75))
def _() -> Setup:
    return pvt_family("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("pvt-sgdm-one-cycle-eval50", "pvt", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.PVT_CLASSES, fall=0.75))
def _() -> Setup:
    return pvt_family("sgdm", 0.03, eval_every=50, schedule=one_cycle, schedule_name="OneCycleLR")


@case("pvt-sgdm-step-decay-log3", "pvt", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.PVT_CLASSES, fall=0.75))
def _() -> Setup:
    return pvt_family("sgdm", 0.03, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3), schedule_name="MultiStepLR")


@case("onlstm-adam-cosine-eval50", "onlstm", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.ONLSTM_CLASSES, fall=0.5))
def _() -> Setup:
    return onlstm_family("adam", 3e-3, eval_every=50, schedule=cosine_after(0.0), schedule_name="cosine")


@case("onlstm-rmsprop-constant-log2", "onlstm", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.ONLSTM_CLASSES, fall=0.5))
def _() -> Setup:
    return onlstm_family("rmsprop", 3e-3, log_every=2)


@case("onlstm-nesterov-cosine", "onlstm", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fd.ONLSTM_CLASSES, fall=0.5))
def _() -> Setup:
    return onlstm_family("nesterov", 0.1, schedule=cosine_after(0.0), schedule_name="cosine")


@case("nfm-adam-cosine-log2", "nfm", "healthy", like=("plateau", "lr-too-high"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return nfm_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("nfm-adagrad-on-plateau-log4", "nfm", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return nfm_family("adagrad", 0.1, log_every=4, schedule=on_plateau(),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("nfm-nadam-sgdr-log5", "nfm", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return nfm_family("nadam", 0.01, log_every=5, schedule=warm_restarts(0.25),
                      schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("nfm-radam-warmup-cosine-eval25", "nfm", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return nfm_family("radam", 0.03, eval_every=25, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine")


@case("nfm-adam-resumed-with-state", "nfm", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return nfm_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                      schedule=cosine_after(0.0), schedule_name="cosine")


@case("lomax-adam-cosine-eval25", "lomax", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.97))
def _() -> Setup:
    return lomax_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("lomax-sgdm-one-cycle", "lomax", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.97))
def _() -> Setup:
    return lomax_family("sgdm", 0.01, schedule=one_cycle, schedule_name="OneCycleLR")


@case("lomax-sgd-cosine-log2", "lomax", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.97))
def _() -> Setup:
    return lomax_family("sgd", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("lomax-adamw-warmup-linear-avg10", "lomax", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.97))
def _() -> Setup:
    return lomax_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                        schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("lomax-rmsprop-step-decay-log3", "lomax", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.97))
def _() -> Setup:
    return lomax_family("rmsprop", 1e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                        schedule_name="MultiStepLR")


# fresh78 half, logged once per epoch


@case("pvt-adam-128-images-overfits-per-epoch", "pvt", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return pvt_family("adam", 1e-3, steps=4 * 150, log_per_epoch=True,
                      data=fd.pvt_images(train_rows=128, batch_size=32))


@case("lomax-adam-lr-1-per-epoch", "lomax", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return lomax_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.lomax_rows(n=3200, batch_size=64))


@case("nfm-adam-cosine-per-epoch", "nfm", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return nfm_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.nfm_rows(n=25600, batch_size=512),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("lomax-rmsprop-cosine-per-epoch", "lomax", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return lomax_family("rmsprop", 1e-3, steps=50 * 8, log_per_epoch=True, data=fd.lomax_rows(n=3200, batch_size=64),
                        schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
