"""The fifth fresh half (fresh5, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import torch

import fixcheck_data as fd
from fixcheck_cases.fresh import explodes
from fixcheck_cases.fresh2 import without_missing_targets
from fixcheck_cases.tune import HIGH
from fixcheck_core import (
    anything, at_chance, case, dead_from, first_dead, first_loss_above, first_nan, flat_late, healthy_shape, imputed,
    lr_down_by, lr_to, nan_within, never_below_start, overfits, rises_after_dip, setup, still_falling,
)
from harness import (
    LN, SMOOTHED, Setup, constant_after, cosine_after, cyclic, exponential, exponential_to, multistep, one_cycle,
    scaled_head, smoothed_ce, warm_restarts,
)


def flow(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.flow_nll)
    knobs.setdefault("loss_name", "negative log-likelihood per point (nats): -log N(z; 0, I) - log|det dz/dx|")
    knobs.setdefault("meta", {"data_dim": fd.FLOW_DIM, "couplings": 6})
    return setup(knobs.pop("data", None) or fd.lifted_moons(), knobs.pop("model", None) or fd.RealNVP, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def diffuse(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.noise_mse)
    knobs.setdefault("loss_name", "mse of the predicted noise (DDPM, random timestep of 100)")
    knobs.setdefault("meta", {"data_dim": fd.DIFF_DIM, "timesteps": fd.DIFF_T})
    return setup(knobs.pop("data", None) or fd.manifold_points(), knobs.pop("model", None) or fd.Denoiser, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def triplet(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.triplet_loss)
    knobs.setdefault("loss_name", f"TripletMarginLoss(margin={fd.TRIPLET_MARGIN:g})")
    knobs.setdefault("meta", {"margin": fd.TRIPLET_MARGIN, "embedding_dim": 16})
    return setup(knobs.pop("data", None) or fd.class_triplets(), knobs.pop("model", None) or fd.TripletEmbed, optimizer,
                 lr, steps, **knobs)  # fmt: skip


def mobile(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_fn", smoothed_ce)
    knobs.setdefault("loss_name", SMOOTHED)
    return setup(knobs.pop("data", None) or fd.pattern_images(), knobs.pop("model", None) or fd.TinyMobileNet, optimizer,
                 lr, steps, **knobs)  # fmt: skip


FLOW0 = fd.gaussian_fit_nll()
"""The flow's held-out NLL of the best diagonal Gaussian (4.74 nats): where a flow that learned nothing sits."""
NOISE0, C6S = 1.0, LN(fd.MOBILE_CLASSES)
"""The noise MSE of a denoiser that predicts 0 (the noise's variance), and ln 6 for the MobileNet classifier."""

# flow: a RealNVP (6 affine couplings, MLPs 4-48-48-8) of a 4-D lifted two-moons density; works at Adam 3e-3..0.01
# (batch 128; with a decaying schedule up to 0.03), RMSprop 1e-3..3e-3, SGD 0.03 (slowly); its NLL ends near -1.2
# to -1.7 nats


@case("flow-realnvp-adam-lr-0p3-100x-from-step-1", "flow", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return flow("adam", 0.3)


@case("flow-realnvp-adam-lr-3e-5-100x-low", "flow", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return flow("adam", 3e-5)


@case("flow-realnvp-sgd-lr-3e-4-100x-low-log5", "flow", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return flow("sgd", 3e-4, log_every=5)


@case("flow-realnvp-adam-exponential-gamma-1p01", "flow", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return flow("adam", 1e-3, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("flow-realnvp-adam-nan-coordinate-early", "flow", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 40))
def _() -> Setup:
    return flow("adam", 3e-3, data=fd.lifted_moons(nan_rows=0.005))


@case("flow-realnvp-adam-couplings-dead-at-init", "flow", "dead-units",
      cf=lambda s: replace(s, model=fd.RealNVP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return flow("adam", 3e-3, model=lambda: fd.RealNVP(dead_bias=-6.0), track_zero_grads=True)


@case("flow-realnvp-adam-coupling-heads-x30", "flow", "last-layer-init",
      cf=lambda s: replace(s, model=fd.RealNVP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(20, FLOW0, "the NLL of the best diagonal Gaussian"))
def _() -> Setup:
    return flow("adam", 3e-3, model=lambda: fd.RealNVP(head_scale=30.0))


@case("flow-realnvp-adam-multistep-x0p1-at-5pct", "flow", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return flow("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("flow-realnvp-rmsprop-lr-1e-3-recreated-each-epoch", "flow", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=24, tol=5,
      shape=anything)
def _() -> Setup:
    return flow("rmsprop", 1e-3, recreate_optimizer_at=frozenset(range(23, 600, 23)))


@case("flow-realnvp-sgd-summed-nll", "flow", "summed",
      cf=lambda s: replace(s, loss_fn=fd.flow_nll, loss_name="negative log-likelihood per point (batch mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, FLOW0, "the NLL of the best diagonal Gaussian"))
def _() -> Setup:
    return flow("sgd", 0.03, loss_fn=fd.flow_nll_summed, loss_name="negative log-likelihood (reduction='sum')",
                val_loss_fn=fd.flow_nll, mean_loss_fn=fd.flow_nll)  # fmt: skip


@case("flow-realnvp-adam-lr-0p03-no-warmup", "flow", "missing-warmup", cf=lambda s: replace(s, warmup_steps=100),
      cf_what="a 100-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=100,
      shape=anything)
def _() -> Setup:
    return flow("adam", 0.03)


# diffuse: a DDPM noise-prediction MLP (8 + 16 -> 128 x3 -> 8) of 8-D points on a curved surface; works at Adam
# 1e-3..3e-3, SGDm 0.03..0.3, SGD 1; the noise MSE ends near 0.14


@case("diffuse-mlp-sgd-lr-3-predicts-zero-noise", "diffuse", "lr-high-chance", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=at_chance(NOISE0, "the noise's variance"))
def _() -> Setup:
    return diffuse("sgd", 3.0)


@case("diffuse-mlp-adam-lr-1-300x-from-step-1-log2", "diffuse", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return diffuse("adam", 1.0, log_every=2)


@case("diffuse-mlp-sgdm-lr-1-diverges-after-dip", "diffuse", "lr-high-diverge", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip(1.15))
def _() -> Setup:
    return diffuse("sgdm", 1.0)


@case("diffuse-mlp-sgdm-lr-3e-3-10x-low-log4", "diffuse", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return diffuse("sgdm", 3e-3, log_every=4)


@case("diffuse-mlp-sgdm-summed-noise-mse", "diffuse", "summed",
      cf=lambda s: replace(s, loss_fn=fd.noise_mse, loss_name="mse of the predicted noise (batch mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, NOISE0, "the noise's variance"))
def _() -> Setup:
    return diffuse("sgdm", 0.03, loss_fn=fd.noise_mse_summed, loss_name="mse of the predicted noise (reduction='sum')",
                   val_loss_fn=fd.noise_mse, mean_loss_fn=fd.noise_mse)  # fmt: skip


@case("diffuse-mlp-adam-nan-points-mid-run", "diffuse", "nan-midrun",
      cf=lambda s: replace(s, data=without_missing_targets(s.data)), cf_what="the rows with a NaN dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(2, 600))
def _() -> Setup:
    return diffuse("adam", 3e-3, data=fd.manifold_points(nan_count=2))


@case("diffuse-mlp-adam-lr-0p01-constant-plateau", "diffuse", "plateau", cf=lambda s: replace(s, decay_step=300),
      cf_what="lr x0.1 from step 300", must=("plateau",), may=("lr-too-high",), fault_step=300, tol=300, shape=flat_late)
def _() -> Setup:
    return diffuse("adam", 0.01)


@case("diffuse-mlp-adam-exponential-100x-in-60-steps", "diffuse", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 60))
def _() -> Setup:
    return diffuse("adam", 3e-3, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 60")


@case("diffuse-mlp-rmsprop-lr-3e-3-recreated-each-epoch", "diffuse", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=63, tol=5,
      shape=anything)
def _() -> Setup:
    return diffuse("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(62, 600, 62)))


@case("diffuse-mlp-adam-head-x300", "diffuse", "last-layer-init",
      cf=lambda s: replace(s, model=fd.Denoiser), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(20, NOISE0, "the noise's variance"))
def _() -> Setup:
    return diffuse("adam", 3e-3, model=lambda: scaled_head(fd.Denoiser(), 300, bias=True))


@case("diffuse-mlp-adam-last-hidden-dead-at-init", "diffuse", "dead-units",
      cf=lambda s: replace(s, model=fd.Denoiser), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return diffuse("adam", 3e-3, model=lambda: fd.Denoiser(dead_bias=-6.0), track_zero_grads=True)


# triplet: an MLP embedding (24-64-64-16) of triplets of 8 classes, TripletMarginLoss(margin 1); works at Adam
# 1e-3..0.01, RMSprop 3e-3, SGDm 0.03, SGD 0.1..1; the held-out loss ends near 0.13, the training loss often at
# exactly 0


@case("triplet-mlp-adam-lr-0p3-collapses-to-margin", "triplet", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600,
      shape=at_chance(fd.TRIPLET_MARGIN, "the margin (all embeddings equal)"))
def _() -> Setup:
    return triplet("adam", 0.3)


@case("triplet-mlp-adamw-warmup-cosine-peak-0p3", "triplet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip(1.15))
def _() -> Setup:
    return triplet("adamw", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("triplet-mlp-rmsprop-lr-0p1-never-below-start-log2", "triplet", "lr-high-oscillation", cf=lr_to(3e-3),
      cf_what="RMSprop lr 3e-3", must=("lr-too-high",), may=HIGH, tol=600, shape=never_below_start)
def _() -> Setup:
    return triplet("rmsprop", 0.1, log_every=2)


@case("triplet-mlp-adam-exponential-gamma-1p01-log5", "triplet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip())
def _() -> Setup:
    return triplet("adam", 3e-3, log_every=5, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("triplet-mlp-sgd-lr-1e-3-100x-low", "triplet", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return triplet("sgd", 1e-3)


@case("triplet-mlp-sgd-summed-loss", "triplet", "summed",
      cf=lambda s: replace(s, loss_fn=fd.triplet_loss, loss_name="TripletMarginLoss (batch mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, fd.TRIPLET_MARGIN, "the margin"))
def _() -> Setup:
    return triplet("sgd", 0.1, loss_fn=fd.triplet_loss_summed, loss_name="TripletMarginLoss(reduction='sum')",
                   val_loss_fn=fd.triplet_loss, mean_loss_fn=fd.triplet_loss)  # fmt: skip


@case("triplet-mlp-adam-last-hidden-dead-at-init", "triplet", "dead-units",
      cf=lambda s: replace(s, model=fd.TripletEmbed), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return triplet("adam", 3e-3, model=lambda: fd.TripletEmbed(dead_bias=-6.0), track_zero_grads=True)


@case("triplet-mlp128-adam-300-triplets-overfits", "triplet", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return triplet("adam", 3e-3, eval_every=20, data=fd.class_triplets(train_rows=300), model=lambda: fd.TripletEmbed(hidden=128))


@case("triplet-mlp-sgdm-multistep-x0p1-at-5pct", "triplet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return triplet("sgdm", 0.03, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("triplet-mlp4-sgd-lr-3-no-clip-explodes", "triplet", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=explodes(10, 20))
def _() -> Setup:
    return triplet("sgd", 3.0, model=lambda: fd.TripletEmbed(layers=4))


@case("triplet-mlp-adam-head-x300-log2", "triplet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TripletEmbed), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, fd.TRIPLET_MARGIN, "the margin"))
def _() -> Setup:
    return triplet("adam", 3e-3, log_every=2, model=lambda: scaled_head(fd.TripletEmbed(), 300, bias=True))


# mobile: a MobileNet-like CNN (3x3 stem, three depthwise-separable blocks, BatchNorm, Hardswish) on 16x16 colour
# textures (6 classes), label smoothing 0.1; works at Adam 3e-3..0.01, SGDm 0.1; the loss ends near 0.7


@case("mobile-cnn-sgdm-lr-3-30x-from-step-1", "mobile", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return mobile("sgdm", 3.0)


@case("mobile-cnn-adamw-warmup-constant-peak-1", "mobile", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return mobile("adamw", 1.0, schedule=constant_after(0.2), schedule_name="linear warmup 20% + constant")


@case("mobile-cnn-adam-lr-1e-4-100x-low", "mobile", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return mobile("adam", 1e-4)


@case("mobile-cnn-sgdm-lr-1e-3-100x-low-log5", "mobile", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return mobile("sgdm", 1e-3, log_every=5)


@case("mobile-cnn-rmsprop-lr-3e-3-recreated-each-epoch", "mobile", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=63, tol=5,
      shape=anything)
def _() -> Setup:
    return mobile("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(62, 500, 62)))


@case("mobile-cnn-adam-600-images-overfits", "mobile", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return mobile("adam", 3e-3, steps=400, eval_every=20, data=fd.pattern_images(train_rows=600))


@case("mobile-cnn-adamw-exponential-100x-in-50-steps", "mobile", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 50))
def _() -> Setup:
    return mobile("adamw", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 50")


@case("mobile-cnn-adam-head-x300", "mobile", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TinyMobileNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(20, C6S, "ln 6"))
def _() -> Setup:
    return mobile("adam", 3e-3, model=lambda: scaled_head(fd.TinyMobileNet(), 300, bias=True))


@case("mobile-cnn-sgdm-summed-loss", "mobile", "summed",
      cf=lambda s: replace(s, loss_fn=smoothed_ce, loss_name=SMOOTHED), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, C6S, "ln 6"))
def _() -> Setup:
    return mobile("sgdm", 0.1, loss_fn=fd.smoothed_ce_summed, loss_name="cross_entropy (label_smoothing=0.1, reduction='sum')",
                  val_loss_fn=smoothed_ce, mean_loss_fn=smoothed_ce)  # fmt: skip


@case("mobile-cnn-relu6-adam-last-bn-dead-at-init", "mobile", "dead-units",
      cf=lambda s: replace(s, model=lambda: fd.TinyMobileNet(act=torch.nn.ReLU6)), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return mobile("adam", 3e-3, model=lambda: fd.TinyMobileNet(act=torch.nn.ReLU6, dead_bias=-20.0), track_zero_grads=True)


# fresh5 half: healthy look-alikes


@case("flow-realnvp-adamw-warmup-cosine", "flow", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return flow("adamw", 0.03, schedule=cosine_after(0.05), schedule_name="linear warmup 5% + cosine")


@case("flow-realnvp-adam-onecycle-log5", "flow", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return flow("adam", 0.01, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("flow-realnvp-rmsprop-step-decay-log10", "flow", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return flow("rmsprop", 3e-3, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")


@case("flow-realnvp-adam-sgdr-log2", "flow", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return flow("adam", 3e-3, log_every=2, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("flow-realnvp-adam-constant-long-avg50", "flow", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return flow("adam", 0.01, steps=1800, log_every=50, average=True, eval_every=180)


@case("diffuse-mlp-adamw-warmup-cosine", "diffuse", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return diffuse("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("diffuse-mlp-adam-constant-converged-avg20", "diffuse", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return diffuse("adam", 1e-3, steps=1500, log_every=20, average=True, eval_every=150)


@case("diffuse-mlp-sgdm-step-decay-log10", "diffuse", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return diffuse("sgdm", 0.1, log_every=10, schedule=multistep(0.6, 0.8, gamma=0.2), schedule_name="MultiStepLR")


@case("diffuse-mlp-adam-cyclic-log4", "diffuse", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return diffuse("adam", 3e-3, log_every=4, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular")


@case("diffuse-mlp-rmsprop-resumed-with-state", "diffuse", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return diffuse("rmsprop", 1e-3, recreate_optimizer_at=frozenset({200, 400}), keep_optimizer_state=True)


@case("triplet-mlp-adamw-warmup-cosine-log2", "triplet", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return triplet("adamw", 0.01, log_every=2, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("triplet-mlp-adam-constant-long-avg50", "triplet", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return triplet("adam", 1e-3, steps=1200, log_every=50, average=True, eval_every=120)


@case("triplet-mlp-sgdm-onecycle", "triplet", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return triplet("sgdm", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("triplet-mlp-rmsprop-step-decay-log5", "triplet", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return triplet("rmsprop", 3e-3, log_every=5, schedule=multistep(0.5, gamma=0.1), schedule_name="MultiStepLR at 50%")


@case("triplet-mlp-sgd-sgdr-log20", "triplet", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return triplet("sgd", 1.0, log_every=20, eval_every=100, schedule=warm_restarts(0.25),
                   schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("mobile-cnn-adamw-warmup-cosine", "mobile", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(6))
def _() -> Setup:
    return mobile("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("mobile-cnn-sgdm-onecycle-log5", "mobile", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(6))
def _() -> Setup:
    return mobile("sgdm", 0.3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("mobile-cnn-adam-finetune-lr-1e-4", "mobile", "healthy", like=("lr-too-low", "plateau"),
      shape=healthy_shape(6, fall=0.95, pretrained=True))
def _() -> Setup:
    return mobile("adam", 1e-4, steps=300, eval_every=30, model=fd.pretrained_mobile, meta={"pretrained": True})


@case("mobile-cnn-sgdm-step-decay-log10", "mobile", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(6))
def _() -> Setup:
    return mobile("sgdm", 0.1, log_every=10, schedule=multistep(0.6, 0.8, gamma=0.2), schedule_name="MultiStepLR")


@case("mobile-cnn-adam-constant-long-avg25", "mobile", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(6))
def _() -> Setup:
    return mobile("adam", 3e-3, steps=1000, log_every=25, average=True, eval_every=100)


# fresh5 half, logged once per epoch


@case("mobile-cnn-adam-600-images-overfits-per-epoch", "mobile", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return mobile("adam", 3e-3, steps=18 * 22, data=fd.pattern_images(train_rows=600, batch_size=32), log_per_epoch=True)


@case("flow-realnvp-adam-cosine-per-epoch", "flow", "healthy", like=("overfitting", "plateau", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return flow("adam", 3e-3, steps=23 * 26, log_per_epoch=True, schedule=cosine_after(0.0), per_epoch=True,
                schedule_name="cosine, per epoch")  # fmt: skip


@case("diffuse-mlp-adam-per-epoch", "diffuse", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return diffuse("adam", 1e-3, steps=62 * 10, log_per_epoch=True)


@case("triplet-mlp-adam-step-decay-per-epoch", "triplet", "healthy", like=("overfitting", "premature-decay"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return triplet("adam", 3e-3, steps=62 * 10, log_per_epoch=True, schedule=multistep(0.5, gamma=0.1), per_epoch=True,
                   schedule_name="MultiStepLR at 50%, per epoch")  # fmt: skip


@case("mobile-cnn-sgdm-lr-3-per-epoch", "mobile", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return mobile("sgdm", 3.0, steps=62 * 8, log_per_epoch=True)
