"""The ninety-fifth fresh half (fresh93, held out from all tuning):
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


def sequencer_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes of the shapes' order along the rows and columns")
    knobs.setdefault("meta", {"model": "Sequencer: a 2x2 conv patch embedding of stride 2 (2-16) to an 8x8 token map, one Sequencer block (LayerNorm, BiLSTM2D: a bidirectional LSTM of 8 units each way along every row and another along every column, concatenated and fused by a linear layer 32-16, a residual; LayerNorm, a ReLU channel MLP 16-32-16, a residual), a LayerNorm, mean pooling, a ReLU layer 16-32 and a head",
                              "image_size": fd.SEQUENCER_SIZE, "token_map": fd.SEQUENCER_SIZE // 2,
                              "classes": fd.SEQUENCER_CLASSES, "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.sequencer_images(), knobs.pop("model", None) or fd.SequencerNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def tdnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 10 speakers (mean over the batch's utterances)")
    knobs.setdefault("meta", {"model": "x-vector TDNN: 3 time-delay layers (Conv1d 20-32-32-32, contexts 5, 3, 3 frames, dilations 1, 2, 3; ReLU then BatchNorm), statistics pooling (masked mean and standard deviation over the real frames), a ReLU segment layer 64-32 and a softmax head over the speakers",
                              "frames": fd.TDNN_FRAMES, "min_frames": fd.TDNN_MIN_FRAMES, "dims": fd.TDNN_DIMS,
                              "speakers": fd.TDNN_SPEAKERS, "held_out": "cross-entropy on new utterances"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.tdnn_utterances(), knobs.pop("model", None) or fd.TdnnXvector,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def dagnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 classes of the node (mean over the batch's nodes)")
    knobs.setdefault("meta", {"model": "DAGNN: an MLP of every node's 16 features first (16-64, ReLU, a ReLU layer 64-64, a head to the 5 classes; dropout 0.2), then K = 8 hops of parameter-free propagation by the symmetric-normalised adjacency, the 9 representations stacked and combined by adaptive retention scores (a learned projection vector of 5, one sigmoid score per hop per node)",
                              "nodes": fd.DAGNN_NODES, "classes": fd.DAGNN_CLASSES, "features": fd.DAGNN_FEATURES,
                              "hops": fd.DAGNN_K, "transductive": True,
                              "held_out": "cross-entropy on the other half of the nodes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dagnn_nodes(), knobs.pop("model", None) or fd.DAGNN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def expweibull_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.expweibull_nll)
    knobs.setdefault("loss_name", "exponentiated-Weibull negative log-likelihood of the lifetime (mean over the rows)")  # fmt: skip
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to log k, log lambda and log a of an exponentiated-Weibull law",
                              "features": fd.EXPWEIBULL_FEATURES,
                              "held_out": "the exponentiated-Weibull negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.expweibull_rows(), knobs.pop("model", None) or fd.ExpweibullMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


SEQUENCER0, TDNN0 = LN(fd.SEQUENCER_CLASSES), LN(fd.TDNN_SPEAKERS)
DAGNN0, EXPWEIBULL0 = LN(fd.DAGNN_CLASSES), fd.expweibull_at_zero()
"""Where the families start: the Sequencer at ln 4, the TDNN at ln 10, the DAGNN at ln 5, the exponentiated-Weibull
MLP at its NLL of raw outputs of 0 (k = lambda = a = 1: an Exp(1))."""


# sequencer: a Sequencer-like classifier (a 2x2 conv patch embedding to an 8x8 token map, one block of
# BiLSTM2D: a bidirectional LSTM along every row and another along every column, concatenated and fused by a linear
# layer, then a ReLU channel MLP, LayerNorms and residuals, mean pooling, a ReLU layer and a head) of 16x16 images of
# 2 channels whose class is the order of a bright and a dark bar along the rows (channel 0) and along the columns
# (channel 1), cross-entropy over 4 (1.43 at step 1, ln 4 = 1.39, ending near 0.18-0.32 held out); works at Adam 3e-3
# (0.18-0.32, at chance until step ~100, then it finds the bars), 0.01 (best with a cosine: 0.15-0.17; at a constant lr
# 0.19 for one seed of two, the other stays at chance); slow at Adam 1e-3 (0.92 in a probe), at chance at Adam 3e-5
# and 0.03 (with or without a 60-step warmup), Adam 0.1, SGDm 0.1; non-finite at SGDm 3


@case("sequencer-adam-lr-1-log2", "sequencer", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return sequencer_family("adam", 1.0, log_every=2)


@case("sequencer-adamw-lr-1-300x", "sequencer", "lr-high-step1", cf=lr_to(3e-3), cf_what="AdamW lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return sequencer_family("adamw", 1.0)


@case("sequencer-nadam-warmup-cosine-peak-1", "sequencer", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sequencer_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("sequencer-adam-lr-3e-5-100x-low-log3", "sequencer", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sequencer_family("adam", 3e-5, log_every=3)


@case("sequencer-adam-head-x1000", "sequencer", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SequencerNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SEQUENCER0, "ln 4"))
def _() -> Setup:
    return sequencer_family("adam", 3e-3, model=lambda: scaled_head(fd.SequencerNet(), 1000))


@case("sequencer-adam-missing-pixel-nan", "sequencer", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return sequencer_family("adam", 3e-3, data=fd.sequencer_images(nan_rows=0.005))


@case("sequencer-adam-multistep-x0p1-at-5pct", "sequencer", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return sequencer_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


# tdnn: an x-vector-like TDNN (3 time-delay layers: dilated Conv1d of contexts 5, 3, 3 frames and
# dilations 1, 2, 3, each ReLU then BatchNorm; statistics pooling: the masked mean and standard deviation over the real
# frames; a ReLU segment layer and a head) of synthetic utterances of 80-100 frames of 20 dims (a speaker's planted
# spectral envelope and formant-like bumps under shared phone patterns, a channel offset and noise), cross-entropy
# over 10 speakers with 5% of the labels random (2.29 at step 1, ln 10 = 2.30, ending near 0.80 held out); works at
# Adam 1e-3-3e-3 (best: 0.80-0.81), 0.01 (0.83-0.85), SGDm 0.1 (0.96-1.11); 1.85-1.87 at Adam 0.1 (1.50-1.70 after a
# 60-step warmup); 2.45 and 251 at Adam 1 (68.7 at step 40), 2.4-2.5 at SGDm 1 (clipped at 1 or not)


@case("tdnn-adam-lr-1", "tdnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return tdnn_family("adam", 1.0)


@case("tdnn-rmsprop-lr-0p3-300x-log2", "tdnn", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return tdnn_family("rmsprop", 0.3, log_every=2)


@case("tdnn-adamw-warmup-cosine-peak-1", "tdnn", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tdnn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("tdnn-adam-lr-3e-5-100x-low", "tdnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tdnn_family("adam", 3e-5)


@case("tdnn-sgdm-lr-1e-3-100x-low", "tdnn", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tdnn_family("sgdm", 1e-3)


@case("tdnn-adam-lr-0p1-no-warmup-log2", "tdnn", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return tdnn_family("adam", 0.1, log_every=2)


@case("tdnn-sgdm-summed-ce", "tdnn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TDNN0, "ln 10"))
def _() -> Setup:
    return tdnn_family("sgdm", 0.1, loss_fn=fd.tdnn_ce_summed, loss_name="cross_entropy summed over the batch's utterances (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("tdnn-adam-head-x1000-log2", "tdnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TdnnXvector), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, TDNN0, "ln 10"))
def _() -> Setup:
    return tdnn_family("adam", 3e-3, log_every=2, model=lambda: scaled_head(fd.TdnnXvector(), 1000))


@case("tdnn-adam-missing-frame-nan", "tdnn", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the utterances with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return tdnn_family("adam", 3e-3, data=fd.tdnn_utterances(nan_rows=0.005))


@case("tdnn-adam-fc-dead-at-init", "tdnn", "dead-units",
      cf=lambda s: replace(s, model=fd.TdnnXvector), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return tdnn_family("adam", 3e-3, model=lambda: fd.TdnnXvector(dead_bias=-30.0), track_zero_grads=True)


@case("tdnn-adam-exponential-1000x-in-40-steps", "tdnn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return tdnn_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                       schedule_name="ExponentialLR per batch, x0.001 by step 40")


# dagnn: a DAGNN-like node classifier (an MLP of every node's features first, then 8 hops of
# parameter-free propagation by the symmetric-normalised adjacency, the 9 representations combined by adaptive
# retention scores, one sigmoid score per hop per node) on a homophilous stochastic block model (400 nodes of 5 classes,
# noisy features), trained on a random half of the nodes, cross-entropy over 5 (1.75 at step 1, ln 5 = 1.61, ending
# near 0.13-0.17 held out); works at Adam 3e-3-0.01 (best: 0.13-0.17), 0.03 (0.19-0.21), SGDm 0.03 (0.18), SGD 0.3
# (0.23-0.35); 0.21-0.22 at Adam 0.05 (0.12-0.15 after a 60-step warmup); slow at Adam 1e-4 (1.29); at chance (every
# ReLU dead) at Adam 0.1 (with or without a warmup) and 1, SGDm 0.1-3


@case("dagnn-adam-lr-1", "dagnn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dagnn_family("adam", 1.0)


@case("dagnn-adagrad-lr-3-100x-log2", "dagnn", "lr-high-step1", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dagnn_family("adagrad", 3.0, log_every=2)


@case("dagnn-adam-cyclic-peak-1", "dagnn", "lr-high-cyclic", cf=lr_to(0.01),
      cf_what="peak lr 0.01 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dagnn_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("dagnn-adam-exponential-gamma-1p02", "dagnn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dagnn_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("dagnn-adamw-lr-1e-4-100x-low", "dagnn", "lr-low-adam", cf=lr_to(0.01), cf_what="AdamW lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dagnn_family("adamw", 1e-4)


@case("dagnn-nadam-lr-1e-4-100x-low-log2", "dagnn", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dagnn_family("nadam", 1e-4, log_every=2)


@case("dagnn-sgdm-summed-ce", "dagnn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DAGNN0, "ln 5"))
def _() -> Setup:
    return dagnn_family("sgdm", 0.03, loss_fn=fd.dagnn_ce_summed, loss_name="cross_entropy summed over the batch's nodes (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("dagnn-adam-head-x1000-log3", "dagnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DAGNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DAGNN0, "ln 5"))
def _() -> Setup:
    return dagnn_family("adam", 0.01, log_every=3, model=lambda: scaled_head(fd.DAGNN(), 1000))


@case("dagnn-adam-fc-dead-at-init", "dagnn", "dead-units",
      cf=lambda s: replace(s, model=fd.DAGNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dagnn_family("adam", 0.01, model=lambda: fd.DAGNN(dead_bias=-30.0), track_zero_grads=True)


@case("dagnn-adam-exponential-1000x-in-40-steps", "dagnn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return dagnn_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1),
                        schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("dagnn-adam-lr-0p03-recreated-every-2-steps", "dagnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return dagnn_family("adam", 0.03, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("dagnn-adam-lr-0p05-no-warmup", "dagnn", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return dagnn_family("adam", 0.05)


# expweibull: a ReLU MLP (6-64-64, a ReLU layer and a head) of log k, log lambda and log a of an
# exponentiated-Weibull law of lifetimes (bathtub or unimodal hazards) whose parameters depend on the features, the
# negative log-likelihood per row (2.06 at step 1, ending near 0.64 held out); works at Adam 1e-3-3e-3 (best:
# 0.64-0.66), 0.01 (0.69-0.70), RMSprop 1e-3 (0.64-0.65), SGDm 0.01 (0.67-0.68); 1.17-1.24 at Adam 0.1 (0.94-0.99
# after a 60-step warmup) and SGDm 0.1; 1.7-2.5 at SGD 1 (0.8-1.4 clipped at 1); slow at Adam 1e-5 (1.23-1.79);
# non-finite at Adam 1


@case("expweibull-adam-lr-0p3-100x-log2", "expweibull", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return expweibull_family("adam", 0.3, log_every=2)


@case("expweibull-rmsprop-lr-0p3-300x", "expweibull", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return expweibull_family("rmsprop", 0.3)


@case("expweibull-adamw-warmup-cosine-peak-1", "expweibull", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return expweibull_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("expweibull-rmsprop-exponential-gamma-1p02", "expweibull", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return expweibull_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("expweibull-adam-lr-3e-5-100x-low", "expweibull", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return expweibull_family("adam", 3e-5)


@case("expweibull-sgdm-summed-nll", "expweibull", "summed",
      cf=lambda s: replace(s, loss_fn=fd.expweibull_nll, loss_name="exponentiated-Weibull NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, EXPWEIBULL0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return expweibull_family("sgdm", 0.01, loss_fn=fd.expweibull_nll_summed, loss_name="exponentiated-Weibull negative log-likelihood summed over the batch's rows (reduction='sum')",
                             val_loss_fn=fd.expweibull_nll, mean_loss_fn=fd.expweibull_nll)  # fmt: skip


@case("expweibull-sgd-summed-nll-log2", "expweibull", "summed",
      cf=lambda s: replace(s, loss_fn=fd.expweibull_nll, loss_name="exponentiated-Weibull NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, EXPWEIBULL0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return expweibull_family("sgd", 0.03, log_every=2, loss_fn=fd.expweibull_nll_summed, loss_name="exponentiated-Weibull negative log-likelihood summed over the batch's rows (reduction='sum')",
                             val_loss_fn=fd.expweibull_nll, mean_loss_fn=fd.expweibull_nll)  # fmt: skip


@case("expweibull-adam-missing-feature-nan", "expweibull", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return expweibull_family("adam", 3e-3, data=fd.expweibull_rows(nan_rows=0.003))


@case("expweibull-rmsprop-fc-dead-at-init", "expweibull", "dead-units",
      cf=lambda s: replace(s, model=fd.ExpweibullMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return expweibull_family("rmsprop", 1e-3, model=lambda: fd.ExpweibullMLP(dead_bias=-30.0), track_zero_grads=True)


@case("expweibull-adam-multistep-x0p1-at-5pct", "expweibull", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return expweibull_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("expweibull-sgdm-lr-0p3-no-clip", "expweibull", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return expweibull_family("sgdm", 0.3)


@case("expweibull-sgd-lr-1-no-clip-log2", "expweibull", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return expweibull_family("sgd", 1.0, log_every=2)


@case("expweibull-adam-300-rows-overfits", "expweibull", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return expweibull_family("adam", 0.01, steps=800, eval_every=40, data=fd.expweibull_rows(train_rows=300))


# fresh93 half: healthy look-alikes


@case("sequencer-adam-cosine-log2", "sequencer", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.SEQUENCER_CLASSES, fall=0.6))
def _() -> Setup:
    return sequencer_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("sequencer-adamw-warmup-cosine-eval25", "sequencer", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.SEQUENCER_CLASSES, fall=0.6))
def _() -> Setup:
    return sequencer_family("adamw", 0.01, eval_every=25, schedule=cosine_after(0.1),
                            schedule_name="linear warmup 10% + cosine")


@case("tdnn-adam-constant-log2", "tdnn", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.TDNN_SPEAKERS, fall=0.6))
def _() -> Setup:
    return tdnn_family("adam", 3e-3, log_every=2)


@case("tdnn-nesterov-cosine-eval60", "tdnn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.TDNN_SPEAKERS, fall=0.6))
def _() -> Setup:
    return tdnn_family("nesterov", 0.03, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


@case("tdnn-sgdm-sgdr-log5", "tdnn", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fd.TDNN_SPEAKERS, fall=0.6))
def _() -> Setup:
    return tdnn_family("sgdm", 0.03, log_every=5, schedule=warm_restarts(0.25),
                       schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("tdnn-radam-step-decay-log3", "tdnn", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.TDNN_SPEAKERS, fall=0.6))
def _() -> Setup:
    return tdnn_family("radam", 3e-3, log_every=3, schedule=multistep(0.8, gamma=0.3), schedule_name="MultiStepLR")


@case("dagnn-adam-cosine-eval50", "dagnn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.DAGNN_CLASSES, fall=0.6))
def _() -> Setup:
    return dagnn_family("adam", 0.01, eval_every=50, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dagnn-rmsprop-cosine-log3", "dagnn", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.DAGNN_CLASSES, fall=0.6))
def _() -> Setup:
    return dagnn_family("rmsprop", 3e-3, log_every=3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dagnn-adagrad-on-plateau-log4", "dagnn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.DAGNN_CLASSES, fall=0.6))
def _() -> Setup:
    return dagnn_family("adagrad", 0.03, log_every=4, schedule=on_plateau(),
                        schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("dagnn-adam-resumed-with-state", "dagnn", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.DAGNN_CLASSES, fall=0.6))
def _() -> Setup:
    return dagnn_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                        schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("dagnn-sgdm-cosine-eval50", "dagnn", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.DAGNN_CLASSES, fall=0.6))
def _() -> Setup:
    return dagnn_family("sgdm", 0.03, eval_every=50, schedule=cosine_after(0.0), schedule_name="cosine")


@case("expweibull-adam-cosine-eval25", "expweibull", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return expweibull_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("expweibull-rmsprop-step-decay-log3", "expweibull", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return expweibull_family("rmsprop", 1e-3, log_every=3, schedule=multistep(0.8, gamma=0.3),
                             schedule_name="MultiStepLR")  # fmt: skip


@case("expweibull-adamw-warmup-linear-avg10", "expweibull", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return expweibull_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                             schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("expweibull-nadam-one-cycle-log5", "expweibull", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return expweibull_family("nadam", 3e-3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("expweibull-radam-warmup-cosine-log4", "expweibull", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return expweibull_family("radam", 0.01, log_every=4, schedule=cosine_after(0.1),
                             schedule_name="linear warmup 10% + cosine")


@case("expweibull-adagrad-constant-eval50", "expweibull", "healthy", like=("lr-too-high", "plateau"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return expweibull_family("adagrad", 0.03, eval_every=50)


# fresh93 half, logged once per epoch


@case("dagnn-adam-50-nodes-overfits-per-epoch", "dagnn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return dagnn_family("adam", 0.01, steps=40 * 10, log_per_epoch=True,
                        model=lambda: fd.DAGNN(dropout=0.0), data=fd.dagnn_nodes(batch_size=5, train_rows=50))  # fmt: skip


@case("tdnn-adam-lr-1-per-epoch", "tdnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return tdnn_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.tdnn_utterances(n=800, batch_size=16))


@case("sequencer-adam-cosine-per-epoch", "sequencer", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.SEQUENCER_CLASSES, fall=0.6))
def _() -> Setup:
    return sequencer_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True,
                            data=fd.sequencer_images(n=800, batch_size=16), schedule=cosine_after(0.0),
                            schedule_name="cosine")  # fmt: skip


@case("expweibull-adam-cosine-per-epoch", "expweibull", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.6))
def _() -> Setup:
    return expweibull_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True,
                             data=fd.expweibull_rows(n=3200, batch_size=64), schedule=cosine_after(0.0),
                             schedule_name="cosine")  # fmt: skip
