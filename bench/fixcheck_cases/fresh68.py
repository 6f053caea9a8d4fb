"""The seventieth fresh half (fresh68, held out from all tuning):
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
    LN, Setup, cosine_after, cyclic, exponential, exponential_to, linear_decay_after, multistep, one_cycle,
    scaled_head, warm_restarts,
)


def electra_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.electra_loss)
    knobs.setdefault("loss_name", "ELECTRA joint loss: the generator's masked-token cross-entropy + 10 x the discriminator's per-token binary cross-entropy (mean)")  # fmt: skip
    knobs.setdefault("meta", {"model": "ELECTRA-like: a generator (width 16, a residual convolution over 3 tokens, one pre-LN transformer layer of 2 heads, a head to the 16 tokens) samples the masked tokens; a discriminator (width 32, a residual convolution over 3 tokens, one pre-LN transformer layer of 2 heads, a LayerNorm, a ReLU layer 32-32, a head to 1 logit) tells each token original or replaced",
                              "vocab_size": fd.ELEC_VOCAB, "seq_len": fd.ELEC_LENGTH, "mask_rate": fd.ELEC_MASK_RATE,
                              "disc_weight": fd.ELEC_LAMBDA, "held_out": "the same joint loss on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.electra_sequences(), knobs.pop("model", None) or fd.ElectraNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def dino_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.dino_loss)
    knobs.setdefault("loss_name", "DINO loss: cross-entropy of the teacher's centred, sharpened (T 0.04) softmax of one view and the student's (T 0.1) of the other, both ways, plus a linear probe's cross-entropy of the cluster (mean)")  # fmt: skip
    knobs.setdefault("meta", {"model": "DINO: a student ReLU MLP 16-64-64, a ReLU layer 64-32 and a head to 16 prototypes; the teacher its EMA (momentum 0.99) with centring (momentum 0.9); a linear probe 32-8 of the detached representation",
                              "prototypes": fd.DINO_PROTOTYPES, "temperatures": [fd.DINO_T_STUDENT, fd.DINO_T_TEACHER],
                              "teacher_momentum": fd.DINO_EMA, "clusters": fd.DINO_CLUSTERS,
                              "held_out": "the same loss on the new points' two views, all at once"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dino_views(), knobs.pop("model", None) or fd.DINONet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def itransformer_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse_loss over the 12-step horizon of the 7 variates")
    knobs.setdefault("meta", {"model": "iTransformer-like: each variate's 48-step window, less its mean, embedded as one token (48-32), 2 pre-LN transformer layers of 2 heads across the 7 variates, a LayerNorm, a ReLU layer 32-32 and a head to the 12-step horizon, the mean added back",
                              "variates": fd.ITR_VARIATES, "lookback": fd.ITR_LOOKBACK, "horizon": fd.ITR_HORIZON,
                              "held_out": "MSE on the windows of the last fifth of the time"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.itr_windows(), knobs.pop("model", None) or fd.ITransformer,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def rician_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.rice_nll)
    knobs.setdefault("loss_name", "Rice negative log-likelihood (mean)")
    knobs.setdefault("meta", {"model": "ReLU MLP 8-64-64, a ReLU layer 64-32, a head to the Rice signal nu and noise scale sigma (softplus)",
                              "features": fd.RICE_FEATURES, "target": "a magnitude |nu + sigma (z1 + i z2)|",
                              "held_out": "Rice negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.rice_rows(), knobs.pop("model", None) or fd.RiceMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


ELEC0, DINO0, ITR0, RICE0 = LN(fd.ELEC_VOCAB) + fd.ELEC_LAMBDA * LN(2), fd.dino_at_init(), fd.itr_at_mean(), fd.rice_at_zero()  # fmt: skip
"""Where the families start: ELECTRA near the joint loss of uniform outputs (ln 16 + 10 ln 2 = 9.7), DINO near its loss
at the default init (with the probe's ln 8), the iTransformer near the MSE of forecasting each window's mean, the Rice
regressor near its NLL of raw outputs of 0."""


# electra: ELECTRA-like replaced-token detection (a generator of width 16 and a discriminator of width 32, each a
# residual convolution over 3 tokens and one pre-LN transformer layer) on Markov-chain sequences of 16 tokens of 16, 15%
# masked, the generator's masked-token cross-entropy + 10 x the discriminator's per-token BCE (9.6-10.0 at step 1, ln 16
# + 10 ln 2 = 9.7, ending near 2.5); works at Adam 1e-3-0.03 (best 3e-3-0.01; 1e-3 ends near 2.9, 0.03 near 2.6), SGDm
# 0.03-0.3 (best 0.03), Adagrad 0.03-0.1, RMSprop 1e-3, RAdam 0.01; slow at Adam 1e-4 (~6.1) and below (3e-5 ~7.4);
# blows up from Adam 0.3 and RMSprop 0.3 on, NaN from SGDm 1 and SGD 1 on; Adam 0.1 ends near 3.2 with or without a
# warmup (7.2 with one at seed 0)


@case("electra-adam-lr-1", "electra", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return electra_family("adam", 1.0)


@case("electra-sgdm-lr-3-100x-log2", "electra", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return electra_family("sgdm", 3.0, log_every=2)


@case("electra-adamw-warmup-cosine-peak-1", "electra", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return electra_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("electra-adam-exponential-gamma-1p02", "electra", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return electra_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("electra-adam-lr-3e-5-100x-low", "electra", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return electra_family("adam", 3e-5)


@case("electra-sgdm-summed-loss", "electra", "summed",
      cf=lambda s: replace(s, loss_fn=fd.electra_loss, loss_name="ELECTRA joint loss (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ELEC0, "the joint loss of uniform outputs"))
def _() -> Setup:
    return electra_family("sgdm", 0.1, loss_fn=fd.electra_loss_summed, loss_name="ELECTRA joint loss summed over the batch's tokens (reduction='sum')",
                          val_loss_fn=fd.electra_loss, mean_loss_fn=fd.electra_loss)  # fmt: skip


@case("electra-adam-head-x1000", "electra", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ElectraNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, ELEC0, "the joint loss of uniform outputs"))
def _() -> Setup:
    return electra_family("adam", 3e-3, model=lambda: scaled_head(fd.ElectraNet(), 1000))


@case("electra-adam-exponential-1000x-in-40-steps", "electra", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return electra_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")  # fmt: skip


@case("electra-adam-missing-token-nan", "electra", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sequences with a missing (NaN) token dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return electra_family("adam", 3e-3, data=fd.electra_sequences(nan_rows=0.003))


@case("electra-adam-256-sequences-overfits", "electra", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return electra_family("adam", 3e-3, steps=600, eval_every=30, data=fd.electra_sequences(train_rows=256))


# dino: DINO self-distillation (a student ReLU MLP 16-64-64-32 with a head to 16 prototypes, its EMA teacher, momentum
# 0.99, centred, temperatures 0.1 / 0.04) across two augmented views of clustered points, plus a linear probe's
# cross-entropy of the cluster (3.6-3.9 at step 1, 3.8 at the default init on all the points, ending near 1.0); works
# at Adam 1e-3-0.01 (best 3e-3-0.01; 1e-3 ends near 1.5), NAdam 3e-3-0.03 under a warmup and cosine (best 0.01), RMSprop
# 1e-3-3e-3, SGDm 0.01-0.03, SGD 0.1, Adagrad 0.01; the student and the teacher chase each other from Adam 0.03 on
# (2.4-3.8; 1.0-1.1 with a 60-step warmup), ~4.8 from Adam 0.1 and at Adagrad 1; slow at Adam 3e-4 and below; NaN at
# SGDm 3


@case("dino-adam-lr-1", "dino", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dino_family("adam", 1.0)


@case("dino-adagrad-lr-1-100x-log2", "dino", "lr-high-step1", cf=lr_to(0.01), cf_what="Adagrad lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dino_family("adagrad", 1.0, log_every=2)


@case("dino-nadam-cyclic-peak-1", "dino", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dino_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("dino-adam-lr-3e-5-100x-low", "dino", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dino_family("adam", 3e-5)


@case("dino-sgdm-summed-loss", "dino", "summed",
      cf=lambda s: replace(s, loss_fn=fd.dino_loss, loss_name="DINO loss with the probe (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DINO0, "the DINO loss at the default init"))
def _() -> Setup:
    return dino_family("sgdm", 0.03, loss_fn=fd.dino_loss_summed, loss_name="DINO loss with the probe summed over the batch's points (reduction='sum')",
                       val_loss_fn=fd.dino_loss, mean_loss_fn=fd.dino_loss)  # fmt: skip


@case("dino-adam-multistep-x0p1-at-5pct", "dino", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return dino_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("dino-adam-fc-dead-at-init", "dino", "dead-units",
      cf=lambda s: replace(s, model=fd.DINONet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dino_family("adam", 3e-3, model=lambda: fd.DINONet(dead_bias=-30.0), track_zero_grads=True)


@case("dino-adam-lr-0p03-no-warmup", "dino", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60,
      shape=anything)
def _() -> Setup:
    return dino_family("adam", 0.03)


@case("dino-sgdm-lr-0p03-recreated-every-2-steps", "dino", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting", "lr-too-low"), fault_step=3,  # fmt: skip
      tol=5, shape=anything)
def _() -> Setup:
    return dino_family("sgdm", 0.03, recreate_optimizer_at=frozenset(range(2, 400, 2)))


# itransformer: an iTransformer-like forecaster (each of 7 variates' 48-step window, less its mean, embedded as one
# token, 2 pre-LN transformer layers across the variates, a head to the 12-step horizon) of coupled seasonal series, MSE
# (0.89-1.16 at step 1, the MSE of forecasting the window's mean 1.00, ending near 0.40 held out on the last fifth of
# the time); works at Adam 1e-4-0.03 (best 1e-3-0.01), RAdam 3e-3, RMSprop 1e-3, SGDm and Nesterov 0.01-0.3 (best 0.1),
# SGD 0.1-1; Adam 0.1 ends near 0.54-0.72 (0.48 with a 60-step warmup); at the window's mean (~0.99) from Adam 0.3 and
# SGDm 1 on and at Adam 1e-5; NaN at SGDm 3 and SGD 3 unclipped


@case("itransformer-adam-lr-1", "itransformer", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return itransformer_family("adam", 1.0)


@case("itransformer-rmsprop-lr-0p3-300x-log2", "itransformer", "lr-high-step1",
      cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return itransformer_family("rmsprop", 0.3, log_every=2)


@case("itransformer-adamw-warmup-cosine-peak-1", "itransformer", "lr-high-ramp", cf=lr_to(1e-3), cf_what="peak lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return itransformer_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("itransformer-adam-lr-1e-5-100x-low", "itransformer", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return itransformer_family("adam", 1e-5)


@case("itransformer-radam-lr-3e-5-100x-low-log2", "itransformer", "lr-low-adam",
      cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return itransformer_family("radam", 3e-5, log_every=2)


@case("itransformer-sgdm-summed-mse", "itransformer", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse_loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ITR0, "the MSE of forecasting the window's mean"))
def _() -> Setup:
    return itransformer_family("sgdm", 0.03, loss_fn=fd.itr_mse_summed, loss_name="squared error summed over the batch's windows (reduction='sum')",
                               val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("itransformer-adam-head-x1000", "itransformer", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ITransformer), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, ITR0, "the MSE of forecasting the window's mean"))
def _() -> Setup:
    return itransformer_family("adam", 1e-3, model=lambda: scaled_head(fd.ITransformer(), 1000))


@case("itransformer-adam-multistep-x0p1-at-5pct", "itransformer", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return itransformer_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("itransformer-adam-missing-value-nan", "itransformer", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the windows with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return itransformer_family("adam", 1e-3, data=fd.itr_windows(nan_rows=0.003))


@case("itransformer-adam-fc-dead-at-init", "itransformer", "dead-units",
      cf=lambda s: replace(s, model=fd.ITransformer), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return itransformer_family("adam", 1e-3, model=lambda: fd.ITransformer(dead_bias=-30.0), track_zero_grads=True)


@case("itransformer-adam-lr-0p1-no-warmup", "itransformer", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60,
      shape=anything)
def _() -> Setup:
    return itransformer_family("adam", 0.1)


@case("itransformer-sgd-lr-3-no-clip", "itransformer", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return itransformer_family("sgd", 3.0)


# rician: a ReLU MLP regressor of magnitudes (a softplus signal nu and noise scale sigma), the Rice negative
# log-likelihood through i0e (3.5-5.5 at step 1, the NLL of raw outputs of 0 2.49, ending near 0.82-0.86 held out);
# works at Adam 1e-3-0.03 (best 3e-3-0.01), NAdam 3e-3, AdamW 0.01-0.03 under a warmup and linear decay, RMSprop
# 1e-3-0.01, Adagrad 0.01-0.1 (best 0.1), SGDm 1e-3-0.03, SGD 0.01-0.3; SGDm 0.1 unclipped ends near 1.2-11.6; slow at
# NAdam 3e-5 (~2.3) and SGDm 1e-4 (~1.5); its NLL blows up (a collapsed scale, up to ~2e6) from Adam 0.3, Adagrad 1,
# RMSprop 0.3 and SGD 1 on, NaN at SGDm 1


@case("rician-adam-lr-1-log2", "rician", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return rician_family("adam", 1.0, log_every=2)


@case("rician-sgdm-lr-1-30x", "rician", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return rician_family("sgdm", 1.0)


@case("rician-adamw-warmup-cosine-peak-1", "rician", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return rician_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("rician-rmsprop-exponential-gamma-1p02", "rician", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return rician_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("rician-nadam-lr-3e-5-100x-low-log3", "rician", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return rician_family("nadam", 3e-5, log_every=3)


@case("rician-sgdm-lr-1e-4-300x-low-log2", "rician", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return rician_family("sgdm", 1e-4, log_every=2)


@case("rician-sgd-summed-nll", "rician", "summed",
      cf=lambda s: replace(s, loss_fn=fd.rice_nll, loss_name="Rice negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, RICE0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return rician_family("sgd", 0.1, loss_fn=fd.rice_nll_summed, loss_name="Rice negative log-likelihood summed over the batch's rows (reduction='sum')",
                         val_loss_fn=fd.rice_nll, mean_loss_fn=fd.rice_nll)  # fmt: skip


@case("rician-adam-head-and-bias-x1000", "rician", "last-layer-init",
      cf=lambda s: replace(s, model=fd.RiceMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, RICE0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return rician_family("adam", 3e-3, model=lambda: scaled_head(fd.RiceMLP(), 1000, bias=True))


@case("rician-adam-exponential-1000x-in-40-steps", "rician", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return rician_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")  # fmt: skip


@case("rician-adam-missing-feature-nan", "rician", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return rician_family("adam", 3e-3, data=fd.rice_rows(nan_rows=0.003))


@case("rician-adam-fc-dead-at-init", "rician", "dead-units",
      cf=lambda s: replace(s, model=fd.RiceMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return rician_family("adam", 3e-3, model=lambda: fd.RiceMLP(dead_bias=-30.0), track_zero_grads=True)


@case("rician-sgdm-lr-0p1-no-clip", "rician", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return rician_family("sgdm", 0.1)


# fresh68 half: healthy look-alikes


@case("electra-adam-cosine-log2", "electra", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return electra_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("electra-nadam-warmup-cosine", "electra", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return electra_family("nadam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("electra-adamw-step-decay-log3", "electra", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return electra_family("adamw", 0.01, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")  # fmt: skip


@case("electra-radam-constant-600-steps-eval60", "electra", "healthy",
      like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return electra_family("radam", 0.01, steps=600, eval_every=60)


@case("electra-adam-one-cycle", "electra", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return electra_family("adam", 0.01, schedule=one_cycle, schedule_name="OneCycleLR")


@case("dino-adam-cosine", "dino", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return dino_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dino-nadam-warmup-cosine-log4", "dino", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return dino_family("nadam", 0.01, log_every=4, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("dino-sgdm-constant-eval50", "dino", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return dino_family("sgdm", 0.03, steps=500, eval_every=50)


@case("dino-rmsprop-sgdr", "dino", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return dino_family("rmsprop", 1e-3, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("itransformer-adam-cosine-log2", "itransformer", "healthy",
      like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return itransformer_family("adam", 1e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("itransformer-rmsprop-constant-600-steps-eval60", "itransformer", "healthy",
      like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return itransformer_family("rmsprop", 1e-3, steps=600, eval_every=60)


@case("itransformer-nesterov-lr-0p1-cosine", "itransformer", "healthy",
      like=("lr-too-low", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return itransformer_family("nesterov", 0.1, schedule=cosine_after(0.0), schedule_name="cosine")


@case("itransformer-adam-on-plateau-log5", "itransformer", "healthy",
      like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return itransformer_family("adam", 1e-3, log_every=5, schedule=on_plateau(), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("rician-adagrad-cosine-eval25", "rician", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return rician_family("adagrad", 0.1, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("rician-sgd-constant-eval50", "rician", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return rician_family("sgd", 0.1, steps=500, eval_every=50)


@case("rician-adamw-warmup-linear-avg10", "rician", "healthy",
      like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return rician_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                         schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("rician-adam-resumed-with-state", "rician", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return rician_family("adam", 3e-3, steps=500, eval_every=50, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)  # fmt: skip


# fresh68 half, logged once per epoch


@case("rician-adam-256-rows-overfits-per-epoch", "rician", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return rician_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.rice_rows(train_rows=256, batch_size=64))  # fmt: skip


@case("itransformer-adam-lr-1-per-epoch", "itransformer", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return itransformer_family("adam", 1.0, steps=44 * 9, log_per_epoch=True, data=fd.itr_windows(batch_size=64))


@case("rician-adam-cosine-per-epoch", "rician", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return rician_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.rice_rows(n=2944, batch_size=64),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("itransformer-sgdm-cosine-per-epoch", "itransformer", "healthy",
      like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return itransformer_family("sgdm", 0.1, steps=44 * 9, log_per_epoch=True, data=fd.itr_windows(batch_size=64),
                               schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
