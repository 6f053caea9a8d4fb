"""The sixty-fourth fresh half (fresh62, held out from all tuning):
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


def alibi_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "next-token cross_entropy over the 16 tokens (mean over the sequence's 32 positions)")
    knobs.setdefault("meta", {"model": "decoder-only transformer LM with ALiBi: embeddings 32 (no position embeddings), 2 pre-RMSNorm blocks of causal attention (4 heads, ALiBi slopes 1/4-1/256) and SwiGLU feed-forwards 32-64-32, a final RMSNorm, a ReLU layer 32-32, a head",
                              "vocab_size": fd.ALIBI_VOCAB, "seq_len": fd.ALIBI_LENGTH, "topics": fd.ALIBI_TOPICS,
                              "held_out": "next-token cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.alibi_sequences(), knobs.pop("model", None) or fd.ALiBiLM,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def pointnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 shape classes")
    knobs.setdefault("meta", {"model": "PointNet-like: a T-Net input transform (1x1 convs 3-16-32, max over points, a linear layer to a 3x3 matrix + identity), a shared per-point MLP as 1x1 convs 3-32-64, a max-pool over the points, a ReLU layer 64-32, a head",
                              "points": fd.POINTNET_POINTS, "classes": fd.POINTNET_CLASSES,
                              "held_out": "cross-entropy on new point clouds"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.pointnet_clouds(), knobs.pop("model", None) or fd.PointNetCls,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def lightgcn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.bpr_loss)
    knobs.setdefault("loss_name", "BPR pairwise loss -log sigmoid(s_ui - s_uj) (mean over the triples)")
    knobs.setdefault("meta", {"model": "LightGCN: user and item embeddings 16 propagated 2 layers over the normalised user-item graph (no weights, no nonlinearity), the layers averaged, dot-product scores",
                              "users": fd.LGCN_USERS, "items": fd.LGCN_ITEMS, "layers": fd.LGCN_LAYERS,
                              "held_out": "BPR loss on held-out interactions"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.lightgcn_data(), knobs.pop("model", None) or fd.LightGCN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def invgauss_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.invgauss_nll)
    knobs.setdefault("loss_name", "inverse-Gaussian negative log-likelihood (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 8-64-64, a ReLU layer 64-32, a head to the inverse Gaussian's softplus mean and softplus shape",
                              "features": fd.IG_FEATURES, "held_out": "inverse-Gaussian negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.invgauss_rows(), knobs.pop("model", None) or fd.InvGaussMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


ALIBI0, POINTNET0, LGCN0, IG0 = LN(fd.ALIBI_VOCAB), LN(fd.POINTNET_CLASSES), LN(2), fd.invgauss_at_zero()
"""Where the families start: the ALiBi LM at ln 16, the PointNet at ln 4, LightGCN at ln 2 (a BPR score difference
of ~0), the inverse-Gaussian regressor at the NLL of raw outputs of 0 (~2.6), not ln C."""


# alibi: a decoder-only transformer LM with ALiBi biases (no position embeddings), SwiGLU and pre-RMSNorm, on token
# sequences of a hidden topic (4 first-order Markov chains), next-token cross-entropy over 16 (2.81 at step 1, ln 16 =
# 2.77); works at Adam 1e-3-0.03 (best 0.01), SGDm 0.1-1; Adam 1 and SGDm 3 stuck at chance, SGDm 10 NaN


@case("alibi-adam-lr-1-log4", "alibi", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return alibi_family("adam", 1.0, log_every=4)


@case("alibi-adamw-warmup-cosine-peak-1", "alibi", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return alibi_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("alibi-adam-lr-1e-4-100x-low", "alibi", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return alibi_family("adam", 1e-4)


@case("alibi-adam-multistep-x0p01-at-5pct", "alibi", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.01)), cf_what="the same x0.01 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.011, 25))
def _() -> Setup:
    return alibi_family("adam", 0.01, schedule=multistep(0.05, gamma=0.01), schedule_name="MultiStepLR at 5%")


@case("alibi-adam-lr-0p1-no-warmup", "alibi", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60, shape=anything)
def _() -> Setup:
    return alibi_family("adam", 0.1)


@case("alibi-adam-fc-dead-at-init", "alibi", "dead-units",
      cf=lambda s: replace(s, model=fd.ALiBiLM), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return alibi_family("adam", 0.01, model=lambda: fd.ALiBiLM(dead_bias=-30.0), track_zero_grads=True)


@case("alibi-sgdm-summed-ce", "alibi", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ALIBI0, "ln 16"))
def _() -> Setup:
    return alibi_family("sgdm", 0.3, loss_fn=fd.alibi_ce_summed, loss_name="next-token cross_entropy summed over the batch's sequences (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("alibi-adam-head-x1000", "alibi", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ALiBiLM), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, ALIBI0, "ln 16"))
def _() -> Setup:
    return alibi_family("adam", 0.01, model=lambda: scaled_head(fd.ALiBiLM(), 1000))


# pointnet: a PointNet-like classifier (a T-Net input transform, a shared per-point MLP as 1x1 convolutions, a max-pool
# over the points) of noisy, randomly rotated and stretched clouds of 64 points on spheres, cubes, tori and cylinders,
# cross-entropy over 4 (1.39 at step 1, ln 4 = 1.39); works at Adam 3e-3-0.02 (best 0.01), at chance from 0.03; SGDm
# 0.1 (0.03 slow, 0.3 at chance)


@case("pointnet-adam-lr-1", "pointnet", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return pointnet_family("adam", 1.0)


@case("pointnet-sgdm-lr-30-300x", "pointnet", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return pointnet_family("sgdm", 30.0)


@case("pointnet-nadam-cyclic-peak-1", "pointnet", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return pointnet_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("pointnet-adam-exponential-gamma-1p02", "pointnet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return pointnet_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("pointnet-radam-lr-1e-4-100x-low-log2", "pointnet", "lr-low-adam", cf=lr_to(0.01), cf_what="RAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return pointnet_family("radam", 1e-4, log_every=2)


@case("pointnet-sgdm-summed-ce", "pointnet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, POINTNET0, "ln 4"))
def _() -> Setup:
    return pointnet_family("sgdm", 0.1, loss_fn=fd.pointnet_ce_summed, loss_name="cross_entropy summed over the batch's clouds (reduction='sum')",
                           val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("pointnet-adam-head-x1000", "pointnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.PointNetCls), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, POINTNET0, "ln 4"))
def _() -> Setup:
    return pointnet_family("adam", 0.01, model=lambda: scaled_head(fd.PointNetCls(), 1000))


@case("pointnet-adam-exponential-1000x-in-40-steps", "pointnet", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return pointnet_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("pointnet-adam-missing-point-nan", "pointnet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the clouds with a missing (NaN) coordinate dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return pointnet_family("adam", 0.01, data=fd.pointnet_clouds(nan_rows=0.003))


@case("pointnet-nesterov-missing-point-nan", "pointnet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the clouds with a missing (NaN) coordinate dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return pointnet_family("nesterov", 0.1, log_every=2, data=fd.pointnet_clouds(nan_rows=0.003))


@case("pointnet-adam-fc-dead-at-init", "pointnet", "dead-units",
      cf=lambda s: replace(s, model=fd.PointNetCls), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return pointnet_family("adam", 0.01, model=lambda: fd.PointNetCls(dead_bias=-30.0), track_zero_grads=True)


# lightgcn: LightGCN (user and item embeddings propagated 2 layers over the normalised bipartite graph of the training
# interactions, no weights, no nonlinearity, layers averaged, dot-product scores) on implicit feedback of rank-4
# tastes, the BPR loss (0.693 at step 1, ln 2); works at Adam 3e-3-0.03 (best 0.01; 0.03 and up overfit), SGDm 3-10;
# Adam from 0.3 and SGDm 30 blow up


@case("lightgcn-adam-lr-1", "lightgcn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup", "overfitting"), tol=400, shape=anything)
def _() -> Setup:
    return lightgcn_family("adam", 1.0)


@case("lightgcn-sgdm-lr-300-100x", "lightgcn", "lr-high-step1", cf=lr_to(3.0), cf_what="lr 3",
      must=("lr-too-high",), may=HIGH + ("overfitting",), tol=400, shape=anything)
def _() -> Setup:
    return lightgcn_family("sgdm", 300.0, log_every=2)


@case("lightgcn-adamw-warmup-cosine-peak-1", "lightgcn", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH + ("overfitting",), tol=400, shape=anything)
def _() -> Setup:
    return lightgcn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("lightgcn-rmsprop-exponential-gamma-1p02", "lightgcn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH + ("overfitting",), tol=400, shape=anything)
def _() -> Setup:
    return lightgcn_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("lightgcn-nadam-lr-1e-4-100x-low-log3", "lightgcn", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lightgcn_family("nadam", 1e-4, log_every=3)


@case("lightgcn-adamw-lr-1e-4-100x-low-avg5", "lightgcn", "lr-low-adam", cf=lr_to(0.01), cf_what="AdamW lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lightgcn_family("adamw", 1e-4, log_every=5, average=True)


@case("lightgcn-sgdm-summed-bpr", "lightgcn", "summed",
      cf=lambda s: replace(s, loss_fn=fd.bpr_loss, loss_name="BPR loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau", "overfitting"),
      tol=20, shape=first_loss_above(10, LGCN0, "ln 2"))
def _() -> Setup:
    return lightgcn_family("sgdm", 3.0, loss_fn=fd.bpr_loss_summed, loss_name="BPR loss summed over the batch's triples (reduction='sum')",
                           val_loss_fn=fd.bpr_loss, mean_loss_fn=fd.bpr_loss)  # fmt: skip


@case("lightgcn-adam-multistep-x0p1-at-5pct", "lightgcn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return lightgcn_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("lightgcn-adam-exponential-1000x-in-40-steps", "lightgcn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return lightgcn_family("adam", 0.03, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("lightgcn-adam-lr-0p03-800-steps-overfits", "lightgcn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return lightgcn_family("adam", 0.03, steps=800, eval_every=40)


# invgauss: an MLP regressor of positive right-skewed targets, the inverse-Gaussian negative log-likelihood (a softplus
# mean and a softplus shape; 2.59 at step 1, the NLL of raw outputs of 0); works at Adam 1e-3-0.03 (best 3e-3-0.01),
# SGDm 0.01-0.1; Adam 1 and SGDm 1 stuck at a flat 5.2


@case("invgauss-adam-lr-1-log2", "invgauss", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return invgauss_family("adam", 1.0, log_every=2)


@case("invgauss-sgdm-lr-3-100x", "invgauss", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return invgauss_family("sgdm", 3.0)


@case("invgauss-adamw-warmup-cosine-peak-1", "invgauss", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return invgauss_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("invgauss-nadam-lr-3e-5-100x-low-log3", "invgauss", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return invgauss_family("nadam", 3e-5, log_every=3)


@case("invgauss-sgdm-lr-3e-4-100x-low-log2", "invgauss", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return invgauss_family("sgdm", 3e-4, log_every=2)


@case("invgauss-nesterov-summed-nll", "invgauss", "summed",
      cf=lambda s: replace(s, loss_fn=fd.invgauss_nll, loss_name="inverse-Gaussian negative log-likelihood (mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, IG0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return invgauss_family("nesterov", 0.03, loss_fn=fd.invgauss_nll_summed, loss_name="inverse-Gaussian negative log-likelihood summed over the batch's rows (reduction='sum')",
                           val_loss_fn=fd.invgauss_nll, mean_loss_fn=fd.invgauss_nll)  # fmt: skip


@case("invgauss-adam-head-x1000", "invgauss", "last-layer-init",
      cf=lambda s: replace(s, model=fd.InvGaussMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, IG0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return invgauss_family("adam", 3e-3, model=lambda: scaled_head(fd.InvGaussMLP(), 1000))


@case("invgauss-adam-exponential-1000x-in-40-steps", "invgauss", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return invgauss_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("invgauss-adam-missing-feature-nan", "invgauss", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return invgauss_family("adam", 3e-3, data=fd.invgauss_rows(nan_rows=0.003))


@case("invgauss-adam-fc-dead-at-init", "invgauss", "dead-units",
      cf=lambda s: replace(s, model=fd.InvGaussMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return invgauss_family("adam", 3e-3, model=lambda: fd.InvGaussMLP(dead_bias=-30.0), track_zero_grads=True)


@case("invgauss-adam-lr-0p03-recreated-every-2-steps", "invgauss", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return invgauss_family("adam", 0.03, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("invgauss-sgd-lr-3-no-clip", "invgauss", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return invgauss_family("sgd", 3.0)


@case("invgauss-nesterov-lr-1-no-clip-log2", "invgauss", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return invgauss_family("nesterov", 1.0, log_every=2)


@case("alibi-rmsprop-lr-0p3-300x", "alibi", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return alibi_family("rmsprop", 0.3, log_every=2)


@case("invgauss-adam-lr-0p3-no-warmup-log2", "invgauss", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60, shape=anything)
def _() -> Setup:
    return invgauss_family("adam", 0.3, log_every=2)


@case("alibi-adam-multistep-x0p1-at-5pct-log2", "alibi", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return alibi_family("adam", 3e-3, log_every=2, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


# fresh62 half: healthy look-alikes


@case("pointnet-adam-cosine-log2", "pointnet", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.POINTNET_CLASSES))
def _() -> Setup:
    return pointnet_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("invgauss-adamw-cosine-eval25", "invgauss", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return invgauss_family("adamw", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("invgauss-adagrad-step-decay", "invgauss", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return invgauss_family("adagrad", 0.03, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("invgauss-sgdm-cyclic-triangular2", "invgauss", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return invgauss_family("sgdm", 0.03, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("lightgcn-adam-one-cycle", "lightgcn", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(2))
def _() -> Setup:
    return lightgcn_family("adam", 0.01, schedule=one_cycle, schedule_name="OneCycleLR")


@case("alibi-adamw-warmup-linear-avg10", "alibi", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.ALIBI_VOCAB))
def _() -> Setup:
    return alibi_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                        schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("pointnet-adam-warmup-cosine", "pointnet", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.POINTNET_CLASSES))
def _() -> Setup:
    return pointnet_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("pointnet-adam-resumed-with-state", "pointnet", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.POINTNET_CLASSES))
def _() -> Setup:
    return pointnet_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("invgauss-adam-resumed-with-state", "invgauss", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return invgauss_family("adam", 3e-3, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)


@case("lightgcn-rmsprop-step-decay-log5", "lightgcn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(2))
def _() -> Setup:
    return lightgcn_family("rmsprop", 0.01, log_every=5, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("invgauss-adam-reduce-on-plateau-log4", "invgauss", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return invgauss_family("adam", 3e-3, log_every=4, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("pointnet-nesterov-lr-0p1-cosine", "pointnet", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fd.POINTNET_CLASSES))
def _() -> Setup:
    return pointnet_family("nesterov", 0.1, schedule=cosine_after(0.0), schedule_name="cosine")


@case("alibi-adam-cosine", "alibi", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.ALIBI_VOCAB))
def _() -> Setup:
    return alibi_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("invgauss-sgd-constant-eval50", "invgauss", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return invgauss_family("sgd", 0.1, steps=500, eval_every=50)


@case("lightgcn-adam-constant-log3", "lightgcn", "healthy", like=("plateau", "overfitting"), shape=healthy_shape(2))
def _() -> Setup:
    return lightgcn_family("adam", 0.01, log_every=3)


@case("lightgcn-nadam-warm-restarts-log4", "lightgcn", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(2))
def _() -> Setup:
    return lightgcn_family("nadam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("invgauss-nadam-warmup-cosine-log3", "invgauss", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return invgauss_family("nadam", 3e-3, log_every=3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("alibi-sgdm-lr-1-cosine", "alibi", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fd.ALIBI_VOCAB))
def _() -> Setup:
    return alibi_family("sgdm", 1.0, schedule=cosine_after(0.0), schedule_name="cosine")


# fresh62 half, logged once per epoch


@case("invgauss-adam-256-rows-overfits-per-epoch", "invgauss", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return invgauss_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.invgauss_rows(train_rows=256, batch_size=64))


@case("pointnet-adam-lr-1-per-epoch", "pointnet", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return pointnet_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.pointnet_clouds(batch_size=64))


@case("invgauss-adam-cosine-per-epoch", "invgauss", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return invgauss_family("adam", 3e-3, steps=62 * 7, log_per_epoch=True, data=fd.invgauss_rows(batch_size=64),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("alibi-adam-cosine-per-epoch", "alibi", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.ALIBI_VOCAB))
def _() -> Setup:
    return alibi_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.alibi_sequences(batch_size=64),
                        schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
