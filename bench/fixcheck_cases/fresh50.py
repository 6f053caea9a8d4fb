"""The fifty-second fresh half (fresh50, held out from all tuning):
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


def mobilevit_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes")
    knobs.setdefault("meta", {"model": "MobileViT-like: a stride-2 conv stem 1-16, an MV2 inverted residual block, a MobileViT block (local convs, 2x2 patches unfolded into tokens for a transformer layer of 2 heads, folded back, fused), mean pooling, a ReLU layer, a head",
                              "image": fd.MOBILEVIT_SIZE, "classes": fd.MOBILEVIT_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.mobilevit_images(), knobs.pop("model", None) or fd.MobileViTNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def appnp_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 communities")
    knobs.setdefault("meta", {"model": "APPNP: an MLP 16-32-32-4 of every node's features, then personalized-PageRank propagation, 10 steps, teleport 0.1",
                              "nodes": fd.APPNP_NODES, "features": fd.APPNP_FEATURES, "classes": fd.APPNP_BLOCKS,
                              "propagation_steps": fd.APPNP_STEPS, "alpha": fd.APPNP_ALPHA,
                              "held_out": "cross-entropy on the unlabelled nodes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.appnp_nodes(), knobs.pop("model", None) or fd.APPNPNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def dlinear_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse over the 12 forecast steps of 3 channels")
    knobs.setdefault("meta", {"model": "DLinear-like: a moving average of 7 splits trend and season, a linear layer 36-12 along time per component, a per-step ReLU channel mixer 3-16-3",
                              "lookback": fd.DLINEAR_LOOKBACK, "horizon": fd.DLINEAR_HORIZON, "channels": fd.DLINEAR_CHANNELS,
                              "held_out": "mse on new windows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dlinear_series(), knobs.pop("model", None) or fd.DLinearNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def weibull_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.weibull_nll)
    knobs.setdefault("loss_name", "Weibull negative log-likelihood of right-censored times (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 8-64-64, a ReLU layer 64-32, a head to the log-scale and log-shape of a Weibull",
                              "features": fd.WEIBULL_FEATURES, "censoring": "right",
                              "held_out": "Weibull negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.weibull_rows(), knobs.pop("model", None) or fd.WeibullMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


MOBILEVIT0, APPNP0, DLINEAR0, WEIBULL0 = LN(fd.MOBILEVIT_CLASSES), LN(fd.APPNP_BLOCKS), fd.dlinear_at_zero(), fd.weibull_at_zero()
"""Where the families start: the MobileViT-like classifier and APPNP at ln 4; DLinear at the MSE of a forecast of 0
(~0.57), the Weibull MLP at the negative log-likelihood of a scale and a shape of 1 (~0.69), not ln C."""


# mobilevit: a tiny MobileViT-like classifier (conv stem, MV2 block, a MobileViT block unfolding 2x2 patches into
# tokens for a transformer layer and folding them back) naming where a square lies from a bar, cross-entropy over 4
# (1.41 at step 1, ln 4 = 1.39); works at Adam 3e-3-0.01


@case("mobilevit-adam-lr-1-log4", "mobilevit", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return mobilevit_family("adam", 1.0, log_every=4)


@case("mobilevit-adamw-warmup-cosine-peak-1", "mobilevit", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mobilevit_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("mobilevit-nesterov-summed-ce", "mobilevit", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, MOBILEVIT0, "ln 4"))
def _() -> Setup:
    return mobilevit_family("nesterov", 0.1, loss_fn=fd.mobilevit_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                            val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("mobilevit-adam-head-x1000", "mobilevit", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MobileViTNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MOBILEVIT0, "ln 4"))
def _() -> Setup:
    return mobilevit_family("adam", 3e-3, model=lambda: scaled_head(fd.MobileViTNet(), 1000))


@case("mobilevit-adam-multistep-x0p1-at-5pct", "mobilevit", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return mobilevit_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("mobilevit-adam-missing-pixel-nan", "mobilevit", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return mobilevit_family("adam", 3e-3, data=fd.mobilevit_images(nan_rows=0.003))


@case("mobilevit-adam-fc-dead-at-init", "mobilevit", "dead-units",
      cf=lambda s: replace(s, model=fd.MobileViTNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return mobilevit_family("adam", 3e-3, model=lambda: fd.MobileViTNet(dead_bias=-30.0), track_zero_grads=True)


@case("mobilevit-adam-256-rows-overfits", "mobilevit", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return mobilevit_family("adam", 0.01, steps=600, eval_every=30, data=fd.mobilevit_images(train_rows=256))


# appnp: APPNP (an MLP of every node's features, then personalized-PageRank propagation, 10 steps, teleport 0.1) naming
# the community of a node of a stochastic block model graph, cross-entropy over 4 (1.39 at step 1, ln 4 = 1.39); works
# at Adam 3e-3


@case("appnp-sgdm-lr-30-1000x", "appnp", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return appnp_family("sgdm", 30.0)


@case("appnp-adamw-warmup-cosine-peak-1", "appnp", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return appnp_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("appnp-adam-exponential-gamma-1p02", "appnp", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return appnp_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("appnp-sgdm-summed-ce", "appnp", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, APPNP0, "ln 4"))
def _() -> Setup:
    return appnp_family("sgdm", 0.03, loss_fn=fd.appnp_ce_summed, loss_name="cross_entropy summed over the batch's nodes (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("appnp-adam-head-x1000", "appnp", "last-layer-init",
      cf=lambda s: replace(s, model=fd.APPNPNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, APPNP0, "ln 4"))
def _() -> Setup:
    return appnp_family("adam", 3e-3, model=lambda: scaled_head(fd.APPNPNet(), 1000))


@case("appnp-adam-multistep-x0p1-at-5pct", "appnp", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return appnp_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("appnp-adam-missing-feature-nan", "appnp", "nan-early", cf=lambda s: replace(s, model=fd.APPNPNet),
      cf_what="the nodes' features without the missing (NaN) values", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return appnp_family("adam", 3e-3, model=lambda: fd.APPNPNet(nan_nodes=0.01))


@case("appnp-adam-fc-dead-at-init", "appnp", "dead-units",
      cf=lambda s: replace(s, model=fd.APPNPNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return appnp_family("adam", 3e-3, model=lambda: fd.APPNPNet(dead_bias=-30.0), track_zero_grads=True)


# dlinear: a DLinear-like forecaster (a moving-average trend/season split, a linear layer along time per component, a
# per-step channel mixer) of 12 steps of 3 channels from the 36 before, MSE (0.67 at step 1, 0.57 for a forecast of 0);
# works at Adam 3e-3-0.01


@case("dlinear-adam-lr-1-log2", "dlinear", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dlinear_family("adam", 1.0, log_every=2)


@case("dlinear-sgdm-lr-10-1000x", "dlinear", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dlinear_family("sgdm", 10.0)


@case("dlinear-adam-lr-3e-5-100x-low", "dlinear", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dlinear_family("adam", 3e-5)


@case("dlinear-rmsprop-lr-1e-5-100x-low-log4", "dlinear", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dlinear_family("rmsprop", 1e-5, log_every=4)


@case("dlinear-sgdm-summed-mse", "dlinear", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (reduction='mean')"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DLINEAR0, "the MSE of a forecast of 0"))
def _() -> Setup:
    return dlinear_family("sgdm", 0.03, loss_fn=fd.dlinear_mse_summed, loss_name="mse summed over the batch's windows (reduction='sum')",
                          val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("dlinear-adam-head-x1000", "dlinear", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DLinearNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DLINEAR0, "the MSE of a forecast of 0"))
def _() -> Setup:
    return dlinear_family("adam", 3e-3, model=lambda: scaled_head(fd.DLinearNet(), 1000))


@case("dlinear-adam-exponential-1000x-in-40-steps", "dlinear", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return dlinear_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("dlinear-adam-fc-dead-at-init", "dlinear", "dead-units",
      cf=lambda s: replace(s, model=fd.DLinearNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dlinear_family("adam", 3e-3, model=lambda: fd.DLinearNet(dead_bias=-30.0), track_zero_grads=True)


# weibull: a ReLU MLP of a Weibull survival model (the log-scale and log-shape) of right-censored event times, the
# Weibull negative log-likelihood (0.59 at step 1, 0.69 at a scale and a shape of 1); works at Adam 3e-3-0.01


@case("weibull-adam-lr-1-log2", "weibull", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return weibull_family("adam", 1.0, log_every=2)


@case("weibull-sgdm-lr-30-1000x", "weibull", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return weibull_family("sgdm", 30.0)


@case("weibull-adamw-warmup-cosine-peak-1", "weibull", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return weibull_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("weibull-rmsprop-exponential-gamma-1p02", "weibull", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return weibull_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("weibull-nadam-one-cycle-peak-1", "weibull", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return weibull_family("nadam", 1.0, schedule=one_cycle, schedule_name="OneCycleLR")


@case("weibull-adam-lr-3e-5-100x-low", "weibull", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return weibull_family("adam", 3e-5)


@case("weibull-adam-exponential-1000x-in-40-steps", "weibull", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return weibull_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("weibull-adam-missing-feature-nan", "weibull", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return weibull_family("adam", 3e-3, data=fd.weibull_rows(nan_rows=0.003))


@case("weibull-adam-fc-dead-at-init", "weibull", "dead-units",
      cf=lambda s: replace(s, model=fd.WeibullMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return weibull_family("adam", 3e-3, model=lambda: fd.WeibullMLP(dead_bias=-30.0), track_zero_grads=True)


@case("weibull-adamw-lr-0p05-no-warmup", "weibull", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return weibull_family("adamw", 0.05)


@case("weibull-sgd-lr-1-no-clip", "weibull", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return weibull_family("sgd", 1.0)


@case("dlinear-nadam-lr-3e-5-100x-low-log3", "dlinear", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dlinear_family("nadam", 3e-5, log_every=3)


@case("dlinear-adagrad-lr-3e-4-100x-low", "dlinear", "lr-low-adagrad", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dlinear_family("adagrad", 3e-4)


@case("dlinear-adam-lr-0p03-recreated-every-3-steps", "dlinear", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=7, tol=5,
      shape=anything)
def _() -> Setup:
    return dlinear_family("adam", 0.03, recreate_optimizer_at=frozenset(range(3, 400, 3)))


@case("dlinear-sgd-lr-3-no-clip", "dlinear", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return dlinear_family("sgd", 3.0)


@case("dlinear-adam-missing-value-nan", "dlinear", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the windows with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return dlinear_family("adam", 3e-3, data=fd.dlinear_series(nan_rows=0.003))


@case("weibull-nadam-lr-3e-5-100x-low-log3", "weibull", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return weibull_family("nadam", 3e-5, log_every=3)


@case("weibull-rmsprop-lr-1e-5-100x-low-log4", "weibull", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return weibull_family("rmsprop", 1e-5, log_every=4)


@case("weibull-sgdm-lr-0p003-summed", "weibull", "summed",
      cf=lambda s: replace(s, loss_fn=fd.weibull_nll, loss_name="Weibull negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, WEIBULL0, "the Weibull NLL of a scale and a shape of 1"))
def _() -> Setup:
    return weibull_family("sgdm", 3e-3, loss_fn=fd.weibull_nll_summed, loss_name="Weibull negative log-likelihood summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.weibull_nll, mean_loss_fn=fd.weibull_nll)  # fmt: skip


@case("weibull-adam-head-x300", "weibull", "last-layer-init",
      cf=lambda s: replace(s, model=fd.WeibullMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients", "dead-units"), tol=20,
      shape=first_loss_above(10, WEIBULL0, "the Weibull NLL of a scale and a shape of 1"))
def _() -> Setup:
    return weibull_family("adam", 3e-3, model=lambda: scaled_head(fd.WeibullMLP(), 300))


@case("weibull-adam-lr-0p01-recreated-every-2-steps", "weibull", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return weibull_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("weibull-adamw-lr-0p03-recreated-every-4-steps", "weibull", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return weibull_family("adamw", 0.03, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("weibull-sgdm-lr-0p3-no-clip", "weibull", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return weibull_family("sgdm", 0.3)


# fresh50 half: healthy look-alikes


@case("mobilevit-adam-cosine-log2", "mobilevit", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.MOBILEVIT_CLASSES))
def _() -> Setup:
    return mobilevit_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("mobilevit-nadam-sgdr-log4", "mobilevit", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fd.MOBILEVIT_CLASSES))
def _() -> Setup:
    return mobilevit_family("nadam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("mobilevit-rmsprop-constant-log5", "mobilevit", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.MOBILEVIT_CLASSES))
def _() -> Setup:
    return mobilevit_family("rmsprop", 1e-3, log_every=5)


@case("mobilevit-adam-resumed-with-state", "mobilevit", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.MOBILEVIT_CLASSES))
def _() -> Setup:
    return mobilevit_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("appnp-adam-cosine", "appnp", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.APPNP_BLOCKS))
def _() -> Setup:
    return appnp_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("appnp-radam-warmup-cosine-log3", "appnp", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.APPNP_BLOCKS))
def _() -> Setup:
    return appnp_family("radam", 0.03, log_every=3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("appnp-nesterov-one-cycle", "appnp", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.APPNP_BLOCKS))
def _() -> Setup:
    return appnp_family("nesterov", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("dlinear-adagrad-cosine-log20", "dlinear", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return dlinear_family("adagrad", 0.03, log_every=20, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dlinear-sgdm-one-cycle", "dlinear", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return dlinear_family("sgdm", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("dlinear-adam-resumed-with-state", "dlinear", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return dlinear_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("dlinear-adam-constant-log5", "dlinear", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return dlinear_family("adam", 3e-3, log_every=5)


@case("dlinear-adamw-step-decay", "dlinear", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dlinear_family("adamw", 3e-3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("weibull-adagrad-step-decay", "weibull", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return weibull_family("adagrad", 0.03, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("weibull-sgdm-cyclic-triangular2", "weibull", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return weibull_family("sgdm", 0.03, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("weibull-adamw-warmup-linear-avg10", "weibull", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return weibull_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                          schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("weibull-radam-cosine-log4", "weibull", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return weibull_family("radam", 0.01, log_every=4, schedule=cosine_after(0.0), schedule_name="cosine")


@case("mobilevit-adamw-warmup-cosine", "mobilevit", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.MOBILEVIT_CLASSES))
def _() -> Setup:
    return mobilevit_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("appnp-sgdm-step-decay", "appnp", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.APPNP_BLOCKS))
def _() -> Setup:
    return appnp_family("sgdm", 0.1, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("appnp-adamw-warmup-linear-avg10", "appnp", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.APPNP_BLOCKS))
def _() -> Setup:
    return appnp_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                        schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("weibull-nesterov-one-cycle", "weibull", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return weibull_family("nesterov", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


# fresh50 half, logged once per epoch


@case("mobilevit-adam-256-rows-overfits-per-epoch", "mobilevit", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return mobilevit_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.mobilevit_images(train_rows=256, batch_size=64))


@case("mobilevit-adam-lr-1-per-epoch", "mobilevit", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return mobilevit_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.mobilevit_images(n=2944, batch_size=64))


@case("dlinear-adam-lr-1-per-epoch", "dlinear", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return dlinear_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.dlinear_series(n=2944, batch_size=64))


@case("mobilevit-adam-cosine-per-epoch", "mobilevit", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.MOBILEVIT_CLASSES))
def _() -> Setup:
    return mobilevit_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.mobilevit_images(n=2944, batch_size=64),
                            schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("dlinear-adam-cosine-per-epoch", "dlinear", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dlinear_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.dlinear_series(n=2944, batch_size=64),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("weibull-adam-cosine-per-epoch", "weibull", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return weibull_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.weibull_rows(n=2944, batch_size=64),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
