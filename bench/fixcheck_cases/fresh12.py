"""The twelfth fresh half (fresh12, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from torch.nn import functional as F

import fixcheck_data as fd
from fixcheck_cases.fresh import on_plateau
from fixcheck_cases.fresh2 import without_missing_targets
from fixcheck_cases.fresh3 import LN8
from fixcheck_cases.fresh6 import setup_more
from fixcheck_cases.tune import HIGH
from fixcheck_core import (
    anything, case, dead_from, early_rise, first_dead, first_loss_above, first_nan, healthy_shape, imputed, lr_down_by,
    lr_to, nan_within, overfits, spiky, still_falling,
)
from harness import (
    LN, Setup, cosine_after, cross_entropy, cyclic, exponential, exponential_to, multistep, one_cycle, scaled_head,
    warm_restarts,
)


def gpt_family(optimizer: str, lr: float, steps: int = 250, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 25)
    knobs.setdefault("loss_name", "next-token cross-entropy")
    knobs.setdefault("meta", {"model": "GPT: decoder-only causal transformer, pre-LN, 2 layers, d 32, 2 heads, tied head",
                              "vocab_size": fd.DYCK_VOCAB, "context": fd.DYCK_LENGTH})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dyck_sequences(), knobs.pop("model", None) or fd.TinyGPT, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def deepsets_family(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse")
    knobs.setdefault("meta", {"model": "Deep Sets: phi MLP per point, sum pooling, rho MLP", "max_set_size": fd.SET_MAX,
                              "target": "points inside the unit circle"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.point_sets(), knobs.pop("model", None) or fd.DeepsetsModel, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def mixup_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_fn", fd.mixup_ce)
    knobs.setdefault("val_loss_fn", fd.plain_ce)
    knobs.setdefault("loss_name", "mixup cross-entropy (Beta(0.4, 0.4), label_smoothing=0.1)")
    knobs.setdefault("meta", {"model": "BatchNorm CNN (2 conv stages), mixup alpha 0.4, label smoothing 0.1",
                              "classes": fd.TEX_CLASSES, "val_loss": "cross-entropy of clean images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.texture_images(), knobs.pop("model", None) or fd.MixupCNN, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def fqi_family(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    knobs.setdefault("loss_fn", fd.td_huber)
    knobs.setdefault("val_loss_fn", fd.q_mse)
    knobs.setdefault("loss_name", "smooth_l1 TD loss (target network)")
    knobs.setdefault("meta", {"model": "DQN-style Q MLP, target network refreshed every 50 steps, fixed replay buffer",
                              "gamma": fd.GRID_GAMMA, "val_loss": "mse of Q against Q* (value iteration)"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.replay_buffer(), knobs.pop("model", None) or fd.FittedQ, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def without_empty_sets(data: fd.Data) -> fd.Data:
    """The data without its training sets that have no point at all."""
    ok = data.x[..., 2].sum(1) > 0
    return replace(data, x=data.x[ok], y=data.y[ok])


SETS0 = fd.sets_at_zero()
"""Deep Sets predicting 0 for every set: the count's mean square (~29). A GPT starts at ln 5 (the process's own
entropy ~0.80), the mixup CNN at ln 8 (``LN8``); a Q network's TD loss starts at ~0.04 (Q* has a mean square of ~0.15)."""
GPT_POST = {"model": "GPT: decoder-only causal transformer, post-LN, 2 layers, d 32, 2 heads, tied head",
            "vocab_size": fd.DYCK_VOCAB, "context": fd.DYCK_LENGTH}  # fmt: skip
GPT_UNTIED = {"model": "GPT: decoder-only causal transformer, pre-LN, 2 layers, d 32, 2 heads, untied head",
              "vocab_size": fd.DYCK_VOCAB, "context": fd.DYCK_LENGTH}  # fmt: skip
SETS_MEAN = {"model": "Deep Sets: phi MLP per point, mean pooling, rho MLP", "max_set_size": fd.SET_MAX,
             "target": "RMS spread of the set"}  # fmt: skip
DQN_DOUBLE = {"model": "double DQN-style Q MLP, target network refreshed every 50 steps, fixed replay buffer",
              "gamma": fd.GRID_GAMMA, "val_loss": "mse of Q against Q* (value iteration)"}  # fmt: skip


def spread_sets(**kw: Any) -> fd.Data:
    return fd.point_sets(target="spread", **kw)


def mean_pooled() -> fd.DeepsetsModel:
    return fd.DeepsetsModel(pooling="mean")


# gpt: a tiny GPT (pre-LN, 2 layers, d 32, 2 heads, learned positions, tied head) on Dyck-2 sequences of 24 brackets,
# next-token cross-entropy; works at AdamW 3e-3-0.03 with warmup + cosine, Adam 3e-3-0.01 constant, SGDm 0.1 (slowly);
# the held-out loss falls from ln 5 to ~0.84 (the process's entropy ~0.80). Adam 0.03-0.05 constant ends at ~1.1;
# SGDm 1 overflows to NaN by step ~16; post-LN trains at Adam 0.01 without a warmup; 64-96 training sequences overfit


@case("gpt-adam-lr-0p05-15x-from-step-1", "gpt", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=250, shape=anything)
def _() -> Setup:
    return gpt_family("adam", 0.05)


@case("gpt-sgdm-lr-1-overflows-nan", "gpt", "lr-high-nan", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=250, shape=nan_within(1, 250))
def _() -> Setup:
    return gpt_family("sgdm", 1.0)


@case("gpt-adamw-warmup-cosine-peak-0p3", "gpt", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return gpt_family("adamw", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("gpt-adamw-lr-1e-5-1000x-low", "gpt", "lr-low-adam", cf=lr_to(0.01), cf_what="AdamW lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return gpt_family("adamw", 1e-5)


@case("gpt-sgdm-lr-3e-3-30x-low-log3", "gpt", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return gpt_family("sgdm", 3e-3, log_every=3)


@case("gpt-sgdm-summed-ce", "gpt", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="next-token cross-entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN(fd.DYCK_VOCAB), "ln 5"))
def _() -> Setup:
    return gpt_family("sgdm", 0.1, loss_fn=fd.lm_ce_summed,
                      loss_name="next-token cross-entropy summed over the positions and the batch (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("gpt-untied-adam-head-x1000", "gpt", "last-layer-init",
      cf=lambda s: replace(s, model=lambda: fd.TinyGPT(tied=False)), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN(fd.DYCK_VOCAB), "ln 5"))
def _() -> Setup:
    return gpt_family("adam", 3e-3, model=lambda: scaled_head(fd.TinyGPT(tied=False), 1000, bias=True), meta=GPT_UNTIED)


@case("gpt-sgdm-exponential-gamma-1p03-nan", "gpt", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 250))
def _() -> Setup:
    return gpt_family("sgdm", 0.1, schedule=exponential(1.03), schedule_name="ExponentialLR(gamma=1.03) per batch")


@case("gpt-adamw-lr-0p01-recreated-each-epoch", "gpt", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=84, tol=5,
      shape=anything)
def _() -> Setup:
    return gpt_family("adamw", 0.01, data=fd.dyck_sequences(train_rows=2000),
                      recreate_optimizer_at=frozenset(range(83, 250, 83)))  # fmt: skip


@case("gpt-adam-multistep-x0p1-at-5pct", "gpt", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=13, tol=100, shape=lr_down_by(0.11, 15))
def _() -> Setup:
    return gpt_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("gpt-adamw-exponential-100x-in-25-steps", "gpt", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 27))
def _() -> Setup:
    return gpt_family("adamw", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 25")


@case("gpt-adam-64-sequences-overfits", "gpt", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gpt_family("adam", 3e-3, steps=500, eval_every=20, data=fd.dyck_sequences(train_rows=64, batch_size=16))


# deepsets: Deep Sets (phi 2-64-64 ReLU per point, masked, sum pooling, rho 64 ReLU, a linear head) regressing the number
# of a set's points inside the unit circle (0-24, mean ~3.8), MSE; works at Adam 3e-3-0.01, SGDm 1e-3; the held-out MSE
# falls from ~29 (predicting 0) to ~0.2-0.4. Sum pooling makes the gradients large (~50 at step 1): SGDm 0.01 is near
# the edge. Some runs regress the set's spread with mean pooling instead (MSE from ~1.3 to ~0.04)


@case("deepsets-adam-lr-0p3-30x-from-step-1", "deepsets", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=anything)
def _() -> Setup:
    return deepsets_family("adam", 0.3)


@case("deepsets-sgd-lr-0p1-overflows-nan", "deepsets", "lr-high-nan", cf=lr_to(1e-3), cf_what="lr 1e-3",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=500, shape=nan_within(1, 500))
def _() -> Setup:
    return deepsets_family("sgd", 0.1)


@case("deepsets-sgdm-lr-0p01-spikes-log2", "deepsets", "lr-high-spikes", cf=lr_to(1e-3), cf_what="lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=500, shape=spiky())
def _() -> Setup:
    return deepsets_family("sgdm", 0.01, log_every=2)


@case("deepsets-adamw-cyclic-peak-1", "deepsets", "lr-high-cyclic", cf=lr_to(0.01),
      cf_what="peak lr 0.01 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return deepsets_family("adamw", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("deepsets-adam-lr-1e-5-1000x-low", "deepsets", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return deepsets_family("adam", 1e-5)


@case("deepsets-mean-sgdm-lr-1e-3-30x-low-log5", "deepsets", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return deepsets_family("sgdm", 1e-3, log_every=5, data=spread_sets(), model=mean_pooled, meta=SETS_MEAN)


@case("deepsets-sgdm-summed-mse", "deepsets", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SETS0, "the count's mean square"))
def _() -> Setup:
    return deepsets_family("sgdm", 1e-3, loss_fn=fd.set_mse_summed, loss_name="mse summed over the batch (reduction='sum')",
                           val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("deepsets-adam-head-x300", "deepsets", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DeepsetsModel), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SETS0, "the count's mean square"))
def _() -> Setup:
    return deepsets_family("adam", 3e-3, model=lambda: scaled_head(fd.DeepsetsModel(), 300, bias=True))


@case("deepsets-mean-adam-empty-sets-nan", "deepsets", "nan-early",
      cf=lambda s: replace(s, data=without_empty_sets(s.data)), cf_what="the empty sets dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(1, 93))
def _() -> Setup:
    return deepsets_family("adam", 3e-3, data=spread_sets(empty_rows=0.003), model=mean_pooled, meta=SETS_MEAN)


@case("deepsets-adam-rho-dead-at-init", "deepsets", "dead-units",
      cf=lambda s: replace(s, model=fd.DeepsetsModel), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return deepsets_family("adam", 3e-3, model=lambda: fd.DeepsetsModel(dead_bias=-100.0), track_zero_grads=True)


@case("deepsets-adam-multistep-x0p1-at-4pct", "deepsets", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return deepsets_family("adam", 0.01, schedule=multistep(0.04, gamma=0.1), schedule_name="MultiStepLR at 4%")


@case("deepsets-rmsprop-recreated-each-epoch", "deepsets", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return deepsets_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(93, 500, 93)))


@case("deepsets-sgdm-lr-0p01-no-clip-explodes", "deepsets", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return deepsets_family("sgdm", 0.02)


@case("deepsets-huber-adam-exponential-gamma-1p02", "deepsets", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return deepsets_family("adam", 3e-3, loss_fn=fd.set_huber, loss_name="huber (delta 1)", val_loss_fn=F.mse_loss,
                           schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("deepsets-sgdm-exponential-gamma-1p03-nan", "deepsets", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 500))
def _() -> Setup:
    return deepsets_family("sgdm", 1e-3, schedule=exponential(1.03), schedule_name="ExponentialLR(gamma=1.03) per batch")


# mixup: a BatchNorm CNN (conv 8 - BN - ReLU - pool, conv 16 - BN - ReLU - pool, fc 64, head 8) of 12x12 texture
# patches trained with mixup (Beta(0.4, 0.4), the batch mixed with itself rolled by one) and label smoothing 0.1: the
# training loss cannot go below ~0.8; held out on the plain cross-entropy of clean patches (~0.3). Works at Adam
# 1e-3-0.01, SGDm 0.1; Adam 0.1 ends at ~1.5. BatchNorm's running statistics come from mixed batches, so the clean
# validation loss jitters by ~10-20% from one evaluation to the next at a constant lr


@case("mixup-sgdm-lr-10-blows-up", "mixup", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return mixup_family("sgdm", 10.0)


@case("mixup-sgd-lr-3-oscillates-log2", "mixup", "lr-high-oscillation", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return mixup_family("sgd", 3.0, log_every=2)


@case("mixup-adam-warmup-cosine-peak-0p3", "mixup", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return mixup_family("adam", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("mixup-adam-lr-1e-5-300x-low", "mixup", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return mixup_family("adam", 1e-5)


@case("mixup-sgdm-lr-1e-3-100x-low-log4", "mixup", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return mixup_family("sgdm", 1e-3, log_every=4)


@case("mixup-sgdm-summed-ce", "mixup", "summed",
      cf=lambda s: replace(s, loss_fn=fd.mixup_ce, loss_name="mixup cross-entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN8, "ln 8"))
def _() -> Setup:
    return mixup_family("sgdm", 0.1, loss_fn=fd.mixup_ce_summed, loss_name="mixup cross-entropy summed over the batch",
                        mean_loss_fn=fd.mixup_ce)  # fmt: skip


@case("mixup-adam-head-x1000", "mixup", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MixupCNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN8, "ln 8"))
def _() -> Setup:
    return mixup_family("adam", 3e-3, model=lambda: scaled_head(fd.MixupCNN(), 1000, bias=True))


@case("mixup-adam-missing-pixels-nan", "mixup", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing pixels imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 125))
def _() -> Setup:
    return mixup_family("adam", 3e-3, data=fd.texture_images(nan_rows=0.01))


@case("mixup-adam-multistep-x0p1-at-5pct", "mixup", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=16, tol=100, shape=lr_down_by(0.11, 20))
def _() -> Setup:
    return mixup_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("mixup-sgdm-exponential-100x-in-30-steps", "mixup", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 32))
def _() -> Setup:
    return mixup_family("sgdm", 0.1, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 30")


@case("mixup-adam-fc-dead-at-init", "mixup", "dead-units",
      cf=lambda s: replace(s, model=fd.MixupCNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return mixup_family("adam", 3e-3, model=lambda: fd.MixupCNN(dead_bias=-20.0), track_zero_grads=True)


@case("mixup-adam-lr-0p1-no-warmup", "mixup", "missing-warmup", cf=lambda s: replace(s, warmup_steps=30),
      cf_what="a 30-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=30, shape=early_rise(1.1))
def _() -> Setup:
    return mixup_family("adam", 0.05)


# fqi: fitted Q-iteration of a 6x6 grid world (walls, a goal +1, a pit -1, -0.04 a step, 20% slip, gamma 0.9) on a fixed
# replay buffer of 20000 transitions: a DQN-style ReLU MLP 38-64-64-4, a target network refreshed every 50 steps, the
# smooth L1 TD loss (it jumps at each refresh); held out on the MSE of Q against Q* by value iteration, from ~0.15 (Q = 0)
# to ~0.001-0.002. Works at Adam 1e-3-3e-3, SGDm 0.1; at a constant lr the Q error jitters across the target refreshes


@case("fqi-adam-lr-0p3-300x-from-step-1", "fqi", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=800, shape=anything)
def _() -> Setup:
    return fqi_family("adam", 0.3)


@case("fqi-sgd-lr-30-blows-up", "fqi", "lr-high-diverge", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return fqi_family("sgd", 30.0)


@case("fqi-sgdm-lr-1-oscillates-log4", "fqi", "lr-high-oscillation", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return fqi_family("sgdm", 1.0, log_every=4)


@case("fqi-adam-lr-1e-6-1000x-low", "fqi", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return fqi_family("adam", 1e-6)


@case("fqi-rmsprop-lr-1e-5-100x-low-log8", "fqi", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return fqi_family("rmsprop", 1e-5, log_every=8)


@case("fqi-sgdm-summed-huber", "fqi", "summed",
      cf=lambda s: replace(s, loss_fn=fd.td_huber, loss_name="smooth_l1 TD loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, 0.04, "the TD loss of an untrained network (~0.04)"))
def _() -> Setup:
    return fqi_family("sgdm", 0.1, loss_fn=fd.td_huber_summed, loss_name="smooth_l1 TD loss summed over the batch",
                      mean_loss_fn=fd.td_huber)  # fmt: skip


@case("fqi-adam-head-x1000", "fqi", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FittedQ), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, 0.04, "the TD loss of an untrained network (~0.04)"))
def _() -> Setup:
    return fqi_family("adam", 1e-3, model=lambda: scaled_head(fd.FittedQ(), 1000, bias=True))


@case("fqi-adam-nan-rewards", "fqi", "nan-early", cf=lambda s: replace(s, data=without_missing_targets(s.data)),
      cf_what="the transitions with a NaN reward dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 312))
def _() -> Setup:
    return fqi_family("adam", 1e-3, data=fd.replay_buffer(nan_rows=0.002))


@case("fqi-adam-multistep-x0p1-at-5pct", "fqi", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=41, tol=100, shape=lr_down_by(0.11, 45))
def _() -> Setup:
    return fqi_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("fqi-adam-exponential-100x-in-80-steps", "fqi", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 82))
def _() -> Setup:
    return fqi_family("adam", 3e-3, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 80")


@case("fqi-rmsprop-recreated-each-epoch", "fqi", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=79, tol=5,
      shape=anything)
def _() -> Setup:
    return fqi_family("rmsprop", 1e-3, data=fd.replay_buffer(train_rows=5000), recreate_optimizer_at=frozenset(range(78, 800, 78)))


@case("fqi-adam-exponential-gamma-1p01", "fqi", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return fqi_family("adam", 1e-3, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("fqi-adam-layer2-dead-at-init", "fqi", "dead-units",
      cf=lambda s: replace(s, model=fd.FittedQ), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return fqi_family("adam", 1e-3, model=lambda: fd.FittedQ(dead_bias=-10.0), track_zero_grads=True)


# fresh12 half: healthy look-alikes


@case("gpt-adamw-warmup-cosine", "gpt", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.DYCK_VOCAB))
def _() -> Setup:
    return gpt_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("gpt-postln-adamw-warmup-cosine-log3", "gpt", "healthy", like=("missing-warmup", "lr-too-high"),
      shape=healthy_shape(fd.DYCK_VOCAB))
def _() -> Setup:
    return gpt_family("adamw", 3e-3, log_every=3, model=lambda: fd.TinyGPT(pre_ln=False), meta=GPT_POST,
                      schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")  # fmt: skip


@case("gpt-adam-finetune-lr-1e-4", "gpt", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return gpt_family("adam", 1e-4, steps=200, eval_every=20, model=fd.pretrained_gpt,
                      meta={"model": "GPT: decoder-only causal transformer, pre-LN, 2 layers, d 32, 2 heads, tied head",
                            "pretrained": True})  # fmt: skip


@case("gpt-adamw-sgdr-log5", "gpt", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.DYCK_VOCAB))
def _() -> Setup:
    return gpt_family("adamw", 0.01, log_every=5, schedule=warm_restarts(0.25),
                      schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("gpt-adam-constant-long-avg25", "gpt", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return gpt_family("adam", 3e-3, steps=750, log_every=25, average=True, eval_every=75)


@case("gpt-untied-sgdm-onecycle-log2", "gpt", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.DYCK_VOCAB))
def _() -> Setup:
    return gpt_family("sgdm", 0.3, log_every=2, model=lambda: fd.TinyGPT(tied=False), meta=GPT_UNTIED, schedule=one_cycle,
                      schedule_name="OneCycleLR")  # fmt: skip


@case("deepsets-adam-reduce-on-plateau-log4", "deepsets", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return deepsets_family("adam", 0.01, log_every=4, schedule=on_plateau(0.3, 1),
                           schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("deepsets-mean-sgdm-onecycle-log5", "deepsets", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape())
def _() -> Setup:
    return deepsets_family("sgdm", 0.3, log_every=5, data=spread_sets(), model=mean_pooled, meta=SETS_MEAN,
                           schedule=one_cycle, schedule_name="OneCycleLR")  # fmt: skip


@case("deepsets-mean-huber-adam-step-decay-log10", "deepsets", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return deepsets_family("adam", 0.01, log_every=10, data=spread_sets(), model=mean_pooled, meta=SETS_MEAN,
                           loss_fn=fd.set_huber, loss_name="huber (delta 1)", val_loss_fn=F.mse_loss,
                           schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")  # fmt: skip


@case("deepsets-adagrad-constant-long-avg50", "deepsets", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return deepsets_family("adagrad", 0.03, steps=2000, log_every=50, average=True, eval_every=200)


@case("deepsets-rmsprop-resumed-with-state", "deepsets", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return deepsets_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)


@case("mixup-adamw-warmup-cosine", "mixup", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.TEX_CLASSES))
def _() -> Setup:
    return mixup_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("mixup-sgdm-onecycle-log5", "mixup", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.TEX_CLASSES))
def _() -> Setup:
    return mixup_family("sgdm", 0.3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("mixup-nesterov-warmup-cosine-log10", "mixup", "healthy", like=("premature-decay", "lr-too-high"),
      shape=healthy_shape(fd.TEX_CLASSES))
def _() -> Setup:
    return mixup_family("nesterov", 0.1, log_every=10, schedule=cosine_after(0.05), schedule_name="linear warmup 5% + cosine")


@case("mixup-adam-finetune-lr-1e-4", "mixup", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return mixup_family("adam", 1e-4, steps=200, eval_every=20, model=fd.pretrained_mixup_cnn,
                        meta={"model": "BatchNorm CNN (2 conv stages), mixup alpha 0.4, label smoothing 0.1", "pretrained": True})  # fmt: skip


@case("fqi-double-adamw-warmup-cosine", "fqi", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return fqi_family("adamw", 3e-3, model=lambda: fd.FittedQ(double=True), meta=DQN_DOUBLE,
                      schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("fqi-sgdm-onecycle-log10", "fqi", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return fqi_family("sgdm", 1.0, log_every=10, schedule=one_cycle, schedule_name="OneCycleLR")


@case("fqi-rmsprop-reduce-on-plateau-log4", "fqi", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return fqi_family("rmsprop", 1e-3, log_every=4, schedule=on_plateau(0.3, 1),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


# fresh12 half, logged once per epoch


@case("gpt-adam-96-sequences-overfits-per-epoch", "gpt", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gpt_family("adam", 3e-3, steps=3 * 120, data=fd.dyck_sequences(train_rows=96, batch_size=32), log_per_epoch=True)


@case("mixup-sgdm-lr-3-per-epoch", "mixup", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return mixup_family("sgdm", 3.0, steps=125 * 3, log_per_epoch=True)


@case("gpt-adamw-warmup-cosine-per-epoch", "gpt", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return gpt_family("adamw", 0.01, steps=125 * 3, log_per_epoch=True, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("mixup-adam-per-epoch", "mixup", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return mixup_family("adam", 3e-3, steps=125 * 3, log_per_epoch=True)


@case("fqi-adam-cosine-per-epoch", "fqi", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return fqi_family("adam", 3e-3, steps=312 * 4, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("deepsets-mean-adam-cosine-per-epoch", "deepsets", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return deepsets_family("adam", 0.01, steps=93 * 6, data=spread_sets(), model=mean_pooled, meta=SETS_MEAN,
                           log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
