"""The eleventh fresh half (fresh11, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import fixcheck_data as fd
from fixcheck_cases.fresh import on_plateau
from fixcheck_cases.fresh10 import without_corrupt_inputs
from fixcheck_cases.fresh3 import LN8
from fixcheck_cases.fresh6 import setup_more
from fixcheck_cases.tune import HIGH
from fixcheck_core import (
    anything, at_chance, case, dead_from, early_rise, first_dead, first_loss_above, first_nan, flat_late,
    healthy_shape, imputed, lr_down_by, lr_to, nan_within, never_below_start, overfits, rises_after_dip, still_falling,
)
from harness import (
    LN, Setup, cosine_after, cross_entropy, cyclic, exponential, exponential_to, linear_decay_after, multistep,
    one_cycle, scaled_head, warm_restarts,
)


def capsule_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_fn", fd.margin_loss)
    knobs.setdefault("loss_name", "margin loss (m+ 0.9, m- 0.1, lambda 0.5) of the class capsules' lengths")
    knobs.setdefault("meta", {"model": "capsule network, dynamic routing (3 iterations)", "classes": fd.GLYPH_CLASSES})
    return setup_more(knobs.pop("data", None) or fd.glyph_images(), knobs.pop("model", None) or fd.CapsNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def vqvae_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_fn", fd.vq_loss)
    knobs.setdefault("val_loss_fn", fd.vq_recon_mse)
    knobs.setdefault("loss_name", "VQ-VAE loss: reconstruction mse + codebook loss + 0.25 x commitment loss")
    knobs.setdefault("meta", {"model": "VQ-VAE, conv encoder and decoder, 32 codes, straight-through", "beta": fd.VQ_BETA,
                              "val_loss": "reconstruction mse"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.motif_signals(), knobs.pop("model", None) or fd.VQVAE, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def tcn_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_name", "nn.CrossEntropyLoss()")
    knobs.setdefault("meta", {"model": "TCN, 4 residual blocks of dilated causal Conv1d (1, 2, 4, 8)", "channels": 16,
                              "sequence_length": fd.TCN_STEPS})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.event_series(), knobs.pop("model", None) or fd.TCN, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def fasttext_family(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_name", "softmax cross-entropy over the 8 topics")
    knobs.setdefault("meta", {"model": "fastText: EmbeddingBag(mode='mean') of words and hashed bigrams, linear head",
                              "vocab_size": fd.FT_VOCAB, "hash_buckets": fd.FT_BUCKETS, "dim": 16})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.topic_documents(), knobs.pop("model", None) or fd.FastText, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def without_empty_documents(data: fd.Data) -> fd.Data:
    """The data without its training documents that have no word at all."""
    ok = (data.x != 0).any(1)
    return replace(data, x=data.x[ok], y=data.y[ok])


MARGIN0, VQ0 = 0.81, fd.signals_at_zero()
MARGIN_CONST = fd.margin_at_constant()
LN6 = LN(fd.TCN_CLASSES)
"""The margin loss with every capsule length 0 (0.81, about where an untrained capsule network starts) and of the best
constant lengths (~0.46, what one that ignores its input reaches); the reconstruction MSE of predicting 0 for every
sample (~0.36). A TCN at chance: ln 6; fastText at chance: ln 8 (``LN8``)."""
CAPS_RECON = {"model": "capsule network, dynamic routing (3 iterations), reconstruction decoder", "classes": fd.GLYPH_CLASSES,
              "reconstruction_weight": round(fd.CAPS_RECON_WEIGHT, 5)}  # fmt: skip
TCN48 = {"model": "TCN, 4 residual blocks of dilated causal Conv1d (1, 2, 4, 8)", "channels": 48,
         "sequence_length": fd.TCN_STEPS}
TCN_WN = {"model": "TCN, weight-normalised dilated causal Conv1d (1, 2, 4, 8), residual", "channels": 16,
          "sequence_length": fd.TCN_STEPS}  # fmt: skip

# capsule: a capsule network (5x5 conv of 16, 6 primary capsule types of 4 dimensions at 3x3 positions, 6 class capsules
# of 8 dimensions, 3 routing iterations) classifying 12x12 glyphs, margin loss; works at Adam 3e-3-0.01, RMSprop 3e-3,
# SGDm 0.1, SGD 1-3; the held-out margin loss falls from ~0.8 to ~0.04


@case("capsule-adam-lr-0p3-30x-from-step-1", "capsule", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return capsule_family("adam", 0.3)


@case("capsule-sgd-lr-30-oscillates-log2", "capsule", "lr-high-oscillation", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, tol=300, shape=never_below_start)
def _() -> Setup:
    return capsule_family("sgd", 30.0, log_every=2)


@case("capsule-adam-lr-1e-5-300x-low", "capsule", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return capsule_family("adam", 1e-5)


@case("capsule-sgdm-lr-3e-3-30x-low-log4", "capsule", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return capsule_family("sgdm", 3e-3, log_every=4)


@case("capsule-sgdm-summed-margin", "capsule", "summed",
      cf=lambda s: replace(s, loss_fn=fd.margin_loss, loss_name="margin loss (mean over the batch)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, MARGIN0, "the margin loss at zero lengths"))
def _() -> Setup:
    return capsule_family("sgdm", 0.1, loss_fn=fd.margin_loss_summed,
                          loss_name="margin loss summed over the classes and the batch (reduction='sum')",
                          val_loss_fn=fd.margin_loss, mean_loss_fn=fd.margin_loss)  # fmt: skip


@case("capsule-adam-lr-0p1-no-warmup", "capsule", "missing-warmup", cf=lambda s: replace(s, warmup_steps=30),
      cf_what="a 30-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=30, shape=early_rise(1.3))
def _() -> Setup:
    return capsule_family("adam", 0.1)


@case("capsule-adam-lr-0p03-recreated-each-epoch", "capsule", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=47, tol=5,
      shape=anything)
def _() -> Setup:
    return capsule_family("adam", 0.03, recreate_optimizer_at=frozenset(range(46, 300, 46)))


@case("capsule-adam-multistep-x0p1-at-5pct", "capsule", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=16, tol=100, shape=lr_down_by(0.11, 20))
def _() -> Setup:
    return capsule_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("capsule-adam-missing-pixels-nan", "capsule", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing pixels imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 46))
def _() -> Setup:
    return capsule_family("adam", 3e-3, data=fd.glyph_images(nan_rows=0.01))


@case("capsule-nadam-warmup-cosine-peak-0p3", "capsule", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return capsule_family("nadam", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("capsule-recon-rmsprop-resumed-without-state", "capsule", "optimizer-reset-resume",
      cf=lambda s: replace(s, keep_optimizer_state=True), cf_what="the optimizer state restored at the resume",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=151, tol=5,
      shape=anything)
def _() -> Setup:
    return capsule_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset({150}), model=lambda: fd.CapsNet(recon=True),
                          meta=CAPS_RECON)  # fmt: skip


@case("capsule-adam-exponential-100x-in-30-steps", "capsule", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 32))
def _() -> Setup:
    return capsule_family("adam", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 30")


# vqvae: a VQ-VAE of 64-sample signals (two stride-2 convolutions of 32, 16 latents of 16 dimensions, unit-normalised,
# snapped to the nearest of 32 codes, straight-through, two transposed convolutions and a linear head), reconstruction
# MSE + codebook loss + 0.25 x commitment loss; works at Adam 1e-3-0.01, RMSprop 1e-3-0.01, SGDm 0.03-0.1, SGD 0.3 (slowly);
# the held-out reconstruction MSE falls from ~0.36 (the signals' mean square) to ~0.02. At Adam 0.03 some runs collapse
# onto one code and stay at the mean (0.36); SGD 1 diverges


@case("vqvae-adam-lr-0p3-30x-from-step-1", "vqvae", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return vqvae_family("adam", 0.3)


@case("vqvae-sgd-lr-1-diverges", "vqvae", "lr-high-diverge", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return vqvae_family("sgd", 1.0)


@case("vqvae-adam-lr-1e-5-1000x-low", "vqvae", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return vqvae_family("adam", 1e-5)


@case("vqvae-sgdm-lr-1e-3-30x-low-log5", "vqvae", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return vqvae_family("sgdm", 1e-3, log_every=5)


@case("vqvae-sgdm-summed-mse", "vqvae", "summed",
      cf=lambda s: replace(s, loss_fn=fd.vq_loss, loss_name="VQ-VAE loss (mse, mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, VQ0, "the signals' mean square"))
def _() -> Setup:
    return vqvae_family("sgdm", 0.03, loss_fn=fd.vq_loss_summed,
                        loss_name="VQ-VAE loss, squared error summed over the samples and the batch (reduction='sum')",
                        mean_loss_fn=fd.vq_loss)  # fmt: skip


@case("vqvae-adam-head-x300", "vqvae", "last-layer-init",
      cf=lambda s: replace(s, model=fd.VQVAE), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, VQ0, "the signals' mean square"))
def _() -> Setup:
    return vqvae_family("adam", 0.01, model=lambda: scaled_head(fd.VQVAE(), 300, bias=True))


@case("vqvae-adam-multistep-x0p1-at-5pct", "vqvae", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=16, tol=100, shape=lr_down_by(0.11, 20))
def _() -> Setup:
    return vqvae_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("vqvae-adam-exponential-100x-in-30-steps", "vqvae", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 32))
def _() -> Setup:
    return vqvae_family("adam", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 30")


@case("vqvae-adam-dropped-samples-nan", "vqvae", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)), cf_what="the signals with a dropped sample removed",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(1, 62))
def _() -> Setup:
    return vqvae_family("adam", 0.01, data=fd.motif_signals(nan_rows=0.01))


@case("vqvae-sgdm-exponential-gamma-1p01", "vqvae", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return vqvae_family("sgdm", 0.1, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("vqvae-adam-lr-0p05-no-warmup", "vqvae", "missing-warmup", cf=lambda s: replace(s, warmup_steps=30),
      cf_what="a 30-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=30, shape=early_rise(1.3))
def _() -> Setup:
    return vqvae_family("adam", 0.05)


@case("vqvae-adamw-cyclic-peak-0p3", "vqvae", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return vqvae_family("adamw", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


# tcn: a TCN (a 1x1 input convolution to 16 channels, 4 residual blocks of two causal dilated convolutions, kernel 3,
# dilations 1-8, the last step's features through a ReLU readout of 16 and a linear head) classifying 48-step series of
# 3 channels into 6 classes, cross-entropy; works at Adam / AdamW 3e-3-0.01, NAdam 1.6e-3, RMSprop 1e-3, SGDm 0.03; the
# held-out loss falls from ln 6 to ~0.01-0.05 (noisily: a few confident mistakes). Its runs often wait at ln 3 (the lead
# learnt, not the period) before a sudden drop; SGDm 0.1 may blow up to chance, Adam 0.1 stays there


@case("tcn-adam-lr-0p1-stuck-at-chance", "tcn", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=at_chance(LN6, "ln 6"))
def _() -> Setup:
    return tcn_family("adam", 0.1, loss_name="CrossEntropyLoss")


@case("tcn-sgd-lr-3-overflows-nan", "tcn", "lr-high-nan", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=300, shape=nan_within(1, 300))
def _() -> Setup:
    return tcn_family("sgd", 3.0)


@case("tcn-sgdm-lr-0p1-diverges-after-dip", "tcn", "lr-high-diverge", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=300, shape=rises_after_dip())
def _() -> Setup:
    return tcn_family("sgdm", 0.1, loss_name="categorical cross-entropy")


@case("tcn-adam-lr-3e-5-100x-low", "tcn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return tcn_family("adam", 3e-5, loss_name="F.cross_entropy")


@case("tcn-rmsprop-lr-1e-5-100x-low-log5", "tcn", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return tcn_family("rmsprop", 1e-5, log_every=5)


@case("tcn-sgdm-summed-ce", "tcn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="nn.CrossEntropyLoss()"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN6, "ln 6"))
def _() -> Setup:
    return tcn_family("sgdm", 0.03, loss_fn=fd.tcn_ce_summed, loss_name="nn.CrossEntropyLoss(reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("tcn-adam-head-x1000", "tcn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TCN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN6, "ln 6"))
def _() -> Setup:
    return tcn_family("adam", 3e-3, model=lambda: scaled_head(fd.TCN(), 1000, bias=True), loss_name="xent")


@case("tcn-sgd-lr-0p3-gain-3-no-clip-explodes", "tcn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return tcn_family("sgd", 0.3, model=lambda: fd.TCN(gain=3.0))


@case("tcn-adam-readout-dead-at-init", "tcn", "dead-units",
      cf=lambda s: replace(s, model=fd.TCN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return tcn_family("adam", 3e-3, model=lambda: fd.TCN(dead_bias=-10.0), track_zero_grads=True)


@case("tcn-sgdm-lr-0p3-dead-relus", "tcn", "dead-units-lr", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("dead-units",), may=("lr-too-high", "plateau", "exploding-gradients"), fault_step=first_dead, tol=100,
      shape=dead_from)
def _() -> Setup:
    return tcn_family("sgdm", 0.3, track_zero_grads=True)


@case("tcn-adam-multistep-x0p1-at-3pct", "tcn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=10, tol=100, shape=lr_down_by(0.11, 12))
def _() -> Setup:
    return tcn_family("adam", 3e-3, schedule=multistep(0.03, gamma=0.1), schedule_name="MultiStepLR at 3%")


@case("tcn-adam-dropped-reading-nan", "tcn", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing readings imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 62))
def _() -> Setup:
    return tcn_family("adam", 3e-3, data=fd.event_series(nan_rows=0.01), loss_name="ce")


@case("tcn-wide-adam-200-series-overfits", "tcn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return tcn_family("adam", 3e-3, steps=400, eval_every=20, data=fd.event_series(train_rows=200),
                      model=lambda: fd.TCN(channels=48), meta=TCN48)  # fmt: skip


@case("fasttext-sgd-lr-20-constant-plateau", "fasttext", "plateau", cf=lambda s: replace(s, decay_step=450),
      cf_what="lr x0.1 from step 450", must=("plateau",), may=("lr-too-high",), fault_step=450, tol=300, shape=flat_late)
def _() -> Setup:
    return fasttext_family("sgd", 20.0, steps=900, eval_every=90, data=fd.topic_documents(n=60000))


# fasttext: a fastText classifier (the mean of 16-dimensional embeddings of the words and hashed bigrams, a linear head)
# of documents of 8 topics, cross-entropy; works at SGD 10-20 (fastText's own lr range; 30 blows up), SGDm 1-3, Adam
# 3e-3-0.03, Adagrad 0.1-1, RMSprop 0.01; the held-out loss falls from ln 8 to ~0.14 (3% of the training labels are
# flipped). Two topics of a pair differ only in their bigrams


@case("fasttext-sgd-lr-30-blows-up", "fasttext", "lr-high-step1", cf=lr_to(10.0), cf_what="lr 10",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=anything)
def _() -> Setup:
    return fasttext_family("sgd", 30.0)


@case("fasttext-sgd-lr-100-nan", "fasttext", "lr-high-nan", cf=lr_to(10.0), cf_what="lr 10",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=500, shape=nan_within(1, 500))
def _() -> Setup:
    return fasttext_family("sgd", 100.0)


@case("fasttext-adagrad-lr-3e-3-100x-low", "fasttext", "lr-low-adagrad", cf=lr_to(0.3), cf_what="Adagrad lr 0.3",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return fasttext_family("adagrad", 3e-3)


@case("fasttext-adam-lr-1e-4-100x-low", "fasttext", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return fasttext_family("adam", 1e-4)


@case("fasttext-sgd-lr-1-10x-low-log5", "fasttext", "lr-low-sgd", cf=lr_to(10.0), cf_what="lr 10",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return fasttext_family("sgd", 1.0, log_every=5)


@case("fasttext-sgd-summed-ce", "fasttext", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="softmax cross-entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN8, "ln 8"))
def _() -> Setup:
    return fasttext_family("sgd", 10.0, loss_fn=fd.topic_ce_summed, loss_name="softmax cross-entropy summed over the batch",
                           val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("fasttext-adam-head-x1000", "fasttext", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FastText), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN8, "ln 8"))
def _() -> Setup:
    return fasttext_family("adam", 0.01, model=lambda: scaled_head(fd.FastText(), 1000, bias=True))


@case("fasttext-adam-softmax-by-hand-log0", "fasttext", "nan-log0",
      cf=lambda s: replace(s, loss_fn=cross_entropy), cf_what="F.cross_entropy (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(5, 500))
def _() -> Setup:
    return fasttext_family("adam", 0.5, loss_fn=fd.topic_ce_by_hand, loss_name="-log(softmax(logits)[label]) by hand",
                           val_loss_fn=cross_entropy, safe_loss_fn=cross_entropy)  # fmt: skip


@case("fasttext-byhand-adam-empty-documents-nan", "fasttext", "nan-early",
      cf=lambda s: replace(s, data=without_empty_documents(s.data)), cf_what="the empty documents dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(1, 125))
def _() -> Setup:
    return fasttext_family("adam", 0.01, data=fd.topic_documents(empty_rows=0.005), model=fd.FastTextByHand)


@case("fasttext-adam-multistep-x0p1-at-5pct", "fasttext", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=26, tol=100, shape=lr_down_by(0.11, 30))
def _() -> Setup:
    return fasttext_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("fasttext-adamw-exponential-100x-in-50-steps", "fasttext", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 52))
def _() -> Setup:
    return fasttext_family("adamw", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 50")


@case("fasttext-sgd-exponential-gamma-1p02-nan", "fasttext", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 500))
def _() -> Setup:
    return fasttext_family("sgd", 10.0, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("fasttext-adam-cyclic-peak-1", "fasttext", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return fasttext_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("fasttext-adagrad-lr-1-recreated-each-epoch", "fasttext", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=126, tol=5,
      shape=anything)
def _() -> Setup:
    return fasttext_family("adagrad", 1.0, recreate_optimizer_at=frozenset(range(125, 500, 125)))


@case("fasttext-nadam-warmup-cosine-peak-3", "fasttext", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return fasttext_family("nadam", 3.0, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


# fresh11 half: healthy look-alikes


@case("capsule-adamw-warmup-cosine", "capsule", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return capsule_family("adamw", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("capsule-recon-adam-sgdr-log4", "capsule", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return capsule_family("adam", 0.03, log_every=4, schedule=warm_restarts(0.25), model=lambda: fd.CapsNet(recon=True),
                          meta=CAPS_RECON, schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("capsule-sgdm-onecycle-log5", "capsule", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return capsule_family("sgdm", 2.0, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("capsule-adam-finetune-lr-1e-4", "capsule", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return capsule_family("adam", 1e-4, steps=200, eval_every=20, model=fd.pretrained_capsnet,
                          meta={"model": "capsule network, dynamic routing (3 iterations)", "pretrained": True})  # fmt: skip


@case("capsule-rmsprop-constant-long-avg50", "capsule", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return capsule_family("rmsprop", 3e-3, steps=1000, log_every=50, average=True, eval_every=100)


@case("vqvae-adamw-warmup-cosine", "vqvae", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return vqvae_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("vqvae-adam-reduce-on-plateau-log4", "vqvae", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return vqvae_family("adam", 0.01, log_every=4, schedule=on_plateau(0.3, 1),
                        schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("vqvae-adam-finetune-lr-1e-4", "vqvae", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return vqvae_family("adam", 1e-4, steps=200, eval_every=20, model=fd.pretrained_vqvae,
                        meta={"model": "VQ-VAE, conv encoder and decoder, 32 codes", "pretrained": True})  # fmt: skip


@case("vqvae-rmsprop-cyclic-log2", "vqvae", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return vqvae_family("rmsprop", 0.01, log_every=2, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular")


@case("vqvae-sgdm-step-decay-log10", "vqvae", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return vqvae_family("sgdm", 0.1, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("vqvae-adam-constant-long-avg50", "vqvae", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return vqvae_family("adam", 0.01, steps=1000, log_every=50, average=True, eval_every=100)


@case("tcn-adamw-warmup-cosine", "tcn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.TCN_CLASSES))
def _() -> Setup:
    return tcn_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine",
                      loss_name="CrossEntropyLoss", data=fd.event_series(n_val=1500))  # fmt: skip


@case("tcn-wn-adam-sgdr-log4", "tcn", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.TCN_CLASSES))
def _() -> Setup:
    return tcn_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25), model=lambda: fd.TCN(weight_norm=True),
                      meta=TCN_WN, schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("tcn-adam-reduce-on-plateau-log4", "tcn", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.TCN_CLASSES))
def _() -> Setup:
    return tcn_family("adam", 0.01, log_every=4, schedule=on_plateau(0.3, 1), loss_name="softmax cross-entropy",
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("tcn-adam-step-decay-log10", "tcn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.TCN_CLASSES))
def _() -> Setup:
    return tcn_family("adam", 0.01, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("tcn-nadam-constant-long-avg20", "tcn", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fd.TCN_CLASSES))
def _() -> Setup:
    return tcn_family("nadam", 1.6e-3, steps=1000, log_every=20, average=True, eval_every=100, loss_name="cross_entropy")


@case("fasttext-sgd-linear-decay", "fasttext", "healthy", like=("premature-decay", "lr-too-high"),
      shape=healthy_shape(fd.FT_TOPICS))
def _() -> Setup:
    return fasttext_family("sgd", 20.0, schedule=linear_decay_after(0.0), schedule_name="linear decay to 0 (fastText's)")


@case("fasttext-adagrad-constant-log10", "fasttext", "healthy", like=("lr-too-low", "plateau"),
      shape=healthy_shape(fd.FT_TOPICS))
def _() -> Setup:
    return fasttext_family("adagrad", 0.3, log_every=10)


@case("fasttext-adamw-warmup-cosine", "fasttext", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.FT_TOPICS))
def _() -> Setup:
    return fasttext_family("adamw", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("fasttext-sgdm-onecycle-log5", "fasttext", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.FT_TOPICS))
def _() -> Setup:
    return fasttext_family("sgdm", 3.0, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("fasttext-rmsprop-reduce-on-plateau-log4", "fasttext", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.FT_TOPICS))
def _() -> Setup:
    return fasttext_family("rmsprop", 0.01, log_every=4, schedule=on_plateau(0.3, 1),
                           schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("fasttext-unigram-adam-constant-long-avg50", "fasttext", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fd.FT_TOPICS))
def _() -> Setup:
    return fasttext_family("adam", 3e-3, steps=2000, log_every=50, average=True, eval_every=200,
                           model=lambda: fd.FastText(bigrams=False))  # fmt: skip


# fresh11 half, logged once per epoch


@case("tcn-wide-adam-640-series-overfits-per-epoch", "tcn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return tcn_family("adam", 3e-3, steps=10 * 38, data=fd.event_series(train_rows=640), model=lambda: fd.TCN(channels=48),
                      meta=TCN48, log_per_epoch=True)  # fmt: skip


@case("tcn-adam-lr-0p3-per-epoch", "tcn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return tcn_family("adam", 0.3, steps=62 * 5, log_per_epoch=True)


@case("capsule-rmsprop-per-epoch", "capsule", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return capsule_family("rmsprop", 3e-3, steps=46 * 8, log_per_epoch=True)


@case("vqvae-adam-per-epoch", "vqvae", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return vqvae_family("adam", 0.01, steps=62 * 5, log_per_epoch=True)


@case("fasttext-sgd-linear-decay-per-epoch", "fasttext", "healthy", like=("overfitting", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return fasttext_family("sgd", 20.0, steps=125 * 6, log_per_epoch=True, schedule=linear_decay_after(0.0),
                           schedule_name="linear decay to 0 (fastText's)")  # fmt: skip
