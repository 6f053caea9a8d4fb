"""The one hundred and ninth fresh half (fresh107, held out from all tuning):
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


def bilinear_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 stroke orientations")
    knobs.setdefault("meta", {"model": "bilinear CNN: 3x3 convs 1-8-8 (ReLU) at 12x12, the channels' outer product averaged over positions (64), signed sqrt and L2 normalisation, a ReLU layer 64-32 and a head",
                              "image_size": fd.BILINEAR_SIZE, "classes": fd.BILINEAR_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.bilinear_images(), knobs.pop("model", None) or fd.BilinearNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def lem_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes (bump order x bump sign)")
    knobs.setdefault("meta", {"model": "Long Expressive Memory: 24 units, two learned multi-scale step sizes dt1, dt2 (sigmoids), z <- (1 - dt1) z + dt1 tanh(.), y <- (1 - dt2) y + dt2 tanh(W z + V u), the last and mean y through a ReLU layer 48-32 and a head",
                              "steps": fd.LEM_STEPS, "channels": fd.LEM_CHANNELS, "hidden": fd.LEM_HIDDEN,
                              "classes": fd.LEM_CLASSES, "held_out": "cross-entropy on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.lem_series(), knobs.pop("model", None) or fd.LemNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def dlrm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.dlrm_bce)
    knobs.setdefault("loss_name", "BCE with logits of the click")
    knobs.setdefault("meta", {"model": "DLRM: 8-d embeddings of 6 categorical fields, a bottom MLP 4-16-8 of the dense features, the 21 pairwise dot products of the 7 vectors and the bottom output through a ReLU layer 29-32 and a head",
                              "fields": fd.DLRM_FIELDS, "cardinality": fd.DLRM_CARD, "dense": fd.DLRM_DENSE,
                              "held_out": "BCE on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dlrm_rows(), knobs.pop("model", None) or fd.DlrmNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def poilindley_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.poilindley_nll)
    knobs.setdefault("loss_name", "Poisson-Lindley negative log-likelihood per row (log theta)")
    knobs.setdefault("meta", {"model": "MLP 6-64 (tanh) -64 (tanh), a ReLU layer 64-32, a head to log theta (clamped to +-6) of a Poisson-Lindley law of counts",
                              "features": fd.POILINDLEY_FEATURES, "held_out": "the NLL on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.poilindley_rows(), knobs.pop("model", None) or fd.PoilindleyMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


BILINEAR0, LEM0 = LN(fd.BILINEAR_CLASSES), LN(fd.LEM_CLASSES)
DLRM0, POILINDLEY0 = LN(2), fd.poilindley_at_zero()
"""Where the families start: the bilinear CNN and the LEM at ln 4, the DLRM near ln 2 (a logit near 0), the
Poisson-Lindley MLP at the NLL of raw outputs of 0 (theta = 1)."""


# bilinear: a bilinear CNN (Lin et al., tiny: two 3x3 convs 1-8-8 at 12x12, the outer product of the 8 channels
# averaged over the positions, a signed square root and an L2 normalisation, a ReLU layer and a head) naming the
# orientation of a 4-pixel stroke (horizontal, vertical, diagonal, anti-diagonal) drawn at a random place beside 3
# bright pixels in noisy 12x12 images, 5% random labels held out too, cross-entropy over 4 (1.38-1.40 at step 1, ln
# 4, ending near 0.31-0.38 held out); works at Adam 3e-3 (0.31; 0.33 with step decay), Adam 0.01 after a 10% warmup +
# cosine (0.38), RMSprop 1e-3 (0.31-0.34), Adam 1e-3 (0.31-0.35); Adam 0.01 without a warmup stalls at one seed
# (1.0-1.39); at chance (1.38-1.49) at Adam 1, RMSprop 0.3, after a warmup + cosine to a peak of 1, after a x0.01
# decay of Adam 3e-3 in 40 steps (0.38-0.91 spread over the run; x0.001 over the run stalled at one seed, 1.35), with
# a dead fc, at Adam 1e-4 (1.24-1.38); 1.6-2.2 with an lr growing x1.02 a step from 3e-3. A first version sat at Adam
# 0.01, which stalled at one seed and lost to Adam 1e-3, so the family's lr is 3e-3 (a 400-step run: 2-4 s)


@case("bilinear-adam-lr-1", "bilinear", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return bilinear_family("adam", 1.0)


@case("bilinear-rmsprop-lr-0p3-300x-log2", "bilinear", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return bilinear_family("rmsprop", 0.3, log_every=2)


@case("bilinear-adamw-warmup-cosine-peak-1", "bilinear", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bilinear_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("bilinear-adam-exponential-gamma-1p02", "bilinear", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bilinear_family("adam", 3e-3, schedule=exponential(1.02),
                           schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("bilinear-adam-lr-1e-4-30x-low-log3", "bilinear", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return bilinear_family("adam", 1e-4, log_every=3)


@case("bilinear-adam-missing-pixel-nan", "bilinear", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return bilinear_family("adam", 3e-3, data=fd.bilinear_images(nan_rows=0.005))


@case("bilinear-adam-fc-dead-at-init", "bilinear", "dead-units",
      cf=lambda s: replace(s, model=fd.BilinearNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return bilinear_family("adam", 3e-3, model=lambda: fd.BilinearNet(dead_bias=-30.0), track_zero_grads=True)


@case("bilinear-adam-exponential-100x-in-40-steps-log2", "bilinear", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 42))
def _() -> Setup:
    return bilinear_family("adam", 3e-3, log_every=2, schedule=exponential_to(0.01, 0.1),
                           schedule_name="ExponentialLR per batch, x0.01 by step 40")


# lem: a Long Expressive Memory network (Rusch et al.: two learned multi-scale step sizes dt1, dt2, z <- (1 - dt1) z +
# dt1 tanh(.), y <- (1 - dt2) y + dt2 tanh(W z + V u), 24 units, the last and mean y through a ReLU layer and a head)
# naming which channel's Gaussian bump comes first and the sign of channel 0's bump, 24 steps of 2 channels, 5%
# random labels held out too, cross-entropy over 4 (1.34-1.42 at step 1, ln 4, ending near 0.25-0.33 held out);
# works at Adam 0.01 (0.29-0.33; 0.29 resumed with its state), Adam 0.03 under a cosine (0.27), RMSprop 3e-3
# (0.29), RMSprop 0.01 under a cosine (0.28), AdamW 0.03 with a warmup and step decay (0.26), NAdam 0.01 after a
# warmup + cosine (0.26-0.27); at chance or worse (1.39-12) at Adam 1, RMSprop 0.3, after a warmup + cosine to a peak
# of 1, with a dead fc; slow at Adam 1e-4 (1.07-1.19); 0.39-0.41 after a x0.1 cut of Adam 0.01 at step 20 (0.27-0.28
# cut at 70%); Adam 0.03 recreated every 2 steps 0.57-1.04; its head initialised 1000x 0.81-1.75 (65 at step 1);
# 4 to 4e5 with an lr growing x1.02 a step from 0.01; 64 training series overfit (0.67-0.77 at best, 1.3-1.4 at the
# end); a missing value's NaN shows by step 8 (a 400-step run: 9-14 s)


@case("lem-adam-lr-1-log2", "lem", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return lem_family("adam", 1.0, log_every=2)


@case("lem-rmsprop-lr-0p3-100x", "lem", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return lem_family("rmsprop", 0.3)


@case("lem-nadam-warmup-cosine-peak-1", "lem", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lem_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("lem-adam-exponential-gamma-1p02", "lem", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lem_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("lem-adam-lr-1e-4-100x-low-log2", "lem", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lem_family("adam", 1e-4, log_every=2)


@case("lem-adam-head-x1000-log2", "lem", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LemNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LEM0, "ln 4"))
def _() -> Setup:
    return lem_family("adam", 0.01, log_every=2, model=lambda: scaled_head(fd.LemNet(), 1000))


@case("lem-adam-lr-3e-3-head-x1000", "lem", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LemNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LEM0, "ln 4"))
def _() -> Setup:
    return lem_family("adam", 3e-3, model=lambda: scaled_head(fd.LemNet(), 1000))


@case("lem-adam-multistep-x0p1-at-5pct", "lem", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return lem_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("lem-adam-missing-value-nan", "lem", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return lem_family("adam", 0.01, data=fd.lem_series(nan_rows=0.005))


@case("lem-adam-fc-dead-at-init", "lem", "dead-units",
      cf=lambda s: replace(s, model=fd.LemNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return lem_family("adam", 0.01, model=lambda: fd.LemNet(dead_bias=-30.0), track_zero_grads=True)


@case("lem-adam-lr-0p03-recreated-every-2-steps", "lem", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return lem_family("adam", 0.03, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("lem-adam-64-series-overfit", "lem", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return lem_family("adam", 0.01, steps=600, eval_every=30, data=fd.lem_series(train_rows=64))


# dlrm: a DLRM (Naumov et al., tiny: 8-d embeddings of 6 categorical fields of 12 values, a bottom MLP 4-16-8 of 4
# dense features, the 21 pairwise dot products of the 7 vectors and the bottom output through a ReLU layer and a
# head) predicting clicks drawn from a logit of hidden factor crosses of field pairs, a field's weight, a tanh and
# products of dense features, BCE with logits (0.69 at step 1, ending near 0.47-0.50 held out); works at Adam 0.01
# (0.49; 0.50 under a cosine, 0.47 under one-cycle at 0.03), NAdam 0.01 (0.49, 0.47 with step decay), Adagrad 0.1
# (0.48, 0.48 on plateau), RAdam 0.03 with warmup + cosine (0.48), SGDm 0.3 and SGD 1 (0.49-0.52); slow at Adam and
# NAdam 1e-4 (0.68); 0.69-0.73 at Adam 1 and after a warmup + cosine to a peak of 1, 5-56 at Adagrad 10; its head
# initialised 1000x 0.81 (21 at step 1); summed over the batch (x64) NaN at SGDm 0.3 and SGD 1; 0.67 after a x0.01
# cut of Adam 0.01 at step 20; 256 training rows overfit (0.67-0.68 at best, 4.2 at the end) (a 400-step run:
# 1-2 s)


@case("dlrm-adam-lr-1", "dlrm", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dlrm_family("adam", 1.0)


@case("dlrm-adagrad-lr-10-100x-log2", "dlrm", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dlrm_family("adagrad", 10.0, log_every=2)


@case("dlrm-adamw-warmup-cosine-peak-1", "dlrm", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dlrm_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("dlrm-adam-lr-1e-4-100x-low", "dlrm", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dlrm_family("adam", 1e-4)


@case("dlrm-nadam-lr-1e-4-100x-low-log3", "dlrm", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dlrm_family("nadam", 1e-4, log_every=3)


@case("dlrm-sgdm-lr-0p3-summed-bce", "dlrm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.dlrm_bce, loss_name="BCE with logits (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DLRM0, "ln 2"))
def _() -> Setup:
    return dlrm_family("sgdm", 0.3, loss_fn=fd.dlrm_bce_summed,
                            loss_name="BCE with logits summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.dlrm_bce, mean_loss_fn=fd.dlrm_bce)


@case("dlrm-sgd-lr-1-summed-bce-log2", "dlrm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.dlrm_bce, loss_name="BCE with logits (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DLRM0, "ln 2"))
def _() -> Setup:
    return dlrm_family("sgd", 1.0, log_every=2, loss_fn=fd.dlrm_bce_summed,
                            loss_name="BCE with logits summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.dlrm_bce, mean_loss_fn=fd.dlrm_bce)


@case("dlrm-adam-head-x1000", "dlrm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DlrmNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DLRM0, "ln 2"))
def _() -> Setup:
    return dlrm_family("adam", 0.01, model=lambda: scaled_head(fd.DlrmNet(), 1000))


@case("dlrm-adam-multistep-x0p01-at-5pct", "dlrm", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.01)), cf_what="the same x0.01 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.011, 25))
def _() -> Setup:
    return dlrm_family("adam", 0.01, schedule=multistep(0.05, gamma=0.01), schedule_name="MultiStepLR at 5%")


# poilindley: a tanh MLP (6-64-64, a ReLU layer and a head) of log theta of a Poisson-Lindley law of counts k >= 0
# (pmf theta^2 (k + theta + 2) / (theta + 1)^(k + 3), a Poisson whose rate has a Lindley law: a heavy tail as theta
# nears 0) whose theta depends on the features, the negative log-likelihood per row, batches of 256 (6.0-6.6 at step
# 1 near theta = 1, ending near 2.52-2.58 held out); works at Adam 3e-3 (2.56; 2.56-2.57 under a cosine, warm
# restarts, step decay or a warmup + linear decay), SGD 0.3 under a cosine (2.57), Nesterov 0.03 under a cosine
# (2.56), SGDm 0.01 (2.56-2.57); slow at Adam 1e-4 (3.08), SGDm 1e-4 (3.2-3.3); 3.9-4.2 after a x0.001 decay of Adam
# 3e-3 in 40 steps; 10.25 (theta stuck at a clamp) at Adam 1, SGDm 1, RMSprop 0.07-0.1 without a warmup (2.7-3.5
# after a 60-step warmup), summed over the batch (x256) at SGDm 0.01 and Nesterov 0.03, SGD 1 under a cosine; 3.5
# with a cyclic lr to a peak of 1; SGDm 0.3 and SGD 3 unclipped on batches of 64 4-10 (3.6-4.6 clipped at 1); a dead
# fc 3.87. A first version's RMSprop 0.02-0.03 without a warmup were harmless (2.64-2.67, the same with a warmup),
# so they are 0.07 and 0.1 (a 400-step run: ~1.5 s)


@case("poilindley-adam-lr-1-log2", "poilindley", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return poilindley_family("adam", 1.0, log_every=2)


@case("poilindley-sgdm-lr-1-100x", "poilindley", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return poilindley_family("sgdm", 1.0)


@case("poilindley-adam-cyclic-peak-1", "poilindley", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return poilindley_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("poilindley-adam-lr-1e-4-30x-low-log2", "poilindley", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return poilindley_family("adam", 1e-4, log_every=2)


@case("poilindley-sgdm-lr-1e-4-100x-low", "poilindley", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return poilindley_family("sgdm", 1e-4)


@case("poilindley-rmsprop-lr-0p1-no-warmup", "poilindley", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return poilindley_family("rmsprop", 0.1)


@case("poilindley-rmsprop-lr-0p07-no-warmup-log2", "poilindley", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return poilindley_family("rmsprop", 0.07, log_every=2)


@case("poilindley-sgdm-summed-nll", "poilindley", "summed",
      cf=lambda s: replace(s, loss_fn=fd.poilindley_nll, loss_name="Poisson-Lindley NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, POILINDLEY0, "the NLL of raw outputs of 0 (theta = 1)"))
def _() -> Setup:
    return poilindley_family("sgdm", 0.01, loss_fn=fd.poilindley_nll_summed,
                        loss_name="Poisson-Lindley NLL summed over the batch's rows (reduction='sum')",
                        val_loss_fn=fd.poilindley_nll, mean_loss_fn=fd.poilindley_nll)


@case("poilindley-nesterov-summed-nll-log2", "poilindley", "summed",
      cf=lambda s: replace(s, loss_fn=fd.poilindley_nll, loss_name="Poisson-Lindley NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, POILINDLEY0, "the NLL of raw outputs of 0 (theta = 1)"))
def _() -> Setup:
    return poilindley_family("nesterov", 0.03, log_every=2, loss_fn=fd.poilindley_nll_summed,
                        loss_name="Poisson-Lindley NLL summed over the batch's rows (reduction='sum')",
                        val_loss_fn=fd.poilindley_nll, mean_loss_fn=fd.poilindley_nll)


@case("poilindley-adam-exponential-1000x-in-40-steps", "poilindley", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return poilindley_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                        schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("poilindley-adam-missing-feature-nan", "poilindley", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return poilindley_family("adam", 3e-3, data=fd.poilindley_rows(nan_rows=0.003))


@case("poilindley-adam-fc-dead-at-init", "poilindley", "dead-units",
      cf=lambda s: replace(s, model=fd.PoilindleyMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return poilindley_family("adam", 3e-3, model=lambda: fd.PoilindleyMLP(dead_bias=-30.0), track_zero_grads=True)


@case("poilindley-sgdm-lr-0p3-no-clip-batch64", "poilindley", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return poilindley_family("sgdm", 0.3, data=fd.poilindley_rows(batch_size=64))


@case("poilindley-sgd-lr-3-no-clip-batch64-log2", "poilindley", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return poilindley_family("sgd", 3.0, log_every=2, data=fd.poilindley_rows(batch_size=64))


# fresh107 half: healthy look-alikes


@case("bilinear-adam-warmup-cosine-eval25", "bilinear", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.BILINEAR_CLASSES, fall=0.8))
def _() -> Setup:
    return bilinear_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.1),
                           schedule_name="linear warmup 10% + cosine")


@case("bilinear-adam-step-decay-eval50", "bilinear", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.BILINEAR_CLASSES, fall=0.8))
def _() -> Setup:
    return bilinear_family("adam", 3e-3, eval_every=50, schedule=multistep(0.5, 0.75, gamma=0.3),
                           schedule_name="MultiStepLR")


@case("lem-rmsprop-cosine-log2", "lem", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.LEM_CLASSES, fall=0.7))
def _() -> Setup:
    return lem_family("rmsprop", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("lem-adam-cosine-eval25", "lem", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.LEM_CLASSES, fall=0.7))
def _() -> Setup:
    return lem_family("adam", 0.03, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("lem-adamw-warmup-step-decay-log3", "lem", "healthy", like=("premature-decay", "plateau", "missing-warmup"),
      shape=healthy_shape(fd.LEM_CLASSES, fall=0.7))
def _() -> Setup:
    return lem_family("adamw", 0.03, log_every=3, warmup_steps=20, schedule=multistep(0.6, 0.8, gamma=0.3),
                         schedule_name="20-step linear warmup + MultiStepLR")


@case("lem-adam-resumed-with-state", "lem", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.LEM_CLASSES, fall=0.7))
def _() -> Setup:
    return lem_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                         schedule=cosine_after(0.0), schedule_name="cosine")


@case("dlrm-adam-cosine-log2", "dlrm", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dlrm_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dlrm-nadam-step-decay-log3", "dlrm", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dlrm_family("nadam", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                            schedule_name="MultiStepLR")


@case("dlrm-adagrad-on-plateau-log4", "dlrm", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dlrm_family("adagrad", 0.1, log_every=4, schedule=on_plateau(),
                            schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("dlrm-adam-one-cycle", "dlrm", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dlrm_family("adam", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("dlrm-radam-warmup-cosine-log4", "dlrm", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dlrm_family("radam", 0.03, log_every=4, schedule=cosine_after(0.1),
                            schedule_name="linear warmup 10% + cosine")


@case("poilindley-adam-cosine-eval25", "poilindley", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return poilindley_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("poilindley-rmsprop-step-decay-log3", "poilindley", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return poilindley_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                        schedule_name="MultiStepLR")


@case("poilindley-nesterov-cosine-eval60", "poilindley", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return poilindley_family("nesterov", 0.03, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


@case("poilindley-adamw-warmup-linear-avg10", "poilindley", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return poilindley_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                        schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("poilindley-nadam-sgdr-log5", "poilindley", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return poilindley_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                        schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("poilindley-sgd-cosine-log2", "poilindley", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return poilindley_family("sgd", 0.3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


# fresh107 half, logged once per epoch


@case("dlrm-adam-256-rows-overfit-per-epoch", "dlrm", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return dlrm_family("adam", 0.01, steps=4 * 100, log_per_epoch=True, data=fd.dlrm_rows(train_rows=256))


@case("poilindley-adam-lr-1-per-epoch", "poilindley", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return poilindley_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.poilindley_rows(n=3200, batch_size=64))


@case("poilindley-adam-cosine-per-epoch", "poilindley", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return poilindley_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True, data=fd.poilindley_rows(n=3200, batch_size=64),
                        schedule=cosine_after(0.0), schedule_name="cosine")


@case("lem-adam-warmup-cosine-per-epoch", "lem", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.LEM_CLASSES, fall=0.7))
def _() -> Setup:
    return lem_family("adam", 0.03, steps=50 * 8, log_per_epoch=True, data=fd.lem_series(n=1600),
                         schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip
