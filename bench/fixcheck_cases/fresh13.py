"""The thirteenth fresh half (fresh13, held out from all tuning):
its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from torch.nn import functional as F

import fixcheck_data as fd
from fixcheck_cases.fresh import on_plateau
from fixcheck_cases.fresh10 import without_corrupt_inputs
from fixcheck_cases.fresh2 import without_missing_targets
from fixcheck_cases.fresh6 import setup_more
from fixcheck_cases.tune import HIGH
from fixcheck_core import (
    anything, case, dead_from, early_rise, first_dead, first_loss_above, first_nan, healthy_shape, imputed, lr_down_by,
    lr_to, nan_within, overfits, still_falling,
)
from harness import (
    LN, Setup, cosine_after, cyclic, exponential, exponential_to, multistep, one_cycle, scaled_head, warm_restarts,
)


def ftt_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse")
    knobs.setdefault("meta", {"model": "FT-Transformer: feature tokens + [CLS], 2 pre-LN blocks, d 32, 4 heads",
                              "numeric_columns": fd.FTT_NUMERIC, "categorical_columns": len(fd.FTT_CARDS)})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.mixed_table(), knobs.pop("model", None) or fd.FTTransformer, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def dkt_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_fn", fd.answers_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the next answers (mean)")
    knobs.setdefault("meta", {"model": "deep knowledge tracing: answer embedding, LSTM 48, ReLU layer, a logit per skill",
                              "skills": fd.DKT_SKILLS, "sequence_length": fd.DKT_LENGTH})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.student_answers(), knobs.pop("model", None) or fd.KnowledgeTracer,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def dncnn_family(optimizer: str, lr: float, steps: int = 200, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 20)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the predicted noise")
    knobs.setdefault("meta", {"model": "DnCNN: 5 conv layers of 16 channels, BatchNorm, residual learning (predicts the noise)",
                              "patch": f"{fd.DN_SIZE}x{fd.DN_SIZE}", "noise_std": "0.1-0.3"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.noisy_patches(), knobs.pop("model", None) or fd.DnCNN, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def nam_family(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.loan_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits (mean)")
    knobs.setdefault("meta", {"model": "neural additive model: a ReLU MLP 1-32-32-1 per feature, summed",
                              "features": fd.NAM_FEATURES, "default_rate": 0.38})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.loan_rows(), knobs.pop("model", None) or fd.NAM, optimizer, lr, steps,
                      **knobs)  # fmt: skip


DN0, LOAN0 = fd.noise_at_zero(), fd.loan_at_rate()
"""A DnCNN that predicts no noise scores the noise's mean square (~0.043); an untrained one starts near 0.15. An
FT-Transformer that predicts 0 scores ~1 (the target is standardised); a knowledge tracer and a NAM start near ln 2, and
the rate of right answers (~0.64) or of defaults (``LOAN0``, ~0.67) is what ignoring the input reaches."""
FTT_POST = {"model": "FT-Transformer: feature tokens + [CLS], 2 post-LN blocks, d 32, 4 heads",
            "numeric_columns": fd.FTT_NUMERIC, "categorical_columns": len(fd.FTT_CARDS)}  # fmt: skip
DKT_GRU = {"model": "deep knowledge tracing: answer embedding, GRU 48, ReLU layer, a logit per skill",
           "skills": fd.DKT_SKILLS, "sequence_length": fd.DKT_LENGTH}  # fmt: skip
DN_PLAIN = {"model": "DnCNN without BatchNorm: 5 conv layers of 16 channels, residual learning (predicts the noise)",
            "patch": f"{fd.DN_SIZE}x{fd.DN_SIZE}", "noise_std": "0.1-0.3"}  # fmt: skip
NAM_EXU = {"model": "neural additive model: an ExU MLP 1-32-32-1 per feature (exp-centred units, ReLU-1), summed",
           "features": fd.NAM_FEATURES, "default_rate": 0.38}  # fmt: skip


def post_ln_ftt() -> fd.FTTransformer:
    return fd.FTTransformer(pre_ln=False)


def gru_tracer() -> fd.KnowledgeTracer:
    return fd.KnowledgeTracer(kind="gru")


def plain_dncnn() -> fd.DnCNN:
    return fd.DnCNN(bn=False)


def exu_nam() -> fd.NAM:
    return fd.NAM(exu=True)


# ftt: an FT-Transformer (a token per column: numeric x w + b, categorical embeddings, a [CLS] token; 2 pre-LN blocks of
# width 32 with 4 heads, rtdl's head: LayerNorm, ReLU, linear) regressing a standardised target of 6 numeric and 3
# categorical columns, MSE; works at Adam 1e-3-3e-3; the held-out MSE falls from ~1 to ~0.1. SGD is left out: at SGDm
# 0.03 its trainings run 5-10x slower on the CPU (subnormal floats)


@case("ftt-adam-lr-0p1-100x-from-step-1", "ftt", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return ftt_family("adam", 0.1)


@case("ftt-adamw-warmup-cosine-peak-0p1", "ftt", "lr-high-ramp", cf=lr_to(2e-3), cf_what="peak lr 2e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return ftt_family("adamw", 0.1, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("ftt-adam-lr-1e-6-1000x-low", "ftt", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return ftt_family("adam", 1e-6)


@case("ftt-adam-head-x300", "ftt", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FTTransformer), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, 1.0, "the target's variance"))
def _() -> Setup:
    return ftt_family("adam", 1e-3, model=lambda: scaled_head(fd.FTTransformer(), 300, bias=True))


@case("ftt-postln-adam-lr-0p01-no-warmup", "ftt", "missing-warmup", cf=lambda s: replace(s, warmup_steps=30),
      cf_what="a 30-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=30, shape=early_rise(1.1))
def _() -> Setup:
    return ftt_family("adam", 0.01, model=post_ln_ftt, meta=FTT_POST)


@case("ftt-adam-multistep-x0p1-at-5pct", "ftt", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=16, tol=100, shape=lr_down_by(0.11, 20))
def _() -> Setup:
    return ftt_family("adam", 2e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("ftt-rmsprop-recreated-each-epoch", "ftt", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=79, tol=5,
      shape=anything)
def _() -> Setup:
    return ftt_family("rmsprop", 1e-3, recreate_optimizer_at=frozenset(range(78, 300, 78)))


@case("ftt-huber-adam-exponential-gamma-1p02", "ftt", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return ftt_family("adam", 1e-3, loss_fn=fd.table_huber, loss_name="huber (delta 1)", val_loss_fn=F.mse_loss,
                      schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


# dkt: deep knowledge tracing (an embedding of each (skill, right/wrong) answer, an LSTM of 48, a ReLU layer of 64, a logit
# per skill, the next question's taken) of simulated students (12 skills with prerequisites, mastery that grows with
# practice, guessing and slips), BCE over the next answers; works at Adam 3e-3-0.01, SGDm 0.3; the held-out loss falls
# from ln 2 to ~0.55 (the rate of right answers alone scores ~0.64)


@case("dkt-adam-lr-0p3-100x-from-step-1", "dkt", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return dkt_family("adam", 0.3)


@case("dkt-sgdm-lr-30-diverges", "dkt", "lr-high-diverge", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return dkt_family("sgdm", 30.0)


@case("dkt-sgd-lr-30-oscillates-log2", "dkt", "lr-high-oscillation", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return dkt_family("sgd", 30.0, log_every=2)


@case("dkt-adam-lr-1e-5-300x-low", "dkt", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return dkt_family("adam", 1e-5)


@case("dkt-rmsprop-lr-1e-5-300x-low-log4", "dkt", "lr-low-rmsprop", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return dkt_family("rmsprop", 1e-5, log_every=4)


@case("dkt-sgdm-summed-bce", "dkt", "summed",
      cf=lambda s: replace(s, loss_fn=fd.answers_bce, loss_name="binary_cross_entropy_with_logits (mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN(2), "ln 2"))
def _() -> Setup:
    return dkt_family("sgdm", 0.3, loss_fn=fd.answers_bce_summed,
                      loss_name="binary_cross_entropy_with_logits summed over students and questions (reduction='sum')",
                      val_loss_fn=fd.answers_bce, mean_loss_fn=fd.answers_bce)  # fmt: skip


@case("dkt-adam-head-x1000", "dkt", "last-layer-init",
      cf=lambda s: replace(s, model=fd.KnowledgeTracer), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN(2), "ln 2"))
def _() -> Setup:
    return dkt_family("adam", 3e-3, model=lambda: scaled_head(fd.KnowledgeTracer(), 1000, bias=True))


@case("dkt-adam-missing-answers-nan", "dkt", "nan-early", cf=lambda s: replace(s, data=without_missing_targets(s.data)),
      cf_what="the students with a missing answer dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 93))
def _() -> Setup:
    return dkt_family("adam", 3e-3, data=fd.student_answers(nan_rows=0.005))


@case("dkt-gru-adam-multistep-x0p1-at-5pct", "dkt", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=16, tol=100, shape=lr_down_by(0.11, 20))
def _() -> Setup:
    return dkt_family("adam", 3e-3, model=gru_tracer, meta=DKT_GRU, schedule=multistep(0.05, gamma=0.1),
                      schedule_name="MultiStepLR at 5%")  # fmt: skip


@case("dkt-sgdm-exponential-100x-in-30-steps", "dkt", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 32))
def _() -> Setup:
    return dkt_family("sgdm", 0.3, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 30")


@case("dkt-adam-fc-dead-at-init", "dkt", "dead-units",
      cf=lambda s: replace(s, model=fd.KnowledgeTracer), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dkt_family("adam", 3e-3, model=lambda: fd.KnowledgeTracer(dead_bias=-30.0), track_zero_grads=True)


@case("dkt-adam-exponential-gamma-1p025", "dkt", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return dkt_family("adam", 3e-3, schedule=exponential(1.025), schedule_name="ExponentialLR(gamma=1.025) per batch")


@case("dkt-adam-96-students-overfits", "dkt", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return dkt_family("adam", 0.01, steps=500, eval_every=25, data=fd.student_answers(train_rows=96, batch_size=16))


# dncnn: DnCNN (a 3x3 conv of 16 and a ReLU, 3 blocks of conv - BatchNorm - ReLU, a last conv to one channel) predicting
# the noise of 16x16 grey patches (shading and soft shapes, Gaussian noise of std 0.1-0.3), MSE; works at Adam 3e-3-0.01,
# SGDm 0.03; the held-out MSE falls from ~0.15 (untrained) to ~0.005 (predicting no noise scores ~0.043). SGD 0.3 NaNs


@case("dncnn-adam-lr-0p1-collapses", "dncnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=200, shape=anything)
def _() -> Setup:
    return dncnn_family("adam", 0.1)


@case("dncnn-sgd-lr-1-overflows-nan", "dncnn", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=200, shape=nan_within(1, 200))
def _() -> Setup:
    return dncnn_family("sgd", 1.0)


@case("dncnn-sgdm-warmup-cosine-peak-1", "dncnn", "lr-high-ramp", cf=lr_to(0.03), cf_what="peak lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=200, shape=anything)
def _() -> Setup:
    return dncnn_family("sgdm", 1.0, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("dncnn-adamw-cyclic-peak-0p3-log2", "dncnn", "lr-high-cyclic", cf=lr_to(0.01),
      cf_what="peak lr 0.01 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=200, shape=anything)
def _() -> Setup:
    return dncnn_family("adamw", 0.3, log_every=2, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("dncnn-adam-lr-1e-6-3000x-low", "dncnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=200, shape=still_falling)
def _() -> Setup:
    return dncnn_family("adam", 1e-6)


@case("dncnn-sgdm-lr-1e-4-300x-low-log2", "dncnn", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=200, shape=still_falling)
def _() -> Setup:
    return dncnn_family("sgdm", 1e-4, log_every=2)


@case("dncnn-adam-summed-mse", "dncnn", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse of the predicted noise (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, DN0, "the noise's mean square"))
def _() -> Setup:
    return dncnn_family("sgdm", 0.03, loss_fn=fd.patch_noise_mse_summed, loss_name="mse summed over the pixels and the batch (reduction='sum')",
                        val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("dncnn-adam-last-conv-x300", "dncnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DnCNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DN0, "the noise's mean square"))
def _() -> Setup:
    return dncnn_family("adam", 3e-3, model=lambda: fd.DnCNN(gain=300.0))


@case("dncnn-adam-dead-pixels-nan", "dncnn", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the patches with a dead pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 93))
def _() -> Setup:
    return dncnn_family("adam", 3e-3, data=fd.noisy_patches(nan_rows=0.005))


@case("dncnn-adam-multistep-x0p1-at-5pct", "dncnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=11, tol=100, shape=lr_down_by(0.11, 15))
def _() -> Setup:
    return dncnn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("dncnn-adam-first-conv-dead-at-init", "dncnn", "dead-units",
      cf=lambda s: replace(s, model=fd.DnCNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dncnn_family("adam", 3e-3, model=lambda: fd.DnCNN(dead_bias=-100.0), track_zero_grads=True)


@case("dncnn-rmsprop-recreated-each-epoch", "dncnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=47, tol=5,
      shape=anything)
def _() -> Setup:
    return dncnn_family("rmsprop", 1e-3, data=fd.noisy_patches(train_rows=1500), recreate_optimizer_at=frozenset(range(46, 200, 46)))


@case("dncnn-plain-sgdm-lr-0p1-no-clip-explodes", "dncnn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return dncnn_family("sgdm", 0.1, model=plain_dncnn, meta=DN_PLAIN)


@case("dncnn-sgdm-exponential-gamma-1p05-nan", "dncnn", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 200))
def _() -> Setup:
    return dncnn_family("sgdm", 0.01, schedule=exponential(1.05), schedule_name="ExponentialLR(gamma=1.05) per batch")


# nam: a neural additive model (a ReLU MLP 1-32-32-1 per feature, the 8 side by side, summed into a logit) of loan
# defaults whose log-odds are additive in 8 features, BCE; works at Adam 1e-3-0.01, SGDm 0.1; the held-out loss falls
# from ~0.8 to ~0.48 (the default rate alone scores ~0.67). Fast: 600 steps in about a second


@case("nam-adam-lr-1-300x-from-step-1", "nam", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return nam_family("adam", 1.0)


@case("nam-sgd-lr-3-oscillates-log3", "nam", "lr-high-oscillation", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return nam_family("sgd", 3.0, log_every=3)


@case("nam-nadam-warmup-cosine-peak-1", "nam", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return nam_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("nam-adagrad-cyclic-peak-10", "nam", "lr-high-cyclic", cf=lr_to(0.1),
      cf_what="peak lr 0.1 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return nam_family("adagrad", 10.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("nam-adam-lr-1e-5-300x-low", "nam", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return nam_family("adam", 1e-5)


@case("nam-adagrad-lr-1e-3-100x-low-log5", "nam", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return nam_family("adagrad", 1e-3, log_every=5)


@case("nam-sgdm-summed-bce", "nam", "summed",
      cf=lambda s: replace(s, loss_fn=fd.loan_bce, loss_name="binary_cross_entropy_with_logits (mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN(2), "ln 2"))
def _() -> Setup:
    return nam_family("sgdm", 0.1, loss_fn=fd.loan_bce_summed, loss_name="binary_cross_entropy_with_logits summed over the batch",
                      val_loss_fn=fd.loan_bce, mean_loss_fn=fd.loan_bce)  # fmt: skip


@case("nam-adam-last-layers-x100", "nam", "last-layer-init",
      cf=lambda s: replace(s, model=fd.NAM), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LN(2), "ln 2"))
def _() -> Setup:
    return nam_family("adam", 3e-3, model=lambda: fd.NAM(gain=100.0))


@case("nam-adam-missing-feature-nan", "nam", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 93))
def _() -> Setup:
    return nam_family("adam", 3e-3, data=fd.loan_rows(nan_rows=0.003))


@case("nam-adam-exponential-100x-in-60-steps", "nam", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 62))
def _() -> Setup:
    return nam_family("adam", 3e-3, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 60")


@case("nam-adam-layer2-dead-at-init", "nam", "dead-units",
      cf=lambda s: replace(s, model=fd.NAM), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return nam_family("adam", 3e-3, model=lambda: fd.NAM(dead_bias=-1000.0), track_zero_grads=True)


@case("nam-rmsprop-recreated-each-epoch", "nam", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return nam_family("rmsprop", 3e-3, data=fd.loan_rows(train_rows=2000), recreate_optimizer_at=frozenset(range(31, 600, 31)))


@case("nam-exu-adam-300-rows-overfits", "nam", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return nam_family("adam", 0.01, steps=1200, eval_every=40, model=exu_nam, meta=NAM_EXU,
                      data=fd.loan_rows(train_rows=300, batch_size=32))  # fmt: skip


# fresh13 half: healthy look-alikes


@case("ftt-adamw-warmup-cosine", "ftt", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return ftt_family("adamw", 6e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("ftt-adamw-onecycle-log5", "ftt", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return ftt_family("adamw", 0.01, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ftt-adam-reduce-on-plateau-log4", "ftt", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return ftt_family("adam", 1e-3, log_every=4, schedule=on_plateau(0.3, 1),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("ftt-adam-constant-long-avg20", "ftt", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return ftt_family("adam", 1e-3, steps=600, log_every=20, average=True, eval_every=60)


@case("dkt-adam-warmup-cosine", "dkt", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dkt_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("dkt-gru-nadam-constant-log2", "dkt", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dkt_family("nadam", 3e-3, log_every=2, model=gru_tracer, meta=DKT_GRU)


@case("dkt-adam-finetune-lr-1e-4", "dkt", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return dkt_family("adam", 1e-4, steps=200, eval_every=20, model=fd.pretrained_tracer,
                      meta={"model": "deep knowledge tracing: answer embedding, LSTM 48, ReLU layer, a logit per skill",
                            "pretrained": True})  # fmt: skip


@case("dkt-sgdm-onecycle-log5", "dkt", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dkt_family("sgdm", 1.0, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("dkt-adam-sgdr-log5", "dkt", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dkt_family("adam", 0.01, log_every=5, schedule=warm_restarts(0.25),
                      schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("dkt-rmsprop-resumed-with-state", "dkt", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dkt_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset({150}), keep_optimizer_state=True)


@case("dncnn-adam-warmup-cosine", "dncnn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return dncnn_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("dncnn-sgdm-step-decay-log4", "dncnn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dncnn_family("sgdm", 0.03, log_every=4, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("dncnn-adam-finetune-lr-1e-4", "dncnn", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return dncnn_family("adam", 1e-4, steps=150, eval_every=15, model=fd.pretrained_dncnn,
                        meta={"model": "DnCNN: 5 conv layers of 16 channels, BatchNorm, residual learning (predicts the noise)",
                              "pretrained": True})  # fmt: skip


@case("dncnn-adamw-constant-long-avg10", "dncnn", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return dncnn_family("adamw", 3e-3, steps=400, log_every=10, average=True, eval_every=40)


@case("dncnn-plain-adam-onecycle-log2", "dncnn", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return dncnn_family("adam", 0.01, log_every=2, model=plain_dncnn, meta=DN_PLAIN, schedule=one_cycle,
                        schedule_name="OneCycleLR")  # fmt: skip


@case("nam-adam-warmup-cosine", "nam", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nam_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("nam-exu-adam-constant", "nam", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nam_family("adam", 3e-3, model=exu_nam, meta=NAM_EXU)


@case("nam-adagrad-constant-long-avg50", "nam", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nam_family("adagrad", 0.1, steps=2000, log_every=50, average=True, eval_every=200)


@case("nam-sgdm-onecycle-log5", "nam", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nam_family("sgdm", 0.3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("nam-nadam-reduce-on-plateau-log4", "nam", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nam_family("nadam", 3e-3, log_every=4, schedule=on_plateau(0.3, 1),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("nam-adam-cyclic-triangular2", "nam", "healthy", like=("lr-too-high",), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nam_family("adam", 0.01, schedule=cyclic(0.1, 0.25, mode="triangular2"), schedule_name="CyclicLR triangular2")


# fresh13 half, logged once per epoch


@case("dkt-adam-96-students-overfits-per-epoch", "dkt", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return dkt_family("adam", 0.01, steps=3 * 150, data=fd.student_answers(train_rows=96, batch_size=32), log_per_epoch=True)


@case("nam-sgd-lr-10-per-epoch", "nam", "lr-high-step1", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return nam_family("sgd", 10.0, steps=93 * 5, log_per_epoch=True)


@case("ftt-adamw-warmup-cosine-per-epoch", "ftt", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return ftt_family("adamw", 6e-3, steps=78 * 4, log_per_epoch=True, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("dncnn-adam-per-epoch", "dncnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dncnn_family("adam", 0.01, steps=93 * 3, log_per_epoch=True)


@case("nam-adam-cosine-per-epoch", "nam", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nam_family("adam", 0.01, steps=93 * 6, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dkt-adam-cosine-per-epoch", "dkt", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dkt_family("adam", 0.01, steps=93 * 3, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")
