"""The ninety-eighth fresh half (fresh96, held out from all tuning):
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


def mixnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 shape classes")
    knobs.setdefault("meta", {"model": "MixNet-like CNN: a stride-2 3x3 stem 1-12 (SiLU) to 8x8, an inverted-residual MixConv block (1x1 expansion to 24, depthwise kernels 3/5/7 over 3 channel groups, squeeze-and-excitation, 1x1 projection, residual add), global average pooling, a ReLU layer 12-32 and a head",
                              "image_size": fd.MIXNET_SIZE, "classes": fd.MIXNET_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.mixnet_images(), knobs.pop("model", None) or fd.MixnetNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def ligru_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 call classes")
    knobs.setdefault("meta", {"model": "Li-GRU: no reset gate, a ReLU candidate, LayerNorm of the input projections, 32 units over 20 frames of 8 filterbank bands, the mean state through a ReLU layer 32-32 and a head",
                              "frames": fd.LIGRU_FRAMES, "bands": fd.LIGRU_BANDS, "hidden": fd.LIGRU_HIDDEN,
                              "classes": fd.LIGRU_CLASSES, "held_out": "cross-entropy on new utterances"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.ligru_frames(), knobs.pop("model", None) or fd.LigruNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def tabm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.tabm_mse)
    knobs.setdefault("loss_name", "mse of each of the 4 members' predictions (mean over the members and the rows)")
    knobs.setdefault("meta", {"model": "TabM-like ensemble: 4 members sharing two BatchEnsemble ReLU layers 14-64-64 (shared weights, per-member scales and biases), a shared ReLU layer 64-32 and a head",
                              "members": fd.TABM_MEMBERS, "numeric": fd.TABM_NUMERIC, "levels": fd.TABM_LEVELS,
                              "held_out": "the same loss on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.tabm_rows(), knobs.pop("model", None) or fd.TabmNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def gennorm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.gennorm_nll)
    knobs.setdefault("loss_name", "generalized normal negative log-likelihood per row (location, log scale, shape in (1, 4))")
    knobs.setdefault("meta", {"model": "ReLU MLP 5-64-64, a ReLU layer 64-32, a head to the location, the log scale (clamped to +-6) and the raw shape",
                              "features": fd.GENNORM_FEATURES,
                              "held_out": "the NLL on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gennorm_rows(), knobs.pop("model", None) or fd.GennormMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


MIXNET0, LIGRU0 = LN(fd.MIXNET_CLASSES), LN(fd.LIGRU_CLASSES)
TABM0, GENNORM0 = fd.tabm_at_zero(), fd.gennorm_at_zero()
"""Where the families start: the MixNet-like CNN at ln 4, the Li-GRU at ln 5, the TabM near the MSE of predictions of
0 (the standardised target's mean, ~1), the generalized normal MLP at the NLL of raw outputs of 0."""

# mixnet: a MixNet-like CNN (a stride-2 3x3 stem to 8x8, an inverted-residual block whose depthwise MixConv splits 24
# channels into kernels 3, 5 and 7, squeeze-and-excitation, a 1x1 projection and a residual add, global average
# pooling, a ReLU layer and a head) naming a shape's scale and kind (small or large, filled disc or ring) in noisy
# 16x16 images over a random ramp, 5% random labels held out too, cross-entropy over 4 (1.38-1.40 at step 1, ln 4,
# ending near 0.35-0.44 held out); works at Adam 0.01 (0.35-0.44), Adam 0.03 with cosine or warmup + cosine
# (0.35-0.43); a late drop: slow at Adam 3e-3 (0.60-0.68), 1e-3 (0.69-0.75), RMSprop 1e-3 (0.70-0.77), Adam 0.01 with
# cosine 0.56-0.70; 0.90 at Adam 0.1 and SGDm 0.1; at chance (1.39-1.45) at Adam 1 and after a warmup + cosine to a
# peak of 1, 6-30 at RMSprop 0.3; 2.2 with an lr growing x1.02 a step from 3e-3; 1.07-1.16 with its head initialised
# 1000x; a dead fc stays at ln 4; 200 training images overfit from step ~60 (0.88 -> 2.6) (a 400-step run: 4-9 s on
# one core)

@case("mixnet-adam-lr-1", "mixnet", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return mixnet_family("adam", 1.0)


@case("mixnet-rmsprop-lr-0p3-300x-log2", "mixnet", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return mixnet_family("rmsprop", 0.3, log_every=2)


@case("mixnet-adamw-warmup-cosine-peak-1", "mixnet", "lr-high-ramp", cf=lr_to(0.03),
      cf_what="peak lr 0.03", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mixnet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("mixnet-adam-exponential-gamma-1p02", "mixnet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mixnet_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("mixnet-adam-lr-1e-3-10x-low-log3", "mixnet", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return mixnet_family("adam", 1e-3, log_every=3)


@case("mixnet-adam-head-x1000", "mixnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MixnetNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MIXNET0, "ln 4"))
def _() -> Setup:
    return mixnet_family("adam", 0.01, model=lambda: scaled_head(fd.MixnetNet(), 1000))


@case("mixnet-adam-missing-pixel-nan", "mixnet", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return mixnet_family("adam", 0.01, data=fd.mixnet_images(nan_rows=0.005))


@case("mixnet-adam-fc-dead-at-init", "mixnet", "dead-units",
      cf=lambda s: replace(s, model=fd.MixnetNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return mixnet_family("adam", 0.01, model=lambda: fd.MixnetNet(dead_bias=-30.0), track_zero_grads=True)


# ligru: a light GRU (Li-GRU: no reset gate, a ReLU candidate, LayerNorm of the input projections; 32 units) over 20
# frames of 8 filterbank energies, the mean state through a ReLU layer and a head, naming a call by its pitch track
# (rising, falling, steady, a warble, two bursts) at a random onset, 5% random labels held out too, cross-entropy over
# 5 (1.59-1.62 at step 1, ln 5, ending near 0.32-0.40 held out); works at Adam 3e-3-0.03 (0.34-0.45), Adam 0.01 with
# cosine (0.32-0.35), AdamW 0.01 with a warmup and step decay (0.32), RMSprop 3e-3 (0.35-0.41); slow at Adam 1e-3
# (0.57), Adam 3e-4 (1.0-1.4); 0.87-0.95 after a x0.1 cut of Adam 3e-3 at step 20; Adam 0.03 recreated every 2 steps
# 0.96-1.04 (0.38-0.46 created once); 50-210 at Adam 1, 1e10-1e15 at RMSprop 0.3, 1.6-17 after a warmup + cosine to
# a peak of 1; 1.6-2.3 with an lr growing x1.015 a step from 3e-3; 1.2-1.6 with its head initialised 1000x; 200
# training utterances overfit from step ~60-90 (0.70 -> 1.5-1.9) (a 400-step run: 2-8 s on one core)

@case("ligru-adam-lr-1-log2", "ligru", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ligru_family("adam", 1.0, log_every=2)


@case("ligru-rmsprop-lr-0p3-100x", "ligru", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ligru_family("rmsprop", 0.3)


@case("ligru-nadam-warmup-cosine-peak-1", "ligru", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ligru_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("ligru-adam-exponential-gamma-1p015", "ligru", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ligru_family("adam", 3e-3, schedule=exponential(1.015), schedule_name="ExponentialLR(gamma=1.015) per batch")


@case("ligru-adam-lr-3e-4-10x-low-log2", "ligru", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ligru_family("adam", 3e-4, log_every=2)


@case("ligru-adam-head-x1000-log2", "ligru", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LigruNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LIGRU0, "ln 5"))
def _() -> Setup:
    return ligru_family("adam", 0.01, log_every=2, model=lambda: scaled_head(fd.LigruNet(), 1000))


@case("ligru-adam-multistep-x0p1-at-5pct", "ligru", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return ligru_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("ligru-adam-missing-energy-nan", "ligru", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the utterances with a missing (NaN) energy dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return ligru_family("adam", 0.01, data=fd.ligru_frames(nan_rows=0.005))


@case("ligru-adam-fc-dead-at-init", "ligru", "dead-units",
      cf=lambda s: replace(s, model=fd.LigruNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return ligru_family("adam", 0.01, model=lambda: fd.LigruNet(dead_bias=-30.0), track_zero_grads=True)


@case("ligru-adam-lr-0p03-recreated-every-2-steps", "ligru", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return ligru_family("adam", 0.03, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("ligru-adam-200-utterances-overfits", "ligru", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return ligru_family("adam", 0.01, steps=600, eval_every=30, data=fd.ligru_frames(train_rows=200))


# tabm: a TabM-like ensemble (4 members sharing two BatchEnsemble ReLU layers: one weight, per-member input and output
# scales and biases; a shared ReLU layer and head) regressing a standardised target of 8 numeric columns and a
# categorical one, the members' MSE (0.72-1.2 at step 1, ~1 for predictions of 0, ending near 0.08-0.13 held out);
# works at Adam 0.01-0.03 (0.09-0.14), NAdam 0.01 (0.10-0.13), RMSprop 3e-3 (0.11-0.15), SGDm 0.03 (0.13-0.18); slow
# at SGD 0.1 (0.29-0.33), Adam 1e-3 (0.18); hardly moving at Adam and NAdam 1e-4 (0.79-0.82); Adam 0.1 with cosine
# 0.79; 1.0-14 at Adam 1, 1e9-1e11 at RMSprop 0.3, 1.0 after a warmup + cosine to a peak of 1; 0.15-0.29 after a x0.1
# cut of Adam 0.01 at step 20, 0.84 after a x0.001 decay in 40 steps; summed over the batch (x64) NaN at SGDm 0.03
# and SGD 0.1; it hardly overfits (300 training rows: the held-out loss still falls at step 600) (a 400-step run: ~1 s)

@case("tabm-adam-lr-1-log2", "tabm", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return tabm_family("adam", 1.0, log_every=2)


@case("tabm-rmsprop-lr-0p3-100x", "tabm", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return tabm_family("rmsprop", 0.3)


@case("tabm-adamw-warmup-cosine-peak-1", "tabm", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tabm_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("tabm-adam-lr-1e-4-100x-low", "tabm", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tabm_family("adam", 1e-4)


@case("tabm-nadam-lr-1e-4-100x-low-log3", "tabm", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tabm_family("nadam", 1e-4, log_every=3)


@case("tabm-sgdm-summed-mse", "tabm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.tabm_mse, loss_name="members' mse (mean over the rows)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TABM0, "the MSE of predictions of 0"))
def _() -> Setup:
    return tabm_family("sgdm", 0.03, loss_fn=fd.tabm_mse_summed,
                       loss_name="members' mse summed over the batch's rows (reduction='sum')",
                       val_loss_fn=fd.tabm_mse, mean_loss_fn=fd.tabm_mse)


@case("tabm-sgd-summed-mse-log2", "tabm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.tabm_mse, loss_name="members' mse (mean over the rows)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TABM0, "the MSE of predictions of 0"))
def _() -> Setup:
    return tabm_family("sgd", 0.1, log_every=2, loss_fn=fd.tabm_mse_summed,
                       loss_name="members' mse summed over the batch's rows (reduction='sum')",
                       val_loss_fn=fd.tabm_mse, mean_loss_fn=fd.tabm_mse)


@case("tabm-adam-multistep-x0p1-at-5pct", "tabm", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return tabm_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("tabm-adam-exponential-1000x-in-40-steps-log2", "tabm", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return tabm_family("adam", 0.01, log_every=2, schedule=exponential_to(1e-3, 0.1),
                       schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("tabm-adam-missing-value-nan", "tabm", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return tabm_family("adam", 0.01, data=fd.tabm_rows(nan_rows=0.003))


# gennorm: a ReLU MLP (5-64-64, a ReLU layer and a head) of the location, the log scale and the shape (1-4) of a
# generalized normal law of a target whose noise runs from Laplace-like to nearly uniform, the negative
# log-likelihood per row (1.6-2.7 at step 1, 2.40 for raw outputs of 0, ending near 0.41-0.46 held out); works at
# Adam 3e-3-0.01 (0.41-0.49, best 0.01 with cosine), AdamW 0.01 with warmup + linear decay (0.41), RAdam 0.03 with
# warmup + cosine (0.43), Nesterov 0.03 with cosine (0.42), Adagrad 0.03 on plateau (0.45-0.47), RMSprop 3e-3 (0.43-
# 0.47), SGDm 0.01 (0.53-0.60), SGDm 0.03 one-cycle (0.45); slow at SGD 0.1 (0.60-0.72), Adam 1e-3 (0.58), stuck near
# 1.3-1.5 at Adam 1e-4 and SGDm 1e-3; 0.58-0.65 at RMSprop 0.01; 1.6-6.7 at Adam 1, SGDm 1 and a cyclic lr to a peak
# of 1; Adam 0.1 1.6-2.4 (0.84-0.86 after a 60-step warmup), RMSprop 0.05 6.6-6.7 (0.88-1.7 after one); SGDm 0.3
# 1.6 (0.53-0.57 clipped at 0.1), SGD 1 1.6-6.6 (0.66-0.71 clipped); 1.5 after a x0.001 decay in 40 steps; summed
# over the batch (x64) 6.6-8 at SGDm 0.01 and SGD 0.1; 256 training rows overfit from epoch ~16 (1.07 -> 4.4-7.1)

@case("gennorm-adam-lr-1-log2", "gennorm", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gennorm_family("adam", 1.0, log_every=2)


@case("gennorm-sgdm-lr-1-100x", "gennorm", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gennorm_family("sgdm", 1.0)


@case("gennorm-adam-cyclic-peak-1", "gennorm", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gennorm_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("gennorm-adam-lr-1e-4-30x-low-log2", "gennorm", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gennorm_family("adam", 1e-4, log_every=2)


@case("gennorm-sgdm-lr-1e-3-10x-low", "gennorm", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gennorm_family("sgdm", 1e-3)


@case("gennorm-rmsprop-lr-0p05-no-warmup", "gennorm", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return gennorm_family("rmsprop", 0.05)


@case("gennorm-adam-lr-0p1-no-warmup-log2", "gennorm", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return gennorm_family("adam", 0.1, log_every=2)


@case("gennorm-sgdm-summed-nll", "gennorm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.gennorm_nll, loss_name="generalized normal NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GENNORM0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return gennorm_family("sgdm", 0.01, loss_fn=fd.gennorm_nll_summed,
                          loss_name="generalized normal NLL summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.gennorm_nll, mean_loss_fn=fd.gennorm_nll)


@case("gennorm-sgd-summed-nll-log2", "gennorm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.gennorm_nll, loss_name="generalized normal NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GENNORM0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return gennorm_family("sgd", 0.1, log_every=2, loss_fn=fd.gennorm_nll_summed,
                          loss_name="generalized normal NLL summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.gennorm_nll, mean_loss_fn=fd.gennorm_nll)


@case("gennorm-adam-head-x1000", "gennorm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GennormMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients", "non-finite-loss"),  # fmt: skip
      tol=20, shape=first_loss_above(10, GENNORM0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return gennorm_family("adam", 3e-3, model=lambda: scaled_head(fd.GennormMLP(), 1000))


@case("gennorm-adam-exponential-1000x-in-40-steps", "gennorm", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return gennorm_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                          schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("gennorm-adam-fc-dead-at-init", "gennorm", "dead-units",
      cf=lambda s: replace(s, model=fd.GennormMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return gennorm_family("adam", 3e-3, model=lambda: fd.GennormMLP(dead_bias=-30.0), track_zero_grads=True)


@case("gennorm-sgdm-lr-0p3-no-clip", "gennorm", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return gennorm_family("sgdm", 0.3)


@case("gennorm-sgd-lr-1-no-clip-log2", "gennorm", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return gennorm_family("sgd", 1.0, log_every=2)


# fresh96 half: healthy look-alikes


@case("mixnet-adam-cosine-log2", "mixnet", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.MIXNET_CLASSES, fall=0.8))
def _() -> Setup:
    return mixnet_family("adam", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("mixnet-adam-warmup-cosine-eval25", "mixnet", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.MIXNET_CLASSES, fall=0.8))
def _() -> Setup:
    return mixnet_family("adam", 0.03, eval_every=25, schedule=cosine_after(0.1),
                         schedule_name="linear warmup 10% + cosine")


@case("ligru-adam-cosine-eval25", "ligru", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.LIGRU_CLASSES, fall=0.7))
def _() -> Setup:
    return ligru_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("ligru-adamw-warmup-step-decay-log3", "ligru", "healthy", like=("premature-decay", "plateau", "missing-warmup"),
      shape=healthy_shape(fd.LIGRU_CLASSES, fall=0.7))
def _() -> Setup:
    return ligru_family("adamw", 0.01, log_every=3, warmup_steps=20, schedule=multistep(0.6, 0.8, gamma=0.3),
                        schedule_name="20-step linear warmup + MultiStepLR")


@case("tabm-adam-cosine-log2", "tabm", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return tabm_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("tabm-nadam-step-decay-log3", "tabm", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return tabm_family("nadam", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                       schedule_name="MultiStepLR")


@case("tabm-adam-constant-eval50", "tabm", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return tabm_family("adam", 0.01, eval_every=50)


@case("gennorm-adam-cosine-eval25", "gennorm", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return gennorm_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gennorm-adam-resumed-with-state", "gennorm", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return gennorm_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                          schedule=cosine_after(0.0), schedule_name="cosine")


@case("gennorm-rmsprop-step-decay-log3", "gennorm", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return gennorm_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                          schedule_name="MultiStepLR")


@case("gennorm-adagrad-on-plateau-log4", "gennorm", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return gennorm_family("adagrad", 0.03, log_every=4, schedule=on_plateau(),
                          schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("gennorm-nesterov-cosine-eval60", "gennorm", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return gennorm_family("nesterov", 0.03, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gennorm-adamw-warmup-linear-avg10", "gennorm", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return gennorm_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                          schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("gennorm-sgdm-one-cycle", "gennorm", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return gennorm_family("sgdm", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("gennorm-nadam-sgdr-log5", "gennorm", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return gennorm_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                          schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("gennorm-sgd-cosine-log2", "gennorm", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return gennorm_family("sgd", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gennorm-radam-warmup-cosine-log4", "gennorm", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return gennorm_family("radam", 0.03, log_every=4, schedule=cosine_after(0.1),
                          schedule_name="linear warmup 10% + cosine")


# fresh96 half, logged once per epoch


@case("gennorm-adam-256-rows-overfits-per-epoch", "gennorm", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gennorm_family("adam", 3e-3, steps=4 * 100, log_per_epoch=True, data=fd.gennorm_rows(train_rows=256))


@case("gennorm-adam-lr-1-per-epoch", "gennorm", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return gennorm_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.gennorm_rows(n=3200))


@case("tabm-adam-cosine-per-epoch", "tabm", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return tabm_family("adam", 0.03, steps=50 * 8, log_per_epoch=True, data=fd.tabm_rows(n=3200),
                       schedule=cosine_after(0.0), schedule_name="cosine")


@case("ligru-adam-warmup-cosine-per-epoch", "ligru", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.LIGRU_CLASSES, fall=0.7))
def _() -> Setup:
    return ligru_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.ligru_frames(n=1600),
                        schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip
