"""The thirty-seventh fresh half (fresh37, held out from all tuning):
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


def hopfield_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 6 pattern classes")
    knobs.setdefault("meta", {"model": "modern Hopfield classifier: 2 softmax updates over 24 learned stored patterns, a ReLU layer, a head",
                              "pattern_bits": fd.HOPFIELD_DIM, "stored_patterns": fd.HOPFIELD_MEMORY,
                              "classes": fd.HOPFIELD_CLASSES, "held_out": "cross-entropy on new corrupted patterns"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.hopfield_patterns(), knobs.pop("model", None) or fd.HopfieldClassifier,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def bytecnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 sources")
    knobs.setdefault("meta", {"model": "byte-level 1-D CNN: byte embeddings, two convolutions, max over time, a ReLU layer, a head",
                              "string_bytes": fd.BYTECNN_LENGTH, "classes": fd.BYTECNN_CLASSES,
                              "held_out": "cross-entropy on new strings"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.bytecnn_strings(), knobs.pop("model", None) or fd.ByteCNN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def condconv_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 6 orientations")
    knobs.setdefault("meta", {"model": "CondConv CNN: two conditionally parameterised convolutions (4 experts), global max pooling, a ReLU layer, a head",
                              "image_size": fd.CONDCONV_SIZE, "experts": fd.CONDCONV_EXPERTS, "classes": fd.CONDCONV_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.condconv_bars(), knobs.pop("model", None) or fd.CondConvNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def logcosh_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.logcosh_loss)
    knobs.setdefault("loss_name", "log-cosh loss of the standardised target (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP regressor, 12-64-64-32-1", "features": fd.LOGCOSH_FEATURES,
                              "held_out": "log-cosh loss on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.logcosh_rows(), knobs.pop("model", None) or fd.LogCoshMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


HOPFIELD0, BYTECNN0, CONDCONV0, LOGCOSH0 = (LN(fd.HOPFIELD_CLASSES), LN(fd.BYTECNN_CLASSES), LN(fd.CONDCONV_CLASSES),
                                            fd.logcosh_at_zero())
"""Where the families start: the Hopfield classifier and the CondConv CNN at ln 6, the byte CNN at ln 5; the MLP's log-cosh
loss at that of a regressor predicting 0 (~0.49), not ln C."""


# hopfield: a modern Hopfield classifier (2 softmax updates over 24 learned stored patterns) naming the class of a corrupted
# binary pattern (6), cross-entropy (1.8 at step 1, ln 6); works at Adam 3e-3-0.01


@case("hopfield-adam-lr-1-log2", "hopfield", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return hopfield_family("adam", 1.0, log_every=2)


@case("hopfield-sgdm-lr-100-1000x", "hopfield", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hopfield_family("sgdm", 100.0)


@case("hopfield-adamw-warmup-cosine-peak-1", "hopfield", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hopfield_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("hopfield-adam-exponential-gamma-1p02", "hopfield", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hopfield_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("hopfield-adam-lr-1e-4-100x-low", "hopfield", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hopfield_family("adam", 1e-4)


@case("hopfield-sgdm-lr-1e-3-100x-low-log4", "hopfield", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hopfield_family("sgdm", 1e-3, log_every=4)


@case("hopfield-sgdm-summed-ce", "hopfield", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, HOPFIELD0, "ln 6"))
def _() -> Setup:
    return hopfield_family("sgdm", 0.1, loss_fn=fd.hopfield_ce_summed, loss_name="cross_entropy summed over the batch's rows (reduction='sum')",
                           val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("hopfield-adam-head-x1000", "hopfield", "last-layer-init",
      cf=lambda s: replace(s, model=fd.HopfieldClassifier), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, HOPFIELD0, "ln 6"))
def _() -> Setup:
    return hopfield_family("adam", 0.01, model=lambda: scaled_head(fd.HopfieldClassifier(), 1000))


@case("hopfield-adam-fc-dead-at-init", "hopfield", "dead-units",
      cf=lambda s: replace(s, model=fd.HopfieldClassifier), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return hopfield_family("adam", 0.01, model=lambda: fd.HopfieldClassifier(dead_bias=-30.0), track_zero_grads=True)


@case("hopfield-adam-multistep-x0p1-at-5pct", "hopfield", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return hopfield_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("hopfield-adam-missing-bit-nan", "hopfield", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) bit dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return hopfield_family("adam", 0.01, data=fd.hopfield_patterns(nan_rows=0.003))


@case("hopfield-adam-lr-0p01-recreated-every-4-steps", "hopfield", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return hopfield_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("hopfield-sgd-lr-3-no-clip", "hopfield", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return hopfield_family("sgd", 3.0)


# bytecnn: a byte-level 1-D CNN naming which of 5 byte-bigram sources wrote a string of 32 bytes, cross-entropy (1.6 at
# step 1, ln 5 = 1.61); works at Adam 3e-3-0.01


@case("bytecnn-adam-lr-1", "bytecnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return bytecnn_family("adam", 1.0)


@case("bytecnn-sgdm-lr-100-1000x", "bytecnn", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bytecnn_family("sgdm", 100.0)


@case("bytecnn-adamw-warmup-cosine-peak-1", "bytecnn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bytecnn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("bytecnn-rmsprop-exponential-gamma-1p02", "bytecnn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bytecnn_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("bytecnn-adam-lr-3e-5-100x-low", "bytecnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return bytecnn_family("adam", 3e-5)


@case("bytecnn-rmsprop-lr-3e-5-100x-low-log2", "bytecnn", "lr-low-rmsprop", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return bytecnn_family("rmsprop", 3e-5, log_every=2)


@case("bytecnn-sgdm-summed-ce", "bytecnn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BYTECNN0, "ln 5"))
def _() -> Setup:
    return bytecnn_family("sgdm", 0.1, loss_fn=fd.bytecnn_ce_summed, loss_name="cross_entropy summed over the batch's strings (reduction='sum')",
                          val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("bytecnn-adam-head-x1000", "bytecnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ByteCNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, BYTECNN0, "ln 5"))
def _() -> Setup:
    return bytecnn_family("adam", 3e-3, model=lambda: scaled_head(fd.ByteCNN(), 1000))


@case("bytecnn-adam-fc-dead-at-init", "bytecnn", "dead-units",
      cf=lambda s: replace(s, model=fd.ByteCNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return bytecnn_family("adam", 3e-3, model=lambda: fd.ByteCNN(dead_bias=-30.0), track_zero_grads=True)


@case("bytecnn-adam-exponential-1000x-in-40-steps", "bytecnn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return bytecnn_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("bytecnn-adam-256-strings-overfits", "bytecnn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return bytecnn_family("adam", 0.01, steps=600, eval_every=30, data=fd.bytecnn_strings(train_rows=256))


@case("bytecnn-adam-lr-0p03-no-warmup", "bytecnn", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return bytecnn_family("adam", 0.03)


# condconv: a CNN of two CondConv layers (4 expert kernels mixed per image) naming the orientation of a bar in 12 x 12
# images (6), cross-entropy (1.79 at step 1, ln 6); works at Adam 1e-3-3e-3


@case("condconv-adam-lr-1-log4", "condconv", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return condconv_family("adam", 1.0, log_every=4)


@case("condconv-adamw-warmup-cosine-peak-1", "condconv", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return condconv_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("condconv-adam-lr-3e-5-100x-low", "condconv", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return condconv_family("adam", 3e-5)


@case("condconv-radam-lr-3e-5-100x-low-log3", "condconv", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return condconv_family("radam", 3e-5, log_every=3)


@case("condconv-adam-head-x1000", "condconv", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CondConvNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CONDCONV0, "ln 6"))
def _() -> Setup:
    return condconv_family("adam", 3e-3, model=lambda: scaled_head(fd.CondConvNet(), 1000))


@case("condconv-adam-fc-dead-at-init", "condconv", "dead-units",
      cf=lambda s: replace(s, model=fd.CondConvNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return condconv_family("adam", 3e-3, model=lambda: fd.CondConvNet(dead_bias=-30.0), track_zero_grads=True)


@case("condconv-adam-multistep-x0p1-at-5pct", "condconv", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return condconv_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("condconv-adam-missing-pixel-nan", "condconv", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return condconv_family("adam", 3e-3, data=fd.condconv_bars(nan_rows=0.003))


@case("condconv-adam-lr-0p01-recreated-every-4-steps", "condconv", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return condconv_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("condconv-adam-lr-0p05-no-warmup", "condconv", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return condconv_family("adam", 0.05)


@case("condconv-sgd-lr-1-no-clip", "condconv", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return condconv_family("sgd", 1.0)


# logcosh: a ReLU MLP regressing a smooth function of 12 features under heavy-tailed noise, the log-cosh loss (~0.49 at
# step 1, its floor ~0.19); works at Adam 1e-3-0.01


@case("logcosh-adam-lr-1-log2", "logcosh", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return logcosh_family("adam", 1.0, log_every=2)


@case("logcosh-sgdm-lr-100-1000x", "logcosh", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return logcosh_family("sgdm", 100.0)


@case("logcosh-nadam-cyclic-peak-1", "logcosh", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return logcosh_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("logcosh-adam-lr-3e-5-100x-low", "logcosh", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return logcosh_family("adam", 3e-5)


@case("logcosh-sgdm-summed", "logcosh", "summed",
      cf=lambda s: replace(s, loss_fn=fd.logcosh_loss, loss_name="log-cosh loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, LOGCOSH0, "the log-cosh loss of predicting 0"))
def _() -> Setup:
    return logcosh_family("sgdm", 0.1, loss_fn=fd.logcosh_summed, loss_name="log-cosh loss summed over the batch's rows",
                          val_loss_fn=fd.logcosh_loss, mean_loss_fn=fd.logcosh_loss)  # fmt: skip


@case("logcosh-adam-head-x300", "logcosh", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LogCoshMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LOGCOSH0, "the log-cosh loss of predicting 0"))
def _() -> Setup:
    return logcosh_family("adam", 3e-3, model=lambda: scaled_head(fd.LogCoshMLP(), 300))


@case("logcosh-adam-fc-dead-at-init", "logcosh", "dead-units",
      cf=lambda s: replace(s, model=fd.LogCoshMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return logcosh_family("adam", 3e-3, model=lambda: fd.LogCoshMLP(dead_bias=-30.0), track_zero_grads=True)


@case("logcosh-adam-exponential-1000x-in-40-steps", "logcosh", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return logcosh_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("logcosh-adam-missing-feature-nan", "logcosh", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return logcosh_family("adam", 3e-3, data=fd.logcosh_rows(nan_rows=0.003))


@case("logcosh-adam-lr-3e-3-recreated-every-4-steps", "logcosh", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return logcosh_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# fresh37 half: healthy look-alikes


@case("logcosh-adam-warmup-cosine", "logcosh", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return logcosh_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("condconv-adam-cosine-log2", "condconv", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.CONDCONV_CLASSES))
def _() -> Setup:
    return condconv_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("bytecnn-adam-cosine", "bytecnn", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.BYTECNN_CLASSES))
def _() -> Setup:
    return bytecnn_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("logcosh-adagrad-cosine-log20", "logcosh", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return logcosh_family("adagrad", 0.1, log_every=20, schedule=cosine_after(0.0), schedule_name="cosine")


@case("condconv-nadam-sgdr-log4", "condconv", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fd.CONDCONV_CLASSES))
def _() -> Setup:
    return condconv_family("nadam", 3e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("bytecnn-radam-step-decay-log3", "bytecnn", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.BYTECNN_CLASSES))
def _() -> Setup:
    return bytecnn_family("radam", 0.03, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("hopfield-adagrad-step-decay", "hopfield", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.HOPFIELD_CLASSES))
def _() -> Setup:
    return hopfield_family("adagrad", 0.1, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("bytecnn-sgdm-cyclic-triangular2", "bytecnn", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape(fd.BYTECNN_CLASSES))
def _() -> Setup:
    return bytecnn_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("logcosh-sgdm-one-cycle", "logcosh", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return logcosh_family("sgdm", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("hopfield-nesterov-one-cycle", "hopfield", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.HOPFIELD_CLASSES))
def _() -> Setup:
    return hopfield_family("sgdm", 0.1, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("condconv-adamw-warmup-linear-avg10", "condconv", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.CONDCONV_CLASSES))
def _() -> Setup:
    return condconv_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                           schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("logcosh-adam-resumed-with-state", "logcosh", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return logcosh_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("hopfield-adam-resumed-with-state", "hopfield", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.HOPFIELD_CLASSES))
def _() -> Setup:
    return hopfield_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("condconv-rmsprop-constant-log5", "condconv", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.CONDCONV_CLASSES))
def _() -> Setup:
    return condconv_family("rmsprop", 1e-3, log_every=5)


@case("hopfield-adam-constant-log5", "hopfield", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.HOPFIELD_CLASSES))
def _() -> Setup:
    return hopfield_family("adam", 0.01, log_every=5)


# fresh37 half, logged once per epoch


@case("bytecnn-adam-256-strings-overfits-per-epoch", "bytecnn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return bytecnn_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.bytecnn_strings(train_rows=256, batch_size=64))


@case("condconv-adam-lr-1-per-epoch", "condconv", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return condconv_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.condconv_bars(n=2944, batch_size=64))


@case("hopfield-adam-lr-1-per-epoch", "hopfield", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return hopfield_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.hopfield_patterns(n=5888, batch_size=128))


@case("condconv-adam-cosine-per-epoch", "condconv", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.CONDCONV_CLASSES))
def _() -> Setup:
    return condconv_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.condconv_bars(n=2944, batch_size=64),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("logcosh-adam-cosine-per-epoch", "logcosh", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return logcosh_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.logcosh_rows(n=2944),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("bytecnn-adam-cosine-per-epoch", "bytecnn", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.BYTECNN_CLASSES))
def _() -> Setup:
    return bytecnn_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.bytecnn_strings(n=5888, batch_size=128),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("hopfield-adam-cosine-per-epoch", "hopfield", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.HOPFIELD_CLASSES))
def _() -> Setup:
    return hopfield_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.hopfield_patterns(n=5888, batch_size=128),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
