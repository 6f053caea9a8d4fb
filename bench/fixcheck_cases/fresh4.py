"""The fourth fresh half (fresh4, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import fixcheck_data as fd
from fixcheck_cases.fresh import explodes
from fixcheck_cases.fresh2 import without_missing_targets
from fixcheck_cases.tune import HIGH
from fixcheck_core import (
    anything, at_chance, case, dead_from, early_rise, first_dead, first_loss_above, first_nan, flat_late,
    healthy_shape, imputed, lr_down_by, lr_to, nan_within, never_below_start, overfits, rises_after_dip, setup,
    still_falling,
)
from harness import (
    LN, Setup, constant_after, cosine_after, cross_entropy, cyclic, exponential, exponential_to, linear_decay_after,
    multistep, one_cycle, scaled_head, warm_restarts,
)


def vae(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.neg_elbo)
    knobs.setdefault("loss_name", "negative ELBO: BCE with logits summed over the pixels + KL to N(0, I), per image")
    knobs.setdefault("meta", {"latent_dim": fd.VAE_LATENT})
    return setup(knobs.pop("data", None) or fd.blob_images(), knobs.pop("model", None) or fd.MLPVAE, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def mlm(optimizer: str, lr: float, steps: int = 600, pre_ln: bool = False, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_name", "cross_entropy on the masked positions (ignore_index=-100)")
    knobs.setdefault("meta", {"mask_rate": 0.15})
    return setup(knobs.pop("data", None) or fd.mirrored_tokens(), knobs.pop("model", None) or (lambda: fd.MaskedLM(pre_ln)),
                 optimizer, lr, steps, **knobs)  # fmt: skip


def detect(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_fn", fd.box_loss)
    knobs.setdefault("loss_name", "cross_entropy (class) + smooth_l1 (box)")
    knobs.setdefault("meta", {"num_classes": fd.DET_CLASSES})
    return setup(knobs.pop("data", None) or fd.object_boxes(), knobs.pop("model", None) or fd.BoxNet, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def sgns(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.sgns_loss)
    knobs.setdefault("loss_name", "negative sampling: BCE with logits summed over 1 positive + 5 negatives, per centre word")
    knobs.setdefault("meta", {"vocab_size": fd.SG_VOCAB, "negatives": fd.SG_NEG})
    return setup(knobs.pop("data", None) or fd.skipgram_pairs(), knobs.pop("model", None) or fd.SkipGram, optimizer, lr,
                 steps, **knobs)  # fmt: skip


VAE0 = fd.mean_image_loss()
"""The VAE loss of a model that ignores its input (the training mean image, KL 0): where a collapsed VAE sits."""
DET0 = fd.prior_box_loss()
"""The detection loss of a model that ignores the image (class prior, mean box): the detection family's chance level."""
SG0, LN24 = (1 + fd.SG_NEG) * LN(2), LN(fd.MLM_VOCAB)
"""Negative sampling's loss at zero logits (6 ln 2), and ln 24 for the masked LM."""

# vae: an MLP VAE (144-128-2x8, 8-128-144) of 12x12 blob-and-bar images; works at Adam 3e-3..0.01, SGDm 0.01, SGD 0.03


@case("vae-mlp-sgdm-lr-0p1-collapses-to-mean-image", "vae", "lr-high-chance", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=600, shape=at_chance(VAE0, "the loss of the mean image"))
def _() -> Setup:
    return vae("sgdm", 0.1)


@case("vae-mlp-adam-lr-0p3-100x-from-step-1-log2", "vae", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return vae("adam", 0.3, log_every=2)


@case("vae-mlp-adam-lr-1e-5-300x-low", "vae", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return vae("adam", 1e-5)


@case("vae-mlp-sgd-lr-1e-3-30x-low-log5", "vae", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return vae("sgd", 1e-3, log_every=5)


@case("vae-mlp-sgdm-exponential-gamma-1p005", "vae", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip())
def _() -> Setup:
    return vae("sgdm", 0.01, schedule=exponential(1.005), schedule_name="ExponentialLR(gamma=1.005) per batch")


@case("vae-mlp-adam-nan-pixel-early", "vae", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 40))
def _() -> Setup:
    return vae("adam", 3e-3, data=fd.blob_images(nan_rows=0.01))


@case("vae-mlp-adam-hidden-layers-dead-at-init", "vae", "dead-units",
      cf=lambda s: replace(s, model=fd.MLPVAE), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return vae("adam", 3e-3, model=lambda: fd.MLPVAE(dead_bias=-6.0), track_zero_grads=True)


@case("vae-mlp-rmsprop-lr-0p01-recreated-each-epoch", "vae", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=126, tol=5,
      shape=anything)
def _() -> Setup:
    return vae("rmsprop", 0.01, recreate_optimizer_at=frozenset(range(125, 600, 125)))


@case("vae-mlp-sgdm-multistep-x0p1-at-5pct", "vae", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return vae("sgdm", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("vae-mlp3-sgd-lr-0p3-no-clip-explodes", "vae", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=explodes(10, 20))
def _() -> Setup:
    return vae("sgd", 0.3, model=lambda: fd.MLPVAE(depth=3))


# mlm: a BERT-style post-LN encoder (2 blocks, d 32) predicting the masked tokens of mirrored sequences; works at
# Adam 3e-3..0.01, SGDm 0.1, SGD 1


@case("mlm-postln-adam-lr-0p02-no-warmup", "mlm", "missing-warmup", cf=lambda s: replace(s, warmup_steps=150),
      cf_what="a 150-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=150,
      shape=early_rise(1.2))
def _() -> Setup:
    return mlm("adam", 0.02)


@case("mlm-postln-adam-lr-1e-4-30x-low", "mlm", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return mlm("adam", 1e-4)


@case("mlm-postln-sgd-summed-token-loss", "mlm", "summed-lm",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy on the masked positions"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20, shape=first_loss_above(20, LN24, "ln 24"))
def _() -> Setup:
    return mlm("sgd", 1.0, loss_fn=fd.lm_summed, loss_name="cross_entropy on the masked positions (reduction='sum')",
               val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("mlm-postln-adamw-warmup-constant-peak-0p05", "mlm", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip(1.15))
def _() -> Setup:
    return mlm("adamw", 0.05, schedule=constant_after(0.2), schedule_name="linear warmup 20% + constant")


@case("mlm-postln-adam-exponential-100x-in-60-steps", "mlm", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 60))
def _() -> Setup:
    return mlm("adam", 3e-3, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 60")


@case("mlm-postln-rmsprop-lr-3e-3-recreated-each-epoch", "mlm", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=251, tol=5,
      shape=anything)
def _() -> Setup:
    return mlm("rmsprop", 3e-3, steps=750, recreate_optimizer_at=frozenset({250, 500}))


@case("mlm-postln-adam-head-x300", "mlm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MaskedLM), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(20, LN24, "ln 24"))
def _() -> Setup:
    return mlm("adam", 3e-3, model=lambda: scaled_head(fd.MaskedLM(), 300, bias=True))


@case("mlm-postln-sgd-lr-0p01-100x-low-log4", "mlm", "lr-low-sgd", cf=lr_to(1.0), cf_what="lr 1.0",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return mlm("sgd", 0.01, log_every=4)


# detect: a CNN (conv 16, conv 32, fc 64) giving 3 class logits and a box for the one object of a 16x16 image;
# works at Adam / AdamW 3e-3..0.01, SGDm 0.1, SGD 0.1 (clipped: 1)


@case("detect-cnn-adam-lr-0p1-dies-to-chance", "detect", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=500, shape=at_chance(DET0, "the loss of the class prior and mean box"))
def _() -> Setup:
    return detect("adam", 0.1)


@case("detect-cnn-sgdm-lr-1-10x-from-step-1", "detect", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return detect("sgdm", 1.0)


@case("detect-cnn-sgd-lr-1e-3-100x-low-log4", "detect", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return detect("sgd", 1e-3, log_every=4)


@case("detect-cnn-adam-head-x300", "detect", "last-layer-init",
      cf=lambda s: replace(s, model=fd.BoxNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(20, DET0, "the loss of the class prior and mean box"))
def _() -> Setup:
    return detect("adam", 3e-3, model=lambda: scaled_head(fd.BoxNet(), 300, bias=True))


@case("detect-cnn-sgdm-summed-loss", "detect", "summed",
      cf=lambda s: replace(s, loss_fn=fd.box_loss, loss_name="cross_entropy + smooth_l1 (batch mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, DET0, "the loss of the class prior and mean box"))
def _() -> Setup:
    return detect("sgdm", 0.03, loss_fn=fd.box_loss_summed, loss_name="cross_entropy + smooth_l1 (reduction='sum')",
                  val_loss_fn=fd.box_loss, mean_loss_fn=fd.box_loss)  # fmt: skip


@case("detect-cnn-adam-fc-dead-at-init", "detect", "dead-units",
      cf=lambda s: replace(s, model=fd.BoxNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return detect("adam", 3e-3, model=lambda: fd.BoxNet(dead_bias=-6.0), track_zero_grads=True)


@case("detect-cnn32-adam-100-images-overfits", "detect", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return detect("adam", 3e-3, steps=400, eval_every=20, data=fd.object_boxes(train_rows=100),
                  model=lambda: fd.BoxNet(width=32, hidden=128))  # fmt: skip


@case("detect-cnn-adam-nan-boxes-mid-run", "detect", "nan-midrun",
      cf=lambda s: replace(s, data=without_missing_targets(s.data)), cf_what="the rows with a NaN box dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(2, 500))
def _() -> Setup:
    return detect("adam", 3e-3, data=fd.object_boxes(nan_boxes=3))


@case("detect-cnn-nesterov-multistep-x0p1-at-5pct", "detect", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=26, tol=100, shape=lr_down_by(0.11, 30))
def _() -> Setup:
    return detect("nesterov", 0.1, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("detect-cnn-rmsprop-lr-0p01-recreated-each-epoch", "detect", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=126, tol=5,
      shape=anything)
def _() -> Setup:
    return detect("rmsprop", 0.01, recreate_optimizer_at=frozenset(range(125, 500, 125)))


# sgns: skip-gram embeddings (200 words, dim 32) with 5 negatives per pair; works at Adam / RMSprop 0.01, SGD 3-10,
# SGDm 1


@case("sgns-adam-lr-0p3-never-below-start-log2", "sgns", "lr-high-oscillation", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=600, shape=never_below_start)
def _() -> Setup:
    return sgns("adam", 0.3, log_every=2)


@case("sgns-sgd-lr-30-diverges-after-dip", "sgns", "lr-high-diverge", cf=lr_to(3.0), cf_what="lr 3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip())
def _() -> Setup:
    return sgns("sgd", 30.0)


@case("sgns-sgd-lr-0p3-10x-low", "sgns", "lr-low-sgd", cf=lr_to(3.0), cf_what="lr 3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return sgns("sgd", 0.3)


@case("sgns-adam-exponential-gamma-1p005-log5", "sgns", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip())
def _() -> Setup:
    return sgns("adam", 0.01, log_every=5, schedule=exponential(1.005), schedule_name="ExponentialLR(gamma=1.005) per batch")


@case("sgns-sgd-summed-loss", "sgns", "summed",
      cf=lambda s: replace(s, loss_fn=fd.sgns_loss, loss_name="negative sampling loss (batch mean)"),
      cf_what="reduction='mean' over the rows", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, SG0, "6 ln 2"))
def _() -> Setup:
    return sgns("sgd", 3.0, loss_fn=fd.sgns_loss_summed, loss_name="negative sampling loss (reduction='sum')",
                val_loss_fn=fd.sgns_loss, mean_loss_fn=fd.sgns_loss)  # fmt: skip


@case("sgns-adam-dim64-3000-pairs-overfits", "sgns", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return sgns("adam", 0.01, steps=1000, eval_every=20, data=fd.skipgram_pairs(n=3000), model=lambda: fd.SkipGram(dim=64))


@case("sgns-adam-lr-0p03-constant-plateau", "sgns", "plateau", cf=lambda s: replace(s, decay_step=400),
      cf_what="lr x0.1 from step 400", must=("plateau",), may=("lr-too-high", "overfitting"), fault_step=400, tol=400,
      shape=flat_late)
def _() -> Setup:
    return sgns("adam", 0.03, steps=2400, eval_every=240)


@case("sgns-rmsprop-lr-0p01-recreated-each-epoch", "sgns", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=313, tol=5,
      shape=anything)
def _() -> Setup:
    return sgns("rmsprop", 0.01, steps=1250, eval_every=125, recreate_optimizer_at=frozenset(range(312, 1250, 312)))


@case("sgns-sgd-lr-60-no-clip-explodes-log2", "sgns", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=explodes(10, 20))
def _() -> Setup:
    return sgns("sgd", 60.0, log_every=2)


@case("sgns-adam-exponential-100x-in-60-steps", "sgns", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 60))
def _() -> Setup:
    return sgns("adam", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 60")


# fresh4 half: healthy look-alikes


@case("vae-mlp-adamw-warmup-cosine", "vae", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return vae("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("vae-mlp-adam-kl-annealing-log2", "vae", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return vae("adam", 3e-3, log_every=2, loss_fn=fd.kl_annealed(150)(), val_loss_fn=fd.neg_elbo,
               loss_name="BCE summed over the pixels + beta KL, beta 0 -> 1 over 150 steps (KL annealing)")  # fmt: skip


@case("vae-mlp-sgdm-onecycle-log5", "vae", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return vae("sgdm", 0.03, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("vae-mlp-adam-constant-long-avg50", "vae", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return vae("adam", 3e-3, steps=2000, log_every=50, average=True, eval_every=200)


@case("vae-mlp-rmsprop-step-decay-log10", "vae", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return vae("rmsprop", 1e-3, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")


@case("mlm-postln-adamw-warmup-linear-decay", "mlm", "healthy", like=("missing-warmup", "lr-too-high", "premature-decay"),
      shape=healthy_shape(24))
def _() -> Setup:
    return mlm("adamw", 3e-3, schedule=linear_decay_after(0.1), schedule_name="linear warmup 10% + linear decay")


@case("mlm-preln-adam-constant-log5", "mlm", "healthy", like=("missing-warmup", "plateau", "lr-too-low"),
      shape=healthy_shape(24))
def _() -> Setup:
    return mlm("adam", 3e-3, pre_ln=True, log_every=5)


@case("mlm-postln-sgdm-cosine-log10", "mlm", "healthy", like=("premature-decay", "lr-too-low"), shape=healthy_shape(24))
def _() -> Setup:
    return mlm("sgdm", 0.1, log_every=10, schedule=cosine_after(0.0), schedule_name="cosine")


@case("mlm-postln-adamw-sgdr-log2", "mlm", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(24))
def _() -> Setup:
    return mlm("adamw", 3e-3, log_every=2, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("mlm-preln-rmsprop-warmup-cosine-log20", "mlm", "healthy", like=("missing-warmup", "lr-too-high", "premature-decay"),
      shape=healthy_shape(24))
def _() -> Setup:
    return mlm("rmsprop", 1e-3, pre_ln=True, log_every=20, schedule=cosine_after(0.1),
               schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("detect-cnn-adamw-warmup-cosine", "detect", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return detect("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("detect-cnn-sgdm-step-decay-log10", "detect", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return detect("sgdm", 0.1, log_every=10, schedule=multistep(0.6, 0.8, gamma=0.2), schedule_name="MultiStepLR")


@case("detect-cnn-adam-onecycle-log2", "detect", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return detect("adam", 0.01, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


@case("detect-cnn-sgd-clipped-cyclic", "detect", "healthy", like=("exploding-gradients", "lr-too-high", "optimizer-reset"),
      shape=healthy_shape())
def _() -> Setup:
    return detect("sgd", 1.0, max_grad_norm=1.0, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular")


@case("detect-cnn-adam-constant-long-avg50", "detect", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return detect("adam", 3e-3, steps=1200, log_every=50, average=True, eval_every=100)


@case("sgns-sgd-linear-decay-to-zero", "sgns", "healthy", like=("premature-decay", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return sgns("sgd", 10.0, schedule=linear_decay_after(0.0), schedule_name="linear decay to 0 (word2vec's alpha)")


@case("sgns-adam-warmup-cosine-log4", "sgns", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return sgns("adam", 0.01, log_every=4, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("sgns-adamw-constant-long-avg50", "sgns", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return sgns("adamw", 0.01, steps=2500, log_every=50, average=True, eval_every=250)


@case("sgns-rmsprop-cyclic-log10", "sgns", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return sgns("rmsprop", 0.01, log_every=10, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular")


@case("sgns-sgdm-step-decay", "sgns", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return sgns("sgdm", 1.0, schedule=multistep(0.6, gamma=0.1), schedule_name="MultiStepLR at 60%")


@case("sgns-adam-sgdr-log20", "sgns", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return sgns("adam", 0.01, log_every=20, eval_every=100, schedule=warm_restarts(0.25),
                schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


# fresh4 half, logged once per epoch


@case("detect-cnn32-adam-100-images-overfits-per-epoch", "detect", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return detect("adam", 3e-3, steps=3 * 150, data=fd.object_boxes(train_rows=100), model=lambda: fd.BoxNet(width=32, hidden=128),
                  log_per_epoch=True)  # fmt: skip


@case("vae-mlp-adam-per-epoch", "vae", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return vae("adam", 3e-3, steps=125 * 6, log_per_epoch=True)


@case("mlm-postln-adamw-warmup-cosine-per-epoch", "mlm", "healthy", like=("overfitting", "plateau", "premature-decay"),
      shape=healthy_shape(24))
def _() -> Setup:
    return mlm("adamw", 3e-3, steps=250 * 3, log_per_epoch=True, schedule=cosine_after(0.1),
               schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("sgns-adam-step-decay-per-epoch", "sgns", "healthy", like=("overfitting", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return sgns("adam", 0.01, steps=312 * 4, log_per_epoch=True, schedule=multistep(0.5, gamma=0.1), per_epoch=True,
                schedule_name="MultiStepLR at 50%, per epoch")  # fmt: skip


@case("detect-cnn-adam-lr-0p1-per-epoch", "detect", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return detect("adam", 0.1, steps=125 * 5, log_per_epoch=True)
