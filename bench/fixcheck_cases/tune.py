"""The tuning half: its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace

import fixcheck_data as fd
from fixcheck_core import (
    anything, arith, at_chance, case, dead_from, early_rise, first_dead, first_loss_above, first_nan, flat_late,
    grad_burst, healthy_shape, imputed, lr_down_by, lr_to, marker, nan_within, never_below_start, overfits,
    rises_after_dip, sensor, setup, spiky, spiral, still_falling,
)
from harness import (
    LN, Setup, constant_after, cosine_after, cross_entropy, cyclic, exponential, exponential_to, linear_decay_after,
    mlp, multistep, one_cycle, scaled_head, warm_restarts,
)


HIGH = ("exploding-gradients", "plateau", "dead-units", "non-finite-loss")
C5, C4, C6 = LN(5), LN(4), LN(6)

# spiral: ReLU MLP 12-64-64-5 on spiral arms; works at Adam 1e-3..3e-3, SGD momentum 0.03


@case("spiral-mlp-adam-lr-0p1-dies-to-chance", "spiral", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=1500, shape=at_chance(C5, "ln 5"))
def _() -> Setup:
    return spiral("adam", 0.1)


@case("spiral-mlp-sgdm-lr-3e-4-100x-low-log10", "spiral", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=1500, shape=still_falling)
def _() -> Setup:
    return spiral("sgdm", 3e-4, log_every=10)


@case("spiral-mlp-adam-exponential-100x-in-300-steps", "spiral", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=1, tol=300, shape=lr_down_by(0.011, 300))
def _() -> Setup:
    return spiral("adam", 3e-3, schedule=exponential_to(0.01, 0.2), schedule_name="ExponentialLR per batch, x0.01 by step 300")


@case("spiral-mlp-adam-nan-features-step1", "spiral", "nan-step0", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), tol=2, shape=nan_within(1, 1))
def _() -> Setup:
    return spiral("adam", 3e-3, data=fd.spiral_arms(nan_rows=0.03))


@case("spiral-mlp-rmsprop-recreated-each-epoch", "spiral", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return spiral("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(93, 1500, 93)))


@case("spiral-mlp-sgdm-lr-1-dead-relus", "spiral", "dead-units", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("dead-units",), may=("lr-too-high", "plateau", "exploding-gradients"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return spiral("sgdm", 1.0, track_zero_grads=True)


@case("spiral-mlp-sgdm-head-x200", "spiral", "last-layer-init",
      cf=lambda s: replace(s, model=lambda: mlp([12, 64, 64, 5])), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(20, C5, "ln 5"))
def _() -> Setup:
    return spiral("sgdm", 0.03, model=lambda: scaled_head(mlp([12, 64, 64, 5]), 200, bias=True))


@case("spiral-mlp-adam-lr-0p01-constant-plateau", "spiral", "plateau", cf=lambda s: replace(s, decay_step=500),
      cf_what="lr x0.1 from step 500", must=("plateau",), may=("lr-too-high",), fault_step=500, tol=400, shape=flat_late)
def _() -> Setup:
    return spiral("adam", 0.01)


# arith: character LSTM / vanilla RNN LM (48 hidden) on "a+b=c;" strings; LSTM works at Adam 3e-3, SGD ~1


@case("sensor-trace-rnn-sgd-lr-3-no-clip-explodes", "sensor", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=15,
      shape=grad_burst(30, 3000))
def _() -> Setup:
    return setup(fd.trace_starts(), lambda: fd.TraceRNN(gain=1.0), "sgd", 3.0, 600, eval_every=60)


@case("arith-lstm-sgd-summed-loss", "arith", "summed-lm",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, LN(13), "ln 13"))
def _() -> Setup:
    return arith("sgd", 1.0, loss_fn=fd.lm_summed, loss_name="cross_entropy (reduction='sum')", val_loss_fn=cross_entropy,
                 mean_loss_fn=cross_entropy)


@case("arith-lstm-adam-lr-0p3-30x-from-step-1", "arith", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=700, shape=anything)
def _() -> Setup:
    return arith("adam", 0.3)


@case("arith-lstm-sgd-lr-30-oscillates", "arith", "lr-high-oscillation", cf=lr_to(1.0), cf_what="lr 1.0",
      must=("lr-too-high",), may=HIGH, tol=700, shape=never_below_start)
def _() -> Setup:
    return arith("sgd", 30.0, log_every=2)


@case("arith-lstm-adam-recreated-each-epoch", "arith", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return arith("adam", 0.01, recreate_optimizer_at=frozenset(range(93, 700, 93)))


@case("arith-lstm-adam-resumed-without-state-x3", "arith", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="optimizer state kept",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=421, tol=5,
      shape=anything)
def _() -> Setup:
    return arith("adam", 0.01, recreate_optimizer_at=frozenset({420, 560, 630}), opt_args={"betas": (0.9, 0.999)})


# sensor: ReLU autoencoder 24-64-4-64-24 (MSE); count-regression MLP (Poisson). AE works at Adam 3e-3..1e-2, SGDm 0.1


@case("sensor-ae-sgdm-exponential-gamma-1p01-nan", "sensor", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(100, 1500))
def _() -> Setup:
    return sensor("sgdm", 0.01, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("sensor-ae-adam-gaussian-nll-by-hand-log0", "sensor", "nan-log0",
      cf=lambda s: replace(s, loss_fn=fd.gaussian_nll_safe), cf_what="variance kept positive (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(5, 1500))
def _() -> Setup:
    return sensor("adam", 3e-3, model=fd.sensor_ae_var, loss_fn=fd.gaussian_nll_by_hand,
                  loss_name="gaussian_nll by hand (log of a ReLU variance)", val_loss_fn=fd.mean_mse,
                  safe_loss_fn=fd.gaussian_nll_safe)  # fmt: skip


@case("sensor-ae-sgdm-lr-0p6-diverges-after-dip", "sensor", "lr-high-diverge", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=1500, shape=rises_after_dip())
def _() -> Setup:
    return sensor("sgdm", 0.6)


@case("sensor-ae-adam-last-hidden-dead-at-init", "sensor", "dead-units",
      cf=lambda s: replace(s, model=fd.sensor_ae), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return sensor("adam", 3e-3, model=lambda: fd.sensor_ae(dead_bias=-3.0, layer=4), track_zero_grads=True)


# marker: post-LN transformer classifier (1 layer, d 32); works at Adam 3e-3, SGDm 0.1


@case("marker-postln-adam-lr-0p03-no-warmup", "marker", "missing-warmup", cf=lambda s: replace(s, warmup_steps=50),
      cf_what="a 50-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=50, shape=early_rise(1.5))
def _() -> Setup:
    return marker("adam", 0.03)


@case("marker-postln2-adam-lr-0p02-spikes", "marker", "lr-high-spikes", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=spiky())
def _() -> Setup:
    return marker("adam", 0.02, model=lambda: fd.marker_transformer(False, 2))


@case("marker-postln-adamw-warmup-cosine-peak-0p1", "marker", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=500, shape=rises_after_dip(1.15))
def _() -> Setup:
    return marker("adamw", 0.1, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("marker-postln-adam-500-rows-overfits", "marker", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return marker("adam", 3e-3, steps=600, eval_every=60, data=fd.marker_majority(train_rows=500))


@case("marker-postln-adam-lr-1e-4-30x-low", "marker", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return marker("adam", 1e-4)


# tuning half: healthy look-alikes


@case("spiral-mlp-sgdm-warmup-cosine-log10", "spiral", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(5, fall=0.65))
def _() -> Setup:
    return spiral("sgdm", 0.05, log_every=10, schedule=cosine_after(0.05), schedule_name="linear warmup 5% + cosine")


@case("spiral-mlp-adam-constant-converged-avg50", "spiral", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(5, fall=0.65))
def _() -> Setup:
    return spiral("adam", 1e-3, steps=4000, log_every=50, average=True, eval_every=400)


@case("spiral-mlp-adamw-sgdr", "spiral", "healthy", like=("optimizer-reset", "lr-too-high", "premature-decay"),
      shape=healthy_shape(5, fall=0.65))
def _() -> Setup:
    return spiral("adamw", 3e-3, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("spiral-mlp-sgdm-cyclic-triangular2", "spiral", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape(5, fall=0.65))
def _() -> Setup:
    return spiral("sgdm", 0.06, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("spiral-mlp-sgdm-multistep-long-avg50", "spiral", "healthy", like=("premature-decay", "plateau", "lr-too-high"),
      shape=healthy_shape(5, fall=0.65))
def _() -> Setup:
    return spiral("sgdm", 0.03, steps=15000, log_every=50, average=True, eval_every=1500, data=fd.spiral_arms(30000),
                  schedule=multistep(0.5, 0.8, gamma=0.1), schedule_name="MultiStepLR at 50% and 80%")


@case("arith-lstm-adam-warmup-cosine", "arith", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(13))
def _() -> Setup:
    return arith("adam", 5e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("arith-lstm-adamw-onecycle-log5", "arith", "healthy", like=("lr-too-high", "missing-warmup", "lr-too-low"),
      shape=healthy_shape(13))
def _() -> Setup:
    return arith("adamw", 8e-3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("arith-rnn-sgd-clipped", "arith", "healthy", like=("exploding-gradients", "lr-too-high", "plateau"),
      shape=healthy_shape(13, fall=0.7))
def _() -> Setup:
    return arith("sgd", 0.5, kind="rnn", max_grad_norm=1.0)


@case("arith-lstm-rmsprop-step-decay-log5", "arith", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(13, fall=0.75))
def _() -> Setup:
    return arith("rmsprop", 3e-3, log_every=5, schedule=multistep(0.6, gamma=0.2), schedule_name="MultiStepLR at 60%")


@case("sensor-ae-adam-warmup-constant", "sensor", "healthy", like=("missing-warmup", "lr-too-high", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return sensor("adam", 5e-3, schedule=constant_after(0.1), schedule_name="linear warmup 10% + constant")


@case("sensor-ae-sgdm-exponential-per-epoch", "sensor", "healthy", like=("premature-decay", "lr-too-low", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return sensor("sgdm", 0.3, schedule=exponential(0.9), per_epoch=True, schedule_name="ExponentialLR(0.9) per epoch")


@case("sensor-ae-adam-onecycle-avg50", "sensor", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape())
def _() -> Setup:
    return sensor("adam", 0.01, steps=3000, log_every=50, average=True, eval_every=300, schedule=one_cycle,
                  schedule_name="OneCycleLR")  # fmt: skip


@case("sensor-counts-adam-safe-poisson", "sensor", "healthy", like=("non-finite-loss", "plateau"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return setup(fd.event_counts(), fd.count_mlp, "adam", 3e-3, 1000, loss_fn=fd.poisson_safe,
                 loss_name="poisson_nll (log guarded)", eval_every=100, schedule=cosine_after(0.0),
                 schedule_name="cosine")  # fmt: skip


@case("sensor-ae-adamw-sgdr-log5", "sensor", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return sensor("adamw", 0.015, log_every=5, schedule=warm_restarts(0.2), schedule_name="CosineAnnealingWarmRestarts, T_0 = 20%")


@case("spiral-mlp-rmsprop-constant-log20", "spiral", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(5, fall=0.65))
def _() -> Setup:
    return spiral("rmsprop", 1e-3, log_every=20, eval_every=300)


@case("arith-lstm-sgd-clipped-constant", "arith", "healthy", like=("exploding-gradients", "plateau", "lr-too-low"),
      shape=healthy_shape(13, fall=0.75))
def _() -> Setup:
    return arith("sgd", 1.0, max_grad_norm=1.0)


@case("marker-postln-adamw-warmup-cosine-avg10", "marker", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(4))
def _() -> Setup:
    return marker("adamw", 3e-3, log_every=10, average=True, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("marker-preln-adamw-warmup-cosine", "marker", "healthy", like=("missing-warmup", "lr-too-high"),
      shape=healthy_shape(4))
def _() -> Setup:
    return marker("adamw", 3e-3, pre_ln=True, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("marker-postln-adam-warmup-linear-log5", "marker", "healthy", like=("missing-warmup", "lr-too-high", "premature-decay"),
      shape=healthy_shape(4))
def _() -> Setup:
    return marker("adam", 3e-3, log_every=5, schedule=linear_decay_after(0.1), schedule_name="linear warmup 10% + linear decay")


@case("marker-postln-sgdm-cyclic", "marker", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(4))
def _() -> Setup:
    return marker("sgdm", 0.1, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular")


@case("marker-preln-adam-constant", "marker", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(4))
def _() -> Setup:
    return marker("adam", 2e-3, pre_ln=True)


# tuning half, logged once per epoch (Keras CSVLogger style)


@case("spiral-mlp-nesterov-onecycle-log5", "spiral", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(5, fall=0.65))
def _() -> Setup:
    return spiral("nesterov", 0.05, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("sensor-ae-rmsprop-cosine-log10", "sensor", "healthy", like=("premature-decay", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return sensor("rmsprop", 3e-3, log_every=10, schedule=cosine_after(0.0), schedule_name="cosine")


@case("spiral-mlp-adam-per-epoch", "spiral", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(5, fall=0.65))
def _() -> Setup:
    return spiral("adam", 2e-3, steps=93 * 20, log_per_epoch=True)


@case("marker-postln-adam-500-rows-overfits-per-epoch", "marker", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return marker("adam", 3e-3, steps=15 * 40, data=fd.marker_majority(train_rows=500), log_per_epoch=True)


@case("sensor-ae-sgdm-step-decay-per-epoch", "sensor", "healthy", like=("overfitting", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return sensor("sgdm", 0.3, steps=93 * 20, log_per_epoch=True, schedule=multistep(0.6, gamma=0.1),
                  schedule_name="MultiStepLR at 60%")  # fmt: skip
