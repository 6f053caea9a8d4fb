"""The twenty-first fresh half (fresh21, held out from all tuning):
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


def nerf_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the rendered pixels (mean over the rays)")
    knobs.setdefault("meta", {"model": "2-D NeRF-like field: positional encoding (4 frequencies), ReLU MLP 18-64-64-2, softplus density, 16 samples a ray, alpha-compositing",
                              "pixels": fd.NERF_PIXELS, "views": fd.NERF_VIEWS, "samples": fd.NERF_SAMPLES})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.nerf_views(), knobs.pop("model", None) or fd.TinyNeRF2D, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def cvae_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.cvae_loss)
    knobs.setdefault("loss_name", "negative ELBO: BCE with logits summed over the 64 pixels + KL to N(0, I), mean over the batch")
    knobs.setdefault("meta", {"model": "conditional VAE: encoder 70-64-(2 x 4), decoder (4 + 6)-64-64-64, class one-hot conditioning",
                              "latent_dim": fd.CVAE_LATENT, "classes": fd.CVAE_CLASSES})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.cvae_glyphs(), knobs.pop("model", None) or fd.GlyphCVAE, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def seg1d_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy per time step")
    knobs.setdefault("meta", {"model": "1-D U-Net: 2 poolings, skip connections, widths 16-32-32, per-step head",
                              "length": fd.SEG_LENGTH, "classes": fd.SEG_CLASSES})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.seg_signals(), knobs.pop("model", None) or fd.UNet1D, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def gru4rec_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.rec_ce)
    knobs.setdefault("loss_name", "cross_entropy of the next item, full softmax over 300 items")
    knobs.setdefault("meta", {"model": "GRU4Rec: item embedding 32, GRU 64, linear head to 300 items",
                              "items": fd.REC_ITEMS, "session_length": fd.REC_LENGTH})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.rec_sessions(), knobs.pop("model", None) or fd.GRU4Rec, optimizer, lr,
                      steps, **knobs)  # fmt: skip


NERF0, CVAE_START, SEG3, REC300 = fd.nerf_at_zero(), 64 * LN(2), LN(3), LN(300)
"""Where the families start and what a model that ignores its input reaches: a NeRF rendering nothing scores the mean
square of the exact pixels; a conditional VAE starts near 64 ln 2 (~44.4); the U-Net and GRU4Rec at chance, ln 3 and
ln 300."""


# nerf: a 2-D NeRF-like field (positional encoding of 4 frequencies, a ReLU MLP 18-64-64-2, softplus density and sigmoid
# intensity) rendering 1-D images of 32 pixels of three discs from 8 views by alpha-compositing 16 samples a ray, MSE of
# the pixels against the exact renders, validated on 8 views halfway between; works at Adam 3e-3-0.03 (the held-out
# MSE falls from ~0.15 to ~0.02 in 400 steps) and SGDm 0.3


@case("nerf-adam-lr-0p3-log2", "nerf", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return nerf_family("adam", 0.3, log_every=2)


@case("nerf-sgdm-lr-30-100x", "nerf", "lr-high-step1", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nerf_family("sgdm", 30.0)


@case("nerf-adamw-warmup-cosine-peak-1", "nerf", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nerf_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("nerf-adam-lr-1e-4-100x-low", "nerf", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nerf_family("adam", 1e-4)


@case("nerf-asgd-lr-0p03-10x-low-log4", "nerf", "lr-low-asgd", cf=lr_to(0.3), cf_what="ASGD lr 0.3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nerf_family("asgd", 0.03, log_every=4)


@case("nerf-sgdm-summed-mse", "nerf", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, NERF0, "the mse of rendering nothing"))
def _() -> Setup:
    return nerf_family("sgdm", 0.3, loss_fn=fd.nerf_mse_summed, loss_name="squared error summed over the rays of the batch (reduction='sum')",
                       val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("nerf-adam-multistep-x0p1-at-5pct", "nerf", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return nerf_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("nerf-adam-exponential-1000x-in-40-steps", "nerf", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return nerf_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("nerf-adam-relative-se-by-hand-empty-rays", "nerf", "nan-div0",
      cf=lambda s: replace(s, loss_fn=fd.nerf_relative_se), cf_what="the relative error of the batch as a whole (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(1, 50))
def _() -> Setup:
    return nerf_family("adam", 0.01, loss_fn=fd.nerf_relative_se_by_hand, val_loss_fn=F.mse_loss, safe_loss_fn=fd.nerf_relative_se,
                       loss_name="relative squared error by hand, (out - y)^2 / y^2 per ray, mean")  # fmt: skip


@case("nerf-adam-missing-origin-nan", "nerf", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rays with a missing origin dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return nerf_family("adam", 0.01, data=fd.nerf_views(nan_rays=0.01))


@case("nerf-adam-fc-dead-at-init", "nerf", "dead-units",
      cf=lambda s: replace(s, model=fd.TinyNeRF2D), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return nerf_family("adam", 0.01, model=lambda: fd.TinyNeRF2D(dead_bias=-30.0), track_zero_grads=True)


@case("nerf-adam-lr-0p03-recreated-each-epoch", "nerf", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return nerf_family("adam", 0.03, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("nerf-adam-lr-0p1-no-warmup", "nerf", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return nerf_family("adam", 0.1)


# cvae: a conditional VAE (encoder 70-64 to a 4-d Gaussian, decoder (4 + 6)-64-64 to 64 Bernoulli logits, conditioned on
# the class one-hot) of 8x8 binary glyphs of 6 classes, the negative ELBO per glyph (BCE summed over the pixels + KL,
# mean over the batch; it starts near 64 ln 2 = 44.4); works at Adam 0.01 (the held-out loss falls to ~22 in 400 steps,
# still falling) and 3e-3 (~25); Adam 0.03-0.1 and SGDm 0.03-0.3 sit at ~29-34 (the class's mean glyph), SGDm 1 NaN


@case("cvae-adam-lr-0p3-log2", "cvae", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cvae_family("adam", 0.3, log_every=2)


@case("cvae-sgdm-lr-1-overflows-nan", "cvae", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=400, shape=nan_within(1, 400))
def _() -> Setup:
    return cvae_family("sgdm", 1.0)


@case("cvae-radam-warmup-cosine-peak-1", "cvae", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cvae_family("radam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("cvae-adam-exponential-gamma-1p02", "cvae", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cvae_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("cvae-adam-lr-1e-4-100x-low", "cvae", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cvae_family("adam", 1e-4)


@case("cvae-adagrad-lr-1e-3-100x-low-log5", "cvae", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cvae_family("adagrad", 1e-3, log_every=5)


@case("cvae-sgdm-summed-elbo", "cvae", "summed",
      cf=lambda s: replace(s, loss_fn=fd.cvae_loss, loss_name="negative ELBO per glyph (mean over the batch)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, CVAE_START, "64 ln 2"))
def _() -> Setup:
    return cvae_family("sgdm", 0.03, loss_fn=fd.cvae_loss_summed, loss_name="negative ELBO summed over the batch (reduction='sum')",
                       val_loss_fn=fd.cvae_loss, mean_loss_fn=fd.cvae_loss)  # fmt: skip


@case("cvae-adam-head-x300", "cvae", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GlyphCVAE), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CVAE_START, "64 ln 2"))
def _() -> Setup:
    return cvae_family("adam", 0.01, model=lambda: scaled_head(fd.GlyphCVAE(), 300, bias=True))


@case("cvae-adam-multistep-x0p1-at-5pct", "cvae", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return cvae_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("cvae-adam-class-balanced-by-hand", "cvae", "nan-div0",
      cf=lambda s: replace(s, loss_fn=fd.cvae_class_balanced), cf_what="the classes present in the batch only (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(1, 100))
def _() -> Setup:
    return cvae_family("adam", 0.01, data=fd.cvae_glyphs(batch_size=16), loss_fn=fd.cvae_class_balanced_by_hand,
                       val_loss_fn=fd.cvae_loss, safe_loss_fn=fd.cvae_class_balanced,
                       loss_name="class-balanced negative ELBO by hand: each class's summed loss / its count in the batch, mean over the 6 classes")  # fmt: skip


@case("cvae-adam-missing-pixel-nan", "cvae", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the glyphs with a missing pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return cvae_family("adam", 0.01, data=fd.cvae_glyphs(nan_rows=0.003))


@case("cvae-adam-200-noisy-glyphs-overfits", "cvae", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return cvae_family("adam", 0.01, steps=1000, eval_every=50, data=fd.cvae_glyphs(train_rows=200, flip=0.3, batch_size=16),
                       model=lambda: fd.GlyphCVAE(hidden=256))  # fmt: skip


# seg1d: a 1-D U-Net (widths 16-32-32, two poolings, skip connections, a per-step head) labelling each of 64 time steps
# of noisy signals as a flat stretch, a burst or a chirp, cross-entropy per step (ln 3 at init); works at Adam 0.01 (the
# held-out loss falls to ~0.31 in 400 steps) and SGDm 0.1 (~0.31); about 2.5-6 s a training


@case("seg1d-adam-lr-0p3-log2", "seg1d", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return seg1d_family("adam", 0.3, log_every=2)


@case("seg1d-sgdm-lr-10-100x", "seg1d", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return seg1d_family("sgdm", 10.0)


@case("seg1d-sgd-warmup-cosine-peak-30", "seg1d", "lr-high-ramp", cf=lr_to(0.3), cf_what="peak lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return seg1d_family("sgd", 30.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("seg1d-nadam-cyclic-peak-0p3", "seg1d", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return seg1d_family("nadam", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("seg1d-adam-lr-1e-4-100x-low", "seg1d", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return seg1d_family("adam", 1e-4)


@case("seg1d-sgdm-lr-1e-3-100x-low-log3", "seg1d", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return seg1d_family("sgdm", 1e-3, log_every=3)


@case("seg1d-sgd-summed-ce", "seg1d", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SEG3, "ln 3"))
def _() -> Setup:
    return seg1d_family("sgd", 0.1, loss_fn=fd.seg_ce_summed, loss_name="cross_entropy summed over the steps and the batch (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("seg1d-adam-head-x300", "seg1d", "last-layer-init",
      cf=lambda s: replace(s, model=fd.UNet1D), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SEG3, "ln 3"))
def _() -> Setup:
    return seg1d_family("adam", 0.01, model=lambda: scaled_head(fd.UNet1D(), 300, bias=True))


@case("seg1d-adam-exponential-1000x-in-40-steps", "seg1d", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return seg1d_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("seg1d-adam-missing-sample-nan", "seg1d", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the signals with a missing sample dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return seg1d_family("adam", 0.01, data=fd.seg_signals(nan_rows=0.003))


@case("seg1d-adam-fc-dead-at-init", "seg1d", "dead-units",
      cf=lambda s: replace(s, model=fd.UNet1D), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return seg1d_family("adam", 0.01, model=lambda: fd.UNet1D(dead_bias=-30.0), track_zero_grads=True)


@case("seg1d-adam-lr-0p05-no-warmup", "seg1d", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return seg1d_family("adam", 0.05)


# gru4rec: GRU4Rec (item embeddings of 32, a GRU of 64, a linear head to a full softmax over 300 items) predicting the
# next click of sessions from a Markov chain over 300 items in 10 clusters, cross-entropy per click (ln 300 = 5.70 at
# init); works at Adam 3e-3 (the held-out loss falls to ~2.22 in 400 steps) and SGD 10 (~2.3); about 4-6 s a training


@case("gru4rec-adam-lr-0p1-log2", "gru4rec", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gru4rec_family("adam", 0.1, log_every=2)


@case("gru4rec-adamw-warmup-cosine-peak-0p3", "gru4rec", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gru4rec_family("adamw", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("gru4rec-rmsprop-lr-0p1-100x-log4", "gru4rec", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gru4rec_family("rmsprop", 0.1, log_every=4)


@case("gru4rec-nadam-exponential-gamma-1p02", "gru4rec", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gru4rec_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("gru4rec-adam-lr-1e-4-30x-low", "gru4rec", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gru4rec_family("adam", 1e-4)


@case("gru4rec-sgdm-lr-1e-3-1000x-low-log3", "gru4rec", "lr-low-sgd", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gru4rec_family("sgdm", 1e-3, log_every=3)


@case("gru4rec-sgdm-summed-ce", "gru4rec", "summed",
      cf=lambda s: replace(s, loss_fn=fd.rec_ce, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, REC300, "ln 300"))
def _() -> Setup:
    return gru4rec_family("sgdm", 0.3, loss_fn=fd.rec_ce_summed, loss_name="cross_entropy summed over the clicks and the batch (reduction='sum')",
                          val_loss_fn=fd.rec_ce, mean_loss_fn=fd.rec_ce)  # fmt: skip


@case("gru4rec-adam-head-x300", "gru4rec", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GRU4Rec), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, REC300, "ln 300"))
def _() -> Setup:
    return gru4rec_family("adam", 3e-3, model=lambda: scaled_head(fd.GRU4Rec(), 300, bias=True))


@case("gru4rec-adam-multistep-x0p1-at-5pct", "gru4rec", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return gru4rec_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("gru4rec-adam-session-mean-by-hand-empty-sessions", "gru4rec", "nan-div0",
      cf=lambda s: replace(s, loss_fn=fd.rec_ce), cf_what="the mean over every click with a target (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(1, 100))
def _() -> Setup:
    return gru4rec_family("adam", 3e-3, data=fd.rec_sessions(empty_rows=0.01), loss_fn=fd.rec_session_mean_by_hand,
                          val_loss_fn=fd.rec_ce, safe_loss_fn=fd.rec_ce,
                          loss_name="each session's mean loss by hand (summed over its clicks / their count), mean over the sessions")  # fmt: skip


@case("gru4rec-adam-300-sessions-overfits", "gru4rec", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gru4rec_family("adam", 0.01, steps=1000, eval_every=50, data=fd.rec_sessions(train_rows=300, batch_size=16))


@case("gru4rec-sgd-lr-100-no-clip-explodes", "gru4rec", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return gru4rec_family("sgd", 100.0)


# fresh21 half: healthy look-alikes


@case("nerf-adam-warmup-cosine", "nerf", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return nerf_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("nerf-sgdm-onecycle-log2", "nerf", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return nerf_family("sgdm", 0.3, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


@case("nerf-adamax-constant-log3", "nerf", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return nerf_family("adamax", 0.01, log_every=3)


@case("nerf-adam-resumed-with-state", "nerf", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return nerf_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("cvae-adam-warmup-cosine", "cvae", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return cvae_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("cvae-adagrad-cosine-log2", "cvae", "healthy", like=("plateau", "lr-too-low", "premature-decay"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return cvae_family("adagrad", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("cvae-nadam-onecycle-log5", "cvae", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return cvae_family("nadam", 0.01, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("cvae-adam-resumed-with-state", "cvae", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return cvae_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("seg1d-adamw-warmup-cosine", "seg1d", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.SEG_CLASSES))
def _() -> Setup:
    return seg1d_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("seg1d-adam-step-decay-log2", "seg1d", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.SEG_CLASSES))
def _() -> Setup:
    return seg1d_family("adam", 0.01, log_every=2, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("seg1d-nesterov-sgdr-log4", "seg1d", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.SEG_CLASSES))
def _() -> Setup:
    return seg1d_family("sgdm", 0.1, log_every=4, opt_args={"nesterov": True}, schedule=warm_restarts(0.25),
                        schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("seg1d-adam-plateau-log5", "seg1d", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.SEG_CLASSES))
def _() -> Setup:
    return seg1d_family("adam", 0.01, log_every=5, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("gru4rec-adam-warmup-cosine", "gru4rec", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.REC_ITEMS))
def _() -> Setup:
    return gru4rec_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("gru4rec-adam-linear-decay-avg10", "gru4rec", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fd.REC_ITEMS))
def _() -> Setup:
    return gru4rec_family("adam", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                          schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("gru4rec-adamax-constant-log3", "gru4rec", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.REC_ITEMS))
def _() -> Setup:
    return gru4rec_family("adamax", 0.01, log_every=3)


@case("gru4rec-sgd-cyclic-triangular2", "gru4rec", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(fd.REC_ITEMS))
def _() -> Setup:
    return gru4rec_family("sgd", 10.0, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


# fresh21 half, logged once per epoch


@case("nerf-adam-lr-0p3-per-epoch", "nerf", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return nerf_family("adam", 0.3, steps=8 * 50, log_per_epoch=True)


@case("seg1d-adam-256-noisy-signals-overfits-per-epoch", "seg1d", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return seg1d_family("adam", 0.01, steps=8 * 80, log_per_epoch=True, data=fd.seg_signals(train_rows=256, flip=0.3),
                        model=lambda: fd.UNet1D(width=32))  # fmt: skip


@case("nerf-adam-cosine-per-epoch", "nerf", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return nerf_family("adam", 0.01, steps=8 * 50, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("nerf-adamw-warmup-cosine-per-epoch", "nerf", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return nerf_family("adamw", 0.01, steps=8 * 50, log_per_epoch=True, schedule=cosine_after(0.1),
                       schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("cvae-adam-cosine-per-epoch", "cvae", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return cvae_family("adam", 0.01, steps=93 * 5, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("cvae-adamax-per-epoch", "cvae", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return cvae_family("adamax", 0.01, steps=93 * 5, log_per_epoch=True)


@case("seg1d-adam-cosine-per-epoch", "seg1d", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.SEG_CLASSES))
def _() -> Setup:
    return seg1d_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.seg_signals(train_rows=1500),
                        schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("gru4rec-adam-cosine-per-epoch", "gru4rec", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.REC_ITEMS))
def _() -> Setup:
    return gru4rec_family("adam", 3e-3, steps=62 * 7, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gru4rec-nadam-per-epoch", "gru4rec", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.REC_ITEMS))
def _() -> Setup:
    return gru4rec_family("nadam", 3e-3, steps=62 * 7, log_per_epoch=True)
