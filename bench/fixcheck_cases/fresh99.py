"""The one hundred and first fresh half (fresh99, held out from all tuning):
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
    LN, Setup, cosine_after, cyclic, exponential, exponential_to, linear_decay_after, multistep, one_cycle,
    scaled_head, warm_restarts,
)


def nin_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 glyphs")
    knobs.setdefault("meta", {"model": "Network-in-Network CNN: an mlpconv block 1-16 (a 3x3 conv and two 1x1 convs), 2x2 max pooling to 6x6, an mlpconv block 16-24, global average pooling, a ReLU layer 24-32 and a head",
                              "image_size": fd.NIN_SIZE, "classes": fd.NIN_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.nin_images(), knobs.pop("model", None) or fd.NinNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def janet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 event shapes")
    knobs.setdefault("meta", {"model": "JANET (an LSTM with only a forget gate, chrono-initialised), 2 -> 32 units over 30 steps, the last state through a ReLU layer 32-32 and a head",
                              "steps": fd.JANET_STEPS, "channels": fd.JANET_CHANNELS, "hidden": fd.JANET_HIDDEN,
                              "classes": fd.JANET_CLASSES, "held_out": "cross-entropy on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.janet_series(), knobs.pop("model", None) or fd.JanetNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def gandalf_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the standardised target")
    knobs.setdefault("meta", {"model": "GANDALF: 3 gated feature learning units (a learned softmax feature mask per stage, GRU-like gates over the 8 features), a ReLU layer 8-64, a ReLU layer 64-32 and a head",
                              "features": fd.GANDALF_FEATURES, "stages": fd.GANDALF_STAGES,
                              "held_out": "mse on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gandalf_rows(), knobs.pop("model", None) or fd.GandalfNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def hypsecant_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.hypsecant_nll)
    knobs.setdefault("loss_name", "hyperbolic secant negative log-likelihood per row (location, log scale)")
    knobs.setdefault("meta", {"model": "ReLU MLP 5-64-64, a ReLU layer 64-32, a head to the location and the log scale (clamped to +-6) of a hyperbolic secant law",
                              "features": fd.HYPSECANT_FEATURES,
                              "held_out": "the NLL on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.hypsecant_rows(), knobs.pop("model", None) or fd.HypsecantMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


NIN0, JANET0 = LN(fd.NIN_CLASSES), LN(fd.JANET_CLASSES)
GANDALF0, HYPSECANT0 = 1.0, fd.hypsecant_at_zero()
"""Where the families start: the NiN CNN at ln 4, the JANET at ln 5, GANDALF near the variance of its standardised
target (1), the hyperbolic secant MLP at the NLL of raw outputs of 0 (mu 0, sigma 1)."""


# nin: a Network-in-Network CNN (mlpconv blocks: a 3x3 conv and two 1x1 convs, 2x2 max pooling between them, global
# average pooling, a ReLU layer and a head) naming the kind of a 3x3 glyph (a plus, a cross, a ring, two bars) in noisy
# 12x12 images with a distractor, 5% random labels held out too, cross-entropy over 4 (1.41 at step 1, ln 4, often
# stuck near ln 4 for its first ~100 steps, ending near 0.52-0.90 held out); works at Adam 0.01 (0.77-0.90 constant,
# 0.83 under a cosine or step decay), Adam 0.03 after a 10% warmup + cosine (0.75); slow at Adam 1e-3 (0.96-0.98);
# stuck at chance (1.39-3.0) at Adam 1, RMSprop 0.3, after a warmup + cosine to a peak of 1, NAdam 0.01 at some seeds,
# with a dead fc; 9-16 with an lr growing x1.02 a step from 0.01; its head initialised 1000x is no fault here (0.52-0.58
# at Adam 3e-3-0.01: the large head speeds it up), so its last-layer-init case went to gandalf (a 400-step run: 4-6 s)

@case("nin-adam-lr-1", "nin", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return nin_family("adam", 1.0)


@case("nin-rmsprop-lr-0p3-300x-log2", "nin", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return nin_family("rmsprop", 0.3, log_every=2)


@case("nin-adamw-warmup-cosine-peak-1", "nin", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nin_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("nin-adam-exponential-gamma-1p02", "nin", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nin_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("nin-adam-lr-1e-3-10x-low-log3", "nin", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nin_family("adam", 1e-3, log_every=3)


@case("nin-adam-missing-pixel-nan", "nin", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return nin_family("adam", 0.01, data=fd.nin_images(nan_rows=0.005))


@case("nin-adam-fc-dead-at-init", "nin", "dead-units",
      cf=lambda s: replace(s, model=fd.NinNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return nin_family("adam", 0.01, model=lambda: fd.NinNet(dead_bias=-30.0), track_zero_grads=True)


# janet: a JANET (an LSTM with only its forget gate, chrono-initialised; 32 units over 30 steps, the last state through
# a ReLU layer and a head) naming the shape of an early 6-step event (ramps, a bump, a dip, an oscillation) in noisy
# 2-channel series, 5% random labels held out too, cross-entropy over 5 (1.58-1.60 at step 1, ln 5, ending near
# 0.55-0.78 held out); works at Adam 0.01 (0.64-0.68 constant), Adam 0.03 under a cosine (0.60), AdamW 0.01 with a
# warmup and step decay (0.62), RMSprop 3e-3 (0.73-0.76); slow at Adam 1e-4 (1.24-1.29); 0.77-0.83 after a x0.1 cut of
# Adam 0.01 at step 20; Adam 0.03 recreated every 2 steps 1.24-1.25; at chance (1.61-1.75) at Adam 1, RMSprop 0.3,
# after a warmup + cosine to a peak of 1, with its head initialised 1000x or a dead fc; 12-13 with an lr growing x1.02
# a step from 0.01; 200 training series overfit (0.94 at step 30, 2.1-2.4 at the end) (a 400-step run: 4-8 s)

@case("janet-adam-lr-1-log2", "janet", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return janet_family("adam", 1.0, log_every=2)


@case("janet-rmsprop-lr-0p3-100x", "janet", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return janet_family("rmsprop", 0.3)


@case("janet-nadam-warmup-cosine-peak-1", "janet", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return janet_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("janet-adam-exponential-gamma-1p02", "janet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return janet_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("janet-adam-lr-1e-4-100x-low-log2", "janet", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return janet_family("adam", 1e-4, log_every=2)


@case("janet-adam-head-x1000-log2", "janet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.JanetNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, JANET0, "ln 5"))
def _() -> Setup:
    return janet_family("adam", 0.01, log_every=2, model=lambda: scaled_head(fd.JanetNet(), 1000))


@case("janet-adam-multistep-x0p1-at-5pct", "janet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return janet_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("janet-adam-missing-value-nan", "janet", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return janet_family("adam", 0.01, data=fd.janet_series(nan_rows=0.005))


@case("janet-adam-fc-dead-at-init", "janet", "dead-units",
      cf=lambda s: replace(s, model=fd.JanetNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return janet_family("adam", 0.01, model=lambda: fd.JanetNet(dead_bias=-30.0), track_zero_grads=True)


@case("janet-adam-lr-0p03-recreated-every-2-steps", "janet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return janet_family("adam", 0.03, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("janet-adam-200-series-overfit", "janet", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return janet_family("adam", 0.01, steps=600, eval_every=30, data=fd.janet_series(train_rows=200))


# gandalf: GANDALF (3 gated feature learning units: a learned softmax feature mask per stage, GRU-like gates over the 8
# features; a ReLU layer 8-64, a ReLU layer 64-32 and a head) regressing a standardised target with feature
# interactions, MSE (1.34 at step 1, ending near 0.07-0.14 held out); works at Adam 0.01 (0.076-0.086), Adam 0.03
# under a cosine (0.077-0.079), NAdam 0.01 with step decay (0.077), Adagrad 0.1 (0.070-0.10; on plateau 0.070), SGDm
# 0.1 one-cycle (0.092), RAdam 0.1 with warmup + cosine (0.071), SGDm 0.01 (0.13-0.14), RMSprop 0.03 after a 60-step
# warmup (0.13-0.19); slow at Adam and NAdam 1e-4 (0.96-0.98), SGDm 1e-3 (1.02-1.06); 0.33-0.37 after a x0.1 cut of
# Adam 3e-3 at step 20, 0.99-1.0 after a x0.001 decay in 40 steps; 0.28-0.34 at RMSprop 0.03 without a warmup; 1.09
# at Adam 1 and after a warmup + cosine to a peak of 1, 5e6 at Adagrad 10; 0.45-0.78 with its head initialised 1000x;
# summed over the batch (x64) 1.1-1.3 at SGDm 0.01, NaN at SGD 0.1; 256 training rows overfit (0.24 at epoch 25, 0.30
# at the end) (a 400-step run: 1-2 s)

@case("gandalf-adam-lr-1", "gandalf", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gandalf_family("adam", 1.0)


@case("gandalf-adagrad-lr-10-100x-log2", "gandalf", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gandalf_family("adagrad", 10.0, log_every=2)


@case("gandalf-adamw-warmup-cosine-peak-1", "gandalf", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gandalf_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("gandalf-adam-lr-1e-4-100x-low", "gandalf", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gandalf_family("adam", 1e-4)


@case("gandalf-nadam-lr-1e-4-100x-low-log3", "gandalf", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gandalf_family("nadam", 1e-4, log_every=3)


@case("gandalf-sgdm-lr-1e-3-10x-low", "gandalf", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gandalf_family("sgdm", 1e-3)


@case("gandalf-rmsprop-lr-0p03-no-warmup-log2", "gandalf", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return gandalf_family("rmsprop", 0.03, log_every=2)


@case("gandalf-sgdm-summed-mse", "gandalf", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GANDALF0, "the target's variance"))
def _() -> Setup:
    return gandalf_family("sgdm", 0.01, loss_fn=fd.gandalf_mse_summed,
                          loss_name="squared error summed over the batch's rows (reduction='sum')",
                          val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)


@case("gandalf-sgd-summed-mse-log2", "gandalf", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GANDALF0, "the target's variance"))
def _() -> Setup:
    return gandalf_family("sgd", 0.1, log_every=2, loss_fn=fd.gandalf_mse_summed,
                          loss_name="squared error summed over the batch's rows (reduction='sum')",
                          val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)


@case("gandalf-adam-head-x1000", "gandalf", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GandalfNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GANDALF0, "the target's variance"))
def _() -> Setup:
    return gandalf_family("adam", 0.01, model=lambda: scaled_head(fd.GandalfNet(), 1000))


@case("gandalf-adam-multistep-x0p1-at-5pct", "gandalf", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return gandalf_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("gandalf-adam-exponential-1000x-in-40-steps-log2", "gandalf", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return gandalf_family("adam", 0.01, log_every=2, schedule=exponential_to(1e-3, 0.1),
                          schedule_name="ExponentialLR per batch, x0.001 by step 40")


# hypsecant: a ReLU MLP (5-64-64, a ReLU layer and a head) of the location and the log scale of a hyperbolic secant law
# of a target whose location and scale depend on the features, the negative log-likelihood per row (1.67 at step 1,
# 1.56 for raw outputs of 0, ending near 0.75-0.84 held out); works at Adam 3e-3 (0.78-0.80; 0.76-0.78 under a cosine,
# warm restarts or a warmup + linear decay), RMSprop 3e-3 with step decay (0.77), SGDm 0.01 (0.81), Nesterov 0.01 and
# SGD 0.1 under a cosine (0.82-0.84), RMSprop 0.05 after a 60-step warmup (0.93-1.09); slow at Adam 3e-5 (1.51-1.54);
# 1.49-1.53 after a x0.001 decay in 40 steps; 6.7 (the log scale at its clamp) at Adam 1, SGDm 1, RMSprop 0.05 without
# a warmup, with its head initialised 1000x, summed over the batch (x64) at SGDm 0.01 (or NaN) and Nesterov 0.03; 1.58
# under a cyclic lr to a peak of 1; 1.5-1.9 at SGDm 0.3 and SGD 1 (0.76-0.88 clipped at 0.1); a dead fc 1.58 (a
# 400-step run: ~1 s)

@case("hypsecant-adam-lr-1-log2", "hypsecant", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return hypsecant_family("adam", 1.0, log_every=2)


@case("hypsecant-sgdm-lr-1-100x", "hypsecant", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hypsecant_family("sgdm", 1.0)


@case("hypsecant-adam-cyclic-peak-1", "hypsecant", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hypsecant_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("hypsecant-adam-lr-3e-5-100x-low-log2", "hypsecant", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hypsecant_family("adam", 3e-5, log_every=2)


@case("hypsecant-rmsprop-lr-0p05-no-warmup", "hypsecant", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return hypsecant_family("rmsprop", 0.05)


@case("hypsecant-sgdm-summed-nll", "hypsecant", "summed",
      cf=lambda s: replace(s, loss_fn=fd.hypsecant_nll, loss_name="hyperbolic secant NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, HYPSECANT0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return hypsecant_family("sgdm", 0.01, loss_fn=fd.hypsecant_nll_summed,
                            loss_name="hyperbolic secant NLL summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.hypsecant_nll, mean_loss_fn=fd.hypsecant_nll)


@case("hypsecant-nesterov-summed-nll-log2", "hypsecant", "summed",
      cf=lambda s: replace(s, loss_fn=fd.hypsecant_nll, loss_name="hyperbolic secant NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, HYPSECANT0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return hypsecant_family("nesterov", 0.03, log_every=2, loss_fn=fd.hypsecant_nll_summed,
                            loss_name="hyperbolic secant NLL summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.hypsecant_nll, mean_loss_fn=fd.hypsecant_nll)


@case("hypsecant-adam-head-x1000", "hypsecant", "last-layer-init",
      cf=lambda s: replace(s, model=fd.HypsecantMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients", "non-finite-loss"),  # fmt: skip
      tol=20, shape=first_loss_above(10, HYPSECANT0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return hypsecant_family("adam", 3e-3, model=lambda: scaled_head(fd.HypsecantMLP(), 1000))


@case("hypsecant-adam-exponential-1000x-in-40-steps", "hypsecant", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return hypsecant_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                            schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("hypsecant-adam-missing-feature-nan", "hypsecant", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return hypsecant_family("adam", 3e-3, data=fd.hypsecant_rows(nan_rows=0.003))


@case("hypsecant-adam-fc-dead-at-init", "hypsecant", "dead-units",
      cf=lambda s: replace(s, model=fd.HypsecantMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return hypsecant_family("adam", 3e-3, model=lambda: fd.HypsecantMLP(dead_bias=-30.0), track_zero_grads=True)


@case("hypsecant-sgdm-lr-0p3-no-clip", "hypsecant", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return hypsecant_family("sgdm", 0.3)


@case("hypsecant-sgd-lr-1-no-clip-log2", "hypsecant", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return hypsecant_family("sgd", 1.0, log_every=2)


# fresh99 half: healthy look-alikes


@case("nin-adam-cosine-log2", "nin", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.NIN_CLASSES, fall=0.8))
def _() -> Setup:
    return nin_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("nin-adam-warmup-cosine-eval25", "nin", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.NIN_CLASSES, fall=0.8))
def _() -> Setup:
    return nin_family("adam", 0.03, eval_every=25, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine")


@case("nin-adam-step-decay-eval50", "nin", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.NIN_CLASSES, fall=0.8))
def _() -> Setup:
    return nin_family("adam", 0.01, eval_every=50, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("janet-adam-cosine-eval25", "janet", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.JANET_CLASSES, fall=0.7))
def _() -> Setup:
    return janet_family("adam", 0.03, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("janet-adamw-warmup-step-decay-log3", "janet", "healthy", like=("premature-decay", "plateau", "missing-warmup"),
      shape=healthy_shape(fd.JANET_CLASSES, fall=0.7))
def _() -> Setup:
    return janet_family("adamw", 0.01, log_every=3, warmup_steps=20, schedule=multistep(0.6, 0.8, gamma=0.3),
                        schedule_name="20-step linear warmup + MultiStepLR")


@case("janet-adam-resumed-with-state", "janet", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.JANET_CLASSES, fall=0.7))
def _() -> Setup:
    return janet_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                        schedule=cosine_after(0.0), schedule_name="cosine")


@case("gandalf-adam-cosine-log2", "gandalf", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return gandalf_family("adam", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gandalf-nadam-step-decay-log3", "gandalf", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return gandalf_family("nadam", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                          schedule_name="MultiStepLR")


@case("gandalf-adagrad-on-plateau-log4", "gandalf", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return gandalf_family("adagrad", 0.1, log_every=4, schedule=on_plateau(),
                          schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("gandalf-sgdm-one-cycle", "gandalf", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return gandalf_family("sgdm", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("gandalf-radam-warmup-cosine-log4", "gandalf", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return gandalf_family("radam", 0.1, log_every=4, schedule=cosine_after(0.1),
                          schedule_name="linear warmup 10% + cosine")


@case("hypsecant-adam-cosine-eval25", "hypsecant", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return hypsecant_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("hypsecant-rmsprop-step-decay-log3", "hypsecant", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return hypsecant_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                            schedule_name="MultiStepLR")


@case("hypsecant-nesterov-cosine-eval60", "hypsecant", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return hypsecant_family("nesterov", 0.01, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


@case("hypsecant-adamw-warmup-linear-avg10", "hypsecant", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return hypsecant_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                            schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("hypsecant-nadam-sgdr-log5", "hypsecant", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return hypsecant_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                            schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("hypsecant-sgd-cosine-log2", "hypsecant", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return hypsecant_family("sgd", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


# fresh99 half, logged once per epoch


@case("gandalf-adam-256-rows-overfit-per-epoch", "gandalf", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gandalf_family("adam", 0.01, steps=4 * 100, log_per_epoch=True, data=fd.gandalf_rows(train_rows=256))


@case("hypsecant-adam-lr-1-per-epoch", "hypsecant", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return hypsecant_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.hypsecant_rows(n=3200))


@case("gandalf-adam-cosine-per-epoch", "gandalf", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return gandalf_family("adam", 0.03, steps=50 * 8, log_per_epoch=True, data=fd.gandalf_rows(n=3200),
                          schedule=cosine_after(0.0), schedule_name="cosine")


@case("janet-adam-warmup-cosine-per-epoch", "janet", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.JANET_CLASSES, fall=0.7))
def _() -> Setup:
    return janet_family("adam", 0.03, steps=50 * 8, log_per_epoch=True, data=fd.janet_series(n=1600),
                        schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip
