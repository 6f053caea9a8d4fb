"""The twenty-second fresh half (fresh22, held out from all tuning):
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
    LN, Setup, cosine_after, cross_entropy, cyclic, exponential, exponential_to, linear_decay_after, multistep,
    one_cycle, scaled_head, warm_restarts,
)


def convnext_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("meta", {"model": "tiny ConvNeXt: patchify stem 2x2 to 16 channels, 2 blocks (depthwise 7x7, LayerNorm, 4x GELU MLP, layer scale), pooled, ReLU 32, head",
                              "image_size": fd.CNX_SIZE, "classes": fd.CNX_CLASSES})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.convnext_textures(), knobs.pop("model", None) or fd.TinyConvNeXt, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def simsiam_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.simsiam_loss)
    knobs.setdefault("loss_name", "SimSiam: symmetric negative cosine similarity of predictions and stop-gradient projections (min -1)")
    knobs.setdefault("meta", {"model": "SimSiam: encoder MLP 32-128-128 (BatchNorm) to a projection of 64, predictor 64-32-64",
                              "views": 2, "dim": fd.SIAM_DIM})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.siam_views(), knobs.pop("model", None) or fd.SimSiam, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def ncf_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.ncf_bce)
    knobs.setdefault("loss_name", "binary cross-entropy with logits (clicks against 4 sampled negatives each)")
    knobs.setdefault("meta", {"model": "NCF (MLP tower): user and item embeddings of 16, ReLU MLP 32-64-32, one logit",
                              "users": fd.NCF_USERS, "items": fd.NCF_ITEMS, "negatives_per_positive": fd.NCF_NEG})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.ncf_interactions(), knobs.pop("model", None) or fd.NCF, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def lstmae_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the reconstructed sequence")
    knobs.setdefault("meta", {"model": "LSTM sequence autoencoder: encoder LSTM 32, linear code of 8, decoder LSTM 32 reading the code and the position, per-step head",
                              "length": fd.AE_LENGTH, "channels": fd.AE_CHANNELS, "code": fd.AE_LATENT})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.ae_sequences(), knobs.pop("model", None) or fd.LSTMAutoencoder, optimizer,
                      lr, steps, **knobs)  # fmt: skip


LN6T, NCF_START, AE0 = LN(fd.CNX_CLASSES), LN(2), fd.ae_at_zero()
"""Where the families start: the ConvNeXt at chance, ln 6; NCF's binary cross-entropy at a logit of 0, ln 2 (the clicks'
own rate, 1 in 5, scores 0.500); the LSTM autoencoder near the mean square of the sequences (reconstructing 0). SimSiam's
negative cosine starts near 0 and can reach -1."""


# convnext: a tiny ConvNeXt (patchify stem to 8x8x16, two blocks of depthwise 7x7 conv, LayerNorm, a 4x GELU MLP and a
# layer scale, pooled, a ReLU layer, a head) classifying 16x16 noisy textures of 6 classes, cross-entropy (ln 6 at init);
# works at Adam 3e-3-0.01 (the held-out loss falls to ~0.02 in 400 steps) and SGDm 0.1 (~0.08); Adam 0.03 stays at ~1.37


@case("convnext-adam-lr-0p1-log2", "convnext", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return convnext_family("adam", 0.1, log_every=2)


@case("convnext-sgdm-lr-3-30x", "convnext", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return convnext_family("sgdm", 3.0)


@case("convnext-adamw-warmup-cosine-peak-0p3", "convnext", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return convnext_family("adamw", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("convnext-adam-lr-1e-4-30x-low", "convnext", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return convnext_family("adam", 1e-4)


@case("convnext-sgdm-lr-1e-3-100x-low-log3", "convnext", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return convnext_family("sgdm", 1e-3, log_every=3)


@case("convnext-sgdm-summed-ce", "convnext", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, LN6T, "ln 6"))
def _() -> Setup:
    return convnext_family("sgdm", 0.1, loss_fn=fd.tex_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                           val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("convnext-adam-head-x300", "convnext", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TinyConvNeXt), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LN6T, "ln 6"))
def _() -> Setup:
    return convnext_family("adam", 3e-3, model=lambda: scaled_head(fd.TinyConvNeXt(), 300, bias=True))


@case("convnext-adam-multistep-x0p1-at-5pct", "convnext", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return convnext_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("convnext-adam-missing-pixel-nan", "convnext", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return convnext_family("adam", 3e-3, data=fd.convnext_textures(nan_rows=0.003))


@case("convnext-adam-fc-dead-at-init", "convnext", "dead-units",
      cf=lambda s: replace(s, model=fd.TinyConvNeXt), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return convnext_family("adam", 3e-3, model=lambda: fd.TinyConvNeXt(dead_bias=-30.0), track_zero_grads=True)


@case("convnext-adam-lr-0p01-recreated-every-8-steps", "convnext", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return convnext_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("convnext-nadam-cyclic-peak-0p1", "convnext", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return convnext_family("nadam", 0.1, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


# simsiam: SimSiam (an encoder MLP 32-128-128 with BatchNorm to a projection of 64, a predictor 64-32-64) on pairs of
# augmented views (25% of the features zeroed, scaled, noisy) of 32-d vectors around 12 prototypes; the symmetric negative
# cosine with a stop-gradient (about 0 at init, -1 at best); works at Adam 0.01 (the held-out loss falls to ~-0.89 in 400
# steps), SGDm 1-3 (~-0.89); BatchNorm and the scale-free loss keep it near -0.87 up to Adam 1 and SGD 1000


@case("simsiam-adam-lr-10-1000x", "simsiam", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return simsiam_family("adam", 10.0)


@case("simsiam-adam-lr-1e-4-100x-low", "simsiam", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return simsiam_family("adam", 1e-4)


@case("simsiam-sgdm-lr-0p01-100x-low-log3", "simsiam", "lr-low-sgd", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return simsiam_family("sgdm", 0.01, log_every=3)


@case("simsiam-adam-exponential-1000x-in-40-steps", "simsiam", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return simsiam_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("simsiam-adam-multistep-x0p1-at-5pct", "simsiam", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return simsiam_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("simsiam-adam-missing-feature-nan", "simsiam", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the pairs with a missing feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return simsiam_family("adam", 0.01, data=fd.siam_views(nan_rows=0.003))


@case("ncf-adam-lr-0p1-log2", "ncf", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ncf_family("adam", 0.1, log_every=2)


@case("ncf-rmsprop-lr-0p1-log4", "ncf", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ncf_family("rmsprop", 0.1, log_every=4)


@case("ncf-sgdm-lr-30", "ncf", "lr-high-step1", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ncf_family("sgdm", 30.0)


@case("ncf-nadam-exponential-gamma-1p02", "ncf", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ncf_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("ncf-adam-cyclic-peak-0p3", "ncf", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ncf_family("adam", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("ncf-adam-lr-1e-5-1000x-low", "ncf", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ncf_family("adam", 1e-5)


@case("ncf-adagrad-lr-1e-3-100x-low-log5", "ncf", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ncf_family("adagrad", 1e-3, log_every=5)


@case("ncf-sgdm-summed-bce", "ncf", "summed",
      cf=lambda s: replace(s, loss_fn=fd.ncf_bce, loss_name="binary cross-entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, NCF_START, "ln 2"))
def _() -> Setup:
    return ncf_family("sgdm", 0.3, loss_fn=fd.ncf_bce_summed, loss_name="binary cross-entropy summed over the batch (reduction='sum')",
                      val_loss_fn=fd.ncf_bce, mean_loss_fn=fd.ncf_bce)  # fmt: skip


@case("ncf-adam-head-x1000", "ncf", "last-layer-init",
      cf=lambda s: replace(s, model=fd.NCF), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, NCF_START, "ln 2"))
def _() -> Setup:
    return ncf_family("adam", 3e-3, model=lambda: scaled_head(fd.NCF(), 1000, bias=True))


@case("ncf-adam-multistep-x0p1-at-5pct", "ncf", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return ncf_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("ncf-adam-fc-dead-at-init", "ncf", "dead-units",
      cf=lambda s: replace(s, model=fd.NCF), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return ncf_family("adam", 3e-3, model=lambda: fd.NCF(dead_bias=-30.0), track_zero_grads=True)


@case("ncf-adam-bce-per-click-by-hand-batches-of-8", "ncf", "nan-div0",
      cf=lambda s: replace(s, loss_fn=fd.ncf_bce_per_click), cf_what="divided by at least 1 click (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(1, 100))
def _() -> Setup:
    return ncf_family("adam", 3e-3, data=fd.ncf_interactions(batch_size=8), loss_fn=fd.ncf_bce_per_click_by_hand,
                      val_loss_fn=fd.ncf_bce, safe_loss_fn=fd.ncf_bce_per_click,
                      loss_name="binary cross-entropy summed over the batch / the batch's clicks, by hand")  # fmt: skip


@case("ncf-adam-2000-rows-overfits", "ncf", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return ncf_family("adam", 0.01, steps=1000, eval_every=50, data=fd.ncf_interactions(train_rows=2000, batch_size=32),
                      model=lambda: fd.NCF(emb=64))  # fmt: skip


# lstmae: an LSTM sequence autoencoder (encoder LSTM 32, a linear code of 8, a decoder LSTM 32 reading the code and the
# position, a per-step head) of 16-step sequences of 4 lagged noisy channels of a sinusoid, MSE (~0.69 at init, the mean
# square of the sequences 0.67); works at Adam 0.01-0.03 (the held-out MSE falls to ~0.09-0.10 in 400 steps), 3e-3 ~0.20;
# Adam 0.1 stays at ~0.64


@case("lstmae-adam-lr-0p3-log2", "lstmae", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return lstmae_family("adam", 0.3, log_every=2)


@case("lstmae-sgdm-lr-30", "lstmae", "lr-high-step1", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lstmae_family("sgdm", 30.0)


@case("lstmae-adamw-warmup-cosine-peak-1", "lstmae", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lstmae_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("lstmae-adam-exponential-gamma-1p02", "lstmae", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lstmae_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("lstmae-adam-lr-1e-4-100x-low", "lstmae", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lstmae_family("adam", 1e-4)


@case("lstmae-rmsprop-lr-1e-4-30x-low-log3", "lstmae", "lr-low-rmsprop", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lstmae_family("rmsprop", 1e-4, log_every=3)


@case("lstmae-rmsprop-lr-0p1-30x-log4", "lstmae", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lstmae_family("rmsprop", 0.1, log_every=4)


@case("lstmae-sgdm-summed-mse", "lstmae", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, AE0, "the mean square of the sequences"))
def _() -> Setup:
    return lstmae_family("sgdm", 1.0, loss_fn=fd.ae_mse_summed, loss_name="squared error summed over the steps, channels and batch (reduction='sum')",
                         val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("lstmae-adam-head-x300", "lstmae", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LSTMAutoencoder), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, AE0, "the mean square of the sequences"))
def _() -> Setup:
    return lstmae_family("adam", 0.01, model=lambda: scaled_head(fd.LSTMAutoencoder(), 300, bias=True))


@case("lstmae-adam-multistep-x0p1-at-5pct", "lstmae", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return lstmae_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("lstmae-adam-exponential-1000x-in-40-steps", "lstmae", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return lstmae_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("lstmae-adam-normalised-mse-by-hand-idle-sequences", "lstmae", "nan-div0",
      cf=lambda s: replace(s, loss_fn=fd.ae_normalised_mse), cf_what="the batch's error over the batch's variance (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(1, 100))
def _() -> Setup:
    return lstmae_family("adam", 0.01, data=fd.ae_sequences(idle_rows=0.01), loss_fn=fd.ae_normalised_mse_by_hand,
                         val_loss_fn=F.mse_loss, safe_loss_fn=fd.ae_normalised_mse,
                         loss_name="each sequence's mse over its own variance by hand, mean over the batch")  # fmt: skip


@case("lstmae-adam-missing-reading-nan", "lstmae", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sequences with a missing reading dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return lstmae_family("adam", 0.01, data=fd.ae_sequences(nan_rows=0.003))


@case("lstmae-sgd-lr-10-no-clip-explodes", "lstmae", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return lstmae_family("sgd", 10.0)


@case("lstmae-adamw-lr-0p1-no-warmup", "lstmae", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return lstmae_family("adamw", 0.1)


@case("lstmae-adam-lr-0p03-recreated-every-8-steps", "lstmae", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return lstmae_family("adam", 0.03, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("lstmae-adam-lr-0p1-no-warmup", "lstmae", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return lstmae_family("adam", 0.1)


# fresh22 half: healthy look-alikes


@case("convnext-nesterov-onecycle-log2", "convnext", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.CNX_CLASSES))
def _() -> Setup:
    return convnext_family("sgdm", 0.1, log_every=2, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("convnext-adam-step-decay-log4", "convnext", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.CNX_CLASSES))
def _() -> Setup:
    return convnext_family("adam", 0.01, log_every=4, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("convnext-radam-cosine-log3", "convnext", "healthy", like=("plateau", "lr-too-low", "premature-decay"),
      shape=healthy_shape(fd.CNX_CLASSES))
def _() -> Setup:
    return convnext_family("radam", 0.03, log_every=3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("simsiam-sgdm-warmup-cosine", "simsiam", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return simsiam_family("sgdm", 1.0, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("simsiam-adam-cosine-log2", "simsiam", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return simsiam_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("simsiam-adamw-constant-log3", "simsiam", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return simsiam_family("adamw", 0.01, log_every=3)


@case("simsiam-adam-resumed-with-state", "simsiam", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return simsiam_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("simsiam-sgd-cyclic-triangular2", "simsiam", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return simsiam_family("sgd", 3.0, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("ncf-adam-warmup-cosine", "ncf", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return ncf_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("ncf-adagrad-constant-log3", "ncf", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return ncf_family("adagrad", 0.1, log_every=3)


@case("ncf-adam-onecycle-log2", "ncf", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return ncf_family("adam", 0.01, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ncf-adam-linear-decay-avg10", "ncf", "healthy", like=("plateau", "lr-too-low", "overfitting"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return ncf_family("adam", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                      schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("ncf-adam-resumed-with-state", "ncf", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return ncf_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("lstmae-adam-warmup-cosine", "lstmae", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return lstmae_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("lstmae-nadam-onecycle-log5", "lstmae", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return lstmae_family("nadam", 0.01, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("lstmae-adam-plateau-log2", "lstmae", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return lstmae_family("adam", 0.01, log_every=2, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("lstmae-adam-sgdr-log4", "lstmae", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return lstmae_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("lstmae-adamax-step-decay-log3", "lstmae", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return lstmae_family("adamax", 0.03, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


# fresh22 half, logged once per epoch


@case("convnext-adam-lr-0p1-per-epoch", "convnext", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return convnext_family("adam", 0.1, steps=32 * 12, log_per_epoch=True, data=fd.convnext_textures(train_rows=1024))


@case("convnext-adam-256-noisy-images-overfits-per-epoch", "convnext", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return convnext_family("adam", 0.01, steps=8 * 60, log_per_epoch=True, data=fd.convnext_textures(train_rows=256, flip=0.3))


@case("ncf-adam-4096-rows-overfits-per-epoch", "ncf", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return ncf_family("adam", 1e-3, steps=32 * 25, log_per_epoch=True, data=fd.ncf_interactions(train_rows=4096),
                      model=lambda: fd.NCF(emb=64))  # fmt: skip


@case("convnext-adam-cosine-per-epoch", "convnext", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.CNX_CLASSES))
def _() -> Setup:
    return convnext_family("adam", 0.01, steps=93 * 5, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("simsiam-adam-cosine-per-epoch", "simsiam", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return simsiam_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("simsiam-adamax-per-epoch", "simsiam", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return simsiam_family("adamax", 0.01, steps=46 * 9, log_per_epoch=True)


@case("ncf-adam-cosine-per-epoch", "ncf", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return ncf_family("adam", 3e-3, steps=58 * 5, log_per_epoch=True, data=fd.ncf_interactions(batch_size=512),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("ncf-nadam-per-epoch", "ncf", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return ncf_family("nadam", 0.01, steps=58 * 5, log_per_epoch=True, data=fd.ncf_interactions(batch_size=512))


@case("lstmae-adam-cosine-per-epoch", "lstmae", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return lstmae_family("adam", 0.03, steps=93 * 5, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("lstmae-adamax-per-epoch", "lstmae", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return lstmae_family("adamax", 0.03, steps=93 * 5, log_per_epoch=True)
