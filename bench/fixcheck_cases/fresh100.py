"""The one hundred and second fresh half (fresh100, held out from all tuning):
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
    LN, Setup, cosine_after, cyclic, exponential, exponential_to, linear_decay_after, multistep, one_cycle,
    scaled_head, warm_restarts,
)


def pyramidnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 textures")
    knobs.setdefault("meta", {"model": "PyramidNet-like CNN (no batch norm): a 3x3 stem 1-6, two residual blocks widening additively 6-10-14 (the second strided to 6x6; zero-padded shortcuts), global average pooling, a ReLU layer 14-32 and a head",
                              "image_size": fd.PYRAMIDNET_SIZE, "classes": fd.PYRAMIDNET_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.pyramidnet_images(), knobs.pop("model", None) or fd.PyramidnetNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def rhn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 motif kinds")
    knobs.setdefault("meta", {"model": "recurrent highway network (coupled carry gates, recurrence depth 2, carry bias -2), 2 -> 24 units over 14 steps, the last state through a ReLU layer 24-32 and a head",
                              "steps": fd.RHN_STEPS, "channels": fd.RHN_CHANNELS, "hidden": fd.RHN_HIDDEN,
                              "depth": fd.RHN_DEPTH, "classes": fd.RHN_CLASSES,
                              "held_out": "cross-entropy on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.rhn_series(), knobs.pop("model", None) or fd.RhnNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def fmfm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.fmfm_bce)
    knobs.setdefault("loss_name", "BCE with logits of the click")
    knobs.setdefault("meta", {"model": "field-matrixed factorization machine: 8-d embeddings of 6 fields, an 8x8 matrix per field pair (15 interactions), the interactions and 2 dense features through a ReLU layer 17-32 and a head, plus first-order weights",
                              "fields": fd.FMFM_FIELDS, "vocab": fd.FMFM_VOCAB, "dim": fd.FMFM_DIM,
                              "held_out": "BCE on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.fmfm_rows(), knobs.pop("model", None) or fd.FmfmNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def rayleigh_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.rayleigh_nll)
    knobs.setdefault("loss_name", "Rayleigh negative log-likelihood per row (log scale)")
    knobs.setdefault("meta", {"model": "ReLU MLP 5-64-64, a ReLU layer 64-32, a head to the log scale (clamped to +-6) of a Rayleigh law",
                              "features": fd.RAYLEIGH_FEATURES,
                              "held_out": "the NLL on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.rayleigh_rows(), knobs.pop("model", None) or fd.RayleighMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


PYRAMIDNET0, RHN0 = LN(fd.PYRAMIDNET_CLASSES), LN(fd.RHN_CLASSES)
FMFM0, RAYLEIGH0 = LN(2), fd.rayleigh_at_zero()
"""Where the families start: the PyramidNet CNN and the RHN at ln 4, the FmFM near ln 2 (a logit near 0), the
Rayleigh MLP at the NLL of raw outputs of 0 (sigma 1)."""


# pyramidnet: a PyramidNet-like CNN without batch norm (a 3x3 stem, two residual blocks widening additively 6-10-14, the
# second strided to 6x6, zero-padded shortcuts, no ReLU after the add; global average pooling, a ReLU layer and a head)
# naming the texture of a 4x4 patch (a checkerboard, horizontal or vertical stripes, a grid of dots) in noisy 12x12
# images with a distractor square, 5% random labels held out too, cross-entropy over 4 (1.38-1.39 at step 1, ln 4,
# often flat near ln 4 for its first ~100 steps, ending near 0.34-0.64 held out: seed-sensitive); works at Adam 0.01
# (0.64 constant, 0.62 with step decay), Adam 0.01 after a 10% warmup + cosine (0.39), Adam 0.03 (0.34-0.44, but a
# cliff: Adam 0.03 under a cosine stuck at chance at one seed, so no healthy run sits there), RMSprop 1e-3 (0.68-0.80);
# slow at Adam 1e-3 (0.69-0.87); at chance (1.39-1.42) at Adam 0.1-1, RMSprop 0.03-0.3 (or 8e3), after a warmup +
# cosine to a peak of 0.1-1, with a dead fc; 11-14 with an lr growing x1.02 a step from 0.01 (a 400-step run: 3-6 s)

@case("pyramidnet-adam-lr-1", "pyramidnet", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return pyramidnet_family("adam", 1.0)


@case("pyramidnet-rmsprop-lr-0p3-300x-log2", "pyramidnet", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return pyramidnet_family("rmsprop", 0.3, log_every=2)


@case("pyramidnet-adamw-warmup-cosine-peak-1", "pyramidnet", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return pyramidnet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("pyramidnet-adam-exponential-gamma-1p02", "pyramidnet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return pyramidnet_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("pyramidnet-adam-lr-1e-3-10x-low-log3", "pyramidnet", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return pyramidnet_family("adam", 1e-3, log_every=3)


@case("pyramidnet-adam-missing-pixel-nan", "pyramidnet", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return pyramidnet_family("adam", 0.01, data=fd.pyramidnet_images(nan_rows=0.005))


@case("pyramidnet-adam-fc-dead-at-init", "pyramidnet", "dead-units",
      cf=lambda s: replace(s, model=fd.PyramidnetNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return pyramidnet_family("adam", 0.01, model=lambda: fd.PyramidnetNet(dead_bias=-30.0), track_zero_grads=True)


# rhn: a recurrent highway network (coupled carry gates, recurrence depth 2, carry bias -2; 24 units over 14 steps, the
# last state through a ReLU layer and a head) naming the kind of a 5-step motif (a bump, a dip, a rising ramp, an
# oscillation) in noisy 2-channel series, 5% random labels held out too, cross-entropy over 4 (1.33-1.40 at step 1,
# ln 4, ending near 0.27-0.37 held out); flat from Adam 3e-3 to 0.03: works at Adam 0.01 (0.33-0.34 constant), Adam
# 3e-3 (0.35), Adam 0.03 under a cosine (0.30), AdamW 0.01 with a warmup and step decay (0.31), RMSprop 3e-3-0.03
# (0.32-0.37; 0.31 under a cosine at 0.01); slow at Adam 1e-4 (1.32-1.35) and 1e-3 (0.46); 0.44-0.45 after a x0.1 cut
# of Adam 0.01 at step 20; Adam 0.03 recreated every 2 steps 0.46-0.49; at chance (1.39-1.45, or 15) at Adam 1,
# RMSprop 0.1-0.3, after a warmup + cosine to a peak of 1, with a dead fc; its head initialised 1000x 0.55-0.96 (50 at
# step 1); 7-1e4 with an lr growing x1.02 a step from 0.01; 200 training series overfit (0.49 at step 90, 0.87-1.07 at
# the end) (a 400-step run: 3-6 s)

@case("rhn-adam-lr-1-log2", "rhn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return rhn_family("adam", 1.0, log_every=2)


@case("rhn-rmsprop-lr-0p3-100x", "rhn", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return rhn_family("rmsprop", 0.3)


@case("rhn-nadam-warmup-cosine-peak-1", "rhn", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return rhn_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("rhn-adam-exponential-gamma-1p02", "rhn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return rhn_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("rhn-adam-lr-1e-4-100x-low-log2", "rhn", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return rhn_family("adam", 1e-4, log_every=2)


@case("rhn-adam-head-x1000-log2", "rhn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.RhnNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, RHN0, "ln 4"))
def _() -> Setup:
    return rhn_family("adam", 0.01, log_every=2, model=lambda: scaled_head(fd.RhnNet(), 1000))


@case("rhn-adam-lr-3e-3-head-x1000", "rhn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.RhnNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, RHN0, "ln 4"))
def _() -> Setup:
    return rhn_family("adam", 3e-3, model=lambda: scaled_head(fd.RhnNet(), 1000))


@case("rhn-adam-multistep-x0p1-at-5pct", "rhn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return rhn_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("rhn-adam-missing-value-nan", "rhn", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return rhn_family("adam", 0.01, data=fd.rhn_series(nan_rows=0.005))


@case("rhn-adam-fc-dead-at-init", "rhn", "dead-units",
      cf=lambda s: replace(s, model=fd.RhnNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return rhn_family("adam", 0.01, model=lambda: fd.RhnNet(dead_bias=-30.0), track_zero_grads=True)


@case("rhn-adam-lr-0p03-recreated-every-2-steps", "rhn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return rhn_family("adam", 0.03, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("rhn-adam-200-series-overfit", "rhn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return rhn_family("adam", 0.01, steps=600, eval_every=30, data=fd.rhn_series(train_rows=200))


# fmfm: a field-matrixed factorization machine (8-d embeddings of 6 categorical fields of 10 values, an 8x8 matrix per
# field pair, the 15 interactions and 2 dense features through a ReLU layer and a head, plus first-order weights)
# predicting clicks drawn from a logit with pairwise latent interactions, BCE with logits (0.69-0.72 at step 1, ending
# near 0.50-0.60 held out; it starts to overfit after ~200 steps at Adam 0.01-0.03); works at Adam 3e-3-0.03
# (0.50-0.54, 0.52 under a cosine), NAdam 0.01 with step decay (0.52), Adagrad 0.1 (0.52-0.54; on plateau 0.53), RAdam
# 0.1 with warmup + cosine (0.52), SGDm 0.01 (0.60), SGDm 0.1 one-cycle (0.59), SGDm 0.1 (0.55); slow at Adam and NAdam
# 1e-4 (0.67), SGDm 1e-3 (0.65); 0.63-0.64 after a x0.1 cut of Adam 3e-3 at step 20, 0.65-0.66 after a x0.001 decay in
# 40 steps; 0.89-1.03 at Adam 1, 0.60-0.61 after a warmup + cosine to a peak of 1, 21-6e11 at Adagrad 10-1000; its
# head initialised 1000x 1.55-1.62; RMSprop 0.03 without a warmup no fault (0.52-0.55, a 60-step warmup the same), so
# its missing-warmup case went to rayleigh; summed over the batch (x64) NaN at SGDm 0.03, 0.77-1.27 at SGD 0.1 (at SGDm
# 0.01 no fault at one seed: 0.60 against 0.60); 256 training rows overfit (0.66 at epoch 1, 3.5-3.9 at the end) (a
# 400-step run: 2-5 s)

@case("fmfm-adam-lr-1", "fmfm", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return fmfm_family("adam", 1.0)


@case("fmfm-adagrad-lr-10-100x-log2", "fmfm", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return fmfm_family("adagrad", 10.0, log_every=2)


@case("fmfm-adamw-warmup-cosine-peak-1", "fmfm", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return fmfm_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("fmfm-adam-lr-1e-4-100x-low", "fmfm", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return fmfm_family("adam", 1e-4)


@case("fmfm-nadam-lr-1e-4-100x-low-log3", "fmfm", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return fmfm_family("nadam", 1e-4, log_every=3)


@case("fmfm-sgdm-lr-1e-3-10x-low", "fmfm", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return fmfm_family("sgdm", 1e-3)


@case("fmfm-sgdm-lr-0p03-summed-bce", "fmfm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.fmfm_bce, loss_name="BCE with logits (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, FMFM0, "ln 2"))
def _() -> Setup:
    return fmfm_family("sgdm", 0.03, loss_fn=fd.fmfm_bce_summed,
                          loss_name="BCE with logits summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.fmfm_bce, mean_loss_fn=fd.fmfm_bce)


@case("fmfm-sgd-summed-bce-log2", "fmfm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.fmfm_bce, loss_name="BCE with logits (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, FMFM0, "ln 2"))
def _() -> Setup:
    return fmfm_family("sgd", 0.1, log_every=2, loss_fn=fd.fmfm_bce_summed,
                          loss_name="BCE with logits summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.fmfm_bce, mean_loss_fn=fd.fmfm_bce)


@case("fmfm-adam-head-x1000", "fmfm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FmfmNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, FMFM0, "ln 2"))
def _() -> Setup:
    return fmfm_family("adam", 0.01, model=lambda: scaled_head(fd.FmfmNet(), 1000))


@case("fmfm-adam-multistep-x0p1-at-5pct", "fmfm", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return fmfm_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("fmfm-adam-exponential-1000x-in-40-steps-log2", "fmfm", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return fmfm_family("adam", 0.01, log_every=2, schedule=exponential_to(1e-3, 0.1),
                          schedule_name="ExponentialLR per batch, x0.001 by step 40")


# rayleigh: a ReLU MLP (5-64-64, a ReLU layer and a head) of the log scale of a Rayleigh law of a positive target whose
# scale depends on the features, the negative log-likelihood per row (2.3-3.0 at step 1, 4.44 for raw outputs of 0,
# ending near 1.18-1.32 held out); works at Adam 3e-3 (1.20; 1.18 under a cosine, warm restarts or a warmup + linear
# decay), Adam 1e-3-0.01 (1.18-1.32), RMSprop 3e-3 with step decay (1.19), SGDm 0.01 (1.22-1.23), Nesterov 0.01 and
# SGD 0.1 under a cosine (1.21-1.26), RMSprop 0.03 after a 60-step warmup (1.28-1.31; 1.42-2.85 at 0.05); slow at Adam
# 3e-5 (2.05-2.38); 1.93-2.07 after a x0.001 decay in 40 steps; 11.7 (the log scale at its clamp of +6) at Adam 0.1-1,
# SGDm 0.1-1 (or 6e5), RMSprop 0.03-0.05 without a warmup, SGD 1, summed over the batch (x64) at SGDm 0.01 and Nesterov
# 0.03; 2.1-2.2 under a cyclic lr to a peak of 1; 2e5 at SGDm 0.3 (1.24-1.26 clipped at 0.1); a dead fc 2.1; its head
# initialised 1000x sits at the clamp too (11.6 at step 1: only 2.6x the NLL of raw outputs of 0, not the wrong
# initial loss a large head means), so that case went to rhn (a 400-step run: ~1-2 s)

@case("rayleigh-adam-lr-1-log2", "rayleigh", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return rayleigh_family("adam", 1.0, log_every=2)


@case("rayleigh-sgdm-lr-1-100x", "rayleigh", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return rayleigh_family("sgdm", 1.0)


@case("rayleigh-adam-cyclic-peak-1", "rayleigh", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return rayleigh_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("rayleigh-adam-lr-3e-5-100x-low-log2", "rayleigh", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return rayleigh_family("adam", 3e-5, log_every=2)


@case("rayleigh-rmsprop-lr-0p05-no-warmup", "rayleigh", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return rayleigh_family("rmsprop", 0.05)


@case("rayleigh-rmsprop-lr-0p03-no-warmup-log2", "rayleigh", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return rayleigh_family("rmsprop", 0.03, log_every=2)


@case("rayleigh-sgdm-summed-nll", "rayleigh", "summed",
      cf=lambda s: replace(s, loss_fn=fd.rayleigh_nll, loss_name="Rayleigh NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, RAYLEIGH0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return rayleigh_family("sgdm", 0.01, loss_fn=fd.rayleigh_nll_summed,
                            loss_name="Rayleigh NLL summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.rayleigh_nll, mean_loss_fn=fd.rayleigh_nll)


@case("rayleigh-nesterov-summed-nll-log2", "rayleigh", "summed",
      cf=lambda s: replace(s, loss_fn=fd.rayleigh_nll, loss_name="Rayleigh NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, RAYLEIGH0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return rayleigh_family("nesterov", 0.03, log_every=2, loss_fn=fd.rayleigh_nll_summed,
                            loss_name="Rayleigh NLL summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.rayleigh_nll, mean_loss_fn=fd.rayleigh_nll)


@case("rayleigh-adam-exponential-1000x-in-40-steps", "rayleigh", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return rayleigh_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                            schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("rayleigh-adam-missing-feature-nan", "rayleigh", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return rayleigh_family("adam", 3e-3, data=fd.rayleigh_rows(nan_rows=0.003))


@case("rayleigh-adam-fc-dead-at-init", "rayleigh", "dead-units",
      cf=lambda s: replace(s, model=fd.RayleighMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return rayleigh_family("adam", 3e-3, model=lambda: fd.RayleighMLP(dead_bias=-30.0), track_zero_grads=True)


@case("rayleigh-sgdm-lr-0p3-no-clip", "rayleigh", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return rayleigh_family("sgdm", 0.3)


@case("rayleigh-sgd-lr-1-no-clip-log2", "rayleigh", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return rayleigh_family("sgd", 1.0, log_every=2)


# fresh100 half: healthy look-alikes


@case("pyramidnet-adam-warmup-cosine-eval25", "pyramidnet", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.PYRAMIDNET_CLASSES, fall=0.8))
def _() -> Setup:
    return pyramidnet_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine")


@case("pyramidnet-adam-step-decay-eval50", "pyramidnet", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.PYRAMIDNET_CLASSES, fall=0.8))
def _() -> Setup:
    return pyramidnet_family("adam", 0.01, eval_every=50, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("rhn-rmsprop-cosine-log2", "rhn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.RHN_CLASSES, fall=0.7))
def _() -> Setup:
    return rhn_family("rmsprop", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("rhn-adam-cosine-eval25", "rhn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.RHN_CLASSES, fall=0.7))
def _() -> Setup:
    return rhn_family("adam", 0.03, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("rhn-adamw-warmup-step-decay-log3", "rhn", "healthy", like=("premature-decay", "plateau", "missing-warmup"),
      shape=healthy_shape(fd.RHN_CLASSES, fall=0.7))
def _() -> Setup:
    return rhn_family("adamw", 0.01, log_every=3, warmup_steps=20, schedule=multistep(0.6, 0.8, gamma=0.3),
                        schedule_name="20-step linear warmup + MultiStepLR")


@case("rhn-adam-resumed-with-state", "rhn", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.RHN_CLASSES, fall=0.7))
def _() -> Setup:
    return rhn_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                        schedule=cosine_after(0.0), schedule_name="cosine")


@case("fmfm-adam-cosine-log2", "fmfm", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return fmfm_family("adam", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("fmfm-nadam-step-decay-log3", "fmfm", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return fmfm_family("nadam", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                          schedule_name="MultiStepLR")


@case("fmfm-adagrad-on-plateau-log4", "fmfm", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return fmfm_family("adagrad", 0.1, log_every=4, schedule=on_plateau(),
                          schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("fmfm-sgdm-one-cycle", "fmfm", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return fmfm_family("sgdm", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("fmfm-radam-warmup-cosine-log4", "fmfm", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return fmfm_family("radam", 0.1, log_every=4, schedule=cosine_after(0.1),
                          schedule_name="linear warmup 10% + cosine")


@case("rayleigh-adam-cosine-eval25", "rayleigh", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return rayleigh_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("rayleigh-rmsprop-step-decay-log3", "rayleigh", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return rayleigh_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                            schedule_name="MultiStepLR")


@case("rayleigh-nesterov-cosine-eval60", "rayleigh", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return rayleigh_family("nesterov", 0.01, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


@case("rayleigh-adamw-warmup-linear-avg10", "rayleigh", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return rayleigh_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                            schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("rayleigh-nadam-sgdr-log5", "rayleigh", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return rayleigh_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                            schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("rayleigh-sgd-cosine-log2", "rayleigh", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return rayleigh_family("sgd", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


# fresh100 half, logged once per epoch


@case("fmfm-adam-256-rows-overfit-per-epoch", "fmfm", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return fmfm_family("adam", 0.01, steps=4 * 100, log_per_epoch=True, data=fd.fmfm_rows(train_rows=256))


@case("rayleigh-adam-lr-1-per-epoch", "rayleigh", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return rayleigh_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.rayleigh_rows(n=3200))


@case("rayleigh-adam-cosine-per-epoch", "rayleigh", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return rayleigh_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True, data=fd.rayleigh_rows(n=3200),
                           schedule=cosine_after(0.0), schedule_name="cosine")


@case("rhn-adam-warmup-cosine-per-epoch", "rhn", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.RHN_CLASSES, fall=0.7))
def _() -> Setup:
    return rhn_family("adam", 0.03, steps=50 * 8, log_per_epoch=True, data=fd.rhn_series(n=1600),
                        schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip
