"""The eighty-third fresh half (fresh81, held out from all tuning):
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
    LN, Setup, cosine_after, cross_entropy, cyclic, exponential, exponential_to, linear_decay_after, multistep,
    one_cycle, scaled_head, warm_restarts,
)


def synthesizer_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes of the token sequence")
    knobs.setdefault("meta", {"model": "dense Synthesizer: token and position embeddings of 32, 2 blocks whose attention weights over the 20 positions are predicted from each token alone by a two-layer MLP (32-32-20, softmax) and applied to value projections, with residuals, LayerNorm and a feed-forward 32-64-32; mean pooling, a ReLU layer 32-32 and a head",
                              "seq_len": fd.SYNTHESIZER_LENGTH, "vocab_size": fd.SYNTHESIZER_VOCAB,
                              "classes": fd.SYNTHESIZER_CLASSES, "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.synthesizer_sequences(),
                      knobs.pop("model", None) or fd.Synthesizer, optimizer, lr, steps, **knobs)  # fmt: skip


def mqrnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.mqrnn_pinball)
    knobs.setdefault("loss_name", "pinball (quantile) loss of the 8 horizons at the quantiles 0.1, 0.5, 0.9 (mean over the windows, horizons and quantiles)")  # fmt: skip
    knobs.setdefault("meta", {"model": "MQ-RNN: a GRU encoder 4-32 over the history window, a global MLP decoder 32-64-32 (ReLU) and a head to 8 horizons x 3 quantiles",
                              "history": fd.MQRNN_HISTORY, "horizon": fd.MQRNN_HORIZON,
                              "quantiles": list(fd.MQRNN_QUANTILES),
                              "held_out": "the pinball loss on new windows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.mqrnn_windows(), knobs.pop("model", None) or fd.MQRNN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def masknet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.masknet_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the click (mean over the rows)")
    knobs.setdefault("meta", {"model": "serial MaskNet: an embedding (8) per field value concatenated (80), 2 MaskBlocks 80-64-64 (an instance-guided mask, a two-layer MLP 80-128 over the whole embedding, times the layer-normalised input, then a linear layer, LayerNorm and ReLU), a ReLU layer 64-32 and a head",
                              "fields": fd.MASKNET_FIELDS, "values_per_field": fd.MASKNET_CARD,
                              "held_out": "BCE on new impressions"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.masknet_rows(), knobs.pop("model", None) or fd.MaskNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def gengamma_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.gengamma_nll)
    knobs.setdefault("loss_name", "generalized gamma negative log-likelihood (Stacy's parameterisation, mean over the rows)")  # fmt: skip
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to log a (the scale), log d and log p (the shapes)",
                              "features": fd.GENGAMMA_FEATURES,
                              "held_out": "the generalized gamma negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gengamma_rows(), knobs.pop("model", None) or fd.GenGammaMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


SYNTHESIZER0, MQRNN0 = LN(fd.SYNTHESIZER_CLASSES), fd.mqrnn_at_zero()
MASKNET0, GENGAMMA0 = LN(2), fd.gengamma_at_zero()
"""Where the families start: the Synthesizer at ln 4, the MQ-RNN at the pinball loss of forecasts of 0, the MaskNet at
the BCE of logits of 0 (ln 2), the generalized gamma MLP at its NLL of raw outputs of 0 (an exponential law of mean
1: the mean of y)."""


# synthesizer: a dense-Synthesizer-like text classifier (token and position embeddings of 32, 2 blocks whose attention
# weights over the 20 positions are predicted from each token alone by a two-layer MLP and a softmax, applied to value
# projections, residuals, LayerNorm, a feed-forward, mean pooling, a ReLU layer and a head) naming the class of token
# sequences of 20 over 24 tokens (an early marker in the first half, a late marker in the second half, decoys
# elsewhere), 5% random labels held out too, cross-entropy over 4 (1.38-1.45 at step 1, ln 4 = 1.39, ending near
# 0.15-0.3 held out: when a seed finds each marker varies); works at Adam 1e-3-0.01 (best 0.01: 0.17-0.28 constant,
# 0.145 with cosine), NAdam 0.01 and RAdam 0.01-0.03 (0.15 with a schedule), SGDm 0.1 (0.16 with cosine; 0.8 at 0.03);
# slow at Adam 1e-4 (1.32-1.34); Adam 0.02 0.78-1.39 and Adam 0.03 1.2-1.39 without warmup (0.22-0.24 and 0.66-0.79
# after a 60-step warmup), at chance from Adam 0.1 on and at SGDm 10; SGDm 0.03 on the loss summed over the batch
# 1.47-1.58; Adam 0.01 recreated every 2 steps 0.28-0.40; 128 training sequences overfit within a few epochs


@case("synthesizer-adam-lr-1-log2", "synthesizer", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return synthesizer_family("adam", 1.0, log_every=2)


@case("synthesizer-sgdm-lr-10-100x-log2", "synthesizer", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return synthesizer_family("sgdm", 10.0, log_every=2)


@case("synthesizer-adamw-warmup-cosine-peak-1", "synthesizer", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return synthesizer_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("synthesizer-adam-cyclic-peak-1", "synthesizer", "lr-high-cyclic", cf=lr_to(0.01),
      cf_what="peak lr 0.01 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return synthesizer_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("synthesizer-adam-lr-1e-4-100x-low", "synthesizer", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return synthesizer_family("adam", 1e-4)


@case("synthesizer-sgdm-summed-ce", "synthesizer", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SYNTHESIZER0, "ln 4"))
def _() -> Setup:
    return synthesizer_family("sgdm", 0.03, loss_fn=fd.synthesizer_ce_summed, loss_name="cross_entropy summed over the batch's sequences (reduction='sum')",
                              val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("synthesizer-adam-head-x1000", "synthesizer", "last-layer-init",
      cf=lambda s: replace(s, model=fd.Synthesizer), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SYNTHESIZER0, "ln 4"))
def _() -> Setup:
    return synthesizer_family("adam", 0.01, model=lambda: scaled_head(fd.Synthesizer(), 1000))


@case("synthesizer-adam-exponential-1000x-in-40-steps", "synthesizer", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return synthesizer_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1),
                              schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("synthesizer-adam-missing-token-nan", "synthesizer", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sequences with a missing (NaN) token dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return synthesizer_family("adam", 0.01, data=fd.synthesizer_sequences(nan_rows=0.003))


@case("synthesizer-adam-fc-dead-at-init", "synthesizer", "dead-units",
      cf=lambda s: replace(s, model=fd.Synthesizer), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return synthesizer_family("adam", 0.01, model=lambda: fd.Synthesizer(dead_bias=-30.0), track_zero_grads=True)


@case("synthesizer-adam-lr-0p01-recreated-every-2-steps", "synthesizer", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return synthesizer_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("synthesizer-adam-lr-0p02-no-warmup", "synthesizer", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return synthesizer_family("adam", 0.02)


@case("synthesizer-adam-lr-0p03-no-warmup-log2", "synthesizer", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60), cf_what="a 60-step linear warmup", must=("missing-warmup",),
      may=("lr-too-high", "plateau", "non-finite-loss"), tol=60, shape=anything)
def _() -> Setup:
    return synthesizer_family("adam", 0.03, log_every=2)


# mqrnn: an MQ-RNN-like multi-horizon quantile forecaster (a GRU encoder of 32 over a history window of 24 steps of a
# synthetic seasonal series, an AR(1) covariate and the phase, a global MLP decoder 32-64-32 and a head to 8 horizons x
# the quantiles 0.1, 0.5, 0.9), the mean pinball loss (0.44-0.53 at step 1, 0.46 for forecasts of 0, ending near
# 0.17-0.19 held out); works at Adam 1e-3-0.03 (best 3e-3: 0.180-0.181), RMSprop 3e-3 (0.17 with cosine), SGDm 0.3-1
# (0.19 at 1; its gradients stay small, clipping at 1 changes nothing), Nesterov 1 (0.18 with cosine); slow at Adam
# 3e-5 (0.45-0.46) and SGDm 0.01 (0.29); 0.25 at Adam 0.1, 0.29-0.30 at Adam 0.3-1, 0.22 at SGDm 3, 0.29-0.31 at SGDm
# 10-30, non-finite at SGDm 100


@case("mqrnn-adam-lr-1", "mqrnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return mqrnn_family("adam", 1.0)


@case("mqrnn-sgdm-lr-30-30x-log2", "mqrnn", "lr-high-step1", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mqrnn_family("sgdm", 30.0, log_every=2)


@case("mqrnn-adam-exponential-gamma-1p02", "mqrnn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return mqrnn_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("mqrnn-adam-lr-3e-5-100x-low-log3", "mqrnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return mqrnn_family("adam", 3e-5, log_every=3)


@case("mqrnn-sgdm-lr-0p01-100x-low-log2", "mqrnn", "lr-low-sgd", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return mqrnn_family("sgdm", 0.01, log_every=2)


@case("mqrnn-sgdm-summed-pinball", "mqrnn", "summed",
      cf=lambda s: replace(s, loss_fn=fd.mqrnn_pinball, loss_name="pinball loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, MQRNN0, "the pinball loss of forecasts of 0"))
def _() -> Setup:
    return mqrnn_family("sgdm", 1.0, loss_fn=fd.mqrnn_pinball_summed, loss_name="pinball loss summed over the batch's windows (reduction='sum')",
                        val_loss_fn=fd.mqrnn_pinball, mean_loss_fn=fd.mqrnn_pinball)  # fmt: skip


@case("mqrnn-adam-head-x1000", "mqrnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MQRNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MQRNN0, "the pinball loss of forecasts of 0"))
def _() -> Setup:
    return mqrnn_family("adam", 3e-3, model=lambda: scaled_head(fd.MQRNN(), 1000))


@case("mqrnn-adam-multistep-x0p1-at-5pct", "mqrnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return mqrnn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("mqrnn-adam-exponential-1000x-in-40-steps", "mqrnn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return mqrnn_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1),
                        schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("mqrnn-adam-fc-dead-at-init", "mqrnn", "dead-units",
      cf=lambda s: replace(s, model=fd.MQRNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return mqrnn_family("adam", 3e-3, model=lambda: fd.MQRNN(dead_bias=-30.0), track_zero_grads=True)


# masknet: a serial MaskNet click model (an embedding of 8 per field value of 10 fields concatenated, 2 MaskBlocks
# 80-64-64 whose instance-guided masks, a two-layer MLP over the whole embedding, multiply the layer-normalised input
# before a linear layer, LayerNorm and ReLU, a ReLU layer and a head) on synthetic impressions with planted
# multiplicative 3-field interactions, BCE on clicks (0.69 at step 1, ln 2, ending near 0.52-0.62 held out: when the
# interactions are found varies by seed); works at Adam 3e-3-0.01 (best 3e-3: 0.53-0.55), Adagrad 0.03-0.1
# (0.52-0.62), RMSprop 1e-3 (0.57-0.62), SGDm 0.1 (0.64-0.68, slow to find the interactions); slow at Adam 3e-5 (0.67);
# 0.63-0.64 at Adam 0.03 (no better after a 60-step warmup), near ln 2 from Adam 0.1 and Adagrad 0.3 on (0.66-0.72) and
# at SGDm 1; 2000 training rows overfit from the first evaluations (0.67 -> 2.0-2.4), 3200 within a few epochs


@case("masknet-adam-lr-1-log2", "masknet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return masknet_family("adam", 1.0, log_every=2)


@case("masknet-adagrad-lr-3-30x-log2", "masknet", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return masknet_family("adagrad", 3.0, log_every=2)


@case("masknet-rmsprop-lr-0p3-300x", "masknet", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return masknet_family("rmsprop", 0.3)


@case("masknet-nadam-warmup-cosine-peak-1", "masknet", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return masknet_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("masknet-adam-lr-3e-5-100x-low-log2", "masknet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return masknet_family("adam", 3e-5, log_every=2)


@case("masknet-sgdm-summed-bce", "masknet", "summed",
      cf=lambda s: replace(s, loss_fn=fd.masknet_bce, loss_name="binary_cross_entropy_with_logits (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, MASKNET0, "ln 2"))
def _() -> Setup:
    return masknet_family("sgdm", 0.1, loss_fn=fd.masknet_bce_summed, loss_name="binary_cross_entropy_with_logits summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.masknet_bce, mean_loss_fn=fd.masknet_bce)  # fmt: skip


@case("masknet-adam-head-x1000", "masknet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MaskNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MASKNET0, "ln 2"))
def _() -> Setup:
    return masknet_family("adam", 3e-3, model=lambda: scaled_head(fd.MaskNet(), 1000))


@case("masknet-adam-lr-3e-3-multistep-x0p1-at-5pct", "masknet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return masknet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("masknet-adam-missing-field-nan", "masknet", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) field value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return masknet_family("adam", 3e-3, data=fd.masknet_rows(nan_rows=0.003))


@case("masknet-adam-2000-rows-overfits", "masknet", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return masknet_family("adam", 3e-3, steps=600, eval_every=30, data=fd.masknet_rows(train_rows=2000))


# gengamma: a ReLU MLP (6-64-64, a ReLU layer and a head) of the log scale, log d and log p of a generalized gamma law
# (Stacy) of positive duration-like targets whose parameters depend on the features, the negative log-likelihood per
# row (1.22-1.47 at step 1, 1.48 at raw outputs of 0, ending near 1.11-1.16 held out, a flat optimum); works at Adam
# 1e-3-0.01 (best 3e-3: 1.117-1.147), NAdam and AdamW 3e-3 (1.11-1.14), Adagrad 0.03 (1.115-1.13), RMSprop 1e-3
# (1.12-1.13), SGDm 0.01 (1.13-1.15), SGD 0.1 (1.14-1.16); slow at Adam 1e-4 (1.19), Adam and NAdam 3e-5 (1.28-1.36);
# 1.17-1.24 at Adam 0.03-0.05, non-finite at a seed at Adam 0.07-0.08 and at both from Adam 0.1 on (2.0-2.8 after a
# 60-step warmup); non-finite at a seed at SGDm 0.1 and SGD 0.3 (1.14-1.24 clipped at 1), at both at SGDm 1; SGDm 0.01
# on the loss summed over the batch non-finite


@case("gengamma-sgdm-lr-1-100x", "gengamma", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gengamma_family("sgdm", 1.0)


@case("gengamma-adamw-warmup-cosine-peak-1", "gengamma", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gengamma_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("gengamma-rmsprop-exponential-gamma-1p02", "gengamma", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gengamma_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("gengamma-adam-lr-3e-5-100x-low", "gengamma", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gengamma_family("adam", 3e-5)


@case("gengamma-nadam-lr-3e-5-100x-low-log2", "gengamma", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gengamma_family("nadam", 3e-5, log_every=2)


@case("gengamma-sgdm-summed-nll", "gengamma", "summed",
      cf=lambda s: replace(s, loss_fn=fd.gengamma_nll, loss_name="generalized gamma negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GENGAMMA0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return gengamma_family("sgdm", 0.01, loss_fn=fd.gengamma_nll_summed, loss_name="generalized gamma negative log-likelihood summed over the batch's rows (reduction='sum')",
                           val_loss_fn=fd.gengamma_nll, mean_loss_fn=fd.gengamma_nll)  # fmt: skip


@case("gengamma-adam-missing-feature-nan", "gengamma", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return gengamma_family("adam", 3e-3, data=fd.gengamma_rows(nan_rows=0.003))


@case("gengamma-adam-fc-dead-at-init", "gengamma", "dead-units",
      cf=lambda s: replace(s, model=fd.GenGammaMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return gengamma_family("adam", 3e-3, model=lambda: fd.GenGammaMLP(dead_bias=-30.0), track_zero_grads=True)


@case("gengamma-sgdm-lr-0p1-no-clip", "gengamma", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return gengamma_family("sgdm", 0.1)


@case("gengamma-sgd-lr-0p3-no-clip-log2", "gengamma", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return gengamma_family("sgd", 0.3, log_every=2)


# fresh81 half: healthy look-alikes


@case("synthesizer-adam-cosine-log2", "synthesizer", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.SYNTHESIZER_CLASSES, fall=0.6))
def _() -> Setup:
    return synthesizer_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("synthesizer-nadam-step-decay-log3", "synthesizer", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.SYNTHESIZER_CLASSES, fall=0.6))
def _() -> Setup:
    return synthesizer_family("nadam", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                              schedule_name="MultiStepLR")


@case("synthesizer-radam-cosine-eval25", "synthesizer", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.SYNTHESIZER_CLASSES, fall=0.6))
def _() -> Setup:
    return synthesizer_family("radam", 0.03, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("synthesizer-sgdm-cosine-eval50", "synthesizer", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.SYNTHESIZER_CLASSES, fall=0.6))
def _() -> Setup:
    return synthesizer_family("sgdm", 0.1, eval_every=50, schedule=cosine_after(0.0), schedule_name="cosine")


@case("mqrnn-adam-cosine-eval25", "mqrnn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return mqrnn_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("mqrnn-sgdm-one-cycle", "mqrnn", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return mqrnn_family("sgdm", 1.0, schedule=one_cycle, schedule_name="OneCycleLR")


@case("mqrnn-nesterov-cosine-log2", "mqrnn", "healthy", like=("plateau", "lr-too-high"), shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return mqrnn_family("nesterov", 1.0, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("mqrnn-adam-resumed-with-state", "mqrnn", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return mqrnn_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                        schedule=cosine_after(0.0), schedule_name="cosine")


@case("masknet-adagrad-cosine-log2", "masknet", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return masknet_family("adagrad", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("masknet-adam-constant-eval50", "masknet", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return masknet_family("adam", 3e-3, eval_every=50)


@case("masknet-radam-warmup-cosine-log4", "masknet", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return masknet_family("radam", 3e-3, log_every=4, schedule=cosine_after(0.1),
                          schedule_name="linear warmup 10% + cosine")


@case("masknet-sgdm-step-decay-log3", "masknet", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return masknet_family("sgdm", 0.1, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                          schedule_name="MultiStepLR")


@case("gengamma-adam-cosine-eval25", "gengamma", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return gengamma_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gengamma-nadam-sgdr-log5", "gengamma", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return gengamma_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                           schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("gengamma-adamw-warmup-linear-avg10", "gengamma", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return gengamma_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                           schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("gengamma-adagrad-on-plateau-log4", "gengamma", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return gengamma_family("adagrad", 0.03, log_every=4, schedule=on_plateau(),
                           schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("gengamma-sgd-cosine-log2", "gengamma", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return gengamma_family("sgd", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


# fresh81 half, logged once per epoch


@case("synthesizer-adam-128-sequences-overfits-per-epoch", "synthesizer", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return synthesizer_family("adam", 0.01, steps=8 * 50, log_per_epoch=True,
                              data=fd.synthesizer_sequences(train_rows=128, batch_size=16))


@case("gengamma-adam-lr-1-per-epoch", "gengamma", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return gengamma_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.gengamma_rows(n=3200, batch_size=64))


@case("mqrnn-rmsprop-cosine-per-epoch", "mqrnn", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return mqrnn_family("rmsprop", 3e-3, steps=50 * 8, log_per_epoch=True, data=fd.mqrnn_windows(n=1600),
                        schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("gengamma-adam-cosine-per-epoch", "gengamma", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return gengamma_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True, data=fd.gengamma_rows(n=3200, batch_size=64),
                           schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip
