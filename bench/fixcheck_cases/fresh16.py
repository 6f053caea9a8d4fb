"""The sixteenth fresh half (fresh16, held out from all tuning):
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
    anything, at_chance, case, dead_from, first_dead, first_loss_above, first_nan, healthy_shape, lr_down_by, lr_to,
    nan_within, overfits, still_falling,
)
from harness import (
    LN, Setup, cosine_after, cross_entropy, cyclic, exponential, exponential_to, multistep, one_cycle, scaled_head,
    warm_restarts,
)


def trees_family(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_name", "cross_entropy")
    knobs.setdefault("meta", {"model": "soft oblivious decision trees (NODE-like): 16 trees of depth 4, a ReLU layer and a head",
                              "classes": fd.TREE_CLASSES, "features": fd.TREE_FEATURES})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.tabular_rules(), knobs.pop("model", None) or fd.SoftTrees, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def egnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the standardised energy")
    knobs.setdefault("meta", {"model": "EGNN: 2 E(n)-equivariant layers of width 32 on the complete graph, mean readout",
                              "particles": fd.EGNN_PARTICLES, "dimensions": 3})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.particle_energies(), knobs.pop("model", None) or fd.EGNNRegressor,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def memnet_family(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_name", "cross_entropy")
    knobs.setdefault("meta", {"model": "end-to-end memory network: 3 hops, adjacent weight tying, width 32",
                              "classes": fd.MEM_PLACES, "memories": fd.MEM_SENTENCES})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.babi_stories(), knobs.pop("model", None) or fd.MemN2N, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def wavenet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy per sample")
    knobs.setdefault("meta", {"model": "WaveNet: 4 gated dilated causal conv blocks (dilations 1-8), 24 channels",
                              "classes": fd.WAVE_LEVELS, "sequence_length": fd.WAVE_LENGTH})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.audio_clips(), knobs.pop("model", None) or fd.WaveNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


LN3T, LN6M, WAVE0 = LN(fd.TREE_CLASSES), LN(fd.MEM_PLACES), fd.wave_unigram_entropy()
"""An untrained soft-tree ensemble starts near ln 3, a memory network near ln 6, a WaveNet near ln 16 and one stuck at
chance ends at the levels' entropy ``WAVE0`` (~2.64); an untrained EGNN starts near the targets' variance, 1."""


def without_empty_stories(data: fd.Data) -> fd.Data:
    """The data without its training stories that have no sentence (all padding)."""
    ok = (data.x[:, : fd.MEM_SENTENCES, 0] > 0).any(1)
    return replace(data, x=data.x[ok], y=data.y[ok])


# trees: an ensemble of 16 soft oblivious decision trees of depth 4 (NODE-like: per level a softmax choice of a feature,
# a learned threshold and temperature; leaf responses of 4 weighted by the product of the soft choices), a ReLU layer
# of 64 and a head, naming the class of tabular rows set by axis-aligned rules (3 classes, 5% label noise),
# cross-entropy; works at Adam 0.03-0.1 (held-out loss ~0.43-0.48 after 500 steps, noisy), SGDm 0.1 (~0.64); Adam 0.3
# and SGDm 1 stay at chance (ln 3). About 3 s a training


@case("trees-adam-lr-1-30x-from-step-1", "trees", "lr-high-step1", cf=lr_to(0.03), cf_what="Adam lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=anything)
def _() -> Setup:
    return trees_family("adam", 1.0)


@case("trees-sgdm-lr-1-stuck-at-chance", "trees", "lr-high-chance", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=500, shape=at_chance(LN3T, "ln 3"))
def _() -> Setup:
    return trees_family("sgdm", 1.0)


@case("trees-rmsprop-lr-0p3-30x-log4", "trees", "lr-high-step1", cf=lr_to(0.01), cf_what="RMSprop lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return trees_family("rmsprop", 0.3, log_every=4)


@case("trees-adamax-cyclic-peak-3", "trees", "lr-high-cyclic", cf=lr_to(0.1), cf_what="peak lr 0.1 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return trees_family("adamax", 3.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("trees-adam-lr-3e-4-100x-low", "trees", "lr-low-adam", cf=lr_to(0.03), cf_what="Adam lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return trees_family("adam", 3e-4)


@case("trees-sgdm-summed-ce", "trees", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN3T, "ln 3"))
def _() -> Setup:
    return trees_family("sgdm", 0.1, loss_fn=fd.trees_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("trees-adam-missing-feature-nan", "trees", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 94))
def _() -> Setup:
    return trees_family("adam", 0.03, data=fd.tabular_rules(nan_rows=0.003))


@case("trees-adam-multistep-x0p1-at-5pct", "trees", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=26, tol=100, shape=lr_down_by(0.11, 30))
def _() -> Setup:
    return trees_family("adam", 0.03, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("trees-adam-fc-dead-at-init", "trees", "dead-units",
      cf=lambda s: replace(s, model=fd.SoftTrees), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return trees_family("adam", 0.03, model=lambda: fd.SoftTrees(dead_bias=-30.0), track_zero_grads=True)


@case("trees-nadam-warmup-cosine-peak-3", "trees", "lr-high-ramp", cf=lr_to(0.03), cf_what="peak lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return trees_family("nadam", 3.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


# egnn: an E(n)-equivariant graph network (the particle types embedded to 32; 2 EGNN layers on the complete graph:
# SiLU edge MLPs of the features and squared distances, equivariant position updates, residual feature updates; the
# mean of the particles' features, a ReLU layer of 64 and a head) regressing the standardised energy of 8-particle
# systems (Gaussian pair bumps by type and a harmonic pull to the centre), MSE; works at Adam 3e-3-0.01 (the held-out
# MSE falls from ~0.85 to ~0.006-0.01 in 400 steps, after a slow first half), SGDm 0.01 (~0.38); Adam 0.03 blows up
# early (0.067 at the end); SGDm 0.1 overflows to NaN. About 4-5 s a training


@case("egnn-sgdm-lr-0p3-overflows-nan", "egnn", "lr-high-nan", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=400, shape=nan_within(1, 400))
def _() -> Setup:
    return egnn_family("sgdm", 0.3)


@case("egnn-adam-lr-0p3-100x-from-step-1", "egnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return egnn_family("adam", 0.3)


@case("egnn-radam-warmup-cosine-peak-0p3", "egnn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return egnn_family("radam", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("egnn-adam-lr-1e-4-30x-low", "egnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return egnn_family("adam", 1e-4)


@case("egnn-sgdm-lr-1e-3-10x-low-log3", "egnn", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return egnn_family("sgdm", 1e-3, log_every=3)


@case("egnn-sgdm-summed-mse", "egnn", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(15, 1.0, "the targets' variance"))
def _() -> Setup:
    return egnn_family("sgdm", 0.01, loss_fn=fd.energy_mse_summed, loss_name="mse summed over the batch (reduction='sum')",
                       val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("egnn-adam-head-x300", "egnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.EGNNRegressor), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, 1.0, "the targets' variance"))
def _() -> Setup:
    return egnn_family("adam", 3e-3, model=lambda: scaled_head(fd.EGNNRegressor(), 300, bias=True))


@case("egnn-adam-exponential-100x-in-40-steps", "egnn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 42))
def _() -> Setup:
    return egnn_family("adam", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 40")


@case("egnn-adam-missing-coordinate-nan", "egnn", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the systems with a missing coordinate dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 125))
def _() -> Setup:
    return egnn_family("adam", 3e-3, data=fd.particle_energies(nan_rows=0.003))


@case("egnn-sgdm-exponential-gamma-1p03-nan", "egnn", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 400))
def _() -> Setup:
    return egnn_family("sgdm", 0.01, schedule=exponential(1.03), schedule_name="ExponentialLR(gamma=1.03) per batch")


@case("egnn-adam-fc-dead-at-init", "egnn", "dead-units",
      cf=lambda s: replace(s, model=fd.EGNNRegressor), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return egnn_family("adam", 3e-3, model=lambda: fd.EGNNRegressor(dead_bias=-30.0), track_zero_grads=True)


@case("egnn-sgdm-lr-0p1-no-clip-explodes", "egnn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return egnn_family("sgdm", 0.1)


@case("egnn-adam-lr-0p01-recreated-each-epoch", "egnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return egnn_family("adam", 0.01, data=fd.particle_energies(train_rows=1000), recreate_optimizer_at=frozenset(range(31, 400, 31)))


# memnet: an end-to-end memory network (3 hops, adjacent weight tying, width 32, position encoding and learned temporal
# encoding; a ReLU layer of 64 and a head) answering "where is <person>?" over bAbI-like stories of 4-10 moves (6
# places), cross-entropy; works at Adam 3e-3-0.01 (the held-out loss sits near ln 6 for ~100 steps, then falls to
# ~0.03), SGDm 0.1 (~0.07); Adam 0.03 ends near 0.15, Adam 0.3 at chance; plain SGD 30 overflows. About 3 s a training


@case("memnet-adam-lr-0p3-stuck-at-chance", "memnet", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=at_chance(LN6M, "ln 6"))
def _() -> Setup:
    return memnet_family("adam", 0.3)


@case("memnet-sgd-lr-30-overflows-nan", "memnet", "lr-high-nan", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=600, shape=nan_within(1, 600))
def _() -> Setup:
    return memnet_family("sgd", 30.0)


@case("memnet-rmsprop-lr-0p03-10x-log2", "memnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return memnet_family("rmsprop", 0.03, log_every=2)


@case("memnet-nadam-exponential-gamma-1p02", "memnet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return memnet_family("nadam", 2e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("memnet-adam-lr-1e-4-30x-low", "memnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return memnet_family("adam", 1e-4)


@case("memnet-adagrad-lr-1e-3-100x-low-log5", "memnet", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return memnet_family("adagrad", 1e-3, log_every=5)


@case("memnet-sgdm-summed-ce", "memnet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, LN6M, "ln 6"))
def _() -> Setup:
    return memnet_family("sgdm", 0.1, loss_fn=fd.memnet_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("memnet-adam-head-x1000", "memnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MemN2N), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN6M, "ln 6"))
def _() -> Setup:
    return memnet_family("adam", 3e-3, model=lambda: scaled_head(fd.MemN2N(), 1000, bias=True))


@case("memnet-adam-multistep-x0p1-at-5pct", "memnet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return memnet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("memnet-adam-empty-stories-nan", "memnet", "nan-early", cf=lambda s: replace(s, data=without_empty_stories(s.data)),
      cf_what="the stories without a sentence dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 188))
def _() -> Setup:
    return memnet_family("adam", 3e-3, data=fd.babi_stories(empty_rows=0.002))


@case("memnet-adamw-lr-0p01-recreated-each-epoch", "memnet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=48, tol=5,
      shape=anything)
def _() -> Setup:
    return memnet_family("adamw", 0.01, data=fd.babi_stories(train_rows=1500), recreate_optimizer_at=frozenset(range(47, 600, 47)))


@case("memnet-rmsprop-lr-3e-3-recreated-each-epoch", "memnet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=48, tol=5,
      shape=anything)
def _() -> Setup:
    return memnet_family("rmsprop", 3e-3, data=fd.babi_stories(train_rows=1500), recreate_optimizer_at=frozenset(range(47, 600, 47)))


@case("memnet-adam-200-stories-overfits", "memnet", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return memnet_family("adam", 0.01, steps=1000, eval_every=50, data=fd.babi_stories(train_rows=200, batch_size=16))


# wavenet: a small WaveNet (the 16 mu-law levels embedded to 24 channels, 4 residual blocks of gated dilated causal
# convolutions, dilations 1-8, 1x1 residual and skip convolutions; a ReLU layer of 64 and a head at each sample)
# predicting each next level of synthetic audio clips (1-3 sinusoids under an envelope, noise), cross-entropy per
# sample; works at Adam 3e-3-0.01 and SGDm 0.3 (the held-out loss falls from ln 16 to ~1.38-1.40 in 400 steps: the
# noise floor is near); Adam 0.03 ends near 1.47, Adam 0.3 at the levels' entropy (2.64); plain SGD 30 overflows. About
# 4-5 s a training


@case("wavenet-adam-lr-0p3-stuck-at-chance", "wavenet", "lr-high-chance", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=at_chance(WAVE0, "the levels' entropy"))
def _() -> Setup:
    return wavenet_family("adam", 0.3)


@case("wavenet-sgd-lr-30-overflows-nan", "wavenet", "lr-high-nan", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=400, shape=nan_within(1, 400))
def _() -> Setup:
    return wavenet_family("sgd", 30.0)


@case("wavenet-nadam-warmup-cosine-peak-1", "wavenet", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return wavenet_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("wavenet-adamw-cyclic-peak-0p3", "wavenet", "lr-high-cyclic", cf=lr_to(0.01),
      cf_what="peak lr 0.01 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return wavenet_family("adamw", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("wavenet-adam-lr-1e-4-100x-low", "wavenet", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return wavenet_family("adam", 1e-4)


@case("wavenet-asgd-lr-1e-3-1000x-low-log5", "wavenet", "lr-low-asgd", cf=lr_to(1.0), cf_what="ASGD lr 1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return wavenet_family("asgd", 1e-3, log_every=5)


@case("wavenet-sgdm-summed-ce", "wavenet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy per sample (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN(fd.WAVE_LEVELS), "ln 16"))
def _() -> Setup:
    return wavenet_family("sgdm", 0.3, loss_fn=fd.wave_ce_summed, loss_name="cross_entropy summed over the samples and the batch (reduction='sum')",
                          val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("wavenet-adam-head-x1000", "wavenet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.WaveNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN(fd.WAVE_LEVELS), "ln 16"))
def _() -> Setup:
    return wavenet_family("adam", 0.01, model=lambda: scaled_head(fd.WaveNet(), 1000, bias=True))


@case("wavenet-adam-exponential-1000x-in-40-steps", "wavenet", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return wavenet_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("wavenet-adam-64-clips-overfits", "wavenet", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return wavenet_family("adam", 0.01, steps=800, eval_every=40, data=fd.audio_clips(train_rows=64, batch_size=16))


@case("wavenet-adam-fc-dead-at-init", "wavenet", "dead-units",
      cf=lambda s: replace(s, model=fd.WaveNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return wavenet_family("adam", 0.01, model=lambda: fd.WaveNet(dead_bias=-30.0), track_zero_grads=True)


# fresh16 half: healthy look-alikes


@case("trees-adamw-warmup-cosine", "trees", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.TREE_CLASSES))
def _() -> Setup:
    return trees_family("adamw", 0.1, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("trees-nadam-onecycle-log5", "trees", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.TREE_CLASSES))
def _() -> Setup:
    return trees_family("nadam", 0.03, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("trees-adam-sgdr-log4", "trees", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.TREE_CLASSES))
def _() -> Setup:
    return trees_family("adam", 0.03, log_every=4, schedule=warm_restarts(0.25),
                        schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("trees-adam-step-decay-log2", "trees", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.TREE_CLASSES))
def _() -> Setup:
    return trees_family("adam", 0.03, log_every=2, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("trees-nesterov-warmup-cosine-log3", "trees", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.TREE_CLASSES))
def _() -> Setup:
    return trees_family("nesterov", 0.3, log_every=3, schedule=cosine_after(0.05), schedule_name="linear warmup 5% + cosine")


@case("egnn-adamw-warmup-cosine", "egnn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return egnn_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("egnn-nesterov-onecycle-log5", "egnn", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return egnn_family("nesterov", 0.03, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("egnn-adamax-constant-log2", "egnn", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return egnn_family("adamax", 0.03, log_every=2)


@case("memnet-adamw-warmup-cosine", "memnet", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.MEM_PLACES))
def _() -> Setup:
    return memnet_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("memnet-adam-sgdr-log5", "memnet", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.MEM_PLACES))
def _() -> Setup:
    return memnet_family("adam", 0.01, log_every=5, schedule=warm_restarts(0.25),
                         schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("memnet-nesterov-step-decay-log4", "memnet", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.MEM_PLACES))
def _() -> Setup:
    return memnet_family("nesterov", 0.1, log_every=4, schedule=multistep(0.6, 0.8, gamma=0.3), schedule_name="MultiStepLR")


@case("memnet-adagrad-constant-log2", "memnet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.MEM_PLACES))
def _() -> Setup:
    return memnet_family("adagrad", 0.1, log_every=2)


@case("memnet-radam-cosine-log3", "memnet", "healthy", like=("plateau", "lr-too-low", "premature-decay"),
      shape=healthy_shape(fd.MEM_PLACES))
def _() -> Setup:
    return memnet_family("radam", 0.03, log_every=3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("wavenet-adam-warmup-cosine", "wavenet", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.WAVE_LEVELS))
def _() -> Setup:
    return wavenet_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("wavenet-sgdm-onecycle-log5", "wavenet", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.WAVE_LEVELS))
def _() -> Setup:
    return wavenet_family("sgdm", 0.3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("wavenet-adam-constant-long-avg20", "wavenet", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return wavenet_family("adam", 3e-3, steps=600, log_every=20, average=True, eval_every=60)


@case("wavenet-rmsprop-step-decay-log2", "wavenet", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.WAVE_LEVELS))
def _() -> Setup:
    return wavenet_family("rmsprop", 3e-3, log_every=2, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("wavenet-adam-resumed-with-state", "wavenet", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.WAVE_LEVELS))
def _() -> Setup:
    return wavenet_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("wavenet-nadam-reduce-on-plateau-log4", "wavenet", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.WAVE_LEVELS))
def _() -> Setup:
    return wavenet_family("nadam", 0.01, log_every=4, schedule=on_plateau(0.3, 1),
                          schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("wavenet-adam-sgdr-log4", "wavenet", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.WAVE_LEVELS))
def _() -> Setup:
    return wavenet_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25),
                          schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("wavenet-adadelta-constant-log3", "wavenet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.WAVE_LEVELS))
def _() -> Setup:
    return wavenet_family("adadelta", 1.0, log_every=3)


# fresh16 half, logged once per epoch


@case("trees-adam-300-rows-overfits-per-epoch", "trees", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return trees_family("adam", 0.03, steps=10 * 60, data=fd.tabular_rules(train_rows=300, batch_size=32), log_per_epoch=True)


@case("memnet-adam-lr-0p3-per-epoch", "memnet", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return memnet_family("adam", 0.3, steps=47 * 10, log_per_epoch=True, data=fd.babi_stories(train_rows=1500))


@case("trees-adamw-cosine-per-epoch", "trees", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return trees_family("adamw", 0.1, steps=94 * 6, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("egnn-adam-cosine-per-epoch", "egnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return egnn_family("adam", 0.01, steps=32 * 12, log_per_epoch=True, data=fd.particle_energies(train_rows=1000),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("egnn-adamw-warmup-cosine-per-epoch", "egnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return egnn_family("adamw", 0.01, steps=63 * 6, log_per_epoch=True, data=fd.particle_energies(train_rows=2000),
                       schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("memnet-adam-cosine-per-epoch", "memnet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return memnet_family("adam", 0.03, steps=47 * 10, log_per_epoch=True, data=fd.babi_stories(train_rows=1500),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("wavenet-adam-cosine-per-epoch", "wavenet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return wavenet_family("adam", 0.01, steps=60 * 7, log_per_epoch=True, data=fd.audio_clips(train_rows=960),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
