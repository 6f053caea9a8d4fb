"""The nineteenth fresh half (fresh19, held out from all tuning):
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


def fno_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the solution on the grid")
    knobs.setdefault("meta", {"model": "1-D Fourier neural operator: lift to 32 channels, 3 Fourier layers of 8 modes, ReLU projection of 64",
                              "grid": fd.FNO_GRID, "modes": fd.FNO_MODES, "pde": "advection-diffusion"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.advection_solutions(), knobs.pop("model", None) or fd.FourierOperator,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def kan_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse")
    knobs.setdefault("meta", {"model": "Kolmogorov-Arnold network 5-16-16-1: 8 Gaussian radial basis functions per edge plus a SiLU base path",
                              "features": fd.KAN_FEATURES})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.kan_regression(), knobs.pop("model", None) or fd.KANet, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def qat_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("meta", {"model": "binarized CNN (straight-through estimator): float conv 16, binary conv 32, binary fc 64, float head",
                              "quantization": "binary weights, sign x mean |w|"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.bar_glyphs(), knobs.pop("model", None) or fd.BinaryCNN, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def lstmlm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy per token")
    knobs.setdefault("meta", {"model": "word-level LSTM LM: embedding 32, LSTM 64, ReLU fc 64; truncated BPTT, the state carried and detached",
                              "vocab_size": len(fd.LM_VOCAB), "bptt": 20})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.grammar_stream(), knobs.pop("model", None) or fd.LSTMLanguageModel,
                      optimizer, lr, steps, **knobs)  # fmt: skip


FNO0, LMU, QAT8 = fd.fno_at_zero(), fd.lm_unigram_entropy(), LN(fd.QAT_CLASSES)
"""What a model that ignores its input reaches: a Fourier neural operator predicting a flat solution (~0.44), an LSTM LM
predicting the word frequencies (their entropy, ~3.54 nats), the binarized CNN at chance (ln 8). An untrained
Kolmogorov-Arnold network starts near the variance of its standardised target (~1.0)."""


# fno: a 1-D Fourier neural operator (a lift to 32 channels, 3 Fourier layers keeping 8 modes plus pointwise paths, GELU,
# a ReLU projection and a head) mapping an initial condition, the advection speed and the diffusivity to the solution of
# 1-D advection-diffusion at t = 0.3 on a periodic grid of 64 points, mse; works at Adam 3e-3 (the held-out mse falls
# from ~0.44 to ~0.0013-0.0022 in 400 steps; at 0.01 it ends noisier, ~0.004), Adam 0.01 with a decaying schedule, SGDm
# 0.03 (~0.014-0.02); Adam 0.1 ends near 0.36-0.44; SGDm 1 overflows (NaN). About 3-8 s a training


@case("fno-adam-lr-0p1-30x-from-step-1", "fno", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return fno_family("adam", 0.1)


@case("fno-sgdm-lr-1-overflows-nan", "fno", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=300, shape=nan_within(1, 300))
def _() -> Setup:
    return fno_family("sgdm", 1.0)


@case("fno-adamw-warmup-cosine-peak-0p3", "fno", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return fno_family("adamw", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("fno-adam-lr-1e-4-30x-low", "fno", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return fno_family("adam", 1e-4)


@case("fno-sgdm-summed-mse", "fno", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, FNO0, "the mse of a flat solution"))
def _() -> Setup:
    return fno_family("sgdm", 0.03, loss_fn=fd.fno_mse_summed, loss_name="squared error summed over the grid and the batch (reduction='sum')",
                      val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("fno-adam-head-x300", "fno", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FourierOperator), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, FNO0, "the mse of a flat solution"))
def _() -> Setup:
    return fno_family("adam", 3e-3, model=lambda: scaled_head(fd.FourierOperator(), 300, bias=True))


@case("fno-adam-relative-l2-by-hand-flat-field", "fno", "nan-div0",
      cf=lambda s: replace(s, loss_fn=fd.fno_relative_l2), cf_what="the relative error of the batch as a whole (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(1, 100))
def _() -> Setup:
    return fno_family("adam", 3e-3, data=fd.advection_solutions(flat_rows=0.01), loss_fn=fd.fno_relative_l2_by_hand,
                      loss_name="relative L2 error by hand, ||out - y|| / ||y|| per field, mean", val_loss_fn=F.mse_loss,
                      safe_loss_fn=fd.fno_relative_l2)  # fmt: skip


@case("fno-adam-multistep-x0p1-at-5pct", "fno", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return fno_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("fno-adam-fc-dead-at-init", "fno", "dead-units",
      cf=lambda s: replace(s, model=fd.FourierOperator), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return fno_family("adam", 3e-3, model=lambda: fd.FourierOperator(dead_bias=-30.0), track_zero_grads=True)


@case("fno-adam-64-noisy-fields-overfits", "fno", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return fno_family("adam", 3e-3, steps=1000, eval_every=50, data=fd.advection_solutions(train_rows=64, noise=0.3, batch_size=16))


@case("fno-adamw-lr-3e-3-recreated-each-epoch", "fno", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return fno_family("adamw", 3e-3, data=fd.advection_solutions(train_rows=1000), recreate_optimizer_at=frozenset(range(31, 400, 31)))


@case("fno-adam-lr-0p01-no-warmup", "fno", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return fno_family("adam", 0.01)


# kan: a Kolmogorov-Arnold network 5-16-16-1 (each edge a combination of 8 Gaussian radial basis functions on [-2, 2]
# plus a SiLU base path) regressing a standardised symbolic function of 5 inputs, mse; works at Adam 3e-3-0.01 (the
# held-out mse falls from ~1.0 to ~0.008-0.011 in 400 steps, ~0.004-0.006 at 0.01-0.03 with a decaying schedule),
# SGDm 0.03 (~0.015-0.02); Adam 0.1 ends near 0.04-0.54; SGDm 0.3-1 overflows (NaN). About 1 s a training


@case("kan-adam-lr-0p1-30x-log2", "kan", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return kan_family("adam", 0.1, log_every=2)


@case("kan-sgdm-lr-1-overflows-nan", "kan", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=400, shape=nan_within(1, 400))
def _() -> Setup:
    return kan_family("sgdm", 1.0)


@case("kan-rmsprop-lr-0p1-100x-log3", "kan", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return kan_family("rmsprop", 0.1, log_every=3)


@case("kan-nadam-exponential-gamma-1p02", "kan", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return kan_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("kan-sgdm-lr-1e-3-30x-low-log3", "kan", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return kan_family("sgdm", 1e-3, log_every=3)


@case("kan-adagrad-lr-1e-3-30x-low-log5", "kan", "lr-low-adagrad", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return kan_family("adagrad", 1e-3, log_every=5)


@case("kan-sgdm-summed-mse", "kan", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, 1.0, "the variance of the standardised target"))
def _() -> Setup:
    return kan_family("sgdm", 0.03, loss_fn=fd.kan_mse_summed, loss_name="squared error summed over the batch (reduction='sum')",
                      val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("kan-adam-head-x300", "kan", "last-layer-init",
      cf=lambda s: replace(s, model=fd.KANet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, 1.0, "the variance of the standardised target"))
def _() -> Setup:
    return kan_family("adam", 0.01, model=lambda: scaled_head(fd.KANet(), 300, bias=True))


@case("kan-adam-missing-input-nan", "kan", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing input dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 62))
def _() -> Setup:
    return kan_family("adam", 0.01, data=fd.kan_regression(nan_rows=0.003))


@case("kan-sgdm-exponential-gamma-1p03-nan", "kan", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 400))
def _() -> Setup:
    return kan_family("sgdm", 0.01, schedule=exponential(1.03), schedule_name="ExponentialLR(gamma=1.03) per batch")


@case("kan-adam-exponential-1000x-in-40-steps", "kan", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return kan_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("kan-adam-200-noisy-rows-overfits", "kan", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return kan_family("adam", 0.01, steps=1000, eval_every=50, data=fd.kan_regression(train_rows=200, noise=0.3, batch_size=16))


@case("kan-adam-lr-0p01-recreated-each-epoch", "kan", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=16, tol=5,
      shape=anything)
def _() -> Setup:
    return kan_family("adam", 0.01, data=fd.kan_regression(train_rows=1000), recreate_optimizer_at=frozenset(range(15, 400, 15)))


# qat: a binarized CNN trained by the straight-through estimator (a float 3x3 convolution of 16, a binarized one of 32,
# BatchNorm, a binarized ReLU layer of 64, a float head; sign(w) x mean |w| in the forward, latent float weights) on
# 12x12 images of 8 glyphs with noise, cross-entropy; works at Adam 3e-3-0.01 (the held-out loss falls from ln 8 to
# ~0.52-0.54 in 400 steps, ~0.42 at 0.01 with a decaying schedule), SGDm 0.03 (~0.46-0.53); Adam 0.1 and SGDm 0.3 end
# near 1.6-2.1. About 3-4 s a training


@case("qat-adam-lr-0p1-near-chance", "qat", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return qat_family("adam", 0.1)


@case("qat-sgdm-lr-0p3-10x-log2", "qat", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return qat_family("sgdm", 0.3, log_every=2)


@case("qat-adamax-cyclic-peak-1", "qat", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return qat_family("adamax", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("qat-sgdm-lr-1e-3-30x-low", "qat", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return qat_family("sgdm", 1e-3)


@case("qat-asgd-lr-3e-3-100x-low-log4", "qat", "lr-low-asgd", cf=lr_to(0.3), cf_what="ASGD lr 0.3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return qat_family("asgd", 3e-3, log_every=4)


@case("qat-sgdm-summed-ce", "qat", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, QAT8, "ln 8"))
def _() -> Setup:
    return qat_family("sgdm", 0.03, loss_fn=fd.qat_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("qat-adam-head-x300", "qat", "last-layer-init",
      cf=lambda s: replace(s, model=fd.BinaryCNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, QAT8, "ln 8"))
def _() -> Setup:
    return qat_family("adam", 3e-3, model=lambda: scaled_head(fd.BinaryCNN(), 300, bias=True))


@case("qat-adam-missing-pixel-nan", "qat", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 125))
def _() -> Setup:
    return qat_family("adam", 3e-3, data=fd.bar_glyphs(nan_rows=0.003))


@case("qat-adam-multistep-x0p1-at-5pct", "qat", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return qat_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("qat-adam-fc-dead-at-init", "qat", "dead-units",
      cf=lambda s: replace(s, model=fd.BinaryCNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return qat_family("adam", 3e-3, model=lambda: fd.BinaryCNN(dead_bias=-30.0), track_zero_grads=True)


# lstmlm: a word-level LSTM language model (an embedding of 32, an LSTM of 64, a ReLU layer of 64, a head to 41 words)
# trained with truncated backpropagation through time (16 streams of the text in chunks of 20 words, read in order; the
# state each chunk leaves starts the next, detached) on text from a probabilistic grammar with number agreement, cross-
# entropy per word; works at Adam 3e-3-0.01 and SGD 1 (the held-out loss falls from ln 41 to ~2.01-2.06 in 400 steps:
# the grammar's own entropy is near 2); SGD 10 and Adam 1 stay near the word frequencies' entropy (~3.54). About 2-6 s a
# training


@case("lstmlm-adam-lr-1-from-step-1", "lstmlm", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return lstmlm_family("adam", 1.0)


@case("lstmlm-sgd-lr-30-stuck-at-unigram", "lstmlm", "lr-high-chance", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lstmlm_family("sgd", 30.0)


@case("lstmlm-adamw-warmup-cosine-peak-1", "lstmlm", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lstmlm_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("lstmlm-sgd-warmup-cosine-peak-30", "lstmlm", "lr-high-ramp", cf=lr_to(1.0), cf_what="peak lr 1",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return lstmlm_family("sgd", 30.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("lstmlm-rmsprop-lr-0p1-100x-log4", "lstmlm", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return lstmlm_family("rmsprop", 0.1, log_every=4)


@case("lstmlm-adam-lr-1e-4-30x-low", "lstmlm", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return lstmlm_family("adam", 1e-4)


@case("lstmlm-sgd-lr-0p03-30x-low-log2", "lstmlm", "lr-low-sgd", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return lstmlm_family("sgd", 0.03, log_every=2)


@case("lstmlm-sgd-summed-ce", "lstmlm", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy per token (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, LN(len(fd.LM_VOCAB)), "ln 41"))
def _() -> Setup:
    return lstmlm_family("sgd", 1.0, loss_fn=fd.lm_ce_summed, loss_name="cross_entropy summed over the tokens and the batch (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("lstmlm-sgd-exponential-1000x-in-40-steps", "lstmlm", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return lstmlm_family("sgd", 1.0, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("lstmlm-adam-fc-dead-at-init", "lstmlm", "dead-units",
      cf=lambda s: replace(s, model=fd.LSTMLanguageModel), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return lstmlm_family("adam", 3e-3, model=lambda: fd.LSTMLanguageModel(dead_bias=-30.0), track_zero_grads=True)


@case("lstmlm-sgd-lr-10-no-clip-explodes", "lstmlm", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.25), cf_what="gradients clipped at 0.25",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return lstmlm_family("sgd", 10.0)


# fresh19 half: healthy look-alikes


@case("fno-adamw-warmup-cosine", "fno", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return fno_family("adamw", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("fno-adam-step-decay-log2", "fno", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return fno_family("adam", 0.01, log_every=2, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("fno-nadam-onecycle-log5", "fno", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return fno_family("nadam", 0.01, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("fno-adam-cosine-resumed-with-state", "fno", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return fno_family("adam", 0.03, schedule=cosine_after(0.0), schedule_name="cosine", recreate_optimizer_at=frozenset({200}),
                      keep_optimizer_state=True)  # fmt: skip


@case("fno-rmsprop-cosine-log4", "fno", "healthy", like=("plateau", "lr-too-low", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return fno_family("rmsprop", 3e-3, log_every=4, schedule=cosine_after(0.0), schedule_name="cosine")


@case("kan-adam-warmup-cosine", "kan", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return kan_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("kan-adagrad-cosine-log2", "kan", "healthy", like=("plateau", "lr-too-low", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return kan_family("adagrad", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("kan-sgdm-cyclic-triangular2", "kan", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return kan_family("sgdm", 0.03, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("kan-adam-sgdr-log4", "kan", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return kan_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25),
                      schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("kan-adamax-constant-log3", "kan", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return kan_family("adamax", 0.03, log_every=3)


@case("kan-adam-linear-decay-long-avg20", "kan", "healthy", like=("plateau", "lr-too-low", "overfitting"), shape=healthy_shape())
def _() -> Setup:
    return kan_family("adam", 0.03, steps=1000, log_every=20, average=True, eval_every=100, schedule=linear_decay_after(0.05),
                      schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("qat-adam-warmup-cosine", "qat", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.QAT_CLASSES))
def _() -> Setup:
    return qat_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("qat-sgdm-onecycle-log2", "qat", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.QAT_CLASSES))
def _() -> Setup:
    return qat_family("sgdm", 0.1, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


@case("qat-adam-plateau-log5", "qat", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.QAT_CLASSES))
def _() -> Setup:
    return qat_family("adam", 3e-3, log_every=5, schedule=on_plateau(0.3, 1),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("qat-adam-resumed-with-state", "qat", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.QAT_CLASSES))
def _() -> Setup:
    return qat_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("lstmlm-adam-warmup-cosine", "lstmlm", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(len(fd.LM_VOCAB)))
def _() -> Setup:
    return lstmlm_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("lstmlm-sgd-constant-log2", "lstmlm", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(len(fd.LM_VOCAB)))
def _() -> Setup:
    return lstmlm_family("sgd", 1.0, log_every=2)


@case("lstmlm-adam-step-decay-log3", "lstmlm", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(len(fd.LM_VOCAB)))
def _() -> Setup:
    return lstmlm_family("adam", 3e-3, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("lstmlm-sgd-plateau-x0p25", "lstmlm", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(len(fd.LM_VOCAB)))
def _() -> Setup:
    return lstmlm_family("sgd", 1.0, schedule=on_plateau(0.25, 0), schedule_name="ReduceLROnPlateau(factor=0.25, patience=0)")


@case("lstmlm-adam-resumed-with-state", "lstmlm", "healthy", like=("optimizer-reset",), shape=healthy_shape(len(fd.LM_VOCAB)))
def _() -> Setup:
    return lstmlm_family("adam", 3e-3, recreate_optimizer_at=frozenset({150}), keep_optimizer_state=True)


# fresh19 half, logged once per epoch


@case("fno-adam-lr-0p1-per-epoch", "fno", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return fno_family("adam", 0.1, steps=62 * 5, log_per_epoch=True, data=fd.advection_solutions(train_rows=2000))


@case("lstmlm-adam-short-text-overfits-per-epoch", "lstmlm", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return lstmlm_family("adam", 0.01, steps=5 * 100, log_per_epoch=True, data=fd.short_grammar_stream(1600))


@case("fno-adam-cosine-per-epoch", "fno", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return fno_family("adam", 0.03, steps=62 * 5, log_per_epoch=True, data=fd.advection_solutions(train_rows=2000),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("kan-radam-cosine-per-epoch", "kan", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return kan_family("radam", 0.1, steps=31 * 13, log_per_epoch=True, data=fd.kan_regression(train_rows=2000),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("kan-adamw-warmup-cosine-per-epoch", "kan", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return kan_family("adamw", 0.03, steps=31 * 13, log_per_epoch=True, data=fd.kan_regression(train_rows=2000),
                      schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("qat-adam-cosine-per-epoch", "qat", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.QAT_CLASSES))
def _() -> Setup:
    return qat_family("adam", 0.01, steps=62 * 6, log_per_epoch=True, data=fd.bar_glyphs(train_rows=2000),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("qat-nadam-per-epoch", "qat", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.QAT_CLASSES))
def _() -> Setup:
    return qat_family("nadam", 3e-3, steps=62 * 6, log_per_epoch=True, data=fd.bar_glyphs(train_rows=2000))


@case("lstmlm-adam-per-epoch", "lstmlm", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(len(fd.LM_VOCAB)))
def _() -> Setup:
    return lstmlm_family("adam", 3e-3, steps=100 * 3, log_per_epoch=True)
