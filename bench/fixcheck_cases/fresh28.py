"""The twenty-eighth fresh half (fresh28, held out from all tuning):
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
    LN, Setup, cosine_after, cross_entropy, cyclic, exponential, exponential_to, multistep, scaled_head, warm_restarts,
)


def stn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 8 glyph classes")
    knobs.setdefault("meta", {"model": "spatial transformer network: a localisation MLP 256-32-6 (identity at init), affine_grid + grid_sample, a CNN 1-8-16, a ReLU layer 256-64, a linear head",
                              "image_size": fd.STN_SIZE, "classes": fd.STN_CLASSES,
                              "held_out": "cross-entropy on new glyph images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.stn_glyphs(), knobs.pop("model", None) or fd.SpatialTransformerNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def dann_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.dann_loss)
    knobs.setdefault("val_loss_fn", fd.dann_target_ce)
    knobs.setdefault("loss_name", "label cross_entropy on the source + 0.3 x domain BCE with logits (gradient reversal)")
    knobs.setdefault("meta", {"model": "DANN: a feature MLP 12-64-64, a label head 64-32-6, a domain classifier 64-32-1 behind a gradient-reversal layer",
                              "classes": fd.DANN_CLASSES, "domain_weight": fd.DANN_LAMBDA,
                              "held_out": "label cross-entropy on the target domain"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dann_domains(), knobs.pop("model", None) or fd.DANN, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def protonet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 ways of the query points (negative squared distances to the prototypes)")
    knobs.setdefault("meta", {"model": "prototypical network: an embedding MLP 24-64-64-32, prototypes the support means, squared Euclidean distances",
                              "ways": fd.PNET_WAYS, "shots": fd.PNET_SHOTS, "queries_per_way": fd.PNET_QUERIES,
                              "held_out": "cross-entropy on episodes of unseen classes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.pnet_episodes(), knobs.pop("model", None) or fd.ProtoNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def kws_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over 10 keywords, silence and unknown")
    knobs.setdefault("meta", {"model": "keyword-spotting CRNN: a Conv2d 1-16 over frequency and time, a GRU of 48, a ReLU layer, a linear head",
                              "frequency_bins": fd.KWS_BINS, "frames": fd.KWS_FRAMES, "classes": fd.KWS_CLASSES,
                              "held_out": "cross-entropy on new utterances"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.kws_spectrograms(), knobs.pop("model", None) or fd.KeywordCRNN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


STN0, DANN0, PROTONET0, KWS0 = LN(fd.STN_CLASSES), LN(fd.DANN_CLASSES) + fd.DANN_LAMBDA * LN(2), LN(fd.PNET_WAYS), LN(fd.KWS_CLASSES)
"""Where the families start: the spatial transformer at chance over its 8 glyphs (ln 8), DANN at ln 6 + 0.3 ln 2 (chance
over 6 classes plus the weighted domain BCE at chance), the prototypical network near chance over 5 ways (ln 5), the
keyword spotter over its 12 classes (ln 12)."""


# stn: a spatial transformer network (a localisation MLP predicting an affine transform, identity at init, then a small
# CNN) classifying turned, scaled and moved glyphs, cross-entropy over 8 classes (2.11 at step 1, ln 8 = 2.08); works
# at Adam 3e-3 (~0.28 held out in 400 steps), NAdam 3e-3, Adamax 0.01 (~0.30-0.34), RMSprop 1e-3 (~0.44); SGD and SGDm
# sit near chance for 300 steps (no SGD run for it), Adam 1e-5 hardly moves (no lr-too-low run)


@case("stn-adam-lr-1-log2", "stn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return stn_family("adam", 1.0, log_every=2)


@case("stn-rmsprop-lr-0p3-log4", "stn", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return stn_family("rmsprop", 0.3, log_every=4)


@case("stn-adamw-warmup-cosine-peak-1", "stn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return stn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("stn-adam-exponential-gamma-1p02", "stn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return stn_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("stn-adam-head-x300", "stn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SpatialTransformerNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, STN0, "ln 8"))
def _() -> Setup:
    return stn_family("adam", 3e-3, model=lambda: scaled_head(fd.SpatialTransformerNet(), 300))


@case("stn-adam-fc-dead-at-init", "stn", "dead-units",
      cf=lambda s: replace(s, model=fd.SpatialTransformerNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return stn_family("adam", 3e-3, model=lambda: fd.SpatialTransformerNet(dead_bias=-30.0), track_zero_grads=True)


@case("stn-adam-multistep-x0p1-at-5pct", "stn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return stn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("stn-adam-dead-pixel-nan", "stn", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a dead (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return stn_family("adam", 3e-3, data=fd.stn_glyphs(nan_rows=0.003))


@case("stn-adam-lr-3e-3-recreated-every-8-steps", "stn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return stn_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("stn-adam-lr-0p01-no-warmup", "stn", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return stn_family("adam", 0.01)


@case("stn-adam-256-glyphs-overfits", "stn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return stn_family("adam", 3e-3, steps=600, eval_every=30, data=fd.stn_glyphs(train_rows=256))


# dann: domain-adversarial training (a feature MLP, a label head on the labelled source, a domain classifier behind a
# gradient-reversal layer) of 6 spiral arms whose target domain is turned by 6 degrees and shifted; the training loss is
# the label cross-entropy + 0.3 x the domain BCE (2.00 at step 1), held out the target's label cross-entropy; works at
# Adam 3e-3-0.01, NAdam 3e-3, Adagrad 0.03, RMSprop 1e-3, SGDm 0.1 (~0.2-0.3 held out in 400 steps, noisy: the
# adversary); without the domain term (lambda 0) Adam 3e-3 ends ~0.43


@case("dann-adam-lr-1-log4", "dann", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dann_family("adam", 1.0, log_every=4)


@case("dann-adamw-warmup-cosine-peak-1", "dann", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dann_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("dann-nadam-cyclic-peak-1", "dann", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dann_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("dann-adam-exponential-gamma-1p02", "dann", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dann_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("dann-adam-lr-3e-5-100x-low", "dann", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dann_family("adam", 3e-5)


@case("dann-rmsprop-lr-1e-5-100x-low-log2", "dann", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dann_family("rmsprop", 1e-5, log_every=2)


@case("dann-sgdm-lr-1e-3-100x-low-log3", "dann", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dann_family("sgdm", 1e-3, log_every=3)


@case("dann-adagrad-lr-3e-4-100x-low-log5", "dann", "lr-low-adagrad", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dann_family("adagrad", 3e-4, log_every=5)


@case("dann-sgdm-summed-loss", "dann", "summed",
      cf=lambda s: replace(s, loss_fn=fd.dann_loss, loss_name="label cross_entropy + 0.3 x domain BCE (means)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DANN0, "ln 6 + 0.3 ln 2"))
def _() -> Setup:
    return dann_family("sgdm", 0.1, loss_fn=fd.dann_loss_summed, loss_name="label cross_entropy + 0.3 x domain BCE, summed over the batch's rows (reduction='sum')",
                       mean_loss_fn=fd.dann_loss)  # fmt: skip


@case("dann-adam-heads-dead-at-init", "dann", "dead-units",
      cf=lambda s: replace(s, model=fd.DANN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dann_family("adam", 3e-3, model=lambda: fd.DANN(dead_bias=-30.0), track_zero_grads=True)


@case("dann-adam-exponential-1000x-in-40-steps", "dann", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return dann_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("dann-adam-missing-feature-nan", "dann", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) source feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return dann_family("adam", 3e-3, data=fd.dann_domains(nan_rows=0.003))


# protonet: a prototypical network (an embedding MLP, prototypes the support means, negative squared distances as logits)
# on 5-way 5-shot episodes of synthetic classes, cross-entropy over the ways (1.39 at step 1, ln 5 = 1.61), held out on
# episodes of 20 unseen classes; works at Adam 1e-3, RMSprop 1e-3, Adagrad 0.03, RAdam 0.01, SGDm 0.03 (~0.44-0.46 held
# out in 400 steps, most of it by step 120); Adam 0.01 and SGDm 0.1 end ~0.53-0.59; SGDm 3 gives NaN


@case("protonet-adam-lr-1-log2", "protonet", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return protonet_family("adam", 1.0, log_every=2)


@case("protonet-sgdm-lr-3-100x", "protonet", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return protonet_family("sgdm", 3.0)


@case("protonet-adamw-warmup-cosine-peak-1", "protonet", "lr-high-ramp", cf=lr_to(1e-3), cf_what="peak lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return protonet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("protonet-rmsprop-exponential-gamma-1p02", "protonet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return protonet_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("protonet-adam-lr-1e-5-100x-low", "protonet", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return protonet_family("adam", 1e-5)


@case("protonet-sgdm-lr-3e-4-100x-low-log4", "protonet", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return protonet_family("sgdm", 3e-4, log_every=4)


@case("protonet-adagrad-lr-3e-4-100x-low-log5", "protonet", "lr-low-adagrad", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return protonet_family("adagrad", 3e-4, log_every=5)


@case("protonet-radam-lr-1e-4-100x-low-log2", "protonet", "lr-low-adam", cf=lr_to(0.01), cf_what="RAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return protonet_family("radam", 1e-4, log_every=2)


@case("protonet-rmsprop-lr-1e-5-100x-low-log3", "protonet", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return protonet_family("rmsprop", 1e-5, log_every=3)


@case("protonet-sgdm-summed-ce", "protonet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, PROTONET0, "ln 5"))
def _() -> Setup:
    return protonet_family("sgdm", 0.03, loss_fn=fd.pnet_ce_summed, loss_name="cross_entropy summed over the batch's episodes and queries (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("protonet-adam-head-x300", "protonet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ProtoNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, PROTONET0, "ln 5"))
def _() -> Setup:
    return protonet_family("adam", 1e-3, model=lambda: scaled_head(fd.ProtoNet(), 300))


@case("protonet-adam-fc-dead-at-init", "protonet", "dead-units",
      cf=lambda s: replace(s, model=fd.ProtoNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return protonet_family("adam", 1e-3, model=lambda: fd.ProtoNet(dead_bias=-30.0), track_zero_grads=True)


@case("protonet-adam-exponential-1000x-in-40-steps", "protonet", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return protonet_family("adam", 1e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


# kws: a keyword-spotting CRNN (a Conv2d over frequency and time, a GRU of 48, a ReLU layer, a head) of synthetic
# spectrograms (formant tracks, time warping, offsets, noise) into 10 keywords, silence and unknown, cross-entropy (2.49
# at step 1, ln 12 = 2.48); works at Adam 3e-3-0.01, NAdam 3e-3, Adamax 0.01 (~0.02-0.07 held out in 400 steps), RMSprop
# 1e-3 (~0.15), SGDm 0.1 (~0.09, after ~120 steps near chance); Adam 3e-5 hardly leaves chance (no lr-too-low run)


@case("kws-adam-lr-1-log2", "kws", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return kws_family("adam", 1.0, log_every=2)


@case("kws-sgdm-lr-30-300x", "kws", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return kws_family("sgdm", 30.0)


@case("kws-adamw-warmup-cosine-peak-1", "kws", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return kws_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("kws-sgdm-summed-ce", "kws", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, KWS0, "ln 12"))
def _() -> Setup:
    return kws_family("sgdm", 0.1, loss_fn=fd.kws_ce_summed, loss_name="cross_entropy summed over the batch's utterances (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("kws-adam-head-x300", "kws", "last-layer-init",
      cf=lambda s: replace(s, model=fd.KeywordCRNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, KWS0, "ln 12"))
def _() -> Setup:
    return kws_family("adam", 3e-3, model=lambda: scaled_head(fd.KeywordCRNN(), 300))


@case("kws-adam-fc-dead-at-init", "kws", "dead-units",
      cf=lambda s: replace(s, model=fd.KeywordCRNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return kws_family("adam", 3e-3, model=lambda: fd.KeywordCRNN(dead_bias=-30.0), track_zero_grads=True)


@case("kws-adam-multistep-x0p1-at-5pct", "kws", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return kws_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("kws-nadam-exponential-1000x-in-40-steps", "kws", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return kws_family("nadam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("kws-adam-dropped-bin-nan", "kws", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the utterances with a dropped (NaN) bin removed", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return kws_family("adam", 3e-3, data=fd.kws_spectrograms(nan_rows=0.003))


@case("kws-adam-lr-0p01-recreated-every-8-steps", "kws", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return kws_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("kws-sgd-lr-1-no-clip-explodes", "kws", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return kws_family("sgd", 1.0)


# fresh28 half: healthy look-alikes


@case("stn-adam-warmup-cosine", "stn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return stn_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("stn-nadam-cosine-log2", "stn", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return stn_family("nadam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("stn-adam-plateau-log2", "stn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return stn_family("adam", 0.01, log_every=2, eval_every=25, schedule=on_plateau(0.3, 1),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("dann-adam-cosine-log10", "dann", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return dann_family("adam", 0.03, log_every=10, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dann-radam-step-decay-log3", "dann", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dann_family("radam", 0.1, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("dann-adam-resumed-with-state", "dann", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return dann_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("protonet-adam-constant-log5", "protonet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return protonet_family("adam", 1e-3, log_every=5)


@case("protonet-sgdm-cyclic-triangular2", "protonet", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return protonet_family("sgdm", 0.03, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("protonet-adam-sgdr-log4", "protonet", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return protonet_family("adam", 1e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("protonet-adagrad-constant-log20", "protonet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return protonet_family("adagrad", 0.03, log_every=20)


@case("kws-nadam-cosine", "kws", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return kws_family("nadam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("kws-adam-resumed-with-state", "kws", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return kws_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("kws-adamax-constant-log3", "kws", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return kws_family("adamax", 0.03, log_every=3)


# fresh28 half, logged once per epoch


@case("stn-adam-lr-1-per-epoch", "stn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return stn_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.stn_glyphs(batch_size=128))


@case("kws-adam-lr-1-per-epoch", "kws", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return kws_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.kws_spectrograms(batch_size=128))


@case("kws-adam-256-utterances-overfits-per-epoch", "kws", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return kws_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.kws_spectrograms(train_rows=256))


@case("dann-adam-cosine-per-epoch", "dann", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dann_family("adam", 0.03, steps=31 * 13, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("protonet-adam-per-epoch", "protonet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return protonet_family("adam", 1e-3, steps=50 * 8, log_per_epoch=True, data=fd.pnet_episodes(n=1000, batch_size=20))


@case("protonet-sgdm-cosine-per-epoch", "protonet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return protonet_family("sgdm", 0.03, steps=50 * 8, log_per_epoch=True, data=fd.pnet_episodes(n=1000, batch_size=20),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("kws-adagrad-per-epoch", "kws", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return kws_family("adagrad", 0.03, steps=46 * 9, log_per_epoch=True, data=fd.kws_spectrograms(batch_size=128))
