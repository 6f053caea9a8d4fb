"""The sixty-eighth fresh half (fresh66, held out from all tuning):
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


def ropelm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 16 tokens (next token)")
    knobs.setdefault("meta", {"model": "causal transformer LM with rotary position embeddings: token embeddings (width 32), 2 pre-LN blocks of causal self-attention (2 heads, RoPE on the queries and keys, no other position embedding) and GELU MLPs 32-64-32, a final LayerNorm, a per-position ReLU layer 32-32, a head",
                              "vocab_size": fd.ROPE_VOCAB, "seq_len": 3 * fd.ROPE_PREFIX - 1, "prefix": fd.ROPE_PREFIX,
                              "held_out": "next-token cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.rope_sequences(), knobs.pop("model", None) or fd.RopeLM,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def netvlad_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes")
    knobs.setdefault("meta", {"model": "CNN with NetVLAD pooling: 3x3 convs with BN and ReLU 1-8-16, 2x2 max pooling, NetVLAD over 6 learned cluster centres (soft-assignment by a 1x1 conv and a softmax, residuals aggregated, intra- and L2-normalised, 96), a ReLU layer 96-32, a head",
                              "image": fd.NVLAD_SIZE, "clusters": fd.NVLAD_CLUSTERS, "classes": fd.NVLAD_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.nvlad_images(), knobs.pop("model", None) or fd.NetVLADNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def aspp_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy per pixel over the 4 textures")
    knobs.setdefault("meta", {"model": "DeepLab-like: a stem of two 3x3 convs with BN and ReLU 1-16-16, ASPP (parallel 3x3 convs 16-8 at dilation rates 1, 2 and 4, an image-level pooling branch, concatenated and projected 32-16 by a 1x1 conv), a per-pixel ReLU layer 16-16, a head",
                              "image": fd.ASPP_SIZE, "classes": fd.ASPP_CLASSES, "atrous_rates": [1, 2, 4],
                              "held_out": "per-pixel cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.aspp_images(), knobs.pop("model", None) or fd.ASPPNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def skellam_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.skellam_nll)
    knobs.setdefault("loss_name", "Skellam negative log-likelihood (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 8-64-64, a ReLU layer 64-32, a head to the home and away Poisson rates (softplus)",
                              "features": fd.SKELLAM_FEATURES, "target": "home count minus away count",
                              "held_out": "Skellam negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.skellam_rows(), knobs.pop("model", None) or fd.SkellamMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


ROPE0, NVLAD0, ASPP0, SKELLAM0 = LN(fd.ROPE_VOCAB), LN(fd.NVLAD_CLASSES), LN(fd.ASPP_CLASSES), fd.skellam_at_zero()
"""Where the families start: the RoPE LM at ln 16 per token, the NetVLAD classifier at ln 4, the ASPP segmenter at ln 4
per pixel, the Skellam regressor near the NLL of raw outputs of 0 (both rates ln 2: ~5.5, not ln C)."""


# ropelm: a causal transformer LM with rotary position embeddings (2 pre-LN layers, width 32, 2 heads) of a copy
# language (8 random tokens of 16, then repeated twice), next-token cross-entropy (2.81 at step 1, ln 16 = 2.77; the
# unpredictable prefix keeps it above ~0.85, 1.06 after 400 steps); works at Adam 1e-3-0.01 (best 3e-3-0.01; 0.03 ends
# near 1.17, 3e-4 near 2.2), RMSprop 1e-3, SGDm 0.1, SGD 3 clipped at 1; at chance from Adam 0.1, SGDm 1 on, and at SGD 3
# unclipped


@case("ropelm-adam-lr-1", "ropelm", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ropelm_family("adam", 1.0)


@case("ropelm-sgdm-lr-3-30x-log2", "ropelm", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ropelm_family("sgdm", 3.0, log_every=2)


@case("ropelm-adamw-warmup-cosine-peak-1", "ropelm", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ropelm_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("ropelm-adam-lr-3e-4-10x-low", "ropelm", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ropelm_family("adam", 3e-4)


@case("ropelm-adam-lr-0p05-no-warmup", "ropelm", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60, shape=anything)
def _() -> Setup:
    return ropelm_family("adam", 0.05)


@case("ropelm-adam-missing-token-nan", "ropelm", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sequences with a missing (NaN) token dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return ropelm_family("adam", 3e-3, data=fd.rope_sequences(nan_rows=0.003))


@case("ropelm-adam-fc-dead-at-init", "ropelm", "dead-units",
      cf=lambda s: replace(s, model=fd.RopeLM), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return ropelm_family("adam", 3e-3, model=lambda: fd.RopeLM(dead_bias=-30.0), track_zero_grads=True)


@case("ropelm-sgdm-summed-ce", "ropelm", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ROPE0, "ln 16"))
def _() -> Setup:
    return ropelm_family("sgdm", 0.1, loss_fn=fd.rope_ce_summed, loss_name="cross_entropy summed over the batch's tokens (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("ropelm-adam-head-x1000", "ropelm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.RopeLM), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, ROPE0, "ln 16"))
def _() -> Setup:
    return ropelm_family("adam", 3e-3, model=lambda: scaled_head(fd.RopeLM(), 1000))


@case("ropelm-rmsprop-exponential-gamma-1p02", "ropelm", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ropelm_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("ropelm-adam-multistep-x0p1-at-5pct", "ropelm", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return ropelm_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("ropelm-sgd-lr-3-no-clip", "ropelm", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return ropelm_family("sgd", 3.0)


# netvlad: a small CNN whose 36 local descriptors are pooled by NetVLAD (6 learned centres, soft-assignment, residuals,
# intra- and L2-normalisation) naming the kind of the 3 repeated glyphs of a 12x12 image among distractors, cross-entropy
# over 4 (1.38 at step 1, ln 4 = 1.39); works at Adam 1e-3-0.01 (best 3e-3-0.01; its held-out loss noisy, 0.60-0.74 at
# 3e-3 over seeds; 0.03 ends near 0.82), RMSprop 1e-3, SGDm 0.3 under a cosine (0.1 constant is slow, ~1.35 after 400
# steps), Adagrad 0.03 (0.1 stays at chance); at chance from Adam 0.1 on, near it from Adam 1e-4 down (3e-4 ends near 1.2)


@case("netvlad-adam-lr-1", "netvlad", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return netvlad_family("adam", 1.0)


@case("netvlad-rmsprop-lr-0p3-300x", "netvlad", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return netvlad_family("rmsprop", 0.3)


@case("netvlad-nadam-cyclic-peak-1", "netvlad", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return netvlad_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("netvlad-adam-lr-3e-5-100x-low", "netvlad", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return netvlad_family("adam", 3e-5)


@case("netvlad-radam-lr-3e-5-100x-low-log3", "netvlad", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return netvlad_family("radam", 3e-5, log_every=3)


@case("netvlad-sgdm-summed-ce", "netvlad", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, NVLAD0, "ln 4"))
def _() -> Setup:
    return netvlad_family("sgdm", 0.1, loss_fn=fd.nvlad_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                          val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("netvlad-adam-multistep-x0p1-at-5pct", "netvlad", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return netvlad_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("netvlad-adam-fc-dead-at-init", "netvlad", "dead-units",
      cf=lambda s: replace(s, model=fd.NetVLADNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return netvlad_family("adam", 3e-3, model=lambda: fd.NetVLADNet(dead_bias=-30.0), track_zero_grads=True)


@case("netvlad-adam-256-images-overfits", "netvlad", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return netvlad_family("adam", 3e-3, steps=600, eval_every=30, data=fd.nvlad_images(train_rows=256))


# aspp: a DeepLab-like segmenter (a conv stem, atrous spatial pyramid pooling: 3x3 convs at rates 1, 2 and 4 and an
# image-level pooling branch, concatenated and projected) labelling each pixel of a 12x12 image of two textured regions
# with its region's texture, cross-entropy per pixel over 4 (1.44 at step 1, ln 4 = 1.39); works at Adam 1e-3-0.1 (best
# 0.01-0.03, ~0.24; 0.1 ends near 0.31), RMSprop 1e-3, SGDm and Nesterov 0.1-0.3, RAdam 0.01; at chance from Adam 0.3
# without a warmup (0.33-0.5 with a 60-step one), SGD 10 unclipped ends near 1.8


@case("aspp-adam-lr-1-log4", "aspp", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return aspp_family("adam", 1.0, log_every=4)


@case("aspp-sgdm-lr-30-300x", "aspp", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return aspp_family("sgdm", 30.0)


@case("aspp-adamw-warmup-cosine-peak-1", "aspp", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return aspp_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("aspp-adam-lr-1e-5-1000x-low", "aspp", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return aspp_family("adam", 1e-5)


@case("aspp-adam-exponential-gamma-1p02", "aspp", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return aspp_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("aspp-sgdm-summed-ce", "aspp", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ASPP0, "ln 4"))
def _() -> Setup:
    return aspp_family("sgdm", 0.1, loss_fn=fd.aspp_ce_summed, loss_name="cross_entropy summed over the batch's pixels (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("aspp-adam-exponential-1000x-in-40-steps", "aspp", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return aspp_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("aspp-adam-missing-pixel-nan", "aspp", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return aspp_family("adam", 0.01, data=fd.aspp_images(nan_rows=0.003))


@case("aspp-adam-lr-0p3-no-warmup", "aspp", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60, shape=anything)
def _() -> Setup:
    return aspp_family("adam", 0.3)


@case("aspp-sgdm-head-x1000", "aspp", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ASPPNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, ASPP0, "ln 4"))
def _() -> Setup:
    return aspp_family("sgdm", 0.1, model=lambda: scaled_head(fd.ASPPNet(), 1000))


@case("aspp-sgd-lr-10-no-clip", "aspp", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return aspp_family("sgd", 10.0)


# skellam: a ReLU MLP regressor of goal differences (home minus away counts), the Skellam negative log-likelihood of two
# softplus rates (5.4-6.6 at step 1, the NLL of raw outputs of 0 5.5, ending near 2.45); works at Adam 1e-3-0.1 (best
# 0.01-0.03, ~2.41), SGDm 3e-3-0.3 (best 0.03-0.1), SGD 0.1-1; Adam 0.3 ends near 3.0, SGDm 1 near 2.75, SGDm 1e-3 near
# 2.63; Adam 1 (at some seeds) and from Adam 3, SGDm 3 its rates collapse to the floor (~32 on held-out rows); SGDm 1e-4
# and NAdam 3e-5 end near 4.3-4.9


@case("skellam-adam-lr-1-log2", "skellam", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return skellam_family("adam", 1.0, log_every=2)


@case("skellam-sgdm-lr-3-30x", "skellam", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return skellam_family("sgdm", 3.0)


@case("skellam-adamw-warmup-cosine-peak-1", "skellam", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return skellam_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("skellam-nadam-lr-3e-5-100x-low-log3", "skellam", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return skellam_family("nadam", 3e-5, log_every=3)


@case("skellam-sgdm-lr-1e-4-1000x-low-log2", "skellam", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return skellam_family("sgdm", 1e-4, log_every=2)


@case("skellam-sgd-summed-nll", "skellam", "summed",
      cf=lambda s: replace(s, loss_fn=fd.skellam_nll, loss_name="Skellam negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SKELLAM0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return skellam_family("sgd", 0.1, loss_fn=fd.skellam_nll_summed, loss_name="Skellam negative log-likelihood summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.skellam_nll, mean_loss_fn=fd.skellam_nll)  # fmt: skip


@case("skellam-adam-head-and-bias-x1000", "skellam", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SkellamMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SKELLAM0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return skellam_family("adam", 3e-3, model=lambda: scaled_head(fd.SkellamMLP(), 1000, bias=True))


@case("skellam-adam-exponential-1000x-in-40-steps", "skellam", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return skellam_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("skellam-adam-missing-feature-nan", "skellam", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return skellam_family("adam", 3e-3, data=fd.skellam_rows(nan_rows=0.003))


@case("skellam-sgdm-lr-3e-3-created-in-the-loop", "skellam", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting", "lr-too-low"), fault_step=2,
      tol=5, shape=anything)
def _() -> Setup:
    return skellam_family("sgdm", 3e-3, recreate_optimizer_at=frozenset(range(1, 400)))


@case("skellam-adam-fc-dead-at-init", "skellam", "dead-units",
      cf=lambda s: replace(s, model=fd.SkellamMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return skellam_family("adam", 3e-3, model=lambda: fd.SkellamMLP(dead_bias=-30.0), track_zero_grads=True)


# fresh66 half: healthy look-alikes


@case("ropelm-adam-cosine-log2", "ropelm", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.ROPE_VOCAB))
def _() -> Setup:
    return ropelm_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("ropelm-adam-warmup-cosine", "ropelm", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.ROPE_VOCAB))
def _() -> Setup:
    return ropelm_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("ropelm-rmsprop-constant-eval50", "ropelm", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.ROPE_VOCAB))
def _() -> Setup:
    return ropelm_family("rmsprop", 1e-3, steps=500, eval_every=50)


@case("ropelm-nadam-one-cycle", "ropelm", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.ROPE_VOCAB))
def _() -> Setup:
    return ropelm_family("nadam", 3e-3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ropelm-adamw-warmup-linear-log5", "ropelm", "healthy", like=("missing-warmup", "lr-too-high", "premature-decay"),
      shape=healthy_shape(fd.ROPE_VOCAB))
def _() -> Setup:
    return ropelm_family("adamw", 3e-3, log_every=5, schedule=linear_decay_after(0.1), schedule_name="linear warmup 10% + linear decay")


@case("ropelm-adam-on-plateau-log5", "ropelm", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.ROPE_VOCAB))
def _() -> Setup:
    return ropelm_family("adam", 3e-3, log_every=5, schedule=on_plateau(), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("netvlad-adam-one-cycle", "netvlad", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.NVLAD_CLASSES))
def _() -> Setup:
    return netvlad_family("adam", 0.01, schedule=one_cycle, schedule_name="OneCycleLR")


@case("netvlad-adagrad-step-decay", "netvlad", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.NVLAD_CLASSES))
def _() -> Setup:
    return netvlad_family("adagrad", 0.03, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("netvlad-adamw-sgdr-log4", "netvlad", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.NVLAD_CLASSES))
def _() -> Setup:
    return netvlad_family("adamw", 3e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("aspp-sgdm-cyclic-triangular2", "aspp", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(fd.ASPP_CLASSES))
def _() -> Setup:
    return aspp_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("aspp-nesterov-cosine", "aspp", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fd.ASPP_CLASSES))
def _() -> Setup:
    return aspp_family("nesterov", 0.1, schedule=cosine_after(0.0), schedule_name="cosine")


@case("aspp-adam-resumed-with-state", "aspp", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.ASPP_CLASSES))
def _() -> Setup:
    return aspp_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("aspp-radam-constant-600-steps-log3", "aspp", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.ASPP_CLASSES))
def _() -> Setup:
    return aspp_family("radam", 0.01, steps=600, eval_every=60, log_every=3)


@case("skellam-adamw-cosine-eval25", "skellam", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return skellam_family("adamw", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("skellam-sgd-constant-eval50", "skellam", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return skellam_family("sgd", 0.3, steps=500, eval_every=50)


@case("skellam-adamw-warmup-linear-avg10", "skellam", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return skellam_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                          schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("skellam-adam-resumed-with-state", "skellam", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return skellam_family("adam", 3e-3, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)


# fresh66 half, logged once per epoch


@case("skellam-adam-256-rows-overfits-per-epoch", "skellam", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return skellam_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.skellam_rows(train_rows=256, batch_size=64))


@case("netvlad-adam-lr-1-per-epoch", "netvlad", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return netvlad_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.nvlad_images(n=3200, batch_size=64))


@case("skellam-adam-cosine-per-epoch", "skellam", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return skellam_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.skellam_rows(n=2944, batch_size=64),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("netvlad-sgdm-cosine-per-epoch", "netvlad", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.NVLAD_CLASSES))
def _() -> Setup:
    return netvlad_family("sgdm", 0.3, steps=50 * 8, log_per_epoch=True, data=fd.nvlad_images(n=3200, batch_size=64),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
