"""The fifty-sixth fresh half (fresh54, held out from all tuning):
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


def cvt_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 shapes")
    knobs.setdefault("meta", {"model": "CvT-like: a convolutional token embedding (3x3 conv 1-16, stride 2: 6x6 tokens, LayerNorm), a pre-LN block of convolutional attention (depthwise 3x3 conv projections of the query, key and value, key/value with stride 2, 2 heads) and a GELU MLP 16-32-16, the tokens mean-pooled, a ReLU layer 16-32, a head",
                              "image": fd.CVT_SIZE, "classes": fd.CVT_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.cvt_images(), knobs.pop("model", None) or fd.CvTNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def gatedgcn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 node classes")
    knobs.setdefault("meta", {"model": "ResGatedGCN: an input layer 8-16, 2 residual gated graph convolutions (edge gates sigmoid(C h_i + D h_j) from the two endpoints, a gated normalised mean of B h_j, A h_i, LayerNorm or BatchNorm, ReLU, a residual), a ReLU layer 16-32, a head",
                              "nodes": fd.GATEDGCN_NODES, "classes": fd.GATEDGCN_CLASSES,
                              "held_out": "cross-entropy on the unlabelled nodes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gatedgcn_nodes(), knobs.pop("model", None) or fd.GatedGCN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def lmu_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 patterns")
    knobs.setdefault("meta", {"model": "Legendre Memory Unit: a linear memory of order 8 updated with the fixed zero-order-hold A and B of a 32-step window from an encoded input u_t = e . [x_t, h_t-1, m_t-1], a tanh hidden state of 24 from [x_t, h_t-1, m_t], the last hidden state through a ReLU layer 24-32, a head",
                              "length": fd.LMU_LENGTH, "order": fd.LMU_ORDER,
                              "classes": fd.LMU_CLASSES, "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.lmu_series(), knobs.pop("model", None) or fd.LMUNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def lognormal_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.lognormal_nll)
    knobs.setdefault("loss_name", "log-normal negative log-likelihood (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 8-64-64, a ReLU layer 64-32, a head to mu and log sigma of log y",
                              "features": fd.LOGNORMAL_FEATURES, "held_out": "log-normal negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.lognormal_rows(), knobs.pop("model", None) or fd.LogNormalMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


CVT0, GATEDGCN0, LMU0, LOGNORMAL0 = LN(fd.CVT_CLASSES), LN(fd.GATEDGCN_CLASSES), LN(fd.LMU_CLASSES), fd.lognormal_at_zero()
"""Where the families start: the CvT-like classifier, the ResGatedGCN and the LMU at ln 4; the log-normal MLP at the
negative log-likelihood of mu = 0 and sigma = 1 (~2.5), not ln C."""


# lmu: a Legendre Memory Unit classifier (a linear memory of order 8 with the fixed LMU A and B over a 32-step window,
# a tanh hidden state) naming the pattern planted early in 32-step sequences, cross-entropy over 4 (1.38 at step 1, ln 4
# = 1.39); works at Adam 1e-3-0.03 (best 0.01), SGDm 0.03-0.1


@case("lmu-adam-lr-1-log4", "lmu", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return lmu_family("adam", 1.0, log_every=4)


@case("lmu-adamw-warmup-cosine-peak-1", "lmu", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lmu_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("lmu-adam-lr-1e-4-100x-low", "lmu", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lmu_family("adam", 1e-4)


@case("lmu-nadam-lr-1e-4-100x-low-log3", "lmu", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lmu_family("nadam", 1e-4, log_every=3)


@case("lmu-sgdm-summed-ce", "lmu", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, LMU0, "ln 4"))
def _() -> Setup:
    return lmu_family("sgdm", 0.03, loss_fn=fd.lmu_ce_summed, loss_name="cross_entropy summed over the batch's sequences (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("lmu-adam-head-x1000", "lmu", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LMUNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LMU0, "ln 4"))
def _() -> Setup:
    return lmu_family("adam", 0.01, model=lambda: scaled_head(fd.LMUNet(), 1000))


@case("lmu-adam-multistep-x0p1-at-5pct", "lmu", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return lmu_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("lmu-adam-fc-dead-at-init", "lmu", "dead-units",
      cf=lambda s: replace(s, model=fd.LMUNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return lmu_family("adam", 0.01, model=lambda: fd.LMUNet(dead_bias=-30.0), track_zero_grads=True)


# gatedgcn: a residual gated graph convolution network (edge gates from the two endpoints, a sigmoid gate on each
# message, residuals, LayerNorm) naming the class of a node of a stochastic block model graph, cross-entropy over 4 (1.40
# at step 1, ln 4 = 1.39); works at Adam 1e-3-3e-3 (higher overfits the labelled nodes), SGDm 0.01-0.03


@case("gatedgcn-nadam-lr-1", "gatedgcn", "lr-high-step1", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gatedgcn_family("nadam", 1.0)


@case("gatedgcn-sgdm-lr-30-1000x", "gatedgcn", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gatedgcn_family("sgdm", 30.0)


@case("gatedgcn-adamw-warmup-cosine-peak-1", "gatedgcn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gatedgcn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("gatedgcn-adam-exponential-gamma-1p02", "gatedgcn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gatedgcn_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("gatedgcn-adam-lr-3e-5-100x-low", "gatedgcn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gatedgcn_family("adam", 3e-5)


@case("gatedgcn-radam-lr-1e-4-30x-low-log2", "gatedgcn", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gatedgcn_family("radam", 1e-4, log_every=2)


@case("gatedgcn-sgdm-summed-ce", "gatedgcn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GATEDGCN0, "ln 4"))
def _() -> Setup:
    return gatedgcn_family("sgdm", 0.01, loss_fn=fd.gatedgcn_ce_summed, loss_name="cross_entropy summed over the batch's nodes (reduction='sum')",
                           val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("gatedgcn-adam-head-x1000", "gatedgcn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GatedGCN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GATEDGCN0, "ln 4"))
def _() -> Setup:
    return gatedgcn_family("adam", 3e-3, model=lambda: scaled_head(fd.GatedGCN(), 1000))


@case("gatedgcn-adam-multistep-x0p1-at-5pct", "gatedgcn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return gatedgcn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("gatedgcn-adam-missing-feature-nan", "gatedgcn", "nan-early", cf=lambda s: replace(s, model=fd.GatedGCN),
      cf_what="the nodes' features without the missing (NaN) values", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return gatedgcn_family("adam", 3e-3, model=lambda: fd.GatedGCN(nan_nodes=0.002))


@case("gatedgcn-adam-fc-dead-at-init", "gatedgcn", "dead-units",
      cf=lambda s: replace(s, model=fd.GatedGCN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return gatedgcn_family("adam", 3e-3, model=lambda: fd.GatedGCN(dead_bias=-30.0), track_zero_grads=True)


# lognormal: a ReLU MLP of a log-normal model (mu and log sigma of log y) of positive right-skewed targets, the
# log-normal negative log-likelihood (2.47 at step 1, ~2.5 at mu = 0 and sigma = 1); works at Adam 1e-3-0.01 (best
# 0.01), SGDm 0.01 (0.1 diverges)


@case("lognormal-adam-lr-1-log2", "lognormal", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return lognormal_family("adam", 1.0, log_every=2)


@case("lognormal-sgdm-lr-10-1000x", "lognormal", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lognormal_family("sgdm", 10.0)


@case("lognormal-adamw-warmup-cosine-peak-1", "lognormal", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lognormal_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("lognormal-rmsprop-exponential-gamma-1p02", "lognormal", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lognormal_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("lognormal-adam-lr-1e-4-100x-low", "lognormal", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lognormal_family("adam", 1e-4)


@case("lognormal-sgdm-lr-1e-4-100x-low-log3", "lognormal", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lognormal_family("sgdm", 1e-4, log_every=3)


@case("lognormal-sgdm-summed", "lognormal", "summed",
      cf=lambda s: replace(s, loss_fn=fd.lognormal_nll, loss_name="log-normal negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, LOGNORMAL0, "the log-normal NLL of mu = 0, sigma = 1"))
def _() -> Setup:
    return lognormal_family("sgdm", 0.01, loss_fn=fd.lognormal_nll_summed, loss_name="log-normal negative log-likelihood summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.lognormal_nll, mean_loss_fn=fd.lognormal_nll)  # fmt: skip


@case("lognormal-adam-exponential-1000x-in-40-steps", "lognormal", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return lognormal_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("lognormal-adam-missing-feature-nan", "lognormal", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return lognormal_family("adam", 0.01, data=fd.lognormal_rows(nan_rows=0.003))


@case("lognormal-adam-fc-dead-at-init", "lognormal", "dead-units",
      cf=lambda s: replace(s, model=fd.LogNormalMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return lognormal_family("adam", 0.01, model=lambda: fd.LogNormalMLP(dead_bias=-30.0), track_zero_grads=True)


@case("lognormal-adam-lr-0p01-recreated-every-4-steps", "lognormal", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return lognormal_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("lognormal-adam-256-rows-overfits", "lognormal", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return lognormal_family("adam", 0.01, steps=600, eval_every=30, data=fd.lognormal_rows(train_rows=256))


@case("lognormal-sgd-lr-1-no-clip", "lognormal", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return lognormal_family("sgd", 1.0)


# cvt: a CvT-like classifier (a convolutional token embedding with stride 2, attention with depthwise-convolution query,
# key and value projections) naming the outline shape in 12x12 images with a distractor blob, cross-entropy over 4 (1.39
# at step 1, ln 4 = 1.39); works at Adam 3e-3-0.01 (best 0.01), SGDm 0.1 (noisy)


@case("cvt-adam-lr-1-log2", "cvt", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cvt_family("adam", 1.0, log_every=2)


@case("cvt-sgdm-lr-30-300x", "cvt", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cvt_family("sgdm", 30.0)


@case("cvt-nadam-cyclic-peak-1", "cvt", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cvt_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("cvt-nesterov-summed-ce", "cvt", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, CVT0, "ln 4"))
def _() -> Setup:
    return cvt_family("nesterov", 0.1, loss_fn=fd.cvt_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("cvt-adam-head-x1000", "cvt", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CvTNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CVT0, "ln 4"))
def _() -> Setup:
    return cvt_family("adam", 0.01, model=lambda: scaled_head(fd.CvTNet(), 1000))


@case("cvt-adam-exponential-1000x-in-40-steps", "cvt", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return cvt_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("cvt-adam-missing-pixel-nan", "cvt", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return cvt_family("adam", 0.01, data=fd.cvt_images(nan_rows=0.003))


@case("cvt-adam-lr-0p05-no-warmup", "cvt", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return cvt_family("adam", 0.05)


@case("cvt-nadam-lr-0p05-no-warmup", "cvt", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return cvt_family("nadam", 0.05)


@case("cvt-sgd-lr-1-no-clip", "cvt", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return cvt_family("sgd", 1.0)


# fresh54 half: healthy look-alikes


@case("lmu-adam-cosine-log2", "lmu", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.LMU_CLASSES))
def _() -> Setup:
    return lmu_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gatedgcn-adamw-cosine-eval25", "gatedgcn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.GATEDGCN_CLASSES))
def _() -> Setup:
    return gatedgcn_family("adamw", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("lmu-nadam-sgdr-log4", "lmu", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.LMU_CLASSES))
def _() -> Setup:
    return lmu_family("nadam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("lognormal-adagrad-step-decay", "lognormal", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return lognormal_family("adagrad", 0.03, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("gatedgcn-batchnorm-radam-step-decay-log3", "gatedgcn", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.GATEDGCN_CLASSES))
def _() -> Setup:
    return gatedgcn_family("radam", 0.01, log_every=3, model=lambda: fd.GatedGCN(norm="batch"),
                           schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")  # fmt: skip


@case("lognormal-sgdm-cyclic-triangular2", "lognormal", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return lognormal_family("sgdm", 0.01, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("cvt-adam-one-cycle", "cvt", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.CVT_CLASSES))
def _() -> Setup:
    return cvt_family("adam", 0.02, schedule=one_cycle, schedule_name="OneCycleLR")


@case("lognormal-nesterov-one-cycle", "lognormal", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return lognormal_family("nesterov", 0.02, schedule=one_cycle, schedule_name="OneCycleLR")


@case("lognormal-adamw-warmup-linear-avg10", "lognormal", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return lognormal_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                            schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("cvt-adamw-warmup-cosine", "cvt", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.CVT_CLASSES))
def _() -> Setup:
    return cvt_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("gatedgcn-adam-warmup-cosine", "gatedgcn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.GATEDGCN_CLASSES))
def _() -> Setup:
    return gatedgcn_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("cvt-adam-resumed-with-state", "cvt", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.CVT_CLASSES))
def _() -> Setup:
    return cvt_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("lmu-adam-resumed-with-state", "lmu", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.LMU_CLASSES))
def _() -> Setup:
    return lmu_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("lognormal-adam-resumed-with-state", "lognormal", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return lognormal_family("adam", 3e-3, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)


@case("lmu-rmsprop-constant-log5", "lmu", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.LMU_CLASSES))
def _() -> Setup:
    return lmu_family("rmsprop", 3e-3, log_every=5)


@case("cvt-rmsprop-reduce-on-plateau-log4", "cvt", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.CVT_CLASSES))
def _() -> Setup:
    return cvt_family("rmsprop", 3e-3, log_every=4, schedule=on_plateau(0.3, 1),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("gatedgcn-sgd-lr-0p1-cosine", "gatedgcn", "healthy", like=("lr-too-low", "plateau"),
      shape=healthy_shape(fd.GATEDGCN_CLASSES))
def _() -> Setup:
    return gatedgcn_family("sgd", 0.1, schedule=cosine_after(0.0), schedule_name="cosine")


# fresh54 half, logged once per epoch


@case("lognormal-adam-256-rows-overfits-per-epoch", "lognormal", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return lognormal_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.lognormal_rows(train_rows=256, batch_size=64))


@case("lmu-adam-lr-1-per-epoch", "lmu", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return lmu_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.lmu_series(n=2944, batch_size=64))


@case("cvt-adam-lr-1-per-epoch", "cvt", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return cvt_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.cvt_images(n=2944, batch_size=64))


@case("lognormal-adam-cosine-per-epoch", "lognormal", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return lognormal_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.lognormal_rows(n=2944, batch_size=64),
                            schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("lmu-adam-cosine-per-epoch", "lmu", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.LMU_CLASSES))
def _() -> Setup:
    return lmu_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.lmu_series(n=2944, batch_size=64),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
