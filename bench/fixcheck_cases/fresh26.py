"""The twenty-sixth fresh half (fresh26, held out from all tuning):
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


def deeponet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.deeponet_mse)
    knobs.setdefault("loss_name", "MSE of the ODE's solution at the query points")
    knobs.setdefault("meta", {"model": "DeepONet: a branch MLP 20-64-64-32 of the sensor readings, a trunk MLP 1-64-64-32 of the query point, their dot product plus a bias",
                              "sensors": fd.DEEPONET_SENSORS, "queries_per_function": fd.DEEPONET_QUERIES,
                              "held_out": "MSE on new input functions"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.deeponet_functions(), knobs.pop("model", None) or fd.DeepONet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def addt_family(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_name", "cross_entropy per sum digit (teacher forcing)")
    knobs.setdefault("meta", {"model": "encoder-decoder transformer (nn.Transformer, d 32, 4 heads, 2 + 2 layers, post-LN) adding two 2-digit numbers",
                              "vocab_size": fd.ADDT_VOCAB, "target_digits": fd.ADDT_DIGITS + 1,
                              "held_out": "cross-entropy on new problems"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.addition_problems(), knobs.pop("model", None) or fd.AddTransformer,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def deepar_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.deepar_nll)
    knobs.setdefault("loss_name", "Student-t negative log-likelihood per step (DeepAR)")
    knobs.setdefault("meta", {"model": "DeepAR-like: an LSTM of 40 units over lagged values and calendar features, a ReLU layer, a Student-t head",
                              "series_length": fd.DEEPAR_LEN, "season": fd.DEEPAR_PERIOD,
                              "held_out": "negative log-likelihood of new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.deepar_series(), knobs.pop("model", None) or fd.DeepARNet, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def dkl_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.dkl_mll)
    knobs.setdefault("loss_name", "exact GP negative marginal log-likelihood per point of the minibatch (deep RBF kernel)")
    knobs.setdefault("val_loss_fn", fd.dkl_predictive_mse)
    knobs.setdefault("meta", {"model": "deep kernel learning: a ReLU MLP 8-64-64-2 under an exact GP with an RBF kernel (learned lengthscale, outputscale, noise)",
                              "conditioning_points": fd.DKL_CONTEXT, "jitter": fd.DKL_JITTER,
                              "held_out": "MSE of the predictive mean on new points given 256 training points"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dkl_points(), knobs.pop("model", None) or fd.DeepKernelGP, optimizer, lr,
                      steps, **knobs)  # fmt: skip


DEEPONET0, ADDT0, DEEPAR0, DKL0 = fd.deeponet_at_zero(), LN(10), fd.deepar_at_init(), fd.dkl_at_init()
"""Where the families start: DeepONet near the MSE of predicting 0 (the mean square of the solutions, ~0.45), the adder
at chance over the 10 digits (ln 10, a bit above at init), DeepAR at its init's negative log-likelihood (~1.59), the
deep-kernel GP at its init's negative marginal log-likelihood per point (~1.60)."""


# deeponet: DeepONet (branch MLP 20-64-64-32, trunk MLP 1-64-64-32) learning the solution operator of s' = u - s^3 on
# random input functions, MSE at 10 query points a function (~0.39 at step 1); works at Adam 3e-3-0.01 (~0.004-0.005
# held out in 400 steps), SGDm 0.1 (~0.006), RMSprop 1e-3 (~0.013); Adam 1 blows up (~1e9), SGD 0.3 and SGDm 1 give NaN


@case("deeponet-adam-lr-1-log2", "deeponet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return deeponet_family("adam", 1.0, log_every=2)


@case("deeponet-sgdm-lr-3-30x", "deeponet", "lr-high-nan", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deeponet_family("sgdm", 3.0)


@case("deeponet-adamw-warmup-cosine-peak-1", "deeponet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deeponet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("deeponet-adam-exponential-gamma-1p02", "deeponet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deeponet_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("deeponet-adam-lr-1e-5-300x-low", "deeponet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return deeponet_family("adam", 1e-5)


@case("deeponet-rmsprop-lr-1e-5-100x-low-log4", "deeponet", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return deeponet_family("rmsprop", 1e-5, log_every=4)


@case("deeponet-sgdm-summed-mse", "deeponet", "summed",
      cf=lambda s: replace(s, loss_fn=fd.deeponet_mse, loss_name="MSE (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DEEPONET0, "the MSE of predicting 0"))
def _() -> Setup:
    return deeponet_family("sgdm", 0.03, loss_fn=fd.deeponet_mse_summed, loss_name="MSE summed over the batch's functions (reduction='sum')",
                           val_loss_fn=fd.deeponet_mse, mean_loss_fn=fd.deeponet_mse)  # fmt: skip


@case("deeponet-adam-head-x300", "deeponet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DeepONet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DEEPONET0, "the MSE of predicting 0"))
def _() -> Setup:
    return deeponet_family("adam", 3e-3, model=lambda: scaled_head(fd.DeepONet(), 300))


@case("deeponet-adam-fc-dead-at-init", "deeponet", "dead-units",
      cf=lambda s: replace(s, model=fd.DeepONet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return deeponet_family("adam", 3e-3, model=lambda: fd.DeepONet(dead_bias=-30.0), track_zero_grads=True)


@case("deeponet-adam-multistep-x0p1-at-5pct", "deeponet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return deeponet_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("deeponet-adam-missing-sensor-nan", "deeponet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the functions with a missing sensor reading dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return deeponet_family("adam", 3e-3, data=fd.deeponet_functions(nan_rows=0.003))


@case("deeponet-adam-lr-0p01-recreated-every-8-steps", "deeponet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return deeponet_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("deeponet-adam-lr-0p03-no-warmup", "deeponet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return deeponet_family("adam", 0.03)


@case("deeponet-sgd-lr-0p3-no-clip-explodes", "deeponet", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return deeponet_family("sgd", 0.3)


# addt: an encoder-decoder transformer (nn.Transformer, d 32, 2 + 2 layers, post-LN) adding two 2-digit numbers, the sum's
# 3 digits least significant first, teacher forcing, cross-entropy per digit (2.59 at step 1, ln 10 = 2.30); it sits on a
# plateau (~1.5) and then drops; works at Adam 3e-3 (~0.003 held out in 500 steps), SGDm 0.1 (~0.08); Adam 0.01 ends ~0.9,
# Adam 1 sits near ln 10, SGDm 3 gives NaN


@case("addt-adam-lr-1-log2", "addt", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=anything)
def _() -> Setup:
    return addt_family("adam", 1.0, log_every=2)


@case("addt-sgdm-lr-3-30x", "addt", "lr-high-nan", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return addt_family("sgdm", 3.0)


@case("addt-nadam-cyclic-peak-1", "addt", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return addt_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("addt-adam-exponential-gamma-1p02", "addt", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return addt_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("addt-adam-lr-1e-5-300x-low", "addt", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return addt_family("adam", 1e-5)


@case("addt-sgdm-lr-1e-3-100x-low-log5", "addt", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return addt_family("sgdm", 1e-3, log_every=5)


@case("addt-sgdm-summed-ce", "addt", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ADDT0, "ln 10"))
def _() -> Setup:
    return addt_family("sgdm", 0.1, loss_fn=fd.addt_ce_summed, loss_name="cross_entropy summed over the batch's digits (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("addt-adam-head-x300", "addt", "last-layer-init",
      cf=lambda s: replace(s, model=fd.AddTransformer), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, ADDT0, "ln 10"))
def _() -> Setup:
    return addt_family("adam", 3e-3, model=lambda: scaled_head(fd.AddTransformer(), 300))


@case("addt-adam-multistep-x0p1-at-5pct", "addt", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=26, tol=100, shape=lr_down_by(0.11, 30))
def _() -> Setup:
    return addt_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("addt-adam-exponential-1000x-in-40-steps", "addt", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return addt_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.08), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("addt-adam-lr-3e-3-recreated-every-8-steps", "addt", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return addt_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(8, 500, 8)))


# deepar: a DeepAR-like forecaster (LSTM 40, a ReLU layer, a Student-t head) of synthetic series with a trend, a season of
# 12 and Student-t noise, NLL per step (1.54 at step 1); works at Adam 3e-3-0.01 (~0.30-0.31 held out in 400 steps),
# RMSprop 3e-3 (~0.39), SGD 0.1 (~0.72, still falling); Adam 1 and RMSprop 0.3 end above the start (1.6, 2.3)


@case("deepar-adam-lr-1-log2", "deepar", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return deepar_family("adam", 1.0, log_every=2)


@case("deepar-rmsprop-lr-0p3-log4", "deepar", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deepar_family("rmsprop", 0.3, log_every=4)


@case("deepar-adamw-warmup-cosine-peak-1", "deepar", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deepar_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("deepar-adam-exponential-gamma-1p02", "deepar", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deepar_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("deepar-adam-lr-3e-5-100x-low", "deepar", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return deepar_family("adam", 3e-5)


@case("deepar-sgd-lr-1e-3-100x-low-log4", "deepar", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return deepar_family("sgd", 1e-3, log_every=4)


@case("deepar-sgdm-summed-nll", "deepar", "summed",
      cf=lambda s: replace(s, loss_fn=fd.deepar_nll, loss_name="Student-t NLL (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DEEPAR0, "the init's NLL"))
def _() -> Setup:
    return deepar_family("sgdm", 0.03, loss_fn=fd.deepar_nll_summed, loss_name="Student-t NLL summed over the batch's series (reduction='sum')",
                         val_loss_fn=fd.deepar_nll, mean_loss_fn=fd.deepar_nll)  # fmt: skip


@case("deepar-adam-fc-dead-at-init", "deepar", "dead-units",
      cf=lambda s: replace(s, model=fd.DeepARNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return deepar_family("adam", 3e-3, model=lambda: fd.DeepARNet(dead_bias=-30.0), track_zero_grads=True)


@case("deepar-adam-multistep-x0p1-at-5pct", "deepar", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return deepar_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("deepar-adam-missing-value-nan", "deepar", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return deepar_family("adam", 3e-3, data=fd.deepar_series(nan_rows=0.003))


@case("deepar-adam-lr-3e-3-recreated-every-8-steps", "deepar", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return deepar_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("deepar-adam-64-series-overfits", "deepar", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return deepar_family("adam", 3e-3, steps=600, eval_every=30, data=fd.deepar_series(train_rows=64, batch_size=32))


# dkl: deep kernel learning (a ReLU MLP 8-64-64-2 under an exact RBF-kernel GP) of a function of a hidden 2-D projection of 8
# features, the negative marginal log-likelihood per point of a batch of 128 (1.39 at step 1, below 0 when trained); held
# out, the predictive mean's MSE given 256 training points (~1.13 for the mean alone; ~0.12-0.14 in 400 steps at Adam
# 3e-3-0.01, ~0.12 at Adagrad 0.1, ~0.20 at SGDm 0.03-0.1); Adam 1 and SGDm 3 end at the mean (~1.13), Adam 0.1 at one
# seed of two


@case("dkl-adam-lr-1-log2", "dkl", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dkl_family("adam", 1.0, log_every=2)


@case("dkl-sgdm-lr-3-30x", "dkl", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dkl_family("sgdm", 3.0)


@case("dkl-adamw-warmup-cosine-peak-1", "dkl", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dkl_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("dkl-nadam-exponential-gamma-1p02", "dkl", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dkl_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("dkl-adam-lr-1e-5-1000x-low", "dkl", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dkl_family("adam", 1e-5)


@case("dkl-sgdm-lr-3e-4-100x-low-log3", "dkl", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dkl_family("sgdm", 3e-4, log_every=3)


@case("dkl-adagrad-lr-1e-3-100x-low-log5", "dkl", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dkl_family("adagrad", 1e-3, log_every=5)


@case("dkl-sgdm-summed-mll", "dkl", "summed",
      cf=lambda s: replace(s, loss_fn=fd.dkl_mll, loss_name="negative marginal log-likelihood per point (mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DKL0, "the init's NLL per point"))
def _() -> Setup:
    return dkl_family("sgdm", 0.1, loss_fn=fd.dkl_mll_summed, loss_name="the batch's whole negative marginal log-likelihood (a sum over its points)",
                      mean_loss_fn=fd.dkl_mll)  # fmt: skip


@case("dkl-adam-fc-dead-at-init", "dkl", "dead-units",
      cf=lambda s: replace(s, model=fd.DeepKernelGP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dkl_family("adam", 0.01, model=lambda: fd.DeepKernelGP(dead_bias=-30.0), track_zero_grads=True)


@case("dkl-adam-exponential-1000x-in-40-steps", "dkl", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return dkl_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("dkl-adam-missing-feature-nan", "dkl", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the points with a missing feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return dkl_family("adam", 0.01, data=fd.dkl_points(nan_rows=0.003))


@case("dkl-adam-lr-0p03-recreated-every-8-steps", "dkl", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return dkl_family("adam", 0.03, recreate_optimizer_at=frozenset(range(8, 400, 8)))


# fresh26 half: healthy look-alikes


@case("deeponet-adam-warmup-cosine", "deeponet", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return deeponet_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("deeponet-nesterov-onecycle", "deeponet", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return deeponet_family("sgdm", 0.1, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("deeponet-adamax-constant-log3", "deeponet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return deeponet_family("adamax", 0.01, log_every=3)


@case("deeponet-adam-resumed-with-state", "deeponet", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return deeponet_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("addt-adam-cosine-log2", "addt", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return addt_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("addt-adam-sgdr-log4", "addt", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return addt_family("adam", 3e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("addt-radam-step-decay", "addt", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return addt_family("radam", 0.03, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("addt-adamw-warmup-linear-avg10", "addt", "healthy", like=("plateau", "lr-too-low", "overfitting"), shape=healthy_shape())
def _() -> Setup:
    return addt_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                       schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("deepar-adam-warmup-cosine", "deepar", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return deepar_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("deepar-adamax-constant-log10", "deepar", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return deepar_family("adamax", 0.01, log_every=10)


@case("deepar-sgdm-cyclic-triangular2", "deepar", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return deepar_family("sgdm", 0.3, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("deepar-adam-resumed-with-state", "deepar", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return deepar_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("dkl-adam-cosine-log2", "dkl", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return dkl_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dkl-rmsprop-step-decay-log3", "dkl", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dkl_family("rmsprop", 0.01, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("dkl-adam-plateau-log2", "dkl", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dkl_family("adam", 0.01, log_every=2, eval_every=25, schedule=on_plateau(0.3, 1),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("dkl-nadam-warmup-cosine-log20", "dkl", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return dkl_family("nadam", 0.01, log_every=20, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


# fresh26 half, logged once per epoch


@case("deeponet-adam-lr-1-per-epoch", "deeponet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return deeponet_family("adam", 1.0, steps=46 * 9, log_per_epoch=True)


@case("deepar-adam-lr-1-per-epoch", "deepar", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return deepar_family("adam", 1.0, steps=62 * 7, log_per_epoch=True)


@case("addt-adam-256-problems-overfits-per-epoch", "addt", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return addt_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.addition_problems(train_rows=256))


@case("deeponet-adam-per-epoch", "deeponet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return deeponet_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True)


@case("deeponet-radam-cosine-per-epoch", "deeponet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return deeponet_family("radam", 0.1, steps=46 * 9, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("addt-adam-per-epoch", "addt", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return addt_family("adam", 3e-3, steps=62 * 8, log_per_epoch=True)


@case("deepar-adam-per-epoch", "deepar", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return deepar_family("adam", 0.01, steps=62 * 7, log_per_epoch=True)


@case("deepar-radam-cosine-per-epoch", "deepar", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return deepar_family("radam", 0.03, steps=62 * 7, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dkl-adamax-per-epoch", "dkl", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dkl_family("adamax", 0.03, steps=23 * 18, log_per_epoch=True)


@case("dkl-adam-cosine-per-epoch", "dkl", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dkl_family("adam", 0.01, steps=23 * 18, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")
