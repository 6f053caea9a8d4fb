"""The one hundred and seventh fresh half (fresh105, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

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


def gabor_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 grating periods")
    knobs.setdefault("meta", {"model": "CNN with a learned Gabor filter bank: 8 7x7 Gabor kernels (learned orientation, wavelength, width, phase) at 12x12, their squared responses through a 1x1 conv 8-12, 2x2 max pooling, a 3x3 conv 12-16 at 6x6, global average pooling, a ReLU layer 16-32 and a head",
                              "image_size": fd.GABOR_SIZE, "classes": fd.GABOR_CLASSES, "gabor_filters": fd.GABOR_FILTERS,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gabor_images(), knobs.pop("model", None) or fd.GaborNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def fastgrnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes (trend x pulse half)")
    knobs.setdefault("meta", {"model": "FastGRNN: gate and candidate sharing W and U, h <- (sigmoid(zeta)(1 - z) + sigmoid(nu)) c + z h, 24 units over 20 steps, the last state through a ReLU layer 24-32 and a head",
                              "steps": fd.FASTGRNN_STEPS, "channels": fd.FASTGRNN_CHANNELS, "hidden": fd.FASTGRNN_HIDDEN,
                              "classes": fd.FASTGRNN_CLASSES, "held_out": "cross-entropy on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.fastgrnn_series(), knobs.pop("model", None) or fd.FastgrnnNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def pin_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.pin_bce)
    knobs.setdefault("loss_name", "BCE with logits of the conversion")
    knobs.setdefault("meta", {"model": "product-network-in-network: 6-d embeddings of 6 fields' values, a ReLU micro-network of 4 units per field pair on [e_i, e_j, e_i * e_j], the 60 outputs, the 36 embeddings and 2 dense features through a ReLU layer 98-32 and a head",
                              "fields": fd.PIN_FIELDS, "vocab": fd.PIN_VOCAB, "dim": fd.PIN_DIM, "dense": fd.PIN_DENSE,
                              "micro_units": fd.PIN_MICRO, "held_out": "BCE on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.pin_rows(), knobs.pop("model", None) or fd.PinNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def logseries_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.logseries_nll)
    knobs.setdefault("loss_name", "logarithmic (log-series) negative log-likelihood per row (logit of p)")
    knobs.setdefault("meta", {"model": "MLP 6-64 (ELU) -64 (ELU), a ReLU layer 64-32, a head to the logit of p (clamped to +-8) of a log-series law of counts",
                              "features": fd.LOGSERIES_FEATURES, "held_out": "the NLL on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.logseries_rows(), knobs.pop("model", None) or fd.LogseriesMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


GABOR0, FASTGRNN0 = LN(fd.GABOR_CLASSES), LN(fd.FASTGRNN_CLASSES)
PIN0, LOGSERIES0 = LN(2), fd.logseries_at_zero()
"""Where the families start: the Gabor CNN and the FastGRNN at ln 4, the PIN near ln 2 (a logit near 0), the
log-series MLP at the NLL of raw outputs of 0 (p = 1/2)."""


# gabor: a CNN with a learned Gabor filter bank (8 7x7 Gabor kernels built each forward from a learned orientation,
# wavelength, width and phase, their squared responses through a 1x1 conv 8-12, 2x2 max pooling, a 3x3 conv 12-16,
# global average pooling, a ReLU layer and a head) naming the period (2.2, 3.2, 4.8 or 7.5 pixels) of a windowed
# grating at a random orientation beside a bright blob in noisy 12x12 images, 5% random labels held out too,
# cross-entropy over 4 (1.39-1.41 at step 1, ln 4, ending near 0.61-0.74 held out); works at Adam 0.01 (0.66-0.74;
# 0.65 with step decay), Adam 0.03 after a 10% warmup + cosine (0.62), RMSprop 1e-3 (0.75-0.78); slower at Adam 1e-3
# (0.78-0.85), Adam 3e-3 with step decay (0.73); worse at Adam 0.03 with step decay (0.80-0.90); at chance (1.38-1.49) at
# Adam 1, RMSprop 0.3, after a warmup + cosine to a peak of 1, after a x0.001 decay of Adam 0.01 in 40 steps, with a
# dead fc; 10-12 with an lr growing x1.02 a step from 0.01; SGD(m) 0.1-0.5 does not explode (1.03-1.27, clipped or
# not). A first version's healthy step decay at Adam 0.03 lost to 1/sqrt(10) of its lr (0.66 against 0.80), so it
# sits at 0.01 (a 400-step run: 2-5 s)


@case("gabor-adam-lr-1", "gabor", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gabor_family("adam", 1.0)


@case("gabor-rmsprop-lr-0p3-300x-log2", "gabor", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gabor_family("rmsprop", 0.3, log_every=2)


@case("gabor-adamw-warmup-cosine-peak-1", "gabor", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gabor_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("gabor-adam-exponential-gamma-1p02", "gabor", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gabor_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("gabor-adam-lr-1e-3-10x-low-log3", "gabor", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gabor_family("adam", 1e-3, log_every=3)


@case("gabor-adam-missing-pixel-nan", "gabor", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return gabor_family("adam", 0.01, data=fd.gabor_images(nan_rows=0.005))


@case("gabor-adam-fc-dead-at-init", "gabor", "dead-units",
      cf=lambda s: replace(s, model=fd.GaborNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return gabor_family("adam", 0.01, model=lambda: fd.GaborNet(dead_bias=-30.0), track_zero_grads=True)


@case("gabor-adam-exponential-1000x-in-40-steps-log2", "gabor", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return gabor_family("adam", 0.01, log_every=2, schedule=exponential_to(1e-3, 0.1),
                        schedule_name="ExponentialLR per batch, x0.001 by step 40")


# fastgrnn: a FastGRNN (Kusupati et al.: the gate and the candidate sharing W and U, h <- (sigmoid(zeta)(1 - z) +
# sigmoid(nu)) c + z h, 24 units over 20 steps of 2 channels, the last state through a ReLU layer and a head) naming
# the trend (up or down) of channel 0 and the half holding the wide pulse of channel 1 beside one-step spikes, 5%
# random labels held out too, cross-entropy over 4 (1.22-1.38 at step 1, ln 4, ending near 0.25-0.33 held out); works
# at Adam 0.01 (0.29; 0.29 under a cosine or resumed with its state), Adam 1e-3 (0.32), RMSprop 3e-3 (0.29-0.30),
# RMSprop 0.03 under a cosine (0.28), AdamW 0.03 with a warmup and step decay (0.28); at chance at Adam 1, RMSprop
# 0.3 (0.93-1.40), after a warmup + cosine to a peak of 1, with a dead fc; slow at Adam 1e-4 (1.21-1.25); 0.32-0.33
# after a x0.1 cut of Adam 0.01 at step 20 (0.29 cut at 70%); Adam 0.03 recreated every 2 steps 0.49-0.50 (0.27-0.32
# created once); its head initialised 1000x 0.48-1.14 (57 at step 1); 5-8 with an lr growing x1.02 a step from 0.01;
# 64 training series overfit (0.45 at best, 1.29-1.35 at the end). A first version's exploding runs (SGDm 0.1, SGD
# 0.3, no clipping) were harmless: its gated state stays bounded (0.29-0.30 clipped or not), so they sit in logseries
# (a 400-step run: 2-6 s)


@case("fastgrnn-adam-lr-1-log2", "fastgrnn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return fastgrnn_family("adam", 1.0, log_every=2)


@case("fastgrnn-rmsprop-lr-0p3-100x", "fastgrnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return fastgrnn_family("rmsprop", 0.3)


@case("fastgrnn-nadam-warmup-cosine-peak-1", "fastgrnn", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return fastgrnn_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("fastgrnn-adam-exponential-gamma-1p02", "fastgrnn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return fastgrnn_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("fastgrnn-adam-lr-1e-4-100x-low-log2", "fastgrnn", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return fastgrnn_family("adam", 1e-4, log_every=2)


@case("fastgrnn-adam-head-x1000-log2", "fastgrnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FastgrnnNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, FASTGRNN0, "ln 4"))
def _() -> Setup:
    return fastgrnn_family("adam", 0.01, log_every=2, model=lambda: scaled_head(fd.FastgrnnNet(), 1000))


@case("fastgrnn-adam-lr-3e-3-head-x1000", "fastgrnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FastgrnnNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, FASTGRNN0, "ln 4"))
def _() -> Setup:
    return fastgrnn_family("adam", 3e-3, model=lambda: scaled_head(fd.FastgrnnNet(), 1000))


@case("fastgrnn-adam-multistep-x0p1-at-5pct", "fastgrnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return fastgrnn_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("fastgrnn-adam-missing-value-nan", "fastgrnn", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return fastgrnn_family("adam", 0.01, data=fd.fastgrnn_series(nan_rows=0.005))


@case("fastgrnn-adam-fc-dead-at-init", "fastgrnn", "dead-units",
      cf=lambda s: replace(s, model=fd.FastgrnnNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return fastgrnn_family("adam", 0.01, model=lambda: fd.FastgrnnNet(dead_bias=-30.0), track_zero_grads=True)


@case("fastgrnn-adam-lr-0p03-recreated-every-2-steps", "fastgrnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return fastgrnn_family("adam", 0.03, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("fastgrnn-adam-64-series-overfit", "fastgrnn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return fastgrnn_family("adam", 0.01, steps=600, eval_every=30, data=fd.fastgrnn_series(train_rows=64))


# pin: a product-network-in-network (6-d embeddings of 6 categorical fields, a ReLU micro-network of 4 units per
# field pair on [e_i, e_j, e_i * e_j], the 60 outputs, the 36 embeddings and 2 dense features through a ReLU layer
# and a head) predicting conversions drawn from a logit with second-order crosses of fields, a tanh of a product of
# two fields and a field-dependent slope of a dense feature, BCE with logits (0.69-0.70 at step 1, ending near
# 0.48-0.52 held out); works at Adam 0.01 (0.50-0.51; 0.51 under a cosine, 0.50 under one-cycle at 0.03), NAdam 0.01
# (0.49-0.50, 0.50 with step decay), Adagrad 0.1 (0.50-0.51, 0.50 on plateau), RAdam 0.03 with warmup + cosine
# (0.51), SGDm 0.1-0.3 (0.55-0.57), SGD 1 (0.52-0.54); slow at Adam and NAdam 1e-4 (0.68); 0.70 at Adam 1 and after a
# warmup + cosine to a peak of 1, 212-342 at Adagrad 10; its head initialised 1000x 0.60-0.70 (27 at step 1); summed
# over the batch (x64) NaN or 2.3 at SGDm 0.3 and SGD 1; 0.62 after a x0.01 cut of Adam 0.01 at step 20; 256 training
# rows overfit (0.67 at best, 3.1-3.7 at the end); SGD(m) at 1-5 does not explode (0.59-0.70, clipped or not)
# (a 400-step run: 1-4 s)


@case("pin-adam-lr-1", "pin", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return pin_family("adam", 1.0)


@case("pin-adagrad-lr-10-100x-log2", "pin", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return pin_family("adagrad", 10.0, log_every=2)


@case("pin-adamw-warmup-cosine-peak-1", "pin", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return pin_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("pin-adam-lr-1e-4-100x-low", "pin", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return pin_family("adam", 1e-4)


@case("pin-nadam-lr-1e-4-100x-low-log3", "pin", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return pin_family("nadam", 1e-4, log_every=3)


@case("pin-sgdm-lr-0p3-summed-bce", "pin", "summed",
      cf=lambda s: replace(s, loss_fn=fd.pin_bce, loss_name="BCE with logits (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, PIN0, "ln 2"))
def _() -> Setup:
    return pin_family("sgdm", 0.3, loss_fn=fd.pin_bce_summed,
                          loss_name="BCE with logits summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.pin_bce, mean_loss_fn=fd.pin_bce)


@case("pin-sgd-lr-1-summed-bce-log2", "pin", "summed",
      cf=lambda s: replace(s, loss_fn=fd.pin_bce, loss_name="BCE with logits (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, PIN0, "ln 2"))
def _() -> Setup:
    return pin_family("sgd", 1.0, log_every=2, loss_fn=fd.pin_bce_summed,
                          loss_name="BCE with logits summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.pin_bce, mean_loss_fn=fd.pin_bce)


@case("pin-adam-head-x1000", "pin", "last-layer-init",
      cf=lambda s: replace(s, model=fd.PinNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, PIN0, "ln 2"))
def _() -> Setup:
    return pin_family("adam", 0.01, model=lambda: scaled_head(fd.PinNet(), 1000))


@case("pin-adam-multistep-x0p01-at-5pct", "pin", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.01)), cf_what="the same x0.01 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.011, 25))
def _() -> Setup:
    return pin_family("adam", 0.01, schedule=multistep(0.05, gamma=0.01), schedule_name="MultiStepLR at 5%")


# logseries: an ELU MLP (6-64-64, a ReLU layer and a head) of the logit of p of a logarithmic (log-series) law of
# counts k >= 1 (pmf -p^k / (k ln(1 - p)), a long tail as p nears 1) whose p depends on the features, the negative
# log-likelihood per row, batches of 256 (1.3-1.8 at step 1 near p = 1/2, ending near 0.96-1.05 held out); works at
# Adam 3e-3 (0.97; 0.97-1.02 under a cosine, warm restarts, step decay or a warmup + linear decay), SGDm 0.01
# (1.03-1.05), SGD 1 under a cosine (0.98), RMSprop 0.02-0.03 after a 60-step warmup (0.98-1.04); slow at Adam 1e-4
# (1.22-1.23), SGDm 1e-4 (1.68-1.69); 1.47-1.49 after a x0.001 decay of Adam 3e-3 in 40 steps; 2.4-14 (p at its
# clamp) at Adam 1, SGDm 1, RMSprop 0.02-0.03 without a warmup (1.02 at one seed), summed over the batch (x256) at
# SGDm 0.01 and Nesterov 0.03, a cyclic lr to a peak of 1; SGDm 0.3 and SGD 3 unclipped on batches of 64 2.5-14
# (1.1-1.5 clipped at 1); a dead fc 1.53. A first
# version's data (logit p 0.8 + 1.5 sin ..., batches of 64) left too little to learn and its first batch loss was
# too noisy: its healthy runs fell by under 15%, so the logit spreads wider (3 sin ...) and the batches hold 256 rows
# (the runs logged per epoch keep 64); on batches of 256 SGD 1 and 3 and Nesterov 0.3 unclipped were harmless or
# barely beaten (SGDm 0.3: 0.99 against 0.99 at seed 1), so the exploding runs train on batches of 64; the healthy
# SGD cosine lost to sqrt(10) x its lr at 0.03, so it sits at 1 (a 400-step run: ~1 s)


@case("logseries-adam-lr-1-log2", "logseries", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return logseries_family("adam", 1.0, log_every=2)


@case("logseries-sgdm-lr-1-100x", "logseries", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return logseries_family("sgdm", 1.0)


@case("logseries-adam-cyclic-peak-1", "logseries", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return logseries_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("logseries-adam-lr-1e-4-30x-low-log2", "logseries", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return logseries_family("adam", 1e-4, log_every=2)


@case("logseries-sgdm-lr-1e-4-100x-low", "logseries", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return logseries_family("sgdm", 1e-4)


@case("logseries-rmsprop-lr-0p02-no-warmup", "logseries", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return logseries_family("rmsprop", 0.02)


@case("logseries-rmsprop-lr-0p03-no-warmup-log2", "logseries", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return logseries_family("rmsprop", 0.03, log_every=2)


@case("logseries-sgdm-summed-nll", "logseries", "summed",
      cf=lambda s: replace(s, loss_fn=fd.logseries_nll, loss_name="log-series NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, LOGSERIES0, "the NLL of raw outputs of 0 (p = 1/2)"))
def _() -> Setup:
    return logseries_family("sgdm", 0.01, loss_fn=fd.logseries_nll_summed,
                            loss_name="log-series NLL summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.logseries_nll, mean_loss_fn=fd.logseries_nll)


@case("logseries-nesterov-summed-nll-log2", "logseries", "summed",
      cf=lambda s: replace(s, loss_fn=fd.logseries_nll, loss_name="log-series NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, LOGSERIES0, "the NLL of raw outputs of 0 (p = 1/2)"))
def _() -> Setup:
    return logseries_family("nesterov", 0.03, log_every=2, loss_fn=fd.logseries_nll_summed,
                            loss_name="log-series NLL summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.logseries_nll, mean_loss_fn=fd.logseries_nll)


@case("logseries-adam-exponential-1000x-in-40-steps", "logseries", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return logseries_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                            schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("logseries-adam-missing-feature-nan", "logseries", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return logseries_family("adam", 3e-3, data=fd.logseries_rows(nan_rows=0.003))


@case("logseries-adam-fc-dead-at-init", "logseries", "dead-units",
      cf=lambda s: replace(s, model=fd.LogseriesMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return logseries_family("adam", 3e-3, model=lambda: fd.LogseriesMLP(dead_bias=-30.0), track_zero_grads=True)


@case("logseries-sgdm-lr-0p3-no-clip-batch64", "logseries", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return logseries_family("sgdm", 0.3, data=fd.logseries_rows(batch_size=64))


@case("logseries-sgd-lr-3-no-clip-batch64-log2", "logseries", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return logseries_family("sgd", 3.0, log_every=2, data=fd.logseries_rows(batch_size=64))


# fresh105 half: healthy look-alikes


@case("gabor-adam-warmup-cosine-eval25", "gabor", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.GABOR_CLASSES, fall=0.8))
def _() -> Setup:
    return gabor_family("adam", 0.03, eval_every=25, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine")


@case("gabor-adam-step-decay-eval50", "gabor", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.GABOR_CLASSES, fall=0.8))
def _() -> Setup:
    return gabor_family("adam", 0.01, eval_every=50, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("fastgrnn-rmsprop-cosine-log2", "fastgrnn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.FASTGRNN_CLASSES, fall=0.7))
def _() -> Setup:
    return fastgrnn_family("rmsprop", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("fastgrnn-adam-cosine-eval25", "fastgrnn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.FASTGRNN_CLASSES, fall=0.7))
def _() -> Setup:
    return fastgrnn_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("fastgrnn-adamw-warmup-step-decay-log3", "fastgrnn", "healthy", like=("premature-decay", "plateau", "missing-warmup"),
      shape=healthy_shape(fd.FASTGRNN_CLASSES, fall=0.7))
def _() -> Setup:
    return fastgrnn_family("adamw", 0.03, log_every=3, warmup_steps=20, schedule=multistep(0.6, 0.8, gamma=0.3),
                        schedule_name="20-step linear warmup + MultiStepLR")


@case("fastgrnn-adam-resumed-with-state", "fastgrnn", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.FASTGRNN_CLASSES, fall=0.7))
def _() -> Setup:
    return fastgrnn_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                        schedule=cosine_after(0.0), schedule_name="cosine")


@case("pin-adam-cosine-log2", "pin", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return pin_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("pin-nadam-step-decay-log3", "pin", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return pin_family("nadam", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                          schedule_name="MultiStepLR")


@case("pin-adagrad-on-plateau-log4", "pin", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return pin_family("adagrad", 0.1, log_every=4, schedule=on_plateau(),
                          schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("pin-adam-one-cycle", "pin", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return pin_family("adam", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("pin-radam-warmup-cosine-log4", "pin", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return pin_family("radam", 0.03, log_every=4, schedule=cosine_after(0.1),
                          schedule_name="linear warmup 10% + cosine")


@case("logseries-adam-cosine-eval25", "logseries", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return logseries_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("logseries-rmsprop-step-decay-log3", "logseries", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return logseries_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                            schedule_name="MultiStepLR")


@case("logseries-nesterov-cosine-eval60", "logseries", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return logseries_family("nesterov", 0.03, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


@case("logseries-adamw-warmup-linear-avg10", "logseries", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return logseries_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                            schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("logseries-nadam-sgdr-log5", "logseries", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return logseries_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                            schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("logseries-sgd-cosine-log2", "logseries", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return logseries_family("sgd", 1.0, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


# fresh105 half, logged once per epoch


@case("pin-adam-256-rows-overfit-per-epoch", "pin", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return pin_family("adam", 0.01, steps=4 * 100, log_per_epoch=True, data=fd.pin_rows(train_rows=256))


@case("logseries-adam-lr-1-per-epoch", "logseries", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return logseries_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.logseries_rows(n=3200, batch_size=64))


@case("logseries-adam-cosine-per-epoch", "logseries", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return logseries_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True, data=fd.logseries_rows(n=3200, batch_size=64),
                           schedule=cosine_after(0.0), schedule_name="cosine")


@case("fastgrnn-adam-warmup-cosine-per-epoch", "fastgrnn", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.FASTGRNN_CLASSES, fall=0.7))
def _() -> Setup:
    return fastgrnn_family("adam", 0.03, steps=50 * 8, log_per_epoch=True, data=fd.fastgrnn_series(n=1600),
                        schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip
