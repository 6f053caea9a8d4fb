"""The ninth fresh half (fresh9, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import torch
from torch.nn import functional as F

import fixcheck_data as fd
from fixcheck_cases.fresh import on_plateau
from fixcheck_cases.fresh2 import without_missing_targets
from fixcheck_cases.fresh6 import setup_more
from fixcheck_cases.tune import HIGH
from fixcheck_core import (
    anything, at_chance, case, dead_from, early_rise, first_dead, first_loss_above, first_nan, flat_late,
    healthy_shape, imputed, lr_down_by, lr_to, nan_within, overfits, still_falling,
)
from harness import (
    Setup, cosine_after, cyclic, exponential, exponential_to, multistep, one_cycle, scaled_head, warm_restarts,
)


def kge_family(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.margin_ranking)
    knobs.setdefault("loss_name", "margin ranking loss max(0, 1 + d(h + r, t) - d(corrupted triple)), 4 corrupted triples "
                                  "a positive one (mean)")
    knobs.setdefault("meta", {"model": "TransE (L2)", "entities": fd.KGE_ENTITIES, "relations": fd.KGE_RELATIONS,
                              "negatives_per_triple": fd.KGE_NEGATIVES, "margin": fd.KGE_MARGIN})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.kg_triples(), knobs.pop("model", None) or fd.TransE, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def quantile_family(optimizer: str, lr: float, steps: int = 1500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 150)
    knobs.setdefault("loss_fn", fd.pinball)
    knobs.setdefault("loss_name", "pinball (quantile) loss over the quantiles 0.05, 0.25, 0.5, 0.75, 0.95 (mean)")
    knobs.setdefault("meta", {"quantiles": list(fd.QUANTILES), "target": "standardised, heteroscedastic, skewed"})
    return setup_more(knobs.pop("data", None) or fd.heteroscedastic_table(), knobs.pop("model", None) or fd.QuantileMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def convgru_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the next frame's pixels (values 0-1), 5 frames a clip")
    knobs.setdefault("meta", {"model": "ConvGRU, 8 channels", "frame_size": "10x10", "frames": 5})
    return setup_more(knobs.pop("data", None) or fd.moving_blobs(), knobs.pop("model", None) or fd.ConvRecurrentPredictor,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def node_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the 9 observed states of each trajectory, predicted from the first")
    knobs.setdefault("meta", {"model": "latent neural ODE, tanh vector field", "solver": "RK4, fixed step 0.5, backpropagated",
                              "system": "damped pendulum"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.pendulum_trajectories(), knobs.pop("model", None) or fd.LatentODE,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def nan_in_features(data: fd.Data, share: float) -> fd.Data:
    """The data with one feature (the 6th) missing (NaN) in ``share`` of its training rows: values nobody imputed."""
    g = torch.Generator().manual_seed(176)
    x = data.x.clone()
    x[torch.rand(len(x), generator=g) < share, 5] = float("nan")
    return replace(data, x=x)


CONVRNN = {"model": "conv vanilla RNN (tanh), 8 channels", "frame_size": "10x10", "frames": 5}
KGE0, QR0, FRAME0, NODE0 = fd.KGE_MARGIN, fd.pinball_at_zero(), fd.frames_at_zero(), fd.trajectories_at_zero()
"""Where the untrained models start: about the margin (1) for TransE (a corrupted triple as far as the true one), the
pinball loss of predicting 0 (~0.40), the mean square of the next frame's pixels (~0.079) and of the states (~0.46)."""
QR_CONST, FRAME_CONST = fd.pinball_at_constant(), fd.frames_variance()
"""What a model that ignores its input reaches: the pinball loss of the marginal quantiles (~0.25), the pixels' variance
(~0.060)."""

# kge: TransE (L2 distance, 32 dimensions) of a synthetic knowledge graph of 300 entities and 10 relations, 4 corrupted
# triples drawn afresh a positive one, margin 1; works at Adam 0.1, RMSprop 0.03, SGD 30 (the mean loss's gradient on an
# embedding row is tiny); the held-out ranking loss (fixed corruptions) falls from ~1 to ~0.16


@case("kge-transe-adam-lr-3-30x-from-step-1", "kge", "lr-high-step1", cf=lr_to(0.1), cf_what="Adam lr 0.1",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return kge_family("adam", 3.0)


@case("kge-transe-sgd-lr-1000-30x-noisy-log2", "kge", "lr-high-step1", cf=lr_to(30.0), cf_what="lr 30",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return kge_family("sgd", 1000.0, log_every=2)


@case("kge-transe-adam-lr-1e-3-100x-low", "kge", "lr-low-adam", cf=lr_to(0.1), cf_what="Adam lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return kge_family("adam", 1e-3)


@case("kge-transe-sgd-lr-1-30x-low-log4", "kge", "lr-low-sgd", cf=lr_to(30.0), cf_what="lr 30",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return kge_family("sgd", 1.0, log_every=4)


@case("kge-transe-sgd-summed-margin", "kge", "summed",
      cf=lambda s: replace(s, loss_fn=fd.margin_ranking, loss_name="margin ranking loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, KGE0, "the margin"))
def _() -> Setup:
    return kge_family("sgd", 30.0, loss_fn=fd.margin_ranking_summed,
                      loss_name="margin ranking loss summed over the batch and the corrupted triples (reduction='sum')",
                      val_loss_fn=fd.margin_ranking, mean_loss_fn=fd.margin_ranking)  # fmt: skip


@case("kge-transe-adam-recreated-each-epoch", "kge", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=38, tol=5,
      shape=anything)
def _() -> Setup:
    return kge_family("adam", 0.1, recreate_optimizer_at=frozenset(range(37, 600, 37)))


@case("kge-transe-adam-multistep-x0p1-at-5pct", "kge", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return kge_family("adam", 0.1, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("kge-transe-rmsprop-exponential-100x-in-60-steps", "kge", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 65))
def _() -> Setup:
    return kge_family("rmsprop", 0.03, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 60")


@case("kge-transe-sgd-exponential-gamma-1p01", "kge", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return kge_family("sgd", 30.0, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("kge-transe-adamw-warmup-cosine-peak-3", "kge", "lr-high-ramp", cf=lr_to(0.1), cf_what="peak lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return kge_family("adamw", 3.0, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("kge-transe-adam-lr-0p1-constant-plateau", "kge", "plateau", cf=lambda s: replace(s, decay_step=600),
      cf_what="lr x0.1 from step 600", must=("plateau",), may=("lr-too-high",), fault_step=600, tol=450, shape=flat_late)
def _() -> Setup:
    return kge_family("adam", 0.1, steps=1200, eval_every=120)


@case("kge-transe128-adam-400-triples-overfits", "kge", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return kge_family("adam", 0.1, eval_every=30, data=fd.kg_triples(train_rows=400), model=lambda: fd.TransE(dim=128))


# quantile: a ReLU MLP 8-64-64-5 predicting 5 quantiles of a heteroscedastic, skewed target, pinball loss; works at Adam
# 1e-3-0.01, SGDm 0.1; the held-out loss falls from ~0.40 (all quantiles 0) to ~0.097 (the marginal quantiles: ~0.25)


@case("quantile-mlp-adam-lr-1-dies-to-constant", "quantile", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=1500,
      shape=at_chance(QR_CONST, "the pinball loss of the marginal quantiles"))
def _() -> Setup:
    return quantile_family("adam", 1.0)


@case("quantile-mlp-adam-lr-1e-5-300x-low", "quantile", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=1500, shape=still_falling)
def _() -> Setup:
    return quantile_family("adam", 1e-5)


@case("quantile-mlp-sgd-lr-3e-3-100x-low-log5", "quantile", "lr-low-sgd", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-low",), may=("plateau",), tol=1500, shape=still_falling)
def _() -> Setup:
    return quantile_family("sgd", 3e-3, log_every=5)


@case("quantile-mlp-sgdm-summed-pinball", "quantile", "summed",
      cf=lambda s: replace(s, loss_fn=fd.pinball, loss_name="pinball loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, QR0, "the pinball loss of all quantiles at 0"))
def _() -> Setup:
    return quantile_family("sgdm", 0.1, loss_fn=fd.pinball_summed,
                           loss_name="pinball loss summed over the batch and the 5 quantiles (reduction='sum')",
                           val_loss_fn=fd.pinball, mean_loss_fn=fd.pinball)  # fmt: skip


@case("quantile-mlp-adam-head-x300", "quantile", "last-layer-init",
      cf=lambda s: replace(s, model=fd.QuantileMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, QR0, "the pinball loss of all quantiles at 0"))
def _() -> Setup:
    return quantile_family("adam", 3e-3, model=lambda: scaled_head(fd.QuantileMLP(), 300, bias=True))


@case("quantile-mlp-adam-missing-targets-nan", "quantile", "nan-early",
      cf=lambda s: replace(s, data=without_missing_targets(s.data)), cf_what="the rows without a target dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(1, 93))
def _() -> Setup:
    return quantile_family("adam", 3e-3, data=fd.heteroscedastic_table(missing=0.01))


@case("quantile-mlp-adam-nan-features-nan", "quantile", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 93))
def _() -> Setup:
    return quantile_family("adam", 3e-3, data=nan_in_features(fd.heteroscedastic_table(), 0.01))


@case("quantile-mlp-adam-hidden-dead-at-init", "quantile", "dead-units",
      cf=lambda s: replace(s, model=fd.QuantileMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return quantile_family("adam", 3e-3, model=lambda: fd.QuantileMLP(dead_bias=-6.0), track_zero_grads=True)


@case("quantile-mlp-sgdm-lr-3-30x-from-step-1", "quantile", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=1500, shape=anything)
def _() -> Setup:
    return quantile_family("sgdm", 3.0)


@case("quantile-mlp-rmsprop-recreated-each-epoch", "quantile", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return quantile_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(93, 1500, 93)))


@case("quantile-mlp-adam-multistep-x0p1-at-3pct", "quantile", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=46, tol=100, shape=lr_down_by(0.11, 50))
def _() -> Setup:
    return quantile_family("adam", 1e-3, schedule=multistep(0.03, gamma=0.1), schedule_name="MultiStepLR at 3%")


@case("quantile-mlp-sgdm-exponential-gamma-1p01", "quantile", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=1500, shape=anything)
def _() -> Setup:
    return quantile_family("sgdm", 0.1, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("quantile-mlp-adamw-warmup-cosine-peak-0p3", "quantile", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=1500, shape=anything)
def _() -> Setup:
    return quantile_family("adamw", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("quantile-mlp256-adam-500-rows-overfits", "quantile", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return quantile_family("adam", 3e-3, eval_every=50, data=fd.heteroscedastic_table(train_rows=500),
                           model=lambda: fd.QuantileMLP(hidden=256))  # fmt: skip


# convgru: a ConvGRU (8 channels, 3x3 convolutions) with a per-pixel ReLU layer and a linear head predicting the next
# 10x10 frame of clips of two bouncing Gaussian blobs, MSE; works at Adam 3e-3-0.01, SGDm 0.3; the held-out loss falls
# from ~0.08 (all black) to ~0.0066 (the pixels' variance: ~0.060)


@case("convgru-adam-lr-0p3-30x-blows-up", "convgru", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return convgru_family("adam", 0.3)


@case("convrnn-sgd-lr-1-no-clip-explodes", "convgru", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return convgru_family("sgd", 1.0, model=lambda: fd.ConvRecurrentPredictor("rnn", gain=2.0), meta=CONVRNN)


@case("convgru-adam-lr-1e-5-300x-low", "convgru", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return convgru_family("adam", 1e-5)


@case("convgru-sgdm-lr-3e-3-100x-low-log4", "convgru", "lr-low-sgd", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return convgru_family("sgdm", 3e-3, log_every=4)


@case("convgru-sgdm-summed-mse", "convgru", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (reduction='mean')"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, FRAME0, "the mean square of the pixels"))
def _() -> Setup:
    return convgru_family("sgdm", 0.3, loss_fn=fd.frame_mse_summed,
                          loss_name="squared error summed over the pixels, frames and clips (reduction='sum')",
                          val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("convgru-adam-head-x300", "convgru", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ConvRecurrentPredictor), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, FRAME0, "the mean square of the pixels"))
def _() -> Setup:
    return convgru_family("adam", 0.01, model=lambda: scaled_head(fd.ConvRecurrentPredictor(), 300, bias=True))


@case("convgru-adam-corrupt-frames-nan", "convgru", "nan-early",
      cf=lambda s: replace(s, data=without_missing_targets(s.data)), cf_what="the corrupt clips dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return convgru_family("adam", 0.01, data=fd.moving_blobs(nan_rows=0.01))


@case("convgru-adam-pixel-layer-dead-at-init", "convgru", "dead-units",
      cf=lambda s: replace(s, model=fd.ConvRecurrentPredictor), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return convgru_family("adam", 0.01, model=lambda: fd.ConvRecurrentPredictor(dead_bias=-6.0), track_zero_grads=True)


@case("convgru-adam-lr-0p08-no-warmup", "convgru", "missing-warmup", cf=lambda s: replace(s, warmup_steps=50),
      cf_what="a 50-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=50, shape=early_rise(1.3))
def _() -> Setup:
    return convgru_family("adam", 0.08)


@case("convgru-adamw-exponential-100x-in-30-steps", "convgru", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 35))
def _() -> Setup:
    return convgru_family("adamw", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 30")


@case("convgru-adam-cyclic-peak-0p3", "convgru", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return convgru_family("adam", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("convgru-sgdm-exponential-gamma-1p03-nan", "convgru", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 300))
def _() -> Setup:
    return convgru_family("sgdm", 0.3, schedule=exponential(1.03), schedule_name="ExponentialLR(gamma=1.03) per batch")


# node: a latent neural ODE (a linear encoder of the first observation into 8 dimensions, a tanh vector field 8-64-8,
# one RK4 step of 0.5 between observations, backpropagated through, a linear decoder) of damped pendulum trajectories
# observed at 9 times; works at Adam 3e-3-0.01, RMSprop 1e-3, SGDm 0.03, SGD 0.1; the held-out loss falls from ~0.69 to
# ~0.005 (the observation noise: 0.0025)


@case("node-adam-lr-0p1-30x-from-step-1", "node", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return node_family("adam", 0.1)


@case("node-sgd-lr-3-state-overflows-nan", "node", "lr-high-nan", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=400, shape=nan_within(1, 400))
def _() -> Setup:
    return node_family("sgd", 3.0)


@case("node-adam-lr-3e-5-100x-low", "node", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return node_family("adam", 3e-5)


@case("node-sgdm-lr-3e-4-100x-low-log4", "node", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return node_family("sgdm", 3e-4, log_every=4)


@case("node-sgdm-summed-mse", "node", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (reduction='mean')"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, NODE0, "the mean square of the states"))
def _() -> Setup:
    return node_family("sgdm", 0.03, loss_fn=fd.trajectory_mse_summed,
                       loss_name="squared error summed over the states, times and trajectories (reduction='sum')",
                       val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("node-adam-decoder-x300", "node", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LatentODE), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, NODE0, "the mean square of the states"))
def _() -> Setup:
    return node_family("adam", 3e-3, model=lambda: scaled_head(fd.LatentODE(), 300, bias=True))


@case("node-adam-gap-in-trajectories-nan", "node", "nan-early",
      cf=lambda s: replace(s, data=without_missing_targets(s.data)), cf_what="the trajectories with a gap dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(1, 62))
def _() -> Setup:
    return node_family("adam", 3e-3, data=fd.pendulum_trajectories(nan_rows=0.01))


@case("node-adam-multistep-x0p1-at-5pct", "node", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return node_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("node-sgdm-exponential-gamma-1p02", "node", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return node_family("sgdm", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("node-adamw-warmup-cosine-peak-0p3", "node", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return node_family("adamw", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("node-adam-lr-0p03-no-warmup", "node", "missing-warmup", cf=lambda s: replace(s, warmup_steps=40),
      cf_what="a 40-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=40, shape=early_rise(1.5))
def _() -> Setup:
    return node_family("adam", 0.03)


# fresh9 half: healthy look-alikes


@case("kge-transe-adamw-warmup-cosine", "kge", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return kge_family("adamw", 0.3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("kge-transe-adam-sgdr-log4", "kge", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return kge_family("adam", 0.1, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("kge-transe-sgd-step-decay-log10", "kge", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return kge_family("sgd", 100.0, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("kge-transe-rmsprop-reduce-on-plateau-log4", "kge", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return kge_family("rmsprop", 0.03, log_every=4, schedule=on_plateau(0.3, 1),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("kge-transe-adam-constant-long-avg50", "kge", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return kge_family("adam", 0.03, steps=1500, log_every=50, average=True, eval_every=150)


@case("quantile-mlp-adamw-warmup-cosine", "quantile", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return quantile_family("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("quantile-mlp-sgdm-onecycle-log5", "quantile", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return quantile_family("sgdm", 0.1, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("quantile-mlp-adam-reduce-on-plateau-log4", "quantile", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return quantile_family("adam", 3e-3, log_every=4, schedule=on_plateau(0.3, 1),
                           schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("quantile-mlp-adam-constant-long-avg50", "quantile", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return quantile_family("adam", 3e-3, steps=3000, log_every=50, average=True, eval_every=300)


@case("quantile-mlp-adam-finetune-lr-1e-4", "quantile", "healthy", like=("lr-too-low", "plateau"),
      shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return quantile_family("adam", 1e-4, steps=300, eval_every=30, model=fd.pretrained_quantile,
                           meta={"quantiles": list(fd.QUANTILES), "pretrained": True})  # fmt: skip


@case("quantile-mlp-rmsprop-cyclic-log2", "quantile", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape())
def _() -> Setup:
    return quantile_family("rmsprop", 3e-3, log_every=2, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular")


@case("convgru-adamw-warmup-cosine", "convgru", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return convgru_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("convgru-adam-sgdr-log4", "convgru", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return convgru_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25),
                          schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("convgru-sgdm-step-decay-log10", "convgru", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return convgru_family("sgdm", 1.0, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("convgru-sgdm-onecycle-log5", "convgru", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return convgru_family("sgdm", 1.0, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("convrnn-adam-constant-long-avg50", "convgru", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return convgru_family("adam", 3e-3, steps=800, log_every=50, average=True, eval_every=80,
                          model=lambda: fd.ConvRecurrentPredictor("rnn"), meta=CONVRNN)  # fmt: skip


@case("node-adamw-warmup-cosine", "node", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return node_family("adamw", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("node-adam-sgdr-log4", "node", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return node_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("node-rmsprop-reduce-on-plateau-log4", "node", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return node_family("rmsprop", 1e-3, log_every=4, schedule=on_plateau(0.3, 1),
                       schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("node-sgd-constant-log4", "node", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return node_family("sgd", 0.1, log_every=4)


@case("node-softplus-adam-constant-long-avg50", "node", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return node_family("adam", 0.01, steps=1000, log_every=50, average=True, eval_every=100,
                       model=lambda: fd.LatentODE(act="softplus"))  # fmt: skip


# fresh9 half, logged once per epoch


@case("quantile-mlp256-adam-300-rows-overfits-per-epoch", "quantile", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return quantile_family("adam", 3e-3, steps=4 * 300, data=fd.heteroscedastic_table(train_rows=300),
                           model=lambda: fd.QuantileMLP(hidden=256), log_per_epoch=True)  # fmt: skip


@case("node-adam-lr-0p1-per-epoch", "node", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return node_family("adam", 0.1, steps=62 * 8, log_per_epoch=True)


@case("kge-transe-adam-per-epoch", "kge", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return kge_family("adam", 0.1, steps=37 * 16, log_per_epoch=True)


@case("convgru-adam-cosine-per-epoch", "convgru", "healthy", like=("overfitting", "plateau", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return convgru_family("adam", 0.01, steps=100 * 5, log_per_epoch=True, schedule=cosine_after(0.0), per_epoch=True,
                          schedule_name="cosine, per epoch")  # fmt: skip


@case("quantile-mlp-adam-step-decay-per-epoch", "quantile", "healthy", like=("overfitting", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return quantile_family("adam", 3e-3, steps=93 * 10, log_per_epoch=True, schedule=multistep(0.6, gamma=0.1),
                           per_epoch=True, schedule_name="MultiStepLR at 60%, per epoch")  # fmt: skip
