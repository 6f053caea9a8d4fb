"""The seventy-seventh fresh half (fresh75, held out from all tuning):
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


def funnel_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes of the planted phrase")
    knobs.setdefault("meta", {"model": "Funnel-Transformer-like: token (32) and learned position embeddings, 3 blocks of one post-LN encoder layer (4 heads, feed-forward 64) at lengths 32, 16 and 8, the queries of blocks 2 and 3 the stride-2 mean-pooled states attending to the full-length ones, mean-pooled into a ReLU layer 32-32 and a head",
                              "vocab_size": fd.FUNNEL_VOCAB, "seq_len": fd.FUNNEL_LENGTH, "classes": fd.FUNNEL_CLASSES,
                              "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.funnel_sequences(), knobs.pop("model", None) or fd.Funnel,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def armagnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes of the training nodes (full batch)")
    knobs.setdefault("meta", {"model": "ARMA GNN: 2 ARMA convolutions 16-32-32, each K = 2 parallel stacks of T = 2 recursive propagations X_(t+1) = ReLU(L_hat X_t W + dropout(X_0) V) (W shared after the first step, dropout 0.4), the stacks averaged, a ReLU layer 32-32 and a head",
                              "nodes": fd.ARMA_NODES, "features": fd.ARMA_FEATURES, "classes": fd.ARMA_BLOCKS,
                              "stacks": fd.ARMA_STACKS, "layers_per_stack": fd.ARMA_LAYERS, "full_batch": True,
                              "held_out": "cross-entropy on the held-out nodes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.armagnn_nodes(), knobs.pop("model", None) or fd.ARMAGNN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def circleloss_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.circleloss_loss)
    knobs.setdefault("loss_name", "Circle Loss (m = 0.25, gamma = 32) of the cosine similarities of a P x K batch (16 classes x 4 samples), mean over the anchors")  # fmt: skip
    knobs.setdefault("meta", {"model": "MLP embedding 32-64-64, a ReLU layer 64-64 and a head to 16, L2-normalised",
                              "classes": fd.CIRCLE_CLASSES, "samples_per_class": fd.CIRCLE_K, "classes_per_batch": fd.CIRCLE_P,
                              "margin": fd.CIRCLE_M, "scale": fd.CIRCLE_GAMMA,
                              "held_out": "Circle Loss on P x K blocks of new samples of the same classes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.circleloss_rows(), knobs.pop("model", None) or fd.CircleNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def dirmult_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.dirmult_nll)
    knobs.setdefault("loss_name", "Dirichlet-multinomial negative log-likelihood of the counts (mean over the rows)")
    knobs.setdefault("meta", {"model": "ReLU MLP 8-64-64, a ReLU layer 64-32, a head to the 6 concentrations (softplus + 0.01)",
                              "features": fd.DIRMULT_FEATURES, "categories": fd.DIRMULT_CATEGORIES, "totals": "10-60",
                              "held_out": "the Dirichlet-multinomial negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dirmult_rows(), knobs.pop("model", None) or fd.DirMultMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


FUNNEL0, ARMAGNN0 = LN(fd.FUNNEL_CLASSES), LN(fd.ARMA_BLOCKS)
CIRCLE0, DIRMULT0 = fd.circleloss_at_init(), fd.dirmult_at_zero()
"""Where the families start: the Funnel-like classifier at ln 4, the ARMA GNN at ln 4, the Circle Loss embedding near
its loss at the default init (~29.6), the Dirichlet-multinomial regressor at its NLL of raw outputs of 0 (~12.3)."""


# funnel: a Funnel-Transformer-like classifier (token and learned position embeddings, 3 blocks of a post-LN encoder
# layer at lengths 32, 16 and 8, the stride-2 mean-pooled states the queries of the next block over the full-length keys
# and values, mean-pooled into a ReLU layer and a head) naming the class of token sequences of 32 from a planted marker
# bigram among lone distractor markers, 8% random labels held out too, cross-entropy over 4 (1.40-1.43 at step 1, ln 4 =
# 1.39, ending near 0.32-0.37 held out, a floor near 0.3); works at Adam 1e-3-5e-3 (best 3e-3), AdamW 3e-3 with a
# warmup, NAdam 2e-3, RMSprop 1e-3, SGDm 0.03; slow at Adagrad 0.03 (0.50); hardly moving at Adam 3e-5 (1.35) and below;
# Adam 0.01 unwarmed 0.42 at one seed and at chance at the other (0.34 after a 60-step warmup), at chance from Adam 0.03
# on (a 60-step warmup does not help there), 0.98 at SGDm 0.1, at chance at SGDm 0.3; 128 training sequences overfit
# from epoch 12-15


@case("funnel-adam-lr-1-log2", "funnel", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return funnel_family("adam", 1.0, log_every=2)


@case("funnel-rmsprop-lr-0p3-300x", "funnel", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return funnel_family("rmsprop", 0.3)


@case("funnel-adamw-warmup-cosine-peak-1", "funnel", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return funnel_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("funnel-adam-lr-3e-5-100x-low", "funnel", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return funnel_family("adam", 3e-5)


@case("funnel-sgdm-summed-ce", "funnel", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, FUNNEL0, "ln 4"))
def _() -> Setup:
    return funnel_family("sgdm", 0.03, loss_fn=fd.funnel_ce_summed, loss_name="cross_entropy summed over the batch's sequences (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("funnel-adam-head-x1000", "funnel", "last-layer-init",
      cf=lambda s: replace(s, model=fd.Funnel), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, FUNNEL0, "ln 4"))
def _() -> Setup:
    return funnel_family("adam", 3e-3, model=lambda: scaled_head(fd.Funnel(), 1000))


@case("funnel-adam-multistep-x0p1-at-5pct", "funnel", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return funnel_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("funnel-adam-missing-token-nan", "funnel", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sequences with a missing (NaN) token dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return funnel_family("adam", 3e-3, data=fd.funnel_sequences(nan_rows=0.003))


@case("funnel-adam-lr-0p01-no-warmup", "funnel", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60,
      shape=anything)
def _() -> Setup:
    return funnel_family("adam", 0.01)


# armagnn: an ARMA GNN (2 ARMA convolutions, each K = 2 parallel stacks of T = 2 recursive propagations X_(t+1) =
# ReLU(L_hat X_t W + dropout(X_0) V), W shared after the first step, the stacks averaged, a ReLU layer and a head)
# naming the class of the nodes of a stochastic block model graph of 400 nodes, full batch over the 240 training nodes,
# cross-entropy over 4 (1.41 at step 1, ln 4 = 1.39, ending near 0.31-0.37 held out); works at Adam 1e-3-0.03 (best
# 3e-3: 0.31-0.32 with cosine), SGDm 0.1-0.3, Nesterov 0.1, Adagrad 0.1, RMSprop 3e-3, SGD 1 (0.45); hardly moving at
# Adam 1e-4 (1.19) and below; 0.59 at Adam 0.1 (1.08 after a 60-step warmup), wild at Adam 0.3 (5.4) and Adam 1 (losses
# near 1000, then chance); SGDm 1-3 and SGD 3 at chance (SGD 3 clipped at 1: 0.62-0.96); Adam 0.01 recreated every 2
# steps 0.80; at a constant lr it overfits a little late in the run (Adagrad 0.1: 0.33 at step 320, 0.38 at the end),
# and 60 training nodes without dropout overfit from step 30


@case("armagnn-adam-lr-1", "armagnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return armagnn_family("adam", 1.0)


@case("armagnn-sgdm-lr-3-30x-log2", "armagnn", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return armagnn_family("sgdm", 3.0, log_every=2)


@case("armagnn-adamw-warmup-cosine-peak-1", "armagnn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return armagnn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("armagnn-adam-exponential-gamma-1p02", "armagnn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return armagnn_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("armagnn-adam-lr-3e-5-100x-low-log3", "armagnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return armagnn_family("adam", 3e-5, log_every=3)


@case("armagnn-sgdm-lr-1e-3-100x-low-log2", "armagnn", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return armagnn_family("sgdm", 1e-3, log_every=2)


@case("armagnn-sgd-summed-ce", "armagnn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ARMAGNN0, "ln 4"))
def _() -> Setup:
    return armagnn_family("sgd", 0.3, loss_fn=fd.armagnn_ce_summed, loss_name="cross_entropy summed over the training nodes (reduction='sum')",
                          val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("armagnn-nesterov-summed-ce-log2", "armagnn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ARMAGNN0, "ln 4"))
def _() -> Setup:
    return armagnn_family("nesterov", 0.1, log_every=2, loss_fn=fd.armagnn_ce_summed, loss_name="cross_entropy summed over the training nodes (reduction='sum')",
                          val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("armagnn-adam-head-x1000", "armagnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ARMAGNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, ARMAGNN0, "ln 4"))
def _() -> Setup:
    return armagnn_family("adam", 3e-3, model=lambda: scaled_head(fd.ARMAGNN(), 1000))


@case("armagnn-adam-exponential-1000x-in-40-steps", "armagnn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return armagnn_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                          schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("armagnn-adam-fc-dead-at-init", "armagnn", "dead-units",
      cf=lambda s: replace(s, model=fd.ARMAGNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return armagnn_family("adam", 3e-3, model=lambda: fd.ARMAGNN(dead_bias=-30.0), track_zero_grads=True)


@case("armagnn-sgd-lr-3-no-clip", "armagnn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return armagnn_family("sgd", 3.0)


@case("armagnn-adam-60-nodes-no-dropout-overfits", "armagnn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return armagnn_family("adam", 0.01, steps=600, eval_every=30, data=fd.armagnn_nodes(n=60),
                          model=lambda: fd.ARMAGNN(dropout=0.0))


# circleloss: metric learning of an MLP embedding (32-64-64, a ReLU layer, a head to 16, L2-normalised) of samples of 32
# classes (12 informative features through a fixed nonlinear map, 20 nuisance ones), Circle Loss (m = 0.25, gamma = 32)
# over P x K batches of 16 classes x 4 samples, mean over the anchors (~30 at step 1, ~30.0 at init, still falling at
# 400 steps, ending near 6.2-7.5 held out); works at Adam 3e-3-0.01 (best 0.01: 6.5 with cosine), RAdam 0.03 with a
# warmup (5.7), Adagrad 0.03 (7.5), RMSprop 3e-3 (7.7); 8.6 at Adam 3e-3 with cosine, 11.5 at Adam 0.03 with cosine,
# 9-15 at Adam 0.3, ~20 at Adam 1e-4; Adagrad 0.1-3 12.6-17.7; SGD with momentum at 0.1-0.3 collapses (33.6: every
# embedding alike), ~25 at SGDm 3-10; Adam 0.01 recreated every 2 steps 9.6-10.5


@case("circleloss-adam-lr-0p3-30x", "circleloss", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return circleloss_family("adam", 0.3)


@case("circleloss-adagrad-lr-3-100x-log2", "circleloss", "lr-high-step1", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return circleloss_family("adagrad", 3.0, log_every=2)


@case("circleloss-adam-cyclic-peak-1", "circleloss", "lr-high-cyclic", cf=lr_to(0.01),
      cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return circleloss_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("circleloss-rmsprop-exponential-gamma-1p02", "circleloss", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return circleloss_family("rmsprop", 3e-3, schedule=exponential(1.02),
                             schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("circleloss-adam-lr-1e-4-100x-low-log2", "circleloss", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return circleloss_family("adam", 1e-4, log_every=2)


@case("circleloss-adam-multistep-x0p1-at-5pct", "circleloss", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return circleloss_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("circleloss-adam-missing-feature-nan", "circleloss", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return circleloss_family("adam", 0.01, data=fd.circleloss_rows(nan_rows=0.003))


@case("circleloss-adam-fc-dead-at-init", "circleloss", "dead-units",
      cf=lambda s: replace(s, model=fd.CircleNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return circleloss_family("adam", 0.01, model=lambda: fd.CircleNet(dead_bias=-30.0), track_zero_grads=True)


@case("circleloss-adam-lr-0p01-recreated-every-2-steps", "circleloss", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return circleloss_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


# dirmult: a ReLU MLP regressor of the concentrations of a Dirichlet-multinomial (softplus + 0.01 over 6 categories) of
# overdispersed count vectors with totals 10-60, the negative log-likelihood per row with the multinomial coefficient
# (12.9 at step 1, 12.34 at raw outputs of 0, ending near 10.15-10.2 held out, most of it the counts' own entropy);
# works at Adam 1e-3-0.01 (best 3e-3), NAdam and AdamW 3e-3, Adagrad 0.1, RMSprop 1e-3, SGDm 0.01-0.03, SGD 0.03-0.3;
# slow at Adam and NAdam 3e-5 (12.0-12.1); 10.3 at Adam 0.03, 10.7 at Adam 0.1, stuck at 18.0 from Adam 1 and Adagrad 1
# on (11.1-11.2 after a 60-step warmup), 11.7 after a 20% warmup to a peak of 1; SGDm 3 14.9; SGD 1 11.5, SGD 3
# 11.8-11.9 (clipped at 0.25: 10.3); a head x1000 starts at 5 x the NLL at init (62) and sticks at 11.8-18


@case("dirmult-adam-lr-1-log2", "dirmult", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dirmult_family("adam", 1.0, log_every=2)


@case("dirmult-sgdm-lr-3-300x", "dirmult", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dirmult_family("sgdm", 3.0)


@case("dirmult-adamw-warmup-cosine-peak-1", "dirmult", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dirmult_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("dirmult-adam-lr-3e-5-100x-low", "dirmult", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dirmult_family("adam", 3e-5)


@case("dirmult-nadam-lr-3e-5-100x-low-log2", "dirmult", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dirmult_family("nadam", 3e-5, log_every=2)


@case("dirmult-sgdm-summed-nll", "dirmult", "summed",
      cf=lambda s: replace(s, loss_fn=fd.dirmult_nll, loss_name="Dirichlet-multinomial negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DIRMULT0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return dirmult_family("sgdm", 0.01, loss_fn=fd.dirmult_nll_summed, loss_name="Dirichlet-multinomial negative log-likelihood summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.dirmult_nll, mean_loss_fn=fd.dirmult_nll)  # fmt: skip


@case("dirmult-adam-head-x1000", "dirmult", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DirMultMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(4, DIRMULT0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return dirmult_family("adam", 3e-3, model=lambda: scaled_head(fd.DirMultMLP(), 1000))


@case("dirmult-adam-exponential-1000x-in-40-steps", "dirmult", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return dirmult_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")  # fmt: skip


@case("dirmult-adam-missing-feature-nan", "dirmult", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return dirmult_family("adam", 3e-3, data=fd.dirmult_rows(nan_rows=0.003))


@case("dirmult-adam-fc-dead-at-init", "dirmult", "dead-units",
      cf=lambda s: replace(s, model=fd.DirMultMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dirmult_family("adam", 3e-3, model=lambda: fd.DirMultMLP(dead_bias=-30.0), track_zero_grads=True)


@case("dirmult-adagrad-lr-1-no-warmup", "dirmult", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60,
      shape=anything)
def _() -> Setup:
    return dirmult_family("adagrad", 1.0)


@case("dirmult-sgd-lr-3-no-clip", "dirmult", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.25), cf_what="gradients clipped at 0.25",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return dirmult_family("sgd", 3.0)


# fresh75 half: healthy look-alikes


@case("funnel-adam-cosine-log2", "funnel", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.FUNNEL_CLASSES, fall=0.5))
def _() -> Setup:
    return funnel_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("funnel-rmsprop-cosine-eval50", "funnel", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.FUNNEL_CLASSES, fall=0.5))
def _() -> Setup:
    return funnel_family("rmsprop", 1e-3, steps=500, eval_every=50, schedule=cosine_after(0.0), schedule_name="cosine")


@case("funnel-adamw-warmup-cosine", "funnel", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.FUNNEL_CLASSES, fall=0.5))
def _() -> Setup:
    return funnel_family("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("funnel-nadam-step-decay-log3", "funnel", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.FUNNEL_CLASSES, fall=0.5))
def _() -> Setup:
    return funnel_family("nadam", 2e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                         schedule_name="MultiStepLR")


@case("armagnn-adam-cosine-eval25", "armagnn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.ARMA_BLOCKS, fall=0.6))
def _() -> Setup:
    return armagnn_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("armagnn-sgdm-one-cycle", "armagnn", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.ARMA_BLOCKS, fall=0.6))
def _() -> Setup:
    return armagnn_family("sgdm", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("armagnn-nesterov-cosine-log2", "armagnn", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fd.ARMA_BLOCKS, fall=0.6))
def _() -> Setup:
    return armagnn_family("nesterov", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("armagnn-adam-resumed-with-state", "armagnn", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.ARMA_BLOCKS, fall=0.6))
def _() -> Setup:
    return armagnn_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                          schedule=cosine_after(0.0), schedule_name="cosine")


@case("circleloss-adam-cosine-log2", "circleloss", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return circleloss_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("circleloss-adagrad-constant-eval50", "circleloss", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return circleloss_family("adagrad", 0.03, steps=500, eval_every=50)


@case("circleloss-radam-warmup-cosine-log4", "circleloss", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return circleloss_family("radam", 0.03, log_every=4, schedule=cosine_after(0.1),
                             schedule_name="linear warmup 10% + cosine")


@case("circleloss-rmsprop-step-decay-log3", "circleloss", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return circleloss_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                             schedule_name="MultiStepLR")


@case("dirmult-adam-cosine-eval25", "dirmult", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dirmult_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dirmult-nadam-sgdr-log5", "dirmult", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dirmult_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                          schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("dirmult-adamw-warmup-linear-avg10", "dirmult", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dirmult_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                          schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("dirmult-adagrad-on-plateau-log4", "dirmult", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dirmult_family("adagrad", 0.1, log_every=4, schedule=on_plateau(),
                          schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("dirmult-sgd-cosine-log2", "dirmult", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dirmult_family("sgd", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


# fresh75 half, logged once per epoch


@case("funnel-adam-128-sequences-overfits-per-epoch", "funnel", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return funnel_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True,
                         data=fd.funnel_sequences(train_rows=128, batch_size=32))


@case("funnel-adam-lr-1-per-epoch", "funnel", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return funnel_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.funnel_sequences(n=1600, batch_size=32))


@case("circleloss-adam-cosine-per-epoch", "circleloss", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return circleloss_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.circleloss_rows(n=800),
                             schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("dirmult-rmsprop-cosine-per-epoch", "dirmult", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dirmult_family("rmsprop", 1e-3, steps=50 * 8, log_per_epoch=True, data=fd.dirmult_rows(n=3200, batch_size=64),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
