"""The one hundred and eighteenth fresh half (fresh116, held out from all tuning):
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


def morpho_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 shapes (scattered dots, a thin bar, a filled disc, a hollow square)")
    knobs.setdefault("meta", {"model": "morphological network: 4 learned 3x3 grey-scale dilations and 4 erosions, then a closing and an opening of each, spatial means and maxima of the 16 maps, a ReLU layer 32-32 and a head",
                              "size": fd.MORPHO_SIZE, "classes": fd.MORPHO_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.morpho_images(), knobs.pop("model", None) or fd.MorphoNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def volterra_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the predicted system output")
    knobs.setdefault("meta", {"model": "Volterra-like system identifier: 8 linear kernels and the squares of 8 projections of the last 16 input samples, a ReLU layer 16-32 and a head",
                              "samples": fd.VOLTERRA_SAMPLES, "memory": fd.VOLTERRA_MEMORY,
                              "held_out": "the mse on new records"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.volterra_signals(), knobs.pop("model", None) or fd.VolterraNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def pursuit_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse")
    knobs.setdefault("meta", {"model": "projection pursuit regressor: 6 learned ridge directions, a ridge function of 16 ReLU units each (a grouped layer), summed by a head 96-1",
                              "features": fd.PURSUIT_FEATURES, "ridges": fd.PURSUIT_RIDGES,
                              "held_out": "the mse on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.pursuit_rows(), knobs.pop("model", None) or fd.PursuitNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def softdtw_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.softdtw_loss)
    knobs.setdefault("loss_name", "soft-DTW (gamma 0.01) between the predicted and the time-warped target sequences, per step, mean over the rows")
    knobs.setdefault("meta", {"model": "MLP 6-64 (tanh), a ReLU layer 64-32 and a head of the 12 steps of a sequence",
                              "features": fd.SOFTDTW_FEATURES, "length": fd.SOFTDTW_LENGTH,
                              "held_out": "the soft-DTW on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.softdtw_rows(), knobs.pop("model", None) or fd.SoftdtwMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


MORPHO0, VOLTERRA0 = LN(fd.MORPHO_CLASSES), fd.VOLTERRA_AT_ZERO
PURSUIT0, SOFTDTW0 = fd.pursuit_at_zero(), fd.softdtw_at_zero()
"""Where the families start: the morphological network at ln 4, the Volterra-like identifier near the MSE of an
output of 0 (the standardised outputs' unit variance), the projection pursuit regressor near the MSE of an output of
0, the soft-DTW MLP near the soft-DTW of an all-zero prediction."""




# morpho: a morphological network (4 learned 3x3 grey-scale dilations and 4 erosions, a flat closing and opening of
# each, spatial means and maxima, a ReLU layer and a head) naming noisy 16x16 shapes (scattered dots, a thin bar, a
# filled disc, a hollow square) at random places and brightness, 5% random labels held out too, cross-entropy over 4,
# batches of 32, 300 steps (1.37-1.41 at step 1, ln 4, ending near 0.66-0.73 held out); works at Adam 0.01-0.03
# (0.66-0.73), RMSprop 0.01 (0.70); slow at Adam 1e-4 (1.30-1.33); at chance (1.40-1.45) at Adam 1 and RMSprop 0.3;
# Adam 0.1 and 0.3 and RMSprop 0.03 no better with a 60-step warmup (so its missing-warmup cases are volterra's); the
# resumed look-alike at Adam 0.01 was beaten by 0.03 (0.68 vs 0.76), so it runs at 0.03 (a 300-step run: ~5 s)


@case("morpho-adam-lr-1", "morpho", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return morpho_family("adam", 1.0)


@case("morpho-rmsprop-lr-0p3-100x-log2", "morpho", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return morpho_family("rmsprop", 0.3, log_every=2)


@case("morpho-adamw-warmup-cosine-peak-1", "morpho", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return morpho_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("morpho-adam-exponential-gamma-1p02", "morpho", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return morpho_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("morpho-adam-lr-1e-4-100x-low", "morpho", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return morpho_family("adam", 1e-4)


@case("morpho-adam-missing-pixel-nan", "morpho", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return morpho_family("adam", 0.01, data=fd.morpho_images(nan_rows=0.005))


@case("morpho-adam-fc-dead-at-init", "morpho", "dead-units",
      cf=lambda s: replace(s, model=fd.MorphoNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return morpho_family("adam", 0.01, model=lambda: fd.MorphoNet(dead_bias=-30.0), track_zero_grads=True)


@case("morpho-adam-head-x1000", "morpho", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MorphoNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MORPHO0, "ln 4"))
def _() -> Setup:
    return morpho_family("adam", 0.01, model=lambda: scaled_head(fd.MorphoNet(), 1000))


@case("morpho-adam-multistep-x0p01-at-5pct", "morpho", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.01)), cf_what="the same x0.01 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.011, 25))
def _() -> Setup:
    return morpho_family("adam", 0.01, schedule=multistep(0.05, gamma=0.01), schedule_name="MultiStepLR at 5%")




# volterra: a Volterra-like system identifier (8 linear kernels and the squares of 8 projections of the last 16 input
# samples, a ReLU layer and a head) predicting a nonlinear Wiener-Hammerstein system's standardised output from its
# coloured-noise input, MSE, batches of 32 (~1.0 at step 1, the MSE of an output of 0, ending near 0.015-0.02 held
# out); works at Adam 3e-3-0.05 (0.015-0.018), SGDm 0.03-0.1 (0.016-0.02); 4-12 at Adam 1; slow at Adam 1e-4 (0.75);
# SGDm 0.3 unclipped NaN or stuck near 1 (0.04-0.08 clipped at 0.5); RMSprop 0.03 and 0.05 without a warmup
# 0.09-2.3, 0.05-1.0 with a 60-step one (RMSprop 0.01 no better with it); the look-alikes at Adam or NAdam 3e-3,
# RMSprop 1e-3 and Nesterov 0.03 were beaten by x3 their lr, so they run at 0.01, 3e-3 and 0.1 (a 400-step run: ~2 s)


@case("volterra-adam-lr-1-log2", "volterra", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return volterra_family("adam", 1.0, log_every=2)


@case("volterra-rmsprop-lr-0p3-100x", "volterra", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return volterra_family("rmsprop", 0.3)


@case("volterra-nadam-warmup-linear-peak-1-log2", "volterra", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return volterra_family("nadam", 1.0, log_every=2, schedule=linear_decay_after(0.1),
                         schedule_name="linear warmup 10% + linear decay")


@case("volterra-adam-lr-1e-4-30x-low-log3", "volterra", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return volterra_family("adam", 1e-4, log_every=3)


@case("volterra-sgdm-lr-1e-4-100x-low", "volterra", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return volterra_family("sgdm", 1e-4)


@case("volterra-sgdm-summed-sq-error", "volterra", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, VOLTERRA0, "the MSE of an output of 0"))
def _() -> Setup:
    return volterra_family("sgdm", 0.01, loss_fn=fd.volterra_summed,
                         loss_name="squared error summed over the batch's samples (reduction='sum')",
                         val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)


@case("volterra-rmsprop-lr-0p03-no-warmup", "volterra", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return volterra_family("rmsprop", 0.03)


@case("volterra-rmsprop-lr-0p03-no-warmup-batch64-log2", "volterra", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return volterra_family("rmsprop", 0.03, log_every=2, data=fd.volterra_signals(batch_size=64))


@case("volterra-adam-missing-sample-nan", "volterra", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the signals with a missing (NaN) sample dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return volterra_family("adam", 3e-3, data=fd.volterra_signals(nan_rows=0.005))


@case("volterra-adam-fc-dead-at-init", "volterra", "dead-units",
      cf=lambda s: replace(s, model=fd.VolterraNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return volterra_family("adam", 3e-3, model=lambda: fd.VolterraNet(dead_bias=-30.0), track_zero_grads=True)


@case("volterra-adam-head-x1000-log2", "volterra", "last-layer-init",
      cf=lambda s: replace(s, model=fd.VolterraNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, VOLTERRA0, "the MSE of an output of 0"))
def _() -> Setup:
    return volterra_family("adam", 3e-3, log_every=2, model=lambda: scaled_head(fd.VolterraNet(), 1000))


@case("volterra-sgdm-lr-0p3-no-clip", "volterra", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.5), cf_what="gradients clipped at 0.5",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return volterra_family("sgdm", 0.3)


@case("volterra-adam-exponential-100x-in-40-steps", "volterra", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 42))
def _() -> Setup:
    return volterra_family("adam", 3e-3, schedule=exponential_to(0.01, 0.1),
                         schedule_name="ExponentialLR per batch, x0.01 by step 40")




# pursuit: a projection pursuit regressor (6 learned ridge directions, a ridge function of 16 ReLU units each, summed
# by a head) regressing a sum of 3 ridge functions of hidden directions of 8 N(0, 1) features (a sine, a square and a
# signed square, noise 0.2), MSE, batches of 64 (~2.5 at step 1, near the MSE of an output of 0, ending near
# 0.05-0.06 held out); works at Adam 0.01-0.05 (0.05-0.07), Adagrad 0.1 (0.05), SGDm 0.03 (0.06); 0.34-0.75 at Adam
# 1; slow at Adam 1e-4 (1.8-2.2); SGDm 0.3 on batches of 32 NaN unclipped (0.23-0.37 clipped at 0.5); no gain from a
# warmup at Adam 0.05-0.2 or RMSprop 0.01-0.05; 96 training rows do not overfit it (its overfitting case is softdtw's)
# (a 400-step run: ~2 s)


@case("pursuit-adam-lr-1", "pursuit", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return pursuit_family("adam", 1.0)


@case("pursuit-adagrad-lr-10-100x-log2", "pursuit", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return pursuit_family("adagrad", 10.0, log_every=2)


@case("pursuit-adam-cyclic-peak-1", "pursuit", "lr-high-cyclic", cf=lr_to(0.01),
      cf_what="peak lr 0.01 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return pursuit_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("pursuit-radam-lr-1e-4-100x-low", "pursuit", "lr-low-adam", cf=lr_to(0.01), cf_what="RAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return pursuit_family("radam", 1e-4)


@case("pursuit-adam-lr-1e-4-100x-low-log2", "pursuit", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return pursuit_family("adam", 1e-4, log_every=2)


@case("pursuit-sgdm-lr-0p03-summed", "pursuit", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, PURSUIT0, "the MSE of an output of 0"))
def _() -> Setup:
    return pursuit_family("sgdm", 0.03, loss_fn=fd.pursuit_summed,
                        loss_name="squared error summed over the batch's rows (reduction='sum')",
                        val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)


@case("pursuit-adam-missing-feature-nan", "pursuit", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return pursuit_family("adam", 0.01, data=fd.pursuit_rows(nan_rows=0.003))


@case("pursuit-adam-head-x1000", "pursuit", "last-layer-init",
      cf=lambda s: replace(s, model=fd.PursuitNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, PURSUIT0, "the MSE of an output of 0"))
def _() -> Setup:
    return pursuit_family("adam", 0.01, model=lambda: scaled_head(fd.PursuitNet(), 1000))


@case("pursuit-sgdm-lr-0p3-no-clip-batch32", "pursuit", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.5), cf_what="gradients clipped at 0.5",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return pursuit_family("sgdm", 0.3, data=fd.pursuit_rows(batch_size=32))


@case("pursuit-adam-multistep-x0p01-at-5pct", "pursuit", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.01)), cf_what="the same x0.01 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.011, 25))
def _() -> Setup:
    return pursuit_family("adam", 0.01, schedule=multistep(0.05, gamma=0.01), schedule_name="MultiStepLR at 5%")


@case("pursuit-adam-lr-0p01-recreated-every-2-steps", "pursuit", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return pursuit_family("adam", 0.01, recreate_optimizer_at=frozenset(range(2, 400, 2)))




# softdtw: an MLP (6-64 tanh, a ReLU layer and a head of 12 steps) of a gesture-like sequence from 6 features, the
# soft-DTW (gamma 0.01, per step) to a randomly time-warped noisy target, batches of 64, 300 steps (0.26 at step 1,
# near the soft-DTW of an all-zero prediction, ending near 0.019-0.02 held out); works at Adam 0.01 (0.02), SGDm 0.3
# (0.02), RMSprop 0.01 (0.02); collapsed to a constant (0.11-0.12) at Adam 0.15-1; slow at Adam 1e-4 (0.10); no gain
# from a 60-step warmup at Adam 0.15-0.3 or RMSprop 0.03; 96 training rows overfit (best ~0.04, 0.05 at the end); the
# RAdam and NAdam look-alikes at 0.03 and 0.01 were beaten by x3 their lr, so they run at 0.1 and 0.03 (a 300-step
# run: ~4-6 s)


@case("softdtw-adam-lr-1", "softdtw", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return softdtw_family("adam", 1.0)


@case("softdtw-nadam-lr-1-100x-log2", "softdtw", "lr-high-step1", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return softdtw_family("nadam", 1.0, log_every=2)


@case("softdtw-adamw-warmup-cosine-peak-1", "softdtw", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return softdtw_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("softdtw-adam-exponential-gamma-1p02", "softdtw", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return softdtw_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("softdtw-adam-lr-1e-4-100x-low", "softdtw", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return softdtw_family("adam", 1e-4)


@case("softdtw-adam-fc-dead-at-init", "softdtw", "dead-units",
      cf=lambda s: replace(s, model=fd.SoftdtwMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return softdtw_family("adam", 0.01, model=lambda: fd.SoftdtwMLP(dead_bias=-30.0), track_zero_grads=True)


@case("softdtw-sgdm-lr-0p3-summed", "softdtw", "summed",
      cf=lambda s: replace(s, loss_fn=fd.softdtw_loss, loss_name="SOFTDTW (mean over the rows)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SOFTDTW0, "the SOFTDTW of uniform predictions"))
def _() -> Setup:
    return softdtw_family("sgdm", 0.3, loss_fn=fd.softdtw_summed,
                      loss_name="SOFTDTW summed over the batch's rows (reduction='sum')",
                      val_loss_fn=fd.softdtw_loss, mean_loss_fn=fd.softdtw_loss)


@case("softdtw-nesterov-lr-0p3-summed-log2", "softdtw", "summed",
      cf=lambda s: replace(s, loss_fn=fd.softdtw_loss, loss_name="SOFTDTW (mean over the rows)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SOFTDTW0, "the SOFTDTW of uniform predictions"))
def _() -> Setup:
    return softdtw_family("nesterov", 0.3, log_every=2, loss_fn=fd.softdtw_summed,
                      loss_name="SOFTDTW summed over the batch's rows (reduction='sum')",
                      val_loss_fn=fd.softdtw_loss, mean_loss_fn=fd.softdtw_loss)


@case("softdtw-adam-exponential-1000x-in-40-steps-log2", "softdtw", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return softdtw_family("adam", 0.01, log_every=2, schedule=exponential_to(1e-3, 0.1),
                      schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("softdtw-adam-96-rows-overfit", "softdtw", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return softdtw_family("adam", 0.01, steps=450, eval_every=30, data=fd.softdtw_rows(train_rows=96, batch_size=32))


# fresh116 half: healthy look-alikes


@case("morpho-adam-warmup-cosine-eval25", "morpho", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.MORPHO_CLASSES, fall=0.8))
def _() -> Setup:
    return morpho_family("adam", 0.03, eval_every=25, schedule=cosine_after(0.1),
                        schedule_name="linear warmup 10% + cosine")


@case("morpho-sgdm-step-decay-log2", "morpho", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.MORPHO_CLASSES, fall=0.8))
def _() -> Setup:
    return morpho_family("sgdm", 0.03, log_every=2, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("morpho-nadam-on-plateau-log4", "morpho", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.MORPHO_CLASSES, fall=0.8))
def _() -> Setup:
    return morpho_family("nadam", 0.01, log_every=4, schedule=on_plateau(),
                        schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("morpho-rmsprop-one-cycle-log2", "morpho", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.MORPHO_CLASSES, fall=0.8))
def _() -> Setup:
    return morpho_family("rmsprop", 3e-3, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


@case("morpho-adam-resumed-with-state", "morpho", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.MORPHO_CLASSES, fall=0.8))
def _() -> Setup:
    return morpho_family("adam", 0.03, recreate_optimizer_at=frozenset({150}), keep_optimizer_state=True,
                        schedule=cosine_after(0.0), schedule_name="cosine")


@case("volterra-adam-cosine-eval25", "volterra", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return volterra_family("adam", 0.03, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("volterra-rmsprop-warmup-linear-avg10", "volterra", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return volterra_family("rmsprop", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                         schedule_name="linear warmup 5% + linear decay")


@case("volterra-nadam-sgdr-log5", "volterra", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return volterra_family("nadam", 0.01, log_every=5, schedule=warm_restarts(0.25),
                         schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("volterra-nesterov-warmup-cosine-log3", "volterra", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return volterra_family("nesterov", 0.1, log_every=3, schedule=cosine_after(0.1),
                         schedule_name="linear warmup 10% + cosine")


@case("pursuit-adagrad-cosine-log2", "pursuit", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return pursuit_family("adagrad", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("pursuit-adam-step-decay-eval50", "pursuit", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return pursuit_family("adam", 0.03, eval_every=50, schedule=multistep(0.5, 0.75, gamma=0.3),
                        schedule_name="MultiStepLR")


@case("pursuit-adamw-one-cycle", "pursuit", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return pursuit_family("adamw", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("softdtw-adam-cosine-log2", "softdtw", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return softdtw_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("softdtw-rmsprop-step-decay-log3", "softdtw", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return softdtw_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                      schedule_name="MultiStepLR")


@case("softdtw-adam-on-plateau-log4", "softdtw", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return softdtw_family("adam", 0.01, log_every=4, schedule=on_plateau(),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("softdtw-radam-warmup-cosine-log4", "softdtw", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return softdtw_family("radam", 0.1, log_every=4, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine")


@case("softdtw-nadam-warmup-linear-avg10", "softdtw", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return softdtw_family("nadam", 0.03, log_every=10, average=True, schedule=linear_decay_after(0.05),
                      schedule_name="linear warmup 5% + linear decay")


# fresh116 half, logged once per epoch


@case("softdtw-adam-96-rows-overfit-per-epoch", "softdtw", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return softdtw_family("adam", 0.01, steps=3 * 100, log_per_epoch=True, data=fd.softdtw_rows(train_rows=96, batch_size=32))


@case("morpho-adam-lr-1-per-epoch", "morpho", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return morpho_family("adam", 1.0, steps=30 * 10, log_per_epoch=True, data=fd.morpho_images(n=960))


@case("volterra-adam-cosine-per-epoch", "volterra", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return volterra_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.volterra_signals(n=1600),
                         schedule=cosine_after(0.0), schedule_name="cosine")


@case("pursuit-adam-warmup-cosine-per-epoch", "pursuit", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return pursuit_family("adam", 0.03, steps=50 * 8, log_per_epoch=True, data=fd.pursuit_rows(n=3200),
                        schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")
