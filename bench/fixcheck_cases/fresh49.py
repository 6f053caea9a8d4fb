"""The fifty-first fresh half (fresh49, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import fixcheck_data as fd
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


def retnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 motif classes")
    knobs.setdefault("meta", {"model": "RetNet-like: token embeddings, one block of multi-scale retention (4 heads, decays 0.5-0.94 in place of softmax attention, GroupNorm, swish gate) and a GELU feed-forward, mean pooling, a ReLU layer, a head",
                              "length": fd.RETNET_LENGTH, "vocab": fd.RETNET_VOCAB, "classes": fd.RETNET_CLASSES,
                              "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.retnet_tokens(), knobs.pop("model", None) or fd.RetNetClassifier,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def hgnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 node classes")
    knobs.setdefault("meta", {"model": "HGNN: two hypergraph convolutions (node to hyperedge to node, Dv^-1/2 H De^-1 H^T Dv^-1/2) 12-32-32, a ReLU layer 32-32, a head",
                              "nodes": fd.HGNN_NODES, "hyperedges": fd.HGNN_EDGES, "classes": fd.HGNN_CLASSES,
                              "held_out": "cross-entropy on the unlabelled nodes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.hgnn_nodes(), knobs.pop("model", None) or fd.HGNNNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def cfc_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 frequencies")
    knobs.setdefault("meta", {"model": "CfC (closed-form continuous-time) cell of 32 units over the observations, the time gaps as dt, a ReLU layer 32-32, a head",
                              "observations": fd.CFC_STEPS, "classes": fd.CFC_CLASSES,
                              "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.cfc_sequences(), knobs.pop("model", None) or fd.CfCNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def zipreg_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.zipreg_nll)
    knobs.setdefault("loss_name", "zero-inflated Poisson negative log-likelihood (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 8-64-64, a ReLU layer 64-32, a head to the zero logit and the log-rate",
                              "features": fd.ZIPREG_FEATURES, "held_out": "zero-inflated Poisson NLL on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.zipreg_rows(), knobs.pop("model", None) or fd.ZIPRegMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


RETNET0, HGNN0, CFC0, ZIPREG0 = LN(fd.RETNET_CLASSES), LN(fd.HGNN_CLASSES), LN(fd.CFC_CLASSES), fd.zipreg_at_init()
"""Where the families start: the RetNet-like classifier, the HGNN and the CfC classifier at ln 4; the zero-inflated
Poisson NLL at that of outputs of 0 (pi 0.5, a rate of 1: ~2.9), not ln C."""


# retnet: a tiny RetNet-like classifier (multi-scale retention with decay in place of softmax attention) naming the motif
# of token sequences, cross-entropy over 4 (1.42 at step 1, ln 4 = 1.39); works at Adam 3e-3-0.01


@case("retnet-adam-lr-1-log4", "retnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return retnet_family("adam", 1.0, log_every=4)


@case("retnet-adamw-warmup-cosine-peak-1", "retnet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return retnet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("retnet-adam-lr-3e-5-100x-low", "retnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return retnet_family("adam", 3e-5)


@case("retnet-nadam-lr-3e-5-100x-low-log3", "retnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return retnet_family("nadam", 3e-5, log_every=3)


@case("retnet-sgdm-summed-ce", "retnet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, RETNET0, "ln 4"))
def _() -> Setup:
    return retnet_family("sgdm", 0.03, loss_fn=fd.retnet_ce_summed, loss_name="cross_entropy summed over the batch's sequences (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("retnet-adam-head-x1000", "retnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.RetNetClassifier), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, RETNET0, "ln 4"))
def _() -> Setup:
    return retnet_family("adam", 3e-3, model=lambda: scaled_head(fd.RetNetClassifier(), 1000))


@case("retnet-adam-multistep-x0p1-at-5pct", "retnet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return retnet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("retnet-adam-fc-dead-at-init", "retnet", "dead-units",
      cf=lambda s: replace(s, model=fd.RetNetClassifier), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return retnet_family("adam", 3e-3, model=lambda: fd.RetNetClassifier(dead_bias=-30.0), track_zero_grads=True)


@case("retnet-adam-lr-0p01-recreated-every-4-steps", "retnet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return retnet_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("retnet-sgd-lr-1-no-clip", "retnet", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return retnet_family("sgd", 1.0)


@case("retnet-adam-256-sequences-overfits", "retnet", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return retnet_family("adam", 0.01, steps=600, eval_every=30, data=fd.retnet_tokens(train_rows=256))


# hgnn: a hypergraph neural network (two hyperedge-to-node convolutions) naming the class of a node of a synthetic
# hypergraph, cross-entropy over 4 (1.38 at step 1, ln 4 = 1.39); works at Adam 3e-3


@case("hgnn-adam-lr-1", "hgnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return hgnn_family("adam", 1.0)


@case("hgnn-sgdm-lr-100-1000x", "hgnn", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hgnn_family("sgdm", 100.0)


@case("hgnn-adamw-warmup-cosine-peak-1", "hgnn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hgnn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("hgnn-adam-exponential-gamma-1p02", "hgnn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hgnn_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("hgnn-adam-lr-3e-5-100x-low", "hgnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hgnn_family("adam", 3e-5)


@case("hgnn-sgdm-lr-1e-3-100x-low-log4", "hgnn", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hgnn_family("sgdm", 1e-3, log_every=4)


@case("hgnn-sgdm-summed-ce", "hgnn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, HGNN0, "ln 4"))
def _() -> Setup:
    return hgnn_family("sgdm", 0.1, loss_fn=fd.hgnn_ce_summed, loss_name="cross_entropy summed over the batch's nodes (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("hgnn-adam-head-x1000", "hgnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.HGNNNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, HGNN0, "ln 4"))
def _() -> Setup:
    return hgnn_family("adam", 3e-3, model=lambda: scaled_head(fd.HGNNNet(), 1000))


@case("hgnn-adam-missing-feature-nan", "hgnn", "nan-early", cf=lambda s: replace(s, model=fd.HGNNNet),
      cf_what="the nodes' features without the missing (NaN) values", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return hgnn_family("adam", 3e-3, model=lambda: fd.HGNNNet(nan_nodes=0.003))


@case("hgnn-adam-fc-dead-at-init", "hgnn", "dead-units",
      cf=lambda s: replace(s, model=fd.HGNNNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return hgnn_family("adam", 3e-3, model=lambda: fd.HGNNNet(dead_bias=-30.0), track_zero_grads=True)


# zipreg: a ReLU MLP of a zero-inflated Poisson's zero logit and log-rate, its negative log-likelihood (3.5 at step 1,
# 2.9 at outputs of 0); works at Adam 3e-3-0.01


@case("zipreg-adam-lr-1-log2", "zipreg", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return zipreg_family("adam", 1.0, log_every=2)


@case("zipreg-sgdm-lr-30-1000x", "zipreg", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return zipreg_family("sgdm", 30.0)


@case("zipreg-adamw-warmup-cosine-peak-1", "zipreg", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return zipreg_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("zipreg-rmsprop-exponential-gamma-1p02", "zipreg", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return zipreg_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("zipreg-adam-lr-1e-4-100x-low", "zipreg", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return zipreg_family("adam", 1e-4)


@case("zipreg-sgdm-summed", "zipreg", "summed",
      cf=lambda s: replace(s, loss_fn=fd.zipreg_nll, loss_name="zero-inflated Poisson NLL (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ZIPREG0, "the NLL of outputs of 0"))
def _() -> Setup:
    return zipreg_family("sgdm", 0.01, loss_fn=fd.zipreg_summed, loss_name="zero-inflated Poisson NLL summed over the batch's rows (reduction='sum')",
                         val_loss_fn=fd.zipreg_nll, mean_loss_fn=fd.zipreg_nll)  # fmt: skip


@case("zipreg-adam-exponential-1000x-in-40-steps", "zipreg", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return zipreg_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("zipreg-adam-missing-feature-nan", "zipreg", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return zipreg_family("adam", 0.01, data=fd.zipreg_rows(nan_rows=0.003))


@case("zipreg-adam-fc-dead-at-init", "zipreg", "dead-units",
      cf=lambda s: replace(s, model=fd.ZIPRegMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return zipreg_family("adam", 0.01, model=lambda: fd.ZIPRegMLP(dead_bias=-30.0), track_zero_grads=True)


@case("zipreg-adam-lr-0p01-recreated-every-4-steps", "zipreg", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return zipreg_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# cfc: a closed-form continuous-time (CfC, liquid) RNN naming the frequency of irregularly sampled oscillations, the time
# gaps as input, cross-entropy over 4 (1.39 at step 1, ln 4 = 1.39); works at Adam 3e-3


@case("cfc-adam-lr-1-log2", "cfc", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cfc_family("adam", 1.0, log_every=2)


@case("cfc-sgdm-lr-30-1000x", "cfc", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cfc_family("sgdm", 30.0)


@case("cfc-sgdm-summed-ce", "cfc", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, CFC0, "ln 4"))
def _() -> Setup:
    return cfc_family("sgdm", 0.1, loss_fn=fd.cfc_ce_summed, loss_name="cross_entropy summed over the batch's sequences (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("cfc-adam-missing-value-nan", "cfc", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sequences with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return cfc_family("adam", 3e-3, data=fd.cfc_sequences(nan_rows=0.003))


@case("retnet-adam-lr-0p03-no-warmup", "retnet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return retnet_family("adam", 0.03)


@case("zipreg-rmsprop-lr-0p03-no-warmup", "zipreg", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "non-finite-loss"), tol=60, shape=anything)
def _() -> Setup:
    return zipreg_family("rmsprop", 0.03)


@case("retnet-adamw-lr-0p02-no-warmup", "retnet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return retnet_family("adamw", 0.02)


@case("zipreg-sgd-lr-1-no-clip", "zipreg", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return zipreg_family("sgd", 1.0)


# fresh49 half: healthy look-alikes


@case("retnet-nadam-sgdr-log4", "retnet", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fd.RETNET_CLASSES))
def _() -> Setup:
    return retnet_family("nadam", 3e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("hgnn-radam-step-decay-log3", "hgnn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.HGNN_CLASSES))
def _() -> Setup:
    return hgnn_family("radam", 3e-3, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("retnet-adam-warmup-cosine", "retnet", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.RETNET_CLASSES))
def _() -> Setup:
    return retnet_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("retnet-adam-cosine-log2", "retnet", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.RETNET_CLASSES))
def _() -> Setup:
    return retnet_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("retnet-adam-resumed-with-state", "retnet", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.RETNET_CLASSES))
def _() -> Setup:
    return retnet_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("hgnn-adam-cosine-200-steps", "hgnn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.HGNN_CLASSES))
def _() -> Setup:
    return hgnn_family("adam", 3e-3, steps=200, eval_every=20, schedule=cosine_after(0.0), schedule_name="cosine")


@case("retnet-adam-constant-log5", "retnet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.RETNET_CLASSES))
def _() -> Setup:
    return retnet_family("adam", 0.01, log_every=5)


@case("hgnn-adam-constant-200-steps-log5", "hgnn", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.HGNN_CLASSES))
def _() -> Setup:
    return hgnn_family("adam", 1e-3, steps=200, eval_every=20, log_every=5)


@case("zipreg-adam-step-decay", "zipreg", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return zipreg_family("adam", 0.01, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("zipreg-sgdm-cyclic-triangular2", "zipreg", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return zipreg_family("sgdm", 0.01, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("zipreg-nesterov-one-cycle", "zipreg", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return zipreg_family("nesterov", 0.01, schedule=one_cycle, schedule_name="OneCycleLR")


@case("zipreg-adamw-warmup-linear-avg10", "zipreg", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return zipreg_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                         schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("zipreg-adam-resumed-with-state", "zipreg", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return zipreg_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


# fresh49 half, logged once per epoch


@case("cfc-adam-256-sequences-overfits-per-epoch", "cfc", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return cfc_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.cfc_sequences(train_rows=256, batch_size=64))


@case("retnet-adam-256-sequences-overfits-per-epoch", "retnet", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return retnet_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.retnet_tokens(train_rows=256, batch_size=64))


@case("retnet-adam-lr-1-per-epoch", "retnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return retnet_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.retnet_tokens(n=2944, batch_size=64))


@case("cfc-adam-lr-1-per-epoch", "cfc", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return cfc_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.cfc_sequences(n=2944, batch_size=64))


@case("zipreg-adam-cosine-per-epoch", "zipreg", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return zipreg_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.zipreg_rows(n=2944, batch_size=64),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("retnet-adam-cosine-per-epoch", "retnet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.RETNET_CLASSES))
def _() -> Setup:
    return retnet_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.retnet_tokens(n=2944, batch_size=64),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("hgnn-adam-cosine-per-epoch-20-epochs", "hgnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.HGNN_CLASSES))
def _() -> Setup:
    return hgnn_family("adam", 3e-3, steps=7 * 20, log_per_epoch=True, data=fd.hgnn_nodes(batch_size=64),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("cfc-adam-constant-per-epoch", "cfc", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.CFC_CLASSES))
def _() -> Setup:
    return cfc_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.cfc_sequences(n=2944, batch_size=64))
