"""The fortieth fresh half (fresh40, held out from all tuning):
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


def resmlp_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 6 grating classes")
    knobs.setdefault("meta", {"model": "ResMLP-like patch MLP: 3x3 patches, 2 blocks of affine + patch mixing + per-patch GELU MLP, layer scale, a ReLU layer, a head",
                              "image_size": fd.RESMLP_SIZE, "patch": fd.RESMLP_PATCH, "classes": fd.RESMLP_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.resmlp_gratings(), knobs.pop("model", None) or fd.ResMLPNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def bahdanau_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy per target symbol (8 symbols)")
    knobs.setdefault("meta", {"model": "GRU encoder-decoder with additive (Bahdanau) attention, teacher forcing",
                              "length": fd.BAHDANAU_LENGTH, "vocab": fd.BAHDANAU_VOCAB,
                              "held_out": "cross-entropy per symbol on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.bahdanau_pairs(), knobs.pop("model", None) or fd.BahdanauSeq2Seq,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def lasso_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.lasso_objective)
    knobs.setdefault("val_loss_fn", fd.lasso_logloss)
    knobs.setdefault("loss_name", "binary cross-entropy with logits (mean) + 0.01 x the L1 norm of the weights")
    knobs.setdefault("meta", {"model": "logistic regression, 300 features, an L1 penalty in the loss", "features": fd.LASSO_FEATURES,
                              "informative": fd.LASSO_ACTIVE, "l1": fd.LASSO_PENALTY,
                              "held_out": "binary cross-entropy on new rows (no penalty)"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.lasso_rows(), knobs.pop("model", None) or fd.LassoLogistic,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def betareg_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.betareg_nll)
    knobs.setdefault("loss_name", "Beta negative log-likelihood (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 10-64-64-32-2 to a Beta's mean and precision", "features": fd.BETAREG_FEATURES,
                              "held_out": "Beta negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.betareg_rows(), knobs.pop("model", None) or fd.BetaRegMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


RESMLP0, BAHDANAU0, LASSO0, BETAREG0 = (LN(fd.RESMLP_CLASSES), LN(fd.BAHDANAU_VOCAB), fd.lasso_at_init(), fd.betareg_at_init())
"""Where the families start: the ResMLP at ln 6, the encoder-decoder at ln 8 per symbol; the sparse logistic regression at
ln 2 plus its L1 penalty (~0.78); the Beta regressor at the NLL of mu = 0.5, phi = 10 ln 2 (~1.1), not ln C."""


# resmlp: a ResMLP-like patch MLP naming a grating's orientation and period in 12 x 12 images (6), cross-entropy (1.79 at
# step 1, ln 6); works at Adam 3e-3-0.01


@case("resmlp-adam-lr-1-log2", "resmlp", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return resmlp_family("adam", 1.0, log_every=2)


@case("resmlp-sgdm-lr-100-1000x", "resmlp", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return resmlp_family("sgdm", 100.0)


@case("resmlp-adamw-warmup-cosine-peak-1", "resmlp", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return resmlp_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("resmlp-adam-exponential-gamma-1p02", "resmlp", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return resmlp_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("resmlp-adam-lr-3e-5-100x-low", "resmlp", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return resmlp_family("adam", 3e-5)


@case("resmlp-sgdm-lr-1e-3-100x-low-log4", "resmlp", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return resmlp_family("sgdm", 1e-3, log_every=4)


@case("resmlp-sgdm-summed-ce", "resmlp", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, RESMLP0, "ln 6"))
def _() -> Setup:
    return resmlp_family("sgdm", 0.1, loss_fn=fd.resmlp_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("resmlp-adam-head-x1000", "resmlp", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ResMLPNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, RESMLP0, "ln 6"))
def _() -> Setup:
    return resmlp_family("adam", 3e-3, model=lambda: scaled_head(fd.ResMLPNet(), 1000))


@case("resmlp-adam-fc-dead-at-init", "resmlp", "dead-units",
      cf=lambda s: replace(s, model=fd.ResMLPNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return resmlp_family("adam", 3e-3, model=lambda: fd.ResMLPNet(dead_bias=-30.0), track_zero_grads=True)


@case("resmlp-adam-multistep-x0p1-at-5pct", "resmlp", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return resmlp_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("resmlp-adam-missing-pixel-nan", "resmlp", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return resmlp_family("adam", 3e-3, data=fd.resmlp_gratings(nan_rows=0.003))


@case("resmlp-adam-256-images-overfits", "resmlp", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return resmlp_family("adam", 0.01, steps=600, eval_every=30, data=fd.resmlp_gratings(train_rows=256))


@case("resmlp-adam-lr-0p01-recreated-every-4-steps", "resmlp", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return resmlp_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# bahdanau: a GRU encoder-decoder with additive attention reversing sequences of 6 symbols (8), cross-entropy per symbol
# (2.08 at step 1, ln 8); works at Adam 3e-3-0.01


@case("bahdanau-adam-lr-1", "bahdanau", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return bahdanau_family("adam", 1.0)


@case("bahdanau-sgdm-lr-100-1000x", "bahdanau", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bahdanau_family("sgdm", 100.0)


@case("bahdanau-adamw-warmup-cosine-peak-1", "bahdanau", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bahdanau_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("bahdanau-rmsprop-exponential-gamma-1p02", "bahdanau", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bahdanau_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("bahdanau-adam-lr-1e-4-100x-low", "bahdanau", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return bahdanau_family("adam", 1e-4)


@case("bahdanau-rmsprop-lr-3e-5-100x-low-log2", "bahdanau", "lr-low-rmsprop", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return bahdanau_family("rmsprop", 3e-5, log_every=2)


@case("bahdanau-sgdm-summed-ce", "bahdanau", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BAHDANAU0, "ln 8"))
def _() -> Setup:
    return bahdanau_family("sgdm", 0.1, loss_fn=fd.bahdanau_ce_summed,
                           loss_name="cross_entropy summed over the batch's sequences and symbols (reduction='sum')",
                           val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("bahdanau-adam-head-x1000", "bahdanau", "last-layer-init",
      cf=lambda s: replace(s, model=fd.BahdanauSeq2Seq), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, BAHDANAU0, "ln 8"))
def _() -> Setup:
    return bahdanau_family("adam", 0.01, model=lambda: scaled_head(fd.BahdanauSeq2Seq(), 1000))


@case("bahdanau-adam-fc-dead-at-init", "bahdanau", "dead-units",
      cf=lambda s: replace(s, model=fd.BahdanauSeq2Seq), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return bahdanau_family("adam", 0.01, model=lambda: fd.BahdanauSeq2Seq(dead_bias=-30.0), track_zero_grads=True)


@case("bahdanau-adam-exponential-1000x-in-40-steps", "bahdanau", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return bahdanau_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("bahdanau-adam-lr-0p01-recreated-every-4-steps", "bahdanau", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return bahdanau_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# lasso: a sparse logistic regression of 300 features (15 informative), binary cross-entropy plus 0.01 x the L1 norm of
# the weights (0.78 at step 1; the held-out loss without the penalty, ~0.38 trained); works at Adam 3e-3-0.03


@case("lasso-adam-lr-1-log4", "lasso", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return lasso_family("adam", 1.0, log_every=4)


@case("lasso-adamw-warmup-cosine-peak-1", "lasso", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lasso_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("lasso-adam-lr-1e-4-100x-low", "lasso", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lasso_family("adam", 1e-4)


@case("lasso-radam-lr-1e-4-100x-low-log3", "lasso", "lr-low-adam", cf=lr_to(0.01), cf_what="RAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lasso_family("radam", 1e-4, log_every=3)


@case("lasso-adam-head-x1000", "lasso", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LassoLogistic), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LASSO0, "ln 2 plus the L1 penalty at init"))
def _() -> Setup:
    return lasso_family("adam", 0.01, model=lambda: scaled_head(fd.LassoLogistic(), 1000))


@case("lasso-adam-multistep-x0p1-at-5pct", "lasso", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return lasso_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("lasso-adam-missing-feature-nan", "lasso", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return lasso_family("adam", 0.01, data=fd.lasso_rows(nan_rows=0.003))


# betareg: a ReLU MLP regressing proportions in (0, 1), the Beta negative log-likelihood (~1.1 at step 1, below 0 when
# trained); works at Adam 1e-3-0.01


@case("betareg-adam-lr-1-log2", "betareg", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return betareg_family("adam", 1.0, log_every=2)


@case("betareg-sgdm-lr-100-1000x", "betareg", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return betareg_family("sgdm", 100.0)


@case("betareg-nadam-cyclic-peak-1", "betareg", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return betareg_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("betareg-adam-lr-3e-5-100x-low", "betareg", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return betareg_family("adam", 3e-5)


@case("betareg-sgdm-summed", "betareg", "summed",
      cf=lambda s: replace(s, loss_fn=fd.betareg_nll, loss_name="Beta negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BETAREG0, "the Beta NLL at mu 0.5"))
def _() -> Setup:
    return betareg_family("sgdm", 0.03, loss_fn=fd.betareg_nll_summed, loss_name="Beta negative log-likelihood summed over the batch's rows",
                          val_loss_fn=fd.betareg_nll, mean_loss_fn=fd.betareg_nll)  # fmt: skip


@case("betareg-adam-head-x300", "betareg", "last-layer-init",
      cf=lambda s: replace(s, model=fd.BetaRegMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, BETAREG0, "the Beta NLL at mu 0.5"))
def _() -> Setup:
    return betareg_family("adam", 3e-3, model=lambda: scaled_head(fd.BetaRegMLP(), 300))


@case("betareg-adam-fc-dead-at-init", "betareg", "dead-units",
      cf=lambda s: replace(s, model=fd.BetaRegMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return betareg_family("adam", 3e-3, model=lambda: fd.BetaRegMLP(dead_bias=-30.0), track_zero_grads=True)


@case("betareg-adam-exponential-1000x-in-40-steps", "betareg", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return betareg_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("betareg-adam-missing-feature-nan", "betareg", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return betareg_family("adam", 3e-3, data=fd.betareg_rows(nan_rows=0.003))


@case("betareg-adam-lr-3e-3-recreated-every-4-steps", "betareg", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return betareg_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("betareg-sgd-lr-3-no-clip", "betareg", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return betareg_family("sgd", 3.0)


# fresh40 half: healthy look-alikes


@case("betareg-adam-warmup-cosine", "betareg", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return betareg_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("resmlp-adam-cosine-log2", "resmlp", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.RESMLP_CLASSES))
def _() -> Setup:
    return resmlp_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("bahdanau-adam-cosine", "bahdanau", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.BAHDANAU_VOCAB))
def _() -> Setup:
    return bahdanau_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("betareg-adagrad-cosine-log20", "betareg", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return betareg_family("adagrad", 0.03, log_every=20, schedule=cosine_after(0.0), schedule_name="cosine")


@case("resmlp-nadam-sgdr-log4", "resmlp", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.RESMLP_CLASSES))
def _() -> Setup:
    return resmlp_family("nadam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("bahdanau-radam-step-decay-log3", "bahdanau", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.BAHDANAU_VOCAB))
def _() -> Setup:
    return bahdanau_family("radam", 0.03, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("lasso-adagrad-step-decay", "lasso", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return lasso_family("adagrad", 0.1, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("lasso-sgdm-cyclic-triangular2", "lasso", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return lasso_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("betareg-sgdm-one-cycle", "betareg", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return betareg_family("sgdm", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("lasso-nesterov-one-cycle", "lasso", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return lasso_family("sgdm", 0.1, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("resmlp-adamw-warmup-linear-avg10", "resmlp", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.RESMLP_CLASSES))
def _() -> Setup:
    return resmlp_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                         schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("betareg-adam-resumed-with-state", "betareg", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return betareg_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("bahdanau-adam-resumed-with-state", "bahdanau", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.BAHDANAU_VOCAB))
def _() -> Setup:
    return bahdanau_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("resmlp-rmsprop-constant-log5", "resmlp", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.RESMLP_CLASSES))
def _() -> Setup:
    return resmlp_family("rmsprop", 3e-3, log_every=5)


@case("lasso-adam-constant-log5", "lasso", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return lasso_family("adam", 0.01, log_every=5)


# fresh40 half, logged once per epoch


@case("resmlp-adam-256-images-overfits-per-epoch", "resmlp", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return resmlp_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.resmlp_gratings(train_rows=256, batch_size=64))


@case("resmlp-adam-lr-1-per-epoch", "resmlp", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return resmlp_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.resmlp_gratings(n=2944, batch_size=64))


@case("lasso-adam-lr-1-per-epoch", "lasso", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return lasso_family("adam", 1.0, steps=23 * 18, log_per_epoch=True, data=fd.lasso_rows(n=1472))


@case("resmlp-adam-cosine-per-epoch", "resmlp", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.RESMLP_CLASSES))
def _() -> Setup:
    return resmlp_family("adam", 0.03, steps=46 * 9, log_per_epoch=True, data=fd.resmlp_gratings(n=2944, batch_size=64),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("betareg-adam-cosine-per-epoch", "betareg", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return betareg_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.betareg_rows(n=2944),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("bahdanau-adam-cosine-per-epoch", "bahdanau", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.BAHDANAU_VOCAB))
def _() -> Setup:
    return bahdanau_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.bahdanau_pairs(n=5888, batch_size=128),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("lasso-adam-cosine-per-epoch", "lasso", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return lasso_family("adam", 0.01, steps=23 * 18, log_per_epoch=True, data=fd.lasso_rows(n=1472),
                        schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
