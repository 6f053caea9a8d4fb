"""The twenty-fifth fresh half (fresh25, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import torch

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
    LN, Setup, cosine_after, cyclic, exponential, exponential_to, linear_decay_after, multistep, one_cycle,
    scaled_head, warm_restarts,
)


def bandit_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.bandit_loss)
    knobs.setdefault("loss_name", "REINFORCE with a learned baseline: the pulled arm's regret (its gradient the score function's) plus the baseline's squared error")
    knobs.setdefault("val_loss_fn", fd.bandit_regret)
    knobs.setdefault("meta", {"model": "policy MLP 10-64-64 with an 8-arm softmax head and a value baseline, trained by REINFORCE on a contextual bandit",
                              "arms": fd.BANDIT_ARMS, "held_out": "expected regret of the policy on new contexts"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.bandit_contexts(), knobs.pop("model", None) or fd.BanditPolicy, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def dual_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.dual_infonce)
    knobs.setdefault("loss_name", "CLIP's symmetric InfoNCE over the batch, learned temperature")
    knobs.setdefault("meta", {"model": "CLIP-style dual encoder: a 16-64-64-32 image tower and a 12-64-32 text tower, L2-normalised, a learned logit scale",
                              "embedding": fd.DUAL_EMBED, "batch_negatives": 63})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dual_pairs(), knobs.pop("model", None) or fd.DualEncoder, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def svdd_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.svdd_distance)
    knobs.setdefault("loss_name", "Deep SVDD one-class loss: mean squared distance of the code to the fixed centre")
    knobs.setdefault("meta", {"model": "Deep SVDD: a bias-free ReLU MLP 16-64-32-8, the centre the mean code at init",
                              "code": fd.SVDD_CODE})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.svdd_points(), knobs.pop("model", None) or fd.DeepSVDD, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def sinkhorn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.sinkhorn_loss)
    knobs.setdefault("loss_name", "entropic optimal-transport cost (30 log-domain Sinkhorn iterations, eps 0.05) between the predicted and the true point sets")
    knobs.setdefault("meta", {"model": "set decoder MLP 8-128-128-32 predicting 16 points of the plane",
                              "points": fd.SINK_POINTS, "sinkhorn_eps": fd.SINK_EPS})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.sinkhorn_shapes(), knobs.pop("model", None) or fd.SetDecoder, optimizer,
                      lr, steps, **knobs)  # fmt: skip


BANDIT0, DUAL0, SVDD0, SINK0 = fd.bandit_regret(torch.zeros(1, fd.BANDIT_ARMS + 1), fd.bandit_contexts().val_y).item(), LN(64), fd.svdd_at_init(), fd.sinkhorn_at_zero()
"""Where the families start: the bandit's policy near uniform (its expected regret, ~0.43), the dual encoder at chance
among the 64 pairs of a batch (ln 64, a bit above at the initial temperature), Deep SVDD at its init's spread around the
centre (~0.067), the set decoder near the cost of predicting every point at the origin (~1.07)."""


# bandit: REINFORCE with a learned baseline on a contextual bandit (10 features, 8 arms, Gaussian reward noise 0.1), the
# pulled arms' regret (~0.55 at step 1 with the baseline's error; uniform policy's expected regret 0.43); works at Adam
# 3e-3-0.01 (the expected regret held out ~0.10-0.11 in 400 steps), SGDm 0.03 (~0.13, still falling); Adam 1 sits at a
# fixed arm (0.42), SGDm 3 gives NaN


@case("bandit-adam-lr-1-log2", "bandit", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return bandit_family("adam", 1.0, log_every=2)


@case("bandit-sgdm-lr-3-100x", "bandit", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bandit_family("sgdm", 3.0)


@case("bandit-rmsprop-lr-0p3-log4", "bandit", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bandit_family("rmsprop", 0.3, log_every=4)


@case("bandit-adamw-warmup-cosine-peak-1", "bandit", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bandit_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("bandit-adam-exponential-gamma-1p02", "bandit", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bandit_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("bandit-adam-lr-1e-4-100x-low", "bandit", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return bandit_family("adam", 1e-4)


@case("bandit-sgdm-summed", "bandit", "summed",
      cf=lambda s: replace(s, loss_fn=fd.bandit_loss, loss_name="REINFORCE loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BANDIT0, "the uniform policy's expected regret"))
def _() -> Setup:
    return bandit_family("sgdm", 0.03, loss_fn=fd.bandit_loss_summed, loss_name="REINFORCE loss summed over the batch (reduction='sum')",
                         mean_loss_fn=fd.bandit_loss)  # fmt: skip


@case("bandit-adam-fc-dead-at-init", "bandit", "dead-units",
      cf=lambda s: replace(s, model=fd.BanditPolicy), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return bandit_family("adam", 3e-3, model=lambda: fd.BanditPolicy(dead_bias=-30.0), track_zero_grads=True)


@case("bandit-adam-multistep-x0p1-at-5pct", "bandit", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return bandit_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("bandit-adam-missing-feature-nan", "bandit", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the contexts with a missing feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return bandit_family("adam", 3e-3, data=fd.bandit_contexts(nan_rows=0.003))


@case("bandit-adam-lr-0p03-recreated-every-8-steps", "bandit", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return bandit_family("adam", 0.03, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("bandit-adam-lr-0p05-no-warmup", "bandit", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return bandit_family("adam", 0.05)


# dual: a CLIP-style dual encoder (image tower 16-64-64-32, text tower 12-64-32, L2-normalised, a learned temperature) of
# paired views of a 6-D latent, symmetric InfoNCE over a batch of 64 (5.2 at step 1, ln 64 = 4.16); works at Adam 1e-3-0.01
# (the held-out InfoNCE ~0.21-0.28 in 400 steps, still falling), SGDm 0.03 (~0.23); Adam 1 recovers to ~0.36, SGDm 0.3
# and above stay at ln 64


@case("dual-adam-lr-1-log2", "dual", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dual_family("adam", 1.0, log_every=2)


@case("dual-sgdm-lr-3-100x", "dual", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dual_family("sgdm", 3.0)


@case("dual-nadam-cyclic-peak-1", "dual", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dual_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("dual-adam-exponential-gamma-1p02", "dual", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dual_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("dual-adam-lr-1e-5-300x-low", "dual", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dual_family("adam", 1e-5)


@case("dual-adagrad-lr-1e-3-100x-low-log5", "dual", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dual_family("adagrad", 1e-3, log_every=5)


@case("dual-sgdm-summed-infonce", "dual", "summed",
      cf=lambda s: replace(s, loss_fn=fd.dual_infonce, loss_name="symmetric InfoNCE (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DUAL0, "ln 64"))
def _() -> Setup:
    return dual_family("sgdm", 0.03, loss_fn=fd.dual_infonce_summed, loss_name="symmetric InfoNCE summed over the batch (reduction='sum')",
                       val_loss_fn=fd.dual_infonce, mean_loss_fn=fd.dual_infonce)  # fmt: skip


@case("dual-adam-multistep-x0p1-at-5pct", "dual", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return dual_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("dual-adam-exponential-1000x-in-40-steps", "dual", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return dual_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("dual-adam-missing-text-feature-nan", "dual", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the pairs with a missing text feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return dual_family("adam", 3e-3, data=fd.dual_pairs(nan_rows=0.003))


@case("dual-adam-lr-3e-3-recreated-every-8-steps", "dual", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return dual_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("dual-adam-128-pairs-overfits", "dual", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return dual_family("adam", 3e-3, steps=600, eval_every=30, data=fd.dual_pairs(train_rows=128, batch_size=64))


# svdd: Deep SVDD (a bias-free ReLU MLP 16-64-32-8, the centre the mean code at init) of normal points on a 6-D curved
# manifold in 16-D, the mean squared distance to the centre (~0.067 at step 1); works at Adam 3e-3-0.01 (~0.001 held out in
# 400 steps), SGDm 0.3-1 (~0.0011); Adam 1 kills every unit (0.08, the centre's square norm), RMSprop 0.3 blows up (~77)


@case("svdd-adam-lr-1-log2", "svdd", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return svdd_family("adam", 1.0, log_every=2)


@case("svdd-rmsprop-lr-0p3-log4", "svdd", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return svdd_family("rmsprop", 0.3, log_every=4)


@case("svdd-adamw-warmup-cosine-peak-1", "svdd", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return svdd_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("svdd-adam-exponential-gamma-1p02", "svdd", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return svdd_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("svdd-adam-lr-1e-5-1000x-low", "svdd", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return svdd_family("adam", 1e-5)


@case("svdd-sgd-lr-1e-4-log4", "svdd", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return svdd_family("sgd", 1e-4, log_every=4)


@case("svdd-sgdm-summed-distance", "svdd", "summed",
      cf=lambda s: replace(s, loss_fn=fd.svdd_distance, loss_name="mean squared distance (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SVDD0, "the init's mean squared distance"))
def _() -> Setup:
    return svdd_family("sgdm", 0.1, loss_fn=fd.svdd_distance_summed, loss_name="squared distance summed over the batch (reduction='sum')",
                       val_loss_fn=fd.svdd_distance, mean_loss_fn=fd.svdd_distance)  # fmt: skip


@case("svdd-adam-head-x300", "svdd", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DeepSVDD), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SVDD0, "the init's mean squared distance"))
def _() -> Setup:
    return svdd_family("adam", 0.01, model=lambda: scaled_head(fd.DeepSVDD(), 300))


@case("svdd-adam-fc-weights-negative-dead", "svdd", "dead-units",
      cf=lambda s: replace(s, model=fd.DeepSVDD), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return svdd_family("adam", 0.01, model=lambda: fd.DeepSVDD(dead=True), track_zero_grads=True)


@case("svdd-adam-multistep-x0p1-at-5pct", "svdd", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return svdd_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


# sinkhorn: a set decoder (MLP 8-128-128-32) predicting 16 points of a circle, a segment or two blobs from the shape's
# description, the entropic OT cost against the true points (~1.06 at step 1; predicting the origin: 1.07); works at Adam
# 3e-3-0.01 (~0.075-0.079 held out in 400 steps), SGDm 0.03-1 (0.127-0.083); Adam 1 gives NaN


@case("sinkhorn-adam-lr-1-log2", "sinkhorn", "lr-high-nan", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return sinkhorn_family("adam", 1.0, log_every=2)


@case("sinkhorn-sgdm-lr-30-30x", "sinkhorn", "lr-high-step1", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sinkhorn_family("sgdm", 30.0)


@case("sinkhorn-adamw-warmup-cosine-peak-1", "sinkhorn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sinkhorn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("sinkhorn-nadam-exponential-gamma-1p02", "sinkhorn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sinkhorn_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("sinkhorn-adam-lr-1e-5-300x-low", "sinkhorn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sinkhorn_family("adam", 1e-5)


@case("sinkhorn-sgdm-lr-3e-4-100x-low-log3", "sinkhorn", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sinkhorn_family("sgdm", 3e-4, log_every=3)


@case("sinkhorn-sgdm-summed-ot", "sinkhorn", "summed",
      cf=lambda s: replace(s, loss_fn=fd.sinkhorn_loss, loss_name="entropic OT cost (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SINK0, "the cost of predicting the origin"))
def _() -> Setup:
    return sinkhorn_family("sgdm", 0.1, loss_fn=fd.sinkhorn_loss_summed, loss_name="entropic OT cost summed over the batch (reduction='sum')",
                           val_loss_fn=fd.sinkhorn_loss, mean_loss_fn=fd.sinkhorn_loss)  # fmt: skip


@case("sinkhorn-adam-head-x300", "sinkhorn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SetDecoder), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SINK0, "the cost of predicting the origin"))
def _() -> Setup:
    return sinkhorn_family("adam", 3e-3, model=lambda: scaled_head(fd.SetDecoder(), 300, bias=True))


@case("sinkhorn-adam-fc-dead-at-init", "sinkhorn", "dead-units",
      cf=lambda s: replace(s, model=fd.SetDecoder), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return sinkhorn_family("adam", 3e-3, model=lambda: fd.SetDecoder(dead_bias=-30.0), track_zero_grads=True)


@case("sinkhorn-adam-exponential-1000x-in-40-steps", "sinkhorn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return sinkhorn_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("sinkhorn-adam-missing-description-nan", "sinkhorn", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sets with a missing description entry dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return sinkhorn_family("adam", 3e-3, data=fd.sinkhorn_shapes(nan_rows=0.003))


@case("sinkhorn-adam-lr-0p01-recreated-every-8-steps", "sinkhorn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return sinkhorn_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("sinkhorn-sgd-lr-3-no-clip-explodes", "sinkhorn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return sinkhorn_family("sgd", 3.0)


# fresh25 half: healthy look-alikes


@case("bandit-adam-warmup-cosine", "bandit", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return bandit_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("bandit-nadam-constant-log3", "bandit", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return bandit_family("nadam", 0.01, log_every=3)


@case("bandit-adam-plateau-log2", "bandit", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return bandit_family("adam", 0.01, log_every=2, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("bandit-adam-resumed-with-state", "bandit", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return bandit_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("dual-adam-cosine-log2", "dual", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return dual_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dual-adam-sgdr-log4", "dual", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return dual_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("dual-radam-step-decay", "dual", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dual_family("radam", 0.03, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("dual-adamw-warmup-linear-avg10", "dual", "healthy", like=("plateau", "lr-too-low", "overfitting"), shape=healthy_shape())
def _() -> Setup:
    return dual_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                       schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("svdd-adam-warmup-cosine", "svdd", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return svdd_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("svdd-nesterov-onecycle", "svdd", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return svdd_family("sgdm", 1.0, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("svdd-adamax-constant-log3", "svdd", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return svdd_family("adamax", 0.01, log_every=3)


@case("svdd-sgdm-cyclic-triangular2", "svdd", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return svdd_family("sgdm", 1.0, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("svdd-adam-resumed-with-state", "svdd", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return svdd_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("sinkhorn-adam-cosine-log2", "sinkhorn", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return sinkhorn_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("sinkhorn-rmsprop-step-decay-log3", "sinkhorn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return sinkhorn_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("sinkhorn-adam-plateau-log2", "sinkhorn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return sinkhorn_family("adam", 3e-3, log_every=2, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


# fresh25 half, logged once per epoch


@case("bandit-adam-lr-1-per-epoch", "bandit", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return bandit_family("adam", 1.0, steps=62 * 7, log_per_epoch=True)


@case("sinkhorn-adam-lr-1-per-epoch", "sinkhorn", "lr-high-nan", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return sinkhorn_family("adam", 1.0, steps=46 * 9, log_per_epoch=True)


@case("sinkhorn-adam-64-sets-overfits-per-epoch", "sinkhorn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return sinkhorn_family("adam", 3e-3, steps=2 * 300, log_per_epoch=True, data=fd.sinkhorn_shapes(train_rows=64, batch_size=32),
                           model=lambda: fd.SetDecoder(hidden=256))  # fmt: skip


@case("bandit-adam-per-epoch", "bandit", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return bandit_family("adam", 0.01, steps=62 * 7, log_per_epoch=True)


@case("bandit-adam-cosine-per-epoch", "bandit", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return bandit_family("adam", 0.01, steps=62 * 7, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dual-adam-per-epoch", "dual", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dual_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True)


@case("svdd-adam-per-epoch", "svdd", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return svdd_family("adam", 0.01, steps=46 * 9, log_per_epoch=True)


@case("svdd-radam-cosine-per-epoch", "svdd", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return svdd_family("radam", 0.03, steps=46 * 9, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("sinkhorn-adam-cosine-per-epoch", "sinkhorn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return sinkhorn_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")
