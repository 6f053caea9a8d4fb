"""The ninety-ninth fresh half (fresh97, held out from all tuning):
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


def cspnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 blob counts")
    knobs.setdefault("meta", {"model": "CSPNet-like CNN: a 3x3 stem 1-8, a stride-2 3x3 conv 8-16 to 7x7, a cross stage partial stage (1x1 split 16 -> 8 + 8, one part through 2 residual bottlenecks and a 1x1 transition, concatenated, a 1x1 fusion 16-16), LeakyReLU 0.1, global average pooling, a ReLU layer 16-32 and a head",
                              "image_size": fd.CSPNET_SIZE, "classes": fd.CSPNET_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.cspnet_images(), knobs.pop("model", None) or fd.CspnetNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def antisym_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes of the two pulses' signs")
    knobs.setdefault("meta", {"model": "gated AntisymmetricRNN: h += 0.2 sigmoid(A h + V_z x) tanh(A h + V_h x), A = W - W^T - 0.01 I, 32 units over 36 steps of 2 channels, the last state through a ReLU layer 32-32 and a head",
                              "steps": fd.ANTISYM_STEPS, "hidden": fd.ANTISYM_HIDDEN, "classes": fd.ANTISYM_CLASSES,
                              "held_out": "cross-entropy on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.antisym_series(), knobs.pop("model", None) or fd.AntisymNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def modernnca_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "NCA loss: cross-entropy of the 4 classes' log-probabilities from the candidates' softmax weights (mean over the rows)")
    knobs.setdefault("meta", {"model": "ModernNCA-like: an encoder (8-64 ReLU, a ReLU layer 64-32, a linear head 32-16) of the row and of 512 labelled candidate rows, a class's probability the sum of its candidates' softmax(-squared distance) weights",
                              "features": fd.MODERNNCA_FEATURES, "classes": fd.MODERNNCA_CLASSES,
                              "candidates": fd.MODERNNCA_CANDIDATES, "held_out": "the NCA loss on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.modernnca_rows(), knobs.pop("model", None) or fd.ModernncaNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def alaplace_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.alaplace_nll)
    knobs.setdefault("loss_name", "asymmetric Laplace negative log-likelihood per row (location, log scale, log asymmetry)")
    knobs.setdefault("meta", {"model": "ReLU MLP 5-64-64, a ReLU layer 64-32, a head to the location, the log scale (clamped to +-6) and the log asymmetry (clamped to +-3)",
                              "features": fd.ALAPLACE_FEATURES,
                              "held_out": "the NLL on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.alaplace_rows(), knobs.pop("model", None) or fd.AlaplaceMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


CSPNET0, ANTISYM0 = LN(fd.CSPNET_CLASSES), LN(fd.ANTISYM_CLASSES)
MODERNNCA0, ALAPLACE0 = LN(fd.MODERNNCA_CLASSES), fd.alaplace_at_zero()
"""Where the families start: the CSPNet-like CNN at ln 4, the AntisymmetricRNN at ln 4, the ModernNCA near ln 4 (every
candidate about as near), the asymmetric Laplace MLP at the NLL of raw outputs of 0 (log 2 + mean |y|)."""


# cspnet: a CSPNet-like CNN (a 3x3 stem, a stride-2 conv to 7x7, a cross stage partial stage: the channels split by
# two 1x1 convs, one part through 2 residual bottlenecks and a 1x1 transition, concatenated with the other and fused,
# LeakyReLU 0.1, global average pooling, a ReLU layer and a head) counting the 1-4 bright blobs of noisy 14x14 images
# with a dim distractor bar, 5% random labels held out too, cross-entropy over 4 (1.37-1.39 at step 1, ln 4, ending
# near 0.62-0.75 held out); works at Adam 3e-3-0.03 (0.73-0.77 constant; 0.62-0.70 under a cosine, best at 0.03 with
# a warmup); at chance (1.38-1.55) at Adam 1, RMSprop 0.3, after a warmup + cosine to a peak of 1 or 0.1; 1.8-2.0
# with an lr growing x1.02 a step from 3e-3; hardly moving from ln 4 at Adam 1e-4; 0.80-0.81 with its head initialised
# 1000x; a dead fc stays at ln 4 (a 400-step run: 3-6 s on one core)

@case("cspnet-adam-lr-1", "cspnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cspnet_family("adam", 1.0)


@case("cspnet-rmsprop-lr-0p3-300x-log2", "cspnet", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cspnet_family("rmsprop", 0.3, log_every=2)


@case("cspnet-adamw-warmup-cosine-peak-1", "cspnet", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cspnet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("cspnet-adam-exponential-gamma-1p02", "cspnet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cspnet_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("cspnet-adam-lr-1e-4-30x-low-log3", "cspnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cspnet_family("adam", 1e-4, log_every=3)


@case("cspnet-adam-head-x1000", "cspnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CspnetNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CSPNET0, "ln 4"))
def _() -> Setup:
    return cspnet_family("adam", 3e-3, model=lambda: scaled_head(fd.CspnetNet(), 1000))


@case("cspnet-adam-missing-pixel-nan", "cspnet", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return cspnet_family("adam", 3e-3, data=fd.cspnet_images(nan_rows=0.005))


@case("cspnet-adam-fc-dead-at-init", "cspnet", "dead-units",
      cf=lambda s: replace(s, model=fd.CspnetNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return cspnet_family("adam", 3e-3, model=lambda: fd.CspnetNet(dead_bias=-30.0), track_zero_grads=True)


# antisym: a gated AntisymmetricRNN (h += 0.2 sigmoid(A h + V_z x) tanh(A h + V_h x), A = W - W^T - 0.01 I, 32 units,
# 36 steps of 2 channels; the last state through a ReLU layer and a head) naming the signs of an early and a late pulse
# over slow sines and noise, 5% random labels held out too, cross-entropy over 4 (1.37-1.44 at step 1, ln 4, ending
# near 0.27-0.38 held out); works at Adam 3e-3-0.03 (0.33-0.38), Adam 0.01 with cosine (0.31), AdamW 0.01 with a
# warmup and step decay (0.32), RMSprop 3e-3 (0.34-0.40); slow at Adam 3e-4 (0.47), Adam 1e-4 (0.93-0.95); 0.43-0.46
# after a x0.1 cut of Adam 3e-3 at step 20; Adam 0.03 recreated every 2 steps 0.51-0.84; Adam 0.1 0.93-0.96 (0.42-0.43
# after a 60-step warmup); at chance (1.39-1.52) at Adam 1, RMSprop 0.3, after a warmup + cosine to a peak of 1;
# 3-10 with an lr growing x1.015 a step from 3e-3; 0.94-1.15 with its head initialised 1000x; 200 training series
# overfit from step ~30 (0.43 -> 1.1-1.2) (a 400-step run: 3-5 s on one core)

@case("antisym-adam-lr-1-log2", "antisym", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return antisym_family("adam", 1.0, log_every=2)


@case("antisym-rmsprop-lr-0p3-100x", "antisym", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return antisym_family("rmsprop", 0.3)


@case("antisym-nadam-warmup-cosine-peak-1", "antisym", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return antisym_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("antisym-adam-exponential-gamma-1p015", "antisym", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return antisym_family("adam", 3e-3, schedule=exponential(1.015), schedule_name="ExponentialLR(gamma=1.015) per batch")


@case("antisym-adam-lr-1e-4-30x-low-log2", "antisym", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return antisym_family("adam", 1e-4, log_every=2)


@case("antisym-adam-head-x1000-log2", "antisym", "last-layer-init",
      cf=lambda s: replace(s, model=fd.AntisymNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, ANTISYM0, "ln 4"))
def _() -> Setup:
    return antisym_family("adam", 0.01, log_every=2, model=lambda: scaled_head(fd.AntisymNet(), 1000))


@case("antisym-adam-multistep-x0p1-at-5pct", "antisym", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return antisym_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("antisym-adam-missing-value-nan", "antisym", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return antisym_family("adam", 0.01, data=fd.antisym_series(nan_rows=0.005))


@case("antisym-adam-fc-dead-at-init", "antisym", "dead-units",
      cf=lambda s: replace(s, model=fd.AntisymNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return antisym_family("adam", 0.01, model=lambda: fd.AntisymNet(dead_bias=-30.0), track_zero_grads=True)


@case("antisym-adam-lr-0p03-recreated-every-2-steps", "antisym", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return antisym_family("adam", 0.03, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("antisym-adam-200-series-overfits", "antisym", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return antisym_family("adam", 0.01, steps=600, eval_every=30, data=fd.antisym_series(train_rows=200))


# modernnca: a ModernNCA-like tabular classifier (an MLP encoder 8-64-32-16 of the row and of 512 labelled candidate
# rows of the same law, a class's probability the sum of its candidates' softmax(-squared distance) weights, the NCA
# loss: cross-entropy of the class log-probabilities) of 4 classes from two nonlinear rules of 8 features, 5% random
# labels held out too (1.38 at step 1, ln 4, ending near 0.65-0.70 held out); works at Adam 3e-3-0.01 (0.66-0.70),
# NAdam 0.01 with step decay (0.65), Adagrad 0.1 (0.69-0.71), SGDm 0.03 (0.69-0.73), RMSprop 0.03 after a 60-step
# warmup (0.72-0.83); slow at Adam 1e-3 (0.70-0.75), SGD 0.1 (0.77), Adam and NAdam 1e-4 (1.0); 0.78-0.83 after a x0.1
# cut of Adam 3e-3 at step 20, 1.0 after a x0.001 decay in 40 steps; collapsed (41-48: every row nearest one candidate
# of a wrong class) at Adam 1, Adagrad 10, RMSprop 0.03 without a warmup; Adam 0.1 1.1-1.4; summed over the batch
# (x64) 49 or NaN at SGDm 0.03 and SGD 0.1 (a 400-step run: 3-5 s on one core)

@case("modernnca-adam-lr-1", "modernnca", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return modernnca_family("adam", 1.0)


@case("modernnca-adagrad-lr-10-100x-log2", "modernnca", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return modernnca_family("adagrad", 10.0, log_every=2)


@case("modernnca-adamw-warmup-cosine-peak-1", "modernnca", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return modernnca_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("modernnca-adam-lr-1e-4-30x-low", "modernnca", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return modernnca_family("adam", 1e-4)


@case("modernnca-nadam-lr-1e-4-30x-low-log3", "modernnca", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return modernnca_family("nadam", 1e-4, log_every=3)


@case("modernnca-rmsprop-lr-0p03-no-warmup-log2", "modernnca", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return modernnca_family("rmsprop", 0.03, log_every=2)


@case("modernnca-sgdm-summed-nca", "modernnca", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="NCA loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, MODERNNCA0, "ln 4"))
def _() -> Setup:
    return modernnca_family("sgdm", 0.03, loss_fn=fd.modernnca_ce_summed,
                            loss_name="NCA loss summed over the batch's rows (reduction='sum')",
                            val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)


@case("modernnca-sgd-summed-nca-log2", "modernnca", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="NCA loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, MODERNNCA0, "ln 4"))
def _() -> Setup:
    return modernnca_family("sgd", 0.1, log_every=2, loss_fn=fd.modernnca_ce_summed,
                            loss_name="NCA loss summed over the batch's rows (reduction='sum')",
                            val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)


@case("modernnca-adam-multistep-x0p1-at-5pct", "modernnca", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return modernnca_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("modernnca-adam-exponential-1000x-in-40-steps-log2", "modernnca", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return modernnca_family("adam", 0.01, log_every=2, schedule=exponential_to(1e-3, 0.1),
                            schedule_name="ExponentialLR per batch, x0.001 by step 40")


# alaplace: a ReLU MLP (5-64-64, a ReLU layer and a head) of the location, the log scale and the log asymmetry of an
# asymmetric Laplace law (Kotz et al.'s kappa form) of a target whose noise's scale and skew depend on the features,
# the negative log-likelihood per row (1.8-2.3 at step 1, 2.02 for raw outputs of 0, ending near 1.30-1.40 held out);
# works at Adam 1e-3-0.01 (1.33-1.37; 1.30-1.33 under a cosine), RMSprop 3e-3 (1.33-1.38), Adagrad 0.03 (1.33-1.35),
# Nesterov 0.03 with cosine (1.31), RAdam 0.03 with warmup + cosine (1.30), SGDm 0.01 (1.36-1.40), SGDm 0.03 one-cycle
# (1.33), SGD 0.1-0.3 with cosine (1.37-1.40); slow at Adam 1e-4 (1.70), SGDm 1e-3 (1.71-1.72); 1.85-1.87 after a
# x0.001 decay in 40 steps; stuck near 9 (the log scale at its clamp) at Adam 1, SGDm 1, RMSprop 0.05-0.1 (1.6-2.0
# after a 60-step warmup at 0.05), SGDm 0.3 (1.37-1.39 clipped at 0.1), 2.6-6.7 at SGD 1 (1.36-1.37 clipped), ~2.0
# under a cyclic lr to a peak of 1 and at Adam 0.1-0.3 (a warmup does not help at 0.1); 9.0 with its head initialised
# 1000x; summed over the batch (x64) NaN at SGDm 0.01 and SGD 0.1; 256 training rows overfit from epoch ~8-17 (1.63 ->
# 4.8-6.8) (a 400-step run: ~1 s)

@case("alaplace-adam-lr-1-log2", "alaplace", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return alaplace_family("adam", 1.0, log_every=2)


@case("alaplace-sgdm-lr-1-100x", "alaplace", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return alaplace_family("sgdm", 1.0)


@case("alaplace-adam-cyclic-peak-1", "alaplace", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return alaplace_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("alaplace-adam-lr-1e-4-30x-low-log2", "alaplace", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return alaplace_family("adam", 1e-4, log_every=2)


@case("alaplace-sgdm-lr-1e-3-10x-low", "alaplace", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return alaplace_family("sgdm", 1e-3)


@case("alaplace-rmsprop-lr-0p05-no-warmup", "alaplace", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return alaplace_family("rmsprop", 0.05)


@case("alaplace-sgdm-summed-nll", "alaplace", "summed",
      cf=lambda s: replace(s, loss_fn=fd.alaplace_nll, loss_name="asymmetric Laplace NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ALAPLACE0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return alaplace_family("sgdm", 0.01, loss_fn=fd.alaplace_nll_summed,
                           loss_name="asymmetric Laplace NLL summed over the batch's rows (reduction='sum')",
                           val_loss_fn=fd.alaplace_nll, mean_loss_fn=fd.alaplace_nll)


@case("alaplace-sgd-summed-nll-log2", "alaplace", "summed",
      cf=lambda s: replace(s, loss_fn=fd.alaplace_nll, loss_name="asymmetric Laplace NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ALAPLACE0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return alaplace_family("sgd", 0.1, log_every=2, loss_fn=fd.alaplace_nll_summed,
                           loss_name="asymmetric Laplace NLL summed over the batch's rows (reduction='sum')",
                           val_loss_fn=fd.alaplace_nll, mean_loss_fn=fd.alaplace_nll)


@case("alaplace-adam-head-x1000", "alaplace", "last-layer-init",
      cf=lambda s: replace(s, model=fd.AlaplaceMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients", "non-finite-loss"),  # fmt: skip
      tol=20, shape=first_loss_above(10, ALAPLACE0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return alaplace_family("adam", 3e-3, model=lambda: scaled_head(fd.AlaplaceMLP(), 1000))


@case("alaplace-adam-exponential-1000x-in-40-steps", "alaplace", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return alaplace_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                           schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("alaplace-adam-missing-feature-nan", "alaplace", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return alaplace_family("adam", 3e-3, data=fd.alaplace_rows(nan_rows=0.003))


@case("alaplace-adam-fc-dead-at-init", "alaplace", "dead-units",
      cf=lambda s: replace(s, model=fd.AlaplaceMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return alaplace_family("adam", 3e-3, model=lambda: fd.AlaplaceMLP(dead_bias=-30.0), track_zero_grads=True)


@case("alaplace-sgdm-lr-0p3-no-clip", "alaplace", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return alaplace_family("sgdm", 0.3)


@case("alaplace-sgd-lr-1-no-clip-log2", "alaplace", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return alaplace_family("sgd", 1.0, log_every=2)


# fresh97 half: healthy look-alikes


@case("cspnet-adam-cosine-log2", "cspnet", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.CSPNET_CLASSES, fall=0.8))
def _() -> Setup:
    return cspnet_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("cspnet-adam-warmup-cosine-eval25", "cspnet", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.CSPNET_CLASSES, fall=0.8))
def _() -> Setup:
    return cspnet_family("adam", 0.03, eval_every=25, schedule=cosine_after(0.1),
                         schedule_name="linear warmup 10% + cosine")


@case("antisym-adam-cosine-eval25", "antisym", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.ANTISYM_CLASSES, fall=0.7))
def _() -> Setup:
    return antisym_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("antisym-adamw-warmup-step-decay-log3", "antisym", "healthy", like=("premature-decay", "plateau", "missing-warmup"),
      shape=healthy_shape(fd.ANTISYM_CLASSES, fall=0.7))
def _() -> Setup:
    return antisym_family("adamw", 0.01, log_every=3, warmup_steps=20, schedule=multistep(0.6, 0.8, gamma=0.3),
                          schedule_name="20-step linear warmup + MultiStepLR")


@case("modernnca-adam-cosine-log2", "modernnca", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.MODERNNCA_CLASSES, fall=0.7))
def _() -> Setup:
    return modernnca_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("modernnca-nadam-step-decay-log3", "modernnca", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.MODERNNCA_CLASSES, fall=0.7))
def _() -> Setup:
    return modernnca_family("nadam", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                            schedule_name="MultiStepLR")


@case("modernnca-adam-constant-eval50", "modernnca", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.MODERNNCA_CLASSES, fall=0.7))
def _() -> Setup:
    return modernnca_family("adam", 3e-3, eval_every=50)


@case("alaplace-adam-cosine-eval25", "alaplace", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return alaplace_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("alaplace-adam-resumed-with-state", "alaplace", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return alaplace_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                           schedule=cosine_after(0.0), schedule_name="cosine")


@case("alaplace-rmsprop-step-decay-log3", "alaplace", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return alaplace_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                           schedule_name="MultiStepLR")


@case("alaplace-adagrad-on-plateau-log4", "alaplace", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return alaplace_family("adagrad", 0.03, log_every=4, schedule=on_plateau(),
                           schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("alaplace-nesterov-cosine-eval60", "alaplace", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return alaplace_family("nesterov", 0.03, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


@case("alaplace-adamw-warmup-linear-avg10", "alaplace", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return alaplace_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                           schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("alaplace-sgdm-one-cycle", "alaplace", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return alaplace_family("sgdm", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("alaplace-nadam-sgdr-log5", "alaplace", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return alaplace_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                           schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("alaplace-sgd-cosine-log2", "alaplace", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return alaplace_family("sgd", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("alaplace-radam-warmup-cosine-log4", "alaplace", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return alaplace_family("radam", 0.03, log_every=4, schedule=cosine_after(0.1),
                           schedule_name="linear warmup 10% + cosine")


# fresh97 half, logged once per epoch


@case("alaplace-adam-256-rows-overfits-per-epoch", "alaplace", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return alaplace_family("adam", 3e-3, steps=4 * 100, log_per_epoch=True, data=fd.alaplace_rows(train_rows=256))


@case("alaplace-adam-lr-1-per-epoch", "alaplace", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return alaplace_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.alaplace_rows(n=3200))


@case("modernnca-adam-cosine-per-epoch", "modernnca", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.MODERNNCA_CLASSES, fall=0.7))
def _() -> Setup:
    return modernnca_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.modernnca_rows(n=3200),
                            schedule=cosine_after(0.0), schedule_name="cosine")


@case("antisym-adam-warmup-cosine-per-epoch", "antisym", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.ANTISYM_CLASSES, fall=0.7))
def _() -> Setup:
    return antisym_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.antisym_series(n=1600),
                          schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip
