"""The thirty-third fresh half (fresh33, held out from all tuning):
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


def denoise_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.denoise_l1)
    knobs.setdefault("loss_name", "l1_loss of the denoised image (mean over the pixels)")
    knobs.setdefault("meta", {"model": "two-level U-Net denoiser: a skip connection, a per-pixel ReLU layer and head",
                              "image_size": fd.DENOISE_SIZE, "noise_std": fd.DENOISE_NOISE,
                              "held_out": "L1 loss on new noisy images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.denoise_pairs(), knobs.pop("model", None) or fd.UNetDenoiser, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def settf_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 kinds of set")
    knobs.setdefault("meta", {"model": "Set Transformer: two induced set attention blocks, attention pooling, a ReLU layer, a head",
                              "set_size": fd.SETTF_POINTS, "classes": fd.SETTF_CLASSES,
                              "held_out": "cross-entropy on new sets"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.settf_sets(), knobs.pop("model", None) or fd.SetTransformerNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def bpr_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.bpr_logloss)
    knobs.setdefault("loss_name", "BPR loss: -log sigmoid(score of the preferred item - score of the other), mean")
    knobs.setdefault("meta", {"model": "user-item MLP scorer (embeddings, a ReLU layer, a head), Bayesian personalised ranking",
                              "users": fd.BPR_USERS, "items": fd.BPR_ITEMS,
                              "held_out": "BPR loss on new triples"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.bpr_triples(), knobs.pop("model", None) or fd.BPRScorer, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def poireg_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.poireg_nll)
    knobs.setdefault("loss_name", "poisson_nll_loss (log_input=True, full=False), mean over the rows")
    knobs.setdefault("meta", {"model": "Poisson regression MLP (SiLU, ReLU) to a log-rate",
                              "held_out": "Poisson negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.poireg_rows(), knobs.pop("model", None) or fd.PoissonCountNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip



DENOISE0, SETTF0, BPR0, POIREG0 = 0.18, LN(fd.SETTF_CLASSES), LN(2), 1.0
"""Where the families start: the Set Transformer at ln 5 (1.63-1.64 at step 1); the BPR loss at ln 2 (0.69 at step 1: a fresh
scorer gives both items of a triple about the same score); the U-Net's L1 loss at ~0.18 (a fresh network's small outputs
against clean images that are 0 but for their shapes: about the clean image's mean), not ln C; the Poisson negative
log-likelihood at ~1.0 (1.0-1.1 at step 1: exp(out) - y out with a log-rate out ~0, whatever the counts)."""
BPR_FALL = 0.8
"""The BPR loss falls from ln 2 to ~0.45 at best (7% of the pairs swapped: a floor of ~0.25 only a perfect ranking would
reach): a healthy run's training loss ends under 0.8 x its first, not 0.6 x."""


# denoise: a two-level U-Net denoising 16 x 16 images of shapes (noise N(0, 0.3^2)), L1 loss (~0.18 at step 1); works at
# Adam 3e-3-0.1 (~0.024 held out in 400 steps); SGDm 0.1 is unstable


@case("denoise-adam-lr-1-log2", "denoise", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return denoise_family("adam", 1.0, log_every=2)


@case("denoise-sgdm-lr-100-1000x", "denoise", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return denoise_family("sgdm", 100.0)


@case("denoise-adamw-warmup-cosine-peak-1", "denoise", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return denoise_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("denoise-adam-lr-1e-4-100x-low", "denoise", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return denoise_family("adam", 1e-4)


@case("denoise-adam-head-x300", "denoise", "last-layer-init",
      cf=lambda s: replace(s, model=fd.UNetDenoiser), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DENOISE0, "the L1 loss of a fresh network"))
def _() -> Setup:
    return denoise_family("adam", 0.01, model=lambda: scaled_head(fd.UNetDenoiser(), 300))


@case("denoise-adam-fc-dead-at-init", "denoise", "dead-units",
      cf=lambda s: replace(s, model=fd.UNetDenoiser), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return denoise_family("adam", 0.01, model=lambda: fd.UNetDenoiser(dead_bias=-30.0), track_zero_grads=True)


@case("denoise-adam-exponential-1000x-in-40-steps", "denoise", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return denoise_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("denoise-adam-missing-pixel-nan", "denoise", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return denoise_family("adam", 0.01, data=fd.denoise_pairs(nan_rows=0.003))


@case("denoise-adam-lr-3e-3-recreated-every-4-steps", "denoise", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return denoise_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# settf: a Set Transformer (two induced set attention blocks, attention pooling) naming the kind of a set of 24 points,
# cross-entropy over 5 (1.63 at step 1, ln 5 = 1.61); works at Adam 1e-3, RMSprop 1e-3 (~0.71-0.78 held out in 400 steps);
# Adam 0.01 stays at chance, even with a warmup


@case("settf-adam-lr-1-log4", "settf", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return settf_family("adam", 1.0, log_every=4)


@case("settf-adamw-warmup-cosine-peak-1", "settf", "lr-high-ramp", cf=lr_to(1e-3), cf_what="peak lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return settf_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("settf-nadam-cyclic-peak-1", "settf", "lr-high-cyclic", cf=lr_to(1e-3), cf_what="peak lr 1e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return settf_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("settf-adam-lr-1e-5-100x-low", "settf", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return settf_family("adam", 1e-5)


@case("settf-rmsprop-lr-1e-5-100x-low-log2", "settf", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return settf_family("rmsprop", 1e-5, log_every=2)


@case("settf-sgdm-summed-ce", "settf", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SETTF0, "ln 5"))
def _() -> Setup:
    return settf_family("sgdm", 0.03, loss_fn=fd.settf_ce_summed, loss_name="cross_entropy summed over the batch's sets (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("settf-adam-head-x1000", "settf", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SetTransformerNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SETTF0, "ln 5"))
def _() -> Setup:
    return settf_family("adam", 1e-3, model=lambda: scaled_head(fd.SetTransformerNet(), 1000))


@case("settf-adam-fc-dead-at-init", "settf", "dead-units",
      cf=lambda s: replace(s, model=fd.SetTransformerNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return settf_family("adam", 1e-3, model=lambda: fd.SetTransformerNet(dead_bias=-30.0), track_zero_grads=True)


@case("settf-adam-multistep-x0p1-at-5pct", "settf", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return settf_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("settf-adam-missing-coordinate-nan", "settf", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sets with a missing (NaN) coordinate dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return settf_family("adam", 1e-3, data=fd.settf_sets(nan_rows=0.003))


@case("settf-adam-lr-1e-3-recreated-every-4-steps", "settf", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return settf_family("adam", 1e-3, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# bpr: an MLP scorer of user-item pairs (embeddings of 40 users and 80 items) trained by Bayesian personalised ranking on
# triples, the BPR loss (0.69 at step 1, ln 2); works at Adam 0.01-0.03, Adagrad 0.1 (~0.44-0.47 held out in 400 steps),
# SGDm 0.3 (~0.56)


@case("bpr-adam-lr-1", "bpr", "lr-high-step1", cf=lr_to(0.03), cf_what="Adam lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return bpr_family("adam", 1.0)


@case("bpr-sgdm-lr-300-1000x", "bpr", "lr-high-step1", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bpr_family("sgdm", 300.0)


@case("bpr-adamw-warmup-cosine-peak-1", "bpr", "lr-high-ramp", cf=lr_to(0.03), cf_what="peak lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bpr_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("bpr-rmsprop-exponential-gamma-1p02", "bpr", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bpr_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("bpr-adam-lr-3e-4-100x-low", "bpr", "lr-low-adam", cf=lr_to(0.03), cf_what="Adam lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return bpr_family("adam", 3e-4)


@case("bpr-sgdm-lr-3e-3-100x-low-log4", "bpr", "lr-low-sgd", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return bpr_family("sgdm", 3e-3, log_every=4)


@case("bpr-sgdm-summed", "bpr", "summed",
      cf=lambda s: replace(s, loss_fn=fd.bpr_logloss, loss_name="BPR loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BPR0, "ln 2"))
def _() -> Setup:
    return bpr_family("sgdm", 0.3, loss_fn=fd.bpr_logloss_summed, loss_name="BPR loss summed over the batch's triples (reduction='sum')",
                      val_loss_fn=fd.bpr_logloss, mean_loss_fn=fd.bpr_logloss)  # fmt: skip


@case("bpr-adam-head-x300", "bpr", "last-layer-init",
      cf=lambda s: replace(s, model=fd.BPRScorer), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, BPR0, "ln 2"))
def _() -> Setup:
    return bpr_family("adam", 0.03, model=lambda: scaled_head(fd.BPRScorer(), 300))


@case("bpr-adam-fc-dead-at-init", "bpr", "dead-units",
      cf=lambda s: replace(s, model=fd.BPRScorer), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return bpr_family("adam", 0.03, model=lambda: fd.BPRScorer(dead_bias=-30.0), track_zero_grads=True)


@case("bpr-adam-multistep-x0p1-at-5pct", "bpr", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return bpr_family("adam", 0.03, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("bpr-adam-lr-0p03-recreated-every-4-steps", "bpr", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return bpr_family("adam", 0.03, recreate_optimizer_at=frozenset(range(4, 400, 4)))


# poireg: a Poisson regression MLP of counts whose log-rate is a smooth function of 10 features, nn.PoissonNLLLoss
# (~1.0 at step 1); works at Adam 3e-3 (~0.46 held out in 400 steps), SGDm 0.1 (~0.62); SGD 3 overflows exp(out)


@case("poireg-adam-lr-1-log2", "poireg", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return poireg_family("adam", 1.0, log_every=2)


@case("poireg-sgdm-lr-100-1000x", "poireg", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return poireg_family("sgdm", 100.0)


@case("poireg-adam-exponential-gamma-1p02", "poireg", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return poireg_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("poireg-adam-lr-3e-5-100x-low", "poireg", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return poireg_family("adam", 3e-5)


@case("poireg-radam-lr-3e-5-100x-low-log3", "poireg", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return poireg_family("radam", 3e-5, log_every=3)


@case("poireg-sgdm-nll-summed", "poireg", "summed",
      cf=lambda s: replace(s, loss_fn=fd.poireg_nll, loss_name="poisson_nll_loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, POIREG0, "the Poisson loss of a fresh network"))
def _() -> Setup:
    return poireg_family("sgdm", 0.1, loss_fn=fd.poireg_nll_summed, loss_name="poisson_nll_loss summed over the batch's rows (reduction='sum')",
                         val_loss_fn=fd.poireg_nll, mean_loss_fn=fd.poireg_nll)  # fmt: skip


@case("poireg-adam-fc-dead-at-init", "poireg", "dead-units",
      cf=lambda s: replace(s, model=fd.PoissonCountNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return poireg_family("adam", 3e-3, model=lambda: fd.PoissonCountNet(dead_bias=-30.0), track_zero_grads=True)


@case("poireg-adam-exponential-1000x-in-40-steps", "poireg", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return poireg_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("poireg-adam-missing-feature-nan", "poireg", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return poireg_family("adam", 3e-3, data=fd.poireg_rows(nan_rows=0.003))


@case("poireg-adam-256-rows-overfits", "poireg", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return poireg_family("adam", 3e-3, steps=600, eval_every=30, data=fd.poireg_rows(train_rows=256))


@case("poireg-adam-lr-0p3-no-warmup", "poireg", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return poireg_family("adam", 0.3)


@case("poireg-sgd-lr-3-no-clip", "poireg", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return poireg_family("sgd", 3.0)


# fresh33 half: healthy look-alikes


@case("settf-adam-cosine-log2", "settf", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.SETTF_CLASSES))
def _() -> Setup:
    return settf_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("settf-nadam-sgdr-log4", "settf", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.SETTF_CLASSES))
def _() -> Setup:
    return settf_family("nadam", 1e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("settf-rmsprop-constant-log5", "settf", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.SETTF_CLASSES))
def _() -> Setup:
    return settf_family("rmsprop", 1e-3, log_every=5)


@case("settf-adamw-warmup-linear-avg10", "settf", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.SETTF_CLASSES))
def _() -> Setup:
    return settf_family("adamw", 1e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                        schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("poireg-adam-warmup-cosine", "poireg", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return poireg_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("poireg-sgdm-one-cycle", "poireg", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return poireg_family("sgdm", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("poireg-adagrad-constant-log20", "poireg", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return poireg_family("adagrad", 0.03, log_every=20)


@case("poireg-adam-resumed-with-state", "poireg", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return poireg_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("denoise-adam-cosine", "denoise", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return denoise_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("denoise-sgdm-cyclic-triangular2", "denoise", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return denoise_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("denoise-nesterov-one-cycle", "denoise", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return denoise_family("sgdm", 0.1, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("denoise-radam-step-decay-log3", "denoise", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return denoise_family("radam", 0.01, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("bpr-adam-constant-log5", "bpr", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=BPR_FALL))
def _() -> Setup:
    return bpr_family("adam", 0.03, log_every=5)


@case("bpr-adam-resumed-with-state", "bpr", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=BPR_FALL))
def _() -> Setup:
    return bpr_family("adam", 0.03, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("bpr-adagrad-step-decay", "bpr", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=BPR_FALL))
def _() -> Setup:
    return bpr_family("adagrad", 0.1, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


# fresh33 half, logged once per epoch


@case("poireg-adam-256-rows-overfits-per-epoch", "poireg", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return poireg_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.poireg_rows(train_rows=256))


@case("settf-adam-lr-1-per-epoch", "settf", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return settf_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.settf_sets(n=2944, batch_size=64))


@case("bpr-adam-lr-1-per-epoch", "bpr", "lr-high-step1", cf=lr_to(0.03), cf_what="Adam lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return bpr_family("adam", 1.0, steps=62 * 7, log_per_epoch=True, data=fd.bpr_triples(n=19840, batch_size=320))


@case("settf-adam-cosine-per-epoch", "settf", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.SETTF_CLASSES))
def _() -> Setup:
    return settf_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.settf_sets(n=2944, batch_size=64),
                        schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("poireg-adam-cosine-per-epoch", "poireg", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return poireg_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.poireg_rows(n=2944),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("denoise-adam-cosine-per-epoch", "denoise", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return denoise_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.denoise_pairs(n=2944, batch_size=64),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("bpr-adam-cosine-per-epoch", "bpr", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=BPR_FALL))
def _() -> Setup:
    return bpr_family("adam", 0.03, steps=62 * 7, log_per_epoch=True, data=fd.bpr_triples(n=19840, batch_size=320),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
