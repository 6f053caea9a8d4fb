"""The fifty-ninth fresh half (fresh57, held out from all tuning):
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


def patchtst_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse over the 12 forecast steps of 4 channels")
    knobs.setdefault("meta", {"model": "PatchTST-like: channel-independent, instance-normalised windows cut into 6 patches of 8 embedded to 16 plus learned positions, a transformer encoder layer (2 heads, a GELU MLP, pre-LN), a LayerNorm, a ReLU layer 96-32, a head onto the 12 steps, de-normalised",
                              "lookback": fd.PATCHTST_LOOKBACK, "horizon": fd.PATCHTST_HORIZON, "channels": fd.PATCHTST_CHANNELS,
                              "patch": fd.PATCHTST_PATCH, "held_out": "mse on new windows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.patchtst_series(), knobs.pop("model", None) or fd.PatchTSTNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def clockwork_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes")
    knobs.setdefault("meta", {"model": "Clockwork RNN: 4 modules of 8 tanh units with periods 1, 2, 4, 8 (a module updated only at steps its period divides, reading only from itself and slower modules), the final state through a ReLU layer 32-32, a head",
                              "length": fd.CLOCKWORK_LENGTH, "periods": list(fd.CLOCKWORK_PERIODS),
                              "classes": fd.CLOCKWORK_CLASSES, "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.clockwork_sequences(), knobs.pop("model", None) or fd.ClockworkNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def diffpool_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.diffpool_loss)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes + 0.05 x (link-prediction + assignment entropy) (mean)")
    knobs.setdefault("meta", {"model": "DiffPool-like: an embedding GNN (2 mean-aggregation layers 3-16-16) and an assignment GNN (3-16-4, a softmax over 4 clusters), the coarsened graph through a GNN layer 16-16, a mean over the clusters, a LayerNorm, a ReLU layer 16-32, a head",
                              "nodes": fd.DIFFPOOL_NODES, "clusters": fd.DIFFPOOL_CLUSTERS, "classes": fd.DIFFPOOL_CLASSES,
                              "aux_weight": fd.DIFFPOOL_AUX, "held_out": "cross-entropy + auxiliary loss on new graphs"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.diffpool_graphs(), knobs.pop("model", None) or fd.DiffPoolNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def autoint_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.autoint_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the clicks (mean)")
    knobs.setdefault("meta", {"model": "AutoInt: 8-d embeddings of 6 categorical and 2 numeric fields, 2 interacting layers (multi-head self-attention over the fields, 2 heads, a residual projection, ReLU), flattened through a ReLU layer 64-32, a head to the logit",
                              "fields": fd.AUTOINT_FIELDS, "values_per_field": fd.AUTOINT_VALUES, "numeric": fd.AUTOINT_NUMERIC,
                              "held_out": "BCE on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.autoint_clicks(), knobs.pop("model", None) or fd.AutoIntNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


PATCHTST0, CLOCKWORK0, DIFFPOOL0, AUTOINT0 = fd.patchtst_at_mean(), LN(fd.CLOCKWORK_CLASSES), LN(fd.DIFFPOOL_CLASSES), LN(2)
"""Where the families start: the PatchTST-like forecaster at the MSE of forecasting each window's mean (~0.90), the
Clockwork RNN and DiffPool at ln 4 (DiffPool plus its small auxiliary loss), AutoInt at ln 2."""


# patchtst: a PatchTST-like forecaster (channel independence, instance normalisation, 6 patches of 8 steps, a
# transformer encoder layer, a linear head onto 12 steps) of 4 channels of cycles, drifts and AR(1) noise, MSE (0.95 at
# step 1, ~0.90 for the window mean); works at Adam 1e-3-0.01 (best 3e-3), SGDm 0.01, even SGD 1


@case("patchtst-adam-lr-1-log4", "patchtst", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return patchtst_family("adam", 1.0, log_every=4)


@case("patchtst-adamw-warmup-cosine-peak-1", "patchtst", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return patchtst_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("patchtst-adam-lr-1e-5-300x-low", "patchtst", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return patchtst_family("adam", 1e-5)


@case("patchtst-sgdm-lr-1e-4-100x-low-log2", "patchtst", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return patchtst_family("sgdm", 1e-4, log_every=2)


@case("patchtst-sgdm-summed-mse", "patchtst", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (reduction='mean')"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, PATCHTST0, "the MSE of forecasting the window mean"))
def _() -> Setup:
    return patchtst_family("sgdm", 0.03, loss_fn=fd.patchtst_mse_summed, loss_name="mse summed over the batch's windows (reduction='sum')",
                           val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("patchtst-adam-head-x1000", "patchtst", "last-layer-init",
      cf=lambda s: replace(s, model=fd.PatchTSTNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, PATCHTST0, "the MSE of forecasting the window mean"))
def _() -> Setup:
    return patchtst_family("adam", 3e-3, model=lambda: scaled_head(fd.PatchTSTNet(), 1000))


@case("patchtst-adam-exponential-1000x-in-40-steps", "patchtst", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return patchtst_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("patchtst-adam-missing-value-nan", "patchtst", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the windows with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return patchtst_family("adam", 3e-3, data=fd.patchtst_series(nan_rows=0.003))


@case("patchtst-adam-lr-0p01-recreated-every-4-steps", "patchtst", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return patchtst_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("patchtst-adam-fc-dead-at-init", "patchtst", "dead-units",
      cf=lambda s: replace(s, model=fd.PatchTSTNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return patchtst_family("adam", 3e-3, model=lambda: fd.PatchTSTNet(dead_bias=-30.0), track_zero_grads=True)


@case("patchtst-adam-lr-0p1-no-warmup", "patchtst", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return patchtst_family("adam", 0.1)


# clockwork: a Clockwork RNN (4 modules of 8 tanh units, periods 1, 2, 4, 8, each reading only from itself and slower
# modules) naming a cycle's period and the sign of an early held pulse in sequences of 16 steps, cross-entropy over 4
# (1.47 at step 1, ln 4 = 1.39); works at Adam 3e-3-0.03 (best 0.01), SGDm 0.1-0.3 (slow at 0.1)


@case("clockwork-adam-lr-1", "clockwork", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return clockwork_family("adam", 1.0)


@case("clockwork-sgdm-lr-30-300x", "clockwork", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return clockwork_family("sgdm", 30.0)


@case("clockwork-adamw-warmup-cosine-peak-1", "clockwork", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return clockwork_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("clockwork-adam-lr-3e-5-100x-low", "clockwork", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return clockwork_family("adam", 3e-5)


@case("clockwork-sgdm-summed-ce", "clockwork", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, CLOCKWORK0, "ln 4"))
def _() -> Setup:
    return clockwork_family("sgdm", 0.1, loss_fn=fd.clockwork_ce_summed, loss_name="cross_entropy summed over the batch's sequences (reduction='sum')",
                            val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("clockwork-adam-head-x1000", "clockwork", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ClockworkNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CLOCKWORK0, "ln 4"))
def _() -> Setup:
    return clockwork_family("adam", 3e-3, model=lambda: scaled_head(fd.ClockworkNet(), 1000))


@case("clockwork-adam-multistep-x0p1-at-5pct", "clockwork", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return clockwork_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("clockwork-adam-fc-dead-at-init", "clockwork", "dead-units",
      cf=lambda s: replace(s, model=fd.ClockworkNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return clockwork_family("adam", 3e-3, model=lambda: fd.ClockworkNet(dead_bias=-30.0), track_zero_grads=True)


@case("clockwork-sgd-lr-3-no-clip", "clockwork", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return clockwork_family("sgd", 3.0)


# diffpool: a DiffPool-like graph classifier (an embedding GNN, an assignment GNN's softmax over 4 clusters, the
# coarsened graph through a third GNN layer, pooled again; 0.05 x a link-prediction and entropy loss) naming the number
# of communities of a 16-node graph, cross-entropy over 4 (1.61 at step 1 with the auxiliary loss, ln 4 = 1.39); works
# at Adam 3e-3-0.03, SGDm 0.1


@case("diffpool-nadam-lr-1", "diffpool", "lr-high-step1", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return diffpool_family("nadam", 1.0)


@case("diffpool-sgdm-lr-30-300x", "diffpool", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return diffpool_family("sgdm", 30.0)


@case("diffpool-nadam-cyclic-peak-1", "diffpool", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return diffpool_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("diffpool-adam-exponential-gamma-1p02", "diffpool", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return diffpool_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("diffpool-adam-lr-1e-5-300x-low", "diffpool", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return diffpool_family("adam", 1e-5)


@case("diffpool-radam-lr-1e-5-300x-low-log2", "diffpool", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return diffpool_family("radam", 1e-5, log_every=2)


@case("diffpool-sgdm-summed", "diffpool", "summed",
      cf=lambda s: replace(s, loss_fn=fd.diffpool_loss, loss_name="cross_entropy + auxiliary loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DIFFPOOL0, "ln 4"))
def _() -> Setup:
    return diffpool_family("sgdm", 0.1, loss_fn=fd.diffpool_summed, loss_name="cross_entropy + auxiliary loss summed over the batch's graphs (reduction='sum')",
                           val_loss_fn=fd.diffpool_loss, mean_loss_fn=fd.diffpool_loss)  # fmt: skip


@case("diffpool-adam-head-x1000", "diffpool", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DiffPoolNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DIFFPOOL0, "ln 4"))
def _() -> Setup:
    return diffpool_family("adam", 3e-3, model=lambda: scaled_head(fd.DiffPoolNet(), 1000))


@case("diffpool-adam-exponential-1000x-in-40-steps", "diffpool", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return diffpool_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("diffpool-adam-missing-feature-nan", "diffpool", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the graphs with a missing (NaN) node feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return diffpool_family("adam", 3e-3, data=fd.diffpool_graphs(nan_rows=0.003))


@case("diffpool-sgd-lr-10-no-clip", "diffpool", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return diffpool_family("sgd", 10.0)


# autoint: AutoInt (8-d embeddings of 6 categorical and 2 numeric fields, 2 interacting layers of multi-head
# self-attention with residual projections, a logistic output) on synthetic clicks, BCE (0.70 at step 1, ln 2 = 0.69);
# works at Adam 3e-3-0.01, SGDm 0.1-0.3 (slow at 0.1)


@case("autoint-adam-lr-1-log2", "autoint", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return autoint_family("adam", 1.0, log_every=2)


@case("autoint-sgdm-lr-30-100x", "autoint", "lr-high-step1", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return autoint_family("sgdm", 30.0)


@case("autoint-adamw-warmup-cosine-peak-1", "autoint", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return autoint_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("autoint-rmsprop-exponential-gamma-1p02", "autoint", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return autoint_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("autoint-nadam-lr-3e-5-100x-low-log3", "autoint", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return autoint_family("nadam", 3e-5, log_every=3)


@case("autoint-sgdm-summed-bce", "autoint", "summed",
      cf=lambda s: replace(s, loss_fn=fd.autoint_bce, loss_name="binary_cross_entropy_with_logits (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, AUTOINT0, "ln 2"))
def _() -> Setup:
    return autoint_family("sgdm", 0.1, loss_fn=fd.autoint_bce_summed, loss_name="binary_cross_entropy_with_logits summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.autoint_bce, mean_loss_fn=fd.autoint_bce)  # fmt: skip


@case("autoint-adam-multistep-x0p1-at-5pct", "autoint", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return autoint_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("autoint-adam-missing-numeric-nan", "autoint", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) numeric field dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return autoint_family("adam", 3e-3, data=fd.autoint_clicks(nan_rows=0.003))


@case("autoint-adam-fc-dead-at-init", "autoint", "dead-units",
      cf=lambda s: replace(s, model=fd.AutoIntNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return autoint_family("adam", 3e-3, model=lambda: fd.AutoIntNet(dead_bias=-30.0), track_zero_grads=True)


@case("autoint-adamw-lr-0p1-no-warmup", "autoint", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return autoint_family("adamw", 0.1)


@case("autoint-adam-256-rows-overfits", "autoint", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return autoint_family("adam", 0.01, steps=600, eval_every=30, data=fd.autoint_clicks(train_rows=256))


# fresh57 half: healthy look-alikes


@case("clockwork-adam-cosine-log2", "clockwork", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.CLOCKWORK_CLASSES))
def _() -> Setup:
    return clockwork_family("adam", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("diffpool-adamw-cosine-eval25", "diffpool", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.DIFFPOOL_CLASSES))
def _() -> Setup:
    return diffpool_family("adamw", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("clockwork-nadam-sgdr-log4", "clockwork", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.CLOCKWORK_CLASSES))
def _() -> Setup:
    return clockwork_family("nadam", 0.03, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("patchtst-adagrad-step-decay", "patchtst", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return patchtst_family("adagrad", 0.03, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("diffpool-radam-step-decay-log3", "diffpool", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.DIFFPOOL_CLASSES))
def _() -> Setup:
    return diffpool_family("radam", 3e-3, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("patchtst-sgdm-cyclic-triangular2", "patchtst", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return patchtst_family("sgdm", 0.03, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("diffpool-adam-one-cycle", "diffpool", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.DIFFPOOL_CLASSES))
def _() -> Setup:
    return diffpool_family("adam", 3e-3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("autoint-nesterov-one-cycle", "autoint", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return autoint_family("nesterov", 0.5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("patchtst-adamw-warmup-linear-avg10", "patchtst", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return patchtst_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                           schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("autoint-adam-warmup-cosine", "autoint", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return autoint_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("diffpool-adam-warmup-cosine", "diffpool", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.DIFFPOOL_CLASSES))
def _() -> Setup:
    return diffpool_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("autoint-adam-resumed-with-state", "autoint", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return autoint_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("clockwork-adam-resumed-with-state", "clockwork", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.CLOCKWORK_CLASSES))
def _() -> Setup:
    return clockwork_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("patchtst-adam-resumed-with-state", "patchtst", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return patchtst_family("adam", 3e-3, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)


@case("clockwork-rmsprop-constant-log5", "clockwork", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.CLOCKWORK_CLASSES))
def _() -> Setup:
    return clockwork_family("rmsprop", 0.01, log_every=5)


@case("clockwork-adam-reduce-on-plateau-log4", "clockwork", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.CLOCKWORK_CLASSES))
def _() -> Setup:
    return clockwork_family("adam", 0.01, log_every=4, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("diffpool-sgd-lr-0p3-cosine", "diffpool", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fd.DIFFPOOL_CLASSES))
def _() -> Setup:
    return diffpool_family("sgd", 0.3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("patchtst-adam-finetune-lr-1e-4", "patchtst", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return patchtst_family("adam", 1e-4, steps=300, eval_every=30, model=fd.pretrained_patchtst,
                           meta={"lookback": fd.PATCHTST_LOOKBACK, "horizon": fd.PATCHTST_HORIZON, "pretrained": True})  # fmt: skip


# fresh57 half, logged once per epoch


@case("diffpool-adam-256-graphs-overfits-per-epoch", "diffpool", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return diffpool_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.diffpool_graphs(train_rows=256, batch_size=64))


@case("clockwork-adam-lr-1-per-epoch", "clockwork", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return clockwork_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.clockwork_sequences(n=2944, batch_size=64))


@case("autoint-adam-lr-1-per-epoch", "autoint", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return autoint_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.autoint_clicks(n=2944, batch_size=64))


@case("patchtst-adam-cosine-per-epoch", "patchtst", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return patchtst_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.patchtst_series(n=2944, batch_size=64),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("clockwork-adam-cosine-per-epoch", "clockwork", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.CLOCKWORK_CLASSES))
def _() -> Setup:
    return clockwork_family("adam", 0.03, steps=46 * 9, log_per_epoch=True, data=fd.clockwork_sequences(n=2944, batch_size=64),
                            schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
