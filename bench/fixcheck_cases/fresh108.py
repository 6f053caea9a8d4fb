"""The one hundred and tenth fresh half (fresh108, held out from all tuning):
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


def sppnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes (glyph shape x image half)")
    knobs.setdefault("meta", {"model": "spatial-pyramid-pooling CNN: 3x3 convs 1-12-12 (ReLU) at 12x12, adaptive max pooling to 1x1, 2x2 and 4x4 bins concatenated (252), a ReLU layer 252-32 and a head",
                              "image_size": fd.SPPNET_SIZE, "classes": fd.SPPNET_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.sppnet_images(), knobs.pop("model", None) or fd.SppnetNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def dilrnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes (bump sign x burst period)")
    knobs.setdefault("meta", {"model": "dilated RNN: 3 stacked GRU layers of 16 units with recurrent skips of 1, 2 and 4 steps, the top layer's last and mean outputs through a ReLU layer 32-32 and a head",
                              "steps": fd.DILRNN_STEPS, "hidden": fd.DILRNN_HIDDEN, "classes": fd.DILRNN_CLASSES,
                              "held_out": "cross-entropy on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dilrnn_series(), knobs.pop("model", None) or fd.DilrnnNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def multdae_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.multdae_nll)
    knobs.setdefault("loss_name", "multinomial negative log-likelihood of the next clicks, mean over the clicks")
    knobs.setdefault("meta", {"model": "Mult-DAE: L2-normalised click counts, dropout 0.3, an encoder 200-64 (tanh), a ReLU layer 64-32 and a head to the logits over 200 items",
                              "items": fd.MULTDAE_ITEMS, "held_out": "the NLL of new users' next clicks"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.multdae_users(), knobs.pop("model", None) or fd.MultdaeNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def ztpois_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.ztpois_nll)
    knobs.setdefault("loss_name", "zero-truncated Poisson negative log-likelihood per row (log lam)")
    knobs.setdefault("meta", {"model": "MLP 6-64 (tanh) -64 (tanh), a ReLU layer 64-32, a head to log lam (clamped to +-5) of a zero-truncated Poisson law of counts",
                              "features": fd.ZTPOIS_FEATURES, "held_out": "the NLL on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.ztpois_rows(), knobs.pop("model", None) or fd.ZtpoisMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


SPPNET0, DILRNN0 = LN(fd.SPPNET_CLASSES), LN(fd.DILRNN_CLASSES)
MULTDAE0, ZTPOIS0 = LN(fd.MULTDAE_ITEMS), fd.ztpois_at_zero()
"""Where the families start: the SPP CNN and the dilated GRU at ln 4, the Mult-DAE near ln 200 (near-uniform logits),
the zero-truncated Poisson MLP at the NLL of raw outputs of 0 (lam = 1)."""


# sppnet: a spatial-pyramid-pooling CNN (He et al., tiny: two 3x3 convs 1-12-12 at 12x12, adaptive max pooling to
# 1x1, 2x2 and 4x4 bins concatenated, a ReLU layer and a head) naming a 3x3 glyph's shape (a plus or a hollow
# square) and the half of the image it sits in, beside 2 bright pixels in noisy 12x12 images, 5% random labels held
# out too, cross-entropy over 4 (1.39-1.42 at step 1, ln 4, ending near 0.27-0.31 held out); works at Adam 3e-3
# (0.27), Adam 0.01 (0.28-0.31), RMSprop 1e-3 (0.31-0.40), Adam 1e-3 (0.36-0.42); at chance (1.41-1.45) at Adam 1;
# slow at Adam 1e-4 (0.90-0.96), RAdam 1e-4 (1.35-1.37); a step decay at Adam 3e-3 lost 10% to Adam 0.01 (0.32 vs
# 0.28), so that healthy run is at Adam 0.01 (0.29) (a 400-step run: 3-4 s)


@case("sppnet-adam-lr-1", "sppnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return sppnet_family("adam", 1.0)


@case("sppnet-rmsprop-lr-0p3-300x-log2", "sppnet", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return sppnet_family("rmsprop", 0.3, log_every=2)


@case("sppnet-adamw-warmup-cosine-peak-1", "sppnet", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sppnet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("sppnet-adam-exponential-gamma-1p02", "sppnet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sppnet_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("sppnet-adam-lr-1e-4-30x-low-log3", "sppnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sppnet_family("adam", 1e-4, log_every=3)


@case("sppnet-radam-lr-1e-4-30x-low", "sppnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sppnet_family("radam", 1e-4)


@case("sppnet-adam-missing-pixel-nan", "sppnet", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return sppnet_family("adam", 3e-3, data=fd.sppnet_images(nan_rows=0.005))


@case("sppnet-adam-fc-dead-at-init", "sppnet", "dead-units",
      cf=lambda s: replace(s, model=fd.SppnetNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return sppnet_family("adam", 3e-3, model=lambda: fd.SppnetNet(dead_bias=-30.0), track_zero_grads=True)


@case("sppnet-adam-head-x1000-log2", "sppnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SppnetNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SPPNET0, "ln 4"))
def _() -> Setup:
    return sppnet_family("adam", 3e-3, log_every=2, model=lambda: scaled_head(fd.SppnetNet(), 1000))


@case("sppnet-adam-exponential-100x-in-40-steps", "sppnet", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 42))
def _() -> Setup:
    return sppnet_family("adam", 3e-3, schedule=exponential_to(0.01, 0.1),
                         schedule_name="ExponentialLR per batch, x0.01 by step 40")


@case("sppnet-adam-lr-0p01-recreated-every-2-steps", "sppnet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return sppnet_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("sppnet-adam-96-images-overfit", "sppnet", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return sppnet_family("adam", 3e-3, steps=600, eval_every=30, data=fd.sppnet_images(train_rows=96))


# dilrnn: a dilated RNN (Chang et al., tiny: 3 stacked GRU layers of 16 units whose recurrences skip 1, 2 and 4 steps,
# the top layer's last and mean outputs through a ReLU layer and a head) naming the sign of an early Gaussian bump
# and the period (4 or 8 steps) of a late sine burst in noisy 1-channel series of 32 steps, 5% random labels held
# out too, cross-entropy over 4 (1.39-1.40 at step 1, ln 4, ending near 0.31 held out); works at Adam 0.01 (0.31),
# Adam 0.03 (0.33-0.36); Adam 3e-3 sits at one of the two features (0.85) for most of the run at a seed; a first
# version (burst amplitude U(0.6, 1.0), noise 0.4) sat at 0.9 at Adam 3e-3 at both seeds, so the signal is larger
# (a 400-step run: 4-8 s). At Adam and RAdam 1e-4 it sits at chance (1.37-1.39, not falling: no lr-low-adam case
# here), and SGDm 1 unclipped ends at chance clipped or not (1.47: no exploding case here)


@case("dilrnn-adam-lr-1-log2", "dilrnn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dilrnn_family("adam", 1.0, log_every=2)


@case("dilrnn-rmsprop-lr-0p3-100x", "dilrnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dilrnn_family("rmsprop", 0.3)


@case("dilrnn-nadam-warmup-cosine-peak-1", "dilrnn", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dilrnn_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("dilrnn-adamw-warmup-linear-peak-1-log2", "dilrnn", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dilrnn_family("adamw", 1.0, log_every=2, schedule=linear_decay_after(0.1),
                         schedule_name="linear warmup 10% + linear decay")


@case("dilrnn-adam-head-x1000", "dilrnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DilrnnNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DILRNN0, "ln 4"))
def _() -> Setup:
    return dilrnn_family("adam", 0.01, model=lambda: scaled_head(fd.DilrnnNet(), 1000))


@case("dilrnn-adam-missing-value-nan", "dilrnn", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return dilrnn_family("adam", 0.01, data=fd.dilrnn_series(nan_rows=0.005))


@case("dilrnn-adam-fc-dead-at-init", "dilrnn", "dead-units",
      cf=lambda s: replace(s, model=fd.DilrnnNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dilrnn_family("adam", 0.01, model=lambda: fd.DilrnnNet(dead_bias=-30.0), track_zero_grads=True)


@case("dilrnn-adam-multistep-x0p1-at-5pct", "dilrnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return dilrnn_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


# multdae: a multinomial denoising autoencoder (Mult-DAE, Liang et al., tiny: L2-normalised click counts, dropout
# 0.3, an encoder 200-64 (tanh), a ReLU layer and a head to the logits over 200 items) predicting a user's next 10
# clicks from their first 20, users mixing 2 of 8 taste topics, the multinomial NLL per click (5.28-5.33 at step 1,
# near ln 200, ending near 3.22-3.25 held out); works at Adam 3e-3 and 0.01 (3.23-3.25), Adagrad 0.1 (3.22), SGDm
# 0.3 (3.26-3.27), SGD 1 (3.34-3.37); 4.53-4.55 at Adam 1, 4.45 at Adagrad 10; slow at NAdam 1e-4 (4.6)
# (a 400-step run: 2-3 s)


@case("multdae-adam-lr-1", "multdae", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return multdae_family("adam", 1.0)


@case("multdae-adagrad-lr-10-100x-log2", "multdae", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return multdae_family("adagrad", 10.0, log_every=2)


@case("multdae-adam-exponential-gamma-1p02", "multdae", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return multdae_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("multdae-adam-cyclic-peak-1", "multdae", "lr-high-cyclic", cf=lr_to(0.01),
      cf_what="peak lr 0.01 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return multdae_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("multdae-nadam-lr-1e-4-100x-low-log3", "multdae", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return multdae_family("nadam", 1e-4, log_every=3)


@case("multdae-adam-lr-1e-4-100x-low-log2", "multdae", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return multdae_family("adam", 1e-4, log_every=2)


@case("multdae-sgdm-lr-0p3-summed-nll", "multdae", "summed",
      cf=lambda s: replace(s, loss_fn=fd.multdae_nll, loss_name="multinomial NLL (mean over the clicks)"),
      cf_what="the mean over the clicks",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, MULTDAE0, "ln 200"))
def _() -> Setup:
    return multdae_family("sgdm", 0.3, loss_fn=fd.multdae_nll_summed,
                          loss_name="multinomial NLL summed over the batch's clicks",
                          val_loss_fn=fd.multdae_nll, mean_loss_fn=fd.multdae_nll)


@case("multdae-sgd-lr-1-summed-nll-log2", "multdae", "summed",
      cf=lambda s: replace(s, loss_fn=fd.multdae_nll, loss_name="multinomial NLL (mean over the clicks)"),
      cf_what="the mean over the clicks",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, MULTDAE0, "ln 200"))
def _() -> Setup:
    return multdae_family("sgd", 1.0, log_every=2, loss_fn=fd.multdae_nll_summed,
                          loss_name="multinomial NLL summed over the batch's clicks",
                          val_loss_fn=fd.multdae_nll, mean_loss_fn=fd.multdae_nll)


@case("multdae-adam-head-x1000", "multdae", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MultdaeNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MULTDAE0, "ln 200"))
def _() -> Setup:
    return multdae_family("adam", 0.01, model=lambda: scaled_head(fd.MultdaeNet(), 1000))


@case("multdae-adam-multistep-x0p001-at-5pct", "multdae", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.001)), cf_what="the same x0.001 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.0011, 25))
def _() -> Setup:
    return multdae_family("adam", 0.01, schedule=multistep(0.05, gamma=0.001), schedule_name="MultiStepLR at 5%")


@case("multdae-adam-exponential-1000x-in-40-steps-log2", "multdae", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return multdae_family("adam", 0.01, log_every=2, schedule=exponential_to(1e-3, 0.1),
                          schedule_name="ExponentialLR per batch, x0.001 by step 40")


# ztpois: a tanh MLP (6-64-64, a ReLU layer and a head) of log lam of a zero-truncated Poisson law of counts k >= 1
# (pmf lam^k e^-lam / (k! (1 - e^-lam))) whose rate depends on the features, the negative log-likelihood per row,
# batches of 256 (3.5-4.2 at step 1 near lam = 1, ending near 1.36-1.39 held out); works at Adam 3e-3 and 0.01
# (1.36-1.38), SGDm 0.01 (1.38-1.39); slow at SGDm 1e-4 (2.1-2.2); 137 (lam stuck at the clamp e^5) at Adam 1 and
# RMSprop 0.05-0.1 without a warmup (1.5-2.1 after a 60-step warmup), 11.2 (stuck at e^-5) at SGDm 1; SGDm and
# Nesterov 0.3 unclipped on batches of 64 11-136 (1.8-2.5 clipped at 1) (a 400-step run: ~1.5 s)


@case("ztpois-adam-lr-1-log2", "ztpois", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ztpois_family("adam", 1.0, log_every=2)


@case("ztpois-sgdm-lr-1-100x", "ztpois", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ztpois_family("sgdm", 1.0)


@case("ztpois-adam-lr-1e-4-30x-low-log2", "ztpois", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ztpois_family("adam", 1e-4, log_every=2)


@case("ztpois-sgdm-lr-1e-4-100x-low", "ztpois", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ztpois_family("sgdm", 1e-4)


@case("ztpois-rmsprop-lr-0p1-no-warmup", "ztpois", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return ztpois_family("rmsprop", 0.1)


@case("ztpois-rmsprop-lr-0p05-no-warmup-log2", "ztpois", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return ztpois_family("rmsprop", 0.05, log_every=2)


@case("ztpois-sgdm-summed-nll", "ztpois", "summed",
      cf=lambda s: replace(s, loss_fn=fd.ztpois_nll, loss_name="zero-truncated Poisson NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ZTPOIS0, "the NLL of raw outputs of 0 (lam = 1)"))
def _() -> Setup:
    return ztpois_family("sgdm", 0.01, loss_fn=fd.ztpois_nll_summed,
                         loss_name="zero-truncated Poisson NLL summed over the batch's rows (reduction='sum')",
                         val_loss_fn=fd.ztpois_nll, mean_loss_fn=fd.ztpois_nll)


@case("ztpois-nesterov-summed-nll-log2", "ztpois", "summed",
      cf=lambda s: replace(s, loss_fn=fd.ztpois_nll, loss_name="zero-truncated Poisson NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ZTPOIS0, "the NLL of raw outputs of 0 (lam = 1)"))
def _() -> Setup:
    return ztpois_family("nesterov", 0.01, log_every=2, loss_fn=fd.ztpois_nll_summed,
                         loss_name="zero-truncated Poisson NLL summed over the batch's rows (reduction='sum')",
                         val_loss_fn=fd.ztpois_nll, mean_loss_fn=fd.ztpois_nll)


@case("ztpois-adam-missing-feature-nan", "ztpois", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return ztpois_family("adam", 3e-3, data=fd.ztpois_rows(nan_rows=0.003))


@case("ztpois-adam-fc-dead-at-init", "ztpois", "dead-units",
      cf=lambda s: replace(s, model=fd.ZtpoisMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return ztpois_family("adam", 3e-3, model=lambda: fd.ZtpoisMLP(dead_bias=-30.0), track_zero_grads=True)


@case("ztpois-sgdm-lr-0p3-no-clip-batch64", "ztpois", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return ztpois_family("sgdm", 0.3, data=fd.ztpois_rows(batch_size=64))


@case("ztpois-nesterov-lr-0p3-no-clip-batch64-log2", "ztpois", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return ztpois_family("nesterov", 0.3, log_every=2, data=fd.ztpois_rows(batch_size=64))


# fresh108 half: healthy look-alikes


@case("sppnet-adam-warmup-cosine-eval25", "sppnet", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.SPPNET_CLASSES, fall=0.8))
def _() -> Setup:
    return sppnet_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.1),
                         schedule_name="linear warmup 10% + cosine")


@case("sppnet-adam-step-decay-eval50", "sppnet", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.SPPNET_CLASSES, fall=0.8))
def _() -> Setup:
    return sppnet_family("adam", 0.01, eval_every=50, schedule=multistep(0.5, 0.75, gamma=0.3),
                         schedule_name="MultiStepLR")


@case("sppnet-adam-resumed-with-state", "sppnet", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.SPPNET_CLASSES, fall=0.8))
def _() -> Setup:
    return sppnet_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                         schedule=cosine_after(0.0), schedule_name="cosine")


@case("sppnet-radam-one-cycle-log2", "sppnet", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.SPPNET_CLASSES, fall=0.8))
def _() -> Setup:
    return sppnet_family("radam", 0.01, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


@case("dilrnn-adam-cosine-eval25", "dilrnn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.DILRNN_CLASSES, fall=0.7))
def _() -> Setup:
    return dilrnn_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dilrnn-adamw-warmup-step-decay-log3", "dilrnn", "healthy",
      like=("premature-decay", "plateau", "missing-warmup"), shape=healthy_shape(fd.DILRNN_CLASSES, fall=0.7))
def _() -> Setup:
    return dilrnn_family("adamw", 0.01, log_every=3, warmup_steps=20, schedule=multistep(0.6, 0.8, gamma=0.3),
                         schedule_name="20-step linear warmup + MultiStepLR")


@case("dilrnn-nadam-warmup-cosine-log2", "dilrnn", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.DILRNN_CLASSES, fall=0.7))
def _() -> Setup:
    return dilrnn_family("nadam", 0.01, log_every=2, schedule=cosine_after(0.1),
                         schedule_name="linear warmup 10% + cosine")


@case("dilrnn-adam-warmup-linear-avg10", "dilrnn", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.DILRNN_CLASSES, fall=0.7))
def _() -> Setup:
    return dilrnn_family("adam", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                         schedule_name="linear warmup 5% + linear decay")


@case("multdae-adam-cosine-log2", "multdae", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return multdae_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("multdae-nadam-step-decay-log3", "multdae", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return multdae_family("nadam", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                          schedule_name="MultiStepLR")


@case("multdae-adagrad-on-plateau-log4", "multdae", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return multdae_family("adagrad", 0.1, log_every=4, schedule=on_plateau(),
                          schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("multdae-adam-one-cycle", "multdae", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return multdae_family("adam", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("multdae-radam-warmup-cosine-log4", "multdae", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return multdae_family("radam", 0.03, log_every=4, schedule=cosine_after(0.1),
                          schedule_name="linear warmup 10% + cosine")


@case("ztpois-adam-cosine-eval25", "ztpois", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return ztpois_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("ztpois-rmsprop-step-decay-log3", "ztpois", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return ztpois_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                         schedule_name="MultiStepLR")


@case("ztpois-adamw-warmup-linear-avg10", "ztpois", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return ztpois_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                         schedule_name="linear warmup 5% + linear decay")


@case("ztpois-nadam-sgdr-log5", "ztpois", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return ztpois_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                         schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


# fresh108 half, logged once per epoch


@case("multdae-adam-256-users-overfit-per-epoch", "multdae", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return multdae_family("adam", 0.01, steps=4 * 100, log_per_epoch=True, data=fd.multdae_users(train_rows=256))


@case("ztpois-adam-lr-1-per-epoch", "ztpois", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return ztpois_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.ztpois_rows(n=3200, batch_size=64))


@case("sppnet-adam-cosine-per-epoch", "sppnet", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.SPPNET_CLASSES, fall=0.8))
def _() -> Setup:
    return sppnet_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True, data=fd.sppnet_images(n=1600),
                         schedule=cosine_after(0.0), schedule_name="cosine")


@case("dilrnn-adam-warmup-cosine-per-epoch", "dilrnn", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.DILRNN_CLASSES, fall=0.7))
def _() -> Setup:
    return dilrnn_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.dilrnn_series(n=1600),
                         schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip
