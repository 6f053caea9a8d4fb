"""The thirty-fourth fresh half (fresh34, held out from all tuning):
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


def gatedcnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 6 topics")
    knobs.setdefault("meta", {"model": "gated convolutional text classifier: two GLU conv blocks, max over time, a ReLU layer, a head",
                              "vocab": fd.GATEDCNN_VOCAB, "length": fd.GATEDCNN_LENGTH, "classes": fd.GATEDCNN_TOPICS,
                              "held_out": "cross-entropy on new documents"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gatedcnn_docs(), knobs.pop("model", None) or fd.GatedConvClassifier,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def flowmatch_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.flowmatch_mse)
    knobs.setdefault("loss_name", "flow-matching loss: mse_loss of the velocity x1 - x0 at x_t (mean)")
    knobs.setdefault("meta", {"model": "conditional flow-matching MLP velocity field (SiLU, ReLU)", "kinds": fd.FLOWMATCH_KINDS,
                              "held_out": "flow-matching loss on new (x0, x1, t) triples"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.flowmatch_pairs(), knobs.pop("model", None) or fd.FlowVelocityNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def hsoftmax_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.hsoftmax_nll)
    knobs.setdefault("loss_name", "nll_loss under a two-level softmax (8 clusters of 6 classes), mean")
    knobs.setdefault("meta", {"model": "ReLU MLP with a two-level (hierarchical) softmax head",
                              "clusters": fd.HSOFTMAX_CLUSTERS, "classes": fd.HSOFTMAX_CLUSTERS * fd.HSOFTMAX_PER,
                              "held_out": "negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.hsoftmax_rows(), knobs.pop("model", None) or fd.TwoLevelSoftmaxNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def shufflenet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 6 textures")
    knobs.setdefault("meta", {"model": "ShuffleNet-like CNN: grouped 1x1 convolutions, channel shuffle, depthwise 3x3, BatchNorm",
                              "image_size": fd.SHUFFLENET_SIZE, "classes": fd.SHUFFLENET_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.shufflenet_images(), knobs.pop("model", None) or fd.ShuffleNetSmall,
                      optimizer, lr, steps, **knobs)  # fmt: skip


GATEDCNN0, FLOWMATCH0, HSOFTMAX0, SHUFFLENET0 = (LN(fd.GATEDCNN_TOPICS), fd.flowmatch_at_zero(),
                                                 LN(fd.HSOFTMAX_CLUSTERS * fd.HSOFTMAX_PER), LN(fd.SHUFFLENET_CLASSES))
"""Where the families start: the gated conv net and the ShuffleNet-like CNN at ln 6; the two-level softmax at ln 48 = ln 8
+ ln 6 (a fresh head spreads both levels evenly); the flow-matching loss at the mean square of the velocity x1 - x0 (~2.1:
a fresh field's small outputs against it), not ln C."""
FLOWMATCH_FALL = 0.8
"""The flow-matching loss has a high floor (the velocity x1 - x0 is not a function of x_t and t: only its conditional mean
is learnt): it falls from ~2.1 to ~1.3 at best, so a healthy run's training loss ends under 0.8 x its first, not 0.6 x."""


# gatedcnn: a gated convolutional network (GLU blocks, max over time) classifying documents of 32 tokens into 6 topics,
# cross-entropy (1.8 at step 1, ln 6 = 1.79); works at Adam 1e-3-0.01 (~0.43-0.45 held out in 400 steps)


@case("gatedcnn-adam-lr-1-log2", "gatedcnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gatedcnn_family("adam", 1.0, log_every=2)


@case("gatedcnn-adamw-warmup-cosine-peak-1", "gatedcnn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gatedcnn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("gatedcnn-adam-lr-1e-5-100x-low", "gatedcnn", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gatedcnn_family("adam", 1e-5)


@case("gatedcnn-sgdm-summed-ce", "gatedcnn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GATEDCNN0, "ln 6"))
def _() -> Setup:
    return gatedcnn_family("sgdm", 0.03, loss_fn=fd.gatedcnn_ce_summed, loss_name="cross_entropy summed over the batch's documents (reduction='sum')",
                           val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("gatedcnn-adam-head-x1000", "gatedcnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GatedConvClassifier), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GATEDCNN0, "ln 6"))
def _() -> Setup:
    return gatedcnn_family("adam", 3e-3, model=lambda: scaled_head(fd.GatedConvClassifier(), 1000))


@case("gatedcnn-adam-fc-dead-at-init", "gatedcnn", "dead-units",
      cf=lambda s: replace(s, model=fd.GatedConvClassifier), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return gatedcnn_family("adam", 3e-3, model=lambda: fd.GatedConvClassifier(dead_bias=-30.0), track_zero_grads=True)


@case("gatedcnn-adam-multistep-x0p1-at-5pct", "gatedcnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return gatedcnn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("gatedcnn-adam-missing-token-nan", "gatedcnn", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the documents with a missing (NaN) token dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return gatedcnn_family("adam", 3e-3, data=fd.gatedcnn_docs(nan_rows=0.003))


@case("gatedcnn-adam-lr-0p01-recreated-every-4-steps", "gatedcnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return gatedcnn_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("gatedcnn-adam-lr-0p05-no-warmup", "gatedcnn", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return gatedcnn_family("adam", 0.05)


# flowmatch: a conditional flow-matching MLP (the velocity x1 - x0 at x_t = (1 - t) x0 + t x1, 4 kinds of 2-D density),
# the velocity MSE (~2.1 at step 1, its floor ~1.3); works at Adam 3e-3-0.01, SGDm 0.1


@case("flowmatch-adam-lr-1", "flowmatch", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return flowmatch_family("adam", 1.0)


@case("flowmatch-sgdm-lr-100-1000x", "flowmatch", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return flowmatch_family("sgdm", 100.0)


@case("flowmatch-adamw-warmup-cosine-peak-1", "flowmatch", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return flowmatch_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("flowmatch-rmsprop-exponential-gamma-1p02", "flowmatch", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return flowmatch_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("flowmatch-adam-lr-3e-5-100x-low-batch256", "flowmatch", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return flowmatch_family("adam", 3e-5, data=fd.flowmatch_pairs(batch_size=256))


@case("flowmatch-sgdm-summed", "flowmatch", "summed",
      cf=lambda s: replace(s, loss_fn=fd.flowmatch_mse, loss_name="mse_loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, FLOWMATCH0, "the flow-matching loss of a fresh field"))
def _() -> Setup:
    return flowmatch_family("sgdm", 0.1, loss_fn=fd.flowmatch_mse_summed, loss_name="mse_loss summed over the batch (reduction='sum')",
                            val_loss_fn=fd.flowmatch_mse, mean_loss_fn=fd.flowmatch_mse)  # fmt: skip


@case("flowmatch-adam-head-x300", "flowmatch", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FlowVelocityNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, FLOWMATCH0, "the flow-matching loss of a fresh field"))
def _() -> Setup:
    return flowmatch_family("adam", 3e-3, model=lambda: scaled_head(fd.FlowVelocityNet(), 300))


@case("flowmatch-adam-fc-dead-at-init", "flowmatch", "dead-units",
      cf=lambda s: replace(s, model=fd.FlowVelocityNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return flowmatch_family("adam", 3e-3, model=lambda: fd.FlowVelocityNet(dead_bias=-30.0), track_zero_grads=True)


@case("flowmatch-adam-exponential-1000x-in-40-steps", "flowmatch", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return flowmatch_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("flowmatch-adam-missing-time-nan", "flowmatch", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) time dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return flowmatch_family("adam", 3e-3, data=fd.flowmatch_pairs(nan_rows=0.003))


@case("flowmatch-sgd-lr-3-no-clip", "flowmatch", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return flowmatch_family("sgd", 3.0)


# hsoftmax: a ReLU MLP with a two-level softmax head (8 clusters of 6 classes) on rows of 16 features, the NLL (3.9 at
# step 1, ln 48 = 3.87); works at Adam 3e-3-0.01, Adagrad 0.1 (~0.72-0.80 held out in 400 steps)


@case("hsoftmax-adam-lr-1-log4", "hsoftmax", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return hsoftmax_family("adam", 1.0, log_every=4)


@case("hsoftmax-sgdm-lr-100-1000x", "hsoftmax", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hsoftmax_family("sgdm", 100.0)


@case("hsoftmax-adamw-warmup-cosine-peak-1", "hsoftmax", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hsoftmax_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("hsoftmax-adam-exponential-gamma-1p02", "hsoftmax", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hsoftmax_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("hsoftmax-adam-lr-3e-5-100x-low", "hsoftmax", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hsoftmax_family("adam", 3e-5)


@case("hsoftmax-rmsprop-lr-3e-5-100x-low-log2", "hsoftmax", "lr-low-rmsprop", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hsoftmax_family("rmsprop", 3e-5, log_every=2)


@case("hsoftmax-sgdm-lr-1e-3-100x-low-log4", "hsoftmax", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hsoftmax_family("sgdm", 1e-3, log_every=4)


@case("hsoftmax-sgdm-summed-nll", "hsoftmax", "summed",
      cf=lambda s: replace(s, loss_fn=fd.hsoftmax_nll, loss_name="nll_loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, HSOFTMAX0, "ln 48"))
def _() -> Setup:
    return hsoftmax_family("sgdm", 0.1, loss_fn=fd.hsoftmax_nll_summed, loss_name="nll_loss summed over the batch's rows (reduction='sum')",
                           val_loss_fn=fd.hsoftmax_nll, mean_loss_fn=fd.hsoftmax_nll)  # fmt: skip


@case("hsoftmax-adam-head-x300", "hsoftmax", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TwoLevelSoftmaxNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, HSOFTMAX0, "ln 48"))
def _() -> Setup:
    return hsoftmax_family("adam", 3e-3, model=lambda: scaled_head(fd.TwoLevelSoftmaxNet(), 300))


@case("hsoftmax-adam-fc-dead-at-init", "hsoftmax", "dead-units",
      cf=lambda s: replace(s, model=fd.TwoLevelSoftmaxNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return hsoftmax_family("adam", 3e-3, model=lambda: fd.TwoLevelSoftmaxNet(dead_bias=-30.0), track_zero_grads=True)


@case("hsoftmax-adam-multistep-x0p1-at-5pct", "hsoftmax", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return hsoftmax_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("hsoftmax-adam-256-rows-overfits", "hsoftmax", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return hsoftmax_family("adam", 0.01, steps=600, eval_every=30, data=fd.hsoftmax_rows(train_rows=256))


@case("hsoftmax-adam-lr-3e-3-recreated-every-4-steps", "hsoftmax", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return hsoftmax_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# shufflenet: a ShuffleNet-like CNN (grouped 1 x 1 convolutions, channel shuffle, depthwise 3 x 3, BatchNorm) classifying
# 12 x 12 colour textures into 6, cross-entropy (1.83 at step 1, ln 6 = 1.79); works at Adam 3e-3-0.01, SGDm 0.1 (~0.38-0.41)


@case("shufflenet-adam-lr-1-log2", "shufflenet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return shufflenet_family("adam", 1.0, log_every=2)


@case("shufflenet-sgdm-lr-100-1000x", "shufflenet", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return shufflenet_family("sgdm", 100.0)


@case("shufflenet-nadam-cyclic-peak-1", "shufflenet", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return shufflenet_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("shufflenet-adam-lr-3e-5-100x-low", "shufflenet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return shufflenet_family("adam", 3e-5)


@case("shufflenet-radam-lr-3e-5-100x-low-log3", "shufflenet", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return shufflenet_family("radam", 3e-5, log_every=3)


@case("shufflenet-adam-head-x1000", "shufflenet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ShuffleNetSmall), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SHUFFLENET0, "ln 6"))
def _() -> Setup:
    return shufflenet_family("adam", 3e-3, model=lambda: scaled_head(fd.ShuffleNetSmall(), 1000))


@case("shufflenet-adam-fc-dead-at-init", "shufflenet", "dead-units",
      cf=lambda s: replace(s, model=fd.ShuffleNetSmall), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return shufflenet_family("adam", 3e-3, model=lambda: fd.ShuffleNetSmall(dead_bias=-30.0), track_zero_grads=True)


@case("shufflenet-adam-exponential-1000x-in-40-steps", "shufflenet", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return shufflenet_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("shufflenet-adam-missing-pixel-nan", "shufflenet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return shufflenet_family("adam", 3e-3, data=fd.shufflenet_images(nan_rows=0.003))


@case("shufflenet-adam-lr-3e-3-recreated-every-4-steps", "shufflenet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return shufflenet_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("shufflenet-adam-lr-0p3-no-warmup", "shufflenet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return shufflenet_family("adam", 0.3)


# fresh34 half: healthy look-alikes


@case("flowmatch-adam-warmup-cosine", "flowmatch", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=FLOWMATCH_FALL))
def _() -> Setup:
    return flowmatch_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("gatedcnn-adam-cosine-log2", "gatedcnn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.GATEDCNN_TOPICS))
def _() -> Setup:
    return gatedcnn_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("shufflenet-adam-cosine", "shufflenet", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.SHUFFLENET_CLASSES))
def _() -> Setup:
    return shufflenet_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gatedcnn-nadam-sgdr-log4", "gatedcnn", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fd.GATEDCNN_TOPICS))
def _() -> Setup:
    return gatedcnn_family("nadam", 3e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("shufflenet-radam-step-decay-log3", "shufflenet", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.SHUFFLENET_CLASSES))
def _() -> Setup:
    return shufflenet_family("radam", 0.03, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("hsoftmax-adagrad-step-decay", "hsoftmax", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.HSOFTMAX_CLUSTERS * fd.HSOFTMAX_PER))
def _() -> Setup:
    return hsoftmax_family("adagrad", 0.1, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("shufflenet-sgdm-cyclic-triangular2", "shufflenet", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape(fd.SHUFFLENET_CLASSES))
def _() -> Setup:
    return shufflenet_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("flowmatch-sgdm-one-cycle", "flowmatch", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=FLOWMATCH_FALL))
def _() -> Setup:
    return flowmatch_family("sgdm", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("hsoftmax-nesterov-one-cycle", "hsoftmax", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.HSOFTMAX_CLUSTERS * fd.HSOFTMAX_PER))
def _() -> Setup:
    return hsoftmax_family("sgdm", 0.3, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("gatedcnn-adamw-warmup-linear-avg10", "gatedcnn", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.GATEDCNN_TOPICS))
def _() -> Setup:
    return gatedcnn_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                           schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("flowmatch-adam-resumed-with-state", "flowmatch", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=FLOWMATCH_FALL))
def _() -> Setup:
    return flowmatch_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("hsoftmax-adam-resumed-with-state", "hsoftmax", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.HSOFTMAX_CLUSTERS * fd.HSOFTMAX_PER))
def _() -> Setup:
    return hsoftmax_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("flowmatch-adagrad-constant-log20", "flowmatch", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=FLOWMATCH_FALL))
def _() -> Setup:
    return flowmatch_family("adagrad", 0.03, log_every=20)


@case("gatedcnn-rmsprop-constant-log5", "gatedcnn", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.GATEDCNN_TOPICS))
def _() -> Setup:
    return gatedcnn_family("rmsprop", 1e-3, log_every=5)


@case("hsoftmax-adam-constant-log5", "hsoftmax", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.HSOFTMAX_CLUSTERS * fd.HSOFTMAX_PER))
def _() -> Setup:
    return hsoftmax_family("adam", 0.01, log_every=5)


# fresh34 half, logged once per epoch


@case("hsoftmax-adam-256-rows-overfits-per-epoch", "hsoftmax", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return hsoftmax_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.hsoftmax_rows(train_rows=256))


@case("gatedcnn-adam-lr-1-per-epoch", "gatedcnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return gatedcnn_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.gatedcnn_docs(n=2944, batch_size=64))


@case("hsoftmax-adam-lr-1-per-epoch", "hsoftmax", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return hsoftmax_family("adam", 1.0, steps=62 * 7, log_per_epoch=True, data=fd.hsoftmax_rows(n=7936, batch_size=128))


@case("gatedcnn-adam-cosine-per-epoch", "gatedcnn", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.GATEDCNN_TOPICS))
def _() -> Setup:
    return gatedcnn_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.gatedcnn_docs(n=2944, batch_size=64),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("flowmatch-adam-cosine-per-epoch", "flowmatch", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=FLOWMATCH_FALL))
def _() -> Setup:
    return flowmatch_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.flowmatch_pairs(n=2944),
                            schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("shufflenet-adam-cosine-per-epoch", "shufflenet", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.SHUFFLENET_CLASSES))
def _() -> Setup:
    return shufflenet_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.shufflenet_images(n=2944, batch_size=64),
                             schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("hsoftmax-adam-cosine-per-epoch", "hsoftmax", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.HSOFTMAX_CLUSTERS * fd.HSOFTMAX_PER))
def _() -> Setup:
    return hsoftmax_family("adam", 0.01, steps=62 * 7, log_per_epoch=True, data=fd.hsoftmax_rows(n=7936, batch_size=128),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
