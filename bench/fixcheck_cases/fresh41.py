"""The forty-third fresh half (fresh41, held out from all tuning):
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


def ggnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 colours")
    knobs.setdefault("meta", {"model": "gated graph neural network: 3 propagation steps with GRU node updates, a gated sum readout, a ReLU layer, a head",
                              "nodes": fd.GGNN_NODES, "classes": fd.GGNN_COLOURS, "held_out": "cross-entropy on new graphs"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.ggnn_graphs(), knobs.pop("model", None) or fd.GatedGraphNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def cbow_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 40 words (a full softmax)")
    knobs.setdefault("meta", {"model": "word2vec CBOW: the mean of the context embeddings, a ReLU layer, output embeddings to a full softmax",
                              "vocab_size": fd.CBOW_VOCAB, "window": fd.CBOW_WINDOW, "held_out": "cross-entropy on new windows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.cbow_windows(), knobs.pop("model", None) or fd.CBOWModel,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def squeezenet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 counts")
    knobs.setdefault("meta", {"model": "SqueezeNet-like CNN: a stem convolution, two fire modules, global average pooling, a ReLU layer, a head",
                              "image_size": fd.SQUEEZENET_SIZE, "classes": fd.SQUEEZENET_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.squeezenet_dots(), knobs.pop("model", None) or fd.SqueezeNetLike,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def dice_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.dice_loss)
    knobs.setdefault("loss_name", "soft Dice loss (mean over the images)")
    knobs.setdefault("meta", {"model": "segmentation CNN: two 3x3 convolutions (one dilated), a 1x1 ReLU layer, a 1x1 head to per-pixel logits",
                              "image_size": fd.DICE_SIZE, "held_out": "soft Dice loss on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dice_blobs(), knobs.pop("model", None) or fd.DiceSegNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


GGNN0, CBOW0, SQUEEZENET0, DICE0 = (LN(fd.GGNN_COLOURS), LN(fd.CBOW_VOCAB), LN(fd.SQUEEZENET_CLASSES), fd.dice_at_half())
"""Where the families start: the GGNN and the SqueezeNet-like CNN at ln 4, CBOW at ln 40; the soft Dice loss at that of
p = 0.5 at every pixel (~0.77), not ln C."""


# ggnn: a gated graph neural network naming the colour with the most edge endpoints of a 10-node graph, cross-entropy (1.39
# at step 1, ln 4); works at Adam 3e-3-0.01

@case("ggnn-adam-lr-1-log2", "ggnn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ggnn_family("adam", 1.0, log_every=2)


@case("ggnn-sgdm-lr-100-1000x", "ggnn", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ggnn_family("sgdm", 100.0)


@case("ggnn-adamw-warmup-cosine-peak-1", "ggnn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ggnn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("ggnn-adam-exponential-gamma-1p02", "ggnn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ggnn_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("ggnn-adam-lr-3e-5-100x-low", "ggnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ggnn_family("adam", 3e-5)


@case("ggnn-nadam-lr-3e-5-100x-low-log4", "ggnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ggnn_family("nadam", 3e-5, log_every=4)


@case("ggnn-adam-head-x1000", "ggnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GatedGraphNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GGNN0, "ln 4"))
def _() -> Setup:
    return ggnn_family("adam", 3e-3, model=lambda: scaled_head(fd.GatedGraphNet(), 1000))


@case("ggnn-adam-fc-dead-at-init", "ggnn", "dead-units",
      cf=lambda s: replace(s, model=fd.GatedGraphNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return ggnn_family("adam", 3e-3, model=lambda: fd.GatedGraphNet(dead_bias=-30.0), track_zero_grads=True)


@case("ggnn-adam-multistep-x0p1-at-5pct", "ggnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return ggnn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("ggnn-adam-missing-colour-nan", "ggnn", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the graphs with a missing (NaN) colour value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return ggnn_family("adam", 3e-3, data=fd.ggnn_graphs(nan_rows=0.003))


@case("ggnn-adam-lr-0p01-recreated-every-4-steps", "ggnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return ggnn_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# cbow: word2vec CBOW predicting the centre word of a window from the 2 words each side, a full softmax over 40 words,
# cross-entropy (3.69 at step 1, ln 40); works at Adam 3e-3-0.01, SGDm 0.1


@case("cbow-adam-lr-1", "cbow", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cbow_family("adam", 1.0)


@case("cbow-sgdm-lr-100-1000x", "cbow", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cbow_family("sgdm", 100.0)


@case("cbow-adamw-warmup-cosine-peak-1", "cbow", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cbow_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("cbow-rmsprop-exponential-gamma-1p02", "cbow", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cbow_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("cbow-adam-lr-1e-4-100x-low", "cbow", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cbow_family("adam", 1e-4)


@case("cbow-rmsprop-lr-3e-5-100x-low-log2", "cbow", "lr-low-rmsprop", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cbow_family("rmsprop", 3e-5, log_every=2)


@case("cbow-sgdm-summed-ce", "cbow", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, CBOW0, "ln 40"))
def _() -> Setup:
    return cbow_family("sgdm", 0.1, loss_fn=fd.cbow_ce_summed, loss_name="cross_entropy summed over the batch's windows (reduction='sum')",
                          val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("cbow-adam-head-x1000", "cbow", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CBOWModel), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CBOW0, "ln 40"))
def _() -> Setup:
    return cbow_family("adam", 0.01, model=lambda: scaled_head(fd.CBOWModel(), 1000))


@case("cbow-adam-fc-dead-at-init", "cbow", "dead-units",
      cf=lambda s: replace(s, model=fd.CBOWModel), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return cbow_family("adam", 0.01, model=lambda: fd.CBOWModel(dead_bias=-30.0), track_zero_grads=True)


@case("cbow-adam-exponential-1000x-in-40-steps", "cbow", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return cbow_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("cbow-adam-256-windows-overfits", "cbow", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return cbow_family("adam", 0.01, steps=600, eval_every=30, data=fd.cbow_windows(train_rows=256))


# squeezenet: a SqueezeNet-like CNN (two fire modules, global average pooling) counting the dots (1-4) in 12 x 12 images,
# cross-entropy (1.39 at step 1, ln 4); works at Adam 3e-3-0.01


@case("squeezenet-adam-lr-1-log4", "squeezenet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return squeezenet_family("adam", 1.0, log_every=4)


@case("squeezenet-adamw-warmup-cosine-peak-1", "squeezenet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return squeezenet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("squeezenet-adam-lr-3e-5-100x-low", "squeezenet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return squeezenet_family("adam", 3e-5)


@case("squeezenet-radam-lr-3e-5-100x-low-log3", "squeezenet", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return squeezenet_family("radam", 3e-5, log_every=3)


@case("squeezenet-adam-head-x1000", "squeezenet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SqueezeNetLike), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SQUEEZENET0, "ln 4"))
def _() -> Setup:
    return squeezenet_family("adam", 3e-3, model=lambda: scaled_head(fd.SqueezeNetLike(), 1000))


@case("squeezenet-adam-fc-dead-at-init", "squeezenet", "dead-units",
      cf=lambda s: replace(s, model=fd.SqueezeNetLike), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return squeezenet_family("adam", 3e-3, model=lambda: fd.SqueezeNetLike(dead_bias=-30.0), track_zero_grads=True)


@case("squeezenet-adam-multistep-x0p1-at-5pct", "squeezenet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return squeezenet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("squeezenet-adam-missing-pixel-nan", "squeezenet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return squeezenet_family("adam", 3e-3, data=fd.squeezenet_dots(nan_rows=0.003))


@case("squeezenet-adam-lr-0p01-recreated-every-4-steps", "squeezenet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return squeezenet_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("squeezenet-adam-lr-0p03-no-warmup", "squeezenet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return squeezenet_family("adam", 0.03)


# dice: a small CNN segmenting 1-3 noisy discs in 16 x 16 images, the soft Dice loss (0.77 at step 1, that of p = 0.5 at
# every pixel; its floor ~0.12); works at Adam 3e-3-0.01, SGDm 0.1


@case("dice-adam-lr-1-log2", "dice", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dice_family("adam", 1.0, log_every=2)


@case("dice-sgdm-lr-100-1000x", "dice", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dice_family("sgdm", 100.0)


@case("dice-nadam-cyclic-peak-1", "dice", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dice_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("dice-adam-lr-3e-5-100x-low", "dice", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dice_family("adam", 3e-5)


@case("dice-sgdm-summed", "dice", "summed",
      cf=lambda s: replace(s, loss_fn=fd.dice_loss, loss_name="soft Dice loss (mean over the images)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DICE0, "the soft Dice loss of p = 0.5"))
def _() -> Setup:
    return dice_family("sgdm", 0.1, loss_fn=fd.dice_summed, loss_name="soft Dice loss summed over the batch's images",
                          val_loss_fn=fd.dice_loss, mean_loss_fn=fd.dice_loss)  # fmt: skip


@case("squeezenet-sgdm-summed-ce", "squeezenet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SQUEEZENET0, "ln 4"))
def _() -> Setup:
    return squeezenet_family("sgdm", 0.1, loss_fn=fd.squeezenet_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                             val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("dice-adam-fc-dead-at-init", "dice", "dead-units",
      cf=lambda s: replace(s, model=fd.DiceSegNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dice_family("adam", 3e-3, model=lambda: fd.DiceSegNet(dead_bias=-30.0), track_zero_grads=True)


@case("dice-adam-exponential-1000x-in-40-steps", "dice", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return dice_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("dice-adam-missing-pixel-nan", "dice", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return dice_family("adam", 3e-3, data=fd.dice_blobs(nan_rows=0.003))


# fresh41 half: healthy look-alikes


@case("dice-adam-warmup-cosine", "dice", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return dice_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("squeezenet-adam-cosine-log2", "squeezenet", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.SQUEEZENET_CLASSES, fall=0.7))
def _() -> Setup:
    return squeezenet_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("cbow-adam-cosine", "cbow", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.CBOW_VOCAB, fall=0.75))
def _() -> Setup:
    return cbow_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dice-adagrad-cosine-log20", "dice", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return dice_family("adagrad", 0.1, log_every=20, schedule=cosine_after(0.0), schedule_name="cosine")


@case("squeezenet-nadam-sgdr-log4", "squeezenet", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fd.SQUEEZENET_CLASSES, fall=0.7))
def _() -> Setup:
    return squeezenet_family("nadam", 3e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("cbow-radam-step-decay-log3", "cbow", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.CBOW_VOCAB, fall=0.75))
def _() -> Setup:
    return cbow_family("radam", 0.03, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("cbow-sgdm-cyclic-triangular2", "cbow", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape(fd.CBOW_VOCAB, fall=0.75))
def _() -> Setup:
    return cbow_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("dice-sgdm-one-cycle", "dice", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return dice_family("sgdm", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("squeezenet-adamw-warmup-linear-avg10", "squeezenet", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.SQUEEZENET_CLASSES, fall=0.7))
def _() -> Setup:
    return squeezenet_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                           schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("dice-adam-resumed-with-state", "dice", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return dice_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("ggnn-adam-resumed-with-state", "ggnn", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.GGNN_COLOURS))
def _() -> Setup:
    return ggnn_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("squeezenet-rmsprop-constant-log5", "squeezenet", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.SQUEEZENET_CLASSES, fall=0.7))
def _() -> Setup:
    return squeezenet_family("rmsprop", 1e-3, log_every=5)


@case("ggnn-adam-constant-log5", "ggnn", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.GGNN_COLOURS))
def _() -> Setup:
    return ggnn_family("adam", 3e-3, log_every=5)


# fresh41 half, logged once per epoch


@case("cbow-adam-256-windows-overfits-per-epoch", "cbow", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return cbow_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.cbow_windows(train_rows=256, batch_size=64))


@case("squeezenet-adam-lr-1-per-epoch", "squeezenet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return squeezenet_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.squeezenet_dots(n=2944, batch_size=64))


@case("ggnn-adam-lr-1-per-epoch", "ggnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return ggnn_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.ggnn_graphs(n=5888, batch_size=128))


@case("squeezenet-adam-cosine-per-epoch", "squeezenet", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.SQUEEZENET_CLASSES, fall=0.7))
def _() -> Setup:
    return squeezenet_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.squeezenet_dots(n=2944, batch_size=64),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("dice-adam-cosine-per-epoch", "dice", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dice_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.dice_blobs(n=2944, batch_size=64),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("cbow-adam-cosine-per-epoch", "cbow", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.CBOW_VOCAB, fall=0.75))
def _() -> Setup:
    return cbow_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.cbow_windows(n=5888, batch_size=128),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("ggnn-adam-cosine-per-epoch", "ggnn", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.GGNN_COLOURS))
def _() -> Setup:
    return ggnn_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.ggnn_graphs(n=5888, batch_size=128),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
