"""The one hundred and sixth fresh half (fresh104, held out from all tuning):
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
    LN, Setup, cosine_after, cyclic, exponential, exponential_to, linear_decay_after, multistep, one_cycle,
    scaled_head, warm_restarts,
)


def nlnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 counts")
    knobs.setdefault("meta", {"model": "CNN with a non-local block: a 3x3 conv 1-8 at 12x12, 2x2 max pooling, a 3x3 conv 8-16 at 6x6, an embedded-Gaussian non-local block over the 36 positions (residual), global average pooling, a ReLU layer 16-32 and a head",
                              "image_size": fd.NLNET_SIZE, "classes": fd.NLNET_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.nlnet_images(), knobs.pop("model", None) or fd.NlnetNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def irnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 channel orders")
    knobs.setdefault("meta", {"model": "IRNN: a ReLU RNN of 24 units, the recurrent matrix initialised to the identity, over 20 steps, the last state through a ReLU layer 24-32 and a head",
                              "steps": fd.IRNN_STEPS, "channels": fd.IRNN_CHANNELS, "hidden": fd.IRNN_HIDDEN,
                              "classes": fd.IRNN_CLASSES, "held_out": "cross-entropy on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.irnn_series(), knobs.pop("model", None) or fd.IrnnNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def afn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.afn_bce)
    knobs.setdefault("loss_name", "BCE with logits of the click")
    knobs.setdefault("meta", {"model": "adaptive factorization network: 8-d embeddings of 6 fields' values, log of their absolute values, 12 logarithmic neurons (exp of a learned map across the fields), the 96 and 2 dense features through a ReLU layer 98-32 and a head",
                              "fields": fd.AFN_FIELDS, "vocab": fd.AFN_VOCAB, "dim": fd.AFN_DIM, "dense": fd.AFN_DENSE,
                              "log_neurons": fd.AFN_NEURONS, "held_out": "BCE on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.afn_rows(), knobs.pop("model", None) or fd.AfnNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def yule_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.yule_nll)
    knobs.setdefault("loss_name", "Yule-Simon negative log-likelihood per row (log shape)")
    knobs.setdefault("meta", {"model": "MLP 6-64 (GELU) -64 (GELU), a ReLU layer 64-32, a head to the log shape (clamped to +-5) of a Yule-Simon law of counts",
                              "features": fd.YULE_FEATURES, "held_out": "the NLL on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.yule_rows(), knobs.pop("model", None) or fd.YuleMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


NLNET0, IRNN0 = LN(fd.NLNET_CLASSES), LN(fd.IRNN_CLASSES)
AFN0, YULE0 = LN(2), fd.yule_at_zero()
"""Where the families start: the non-local CNN and the IRNN at ln 4, the AFN near ln 2 (a logit near 0), the
Yule-Simon MLP at the NLL of raw outputs of 0 (rho = 1)."""


# nlnet: a CNN with a non-local block (a 3x3 conv 1-8 at 12x12, 2x2 max pooling, a 3x3 conv 8-16 at 6x6, an
# embedded-Gaussian non-local block over the 36 positions added to its input, global average pooling, a ReLU layer
# and a head) counting 1-4 small squares among 3 distractor pixels in noisy 12x12 images, 5% random labels held out
# too, cross-entropy over 4 (1.37-1.40 at step 1, ln 4, ending near 0.67-0.77 held out); works at Adam 0.01
# (0.67-0.77), Adam 0.03 after a 10% warmup + cosine (0.69) or with step decay (0.70); slower at Adam 1e-3
# (0.85-0.88), RMSprop 1e-3 (0.85-0.90), under a x0.001 exponential decay spread over the run (0.88); at chance
# (1.39-1.46) at Adam 1, RMSprop 0.3, after a warmup + cosine to a peak of 1, after a x0.001 decay of Adam 0.01 in
# 40 steps, with a dead fc; 3.9-5.2 with an lr growing x1.02 a step from 0.01 (a 400-step run: 2-4 s)

@case("nlnet-adam-lr-1", "nlnet", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return nlnet_family("adam", 1.0)


@case("nlnet-rmsprop-lr-0p3-300x-log2", "nlnet", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return nlnet_family("rmsprop", 0.3, log_every=2)


@case("nlnet-adamw-warmup-cosine-peak-1", "nlnet", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nlnet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("nlnet-adam-exponential-gamma-1p02", "nlnet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nlnet_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("nlnet-adam-lr-1e-3-10x-low-log3", "nlnet", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nlnet_family("adam", 1e-3, log_every=3)


@case("nlnet-adam-missing-pixel-nan", "nlnet", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return nlnet_family("adam", 0.01, data=fd.nlnet_images(nan_rows=0.005))


@case("nlnet-adam-fc-dead-at-init", "nlnet", "dead-units",
      cf=lambda s: replace(s, model=fd.NlnetNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return nlnet_family("adam", 0.01, model=lambda: fd.NlnetNet(dead_bias=-30.0), track_zero_grads=True)


@case("nlnet-adam-exponential-1000x-in-40-steps-log2", "nlnet", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return nlnet_family("adam", 0.01, log_every=2, schedule=exponential_to(1e-3, 0.1),
                        schedule_name="ExponentialLR per batch, x0.001 by step 40")


# irnn: an IRNN (Le et al.: a ReLU RNN of 24 units, the recurrent matrix initialised to the identity, over 20 steps
# of 2 channels, the last state through a ReLU layer and a head) naming the channels of two positive pulses (one in
# each half) beside 0-3 negative decoy pulses, 5% random labels held out too, cross-entropy over 4 (1.27-1.50 at step
# 1, ln 4, ending near 0.32-0.43 held out); works at Adam 0.01 (0.32-0.39; 0.34 under a cosine or resumed with its
# state), AdamW 0.03 with a warmup and step decay (0.33), RMSprop 3e-3 (0.36-0.40), RMSprop 0.03 under a cosine
# (0.92), SGD 0.3 and SGDm 0.1 clipped at 1 (0.52-0.59, 1.1-1.2); at chance or NaN at Adam 0.1 or 1, RMSprop 0.3
# (1e26), after a warmup + cosine to a peak of 1, with a dead fc, at SGDm 0.1 and SGD 0.3 unclipped; slow at Adam
# 1e-4 (0.81-0.85); 0.44-0.49 after a x0.1 cut of Adam 0.01 at step 20 (0.35-0.38 cut at 70%); Adam 0.03 recreated
# every 2 steps 0.90-1.11 (0.61-0.63 created once); its head initialised 1000x 1.25-3.9 (523 at step 1); 6-14 with
# an lr growing x1.02 a step from 0.01; 64 training series overfit (1.25-1.39 at best, 5.5-7.1 at the end). A first
# version's healthy Adam cosine and resumed runs at 0.1 stayed at chance and its Adam 0.1 recreated every 2 steps was
# harmless (both at chance), so they sit at 0.01 and 0.03 (a 400-step run: 1-3 s)

@case("irnn-adam-lr-1-log2", "irnn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return irnn_family("adam", 1.0, log_every=2)


@case("irnn-rmsprop-lr-0p3-100x", "irnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return irnn_family("rmsprop", 0.3)


@case("irnn-nadam-warmup-cosine-peak-1", "irnn", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return irnn_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("irnn-adam-exponential-gamma-1p02", "irnn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return irnn_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("irnn-adam-lr-1e-4-100x-low-log2", "irnn", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return irnn_family("adam", 1e-4, log_every=2)


@case("irnn-adam-head-x1000-log2", "irnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.IrnnNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, IRNN0, "ln 4"))
def _() -> Setup:
    return irnn_family("adam", 0.01, log_every=2, model=lambda: scaled_head(fd.IrnnNet(), 1000))


@case("irnn-adam-lr-3e-3-head-x1000", "irnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.IrnnNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, IRNN0, "ln 4"))
def _() -> Setup:
    return irnn_family("adam", 3e-3, model=lambda: scaled_head(fd.IrnnNet(), 1000))


@case("irnn-adam-multistep-x0p1-at-5pct", "irnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return irnn_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("irnn-adam-missing-value-nan", "irnn", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return irnn_family("adam", 0.01, data=fd.irnn_series(nan_rows=0.005))


@case("irnn-adam-fc-dead-at-init", "irnn", "dead-units",
      cf=lambda s: replace(s, model=fd.IrnnNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return irnn_family("adam", 0.01, model=lambda: fd.IrnnNet(dead_bias=-30.0), track_zero_grads=True)


@case("irnn-adam-lr-0p03-recreated-every-2-steps", "irnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return irnn_family("adam", 0.03, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("irnn-adam-64-series-overfit", "irnn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return irnn_family("adam", 0.01, steps=600, eval_every=30, data=fd.irnn_series(train_rows=64))


@case("irnn-sgdm-lr-0p1-no-clip", "irnn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return irnn_family("sgdm", 0.1)


@case("irnn-sgd-lr-0p3-no-clip-log2", "irnn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return irnn_family("sgd", 0.3, log_every=2)


# afn: an adaptive factorization network (8-d embeddings of 6 categorical fields, the log of their absolute values,
# 12 logarithmic neurons exponentiating a learned map across the fields, the 96 and 2 dense features through a ReLU
# layer and a head) predicting clicks drawn from a logit with second- and third-order crosses of the fields and a
# field-dependent slope of a dense feature, BCE with logits (0.69-0.72 at step 1, ending near 0.57-0.60 held out);
# works at Adam 0.01 (0.57-0.58; 0.60 under a cosine, 0.57 under one-cycle at 0.03), NAdam 0.01 with step decay
# (0.57), Adagrad 0.1 (0.57-0.58, 0.58 on plateau), RAdam 0.03 with warmup + cosine (0.59); not at all with SGD
# (SGDm 3e-3 to 0.3, SGD 1: 0.68-0.70); slow at Adam and NAdam 1e-4 (0.68-0.69); 0.70-0.73 at Adam 1, 0.71-6.4 at
# Adagrad 10; 0.69 after a warmup + cosine to a peak of 1, with Adam or RAdam at 0.03-0.1; its head initialised
# 1000x 0.70-2.8 (162 at step 1); summed over the batch (x64) 1.8-13 at SGDm 0.3 and SGD 1; 0.67-0.70 after a x0.01
# cut of Adam 0.01 at step 20; 256 training rows overfit (0.67 at best, 7.4-9.2 at the end). A first version's lr-low
# SGD run was harmless (SGD does not train it at all, so lr-low-sgd sits in yule), and its x0.001 decay in 40 steps
# was harmless (the whole-run decay did not train at seed 0, 0.69), so it sits in nlnet (a 400-step run: ~1 s)

@case("afn-adam-lr-1", "afn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return afn_family("adam", 1.0)


@case("afn-adagrad-lr-10-100x-log2", "afn", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return afn_family("adagrad", 10.0, log_every=2)


@case("afn-adamw-warmup-cosine-peak-1", "afn", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return afn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("afn-adam-lr-1e-4-100x-low", "afn", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return afn_family("adam", 1e-4)


@case("afn-nadam-lr-1e-4-100x-low-log3", "afn", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return afn_family("nadam", 1e-4, log_every=3)


@case("afn-sgdm-lr-0p3-summed-bce", "afn", "summed",
      cf=lambda s: replace(s, loss_fn=fd.afn_bce, loss_name="BCE with logits (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, AFN0, "ln 2"))
def _() -> Setup:
    return afn_family("sgdm", 0.3, loss_fn=fd.afn_bce_summed,
                          loss_name="BCE with logits summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.afn_bce, mean_loss_fn=fd.afn_bce)


@case("afn-sgd-lr-1-summed-bce-log2", "afn", "summed",
      cf=lambda s: replace(s, loss_fn=fd.afn_bce, loss_name="BCE with logits (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, AFN0, "ln 2"))
def _() -> Setup:
    return afn_family("sgd", 1.0, log_every=2, loss_fn=fd.afn_bce_summed,
                          loss_name="BCE with logits summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.afn_bce, mean_loss_fn=fd.afn_bce)


@case("afn-adam-head-x1000", "afn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.AfnNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, AFN0, "ln 2"))
def _() -> Setup:
    return afn_family("adam", 0.01, model=lambda: scaled_head(fd.AfnNet(), 1000))


@case("afn-adam-multistep-x0p01-at-5pct", "afn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.01)), cf_what="the same x0.01 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.011, 25))
def _() -> Setup:
    return afn_family("adam", 0.01, schedule=multistep(0.05, gamma=0.01), schedule_name="MultiStepLR at 5%")


# yule: a GELU MLP (6-64-64, a ReLU layer and a head) of the log shape rho of a Yule-Simon law of counts k >= 1
# (pmf rho B(k, rho + 1), a power-law tail) whose shape depends on the features, the negative log-likelihood per row
# (1.05-1.08 at step 1 for outputs near rho = 1, ending near 0.65-0.78 held out); works at Adam 3e-3 (0.65-0.66; 0.65
# under a cosine, warm restarts or a warmup + linear decay), RMSprop 3e-3 with step decay (0.65), SGDm 0.01
# (0.66-0.67), Nesterov 0.03 and SGD 0.03 under a cosine (0.65, 0.78), RMSprop 0.02-0.03 after a 60-step warmup
# (0.65-0.68); slow at Adam 1e-4 (0.77-0.78), SGDm 1e-4 (0.95); 0.91-0.92 after a x0.001 decay of Adam 3e-3 in 40
# steps; 2.9-3.0 (the log shape at its clamp) at Adam 1, SGDm 1, RMSprop 0.02-0.05 without a warmup, summed over the
# batch (x64) at SGDm 0.01 and Nesterov 0.03, 0.78-2.9 under a cyclic lr to a peak of 1; a dead fc 0.80. A first
# version's data (log rho 0.7 + 0.6 cos ...) left too little to learn (1.48 at rho = 1, 1.27 at best): its healthy
# runs fell by under 15%, its SGD runs did not explode and its Adam 1e-4 was harmless, so the shape now spreads
# wider (1.8 + 1.4 cos ...), the exploding runs sit in irnn and its missing-warmup RMSprop 0.05 (the warmup broke at
# seed 1) at 0.02; the healthy Nesterov and SGD cosine runs lost to 3x and 1/3x the lr at 0.01 and 0.1, so they sit
# at 0.03 (a 400-step run: ~1 s)

@case("yule-adam-lr-1-log2", "yule", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return yule_family("adam", 1.0, log_every=2)


@case("yule-sgdm-lr-1-100x", "yule", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return yule_family("sgdm", 1.0)


@case("yule-adam-cyclic-peak-1", "yule", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return yule_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("yule-adam-lr-1e-4-30x-low-log2", "yule", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return yule_family("adam", 1e-4, log_every=2)


@case("yule-sgdm-lr-1e-4-100x-low", "yule", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return yule_family("sgdm", 1e-4)


@case("yule-rmsprop-lr-0p02-no-warmup", "yule", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return yule_family("rmsprop", 0.02)


@case("yule-rmsprop-lr-0p03-no-warmup-log2", "yule", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return yule_family("rmsprop", 0.03, log_every=2)


@case("yule-sgdm-summed-nll", "yule", "summed",
      cf=lambda s: replace(s, loss_fn=fd.yule_nll, loss_name="Yule-Simon NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, YULE0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return yule_family("sgdm", 0.01, loss_fn=fd.yule_nll_summed,
                            loss_name="Yule-Simon NLL summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.yule_nll, mean_loss_fn=fd.yule_nll)


@case("yule-nesterov-summed-nll-log2", "yule", "summed",
      cf=lambda s: replace(s, loss_fn=fd.yule_nll, loss_name="Yule-Simon NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, YULE0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return yule_family("nesterov", 0.03, log_every=2, loss_fn=fd.yule_nll_summed,
                            loss_name="Yule-Simon NLL summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.yule_nll, mean_loss_fn=fd.yule_nll)


@case("yule-adam-exponential-1000x-in-40-steps", "yule", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return yule_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                            schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("yule-adam-missing-feature-nan", "yule", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return yule_family("adam", 3e-3, data=fd.yule_rows(nan_rows=0.003))


@case("yule-adam-fc-dead-at-init", "yule", "dead-units",
      cf=lambda s: replace(s, model=fd.YuleMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return yule_family("adam", 3e-3, model=lambda: fd.YuleMLP(dead_bias=-30.0), track_zero_grads=True)


# fresh104 half: healthy look-alikes


@case("nlnet-adam-warmup-cosine-eval25", "nlnet", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.NLNET_CLASSES, fall=0.8))
def _() -> Setup:
    return nlnet_family("adam", 0.03, eval_every=25, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine")


@case("nlnet-adam-step-decay-eval50", "nlnet", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.NLNET_CLASSES, fall=0.8))
def _() -> Setup:
    return nlnet_family("adam", 0.03, eval_every=50, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("irnn-rmsprop-cosine-log2", "irnn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.IRNN_CLASSES, fall=0.7))
def _() -> Setup:
    return irnn_family("rmsprop", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("irnn-adam-cosine-eval25", "irnn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.IRNN_CLASSES, fall=0.7))
def _() -> Setup:
    return irnn_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("irnn-adamw-warmup-step-decay-log3", "irnn", "healthy", like=("premature-decay", "plateau", "missing-warmup"),
      shape=healthy_shape(fd.IRNN_CLASSES, fall=0.7))
def _() -> Setup:
    return irnn_family("adamw", 0.03, log_every=3, warmup_steps=20, schedule=multistep(0.6, 0.8, gamma=0.3),
                        schedule_name="20-step linear warmup + MultiStepLR")


@case("irnn-adam-resumed-with-state", "irnn", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.IRNN_CLASSES, fall=0.7))
def _() -> Setup:
    return irnn_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                        schedule=cosine_after(0.0), schedule_name="cosine")


@case("afn-adam-cosine-log2", "afn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return afn_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("afn-nadam-step-decay-log3", "afn", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return afn_family("nadam", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                          schedule_name="MultiStepLR")


@case("afn-adagrad-on-plateau-log4", "afn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return afn_family("adagrad", 0.1, log_every=4, schedule=on_plateau(),
                          schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("afn-adam-one-cycle", "afn", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return afn_family("adam", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("afn-radam-warmup-cosine-log4", "afn", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return afn_family("radam", 0.03, log_every=4, schedule=cosine_after(0.1),
                          schedule_name="linear warmup 10% + cosine")


@case("yule-adam-cosine-eval25", "yule", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return yule_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("yule-rmsprop-step-decay-log3", "yule", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return yule_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                            schedule_name="MultiStepLR")


@case("yule-nesterov-cosine-eval60", "yule", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return yule_family("nesterov", 0.03, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


@case("yule-adamw-warmup-linear-avg10", "yule", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return yule_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                            schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("yule-nadam-sgdr-log5", "yule", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return yule_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                            schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("yule-sgd-cosine-log2", "yule", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return yule_family("sgd", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


# fresh104 half, logged once per epoch


@case("afn-adam-256-rows-overfit-per-epoch", "afn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return afn_family("adam", 0.01, steps=4 * 100, log_per_epoch=True, data=fd.afn_rows(train_rows=256))


@case("yule-adam-lr-1-per-epoch", "yule", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return yule_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.yule_rows(n=3200))


@case("yule-adam-cosine-per-epoch", "yule", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return yule_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True, data=fd.yule_rows(n=3200),
                           schedule=cosine_after(0.0), schedule_name="cosine")


@case("irnn-adam-warmup-cosine-per-epoch", "irnn", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.IRNN_CLASSES, fall=0.7))
def _() -> Setup:
    return irnn_family("adam", 0.03, steps=50 * 8, log_per_epoch=True, data=fd.irnn_series(n=1600),
                        schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip
