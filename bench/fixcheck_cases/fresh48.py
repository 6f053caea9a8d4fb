"""The fiftieth fresh half (fresh48, held out from all tuning):
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


def swin_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 6 classes")
    knobs.setdefault("meta", {"model": "Swin-like: a 2x2 patch embedding 1-16, a window block and a shifted-window block (3x3 windows, 2 heads, a learned position bias, shift 1), patch merging 64-32, mean pooling, a ReLU layer, a head",
                              "image": fd.SWIN_SIZE, "window": fd.SWIN_WINDOW, "classes": fd.SWIN_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.swin_images(), knobs.pop("model", None) or fd.SwinNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def pna_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 communities")
    knobs.setdefault("meta", {"model": "PNA: an input layer 10-32, 2 principal neighbourhood aggregation layers (mean, max, min and std aggregators; identity, amplification and attenuation degree scalers), a ReLU layer 32-32, a head",
                              "nodes": fd.PNA_NODES, "features": fd.PNA_FEATURES, "classes": fd.PNA_BLOCKS,
                              "held_out": "cross-entropy on the unlabelled nodes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.pna_nodes(), knobs.pop("model", None) or fd.PNANet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def tsmixer_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse over the 8 forecast steps of 4 channels")
    knobs.setdefault("meta", {"model": "TSMixer-like: 2 mixer blocks (time-mixing 24-24 and feature-mixing 4-32-4 MLPs, LayerNorm, residuals), a temporal projection 24-8, a per-step ReLU layer 4-32, a head 32-4",
                              "lookback": fd.TSMIXER_LOOKBACK, "horizon": fd.TSMIXER_HORIZON, "channels": fd.TSMIXER_CHANNELS,
                              "held_out": "mse on new windows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.tsmixer_series(), knobs.pop("model", None) or fd.TSMixerNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def tobit_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.tobit_nll)
    knobs.setdefault("loss_name", "Tobit negative log-likelihood, left-censored at 0 (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 8-64-64, a ReLU layer 64-32, a head to the latent mean and log-scale",
                              "features": fd.TOBIT_FEATURES, "censored_at": fd.TOBIT_LIMIT,
                              "held_out": "Tobit negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.tobit_rows(), knobs.pop("model", None) or fd.TobitMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


SWIN0, PNA0, TSMIXER0, TOBIT0 = LN(fd.SWIN_CLASSES), LN(fd.PNA_BLOCKS), fd.tsmixer_at_zero(), fd.tobit_at_zero()
"""Where the families start: the Swin-like classifier at ln 6, PNA at ln 4; TSMixer at the MSE of a forecast of 0
(~0.82), the Tobit MLP at the negative log-likelihood of a latent mean of 0 and a scale of 1 (~1.18), not ln C."""


# swin: a tiny Swin-like classifier (window and shifted-window attention blocks, patch merging) naming the orientation
# and period of noisy gratings in 12x12 images, cross-entropy (1.82 at step 1, ln 6 = 1.79); works at Adam 3e-3-0.01


@case("swin-adam-lr-1-log4", "swin", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return swin_family("adam", 1.0, log_every=4)


@case("swin-adamw-warmup-cosine-peak-1", "swin", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return swin_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("swin-adam-lr-3e-5-100x-low", "swin", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return swin_family("adam", 3e-5)


@case("swin-nadam-lr-3e-5-100x-low-log3", "swin", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return swin_family("nadam", 3e-5, log_every=3)


@case("swin-sgdm-summed-ce", "swin", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SWIN0, "ln 6"))
def _() -> Setup:
    return swin_family("sgdm", 0.03, loss_fn=fd.swin_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                            val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("swin-adam-head-x1000", "swin", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SwinNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SWIN0, "ln 6"))
def _() -> Setup:
    return swin_family("adam", 3e-3, model=lambda: scaled_head(fd.SwinNet(), 1000))


@case("swin-adam-multistep-x0p1-at-5pct", "swin", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return swin_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("swin-adam-missing-value-nan", "swin", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return swin_family("adam", 3e-3, data=fd.swin_images(nan_rows=0.003))


@case("swin-adam-fc-dead-at-init", "swin", "dead-units",
      cf=lambda s: replace(s, model=fd.SwinNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return swin_family("adam", 3e-3, model=lambda: fd.SwinNet(dead_bias=-30.0), track_zero_grads=True)


@case("swin-adam-lr-0p01-recreated-every-4-steps", "swin", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return swin_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("swin-adam-lr-0p05-no-warmup", "swin", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return swin_family("adam", 0.05)


# pna: a PNA-like graph network (2 layers of mean, max, min and std aggregators with degree scalers) naming the
# community of a node of a degree-corrected stochastic block model graph, cross-entropy over 4 (1.39 at step 1, ln 4 =
# 1.39); works at Adam 3e-3-0.01


@case("pna-sgdm-lr-30-1000x", "pna", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return pna_family("sgdm", 30.0)


@case("pna-adamw-warmup-cosine-peak-1", "pna", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return pna_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("pna-adam-exponential-gamma-1p02", "pna", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return pna_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("pna-sgdm-summed-ce", "pna", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, PNA0, "ln 4"))
def _() -> Setup:
    return pna_family("sgdm", 0.03, loss_fn=fd.pna_ce_summed, loss_name="cross_entropy summed over the batch's nodes (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("pna-adam-head-x1000", "pna", "last-layer-init",
      cf=lambda s: replace(s, model=fd.PNANet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, PNA0, "ln 4"))
def _() -> Setup:
    return pna_family("adam", 0.01, model=lambda: scaled_head(fd.PNANet(), 1000))


@case("pna-adam-multistep-x0p1-at-5pct", "pna", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return pna_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("pna-adam-missing-feature-nan", "pna", "nan-early", cf=lambda s: replace(s, model=fd.PNANet),
      cf_what="the nodes' features without the missing (NaN) values", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return pna_family("adam", 0.01, model=lambda: fd.PNANet(nan_nodes=0.003))


# tobit: a ReLU MLP of a Tobit model (the latent mean and log-scale) of targets left-censored at 0, the Tobit negative
# log-likelihood (1.22 at step 1, 1.18 at a latent mean of 0 and a scale of 1); works at Adam 3e-3-0.01


@case("tobit-adam-lr-1-log2", "tobit", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return tobit_family("adam", 1.0, log_every=2)


@case("tobit-sgdm-lr-30-1000x", "tobit", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tobit_family("sgdm", 30.0)


@case("tobit-adamw-warmup-cosine-peak-1", "tobit", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tobit_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("tobit-rmsprop-exponential-gamma-1p02", "tobit", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tobit_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("tobit-adam-lr-1e-4-100x-low", "tobit", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tobit_family("adam", 1e-4)


@case("tobit-sgdm-summed", "tobit", "summed",
      cf=lambda s: replace(s, loss_fn=fd.tobit_nll, loss_name="Tobit negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TOBIT0, "the Tobit NLL of a latent mean of 0, scale 1"))
def _() -> Setup:
    return tobit_family("sgdm", 0.03, loss_fn=fd.tobit_nll_summed, loss_name="Tobit negative log-likelihood summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.tobit_nll, mean_loss_fn=fd.tobit_nll)  # fmt: skip


@case("tobit-adam-exponential-1000x-in-40-steps", "tobit", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return tobit_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("tobit-adam-missing-feature-nan", "tobit", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return tobit_family("adam", 0.01, data=fd.tobit_rows(nan_rows=0.003))


@case("tobit-adam-fc-dead-at-init", "tobit", "dead-units",
      cf=lambda s: replace(s, model=fd.TobitMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return tobit_family("adam", 0.01, model=lambda: fd.TobitMLP(dead_bias=-30.0), track_zero_grads=True)


@case("tobit-adam-lr-0p01-recreated-every-4-steps", "tobit", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return tobit_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# tsmixer: a TSMixer-like forecaster (time-mixing and feature-mixing MLPs, a temporal projection) of 8 steps of 4
# seasonal channels from the 24 before, MSE (0.76 at step 1, 0.82 for a forecast of 0); works at Adam 3e-3-0.01


@case("tsmixer-adam-lr-1-log2", "tsmixer", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return tsmixer_family("adam", 1.0, log_every=2)


@case("tsmixer-sgdm-lr-10-1000x", "tsmixer", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tsmixer_family("sgdm", 10.0)


@case("tsmixer-nadam-cyclic-peak-1", "tsmixer", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tsmixer_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("tsmixer-adam-lr-3e-5-100x-low", "tsmixer", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tsmixer_family("adam", 3e-5)


@case("tsmixer-sgdm-summed-mse", "tsmixer", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (reduction='mean')"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TSMIXER0, "the MSE of a forecast of 0"))
def _() -> Setup:
    return tsmixer_family("sgdm", 0.03, loss_fn=fd.tsmixer_mse_summed, loss_name="mse summed over the batch's windows (reduction='sum')",
                          val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("tsmixer-adam-head-x1000", "tsmixer", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TSMixerNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, TSMIXER0, "the MSE of a forecast of 0"))
def _() -> Setup:
    return tsmixer_family("adam", 3e-3, model=lambda: scaled_head(fd.TSMixerNet(), 1000))


@case("tsmixer-adam-exponential-1000x-in-40-steps", "tsmixer", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return tsmixer_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("tsmixer-adam-fc-dead-at-init", "tsmixer", "dead-units",
      cf=lambda s: replace(s, model=fd.TSMixerNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return tsmixer_family("adam", 3e-3, model=lambda: fd.TSMixerNet(dead_bias=-30.0), track_zero_grads=True)


@case("swin-adam-256-rows-overfits", "swin", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return swin_family("adam", 0.01, steps=600, eval_every=30, data=fd.swin_images(train_rows=256))


@case("tsmixer-rmsprop-lr-1e-5-100x-low-log4", "tsmixer", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tsmixer_family("rmsprop", 1e-5, log_every=4)


@case("tsmixer-adam-lr-0p01-recreated-every-4-steps", "tsmixer", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return tsmixer_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("tsmixer-sgd-lr-1-no-clip", "tsmixer", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return tsmixer_family("sgd", 1.0)


# fresh48 half: healthy look-alikes


@case("swin-adam-cosine-log2", "swin", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.SWIN_CLASSES))
def _() -> Setup:
    return swin_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("pna-adam-cosine", "pna", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.PNA_BLOCKS))
def _() -> Setup:
    return pna_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("tsmixer-adagrad-cosine-log20", "tsmixer", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape())
def _() -> Setup:
    return tsmixer_family("adagrad", 0.03, log_every=20, schedule=cosine_after(0.0), schedule_name="cosine")


@case("swin-nadam-sgdr-log4", "swin", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fd.SWIN_CLASSES))
def _() -> Setup:
    return swin_family("nadam", 3e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("tobit-adagrad-step-decay", "tobit", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return tobit_family("adagrad", 0.1, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("tobit-sgdm-cyclic-triangular2", "tobit", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return tobit_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("tsmixer-sgdm-one-cycle", "tsmixer", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape())
def _() -> Setup:
    return tsmixer_family("sgdm", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("tobit-nesterov-one-cycle", "tobit", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return tobit_family("nesterov", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("tobit-adamw-warmup-linear-avg10", "tobit", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return tobit_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                            schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("tsmixer-adam-resumed-with-state", "tsmixer", "healthy", like=("optimizer-reset",),
      shape=healthy_shape())
def _() -> Setup:
    return tsmixer_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("swin-rmsprop-constant-log5", "swin", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.SWIN_CLASSES))
def _() -> Setup:
    return swin_family("rmsprop", 1e-3, log_every=5)


@case("tsmixer-adam-constant-log5", "tsmixer", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape())
def _() -> Setup:
    return tsmixer_family("adam", 3e-3, log_every=5)


@case("swin-adam-resumed-with-state", "swin", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.SWIN_CLASSES))
def _() -> Setup:
    return swin_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


# fresh48 half, logged once per epoch


@case("swin-adam-256-rows-overfits-per-epoch", "swin", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return swin_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.swin_images(train_rows=256, batch_size=64))


@case("swin-adam-lr-1-per-epoch", "swin", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return swin_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.swin_images(n=2944, batch_size=64))


@case("tsmixer-adam-lr-1-per-epoch", "tsmixer", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return tsmixer_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.tsmixer_series(n=2944, batch_size=64))


@case("swin-adam-cosine-per-epoch", "swin", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.SWIN_CLASSES))
def _() -> Setup:
    return swin_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.swin_images(n=5888, batch_size=128),
                            schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("tsmixer-adam-cosine-per-epoch", "tsmixer", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return tsmixer_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.tsmixer_series(n=2944, batch_size=64),
                                 schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("tobit-adam-cosine-per-epoch", "tobit", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return tobit_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.tobit_rows(n=2944, batch_size=64),
                            schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
