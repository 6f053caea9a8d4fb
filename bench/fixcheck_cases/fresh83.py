"""The eighty-fifth fresh half (fresh83, held out from all tuning):
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
    LN, Setup, cosine_after, cross_entropy, cyclic, exponential, exponential_to, linear_decay_after, multistep,
    one_cycle, scaled_head, warm_restarts,
)


def crossvit_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes of the image")
    knobs.setdefault("meta", {"model": "CrossViT: a small-patch branch (4x4 patches, 16 tokens) and a large-patch branch (8x8 patches, 4 tokens) of width 32, each with its own CLS token and one pre-LN transformer block (2 heads), a cross-attention fusion where each CLS attends to the other branch's patch tokens, then per branch a LayerNorm, a shared ReLU layer 32-32 and a shared head, the two logits averaged",
                              "image_size": fd.CROSSVIT_SIZE, "patches": [fd.CROSSVIT_SMALL, fd.CROSSVIT_LARGE],
                              "classes": fd.CROSSVIT_CLASSES, "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.crossvit_images(), knobs.pop("model", None) or fd.CrossViT,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def informer_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the 12 horizon steps (mean over the windows and steps)")
    knobs.setdefault("meta", {"model": "Informer: a Linear 4-32 embedding with learned positions, a ProbSparse-like self-attention encoder layer (top-u queries by max-minus-mean), a distilling layer (Conv1d + ELU + max-pool stride 2, 48 -> 24 steps), a second encoder layer, a decoder of a start token of 24 steps and 12 zeroed horizon steps (a cross-attention of 2 heads to the encoder and a feed-forward), a ReLU layer 32-32 and a head per step",
                              "input_steps": fd.INFORMER_INPUT, "start_token": fd.INFORMER_START,
                              "horizon": fd.INFORMER_HORIZON, "held_out": "MSE on new windows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.informer_windows(), knobs.pop("model", None) or fd.Informer,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def bst_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.bst_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the click on the target item (mean over the rows)")  # fmt: skip
    knobs.setdefault("meta", {"model": "Behavior Sequence Transformer: the 10 last clicked items and the target item as item (24) and category (8) embeddings plus position embeddings, one post-LN transformer block (2 heads), its outputs flattened and concatenated with embeddings (8) of 4 other fields into a ReLU MLP 384-64, a ReLU layer 64-32 and a head",
                              "history": fd.BST_HISTORY, "items": fd.BST_ITEMS, "categories": fd.BST_CATEGORIES,
                              "fields": fd.BST_FIELDS, "held_out": "BCE on new impressions"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.bst_rows(), knobs.pop("model", None) or fd.BST,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def betaprime_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.betaprime_nll)
    knobs.setdefault("loss_name", "beta-prime (inverted beta) negative log-likelihood (mean over the rows)")
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to log alpha and log beta",
                              "features": fd.BETAPRIME_FEATURES,
                              "held_out": "the beta-prime negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.betaprime_rows(), knobs.pop("model", None) or fd.BetaPrimeMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


CROSSVIT0, INFORMER0 = LN(fd.CROSSVIT_CLASSES), fd.informer_at_zero()
BST0, BETAPRIME0 = LN(2), fd.betaprime_at_zero()
"""Where the families start: the CrossViT at ln 4, the Informer at the MSE of forecasts of 0, the BST at the BCE of
logits of 0 (ln 2), the beta-prime MLP at its NLL of raw outputs of 0 (alpha = beta = 1: 2 log(1 + y) on average)."""


# crossvit: a CrossViT-like dual-branch classifier (a 4x4-patch branch and an 8x8-patch branch of width 32 over the same
# 16x16 image, each with its own CLS token and a pre-LN transformer block, a cross-attention fusion of each CLS with the
# other branch's patch tokens, a shared ReLU layer and head on each CLS, the logits averaged) naming the class of images
# set by a fine texture of period 2 and a coarse shape together, 5% random labels held out too, cross-entropy over 4
# (1.34-1.42 at step 1, ln 4 = 1.39, ending near 0.24 held out); works at Adam 1e-3-3e-3 (best 1e-3: 0.24), SGDm 0.1
# (0.24); slow at Adam 3e-5 (0.98) and 1e-5 (1.17-1.20); 0.50 at Adam 0.01, 0.35-0.85 at Adam 0.03 (0.31-0.61 after a
# 60-step warmup, no clear gain), at chance at Adam 1 and from a 20% warmup to a peak of 1, non-finite at SGDm 10;
# Adam 3e-3 recreated every 2 steps 0.29; 128 training images overfit within a few epochs


@case("crossvit-adam-lr-1-log2", "crossvit", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return crossvit_family("adam", 1.0, log_every=2)


@case("crossvit-sgdm-lr-10-100x", "crossvit", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return crossvit_family("sgdm", 10.0)


@case("crossvit-adamw-warmup-cosine-peak-1", "crossvit", "lr-high-ramp", cf=lr_to(1e-3),
      cf_what="peak lr 1e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return crossvit_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("crossvit-adam-lr-1e-5-100x-low", "crossvit", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return crossvit_family("adam", 1e-5)


@case("crossvit-sgdm-summed-ce", "crossvit", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, CROSSVIT0, "ln 4"))
def _() -> Setup:
    return crossvit_family("sgdm", 0.1, loss_fn=fd.crossvit_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                           val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("crossvit-adam-head-x1000", "crossvit", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CrossViT), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CROSSVIT0, "ln 4"))
def _() -> Setup:
    return crossvit_family("adam", 1e-3, model=lambda: scaled_head(fd.CrossViT(), 1000))


@case("crossvit-adam-multistep-x0p1-at-5pct", "crossvit", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return crossvit_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("crossvit-adam-missing-pixel-nan", "crossvit", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return crossvit_family("adam", 1e-3, data=fd.crossvit_images(nan_rows=0.003))


@case("crossvit-adam-lr-3e-3-recreated-every-2-steps", "crossvit", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return crossvit_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(2, 400, 2)))


# informer: an Informer-like long-sequence forecaster (an encoder of a ProbSparse-like self-attention layer, a
# distilling layer of a Conv1d, ELU and a max-pool of stride 2 and a second layer over 48 input steps of a two-seasonal
# series with a known covariate and time features, a decoder of a cross-attention from a start token of 24 steps and 12
# zeroed horizon steps, a ReLU layer and a head per step), MSE (1.96 at step 1, 1.45 for forecasts of 0, ending
# near 0.065 held out, the noise's 0.04 the floor); works at Adam 1e-3-0.01 (best 3e-3: 0.065; 0.080 at 1e-3, 0.072 at
# 0.01, 0.069 at 0.01-0.03 after a 60-step warmup); Adam 0.03 0.49 without warmup, at the level of forecasts of 0 at
# Adam 1


@case("informer-adam-lr-0p03-no-warmup", "informer", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return informer_family("adam", 0.03)


@case("informer-adamw-lr-0p03-no-warmup-log2", "informer", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60), cf_what="a 60-step linear warmup", must=("missing-warmup",),
      may=("lr-too-high", "plateau", "non-finite-loss"), tol=60, shape=anything)
def _() -> Setup:
    return informer_family("adamw", 0.03, log_every=2)


@case("informer-adam-cyclic-peak-1", "informer", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return informer_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("informer-adam-lr-3e-5-100x-low-log3", "informer", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return informer_family("adam", 3e-5, log_every=3)


@case("informer-adam-head-x1000", "informer", "last-layer-init",
      cf=lambda s: replace(s, model=fd.Informer), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, INFORMER0, "the MSE of forecasts of 0"))
def _() -> Setup:
    return informer_family("adam", 3e-3, model=lambda: scaled_head(fd.Informer(), 1000))


@case("informer-adam-exponential-1000x-in-40-steps", "informer", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return informer_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                           schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("informer-adam-fc-dead-at-init", "informer", "dead-units",
      cf=lambda s: replace(s, model=fd.Informer), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return informer_family("adam", 3e-3, model=lambda: fd.Informer(dead_bias=-30.0), track_zero_grads=True)


# bst: a Behavior-Sequence-Transformer click model (the 10 last clicked items and the target item as item, category and
# position embeddings through one post-LN transformer block, flattened and concatenated with embeddings of 4 other
# fields into a ReLU MLP, a ReLU layer and a head) on synthetic impressions whose clicks follow planted item-to-item
# transitions, category preferences and item popularity, BCE on clicks (0.68 at step 1, ln 2, ending near 0.57 held
# out); works at Adam 1e-3-0.01 (best 3e-3: 0.573), RMSprop 1e-3 (0.588), SGDm 0.1 (0.605), Adagrad 0.1 (0.628);
# slow at Adam 1e-5 (0.678); near the base rate (0.67) at Adam 1 and SGDm 1, non-finite at SGDm 10; 0.62 at Adam
# 3e-3 cut x0.1 at step 20 (0.59 cut at 70%); 1000 training rows overfit from the first evaluations (0.6 -> 2.9), 3200
# within 2 epochs


@case("bst-adam-lr-1-log2", "bst", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return bst_family("adam", 1.0, log_every=2)


@case("bst-sgdm-lr-10-100x", "bst", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bst_family("sgdm", 10.0)


@case("bst-adamw-warmup-cosine-peak-1", "bst", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bst_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("bst-adam-exponential-gamma-1p02", "bst", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bst_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("bst-nadam-lr-3e-5-100x-low-log2", "bst", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return bst_family("nadam", 3e-5, log_every=2)


@case("bst-sgdm-lr-1e-3-100x-low", "bst", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return bst_family("sgdm", 1e-3)


@case("bst-sgdm-summed-bce", "bst", "summed",
      cf=lambda s: replace(s, loss_fn=fd.bst_bce, loss_name="binary_cross_entropy_with_logits (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BST0, "ln 2"))
def _() -> Setup:
    return bst_family("sgdm", 0.1, loss_fn=fd.bst_bce_summed, loss_name="binary_cross_entropy_with_logits summed over the batch's rows (reduction='sum')",
                      val_loss_fn=fd.bst_bce, mean_loss_fn=fd.bst_bce)  # fmt: skip


@case("bst-adam-head-x1000", "bst", "last-layer-init",
      cf=lambda s: replace(s, model=fd.BST), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, BST0, "ln 2"))
def _() -> Setup:
    return bst_family("adam", 3e-3, model=lambda: scaled_head(fd.BST(), 1000))


@case("bst-adam-lr-1e-3-multistep-x0p1-at-5pct", "bst", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return bst_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("bst-adam-missing-item-nan", "bst", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) history item dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return bst_family("adam", 3e-3, data=fd.bst_rows(nan_rows=0.003))


@case("bst-adam-1000-rows-overfits", "bst", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return bst_family("adam", 3e-3, steps=600, eval_every=30, data=fd.bst_rows(train_rows=1000))


@case("bst-adam-fc-dead-at-init", "bst", "dead-units",
      cf=lambda s: replace(s, model=fd.BST), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return bst_family("adam", 3e-3, model=lambda: fd.BST(dead_bias=-30.0), track_zero_grads=True)


# betaprime: a ReLU MLP (6-64-64, a ReLU layer and a head) of log alpha and log beta of a beta-prime (inverted beta) law
# of positive ratio-like targets whose parameters depend on the features, the negative log-likelihood per row (1.05 at
# step 1, 1.08 at raw outputs of 0, ending near 0.65 held out); works at Adam 1e-3-0.03 (best 3e-3: 0.647), SGDm
# 0.01-0.03 (0.656 at 0.03), RMSprop 1e-3-3e-3 (0.74-0.75), Adagrad 0.03 (0.71); slow at Adam 3e-5 (0.94) and plain SGD
# 0.1 (0.97); 0.80 at Adam 0.1, non-finite from Adam 0.3 on, at RMSprop 0.3 and at SGDm 1 (1.54 clipped at 1); plain
# SGD 1 1.13 unclipped, 0.98 clipped at 1


@case("betaprime-sgdm-lr-3-100x", "betaprime", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return betaprime_family("sgdm", 3.0)


@case("betaprime-rmsprop-lr-0p3-100x-log2", "betaprime", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return betaprime_family("rmsprop", 0.3, log_every=2)


@case("betaprime-nadam-warmup-cosine-peak-1", "betaprime", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return betaprime_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("betaprime-adam-lr-3e-5-100x-low", "betaprime", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return betaprime_family("adam", 3e-5)


@case("betaprime-sgdm-summed-nll", "betaprime", "summed",
      cf=lambda s: replace(s, loss_fn=fd.betaprime_nll, loss_name="beta-prime negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BETAPRIME0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return betaprime_family("sgdm", 0.03, loss_fn=fd.betaprime_nll_summed, loss_name="beta-prime negative log-likelihood summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.betaprime_nll, mean_loss_fn=fd.betaprime_nll)  # fmt: skip


@case("betaprime-adam-exponential-1000x-in-40-steps", "betaprime", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return betaprime_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1),
                            schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("betaprime-adam-fc-dead-at-init", "betaprime", "dead-units",
      cf=lambda s: replace(s, model=fd.BetaPrimeMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return betaprime_family("adam", 3e-3, model=lambda: fd.BetaPrimeMLP(dead_bias=-30.0), track_zero_grads=True)


@case("betaprime-sgdm-lr-1-no-clip", "betaprime", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return betaprime_family("sgdm", 1.0)


@case("betaprime-sgd-lr-1-no-clip-log2", "betaprime", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return betaprime_family("sgd", 1.0, log_every=2)


@case("betaprime-adam-lr-0p3-100x-log2", "betaprime", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return betaprime_family("adam", 0.3, log_every=2)


@case("betaprime-adagrad-lr-3-100x", "betaprime", "lr-high-step1", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return betaprime_family("adagrad", 3.0)


@case("betaprime-rmsprop-exponential-gamma-1p02", "betaprime", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return betaprime_family("rmsprop", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("betaprime-nadam-lr-3e-5-100x-low-log2", "betaprime", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return betaprime_family("nadam", 3e-5, log_every=2)


@case("betaprime-sgd-summed-nll-log2", "betaprime", "summed",
      cf=lambda s: replace(s, loss_fn=fd.betaprime_nll, loss_name="beta-prime negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BETAPRIME0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return betaprime_family("sgd", 0.3, log_every=2, loss_fn=fd.betaprime_nll_summed, loss_name="beta-prime negative log-likelihood summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.betaprime_nll, mean_loss_fn=fd.betaprime_nll)  # fmt: skip


@case("betaprime-adam-missing-feature-nan", "betaprime", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return betaprime_family("adam", 3e-3, data=fd.betaprime_rows(nan_rows=0.003))


# fresh83 half: healthy look-alikes


@case("crossvit-adam-cosine-log2", "crossvit", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.CROSSVIT_CLASSES, fall=0.6))
def _() -> Setup:
    return crossvit_family("adam", 1e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("crossvit-sgdm-cosine-eval50", "crossvit", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.CROSSVIT_CLASSES, fall=0.6))
def _() -> Setup:
    return crossvit_family("sgdm", 0.1, eval_every=50, schedule=cosine_after(0.0), schedule_name="cosine")


@case("crossvit-nadam-step-decay-log3", "crossvit", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.CROSSVIT_CLASSES, fall=0.6))
def _() -> Setup:
    return crossvit_family("nadam", 1e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                           schedule_name="MultiStepLR")


@case("informer-adam-warmup-cosine-eval25", "informer", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return informer_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.15),
                           schedule_name="linear warmup 15% + cosine")


@case("informer-adam-resumed-with-state", "informer", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return informer_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                           schedule=cosine_after(0.15), schedule_name="linear warmup 15% + cosine")


@case("bst-adam-cosine-log2", "bst", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return bst_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("bst-rmsprop-constant-eval50", "bst", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return bst_family("rmsprop", 1e-3, eval_every=50)


@case("bst-radam-warmup-cosine-log4", "bst", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return bst_family("radam", 3e-3, log_every=4, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine")


@case("bst-sgdm-step-decay-log3", "bst", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return bst_family("sgdm", 0.1, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3), schedule_name="MultiStepLR")


@case("betaprime-adam-cosine-eval25", "betaprime", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betaprime_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("betaprime-adamw-warmup-linear-avg10", "betaprime", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betaprime_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                            schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("betaprime-sgdm-step-decay-log3", "betaprime", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betaprime_family("sgdm", 0.03, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                            schedule_name="MultiStepLR")


@case("betaprime-adagrad-on-plateau-log4", "betaprime", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betaprime_family("adagrad", 0.03, log_every=4, schedule=on_plateau(),
                            schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("betaprime-rmsprop-cosine-log2", "betaprime", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betaprime_family("rmsprop", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("betaprime-nesterov-sgdr-log5", "betaprime", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betaprime_family("nesterov", 0.03, log_every=5, schedule=warm_restarts(0.25),
                            schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("betaprime-adam-resumed-with-state", "betaprime", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betaprime_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                            schedule=cosine_after(0.0), schedule_name="cosine")


@case("betaprime-radam-one-cycle", "betaprime", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betaprime_family("radam", 3e-3, schedule=one_cycle, schedule_name="OneCycleLR")


# fresh83 half, logged once per epoch


@case("crossvit-adam-128-images-overfits-per-epoch", "crossvit", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return crossvit_family("adam", 1e-3, steps=8 * 50, log_per_epoch=True,
                           data=fd.crossvit_images(train_rows=128, batch_size=16))


@case("betaprime-adam-lr-1-per-epoch", "betaprime", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return betaprime_family("adam", 1.0, steps=50 * 8, log_per_epoch=True,
                            data=fd.betaprime_rows(n=3200, batch_size=64))


@case("informer-adam-warmup-cosine-per-epoch", "informer", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return informer_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.informer_windows(n=1600),
                           schedule=cosine_after(0.15), schedule_name="linear warmup 15% + cosine")  # fmt: skip


@case("betaprime-adam-cosine-per-epoch", "betaprime", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return betaprime_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True,
                            data=fd.betaprime_rows(n=3200, batch_size=64), schedule=cosine_after(0.0),
                            schedule_name="cosine")  # fmt: skip
