"""The third fresh half (fresh3, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import fixcheck_data as fd
from fixcheck_cases.fresh import explodes, on_plateau
from fixcheck_cases.fresh2 import without_missing_targets
from fixcheck_cases.tune import C4, HIGH
from fixcheck_core import (
    anything, at_chance, case, dead_from, early_rise, first_dead, first_loss_above, first_nan, flat_late,
    healthy_shape, imputed, lr_down_by, lr_to, nan_within, never_below_start, overfits, rises_after_dip, setup,
    still_falling,
)
from harness import (
    LN, Setup, cosine_after, cross_entropy, cyclic, exponential, exponential_to, linear_decay_after, multistep,
    one_cycle, scaled_head, warm_restarts,
)


def segment(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_name", "cross_entropy (per pixel)")
    return setup(knobs.pop("data", None) or fd.shape_masks(), knobs.pop("model", None) or fd.TinyUNet, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def seq2seq(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_name", "cross_entropy (per target token)")
    return setup(knobs.pop("data", None) or fd.reversal_pairs(), knobs.pop("model", None) or fd.Seq2Seq, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def points(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    return setup(knobs.pop("data", None) or fd.point_clouds(), knobs.pop("model", None) or fd.DeepSets, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def distill(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.kd_loss)
    knobs.setdefault("loss_name", f"distillation: 0.7 T^2 KL(teacher || student) at T = {fd.KD_T:g} + 0.3 cross_entropy")
    knobs.setdefault("meta", {"num_classes": fd.KD_CLASSES, "temperature": fd.KD_T})
    return setup(knobs.pop("data", None) or fd.teacher_table(), knobs.pop("model", None) or fd.student_mlp, optimizer, lr,
                 steps, **knobs)  # fmt: skip


LN3, LN8 = LN(3), LN(fd.REV_VOCAB)
KD0 = fd.uniform_kd_loss()
"""The distillation loss of a student that knows nothing (equal logits): the distillation family's chance level."""

# segment: a two-level U-Net (width 8) segmenting 12x12 images of rectangles and discs per pixel (3 classes);
# works at Adam 3e-3..0.01, SGDm 0.1


@case("segment-unet-sgdm-lr-1-10x-from-step-1", "segment", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return segment("sgdm", 1.0)


@case("segment-unet-adam-lr-1e-4-30x-low", "segment", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return segment("adam", 1e-4)


@case("segment-unet-sgdm-multistep-x0p1-at-5pct", "segment", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return segment("sgdm", 0.1, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("segment-unet-adam-head-x300", "segment", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TinyUNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(20, LN3, "ln 3"))
def _() -> Setup:
    return segment("adam", 3e-3, model=lambda: scaled_head(fd.TinyUNet(), 300, bias=True))


@case("segment-unet3-sgd-summed-loss", "segment", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (per pixel)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, LN3, "ln 3"))
def _() -> Setup:
    return segment("sgd", 0.1, model=lambda: fd.TinyUNet(depth=3), loss_fn=fd.pixel_ce_summed,
                   loss_name="cross_entropy per pixel (reduction='sum')", val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("segment-unet-adam-decoder-dead-at-init", "segment", "dead-units",
      cf=lambda s: replace(s, model=fd.TinyUNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return segment("adam", 3e-3, model=lambda: fd.TinyUNet(dead_bias=-6.0), track_zero_grads=True)


@case("segment-unet16-adam-60-images-overfits", "segment", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return segment("adam", 3e-3, steps=300, eval_every=20, data=fd.shape_masks(train_rows=60),
                   model=lambda: fd.TinyUNet(width=16))  # fmt: skip


@case("segment-unet-rmsprop-lr-0p01-recreated-each-epoch", "segment", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=126, tol=5,
      shape=anything)
def _() -> Setup:
    return segment("rmsprop", 0.01, recreate_optimizer_at=frozenset(range(125, 400, 125)))


@case("segment-unet-adam-nan-pixel-early", "segment", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 40))
def _() -> Setup:
    return segment("adam", 3e-3, data=fd.shape_masks(nan_rows=0.01))


# seq2seq: a GRU encoder-decoder (hidden 48, teacher forcing) reversing 7 tokens of 8; works at Adam 3e-3,
# RMSprop 3e-3, SGD 1, SGDm 0.1-1


@case("seq2seq-rnn-sgd-lr-10-no-clip-explodes", "seq2seq", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=15, shape=explodes(10, 20))
def _() -> Setup:
    return seq2seq("sgd", 10.0, model=lambda: fd.Seq2Seq("rnn"))


@case("seq2seq-gru-adam-lr-0p1-30x-from-step-1", "seq2seq", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=anything)
def _() -> Setup:
    return seq2seq("adam", 0.1)


@case("seq2seq-gru-sgd-summed-loss", "seq2seq", "summed-lm",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, LN8, "ln 8"))
def _() -> Setup:
    return seq2seq("sgd", 1.0, loss_fn=fd.lm_summed, loss_name="cross_entropy (reduction='sum')", val_loss_fn=cross_entropy,
                   mean_loss_fn=cross_entropy)  # fmt: skip


@case("seq2seq-gru-adam-exponential-100x-in-100-steps", "seq2seq", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 100))
def _() -> Setup:
    return seq2seq("adam", 3e-3, schedule=exponential_to(0.01, 0.2), schedule_name="ExponentialLR per batch, x0.01 by step 100")


@case("seq2seq-gru-rmsprop-lr-0p01-resumed-without-state-x2", "seq2seq", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="optimizer state kept",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=167, tol=5,
      shape=anything)
def _() -> Setup:
    return seq2seq("rmsprop", 0.01, recreate_optimizer_at=frozenset({166, 333}))


@case("seq2seq-gru-sgd-lr-0p03-30x-low-log5", "seq2seq", "lr-low-sgd", cf=lr_to(1.0), cf_what="lr 1.0",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return seq2seq("sgd", 0.03, log_every=5)


@case("seq2seq-gru-sgdm-warmup-cosine-peak-3", "seq2seq", "lr-high-ramp", cf=lr_to(1.0), cf_what="peak lr 1.0",
      must=("lr-too-high",), may=HIGH, tol=500, shape=rises_after_dip(1.15))
def _() -> Setup:
    return seq2seq("sgdm", 3.0, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("seq2seq-lstm-adam-lr-1e-4-30x-low-log2", "seq2seq", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return seq2seq("adam", 1e-4, log_every=2, model=lambda: fd.Seq2Seq("lstm"))


# points: a DeepSets / PointNet set classifier (per-point MLP 2-32-64, max pooling, MLP 64-32-4) of 32-point 2-D
# clouds of four shapes; works at Adam / AdamW / RMSprop 3e-3, SGDm 0.1


@case("points-deepsets-adam-lr-0p1-dies-to-chance", "points", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=at_chance(C4, "ln 4"))
def _() -> Setup:
    return points("adam", 0.1)


@case("points-deepsets-adamw-lr-0p3-dies-to-chance-log4", "points", "lr-high-chance", cf=lr_to(3e-3),
      cf_what="AdamW lr 3e-3", must=("lr-too-high",), may=HIGH, tol=600, shape=at_chance(C4, "ln 4"))
def _() -> Setup:
    return points("adamw", 0.3, log_every=4)


@case("points-deepsets-adam-pooled-mlp-dead-at-init", "points", "dead-units",
      cf=lambda s: replace(s, model=fd.DeepSets), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return points("adam", 3e-3, model=fd.dead_pooled_deepsets, track_zero_grads=True)


@case("points-deepsets-sgdm-head-x300", "points", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DeepSets), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients", "non-finite-loss"),
      tol=20, shape=first_loss_above(20, C4, "ln 4"))
def _() -> Setup:
    return points("sgdm", 0.1, model=lambda: scaled_head(fd.DeepSets(), 300, bias=True))


@case("points-deepsets64-adamw-100-clouds-overfits", "points", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return points("adamw", 3e-3, eval_every=20, data=fd.point_clouds(train_rows=100), model=lambda: fd.DeepSets(width=64))


@case("points-deepsets-adam-lr-1e-4-30x-low", "points", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return points("adam", 1e-4)


@case("points-deepsets-rmsprop-lr-0p01-recreated-each-epoch", "points", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=126, tol=5,
      shape=anything)
def _() -> Setup:
    return points("rmsprop", 0.01, recreate_optimizer_at=frozenset(range(125, 600, 125)))


@case("points-deepsets-nesterov-exponential-gamma-1p01", "points", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip())
def _() -> Setup:
    return points("nesterov", 0.01, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("points-deepsets-adam-lr-0p03-no-warmup", "points", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "dead-units"), tol=60,
      shape=early_rise(1.2))
def _() -> Setup:
    return points("adam", 0.03)


# distill: a student ReLU MLP 20-48-48-5 distilled from a fixed random teacher's logits (KL at T = 4, plus
# cross-entropy with the hard label); works at Adam 3e-3, SGDm 0.1


@case("distill-mlp-adam-lr-0p3-dies-to-chance", "distill", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=at_chance(KD0, "the loss of equal logits"))
def _() -> Setup:
    return distill("adam", 0.3)


@case("distill-mlp-sgdm-lr-0p3-diverges-after-dip", "distill", "lr-high-diverge", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip())
def _() -> Setup:
    return distill("sgdm", 0.3)


@case("distill-mlp-sgd-lr-3-oscillates-log2", "distill", "lr-high-oscillation", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=never_below_start)
def _() -> Setup:
    return distill("sgd", 3.0, log_every=2)


@case("distill-mlp-sgd-lr-3e-3-100x-low-log5", "distill", "lr-low-sgd", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return distill("sgd", 3e-3, log_every=5)


@case("distill-mlp-sgdm-multistep-x0p1-at-5pct", "distill", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return distill("sgdm", 0.1, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("distill-mlp-sgdm-summed-loss", "distill", "summed",
      cf=lambda s: replace(s, loss_fn=fd.kd_loss, loss_name="distillation loss (batch mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, KD0, "the loss of equal logits"))
def _() -> Setup:
    return distill("sgdm", 0.1, loss_fn=fd.kd_loss_summed, loss_name="distillation loss (reduction='sum')",
                   val_loss_fn=fd.kd_loss, mean_loss_fn=fd.kd_loss)  # fmt: skip


@case("distill-mlp-sgdm-exponential-gamma-1p02", "distill", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip())
def _() -> Setup:
    return distill("sgdm", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("distill-mlp8-sgd-lr-0p5-no-clip-explodes", "distill", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=explodes(10, 20))
def _() -> Setup:
    return distill("sgd", 0.5, model=lambda: fd.student_mlp(layers=8))


@case("distill-mlp-adam-nan-teacher-logits-mid-run", "distill", "nan-midrun",
      cf=lambda s: replace(s, data=without_missing_targets(s.data)), cf_what="the rows with NaN teacher logits dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(2, 600))
def _() -> Setup:
    return distill("adam", 3e-3, data=fd.teacher_table(nan_rows=3))


@case("distill-mlp-adam-lr-0p03-constant-plateau", "distill", "plateau", cf=lambda s: replace(s, decay_step=400),
      cf_what="lr x0.1 from step 400", must=("plateau",), may=("lr-too-high", "overfitting"), fault_step=400, tol=400,
      shape=flat_late)
def _() -> Setup:
    return distill("adam", 0.03, steps=2400, eval_every=240)


# fresh3 half: healthy look-alikes


@case("segment-unet-adamw-warmup-cosine", "segment", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(3))
def _() -> Setup:
    return segment("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("segment-unet-sgdm-step-decay-log10", "segment", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(3))
def _() -> Setup:
    return segment("sgdm", 0.1, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")


@case("segment-unet-adam-reduce-on-plateau-log5", "segment", "healthy", like=("premature-decay", "plateau", "lr-too-high"),
      shape=healthy_shape(3))
def _() -> Setup:
    return segment("adam", 0.01, log_every=5, schedule=on_plateau(), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("segment-unet-sgdm-onecycle", "segment", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(3))
def _() -> Setup:
    return segment("sgdm", 0.3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("segment-unet-adam-constant-long-avg50", "segment", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(3))
def _() -> Setup:
    return segment("adam", 3e-3, steps=1000, log_every=50, average=True, eval_every=100)


@case("seq2seq-gru-adam-warmup-cosine", "seq2seq", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(8))
def _() -> Setup:
    return seq2seq("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("seq2seq-gru-sgdm-warmup-cosine-log5", "seq2seq", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(8))
def _() -> Setup:
    return seq2seq("sgdm", 1.0, log_every=5, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("seq2seq-rnn-sgd-clipped-log4", "seq2seq", "healthy", like=("exploding-gradients", "lr-too-high", "plateau"),
      shape=healthy_shape(8))
def _() -> Setup:
    return seq2seq("sgd", 0.3, log_every=4, max_grad_norm=1.0, model=lambda: fd.Seq2Seq("rnn"))


@case("seq2seq-gru-adamw-onecycle-log2", "seq2seq", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(8))
def _() -> Setup:
    return seq2seq("adamw", 0.01, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


@case("seq2seq-gru-rmsprop-step-decay", "seq2seq", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(8))
def _() -> Setup:
    return seq2seq("rmsprop", 3e-3, schedule=multistep(0.6, gamma=0.1), schedule_name="MultiStepLR at 60%")


@case("seq2seq-gru-adam-sgdr-log10", "seq2seq", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(8))
def _() -> Setup:
    return seq2seq("adam", 0.01, log_every=10, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("points-deepsets-adamw-warmup-cosine", "points", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(4))
def _() -> Setup:
    return points("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("points-deepsets-sgdm-cyclic-triangular2", "points", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape(4))
def _() -> Setup:
    return points("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("points-deepsets-adam-constant-long-avg50", "points", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(4))
def _() -> Setup:
    return points("adam", 3e-3, steps=2000, log_every=50, average=True, eval_every=200)


@case("points-deepsets-nesterov-step-decay-log10", "points", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(4))
def _() -> Setup:
    return points("nesterov", 0.1, log_every=10, schedule=multistep(0.6, 0.8, gamma=0.2), schedule_name="MultiStepLR")


@case("points-deepsets-rmsprop-onecycle", "points", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(4))
def _() -> Setup:
    return points("rmsprop", 1e-3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("points-deepsets-adam-warmup-linear-decay-log2", "points", "healthy", like=("missing-warmup", "lr-too-high", "premature-decay"),
      shape=healthy_shape(4))
def _() -> Setup:
    return points("adam", 0.01, log_every=2, schedule=linear_decay_after(0.05), schedule_name="linear warmup 5% + linear decay")


@case("distill-mlp-adam-warmup-linear-log5", "distill", "healthy", like=("missing-warmup", "lr-too-high", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return distill("adam", 0.01, log_every=5, schedule=linear_decay_after(0.1), schedule_name="linear warmup 10% + linear decay")


@case("distill-mlp-sgdm-cosine-log10", "distill", "healthy", like=("premature-decay", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return distill("sgdm", 0.1, log_every=10, schedule=cosine_after(0.0), schedule_name="cosine")


@case("distill-mlp-adamw-sgdr-log2", "distill", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return distill("adamw", 0.01, log_every=2, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("distill-mlp-adam-constant-long-avg50", "distill", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return distill("adam", 1e-3, steps=2500, log_every=50, average=True, eval_every=250)


@case("distill-mlp-rmsprop-cyclic-log20", "distill", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return distill("rmsprop", 0.01, log_every=20, eval_every=100, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular")


@case("distill-mlp-sgdm-exponential-per-epoch-decay", "distill", "healthy", like=("premature-decay", "lr-too-low", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return distill("sgdm", 0.1, steps=93 * 8, schedule=exponential(0.8), per_epoch=True,
                   schedule_name="ExponentialLR(gamma=0.8) per epoch")  # fmt: skip


# fresh3 half, logged once per epoch


@case("points-deepsets64-adamw-100-clouds-overfits-per-epoch", "points", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return points("adamw", 3e-3, steps=3 * 200, data=fd.point_clouds(train_rows=100), model=lambda: fd.DeepSets(width=64),
                  log_per_epoch=True)  # fmt: skip


@case("segment-unet-adam-step-decay-per-epoch", "segment", "healthy", like=("overfitting", "premature-decay"),
      shape=healthy_shape(3))
def _() -> Setup:
    return segment("adam", 3e-3, steps=125 * 5, log_per_epoch=True, schedule=multistep(0.6, gamma=0.1), per_epoch=True,
                   schedule_name="MultiStepLR at 60%, per epoch")  # fmt: skip


@case("distill-mlp-adam-per-epoch", "distill", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return distill("adam", 3e-3, steps=93 * 8, log_per_epoch=True)


@case("seq2seq-gru-adamw-cosine-per-epoch", "seq2seq", "healthy", like=("overfitting", "plateau", "premature-decay"),
      shape=healthy_shape(8))
def _() -> Setup:
    return seq2seq("adamw", 0.01, steps=93 * 8, data=fd.reversal_pairs(n=3000), log_per_epoch=True, schedule=cosine_after(0.0),
                   schedule_name="cosine")  # fmt: skip


@case("distill-mlp-adam-lr-0p3-per-epoch", "distill", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return distill("adam", 0.3, steps=93 * 8, log_per_epoch=True)
