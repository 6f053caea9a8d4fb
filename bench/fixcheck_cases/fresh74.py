"""The seventy-sixth fresh half (fresh74, held out from all tuning):
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


def lambdanet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 arrangements of the two textures")
    knobs.setdefault("meta", {"model": "LambdaNetworks-like: a conv stem (3x3 1-8, 3x3 stride 2 8-32) to 8x8, 2 residual lambda layers (queries of 4 heads x 16 keys, keys softmax-normalised over the positions, values of 8; the content lambda plus position lambdas from learned relative position embeddings over a local 5x5 window, applied to each query), global average pooling, a ReLU layer 32-32 and a head",
                              "image_size": fd.LAMBDA_SIZE, "classes": fd.LAMBDA_CLASSES, "keys": fd.LAMBDA_KEYS,
                              "position_window": fd.LAMBDA_WINDOW, "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.lambdanet_images(), knobs.pop("model", None) or fd.LambdaNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def sru_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes")
    knobs.setdefault("meta", {"model": "SRU classifier: token embeddings (30 -> 32), 2 stacked Simple Recurrent Unit layers (one matrix multiplication for all the time steps, then the elementwise recurrence c_t = f_t * c_(t-1) + (1 - f_t) * x~_t and the highway output h_t = r_t * tanh(c_t) + (1 - r_t) * x_t), the mean over the sequence's tokens and its last token's output concatenated, a ReLU layer 64-32 and a head",
                              "vocab_size": fd.SRU_VOCAB, "max_len": fd.SRU_LENGTH, "classes": fd.SRU_CLASSES,
                              "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.sru_sequences(), knobs.pop("model", None) or fd.SRUNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def afm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.afm_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the click (mean)")
    knobs.setdefault("meta", {"model": "Attentional Factorization Machine: an embedding (8) per value of 10 categorical fields, the element-wise products of all 45 field pairs, an attention network (8-16, ReLU, a score, softmax over the pairs) pooling them, a projection 8-1 plus a global bias and a first-order weight per field value",
                              "fields": fd.AFM_FIELDS, "values_per_field": fd.AFM_CARD,
                              "attention_units": fd.AFM_ATTENTION,
                              "held_out": "BCE of the clicks of new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.afm_rows(), knobs.pop("model", None) or fd.AFM,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def exgauss_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.exgauss_nll)
    knobs.setdefault("loss_name", "ex-Gaussian negative log-likelihood (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to the ex-Gaussian mu, sigma (softplus + 0.05) and rate lambda (softplus + 0.02)",
                              "features": fd.EXG_FEATURES,
                              "held_out": "ex-Gaussian negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.exgauss_rows(), knobs.pop("model", None) or fd.ExGaussMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


LAMBDA0, SRU0, AFM0, EXG0 = LN(fd.LAMBDA_CLASSES), LN(fd.SRU_CLASSES), LN(2), fd.exgauss_at_zero()
"""Where the families start: the LambdaNetworks-like classifier and the SRU classifier at ln 4, the AFM click model at
ln 2, the ex-Gaussian regressor near its NLL of raw outputs of 0 (~6.1)."""


# lambdanet: a LambdaNetworks-like classifier (a conv stem to 8 x 8, 2 residual lambda layers: queries, keys
# softmax-normalised over the positions and values, a content lambda shared by every query plus position lambdas from
# learned relative position embeddings over a local 5 x 5 window; global average pooling) naming how two stripe
# textures are arranged in a patch of noisy 16 x 16 images, cross-entropy over 4 (1.38-1.44 at step 1, ln 4 = 1.39,
# ending near 0.37-0.43 held out); works at Adam 1e-3-3e-3 (best 3e-3, under a cosine decay too), RMSprop 3e-4-1e-3,
# Adagrad 0.01-0.03; slow at Adam and RMSprop 3e-4 (0.47), at chance from Adam 3e-5 down; 0.56-1.04 at Adam 0.01
# (0.35-0.36 after a 60-step warmup), at chance at Adam 0.03, at a cyclic Adam peak of 1 and at Adagrad 0.1-1, blows up
# at Adam 0.3 (1e2 at one seed) and Adagrad 3 (1e30); SGD with momentum at 0.01-0.3 never leaves chance; 256 training
# images overfit from step 90-210


@case("lambdanet-adam-lr-0p3-300x", "lambdanet", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return lambdanet_family("adam", 0.3)


@case("lambdanet-adagrad-lr-3-100x-log2", "lambdanet", "lr-high-step1", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return lambdanet_family("adagrad", 3.0, log_every=2)


@case("lambdanet-adam-cyclic-peak-1", "lambdanet", "lr-high-cyclic", cf=lr_to(1e-3),
      cf_what="peak lr 1e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lambdanet_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("lambdanet-adam-lr-1e-5-100x-low-log2", "lambdanet", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lambdanet_family("adam", 1e-5, log_every=2)


@case("lambdanet-adam-head-x1000", "lambdanet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LambdaNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LAMBDA0, "ln 4"))
def _() -> Setup:
    return lambdanet_family("adam", 1e-3, model=lambda: scaled_head(fd.LambdaNet(), 1000))


@case("lambdanet-adam-multistep-x0p1-at-5pct", "lambdanet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return lambdanet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("lambdanet-adam-missing-pixel-nan", "lambdanet", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return lambdanet_family("adam", 1e-3, data=fd.lambdanet_images(nan_rows=0.003))


@case("lambdanet-adam-fc-dead-at-init", "lambdanet", "dead-units",
      cf=lambda s: replace(s, model=fd.LambdaNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return lambdanet_family("adam", 1e-3, model=lambda: fd.LambdaNet(dead_bias=-30.0), track_zero_grads=True)


@case("lambdanet-adam-lr-0p01-no-warmup", "lambdanet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60,
      shape=anything)
def _() -> Setup:
    return lambdanet_family("adam", 0.01)


@case("lambdanet-adam-256-images-overfits", "lambdanet", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return lambdanet_family("adam", 3e-3, steps=600, eval_every=30, data=fd.lambdanet_images(train_rows=256))


# sru: a Simple Recurrent Unit classifier (token embeddings, 2 stacked SRU layers: the matrix multiplications of all
# the time steps at once, then the elementwise recurrence c_t = f_t c_(t-1) + (1 - f_t) x~_t with a highway output;
# the mean and the last token's output) naming the class of token sequences of 30-40 from counting and ordering two
# markers (more A than B, which comes first), cross-entropy over 4 (1.39-1.43 at step 1, ln 4 = 1.39, ending near
# 0.28-0.32 held out); works at Adam 3e-3-0.03 (best 0.01; under a cosine decay 3e-3 is slow: 0.56), NAdam and AdamW
# 3e-3-0.01, Adagrad 0.03-0.1, RMSprop 1e-3-3e-3 (unsteady); slow at Adam 1e-3 (0.64) and 3e-4 (0.97), at chance at
# Adam and NAdam 3e-5 (1.37); 0.54-0.77 at Adam 0.05 (0.37-0.51 after a 60-step warmup), at chance from Adam 0.1 (0.90
# after a warmup), RMSprop 0.3 and Adagrad 3 on; SGDm slow (0.65-0.73 at 0.03-0.3), at chance from SGDm 1 on (its
# gradients too small for clipping at 1 to change anything); Adam 3e-3 growing x1.02 a step ends at 1.7-2.9


@case("sru-adam-lr-1", "sru", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return sru_family("adam", 1.0)


@case("sru-rmsprop-lr-0p3-300x-log2", "sru", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return sru_family("rmsprop", 0.3, log_every=2)


@case("sru-adamw-warmup-cosine-peak-1", "sru", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sru_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("sru-adam-lr-3e-5-100x-low", "sru", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sru_family("adam", 3e-5)


@case("sru-nadam-lr-3e-5-100x-low-log3", "sru", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sru_family("nadam", 3e-5, log_every=3)


@case("sru-sgdm-summed-ce", "sru", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SRU0, "ln 4"))
def _() -> Setup:
    return sru_family("sgdm", 0.3, loss_fn=fd.sru_ce_summed, loss_name="cross_entropy summed over the batch's sequences (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("sru-adam-head-x1000", "sru", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SRUNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SRU0, "ln 4"))
def _() -> Setup:
    return sru_family("adam", 3e-3, model=lambda: scaled_head(fd.SRUNet(), 1000))


@case("sru-adam-exponential-1000x-in-40-steps", "sru", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return sru_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")  # fmt: skip


@case("sru-adam-fc-dead-at-init", "sru", "dead-units",
      cf=lambda s: replace(s, model=fd.SRUNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return sru_family("adam", 3e-3, model=lambda: fd.SRUNet(dead_bias=-30.0), track_zero_grads=True)


@case("sru-adam-lr-0p05-no-warmup", "sru", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60,
      shape=anything)
def _() -> Setup:
    return sru_family("adam", 0.05)


# afm: an Attentional Factorization Machine (embeddings of 10 categorical fields of 8 values, the element-wise
# products of all 45 field pairs pooled by an attention network with a softmax over the pairs, a projection plus a
# first-order term) of clicks from 8 planted pairwise interactions of unequal importance, BCE with logits (0.69-0.71
# at step 1, ln 2 = 0.69, ending near 0.56-0.60 held out; the true click probabilities 0.45); works at Adam 3e-3-0.05
# (best 0.03), RMSprop 0.01-0.03, Adagrad 0.1-1 (best 0.3), RAdam 0.03-0.1, Nesterov 0.1-1 under a one-cycle schedule,
# SGDm 0.03-0.3 (0.59-0.62); slow at Adam 3e-4 (0.665), hardly moving at Adam 1e-4 (0.685); 0.68 at Adam 0.1 (0.67
# after a 60-step warmup), 9-35 at Adam 1, 0.92 at Adagrad 3, 13-57 at Adagrad 30; SGDm 2 NaN (0.87-2.0 clipped at
# 1); Adagrad 0.3 recreated every 2 steps 0.95-1.15; 512 training rows overfit after 2-3 epochs


@case("afm-adam-lr-1", "afm", "lr-high-step1", cf=lr_to(0.03), cf_what="Adam lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return afm_family("adam", 1.0)


@case("afm-adagrad-lr-30-100x-log2", "afm", "lr-high-step1", cf=lr_to(0.3), cf_what="Adagrad lr 0.3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return afm_family("adagrad", 30.0, log_every=2)


@case("afm-adamw-warmup-cosine-peak-1", "afm", "lr-high-ramp", cf=lr_to(0.03), cf_what="peak lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return afm_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("afm-adam-exponential-gamma-1p02", "afm", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return afm_family("adam", 0.03, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("afm-adam-lr-3e-4-100x-low", "afm", "lr-low-adam", cf=lr_to(0.03), cf_what="Adam lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return afm_family("adam", 3e-4)


@case("afm-sgdm-summed-bce", "afm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.afm_bce, loss_name="binary_cross_entropy_with_logits (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, AFM0, "ln 2"))
def _() -> Setup:
    return afm_family("sgdm", 0.3, loss_fn=fd.afm_bce_summed, loss_name="binary_cross_entropy_with_logits summed over the batch's rows (reduction='sum')",
                      val_loss_fn=fd.afm_bce, mean_loss_fn=fd.afm_bce)  # fmt: skip


@case("afm-nesterov-summed-bce-log2", "afm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.afm_bce, loss_name="binary_cross_entropy_with_logits (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, AFM0, "ln 2"))
def _() -> Setup:
    return afm_family("nesterov", 0.3, log_every=2, loss_fn=fd.afm_bce_summed, loss_name="binary_cross_entropy_with_logits summed over the batch's rows (reduction='sum')",
                      val_loss_fn=fd.afm_bce, mean_loss_fn=fd.afm_bce)  # fmt: skip


@case("afm-adam-head-x1000", "afm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.AFM), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, AFM0, "ln 2"))
def _() -> Setup:
    return afm_family("adam", 0.03, model=lambda: scaled_head(fd.AFM(), 1000))


@case("afm-adam-multistep-x0p1-at-5pct", "afm", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return afm_family("adam", 0.03, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("afm-adam-missing-field-nan", "afm", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) field value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return afm_family("adam", 0.03, data=fd.afm_rows(nan_rows=0.003))


@case("afm-adagrad-lr-0p3-recreated-every-2-steps", "afm", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return afm_family("adagrad", 0.3, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("afm-sgdm-lr-2-no-clip", "afm", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return afm_family("sgdm", 2.0)


# exgauss: a ReLU MLP regressor of right-skewed reaction-time-like targets (in units of 100 ms: a Gaussian plus an
# exponential whose parameters depend on the features), the ex-Gaussian negative log-likelihood of a mean mu, a
# softplus scale sigma and a softplus rate lambda, through log_ndtr (5.9-6.3 at step 1, 6.09 at raw outputs of 0,
# ending near 2.33-2.38 held out); works at Adam 1e-3-0.03 (best 3e-3-0.01), NAdam and AdamW 3e-3, RMSprop 1e-3,
# Adagrad 0.03-0.1, SGDm 0.01-0.1 (best 0.03), SGD 0.1-1; slow at Adam 3e-4 (2.56), SGDm 1e-3 (2.59) and 3e-4 (3.0),
# 3.0 at Adam 1e-4, 4.5-5.1 at Adam 3e-5; 2.48 at Adam 0.1, 2.57 at Adam 0.3 (NaN after a 60-step warmup), 3.4 or NaN
# at Adam 1; 2.45 at Adagrad 0.5, NaN at Adagrad 1; SGDm 1 and SGD 3 NaN unclipped (SGDm 1 clipped at 1: 2.60, SGD 3
# at 0.25: 2.41); recreating Adam every 2 steps costs ~4%


@case("exgauss-adam-lr-1-log2", "exgauss", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return exgauss_family("adam", 1.0, log_every=2)


@case("exgauss-sgdm-lr-3-100x", "exgauss", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return exgauss_family("sgdm", 3.0)


@case("exgauss-adamw-warmup-cosine-peak-1", "exgauss", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return exgauss_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("exgauss-adam-exponential-gamma-1p02", "exgauss", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return exgauss_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("exgauss-adam-lr-3e-5-100x-low-log2", "exgauss", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return exgauss_family("adam", 3e-5, log_every=2)


@case("exgauss-sgdm-lr-3e-4-100x-low-log2", "exgauss", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return exgauss_family("sgdm", 3e-4, log_every=2)


@case("exgauss-sgdm-summed-nll", "exgauss", "summed",
      cf=lambda s: replace(s, loss_fn=fd.exgauss_nll, loss_name="ex-Gaussian negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, EXG0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return exgauss_family("sgdm", 0.03, loss_fn=fd.exgauss_nll_summed, loss_name="ex-Gaussian negative log-likelihood summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.exgauss_nll, mean_loss_fn=fd.exgauss_nll)  # fmt: skip


@case("exgauss-adam-exponential-1000x-in-40-steps", "exgauss", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return exgauss_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")  # fmt: skip


@case("exgauss-adam-missing-feature-nan", "exgauss", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return exgauss_family("adam", 3e-3, data=fd.exgauss_rows(nan_rows=0.003))


@case("exgauss-adam-fc-dead-at-init", "exgauss", "dead-units",
      cf=lambda s: replace(s, model=fd.ExGaussMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return exgauss_family("adam", 3e-3, model=lambda: fd.ExGaussMLP(dead_bias=-30.0), track_zero_grads=True)


@case("exgauss-sgd-lr-3-no-clip", "exgauss", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.25), cf_what="gradients clipped at 0.25",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return exgauss_family("sgd", 3.0)


# fresh74 half: healthy look-alikes


@case("lambdanet-adam-cosine-eval25", "lambdanet", "healthy",
      like=("plateau", "premature-decay"), shape=healthy_shape(fd.LAMBDA_CLASSES, fall=0.6))
def _() -> Setup:
    return lambdanet_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("lambdanet-rmsprop-step-decay-log3", "lambdanet", "healthy",
      like=("premature-decay", "plateau"), shape=healthy_shape(fd.LAMBDA_CLASSES, fall=0.6))
def _() -> Setup:
    return lambdanet_family("rmsprop", 1e-3, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")  # fmt: skip


@case("lambdanet-adagrad-cosine-log2", "lambdanet", "healthy",
      like=("lr-too-low", "plateau"), shape=healthy_shape(fd.LAMBDA_CLASSES, fall=0.6))
def _() -> Setup:
    return lambdanet_family("adagrad", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("sru-adam-cosine-log2", "sru", "healthy",
      like=("plateau", "premature-decay"), shape=healthy_shape(fd.SRU_CLASSES, fall=0.6))
def _() -> Setup:
    return sru_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("sru-adagrad-constant-eval50", "sru", "healthy",
      like=("plateau", "lr-too-low"), shape=healthy_shape(fd.SRU_CLASSES, fall=0.6))
def _() -> Setup:
    return sru_family("adagrad", 0.03, steps=500, eval_every=50)


@case("sru-nadam-warmup-cosine", "sru", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fd.SRU_CLASSES, fall=0.6))
def _() -> Setup:
    return sru_family("nadam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("sru-adamw-sgdr-log4", "sru", "healthy",
      like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.SRU_CLASSES, fall=0.6))
def _() -> Setup:
    return sru_family("adamw", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("sru-adam-resumed-with-state", "sru", "healthy",
      like=("optimizer-reset",), shape=healthy_shape(fd.SRU_CLASSES, fall=0.6))
def _() -> Setup:
    return sru_family("adam", 0.01, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True,
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("afm-adam-cosine-eval25", "afm", "healthy",
      like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return afm_family("adam", 0.03, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("afm-adagrad-on-plateau-log5", "afm", "healthy",
      like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return afm_family("adagrad", 0.3, log_every=5, schedule=on_plateau(), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("afm-rmsprop-constant-eval50", "afm", "healthy",
      like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return afm_family("rmsprop", 0.03, steps=500, eval_every=50)


@case("afm-nesterov-one-cycle", "afm", "healthy",
      like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return afm_family("nesterov", 0.3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("afm-radam-warmup-cosine", "afm", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return afm_family("radam", 0.1, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("exgauss-adagrad-cosine-eval25", "exgauss", "healthy",
      like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return exgauss_family("adagrad", 0.1, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("exgauss-nadam-warmup-cosine", "exgauss", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return exgauss_family("nadam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("exgauss-adamw-warmup-linear-avg10", "exgauss", "healthy",
      like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return exgauss_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                          schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("exgauss-sgd-lr-0p3-constant-eval60", "exgauss", "healthy",
      like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return exgauss_family("sgd", 0.3, steps=480, eval_every=60)


# fresh74 half, logged once per epoch


@case("afm-adam-512-rows-overfits-per-epoch", "afm", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return afm_family("adam", 0.03, steps=8 * 75, log_per_epoch=True, data=fd.afm_rows(train_rows=512, batch_size=64))


@case("sru-adam-lr-1-per-epoch", "sru", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return sru_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.sru_sequences(n=1600, batch_size=32))


@case("lambdanet-adam-cosine-per-epoch", "lambdanet", "healthy",
      like=("overfitting", "plateau"), shape=healthy_shape(fd.LAMBDA_CLASSES, fall=0.6))
def _() -> Setup:
    return lambdanet_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True, data=fd.lambdanet_images(n=1600, batch_size=32),
                            schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("exgauss-sgdm-cosine-per-epoch", "exgauss", "healthy",
      like=("overfitting", "plateau"), shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return exgauss_family("sgdm", 0.03, steps=50 * 8, log_per_epoch=True, data=fd.exgauss_rows(n=3200, batch_size=64),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
