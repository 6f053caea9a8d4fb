"""The ninety-first fresh half (fresh89, held out from all tuning):
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


def sincnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 classes of the waveform")
    knobs.setdefault("meta", {"model": "SincNet: 16 learned band-pass sinc filters of 33 taps (low cut-off and band the parameters, a Hamming window) over the raw 256-sample waveform, |.|, a max-pool of 4, a LayerNorm over the filters, LeakyReLU, 2 Conv1d layers 16-24-24 (5 wide, stride 2, LeakyReLU), global mean pooling, a ReLU layer 24-32 and a head",
                              "samples": fd.SINCNET_SAMPLES, "sinc_filters": fd.SINCNET_FILTERS,
                              "classes": fd.SINCNET_CLASSES, "held_out": "cross-entropy on new waveforms"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.sincnet_waves(), knobs.pop("model", None) or fd.SincNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def pyraformer_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the 12 horizon steps of the 3 channels (mean over the windows, steps and channels)")  # fmt: skip
    knobs.setdefault("meta", {"model": "Pyraformer: a linear embedding 3-16 of each of the 48 steps plus a position embedding, a coarser-scale construction module (2 Conv1d layers of stride 4: 12 and 3 coarser nodes), a post-LN layer of pyramidal attention (2 heads; each node attends to its neighbours at its own scale, its parent and its children) and an MLP 16-32-16, the last 4 finest-scale nodes (64) through a ReLU layer 64-32 and a head 32-36",
                              "input_steps": fd.PYRAFORMER_INPUT, "horizon": fd.PYRAFORMER_HORIZON,
                              "channels": fd.PYRAFORMER_CHANNELS, "pyramid": [48, 12, 3],
                              "held_out": "MSE on new windows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.pyraformer_windows(), knobs.pop("model", None) or fd.Pyraformer,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def sasgnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", cross_entropy)
    knobs.setdefault("loss_name", "cross-entropy of the next click over the 80 items (mean over the sessions)")
    knobs.setdefault("meta", {"model": "SR-GNN: item embeddings (80, 24) of the session's 8 clicks, its directed item graph (normalised in/out adjacency), 1 step of gated graph propagation (a GRU cell), a soft-attention readout combined with the last item (48-24), a ReLU layer 24-32 and a head 32-24 scored against the tied item embeddings plus a bias per item",
                              "items": fd.SASGNN_ITEMS, "session_length": fd.SASGNN_LENGTH,
                              "held_out": "the next-item cross-entropy on new sessions"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.sasgnn_sessions(), knobs.pop("model", None) or fd.SRGNN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def zaga_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.zaga_nll)
    knobs.setdefault("loss_name", "zero-adjusted gamma negative log-likelihood of the amount (mean over the rows)")
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to the logit of a zero, the log mean and the log shape of the gamma positive part",
                              "features": fd.ZAGA_FEATURES, "zero_share": 0.46,
                              "held_out": "the zero-adjusted gamma negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.zaga_rows(), knobs.pop("model", None) or fd.ZagaMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


SINCNET0, PYRAFORMER0 = LN(fd.SINCNET_CLASSES), fd.pyraformer_at_zero()
SASGNN0, ZAGA0 = LN(fd.SASGNN_ITEMS), fd.zaga_at_zero()
"""Where the families start: the SincNet at ln 5, the Pyraformer at the MSE of forecasts of 0, the SR-GNN at ln 80
(its small embeddings score every item alike), the zero-adjusted gamma MLP at its NLL of raw outputs of 0 (p0 = 1/2,
mu = k = 1)."""


# sincnet: a SincNet-like classifier (16 learned band-pass sinc filters over the raw 256-sample waveform, |.|, a
# max-pool, a LayerNorm, 2 strided Conv1d layers with LeakyReLU, global mean pooling, a ReLU layer and a head) naming
# which of 5 'keywords' (an up- or down-chirp, a high tone burst, two low tone bursts, a high noise burst) sits at a
# random onset of N(0, 0.3^2) noise, 5% random labels held out too, cross-entropy over 5 (1.60 at step 1, ln 5 = 1.61,
# ending near 0.29-0.34 held out); works at Adam 1e-3-0.03 (best 0.01-0.03 with a decay: 0.29-0.31; 0.34-0.40 at 3e-3,
# 0.46 at 1e-3; 0.35-0.48 bouncing at a constant AdamW 0.01; a cosine from Adam 0.01-0.03 ends anywhere in 0.29-0.55),
# RAdam 0.03 with a warmup + cosine (0.31); slow at Adam
# 3e-5 (1.58); at chance at Adam 0.1 and 1 and SGDm 0.3; unstable at SGDm 0.03 (1.85 held out)


@case("sincnet-adam-lr-1-log2", "sincnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return sincnet_family("adam", 1.0, log_every=2)


@case("sincnet-sgdm-lr-10-300x", "sincnet", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return sincnet_family("sgdm", 10.0)


@case("sincnet-nadam-warmup-cosine-peak-1", "sincnet", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sincnet_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("sincnet-adam-lr-3e-5-100x-low-log3", "sincnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sincnet_family("adam", 3e-5, log_every=3)


@case("sincnet-sgdm-summed-ce", "sincnet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SINCNET0, "ln 5"))
def _() -> Setup:
    return sincnet_family("sgdm", 0.03, loss_fn=fd.sincnet_ce_summed, loss_name="cross_entropy summed over the batch's waves (reduction='sum')",
                          val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("sincnet-adam-head-x1000", "sincnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SincNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SINCNET0, "ln 5"))
def _() -> Setup:
    return sincnet_family("adam", 3e-3, model=lambda: scaled_head(fd.SincNet(), 1000))


@case("sincnet-adam-missing-sample-nan", "sincnet", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the waves with a missing (NaN) sample dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return sincnet_family("adam", 3e-3, data=fd.sincnet_waves(nan_rows=0.003))


@case("sincnet-adam-fc-dead-at-init", "sincnet", "dead-units",
      cf=lambda s: replace(s, model=fd.SincNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return sincnet_family("adam", 0.01, model=lambda: fd.SincNet(dead_bias=-30.0), track_zero_grads=True)


@case("sincnet-adam-multistep-x0p1-at-5pct", "sincnet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return sincnet_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


# pyraformer: a Pyraformer-like forecaster (an embedding of each of 48 steps, strided convolutions building a
# pyramid of 48, 12 and 3 nodes, a layer of attention masked to each node's neighbours at its scale, its parent and
# its children, the last 4 finest nodes through a ReLU layer and a head) of the next 12 steps of 3 channels of a slow
# trend plus daily-like (period 6) and weekly-like (period 24) cycles, MSE (0.50 at step 1, 0.43 for forecasts of 0,
# ending near 0.107 held out); works at Adam 1e-3-0.01 (0.107-0.117), SGDm 0.03 (0.114); slow at Adam 3e-5 (0.40);
# at the level of forecasts of 0 at Adam 0.1 and clipped SGDm 1, 0.33 at Adam 0.05 (0.15 after a 60-step warmup),
# non-finite at Adam 1 and SGDm 1


@case("pyraformer-adam-lr-1", "pyraformer", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return pyraformer_family("adam", 1.0)


@case("pyraformer-rmsprop-lr-0p3-300x-log2", "pyraformer", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return pyraformer_family("rmsprop", 0.3, log_every=2)


@case("pyraformer-adamw-warmup-cosine-peak-1", "pyraformer", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return pyraformer_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("pyraformer-adam-exponential-gamma-1p02", "pyraformer", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return pyraformer_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("pyraformer-adamw-lr-3e-5-100x-low", "pyraformer", "lr-low-adam", cf=lr_to(3e-3), cf_what="AdamW lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return pyraformer_family("adamw", 3e-5)


@case("pyraformer-sgdm-lr-1e-3-100x-low", "pyraformer", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return pyraformer_family("sgdm", 1e-3)


@case("pyraformer-sgdm-summed-mse", "pyraformer", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, PYRAFORMER0, "the MSE of forecasts of 0"))
def _() -> Setup:
    return pyraformer_family("sgdm", 0.1, loss_fn=fd.pyraformer_mse_summed, loss_name="squared error summed over the batch's windows (reduction='sum')",
                             val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("pyraformer-adam-head-x1000-log2", "pyraformer", "last-layer-init",
      cf=lambda s: replace(s, model=fd.Pyraformer), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, PYRAFORMER0, "the MSE of forecasts of 0"))
def _() -> Setup:
    return pyraformer_family("adam", 3e-3, log_every=2, model=lambda: scaled_head(fd.Pyraformer(), 1000))


@case("pyraformer-adam-fc-dead-at-init", "pyraformer", "dead-units",
      cf=lambda s: replace(s, model=fd.Pyraformer), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return pyraformer_family("adam", 3e-3, model=lambda: fd.Pyraformer(dead_bias=-30.0), track_zero_grads=True)


@case("pyraformer-adam-exponential-1000x-in-40-steps", "pyraformer", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return pyraformer_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                             schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("pyraformer-sgdm-lr-1-no-clip", "pyraformer", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return pyraformer_family("sgdm", 1.0)


@case("pyraformer-adam-lr-0p05-no-warmup", "pyraformer", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return pyraformer_family("adam", 0.05)


@case("pyraformer-adamw-lr-0p05-no-warmup-log2", "pyraformer", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60), cf_what="a 60-step linear warmup", must=("missing-warmup",),
      may=("lr-too-high", "plateau", "non-finite-loss"), tol=60, shape=anything)
def _() -> Setup:
    return pyraformer_family("adamw", 0.05, log_every=2)


# sasgnn: an SR-GNN-like session recommender (item embeddings of 8 clicks, the session's directed item graph with
# normalised in/out adjacency, a step of gated graph propagation, a soft-attention readout combined with the last item,
# a ReLU layer and a head scored against the tied item embeddings) of sessions from planted item transitions (2
# preferred successors per item, returns, popular items), next-click cross-entropy over 80 items (4.37 at step 1, ln 80
# = 4.38, 3.97 for the item frequencies alone, ending near 2.23 held out at Adam 0.01); works at Adam 3e-3-0.01 (best
# 0.01: 2.23; 2.69 at 3e-3); slow at Adam 1e-3 (3.56), 3e-5 (4.35), SGDm 0.03 (3.43); above ln 80 at Adam 0.1 (4.15)
# and 1 (47), 4.24 at Adam 0.1 after a 60-step warmup; non-finite at SGDm 0.3; Adam 0.01 recreated every 2 steps 2.65


@case("sasgnn-adam-lr-1", "sasgnn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return sasgnn_family("adam", 1.0)


@case("sasgnn-adagrad-lr-10-100x-log2", "sasgnn", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return sasgnn_family("adagrad", 10.0, log_every=2)


@case("sasgnn-adam-cyclic-peak-1", "sasgnn", "lr-high-cyclic", cf=lr_to(0.01),
      cf_what="peak lr 0.01 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sasgnn_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("sasgnn-adam-lr-1e-4-100x-low-log2", "sasgnn", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sasgnn_family("adam", 1e-4, log_every=2)


@case("sasgnn-nadam-lr-1e-4-100x-low", "sasgnn", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sasgnn_family("nadam", 1e-4)


@case("sasgnn-sgdm-summed-ce", "sasgnn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SASGNN0, "ln 80"))
def _() -> Setup:
    return sasgnn_family("sgdm", 0.03, loss_fn=fd.sasgnn_ce_summed, loss_name="next-item cross-entropy summed over the batch's sessions (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("sasgnn-adam-head-x1000-log3", "sasgnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SRGNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SASGNN0, "ln 80"))
def _() -> Setup:
    return sasgnn_family("adam", 0.01, log_every=3, model=lambda: scaled_head(fd.SRGNN(), 1000))


@case("sasgnn-adam-missing-item-nan", "sasgnn", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sessions with a missing (NaN) item dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return sasgnn_family("adam", 3e-3, data=fd.sasgnn_sessions(nan_rows=0.003))


@case("sasgnn-adam-multistep-x0p1-at-5pct", "sasgnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return sasgnn_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("sasgnn-adam-lr-0p01-recreated-every-2-steps", "sasgnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return sasgnn_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("sasgnn-adam-300-sessions-overfits", "sasgnn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return sasgnn_family("adam", 0.01, steps=600, eval_every=30, data=fd.sasgnn_sessions(train_rows=300))


# zaga: a ReLU MLP (6-64-64, a ReLU layer and a head) of the logit of a zero, the log mean and the log shape of a
# zero-adjusted gamma (hurdle-gamma) law of semicontinuous amounts (46% exact zeros) whose parameters depend on the
# features, the negative log-likelihood per row (2.45 at step 1, 2.08 at raw outputs of 0, ending near 1.60 held out);
# works at Adam 1e-3-0.01 (1.60-1.62), SGDm 0.03 (1.59); slow at Adam 3e-5 (1.88); 1.70 at Adam 0.1 and 1.73 at SGDm
# 0.3 (1.89 and 1.75 at Adam and AdamW 0.1 after a 60-step warmup: no better); non-finite at Adam 1 and SGDm 1 (1.78
# clipped at 1)


@case("zaga-adam-lr-0p3-100x-log2", "zaga", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return zaga_family("adam", 0.3, log_every=2)


@case("zaga-rmsprop-lr-0p3-300x", "zaga", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return zaga_family("rmsprop", 0.3)


@case("zaga-adamw-warmup-cosine-peak-1", "zaga", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return zaga_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("zaga-rmsprop-exponential-gamma-1p02", "zaga", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return zaga_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("zaga-adam-lr-3e-5-100x-low", "zaga", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return zaga_family("adam", 3e-5)


@case("zaga-sgdm-summed-nll", "zaga", "summed",
      cf=lambda s: replace(s, loss_fn=fd.zaga_nll, loss_name="zero-adjusted gamma NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ZAGA0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return zaga_family("sgdm", 0.01, loss_fn=fd.zaga_nll_summed, loss_name="zero-adjusted gamma negative log-likelihood summed over the batch's rows (reduction='sum')",
                       val_loss_fn=fd.zaga_nll, mean_loss_fn=fd.zaga_nll)  # fmt: skip


@case("zaga-adam-missing-feature-nan", "zaga", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return zaga_family("adam", 3e-3, data=fd.zaga_rows(nan_rows=0.003))


@case("zaga-rmsprop-fc-dead-at-init", "zaga", "dead-units",
      cf=lambda s: replace(s, model=fd.ZagaMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return zaga_family("rmsprop", 1e-3, model=lambda: fd.ZagaMLP(dead_bias=-30.0), track_zero_grads=True)


@case("zaga-adam-exponential-1000x-in-40-steps", "zaga", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return zaga_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                       schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("zaga-sgdm-lr-1-no-clip", "zaga", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return zaga_family("sgdm", 1.0)


# fresh89 half: healthy look-alikes


@case("sincnet-radam-warmup-cosine-eval50", "sincnet", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.SINCNET_CLASSES, fall=0.6))
def _() -> Setup:
    return sincnet_family("radam", 0.03, eval_every=50, schedule=cosine_after(0.1),
                          schedule_name="linear warmup 10% + cosine")


@case("sincnet-adam-step-decay-log3", "sincnet", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.SINCNET_CLASSES, fall=0.6))
def _() -> Setup:
    return sincnet_family("adam", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                          schedule_name="MultiStepLR")


@case("sincnet-nadam-one-cycle", "sincnet", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.SINCNET_CLASSES, fall=0.6))
def _() -> Setup:
    return sincnet_family("nadam", 0.01, schedule=one_cycle, schedule_name="OneCycleLR")


@case("pyraformer-adam-cosine-eval25", "pyraformer", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return pyraformer_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("pyraformer-adam-resumed-with-state", "pyraformer", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return pyraformer_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                             schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("pyraformer-rmsprop-cosine-log2", "pyraformer", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return pyraformer_family("rmsprop", 1e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("pyraformer-sgd-constant", "pyraformer", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return pyraformer_family("sgd", 0.3)


@case("sasgnn-adam-constant-log2", "sasgnn", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return sasgnn_family("adam", 0.01, log_every=2)


@case("sasgnn-adamw-step-decay-eval60", "sasgnn", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return sasgnn_family("adamw", 0.01, eval_every=60, schedule=multistep(0.8, gamma=0.3),
                         schedule_name="MultiStepLR")


@case("sasgnn-radam-constant-log3", "sasgnn", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return sasgnn_family("radam", 0.03, log_every=3)


@case("sasgnn-nadam-constant-log5", "sasgnn", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return sasgnn_family("nadam", 0.01, log_every=5)


@case("zaga-adam-cosine-eval25", "zaga", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return zaga_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("zaga-rmsprop-cosine-log3", "zaga", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return zaga_family("rmsprop", 1e-3, log_every=3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("zaga-adamw-warmup-linear-avg10", "zaga", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return zaga_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                       schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("zaga-adagrad-on-plateau-log4", "zaga", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return zaga_family("adagrad", 0.03, log_every=4, schedule=on_plateau(),
                       schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("zaga-sgdm-sgdr-log5", "zaga", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return zaga_family("sgdm", 0.01, log_every=5, schedule=warm_restarts(0.25),
                       schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("zaga-nesterov-cosine-eval60", "zaga", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return zaga_family("nesterov", 0.01, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


# fresh89 half, logged once per epoch


@case("sincnet-adam-128-waves-overfits-per-epoch", "sincnet", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return sincnet_family("adam", 3e-3, steps=8 * 50, log_per_epoch=True,
                          data=fd.sincnet_waves(train_rows=128, batch_size=16))


@case("zaga-adam-lr-1-per-epoch", "zaga", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return zaga_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.zaga_rows(n=3200, batch_size=64))


@case("pyraformer-adam-cosine-per-epoch", "pyraformer", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return pyraformer_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True,
                             data=fd.pyraformer_windows(n=3200, batch_size=64), schedule=cosine_after(0.0),
                             schedule_name="cosine")  # fmt: skip


@case("zaga-adam-cosine-per-epoch", "zaga", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return zaga_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True, data=fd.zaga_rows(n=3200, batch_size=64),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
