"""The tenth fresh half (fresh10, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import torch
from torch.nn import functional as F

import fixcheck_data as fd
from fixcheck_cases.fresh import on_plateau
from fixcheck_cases.fresh2 import LN2, without_missing_targets
from fixcheck_cases.fresh6 import setup_more
from fixcheck_cases.tune import HIGH
from fixcheck_core import (
    anything, at_chance, case, dead_from, early_rise, first_dead, first_loss_above, first_nan, flat_late,
    healthy_shape, imputed, lr_down_by, lr_to, nan_within, never_below_start, overfits, still_falling,
)
from harness import (
    LN, Setup, cosine_after, cross_entropy, cyclic, exponential, exponential_to, linear_decay_after, multistep,
    one_cycle, scaled_head, warm_restarts,
)


def pointer_family(optimizer: str, lr: float, steps: int = 600, kind: str = "lstm", **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_name", "cross_entropy over the 8 input positions, each output step (teacher forcing)")
    knobs.setdefault("meta", {"model": f"pointer network, {kind.upper()} encoder and decoder, additive attention",
                              "sequence_length": fd.PTR_LENGTH})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.sort_sequences(), knobs.pop("model", None)
                      or (lambda: fd.PointerNet(kind)), optimizer, lr, steps, **knobs)  # fmt: skip


def ordinal_family(optimizer: str, lr: float, steps: int = 1200, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 120)
    knobs.setdefault("loss_fn", fd.coral_loss)
    knobs.setdefault("loss_name", "CORAL: binary_cross_entropy_with_logits over the 5 'class > k' thresholds (mean)")
    knobs.setdefault("meta", {"ordered_classes": fd.ORD_CLASSES, "thresholds": fd.ORD_CLASSES - 1})
    return setup_more(knobs.pop("data", None) or fd.ordinal_table(), knobs.pop("model", None) or fd.OrdinalMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def gin_family(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the standardised graph target")
    knobs.setdefault("meta", {"model": "GIN-0, 3 layers, sum aggregation, sum pooling", "max_nodes": fd.GIN_NODES})
    return setup_more(knobs.pop("data", None) or fd.molecule_graphs(), knobs.pop("model", None) or fd.GIN, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def ctr_family(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    knobs.setdefault("loss_fn", fd.clicks_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the clicks (mean)")
    knobs.setdefault("meta", {"model": "Deep & Cross network (DCN-v2), 2 cross layers", "hash_buckets": fd.CTR_BUCKETS,
                              "fields": len(fd.CTR_FIELDS), "click_rate": 0.11})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.click_logs(), knobs.pop("model", None) or fd.DeepCross, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def without_corrupt_inputs(data: fd.Data) -> fd.Data:
    """The data without its training rows that have a non-finite (NaN) value in their input."""
    ok = torch.isfinite(data.x).reshape(len(data.x), -1).all(1)
    return replace(data, x=data.x[ok], y=data.y[ok])


PTR_CHANCE = LN(fd.PTR_LENGTH)
ORD_CONST, GIN0 = fd.coral_at_constant(), fd.graph_targets_at_zero()
"""What a model that ignores its input reaches: the CORAL loss of the training rates of "class > k" (~0.54), the mean
square of the standardised graph target (~1.01, where an untrained GIN's mean prediction is). A pointer network at
chance scores every input position alike: ln 8."""
WIDE = {"model": "wide & deep (a linear weight per hashed bucket plus a ReLU MLP)", "hash_buckets": fd.CTR_BUCKETS,
        "fields": len(fd.CTR_FIELDS), "click_rate": 0.11}  # fmt: skip
GIN_EPS = {"model": "GIN-eps (eps learned), 3 layers, sum aggregation, sum pooling", "max_nodes": fd.GIN_NODES}

# pointer: a pointer network (LSTM encoder and decoder, 32 units, additive attention over the encoder states) sorting 8
# random numbers, cross-entropy over the 8 input positions at each of the 8 output steps (teacher forcing); works at Adam
# 0.01-0.03, SGDm 0.1-0.3, SGD 1; the held-out loss falls from ln 8 (2.08) to ~0.17. Its first gradients are tiny (every
# position scores alike): SGD at 0.1 never leaves ln 8


@case("pointer-lstm-adam-lr-0p3-30x-from-step-1", "pointer", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return pointer_family("adam", 0.3)


@case("pointer-lstm-sgd-lr-10-stuck-at-chance", "pointer", "lr-high-chance", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, tol=600, shape=at_chance(PTR_CHANCE, "ln 8"))
def _() -> Setup:
    return pointer_family("sgd", 10.0)


@case("pointer-lstm-adam-lr-1e-4-100x-low", "pointer", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return pointer_family("adam", 1e-4)


@case("pointer-lstm-sgdm-lr-0p03-3x-low-log4", "pointer", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return pointer_family("sgdm", 0.03, log_every=4)


@case("pointer-lstm-sgdm-summed-ce", "pointer", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (reduction='mean')"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, PTR_CHANCE, "ln 8"))
def _() -> Setup:
    return pointer_family("sgdm", 0.1, loss_fn=fd.pointer_ce_summed,
                          loss_name="cross_entropy over the input positions summed over the steps and sequences "
                                    "(reduction='sum')",
                          val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("pointer-lstm-adam-head-x1000", "pointer", "last-layer-init",
      cf=lambda s: replace(s, model=fd.PointerNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, PTR_CHANCE, "ln 8"))
def _() -> Setup:
    return pointer_family("adam", 0.01, model=lambda: scaled_head(fd.PointerNet(), 1000, bias=True))


@case("pointer-rnn-sgd-lr-3-no-clip-explodes", "pointer", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return pointer_family("sgd", 3.0, kind="rnn", model=lambda: fd.PointerNet("rnn", gain=2.0))


@case("pointer-lstm-adam-lr-0p05-no-warmup", "pointer", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=early_rise(1.3))
def _() -> Setup:
    return pointer_family("adam", 0.05)


@case("pointer-lstm-adam-lr-0p03-recreated-each-epoch", "pointer", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=63, tol=5,
      shape=anything)
def _() -> Setup:
    return pointer_family("adam", 0.03, recreate_optimizer_at=frozenset(range(62, 600, 62)))


@case("pointer-lstm-adam-multistep-x0p1-at-5pct", "pointer", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return pointer_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("pointer-gru-adamw-warmup-cosine-peak-0p3", "pointer", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return pointer_family("adamw", 0.3, kind="gru", schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("pointer-lstm-adam-corrupt-numbers-nan", "pointer", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)), cf_what="the corrupt sequences dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(1, 62))
def _() -> Setup:
    return pointer_family("adam", 0.01, data=fd.sort_sequences(nan_rows=0.01))


@case("pointer-lstm128-adam-300-sequences-overfits", "pointer", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return pointer_family("adam", 0.01, eval_every=30, data=fd.sort_sequences(train_rows=300),
                          model=lambda: fd.PointerNet(hidden=128))  # fmt: skip


# ordinal: a ReLU MLP 10-64-64-1 with CORAL's 5 ordered thresholds (6 classes), binary cross-entropy with logits of
# "class > k"; works at Adam 3e-3-0.03, SGDm 0.1-0.3, SGD 1; the held-out loss falls from ~0.75 to ~0.23 (the rates of
# "class > k" predicted for every row: ~0.54)


@case("ordinal-mlp-adam-lr-0p3-dies-to-constant", "ordinal", "lr-high-chance", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=1200,
      shape=at_chance(ORD_CONST, "the CORAL loss of the constant rates"))
def _() -> Setup:
    return ordinal_family("adam", 0.3)


@case("ordinal-mlp-adam-lr-1e-4-100x-low", "ordinal", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=1200, shape=still_falling)
def _() -> Setup:
    return ordinal_family("adam", 1e-4)


@case("ordinal-mlp-sgd-lr-0p01-100x-low-log5", "ordinal", "lr-low-sgd", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-low",), may=("plateau",), tol=1200, shape=still_falling)
def _() -> Setup:
    return ordinal_family("sgd", 0.01, log_every=5)


@case("ordinal-mlp-sgdm-summed-coral", "ordinal", "summed",
      cf=lambda s: replace(s, loss_fn=fd.coral_loss, loss_name="CORAL loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, LN2, "ln 2 (a logit of 0 on each threshold)"))
def _() -> Setup:
    return ordinal_family("sgdm", 0.1, loss_fn=fd.coral_loss_summed,
                          loss_name="CORAL loss summed over the batch and the 5 thresholds (reduction='sum')",
                          val_loss_fn=fd.coral_loss, mean_loss_fn=fd.coral_loss)  # fmt: skip


@case("ordinal-mlp-adam-head-x300", "ordinal", "last-layer-init",
      cf=lambda s: replace(s, model=fd.OrdinalMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LN2, "ln 2 (a logit of 0 on each threshold)"))
def _() -> Setup:
    return ordinal_family("adam", 3e-3, model=lambda: scaled_head(fd.OrdinalMLP(), 300, bias=True))


@case("ordinal-mlp-adam-coral-by-hand-log0", "ordinal", "nan-log0",
      cf=lambda s: replace(s, loss_fn=fd.coral_loss), cf_what="binary_cross_entropy_with_logits (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(5, 1200))
def _() -> Setup:
    return ordinal_family("adam", 0.03, loss_fn=fd.coral_loss_by_hand,
                          loss_name="CORAL loss by hand (log of sigmoid and of 1 - sigmoid)", val_loss_fn=fd.coral_loss,
                          safe_loss_fn=fd.coral_loss)  # fmt: skip


@case("ordinal-mlp-adam-hidden-dead-at-init", "ordinal", "dead-units",
      cf=lambda s: replace(s, model=fd.OrdinalMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return ordinal_family("adam", 3e-3, model=lambda: fd.OrdinalMLP(dead_bias=-6.0), track_zero_grads=True)


@case("ordinal-mlp-adam-exponential-100x-in-120-steps", "ordinal", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 125))
def _() -> Setup:
    return ordinal_family("adam", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 120")


@case("ordinal-mlp-sgdm-exponential-gamma-1p01", "ordinal", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=1200, shape=anything)
def _() -> Setup:
    return ordinal_family("sgdm", 0.1, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("ordinal-mlp-sgd-lr-30-oscillates-log2", "ordinal", "lr-high-oscillation", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, tol=1200, shape=never_below_start)
def _() -> Setup:
    return ordinal_family("sgd", 30.0, log_every=2)


@case("ordinal-mlp-adam-missing-feature-nan", "ordinal", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 93))
def _() -> Setup:
    return ordinal_family("adam", 0.01, data=fd.ordinal_table(nan_rows=0.01))


@case("ordinal-mlp512-sgdm-400-rows-overfits", "ordinal", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return ordinal_family("sgdm", 0.1, eval_every=50, data=fd.ordinal_table(train_rows=400),
                          model=lambda: fd.OrdinalMLP(hidden=512))  # fmt: skip


@case("ordinal-mlp-sgd-lr-3-constant-plateau", "ordinal", "plateau", cf=lambda s: replace(s, decay_step=1200),
      cf_what="lr x0.1 from step 1200", must=("plateau",), may=("lr-too-high",), fault_step=1200, tol=900, shape=flat_late)
def _() -> Setup:
    return ordinal_family("sgd", 3.0, steps=2400, eval_every=240, data=fd.ordinal_table(n=40000))


# gin: a GIN-0 (3 layers of 32, sum aggregation, sum pooling, a ReLU readout) regressing a weighted count of the bonds,
# rings and paths of molecule-like graphs of 6-14 atoms (standardised, noise 0.1), MSE; works at Adam 3e-3-0.01, SGDm
# 1e-3, SGD 0.01; the held-out loss falls from ~1.7 to ~0.12 (the mean prediction: ~1.01). Sum aggregation makes it
# fragile: Adam 0.03 or SGD 0.1 leave it at the mean, SGD 1 overflows


@case("gin-adam-lr-0p1-30x-from-step-1", "gin", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=anything)
def _() -> Setup:
    return gin_family("adam", 0.1)


@case("gin-sgd-lr-0p1-dies-to-mean", "gin", "lr-high-chance", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=500, shape=at_chance(GIN0, "the loss of the mean prediction"))
def _() -> Setup:
    return gin_family("sgd", 0.1)


@case("gin-sgd-lr-1-sum-overflows-nan", "gin", "lr-high-nan", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=500, shape=nan_within(1, 500))
def _() -> Setup:
    return gin_family("sgd", 1.0)


@case("gin-adam-lr-3e-5-100x-low", "gin", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return gin_family("adam", 3e-5)


@case("gin-sgd-summed-mse", "gin", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (reduction='mean')"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, GIN0, "the mean square of the target"))
def _() -> Setup:
    return gin_family("sgd", 0.01, loss_fn=fd.graph_mse_summed,
                      loss_name="squared error summed over the graphs of the batch (reduction='sum')",
                      val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("gin-adam-head-x300", "gin", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GIN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GIN0, "the mean square of the target"))
def _() -> Setup:
    return gin_family("adam", 3e-3, model=lambda: scaled_head(fd.GIN(), 300, bias=True))


@case("gin-adam-readout-dead-at-init", "gin", "dead-units",
      cf=lambda s: replace(s, model=fd.GIN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return gin_family("adam", 3e-3, model=lambda: fd.GIN(dead_bias=-20.0), track_zero_grads=True)


@case("gin-sgdm-lr-0p05-dead-relus", "gin", "dead-units-lr", cf=lr_to(1e-3), cf_what="lr 1e-3",
      must=("dead-units",), may=("lr-too-high", "plateau", "exploding-gradients"), fault_step=first_dead, tol=100,
      shape=dead_from)
def _() -> Setup:
    return gin_family("sgdm", 0.05, track_zero_grads=True)


@case("gin-adam-lr-0p03-no-warmup", "gin", "missing-warmup", cf=lambda s: replace(s, warmup_steps=50),
      cf_what="a 50-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=50, shape=early_rise(1.3))
def _() -> Setup:
    return gin_family("adam", 0.03)


@case("gin-adam-multistep-x0p1-at-3pct", "gin", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=16, tol=100, shape=lr_down_by(0.11, 20))
def _() -> Setup:
    return gin_family("adam", 3e-3, schedule=multistep(0.03, gamma=0.1), schedule_name="MultiStepLR at 3%")


@case("gin-rmsprop-lr-3e-3-recreated-each-epoch", "gin", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return gin_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(93, 500, 93)))


@case("gin-adam-missing-targets-nan", "gin", "nan-early",
      cf=lambda s: replace(s, data=without_missing_targets(s.data)), cf_what="the graphs without a target dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(1, 93))
def _() -> Setup:
    return gin_family("adam", 3e-3, data=fd.molecule_graphs(nan_rows=0.01))


# ctr: a Deep & Cross network (DCN-v2: 8-dimensional embeddings of 2048 hashed buckets, 2 cross layers beside a ReLU MLP
# of 64) predicting the clicks (11%) of a synthetic click log of 60,000 rows, BCE with logits; works at Adam 3e-3-0.01,
# SGDm 0.3, SGD 3; the held-out loss falls from ln 2 to ~0.31 (the clicks' entropy: ~0.40, the true click
# probabilities' loss: ~0.24)


@case("ctr-dcn-adam-lr-0p3-30x-from-step-1", "ctr", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=800, shape=anything)
def _() -> Setup:
    return ctr_family("adam", 0.3)


@case("ctr-dcn-adam-lr-3e-5-300x-low", "ctr", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return ctr_family("adam", 3e-5)


@case("ctr-wide-sgd-lr-1e-3-3000x-low-log5", "ctr", "lr-low-sgd", cf=lr_to(3.0), cf_what="lr 3",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return ctr_family("sgd", 1e-3, log_every=5, model=lambda: fd.DeepCross("wide"), meta=WIDE)


@case("ctr-dcn-sgdm-summed-bce", "ctr", "summed",
      cf=lambda s: replace(s, loss_fn=fd.clicks_bce, loss_name="binary_cross_entropy_with_logits (mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, LN2, "ln 2"))
def _() -> Setup:
    return ctr_family("sgdm", 0.3, loss_fn=fd.clicks_bce_summed,
                      loss_name="binary_cross_entropy_with_logits summed over the batch (reduction='sum')",
                      val_loss_fn=fd.clicks_bce, mean_loss_fn=fd.clicks_bce)  # fmt: skip


@case("ctr-dcn-adam-head-x1000", "ctr", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DeepCross), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LN2, "ln 2"))
def _() -> Setup:
    return ctr_family("adam", 0.01, model=lambda: scaled_head(fd.DeepCross(), 1000, bias=True))


@case("ctr-dcn-adam-missing-price-nan", "ctr", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 100))
def _() -> Setup:
    return ctr_family("adam", 0.01, data=fd.click_logs(nan_rows=0.01))


@case("ctr-dcn-rmsprop-resumed-without-state", "ctr", "optimizer-reset-resume",
      cf=lambda s: replace(s, keep_optimizer_state=True), cf_what="the optimizer state restored at the resume",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=401, tol=5,
      shape=anything)
def _() -> Setup:
    return ctr_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset({400}))


@case("ctr-dcn-adam-multistep-x0p1-at-5pct", "ctr", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=41, tol=100, shape=lr_down_by(0.11, 45))
def _() -> Setup:
    return ctr_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("ctr-dcn-adamw-exponential-100x-in-80-steps", "ctr", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 85))
def _() -> Setup:
    return ctr_family("adamw", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 80")


@case("ctr-dcn-adam-cyclic-peak-0p3", "ctr", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return ctr_family("adam", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("ctr-dcn-sgdm-exponential-gamma-1p03-nan", "ctr", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 800))
def _() -> Setup:
    return ctr_family("sgdm", 0.3, schedule=exponential(1.03), schedule_name="ExponentialLR(gamma=1.03) per batch")


@case("ctr-dcn-adamw-warmup-cosine-peak-0p3", "ctr", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return ctr_family("adamw", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("ctr-dcn32-adam-3000-rows-overfits", "ctr", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return ctr_family("adam", 0.01, eval_every=40, data=fd.click_logs(train_rows=3000), model=lambda: fd.DeepCross(dim=32))


# fresh10 half: healthy look-alikes


@case("pointer-lstm-adamw-warmup-cosine", "pointer", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.PTR_LENGTH))
def _() -> Setup:
    return pointer_family("adamw", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("pointer-gru-adam-sgdr-log4", "pointer", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fd.PTR_LENGTH))
def _() -> Setup:
    return pointer_family("adam", 0.01, kind="gru", log_every=4, schedule=warm_restarts(0.25),
                          schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("pointer-lstm-sgdm-step-decay-log10", "pointer", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.PTR_LENGTH))
def _() -> Setup:
    return pointer_family("sgdm", 0.3, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("pointer-lstm-sgdm-onecycle-log5", "pointer", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.PTR_LENGTH))
def _() -> Setup:
    return pointer_family("sgdm", 0.3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("pointer-gru-adam-constant-long-avg50", "pointer", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fd.PTR_LENGTH))
def _() -> Setup:
    return pointer_family("adam", 0.01, kind="gru", steps=1500, log_every=50, average=True, eval_every=150)


@case("ordinal-mlp-adamw-warmup-cosine", "ordinal", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return ordinal_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("ordinal-mlp-sgdm-onecycle-log5", "ordinal", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return ordinal_family("sgdm", 0.3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ordinal-mlp-adam-reduce-on-plateau-log4", "ordinal", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return ordinal_family("adam", 0.01, log_every=4, schedule=on_plateau(0.3, 1),
                          schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("ordinal-mlp-adam-finetune-lr-1e-4", "ordinal", "healthy", like=("lr-too-low", "plateau"),
      shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return ordinal_family("adam", 1e-4, steps=300, eval_every=30, model=fd.pretrained_ordinal,
                          meta={"ordered_classes": fd.ORD_CLASSES, "pretrained": True})  # fmt: skip


@case("ordinal-mlp-rmsprop-cyclic-log2", "ordinal", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape())
def _() -> Setup:
    return ordinal_family("rmsprop", 0.01, log_every=2, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular")


@case("ordinal-mlp-sgd-constant-log20", "ordinal", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return ordinal_family("sgd", 1.0, log_every=20)


@case("gin-adamw-warmup-cosine", "gin", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return gin_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("gin-adam-sgdr-log4", "gin", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return gin_family("adam", 3e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("gin-rmsprop-reduce-on-plateau-log4", "gin", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return gin_family("rmsprop", 1e-3, log_every=4, schedule=on_plateau(0.3, 1),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("gin-sgdm-step-decay-log10", "gin", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return gin_family("sgdm", 3e-3, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("gin-eps-adamw-linear-decay-long-avg20", "gin", "healthy", like=("plateau", "lr-too-low", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return gin_family("adamw", 0.01, steps=1500, log_every=20, average=True, eval_every=150, model=lambda: fd.GIN(learn_eps=True),
                      meta=GIN_EPS, schedule=linear_decay_after(0.05), schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("ctr-dcn-adamw-warmup-cosine", "ctr", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return ctr_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("ctr-dcn-sgd-step-decay-log10", "ctr", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return ctr_family("sgd", 3.0, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("ctr-dcn-rmsprop-resumed-with-state", "ctr", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return ctr_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset({300, 600}), keep_optimizer_state=True)


@case("ctr-dcn-sgdm-onecycle-log5", "ctr", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return ctr_family("sgdm", 0.3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ctr-wide-adam-constant-long-avg50", "ctr", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return ctr_family("adam", 3e-3, steps=2000, log_every=50, average=True, eval_every=200,
                      model=lambda: fd.DeepCross("wide"), meta=WIDE)  # fmt: skip


# fresh10 half, logged once per epoch


@case("ctr-dcn32-adam-4000-rows-overfits-per-epoch", "ctr", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return ctr_family("adam", 0.01, steps=31 * 12, data=fd.click_logs(train_rows=4000), model=lambda: fd.DeepCross(dim=32),
                      log_per_epoch=True)  # fmt: skip


@case("gin-adam-lr-0p3-per-epoch", "gin", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return gin_family("adam", 0.3, steps=93 * 6, log_per_epoch=True)


@case("pointer-lstm-adam-per-epoch", "pointer", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return pointer_family("adam", 0.01, steps=62 * 10, log_per_epoch=True)


@case("ctr-wide-adam-per-epoch", "ctr", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return ctr_family("adam", 3e-3, steps=469 * 3, log_per_epoch=True, model=lambda: fd.DeepCross("wide"), meta=WIDE)


@case("ordinal-mlp-adam-step-decay-per-epoch", "ordinal", "healthy", like=("overfitting", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return ordinal_family("adam", 0.01, steps=93 * 10, log_per_epoch=True, schedule=multistep(0.6, gamma=0.1),
                          per_epoch=True, schedule_name="MultiStepLR at 60%, per epoch")  # fmt: skip
