"""The thirtieth fresh half (fresh30, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

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


def gae_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.gae_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits over held-back edges and as many sampled non-edges (mean)")
    knobs.setdefault("meta", {"model": "graph autoencoder: three graph convolutions (a ReLU layer between), an inner-product decoder",
                              "nodes": fd.GAE_NODES, "node_features": fd.GAE_FEATS, "embedding": fd.GAE_EMBED,
                              "held_out": "link-prediction BCE on the held-back edges of new graphs"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gae_graphs(), knobs.pop("model", None) or fd.GraphAutoEncoder, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def cpc_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.cpc_infonce)
    knobs.setdefault("loss_name", "InfoNCE over the codes of 32 sequences, 1-3 steps ahead (mean)")
    knobs.setdefault("meta", {"model": "contrastive predictive coding: a strided conv encoder, a GRU context, linear predictions of the codes ahead",
                              "sequence_length": fd.CPC_LEN, "steps_ahead": fd.CPC_AHEAD, "candidates": fd.CPC_GROUP,
                              "held_out": "InfoNCE on new sequences, in groups of 32"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.cpc_sequences(), knobs.pop("model", None) or fd.PredictiveCoder, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def inception_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 patterns")
    knobs.setdefault("meta", {"model": "InceptionTime-like: two Inception modules (BatchNorm) with a residual shortcut, global average pooling, a ReLU layer, a linear head",
                              "length": fd.INC_LEN, "channels": 2, "classes": fd.INC_CLASSES,
                              "held_out": "cross-entropy on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.inception_series(), knobs.pop("model", None) or fd.InceptionTimeNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def focal_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.focal_mean)
    knobs.setdefault("loss_name", "sigmoid focal loss (alpha 0.25, gamma 2), mean over the rows")
    knobs.setdefault("meta", {"model": "ReLU MLP 12-64-32-1", "positive_rate": 0.07, "focal_alpha": fd.FOCAL_ALPHA,
                              "focal_gamma": fd.FOCAL_GAMMA, "held_out": "focal loss on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.focal_rows(), knobs.pop("model", None) or fd.FocalMLP, optimizer, lr,
                      steps, **knobs)  # fmt: skip

GAE0, CPC0, INC0, FOCAL0 = LN(2), LN(fd.CPC_GROUP), LN(fd.INC_CLASSES), 0.124
"""Where the families start: the graph autoencoder at ln 2 (logits Z Z^T near 0 over balanced positives and negatives,
0.70 at step 1), contrastive predictive coding at ln 32 (InfoNCE at chance over a group's 32 candidates), the
InceptionTime-like net at ln 5; the focal loss at ~0.124, not ln 2: a logit near 0 gives p_t = 1/2, so alpha_t x 1/4 x
ln 2, alpha_t 0.25 on the 7% positives and 0.75 on the negatives (0.173 x 0.715)."""


# gae: a graph autoencoder (three graph convolutions, an inner-product decoder) of stochastic block models (20 nodes, 4
# blocks, p 0.8 within and 0.02 across, node features the block's one-hot + noise 0.4), BCE over held-back edges and as
# many sampled non-edges (0.70 at step 1); works at Adam 3e-3-0.03, SGDm 0.1-0.3 (~0.35 held out in 400 steps)


@case("gae-adam-lr-1-log2", "gae", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gae_family("adam", 1.0, log_every=2)


@case("gae-sgdm-lr-100-1000x", "gae", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gae_family("sgdm", 100.0)


@case("gae-adamw-warmup-cosine-peak-1", "gae", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gae_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("gae-adam-exponential-gamma-1p02", "gae", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gae_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("gae-adam-lr-3e-5-100x-low", "gae", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gae_family("adam", 3e-5)


@case("gae-radam-lr-3e-5-100x-low-log3", "gae", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gae_family("radam", 3e-5, log_every=3)


@case("gae-sgdm-summed-bce", "gae", "summed",
      cf=lambda s: replace(s, loss_fn=fd.gae_bce, loss_name="binary_cross_entropy_with_logits (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GAE0, "ln 2"))
def _() -> Setup:
    return gae_family("sgdm", 0.1, loss_fn=fd.gae_bce_summed, loss_name="binary_cross_entropy_with_logits of each graph summed over the batch's graphs (reduction='sum')",
                      val_loss_fn=fd.gae_bce, mean_loss_fn=fd.gae_bce)  # fmt: skip


@case("gae-adam-head-x300", "gae", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GraphAutoEncoder), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GAE0, "ln 2"))
def _() -> Setup:
    return gae_family("adam", 3e-3, model=lambda: scaled_head(fd.GraphAutoEncoder(), 300))


@case("gae-adam-fc-dead-at-init", "gae", "dead-units",
      cf=lambda s: replace(s, model=fd.GraphAutoEncoder), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return gae_family("adam", 3e-3, model=lambda: fd.GraphAutoEncoder(dead_bias=-30.0), track_zero_grads=True)


@case("gae-adam-exponential-1000x-in-40-steps", "gae", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return gae_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("gae-adam-missing-feature-nan", "gae", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the graphs with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return gae_family("adam", 3e-3, data=fd.gae_graphs(nan_rows=0.003))


@case("gae-adam-lr-0p1-no-warmup", "gae", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return gae_family("adam", 0.1)


# cpc: contrastive predictive coding (a strided conv encoder, a GRU context, linear predictions of the codes 1-3 steps
# ahead) of 1-D sequences (two sines, an AR(1) wander, noise), InfoNCE over the codes of 32 sequences (3.47 at step 1,
# ln 32); works at Adam 3e-3 (~0.35 held out in 400 steps), 1e-3 (~0.55), SGD 1 clipped at 1 (~1.0); Adam 1 and SGD 1
# unclipped stay at chance


@case("cpc-adam-lr-1-log4", "cpc", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cpc_family("adam", 1.0, log_every=4)


@case("cpc-adamw-warmup-cosine-peak-1", "cpc", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cpc_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("cpc-nadam-cyclic-peak-1", "cpc", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cpc_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("cpc-adam-lr-3e-5-100x-low", "cpc", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cpc_family("adam", 3e-5)


@case("cpc-rmsprop-lr-1e-5-100x-low-log2", "cpc", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cpc_family("rmsprop", 1e-5, log_every=2)


@case("cpc-sgdm-summed-infonce", "cpc", "summed",
      cf=lambda s: replace(s, loss_fn=fd.cpc_infonce, loss_name="InfoNCE (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, CPC0, "ln 32"))
def _() -> Setup:
    return cpc_family("sgdm", 0.1, loss_fn=fd.cpc_infonce_summed, loss_name="InfoNCE summed over the batch's sequences (reduction='sum')",
                      val_loss_fn=fd.cpc_infonce, mean_loss_fn=fd.cpc_infonce)  # fmt: skip


@case("cpc-adam-fc-dead-at-init", "cpc", "dead-units",
      cf=lambda s: replace(s, model=fd.PredictiveCoder), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return cpc_family("adam", 3e-3, model=lambda: fd.PredictiveCoder(dead_bias=-30.0), track_zero_grads=True)


@case("cpc-adam-multistep-x0p1-at-5pct", "cpc", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return cpc_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("cpc-adam-lr-3e-3-recreated-every-8-steps", "cpc", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return cpc_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("cpc-adam-lr-0p03-no-warmup", "cpc", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return cpc_family("adam", 0.03)


@case("cpc-sgd-lr-1-no-clip-explodes", "cpc", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return cpc_family("sgd", 1.0)


# inception: an InceptionTime-like classifier (two Inception modules with BatchNorm, a residual shortcut, global average
# pooling, a ReLU layer, a head) of 2-channel series of 64 samples by the pattern hidden in them (5 classes), cross-
# entropy (1.59 at step 1, ln 5 = 1.61); works at Adam 3e-3-0.03, SGDm 0.03 (~0.42-0.47 held out in 400 steps, noisy
# under BatchNorm)


@case("inception-adam-lr-1-log2", "inception", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return inception_family("adam", 1.0, log_every=2)


@case("inception-sgdm-lr-30-1000x", "inception", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return inception_family("sgdm", 30.0)


@case("inception-adamw-warmup-cosine-peak-1", "inception", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return inception_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("inception-adam-lr-3e-5-100x-low", "inception", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return inception_family("adam", 3e-5)


@case("inception-sgdm-summed-ce", "inception", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, INC0, "ln 5"))
def _() -> Setup:
    return inception_family("sgdm", 0.03, loss_fn=fd.inception_ce_summed, loss_name="cross_entropy summed over the batch's series (reduction='sum')",
                            val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("inception-adam-head-x300", "inception", "last-layer-init",
      cf=lambda s: replace(s, model=fd.InceptionTimeNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, INC0, "ln 5"))
def _() -> Setup:
    return inception_family("adam", 3e-3, model=lambda: scaled_head(fd.InceptionTimeNet(), 300))


@case("inception-adam-fc-dead-at-init", "inception", "dead-units",
      cf=lambda s: replace(s, model=fd.InceptionTimeNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return inception_family("adam", 3e-3, model=lambda: fd.InceptionTimeNet(dead_bias=-30.0), track_zero_grads=True)


@case("inception-adam-multistep-x0p1-at-5pct", "inception", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return inception_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("inception-adam-missing-sample-nan", "inception", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing (NaN) sample dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return inception_family("adam", 3e-3, data=fd.inception_series(nan_rows=0.003))


@case("inception-adam-lr-0p01-recreated-every-8-steps", "inception", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return inception_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


# focal: a ReLU MLP (12-64-32-1) scoring rows of an imbalanced binary task (7% positives), the sigmoid focal loss (alpha
# 0.25, gamma 2; 0.12 at step 1, not ln 2); works at Adam 3e-3-0.01, SGDm 0.1 (~0.019-0.023 held out in 400 steps)


@case("focal-adam-lr-1", "focal", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return focal_family("adam", 1.0)


@case("focal-sgdm-lr-100-1000x", "focal", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return focal_family("sgdm", 100.0)


@case("focal-rmsprop-exponential-gamma-1p02", "focal", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return focal_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("focal-adam-lr-3e-5-100x-low", "focal", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return focal_family("adam", 3e-5)


@case("focal-sgdm-lr-1e-3-100x-low-log4", "focal", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return focal_family("sgdm", 1e-3, log_every=4)


@case("focal-adam-head-x300", "focal", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FocalMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, FOCAL0, "the focal loss of logits near 0"))
def _() -> Setup:
    return focal_family("adam", 3e-3, model=lambda: scaled_head(fd.FocalMLP(), 300))


@case("focal-adam-fc-dead-at-init", "focal", "dead-units",
      cf=lambda s: replace(s, model=fd.FocalMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return focal_family("adam", 3e-3, model=lambda: fd.FocalMLP(dead_bias=-30.0), track_zero_grads=True)


@case("focal-adam-exponential-1000x-in-40-steps", "focal", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return focal_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("focal-adam-missing-feature-nan", "focal", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return focal_family("adam", 3e-3, data=fd.focal_rows(nan_rows=0.003))


@case("focal-adam-256-rows-overfits", "focal", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return focal_family("adam", 3e-3, steps=600, eval_every=30, data=fd.focal_rows(train_rows=256))


# fresh30 half: healthy look-alikes


@case("gae-adam-warmup-cosine", "gae", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return gae_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("gae-sgdm-one-cycle", "gae", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return gae_family("sgdm", 0.3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("gae-adagrad-constant-log20", "gae", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return gae_family("adagrad", 0.03, log_every=20)


@case("gae-adam-resumed-with-state", "gae", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return gae_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("cpc-adam-cosine-log2", "cpc", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return cpc_family("adam", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("cpc-nadam-sgdr-log4", "cpc", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return cpc_family("nadam", 3e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("cpc-rmsprop-constant-log5", "cpc", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return cpc_family("rmsprop", 3e-3, log_every=5)


@case("cpc-adamw-warmup-linear-avg10", "cpc", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return cpc_family("adamw", 0.03, log_every=10, average=True, schedule=linear_decay_after(0.05),
                      schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("inception-adam-cosine", "inception", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.INC_CLASSES))
def _() -> Setup:
    return inception_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("inception-sgdm-cyclic-triangular2", "inception", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape(fd.INC_CLASSES))
def _() -> Setup:
    return inception_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("inception-nesterov-one-cycle", "inception", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.INC_CLASSES))
def _() -> Setup:
    return inception_family("sgdm", 0.1, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("inception-radam-step-decay-log3", "inception", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.INC_CLASSES))
def _() -> Setup:
    return inception_family("radam", 0.01, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("focal-adam-constant-log5", "focal", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return focal_family("adam", 3e-3, log_every=5)


@case("focal-adam-resumed-with-state", "focal", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return focal_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("focal-sgdm-step-decay", "focal", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return focal_family("sgdm", 0.3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


# fresh30 half, logged once per epoch


@case("focal-adam-256-rows-overfits-per-epoch", "focal", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return focal_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.focal_rows(train_rows=256, batch_size=64))


@case("cpc-adam-lr-1-per-epoch", "cpc", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return cpc_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.cpc_sequences(batch_size=64))


@case("inception-adam-lr-1-per-epoch", "inception", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return inception_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.inception_series(n=2944, batch_size=64))


@case("gae-adam-cosine-per-epoch", "gae", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return gae_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.gae_graphs(n=2944, batch_size=64),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("cpc-adam-per-epoch", "cpc", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return cpc_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.cpc_sequences(batch_size=64))


@case("inception-adagrad-per-epoch", "inception", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.INC_CLASSES))
def _() -> Setup:
    return inception_family("adagrad", 0.03, steps=46 * 9, log_per_epoch=True, data=fd.inception_series(n=2944, batch_size=64))


@case("focal-adam-cosine-per-epoch", "focal", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return focal_family("adam", 0.03, steps=46 * 9, log_per_epoch=True, data=fd.focal_rows(n=5888), schedule=cosine_after(0.0),
                        schedule_name="cosine")  # fmt: skip
