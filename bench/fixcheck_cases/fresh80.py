"""The eighty-second fresh half (fresh80, held out from all tuning):
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


def coatnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 arrangements of the two textured patches")
    knobs.setdefault("meta", {"model": "CoAtNet-like hybrid: a conv stem 1-16 with BatchNorm, an MBConv block (x4 expansion, depthwise 3x3, squeeze-excitation) at 16x16, a stride-2 conv to 32 channels and a second MBConv block at 8x8, a stride-2 conv to a 4x4 token map, one pre-LN transformer block of 2 heads with a relative position bias, mean pooling, a ReLU layer 32-32 and a head",
                              "image_size": fd.COATNET_SIZE, "classes": fd.COATNET_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.coatnet_images(), knobs.pop("model", None) or fd.CoAtNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def deephit_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.deephit_nll)
    knobs.setdefault("loss_name", "DeepHit negative log-likelihood of right-censored discrete survival times (mean over the rows)")  # fmt: skip
    knobs.setdefault("meta", {"model": "DeepHit-like ReLU MLP 10-64-64, a ReLU layer 64-32 and a head to the logits of a softmax over 24 time bins and one past the horizon",
                              "features": fd.DEEPHIT_FEATURES, "time_bins": fd.DEEPHIT_BINS, "censored": 0.37,
                              "held_out": "the DeepHit negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.deephit_rows(), knobs.pop("model", None) or fd.DeepHitMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def twotower_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.twotower_loss)
    knobs.setdefault("loss_name", "in-batch sampled softmax cross-entropy of each user's clicked item against the batch's items (temperature 0.1, mean over the pairs)")  # fmt: skip
    knobs.setdefault("meta", {"model": "two-tower retrieval: a user tower (embeddings of 8 of 5 fields, ReLU 40-64, a ReLU layer 64-32, a head to 16) and an item tower (embeddings of 8 of 4 fields, ReLU 32-64-32, to 16), both L2-normalised",
                              "user_fields": len(fd.TWOTOWER_USER_FIELDS), "item_fields": len(fd.TWOTOWER_ITEM_FIELDS),
                              "temperature": fd.TWOTOWER_TEMP, "batch": fd.TWOTOWER_BLOCK,
                              "held_out": "the in-batch softmax loss on blocks of 64 new pairs"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.twotower_pairs(), knobs.pop("model", None) or fd.TwotowerModel,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def deepsdf_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.deepsdf_loss)
    knobs.setdefault("val_loss_fn", fd.deepsdf_l1)
    knobs.setdefault("loss_name", "clamped L1 (clamp 0.1) of the signed distance plus 1e-4 x the codes' squared norm (mean over the samples)")  # fmt: skip
    knobs.setdefault("meta", {"model": "DeepSDF-like auto-decoder: a learnable code of 16 per training shape with the 2-D point into a ReLU MLP 18-128-128-128, a ReLU layer 128-32 and a head to the signed distance",
                              "shapes": fd.DEEPSDF_SHAPES, "code": fd.DEEPSDF_CODE, "clamp": fd.DEEPSDF_CLAMP,
                              "held_out": "the clamped L1 on new points of the training shapes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.deepsdf_points(), knobs.pop("model", None) or fd.DeepSDF,
                      optimizer, lr, steps, **knobs)  # fmt: skip


COATNET0, DEEPHIT0 = LN(fd.COATNET_CLASSES), fd.deephit_at_zero()
TWOTOWER0, DEEPSDF0 = LN(fd.TWOTOWER_BLOCK), fd.deepsdf_at_zero()
"""Where the families start: the CoAtNet at ln 4, the DeepHit MLP at its NLL of raw outputs of 0, the two towers near
ln 64 (a batch's items alike; random unit vectors at a temperature of 0.1 start a little above), the DeepSDF at the
mean clamped |sdf| (predictions of 0)."""

# coatnet: a CoAtNet-like hybrid (a conv stem to 8x8 with BatchNorm, an MBConv block with squeeze-excitation, a stride-2
# conv to a 4x4 token map of 32, a pre-LN transformer block of 2 heads with a relative position bias, mean pooling, a
# ReLU layer and a head) naming where a vertically striped patch lies from a horizontally striped one in noisy 16x16
# images, 5% random labels held out too, cross-entropy over 4 (1.41 at step 1, ln 4 = 1.39, ending near 0.14-0.2 held
# out); works at Adam 1e-3-0.01 (best 3e-3: 0.14), Adagrad 0.01 (0.16), SGDm 0.01-0.1 (0.17-0.18), SGD 3 clipped at
# 0.1 (0.15); slow at Adam 3e-4 (0.25), hardly moving at Adam 1e-4 (1.35); 0.21 at Adam 0.03 (0.15 after a 60-step
# warmup, 0.18-0.20 at AdamW 0.03 where it does not help), at chance at Adam 0.05 (0.21-0.76 after a 60-step warmup),
# at chance at Adam 0.1-1 (with or without a warmup), Adagrad 0.3 and SGDm 1, non-finite at SGD 3 and SGDm 10
# unclipped; Adam 3e-3 recreated every 2 steps 0.19


@case("coatnet-adam-lr-1-log2", "coatnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return coatnet_family("adam", 1.0, log_every=2)


@case("coatnet-adagrad-lr-0p3-30x", "coatnet", "lr-high-step1", cf=lr_to(0.01), cf_what="Adagrad lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return coatnet_family("adagrad", 0.3)


@case("coatnet-adamw-warmup-cosine-peak-1", "coatnet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return coatnet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("coatnet-adam-lr-3e-5-100x-low-log2", "coatnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return coatnet_family("adam", 3e-5, log_every=2)


@case("coatnet-sgdm-summed-ce", "coatnet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, COATNET0, "ln 4"))
def _() -> Setup:
    return coatnet_family("sgdm", 0.1, loss_fn=fd.coatnet_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                          val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("coatnet-adam-head-x1000", "coatnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CoAtNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, COATNET0, "ln 4"))
def _() -> Setup:
    return coatnet_family("adam", 3e-3, model=lambda: scaled_head(fd.CoAtNet(), 1000))


@case("coatnet-adam-exponential-1000x-in-40-steps", "coatnet", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return coatnet_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                          schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("coatnet-adam-missing-pixel-nan", "coatnet", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return coatnet_family("adam", 3e-3, data=fd.coatnet_images(nan_rows=0.003))

@case("coatnet-adam-fc-dead-at-init", "coatnet", "dead-units",
      cf=lambda s: replace(s, model=fd.CoAtNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return coatnet_family("adam", 3e-3, model=lambda: fd.CoAtNet(dead_bias=-30.0), track_zero_grads=True)


@case("coatnet-adam-lr-0p05-no-warmup-log2", "coatnet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return coatnet_family("adam", 0.05, log_every=2)


@case("coatnet-adam-lr-0p03-no-warmup", "coatnet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return coatnet_family("adam", 0.03)


@case("coatnet-sgd-lr-3-no-clip", "coatnet", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return coatnet_family("sgd", 3.0)


@case("coatnet-adam-lr-3e-3-recreated-every-2-steps", "coatnet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return coatnet_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(2, 400, 2)))


# deephit: a DeepHit-like ReLU MLP (10-64-64, a ReLU layer and a head) of the logits of a softmax over 24 time bins
# and one past the horizon, the negative log-likelihood of the event bin for events and of surviving past the
# censoring bin for the ~37% censored rows (2.28 at step 1, 2.25 at raw outputs of 0, ending near 1.89-1.93 held out,
# a flat optimum); works at Adam 1e-3-0.03 (best 3e-3-0.01: 1.90), RMSprop 1e-3-0.03 (1.90-1.93), Adagrad 0.03-0.3
# (best 0.1: 1.89), SGDm 0.03-0.3 (1.92-1.94), SGD 0.3-1 (1.91-1.93); slow at Adam 1e-4 and SGDm 3e-3 (2.11), hardly
# moving at Adam 3e-5 and SGDm 1e-3 (2.20-2.22); 2.06 at Adam 0.1 (2.00 after a 60-step warmup), 2.10-2.21 at Adam,
# AdamW and NAdam 0.3-1 and RMSprop 0.3, 2.18 at SGDm 1 (1.92 clipped at 0.1), 2.18-2.46 at SGDm 3-10 (clipping does not
# help there); Adam 0.01 recreated every 2 steps 1.96; 256 training rows overfit within 100 steps


@case("deephit-adam-lr-1-log2", "deephit", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return deephit_family("adam", 1.0, log_every=2)


@case("deephit-rmsprop-lr-0p3-100x", "deephit", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return deephit_family("rmsprop", 0.3)


@case("deephit-adamw-warmup-cosine-peak-1", "deephit", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deephit_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")

@case("deephit-nadam-warmup-cosine-peak-1", "deephit", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deephit_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("deephit-adam-lr-1e-4-100x-low", "deephit", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return deephit_family("adam", 1e-4)


@case("deephit-sgdm-lr-3e-3-30x-low-log2", "deephit", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return deephit_family("sgdm", 3e-3, log_every=2)


@case("deephit-sgdm-summed-nll", "deephit", "summed",
      cf=lambda s: replace(s, loss_fn=fd.deephit_nll, loss_name="DeepHit negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DEEPHIT0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return deephit_family("sgdm", 0.1, loss_fn=fd.deephit_nll_summed, loss_name="DeepHit negative log-likelihood summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.deephit_nll, mean_loss_fn=fd.deephit_nll)  # fmt: skip


@case("deephit-adam-head-x1000", "deephit", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DeepHitMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DEEPHIT0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return deephit_family("adam", 0.01, model=lambda: scaled_head(fd.DeepHitMLP(), 1000))


@case("deephit-rmsprop-head-x1000-log2", "deephit", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DeepHitMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DEEPHIT0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return deephit_family("rmsprop", 3e-3, log_every=2, model=lambda: scaled_head(fd.DeepHitMLP(), 1000))


@case("deephit-adam-fc-dead-at-init", "deephit", "dead-units",
      cf=lambda s: replace(s, model=fd.DeepHitMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return deephit_family("adam", 0.01, model=lambda: fd.DeepHitMLP(dead_bias=-30.0), track_zero_grads=True)

@case("deephit-nadam-fc-dead-at-init-log2", "deephit", "dead-units",
      cf=lambda s: replace(s, model=fd.DeepHitMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return deephit_family("nadam", 0.01, log_every=2, model=lambda: fd.DeepHitMLP(dead_bias=-30.0), track_zero_grads=True)  # fmt: skip


@case("deephit-sgdm-lr-1-no-clip", "deephit", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return deephit_family("sgdm", 1.0)


@case("deephit-adam-256-rows-overfits", "deephit", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return deephit_family("adam", 0.01, steps=600, eval_every=30, data=fd.deephit_rows(train_rows=256))


# twotower: a two-tower retrieval model (a user tower of embeddings of 5 fields into a ReLU MLP, an item tower of
# embeddings of 4 fields into a ReLU MLP, both L2-normalised to 16) trained by an in-batch sampled softmax at a
# temperature of 0.1 over batches of 64 (user, clicked item) pairs of planted latent preferences (4.56 at step 1, ln 64
# = 4.16, ending near 3.2-3.4 held out in blocks of 64); works at Adam 1e-3-0.01 (best 3e-3: 3.22), RMSprop 3e-3
# (3.21), Adagrad 0.03 (3.24), SGDm 0.01-0.03 (3.35-3.47); slow at Adam 3e-4 (3.80), hardly moving at Adam and NAdam
# 3e-5 (4.20); the normalised towers never blow up: 3.64-3.83 at Adam 0.03-0.1 and Adagrad 0.1-0.3, yet 3.4-3.7 at
# Adam 0.3-1 and Adagrad 3-30, 3.6 at Adam 3e-3 grown x1.02 per step; Adam 0.01 recreated every 2 steps 3.36; 512
# training pairs overfit within a few epochs; a dead user tower leaves the item tower learning (not every gradient 0)


@case("twotower-adam-lr-0p1-30x", "twotower", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return twotower_family("adam", 0.1)


@case("twotower-adam-exponential-gamma-1p02", "twotower", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return twotower_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("twotower-adam-lr-3e-5-100x-low-log3", "twotower", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return twotower_family("adam", 3e-5, log_every=3)


@case("twotower-nadam-lr-3e-5-100x-low", "twotower", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return twotower_family("nadam", 3e-5)


@case("twotower-sgdm-summed-softmax", "twotower", "summed",
      cf=lambda s: replace(s, loss_fn=fd.twotower_loss, loss_name="in-batch sampled softmax (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TWOTOWER0, "ln 64"))
def _() -> Setup:
    return twotower_family("sgdm", 0.03, loss_fn=fd.twotower_summed, loss_name="in-batch sampled softmax summed over the batch's pairs (reduction='sum')",
                           val_loss_fn=fd.twotower_loss, mean_loss_fn=fd.twotower_loss)  # fmt: skip


@case("twotower-adam-multistep-x0p1-at-5pct", "twotower", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return twotower_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("twotower-adam-exponential-1000x-in-40-steps-log2", "twotower", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return twotower_family("adam", 0.01, log_every=2, schedule=exponential_to(1e-3, 0.1),
                           schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("twotower-adam-missing-field-nan", "twotower", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the pairs with a missing (NaN) user field dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return twotower_family("adam", 3e-3, data=fd.twotower_pairs(nan_rows=0.003))


# deepsdf: a DeepSDF-like auto-decoder (a learnable code of 16 per each of 24 circles, boxes and rounded polygons, with
# the 2-D point into a ReLU MLP 18-128-128-128, a ReLU layer and a head to the signed distance), the clamped L1 (the
# prediction clamped smoothly by 0.1 tanh(pred / 0.1), DeepSDF's tanh output, the target at +-0.1) plus 1e-4 x the
# codes' squared norm on points concentrated near the surfaces (0.057 at step 1, the mean clamped |sdf| 0.065, ending
# near 0.010-0.019 held out); works at Adam 3e-4-0.01 (best 3e-3-0.01 with cosine: 0.010-0.013; 0.014-0.016 constant
# at 1e-3), NAdam 3e-3 (0.011 with step decay), RMSprop 1e-3-3e-3 (0.011-0.015 with cosine), Adagrad 3e-3-0.03 (0.011-
# 0.019); slow at SGDm 0.01 (0.049-0.059), Adam 1e-4 (0.030), hardly moving at Adam 1e-5 (0.054); past the clamp the
# predictions saturate and stay there: stuck at 0.060 at Adam 0.03-1 (a 60-step warmup rescues one seed of two at
# 0.03), Adam and RMSprop 0.01-0.03 with cosine, Adagrad 0.1-0.3, SGDm 1 and RMSprop 3e-4 grown x1.02 per step


@case("deepsdf-adam-lr-0p1-100x", "deepsdf", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return deepsdf_family("adam", 0.1)


@case("deepsdf-sgdm-lr-1-100x-log2", "deepsdf", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deepsdf_family("sgdm", 1.0, log_every=2)


@case("deepsdf-adagrad-lr-0p3-100x", "deepsdf", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adagrad lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return deepsdf_family("adagrad", 0.3)


@case("deepsdf-adam-cyclic-peak-0p1", "deepsdf", "lr-high-cyclic", cf=lr_to(1e-3),
      cf_what="peak lr 1e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deepsdf_family("adam", 0.1, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("deepsdf-rmsprop-exponential-gamma-1p02", "deepsdf", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deepsdf_family("rmsprop", 3e-4, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("deepsdf-adam-lr-1e-5-100x-low-log2", "deepsdf", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return deepsdf_family("adam", 1e-5, log_every=2)


@case("deepsdf-sgdm-summed-l1", "deepsdf", "summed",
      cf=lambda s: replace(s, loss_fn=fd.deepsdf_loss, loss_name="clamped L1 plus the codes' penalty (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DEEPSDF0, "the mean clamped |sdf|"))
def _() -> Setup:
    return deepsdf_family("sgdm", 0.01, loss_fn=fd.deepsdf_summed, loss_name="clamped L1 plus the codes' penalty summed over the batch's samples (reduction='sum')",
                          mean_loss_fn=fd.deepsdf_loss)  # fmt: skip


@case("deepsdf-adam-multistep-x0p1-at-5pct", "deepsdf", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return deepsdf_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("deepsdf-adam-missing-coordinate-nan", "deepsdf", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the samples with a missing (NaN) coordinate dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return deepsdf_family("adam", 1e-3, data=fd.deepsdf_points(nan_rows=0.003))


# fresh80 half: healthy look-alikes


@case("coatnet-adam-cosine-log2", "coatnet", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.COATNET_CLASSES, fall=0.6))
def _() -> Setup:
    return coatnet_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("coatnet-sgdm-one-cycle", "coatnet", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.COATNET_CLASSES, fall=0.6))
def _() -> Setup:
    return coatnet_family("sgdm", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("coatnet-nesterov-cosine-eval25", "coatnet", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fd.COATNET_CLASSES, fall=0.6))
def _() -> Setup:
    return coatnet_family("nesterov", 0.1, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("deephit-adam-constant-eval50", "deephit", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return deephit_family("adam", 0.01, eval_every=50)


@case("deephit-radam-warmup-cosine-log4", "deephit", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return deephit_family("radam", 0.01, log_every=4, schedule=cosine_after(0.1),
                          schedule_name="linear warmup 10% + cosine")


@case("deephit-adagrad-on-plateau-log4", "deephit", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return deephit_family("adagrad", 0.1, log_every=4, schedule=on_plateau(),
                          schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("deephit-sgd-cosine-log2", "deephit", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return deephit_family("sgd", 1.0, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("deephit-rmsprop-step-decay-log3", "deephit", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return deephit_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                          schedule_name="MultiStepLR")


@case("twotower-adam-cosine-eval25", "twotower", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return twotower_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("twotower-nadam-sgdr-log5", "twotower", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return twotower_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                           schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("twotower-adamw-warmup-linear-avg10", "twotower", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return twotower_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                           schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("twotower-adam-resumed-with-state", "twotower", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return twotower_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                           schedule=cosine_after(0.0), schedule_name="cosine")


@case("twotower-rmsprop-cosine-log3", "twotower", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return twotower_family("rmsprop", 3e-3, log_every=3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("deepsdf-adam-cosine-log2", "deepsdf", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return deepsdf_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("deepsdf-nadam-step-decay-log3", "deepsdf", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return deepsdf_family("nadam", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                          schedule_name="MultiStepLR")


@case("deepsdf-rmsprop-cosine-eval60", "deepsdf", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return deepsdf_family("rmsprop", 3e-3, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


@case("deepsdf-adagrad-cosine", "deepsdf", "healthy", like=("plateau", "lr-too-high"), shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return deepsdf_family("adagrad", 0.03, schedule=cosine_after(0.0), schedule_name="cosine")


# fresh80 half, logged once per epoch


@case("twotower-adam-512-pairs-overfits-per-epoch", "twotower", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return twotower_family("adam", 0.01, steps=8 * 50, log_per_epoch=True, data=fd.twotower_pairs(train_rows=512))


@case("deephit-adam-lr-1-per-epoch", "deephit", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return deephit_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.deephit_rows(n=3200))


@case("deephit-adam-cosine-per-epoch", "deephit", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return deephit_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.deephit_rows(n=3200),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("deepsdf-adam-cosine-per-epoch", "deepsdf", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return deepsdf_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.deepsdf_points(n=3200),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
