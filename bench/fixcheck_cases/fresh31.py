"""The thirty-first fresh half (fresh31, held out from all tuning):
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


def caption_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy per caption token (ignore_index=-100 after <eos>)")
    knobs.setdefault("meta", {"model": "image captioning: a CNN encoder, its features the first state of a GRU decoder, teacher forcing",
                              "vocab_size": len(fd.CAPT_WORDS), "caption_tokens": fd.CAPT_LEN,
                              "held_out": "token cross-entropy on the captions of new scenes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.caption_scenes(), knobs.pop("model", None) or fd.CaptionNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def barlow_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.barlow_loss)
    knobs.setdefault("loss_name", "Barlow Twins loss: sum (1 - C_ii)^2 + 0.05 x sum_{i != j} C_ij^2 of the batch-standardised cross-correlation")
    knobs.setdefault("meta", {"model": "Barlow Twins: a ReLU MLP encoder and a projector (BatchNorm) applied to each of two augmented views",
                              "code_dim": fd.BARLOW_CODE, "lambda": fd.BARLOW_LAMBDA,
                              "held_out": "the Barlow Twins loss of the new rows' two views, all at once"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.barlow_views(), knobs.pop("model", None) or fd.BarlowTwins, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def textcnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes")
    knobs.setdefault("meta", {"model": "Kim-style text CNN: embeddings, Conv1d of widths 3/4/5, max over time, dropout, a linear head",
                              "vocab_size": fd.TCNN_VOCAB, "sentence_length": fd.TCNN_LEN, "classes": fd.TCNN_CLASSES,
                              "held_out": "cross-entropy on new sentences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.textcnn_sentences(), knobs.pop("model", None) or fd.KimTextCNN, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def siamese_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.siamese_mean)
    knobs.setdefault("loss_name", "contrastive loss (Hadsell et al.): 1/2 d^2 same class, 1/2 max(0, 1 - d)^2 otherwise (mean)")
    knobs.setdefault("meta", {"model": "siamese ReLU MLP 16-64-64-8, shared weights", "margin": fd.SIAMESE_MARGIN,
                              "held_out": "contrastive loss on new pairs"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.siamese_pairs(), knobs.pop("model", None) or fd.SiameseNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


CAPT0, BARLOW0, TCNN0, SIAM0 = LN(len(fd.CAPT_WORDS)), 5.0, LN(fd.TCNN_CLASSES), 0.15
"""Where the families start: the captioner at ln 11 (2.42 at step 1: every token alike), the text CNN at ln 4 (1.48-1.55);
the Barlow Twins loss at ~5 (4.6-5.2 at step 1), not ln C: the two views of a row stay correlated through a fresh network
(the 16 on-diagonal terms (1 - C_ii)^2) and so do its 16 codes with one another (0.05 x the 240 off-diagonal C_ij^2); the
siamese contrastive loss at ~0.15 (0.13-0.16 at step 1), not ln 2: the embeddings of a fresh network are small (d ~ 0.3-0.5),
so a pair of one class costs ~1/2 d^2 and a pair of two ~1/2 (1 - d)^2."""


# caption: a captioner of synthetic scenes (a CNN encoder with BatchNorm, its features the first state and every step's
# input of a GRU decoder, teacher forcing) of 1-3 coloured shapes in 3 slots, cross-entropy per caption token (2.42 at
# step 1, ln 11); works at Adam 3e-3-0.03, SGDm 0.3, RMSprop 1e-3-3e-3 (~0.31-0.45 held out in 400 steps); Adam 0.1
# falls into a plateau near 1.0 (a language model that ignores the image), with a warmup as well at one seed of two


@case("caption-adam-lr-1-log4", "caption", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return caption_family("adam", 1.0, log_every=4)


@case("caption-adamw-warmup-cosine-peak-1", "caption", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return caption_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("caption-nadam-cyclic-peak-1", "caption", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return caption_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("caption-adam-lr-1e-4-100x-low", "caption", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return caption_family("adam", 1e-4)


@case("caption-rmsprop-lr-1e-5-100x-low-log2", "caption", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return caption_family("rmsprop", 1e-5, log_every=2)


@case("caption-sgdm-summed-ce", "caption", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy per token (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, CAPT0, "ln 11"))
def _() -> Setup:
    return caption_family("sgdm", 0.3, loss_fn=fd.caption_ce_summed, loss_name="cross_entropy summed over the batch's caption tokens (reduction='sum')",
                          val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("caption-adam-head-x300", "caption", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CaptionNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CAPT0, "ln 11"))
def _() -> Setup:
    return caption_family("adam", 0.01, model=lambda: scaled_head(fd.CaptionNet(), 300))


@case("caption-adam-fc-dead-at-init", "caption", "dead-units",
      cf=lambda s: replace(s, model=fd.CaptionNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return caption_family("adam", 0.01, model=lambda: fd.CaptionNet(dead_bias=-30.0), track_zero_grads=True)


@case("caption-adam-multistep-x0p1-at-5pct", "caption", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return caption_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("caption-adam-missing-pixel-nan", "caption", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the scenes with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return caption_family("adam", 0.01, data=fd.caption_scenes(nan_rows=0.003))


@case("caption-adam-lr-0p01-recreated-every-8-steps", "caption", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return caption_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


# barlow: Barlow Twins (a ReLU MLP encoder and a BatchNorm projector on each of two augmented views of rows driven by 6
# latent factors), the loss of the batch-standardised cross-correlation (4.6-5.2 at step 1); works at Adam 3e-3-0.1,
# SGDm 3e-3-0.03, Adagrad 0.03 (~0.39-0.49 held out in 400 steps); lr-insensitive: bounded (|C_ij| <= 1), it cannot blow up


@case("barlow-adam-lr-1-log2", "barlow", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return barlow_family("adam", 1.0, log_every=2)


@case("barlow-sgdm-lr-10-1000x", "barlow", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return barlow_family("sgdm", 10.0)


@case("barlow-adam-lr-1e-4-100x-low", "barlow", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return barlow_family("adam", 1e-4)


@case("barlow-radam-lr-1e-4-100x-low-log3", "barlow", "lr-low-adam", cf=lr_to(0.01), cf_what="RAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return barlow_family("radam", 1e-4, log_every=3)


@case("barlow-sgdm-cross-correlation-summed", "barlow", "summed",
      cf=lambda s: replace(s, loss_fn=fd.barlow_loss, loss_name="Barlow Twins loss, C divided by the batch size"),
      cf_what="C divided by the batch size (its mean)",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BARLOW0, "the Barlow Twins loss of a fresh network"))
def _() -> Setup:
    return barlow_family("sgdm", 0.01, loss_fn=fd.barlow_unscaled, loss_name="Barlow Twins loss of C summed over the batch (not divided by its size)",
                         val_loss_fn=fd.barlow_loss, mean_loss_fn=fd.barlow_loss)  # fmt: skip


@case("barlow-adam-fc-dead-at-init", "barlow", "dead-units",
      cf=lambda s: replace(s, model=fd.BarlowTwins), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return barlow_family("adam", 0.01, model=lambda: fd.BarlowTwins(dead_bias=-30.0), track_zero_grads=True)


@case("barlow-adam-exponential-1000x-in-40-steps", "barlow", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return barlow_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("barlow-adam-missing-feature-nan", "barlow", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return barlow_family("adam", 0.01, data=fd.barlow_views(nan_rows=0.003))


@case("barlow-adam-lr-0p3-no-warmup", "barlow", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return barlow_family("adam", 0.3)


# textcnn: a Kim-style CNN (embeddings, Conv1d of widths 3/4/5, max over time, dropout 0.3) classifying sentences by the
# trigram planted in them (4 classes, 6% random labels), cross-entropy (1.55 at step 1, ln 4 = 1.39); works at Adam
# 3e-3-0.03, SGDm 0.1, Adagrad 0.1 (~0.22-0.33 held out in 400 steps)


@case("textcnn-adam-lr-1-log2", "textcnn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return textcnn_family("adam", 1.0, log_every=2)


@case("textcnn-sgdm-lr-100-1000x", "textcnn", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return textcnn_family("sgdm", 100.0)


@case("textcnn-adamw-warmup-cosine-peak-1", "textcnn", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return textcnn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("textcnn-adam-exponential-gamma-1p02", "textcnn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return textcnn_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("textcnn-adam-lr-1e-4-100x-low", "textcnn", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return textcnn_family("adam", 1e-4)


@case("textcnn-sgdm-summed-ce", "textcnn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TCNN0, "ln 4"))
def _() -> Setup:
    return textcnn_family("sgdm", 0.1, loss_fn=fd.textcnn_ce_summed, loss_name="cross_entropy summed over the batch's sentences (reduction='sum')",
                          val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("textcnn-adam-head-x300", "textcnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.KimTextCNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, TCNN0, "ln 4"))
def _() -> Setup:
    return textcnn_family("adam", 0.01, model=lambda: scaled_head(fd.KimTextCNN(), 300))


@case("textcnn-adam-convs-dead-at-init", "textcnn", "dead-units",
      cf=lambda s: replace(s, model=fd.KimTextCNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return textcnn_family("adam", 0.01, model=lambda: fd.KimTextCNN(dead_bias=-30.0), track_zero_grads=True)


@case("textcnn-adam-multistep-x0p1-at-5pct", "textcnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return textcnn_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("textcnn-adam-lr-0p01-recreated-every-8-steps", "textcnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return textcnn_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("textcnn-sgd-lr-1-no-clip", "textcnn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return textcnn_family("sgd", 1.0)


# siamese: a siamese ReLU MLP (16-64-64-8) embedding pairs of noisy class prototypes (10 classes), the contrastive loss
# with margin 1 (0.13-0.16 at step 1, not ln 2); works at Adam 3e-3-0.01, SGDm 0.1-0.3 (~0.019-0.023 held out in 400 steps)


@case("siamese-adam-lr-1", "siamese", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return siamese_family("adam", 1.0)


@case("siamese-sgdm-lr-100-1000x", "siamese", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return siamese_family("sgdm", 100.0)


@case("siamese-adamw-warmup-cosine-peak-1", "siamese", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return siamese_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("siamese-rmsprop-exponential-gamma-1p02", "siamese", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return siamese_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("siamese-adam-lr-3e-5-100x-low", "siamese", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return siamese_family("adam", 3e-5)


@case("siamese-sgdm-lr-1e-3-100x-low-log4", "siamese", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return siamese_family("sgdm", 1e-3, log_every=4)


@case("siamese-adam-head-x300", "siamese", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SiameseNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SIAM0, "the contrastive loss of a fresh network"))
def _() -> Setup:
    return siamese_family("adam", 3e-3, model=lambda: scaled_head(fd.SiameseNet(), 300))


@case("siamese-adam-fc-dead-at-init", "siamese", "dead-units",
      cf=lambda s: replace(s, model=fd.SiameseNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return siamese_family("adam", 3e-3, model=lambda: fd.SiameseNet(dead_bias=-30.0), track_zero_grads=True)


@case("siamese-adam-exponential-1000x-in-40-steps", "siamese", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return siamese_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("siamese-adam-missing-feature-nan", "siamese", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the pairs with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return siamese_family("adam", 3e-3, data=fd.siamese_pairs(nan_rows=0.003))


@case("siamese-adam-256-pairs-overfits", "siamese", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return siamese_family("adam", 3e-3, steps=600, eval_every=30, data=fd.siamese_pairs(train_rows=256))


@case("siamese-adam-lr-3e-3-recreated-every-8-steps", "siamese", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return siamese_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(8, 400, 8)))


# fresh31 half: healthy look-alikes


@case("caption-adam-cosine-log2", "caption", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(len(fd.CAPT_WORDS)))
def _() -> Setup:
    return caption_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("caption-nadam-sgdr-log4", "caption", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(len(fd.CAPT_WORDS)))
def _() -> Setup:
    return caption_family("nadam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("caption-rmsprop-constant-log5", "caption", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(len(fd.CAPT_WORDS)))
def _() -> Setup:
    return caption_family("rmsprop", 2e-3, log_every=5)


@case("caption-adamw-warmup-linear-avg10", "caption", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(len(fd.CAPT_WORDS)))
def _() -> Setup:
    return caption_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                          schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("barlow-adam-warmup-cosine", "barlow", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return barlow_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("barlow-sgdm-one-cycle", "barlow", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return barlow_family("sgdm", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("barlow-adagrad-constant-log20", "barlow", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return barlow_family("adagrad", 0.03, log_every=20)


@case("barlow-adam-resumed-with-state", "barlow", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return barlow_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("textcnn-adam-cosine", "textcnn", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.TCNN_CLASSES))
def _() -> Setup:
    return textcnn_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("textcnn-sgdm-cyclic-triangular2", "textcnn", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape(fd.TCNN_CLASSES))
def _() -> Setup:
    return textcnn_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("textcnn-nesterov-one-cycle", "textcnn", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.TCNN_CLASSES))
def _() -> Setup:
    return textcnn_family("sgdm", 0.1, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("textcnn-radam-step-decay-log3", "textcnn", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.TCNN_CLASSES))
def _() -> Setup:
    return textcnn_family("radam", 0.1, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("siamese-adam-constant-log5", "siamese", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return siamese_family("adam", 3e-3, log_every=5)


@case("siamese-adam-resumed-with-state", "siamese", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return siamese_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("siamese-sgdm-step-decay", "siamese", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return siamese_family("sgdm", 0.3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


# fresh31 half, logged once per epoch


@case("siamese-adam-256-pairs-overfits-per-epoch", "siamese", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return siamese_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.siamese_pairs(train_rows=256))


@case("caption-adam-lr-1-per-epoch", "caption", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return caption_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.caption_scenes(n=2944, batch_size=64))


@case("textcnn-adam-lr-1-per-epoch", "textcnn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return textcnn_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.textcnn_sentences(n=2944, batch_size=64))


@case("caption-adam-cosine-per-epoch", "caption", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(len(fd.CAPT_WORDS)))
def _() -> Setup:
    return caption_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.caption_scenes(n=2944, batch_size=64),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("barlow-adam-per-epoch", "barlow", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return barlow_family("adam", 0.01, steps=46 * 9, log_per_epoch=True)


@case("textcnn-adagrad-per-epoch", "textcnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.TCNN_CLASSES))
def _() -> Setup:
    return textcnn_family("adagrad", 0.1, steps=46 * 9, log_per_epoch=True, data=fd.textcnn_sentences(n=2944, batch_size=64))


@case("siamese-adam-cosine-per-epoch", "siamese", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return siamese_family("adam", 0.01, steps=62 * 7, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")
