"""The fifty-fifth fresh half (fresh53, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

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


def involution_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 stroke orientations")
    knobs.setdefault("meta", {"model": "involution CNN: a 3x3 conv stem 1-8, two involutions (3x3 kernels generated per pixel from its features, 2 channel groups) each with a 1x1 conv and a residual, a 2x2 max pool between them, a global average pool, a ReLU layer 8-32, a head",
                              "image": fd.INVOLUTION_SIZE, "classes": fd.INVOLUTION_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.involution_images(), knobs.pop("model", None) or fd.InvolutionNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def jknet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 node classes")
    knobs.setdefault("meta", {"model": "JK-Net: 3 graph convolutions 8-16-16-16 (normalised adjacency with self-loops), the layers' node representations combined by an elementwise max (or concatenated), a ReLU layer to 32, a head",
                              "nodes": fd.JKNET_NODES, "classes": fd.JKNET_CLASSES,
                              "held_out": "cross-entropy on the unlabelled nodes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.jknet_nodes(), knobs.pop("model", None) or fd.JKNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def rwkv_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes")
    knobs.setdefault("meta", {"model": "RWKV-like: token embeddings 16, 2 blocks of time-mixing (token shift, a WKV recurrence with a learned per-channel exponential decay and a current-token bonus, a sigmoid receptance) and channel-mixing (squared ReLU 16-32-16, a receptance gate), the last token's state through a ReLU layer 16-32, a head",
                              "length": fd.RWKV_LENGTH, "vocab": fd.RWKV_VOCAB,
                              "classes": fd.RWKV_CLASSES, "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.rwkv_tokens(), knobs.pop("model", None) or fd.RWKVNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def studentt_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.studentt_loss)
    knobs.setdefault("loss_name", "Student-t negative log-likelihood (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 8-64-64, a ReLU layer 64-32, a head to the location, the log-scale and the log degrees of freedom",
                              "features": fd.STUDENTT_FEATURES, "held_out": "Student-t negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.studentt_rows(), knobs.pop("model", None) or fd.StudentTMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


INVOLUTION0, JKNET0, RWKV0, STUDENTT0 = LN(fd.INVOLUTION_CLASSES), LN(fd.JKNET_CLASSES), LN(fd.RWKV_CLASSES), fd.studentt_at_zero()
"""Where the families start: the involution CNN, JK-Net and the RWKV-like classifier at ln 4; the Student-t MLP at the
negative log-likelihood of a location of 0, a scale of 1 and 1 degree of freedom (~1.8), not ln C."""


# rwkv: an RWKV-like recurrent classifier (token shift, a WKV recurrence with a learned per-channel decay, squared-ReLU
# channel-mixing) naming the over-represented key token of sequences of 16 tokens, cross-entropy over 4 (1.40 at step 1,
# ln 4 = 1.39); works at Adam 3e-3-0.01, SGDm 0.1


@case("rwkv-adam-lr-1-log4", "rwkv", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return rwkv_family("adam", 1.0, log_every=4)


@case("rwkv-adamw-warmup-cosine-peak-1", "rwkv", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return rwkv_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("rwkv-adam-lr-3e-5-100x-low", "rwkv", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return rwkv_family("adam", 3e-5)


@case("rwkv-nadam-lr-3e-5-100x-low-log3", "rwkv", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return rwkv_family("nadam", 3e-5, log_every=3)


@case("rwkv-sgdm-summed-ce", "rwkv", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, RWKV0, "ln 4"))
def _() -> Setup:
    return rwkv_family("sgdm", 0.03, loss_fn=fd.rwkv_ce_summed, loss_name="cross_entropy summed over the batch's sequences (reduction='sum')",
                             val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("rwkv-adam-head-x1000", "rwkv", "last-layer-init",
      cf=lambda s: replace(s, model=fd.RWKVNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, RWKV0, "ln 4"))
def _() -> Setup:
    return rwkv_family("adam", 3e-3, model=lambda: scaled_head(fd.RWKVNet(), 1000))


@case("rwkv-adam-multistep-x0p1-at-5pct", "rwkv", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return rwkv_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("rwkv-adam-fc-dead-at-init", "rwkv", "dead-units",
      cf=lambda s: replace(s, model=fd.RWKVNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return rwkv_family("adam", 3e-3, model=lambda: fd.RWKVNet(dead_bias=-30.0), track_zero_grads=True)


@case("rwkv-adam-lr-0p05-no-warmup", "rwkv", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return rwkv_family("adam", 0.05)


@case("rwkv-adamw-lr-0p1-no-warmup", "rwkv", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return rwkv_family("adamw", 0.1)


# jknet: a jumping-knowledge network (3 graph convolutions, their node representations combined by max or concatenated)
# naming the class of a node of a stochastic block model graph, cross-entropy over 4 (1.41 at step 1, ln 4 = 1.39);
# works at Adam 3e-3-0.01, SGDm 0.03


@case("jknet-nadam-lr-1", "jknet", "lr-high-step1", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return jknet_family("nadam", 1.0)


@case("jknet-cat-sgdm-lr-30-1000x", "jknet", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return jknet_family("sgdm", 30.0, model=lambda: fd.JKNet(mode="cat"))


@case("jknet-adamw-warmup-cosine-peak-1", "jknet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return jknet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("jknet-adam-exponential-gamma-1p02", "jknet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return jknet_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("jknet-adam-lr-3e-5-100x-low", "jknet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return jknet_family("adam", 3e-5)


@case("jknet-sgdm-summed-ce", "jknet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, JKNET0, "ln 4"))
def _() -> Setup:
    return jknet_family("sgdm", 0.03, loss_fn=fd.jknet_ce_summed, loss_name="cross_entropy summed over the batch's nodes (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("jknet-adam-head-x1000", "jknet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.JKNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, JKNET0, "ln 4"))
def _() -> Setup:
    return jknet_family("adam", 3e-3, model=lambda: scaled_head(fd.JKNet(), 1000))


@case("jknet-adam-multistep-x0p1-at-5pct", "jknet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return jknet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("jknet-adam-missing-feature-nan", "jknet", "nan-early", cf=lambda s: replace(s, model=fd.JKNet),
      cf_what="the nodes' features without the missing (NaN) values", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return jknet_family("adam", 3e-3, model=lambda: fd.JKNet(nan_nodes=0.003))


@case("jknet-adam-fc-dead-at-init", "jknet", "dead-units",
      cf=lambda s: replace(s, model=fd.JKNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return jknet_family("adam", 3e-3, model=lambda: fd.JKNet(dead_bias=-30.0), track_zero_grads=True)


# studentt: a ReLU MLP of a Student-t model (the location, the log-scale and the log degrees of freedom) of targets with
# heavy-tailed noise and 3% outliers, the Student-t negative log-likelihood (1.80 at step 1, ~1.8 at a location of 0, a
# scale of 1 and 1 degree of freedom); works at Adam 1e-3-0.01, SGDm 0.03


@case("studentt-adam-lr-1-log2", "studentt", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return studentt_family("adam", 1.0, log_every=2)


@case("studentt-sgdm-lr-30-1000x", "studentt", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return studentt_family("sgdm", 30.0)


@case("studentt-adamw-warmup-cosine-peak-1", "studentt", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return studentt_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("studentt-rmsprop-exponential-gamma-1p02", "studentt", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return studentt_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("studentt-adam-lr-1e-4-100x-low", "studentt", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return studentt_family("adam", 1e-4)


@case("studentt-sgdm-lr-1e-3-30x-low-log3", "studentt", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return studentt_family("sgdm", 1e-3, log_every=3)


@case("studentt-sgdm-summed", "studentt", "summed",
      cf=lambda s: replace(s, loss_fn=fd.studentt_loss, loss_name="Student-t negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, STUDENTT0, "the Student-t NLL of a location of 0, scale 1, 1 degree of freedom"))
def _() -> Setup:
    return studentt_family("sgdm", 0.03, loss_fn=fd.studentt_summed, loss_name="Student-t negative log-likelihood summed over the batch's rows (reduction='sum')",
                             val_loss_fn=fd.studentt_loss, mean_loss_fn=fd.studentt_loss)  # fmt: skip


@case("studentt-adam-exponential-1000x-in-40-steps", "studentt", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return studentt_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("studentt-adam-missing-feature-nan", "studentt", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return studentt_family("adam", 0.01, data=fd.studentt_rows(nan_rows=0.003))


@case("studentt-adam-fc-dead-at-init", "studentt", "dead-units",
      cf=lambda s: replace(s, model=fd.StudentTMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return studentt_family("adam", 0.01, model=lambda: fd.StudentTMLP(dead_bias=-30.0), track_zero_grads=True)


@case("studentt-adam-lr-0p01-recreated-every-4-steps", "studentt", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return studentt_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("studentt-adam-256-rows-overfits", "studentt", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return studentt_family("adam", 0.01, steps=600, eval_every=30, data=fd.studentt_rows(train_rows=256))


@case("studentt-sgd-lr-1-no-clip", "studentt", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return studentt_family("sgd", 1.0)


# involution: an involution CNN (3x3 kernels generated per pixel, shared over 2 channel groups) naming the orientation of
# a stroke in 12x12 images with distractor pixels, cross-entropy over 4 (1.39 at step 1, ln 4 = 1.39); works at Adam
# 3e-3-0.01 (best 0.01), SGDm 0.03-0.1


@case("involution-adam-lr-1-log2", "involution", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return involution_family("adam", 1.0, log_every=2)


@case("involution-sgdm-lr-30-1000x", "involution", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return involution_family("sgdm", 30.0)


@case("involution-nadam-cyclic-peak-1", "involution", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return involution_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("jknet-radam-lr-3e-5-100x-low-log2", "jknet", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return jknet_family("radam", 3e-5, log_every=2)


@case("involution-sgdm-summed-ce", "involution", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, INVOLUTION0, "ln 4"))
def _() -> Setup:
    return involution_family("sgdm", 0.03, loss_fn=fd.involution_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                             val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("involution-adam-head-x1000", "involution", "last-layer-init",
      cf=lambda s: replace(s, model=fd.InvolutionNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, INVOLUTION0, "ln 4"))
def _() -> Setup:
    return involution_family("adam", 0.01, model=lambda: scaled_head(fd.InvolutionNet(), 1000))


@case("involution-adam-exponential-1000x-in-40-steps", "involution", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return involution_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("involution-adam-missing-pixel-nan", "involution", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return involution_family("adam", 0.01, data=fd.involution_images(nan_rows=0.003))


@case("involution-sgd-lr-1-no-clip", "involution", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return involution_family("sgd", 1.0)


# fresh53 half: healthy look-alikes


@case("rwkv-adam-cosine-log2", "rwkv", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.RWKV_CLASSES))
def _() -> Setup:
    return rwkv_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("jknet-adamw-cosine-eval25", "jknet", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.JKNET_CLASSES))
def _() -> Setup:
    return jknet_family("adamw", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("rwkv-nadam-sgdr-log4", "rwkv", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fd.RWKV_CLASSES))
def _() -> Setup:
    return rwkv_family("nadam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("studentt-adagrad-step-decay", "studentt", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return studentt_family("adagrad", 0.1, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("jknet-radam-step-decay-log3", "jknet", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.JKNET_CLASSES))
def _() -> Setup:
    return jknet_family("radam", 0.01, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("studentt-sgdm-cyclic-triangular2", "studentt", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return studentt_family("sgdm", 0.03, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("involution-adam-one-cycle", "involution", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.INVOLUTION_CLASSES))
def _() -> Setup:
    return involution_family("adam", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("studentt-nesterov-one-cycle", "studentt", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return studentt_family("nesterov", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("studentt-adamw-warmup-linear-avg10", "studentt", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return studentt_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                             schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("involution-adam-warmup-cosine", "involution", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.INVOLUTION_CLASSES))
def _() -> Setup:
    return involution_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("jknet-cat-adam-warmup-cosine", "jknet", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.JKNET_CLASSES))
def _() -> Setup:
    return jknet_family("adam", 3e-3, model=lambda: fd.JKNet(mode="cat"), schedule=cosine_after(0.1),
                        schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("involution-adam-resumed-with-state", "involution", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.INVOLUTION_CLASSES))
def _() -> Setup:
    return involution_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("rwkv-adam-resumed-with-state", "rwkv", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.RWKV_CLASSES))
def _() -> Setup:
    return rwkv_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("studentt-adam-resumed-with-state", "studentt", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return studentt_family("adam", 3e-3, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)


@case("rwkv-rmsprop-constant-log5", "rwkv", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.RWKV_CLASSES))
def _() -> Setup:
    return rwkv_family("rmsprop", 1e-3, log_every=5)


@case("involution-adam-constant-log5", "involution", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.INVOLUTION_CLASSES))
def _() -> Setup:
    return involution_family("adam", 0.01, log_every=5)


# fresh53 half, logged once per epoch


@case("studentt-adam-256-rows-overfits-per-epoch", "studentt", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return studentt_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.studentt_rows(train_rows=256, batch_size=64))


@case("rwkv-adam-lr-1-per-epoch", "rwkv", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return rwkv_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.rwkv_tokens(n=2944, batch_size=64))


@case("involution-adam-lr-1-per-epoch", "involution", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return involution_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.involution_images(n=2944, batch_size=64))


@case("studentt-adam-cosine-per-epoch", "studentt", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return studentt_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.studentt_rows(n=2944, batch_size=64),
                             schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("rwkv-adam-cosine-per-epoch", "rwkv", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.RWKV_CLASSES))
def _() -> Setup:
    return rwkv_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.rwkv_tokens(n=2944, batch_size=64),
                             schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
