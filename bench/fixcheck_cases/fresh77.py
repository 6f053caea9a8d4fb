"""The seventy-ninth fresh half (fresh77, held out from all tuning):
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


def albert_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 3 classes of the segment pair (in order, swapped, topic)")
    knobs.setdefault("meta", {"model": "ALBERT-like: factorised token embeddings (50 -> 16 -> 32) and learned position embeddings, ONE pre-LN encoder layer (4 heads, feed-forward 64) applied 4 times with shared weights, the [CLS] state into a ReLU layer 32-32 and a head",
                              "vocab_size": fd.ALBERT_VOCAB, "seq_len": fd.ALBERT_LENGTH, "classes": fd.ALBERT_CLASSES,
                              "shared_layer_applications": 4, "held_out": "cross-entropy on new segment pairs"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.albert_pairs(), knobs.pop("model", None) or fd.Albert,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def fagcn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes of the training nodes (full batch)")
    knobs.setdefault("meta", {"model": "FAGCN: an MLP encoder 16-32, 3 layers of signed propagation h = eps h_0 + sum_j tanh(g^T [h_i || h_j]) / sqrt(d_i d_j) h_j (eps 0.3, dropout 0.4), a ReLU layer 32-32 and a head",
                              "nodes": fd.FAGCN_NODES, "features": fd.FAGCN_FEATURES, "classes": fd.FAGCN_BLOCKS,
                              "layers": fd.FAGCN_LAYERS, "eps": fd.FAGCN_EPS, "full_batch": True,
                              "held_out": "cross-entropy on the held-out nodes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.fagcn_nodes(), knobs.pop("model", None) or fd.FAGCN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def proxyanchor_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.proxyanchor_loss)
    knobs.setdefault("loss_name", "Proxy-Anchor loss (alpha = 32, delta = 0.1) of the cosine similarities of a batch of 64 samples to the 32 class proxies")  # fmt: skip
    knobs.setdefault("meta", {"model": "MLP embedding 32-64-64, a ReLU layer 64-64 and a head to 16, L2-normalised, one learnable proxy per class",
                              "classes": fd.PROXY_CLASSES, "embedding": fd.PROXY_DIM, "alpha": fd.PROXY_ALPHA,
                              "delta": fd.PROXY_DELTA,
                              "held_out": "the Proxy-Anchor loss on blocks of 64 new samples of the same classes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.proxyanchor_rows(), knobs.pop("model", None) or fd.ProxyAnchorNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def gompertz_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.gompertz_nll)
    knobs.setdefault("loss_name", "Gompertz negative log-likelihood under right censoring (mean over the rows)")
    knobs.setdefault("meta", {"model": "ReLU MLP 8-64-64, a ReLU layer 64-32, a head to the log scale b and log shape c of a Gompertz hazard b exp(c t)",
                              "features": fd.GOMPERTZ_FEATURES, "censored": "~30%",
                              "held_out": "the Gompertz negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gompertz_rows(), knobs.pop("model", None) or fd.GompertzMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


ALBERT0, FAGCN0 = LN(fd.ALBERT_CLASSES), LN(fd.FAGCN_BLOCKS)
PROXY0, GOMPERTZ0 = fd.proxyanchor_at_init(), fd.gompertz_at_zero()
"""Where the families start: the ALBERT-like classifier at ln 3, the FAGCN at ln 4, the Proxy-Anchor embedding near
its loss at the default init, the Gompertz survival MLP at its NLL of raw outputs of 0."""


# albert: an ALBERT-like sentence-order classifier (factorised token embeddings 50 -> 16 -> 32 and learned position
# embeddings, ONE pre-LN encoder layer applied 4 times with shared weights, the [CLS] state into a ReLU layer and a
# head) of pairs of 6-8-token segments of a planted Markov grammar, in order, swapped, or a topic pair, 5% random labels
# held out too, cross-entropy over 3 (1.06-1.30 at step 1, ln 3 = 1.10, ending near 0.21-0.26 held out at a seed that
# learns the order, 0.44-0.61 at one that only learns the topic); works at Adam 3e-3-0.01 (best 3e-3: 0.23 with cosine),
# NAdam 3e-3 (0.22), RMSprop 3e-3 (0.23 with cosine, 0.47 at 1e-3), Adagrad 0.01-0.03 (0.23-0.50, either way by the
# seed); slow at SGDm 0.03 (0.45-0.68); hardly moving at Adam 3e-5 (1.08); stuck at chance at SGDm 0.1 and Adam 0.03 (a
# 60-step warmup does not help there); 128 training pairs overfit


@case("albert-adam-lr-1-log2", "albert", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return albert_family("adam", 1.0, log_every=2)


@case("albert-rmsprop-lr-0p3-300x", "albert", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return albert_family("rmsprop", 0.3)


@case("albert-adamw-warmup-cosine-peak-1", "albert", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return albert_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("albert-adam-lr-3e-5-100x-low", "albert", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return albert_family("adam", 3e-5)


@case("albert-sgdm-summed-ce", "albert", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ALBERT0, "ln 3"))
def _() -> Setup:
    return albert_family("sgdm", 0.03, loss_fn=fd.albert_ce_summed, loss_name="cross_entropy summed over the batch's pairs (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("albert-adam-head-x1000", "albert", "last-layer-init",
      cf=lambda s: replace(s, model=fd.Albert), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, ALBERT0, "ln 3"))
def _() -> Setup:
    return albert_family("adam", 3e-3, model=lambda: scaled_head(fd.Albert(), 1000))


@case("albert-rmsprop-head-x1000-log2", "albert", "last-layer-init",
      cf=lambda s: replace(s, model=fd.Albert), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, ALBERT0, "ln 3"))
def _() -> Setup:
    return albert_family("rmsprop", 1e-3, log_every=2, model=lambda: scaled_head(fd.Albert(), 1000))


@case("albert-adam-multistep-x0p1-at-5pct", "albert", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return albert_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("albert-adam-missing-token-nan", "albert", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the pairs with a missing (NaN) token dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return albert_family("adam", 3e-3, data=fd.albert_pairs(nan_rows=0.003))


@case("albert-adam-fc-dead-at-init", "albert", "dead-units",
      cf=lambda s: replace(s, model=fd.Albert), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return albert_family("adam", 3e-3, model=lambda: fd.Albert(dead_bias=-30.0), track_zero_grads=True)


# fagcn: an FAGCN-like node classifier (an MLP encoder, 3 layers of signed propagation h = eps h_0 + sum_j tanh(g^T [h_i
# || h_j]) / sqrt(d_i d_j) h_j, eps 0.3, a ReLU layer and a head) naming the class of the nodes of a partly
# heterophilous stochastic block model graph of 400 nodes, full batch over the 240 training nodes, cross-entropy over 4
# (1.39 at step 1, ln 4 = 1.39, ending near 0.65-0.8 held out, noisy); works at Adam 3e-3-0.03 (best 0.01-0.03: 0.71),
# SGDm 0.1-0.3 (0.66; 0.65 at SGDm 0.3 one-cycle), SGD 1 (0.65), Adagrad 0.1, RMSprop 3e-3; hardly moving at Adam 1e-4
# (1.28) and below; 0.82 at Adam 0.1 (a 60-step warmup: 0.81), at chance at Adam 1; SGDm 1 1.07-1.39, SGDm 3 non-finite;
# SGD 3 0.85-1.01 (clipped at 1: 0.78-0.90), SGD 10 non-finite (clipped at 0.1: 0.68-0.76); at a constant Adam lr it
# overfits a little late in the run, and 60 training nodes without dropout overfit early


@case("fagcn-adam-lr-1", "fagcn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return fagcn_family("adam", 1.0)


@case("fagcn-sgdm-lr-3-30x-log2", "fagcn", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return fagcn_family("sgdm", 3.0, log_every=2)


@case("fagcn-adamw-warmup-cosine-peak-1", "fagcn", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return fagcn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("fagcn-adam-exponential-gamma-1p02", "fagcn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return fagcn_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("fagcn-adam-lr-1e-4-100x-low-log3", "fagcn", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return fagcn_family("adam", 1e-4, log_every=3)


@case("fagcn-sgdm-lr-1e-3-100x-low-log2", "fagcn", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return fagcn_family("sgdm", 1e-3, log_every=2)


@case("fagcn-sgd-summed-ce", "fagcn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, FAGCN0, "ln 4"))
def _() -> Setup:
    return fagcn_family("sgd", 1.0, loss_fn=fd.fagcn_ce_summed, loss_name="cross_entropy summed over the training nodes (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("fagcn-adam-head-x1000", "fagcn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FAGCN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, FAGCN0, "ln 4"))
def _() -> Setup:
    return fagcn_family("adam", 0.01, model=lambda: scaled_head(fd.FAGCN(), 1000))


@case("fagcn-adam-exponential-1000x-in-40-steps", "fagcn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return fagcn_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1),
                        schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("fagcn-adam-fc-dead-at-init", "fagcn", "dead-units",
      cf=lambda s: replace(s, model=fd.FAGCN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return fagcn_family("adam", 0.01, model=lambda: fd.FAGCN(dead_bias=-30.0), track_zero_grads=True)


@case("fagcn-sgd-lr-10-no-clip", "fagcn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return fagcn_family("sgd", 10.0)


@case("fagcn-adam-60-nodes-no-dropout-overfits", "fagcn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return fagcn_family("adam", 0.01, steps=600, eval_every=30, data=fd.fagcn_nodes(n=60),
                        model=lambda: fd.FAGCN(dropout=0.0))


# proxyanchor: metric learning of an MLP embedding (32-64-64, a ReLU layer, a head to 16, L2-normalised) with one
# learnable proxy per class, of samples of 32 classes (12 informative features through a fixed nonlinear map, 20
# nuisance ones), the Proxy-Anchor loss (alpha = 32, delta = 0.1) over batches of 64 random samples (16.9 at step 1,
# ending near 1.8-2.7 held out); works at Adagrad 0.1 (best: 1.79), RMSprop 3e-3 (1.92), Adam 3e-3-0.03 (2.3-2.7),
# Adagrad 0.03 (2.23), RAdam 0.1 with a warmup (1.58), RMSprop 0.01 with step decay (1.54), SGDm 0.1 (3.2); hardly
# moving at Adam 1e-4 (11.4); 2.64 at Adam 0.3, 2.83 at Adam 1, 2.97 at Adagrad 3; SGDm 0.1 on the loss summed over the
# proxies 10.2; Adam 0.01 recreated every 2 steps 3.2


@case("proxyanchor-adam-lr-1-100x", "proxyanchor", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return proxyanchor_family("adam", 1.0)


@case("proxyanchor-adagrad-lr-3-30x-log2", "proxyanchor", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return proxyanchor_family("adagrad", 3.0, log_every=2)


@case("proxyanchor-adam-cyclic-peak-1", "proxyanchor", "lr-high-cyclic", cf=lr_to(0.01),
      cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return proxyanchor_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("proxyanchor-rmsprop-exponential-gamma-1p02", "proxyanchor", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return proxyanchor_family("rmsprop", 3e-3, schedule=exponential(1.02),
                              schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("proxyanchor-adam-lr-1e-4-100x-low-log2", "proxyanchor", "lr-low-adam", cf=lr_to(0.01),
      cf_what="Adam lr 0.01", must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return proxyanchor_family("adam", 1e-4, log_every=2)


@case("proxyanchor-sgdm-summed-over-proxies", "proxyanchor", "summed",
      cf=lambda s: replace(s, loss_fn=fd.proxyanchor_loss, loss_name="Proxy-Anchor loss (mean over the proxies)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, PROXY0, "the Proxy-Anchor loss at init"))
def _() -> Setup:
    return proxyanchor_family("sgdm", 0.1, loss_fn=fd.proxyanchor_summed, loss_name="Proxy-Anchor loss with its terms summed over the proxies (reduction='sum')",
                              val_loss_fn=fd.proxyanchor_loss, mean_loss_fn=fd.proxyanchor_loss)  # fmt: skip


@case("proxyanchor-adam-multistep-x0p1-at-5pct", "proxyanchor", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return proxyanchor_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("proxyanchor-adam-missing-feature-nan", "proxyanchor", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the samples with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return proxyanchor_family("adam", 0.01, data=fd.proxyanchor_rows(nan_rows=0.003))


@case("proxyanchor-adam-lr-0p01-recreated-every-2-steps", "proxyanchor", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return proxyanchor_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


# gompertz: a ReLU MLP of the log scale b and log shape c of a Gompertz hazard b exp(c t) (offsets from -4 and -1) of
# right-censored survival times (~30% censored), the negative log-likelihood per row (2.4-2.7 at step 1, 2.42 at raw
# outputs of 0, ending near 1.38-1.44 held out, the true hazard's 1.31); works at Adam 3e-3-0.03 (best 0.01), NAdam
# 3e-3, RAdam 0.01, Adagrad 0.03, RMSprop 1e-3, SGDm 0.01-0.1, SGD 0.1-0.3; slow at Adam 3e-5 (2.17); 1.42-1.52 at Adam
# 0.05, non-finite from Adam and AdamW 0.07 on (1.43-1.52 after a 60-step warmup), non-finite at Adagrad 1, SGD 1
# (clipped at 1: 1.59) and SGDm 3


@case("gompertz-adam-lr-1-log2", "gompertz", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gompertz_family("adam", 1.0, log_every=2)


@case("gompertz-sgdm-lr-3-100x", "gompertz", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gompertz_family("sgdm", 3.0)


@case("gompertz-adamw-warmup-cosine-peak-1", "gompertz", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gompertz_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("gompertz-adam-lr-3e-5-100x-low", "gompertz", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gompertz_family("adam", 3e-5)


@case("gompertz-nadam-lr-3e-5-100x-low-log2", "gompertz", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gompertz_family("nadam", 3e-5, log_every=2)


@case("gompertz-sgdm-summed-nll", "gompertz", "summed",
      cf=lambda s: replace(s, loss_fn=fd.gompertz_nll, loss_name="Gompertz negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GOMPERTZ0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return gompertz_family("sgdm", 0.03, loss_fn=fd.gompertz_nll_summed, loss_name="Gompertz negative log-likelihood summed over the batch's rows (reduction='sum')",
                           val_loss_fn=fd.gompertz_nll, mean_loss_fn=fd.gompertz_nll)  # fmt: skip


@case("gompertz-adam-exponential-1000x-in-40-steps", "gompertz", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return gompertz_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")  # fmt: skip


@case("gompertz-adam-missing-feature-nan", "gompertz", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return gompertz_family("adam", 3e-3, data=fd.gompertz_rows(nan_rows=0.003))


@case("gompertz-adam-fc-dead-at-init", "gompertz", "dead-units",
      cf=lambda s: replace(s, model=fd.GompertzMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return gompertz_family("adam", 3e-3, model=lambda: fd.GompertzMLP(dead_bias=-30.0), track_zero_grads=True)


@case("gompertz-adam-lr-0p07-no-warmup", "gompertz", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60,
      shape=anything)
def _() -> Setup:
    return gompertz_family("adam", 0.07)


@case("gompertz-adamw-lr-0p07-no-warmup-log2", "gompertz", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60,
      shape=anything)
def _() -> Setup:
    return gompertz_family("adamw", 0.07, log_every=2)


@case("gompertz-sgd-lr-1-no-clip", "gompertz", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return gompertz_family("sgd", 1.0)


# fresh77 half: healthy look-alikes


@case("albert-adam-cosine-log2", "albert", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.ALBERT_CLASSES, fall=0.5))
def _() -> Setup:
    return albert_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("albert-rmsprop-cosine-eval50", "albert", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.ALBERT_CLASSES, fall=0.5))
def _() -> Setup:
    return albert_family("rmsprop", 3e-3, eval_every=50, schedule=cosine_after(0.0), schedule_name="cosine")


@case("albert-adamw-warmup-cosine", "albert", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.ALBERT_CLASSES, fall=0.5))
def _() -> Setup:
    return albert_family("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("albert-nadam-step-decay-log3", "albert", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.ALBERT_CLASSES, fall=0.5))
def _() -> Setup:
    return albert_family("nadam", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                         schedule_name="MultiStepLR")


@case("fagcn-adam-cosine-eval25", "fagcn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.FAGCN_BLOCKS, fall=0.6))
def _() -> Setup:
    return fagcn_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("fagcn-sgdm-one-cycle", "fagcn", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.FAGCN_BLOCKS, fall=0.6))
def _() -> Setup:
    return fagcn_family("sgdm", 0.3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("fagcn-nesterov-cosine-log2", "fagcn", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fd.FAGCN_BLOCKS, fall=0.6))
def _() -> Setup:
    return fagcn_family("nesterov", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("fagcn-adam-resumed-with-state", "fagcn", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.FAGCN_BLOCKS, fall=0.6))
def _() -> Setup:
    return fagcn_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                        schedule=cosine_after(0.0), schedule_name="cosine")


@case("proxyanchor-adagrad-cosine-log2", "proxyanchor", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return proxyanchor_family("adagrad", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("proxyanchor-adam-constant-eval50", "proxyanchor", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return proxyanchor_family("adam", 0.01, eval_every=50)


@case("proxyanchor-radam-warmup-cosine-log4", "proxyanchor", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return proxyanchor_family("radam", 0.1, log_every=4, schedule=cosine_after(0.1),
                              schedule_name="linear warmup 10% + cosine")


@case("proxyanchor-rmsprop-step-decay-log3", "proxyanchor", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return proxyanchor_family("rmsprop", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                              schedule_name="MultiStepLR")


@case("gompertz-adam-cosine-eval25", "gompertz", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return gompertz_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gompertz-nadam-sgdr-log5", "gompertz", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return gompertz_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                           schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("gompertz-adamw-warmup-linear-avg10", "gompertz", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return gompertz_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                           schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("gompertz-adagrad-on-plateau-log4", "gompertz", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return gompertz_family("adagrad", 0.03, log_every=4, schedule=on_plateau(),
                           schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("gompertz-sgd-cosine-log2", "gompertz", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return gompertz_family("sgd", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


# fresh77 half, logged once per epoch


@case("albert-adam-128-pairs-overfits-per-epoch", "albert", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return albert_family("adam", 3e-3, steps=8 * 60, log_per_epoch=True,
                         data=fd.albert_pairs(train_rows=128, batch_size=16))


@case("albert-adam-lr-1-per-epoch", "albert", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return albert_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.albert_pairs(n=800, batch_size=16))


@case("proxyanchor-adam-cosine-per-epoch", "proxyanchor", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return proxyanchor_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.proxyanchor_rows(n=3200),
                              schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("gompertz-rmsprop-cosine-per-epoch", "gompertz", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return gompertz_family("rmsprop", 1e-3, steps=50 * 8, log_per_epoch=True, data=fd.gompertz_rows(n=3200, batch_size=64),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
