"""The eighteenth fresh half (fresh18, held out from all tuning):
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
    Setup, constant_after, cosine_after, cyclic, exponential, exponential_to, linear_decay_after, multistep, one_cycle,
    scaled_head, warm_restarts,
)


def mae_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_fn", fd.mae_mse)
    knobs.setdefault("loss_name", "mse of the masked patches' pixels")
    knobs.setdefault("meta", {"model": "masked autoencoder: 3x3 patches of 12x12 images, 75% masked, pre-LN encoder and decoder blocks of 32",
                              "patches": fd.MAE_PATCHES, "visible_patches": fd.MAE_VISIBLE})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.masked_images(), knobs.pop("model", None) or fd.MaskedAutoencoder,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def hnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the symplectic gradient (dH/dp, -dH/dq) against the measured (dq/dt, dp/dt)")
    knobs.setdefault("meta", {"model": "Hamiltonian neural network: tanh MLP 2-64-64-1 giving H(q, p), its symplectic gradient by autograd",
                              "system": "pendulum"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.pendulum_states(), knobs.pop("model", None) or fd.HamiltonianNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def nbeats_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the 8-step forecast")
    knobs.setdefault("meta", {"model": "N-BEATS generic: 3 blocks of 3 ReLU layers of 64, backcast and forecast residual links",
                              "lookback": fd.NBEATS_BACK, "horizon": fd.NBEATS_HORIZON})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.nbeats_series(), knobs.pop("model", None) or fd.NBeats,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def negbin_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.negbin_nll)
    knobs.setdefault("loss_name", "negative binomial negative log-likelihood of the counts (log link, exposure offset), mean")
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64-64 to a log-mean and a log-dispersion", "features": fd.NB_FEATURES,
                              "offset": "log exposure"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.overdispersed_counts(), knobs.pop("model", None) or fd.NegBinMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


MAE0, HNN0, NB0 = 1.0, fd.hnn_at_zero(), fd.negbin_at_constant()
"""What a model that ignores its input reaches: a masked autoencoder predicting the mean pixel (standardised: ~1.0), a
Hamiltonian network predicting no motion (~2.1), a negative-binomial regression of a constant rate per exposure (~2.3).
An untrained N-BEATS starts near the mean square of the horizon (~0.6)."""


# mae: a masked autoencoder (3x3 patches of 12x12 images of gratings and a disc, 12 of 16 patches masked, a pre-LN
# transformer block encoding the 4 visible ones, a decoder block with mask tokens, a ReLU layer and a head to the pixels),
# mse of the masked patches; works at Adam 3e-3 (the held-out mse falls from ~1.0 to ~0.44-0.49 in 300 steps, still
# falling), Adam 0.01 (~0.66-0.68, ~0.54-0.58 with a 100-step warmup), SGDm 0.03 (~0.8); Adam 0.03 stays at the mse of
# the mean (~1.01); SGDm 0.3-1 overflows. About 3-6 s a training


@case("mae-adam-lr-0p03-stuck-at-mean", "mae", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return mae_family("adam", 0.03)


@case("mae-sgdm-lr-1-overflows-nan", "mae", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=300, shape=nan_within(1, 300))
def _() -> Setup:
    return mae_family("sgdm", 1.0)


@case("mae-rmsprop-lr-0p03-30x-log3", "mae", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return mae_family("rmsprop", 0.03, log_every=3)


@case("mae-adamw-warmup-cosine-peak-0p3", "mae", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return mae_family("adamw", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("mae-adam-lr-1e-4-30x-low", "mae", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return mae_family("adam", 1e-4)


@case("mae-sgdm-summed-sse", "mae", "summed",
      cf=lambda s: replace(s, loss_fn=fd.mae_mse, loss_name="mse of the masked patches (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, MAE0, "an untrained mse of the masked pixels"))
def _() -> Setup:
    return mae_family("sgdm", 0.03, loss_fn=fd.mae_sse_summed, loss_name="squared error of the masked pixels summed over the pixels, the patches and the batch (reduction='sum')",
                      val_loss_fn=fd.mae_mse, mean_loss_fn=fd.mae_mse)  # fmt: skip


@case("mae-adam-head-x300", "mae", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MaskedAutoencoder), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MAE0, "an untrained mse of the masked pixels"))
def _() -> Setup:
    return mae_family("adam", 3e-3, model=lambda: scaled_head(fd.MaskedAutoencoder(), 300, bias=True))


@case("mae-adam-missing-pixel-nan", "mae", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 125))
def _() -> Setup:
    return mae_family("adam", 3e-3, data=fd.masked_images(nan_rows=0.003))


@case("mae-adam-multistep-x0p1-at-5pct", "mae", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=16, tol=100, shape=lr_down_by(0.11, 20))
def _() -> Setup:
    return mae_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("mae-adam-fc-dead-at-init", "mae", "dead-units",
      cf=lambda s: replace(s, model=fd.MaskedAutoencoder), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return mae_family("adam", 3e-3, model=lambda: fd.MaskedAutoencoder(dead_bias=-30.0), track_zero_grads=True)


@case("mae-adam-lr-0p01-no-warmup", "mae", "missing-warmup", cf=lambda s: replace(s, warmup_steps=100),
      cf_what="a 100-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=100, shape=anything)
def _() -> Setup:
    return mae_family("adam", 0.01)


# hnn: a Hamiltonian neural network (a tanh MLP 2-64-64-1 giving H(q, p), its symplectic gradient (dH/dp, -dH/dq) by
# autograd) fitted to the measured time derivatives of a pendulum's states, mse; works at Adam 3e-3-0.01 (the held-out
# mse falls from ~2.4 to ~0.0045 in 400 steps), SGDm 0.1 (~0.004-0.005); Adam 0.1 ends near 0.015 at one seed and at the
# mse of predicting no motion (~2.15) at the other; SGDm 0.5-1 blows up and stays there. About 0.5-1.5 s a training


@case("hnn-adam-lr-0p1-30x-from-step-1", "hnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return hnn_family("adam", 0.1)


@case("hnn-sgdm-lr-1-stuck-at-no-motion", "hnn", "lr-high-chance", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hnn_family("sgdm", 1.0)


@case("hnn-rmsprop-lr-0p1-100x-log2", "hnn", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hnn_family("rmsprop", 0.1, log_every=2)


@case("hnn-nadam-exponential-gamma-1p02", "hnn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hnn_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("hnn-sgdm-lr-1e-4-1000x-low-log3", "hnn", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hnn_family("sgdm", 1e-4, log_every=3)


@case("hnn-adagrad-lr-1e-3-30x-low-log5", "hnn", "lr-low-adagrad", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hnn_family("adagrad", 1e-3, log_every=5)


@case("hnn-sgdm-summed-mse", "hnn", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, HNN0, "the mse of predicting no motion"))
def _() -> Setup:
    return hnn_family("sgdm", 0.01, loss_fn=fd.hnn_mse_summed, loss_name="squared error summed over both derivatives and the batch (reduction='sum')",
                      val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("hnn-adam-head-x1000", "hnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.HamiltonianNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, HNN0, "the mse of predicting no motion"))
def _() -> Setup:
    return hnn_family("adam", 3e-3, model=lambda: scaled_head(fd.HamiltonianNet(), 1000, bias=True))


@case("hnn-adam-missing-momentum-nan", "hnn", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the states with a missing coordinate dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 62))
def _() -> Setup:
    return hnn_family("adam", 3e-3, data=fd.pendulum_states(nan_rows=0.003))


@case("hnn-adam-exponential-1000x-in-40-steps", "hnn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return hnn_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("hnn-sgdm-lr-0p5-no-clip-explodes", "hnn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return hnn_family("sgdm", 0.5)


@case("hnn-adam-lr-0p01-recreated-each-epoch", "hnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=16, tol=5,
      shape=anything)
def _() -> Setup:
    return hnn_family("adam", 0.01, data=fd.pendulum_states(train_rows=1000), recreate_optimizer_at=frozenset(range(15, 400, 15)))


@case("mae-adamw-lr-0p01-recreated-each-epoch", "mae", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return mae_family("adamw", 0.01, data=fd.masked_images(train_rows=1000), recreate_optimizer_at=frozenset(range(31, 300, 31)))


# nbeats: N-BEATS (3 generic blocks of 3 ReLU layers of 64, a linear expansion to 8 coefficients, backcast and forecast
# layers, double residual links) forecasting 8 steps of seasonal series with a trend from 24, mse; works at Adam 1e-3-0.01
# (the held-out mse falls from ~0.6 to ~0.021 in 400 steps), SGDm 0.1 (~0.022-0.024); SGDm 0.01 is slow (~0.055); Adam
# 0.1 ends near 0.5; SGDm 1 overflows. About 1-5 s a training


@case("nbeats-sgdm-lr-1-overflows-nan", "nbeats", "lr-high-nan", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=400, shape=nan_within(1, 400))
def _() -> Setup:
    return nbeats_family("sgdm", 1.0)


@case("nbeats-adam-lr-0p1-30x-from-step-1", "nbeats", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return nbeats_family("adam", 0.1)


@case("nbeats-adamax-cyclic-peak-1", "nbeats", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nbeats_family("adamax", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("nbeats-adam-warmup-cosine-peak-0p3", "nbeats", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nbeats_family("adam", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("nbeats-sgdm-lr-1e-3-100x-low-log4", "nbeats", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nbeats_family("sgdm", 1e-3, log_every=4)


@case("nbeats-asgd-lr-1e-3-100x-low-log5", "nbeats", "lr-low-asgd", cf=lr_to(0.1), cf_what="ASGD lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nbeats_family("asgd", 1e-3, log_every=5)


@case("nbeats-sgdm-summed-mse", "nbeats", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, 0.6, "an untrained forecast mse"))
def _() -> Setup:
    return nbeats_family("sgdm", 0.01, loss_fn=fd.nbeats_mse_summed, loss_name="squared error summed over the horizon and the batch (reduction='sum')",
                         val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("nbeats-adam-head-x300", "nbeats", "last-layer-init",
      cf=lambda s: replace(s, model=fd.NBeats), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, 0.6, "an untrained forecast mse"))
def _() -> Setup:
    return nbeats_family("adam", 3e-3, model=lambda: scaled_head(fd.NBeats(), 300, bias=True))


@case("nbeats-sgdm-exponential-gamma-1p03-nan", "nbeats", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 400))
def _() -> Setup:
    return nbeats_family("sgdm", 0.01, schedule=exponential(1.03), schedule_name="ExponentialLR(gamma=1.03) per batch")


@case("nbeats-adam-multistep-x0p1-at-5pct", "nbeats", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return nbeats_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("nbeats-adam-relu-dead-at-init", "nbeats", "dead-units",
      cf=lambda s: replace(s, model=fd.NBeats), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return nbeats_family("adam", 3e-3, model=lambda: fd.NBeats(dead_bias=-30.0), track_zero_grads=True)


@case("nbeats-adam-64-noisy-windows-overfits", "nbeats", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return nbeats_family("adam", 3e-3, steps=1000, eval_every=50, data=fd.noisy_nbeats_series(64))


# negbin: a negative-binomial count regression (a ReLU MLP 6-64-64-64 to a log-mean, the log exposure added, and a
# log-dispersion) of overdispersed event counts, negative log-likelihood; works at Adam 1e-3-3e-3 (the held-out NLL falls
# from ~2.27 to ~1.84-1.91 in 400 steps; a constant rate reaches ~2.31), SGDm 0.03 (~1.85-1.88, noisy); Adam 0.1 ends
# near 1.91-2.27; SGDm 1 overflows (NaN). About 1-1.5 s a training


@case("negbin-adam-lr-0p1-30x-from-step-1", "negbin", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return negbin_family("adam", 0.1)


@case("negbin-sgdm-lr-1-overflows-nan-log2", "negbin", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=400, shape=nan_within(1, 400))
def _() -> Setup:
    return negbin_family("sgdm", 1.0, log_every=2)


@case("negbin-adamw-warmup-cosine-peak-1", "negbin", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return negbin_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("negbin-adam-lr-1e-4-30x-low", "negbin", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return negbin_family("adam", 1e-4)


@case("negbin-sgdm-lr-1e-4-300x-low-log2", "negbin", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return negbin_family("sgdm", 1e-4, log_every=2)


@case("negbin-sgdm-summed-nll", "negbin", "summed",
      cf=lambda s: replace(s, loss_fn=fd.negbin_nll, loss_name="negative binomial NLL (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, NB0, "an untrained NLL a row"))
def _() -> Setup:
    return negbin_family("sgdm", 0.01, loss_fn=fd.negbin_nll_summed, loss_name="negative binomial NLL summed over the batch (reduction='sum')",
                         val_loss_fn=fd.negbin_nll, mean_loss_fn=fd.negbin_nll)  # fmt: skip


@case("negbin-adam-nll-by-hand-log0", "negbin", "nan-log0",
      cf=lambda s: replace(s, loss_fn=fd.negbin_nll), cf_what="an exp link (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(1, 400))
def _() -> Setup:
    return negbin_family("adam", 3e-3, loss_fn=fd.negbin_nll_by_hand, loss_name="negative binomial nll by hand (mean = relu(raw), log(mu))",
                         val_loss_fn=fd.negbin_nll, safe_loss_fn=fd.negbin_nll)  # fmt: skip


@case("negbin-adam-exponential-1000x-in-20-steps", "negbin", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 22))
def _() -> Setup:
    return negbin_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.05), schedule_name="ExponentialLR per batch, x0.001 by step 20")


@case("negbin-adam-fc-dead-at-init", "negbin", "dead-units",
      cf=lambda s: replace(s, model=fd.NegBinMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return negbin_family("adam", 3e-3, model=lambda: fd.NegBinMLP(dead_bias=-30.0), track_zero_grads=True)


@case("negbin-adam-300-rows-overfits", "negbin", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return negbin_family("adam", 0.01, steps=1000, eval_every=50, data=fd.overdispersed_counts(train_rows=300, batch_size=16))


# fresh18 half: healthy look-alikes


@case("mae-adamw-warmup-cosine", "mae", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return mae_family("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("mae-adam-warmup-constant-log2", "mae", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return mae_family("adam", 3e-3, log_every=2, schedule=constant_after(0.1), schedule_name="linear warmup 10%, then constant")


@case("mae-adam-resumed-with-state", "mae", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return mae_family("adam", 3e-3, recreate_optimizer_at=frozenset({150}), keep_optimizer_state=True)


@case("mae-nadam-onecycle-log5", "mae", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return mae_family("nadam", 3e-3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("hnn-adam-sgdr-log4", "hnn", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return hnn_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25),
                      schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("hnn-sgdm-cyclic-triangular2", "hnn", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return hnn_family("sgdm", 0.3, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("hnn-adamax-constant-log3", "hnn", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return hnn_family("adamax", 0.01, log_every=3)


@case("hnn-adam-step-decay-log2", "hnn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return hnn_family("adam", 0.01, log_every=2, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("hnn-nesterov-onecycle-log5", "hnn", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return hnn_family("nesterov", 0.3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("hnn-adam-linear-decay-long-avg20", "hnn", "healthy", like=("plateau", "lr-too-low", "overfitting"), shape=healthy_shape())
def _() -> Setup:
    return hnn_family("adam", 0.01, steps=1000, log_every=20, average=True, eval_every=100, schedule=linear_decay_after(0.05),
                      schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("nbeats-adamw-warmup-cosine", "nbeats", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return nbeats_family("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("nbeats-adam-plateau-log5", "nbeats", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return nbeats_family("adam", 3e-3, log_every=5, schedule=on_plateau(0.3, 1),
                         schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("nbeats-sgdm-onecycle-log2", "nbeats", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return nbeats_family("sgdm", 0.3, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


@case("nbeats-adam-resumed-with-state", "nbeats", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return nbeats_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("negbin-adam-warmup-cosine", "negbin", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return negbin_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("negbin-adagrad-constant-log2", "negbin", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return negbin_family("adagrad", 0.03, log_every=2)


@case("negbin-adam-step-decay-log3", "negbin", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return negbin_family("adam", 3e-3, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("negbin-rmsprop-cosine-log4", "negbin", "healthy", like=("plateau", "lr-too-low", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return negbin_family("rmsprop", 1e-3, log_every=4, schedule=cosine_after(0.0), schedule_name="cosine")


@case("negbin-adam-constant-long-avg20", "negbin", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return negbin_family("adam", 1e-3, steps=1000, log_every=20, average=True, eval_every=100)


# fresh18 half, logged once per epoch


@case("mae-adam-96-images-overfits-per-epoch", "mae", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return mae_family("adam", 3e-3, steps=6 * 100, data=fd.masked_images(train_rows=96, batch_size=16), log_per_epoch=True)


@case("hnn-adam-lr-0p1-per-epoch", "hnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return hnn_family("adam", 0.1, steps=31 * 15, log_per_epoch=True, data=fd.pendulum_states(train_rows=2000))


@case("mae-adam-cosine-per-epoch", "mae", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return mae_family("adam", 3e-3, steps=62 * 6, log_per_epoch=True, data=fd.masked_images(train_rows=2000),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("hnn-adamw-warmup-cosine-per-epoch", "hnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return hnn_family("adamw", 0.03, steps=31 * 15, log_per_epoch=True, data=fd.pendulum_states(train_rows=2000),
                      schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("hnn-radam-cosine-per-epoch", "hnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return hnn_family("radam", 0.1, steps=31 * 15, log_per_epoch=True, data=fd.pendulum_states(train_rows=2000),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("nbeats-adam-cosine-per-epoch", "nbeats", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return nbeats_family("adam", 3e-3, steps=46 * 10, log_per_epoch=True, data=fd.nbeats_series(train_rows=3000),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("nbeats-nadam-per-epoch", "nbeats", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return nbeats_family("nadam", 3e-3, steps=46 * 10, log_per_epoch=True, data=fd.nbeats_series(train_rows=3000))


@case("negbin-adam-cosine-per-epoch", "negbin", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return negbin_family("adam", 3e-3, steps=62 * 8, log_per_epoch=True, data=fd.overdispersed_counts(train_rows=4000),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
