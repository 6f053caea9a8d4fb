"""The seventy-eighth fresh half (fresh76, held out from all tuning):
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


def sknet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes of the texture and shape pair")
    knobs.setdefault("meta", {"model": "Selective-Kernel CNN: a stem conv 1-16 and a stride-2 conv 16-16 to 8x8, 2 residual SK blocks (a 3x3 and a dilated 3x3 branch fused by summation and global pooling into a squeeze 16-8, a softmax over the 2 branches per channel selecting them, a 1x1 projection), global average pooling, a ReLU layer 16-32 and a head",
                              "image_size": fd.SKNET_SIZE, "classes": fd.SKNET_CLASSES, "channels": fd.SKNET_WIDTH,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.sknet_images(), knobs.pop("model", None) or fd.SKNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def phasedlstm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes of the planted rhythm and phase")
    knobs.setdefault("meta", {"model": "Phased LSTM: an LSTM cell (32 units) over the events' value, nuisance feature and time since the last event, its updates gated per unit by a learned periodic time gate (period tau, shift s, open ratio 0.2, leak 1e-3 when closed), the last and mean hidden states into a ReLU layer 64-32 and a head",
                              "max_events": fd.PHASED_EVENTS, "classes": fd.PHASED_CLASSES, "window": fd.PHASED_WINDOW,
                              "r_on": fd.PHASED_RON, "alpha": fd.PHASED_ALPHA,
                              "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.phasedlstm_events(), knobs.pop("model", None) or fd.PhasedLSTM,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def esmm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.esmm_loss)
    knobs.setdefault("loss_name", "ESMM loss: BCE of pCTR on the click + BCE of pCTCVR = pCTR x pCVR on the click and conversion, mean over the impressions")  # fmt: skip
    knobs.setdefault("meta", {"model": "ESMM: a shared embedding table of 9 fields (8 dimensions), two ReLU towers 72-64-32-1 for the pCTR and pCVR logits",
                              "fields": fd.ESMM_FIELDS, "values_per_field": fd.ESMM_VOCAB, "click_rate": 0.25,
                              "conversion_rate": 0.09, "held_out": "the summed two-task loss on new impressions"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.esmm_rows(), knobs.pop("model", None) or fd.ESMM,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def compoisson_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.compoisson_nll)
    knobs.setdefault("loss_name", "Conway-Maxwell-Poisson negative log-likelihood of the counts, the normaliser truncated at 80 (mean over the rows)")  # fmt: skip
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64, a ReLU layer 64-32, a head to log lambda and log nu",
                              "features": fd.COMPOIS_FEATURES, "truncation": fd.COMPOIS_J,
                              "held_out": "the Conway-Maxwell-Poisson negative log-likelihood on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.compoisson_rows(), knobs.pop("model", None) or fd.ComPoissonMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


SKNET0, PHASED0 = LN(fd.SKNET_CLASSES), LN(fd.PHASED_CLASSES)
ESMM0, COMPOIS0 = fd.esmm_at_zero(), fd.compoisson_at_zero()
"""Where the families start: the SK CNN at ln 4, the Phased LSTM at ln 4, the ESMM near its loss at logits of 0 (pCTR
0.5, pCTCVR 0.25: ~1.08), the Conway-Maxwell-Poisson regressor at its NLL of raw outputs of 0 (Poisson(1): ~6.8)."""


# sknet: a Selective-Kernel CNN (a conv stem to 8x8, 2 residual SK blocks of a 3x3 and a dilated 3x3 branch fused by
# summation and global pooling into a squeeze vector, a softmax over the 2 branches per channel selecting them, global
# average pooling, a ReLU layer and a head) naming the pair of a fine 4x4 texture (a checkerboard or stripes) and a
# coarse 8x8 shape (a square or a ring) in noisy 16x16 images, 6% random labels held out too, cross-entropy over 4 (1.38-
# 1.39 at step 1, ln 4 = 1.39); works at Adam 3e-3 (0.62-0.69 at most seeds, 1.04 at one that stays on the plateau of the
# shapes alone), Adam 0.01 after a 60-step warmup (0.62-0.69; 0.93-1.08 unwarmed), AdamW 3e-3 with a warmup and cosine
# (0.71), Adam 3e-3-0.01 with one-cycle (0.62-0.69); slow at Adam 1e-3 (0.92) and SGDm 0.03-0.1 (1.10-1.16); at chance
# from Adam 0.03 on and at SGDm 0.3-1 (1.45-1.55), Adam 1 at chance or losses in the thousands; 128 training images
# overfit within a few epochs


@case("sknet-adam-lr-1-log2", "sknet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return sknet_family("adam", 1.0, log_every=2)


@case("sknet-sgdm-summed-ce", "sknet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SKNET0, "ln 4"))
def _() -> Setup:
    return sknet_family("sgdm", 0.1, loss_fn=fd.sknet_ce_summed, loss_name="cross_entropy summed over the batch's images (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("sknet-adam-head-x1000", "sknet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SKNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SKNET0, "ln 4"))
def _() -> Setup:
    return sknet_family("adam", 3e-3, model=lambda: scaled_head(fd.SKNet(), 1000))


@case("sknet-adam-fc-dead-at-init", "sknet", "dead-units",
      cf=lambda s: replace(s, model=fd.SKNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return sknet_family("adam", 3e-3, model=lambda: fd.SKNet(dead_bias=-30.0), track_zero_grads=True)


@case("sknet-adam-lr-0p01-no-warmup", "sknet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60,
      shape=anything)
def _() -> Setup:
    return sknet_family("adam", 0.01)


# phasedlstm: a Phased LSTM classifier (an LSTM cell, 32 units, whose updates are gated per unit by a learned periodic
# time gate of period tau, shift s and open ratio 0.2, leaking 1e-3 when closed, the last and mean hidden states into a
# ReLU layer and a head) naming the rhythm (a period of 3 or 7) and phase (the sign the alternating values start with) of
# planted events among background events in irregularly sampled sequences of 30-40 events, 5% random labels held out
# too, cross-entropy over 4 (1.37 at step 1, ln 4 = 1.39, ending near 0.26-0.38 held out); works at Adam 0.01-0.03 (best
# 0.03: 0.26 with cosine, 0.29-0.38 constant), AdamW 0.03 with a warmup and cosine (0.30), RMSprop 3e-3 (0.38); 0.47 at
# Adam 0.1; slow at Adam 3e-3 (0.38) and SGDm 0.03 (0.93-1.19), SGDm 0.1 clipped at 1 0.89 and non-finite unclipped;
# Adam 0.03 recreated every 2 steps 0.66


@case("phasedlstm-sgdm-summed-ce", "phasedlstm", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, PHASED0, "ln 4"))
def _() -> Setup:
    return phasedlstm_family("sgdm", 0.03, loss_fn=fd.phasedlstm_ce_summed, loss_name="cross_entropy summed over the batch's sequences (reduction='sum')",
                             val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("phasedlstm-adam-head-x1000", "phasedlstm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.PhasedLSTM), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, PHASED0, "ln 4"))
def _() -> Setup:
    return phasedlstm_family("adam", 0.03, model=lambda: scaled_head(fd.PhasedLSTM(), 1000))


@case("phasedlstm-adam-missing-value-nan", "phasedlstm", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sequences with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return phasedlstm_family("adam", 0.03, data=fd.phasedlstm_events(nan_rows=0.003))


@case("phasedlstm-sgdm-lr-0p1-no-clip", "phasedlstm", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return phasedlstm_family("sgdm", 0.1)


@case("phasedlstm-adam-recreated-every-2-steps", "phasedlstm", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return phasedlstm_family("adam", 0.03, recreate_optimizer_at=frozenset(range(2, 400, 2)))


# esmm: an ESMM-like click and conversion model (a shared embedding table of 9 fields, two ReLU towers for the pCTR and
# pCVR logits) trained on the entire impression space, BCE of pCTR on the click plus BCE of pCTCVR = pCTR x pCVR on the
# click and conversion (1.13 at step 1, 1.08 at logits of 0, ending near 0.66-0.67 held out; the base rates alone 0.86);
# works at Adam 3e-3-0.03 (best 0.03: 0.656), NAdam 3e-3, RMSprop 3e-3 (0.657), Adagrad 0.03-0.1, SGDm 0.1-0.3, SGD 1
# (0.67); slow at Adam 1e-3 (0.685), SGDm 1e-3 (0.85), Adam and NAdam 3e-5 (0.92-0.95); 0.74 at Adam 0.1 (0.72 after a
# 60-step warmup), stuck at the base rates from Adam 0.2-1, RMSprop 0.1-0.3 and Adagrad 1-3 (0.85-0.91, a warmup does not
# help), SGDm 10 diverging (6.2 or NaN); 2000 training rows overfit from step 30 (0.77, then 3.8), and 6400 rows overfit
# within 8 epochs


@case("esmm-rmsprop-lr-0p3-300x", "esmm", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return esmm_family("rmsprop", 0.3)


@case("esmm-adagrad-lr-3-100x-log2", "esmm", "lr-high-step1", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return esmm_family("adagrad", 3.0, log_every=2)


@case("esmm-sgdm-lr-10-30x", "esmm", "lr-high-step1", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return esmm_family("sgdm", 10.0)


@case("esmm-nadam-warmup-cosine-peak-1", "esmm", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return esmm_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("esmm-rmsprop-exponential-gamma-1p02", "esmm", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return esmm_family("rmsprop", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("esmm-nadam-lr-3e-5-100x-low", "esmm", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return esmm_family("nadam", 3e-5)


@case("esmm-adamw-warmup-cosine-peak-1", "esmm", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return esmm_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("esmm-adam-cyclic-peak-1", "esmm", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return esmm_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("esmm-adam-lr-3e-5-100x-low-log3", "esmm", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return esmm_family("adam", 3e-5, log_every=3)


@case("esmm-sgdm-lr-1e-3-100x-low-log2", "esmm", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return esmm_family("sgdm", 1e-3, log_every=2)


@case("esmm-sgd-summed-bce", "esmm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.esmm_loss, loss_name="ESMM loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ESMM0, "the loss of logits of 0"))
def _() -> Setup:
    return esmm_family("sgd", 0.3, loss_fn=fd.esmm_loss_summed, loss_name="ESMM loss summed over the batch's impressions (reduction='sum')",
                       val_loss_fn=fd.esmm_loss, mean_loss_fn=fd.esmm_loss)  # fmt: skip


@case("esmm-adam-head-x1000", "esmm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ESMM), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, ESMM0, "the loss of logits of 0"))
def _() -> Setup:
    return esmm_family("adam", 3e-3, model=lambda: scaled_head(fd.ESMM(), 1000))


@case("esmm-adam-multistep-x0p1-at-5pct", "esmm", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return esmm_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("esmm-adam-exponential-1000x-in-40-steps", "esmm", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return esmm_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")  # fmt: skip


@case("esmm-adam-fc-dead-at-init", "esmm", "dead-units",
      cf=lambda s: replace(s, model=fd.ESMM), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return esmm_family("adam", 3e-3, model=lambda: fd.ESMM(dead_bias=-30.0), track_zero_grads=True)


@case("esmm-adam-missing-field-nan", "esmm", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the impressions with a missing (NaN) field dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return esmm_family("adam", 3e-3, data=fd.esmm_rows(nan_rows=0.003))


@case("esmm-adam-2000-rows-overfits", "esmm", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return esmm_family("adam", 0.01, steps=600, eval_every=30, data=fd.esmm_rows(train_rows=2000))


# compoisson: a ReLU MLP regressor of under- and over-dispersed counts (dispersion nu 0.55-1.8, means near 1-30) with
# the Conway-Maxwell-Poisson negative log-likelihood of log lambda and log nu, the normaliser a logsumexp truncated at 80
# (5.6-8.0 at step 1, 6.8 at raw outputs of 0, ending near 2.04-2.09 held out); works at Adam 1e-3-0.01 (2.06-2.09),
# NAdam, RAdam and AdamW 3e-3, Adagrad 0.03 (2.06), RMSprop 1e-3-3e-3, SGDm 0.01 (2.07), SGD 0.03 (2.08); slow at Adam,
# RAdam and AdamW 3e-5 (3.3-4.1); 2.38-2.62 at Adam 0.1 unwarmed (2.10-2.18 after a 60-step warmup), ~2.6 at Adam 0.3-1
# and after a 20% warmup to a peak of 1; non-finite from SGDm 0.1, SGD 0.3 (2.24-2.44 clipped at 1), Adagrad 3 and NAdam
# 1 on; SGDm 0.03 17.9; a summed NLL at SGDm 0.01 non-finite


@case("compoisson-adam-lr-1-log2", "compoisson", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return compoisson_family("adam", 1.0, log_every=2)


@case("compoisson-sgdm-lr-1-100x", "compoisson", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return compoisson_family("sgdm", 1.0)


@case("compoisson-adagrad-lr-3-100x", "compoisson", "lr-high-step1", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return compoisson_family("adagrad", 3.0)


@case("compoisson-nadam-lr-1-300x", "compoisson", "lr-high-step1", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return compoisson_family("nadam", 1.0)


@case("compoisson-adamw-warmup-cosine-peak-1", "compoisson", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return compoisson_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("compoisson-adam-exponential-gamma-1p02", "compoisson", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return compoisson_family("adam", 3e-3, schedule=exponential(1.02),
                             schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("compoisson-adam-lr-3e-5-100x-low", "compoisson", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return compoisson_family("adam", 3e-5)


@case("compoisson-radam-lr-3e-5-100x-low-log2", "compoisson", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return compoisson_family("radam", 3e-5, log_every=2)


@case("compoisson-adamw-lr-3e-5-100x-low", "compoisson", "lr-low-adam", cf=lr_to(3e-3), cf_what="AdamW lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return compoisson_family("adamw", 3e-5)


@case("compoisson-adam-multistep-x0p1-at-5pct", "compoisson", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return compoisson_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("compoisson-sgdm-summed-nll", "compoisson", "summed",
      cf=lambda s: replace(s, loss_fn=fd.compoisson_nll, loss_name="Conway-Maxwell-Poisson negative log-likelihood (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, COMPOIS0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return compoisson_family("sgdm", 0.01, loss_fn=fd.compoisson_nll_summed, loss_name="Conway-Maxwell-Poisson negative log-likelihood summed over the batch's rows (reduction='sum')",
                             val_loss_fn=fd.compoisson_nll, mean_loss_fn=fd.compoisson_nll)  # fmt: skip


@case("compoisson-adam-exponential-1000x-in-40-steps", "compoisson", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return compoisson_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")  # fmt: skip


@case("compoisson-adam-missing-feature-nan", "compoisson", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return compoisson_family("adam", 3e-3, data=fd.compoisson_rows(nan_rows=0.003))


@case("compoisson-adam-fc-dead-at-init", "compoisson", "dead-units",
      cf=lambda s: replace(s, model=fd.ComPoissonMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return compoisson_family("adam", 3e-3, model=lambda: fd.ComPoissonMLP(dead_bias=-30.0), track_zero_grads=True)


@case("compoisson-adam-lr-0p1-no-warmup", "compoisson", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=60,
      shape=anything)
def _() -> Setup:
    return compoisson_family("adam", 0.1)


@case("compoisson-sgd-lr-0p3-no-clip", "compoisson", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return compoisson_family("sgd", 0.3)


# fresh76 half: healthy look-alikes


@case("sknet-adam-one-cycle", "sknet", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.SKNET_CLASSES, fall=0.6))
def _() -> Setup:
    return sknet_family("adam", 3e-3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("sknet-adamw-warmup-cosine", "sknet", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.SKNET_CLASSES, fall=0.6))
def _() -> Setup:
    return sknet_family("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("phasedlstm-adam-cosine-log2", "phasedlstm", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.PHASED_CLASSES, fall=0.6))
def _() -> Setup:
    return phasedlstm_family("adam", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("phasedlstm-adamw-warmup-cosine-eval50", "phasedlstm", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fd.PHASED_CLASSES, fall=0.6))
def _() -> Setup:
    return phasedlstm_family("adamw", 0.03, eval_every=50, schedule=cosine_after(0.1),
                             schedule_name="linear warmup 10% + cosine")


@case("esmm-adam-cosine-log2", "esmm", "healthy", like=("plateau", "lr-too-high"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return esmm_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("esmm-adam-resumed-with-state", "esmm", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return esmm_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                       schedule=cosine_after(0.0), schedule_name="cosine")


@case("esmm-rmsprop-step-decay-log3", "esmm", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return esmm_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                       schedule_name="MultiStepLR")


@case("esmm-nesterov-cosine-log2", "esmm", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return esmm_family("nesterov", 0.3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("esmm-adagrad-constant-eval50", "esmm", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return esmm_family("adagrad", 0.03, steps=500, eval_every=50)


@case("esmm-nadam-sgdr-log5", "esmm", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return esmm_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                       schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("esmm-adamw-warmup-linear-avg10", "esmm", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return esmm_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                       schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("compoisson-adam-cosine-eval25", "compoisson", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return compoisson_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("compoisson-sgdm-one-cycle-eval25", "compoisson", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return compoisson_family("sgdm", 0.01, eval_every=25, schedule=one_cycle, schedule_name="OneCycleLR")


@case("compoisson-sgd-cosine-log2", "compoisson", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return compoisson_family("sgd", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("compoisson-adagrad-on-plateau-log4", "compoisson", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return compoisson_family("adagrad", 0.03, log_every=4, schedule=on_plateau(),
                             schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("compoisson-rmsprop-step-decay-log3", "compoisson", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return compoisson_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                             schedule_name="MultiStepLR")


@case("compoisson-radam-warmup-cosine-log4", "compoisson", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return compoisson_family("radam", 3e-3, log_every=4, schedule=cosine_after(0.1),
                             schedule_name="linear warmup 10% + cosine")


# fresh76 half, logged once per epoch


@case("sknet-adam-128-images-overfits-per-epoch", "sknet", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return sknet_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True,
                        data=fd.sknet_images(train_rows=128, batch_size=32))


@case("compoisson-adam-lr-1-per-epoch", "compoisson", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return compoisson_family("adam", 1.0, steps=50 * 8, log_per_epoch=True,
                             data=fd.compoisson_rows(n=3200, batch_size=64))


@case("esmm-adam-cosine-per-epoch", "esmm", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return esmm_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True, data=fd.esmm_rows(n=25600, batch_size=512),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("compoisson-rmsprop-cosine-per-epoch", "compoisson", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return compoisson_family("rmsprop", 3e-3, steps=50 * 8, log_per_epoch=True,
                             data=fd.compoisson_rows(n=3200, batch_size=64), schedule=cosine_after(0.0),
                             schedule_name="cosine")  # fmt: skip
