"""The seventy-first fresh half (fresh69, held out from all tuning):
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


def saint_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes")
    knobs.setdefault("meta", {"model": "SAINT-like: per-feature embeddings (6 numeric by their own linear maps, 3 categorical by their own tables, width 16) and a [CLS] token; a pre-LN block of self-attention across the features (2 heads) and a GELU MLP 16-32-16, then one of intersample attention across the rows of the batch (each row's 10 tokens flattened to 160, width 32) and a GELU MLP; a ReLU layer 16-32 on the [CLS] token and a head",
                              "numeric_features": fd.SAINT_NUM, "categorical_levels": list(fd.SAINT_CATS), "classes": fd.SAINT_CLASSES,
                              "intersample_block": fd.SAINT_CHUNK,
                              "held_out": "cross-entropy on new rows, scored in blocks of 64 rows like the training batches"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.saint_rows(), knobs.pop("model", None) or fd.SAINT,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def mmoe_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.mmoe_loss)
    knobs.setdefault("loss_name", "multitask loss: BCE with logits of the click + MSE of the value (mean over the rows)")
    knobs.setdefault("meta", {"model": "MMoE: 4 shared expert MLPs 10-32-16 (ReLU), a softmax gate per task (10 -> 4), a tower per task 16-16-1",
                              "features": fd.MMOE_FEATURES, "experts": fd.MMOE_EXPERTS, "tasks": ["click (BCE)", "value (MSE)"],
                              "held_out": "the summed BCE + MSE on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.mmoe_rows(), knobs.pop("model", None) or fd.MMoE,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def caser_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "next-item cross_entropy over the 200 items")
    knobs.setdefault("meta", {"model": "Caser-like: the last 5 items' embeddings (16) as a 5 x 16 image, horizontal convolutions (8 filters of each height 1-5, max-pooled) and a vertical one (4 filters), with the user's embedding through a ReLU layer (-> 32) and a head scoring the items",
                              "items": fd.CASER_ITEMS, "users": fd.CASER_USERS, "window": fd.CASER_L,
                              "held_out": "next-item cross-entropy on the users' later sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.caser_sequences(), knobs.pop("model", None) or fd.Caser,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def genpareto_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.gpd_nll)
    knobs.setdefault("loss_name", "generalized Pareto negative log-likelihood of the exceedances (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to the scale (softplus) and the shape (0.5 sigmoid)",
                              "features": fd.GPD_FEATURES,
                              "held_out": "generalized Pareto negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gpd_rows(), knobs.pop("model", None) or fd.ParetoMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


SAINT0, MMOE0, CASER0, GPD0 = LN(fd.SAINT_CLASSES), fd.mmoe_at_zero(), LN(fd.CASER_ITEMS), fd.gpd_at_zero()
"""Where the families start: the SAINT-like classifier at ln 4, the Caser-like recommender at ln 200, MMoE near its loss
of outputs of 0 (~2.2: ln 2 plus the value's mean square), the generalized Pareto regressor near its NLL of raw outputs
of 0 (~1.44)."""


# saint: a SAINT-like tabular classifier (per-feature embeddings of 6 numeric and 3 categorical features and a [CLS]
# token, self-attention across the features of a row, intersample attention across the rows of a block of 64, the
# held-out rows scored in such blocks), cross-entropy over 4 (1.42-1.43 at step 1, ln 4 = 1.39, ending near 0.80-0.86
# held out, the Bayes rate 0.52); works at Adam 1e-3-3e-3 (best 3e-3), NAdam 1e-3-3e-3, RAdam 3e-3, RMSprop 1e-3,
# Adagrad 0.03, SGDm 0.03-0.1; slow at Adam 3e-4, near chance at Adam 3e-5 and below; stuck near 1.1 at Adam 0.01-0.03
# (a 60-step warmup does not help) and at chance from Adam 0.1 and SGDm 0.3 on


@case("saint-adam-lr-1", "saint", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return saint_family("adam", 1.0)


@case("saint-rmsprop-lr-0p3-300x-log2", "saint", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return saint_family("rmsprop", 0.3, log_every=2)


@case("saint-adamw-warmup-cosine-peak-1", "saint", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return saint_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("saint-adam-lr-3e-5-100x-low", "saint", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return saint_family("adam", 3e-5)


@case("saint-sgdm-summed-ce", "saint", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SAINT0, "ln 4"))
def _() -> Setup:
    return saint_family("sgdm", 0.03, loss_fn=fd.saint_ce_summed, loss_name="cross_entropy summed over the batch's rows (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("saint-adam-head-x1000", "saint", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SAINT), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SAINT0, "ln 4"))
def _() -> Setup:
    return saint_family("adam", 3e-3, model=lambda: scaled_head(fd.SAINT(), 1000))


@case("saint-adam-exponential-1000x-in-40-steps", "saint", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return saint_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("saint-adam-fc-dead-at-init", "saint", "dead-units",
      cf=lambda s: replace(s, model=fd.SAINT), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return saint_family("adam", 3e-3, model=lambda: fd.SAINT(dead_bias=-30.0), track_zero_grads=True)


@case("saint-adam-missing-value-nan", "saint", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return saint_family("adam", 3e-3, data=fd.saint_rows(nan_rows=0.003))


# mmoe: a Multi-gate Mixture-of-Experts multitask model (4 shared expert MLPs 10-32-16, a softmax gate and a tower per
# task), a click's BCE with logits plus a value's MSE (1.8-2.4 at step 1, 2.20 at outputs of 0, ending near 0.55 held
# out); works at Adam 3e-3-0.03 (best 0.01), NAdam 3e-3, RMSprop 1e-3-0.01, Adagrad 0.03-0.1, SGDm 0.03-0.1, Nesterov
# 0.03-0.05; slow at Adam 1e-3, SGDm 0.01 and below; stuck near 2.1 at Adam 0.2-0.3 (a warmup does not rescue it);
# spikes and NaN at SGDm 0.3 (clipped at 1 it trains: 0.70), diverges at SGD 1; Adagrad 0.5 stalls near 1.5 unless
# warmed up (0.68 after a 60-step warmup)


@case("mmoe-adam-lr-1-log2", "mmoe", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return mmoe_family("adam", 1.0, log_every=2)


@case("mmoe-adagrad-lr-3-30x", "mmoe", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return mmoe_family("adagrad", 3.0)


@case("mmoe-adam-cyclic-peak-1", "mmoe", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mmoe_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("mmoe-adam-lr-1e-4-100x-low", "mmoe", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return mmoe_family("adam", 1e-4)


@case("mmoe-nadam-lr-3e-5-100x-low-log2", "mmoe", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return mmoe_family("nadam", 3e-5, log_every=2)


@case("mmoe-sgdm-lr-3e-4-100x-low-log2", "mmoe", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return mmoe_family("sgdm", 3e-4, log_every=2)


@case("mmoe-sgdm-summed-loss", "mmoe", "summed",
      cf=lambda s: replace(s, loss_fn=fd.mmoe_loss, loss_name="BCE + MSE (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, MMOE0, "the loss of outputs of 0"))
def _() -> Setup:
    return mmoe_family("sgdm", 0.03, loss_fn=fd.mmoe_loss_summed, loss_name="BCE + MSE summed over the batch's rows (reduction='sum')",
                       val_loss_fn=fd.mmoe_loss, mean_loss_fn=fd.mmoe_loss)  # fmt: skip


@case("mmoe-adam-multistep-x0p1-at-5pct", "mmoe", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return mmoe_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("mmoe-adam-exponential-1000x-in-40-steps", "mmoe", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return mmoe_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("mmoe-adam-missing-feature-nan", "mmoe", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return mmoe_family("adam", 0.01, data=fd.mmoe_rows(nan_rows=0.003))


@case("mmoe-adagrad-lr-0p5-no-warmup", "mmoe", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60, shape=anything)
def _() -> Setup:
    return mmoe_family("adagrad", 0.5)


@case("mmoe-sgdm-lr-0p3-no-clip", "mmoe", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return mmoe_family("sgdm", 0.3)


# caser: a Caser-like sequential recommender (the last 5 items' embeddings as a 5 x 16 image, horizontal and vertical
# convolutions, a user embedding, a ReLU layer and a head over the items), next-item cross-entropy over 200 items from
# 300 synthetic users with 2 favourite genres and sequential patterns (5.28-5.31 at step 1, ln 200 = 5.30, on a plateau
# near ln 200 for the first ~100 steps, ending near 3.5-3.7 held out); works at Adam 3e-3-0.01 (best 3e-3-5e-3), RMSprop
# 3e-3, SGDm 0.1, SGD 1; slow at Adam 1e-3 (4.3), hardly off the plateau at Adam 3e-4 and below; unstable at Adam 0.03
# (4.2-5.2, 3.8-4.0 after a 60-step warmup); at chance from Adam 0.05 and SGDm 1 on; NaN at SGD 3 (clipped at 1: 4.0)


@case("caser-adam-lr-1", "caser", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return caser_family("adam", 1.0)


@case("caser-sgdm-lr-10-100x-log2", "caser", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return caser_family("sgdm", 10.0, log_every=2)


@case("caser-adamw-warmup-cosine-peak-1", "caser", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return caser_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("caser-adam-exponential-gamma-1p02", "caser", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return caser_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("caser-adam-lr-3e-4-10x-low-log3", "caser", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return caser_family("adam", 3e-4, log_every=3)


@case("caser-sgdm-summed-ce", "caser", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, CASER0, "ln 200"))
def _() -> Setup:
    return caser_family("sgdm", 0.1, loss_fn=fd.caser_ce_summed, loss_name="cross_entropy summed over the batch's windows (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("caser-adam-head-x1000", "caser", "last-layer-init",
      cf=lambda s: replace(s, model=fd.Caser), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CASER0, "ln 200"))
def _() -> Setup:
    return caser_family("adam", 3e-3, model=lambda: scaled_head(fd.Caser(), 1000))


@case("caser-adam-multistep-x0p1-at-5pct", "caser", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return caser_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("caser-adam-fc-dead-at-init", "caser", "dead-units",
      cf=lambda s: replace(s, model=fd.Caser), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return caser_family("adam", 3e-3, model=lambda: fd.Caser(dead_bias=-30.0), track_zero_grads=True)


@case("caser-sgd-lr-3-no-clip", "caser", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return caser_family("sgd", 3.0)


@case("caser-adam-lr-0p03-no-warmup", "caser", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60, shape=anything)
def _() -> Setup:
    return caser_family("adam", 0.03)


@case("caser-adam-lr-3e-3-recreated-every-2-steps", "caser", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return caser_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("caser-adam-512-windows-overfits", "caser", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return caser_family("adam", 3e-3, steps=600, eval_every=30, data=fd.caser_sequences(train_rows=512))


# genpareto: a ReLU MLP regressor of heavy-tailed exceedances (a scale and a shape depending on the features), the
# generalized Pareto negative log-likelihood of a softplus scale and a shape 0.5 sigmoid (4.6-6.8 at step 1, 4.95 at raw
# outputs of 0, ending near 2.8 held out; constant parameters fit at best 3.24, the true ones 2.63); works at Adam
# 3e-3-0.03 (best 0.01), NAdam 3e-3-0.01, RMSprop 3e-3-0.01, Adagrad 0.03-0.3, SGDm 0.03-0.3; slow at Adam 1e-4 (3.36);
# collapses to a constant fit (3.28) at SGDm 1, Adam 0.3 and Adagrad 1 (2.85 after a 60-step warmup); stuck at 14.9
# from Adam 1 on


@case("genpareto-adam-lr-1-log2", "genpareto", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return genpareto_family("adam", 1.0, log_every=2)


@case("genpareto-sgdm-lr-1-100x", "genpareto", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return genpareto_family("sgdm", 1.0)


@case("genpareto-adamw-warmup-cosine-peak-1", "genpareto", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return genpareto_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("genpareto-rmsprop-exponential-gamma-1p02", "genpareto", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return genpareto_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("genpareto-adam-lr-1e-4-100x-low", "genpareto", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return genpareto_family("adam", 1e-4)


@case("genpareto-sgdm-summed-nll-log2", "genpareto", "summed",
      cf=lambda s: replace(s, loss_fn=fd.gpd_nll, loss_name="generalized Pareto negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GPD0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return genpareto_family("sgdm", 0.03, log_every=2, loss_fn=fd.gpd_nll_summed, loss_name="generalized Pareto negative log-likelihood summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.gpd_nll, mean_loss_fn=fd.gpd_nll)  # fmt: skip


@case("genpareto-adam-head-x1000", "genpareto", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ParetoMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GPD0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return genpareto_family("adam", 0.01, model=lambda: scaled_head(fd.ParetoMLP(), 1000))


@case("genpareto-adam-missing-feature-nan", "genpareto", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return genpareto_family("adam", 0.01, data=fd.gpd_rows(nan_rows=0.003))


@case("genpareto-adam-fc-dead-at-init", "genpareto", "dead-units",
      cf=lambda s: replace(s, model=fd.ParetoMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return genpareto_family("adam", 0.01, model=lambda: fd.ParetoMLP(dead_bias=-30.0), track_zero_grads=True)


# fresh69 half: healthy look-alikes


@case("saint-adam-cosine-log2", "saint", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.SAINT_CLASSES, fall=0.7))
def _() -> Setup:
    return saint_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("saint-nadam-warmup-cosine", "saint", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fd.SAINT_CLASSES, fall=0.7))
def _() -> Setup:
    return saint_family("nadam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("saint-sgdm-one-cycle", "saint", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.SAINT_CLASSES, fall=0.7))
def _() -> Setup:
    return saint_family("sgdm", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("saint-radam-step-decay-log3", "saint", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.SAINT_CLASSES, fall=0.7))
def _() -> Setup:
    return saint_family("radam", 3e-3, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("saint-rmsprop-cosine-eval50", "saint", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.SAINT_CLASSES, fall=0.7))
def _() -> Setup:
    return saint_family("rmsprop", 1e-3, steps=500, eval_every=50, schedule=cosine_after(0.0), schedule_name="cosine")


@case("mmoe-adam-cosine-eval25", "mmoe", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return mmoe_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("mmoe-adagrad-constant-eval50", "mmoe", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return mmoe_family("adagrad", 0.1, steps=500, eval_every=50)


@case("mmoe-nesterov-lr-0p05-cosine", "mmoe", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return mmoe_family("nesterov", 0.05, schedule=cosine_after(0.0), schedule_name="cosine")


@case("mmoe-adam-on-plateau-log5", "mmoe", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return mmoe_family("adam", 0.01, log_every=5, schedule=on_plateau(), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("caser-adam-cosine-log2", "caser", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.CASER_ITEMS, fall=0.7))
def _() -> Setup:
    return caser_family("adam", 5e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("caser-sgd-lr-1-constant-eval50", "caser", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.CASER_ITEMS, fall=0.7))
def _() -> Setup:
    return caser_family("sgd", 1.0, steps=500, eval_every=50)


@case("caser-adamw-sgdr-log4", "caser", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.CASER_ITEMS, fall=0.7))
def _() -> Setup:
    return caser_family("adamw", 5e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("caser-adam-resumed-with-state", "caser", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.CASER_ITEMS, fall=0.7))
def _() -> Setup:
    return caser_family("adam", 3e-3, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)


@case("genpareto-adagrad-cosine-eval25", "genpareto", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return genpareto_family("adagrad", 0.1, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("genpareto-nadam-warmup-cosine", "genpareto", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return genpareto_family("nadam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("genpareto-adamw-warmup-linear-avg10", "genpareto", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return genpareto_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                            schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("genpareto-rmsprop-step-decay-log3", "genpareto", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return genpareto_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


# fresh69 half, logged once per epoch


@case("genpareto-adam-256-rows-overfits-per-epoch", "genpareto", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return genpareto_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.gpd_rows(train_rows=256, batch_size=64))


@case("mmoe-adam-lr-1-per-epoch", "mmoe", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return mmoe_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.mmoe_rows(n=3200, batch_size=64))


@case("genpareto-adam-cosine-per-epoch", "genpareto", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return genpareto_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.gpd_rows(n=3200, batch_size=64),
                            schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("mmoe-sgdm-cosine-per-epoch", "mmoe", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return mmoe_family("sgdm", 0.05, steps=50 * 8, log_per_epoch=True, data=fd.mmoe_rows(n=3200, batch_size=64),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
