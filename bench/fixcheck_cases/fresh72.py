"""The seventy-fourth fresh half (fresh72, held out from all tuning):
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


def performer_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes")
    knobs.setdefault("meta", {"model": "Performer-like encoder: token (40 -> 32) and learned position embeddings, 2 pre-LN layers of FAVOR+ attention (queries and keys through positive random features exp(w.x - |x|^2/2) of a fixed Gaussian projection, 32 features, never redrawn; linear-time attention) and a GELU feed-forward 32-64-32; a LayerNorm, the mean over the positions, a ReLU layer 32-32 and a head",
                              "vocab_size": fd.PERF_VOCAB, "seq_len": fd.PERF_LENGTH, "classes": fd.PERF_CLASSES,
                              "random_features": fd.PERF_FEATURES, "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.performer_sequences(), knobs.pop("model", None) or fd.PerformerNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def fibinet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.fibinet_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the click (mean)")
    knobs.setdefault("meta", {"model": "FiBiNET-like: an embedding (8) per value of 10 categorical fields, a SENET layer (each field's embedding mean, ReLU layers 10-4-10) re-weighting the fields, field-all bilinear interactions (v_i W) * v_j of the 45 field pairs through one shared W of both the original and the re-weighted embeddings, with 2 dense features through a ReLU layer 722-64, a ReLU layer 64-32 and a head to the click's logit",
                              "fields": fd.FIBI_FIELDS, "values_per_field": fd.FIBI_CARD, "dense_features": fd.FIBI_DENSE,
                              "held_out": "BCE of the clicks of new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.fibinet_rows(), knobs.pop("model", None) or fd.FiBiNET,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def nhits_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse_loss over the 12-step horizon")
    knobs.setdefault("meta", {"model": "N-HiTS-like: the window less its mean; 3 stacks of one block each, max-pooling the residual window at rates 4, 2 and 1, a ReLU MLP (48/rate-64-64), linear maps to coarse backcast and forecast coefficients linearly interpolated to 48 and 12 steps; each block's backcast subtracted from the residual, the forecasts summed, the mean added back",
                              "lookback": fd.NHITS_LOOKBACK, "horizon": fd.NHITS_HORIZON, "pooling_rates": list(fd.NHITS_POOLS),
                              "held_out": "MSE on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.nhits_series(), knobs.pop("model", None) or fd.NHiTS,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def johnsonsu_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.johnsonsu_nll)
    knobs.setdefault("loss_name", "Johnson SU negative log-likelihood (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to the Johnson SU location xi, scale lambda (softplus + 0.01), shape gamma and tail shape delta (softplus + 0.05)",
                              "features": fd.JSU_FEATURES,
                              "held_out": "Johnson SU negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.johnsonsu_rows(), knobs.pop("model", None) or fd.JohnsonSUMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


PERF0, FIBI0, NHITS0, JSU0 = LN(fd.PERF_CLASSES), LN(2), fd.nhits_at_mean(), fd.johnsonsu_at_zero()
"""Where the families start: the Performer-like classifier at ln 4, the FiBiNET-like click model at ln 2, N-HiTS near
the MSE of forecasting each window's mean (~1.4), the Johnson SU regressor near its NLL of raw outputs of 0 (~2.2)."""


# performer: a Performer-like encoder classifier (token and position embeddings, 2 pre-LN layers of FAVOR+ attention:
# queries and keys through positive random features of a fixed Gaussian projection, linear-time attention; mean-pooled
# into a ReLU layer and a head) naming the class of token sequences of 28 from a planted long-range co-occurrence of a
# subject and a modifier marker, cross-entropy over 4 (1.36-1.41 at step 1, ln 4 = 1.39, a plateau near ln 4 for the
# first 80-150 steps, ending near 0.28-0.65 held out, seed to seed noisy); works at Adam 1e-3-5e-3 (best 3e-3-5e-3),
# AdamW 3e-3-0.01 under a cosine decay, NAdam 2e-3, RAdam 0.01-0.03 with a step decay, RMSprop 1e-3-3e-3, Adagrad
# 0.01-0.03, SGDm 0.03-0.1; slow at Adam 1e-4 (1.33) and RMSprop 3e-4 (1.09), at chance from Adam 3e-5 down; Adam 0.01
# ends near 1.0 at one seed and 0.27 at another (a 60-step warmup does not help: 0.78-1.08), at chance from Adam 0.03,
# RMSprop 0.01, Adagrad 0.1 and SGDm 0.3 on; SGDm 0.1 NaN at one seed; recreating Adam every 2 steps is harmless here


@case("performer-adam-lr-1", "performer", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return performer_family("adam", 1.0)


@case("performer-rmsprop-lr-0p3-300x-log2", "performer", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return performer_family("rmsprop", 0.3, log_every=2)


@case("performer-adamw-warmup-cosine-peak-1", "performer", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return performer_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("performer-adam-exponential-gamma-1p02", "performer", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return performer_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("performer-sgdm-summed-ce", "performer", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, PERF0, "ln 4"))
def _() -> Setup:
    return performer_family("sgdm", 0.03, loss_fn=fd.performer_ce_summed, loss_name="cross_entropy summed over the batch's sequences (reduction='sum')",
                            val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("performer-adam-head-x1000", "performer", "last-layer-init",
      cf=lambda s: replace(s, model=fd.PerformerNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, PERF0, "ln 4"))
def _() -> Setup:
    return performer_family("adam", 3e-3, model=lambda: scaled_head(fd.PerformerNet(), 1000))


@case("performer-adam-multistep-x0p1-at-5pct", "performer", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return performer_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("performer-adam-exponential-1000x-in-40-steps", "performer", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return performer_family("adam", 5e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")  # fmt: skip


@case("performer-adam-fc-dead-at-init", "performer", "dead-units",
      cf=lambda s: replace(s, model=fd.PerformerNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return performer_family("adam", 3e-3, model=lambda: fd.PerformerNet(dead_bias=-30.0), track_zero_grads=True)


@case("performer-adam-256-sequences-overfits", "performer", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return performer_family("adam", 5e-3, steps=600, eval_every=30, data=fd.performer_sequences(train_rows=256))


# fibinet: a FiBiNET-like click-through model (embeddings of 10 categorical fields of 8 values, a SENET layer
# re-weighting the fields, field-all bilinear interactions through one shared W of the original and the re-weighted
# embeddings, 2 dense features, an MLP), BCE with logits of clicks from 6 planted pairwise field interactions (0.69-0.71
# at step 1, ln 2 = 0.69, ending near 0.42-0.46 held out; a constant fit 0.58); works at Adam 3e-3-0.03 (best
# 0.01-0.03), NAdam 0.01, RMSprop 3e-3-0.01, Adagrad 0.03-0.1, SGDm 0.1, Nesterov 0.1-0.3, SGD 1; slow at Adam and NAdam
# 1e-4 (0.57) and SGDm 1e-3-0.01 (0.56-0.59), hardly moving at Adam 1e-5 (0.69); the constant fit (0.58) from Adam 0.05,
# Adagrad 0.5, RMSprop 0.05 and SGDm 1 on (a 60-step warmup helps little; clipping at 1 changes nothing at SGDm 1-3,
# whose gradients stay small), Adagrad 3 and up blows up; overfits after ~4 epochs of 6000 rows


@case("fibinet-adam-lr-1", "fibinet", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return fibinet_family("adam", 1.0)


@case("fibinet-adagrad-lr-10-100x-log2", "fibinet", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return fibinet_family("adagrad", 10.0, log_every=2)


@case("fibinet-adam-cyclic-peak-1", "fibinet", "lr-high-cyclic", cf=lr_to(0.01),
      cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return fibinet_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("fibinet-adam-exponential-gamma-1p02", "fibinet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return fibinet_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("fibinet-adam-lr-1e-4-100x-low", "fibinet", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return fibinet_family("adam", 1e-4)


@case("fibinet-nadam-lr-1e-4-100x-low-log2", "fibinet", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return fibinet_family("nadam", 1e-4, log_every=2)


@case("fibinet-sgdm-lr-1e-3-100x-low-log2", "fibinet", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return fibinet_family("sgdm", 1e-3, log_every=2)


@case("fibinet-sgdm-summed-bce", "fibinet", "summed",
      cf=lambda s: replace(s, loss_fn=fd.fibinet_bce, loss_name="binary_cross_entropy_with_logits (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, FIBI0, "ln 2"))
def _() -> Setup:
    return fibinet_family("sgdm", 0.1, loss_fn=fd.fibinet_bce_summed, loss_name="binary_cross_entropy_with_logits summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.fibinet_bce, mean_loss_fn=fd.fibinet_bce)  # fmt: skip


@case("fibinet-adam-head-x1000", "fibinet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FiBiNET), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, FIBI0, "ln 2"))
def _() -> Setup:
    return fibinet_family("adam", 0.01, model=lambda: scaled_head(fd.FiBiNET(), 1000))


@case("fibinet-adam-missing-dense-nan", "fibinet", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) dense feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return fibinet_family("adam", 0.01, data=fd.fibinet_rows(nan_rows=0.003))


@case("fibinet-adam-fc-dead-at-init", "fibinet", "dead-units",
      cf=lambda s: replace(s, model=fd.FiBiNET), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return fibinet_family("adam", 0.01, model=lambda: fd.FiBiNET(dead_bias=-30.0), track_zero_grads=True)


# nhits: an N-HiTS-like forecaster (3 stacks of MLP blocks max-pooling the residual window at rates 4, 2 and 1, coarse
# backcast and forecast coefficients linearly interpolated to full resolution, residual backcast subtraction),
# forecasting 12 steps from 48 of series mixing slow and fast seasonalities, a trend and noise, MSE (1.4-1.7 at step 1,
# the MSE of forecasting the window's mean 1.43, ending near 0.17-0.21 held out); works at Adam 1e-3-0.01 (best 0.01),
# NAdam and AdamW 0.01, RMSprop 1e-3-3e-3, Adagrad 0.03-0.1, SGDm 0.1, SGD 0.1-0.3; slow at Adam and NAdam 1e-4 (0.43),
# Adam 1e-5 1.18; 0.29-0.36 at Adam 0.03, 0.5-0.8 at Adam 0.1 (a 60-step warmup helps little), blows up (1e3-1e13) from
# Adam 0.3, Adagrad 0.3 and RMSprop 0.1 on; Adagrad 0.2 1.2-1.3 (0.31-0.36 after a 60-step warmup); NaN from SGDm 0.3 on
# (SGDm 0.3 clipped at 1: 0.34-0.37), SGD 1 1.4; recreating Adam every 2 steps at 0.01: 0.32


@case("nhits-adam-lr-1-log2", "nhits", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return nhits_family("adam", 1.0, log_every=2)


@case("nhits-sgdm-lr-3-30x", "nhits", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nhits_family("sgdm", 3.0)


@case("nhits-adamw-warmup-cosine-peak-1", "nhits", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nhits_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("nhits-adam-lr-1e-4-100x-low", "nhits", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nhits_family("adam", 1e-4)


@case("nhits-nadam-lr-1e-4-100x-low-log3", "nhits", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nhits_family("nadam", 1e-4, log_every=3)


@case("nhits-sgdm-summed-mse", "nhits", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse_loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, NHITS0, "the MSE of forecasting the window's mean"))
def _() -> Setup:
    return nhits_family("sgdm", 0.1, loss_fn=fd.nhits_mse_summed, loss_name="squared error summed over the batch's series (reduction='sum')",
                        val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("nhits-adam-multistep-x0p1-at-5pct", "nhits", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return nhits_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("nhits-adam-missing-value-nan", "nhits", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return nhits_family("adam", 0.01, data=fd.nhits_series(nan_rows=0.003))


@case("nhits-adagrad-lr-0p2-no-warmup", "nhits", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60,
      shape=anything)
def _() -> Setup:
    return nhits_family("adagrad", 0.2)


@case("nhits-sgdm-lr-0p3-no-clip", "nhits", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return nhits_family("sgdm", 0.3)


@case("nhits-adam-lr-0p01-recreated-every-2-steps", "nhits", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return nhits_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


# johnsonsu: a ReLU MLP regressor of skewed heavy-tailed targets (Johnson SU parameters depending on the features), the
# Johnson SU negative log-likelihood of a location xi, a softplus scale lambda, a shape gamma and a softplus tail shape
# delta (2.2-2.5 at step 1, 2.21 at raw outputs of 0, ending near 1.38-1.46 held out); works at Adam 1e-3-0.01 (best
# 3e-3), NAdam and AdamW 3e-3, RMSprop 1e-3-0.01, Adagrad 0.03-0.1, SGDm 0.01; slow at Adam 1e-4 (1.65), hardly moving
# at Adam 3e-5 (2.1) and below; 1.5 at Adam 0.03, ~2.15 at Adam 0.1-0.3 (a 60-step warmup helps little), 4-7 at Adam 1;
# Adagrad 0.5 2.3-7.7 (1.55-1.62 after a 60-step warmup); SGDm 0.1 1.6, SGDm 0.3 2.25, NaN from SGDm 1 on; SGD 1 2.16
# unclipped (clipped at 0.25: 1.52); recreating Adam every 2 steps costs ~3%


@case("johnsonsu-adam-lr-1-log2", "johnsonsu", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return johnsonsu_family("adam", 1.0, log_every=2)


@case("johnsonsu-sgdm-lr-3-300x", "johnsonsu", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return johnsonsu_family("sgdm", 3.0)


@case("johnsonsu-adamw-warmup-cosine-peak-1", "johnsonsu", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return johnsonsu_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("johnsonsu-adam-lr-3e-5-100x-low-log2", "johnsonsu", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return johnsonsu_family("adam", 3e-5, log_every=2)


@case("johnsonsu-sgdm-summed-nll", "johnsonsu", "summed",
      cf=lambda s: replace(s, loss_fn=fd.johnsonsu_nll, loss_name="Johnson SU negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, JSU0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return johnsonsu_family("sgdm", 0.01, loss_fn=fd.johnsonsu_nll_summed, loss_name="Johnson SU negative log-likelihood summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.johnsonsu_nll, mean_loss_fn=fd.johnsonsu_nll)  # fmt: skip


@case("johnsonsu-adam-head-x1000", "johnsonsu", "last-layer-init",
      cf=lambda s: replace(s, model=fd.JohnsonSUMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, JSU0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return johnsonsu_family("adam", 3e-3, model=lambda: scaled_head(fd.JohnsonSUMLP(), 1000))


@case("johnsonsu-adam-exponential-1000x-in-40-steps", "johnsonsu", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return johnsonsu_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")  # fmt: skip


@case("johnsonsu-adam-missing-feature-nan", "johnsonsu", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return johnsonsu_family("adam", 3e-3, data=fd.johnsonsu_rows(nan_rows=0.003))


@case("johnsonsu-adam-fc-dead-at-init", "johnsonsu", "dead-units",
      cf=lambda s: replace(s, model=fd.JohnsonSUMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return johnsonsu_family("adam", 3e-3, model=lambda: fd.JohnsonSUMLP(dead_bias=-30.0), track_zero_grads=True)


@case("johnsonsu-adagrad-lr-0p5-no-warmup", "johnsonsu", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60,
      shape=anything)
def _() -> Setup:
    return johnsonsu_family("adagrad", 0.5)


@case("johnsonsu-sgd-lr-1-no-clip", "johnsonsu", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.25), cf_what="gradients clipped at 0.25",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return johnsonsu_family("sgd", 1.0)


# fresh72 half: healthy look-alikes


@case("performer-adamw-cosine-log2", "performer", "healthy",
      like=("plateau", "premature-decay"), shape=healthy_shape(fd.PERF_CLASSES, fall=0.75))
def _() -> Setup:
    return performer_family("adamw", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("performer-nadam-warmup-cosine", "performer", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fd.PERF_CLASSES, fall=0.75))
def _() -> Setup:
    return performer_family("nadam", 2e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("performer-radam-step-decay-log3", "performer", "healthy",
      like=("premature-decay", "plateau"), shape=healthy_shape(fd.PERF_CLASSES, fall=0.75))
def _() -> Setup:
    return performer_family("radam", 0.03, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")  # fmt: skip


@case("performer-rmsprop-cosine-eval50", "performer", "healthy",
      like=("plateau", "lr-too-low"), shape=healthy_shape(fd.PERF_CLASSES, fall=0.75))
def _() -> Setup:
    return performer_family("rmsprop", 1e-3, steps=500, eval_every=50, schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("performer-adagrad-constant-eval50", "performer", "healthy",
      like=("plateau", "lr-too-low"), shape=healthy_shape(fd.PERF_CLASSES, fall=0.75))
def _() -> Setup:
    return performer_family("adagrad", 0.01, steps=500, eval_every=50)


@case("fibinet-adam-cosine-eval25", "fibinet", "healthy",
      like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return fibinet_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("fibinet-rmsprop-constant-eval50", "fibinet", "healthy",
      like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return fibinet_family("rmsprop", 0.01, steps=500, eval_every=50)


@case("fibinet-nesterov-one-cycle", "fibinet", "healthy",
      like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return fibinet_family("nesterov", 0.3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("fibinet-adam-on-plateau-log5", "fibinet", "healthy",
      like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return fibinet_family("adam", 0.01, log_every=5, schedule=on_plateau(), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("nhits-adam-cosine-log2", "nhits", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return nhits_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("nhits-sgd-lr-0p3-constant-eval50", "nhits", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return nhits_family("sgd", 0.3, steps=500, eval_every=50)


@case("nhits-adamw-sgdr-log4", "nhits", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return nhits_family("adamw", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("nhits-adam-resumed-with-state", "nhits", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return nhits_family("adam", 0.01, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)  # fmt: skip


@case("johnsonsu-adagrad-cosine-eval25", "johnsonsu", "healthy",
      like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return johnsonsu_family("adagrad", 0.03, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("johnsonsu-nadam-warmup-cosine", "johnsonsu", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return johnsonsu_family("nadam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("johnsonsu-adamw-warmup-linear-avg10", "johnsonsu", "healthy",
      like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return johnsonsu_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                            schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("johnsonsu-rmsprop-step-decay-log3", "johnsonsu", "healthy",
      like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return johnsonsu_family("rmsprop", 1e-3, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")  # fmt: skip


# fresh72 half, logged once per epoch


@case("johnsonsu-adam-256-rows-overfits-per-epoch", "johnsonsu", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return johnsonsu_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.johnsonsu_rows(train_rows=256, batch_size=64))  # fmt: skip


@case("nhits-adam-lr-1-per-epoch", "nhits", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return nhits_family("adam", 1.0, steps=40 * 10, log_per_epoch=True, data=fd.nhits_series(n=2560, batch_size=64))


@case("johnsonsu-adam-cosine-per-epoch", "johnsonsu", "healthy",
      like=("overfitting", "plateau"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return johnsonsu_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True, data=fd.johnsonsu_rows(n=3200, batch_size=64),
                            schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("nhits-sgdm-cosine-per-epoch", "nhits", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return nhits_family("sgdm", 0.1, steps=40 * 10, log_per_epoch=True, data=fd.nhits_series(n=2560, batch_size=64),
                        schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
