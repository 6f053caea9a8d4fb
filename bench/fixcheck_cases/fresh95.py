"""The ninety-seventh fresh half (fresh95, held out from all tuning):
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
    LN, Setup, cosine_after, cross_entropy, cyclic, exponential, exponential_to, linear_decay_after, multistep,
    one_cycle, scaled_head, warm_restarts,
)


def gfnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 6 classes of the grating's orientation and frequency")
    knobs.setdefault("meta", {"model": "GFNet: a 2x2 conv patch embedding of stride 2 (1-16) to an 8x8 token map, one GFNet block (LayerNorm, a global filter: 2-D real FFT over the map, times a learned complex filter per frequency and channel, inverse FFT, a residual; LayerNorm, a GELU channel MLP 16-32-16, a residual), a LayerNorm, mean pooling, a ReLU layer 16-32 and a head",
                              "image_size": fd.GFNET_SIZE, "token_map": fd.GFNET_SIZE // 2,
                              "classes": fd.GFNET_CLASSES, "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gfnet_images(), knobs.pop("model", None) or fd.GfnetNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def quartznet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 periods of the hidden tone burst (mean over the batch's series)")
    knobs.setdefault("meta", {"model": "QuartzNet: a prologue Conv1d 2-24 (kernel 5), BatchNorm, ReLU; 2 QuartzNet blocks of width 24 (2 time-channel separable sub-blocks: depthwise Conv1d of kernel 7, pointwise Conv1d, BatchNorm; a pointwise residual with BatchNorm); an epilogue pointwise Conv1d 24-32, BatchNorm, ReLU; mean pooling over time, a ReLU layer 32-32 and a softmax head",
                              "steps": fd.QUARTZNET_STEPS, "channels": 2, "classes": fd.QUARTZNET_CLASSES,
                              "held_out": "cross-entropy on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.quartznet_series(), knobs.pop("model", None) or fd.QuartznetNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def dnf_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes of two planted DNF rules (mean over the batch's rows)")
    knobs.setdefault("meta", {"model": "Net-DNF: 64 soft literals tanh(W x + b), 32 soft conjunctions over fixed random 25% masks of the literals, 8 soft DNFs (an OR of 4 conjunctions each), the DNFs and literals through a ReLU layer 72-32 and a head",
                              "features": fd.DNF_FEATURES, "classes": fd.DNF_CLASSES,
                              "held_out": "cross-entropy on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dnf_rows(), knobs.pop("model", None) or fd.DnfNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def shash_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.shash_nll)
    knobs.setdefault("loss_name", "sinh-arcsinh negative log-likelihood of the target (mean over the rows)")
    knobs.setdefault("meta", {"model": "ReLU MLP 5-64-64, a ReLU layer 64-32, a head to mu, log sigma, eps and log delta of a sinh-arcsinh law",
                              "features": fd.SHASH_FEATURES,
                              "held_out": "the sinh-arcsinh negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.shash_rows(), knobs.pop("model", None) or fd.ShashMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


GFNET0, QUARTZNET0 = LN(fd.GFNET_CLASSES), LN(fd.QUARTZNET_CLASSES)
DNF0, SHASH0 = LN(fd.DNF_CLASSES), fd.shash_at_zero()
"""Where the families start: the GFNet at ln 6, the QuartzNet at ln 5, the Net-DNF at ln 4, the sinh-arcsinh MLP at its
NLL of raw outputs of 0 (mu = eps = 0, sigma = delta = 1: a standard normal)."""


# gfnet: a GFNet-like classifier (a 2x2 conv patch embedding to an 8x8 token map, one GFNet block: a global filter,
# i.e. the 2-D FFT of the map times a learned complex filter per frequency and channel and back, then a GELU channel
# MLP, LayerNorms and residuals, mean pooling, a ReLU layer and a head) of 16x16 grey images whose class is a faint
# grating's orientation (3) and frequency (2) under noise and distractor blobs, cross-entropy over 6 (1.78 at step 1,
# ln 6 = 1.79, ending near 0.15-0.24 held out); at chance until step ~100-250 at every lr that works (it must find the
# grating first); works at Adam 3e-3-0.03 (0.18-0.24 at 3e-3; best at 0.03 under a cosine: 0.15), AdamW 0.03 with a
# warmup (0.15), NAdam 0.03 with warm restarts (0.17), RMSprop 1e-3 (0.65-0.83); at chance at Adam 0.1 without a
# warmup (0.35-0.49 after a 60-step warmup), Adam 1, RMSprop 0.3, Nesterov 0.03; slow, at chance, at Adam 3e-5-1e-3


@case("gfnet-adam-lr-1", "gfnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gfnet_family("adam", 1.0)


@case("gfnet-rmsprop-lr-0p3-300x-log2", "gfnet", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gfnet_family("rmsprop", 0.3, log_every=2)


@case("gfnet-nadam-warmup-cosine-peak-1", "gfnet", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gfnet_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("gfnet-adam-head-x1000-log2", "gfnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GfnetNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GFNET0, "ln 6"))
def _() -> Setup:
    return gfnet_family("adam", 3e-3, log_every=2, model=lambda: scaled_head(fd.GfnetNet(), 1000))


@case("gfnet-adam-missing-pixel-nan", "gfnet", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return gfnet_family("adam", 3e-3, data=fd.gfnet_images(nan_rows=0.005))


@case("gfnet-adam-multistep-x0p1-at-5pct", "gfnet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return gfnet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("gfnet-adam-lr-0p1-no-warmup-log2", "gfnet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return gfnet_family("adam", 0.1, log_every=2)


@case("gfnet-sgdm-summed-ce", "gfnet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GFNET0, "ln 6"))
def _() -> Setup:
    return gfnet_family("sgdm", 0.03, loss_fn=fd.gfnet_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


# quartznet: a QuartzNet-like classifier (a prologue Conv1d, 2 blocks of time-channel separable convolutions: depthwise
# Conv1d of kernel 7, pointwise Conv1d, BatchNorm, with pointwise residuals; an epilogue, mean pooling over time, a ReLU
# layer and a head) of noisy 48-step 'audio' hiding a tone burst, cross-entropy over its 5 periods with 5% of the
# labels random (1.62 at step 1, ln 5 = 1.61, ending near 0.42-0.55 held out); works at Adam 3e-3-0.01 (0.43-0.55),
# RAdam 0.01 (0.45), SGDm 0.01-0.03 (0.42-0.65); its held-out loss is noisy at a constant lr (BatchNorm); 0.86 at Adam
# 0.05 (1.48 after a 60-step warmup: unstable); 1.7-1.8 at Adam or AdamW 1; slow at Adam 3e-5 (1.59), SGDm 1e-4 (1.61)


@case("quartznet-adam-lr-1", "quartznet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return quartznet_family("adam", 1.0)


@case("quartznet-adamw-lr-1-300x-log2", "quartznet", "lr-high-step1", cf=lr_to(3e-3), cf_what="AdamW lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return quartznet_family("adamw", 1.0, log_every=2)


@case("quartznet-adamw-warmup-cosine-peak-1", "quartznet", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return quartznet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("quartznet-adam-lr-3e-5-100x-low-log3", "quartznet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return quartznet_family("adam", 3e-5, log_every=3)


@case("quartznet-sgdm-lr-1e-4-100x-low", "quartznet", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return quartznet_family("sgdm", 1e-4)


@case("quartznet-adam-missing-sample-nan", "quartznet", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return quartznet_family("adam", 3e-3, data=fd.quartznet_series(nan_rows=0.005))


@case("quartznet-adam-fc-dead-at-init", "quartznet", "dead-units",
      cf=lambda s: replace(s, model=fd.QuartznetNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return quartznet_family("adam", 3e-3, model=lambda: fd.QuartznetNet(dead_bias=-30.0), track_zero_grads=True)


@case("quartznet-adam-head-x1000", "quartznet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.QuartznetNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, QUARTZNET0, "ln 5"))
def _() -> Setup:
    return quartznet_family("adam", 3e-3, model=lambda: scaled_head(fd.QuartznetNet(), 1000))


@case("quartznet-nesterov-summed-ce-log2", "quartznet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, QUARTZNET0, "ln 5"))
def _() -> Setup:
    return quartznet_family("nesterov", 0.03, log_every=2, loss_fn=fd.quartznet_ce_summed, loss_name="cross_entropy summed over the batch's series (reduction='sum')",
                            val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


# dnf: a Net-DNF-like classifier (64 soft literals, 32 soft conjunctions over fixed random masks of the literals, 8
# soft DNFs, then a ReLU layer and a head) of tabular rows whose class is two planted DNF rules over thresholded
# features, cross-entropy over 4 with 4% of the labels random (1.37 at step 1, ln 4 = 1.39); works at Adam 3e-3-0.03
# (0.67-0.74; best 0.01-0.03), Adagrad 0.1 (0.60), RMSprop 0.01 (0.63; 0.72-0.82 at 0.03, 0.65-0.67 after a 60-step
# warmup), SGDm 0.3 (0.65); 0.9-1.05 at Adam 0.1; at chance (1.39-1.42) at Adam 0.3-1, RMSprop 0.1, SGDm 1, SGD 3; slow
# at Adam 1e-4 (1.17, still falling)


@case("dnf-adam-lr-1", "dnf", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dnf_family("adam", 1.0)


@case("dnf-sgdm-lr-3-30x-log2", "dnf", "lr-high-step1", cf=lr_to(0.1), cf_what="SGD momentum lr 0.1",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dnf_family("sgdm", 3.0, log_every=2)


@case("dnf-adam-cyclic-peak-1", "dnf", "lr-high-cyclic", cf=lr_to(0.01),
      cf_what="peak lr 0.01 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dnf_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("dnf-adam-exponential-gamma-1p02", "dnf", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dnf_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("dnf-adamw-lr-1e-4-100x-low", "dnf", "lr-low-adam", cf=lr_to(0.01), cf_what="AdamW lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dnf_family("adamw", 1e-4)


@case("dnf-radam-lr-1e-4-100x-low-log2", "dnf", "lr-low-adam", cf=lr_to(0.01), cf_what="RAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dnf_family("radam", 1e-4, log_every=2)


@case("dnf-rmsprop-lr-0p03-no-warmup", "dnf", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return dnf_family("rmsprop", 0.03)


@case("dnf-sgd-summed-ce", "dnf", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DNF0, "ln 4"))
def _() -> Setup:
    return dnf_family("sgd", 0.3, loss_fn=fd.dnf_ce_summed, loss_name="cross_entropy summed over the batch's rows (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("dnf-adam-head-x1000-log3", "dnf", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DnfNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DNF0, "ln 4"))
def _() -> Setup:
    return dnf_family("adam", 0.01, log_every=3, model=lambda: scaled_head(fd.DnfNet(), 1000))


@case("dnf-adam-fc-dead-at-init", "dnf", "dead-units",
      cf=lambda s: replace(s, model=fd.DnfNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dnf_family("adam", 0.01, model=lambda: fd.DnfNet(dead_bias=-30.0), track_zero_grads=True)


@case("dnf-adam-exponential-1000x-in-40-steps", "dnf", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return dnf_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1),
                      schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("dnf-adam-lr-0p03-recreated-every-2-steps", "dnf", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return dnf_family("adam", 0.03, recreate_optimizer_at=frozenset(range(2, 400, 2)))


# shash: a ReLU MLP (5-64-64, a ReLU layer and a head) of mu, log sigma, eps and log delta of a sinh-arcsinh law of
# skewed, heavy-tailed targets whose 4 parameters depend on the features, the negative log-likelihood per row (2.96 at
# step 1 of a batch with a far tail, 2.96 on another, ending near 1.43-1.49 held out); works at Adam 1e-3-0.01 (best
# 3e-3: 1.43), RMSprop 1e-3 (1.44), Adagrad 0.03 (1.43), SGDm 0.03 (1.48); 1.69 at Adam 0.03 (a 60-step warmup does
# not help at 0.01-0.03); non-finite at Adam 0.1-1, RMSprop 0.1, SGDm 0.1, SGD 1 (1.6-2.1 clipped at 1); slow at Adam
# 1e-4 (1.95), 3e-5 (2.9-3.6), SGD 3e-3 (1.81-1.88)


@case("shash-adam-lr-0p1-30x-log2", "shash", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return shash_family("adam", 0.1, log_every=2)


@case("shash-rmsprop-lr-0p1-100x", "shash", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return shash_family("rmsprop", 0.1)


@case("shash-adamw-warmup-cosine-peak-0p3", "shash", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return shash_family("adamw", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("shash-rmsprop-exponential-gamma-1p02", "shash", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return shash_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("shash-adamw-lr-1e-4-30x-low-log2", "shash", "lr-low-adam", cf=lr_to(3e-3), cf_what="AdamW lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return shash_family("adamw", 1e-4, log_every=2)


@case("shash-nadam-lr-3e-5-100x-low", "shash", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return shash_family("nadam", 3e-5)


@case("shash-sgd-summed-nll", "shash", "summed",
      cf=lambda s: replace(s, loss_fn=fd.shash_nll, loss_name="sinh-arcsinh NLL (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SHASH0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return shash_family("sgd", 3e-3, loss_fn=fd.shash_nll_summed, loss_name="sinh-arcsinh negative log-likelihood summed over the batch's rows (reduction='sum')",
                        val_loss_fn=fd.shash_nll, mean_loss_fn=fd.shash_nll)  # fmt: skip


@case("shash-adam-missing-feature-nan", "shash", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return shash_family("adam", 3e-3, data=fd.shash_rows(nan_rows=0.003))


@case("shash-rmsprop-fc-dead-at-init", "shash", "dead-units",
      cf=lambda s: replace(s, model=fd.ShashMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return shash_family("rmsprop", 1e-3, model=lambda: fd.ShashMLP(dead_bias=-30.0), track_zero_grads=True)


@case("shash-adam-multistep-x0p1-at-5pct", "shash", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return shash_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("shash-rmsprop-exponential-1000x-in-40-steps", "shash", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return shash_family("rmsprop", 3e-3, schedule=exponential_to(1e-3, 0.1),
                        schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("shash-sgdm-lr-0p1-no-clip", "shash", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return shash_family("sgdm", 0.1)


@case("shash-sgd-lr-1-no-clip-log2", "shash", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return shash_family("sgd", 1.0, log_every=2)


@case("shash-adam-300-rows-overfits", "shash", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return shash_family("adam", 0.01, steps=800, eval_every=40, data=fd.shash_rows(train_rows=300))


# fresh95 half: healthy look-alikes


@case("gfnet-adam-cosine-log2", "gfnet", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.GFNET_CLASSES, fall=0.6))
def _() -> Setup:
    return gfnet_family("adam", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gfnet-adamw-warmup-cosine-eval25", "gfnet", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.GFNET_CLASSES, fall=0.6))
def _() -> Setup:
    return gfnet_family("adamw", 0.03, eval_every=25, schedule=cosine_after(0.1),
                        schedule_name="linear warmup 10% + cosine")


@case("gfnet-nadam-sgdr-log5", "gfnet", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fd.GFNET_CLASSES, fall=0.6))
def _() -> Setup:
    return gfnet_family("nadam", 0.03, log_every=5, schedule=warm_restarts(0.25),
                        schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("quartznet-adam-on-plateau-log2", "quartznet", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.QUARTZNET_CLASSES, fall=0.6))
def _() -> Setup:
    return quartznet_family("adam", 3e-3, log_every=2, schedule=on_plateau(),
                            schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("quartznet-sgdm-cosine-eval60", "quartznet", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.QUARTZNET_CLASSES, fall=0.6))
def _() -> Setup:
    return quartznet_family("sgdm", 0.03, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


@case("quartznet-radam-step-decay-log3", "quartznet", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.QUARTZNET_CLASSES, fall=0.6))
def _() -> Setup:
    return quartznet_family("radam", 0.01, log_every=3, schedule=multistep(0.8, gamma=0.3), schedule_name="MultiStepLR")


@case("quartznet-adam-resumed-with-state", "quartznet", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.QUARTZNET_CLASSES, fall=0.6))
def _() -> Setup:
    return quartznet_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                            schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("dnf-adam-cosine-eval50", "dnf", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.DNF_CLASSES, fall=0.6))
def _() -> Setup:
    return dnf_family("adam", 0.01, eval_every=50, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dnf-rmsprop-cosine-log3", "dnf", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.DNF_CLASSES, fall=0.6))
def _() -> Setup:
    return dnf_family("rmsprop", 0.01, log_every=3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dnf-adagrad-on-plateau-log4", "dnf", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.DNF_CLASSES, fall=0.6))
def _() -> Setup:
    return dnf_family("adagrad", 0.1, log_every=4, schedule=on_plateau(),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("dnf-nadam-one-cycle-log5", "dnf", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.DNF_CLASSES, fall=0.6))
def _() -> Setup:
    return dnf_family("nadam", 0.01, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("shash-adam-cosine-eval25", "shash", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return shash_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("shash-rmsprop-step-decay-log3", "shash", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return shash_family("rmsprop", 1e-3, log_every=3, schedule=multistep(0.8, gamma=0.3),
                        schedule_name="MultiStepLR")  # fmt: skip


@case("shash-adamw-warmup-linear-avg10", "shash", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return shash_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                        schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("shash-radam-warmup-cosine-log4", "shash", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return shash_family("radam", 3e-3, log_every=4, schedule=cosine_after(0.1),
                        schedule_name="linear warmup 10% + cosine")


@case("shash-adagrad-constant-eval50", "shash", "healthy", like=("lr-too-high", "plateau"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return shash_family("adagrad", 0.03, eval_every=50)


@case("dnf-sgdm-cosine-eval60", "dnf", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.DNF_CLASSES, fall=0.6))
def _() -> Setup:
    return dnf_family("sgdm", 0.3, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


# fresh95 half, logged once per epoch


@case("dnf-adam-50-rows-overfits-per-epoch", "dnf", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return dnf_family("adam", 0.01, steps=40 * 10, log_per_epoch=True, data=fd.dnf_rows(batch_size=5, train_rows=50))


@case("dnf-adam-lr-1-per-epoch", "dnf", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return dnf_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.dnf_rows(n=1600, batch_size=32))


@case("dnf-adam-cosine-per-epoch", "dnf", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.DNF_CLASSES, fall=0.6))
def _() -> Setup:
    return dnf_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.dnf_rows(n=1600, batch_size=32),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("shash-adam-cosine-per-epoch", "shash", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return shash_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True, data=fd.shash_rows(n=3200, batch_size=64),
                        schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
