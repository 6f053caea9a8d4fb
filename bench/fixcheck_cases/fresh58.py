"""The sixtieth fresh half (fresh58, held out from all tuning):
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


def esim_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 3 classes")
    knobs.setdefault("meta", {"model": "ESIM-like: 16-d word embeddings, an input BiLSTM (16 a direction) over premise and hypothesis, soft alignment by attention, enhancement [a, a~, a - a~, a * a~] projected 128-32 (ReLU), a composition BiLSTM, mean and max pooling, a ReLU layer 128-32, a head",
                              "vocab": fd.ESIM_VOCAB, "premise_length": fd.ESIM_PREMISE, "hypothesis_length": fd.ESIM_HYPOTHESIS,
                              "classes": fd.ESIM_CLASSES, "held_out": "cross-entropy on new sentence pairs"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.esim_pairs(), knobs.pop("model", None) or fd.ESIMNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def sasrec_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy of the next item over the 40 items at each of 10 positions")
    knobs.setdefault("meta", {"model": "SASRec-like: 32-d item embeddings plus learned positions, 2 causal self-attention blocks (2 heads, a ReLU point-wise feed-forward, pre-LN), a LayerNorm, a ReLU layer 32-32, a head scoring the 40 items",
                              "items": fd.SASREC_ITEMS, "length": fd.SASREC_LENGTH,
                              "held_out": "next-item cross-entropy on new users"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.sasrec_sequences(), knobs.pop("model", None) or fd.SASRecNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def repvgg_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 orientations")
    knobs.setdefault("meta", {"model": "RepVGG-like, training-time form: 4 blocks (each a 3x3 conv + BN, a 1x1 conv + BN and, where the shape is kept, an identity BN, summed, ReLU; 1-16 stride 2, 16-16, 16-16, 16-24 stride 2), global average pooling, a ReLU layer 24-32, a head",
                              "image_size": fd.REPVGG_SIZE, "classes": fd.REPVGG_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.repvgg_images(), knobs.pop("model", None) or fd.RepVGGNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def skewnormal_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.skew_nll)
    knobs.setdefault("loss_name", "skew-normal negative log-likelihood (mean)")
    knobs.setdefault("meta", {"model": "skew-normal MLP regressor: ReLU MLP 8-64-64, a ReLU layer 64-32, a head to the location, the raw scale (softplus + 1e-3) and the shape",
                              "features": fd.SKEW_FEATURES, "held_out": "skew-normal NLL on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.skew_rows(), knobs.pop("model", None) or fd.SkewNormalMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


ESIM0, SASREC0, REPVGG0, SKEW0 = LN(fd.ESIM_CLASSES), LN(fd.SASREC_ITEMS), LN(fd.REPVGG_CLASSES), fd.skew_at_zero()
"""Where the families start: the ESIM-like classifier at ln 3, the SASRec-like recommender at ln 40, the RepVGG-like
CNN at ln 4, the skew-normal regressor at the NLL of raw outputs of 0 (~2.0)."""


def without_empty_hypotheses(data: fd.Data) -> fd.Data:
    """The sentence pairs without their training pairs whose hypothesis is empty (all padding)."""
    ok = (data.x[:, fd.ESIM_PREMISE :] > 0).any(1)
    return replace(data, x=data.x[ok], y=data.y[ok])


# esim: an ESIM-like NLI classifier (BiLSTM encoding, soft alignment, enhancement, a composition BiLSTM, mean and max
# pooling) of synthetic sentence pairs (entailment, neutral, contradiction by an antonym), cross-entropy over 3 (1.12 at
# step 1, ln 3 = 1.10); works at Adam 3e-3-0.01 (best 0.01; stuck at chance from 0.03 and flat at chance at 1e-4, slow
# at 1e-3), SGDm stays at chance in 400 steps


@case("esim-adam-lr-1-log4", "esim", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return esim_family("adam", 1.0, log_every=4)


@case("esim-nadam-lr-0p3-30x", "esim", "lr-high-step1", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return esim_family("nadam", 0.3)


@case("esim-adamw-warmup-cosine-peak-1", "esim", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return esim_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("esim-adam-lr-1e-3-10x-low", "esim", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return esim_family("adam", 1e-3)


@case("esim-sgdm-summed-ce", "esim", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ESIM0, "ln 3"))
def _() -> Setup:
    return esim_family("sgdm", 0.3, loss_fn=fd.esim_ce_summed, loss_name="cross_entropy summed over the batch's pairs (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("esim-adam-head-x1000", "esim", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ESIMNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, ESIM0, "ln 3"))
def _() -> Setup:
    return esim_family("adam", 0.01, model=lambda: scaled_head(fd.ESIMNet(), 1000))


@case("esim-adam-multistep-x0p1-at-5pct", "esim", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return esim_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("esim-adam-empty-hypothesis-nan", "esim", "nan-early", cf=lambda s: replace(s, data=without_empty_hypotheses(s.data)),
      cf_what="the pairs with an empty hypothesis dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return esim_family("adam", 0.01, data=fd.esim_pairs(empty_rows=0.003))


@case("esim-adam-fc-dead-at-init", "esim", "dead-units",
      cf=lambda s: replace(s, model=fd.ESIMNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return esim_family("adam", 0.01, model=lambda: fd.ESIMNet(dead_bias=-30.0), track_zero_grads=True)


# sasrec: a SASRec-like sequential recommender (item embeddings plus positions, 2 causal self-attention blocks) of
# synthetic interaction sequences (a next item mostly one of the last item's 3 successors), next-item cross-entropy over
# 40 items (3.74 at step 1, ln 40 = 3.69, a floor ~1.9); works at Adam 1e-3-0.03 (best 3e-3-0.01), SGDm 0.03-0.3 (best
# 0.1)


@case("sasrec-adam-lr-1-log2", "sasrec", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return sasrec_family("adam", 1.0, log_every=2)


@case("sasrec-sgdm-lr-10-100x", "sasrec", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sasrec_family("sgdm", 10.0)


@case("sasrec-adamw-warmup-cosine-peak-1", "sasrec", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sasrec_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("sasrec-rmsprop-exponential-gamma-1p02", "sasrec", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sasrec_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("sasrec-nadam-lr-3e-5-100x-low-log3", "sasrec", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sasrec_family("nadam", 3e-5, log_every=3)


@case("sasrec-sgdm-summed-ce", "sasrec", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SASREC0, "ln 40"))
def _() -> Setup:
    return sasrec_family("sgdm", 0.1, loss_fn=fd.sasrec_ce_summed, loss_name="cross_entropy summed over the batch's users and positions (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("sasrec-adam-head-x1000", "sasrec", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SASRecNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SASREC0, "ln 40"))
def _() -> Setup:
    return sasrec_family("adam", 3e-3, model=lambda: scaled_head(fd.SASRecNet(), 1000))


@case("sasrec-adam-exponential-1000x-in-40-steps", "sasrec", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return sasrec_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("sasrec-adam-lr-0p01-recreated-every-4-steps", "sasrec", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return sasrec_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("sasrec-adamw-lr-0p1-no-warmup", "sasrec", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return sasrec_family("adamw", 0.1)


@case("sasrec-adam-lr-0p1-no-warmup-log2", "sasrec", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return sasrec_family("adam", 0.1, log_every=2, eval_every=50)


@case("sasrec-adam-256-users-overfits", "sasrec", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return sasrec_family("adam", 0.01, steps=600, eval_every=30, data=fd.sasrec_sequences(train_rows=256))


# repvgg: a RepVGG-like CNN in its training-time form (3x3 + BN, 1x1 + BN and identity BN branches summed) naming the
# orientation of a noisy grating, cross-entropy over 4 (1.37 at step 1, ln 4 = 1.39); works at Adam 1e-3-0.03 (best
# 0.01), SGDm 0.01-0.1 (best 0.03)


@case("repvgg-nadam-lr-1", "repvgg", "lr-high-step1", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return repvgg_family("nadam", 1.0)


@case("repvgg-sgdm-lr-10-300x", "repvgg", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return repvgg_family("sgdm", 10.0)


@case("repvgg-nadam-cyclic-peak-1", "repvgg", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return repvgg_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("repvgg-adam-exponential-gamma-1p02", "repvgg", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return repvgg_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("repvgg-adam-lr-3e-5-300x-low", "repvgg", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return repvgg_family("adam", 3e-5)


@case("repvgg-radam-lr-1e-4-100x-low-log2", "repvgg", "lr-low-adam", cf=lr_to(0.01), cf_what="RAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return repvgg_family("radam", 1e-4, log_every=2)


@case("repvgg-sgdm-summed-ce", "repvgg", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, REPVGG0, "ln 4"))
def _() -> Setup:
    return repvgg_family("sgdm", 0.03, loss_fn=fd.repvgg_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("repvgg-adam-head-x1000", "repvgg", "last-layer-init",
      cf=lambda s: replace(s, model=fd.RepVGGNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, REPVGG0, "ln 4"))
def _() -> Setup:
    return repvgg_family("adam", 0.01, model=lambda: scaled_head(fd.RepVGGNet(), 1000))


@case("repvgg-adam-exponential-1000x-in-40-steps", "repvgg", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return repvgg_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("repvgg-adam-missing-pixel-nan", "repvgg", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return repvgg_family("adam", 0.01, data=fd.repvgg_images(nan_rows=0.003))


@case("repvgg-adam-fc-dead-at-init", "repvgg", "dead-units",
      cf=lambda s: replace(s, model=fd.RepVGGNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return repvgg_family("adam", 0.01, model=lambda: fd.RepVGGNet(dead_bias=-30.0), track_zero_grads=True)


# skewnormal: an MLP regressor of a skewed target (a skew-normal of a varying location, scale and shape) that predicts
# the location, a softplus scale and a shape, the skew-normal negative log-likelihood (~2.2 at step 1, ~2.0 at raw
# outputs of 0); works at Adam 1e-3-0.01 (best 0.01),
# SGDm 0.01-0.03 (best 0.01; stalls at 0.1, diverges at 1)


@case("skewnormal-adam-lr-1-log2", "skewnormal", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return skewnormal_family("adam", 1.0, log_every=2)


@case("skewnormal-sgdm-lr-10-1000x", "skewnormal", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return skewnormal_family("sgdm", 10.0)


@case("skewnormal-adamw-warmup-cosine-peak-1", "skewnormal", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return skewnormal_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("skewnormal-adam-lr-1e-4-100x-low-log2", "skewnormal", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return skewnormal_family("adam", 1e-4, log_every=2)


@case("skewnormal-sgdm-lr-1e-4-100x-low", "skewnormal", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return skewnormal_family("sgdm", 1e-4)


@case("skewnormal-sgdm-summed", "skewnormal", "summed",
      cf=lambda s: replace(s, loss_fn=fd.skew_nll, loss_name="skew-normal negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SKEW0, "the skew-normal NLL of raw outputs of 0"))
def _() -> Setup:
    return skewnormal_family("sgdm", 0.01, loss_fn=fd.skew_nll_summed, loss_name="skew-normal negative log-likelihood summed over the batch's rows (reduction='sum')",
                             val_loss_fn=fd.skew_nll, mean_loss_fn=fd.skew_nll)  # fmt: skip


@case("skewnormal-adam-multistep-x0p1-at-5pct", "skewnormal", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return skewnormal_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("skewnormal-adam-missing-feature-nan", "skewnormal", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return skewnormal_family("adam", 0.01, data=fd.skew_rows(nan_rows=0.003))


@case("skewnormal-adam-lr-0p01-recreated-every-4-steps", "skewnormal", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return skewnormal_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("skewnormal-adam-fc-dead-at-init", "skewnormal", "dead-units",
      cf=lambda s: replace(s, model=fd.SkewNormalMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return skewnormal_family("adam", 0.01, model=lambda: fd.SkewNormalMLP(dead_bias=-30.0), track_zero_grads=True)


@case("skewnormal-sgd-lr-1-no-clip", "skewnormal", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return skewnormal_family("sgd", 1.0)


@case("skewnormal-sgdm-lr-0p1-no-clip", "skewnormal", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return skewnormal_family("sgdm", 0.1)


# fresh58 half: healthy look-alikes


@case("esim-adam-cosine-log2", "esim", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.ESIM_CLASSES))
def _() -> Setup:
    return esim_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("sasrec-adamw-cosine-eval25", "sasrec", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.SASREC_ITEMS))
def _() -> Setup:
    return sasrec_family("adamw", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("esim-nadam-sgdr-log4", "esim", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.ESIM_CLASSES))
def _() -> Setup:
    return esim_family("nadam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("skewnormal-adagrad-step-decay", "skewnormal", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return skewnormal_family("adagrad", 0.03, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("repvgg-radam-step-decay-log3", "repvgg", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.REPVGG_CLASSES))
def _() -> Setup:
    return repvgg_family("radam", 0.03, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("skewnormal-sgdm-cyclic-triangular2", "skewnormal", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return skewnormal_family("sgdm", 0.03, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("repvgg-adam-one-cycle", "repvgg", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.REPVGG_CLASSES))
def _() -> Setup:
    return repvgg_family("adam", 0.01, schedule=one_cycle, schedule_name="OneCycleLR")


@case("repvgg-nesterov-one-cycle", "repvgg", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.REPVGG_CLASSES))
def _() -> Setup:
    return repvgg_family("nesterov", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("sasrec-adamw-warmup-linear-avg10", "sasrec", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return sasrec_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                         schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("esim-adam-warmup-cosine", "esim", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.ESIM_CLASSES))
def _() -> Setup:
    return esim_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("repvgg-adam-warmup-cosine", "repvgg", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.REPVGG_CLASSES))
def _() -> Setup:
    return repvgg_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("sasrec-adam-resumed-with-state", "sasrec", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.SASREC_ITEMS))
def _() -> Setup:
    return sasrec_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("skewnormal-adam-resumed-with-state", "skewnormal", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return skewnormal_family("adam", 0.01, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)


@case("esim-rmsprop-constant-log5", "esim", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.ESIM_CLASSES))
def _() -> Setup:
    return esim_family("rmsprop", 3e-3, log_every=5)


@case("repvgg-adam-reduce-on-plateau-log4", "repvgg", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.REPVGG_CLASSES))
def _() -> Setup:
    return repvgg_family("adam", 0.01, log_every=4, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("sasrec-sgdm-lr-0p1-cosine", "sasrec", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fd.SASREC_ITEMS))
def _() -> Setup:
    return sasrec_family("sgdm", 0.1, schedule=cosine_after(0.0), schedule_name="cosine")


@case("skewnormal-adam-finetune-lr-1e-4", "skewnormal", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.0))
def _() -> Setup:
    return skewnormal_family("adam", 1e-4, steps=300, eval_every=30, model=fd.pretrained_skew,
                             meta={"features": fd.SKEW_FEATURES, "pretrained": True})  # fmt: skip


@case("sasrec-adam-constant-600-steps-log3", "sasrec", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.SASREC_ITEMS))
def _() -> Setup:
    return sasrec_family("adam", 3e-3, steps=600, eval_every=60, log_every=3)


# fresh58 half, logged once per epoch


@case("skewnormal-adam-256-rows-overfits-per-epoch", "skewnormal", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return skewnormal_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.skew_rows(train_rows=256, batch_size=64))


@case("esim-adam-lr-1-per-epoch", "esim", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return esim_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.esim_pairs(n=2944, batch_size=64))


@case("repvgg-adam-lr-1-per-epoch", "repvgg", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return repvgg_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.repvgg_images(n=2944, batch_size=64))


@case("sasrec-adam-cosine-per-epoch", "sasrec", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.SASREC_ITEMS))
def _() -> Setup:
    return sasrec_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.sasrec_sequences(n=2944, batch_size=64),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("esim-adam-cosine-per-epoch", "esim", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.ESIM_CLASSES))
def _() -> Setup:
    return esim_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.esim_pairs(n=2944, batch_size=64),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
