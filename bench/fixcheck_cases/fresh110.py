"""The one hundred and twelfth fresh half (fresh110, held out from all tuning):
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


def shift_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes (the strokes' orientation)")
    knobs.setdefault("meta", {"model": "ShiftNet: a 3x3 conv stem 1-18 (ReLU) at 12x12, twice a zero-parameter shift of 9 channel groups in the 9 directions and a 1x1 conv 18-18 (ReLU), 2x2 average pooling, a ReLU layer 648-32 and a head",
                              "image_size": fd.SHIFT_SIZE, "width": fd.SHIFT_WIDTH, "classes": fd.SHIFT_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.shift_images(), knobs.pop("model", None) or fd.ShiftNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def esn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes (oscillator frequency x damping)")
    knobs.setdefault("meta", {"model": "echo state network: a fixed random reservoir of 96 leaky tanh units (spectral radius 0.9, not trained), its mean state over the last 30 steps and its last state through a trained readout: a ReLU layer 192-32 and a head",
                              "steps": fd.ESN_STEPS, "reservoir": fd.ESN_UNITS, "classes": fd.ESN_CLASSES,
                              "held_out": "cross-entropy on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.esn_series(), knobs.pop("model", None) or fd.EsnNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def ple_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.ple_mse)
    knobs.setdefault("loss_name", "mean squared error of a standardised score")
    knobs.setdefault("meta", {"model": "piecewise-linear encodings: each of 6 numerical features encoded over 12 bins at the standard normal's quantiles, the 72 encodings through 72-64 (tanh), a ReLU layer 64-32 and a head",
                              "features": fd.PLE_FEATURES, "bins": fd.PLE_BINS, "held_out": "the MSE on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.ple_rows(), knobs.pop("model", None) or fd.PleNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def wcauchy_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.wcauchy_nll)
    knobs.setdefault("loss_name", "wrapped Cauchy negative log-likelihood per row (location and concentration rho)")
    knobs.setdefault("meta", {"model": "MLP 5-64 (tanh) -64 (tanh), a ReLU layer 64-32, a head to the location's cosine and sine (normalised) and the logit of rho (clamped to [1e-3, 0.99]) of a wrapped Cauchy law of an angle",
                              "features": fd.WCAUCHY_FEATURES, "held_out": "the NLL on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.wcauchy_rows(), knobs.pop("model", None) or fd.WcauchyMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


SHIFT0, ESN0 = LN(fd.SHIFT_CLASSES), LN(fd.ESN_CLASSES)
PLE0, WCAUCHY0 = fd.ple_at_zero(), fd.WCAUCHY_UNIFORM
"""Where the families start: the ShiftNet and the echo state network at ln 4, the piecewise-linear-encoding regression
at the squared error of outputs of 0 (near 1: a standardised target), the wrapped Cauchy MLP near log 2 pi (the
uniform law)."""




# shift: a ShiftNet (Wu et al., tiny: a 3x3 conv stem 1-18, twice a zero-parameter shift of 9 channel groups in the 9
# directions and a 1x1 conv, 2x2 average pooling, a ReLU layer and a head) naming the orientation of 2 noisy 4-pixel
# strokes in a 12x12 image, 5% random labels held out too, cross-entropy over 4 (1.37-1.39 at step 1, ln 4, ending
# near 0.37-0.47 held out); works at Adam 0.01 (0.38-0.40), RMSprop 3e-3 (0.46), RAdam 0.01 (0.43-0.47); at chance
# (1.39-1.49) at Adam 1, RMSprop 0.3, a warmup + cosine peaking at 1, and at Adam 0.03-0.05 without a warmup (0.49-0.60
# after a 60-step warmup); slow at Adam 3e-4 (1.18), RAdam 3e-4 (1.38); RMSprop 3e-3 under a one-cycle schedule
# ended 0.52, beaten by 1e-3 (0.44), and 1e-3 overfit a little on 3000 images (0.40 at step 360, 0.43 at the end),
# so that look-alike trains on 6000 (a 400-step run: 2-3 s)


@case("shift-adam-lr-1", "shift", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return shift_family("adam", 1.0)


@case("shift-rmsprop-lr-0p3-100x-log2", "shift", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return shift_family("rmsprop", 0.3, log_every=2)


@case("shift-adamw-warmup-cosine-peak-1", "shift", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return shift_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("shift-adam-exponential-gamma-1p02", "shift", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return shift_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("shift-adam-lr-3e-4-30x-low-log3", "shift", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return shift_family("adam", 3e-4, log_every=3)


@case("shift-radam-lr-3e-4-30x-low", "shift", "lr-low-adam", cf=lr_to(0.01), cf_what="RAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return shift_family("radam", 3e-4)


@case("shift-adam-lr-0p05-no-warmup", "shift", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return shift_family("adam", 0.05)


@case("shift-adam-lr-0p03-no-warmup-log2", "shift", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return shift_family("adam", 0.03, log_every=2)


@case("shift-adam-missing-pixel-nan", "shift", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return shift_family("adam", 0.01, data=fd.shift_images(nan_rows=0.005))


@case("shift-adam-fc-dead-at-init", "shift", "dead-units",
      cf=lambda s: replace(s, model=fd.ShiftNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return shift_family("adam", 0.01, model=lambda: fd.ShiftNet(dead_bias=-30.0), track_zero_grads=True)


@case("shift-adam-head-x1000-log2", "shift", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ShiftNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SHIFT0, "ln 4"))
def _() -> Setup:
    return shift_family("adam", 0.01, log_every=2, model=lambda: scaled_head(fd.ShiftNet(), 1000))


@case("shift-adam-exponential-100x-in-40-steps", "shift", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 42))
def _() -> Setup:
    return shift_family("adam", 0.01, schedule=exponential_to(0.01, 0.1),
                         schedule_name="ExponentialLR per batch, x0.01 by step 40")


@case("shift-adam-lr-0p01-recreated-every-2-steps", "shift", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return shift_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("shift-adam-96-images-overfit", "shift", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return shift_family("adam", 0.01, steps=600, eval_every=30, data=fd.shift_images(train_rows=96))




# esn: an echo state network (a fixed random reservoir of 96 leaky tanh units at spectral radius 0.9, not trained; the
# mean square of its states over the last 30 steps and its last state through a trained ReLU layer and head) naming
# a noisy AR(2) oscillator's frequency (0.3 or 1.0 rad) and damping (0.5 or 0.93) from 40 steps, 5% random labels
# held out too, cross-entropy over 4 (1.39-1.40 at step 1, ln 4, ending near 0.78-0.86 held out); works at Adam
# 0.01-0.03 (0.78-0.86), RMSprop 3e-3 (0.83), Adam 3e-3 (0.82); at chance (1.38-1.42) at Adam 1, RMSprop 0.3 and
# warmups peaking at 1; slow at Adam and NAdam 1e-4 (1.32-1.33); a first version (the reservoir's mean state, noise
# 0.6) reached only 1.22-1.25 and its healthy look-alikes were beaten by 3x their lr, so the readout reads the
# states' energies (a filter bank) and the noise is 0.4 (a 400-step run: ~2 s)


@case("esn-adam-lr-1-log2", "esn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return esn_family("adam", 1.0, log_every=2)


@case("esn-rmsprop-lr-0p3-100x", "esn", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return esn_family("rmsprop", 0.3)


@case("esn-nadam-warmup-cosine-peak-1", "esn", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return esn_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("esn-adamw-warmup-linear-peak-1-log2", "esn", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return esn_family("adamw", 1.0, log_every=2, schedule=linear_decay_after(0.1),
                          schedule_name="linear warmup 10% + linear decay")


@case("esn-adam-lr-1e-4-100x-low-log3", "esn", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return esn_family("adam", 1e-4, log_every=3)


@case("esn-nadam-lr-1e-4-100x-low", "esn", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return esn_family("nadam", 1e-4)


@case("esn-adam-head-x1000", "esn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.EsnNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, ESN0, "ln 4"))
def _() -> Setup:
    return esn_family("adam", 0.01, model=lambda: scaled_head(fd.EsnNet(), 1000))


@case("esn-adam-missing-value-nan", "esn", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return esn_family("adam", 0.01, data=fd.esn_series(nan_rows=0.005))


@case("esn-adam-fc-dead-at-init", "esn", "dead-units",
      cf=lambda s: replace(s, model=fd.EsnNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return esn_family("adam", 0.01, model=lambda: fd.EsnNet(dead_bias=-30.0), track_zero_grads=True)


@case("esn-adam-multistep-x0p01-at-5pct", "esn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.01)), cf_what="the same x0.01 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.011, 25))
def _() -> Setup:
    return esn_family("adam", 0.01, schedule=multistep(0.05, gamma=0.01), schedule_name="MultiStepLR at 5%")




# ple: piecewise-linear encodings of numerical features (Gorishniy et al., tiny: each of 6 features over 12 bins at
# the standard normal's quantiles, through a tanh layer, a ReLU layer and a head) regressing a standardised score of
# thresholded, absolute, periodic and gated features, MSE, batches of 64 (0.85-1.27 at step 1, ending near 0.11-0.14
# held out); works at Adam 0.03 (0.12-0.13), Adagrad 0.1 (0.15-0.24), SGD(m) 0.03-0.1 with the mean (0.13-0.25),
# RAdam 0.1 with a warmup and cosine (0.11); 0.97-0.98 at Adam 1 (a cyclic lr peaking at 1 too), 830-5600 at
# Adagrad 10, NaN at SGD(m) with the summed (x64) loss; RAdam 0.3 with a warmup and cosine 0.14, beaten by 0.1
# (0.11) (a 400-step run: ~1 s)


@case("ple-adam-lr-1", "ple", "lr-high-step1", cf=lr_to(0.03), cf_what="Adam lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ple_family("adam", 1.0)


@case("ple-adagrad-lr-10-100x-log2", "ple", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ple_family("adagrad", 10.0, log_every=2)


@case("ple-adam-exponential-gamma-1p02", "ple", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ple_family("adam", 0.03, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("ple-adam-cyclic-peak-1", "ple", "lr-high-cyclic", cf=lr_to(0.03),
      cf_what="peak lr 0.03 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ple_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("ple-sgdm-lr-0p03-summed-mse", "ple", "summed",
      cf=lambda s: replace(s, loss_fn=fd.ple_mse, loss_name="mean squared error (mean over the rows)"),
      cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, PLE0, "the squared error of outputs of 0"))
def _() -> Setup:
    return ple_family("sgdm", 0.03, loss_fn=fd.ple_mse_summed,
                          loss_name="squared error summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.ple_mse, mean_loss_fn=fd.ple_mse)


@case("ple-sgd-lr-0p1-summed-mse-log2", "ple", "summed",
      cf=lambda s: replace(s, loss_fn=fd.ple_mse, loss_name="mean squared error (mean over the rows)"),
      cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, PLE0, "the squared error of outputs of 0"))
def _() -> Setup:
    return ple_family("sgd", 0.1, log_every=2, loss_fn=fd.ple_mse_summed,
                          loss_name="squared error summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.ple_mse, mean_loss_fn=fd.ple_mse)


@case("ple-adam-head-x1000", "ple", "last-layer-init",
      cf=lambda s: replace(s, model=fd.PleNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, PLE0, "the squared error of outputs of 0"))
def _() -> Setup:
    return ple_family("adam", 0.03, model=lambda: scaled_head(fd.PleNet(), 1000))


@case("ple-adam-multistep-x0p001-at-5pct", "ple", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.001)), cf_what="the same x0.001 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.0011, 25))
def _() -> Setup:
    return ple_family("adam", 0.03, schedule=multistep(0.05, gamma=0.001), schedule_name="MultiStepLR at 5%")


@case("ple-adam-exponential-1000x-in-40-steps-log2", "ple", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return ple_family("adam", 0.03, log_every=2, schedule=exponential_to(1e-3, 0.1),
                          schedule_name="ExponentialLR per batch, x0.001 by step 40")




# wcauchy: a tanh MLP (5-64-64, a ReLU layer and a head) of the location (its cosine and sine, normalised) and rho
# (a sigmoid, clamped to [1e-3, 0.99]) of a wrapped Cauchy law of angles whose location and concentration (0.45-
# 0.85) depend on the features, the negative log-likelihood per row, batches of 256 (1.83-1.89 at step 1, near
# log 2 pi = 1.84, ending near 1.27-1.35 held out); works at Adam 3e-3 (1.31), SGDm 0.01 (1.34-1.35), RMSprop 3e-3
# (1.28); 1.837 (rho at the clamp: the uniform law) at Adam 1 and SGDm 1; the summed (x256) loss leaves SGDm 0.01
# at the uniform law too; slow at Adam 1e-4 (1.43), SGDm 1e-4 (1.55-1.57); SGDm 0.2-0.3 unclipped on batches of
# 64 1.47-1.67 (1.41-1.47 clipped at 0.3-0.5) (a 400-step run: ~1 s)


@case("wcauchy-adam-lr-1-log2", "wcauchy", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return wcauchy_family("adam", 1.0, log_every=2)


@case("wcauchy-sgdm-lr-1-100x", "wcauchy", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return wcauchy_family("sgdm", 1.0)


@case("wcauchy-adam-lr-1e-4-30x-low-log2", "wcauchy", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return wcauchy_family("adam", 1e-4, log_every=2)


@case("wcauchy-sgdm-lr-1e-4-100x-low", "wcauchy", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return wcauchy_family("sgdm", 1e-4)


@case("wcauchy-sgdm-summed-nll", "wcauchy", "summed",
      cf=lambda s: replace(s, loss_fn=fd.wcauchy_nll, loss_name="wrapped Cauchy NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, WCAUCHY0, "log 2 pi (the uniform law)"))
def _() -> Setup:
    return wcauchy_family("sgdm", 0.01, loss_fn=fd.wcauchy_nll_summed,
                      loss_name="wrapped Cauchy NLL summed over the batch's rows (reduction='sum')",
                      val_loss_fn=fd.wcauchy_nll, mean_loss_fn=fd.wcauchy_nll)


@case("wcauchy-nesterov-summed-nll-log2", "wcauchy", "summed",
      cf=lambda s: replace(s, loss_fn=fd.wcauchy_nll, loss_name="wrapped Cauchy NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, WCAUCHY0, "log 2 pi (the uniform law)"))
def _() -> Setup:
    return wcauchy_family("nesterov", 0.01, log_every=2, loss_fn=fd.wcauchy_nll_summed,
                      loss_name="wrapped Cauchy NLL summed over the batch's rows (reduction='sum')",
                      val_loss_fn=fd.wcauchy_nll, mean_loss_fn=fd.wcauchy_nll)


@case("wcauchy-adam-missing-feature-nan", "wcauchy", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return wcauchy_family("adam", 3e-3, data=fd.wcauchy_rows(nan_rows=0.003))


@case("wcauchy-adam-fc-dead-at-init", "wcauchy", "dead-units",
      cf=lambda s: replace(s, model=fd.WcauchyMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return wcauchy_family("adam", 3e-3, model=lambda: fd.WcauchyMLP(dead_bias=-30.0), track_zero_grads=True)


@case("wcauchy-sgdm-lr-0p2-no-clip-batch64", "wcauchy", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.5), cf_what="gradients clipped at 0.5",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return wcauchy_family("sgdm", 0.2, data=fd.wcauchy_rows(batch_size=64))


@case("wcauchy-sgdm-lr-0p3-no-clip-batch64-log2", "wcauchy", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.3), cf_what="gradients clipped at 0.3",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return wcauchy_family("sgdm", 0.3, log_every=2, data=fd.wcauchy_rows(batch_size=64))


# fresh110 half: healthy look-alikes


@case("shift-adam-warmup-cosine-eval25", "shift", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.SHIFT_CLASSES, fall=0.8))
def _() -> Setup:
    return shift_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.1),
                         schedule_name="linear warmup 10% + cosine")


@case("shift-adam-step-decay-eval50", "shift", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.SHIFT_CLASSES, fall=0.8))
def _() -> Setup:
    return shift_family("adam", 0.01, eval_every=50, schedule=multistep(0.5, 0.75, gamma=0.3),
                         schedule_name="MultiStepLR")


@case("shift-adam-resumed-with-state", "shift", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.SHIFT_CLASSES, fall=0.8))
def _() -> Setup:
    return shift_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                         schedule=cosine_after(0.0), schedule_name="cosine")


@case("shift-rmsprop-one-cycle-log2", "shift", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.SHIFT_CLASSES, fall=0.8))
def _() -> Setup:
    return shift_family("rmsprop", 1e-3, log_every=2, data=fd.shift_images(n=6000), schedule=one_cycle, schedule_name="OneCycleLR")


@case("esn-adam-cosine-eval25", "esn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.ESN_CLASSES, fall=0.7))
def _() -> Setup:
    return esn_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("esn-adamw-warmup-step-decay-log3", "esn", "healthy",
      like=("premature-decay", "plateau", "missing-warmup"), shape=healthy_shape(fd.ESN_CLASSES, fall=0.7))
def _() -> Setup:
    return esn_family("adamw", 0.01, log_every=3, warmup_steps=20, schedule=multistep(0.6, 0.8, gamma=0.3),
                          schedule_name="20-step linear warmup + MultiStepLR")


@case("esn-nadam-warmup-cosine-log2", "esn", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.ESN_CLASSES, fall=0.7))
def _() -> Setup:
    return esn_family("nadam", 0.01, log_every=2, schedule=cosine_after(0.1),
                          schedule_name="linear warmup 10% + cosine")


@case("esn-rmsprop-warmup-linear-avg10", "esn", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.ESN_CLASSES, fall=0.7))
def _() -> Setup:
    return esn_family("rmsprop", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                          schedule_name="linear warmup 5% + linear decay")


@case("ple-adam-cosine-log2", "ple", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return ple_family("adam", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("ple-nadam-step-decay-log3", "ple", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return ple_family("nadam", 0.03, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                          schedule_name="MultiStepLR")


@case("ple-adam-on-plateau-log4", "ple", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return ple_family("adam", 0.03, log_every=4, schedule=on_plateau(),
                          schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("ple-adam-one-cycle", "ple", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return ple_family("adam", 0.05, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ple-radam-warmup-cosine-log4", "ple", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return ple_family("radam", 0.1, log_every=4, schedule=cosine_after(0.1),
                          schedule_name="linear warmup 10% + cosine")


@case("wcauchy-adam-cosine-eval25", "wcauchy", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return wcauchy_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("wcauchy-rmsprop-step-decay-log3", "wcauchy", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return wcauchy_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                      schedule_name="MultiStepLR")


@case("wcauchy-adamw-warmup-linear-avg10", "wcauchy", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return wcauchy_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                      schedule_name="linear warmup 5% + linear decay")


@case("wcauchy-nadam-sgdr-log5", "wcauchy", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return wcauchy_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                      schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


# fresh110 half, logged once per epoch


@case("ple-adam-256-rows-overfit-per-epoch", "ple", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return ple_family("adam", 0.03, steps=4 * 100, log_per_epoch=True, data=fd.ple_rows(train_rows=256))


@case("wcauchy-adam-lr-1-per-epoch", "wcauchy", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return wcauchy_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.wcauchy_rows(n=3200, batch_size=64))


@case("shift-adam-cosine-per-epoch", "shift", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.SHIFT_CLASSES, fall=0.8))
def _() -> Setup:
    return shift_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.shift_images(n=1600),
                         schedule=cosine_after(0.0), schedule_name="cosine")


@case("esn-adam-warmup-cosine-per-epoch", "esn", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.ESN_CLASSES, fall=0.7))
def _() -> Setup:
    return esn_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.esn_series(n=1600),
                          schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip
