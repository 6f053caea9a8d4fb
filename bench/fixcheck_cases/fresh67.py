"""The sixty-ninth fresh half (fresh67, held out from all tuning):
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


def glove_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.glove_loss)
    knobs.setdefault("loss_name", "GloVe weighted least squares: f(X_ij) (w_i . c_j + b_i + b~_j - log X_ij)^2, f(x) = min(1, (x / 10)^0.75) (mean)")
    knobs.setdefault("meta", {"model": "GloVe: word and context vectors (160 x 16) and biases, the prediction of log X_ij their dot product plus the two biases",
                              "vocabulary": fd.GLOVE_VOCAB, "topics": fd.GLOVE_TOPICS, "dim": fd.GLOVE_DIM, "x_max": fd.GLOVE_XMAX,
                              "held_out": "the same weighted least squares on held-out co-occurrence pairs"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.glove_pairs(), knobs.pop("model", None) or fd.GloVe,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def vicreg_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.vicreg_loss)
    knobs.setdefault("loss_name", "VICReg loss: 25 x invariance (MSE of the two views' embeddings) + 25 x variance (hinge on the std) + 1 x covariance")
    knobs.setdefault("meta", {"model": "VICReg: a ReLU MLP encoder 12-64-32 and an expander 32-64-48 (BatchNorm) applied to each of two augmented views",
                              "embedding_dim": fd.VIC_EMB, "weights": [fd.VIC_INV, fd.VIC_VAR, fd.VIC_COV],
                              "held_out": "the VICReg loss of the new points' two views, all at once"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.vicreg_views(), knobs.pop("model", None) or fd.VICReg,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def nystrom_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes")
    knobs.setdefault("meta", {"model": "Nystromformer-like: token and position embeddings (width 32), one pre-LN block (Nystrom self-attention of 2 heads, 8 landmarks: segment means of the queries and keys, a 6-iteration Moore-Penrose pseudo-inverse; a GELU MLP 32-64-32), mean pooling, a ReLU layer 32-32 and a head",
                              "sequence_length": fd.NYS_LENGTH, "landmarks": fd.NYS_LANDMARKS, "classes": fd.NYS_CLASSES,
                              "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.nys_sequences(), knobs.pop("model", None) or fd.Nystromformer,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def truncnorm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.trunc_nll)
    knobs.setdefault("loss_name", "truncated-normal negative log-likelihood (below 0 truncated; mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 8-64-64, a ReLU layer 64-32, a head to the normal's mean and its scale (softplus)",
                              "features": fd.TRUNC_FEATURES, "truncated_below": 0.0,
                              "held_out": "truncated-normal negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.trunc_rows(), knobs.pop("model", None) or fd.TruncMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


GLOVE0, VIC0, NYS0, TRUNC0 = fd.glove_at_zero(), fd.vicreg_at_init(), LN(fd.NYS_CLASSES), fd.trunc_at_zero()
"""Where the families start: GloVe near its loss of predictions of 0 (~10.3), the Nystromformer-like classifier at ln 4,
the truncated-normal regressor near its NLL of raw outputs of 0 (~2.4); VICReg near 36 (its variance hinge near 1 on
each view)."""


# glove: GloVe word vectors (word and context vectors of 16 dimensions and biases) fitted by GloVe's weighted least
# squares to the log co-occurrence counts of a synthetic corpus with 8 planted topics (10.2-11.4 at step 1 by the
# batch, its loss of predictions of 0 10.33, ending near 0.06-0.09 held out); works at Adam 3e-3-0.1 (best 0.01-0.03),
# NAdam 0.01-0.1 (best 0.03), RMSprop 3e-3-0.03 (best 0.01), Adagrad 0.03-1 (best 0.1), SGDm 0.3-3 under a one-cycle
# (best 1); slow at Adam 1e-3 and below; blows up from Adam 0.3 and Adagrad 3 on


@case("glove-adam-lr-1", "glove", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return glove_family("adam", 1.0)


@case("glove-adagrad-lr-3-10x-log2", "glove", "lr-high-step1", cf=lr_to(0.3), cf_what="Adagrad lr 0.3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return glove_family("adagrad", 3.0, log_every=2)


@case("glove-adam-cyclic-peak-1", "glove", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return glove_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("glove-adam-lr-1e-4-100x-low", "glove", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return glove_family("adam", 1e-4)


@case("glove-sgdm-summed-pairs", "glove", "summed",
      cf=lambda s: replace(s, loss_fn=fd.glove_loss, loss_name="GloVe weighted least squares (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GLOVE0, "the loss of predictions of 0"))
def _() -> Setup:
    return glove_family("sgdm", 0.1, loss_fn=fd.glove_loss_summed, loss_name="GloVe weighted least squares summed over the batch's pairs (reduction='sum')",
                        val_loss_fn=fd.glove_loss, mean_loss_fn=fd.glove_loss)  # fmt: skip


@case("glove-adam-multistep-x0p1-at-5pct", "glove", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return glove_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("glove-adam-lr-0p3-no-warmup", "glove", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60, shape=anything)
def _() -> Setup:
    return glove_family("adam", 0.3)


# vicreg: VICReg (a ReLU MLP encoder 12-64-32 and an expander 32-64-48 with BatchNorm, on each of two augmented views of
# points on a 3-D curved manifold), 25 x invariance + 25 x variance + 1 x covariance (35.2 at step 1, 35.6 at the
# default init on all the points, ending near 10: the views' noise keeps the invariance term up); works at Adam 1e-3-0.03
# (best 3e-3-0.01), NAdam 3e-3-0.01, AdamW 3e-3-0.03, Adagrad 0.03, RMSprop 1e-3, SGDm 1e-3-0.01, SGD 0.03; slow at Adam
# 3e-4 and below; NaN at SGDm 0.1 and SGD 0.3 (clipped at 1 they train); collapses (all embeddings 0, 49.5) at SGD(m) 1


@case("vicreg-adam-lr-1-log2", "vicreg", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return vicreg_family("adam", 1.0, log_every=2)


@case("vicreg-adamw-warmup-cosine-peak-1", "vicreg", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return vicreg_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("vicreg-adam-lr-3e-5-100x-low", "vicreg", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return vicreg_family("adam", 3e-5)


@case("vicreg-adam-head-x1000", "vicreg", "last-layer-init",
      cf=lambda s: replace(s, model=fd.VICReg), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, VIC0, "the VICReg loss at the default init"))
def _() -> Setup:
    return vicreg_family("adam", 3e-3, model=lambda: scaled_head(fd.VICReg(), 1000))


@case("vicreg-adam-missing-feature-nan", "vicreg", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the points with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return vicreg_family("adam", 3e-3, data=fd.vicreg_views(nan_rows=0.003))


@case("vicreg-adam-fc-dead-at-init", "vicreg", "dead-units",
      cf=lambda s: replace(s, model=fd.VICReg), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return vicreg_family("adam", 3e-3, model=lambda: fd.VICReg(dead_bias=-30.0), track_zero_grads=True)


@case("vicreg-sgdm-lr-0p1-no-clip", "vicreg", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return vicreg_family("sgdm", 0.1)


# nystrom: a Nystromformer-like encoder classifier (one pre-LN block of Nystrom self-attention: 8 landmarks, the segment
# means of the queries and keys, a 6-iteration Moore-Penrose pseudo-inverse) naming the majority symbol of the second
# half of 32 tokens, cross-entropy over 4 (1.35 at step 1, ln 4 = 1.39); works at Adam 3e-4-0.03 (best 1e-3-3e-3), RAdam
# 1e-3-3e-3, RMSprop 1e-3-3e-3, SGDm and Nesterov 0.03-0.1; at chance at Adam 1e-5 and from Adam 0.1, RMSprop 0.03, SGDm
# 0.3 on; SGDm 3 goes NaN


@case("nystrom-adam-lr-1", "nystrom", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return nystrom_family("adam", 1.0)


@case("nystrom-rmsprop-lr-0p3-300x-log2", "nystrom", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return nystrom_family("rmsprop", 0.3, log_every=2)


@case("nystrom-sgdm-lr-3-100x", "nystrom", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nystrom_family("sgdm", 3.0)


@case("nystrom-adamw-warmup-cosine-peak-1", "nystrom", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nystrom_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("nystrom-adam-exponential-gamma-1p02", "nystrom", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nystrom_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("nystrom-adam-lr-1e-5-100x-low", "nystrom", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nystrom_family("adam", 1e-5)


@case("nystrom-radam-lr-3e-5-100x-low-log2", "nystrom", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nystrom_family("radam", 3e-5, log_every=2)


@case("nystrom-sgdm-summed-ce", "nystrom", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, NYS0, "ln 4"))
def _() -> Setup:
    return nystrom_family("sgdm", 0.03, loss_fn=fd.nys_ce_summed, loss_name="cross_entropy summed over the batch's sequences (reduction='sum')",
                          val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("nystrom-adam-head-x1000", "nystrom", "last-layer-init",
      cf=lambda s: replace(s, model=fd.Nystromformer), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, NYS0, "ln 4"))
def _() -> Setup:
    return nystrom_family("adam", 1e-3, model=lambda: scaled_head(fd.Nystromformer(), 1000))


@case("nystrom-adam-exponential-1000x-in-40-steps", "nystrom", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return nystrom_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("nystrom-adam-missing-token-nan", "nystrom", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sequences with a missing (NaN) token dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return nystrom_family("adam", 1e-3, data=fd.nys_sequences(nan_rows=0.003))


@case("nystrom-adam-fc-dead-at-init", "nystrom", "dead-units",
      cf=lambda s: replace(s, model=fd.Nystromformer), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return nystrom_family("adam", 1e-3, model=lambda: fd.Nystromformer(dead_bias=-30.0), track_zero_grads=True)


@case("nystrom-adam-lr-0p05-no-warmup", "nystrom", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60, shape=anything)
def _() -> Setup:
    return nystrom_family("adam", 0.05)


@case("nystrom-sgd-lr-1-no-clip", "nystrom", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return nystrom_family("sgd", 1.0)


@case("nystrom-adam-256-sequences-overfits", "nystrom", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return nystrom_family("adam", 3e-3, steps=600, eval_every=30, data=fd.nys_sequences(train_rows=256))


# truncnorm: a ReLU MLP regressor of targets truncated below at 0 (a draw below 0 never observed), the truncated-normal
# negative log-likelihood (a mean and a softplus scale, the log of the normal's survival function at 0 subtracted from
# the log-likelihood; 2.8-3.8 at step 1 by the batch, the NLL of raw outputs of 0 2.43, ending near 0.87); works at Adam
# 1e-3-0.03 (best 3e-3), NAdam 1e-3-3e-3, AdamW 3e-3-0.01, Adagrad 0.03-0.1, RMSprop 1e-3, SGDm 0.01-0.06, SGD 0.1-0.3;
# NaN from Adam 0.3, RMSprop 0.03, SGDm 0.6 and SGD 3 on


@case("truncnorm-adam-lr-1-log2", "truncnorm", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return truncnorm_family("adam", 1.0, log_every=2)


@case("truncnorm-sgdm-lr-0p2-20x", "truncnorm", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return truncnorm_family("sgdm", 0.2)


@case("truncnorm-adamw-warmup-cosine-peak-1", "truncnorm", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return truncnorm_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("truncnorm-rmsprop-exponential-gamma-1p02", "truncnorm", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return truncnorm_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("truncnorm-nadam-lr-3e-5-100x-low-log3", "truncnorm", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return truncnorm_family("nadam", 3e-5, log_every=3)


@case("truncnorm-sgdm-lr-1e-4-100x-low-log2", "truncnorm", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return truncnorm_family("sgdm", 1e-4, log_every=2)


@case("truncnorm-sgdm-summed-nll", "truncnorm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.trunc_nll, loss_name="truncated-normal negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TRUNC0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return truncnorm_family("sgdm", 0.01, loss_fn=fd.trunc_nll_summed, loss_name="truncated-normal negative log-likelihood summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.trunc_nll, mean_loss_fn=fd.trunc_nll)  # fmt: skip


@case("truncnorm-sgd-summed-nll-log2", "truncnorm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.trunc_nll, loss_name="truncated-normal negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TRUNC0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return truncnorm_family("sgd", 0.1, log_every=2, loss_fn=fd.trunc_nll_summed, loss_name="truncated-normal negative log-likelihood summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.trunc_nll, mean_loss_fn=fd.trunc_nll)  # fmt: skip


@case("truncnorm-adam-head-x1000", "truncnorm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TruncMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, TRUNC0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return truncnorm_family("adam", 3e-3, model=lambda: scaled_head(fd.TruncMLP(), 1000))


@case("truncnorm-adam-multistep-x0p1-at-5pct", "truncnorm", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return truncnorm_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("truncnorm-adam-exponential-1000x-in-40-steps", "truncnorm", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return truncnorm_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("truncnorm-adam-missing-feature-nan", "truncnorm", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return truncnorm_family("adam", 3e-3, data=fd.trunc_rows(nan_rows=0.003))


@case("truncnorm-adam-lr-0p01-recreated-every-2-steps", "truncnorm", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return truncnorm_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("truncnorm-adam-fc-dead-at-init", "truncnorm", "dead-units",
      cf=lambda s: replace(s, model=fd.TruncMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return truncnorm_family("adam", 3e-3, model=lambda: fd.TruncMLP(dead_bias=-30.0), track_zero_grads=True)


# fresh67 half: healthy look-alikes


@case("glove-adam-cosine-log2", "glove", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return glove_family("adam", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("glove-adagrad-constant-eval50", "glove", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return glove_family("adagrad", 0.1, steps=500, eval_every=50)


@case("glove-nadam-warmup-cosine", "glove", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return glove_family("nadam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("glove-rmsprop-step-decay-log3", "glove", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return glove_family("rmsprop", 0.01, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("glove-sgdm-one-cycle", "glove", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return glove_family("sgdm", 1.0, schedule=one_cycle, schedule_name="OneCycleLR")


@case("vicreg-adam-cosine", "vicreg", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return vicreg_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("vicreg-nadam-warmup-cosine-log4", "vicreg", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return vicreg_family("nadam", 3e-3, log_every=4, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("vicreg-sgdm-constant-eval50", "vicreg", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return vicreg_family("sgdm", 3e-3, steps=500, eval_every=50)


@case("vicreg-adagrad-sgdr", "vicreg", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return vicreg_family("adagrad", 0.03, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("nystrom-adam-cosine-log2", "nystrom", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.NYS_CLASSES))
def _() -> Setup:
    return nystrom_family("adam", 1e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("nystrom-rmsprop-constant-600-steps-eval60", "nystrom", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.NYS_CLASSES))
def _() -> Setup:
    return nystrom_family("rmsprop", 1e-3, steps=600, eval_every=60)


@case("nystrom-nesterov-lr-0p1-cosine", "nystrom", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fd.NYS_CLASSES))
def _() -> Setup:
    return nystrom_family("nesterov", 0.1, schedule=cosine_after(0.0), schedule_name="cosine")


@case("nystrom-adam-on-plateau-log5", "nystrom", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.NYS_CLASSES))
def _() -> Setup:
    return nystrom_family("adam", 1e-3, log_every=5, schedule=on_plateau(), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("truncnorm-adagrad-cosine-eval25", "truncnorm", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return truncnorm_family("adagrad", 0.03, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("truncnorm-sgd-constant-eval50", "truncnorm", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return truncnorm_family("sgd", 0.3, steps=500, eval_every=50)


@case("truncnorm-adamw-warmup-linear-avg10", "truncnorm", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return truncnorm_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                            schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("truncnorm-adam-resumed-with-state", "truncnorm", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return truncnorm_family("adam", 3e-3, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)


# fresh67 half, logged once per epoch


@case("truncnorm-adam-256-rows-overfits-per-epoch", "truncnorm", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return truncnorm_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.trunc_rows(train_rows=256, batch_size=64))


@case("nystrom-adam-lr-1-per-epoch", "nystrom", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return nystrom_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.nys_sequences(n=3200, batch_size=64))


@case("truncnorm-adam-cosine-per-epoch", "truncnorm", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return truncnorm_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.trunc_rows(n=2944, batch_size=64),
                            schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("nystrom-sgdm-cosine-per-epoch", "nystrom", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.NYS_CLASSES))
def _() -> Setup:
    return nystrom_family("sgdm", 0.1, steps=50 * 8, log_per_epoch=True, data=fd.nys_sequences(n=3200, batch_size=64),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
