"""The forty-ninth fresh half (fresh47, held out from all tuning):
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


def tabtransformer_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes")
    knobs.setdefault("meta", {"model": "TabTransformer-like: 16-d column embeddings of the categorical values through a pre-LN transformer block (2 heads), concatenated with the LayerNorm'd numeric features, a ReLU MLP 68-64-32, a head",
                              "fields": fd.TABTF_FIELDS, "values_per_field": fd.TABTF_VALUES, "numeric": fd.TABTF_NUMERIC,
                              "classes": fd.TABTF_CLASSES, "held_out": "cross-entropy on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.tabtf_rows(), knobs.pop("model", None) or fd.TabTransformerNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def conformer_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 keywords")
    knobs.setdefault("meta", {"model": "Conformer-like: an input projection 8-32, one Conformer block (half feed-forward, 4-head self-attention, a convolution module of a depthwise width-5 convolution with BatchNorm, half feed-forward), mean pooling, a ReLU layer, a head",
                              "frames": fd.CONFORMER_FRAMES, "bands": fd.CONFORMER_BANDS, "classes": fd.CONFORMER_CLASSES,
                              "held_out": "cross-entropy on new clips"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.conformer_clips(), knobs.pop("model", None) or fd.ConformerNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def gcnii_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 communities")
    knobs.setdefault("meta", {"model": "GCNII: an input layer 12-32, 8 graph convolution layers with an initial residual (alpha 0.1) and identity mapping (beta_l = ln(0.5 / l + 1)), a ReLU layer 32-32, a head",
                              "nodes": fd.GCNII_NODES, "layers": fd.GCNII_LAYERS, "classes": fd.GCNII_BLOCKS,
                              "held_out": "cross-entropy on the unlabelled nodes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gcnii_nodes(), knobs.pop("model", None) or fd.GCNIINet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def cauchyreg_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.cauchyreg_loss)
    knobs.setdefault("loss_name", "Cauchy (Lorentzian) loss, c = 1 (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 8-64-64, a ReLU layer 64-32, a head to the target",
                              "features": fd.CAUCHYREG_FEATURES, "cauchy_scale": fd.CAUCHYREG_SCALE,
                              "held_out": "Cauchy loss on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.cauchyreg_rows(), knobs.pop("model", None) or fd.CauchyRegMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


TABTF0, CONFORMER0, GCNII0, CAUCHYREG0 = (LN(fd.TABTF_CLASSES), LN(fd.CONFORMER_CLASSES), LN(fd.GCNII_BLOCKS),
                                          fd.cauchyreg_at_zero())  # fmt: skip
"""Where the families start: the TabTransformer-like classifier and GCNII at ln 4, the Conformer-like classifier at
ln 5; the Cauchy loss at that of a prediction of 0 (~0.63), not ln C."""


# conformer: a tiny Conformer-like classifier (one block of half feed-forward, self-attention, a depthwise convolution
# module and half feed-forward) naming the keyword of synthetic audio-feature clips, cross-entropy (1.62 at step 1,
# ln 5 = 1.61); works at Adam 3e-3-0.01


@case("conformer-adam-lr-1-log4", "conformer", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return conformer_family("adam", 1.0, log_every=4)


@case("conformer-adamw-warmup-cosine-peak-1", "conformer", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return conformer_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("conformer-adam-lr-3e-5-100x-low", "conformer", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return conformer_family("adam", 3e-5)


@case("conformer-nadam-lr-3e-5-100x-low-log3", "conformer", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return conformer_family("nadam", 3e-5, log_every=3)


@case("conformer-sgdm-summed-ce", "conformer", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, CONFORMER0, "ln 5"))
def _() -> Setup:
    return conformer_family("sgdm", 0.03, loss_fn=fd.conformer_ce_summed, loss_name="cross_entropy summed over the batch's clips (reduction='sum')",
                            val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("conformer-adam-head-x1000", "conformer", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ConformerNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CONFORMER0, "ln 5"))
def _() -> Setup:
    return conformer_family("adam", 3e-3, model=lambda: scaled_head(fd.ConformerNet(), 1000))


@case("conformer-adam-multistep-x0p1-at-5pct", "conformer", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return conformer_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("conformer-adam-missing-value-nan", "conformer", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the clips with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return conformer_family("adam", 3e-3, data=fd.conformer_clips(nan_rows=0.003))


@case("conformer-adam-fc-dead-at-init", "conformer", "dead-units",
      cf=lambda s: replace(s, model=fd.ConformerNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return conformer_family("adam", 3e-3, model=lambda: fd.ConformerNet(dead_bias=-30.0), track_zero_grads=True)


@case("conformer-adam-lr-0p01-recreated-every-4-steps", "conformer", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return conformer_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("conformer-adam-lr-0p05-no-warmup", "conformer", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return conformer_family("adam", 0.05)


@case("conformer-sgd-lr-1-no-clip", "conformer", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return conformer_family("sgd", 1.0)


# gcnii: a GCNII-like deep graph convolution network (8 layers, an initial residual and identity mapping) naming the
# community of a node of a stochastic block model graph, cross-entropy over 4 (1.37 at step 1, ln 4 = 1.39); works at
# Adam 3e-3-0.01


@case("gcnii-adam-lr-1", "gcnii", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gcnii_family("adam", 1.0)


@case("gcnii-sgdm-lr-30-1000x", "gcnii", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gcnii_family("sgdm", 30.0)


@case("gcnii-adamw-warmup-cosine-peak-1", "gcnii", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gcnii_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("gcnii-adam-exponential-gamma-1p02", "gcnii", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gcnii_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("gcnii-adam-lr-1e-4-100x-low", "gcnii", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gcnii_family("adam", 1e-4)


@case("gcnii-sgdm-summed-ce", "gcnii", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GCNII0, "ln 4"))
def _() -> Setup:
    return gcnii_family("sgdm", 0.03, loss_fn=fd.gcnii_ce_summed, loss_name="cross_entropy summed over the batch's nodes (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("gcnii-adam-head-x1000", "gcnii", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GCNIINet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GCNII0, "ln 4"))
def _() -> Setup:
    return gcnii_family("adam", 0.01, model=lambda: scaled_head(fd.GCNIINet(), 1000))


@case("gcnii-adam-multistep-x0p1-at-5pct", "gcnii", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return gcnii_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("gcnii-adam-missing-feature-nan", "gcnii", "nan-early", cf=lambda s: replace(s, model=fd.GCNIINet),
      cf_what="the nodes' features without the missing (NaN) values", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return gcnii_family("adam", 0.01, model=lambda: fd.GCNIINet(nan_nodes=0.003))


@case("gcnii-adam-fc-dead-at-init", "gcnii", "dead-units",
      cf=lambda s: replace(s, model=fd.GCNIINet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return gcnii_family("adam", 0.01, model=lambda: fd.GCNIINet(dead_bias=-30.0), track_zero_grads=True)


# cauchyreg: a ReLU MLP regressor of targets with heavy-tailed (Cauchy) noise, the Cauchy (Lorentzian) loss, c = 1
# (0.54 at step 1, 0.63 at a prediction of 0); works at Adam 3e-3-0.01


@case("cauchyreg-adam-lr-1-log2", "cauchyreg", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cauchyreg_family("adam", 1.0, log_every=2)


@case("cauchyreg-sgdm-lr-30-1000x", "cauchyreg", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cauchyreg_family("sgdm", 30.0)


@case("cauchyreg-adamw-warmup-cosine-peak-1", "cauchyreg", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cauchyreg_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("cauchyreg-rmsprop-exponential-gamma-1p02", "cauchyreg", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cauchyreg_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("cauchyreg-adam-lr-1e-4-100x-low", "cauchyreg", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cauchyreg_family("adam", 1e-4)


@case("cauchyreg-rmsprop-lr-1e-5-100x-low-log2", "cauchyreg", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cauchyreg_family("rmsprop", 1e-5, log_every=2)


@case("cauchyreg-sgdm-summed", "cauchyreg", "summed",
      cf=lambda s: replace(s, loss_fn=fd.cauchyreg_loss, loss_name="Cauchy loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, CAUCHYREG0, "the Cauchy loss of a prediction of 0"))
def _() -> Setup:
    return cauchyreg_family("sgdm", 0.03, loss_fn=fd.cauchyreg_summed, loss_name="Cauchy loss summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.cauchyreg_loss, mean_loss_fn=fd.cauchyreg_loss)  # fmt: skip


@case("cauchyreg-adam-exponential-1000x-in-40-steps", "cauchyreg", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return cauchyreg_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("cauchyreg-adam-missing-feature-nan", "cauchyreg", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return cauchyreg_family("adam", 0.01, data=fd.cauchyreg_rows(nan_rows=0.003))


@case("cauchyreg-adam-fc-dead-at-init", "cauchyreg", "dead-units",
      cf=lambda s: replace(s, model=fd.CauchyRegMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return cauchyreg_family("adam", 0.01, model=lambda: fd.CauchyRegMLP(dead_bias=-30.0), track_zero_grads=True)


@case("cauchyreg-adam-lr-0p01-recreated-every-4-steps", "cauchyreg", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return cauchyreg_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# tabtransformer: a TabTransformer-like classifier (categorical embeddings through a transformer block, concatenated with
# the numeric features, an MLP) of table rows of 4 categorical fields and 4 numeric features, cross-entropy over 4 (1.41
# at step 1, ln 4 = 1.39); works at Adam 3e-3-0.01


@case("tabtransformer-adam-lr-1-log2", "tabtransformer", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return tabtransformer_family("adam", 1.0, log_every=2)


@case("tabtransformer-sgdm-lr-10-1000x", "tabtransformer", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tabtransformer_family("sgdm", 10.0)


@case("tabtransformer-nadam-cyclic-peak-1", "tabtransformer", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tabtransformer_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("tabtransformer-adam-lr-1e-4-100x-low", "tabtransformer", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tabtransformer_family("adam", 1e-4)


@case("tabtransformer-sgdm-summed-ce", "tabtransformer", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TABTF0, "ln 4"))
def _() -> Setup:
    return tabtransformer_family("sgdm", 0.03, loss_fn=fd.tabtf_ce_summed, loss_name="cross_entropy summed over the batch's rows (reduction='sum')",
                                 val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("tabtransformer-adam-head-x1000", "tabtransformer", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TabTransformerNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, TABTF0, "ln 4"))
def _() -> Setup:
    return tabtransformer_family("adam", 3e-3, model=lambda: scaled_head(fd.TabTransformerNet(), 1000))


@case("tabtransformer-adam-exponential-1000x-in-40-steps", "tabtransformer", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return tabtransformer_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("tabtransformer-adam-fc-dead-at-init", "tabtransformer", "dead-units",
      cf=lambda s: replace(s, model=fd.TabTransformerNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return tabtransformer_family("adam", 3e-3, model=lambda: fd.TabTransformerNet(dead_bias=-30.0), track_zero_grads=True)


@case("tabtransformer-adam-256-rows-overfits", "tabtransformer", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return tabtransformer_family("adam", 0.01, steps=600, eval_every=30, data=fd.tabtf_rows(train_rows=256))


# fresh47 half: healthy look-alikes


@case("tabtransformer-adam-warmup-cosine", "tabtransformer", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.TABTF_CLASSES))
def _() -> Setup:
    return tabtransformer_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("conformer-adam-cosine-log2", "conformer", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.CONFORMER_CLASSES))
def _() -> Setup:
    return conformer_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gcnii-adam-cosine", "gcnii", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.GCNII_BLOCKS))
def _() -> Setup:
    return gcnii_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("tabtransformer-adagrad-cosine-log20", "tabtransformer", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.TABTF_CLASSES))
def _() -> Setup:
    return tabtransformer_family("adagrad", 0.03, log_every=20, schedule=cosine_after(0.0), schedule_name="cosine")


@case("conformer-nadam-sgdr-log4", "conformer", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fd.CONFORMER_CLASSES))
def _() -> Setup:
    return conformer_family("nadam", 3e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("gcnii-radam-step-decay-log3", "gcnii", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.GCNII_BLOCKS))
def _() -> Setup:
    return gcnii_family("radam", 0.01, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("cauchyreg-adagrad-step-decay", "cauchyreg", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return cauchyreg_family("adagrad", 0.1, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("cauchyreg-sgdm-cyclic-triangular2", "cauchyreg", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return cauchyreg_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("tabtransformer-sgdm-one-cycle", "tabtransformer", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.TABTF_CLASSES))
def _() -> Setup:
    return tabtransformer_family("sgdm", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("cauchyreg-nesterov-one-cycle", "cauchyreg", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return cauchyreg_family("nesterov", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("cauchyreg-adamw-warmup-linear-avg10", "cauchyreg", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return cauchyreg_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                            schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("tabtransformer-adam-resumed-with-state", "tabtransformer", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.TABTF_CLASSES))
def _() -> Setup:
    return tabtransformer_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("conformer-rmsprop-constant-log5", "conformer", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.CONFORMER_CLASSES))
def _() -> Setup:
    return conformer_family("rmsprop", 1e-3, log_every=5)


@case("tabtransformer-adam-constant-log5", "tabtransformer", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.TABTF_CLASSES))
def _() -> Setup:
    return tabtransformer_family("adam", 3e-3, log_every=5)


# fresh47 half, logged once per epoch


@case("tabtransformer-adam-256-rows-overfits-per-epoch", "tabtransformer", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return tabtransformer_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.tabtf_rows(train_rows=256, batch_size=64))


@case("conformer-adam-lr-1-per-epoch", "conformer", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return conformer_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.conformer_clips(n=2944, batch_size=64))


@case("tabtransformer-adam-lr-1-per-epoch", "tabtransformer", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return tabtransformer_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.tabtf_rows(n=2944, batch_size=64))


@case("conformer-adam-cosine-per-epoch", "conformer", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.CONFORMER_CLASSES))
def _() -> Setup:
    return conformer_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.conformer_clips(n=5888, batch_size=128),
                            schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("tabtransformer-adam-cosine-per-epoch", "tabtransformer", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.TABTF_CLASSES))
def _() -> Setup:
    return tabtransformer_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.tabtf_rows(n=2944, batch_size=64),
                                 schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("gcnii-adam-cosine-per-epoch", "gcnii", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.GCNII_BLOCKS))
def _() -> Setup:
    return gcnii_family("adam", 0.01, steps=9 * 46, log_per_epoch=True, data=fd.gcnii_nodes(batch_size=64),
                        schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("cauchyreg-adam-cosine-per-epoch", "cauchyreg", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return cauchyreg_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.cauchyreg_rows(n=2944, batch_size=64),
                            schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
