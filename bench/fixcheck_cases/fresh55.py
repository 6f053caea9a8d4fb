"""The fifty-seventh fresh half (fresh55, held out from all tuning):
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


def evidential_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.evidential_loss)
    knobs.setdefault("loss_name", "Normal-Inverse-Gamma negative log-likelihood + 0.01 x evidence regulariser (mean)")
    knobs.setdefault("meta", {"model": "deep evidential regression: ReLU MLP 8-64-64, a ReLU layer 64-32, a head to gamma, nu, alpha, beta (softplus-constrained)",
                              "features": fd.EVIDENTIAL_FEATURES, "evidence_reg": fd.EVIDENTIAL_REG,
                              "held_out": "NIG negative log-likelihood + regulariser on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.evidential_rows(), knobs.pop("model", None) or fd.EvidentialMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def graphtransformer_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 graph kinds")
    knobs.setdefault("meta", {"model": "graph transformer: node features and 4 Laplacian eigenvector encodings embedded to 16, 2 layers of full self-attention over the nodes (2 heads, a learned adjacency bias) and ReLU MLPs, pre-LN, a mean over the nodes, a ReLU layer 16-32, a head",
                              "nodes": fd.GT_NODES, "classes": fd.GT_CLASSES, "laplacian_pe": fd.GT_PE,
                              "held_out": "cross-entropy on new graphs"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.graphtransformer_graphs(), knobs.pop("model", None) or fd.GraphTransformerNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def mlstm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 classes")
    knobs.setdefault("meta", {"model": "xLSTM-like: token embeddings 16, an mLSTM block (a causal conv, 2 heads of matrix memory updated by value-key outer products with exponential input gates, sigmoid forget gates and a stabiliser state, an output gate, a GELU MLP), the last token's state through a ReLU layer 16-32, a head",
                              "length": fd.MLSTM_LENGTH, "vocab": fd.MLSTM_VOCAB,
                              "classes": fd.MLSTM_CLASSES, "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.mlstm_tokens(), knobs.pop("model", None) or fd.MLSTMNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def resnest_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 glyphs")
    knobs.setdefault("meta", {"model": "ResNeSt-like CNN: a 3x3 conv stem 1-8, a 2x2 max pool, 2 blocks of a 1x1 conv, a split-attention 3x3 conv (radix 2, cardinality 2, a softmax over the splits from their pooled sum) and a 1x1 conv with a residual, a global average pool, a ReLU layer 8-32, a head",
                              "image": fd.RESNEST_SIZE, "classes": fd.RESNEST_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.resnest_images(), knobs.pop("model", None) or fd.ResNeStNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


MLSTM0, GT0, RESNEST0, EVIDENTIAL0 = LN(fd.MLSTM_CLASSES), LN(fd.GT_CLASSES), LN(fd.RESNEST_CLASSES), fd.evidential_at_zero()
"""Where the families start: the mLSTM classifier at ln 5, the graph transformer and the ResNeSt-like CNN at ln 4; the
evidential MLP at the NIG loss of raw outputs of 0 (~1.69), not ln C."""


# mlstm: an xLSTM-like classifier (an mLSTM block: matrix memory, exponential input gates, a stabiliser) naming the key
# token that is over-represented and recalled after a marker in sequences of 16 tokens, cross-entropy over 5 (1.70 at
# step 1, ln 5 = 1.61); works at Adam 1e-3-0.01 (best 3e-3), SGDm 0.1


@case("mlstm-adam-lr-1-log4", "mlstm", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return mlstm_family("adam", 1.0, log_every=4)


@case("mlstm-adamw-warmup-cosine-peak-1", "mlstm", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mlstm_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("mlstm-adam-lr-1e-4-30x-low", "mlstm", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return mlstm_family("adam", 1e-4)


@case("mlstm-nadam-lr-1e-4-30x-low-log3", "mlstm", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return mlstm_family("nadam", 1e-4, log_every=3)


@case("mlstm-sgdm-summed-ce", "mlstm", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, MLSTM0, "ln 5"))
def _() -> Setup:
    return mlstm_family("sgdm", 0.1, loss_fn=fd.mlstm_ce_summed, loss_name="cross_entropy summed over the batch's sequences (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("mlstm-adam-head-x1000", "mlstm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MLSTMNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MLSTM0, "ln 5"))
def _() -> Setup:
    return mlstm_family("adam", 3e-3, model=lambda: scaled_head(fd.MLSTMNet(), 1000))


@case("mlstm-adam-exponential-1000x-in-40-steps", "mlstm", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return mlstm_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("mlstm-adam-fc-dead-at-init", "mlstm", "dead-units",
      cf=lambda s: replace(s, model=fd.MLSTMNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return mlstm_family("adam", 3e-3, model=lambda: fd.MLSTMNet(dead_bias=-30.0), track_zero_grads=True)


@case("mlstm-adam-lr-0p05-no-warmup", "mlstm", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return mlstm_family("adam", 0.05)


@case("mlstm-adamw-lr-0p1-no-warmup", "mlstm", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return mlstm_family("adamw", 0.1)


# graphtransformer: a graph transformer (full self-attention over the nodes with a learned adjacency bias, Laplacian
# eigenvector encodings) naming the kind of a 12-node graph (ring, star-like tree, two clusters, grid), cross-entropy
# over 4 (1.51 at step 1, ln 4 = 1.39); works at Adam 1e-3-3e-3, SGDm 0.03-0.1


@case("graphtransformer-nadam-lr-1", "graphtransformer", "lr-high-step1", cf=lr_to(1e-3), cf_what="NAdam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return graphtransformer_family("nadam", 1.0)


@case("graphtransformer-sgdm-lr-30-1000x", "graphtransformer", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return graphtransformer_family("sgdm", 30.0)


@case("graphtransformer-adamw-warmup-cosine-peak-1", "graphtransformer", "lr-high-ramp", cf=lr_to(1e-3), cf_what="peak lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return graphtransformer_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("graphtransformer-adam-exponential-gamma-1p02", "graphtransformer", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return graphtransformer_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("graphtransformer-adam-lr-1e-5-100x-low", "graphtransformer", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return graphtransformer_family("adam", 1e-5)


@case("graphtransformer-radam-lr-1e-5-100x-low-log2", "graphtransformer", "lr-low-adam", cf=lr_to(1e-3), cf_what="RAdam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return graphtransformer_family("radam", 1e-5, log_every=2)


@case("graphtransformer-sgdm-lr-1e-3-30x-low-log3", "graphtransformer", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return graphtransformer_family("sgdm", 1e-3, log_every=3)


@case("graphtransformer-adam-lr-0p03-no-warmup", "graphtransformer", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return graphtransformer_family("adam", 0.03)


@case("graphtransformer-sgdm-summed-ce", "graphtransformer", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GT0, "ln 4"))
def _() -> Setup:
    return graphtransformer_family("sgdm", 0.03, loss_fn=fd.graphtransformer_ce_summed, loss_name="cross_entropy summed over the batch's graphs (reduction='sum')",
                                   val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("graphtransformer-adam-head-x1000", "graphtransformer", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GraphTransformerNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GT0, "ln 4"))
def _() -> Setup:
    return graphtransformer_family("adam", 1e-3, model=lambda: scaled_head(fd.GraphTransformerNet(), 1000))


@case("graphtransformer-adam-multistep-x0p1-at-5pct", "graphtransformer", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return graphtransformer_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("graphtransformer-adam-missing-feature-nan", "graphtransformer", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the graphs with a missing (NaN) node feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return graphtransformer_family("adam", 1e-3, data=fd.graphtransformer_graphs(nan_rows=0.003))


@case("graphtransformer-adam-fc-dead-at-init", "graphtransformer", "dead-units",
      cf=lambda s: replace(s, model=fd.GraphTransformerNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return graphtransformer_family("adam", 1e-3, model=lambda: fd.GraphTransformerNet(dead_bias=-30.0), track_zero_grads=True)


@case("graphtransformer-sgd-lr-3-no-clip", "graphtransformer", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return graphtransformer_family("sgd", 3.0)


# evidential: a deep evidential regressor (an MLP to the Normal-Inverse-Gamma parameters gamma, nu, alpha, beta) of
# targets with heteroscedastic noise, the NIG negative log-likelihood plus 0.01 x the evidence regulariser (1.62 at step
# 1, ~1.69 at raw outputs of 0); works at Adam 3e-3-0.03 (best 0.01 with a schedule), SGDm 0.03


@case("evidential-adam-lr-1-log2", "evidential", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return evidential_family("adam", 1.0, log_every=2)


@case("evidential-sgdm-lr-30-1000x", "evidential", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return evidential_family("sgdm", 30.0)


@case("evidential-adamw-warmup-cosine-peak-1", "evidential", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return evidential_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("evidential-rmsprop-exponential-gamma-1p02", "evidential", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return evidential_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("evidential-sgdm-summed", "evidential", "summed",
      cf=lambda s: replace(s, loss_fn=fd.evidential_loss, loss_name="NIG negative log-likelihood + regulariser (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, EVIDENTIAL0, "the NIG loss of raw outputs of 0"))
def _() -> Setup:
    return evidential_family("sgdm", 0.03, loss_fn=fd.evidential_summed, loss_name="NIG negative log-likelihood + regulariser summed over the batch's rows (reduction='sum')",
                             val_loss_fn=fd.evidential_loss, mean_loss_fn=fd.evidential_loss)  # fmt: skip


@case("evidential-adam-exponential-1000x-in-40-steps", "evidential", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return evidential_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("evidential-adam-missing-feature-nan", "evidential", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return evidential_family("adam", 3e-3, data=fd.evidential_rows(nan_rows=0.003))


@case("evidential-adam-lr-0p01-recreated-every-4-steps", "evidential", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return evidential_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("evidential-adam-256-rows-overfits", "evidential", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return evidential_family("adam", 0.01, steps=600, eval_every=30, data=fd.evidential_rows(train_rows=256))


@case("evidential-sgd-lr-1-no-clip", "evidential", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return evidential_family("sgd", 1.0)


# resnest: a ResNeSt-like CNN (split-attention blocks: radix 2, cardinality 2, a softmax over the splits) naming the
# glyph (hollow square, plus, X, block) in 12x12 images with a distractor bar, cross-entropy over 4 (1.40 at step 1,
# ln 4 = 1.39); works at Adam 3e-3-0.03 (best 0.01-0.03), SGDm 0.3


@case("resnest-adam-lr-1-log2", "resnest", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return resnest_family("adam", 1.0, log_every=2)


@case("resnest-sgdm-lr-30-100x", "resnest", "lr-high-step1", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return resnest_family("sgdm", 30.0)


@case("resnest-nadam-cyclic-peak-1", "resnest", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return resnest_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("resnest-adam-lr-1e-4-100x-low", "resnest", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return resnest_family("adam", 1e-4)


@case("resnest-sgdm-summed-ce", "resnest", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, RESNEST0, "ln 4"))
def _() -> Setup:
    return resnest_family("sgdm", 0.3, loss_fn=fd.resnest_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                          val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("resnest-adam-multistep-x0p1-at-5pct", "resnest", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return resnest_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("resnest-adam-missing-pixel-nan", "resnest", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return resnest_family("adam", 0.01, data=fd.resnest_images(nan_rows=0.003))


@case("resnest-adam-lr-3e-3-head-x1000", "resnest", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ResNeStNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, RESNEST0, "ln 4"))
def _() -> Setup:
    return resnest_family("adam", 3e-3, model=lambda: scaled_head(fd.ResNeStNet(), 1000))


@case("resnest-adam-fc-dead-at-init", "resnest", "dead-units",
      cf=lambda s: replace(s, model=fd.ResNeStNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return resnest_family("adam", 0.01, model=lambda: fd.ResNeStNet(dead_bias=-30.0), track_zero_grads=True)


@case("evidential-adam-lr-1e-4-30x-low-log2", "evidential", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return evidential_family("adam", 1e-4, log_every=2)


# fresh55 half: healthy look-alikes


@case("mlstm-adam-cosine-log2", "mlstm", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.MLSTM_CLASSES))
def _() -> Setup:
    return mlstm_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("graphtransformer-adamw-cosine-eval25", "graphtransformer", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.GT_CLASSES))
def _() -> Setup:
    return graphtransformer_family("adamw", 1e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("mlstm-nadam-sgdr-log4", "mlstm", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.MLSTM_CLASSES))
def _() -> Setup:
    return mlstm_family("nadam", 3e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("evidential-adagrad-step-decay", "evidential", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return evidential_family("adagrad", 0.1, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("graphtransformer-radam-step-decay-log3", "graphtransformer", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.GT_CLASSES))
def _() -> Setup:
    return graphtransformer_family("radam", 0.01, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("evidential-sgdm-cyclic-triangular2", "evidential", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return evidential_family("sgdm", 0.03, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("graphtransformer-adam-one-cycle", "graphtransformer", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.GT_CLASSES))
def _() -> Setup:
    return graphtransformer_family("adam", 3e-3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("evidential-nesterov-one-cycle", "evidential", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return evidential_family("nesterov", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("evidential-adamw-warmup-linear-avg10", "evidential", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return evidential_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                             schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("resnest-adam-warmup-cosine", "resnest", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.RESNEST_CLASSES))
def _() -> Setup:
    return resnest_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("graphtransformer-adam-warmup-cosine", "graphtransformer", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.GT_CLASSES))
def _() -> Setup:
    return graphtransformer_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("resnest-adam-resumed-with-state", "resnest", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.RESNEST_CLASSES))
def _() -> Setup:
    return resnest_family("adam", 0.03, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("mlstm-adam-resumed-with-state", "mlstm", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.MLSTM_CLASSES))
def _() -> Setup:
    return mlstm_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("evidential-adam-resumed-with-state", "evidential", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return evidential_family("adam", 3e-3, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)


@case("mlstm-rmsprop-constant-log5", "mlstm", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.MLSTM_CLASSES))
def _() -> Setup:
    return mlstm_family("rmsprop", 1e-3, log_every=5)


@case("mlstm-adam-reduce-on-plateau-log4", "mlstm", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.MLSTM_CLASSES))
def _() -> Setup:
    return mlstm_family("adam", 3e-3, log_every=4, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("graphtransformer-sgd-lr-0p3-cosine", "graphtransformer", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fd.GT_CLASSES))
def _() -> Setup:
    return graphtransformer_family("sgd", 0.3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("evidential-adam-finetune-lr-1e-4", "evidential", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return evidential_family("adam", 1e-4, steps=300, eval_every=30, model=fd.pretrained_evidential,
                             meta={"features": fd.EVIDENTIAL_FEATURES, "evidence_reg": fd.EVIDENTIAL_REG, "pretrained": True})  # fmt: skip


# fresh55 half, logged once per epoch


@case("evidential-adam-256-rows-overfits-per-epoch", "evidential", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return evidential_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.evidential_rows(train_rows=256, batch_size=64))


@case("mlstm-adam-lr-1-per-epoch", "mlstm", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return mlstm_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.mlstm_tokens(n=2944, batch_size=64))


@case("resnest-adam-lr-1-per-epoch", "resnest", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return resnest_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.resnest_images(n=2944, batch_size=64))


@case("evidential-adam-cosine-per-epoch", "evidential", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return evidential_family("adam", 0.03, steps=46 * 9, log_per_epoch=True, data=fd.evidential_rows(n=2944, batch_size=64),
                             schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("mlstm-adam-cosine-per-epoch", "mlstm", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.MLSTM_CLASSES))
def _() -> Setup:
    return mlstm_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.mlstm_tokens(n=2944, batch_size=64),
                        schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
