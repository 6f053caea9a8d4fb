"""The forty-sixth fresh half (fresh44, held out from all tuning):
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


def maxout_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 classes")
    knobs.setdefault("meta", {"model": "Maxout MLP: two Maxout layers 12-48-48 of 3 pieces, a ReLU layer 48-32, a head",
                              "features": fd.MAXOUT_FEATURES, "classes": fd.MAXOUT_CLASSES, "pieces": fd.MAXOUT_PIECES,
                              "held_out": "cross-entropy on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.maxout_rows(), knobs.pop("model", None) or fd.MaxoutNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def film_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 answers")
    knobs.setdefault("meta", {"model": "FiLM-conditioned CNN: a question embedding scales and shifts the second convolution's feature maps, a 2 x 2 max pool, a ReLU layer, a head",
                              "image_size": fd.FILM_SIZE, "questions": fd.FILM_QUESTIONS, "classes": fd.FILM_ANSWERS,
                              "held_out": "cross-entropy on new scenes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.film_scenes(), knobs.pop("model", None) or fd.FiLMNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def deepfm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.deepfm_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the clicks (mean)")
    knobs.setdefault("meta", {"model": "DeepFM: first-order weights, a factorization machine of 4-d value embeddings, a deep ReLU part 26-64-32-1",
                              "fields": fd.DEEPFM_FIELDS, "values_per_field": fd.DEEPFM_VALUES, "dense": fd.DEEPFM_DENSE,
                              "held_out": "BCE on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.deepfm_clicks(), knobs.pop("model", None) or fd.DeepFMNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def convmixer_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 stroke patterns")
    knobs.setdefault("meta", {"model": "ConvMixer-like CNN: a 2 x 2 patch embedding, 2 blocks of depthwise 5 x 5 and pointwise 1 x 1 convolutions (GELU, BatchNorm), global max pooling, a ReLU layer, a head",
                              "image_size": fd.CONVMIXER_SIZE, "classes": fd.CONVMIXER_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.convmixer_strokes(), knobs.pop("model", None) or fd.ConvMixerNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


CONVMIXER0, FILM0, MAXOUT0, DEEPFM0 = (LN(fd.CONVMIXER_CLASSES), LN(fd.FILM_ANSWERS), LN(fd.MAXOUT_CLASSES), LN(2))
"""Where the families start: the ConvMixer-like CNN and the Maxout MLP at ln 5, the FiLM CNN at ln 4, DeepFM's BCE at
ln 2 (a logit of 0)."""


# convmixer: a ConvMixer-like CNN (a 2 x 2 patch embedding, depthwise 5 x 5 and pointwise 1 x 1 mixing blocks, global
# max pooling) naming one of 5 stroke patterns in 12 x 12 images, cross-entropy (~1.8 at step 1, ln 5 = 1.61); works at
# Adam 3e-3-0.01


@case("convmixer-adam-lr-1-log4", "convmixer", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return convmixer_family("adam", 1.0, log_every=4)


@case("convmixer-adamw-warmup-cosine-peak-1", "convmixer", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return convmixer_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("convmixer-adam-lr-3e-5-100x-low", "convmixer", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return convmixer_family("adam", 3e-5)


@case("convmixer-radam-lr-3e-5-100x-low-log3", "convmixer", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return convmixer_family("radam", 3e-5, log_every=3)


@case("convmixer-adam-head-x1000", "convmixer", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ConvMixerNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CONVMIXER0, "ln 5"))
def _() -> Setup:
    return convmixer_family("adam", 3e-3, model=lambda: scaled_head(fd.ConvMixerNet(), 1000))


@case("convmixer-adam-multistep-x0p1-at-5pct", "convmixer", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return convmixer_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("convmixer-adam-missing-pixel-nan", "convmixer", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return convmixer_family("adam", 3e-3, data=fd.convmixer_strokes(nan_rows=0.003))


@case("convmixer-adam-fc-dead-at-init", "convmixer", "dead-units",
      cf=lambda s: replace(s, model=fd.ConvMixerNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return convmixer_family("adam", 3e-3, model=lambda: fd.ConvMixerNet(dead_bias=-30.0), track_zero_grads=True)


@case("convmixer-adam-lr-0p01-recreated-every-4-steps", "convmixer", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return convmixer_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("convmixer-adam-lr-0p05-no-warmup", "convmixer", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return convmixer_family("adam", 0.05)


# film: a FiLM-conditioned CNN (a question's embedding scales and shifts the second convolution's feature maps)
# answering one of 3 questions about a square and a bar in 10 x 10 scenes, cross-entropy over 4 answers (1.42 at step 1,
# ln 4 = 1.39); works at Adam 3e-3-0.01


@case("film-adam-lr-1", "film", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return film_family("adam", 1.0)


@case("film-sgdm-lr-30-1000x", "film", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return film_family("sgdm", 30.0)


@case("film-adamw-warmup-cosine-peak-1", "film", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return film_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("film-adam-exponential-gamma-1p02", "film", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return film_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("film-adam-lr-3e-5-100x-low", "film", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return film_family("adam", 3e-5)


@case("film-rmsprop-lr-1e-5-100x-low-log4", "film", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return film_family("rmsprop", 1e-5, log_every=4)


@case("film-sgdm-summed-ce", "film", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, FILM0, "ln 4"))
def _() -> Setup:
    return film_family("sgdm", 0.03, loss_fn=fd.film_ce_summed, loss_name="cross_entropy summed over the batch's scenes (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("film-adam-head-x1000", "film", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FiLMNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, FILM0, "ln 4"))
def _() -> Setup:
    return film_family("adam", 3e-3, model=lambda: scaled_head(fd.FiLMNet(), 1000))


@case("film-adam-multistep-x0p1-at-5pct", "film", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return film_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("film-adam-fc-dead-at-init", "film", "dead-units",
      cf=lambda s: replace(s, model=fd.FiLMNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return film_family("adam", 3e-3, model=lambda: fd.FiLMNet(dead_bias=-30.0), track_zero_grads=True)


@case("film-adam-lr-0p01-recreated-every-4-steps", "film", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return film_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


@case("film-sgd-lr-1-no-clip", "film", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return film_family("sgd", 1.0)


# maxout: a Maxout MLP (two Maxout layers of 48 units of 3 pieces, a ReLU layer) naming the class a random teacher
# network gives 12 features, cross-entropy over 5 (1.65 at step 1, ln 5 = 1.61); works at Adam 3e-3-0.01


@case("maxout-adam-lr-1-log2", "maxout", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return maxout_family("adam", 1.0, log_every=2)


@case("maxout-sgdm-lr-30-1000x", "maxout", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return maxout_family("sgdm", 30.0)


@case("maxout-adamw-warmup-cosine-peak-1", "maxout", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return maxout_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("maxout-rmsprop-exponential-gamma-1p02", "maxout", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return maxout_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("maxout-adam-lr-1e-4-100x-low", "maxout", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return maxout_family("adam", 1e-4)


@case("maxout-rmsprop-lr-1e-5-100x-low-log2", "maxout", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return maxout_family("rmsprop", 1e-5, log_every=2)


@case("maxout-sgdm-summed-ce", "maxout", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, MAXOUT0, "ln 5"))
def _() -> Setup:
    return maxout_family("sgdm", 0.03, loss_fn=fd.maxout_ce_summed, loss_name="cross_entropy summed over the batch's rows (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("maxout-adam-head-x1000", "maxout", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MaxoutNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MAXOUT0, "ln 5"))
def _() -> Setup:
    return maxout_family("adam", 0.01, model=lambda: scaled_head(fd.MaxoutNet(), 1000))


@case("maxout-adam-exponential-1000x-in-40-steps", "maxout", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return maxout_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("maxout-adam-missing-feature-nan", "maxout", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return maxout_family("adam", 0.01, data=fd.maxout_rows(nan_rows=0.003))


@case("maxout-adam-fc-dead-at-init", "maxout", "dead-units",
      cf=lambda s: replace(s, model=fd.MaxoutNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return maxout_family("adam", 0.01, model=lambda: fd.MaxoutNet(dead_bias=-30.0), track_zero_grads=True)


@case("maxout-adam-lr-0p01-recreated-every-4-steps", "maxout", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return maxout_family("adam", 0.01, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# deepfm: DeepFM (first-order weights, a factorization machine of value embeddings and a deep part sharing them) of a
# click log of 6 categorical fields and 2 dense features, BCE with logits (0.72 at step 1, ln 2 = 0.69); works at Adam
# 1e-3-0.01


@case("deepfm-adam-lr-1-log2", "deepfm", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return deepfm_family("adam", 1.0, log_every=2)


@case("deepfm-sgdm-lr-10-1000x", "deepfm", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deepfm_family("sgdm", 10.0)


@case("deepfm-nadam-cyclic-peak-1", "deepfm", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deepfm_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("deepfm-adam-lr-1e-4-100x-low", "deepfm", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return deepfm_family("adam", 1e-4)


@case("deepfm-sgdm-summed", "deepfm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.deepfm_bce, loss_name="binary_cross_entropy_with_logits (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DEEPFM0, "ln 2"))
def _() -> Setup:
    return deepfm_family("sgdm", 0.01, loss_fn=fd.deepfm_bce_summed, loss_name="binary_cross_entropy_with_logits summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.deepfm_bce, mean_loss_fn=fd.deepfm_bce)  # fmt: skip


@case("deepfm-adam-head-x3000", "deepfm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DeepFMNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DEEPFM0, "ln 2"))
def _() -> Setup:
    return deepfm_family("adam", 3e-3, model=lambda: scaled_head(fd.DeepFMNet(), 3000))


@case("deepfm-adam-exponential-1000x-in-40-steps", "deepfm", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return deepfm_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("deepfm-adam-missing-feature-nan", "deepfm", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return deepfm_family("adam", 3e-3, data=fd.deepfm_clicks(nan_rows=0.003))


@case("deepfm-adam-256-rows-overfits", "deepfm", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return deepfm_family("adam", 0.01, steps=600, eval_every=30, data=fd.deepfm_clicks(train_rows=256))


@case("deepfm-adam-lr-0p05-no-warmup", "deepfm", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return deepfm_family("adam", 0.05)


# fresh44 half: healthy look-alikes


@case("deepfm-adam-warmup-cosine", "deepfm", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return deepfm_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("convmixer-adam-cosine-log2", "convmixer", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.CONVMIXER_CLASSES))
def _() -> Setup:
    return convmixer_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("film-adam-cosine", "film", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.FILM_ANSWERS))
def _() -> Setup:
    return film_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("deepfm-adagrad-cosine-log20", "deepfm", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return deepfm_family("adagrad", 0.03, log_every=20, schedule=cosine_after(0.0), schedule_name="cosine")


@case("convmixer-nadam-sgdr-log4", "convmixer", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fd.CONVMIXER_CLASSES))
def _() -> Setup:
    return convmixer_family("nadam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("film-radam-step-decay-log3", "film", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.FILM_ANSWERS))
def _() -> Setup:
    return film_family("radam", 0.03, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("maxout-adagrad-step-decay", "maxout", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.MAXOUT_CLASSES))
def _() -> Setup:
    return maxout_family("adagrad", 0.1, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("maxout-sgdm-cyclic-triangular2", "maxout", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(fd.MAXOUT_CLASSES))
def _() -> Setup:
    return maxout_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("deepfm-sgdm-one-cycle", "deepfm", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return deepfm_family("sgdm", 0.3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("maxout-nesterov-one-cycle", "maxout", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.MAXOUT_CLASSES))
def _() -> Setup:
    return maxout_family("nesterov", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("maxout-adamw-warmup-linear-avg10", "maxout", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.MAXOUT_CLASSES))
def _() -> Setup:
    return maxout_family("adamw", 0.03, log_every=10, average=True, schedule=linear_decay_after(0.05),
                       schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("deepfm-adam-resumed-with-state", "deepfm", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return deepfm_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("film-adam-resumed-with-state", "film", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.FILM_ANSWERS))
def _() -> Setup:
    return film_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("convmixer-rmsprop-constant-log5", "convmixer", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.CONVMIXER_CLASSES))
def _() -> Setup:
    return convmixer_family("rmsprop", 3e-3, log_every=5)


@case("deepfm-adam-constant-log5", "deepfm", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return deepfm_family("adam", 3e-3, log_every=5)


# fresh44 half, logged once per epoch


@case("deepfm-adam-256-rows-overfits-per-epoch", "deepfm", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return deepfm_family("adam", 0.01, steps=4 * 150, log_per_epoch=True, data=fd.deepfm_clicks(train_rows=256, batch_size=64))


@case("convmixer-adam-lr-1-per-epoch", "convmixer", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return convmixer_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.convmixer_strokes(n=2944, batch_size=64))


@case("film-adam-lr-1-per-epoch", "film", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return film_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.film_scenes(n=5888, batch_size=128))


@case("convmixer-adam-cosine-per-epoch", "convmixer", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.CONVMIXER_CLASSES))
def _() -> Setup:
    return convmixer_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.convmixer_strokes(n=5888, batch_size=128),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("deepfm-adam-cosine-per-epoch", "deepfm", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return deepfm_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.deepfm_clicks(n=2944, batch_size=64),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("film-adam-cosine-per-epoch", "film", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.FILM_ANSWERS))
def _() -> Setup:
    return film_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.film_scenes(n=5888, batch_size=128),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("maxout-adam-cosine-per-epoch", "maxout", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.MAXOUT_CLASSES))
def _() -> Setup:
    return maxout_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.maxout_rows(n=2944, batch_size=64),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
