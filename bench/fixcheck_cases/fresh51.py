"""The fifty-third fresh half (fresh51, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from torch.nn import functional as F

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


def lstnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the next step of 4 channels")
    knobs.setdefault("meta", {"model": "LSTNet-like: a Conv1d 4-16 (kernel 3) over time, a GRU 16-16, a skip-GRU 16-8 over a period of 8, a ReLU layer 80-32, a head 32-4, plus a linear autoregressive highway over the last 8 steps",
                              "lookback": fd.LSTNET_LOOKBACK, "channels": fd.LSTNET_CHANNELS, "period": fd.LSTNET_PERIOD,
                              "held_out": "mse on new windows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.lstnet_series(), knobs.pop("model", None) or fd.LSTNetNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def rgcn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 node classes")
    knobs.setdefault("meta", {"model": "R-GCN: 2 relational graph convolutions 8-16-16 (a weight per relation from 2 bases, a self-loop weight), a ReLU layer 16-32, a head",
                              "nodes": fd.RGCN_NODES, "relations": fd.RGCN_RELATIONS, "bases": fd.RGCN_BASES,
                              "classes": fd.RGCN_CLASSES, "held_out": "cross-entropy on the unlabelled nodes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.rgcn_nodes(), knobs.pop("model", None) or fd.RGCNNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def sparseattn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes")
    knobs.setdefault("meta", {"model": "sparse-attention transformer: token embeddings 16 and learned positions, a global token, 2 pre-LN blocks of block-sparse local (blocks of 8, one block each side) + global attention, 2 heads, the global token's state through a ReLU layer 16-32, a head",
                              "length": fd.SPARSEATTN_LENGTH, "vocab": fd.SPARSEATTN_VOCAB, "block": fd.SPARSEATTN_BLOCK,
                              "classes": fd.SPARSEATTN_CLASSES, "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.sparseattn_tokens(), knobs.pop("model", None) or fd.SparseAttnNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def laplacenll_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.laplacenll_loss)
    knobs.setdefault("loss_name", "heteroscedastic Laplace negative log-likelihood (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 8-64-64, a ReLU layer 64-32, a head to the location and the log-scale",
                              "features": fd.LAPLACENLL_FEATURES, "held_out": "Laplace negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.laplacenll_rows(), knobs.pop("model", None) or fd.LaplaceNLLMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


LSTNET0, RGCN0, SPARSEATTN0, LAPLACENLL0 = fd.lstnet_at_zero(), LN(fd.RGCN_CLASSES), LN(fd.SPARSEATTN_CLASSES), fd.laplacenll_at_zero()
"""Where the families start: the R-GCN and the sparse-attention classifier at ln 4; LSTNet at the MSE of a forecast of 0
(~1.14), the Laplace MLP at the negative log-likelihood of a location of 0 and a scale of 1 (~1.6), not ln C."""


# sparseattn: a tiny transformer of block-sparse local + global-token attention naming the over-represented key token of
# sequences of 64 tokens, cross-entropy over 4 (1.41 at step 1, ln 4 = 1.39); works at Adam 3e-3-0.01


@case("sparseattn-adam-lr-1-log4", "sparseattn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return sparseattn_family("adam", 1.0, log_every=4)


@case("sparseattn-adamw-warmup-cosine-peak-1", "sparseattn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sparseattn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("sparseattn-adam-lr-3e-5-100x-low", "sparseattn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sparseattn_family("adam", 3e-5)


@case("sparseattn-nadam-lr-3e-5-100x-low-log3", "sparseattn", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sparseattn_family("nadam", 3e-5, log_every=3)


@case("sparseattn-sgdm-summed-ce", "sparseattn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SPARSEATTN0, "ln 4"))
def _() -> Setup:
    return sparseattn_family("sgdm", 0.03, loss_fn=fd.sparseattn_ce_summed, loss_name="cross_entropy summed over the batch's sequences (reduction='sum')",
                             val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("sparseattn-adam-head-x1000", "sparseattn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SparseAttnNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SPARSEATTN0, "ln 4"))
def _() -> Setup:
    return sparseattn_family("adam", 3e-3, model=lambda: scaled_head(fd.SparseAttnNet(), 1000))


@case("sparseattn-adam-multistep-x0p1-at-5pct", "sparseattn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return sparseattn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("sparseattn-adam-fc-dead-at-init", "sparseattn", "dead-units",
      cf=lambda s: replace(s, model=fd.SparseAttnNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return sparseattn_family("adam", 3e-3, model=lambda: fd.SparseAttnNet(dead_bias=-30.0), track_zero_grads=True)


@case("sparseattn-adam-lr-0p05-no-warmup", "sparseattn", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return sparseattn_family("adam", 0.05)


@case("sparseattn-adamw-lr-0p03-no-warmup", "sparseattn", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return sparseattn_family("adamw", 0.03)


# rgcn: an R-GCN (relational graph convolutions, a weight per relation from 2 bases) naming the class of a node of a
# synthetic multi-relational graph, cross-entropy over 4 (1.43 at step 1, ln 4 = 1.39); works at Adam 3e-3, SGDm 0.03


@case("rgcn-adam-lr-1", "rgcn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return rgcn_family("adam", 1.0)


@case("rgcn-sgdm-lr-30-1000x", "rgcn", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return rgcn_family("sgdm", 30.0)


@case("rgcn-adamw-warmup-cosine-peak-1", "rgcn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return rgcn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("rgcn-adam-exponential-gamma-1p02", "rgcn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return rgcn_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("rgcn-adam-lr-3e-5-100x-low", "rgcn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return rgcn_family("adam", 3e-5)


@case("rgcn-sgdm-summed-ce", "rgcn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, RGCN0, "ln 4"))
def _() -> Setup:
    return rgcn_family("sgdm", 0.03, loss_fn=fd.rgcn_ce_summed, loss_name="cross_entropy summed over the batch's nodes (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("rgcn-adam-head-x1000", "rgcn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.RGCNNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, RGCN0, "ln 4"))
def _() -> Setup:
    return rgcn_family("adam", 3e-3, model=lambda: scaled_head(fd.RGCNNet(), 1000))


@case("rgcn-adam-multistep-x0p1-at-5pct", "rgcn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return rgcn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("rgcn-adam-missing-feature-nan", "rgcn", "nan-early", cf=lambda s: replace(s, model=fd.RGCNNet),
      cf_what="the nodes' features without the missing (NaN) values", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return rgcn_family("adam", 3e-3, model=lambda: fd.RGCNNet(nan_nodes=0.003))


@case("rgcn-adam-fc-dead-at-init", "rgcn", "dead-units",
      cf=lambda s: replace(s, model=fd.RGCNNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return rgcn_family("adam", 3e-3, model=lambda: fd.RGCNNet(dead_bias=-30.0), track_zero_grads=True)


# laplacenll: a ReLU MLP of a heteroscedastic Laplace model (the location and the log-scale) of targets whose noise scale
# depends on the input, the Laplace negative log-likelihood (1.66 at step 1, 1.6 at a location of 0 and a scale of 1);
# works at Adam 3e-3-0.01


@case("laplacenll-adam-lr-1-log2", "laplacenll", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return laplacenll_family("adam", 1.0, log_every=2)


@case("laplacenll-sgdm-lr-30-1000x", "laplacenll", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return laplacenll_family("sgdm", 30.0)


@case("laplacenll-adamw-warmup-cosine-peak-1", "laplacenll", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return laplacenll_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("laplacenll-rmsprop-exponential-gamma-1p02", "laplacenll", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return laplacenll_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("laplacenll-adam-lr-1e-4-100x-low", "laplacenll", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return laplacenll_family("adam", 1e-4)


@case("laplacenll-sgdm-lr-3e-4-100x-low-log3", "laplacenll", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return laplacenll_family("sgdm", 3e-4, log_every=3)


@case("laplacenll-sgdm-summed", "laplacenll", "summed",
      cf=lambda s: replace(s, loss_fn=fd.laplacenll_loss, loss_name="Laplace negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, LAPLACENLL0, "the Laplace NLL of a location of 0, scale 1"))
def _() -> Setup:
    return laplacenll_family("sgdm", 0.03, loss_fn=fd.laplacenll_summed, loss_name="Laplace negative log-likelihood summed over the batch's rows (reduction='sum')",
                             val_loss_fn=fd.laplacenll_loss, mean_loss_fn=fd.laplacenll_loss)  # fmt: skip


@case("laplacenll-adam-exponential-1000x-in-40-steps", "laplacenll", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return laplacenll_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("laplacenll-adam-missing-feature-nan", "laplacenll", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return laplacenll_family("adam", 0.01, data=fd.laplacenll_rows(nan_rows=0.003))


@case("laplacenll-adam-fc-dead-at-init", "laplacenll", "dead-units",
      cf=lambda s: replace(s, model=fd.LaplaceNLLMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return laplacenll_family("adam", 0.01, model=lambda: fd.LaplaceNLLMLP(dead_bias=-30.0), track_zero_grads=True)


@case("laplacenll-adam-lr-0p01-recreated-every-4-steps", "laplacenll", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return laplacenll_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("laplacenll-adam-256-rows-overfits", "laplacenll", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return laplacenll_family("adam", 0.01, steps=600, eval_every=30, data=fd.laplacenll_rows(train_rows=256))


@case("laplacenll-sgd-lr-1-no-clip", "laplacenll", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return laplacenll_family("sgd", 1.0)


# lstnet: an LSTNet-like forecaster (a convolution over time, a GRU, a skip-GRU over the period, a linear autoregressive
# highway) of the next step of 4 periodic channels, MSE (1.24 at step 1, 1.14 for a forecast of 0); works at Adam
# 3e-3-0.01, SGDm 0.03


@case("lstnet-adam-lr-1-log2", "lstnet", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return lstnet_family("adam", 1.0, log_every=2)


@case("lstnet-sgdm-lr-30-1000x", "lstnet", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lstnet_family("sgdm", 30.0)


@case("lstnet-nadam-cyclic-peak-1", "lstnet", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lstnet_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("lstnet-adam-lr-3e-5-100x-low", "lstnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lstnet_family("adam", 3e-5)


@case("lstnet-sgdm-summed-mse", "lstnet", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (reduction='mean')"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, LSTNET0, "the MSE of a forecast of 0"))
def _() -> Setup:
    return lstnet_family("sgdm", 0.03, loss_fn=fd.lstnet_mse_summed, loss_name="mse summed over the batch's windows (reduction='sum')",
                         val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("lstnet-adam-head-x1000", "lstnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LSTNetNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LSTNET0, "the MSE of a forecast of 0"))
def _() -> Setup:
    return lstnet_family("adam", 3e-3, model=lambda: scaled_head(fd.LSTNetNet(), 1000))


@case("lstnet-adam-exponential-1000x-in-40-steps", "lstnet", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return lstnet_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("lstnet-adam-missing-value-nan", "lstnet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the windows with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return lstnet_family("adam", 3e-3, data=fd.lstnet_series(nan_rows=0.003))


@case("lstnet-sgd-lr-1-no-clip", "lstnet", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return lstnet_family("sgd", 1.0)


# fresh51 half: healthy look-alikes


@case("sparseattn-adam-cosine-log2", "sparseattn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.SPARSEATTN_CLASSES))
def _() -> Setup:
    return sparseattn_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("rgcn-adam-cosine", "rgcn", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.RGCN_CLASSES))
def _() -> Setup:
    return rgcn_family("adam", 3e-3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("sparseattn-nadam-sgdr-log4", "sparseattn", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fd.SPARSEATTN_CLASSES))
def _() -> Setup:
    return sparseattn_family("nadam", 3e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("laplacenll-adagrad-step-decay", "laplacenll", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return laplacenll_family("adagrad", 0.1, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("rgcn-radam-step-decay-log3", "rgcn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.RGCN_CLASSES))
def _() -> Setup:
    return rgcn_family("radam", 0.01, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("laplacenll-sgdm-cyclic-triangular2", "laplacenll", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return laplacenll_family("sgdm", 0.03, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("lstnet-sgdm-one-cycle", "lstnet", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return lstnet_family("sgdm", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("laplacenll-nesterov-one-cycle", "laplacenll", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return laplacenll_family("nesterov", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("laplacenll-adamw-warmup-linear-avg10", "laplacenll", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return laplacenll_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                             schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("lstnet-adam-warmup-cosine", "lstnet", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return lstnet_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("rgcn-adam-warmup-cosine", "rgcn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.RGCN_CLASSES))
def _() -> Setup:
    return rgcn_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("lstnet-adam-resumed-with-state", "lstnet", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return lstnet_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("sparseattn-adam-resumed-with-state", "sparseattn", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.SPARSEATTN_CLASSES))
def _() -> Setup:
    return sparseattn_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("laplacenll-adam-resumed-with-state", "laplacenll", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return laplacenll_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("sparseattn-rmsprop-constant-log5", "sparseattn", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.SPARSEATTN_CLASSES))
def _() -> Setup:
    return sparseattn_family("rmsprop", 1e-3, log_every=5)


@case("lstnet-adam-constant-log5", "lstnet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return lstnet_family("adam", 3e-3, log_every=5)


# fresh51 half, logged once per epoch


@case("laplacenll-adam-256-rows-overfits-per-epoch", "laplacenll", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return laplacenll_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.laplacenll_rows(train_rows=256, batch_size=64))


@case("sparseattn-adam-lr-1-per-epoch", "sparseattn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return sparseattn_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.sparseattn_tokens(n=2944, batch_size=64))


@case("lstnet-adam-lr-1-per-epoch", "lstnet", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return lstnet_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.lstnet_series(n=2944, batch_size=64))


@case("laplacenll-adam-cosine-per-epoch", "laplacenll", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return laplacenll_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.laplacenll_rows(n=2944, batch_size=64),
                             schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("sparseattn-adam-cosine-per-epoch", "sparseattn", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.SPARSEATTN_CLASSES))
def _() -> Setup:
    return sparseattn_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.sparseattn_tokens(n=2944, batch_size=64),
                             schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
