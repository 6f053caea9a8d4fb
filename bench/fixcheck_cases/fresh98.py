"""The one hundredth fresh half (fresh98, held out from all tuning):
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


def vovnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 corner orientations")
    knobs.setdefault("meta", {"model": "VoVNet-like CNN: a 3x3 stem 1-8, a stride-2 3x3 conv 8-16 to 6x6, a one-shot aggregation module (3 successive 3x3 convs of 8, concatenated once with the input, a 1x1 conv 40-16, effective squeeze-excitation, a residual add), global average pooling, a ReLU layer 16-32 and a head",
                              "image_size": fd.VOVNET_SIZE, "classes": fd.VOVNET_CLASSES,
                              "held_out": "cross-entropy on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.vovnet_images(), knobs.pop("model", None) or fd.VovnetNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def fsmn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 keywords")
    knobs.setdefault("meta", {"model": "compact FSMN keyword spotter: 2 layers of a linear projection (ReLU) and a memory block (a learned FIR filter per unit over 8 past and 2 future frames, a depthwise Conv1d), 32 units, the mean over the frames, a ReLU layer 32-32 and a head",
                              "frames": fd.FSMN_FRAMES, "bands": fd.FSMN_BANDS, "hidden": fd.FSMN_HIDDEN,
                              "classes": fd.FSMN_CLASSES, "held_out": "cross-entropy on new utterances"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.fsmn_utterances(), knobs.pop("model", None) or fd.FsmnNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def periodic_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the standardised target")
    knobs.setdefault("meta", {"model": "MLP over periodic PLR embeddings: each feature to sin/cos of 8 learned frequencies, a per-feature linear layer 16-8 and ReLU, concatenated (48), a ReLU layer 48-64, a ReLU layer 64-32 and a head",
                              "features": fd.PERIODIC_FEATURES, "frequencies": fd.PERIODIC_FREQS,
                              "held_out": "mse on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.periodic_rows(), knobs.pop("model", None) or fd.PeriodicNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def dweibull_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.dweibull_nll)
    knobs.setdefault("loss_name", "discrete Weibull negative log-likelihood per row (log rate, log shape)")
    knobs.setdefault("meta", {"model": "ReLU MLP 5-64-64, a ReLU layer 64-32, a head to log lambda (clamped to +-8) and log beta (clamped to +-2) of a discrete Weibull law",
                              "features": fd.DWEIBULL_FEATURES,
                              "held_out": "the NLL on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dweibull_rows(), knobs.pop("model", None) or fd.DweibullMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


VOVNET0, FSMN0 = LN(fd.VOVNET_CLASSES), LN(fd.FSMN_CLASSES)
PERIODIC0, DWEIBULL0 = 1.0, fd.dweibull_at_zero()
"""Where the families start: the VoVNet-like CNN at ln 4, the FSMN at ln 5, the PLR MLP near the variance of its
standardised target (1), the discrete Weibull MLP at the NLL of raw outputs of 0 (a geometric law, q = 1/e)."""


# vovnet: a VoVNet-like CNN (a 3x3 stem, a stride-2 conv to 6x6, a one-shot aggregation module: 3 successive 3x3 convs
# concatenated once with the input, a 1x1 conv and effective squeeze-excitation, a residual add; global average
# pooling, a ReLU layer and a head) naming the orientation of a corner in noisy 12x12 images with a distractor bar, 5%
# random labels held out too, cross-entropy over 4 (1.37 at step 1, ln 4, ending near 0.44-0.89 held out); works at
# Adam 0.01 (0.55-0.63 constant, 0.89 under a cosine), Adam 0.03 after a 10% warmup + cosine (0.44); slow at Adam
# 1e-3-3e-3 (0.84-0.95, still falling); stuck at chance (1.38-1.39) at Adam 1e-4-3e-4, Adam 0.03 without a warmup,
# Adam 1, RMSprop 0.3, after a warmup + cosine to a peak of 1 or 0.1; 5.8-20 with an lr growing x1.02 a step from
# 0.01; 1.10-1.13 with its head initialised 1000x; a dead fc stays at ln 4 (a 400-step run: 5-10 s on a shared core)

@case("vovnet-adam-lr-1", "vovnet", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return vovnet_family("adam", 1.0)


@case("vovnet-rmsprop-lr-0p3-300x-log2", "vovnet", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return vovnet_family("rmsprop", 0.3, log_every=2)


@case("vovnet-adamw-warmup-cosine-peak-1", "vovnet", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return vovnet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("vovnet-adam-exponential-gamma-1p02", "vovnet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return vovnet_family("adam", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("vovnet-adam-lr-1e-3-10x-low-log3", "vovnet", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return vovnet_family("adam", 1e-3, log_every=3)


@case("vovnet-adam-head-x1000", "vovnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.VovnetNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, VOVNET0, "ln 4"))
def _() -> Setup:
    return vovnet_family("adam", 0.01, model=lambda: scaled_head(fd.VovnetNet(), 1000))


@case("vovnet-adam-missing-pixel-nan", "vovnet", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return vovnet_family("adam", 0.01, data=fd.vovnet_images(nan_rows=0.005))


@case("vovnet-adam-fc-dead-at-init", "vovnet", "dead-units",
      cf=lambda s: replace(s, model=fd.VovnetNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return vovnet_family("adam", 0.01, model=lambda: fd.VovnetNet(dead_bias=-30.0), track_zero_grads=True)


# fsmn: a compact FSMN keyword spotter (2 layers of a ReLU projection and a memory block: a learned FIR filter per unit
# over 8 past and 2 future frames, 32 units; the mean over the frames, a ReLU layer and a head) naming the keyword of
# noisy 32-frame utterances of 6 band energies with babble, 5% random labels held out too, cross-entropy over 5 (1.61
# at step 1, ln 5, ending near 0.23-0.59 held out); works at Adam 3e-3-0.03 (0.42-0.59; 0.41-0.43 under a cosine or a
# warmup and step decay at 0.01; 0.23 per epoch at 0.03 with a warmup + cosine), RMSprop 3e-3 (0.44-0.59); hardly
# moving from ln 5 at Adam 1e-4 (1.58-1.59); 0.92-1.04 after a x0.1 cut of Adam 3e-3 at step 20; Adam 0.03 recreated
# every 2 steps 4.9-8.0; at chance (1.61-1.64, or 99) at Adam 1, RMSprop 0.3, after a warmup + cosine to a peak of 1;
# 2.2-2.3 with an lr growing x1.02 a step from 3e-3; 1.04-1.44 with its head initialised 1000x; 200 training
# utterances overfit (1.6-1.9 at the end) (a 400-step run: 3-4 s on a shared core)

@case("fsmn-adam-lr-1-log2", "fsmn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return fsmn_family("adam", 1.0, log_every=2)


@case("fsmn-rmsprop-lr-0p3-100x", "fsmn", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return fsmn_family("rmsprop", 0.3)


@case("fsmn-nadam-warmup-cosine-peak-1", "fsmn", "lr-high-ramp", cf=lr_to(0.01),
      cf_what="peak lr 0.01", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return fsmn_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("fsmn-adam-exponential-gamma-1p02", "fsmn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return fsmn_family("adam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("fsmn-adam-lr-1e-4-30x-low-log2", "fsmn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return fsmn_family("adam", 1e-4, log_every=2)


@case("fsmn-adam-head-x1000-log2", "fsmn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FsmnNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, FSMN0, "ln 5"))
def _() -> Setup:
    return fsmn_family("adam", 3e-3, log_every=2, model=lambda: scaled_head(fd.FsmnNet(), 1000))


@case("fsmn-adam-multistep-x0p1-at-5pct", "fsmn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return fsmn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("fsmn-adam-missing-value-nan", "fsmn", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the utterances with a missing (NaN) value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return fsmn_family("adam", 3e-3, data=fd.fsmn_utterances(nan_rows=0.005))


@case("fsmn-adam-fc-dead-at-init", "fsmn", "dead-units",
      cf=lambda s: replace(s, model=fd.FsmnNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return fsmn_family("adam", 3e-3, model=lambda: fd.FsmnNet(dead_bias=-30.0), track_zero_grads=True)


@case("fsmn-adam-lr-0p03-recreated-every-2-steps", "fsmn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=5, tol=5,
      shape=anything)
def _() -> Setup:
    return fsmn_family("adam", 0.03, recreate_optimizer_at=frozenset(range(2, 400, 2)))


@case("fsmn-adam-200-utterances-overfit", "fsmn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None,
      shape=overfits)
def _() -> Setup:
    return fsmn_family("adam", 0.01, steps=600, eval_every=30, data=fd.fsmn_utterances(train_rows=200))


# periodic: an MLP over periodic PLR embeddings (each feature to sin/cos of 8 learned frequencies, a per-feature linear
# layer and ReLU, concatenated, ReLU layers 48-64-32 and a head) regressing a standardised periodic, stepped target of 6
# features, MSE (0.97 at step 1, ending near 0.09-0.12 held out); works at Adam 3e-3 (0.105; 0.093 under a cosine),
# NAdam 3e-3 with step decay (0.094), Adagrad 0.03 on plateau (0.11), SGDm 0.01 (0.10-0.12), SGDm 0.03 one-cycle
# (0.091), RAdam 0.01 with warmup + cosine (0.091), RMSprop 0.03 after a 60-step warmup (0.17-0.41); slow at Adam and
# NAdam 1e-4 (0.30-0.33), SGDm 1e-3 (0.30); 0.10-0.11 after a x0.1 cut of Adam 3e-3 at step 20, 0.79-0.82 after a
# x0.001 decay in 40 steps; 0.53 at RMSprop 0.03 without a warmup; 3.9-12.9 at Adam 1, 1e7-6e10 at Adagrad 10, 0.92-0.93
# after a warmup + cosine to a peak of 1; summed over the batch (x64) 1.1-1.4 at SGDm 0.01, NaN at SGD 0.1; 256
# training rows overfit from epoch ~23-27 (0.14 -> 0.17-0.18) (a 400-step run: 1-2 s)

@case("periodic-adam-lr-1", "periodic", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return periodic_family("adam", 1.0)


@case("periodic-adagrad-lr-10-100x-log2", "periodic", "lr-high-step1", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return periodic_family("adagrad", 10.0, log_every=2)


@case("periodic-adamw-warmup-cosine-peak-1", "periodic", "lr-high-ramp", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return periodic_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("periodic-adam-lr-1e-4-30x-low", "periodic", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return periodic_family("adam", 1e-4)


@case("periodic-nadam-lr-1e-4-30x-low-log3", "periodic", "lr-low-adam", cf=lr_to(3e-3), cf_what="NAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return periodic_family("nadam", 1e-4, log_every=3)


@case("periodic-sgdm-lr-1e-3-10x-low", "periodic", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return periodic_family("sgdm", 1e-3)


@case("periodic-rmsprop-lr-0p03-no-warmup-log2", "periodic", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return periodic_family("rmsprop", 0.03, log_every=2)


@case("periodic-sgdm-summed-mse", "periodic", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, PERIODIC0, "the target's variance"))
def _() -> Setup:
    return periodic_family("sgdm", 0.01, loss_fn=fd.periodic_mse_summed,
                           loss_name="squared error summed over the batch's rows (reduction='sum')",
                           val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)


@case("periodic-sgd-summed-mse-log2", "periodic", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, PERIODIC0, "the target's variance"))
def _() -> Setup:
    return periodic_family("sgd", 0.1, log_every=2, loss_fn=fd.periodic_mse_summed,
                           loss_name="squared error summed over the batch's rows (reduction='sum')",
                           val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)


@case("periodic-adam-multistep-x0p1-at-5pct", "periodic", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return periodic_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("periodic-adam-exponential-1000x-in-40-steps-log2", "periodic", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return periodic_family("adam", 3e-3, log_every=2, schedule=exponential_to(1e-3, 0.1),
                           schedule_name="ExponentialLR per batch, x0.001 by step 40")


# dweibull: a ReLU MLP (5-64-64, a ReLU layer and a head) of log lambda and log beta of a discrete Weibull law of counts
# whose rate and shape depend on the features, the negative log-likelihood per row (2.99 at step 1, 3.03 for raw
# outputs of 0, ending near 1.86-1.92 held out); works at Adam 3e-3 (1.88), SGDm 0.01 (1.88), RMSprop 3e-3 with step
# decay (1.87), Nesterov 0.01 and SGD 0.03 with cosine (1.89-1.92), NAdam 3e-3 with warm restarts (1.86), RMSprop 0.05
# after a 60-step warmup (2.0-2.4); slow at Adam 3e-5 (2.16-2.47), SGDm 1e-3 (1.94); 2.08-2.16 after a x0.001 decay
# in 40 steps; 9.9 (the log rate at its clamp) at Adam 1, SGDm 1, RMSprop 0.05 without a warmup, with its head
# initialised 1000x (or 2139), summed over the batch (x64) at SGDm 0.01 and Nesterov 0.03; 2.0 under a cyclic lr to a
# peak of 1; 2.76-9.9 at SGDm 0.3 and SGD 1 (1.87-1.90 clipped at 0.1); a dead fc 2.02-2.03 (a 400-step run: ~1 s)

@case("dweibull-adam-lr-1-log2", "dweibull", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dweibull_family("adam", 1.0, log_every=2)


@case("dweibull-sgdm-lr-1-100x", "dweibull", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dweibull_family("sgdm", 1.0)


@case("dweibull-adam-cyclic-peak-1", "dweibull", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dweibull_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("dweibull-adam-lr-3e-5-100x-low-log2", "dweibull", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dweibull_family("adam", 3e-5, log_every=2)


@case("dweibull-rmsprop-lr-0p05-no-warmup", "dweibull", "missing-warmup",
      cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau", "non-finite-loss"),
      tol=60, shape=anything)
def _() -> Setup:
    return dweibull_family("rmsprop", 0.05)


@case("dweibull-sgdm-summed-nll", "dweibull", "summed",
      cf=lambda s: replace(s, loss_fn=fd.dweibull_nll, loss_name="discrete Weibull NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DWEIBULL0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return dweibull_family("sgdm", 0.01, loss_fn=fd.dweibull_nll_summed,
                           loss_name="discrete Weibull NLL summed over the batch's rows (reduction='sum')",
                           val_loss_fn=fd.dweibull_nll, mean_loss_fn=fd.dweibull_nll)


@case("dweibull-nesterov-summed-nll-log2", "dweibull", "summed",
      cf=lambda s: replace(s, loss_fn=fd.dweibull_nll, loss_name="discrete Weibull NLL (mean)"), cf_what="reduction='mean'",  # fmt: skip
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DWEIBULL0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return dweibull_family("nesterov", 0.03, log_every=2, loss_fn=fd.dweibull_nll_summed,
                           loss_name="discrete Weibull NLL summed over the batch's rows (reduction='sum')",
                           val_loss_fn=fd.dweibull_nll, mean_loss_fn=fd.dweibull_nll)


@case("dweibull-adam-head-x1000", "dweibull", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DweibullMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients", "non-finite-loss"),  # fmt: skip
      tol=20, shape=first_loss_above(10, DWEIBULL0, "the NLL of raw outputs of 0"))
def _() -> Setup:
    return dweibull_family("adam", 3e-3, model=lambda: scaled_head(fd.DweibullMLP(), 1000))


@case("dweibull-adam-exponential-1000x-in-40-steps", "dweibull", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",  # fmt: skip
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return dweibull_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1),
                           schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("dweibull-adam-missing-feature-nan", "dweibull", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return dweibull_family("adam", 3e-3, data=fd.dweibull_rows(nan_rows=0.003))


@case("dweibull-adam-fc-dead-at-init", "dweibull", "dead-units",
      cf=lambda s: replace(s, model=fd.DweibullMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dweibull_family("adam", 3e-3, model=lambda: fd.DweibullMLP(dead_bias=-30.0), track_zero_grads=True)


@case("dweibull-sgdm-lr-0p3-no-clip", "dweibull", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return dweibull_family("sgdm", 0.3)


@case("dweibull-sgd-lr-1-no-clip-log2", "dweibull", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.1), cf_what="gradients clipped at 0.1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return dweibull_family("sgd", 1.0, log_every=2)


# fresh98 half: healthy look-alikes


@case("vovnet-adam-cosine-log2", "vovnet", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.VOVNET_CLASSES, fall=0.8))
def _() -> Setup:
    return vovnet_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("vovnet-adam-warmup-cosine-eval25", "vovnet", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape(fd.VOVNET_CLASSES, fall=0.8))
def _() -> Setup:
    return vovnet_family("adam", 0.03, eval_every=25, schedule=cosine_after(0.1),
                         schedule_name="linear warmup 10% + cosine")


@case("vovnet-adam-constant-eval50", "vovnet", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fd.VOVNET_CLASSES, fall=0.8))
def _() -> Setup:
    return vovnet_family("adam", 0.01, eval_every=50)


@case("fsmn-adam-cosine-eval25", "fsmn", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fd.FSMN_CLASSES, fall=0.7))
def _() -> Setup:
    return fsmn_family("adam", 0.01, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("fsmn-adamw-warmup-step-decay-log3", "fsmn", "healthy", like=("premature-decay", "plateau", "missing-warmup"),
      shape=healthy_shape(fd.FSMN_CLASSES, fall=0.7))
def _() -> Setup:
    return fsmn_family("adamw", 0.01, log_every=3, warmup_steps=20, schedule=multistep(0.6, 0.8, gamma=0.3),
                       schedule_name="20-step linear warmup + MultiStepLR")


@case("fsmn-adam-resumed-with-state", "fsmn", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fd.FSMN_CLASSES, fall=0.7))
def _() -> Setup:
    return fsmn_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                       schedule=cosine_after(0.0), schedule_name="cosine")


@case("periodic-adam-cosine-log2", "periodic", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return periodic_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("periodic-nadam-step-decay-log3", "periodic", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return periodic_family("nadam", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                           schedule_name="MultiStepLR")


@case("periodic-adagrad-on-plateau-log4", "periodic", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return periodic_family("adagrad", 0.03, log_every=4, schedule=on_plateau(),
                           schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("periodic-sgdm-one-cycle", "periodic", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return periodic_family("sgdm", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("periodic-radam-warmup-cosine-log4", "periodic", "healthy",
      like=("lr-too-high", "missing-warmup", "premature-decay"), shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return periodic_family("radam", 0.01, log_every=4, schedule=cosine_after(0.1),
                           schedule_name="linear warmup 10% + cosine")


@case("dweibull-adam-cosine-eval25", "dweibull", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dweibull_family("adam", 3e-3, eval_every=25, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dweibull-rmsprop-step-decay-log3", "dweibull", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dweibull_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.6, 0.8, gamma=0.3),
                           schedule_name="MultiStepLR")


@case("dweibull-nesterov-cosine-eval60", "dweibull", "healthy", like=("plateau", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dweibull_family("nesterov", 0.01, eval_every=60, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dweibull-adamw-warmup-linear-avg10", "dweibull", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dweibull_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                           schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("dweibull-nadam-sgdr-log5", "dweibull", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dweibull_family("nadam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                           schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("dweibull-sgd-cosine-log2", "dweibull", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dweibull_family("sgd", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


# fresh98 half, logged once per epoch


@case("periodic-adam-256-rows-overfit-per-epoch", "periodic", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return periodic_family("adam", 3e-3, steps=4 * 100, log_per_epoch=True, data=fd.periodic_rows(train_rows=256))


@case("dweibull-adam-lr-1-per-epoch", "dweibull", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return dweibull_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.dweibull_rows(n=3200))


@case("periodic-adam-cosine-per-epoch", "periodic", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return periodic_family("adam", 3e-3, steps=50 * 8, log_per_epoch=True, data=fd.periodic_rows(n=3200),
                           schedule=cosine_after(0.0), schedule_name="cosine")


@case("fsmn-adam-warmup-cosine-per-epoch", "fsmn", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(fd.FSMN_CLASSES, fall=0.7))
def _() -> Setup:
    return fsmn_family("adam", 0.03, steps=50 * 8, log_per_epoch=True, data=fd.fsmn_utterances(n=1600),
                       schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip
