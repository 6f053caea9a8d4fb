"""The ninety-third fresh half (fresh91, held out from all tuning):
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
    LN, Setup, cosine_after, cross_entropy, cyclic, exponential, exponential_to, linear_decay_after, multistep,
    one_cycle, scaled_head, warm_restarts,
)


def ccnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 classes of each pixel (mean over the scenes' pixels)")
    knobs.setdefault("meta", {"model": "CCNet: a conv stem 2-8-8 (3x3, ReLU), one criss-cross attention module (queries and keys of 2 channels, values of 8 from 1x1 convs; each pixel attends to its row and column; added back times a learned gamma from 0; R = 1), a ReLU 1x1 layer 8-16 and a 1x1 head per pixel",
                              "image_size": fd.CCNET_SIZE, "classes": fd.CCNET_CLASSES, "recurrence": 1,
                              "held_out": "the per-pixel cross-entropy on new scenes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.ccnet_scenes(), knobs.pop("model", None) or fd.CCNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def tide_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the 16 horizon steps (mean over the windows and steps)")
    knobs.setdefault("meta", {"model": "TiDE: a residual feature projection of each step's 5 covariates (5-16-4), the flattened 48-step lookback with the projected covariates of all 64 steps through 2 residual encoder blocks (dense, ReLU, dense, dropout 0.1, a linear skip, LayerNorm; 304-48-32, 32-48-32), a residual decoder block to 16 per-step vectors of 4, a temporal decoder per horizon step (8-16-1) and a global linear skip from the lookback to the horizon",
                              "lookback": fd.TIDE_LOOKBACK, "horizon": fd.TIDE_HORIZON,
                              "covariates": fd.TIDE_COVARIATES, "held_out": "MSE on new windows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.tide_windows(), knobs.pop("model", None) or fd.TiDE,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def linkx_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 classes of the node (mean over the batch's nodes)")
    knobs.setdefault("meta", {"model": "LINKX: a linear embedding of the node's adjacency row 600-32, an MLP of its 16 features 16-32-32, the two concatenated and mixed by a linear layer 64-32 with skip connections from both, ReLU, dropout 0.5, a ReLU layer 32-32 and a head",
                              "nodes": fd.LINKX_NODES, "classes": fd.LINKX_CLASSES, "features": fd.LINKX_FEATURES,
                              "edges_across_classes": 0.9, "transductive": True,
                              "held_out": "cross-entropy on the other half of the nodes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.linkx_graph(), knobs.pop("model", None) or fd.LINKX,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def genpoisson_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.genpoisson_nll)
    knobs.setdefault("loss_name", "generalized-Poisson (Consul) negative log-likelihood of the count (mean over the rows)")  # fmt: skip
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to the log rate theta and the dispersion lambda = 0.9 tanh(.)",
                              "features": fd.GENPOISSON_FEATURES, "max_count": fd.GENPOISSON_MAX,
                              "held_out": "the generalized-Poisson negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.genpoisson_rows(), knobs.pop("model", None) or fd.GenpoissonMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


CCNET0, TIDE0 = LN(fd.CCNET_CLASSES), fd.tide_at_zero()
LINKX0, GENPOISSON0 = LN(fd.LINKX_CLASSES), fd.genpoisson_at_zero()
"""Where the families start: the CCNet at ln 5 per pixel, the TiDE at the MSE of forecasts of 0, the LINKX at ln 5,
the generalized-Poisson MLP at its NLL of raw outputs of 0 (theta = 1, lambda = 0: a Poisson(1))."""


# ccnet: a CCNet-like dense labeller (a conv stem, a criss-cross attention module: each pixel attends to its own row
# and column, the result added back times a learned gamma from 0, a ReLU 1x1 layer and a 1x1 head) of 16x16 scenes
# whose pixel classes depend on markers at the far end of the pixel's row and column (and on square blobs),
# cross-entropy over 5 per pixel (1.62 at step 1, ln 5 = 1.61, ending near 0.24-0.25 held out); works at Adam 0.01
# (best: 0.24-0.25; 0.44 with a cosine, the attention found late), 0.03 (0.45-0.49), SGDm 0.3 (0.46-0.49); slow at Adam
# 3e-3 (0.78-0.87: stuck until the attention finds the markers), 1e-4 (1.55); 0.80-1.16 at Adam 0.1 (0.49-0.87 after a
# 60-step warmup); at chance at Adam 0.3 and 1, NAdam 1 after a warmup, SGDm 3 (2.3-3.1 at SGDm 10)


@case("ccnet-adam-lr-1-log2", "ccnet", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ccnet_family("adam", 1.0, log_every=2)


@case("ccnet-sgdm-lr-10-30x", "ccnet", "lr-high-step1", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ccnet_family("sgdm", 10.0)


@case("ccnet-nadam-warmup-cosine-peak-1", "ccnet", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ccnet_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("ccnet-adam-lr-1e-4-100x-low-log3", "ccnet", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ccnet_family("adam", 1e-4, log_every=3)


@case("ccnet-sgdm-summed-ce", "ccnet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, CCNET0, "ln 5"))
def _() -> Setup:
    return ccnet_family("sgdm", 0.3, loss_fn=fd.ccnet_ce_summed, loss_name="per-pixel cross_entropy summed over the batch's pixels (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("ccnet-adam-head-x1000", "ccnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CCNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CCNET0, "ln 5"))
def _() -> Setup:
    return ccnet_family("adam", 0.01, model=lambda: scaled_head(fd.CCNet(), 1000))


@case("ccnet-adam-fc-dead-at-init", "ccnet", "dead-units",
      cf=lambda s: replace(s, model=fd.CCNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return ccnet_family("adam", 0.01, model=lambda: fd.CCNet(dead_bias=-30.0), track_zero_grads=True)


@case("ccnet-adam-multistep-x0p1-at-5pct", "ccnet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return ccnet_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("ccnet-adam-lr-0p1-no-warmup", "ccnet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return ccnet_family("adam", 0.1)


# tide: a TiDE-like forecaster (a residual projection of each step's covariates, the flattened lookback and projected
# covariates through residual MLP encoder blocks, a residual decoder to per-step vectors, a temporal decoder per
# horizon step, a global linear skip from the lookback) of the next 16 steps of series driven by known calendar-like
# cycles and a promotion flag plus AR(1) noise, MSE (1.02 at step 1, ending near 0.075-0.08 held out); works at Adam
# 3e-3-0.01 (best 3e-3: 0.079; 0.090 at 0.01), 0.03 (0.106), RMSprop 1e-3 (0.080), Adagrad 0.03 (0.078), RAdam 0.03
# with a warmup + cosine (0.076), SGDm 0.01-0.1 (0.083-0.093), SGD 0.3 (0.080); slow at Adam 3e-4 (0.158), 3e-5
# (0.54-0.72), SGDm 1e-3 (0.25-0.29); 0.20 at Adam 0.1 (0.20 after a 60-step warmup too), 0.29-0.38 at Adam 1 (39 at
# step 40), 0.12-0.13 at Adam 0.01 recreated every 2 steps; non-finite at SGDm 1 (1.03-1.13 clipped at 1)


@case("tide-adam-lr-1", "tide", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return tide_family("adam", 1.0)


@case("tide-rmsprop-lr-0p3-300x-log2", "tide", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return tide_family("rmsprop", 0.3, log_every=2)


@case("tide-adam-cyclic-peak-1", "tide", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tide_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("tide-adamw-lr-3e-5-100x-low", "tide", "lr-low-adam", cf=lr_to(3e-3), cf_what="AdamW lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tide_family("adamw", 3e-5)


@case("tide-nadam-lr-3e-5-100x-low-log2", "tide", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tide_family("nadam", 3e-5, log_every=2)


@case("tide-sgdm-lr-1e-3-100x-low", "tide", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tide_family("sgdm", 1e-3)


@case("tide-sgdm-summed-mse", "tide", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TIDE0, "the MSE of forecasts of 0"))
def _() -> Setup:
    return tide_family("sgdm", 0.1, loss_fn=fd.tide_mse_summed, loss_name="squared error summed over the batch's windows (reduction='sum')",
                       val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("tide-adam-head-x1000-log2", "tide", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TiDE), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, TIDE0, "the MSE of forecasts of 0"))
def _() -> Setup:
    return tide_family("adam", 3e-3, log_every=2, model=lambda: scaled_head(fd.TiDE(), 1000))


@case("tide-adam-missing-value-nan", "tide", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the windows with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return tide_family("adam", 3e-3, data=fd.tide_windows(nan_rows=0.003))


@case("tide-adam-multistep-x0p1-at-5pct", "tide", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return tide_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("tide-sgdm-lr-1-no-clip", "tide", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return tide_family("sgdm", 1.0)


@case("tide-adam-lr-0p01-recreated-every-2-steps", "tide", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return tide_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("tide-adam-120-windows-overfits", "tide", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return tide_family("adam", 0.01, steps=800, eval_every=40, data=fd.tide_windows(train_rows=120))


# linkx: a LINKX-like node classifier (a linear embedding of the node's adjacency row under dropout, an MLP of its
# features, the two mixed by a linear layer with skips from both, dropout, a ReLU layer and a head) on a heterophilous
# stochastic block model (600 nodes of 5 classes, most edges to the 2 next classes, features weakly informative),
# trained on a random half of the nodes, cross-entropy over 5 (1.65 at step 1, ln 5 = 1.61, ending near 0.35-0.39
# held out); works at Adam 1e-3 (best: 0.36-0.39; 0.35-0.36 with a cosine or step decay), RMSprop 1e-3 with a cosine
# (0.38; 0.37 at step 160, 0.43 at the end at a constant lr); overfits from Adam 3e-3 (0.35-0.38 near step 120,
# 0.55-0.73 at the end), Adagrad 0.03 (0.42 -> 0.52); slow at Adam 3e-4 (0.50), 1e-5 (1.62); at chance at Adam 0.1
# (with or without a 60-step warmup), Adam and RMSprop 1 and SGDm 0.1; non-finite at SGDm 1


@case("linkx-adam-lr-1", "linkx", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return linkx_family("adam", 1.0)


@case("linkx-rmsprop-lr-1-1000x-log2", "linkx", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return linkx_family("rmsprop", 1.0, log_every=2)


@case("linkx-adamw-warmup-cosine-peak-1", "linkx", "lr-high-ramp", cf=lr_to(1e-3),
      cf_what="peak lr 1e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return linkx_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("linkx-adam-exponential-gamma-1p02", "linkx", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return linkx_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("linkx-adam-lr-1e-5-100x-low-log2", "linkx", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return linkx_family("adam", 1e-5, log_every=2)


@case("linkx-sgdm-summed-ce", "linkx", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, LINKX0, "ln 5"))
def _() -> Setup:
    return linkx_family("sgdm", 0.03, loss_fn=fd.linkx_ce_summed, loss_name="cross_entropy summed over the batch's nodes (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("linkx-adam-head-x1000-log3", "linkx", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LINKX), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LINKX0, "ln 5"))
def _() -> Setup:
    return linkx_family("adam", 1e-3, log_every=3, model=lambda: scaled_head(fd.LINKX(), 1000))


@case("linkx-adam-missing-feature-nan", "linkx", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the nodes with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return linkx_family("adam", 1e-3, data=fd.linkx_graph(nan_rows=0.01))


@case("linkx-adam-fc-dead-at-init", "linkx", "dead-units",
      cf=lambda s: replace(s, model=fd.LINKX), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return linkx_family("adam", 1e-3, model=lambda: fd.LINKX(dead_bias=-30.0), track_zero_grads=True)


@case("linkx-adam-exponential-1000x-in-40-steps", "linkx", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return linkx_family("adam", 1e-3, schedule=exponential_to(1e-3, 0.1),
                        schedule_name="ExponentialLR per batch, x0.001 by step 40")


# genpoisson: a ReLU MLP (6-64-64, a ReLU layer and a head) of the log rate theta and the dispersion lambda (0.9 tanh)
# of a generalized-Poisson (Consul) law of over- and under-dispersed counts whose theta and lambda depend on the
# features, the negative log-likelihood per row (7-12 at step 1, ending near 2.08-2.10 held out); works at Adam
# 1e-3-0.01 (best 1e-3: 2.08-2.10; 2.08-2.18 at 0.01), RMSprop 1e-3 (2.09-2.10), NAdam 3e-3 with a one-cycle (2.09);
# 2.66-2.78 at SGDm 0.01-0.03; slow at Adam 3e-5 (6.7), 1e-5 (3.5-9.5); 2.49-2.55 at Adam 0.1 (its dispersion pushed
# where theta + lambda y is clamped; 2.25-2.31 after a 60-step warmup; stuck at 13.4 in a probe), 2.53-2.56 at AdamW 1
# after a warmup; non-finite at Adam 0.3 and 1, RMSprop 0.3 and SGDm 0.1


@case("genpoisson-adam-lr-0p3-300x-log2", "genpoisson", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return genpoisson_family("adam", 0.3, log_every=2)


@case("genpoisson-rmsprop-lr-0p3-300x", "genpoisson", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return genpoisson_family("rmsprop", 0.3)


@case("genpoisson-adamw-warmup-cosine-peak-1", "genpoisson", "lr-high-ramp", cf=lr_to(1e-3),
      cf_what="peak lr 1e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return genpoisson_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("genpoisson-rmsprop-exponential-gamma-1p02", "genpoisson", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return genpoisson_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("genpoisson-adam-lr-1e-5-100x-low", "genpoisson", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return genpoisson_family("adam", 1e-5)


@case("genpoisson-sgdm-summed-nll", "genpoisson", "summed",
      cf=lambda s: replace(s, loss_fn=fd.genpoisson_nll, loss_name="generalized-Poisson NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GENPOISSON0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return genpoisson_family("sgdm", 0.01, loss_fn=fd.genpoisson_nll_summed, loss_name="generalized-Poisson negative log-likelihood summed over the batch's rows (reduction='sum')",
                             val_loss_fn=fd.genpoisson_nll, mean_loss_fn=fd.genpoisson_nll)  # fmt: skip


@case("genpoisson-adam-missing-feature-nan", "genpoisson", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return genpoisson_family("adam", 1e-3, data=fd.genpoisson_rows(nan_rows=0.003))


@case("genpoisson-rmsprop-fc-dead-at-init", "genpoisson", "dead-units",
      cf=lambda s: replace(s, model=fd.GenpoissonMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return genpoisson_family("rmsprop", 1e-3, model=lambda: fd.GenpoissonMLP(dead_bias=-30.0), track_zero_grads=True)


@case("genpoisson-adam-exponential-1000x-in-40-steps", "genpoisson", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return genpoisson_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                             schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("genpoisson-adam-lr-0p1-no-warmup-log2", "genpoisson", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60), cf_what="a 60-step linear warmup", must=("missing-warmup",),
      may=("lr-too-high", "plateau", "non-finite-loss"), tol=60, shape=anything)
def _() -> Setup:
    return genpoisson_family("adam", 0.1, log_every=2)


@case("genpoisson-sgdm-lr-0p3-no-clip", "genpoisson", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return genpoisson_family("sgdm", 0.3)


# fresh91 half: healthy look-alikes


@case("ccnet-adam-constant-log2", "ccnet", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.CCNET_CLASSES, fall=0.6))
def _() -> Setup:
    return ccnet_family("adam", 0.01, log_every=2)


@case("ccnet-adam-constant-eval50", "ccnet", "healthy", like=("lr-too-high", "plateau"),
      shape=healthy_shape(fd.CCNET_CLASSES, fall=0.6))
def _() -> Setup:
    return ccnet_family("adam", 0.01, eval_every=50)


@case("tide-radam-warmup-cosine-eval25", "tide", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return tide_family("radam", 0.03, eval_every=25, schedule=cosine_after(0.1),
                       schedule_name="linear warmup 10% + cosine")


@case("tide-adagrad-on-plateau-log4", "tide", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return tide_family("adagrad", 0.03, log_every=4, schedule=on_plateau(),
                       schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("tide-rmsprop-cosine-log2", "tide", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return tide_family("rmsprop", 1e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("tide-sgd-constant", "tide", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return tide_family("sgd", 0.3)


@case("tide-nesterov-cosine-eval60", "tide", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return tide_family("nesterov", 0.03, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


@case("tide-sgdm-sgdr-log5", "tide", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return tide_family("sgdm", 0.03, log_every=5, schedule=warm_restarts(0.25),
                       schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("linkx-adam-cosine-eval50", "linkx", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.LINKX_CLASSES, fall=0.6))
def _() -> Setup:
    return linkx_family("adam", 1e-3, eval_every=50, schedule=cosine_after(0.0), schedule_name="cosine")


@case("linkx-rmsprop-cosine-log3", "linkx", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.LINKX_CLASSES, fall=0.6))
def _() -> Setup:
    return linkx_family("rmsprop", 1e-3, log_every=3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("linkx-adamw-step-decay-eval60", "linkx", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.LINKX_CLASSES, fall=0.6))
def _() -> Setup:
    return linkx_family("adamw", 1e-3, eval_every=60, schedule=multistep(0.8, gamma=0.3), schedule_name="MultiStepLR")


@case("linkx-adam-resumed-with-state", "linkx", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.LINKX_CLASSES, fall=0.6))
def _() -> Setup:
    return linkx_family("adam", 1e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                        schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("genpoisson-adam-cosine-eval25", "genpoisson", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return genpoisson_family("adam", 1e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("genpoisson-rmsprop-cosine-log3", "genpoisson", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return genpoisson_family("rmsprop", 1e-3, log_every=3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("genpoisson-adamw-warmup-linear-avg10", "genpoisson", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return genpoisson_family("adamw", 1e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                             schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("genpoisson-adam-on-plateau-log4", "genpoisson", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return genpoisson_family("adam", 1e-3, log_every=4, schedule=on_plateau(),
                             schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("genpoisson-nadam-one-cycle-log5", "genpoisson", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return genpoisson_family("nadam", 3e-3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


# fresh91 half, logged once per epoch


@case("linkx-adam-lr-3e-3-overfits-per-epoch", "linkx", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return linkx_family("adam", 3e-3, steps=12 * 40, log_per_epoch=True, data=fd.linkx_graph(batch_size=25))


@case("tide-adam-lr-1-per-epoch", "tide", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return tide_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.tide_windows(n=3200, batch_size=64))


@case("tide-adam-cosine-per-epoch", "tide", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return tide_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True, data=fd.tide_windows(n=3200, batch_size=64),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("genpoisson-adam-cosine-per-epoch", "genpoisson", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return genpoisson_family("adam", 1e-3, steps=50 * 8, log_per_epoch=True,
                             data=fd.genpoisson_rows(n=3200, batch_size=64), schedule=cosine_after(0.0),
                             schedule_name="cosine")  # fmt: skip
