"""The forty-fourth fresh half (fresh42, held out from all tuning):
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


def densenet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 6 glyphs")
    knobs.setdefault("meta", {"model": "DenseNet-like CNN: two dense blocks of concatenating BatchNorm-ReLU-conv layers, a transition, global max pooling, a ReLU layer, a head",
                              "image_size": fd.DENSENET_SIZE, "growth_rate": fd.DENSENET_GROWTH, "classes": fd.DENSENET_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.densenet_glyphs(), knobs.pop("model", None) or fd.DenseNetLike,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def biaffine_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over each word's 11 candidate heads")
    knobs.setdefault("meta", {"model": "biaffine dependency-arc scorer: embeddings, a BiGRU, a ReLU layer, a head layer, biaffine arc scores",
                              "sentence_words": fd.BIAFFINE_LENGTH, "vocab_size": fd.BIAFFINE_VOCAB,
                              "held_out": "cross-entropy of the heads of new sentences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.biaffine_sentences(), knobs.pop("model", None) or fd.BiaffineArcScorer,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def huberreg_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.huberreg_loss)
    knobs.setdefault("loss_name", "Huber loss, delta 1 (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP regressor, 10-64-64-32-1", "features": fd.HUBERREG_FEATURES,
                              "held_out": "Huber loss on new rows (outliers included)"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.huberreg_rows(), knobs.pop("model", None) or fd.HuberRegMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def mixhop_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 communities")
    knobs.setdefault("meta", {"model": "MixHop: two layers mixing adjacency powers 0-2, a ReLU layer, a head",
                              "nodes": fd.MIXHOP_NODES, "classes": fd.MIXHOP_BLOCKS,
                              "held_out": "cross-entropy on the unlabelled nodes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.mixhop_nodes(), knobs.pop("model", None) or fd.MixHopNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


DENSENET0, BIAFFINE0, HUBERREG0, MIXHOP0 = (LN(fd.DENSENET_CLASSES), LN(fd.BIAFFINE_LENGTH + 1), fd.huberreg_at_zero(),
                                            LN(fd.MIXHOP_BLOCKS))
"""Where the families start: the DenseNet-like CNN at ln 6, the biaffine scorer at ln 11 (a word's head among the root and
10 words), MixHop at ln 5; the MLP's Huber loss at that of a regressor predicting 0, not ln C."""


# densenet: a DenseNet-like CNN (concatenating dense blocks, BatchNorm) naming one of 6 glyphs in 12 x 12 images,
# cross-entropy (1.8 at step 1, ln 6); works at Adam 1e-3-3e-3


@case("densenet-adam-lr-1-log2", "densenet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return densenet_family("adam", 1.0, log_every=2)


@case("densenet-sgdm-lr-100-1000x", "densenet", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return densenet_family("sgdm", 100.0)


@case("densenet-adamw-warmup-cosine-peak-1", "densenet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return densenet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("densenet-adam-lr-3e-5-100x-low", "densenet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return densenet_family("adam", 3e-5)


@case("densenet-radam-lr-3e-5-100x-low-log3", "densenet", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return densenet_family("radam", 3e-5, log_every=3)


@case("densenet-sgdm-summed-ce", "densenet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DENSENET0, "ln 6"))
def _() -> Setup:
    return densenet_family("sgdm", 0.1, loss_fn=fd.densenet_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                           val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("densenet-adam-head-x1000", "densenet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DenseNetLike), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DENSENET0, "ln 6"))
def _() -> Setup:
    return densenet_family("adam", 3e-3, model=lambda: scaled_head(fd.DenseNetLike(), 1000))


@case("densenet-adam-fc-dead-at-init", "densenet", "dead-units",
      cf=lambda s: replace(s, model=fd.DenseNetLike), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return densenet_family("adam", 3e-3, model=lambda: fd.DenseNetLike(dead_bias=-30.0), track_zero_grads=True)


@case("densenet-adam-multistep-x0p1-at-5pct", "densenet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return densenet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("densenet-adam-missing-pixel-nan", "densenet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return densenet_family("adam", 3e-3, data=fd.densenet_glyphs(nan_rows=0.003))


@case("densenet-adam-lr-0p05-no-warmup", "densenet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return densenet_family("adam", 0.05)


# biaffine: a biaffine dependency-arc scorer (a BiGRU, dependent and head vectors, biaffine scores) picking each word's head
# among the root and the 10 words of a synthetic sentence, cross-entropy (2.40 at step 1, ln 11); works at Adam 3e-3-0.01


@case("biaffine-adam-lr-1", "biaffine", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return biaffine_family("adam", 1.0)


@case("biaffine-sgdm-lr-100-1000x", "biaffine", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return biaffine_family("sgdm", 100.0)


@case("biaffine-adamw-warmup-cosine-peak-1", "biaffine", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return biaffine_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("biaffine-rmsprop-exponential-gamma-1p02", "biaffine", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return biaffine_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("biaffine-adam-lr-3e-5-100x-low", "biaffine", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return biaffine_family("adam", 3e-5)


@case("biaffine-rmsprop-lr-3e-5-100x-low-log2", "biaffine", "lr-low-rmsprop", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return biaffine_family("rmsprop", 3e-5, log_every=2)


@case("biaffine-sgdm-summed-ce", "biaffine", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BIAFFINE0, "ln 11"))
def _() -> Setup:
    return biaffine_family("sgdm", 0.1, loss_fn=fd.biaffine_ce_summed, loss_name="cross_entropy summed over the batch's words (reduction='sum')",
                           val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("biaffine-adam-head-x10000", "biaffine", "last-layer-init",
      cf=lambda s: replace(s, model=fd.BiaffineArcScorer), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, BIAFFINE0, "ln 11"))
def _() -> Setup:
    return biaffine_family("adam", 3e-3, model=lambda: scaled_head(fd.BiaffineArcScorer(), 10000))


@case("biaffine-adam-fc-dead-at-init", "biaffine", "dead-units",
      cf=lambda s: replace(s, model=fd.BiaffineArcScorer), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return biaffine_family("adam", 3e-3, model=lambda: fd.BiaffineArcScorer(dead_bias=-30.0), track_zero_grads=True)


@case("biaffine-adam-exponential-1000x-in-40-steps", "biaffine", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return biaffine_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("biaffine-adam-256-sentences-overfits", "biaffine", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return biaffine_family("adam", 0.01, steps=600, eval_every=30, data=fd.biaffine_sentences(train_rows=256))


@case("biaffine-adam-lr-0p01-recreated-every-4-steps", "biaffine", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return biaffine_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# huberreg: a ReLU MLP regressing a smooth function of 10 features with 5% outlying targets, the Huber loss (~0.9 at step
# 1, its floor ~0.4); works at Adam 1e-3-0.01


@case("huberreg-adam-lr-1-log4", "huberreg", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return huberreg_family("adam", 1.0, log_every=4)


@case("huberreg-sgdm-lr-100-1000x", "huberreg", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return huberreg_family("sgdm", 100.0)


@case("huberreg-nadam-cyclic-peak-1", "huberreg", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return huberreg_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("huberreg-sgdm-summed", "huberreg", "summed",
      cf=lambda s: replace(s, loss_fn=fd.huberreg_loss, loss_name="Huber loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, HUBERREG0, "the Huber loss of predicting 0"))
def _() -> Setup:
    return huberreg_family("sgdm", 0.1, loss_fn=fd.huberreg_summed, loss_name="Huber loss summed over the batch's rows",
                           val_loss_fn=fd.huberreg_loss, mean_loss_fn=fd.huberreg_loss)  # fmt: skip


@case("huberreg-adam-head-x3000", "huberreg", "last-layer-init",
      cf=lambda s: replace(s, model=fd.HuberRegMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, HUBERREG0, "the Huber loss of predicting 0"))
def _() -> Setup:
    return huberreg_family("adam", 3e-3, model=lambda: scaled_head(fd.HuberRegMLP(), 3000))


@case("huberreg-adam-fc-dead-at-init", "huberreg", "dead-units",
      cf=lambda s: replace(s, model=fd.HuberRegMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return huberreg_family("adam", 3e-3, model=lambda: fd.HuberRegMLP(dead_bias=-30.0), track_zero_grads=True)


@case("huberreg-adam-exponential-1000x-in-40-steps", "huberreg", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return huberreg_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("huberreg-adam-missing-feature-nan", "huberreg", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return huberreg_family("adam", 3e-3, data=fd.huberreg_rows(nan_rows=0.003))


@case("huberreg-adam-lr-3e-3-recreated-every-4-steps", "huberreg", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return huberreg_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("huberreg-sgd-lr-1-no-clip", "huberreg", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return huberreg_family("sgd", 1.0)


# mixhop: a MixHop graph convolution net (adjacency powers 0-2 mixed by concatenation) naming the community of a node of a
# stochastic block model graph (5), cross-entropy (1.6 at step 1, ln 5); works at Adam 3e-3-0.01


@case("mixhop-adam-lr-1", "mixhop", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return mixhop_family("adam", 1.0)


@case("mixhop-adamw-warmup-cosine-peak-1", "mixhop", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mixhop_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("mixhop-adam-exponential-gamma-1p02", "mixhop", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mixhop_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("mixhop-adam-lr-1e-4-100x-low", "mixhop", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return mixhop_family("adam", 1e-4)


@case("mixhop-sgdm-lr-1e-3-100x-low-log4", "mixhop", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return mixhop_family("sgdm", 1e-3, log_every=4)


@case("mixhop-adam-head-x1000", "mixhop", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MixHopNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MIXHOP0, "ln 5"))
def _() -> Setup:
    return mixhop_family("adam", 0.01, model=lambda: scaled_head(fd.MixHopNet(), 1000))


@case("mixhop-adam-fc-dead-at-init", "mixhop", "dead-units",
      cf=lambda s: replace(s, model=fd.MixHopNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return mixhop_family("adam", 0.01, model=lambda: fd.MixHopNet(dead_bias=-30.0), track_zero_grads=True)


@case("mixhop-adam-multistep-x0p1-at-5pct", "mixhop", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return mixhop_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("mixhop-adam-missing-feature-nan", "mixhop", "nan-early", cf=lambda s: replace(s, model=fd.MixHopNet),
      cf_what="the nodes' features without the missing (NaN) values", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return mixhop_family("adam", 0.01, model=lambda: fd.MixHopNet(nan_nodes=0.003))


# fresh42 half: healthy look-alikes


@case("huberreg-adam-warmup-cosine", "huberreg", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return huberreg_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("densenet-adam-cosine-log2", "densenet", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.DENSENET_CLASSES))
def _() -> Setup:
    return densenet_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("biaffine-adam-cosine", "biaffine", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.BIAFFINE_LENGTH + 1))
def _() -> Setup:
    return biaffine_family("adam", 0.03, schedule=cosine_after(0.0), schedule_name="cosine")


@case("huberreg-adagrad-cosine-log20", "huberreg", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return huberreg_family("adagrad", 0.1, log_every=20, schedule=cosine_after(0.0), schedule_name="cosine")


@case("mixhop-nadam-sgdr-log4", "mixhop", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fd.MIXHOP_BLOCKS))
def _() -> Setup:
    return mixhop_family("nadam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("mixhop-adagrad-step-decay", "mixhop", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.MIXHOP_BLOCKS))
def _() -> Setup:
    return mixhop_family("adagrad", 0.1, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("densenet-sgdm-cyclic-triangular2", "densenet", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape(fd.DENSENET_CLASSES))
def _() -> Setup:
    return densenet_family("sgdm", 0.03, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("huberreg-sgdm-one-cycle", "huberreg", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return huberreg_family("sgdm", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("densenet-nesterov-one-cycle", "densenet", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.DENSENET_CLASSES))
def _() -> Setup:
    return densenet_family("sgdm", 0.1, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("mixhop-adamw-warmup-linear-avg10", "mixhop", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.MIXHOP_BLOCKS))
def _() -> Setup:
    return mixhop_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                         schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("huberreg-adam-resumed-with-state", "huberreg", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return huberreg_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("biaffine-adam-resumed-with-state", "biaffine", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.BIAFFINE_LENGTH + 1))
def _() -> Setup:
    return biaffine_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("densenet-rmsprop-constant-log5", "densenet", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.DENSENET_CLASSES))
def _() -> Setup:
    return densenet_family("rmsprop", 1e-3, log_every=5)


@case("biaffine-adam-constant-log5", "biaffine", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.BIAFFINE_LENGTH + 1))
def _() -> Setup:
    return biaffine_family("adam", 0.01, log_every=5)


# fresh42 half, logged once per epoch


@case("biaffine-adam-256-sentences-overfits-per-epoch", "biaffine", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return biaffine_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.biaffine_sentences(train_rows=256, batch_size=64))


@case("densenet-adam-lr-1-per-epoch", "densenet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return densenet_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.densenet_glyphs(n=2944, batch_size=64))


@case("mixhop-adam-lr-1-per-epoch", "mixhop", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return mixhop_family("adam", 1.0, steps=31 * 13, log_per_epoch=True)


@case("densenet-adam-cosine-per-epoch", "densenet", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.DENSENET_CLASSES))
def _() -> Setup:
    return densenet_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.densenet_glyphs(n=2944, batch_size=64),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("huberreg-adam-cosine-per-epoch", "huberreg", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return huberreg_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.huberreg_rows(n=2944),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("biaffine-adam-cosine-per-epoch", "biaffine", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.BIAFFINE_LENGTH + 1))
def _() -> Setup:
    return biaffine_family("adam", 0.03, steps=46 * 9, log_per_epoch=True, data=fd.biaffine_sentences(n=5888, batch_size=128),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("mixhop-adam-cosine-per-epoch", "mixhop", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.MIXHOP_BLOCKS))
def _() -> Setup:
    return mixhop_family("adam", 0.01, steps=31 * 13, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")
