"""The one hundred and thirteenth fresh half (fresh111, held out from all tuning):
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


def haar_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes (the patch's texture)")
    knobs.setdefault("meta", {"model": "wavelet CNN: a fixed Haar transform 1-4 subbands at 6x6, a 3x3 conv 4-16 (ReLU), a second Haar transform 16-64 subbands at 3x3, a 1x1 conv 64-24 (ReLU), a ReLU layer 216-32 and a head",
                              "image_size": fd.HAAR_SIZE, "classes": fd.HAAR_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.haar_images(), knobs.pop("model", None) or fd.HaarNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def lnlstm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes (the bumps' order x width)")
    knobs.setdefault("meta", {"model": "layer-normalised LSTM of 32 units written out (LN on the input and recurrent gate terms and on the cell), its last state through a ReLU layer 32-32 and a head",
                              "steps": fd.LNLSTM_STEPS, "hidden": fd.LNLSTM_HIDDEN, "classes": fd.LNLSTM_CLASSES,
                              "held_out": "cross-entropy on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.lnlstm_series(), knobs.pop("model", None) or fd.LnlstmNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def ppgn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.ppgn_mse)
    knobs.setdefault("loss_name", "mean squared error of a standardised graph count")
    knobs.setdefault("meta", {"model": "provably powerful graph network: adjacency and identity as 2 pair channels, two blocks of two 1x1-conv ReLU maps multiplied as matrices per channel and mixed by a 1x1 conv (2-16-16), diagonal and off-diagonal means, a ReLU layer 32-32 and a head",
                              "nodes": fd.PPGN_NODES, "width": fd.PPGN_WIDTH, "held_out": "the MSE on new graphs"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.ppgn_graphs(), knobs.pop("model", None) or fd.PpgnNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def oprobit_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.oprobit_nll)
    knobs.setdefault("loss_name", "ordered probit negative log-likelihood per row (6 ordered classes, 5 learned cutpoints)")
    knobs.setdefault("meta", {"model": "MLP 6-64 (tanh) -64 (tanh), a ReLU layer 64-32 and a head to the latent of an ordered probit law, 5 learned increasing cutpoints",
                              "features": fd.OPROBIT_FEATURES, "classes": fd.OPROBIT_CLASSES, "held_out": "the NLL on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.oprobit_rows(), knobs.pop("model", None) or fd.OprobitMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


HAAR0, LNLSTM0 = LN(fd.HAAR_CLASSES), LN(fd.LNLSTM_CLASSES)
PPGN0, OPROBIT0 = fd.ppgn_at_zero(), fd.OPROBIT_UNIFORM
"""Where the families start: the Haar-wavelet CNN and the layer-normalised LSTM at ln 4, the PPGN regression at the
squared error of outputs of 0 (near 1: a standardised target), the ordered probit MLP near ln 6 (the classes
alike)."""




# haar: a wavelet CNN (tiny: a fixed Haar transform to 4 subbands at 6x6, a 3x3 conv 4-16, a second Haar transform
# of its maps to 64 subbands at 3x3, a 1x1 conv 64-24, a ReLU layer and a head) naming the texture of a 6x6 patch
# (horizontal or vertical stripes, a checkerboard, a bump) of amplitude 0.6-1.0 in N(0, 1) noise, 5% random labels
# held out too, cross-entropy over 4 (1.38-1.41 at step 1, ln 4, ending near 0.47-0.53 held out); works at Adam
# 3e-3-5e-3 (0.47-0.50; 0.53 at 0.01), RMSprop 3e-3 (0.47), RAdam 0.01 (0.47-0.51); at chance (1.39-1.47) at Adam 1,
# RMSprop 0.3, a warmup + cosine peaking at 1; slow at Adam 3e-4 (0.98-1.07), RAdam 3e-4 (1.38); at 0.04-0.05 a
# 60-step warmup did not save Adam (at chance, or no better at one seed out of two), at 0.03 it did (0.61-0.73 vs
# 0.69-0.78); the first version (amplitude 0.25-0.55) stayed near chance (1.31-1.36) at Adam 0.01 (a 400-step run: 3-8 s)


@case("haar-adam-lr-1", "haar", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return haar_family("adam", 1.0)


@case("haar-rmsprop-lr-0p3-100x-log2", "haar", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return haar_family("rmsprop", 0.3, log_every=2)


@case("haar-adamw-warmup-cosine-peak-1", "haar", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return haar_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("haar-adam-exponential-gamma-1p02", "haar", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return haar_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("haar-adam-lr-3e-4-10x-low-log3", "haar", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return haar_family("adam", 3e-4, log_every=3)


@case("haar-radam-lr-3e-4-30x-low", "haar", "lr-low-adam", cf=lr_to(0.01), cf_what="RAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return haar_family("radam", 3e-4)


@case("haar-adam-lr-0p03-no-warmup", "haar", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return haar_family("adam", 0.03)


@case("haar-adam-missing-pixel-nan", "haar", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return haar_family("adam", 3e-3, data=fd.haar_images(nan_rows=0.005))


@case("haar-adam-fc-dead-at-init", "haar", "dead-units",
      cf=lambda s: replace(s, model=fd.HaarNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return haar_family("adam", 3e-3, model=lambda: fd.HaarNet(dead_bias=-30.0), track_zero_grads=True)


@case("haar-adam-head-x1000-log2", "haar", "last-layer-init",
      cf=lambda s: replace(s, model=fd.HaarNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, HAAR0, "ln 4"))
def _() -> Setup:
    return haar_family("adam", 3e-3, log_every=2, model=lambda: scaled_head(fd.HaarNet(), 1000))


@case("haar-adam-exponential-100x-in-40-steps", "haar", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 42))
def _() -> Setup:
    return haar_family("adam", 0.01, schedule=exponential_to(0.01, 0.1),
                         schedule_name="ExponentialLR per batch, x0.01 by step 40")


@case("haar-adam-lr-0p01-recreated-every-2-steps", "haar", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return haar_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("haar-adam-96-images-overfit", "haar", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return haar_family("adam", 0.01, steps=600, eval_every=30, data=fd.haar_images(train_rows=96))




# lnlstm: a layer-normalised LSTM (Ba et al., written out: LN on the input and recurrent gate terms and on the cell,
# 32 units) naming the order (up first or down first) and width (0.7 or 2 steps) of two Gaussian bumps in noisy
# series of 20 steps, its last state through a ReLU layer and a head, 5% random labels held out too, cross-entropy
# over 4 (1.38 at step 1, ln 4, ending near 0.73-0.80 held out); works at Adam 3e-3-0.03 (0.73-0.79), RMSprop 3e-3
# (0.75-0.80), NAdam 0.01 (0.75-0.78); at chance (1.39-1.48) at Adam 1, RMSprop 0.3 and warmups peaking at 1; slow
# at Adam and NAdam 1e-4 (1.09-1.17); Adam 0.1 with or without a warmup 0.86-0.87 (a 400-step run: 7-17 s, the
# cell a Python loop)


@case("lnlstm-adam-lr-1-log2", "lnlstm", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return lnlstm_family("adam", 1.0, log_every=2)


@case("lnlstm-rmsprop-lr-0p3-100x", "lnlstm", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return lnlstm_family("rmsprop", 0.3)


@case("lnlstm-nadam-warmup-cosine-peak-1", "lnlstm", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lnlstm_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("lnlstm-adamw-warmup-linear-peak-1-log2", "lnlstm", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lnlstm_family("adamw", 1.0, log_every=2, schedule=linear_decay_after(0.1),
                          schedule_name="linear warmup 10% + linear decay")


@case("lnlstm-adam-lr-1e-4-100x-low-log3", "lnlstm", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lnlstm_family("adam", 1e-4, log_every=3)


@case("lnlstm-nadam-lr-1e-4-100x-low", "lnlstm", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lnlstm_family("nadam", 1e-4)


@case("lnlstm-adam-head-x1000", "lnlstm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LnlstmNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LNLSTM0, "ln 4"))
def _() -> Setup:
    return lnlstm_family("adam", 0.01, model=lambda: scaled_head(fd.LnlstmNet(), 1000))


@case("lnlstm-adam-missing-value-nan", "lnlstm", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return lnlstm_family("adam", 0.01, data=fd.lnlstm_series(nan_rows=0.005))


@case("lnlstm-adam-fc-dead-at-init", "lnlstm", "dead-units",
      cf=lambda s: replace(s, model=fd.LnlstmNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return lnlstm_family("adam", 0.01, model=lambda: fd.LnlstmNet(dead_bias=-30.0), track_zero_grads=True)


@case("lnlstm-adam-multistep-x0p01-at-5pct", "lnlstm", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.01)), cf_what="the same x0.01 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.011, 25))
def _() -> Setup:
    return lnlstm_family("adam", 0.01, schedule=multistep(0.05, gamma=0.01), schedule_name="MultiStepLR at 5%")




# ppgn: a provably powerful graph network (Maron et al., tiny: adjacency and identity as 2 pair channels, two blocks
# multiplying two 1x1-conv ReLU maps as matrices per channel and mixing by a 1x1 conv, widths 2-16-16, diagonal and
# off-diagonal means, a ReLU layer and a head) regressing the standardised square root of the triangles plus half
# the leaves of Erdos-Renyi graphs of 10 nodes, MSE, batches of 64 (1.0-1.2 at step 1, ending near 0.09-0.13 held
# out); works at Adam 0.01-0.03 (0.10-0.13), Adagrad 0.1 (0.12-0.18), SGDm 0.03 with the mean (0.09-0.12), RAdam 0.1
# with a warmup and cosine (0.11); 1.1-3.8 at Adam 1 (a cyclic lr peaking at 1 1.10), 5e3 and more at Adagrad 10,
# NaN at SGD(m) with the summed (x64) loss; Adam 0.15 without a warmup 1.10 at both seeds (0.15 and, at one seed, 1.10
# with a 60-step warmup; at 0.1-0.2 the warmup saved one seed and sank the other); ReduceLROnPlateau from Adam 0.03
# rose 14% at the end (so 0.02), RAdam 0.1 with a warmup and cosine was beaten by 0.3; 64-256 graphs did not overfit
# (the task generalises), so the per-epoch overfitting run is the Haar CNN's (a 400-step run: 5-18 s)


@case("ppgn-adam-lr-1", "ppgn", "lr-high-step1", cf=lr_to(0.03), cf_what="Adam lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ppgn_family("adam", 1.0)


@case("ppgn-adagrad-lr-10-100x-log2", "ppgn", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ppgn_family("adagrad", 10.0, log_every=2)


@case("ppgn-adam-exponential-gamma-1p02", "ppgn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ppgn_family("adam", 0.03, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("ppgn-adam-cyclic-peak-1", "ppgn", "lr-high-cyclic", cf=lr_to(0.03),
      cf_what="peak lr 0.03 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ppgn_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("ppgn-sgdm-lr-0p03-summed-mse", "ppgn", "summed",
      cf=lambda s: replace(s, loss_fn=fd.ppgn_mse, loss_name="mean squared error (mean over the rows)"),
      cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, PPGN0, "the squared error of outputs of 0"))
def _() -> Setup:
    return ppgn_family("sgdm", 0.03, loss_fn=fd.ppgn_mse_summed,
                          loss_name="squared error summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.ppgn_mse, mean_loss_fn=fd.ppgn_mse)


@case("ppgn-sgd-lr-0p1-summed-mse-log2", "ppgn", "summed",
      cf=lambda s: replace(s, loss_fn=fd.ppgn_mse, loss_name="mean squared error (mean over the rows)"),
      cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, PPGN0, "the squared error of outputs of 0"))
def _() -> Setup:
    return ppgn_family("sgd", 0.1, log_every=2, loss_fn=fd.ppgn_mse_summed,
                          loss_name="squared error summed over the batch's rows (reduction='sum')",
                          val_loss_fn=fd.ppgn_mse, mean_loss_fn=fd.ppgn_mse)


@case("ppgn-adam-head-x1000", "ppgn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.PpgnNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, PPGN0, "the squared error of outputs of 0"))
def _() -> Setup:
    return ppgn_family("adam", 0.03, model=lambda: scaled_head(fd.PpgnNet(), 1000))


@case("ppgn-adam-multistep-x0p001-at-5pct", "ppgn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.001)), cf_what="the same x0.001 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.0011, 25))
def _() -> Setup:
    return ppgn_family("adam", 0.03, schedule=multistep(0.05, gamma=0.001), schedule_name="MultiStepLR at 5%")


@case("ppgn-adam-exponential-1000x-in-40-steps-log2", "ppgn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return ppgn_family("adam", 0.03, log_every=2, schedule=exponential_to(1e-3, 0.1),
                          schedule_name="ExponentialLR per batch, x0.001 by step 40")




# oprobit: a tanh MLP (6-64-64, a ReLU layer and a head) of the latent of an ordered probit law with 5 learned
# increasing cutpoints (the first plus cumulative softplus gaps), 6 ordered classes cut at the sextiles of a noisy
# nonlinear latent, the negative log-likelihood per row in log space, batches of 256 (1.96-2.01 at step 1, above
# ln 6 = 1.79 as the cutpoints start at -1.5..1.5, ending near 1.09-1.15 held out); works at Adam 3e-3-0.01
# (1.09-1.12), SGDm 0.01-0.03 (1.12-1.15); 7.2 at Adam 1, NaN at SGDm 1 (so the second high-lr run is RMSprop
# 0.3); the summed (x256) loss NaNs SGDm and Nesterov at 0.01; slow at Adam 1e-4 (1.59), SGDm 1e-4 (1.92); SGDm
# 0.2-0.3 unclipped on batches of 64 1.80-1.84 (1.17-1.25 clipped at 0.3-0.5); Adam 0.1 with or without a
# warmup alike (1.22-1.31) (a 400-step run: 1-3 s)


@case("oprobit-adam-lr-1-log2", "oprobit", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return oprobit_family("adam", 1.0, log_every=2)


@case("oprobit-rmsprop-lr-0p3-100x", "oprobit", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return oprobit_family("rmsprop", 0.3)


@case("oprobit-adam-lr-1e-4-30x-low-log2", "oprobit", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return oprobit_family("adam", 1e-4, log_every=2)


@case("oprobit-sgdm-lr-1e-4-100x-low", "oprobit", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return oprobit_family("sgdm", 1e-4)


@case("oprobit-sgdm-summed-nll", "oprobit", "summed",
      cf=lambda s: replace(s, loss_fn=fd.oprobit_nll, loss_name="ordered probit NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, OPROBIT0, "ln 6 (the classes alike)"))
def _() -> Setup:
    return oprobit_family("sgdm", 0.01, loss_fn=fd.oprobit_nll_summed,
                      loss_name="ordered probit NLL summed over the batch's rows (reduction='sum')",
                      val_loss_fn=fd.oprobit_nll, mean_loss_fn=fd.oprobit_nll)


@case("oprobit-nesterov-summed-nll-log2", "oprobit", "summed",
      cf=lambda s: replace(s, loss_fn=fd.oprobit_nll, loss_name="ordered probit NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, OPROBIT0, "ln 6 (the classes alike)"))
def _() -> Setup:
    return oprobit_family("nesterov", 0.01, log_every=2, loss_fn=fd.oprobit_nll_summed,
                      loss_name="ordered probit NLL summed over the batch's rows (reduction='sum')",
                      val_loss_fn=fd.oprobit_nll, mean_loss_fn=fd.oprobit_nll)


@case("oprobit-adam-missing-feature-nan", "oprobit", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return oprobit_family("adam", 3e-3, data=fd.oprobit_rows(nan_rows=0.003))


@case("oprobit-adam-fc-dead-at-init", "oprobit", "dead-units",
      cf=lambda s: replace(s, model=fd.OprobitMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return oprobit_family("adam", 3e-3, model=lambda: fd.OprobitMLP(dead_bias=-30.0), track_zero_grads=True)


@case("oprobit-sgdm-lr-0p2-no-clip-batch64", "oprobit", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.5), cf_what="gradients clipped at 0.5",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return oprobit_family("sgdm", 0.2, data=fd.oprobit_rows(batch_size=64))


@case("oprobit-sgdm-lr-0p3-no-clip-batch64-log2", "oprobit", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.3), cf_what="gradients clipped at 0.3",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return oprobit_family("sgdm", 0.3, log_every=2, data=fd.oprobit_rows(batch_size=64))


@case("ppgn-adam-lr-0p15-no-warmup-log2", "ppgn", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return ppgn_family("adam", 0.15, log_every=2)


# fresh111 half: healthy look-alikes


@case("haar-adam-warmup-cosine-eval25", "haar", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.HAAR_CLASSES, fall=0.8))
def _() -> Setup:
    return haar_family("adam", 5e-3, eval_every=25, schedule=cosine_after(0.1),
                         schedule_name="linear warmup 10% + cosine")


@case("haar-adam-step-decay-eval50", "haar", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.HAAR_CLASSES, fall=0.8))
def _() -> Setup:
    return haar_family("adam", 5e-3, eval_every=50, schedule=multistep(0.5, 0.75, gamma=0.3),
                         schedule_name="MultiStepLR")


@case("haar-adam-resumed-with-state", "haar", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.HAAR_CLASSES, fall=0.8))
def _() -> Setup:
    return haar_family("adam", 5e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                         schedule=cosine_after(0.0), schedule_name="cosine")


@case("haar-rmsprop-one-cycle-log2", "haar", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.HAAR_CLASSES, fall=0.8))
def _() -> Setup:
    return haar_family("rmsprop", 2e-3, log_every=2, data=fd.haar_images(n=6000), schedule=one_cycle,
                       schedule_name="OneCycleLR")


@case("lnlstm-adam-cosine-eval25", "lnlstm", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.LNLSTM_CLASSES, fall=0.7))
def _() -> Setup:
    return lnlstm_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("lnlstm-adamw-warmup-step-decay-log3", "lnlstm", "healthy",
      like=("premature-decay", "plateau", "missing-warmup"), shape=healthy_shape(fd.LNLSTM_CLASSES, fall=0.7))
def _() -> Setup:
    return lnlstm_family("adamw", 0.01, log_every=3, warmup_steps=20, schedule=multistep(0.6, 0.8, gamma=0.3),
                          schedule_name="20-step linear warmup + MultiStepLR")


@case("lnlstm-nadam-warmup-cosine-log2", "lnlstm", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.LNLSTM_CLASSES, fall=0.7))
def _() -> Setup:
    return lnlstm_family("nadam", 0.01, log_every=2, schedule=cosine_after(0.1),
                          schedule_name="linear warmup 10% + cosine")


@case("lnlstm-rmsprop-warmup-linear-avg10", "lnlstm", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.LNLSTM_CLASSES, fall=0.7))
def _() -> Setup:
    return lnlstm_family("rmsprop", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                          schedule_name="linear warmup 5% + linear decay")


@case("ppgn-adam-cosine-log2", "ppgn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return ppgn_family("adam", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("ppgn-nadam-step-decay-log3", "ppgn", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return ppgn_family("nadam", 0.03, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                          schedule_name="MultiStepLR")


@case("ppgn-adam-on-plateau-log4", "ppgn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return ppgn_family("adam", 0.02, log_every=4, schedule=on_plateau(),
                          schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("ppgn-adam-one-cycle", "ppgn", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return ppgn_family("adam", 0.05, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ppgn-radam-warmup-cosine-log4", "ppgn", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return ppgn_family("radam", 0.3, log_every=4, schedule=cosine_after(0.1),
                          schedule_name="linear warmup 10% + cosine")


@case("oprobit-adam-cosine-eval25", "oprobit", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return oprobit_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("oprobit-rmsprop-step-decay-log3", "oprobit", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return oprobit_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                      schedule_name="MultiStepLR")


@case("oprobit-adamw-warmup-linear-avg10", "oprobit", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return oprobit_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                      schedule_name="linear warmup 5% + linear decay")


@case("oprobit-nadam-sgdr-log5", "oprobit", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return oprobit_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                      schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


# fresh111 half, logged once per epoch


@case("haar-adam-128-images-overfit-per-epoch", "haar", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return haar_family("adam", 0.01, steps=4 * 100, log_per_epoch=True, data=fd.haar_images(train_rows=128))


@case("oprobit-adam-lr-1-per-epoch", "oprobit", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return oprobit_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.oprobit_rows(n=3200, batch_size=64))


@case("haar-adam-cosine-per-epoch", "haar", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.HAAR_CLASSES, fall=0.8))
def _() -> Setup:
    return haar_family("adam", 5e-3, steps=50 * 8, log_per_epoch=True, data=fd.haar_images(n=1600),
                         schedule=cosine_after(0.0), schedule_name="cosine")


@case("lnlstm-adam-warmup-cosine-per-epoch", "lnlstm", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.LNLSTM_CLASSES, fall=0.7))
def _() -> Setup:
    return lnlstm_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.lnlstm_series(n=1600),
                          schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip
