"""The sixty-seventh fresh half (fresh65, held out from all tuning):
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


def utransformer_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 2 classes")
    knobs.setdefault("meta", {"model": "Universal-Transformer-like: token and position embeddings (width 32), ONE post-LN transformer block (4 heads, a ReLU MLP 32-64-32) shared and applied 4 times with a learned timestep embedding, the class token through a ReLU layer 32-32 and a head",
                              "sequence_length": fd.UT_LENGTH, "recurrent_steps": fd.UT_STEPS, "classes": fd.UT_CLASSES,
                              "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.ut_sequences(), knobs.pop("model", None) or fd.UniversalTransformer,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def fractalnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes")
    knobs.setdefault("meta", {"model": "FractalNet-like: a fractal block of 3 columns 1-8 (conv-BN-ReLU, joined by elementwise means), max pooling, a fractal block of 2 columns 8-16, max pooling, mean pooling, a ReLU layer 16-32, a head; local drop-path 0.15 at every join in training",
                              "image": fd.FRACTAL_SIZE, "classes": fd.FRACTAL_CLASSES, "drop_path": fd.FRACTAL_DROP,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.fractal_images(), knobs.pop("model", None) or fd.FractalNetSmall,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def graphunet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 graph kinds")
    knobs.setdefault("meta", {"model": "Graph U-Net-like: a GCN layer 4-32, a top-k pooling of 8 nodes by a learned projection score (tanh-gated, A + A^2 between the kept nodes), a GCN layer 32-32, an unpooling back with a skip connection, a GCN layer 32-32, a mean and max readout, a ReLU layer 64-32, a head",
                              "max_nodes": fd.GUNET_NODES, "pooled_nodes": fd.GUNET_KEEP, "classes": fd.GUNET_CLASSES,
                              "held_out": "cross-entropy on new graphs"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gunet_graphs(), knobs.pop("model", None) or fd.GraphUNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def hurdle_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.hurdle_nll)
    knobs.setdefault("loss_name", "hurdle log-normal negative log-likelihood (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 8-64-64, a ReLU layer 64-32, a head to the logit of a zero, the log-normal's log-mean and its scale (softplus)",
                              "features": fd.HURDLE_FEATURES, "zero_share": "about a third",
                              "held_out": "hurdle log-normal negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.hurdle_rows(), knobs.pop("model", None) or fd.HurdleMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


UT0, FRACTAL0, GUNET0, HURDLE0 = LN(fd.UT_CLASSES), LN(fd.FRACTAL_CLASSES), LN(fd.GUNET_CLASSES), fd.hurdle_at_zero()
"""Where the families start: the Universal-Transformer-like encoder at ln 2, the FractalNet-like CNN and the Graph
U-Net-like classifier at ln 4, the hurdle regressor near 2.4 at step 1 (not ln C; its reference level the NLL of raw
outputs of 0, ~1.76)."""


# utransformer: a Universal-Transformer-like encoder (ONE post-LN transformer block, its weights shared, applied 4 times
# with a learned timestep embedding) naming the majority symbol of the marked tokens of 24, cross-entropy over 2 (0.64
# at step 1, ln 2 = 0.69); works at Adam 1e-4-3e-3 (best 1e-3), RMSprop 3e-4-1e-3, SGDm 0.01 at some seeds only (it
# may never leave chance); stuck at chance from Adam 0.01, SGDm 0.03 on


@case("utransformer-adam-lr-1", "utransformer", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return utransformer_family("adam", 1.0)


@case("utransformer-rmsprop-lr-0p3-1000x-log2", "utransformer", "lr-high-step1", cf=lr_to(3e-4), cf_what="RMSprop lr 3e-4",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return utransformer_family("rmsprop", 0.3, log_every=2)


@case("utransformer-adamw-warmup-cosine-peak-1", "utransformer", "lr-high-ramp", cf=lr_to(1e-3), cf_what="peak lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return utransformer_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("utransformer-adam-lr-1e-5-100x-low", "utransformer", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return utransformer_family("adam", 1e-5)


@case("utransformer-adam-lr-0p01-no-warmup", "utransformer", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60, shape=anything)
def _() -> Setup:
    return utransformer_family("adam", 0.01)


@case("utransformer-adam-missing-token-nan", "utransformer", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sequences with a missing (NaN) token dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return utransformer_family("adam", 1e-3, data=fd.ut_sequences(nan_rows=0.003))


@case("utransformer-adam-fc-dead-at-init", "utransformer", "dead-units",
      cf=lambda s: replace(s, model=fd.UniversalTransformer), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return utransformer_family("adam", 1e-3, model=lambda: fd.UniversalTransformer(dead_bias=-30.0), track_zero_grads=True)


# hurdle: a ReLU MLP regressor of zero-inflated positive targets (about a third exactly 0), the hurdle log-normal
# negative log-likelihood (a sigmoid probability of a zero, a log-normal log-mean and a softplus scale; 2.39 at step 1,
# the NLL of raw outputs of 0 1.76, ending near 1.1); works at Adam 1e-3-0.01 (best 3e-3), SGDm 0.01-0.03, SGD 0.3; Adam 1,
# SGDm 0.3 and SGD 3 end near 1.6; SGD 1 goes NaN (clipped at 1 it trains)


@case("hurdle-adam-lr-1-log2", "hurdle", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return hurdle_family("adam", 1.0, log_every=2)


@case("hurdle-sgdm-lr-3-100x", "hurdle", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hurdle_family("sgdm", 3.0)


@case("hurdle-adamw-warmup-cosine-peak-1", "hurdle", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hurdle_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("hurdle-rmsprop-exponential-gamma-1p02", "hurdle", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hurdle_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("hurdle-nadam-lr-3e-5-100x-low-log3", "hurdle", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hurdle_family("nadam", 3e-5, log_every=3)


@case("hurdle-sgdm-lr-3e-4-100x-low-log2", "hurdle", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hurdle_family("sgdm", 3e-4, log_every=2)


@case("hurdle-sgdm-summed-nll", "hurdle", "summed",
      cf=lambda s: replace(s, loss_fn=fd.hurdle_nll, loss_name="hurdle log-normal negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, HURDLE0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return hurdle_family("sgdm", 0.03, loss_fn=fd.hurdle_nll_summed, loss_name="hurdle log-normal negative log-likelihood summed over the batch's rows (reduction='sum')",
                         val_loss_fn=fd.hurdle_nll, mean_loss_fn=fd.hurdle_nll)  # fmt: skip


@case("hurdle-sgd-summed-nll-log2", "hurdle", "summed",
      cf=lambda s: replace(s, loss_fn=fd.hurdle_nll, loss_name="hurdle log-normal negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, HURDLE0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return hurdle_family("sgd", 0.3, log_every=2, loss_fn=fd.hurdle_nll_summed, loss_name="hurdle log-normal negative log-likelihood summed over the batch's rows (reduction='sum')",
                         val_loss_fn=fd.hurdle_nll, mean_loss_fn=fd.hurdle_nll)  # fmt: skip


@case("hurdle-adam-head-x1000", "hurdle", "last-layer-init",
      cf=lambda s: replace(s, model=fd.HurdleMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, HURDLE0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return hurdle_family("adam", 3e-3, model=lambda: scaled_head(fd.HurdleMLP(), 1000))


@case("hurdle-adam-multistep-x0p1-at-5pct", "hurdle", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return hurdle_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("hurdle-adam-exponential-1000x-in-40-steps", "hurdle", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return hurdle_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("hurdle-adam-missing-feature-nan", "hurdle", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return hurdle_family("adam", 3e-3, data=fd.hurdle_rows(nan_rows=0.003))


@case("hurdle-adam-lr-0p01-recreated-every-2-steps", "hurdle", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return hurdle_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("hurdle-sgd-lr-1-no-clip", "hurdle", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return hurdle_family("sgd", 1.0)


# fractalnet: a FractalNet-like CNN (fractal blocks of 3 and 2 columns of conv-BN-ReLU joined by elementwise means,
# local drop-path 0.15 at every join in training) naming the texture of noisy 12x12 images, cross-entropy over 4 (1.38
# at step 1, ln 4 = 1.39); works at Adam 1e-3-0.03 (best 1e-3-3e-3), SGDm 0.03-0.1; at chance at Adam 1


@case("fractalnet-adam-lr-1-log4", "fractalnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return fractalnet_family("adam", 1.0, log_every=4)


@case("fractalnet-nadam-cyclic-peak-1", "fractalnet", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return fractalnet_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("fractalnet-adam-lr-1e-5-100x-low", "fractalnet", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return fractalnet_family("adam", 1e-5)


@case("fractalnet-sgdm-summed-ce", "fractalnet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, FRACTAL0, "ln 4"))
def _() -> Setup:
    return fractalnet_family("sgdm", 0.1, loss_fn=fd.fractal_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                             val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("fractalnet-adam-multistep-x0p1-at-5pct", "fractalnet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return fractalnet_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("fractalnet-adam-fc-dead-at-init", "fractalnet", "dead-units",
      cf=lambda s: replace(s, model=fd.FractalNetSmall), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return fractalnet_family("adam", 3e-3, model=lambda: fd.FractalNetSmall(dead_bias=-30.0), track_zero_grads=True)


@case("fractalnet-adam-head-x1000", "fractalnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FractalNetSmall), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, FRACTAL0, "ln 4"))
def _() -> Setup:
    return fractalnet_family("adam", 3e-3, model=lambda: scaled_head(fd.FractalNetSmall(), 1000))


# graphunet: a Graph U-Net-like classifier (GCN layers, a top-k pooling of 8 nodes by a learned projection score gating
# the kept nodes, an unpooling back with a skip connection, a mean and max readout) naming the kind of a random graph
# (Erdos-Renyi, hubs, ring lattice, two clusters), cross-entropy over 4 (1.38 at step 1, ln 4 = 1.39); works at Adam
# 1e-3-0.03 (best 0.01), SGDm 0.01-0.1 (best 0.03); at chance at Adam 1, SGDm 0.3; its held-out loss noisy (0.55-0.62
# at Adam 0.01-0.03)


@case("graphunet-adam-lr-1", "graphunet", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return graphunet_family("adam", 1.0)


@case("graphunet-rmsprop-lr-0p3-300x", "graphunet", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return graphunet_family("rmsprop", 0.3, log_every=2)


@case("graphunet-sgdm-lr-30-1000x", "graphunet", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return graphunet_family("sgdm", 30.0)


@case("graphunet-adamw-warmup-cosine-peak-1", "graphunet", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return graphunet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("graphunet-adam-exponential-gamma-1p02", "graphunet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return graphunet_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("graphunet-radam-lr-1e-4-100x-low-log2", "graphunet", "lr-low-adam", cf=lr_to(0.01), cf_what="RAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return graphunet_family("radam", 1e-4, log_every=2)


@case("graphunet-adam-lr-1e-4-100x-low", "graphunet", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return graphunet_family("adam", 1e-4)


@case("graphunet-sgdm-summed-ce", "graphunet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GUNET0, "ln 4"))
def _() -> Setup:
    return graphunet_family("sgdm", 0.03, loss_fn=fd.gunet_ce_summed, loss_name="cross_entropy summed over the batch's graphs (reduction='sum')",
                            val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("graphunet-sgdm-head-x1000", "graphunet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GraphUNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GUNET0, "ln 4"))
def _() -> Setup:
    return graphunet_family("sgdm", 0.03, model=lambda: scaled_head(fd.GraphUNet(), 1000))


@case("graphunet-adam-exponential-1000x-in-40-steps", "graphunet", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return graphunet_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("graphunet-adam-missing-feature-nan", "graphunet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the graphs with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return graphunet_family("adam", 0.01, data=fd.gunet_graphs(nan_rows=0.003))


@case("graphunet-adam-fc-dead-at-init", "graphunet", "dead-units",
      cf=lambda s: replace(s, model=fd.GraphUNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return graphunet_family("adam", 0.01, model=lambda: fd.GraphUNet(dead_bias=-30.0), track_zero_grads=True)


@case("graphunet-adam-lr-0p1-no-warmup", "graphunet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60, shape=anything)
def _() -> Setup:
    return graphunet_family("adam", 0.1)


@case("graphunet-sgd-lr-1-no-clip", "graphunet", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return graphunet_family("sgd", 1.0)


@case("graphunet-adam-128-graphs-overfits", "graphunet", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return graphunet_family("adam", 0.01, steps=600, eval_every=30, data=fd.gunet_graphs(train_rows=128))


# fresh65 half: healthy look-alikes


@case("utransformer-adam-cosine-log2", "utransformer", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.UT_CLASSES))
def _() -> Setup:
    return utransformer_family("adam", 1e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("utransformer-adam-warmup-cosine", "utransformer", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.UT_CLASSES))
def _() -> Setup:
    return utransformer_family("adam", 1e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("utransformer-rmsprop-constant-eval50", "utransformer", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.UT_CLASSES))
def _() -> Setup:
    return utransformer_family("rmsprop", 3e-4, steps=500, eval_every=50)


@case("utransformer-radam-constant-600-steps-log3", "utransformer", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.UT_CLASSES))
def _() -> Setup:
    return utransformer_family("radam", 1e-3, steps=600, eval_every=60, log_every=3)


@case("fractalnet-adam-one-cycle", "fractalnet", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.FRACTAL_CLASSES))
def _() -> Setup:
    return fractalnet_family("adam", 3e-3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("fractalnet-adagrad-step-decay", "fractalnet", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.FRACTAL_CLASSES))
def _() -> Setup:
    return fractalnet_family("adagrad", 0.03, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("fractalnet-nesterov-lr-0p1-cosine", "fractalnet", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fd.FRACTAL_CLASSES))
def _() -> Setup:
    return fractalnet_family("nesterov", 0.1, schedule=cosine_after(0.0), schedule_name="cosine")


@case("fractalnet-adam-warmup-cosine", "fractalnet", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.FRACTAL_CLASSES))
def _() -> Setup:
    return fractalnet_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("graphunet-adam-on-plateau-log5", "graphunet", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.GUNET_CLASSES))
def _() -> Setup:
    return graphunet_family("adam", 0.01, log_every=5, schedule=on_plateau(), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("graphunet-sgdm-cyclic-triangular2", "graphunet", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(fd.GUNET_CLASSES))
def _() -> Setup:
    return graphunet_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("graphunet-nadam-sgdr-log4", "graphunet", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.GUNET_CLASSES))
def _() -> Setup:
    return graphunet_family("nadam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("graphunet-adam-resumed-with-state", "graphunet", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.GUNET_CLASSES))
def _() -> Setup:
    return graphunet_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("graphunet-radam-cosine", "graphunet", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.GUNET_CLASSES))
def _() -> Setup:
    return graphunet_family("radam", 0.03, schedule=cosine_after(0.0), schedule_name="cosine")


@case("hurdle-adamw-cosine-eval25", "hurdle", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return hurdle_family("adamw", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("hurdle-sgd-constant-eval50", "hurdle", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return hurdle_family("sgd", 0.1, steps=500, eval_every=50)


@case("hurdle-adamw-warmup-linear-avg10", "hurdle", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return hurdle_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                         schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("hurdle-adam-resumed-with-state", "hurdle", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return hurdle_family("adam", 3e-3, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)


# fresh65 half, logged once per epoch


@case("hurdle-adam-256-rows-overfits-per-epoch", "hurdle", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return hurdle_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.hurdle_rows(train_rows=256, batch_size=64))


@case("fractalnet-adam-lr-1-per-epoch", "fractalnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return fractalnet_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.fractal_images(n=3200, batch_size=64))


@case("hurdle-adam-cosine-per-epoch", "hurdle", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return hurdle_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.hurdle_rows(n=2944, batch_size=64),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("fractalnet-sgdm-cosine-per-epoch", "fractalnet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.FRACTAL_CLASSES))
def _() -> Setup:
    return fractalnet_family("sgdm", 0.1, steps=50 * 8, log_per_epoch=True, data=fd.fractal_images(n=3200, batch_size=64),
                             schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
