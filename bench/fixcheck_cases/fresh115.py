"""The one hundred and seventeenth fresh half (fresh115, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from torch.nn import functional as F

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
    LN, Setup, cosine_after, cyclic, exponential, exponential_to, linear_decay_after, multistep, one_cycle,
    scaled_head, warm_restarts,
)


def gconv_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 glyphs (L, J, T, S)")
    knobs.setdefault("meta", {"model": "P4 group-equivariant CNN: a lifting conv 1-4x4 rotations (3x3, ReLU), a 2x2 max pool, a P4 group conv 4x4-10x4 (ReLU), a max over the rotations and places, a ReLU layer 10-32 and a head",
                              "size": fd.GCONV_SIZE, "classes": fd.GCONV_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gconv_images(), knobs.pop("model", None) or fd.GconvNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def exprnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the 6-step forecast")
    knobs.setdefault("meta", {"model": "expRNN: an orthogonal recurrent matrix exp(A - A^T), an input projection 1-24, modReLU units over 16 steps, a ReLU layer 24-32 and a head of 6 steps ahead",
                              "past": fd.EXPRNN_PAST, "ahead": fd.EXPRNN_AHEAD,
                              "held_out": "the mse on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.exprnn_series(), knobs.pop("model", None) or fd.ExprnnNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def gcmc_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the ratings")
    knobs.setdefault("meta", {"model": "GC-MC-like rating model: user and item embeddings of 16, their neighbours' mean on the user-item graph, a shared graph-conv layer 32-32 (ReLU), a bilinear decoder 32-32, a global bias and a context weight",
                              "users": fd.GCMC_USERS, "items": fd.GCMC_ITEMS,
                              "held_out": "the mse on unseen user-item pairs"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gcmc_ratings(), knobs.pop("model", None) or fd.GcmcNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def cbern_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.cbern_nll)
    knobs.setdefault("loss_name", "continuous Bernoulli negative log-likelihood of the proportion, mean over the rows")
    knobs.setdefault("meta", {"model": "MLP 6-64 (tanh), a ReLU layer 64-32 and a head of the continuous Bernoulli's natural parameter",
                              "features": fd.CBERN_FEATURES,
                              "held_out": "the NLL on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.cbern_rows(), knobs.pop("model", None) or fd.CbernMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


GCONV0, EXPRNN0, GCMC0 = LN(fd.GCONV_CLASSES), fd.exprnn_at_zero(), fd.gcmc_at_zero()
"""Where the families start: the group-equivariant CNN at ln 4, the expRNN forecaster near the MSE of a forecast of
0, the rating model near the variance of the ratings (its bias starts at their mean); the continuous Bernoulli MLP
starts near 0, the NLL of the uniform density."""




# gconv: a P4 group-equivariant CNN (a lifting conv of 4 channels x 4 rotations, a max pool, a P4 group conv of 10 x 4,
# a max over the rotations and places, a ReLU layer and a head) naming a tetromino glyph (L, J, T, S) turned by a
# multiple of 90 degrees in noisy 12x12 images, 5% random labels held out too, cross-entropy over 4, batches of 32
# (~1.45-1.5 at step 1, near ln 4, ending near 0.32-0.44 held out); works at Adam 3e-3-0.01 (0.37-0.44), SGDm 0.03-0.1
# (0.31-0.36), NAdam 0.01 (0.34); at chance (1.39-1.42) at Adam 1, RMSprop 0.3 and Adam 1e-4 (1.38); Adam 0.1 with a
# 60-step warmup at chance at seed 1, and AdamW 0.05, NAdam 0.05 and Adam 0.03 no better with one, so the
# missing-warmup cases are Adam 0.05 (0.58-0.60 without a warmup, 0.44-0.47 with one) and AdamW 0.07 (at chance
# without, 0.49-0.64 with one); SGDm 3e-4 stays at chance (SGDm 0.03: 0.33-0.36) (a 400-step run: ~5-10 s)


@case("gconv-adam-lr-1", "gconv", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gconv_family("adam", 1.0)


@case("gconv-rmsprop-lr-0p3-100x-log2", "gconv", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gconv_family("rmsprop", 0.3, log_every=2)


@case("gconv-adamw-warmup-cosine-peak-1", "gconv", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gconv_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("gconv-adam-exponential-gamma-1p02", "gconv", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gconv_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("gconv-adam-lr-1e-4-100x-low", "gconv", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gconv_family("adam", 1e-4)


@case("gconv-sgdm-lr-3e-4-100x-low", "gconv", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gconv_family("sgdm", 3e-4)


@case("gconv-adam-lr-0p05-no-warmup", "gconv", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return gconv_family("adam", 0.05)


@case("gconv-adamw-lr-0p07-no-warmup-log2", "gconv", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return gconv_family("adamw", 0.07, log_every=2)


@case("gconv-adam-missing-pixel-nan", "gconv", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return gconv_family("adam", 0.01, data=fd.gconv_images(nan_rows=0.005))


@case("gconv-adam-fc-dead-at-init", "gconv", "dead-units",
      cf=lambda s: replace(s, model=fd.GconvNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return gconv_family("adam", 0.01, model=lambda: fd.GconvNet(dead_bias=-30.0), track_zero_grads=True)


@case("gconv-adam-head-x1000", "gconv", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GconvNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GCONV0, "ln 4"))
def _() -> Setup:
    return gconv_family("adam", 0.01, model=lambda: scaled_head(fd.GconvNet(), 1000))


@case("gconv-sgdm-lr-0p03-summed-ce", "gconv", "summed",
      cf=lambda s: replace(s, loss_fn=F.cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GCONV0, "ln 4"))
def _() -> Setup:
    return gconv_family("sgdm", 0.03, loss_fn=fd.gconv_summed,
                        loss_name="cross-entropy summed over the batch's images (reduction='sum')",
                        val_loss_fn=F.cross_entropy, mean_loss_fn=F.cross_entropy)


@case("gconv-adam-multistep-x0p01-at-5pct", "gconv", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.01)), cf_what="the same x0.01 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.011, 25))
def _() -> Setup:
    return gconv_family("adam", 0.01, schedule=multistep(0.05, gamma=0.01), schedule_name="MultiStepLR at 5%")




# exprnn: an expRNN forecaster (an orthogonal recurrent matrix exp(A - A^T), modReLU units over 16 steps, a ReLU layer
# and a head) of 6 steps of noisy two-sinusoid series with a slope and AR(1) noise, MSE, batches of 32 (2.1 at step 1,
# near the MSE of a forecast of 0, ending near 0.40-0.44 held out); works at Adam 0.01 (0.41-0.44), NAdam 0.01
# (0.40), RMSprop 3e-3 (0.39-0.40), Nesterov 0.03-0.1 (0.39-0.43); stuck at 0.70 at Adam 1, 17-27 at RMSprop 0.3;
# slow at Adam 1e-4 (0.59); SGDm 1e-3 was no worse than 0.1 (0.49-0.54 vs 0.49-0.51), so the lr-low-sgd case moved
# to gconv; SGDm 0.3 unclipped NaN (0.52-0.55 clipped at 0.5) (a 400-step run: ~5-10 s)


@case("exprnn-adam-lr-1-log2", "exprnn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return exprnn_family("adam", 1.0, log_every=2)


@case("exprnn-rmsprop-lr-0p3-100x", "exprnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return exprnn_family("rmsprop", 0.3)


@case("exprnn-nadam-warmup-linear-peak-1-log2", "exprnn", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return exprnn_family("nadam", 1.0, log_every=2, schedule=linear_decay_after(0.1),
                         schedule_name="linear warmup 10% + linear decay")


@case("exprnn-adam-lr-1e-4-100x-low-log3", "exprnn", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return exprnn_family("adam", 1e-4, log_every=3)


@case("exprnn-radam-lr-1e-4-100x-low", "exprnn", "lr-low-adam", cf=lr_to(0.01), cf_what="RAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return exprnn_family("radam", 1e-4)


@case("exprnn-sgdm-summed-sq-error", "exprnn", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, EXPRNN0, "the MSE of an output of 0"))
def _() -> Setup:
    return exprnn_family("sgdm", 0.01, loss_fn=fd.exprnn_summed,
                         loss_name="squared error summed over the batch's samples (reduction='sum')",
                         val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)


@case("exprnn-adam-missing-step-nan", "exprnn", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing (NaN) step dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return exprnn_family("adam", 0.01, data=fd.exprnn_series(nan_rows=0.005))


@case("exprnn-adam-fc-dead-at-init", "exprnn", "dead-units",
      cf=lambda s: replace(s, model=fd.ExprnnNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return exprnn_family("adam", 0.01, model=lambda: fd.ExprnnNet(dead_bias=-30.0), track_zero_grads=True)


@case("exprnn-adam-head-x1000-log2", "exprnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ExprnnNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, EXPRNN0, "the MSE of an output of 0"))
def _() -> Setup:
    return exprnn_family("adam", 0.01, log_every=2, model=lambda: scaled_head(fd.ExprnnNet(), 1000))


@case("exprnn-sgdm-lr-0p3-no-clip", "exprnn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.5), cf_what="gradients clipped at 0.5",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return exprnn_family("sgdm", 0.3)


@case("exprnn-adam-exponential-100x-in-40-steps", "exprnn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 42))
def _() -> Setup:
    return exprnn_family("adam", 0.01, schedule=exponential_to(0.01, 0.1),
                         schedule_name="ExponentialLR per batch, x0.01 by step 40")




# gcmc: a GC-MC-like rating model (user and item embeddings, their neighbours' mean on the user-item graph of the
# training ratings, a shared graph-conv layer, a bilinear decoder, a global bias and a context weight) of ratings of
# unseen user-item pairs (a rank-4 taste match, biases, a context feature, noise 0.3), MSE, batches of 64 (2.1 at step
# 1, ending near 0.75-1.05 held out, the seeds apart); works at Adam 3e-3-0.01, Adagrad 0.1, AdamW 0.01 one-cycle;
# 1.35-1.45 at Adam 1, diverges at Adagrad 10; Adam and RAdam 1e-4 end higher (1.52-1.56) but their training loss
# is not falling by the end, so the two lr-low-adam cases moved to exprnn and cbern; 96 training pairs did not
# overfit (the val loss flat near 1.6), so the overfitting case moved to cbern; logged per epoch (batches of 160) it
# wants Adam 0.03 (0.62) over 0.01 (0.81) (a 400-step run: ~2-4 s)


@case("gcmc-adam-lr-1", "gcmc", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gcmc_family("adam", 1.0)


@case("gcmc-adagrad-lr-10-100x-log2", "gcmc", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gcmc_family("adagrad", 10.0, log_every=2)


@case("gcmc-adam-cyclic-peak-1", "gcmc", "lr-high-cyclic", cf=lr_to(0.01),
      cf_what="peak lr 0.01 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gcmc_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("gcmc-sgdm-lr-0p03-summed", "gcmc", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GCMC0, "the variance of the ratings"))
def _() -> Setup:
    return gcmc_family("sgdm", 0.03, loss_fn=fd.gcmc_summed,
                        loss_name="squared error summed over the batch's rows (reduction='sum')",
                        val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)


@case("gcmc-nesterov-lr-0p03-summed-log2", "gcmc", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GCMC0, "the variance of the ratings"))
def _() -> Setup:
    return gcmc_family("nesterov", 0.03, log_every=2, loss_fn=fd.gcmc_summed,
                       loss_name="squared error summed over the batch's ratings (reduction='sum')",
                       val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)


@case("gcmc-adam-head-x1000", "gcmc", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GcmcNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GCMC0, "the variance of the ratings"))
def _() -> Setup:
    return gcmc_family("adam", 0.01, model=lambda: scaled_head(fd.GcmcNet(), 1000))


@case("gcmc-sgdm-lr-1-no-clip-batch32", "gcmc", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.5), cf_what="gradients clipped at 0.5",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return gcmc_family("sgdm", 1.0, data=fd.gcmc_ratings(batch_size=32))


@case("gcmc-adam-multistep-x0p01-at-5pct", "gcmc", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.01)), cf_what="the same x0.01 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.011, 25))
def _() -> Setup:
    return gcmc_family("adam", 0.01, schedule=multistep(0.05, gamma=0.01), schedule_name="MultiStepLR at 5%")


@case("gcmc-adam-lr-0p01-recreated-every-2-steps", "gcmc", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return gcmc_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))




# cbern: a continuous Bernoulli MLP (6-64 tanh, a ReLU layer and a head of the natural parameter eta) of proportions in
# [0, 1] drawn from a continuous Bernoulli of a feature-dependent eta, the negative log-likelihood, batches of 64 (~0 at
# step 1, the uniform density, ending near -0.45 to -0.49 held out); works at Adam 0.01-0.03, RMSprop 3e-3-0.01,
# NAdam 0.01, RAdam 0.1; NaN at Adam 1 and NAdam 1 (eta blows up and the normaliser's gradient overflows); slow at
# Adam and NAdam 1e-4 (-0.15); Adam 0.15 is no worse without a warmup (-0.42/-0.44 vs -0.45/-0.43 with one), so the
# missing-warmup cases are gconv's; 96 training rows overfit hard (the val loss from -0.26 to +1.4) (a 400-step run:
# ~1-4 s)


@case("cbern-adam-lr-1", "cbern", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cbern_family("adam", 1.0)


@case("cbern-nadam-lr-1-100x-log2", "cbern", "lr-high-step1", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cbern_family("nadam", 1.0, log_every=2)


@case("cbern-adamw-warmup-cosine-peak-1", "cbern", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cbern_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("cbern-adam-exponential-gamma-1p02", "cbern", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cbern_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("cbern-adam-lr-1e-4-100x-low", "cbern", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cbern_family("adam", 1e-4)


@case("cbern-nadam-lr-1e-4-100x-low-log2", "cbern", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cbern_family("nadam", 1e-4, log_every=2)


@case("cbern-adam-fc-dead-at-init", "cbern", "dead-units",
      cf=lambda s: replace(s, model=fd.CbernMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return cbern_family("adam", 0.01, model=lambda: fd.CbernMLP(dead_bias=-30.0), track_zero_grads=True)


@case("cbern-adam-missing-feature-nan", "cbern", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return cbern_family("adam", 0.01, data=fd.cbern_rows(nan_rows=0.003))


@case("cbern-adam-exponential-1000x-in-40-steps-log2", "cbern", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return cbern_family("adam", 0.01, log_every=2, schedule=exponential_to(1e-3, 0.1),
                      schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("cbern-adam-96-rows-overfit", "cbern", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return cbern_family("adam", 0.01, steps=600, eval_every=30, data=fd.cbern_rows(train_rows=96, batch_size=32))


# fresh115 half: healthy look-alikes


@case("gconv-adam-warmup-cosine-eval25", "gconv", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.GCONV_CLASSES, fall=0.8))
def _() -> Setup:
    return gconv_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.1),
                        schedule_name="linear warmup 10% + cosine")


@case("gconv-sgdm-step-decay-log2", "gconv", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.GCONV_CLASSES, fall=0.8))
def _() -> Setup:
    return gconv_family("sgdm", 0.1, log_every=2, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("gconv-nadam-on-plateau-log4", "gconv", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.GCONV_CLASSES, fall=0.8))
def _() -> Setup:
    return gconv_family("nadam", 0.01, log_every=4, schedule=on_plateau(),
                        schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("gconv-rmsprop-one-cycle-log2", "gconv", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.GCONV_CLASSES, fall=0.8))
def _() -> Setup:
    return gconv_family("rmsprop", 3e-3, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


@case("gconv-adam-resumed-with-state", "gconv", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.GCONV_CLASSES, fall=0.8))
def _() -> Setup:
    return gconv_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                        schedule=cosine_after(0.0), schedule_name="cosine")


@case("exprnn-adam-cosine-eval25", "exprnn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return exprnn_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("exprnn-rmsprop-warmup-linear-avg10", "exprnn", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return exprnn_family("rmsprop", 1e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                         schedule_name="linear warmup 5% + linear decay")


@case("exprnn-nadam-sgdr-log5", "exprnn", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return exprnn_family("nadam", 0.01, log_every=5, schedule=warm_restarts(0.25),
                         schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("exprnn-nesterov-warmup-cosine-log3", "exprnn", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return exprnn_family("nesterov", 0.1, log_every=3, schedule=cosine_after(0.1),
                         schedule_name="linear warmup 10% + cosine")


@case("gcmc-adagrad-cosine-log2", "gcmc", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return gcmc_family("adagrad", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gcmc-adam-step-decay-eval50", "gcmc", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return gcmc_family("adam", 0.01, eval_every=50, schedule=multistep(0.5, 0.75, gamma=0.3),
                        schedule_name="MultiStepLR")


@case("gcmc-adamw-one-cycle", "gcmc", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return gcmc_family("adamw", 0.01, schedule=one_cycle, schedule_name="OneCycleLR")


@case("cbern-adam-cosine-log2", "cbern", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return cbern_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("cbern-rmsprop-step-decay-log3", "cbern", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return cbern_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                      schedule_name="MultiStepLR")


@case("cbern-adam-on-plateau-log4", "cbern", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return cbern_family("adam", 0.01, log_every=4, schedule=on_plateau(),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("cbern-radam-warmup-cosine-log4", "cbern", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return cbern_family("radam", 0.1, log_every=4, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine")


@case("cbern-nadam-warmup-linear-avg10", "cbern", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return cbern_family("nadam", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                      schedule_name="linear warmup 5% + linear decay")


# fresh115 half, logged once per epoch


@case("gconv-adam-128-images-overfit-per-epoch", "gconv", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gconv_family("adam", 0.01, steps=4 * 100, log_per_epoch=True, data=fd.gconv_images(train_rows=128))


@case("cbern-adam-lr-1-per-epoch", "cbern", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return cbern_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.cbern_rows(n=3200))


@case("exprnn-adam-cosine-per-epoch", "exprnn", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return exprnn_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.exprnn_series(n=1600),
                         schedule=cosine_after(0.0), schedule_name="cosine")


@case("gcmc-adam-warmup-cosine-per-epoch", "gcmc", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return gcmc_family("adam", 0.03, steps=50 * 8, log_per_epoch=True, data=fd.gcmc_ratings(batch_size=160),
                        schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")
