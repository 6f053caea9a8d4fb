"""The eighty-eighth fresh half (fresh86, held out from all tuning):
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


def volo_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 orientations of the strokes")
    knobs.setdefault("meta", {"model": "VOLO: a conv stem 1-16 (3x3, ReLU, then 2x2 of stride 2) to an 8x8 token map of width 16 with learned positions, 2 Outlooker blocks (outlook attention: each token's 3x3 neighbourhood of values, unfolded, aggregated with 9x9 weights from a linear layer of the centre token, softmax, no query-key products, folded back), 1 pre-LN self-attention block (2 heads, a ReLU feed-forward 16-32-16), a LayerNorm, mean pooling, a ReLU layer 16-32 and a head",
                              "image_size": fd.VOLO_SIZE, "token_map": fd.VOLO_SIZE // 2, "classes": fd.VOLO_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.volo_images(), knobs.pop("model", None) or fd.VOLO,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def fedformer_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the 12 horizon steps of the 3 channels (mean over the windows, steps and channels)")  # fmt: skip
    knobs.setdefault("meta", {"model": "FEDformer: a moving-average decomposition (window 13) into trend and seasonal parts, a frequency-enhanced block on the seasonal part (rfft, a learned complex 3x3 channel map on a fixed random 6 of the 25 modes, irfft, residual), per channel a ReLU layer 48-32 and a head 32-12 of the season plus a linear projection 48-12 of the trend",
                              "input_steps": fd.FEDFORMER_INPUT, "horizon": fd.FEDFORMER_HORIZON,
                              "channels": fd.FEDFORMER_CHANNELS, "modes": fd.FEDFORMER_MODES,
                              "held_out": "MSE on new windows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.fedformer_windows(), knobs.pop("model", None) or fd.FEDformer,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def autodis_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.autodis_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the click (mean over the rows)")
    knobs.setdefault("meta", {"model": "AutoDis: 4 numerical features embedded by soft discretisation (a per-feature MLP 1-16-10, softmax at temperature 0.5 over 10 meta-embeddings of 6), 5 categorical fields by embeddings of 6, concatenated (54) into a ReLU MLP 54-64, a ReLU layer 64-32 and a head",
                              "numerical": fd.AUTODIS_NUMERIC, "fields": len(fd.AUTODIS_CARDS),
                              "meta_embeddings": fd.AUTODIS_META, "embedding": fd.AUTODIS_K,
                              "held_out": "BCE on new impressions"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.autodis_rows(), knobs.pop("model", None) or fd.AutoDis,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def birnbaum_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.birnbaum_nll)
    knobs.setdefault("loss_name", "Birnbaum-Saunders (fatigue-life) negative log-likelihood (mean over the rows)")
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to log alpha (the shape) and log beta (the scale)",
                              "features": fd.BIRNBAUM_FEATURES,
                              "held_out": "the Birnbaum-Saunders negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.birnbaum_rows(), knobs.pop("model", None) or fd.BirnbaumMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


VOLO0, FEDFORMER0 = LN(fd.VOLO_CLASSES), fd.fedformer_at_zero()
AUTODIS0, BIRNBAUM0 = LN(2), fd.birnbaum_at_zero()
"""Where the families start: the VOLO at ln 4, the FEDformer at the MSE of forecasts of 0, the AutoDis model at the BCE
of logits of 0 (ln 2), the Birnbaum-Saunders MLP at its NLL of raw outputs of 0 (alpha = beta = 1)."""


# volo: a VOLO-like classifier (a conv stem to an 8x8 token map of width 16, 2 Outlooker blocks whose outlook attention
# aggregates each token's 3x3 neighbourhood with 9x9 weights produced directly by a linear layer of the centre token, no
# query-key products, unfolded and folded back; 1 self-attention block, mean pooling, a ReLU layer and a head) naming
# the orientation of 2 short strokes in noisy 16x16 images with a decoy square, 5% random labels held out too,
# cross-entropy over 4 (1.35-1.40 at step 1, ln 4 = 1.39, ending near 0.24-0.52 held out, after a plateau near ln 4
# whose length varies with the seed); works at Adam 1e-3-3e-3 (best 3e-3: 0.24, 0.30 with cosine, 0.77 with a warmup
# and cosine; 1e-3: 0.26-0.52), RMSprop 3e-3 (0.59); slow at Adam 3e-4 with cosine (0.70-0.85), flat at Adam 1e-4-1e-5
# (1.35-1.39: on the plateau, so no lr-too-low case here); at chance at Adam and RMSprop 0.01-0.3 (with or without a
# warmup), 1.4-30 at Adam 1-100; 1.15-1.98 with its head initialised 1000x
# (a 400-step run: 7-15 s on one shared core)

@case("volo-adam-lr-1", "volo", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return volo_family("adam", 1.0)


@case("volo-adamw-warmup-cosine-peak-1", "volo", "lr-high-ramp", cf=lr_to(1e-3),
      cf_what="peak lr 1e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return volo_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("volo-adam-lr-0p3-300x-log2", "volo", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return volo_family("adam", 0.3, log_every=2)


@case("volo-rmsprop-lr-0p3-300x", "volo", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return volo_family("rmsprop", 0.3)


@case("volo-adam-head-x1000", "volo", "last-layer-init",
      cf=lambda s: replace(s, model=fd.VOLO), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, VOLO0, "ln 4"))
def _() -> Setup:
    return volo_family("adam", 1e-3, model=lambda: scaled_head(fd.VOLO(), 1000))


@case("volo-adam-missing-pixel-nan", "volo", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return volo_family("adam", 1e-3, data=fd.volo_images(nan_rows=0.005))


@case("volo-adam-fc-dead-at-init", "volo", "dead-units",
      cf=lambda s: replace(s, model=fd.VOLO), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return volo_family("adam", 1e-3, model=lambda: fd.VOLO(dead_bias=-30.0), track_zero_grads=True)


# fedformer: a FEDformer-like forecaster (a moving-average decomposition into trend and seasonal parts, a
# frequency-enhanced block on the seasonal part: rfft along time, a learned complex channel map on a fixed random 6 of
# the 25 Fourier modes, irfft; per channel a ReLU layer and a head of the season plus a linear projection of the trend)
# of the next 12 steps of 3 channels from 48 past steps of synthetic trending series (periods 16, 6 and 24, N(0,
# 0.15^2) noise), MSE (1.20 at step 1, ending near 0.031-0.034 held out); works at Adam 1e-3-0.03 (best 3e-3-0.01:
# 0.031-0.033), RMSprop 1e-3 (0.033), Adagrad 0.01-0.1 (0.032-0.035), SGDm 0.1 (0.033), SGD 0.3-1 with cosine
# (0.032-0.034); slow at SGD 0.1 with cosine (0.050), Adam 3e-5 (0.95-0.96); 0.06-0.09 at Adam 1 (the linear trend
# projection still learns), 0.042 cycling to a peak of 1; Adagrad 0.3 0.048-0.065 (0.035-0.038 after a 60-step
# warmup), 1.35 at Adagrad 1; RMSprop 0.03 0.06-0.37 by seed, no better after it (so not the missing-warmup case);
# its dead-fc run keeps learning through the trend projection (0.074, not every weight gradient zero: the dead-units
# case is on volo)

@case("fedformer-adam-lr-1-log2", "fedformer", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return fedformer_family("adam", 1.0, log_every=2)


@case("fedformer-adam-cyclic-peak-1", "fedformer", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return fedformer_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("fedformer-rmsprop-exponential-gamma-1p02", "fedformer", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return fedformer_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("fedformer-adam-lr-3e-5-100x-low-log2", "fedformer", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return fedformer_family("adam", 3e-5, log_every=2)


@case("fedformer-sgdm-summed-mse", "fedformer", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, FEDFORMER0, "the MSE of forecasts of 0"))
def _() -> Setup:
    return fedformer_family("sgdm", 0.1, loss_fn=fd.fedformer_mse_summed, loss_name="squared error summed over the batch's windows (reduction='sum')",
                         val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("fedformer-adam-head-x1000-log2", "fedformer", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FEDformer), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, FEDFORMER0, "the MSE of forecasts of 0"))
def _() -> Setup:
    return fedformer_family("adam", 3e-3, log_every=2, model=lambda: scaled_head(fd.FEDformer(), 1000))


@case("fedformer-rmsprop-head-x1000", "fedformer", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FEDformer), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, FEDFORMER0, "the MSE of forecasts of 0"))
def _() -> Setup:
    return fedformer_family("rmsprop", 1e-3, model=lambda: scaled_head(fd.FEDformer(), 1000))


@case("fedformer-adagrad-lr-0p3-no-warmup", "fedformer", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return fedformer_family("adagrad", 0.3)


@case("fedformer-adam-multistep-x0p1-at-5pct", "fedformer", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return fedformer_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


# autodis: an AutoDis-like click model (4 numerical features embedded by soft discretisation: a per-feature MLP to
# softmax weights, temperature 0.5, over 10 meta-embeddings; 5 categorical fields by plain embeddings; a ReLU MLP, a
# ReLU layer and a head) on synthetic impressions whose click depends non-monotonically on the numerical features
# (a sine, a clamped square, an absolute value, a bump) and on 2 field-pair interactions, BCE with logits of the click
# (0.69-0.72 at step 1, ln 2 = 0.693, ending near 0.41-0.45 held out); works at Adam 3e-3-0.01 (best 0.01: 0.43-0.44,
# 0.41 with a step decay), Adagrad 0.1 (0.42), RAdam 0.03-0.1 with a warmup and cosine (0.41-0.45), RMSprop 0.01
# (0.43); slow at Adam 1e-3 (0.48), RMSprop 1e-3 (0.47), SGDm 0.1 (0.50-0.51), Adam 1e-4 (0.60); Adam 0.03 0.48-0.50,
# RMSprop 0.02 0.45-0.48 (0.44-0.45 after a 60-step warmup), at chance-like 0.60-0.70 at Adam 0.1-10, RMSprop 0.05-0.3
# and Adagrad 1 (with or without it); its head initialised 1000x starts at only 4 x ln 2 (so the last-layer-init case
# is on fedformer); 2000 training rows overfit from step ~240 (0.49 -> 0.75-1.0)

@case("autodis-adam-lr-1-log2", "autodis", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return autodis_family("adam", 1.0, log_every=2)


@case("autodis-rmsprop-lr-0p3-300x-log2", "autodis", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return autodis_family("rmsprop", 0.3, log_every=2)


@case("autodis-nadam-warmup-cosine-peak-1", "autodis", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return autodis_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("autodis-adam-exponential-gamma-1p02", "autodis", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return autodis_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("autodis-adam-lr-1e-4-100x-low", "autodis", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return autodis_family("adam", 1e-4)


@case("autodis-nadam-lr-1e-4-100x-low-log3", "autodis", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return autodis_family("nadam", 1e-4, log_every=3)


@case("autodis-sgdm-summed-bce", "autodis", "summed",
      cf=lambda s: replace(s, loss_fn=fd.autodis_bce, loss_name="binary_cross_entropy_with_logits (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, AUTODIS0, "ln 2"))
def _() -> Setup:
    return autodis_family("sgdm", 0.1, loss_fn=fd.autodis_bce_summed, loss_name="binary_cross_entropy_with_logits summed over the batch's rows (reduction='sum')",
                       val_loss_fn=fd.autodis_bce, mean_loss_fn=fd.autodis_bce)  # fmt: skip


@case("autodis-rmsprop-fc-dead-at-init", "autodis", "dead-units",
      cf=lambda s: replace(s, model=fd.AutoDis), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return autodis_family("rmsprop", 1e-3, model=lambda: fd.AutoDis(dead_bias=-30.0), track_zero_grads=True)


@case("autodis-adam-multistep-x0p1-at-5pct", "autodis", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return autodis_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("autodis-adam-exponential-1000x-in-40-steps-log2", "autodis", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return autodis_family("adam", 0.01, log_every=2, schedule=exponential_to(1e-3, 0.1),
                       schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("autodis-adam-missing-field-nan", "autodis", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) field value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return autodis_family("adam", 0.01, data=fd.autodis_rows(nan_rows=0.003))


@case("autodis-rmsprop-lr-0p02-no-warmup-log2", "autodis", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return autodis_family("rmsprop", 0.02, log_every=2)


@case("autodis-adam-lr-0p03-recreated-every-2-steps", "autodis", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return autodis_family("adam", 0.03, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("autodis-adam-2000-rows-overfits", "autodis", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return autodis_family("adam", 0.01, steps=600, eval_every=30, data=fd.autodis_rows(train_rows=2000))


# birnbaum: a ReLU MLP (6-64-64, a ReLU layer and a head) of the log shape and the log scale of a Birnbaum-Saunders
# (fatigue-life) law of failure times whose two parameters depend on the features (shape 0.3-0.67), the negative
# log-likelihood per row from f(t) = (sqrt(t/b) + sqrt(b/t)) / (2 a t) phi((sqrt(t/b) - sqrt(b/t)) / a) (2.78 at step
# 1, 2.86 at raw outputs of 0, ending near 1.62-1.72 held out, noisy); works at Adam 1e-3-0.01 (best 3e-3-0.01:
# 1.64-1.69), RMSprop 1e-3-3e-3 (1.64-1.68), Adagrad 0.03 (1.64), SGDm and Nesterov 0.01-0.03 (1.62-1.74), SGD 0.03
# (1.75-1.76); slow at SGDm 1e-4 (2.28-2.35) and Adam 3e-5 (2.31-2.53); Adam 0.03-0.05 1.70-1.83 (no better after a
# 60-step warmup, so no missing-warmup case here), 2.21 at Adam 0.1, SGDm 0.1 1.90-2.09 (1.67-1.68 clipped at 0.1);
# non-finite from Adam 0.3, RMSprop 0.3, SGDm 0.3 and SGD 1 on

@case("birnbaum-adam-lr-1", "birnbaum", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return birnbaum_family("adam", 1.0)


@case("birnbaum-sgdm-lr-1-100x-log2", "birnbaum", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return birnbaum_family("sgdm", 1.0, log_every=2)


@case("birnbaum-adamw-warmup-cosine-peak-1", "birnbaum", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return birnbaum_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("birnbaum-adam-lr-3e-5-100x-low-log2", "birnbaum", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return birnbaum_family("adam", 3e-5, log_every=2)


@case("birnbaum-nadam-lr-3e-5-100x-low-log3", "birnbaum", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return birnbaum_family("nadam", 3e-5, log_every=3)


@case("birnbaum-sgdm-lr-1e-4-100x-low", "birnbaum", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return birnbaum_family("sgdm", 1e-4)


@case("birnbaum-sgdm-summed-nll", "birnbaum", "summed",
      cf=lambda s: replace(s, loss_fn=fd.birnbaum_nll, loss_name="Birnbaum-Saunders negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BIRNBAUM0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return birnbaum_family("sgdm", 0.01, loss_fn=fd.birnbaum_nll_summed, loss_name="Birnbaum-Saunders negative log-likelihood summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.birnbaum_nll, mean_loss_fn=fd.birnbaum_nll)  # fmt: skip


@case("birnbaum-sgd-summed-nll-log2", "birnbaum", "summed",
      cf=lambda s: replace(s, loss_fn=fd.birnbaum_nll, loss_name="Birnbaum-Saunders negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BIRNBAUM0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return birnbaum_family("sgd", 0.03, log_every=2, loss_fn=fd.birnbaum_nll_summed, loss_name="Birnbaum-Saunders negative log-likelihood summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.birnbaum_nll, mean_loss_fn=fd.birnbaum_nll)  # fmt: skip


@case("birnbaum-adam-exponential-1000x-in-40-steps", "birnbaum", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return birnbaum_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                          schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("birnbaum-adam-fc-dead-at-init", "birnbaum", "dead-units",
      cf=lambda s: replace(s, model=fd.BirnbaumMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return birnbaum_family("adam", 3e-3, model=lambda: fd.BirnbaumMLP(dead_bias=-30.0), track_zero_grads=True)


@case("birnbaum-adam-missing-feature-nan", "birnbaum", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return birnbaum_family("adam", 3e-3, data=fd.birnbaum_rows(nan_rows=0.003))


@case("birnbaum-sgdm-lr-0p1-no-clip", "birnbaum", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return birnbaum_family("sgdm", 0.1)


@case("birnbaum-sgd-lr-1-no-clip-log2", "birnbaum", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return birnbaum_family("sgd", 1.0, log_every=2)


# fresh86 half: healthy look-alikes


@case("volo-adam-cosine-log2", "volo", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.VOLO_CLASSES, fall=0.8))
def _() -> Setup:
    return volo_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("volo-adam-warmup-cosine-eval25", "volo", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.VOLO_CLASSES, fall=0.8))
def _() -> Setup:
    return volo_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.1),
                       schedule_name="linear warmup 10% + cosine")


@case("fedformer-adam-cosine-eval25", "fedformer", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return fedformer_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("fedformer-sgd-cosine-log2", "fedformer", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return fedformer_family("sgd", 0.3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("autodis-adam-cosine-log2", "autodis", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return autodis_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("autodis-adagrad-cosine-eval25", "autodis", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return autodis_family("adagrad", 0.1, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("autodis-nadam-step-decay-log3", "autodis", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return autodis_family("nadam", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                          schedule_name="MultiStepLR")


@case("autodis-radam-warmup-cosine-log4", "autodis", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return autodis_family("radam", 0.03, log_every=4, schedule=cosine_after(0.1),
                       schedule_name="linear warmup 10% + cosine")


@case("autodis-adam-constant-eval50", "autodis", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return autodis_family("adam", 0.01, eval_every=50)


@case("autodis-adam-resumed-with-state", "autodis", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return autodis_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                       schedule=cosine_after(0.0), schedule_name="cosine")


@case("birnbaum-adam-cosine-eval25", "birnbaum", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return birnbaum_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("birnbaum-rmsprop-step-decay-log3", "birnbaum", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return birnbaum_family("rmsprop", 1e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                          schedule_name="MultiStepLR")


@case("birnbaum-adagrad-on-plateau-log4", "birnbaum", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return birnbaum_family("adagrad", 0.03, log_every=4, schedule=on_plateau(),
                          schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("birnbaum-nesterov-cosine-eval60", "birnbaum", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return birnbaum_family("nesterov", 0.01, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


@case("birnbaum-adamw-warmup-linear-avg10", "birnbaum", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return birnbaum_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                          schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("birnbaum-sgdm-one-cycle", "birnbaum", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return birnbaum_family("sgdm", 0.01, schedule=one_cycle, schedule_name="OneCycleLR")


@case("birnbaum-nadam-sgdr-log5", "birnbaum", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return birnbaum_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                          schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


# fresh86 half, logged once per epoch


@case("autodis-adam-1024-rows-overfits-per-epoch", "autodis", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return autodis_family("adam", 0.01, steps=16 * 25, log_per_epoch=True, data=fd.autodis_rows(train_rows=1024))


@case("birnbaum-adam-lr-1-per-epoch", "birnbaum", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return birnbaum_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.birnbaum_rows(n=3200))


@case("autodis-adam-cosine-per-epoch", "autodis", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return autodis_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.autodis_rows(n=12800, batch_size=256),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("fedformer-adam-warmup-cosine-per-epoch", "fedformer", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return fedformer_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.fedformer_windows(n=1600),
                         schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip
