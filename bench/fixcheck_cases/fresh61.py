"""The sixty-third fresh half (fresh61, held out from all tuning):
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
    one_cycle, scaled_head,
)


def transformerxl_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "next-token cross_entropy over the 16 tokens (mean over the window's 48 positions)")
    knobs.setdefault("meta", {"model": "Transformer-XL-like LM: embeddings 32, the window read in 3 segments of 16, 2 pre-LN layers of relative multi-head attention (2 heads, learned u and v biases, sinusoidal relative positions) over a detached memory of the previous segment and the segment, GELU MLPs 32-64-32, a ReLU layer 32-32, a head",
                              "vocab_size": fd.TXL_VOCAB, "segment": fd.TXL_SEGMENT, "segments": fd.TXL_SEGMENTS,
                              "period": fd.TXL_PERIOD, "held_out": "next-token cross-entropy on new streams"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.txl_streams(), knobs.pop("model", None) or fd.TransformerXLNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def hrnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 3 classes per pixel (mean)")
    knobs.setdefault("meta", {"model": "HRNet-like: a stem 1-8 (12x12), a strided conv opening a low branch (16 channels, 6x6), 2 stages of a residual unit per branch and a multi-resolution fusion (1x1 conv + bilinear upsampling, strided 3x3 conv), the branches concatenated, a per-pixel ReLU layer 24-32, a head",
                              "image": fd.HRNET_SIZE, "classes": fd.HRNET_CLASSES,
                              "held_out": "per-pixel cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.hrnet_images(), knobs.pop("model", None) or fd.HRNetSeg,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def sortpool_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 3 graph classes")
    knobs.setdefault("meta", {"model": "DGCNN: 4 graph convolutions tanh(D^-1 (A + I) Z W) of 32, 32, 32, 1 channels concatenated, SortPooling of the top 10 nodes by the last channel, a 1-D conv (kernel = stride = 97) 1-16, max pooling 2, a 1-D conv 16-32 (kernel 3), a ReLU layer 96-32, a head",
                              "max_nodes": fd.SORTPOOL_NODES, "sortpool_k": fd.SORTPOOL_K, "classes": fd.SORTPOOL_CLASSES,
                              "held_out": "cross-entropy on new graphs"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.sortpool_graphs(), knobs.pop("model", None) or fd.SortPoolNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def gevreg_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.gev_nll)
    knobs.setdefault("loss_name", "generalised-extreme-value negative log-likelihood (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to the GEV's location, softplus scale and shape (0.45 tanh)",
                              "features": fd.GEV_FEATURES, "xi_range": [-fd.GEV_XI_MAX, fd.GEV_XI_MAX],
                              "held_out": "GEV negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gev_rows(), knobs.pop("model", None) or fd.GEVMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


TXL0, HRNET0, SORTPOOL0, GEV0 = LN(fd.TXL_VOCAB), LN(fd.HRNET_CLASSES), LN(fd.SORTPOOL_CLASSES), fd.gev_at_zero()
"""Where the families start: the Transformer-XL-like LM at ln 16, the HRNet-like segmenter at ln 3 per pixel, the
DGCNN at ln 3, the GEV regressor at the NLL of raw outputs of 0 (~2.4), not ln C."""


# transformerxl: a Transformer-XL-like LM (3 segments of 16, each attending to a detached memory of the previous
# segment, relative positional attention with learned u and v biases) on token streams that repeat with a period of 20,
# next-token cross-entropy over 16 (2.81 at step 1, ln 16 = 2.77); works at Adam 1e-3-0.01 (best 3e-3), stuck at
# chance from 0.03 without a warmup; SGDm learns nothing in 400 steps


@case("transformerxl-adam-lr-1-log4", "transformerxl", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return transformerxl_family("adam", 1.0, log_every=4)


@case("transformerxl-adamw-warmup-cosine-peak-1", "transformerxl", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return transformerxl_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("transformerxl-adam-lr-3e-5-100x-low", "transformerxl", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return transformerxl_family("adam", 3e-5)


@case("transformerxl-adam-multistep-x0p1-at-5pct", "transformerxl", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return transformerxl_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("transformerxl-adam-lr-0p03-no-warmup", "transformerxl", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60, shape=anything)
def _() -> Setup:
    return transformerxl_family("adam", 0.03)


@case("transformerxl-adam-fc-dead-at-init", "transformerxl", "dead-units",
      cf=lambda s: replace(s, model=fd.TransformerXLNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return transformerxl_family("adam", 3e-3, model=lambda: fd.TransformerXLNet(dead_bias=-30.0), track_zero_grads=True)


# hrnet: an HRNet-like segmenter (a 12x12 and a 6x6 branch kept through the network, fused twice by strided convs and
# bilinear upsampling) labelling the pixels of rings and squares in noisy 12x12 images, per-pixel cross-entropy over 3
# (1.10 at step 1, ln 3 = 1.10); works at Adam 1e-3-0.01 (best 3e-3), SGDm 0.1


@case("hrnet-adam-lr-1", "hrnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return hrnet_family("adam", 1.0)


@case("hrnet-nadam-cyclic-peak-1", "hrnet", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hrnet_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("hrnet-adam-lr-3e-5-100x-low", "hrnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hrnet_family("adam", 3e-5)


@case("hrnet-sgdm-summed-ce", "hrnet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, HRNET0, "ln 3"))
def _() -> Setup:
    return hrnet_family("sgdm", 0.1, loss_fn=fd.hrnet_ce_summed, loss_name="per-pixel cross_entropy summed over the batch's images (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("hrnet-adam-multistep-x0p1-at-5pct", "hrnet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return hrnet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("hrnet-adam-missing-pixel-nan", "hrnet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return hrnet_family("adam", 3e-3, data=fd.hrnet_images(nan_rows=0.003))


@case("hrnet-adam-fc-dead-at-init", "hrnet", "dead-units",
      cf=lambda s: replace(s, model=fd.HRNetSeg), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return hrnet_family("adam", 3e-3, model=lambda: fd.HRNetSeg(dead_bias=-30.0), track_zero_grads=True)


@case("hrnet-adam-head-x1000", "hrnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.HRNetSeg), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, HRNET0, "ln 3"))
def _() -> Setup:
    return hrnet_family("adam", 3e-3, model=lambda: scaled_head(fd.HRNetSeg(), 1000))


# sortpool: a DGCNN (stacked graph convolutions concatenated, SortPooling of the top 10 nodes by the last channel,
# 1-D convolutions, an MLP) naming a small graph's kind (a ring with chords, a random tree, two clusters), cross-entropy
# over 3 (1.10 at step 1, ln 3 = 1.10); works at Adam 3e-3-0.01 (best 0.01), SGDm 0.03-0.1 (0.1 at chance at some
# seeds, every seed from 0.3)


@case("sortpool-adam-lr-1", "sortpool", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return sortpool_family("adam", 1.0)


@case("sortpool-sgdm-lr-30-300x", "sortpool", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sortpool_family("sgdm", 30.0)


@case("sortpool-adamw-warmup-cosine-peak-1", "sortpool", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sortpool_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("sortpool-adam-exponential-gamma-1p02", "sortpool", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sortpool_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("sortpool-radam-lr-1e-4-100x-low-log2", "sortpool", "lr-low-adam", cf=lr_to(0.01), cf_what="RAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sortpool_family("radam", 1e-4, log_every=2)


@case("sortpool-sgdm-lr-3e-4-100x-low-log2", "sortpool", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sortpool_family("sgdm", 3e-4, log_every=2)


@case("sortpool-sgdm-summed-ce", "sortpool", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SORTPOOL0, "ln 3"))
def _() -> Setup:
    return sortpool_family("sgdm", 0.1, loss_fn=fd.sortpool_ce_summed, loss_name="cross_entropy summed over the batch's graphs (reduction='sum')",
                           val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("sortpool-adam-head-x1000", "sortpool", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SortPoolNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SORTPOOL0, "ln 3"))
def _() -> Setup:
    return sortpool_family("adam", 0.01, model=lambda: scaled_head(fd.SortPoolNet(), 1000))


@case("sortpool-adam-exponential-1000x-in-40-steps", "sortpool", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return sortpool_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("sortpool-adam-missing-feature-nan", "sortpool", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the graphs with a missing (NaN) node feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return sortpool_family("adam", 0.01, data=fd.sortpool_graphs(nan_rows=0.003))


@case("sortpool-sgd-lr-1-no-clip", "sortpool", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return sortpool_family("sgd", 1.0)


@case("sortpool-adam-256-graphs-overfits", "sortpool", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return sortpool_family("adam", 0.01, steps=600, eval_every=30, data=fd.sortpool_graphs(train_rows=256))


# gevreg: an MLP regressor of block maxima, the generalised-extreme-value negative log-likelihood (a softplus scale, a
# shape in (-0.45, 0.45) by tanh, the support constraint by a smooth penalty; 2.24 at step 1, the NLL of raw outputs
# of 0); works at Adam 3e-4-0.01 (best 1e-3-3e-3), SGDm 3e-3-0.01; SGDm at 1 blows up


@case("gevreg-adam-lr-1-log2", "gevreg", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gevreg_family("adam", 1.0, log_every=2)


@case("gevreg-sgdm-lr-1-100x", "gevreg", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gevreg_family("sgdm", 1.0)


@case("gevreg-adamw-warmup-cosine-peak-1", "gevreg", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gevreg_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("gevreg-rmsprop-exponential-gamma-1p02", "gevreg", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gevreg_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("gevreg-nadam-lr-1e-5-100x-low-log3", "gevreg", "lr-low-adam", cf=lr_to(1e-3), cf_what="NAdam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gevreg_family("nadam", 1e-5, log_every=3)


@case("gevreg-sgdm-summed-nll", "gevreg", "summed",
      cf=lambda s: replace(s, loss_fn=fd.gev_nll, loss_name="GEV negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GEV0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return gevreg_family("sgdm", 3e-3, loss_fn=fd.gev_nll_summed, loss_name="GEV negative log-likelihood summed over the batch's rows (reduction='sum')",
                         val_loss_fn=fd.gev_nll, mean_loss_fn=fd.gev_nll)  # fmt: skip


@case("gevreg-adam-head-x1000", "gevreg", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GEVMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, GEV0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return gevreg_family("adam", 3e-3, model=lambda: scaled_head(fd.GEVMLP(), 1000))


@case("gevreg-adam-exponential-1000x-in-40-steps", "gevreg", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return gevreg_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("gevreg-adam-missing-feature-nan", "gevreg", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return gevreg_family("adam", 1e-3, data=fd.gev_rows(nan_rows=0.003))


@case("gevreg-adam-fc-dead-at-init", "gevreg", "dead-units",
      cf=lambda s: replace(s, model=fd.GEVMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return gevreg_family("adam", 3e-3, model=lambda: fd.GEVMLP(dead_bias=-30.0), track_zero_grads=True)


@case("gevreg-adam-lr-0p01-recreated-every-2-steps", "gevreg", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return gevreg_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("gevreg-sgd-lr-1-no-clip", "gevreg", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return gevreg_family("sgd", 1.0)


@case("transformerxl-rmsprop-lr-0p3-300x", "transformerxl", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return transformerxl_family("rmsprop", 0.3, log_every=2)


@case("hrnet-sgdm-lr-30-300x", "hrnet", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hrnet_family("sgdm", 30.0)


@case("sortpool-nesterov-summed-ce", "sortpool", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SORTPOOL0, "ln 3"))
def _() -> Setup:
    return sortpool_family("nesterov", 0.03, loss_fn=fd.sortpool_ce_summed, loss_name="cross_entropy summed over the batch's graphs (reduction='sum')",
                           val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


# fresh61 half: healthy look-alikes


@case("sortpool-adam-cosine-log2", "sortpool", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.SORTPOOL_CLASSES))
def _() -> Setup:
    return sortpool_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gevreg-adamw-cosine-eval25", "gevreg", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return gevreg_family("adamw", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("sortpool-adagrad-step-decay", "sortpool", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.SORTPOOL_CLASSES))
def _() -> Setup:
    return sortpool_family("adagrad", 0.03, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("gevreg-sgdm-cyclic-triangular2", "gevreg", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return gevreg_family("sgdm", 0.01, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("sortpool-adam-one-cycle", "sortpool", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.SORTPOOL_CLASSES))
def _() -> Setup:
    return sortpool_family("adam", 0.01, schedule=one_cycle, schedule_name="OneCycleLR")


@case("transformerxl-adamw-warmup-linear-avg10", "transformerxl", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.TXL_VOCAB))
def _() -> Setup:
    return transformerxl_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                                schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("hrnet-adam-warmup-cosine", "hrnet", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.HRNET_CLASSES))
def _() -> Setup:
    return hrnet_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("sortpool-adam-resumed-with-state", "sortpool", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.SORTPOOL_CLASSES))
def _() -> Setup:
    return sortpool_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("gevreg-adam-resumed-with-state", "gevreg", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return gevreg_family("adam", 1e-3, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)


@case("hrnet-rmsprop-step-decay-log5", "hrnet", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.HRNET_CLASSES))
def _() -> Setup:
    return hrnet_family("rmsprop", 1e-3, log_every=5, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("gevreg-adam-reduce-on-plateau-log4", "gevreg", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return gevreg_family("adam", 3e-3, log_every=4, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("sortpool-nesterov-lr-0p1-cosine", "sortpool", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fd.SORTPOOL_CLASSES))
def _() -> Setup:
    return sortpool_family("nesterov", 0.1, schedule=cosine_after(0.0), schedule_name="cosine")


@case("transformerxl-adam-cosine", "transformerxl", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.TXL_VOCAB))
def _() -> Setup:
    return transformerxl_family("adam", 3e-3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gevreg-sgd-constant-eval50", "gevreg", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return gevreg_family("sgd", 0.01, steps=500, eval_every=50)


# fresh61 half, logged once per epoch


@case("gevreg-adam-256-rows-overfits-per-epoch", "gevreg", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gevreg_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.gev_rows(train_rows=256, batch_size=64))


@case("sortpool-adam-lr-1-per-epoch", "sortpool", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return sortpool_family("adam", 1.0, steps=37 * 11, log_per_epoch=True, data=fd.sortpool_graphs(batch_size=64))


@case("gevreg-adam-cosine-per-epoch", "gevreg", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return gevreg_family("adam", 3e-3, steps=62 * 7, log_per_epoch=True, data=fd.gev_rows(batch_size=64),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("sortpool-sgdm-cosine-per-epoch", "sortpool", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.SORTPOOL_CLASSES))
def _() -> Setup:
    return sortpool_family("sgdm", 0.1, steps=37 * 11, log_per_epoch=True, data=fd.sortpool_graphs(batch_size=64),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
