"""The twentieth fresh half (fresh20, held out from all tuning):
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


def made_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.made_nll)
    knobs.setdefault("loss_name", "negative log-likelihood in nats per vector (the sum of 16 bits' BCE with logits, mean over the batch)")
    knobs.setdefault("meta", {"model": "MADE 16-64-64-16: masked ReLU MLP, natural ordering of the bits",
                              "bits": fd.MADE_BITS, "data": "mixture of 8 Bernoulli prototypes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.made_bits(), knobs.pop("model", None) or fd.MADENet, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def espcn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.l1_loss)
    knobs.setdefault("loss_name", "l1 (mean absolute error of the 16x16 image)")
    knobs.setdefault("meta", {"model": "ESPCN: conv 5x5 32, conv 3x3 16, conv 3x3 to 4 channels, PixelShuffle(2)",
                              "upscale": fd.SR_SCALE, "image": fd.SR_SIZE})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.sr_textures(), knobs.pop("model", None) or fd.ESPCNet, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def sage_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("meta", {"model": "GraphSAGE, mean aggregation, 2 layers of 16, sampled neighbourhoods (fan-out 5, 5)",
                              "nodes": fd.SAGE_NODES, "communities": fd.SAGE_BLOCKS})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.sage_nodes(), knobs.pop("model", None) or fd.SAGENet, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def vit_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("meta", {"model": "tiny ViT: 4x4 patches, d 32, 2 pre-LN blocks of 4 heads, [CLS], learned positions",
                              "image": fd.VIT_SIZE, "patch": fd.VIT_PATCH})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.vit_images(), knobs.pop("model", None) or fd.TinyViT, optimizer, lr,
                      steps, **knobs)  # fmt: skip


MADE_START, MADE_MARGINALS, SR_BLACK, SAGE5, VIT6 = 16 * LN(2), fd.made_at_marginals(), fd.espcn_at_zero(), LN(5), LN(6)
"""Where the families start and what a model that ignores its input reaches: a MADE starts at 16 ln 2 (~11.09 nats) and
its bits' own frequencies give ~10.8; an ESPCN predicting black images scores the mean brightness (~0.5); GraphSAGE and
the ViT at chance, ln 5 and ln 6."""


# made: a MADE 16-64-64-16 (masked ReLU MLP, natural ordering) of 16-bit vectors from a mixture of 8 Bernoulli prototypes,
# NLL in nats per vector; works at Adam 0.01-0.03 and SGDm 0.1 (the held-out NLL falls from 11.1 to ~8.8-8.9 in 400
# steps; the bits' own frequencies give 10.8); Adam 0.3 and SGDm 1 stay near 10.7-10.9, SGDm 10 ends above its start


@case("made-adam-lr-0p3-stuck-at-marginals", "made", "lr-high-chance", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return made_family("adam", 0.3)


@case("made-sgdm-lr-10-100x-log2", "made", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return made_family("sgdm", 10.0, log_every=2)


@case("made-adamw-warmup-cosine-peak-1", "made", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return made_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("made-nadam-exponential-gamma-1p02", "made", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return made_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("made-adam-lr-1e-4-100x-low", "made", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return made_family("adam", 1e-4)


@case("made-adagrad-lr-1e-3-100x-low-log5", "made", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return made_family("adagrad", 1e-3, log_every=5)


@case("made-sgdm-summed-nll", "made", "summed",
      cf=lambda s: replace(s, loss_fn=fd.made_nll, loss_name="nll per vector (mean over the batch)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, MADE_START, "16 ln 2"))
def _() -> Setup:
    return made_family("sgdm", 0.1, loss_fn=fd.made_nll_summed, loss_name="BCE with logits summed over the bits and the batch (reduction='sum')",
                       val_loss_fn=fd.made_nll, mean_loss_fn=fd.made_nll)  # fmt: skip


@case("made-adam-head-x300", "made", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MADENet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MADE_START, "16 ln 2"))
def _() -> Setup:
    return made_family("adam", 0.01, model=lambda: scaled_head(fd.MADENet(), 300, bias=True))


@case("made-adam-multistep-x0p1-at-5pct", "made", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return made_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("made-adam-missing-bit-nan", "made", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the vectors with a missing bit dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 200))
def _() -> Setup:
    return made_family("adam", 0.01, data=fd.made_bits(nan_rows=0.003))


@case("made-adam-fc-dead-at-init", "made", "dead-units",
      cf=lambda s: replace(s, model=fd.MADENet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return made_family("adam", 0.01, model=lambda: fd.MADENet(dead_bias=-30.0), track_zero_grads=True)


@case("made-adam-200-vectors-overfits", "made", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return made_family("adam", 0.01, steps=1000, eval_every=50, data=fd.made_bits(train_rows=200, batch_size=16))


# espcn: an ESPCN (conv 5x5 of 32, ReLU, conv 3x3 of 16, ReLU, conv 3x3 to 4 channels, PixelShuffle(2)) upscaling 8x8
# grey images of textures and shapes (2x2 average pooling plus noise) to 16x16, L1; works at Adam 3e-3 (the held-out L1
# falls from ~0.46 to ~0.095 in 400 steps) and SGDm 0.03-0.3 (~0.096-0.098); Adam 0.03-0.3 and SGDm 1 collapse to a
# blurred constant (~0.173)


@case("espcn-adam-lr-0p1-collapses-log2", "espcn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return espcn_family("adam", 0.1, log_every=2)


@case("espcn-sgdm-lr-10-300x", "espcn", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return espcn_family("sgdm", 10.0)


@case("espcn-rmsprop-lr-0p03-30x-log3", "espcn", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return espcn_family("rmsprop", 0.03, log_every=3)


@case("espcn-adamax-cyclic-peak-0p3", "espcn", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return espcn_family("adamax", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("espcn-adam-lr-1e-4-30x-low", "espcn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return espcn_family("adam", 1e-4)


@case("espcn-sgdm-lr-1e-3-30x-low-log3", "espcn", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return espcn_family("sgdm", 1e-3, log_every=3)


@case("espcn-sgdm-summed-l1", "espcn", "summed",
      cf=lambda s: replace(s, loss_fn=F.l1_loss, loss_name="l1 (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, SR_BLACK, "the l1 of a black image"))
def _() -> Setup:
    return espcn_family("sgdm", 0.03, loss_fn=fd.espcn_l1_summed, loss_name="absolute error summed over the pixels and the batch (reduction='sum')",
                        val_loss_fn=F.l1_loss, mean_loss_fn=F.l1_loss)  # fmt: skip


@case("espcn-adam-head-x300", "espcn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ESPCNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SR_BLACK, "the l1 of a black image"))
def _() -> Setup:
    return espcn_family("adam", 3e-3, model=lambda: fd.ESPCNet(head_scale=300.0))


@case("espcn-adam-exponential-1000x-in-40-steps", "espcn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return espcn_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("espcn-adam-relative-l1-by-hand-black-images", "espcn", "nan-div0",
      cf=lambda s: replace(s, loss_fn=fd.espcn_relative_l1), cf_what="the relative error of the batch as a whole (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(1, 150))
def _() -> Setup:
    return espcn_family("adam", 3e-3, data=fd.sr_textures(flat_rows=0.01), loss_fn=fd.espcn_relative_l1_by_hand,
                        loss_name="relative L1 error by hand, mean |out - y| / mean |y| per image, mean", val_loss_fn=F.l1_loss,
                        safe_loss_fn=fd.espcn_relative_l1)  # fmt: skip


@case("espcn-adam-mid-dead-at-init", "espcn", "dead-units",
      cf=lambda s: replace(s, model=fd.ESPCNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return espcn_family("adam", 3e-3, model=lambda: fd.ESPCNet(dead_bias=-30.0), track_zero_grads=True)


@case("espcn-adam-lr-0p01-recreated-each-epoch", "espcn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return espcn_family("adam", 0.01, data=fd.sr_textures(train_rows=1000), recreate_optimizer_at=frozenset(range(31, 400, 31)))


@case("espcn-adam-lr-0p03-no-warmup", "espcn", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return espcn_family("adam", 0.03)


# sage: GraphSAGE (mean aggregation, 2 layers of 16, a head) classifying the nodes of a stochastic block model graph of
# 1000 nodes in 5 communities from noisy features, trained on minibatches of 32 labelled nodes with sampled neighbourhoods
# (fan-out 5, 5), cross-entropy; works at Adam 3e-3-0.01 (the held-out loss falls from ln 5 to ~0.42-0.45 in 400 steps),
# SGD 1 is noisy (~0.55-0.6); Adam 0.3 and SGDm 1 stay at chance


@case("sage-adam-lr-0p3-near-chance", "sage", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return sage_family("adam", 0.3)


@case("sage-sgdm-lr-1-near-chance-log2", "sage", "lr-high-chance", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sage_family("sgdm", 1.0, log_every=2)


@case("sage-sgd-warmup-cosine-peak-30", "sage", "lr-high-ramp", cf=lr_to(1.0), cf_what="peak lr 1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sage_family("sgd", 30.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("sage-rmsprop-lr-0p1-100x-log4", "sage", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sage_family("rmsprop", 0.1, log_every=4)


@case("sage-adam-lr-1e-4-30x-low", "sage", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sage_family("adam", 1e-4)


@case("sage-asgd-lr-0p03-10x-low-log4", "sage", "lr-low-asgd", cf=lr_to(0.3), cf_what="ASGD lr 0.3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sage_family("asgd", 0.03, log_every=4)


@case("sage-sgd-summed-ce", "sage", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SAGE5, "ln 5"))
def _() -> Setup:
    return sage_family("sgd", 0.3, loss_fn=fd.sage_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("sage-adam-head-x300", "sage", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SAGENet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SAGE5, "ln 5"))
def _() -> Setup:
    return sage_family("adam", 3e-3, model=lambda: scaled_head(fd.SAGENet(), 300, bias=True))


@case("sage-adam-multistep-x0p1-at-5pct", "sage", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return sage_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("sage-adam-nan-feature-nodes", "sage", "nan-early", cf=lambda s: replace(s, model=fd.SAGENet),
      cf_what="the graph's features without the missing values", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return sage_family("adam", 3e-3, model=lambda: fd.SAGENet(nan_nodes=0.002))


@case("sage-adam-lr-0p03-recreated-each-epoch", "sage", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=19, tol=5,
      shape=anything)
def _() -> Setup:
    return sage_family("adam", 0.03, recreate_optimizer_at=frozenset(range(18, 400, 18)))


@case("sage-adam-layer2-dead-at-init", "sage", "dead-units",
      cf=lambda s: replace(s, model=fd.SAGENet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return sage_family("adam", 3e-3, model=lambda: fd.SAGENet(dead_bias=-30.0), track_zero_grads=True)


@case("sage-adam-60-noisy-nodes-overfits", "sage", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return sage_family("adam", 0.01, steps=1000, eval_every=50, data=fd.sage_nodes(train_rows=60, flip=0.3, batch_size=16),
                       model=lambda: fd.SAGENet(hidden=64))  # fmt: skip


# vit: a tiny Vision Transformer (4x4 patches of 16x16 images embedded to 32, [CLS], learned positions, 2 pre-LN blocks of
# 4 heads with a GELU MLP, a linear head) classifying noisy images of 6 classes (gratings at 4 angles, a blob, a plus),
# cross-entropy; works at Adam 3e-3 (the held-out loss falls from ln 6 to ~0.25 in 400 steps); about 5-10 s a training


@case("vit-adam-lr-0p1-near-chance", "vit", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return vit_family("adam", 0.1)


@case("vit-sgdm-lr-0p3-10x-log2", "vit", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return vit_family("sgdm", 0.3, log_every=2)


@case("vit-sgdm-lr-3-overflows-nan", "vit", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=400, shape=nan_within(1, 400))
def _() -> Setup:
    return vit_family("sgdm", 3.0)


@case("vit-adamw-warmup-cosine-peak-0p3", "vit", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return vit_family("adamw", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("vit-rmsprop-lr-0p03-30x-log4", "vit", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return vit_family("rmsprop", 0.03, log_every=4)


@case("vit-adam-lr-1e-4-30x-low", "vit", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return vit_family("adam", 1e-4)


@case("vit-sgdm-lr-1e-3-30x-low-log3", "vit", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return vit_family("sgdm", 1e-3, log_every=3)


@case("vit-sgd-summed-ce", "vit", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, VIT6, "ln 6"))
def _() -> Setup:
    return vit_family("sgd", 0.1, loss_fn=fd.vit_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("vit-adam-head-x300", "vit", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TinyViT), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, VIT6, "ln 6"))
def _() -> Setup:
    return vit_family("adam", 3e-3, model=lambda: scaled_head(fd.TinyViT(), 300, bias=True))


@case("vit-adam-exponential-1000x-in-40-steps", "vit", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return vit_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("vit-adam-missing-pixel-nan", "vit", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 187))
def _() -> Setup:
    return vit_family("adam", 3e-3, data=fd.vit_images(nan_rows=0.003))


@case("vit-adam-lr-0p01-no-warmup", "vit", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return vit_family("adam", 0.01)


@case("vit-sgd-lr-3-no-clip-explodes", "vit", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return vit_family("sgd", 3.0)


# fresh20 half: healthy look-alikes


@case("made-adam-warmup-cosine", "made", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return made_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("made-adamax-constant-log3", "made", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return made_family("adamax", 0.01, log_every=3)


@case("made-sgdm-cyclic-triangular2", "made", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return made_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("made-rmsprop-cosine-log4", "made", "healthy", like=("plateau", "lr-too-low", "premature-decay"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return made_family("rmsprop", 3e-3, log_every=4, schedule=cosine_after(0.0), schedule_name="cosine")


@case("made-adam-resumed-with-state", "made", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return made_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("espcn-adam-warmup-cosine", "espcn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return espcn_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("espcn-adam-step-decay-log2", "espcn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return espcn_family("adam", 3e-3, log_every=2, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("espcn-nadam-onecycle-log5", "espcn", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return espcn_family("nadam", 3e-3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("espcn-adagrad-cosine-log2", "espcn", "healthy", like=("plateau", "lr-too-low", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return espcn_family("adagrad", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("espcn-sgdm-sgdr-log4", "espcn", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return espcn_family("sgdm", 0.1, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("sage-adamw-warmup-cosine", "sage", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.SAGE_BLOCKS))
def _() -> Setup:
    return sage_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("sage-adamax-constant-log2", "sage", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.SAGE_BLOCKS))
def _() -> Setup:
    return sage_family("adamax", 0.01, log_every=2)


@case("sage-adam-plateau-log5", "sage", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.SAGE_BLOCKS))
def _() -> Setup:
    return sage_family("adam", 3e-3, log_every=5, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("sage-adam-resumed-with-state", "sage", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.SAGE_BLOCKS))
def _() -> Setup:
    return sage_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("sage-rmsprop-cosine-log3", "sage", "healthy", like=("plateau", "lr-too-low", "premature-decay"),
      shape=healthy_shape(fd.SAGE_BLOCKS))
def _() -> Setup:
    return sage_family("rmsprop", 3e-3, log_every=3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("vit-adamw-warmup-cosine", "vit", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.VIT_CLASSES))
def _() -> Setup:
    return vit_family("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("vit-adam-linear-decay-long-avg20", "vit", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fd.VIT_CLASSES))
def _() -> Setup:
    return vit_family("adam", 3e-3, steps=800, log_every=20, average=True, eval_every=80, schedule=linear_decay_after(0.05),
                      schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("vit-sgdm-onecycle-log2", "vit", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.VIT_CLASSES))
def _() -> Setup:
    return vit_family("sgdm", 0.1, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


@case("vit-adam-step-decay-log3", "vit", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.VIT_CLASSES))
def _() -> Setup:
    return vit_family("adam", 3e-3, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("vit-adam-cosine-resumed-with-state", "vit", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.VIT_CLASSES))
def _() -> Setup:
    return vit_family("adam", 3e-3, schedule=cosine_after(0.0), schedule_name="cosine", recreate_optimizer_at=frozenset({200}),
                      keep_optimizer_state=True)  # fmt: skip


# fresh20 half, logged once per epoch


@case("espcn-adam-lr-0p1-per-epoch", "espcn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return espcn_family("adam", 0.1, steps=46 * 9, log_per_epoch=True, data=fd.sr_textures(train_rows=1500))


@case("vit-adam-256-noisy-images-overfits-per-epoch", "vit", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return vit_family("adam", 3e-3, steps=8 * 80, log_per_epoch=True, data=fd.vit_images(train_rows=256, flip=0.2))


@case("made-adam-cosine-per-epoch", "made", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return made_family("adam", 0.01, steps=62 * 7, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("made-nadam-per-epoch", "made", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return made_family("nadam", 3e-3, steps=62 * 7, log_per_epoch=True)


@case("espcn-adam-cosine-per-epoch", "espcn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return espcn_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.sr_textures(train_rows=1500),
                        schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("espcn-radam-per-epoch", "espcn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return espcn_family("radam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.sr_textures(train_rows=1500))


@case("sage-adam-cosine-per-epoch", "sage", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.SAGE_BLOCKS))
def _() -> Setup:
    return sage_family("adam", 0.01, steps=18 * 22, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("sage-radam-per-epoch", "sage", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.SAGE_BLOCKS))
def _() -> Setup:
    return sage_family("radam", 0.01, steps=18 * 22, log_per_epoch=True)


@case("vit-adamw-warmup-cosine-per-epoch", "vit", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.VIT_CLASSES))
def _() -> Setup:
    return vit_family("adamw", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.vit_images(train_rows=1500),
                      schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("vit-adam-cosine-per-epoch", "vit", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.VIT_CLASSES))
def _() -> Setup:
    return vit_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.vit_images(train_rows=1500),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
