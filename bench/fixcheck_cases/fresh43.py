"""The forty-fifth fresh half (fresh43, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from torch.nn import functional as F

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


def xception_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 6 gratings")
    knobs.setdefault("meta", {"model": "Xception-like CNN: a stem convolution, depthwise-separable convolutions in an entry and a middle block with shortcuts, global average pooling, a ReLU layer, a head",
                              "image_size": fd.XCEPTION_SIZE, "classes": fd.XCEPTION_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.xception_gratings(), knobs.pop("model", None) or fd.XceptionNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def indrnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 periods")
    knobs.setdefault("meta", {"model": "IndRNN: two layers of 32 independently recurrent ReLU units, the last state to a ReLU layer and a head",
                              "sequence_steps": fd.INDRNN_STEPS, "classes": fd.INDRNN_CLASSES,
                              "held_out": "cross-entropy on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.indrnn_sequences(), knobs.pop("model", None) or fd.IndRNNClassifier,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def nalu_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the standardised target")
    knobs.setdefault("meta", {"model": "neural arithmetic logic unit 6-12 (gated additive and multiplicative paths), a ReLU layer 12-32, a head",
                              "features": fd.NALU_FEATURES, "held_out": "mse on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.nalu_rows(), knobs.pop("model", None) or fd.NALUNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def tweedie_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.tweedie_deviance)
    knobs.setdefault("loss_name", "Tweedie deviance (p = 1.5) of the log-mean (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP of the log-mean, 10-64-64-32-1", "features": fd.TWEEDIE_FEATURES,
                              "tweedie_power": fd.TWEEDIE_POWER, "held_out": "Tweedie deviance on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.tweedie_claims(), knobs.pop("model", None) or fd.TweedieMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


XCEPTION0, INDRNN0, NALU0, TWEEDIE0 = (LN(fd.XCEPTION_CLASSES), LN(fd.INDRNN_CLASSES), fd.nalu_at_zero(), fd.tweedie_at_zero())
"""Where the families start: the Xception-like CNN at ln 6, the IndRNN at ln 5; the NALU's squared error at that of a
regressor predicting 0 (~1.0), the Tweedie deviance at that of a log-mean of 0 (~3.3), not ln C."""


# xception: an Xception-like CNN (depthwise-separable convolutions, an entry and a middle block with shortcuts, global
# average pooling) naming a grating's orientation and period in two-channel 12 x 12 images, cross-entropy (1.81 at step 1,
# ln 6 = 1.79); works at Adam 3e-3-0.01


@case("xception-adam-lr-1-log4", "xception", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return xception_family("adam", 1.0, log_every=4)


@case("xception-adamw-warmup-cosine-peak-1", "xception", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return xception_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("xception-adam-lr-3e-5-100x-low", "xception", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return xception_family("adam", 3e-5)


@case("xception-radam-lr-3e-5-100x-low-log3", "xception", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return xception_family("radam", 3e-5, log_every=3)


@case("xception-adam-head-x1000", "xception", "last-layer-init",
      cf=lambda s: replace(s, model=fd.XceptionNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, XCEPTION0, "ln 6"))
def _() -> Setup:
    return xception_family("adam", 3e-3, model=lambda: scaled_head(fd.XceptionNet(), 1000))


@case("xception-adam-multistep-x0p1-at-5pct", "xception", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return xception_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("xception-adam-missing-pixel-nan", "xception", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return xception_family("adam", 3e-3, data=fd.xception_gratings(nan_rows=0.003))


@case("xception-adam-fc-dead-at-init", "xception", "dead-units",
      cf=lambda s: replace(s, model=fd.XceptionNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return xception_family("adam", 3e-3, model=lambda: fd.XceptionNet(dead_bias=-30.0), track_zero_grads=True)


@case("xception-adam-lr-0p01-recreated-every-4-steps", "xception", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return xception_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("xception-adam-lr-0p05-no-warmup", "xception", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return xception_family("adam", 0.05)


# indrnn: an IndRNN (two layers of 32 independently recurrent ReLU units) naming the window of a burst in noisy series of
# 24 steps, cross-entropy (1.88 at step 1, ln 5 = 1.61); works at Adam 3e-3-0.01, RMSprop 1e-3, Adagrad 0.1


@case("indrnn-adam-lr-1", "indrnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return indrnn_family("adam", 1.0)


@case("indrnn-sgdm-lr-30-1000x", "indrnn", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return indrnn_family("sgdm", 30.0)


@case("indrnn-adamw-warmup-cosine-peak-1", "indrnn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return indrnn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("indrnn-adam-exponential-gamma-1p02", "indrnn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return indrnn_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("indrnn-adam-lr-3e-5-100x-low", "indrnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return indrnn_family("adam", 3e-5)


@case("indrnn-rmsprop-lr-1e-5-100x-low-log4", "indrnn", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return indrnn_family("rmsprop", 1e-5, log_every=4)


@case("indrnn-sgdm-summed-ce", "indrnn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, INDRNN0, "ln 5"))
def _() -> Setup:
    return indrnn_family("sgdm", 0.03, loss_fn=fd.indrnn_ce_summed, loss_name="cross_entropy summed over the batch's series (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("indrnn-adam-head-x1000", "indrnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.IndRNNClassifier), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, INDRNN0, "ln 5"))
def _() -> Setup:
    return indrnn_family("adam", 3e-3, model=lambda: scaled_head(fd.IndRNNClassifier(), 1000))


@case("indrnn-adam-multistep-x0p1-at-5pct", "indrnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return indrnn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("indrnn-adam-fc-dead-at-init", "indrnn", "dead-units",
      cf=lambda s: replace(s, model=fd.IndRNNClassifier), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return indrnn_family("adam", 3e-3, model=lambda: fd.IndRNNClassifier(dead_bias=-30.0), track_zero_grads=True)


@case("indrnn-adam-lr-0p01-recreated-every-4-steps", "indrnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return indrnn_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("indrnn-sgd-lr-1-no-clip", "indrnn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return indrnn_family("sgd", 1.0)


# nalu: a neural arithmetic logic unit (gated additive and multiplicative paths) and a ReLU layer regressing x0 x1 + x2 / x3
# - 0.5 x4 of 6 positive features, standardised, MSE (0.85 at step 1; its floor 0.0225, the noise); works at Adam
# 3e-3-0.01, SGDm 0.01-0.03, Adagrad 0.1


@case("nalu-adam-lr-1-log2", "nalu", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return nalu_family("adam", 1.0, log_every=2)


@case("nalu-sgdm-lr-30-1000x", "nalu", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nalu_family("sgdm", 30.0)


@case("nalu-adamw-warmup-cosine-peak-1", "nalu", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nalu_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("nalu-rmsprop-exponential-gamma-1p02", "nalu", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nalu_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("nalu-adam-lr-1e-4-100x-low", "nalu", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nalu_family("adam", 1e-4)


@case("nalu-rmsprop-lr-1e-5-100x-low-log2", "nalu", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nalu_family("rmsprop", 1e-5, log_every=2)


@case("nalu-sgdm-summed-mse", "nalu", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, NALU0, "the mse of predicting 0"))
def _() -> Setup:
    return nalu_family("sgdm", 0.03, loss_fn=fd.nalu_mse_summed, loss_name="squared error summed over the batch's rows (reduction='sum')",
                       val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("nalu-adam-head-x1000", "nalu", "last-layer-init",
      cf=lambda s: replace(s, model=fd.NALUNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, NALU0, "the mse of predicting 0"))
def _() -> Setup:
    return nalu_family("adam", 0.01, model=lambda: scaled_head(fd.NALUNet(), 1000))


@case("nalu-adam-exponential-1000x-in-40-steps", "nalu", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return nalu_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("nalu-adam-missing-feature-nan", "nalu", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return nalu_family("adam", 0.01, data=fd.nalu_rows(nan_rows=0.003))


@case("nalu-adam-fc-dead-at-init", "nalu", "dead-units",
      cf=lambda s: replace(s, model=fd.NALUNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return nalu_family("adam", 0.01, model=lambda: fd.NALUNet(dead_bias=-30.0), track_zero_grads=True)


@case("nalu-sgd-lr-1-no-clip", "nalu", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return nalu_family("sgd", 1.0)


# tweedie: a ReLU MLP of the log-mean of zero-inflated claim amounts (compound Poisson-gamma, about half zeros), the Tweedie
# deviance, p = 1.5 (2.84 at step 1; its floor ~1.0); works at Adam 3e-3-0.01, SGDm 0.01-0.03


@case("tweedie-adam-lr-1-log2", "tweedie", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return tweedie_family("adam", 1.0, log_every=2)


@case("tweedie-sgdm-lr-10-1000x", "tweedie", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tweedie_family("sgdm", 10.0)


@case("tweedie-nadam-cyclic-peak-1", "tweedie", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tweedie_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("tweedie-adam-lr-1e-4-100x-low", "tweedie", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tweedie_family("adam", 1e-4)


@case("tweedie-sgdm-summed", "tweedie", "summed",
      cf=lambda s: replace(s, loss_fn=fd.tweedie_deviance, loss_name="Tweedie deviance (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TWEEDIE0, "the Tweedie deviance of a log-mean of 0"))
def _() -> Setup:
    return tweedie_family("sgdm", 0.01, loss_fn=fd.tweedie_summed, loss_name="Tweedie deviance summed over the batch's rows",
                          val_loss_fn=fd.tweedie_deviance, mean_loss_fn=fd.tweedie_deviance)  # fmt: skip


@case("tweedie-adam-head-x300", "tweedie", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TweedieMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, TWEEDIE0, "the Tweedie deviance of a log-mean of 0"))
def _() -> Setup:
    return tweedie_family("adam", 3e-3, model=lambda: scaled_head(fd.TweedieMLP(), 300))


@case("tweedie-adam-exponential-1000x-in-40-steps", "tweedie", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return tweedie_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("tweedie-adam-missing-feature-nan", "tweedie", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return tweedie_family("adam", 3e-3, data=fd.tweedie_claims(nan_rows=0.003))


@case("tweedie-adam-fc-dead-at-init", "tweedie", "dead-units",
      cf=lambda s: replace(s, model=fd.TweedieMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return tweedie_family("adam", 3e-3, model=lambda: fd.TweedieMLP(dead_bias=-30.0), track_zero_grads=True)


@case("tweedie-adam-256-rows-overfits", "tweedie", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return tweedie_family("adam", 0.01, steps=600, eval_every=30, data=fd.tweedie_claims(train_rows=256))


@case("tweedie-adam-lr-0p05-no-warmup", "tweedie", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return tweedie_family("adam", 0.05)


@case("tweedie-adam-lr-3e-3-recreated-every-4-steps", "tweedie", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return tweedie_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# fresh43 half: healthy look-alikes


@case("tweedie-adam-warmup-cosine", "tweedie", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return tweedie_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("xception-adam-cosine-log2", "xception", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.XCEPTION_CLASSES))
def _() -> Setup:
    return xception_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("indrnn-adam-cosine", "indrnn", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.INDRNN_CLASSES))
def _() -> Setup:
    return indrnn_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("tweedie-adagrad-cosine-log20", "tweedie", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return tweedie_family("adagrad", 0.03, log_every=20, schedule=cosine_after(0.0), schedule_name="cosine")


@case("xception-nadam-sgdr-log4", "xception", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fd.XCEPTION_CLASSES))
def _() -> Setup:
    return xception_family("nadam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("indrnn-radam-step-decay-log3", "indrnn", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.INDRNN_CLASSES))
def _() -> Setup:
    return indrnn_family("radam", 0.03, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("nalu-adagrad-step-decay", "nalu", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return nalu_family("adagrad", 0.1, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("nalu-sgdm-cyclic-triangular2", "nalu", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return nalu_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("tweedie-sgdm-one-cycle", "tweedie", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return tweedie_family("sgdm", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("nalu-nesterov-one-cycle", "nalu", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return nalu_family("nesterov", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("nalu-adamw-warmup-linear-avg10", "nalu", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return nalu_family("adamw", 0.03, log_every=10, average=True, schedule=linear_decay_after(0.05),
                       schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("tweedie-adam-resumed-with-state", "tweedie", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return tweedie_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("indrnn-adam-resumed-with-state", "indrnn", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.INDRNN_CLASSES))
def _() -> Setup:
    return indrnn_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("xception-rmsprop-constant-log5", "xception", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.XCEPTION_CLASSES))
def _() -> Setup:
    return xception_family("rmsprop", 3e-3, log_every=5)


@case("tweedie-adam-constant-log5", "tweedie", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return tweedie_family("adam", 3e-3, log_every=5)


# fresh43 half, logged once per epoch


@case("tweedie-adam-256-rows-overfits-per-epoch", "tweedie", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return tweedie_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.tweedie_claims(train_rows=256, batch_size=64))


@case("xception-adam-lr-1-per-epoch", "xception", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return xception_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.xception_gratings(n=2944, batch_size=64))


@case("indrnn-adam-lr-1-per-epoch", "indrnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return indrnn_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.indrnn_sequences(n=5888, batch_size=128))


@case("xception-adam-cosine-per-epoch", "xception", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.XCEPTION_CLASSES))
def _() -> Setup:
    return xception_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.xception_gratings(n=2944, batch_size=64),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("tweedie-adam-cosine-per-epoch", "tweedie", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return tweedie_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.tweedie_claims(n=2944, batch_size=64),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("indrnn-adam-cosine-per-epoch", "indrnn", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.INDRNN_CLASSES))
def _() -> Setup:
    return indrnn_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.indrnn_sequences(n=5888, batch_size=128),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("nalu-adam-cosine-per-epoch", "nalu", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return nalu_family("adam", 0.03, steps=46 * 9, log_per_epoch=True, data=fd.nalu_rows(n=2944, batch_size=64),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
