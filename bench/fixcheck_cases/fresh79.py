"""The eighty-first fresh half (fresh79, held out from all tuning):
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


def stackrnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes of the bracket string (balanced by depth, unbalanced)")  # fmt: skip
    knobs.setdefault("meta", {"model": "stack-augmented RNN: token embeddings of 16, a GRU cell controller of 32 reading the token and the top of a continuous stack (depth 12, vectors of 8), soft push / pop / no-op and a pushed value per token, the last and mean hidden states into a ReLU layer 64-32 and a head",
                              "seq_len": fd.STACKRNN_LENGTH, "classes": fd.STACKRNN_CLASSES,
                              "stack_depth": fd.STACKRNN_DEPTH, "held_out": "cross-entropy on new strings"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.stackrnn_strings(), knobs.pop("model", None) or fd.StackRNN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def tagcn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes of the training nodes (full batch)")
    knobs.setdefault("meta", {"model": "TAGCN: 2 topology adaptive graph convolutions 16-32-32, each sum_k A^k H W_k over the hops k = 0..3 of the symmetric-normalised adjacency (dropout 0.5), a ReLU layer 32-32 and a head",
                              "nodes": fd.TAGCN_NODES, "features": fd.TAGCN_FEATURES, "classes": fd.TAGCN_BLOCKS,
                              "hops": fd.TAGCN_HOPS, "full_batch": True,
                              "held_out": "cross-entropy on the held-out nodes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.tagcn_nodes(), knobs.pop("model", None) or fd.TAGCN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def plackettluce_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.plackettluce_nll)
    knobs.setdefault("loss_name", "Plackett-Luce negative log-likelihood of the observed ranking of the 10 items (mean over the queries)")  # fmt: skip
    knobs.setdefault("meta", {"model": "ReLU MLP item scorer 12-64-64, a ReLU layer 64-32 and a head to 1 score per item",
                              "items": fd.PL_ITEMS, "features": fd.PL_FEATURES,
                              "held_out": "the Plackett-Luce negative log-likelihood on new queries"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.plackettluce_lists(),
                      knobs.pop("model", None) or fd.PlackettLuceMLP, optimizer, lr, steps, **knobs)  # fmt: skip


def bivnorm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.bivnorm_nll)
    knobs.setdefault("loss_name", "bivariate normal negative log-likelihood (mean over the rows)")
    knobs.setdefault("meta", {"model": "ReLU MLP 8-64-64, a ReLU layer 64-32, a head to two means, two log standard deviations and a raw correlation (rho = tanh(raw))",
                              "features": fd.BIVNORM_FEATURES,
                              "held_out": "the bivariate normal negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.bivnorm_rows(), knobs.pop("model", None) or fd.BivNormMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


STACKRNN0, TAGCN0 = LN(fd.STACKRNN_CLASSES), LN(fd.TAGCN_BLOCKS)
PLACKETTLUCE0, BIVNORM0 = fd.plackettluce_at_zero(), fd.bivnorm_at_zero()
"""Where the families start: the stack RNN at ln 4, the TAGCN at ln 4, the Plackett-Luce scorer at ln 10! (equal
scores), the bivariate-normal MLP at its NLL of raw outputs of 0."""


# stackrnn: a stack-augmented RNN (a GRU cell controller of 32 reading the token and the top of a continuous stack of
# depth 12, soft push / pop / no-op and a pushed value per token, the last and mean hidden states into a ReLU layer and
# a head) naming the class of Dyck-like strings of 2 bracket types of 16-20 tokens (balanced at depth <= 2, 3, >= 4, or
# unbalanced by a swapped closing type), 5% random labels held out too, cross-entropy over 4 (1.38 at step 1, ln 4 =
# 1.39, ending near 0.68-0.78 held out); works at Adam 3e-3-0.03 (best 0.01: 0.68 with cosine, 0.70-0.73 constant),
# NAdam 3e-3-0.01 (0.69-0.71), RMSprop 3e-3 (0.68), AdamW 0.01 (0.69-0.71), SGDm 0.1 (0.72-0.77); slow at Adam 1e-4
# (1.30-1.34), hardly moving at Adam 3e-5 (1.36); at chance at SGDm 0.3-1 and Adam 1 (1.36-1.39); SGDm 0.1 on the
# loss summed over the batch 1.40-1.64; Adam 0.01 recreated every 2 steps 0.76-0.88; 128 training strings overfit within
# a few epochs


@case("stackrnn-adam-lr-1-log2", "stackrnn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return stackrnn_family("adam", 1.0, log_every=2)


@case("stackrnn-adam-lr-1e-4-100x-low", "stackrnn", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return stackrnn_family("adam", 1e-4)


@case("stackrnn-sgdm-summed-ce", "stackrnn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, STACKRNN0, "ln 4"))
def _() -> Setup:
    return stackrnn_family("sgdm", 0.1, loss_fn=fd.stackrnn_ce_summed, loss_name="cross_entropy summed over the batch's strings (reduction='sum')",
                           val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("stackrnn-adam-head-x1000", "stackrnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.StackRNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, STACKRNN0, "ln 4"))
def _() -> Setup:
    return stackrnn_family("adam", 0.01, model=lambda: scaled_head(fd.StackRNN(), 1000))


@case("stackrnn-adam-missing-token-nan", "stackrnn", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the strings with a missing (NaN) token dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return stackrnn_family("adam", 0.01, data=fd.stackrnn_strings(nan_rows=0.003))


@case("stackrnn-adam-fc-dead-at-init", "stackrnn", "dead-units",
      cf=lambda s: replace(s, model=fd.StackRNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return stackrnn_family("adam", 0.01, model=lambda: fd.StackRNN(dead_bias=-30.0), track_zero_grads=True)


@case("stackrnn-adam-lr-0p01-recreated-every-2-steps", "stackrnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return stackrnn_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


# tagcn: a TAGCN-like node classifier (2 topology adaptive graph convolutions 16-32-32, each sum_k A^k H W_k over the
# hops k = 0..3 of the symmetric-normalised adjacency, dropout 0.5, a ReLU layer and a head) naming the class of the
# nodes of a stochastic block model graph of 400 nodes, full batch over the 240 training nodes, 5% random training
# labels, cross-entropy over 4 (1.39 at step 1, ln 4 = 1.39, ending near 0.47-0.63 held out); works at Adam 3e-3-0.03
# (best 3e-3: 0.47-0.52), RMSprop 3e-3-0.01 (0.52-0.56; 0.58 at 1e-3), SGDm 0.1 (0.55 one-cycle, 0.69-0.77 constant),
# Nesterov 0.1 (0.54), SGD 1 (0.87-0.99); slow at Adam 1e-4 (1.16-1.21), hardly moving at SGDm 1e-3 (1.37-1.39); 0.94
# at SGDm 0.3, at chance at SGD 3, SGDm 3 and Adam 0.1-1 (a 60-step warmup does not reliably help), non-finite at SGD 10
# (clipped at 0.1: 0.67-0.87) and SGDm 10; 60 training nodes without dropout overfit early


@case("tagcn-adam-lr-1", "tagcn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return tagcn_family("adam", 1.0)


@case("tagcn-sgdm-lr-10-100x-log2", "tagcn", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tagcn_family("sgdm", 10.0, log_every=2)


@case("tagcn-adamw-warmup-cosine-peak-1", "tagcn", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tagcn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("tagcn-adam-exponential-gamma-1p02", "tagcn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tagcn_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("tagcn-adam-lr-1e-4-100x-low-log3", "tagcn", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tagcn_family("adam", 1e-4, log_every=3)


@case("tagcn-sgdm-lr-1e-3-100x-low-log2", "tagcn", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tagcn_family("sgdm", 1e-3, log_every=2)


@case("tagcn-sgd-summed-ce", "tagcn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TAGCN0, "ln 4"))
def _() -> Setup:
    return tagcn_family("sgd", 1.0, loss_fn=fd.tagcn_ce_summed, loss_name="cross_entropy summed over the training nodes (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("tagcn-adam-head-x1000", "tagcn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TAGCN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, TAGCN0, "ln 4"))
def _() -> Setup:
    return tagcn_family("adam", 0.01, model=lambda: scaled_head(fd.TAGCN(), 1000))


@case("tagcn-adam-exponential-1000x-in-40-steps", "tagcn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return tagcn_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1),
                        schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("tagcn-adam-fc-dead-at-init", "tagcn", "dead-units",
      cf=lambda s: replace(s, model=fd.TAGCN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return tagcn_family("adam", 0.01, model=lambda: fd.TAGCN(dead_bias=-30.0), track_zero_grads=True)


@case("tagcn-sgd-lr-10-no-clip", "tagcn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return tagcn_family("sgd", 10.0)


@case("tagcn-adam-60-nodes-no-dropout-overfits", "tagcn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return tagcn_family("adam", 0.01, steps=600, eval_every=30, data=fd.tagcn_nodes(n=60),
                        model=lambda: fd.TAGCN(dropout=0.0))


# plackettluce: a listwise learning-to-rank ReLU MLP scoring each of 10 items of a query (12 features, 3 of them noise;
# 64-64, a ReLU layer and a head to 1 score), the Plackett-Luce negative log-likelihood of rankings sampled from planted
# utilities with Gumbel noise (15.1 at step 1, ln 10! = 15.10 at equal scores, ending near 7.7-7.9 held out, a flat
# optimum); works at Adam 1e-3-0.01 (best 3e-3: 7.72-7.82), Adagrad 0.03-0.1 (7.73), SGDm 0.03 (7.77-7.95), RMSprop
# 1e-3-3e-3 (7.7-7.9), RAdam 0.01 with a warmup (7.80); slow at Adam 3e-5 (14.3); Adam 0.3 either stuck at ln 10! (dead
# scores) or near 8.6 by the seed, with or without a 60-step warmup; stuck at ln 10! at Adam and NAdam 1, non-finite at
# SGDm 1, losses in the tens to thousands at Adagrad 3 and RMSprop 0.3


@case("plackettluce-adagrad-lr-3-30x-log2", "plackettluce", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return plackettluce_family("adagrad", 3.0, log_every=2)


@case("plackettluce-sgdm-lr-1-30x", "plackettluce", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return plackettluce_family("sgdm", 1.0)


@case("plackettluce-rmsprop-lr-0p3-300x", "plackettluce", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return plackettluce_family("rmsprop", 0.3)


@case("plackettluce-nadam-warmup-cosine-peak-1", "plackettluce", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return plackettluce_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("plackettluce-adam-cyclic-peak-1", "plackettluce", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return plackettluce_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("plackettluce-adam-lr-3e-5-100x-low-log2", "plackettluce", "lr-low-adam", cf=lr_to(3e-3),
      cf_what="Adam lr 3e-3", must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return plackettluce_family("adam", 3e-5, log_every=2)


@case("plackettluce-sgdm-summed-nll", "plackettluce", "summed",
      cf=lambda s: replace(s, loss_fn=fd.plackettluce_nll, loss_name="Plackett-Luce negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, PLACKETTLUCE0, "ln 10!"))
def _() -> Setup:
    return plackettluce_family("sgdm", 0.03, loss_fn=fd.plackettluce_nll_summed, loss_name="Plackett-Luce negative log-likelihood summed over the batch's queries (reduction='sum')",
                               val_loss_fn=fd.plackettluce_nll, mean_loss_fn=fd.plackettluce_nll)  # fmt: skip


@case("plackettluce-adam-head-x1000", "plackettluce", "last-layer-init",
      cf=lambda s: replace(s, model=fd.PlackettLuceMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, PLACKETTLUCE0, "ln 10!"))
def _() -> Setup:
    return plackettluce_family("adam", 3e-3, model=lambda: scaled_head(fd.PlackettLuceMLP(), 1000))


@case("plackettluce-adam-lr-1e-3-multistep-x0p1-at-5pct", "plackettluce", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return plackettluce_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("plackettluce-adam-missing-feature-nan", "plackettluce", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the queries with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return plackettluce_family("adam", 3e-3, data=fd.plackettluce_lists(nan_rows=0.003))


# bivnorm: a ReLU MLP (8-64-64, a ReLU layer and a head) of the two means, two log standard deviations and the raw
# correlation (rho = tanh(raw)) of a bivariate normal of 2-D targets whose means, spreads and correlation depend on the
# features, the negative log-likelihood per row (2.86 at step 1 and at raw outputs of 0, ending near 1.84-1.95 held
# out); works at Adam 1e-3-0.01 (best 3e-3: 1.86-1.96), NAdam 3e-3-0.01, Adagrad 0.03 (1.84-1.87), RMSprop 1e-3
# (1.92-1.99), SGDm 0.01-0.03 (1.99-2.03), SGD 0.1 (1.97 with cosine); slow at Adam and NAdam 1e-4 (2.78), stuck near
# 3.05 at Adam 3e-5; 2.18 at Adam 0.03, 2.34 at Adam 0.05 (a warmup does not help there), non-finite at a seed at Adam
# 0.07-0.1 (2.6-3.1 after a 60-step warmup) and at Adam 1; 2.36 at SGD 0.3 (2.02 clipped at 1), 2.5-2.9 at SGDm 0.1
# (2.2 clipped at 1), non-finite at SGDm 1


@case("bivnorm-adam-lr-1-log2", "bivnorm", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return bivnorm_family("adam", 1.0, log_every=2)


@case("bivnorm-sgdm-lr-1-100x", "bivnorm", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bivnorm_family("sgdm", 1.0)


@case("bivnorm-adamw-warmup-cosine-peak-1", "bivnorm", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bivnorm_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("bivnorm-rmsprop-exponential-gamma-1p02", "bivnorm", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bivnorm_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("bivnorm-adam-lr-1e-4-100x-low", "bivnorm", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return bivnorm_family("adam", 1e-4)


@case("bivnorm-nadam-lr-1e-4-100x-low-log2", "bivnorm", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return bivnorm_family("nadam", 1e-4, log_every=2)


@case("bivnorm-sgdm-summed-nll", "bivnorm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.bivnorm_nll, loss_name="bivariate normal negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BIVNORM0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return bivnorm_family("sgdm", 0.01, loss_fn=fd.bivnorm_nll_summed, loss_name="bivariate normal negative log-likelihood summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.bivnorm_nll, mean_loss_fn=fd.bivnorm_nll)  # fmt: skip


@case("bivnorm-adam-multistep-x0p1-at-5pct", "bivnorm", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return bivnorm_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("bivnorm-adam-exponential-1000x-in-40-steps", "bivnorm", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return bivnorm_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")  # fmt: skip


@case("bivnorm-adam-missing-feature-nan", "bivnorm", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return bivnorm_family("adam", 3e-3, data=fd.bivnorm_rows(nan_rows=0.003))


@case("bivnorm-adam-fc-dead-at-init", "bivnorm", "dead-units",
      cf=lambda s: replace(s, model=fd.BivNormMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return bivnorm_family("adam", 3e-3, model=lambda: fd.BivNormMLP(dead_bias=-30.0), track_zero_grads=True)


@case("bivnorm-adam-lr-0p08-no-warmup", "bivnorm", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return bivnorm_family("adam", 0.08)


@case("bivnorm-adam-lr-0p1-no-warmup-log2", "bivnorm", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return bivnorm_family("adam", 0.1, log_every=2)


@case("bivnorm-sgdm-lr-0p1-no-clip", "bivnorm", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return bivnorm_family("sgdm", 0.1)


# fresh79 half: healthy look-alikes


@case("stackrnn-adam-cosine-log2", "stackrnn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.STACKRNN_CLASSES, fall=0.75))
def _() -> Setup:
    return stackrnn_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("stackrnn-adamw-warmup-cosine", "stackrnn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.STACKRNN_CLASSES, fall=0.75))
def _() -> Setup:
    return stackrnn_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("stackrnn-nadam-step-decay-log3", "stackrnn", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.STACKRNN_CLASSES, fall=0.75))
def _() -> Setup:
    return stackrnn_family("nadam", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                           schedule_name="MultiStepLR")


@case("tagcn-adam-cosine-eval25", "tagcn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.TAGCN_BLOCKS, fall=0.6))
def _() -> Setup:
    return tagcn_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("tagcn-sgdm-one-cycle", "tagcn", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.TAGCN_BLOCKS, fall=0.6))
def _() -> Setup:
    return tagcn_family("sgdm", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("tagcn-nesterov-cosine-log2", "tagcn", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fd.TAGCN_BLOCKS, fall=0.6))
def _() -> Setup:
    return tagcn_family("nesterov", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("tagcn-adam-resumed-with-state", "tagcn", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.TAGCN_BLOCKS, fall=0.6))
def _() -> Setup:
    return tagcn_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                        schedule=cosine_after(0.0), schedule_name="cosine")


@case("tagcn-rmsprop-cosine-eval50", "tagcn", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.TAGCN_BLOCKS, fall=0.6))
def _() -> Setup:
    return tagcn_family("rmsprop", 3e-3, eval_every=50, schedule=cosine_after(0.0), schedule_name="cosine")


@case("plackettluce-adagrad-cosine-log2", "plackettluce", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.65))
def _() -> Setup:
    return plackettluce_family("adagrad", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("plackettluce-adam-constant-eval50", "plackettluce", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.65))
def _() -> Setup:
    return plackettluce_family("adam", 3e-3, eval_every=50)


@case("plackettluce-radam-warmup-cosine-log4", "plackettluce", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.65))
def _() -> Setup:
    return plackettluce_family("radam", 0.01, log_every=4, schedule=cosine_after(0.1),
                               schedule_name="linear warmup 10% + cosine")


@case("plackettluce-rmsprop-step-decay-log3", "plackettluce", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.65))
def _() -> Setup:
    return plackettluce_family("rmsprop", 1e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                               schedule_name="MultiStepLR")


@case("bivnorm-adam-cosine-eval25", "bivnorm", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return bivnorm_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("bivnorm-nadam-sgdr-log5", "bivnorm", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return bivnorm_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                          schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("bivnorm-adamw-warmup-linear-avg10", "bivnorm", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return bivnorm_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                          schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("bivnorm-adagrad-on-plateau-log4", "bivnorm", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return bivnorm_family("adagrad", 0.03, log_every=4, schedule=on_plateau(),
                          schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("bivnorm-sgd-cosine-log2", "bivnorm", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return bivnorm_family("sgd", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


# fresh79 half, logged once per epoch


@case("stackrnn-adam-128-strings-overfits-per-epoch", "stackrnn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return stackrnn_family("adam", 0.01, steps=8 * 50, log_per_epoch=True,
                           data=fd.stackrnn_strings(train_rows=128, batch_size=16))


@case("bivnorm-adam-lr-1-per-epoch", "bivnorm", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return bivnorm_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.bivnorm_rows(n=3200, batch_size=64))


@case("plackettluce-adam-cosine-per-epoch", "plackettluce", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.65))
def _() -> Setup:
    return plackettluce_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True, data=fd.plackettluce_lists(n=1600),
                               schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("bivnorm-rmsprop-cosine-per-epoch", "bivnorm", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return bivnorm_family("rmsprop", 1e-3, steps=50 * 8, log_per_epoch=True, data=fd.bivnorm_rows(n=3200, batch_size=64),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
