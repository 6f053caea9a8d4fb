"""The ninety-sixth fresh half (fresh94, held out from all tuning):
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


def blurpool_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 stripe orientations")
    knobs.setdefault("meta", {"model": "anti-aliased CNN: a 3x3 conv 1-12 (ReLU), MaxBlurPool (a max-pool of stride 1, a fixed 3x3 binomial blur of stride 2) to 6x6, a 3x3 conv 12-16 (ReLU), BlurPool to 3x3, global average pooling, a ReLU layer 16-32 and a head",
                              "image_size": fd.BLURPOOL_SIZE, "classes": fd.BLURPOOL_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.blurpool_images(), knobs.pop("model", None) or fd.BlurpoolNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def cornn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 burst classes")
    knobs.setdefault("meta", {"model": "coRNN: 24 coupled oscillators (position y, velocity z; z += dt (tanh(W y + W_z z + V u + b) - gamma y - eps z), y += dt z; dt 0.3, gamma 1, eps 1) over 24 steps, the final y through a ReLU layer 24-32 and a head",
                              "steps": fd.CORNN_STEPS, "hidden": fd.CORNN_HIDDEN, "classes": fd.CORNN_CLASSES,
                              "held_out": "cross-entropy on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.cornn_series(), knobs.pop("model", None) or fd.CornnNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def autorec_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.autorec_mse)
    knobs.setdefault("loss_name", "masked mse of the held-back ratings (per user over its ratings, mean over the users)")
    knobs.setdefault("meta", {"model": "user-based AutoRec: the given ratings and their mask (80) through a sigmoid encoder to 48, a ReLU layer 48-32 and a head decoding the 40 items' ratings",
                              "items": fd.AUTOREC_ITEMS, "held_out": "the same loss on new users"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.autorec_users(), knobs.pop("model", None) or fd.AutorecNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def crps_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.crps_loss)
    knobs.setdefault("loss_name", "continuous ranked probability score of a Gaussian forecast (closed form, mean over the rows)")
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to the mean and the log scale (clamped to +-6)",
                              "features": fd.CRPS_FEATURES,
                              "held_out": "the CRPS on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.crps_rows(), knobs.pop("model", None) or fd.CrpsMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


BLURPOOL0, CORNN0 = LN(fd.BLURPOOL_CLASSES), LN(fd.CORNN_CLASSES)
AUTOREC0, CRPS0 = fd.autorec_at_zero(), fd.crps_at_zero()
"""Where the families start: the anti-aliased CNN and the coRNN at ln 4, the AutoRec near the masked MSE of
predictions of 0 (the centred mean), the CRPS MLP at the CRPS of raw outputs of 0 (N(0, 1) forecasts)."""


# blurpool: an anti-aliased CNN (a 3x3 conv, MaxBlurPool: a max-pool of stride 1 then a fixed binomial blur of stride
# 2, a second 3x3 conv, BlurPool, global average pooling, a ReLU layer and a head) naming the orientation of a 5x5
# stripe patch (horizontal, vertical, diagonal, anti-diagonal; period 2-3) at a random place in noisy 12x12 images with
# a bright distractor, 5% random labels held out too, cross-entropy over 4 (1.39 at step 1, ln 4, ending near
# 0.56-0.69 held out); works at Adam 3e-3-0.03 (0.56-0.69), Adam 0.01 with cosine (0.63), RMSprop 1e-3 (0.75-0.83),
# SGDm 0.03-0.1 (0.81-0.83); slow at Adam 1e-3 (0.76) and 3e-4 (1.34), at chance at Adam 3e-5; Adam 0.1 1.06, 0.98
# with cosine at Adam 0.03; at chance (1.38-1.44) at Adam 1, RMSprop 0.3 and after a warmup + cosine to a peak of 1;
# 1.5-2.4 with an lr growing x1.02 a step from 3e-3; 0.72-1.02 with its head initialised 1000x; a dead fc stays at
# ln 4 (a 400-step run: ~2 s on one core)

@case("blurpool-adam-lr-1", "blurpool", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return blurpool_family("adam", 1.0)


@case("blurpool-rmsprop-lr-0p3-300x-log2", "blurpool", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return blurpool_family("rmsprop", 0.3, log_every=2)


@case("blurpool-adamw-warmup-cosine-peak-1", "blurpool", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return blurpool_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("blurpool-adam-exponential-gamma-1p02", "blurpool", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return blurpool_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("blurpool-adam-lr-3e-4-10x-low-log3", "blurpool", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return blurpool_family("adam", 3e-4, log_every=3)


@case("blurpool-adam-head-x1000", "blurpool", "last-layer-init",
      cf=lambda s: replace(s, model=fd.BlurpoolNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, BLURPOOL0, "ln 4"))
def _() -> Setup:
    return blurpool_family("adam", 3e-3, model=lambda: scaled_head(fd.BlurpoolNet(), 1000))


@case("blurpool-adam-missing-pixel-nan", "blurpool", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return blurpool_family("adam", 3e-3, data=fd.blurpool_images(nan_rows=0.005))


@case("blurpool-adam-fc-dead-at-init", "blurpool", "dead-units",
      cf=lambda s: replace(s, model=fd.BlurpoolNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return blurpool_family("adam", 3e-3, model=lambda: fd.BlurpoolNet(dead_bias=-30.0), track_zero_grads=True)


# cornn: a coupled oscillatory RNN (24 units of position and velocity, a damped, driven second-order ODE discretised
# explicitly, dt 0.3) over 24-step series, the final positions through a ReLU layer and a head, naming a burst's
# frequency (period 8 or 3) and whether it starts in the first or the second half, 5% random labels held out too,
# cross-entropy over 4 (1.39 at step 1, ln 4, ending near 0.29-0.42 held out); works at Adam 0.01-0.03 (0.31-0.39),
# NAdam 0.02 (0.33), RMSprop 0.01 (0.31-0.41), AdamW 0.02 with a warmup and step decay (0.29); a long plateau at ln 4
# first: Adam 1e-3 stays at chance for 400 steps, Adam 2e-3 0.90-1.31, RMSprop 3e-3 0.87; at chance at Adam 0.1-1,
# RMSprop 0.3 and after a warmup + cosine to a peak of 1; 1.4-2.3 with an lr growing x1.015 a step from 0.01;
# 1.04-1.32 after a x0.1 cut of Adam 0.02 at step 20; Adam 0.03 recreated every 2 steps 0.67-1.13 (0.32-0.38 created
# once); 1.5-2.3 with its head initialised 1000x (a 400-step run: 4-10 s on one shared core)

@case("cornn-adam-lr-1-log2", "cornn", "lr-high-step1", cf=lr_to(0.02), cf_what="Adam lr 0.02",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cornn_family("adam", 1.0, log_every=2)


@case("cornn-rmsprop-lr-0p3-30x", "cornn", "lr-high-step1", cf=lr_to(0.01), cf_what="RMSprop lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cornn_family("rmsprop", 0.3)


@case("cornn-nadam-warmup-cosine-peak-1", "cornn", "lr-high-ramp", cf=lr_to(0.02),
      cf_what="peak lr 0.02", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cornn_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("cornn-adam-exponential-gamma-1p015", "cornn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cornn_family("adam", 0.01, schedule=exponential(1.015), schedule_name="ExponentialLR(gamma=1.015) per batch")


@case("cornn-adam-lr-2e-3-10x-low-log2", "cornn", "lr-low-adam", cf=lr_to(0.02), cf_what="Adam lr 0.02",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cornn_family("adam", 2e-3, log_every=2)


@case("cornn-adam-head-x1000-log2", "cornn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CornnNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CORNN0, "ln 4"))
def _() -> Setup:
    return cornn_family("adam", 0.02, log_every=2, model=lambda: scaled_head(fd.CornnNet(), 1000))


@case("cornn-adam-multistep-x0p1-at-5pct", "cornn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return cornn_family("adam", 0.02, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("cornn-adam-missing-value-nan", "cornn", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return cornn_family("adam", 0.02, data=fd.cornn_series(nan_rows=0.005))


@case("cornn-adam-fc-dead-at-init", "cornn", "dead-units",
      cf=lambda s: replace(s, model=fd.CornnNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return cornn_family("adam", 0.02, model=lambda: fd.CornnNet(dead_bias=-30.0), track_zero_grads=True)


@case("cornn-adam-lr-0p03-recreated-every-2-steps", "cornn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return cornn_family("adam", 0.03, recreate_optimizer_at=frozenset(range(2, 400, 2)))


# autorec: a user-based AutoRec (the given ratings and their mask through a sigmoid encoder, a ReLU layer and a head
# decoding every item) of users' ratings of 40 items from a rank-4 taste model, 45% observed, 70% of them given and
# 30% to predict, the masked MSE of the ratings to predict (1.11 at step 1, ~1.1 for predictions of 0, ending near
# 0.32-0.35 held out on new users); works at Adam 3e-3-0.01 (best 0.01: 0.32-0.33), NAdam 0.01 (0.31-0.34), RMSprop
# 3e-3 (0.35-0.38); Adam 0.03 0.41; slow at Adam 1e-3 (0.57), SGDm 0.1 (0.51-0.70), SGD 0.3 (0.58-0.60), Adam and
# NAdam 1e-4 (0.97-0.98), no progress at Adam 1e-5; 0.53-0.64 after a x0.1 cut of Adam 0.01 at step 20, 0.96 after
# a x0.001 decay in 40 steps; 0.90-2.1 at Adam 1, RMSprop 0.3 and after a warmup + cosine to a peak of 1, 0.96 at
# Adam 0.3; summed over the batch (x32) 0.97-1.11 at SGDm 0.1 and SGD 0.3; 300 training users overfit from step
# ~240 (0.51 -> 0.57)

@case("autorec-adam-lr-1-log2", "autorec", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return autorec_family("adam", 1.0, log_every=2)


@case("autorec-rmsprop-lr-0p3-100x", "autorec", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return autorec_family("rmsprop", 0.3)


@case("autorec-adamw-warmup-cosine-peak-1", "autorec", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return autorec_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("autorec-adam-lr-1e-4-100x-low", "autorec", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return autorec_family("adam", 1e-4)


@case("autorec-nadam-lr-1e-4-100x-low-log3", "autorec", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return autorec_family("nadam", 1e-4, log_every=3)


@case("autorec-sgdm-summed-mse", "autorec", "summed",
      cf=lambda s: replace(s, loss_fn=fd.autorec_mse, loss_name="masked mse (mean over the users)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, AUTOREC0, "the masked MSE of predictions of 0"))
def _() -> Setup:
    return autorec_family("sgdm", 0.1, loss_fn=fd.autorec_mse_summed,
                          loss_name="masked mse summed over the batch's users (reduction='sum')",
                          val_loss_fn=fd.autorec_mse, mean_loss_fn=fd.autorec_mse)


@case("autorec-sgd-summed-mse-log2", "autorec", "summed",
      cf=lambda s: replace(s, loss_fn=fd.autorec_mse, loss_name="masked mse (mean over the users)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, AUTOREC0, "the masked MSE of predictions of 0"))
def _() -> Setup:
    return autorec_family("sgd", 0.3, log_every=2, loss_fn=fd.autorec_mse_summed,
                          loss_name="masked mse summed over the batch's users (reduction='sum')",
                          val_loss_fn=fd.autorec_mse, mean_loss_fn=fd.autorec_mse)


@case("autorec-adam-multistep-x0p1-at-5pct", "autorec", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return autorec_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("autorec-adam-exponential-1000x-in-40-steps-log2", "autorec", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return autorec_family("adam", 0.01, log_every=2, schedule=exponential_to(1e-3, 0.1),
                          schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("autorec-adam-missing-rating-nan", "autorec", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the users with a missing (NaN) rating dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return autorec_family("adam", 0.01, data=fd.autorec_users(nan_rows=0.003))


@case("autorec-adam-300-users-overfits", "autorec", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return autorec_family("adam", 0.01, steps=600, eval_every=30, data=fd.autorec_users(train_rows=300))


# crps: a ReLU MLP (6-64-64, a ReLU layer and a head) of the mean and the log scale of a Gaussian forecast of a
# heteroscedastic target with Laplace noise, trained by the closed-form continuous ranked probability score (0.93 at
# step 1, ~0.95 for N(0, 1) forecasts, ending near 0.25-0.29 held out); works at Adam 1e-3-0.03 (0.26-0.29), Adam
# 3e-3-0.01 with cosine or SGDR (0.25-0.27), Adagrad 0.03 on plateau (0.27), SGDm 0.01-0.03 (0.30-0.35), Nesterov
# 0.03 with cosine and SGDm 0.03 one-cycle (0.27-0.28); slow at Adam 1e-4 (0.64), SGDm 3e-3 (0.55), SGD 0.03-0.1 with
# cosine (0.43-0.75), stuck near 0.80-0.93 at Adam 3e-5 and SGDm 1e-4-1e-3; Adam 0.1 0.33-0.35 (a 60-step warmup
# only 4% better), Adam 0.3 0.90; 0.9-94 at Adam 1, SGDm 1 and a cyclic lr to a peak of 1; RMSprop 0.03 0.37-0.40
# (0.34-0.36 after a 60-step warmup), RMSprop 0.1 94 (0.90 after one); SGDm 0.3 0.37-0.43 (0.27-0.29 clipped at
# 0.1), SGD 1 0.38-0.83 (0.32-0.35 clipped); 0.82-0.84 after a x0.001 decay in 40 steps; summed over the batch (x64)
# 0.69-0.91 at SGDm 0.01 and SGD 0.03; 256 training rows overfit from epoch ~30 (0.43 -> 0.50)

@case("crps-adam-lr-1-log2", "crps", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return crps_family("adam", 1.0, log_every=2)


@case("crps-sgdm-lr-1-100x", "crps", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return crps_family("sgdm", 1.0)


@case("crps-adam-cyclic-peak-1", "crps", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return crps_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("crps-adam-lr-1e-4-30x-low-log2", "crps", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return crps_family("adam", 1e-4, log_every=2)


@case("crps-sgdm-lr-3e-3-10x-low", "crps", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return crps_family("sgdm", 3e-3)


@case("crps-rmsprop-lr-0p03-no-warmup", "crps", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return crps_family("rmsprop", 0.03)


@case("crps-rmsprop-lr-0p1-no-warmup-log2", "crps", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return crps_family("rmsprop", 0.1, log_every=2)


@case("crps-sgdm-summed-crps", "crps", "summed",
      cf=lambda s: replace(s, loss_fn=fd.crps_loss, loss_name="Gaussian CRPS (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, CRPS0, "the CRPS of raw outputs of 0"))
def _() -> Setup:
    return crps_family("sgdm", 0.01, loss_fn=fd.crps_loss_summed,
                       loss_name="Gaussian CRPS summed over the batch's rows (reduction='sum')",
                       val_loss_fn=fd.crps_loss, mean_loss_fn=fd.crps_loss)


@case("crps-sgd-summed-crps-log2", "crps", "summed",
      cf=lambda s: replace(s, loss_fn=fd.crps_loss, loss_name="Gaussian CRPS (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, CRPS0, "the CRPS of raw outputs of 0"))
def _() -> Setup:
    return crps_family("sgd", 0.03, log_every=2, loss_fn=fd.crps_loss_summed,
                       loss_name="Gaussian CRPS summed over the batch's rows (reduction='sum')",
                       val_loss_fn=fd.crps_loss, mean_loss_fn=fd.crps_loss)


@case("crps-adam-head-x1000", "crps", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CrpsMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients", "non-finite-loss"),  # fmt: skip
      tol=20, shape=first_loss_above(10, CRPS0, "the CRPS of raw outputs of 0"))
def _() -> Setup:
    return crps_family("adam", 3e-3, model=lambda: scaled_head(fd.CrpsMLP(), 1000))


@case("crps-adam-exponential-1000x-in-40-steps", "crps", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return crps_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                       schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("crps-adam-fc-dead-at-init", "crps", "dead-units",
      cf=lambda s: replace(s, model=fd.CrpsMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return crps_family("adam", 3e-3, model=lambda: fd.CrpsMLP(dead_bias=-30.0), track_zero_grads=True)


@case("crps-sgdm-lr-0p3-no-clip", "crps", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return crps_family("sgdm", 0.3)


@case("crps-sgd-lr-1-no-clip-log2", "crps", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return crps_family("sgd", 1.0, log_every=2)


# fresh94 half: healthy look-alikes


@case("blurpool-adam-cosine-log2", "blurpool", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.BLURPOOL_CLASSES, fall=0.8))
def _() -> Setup:
    return blurpool_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("blurpool-adam-warmup-cosine-eval25", "blurpool", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.BLURPOOL_CLASSES, fall=0.8))
def _() -> Setup:
    return blurpool_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.1),
                           schedule_name="linear warmup 10% + cosine")


@case("cornn-adam-cosine-eval25", "cornn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.CORNN_CLASSES, fall=0.7))
def _() -> Setup:
    return cornn_family("adam", 0.02, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("cornn-adamw-warmup-step-decay-log3", "cornn", "healthy", like=("premature-decay", "plateau", "missing-warmup"),
      shape=healthy_shape(fd.CORNN_CLASSES, fall=0.7))
def _() -> Setup:
    return cornn_family("adamw", 0.02, log_every=3, warmup_steps=20, schedule=multistep(0.6, 0.8, gamma=0.3),
                        schedule_name="20-step linear warmup + MultiStepLR")


@case("autorec-adam-cosine-log2", "autorec", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return autorec_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("autorec-nadam-step-decay-log3", "autorec", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return autorec_family("nadam", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                          schedule_name="MultiStepLR")


@case("autorec-adam-constant-eval50", "autorec", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return autorec_family("adam", 0.01, eval_every=50)


@case("autorec-adam-resumed-with-state", "autorec", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return autorec_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                          schedule=cosine_after(0.0), schedule_name="cosine")


@case("crps-adam-cosine-eval25", "crps", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return crps_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("crps-rmsprop-step-decay-log3", "crps", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return crps_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                       schedule_name="MultiStepLR")


@case("crps-adagrad-on-plateau-log4", "crps", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return crps_family("adagrad", 0.03, log_every=4, schedule=on_plateau(),
                       schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("crps-nesterov-cosine-eval60", "crps", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return crps_family("nesterov", 0.03, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


@case("crps-adamw-warmup-linear-avg10", "crps", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return crps_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                       schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("crps-sgdm-one-cycle", "crps", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return crps_family("sgdm", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("crps-nadam-sgdr-log5", "crps", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return crps_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                       schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("crps-sgd-cosine-log2", "crps", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return crps_family("sgd", 0.3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("crps-radam-warmup-cosine-log4", "crps", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return crps_family("radam", 0.01, log_every=4, schedule=cosine_after(0.1),
                       schedule_name="linear warmup 10% + cosine")


# fresh94 half, logged once per epoch


@case("crps-adam-256-rows-overfits-per-epoch", "crps", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return crps_family("adam", 3e-3, steps=4 * 100, log_per_epoch=True, data=fd.crps_rows(train_rows=256))


@case("crps-adam-lr-1-per-epoch", "crps", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return crps_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.crps_rows(n=3200))


@case("autorec-adam-cosine-per-epoch", "autorec", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return autorec_family("adam", 0.01, steps=50 * 8, log_per_epoch=True,
                          data=fd.autorec_users(n=12800, batch_size=256), schedule=cosine_after(0.0),
                          schedule_name="cosine")


@case("cornn-adam-warmup-cosine-per-epoch", "cornn", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.CORNN_CLASSES, fall=0.7))
def _() -> Setup:
    return cornn_family("adam", 0.02, steps=50 * 8, log_per_epoch=True, data=fd.cornn_series(n=1600),
                        schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip
