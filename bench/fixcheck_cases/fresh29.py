"""The twenty-ninth fresh half (fresh29, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from torch.nn import functional as F

import fixcheck_data as fd
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


def vrnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.vrnn_nelbo)
    knobs.setdefault("loss_name", "negative ELBO per step: Gaussian NLL of the point + KL(q || prior), mean over paths and steps")
    knobs.setdefault("meta", {"model": "variational RNN: a GRUCell of 32, a prior net, an encoder and a decoder of ReLU layers, 4-d Gaussian latents a step",
                              "steps": fd.VRNN_STEPS, "latent": fd.VRNN_LATENT,
                              "held_out": "negative ELBO per step on new trajectories (below 0 when trained)"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.vrnn_trajectories(), knobs.pop("model", None) or fd.VariationalRNN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def han_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 6 topics")
    knobs.setdefault("meta", {"model": "hierarchical attention network: word GRU + attention, sentence GRU + attention, a ReLU layer, a linear head",
                              "sentences": fd.HAN_SENTENCES, "words": fd.HAN_WORDS, "vocab_size": fd.HAN_VOCAB,
                              "classes": fd.HAN_CLASSES, "held_out": "cross-entropy on new documents"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.han_documents(), knobs.pop("model", None) or fd.HierAttnNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def stgcn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the next 3 steps at every node (standardised)")
    knobs.setdefault("meta", {"model": "STGCN-like: a temporal conv, a graph convolution (normalised adjacency), a temporal conv, a ReLU layer, a linear head",
                              "nodes": fd.STGCN_NODES, "history": fd.STGCN_HISTORY, "horizon": fd.STGCN_HORIZON,
                              "held_out": "mse on later windows of the series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.stgcn_traffic(), knobs.pop("model", None) or fd.SpatioTemporalGCN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def density_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "pixel mse of the density map (x20)")
    knobs.setdefault("meta", {"model": "fully convolutional density-map regressor: 3x3 convs, a max pool, a bilinear upsampling, a ReLU conv, a 1x1 head",
                              "image_size": fd.DENS_SIZE, "max_heads": fd.DENS_MAX_HEADS, "density_scale": fd.DENS_SCALE,
                              "held_out": "pixel mse of the density map on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.density_crowds(), knobs.pop("model", None) or fd.DensityFCN, optimizer,
                      lr, steps, **knobs)  # fmt: skip


VRNN0, HAN0 = 2.155, LN(fd.HAN_CLASSES)
"""Where the families start: the variational RNN at a negative ELBO of ~2.16 a step (a unit Gaussian over each point: ln 2 pi
+ E x^2 / 2 + a small KL), the hierarchical attention network at chance over its 6 topics (ln 6). The forecaster and the
density net start at an mse of ~1 (standardised signals, a density map scaled so)."""


# vrnn: a variational RNN (a GRU state, a prior net, an encoder and a decoder giving Gaussians a step) of 2-D trajectories
# of 16 steps (spirals, bouncing balls, smooth random walks), the negative ELBO per step (2.16 at step 1, below 0 when
# trained); works at Adam 3e-3-0.01 (~-1.8 to -1.9 held out in 400 steps), RMSprop 1e-3 (~-1.4); SGDm 0.03 unstable
# (~1.7: no SGD run for it); Adam 1 gives NaN


@case("vrnn-adam-lr-1-log2", "vrnn", "lr-high-nan", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return vrnn_family("adam", 1.0, log_every=2)


@case("vrnn-adamw-warmup-cosine-peak-1", "vrnn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return vrnn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("vrnn-adam-lr-3e-5-100x-low", "vrnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return vrnn_family("adam", 3e-5)


@case("vrnn-rmsprop-lr-1e-5-100x-low-log2", "vrnn", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return vrnn_family("rmsprop", 1e-5, log_every=2)


@case("vrnn-adam-decoder-head-x300", "vrnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.VariationalRNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients", "non-finite-loss"),
      tol=20, shape=first_loss_above(10, VRNN0, "a unit Gaussian's"))
def _() -> Setup:
    return vrnn_family("adam", 3e-3, model=lambda: scaled_head(fd.VariationalRNN(), 300))


@case("vrnn-adam-hidden-layers-dead-at-init", "vrnn", "dead-units",
      cf=lambda s: replace(s, model=fd.VariationalRNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return vrnn_family("adam", 3e-3, model=lambda: fd.VariationalRNN(dead_bias=-30.0), track_zero_grads=True)


@case("vrnn-adam-exponential-1000x-in-40-steps", "vrnn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return vrnn_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("vrnn-adam-missing-coordinate-nan", "vrnn", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the paths with a missing (NaN) coordinate dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return vrnn_family("adam", 3e-3, data=fd.vrnn_trajectories(nan_rows=0.003))


@case("vrnn-adam-lr-0p01-recreated-every-8-steps", "vrnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return vrnn_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


# han: a hierarchical attention network (word GRU + attention, sentence GRU + attention, a ReLU layer, a head) of synthetic
# documents whose topic is the keyword pair that co-occurs within a sentence, cross-entropy over 6 topics (1.79 at step
# 1, ln 6 = 1.79; 5% label noise in training); works at Adam 3e-3, NAdam 0.01, Adagrad 0.03 (~0.03-0.05 held out in 400
# steps), RMSprop 1e-3 (~0.10); sits at chance ~100-300 steps before it finds the pairs at lower lrs (Adam 3e-5: 1.795
# at the end, no lr-too-low run; SGDm 0.1 leaves chance only after ~300 steps)


@case("han-adam-lr-1-log4", "han", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return han_family("adam", 1.0, log_every=4)


@case("han-rmsprop-lr-0p3-log2", "han", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return han_family("rmsprop", 0.3, log_every=2)


@case("han-adamw-warmup-cosine-peak-1", "han", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return han_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("han-nadam-cyclic-peak-1", "han", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return han_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("han-sgdm-summed-ce", "han", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, HAN0, "ln 6"))
def _() -> Setup:
    return han_family("sgdm", 0.1, loss_fn=fd.han_ce_summed, loss_name="cross_entropy summed over the batch's documents (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("han-adam-head-x300", "han", "last-layer-init",
      cf=lambda s: replace(s, model=fd.HierAttnNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, HAN0, "ln 6"))
def _() -> Setup:
    return han_family("adam", 3e-3, model=lambda: scaled_head(fd.HierAttnNet(), 300))


@case("han-adam-fc-dead-at-init", "han", "dead-units",
      cf=lambda s: replace(s, model=fd.HierAttnNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return han_family("adam", 3e-3, model=lambda: fd.HierAttnNet(dead_bias=-30.0), track_zero_grads=True)


@case("han-adam-multistep-x0p1-at-5pct", "han", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return han_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("han-adam-missing-token-nan", "han", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the documents with a missing (NaN) token dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return han_family("adam", 3e-3, data=fd.han_documents(nan_rows=0.003))


@case("han-adam-256-documents-overfits", "han", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return han_family("adam", 3e-3, steps=600, eval_every=30, data=fd.han_documents(train_rows=256))


@case("han-sgd-lr-1-no-clip-explodes", "han", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return han_family("sgd", 1.0)


# stgcn: an STGCN-like forecaster (temporal conv, graph convolution over a ring-with-chords road graph, temporal conv, a
# ReLU layer, a head) of node signals driven by diffusion, daily-like drives, incidents and noise, mse of the next 3
# steps (1.08 at step 1, standardised); works at Adam 3e-3-0.01, Adagrad 0.03, RMSprop 1e-3, SGDm 0.03 (~0.38-0.40
# held out in 400 steps, most of it by step 120: the incidents and the noise are not predictable)


@case("stgcn-adam-lr-1-log2", "stgcn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return stgcn_family("adam", 1.0, log_every=2)


@case("stgcn-sgdm-lr-30-1000x", "stgcn", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return stgcn_family("sgdm", 30.0)


@case("stgcn-adamw-warmup-cosine-peak-1", "stgcn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return stgcn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("stgcn-adam-exponential-gamma-1p02", "stgcn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return stgcn_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("stgcn-sgdm-summed-mse", "stgcn", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, 1.0, "the mse of a standardised signal"))
def _() -> Setup:
    return stgcn_family("sgdm", 0.03, loss_fn=fd.stgcn_mse_summed, loss_name="mse summed over the batch's windows (reduction='sum')",
                        val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("stgcn-adam-fc-dead-at-init", "stgcn", "dead-units",
      cf=lambda s: replace(s, model=fd.SpatioTemporalGCN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return stgcn_family("adam", 3e-3, model=lambda: fd.SpatioTemporalGCN(dead_bias=-30.0), track_zero_grads=True)


@case("stgcn-adam-exponential-1000x-in-40-steps", "stgcn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return stgcn_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


# density: a fully convolutional density-map regressor (3x3 convs, a max pool, a bilinear upsampling, a ReLU conv, a 1x1
# head) of 24x24 crowd images with 0-30 Gaussian heads on clutter, the pixel mse of the density map x20 (1.2 at step 1);
# works at Adam 3e-3-0.01 (~0.12-0.13 held out in 400 steps), RMSprop 1e-3, SGDm 0.01 (~0.15)


@case("density-adam-lr-1-log2", "density", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return density_family("adam", 1.0, log_every=2)


@case("density-sgdm-lr-10-1000x", "density", "lr-high-nan", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return density_family("sgdm", 10.0)


@case("density-rmsprop-exponential-gamma-1p02", "density", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return density_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("density-adam-lr-3e-5-100x-low", "density", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return density_family("adam", 3e-5)


@case("density-sgdm-summed-mse", "density", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="pixel mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, 1.2, "the mse of an untrained net"))
def _() -> Setup:
    return density_family("sgdm", 0.01, loss_fn=fd.density_mse_summed, loss_name="pixel mse summed over the batch's images (reduction='sum')",
                          val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("density-adam-head-x300", "density", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DensityFCN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, 1.2, "the mse of an untrained net"))
def _() -> Setup:
    return density_family("adam", 3e-3, model=lambda: fd.density_fcn_scaled_head(300))


@case("density-adam-fc-dead-at-init", "density", "dead-units",
      cf=lambda s: replace(s, model=fd.DensityFCN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return density_family("adam", 3e-3, model=lambda: fd.DensityFCN(dead_bias=-30.0), track_zero_grads=True)


@case("density-adam-multistep-x0p1-at-5pct", "density", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return density_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("density-adam-dead-pixel-nan", "density", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a dead (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return density_family("adam", 3e-3, data=fd.density_crowds(nan_rows=0.003))


@case("density-adam-lr-3e-3-recreated-every-8-steps", "density", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return density_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("vrnn-rmsprop-lr-1e-3-recreated-every-8-steps", "vrnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return vrnn_family("rmsprop", 1e-3, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("vrnn-nadam-lr-1e-4-100x-low-log3", "vrnn", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return vrnn_family("nadam", 1e-4, log_every=3)


@case("vrnn-adamw-lr-3e-5-100x-low-log5", "vrnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="AdamW lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return vrnn_family("adamw", 3e-5, log_every=5)


@case("density-radam-lr-3e-5-100x-low-log2", "density", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return density_family("radam", 3e-5, log_every=2)


@case("density-sgdm-lr-1e-4-100x-low-log4", "density", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return density_family("sgdm", 1e-4, log_every=4)


@case("density-adam-lr-0p03-no-warmup", "density", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return density_family("adam", 0.03)


# fresh29 half: healthy look-alikes


@case("vrnn-nadam-cosine-log2", "vrnn", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return vrnn_family("nadam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("vrnn-adam-resumed-with-state", "vrnn", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return vrnn_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("han-adam-sgdr-log4", "han", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.HAN_CLASSES))
def _() -> Setup:
    return han_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("stgcn-adam-constant-log5", "stgcn", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return stgcn_family("adam", 3e-3, log_every=5)


@case("stgcn-radam-step-decay-log3", "stgcn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return stgcn_family("radam", 0.01, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("stgcn-sgdm-cyclic-triangular2", "stgcn", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return stgcn_family("sgdm", 0.03, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("stgcn-adamw-warmup-linear-avg10", "stgcn", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return stgcn_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                        schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("stgcn-nesterov-one-cycle", "stgcn", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return stgcn_family("sgdm", 0.1, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("density-adam-cosine", "density", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return density_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("density-adam-resumed-with-state", "density", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return density_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("density-sgdm-one-cycle-log10", "density", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return density_family("sgdm", 0.1, log_every=10, schedule=one_cycle, schedule_name="OneCycleLR")


@case("stgcn-adagrad-constant-log20", "stgcn", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return stgcn_family("adagrad", 0.03, log_every=20)


@case("stgcn-adam-sgdr-log4", "stgcn", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return stgcn_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("vrnn-adam-warmup-cosine", "vrnn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return vrnn_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


# fresh29 half, logged once per epoch


@case("han-adam-256-documents-overfits-per-epoch", "han", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return han_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.han_documents(train_rows=256))


@case("han-adam-lr-1-per-epoch", "han", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return han_family("adam", 1.0, steps=31 * 13, log_per_epoch=True, data=fd.han_documents(batch_size=128))


@case("density-adam-lr-1-per-epoch", "density", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return density_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.density_crowds(n=2944, batch_size=64))


@case("vrnn-adam-cosine-per-epoch", "vrnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return vrnn_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("han-adam-cosine-per-epoch", "han", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.HAN_CLASSES))
def _() -> Setup:
    return han_family("adam", 0.01, steps=31 * 13, log_per_epoch=True, data=fd.han_documents(batch_size=128),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("stgcn-adam-per-epoch", "stgcn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return stgcn_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.stgcn_traffic(n=2944, batch_size=64))


@case("density-adagrad-per-epoch", "density", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return density_family("adagrad", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.density_crowds(n=2944, batch_size=64))
