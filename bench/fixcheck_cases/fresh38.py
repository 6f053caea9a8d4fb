"""The thirty-eighth fresh half (fresh38, held out from all tuning):
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


def crossnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.crossnet_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the clicks (mean)")
    knobs.setdefault("meta", {"model": "Deep & Cross network (DCN-v1): 3 cross layers beside a deep ReLU layer, a ReLU layer, a head",
                              "features": fd.CROSSNET_FEATURES, "cross_layers": fd.CROSSNET_LAYERS,
                              "held_out": "binary cross-entropy on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.crossnet_clicks(), knobs.pop("model", None) or fd.CrossDeepNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def ngram_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 12 next tokens")
    knobs.setdefault("meta", {"model": "feed-forward n-gram LM (Bengio et al.): token embeddings of 3 context tokens, a tanh layer, a ReLU layer, a head",
                              "context": fd.NGRAM_CONTEXT, "vocab_size": fd.NGRAM_VOCAB,
                              "held_out": "cross-entropy on a new stream"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.ngram_windows(), knobs.pop("model", None) or fd.NeuralNgramLM,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def resnext_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 shapes")
    knobs.setdefault("meta", {"model": "ResNeXt-like CNN: a stem, two bottleneck blocks of grouped convolutions, global average pooling, a ReLU layer, a head",
                              "image_size": fd.RESNEXT_SIZE, "cardinality": fd.RESNEXT_CARDINALITY, "classes": fd.RESNEXT_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.resnext_shapes(), knobs.pop("model", None) or fd.TinyResNeXt,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def monotone_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.monotone_mse)
    knobs.setdefault("loss_name", "squared error of the standardised target (mean)")
    knobs.setdefault("meta", {"model": "monotone MLP regressor (positive weights), 6-32-32-32-1", "features": fd.MONOTONE_FEATURES,
                              "held_out": "squared error on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.monotone_rows(), knobs.pop("model", None) or fd.MonotoneMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


CROSSNET0, NGRAM0, RESNEXT0, MONOTONE0 = LN(2), LN(fd.NGRAM_VOCAB), LN(fd.RESNEXT_CLASSES), fd.monotone_at_zero()
"""Where the families start: the Deep & Cross network's binary cross-entropy at ln 2, the n-gram LM at ln 12, the
ResNeXt-like CNN at ln 5; the monotone MLP's squared error at that of a regressor predicting 0 (~1), not ln C."""


# crossnet: a Deep & Cross network (DCN-v1) predicting clicks from 12 dense features, binary cross-entropy (0.69 at step
# 1, ln 2); works at Adam 1e-3-0.01


@case("crossnet-adam-lr-1-log2", "crossnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return crossnet_family("adam", 1.0, log_every=2)


@case("crossnet-sgdm-lr-100-1000x", "crossnet", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return crossnet_family("sgdm", 100.0)


@case("crossnet-adamw-warmup-cosine-peak-1", "crossnet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return crossnet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("crossnet-adam-exponential-gamma-1p02", "crossnet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return crossnet_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("crossnet-adam-lr-3e-5-100x-low", "crossnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return crossnet_family("adam", 3e-5)


@case("crossnet-sgdm-lr-1e-3-100x-low-log4", "crossnet", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return crossnet_family("sgdm", 1e-3, log_every=4)


@case("crossnet-rmsprop-lr-3e-5-100x-low-log3", "crossnet", "lr-low-rmsprop", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return crossnet_family("rmsprop", 3e-5, log_every=3)

@case("crossnet-sgdm-summed-ce", "crossnet", "summed",
      cf=lambda s: replace(s, loss_fn=fd.crossnet_bce, loss_name="binary_cross_entropy_with_logits (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, CROSSNET0, "ln 2"))
def _() -> Setup:
    return crossnet_family("sgdm", 0.1, loss_fn=fd.crossnet_bce_summed, loss_name="binary_cross_entropy_with_logits summed over the batch's rows (reduction='sum')",
                           val_loss_fn=fd.crossnet_bce, mean_loss_fn=fd.crossnet_bce)  # fmt: skip


@case("crossnet-adam-head-x1000", "crossnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CrossDeepNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CROSSNET0, "ln 2"))
def _() -> Setup:
    return crossnet_family("adam", 3e-3, model=lambda: scaled_head(fd.CrossDeepNet(), 1000))


@case("crossnet-adam-fc-dead-at-init", "crossnet", "dead-units",
      cf=lambda s: replace(s, model=fd.CrossDeepNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return crossnet_family("adam", 3e-3, model=lambda: fd.CrossDeepNet(dead_bias=-30.0), track_zero_grads=True)


@case("crossnet-adam-multistep-x0p1-at-5pct", "crossnet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return crossnet_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("crossnet-adam-missing-feature-nan", "crossnet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return crossnet_family("adam", 3e-3, data=fd.crossnet_clicks(nan_rows=0.003))


@case("crossnet-adam-lr-0p01-recreated-every-4-steps", "crossnet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return crossnet_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("crossnet-sgd-lr-3-no-clip", "crossnet", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return crossnet_family("sgd", 3.0)


# ngram: a feed-forward n-gram LM (Bengio et al.) predicting the next of 12 tokens of a synthetic trigram grammar from
# the 3 before it, cross-entropy (2.5 at step 1, ln 12 = 2.48); works at Adam 3e-3-0.01


@case("ngram-adam-lr-1", "ngram", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ngram_family("adam", 1.0)


@case("ngram-sgdm-lr-100-1000x", "ngram", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ngram_family("sgdm", 100.0)


@case("ngram-adamw-warmup-cosine-peak-1", "ngram", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ngram_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("ngram-rmsprop-exponential-gamma-1p02", "ngram", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ngram_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("ngram-adam-lr-3e-5-100x-low", "ngram", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ngram_family("adam", 3e-5)


@case("ngram-rmsprop-lr-3e-5-100x-low-log2", "ngram", "lr-low-rmsprop", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ngram_family("rmsprop", 3e-5, log_every=2)


@case("ngram-sgdm-summed-ce", "ngram", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, NGRAM0, "ln 12"))
def _() -> Setup:
    return ngram_family("sgdm", 0.1, loss_fn=fd.ngram_ce_summed, loss_name="cross_entropy summed over the batch's windows (reduction='sum')",
                          val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("ngram-adam-head-x1000", "ngram", "last-layer-init",
      cf=lambda s: replace(s, model=fd.NeuralNgramLM), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, NGRAM0, "ln 12"))
def _() -> Setup:
    return ngram_family("adam", 3e-3, model=lambda: scaled_head(fd.NeuralNgramLM(), 1000))


@case("ngram-adam-fc-dead-at-init", "ngram", "dead-units",
      cf=lambda s: replace(s, model=fd.NeuralNgramLM), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return ngram_family("adam", 3e-3, model=lambda: fd.NeuralNgramLM(dead_bias=-30.0), track_zero_grads=True)


@case("ngram-adam-exponential-1000x-in-40-steps", "ngram", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return ngram_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("ngram-adam-256-windows-overfits", "ngram", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return ngram_family("adam", 0.01, steps=600, eval_every=30, data=fd.ngram_windows(train_rows=256))


@case("resnext-adam-lr-1-log4", "resnext", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return resnext_family("adam", 1.0, log_every=4)


@case("resnext-adamw-warmup-cosine-peak-1", "resnext", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return resnext_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("resnext-adam-fc-dead-at-init", "resnext", "dead-units",
      cf=lambda s: replace(s, model=fd.TinyResNeXt), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return resnext_family("adam", 3e-3, model=lambda: fd.TinyResNeXt(dead_bias=-30.0), track_zero_grads=True)


@case("resnext-adam-multistep-x0p1-at-5pct", "resnext", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return resnext_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("resnext-adam-missing-pixel-nan", "resnext", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return resnext_family("adam", 3e-3, data=fd.resnext_shapes(nan_rows=0.003))


@case("resnext-adam-lr-0p01-recreated-every-4-steps", "resnext", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return resnext_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("resnext-adam-lr-0p05-no-warmup", "resnext", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return resnext_family("adam", 0.05)


@case("monotone-adam-lr-1-log2", "monotone", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return monotone_family("adam", 1.0, log_every=2)


@case("monotone-sgdm-lr-10-1000x", "monotone", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return monotone_family("sgdm", 10.0)


@case("monotone-nadam-cyclic-peak-1", "monotone", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return monotone_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("monotone-adam-lr-1e-4-100x-low", "monotone", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return monotone_family("adam", 1e-4)


@case("monotone-rmsprop-lr-1e-4-100x-low-log3", "monotone", "lr-low-rmsprop", cf=lr_to(0.01), cf_what="RMSprop lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return monotone_family("rmsprop", 1e-4, log_every=3)

@case("monotone-sgdm-summed", "monotone", "summed",
      cf=lambda s: replace(s, loss_fn=fd.monotone_mse, loss_name="squared error (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, MONOTONE0, "the squared error of predicting 0"))
def _() -> Setup:
    return monotone_family("sgdm", 0.01, loss_fn=fd.monotone_mse_summed, loss_name="squared error summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.monotone_mse, mean_loss_fn=fd.monotone_mse)  # fmt: skip


@case("monotone-adam-head-x300", "monotone", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MonotoneMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MONOTONE0, "the squared error of predicting 0"))
def _() -> Setup:
    return monotone_family("adam", 0.01, model=lambda: scaled_head(fd.MonotoneMLP(), 300))


@case("monotone-adam-fc-dead-at-init", "monotone", "dead-units",
      cf=lambda s: replace(s, model=fd.MonotoneMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return monotone_family("adam", 0.01, model=lambda: fd.MonotoneMLP(dead_bias=-30.0), track_zero_grads=True)


@case("monotone-adam-exponential-1000x-in-40-steps", "monotone", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return monotone_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("monotone-adam-missing-feature-nan", "monotone", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return monotone_family("adam", 0.01, data=fd.monotone_rows(nan_rows=0.003))


@case("monotone-adam-lr-0p01-recreated-every-4-steps", "monotone", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return monotone_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# fresh38 half: healthy look-alikes


@case("monotone-sgd-lr-0p3-no-clip", "monotone", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return monotone_family("sgd", 0.3)

@case("monotone-adam-warmup-cosine", "monotone", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return monotone_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("resnext-adam-cosine-log2", "resnext", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.RESNEXT_CLASSES))
def _() -> Setup:
    return resnext_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("ngram-adam-cosine", "ngram", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.NGRAM_VOCAB))
def _() -> Setup:
    return ngram_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("monotone-adagrad-cosine-log20", "monotone", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return monotone_family("adagrad", 0.1, log_every=20, schedule=cosine_after(0.0), schedule_name="cosine")


@case("resnext-nadam-sgdr-log4", "resnext", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fd.RESNEXT_CLASSES))
def _() -> Setup:
    return resnext_family("nadam", 3e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("ngram-radam-step-decay-log3", "ngram", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.NGRAM_VOCAB))
def _() -> Setup:
    return ngram_family("radam", 0.03, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("crossnet-adagrad-step-decay", "crossnet", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return crossnet_family("adagrad", 0.1, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("crossnet-sgdm-cyclic-triangular2", "crossnet", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape())
def _() -> Setup:
    return crossnet_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("monotone-sgdm-one-cycle", "monotone", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return monotone_family("sgdm", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("crossnet-nesterov-one-cycle", "crossnet", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape())
def _() -> Setup:
    return crossnet_family("sgdm", 0.1, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("resnext-adamw-warmup-linear-avg10", "resnext", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.RESNEXT_CLASSES))
def _() -> Setup:
    return resnext_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                           schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("monotone-adam-resumed-with-state", "monotone", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return monotone_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("crossnet-adam-resumed-with-state", "crossnet", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return crossnet_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("resnext-rmsprop-constant-log5", "resnext", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.RESNEXT_CLASSES))
def _() -> Setup:
    return resnext_family("rmsprop", 3e-3, log_every=5)


@case("crossnet-adam-constant-log5", "crossnet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return crossnet_family("adam", 3e-3, log_every=5)


# fresh38 half, logged once per epoch


@case("ngram-adam-256-windows-overfits-per-epoch", "ngram", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return ngram_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.ngram_windows(train_rows=256, batch_size=64))


@case("resnext-adam-lr-1-per-epoch", "resnext", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return resnext_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.resnext_shapes(n=2944, batch_size=64))


@case("crossnet-adam-lr-1-per-epoch", "crossnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return crossnet_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.crossnet_clicks(n=5888, batch_size=128))


@case("resnext-adam-cosine-per-epoch", "resnext", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.RESNEXT_CLASSES))
def _() -> Setup:
    return resnext_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.resnext_shapes(n=2944, batch_size=64),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("monotone-adam-cosine-per-epoch", "monotone", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return monotone_family("adam", 0.03, steps=46 * 9, log_per_epoch=True, data=fd.monotone_rows(n=2944),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("ngram-adam-cosine-per-epoch", "ngram", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.NGRAM_VOCAB))
def _() -> Setup:
    return ngram_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.ngram_windows(n=5888, batch_size=128),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("crossnet-adam-cosine-per-epoch", "crossnet", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return crossnet_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.crossnet_clicks(n=5888, batch_size=128),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
