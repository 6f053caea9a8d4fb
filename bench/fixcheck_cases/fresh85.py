"""The eighty-seventh fresh half (fresh85, held out from all tuning):
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


def nat_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 classes of the image")
    knobs.setdefault("meta", {"model": "NAT: a stem (a 4x4 convolution of stride 2) to a 6x6 map of 16-wide tokens, 2 pre-LN blocks of neighborhood attention (each token attends to its 3x3 neighbourhood, a relative-position bias, 2 heads) and a feed-forward, a strided-conv downsampler to 3x3, one more block, mean pooling, a ReLU layer 16-32 and a head",
                              "image_size": fd.NAT_SIZE, "neighbourhood": [3, 3], "classes": fd.NAT_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.nat_images(), knobs.pop("model", None) or fd.NAT,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def dpcnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes of the sequence")
    knobs.setdefault("meta", {"model": "DPCNN: token embeddings 40-32, a region embedding (3-wide conv), two pre-activation 3-wide convolutions with a shortcut, 3 blocks of [max-pool stride 2, two pre-activation 3-wide convolutions of 32 channels, a shortcut] (40 -> 20 -> 10 -> 5), a max-pool over the positions, a ReLU layer 32-32 and a head",
                              "vocab_size": fd.DPCNN_VOCAB, "length": fd.DPCNN_LENGTH, "classes": fd.DPCNN_CLASSES,
                              "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dpcnn_texts(), knobs.pop("model", None) or fd.DPCNN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def mind_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.mind_loss)
    knobs.setdefault("loss_name", "in-batch sampled softmax cross-entropy of the target item against the batch's 64 target items (mean over the rows)")  # fmt: skip
    knobs.setdefault("meta", {"model": "MIND: item embeddings (16) of the 12 last clicks routed by dynamic (B2I capsule) routing (a shared bilinear map, 3 iterations, squash) into 3 interest capsules, each through a ReLU layer 16-32 and a head 32-16, a label-aware attention of the target item over the interests (softmax of 2 x the dot products)",
                              "items": fd.MIND_ITEMS, "history": fd.MIND_HISTORY, "interests": fd.MIND_INTERESTS,
                              "in_batch_negatives": fd.MIND_BLOCK - 1,
                              "held_out": "the in-batch sampled softmax loss on new users, in blocks of 64"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.mind_users(), knobs.pop("model", None) or fd.MIND,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def logitnormal_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.logitnormal_nll)
    knobs.setdefault("loss_name", "logit-normal negative log-likelihood of the proportion (mean over the rows)")
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to the mean and the log standard deviation of logit y",
                              "features": fd.LOGITNORMAL_FEATURES,
                              "held_out": "the logit-normal negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.logitnormal_rows(), knobs.pop("model", None) or fd.LogitNormalMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


NAT0, DPCNN0 = LN(fd.NAT_CLASSES), LN(fd.DPCNN_CLASSES)
MIND0, LOGITNORMAL0 = LN(fd.MIND_BLOCK), fd.logitnormal_at_zero()
"""Where the families start: the NAT at ln 5, the DPCNN at ln 4, MIND at ln 64 (its small embeddings score every item
of the block alike), the logit-normal MLP at its NLL of raw outputs of 0 (mu = 0, sigma = 1)."""


# nat: a Neighborhood-Attention-Transformer-like classifier (a strided-conv stem to a 6x6 map of 16-wide tokens, 2
# pre-LN blocks whose attention is restricted to each token's 3x3 neighbourhood with a relative-position bias, a
# strided-conv downsampler to 3x3 and one more block, mean pooling, a ReLU layer and a head) naming the class of 12x12
# images by a planted 3x3 motif among noise and a decoy blob, 5% random labels held out too, cross-entropy over 5 (1.76
# at step 1, ln 5 = 1.61, ending near 0.48 held out); works at Adam 1e-3-0.01 (best 3e-3: 0.48; 0.76 at 1e-3, 0.66 at
# 0.01), SGDm 0.01-0.03 (0.99 at 0.03), plain SGD 0.1 (1.06); slow at Adam 3e-5 (1.60); at chance at Adam 0.03 (0.99
# after a 60-step warmup), at Adam 1 and at SGDm 0.1-0.3


@case("nat-adam-lr-1-log2", "nat", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return nat_family("adam", 1.0, log_every=2)


@case("nat-adamw-warmup-cosine-peak-1", "nat", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nat_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("nat-adam-lr-3e-5-100x-low-log2", "nat", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nat_family("adam", 3e-5, log_every=2)


@case("nat-adam-lr-0p03-no-warmup", "nat", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return nat_family("adam", 0.03)


@case("nat-adamw-lr-0p03-no-warmup-log2", "nat", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60), cf_what="a 60-step linear warmup", must=("missing-warmup",),
      may=("lr-too-high", "plateau", "non-finite-loss"), tol=60, shape=anything)
def _() -> Setup:
    return nat_family("adamw", 0.03, log_every=2)


@case("nat-sgdm-summed-ce", "nat", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, NAT0, "ln 5"))
def _() -> Setup:
    return nat_family("sgdm", 0.03, loss_fn=fd.nat_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("nat-sgd-summed-ce-log2", "nat", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, NAT0, "ln 5"))
def _() -> Setup:
    return nat_family("sgd", 0.1, log_every=2, loss_fn=fd.nat_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("nat-adam-head-x1000", "nat", "last-layer-init",
      cf=lambda s: replace(s, model=fd.NAT), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, NAT0, "ln 5"))
def _() -> Setup:
    return nat_family("adam", 3e-3, model=lambda: scaled_head(fd.NAT(), 1000))


@case("nat-adam-exponential-1000x-in-40-steps", "nat", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return nat_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                      schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("nat-adam-missing-pixel-nan", "nat", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return nat_family("adam", 3e-3, data=fd.nat_images(nan_rows=0.003))


@case("nat-adam-fc-dead-at-init", "nat", "dead-units",
      cf=lambda s: replace(s, model=fd.NAT), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return nat_family("adam", 3e-3, model=lambda: fd.NAT(dead_bias=-30.0), track_zero_grads=True)


# dpcnn: a Deep-Pyramid-CNN text classifier (token embeddings, a region embedding convolution, pre-activation 3-wide
# convolutions with shortcuts, 3 blocks of a max-pool of stride 2 and two convolutions, 40 -> 5 positions, a max-pool, a
# ReLU layer and a head) of 40-token sequences whose class is which of 4 trigrams of the same 4 tokens occurs (decoys of
# the other trigrams with their middle token replaced), 5% random labels held out too, cross-entropy over 4 (1.45 at
# step 1, ln 4 = 1.39, ending near 0.14 held out); works at Adam 1e-3-0.01 (best 1e-3-3e-3: 0.14; 0.17 at 0.01), SGDm
# 0.03 (0.18); 0.37 at Adam 0.03 (0.21 after a 60-step warmup); slow at Adam 1e-5 (1.37) and SGDm 1e-3 (0.44); at
# chance at SGDm 0.1, non-finite at SGDm 1 and 10, diverging at Adam 1


@case("dpcnn-sgdm-lr-3-100x", "dpcnn", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dpcnn_family("sgdm", 3.0)


@case("dpcnn-adam-lr-0p3-100x", "dpcnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dpcnn_family("adam", 0.3)


@case("dpcnn-adamw-warmup-cosine-peak-1", "dpcnn", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dpcnn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("dpcnn-adam-exponential-gamma-1p02", "dpcnn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dpcnn_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("dpcnn-nadam-lr-1e-5-100x-low-log2", "dpcnn", "lr-low-adam", cf=lr_to(1e-3), cf_what="NAdam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dpcnn_family("nadam", 1e-5, log_every=2)


@case("dpcnn-sgdm-lr-3e-4-100x-low", "dpcnn", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dpcnn_family("sgdm", 3e-4)


@case("dpcnn-sgdm-summed-ce", "dpcnn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DPCNN0, "ln 4"))
def _() -> Setup:
    return dpcnn_family("sgdm", 0.03, loss_fn=fd.dpcnn_ce_summed, loss_name="cross_entropy summed over the batch's sequences (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("dpcnn-sgd-summed-ce-log2", "dpcnn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DPCNN0, "ln 4"))
def _() -> Setup:
    return dpcnn_family("sgd", 0.1, log_every=2, loss_fn=fd.dpcnn_ce_summed, loss_name="cross_entropy summed over the batch's sequences (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("dpcnn-adam-head-x1000", "dpcnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DPCNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DPCNN0, "ln 4"))
def _() -> Setup:
    return dpcnn_family("adam", 1e-3, model=lambda: scaled_head(fd.DPCNN(), 1000))


@case("dpcnn-nadam-head-x1000-log3", "dpcnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DPCNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DPCNN0, "ln 4"))
def _() -> Setup:
    return dpcnn_family("nadam", 1e-3, log_every=3, model=lambda: scaled_head(fd.DPCNN(), 1000))


@case("dpcnn-adam-multistep-x0p1-at-5pct", "dpcnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return dpcnn_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("dpcnn-adam-missing-token-nan", "dpcnn", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sequences with a missing (NaN) token dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return dpcnn_family("adam", 1e-3, data=fd.dpcnn_texts(nan_rows=0.003))


@case("dpcnn-adam-300-sequences-overfits", "dpcnn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return dpcnn_family("adam", 1e-3, steps=600, eval_every=30, data=fd.dpcnn_texts(train_rows=300))


@case("dpcnn-adam-fc-dead-at-init", "dpcnn", "dead-units",
      cf=lambda s: replace(s, model=fd.DPCNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dpcnn_family("adam", 1e-3, model=lambda: fd.DPCNN(dead_bias=-30.0), track_zero_grads=True)


# mind: a MIND-like multi-interest recommender (item embeddings of 12 history clicks routed by 3 iterations of dynamic
# capsule routing into 3 interest capsules, each through a ReLU layer and a head, a label-aware attention of the target
# item over them) of users with 2-3 planted interest clusters of 8, trained with an in-batch sampled softmax over 64
# target items (4.16 at step 1, ln 64 = 4.16, ending near 3.1 held out); works at Adam 3e-3-0.03 (best 0.01: 3.09; 3.55
# at 1e-3), AdamW and NAdam 0.01 (3.10-3.15), Adagrad 0.1 (3.38); slow at RMSprop 1e-3-3e-3 (3.54-3.55); stuck at ln 64
# at Adam 1e-4 and below and at SGD(m) up to 1 (its first gradients are tiny); 3.51 at Adam 0.1, blowing up at Adam 1
# (34) and Adagrad 10 (91), non-finite at SGDm 10; Adam 0.01 recreated every 2 steps 3.43; its head scaled x1000 no
# harm (it recovers)


@case("mind-adam-lr-1-log2", "mind", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return mind_family("adam", 1.0, log_every=2)


@case("mind-adagrad-lr-10-100x", "mind", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return mind_family("adagrad", 10.0)


@case("mind-adam-cyclic-peak-1", "mind", "lr-high-cyclic", cf=lr_to(0.01),
      cf_what="peak lr 0.01 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mind_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("mind-adam-exponential-gamma-1p02", "mind", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mind_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("mind-adam-lr-1e-4-100x-low-log3", "mind", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return mind_family("adam", 1e-4, log_every=3)


@case("mind-adamw-lr-1e-4-100x-low", "mind", "lr-low-adam", cf=lr_to(0.01), cf_what="AdamW lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return mind_family("adamw", 1e-4)


@case("mind-adam-exponential-1000x-in-40-steps", "mind", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return mind_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1),
                       schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("mind-adam-lr-0p01-recreated-every-2-steps", "mind", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return mind_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


# logitnormal: a ReLU MLP (6-64-64, a ReLU layer and a head) of the mean and the log standard deviation of logit y of a
# logit-normal law of proportions in (0, 1) whose parameters depend on the features, the negative log-likelihood of y
# per row (0.015 at step 1, -0.04 at raw outputs of 0, ending near -0.66 held out: a density on (0, 1)); works at Adam
# 1e-3-0.03 (best 1e-3: -0.658; -0.63 at 0.01-0.03), Adagrad 0.03 (-0.659), RMSprop 1e-3 (-0.648), SGDm 0.01 (-0.605),
# plain SGD 0.1 (-0.63); slow at Adam 3e-5 (-0.13); 2.2 at Adam 0.1, non-finite from Adam 0.3 on (-0.11 after a 60-step
# warmup), at RMSprop 0.3, Adagrad 3 and SGDm 1 (0.13 clipped at 1); plain SGD 1 -0.10 unclipped, -0.42 clipped at 1


@case("logitnormal-adam-lr-0p3-100x-log2", "logitnormal", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return logitnormal_family("adam", 0.3, log_every=2)


@case("logitnormal-adagrad-lr-3-100x", "logitnormal", "lr-high-step1", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return logitnormal_family("adagrad", 3.0)


@case("logitnormal-rmsprop-lr-0p3-300x", "logitnormal", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return logitnormal_family("rmsprop", 0.3)


@case("logitnormal-nadam-warmup-cosine-peak-1", "logitnormal", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return logitnormal_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("logitnormal-adam-lr-3e-5-100x-low", "logitnormal", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return logitnormal_family("adam", 3e-5)


@case("logitnormal-adam-multistep-x0p1-at-5pct", "logitnormal", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return logitnormal_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("logitnormal-adam-missing-feature-nan", "logitnormal", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return logitnormal_family("adam", 3e-3, data=fd.logitnormal_rows(nan_rows=0.003))


@case("logitnormal-adam-fc-dead-at-init", "logitnormal", "dead-units",
      cf=lambda s: replace(s, model=fd.LogitNormalMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return logitnormal_family("adam", 3e-3, model=lambda: fd.LogitNormalMLP(dead_bias=-30.0), track_zero_grads=True)


@case("logitnormal-sgdm-lr-1-no-clip", "logitnormal", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return logitnormal_family("sgdm", 1.0)


@case("logitnormal-sgd-lr-1-no-clip-log2", "logitnormal", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return logitnormal_family("sgd", 1.0, log_every=2)


# fresh85 half: healthy look-alikes


@case("nat-adam-cosine-log2", "nat", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.NAT_CLASSES, fall=0.6))
def _() -> Setup:
    return nat_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("nat-nadam-warmup-cosine-eval50", "nat", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.NAT_CLASSES, fall=0.6))
def _() -> Setup:
    return nat_family("nadam", 3e-3, eval_every=50, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine")


@case("dpcnn-adam-cosine-eval25", "dpcnn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.DPCNN_CLASSES, fall=0.6))
def _() -> Setup:
    return dpcnn_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dpcnn-sgdm-step-decay-log3", "dpcnn", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.DPCNN_CLASSES, fall=0.6))
def _() -> Setup:
    return dpcnn_family("sgdm", 0.03, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3), schedule_name="MultiStepLR")


@case("dpcnn-radam-one-cycle", "dpcnn", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.DPCNN_CLASSES, fall=0.6))
def _() -> Setup:
    return dpcnn_family("radam", 3e-3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("dpcnn-adam-resumed-with-state", "dpcnn", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.DPCNN_CLASSES, fall=0.6))
def _() -> Setup:
    return dpcnn_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                        schedule=cosine_after(0.0), schedule_name="cosine")


@case("mind-adam-cosine-log2", "mind", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return mind_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("mind-adamw-warmup-cosine-eval50", "mind", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return mind_family("adamw", 0.01, eval_every=50, schedule=cosine_after(0.1),
                       schedule_name="linear warmup 10% + cosine")


@case("mind-nadam-constant-log4", "mind", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return mind_family("nadam", 0.03, log_every=4)


@case("mind-adagrad-on-plateau-log3", "mind", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return mind_family("adagrad", 0.1, log_every=3, schedule=on_plateau(),
                       schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("logitnormal-adam-cosine-eval25", "logitnormal", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return logitnormal_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("logitnormal-adamw-warmup-linear-avg10", "logitnormal", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return logitnormal_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                              schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("logitnormal-sgdm-step-decay-log3", "logitnormal", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return logitnormal_family("sgdm", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                              schedule_name="MultiStepLR")


@case("logitnormal-adagrad-constant-log4", "logitnormal", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return logitnormal_family("adagrad", 0.03, log_every=4)


@case("logitnormal-rmsprop-cosine-log2", "logitnormal", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return logitnormal_family("rmsprop", 1e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("logitnormal-nesterov-sgdr-log5", "logitnormal", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return logitnormal_family("nesterov", 0.01, log_every=5, schedule=warm_restarts(0.25),
                              schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("logitnormal-sgd-constant", "logitnormal", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return logitnormal_family("sgd", 0.1)


# fresh85 half, logged once per epoch


@case("nat-adam-128-images-overfits-per-epoch", "nat", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return nat_family("adam", 3e-3, steps=8 * 50, log_per_epoch=True, data=fd.nat_images(train_rows=128, batch_size=16))


@case("logitnormal-adam-lr-1-per-epoch", "logitnormal", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return logitnormal_family("adam", 1.0, steps=50 * 8, log_per_epoch=True,
                              data=fd.logitnormal_rows(n=3200, batch_size=64))


@case("dpcnn-adam-cosine-per-epoch", "dpcnn", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.DPCNN_CLASSES, fall=0.6))
def _() -> Setup:
    return dpcnn_family("adam", 1e-3, steps=50 * 8, log_per_epoch=True, data=fd.dpcnn_texts(n=3200, batch_size=64),
                        schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("logitnormal-adam-cosine-per-epoch", "logitnormal", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return logitnormal_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True,
                              data=fd.logitnormal_rows(n=3200, batch_size=64), schedule=cosine_after(0.0),
                              schedule_name="cosine")  # fmt: skip
