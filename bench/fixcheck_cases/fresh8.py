"""The eighth fresh half (fresh8, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from torch.nn import functional as F

import fixcheck_data as fd
from fixcheck_cases.fresh import on_plateau
from fixcheck_cases.fresh2 import LN2, without_missing_targets
from fixcheck_cases.fresh6 import setup_more
from fixcheck_cases.tune import HIGH
from fixcheck_core import (
    anything, case, dead_from, first_dead, first_loss_above, first_nan, flat_late, healthy_shape, lr_down_by, lr_to,
    nan_within, overfits, still_falling,
)
from harness import Setup, cosine_after, exponential, exponential_to, multistep, one_cycle, scaled_head, warm_restarts


def crf_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.crf_nll)
    knobs.setdefault("loss_name", "linear-chain CRF negative log-likelihood per sequence (forward algorithm, logsumexp; batch mean)")
    knobs.setdefault("meta", {"num_tags": fd.CRF_TAGS, "tag_scheme": "BIO", "sequence_length": fd.CRF_LENGTH})
    return setup_more(knobs.pop("data", None) or fd.tagged_sequences(), knobs.pop("model", None) or fd.RNNCRF, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def pixelcnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.pixel_bce)
    knobs.setdefault("loss_name", "binary cross-entropy with logits per pixel (nats, mean over the 144 pixels of each image)")
    knobs.setdefault("meta", {"image_size": "12x12", "masked_convolutions": "type A, then type B", "autoregressive": True})
    return setup_more(knobs.pop("data", None) or fd.binary_images(), knobs.pop("model", None) or fd.PixelCNN, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def siren_family(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the pixel value (the image standardised)")
    knobs.setdefault("meta", {"representation": "SIREN, omega_0 = 30", "image": "64x64", "held_out": "unseen pixel coordinates"})
    return setup_more(knobs.pop("data", None) or fd.coordinate_image(), knobs.pop("model", None) or fd.Siren, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def multitask_family(optimizer: str, lr: float, steps: int = 1500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 150)
    knobs.setdefault("loss_fn", fd.mtl_loss)
    knobs.setdefault("loss_name", "uncertainty-weighted multi-task loss exp(-s_c) CE + s_c/2 + exp(-s_r) MSE/2 + s_r/2 "
                                  "(learned log-variances s = log sigma^2, Kendall et al.; it can go below 0)")
    knobs.setdefault("meta", {"tasks": "6-class classification + regression", "classes": fd.MTL_CLASSES,
                              "task_weighting": "learned homoscedastic uncertainty"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.two_task_table(), knobs.pop("model", None) or fd.UncertaintyMTL,
                      optimizer, lr, steps, **knobs)  # fmt: skip


FOURIER = {"representation": "random Fourier features (64, scale 2) + ReLU MLP", "image": "64x64",
           "held_out": "unseen pixel coordinates"}  # fmt: skip
CRF0, PIX0, SIREN0, MTL0 = fd.crf_uniform_nll(), LN2, 1.0, fd.mtl_at_zero()
"""Where the untrained models start: the CRF loss of all-zero scores (16 ln 5 ~ 25.8), ln 2 per pixel for the PixelCNN,
the image's variance (1, standardised) for the coordinate MLPs, and ln 6 + mean(y^2) / 2 (~2.4) for the multi-task
loss."""

# crf: a BiGRU-CRF tagger (embeddings 16, GRU 24 a direction, a linear head of emissions, learnable 5 x 5 transitions)
# of 16-token BIO-tagged sequences; works at Adam 0.01-0.03, RMSprop 0.01, SGDm 0.03-0.1; the held-out CRF loss falls
# from ~25 (16 ln 5) to ~3.3 per sequence


@case("crf-bigru-adam-lr-1-100x-from-step-1", "crf", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return crf_family("adam", 1.0)


@case("crf-bigru-sgdm-lr-0p3-10x-blows-up-log2", "crf", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return crf_family("sgdm", 0.3, log_every=2)


@case("crf-rnn-sgd-lr-0p5-no-clip-explodes", "crf", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return crf_family("sgd", 0.5, model=lambda: fd.RNNCRF("rnn", gain=1.0))


@case("crf-bigru-adam-lr-1e-4-100x-low", "crf", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return crf_family("adam", 1e-4)


@case("crf-bigru-sgdm-lr-1e-3-30x-low-log4", "crf", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return crf_family("sgdm", 1e-3, log_every=4)


@case("crf-bigru-sgdm-summed-crf", "crf", "summed",
      cf=lambda s: replace(s, loss_fn=fd.crf_nll, loss_name="CRF negative log-likelihood per sequence (batch mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, CRF0, "the CRF loss of all-zero scores"))
def _() -> Setup:
    return crf_family("sgdm", 0.03, loss_fn=fd.crf_nll_summed,
                      loss_name="CRF negative log-likelihood summed over the batch (reduction='sum', torchcrf's default)",
                      val_loss_fn=fd.crf_nll, mean_loss_fn=fd.crf_nll)  # fmt: skip


@case("crf-bigru-adam-head-x300", "crf", "last-layer-init",
      cf=lambda s: replace(s, model=fd.RNNCRF), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CRF0, "the CRF loss of all-zero scores"))
def _() -> Setup:
    return crf_family("adam", 0.01, model=lambda: scaled_head(fd.RNNCRF(), 300, bias=True))


@case("crf-bigru-adam-lr-0p01-recreated-each-epoch", "crf", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return crf_family("adam", 0.01, recreate_optimizer_at=frozenset(range(93, 400, 93)))


@case("crf-bigru-adamw-exponential-100x-in-40-steps", "crf", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 45))
def _() -> Setup:
    return crf_family("adamw", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 40")


@case("crf-bigru-sgdm-exponential-gamma-1p02", "crf", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return crf_family("sgdm", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("crf-bigru-adamw-warmup-cosine-peak-1", "crf", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return crf_family("adamw", 1.0, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("crf-bigru-sgdm-lr-0p1-constant-plateau", "crf", "plateau", cf=lambda s: replace(s, decay_step=200),
      cf_what="lr x0.1 from step 200", must=("plateau",), may=("lr-too-high",), fault_step=200, tol=150, shape=flat_late)
def _() -> Setup:
    return crf_family("sgdm", 0.1)


@case("crf-bilstm64-adam-300-sequences-overfits", "crf", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return crf_family("adam", 0.01, steps=600, eval_every=30, data=fd.tagged_sequences(train_rows=300),
                      model=lambda: fd.RNNCRF("lstm", hidden=64))  # fmt: skip


# pixelcnn: a PixelCNN (5x5 type-A masked conv, two residual 3x3 type-B masked convs, 16 channels, a per-pixel ReLU layer
# and a linear head) of binary 12x12 images of random shapes; works at Adam 3e-3-0.03, SGDm 0.3-1, RMSprop 3e-3,
# Adagrad 0.03; the held-out loss falls from ln 2 to ~0.185 nats per pixel (the pixels' marginal entropy is ~0.42)


@case("pixelcnn-adam-lr-0p3-100x-blows-up", "pixelcnn", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return pixelcnn_family("adam", 0.3)


@case("pixelcnn-sgdm-lr-30-100x-blows-up-log2", "pixelcnn", "lr-high-step1", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return pixelcnn_family("sgdm", 30.0, log_every=2)


@case("pixelcnn-adam-lr-3e-5-100x-low", "pixelcnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return pixelcnn_family("adam", 3e-5)


@case("pixelcnn-adagrad-lr-1e-3-30x-low-log4", "pixelcnn", "lr-low-adagrad", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return pixelcnn_family("adagrad", 1e-3, log_every=4)


@case("pixelcnn-sgdm-summed-bce", "pixelcnn", "summed",
      cf=lambda s: replace(s, loss_fn=fd.pixel_bce, loss_name="binary cross-entropy with logits per pixel (mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, PIX0, "ln 2"))
def _() -> Setup:
    return pixelcnn_family("sgdm", 0.1, loss_fn=fd.pixel_bce_summed,
                           loss_name="binary cross-entropy with logits (reduction='sum' over the pixels and the batch)",
                           val_loss_fn=fd.pixel_bce, mean_loss_fn=fd.pixel_bce)  # fmt: skip


@case("pixelcnn-sgdm-head-x300", "pixelcnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.PixelCNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, PIX0, "ln 2"))
def _() -> Setup:
    return pixelcnn_family("sgdm", 0.3, model=lambda: scaled_head(fd.PixelCNN(), 300, bias=True))


@case("pixelcnn-adam-corrupt-images-nan", "pixelcnn", "nan-early", cf=lambda s: replace(s, data=without_missing_targets(s.data)),
      cf_what="the corrupt images dropped", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 93))
def _() -> Setup:
    return pixelcnn_family("adam", 3e-3, data=fd.binary_images(nan_rows=0.01))


@case("pixelcnn-adam-pixel-layer-dead-at-init", "pixelcnn", "dead-units",
      cf=lambda s: replace(s, model=fd.PixelCNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return pixelcnn_family("adam", 3e-3, model=lambda: fd.PixelCNN(dead_bias=-6.0), track_zero_grads=True)


@case("pixelcnn-sgdm-lr-10-dead-relus", "pixelcnn", "dead-units-lr", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("dead-units",), may=("lr-too-high", "plateau", "exploding-gradients"), fault_step=first_dead, tol=100,
      shape=dead_from)
def _() -> Setup:
    return pixelcnn_family("sgdm", 10.0, track_zero_grads=True)


@case("pixelcnn-adam-multistep-x0p1-at-5pct", "pixelcnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return pixelcnn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("pixelcnn-adamw-exponential-100x-in-40-steps", "pixelcnn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 45))
def _() -> Setup:
    return pixelcnn_family("adamw", 3e-3, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 40")


@case("pixelcnn-rmsprop-lr-3e-3-recreated-each-epoch", "pixelcnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return pixelcnn_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(93, 400, 93)))


@case("pixelcnn32-adam-100-images-overfits", "pixelcnn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return pixelcnn_family("adam", 3e-3, steps=500, eval_every=25, data=fd.binary_images(train_rows=100),
                           model=lambda: fd.PixelCNN(channels=32))  # fmt: skip


# siren: a SIREN coordinate MLP (three sine layers of 64, omega_0 = 30, SIREN's init; or random Fourier features and a ReLU
# MLP) fitting a 64x64 synthetic image from half its pixels, MSE; SIREN works at Adam 1e-4-3e-4, RMSprop 1e-4, Adagrad
# 3e-3, SGDm 1e-3, is unstable at Adam 3e-3 and falls to the image's variance (1) from Adam 0.01 or SGDm 3e-3 on; the
# held-out loss on the other pixels falls from ~1.1 to ~0.011


@case("siren-adam-lr-0p03-100x-to-chance", "siren", "lr-high-chance", cf=lr_to(3e-4), cf_what="Adam lr 3e-4",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=800, shape=anything)
def _() -> Setup:
    return siren_family("adam", 0.03)


@case("siren-adam-lr-3e-3-10x-unstable", "siren", "lr-high-oscillating", cf=lr_to(3e-4), cf_what="Adam lr 3e-4",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return siren_family("adam", 3e-3)


@case("siren-adam-lr-3e-6-100x-low", "siren", "lr-low-adam", cf=lr_to(3e-4), cf_what="Adam lr 3e-4",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return siren_family("adam", 3e-6)


@case("siren-rmsprop-lr-3e-6-30x-low-log5", "siren", "lr-low-rmsprop", cf=lr_to(1e-4), cf_what="RMSprop lr 1e-4",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return siren_family("rmsprop", 3e-6, log_every=5)


@case("siren-sgdm-summed-mse", "siren", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (reduction='mean')"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, SIREN0, "the image's variance"))
def _() -> Setup:
    return siren_family("sgdm", 1e-3, loss_fn=fd.mse_summed, loss_name="squared error summed over the batch (reduction='sum')",
                        val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("siren-adam-head-x300", "siren", "last-layer-init",
      cf=lambda s: replace(s, model=fd.Siren), cf_what="the default (SIREN) init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SIREN0, "the image's variance"))
def _() -> Setup:
    return siren_family("adam", 3e-4, model=lambda: scaled_head(fd.Siren(), 300, bias=True))


@case("siren-adam-recreated-each-epoch", "siren", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=17, tol=5,
      shape=anything)
def _() -> Setup:
    return siren_family("adam", 3e-4, recreate_optimizer_at=frozenset(range(16, 800, 16)))


@case("siren-adam-multistep-x0p1-at-5pct", "siren", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=41, tol=100, shape=lr_down_by(0.11, 45))
def _() -> Setup:
    return siren_family("adam", 3e-4, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("siren-adam-exponential-gamma-1p01", "siren", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return siren_family("adam", 3e-4, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("siren-adam-noisy-image-overfits", "siren", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return siren_family("adam", 3e-4, eval_every=40, data=fd.coordinate_image(noise=0.3),
                        meta={"representation": "SIREN, omega_0 = 30", "image": "64x64 with Gaussian noise 0.3",
                              "held_out": "unseen pixel coordinates"})  # fmt: skip


@case("siren-fourier-adam-hidden-dead-at-init", "siren", "dead-units",
      cf=lambda s: replace(s, model=fd.FourierMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return siren_family("adam", 1e-3, model=lambda: fd.FourierMLP(dead_bias=-6.0), track_zero_grads=True, meta=FOURIER)


@case("siren-adamw-warmup-cosine-peak-0p01", "siren", "lr-high-ramp", cf=lr_to(3e-4), cf_what="peak lr 3e-4",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return siren_family("adamw", 0.01, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


# multitask: a shared ReLU trunk (16-64-64) with a 6-class classification head and a regression head, the two losses
# weighted by learned log-variances (Kendall et al.); works at Adam 3e-3-0.01, RMSprop 3e-3, SGDm 0.03 (noisily); the
# held-out loss falls from ~2.4 to ~0.55 (an overfitting run's training loss goes far below 0)


@case("multitask-mlp-adam-lr-0p3-100x-from-step-1", "multitask", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=1500, shape=anything)
def _() -> Setup:
    return multitask_family("adam", 0.3)


@case("multitask-mlp-sgdm-lr-1-trunk-dies", "multitask", "dead-units-lr", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("dead-units",), may=("lr-too-high", "plateau", "exploding-gradients"), fault_step=first_dead, tol=100,
      shape=dead_from)
def _() -> Setup:
    return multitask_family("sgdm", 1.0, track_zero_grads=True)


@case("multitask-mlp-adam-lr-3e-5-100x-low", "multitask", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=1500, shape=still_falling)
def _() -> Setup:
    return multitask_family("adam", 3e-5)


@case("multitask-mlp-rmsprop-lr-3e-5-100x-low-log4", "multitask", "lr-low-rmsprop", cf=lr_to(3e-3),
      cf_what="RMSprop lr 3e-3", must=("lr-too-low",), may=("plateau",), tol=1500, shape=still_falling)
def _() -> Setup:
    return multitask_family("rmsprop", 3e-5, log_every=4)


@case("multitask-mlp-sgdm-summed-losses", "multitask", "summed",
      cf=lambda s: replace(s, loss_fn=fd.mtl_loss, loss_name="uncertainty-weighted CE + MSE (batch means)"),
      cf_what="reduction='mean' for both tasks", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, MTL0, "ln 6 + 1/2"))
def _() -> Setup:
    return multitask_family("sgdm", 0.03, loss_fn=fd.mtl_loss_summed,
                            loss_name="uncertainty-weighted CE + MSE, each summed over the batch (reduction='sum')",
                            val_loss_fn=fd.mtl_loss, mean_loss_fn=fd.mtl_loss)  # fmt: skip


@case("multitask-mlp-adam-class-head-x300", "multitask", "last-layer-init",
      cf=lambda s: replace(s, model=fd.UncertaintyMTL), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MTL0, "ln 6 + 1/2"))
def _() -> Setup:
    return multitask_family("adam", 3e-3, model=lambda: scaled_head(fd.UncertaintyMTL(), 300, bias=True))


@case("multitask-mlp-adam-missing-targets-nan", "multitask", "nan-early",
      cf=lambda s: replace(s, data=without_missing_targets(s.data)), cf_what="the rows without a target dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(1, 187))
def _() -> Setup:
    return multitask_family("adam", 3e-3, data=fd.two_task_table(missing=0.01))


@case("multitask-mlp-adam-trunk-dead-at-init", "multitask", "dead-units",
      cf=lambda s: replace(s, model=fd.UncertaintyMTL), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return multitask_family("adam", 3e-3, model=lambda: fd.UncertaintyMTL(dead_bias=-6.0), track_zero_grads=True)


@case("multitask-mlp-adam-multistep-x0p1-at-5pct", "multitask", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=76, tol=100, shape=lr_down_by(0.11, 80))
def _() -> Setup:
    return multitask_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("multitask-mlp-sgdm-exponential-gamma-1p02-nan", "multitask", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(20, 1500))
def _() -> Setup:
    return multitask_family("sgdm", 0.03, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("multitask-mlp-adamw-warmup-cosine-peak-0p3", "multitask", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=1500, shape=anything)
def _() -> Setup:
    return multitask_family("adamw", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("multitask-mlp128-adam-400-rows-overfits", "multitask", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return multitask_family("adam", 3e-3, eval_every=50, data=fd.two_task_table(train_rows=400),
                            model=lambda: fd.UncertaintyMTL(hidden=128))  # fmt: skip


# fresh8 half: healthy look-alikes


@case("crf-bigru-adamw-warmup-cosine", "crf", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return crf_family("adamw", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("crf-bigru-sgdm-onecycle-log5", "crf", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return crf_family("sgdm", 0.1, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("crf-bigru-adam-sgdr-log4", "crf", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return crf_family("adam", 0.03, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("crf-bigru-rmsprop-step-decay-log10", "crf", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return crf_family("rmsprop", 0.01, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")


@case("crf-bilstm-adam-constant-long-avg25", "crf", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return crf_family("adam", 3e-3, steps=1000, log_every=25, average=True, eval_every=100, model=lambda: fd.RNNCRF("lstm"))


@case("pixelcnn-adamw-warmup-cosine", "pixelcnn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return pixelcnn_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("pixelcnn-sgdm-step-decay-log10", "pixelcnn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return pixelcnn_family("sgdm", 0.3, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")


@case("pixelcnn-rmsprop-reduce-on-plateau-log4", "pixelcnn", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return pixelcnn_family("rmsprop", 3e-3, log_every=4, schedule=on_plateau(0.3, 1),
                           schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("pixelcnn-adam-constant-long-avg50", "pixelcnn", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return pixelcnn_family("adam", 3e-3, steps=1500, log_every=50, average=True, eval_every=150)


@case("pixelcnn-adam-finetune-lr-1e-4", "pixelcnn", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return pixelcnn_family("adam", 1e-4, steps=300, eval_every=30, model=fd.pretrained_pixelcnn,
                           meta={"image_size": "12x12", "pretrained": True})  # fmt: skip


@case("siren-adamw-warmup-cosine", "siren", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return siren_family("adamw", 3e-4, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("siren-adam-constant-long-avg50", "siren", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return siren_family("adam", 1e-4, steps=2500, log_every=50, average=True, eval_every=250)


@case("siren-adam-sgdr-log4", "siren", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return siren_family("adam", 3e-4, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("siren-fourier-sgdm-step-decay-log10", "siren", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return siren_family("sgdm", 0.1, log_every=10, model=fd.FourierMLP, meta=FOURIER,
                        schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")  # fmt: skip


@case("siren-adagrad-constant-log4", "siren", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return siren_family("adagrad", 3e-3, log_every=4)


@case("multitask-mlp-adamw-warmup-cosine", "multitask", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return multitask_family("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("multitask-mlp-sgdm-onecycle-log5", "multitask", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape())
def _() -> Setup:
    return multitask_family("sgdm", 0.03, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("multitask-mlp-rmsprop-reduce-on-plateau-log4", "multitask", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return multitask_family("rmsprop", 3e-3, log_every=4, schedule=on_plateau(0.3, 1),
                            schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("multitask-mlp-adam-constant-long-avg50", "multitask", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return multitask_family("adam", 3e-3, steps=3000, log_every=50, average=True, eval_every=300)


# fresh8 half, logged once per epoch


@case("crf-bilstm64-adam-300-sequences-overfits-per-epoch", "crf", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return crf_family("adam", 0.01, steps=9 * 60, data=fd.tagged_sequences(train_rows=300),
                      model=lambda: fd.RNNCRF("lstm", hidden=64), log_per_epoch=True)  # fmt: skip


@case("multitask-mlp-adam-lr-0p3-per-epoch", "multitask", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return multitask_family("adam", 0.3, steps=187 * 8, log_per_epoch=True)


@case("pixelcnn-adam-per-epoch", "pixelcnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return pixelcnn_family("adam", 3e-3, steps=93 * 6, log_per_epoch=True)


@case("siren-adam-cosine-per-epoch", "siren", "healthy", like=("overfitting", "plateau", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return siren_family("adam", 3e-4, steps=16 * 50, log_per_epoch=True, schedule=cosine_after(0.0), per_epoch=True,
                        schedule_name="cosine, per epoch")  # fmt: skip


@case("multitask-mlp-adam-step-decay-per-epoch", "multitask", "healthy", like=("overfitting", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return multitask_family("adam", 3e-3, steps=187 * 8, log_per_epoch=True, schedule=multistep(0.75, gamma=0.1),
                            per_epoch=True, schedule_name="MultiStepLR at 75%, per epoch")  # fmt: skip
