"""The one hundred and sixteenth fresh half (fresh114, held out from all tuning):
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


def radon_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes (one bar, parallel bars, a right-angle cross, a 45-degree cross)")
    knobs.setdefault("meta", {"model": "sinogram classifier: the fixed Radon transform (12 angles x 16 bins), a circular conv 1-8 (3x5, ReLU), a max over the angles, a ReLU layer 128-32 and a head",
                              "size": fd.RADON_SIZE, "classes": fd.RADON_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.radon_images(), knobs.pop("model", None) or fd.RadonNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def dynfir_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the filtered signal against the clean one")
    knobs.setdefault("meta", {"model": "dynamic-filter denoiser: a Conv1d encoder (1-16-16, kernel 7, mean over time), a ReLU layer 16-32 and a head giving the 15 taps of an FIR filter run over the noisy signal",
                              "samples": fd.DYNFIR_SAMPLES, "taps": fd.DYNFIR_TAPS,
                              "held_out": "the mse on new signals"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dynfir_signals(), knobs.pop("model", None) or fd.DynfirNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def anfis_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse")
    knobs.setdefault("meta", {"model": "ANFIS-like neuro-fuzzy system: 3 Gaussian memberships a feature, 81 product rules normalised, Takagi-Sugeno consequents from a ReLU layer 4-32 and a head 32-81",
                              "features": fd.ANFIS_FEATURES, "rules": fd.ANFIS_SETS ** fd.ANFIS_FEATURES,
                              "held_out": "the mse on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.anfis_rows(), knobs.pop("model", None) or fd.AnfisNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def emd_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.emd_loss)
    knobs.setdefault("loss_name", "earth mover's distance (r = 2) between the predicted and the voters' score distributions, mean over the rows")
    knobs.setdefault("meta", {"model": "MLP 6-64 (tanh), a ReLU layer 64-32 and a head of 16 ordered bins' logits (softmax)",
                              "features": fd.EMD_FEATURES, "bins": fd.EMD_BINS,
                              "held_out": "the EMD on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.emd_rows(), knobs.pop("model", None) or fd.EmdMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


RADON0, DYNFIR0 = LN(fd.RADON_CLASSES), fd.DYNFIR_AT_ZERO
ANFIS0, EMD0 = fd.anfis_at_zero(), fd.emd_at_zero()
"""Where the families start: the sinogram classifier at ln 4, the dynamic-filter denoiser below the MSE of an output
of 0 (the clean signals' unit variance), the neuro-fuzzy system near the MSE of an output of 0, the score-distribution
MLP near the EMD of uniform predictions."""




# radon: a sinogram classifier (the fixed Radon transform of a 16x16 image, 12 angles x 16 bins, a circular conv, a
# max over the angles, a ReLU layer and a head) naming noisy line drawings (one bar, two parallel bars, a right-angle
# or a 45-degree cross) at random angles and places, 5% random labels held out too, cross-entropy over 4, batches of
# 32 (1.37 at step 1, ln 4, ending near 0.60-0.65 held out); works at Adam 3e-3-0.03 (0.60-0.65), SGDm 0.03 (0.66);
# slow at Adam 1e-3 (0.74), 1.26 at Adam 1e-4; at chance (1.48) at Adam 1, 3.4 at RMSprop 0.3; Adam 0.1 without a
# warmup at chance (1.39), 0.81-1.02 after a 60-step warmup; the warmup + cosine look-alike at Adam 0.01 was beaten
# by 0.03 (0.54 vs 0.63), so it runs at 0.03 (a 400-step run: ~3 s)


@case("radon-adam-lr-1", "radon", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return radon_family("adam", 1.0)


@case("radon-rmsprop-lr-0p3-100x-log2", "radon", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return radon_family("rmsprop", 0.3, log_every=2)


@case("radon-adamw-warmup-cosine-peak-1", "radon", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return radon_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("radon-adam-exponential-gamma-1p02", "radon", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return radon_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("radon-adam-lr-1e-4-100x-low", "radon", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return radon_family("adam", 1e-4)


@case("radon-adam-lr-0p1-no-warmup", "radon", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return radon_family("adam", 0.1)


@case("radon-adam-missing-pixel-nan", "radon", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return radon_family("adam", 0.01, data=fd.radon_images(nan_rows=0.005))


@case("radon-adam-fc-dead-at-init", "radon", "dead-units",
      cf=lambda s: replace(s, model=fd.RadonNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return radon_family("adam", 0.01, model=lambda: fd.RadonNet(dead_bias=-30.0), track_zero_grads=True)


@case("radon-adam-head-x1000", "radon", "last-layer-init",
      cf=lambda s: replace(s, model=fd.RadonNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, RADON0, "ln 4"))
def _() -> Setup:
    return radon_family("adam", 0.01, model=lambda: scaled_head(fd.RadonNet(), 1000))


@case("radon-adam-multistep-x0p01-at-5pct", "radon", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.01)), cf_what="the same x0.01 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.011, 25))
def _() -> Setup:
    return radon_family("adam", 0.01, schedule=multistep(0.05, gamma=0.01), schedule_name="MultiStepLR at 5%")




# dynfir: a dynamic-filter denoiser (a Conv1d encoder of the noisy signal, mean over time, a ReLU layer and a head
# giving the 15 taps of an FIR filter run over the reflect-padded noisy signal) of signals of 64 samples (5 sinusoids
# below a per-signal cutoff, unit variance, white noise of a per-signal sd 0.3-1.2), MSE against the clean signal,
# batches of 32 (0.56 at step 1, ending near 0.13-0.14 held out); works at Adam 3e-3-0.01 (0.13-0.14), NAdam 0.01
# (0.136), SGDm 0.01 (0.142); 0.19 at Adam 1 (spikes to 3.8); slow at Adam 1e-4 (0.175); SGDm 0.1 unclipped
# 0.15-0.22 (0.14-0.15 clipped at 0.5), NaN at SGDm 0.3; Adam 0.1 is no better with a warmup (0.175); the Nesterov
# warmup + cosine look-alike at 0.01 was beaten by 0.03 (0.137 vs 0.153), so it runs at 0.03 (a 400-step run: ~3 s)


@case("dynfir-adam-lr-1-log2", "dynfir", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dynfir_family("adam", 1.0, log_every=2)


@case("dynfir-rmsprop-lr-0p3-100x", "dynfir", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dynfir_family("rmsprop", 0.3)


@case("dynfir-nadam-warmup-linear-peak-1-log2", "dynfir", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dynfir_family("nadam", 1.0, log_every=2, schedule=linear_decay_after(0.1),
                         schedule_name="linear warmup 10% + linear decay")


@case("dynfir-adam-lr-1e-4-30x-low-log3", "dynfir", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dynfir_family("adam", 1e-4, log_every=3)


@case("dynfir-sgdm-lr-1e-4-100x-low", "dynfir", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dynfir_family("sgdm", 1e-4)


@case("dynfir-sgdm-summed-sq-error", "dynfir", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DYNFIR0, "the MSE of an output of 0"))
def _() -> Setup:
    return dynfir_family("sgdm", 0.01, loss_fn=fd.dynfir_summed,
                         loss_name="squared error summed over the batch's samples (reduction='sum')",
                         val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)


@case("dynfir-adam-missing-sample-nan", "dynfir", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the signals with a missing (NaN) sample dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return dynfir_family("adam", 3e-3, data=fd.dynfir_signals(nan_rows=0.005))


@case("dynfir-adam-fc-dead-at-init", "dynfir", "dead-units",
      cf=lambda s: replace(s, model=fd.DynfirNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dynfir_family("adam", 3e-3, model=lambda: fd.DynfirNet(dead_bias=-30.0), track_zero_grads=True)


@case("dynfir-adam-head-x1000-log2", "dynfir", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DynfirNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DYNFIR0, "the MSE of an output of 0"))
def _() -> Setup:
    return dynfir_family("adam", 3e-3, log_every=2, model=lambda: scaled_head(fd.DynfirNet(), 1000))


@case("dynfir-sgdm-lr-0p1-no-clip", "dynfir", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.5), cf_what="gradients clipped at 0.5",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return dynfir_family("sgdm", 0.1)


@case("dynfir-adam-exponential-100x-in-40-steps", "dynfir", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 42))
def _() -> Setup:
    return dynfir_family("adam", 3e-3, schedule=exponential_to(0.01, 0.1),
                         schedule_name="ExponentialLR per batch, x0.01 by step 40")




# anfis: an ANFIS-like neuro-fuzzy system (3 Gaussian memberships a feature, 81 product rules normalised, Takagi-Sugeno
# consequents from a ReLU layer and a head) regressing a smooth function of 4 U(-2, 2) features (a product, a sine, a
# square and a switched slope, noise 0.15), MSE, batches of 64 (1.52 at step 1, near the MSE of an output of 0, ending
# near 0.04-0.05 held out); works at Adam 3e-3-0.01 (0.046-0.051), Adagrad 0.1 (0.040), SGDm 0.03 (0.076); 0.27 at
# Adam 1; slow at Adam 1e-4 (0.82); SGDm 0.3 and 0.5 on batches of 32 fine unclipped (0.05-0.08, no better
# clipped), SGDm 1 unclipped 0.57-0.84 (0.25-0.32 clipped at 0.5); the Adam look-alikes at 0.01 were beaten by 0.03
# (0.035 vs 0.042), so they run at 0.03 (a 400-step run: ~2 s)


@case("anfis-adam-lr-1", "anfis", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return anfis_family("adam", 1.0)


@case("anfis-adagrad-lr-10-100x-log2", "anfis", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return anfis_family("adagrad", 10.0, log_every=2)


@case("anfis-adam-cyclic-peak-1", "anfis", "lr-high-cyclic", cf=lr_to(0.01),
      cf_what="peak lr 0.01 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return anfis_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("anfis-radam-lr-1e-4-100x-low", "anfis", "lr-low-adam", cf=lr_to(0.01), cf_what="RAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return anfis_family("radam", 1e-4)


@case("anfis-adam-lr-1e-4-100x-low-log2", "anfis", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return anfis_family("adam", 1e-4, log_every=2)


@case("anfis-sgdm-lr-0p03-summed", "anfis", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ANFIS0, "the MSE of an output of 0"))
def _() -> Setup:
    return anfis_family("sgdm", 0.03, loss_fn=fd.anfis_summed,
                        loss_name="squared error summed over the batch's rows (reduction='sum')",
                        val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)


@case("anfis-adam-missing-feature-nan", "anfis", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return anfis_family("adam", 0.01, data=fd.anfis_rows(nan_rows=0.003))


@case("anfis-adam-head-x1000", "anfis", "last-layer-init",
      cf=lambda s: replace(s, model=fd.AnfisNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, ANFIS0, "the MSE of an output of 0"))
def _() -> Setup:
    return anfis_family("adam", 0.01, model=lambda: scaled_head(fd.AnfisNet(), 1000))


@case("anfis-sgdm-lr-1-no-clip-batch32", "anfis", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.5), cf_what="gradients clipped at 0.5",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return anfis_family("sgdm", 1.0, data=fd.anfis_rows(batch_size=32))


@case("anfis-adam-multistep-x0p01-at-5pct", "anfis", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.01)), cf_what="the same x0.01 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.011, 25))
def _() -> Setup:
    return anfis_family("adam", 0.01, schedule=multistep(0.05, gamma=0.01), schedule_name="MultiStepLR at 5%")


@case("anfis-adam-lr-0p01-recreated-every-2-steps", "anfis", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return anfis_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("anfis-adam-96-rows-overfit", "anfis", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return anfis_family("adam", 0.01, steps=600, eval_every=30, data=fd.anfis_rows(train_rows=96, batch_size=32))




# emd: a score-distribution MLP (6-64 tanh, a ReLU layer and a head of 16 ordered bins' logits) predicting the
# histogram of 40 voters' scores (a discretised Gaussian of feature-dependent mean and spread, mixed with a second
# bump), NIMA's earth mover's distance with r = 2 between the cumulative distributions, batches of 64 (0.19 at step
# 1, near the EMD of uniform predictions, ending near 0.057 held out); works at Adam 0.01-0.03 (0.057), SGDm 0.3
# (0.067), RMSprop 1e-3 (0.068); stuck at 0.29 at Adam 1; slow at Adam 1e-4 (0.13); Adam 0.1 and NAdam 0.1 no
# better with a 60-step warmup, Adam 0.15 0.095-0.10 without (0.086-0.089 with it), so the missing-warmup case is Adam
# 0.15; the RAdam warmup + cosine look-alike at 0.03 was beaten by 0.1 (0.053 vs 0.062), so it runs at 0.1 (a 400-step
# run: ~1-2 s)


@case("emd-adam-lr-1", "emd", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return emd_family("adam", 1.0)


@case("emd-nadam-lr-1-100x-log2", "emd", "lr-high-step1", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return emd_family("nadam", 1.0, log_every=2)


@case("emd-adamw-warmup-cosine-peak-1", "emd", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return emd_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("emd-adam-exponential-gamma-1p02", "emd", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return emd_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("emd-adam-lr-1e-4-100x-low", "emd", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return emd_family("adam", 1e-4)


@case("emd-adam-lr-0p15-no-warmup-log2", "emd", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return emd_family("adam", 0.15, log_every=2)


@case("emd-adam-fc-dead-at-init", "emd", "dead-units",
      cf=lambda s: replace(s, model=fd.EmdMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return emd_family("adam", 0.01, model=lambda: fd.EmdMLP(dead_bias=-30.0), track_zero_grads=True)


@case("emd-sgdm-lr-0p3-summed", "emd", "summed",
      cf=lambda s: replace(s, loss_fn=fd.emd_loss, loss_name="EMD (mean over the rows)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, EMD0, "the EMD of uniform predictions"))
def _() -> Setup:
    return emd_family("sgdm", 0.3, loss_fn=fd.emd_summed,
                      loss_name="EMD summed over the batch's rows (reduction='sum')",
                      val_loss_fn=fd.emd_loss, mean_loss_fn=fd.emd_loss)


@case("emd-nesterov-lr-0p3-summed-log2", "emd", "summed",
      cf=lambda s: replace(s, loss_fn=fd.emd_loss, loss_name="EMD (mean over the rows)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, EMD0, "the EMD of uniform predictions"))
def _() -> Setup:
    return emd_family("nesterov", 0.3, log_every=2, loss_fn=fd.emd_summed,
                      loss_name="EMD summed over the batch's rows (reduction='sum')",
                      val_loss_fn=fd.emd_loss, mean_loss_fn=fd.emd_loss)


@case("emd-adam-exponential-1000x-in-40-steps-log2", "emd", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return emd_family("adam", 0.01, log_every=2, schedule=exponential_to(1e-3, 0.1),
                      schedule_name="ExponentialLR per batch, x0.001 by step 40")


# fresh114 half: healthy look-alikes


@case("radon-adam-warmup-cosine-eval25", "radon", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.RADON_CLASSES, fall=0.8))
def _() -> Setup:
    return radon_family("adam", 0.03, eval_every=25, schedule=cosine_after(0.1),
                        schedule_name="linear warmup 10% + cosine")


@case("radon-sgdm-step-decay-log2", "radon", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.RADON_CLASSES, fall=0.8))
def _() -> Setup:
    return radon_family("sgdm", 0.03, log_every=2, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("radon-nadam-on-plateau-log4", "radon", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.RADON_CLASSES, fall=0.8))
def _() -> Setup:
    return radon_family("nadam", 0.01, log_every=4, schedule=on_plateau(),
                        schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("radon-rmsprop-one-cycle-log2", "radon", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.RADON_CLASSES, fall=0.8))
def _() -> Setup:
    return radon_family("rmsprop", 3e-3, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


@case("radon-adam-resumed-with-state", "radon", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.RADON_CLASSES, fall=0.8))
def _() -> Setup:
    return radon_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                        schedule=cosine_after(0.0), schedule_name="cosine")


@case("dynfir-adam-cosine-eval25", "dynfir", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dynfir_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dynfir-rmsprop-warmup-linear-avg10", "dynfir", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dynfir_family("rmsprop", 1e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                         schedule_name="linear warmup 5% + linear decay")


@case("dynfir-nadam-sgdr-log5", "dynfir", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dynfir_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                         schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("dynfir-nesterov-warmup-cosine-log3", "dynfir", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dynfir_family("nesterov", 0.03, log_every=3, schedule=cosine_after(0.1),
                         schedule_name="linear warmup 10% + cosine")


@case("anfis-adagrad-cosine-log2", "anfis", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return anfis_family("adagrad", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("anfis-adam-step-decay-eval50", "anfis", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return anfis_family("adam", 0.03, eval_every=50, schedule=multistep(0.5, 0.75, gamma=0.3),
                        schedule_name="MultiStepLR")


@case("anfis-adamw-one-cycle", "anfis", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return anfis_family("adamw", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("emd-adam-cosine-log2", "emd", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return emd_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("emd-rmsprop-step-decay-log3", "emd", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return emd_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                      schedule_name="MultiStepLR")


@case("emd-adam-on-plateau-log4", "emd", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return emd_family("adam", 0.01, log_every=4, schedule=on_plateau(),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("emd-radam-warmup-cosine-log4", "emd", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return emd_family("radam", 0.1, log_every=4, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine")


@case("emd-nadam-warmup-linear-avg10", "emd", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return emd_family("nadam", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                      schedule_name="linear warmup 5% + linear decay")


# fresh114 half, logged once per epoch


@case("radon-adam-128-images-overfit-per-epoch", "radon", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return radon_family("adam", 0.01, steps=4 * 100, log_per_epoch=True, data=fd.radon_images(train_rows=128))


@case("emd-adam-lr-1-per-epoch", "emd", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return emd_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.emd_rows(n=3200))


@case("dynfir-adam-cosine-per-epoch", "dynfir", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dynfir_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True, data=fd.dynfir_signals(n=1600),
                         schedule=cosine_after(0.0), schedule_name="cosine")


@case("anfis-adam-warmup-cosine-per-epoch", "anfis", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return anfis_family("adam", 0.03, steps=50 * 8, log_per_epoch=True, data=fd.anfis_rows(n=3200),
                        schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")
