"""The second fresh half (fresh2, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import torch

import fixcheck_data as fd
from fixcheck_cases.fresh import explodes, on_plateau
from fixcheck_cases.tune import C5, HIGH
from fixcheck_core import (
    anything, case, dead_from, early_peak, early_rise, first_dead, first_loss_above, first_nan, flat_late,
    healthy_shape, lr_down_by, lr_to, nan_within, overfits, rises_after_dip, setup, still_falling,
)
from harness import (
    LN, Setup, cosine_after, cross_entropy, cyclic, exponential, exponential_to, linear_decay_after, multistep,
    one_cycle, scaled_head, warm_restarts,
)


def graph(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    return setup(knobs.pop("data", None) or fd.graph_nodes(), knobs.pop("model", None) or fd.GraphConvNet, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def contrast(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    knobs.setdefault("loss_fn", fd.info_nce)
    knobs.setdefault("loss_name", f"InfoNCE (temperature {fd.TEMPERATURE})")
    knobs.setdefault("val_loss_fn", fd.held_out_info_nce)
    return setup(knobs.pop("data", None) or fd.paired_views(), knobs.pop("model", None) or fd.PairEncoder, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def forecast(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.huber)
    knobs.setdefault("loss_name", "huber")
    return setup(knobs.pop("data", None) or fd.seasonal_windows(), knobs.pop("model", None) or fd.CausalTCN, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def multilabel(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    knobs.setdefault("loss_fn", fd.bce_logits)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits")
    knobs.setdefault("meta", {"num_labels": 24})
    return setup(knobs.pop("data", None) or fd.tagged_docs(), knobs.pop("model", None) or fd.TagBagMLP, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def without_missing_targets(data: fd.Data) -> fd.Data:
    """The data without its training rows that have a missing (NaN) value in their target."""
    ok = torch.isfinite(data.y).reshape(len(data.y), -1).all(1)
    return replace(data, x=data.x[ok], y=data.y[ok])


LN64, LN2 = LN(64), LN(2)

# graph: 2-layer GCN (hidden 32) on a 2000-node stochastic block model graph (5 blocks); works at Adam 3e-3, SGDm 0.03


@case("graph-gcn-adam-lr-0p5-150x-from-step-1", "graph", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return graph("adam", 0.5)


@case("graph-gcn-sgd-lr-3-30x-from-step-1-log2", "graph", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return graph("sgd", 3.0, log_every=2)


@case("graph-gcn-sgd-lr-3e-3-100x-low-log5", "graph", "lr-low-sgd", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return graph("sgd", 3e-3, log_every=5)


@case("graph-gcn-sgdm-multistep-x0p1-at-5pct", "graph", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return graph("sgdm", 0.03, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("graph-gcn4-adam-lr-0p1-no-warmup", "graph", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "dead-units"), tol=60,
      shape=early_peak(1.2))
def _() -> Setup:
    return graph("adam", 0.1, model=lambda: fd.GraphConvNet(hidden_layers=2))


@case("graph-gcn-sgd-summed-loss", "graph", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, C5, "ln 5"))
def _() -> Setup:
    return graph("sgd", 0.1, loss_fn=fd.lm_summed, loss_name="cross_entropy (reduction='sum')", val_loss_fn=cross_entropy,
                 mean_loss_fn=cross_entropy)  # fmt: skip


@case("graph-gcn-adam-first-layer-dead-at-init", "graph", "dead-units",
      cf=lambda s: replace(s, model=fd.GraphConvNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return graph("adam", 3e-3, model=lambda: fd.GraphConvNet(dead_bias=-6.0), track_zero_grads=True)


@case("graph-gcn-adam-60-labelled-nodes-overfits", "graph", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return graph("adam", 3e-3, eval_every=30, data=fd.graph_nodes(train_rows=60))


@case("graph-gcn-rmsprop-recreated-each-epoch", "graph", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return graph("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(31, 600, 31)))


# contrast: MLP encoder of two noisy views of an item, symmetric InfoNCE over the batch (64); works at Adam 3e-3, SGDm 0.3


@case("contrast-mlp-adam-lr-1e-4-30x-low", "contrast", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return contrast("adam", 1e-4)


@case("contrast-mlp-adam-lr-0p1-30x-from-step-1", "contrast", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=800, shape=anything)
def _() -> Setup:
    return contrast("adam", 0.1)


@case("contrast-mlp4-adamw-lr-0p03-no-warmup", "contrast", "missing-warmup", cf=lambda s: replace(s, warmup_steps=80),
      cf_what="an 80-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "dead-units"), tol=80,
      shape=early_rise(1.2))
def _() -> Setup:
    return contrast("adamw", 0.03, model=lambda: fd.PairEncoder(layers=4))


@case("contrast-mlp-sgdm-summed-loss", "contrast", "summed",
      cf=lambda s: replace(s, loss_fn=fd.info_nce, loss_name="InfoNCE"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, LN64, "ln 64"))
def _() -> Setup:
    return contrast("sgdm", 0.3, loss_fn=fd.info_nce_summed, loss_name="InfoNCE (reduction='sum')", mean_loss_fn=fd.info_nce)


@case("contrast-mlp-adam-infonce-by-hand-overflow", "contrast", "nan-overflow",
      cf=lambda s: replace(s, loss_fn=fd.info_nce_first_view), cf_what="log-sum-exp (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(2, 800))
def _() -> Setup:
    return contrast("adam", 0.03, model=lambda: fd.PairEncoder(normalize=False), loss_fn=fd.info_nce_by_hand,
                    loss_name="InfoNCE by hand (exp without max, unnormalised embeddings)",
                    safe_loss_fn=fd.info_nce_first_view)  # fmt: skip


@case("contrast-mlp-adam-300-items-overfits", "contrast", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return contrast("adam", 3e-3, eval_every=40, data=fd.paired_views(train_rows=300))


# forecast: causal dilated TCN (or a GRU / vanilla RNN) forecasting 8 values of multi-seasonal series, Huber loss;
# works at Adam 3e-3..0.03, SGD 0.3


@case("forecast-rnn-sgd-lr-3-no-clip-explodes", "forecast", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=15, shape=explodes(10))
def _() -> Setup:
    return forecast("sgd", 3.0, model=lambda: fd.SeriesRNN("rnn", gain=1.0))


@case("forecast-rnn-sgd-lr-6-no-clip-explodes-log2", "forecast", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=15, shape=explodes(30))
def _() -> Setup:
    return forecast("sgd", 6.0, log_every=2, model=lambda: fd.SeriesRNN("rnn", gain=1.2))


@case("forecast-tcn-sgd-lr-3e-3-100x-low-log4", "forecast", "lr-low-sgd", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return forecast("sgd", 3e-3, log_every=4)


@case("forecast-tcn-sgdm-lr-0p7-diverges-after-dip", "forecast", "lr-high-diverge", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip())
def _() -> Setup:
    return forecast("sgdm", 0.7)


@case("forecast-tcn-sgdm-exponential-gamma-1p02-nan", "forecast", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(20, 600))
def _() -> Setup:
    return forecast("sgdm", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("forecast-tcn-adam-exponential-100x-in-120-steps", "forecast", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=120, shape=lr_down_by(0.011, 120))
def _() -> Setup:
    return forecast("adam", 1e-3, schedule=exponential_to(0.01, 0.2), schedule_name="ExponentialLR per batch, x0.01 by step 120")


@case("forecast-tcn-rmsprop-resumed-without-state-x2", "forecast", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="optimizer state kept",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=201, tol=5,
      shape=anything)
def _() -> Setup:
    return forecast("rmsprop", 3e-3, recreate_optimizer_at=frozenset({200, 400}))


@case("forecast-tcn-adam-gap-in-target-mid-run", "forecast", "nan-midrun",
      cf=lambda s: replace(s, data=without_missing_targets(s.data)), cf_what="the windows with a gap dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(2, 600))
def _() -> Setup:
    return forecast("adam", 3e-3, data=fd.seasonal_windows(nan_rows=2))


@case("forecast-tcn-adam-lr-0p03-constant-plateau", "forecast", "plateau", cf=lambda s: replace(s, decay_step=200),
      cf_what="lr x0.1 from step 200", must=("plateau",), may=("lr-too-high", "overfitting"), fault_step=200, tol=200,
      shape=flat_late)
def _() -> Setup:
    return forecast("adam", 0.03)


@case("forecast-tcn-sgdm-lr-0p3-constant-plateau-log5", "forecast", "plateau", cf=lambda s: replace(s, decay_step=200),
      cf_what="lr x0.1 from step 200", must=("plateau",), may=("lr-too-high", "overfitting"), fault_step=200, tol=200,
      shape=flat_late)
def _() -> Setup:
    return forecast("sgdm", 0.3, log_every=5)


@case("forecast-tcn-rmsprop-lr-0p01-recreated-each-epoch", "forecast", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=188, tol=5,
      shape=anything)
def _() -> Setup:
    return forecast("rmsprop", 0.01, recreate_optimizer_at=frozenset(range(187, 600, 187)))


# multilabel: EmbeddingBag + ReLU MLP tagging documents with 24 tags, BCE with logits; works at Adam 0.01, SGDm 1


@case("multilabel-bag-adamw-warmup-cosine-peak-1", "multilabel", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=800, shape=rises_after_dip(1.15))
def _() -> Setup:
    return multilabel("adamw", 1.0, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("multilabel-bag-adam-lr-0p2-20x-from-step-1-log2", "multilabel", "lr-high-step1", cf=lr_to(0.01),
      cf_what="Adam lr 0.01", must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return multilabel("adam", 0.2, log_every=2)


@case("multilabel-bag-adam-exponential-100x-in-150-steps", "multilabel", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=150, shape=lr_down_by(0.011, 160))
def _() -> Setup:
    return multilabel("adam", 0.01, schedule=exponential_to(0.01, 0.2), schedule_name="ExponentialLR per batch, x0.01 by step 160")


@case("multilabel-bag-sgdm-head-x300", "multilabel", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TagBagMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(20, LN2, "ln 2"))
def _() -> Setup:
    return multilabel("sgdm", 1.0, model=lambda: scaled_head(fd.TagBagMLP(), 300, bias=True))


@case("multilabel-bag-adam-bce-by-hand-log0", "multilabel", "nan-log0",
      cf=lambda s: replace(s, loss_fn=fd.bce_logits), cf_what="binary_cross_entropy_with_logits (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(5, 800))
def _() -> Setup:
    return multilabel("adam", 0.05, loss_fn=fd.bce_by_hand, loss_name="binary cross-entropy by hand (log of sigmoid)",
                      val_loss_fn=fd.bce_logits, safe_loss_fn=fd.bce_logits)  # fmt: skip


@case("multilabel-bag-adam-lr-1-dead-relus", "multilabel", "dead-units", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("dead-units",), may=("lr-too-high", "plateau", "exploding-gradients"), fault_step=first_dead, tol=100,
      shape=dead_from)
def _() -> Setup:
    return multilabel("adam", 1.0, track_zero_grads=True)


@case("multilabel-bag-rmsprop-recreated-each-epoch", "multilabel", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return multilabel("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(93, 800, 93)))


# fresh2 half: healthy look-alikes


@case("graph-gcn-adamw-warmup-cosine", "graph", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(5))
def _() -> Setup:
    return graph("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("graph-gcn-sgdm-step-decay-log10", "graph", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(5))
def _() -> Setup:
    return graph("sgdm", 0.03, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")


@case("graph-gcn-adam-reduce-on-plateau-log5", "graph", "healthy", like=("premature-decay", "plateau", "lr-too-high"),
      shape=healthy_shape(5))
def _() -> Setup:
    return graph("adam", 3e-3, log_every=5, schedule=on_plateau(), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("graph-gcn-sgdm-constant-converged-avg20", "graph", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(5))
def _() -> Setup:
    return graph("sgdm", 0.01, steps=1000, log_every=20, average=True, eval_every=100)


@case("graph-gcn-rmsprop-onecycle", "graph", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(5))
def _() -> Setup:
    return graph("rmsprop", 3e-3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("contrast-mlp-adam-warmup-cosine", "contrast", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return contrast("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("contrast-mlp-sgdm-cosine-log10", "contrast", "healthy", like=("premature-decay", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return contrast("sgdm", 0.03, log_every=10, schedule=cosine_after(0.0), schedule_name="cosine")


@case("contrast-mlp-adamw-sgdr-log2", "contrast", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return contrast("adamw", 3e-3, log_every=2, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("contrast-mlp-adam-constant-long-avg50", "contrast", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return contrast("adam", 1e-3, steps=2500, log_every=50, average=True, eval_every=250)


@case("contrast-mlp-rmsprop-cyclic-triangular2", "contrast", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape())
def _() -> Setup:
    return contrast("rmsprop", 3e-3, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("forecast-gru-adam-warmup-cosine", "forecast", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return forecast("adam", 0.01, model=fd.SeriesRNN, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("forecast-rnn-sgd-clipped-log4", "forecast", "healthy", like=("exploding-gradients", "lr-too-high", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return forecast("sgd", 0.1, log_every=4, max_grad_norm=1.0, model=lambda: fd.SeriesRNN("rnn", gain=1.0))


@case("forecast-tcn-sgdm-onecycle-log5", "forecast", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return forecast("sgdm", 0.1, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("forecast-tcn-adam-constant-converged-avg50", "forecast", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return forecast("adam", 3e-3, steps=2000, log_every=50, average=True, eval_every=200)


@case("forecast-tcn-rmsprop-step-decay", "forecast", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return forecast("rmsprop", 1e-3, schedule=multistep(0.6, gamma=0.1), schedule_name="MultiStepLR at 60%")


@case("multilabel-bag-adam-warmup-linear-log5", "multilabel", "healthy",
      like=("missing-warmup", "lr-too-high", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return multilabel("adam", 0.03, log_every=5, schedule=linear_decay_after(0.1), schedule_name="linear warmup 10% + linear decay")


@case("multilabel-bag-sgdm-onecycle", "multilabel", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return multilabel("sgdm", 10.0, schedule=one_cycle, schedule_name="OneCycleLR")


@case("multilabel-bag-adam-finetune-pretrained", "multilabel", "healthy", like=("wrong-initial-loss", "lr-too-low", "plateau"),
      shape=healthy_shape(fall=0.95))
def _() -> Setup:
    return multilabel("adam", 1e-3, model=fd.pretrained_tagger, meta={"num_labels": 24, "pretrained": True},
                      data=fd.tagged_docs(seed=105, topical=0.2))  # fmt: skip


@case("multilabel-bag-adam-constant-long-avg50", "multilabel", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return multilabel("adam", 3e-3, steps=3000, log_every=50, average=True, eval_every=300)


@case("multilabel-bag-adamw-cyclic-log20", "multilabel", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape())
def _() -> Setup:
    return multilabel("adamw", 0.01, log_every=20, eval_every=100, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular")


# fresh2 half, logged once per epoch


@case("multilabel-bag-adam-300-docs-overfits-per-epoch", "multilabel", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return multilabel("adam", 0.01, steps=4 * 40, data=fd.tagged_docs(train_rows=300), log_per_epoch=True)


@case("graph-gcn-adam-step-decay-per-epoch", "graph", "healthy", like=("overfitting", "premature-decay"),
      shape=healthy_shape(5))
def _() -> Setup:
    return graph("adam", 3e-3, steps=31 * 20, log_per_epoch=True, schedule=multistep(0.5, gamma=0.1), per_epoch=True,
                 schedule_name="MultiStepLR at 50%, per epoch")  # fmt: skip


@case("contrast-mlp-adam-per-epoch", "contrast", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return contrast("adam", 3e-3, steps=93 * 10, log_per_epoch=True)


@case("forecast-tcn-sgd-per-epoch", "forecast", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return forecast("sgd", 0.3, steps=187 * 4, log_per_epoch=True)


@case("graph-gcn-sgd-lr-3-per-epoch", "graph", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return graph("sgd", 3.0, steps=31 * 20, log_per_epoch=True)
