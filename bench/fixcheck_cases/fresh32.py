"""The thirty-second fresh half (fresh32, held out from all tuning):
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


def postag_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy per token over the 6 tags")
    knobs.setdefault("meta", {"model": "BiLSTM part-of-speech tagger: embeddings, a bidirectional LSTM, a ReLU layer, a linear head per token",
                              "vocab_size": fd.POSTAG_VOCAB, "tags": fd.POSTAG_TAGS, "sentence_length": fd.POSTAG_LEN,
                              "held_out": "token cross-entropy on new sentences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.postag_sentences(), knobs.pop("model", None) or fd.BiLSTMTagger, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def robust_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.robust_huber)
    knobs.setdefault("loss_name", "huber_loss (delta 1), mean over the rows")
    knobs.setdefault("meta", {"model": "residual ReLU MLP (two residual blocks) regressing a standardised target",
                              "huber_delta": fd.ROBUST_DELTA, "outliers": 0.08,
                              "held_out": "Huber loss on new rows (outliers included)"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.robust_rows(), knobs.pop("model", None) or fd.ResidualHuberNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def keypoint_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.heatmap_mse)
    knobs.setdefault("loss_name", "10 x mse of the Gaussian heatmaps (per pixel)")
    knobs.setdefault("meta", {"model": "fully convolutional keypoint net: 3 convolutions (one dilated), a per-pixel ReLU layer and head",
                              "image_size": fd.KEYPT_SIZE, "heatmap_sigma": fd.KEYPT_SIGMA,
                              "held_out": "heatmap loss on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.keypoint_images(), knobs.pop("model", None) or fd.HeatmapNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def bclone_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the expert's 5 actions")
    knobs.setdefault("meta", {"model": "behaviour cloning: a policy MLP (LayerNorm, ReLU) over the expert's actions",
                              "actions": fd.BCLONE_ACTIONS, "held_out": "cross-entropy of the expert's actions in new states"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.bclone_demos(), knobs.pop("model", None) or fd.CloningPolicy, optimizer,
                      lr, steps, **knobs)  # fmt: skip


POSTAG0, ROBUST0, KEYPT0, BCLONE0 = LN(fd.POSTAG_TAGS), 0.65, 0.18, LN(fd.BCLONE_ACTIONS)
"""Where the families start: the tagger at ln 6 (1.75-1.83 at step 1), the cloned policy at ln 5 (1.60-1.65); the Huber loss
of the residual MLP at ~0.65 (0.56-0.77 at step 1), not ln C (a fresh network predicts ~0 for a standardised target, so its
Huber loss is about half the target's mean square, outliers bounded); the heatmap loss at ~0.18 (0.18-0.63 at step 1, by
the init's output offset: 10 x the per-pixel MSE of a fresh network's small outputs against heatmaps that are 0 almost
everywhere)."""


# postag: a BiLSTM tagger of sentences of a synthetic grammar (6 tags, ambiguous words told by their neighbours),
# cross-entropy per token (1.75 at step 1, ln 6 = 1.79); works at Adam 3e-3-0.03, SGDm 0.1 (~0.17-0.20 held out in 400 steps)


@case("postag-adam-lr-1-log4", "postag", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return postag_family("adam", 1.0, log_every=4)


@case("postag-adamw-warmup-cosine-peak-1", "postag", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return postag_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("postag-nadam-cyclic-peak-1", "postag", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return postag_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("postag-adam-lr-1e-4-100x-low", "postag", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return postag_family("adam", 1e-4)


@case("postag-rmsprop-lr-1e-5-100x-low-log2", "postag", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return postag_family("rmsprop", 1e-5, log_every=2)


@case("postag-sgdm-summed-ce", "postag", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy per token (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, POSTAG0, "ln 6"))
def _() -> Setup:
    return postag_family("sgdm", 0.1, loss_fn=fd.postag_ce_summed, loss_name="cross_entropy summed over the batch's tokens (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("postag-adam-head-x1000", "postag", "last-layer-init",
      cf=lambda s: replace(s, model=fd.BiLSTMTagger), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, POSTAG0, "ln 6"))
def _() -> Setup:
    return postag_family("adam", 0.01, model=lambda: scaled_head(fd.BiLSTMTagger(), 1000))


@case("postag-adam-fc-dead-at-init", "postag", "dead-units",
      cf=lambda s: replace(s, model=fd.BiLSTMTagger), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return postag_family("adam", 0.01, model=lambda: fd.BiLSTMTagger(dead_bias=-30.0), track_zero_grads=True)


@case("postag-adam-multistep-x0p1-at-5pct", "postag", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return postag_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("postag-adam-lr-0p03-recreated-every-4-steps", "postag", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return postag_family("adam", 0.03, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# robust: a residual ReLU MLP regressing a smooth function of 12 features, 8% of the training targets outliers, the Huber
# loss (~0.65 at step 1); works at Adam 1e-3-0.03, SGDm 0.1-0.3 (~0.024-0.045 held out on clean targets in 400 steps; a
# decaying schedule to a higher peak is best)


@case("robust-adam-lr-1-log2", "robust", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return robust_family("adam", 1.0, log_every=2)


@case("robust-sgdm-lr-100-1000x", "robust", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return robust_family("sgdm", 100.0)


@case("robust-adam-exponential-gamma-1p02", "robust", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return robust_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("robust-adam-lr-3e-5-100x-low", "robust", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return robust_family("adam", 3e-5)


@case("robust-radam-lr-3e-5-100x-low-log3", "robust", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return robust_family("radam", 3e-5, log_every=3)


@case("robust-sgdm-huber-summed", "robust", "summed",
      cf=lambda s: replace(s, loss_fn=fd.robust_huber, loss_name="huber_loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ROBUST0, "the Huber loss of a fresh network"))
def _() -> Setup:
    return robust_family("sgdm", 0.1, loss_fn=fd.robust_huber_summed, loss_name="huber_loss summed over the batch's rows (reduction='sum')",
                         val_loss_fn=fd.robust_huber, mean_loss_fn=fd.robust_huber)  # fmt: skip


@case("robust-adam-fc-dead-at-init", "robust", "dead-units",
      cf=lambda s: replace(s, model=fd.ResidualHuberNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return robust_family("adam", 3e-3, model=lambda: fd.ResidualHuberNet(dead_bias=-30.0), track_zero_grads=True)


@case("robust-adam-exponential-1000x-in-40-steps", "robust", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return robust_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("robust-adam-missing-feature-nan", "robust", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return robust_family("adam", 3e-3, data=fd.robust_rows(nan_rows=0.003))


@case("robust-adam-256-rows-overfits", "robust", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return robust_family("adam", 3e-3, steps=600, eval_every=30, data=fd.robust_rows(train_rows=256))


# keypoint: a fully convolutional net regressing Gaussian heatmaps of a marker's centre among distractors, 10 x the per-pixel
# MSE (~0.18 at step 1); works at Adam 3e-3-0.01, SGDm 0.1 (~0.002-0.004 held out in 400 steps); Adam 0.03 collapses to a
# flat heatmap


@case("keypoint-adam-lr-1-log2", "keypoint", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return keypoint_family("adam", 1.0, log_every=2)


@case("keypoint-sgdm-lr-100-1000x", "keypoint", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return keypoint_family("sgdm", 100.0)


@case("keypoint-adamw-warmup-cosine-peak-1", "keypoint", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return keypoint_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("keypoint-adam-lr-1e-4-100x-low", "keypoint", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return keypoint_family("adam", 1e-4)


@case("keypoint-adam-head-x300", "keypoint", "last-layer-init",
      cf=lambda s: replace(s, model=fd.HeatmapNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, KEYPT0, "the heatmap loss of a fresh network"))
def _() -> Setup:
    return keypoint_family("adam", 0.01, model=lambda: scaled_head(fd.HeatmapNet(), 300))


@case("keypoint-adam-fc-dead-at-init", "keypoint", "dead-units",
      cf=lambda s: replace(s, model=fd.HeatmapNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return keypoint_family("adam", 0.01, model=lambda: fd.HeatmapNet(dead_bias=-30.0), track_zero_grads=True)


@case("keypoint-adam-exponential-1000x-in-40-steps", "keypoint", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return keypoint_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("keypoint-adam-missing-pixel-nan", "keypoint", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return keypoint_family("adam", 0.01, data=fd.keypoint_images(nan_rows=0.003))


@case("keypoint-adam-lr-3e-3-recreated-every-4-steps", "keypoint", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return keypoint_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("keypoint-adam-lr-0p03-no-warmup", "keypoint", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return keypoint_family("adam", 0.03)


@case("keypoint-sgd-lr-1-no-clip", "keypoint", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return keypoint_family("sgd", 1.0)


# bclone: behaviour cloning of an expert navigator (goal, obstacle, 10% random actions) by a policy MLP with LayerNorm,
# cross-entropy over 5 actions (1.60-1.65 at step 1, ln 5 = 1.61); works at Adam 3e-3-0.03, SGDm 0.1 (~0.76-0.83 held out)


@case("bclone-adam-lr-1", "bclone", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return bclone_family("adam", 1.0)


@case("bclone-sgdm-lr-100-1000x", "bclone", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bclone_family("sgdm", 100.0)


@case("bclone-adamw-warmup-cosine-peak-1", "bclone", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bclone_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("bclone-rmsprop-exponential-gamma-1p02", "bclone", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bclone_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("bclone-adam-lr-1e-4-100x-low", "bclone", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return bclone_family("adam", 1e-4)


@case("bclone-sgdm-lr-1e-3-100x-low-log4", "bclone", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return bclone_family("sgdm", 1e-3, log_every=4)


@case("bclone-sgdm-summed-ce", "bclone", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BCLONE0, "ln 5"))
def _() -> Setup:
    return bclone_family("sgdm", 0.1, loss_fn=fd.bclone_ce_summed, loss_name="cross_entropy summed over the batch's states (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("bclone-adam-head-x300", "bclone", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CloningPolicy), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, BCLONE0, "ln 5"))
def _() -> Setup:
    return bclone_family("adam", 0.01, model=lambda: scaled_head(fd.CloningPolicy(), 300))


@case("bclone-adam-fc-dead-at-init", "bclone", "dead-units",
      cf=lambda s: replace(s, model=fd.CloningPolicy), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return bclone_family("adam", 0.01, model=lambda: fd.CloningPolicy(dead_bias=-30.0), track_zero_grads=True)


@case("bclone-adam-multistep-x0p1-at-5pct", "bclone", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return bclone_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("bclone-adam-missing-feature-nan", "bclone", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the states with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return bclone_family("adam", 0.01, data=fd.bclone_demos(nan_rows=0.003))


@case("bclone-adam-lr-0p01-recreated-every-8-steps", "bclone", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return bclone_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


# fresh32 half: healthy look-alikes


@case("postag-adam-cosine-log2", "postag", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.POSTAG_TAGS))
def _() -> Setup:
    return postag_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("postag-nadam-sgdr-log4", "postag", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.POSTAG_TAGS))
def _() -> Setup:
    return postag_family("nadam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("postag-rmsprop-constant-log5", "postag", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.POSTAG_TAGS))
def _() -> Setup:
    return postag_family("rmsprop", 2e-3, log_every=5)


@case("postag-adamw-warmup-linear-avg10", "postag", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.POSTAG_TAGS))
def _() -> Setup:
    return postag_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                         schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("robust-adam-warmup-cosine", "robust", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return robust_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("robust-sgdm-one-cycle", "robust", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return robust_family("sgdm", 0.3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("robust-adagrad-constant-log20", "robust", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return robust_family("adagrad", 0.03, log_every=20)


@case("robust-adam-resumed-with-state", "robust", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return robust_family("adam", 1e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("keypoint-adam-cosine", "keypoint", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return keypoint_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("keypoint-sgdm-cyclic-triangular2", "keypoint", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return keypoint_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("keypoint-nesterov-one-cycle", "keypoint", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return keypoint_family("sgdm", 0.03, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("keypoint-radam-step-decay-log3", "keypoint", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return keypoint_family("radam", 0.1, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("bclone-adam-constant-log5", "bclone", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.BCLONE_ACTIONS))
def _() -> Setup:
    return bclone_family("adam", 0.01, log_every=5)


@case("bclone-adam-resumed-with-state", "bclone", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.BCLONE_ACTIONS))
def _() -> Setup:
    return bclone_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("bclone-sgdm-step-decay", "bclone", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.BCLONE_ACTIONS))
def _() -> Setup:
    return bclone_family("sgdm", 0.3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


# fresh32 half, logged once per epoch


@case("robust-adam-256-rows-overfits-per-epoch", "robust", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return robust_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.robust_rows(train_rows=256))


@case("postag-adam-lr-1-per-epoch", "postag", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return postag_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.postag_sentences(n=2944, batch_size=64))


@case("bclone-adam-lr-1-per-epoch", "bclone", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return bclone_family("adam", 1.0, steps=62 * 7, log_per_epoch=True)


@case("postag-adam-cosine-per-epoch", "postag", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.POSTAG_TAGS))
def _() -> Setup:
    return postag_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.postag_sentences(n=2944, batch_size=64),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("robust-adam-cosine-per-epoch", "robust", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return robust_family("adam", 0.03, steps=46 * 9, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("keypoint-adam-cosine-per-epoch", "keypoint", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return keypoint_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.keypoint_images(n=2944, batch_size=64),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("bclone-adam-cosine-per-epoch", "bclone", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.BCLONE_ACTIONS))
def _() -> Setup:
    return bclone_family("adam", 0.01, steps=62 * 7, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")
