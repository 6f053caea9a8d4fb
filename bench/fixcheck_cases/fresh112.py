"""The one hundred and fourteenth fresh half (fresh112, held out from all tuning):
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


def chamfer_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.chamfer_mean)
    knobs.setdefault("loss_name", "Chamfer distance per cloud (mean squared nearest-point distance, both ways)")
    knobs.setdefault("meta", {"model": "point-cloud autoencoder: a PointNet encoder (shared point MLP 2-32-64, ReLU, max-pooled), a ReLU layer 64-64 and a head decoding 24 2-D points",
                              "points": fd.CHAMFER_POINTS, "held_out": "the Chamfer distance on new clouds"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.chamfer_clouds(), knobs.pop("model", None) or fd.ChamferNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def cepstral_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes (the signal's formant pair)")
    knobs.setdefault("meta", {"model": "cepstral classifier: the fixed log power spectrum (65 bins of rfft), a learned lifter 65-32 (tanh), a ReLU layer 32-32 and a head",
                              "samples": fd.CEPSTRAL_SAMPLES, "classes": fd.CEPSTRAL_CLASSES,
                              "held_out": "cross-entropy on new signals"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.cepstral_signals(), knobs.pop("model", None) or fd.CepstralNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def corn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.corn_loss)
    knobs.setdefault("loss_name", "CORN ordinal loss: BCE with logits of the 5 conditional tasks P(y > k | y > k-1), mean over the conditional pairs")
    knobs.setdefault("meta", {"model": "CORN ordinal MLP 8-64 (tanh), a ReLU layer 64-32 and a head of 5 conditional logits",
                              "features": fd.CORN_FEATURES, "classes": fd.CORN_CLASSES,
                              "held_out": "the CORN loss on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.corn_rows(), knobs.pop("model", None) or fd.CornMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def onefactor_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.onefactor_nll)
    knobs.setdefault("loss_name", "negative log-likelihood per row of a 6-D Gaussian with diagonal plus rank-one covariance")
    knobs.setdefault("meta", {"model": "MLP 5-64 (tanh) -64 (tanh), a ReLU layer 64-32, a head to the mean, the raw diagonal (softplus + 1e-3) and the loadings of a one-factor Gaussian",
                              "features": fd.ONEFACTOR_FEATURES, "dims": fd.ONEFACTOR_DIMS,
                              "held_out": "the NLL on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.onefactor_rows(), knobs.pop("model", None) or fd.OnefactorMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


CHAMFER0, CEPSTRAL0 = fd.chamfer_at_zero(), LN(fd.CEPSTRAL_CLASSES)
CORN0, ONEFACTOR0 = fd.CORN_CHANCE, fd.onefactor_at_zero()
"""Where the families start: the point-cloud autoencoder near the Chamfer distance of all points at the origin, the
cepstral classifier at ln 4, the CORN MLP at ln 2 per conditional task, the one-factor Gaussian MLP near the NLL of
outputs of 0."""




# chamfer: a point-cloud autoencoder (a PointNet encoder: a shared point MLP 2-32-64, ReLU, max-pooled; a ReLU layer
# and a head decoding 24 2-D points) of noisy clouds of 24 points on ellipses, triangles' perimeters and segments,
# turned and moved at random, the Chamfer distance to the clean cloud, batches of 64 (0.37-0.40 at step 1, ending
# near 0.015 held out); works at Adam 3e-3-0.01 (0.015), RMSprop 1e-3 (0.024); 15-25 at Adam 1; slow at Adam 1e-4
# (0.12-0.15); Adam 0.05-0.1 without a warmup 0.10-0.19 (0.019-0.034 after a 60-step warmup), but NAdam 0.1 ended
# near a constant cloud (0.13-0.19) with the warmup too, so the second missing-warmup case is Adam 0.05;
# the healthy look-alikes at Adam 3e-3 were beaten by 0.01 (0.0147 vs 0.0167), so they run at 0.01 (a 400-step run:
# 4-8 s)


@case("chamfer-adam-lr-1", "chamfer", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return chamfer_family("adam", 1.0)


@case("chamfer-rmsprop-lr-0p3-300x-log2", "chamfer", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return chamfer_family("rmsprop", 0.3, log_every=2)


@case("chamfer-adamw-warmup-cosine-peak-1", "chamfer", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return chamfer_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("chamfer-adam-exponential-gamma-1p02", "chamfer", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return chamfer_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("chamfer-adam-lr-1e-4-30x-low", "chamfer", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return chamfer_family("adam", 1e-4)


@case("chamfer-radam-lr-1e-4-30x-low-log3", "chamfer", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return chamfer_family("radam", 1e-4, log_every=3)


@case("chamfer-adam-lr-0p1-no-warmup", "chamfer", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return chamfer_family("adam", 0.1)


@case("chamfer-adam-lr-0p05-no-warmup-log2", "chamfer", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return chamfer_family("adam", 0.05, log_every=2)


@case("chamfer-adam-missing-coordinate-nan", "chamfer", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the clouds with a missing (NaN) coordinate dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return chamfer_family("adam", 3e-3, data=fd.chamfer_clouds(nan_rows=0.005))


@case("chamfer-adam-fc-dead-at-init", "chamfer", "dead-units",
      cf=lambda s: replace(s, model=fd.ChamferNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return chamfer_family("adam", 3e-3, model=lambda: fd.ChamferNet(dead_bias=-30.0), track_zero_grads=True)


@case("chamfer-adam-head-x1000", "chamfer", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ChamferNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CHAMFER0, "the Chamfer distance of all points at the origin"))
def _() -> Setup:
    return chamfer_family("adam", 3e-3, model=lambda: scaled_head(fd.ChamferNet(), 1000))


@case("chamfer-adam-lr-0p01-recreated-every-2-steps", "chamfer", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return chamfer_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("chamfer-adam-exponential-100x-in-40-steps", "chamfer", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 42))
def _() -> Setup:
    return chamfer_family("adam", 3e-3, schedule=exponential_to(0.01, 0.1),
                          schedule_name="ExponentialLR per batch, x0.01 by step 40")




# cepstral: a cepstral classifier (the fixed log power spectrum of a signal's rfft, a learned lifter 65-32 (tanh), a
# ReLU layer and a head) naming the formant pair of vowel-like signals of 128 samples (harmonics of a random pitch
# shaped by two resonances, noise 0.3), 5% random labels held out too, cross-entropy over 4, batches of 32 (1.40 at
# step 1, ln 4, ending near 0.21-0.24 held out); works at Adam 3e-3-0.03 (0.21-0.24), RMSprop 3e-3 (0.22), SGDm
# 0.03 (0.22); at chance (1.41) at Adam 1; slow at Adam 1e-4 (0.70) (a 400-step run: ~1-2 s)


@case("cepstral-adam-lr-1-log2", "cepstral", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cepstral_family("adam", 1.0, log_every=2)


@case("cepstral-rmsprop-lr-0p3-100x", "cepstral", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cepstral_family("rmsprop", 0.3)


@case("cepstral-nadam-warmup-cosine-peak-1", "cepstral", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cepstral_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("cepstral-adamw-warmup-linear-peak-1-log2", "cepstral", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cepstral_family("adamw", 1.0, log_every=2, schedule=linear_decay_after(0.1),
                           schedule_name="linear warmup 10% + linear decay")


@case("cepstral-adam-lr-1e-4-30x-low-log3", "cepstral", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cepstral_family("adam", 1e-4, log_every=3)


@case("cepstral-nadam-lr-1e-4-30x-low", "cepstral", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cepstral_family("nadam", 1e-4)


@case("cepstral-adam-missing-sample-nan", "cepstral", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the signals with a missing (NaN) sample dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return cepstral_family("adam", 3e-3, data=fd.cepstral_signals(nan_rows=0.005))


@case("cepstral-adam-fc-dead-at-init", "cepstral", "dead-units",
      cf=lambda s: replace(s, model=fd.CepstralNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return cepstral_family("adam", 3e-3, model=lambda: fd.CepstralNet(dead_bias=-30.0), track_zero_grads=True)


@case("cepstral-adam-head-x1000-log2", "cepstral", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CepstralNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CEPSTRAL0, "ln 4"))
def _() -> Setup:
    return cepstral_family("adam", 3e-3, log_every=2, model=lambda: scaled_head(fd.CepstralNet(), 1000))


@case("cepstral-adam-multistep-x0p01-at-5pct", "cepstral", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.01)), cf_what="the same x0.01 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.011, 25))
def _() -> Setup:
    return cepstral_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.01), schedule_name="MultiStepLR at 5%")


@case("cepstral-adam-96-signals-overfit", "cepstral", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return cepstral_family("adam", 0.01, steps=600, eval_every=30, data=fd.cepstral_signals(train_rows=96))




# corn: a CORN ordinal MLP (8-64 tanh, a ReLU layer and a head of 5 conditional logits P(y > k | y > k-1)) grading
# rows of 8 features on an ordered scale of 6 (a latent score of linear, product, periodic and absolute terms plus
# logistic noise, cut at its sixtiles), BCE with logits over the conditional (row, task) pairs, batches of 64 (0.73
# at step 1, near ln 2, ending near 0.34 held out); works at Adam 3e-3-0.03 (0.34-0.35), Adagrad 0.1 (0.34), SGDm
# 0.1 (0.34); 0.55 at Adam 1; slow at Adam 1e-4 (0.56); Adagrad refuses OneCycleLR (no momentum to cycle), so that
# look-alike is Adam 0.03; RAdam 0.01 under a warmup + cosine ended 0.39, beaten by 0.03 (0.33), so it runs at 0.1
# (0.33) (a 400-step run: ~1 s)


@case("corn-adam-lr-1", "corn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return corn_family("adam", 1.0)


@case("corn-adagrad-lr-10-100x-log2", "corn", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return corn_family("adagrad", 10.0, log_every=2)


@case("corn-adam-exponential-gamma-1p02", "corn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return corn_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("corn-adam-cyclic-peak-1", "corn", "lr-high-cyclic", cf=lr_to(0.01),
      cf_what="peak lr 0.01 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return corn_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("corn-sgdm-lr-0p1-summed", "corn", "summed",
      cf=lambda s: replace(s, loss_fn=fd.corn_loss, loss_name="CORN loss (mean over the conditional pairs)"),
      cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, CORN0, "ln 2 per conditional task"))
def _() -> Setup:
    return corn_family("sgdm", 0.1, loss_fn=fd.corn_loss_summed,
                       loss_name="CORN loss summed over the batch's conditional pairs (reduction='sum')",
                       val_loss_fn=fd.corn_loss, mean_loss_fn=fd.corn_loss)


@case("corn-sgd-lr-0p3-summed-log2", "corn", "summed",
      cf=lambda s: replace(s, loss_fn=fd.corn_loss, loss_name="CORN loss (mean over the conditional pairs)"),
      cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, CORN0, "ln 2 per conditional task"))
def _() -> Setup:
    return corn_family("sgd", 0.3, log_every=2, loss_fn=fd.corn_loss_summed,
                       loss_name="CORN loss summed over the batch's conditional pairs (reduction='sum')",
                       val_loss_fn=fd.corn_loss, mean_loss_fn=fd.corn_loss)


@case("corn-adam-head-x1000", "corn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CornMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CORN0, "ln 2 per conditional task"))
def _() -> Setup:
    return corn_family("adam", 0.01, model=lambda: scaled_head(fd.CornMLP(), 1000))


@case("corn-adam-exponential-1000x-in-40-steps-log2", "corn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return corn_family("adam", 0.01, log_every=2, schedule=exponential_to(1e-3, 0.1),
                       schedule_name="ExponentialLR per batch, x0.001 by step 40")




# onefactor: a tanh MLP (5-64-64, a ReLU layer and a head) of the mean, the diagonal (softplus + 1e-3) and the
# loadings of a 6-D Gaussian with diagonal plus rank-one covariance (a one-factor model: NLL by the determinant lemma
# and Woodbury), targets of feature-dependent means, loadings and noise, batches of 128 (8.75 at step 1, near the NLL
# of outputs of 0, 8.55, ending near 4.2 held out); works at Adam 1e-3-3e-3 (4.18-4.19), SGDm 0.01 (4.26); 168 at
# Adam 1, NaN at SGDm 1; slow at Adam 1e-4 (5.6), SGDm 1e-4 (7.5); SGDm 0.1-0.3 unclipped on batches of 32 6.9-480
# (4.4-5.0 clipped at 0.5) (a 400-step run: ~1-3 s)


@case("onefactor-adam-lr-1-log2", "onefactor", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return onefactor_family("adam", 1.0, log_every=2)


@case("onefactor-sgdm-lr-1-100x", "onefactor", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return onefactor_family("sgdm", 1.0)


@case("onefactor-adam-lr-1e-4-30x-low-log2", "onefactor", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return onefactor_family("adam", 1e-4, log_every=2)


@case("onefactor-sgdm-lr-1e-4-100x-low", "onefactor", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return onefactor_family("sgdm", 1e-4)


@case("onefactor-sgdm-summed-nll", "onefactor", "summed",
      cf=lambda s: replace(s, loss_fn=fd.onefactor_nll, loss_name="one-factor Gaussian NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ONEFACTOR0, "the NLL of outputs of 0"))
def _() -> Setup:
    return onefactor_family("sgdm", 0.01, loss_fn=fd.onefactor_nll_summed,
                            loss_name="one-factor Gaussian NLL summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.onefactor_nll, mean_loss_fn=fd.onefactor_nll)


@case("onefactor-nesterov-summed-nll-log2", "onefactor", "summed",
      cf=lambda s: replace(s, loss_fn=fd.onefactor_nll, loss_name="one-factor Gaussian NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ONEFACTOR0, "the NLL of outputs of 0"))
def _() -> Setup:
    return onefactor_family("nesterov", 0.01, log_every=2, loss_fn=fd.onefactor_nll_summed,
                            loss_name="one-factor Gaussian NLL summed over the batch's rows (reduction='sum')",
                            val_loss_fn=fd.onefactor_nll, mean_loss_fn=fd.onefactor_nll)


@case("onefactor-adam-missing-feature-nan", "onefactor", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return onefactor_family("adam", 3e-3, data=fd.onefactor_rows(nan_rows=0.003))


@case("onefactor-adam-fc-dead-at-init", "onefactor", "dead-units",
      cf=lambda s: replace(s, model=fd.OnefactorMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return onefactor_family("adam", 3e-3, model=lambda: fd.OnefactorMLP(dead_bias=-30.0), track_zero_grads=True)


@case("onefactor-sgdm-lr-0p1-no-clip-batch32", "onefactor", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.5), cf_what="gradients clipped at 0.5",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return onefactor_family("sgdm", 0.1, data=fd.onefactor_rows(batch_size=32))


@case("onefactor-sgdm-lr-0p3-no-clip-batch32-log2", "onefactor", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.5), cf_what="gradients clipped at 0.5",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return onefactor_family("sgdm", 0.3, log_every=2, data=fd.onefactor_rows(batch_size=32))


@case("onefactor-adam-multistep-x0p001-at-5pct", "onefactor", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.001)), cf_what="the same x0.001 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.0011, 25))
def _() -> Setup:
    return onefactor_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.001), schedule_name="MultiStepLR at 5%")


# fresh112 half: healthy look-alikes


@case("chamfer-adam-warmup-cosine-eval25", "chamfer", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return chamfer_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.1),
                          schedule_name="linear warmup 10% + cosine")


@case("chamfer-adam-step-decay-eval50", "chamfer", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return chamfer_family("adam", 0.01, eval_every=50, schedule=multistep(0.5, 0.75, gamma=0.3),
                          schedule_name="MultiStepLR")


@case("chamfer-adam-resumed-with-state", "chamfer", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return chamfer_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                          schedule=cosine_after(0.0), schedule_name="cosine")


@case("chamfer-rmsprop-one-cycle-log2", "chamfer", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return chamfer_family("rmsprop", 1e-3, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


@case("cepstral-adam-cosine-eval25", "cepstral", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.CEPSTRAL_CLASSES, fall=0.8))
def _() -> Setup:
    return cepstral_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("cepstral-adamw-warmup-step-decay-log3", "cepstral", "healthy",
      like=("premature-decay", "plateau", "missing-warmup"), shape=healthy_shape(fd.CEPSTRAL_CLASSES, fall=0.8))
def _() -> Setup:
    return cepstral_family("adamw", 3e-3, log_every=3, warmup_steps=20, schedule=multistep(0.6, 0.8, gamma=0.3),
                           schedule_name="20-step linear warmup + MultiStepLR")


@case("cepstral-sgdm-warmup-cosine-log2", "cepstral", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.CEPSTRAL_CLASSES, fall=0.8))
def _() -> Setup:
    return cepstral_family("sgdm", 0.03, log_every=2, schedule=cosine_after(0.1),
                           schedule_name="linear warmup 10% + cosine")


@case("cepstral-rmsprop-warmup-linear-avg10", "cepstral", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.CEPSTRAL_CLASSES, fall=0.8))
def _() -> Setup:
    return cepstral_family("rmsprop", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                           schedule_name="linear warmup 5% + linear decay")


@case("corn-adam-cosine-log2", "corn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return corn_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("corn-nadam-step-decay-log3", "corn", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return corn_family("nadam", 0.01, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                       schedule_name="MultiStepLR")


@case("corn-adam-on-plateau-log4", "corn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return corn_family("adam", 0.01, log_every=4, schedule=on_plateau(),
                       schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("corn-adam-one-cycle", "corn", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return corn_family("adam", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("corn-radam-warmup-cosine-log4", "corn", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return corn_family("radam", 0.1, log_every=4, schedule=cosine_after(0.1),
                       schedule_name="linear warmup 10% + cosine")


@case("onefactor-adam-cosine-eval25", "onefactor", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return onefactor_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("onefactor-rmsprop-step-decay-log3", "onefactor", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return onefactor_family("rmsprop", 1e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                            schedule_name="MultiStepLR")


@case("onefactor-adamw-warmup-linear-avg10", "onefactor", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return onefactor_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                            schedule_name="linear warmup 5% + linear decay")


@case("onefactor-nadam-sgdr-log5", "onefactor", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return onefactor_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                            schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


# fresh112 half, logged once per epoch


@case("corn-adam-256-rows-overfit-per-epoch", "corn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return corn_family("adam", 0.03, steps=4 * 100, log_per_epoch=True, data=fd.corn_rows(train_rows=256))


@case("onefactor-adam-lr-1-per-epoch", "onefactor", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return onefactor_family("adam", 1.0, steps=50 * 8, log_per_epoch=True,
                            data=fd.onefactor_rows(n=3200, batch_size=64))


@case("chamfer-adam-cosine-per-epoch", "chamfer", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return chamfer_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.chamfer_clouds(n=3200),
                          schedule=cosine_after(0.0), schedule_name="cosine")


@case("cepstral-adam-warmup-cosine-per-epoch", "cepstral", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.CEPSTRAL_CLASSES, fall=0.8))
def _() -> Setup:
    return cepstral_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True, data=fd.cepstral_signals(n=1600),
                           schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip
